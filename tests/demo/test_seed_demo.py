"""The whole demo (every step after this one too) keeps the report of 2021-03-01 equal to the
seed's tables."""

import io
import json

from django.core.management import call_command

from hulpvragen.models import Huishouden
from tests.rapportage.conftest import seed_tables_of


def test_full_demo_report_equals_the_seed_tables(db, expected_tables):
    call_command("demo", wachtwoord="demo-wachtwoord-1", stdout=io.StringIO())
    out = io.StringIO()

    call_command("rapportage", "--peildatum", "2021-03-01", "--json", stdout=out)

    assert seed_tables_of(json.loads(out.getvalue())["tables"]) == expected_tables
    for username in ("vp1", "vp2"):
        assert Huishouden.objects.filter(vertrouwenspersoon__user__username=username).count() >= 5

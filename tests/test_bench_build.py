"""The benchmark's data builder (bench/build.py, PostgreSQL only: COPY) runs on the current schema:
a change of the schema (the report's data-version triggers, for one) must not break `bench/run.py`
on a fresh database."""

import sys
from pathlib import Path

import pytest
from django.db import connection

from hulpvragen.models import Doorverwijzing, Hulpvraag
from rapportage import dataversie
from tests.hulpvragen.test_rapportvelden import assert_copies_hold

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from build import build  # noqa: E402

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="De benchmark bouwt alleen op PostgreSQL (COPY). Zet DATABASE_URL op PostgreSQL.",
    ),
    pytest.mark.django_db,
]


def version():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT versie FROM {dataversie.VERSION_TABLE} WHERE id = 1")
        return cursor.fetchone()[0]


def test_bench_builds_a_small_registration_and_raises_the_data_version():
    before = version()

    build(300, progress=lambda *args: None)

    assert Hulpvraag.objects.count() == 300
    assert version() == before + 1
    # the report's copies on the help requests (their triggers are off during the COPY) filled in
    # as the triggers would have: the report at a million counts from them
    assert Doorverwijzing.objects.exists()
    assert_copies_hold()


def test_bench_fills_the_logins_inboxes_with_a_year_of_notices_about_existing_records():
    """The inbox page (meldingen:inbox) is measured with a full inbox (bench/run.py)."""
    from build import MELDINGEN_DAGEN, MELDINGEN_PER_DAG

    from meldingen.models import Melding

    build(300, progress=lambda *args: None)

    coordinator = Melding.objects.filter(ontvanger__username="coordinator")
    assert coordinator.count() > MELDINGEN_DAGEN * MELDINGEN_PER_DAG["coordinator"] * 0.9
    assert coordinator.filter(gelezen_op__isnull=True).count() < coordinator.count() / 20
    notice = Melding.objects.filter(ontvanger__username="vp1").first()
    assert Hulpvraag.objects.filter(
        pk=notice.object_id, huishouden__vertrouwenspersoon__user__username="vp1"
    ).exists()
    assert notice.link.endswith(f"{Hulpvraag.objects.get(pk=notice.object_id).uuid}/")

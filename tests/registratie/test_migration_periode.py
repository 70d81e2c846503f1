"""Migration registratie 0002: trusted persons registered before the report counted them by their
dates get a start date (the earliest dated record naming them, as the import now gives) and,
when stopped, an end date (the latest), so the count of active trusted persons keeps them."""

import datetime
import importlib
from types import SimpleNamespace

import time_machine
from django.apps import apps
from django.db import connection

from netwerk.models import Vertrouwenspersoon
from tests.factories import (
    AanvraagFactory,
    HuishoudenFactory,
    HulpvraagFactory,
    HulpvragerFactory,
    VertrouwenspersoonFactory,
)

D = datetime.date
migration = importlib.import_module("registratie.migrations.0002_vertrouwenspersoon_periode")


def run_migration():
    migration.fill_periods(apps, SimpleNamespace(connection=connection))


def help_request(vp, intake, afgerond=None):
    household = HuishoudenFactory(vertrouwenspersoon=vp)
    HulpvraagFactory(
        hulpvrager=HulpvragerFactory(huishouden=household),
        intake_datum=intake,
        datum_afgerond=afgerond,
    )


@time_machine.travel(D(2026, 5, 15), tick=False)
def test_trusted_persons_get_the_dates_of_their_records(db):
    imported = VertrouwenspersoonFactory(startdatum=None)
    help_request(imported, D(2021, 2, 1))
    help_request(imported, D(2020, 12, 1))
    AanvraagFactory(vertrouwenspersoon=imported, ingediend_op=D(2020, 11, 20))
    stopped = VertrouwenspersoonFactory(startdatum=None, status="gestopt")
    help_request(stopped, D(2020, 3, 1), afgerond=D(2020, 8, 1))
    unused = VertrouwenspersoonFactory(startdatum=None)
    never = VertrouwenspersoonFactory(startdatum=None, status="gestopt")
    dated = VertrouwenspersoonFactory(startdatum=D(2019, 1, 1), einddatum=D(2019, 6, 1))

    run_migration()

    periods = {vp.pk: (vp.startdatum, vp.einddatum) for vp in Vertrouwenspersoon.objects.all()}
    assert periods[imported.pk] == (D(2020, 11, 20), None)
    assert periods[stopped.pk] == (D(2020, 3, 1), D(2020, 8, 1))
    assert periods[unused.pk] == (D(2026, 5, 15), None)
    assert periods[never.pk] == (None, None)  # stopped before anything was recorded
    assert periods[dated.pk] == (D(2019, 1, 1), D(2019, 6, 1))

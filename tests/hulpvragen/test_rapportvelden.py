"""The report's copies on the help request (hulpvragen.rapportvelden) follow their sources after
every kind of write: through the services, the ORM's save and update, a stale instance saved
later, referrals added, moved and deleted. The report counts sex, age and formal involvement from
them, so a copy that lags is a wrong figure."""

import datetime

import pytest
from django.db import connection

from hulpvragen.choices import DoorverwijzingSoort, Geslacht, Soort
from hulpvragen.models import Doorverwijzing, Hulpvraag, Hulpvrager
from tests.hulpvragen.conftest import INTAKE, first_hulpvraag, make_household

pytestmark = pytest.mark.django_db


def _expected(hulpvraag: Hulpvraag) -> tuple:
    """The copies by their definition, read from the sources."""
    persoon = Hulpvrager.objects.get(pk=hulpvraag.hulpvrager_id)
    intake = Hulpvraag.objects.values_list("intake_datum", flat=True).get(pk=hulpvraag.pk)
    datums = Doorverwijzing.objects.filter(hulpvraag=hulpvraag).values_list("datum", flat=True)
    leeftijd = None if persoon.geboortejaar is None else intake.year - persoon.geboortejaar
    return persoon.geslacht, leeftijd, min(datums, default=None)


def _copies(hulpvraag: Hulpvraag) -> tuple:
    return Hulpvraag.objects.values_list(
        "rapport_geslacht", "rapport_leeftijd", "rapport_eerste_doorverwijzing"
    ).get(pk=hulpvraag.pk)


def assert_copies_hold():
    hulpvragen = list(Hulpvraag.objects.all())
    assert hulpvragen
    for hulpvraag in hulpvragen:
        assert _copies(hulpvraag) == _expected(hulpvraag), hulpvraag.pk


def _verwijs(hulpvraag, datum, organisatie):
    return Doorverwijzing.objects.create(
        hulpvraag=hulpvraag,
        organisatie=organisatie,
        datum=datum,
        soort=DoorverwijzingSoort.WARME_OVERDRACHT,
    )


def test_an_intake_copies_sex_and_age_and_no_referral(vp_a):
    hulpvraag = first_hulpvraag(make_household(vp_a))

    assert _copies(hulpvraag) == (Geslacht.VROUW, INTAKE.year - 1975, None)


def test_the_copies_follow_the_help_seeker(vp_a):
    hulpvraag = first_hulpvraag(make_household(vp_a))
    stale = Hulpvraag.objects.get(pk=hulpvraag.pk)  # loaded before the changes below
    persoon = hulpvraag.hulpvrager

    persoon.geslacht = Geslacht.MAN
    persoon.geboortejaar = 1960
    persoon.save()
    assert _copies(hulpvraag) == (Geslacht.MAN, INTAKE.year - 1960, None)

    Hulpvrager.objects.filter(pk=persoon.pk).update(geboortejaar=None)
    assert _copies(hulpvraag)[1] is None  # no birth year: the report's Onbekend

    # a help request saved from an instance read before the changes keeps the new copies
    stale.omschrijving = "bijgewerkt"
    stale.save()
    assert_copies_hold()


def test_the_age_follows_the_intake_date(vp_a):
    hulpvraag = first_hulpvraag(make_household(vp_a))

    Hulpvraag.objects.filter(pk=hulpvraag.pk).update(intake_datum=datetime.date(2024, 5, 1))

    assert _copies(hulpvraag)[1] == 2024 - 1975


def test_the_earliest_referral_follows_every_change(vp_a, org_a, org_b):
    eerste = first_hulpvraag(make_household(vp_a, naam="Een"))
    tweede = first_hulpvraag(make_household(vp_a, naam="Twee"))
    later = _verwijs(eerste, datetime.date(2021, 3, 1), org_b)
    vroeg = _verwijs(eerste, datetime.date(2021, 2, 1), org_b)
    assert _copies(eerste)[2] == datetime.date(2021, 2, 1)

    vroeg.delete()
    assert _copies(eerste)[2] == datetime.date(2021, 3, 1)

    later.datum = datetime.date(2021, 4, 1)
    later.save()
    assert _copies(eerste)[2] == datetime.date(2021, 4, 1)

    # moved to another help request: both change
    Doorverwijzing.objects.filter(pk=later.pk).update(hulpvraag=tweede)
    assert _copies(eerste)[2] is None
    assert _copies(tweede)[2] == datetime.date(2021, 4, 1)
    assert_copies_hold()


def test_a_new_help_request_of_a_known_person(vp_a):
    huishouden = make_household(vp_a)
    bestaand = first_hulpvraag(huishouden)
    nieuw = Hulpvraag.objects.create(
        huishouden=huishouden,
        hulpvrager=bestaand.hulpvrager,
        intake_datum=datetime.date(2023, 6, 1),
        soort=Soort.PRAKTISCH,
    )

    assert _copies(nieuw) == (Geslacht.VROUW, 2023 - 1975, None)


def test_the_copies_are_not_in_the_history(vp_a):
    """simple_history would store the stale Python values of a save: the copies are left out."""
    hulpvraag = first_hulpvraag(make_household(vp_a))
    columns = {f.name for f in hulpvraag.history.model._meta.get_fields()}

    assert not columns & {"rapport_geslacht", "rapport_leeftijd", "rapport_eerste_doorverwijzing"}


def test_the_triggers_exist_on_this_database():
    """The triggers that keep the copies (PostgreSQL and SQLite alike)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'hulpvraag_rapportvelden'"
            )
            assert cursor.fetchone()[0] == 3
        else:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'hulpvraag_rapportvelden%'"
            )
            assert cursor.fetchone()[0] == 7

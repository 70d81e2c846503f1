"""The network's input rules live in its services: a pilot's and a trusted person's period, and
the roles of a login. Each service refuses with the rule's Dutch message, keyed by the field, and
stores nothing; the forms ask the same functions (tests/netwerk/test_forms.py)."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from netwerk import services
from netwerk.models import Pilot, Vertrouwenspersoon, VertrouwenspersoonStatus
from netwerk.roles import Rol
from tests.factories import PilotFactory, VertrouwenspersoonFactory

D = datetime.date
User = get_user_model()
PASSWORD = "Lange-zin-voor-de-test-42"
EIND_VOOR_START = {"einddatum": ["De einddatum ligt vóór de startdatum."]}


def test_save_pilot_refuses_an_end_before_the_start_and_stores_nothing(db):
    pilot = Pilot(naam="Pilot 3", startdatum=D(2022, 6, 1), einddatum=D(2022, 1, 1))

    with pytest.raises(ValidationError) as exc_info:
        services.save_pilot(pilot=pilot)

    assert exc_info.value.message_dict == EIND_VOOR_START
    assert not Pilot.objects.exists()


def test_save_pilot_refuses_a_change_that_ends_before_the_start(db):
    pilot = PilotFactory()
    before = model_to_dict(pilot)
    pilot.einddatum = pilot.startdatum - datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as exc_info:
        services.save_pilot(pilot=pilot)

    assert exc_info.value.message_dict == EIND_VOOR_START
    assert model_to_dict(Pilot.objects.get(pk=pilot.pk)) == before


def test_save_pilot_stores_a_pilot_of_one_day(db):
    pilot = Pilot(naam="Een dag", startdatum=D(2022, 1, 1), einddatum=D(2022, 1, 1))

    services.save_pilot(pilot=pilot)

    assert Pilot.objects.get().naam == "Een dag"


def test_save_vertrouwenspersoon_refuses_an_end_before_the_start_and_stores_nothing(org_a):
    persoon = Vertrouwenspersoon(
        naam="Nieuw", organisatie=org_a, startdatum=D(2021, 3, 1), einddatum=D(2021, 2, 1)
    )

    with pytest.raises(ValidationError) as exc_info:
        services.save_vertrouwenspersoon(vertrouwenspersoon=persoon)

    assert exc_info.value.message_dict == EIND_VOOR_START
    assert not Vertrouwenspersoon.objects.filter(naam="Nieuw").exists()


def test_save_vertrouwenspersoon_refuses_a_change_that_ends_before_the_start(org_a):
    persoon = VertrouwenspersoonFactory(organisatie=org_a, startdatum=D(2021, 3, 1))
    before = model_to_dict(persoon)
    persoon.einddatum = D(2021, 2, 1)

    with pytest.raises(ValidationError):
        services.save_vertrouwenspersoon(vertrouwenspersoon=persoon)

    assert model_to_dict(Vertrouwenspersoon.objects.get(pk=persoon.pk)) == before


def test_save_vertrouwenspersoon_stores_an_open_period(org_a):
    persoon = Vertrouwenspersoon(naam="Open", organisatie=org_a, startdatum=D(2021, 3, 1))

    services.save_vertrouwenspersoon(vertrouwenspersoon=persoon)

    assert Vertrouwenspersoon.objects.get(naam="Open").einddatum is None


@time_machine.travel(D(2026, 5, 15), tick=False)
def test_a_new_trusted_person_without_a_start_date_starts_today(org_a):
    persoon = Vertrouwenspersoon(naam="Nieuw", organisatie=org_a, status="actief")

    services.save_vertrouwenspersoon(vertrouwenspersoon=persoon)

    stored = Vertrouwenspersoon.objects.get(naam="Nieuw")
    assert (stored.startdatum, stored.einddatum) == (D(2026, 5, 15), None)


@time_machine.travel(D(2026, 5, 15), tick=False)
def test_stopping_without_an_end_date_ends_today(org_a):
    persoon = VertrouwenspersoonFactory(organisatie=org_a, startdatum=D(2020, 11, 1))
    persoon.status = VertrouwenspersoonStatus.GESTOPT

    services.save_vertrouwenspersoon(vertrouwenspersoon=persoon)

    persoon.refresh_from_db()
    assert (persoon.startdatum, persoon.einddatum) == (D(2020, 11, 1), D(2026, 5, 15))


@time_machine.travel(D(2026, 5, 15), tick=False)
@pytest.mark.parametrize(
    ("status", "start", "end", "expected"),
    [
        # a stop recorded with its date: the start is not after it
        ("gestopt", None, D(2021, 6, 30), (D(2021, 6, 30), D(2021, 6, 30))),
        # a start in the future: the stop not before it
        ("gestopt", D(2026, 9, 1), None, (D(2026, 9, 1), D(2026, 9, 1))),
        ("actief", D(2020, 1, 1), None, (D(2020, 1, 1), None)),
        ("in_opleiding", None, None, (D(2026, 5, 15), None)),
    ],
)
def test_the_period_of_a_new_trusted_person(status, start, end, expected):
    periode = services.vertrouwenspersoon_periode(
        status=status, startdatum=start, einddatum=end, nieuw=True
    )

    assert periode == expected


def test_an_existing_trusted_person_without_a_start_date_keeps_it_empty(org_a):
    persoon = VertrouwenspersoonFactory(organisatie=org_a, startdatum=None)
    persoon.uren_per_week = 4

    services.save_vertrouwenspersoon(vertrouwenspersoon=persoon)

    persoon.refresh_from_db()
    assert persoon.startdatum is None


@time_machine.travel(D(2026, 5, 15), tick=False)
def test_many_trusted_persons_get_their_dates(org_a):
    velden = {"organisatie_id": org_a.pk, "status": VertrouwenspersoonStatus.ACTIEF}

    services.register_vertrouwenspersonen(
        vertrouwenspersonen=[
            {"naam": "Uit de werkmap", "startdatum": D(2021, 2, 2), **velden},
            {"naam": "Zonder datum", **velden},
        ]
    )

    starts = dict(Vertrouwenspersoon.objects.values_list("naam", "startdatum"))
    assert starts == {"Uit de werkmap": D(2021, 2, 2), "Zonder datum": D(2026, 5, 15)}


def test_many_trusted_persons_follow_the_period_rule(org_a):
    bad = {
        "naam": "Fout",
        "organisatie_id": org_a.pk,
        "status": VertrouwenspersoonStatus.GESTOPT,
        "startdatum": D(2021, 3, 1),
        "einddatum": D(2021, 2, 1),
    }

    with pytest.raises(ValidationError) as exc_info:
        services.register_vertrouwenspersonen(vertrouwenspersonen=[bad])

    assert exc_info.value.message_dict == EIND_VOOR_START
    assert not Vertrouwenspersoon.objects.filter(naam="Fout").exists()


def create(door, **kwargs):
    return services.create_gebruiker(door=door, username="nieuw", password=PASSWORD, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"rollen": [Rol.VERTROUWENSPERSOON], "organisatie": None},
            {"organisatie": ["Kies de organisatie: deze rol werkt voor een organisatie."]},
        ),
        (
            {"rollen": [Rol.ORGCOORDINATOR], "organisatie": None},
            {"organisatie": ["Kies de organisatie: deze rol werkt voor een organisatie."]},
        ),
    ],
)
def test_create_gebruiker_refuses_a_role_without_its_organisation(coordinator, kwargs, expected):
    with pytest.raises(ValidationError) as exc_info:
        create(coordinator, **kwargs)

    assert exc_info.value.message_dict == expected
    assert not User.objects.filter(username="nieuw").exists()


def test_create_gebruiker_refuses_a_link_without_the_trusted_person_role(coordinator, org_a):
    persoon = VertrouwenspersoonFactory(organisatie=org_a)

    with pytest.raises(ValidationError) as exc_info:
        create(coordinator, rollen=[Rol.OPLEIDER], organisatie=org_a, vertrouwenspersoon=persoon)

    assert exc_info.value.message_dict == {
        "vertrouwenspersoon": [
            "Een gekoppelde vertrouwenspersoon vraagt de rol Vertrouwenspersoon."
        ]
    }
    persoon.refresh_from_db()
    assert persoon.user is None
    assert not User.objects.filter(username="nieuw").exists()


def test_create_gebruiker_refuses_a_trusted_person_of_another_organisation(
    coordinator, org_a, org_b
):
    persoon = VertrouwenspersoonFactory(organisatie=org_b)

    with pytest.raises(ValidationError) as exc_info:
        create(
            coordinator,
            rollen=[Rol.VERTROUWENSPERSOON],
            organisatie=org_a,
            vertrouwenspersoon=persoon,
        )

    assert exc_info.value.message_dict == {
        "vertrouwenspersoon": ["Deze vertrouwenspersoon hoort bij een andere organisatie."]
    }
    persoon.refresh_from_db()
    assert persoon.user is None
    assert not User.objects.filter(username="nieuw").exists()


def test_update_gebruiker_refuses_a_trusted_person_of_another_organisation(
    coordinator, vp_a, org_a, org_b
):
    gebruiker = vp_a.user
    other = VertrouwenspersoonFactory(organisatie=org_b)
    groups = set(gebruiker.groups.values_list("name", flat=True))

    with pytest.raises(ValidationError) as exc_info:
        services.update_gebruiker(
            door=coordinator,
            gebruiker=gebruiker,
            rollen=[Rol.VERTROUWENSPERSOON],
            organisatie=org_a,
            vertrouwenspersoon=other,
            first_name="Ander",
            last_name="",
            email="",
        )

    assert exc_info.value.message_dict == {
        "vertrouwenspersoon": ["Deze vertrouwenspersoon hoort bij een andere organisatie."]
    }
    gebruiker.refresh_from_db()
    other.refresh_from_db()
    vp_a.refresh_from_db()
    assert gebruiker.first_name != "Ander"
    assert set(gebruiker.groups.values_list("name", flat=True)) == groups
    assert (other.user, vp_a.user) == (None, gebruiker)

"""The fund's input rules live in its services: the applying organisation employs the chosen
trusted person, a deposit is not dated in the future, a grant vote names an amount no higher
than asked. Each service refuses with the rule's Dutch message, keyed by the field, and changes
nothing; the forms ask the same functions (tests/noodfonds/test_views.py)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from noodfonds.choices import AanvraagStatus, Actie, Stem
from noodfonds.services import (
    create_aanvraag,
    register_storting,
    transition_aanvraag,
    update_aanvraag,
)
from tests.noodfonds.conftest import snapshot

pytestmark = pytest.mark.django_db
ANDERE_ORGANISATIE = {
    "vertrouwenspersoon": ["Deze vertrouwenspersoon werkt niet bij de aanvragende organisatie."]
}


def velden(organisatie, vertrouwenspersoon):
    return {
        "organisatie": organisatie,
        "vertrouwenspersoon": vertrouwenspersoon,
        "huishouden": None,
        "woonplaats": "oost",
        "onderwerp": "witgoed",
        "inkomsten": "uitkering",
        "contact_formeel": False,
        "gevraagd_bedrag": Decimal("300"),
        "motivatie": "Wasmachine kapot.",
        "spoed": False,
    }


def test_create_aanvraag_refuses_a_trusted_person_of_another_organisation(coordinator, org_a, vp_b):
    before = snapshot()

    with pytest.raises(ValidationError) as exc_info:
        create_aanvraag(door=coordinator, **velden(org_a, vp_b))

    assert exc_info.value.message_dict == ANDERE_ORGANISATIE
    assert snapshot() == before


def test_create_aanvraag_takes_an_organisation_without_trusted_person(coordinator, org_a):
    aanvraag = create_aanvraag(door=coordinator, **velden(org_a, None))

    assert (aanvraag.organisatie, aanvraag.vertrouwenspersoon) == (org_a, None)


def test_update_aanvraag_refuses_a_trusted_person_of_another_organisation(
    maak_aanvraag, coordinator, vp_b
):
    aanvraag = maak_aanvraag(AanvraagStatus.CONCEPT)
    before = snapshot()

    with pytest.raises(ValidationError) as exc_info:
        update_aanvraag(aanvraag=aanvraag, door=coordinator, vertrouwenspersoon=vp_b)

    assert exc_info.value.message_dict == ANDERE_ORGANISATIE
    assert snapshot() == before


def test_update_aanvraag_refuses_moving_to_an_organisation_the_trusted_person_is_not_at(
    maak_aanvraag, coordinator, org_b
):
    aanvraag = maak_aanvraag(AanvraagStatus.CONCEPT)
    before = snapshot()

    with pytest.raises(ValidationError) as exc_info:
        update_aanvraag(aanvraag=aanvraag, door=coordinator, organisatie=org_b)

    assert exc_info.value.message_dict == ANDERE_ORGANISATIE
    assert snapshot() == before


def test_register_storting_refuses_a_date_in_the_future(coordinator):
    before = snapshot()

    with pytest.raises(ValidationError) as exc_info:
        register_storting(
            door=coordinator,
            datum=timezone.localdate() + datetime.timedelta(days=1),
            bedrag=Decimal("500"),
            fondsgever="Fonds voor Oost",
        )

    assert exc_info.value.message_dict == {"datum": ["De datum ligt in de toekomst."]}
    assert snapshot() == before


def test_register_storting_takes_today(coordinator):
    storting = register_storting(
        door=coordinator, datum=timezone.localdate(), bedrag=Decimal("500"), fondsgever="Fonds"
    )

    assert storting.datum == timezone.localdate()


@pytest.mark.parametrize(
    ("bedrag", "expected"),
    [
        (None, "Vul het bedrag in dat u wilt toekennen."),
        (
            Decimal("300.01"),
            "Het bedrag mag niet hoger zijn dan het gevraagde bedrag (€ 300,00).",
        ),
    ],
)
def test_a_grant_vote_needs_an_amount_no_higher_than_asked(
    maak_aanvraag, commissielid, bedrag, expected
):
    aanvraag = maak_aanvraag()
    before = snapshot()

    with pytest.raises(ValidationError) as exc_info:
        transition_aanvraag(
            aanvraag=aanvraag,
            actie=Actie.BEOORDELEN,
            door=commissielid,
            stem=Stem.TOEKENNEN,
            bedrag=bedrag,
            motivering="Acute nood.",
        )

    assert exc_info.value.message_dict == {"bedrag": [expected]}
    assert snapshot() == before

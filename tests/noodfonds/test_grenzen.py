"""Issue 20: the fund's texts, amounts and dates have bounds, in the form, the service and the
database; a refusal stores nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from noodfonds.choices import AanvraagStatus, Actie, Stem
from noodfonds.models import Aanvraag, Beoordeling, Storting
from noodfonds.services import (
    create_aanvraag,
    register_aanvragen,
    register_storting,
    transition_aanvraag,
)
from samenvooruit.grenzen import MOTIVATIE, OMSCHRIJVING
from tests.noodfonds.conftest import snapshot
from tests.noodfonds.test_views import _form

pytestmark = pytest.mark.django_db


def test_a_motivation_longer_than_its_maximum_is_refused_by_the_form(client, vp_a, huishouden_a):
    client.force_login(vp_a.user)

    response = client.post(
        reverse("noodfonds:aanvraag_create"),
        _form(huishouden=huishouden_a.pk, motivatie="m" * (MOTIVATIE + 1)),
    )

    assert response.status_code == 200
    assert "motivatie" in response.context["form"].errors
    assert not Aanvraag.objects.exists()


def test_the_services_refuse_texts_amounts_and_dates_out_of_bounds(vp_a, org_a, coordinator):
    with pytest.raises(ValidationError) as motivatie:
        create_aanvraag(
            door=vp_a.user,
            organisatie=org_a,
            woonplaats="oost",
            onderwerp="witgoed",
            inkomsten="uitkering",
            gevraagd_bedrag=Decimal("100"),
            motivatie="m" * (MOTIVATIE + 1),
        )
    with pytest.raises(ValidationError) as bedrag:
        create_aanvraag(
            door=vp_a.user,
            organisatie=org_a,
            woonplaats="oost",
            onderwerp="witgoed",
            inkomsten="uitkering",
            gevraagd_bedrag=Decimal("100000000"),
            motivatie="Koelkast",
        )
    with pytest.raises(ValidationError) as datum:
        register_storting(
            door=coordinator, datum=datetime.date(1, 1, 1), bedrag=Decimal("10"), fondsgever="F"
        )

    assert "motivatie" in motivatie.value.message_dict
    assert "gevraagd_bedrag" in bedrag.value.message_dict
    assert datum.value.message_dict["datum"] == ["De datum kan niet vóór 01-01-2000 liggen."]
    assert not Aanvraag.objects.exists() and not Storting.objects.exists()


def test_a_reasoning_longer_than_its_maximum_is_refused_and_no_vote_stored(
    maak_aanvraag, commissielid
):
    aanvraag = maak_aanvraag(AanvraagStatus.INGEDIEND)
    before = snapshot()

    with pytest.raises(ValidationError):
        transition_aanvraag(
            aanvraag=aanvraag,
            actie=Actie.BEOORDELEN,
            door=commissielid,
            stem=Stem.AFWIJZEN,
            motivering="r" * (OMSCHRIJVING + 1),
        )

    assert snapshot() == before and not Beoordeling.objects.exists()


def test_the_deposit_form_refuses_a_date_before_2000(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("noodfonds:storting_create"),
        {"datum": "0001-01-01", "bedrag": "100", "fondsgever": "Fonds"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["datum"] == ["De datum kan niet vóór 01-01-2000 liggen."]
    assert not Storting.objects.exists()


def test_registered_applications_keep_the_bounds(org_a):
    with pytest.raises(ValidationError):
        register_aanvragen(
            aanvragen=[
                {
                    "organisatie_id": org_a.pk,
                    "woonplaats": "oost",
                    "onderwerp": "witgoed",
                    "inkomsten": "uitkering",
                    "gevraagd_bedrag": Decimal("10"),
                    "status": AanvraagStatus.INGEDIEND,
                    "ingediend_op": datetime.date(1, 1, 1),
                }
            ]
        )

    assert not Aanvraag.objects.exists()


def test_the_database_refuses_a_motivation_no_rule_let_through(maak_aanvraag):
    maak_aanvraag(AanvraagStatus.CONCEPT)

    with pytest.raises(IntegrityError), transaction.atomic():
        Aanvraag.objects.update(motivatie="m" * (MOTIVATIE + 1))

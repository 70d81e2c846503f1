"""Fixtures for the emergency fund: a household of vp_a with a distinctive name, address and
phone, applications in any status, and money in the fund."""

import datetime
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from hulpvragen.choices import Woonplaats
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Aanvraag, Beoordeling, Bijlage, Overgang, Storting
from noodfonds.services import register_storting
from tests.bestanden import JPEG, PDF, PNG  # noqa: F401 (the fund's tests import them from here)
from tests.factories import AanvraagFactory, HuishoudenFactory, HulpvragerFactory

NAAM = "Wilhelmina Zwanenburg-Oosterhout"
TELEFOON = "06-91827364"
ADRES = "Javaplein 987 huis"


@pytest.fixture
def huishouden_a(vp_a, org_a):
    huishouden = HuishoudenFactory(
        referentie="HH-2021-0777",
        vertrouwenspersoon=vp_a,
        organisatie=org_a,
        adres=ADRES,
        woonplaats=Woonplaats.OOST,
    )
    HulpvragerFactory(huishouden=huishouden, naam=NAAM, telefoon=TELEFOON)
    return huishouden


@pytest.fixture
def maak_aanvraag(vp_a, org_a, huishouden_a):
    """An application of vp_a for huishouden_a in any status (default: submitted)."""

    def maak(status=AanvraagStatus.INGEDIEND, **velden):
        velden.setdefault("organisatie", org_a)
        velden.setdefault("vertrouwenspersoon", vp_a)
        velden.setdefault("huishouden", huishouden_a)
        velden.setdefault("aangemaakt_door", vp_a.user)
        velden.setdefault("motivatie", "Koelkast kapot, geen geld voor vervanging.")
        velden.setdefault("gevraagd_bedrag", Decimal("300.00"))
        if status == AanvraagStatus.CONCEPT:
            velden.setdefault("ingediend_op", None)
        if status in (AanvraagStatus.TOEGEKEND, AanvraagStatus.UITBETAALD):
            velden.setdefault("toegekend_bedrag", Decimal("250.00"))
            velden.setdefault("besloten_op", datetime.date(2021, 1, 20))
        if status == AanvraagStatus.UITBETAALD:
            velden.setdefault("uitbetaald_bedrag", Decimal("250.00"))
            velden.setdefault("uitbetaald_op", datetime.date(2021, 1, 25))
            velden.setdefault("uitbetaald_aan", "leverancier")
        if status == AanvraagStatus.AFGEWEZEN:
            velden.setdefault("besloten_op", datetime.date(2021, 1, 20))
        return AanvraagFactory(status=status, **velden)

    return maak


@pytest.fixture
def geld(coordinator):
    """Put an amount into the fund."""

    def stort(bedrag="1000.00"):
        return register_storting(
            door=coordinator,
            datum=datetime.date(2021, 1, 1),
            bedrag=Decimal(bedrag),
            fondsgever="Fonds voor Oost",
        )

    return stort


def snapshot():
    """Everything a fund action can change, to assert that a refusal changed nothing."""
    return {
        "aanvragen": [model_to_dict(a) for a in Aanvraag.objects.order_by("pk")],
        "beoordelingen": list(Beoordeling.objects.order_by("pk").values()),
        "overgangen": list(Overgang.objects.order_by("pk").values()),
        "bijlagen": list(Bijlage.objects.order_by("pk").values()),
        "stortingen": list(Storting.objects.order_by("pk").values()),
    }

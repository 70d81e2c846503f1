"""Casework fixtures: one household per trusted person (hh_a of vp_a at org_a, hh_b of vp_b at
org_b), each registered through the intake service with one open help request."""

import datetime

import pytest
from django.utils import timezone

from hulpvragen import services
from hulpvragen.choices import Geslacht, Soort, Woonplaats
from hulpvragen.models import Thema

INTAKE = datetime.date(2021, 1, 11)


def today():
    return timezone.localdate()


def days_ago(n):
    return today() - datetime.timedelta(days=n)


def make_household(vp, *, naam="Anna", intake=INTAKE, woonplaats=Woonplaats.OOST, **hulpvraag):
    """A household through the intake service, assigned to `vp` (or nobody)."""
    return services.register_intake(
        huishouden={"woonplaats": woonplaats},
        hulpvrager={"naam": naam, "geslacht": Geslacht.VROUW, "geboortejaar": 1975},
        hulpvraag={"intake_datum": intake, "soort": Soort.PRAKTISCH, **hulpvraag},
        themas=Thema.objects.filter(naam="Schulden"),
        toestemming_datum=intake,
        vertrouwenspersoon=vp,
        organisatie=vp.organisatie if vp else None,
    )


def first_hulpvraag(huishouden):
    return huishouden.hulpvragen.order_by("pk").first()


@pytest.fixture
def hh_a(vp_a):
    return make_household(vp_a, naam="Anna A")


@pytest.fixture
def hh_b(vp_b):
    return make_household(vp_b, naam="Bram B")


@pytest.fixture
def hv_a(hh_a):
    return first_hulpvraag(hh_a)


@pytest.fixture
def hv_b(hh_b):
    return first_hulpvraag(hh_b)

"""Merge fixtures: one person registered twice (`twee`: two households at two organisations),
one person twice in one household (`dubbel_persoon`)."""

import datetime
from decimal import Decimal

import pytest

from hulpvragen import services as casework
from hulpvragen.choices import Geslacht, Status
from noodfonds.choices import AanvraagStatus
from tests.factories import AanvraagFactory, OrganisatieFactory, PilotFactory

DAY = datetime.date(2020, 1, 15)


def household(vp, naam, jaar, geslacht, *, intake=DAY, pilot=None, **velden):
    return casework.register_intake(
        huishouden={"woonplaats": "oost", **velden},
        hulpvrager={"naam": naam, "geslacht": geslacht, "geboortejaar": jaar},
        hulpvraag={"intake_datum": intake, "soort": "praktisch", "pilot": pilot},
        themas=[],
        toestemming_datum=intake,
        vertrouwenspersoon=vp,
        organisatie=vp.organisatie,
    )


@pytest.fixture
def pilot():
    return PilotFactory()


@pytest.fixture
def twee(vp_a, vp_b, pilot):
    """One person registered twice: at org_a (kept) and at org_b (removed), each with help
    requests, a contact, a referral, a consent to share and an application."""
    a = household(vp_a, "Fatima El Amrani", 1975, Geslacht.VROUW, postcode="1094 AB")
    b = household(
        vp_b, "Fátima el-Amrani", None, Geslacht.ONBEKEND, adres="Javastraat 1", notitie="Via b"
    )
    tweede = casework.add_hulpvrager(
        huishouden=b, naam="Youssef", geslacht="man", geboortejaar=2001
    )
    casework.add_hulpvraag(
        huishouden=b,
        hulpvrager=tweede,
        intake_datum=DAY + datetime.timedelta(days=3),
        soort="sociaal",
    )
    oud = b.hulpvragen.order_by("pk").first()
    casework.log_contact(hulpvraag=oud, soort="huisbezoek", datum=DAY)
    casework.record_doorverwijzing(
        hulpvraag=oud,
        organisatie=OrganisatieFactory(naam="Schuldhulp", partner=False),
        soort="advies",
        datum=DAY,
        toestemming_vastleggen=True,
    )
    casework.change_status(
        hulpvraag=oud,
        naar=Status.AFGEROND,
        datum=DAY + datetime.timedelta(days=20),
        uitkomst="Klaar",
        uitkomst_categorie="opgelost",
    )
    AanvraagFactory(
        huishouden=b,
        organisatie=vp_b.organisatie,
        vertrouwenspersoon=vp_b,
        status=AanvraagStatus.INGEDIEND,
        ingediend_op=datetime.date(2021, 1, 10),
        gevraagd_bedrag=Decimal("250.00"),
    )
    return a, b


@pytest.fixture
def dubbel_persoon(vp_a):
    h = household(vp_a, "Piet Jansen", 1990, Geslacht.MAN)
    tweede = casework.add_hulpvrager(
        huishouden=h, naam="Jansen, Piet", geslacht=Geslacht.ONBEKEND, telefoon="0612345678"
    )
    casework.add_hulpvraag(huishouden=h, hulpvrager=tweede, intake_datum=DAY, soort="sociaal")
    return h, h.personen.get(is_hoofdpersoon=True), tweede

"""Issue 18 §2: the casework start pages ("Mijn huishoudens" for a trusted person, "In beeld" for
coordinators) open with today's work in numbers, counted over what the user may see."""

import datetime

import pytest
from django.urls import reverse

from hulpvragen import services
from hulpvragen.choices import Status
from meldingen.models import Melding
from tests.hulpvragen.conftest import days_ago, first_hulpvraag, make_household, today
from tests.startpagina import counts, unread_notices

pytestmark = pytest.mark.django_db


def help_request(vp, naam, *, nazorg=None, contact=None, closed=False):
    """An open (or closed) help request of `vp`'s household, with a follow-up date and a
    contact on the given days."""
    hulpvraag = first_hulpvraag(make_household(vp, naam=naam, intake=days_ago(30)))
    if contact:
        services.log_contact(hulpvraag=hulpvraag, soort="telefonisch", datum=contact)
    if closed:
        services.change_status(
            hulpvraag=hulpvraag,
            naar=Status.AFGEROND,
            uitkomst="Klaar.",
            uitkomst_categorie="opgelost",
        )
    if nazorg:
        services.set_nazorg_datum(hulpvraag=hulpvraag, datum=nazorg)
    return hulpvraag


@pytest.fixture
def world(vp_a, vp_b):
    """vp_a: due today without contact, due today but called today, closed but due today
    (aftercare), due tomorrow; vp_b (another organisation): due today."""
    tomorrow = today() + datetime.timedelta(days=1)
    world = {
        "due": help_request(vp_a, "Anna", nazorg=today()),
        "called": help_request(vp_a, "Bram", nazorg=today(), contact=today()),
        "aftercare": help_request(vp_a, "Cor", nazorg=today(), closed=True),
        "later": help_request(vp_a, "Dirk", nazorg=tomorrow),
        "other": help_request(vp_b, "Eva", nazorg=today()),
    }
    # the notices of the assignments themselves are left out: each test sets its own
    Melding.objects.all().delete()
    return world


def test_trusted_persons_start_page_counts_their_own_work_of_today(client, vp_a, world):
    unread_notices(vp_a.user, world["due"], 2, read=1)
    client.force_login(vp_a.user)

    response = client.get(reverse("hulpvragen:mijn"))

    # open: Anna, Bram, Dirk; due today: Anna and Cor (not Bram: called today); not vp_b's Eva
    assert counts(response) == {"open": 3, "opvolgen_vandaag": 2, "ongelezen": 2}


def test_trusted_persons_counts_leave_out_another_trusted_persons_households(client, vp_b, world):
    client.force_login(vp_b.user)

    response = client.get(reverse("hulpvragen:mijn"))

    assert counts(response) == {"open": 1, "opvolgen_vandaag": 1, "ongelezen": 0}


def test_coordinators_start_page_counts_the_whole_network(client, coordinator, world):
    unread_notices(coordinator, world["other"], 1)
    client.force_login(coordinator)

    response = client.get(reverse("hulpvragen:overzicht"))

    shown = counts(response)
    assert (shown["open"], shown["opvolgen_vandaag"], shown["ongelezen"]) == (4, 3, 1)
    assert set(shown) == {
        "open",
        "opvolgen_vandaag",
        "zonder_contact",
        "nazorg_verlopen",
        "doorverwijzing_open",
        "ongelezen",
    }


def test_organisation_coordinators_counts_stay_within_their_organisation(
    client, orgcoordinator, world
):
    client.force_login(orgcoordinator)

    response = client.get(reverse("hulpvragen:overzicht"))

    shown = counts(response)
    assert (shown["open"], shown["opvolgen_vandaag"], shown["ongelezen"]) == (3, 2, 0)


def test_a_follow_up_date_that_passed_counts_as_overdue_not_as_today(client, vp_a):
    help_request(vp_a, "Anna", nazorg=days_ago(1))
    client.force_login(vp_a.user)

    response = client.get(reverse("hulpvragen:mijn"))

    assert counts(response)["opvolgen_vandaag"] == 0
    assert "Opvolgdatum verstreken" in response.content.decode()

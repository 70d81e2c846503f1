"""The home page per role: what that person does first (netwerk's cards; other apps add theirs)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from netwerk.roles import Rol
from tests.factories import make_user

HOME = reverse("home")
VP_LIST = reverse("netwerk:vertrouwenspersoon_list")
USERS = reverse("netwerk:gebruiker_list")
MAP = reverse("netwerk:organisatie_list")


@pytest.mark.parametrize(
    ("role", "vp_list", "users_page"),
    [
        ("coordinator", True, True),
        ("orgcoordinator", True, True),
        ("vp_a", False, False),
        ("commissie", False, False),
        ("opleider", False, False),
        ("outsider", False, False),
    ],
)
def test_home_offers_the_network_pages_the_role_has(client, users, role, vp_list, users_page):
    client.force_login(users[role])

    response = client.get(HOME)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{MAP}"' in html
    assert (f'btn-tap" href="{VP_LIST}"' in html) is vp_list
    assert (f'btn-tap" href="{USERS}"' in html) is users_page


def test_home_links_trusted_person_to_own_record(client, vp_a, vp_b):
    client.force_login(vp_a.user)

    html = client.get(HOME).content.decode()

    assert vp_a.get_absolute_url() in html
    assert vp_b.get_absolute_url() not in html


def test_home_trusted_person_without_record_has_no_own_card(client, users, db):
    client.force_login(make_user("vp_zonder", Rol.VERTROUWENSPERSOON))

    html = client.get(HOME).content.decode()

    assert "Mijn gegevens" not in html


def test_home_orgcoordinator_sees_own_organisation_wording(client, users):
    client.force_login(users["orgcoordinator"])

    html = client.get(HOME).content.decode()

    assert "Logins van vertrouwenspersonen" in html
    assert "De vertrouwenspersonen van uw organisatie." in html


def test_home_outsider_is_told_to_ask_for_a_role(client, users):
    client.force_login(users["outsider"])

    html = client.get(HOME).content.decode()

    assert "U heeft nog geen rol." in html


def test_home_anonymous_goes_to_login(client, db):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


CARDS = {
    "mijn": "hulpvragen:mijn",
    "overzicht": "hulpvragen:overzicht",
    "rapport": "rapportage:rapport",
    "noodfonds": "noodfonds:aanvraag_list",
    "commissie": "noodfonds:commissie",
    "budget": "noodfonds:budget",
    "werkmap": "registratie:registratie",
    "opleiding": "opleiding:cohort_list",
}
CARDS_OF = {
    "coordinator": {"overzicht", "rapport", "noodfonds", "budget", "werkmap"},
    "orgcoordinator": {"overzicht", "rapport", "noodfonds"},
    "vp_a": {"mijn", "noodfonds"},
    "commissie": {"commissie"},
    "opleider": {"opleiding"},
    "outsider": set(),
}


@pytest.mark.parametrize("role", CARDS_OF)
def test_home_cards_lead_to_exactly_the_work_of_the_role(client, users, role):
    client.force_login(users[role])

    html = client.get(HOME).content.decode()

    shown = {card for card, name in CARDS.items() if f'btn-tap" href="{reverse(name)}"' in html}
    assert shown == CARDS_OF[role]
    for card in shown:  # every card leads to a page the role may open
        assert client.get(reverse(CARDS[card])).status_code == 200


def test_every_stylesheet_script_and_icon_of_the_page_is_served_from_our_own_static_files(
    client, db
):
    """Nothing loads from the internet, and no request for a missing /favicon.ico."""
    html = client.get(reverse("login")).content.decode()
    assets = re.findall(r'<(?:link|script)[^>]+(?:href|src)="([^"]+)"', html)

    assert any("favicon" in a for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset

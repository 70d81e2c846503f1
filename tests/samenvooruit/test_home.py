"""The site's root: every role goes on to its start page; a user without a role is told to ask."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

HOME = reverse("home")
MAP = reverse("netwerk:organisatie_list")


START = {
    "coordinator": "hulpvragen:overzicht",
    "orgcoordinator": "hulpvragen:overzicht",
    "vp_a": "hulpvragen:mijn",
    "commissie": "noodfonds:commissie",
    "opleider": "opleiding:cohort_list",
}


@pytest.mark.parametrize("role", START)
def test_home_sends_every_role_on_to_its_start_page(client, users, role):
    """Issue 18 §2: no page of tiles; the site's root (and the brand in the menu) is today's work."""
    client.force_login(users[role])

    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url == reverse(START[role])
    assert client.get(response.url).status_code == 200


def test_the_brand_in_the_menu_leads_to_the_start_page(client, users):
    client.force_login(users["vp_a"])

    html = client.get(reverse("hulpvragen:mijn")).content.decode()

    assert f'class="navbar-brand" href="{HOME}"' in html


def test_home_outsider_is_told_to_ask_for_a_role(client, users):
    client.force_login(users["outsider"])

    response = client.get(HOME)

    html = response.content.decode()
    assert response.status_code == 200
    assert "U heeft nog geen rol." in html
    assert f'href="{MAP}"' in html


def test_home_anonymous_goes_to_login(client, db):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


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

"""Issue 18 §2: after logging in each role lands on its start page, today's work; an explicit
?next= still wins (the page asked for before the login), a user without a role lands on the
home page (LOGIN_REDIRECT_URL)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.shortcuts import resolve_url
from django.urls import reverse

from netwerk.roles import Rol
from tests.browser import PASSWORD
from tests.factories import make_user

LOGIN = reverse("login")

START = {
    "coordinator": "hulpvragen:overzicht",
    "orgcoordinator": "hulpvragen:overzicht",
    "vp_a": "hulpvragen:mijn",
    "commissie": "noodfonds:commissie",
    "opleider": "opleiding:cohort_list",
}


def log_in(client, user, next_url=None):
    data = {"username": user.username, "password": PASSWORD}
    if next_url is not None:
        data["next"] = next_url
    return client.post(LOGIN, data)


@pytest.mark.parametrize("role", START)
def test_each_role_lands_on_its_start_page(client, users, role):
    response = log_in(client, users[role])

    assert response.status_code == 302
    assert response.url == reverse(START[role])
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("role", ["vp_a", "coordinator"])
def test_opening_the_site_itself_also_lands_on_the_start_page(client, users, role):
    """The site's root sends a visitor to the login with ?next=/: that asks for nothing."""
    to_login = client.get("/")
    assert to_login.url == f"{LOGIN}?next=/"

    response = log_in(client, users[role], "/")

    assert response.url == reverse(START[role])


def test_an_explicit_next_still_wins(client, vp_a):
    wanted = reverse("noodfonds:aanvraag_list")

    response = log_in(client, vp_a.user, wanted)

    assert response.url == wanted


def test_a_user_without_a_role_lands_on_the_home_page(client, outsider):
    response = log_in(client, outsider)

    assert response.url == resolve_url(settings.LOGIN_REDIRECT_URL) == reverse("home")


def test_a_coordinator_who_is_also_a_trusted_person_starts_as_coordinator(client, org_a):
    user = make_user("beide", Rol.VERTROUWENSPERSOON, org_a)
    user.groups.add(Group.objects.get(name=Rol.COORDINATOR))

    response = log_in(client, user)

    assert response.url == reverse("hulpvragen:overzicht")


def test_a_logged_in_user_who_opens_the_login_goes_to_the_start_page(client, vp_a):
    client.force_login(vp_a.user)

    response = client.get(LOGIN)

    assert response.url == reverse("hulpvragen:mijn")

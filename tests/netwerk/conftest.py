"""Helpers for the netwerk tests: visiting a page as a role, and finding a field's error."""

import re

import pytest
from django.urls import reverse

from tests.factories import OrganisatieFactory

ROLES = [
    "coordinator",
    "orgcoordinator",
    "vp_a",
    "vp_b",
    "commissie",
    "opleider",
    "outsider",
    "anonymous",
]


@pytest.fixture
def visit(client, users):
    """`visit(role, url, data=None)`: GET (or POST with data) as that role."""

    def go(role, url, data=None):
        if role != "anonymous":
            client.force_login(users[role])
        return client.get(url) if data is None else client.post(url, data)

    return go


@pytest.fixture
def inactieve_org(db):
    return OrganisatieFactory(naam="Opgeheven Stichting", actief=False)


def assert_answer(response, expected):
    """`expected` is a status code, or "login" for a redirect to the login page."""
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected


def field_error_html(response, field):
    """The text of the error blocks crispy renders right under `field` (error_1_id_<field>, ...)."""
    html = response.content.decode()
    blocks = re.findall(rf'<(span|div|p)[^>]*id="error_\d+_id_{field}"[^>]*>(.*?)</\1>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", "", text).strip() for _, text in blocks)


def assert_dutch_field_error(response, field, text):
    """The form came back (200), the message is on that field and shown next to it."""
    assert response.status_code == 200
    assert text in " ".join(response.context["form"].errors.get(field, []))
    assert text in field_error_html(response, field)

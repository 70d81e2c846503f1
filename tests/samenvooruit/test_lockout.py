"""Issue 9, acceptance 4: after the configured number of wrong passwords the right password is
refused too, until the cool-off has passed or a coordinator unlocks the login."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from netwerk.roles import Rol
from tests.factories import make_user

PASSWORD = "x" * 12  # tests.factories.make_user
LOGIN = "/inloggen/"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)


@pytest.fixture
def vrijwilliger(db):
    return make_user("vrijwilliger", Rol.VERTROUWENSPERSOON)


def attempt(client, password, username="vrijwilliger", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def logged_in(client):
    return "_auth_user_id" in client.session


def fail(client, times, **extra):
    return [attempt(client, "verkeerd-wachtwoord", **extra) for _ in range(times)]


def test_wrong_passwords_below_the_limit_leave_the_right_one_working(axes_on, client, vrijwilliger):
    fail(client, 2)

    response = attempt(client, PASSWORD)

    assert response.status_code == 302 and logged_in(client)


def test_after_the_limit_the_right_password_is_refused_with_a_dutch_page(
    axes_on, client, vrijwilliger
):
    fail(client, 3)

    response = attempt(client, PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    html = response.content.decode()
    assert "Tijdelijk geblokkeerd" in html
    assert "3 keer een verkeerd wachtwoord" in html
    assert "over 30 minuten opnieuw" in html


def test_after_the_cool_off_the_right_password_works_again(axes_on, client, vrijwilliger):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, 3)
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert attempt(client, PASSWORD).status_code == 429

    with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
        response = attempt(client, PASSWORD)

    assert response.status_code == 302 and logged_in(client)


def test_a_coordinator_unlock_lets_the_right_password_in(axes_on, client, vrijwilliger):
    fail(client, 3)
    coordinator = Client()
    coordinator.force_login(make_user("coord", Rol.COORDINATOR))
    detail = reverse("netwerk:gebruiker_detail", args=[vrijwilliger.profiel.uuid])
    assert "tijdelijk geblokkeerd" in coordinator.get(detail).content.decode()

    unlock = coordinator.post(
        reverse("netwerk:gebruiker_ontgrendel", args=[vrijwilliger.profiel.uuid]), follow=True
    )
    response = attempt(client, PASSWORD)

    assert "Login vrijwilliger is ontgrendeld" in unlock.content.decode()
    assert response.status_code == 302 and logged_in(client)


def test_the_lock_is_on_user_name_and_address_together(axes_on, client, vrijwilliger):
    make_user("collega", Rol.VERTROUWENSPERSOON)
    fail(client, 3)

    other_user_same_address = attempt(Client(), PASSWORD, username="collega")
    same_user_other_address = attempt(Client(), PASSWORD, REMOTE_ADDR="10.1.2.3")

    assert other_user_same_address.status_code == 302
    assert same_user_other_address.status_code == 302


def test_behind_a_proxy_the_forwarded_address_counts(axes_on, settings, client, vrijwilliger):
    settings.VERTROUWDE_PROXIES = 1
    fail(client, 3, HTTP_X_FORWARDED_FOR="203.0.113.7")

    from_the_same_client = attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7")
    from_another_client = attempt(Client(), PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert from_the_same_client.status_code == 429
    assert from_another_client.status_code == 302


def test_lockout_is_off_in_the_other_tests(client, vrijwilliger):
    fail(client, 10)

    response = attempt(client, PASSWORD)

    assert response.status_code == 302

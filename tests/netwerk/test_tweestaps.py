"""Two-factor (TOTP): offered to everyone, required for coordinators, organisation coordinators
and committee members when TWEESTAPS_VERPLICHT is on; a set-up login counts only after a code from the app."""

import datetime
import os
import subprocess
import sys
from binascii import unhexlify

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.samenvooruit.test_settings import NOT_INHERITED, ROOT

PAGINA = "/netwerk/organisaties/"  # a page for every login (the root redirects on)
SETUP = reverse("tweestaps")
CONTROLE = reverse("tweestaps_controle")
UITZETTEN = reverse("tweestaps_uitzetten")


@pytest.fixture(autouse=True)
def clock():
    """A still clock, 10 s into a 30-second step: no code turns over while a test runs."""
    with time_machine.travel(
        datetime.datetime(2026, 3, 2, 9, 0, 10, tzinfo=datetime.UTC), tick=False
    ):
        yield


@pytest.fixture
def verplicht(settings):
    settings.TWEESTAPS_VERPLICHT = True


def code_for(key_hex, drift=0):
    """The code the app shows now (drift -1: the one it showed half a minute ago)."""
    return f"{totp(unhexlify(key_hex), drift=drift):06d}"


def wrong_code(key_hex):
    return f"{(int(code_for(key_hex)) + 1) % 1_000_000:06d}"


@pytest.fixture
def device_of():
    def make(user):
        return TOTPDevice.objects.create(user=user, name="app", confirmed=True)

    return make


# required ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "orgcoordinator", "commissie"])
def test_required_and_missing_sends_to_setup(verplicht, client, users, role):
    client.force_login(users[role])

    response = client.get("/hulpvragen/")

    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=/hulpvragen/"


@pytest.mark.parametrize("role", ["vp_a", "opleider", "outsider"])
def test_other_roles_are_not_forced(verplicht, client, users, role):
    client.force_login(users[role])

    response = client.get(PAGINA)

    assert response.status_code == 200


def test_required_is_off_when_the_setting_is_off(client, coordinator):
    client.force_login(coordinator)

    assert client.get(PAGINA).status_code == 200


def test_setup_page_shows_a_qr_code_and_the_key(verplicht, client, coordinator):
    client.force_login(coordinator)

    response = client.get(SETUP)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html
    assert "verplicht" in html
    assert response.context["sleutel"] in html
    assert not TOTPDevice.objects.exists()  # nothing stored before the code is confirmed


def test_setup_with_the_right_code_turns_it_on_and_verifies(verplicht, client, coordinator):
    client.force_login(coordinator)
    client.get(SETUP)
    key = client.session["tweestaps_sleutel"]

    response = client.post(SETUP, {"code": code_for(key), "next": "/noodfonds/"})

    assert response.status_code == 302 and response.url == "/noodfonds/"
    device = TOTPDevice.objects.get(user=coordinator)
    assert device.confirmed and device.key == key
    assert client.get(PAGINA).status_code == 200


def test_setup_with_a_wrong_code_refuses_in_dutch(verplicht, client, coordinator):
    client.force_login(coordinator)
    client.get(SETUP)
    key = client.session["tweestaps_sleutel"]

    response = client.post(SETUP, {"code": wrong_code(key)})

    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen" in response.content.decode()
    assert not TOTPDevice.objects.exists()
    assert client.get(PAGINA).status_code == 302


def test_setup_refuses_what_is_not_six_digits(client, vp_a):
    client.force_login(vp_a.user)
    client.get(SETUP)

    response = client.post(SETUP, {"code": "abc"})

    assert "Vul de zes cijfers uit de app in." in response.content.decode()


# the second step ---------------------------------------------------------------------------


def test_a_login_with_two_factor_asks_for_the_code(client, vp_a, device_of):
    device_of(vp_a.user)  # offered to all: a trusted person who chose to set it up
    client.force_login(vp_a.user)

    response = client.get("/hulpvragen/")

    assert response.status_code == 302
    assert response.url == f"{CONTROLE}?next=/hulpvragen/"


def test_the_right_code_verifies_the_session(client, vp_a, device_of):
    device = device_of(vp_a.user)
    client.force_login(vp_a.user)

    response = client.post(CONTROLE, {"code": code_for(device.key), "next": "/"})

    assert response.status_code == 302 and response.url == "/"
    assert client.get(PAGINA).status_code == 200


def test_a_wrong_code_is_refused_with_a_dutch_message(client, vp_a, device_of):
    device = device_of(vp_a.user)
    client.force_login(vp_a.user)

    response = client.post(CONTROLE, {"code": wrong_code(device.key)})

    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen" in response.content.decode()
    assert client.get(PAGINA).status_code == 302


def test_a_code_is_not_accepted_twice(client, vp_a, device_of):
    device = device_of(vp_a.user)
    code = code_for(device.key)
    client.force_login(vp_a.user)
    client.post(CONTROLE, {"code": code})
    client.logout()
    client.force_login(vp_a.user)

    response = client.post(CONTROLE, {"code": code})

    assert response.status_code == 200


def test_password_then_code_through_the_real_login_page(verplicht, client, coordinator, device_of):
    device = device_of(coordinator)

    after_password = client.post(
        "/inloggen/", {"username": coordinator.username, "password": "x" * 12}, follow=True
    )
    start = reverse("hulpvragen:overzicht")  # the coordinator's start page
    after_code = client.post(CONTROLE, {"code": code_for(device.key), "next": start}, follow=True)

    assert after_password.redirect_chain[-1][0] == f"{CONTROLE}?next={start}"
    assert after_code.status_code == 200 and after_code.request["PATH_INFO"] == start


def test_an_outside_next_is_not_followed(client, vp_a, device_of):
    device = device_of(vp_a.user)
    client.force_login(vp_a.user)

    response = client.post(CONTROLE, {"code": code_for(device.key), "next": "https://evil.test/"})

    assert response.url == "/"


def test_logout_stays_reachable_before_the_second_step(verplicht, client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("logout"))

    assert response.status_code == 302 and response.url == reverse("login")


# switching off -----------------------------------------------------------------------------


@pytest.fixture
def verified_vp(client, vp_a, device_of):
    """A trusted person with two-factor, past the second step (with the previous half minute's
    code, so that the current one is still unused)."""
    device = device_of(vp_a.user)
    client.force_login(vp_a.user)
    assert client.post(CONTROLE, {"code": code_for(device.key, drift=-1)}).status_code == 302
    return device


def test_switching_off_with_a_code_removes_two_factor(client, vp_a, verified_vp):
    response = client.post(UITZETTEN, {"code": code_for(verified_vp.key)})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=vp_a.user).exists()
    assert client.get(PAGINA).status_code == 200


def test_switching_off_with_a_wrong_code_is_refused(client, vp_a, verified_vp):
    response = client.post(UITZETTEN, {"code": wrong_code(verified_vp.key)})

    assert "Deze code klopt niet" in response.content.decode()
    assert TOTPDevice.objects.filter(user=vp_a.user).exists()


def test_switching_off_is_refused_where_it_is_required(verplicht, client, coordinator, device_of):
    device = device_of(coordinator)
    client.force_login(coordinator)
    client.post(CONTROLE, {"code": code_for(device.key)})

    response = client.post(UITZETTEN, {"code": code_for(device.key)}, follow=True)

    assert "Voor uw rol is tweestapsverificatie verplicht." in response.content.decode()
    assert TOTPDevice.objects.filter(user=coordinator).exists()


# the setting's default ---------------------------------------------------------------------


@pytest.mark.parametrize(("debug", "expected"), [("false", "True"), ("true", "False")])
def test_required_by_default_in_production_and_not_in_the_demo(debug, expected):
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED | {"TWEESTAPS_VERPLICHT"}}
    code = "from django.conf import settings; print(settings.TWEESTAPS_VERPLICHT)"

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**env, "DEBUG": debug, "SECRET_KEY": "s" * 50},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr

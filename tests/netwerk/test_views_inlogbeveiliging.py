"""Managers lift a login's lockout ("Ontgrendelen") and reset its two-factor (a lost phone):
POST only, within the logins they manage, with a message; others get 404 and change nothing."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.netwerk.conftest import ROLES, assert_answer

MANAGES_VP_A = {"coordinator", "orgcoordinator"}


def lock(user, failures=5):
    return AccessAttempt.objects.create(
        username=user.username,
        ip_address="127.0.0.1",
        user_agent="test",
        attempt_time=timezone.now(),
        failures_since_start=failures,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/inloggen/",
    )


@pytest.mark.parametrize("role", ROLES)
def test_ontgrendelen_answers_what_the_role_is_granted(visit, users, role):
    target = users["vp_a"]
    lock(target)

    response = visit(role, reverse("netwerk:gebruiker_ontgrendel", args=[target.profiel.uuid]), {})

    if role in MANAGES_VP_A:
        assert response.status_code == 302
        assert not AccessAttempt.objects.exists()
    else:
        assert_answer(response, "login" if role == "anonymous" else 404)
        assert AccessAttempt.objects.count() == 1


def test_ontgrendelen_outside_the_managers_organisation_is_404(visit, users):
    lock(users["vp_b"])

    response = visit(
        "orgcoordinator",
        reverse("netwerk:gebruiker_ontgrendel", args=[users["vp_b"].profiel.uuid]),
        {},
    )

    assert response.status_code == 404
    assert AccessAttempt.objects.count() == 1


def test_ontgrendelen_is_post_only(visit, users):
    lock(users["vp_a"])

    response = visit(
        "coordinator", reverse("netwerk:gebruiker_ontgrendel", args=[users["vp_a"].profiel.uuid])
    )

    assert response.status_code == 405
    assert AccessAttempt.objects.count() == 1


def test_detail_shows_the_lockout_and_the_button(visit, users):
    lock(users["vp_a"])

    html = visit(
        "coordinator", reverse("netwerk:gebruiker_detail", args=[users["vp_a"].profiel.uuid])
    ).content.decode()

    assert "tijdelijk geblokkeerd" in html
    assert "Ontgrendelen" in html


def test_detail_without_failed_attempts_shows_no_button(visit, users):
    html = visit(
        "coordinator", reverse("netwerk:gebruiker_detail", args=[users["vp_a"].profiel.uuid])
    ).content.decode()

    assert "Ontgrendelen" not in html and "tijdelijk geblokkeerd" not in html


def test_ontgrendelen_says_so_in_a_message(visit, users, client):
    lock(users["vp_a"])

    response = visit(
        "coordinator",
        reverse("netwerk:gebruiker_ontgrendel", args=[users["vp_a"].profiel.uuid]),
        {},
    )
    page = client.get(response.url)

    assert "Login vp_a is ontgrendeld" in page.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_tweestaps_reset_answers_what_the_role_is_granted(visit, users, role):
    target = users["vp_a"]
    TOTPDevice.objects.create(user=target, name="app", confirmed=True)
    url = reverse("netwerk:gebruiker_tweestaps_reset", args=[target.profiel.uuid])

    response = visit(role, url, {})

    if role in MANAGES_VP_A:
        assert response.status_code == 302
        assert not TOTPDevice.objects.exists()
    elif role == "vp_a":  # the device's own user is first asked for a code from it
        assert response.url.startswith(reverse("tweestaps_controle"))
        assert TOTPDevice.objects.count() == 1
    else:
        assert_answer(response, "login" if role == "anonymous" else 404)
        assert TOTPDevice.objects.count() == 1

"""Sessions end after SESSION_IDLE_MINUTEN without a request, and get a new key at login."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.factories import make_user

MINUTE = datetime.timedelta(minutes=1)


def test_idle_timeout_is_the_session_age_and_every_request_extends_it(settings):
    assert settings.SESSION_IDLE_MINUTEN == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


@pytest.mark.django_db
def test_session_lives_while_used_and_ends_after_idle_minutes(client, coordinator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(coordinator)
    with time_machine.travel(start + 29 * MINUTE, tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + 58 * MINUTE, tick=False):
        assert client.get("/").status_code == 200  # 29 minutes after the last request

    with time_machine.travel(start + 89 * MINUTE, tick=False):
        response = client.get("/")

    assert response.status_code == 302
    assert response.url.startswith("/inloggen/")


@pytest.mark.django_db
def test_session_key_rotates_on_login(client):
    make_user("vrijwilliger")
    session = client.session  # an anonymous session, as a visitor would have one
    session["voor_het_inloggen"] = True
    session.save()
    before = client.cookies["sessionid"].value

    response = client.post("/inloggen/", {"username": "vrijwilliger", "password": "x" * 12})

    after = client.cookies["sessionid"].value
    assert response.status_code == 302
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.session["_auth_user_id"]

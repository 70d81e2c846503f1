"""Sessions end after SESSION_IDLE_MINUTEN without a request, and get a new key at login."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_user

MINUTE = datetime.timedelta(minutes=1)
PAGE = "/netwerk/organisaties/"  # the social map: a page for every login (the root redirects)


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
        assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + 58 * MINUTE, tick=False):
        assert client.get(PAGE).status_code == 200  # 29 minutes after the last request

    with time_machine.travel(start + 89 * MINUTE, tick=False):
        response = client.get(PAGE)

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


SECOND = datetime.timedelta(seconds=1)


def stored_expiry(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


@pytest.mark.django_db
def test_an_unchanged_session_is_written_at_most_once_a_minute(client, coordinator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(coordinator)
        assert client.get(PAGE).status_code == 200
    written = stored_expiry(client)
    assert written == start + 30 * MINUTE

    with time_machine.travel(start + 59 * SECOND, tick=False):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert stored_expiry(client) == written

    with time_machine.travel(start + MINUTE, tick=False):
        assert client.get(PAGE).status_code == 200
    assert stored_expiry(client) == start + 31 * MINUTE


@pytest.mark.django_db
def test_a_changed_session_is_written_at_once(client, coordinator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(coordinator)
        assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + 10 * SECOND, tick=False):
        session = client.session
        session["iets"] = "nieuw"
        session.save()
    assert client.session["iets"] == "nieuw"
    assert stored_expiry(client) == start + 10 * SECOND + 30 * MINUTE


@pytest.mark.django_db
def test_idle_logout_stays_exact_to_the_minute(client, coordinator):
    """Requests within a minute of the last write do not move the stored expiry: the session
    ends at most a minute before SESSION_IDLE_MINUTEN after the last request, never after."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(coordinator)
        assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + 59 * SECOND, tick=False):
        assert client.get(PAGE).status_code == 200  # not written: 59 s after the last write
    with time_machine.travel(start + 59 * SECOND + 29 * MINUTE, tick=False):
        assert client.get(PAGE).status_code == 200  # 29 idle minutes: still logged in
    last = start + 59 * SECOND + 29 * MINUTE  # this one was written
    with time_machine.travel(last + 29 * MINUTE + 59 * SECOND, tick=False):
        assert client.get(PAGE).status_code == 200
    with time_machine.travel(last + 29 * MINUTE + 59 * SECOND + 30 * MINUTE, tick=False):
        response = client.get(PAGE)  # 30 idle minutes after the last request

    assert response.status_code == 302
    assert response.url.startswith("/inloggen/")


@pytest.mark.django_db
def test_a_request_that_did_not_write_counts_from_the_write_before_it(client, coordinator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(coordinator)
        assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + 59 * SECOND, tick=False):
        assert client.get(PAGE).status_code == 200
    with time_machine.travel(start + 30 * MINUTE, tick=False):
        response = client.get(PAGE)  # 29 minutes and 1 second after the last request

    assert response.status_code == 302

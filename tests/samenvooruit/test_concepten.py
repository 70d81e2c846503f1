"""Issue 18 §1, the server's part of "nothing typed is lost" (the rest is static/js/concept.js and
sessie.js, tested in a browser: tests/e2e/test_concept.py). A page names its user's drafts by a
key that names no one; the page after a stored form says which form's draft may go; the idle
logout's warning counts the seconds the server still gives; "Blijf ingelogd" starts them again."""

import datetime
import re

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.hulpvragen.conftest import first_hulpvraag, make_household

pytestmark = pytest.mark.django_db
VERLENGEN = reverse("sessie_verlengen")


def attribute(html, name):
    found = re.search(rf'{name}="([^"]*)"', html)
    return found and found.group(1)


def test_a_page_names_its_users_drafts_by_a_key_that_names_no_one(client, vp_a, vp_b):
    client.force_login(vp_a.user)
    key_a = attribute(
        client.get(reverse("home"), follow=True).content.decode(), "data-concept-eigenaar"
    )
    client.force_login(vp_b.user)
    key_b = attribute(
        client.get(reverse("home"), follow=True).content.decode(), "data-concept-eigenaar"
    )
    client.force_login(vp_a.user)
    again = attribute(
        client.get(reverse("home"), follow=True).content.decode(), "data-concept-eigenaar"
    )

    assert key_a == again != key_b
    assert len(key_a) == 20 and vp_a.user.username not in key_a
    assert key_a != str(vp_a.user.pk)


def test_a_page_without_login_names_no_owner_and_warns_of_nothing(client):
    html = client.get(reverse("login")).content.decode()

    assert "data-concept-eigenaar" not in html
    assert 'id="sessie"' not in html
    assert "js/concept.js" not in html


def test_the_contact_and_intake_forms_keep_drafts(client, vp_a):
    hulpvraag = first_hulpvraag(make_household(vp_a))
    client.force_login(vp_a.user)

    contact = client.get(reverse("hulpvragen:hulpvraag_contact", args=[hulpvraag.uuid]))
    intake = client.get(reverse("hulpvragen:intake"))

    assert 'data-concept="contact"' in contact.content.decode()
    assert 'data-concept="intake"' in intake.content.decode()


def test_the_page_after_a_stored_contact_says_its_draft_may_go_once(client, vp_a):
    hulpvraag = first_hulpvraag(make_household(vp_a))
    url = reverse("hulpvragen:hulpvraag_contact", args=[hulpvraag.uuid])
    client.force_login(vp_a.user)

    response = client.post(
        url, {"soort": "telefonisch", "notitie": "Gebeld.", "_concept": "1"}, follow=True
    )
    later = client.get(reverse("hulpvragen:mijn"))

    assert hulpvraag.contactmomenten.get().notitie == "Gebeld."
    assert attribute(response.content.decode(), "data-concepten-opgeslagen") == url
    assert attribute(later.content.decode(), "data-concepten-opgeslagen") == ""


def test_a_refused_form_keeps_its_draft(client, vp_a):
    hulpvraag = first_hulpvraag(make_household(vp_a))
    url = reverse("hulpvragen:hulpvraag_contact", args=[hulpvraag.uuid])
    client.force_login(vp_a.user)

    refused = client.post(url, {"notitie": "Zonder soort.", "_concept": "1"})
    next_page = client.get(reverse("hulpvragen:mijn"))

    assert refused.status_code == 200 and not hulpvraag.contactmomenten.exists()
    assert attribute(next_page.content.decode(), "data-concepten-opgeslagen") == ""


def test_a_form_without_drafts_is_not_named(client, vp_a):
    hulpvraag = first_hulpvraag(make_household(vp_a))
    client.force_login(vp_a.user)

    response = client.post(
        reverse("hulpvragen:hulpvraag_contact", args=[hulpvraag.uuid]),
        {"soort": "telefonisch"},
        follow=True,
    )

    assert attribute(response.content.decode(), "data-concepten-opgeslagen") == ""


# --- the idle logout: the warning and "Blijf ingelogd" ------------------------------------------


def seconds_on_page(client):
    """The seconds the page counts down from, and the warning's (on the social map: one request,
    where the site's root would redirect first)."""
    html = client.get(reverse("netwerk:organisatie_list")).content.decode()
    return int(attribute(html, "data-seconden")), int(attribute(html, "data-waarschuwing"))


def about(seconds):
    """The page may count a second short (the session's write time is kept to the second, rounded
    down): it warns early rather than late, never later than the server ends the session."""
    return {seconds - 1, seconds}


def test_the_page_counts_the_seconds_the_session_has_left(client, coordinator, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(coordinator)
        left, warning = seconds_on_page(client)
        assert left in about(30 * 60) and warning == 120
    with time_machine.travel(start + datetime.timedelta(seconds=40), tick=False):
        # this request does not write the session (written 40 s ago): its end stays
        assert seconds_on_page(client)[0] in about(30 * 60 - 40)
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        assert seconds_on_page(client)[0] == 30 * 60  # written again: the full time


def test_the_warning_follows_the_servers_idle_setting(client, coordinator, settings):
    settings.SESSION_COOKIE_AGE = 5 * 60
    settings.SESSIE_WAARSCHUWING_SECONDEN = 30
    client.force_login(coordinator)

    left, warning = seconds_on_page(client)
    assert left in about(5 * 60) and warning == 30


def stored_end(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_stay_logged_in_starts_the_idle_time_again(client, coordinator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(coordinator)
        client.get(reverse("home"), follow=True)
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        # within the minute in which an unchanged session is not written: this one is
        response = client.post(VERLENGEN, HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response.json() == {"seconden": 30 * 60}
    assert stored_end(client) == start + datetime.timedelta(seconds=30, minutes=30)


def test_stay_logged_in_after_the_session_ended_says_so(client, coordinator):
    client.force_login(coordinator)
    Session.objects.all().delete()

    response = client.post(VERLENGEN, HTTP_ACCEPT="application/json")

    assert response.status_code == 401
    assert response.json() == {"seconden": 0}


def test_stay_logged_in_without_script_goes_back_to_the_page(client, coordinator):
    client.force_login(coordinator)
    page = reverse("hulpvragen:intake")

    back = client.post(VERLENGEN, {"next": page})
    elsewhere = client.post(VERLENGEN, {"next": "https://elders.example/"})

    assert back.status_code == 302 and back.url == page
    assert elsewhere.url == reverse("home")


def test_stay_logged_in_needs_a_post_with_the_csrf_token(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    assert client.get(VERLENGEN).status_code == 405
    assert client.post(VERLENGEN, HTTP_ACCEPT="application/json").status_code == 403

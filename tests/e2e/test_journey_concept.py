"""Issue 18 §1 in a browser on a 360 px phone: nothing typed is lost.

A trusted person types a contact note, her session ends while she types (the idle logout), she
logs in again: the note is back; she saves it: the draft is gone. Another user on the same browser
never sees her draft, and logging out removes one's own. Two minutes before the idle logout (here:
seconds, with a short idle setting) a dialog warns; "Blijf ingelogd" keeps the session; without it
the page goes to the login. All of it under the app's own strict CSP (no inline script), checked
against WCAG 2.1 AA with axe.
"""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from hulpvragen.choices import ContactSoort
from hulpvragen.models import Contactmoment
from tests.browser import PASSWORD, PHONE, assert_no_horizontal_scroll, assert_wcag
from tests.e2e.journey import check, days_ago, log_out
from tests.factories import HuishoudenFactory, HulpvraagFactory, HulpvragerFactory

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "Gebeld over de huurachterstand; de brief van de verhuurder samen gelezen."
DRAFTS = "() => Object.keys(localStorage).filter(k => k.startsWith('samenvooruit.concept:'))"


def help_request(vp, referentie, naam):
    huishouden = HuishoudenFactory(
        referentie=referentie, vertrouwenspersoon=vp, organisatie=vp.organisatie
    )
    vraag = HulpvraagFactory(
        hulpvrager=HulpvragerFactory(huishouden=huishouden, naam=naam),
        intake_datum=days_ago(40),
        vertrouwenspersoon=vp,
    )
    Contactmoment.objects.create(hulpvraag=vraag, datum=days_ago(9), soort=ContactSoort.HUISBEZOEK)
    return vraag


@pytest.fixture
def phone(browser):
    """A phone whose pages keep the app's own CSP (the `page` fixture's context bypasses it, for
    axe as a script tag): the drafts and the warning must work without inline script. Collects
    what the browser refused because of the CSP."""
    context = browser.new_context(viewport=PHONE, locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = context.new_page()
    page.refused = []
    page.on(
        "console",
        lambda message: (
            page.refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()


def drafts(page):
    return page.evaluate(DRAFTS)


def wait_for_drafts(page, n):
    page.wait_for_function(f"() => ({DRAFTS})().length === {n}")


def log_in_here(page, user):
    """Log in on the login page the browser shows (keeping the page it asked for, ?next=)."""
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")


def idle_logout():
    """What SESSION_IDLE_MINUTEN without a request does: the server ends the session."""
    Session.objects.all().delete()


def test_a_note_typed_before_the_idle_logout_is_back_after_logging_in_and_gone_once_saved(
    phone, live_server, login, vp_a, vp_b
):
    page = phone
    vraag = help_request(vp_a, "HH-2026-0301", "Sevda Yilmaz")

    # she logs in and lands on her households; opens the contact form and types a note
    login(page, vp_a.user.username, PHONE)
    expect(page.get_by_role("heading", name="Mijn huishoudens", level=1)).to_be_visible()
    page.get_by_role("link", name="Contact vastleggen").click()
    page.get_by_label("Korte notitie").fill(NOTE)
    wait_for_drafts(page, 1)

    # meanwhile the session ended: her tap meets the login, and nothing is stored
    idle_logout()
    page.get_by_role("button", name="Telefonisch").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert not Contactmoment.objects.filter(notitie=NOTE).exists()

    # she logs in again: back on the contact form, with her note
    log_in_here(page, vp_a.user)
    expect(page.get_by_role("heading", name=re.compile("Contact met Sevda Yilmaz"))).to_be_visible()
    expect(page.get_by_label("Korte notitie")).to_have_value(NOTE)
    expect(page.get_by_role("status")).to_contain_text("staat weer in het formulier")
    assert_wcag(page)
    check(page, "6-vp-concept-terug")

    # saved: stored on the server, the draft gone from the device
    page.get_by_role("button", name="Telefonisch").click()
    expect(page.get_by_role("alert").filter(has_text="Contact vastgelegd.")).to_be_visible()
    contact = Contactmoment.objects.get(notitie=NOTE)
    assert (contact.hulpvraag, contact.door, contact.soort) == (vraag, vp_a.user, "telefonisch")
    wait_for_drafts(page, 0)

    # an intake begun and left when the session ends: the next user of this phone never sees it
    page.goto(f"{live_server.url}/hulpvragen/intake/")
    page.get_by_label("Naam", exact=True).fill("Fatima El Amrani")
    wait_for_drafts(page, 1)
    idle_logout()
    page.goto(f"{live_server.url}/hulpvragen/intake/")
    log_in_here(page, vp_b.user)
    expect(page.get_by_role("heading", name="Intake", level=1)).to_be_visible()
    assert drafts(page) == []  # removed at her login
    expect(page.get_by_label("Naam", exact=True)).to_have_value("")
    expect(page.get_by_role("status")).to_have_count(0)

    # and logging out removes one's own drafts
    page.get_by_label("Naam", exact=True).fill("Jan de Vries")
    wait_for_drafts(page, 1)
    log_out(page, vp_b.user.username)
    assert drafts(page) == []
    assert page.refused == []


def test_a_restored_draft_can_be_thrown_away(phone, live_server, login, vp_a):
    page = phone
    login(page, vp_a.user.username, PHONE)
    page.goto(f"{live_server.url}/hulpvragen/intake/")
    page.get_by_label("Naam", exact=True).fill("Fatima El Amrani")
    wait_for_drafts(page, 1)

    page.reload()
    expect(page.get_by_label("Naam", exact=True)).to_have_value("Fatima El Amrani")
    page.get_by_role("status").get_by_role("button", name="Weggooien").click()

    expect(page.get_by_label("Naam", exact=True)).to_have_value("")
    expect(page.get_by_role("status")).to_have_count(0)
    assert drafts(page) == []
    page.reload()
    expect(page.get_by_label("Naam", exact=True)).to_have_value("")


def test_a_draft_older_than_a_day_is_gone(phone, live_server, login, vp_a):
    page = phone
    login(page, vp_a.user.username, PHONE)
    page.goto(f"{live_server.url}/hulpvragen/intake/")
    page.get_by_label("Naam", exact=True).fill("Fatima El Amrani")
    wait_for_drafts(page, 1)
    # the draft as it would be 25 hours later
    page.evaluate(
        f"""() => {{ for (const k of ({DRAFTS})()) {{
            const c = JSON.parse(localStorage.getItem(k));
            c.tijd -= 25 * 3600 * 1000;
            localStorage.setItem(k, JSON.stringify(c)); }} }}"""
    )

    page.reload()

    assert drafts(page) == []
    expect(page.get_by_label("Naam", exact=True)).to_have_value("")


def test_the_warning_before_the_idle_logout_keeps_the_session_or_leads_to_the_login(
    phone, live_server, login, vp_a, settings
):
    """A 12-second session warned 8 seconds before its end (two minutes before thirty in real
    life): the dialog, "Blijf ingelogd", and without it the login."""
    settings.SESSION_COOKIE_AGE = 12
    settings.SESSIE_WAARSCHUWING_SECONDEN = 8
    page = phone
    help_request(vp_a, "HH-2026-0302", "Jan de Vries")
    login(page, vp_a.user.username, PHONE)
    page.get_by_role("link", name="Contact vastleggen").click()
    page.get_by_label("Korte notitie").click()

    dialog = page.get_by_role("alertdialog", name="U wordt zo uitgelogd")
    expect(dialog).to_be_visible(timeout=10_000)
    end = timezone.localtime(Session.objects.get().expire_date)
    expect(dialog).to_contain_text(re.compile(r"Om \d\d:\d\d wordt u uitgelogd"))
    said = re.search(r"Om (\d\d:\d\d)", dialog.inner_text()).group(1)
    assert said in {f"{end + datetime.timedelta(seconds=s):%H:%M}" for s in (-2, 0, 2)}
    stay = dialog.get_by_role("button", name="Blijf ingelogd")
    expect(stay).to_be_focused()  # reachable at once, by keyboard too
    assert_wcag(page)
    check(page, "6-vp-sessie-waarschuwing")
    first_end = Session.objects.get().expire_date

    page.keyboard.press("Enter")

    expect(dialog).to_be_hidden()
    expect(page.get_by_label("Korte notitie")).to_be_focused()  # back where she was
    assert Session.objects.get().expire_date > first_end
    # past the first end: still logged in, on the same page
    page.wait_for_timeout(max(0, (first_end - timezone.now()).total_seconds() * 1000) + 2500)
    assert "/contact/" in page.url
    assert Session.objects.filter(expire_date__gt=timezone.now()).exists()

    # left alone, the dialog comes again and the page goes to the login
    expect(dialog).to_be_visible(timeout=15_000)
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("U bent uitgelogd omdat u een tijd niets hebt gedaan")).to_be_visible()
    assert "next=" in page.url and "contact" in page.url
    assert page.refused == []


def test_the_help_request_list_reads_as_cards_on_a_phone(
    page, live_server, login, coordinator, vp_a
):
    for i in range(3):
        help_request(vp_a, f"HH-2026-04{i:02d}", f"Persoon {i}")
    login(page, coordinator.username, PHONE)

    page.goto(f"{live_server.url}/hulpvragen/")

    assert_no_horizontal_scroll(page)
    status = page.locator('td[data-label="Status"]').first
    expect(status).to_be_visible()
    box = status.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    label = status.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Status"'
    assert page.locator("table thead").first.is_hidden()  # the column names are in each card
    assert_wcag(page)
    check(page, "6-coord-hulpvragen-kaarten")
    # on a desk the same list is a table again
    page.set_viewport_size({"width": 1366, "height": 900})
    expect(page.locator("table thead").first).to_be_visible()

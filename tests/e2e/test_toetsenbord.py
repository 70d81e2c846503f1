"""Issue 18 §3: the trusted person logs a contact by keyboard alone, from the login to the saved
contact: Tab, Shift+Tab, Enter, Space and typing, never the mouse. Every element the focus
passes on the way shows where the focus is (WCAG 2.4.7), and each page passes axe (WCAG 2.1 AA).
"""

import re

import pytest
from playwright.sync_api import expect

from hulpvragen.models import Contactmoment
from tests.browser import PASSWORD, PHONE, assert_wcag
from tests.e2e.journey import settle, today
from tests.e2e.test_journey_vertrouwenspersoon import household

pytestmark = pytest.mark.django_db(transaction=True)

# What the focused element is: its id, its accessible text, the heading of the card it is in,
# and whether it shows a focus ring (an outline or Bootstrap's box-shadow).
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const style = getComputedStyle(e);
    const card = e.closest('section.card');
    const heading = card && card.querySelector('h2');
    return {
        id: e.id,
        tag: e.tagName.toLowerCase(),
        text: (e.getAttribute('aria-label') || e.textContent || '').trim(),
        card: heading ? heading.textContent.trim() : null,
        // chromium moves into a date field's last part (year) before the field matches :focus
        // (and styles it): only a field that matches :focus is asked for its ring
        ring: !e.matches(':focus')
            || (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
            || style.boxShadow !== 'none',
    };
}"""


def tab_until(page, wanted, *, key="Tab", limit=80):
    """Press `key` until the focused element is `wanted` (a predicate on FOCUSED's answer); every
    element passed on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        settle(page)  # the focus ring fades in
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["ring"], f"no visible focus on {focused} at {page.url}"
        if wanted(focused):
            return focused
    raise AssertionError(f"not reachable with {key} on {page.url}")


def test_trusted_person_logs_a_contact_by_keyboard_alone(page, live_server, vp_a):
    household(vp_a, "HH-2026-0101", "Jan de Vries", contact_days_ago=15)
    vraag = household(vp_a, "HH-2026-0102", "Fatima El Amrani", contact_days_ago=30)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")

    # the login, typed
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    tab_until(page, lambda f: f["id"] == "id_username")
    page.keyboard.type(vp_a.user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # the start page: her households, the quietest on top
    expect(page.get_by_role("heading", name="Mijn huishoudens", level=1)).to_be_visible()
    assert_wcag(page)
    tab_until(
        page,
        lambda f: f["text"] == "Contact vastleggen" and f["card"] == "Fatima El Amrani",
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # the contact: a note, the duration behind "Andere datum, duur of opvolgdatum", then the kind
    expect(
        page.get_by_role("heading", name=re.compile("Contact met Fatima El Amrani"))
    ).to_be_visible()
    assert_wcag(page)
    tab_until(page, lambda f: f["id"] == "id_notitie")
    page.keyboard.type("Samen de brief van de gemeente gelezen.")
    tab_until(page, lambda f: f["tag"] == "summary")
    page.keyboard.press("Enter")  # folds open
    expect(page.locator("#id_minuten")).to_be_visible()
    tab_until(page, lambda f: f["id"] == "id_minuten")
    page.keyboard.type("45")
    assert_wcag(page)
    tab_until(page, lambda f: f["text"] == "Huisbezoek", key="Shift+Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # saved, back on her households
    expect(page.get_by_role("alert").filter(has_text="Contact vastgelegd.")).to_be_visible()
    expect(page.get_by_role("heading", name="Mijn huishoudens", level=1)).to_be_visible()
    contact = Contactmoment.objects.filter(hulpvraag=vraag).latest("pk")
    assert (contact.soort, contact.datum, contact.door) == ("huisbezoek", today(), vp_a.user)
    assert contact.notitie == "Samen de brief van de gemeente gelezen."
    assert contact.minuten == 45
    assert_wcag(page)

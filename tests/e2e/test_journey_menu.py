"""Issue 18 §2, the coordinator's menu in six groups, by keyboard alone: Tab to a group, Enter
opens it, Tab reaches its links, Escape closes it again; on a desk and on a 360 px phone, with
axe (WCAG 2.1 AA) while a group is open."""

import pytest
from playwright.sync_api import expect

from tests.browser import DESKTOP, PHONE, assert_wcag
from tests.e2e.journey import check

pytestmark = pytest.mark.django_db(transaction=True)


def focused(page):
    """The focused element's name: its aria-label, else its text."""
    return page.evaluate(
        """() => { const e = document.activeElement;
            return e.getAttribute('aria-label') || e.textContent.trim(); }"""
    )


def tab_to_text(page, text, *, limit=40):
    for _ in range(limit):
        if focused(page) == text:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{text!r} is not reachable with Tab on {page.url}")


def test_the_coordinators_menu_by_keyboard_on_a_desk(page, login, coordinator):
    login(page, coordinator.username, DESKTOP)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    netwerk = nav.locator("details").filter(has=page.locator("summary", has_text="Netwerk"))

    tab_to_text(page, "Netwerk")
    page.keyboard.press("Enter")

    expect(nav.get_by_role("link", name="Vertrouwenspersonen")).to_be_visible()
    assert_wcag(page)
    page.keyboard.press("Escape")
    expect(nav.get_by_role("link", name="Vertrouwenspersonen")).to_be_hidden()
    assert focused(page) == "Netwerk"
    # one group open at a time
    page.keyboard.press("Enter")
    nav.locator("summary", has_text="Hulpvragen").click()
    expect(netwerk).not_to_have_attribute("open", "")
    page.keyboard.press("Escape")

    tab_to_text(page, "Netwerk")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page) == "Vertrouwenspersonen"
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Vertrouwenspersonen", level=1)).to_be_visible()
    # the page is marked in its (closed) group
    expect(nav.locator('a[aria-current="page"]')).to_have_text("Vertrouwenspersonen")
    expect(nav.locator("summary.active")).to_have_text("Netwerk")
    nav.locator("summary", has_text="Netwerk").click()
    check(page)  # (axe at 360 px too, where the menu folds away)


def test_the_menu_by_keyboard_on_a_phone(page, login, coordinator):
    login(page, coordinator.username, PHONE)
    nav = page.get_by_role("navigation", name="Hoofdmenu")

    tab_to_text(page, "Menu openen")
    page.keyboard.press("Enter")
    page.locator(".navbar-collapse.show").wait_for()
    tab_to_text(page, "Hulpvragen")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    assert focused(page) == "In beeld"
    assert_wcag(page)
    check(page, "6-coord-menu")
    tab_to_text(page, "Intake")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Intake", level=1)).to_be_visible()
    expect(nav.locator('a[aria-current="page"]')).to_have_text("Intake")

"""What the five journeys (tests/e2e/test_journey_*.py) share: one check for every page they
visit, screenshots of their key screens, the walk through the inbox, and small dates.

`check(page)` runs axe on the page as the journey sees it; on a phone it also asserts that nothing
scrolls sideways, and a desktop page is looked at 360 px wide as well (axe again: at that width
the menu collapses and other elements show). With `SCREENS_DIR` set (`make screens`), a named
screen is also saved as `<name>-phone.png` and `<name>-desktop.png` in that directory.
"""

import datetime
import os
import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from meldingen.models import Melding
from meldingen.selectors import inbox as inbox_of
from tests.browser import DESKTOP, PHONE, assert_accessible, assert_no_horizontal_scroll

SCREENS_DIR = os.environ.get("SCREENS_DIR", "")


def check(page, screen="", *, show=None):
    """axe on the current page, no horizontal scroll at 360 px, and the screenshots of `screen`
    (scrolled so that the locator `show` is in view, when given)."""
    page.wait_for_load_state("networkidle")
    settle(page)
    original = dict(page.viewport_size)
    on_phone = original["width"] <= PHONE["width"]
    assert_accessible(page)
    if not on_phone:
        _resize(page, PHONE)
        assert_accessible(page)
    assert_no_horizontal_scroll(page)
    if SCREENS_DIR and screen:
        _shoot(page, f"{screen}-phone", show)
        _resize(page, DESKTOP)
        _shoot(page, f"{screen}-desktop", show)
    if page.viewport_size != original:
        _resize(page, original)


def settle(page):
    """Wait until CSS transitions have ended: axe measures colours as they are at that moment, and
    a button that was just tapped is still fading from one colour to the next."""
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
            .map(a => a.finished))"""
    )


def _resize(page, size):
    page.set_viewport_size(size)
    # let the layout settle before measuring or taking a picture
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    settle(page)


def _shoot(page, name, show):
    if show is not None:
        show.evaluate("e => e.scrollIntoView({block: 'start'})")
    else:
        page.evaluate("() => window.scrollTo(0, 0)")
    directory = Path(SCREENS_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(directory / f"{name}.png"), animations="disabled", caret="hide")


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


def nl(day: datetime.date) -> str:
    """A date as the pages show it."""
    return day.strftime("%d-%m-%Y")


def photo_of_a_quote(context) -> bytes:
    """A real JPEG: chromium photographs a supplier's quote (no image library needed)."""
    page = context.new_page()
    page.set_viewport_size({"width": 480, "height": 360})
    page.set_content(
        "<body style='font:16px sans-serif;padding:1em;background:#f6f3ea'>"
        "<h1>Offerte</h1><p>Kringloop Oost · Javastraat 1</p>"
        "<table><tr><td>Koelkast, tweedehands</td><td>€ 240,00</td></tr>"
        "<tr><td>Bezorgen</td><td>€ 25,00</td></tr>"
        "<tr><th>Totaal</th><th>€ 265,00</th></tr></table></body>"
    )
    photo = page.screenshot(type="jpeg", quality=70)
    page.close()
    return photo


def tab_to(page, element_id, *, limit=80):
    """Press Tab (only the keyboard) until the element with this id has the focus."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} is not reachable with Tab from the top of {page.url}")


def same_day_and_month(*, at_least_days_ago: int) -> datetime.date:
    """The latest date like 11-11-2026 (day = month) at least so many days ago. Typed into a date
    field it means the same whether chromium shows dd-mm-jjjj or mm/dd/jjjj: headless chromium
    keeps its own date format whatever locale the page is given."""
    day = days_ago(at_least_days_ago)
    while day.day != day.month:
        day -= datetime.timedelta(days=1)
    return day


def inbox(page, user, screen=""):
    """The inbox as `user` meets it, whatever kinds of notice it holds: the unread count in the
    menu, the inbox (saved as `screen`), the newest notice opened (it lands on its record and is
    read), back to the inbox, and "Alles gelezen". Every page is checked (`check`). Needs two
    unread notices or more: "Alles gelezen" shows while any is unread."""
    unread = Melding.objects.visible_to(user).ongelezen().count()
    assert unread >= 2, f"{user} has {unread} unread notices; the journey needs two"
    newest = inbox_of(user).first()
    _menu_link(page, f"Meldingen {unread} ongelezen").click()
    expect(page.get_by_role("heading", name="Meldingen", level=1)).to_be_visible()
    notices = page.get_by_role("main").get_by_role("listitem")
    expect(notices.filter(has_text="ongelezen")).to_have_count(min(unread, 25))
    check(page, screen)

    notices.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(re.escape(newest.link) + "$"))
    check(page)
    newest.refresh_from_db()
    assert newest.is_gelezen

    _menu_link(page, f"Meldingen {unread - 1} ongelezen").click()
    page.get_by_role("button", name="Alles gelezen").click()
    expect(page.get_by_role("heading", name="Meldingen", level=1)).to_be_visible()
    expect(notices.filter(has_text="ongelezen")).to_have_count(0)
    expect(page.get_by_role("button", name="Alles gelezen")).to_have_count(0)
    expect(_menu_link(page, "Meldingen", open_menu=False)).to_have_count(1)  # no count
    assert not Melding.objects.visible_to(user).ongelezen().exists()
    check(page)


def _menu_link(page, name, *, open_menu=True):
    """A link of the main menu by its exact name; on a phone the menu is opened first (or, with
    open_menu=False, the link is found in the closed menu)."""
    on_phone = page.viewport_size["width"] <= PHONE["width"]
    if open_menu and on_phone:
        page.get_by_role("button", name="Menu openen").click()
    return page.get_by_role(
        "navigation", name="Hoofdmenu", include_hidden=not open_menu
    ).get_by_role("link", name=name, exact=True, include_hidden=not open_menu)


def menu(page, *names):
    """Go through the main menu as a user does: on a phone open it first, then the group by its
    name (a <details> that folds open), then the link; a group of one page is a link itself."""
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    toggler = nav.get_by_role("button", name="Menu openen")
    if toggler.is_visible():
        toggler.click()
        page.locator(".navbar-collapse.show").wait_for()
    *groups, link = names
    for group in groups:
        nav.locator("summary").filter(has_text=group).click()
    nav.get_by_role("link", name=link, exact=True).click()


def log_out(page, account):
    """Log out through the account menu (named after the user), as a user does: on a phone the
    main menu is opened first and has finished its animation before the account menu is tapped
    (a tap during the animation can miss, and the logout button then never shows)."""
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    toggler = nav.get_by_role("button", name="Menu openen")
    if toggler.is_visible():
        toggler.click()
        page.locator(".navbar-collapse.show").wait_for()
    nav.locator("summary").filter(has_text=account).click()
    page.locator("#hoofdmenu details[open]").wait_for()
    with page.expect_navigation():
        nav.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()

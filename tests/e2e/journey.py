"""What the five journeys (tests/e2e/test_journey_*.py) share: one check for every page they
visit, screenshots of their key screens, and small dates.

`check(page)` runs axe on the page as the journey sees it; on a phone it also asserts that nothing
scrolls sideways, and a desktop page is looked at 360 px wide as well (axe again: at that width
the menu collapses and other elements show). With `SCREENS_DIR` set (`make screens`), a named
screen is also saved as `<name>-phone.png` and `<name>-desktop.png` in that directory.
"""

import datetime
import os
from pathlib import Path

from django.utils import timezone

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

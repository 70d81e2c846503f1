"""The report page in a real browser: the nine charts (the source's eight and the outcomes) draw
under the app's Content Security Policy, the page fits a 360 px phone, and axe finds no serious
accessibility problem."""

import random

import pytest

from demo import netwerk as netwerk_demo
from demo import seed
from tests.browser import DESKTOP, PHONE, assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
QUERY = "/rapportage/?peildatum=2021-03-01"


@pytest.fixture
def demo(transactional_db):
    ctx = {"password": "x" * 12, "rng": random.Random(2021)}
    netwerk_demo.build(ctx)
    seed.build(ctx)
    return ctx


def test_charts_draw_under_the_csp_on_a_phone(browser, live_server, login, demo):
    context = browser.new_context(locale="nl-NL")  # keeps the app's CSP
    page = login(context.new_page(), "coordinator", PHONE)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + QUERY)
    page.wait_for_load_state("networkidle")

    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas')].filter(c => Chart.getChart(c)).length"
    )
    assert drawn == 13  # the source's eight, the outcomes, the fund chain's three, the route
    assert "script-src" in page.request.get(page.url).headers["content-security-policy"]
    assert not errors
    assert_no_horizontal_scroll(page)
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_report_page_is_accessible(browser, live_server, login, demo, viewport):
    context = browser.new_context(locale="nl-NL", bypass_csp=True)  # axe is injected
    page = login(context.new_page(), "coordinator", viewport)

    page.goto(live_server.url + QUERY)
    page.wait_for_load_state("networkidle")

    assert page.get_by_role("table").count() == 13 + 1  # and the key figures per quarter
    assert page.locator("#trend-kop ~ div svg[role=img]").count() >= 2
    assert_accessible(page)  # on a desktop with the menu bar open too
    context.close()


def test_print_hides_the_form_and_keeps_the_tables(browser, live_server, login, demo):
    context = browser.new_context(locale="nl-NL")
    page = login(context.new_page(), "orgcoordinator", DESKTOP)
    page.goto(live_server.url + QUERY)
    page.wait_for_load_state("networkidle")

    page.emulate_media(media="print")

    assert not page.locator("form.rapport-form").is_visible()
    assert page.get_by_role("table").first.is_visible()
    context.close()

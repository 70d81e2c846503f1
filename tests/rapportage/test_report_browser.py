"""The report page in a real browser: the eight charts draw under the app's Content Security
Policy, the page fits a 360 px phone, and axe finds no serious accessibility problem."""

import os
import random
import shutil
from pathlib import Path

import pytest

from netwerk import demo as netwerk_demo
from rapportage import seed
from tests.e2e.conftest import (
    AXE,
    CHROMIUM,
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_horizontal_scroll,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
QUERY = "/rapportage/?peildatum=2021-03-01"


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _chromium_available():
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        message = f"chromium not found at {CHROMIUM}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture
def demo(transactional_db):
    """An earlier browser test may have flushed the data migrations: the role groups first."""
    from django.contrib.auth.models import Group

    from netwerk.roles import Rol

    for rol in Rol:
        Group.objects.get_or_create(name=rol.value)
    ctx = {"password": "x" * 12, "rng": random.Random(2021)}
    netwerk_demo.build(ctx)
    seed.build(ctx)
    return ctx


def _login(page, live_server, username, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("x" * 12)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")
    return page


def test_charts_draw_under_the_csp_on_a_phone(browser, live_server, demo):
    context = browser.new_context(locale="nl-NL")  # keeps the app's CSP
    page = _login(context.new_page(), live_server, "coordinator", PHONE)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + QUERY)
    page.wait_for_load_state("networkidle")

    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas')].filter(c => Chart.getChart(c)).length"
    )
    assert drawn == 8
    assert "script-src" in page.request.get(page.url).headers["content-security-policy"]
    assert not errors
    assert_no_horizontal_scroll(page)
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_report_page_is_accessible(browser, live_server, demo, viewport):
    context = browser.new_context(locale="nl-NL", bypass_csp=True)  # axe is injected
    page = _login(context.new_page(), live_server, "coordinator", viewport)

    page.goto(live_server.url + QUERY)
    page.wait_for_load_state("networkidle")

    assert page.get_by_role("table").count() == 8
    if viewport == PHONE:
        assert_accessible(page)
    else:
        # On a desktop the nav bar (base.html, not this page) is open; its contrast is reported
        # separately. Check this page's own content.
        assert not _serious_violations(page, "#inhoud")
    context.close()


def _serious_violations(page, selector):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (sel) => await axe.run(sel, {resultTypes: ['violations']})", selector
    )
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_print_hides_the_form_and_keeps_the_tables(browser, live_server, demo):
    context = browser.new_context(locale="nl-NL")
    page = _login(context.new_page(), live_server, "orgcoordinator", DESKTOP)
    page.goto(live_server.url + QUERY)
    page.wait_for_load_state("networkidle")

    page.emulate_media(media="print")

    assert not page.locator("form.rapport-form").is_visible()
    assert page.get_by_role("table").first.is_visible()
    context.close()

"""The attendance screen and the measurement pages in a real browser at phone width: one tap
stores the status (with JavaScript), no horizontal scroll, no serious accessibility problem, and
the chart draws under the app's Content Security Policy."""

import datetime
import os
import shutil
from pathlib import Path

import pytest

from opleiding.models import Aanwezigheid, Meting
from tests.e2e.conftest import CHROMIUM, PHONE, assert_accessible, assert_no_horizontal_scroll
from tests.opleiding.conftest import enrol, make_cohort, sessions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _chromium_available():
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        message = f"chromium not found at {CHROMIUM}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _roles(transactional_db):
    """An earlier browser test flushed the database, data migrations included: put the role
    groups back before the role fixtures need them."""
    from django.contrib.auth.models import Group

    from netwerk.roles import Rol

    for rol in Rol:
        Group.objects.get_or_create(name=rol.value)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe-core is injected as a script tag, so this context bypasses the app's CSP; the chart
    # test opens its own context that keeps it.
    return {**browser_context_args, "bypass_csp": True, "locale": "nl-NL"}


def _login(page, live_server, user):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill("x" * 12)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")
    return page


@pytest.fixture
def logged_in(page, live_server, opleider):
    return _login(page, live_server, opleider)


def test_one_tap_on_a_phone_stores_attendance(logged_in, live_server, opleider):
    page = logged_in
    cohort = make_cohort("Cohort telefoon", opleiders=[opleider.profiel.organisatie])
    [les] = sessions(cohort, "les", 1)
    deelnames = [enrol(cohort, f"Deelnemer met een lange naam {i}") for i in range(3)]
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{live_server.url}/opleiding/bijeenkomsten/{les.pk}/")
    row = page.locator(f"#d-{deelnames[1].uuid}")
    row.get_by_role("button", name="Afwezig met bericht").click()
    page.wait_for_function(
        f"document.querySelector('#d-{deelnames[1].uuid} [data-status=afwezig_met_bericht]')"
        ".getAttribute('aria-pressed') === 'true'"
    )
    page.wait_for_load_state("networkidle")

    assert Aanwezigheid.objects.get(deelname=deelnames[1]).status == "afwezig_met_bericht"
    assert page.url.endswith(f"/bijeenkomsten/{les.pk}/")  # no reload: stored by fetch
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    assert not errors


def test_measurement_chart_draws_on_a_phone_under_the_csp(browser, live_server, opleider):
    context = browser.new_context(locale="nl-NL")
    page = _login(context.new_page(), live_server, opleider)
    cohort = make_cohort("Cohort metingen", opleiders=[opleider.profiel.organisatie])
    deelname = enrol(cohort, "Gemeten")
    scores = dict.fromkeys(
        [
            "persoonlijke_groei",
            "professionele_vaardigheden",
            "sociale_vaardigheden",
            "zelfvertrouwen",
            "netwerk",
            "grenzen_aangeven",
        ],
        3,
    )
    Meting.objects.create(deelname=deelname, soort="0", datum=datetime.date(2021, 1, 1), **scores)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{live_server.url}/opleiding/cohorten/{cohort.pk}/metingen/")
    page.wait_for_load_state("networkidle")

    drawn = page.evaluate(
        "() => !!window.Chart && !!Chart.getChart(document.querySelector('canvas'))"
    )
    assert drawn
    assert "script-src" in page.request.get(page.url).headers["content-security-policy"]
    assert not errors  # a CSP violation would be logged as an error
    assert_no_horizontal_scroll(page)
    context.close()


def test_measurement_page_is_accessible(logged_in, live_server, opleider):
    cohort = make_cohort("Cohort a11y", opleiders=[opleider.profiel.organisatie])
    enrol(cohort, "Deelnemer")

    logged_in.goto(f"{live_server.url}/opleiding/cohorten/{cohort.pk}/metingen/")

    assert_accessible(logged_in)
    logged_in.goto(f"{live_server.url}/opleiding/cohorten/{cohort.pk}/")
    assert_no_horizontal_scroll(logged_in)
    assert_accessible(logged_in)

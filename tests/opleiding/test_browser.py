"""The attendance screen and the measurement pages in a real browser at phone width: one tap
stores the status (with JavaScript), no horizontal scroll, no serious accessibility problem, and
the chart draws under the app's Content Security Policy."""

import datetime

import pytest

from opleiding.models import Aanwezigheid, Meting
from tests.browser import PHONE, assert_accessible, assert_no_horizontal_scroll
from tests.opleiding.conftest import enrol, make_cohort, sessions

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def logged_in(page, login, opleider):
    return login(page, opleider.username, PHONE)


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


def test_measurement_chart_draws_on_a_phone_under_the_csp(browser, live_server, login, opleider):
    context = browser.new_context(locale="nl-NL")
    page = login(context.new_page(), opleider.username, PHONE)
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

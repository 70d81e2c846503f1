"""Two coordinators edit one help request in their browsers: the second save is refused with
what the first changed, keeps the second's input, and a second save stores both (axe on the
refused page)."""

import pytest
from playwright.sync_api import expect

from netwerk.roles import Rol
from tests.browser import PASSWORD, assert_accessible
from tests.factories import make_user
from tests.hulpvragen.conftest import first_hulpvraag, make_household

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_second_of_two_editors_sees_the_first_edit_and_loses_nothing(
    browser, page, live_server, login, coordinator, vp_a
):
    hulpvraag = first_hulpvraag(make_household(vp_a, omschrijving="Schulden"))
    make_user("coord_b", Rol.COORDINATOR, first_name="Bram", last_name="Bakker")
    url = f"{live_server.url}/hulpvragen/{hulpvraag.uuid}/wijzigen/"
    # a second coordinator; axe is injected
    andere = browser.new_context(locale="nl-NL", bypass_csp=True).new_page()
    login(page, coordinator.username)
    login(andere, "coord_b", password=PASSWORD)
    page.goto(url)
    andere.goto(url)

    page.get_by_label("Omschrijving").fill("Schulden en een brief van de woningcorporatie")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Hulpvraag opgeslagen.")).to_be_visible()
    andere.get_by_label("Terugkerend of eenmalig").select_option("eenmalig")
    andere.get_by_role("button", name="Opslaan").click()

    expect(andere.get_by_text("Dit record is intussen gewijzigd door coord om")).to_be_visible()
    expect(andere.get_by_label("Terugkerend of eenmalig")).to_have_value("eenmalig")
    expect(andere.get_by_label("Omschrijving")).to_have_value(
        "Schulden en een brief van de woningcorporatie"
    )
    assert_accessible(andere)
    andere.get_by_role("button", name="Opslaan").click()
    expect(andere.get_by_text("Hulpvraag opgeslagen.")).to_be_visible()
    hulpvraag.refresh_from_db()
    assert hulpvraag.omschrijving == "Schulden en een brief van de woningcorporatie"
    assert hulpvraag.terugkerend == "eenmalig"
    andere.context.close()

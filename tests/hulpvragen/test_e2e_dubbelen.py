"""The duplicate check in a browser: a trusted person registers on a phone (360 px) someone who is
already registered elsewhere, gets only the neutral message and saves after all; the coordinator
then merges the two households side by side (axe on each page)."""

import datetime

import pytest
from playwright.sync_api import expect

from hulpvragen import services
from hulpvragen.models import Huishouden
from tests.browser import DESKTOP, PHONE, assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEUTRAAL = "Mogelijk al bekend bij een andere organisatie: neem contact op met de coördinator."


def test_a_known_person_is_signalled_then_merged(page, live_server, login, vp_a, vp_b, coordinator):
    bekend = services.register_intake(
        huishouden={"woonplaats": "oost"},
        hulpvrager={"naam": "Fatima El Amrani", "geslacht": "vrouw", "geboortejaar": 1975},
        hulpvraag={"intake_datum": datetime.date(2021, 1, 11), "soort": "praktisch"},
        themas=[],
        toestemming_datum=datetime.date(2021, 1, 11),
        vertrouwenspersoon=vp_b,
        organisatie=vp_b.organisatie,
    )
    page.set_viewport_size(PHONE)
    login(page, vp_a.user.username)
    page.goto(f"{live_server.url}/hulpvragen/intake/")
    page.get_by_label("Naam").fill("El-Amrani, Fátima")
    page.get_by_label("Geboortejaar").fill("1975")
    page.get_by_label("Woonplaats").select_option(label="Oost")
    page.get_by_label("Soort vraag").select_option(value="praktisch")
    page.get_by_label("De hulpvrager geeft toestemming").check()
    page.get_by_role("button", name="Intake opslaan").click()

    alert = page.locator("#dubbelcontrole")
    expect(alert).to_contain_text(NEUTRAAL)
    expect(alert).not_to_contain_text(bekend.referentie)
    assert Huishouden.objects.count() == 1
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Toch opslaan").click()
    expect(page.get_by_text("Intake vastgelegd als")).to_be_visible()
    nieuw = Huishouden.objects.exclude(pk=bekend.pk).get()

    page.context.clear_cookies()  # the coordinator's turn
    login(page, coordinator.username, DESKTOP)
    page.goto(f"{live_server.url}/meldingen/")
    page.get_by_role("link", name=f"Mogelijk dubbele registratie: {nieuw.referentie}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(nieuw.referentie)
    expect(page.get_by_role("columnheader", name=bekend.referentie)).to_be_visible()
    assert_accessible(page)
    page.get_by_label(f"{bekend.referentie} bewaren, de ander erin opnemen").check()
    page.get_by_label("Ik heb beide naast elkaar bekeken").check()
    page.get_by_role("button", name="Samenvoegen").click()

    expect(page.get_by_text("Samengevoegd; verplaatst: 1 hulpvraag")).to_be_visible()
    assert list(Huishouden.objects.all()) == [bekend]
    assert bekend.hulpvragen.count() == 2

"""Journey 7 (issue 22 §3, §6): a trusted person claims travel costs on a phone with a photo of
the receipt; the coordinator approves it, then records the onboarding of a new trusted person
who cannot get a household before it is done."""

import pytest
from playwright.sync_api import expect

from onkosten.models import Declaratie
from tests.browser import PHONE
from tests.e2e.journey import check, days_ago, menu, photo_of_a_quote
from tests.factories import VertrouwenspersoonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_claim_with_a_receipt_approved_and_onboarding_recorded(
    page, login, live_server, vp_a, coordinator
):
    login(page, vp_a.user.username, PHONE)
    menu(page, "Netwerk", "Onkosten")
    check(page)
    page.get_by_role("link", name="Nieuwe declaratie").click()
    page.get_by_label("Soort kosten").select_option(label="Reiskosten")
    page.get_by_label("Datum van de kosten").fill(days_ago(2).isoformat())
    page.get_by_label("Bedrag (€)").fill("7.80")
    page.get_by_label("Omschrijving").fill("Tram naar huisbezoek en terug")
    page.get_by_label("Bon").set_input_files(
        files=[
            {
                "name": "bon-gvb.jpg",
                "mimeType": "image/jpeg",
                "buffer": photo_of_a_quote(page.context),
            }
        ]
    )
    check(page, "7-vp-declaratie")
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_text("De declaratie is ingediend.")).to_be_visible()
    check(page, "7-vp-onkosten")

    page.context.clear_cookies()
    login(page, coordinator.username)
    page.goto(f"{live_server.url}/onkosten/")
    page.get_by_role("link", name=days_ago(2).strftime("%d-%m-%Y")).click()
    page.get_by_label("Goedkeuren").check()
    check(page, "7-coord-declaratie-beoordelen")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("De declaratie is Goedgekeurd.")).to_be_visible()
    assert Declaratie.objects.get().status == "goedgekeurd"

    nieuw = VertrouwenspersoonFactory(
        naam="Nina Nieuw", organisatie=vp_a.organisatie, vrijstelling_reden=""
    )
    page.goto(f"{live_server.url}{nieuw.get_absolute_url()}")
    expect(page.get_by_text("ontbreekt: VOG, getekende geheimhoudingsverklaring")).to_be_visible()
    page.get_by_role("link", name="Inwerken vastleggen").click()
    page.get_by_label("Datum VOG").fill(days_ago(30).isoformat())
    page.get_by_label("Geheimhoudingsverklaring getekend op").fill(days_ago(3).isoformat())
    check(page, "7-coord-inwerken")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("ontbreekt: afgeronde opleiding")).to_be_visible()

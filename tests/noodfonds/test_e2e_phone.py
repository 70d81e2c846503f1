"""The fund's pages on a phone (360 px): applying, the committee's review, the budget."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from netwerk.roles import Rol
from noodfonds.choices import AanvraagStatus, Actie, Stem
from noodfonds.models import Aanvraag
from noodfonds.services import transition_aanvraag
from tests.browser import PHONE, assert_accessible, assert_no_horizontal_scroll
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_trusted_person_applies_and_submits_on_a_phone(
    page, live_server, login, vp_a, huishouden_a
):
    page.set_viewport_size(PHONE)
    login(page, vp_a.user.username)

    page.goto(f"{live_server.url}/noodfonds/aanvragen/nieuw/")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label("Huishouden").select_option(label=huishouden_a.referentie)
    page.get_by_label("Woonplaats").select_option(label="Oost")
    page.get_by_label("Onderwerp").select_option(label="Inrichting")
    page.get_by_label("Inkomsten").select_option(label="Pensioen/AOW")
    page.get_by_label("Nee").check()
    page.locator("#id_voorziening").select_option(label="Niet gevraagd")
    page.get_by_label("Gevraagd bedrag").fill("180")
    page.get_by_label("Motivatie").fill("Bed kapot, rugklachten.")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_text("Concept opgeslagen")).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Indienen", exact=True).click()

    expect(page.get_by_text("De aanvraag is ingediend")).to_be_visible()
    aanvraag = Aanvraag.objects.get()
    assert aanvraag.status == AanvraagStatus.INGEDIEND
    assert aanvraag.gevraagd_bedrag == Decimal("180")


def test_a_member_assesses_on_a_phone(page, live_server, login, commissielid, maak_aanvraag):
    aanvraag = maak_aanvraag()
    page.set_viewport_size(PHONE)
    login(page, commissielid.username)

    page.goto(f"{live_server.url}/noodfonds/commissie/")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name=aanvraag.referentie).click()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label("Afwijzen").check()
    page.get_by_label("Motivering").fill("Bijzondere bijstand is mogelijk.")
    page.get_by_role("button", name="Oordeel vastleggen").click()

    expect(page.get_by_text("Uw oordeel is vastgelegd")).to_be_visible()
    assert aanvraag.beoordelingen.get().lid == commissielid


def test_the_budget_page_fits_a_phone(page, live_server, login, coordinator, geld, maak_aanvraag):
    geld("800")
    maak_aanvraag(AanvraagStatus.UITBETAALD, besloten_op=datetime.date(2021, 1, 20))
    page.set_viewport_size(PHONE)
    login(page, coordinator.username)

    page.goto(f"{live_server.url}/noodfonds/budget/")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.goto(f"{live_server.url}/noodfonds/aanvragen/")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.goto(f"{live_server.url}/noodfonds/budget/")

    expect(page.locator("#beschikbaar")).to_have_text("€ 550,00")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


def test_a_third_member_decides_a_split_vote_on_a_phone(
    page, live_server, login, commissielid, commissielid2, maak_aanvraag, geld
):
    geld("1000")
    aanvraag = maak_aanvraag()
    for lid, stem in ((commissielid, Stem.TOEKENNEN), (commissielid2, Stem.AFWIJZEN)):
        transition_aanvraag(
            aanvraag=aanvraag,
            actie=Actie.BEOORDELEN,
            door=lid,
            stem=stem,
            bedrag=Decimal("120") if stem == Stem.TOEKENNEN else None,
            motivering="Eerste oordeel.",
        )
    derde = make_user("commissie_3", Rol.FONDSCOMMISSIE)
    page.set_viewport_size(PHONE)
    login(page, derde.username)

    page.goto(f"{live_server.url}/noodfonds/commissie/")
    expect(page.get_by_text("Derde oordeel nodig").first).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name=aanvraag.referentie).click()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("radio", name="Toekennen").check()
    page.get_by_role("spinbutton", name="Bedrag (bij toekennen)").fill("100")
    page.get_by_label("Motivering").fill("Acute nood.")
    page.get_by_role("button", name="Oordeel vastleggen").click()

    expect(page.get_by_text("Daarmee is de aanvraag toegekend")).to_be_visible()
    aanvraag.refresh_from_db()
    assert aanvraag.status == AanvraagStatus.TOEGEKEND

"""Journey 7: from the application to the bank, on a phone (issue 21).

The trusted person applies for a household: the public provision asked first (special
assistance, refused) on the form, then the papers checklist (identity seen, income statement
received, the quote still missing); submitting is refused, naming the missing quote, until it
is marked received. She records whom the fund pays (the landlord: a wrong check digit in the
IBAN is named next to the field); a committee member grants it on her phone without ever seeing the
creditor or the account; the trusted person makes the decision letter and downloads it to hand
over; the coordinator puts the application in a payment batch, downloads the SEPA file (it
validates against the pain.001.001.03 schema), is warned on a second download, and marks the
batch paid: the application is paid, the available budget stays as it was at the decision."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
from lxml import etree
from playwright.sync_api import expect

from hulpvragen.models import Signaal
from noodfonds.choices import AanvraagStatus, Actie, Onderwerp, Stem
from noodfonds.models import Aanvraag, Betaalbatch
from noodfonds.selectors import budget_saldo
from noodfonds.services import register_storting, transition_aanvraag
from tests.browser import PHONE
from tests.e2e.journey import check, menu, today
from tests.factories import HuishoudenFactory, HulpvragerFactory
from tests.pdftekst import pdf_text, squeeze

pytestmark = pytest.mark.django_db(transaction=True)

XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
LANDLORD = "Woonstichting Ééndracht"
IBAN = "NL91 ABNA 0417 1643 00"


def deposit_and_household(vp, coordinator):
    """Money in the fund, and a household of the trusted person's own."""
    register_storting(
        door=coordinator, datum=datetime.date(2026, 1, 5), bedrag=Decimal("1000"), fondsgever="VSB"
    )
    huishouden = HuishoudenFactory(vertrouwenspersoon=vp, organisatie=vp.organisatie)
    HulpvragerFactory(huishouden=huishouden, naam="Wilhelmina Zwanenburg")
    return huishouden


def test_from_application_to_the_payment_batch_on_a_phone(
    page,
    browser,
    browser_context_args,
    login,
    live_server,
    coordinator,
    commissielid,
    commissielid2,
    vp_a,
):
    huishouden = deposit_and_household(vp_a, coordinator)

    # the trusted person applies on her phone: the public provision was asked first and refused
    login(page, vp_a.user.username, PHONE)
    menu(page, "Noodfonds")
    page.get_by_role("link", name="Nieuwe aanvraag").click()
    page.get_by_label("Huishouden").select_option(label=huishouden.referentie)
    page.get_by_label("Woonplaats").select_option(label="Oost")
    page.get_by_label("Onderwerp").select_option(label=Onderwerp.VERBLIJF.label)
    page.get_by_label("Inkomsten").select_option(label="Uitkering (bijstand, WW, Wajong)")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("Gevraagd bedrag").fill("480")
    page.get_by_label("Motivatie").fill(
        "Huurachterstand van twee maanden; de verhuurder dreigt met ontruiming."
    )
    page.locator("#id_voorziening").select_option(label="Bijzondere bijstand")
    page.locator("#id_voorziening_resultaat").select_option(label="Afgewezen")
    check(page)
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_text("Concept opgeslagen")).to_be_visible()
    aanvraag = Aanvraag.objects.get()
    ref = aanvraag.referentie
    detail = f"{live_server.url}{aanvraag.get_absolute_url()}"
    assert (aanvraag.voorziening, aanvraag.voorziening_resultaat) == (
        "bijzondere_bijstand",
        "afgewezen",
    )

    # the papers checklist: identity seen, income statement received, the quote still missing
    page.locator("#id_identiteit").select_option(label="Ontvangen")
    page.locator("#id_inkomen").select_option(label="Ontvangen")
    page.locator("#id_offerte").select_option(label="Ontbreekt")
    page.get_by_role("button", name="Checklist opslaan").click()
    expect(page.get_by_text("De checklist is bijgewerkt.")).to_be_visible()
    page.get_by_role("button", name="Indienen", exact=True).click()
    expect(
        page.get_by_text("deze verplichte stukken ontbreken: Offerte of factuur.")
    ).to_be_visible()
    check(page)
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == AanvraagStatus.CONCEPT
    assert not Signaal.objects.exists()  # no signal from a refused submission
    # the landlord's invoice arrives
    page.locator("#id_offerte").select_option(label="Ontvangen")
    page.get_by_role("button", name="Checklist opslaan").click()
    expect(page.get_by_text("De checklist is bijgewerkt.")).to_be_visible()
    expect(page.locator("#checklist-stand")).not_to_contain_text("Ontbreekt")
    check(page)
    page.get_by_role("button", name="Indienen", exact=True).click()
    expect(page.get_by_text("De aanvraag is ingediend")).to_be_visible()
    check(page)
    aanvraag.refresh_from_db()
    assert (aanvraag.status, aanvraag.ingediend_op) == (AanvraagStatus.INGEDIEND, today())
    assert (aanvraag.huishouden, aanvraag.vertrouwenspersoon) == (huishouden, vp_a)
    # the refused provision became one anonymous policy signal
    signaal = Signaal.objects.get(bron="noodfonds")
    assert signaal.voorziening == "bijzondere_bijstand" and not signaal.hulpvragen.exists()
    assert huishouden.referentie not in signaal.tekst and ref not in signaal.tekst

    # the trusted person records the landlord; a typing error in the IBAN first
    page.get_by_label("Naam crediteur").fill(LANDLORD)
    page.get_by_label("IBAN").fill("NL92 ABNA 0417 1643 00")
    page.get_by_label("Betalingskenmerk").fill("Huur mei-juni 2026")
    page.get_by_role("button", name="Crediteur opslaan").click()
    iban = page.get_by_label("IBAN")
    expect(iban).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("het controlegetal is onjuist")).to_be_visible()
    check(page)
    iban.fill(IBAN)
    page.get_by_role("button", name="Crediteur opslaan").click()
    expect(page.get_by_text("De crediteur is vastgelegd.")).to_be_visible()
    expect(page.get_by_test_id("crediteur")).to_contain_text(IBAN)
    check(page, "7-fonds-vp-crediteur", show=page.get_by_test_id("crediteur"))

    # the committee grants it: one member earlier, the other on her phone; no creditor in sight
    transition_aanvraag(
        aanvraag=aanvraag,
        actie=Actie.BEOORDELEN,
        door=commissielid2,
        stem=Stem.TOEKENNEN,
        bedrag=Decimal("480"),
        motivering="Ontruiming voorkomen.",
    )
    context = browser.new_context(**browser_context_args)
    phone = login(context.new_page(), commissielid.username, PHONE)
    phone.get_by_role("link", name=ref).click()
    for secret in ("Ééndracht", "Eendracht", "NL91", "0417 1643", "Huur mei-juni"):
        assert secret not in phone.content()
    phone.get_by_role("radio", name="Toekennen").check()
    phone.get_by_label("Bedrag (bij toekennen)").fill("480")
    phone.get_by_label("Motivering").fill("Eens.")
    phone.get_by_role("button", name="Oordeel vastleggen").click()
    expect(phone.get_by_text("Uw oordeel is vastgelegd.")).to_be_visible()
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == AanvraagStatus.TOEGEKEND
    beschikbaar = budget_saldo()["beschikbaar"]
    assert beschikbaar == Decimal("520")

    # the trusted person makes the decision letter and downloads it
    page.goto(detail)
    page.get_by_role("button", name="Besluitbrief maken").click()
    expect(page.get_by_text("De besluitbrief is gemaakt.")).to_be_visible()
    with page.expect_download() as letter:
        page.get_by_role("link", name="Besluitbrief", exact=False).first.click()
    tekst = squeeze(pdf_text(Path(letter.value.path()).read_bytes()))
    assert "Het noodfonds geeft u € 480,00." in tekst
    assert LANDLORD in tekst and IBAN in tekst
    check(page, "7-fonds-vp-besluitbrief", show=page.get_by_role("heading", name="Besluitbrief"))

    # the coordinator pays it through a batch
    desk = login(
        browser.new_context(**browser_context_args).new_page(), coordinator.username, PHONE
    )
    desk.goto(f"{live_server.url}/noodfonds/budget/")
    desk.get_by_role("link", name="Betalingen aan crediteuren").click()
    expect(desk.get_by_role("checkbox", name=ref, exact=False)).to_be_checked()
    check(desk, "7-fonds-coord-betalingen")
    desk.get_by_role("button", name="Batch maken").click()
    expect(desk.get_by_text("Batch B-0001 is gemaakt.")).to_be_visible()
    expect(desk.get_by_test_id("batch-totaal")).to_contain_text("€ 480,00")
    check(desk, "7-fonds-coord-batch")
    with desk.expect_download() as sepa:
        desk.get_by_role("button", name="Download SEPA-bestand").click()
    xml = Path(sepa.value.path()).read_bytes()
    etree.XMLSchema(etree.parse(str(XSD))).assertValid(etree.fromstring(xml))
    assert b"Woonstichting Eendracht" in xml and b"NL91ABNA0417164300" in xml
    assert b'<InstdAmt Ccy="EUR">480.00</InstdAmt>' in xml
    desk.reload()
    expect(desk.get_by_text("Dit bestand is al gedownload.")).to_be_visible()
    with desk.expect_download() as again:
        desk.get_by_role("button", name="Download SEPA-bestand").click()
    assert Path(again.value.path()).read_bytes() == xml
    desk.reload()
    expect(desk.get_by_text("al eerder gedownload")).to_be_visible()
    desk.get_by_role("button", name="Batch is betaald").click()
    expect(desk.get_by_text("De batch is als betaald vastgelegd")).to_be_visible()
    check(desk, "7-fonds-coord-batch-betaald")

    aanvraag.refresh_from_db()
    assert (aanvraag.status, aanvraag.uitbetaald_bedrag) == (AanvraagStatus.UITBETAALD, 480)
    assert (aanvraag.uitbetaald_op, aanvraag.uitbetaald_aan) == (today(), "leverancier")
    assert budget_saldo()["beschikbaar"] == beschikbaar  # counted once: at the decision
    assert Betaalbatch.objects.get().betaald_op == today()

"""Journey 1: a trusted person's day on a 360×740 phone.

She logs in to the day's reminders (the unread count in the menu, the inbox, a notice that leads to
its help request, "Alles gelezen"), opens "Mijn huishoudens" and finds the household that needs
attention on top, logs a phone call in two taps, sets a follow-up date, and applies to the
emergency fund with a photo of a quote. Every page is checked with axe and for sideways scrolling
(tests/e2e/journey.py)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from hulpvragen.choices import ContactSoort
from hulpvragen.models import Contactmoment, Hulpvraag, Signaal
from hulpvragen.services import log_contact
from meldingen.services import maak_herinneringen
from noodfonds.choices import AanvraagStatus, BijlageSoort, Onderwerp
from noodfonds.models import Aanvraag
from tests.browser import PHONE
from tests.e2e.journey import check, days_ago, inbox, menu, nl, photo_of_a_quote, today
from tests.factories import HuishoudenFactory, HulpvraagFactory, HulpvragerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def household(vp, referentie, naam, *, contact_days_ago, nazorg=None, **hulpvraag):
    """An open help request of `vp`'s household, last contacted `contact_days_ago` days ago."""
    huishouden = HuishoudenFactory(
        referentie=referentie, vertrouwenspersoon=vp, organisatie=vp.organisatie
    )
    persoon = HulpvragerFactory(huishouden=huishouden, naam=naam)
    vraag = HulpvraagFactory(
        hulpvrager=persoon,
        intake_datum=days_ago(60),
        vertrouwenspersoon=vp,
        nazorg_datum=nazorg,
        **hulpvraag,
    )
    # through the service: it keeps the help request's last contact, which the flags read
    log_contact(hulpvraag=vraag, datum=days_ago(contact_days_ago), soort=ContactSoort.HUISBEZOEK)
    return vraag


def test_trusted_person_keeps_her_households_in_view_on_a_phone(
    page, live_server, login, vp_a, vp_b
):
    # Two quiet households, contacted 15 and 10 days ago (the first to be followed up today), and
    # one whose follow-up date passed two days ago (contacted 5 days ago): only the flag can put
    # it on top.
    household(vp_a, "HH-2026-0101", "Jan de Vries", contact_days_ago=15, nazorg=today())
    household(vp_a, "HH-2026-0102", "Fatima El Amrani", contact_days_ago=10)
    flagged = household(
        vp_a,
        "HH-2026-0103",
        "Sevda Yilmaz",
        contact_days_ago=5,
        nazorg=days_ago(2),
        omschrijving="Huurachterstand, brief van de verhuurder",
    )
    household(vp_b, "HH-2026-0201", "Iemand van een ander", contact_days_ago=30)
    maak_herinneringen(vandaag=today())  # the daily run: two follow-ups for her, one for vp_b

    # log in: she lands on "Mijn huishoudens"; the notices, then back through the menu
    page.set_viewport_size(PHONE)
    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    check(page, "0-inloggen")
    login(page, vp_a.user.username, PHONE)
    # she lands on her households, today's work on top
    expect(page.get_by_role("heading", name="Mijn huishoudens", level=1)).to_be_visible()
    expect(page.locator('[data-telling="open"]')).to_contain_text("3 open hulpvragen")
    check(page)
    inbox(page, vp_a.user, "1-vp-meldingen")
    menu(page, "Hulpvragen", "Mijn huishoudens")  # back from the inbox
    expect(page.get_by_role("heading", name="Mijn huishoudens", level=1)).to_be_visible()
    cards = page.locator("main section.card")
    expect(cards).to_have_count(3)  # not the other trusted person's household
    first = cards.first
    expect(first.get_by_role("heading", level=2)).to_have_text("Sevda Yilmaz")
    expect(first.get_by_text("Opvolgdatum verstreken")).to_be_visible()
    expect(cards.nth(1).get_by_role("heading", level=2)).to_have_text("Jan de Vries")
    check(page, "1-vp-mijn-huishoudens")

    # a phone call in at most three taps: "Contact vastleggen", then the kind of contact
    taps = 0
    first.get_by_role("link", name="Contact vastleggen").click()
    taps += 1
    expect(page.get_by_role("heading", name=re.compile("Contact met Sevda Yilmaz"))).to_be_visible()
    check(page, "1-vp-contact-vastleggen")
    page.get_by_role("button", name="Telefonisch").click()
    taps += 1

    assert taps <= 3
    expect(page.get_by_role("alert").filter(has_text="Contact vastgelegd.")).to_be_visible()
    contact = Contactmoment.objects.filter(hulpvraag=flagged).latest("pk")
    assert (contact.soort, contact.datum, contact.door) == ("telefonisch", today(), vp_a.user)
    sevda = cards.filter(has=page.get_by_role("heading", name="Sevda Yilmaz"))
    expect(sevda.get_by_text("Opvolgdatum verstreken")).to_have_count(0)
    expect(sevda.get_by_text(f"laatste contact: {nl(today())}")).to_be_visible()
    check(page)

    # a follow-up date in two weeks, on the help request's page
    follow_up = today() + datetime.timedelta(days=14)
    sevda.get_by_role("link", name="Details, status, opvolgdatum").click()
    expect(
        page.get_by_role("heading", name=re.compile("Hulpvraag van Sevda Yilmaz"))
    ).to_be_visible()
    check(page, "1-vp-hulpvraag")
    page.get_by_label("Opvolgdatum").fill(follow_up.isoformat())
    page.get_by_role("button", name="Opvolgdatum opslaan").click()

    expect(page.get_by_text("Opvolgdatum opgeslagen.")).to_be_visible()
    assert Hulpvraag.objects.get(pk=flagged.pk).nazorg_datum == follow_up
    expect(page.get_by_label("Opvolgdatum")).to_have_value(follow_up.isoformat())
    check(page)

    # apply to the emergency fund for this household, with a photo of the quote
    menu(page, "Noodfonds")
    check(page)
    page.get_by_role("link", name="Nieuwe aanvraag").click()
    page.get_by_label("Huishouden").select_option(label="HH-2026-0103")
    page.get_by_label("Woonplaats").select_option(label="Oost")
    page.get_by_label("Onderwerp").select_option(label=Onderwerp.WITGOED.label)
    page.get_by_label("Inkomsten").select_option(label="Uitkering (bijstand, WW, Wajong)")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("Gevraagd bedrag").fill("265")
    page.get_by_label("Motivatie").fill("Koelkast kapot; medicijnen moeten koel blijven.")
    # the public provision first: special assistance was asked and came too late
    page.locator("#id_voorziening").select_option(label="Bijzondere bijstand")
    page.locator("#id_voorziening_resultaat").select_option(label="Te traag")
    check(page, "1-vp-noodfonds-aanvraag")
    page.get_by_role("button", name="Concept opslaan").click()

    expect(page.get_by_text("Concept opgeslagen")).to_be_visible()
    check(page)
    page.get_by_label("Soort").select_option(label="Offerte")
    page.get_by_label("Bestand").set_input_files(
        files=[
            {
                "name": "offerte-koelkast.jpg",
                "mimeType": "image/jpeg",
                "buffer": photo_of_a_quote(page.context),
            }
        ]
    )
    page.get_by_role("button", name="Bijlage toevoegen").click()
    expect(page.get_by_text("De bijlage is toegevoegd.")).to_be_visible()
    expect(page.get_by_role("link", name="offerte-koelkast.jpg")).to_be_visible()
    check(page, "1-vp-aanvraag-met-offerte")
    # the papers checklist: identity seen (attested, not uploaded), income statement missing
    page.locator("#id_identiteit").select_option(label="Ontvangen")
    page.locator("#id_inkomen").select_option(label="Ontbreekt")
    page.locator("#id_offerte").select_option(label="Ontvangen")
    page.get_by_role("button", name="Checklist opslaan").click()
    expect(page.get_by_text("De checklist is bijgewerkt.")).to_be_visible()
    page.get_by_role("button", name="Indienen", exact=True).click()
    expect(
        page.get_by_text("deze verplichte stukken ontbreken: Inkomensverklaring")
    ).to_be_visible()
    page.locator("#id_inkomen").select_option(label="Ontvangen")
    page.get_by_role("button", name="Checklist opslaan").click()
    expect(page.get_by_text("De checklist is bijgewerkt.")).to_be_visible()
    check(page, "1-vp-noodfonds-checklist", show=page.locator("#checklist-stand"))
    page.get_by_role("button", name="Indienen", exact=True).click()

    expect(page.get_by_text("De aanvraag is ingediend")).to_be_visible()
    check(page)
    aanvraag = Aanvraag.objects.get()
    assert aanvraag.status == AanvraagStatus.INGEDIEND
    assert aanvraag.ingediend_op == today()
    assert (aanvraag.huishouden, aanvraag.vertrouwenspersoon) == (flagged.huishouden, vp_a)
    assert aanvraag.organisatie == vp_a.organisatie
    assert (aanvraag.onderwerp, aanvraag.gevraagd_bedrag) == (Onderwerp.WITGOED, 265)
    assert aanvraag.contact_formeel is True
    bijlage = aanvraag.bijlagen.get()
    assert (bijlage.soort, bijlage.content_type) == (BijlageSoort.OFFERTE, "image/jpeg")
    assert bijlage.bestand.read(3) == b"\xff\xd8\xff"
    # the provision came too late: an anonymous policy signal, without the household
    signaal = Signaal.objects.get(bron="noodfonds")
    assert signaal.voorziening == "bijzondere_bijstand" and not signaal.hulpvragen.exists()
    assert "HH-2026-0103" not in signaal.tekst

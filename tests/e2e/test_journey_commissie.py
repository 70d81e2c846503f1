"""Journey 3: the fund committee, four eyes.

Two members assess the same application, each in their own browser (one on a phone, one at a
desk). After the second agreeing vote the decision shows on the application and the coordinator
sees the available budget drop. The member on the phone starts in her inbox: the daily run told her
of the new application (and of an earlier one, rejected since). Neither member ever sees the
household's name, address or phone number: not on a page, not in an attachment's file name."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from hulpvragen.choices import Woonplaats
from meldingen.services import maak_herinneringen
from noodfonds.choices import AanvraagStatus, Actie, BesluitRoute, BijlageSoort, Onderwerp, Stem
from noodfonds.models import Aanvraag
from noodfonds.selectors import budget_saldo
from noodfonds.services import add_bijlage, create_aanvraag, register_storting, transition_aanvraag
from tests.bestanden import PDF
from tests.browser import DESKTOP, PHONE
from tests.e2e.journey import check, inbox, menu, nl, today
from tests.factories import HuishoudenFactory, HulpvragerFactory

pytestmark = pytest.mark.django_db(transaction=True)

NAAM = "Wilhelmina Zwanenburg-Oosterhout"
ADRES = "Javaplein 987 huis"
TELEFOON = "06-91827364"
PRIVATE = (NAAM, "Zwanenburg", ADRES, TELEFOON)


def submitted_application(vp, coordinator):
    """What journey 1 ends with: a trusted person's application with a quote, submitted; and
    € 1.000 in the fund."""
    register_storting(
        door=coordinator, datum=datetime.date(2026, 1, 5), bedrag=Decimal("1000"), fondsgever="VSB"
    )
    huishouden = HuishoudenFactory(
        referentie="HH-2026-0777", vertrouwenspersoon=vp, organisatie=vp.organisatie, adres=ADRES
    )
    HulpvragerFactory(huishouden=huishouden, naam=NAAM, telefoon=TELEFOON)
    aanvraag = create_aanvraag(
        door=vp.user,
        organisatie=vp.organisatie,
        vertrouwenspersoon=vp,
        huishouden=huishouden,
        woonplaats=Woonplaats.OOST,
        onderwerp=Onderwerp.WITGOED,
        inkomsten="uitkering",
        contact_formeel=True,
        gevraagd_bedrag=Decimal("300"),
        motivatie="Koelkast kapot; medicijnen moeten koel blijven.",
        spoed=False,
    )
    quote = SimpleUploadedFile("offerte Zwanenburg.pdf", PDF, content_type="application/pdf")
    add_bijlage(aanvraag=aanvraag, door=vp.user, upload=quote, soort=BijlageSoort.OFFERTE)
    return transition_aanvraag(aanvraag=aanvraag, actie=Actie.INDIENEN, door=vp.user)


def earlier_application_rejected(vp, members):
    """An application of another household, submitted earlier the same day: the daily run told
    both members, and both rejected it."""
    huishouden = HuishoudenFactory(
        referentie="HH-2026-0770", vertrouwenspersoon=vp, organisatie=vp.organisatie
    )
    HulpvragerFactory(huishouden=huishouden, naam="Anna Bos")
    aanvraag = create_aanvraag(
        door=vp.user,
        organisatie=vp.organisatie,
        vertrouwenspersoon=vp,
        huishouden=huishouden,
        woonplaats=Woonplaats.OOST,
        onderwerp=Onderwerp.KLEDING,
        inkomsten="uitkering",
        contact_formeel=True,
        gevraagd_bedrag=Decimal("120"),
        motivatie="Winterjassen voor de kinderen.",
        spoed=False,
    )
    aanvraag = transition_aanvraag(aanvraag=aanvraag, actie=Actie.INDIENEN, door=vp.user)
    maak_herinneringen(vandaag=today())
    for member in members:
        transition_aanvraag(
            aanvraag=aanvraag,
            actie=Actie.BEOORDELEN,
            door=member,
            stem=Stem.AFWIJZEN,
            motivering="Kleding kan via de kledingbank.",
        )
    return aanvraag


def pseudonymous(page):
    content = page.content()
    for private in PRIVATE:
        assert private not in content, f"{private!r} shown to a committee member on {page.url}"


def assess(page, referentie, *, bedrag, motivering):
    page.get_by_role("link", name=referentie).click()
    expect(page.get_by_role("heading", name=f"Aanvraag {referentie}")).to_be_visible()
    pseudonymous(page)
    check(page)
    page.get_by_role("radio", name="Toekennen").check()
    page.get_by_label("Bedrag (bij toekennen)").fill(bedrag)
    page.get_by_label("Motivering").fill(motivering)
    page.get_by_role("button", name="Oordeel vastleggen").click()
    expect(page.get_by_text("Uw oordeel is vastgelegd.")).to_be_visible()
    pseudonymous(page)


def test_two_members_decide_and_the_budget_drops(
    page, browser, browser_context_args, login, coordinator, commissielid, commissielid2, vp_a
):
    earlier_application_rejected(vp_a, [commissielid, commissielid2])
    aanvraag = submitted_application(vp_a, coordinator)
    ref = aanvraag.referentie
    maak_herinneringen(vandaag=today())  # the daily run tells both members of it

    # the coordinator watches the budget
    login(page, coordinator.username, DESKTOP)
    menu(page, "Noodfonds", "Budget")
    expect(page.locator("#beschikbaar")).to_have_text("€ 1.000,00")
    check(page, "3-coord-budget-voor")

    # member 1, on her phone
    context_1 = browser.new_context(**browser_context_args)
    phone = login(context_1.new_page(), commissielid.username, PHONE)
    # she lands on what waits for her: her start page
    expect(phone.get_by_role("heading", name="Fondscommissie: te beoordelen")).to_be_visible()
    check(phone)
    inbox(phone, commissielid, "3-commissie-meldingen")  # the newest notice: this application
    expect(
        phone.get_by_role("main").get_by_role("link", name=re.compile(ref)).first
    ).to_be_visible()
    pseudonymous(phone)
    menu(phone, "Noodfonds")  # back to "Te beoordelen"
    waiting = phone.get_by_role("heading", name="Wacht op uw oordeel")
    expect(waiting).to_contain_text("1")
    pseudonymous(phone)
    check(phone, "3-commissie-wachtrij")
    phone.get_by_role("link", name=ref).click()
    with phone.expect_download() as quote:
        phone.get_by_role("link", name="Bijlage 1: Offerte").click()
    assert quote.value.suggested_filename == f"{ref}-offerte.pdf"  # not the uploaded name
    check(phone, "3-commissie-beoordelen", show=phone.get_by_role("heading", name="Uw oordeel"))
    phone.go_back()
    assess(phone, ref, bedrag="250", motivering="Noodzakelijk, offerte is redelijk.")
    expect(
        phone.get_by_role("heading", name="Door u beoordeeld, wacht op een ander lid")
    ).to_be_visible()
    check(phone)
    assert Aanvraag.objects.get(pk=aanvraag.pk).status in (
        AanvraagStatus.INGEDIEND,
        AanvraagStatus.IN_BEHANDELING,
    )
    expect(page.locator("#beschikbaar")).to_have_text("€ 1.000,00")

    # member 2, at a desk, in a second browser context
    context_2 = browser.new_context(**browser_context_args)
    desk = login(context_2.new_page(), commissielid2.username, DESKTOP)
    check(desk)
    menu(desk, "Noodfonds")  # her only page of the fund: "Te beoordelen"
    pseudonymous(desk)
    check(desk)
    assess(desk, ref, bedrag="250", motivering="Eens, toekennen.")
    expect(desk.get_by_text("Er wacht niets op u.")).to_be_visible()

    # the decision shows on the application, for both members
    aanvraag.refresh_from_db()
    assert (aanvraag.status, aanvraag.toegekend_bedrag) == (AanvraagStatus.TOEGEKEND, 250)
    assert (aanvraag.besluit_route, aanvraag.besloten_op) == (BesluitRoute.COMMISSIE, today())
    votes = aanvraag.beoordelingen.order_by("pk")
    assert [(v.lid, v.stem, v.bedrag) for v in votes] == [
        (commissielid, "toekennen", 250),
        (commissielid2, "toekennen", 250),
    ]
    for member in (desk, phone):
        member.reload()
        decisions = member.get_by_role("region", name="Laatste besluiten")
        expect(decisions.get_by_role("row", name=ref)).to_contain_text(f"Toegekend · {nl(today())}")
        expect(decisions.get_by_role("row", name=ref)).to_contain_text("€ 250,00")
        pseudonymous(member)
    check(desk, "3-commissie-besluit", show=desk.get_by_role("region", name="Laatste besluiten"))
    check(phone)
    phone.get_by_role("region", name="Laatste besluiten").get_by_role("link", name=ref).click()
    expect(phone.get_by_role("heading", name=f"Aanvraag {ref}")).to_contain_text("Toegekend")
    expect(phone.get_by_text(f"{nl(today())} · € 250,00")).to_be_visible()
    pseudonymous(phone)
    check(phone)

    # and the budget dropped
    page.reload()
    expect(page.locator("#beschikbaar")).to_have_text("€ 750,00")
    assert budget_saldo()["beschikbaar"] == Decimal("750")
    check(page, "3-coord-budget-na")
    context_1.close()
    context_2.close()

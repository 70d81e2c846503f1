"""Journey 7 (issue 22): the trainer runs her own cohort on a phone, from a new cohort to the
certificate. She creates the cohort with the standard programme, enrols two candidates who are
not trusted persons yet in one form, marks the first lesson's attendance, enters Amira's 0- and
1-meting; the coordinator confirms Amira's completion (she becomes a trusted person with a
number of her own) and the trainer downloads Amira's certificate as a PDF."""

import re

import pytest
from playwright.sync_api import expect

from netwerk.models import Vertrouwenspersoon
from opleiding import services
from opleiding.choices import AanwezigheidStatus, BijeenkomstSoort
from opleiding.models import Aanwezigheid, Cohort, Deelname, Meting
from tests.browser import PHONE
from tests.e2e.journey import check, days_ago, nl
from tests.factories import OrganisatieFactory
from tests.pdftekst import find_in_order, pdf_text

pytestmark = pytest.mark.django_db(transaction=True)
COHORT = "Vertrouwenspersonen Oost 2026"
SCORES = ["2", "3", "3", "2", "4", "2"]


def domeinen(page, scores):
    """One score per life domain (the radio buttons 1-5, in the form's order)."""
    for name, score in zip(
        [
            "persoonlijke_groei",
            "professionele_vaardigheden",
            "sociale_vaardigheden",
            "zelfvertrouwen",
            "netwerk",
            "grenzen_aangeven",
        ],
        scores,
        strict=True,
    ):
        page.locator(f"input[name={name}][value='{score}']").check()


def test_trainer_from_new_cohort_to_certificate(page, browser, login, opleider, coordinator):
    OrganisatieFactory(naam="Buurthulp Oost", partner=True)
    start = days_ago(7 * 31)  # the whole programme (30 weeks) lies behind

    login(page, opleider.username, PHONE)
    expect(page.get_by_role("heading", name="Opleiding: cohorten")).to_be_visible()
    page.get_by_role("link", name="Nieuw cohort").click()
    page.get_by_label("Naam").fill(COHORT)
    page.get_by_label("Startdatum").fill(start.isoformat())
    page.get_by_label("Weekdag").select_option(label="dinsdag")
    check(page, "7-opleider-nieuw-cohort")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name=COHORT, level=1)).to_be_visible()
    cohort = Cohort.objects.get(naam=COHORT)
    assert cohort.bijeenkomsten.count() == 30
    assert list(cohort.opleiders.all()) == [opleider.profiel.organisatie]

    # two candidates at once: not trusted persons yet
    page.get_by_role("link", name="Deelnemers inschrijven").click()
    page.get_by_label("Ingeschreven op").fill(start.isoformat())
    for n, (naam, telefoon, email) in enumerate(
        [
            ("Amira Haddou", "06-24681357", "amira@example.org"),
            ("Bram Kok", "", "bram@example.org"),
        ],
        start=1,
    ):
        rij = page.get_by_role("group", name=f"Kandidaat {n}")
        rij.get_by_label("Naam").fill(naam)
        rij.get_by_label("Telefoon").fill(telefoon)
        rij.get_by_label("E-mail").fill(email)
        rij.get_by_label("Organisatie").select_option(label="Buurthulp Oost")
        rij.get_by_label("Intakedatum").fill(days_ago(7 * 33).isoformat())
    check(
        page,
        "7-opleider-kandidaten-inschrijven",
        show=page.get_by_role("group", name="Kandidaat 1"),
    )
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_text("2 deelnemers ingeschreven.")).to_be_visible()
    deelnemers = page.get_by_role("region", name="Deelnemers")
    expect(deelnemers.get_by_role("row", name=re.compile("Amira Haddou"))).to_contain_text(
        "kandidaat"
    )
    amira, bram = Deelname.objects.filter(cohort=cohort).order_by("kandidaat_naam")
    assert amira.is_kandidaat and bram.is_kandidaat

    # the first lesson: one tap per candidate
    lessen = list(cohort.bijeenkomsten.filter(soort=BijeenkomstSoort.LES).order_by("datum"))
    page.get_by_role("region", name="Bijeenkomsten").get_by_role(
        "row", name=re.compile(nl(lessen[0].datum))
    ).get_by_role("link", name="Aanwezigheid").click()
    for naam, label in (("Amira Haddou", "Aanwezig"), ("Bram Kok", "Afwezig met bericht")):
        group = page.get_by_role("group", name=f"Aanwezigheid van {naam}")
        button = group.get_by_role("button", name=label, exact=True)
        with page.expect_response(lambda r: r.request.method == "POST") as stored:
            button.click()
        assert stored.value.ok
        expect(button).to_have_attribute("aria-pressed", "true")
    check(page, "7-opleider-kandidaten-aanwezigheid")
    # the weeks that followed, as the trainer recorded them on this page
    for les in lessen[1:]:
        services.record_aanwezigheid(
            bijeenkomst=les, deelname=amira, status=AanwezigheidStatus.AANWEZIG
        )
    for les in lessen[1:4]:
        services.record_aanwezigheid(
            bijeenkomst=les, deelname=bram, status=AanwezigheidStatus.AANWEZIG
        )

    # Amira's 0- and 1-meting
    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name=COHORT).click()
    page.get_by_role("region", name="Deelnemers").get_by_role("link", name="Amira Haddou").click()
    expect(page.get_by_role("heading", name="Amira Haddou")).to_be_visible()
    for knop, datum, scores in (
        ("0-meting invoeren", lessen[0].datum, SCORES),
        ("1-meting invoeren", days_ago(3), ["4", "4", "5", "4", "4", "3"]),
    ):
        page.get_by_role("link", name=knop).click()
        page.get_by_label("Datum").fill(datum.isoformat())
        domeinen(page, scores)
        if knop.startswith("0"):
            check(page, "7-opleider-kandidaat-meting")
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_role("heading", name="Amira Haddou")).to_be_visible()
    assert Meting.objects.filter(deelname=amira).count() == 2
    expect(page.get_by_text("Voldoet: mag certificaat")).to_be_visible()
    check(page, "7-opleider-kandidaat", show=page.get_by_role("heading", name="Aanwezigheid"))

    # the coordinator confirms: Amira becomes a trusted person
    context = browser.new_context(bypass_csp=True, locale="nl-NL")
    coord = context.new_page()
    login(coord, coordinator.username, PHONE)
    coord.goto(page.url)
    coord.get_by_role("button", name="Afronding bevestigen").click()
    persoon = Vertrouwenspersoon.objects.get(naam="Amira Haddou")
    expect(
        coord.get_by_text(f"is nu vertrouwenspersoon met nummer {persoon.nummer}")
    ).to_be_visible()
    expect(coord.get_by_text("amira@example.org")).to_be_visible()
    check(coord, "7-coord-kandidaat-afgerond")
    context.close()
    amira.refresh_from_db()
    assert amira.vertrouwenspersoon == persoon and amira.kandidaat_email == ""

    # the trainer downloads the certificate
    page.reload()
    expect(page.get_by_text("kandidaat", exact=True)).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="Certificaat (PDF)").click()
    tekst = pdf_text(download.value.path().read_bytes())
    aanwezig = Aanwezigheid.objects.filter(deelname=amira, status="aanwezig").count()
    assert aanwezig == 10
    assert not find_in_order(
        tekst,
        [
            ("Certificaat", []),
            ("Amira Haddou", []),
            ("Cohort", [COHORT]),
            ("Start", [nl(start)]),
            ("Bijeenkomsten bijgewoond", ["10"]),
            ("Uren bijgewoond", ["25"]),
        ],
    ), tekst
    check(page)

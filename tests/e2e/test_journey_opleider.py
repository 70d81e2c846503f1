"""Journey 4: the trainer marks attendance on a phone, at the end of a lesson.

Five lessons, 80% needed: four. Amira was present at three and is marked present at the fifth,
Bram sent word that he could not come. Back on the cohort page the completion column has changed
for Amira and not for Bram. First the trainer looks at her notices, made by the daily run
(meldingen.services.maak_herinneringen): two weeks ago it told her Bram could no longer reach the
lessons needed; today, the cohort's last lesson behind it, that its 1-measurement is due."""

import re

import pytest
from playwright.sync_api import expect

from meldingen.models import Melding, Soort
from meldingen.services import maak_herinneringen
from opleiding.choices import AanwezigheidStatus, BijeenkomstSoort
from opleiding.models import Aanwezigheid, Bijeenkomst
from tests.browser import PHONE
from tests.e2e.journey import check, days_ago, inbox, menu, nl, today
from tests.opleiding.conftest import enrol, make_cohort

pytestmark = pytest.mark.django_db(transaction=True)
S = AanwezigheidStatus
A, M, X = S.AANWEZIG, S.AFWEZIG_MET_BERICHT, S.AFWEZIG


def test_trainer_marks_attendance_and_sees_completion_change(page, login, opleider):
    cohort = make_cohort(
        "Opleiding Vertrouwenspersoon 2026",
        opleiders=[opleider.profiel.organisatie],
        startdatum=days_ago(40),
    )
    lessen = [
        Bijeenkomst.objects.create(
            cohort=cohort, soort=BijeenkomstSoort.LES, datum=days_ago(35 - 7 * i), onderwerp=t
        )
        for i, t in enumerate(["Kennismaken", "Luisteren", "Grenzen", "Sociale kaart", "Afronden"])
    ]
    amira = enrol(cohort, "Amira Haddou", status_datum=days_ago(42))
    bram = enrol(cohort, "Bram Kok", status_datum=days_ago(42))
    for deelname, statuses in ((amira, [A, A, A, M]), (bram, [A, X, M, X])):
        for les, status in zip(lessen, statuses, strict=False):
            Aanwezigheid.objects.create(bijeenkomst=les, deelname=deelname, status=status)
    laatste = lessen[-1]
    # the daily run on the day of the fourth lesson: Bram (one of three so far, two to go) can no
    # longer reach four of the five; and today's, the cohort ended: the 1-measurement is due
    for dag in (days_ago(14), today()):
        maak_herinneringen(vandaag=dag)
    soorten = Melding.objects.filter(ontvanger=opleider).values_list("soort", "object_id")
    assert sorted(soorten) == [(Soort.AANWEZIGHEID, bram.pk), (Soort.EEN_METING, cohort.pk)]

    login(page, opleider.username, PHONE)
    # the trainer lands on the cohorts: her start page
    expect(page.get_by_role("heading", name="Opleiding: cohorten")).to_be_visible()
    check(page)
    inbox(page, opleider, "4-opleider-meldingen")  # the newest leads to the cohort's measurements
    menu(page, "Opleiding")
    check(page, "4-opleider-cohorten")
    page.get_by_role("link", name=cohort.naam).click()
    deelnemers = page.get_by_role("region", name="Deelnemers")
    amira_row = deelnemers.get_by_role("row", name=re.compile("Amira Haddou"))
    bram_row = deelnemers.get_by_role("row", name=re.compile("Bram Kok"))
    expect(amira_row).to_contain_text("3 van 4 lessen nodig (5 gepland)")
    expect(amira_row).to_contain_text("60% (3/5)")
    expect(bram_row).to_contain_text("1 van 4 lessen nodig (5 gepland)")
    check(page, "4-opleider-cohort", show=page.get_by_role("heading", name="Deelnemers"))

    # the attendance of today's lesson: one tap per person, stored without a reload
    page.get_by_role("region", name="Bijeenkomsten").get_by_role(
        "row", name=re.compile(nl(laatste.datum))
    ).get_by_role("link", name="Aanwezigheid").click()
    expect(page.get_by_role("heading", name="Aanwezigheid: Les")).to_be_visible()
    expect(page.get_by_text(nl(laatste.datum))).to_be_visible()
    check(page, "4-opleider-aanwezigheid")
    for deelname, label, status in ((amira, "Aanwezig", A), (bram, "Afwezig met bericht", M)):
        group = page.get_by_role("group", name=f"Aanwezigheid van {deelname.vertrouwenspersoon}")
        button = group.get_by_role("button", name=label, exact=True)
        with page.expect_response(lambda r: r.request.method == "POST") as stored_by_fetch:
            button.click()
        assert stored_by_fetch.value.ok
        expect(button).to_have_attribute("aria-pressed", "true")
        stored = Aanwezigheid.objects.get(bijeenkomst=laatste, deelname=deelname)
        assert stored.status == status
    assert page.url.endswith(f"/bijeenkomsten/{laatste.pk}/")  # no reload
    check(page)

    # back to the cohort: Amira now qualifies, Bram does not
    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name=cohort.naam).click()
    expect(amira_row).to_contain_text("Voldoet: mag certificaat")
    expect(amira_row).to_contain_text("80% (4/5)")
    expect(bram_row).to_contain_text("1 van 4 lessen nodig (5 gepland)")
    expect(bram_row).to_contain_text("20% (1/5)")
    check(page, "4-opleider-afronding", show=page.get_by_role("heading", name="Deelnemers"))
    assert Aanwezigheid.objects.filter(bijeenkomst=laatste).count() == 2

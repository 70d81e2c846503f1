"""Issue 21 in the registration workbook: the provision, the papers checklist, a loan with its
plan, remission and repayments go out and come back unchanged; wrong values are problems."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from hulpvragen.choices import SignaalBron
from hulpvragen.models import Hulpvraag, Signaal
from hulpvragen.services import record_signaal
from netwerk.models import Thema
from noodfonds.checklist import SIGNAAL_THEMA, signaleer_voorziening
from noodfonds.models import Aanvraag, Aflossing, ChecklistItem, Lening
from rapportage.report.categories import VOORZIENING
from registratie.workbook import import_workbook
from tests.registratie.test_workbook_export import (
    build_registration,
    empty_registration,
    export_bytes,
    report_tables,
    sheet_rows,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def keten():
    """The chain on the registration's applications: a provision on each, a checklist on one,
    a granted one as a loan with two repayments, another loan remitted."""
    aanvragen = list(Aanvraag.objects.order_by("referentie"))
    for a in aanvragen:
        a.voorziening, a.voorziening_resultaat = "bijzondere_bijstand", "te_traag"
        a.save()
    ChecklistItem.objects.create(aanvraag=aanvragen[0], soort="identiteit", status="ontvangen")
    ChecklistItem.objects.create(aanvraag=aanvragen[0], soort="inkomen", status="ontbreekt")
    toegekend = [a for a in aanvragen if a.status in ("toegekend", "uitbetaald")]
    eerste = toegekend[0]
    lening = Lening.objects.create(
        aanvraag=eerste,
        bedrag=eerste.uitbetaald_bedrag or eerste.toegekend_bedrag,
        per_maand=Decimal("10.50"),
        eerste_maand=eerste.besloten_op.replace(day=1),
    )
    Aflossing.objects.create(lening=lening, datum=eerste.besloten_op, bedrag=Decimal("10.50"))
    Aflossing.objects.create(lening=lening, datum=eerste.besloten_op, bedrag=Decimal("3.25"))
    tweede = toegekend[1]
    Lening.objects.create(
        aanvraag=tweede,
        bedrag=Decimal("20.00"),
        per_maand=Decimal("5.00"),
        eerste_maand=tweede.besloten_op.replace(day=1),
        kwijtgescholden_op=tweede.besloten_op,
        kwijtgescholden_bedrag=Decimal("20.00"),
        kwijtschelding_reden="Schuldhulp",
    )


def test_the_chain_goes_out_and_comes_back_unchanged():
    build_registration()
    keten()
    first = export_bytes()
    rows = sheet_rows(first)["Noodfonds"]
    assert "checklist" in rows[0] and "aflossingen" in rows[0]
    assert any("Identiteit gezien: Ontvangen; Inkomensverklaring: Ontbreekt" in r for r in rows)
    empty_registration()

    resultaat = import_workbook(io.BytesIO(first))

    assert resultaat.plan.problemen == []
    assert sheet_rows(export_bytes()) == sheet_rows(first)
    assert ChecklistItem.objects.count() == 2
    assert sorted(Aflossing.objects.values_list("bedrag", flat=True)) == [
        Decimal("3.25"),
        Decimal("10.50"),
    ]
    assert Lening.objects.get(kwijtschelding_reden="Schuldhulp").kwijtgescholden_bedrag == 20


def test_wrong_chain_cells_are_problems_and_nothing_is_stored():
    build_registration()
    keten()
    content = export_bytes()
    empty_registration()
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    ws = wb["Noodfonds"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) + 1 for name in header}
    ws.cell(2, col["checklist"]).value = "Paspoort: Gezien"
    ws.cell(
        2, col["voorziening_resultaat"]
    ).value = "Niet van toepassing"  # with bijzondere bijstand
    lening_rij = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["aflossingen"]).value)
    ws.cell(lening_rij, col["aflossingen"]).value = "01-01-2021 99999,00"  # more than the loan
    out = io.BytesIO()
    wb.save(out)

    resultaat = import_workbook(io.BytesIO(out.getvalue()))

    kolommen = {p.kolom for p in resultaat.plan.problemen}
    assert {"checklist", "voorziening_resultaat", "aflossingen"} <= kolommen
    assert not Aanvraag.objects.exists() and not Lening.objects.exists()


def handmatige_signalen():
    """Two hand-written signals: one that a help request shows, one without."""
    thema = Thema.objects.first()
    record_signaal(
        datum=D(2021, 1, 10),
        thema=thema,
        tekst="Wachttijd schuldhulp",
        hulpvragen=[Hulpvraag.objects.order_by("pk").first()],
    )
    record_signaal(datum=D(2021, 1, 11), thema=thema, tekst="Geen loket in Oost")


def test_a_fund_signal_comes_back_with_its_source_and_provision_into_an_empty_database():
    """Issue 21 §2: a provision refused or too slow made an anonymous signal (bron noodfonds,
    with the provision); the Signalen sheet carries both, so it does not come back as a
    hand-written signal, and its theme is made in a database that lacks it."""
    build_registration()
    keten()
    handmatige_signalen()
    aanvraag = Aanvraag.objects.filter(ingediend_op__isnull=False).order_by("referentie").first()
    aanvraag.voorziening, aanvraag.voorziening_resultaat = "anders", "afgewezen"
    assert signaleer_voorziening(aanvraag, door=None)
    aanvraag.save()
    fund = Signaal.objects.get(bron=SignaalBron.NOODFONDS)
    before = (fund.datum, fund.thema.naam, fund.tekst, fund.organisatie.naam, fund.voorziening)
    manual = sorted(Signaal.objects.exclude(pk=fund.pk).values_list("tekst", "bron", "voorziening"))
    tables = report_tables(timezone.localdate(), van=D(2019, 1, 1))["tables"]
    first = export_bytes()
    header, *body = sheet_rows(first)["Signalen"]
    row = dict(zip(header, next(r for r in body if r[2] == fund.tekst), strict=False))
    assert (row["bron"], row["voorziening"]) == (
        "Noodfonds: voorliggende voorziening",
        "Andere voorziening",
    )
    empty_registration()
    Thema.objects.filter(naam=SIGNAAL_THEMA).delete()  # an empty database never had it

    resultaat = import_workbook(io.BytesIO(first))

    assert resultaat.plan.problemen == []
    back = Signaal.objects.get(bron=SignaalBron.NOODFONDS)
    assert (
        back.datum,
        back.thema.naam,
        back.tekst,
        back.organisatie.naam,
        back.voorziening,
    ) == before
    assert not back.hulpvragen.exists()
    assert (
        sorted(Signaal.objects.exclude(pk=back.pk).values_list("tekst", "bron", "voorziening"))
        == manual
    )
    after = report_tables(timezone.localdate(), van=D(2019, 1, 1))["tables"]
    assert after[VOORZIENING] == tables[VOORZIENING]
    assert after[VOORZIENING]["rows"][1][:2] == ["Andere voorziening", 1]  # the refused one
    assert sheet_rows(export_bytes()) == sheet_rows(first)


@pytest.mark.parametrize(
    ("bron", "voorziening", "hulpvraag", "kolom"),
    [
        ("", "Bijzondere bijstand", False, "voorziening"),  # a hand-written one names none
        ("Noodfonds: voorliggende voorziening", "", False, "voorziening"),
        ("Noodfonds: voorliggende voorziening", "Niet gevraagd", False, "voorziening"),
        ("Noodfonds", "Bijzondere bijstand", True, "bron"),  # anonymous: no help request
        ("Gemeente", "", False, "bron"),
    ],
)
def test_a_signals_source_and_provision_are_checked_by_the_casework_rule(
    bron, voorziening, hulpvraag, kolom
):
    build_registration()
    handmatige_signalen()
    content = export_bytes()
    empty_registration()
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    ws = wb["Signalen"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) + 1 for name in header}
    rij = next(
        r
        for r in range(2, ws.max_row + 1)
        if bool(ws.cell(r, col["huishouden"]).value) == hulpvraag
    )
    ws.cell(rij, col["bron"]).value = bron
    ws.cell(rij, col["voorziening"]).value = voorziening
    out = io.BytesIO()
    wb.save(out)

    resultaat = import_workbook(io.BytesIO(out.getvalue()))

    assert [(p.blad, p.kolom) for p in resultaat.plan.problemen] == [("Signalen", kolom)]
    assert not Signaal.objects.exists()

"""The fund chain's columns of the Noodfonds sheet (issue 21): the provision asked first, the
papers checklist, a loan with its plan, remission and repayments. Written by `keten_cells`,
read by `read_keten`, checked by the fund's own rules (noodfonds.checklist, noodfonds.leningen).

Formats (so an export imports back unchanged):
- checklist: `Identiteit gezien: Ontvangen; Inkomensverklaring: Ontbreekt` (who ticked a paper
  and when is not in the workbook: an imported paper has neither);
- aflossingen: `01-03-2021 60,00; 01-04-2021 60,00` (date and amount per repayment)."""

from decimal import Decimal
from functools import partial

from django.utils.translation import gettext as _

from noodfonds.checklist import validate_voorziening
from noodfonds.leningen import validate_geregistreerde_lening
from noodfonds.models import Lening
from registratie.workbook import parse
from registratie.workbook.columns import aliases
from registratie.workbook.parse import BAD

LENING_VELDEN = ("lening_bedrag", "aflossing_per_maand", "eerste_aflossing")


def _amount_text(bedrag) -> str:
    return f"{Decimal(bedrag):.2f}".replace(".", ",")


def keten_cells(a, labels) -> list:
    """The chain's cells of application `a` (its checklist and loan prefetched)."""
    checklist = "; ".join(
        f"{labels['checklist_soort'].get(c.soort, c.soort)}: "
        f"{labels['checklist_status'].get(c.status, c.status)}"
        for c in sorted(
            a.checklist.all(), key=lambda c: list(labels["checklist_soort"]).index(c.soort)
        )
    )
    try:
        lening = a.lening
    except Lening.DoesNotExist:
        lening = None
    cells = [
        labels["voorziening"].get(a.voorziening, ""),
        labels["voorziening_resultaat"].get(a.voorziening_resultaat, ""),
        checklist,
    ]
    if lening is None:
        return cells + [None, None, None, None, None, "", ""]
    return cells + [
        lening.bedrag,
        lening.per_maand,
        lening.eerste_maand,
        lening.kwijtgescholden_op,
        lening.kwijtgescholden_bedrag,
        lening.kwijtschelding_reden,
        "; ".join(f"{x.datum:%d-%m-%Y} {_amount_text(x.bedrag)}" for x in lening.aflossingen.all()),
    ]


def read_keten(sheet, row, a) -> None:
    """Read the chain's cells of `row` into `a` (an AanvraagRij), by the fund's rules."""
    ch, labels = sheet.ch, sheet.labels
    a.voorziening = row.get(
        "voorziening", parse.label, ch["voorziening"], labels["voorziening"], empty=""
    )
    a.voorziening_resultaat = row.get(
        "voorziening_resultaat",
        parse.label,
        ch["voorziening_resultaat"],
        labels["voorziening_resultaat"],
        empty="",
    )
    if BAD not in (a.voorziening, a.voorziening_resultaat):

        def check():
            a.voorziening_resultaat = validate_voorziening(a.voorziening, a.voorziening_resultaat)

        row.rule("voorziening_resultaat", a.voorziening_resultaat, check, dict)
    a.checklist = _checklist(sheet, row)
    a.lening = _lening(row, a)


def _checklist(sheet, row) -> dict:
    raw = row.get("checklist", parse.text)
    if raw in (BAD, ""):
        return {}
    soorten = aliases(sheet.lists.checklist_soort)
    statussen = aliases(sheet.lists.checklist_status)
    result = {}
    for part in raw.split(";"):
        soort, _sep, status = part.partition(":")
        soort, status = soorten.get(_norm(soort)), statussen.get(_norm(status))
        if soort is None or status is None or soort in result:
            row.problem(
                "checklist",
                raw,
                _("is geen geldige checklist"),
                _("bijv. Identiteit gezien: Ontvangen; Inkomensverklaring: Ontbreekt"),
            )
            return {}
        result[soort] = status
    return result


def _norm(text):
    from registratie.workbook.columns import normalize

    return normalize(text.strip())


def _lening(row, a) -> dict | None:
    bedrag = row.get("lening_bedrag", parse.amount)
    per_maand = row.get("aflossing_per_maand", parse.amount)
    eerste = row.get("eerste_aflossing", parse.date, allow_future=True)
    kwijt_op = row.get("kwijtgescholden_op", parse.date)
    kwijt_bedrag = row.get("kwijtgescholden_bedrag", parse.amount)
    reden = row.get("kwijtschelding_reden", parse.text)
    aflossingen = _aflossingen(row)
    values = (bedrag, per_maand, eerste, kwijt_op, kwijt_bedrag, reden, aflossingen)
    if BAD in values:
        return None
    if (
        bedrag is None
        and per_maand is None
        and eerste is None
        and not aflossingen
        and not (kwijt_op or kwijt_bedrag or reden)
    ):
        return None
    lening = {
        "bedrag": bedrag,
        "per_maand": per_maand,
        "eerste_maand": eerste,
        "kwijtgescholden_op": kwijt_op,
        "kwijtgescholden_bedrag": kwijt_bedrag,
        "kwijtschelding_reden": reden or "",
        "aflossingen": aflossingen,
    }
    toegekend = a.uitbetaald_bedrag if a.uitbetaald_bedrag not in (None, BAD) else a.toegekend
    check = partial(
        validate_geregistreerde_lening,
        lening,
        status=a.status,
        toegekend=None if toegekend is BAD else toegekend,
        besloten_op=None if a.besloten_op is BAD else a.besloten_op,
    )
    return lening if row.rule("lening_bedrag", bedrag, check, dict) else None


def _aflossingen(row):
    raw = row.get("aflossingen", parse.text)
    if raw in (BAD, ""):
        return [] if raw == "" else BAD
    result = []
    for part in raw.split(";"):
        datum, _sep, bedrag = part.strip().partition(" ")
        try:
            result.append((parse.date(datum), parse.amount(bedrag.strip())))
        except parse.CellError:
            row.problem(
                "aflossingen",
                raw,
                _("is geen geldige lijst van aflossingen"),
                _("bijv. 01-03-2021 60,00; 01-04-2021 60,00"),
            )
            return BAD
    if any(d is None or b is None for d, b in result):
        row.problem("aflossingen", raw, _("mist een datum of bedrag"), _("datum en bedrag"))
        return BAD
    return result

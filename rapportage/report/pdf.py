"""The report as a PDF for the funder (A4, in the document's language, Dutch by default): where
the figures come from (peildatum, period, filters, when, by whom, at which data version), the
key figures, every table of `build_report` with its chart drawn as SVG, and the definitions
with the rules the page and the workbook state (rounding, how a table adds up). Rendered with the base template of every PDF (samenvooruit.pdf)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rapportage.report.build import Report
from rapportage.report.categories import (
    CONTACT_FORMEEL,
    INKOMSTEN,
    LEEFTIJD,
    ONDERWERP,
    SEKSE,
    STATUS,
    WOONPLAATS,
    rounding_key_figures,
    table_notes,
)
from rapportage.report.charts import page_tables, trend_view, value_text
from rapportage.report.svg import bar_chart
from samenvooruit.pdf import render_pdf

FONDS_DEFINITIE = _(
    "Aanvragen bij het noodfonds ingediend in de periode. Percentages in hele procenten volgens "
    "de grootste-restmethode, zodat elke kolom precies 100% telt."
)
# What each table counts, under the table's title; a table without a line here simply has none.
# Type vraag and the outcomes: their rule of the page and the workbook (`table_notes`) says it.
TABLE_DEFINITIONS = {
    LEEFTIJD: _(
        "Leeftijd = jaar van aanmelding min geboortejaar, ingedeeld naar de ondergrens (jonger "
        "dan 20, 20-39, 40-59, 60-79, 80 en ouder); zonder geboortejaar: Onbekend."
    ),
    SEKSE: _("Sekse van de hulpvrager; Anders en Onbekend alleen wanneer ze voorkomen."),
    STATUS: _(
        "De status zoals die op de peildatum was: de laatste statuswijziging op of vóór de "
        "peildatum."
    ),
    WOONPLAATS: FONDS_DEFINITIE,
    ONDERWERP: FONDS_DEFINITIE,
    INKOMSTEN: FONDS_DEFINITIE,
    CONTACT_FORMEEL: FONDS_DEFINITIE,
}


def pdf_context(report: Report, *, door: str, trend=None) -> dict:
    tables = page_tables(report)
    notes = table_notes()
    for table in tables:
        table["svg"] = bar_chart(table["chart"], title=table["title"])
        table["definitie"] = TABLE_DEFINITIONS.get(table["title"]) or notes.get(table["title"], "")
        table["rows"] = [[row[0], *map(value_text, row[1:])] for row in table["rows"]]
        if table["totaal"]:
            table["totaal"] = [table["totaal"][0], *map(value_text, table["totaal"][1:])]
    return {
        "report": report,
        "tables": tables,
        "key_figures": [
            {"figure": figure, "value": value_text(figure.value)} for figure in report.key_figures
        ],
        "afronding": rounding_key_figures(),
        "trend": trend_view(trend, width=640) if trend else None,
        "door": door,
        "product_version": settings.PRODUCT_VERSION,
    }


def report_pdf(report: Report, *, door: str, trend=None) -> bytes:
    """The PDF's bytes; `door` is who asked for it (a user's name, or the command line);
    `trend` (rapportage.report.trend) adds the key figures of the last eight quarters."""
    return render_pdf("rapportage/rapport_pdf.html", pdf_context(report, door=door, trend=trend))

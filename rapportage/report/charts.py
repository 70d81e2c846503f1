"""The report's tables prepared for the page: rows to render and the chart data beside each
table (passed to static/rapportage/rapport.js by json_script); the trend's table and its line
charts (SVG, drawn here: the page, the PDF)."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from hulpvragen.choices import Inkomsten
from noodfonds.services import euro
from rapportage.report.build import Report
from rapportage.report.categories import (
    FONDS_TABLES,
    FONDSGEVERS,
    INKOMSTEN,
    LEEFTIJD,
    NG,
    ONBEKEND,
    ROUTE,
    SEKSE,
    TERUGKEREND_ROWS,
    TOTAAL,
    TYPE_VRAAG,
    UITKOMST,
    table_notes,
)
from rapportage.report.key_figures import pct
from rapportage.report.svg import line_chart
from rapportage.report.trend import BEDRAG, PROCENT


def chart_data(title: str, table: dict) -> dict:
    """Bars per row label (Totaal left out): one series per pilot column for the help-request
    tables (N.G becomes a gap), the counts for the fund tables (horizontal bars)."""
    rows = [row for row in table["rows"] if row[0] != TOTAAL]
    labels = [row[0] for row in rows]
    if title in FONDS_TABLES or title == ROUTE:
        series = [{"label": table["columns"][0], "data": [row[1] for row in rows]}]
        return {"labels": labels, "reeksen": series, "horizontaal": True}
    if title == FONDSGEVERS:  # amounts in euros, every column (no Totaal column)
        series = [
            {"label": column, "data": [float(row[i]) for row in rows]}
            for i, column in enumerate(table["columns"], start=1)
        ]
        return {"labels": labels, "reeksen": series, "horizontaal": True}
    # "Praktisch (administratief, ...)" -> "Praktisch": the table beside it has the full label.
    labels = [label.split(" (")[0] for label in labels]
    series = [
        {"label": column, "data": [None if row[i] == NG else row[i] for row in rows]}
        for i, column in enumerate(table["columns"][:-1], start=1)
    ]
    return {"labels": labels, "reeksen": series, "horizontaal": False}


def page_tables(report: Report) -> list[dict]:
    notes = table_notes()
    return [
        {
            "title": title,
            "id": f"tabel-{number}",
            "chart_id": f"tabel-{number}-data",
            "columns": table["columns"],
            "rows": [row for row in table["rows"] if row[0] != TOTAAL],
            "totaal": next((row for row in table["rows"] if row[0] == TOTAAL), None),
            "chart": chart_data(title, table),
            "note": notes.get(title, ""),
            "onbekend": onbekend_aandeel(title, table),
            "aanvullen": aanvullen_url(title),
        }
        for number, (title, table) in enumerate(report.tables.items(), start=1)
    ]


# The tables with something the registration may leave unknown (issue 23 §3), and what their
# share of it says; the completeness page (hulpvragen:volledigheid) lists the records to fix.
ONBEKEND_TABLES = (LEEFTIJD, SEKSE, TYPE_VRAAG, INKOMSTEN, UITKOMST)


def aanvullen_url(title: str) -> str | None:
    """Where the records behind a table's unknown share are filled in: the fund applications
    without their income recorded (the fund list, filtered), the help requests' completeness
    page for the other tables; None for a table without anything unknown."""
    if title not in ONBEKEND_TABLES:
        return None
    if title == INKOMSTEN:
        return f"{reverse('noodfonds:aanvraag_list')}?inkomsten={Inkomsten.ONBEKEND}"
    return reverse("hulpvragen:volledigheid")


def onbekend_aandeel(title: str, table: dict) -> dict | None:
    """The share of the table's Totaal that is unknown, for the filters the report was made
    with: the row Onbekend (no birth year, sex, income or outcome category recorded; a row only
    shown when not zero counts 0); in Type vraag the help requests without recurrence recorded
    (Totaal minus Terugkerend and Eenmalig: N.G and "niet geregistreerd" alike). Whole percents,
    rounded half up as the key figures. None for a table without anything unknown."""
    if title not in ONBEKEND_TABLES:
        return None
    column = 1 if title in FONDS_TABLES else -1  # Aantal; else the Totaal column
    values = {row[0]: row[column] for row in table["rows"]}
    totaal = values.get(TOTAAL) or 0
    if title == TYPE_VRAAG:
        n = totaal - sum(values.get(label) or 0 for _value, label in TERUGKEREND_ROWS)
        label = _("Terugkerend/eenmalig niet geregistreerd")
    else:
        n, label = values.get(ONBEKEND) or 0, _("Onbekend")
    aandeel = {"n": n, "totaal": totaal, "pct": pct(n, totaal), "label": label}
    # the line the page, the PDF and the workbook show beside the table
    aandeel["tekst"] = _("%(label)s: %(n)s van %(totaal)s (%(pct)s)") % aandeel
    return aandeel


def value_text(value) -> str:
    """A figure as a reader sees it: amounts in euros, percentages with %, none as a dash."""
    if value is None:
        return "–"
    return euro(value) if isinstance(value, Decimal) else str(value)


def _axis_label(kind: str):
    if kind == PROCENT:
        return lambda v: f"{v:g}%"
    if kind == BEDRAG:
        return lambda v: "€ " + f"{int(v):,}".replace(",", ".")
    return lambda v: f"{v:g}"


def trend_view(trend, *, width: int = 420) -> dict:
    """The trend as the page and the PDF show it: quarter labels, a row of texts per key
    figure, and a line chart (SVG) per kind of figure, drawn `width` units wide (a narrow
    drawing keeps its text legible when a phone shrinks it)."""
    return {
        "labels": trend.labels,
        "rows": [
            {"label": row["label"], "values": [value_text(v) for v in row["values"]]}
            for row in trend.rows
        ],
        "charts": [
            {
                "title": chart["title"],
                "svg": line_chart(
                    trend.labels,
                    [
                        {**reeks, "data": [None if v is None else float(v) for v in reeks["data"]]}
                        for reeks in chart["reeksen"]
                    ],
                    title=chart["title"],
                    width=width,
                    axis_label=_axis_label(chart["kind"]),
                ),
            }
            for chart in trend.charts()
        ],
    }

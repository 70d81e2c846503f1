"""The report's tables prepared for the page: rows to render and the chart data beside each
table (passed to static/rapportage/rapport.js by json_script); the trend's table and its line
charts (SVG, drawn here: the page, the PDF)."""

from decimal import Decimal

from noodfonds.services import euro
from rapportage.report.build import Report
from rapportage.report.categories import FONDS_TABLES, NG, ROUTE, TOTAAL, table_notes
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
        }
        for number, (title, table) in enumerate(report.tables.items(), start=1)
    ]


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

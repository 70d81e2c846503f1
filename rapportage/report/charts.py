"""The report's tables prepared for the page: rows to render and the chart data beside each
table (passed to static/rapportage/rapport.js by json_script)."""

from rapportage.report.build import Report
from rapportage.report.categories import FONDS_TABLES, NG, TOTAAL, table_notes


def chart_data(title: str, table: dict) -> dict:
    """Bars per row label (Totaal left out): one series per pilot column for the help-request
    tables (N.G becomes a gap), the counts for the fund tables (horizontal bars)."""
    rows = [row for row in table["rows"] if row[0] != TOTAAL]
    labels = [row[0] for row in rows]
    if title in FONDS_TABLES:
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

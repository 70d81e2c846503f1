"""The report as one Excel workbook (DOMAIN.md): a first sheet `Rapportage` laid out like the
source report (every table one under another, ready to print, with the peildatum, start date,
filters, generation time and product version so every figure can be traced back), then one
pivot-ready sheet per table. Numbers stay numbers, percentages are Excel percentages (0.72 shown
as 72%). Every cell goes through the formula guard of samenvooruit.xlsx.

Printed (A4, as wide as the page), nothing is cut off: value columns as wide as their widest
value, the source and time spanning the value columns (never ###), labels and column names
wrapping in rows as high as their text, the definitions and the rules (rounding, how a table
adds up) across the whole width, and a page break before a table that would not fit on the page
any more. Each data sheet prints with its table's title above every page and its column names
repeated (tests/rapportage/test_report_print.py prints the workbook with LibreOffice and reads
the text back)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from rapportage.report.build import Report
from rapportage.report.categories import (
    SHEET_NAMES,
    TOTAAL,
    rounding_key_figures,
    table_notes,
)
from rapportage.report.charts import onbekend_aandeel
from rapportage.report.tables import Percent
from rapportage.report.trend import BEDRAG, PROCENT
from samenvooruit import xlsx

PERCENT_FORMAT = "0%"
EURO_FORMAT = '"€" #,##0.00'
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
TITLE = Font(name="Calibri", bold=True, size=14)
NOTE = Font(name="Calibri", italic=True, size=9)
LABEL_WIDTH = 62
VALUE_WIDTH = 13
MAX_VALUE_WIDTH = 24  # a longer column name wraps
LANDSCAPE_FROM = 8  # columns: a sheet with more prints across the page
PAGE_HEIGHT = 650  # points of rows on an A4 page at full size (698 between the margins)
TREND_SHEET = "Trend"
CHART_ROWS = 24  # rows from one trend chart to the next (each on a printed page of its own)
LABEL = Alignment(wrap_text=True, vertical="top")
RIGHT = Alignment(horizontal="right", vertical="top")
RIGHT_WRAPPED = Alignment(horizontal="right", vertical="top", wrap_text=True)


def _put(ws, row: int, column: int, value, *, bold=False, number_format=None):
    """One cell: Percent -> fraction with a percent format, Decimal -> euro format."""
    if isinstance(value, Percent):
        value, number_format = int(value) / 100, number_format or PERCENT_FORMAT
    elif isinstance(value, Decimal):
        number_format = number_format or EURO_FORMAT
    target = xlsx.set_value(ws.cell(row=row, column=column), value)
    if bold:
        target.font = xlsx.BOLD
    if number_format:
        target.number_format = number_format
    return target


def _note(ws, row: int, text: str, last_column: int):
    """A note under the figures (a definition, a rule): across the whole width (columns A up to
    `last_column`, merged), wrapped, the row as high as its lines (spreadsheet programs do not
    grow a row for wrapped text in merged cells)."""
    note = _put(ws, row, 1, text)
    note.font = NOTE
    note.alignment = Alignment(wrap_text=True, vertical="top")
    if last_column > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    width = sum(_width(ws, c) for c in range(1, last_column + 1))
    _set_lines(ws, row, xlsx.text_lines(text, width, size=NOTE.size), size=NOTE.size)
    return note


def _table_block(ws, row: int, title: str, table: dict, last_column: int, note: str = "") -> int:
    """A table as in the source: title and column names bold, rows, Totaal bold, each row as
    high as its wrapped text; then its note (a rule), if any, across the whole width. Returns
    the next free row."""
    first = row
    _put(ws, row, 1, title, bold=True).alignment = LABEL
    for col, name in enumerate(table["columns"], start=2):
        _put(ws, row, col, name, bold=True).alignment = RIGHT_WRAPPED
    for values in table["rows"]:
        row += 1
        bold = values[0] == TOTAAL
        for col, value in enumerate(values, start=1):
            cell = _put(ws, row, col, value, bold=bold)
            cell.alignment = LABEL if col == 1 else RIGHT
    _fit_rows(ws, first, row, last_column)
    if note:
        row += 1
        _note(ws, row, note, last_column)
    return row + 2


def _heading(ws, report: Report, last_column: int) -> int:
    """Title and where the figures come from; each value spans the value columns, so a date
    and time or a long text is never cut off (nor shown as ###)."""
    params = report.params
    generated = timezone.localtime(report.generated_at).replace(tzinfo=None, microsecond=0)
    _put(ws, 1, 1, _("Rapportage Samen Vooruit")).font = TITLE
    ws.row_dimensions[1].height = 20
    lines = [
        (_("Peildatum"), params.peildatum, DATE_FORMAT),
        (
            _("Startdatum"),
            params.van or _("geen (hele periode tot de peildatum)"),
            DATE_FORMAT if params.van else None,
        ),
        (_("Filters"), report.scope, None),
        (_("Gemaakt op"), generated, DATETIME_FORMAT),
        (_("Versie"), _("Samen Vooruit %(versie)s") % {"versie": settings.PRODUCT_VERSION}, None),
    ]
    for row, (label, value, number_format) in enumerate(lines, start=2):
        _put(ws, row, 1, label, bold=True).alignment = LABEL
        cell = _put(ws, row, 2, value, number_format=number_format)
        cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last_column)
        width = sum(_width(ws, c) for c in range(2, last_column + 1))
        _set_lines(ws, row, xlsx.text_lines(_shown(value), width))
    return len(lines) + 3


def _key_figure_columns() -> list[str]:
    return [_("Kerncijfers"), _("Waarde"), _("Taakstelling")]


def _key_figures(ws, row: int, report: Report, last_column: int) -> int:
    """Key figures with their target, then their definitions as footnotes and the rounding rule
    of their percentages, each note across the whole width and as high as its text."""
    for col, name in enumerate(_key_figure_columns(), start=1):
        _put(ws, row, col, name, bold=True).alignment = LABEL if col == 1 else RIGHT_WRAPPED
    for number, figure in enumerate(report.key_figures, start=1):
        row += 1
        _put(ws, row, 1, f"{figure.label} ({number})").alignment = LABEL
        _put(ws, row, 2, figure.value).alignment = RIGHT
        if figure.target is not None:
            _put(ws, row, 3, figure.target).alignment = RIGHT
    row += 2
    for number, figure in enumerate(report.key_figures, start=1):
        _note(ws, row, f"({number}) {figure.label}: {figure.definition}", last_column)
        row += 1
    _note(ws, row, rounding_key_figures(), last_column)
    return row + 2


# --- fitting the print: nothing cut, no ###, tables never split over two pages ------------------


def _shown(value) -> str:
    """About what a spreadsheet shows for a value (its length sizes the columns)."""
    if isinstance(value, Percent):
        return f"{int(value)}%"
    if isinstance(value, Decimal):
        return f"€ {value:,.2f}"
    if isinstance(value, datetime.datetime):
        return "00-00-0000 00:00"
    if isinstance(value, datetime.date):
        return "00-00-0000"
    return "" if value is None else str(value)


def _width(ws, column: int) -> float:
    return ws.column_dimensions[get_column_letter(column)].width


def _set_lines(ws, row: int, lines: int, *, size: float = 11):
    """The row as high as `lines` lines of text (only raised, never lowered)."""
    if lines > 1 or size != 11:
        height = lines * xlsx.LINE_HEIGHT * size / 11 + 2
        ws.row_dimensions[row].height = max(height, ws.row_dimensions[row].height or 0)


def _set_widths(ws, rows: list[list], columns: int):
    """Column A for the labels (they wrap), each value column as wide as the widest value the
    rows put in it (a long column name wraps instead, beyond MAX_VALUE_WIDTH)."""
    ws.column_dimensions["A"].width = LABEL_WIDTH
    for column in range(2, columns + 1):
        shown = [len(_shown(row[column - 1])) + 3 for row in rows if len(row) >= column]
        width = min(max([VALUE_WIDTH, *shown]), MAX_VALUE_WIDTH)
        ws.column_dimensions[get_column_letter(column)].width = width


def _table_cells(table: dict) -> list[list]:
    return [[None, *table["columns"]], *table["rows"]]


def _fit_rows(ws, first: int, last: int, columns: int):
    """Rows first..last as high as their longest wrapped text (labels, column names)."""
    for cells in ws.iter_rows(min_row=first, max_row=last, max_col=columns):
        lines = max(
            (
                xlsx.text_lines(c.value, _width(ws, c.column))
                for c in cells
                if isinstance(c.value, str) and c.alignment.wrap_text
            ),
            default=1,
        )
        _set_lines(ws, cells[0].row, lines)


def _page_breaks(ws, blocks: list[tuple[int, int]]):
    """A page break before a block (rows first..last) that would not fit on the page any more,
    so no table is split over two pages. Heights are counted at full size: printing to the
    page's width only makes rows smaller, so a page never holds less than counted."""
    used = 0.0
    for first, last in blocks:
        height = sum(
            ws.row_dimensions[r].height or xlsx.LINE_HEIGHT for r in range(first, last + 2)
        )
        if used and used + height > PAGE_HEIGHT:
            ws.row_breaks.append(Break(id=first - 1))
            used = 0.0
        used += height


def _rapportage_sheet(wb, report: Report):
    ws = wb.active
    ws.title = "Rapportage"
    columns = max([3, *(len(t["columns"]) + 1 for t in report.tables.values())])
    key_rows = [_key_figure_columns(), *([f.label, f.value, f.target] for f in report.key_figures)]
    tables = [row for t in report.tables.values() for row in _table_cells(t)]
    _set_widths(ws, key_rows + tables, columns)  # first: the heading and notes fit to them
    row = _heading(ws, report, columns)
    blocks = [(1, row - 2)]
    first = row
    row = _key_figures(ws, row, report, columns)
    _fit_rows(ws, first, first + len(report.key_figures), columns)
    blocks.append((first, row - 2))
    notes = table_notes()
    for title, table in report.tables.items():
        first = row
        # the table's rule, then the share the registration left unknown (as on the page)
        aandeel = onbekend_aandeel(title, table)
        note = "\n".join(filter(None, [notes.get(title, ""), aandeel and aandeel["tekst"]]))
        row = _table_block(ws, row, title, table, columns, note)
        blocks.append((first, row - 2))
    _page_breaks(ws, blocks)
    header = _("Rapportage Samen Vooruit") + f" · {report.params.peildatum:%d-%m-%Y}"
    xlsx.print_on_a4(ws, header=header, landscape=columns > LANDSCAPE_FROM)


def _pivot_sheet(wb, title: str, table: dict):
    """Row 1: an empty cell, then the column names; then label + values; Totaal last. Printed
    with the table's title above every page and row 1 repeated."""
    ws = wb.create_sheet(SHEET_NAMES[title])
    for col, name in enumerate(table["columns"], start=2):
        _put(ws, 1, col, name, bold=True).alignment = RIGHT_WRAPPED
    for row, values in enumerate(table["rows"], start=2):
        bold = values[0] == TOTAAL
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value, bold=bold).alignment = LABEL if col == 1 else RIGHT
    columns = len(table["columns"]) + 1
    _set_widths(ws, _table_cells(table), columns)
    _fit_rows(ws, 1, ws.max_row, columns)
    ws.freeze_panes = "B2"
    xlsx.print_on_a4(ws, header=title, landscape=columns > LANDSCAPE_FROM, repeat_rows="1:1")


def _trend_sheet(wb, trend):
    """The key figures per quarter laid out like a data sheet (row 1: an empty cell, then the
    quarters; a figure per row), then a line chart per kind of figure below it."""
    ws = wb.create_sheet(TREND_SHEET)
    quarters = len(trend.labels)
    for col, label in enumerate(trend.labels, start=2):
        _put(ws, 1, col, label, bold=True).alignment = RIGHT_WRAPPED
    for row, figure in enumerate(trend.rows, start=2):
        _put(ws, row, 1, figure["label"]).alignment = LABEL
        for col, value in enumerate(figure["values"], start=2):
            _put(ws, row, col, value).alignment = RIGHT
    columns = quarters + 1
    _set_widths(
        ws, [[None, *trend.labels], *([r["label"], *r["values"]] for r in trend.rows)], columns
    )
    _fit_rows(ws, 1, ws.max_row, columns)
    ws.freeze_panes = "B2"
    anchor = ws.max_row + 2
    for chart in trend.charts():
        rows = [
            row for row, figure in enumerate(trend.rows, start=2)
            if figure["label"] in {r["label"] for r in chart["reeksen"]}
        ]  # fmt: skip
        ws.row_breaks.append(Break(id=anchor - 1))  # a page of its own: never cut by a break
        ws.add_chart(_line_chart(ws, chart, rows, quarters), f"A{anchor}")
        anchor += CHART_ROWS
    title = _("Kerncijfers per kwartaal")
    xlsx.print_on_a4(ws, header=title, landscape=True, repeat_rows="1:1")


def _line_chart(ws, chart: dict, rows: list[int], quarters: int) -> LineChart:
    line = LineChart()
    line.title = chart["title"]
    line.width, line.height = 24, 11
    for row in rows:
        ref = Reference(ws, min_col=1, max_col=quarters + 1, min_row=row, max_row=row)
        line.add_data(ref, from_rows=True, titles_from_data=True)
    line.set_categories(Reference(ws, min_col=2, max_col=quarters + 1, min_row=1, max_row=1))
    for series in line.series:
        series.smooth = False  # straight lines between the quarters: a curve would overshoot
    line.y_axis.number_format = {PROCENT: PERCENT_FORMAT, BEDRAG: '"€" #,##0'}.get(
        chart["kind"], "0"
    )
    line.y_axis.scaling.min = 0
    line.x_axis.delete = line.y_axis.delete = False  # openpyxl hides the axes otherwise
    return line


def report_workbook(report: Report, *, trend=None):
    """The whole workbook (an openpyxl Workbook; save it or send it with xlsx.xlsx_response);
    with a `trend` (rapportage.report.trend) a last sheet `Trend`."""
    wb = xlsx.new_workbook(write_only=False)
    _rapportage_sheet(wb, report)
    for title, table in report.tables.items():
        _pivot_sheet(wb, title, table)
    if trend is not None:
        _trend_sheet(wb, trend)
    return wb

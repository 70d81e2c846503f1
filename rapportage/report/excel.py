"""The report as one Excel workbook (DOMAIN.md): a first sheet `Rapportage` laid out like the
source report (every table one under another, ready to print, with the peildatum, start date,
filters, generation time and product version so every figure can be traced back), then one
pivot-ready sheet per table. Numbers stay numbers, percentages are Excel percentages (0.72 shown
as 72%). Every cell goes through the formula guard of samenvooruit.xlsx."""

import math
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from rapportage.report.build import Report
from rapportage.report.categories import (
    SHEET_NAMES,
    TOTAAL,
    rounding_key_figures,
    table_notes,
)
from rapportage.report.tables import Percent
from samenvooruit import xlsx

PERCENT_FORMAT = "0%"
EURO_FORMAT = '"€" #,##0.00'
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
TITLE = Font(bold=True, size=14)
LABEL_WIDTH = 62
VALUE_WIDTH = 13
NOTE_LINE_HEIGHT = 12.5  # points per line of a 9-point note


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


def _note(ws, row: int, text: str, columns: int):
    """A note under the figures (a definition, a rule), wrapped over the table's width."""
    note = _put(ws, row, 1, text)
    note.font = Font(italic=True, size=9)
    note.alignment = Alignment(wrap_text=True, vertical="top")
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    # spreadsheet programs do not grow a row for wrapped text in merged cells: room for every line
    width = LABEL_WIDTH + VALUE_WIDTH * (columns - 1)
    ws.row_dimensions[row].height = NOTE_LINE_HEIGHT * max(1, math.ceil(len(text) / width))
    return note


def _table_block(ws, row: int, title: str, table: dict, note: str = "") -> int:
    """A table as in the source: title and column names bold, rows, Totaal bold, then its note
    (a rule), if any. Returns the next free row."""
    _put(ws, row, 1, title, bold=True)
    for col, name in enumerate(table["columns"], start=2):
        _put(ws, row, col, name, bold=True).alignment = Alignment(horizontal="right")
    for values in table["rows"]:
        row += 1
        bold = values[0] == TOTAAL
        for col, value in enumerate(values, start=1):
            cell = _put(ws, row, col, value, bold=bold)
            if col > 1:
                cell.alignment = Alignment(horizontal="right")
    if note:
        row += 1
        _note(ws, row, note, 1 + len(table["columns"]))
    return row + 2


def _heading(ws, report: Report) -> int:
    params = report.params
    generated = timezone.localtime(report.generated_at).replace(tzinfo=None, microsecond=0)
    _put(ws, 1, 1, _("Rapportage Samen Vooruit")).font = TITLE
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
        _put(ws, row, 1, label, bold=True)
        cell = _put(ws, row, 2, value, number_format=number_format)
        cell.alignment = Alignment(horizontal="left")
    return len(lines) + 3


def _key_figures(ws, row: int, report: Report) -> int:
    """Key figures with their target, then their definitions as footnotes."""
    _put(ws, row, 1, _("Kerncijfers"), bold=True)
    _put(ws, row, 2, _("Waarde"), bold=True).alignment = Alignment(horizontal="right")
    _put(ws, row, 3, _("Taakstelling"), bold=True).alignment = Alignment(horizontal="right")
    for number, figure in enumerate(report.key_figures, start=1):
        row += 1
        _put(ws, row, 1, f"{figure.label} ({number})")
        _put(ws, row, 2, figure.value)
        if figure.target is not None:
            _put(ws, row, 3, figure.target)
    row += 2
    for number, figure in enumerate(report.key_figures, start=1):
        _note(ws, row, f"({number}) {figure.label}: {figure.definition}", 1)
        row += 1
    _note(ws, row, rounding_key_figures(), 1)
    return row + 2


def _print_setup(ws):
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = _("Pagina &P van &N")


def _widths(ws, columns: int):
    ws.column_dimensions["A"].width = LABEL_WIDTH
    for index in range(2, columns + 2):
        ws.column_dimensions[get_column_letter(index)].width = VALUE_WIDTH


def _rapportage_sheet(wb, report: Report):
    ws = wb.active
    ws.title = "Rapportage"
    row = _heading(ws, report)
    row = _key_figures(ws, row, report)
    notes = table_notes()
    for title, table in report.tables.items():
        row = _table_block(ws, row, title, table, notes.get(title, ""))
    _widths(ws, max(len(t["columns"]) for t in report.tables.values()) + 1)
    _print_setup(ws)


def _pivot_sheet(wb, title: str, table: dict):
    """Row 1: an empty cell, then the column names; then label + values; Totaal last."""
    ws = wb.create_sheet(SHEET_NAMES[title])
    for col, name in enumerate(table["columns"], start=2):
        _put(ws, 1, col, name, bold=True)
    for row, values in enumerate(table["rows"], start=2):
        bold = values[0] == TOTAAL
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value, bold=bold)
    _widths(ws, len(table["columns"]))
    ws.freeze_panes = "B2"
    _print_setup(ws)


def report_workbook(report: Report):
    """The whole workbook (an openpyxl Workbook; save it or send it with xlsx.xlsx_response)."""
    wb = xlsx.new_workbook(write_only=False)
    _rapportage_sheet(wb, report)
    for title, table in report.tables.items():
        _pivot_sheet(wb, title, table)
    return wb

"""The one place .xlsx files are written. Every value passes `guard()` (rows) or `cell()`, the
formula guard: text that starts like a formula (=, +, -, @) or reads as an error code (#N/A) is
stored as text, never evaluated by Excel."""

import io
import tempfile
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(name="Calibri", bold=True)  # the default font: else a spreadsheet may pick a serif


def looks_like_formula(value: str) -> bool:
    """Text Excel would not keep as typed: a formula start, or an error code such as #N/A."""
    return value.startswith(FORMULA_START) or value in ERROR_CODES


def cell(ws, value, *, bold=False, number_format=None):
    """A write-only cell holding `value`; strings that look like formulas stay strings."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    if value is not None and not isinstance(value, int | float | Decimal | date | datetime | str):
        value = str(value)
    c = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and looks_like_formula(value):
        c.data_type = "s"
    if bold:
        c.font = BOLD
    if number_format:
        c.number_format = number_format
    elif isinstance(value, date) and not isinstance(value, datetime):
        c.number_format = "dd-mm-yyyy"
    return c


PLAIN = {int, float, Decimal, bool}


def guard(ws, value):
    """`value` for a write-only row: as it is where openpyxl writes it unchanged (empty, numbers,
    text that cannot start a formula), else through `cell()` (formula-looking text, dates and
    their format, other types as text). A plain value costs openpyxl no cell object of its own."""
    if value is None or type(value) in PLAIN:
        return value
    if type(value) is str and not looks_like_formula(value):
        return value
    return cell(ws, value)


def set_value(target, value):
    """The formula guard for a normal (not write-only) worksheet cell."""
    target.value = value
    if isinstance(value, str) and looks_like_formula(value):
        target.data_type = "s"
    return target


def write_sheet(wb: Workbook, title: str, header: list, rows: Iterable[Iterable], widths=None):
    """Append one sheet to a write-only workbook: a bold header row, then the rows as they come
    (a generator is never held in memory)."""
    ws = wb.create_sheet(title=title)
    for index, width in enumerate(widths or [], start=1):
        ws.column_dimensions[_column_letter(index)].width = width
    ws.append([cell(ws, h, bold=True) for h in header])
    for row in rows:
        ws.append([guard(ws, v) for v in row])
    return ws


def _column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def new_workbook(write_only=True) -> Workbook:
    return Workbook(write_only=write_only)


def xlsx_response(wb: Workbook, filename: str) -> FileResponse:
    """Save through a spooled temporary file (memory stays bounded) and send as a download."""
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    wb.save(buffer)
    buffer.seek(0)
    return FileResponse(
        buffer, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


MAX_ROW = 1048576


def add_validation(ws, column: int, *, first_row=2, last_row=MAX_ROW, strict=True, **kwargs):
    """Excel data validation on one column below the header (works on write-only sheets too).
    `strict=False` only suggests: other values are accepted without an error box."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(allow_blank=True, showErrorMessage=strict, **kwargs)
    letter = _column_letter(column)
    dv.add(f"{letter}{first_row}:{letter}{last_row}")
    ws.data_validations.append(dv)
    return dv


def add_list_validation(ws, column: int, source: str, **kwargs):
    """A drop-down fed by a range such as "'Lijsten'!$A$2:$A$12": a range, not an inline list,
    because labels may contain commas and inline lists are limited to 255 characters."""
    return add_validation(ws, column, type="list", formula1=source, **kwargs)


# --- printing (a normal, not write-only, worksheet) -------------------------------------------

LINE_HEIGHT = 15  # points per line of text at the default 11 pt


def header_text(text: str) -> str:
    """Text for a printed page header or footer: `&` starts a code there, `&&` is an `&`."""
    return str(text).replace("&", "&&")


def print_on_a4(ws, *, header: str = "", landscape: bool = False, repeat_rows: str = ""):
    """A4, as wide as the page (as many pages down as needed), centred, `header` on top of every
    page, "Pagina 2 van 5" below; `repeat_rows` ("1:1") print on every page (print titles)."""
    from django.utils.translation import gettext as _
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    if header:
        ws.oddHeader.center.text = header_text(header)
        ws.oddHeader.center.font = "-,Bold"
    ws.oddFooter.center.text = _("Pagina &P van &N")
    if repeat_rows:
        ws.print_title_rows = repeat_rows


def text_lines(text, width: float, *, size: float = 11) -> int:
    """How many lines `text` takes in a wrapping cell `width` characters wide (Excel's column
    width unit) at font `size`, whole words per line, estimated on the safe side: a row set to
    that many lines never cuts its text, whichever font the spreadsheet program substitutes."""
    per_line = max(int(width * 11 / size) - 1, 1)
    lines, used = 1, 0
    for word in str(text).split():
        need = used + 1 + len(word) if used else len(word)
        if need <= per_line:
            used = need
            continue
        lines += 1 if used else 0
        used = len(word)
        while used > per_line:  # a word longer than a line is broken across lines
            lines, used = lines + 1, used - per_line
    return lines

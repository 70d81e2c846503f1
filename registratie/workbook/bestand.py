"""The workbook as a file, before and beside reading its cells:

- `check_archive`: an .xlsx is a zip archive. Its table of contents says how large every part
  unpacks, so an absurd workbook (a few kilobytes that unpack to hundreds of megabytes of one
  repeated character) is refused before a single part is unpacked.
- `formulas_without_value`: the cells that hold a formula but no stored result. The workbook is
  read with Excel's stored results (openpyxl's data_only); a formula written by a program that
  does not compute it (not by Excel) has none and would read as an empty cell."""

import re
import zipfile
from functools import partial

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from registratie.workbook.plan import WorkbookError

MB = 2**20
# What a registration workbook can unpack to. A 200,000-row export (inline text, 15 MB) unpacks
# to 190 MB; Excel's own files, with their text in one shared table, to much less.
MAX_UITGEPAKT = 500 * MB
# The shared text of all cells (Excel's sharedStrings.xml): 200,000 rows of our format hold a
# few tens of megabytes; a cell may hold at most 10,000 characters (samenvooruit.grenzen).
MAX_GEDEELDE_TEKST = 64 * MB
# How much a part may shrink in the archive. Worksheets and text shrink ten to twenty times;
# a part that shrank a hundred times or more holds little but repetition.
MAX_VERHOUDING = 100
VERHOUDING_VANAF = MB  # smaller parts are not compared: they cannot be absurd
GEDEELDE_TEKST = re.compile(r"(^|/)sharedStrings\d*\.xml$", re.IGNORECASE)


def check_archive(fileobj) -> None:
    """Refuse (WorkbookError) a workbook whose parts unpack to an absurd size, reading only the
    archive's table of contents. A file that is no zip archive passes: opening it says what it
    is. Leaves `fileobj` at its start."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    finally:
        fileobj.seek(0)
    total = sum(part.file_size for part in parts)
    if total > MAX_UITGEPAKT:
        raise _absurd(total, MAX_UITGEPAKT)
    for part in parts:
        if GEDEELDE_TEKST.search(part.filename) and part.file_size > MAX_GEDEELDE_TEKST:
            raise _absurd(part.file_size, MAX_GEDEELDE_TEKST)
        if part.file_size >= VERHOUDING_VANAF and (
            part.file_size > MAX_VERHOUDING * max(part.compress_size, 1)
        ):
            raise WorkbookError(
                _(
                    "Deze werkmap is uitgepakt %(uitgepakt)s groot, ingepakt maar %(ingepakt)s: "
                    "zo'n werkmap bevat vrijwel alleen herhaling en is geen registratie. Er is "
                    "niets gelezen en niets opgeslagen."
                )
                % {
                    "uitgepakt": filesizeformat(part.file_size),
                    "ingepakt": filesizeformat(part.compress_size),
                }
            )


def _absurd(size, maximum) -> WorkbookError:
    return WorkbookError(
        _(
            "Deze werkmap is uitgepakt %(grootte)s groot; een registratiewerkmap is hoogstens "
            "%(max)s. Er is niets gelezen en niets opgeslagen."
        )
        % {"grootte": filesizeformat(size), "max": filesizeformat(maximum)}
    )


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, CELL, FORMULA, VALUE = f"{MAIN}row", f"{MAIN}c", f"{MAIN}f", f"{MAIN}v"
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
TEXT_TYPES = {"str", "s", "inlineStr"}  # a formula with a text result: an empty one is a value


def formulas_without_value(ws) -> set[tuple[int, int]]:
    """(row, column index from 0) of every cell of the read-only worksheet `ws` that holds a
    formula without a stored result. A sheet without any formula is only scanned for the tag
    (a fraction of reading it); one with formulas is parsed once more, cell by cell."""
    source = _source(ws)
    if source is None:
        return set()
    with source:
        if not _mentions_formula(source):
            return set()
    found = set()
    with _source(ws) as source:
        number = column = 0
        parser = etree.iterparse(
            source,
            events=("start", "end"),
            tag=(ROW, CELL),
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
        )
        for event, element in parser:
            if element.tag == ROW:
                if event == "start":
                    number, column = int(element.get("r") or number + 1), 0
                else:
                    _forget(element)
                continue
            if event == "start":
                continue
            reference = element.get("r")
            if reference:
                letters, number = coordinate_from_string(reference)
                column = column_index_from_string(letters)
            else:
                column += 1
            if _without_value(element):
                found.add((number, column - 1))
            element.clear()
    return found


def _source(ws):
    try:
        return ws._get_source()  # openpyxl 3.1's read-only sheet: its XML, opened on demand
    except AttributeError:
        return None


def _mentions_formula(source) -> bool:
    tail = b""
    for chunk in iter(partial(source.read, MB), b""):
        if FORMULA_TAG.search(tail + chunk):
            return True
        tail = chunk[-16:]
    return False


def _without_value(cell) -> bool:
    if cell.find(FORMULA) is None:
        return False
    value = cell.find(VALUE)
    if value is None:
        return True
    return not (value.text or "") and cell.get("t") not in TEXT_TYPES


def _forget(row) -> None:
    """Free a parsed row and the rows before it (iterparse keeps the tree otherwise)."""
    row.clear()
    while row.getprevious() is not None:
        del row.getparent()[0]

import datetime
import io
import zipfile
from decimal import Decimal

from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from samenvooruit.xlsx import (
    cell,
    header_text,
    new_workbook,
    print_on_a4,
    text_lines,
    workbook_bytes,
    write_sheet,
)


def test_formula_looking_text_stays_text_and_numbers_stay_numbers():
    wb = new_workbook()

    rows = [["=SUM(A1:A2)", 3], ["+31 6 123", 4], ["@x", 5], ["#N/A", 6], ["#nummer 7", 7]]
    write_sheet(wb, "Lijst", ["naam", "aantal"], rows)
    ws = load_workbook(io.BytesIO(workbook_bytes(wb)))["Lijst"]

    assert [c.value for c in ws["A"]] == [
        "naam",
        "=SUM(A1:A2)",
        "+31 6 123",
        "@x",
        "#N/A",
        "#nummer 7",
    ]
    assert all(c.data_type == "s" for c in ws["A"])  # "#N/A" as typed, not an Excel error
    assert [c.value for c in ws["B"]][1:] == [3, 4, 5, 6, 7]
    assert ws["A1"].font.bold


def test_rows_write_the_same_file_as_a_cell_per_value():
    """write_sheet passes plain values where openpyxl writes them unchanged: the sheet and its
    styles are byte for byte those of a guarded cell per value."""
    row = [
        None,
        "",
        "tekst",
        "=1+1",
        "-5",
        "\tx",
        "#N/A",
        7,
        2.5,
        Decimal("1.10"),
        True,
        datetime.date(2024, 2, 29),
        datetime.datetime(2024, 2, 29, 13, 5, tzinfo=datetime.UTC),
        gettext_lazy("Ja"),
    ]
    plain = new_workbook()
    write_sheet(plain, "Lijst", ["a"] * len(row), [row, row[::-1]])
    cells = new_workbook()
    ws = cells.create_sheet(title="Lijst")
    ws.append([cell(ws, h, bold=True) for h in ["a"] * len(row)])
    for values in (row, row[::-1]):
        ws.append([cell(ws, v) for v in values])

    def parts(wb):
        with zipfile.ZipFile(io.BytesIO(workbook_bytes(wb))) as z:
            return z.read("xl/worksheets/sheet1.xml"), z.read("xl/styles.xml")

    assert parts(plain) == parts(cells)


def test_text_lines_counts_whole_words_per_line():
    assert text_lines("kort", 13) == 1
    assert text_lines("een twee drie", 9) == 2  # "een twee" (8) fits 8 characters, "drie" not
    assert text_lines("x" * 30, 11) == 3  # a word longer than a line breaks
    assert text_lines("a " * 100, 62, size=9) < text_lines("a " * 100, 62)


def test_print_on_a4_with_a_header_page_numbers_and_print_titles():
    wb = new_workbook(write_only=False)
    ws = wb.active

    print_on_a4(ws, header="Wonen & werk", landscape=True, repeat_rows="1:1")
    saved = load_workbook(io.BytesIO(workbook_bytes(wb))).active

    assert str(saved.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert saved.page_setup.orientation == "landscape"
    assert saved.page_setup.fitToWidth == 1 and saved.page_setup.fitToHeight == 0
    assert saved.oddHeader.center.text == "Wonen && werk" == header_text("Wonen & werk")
    assert saved.oddFooter.center.text == "Pagina &P van &N"
    assert saved.print_title_rows == "$1:$1"

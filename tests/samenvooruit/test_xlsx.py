import datetime
import io
import zipfile
from decimal import Decimal

from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from samenvooruit.xlsx import cell, new_workbook, workbook_bytes, write_sheet


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

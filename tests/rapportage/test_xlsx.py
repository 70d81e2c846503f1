import io

from openpyxl import load_workbook

from rapportage.xlsx import new_workbook, workbook_bytes, write_sheet


def test_formula_looking_text_stays_text_and_numbers_stay_numbers():
    wb = new_workbook()

    write_sheet(wb, "Lijst", ["naam", "aantal"], [["=SUM(A1:A2)", 3], ["+31 6 123", 4], ["@x", 5]])
    ws = load_workbook(io.BytesIO(workbook_bytes(wb)))["Lijst"]

    assert [c.value for c in ws["A"]] == ["naam", "=SUM(A1:A2)", "+31 6 123", "@x"]
    assert all(c.data_type == "s" for c in ws["A"])
    assert [c.value for c in ws["B"]][1:] == [3, 4, 5]
    assert ws["A1"].font.bold

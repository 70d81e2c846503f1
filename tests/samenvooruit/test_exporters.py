import datetime
import io
import zipfile

from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from samenvooruit.exporters import Exporter, ListExporter
from samenvooruit.xlsx import XLSX_CONTENT_TYPE, new_workbook, workbook_bytes, write_sheet

ROWS = [
    ["=HYPERLINK(1)", 3, datetime.date(2021, 3, 1)],
    ["+31 6 123", None, None],
    ["gewoon", 2.5, datetime.date(2021, 3, 2)],
]


class Lijst(ListExporter):
    title = "Lijst"
    columns = ("Naam", "Aantal", "Datum")
    widths = (30, 12)

    def __init__(self, rows=ROWS):
        self.source = rows

    def filename(self):
        return "lijst.xlsx"

    def rows(self):
        yield from self.source


class Vertaald(ListExporter):
    title = gettext_lazy("Hulpvragen")
    columns = (gettext_lazy("Huishouden"), gettext_lazy("Status"))

    def filename(self):
        return "vertaald.xlsx"

    def rows(self):
        return [["HH-2021-0001", "open"]]


class Dynamisch(ListExporter):
    title = "Dynamisch"

    def get_columns(self):
        return ["Naam", *(f"Week {n}" for n in range(1, 4))]

    def rows(self):
        return [["A", 1, 2, 3]]


class Twee(Exporter):
    def filename(self):
        return "twee.xlsx"

    def lists(self):
        return [Lijst(), Dynamisch()]


def opened(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_list_download_is_an_xlsx_attachment_with_its_filename():
    response = Lijst().response()

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="lijst.xlsx"'


def test_list_is_a_bold_header_then_the_rows_with_formulas_kept_as_text():
    ws = opened(Lijst().response())["Lijst"]

    assert [c.value for c in ws[1]] == ["Naam", "Aantal", "Datum"]
    assert all(c.font.bold for c in ws[1])
    assert [c.value for c in ws["A"][1:]] == ["=HYPERLINK(1)", "+31 6 123", "gewoon"]
    assert all(c.data_type == "s" for c in ws["A"][1:])
    assert [c.value for c in ws["B"][1:]] == [3, None, 2.5]
    assert ws["C2"].is_date and ws["C2"].number_format == "dd-mm-yyyy"
    assert ws.column_dimensions["A"].width == 30 and ws.column_dimensions["B"].width == 12


def test_list_is_written_by_the_xlsx_writer_byte_for_byte():
    by_hand = new_workbook()
    write_sheet(by_hand, "Lijst", ["Naam", "Aantal", "Datum"], ROWS, widths=[30, 12])

    def sheet(wb):
        with zipfile.ZipFile(io.BytesIO(workbook_bytes(wb))) as z:
            return z.read("xl/worksheets/sheet1.xml"), z.read("xl/styles.xml")

    assert sheet(Lijst().workbook()) == sheet(by_hand)


def test_workbook_is_write_only_and_reads_the_rows_once_as_they_come():
    read = []

    def rows():
        for row in ROWS:
            read.append(row)
            yield row

    wb = Lijst(rows()).workbook()

    assert wb.write_only
    assert read == ROWS  # appended on the sheet's stream, before the file is saved
    workbook_bytes(wb)  # close the stream


def test_rows_are_all_read_before_the_response_returns():
    source = [["eerst"]]
    response = Lijst(source).response()

    source.append(["daarna"])  # e.g. the download's own log entry

    assert [c.value for c in opened(response)["Lijst"]["A"]] == ["Naam", "eerst"]


def test_lazy_titles_and_columns_are_translated_when_written():
    with translation.override("en"):
        wb = opened(Vertaald().response())

    assert wb.sheetnames == ["Help requests"]
    assert [c.value for c in wb["Help requests"][1]] == ["Household", "Status"]


def test_columns_may_depend_on_the_data():
    ws = opened(Twee().response())["Dynamisch"]

    assert [c.value for c in ws[1]] == ["Naam", "Week 1", "Week 2", "Week 3"]
    assert [c.value for c in ws[2]] == ["A", 1, 2, 3]


def test_a_download_of_several_lists_has_one_sheet_each_in_order():
    response = Twee().response()

    wb = opened(response)
    assert wb.sheetnames == ["Lijst", "Dynamisch"]
    assert response["Content-Disposition"] == 'attachment; filename="twee.xlsx"'

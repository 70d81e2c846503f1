"""Bounds of what users type (issue 20): how long a text may be, how far back or ahead a date
may lie. Plumbing without domain words: the apps' models give each text field its maximum (one
of the sizes below, as `max_length`) and a database constraint (`max_length_constraint`), and
the apps' services build their rules from these checks, so that the form, the service and the
registration workbook refuse the same input with the same words.

The sizes of free text (characters):

    NOTITIE       2,000   a note, an outcome, a question, a reason
    OMSCHRIJVING  5,000   a description, a reasoning, an answer, what an organisation offers
    MOTIVATIE    10,000   the motivation of a fund application

Dates: nothing the product records happened before VROEGSTE_DATUM (the network began long
after), and what is planned lies at most PLAN_JAREN years ahead (a follow-up date less: its rule
says how far)."""

import datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.formats import number_format
from django.utils.translation import gettext as _

NOTITIE = 2_000
OMSCHRIJVING = 5_000
MOTIVATIE = 10_000

VROEGSTE_DATUM = datetime.date(2000, 1, 1)
PLAN_JAREN = 5  # a planned date (a pilot's end, a training session) lies at most this far ahead


def max_length_constraint(table: str, field: str, maximum: int) -> models.CheckConstraint:
    """The database's own refusal of a text longer than `maximum` (a TextField has no length in
    the database; on SQLite neither has a CharField)."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), maximum), name=f"{table}_{field}_max_lengte"
    )


def _invalid(key: str, message: str, code: str, params: dict) -> ValidationError:
    return ValidationError({key: ValidationError(message, code=code, params=params)})


def check_max_length(value, *, model, field: str, key: str | None = None) -> None:
    """A text no longer than the model field's `max_length`. Raises ValidationError keyed by
    `key` (the form's field; default `field`) with the code "te_lang"."""
    maximum = model._meta.get_field(field).max_length
    if isinstance(value, str) and maximum is not None and len(value) > maximum:
        raise _invalid(
            key or field,
            _("Deze tekst is %(lengte)s tekens lang; hier passen er hoogstens %(max)s."),
            "te_lang",
            {"lengte": number_format(len(value), force_grouping=True), "max": _max(maximum)},
        )


def _max(maximum: int) -> str:
    return number_format(maximum, force_grouping=True)


def check_max_lengths(model, values) -> None:
    """`check_max_length` for every text field of `model` among `values` ({field: value}); all
    refusals at once."""
    errors = {}
    for field, value in values.items():
        try:
            check_max_length(value, model=model, field=field)
        except FieldDoesNotExist:  # a value that is not one of the model's fields
            continue
        except ValidationError as exc:
            errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)


def check_date_range(
    datum: datetime.date,
    *,
    key: str,
    earliest: datetime.date | None = VROEGSTE_DATUM,
    latest: datetime.date | None = None,
    label: str | None = None,
) -> None:
    """A date from `earliest` through `latest` (None: no bound). Raises ValidationError keyed by
    `key` with the code "te_vroeg" or "te_laat"."""
    label = label or _("De datum")
    if earliest is not None and datum < earliest:
        raise _invalid(
            key,
            _("%(label)s kan niet vóór %(datum)s liggen."),
            "te_vroeg",
            {"label": label, "datum": earliest.strftime("%d-%m-%Y")},
        )
    if latest is not None and datum > latest:
        raise _invalid(
            key,
            _("%(label)s kan niet na %(datum)s liggen."),
            "te_laat",
            {"label": label, "datum": latest.strftime("%d-%m-%Y")},
        )


def check_at_most(value, *, maximum, key: str, label: str | None = None) -> None:
    """A number no larger than `maximum`. Raises ValidationError keyed by `key` with the code
    "te_groot"."""
    if value is not None and value > maximum:
        raise _invalid(
            key,
            _("%(label)s kan hoogstens %(max)s zijn."),
            "te_groot",
            {"label": label or _("Het getal"), "max": _max(maximum)},
        )


def years_ahead(today: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (28 February for 29 February in a year without it)."""
    try:
        return today.replace(year=today.year + years)
    except ValueError:
        return today.replace(year=today.year + years, day=28)

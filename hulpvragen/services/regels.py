"""The rules casework's writes share: validation used by forms, services and the registration
workbook (each raises ValidationError keyed by the form field it belongs to), and the checks
every write makes (not anonymised, the pilot of a date).

One function per rule. Each raises ValidationError keyed by the field, with a `code` so that a
caller with its own wording (the workbook names sheet, row and column) can tell the rules apart."""

import datetime
import time
from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hulpvragen import selectors
from hulpvragen.choices import SignaalBron, ToestemmingScope, Voorziening
from hulpvragen.models import MAX_CONTACT_MINUTEN, MAX_KINDEREN, MIN_GEBOORTEJAAR, Huishouden
from netwerk.models import Pilot
from netwerk.roles import is_coordinator
from samenvooruit.grenzen import (
    VROEGSTE_DATUM,
    check_at_most,
    check_date_range,
    check_max_lengths,
    years_ahead,
)

NAZORG_JAREN = 2  # a follow-up date lies at most this many years ahead


REFERENTIE_PREFIX = "HH"


BATCH = 500  # rows per INSERT, ids per IN (...) when many records are written at once


def today() -> datetime.date:
    """The local date. Looked up at most once a second: the date rules run for every row of a
    workbook import (tens of thousands of calls), and a time-zone conversion each time is a
    tenth of the import's cost."""
    key = (int(time.time()), settings.TIME_ZONE)
    if _today[0] != key:
        _today[:] = [key, timezone.localdate()]
    return _today[1]


_today = [None, None]


def _invalid(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def check_not_future(datum: datetime.date, *, field: str, label: str | None = None) -> None:
    """The rule for the date of something that happened: not in the future, and not before
    VROEGSTE_DATUM (code "te_vroeg")."""
    check_date_range(datum, key=field, label=label)
    if datum > today():
        raise _invalid(
            field,
            _("%(label)s ligt in de toekomst.") % {"label": label or _("De datum")},
            "toekomst",
        )


def _check_from_intake(datum: datetime.date, intake_datum: datetime.date, *, field: str) -> None:
    if datum < intake_datum:
        raise _invalid(
            field,
            _("De datum ligt vóór de aanmelding (%(intake)s).")
            % {"intake": intake_datum.strftime("%d-%m-%Y")},
            "voor_aanmelding",
        )


def geboortejaar_bereik() -> tuple[int, int]:
    """The birth years a person may have: (lowest, highest), both included."""
    return MIN_GEBOORTEJAAR, today().year


def validate_geboortejaar(
    jaar: int | None,
    *,
    intake_datum: datetime.date | None = None,
    field: str = "geboortejaar",
) -> None:
    """The birth-year rule: empty, or within `geboortejaar_bereik()`, and not after the year of
    the intake (`intake_datum`, when given: the age in the reports is intake year minus birth
    year). Codes "geboortejaar" and "na_aanmelding"."""
    laagste, hoogste = geboortejaar_bereik()
    if jaar is None:
        return
    if not laagste <= jaar <= hoogste:
        raise _invalid(
            field,
            _("Het geboortejaar moet tussen %(min)d en %(max)d liggen.")
            % {"min": laagste, "max": hoogste},
            "geboortejaar",
        )
    if intake_datum is not None and jaar > intake_datum.year:
        raise _invalid(
            field,
            _("Het geboortejaar (%(jaar)d) ligt na het jaar van aanmelding (%(intake)d).")
            % {"jaar": jaar, "intake": intake_datum.year},
            "na_aanmelding",
        )


def validate_intake_datum(datum: datetime.date, *, field: str = "intake_datum") -> None:
    """The intake-date rule: not in the future, not before VROEGSTE_DATUM."""
    check_not_future(datum, field=field, label=gettext_lazy("De datum van aanmelding"))


def validate_toestemming_datum(datum: datetime.date, *, field: str = "datum") -> None:
    """The consent-date rule: not in the future, not before VROEGSTE_DATUM."""
    check_not_future(datum, field=field, label=gettext_lazy("De toestemmingsdatum"))


def normaliseer_postcode(postcode: str, *, field: str = "postcode") -> str:
    """The postcode rule: empty, or a Dutch postcode, stored as "1234 AB"
    (selectors.postcode_sleutel, which the duplicate check compares)."""
    if not (postcode or "").strip():
        return ""
    sleutel = selectors.postcode_sleutel(postcode)
    if not sleutel:
        raise _invalid(
            field, _("Vul een postcode in als 1234 AB, of laat het veld leeg."), "postcode"
        )
    return sleutel


def nazorg_uiterlijk() -> datetime.date:
    """The latest follow-up date that may be set today."""
    return years_ahead(today(), NAZORG_JAREN)


def validate_nazorg_datum(datum: datetime.date | None, *, field: str = "nazorg_datum") -> None:
    """The follow-up-date rule: empty, or from VROEGSTE_DATUM to NAZORG_JAREN years ahead."""
    if datum is not None:
        check_date_range(
            datum,
            key=field,
            earliest=VROEGSTE_DATUM,
            latest=nazorg_uiterlijk(),
            label=gettext_lazy("De opvolgdatum"),
        )


def validate_aantal_kinderen(aantal: int | None, *, field: str = "aantal_kinderen") -> None:
    """A household has at most MAX_KINDEREN children."""
    check_at_most(
        aantal, maximum=MAX_KINDEREN, key=field, label=gettext_lazy("Het aantal kinderen")
    )


def validate_contact_minuten(minuten: int | None, *, field: str = "minuten") -> None:
    """A contact moment lasts at most a day (MAX_CONTACT_MINUTEN)."""
    check_at_most(
        minuten, maximum=MAX_CONTACT_MINUTEN, key=field, label=gettext_lazy("Het aantal minuten")
    )


def validate_huishouden(data: dict) -> None:
    """The rules of a household's own fields: the number of children, the lengths of its texts."""
    validate_aantal_kinderen(data.get("aantal_kinderen"))
    check_max_lengths(Huishouden, data)


def validate_status_datum(
    datum: datetime.date,
    *,
    intake_datum: datetime.date | None = None,
    vorige: datetime.date | None = None,
    field: str = "datum",
) -> None:
    """The rule for the date of a status change (closing included): not in the future, not
    before the intake, not before the previous change, so the dated history stays in order.
    A bound that is None is not checked."""
    check_not_future(datum, field=field)
    if intake_datum is not None:
        _check_from_intake(datum, intake_datum, field=field)
    if vorige is not None and datum < vorige:
        raise _invalid(
            field,
            _("De datum ligt vóór de laatste statuswijziging (%(datum)s).")
            % {"datum": vorige.strftime("%d-%m-%Y")},
            "voor_vorige",
        )


def validate_datum_na_aanmelding(
    datum: datetime.date, *, intake_datum: datetime.date, field: str = "datum"
) -> None:
    """The rule for the date of what is done for a help request (a contact, a referral): not in
    the future, not before the intake."""
    check_not_future(datum, field=field)
    _check_from_intake(datum, intake_datum, field=field)


def validate_uitkomst_datum(
    datum: datetime.date, *, doorverwijzing_datum: datetime.date, field: str = "uitkomst_datum"
) -> None:
    """The rule for the date of a referral's outcome: not in the future, not before the
    referral."""
    check_not_future(datum, field=field)
    if datum < doorverwijzing_datum:
        raise _invalid(
            field,
            _("De datum van de uitkomst ligt vóór de doorverwijzing."),
            "voor_doorverwijzing",
        )


def validate_doorverwijzing_uitkomst(uitkomst: str, *, field: str = "uitkomst") -> None:
    """A recorded outcome of a referral says what it was."""
    if not (uitkomst or "").strip():
        raise _invalid(field, _("Beschrijf de uitkomst."), "leeg")


def validate_toestemming_organisatie(*, scope: str, organisatie) -> None:
    """A consent to share names the organisation it may be shared with (an organisation or its
    id)."""
    if scope == ToestemmingScope.DELEN and organisatie is None:
        raise _invalid(
            "organisatie", _("Kies de organisatie waarmee gedeeld mag worden."), "organisatie_nodig"
        )


def toestemming_organisatie(scope: str, organisatie):
    """The organisation a consent of `scope` keeps: only a consent to share names one."""
    return None if scope == ToestemmingScope.REGISTRATIE else organisatie


def validate_intrekking_datum(
    datum: datetime.date, *, toestemming_datum: datetime.date, field: str = "datum"
) -> None:
    """The rule for the date a consent was withdrawn: not in the future, not before the consent."""
    check_not_future(datum, field=field)
    if datum < toestemming_datum:
        raise _invalid(field, _("De datum ligt vóór de toestemming zelf."), "voor_toestemming")


def validate_signaal_datum(datum: datetime.date, *, field: str = "datum") -> None:
    """The date of a signal to policy: not in the future."""
    check_not_future(datum, field=field)


# The provisions a fund signal can name: one that was asked and refused or too slow.
SIGNAAL_VOORZIENINGEN = (Voorziening.BIJZONDERE_BIJSTAND, Voorziening.ANDERS)


def validate_signaal_bron(bron: str, voorziening: str, *, met_hulpvraag: bool = False) -> None:
    """A signal's source and provision: a hand-written signal names no provision; the emergency
    fund's (bron noodfonds) names the provision that was asked (bijzondere bijstand or another)
    and never a help request (it is anonymous). Errors keyed by bron or voorziening."""
    if bron not in SignaalBron.values:
        raise _invalid("bron", _("Kies de bron van het signaal."), "bron")
    if voorziening and voorziening not in Voorziening.values:
        raise _invalid("voorziening", _("Kies een voorliggende voorziening."), "voorziening")
    if bron == SignaalBron.HANDMATIG:
        if voorziening:
            raise _invalid(
                "voorziening",
                _("Alleen een signaal van het noodfonds noemt een voorliggende voorziening."),
                "voorziening_zonder_noodfonds",
            )
        return
    if voorziening not in SIGNAAL_VOORZIENINGEN:
        raise _invalid(
            "voorziening",
            _(
                "Een signaal van het noodfonds noemt de gevraagde voorziening: bijzondere "
                "bijstand of een andere voorziening."
            ),
            "voorziening_nodig",
        )
    if met_hulpvraag:
        raise _invalid(
            "bron",
            _("Een signaal van het noodfonds is anoniem: het noemt geen hulpvraag."),
            "noodfonds_met_hulpvraag",
        )


def check_vertrouwenspersoon_bij_organisatie(vertrouwenspersoon, organisatie) -> None:
    if vertrouwenspersoon and organisatie and vertrouwenspersoon.organisatie_id != organisatie.pk:
        raise ValidationError(
            {
                "vertrouwenspersoon": _(
                    "%(vp)s hoort niet bij %(org)s. Kies een vertrouwenspersoon van die "
                    "organisatie, of laat de organisatie leeg."
                )
                % {"vp": vertrouwenspersoon, "org": organisatie}
            }
        )


# The refusal Django's own choice fields give for a value that is not on offer.
NOT_ON_OFFER = forms.ModelChoiceField.default_error_messages["invalid_choice"]


def check_assignment_in_scope(
    *, door, vertrouwenspersoon, organisatie, current: Huishouden | None = None
) -> None:
    """The guard against a forged (re)assignment: a household goes only to a trusted person and a
    partner organisation that `door` may choose (`selectors.assignable_*`), and never out of
    sight of the non-coordinator who registers it. Values equal to the household's `current`
    ones are not a choice and pass.

    The forms offer only these choices, so an honest request never fails here. The service checks
    again because it must not trust ids that arrive in a request: a POST with another
    organisation's trusted person typed in would otherwise hand a household, and its personal
    data, to someone `door` may not choose. A trusted person chooses nothing: the caller passes
    their own record (`forms.assignment_from`)."""
    if not is_coordinator(door) and vertrouwenspersoon is None and organisatie is None:
        # the household would be invisible to the person who just registered it
        raise ValidationError(
            _(
                "Uw login is niet gekoppeld aan een vertrouwenspersoon of organisatie. "
                "Vraag de coördinator dit te regelen."
            )
        )
    if not selectors.may_reassign(door):
        return
    vp_now = current.vertrouwenspersoon if current else None
    org_now = current.organisatie if current else None
    if vertrouwenspersoon not in (None, vp_now) and not (
        selectors.assignable_vertrouwenspersonen(door).filter(pk=vertrouwenspersoon.pk).exists()
    ):
        raise ValidationError({"vertrouwenspersoon": NOT_ON_OFFER})
    if organisatie not in (None, org_now) and not (
        selectors.assignable_organisaties(door).filter(pk=organisatie.pk).exists()
    ):
        raise ValidationError({"organisatie": NOT_ON_OFFER})


def validate_not_anonymised(geanonimiseerd_op: datetime.datetime | None) -> None:
    """An anonymised household keeps only its figures for the reports: nothing may be added or
    changed (a new contact note or phone number would make it personal again)."""
    if geanonimiseerd_op is not None:
        raise ValidationError(
            _(
                "Dit huishouden is geanonimiseerd: er kan niets meer worden toegevoegd of gewijzigd."
            ),
            code="geanonimiseerd",
        )


def check_not_anonymised(huishouden_id) -> None:
    check_none_anonymised([huishouden_id])


def check_none_anonymised(huishouden_ids: Iterable[int]) -> None:
    """`validate_not_anonymised` for stored households, one query per BATCH of them."""
    ids = list(set(huishouden_ids))
    for start in range(0, len(ids), BATCH):
        anonymised = Huishouden.objects.filter(
            pk__in=ids[start : start + BATCH], geanonimiseerd_op__isnull=False
        )
        validate_not_anonymised(anonymised.values_list("geanonimiseerd_op", flat=True).first())


def pilot_for(datum: datetime.date) -> Pilot | None:
    """The pilot whose dates hold `datum` (the latest-starting one when pilots overlap)."""
    return (
        Pilot.objects.filter(startdatum__lte=datum, einddatum__gte=datum)
        .order_by("-startdatum")
        .first()
    )

"""Writes for casework. This module is the only place a help request's status changes: every
change goes through `change_status`, which keeps the dated history (StatusWijziging) that the
reports read. Services validate their own invariants and raise ValidationError keyed by the
form field the problem belongs to, so views show the message next to that field."""

import datetime
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, ProtectedError, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from hulpvragen import selectors, signals
from hulpvragen.choices import (
    SignaalBron,
    SignaalStatus,
    Status,
    ToestemmingScope,
    UitkomstCategorie,
    Voorziening,
)
from hulpvragen.models import (
    MAX_CONTACT_MINUTEN,
    MAX_KINDEREN,
    MIN_GEBOORTEJAAR,
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    OudeReferentie,
    Overdracht,
    Signaal,
    SignaalOpvolging,
    StatusWijziging,
    Thema,
    Toestemming,
)
from netwerk.models import Organisatie, Pilot, Toegangslog, Vertrouwenspersoon
from netwerk.roles import is_coordinator
from netwerk.services import check_inzetbaar
from netwerk.toegangslog import Actie, log_access
from samenvooruit.grenzen import (
    VROEGSTE_DATUM,
    check_at_most,
    check_date_range,
    check_max_length,
    check_max_lengths,
    years_ahead,
)
from samenvooruit.versie import controleer_versie, verhoog_versies

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


# --- validation shared by forms, services and the registration workbook ---------------------
# One function per rule. Each raises ValidationError keyed by the field, with a `code` so that a
# caller with its own wording (the workbook names sheet, row and column) can tell the rules apart.


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


# --- households ----------------------------------------------------------------------------------


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


def next_referentie(*, jaar: int) -> str:
    """The next free `HH-<year>-<number>` (4 digits, more when a year passes 9999)."""
    prefix = f"{REFERENTIE_PREFIX}-{jaar}-"
    # a merged household's reference is never given out again (it still leads to the kept one)
    in_use = [
        *Huishouden.objects.filter(referentie__startswith=prefix).values_list(
            "referentie", flat=True
        ),
        *OudeReferentie.objects.filter(referentie__startswith=prefix).values_list(
            "referentie", flat=True
        ),
    ]
    numbers = [int(ref[len(prefix) :]) for ref in in_use if ref[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _create_huishouden(*, jaar: int, **fields) -> Huishouden:
    """Insert with a fresh reference; a concurrent insert of the same reference retries."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Huishouden.objects.create(referentie=next_referentie(jaar=jaar), **fields)
        except IntegrityError:
            continue
    raise IntegrityError("Geen vrije huishoudreferentie gevonden.")


def pilot_for(datum: datetime.date) -> Pilot | None:
    """The pilot whose dates hold `datum` (the latest-starting one when pilots overlap)."""
    return (
        Pilot.objects.filter(startdatum__lte=datum, einddatum__gte=datum)
        .order_by("-startdatum")
        .first()
    )


@transaction.atomic
def register_intake(
    *,
    huishouden: dict,
    hulpvrager: dict,
    hulpvraag: dict,
    themas: Iterable[Thema],
    toestemming_datum: datetime.date,
    toestemming_scope: str = ToestemmingScope.REGISTRATIE,
    vertrouwenspersoon: Vertrouwenspersoon | None = None,
    organisatie: Organisatie | None = None,
    door=None,
    referentie: str | None = None,
) -> Huishouden:
    """The shared intake: a person tells their story once. Creates the household (with a new
    reference, or `referentie` when one is given, e.g. by an import), its main person, the consent
    record, and the first help request with its initial status-history entry on the intake date.
    With `door` (a user), the assignment must be one `door` may choose (check_assignment_in_scope).
    An assignment to a trusted person is an event (signals.huishouden_toegewezen).
    """
    intake_datum = hulpvraag["intake_datum"]
    validate_intake_datum(intake_datum)
    validate_toestemming_datum(toestemming_datum, field="toestemming_datum")
    validate_geboortejaar(hulpvrager.get("geboortejaar"), intake_datum=intake_datum)
    validate_huishouden(huishouden)
    check_max_lengths(Hulpvrager, hulpvrager)
    if door is not None:
        check_assignment_in_scope(
            door=door, vertrouwenspersoon=vertrouwenspersoon, organisatie=organisatie
        )
    check_vertrouwenspersoon_bij_organisatie(vertrouwenspersoon, organisatie)
    check_inzetbaar([vertrouwenspersoon])  # onboarding before the first household
    if vertrouwenspersoon and not organisatie:
        organisatie = vertrouwenspersoon.organisatie
    assignment = {"vertrouwenspersoon": vertrouwenspersoon, "organisatie": organisatie}
    if "postcode" in huishouden:
        huishouden = {**huishouden, "postcode": normaliseer_postcode(huishouden["postcode"])}
    if referentie:
        if (
            Huishouden.objects.filter(referentie=referentie).exists()
            or OudeReferentie.objects.filter(referentie=referentie).exists()
        ):
            raise ValidationError(
                {"referentie": _("Referentie %(ref)s bestaat al.") % {"ref": referentie}}
            )
        household = Huishouden.objects.create(referentie=referentie, **assignment, **huishouden)
    else:
        household = _create_huishouden(jaar=intake_datum.year, **assignment, **huishouden)
    Toestemming.objects.create(
        huishouden=household, datum=toestemming_datum, scope=toestemming_scope, vastgelegd_door=door
    )
    person = Hulpvrager.objects.create(huishouden=household, is_hoofdpersoon=True, **hulpvrager)
    add_hulpvraag(huishouden=household, hulpvrager=person, themas=themas, door=door, **hulpvraag)
    if vertrouwenspersoon is not None:
        signals.huishouden_toegewezen.send(
            sender=Huishouden,
            huishouden=household,
            vertrouwenspersoon=vertrouwenspersoon,
            door=door,
        )
    return household


@transaction.atomic
def update_huishouden(
    *, huishouden: Huishouden, data: dict, may_reassign: bool, door=None, versie: int | None = None
) -> Huishouden:
    """Save a household's fields. Only when `may_reassign` do `vertrouwenspersoon` and
    `organisatie` change; then the household's open help requests follow the new trusted person.
    With `door` (a user), a new trusted person or organisation must be one `door` may choose
    (check_assignment_in_scope). `versie`: the version the edit form was opened at; a household
    changed since is refused with what changed (samenvooruit.versie.controleer_versie). A new
    trusted person is an event (signals.huishouden_toegewezen)."""
    check_not_anonymised(huishouden.pk)
    controleer_versie(huishouden, versie, velden=data.keys())
    validate_huishouden(data)
    vp_before = huishouden.vertrouwenspersoon_id
    assignment = {"vertrouwenspersoon", "organisatie"}
    if "postcode" in data:
        data = {**data, "postcode": normaliseer_postcode(data["postcode"])}
    for name, value in data.items():
        if name not in assignment:
            setattr(huishouden, name, value)
    if may_reassign and assignment & data.keys():
        vp = data.get("vertrouwenspersoon", huishouden.vertrouwenspersoon)
        org = data.get("organisatie", huishouden.organisatie)
        if door is not None:
            check_assignment_in_scope(
                door=door, vertrouwenspersoon=vp, organisatie=org, current=huishouden
            )
        check_vertrouwenspersoon_bij_organisatie(vp, org)
        if vp is not None and vp.pk != vp_before:
            check_inzetbaar([vp])  # onboarding before the first household
        huishouden.vertrouwenspersoon = vp
        huishouden.organisatie = org or (vp.organisatie if vp else None)
        huishouden.hulpvragen.exclude(status=Status.AFGEROND).update(vertrouwenspersoon=vp)
    huishouden.full_clean()
    huishouden.save()
    if huishouden.vertrouwenspersoon_id not in (None, vp_before):
        signals.huishouden_toegewezen.send(
            sender=Huishouden,
            huishouden=huishouden,
            vertrouwenspersoon=huishouden.vertrouwenspersoon,
            door=door,
        )
    return huishouden


@transaction.atomic
def add_hulpvrager(*, huishouden: Huishouden, **fields) -> Hulpvrager:
    """Add a person to a household; the first person becomes the main person."""
    check_not_anonymised(huishouden.pk)
    validate_geboortejaar(fields.get("geboortejaar"))
    check_max_lengths(Hulpvrager, fields)
    is_first = not huishouden.personen.exists()
    return Hulpvrager.objects.create(huishouden=huishouden, is_hoofdpersoon=is_first, **fields)


@transaction.atomic
def update_hulpvrager(
    *, hulpvrager: Hulpvrager, data: dict, versie: int | None = None
) -> Hulpvrager:
    """Save a person's fields; the birth year by `validate_geboortejaar`, not after the year of
    the person's first help request. `versie`: the version the edit form was opened at; a person
    changed since is refused with what changed (samenvooruit.versie.controleer_versie)."""
    check_not_anonymised(hulpvrager.huishouden_id)
    controleer_versie(hulpvrager, versie, velden=data.keys())
    eerste = hulpvrager.hulpvragen.order_by("intake_datum").values_list("intake_datum", flat=True)
    validate_geboortejaar(data.get("geboortejaar"), intake_datum=eerste.first())
    check_max_lengths(Hulpvrager, data)
    for name, value in data.items():
        setattr(hulpvrager, name, value)
    hulpvrager.save()
    return hulpvrager


# --- possible duplicates (before a new household or person is saved) ----------------------------

MAX_HINTS_PER_UUR = 20  # households hinted to one user per hour (no probing by guessing names)
MAX_DUBBELEN = 5  # households hinted at one check
HINT_VENSTER = datetime.timedelta(hours=1)


@dataclass
class Dubbelcontrole:
    """What the check before saving tells its user: the possible duplicates they may see
    (`zichtbaar`), whether there are others they may not see (`elders`: they get only the
    neutral message), and whether the check was skipped because they had their hints for this
    hour (`beperkt`)."""

    zichtbaar: list = field(default_factory=list)
    elders: bool = False
    beperkt: bool = False

    @property
    def iets_gevonden(self) -> bool:
        return bool(self.zichtbaar or self.elders or self.beperkt)


def hints_dit_uur(user) -> int:
    """The households hinted to `user` in the last hour: their entries in the access log."""
    return Toegangslog.objects.filter(
        gebruikersnaam=user.get_username(),
        actie=Actie.MOGELIJK_DUBBEL,
        tijdstip__gte=timezone.now() - HINT_VENSTER,
    ).count()


@transaction.atomic
def controleer_dubbelen(
    *,
    door,
    request=None,
    naam: str = "",
    geboortejaar: int | None = None,
    telefoon: str = "",
    postcode: str = "",
) -> Dubbelcontrole:
    """The check before a new household (intake) or person is saved: the stored persons who may
    be this one (selectors.mogelijke_dubbelen), at most MAX_DUBBELEN households. `door` sees
    those of households they may see (Huishouden.visible_to: name, reference, reasons); of the
    others only that there are some (`elders`), and the coordinators are told (the signal
    `mogelijk_dubbel`, a notice each). Every household hinted is in the access log (one entry,
    naming it and whether it was shown); beyond MAX_HINTS_PER_UUR such entries in the last hour
    a user other than a coordinator (who may see every household anyway) gets no check at all
    (`beperkt`). Side effects: access-log entries, the signal. Stores nothing else."""
    budget = MAX_DUBBELEN
    if not is_coordinator(door):
        budget = min(budget, MAX_HINTS_PER_UUR - hints_dit_uur(door))
        if budget <= 0:
            return Dubbelcontrole(beperkt=True)
    gevonden = selectors.mogelijke_dubbelen(
        naam=naam, geboortejaar=geboortejaar, telefoon=telefoon, postcode=postcode
    )
    ids = list(dict.fromkeys(d.huishouden_id for d in gevonden))[:budget]
    if not ids:
        return Dubbelcontrole()
    huishoudens = Huishouden.objects.in_bulk(ids)
    zichtbaar = set(
        Huishouden.objects.visible_to(door).filter(pk__in=ids).values_list("pk", flat=True)
    )
    for pk in ids:
        getoond = pk in zichtbaar
        log_access(
            request,
            Actie.MOGELIJK_DUBBEL,
            huishoudens[pk],
            label="getoond" if getoond else "neutrale melding",
            user=door,
        )
    verborgen = [huishoudens[pk] for pk in ids if pk not in zichtbaar]
    if verborgen:
        signals.mogelijk_dubbel.send(sender=Huishouden, kandidaten=verborgen, door=door)
    return Dubbelcontrole(
        zichtbaar=[d for d in gevonden if d.huishouden_id in zichtbaar and d.huishouden_id in ids],
        elders=bool(verborgen),
    )


def meld_dubbel_opgeslagen(*, huishouden: Huishouden, hulpvrager: Hulpvrager, door) -> None:
    """After `door` saved a household or person in spite of the check's message: when it looks
    like a household `door` may not see, the coordinators are told which two (the signal
    `mogelijk_dubbel` with `nieuw`), so they can merge them. `door` is shown nothing. Side
    effect: the signal."""
    gevonden = selectors.mogelijke_dubbelen(
        naam=hulpvrager.naam,
        geboortejaar=hulpvrager.geboortejaar,
        telefoon=hulpvrager.telefoon,
        postcode=huishouden.postcode,
    )
    ids = list(dict.fromkeys(d.huishouden_id for d in gevonden if d.huishouden_id != huishouden.pk))
    zichtbaar = set(
        Huishouden.objects.visible_to(door).filter(pk__in=ids).values_list("pk", flat=True)
    )
    verborgen = [pk for pk in ids if pk not in zichtbaar][:MAX_DUBBELEN]
    if verborgen:
        bulk = Huishouden.objects.in_bulk(verborgen)
        kandidaten = [bulk[pk] for pk in verborgen]  # most alike first
        signals.mogelijk_dubbel.send(
            sender=Huishouden, kandidaten=kandidaten, door=door, nieuw=huishouden
        )


# --- merging two records of one person or household (samenvoegen, above this app) -------------


def _history_args(door, reden: str) -> dict:
    # the history column holds 100 characters
    return {"default_user": door, "default_change_reason": reden[:100], "batch_size": BATCH}


@transaction.atomic
def verplaats_naar_huishouden(
    *, van: Huishouden, naar: Huishouden, door=None, reden: str = ""
) -> dict[str, int]:
    """Moves everything casework holds of household `van` to `naar`, for a merge: its persons
    (`naar` keeps its own main person; without one, `van`'s stays the main person), its help
    requests with their status history, contacts and referrals (the open ones follow `naar`'s
    trusted person, as at a reassignment; closed ones keep theirs), its consents and the
    references merged into it before. Neither may be anonymised. Side effects: the UPDATEs, a
    change-history row for each moved record by `door` with `reden`. `van` is left empty
    (`verwijder_samengevoegd_huishouden`). Returns the counts moved per kind."""
    if van.pk == naar.pk:
        raise ValidationError(_("Kies twee verschillende huishoudens."), code="zelfde")
    check_none_anonymised([van.pk, naar.pk])
    history = _history_args(door, reden)
    heeft_hoofdpersoon = naar.personen.filter(is_hoofdpersoon=True).exists()
    personen = list(van.personen.order_by("pk"))
    for persoon in personen:
        persoon.huishouden = naar
        persoon.is_hoofdpersoon = persoon.is_hoofdpersoon and not heeft_hoofdpersoon
    bulk_update_with_history(personen, Hulpvrager, ["huishouden", "is_hoofdpersoon"], **history)
    hulpvragen = list(van.hulpvragen.order_by("pk"))
    for hulpvraag in hulpvragen:
        hulpvraag.huishouden = naar
        if hulpvraag.status != Status.AFGEROND:
            hulpvraag.vertrouwenspersoon = naar.vertrouwenspersoon
    bulk_update_with_history(hulpvragen, Hulpvraag, ["huishouden", "vertrouwenspersoon"], **history)
    toestemmingen = list(van.toestemmingen.order_by("pk"))
    for toestemming in toestemmingen:
        toestemming.huishouden = naar
    bulk_update_with_history(toestemmingen, Toestemming, ["huishouden"], **history)
    van.oude_referenties.update(huishouden=naar)
    return {
        "personen": len(personen),
        "hulpvragen": len(hulpvragen),
        "toestemmingen": len(toestemmingen),
    }


@transaction.atomic
def verwijder_samengevoegd_huishouden(
    *, huishouden: Huishouden, naar: Huishouden, door=None, reden: str = ""
) -> OudeReferentie:
    """Removes a household that a merge emptied (every app moved its records to `naar` first):
    its reference becomes an old reference of `naar`, so its page leads there and the reference
    is never given out again; its change history stays. Refuses (ValidationError) while anything
    still refers to it. Side effects: the OudeReferentie, the DELETE with its history row."""
    if any(
        related.exists()
        for related in (
            huishouden.personen,
            huishouden.hulpvragen,
            huishouden.toestemmingen,
            huishouden.oude_referenties,
        )
    ):
        raise ValidationError(
            _("Dit huishouden heeft nog personen, hulpvragen of toestemmingen."), code="niet_leeg"
        )
    oud = OudeReferentie.objects.create(
        referentie=huishouden.referentie,
        huishouden=naar,
        huishouden_id_oud=huishouden.pk,
        door=door,
    )
    huishouden._history_user = door
    huishouden._change_reason = reden[:100]
    try:
        with transaction.atomic():
            huishouden.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Er verwijzen nog gegevens naar huishouden %(ref)s.")
            % {"ref": huishouden.referentie},
            code="verwezen",
        ) from exc
    return oud


@transaction.atomic
def verplaats_naar_hulpvrager(
    *, van: Hulpvrager, naar: Hulpvrager, door=None, reden: str = ""
) -> int:
    """Moves the help requests of person `van` to `naar`, a person of the same household, for a
    merge. Side effects: the UPDATEs, a change-history row each by `door` with `reden`. Returns
    how many moved."""
    if van.pk == naar.pk:
        raise ValidationError(_("Kies twee verschillende personen."), code="zelfde")
    if van.huishouden_id != naar.huishouden_id:
        raise ValidationError(
            _(
                "Deze personen horen bij verschillende huishoudens: voeg eerst de huishoudens samen."
            ),
            code="ander_huishouden",
        )
    check_not_anonymised(naar.huishouden_id)
    hulpvragen = list(van.hulpvragen.order_by("pk"))
    for hulpvraag in hulpvragen:
        hulpvraag.hulpvrager = naar
    bulk_update_with_history(hulpvragen, Hulpvraag, ["hulpvrager"], **_history_args(door, reden))
    return len(hulpvragen)


@transaction.atomic
def verwijder_hulpvrager(*, hulpvrager: Hulpvrager, door=None, reden: str = "") -> None:
    """Removes a person without help requests (after a merge moved them). Side effects: the
    DELETE with its history row. Refuses while help requests still name the person."""
    check_not_anonymised(hulpvrager.huishouden_id)
    hulpvrager._history_user = door
    hulpvrager._change_reason = reden[:100]
    try:
        with transaction.atomic():
            hulpvrager.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Er staan nog hulpvragen op naam van deze persoon."), code="verwezen"
        ) from exc


# --- handover when a trusted person stops --------------------------------------------------------


def check_overdracht(*, van: Vertrouwenspersoon, naar: Vertrouwenspersoon, door) -> None:
    """The rules of a handover: `door` may hand `van`'s households over
    (selectors.may_hand_over), and `naar` is another trusted person who still works and whom
    `door` may assign a household to (check_assignment_in_scope: the forms offer only those, a
    forged request is refused all the same). Raises ValidationError keyed by `vertrouwenspersoon`
    (the form's field for `naar`)."""
    if not selectors.may_hand_over(door, van):
        raise ValidationError(
            _("U mag de huishoudens van %(van)s niet overdragen.") % {"van": van},
            code="niet_toegestaan",
        )
    if naar.pk == van.pk:
        raise _invalid(
            "vertrouwenspersoon",
            _("Kies een andere vertrouwenspersoon dan %(van)s.") % {"van": van},
            "zelfde",
        )
    if Vertrouwenspersoon.objects.filter(selectors.is_gestopt(today()), pk=naar.pk).exists():
        raise _invalid(
            "vertrouwenspersoon",
            _("%(naar)s is gestopt: kies een vertrouwenspersoon die nog actief is.")
            % {"naar": naar},
            "gestopt",
        )
    # the organisation follows the new trusted person, as at an intake
    check_assignment_in_scope(door=door, vertrouwenspersoon=naar, organisatie=None)
    check_inzetbaar([naar])  # onboarding before the first household


@transaction.atomic
def draag_huishoudens_over(
    *, van: Vertrouwenspersoon, naar: Vertrouwenspersoon, door
) -> Overdracht:
    """Hand every household of `van` that `door` may see (anonymised ones excepted: nothing of
    them changes) to `naar` in one step, after `check_overdracht`. Side effects: the households
    go to `naar` and `naar`'s organisation and their open help requests follow (as
    `update_huishouden` does); each changed household and help request gets a history row by
    `door` with the handover as its change reason; one Overdracht is inserted and sent as an
    event (signals.huishoudens_overgedragen: the notices tell both trusted persons). Refuses
    (nothing stored) when `van` has no such household."""
    check_overdracht(van=van, naar=naar, door=door)
    huishoudens = list(
        Huishouden.objects.visible_to(door)
        .filter(vertrouwenspersoon=van, geanonimiseerd_op__isnull=True)
        .select_for_update()
        .order_by("pk")
    )
    if not huishoudens:
        raise ValidationError(
            _("%(van)s heeft geen huishoudens om over te dragen.") % {"van": van},
            code="geen_huishoudens",
        )
    history = {
        "default_user": door,
        # the history column holds 100 characters
        "default_change_reason": (
            _("Overdracht van %(van)s aan %(naar)s") % {"van": van, "naar": naar}
        )[:100],
        "batch_size": BATCH,
    }
    # the edit form shows the assignment: a form opened before the handover is refused after it
    verhoog_versies(huishoudens)
    for huishouden in huishoudens:
        huishouden.vertrouwenspersoon = naar
        huishouden.organisatie = naar.organisatie
    bulk_update_with_history(
        huishoudens, Huishouden, ["vertrouwenspersoon", "organisatie", "versie"], **history
    )
    hulpvragen = list(
        Hulpvraag.objects.filter(
            huishouden__in=[h.pk for h in huishoudens], status__in=selectors.OPEN_STATUSES
        ).order_by("pk")
    )
    for hulpvraag in hulpvragen:
        hulpvraag.vertrouwenspersoon = naar
    bulk_update_with_history(hulpvragen, Hulpvraag, ["vertrouwenspersoon"], **history)
    overdracht = Overdracht.objects.create(
        van=van, naar=naar, door=door, aantal_huishoudens=len(huishoudens)
    )
    signals.huishoudens_overgedragen.send(sender=Overdracht, overdracht=overdracht, door=door)
    return overdracht


# --- help requests and their status ----------------------------------------------------------


@transaction.atomic
def add_hulpvraag(
    *,
    huishouden: Huishouden,
    hulpvrager: Hulpvrager,
    intake_datum: datetime.date,
    soort: str,
    themas: Iterable[Thema] = (),
    terugkerend: str = "",
    omschrijving: str = "",
    pilot: Pilot | None = None,
    nazorg_datum: datetime.date | None = None,
    door=None,
) -> Hulpvraag:
    """A new help request of `huishouden`, with its initial StatusWijziging (nog in behandeling)
    on the intake date. The pilot defaults to the one whose dates hold the intake date; the
    trusted person is the household's."""
    check_not_anonymised(huishouden.pk)
    validate_intake_datum(intake_datum)
    if hulpvrager.huishouden_id != huishouden.pk:
        raise ValidationError({"hulpvrager": _("Deze persoon hoort niet bij dit huishouden.")})
    validate_geboortejaar(hulpvrager.geboortejaar, intake_datum=intake_datum, field="intake_datum")
    validate_nazorg_datum(nazorg_datum)
    check_max_length(omschrijving, model=Hulpvraag, field="omschrijving")
    hulpvraag = Hulpvraag.objects.create(
        huishouden=huishouden,
        hulpvrager=hulpvrager,
        pilot=pilot or pilot_for(intake_datum),
        intake_datum=intake_datum,
        soort=soort,
        terugkerend=terugkerend,
        omschrijving=omschrijving,
        status=Status.NOG_IN_BEHANDELING,
        vertrouwenspersoon_id=huishouden.vertrouwenspersoon_id,
        nazorg_datum=nazorg_datum,
    )
    hulpvraag.themas.set(themas)
    StatusWijziging.objects.create(
        hulpvraag=hulpvraag,
        van="",
        naar=Status.NOG_IN_BEHANDELING,
        datum=intake_datum,
        door=door,
    )
    return hulpvraag


# A help request's own fields: all but `laatste_contact`, which belongs to its contacts.
_OWN_FIELDS = [
    f.name
    for f in Hulpvraag._meta.concrete_fields
    if not f.primary_key and f.name != "laatste_contact"
]


def save_hulpvraag(*, hulpvraag: Hulpvraag) -> Hulpvraag:
    """Save an existing help request's own fields. `laatste_contact` is kept by the contact
    services (`recompute_laatste_contact`): an instance read before a contact was logged must not
    write its old copy back. Every full save of a help request goes through here."""
    hulpvraag.save(update_fields=_OWN_FIELDS)
    return hulpvraag


@transaction.atomic
def update_hulpvraag(
    *, hulpvraag: Hulpvraag, data: dict, themas=None, versie: int | None = None
) -> Hulpvraag:
    """Edit the descriptive fields. The intake date may move only while it stays on or before
    every status change (the initial entry moves with it), contact and referral (the report
    counts formal involvement from the referrals dated inside its window, exact only because no
    referral is dated before its help request's intake: rapportage.report.categories). `versie`: the version
    the edit form was opened at; a help request changed since is refused with what changed
    (samenvooruit.versie.controleer_versie)."""
    check_not_anonymised(hulpvraag.huishouden_id)
    controleer_versie(hulpvraag, versie, velden=data.keys())
    intake = data.get("intake_datum", hulpvraag.intake_datum)
    validate_intake_datum(intake)
    hulpvrager = data.get("hulpvrager")
    if hulpvrager is not None and hulpvrager.huishouden_id != hulpvraag.huishouden_id:
        raise ValidationError({"hulpvrager": _("Deze persoon hoort niet bij dit huishouden.")})
    geboortejaar = (hulpvrager or hulpvraag.hulpvrager).geboortejaar
    validate_geboortejaar(geboortejaar, intake_datum=intake, field="intake_datum")
    validate_nazorg_datum(data.get("nazorg_datum"))
    check_max_lengths(Hulpvraag, data)
    history = list(hulpvraag.statushistorie.order_by("datum", "pk"))
    later = [w.datum for w in history[1:]] + list(
        hulpvraag.contactmomenten.order_by()
        .values_list("datum", flat=True)
        .union(hulpvraag.doorverwijzingen.order_by().values_list("datum", flat=True))
    )
    if later and intake > min(later):
        raise ValidationError(
            {
                "intake_datum": _(
                    "De datum van aanmelding kan niet na een latere statuswijziging, "
                    "contactmoment of doorverwijzing liggen (%(datum)s)."
                )
                % {"datum": min(later).strftime("%d-%m-%Y")}
            }
        )
    if history and history[0].datum != intake:
        history[0].datum = intake
        history[0].save(update_fields=["datum"])
    for name, value in data.items():
        setattr(hulpvraag, name, value)
    if "pilot" in data and data["pilot"] is None:
        hulpvraag.pilot = pilot_for(intake)
    save_hulpvraag(hulpvraag=hulpvraag)
    if themas is not None:
        hulpvraag.themas.set(themas)
    return hulpvraag


def check_uitkomst(naar: str, uitkomst: str | None, uitkomst_categorie: str | None = None) -> None:
    """Closing a help request needs its outcome: what did the help bring, in words and as one
    of the categories the report counts (`UitkomstCategorie`). Any other change needs neither;
    a category not in the list is refused always."""
    errors = {}
    if uitkomst_categorie and uitkomst_categorie not in UitkomstCategorie.values:
        errors["uitkomst_categorie"] = _("Onbekende soort uitkomst.")
    if naar == Status.AFGEROND:
        if not (uitkomst or "").strip():
            errors["uitkomst"] = _("Beschrijf de uitkomst bij het afronden.")
        if not uitkomst_categorie:
            errors["uitkomst_categorie"] = _("Kies bij het afronden de soort uitkomst.")
    if errors:
        raise ValidationError(errors)


def validate_uitkomst_categorie(categorie: str, *, status: str) -> None:
    """An outcome category (`UitkomstCategorie`) belongs to a closed help request only; "" (not
    recorded) always passes (records of before the category; the registration workbook).
    Raises ValidationError keyed by `uitkomst_categorie`, with a code per rule."""
    if not categorie:
        return
    if categorie not in UitkomstCategorie.values:
        raise _invalid("uitkomst_categorie", _("Onbekende soort uitkomst."), "onbekend")
    if status != Status.AFGEROND:
        raise _invalid(
            "uitkomst_categorie",
            _("Een soort uitkomst hoort bij een afgeronde hulpvraag."),
            "niet_afgerond",
        )


@transaction.atomic
def change_status(
    *,
    hulpvraag: Hulpvraag,
    naar: str,
    datum: datetime.date | None = None,
    door=None,
    notitie: str = "",
    uitkomst: str | None = None,
    uitkomst_categorie: str | None = None,
) -> StatusWijziging:
    """Change the status of a help request on `datum` (default today): writes a StatusWijziging
    (van, naar, datum, door, notitie, and when closing the outcome's category) and updates
    hulpvraag.status, datum_afgerond and, when closing, uitkomst and uitkomst_categorie. The date
    may be back-dated, but never lies in the future, before the intake or before the latest
    recorded change (the history stays in order). Closing needs an outcome and its category
    (check_uitkomst): `uitkomst` and `uitkomst_categorie`, or the help request's own for each
    that is None."""
    check_not_anonymised(hulpvraag.huishouden_id)
    check_max_length(notitie, model=StatusWijziging, field="notitie")
    check_max_length(uitkomst, model=Hulpvraag, field="uitkomst")
    datum = datum or today()
    # Lock the row and read the current status fresh: two changes at once stay in order.
    locked = Hulpvraag.objects.select_for_update().get(pk=hulpvraag.pk)
    hulpvraag.status = locked.status
    if naar not in Status.values:
        raise ValidationError({"naar": _("Onbekende status.")})
    if naar == hulpvraag.status:
        raise ValidationError({"naar": _("De hulpvraag heeft deze status al.")})
    last = hulpvraag.statushistorie.order_by("-datum", "-pk").first()
    validate_status_datum(
        datum, intake_datum=hulpvraag.intake_datum, vorige=last.datum if last else None
    )
    if uitkomst_categorie is None:
        uitkomst_categorie = locked.uitkomst_categorie
    check_uitkomst(naar, locked.uitkomst if uitkomst is None else uitkomst, uitkomst_categorie)
    closing = naar == Status.AFGEROND
    wijziging = StatusWijziging.objects.create(
        hulpvraag=hulpvraag,
        van=hulpvraag.status,
        naar=naar,
        datum=datum,
        door=door,
        notitie=notitie,
        uitkomst_categorie=uitkomst_categorie if closing else "",
    )
    hulpvraag.status = naar
    hulpvraag.datum_afgerond = datum if closing else None
    if closing and uitkomst is not None:
        hulpvraag.uitkomst = uitkomst
    if closing:
        hulpvraag.uitkomst_categorie = uitkomst_categorie
    hulpvraag.save(update_fields=["status", "datum_afgerond", "uitkomst", "uitkomst_categorie"])
    return wijziging


@transaction.atomic
def vul_soort_uitkomst_aan(*, hulpvraag: Hulpvraag, uitkomst_categorie: str) -> Hulpvraag:
    """Record the outcome's category of a help request that was closed without one (before the
    category existed, or imported so): on the help request and on the change that closed it,
    so the report's outcome table counts it from then on (hulpvragen.volledigheid lists what
    misses it). Only for a closed help request whose category is not recorded yet; another
    category later goes through reopening and closing (`change_status`). Raises
    ValidationError keyed by `uitkomst_categorie`."""
    check_not_anonymised(hulpvraag.huishouden_id)
    locked = Hulpvraag.objects.select_for_update().get(pk=hulpvraag.pk)
    if locked.status != Status.AFGEROND:
        raise _invalid(
            "uitkomst_categorie",
            _("Een soort uitkomst hoort bij een afgeronde hulpvraag."),
            "niet_afgerond",
        )
    if locked.uitkomst_categorie:
        raise _invalid(
            "uitkomst_categorie", _("De soort uitkomst is al vastgelegd."), "al_vastgelegd"
        )
    if uitkomst_categorie not in UitkomstCategorie.values:
        raise _invalid("uitkomst_categorie", _("Kies de soort uitkomst."), "onbekend")
    last = locked.statushistorie.order_by("-datum", "-pk").first()
    if last is not None and last.naar == Status.AFGEROND and not last.uitkomst_categorie:
        last.uitkomst_categorie = uitkomst_categorie
        last.save(update_fields=["uitkomst_categorie"])
    hulpvraag.uitkomst_categorie = uitkomst_categorie
    hulpvraag.save(update_fields=["uitkomst_categorie"])
    return hulpvraag


@transaction.atomic
def set_nazorg_datum(*, hulpvraag: Hulpvraag, datum: datetime.date | None) -> Hulpvraag:
    """Set (or clear) the follow-up date by `validate_nazorg_datum`. The edit form shows it, so
    the version goes up: an edit form opened before is refused after it (samenvooruit.versie)."""
    check_not_anonymised(hulpvraag.huishouden_id)
    validate_nazorg_datum(datum)
    controleer_versie(hulpvraag, None)
    hulpvraag.nazorg_datum = datum
    hulpvraag.save(update_fields=["nazorg_datum", "versie"])
    return hulpvraag


# --- consent -----------------------------------------------------------------------------------


def actieve_toestemmingen(huishouden: Huishouden):
    return huishouden.toestemmingen.filter(ingetrokken_op__isnull=True)


def registratie_ingetrokken(huishouden: Huishouden) -> bool:
    """Consent for the registration was given and is now withdrawn (none active any more)."""
    registratie = huishouden.toestemmingen.filter(scope=ToestemmingScope.REGISTRATIE)
    return registratie.exists() and not registratie.filter(ingetrokken_op__isnull=True).exists()


def deelt_met(huishouden: Huishouden, organisatie: Organisatie) -> bool:
    """May the household's data go to `organisatie`? Yes with an active consent to share with
    it, or when it is the household's own partner organisation (the registration covers that)."""
    if huishouden.organisatie_id and huishouden.organisatie_id == organisatie.pk:
        return True
    return (
        actieve_toestemmingen(huishouden)
        .filter(scope=ToestemmingScope.DELEN, organisatie=organisatie)
        .exists()
    )


@transaction.atomic
def record_toestemming(
    *,
    huishouden: Huishouden,
    scope: str,
    datum: datetime.date,
    door=None,
    organisatie: Organisatie | None = None,
) -> Toestemming:
    """Record a consent: for the registration, or to share data with one named organisation.
    An active consent of the same scope (and organisation) is not recorded twice."""
    check_not_anonymised(huishouden.pk)
    validate_toestemming_datum(datum)
    validate_toestemming_organisatie(scope=scope, organisatie=organisatie)
    organisatie = toestemming_organisatie(scope, organisatie)
    if actieve_toestemmingen(huishouden).filter(scope=scope, organisatie=organisatie).exists():
        raise ValidationError(_("Deze toestemming is al vastgelegd en niet ingetrokken."))
    return Toestemming.objects.create(
        huishouden=huishouden,
        datum=datum,
        scope=scope,
        organisatie=organisatie,
        vastgelegd_door=door,
    )


def withdraw_toestemming(
    *, toestemming: Toestemming, door=None, datum: datetime.date | None = None
) -> Toestemming:
    """Record that a consent was withdrawn (on `datum`, default today, by `door`). The record
    stays: it shows what was allowed when. Referrals after it need a new consent."""
    datum = datum or today()
    if toestemming.ingetrokken_op:
        raise ValidationError(_("Deze toestemming is al ingetrokken."))
    validate_intrekking_datum(datum, toestemming_datum=toestemming.datum)
    toestemming.ingetrokken_op = datum
    toestemming.ingetrokken_door = door
    toestemming.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    return toestemming


# --- contacts, referrals, signals ------------------------------------------------------------


@transaction.atomic
def log_contact(
    *,
    hulpvraag: Hulpvraag,
    soort: str,
    datum: datetime.date | None = None,
    minuten: int | None = None,
    notitie: str = "",
    door=None,
    nazorg_datum: datetime.date | None = None,
) -> Contactmoment:
    """Record a contact moment and keep the help request's `laatste_contact` (on the given
    instance too); optionally set the next follow-up date of the help request."""
    check_not_anonymised(hulpvraag.huishouden_id)
    datum = datum or today()
    validate_datum_na_aanmelding(datum, intake_datum=hulpvraag.intake_datum)
    validate_contact_minuten(minuten)
    check_max_length(notitie, model=Contactmoment, field="notitie")
    validate_nazorg_datum(nazorg_datum)
    contact = Contactmoment.objects.create(
        hulpvraag=hulpvraag, datum=datum, minuten=minuten, soort=soort, notitie=notitie, door=door
    )
    recompute_laatste_contact([hulpvraag.pk])
    hulpvraag.refresh_from_db(fields=["laatste_contact"])
    if nazorg_datum:
        set_nazorg_datum(hulpvraag=hulpvraag, datum=nazorg_datum)
    return contact


@transaction.atomic
def update_contact(*, contact: Contactmoment, data: dict) -> Contactmoment:
    """Change a contact moment (the date rules of `log_contact`) and keep the help request's
    `laatste_contact`."""
    hulpvraag = contact.hulpvraag
    check_not_anonymised(hulpvraag.huishouden_id)
    validate_contact_minuten(data.get("minuten"))
    check_max_lengths(Contactmoment, data)
    for name, value in data.items():
        setattr(contact, name, value)
    validate_datum_na_aanmelding(contact.datum, intake_datum=hulpvraag.intake_datum)
    contact.save()
    recompute_laatste_contact([hulpvraag.pk])
    return contact


@transaction.atomic
def delete_contact(*, contact: Contactmoment) -> None:
    """Remove a contact moment; the help request's `laatste_contact` falls back to the one before."""
    hulpvraag_id = contact.hulpvraag_id
    contact.delete()
    recompute_laatste_contact([hulpvraag_id])


def recompute_laatste_contact(hulpvraag_ids: Iterable[int] | None = None) -> int:
    """Set Hulpvraag.laatste_contact to the date of its latest contact moment, for these help
    requests (all when None). The contact services call it; so must every write that adds, moves
    or removes contacts in bulk (bulk_create, queryset updates). Returns how many it updated."""
    latest = (
        Contactmoment.objects.filter(hulpvraag=OuterRef("pk"))
        .order_by("-datum")
        .values("datum")[:1]
    )
    hulpvragen = Hulpvraag.objects.all()
    if hulpvraag_ids is not None:
        hulpvragen = hulpvragen.filter(pk__in=hulpvraag_ids)
    return hulpvragen.update(laatste_contact=Subquery(latest))


@transaction.atomic
def record_doorverwijzing(
    *,
    hulpvraag: Hulpvraag,
    organisatie: Organisatie,
    soort: str,
    datum: datetime.date | None = None,
    notitie: str = "",
    door=None,
    toestemming_vastleggen: bool = False,
) -> Doorverwijzing:
    """Record a referral to a formal agency (in reports: formal involvement). A referral shares
    the household's data, so it needs consent to share with that organisation: an active
    consent, or `toestemming_vastleggen` (the person agreed just now), which records that consent
    on the referral's date in the same transaction. Without either: ValidationError."""
    check_not_anonymised(hulpvraag.huishouden_id)
    datum = datum or today()
    validate_datum_na_aanmelding(datum, intake_datum=hulpvraag.intake_datum)
    check_max_length(notitie, model=Doorverwijzing, field="notitie")
    huishouden = hulpvraag.huishouden
    if not deelt_met(huishouden, organisatie):
        if not toestemming_vastleggen:
            raise ValidationError(
                {
                    "toestemming_vastleggen": _(
                        "Er is geen toestemming om gegevens van dit huishouden te delen met "
                        "%(org)s. Vraag de hulpvrager eerst om toestemming en vink die hieronder "
                        "aan, of kies een organisatie waarvoor al toestemming is."
                    )
                    % {"org": organisatie}
                }
            )
        record_toestemming(
            huishouden=huishouden,
            scope=ToestemmingScope.DELEN,
            organisatie=organisatie,
            datum=datum,
            door=door,
        )
    return Doorverwijzing.objects.create(
        hulpvraag=hulpvraag, organisatie=organisatie, soort=soort, datum=datum, notitie=notitie
    )


def record_doorverwijzing_uitkomst(
    *, doorverwijzing: Doorverwijzing, uitkomst: str, uitkomst_datum: datetime.date | None = None
) -> Doorverwijzing:
    """Record what a referral led to; clears the 'referral without outcome' flag."""
    check_not_anonymised(doorverwijzing.hulpvraag.huishouden_id)
    uitkomst_datum = uitkomst_datum or today()
    validate_uitkomst_datum(uitkomst_datum, doorverwijzing_datum=doorverwijzing.datum)
    validate_doorverwijzing_uitkomst(uitkomst)
    check_max_length(uitkomst, model=Doorverwijzing, field="uitkomst")
    doorverwijzing.uitkomst = uitkomst
    doorverwijzing.uitkomst_datum = uitkomst_datum
    doorverwijzing.save(update_fields=["uitkomst", "uitkomst_datum"])
    return doorverwijzing


@transaction.atomic
def record_signaal(
    *,
    datum: datetime.date,
    thema: Thema,
    tekst: str,
    organisatie: Organisatie | None = None,
    hulpvragen: Iterable[Hulpvraag] = (),
    door=None,
    bron: str = SignaalBron.HANDMATIG,
    voorziening: str = "",
) -> Signaal:
    """A signal to policy with its theme and (optionally) the help requests that show it; the
    emergency fund's (bron noodfonds) names the public provision and never a help request."""
    validate_signaal_datum(datum)
    hulpvragen = list(hulpvragen)
    validate_signaal_bron(bron, voorziening, met_hulpvraag=bool(hulpvragen))
    check_max_length(tekst, model=Signaal, field="tekst")
    signaal = Signaal.objects.create(
        datum=datum,
        thema=thema,
        tekst=tekst,
        organisatie=organisatie,
        aangemaakt_door=door,
        bron=bron,
        voorziening=voorziening,
    )
    signaal.hulpvragen.set(hulpvragen)
    return signaal


@transaction.atomic
def volg_signaal_op(*, signaal: Signaal, status: str, notitie: str, door=None) -> SignaalOpvolging:
    """One step in a signal's follow-up: its new status (or the same, to add a note) with a
    note, kept as a SignaalOpvolging beside the earlier ones. Raises ValidationError without a
    note or with an unknown status."""
    if status not in SignaalStatus.values:
        raise ValidationError({"status": _("Kies een status.")})
    if not (notitie or "").strip():
        raise ValidationError({"notitie": _("Schrijf een notitie bij de opvolging.")})
    check_max_length(notitie.strip(), model=SignaalOpvolging, field="notitie")
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk)
    opvolging = SignaalOpvolging.objects.create(
        signaal=signaal, van=signaal.status, naar=status, notitie=notitie.strip(), door=door
    )
    signaal.status = status
    signaal.save(update_fields=["status"])
    return opvolging


# --- many at once (the registration workbook) -----------------------------------------------
# The same rules as for one record, checked for every record; the rows go in with bulk_create,
# BATCH per statement, in one transaction, so a refused record leaves nothing behind.


@transaction.atomic
def register_huishoudens(*, huishoudens: list[dict]) -> list[Huishouden]:
    """Register many households with their given references. Each dict holds referentie,
    woonplaats, inkomsten, contact_formeel, organisatie_id and vertrouwenspersoon_id, and may
    hold the composition (samenstelling, aantal_kinderen) and how it came in (binnenkomst,
    doorverwezen_door_id). Side effect: inserts the households; a reference that exists already
    raises IntegrityError. Returns them in the given order, with their ids."""
    for fields in huishoudens:
        validate_huishouden(fields)
    # onboarding before the first household (the workbook's own trusted persons are exempted)
    check_inzetbaar(fields.get("vertrouwenspersoon_id") for fields in huishoudens)
    objects = [Huishouden(**fields) for fields in huishoudens]
    return Huishouden.objects.bulk_create(objects, batch_size=BATCH)


@transaction.atomic
def register_hulpvragers(*, hulpvragers: list[dict]) -> list[Hulpvrager]:
    """Add many persons to (new or stored) households. Each dict holds huishouden_id, naam,
    geslacht and geboortejaar (and may hold taal). As `add_hulpvrager`: a valid birth year, no anonymised household,
    and the first person of a household without persons becomes its main person. Side effect:
    inserts the persons. Returns them in the given order, with their ids."""
    for fields in hulpvragers:
        validate_geboortejaar(fields.get("geboortejaar"))
        check_max_lengths(Hulpvrager, fields)
    household_ids = [fields["huishouden_id"] for fields in hulpvragers]
    check_none_anonymised(household_ids)
    has_main = _with_persons(household_ids)
    objects = []
    for fields in hulpvragers:
        is_first = fields["huishouden_id"] not in has_main
        has_main.add(fields["huishouden_id"])
        objects.append(Hulpvrager(**fields, is_hoofdpersoon=is_first))
    return Hulpvrager.objects.bulk_create(objects, batch_size=BATCH)


def _with_persons(huishouden_ids: list[int]) -> set[int]:
    ids, found = list(set(huishouden_ids)), set()
    for start in range(0, len(ids), BATCH):
        found.update(
            Hulpvrager.objects.filter(huishouden_id__in=ids[start : start + BATCH])
            .values_list("huishouden_id", flat=True)
            .distinct()
        )
    return found


@transaction.atomic
def register_hulpvragen(*, hulpvragen: Iterable[dict]) -> int:
    """Register many help requests, each with its dated status history and themes. Each dict
    holds huishouden_id, hulpvrager_id, pilot_id, vertrouwenspersoon_id, intake_datum, soort,
    terugkerend, omschrijving, status, datum_afgerond, themas (ids), historie: [(datum,
    status)] or [(datum, status, uitkomst_categorie)] (a closing's own outcome category, e.g. of
    a closing before a reopening), oldest first, ending in `status`, and optionally
    uitkomst_categorie (of a closed one: on the help request and its last closing change when
    that has none of its own; "" = not recorded, allowed here for records of before the
    category). The rules of `add_hulpvraag` and `change_status`: the intake
    date, every status date (`validate_status_datum`), datum_afgerond only when closed, a known
    outcome category only when closed, no anonymised household. Side effects: inserts the help requests, their StatusWijziging
    rows and their theme links, BATCH at a time (`hulpvragen` may be a generator: only one batch
    is in memory). Returns how many were registered."""
    through, count = Hulpvraag.themas.through, 0
    for batch in _batches(hulpvragen):
        objects = [_new_hulpvraag(fields) for fields in batch]
        check_none_anonymised(o.huishouden_id for o in objects)
        _check_birth_years(objects)
        history, themes = [], []
        for fields, hulpvraag in zip(batch, Hulpvraag.objects.bulk_create(objects), strict=True):
            history += _history(hulpvraag.pk, fields["historie"], hulpvraag.uitkomst_categorie)
            themes += [through(hulpvraag_id=hulpvraag.pk, thema_id=t) for t in fields["themas"]]
        StatusWijziging.objects.bulk_create(history, batch_size=BATCH)
        through.objects.bulk_create(themes, batch_size=BATCH)
        count += len(objects)
    return count


def _batches(items: Iterable) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _new_hulpvraag(fields: dict) -> Hulpvraag:
    intake, status, historie = fields["intake_datum"], fields["status"], fields["historie"]
    validate_intake_datum(intake)
    previous, statuses = None, set(Status)
    for datum, naar, *categorie in historie:
        if naar not in statuses:
            raise ValidationError({"naar": _("Onbekende status.")})
        validate_status_datum(datum, intake_datum=intake, vorige=previous)
        validate_uitkomst_categorie(categorie[0] if categorie else "", status=naar)
        previous = datum
    if not historie or historie[-1][1] != status:
        raise ValueError("the status history must end in the help request's status")
    afgerond = fields.get("datum_afgerond") if status == Status.AFGEROND else None
    if afgerond:
        validate_status_datum(afgerond, intake_datum=intake)
    check_max_length(fields["omschrijving"], model=Hulpvraag, field="omschrijving")
    categorie = fields.get("uitkomst_categorie") or ""
    validate_uitkomst_categorie(categorie, status=status)
    return Hulpvraag(
        huishouden_id=fields["huishouden_id"],
        hulpvrager_id=fields["hulpvrager_id"],
        pilot_id=fields["pilot_id"],
        vertrouwenspersoon_id=fields["vertrouwenspersoon_id"],
        intake_datum=intake,
        soort=fields["soort"],
        terugkerend=fields["terugkerend"],
        omschrijving=fields["omschrijving"],
        status=status,
        datum_afgerond=afgerond,
        uitkomst_categorie=categorie,
    )


def _check_birth_years(hulpvragen: list[Hulpvraag]) -> None:
    """`validate_geboortejaar` of each help request's person against its intake date."""
    jaren = dict(
        Hulpvrager.objects.filter(pk__in={h.hulpvrager_id for h in hulpvragen}).values_list(
            "pk", "geboortejaar"
        )
    )
    for hulpvraag in hulpvragen:
        validate_geboortejaar(
            jaren.get(hulpvraag.hulpvrager_id),
            intake_datum=hulpvraag.intake_datum,
            field="intake_datum",
        )


def _history(hulpvraag_id: int, historie: list, uitkomst_categorie: str) -> list[StatusWijziging]:
    """The status changes, each closing with its own outcome category; the last, when it closes
    without one of its own, with the help request's."""
    rows, van = [], ""
    for datum, naar, *categorie in historie:
        rows.append(
            StatusWijziging(
                hulpvraag_id=hulpvraag_id,
                van=van,
                naar=naar,
                datum=datum,
                uitkomst_categorie=categorie[0] if categorie else "",
            )
        )
        van = naar
    if rows and rows[-1].naar == Status.AFGEROND and not rows[-1].uitkomst_categorie:
        rows[-1].uitkomst_categorie = uitkomst_categorie
    return rows


def _help_requests(hulpvraag_ids: Iterable[int]) -> dict[int, tuple]:
    """{id: (intake_datum, huishouden_id)} of these help requests, BATCH ids per query."""
    ids, found = list(set(hulpvraag_ids)), {}
    for start in range(0, len(ids), BATCH):
        found.update(
            (pk, (intake, huishouden_id))
            for pk, intake, huishouden_id in Hulpvraag.objects.filter(
                pk__in=ids[start : start + BATCH]
            ).values_list("pk", "intake_datum", "huishouden_id")
        )
    return found


@transaction.atomic
def register_toestemmingen(*, toestemmingen: list[dict]) -> list[Toestemming]:
    """Register many consents as they stand (withdrawn ones included). Each dict holds
    huishouden_id, datum, scope, organisatie_id and ingetrokken_op (None while it holds). The
    rules of `record_toestemming` and `withdraw_toestemming`: the date
    (`validate_toestemming_datum`), a consent to share names its organisation
    (`validate_toestemming_organisatie`; a registration consent keeps none), the withdrawal date
    (`validate_intrekking_datum`), no anonymised household. Side effect: inserts them. Returns
    them in the given order, with their ids."""
    objects = []
    for fields in toestemmingen:
        validate_toestemming_datum(fields["datum"])
        validate_toestemming_organisatie(
            scope=fields["scope"], organisatie=fields["organisatie_id"]
        )
        if fields.get("ingetrokken_op") is not None:
            validate_intrekking_datum(fields["ingetrokken_op"], toestemming_datum=fields["datum"])
        organisatie_id = toestemming_organisatie(fields["scope"], fields["organisatie_id"])
        objects.append(Toestemming(**{**fields, "organisatie_id": organisatie_id}))
    check_none_anonymised(o.huishouden_id for o in objects)
    return Toestemming.objects.bulk_create(objects, batch_size=BATCH)


@transaction.atomic
def register_doorverwijzingen(*, doorverwijzingen: list[dict]) -> list[Doorverwijzing]:
    """Register many referrals as they stand (their outcome included). Each dict holds
    hulpvraag_id, organisatie_id, datum, soort, notitie, uitkomst and uitkomst_datum. The rules
    of `record_doorverwijzing` and `record_doorverwijzing_uitkomst`: the date
    (`validate_datum_na_aanmelding`), the outcome's date (`validate_uitkomst_datum`) and, with an
    outcome date, its text (`validate_doorverwijzing_uitkomst`); no anonymised household. The
    consent to share is not asked: it was asked when the referral was made, and a consent
    withdrawn since does not undo a referral (record consents with `register_toestemmingen`).
    Side effect: inserts them. Returns them in the given order, with their ids."""
    hulpvragen = _help_requests(fields["hulpvraag_id"] for fields in doorverwijzingen)
    for fields in doorverwijzingen:
        intake, _huishouden = hulpvragen[fields["hulpvraag_id"]]
        validate_datum_na_aanmelding(fields["datum"], intake_datum=intake)
        if fields.get("uitkomst_datum") is not None:
            validate_uitkomst_datum(fields["uitkomst_datum"], doorverwijzing_datum=fields["datum"])
            validate_doorverwijzing_uitkomst(fields.get("uitkomst", ""))
    check_none_anonymised(huishouden for _intake, huishouden in hulpvragen.values())
    objects = [Doorverwijzing(**fields) for fields in doorverwijzingen]
    return Doorverwijzing.objects.bulk_create(objects, batch_size=BATCH)


@transaction.atomic
def register_contactmomenten(*, contactmomenten: list[dict]) -> list[Contactmoment]:
    """Register many contact moments. Each dict holds hulpvraag_id, datum, soort, minuten and
    notitie. The rules of `log_contact`: the date (`validate_datum_na_aanmelding`), no anonymised
    household. Side effects: inserts them and keeps `laatste_contact` of their help requests
    (`recompute_laatste_contact`). Returns them in the given order, with their ids."""
    hulpvragen = _help_requests(fields["hulpvraag_id"] for fields in contactmomenten)
    for fields in contactmomenten:
        intake, _huishouden = hulpvragen[fields["hulpvraag_id"]]
        validate_datum_na_aanmelding(fields["datum"], intake_datum=intake)
    check_none_anonymised(huishouden for _intake, huishouden in hulpvragen.values())
    objects = [Contactmoment(**fields) for fields in contactmomenten]
    created = Contactmoment.objects.bulk_create(objects, batch_size=BATCH)
    ids = list(hulpvragen)
    for start in range(0, len(ids), BATCH):
        recompute_laatste_contact(ids[start : start + BATCH])
    return created


@transaction.atomic
def register_signalen(*, signalen: list[dict]) -> list[Signaal]:
    """Register many signals to policy. Each dict holds datum, thema_id, tekst, organisatie_id
    and hulpvragen (ids of the help requests that show it), optionally bron and voorziening. The
    rules of `record_signaal`: the date (`validate_signaal_datum`), source and provision
    (`validate_signaal_bron`). Side effects: inserts the signals and their links to help
    requests. Returns them in the given order, with their ids."""
    for fields in signalen:
        validate_signaal_datum(fields["datum"])
        validate_signaal_bron(
            fields.get("bron", SignaalBron.HANDMATIG),
            fields.get("voorziening", ""),
            met_hulpvraag=bool(fields.get("hulpvragen")),
        )
    objects = [
        Signaal(**{k: v for k, v in fields.items() if k != "hulpvragen"}) for fields in signalen
    ]
    created = Signaal.objects.bulk_create(objects, batch_size=BATCH)
    through = Signaal.hulpvragen.through
    links = [
        through(signaal_id=signaal.pk, hulpvraag_id=hulpvraag_id)
        for fields, signaal in zip(signalen, created, strict=True)
        for hulpvraag_id in dict.fromkeys(fields.get("hulpvragen", ()))
    ]
    through.objects.bulk_create(links, batch_size=BATCH)
    return created


@transaction.atomic
def link_signalen(*, koppelingen: list[dict]) -> list:
    """Link stored signals to more help requests that show them; each dict holds signaal_id and
    hulpvraag_id. Side effect: inserts the links (one that exists raises IntegrityError).
    Returns them in the given order."""
    through = Signaal.hulpvragen.through
    return through.objects.bulk_create(
        [through(**fields) for fields in koppelingen], batch_size=BATCH
    )

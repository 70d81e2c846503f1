"""Writes for the training that touch more than one row or carry a rule."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerk import services as netwerk_services
from opleiding.choices import (
    STANDAARDPROGRAMMA,
    STANDAARDPROGRAMMA_AANTAL,
    AanwezigheidStatus,
    BijeenkomstSoort,
    DeelnameStatus,
    MetingSoort,
)
from opleiding.models import (
    MAX_LEERUREN,
    Aanwezigheid,
    Bijeenkomst,
    Cohort,
    Deelname,
    Leeruur,
    Meting,
)
from opleiding.selectors import completion_for
from samenvooruit.grenzen import PLAN_JAREN, check_date_range, check_max_lengths, years_ahead
from samenvooruit.versie import controleer_versie

# --- rules shared by the forms and the services below ---------------------------------------
# One function per rule, raising ValidationError keyed by the field.


def validate_certificaat(*, status: str, certificaat_datum: datetime.date | None) -> None:
    """The certificate rule: an enrolment has a certificate only when it is afgerond."""
    if certificaat_datum is not None and status != DeelnameStatus.AFGEROND:
        raise ValidationError(
            {
                "certificaat_datum": ValidationError(
                    _("Een certificaat hoort bij de status afgerond."), code="niet_afgerond"
                )
            }
        )


def validate_certificaat_datum(datum: datetime.date, *, field: str = "certificaat_datum") -> None:
    """The certificate-date rule: not before VROEGSTE_DATUM, not in the future."""
    check_date_range(datum, key=field)
    if datum > timezone.localdate():
        raise ValidationError(
            {field: ValidationError(_("De datum ligt in de toekomst."), code="toekomst")}
        )


def validate_opleiding_datum(datum: datetime.date | None, *, field: str = "datum") -> None:
    """The rule for a date of the training (a cohort's start, a session, an enrolment's status,
    a measurement, a step): from VROEGSTE_DATUM to PLAN_JAREN years ahead."""
    if datum is not None:
        check_date_range(datum, key=field, latest=years_ahead(timezone.localdate(), PLAN_JAREN))


def validate_meting_datum(*, deelname: Deelname, soort: str, datum: datetime.date) -> None:
    """The measurement-date rule, keyed by `datum`: every measurement lies on or after the
    cohort's start date; the 0-meting lies no later than the cohort's last session (the cohort's
    end, when it has sessions); the 1-meting lies after the 0-meting (and a 0-meting before an
    existing 1-meting). The 1-meting has no upper bound: it is taken about a year later, after
    the cohort ended."""
    cohort = deelname.cohort
    errors = []
    if datum < cohort.startdatum:
        errors.append(
            ValidationError(
                _("De meting ligt vóór de start van het cohort (%(start)s).")
                % {"start": f"{cohort.startdatum:%d-%m-%Y}"},
                code="voor_start",
            )
        )
    einde = (
        Bijeenkomst.objects.filter(cohort_id=cohort.pk)
        .order_by("-datum")
        .values_list("datum", flat=True)
        .first()
    )
    andere = (
        Meting.objects.filter(deelname_id=deelname.pk)
        .exclude(soort=soort)
        .values_list("datum", flat=True)
        .first()
        if deelname.pk
        else None
    )
    if soort == MetingSoort.NUL:
        if einde is not None and datum > einde:
            errors.append(
                ValidationError(
                    _("De 0-meting ligt na de laatste bijeenkomst van het cohort (%(einde)s).")
                    % {"einde": f"{einde:%d-%m-%Y}"},
                    code="na_einde",
                )
            )
        if andere is not None and datum >= andere:
            errors.append(
                ValidationError(
                    _("De 0-meting moet vóór de 1-meting (%(datum)s) liggen.")
                    % {"datum": f"{andere:%d-%m-%Y}"},
                    code="volgorde",
                )
            )
    elif andere is not None and datum <= andere:
        errors.append(
            ValidationError(
                _("De 1-meting moet na de 0-meting (%(datum)s) liggen.")
                % {"datum": f"{andere:%d-%m-%Y}"},
                code="volgorde",
            )
        )
    if errors:
        raise ValidationError({"datum": errors})


def standard_programme(
    *, start: datetime.date, weekdag: int
) -> list[tuple[BijeenkomstSoort, datetime.date, int]]:
    """The standard programme as (kind, date, number) rows: 10 lessons, 10 development meetings
    and 10 intervision meetings, one session a week on `weekdag` (0 = Monday), the kinds in turn
    (les, ontwikkelbijeenkomst, intervisie, les, ...): 30 sessions over 30 weeks. The first
    session falls on the first `weekdag` on or after `start`."""
    first = start + datetime.timedelta(days=(weekdag - start.weekday()) % 7)
    rows = []
    for week in range(STANDAARDPROGRAMMA_AANTAL * len(STANDAARDPROGRAMMA)):
        soort = STANDAARDPROGRAMMA[week % len(STANDAARDPROGRAMMA)]
        rows.append((soort, first + datetime.timedelta(weeks=week), week // 3 + 1))
    return rows


@transaction.atomic
def create_cohort(
    *,
    naam: str,
    startdatum: datetime.date,
    pilot=None,
    opleiders=(),
    weekdag: int | None = None,
) -> Cohort:
    """Create a cohort with its trainer organisations. When `weekdag` is given, also lay out the
    standard programme (30 sessions, see `standard_programme`) from the start date."""
    validate_opleiding_datum(startdatum, field="startdatum")
    check_max_lengths(Cohort, {"naam": naam})
    cohort = Cohort.objects.create(naam=naam, startdatum=startdatum, pilot=pilot)
    cohort.opleiders.set(opleiders)
    if weekdag is not None:
        Bijeenkomst.objects.bulk_create(
            Bijeenkomst(
                cohort=cohort, soort=soort, datum=datum, onderwerp=f"{soort.label} {nummer}"
            )
            for soort, datum, nummer in standard_programme(start=startdatum, weekdag=weekdag)
        )
    return cohort


@transaction.atomic
def update_cohort(*, cohort: Cohort, opleiders=None, versie: int | None = None) -> Cohort:
    """Store a changed cohort (its fields as set on `cohort`) and, when given, its trainer
    organisations. `versie`: the version the edit form was opened at; a cohort changed since is
    refused with what changed (samenvooruit.versie.controleer_versie)."""
    controleer_versie(cohort, versie)
    cohort.save()
    if opleiders is not None:
        cohort.opleiders.set(opleiders)
    return cohort


@transaction.atomic
def record_aanwezigheid(
    *, bijeenkomst: Bijeenkomst, deelname: Deelname, status: str
) -> Aanwezigheid:
    """Store one trainee's attendance at one session (creates or replaces the record)."""
    if deelname.cohort_id != bijeenkomst.cohort_id:
        raise ValidationError(_("Deze deelnemer hoort niet bij dit cohort."))
    if status not in AanwezigheidStatus.values:
        raise ValidationError(_("Kies aanwezig, afwezig met bericht of afwezig."))
    aanwezigheid, _created = Aanwezigheid.objects.update_or_create(
        bijeenkomst=bijeenkomst, deelname=deelname, defaults={"status": status}
    )
    return aanwezigheid


@transaction.atomic
def mark_rest_present(*, bijeenkomst: Bijeenkomst, deelnames) -> int:
    """Record `aanwezig` for every given trainee of the session who has no record yet; existing
    records stay as they are. Returns how many were added."""
    known = set(
        Aanwezigheid.objects.filter(bijeenkomst=bijeenkomst).values_list("deelname_id", flat=True)
    )
    new = [
        Aanwezigheid(bijeenkomst=bijeenkomst, deelname=d, status=AanwezigheidStatus.AANWEZIG)
        for d in deelnames
        if d.pk not in known and d.cohort_id == bijeenkomst.cohort_id
    ]
    Aanwezigheid.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def save_deelname(*, deelname: Deelname) -> Deelname:
    """Store a new or changed enrolment (one row) by the certificate rules
    (`validate_certificaat`, `validate_certificaat_datum`); refused with ValidationError."""
    validate_certificaat(status=deelname.status, certificaat_datum=deelname.certificaat_datum)
    validate_opleiding_datum(deelname.status_datum, field="status_datum")
    if deelname.certificaat_datum is not None:
        validate_certificaat_datum(deelname.certificaat_datum)
    deelname.save()
    _inwerken_opleiding(deelname)
    return deelname


def _inwerken_opleiding(deelname: Deelname) -> None:
    """A certificate is the completed training of the onboarding (issue 22 §3): written down to
    the network, where the casework's assignment rule reads it."""
    if deelname.certificaat_datum is not None:
        netwerk_services.registreer_opleiding_afgerond(
            vertrouwenspersoon_id=deelname.vertrouwenspersoon_id, datum=deelname.certificaat_datum
        )


@transaction.atomic
def confirm_certificaat(*, deelname: Deelname, datum: datetime.date) -> Deelname:
    """A coordinator confirms completion: the enrolment becomes afgerond on `datum` with that
    certificate date (not in the future: `validate_certificaat_datum`, keyed by `datum`).
    Refused when the trainee does not meet the completion rule or stopped."""
    validate_certificaat_datum(datum, field="datum")
    deelname = Deelname.objects.select_for_update().get(pk=deelname.pk)
    if not completion_for(deelname).voldoet:
        raise ValidationError(_("Deze deelnemer voldoet niet aan de afrondingsregel."))
    deelname.status = DeelnameStatus.AFGEROND
    deelname.status_datum = datum
    deelname.certificaat_datum = datum
    deelname.save(update_fields=["status", "status_datum", "certificaat_datum"])
    _inwerken_opleiding(deelname)
    return deelname


@transaction.atomic
def save_meting(*, meting: Meting) -> Meting:
    """Store a new or changed measurement by the measurement-date rule
    (`validate_opleiding_datum`, `validate_meting_datum`) and its text bounds; refused with
    ValidationError."""
    check_max_lengths(Meting, {"toelichting": meting.toelichting})
    validate_opleiding_datum(meting.datum, field="datum")
    validate_meting_datum(deelname=meting.deelname, soort=meting.soort, datum=meting.datum)
    meting.save()
    return meting


# --- learning hours (issue 22 §5) ----------------------------------------------------------


def validate_leeruur_datum(datum: datetime.date | None, *, field: str = "datum") -> None:
    """Hours already spent: from VROEGSTE_DATUM, not in the future."""
    if datum is not None:
        check_date_range(datum, key=field, latest=timezone.localdate())


@transaction.atomic
def save_leeruur(*, leeruur: Leeruur) -> Leeruur:
    """Store hours of learning: the date by `validate_leeruur_datum`, the hours above 0 and at
    most MAX_LEERUREN, the description by its bound; refused with ValidationError."""
    validate_leeruur_datum(leeruur.datum)
    if leeruur.uren is None or not 0 < leeruur.uren <= MAX_LEERUREN:
        raise ValidationError(
            {"uren": _("Vul 0,5 tot %(max)s uur in.") % {"max": MAX_LEERUREN}}, code="uren"
        )
    check_max_lengths(Leeruur, {"omschrijving": leeruur.omschrijving})
    leeruur.save()
    return leeruur


# --- many at once (the registration workbook) -------------------------------------------------

BATCH = 500  # rows per INSERT when many records are registered at once


@transaction.atomic
def register_cohorten(*, cohorten: list[dict]) -> list[Cohort]:
    """Register many cohorts; each dict holds naam, startdatum and pilot_id. No sessions and no
    trainer organisations: those are laid out on the cohort's page. Side effect: inserts the
    cohorts. Returns them in the given order, with their ids."""
    return Cohort.objects.bulk_create([Cohort(**velden) for velden in cohorten], batch_size=BATCH)


@transaction.atomic
def register_deelnames(*, deelnames: list[dict]) -> list[Deelname]:
    """Register many enrolments as they stand; each dict holds cohort_id, vertrouwenspersoon_id,
    status, status_datum and certificaat_datum, by the certificate rules of `save_deelname`
    (`validate_certificaat`, `validate_certificaat_datum`: ValidationError). Side effect: inserts
    them (one enrolment per cohort and trusted person: IntegrityError otherwise). Returns them in
    the given order, with their ids."""
    for velden in deelnames:
        validate_certificaat(status=velden["status"], certificaat_datum=velden["certificaat_datum"])
        if velden["certificaat_datum"] is not None:
            validate_certificaat_datum(velden["certificaat_datum"])
    objects = [Deelname(**velden) for velden in deelnames]
    return Deelname.objects.bulk_create(objects, batch_size=BATCH)

"""Writes for the training that touch more than one row or carry a rule."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerk import services as netwerk_services
from netwerk.models import Vertrouwenspersoon, VertrouwenspersoonStatus
from netwerk.services import save_vertrouwenspersoon
from opleiding.choices import (
    STANDAARDPROGRAMMA,
    STANDAARDPROGRAMMA_AANTAL,
    AanwezigheidStatus,
    BijeenkomstSoort,
    DeelnameStatus,
    MetingSoort,
)
from opleiding.models import (
    DEELNEMER_NAAM,
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
    (`validate_certificaat`, `validate_certificaat_datum`) and, for a candidate, the candidate
    rule (`validate_kandidaat`); refused with ValidationError."""
    validate_certificaat(status=deelname.status, certificaat_datum=deelname.certificaat_datum)
    validate_opleiding_datum(deelname.status_datum, field="status_datum")
    if deelname.certificaat_datum is not None:
        validate_certificaat_datum(deelname.certificaat_datum)
    if deelname.is_kandidaat:
        validate_kandidaat(
            naam=deelname.kandidaat_naam,
            telefoon=deelname.kandidaat_telefoon,
            email=deelname.kandidaat_email,
            organisatie=deelname.kandidaat_organisatie,
            intake_datum=deelname.intake_datum,
        )
    deelname.save()
    _inwerken_opleiding(deelname)
    return deelname


KANDIDAAT_VELDEN = ["kandidaat_naam", "kandidaat_telefoon", "kandidaat_email"]


def validate_kandidaat(
    *,
    naam: str,
    telefoon: str = "",
    email: str = "",
    organisatie=None,
    intake_datum: datetime.date | None = None,
) -> None:
    """The candidate rule (a participant who is not a trusted person yet): a name, a way to
    reach them (phone or e-mail), the partner organisation where they will work, and an intake
    date within the training's dates (`validate_opleiding_datum`). Keyed by the form's fields
    (naam, telefoon, organisatie, intake_datum)."""
    errors = {}
    if not (naam or "").strip():
        errors["naam"] = _("Vul de naam van de kandidaat in.")
    if not (telefoon or "").strip() and not (email or "").strip():
        errors["telefoon"] = _("Vul een telefoonnummer of e-mailadres in.")
    if organisatie is None:
        errors["organisatie"] = _("Kies de organisatie van de kandidaat.")
    if errors:
        raise ValidationError(errors)
    check_max_lengths(
        Deelname,
        {"kandidaat_naam": naam, "kandidaat_telefoon": telefoon, "kandidaat_email": email},
    )
    validate_opleiding_datum(intake_datum, field="intake_datum")


@transaction.atomic
def inschrijven(
    *,
    cohort: Cohort,
    status_datum: datetime.date,
    vertrouwenspersonen=(),
    kandidaten: list[dict] = (),
) -> list[Deelname]:
    """Enrol several participants in a cohort at once, all ingeschreven on `status_datum`:
    existing trusted persons, and candidates (dicts of naam, telefoon, email, organisatie,
    intake_datum: `validate_kandidaat`). Refused as a whole (nothing stored) when one is
    already enrolled in the cohort, a candidate's name comes twice or a rule fails; an error of
    the n-th candidate is keyed `kandidaat_<n>` (from 0)."""
    validate_opleiding_datum(status_datum, field="status_datum")
    vps = list(vertrouwenspersonen)
    if not vps and not kandidaten:
        raise ValidationError(_("Kies een vertrouwenspersoon of vul een kandidaat in."))
    al = set(
        Deelname.objects.filter(cohort=cohort, vertrouwenspersoon__in=vps).values_list(
            "vertrouwenspersoon__naam", flat=True
        )
    )
    if al:
        raise ValidationError(
            _("Al ingeschreven in dit cohort: %(namen)s.") % {"namen": ", ".join(sorted(al))}
        )
    bekend = {
        naam.strip().casefold()
        for naam in Deelname.objects.filter(cohort=cohort)
        .annotate(deelnemer=DEELNEMER_NAAM)
        .values_list("deelnemer", flat=True)
    } | {vp.naam.strip().casefold() for vp in vps}
    nieuw = [
        Deelname(
            cohort=cohort,
            vertrouwenspersoon=vp,
            status=DeelnameStatus.INGESCHREVEN,
            status_datum=status_datum,
        )
        for vp in vps
    ]
    for n, k in enumerate(kandidaten):
        try:
            validate_kandidaat(**k)
        except ValidationError as exc:
            raise ValidationError({f"kandidaat_{n}": exc.messages}) from exc
        sleutel = k["naam"].strip().casefold()
        if sleutel in bekend:
            raise ValidationError(
                {
                    f"kandidaat_{n}": _("%(naam)s staat al in dit cohort.")
                    % {"naam": k["naam"].strip()}
                }
            )
        bekend.add(sleutel)
        nieuw.append(
            Deelname(
                cohort=cohort,
                kandidaat_naam=k["naam"].strip(),
                kandidaat_telefoon=(k.get("telefoon") or "").strip(),
                kandidaat_email=(k.get("email") or "").strip(),
                kandidaat_organisatie=k["organisatie"],
                intake_datum=k.get("intake_datum"),
                status=DeelnameStatus.INGESCHREVEN,
                status_datum=status_datum,
            )
        )
    for deelname in nieuw:
        deelname.save()
    return nieuw


def _word_vertrouwenspersoon(deelname: Deelname, datum: datetime.date) -> Vertrouwenspersoon:
    """A candidate who completed becomes a trusted person (active from `datum`, at the
    candidate's organisation, with their name and phone; numbered by the network's service).
    The enrolment points to them from now on and the candidate's contact details are cleared:
    they live on in the trusted person only (the e-mail address is not kept: the trusted
    person's record has none; the confirmation shows it once for making a login)."""
    if deelname.kandidaat_organisatie_id is None:
        raise ValidationError(_("Kies eerst de organisatie van de kandidaat (Deelname wijzigen)."))
    persoon = save_vertrouwenspersoon(
        vertrouwenspersoon=Vertrouwenspersoon(
            naam=deelname.kandidaat_naam,
            telefoon=deelname.kandidaat_telefoon,
            organisatie_id=deelname.kandidaat_organisatie_id,
            status=VertrouwenspersoonStatus.ACTIEF,
            startdatum=datum,
        )
    )
    deelname.vertrouwenspersoon = persoon
    for veld in KANDIDAAT_VELDEN:
        setattr(deelname, veld, "")
    deelname.kandidaat_organisatie = None
    return persoon


def _inwerken_opleiding(deelname: Deelname) -> None:
    """A certificate is the completed training of the onboarding (issue 22 §3): written down to
    the network, where the casework's assignment rule reads it."""
    if deelname.certificaat_datum is not None and deelname.vertrouwenspersoon_id is not None:
        netwerk_services.registreer_opleiding_afgerond(
            vertrouwenspersoon_id=deelname.vertrouwenspersoon_id, datum=deelname.certificaat_datum
        )


@transaction.atomic
def confirm_certificaat(*, deelname: Deelname, datum: datetime.date) -> Deelname:
    """A coordinator confirms completion: the enrolment becomes afgerond on `datum` with that
    certificate date (not in the future: `validate_certificaat_datum`, keyed by `datum`).
    Refused when the trainee does not meet the completion rule or stopped. A candidate becomes
    a trusted person here (`_word_vertrouwenspersoon`), linked to the enrolment."""
    validate_certificaat_datum(datum, field="datum")
    deelname = Deelname.objects.select_for_update().get(pk=deelname.pk)
    if not completion_for(deelname).voldoet:
        raise ValidationError(_("Deze deelnemer voldoet niet aan de afrondingsregel."))
    velden = ["status", "status_datum", "certificaat_datum"]
    if deelname.is_kandidaat:
        _word_vertrouwenspersoon(deelname, datum)
        velden += ["vertrouwenspersoon", *KANDIDAAT_VELDEN, "kandidaat_organisatie"]
    deelname.status = DeelnameStatus.AFGEROND
    deelname.status_datum = datum
    deelname.certificaat_datum = datum
    deelname.save(update_fields=velden)
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

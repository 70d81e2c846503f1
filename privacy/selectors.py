"""Reads for privacy: what is past the retention period (settings.BEWAARTERMIJN_MAANDEN), and
everything the change history holds about one household (the right of access). Every domain is
read here; none of them reads privacy."""

import datetime

from django.conf import settings
from django.db.models import DateField, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from hulpvragen import selectors as casework
from hulpvragen.choices import Status
from hulpvragen.models import Huishouden, Hulpvraag, StatusWijziging
from noodfonds import selectors as fonds
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Aanvraag, Overgang
from onkosten.choices import DeclaratieStatus
from onkosten.models import Declaratie
from opleiding.choices import DeelnameStatus
from opleiding.models import Cohort, Deelname, Meting
from samenvooruit import historie

# A fund application has ended in one of these statuses.
AANVRAAG_AFGESLOTEN = [
    AanvraagStatus.AFGEWEZEN,
    AanvraagStatus.UITBETAALD,
    AanvraagStatus.INGETROKKEN,
]


# --- change history ------------------------------------------------------------------------------


def hulpvraag_ids_ooit(huishouden: Huishouden) -> set[int]:
    """Help requests of the household now, and any it or a household merged into it once had
    (moved or deleted since: the history still holds them)."""
    ids = [huishouden.pk, *casework.samengevoegde_ids(huishouden)]
    return set(huishouden.hulpvragen.values_list("pk", flat=True)) | set(
        Hulpvraag.history.filter(huishouden_id__in=ids).values_list("id", flat=True)
    )


def alle_wijzigingen(huishouden: Huishouden) -> list[historie.Wijziging]:
    """Everything the change history holds about one household, its persons, consents, help
    requests (with referrals and contacts) and fund applications (with assessments and
    attachments), newest first."""
    return historie.newest_first(
        [
            *casework.huishouden_wijzigingen(huishouden),
            *casework.hulpvraag_wijzigingen(hulpvraag_ids_ooit(huishouden)),
            *fonds.aanvraag_wijzigingen(huishouden.aanvragen.values_list("pk", flat=True)),
        ]
    )


# --- retention -----------------------------------------------------------------------------------


def grens(vandaag: datetime.date, maanden: int | None = None) -> datetime.date:
    """`vandaag` minus the retention period in calendar months (the 31st becomes the month's
    last day). Anything closed before this date is past the retention period."""
    maanden = settings.BEWAARTERMIJN_MAANDEN if maanden is None else maanden
    jaar, maand = divmod(vandaag.year * 12 + vandaag.month - 1 - maanden, 12)
    maand += 1
    for dag in (vandaag.day, 30, 29, 28):
        try:
            return datetime.date(jaar, maand, dag)
        except ValueError:
            continue
    raise ValueError(vandaag)


def _with_hulpvraag_afgesloten(queryset):
    """Annotate help requests with `afgesloten_op`: the closing date, else the date of the
    latest status change (an imported closed status), else the intake date."""
    laatste = (
        StatusWijziging.objects.filter(hulpvraag=OuterRef("pk"))
        .order_by("-datum", "-pk")
        .values("datum")[:1]
    )
    return queryset.annotate(
        afgesloten_op=Coalesce(
            "datum_afgerond", Subquery(laatste, output_field=DateField()), "intake_datum"
        )
    )


def _with_aanvraag_afgesloten(queryset):
    """Annotate fund applications with `afgesloten_op`, the date they ended: payment, decision,
    or the latest step (e.g. withdrawal), else their submission or creation."""
    laatste_stap = (
        Overgang.objects.filter(aanvraag=OuterRef("pk"))
        .order_by("-op", "-pk")
        .annotate(dag=TruncDate("op"))
        .values("dag")[:1]
    )
    return queryset.annotate(
        afgesloten_op=Coalesce(
            "uitbetaald_op",
            "besloten_op",
            Subquery(laatste_stap, output_field=DateField()),
            "ingediend_op",
            TruncDate("aangemaakt_op"),
        )
    )


def aanvragen_voorbij_bewaartermijn(vandaag: datetime.date):
    """Fund applications not yet anonymised that ended (rejected, paid, withdrawn) before the
    retention limit."""
    return (
        _with_aanvraag_afgesloten(
            Aanvraag.objects.filter(geanonimiseerd_op__isnull=True, status__in=AANVRAAG_AFGESLOTEN)
        )
        .filter(afgesloten_op__lt=grens(vandaag))
        .order_by("referentie")
    )


def huishoudens_voorbij_bewaartermijn(vandaag: datetime.date):
    """Households not yet anonymised whose help requests are all closed, the last one before
    the retention limit, and whose fund applications all ended before it too. A household
    without any help request or application counts from the day it was registered."""
    limiet = grens(vandaag)
    hulpvragen = _with_hulpvraag_afgesloten(Hulpvraag.objects.filter(huishouden=OuterRef("pk")))
    aanvragen = _with_aanvraag_afgesloten(Aanvraag.objects.filter(huishouden=OuterRef("pk")))
    begin = timezone.make_aware(datetime.datetime.combine(limiet, datetime.time.min))
    lopend = ~Q(status__in=AANVRAAG_AFGESLOTEN) | Q(afgesloten_op__gte=limiet)
    return (
        Huishouden.objects.filter(geanonimiseerd_op__isnull=True)
        .exclude(
            Exists(hulpvragen.filter(~Q(status=Status.AFGEROND) | Q(afgesloten_op__gte=limiet)))
        )
        .exclude(Exists(aanvragen.filter(lopend)))
        .filter(Exists(hulpvragen) | Exists(aanvragen) | Q(aangemaakt_op__lt=begin))
        .order_by("referentie")
    )


def bonnen_voorbij_bewaartermijn(vandaag: datetime.date):
    """Expense claims with a receipt still stored, decided (approved or refused) before the
    retention limit (issue 22 §6): the receipt's file goes, the claim's figures stay."""
    begin = timezone.make_aware(datetime.datetime.combine(grens(vandaag), datetime.time.min))
    return (
        Declaratie.objects.exclude(bon="")
        .filter(
            status__in=[DeclaratieStatus.GOEDGEKEURD, DeclaratieStatus.AFGEWEZEN],
            beoordeeld_op__lt=begin,
        )
        .order_by("pk")
    )


def _cohorten_klaar(vandaag: datetime.date):
    """The cohorts whose last session (else their start) is before the retention limit."""
    return (
        Cohort.objects.annotate(laatste=Coalesce(Max("bijeenkomsten__datum"), "startdatum"))
        .filter(laatste__lt=grens(vandaag))
        .values("pk")
    )


def kandidaten_voorbij_bewaartermijn(vandaag: datetime.date, *, geanonimiseerd: str):
    """Enrolments of candidates who never became a trusted person (issue 22), in cohorts that
    ended before the retention limit, whose name and contact details are still there (not yet
    `geanonimiseerd`, the placeholder the anonymisation puts in the name)."""
    return Deelname.objects.filter(
        vertrouwenspersoon__isnull=True, cohort__in=_cohorten_klaar(vandaag)
    ).exclude(kandidaat_naam=geanonimiseerd)


def metingen_voorbij_bewaartermijn(vandaag: datetime.date):
    """Measurements with a note (a participant's personal growth, in words) in cohorts whose last
    session is before the retention limit, of enrolments that finished (completed or stopped)."""
    klaar = _cohorten_klaar(vandaag)
    return Meting.objects.filter(
        deelname__cohort__in=klaar,
        deelname__status__in=[DeelnameStatus.AFGEROND, DeelnameStatus.GESTOPT],
    ).exclude(toelichting="")

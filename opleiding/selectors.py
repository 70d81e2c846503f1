"""Reads for the training: attendance shares, the completion rule, measurement comparisons and
the key figures for the report."""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, LessThan
from django.utils import timezone

from netwerk.models import VertrouwenspersoonStatus
from opleiding.choices import (
    DOMEIN_VELDEN,
    LEVENSDOMEINEN,
    ROUTE_VAN_STAP,
    AanwezigheidStatus,
    BijeenkomstSoort,
    DeelnameStatus,
    MetingSoort,
    OntwikkelstapSoort,
    RouteStap,
)
from opleiding.models import (
    DEELNEMER_NAAM,
    Aanwezigheid,
    Bijeenkomst,
    Cohort,
    Deelname,
    Leeruur,
    Meting,
    Ontwikkelstap,
)


def opleider_dagwerk(user, *, vandaag: datetime.date | None = None) -> dict:
    """The counts on top of the trainer's start page (the cohort list), over the sessions `user`
    may see: held (today or before) without any attendance recorded yet (`open`), and held
    today (`vandaag`). One query."""
    vandaag = vandaag or timezone.localdate()
    zonder = ~Exists(Aanwezigheid.objects.filter(bijeenkomst=OuterRef("pk")))
    return (
        Bijeenkomst.objects.visible_to(user)
        .filter(datum__lte=vandaag)
        .alias(zonder_aanwezigheid=zonder)
        .aggregate(
            open=Count("pk", filter=Q(zonder_aanwezigheid=True)),
            vandaag=Count("pk", filter=Q(datum=vandaag)),
        )
    )


def trained_and_active_per_pilot(*, peildatum: datetime.date | None = None) -> dict:
    """Key figures per pilot: {pilot_id: {"opgeleid": n, "actief": n}}.

    `opgeleid` counts the distinct trusted persons whose enrolment in a cohort of that pilot is
    afgerond (on or before `peildatum` when given, by the status date). `actief` counts the distinct
    trusted persons enrolled in a cohort of that pilot (not stopped) whose trusted-person status
    is actief now. Cohorts without a pilot are left out. Aggregate figures, no personal data:
    the report shows them to everyone who may read the report."""
    afgerond = Q(status=DeelnameStatus.AFGEROND)
    if peildatum is not None:
        afgerond &= Q(status_datum__lte=peildatum)
    actief = ~Q(status=DeelnameStatus.GESTOPT) & Q(
        vertrouwenspersoon__status=VertrouwenspersoonStatus.ACTIEF
    )
    rows = (
        Deelname.objects.filter(cohort__pilot__isnull=False)
        .values("cohort__pilot_id")
        .annotate(
            opgeleid=Count("vertrouwenspersoon", filter=afgerond, distinct=True),
            actief=Count("vertrouwenspersoon", filter=actief, distinct=True),
        )
        .order_by()
    )
    return {
        row["cohort__pilot_id"]: {"opgeleid": row["opgeleid"], "actief": row["actief"]}
        for row in rows
    }


@dataclass(frozen=True)
class Aandeel:
    """Attendance at one kind of session: present / sessions held (up to the reference date)."""

    aanwezig: int
    gehouden: int

    @property
    def pct(self) -> int | None:
        """Whole percent, rounded down; None when no session of this kind was held yet."""
        if not self.gehouden:
            return None
        return self.aanwezig * 100 // self.gehouden


def lessen_nodig(lessen_totaal: int) -> int:
    """The lessons a trainee must attend of a programme of `lessen_totaal` lessons: the
    completion rule's share (settings.OPLEIDING_MIN_AANWEZIG_PCT), rounded up."""
    return math.ceil(lessen_totaal * settings.OPLEIDING_MIN_AANWEZIG_PCT / 100)


@dataclass(frozen=True)
class Voortgang:
    """One trainee's attendance and where they stand against the completion rule.

    The rule (settings.OPLEIDING_MIN_AANWEZIG_PCT, default 80): present (`aanwezig`; absent with
    notice does not count) at no less than that share of ALL lessons (kind `les`) of the cohort's
    programme, held or still planned, so nobody qualifies halfway through. A cohort without
    lessons qualifies nobody; a trainee who stopped never qualifies."""

    deelname: Deelname
    aandelen: dict
    lessen_aanwezig: int
    lessen_totaal: int

    @property
    def lessen_nodig(self) -> int:
        return lessen_nodig(self.lessen_totaal)

    @property
    def voldoet(self) -> bool:
        if self.deelname.status == DeelnameStatus.GESTOPT or not self.lessen_totaal:
            return False
        return (
            self.lessen_aanwezig * 100 >= settings.OPLEIDING_MIN_AANWEZIG_PCT * self.lessen_totaal
        )

    @property
    def mag_certificaat(self) -> bool:
        """Meets the rule and has no certificate yet: the coordinator may confirm."""
        return self.voldoet and self.deelname.certificaat_datum is None


def _voortgang(cohort_id, deelnames, peildatum) -> list[Voortgang]:
    peildatum = peildatum or timezone.localdate()
    held = {
        row["soort"]: row
        for row in Bijeenkomst.objects.filter(cohort_id=cohort_id)
        .values("soort")
        .annotate(gehouden=Count("pk", filter=Q(datum__lte=peildatum)), totaal=Count("pk"))
        .order_by()
    }
    present = defaultdict(dict)
    for row in (
        Aanwezigheid.objects.filter(
            bijeenkomst__cohort_id=cohort_id,
            deelname__in=[d.pk for d in deelnames],
            status=AanwezigheidStatus.AANWEZIG,
        )
        .values("deelname_id", "bijeenkomst__soort")
        .annotate(
            gehouden=Count("pk", filter=Q(bijeenkomst__datum__lte=peildatum)), totaal=Count("pk")
        )
        .order_by()
    ):
        present[row["deelname_id"]][row["bijeenkomst__soort"]] = row
    soorten = [s for s in BijeenkomstSoort.values if s in held]
    lessen = held.get(BijeenkomstSoort.LES, {}).get("totaal", 0)
    return [
        Voortgang(
            deelname=d,
            aandelen={
                s: Aandeel(present[d.pk].get(s, {}).get("gehouden", 0), held[s]["gehouden"])
                for s in soorten
            },
            lessen_aanwezig=present[d.pk].get(BijeenkomstSoort.LES, {}).get("totaal", 0),
            lessen_totaal=lessen,
        )
        for d in deelnames
    ]


def cohort_voortgang(cohort, *, peildatum: datetime.date | None = None) -> list[Voortgang]:
    """Attendance shares per kind of session and the completion rule for every trainee of the
    cohort, in three queries whatever the cohort's size."""
    deelnames = list(cohort.deelnames.select_related("vertrouwenspersoon"))
    return _voortgang(cohort.pk, deelnames, peildatum)


def completion_for(deelname, *, peildatum: datetime.date | None = None) -> Voortgang:
    """The same figures for one trainee."""
    return _voortgang(deelname.cohort_id, [deelname], peildatum)[0]


# --- early warnings (the notices read these) -------------------------------------------------------


def _count(queryset):
    """A correlated COUNT(*) subquery, 0 when nothing matches."""
    counted = queryset.order_by().annotate(n=Func(Value(1), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def met_einde(cohorten):
    """Annotate cohorts with `einde`: the date of their last session, the day the cohort ends
    (None while it has no sessions)."""
    laatste = Bijeenkomst.objects.filter(cohort=OuterRef("pk")).order_by("-datum")
    return cohorten.annotate(einde=Subquery(laatste.values("datum")[:1]))


def lopende_cohorten(vandaag: datetime.date):
    """Cohorts running on `vandaag`: started (start date on or before it) and not ended (their
    last session on or after it)."""
    return met_einde(Cohort.objects.filter(startdatum__lte=vandaag)).filter(einde__gte=vandaag)


def _80_procent_buiten_bereik(deelnames, vandaag: datetime.date):
    """The rule behind `kan_80_procent_niet_meer_halen`, on any Deelname queryset."""
    lessen = Bijeenkomst.objects.filter(cohort=OuterRef("cohort_id"), soort=BijeenkomstSoort.LES)
    bijgewoond = Aanwezigheid.objects.filter(
        deelname=OuterRef("pk"),
        status=AanwezigheidStatus.AANWEZIG,
        bijeenkomst__soort=BijeenkomstSoort.LES,
        bijeenkomst__datum__lt=vandaag,
    )
    return (
        deelnames.filter(status=DeelnameStatus.INGESCHREVEN)
        .annotate(
            lessen_totaal=_count(lessen),
            lessen_aanwezig=_count(bijgewoond),
            lessen_te_gaan=_count(lessen.filter(datum__gte=vandaag)),
        )
        .filter(
            LessThan(
                (F("lessen_aanwezig") + F("lessen_te_gaan")) * 100,
                F("lessen_totaal") * settings.OPLEIDING_MIN_AANWEZIG_PCT,
            )
        )
    )


def kan_80_procent_niet_meer_halen(cohort, *, vandaag: datetime.date | None = None):
    """The enrolled (not stopped, not finished) trainees of `cohort` who can no longer meet the
    completion rule (`Voortgang.voldoet`, settings.OPLEIDING_MIN_AANWEZIG_PCT of all lessons):
    the lessons they attended before `vandaag` plus the lessons still to come (dated `vandaag` or
    later) are fewer than the lessons needed (`lessen_nodig`; compared as attended-or-to-come
    × 100 < total × share, the same without rounding). A lesson in the past without their
    attendance counts as missed. Each with lessen_totaal, lessen_aanwezig and lessen_te_gaan. One query."""
    vandaag = vandaag or timezone.localdate()
    return _80_procent_buiten_bereik(Deelname.objects.filter(cohort=cohort), vandaag)


def onhaalbare_deelnames(vandaag: datetime.date):
    """`kan_80_procent_niet_meer_halen` for every cohort running on `vandaag`
    (`lopende_cohorten`), set-based: one query however many cohorts and trainees."""
    lopend = lopende_cohorten(vandaag).values("pk")
    return _80_procent_buiten_bereik(Deelname.objects.filter(cohort__in=lopend), vandaag)


def een_meting_nodig(vandaag: datetime.date):
    """Cohorts that ended on or before `vandaag` (`met_einde`) with trainees who did not stop and
    have no 1-meting yet: the 1-meting is due. Each with `einde` and `n_zonder_een_meting`.
    One query."""
    zonder = Deelname.objects.filter(cohort=OuterRef("pk")).exclude(status=DeelnameStatus.GESTOPT)
    zonder = zonder.exclude(
        Exists(Meting.objects.filter(deelname=OuterRef("pk"), soort=MetingSoort.EEN))
    )
    return (
        met_einde(Cohort.objects.filter(startdatum__lte=vandaag))
        .filter(einde__lte=vandaag)
        .annotate(n_zonder_een_meting=_count(zonder))
        .filter(n_zonder_een_meting__gt=0)
    )


def bijeenkomst_soorten(voortgang: list[Voortgang]) -> list[tuple[str, str]]:
    """The kinds of session that occur in the cohort, as (value, label), in the fixed order."""
    present = set().union(*(v.aandelen for v in voortgang)) if voortgang else set()
    return [(s.value, s.label) for s in BijeenkomstSoort if s.value in present]


def aanwezigheid_lijst(bijeenkomst):
    """The trainees on a session's attendance screen with their recorded status (or ""):
    everyone enrolled, except those who stopped before the session. One query."""
    current = Aanwezigheid.objects.filter(bijeenkomst=bijeenkomst, deelname=OuterRef("pk"))
    return (
        Deelname.objects.filter(cohort_id=bijeenkomst.cohort_id)
        .filter(~Q(status=DeelnameStatus.GESTOPT) | Q(status_datum__gt=bijeenkomst.datum))
        .select_related("vertrouwenspersoon")
        .annotate(aanwezigheid=Coalesce(Subquery(current.values("status")[:1]), Value("")))
        .order_by(DEELNEMER_NAAM, "pk")
    )


@dataclass(frozen=True)
class DomeinVergelijking:
    veld: str
    label: str
    gem_nul: float | None
    gem_een: float | None
    verbeterd: int
    gelijk: int
    gepaard: int


def meting_vergelijking(cohort) -> dict:
    """Per life domain: the mean score over all 0-metingen, the mean over all 1-metingen, and of
    the trainees with both measurements how many scored higher (and how many the same) at the
    1-meting. Two queries. Returns {"domeinen": [...], "n_nul", "n_een", "gepaard"}."""
    metingen = Meting.objects.filter(deelname__cohort=cohort)
    nul, een = Q(soort=MetingSoort.NUL), Q(soort=MetingSoort.EEN)
    means = metingen.aggregate(
        n_nul=Count("pk", filter=nul),
        n_een=Count("pk", filter=een),
        **{f"{v}_0": Avg(v, filter=nul) for v in DOMEIN_VELDEN},
        **{f"{v}_1": Avg(v, filter=een) for v in DOMEIN_VELDEN},
    )
    eerdere = Meting.objects.filter(deelname=OuterRef("deelname"), soort=MetingSoort.NUL)
    paired = (
        metingen.filter(een)
        .annotate(**{f"{v}_nul": Subquery(eerdere.values(v)[:1]) for v in DOMEIN_VELDEN})
        .filter(persoonlijke_groei_nul__isnull=False)
        .aggregate(
            gepaard=Count("pk"),
            **{
                f"{v}_beter": Count("pk", filter=Q(**{f"{v}__gt": F(f"{v}_nul")}))
                for v in DOMEIN_VELDEN
            },
            **{f"{v}_gelijk": Count("pk", filter=Q(**{v: F(f"{v}_nul")})) for v in DOMEIN_VELDEN},
        )
    )
    domeinen = [
        DomeinVergelijking(
            veld=v,
            label=str(label),
            gem_nul=_round(means[f"{v}_0"]),
            gem_een=_round(means[f"{v}_1"]),
            verbeterd=paired[f"{v}_beter"],
            gelijk=paired[f"{v}_gelijk"],
            gepaard=paired["gepaard"],
        )
        for v, label in LEVENSDOMEINEN
    ]
    return {
        "domeinen": domeinen,
        "n_nul": means["n_nul"],
        "n_een": means["n_een"],
        "gepaard": paired["gepaard"],
    }


def _round(value):
    return None if value is None else round(float(value), 2)


def vergelijking_chart(vergelijking: dict) -> dict:
    """Chart data for the cohort comparison (missing means stay null, never zero)."""
    return {
        "labels": [d.label for d in vergelijking["domeinen"]],
        "reeksen": [
            {
                "label": str(MetingSoort.NUL.label),
                "data": [d.gem_nul for d in vergelijking["domeinen"]],
            },
            {
                "label": str(MetingSoort.EEN.label),
                "data": [d.gem_een for d in vergelijking["domeinen"]],
            },
        ],
    }


@dataclass(frozen=True)
class DeelnemerMeting:
    """One trainee's measurements: `nul`/`een` are the Meting or None (not measured)."""

    deelname: Deelname
    nul: Meting | None
    een: Meting | None

    @property
    def alleen_nul(self) -> bool:
        return self.nul is not None and self.een is None

    def domeinen(self):
        """(label, score at 0 or None, score at 1 or None, difference or None) per domain."""
        for veld, label in LEVENSDOMEINEN:
            a = getattr(self.nul, veld) if self.nul else None
            b = getattr(self.een, veld) if self.een else None
            yield label, a, b, (b - a if a is not None and b is not None else None)

    def chart(self) -> dict:
        rows = list(self.domeinen())
        return {
            "labels": [str(r[0]) for r in rows],
            "reeksen": [
                {"label": str(MetingSoort.NUL.label), "data": [r[1] for r in rows]},
                {"label": str(MetingSoort.EEN.label), "data": [r[2] for r in rows]},
            ],
        }


def metingen_per_deelnemer(deelnames) -> list[DeelnemerMeting]:
    """Each given enrolment with its 0- and 1-meting (None where missing). Two queries."""
    deelnames = list(deelnames)
    by_key = {
        (m.deelname_id, m.soort): m
        for m in Meting.objects.filter(deelname__in=[d.pk for d in deelnames])
    }
    return [
        DeelnemerMeting(d, by_key.get((d.pk, MetingSoort.NUL)), by_key.get((d.pk, MetingSoort.EEN)))
        for d in deelnames
    ]


def ontwikkeling_overzicht(cohort) -> dict:
    """Where the cohort's people are now: every trainee with their enrolment status, trusted-person
    status and latest development step; and per kind of step how many of them took it."""
    laatste = Ontwikkelstap.objects.filter(
        vertrouwenspersoon=OuterRef("vertrouwenspersoon")
    ).order_by("-datum", "-pk")
    deelnames = (
        cohort.deelnames.select_related("vertrouwenspersoon")
        .annotate(
            stap_soort=Subquery(laatste.values("soort")[:1]),
            stap_datum=Subquery(laatste.values("datum")[:1]),
        )
        .order_by(DEELNEMER_NAAM, "pk")
    )
    counts = dict(
        Ontwikkelstap.objects.filter(vertrouwenspersoon__deelnames__cohort=cohort)
        .values("soort")
        .annotate(n=Count("vertrouwenspersoon", distinct=True))
        .values_list("soort", "n")
        .order_by()
    )
    labels = dict(OntwikkelstapSoort.choices)
    deelnames = list(deelnames.annotate(route=route_stap(prefix="vertrouwenspersoon__")))
    uren = leeruren_per_soort(d.vertrouwenspersoon_id for d in deelnames)
    route_labels = dict(RouteStap.choices)
    for d in deelnames:
        d.route_label = route_labels.get(d.route, "")
        d.leeruren = uren.get(d.vertrouwenspersoon_id, {}).get("totaal", Decimal("0"))
    per_route = defaultdict(int)
    for d in deelnames:
        per_route[d.route] += 1
    return {
        "deelnames": [(d, labels.get(d.stap_soort, "")) for d in deelnames],
        "per_soort": [(label, counts.get(value, 0)) for value, label in OntwikkelstapSoort.choices],
        # where the cohort's people are now on the route of seed 003 (issue 22 §5)
        "per_route": [(label, per_route.get(value, 0)) for value, label in RouteStap.choices],
    }


# --- the certificate -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Certificaat:
    """What the certificate PDF states: who, which cohort, from when to when, and the sessions
    and hours attended (present; settings.OPLEIDING_MINUTEN_PER_BIJEENKOMST per session)."""

    naam: str
    cohort: str
    startdatum: datetime.date
    einddatum: datetime.date | None
    certificaat_datum: datetime.date
    per_soort: list  # (label, attended, sessions of that kind)
    bijeenkomsten: int
    minuten: int

    @property
    def uren(self) -> str:
        """Hours attended as text with a decimal comma when not whole ("37,5")."""
        uren, rest = divmod(self.minuten, 60)
        if not rest:
            return str(uren)
        return f"{self.minuten / 60:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def certificaat_voor(deelname: Deelname) -> Certificaat | None:
    """The certificate of a completed enrolment (None without one). Two queries."""
    if deelname.certificaat_datum is None or deelname.status != DeelnameStatus.AFGEROND:
        return None
    per_soort = (
        Bijeenkomst.objects.filter(cohort_id=deelname.cohort_id)
        .values("soort")
        .annotate(
            totaal=Count("pk", distinct=True),
            aanwezig=Count(
                "aanwezigheden",
                filter=Q(
                    aanwezigheden__deelname=deelname,
                    aanwezigheden__status=AanwezigheidStatus.AANWEZIG,
                ),
                distinct=True,
            ),
        )
        .order_by()
    )
    rows = {row["soort"]: row for row in per_soort}
    einde = Bijeenkomst.objects.filter(cohort_id=deelname.cohort_id).order_by("-datum").first()
    labels = dict(BijeenkomstSoort.choices)
    bijgewoond = sum(row["aanwezig"] for row in rows.values())
    return Certificaat(
        naam=deelname.naam,
        cohort=deelname.cohort.naam,
        startdatum=deelname.cohort.startdatum,
        einddatum=einde.datum if einde else None,
        certificaat_datum=deelname.certificaat_datum,
        per_soort=[
            (labels[s], rows[s]["aanwezig"], rows[s]["totaal"])
            for s in BijeenkomstSoort.values
            if s in rows
        ],
        bijeenkomsten=bijgewoond,
        minuten=bijgewoond * settings.OPLEIDING_MINUTEN_PER_BIJEENKOMST,
    )


# --- the route to work and the learning hours (issue 22 §5) ----------------------------------


def route_stap(peildatum: datetime.date | None = None, *, prefix: str = "") -> Case:
    """An expression: the trusted person's step on the route (RouteStap) on `peildatum` (default
    today): the route step of their latest development step dated on or before it (the kinds of
    ROUTE_VAN_STAP; "anders" counts for none); without such a step, vrijwilliger. `prefix`: the
    lookup to the trusted person from the queried model ("vertrouwenspersoon__")."""
    peildatum = peildatum or timezone.localdate()
    laatste = Subquery(
        Ontwikkelstap.objects.filter(
            vertrouwenspersoon=OuterRef(f"{prefix}pk"),
            soort__in=[str(soort) for soort in ROUTE_VAN_STAP],
            datum__lte=peildatum,
        )
        .order_by("-datum", "-pk")
        .values("soort")[:1],
        output_field=CharField(),
    )
    return Case(
        *(
            When(Exact(laatste, Value(str(soort))), then=Value(str(stap)))
            for soort, stap in ROUTE_VAN_STAP.items()
        ),
        default=Value(str(RouteStap.VRIJWILLIGER)),
        output_field=CharField(),
    )


def leeruren_per_soort(vertrouwenspersoon_ids) -> dict[int, dict[str, Decimal]]:
    """vp id -> {LeeruurSoort value: hours, "totaal": hours}: one query."""
    result: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = (
        Leeruur.objects.filter(vertrouwenspersoon_id__in=list(vertrouwenspersoon_ids))
        .values("vertrouwenspersoon_id", "soort")
        .annotate(uren=Sum("uren"))
        .order_by()
    )
    for row in rows:
        per = result[row["vertrouwenspersoon_id"]]
        per[row["soort"]] += row["uren"]
        per["totaal"] += row["uren"]
    return result

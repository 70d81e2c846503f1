"""The lists and counts of casework: the status history as of a date, the flags that keep people
in view, the lists, the coordinators' overview and weekly figures, pilots, a record's details,
and who may be given a household."""

import datetime

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from hulpvragen import volledigheid
from hulpvragen.choices import Status
from hulpvragen.models import (
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    StatusWijziging,
    Thema,
)
from netwerk.models import Organisatie, Pilot, Vertrouwenspersoon, VertrouwenspersoonStatus
from netwerk.roles import Rol, has_role, organisatie_id_of, vertrouwenspersoon_id_of

FLAGS = ("zonder_contact", "nazorg_verlopen", "doorverwijzing_open")


OPEN = ~Q(status=Status.AFGEROND)


# the same, as a list the (status, …) indexes can serve
OPEN_STATUSES = [s for s in Status.values if s != Status.AFGEROND]


def may_raise_flag(vandaag: datetime.date) -> Q:
    """Only these help requests can raise a flag: the open ones (zonder_contact,
    doorverwijzing_open) and those whose follow-up date has passed (nazorg_verlopen). Filtering
    on it first lets the database skip the closed majority by index before it computes flags
    (the statuses as a list, so the (status, intake_datum) index serves)."""
    return Q(status__in=OPEN_STATUSES) | Q(nazorg_datum__lt=vandaag)


def today() -> datetime.date:
    return timezone.localdate()


def status_subquery(peildatum: datetime.date) -> Subquery:
    """The status a help request had on `peildatum`: the latest change with datum <= peildatum,
    ties broken by id (one index probe per help request; the report counts by it too). None =
    not yet taken in."""
    latest = (
        StatusWijziging.objects.filter(hulpvraag=OuterRef("pk"), datum__lte=peildatum)
        .order_by("-datum", "-pk")
        .values("naar")[:1]
    )
    return Subquery(latest)


def status_uitkomst_subquery(peildatum: datetime.date) -> Subquery:
    """The status a help request had on `peildatum` and, when that was a closing, the outcome's
    category recorded with it, as one text "status|categorie" ("afgerond|opgelost",
    "bij_formeel|"): one index probe per help request for both (`status_subquery`'s rule).
    None = not yet taken in."""
    latest = (
        StatusWijziging.objects.filter(hulpvraag=OuterRef("pk"), datum__lte=peildatum)
        .order_by("-datum", "-pk")
        .annotate(
            status_uitkomst=Concat(
                "naar", Value("|"), "uitkomst_categorie", output_field=CharField()
            )
        )
        .values("status_uitkomst")[:1]
    )
    return Subquery(latest, output_field=CharField())


def status_on(queryset, peildatum: datetime.date, *, name: str = "status_op"):
    """Annotate help requests with their status as it was on `peildatum` (`status_subquery`)."""
    return queryset.annotate(**{name: status_subquery(peildatum)})


def status_of(hulpvraag: Hulpvraag, peildatum: datetime.date) -> str | None:
    """The status of one help request on `peildatum` (None before its intake)."""
    return status_on(Hulpvraag.objects.filter(pk=hulpvraag.pk), peildatum).values_list(
        "status_op", flat=True
    )[0]


def _count(queryset):
    """A correlated COUNT(*) subquery (no join multiplication in the outer query)."""
    counted = queryset.order_by().annotate(n=Func(Value(1), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _has(queryset):
    """Whether the correlated queryset has a row, as a scalar subquery (SELECT true ... LIMIT 1)
    rather than EXISTS: PostgreSQL may turn an EXISTS in the select list into one hash over the
    whole table (every help request with its flags, at a million rows), although a page needs it
    for 25 rows; a scalar subquery it runs only for the rows it returns."""
    found = queryset.order_by().values(found=Value(True))[:1]
    return Coalesce(Subquery(found, output_field=BooleanField()), Value(False))


def _bool(condition):
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def flag_conditions(vandaag: datetime.date, *, prefix: str = "") -> dict[str, Q]:
    """The three flags of 'keeping people in view' as conditions on a help request's own columns
    (`prefix` reaches them from another model, e.g. "hulpvragen__"):
    - zonder_contact: open, and the last contact (or the intake, when none) is longer ago than
      settings.ZONDER_CONTACT_DAGEN;
    - nazorg_verlopen: the follow-up date has passed without a contact on or after it;
    - doorverwijzing_open: open, with a referral older than DOORVERWIJZING_ZONDER_UITKOMST_DAGEN
      that has no outcome yet.
    Plain column comparisons (the last contact is stored on the help request), so they are cheap
    to build and to run."""
    contact_grens = vandaag - datetime.timedelta(days=settings.ZONDER_CONTACT_DAGEN)
    verwijs_grens = vandaag - datetime.timedelta(days=settings.DOORVERWIJZING_ZONDER_UITKOMST_DAGEN)
    # not correlated: the database reads the few open referrals once (a hashed subplan) instead
    # of probing them for each of the many open help requests
    open_verwijzing = Doorverwijzing.objects.filter(
        uitkomst_datum__isnull=True, uitkomst="", datum__lt=verwijs_grens
    ).values("hulpvraag_id")

    def q(**lookups):
        return Q(**{prefix + name: value for name, value in lookups.items()})

    is_open = ~q(status=Status.AFGEROND)
    return {
        "zonder_contact": is_open
        & (
            q(laatste_contact__lt=contact_grens)
            | q(laatste_contact__isnull=True, intake_datum__lt=contact_grens)
        ),
        "nazorg_verlopen": q(nazorg_datum__lt=vandaag)
        & (q(laatste_contact__isnull=True) | q(laatste_contact__lt=F(prefix + "nazorg_datum"))),
        "doorverwijzing_open": is_open & q(pk__in=open_verwijzing),
    }


def any_flag(vandaag: datetime.date, *, prefix: str = "") -> Q:
    conditions = list(flag_conditions(vandaag, prefix=prefix).values())
    return conditions[0] | conditions[1] | conditions[2]


def with_flags(queryset, *, vandaag: datetime.date | None = None):
    """Annotate help requests with the three flags (flag_conditions), contact_of_intake (the date
    the silence is counted from: the stored last contact, or the intake when none) and aandacht
    (the number of flags raised, for ordering)."""
    conditions = flag_conditions(vandaag or today())
    return queryset.annotate(
        contact_of_intake=Coalesce("laatste_contact", "intake_datum"),
        **{flag: _bool(cond) for flag, cond in conditions.items()},
        aandacht=sum(
            (Case(When(cond, then=Value(1)), default=Value(0)) for cond in conditions.values()),
            start=Value(0),
        ),
    )


def flag_filter(flag: str) -> Q:
    """The filter for one flag name, or for any flag ('alle'), on a `with_flags` queryset."""
    if flag == "alle":
        return Q(aandacht__gt=0)
    return Q(**{flag: True})


def hulpvraag_list(user, *, vandaag: datetime.date | None = None):
    """The help requests `user` may see, with flags, ready for the list and its download."""
    return with_flags(
        Hulpvraag.objects.visible_to(user).select_related(
            "huishouden__vertrouwenspersoon",
            "huishouden__organisatie",
            "hulpvrager",
            "pilot",
        ),
        vandaag=vandaag,
    ).prefetch_related(Prefetch("themas", queryset=Thema.objects.order_by("volgorde", "naam")))


def with_household_flags(queryset, *, vandaag: datetime.date | None = None):
    """Annotate households with: hoofdpersoon (name), n_open (open help requests), laatste_intake,
    laatste_contact, the three flags (any of its help requests raises it), n_gesignaleerd (help
    requests with a flag) and aandacht (number of distinct flags)."""
    vandaag = vandaag or today()
    own = Hulpvraag.objects.filter(huishouden=OuterRef("pk"))
    conditions = flag_conditions(vandaag)
    hoofdpersoon = (
        Hulpvrager.objects.filter(huishouden=OuterRef("pk"))
        .order_by("-is_hoofdpersoon", "pk")
        .values("naam")[:1]
    )
    laatste_contact = (
        own.filter(laatste_contact__isnull=False)
        .order_by("-laatste_contact")
        .values("laatste_contact")[:1]
    )
    laatste_intake = own.order_by("-intake_datum").values("intake_datum")[:1]
    annotations = {flag: _has(own.filter(cond)) for flag, cond in conditions.items()}
    return queryset.annotate(
        hoofdpersoon=Subquery(hoofdpersoon),
        n_open=_count(own.filter(OPEN)),
        laatste_intake=Subquery(laatste_intake),
        laatste_contact=Subquery(laatste_contact),
        n_gesignaleerd=_count(own.filter(any_flag(vandaag))),
        **annotations,
    ).annotate(
        aandacht=sum(
            (Case(When(**{flag: True}, then=Value(1)), default=Value(0)) for flag in FLAGS),
            start=Value(0),
        )
    )


def huishouden_list(user, *, vandaag: datetime.date | None = None):
    """The households `user` may see, with flags and counts."""
    return with_household_flags(
        Huishouden.objects.visible_to(user).select_related("vertrouwenspersoon", "organisatie"),
        vandaag=vandaag,
    )


def _own_households(user):
    """Households assigned to the user's own trusted-person record (none without one)."""
    vp_id = vertrouwenspersoon_id_of(user)
    if vp_id is None:
        return Huishouden.objects.none()
    return Huishouden.objects.visible_to(user).filter(vertrouwenspersoon_id=vp_id)


def mijn_huishoudens(user, *, vandaag: datetime.date | None = None):
    """A trusted person's households (only those assigned to them, also for a coordinator who is
    a trusted person too) that have something open or flagged, what needs attention first, each
    with its help requests (open first) carrying their flags. Constant number of queries."""
    vandaag = vandaag or today()
    hulpvragen = with_flags(Hulpvraag.objects.all(), vandaag=vandaag).order_by(
        Case(When(OPEN, then=Value(0)), default=Value(1)), "-aandacht", "-intake_datum", "-pk"
    )
    return (
        with_household_flags(_own_households(user), vandaag=vandaag)
        .filter(Q(n_open__gt=0) | Q(aandacht__gt=0))
        .prefetch_related(Prefetch("hulpvragen", queryset=hulpvragen, to_attr="vragen"))
        .order_by("-aandacht", "-n_gesignaleerd", "laatste_contact", "referentie")
    )


def opvolgen_vandaag_q(vandaag: datetime.date) -> Q:
    """Due today: the follow-up date is today and there is no contact on it yet (tomorrow the
    help request raises nazorg_verlopen)."""
    return Q(nazorg_datum=vandaag) & (
        Q(laatste_contact__isnull=True) | Q(laatste_contact__lt=vandaag)
    )


def mijn_dagwerk(user, *, vandaag: datetime.date | None = None) -> dict:
    """The counts on top of "Mijn huishoudens", over the help requests of the trusted person's own
    households (the page's households): open, and due today (`opvolgen_vandaag_q`). One query."""
    vandaag = vandaag or today()
    return (
        Hulpvraag.objects.visible_to(user)
        .filter(huishouden__in=_own_households(user))
        .aggregate(
            open=Count("pk", filter=OPEN),
            opvolgen_vandaag=Count("pk", filter=opvolgen_vandaag_q(vandaag)),
        )
    )


def opvolgen_vandaag_aantal(user, *, vandaag: datetime.date | None = None) -> int:
    """How many help requests `user` may see are due today (`opvolgen_vandaag_q`)."""
    vandaag = vandaag or today()
    return Hulpvraag.objects.visible_to(user).filter(opvolgen_vandaag_q(vandaag)).count()


def mijn_afgesloten_aantal(user) -> int:
    """How many of the trusted person's households have nothing open and nothing flagged."""
    return with_household_flags(_own_households(user)).filter(n_open=0, aandacht=0).count()


def flag_counts(user, *, vandaag: datetime.date | None = None) -> dict:
    """Number of help requests per flag across what `user` may see (one query)."""
    vandaag = vandaag or today()
    candidates = Hulpvraag.objects.visible_to(user).filter(may_raise_flag(vandaag))
    qs = with_flags(candidates, vandaag=vandaag)
    # aggregate aliases must differ from the annotations they filter on
    counts = qs.aggregate(
        n_open=Count("pk", filter=OPEN),
        n_alle=Count("pk", filter=Q(aandacht__gt=0)),
        **{f"n_{flag}": Count("pk", filter=Q(**{flag: True})) for flag in FLAGS},
    )
    return {name.removeprefix("n_"): n for name, n in counts.items()}


def gesignaleerd(user, *, vandaag: datetime.date | None = None):
    """The stalled list: help requests with at least one flag, longest silence first."""
    vandaag = vandaag or today()
    return (
        hulpvraag_list(user, vandaag=vandaag)
        .filter(may_raise_flag(vandaag), aandacht__gt=0)
        .order_by("-aandacht", "contact_of_intake", "pk")
        .in_two_steps()
    )


def is_gestopt(vandaag: datetime.date, *, prefix: str = "") -> Q:
    """A trusted person who no longer works: status gestopt, or an end date that has passed (on
    the end date itself they still work)."""
    return Q(**{f"{prefix}status": VertrouwenspersoonStatus.GESTOPT}) | Q(
        **{f"{prefix}einddatum__lt": vandaag}
    )


def _open_households(vertrouwenspersoon_ref):
    """Households of a trusted person (`vertrouwenspersoon_ref`: an OuterRef or an id) with an
    open help request (not anonymised: a handover cannot move those)."""
    return Huishouden.objects.filter(
        vertrouwenspersoon=vertrouwenspersoon_ref, geanonimiseerd_op__isnull=True
    ).filter(Exists(Hulpvraag.objects.filter(OPEN, huishouden=OuterRef("pk"))))


def gestopt_met_open_huishoudens(user, *, vandaag: datetime.date | None = None):
    """The trusted persons `user` may see who stopped (`is_gestopt`) but still hold households with
    an open help request, each with n_open_huishoudens: those households wait for a handover
    (services.draag_huishoudens_over). One query, set-based (the notices read it too)."""
    open_hh = _open_households(OuterRef("pk"))
    return (
        Vertrouwenspersoon.objects.visible_to(user)
        .filter(is_gestopt(vandaag or today()))
        .filter(Exists(open_hh))
        .select_related("organisatie")
        .annotate(n_open_huishoudens=_count(open_hh), gestopt=Value(True))
        .order_by("naam", "pk")
    )


def overdracht_context(vertrouwenspersoon, user, *, vandaag: datetime.date | None = None) -> dict:
    """What the trusted person's page and the handover page say about `vertrouwenspersoon`'s
    households (only those `user` may see): n_open (with an open help request), n_totaal (all that
    a handover moves: not anonymised), gestopt (`is_gestopt`) and whether `user` may hand them
    over. Two queries."""
    own = Huishouden.objects.visible_to(user).filter(
        vertrouwenspersoon=vertrouwenspersoon, geanonimiseerd_op__isnull=True
    )
    counts = own.aggregate(
        n_totaal=Count("pk"),
        n_open=Count(
            "pk", filter=Q(Exists(Hulpvraag.objects.filter(OPEN, huishouden=OuterRef("pk"))))
        ),
    )
    gestopt = vertrouwenspersoon.status == VertrouwenspersoonStatus.GESTOPT or (
        vertrouwenspersoon.einddatum is not None
        and vertrouwenspersoon.einddatum < (vandaag or today())
    )
    return {
        **counts,
        "gestopt": gestopt,
        "mag_overdragen": may_hand_over(user, vertrouwenspersoon),
    }


def may_hand_over(user, vertrouwenspersoon) -> bool:
    """Coordinators, and an organisation coordinator for their own organisation's trusted
    persons, hand all of a trusted person's households over to another."""
    return (
        may_reassign(user)
        and Vertrouwenspersoon.objects.editable_by(user).filter(pk=vertrouwenspersoon.pk).exists()
    )


def overdracht_kandidaten(user, *, van, vandaag: datetime.date | None = None):
    """The trusted persons `user` may hand `van`'s households to: those `user` may assign a
    household to (`assignable_vertrouwenspersonen`) who still work (`is_gestopt`), not `van`."""
    return (
        assignable_vertrouwenspersonen(user)
        .exclude(is_gestopt(vandaag or today()))
        .exclude(pk=van.pk)
        .order_by("naam", "pk")
    )


def _caseload_households():
    """(all households, those with an open help request) of the trusted person OuterRef("pk")."""
    households = Huishouden.objects.filter(vertrouwenspersoon=OuterRef("pk"))
    open_hh = households.filter(Exists(Hulpvraag.objects.filter(OPEN, huishouden=OuterRef("pk"))))
    return households, open_hh


def _in_caseload(households) -> Q:
    """Who the caseload lists: active trusted persons, and any that still have households."""
    return Q(status=VertrouwenspersoonStatus.ACTIEF) | Exists(households)


def caseload(user, *, vandaag: datetime.date | None = None):
    """Each trusted person `user` may see (active ones, and any that still have households), with
    n_huishoudens (households with an open help request), n_totaal (all assigned households),
    n_gesignaleerd (flagged help requests), the target from settings.DOEL_HUISHOUDENS_PER_VP and
    gestopt (`is_gestopt`: the status shows it, or the end date has passed)."""
    households, open_hh = _caseload_households()
    flagged = Hulpvraag.objects.filter(
        any_flag(vandaag or today()), huishouden__vertrouwenspersoon=OuterRef("pk")
    )
    doel = settings.DOEL_HUISHOUDENS_PER_VP
    return (
        Vertrouwenspersoon.objects.visible_to(user)
        .select_related("organisatie")
        .annotate(
            n_huishoudens=_count(open_hh),
            n_totaal=_count(households),
            n_gesignaleerd=_count(flagged),
        )
        .filter(_in_caseload(households))
        .annotate(
            onder_doel=_bool(Q(n_huishoudens__lt=doel)),
            doel=Value(doel, output_field=IntegerField()),
            gestopt=_bool(is_gestopt(vandaag or today())),
        )
        # by name: an index walk that stops after the page (by organisation name first, PostgreSQL
        # joined and sorted all trusted persons, 0.5 s at 165,000; docs/PERFORMANCE.md)
        .order_by("naam", "pk")
    )


WEEKCIJFERS = (
    "open",
    "zonder_contact",
    "nazorg_verlopen",
    "doorverwijzing_open",
    "onder_doel",
    "gestopt",
    "onvolledig",
)


def weekcijfers(vandaag: datetime.date) -> tuple[dict[str, int], dict[int | None, dict]]:
    """The figures of "In beeld" for the weekly digest, for the whole network and per
    organisation, in six queries however many organisations and coordinators there are (the last
    three: the records that miss what the report needs, `volledigheid.per_groep`):
    open help requests and the three flags (as `flag_counts`), trusted persons under their target
    who still work (the caseload's onder_doel, `is_gestopt` left out) and stopped ones with open
    households (`gestopt_met_open_huishoudens`). Per organisation by the lookups the models'
    `visible_to` gives an organisation coordinator (the household's organisation, the trusted
    person's), so an organisation's figures are what its coordinator sees on "In beeld"; help
    requests of households without an organisation count only in the network's figures.
    Returns (totaal, {organisatie_id: figures}), each figures dict keyed by WEEKCIJFERS."""
    per_org: dict = {}

    def add(org_id, **figures):
        per_org.setdefault(org_id, dict.fromkeys(WEEKCIJFERS, 0)).update(figures)

    conditions = flag_conditions(vandaag)
    for row in (
        Hulpvraag.objects.filter(may_raise_flag(vandaag))
        .values("huishouden__organisatie_id")
        .annotate(
            open=Count("pk", filter=OPEN),
            **{flag: Count("pk", filter=conditions[flag]) for flag in FLAGS},
        )
        .order_by()
    ):
        add(row.pop("huishouden__organisatie_id"), **row)
    # under the target = working (in the caseload, not stopped) minus those who reached it: one
    # grouping of the open households instead of a count per trusted person (26 s at 165,000)
    households, _open_hh = _caseload_households()
    op_doel = (
        Huishouden.objects.filter(vertrouwenspersoon__isnull=False)
        .filter(Exists(Hulpvraag.objects.filter(OPEN, huishouden=OuterRef("pk"))))
        .values("vertrouwenspersoon_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=settings.DOEL_HUISHOUDENS_PER_VP)
        .values("vertrouwenspersoon_id")
    )
    for org_id, werkend, bereikt in (
        Vertrouwenspersoon.objects.filter(_in_caseload(households))
        .exclude(is_gestopt(vandaag))
        .values("organisatie_id")
        .annotate(werkend=Count("pk"), bereikt=Count("pk", filter=Q(pk__in=op_doel)))
        .values_list("organisatie_id", "werkend", "bereikt")
        .order_by()
    ):
        add(org_id, onder_doel=werkend - bereikt)
    gestopt = Vertrouwenspersoon.objects.filter(is_gestopt(vandaag)).filter(
        Exists(_open_households(OuterRef("pk")))
    )
    for org_id, n in (
        gestopt.values("organisatie_id").annotate(n=Count("pk")).values_list("organisatie_id", "n")
    ).order_by():
        add(org_id, gestopt=n)
    # records missing what the report needs (hulpvragen.volledigheid): three queries more
    for org_id, n in volledigheid.per_groep(None, "organisatie").items():
        add(org_id, onvolledig=n)
    totaal = {name: sum(f[name] for f in per_org.values()) for name in WEEKCIJFERS}
    return totaal, per_org


def pilot_list():
    """Every pilot with its number of help requests (against the target) and open ones."""
    own = Hulpvraag.objects.filter(pilot=OuterRef("pk"))
    return Pilot.objects.annotate(
        n_hulpvragen=_count(own), n_open=_count(own.filter(status__in=OPEN_STATUSES))
    )


def hulpvraag_detail_context(hulpvraag: Hulpvraag) -> dict:
    """History, contacts and referrals of one help request (a few fixed queries)."""
    return {
        "historie": hulpvraag.statushistorie.select_related("door").order_by("datum", "pk"),
        "contacten": hulpvraag.contactmomenten.select_related("door").order_by("-datum", "-pk"),
        "doorverwijzingen": hulpvraag.doorverwijzingen.select_related("organisatie").order_by(
            "datum", "pk"
        ),
        "themas": hulpvraag.themas.all(),
    }


def may_reassign(user) -> bool:
    """Coordinators and organisation coordinators assign households; trusted persons never."""
    return has_role(user, Rol.COORDINATOR, Rol.ORGCOORDINATOR)


def assignable_vertrouwenspersonen(user, *, current=None):
    """The trusted persons `user` may give a household to: those `user` may see who still work
    (plus `current`, the household's own, when that one has stopped)."""
    active = ~Q(status=VertrouwenspersoonStatus.GESTOPT)
    if current is not None:
        active |= Q(pk=current.pk)
    return Vertrouwenspersoon.objects.visible_to(user).filter(active).select_related("organisatie")


def assignable_organisaties(user):
    """The partner organisations `user` may give a household to: any a coordinator may see; for
    anyone else only their own organisation."""
    if has_role(user, Rol.COORDINATOR):
        return Organisatie.objects.visible_to(user).filter(partner=True)
    return Organisatie.objects.filter(pk=organisatie_id_of(user))

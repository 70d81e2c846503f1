"""The quarterly report (DOMAIN.md, "the quarterly report"): the source report's eight tables and
the key figures, computed from the registration for a peildatum and an optional start date.

Every table is one function returning {"columns": [...], "rows": [[label, value, ...], ...]}; the
HTML page, the Excel workbook and `--json` render those same rows. Each table function is ONE
aggregate query (conditional COUNTs, grouped by pilot for the help-request tables). `build_report`
puts the conditional counts of all tables on one side together, so the whole report is three
queries whatever the number of records: one pass over the help requests (four tables and their
key figures), one over the fund applications (four tables and theirs), one over the trusted
persons (docs/PERFORMANCE.md).

Counting rules
- Help requests count when van <= intake_datum <= peildatum; fund applications when
  van <= ingediend_op <= peildatum (a draft has no ingediend_op and never counts; a submitted
  application counts whatever happened to it later).
- Help-request tables have one column per pilot that has help requests in the window (ordered by
  the pilot's start date), then `Totaal`. Help requests without a pilot get a column
  `Zonder pilot` (just before `Totaal`) only when there are any, so the columns always add up.
- Age = intake year - birth year, in bands by lower bound (< 20, 20-39, 40-59, 60-79, >= 80); no
  birth year: `Onbekend`.
- Status is the status as it was on the peildatum: the latest StatusWijziging with
  datum <= peildatum (ties broken by id). A help request without any change on or before the
  peildatum (only possible for data that bypassed the services) counts as `Nog in behandeling`.
- Type vraag: a column in which no help request has its recurrence recorded shows `N.G` in the
  `Terugkerend` and `Eenmalig` rows; the `Totaal` column adds only the numbers.
- Fund tables (`Aantal`, `%`): the rows the source report shows are always there (also at 0);
  the other values of the fixed lists (West, Noord, Zuidoost, Anders; Inkomen uit werk,
  Onbekend) appear only when their count is not zero, so a report reads like the source yet never
  hides data. Whole percentages use the largest-remainder rule (`whole_percents`), so a column
  always adds up to exactly 100% (0% everywhere when there are no applications).
- Sekse: Man and Vrouw always; Anders and Onbekend only when not zero.

Submodules: `excel` (the workbook), `forms` (the page's parameters and presets), `charts` (the
page's chart data). The page is rapportage.views, the command `manage.py rapportage`.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.apps import apps
from django.db import connection, transaction
from django.db.models import (
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hulpvragen.choices import Geslacht, Inkomsten, Soort, Status, Terugkerend, Woonplaats
from hulpvragen.models import Doorverwijzing, Hulpvraag, StatusWijziging
from netwerk.models import Vertrouwenspersoon, VertrouwenspersoonStatus
from noodfonds.choices import Onderwerp
from noodfonds.models import Aanvraag

# The labels below are the report format the municipality receives (the source report's
# section 5); they are data labels, identical in every UI language, like the fixed lists.
TOTAAL = "Totaal"
ONBEKEND = "Onbekend"
NG = "N.G"
ZONDER_PILOT = "Zonder pilot"

LEEFTIJD = "Leeftijd hulpvragers"
SEKSE = "Sekse"
STATUS = "Status hulpvraag"
TYPE_VRAAG = "Type vraag hulpvragers"
WOONPLAATS = "Woonplaats aanvragers fonds"
ONDERWERP = "Onderwerp aanvraag fonds"
INKOMSTEN = "Inkomsten"
CONTACT_FORMEEL = "Contact met formeel"

# Table title -> the name of its pivot sheet in the Excel workbook (DOMAIN.md).
SHEET_NAMES = {
    LEEFTIJD: "Leeftijd",
    SEKSE: "Sekse",
    STATUS: "Status",
    TYPE_VRAAG: "Type vraag",
    WOONPLAATS: "Woonplaats",
    ONDERWERP: "Onderwerp",
    INKOMSTEN: "Inkomsten",
    CONTACT_FORMEEL: "Contact formeel",
}
HULPVRAAG_TABLES = (LEEFTIJD, SEKSE, STATUS, TYPE_VRAAG)
FONDS_TABLES = (WOONPLAATS, ONDERWERP, INKOMSTEN, CONTACT_FORMEEL)

# (label, lowest age, highest age); None = open end. Bands go by their lower bound.
AGE_BANDS = [
    ("1 t/m 20 jaar", None, 19),
    ("20 t/m 40 jaar", 20, 39),
    ("40 t/m 60 jaar", 40, 59),
    ("60 t/m 80 jaar", 60, 79),
    ("80+", 80, None),
]
TERUGKEREND_ROWS = [(Terugkerend.TERUGKEREND, "Terugkerend"), (Terugkerend.EENMALIG, "Eenmalig")]
CONTACT_ROWS = [(True, "Wel contact met formeel"), (False, "Geen contact met formeel")]

# Fund tables show the source report's labels always and the rest of the fixed list (West, Noord,
# Zuidoost, Anders; Inkomen uit werk, Onbekend) only when its count is not zero: the table then
# reads exactly like the source, yet nothing in the data is ever hidden.
WOONPLAATS_ALTIJD = Woonplaats.values[:7]
INKOMSTEN_ALTIJD = Inkomsten.values[:4]


class Percent(int):
    """A whole percentage: an int for arithmetic, "72%" as text (HTML, JSON)."""

    def __str__(self):
        return f"{int(self)}%"

    def __repr__(self):
        return f"Percent({int(self)})"


@dataclass(frozen=True)
class Params:
    peildatum: datetime.date
    van: datetime.date | None = None
    organisatie: object = None  # netwerk.Organisatie
    vertrouwenspersoon: object = None  # netwerk.Vertrouwenspersoon


@dataclass
class KeyFigure:
    key: str
    label: str
    value: int | Decimal | Percent
    definition: str
    target: int | None = None

    @property
    def display(self) -> str:
        if isinstance(self.value, Decimal):
            return euro(self.value)
        if self.target is not None:
            return f"{self.value} / {self.target}"
        return str(self.value)


@dataclass
class Report:
    params: Params
    tables: dict[str, dict]
    key_figures: list[KeyFigure]
    scope: str
    generated_at: datetime.datetime = field(default_factory=timezone.now)


def euro(value: Decimal) -> str:
    """€ 1.234,50 (Dutch notation)."""
    text = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


# --- the data in the window ---------------------------------------------------------------------


def hulpvragen_in_window(user, params: Params):
    """Help requests the user may see with van <= intake_datum <= peildatum, filtered.
    `user=None` is the command line (operators): everything."""
    qs = Hulpvraag.objects.all() if user is None else Hulpvraag.objects.visible_to(user)
    qs = qs.filter(intake_datum__lte=params.peildatum)
    if params.van:
        qs = qs.filter(intake_datum__gte=params.van)
    if params.organisatie:
        qs = qs.filter(huishouden__organisatie=params.organisatie)
    if params.vertrouwenspersoon:
        qs = qs.filter(huishouden__vertrouwenspersoon=params.vertrouwenspersoon)
    return qs


def aanvragen_in_window(user, params: Params):
    """Fund applications the user may see, submitted in the window (drafts have no date)."""
    qs = Aanvraag.objects.all() if user is None else Aanvraag.objects.visible_to(user)
    qs = qs.filter(ingediend_op__isnull=False, ingediend_op__lte=params.peildatum)
    if params.van:
        qs = qs.filter(ingediend_op__gte=params.van)
    if params.organisatie:
        qs = qs.filter(organisatie=params.organisatie)
    if params.vertrouwenspersoon:
        qs = qs.filter(vertrouwenspersoon=params.vertrouwenspersoon)
    return qs


# --- help-request tables: one GROUP BY pilot query each -----------------------------------------


def _per_pilot(queryset, counts: dict) -> list[dict]:
    """One query: the conditional counts per pilot, ordered by the pilot's start date; the
    result has one dict per pilot column (help requests without a pilot last)."""
    return list(
        queryset.order_by()
        .values("pilot_id", "pilot__naam", "pilot__startdatum", "pilot__taakstelling")
        .annotate(**counts)
        .order_by(F("pilot__startdatum").asc(nulls_last=True), "pilot__naam")
    )


def _columns(groups: list[dict]) -> list[str]:
    return [g["pilot__naam"] or ZONDER_PILOT for g in groups] + [TOTAAL]


def _row(label, groups, key):
    values = [g[key] for g in groups]
    return [label, *values, sum(values)]


def _pilot_table(groups: list[dict], rows: list[tuple[str, str]]) -> dict:
    return {"columns": _columns(groups), "rows": [_row(label, groups, key) for label, key in rows]}


def _band(lo, hi) -> Q:
    q = Q(leeftijd__isnull=False)
    if lo is not None:
        q &= Q(leeftijd__gte=lo)
    if hi is not None:
        q &= Q(leeftijd__lte=hi)
    return q


class IntakeJaar(ExtractYear):
    """The year as an integer. PostgreSQL's EXTRACT returns numeric, and the age bands compute
    it a dozen times per help request: integer arithmetic makes the report's pass over a
    million help requests about a third faster."""

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"date_part('year', {sql})::integer", params


def _with_leeftijd(queryset):
    age = ExpressionWrapper(
        IntakeJaar("intake_datum") - F("hulpvrager__geboortejaar"), output_field=IntegerField()
    )
    return queryset.alias(leeftijd=age)


def _leeftijd_counts() -> dict:
    counts = {
        f"band{i}": Count("pk", filter=_band(lo, hi)) for i, (_l, lo, hi) in enumerate(AGE_BANDS)
    }
    counts["onbekend"] = Count("pk", filter=Q(hulpvrager__geboortejaar__isnull=True))
    return counts


def _leeftijd_rows(groups: list[dict]) -> dict:
    rows = [(label, f"band{i}") for i, (label, _lo, _hi) in enumerate(AGE_BANDS)]
    return _pilot_table(groups, [*rows, (ONBEKEND, "onbekend"), (TOTAAL, "totaal")])


def leeftijd_table(queryset) -> dict:
    """Leeftijd hulpvragers: age = intake year - birth year, bands by lower bound."""
    groups = _per_pilot(_with_leeftijd(queryset), {**_leeftijd_counts(), "totaal": Count("pk")})
    return _leeftijd_rows(groups)


def _sekse_counts() -> dict:
    return {f"g_{v}": Count("pk", filter=Q(hulpvrager__geslacht=v)) for v in Geslacht.values}


def _sekse_rows(groups: list[dict]) -> dict:
    always = {Geslacht.MAN, Geslacht.VROUW}
    rows = [
        (label, f"g_{value}")
        for value, label in Geslacht.choices
        if value in always or any(g[f"g_{value}"] for g in groups)
    ]
    return _pilot_table(groups, [*rows, (TOTAAL, "totaal")])


def sekse_table(queryset) -> dict:
    """Sekse: Man and Vrouw always; Anders and Onbekend only when not zero."""
    return _sekse_rows(_per_pilot(queryset, {**_sekse_counts(), "totaal": Count("pk")}))


def status_on(peildatum: datetime.date):
    """The status a help request had on `peildatum`: the latest change with datum <= peildatum,
    ties by id; none yet counts as nog in behandeling (one index probe per help request)."""
    latest = (
        StatusWijziging.objects.filter(hulpvraag=OuterRef("pk"), datum__lte=peildatum)
        .order_by("-datum", "-pk")
        .values("naar")[:1]
    )
    return Coalesce(Subquery(latest), Value(Status.NOG_IN_BEHANDELING), output_field=CharField())


def _with_status(queryset, peildatum):
    """Alias status_op, the status on the peildatum, for the counts.

    Looking the status up in the history costs an index probe per help request (seconds at a
    million). When no status changed after the peildatum (every report up to today), each help
    request still has the status it had then, and that is its stored current status: the
    services write every change to both and refuse a change dated before the last one, so the
    last change is the current status. One query on the change dates (indexed) decides."""
    if StatusWijziging.objects.filter(datum__gt=peildatum).exists():
        return queryset.alias(status_op=status_on(peildatum))
    return queryset.alias(status_op=F("status"))


def _status_counts() -> dict:
    return {f"s_{v}": Count("pk", filter=Q(status_op=v)) for v in Status.values}


def _status_rows(groups: list[dict]) -> dict:
    return _pilot_table(
        groups, [*((label, f"s_{value}") for value, label in Status.choices), (TOTAAL, "totaal")]
    )


def status_table(queryset, peildatum: datetime.date) -> dict:
    """Status hulpvraag as it was on the peildatum (a past quarter's report never changes)."""
    groups = _per_pilot(
        _with_status(queryset, peildatum), {**_status_counts(), "totaal": Count("pk")}
    )
    return _status_rows(groups)


def _type_vraag_counts() -> dict:
    counts = {f"t_{v}": Count("pk", filter=Q(soort=v)) for v in Soort.values}
    counts |= {f"t_{v}": Count("pk", filter=Q(terugkerend=v)) for v in Terugkerend.values}
    counts["geregistreerd"] = Count("pk", filter=~Q(terugkerend=""))
    return counts


def _type_vraag_rows(groups: list[dict]) -> dict:
    table = _pilot_table(groups, [(label, f"t_{value}") for value, label in Soort.choices])
    for value, label in TERUGKEREND_ROWS:
        values = [g[f"t_{value}"] if g["geregistreerd"] else NG for g in groups]
        table["rows"].append([label, *values, sum(v for v in values if v != NG)])
    table["rows"].append(_row(TOTAAL, groups, "totaal"))
    return table


def type_vraag_table(queryset) -> dict:
    """Type vraag hulpvragers, with the N.G rule: a column without any recorded recurrence shows
    N.G in Terugkerend and Eenmalig; the Totaal column adds only the numbers."""
    return _type_vraag_rows(_per_pilot(queryset, {**_type_vraag_counts(), "totaal": Count("pk")}))


# --- fund tables: Aantal and whole % ------------------------------------------------------------


def whole_percents(counts: list[int], total: int) -> list[int]:
    """Whole percentages that add up to exactly 100 (largest-remainder method): every share is
    rounded down, then the points still missing go one each to the shares with the largest
    remainders; equal remainders go to the row that comes first in the table. So 1/3, 1/3, 1/3
    gives 34%, 33%, 33%. No counts (total 0): every share is 0%."""
    if not total:
        return [0 for _ in counts]
    exact = [Fraction(100 * n, total) for n in counts]
    result = [int(e) for e in exact]
    missing = 100 - sum(result)
    by_remainder = sorted(range(len(counts)), key=lambda i: (-(exact[i] - result[i]), i))
    for i in by_remainder[:missing]:
        result[i] += 1
    return result


FUND_TABLES = {
    # title: (field, choices, the values always shown)
    WOONPLAATS: ("woonplaats", Woonplaats.choices, WOONPLAATS_ALTIJD),
    ONDERWERP: ("onderwerp", Onderwerp.choices, Onderwerp.values),
    INKOMSTEN: ("inkomsten", Inkomsten.choices, INKOMSTEN_ALTIJD),
    CONTACT_FORMEEL: ("contact_formeel", CONTACT_ROWS, [True, False]),
}


def _fund_counts(field_name: str, choices) -> dict:
    return {
        f"{field_name}_{i}": Count("pk", filter=Q(**{field_name: value}))
        for i, (value, _l) in enumerate(choices)
    }


def _fund_table(queryset, field_name: str, choices, always) -> dict:
    """One query: a conditional count per list value; the seed's labels always, other list
    values only when not zero; whole % by `whole_percents`; Totaal last."""
    counts = queryset.aggregate(totaal=Count("pk"), **_fund_counts(field_name, choices))
    return _fund_rows(counts, field_name, choices, always)


def _fund_rows(counts: dict, field_name: str, choices, always) -> dict:
    shown = [
        (label, counts[f"{field_name}_{i}"])
        for i, (value, label) in enumerate(choices)
        if value in always or counts[f"{field_name}_{i}"]
    ]
    total = counts["totaal"]
    percents = whole_percents([n for _l, n in shown], total)
    rows = [[label, n, Percent(p)] for (label, n), p in zip(shown, percents, strict=True)]
    rows.append([TOTAAL, total, Percent(100 if total else 0)])
    return {"columns": ["Aantal", "%"], "rows": rows}


def woonplaats_table(queryset) -> dict:
    return _fund_table(queryset, *FUND_TABLES[WOONPLAATS])


def onderwerp_table(queryset) -> dict:
    return _fund_table(queryset, *FUND_TABLES[ONDERWERP])


def inkomsten_table(queryset) -> dict:
    return _fund_table(queryset, *FUND_TABLES[INKOMSTEN])


def contact_formeel_table(queryset) -> dict:
    return _fund_table(queryset, *FUND_TABLES[CONTACT_FORMEEL])


# --- key figures --------------------------------------------------------------------------------


def _pct(part: int, whole: int) -> Percent:
    """Rounded half up; 0% when there is nothing to divide."""
    return Percent((200 * part + whole) // (2 * whole) if whole else 0)


def _add_formeel(groups: list[dict], queryset, peildatum) -> list[dict]:
    """One query: per pilot, the help requests with a referral on or before the peildatum. A
    semi-join in WHERE, not a subquery inside the counts, which PostgreSQL would run once per
    help request."""
    referral = Doorverwijzing.objects.filter(hulpvraag=OuterRef("pk"), datum__lte=peildatum)
    formeel = dict(
        queryset.filter(Exists(referral))
        .order_by()
        .values("pilot_id")
        .annotate(n=Count("pk"))
        .values_list("pilot_id", "n")
    )
    for group in groups:
        group["formeel"] = formeel.get(group["pilot_id"], 0)
    return groups


def hulpvraag_key_figures(queryset, peildatum) -> list[KeyFigure]:
    """Two queries: help requests per pilot against the pilot's target, formal involvement."""
    groups = _add_formeel(_per_pilot(queryset, {"totaal": Count("pk")}), queryset, peildatum)
    return _hulpvraag_key_rows(groups)


def _hulpvraag_key_rows(groups: list[dict]) -> list[KeyFigure]:
    figures = [
        KeyFigure(
            key=f"hulpvragen_{slugify(g['pilot__naam'] or ZONDER_PILOT)}",
            label=_("Hulpvragen %(pilot)s") % {"pilot": g["pilot__naam"] or ZONDER_PILOT},
            value=g["totaal"],
            target=g["pilot__taakstelling"],
            definition=_(
                "Aantal hulpvragen van deze pilot met een datum van aanmelding in de periode, "
                "tegenover de taakstelling van de pilot."
            ),
        )
        for g in groups
    ]
    totaal = sum(g["totaal"] for g in groups)
    figures.append(
        KeyFigure(
            key="hulpvragen_totaal",
            label=_("Hulpvragen totaal"),
            value=totaal,
            target=sum(g["pilot__taakstelling"] or 0 for g in groups),
            definition=_(
                "Alle hulpvragen met een datum van aanmelding in de periode, tegenover de som "
                "van de taakstellingen van de pilots in de tabel."
            ),
        )
    )
    figures.append(
        KeyFigure(
            key="formele_betrokkenheid_pct",
            label=_("Hulpvragen met formele betrokkenheid"),
            value=_pct(sum(g["formeel"] for g in groups), totaal),
            definition=_(
                "Aandeel van de hulpvragen in de periode waarvoor op of vóór de peildatum een "
                "doorverwijzing naar een formele instantie is vastgelegd (afgerond op hele "
                "procenten)."
            ),
        )
    )
    return figures


def _trained_condition(peildatum):
    """Trained = an enrolment (opleiding.Deelname) afgerond on or before the peildatum. Until the
    training app exists: a trusted person who started on or before the peildatum and is no
    longer in training."""
    if apps.is_installed("opleiding"):
        from opleiding.choices import DeelnameStatus
        from opleiding.models import Deelname

        return Exists(
            Deelname.objects.filter(
                vertrouwenspersoon=OuterRef("pk"),
                status=DeelnameStatus.AFGEROND,
                status_datum__lte=peildatum,
            )
        )
    return Q(startdatum__lte=peildatum) & ~Q(status=VertrouwenspersoonStatus.IN_OPLEIDING)


def vertrouwenspersoon_key_figures(user, params: Params) -> list[KeyFigure]:
    """One query over the trusted persons the user may see (filtered like the report)."""
    qs = (
        Vertrouwenspersoon.objects.all()
        if user is None
        else Vertrouwenspersoon.objects.visible_to(user)
    )
    if params.organisatie:
        qs = qs.filter(organisatie=params.organisatie)
    if params.vertrouwenspersoon:
        qs = qs.filter(pk=params.vertrouwenspersoon.pk)
    # two counts: the trained condition is a subquery, a semi-join in WHERE (not per row)
    counts = {
        "opgeleid": qs.filter(_trained_condition(params.peildatum)).count(),
        "actief": qs.filter(status=VertrouwenspersoonStatus.ACTIEF).count(),
    }
    return [
        KeyFigure(
            key="vertrouwenspersonen_opgeleid",
            label=_("Opgeleide vertrouwenspersonen"),
            value=counts["opgeleid"],
            definition=_(
                "Vertrouwenspersonen die de opleiding op of vóór de peildatum hebben afgerond "
                "(deelname met status afgerond)."
            ),
        ),
        KeyFigure(
            key="vertrouwenspersonen_actief",
            label=_("Actieve vertrouwenspersonen"),
            value=counts["actief"],
            definition=_("Vertrouwenspersonen met de status actief (de huidige stand)."),
        ),
    ]


def _fonds_key_counts(peildatum) -> dict:
    return {
        "totaal": Count("pk"),
        "via_vp": Count("pk", filter=Q(vertrouwenspersoon__isnull=False)),
        "toegekend": Sum(
            "toegekend_bedrag",
            filter=Q(toegekend_bedrag__isnull=False, besloten_op__lte=peildatum),
        ),
        "uitbetaald": Sum(
            "uitbetaald_bedrag",
            filter=Q(uitbetaald_bedrag__isnull=False, uitbetaald_op__lte=peildatum),
        ),
    }


def fonds_key_figures(queryset, peildatum) -> list[KeyFigure]:
    """One query: applications via a trusted person, amounts granted and paid."""
    return _fonds_key_rows(queryset.aggregate(**_fonds_key_counts(peildatum)))


def _fonds_key_rows(counts: dict) -> list[KeyFigure]:
    return [
        KeyFigure(
            key="aanvragen_totaal",
            label=_("Aanvragen noodfonds"),
            value=counts["totaal"],
            definition=_("Aanvragen bij het noodfonds ingediend in de periode."),
        ),
        KeyFigure(
            key="aanvragen_via_vertrouwenspersoon_pct",
            label=_("Aanvragen via een vertrouwenspersoon"),
            value=_pct(counts["via_vp"], counts["totaal"]),
            definition=_(
                "Aandeel van de aanvragen in de periode waarbij een vertrouwenspersoon is "
                "vastgelegd (afgerond op hele procenten)."
            ),
        ),
        KeyFigure(
            key="bedrag_toegekend",
            label=_("Toegekend bedrag"),
            value=counts["toegekend"] or Decimal("0.00"),
            definition=_(
                "Som van de toegekende bedragen van de aanvragen in de periode, besloten op of "
                "vóór de peildatum."
            ),
        ),
        KeyFigure(
            key="bedrag_uitbetaald",
            label=_("Uitbetaald bedrag"),
            value=counts["uitbetaald"] or Decimal("0.00"),
            definition=_(
                "Som van de uitbetaalde bedragen van de aanvragen in de periode, uitbetaald op "
                "of vóór de peildatum."
            ),
        ),
    ]


# --- the whole report ---------------------------------------------------------------------------


def scope_label(user, params: Params) -> str:
    """What the figures cover, for the page and the workbook (traceability)."""
    parts = []
    if params.organisatie:
        parts.append(_("organisatie %(naam)s") % {"naam": params.organisatie})
    if params.vertrouwenspersoon:
        parts.append(_("vertrouwenspersoon %(naam)s") % {"naam": params.vertrouwenspersoon})
    if user is not None and not _sees_everything(user):
        parts.append(_("alleen de gegevens van de eigen organisatie"))
    return "; ".join(parts) or _("alle gegevens")


def _sees_everything(user) -> bool:
    from netwerk.roles import is_coordinator

    return is_coordinator(user)


@contextmanager
def _report_session():
    """PostgreSQL: the report's sorts and hashes over a million rows get memory to stay out of
    temporary files, and no JIT (compiling these aggregates takes seconds and saves less), for
    this transaction only."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off")
        yield


def build_report(
    *,
    user,
    peildatum: datetime.date,
    van: datetime.date | None = None,
    organisatie=None,
    vertrouwenspersoon=None,
) -> Report:
    """The whole report in three queries, whatever the number of records: one pass over the
    help requests for the four pilot tables and their key figures, one over the fund
    applications, one over the trusted persons. `user` limits the data to what the user may see
    (`visible_to`); None is the command line and sees everything."""
    params = Params(
        peildatum=peildatum, van=van, organisatie=organisatie, vertrouwenspersoon=vertrouwenspersoon
    )
    with _report_session():
        return _build_report(user, params)


def _build_report(user, params: Params) -> Report:
    peildatum = params.peildatum
    window = hulpvragen_in_window(user, params)
    hulpvragen = _with_status(_with_leeftijd(window), peildatum)
    counts = {
        "totaal": Count("pk"),
        **_leeftijd_counts(),
        **_sekse_counts(),
        **_status_counts(),
        **_type_vraag_counts(),
    }
    groups = _add_formeel(_per_pilot(hulpvragen, counts), window, peildatum)
    fund = aanvragen_in_window(user, params).aggregate(
        **_fonds_key_counts(peildatum),
        **{k: v for f, c, _a in FUND_TABLES.values() for k, v in _fund_counts(f, c).items()},
    )
    tables = {
        LEEFTIJD: _leeftijd_rows(groups),
        SEKSE: _sekse_rows(groups),
        STATUS: _status_rows(groups),
        TYPE_VRAAG: _type_vraag_rows(groups),
        **{title: _fund_rows(fund, *spec) for title, spec in FUND_TABLES.items()},
    }
    key_figures = [
        *_hulpvraag_key_rows(groups),
        *vertrouwenspersoon_key_figures(user, params),
        *_fonds_key_rows(fund),
    ]
    return Report(
        params=params, tables=tables, key_figures=key_figures, scope=scope_label(user, params)
    )


# --- JSON ---------------------------------------------------------------------------------------


def _json_value(value):
    if isinstance(value, Percent):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def report_json(report: Report) -> dict:
    """{"tables": {title: {"columns", "rows"}}, "key_figures": [...], ...}; percentages as
    "72%" strings, N.G as "N.G", amounts as decimal strings."""
    params = report.params
    return {
        "peildatum": params.peildatum.isoformat(),
        "van": params.van.isoformat() if params.van else None,
        "bereik": report.scope,
        "tables": {
            title: {
                "columns": table["columns"],
                "rows": [[_json_value(v) for v in row] for row in table["rows"]],
            }
            for title, table in report.tables.items()
        },
        "key_figures": [
            {
                "key": f.key,
                "label": f.label,
                "value": _json_value(f.value),
                "target": f.target,
                "definition": f.definition,
            }
            for f in report.key_figures
        ],
    }

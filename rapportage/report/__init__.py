"""The quarterly report (DOMAIN.md, "the quarterly report"): the source report's eight tables and
the key figures, computed from the registration for a peildatum and an optional start date.

Every table is one function returning {"columns": [...], "rows": [[label, value, ...], ...]}; the
HTML page, the Excel workbook and `--json` render those same rows. Each table function is ONE
aggregate query (plus the pilots' names for the help-request tables). The help requests are
grouped by pilot and the categories with few values (sex, status, kind, recurrence), with
conditional counts for the age bands and formal involvement (`CATEGORIES`, each category defined
once), so the database returns a few hundred groups and Python adds them up per pilot column.
`build_report` does this for all tables on one side together, so the whole report is one pass
over the help requests (four tables and their key figures), one over the fund applications
(grouped by the fund tables' fields), two counts of the trusted persons and a few small queries,
whatever the number of records (docs/PERFORMANCE.md).

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
    BooleanField,
    CharField,
    Count,
    Exists,
    F,
    Func,
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
from netwerk.models import Pilot, Vertrouwenspersoon, VertrouwenspersoonStatus
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


# --- help-request tables: one pass, grouped by the categories -----------------------------------


class IntakeJaar(ExtractYear):
    """The year as an integer. PostgreSQL's EXTRACT returns numeric; integer arithmetic makes the
    report's pass over a million help requests faster."""

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"date_part('year', {sql})::integer", params


def _band_bounds() -> list[int]:
    """The lower bounds of the age bands after the first (bands go by their lower bound)."""
    return [lo for _label, lo, _hi in AGE_BANDS[1:]]


class LeeftijdVanaf(Func):
    """age >= `lo`, age = intake year - birth year (no birth year: NULL, so not counted).
    PostgreSQL: `intake_datum >= make_date(geboortejaar + lo, 1, 1)`, the same condition without
    taking the year out of every intake date (date_part is the costly part of the age)."""

    output_field = BooleanField()

    def __init__(self, lo: int):
        self.lo = int(lo)
        super().__init__(F("intake_datum"), F("hulpvrager__geboortejaar"))

    def as_sql(self, compiler, connection, **extra_context):
        # by vendor here, not in as_postgresql: an aggregate's FILTER calls as_sql directly
        intake, geboortejaar = self.get_source_expressions()
        sql, params = compiler.compile(geboortejaar)
        if connection.vendor == "postgresql":
            intake_sql, intake_params = compiler.compile(intake)
            return f"{intake_sql} >= make_date({sql} + {self.lo}, 1, 1)", (
                *intake_params,
                *params,
            )
        jaar_sql, jaar_params = compiler.compile(IntakeJaar(intake))
        return f"({jaar_sql} - {sql}) >= {self.lo}", (*jaar_params, *params)


def _leeftijd_counts(_peildatum) -> dict:
    """Counted per lower bound (age >= 20, >= 40, ...) and no birth year; `_leeftijd_banden`
    turns those into the bands."""
    counts = {f"vanaf{lo}": LeeftijdVanaf(lo) for lo in _band_bounds()}
    counts["onbekend"] = Q(hulpvrager__geboortejaar__isnull=True)
    return counts


def _leeftijd_banden(group: dict) -> None:
    """Band i = (age >= its lower bound) - (age >= the next band's); the first band is every
    known age below the second band's lower bound."""
    vanaf = [
        group["totaal"] - group["onbekend"],
        *(group.pop(f"vanaf{lo}") for lo in _band_bounds()),
        0,
    ]
    for i in range(len(AGE_BANDS)):
        group[f"band{i}"] = vanaf[i] - vanaf[i + 1]


def status_on(peildatum: datetime.date):
    """The status a help request had on `peildatum`: the latest change with datum <= peildatum,
    ties by id; none yet counts as nog in behandeling (one index probe per help request)."""
    latest = (
        StatusWijziging.objects.filter(hulpvraag=OuterRef("pk"), datum__lte=peildatum)
        .order_by("-datum", "-pk")
        .values("naar")[:1]
    )
    return Coalesce(Subquery(latest), Value(Status.NOG_IN_BEHANDELING), output_field=CharField())


def _status_op(peildatum):
    """The status on the peildatum (one query).

    Looking the status up in the history costs an index probe per help request (seconds at a
    million). When no status changed after the peildatum (every report up to today), each help
    request still has the status it had then, and that is its stored current status: the
    services write every change to both and refuse a change dated before the last one, so the
    last change is the current status. One query on the change dates (indexed) decides."""
    if StatusWijziging.objects.filter(datum__gt=peildatum).exists():
        return status_on(peildatum)
    return F("status")


def _formeel_counts(peildatum) -> dict:
    """A referral on or before the peildatum: `id IN (…)`, which PostgreSQL hashes once."""
    referred = Doorverwijzing.objects.filter(datum__lte=peildatum).values("hulpvraag_id")
    return {"formeel": Q(pk__in=referred)}


def _keys(prefix: str, values) -> dict:
    return {value: (f"{prefix}{value}",) for value in values}


@dataclass(frozen=True)
class Category:
    """One of the things the help-request tables count by, defined once, in one of two ways.

    Grouped (`group_by`, a function of the peildatum giving the expression): the pass groups the
    help requests by its value; `of_value` says which counts a value adds to (a value outside
    its list, data that bypassed the forms, adds to `other` only, like a conditional count that
    matches nothing). For columns with a few values: the groups multiply, yet stay a few hundred.

    Counted (`conditions`, a function of the peildatum giving {count: condition}): one
    conditional count per group. For the age band and formal involvement: their expressions
    read a column that differs per help request (the intake date, the id), and grouping by
    them makes PostgreSQL expect a group per help request and give up the parallel plan.

    `counts`: the counts it fills; every pilot column starts them at 0. `finish`, if any, turns
    a pilot column's counts into the table's (the age bands from counts per lower bound)."""

    counts: tuple[str, ...]
    group_by: object = None
    of_value: dict = field(default_factory=dict)
    other: tuple[str, ...] = ()
    conditions: object = None
    finish: object = None

    def keys(self, value) -> tuple[str, ...]:
        return self.of_value.get(value, self.other)


CATEGORIES = {
    "leeftijd": Category(
        (*(f"vanaf{lo}" for lo in _band_bounds()), "onbekend"),
        conditions=_leeftijd_counts,
        finish=_leeftijd_banden,
    ),
    "geslacht": Category(
        tuple(f"g_{v}" for v in Geslacht.values),
        group_by=lambda _peildatum: F("hulpvrager__geslacht"),
        of_value=_keys("g_", Geslacht.values),
    ),
    "status": Category(
        tuple(f"s_{v}" for v in Status.values),
        group_by=_status_op,
        of_value=_keys("s_", Status.values),
    ),
    "soort": Category(
        tuple(f"t_{v}" for v in Soort.values),
        group_by=lambda _peildatum: F("soort"),
        of_value=_keys("t_", Soort.values),
    ),
    # "" = not recorded; every other value is registered (the N.G rule)
    "terugkerend": Category(
        (*(f"t_{v}" for v in Terugkerend.values), "geregistreerd"),
        group_by=lambda _peildatum: F("terugkerend"),
        of_value={"": (), **{v: (f"t_{v}", "geregistreerd") for v in Terugkerend.values}},
        other=("geregistreerd",),
    ),
    "formeel": Category(("formeel",), conditions=_formeel_counts),
}
PILOT_FIELDS = ("pilot_id", "pilot__naam", "pilot__startdatum", "pilot__taakstelling")


def _per_pilot(queryset, categories, peildatum=None) -> list[dict]:
    """Two queries (plus the status check for `status`): the help requests grouped by pilot and
    the values of the grouped categories, with the conditional counts of the counted ones, so
    the database returns a few hundred groups however many help requests there are; then the
    pilots (a small table: their names, start dates and targets are not carried through the
    pass over every help request). The groups' counts are added up here per pilot column. One
    dict per pilot column with help requests, ordered by the pilot's start date and name (help
    requests without a pilot last), with `totaal` and the categories' counts."""
    names = {f"c_{name}": CATEGORIES[name] for name in categories if CATEGORIES[name].group_by}
    keys = {name: category.group_by(peildatum) for name, category in names.items()}
    counts = {"n": Count("pk")}
    for name in categories:
        if conditions := CATEGORIES[name].conditions:
            counts |= {
                key: Count("pk", filter=condition)
                for key, condition in conditions(peildatum).items()
            }
    rows = queryset.order_by().values("pilot_id", **keys).annotate(**counts)
    counted = [key for key in counts if key != "n"]
    groups = {}
    for row in rows:
        group = groups.get(row["pilot_id"])
        if group is None:
            group = groups[row["pilot_id"]] = {"totaal": 0}
            for name in categories:
                group.update(dict.fromkeys(CATEGORIES[name].counts, 0))
        n = row["n"]
        group["totaal"] += n
        for name, category in names.items():
            for key in category.keys(row[name]):
                group[key] += n
        for key in counted:
            group[key] += row[key]
    pilots = Pilot.objects.order_by("startdatum", "naam").values_list(
        "pk", "naam", "startdatum", "taakstelling"
    )
    columns = [(pk, pilot) for pk, *pilot in pilots if pk in groups]
    if None in groups:
        columns.append((None, (None, None, None)))
    result = []
    for pk, pilot in columns:
        group = dict(zip(PILOT_FIELDS, (pk, *pilot), strict=True)) | groups[pk]
        for name in categories:
            if finish := CATEGORIES[name].finish:
                finish(group)
        result.append(group)
    return result


def _columns(groups: list[dict]) -> list[str]:
    return [g["pilot__naam"] or ZONDER_PILOT for g in groups] + [TOTAAL]


def _row(label, groups, key):
    values = [g[key] for g in groups]
    return [label, *values, sum(values)]


def _pilot_table(groups: list[dict], rows: list[tuple[str, str]]) -> dict:
    return {"columns": _columns(groups), "rows": [_row(label, groups, key) for label, key in rows]}


def _leeftijd_rows(groups: list[dict]) -> dict:
    rows = [(label, f"band{i}") for i, (label, _lo, _hi) in enumerate(AGE_BANDS)]
    return _pilot_table(groups, [*rows, (ONBEKEND, "onbekend"), (TOTAAL, "totaal")])


def leeftijd_table(queryset) -> dict:
    """Leeftijd hulpvragers: age = intake year - birth year, bands by lower bound."""
    return _leeftijd_rows(_per_pilot(queryset, ["leeftijd"]))


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
    return _sekse_rows(_per_pilot(queryset, ["geslacht"]))


def _status_rows(groups: list[dict]) -> dict:
    return _pilot_table(
        groups, [*((label, f"s_{value}") for value, label in Status.choices), (TOTAAL, "totaal")]
    )


def status_table(queryset, peildatum: datetime.date) -> dict:
    """Status hulpvraag as it was on the peildatum (a past quarter's report never changes)."""
    return _status_rows(_per_pilot(queryset, ["status"], peildatum))


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
    return _type_vraag_rows(_per_pilot(queryset, ["soort", "terugkerend"]))


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


def _fund_pass(queryset, titles, extra: dict | None = None) -> dict:
    """One query: the applications grouped by the fields of the fund tables `titles` (a few
    values each, so a few thousand groups at most), with the conditional counts and sums of
    `extra` per group; all added up here. Returns `totaal`, `{field}_{i}` per list value (a
    value outside the list counts in `totaal` only) and the sums of `extra` (None when no
    application matched, as an SQL SUM)."""
    fields = [FUND_TABLES[title][0] for title in titles]
    extra = extra or {}
    if fields:
        rows = queryset.order_by().values(*fields).annotate(n=Count("pk"), **extra)
    else:
        rows = [queryset.aggregate(n=Count("pk"), **extra)]
    index = {
        field_name: {value: i for i, (value, _l) in enumerate(choices)}
        for field_name, choices, _a in (FUND_TABLES[title] for title in titles)
    }
    counts = {"totaal": 0, **dict.fromkeys(extra)}
    for field_name, choices, _a in (FUND_TABLES[title] for title in titles):
        counts |= {f"{field_name}_{i}": 0 for i in range(len(choices))}
    for row in rows:
        counts["totaal"] += row["n"]
        for field_name in fields:
            i = index[field_name].get(row[field_name])
            if i is not None:
                counts[f"{field_name}_{i}"] += row["n"]
        for key in extra:
            if row[key] is not None:
                counts[key] = row[key] if counts[key] is None else counts[key] + row[key]
    return counts


def _fund_table(queryset, field_name: str, choices, always) -> dict:
    """One query: a count per list value; the seed's labels always, other list values only when
    not zero; whole % by `whole_percents`; Totaal last."""
    title = next(t for t, spec in FUND_TABLES.items() if spec[0] == field_name)
    return _fund_rows(_fund_pass(queryset, [title]), field_name, choices, always)


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


def hulpvraag_key_figures(queryset, peildatum) -> list[KeyFigure]:
    """One query: help requests per pilot against the pilot's target, formal involvement."""
    return _hulpvraag_key_rows(_per_pilot(queryset, ["formeel"], peildatum))


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
    return _fonds_key_rows(_fund_pass(queryset, [], _fonds_key_counts(peildatum)))


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


SESSION_SETTINGS = "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off; SET LOCAL parallel_leader_participation = off"


@contextmanager
def _report_session():
    """PostgreSQL, for this transaction only: the report's sorts and hashes over a million rows
    get memory to stay out of temporary files; no JIT (compiling these aggregates takes seconds
    and saves less); and the leader only gathers what the parallel workers aggregate. With the
    default two workers on a two-core server, leader and workers were three processes on two
    cores, each also building the hash of referred help requests: 0.81 s against 0.72 s for the
    pass at a million (docs/PERFORMANCE.md)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(SESSION_SETTINGS)
        yield


def build_report(
    *,
    user,
    peildatum: datetime.date,
    van: datetime.date | None = None,
    organisatie=None,
    vertrouwenspersoon=None,
) -> Report:
    """The whole report in a fixed number of queries, whatever the number of records: one pass
    over the help requests for the four pilot tables and their key figures, the pilots, one
    pass over the fund applications, two counts of the trusted persons. `user` limits the data
    to what the user may see (`visible_to`); None is the command line and sees everything."""
    params = Params(
        peildatum=peildatum, van=van, organisatie=organisatie, vertrouwenspersoon=vertrouwenspersoon
    )
    with _report_session():
        return _build_report(user, params)


def _build_report(user, params: Params) -> Report:
    peildatum = params.peildatum
    groups = _per_pilot(hulpvragen_in_window(user, params), list(CATEGORIES), peildatum)
    fund = _fund_pass(aanvragen_in_window(user, params), FUND_TABLES, _fonds_key_counts(peildatum))
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

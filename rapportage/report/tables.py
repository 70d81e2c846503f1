"""The eight tables: two aggregate passes (`per_pilot` over the help requests, `fund_pass` over
the fund applications) and the rows built from what they return. A table is
{"columns": [...], "rows": [[label, value, ...], ...]}; the HTML page, the Excel workbook and
`--json` render those same rows."""

from collections import defaultdict
from fractions import Fraction

from django.db.models import Case, Count, IntegerField, Q, Value, When

from hulpvragen.choices import Geslacht, Soort, Status, UitkomstCategorie
from netwerk.models import Pilot
from opleiding.choices import ROUTE_VAN_STAP, RouteStap
from opleiding.models import Ontwikkelstap
from rapportage.report.categories import (
    AGE_BANDS,
    CATEGORIES,
    FUND_TABLES,
    GEEN_PILOT,
    LEEFTIJD,
    NG,
    NIET_GEREGISTREERD,
    ONBEKEND,
    ROUTE,
    ROUTE_BEREIKT,
    ROUTE_NU,
    ROUTE_RIJEN,
    SEKSE,
    STATUS,
    TERUGKEREND_ROWS,
    TOTAAL,
    TYPE_VRAAG,
    UITKOMST,
)


class Percent(int):
    """A whole percentage: an int for arithmetic, "72%" as text (HTML, JSON)."""

    def __str__(self):
        return f"{int(self)}%"

    def __repr__(self):
        return f"Percent({int(self)})"


# --- help-request tables: one pass, grouped by the categories -----------------------------------

PILOT_FIELDS = ("pilot_id", "pilot__naam", "pilot__startdatum", "pilot__taakstelling")


def _conditions(peildatum, categories: dict, van=None) -> dict:
    """The counted categories' conditions as of the peildatum, for the help requests with an
    intake from `van` on (None: no start date), by the name of their count."""
    conditions = {}
    for category in categories.values():
        if category.conditions:
            conditions |= category.conditions(peildatum, van)
    return conditions


def _pass_counts(peildatum, categories: dict, van=None) -> dict:
    """The pass's counts: all rows (`n`) and the counted categories' conditional counts."""
    counts = {"n": Count("pk")}
    for key, condition in _conditions(peildatum, categories, van).items():
        counts[key] = Count("pk", filter=condition)
    return counts


def _add_up(rows, counted: list[str], categories: dict, grouped: dict) -> dict:
    """The pass's groups added up per pilot id, every category's counts starting at 0."""
    groups = {}
    for row in rows:
        group = groups.get(row["pilot_id"])
        if group is None:
            group = groups[row["pilot_id"]] = {"totaal": 0}
            for category in categories.values():
                group.update(dict.fromkeys(category.counts, 0))
        n = row["n"]
        group["totaal"] += n
        for name, category in grouped.items():
            for key in category.keys(name, row):
                group[key] += n
        for key in counted:
            group[key] += row[key]
    return groups


def per_pilot(queryset, peildatum, categories: dict | None = None, van=None) -> list[dict]:
    """Two queries (plus the status check of the `status` category): the help requests grouped
    by pilot and the values of the grouped categories, with the conditional counts of the
    counted ones, so the database returns a few hundred groups however many help requests there
    are; then the pilots (a small table: their names, start dates and targets are not carried
    through the pass over every help request). The groups' counts are added up here per pilot
    column. One dict per pilot column with help requests, ordered by the pilot's start date and
    name (help requests without a pilot last), with `totaal` and the categories' counts.

    `categories`: only these (a part of CATEGORIES, e.g. what the key figures read); the pass
    then joins and groups only what they need. `van`: the start date the queryset's intakes
    are limited to (passed on to the counted conditions).

    The pass reads the help requests' table alone: the help seeker's sex and age and the earliest
    referral are copies on the help request (hulpvragen.rapportvelden), not a join per row."""
    categories = CATEGORIES if categories is None else categories
    # the categories the pass groups by (their columns in the pass's rows: `Category.columns`)
    grouped = {name: category for name, category in categories.items() if category.group_by}
    keys = {}
    for name, category in grouped.items():
        keys |= category.columns(name, peildatum)
    counts = _pass_counts(peildatum, categories, van)
    rows = queryset.order_by().values("pilot_id", **keys).annotate(**counts)
    groups = _add_up(rows, [key for key in counts if key != "n"], categories, grouped)
    return _pilot_columns(groups, _pilots(), categories)


def _pilots() -> list[tuple]:
    return list(
        Pilot.objects.order_by("startdatum", "naam").values_list(
            "pk", "naam", "startdatum", "taakstelling"
        )
    )


def _pilot_columns(groups: dict, pilots: list[tuple], categories: dict) -> list[dict]:
    """The groups added up per pilot id as pilot columns (see `per_pilot`)."""
    columns = [(pk, pilot) for pk, *pilot in pilots if pk in groups]
    if None in groups:
        columns.append((None, (None, None, None)))
    result = []
    for pk, pilot in columns:
        group = dict(zip(PILOT_FIELDS, (pk, *pilot), strict=True)) | groups[pk]
        for category in categories.values():
            if category.finish:
                category.finish(group)
        result.append(group)
    return result


def _window(field: str, windows) -> Case:
    """Which window (its index) a row's date falls in; NULL outside them all."""
    return Case(
        *(When(**{f"{field}__range": window}, then=Value(i)) for i, window in enumerate(windows)),
        default=None,
        output_field=IntegerField(),
    )


def per_pilot_windows(queryset, windows: list[tuple], categories: dict) -> list[list[dict]]:
    """`per_pilot` for several windows ((start, end) of the intake date) in one pass: the help
    requests of `queryset` (which covers the windows) grouped by pilot and window, each
    category's conditional counts as of each window's end; plus the pilots. For the counted
    categories only (a grouped category's value may depend on the end: the status)."""
    if any(category.group_by for category in categories.values()):
        raise ValueError("per_pilot_windows counts the counted categories only")
    counts = {"n": Count("pk")}
    for i, (start, end) in enumerate(windows):
        in_window = Q(intake_datum__range=(start, end))  # the other windows' rows: not probed
        for key, condition in _conditions(end, categories, start).items():
            counts[f"{key}__{i}"] = Count("pk", filter=in_window & condition)
    keys = list(_conditions(windows[0][1], categories, windows[0][0])) if windows else []
    rows = (
        queryset.order_by()
        .annotate(venster=_window("intake_datum", windows))
        .values("pilot_id", "venster")
        .annotate(**counts)
    )
    per_window = [[] for _ in windows]
    for row in rows:
        if row["venster"] is not None:
            i = row["venster"]
            counted = {key: row[f"{key}__{i}"] for key in keys}
            per_window[i].append({"pilot_id": row["pilot_id"], "n": row["n"], **counted})
    pilots = _pilots()
    return [
        _pilot_columns(_add_up(rows, keys, categories, {}), pilots, categories)
        for rows in per_window
    ]


def _columns(groups: list[dict]) -> list[str]:
    return [g["pilot__naam"] or GEEN_PILOT for g in groups] + [TOTAAL]


def _row(label, groups, key):
    values = [g[key] for g in groups]
    return [label, *values, sum(values)]


def _pilot_table(groups: list[dict], rows: list[tuple[str, str]]) -> dict:
    return {"columns": _columns(groups), "rows": [_row(label, groups, key) for label, key in rows]}


def _leeftijd(groups: list[dict]) -> dict:
    """Leeftijd hulpvragers: age = intake year - birth year, bands by lower bound."""
    rows = [(label, f"band{i}") for i, (label, _lo, _hi) in enumerate(AGE_BANDS)]
    return _pilot_table(groups, [*rows, (ONBEKEND, "onbekend"), (TOTAAL, "totaal")])


def _sekse(groups: list[dict]) -> dict:
    """Sekse: Man and Vrouw always; Anders and Onbekend only when not zero."""
    always = {Geslacht.MAN, Geslacht.VROUW}
    rows = [
        (label, f"g_{value}")
        for value, label in Geslacht.choices
        if value in always or any(g[f"g_{value}"] for g in groups)
    ]
    return _pilot_table(groups, [*rows, (TOTAAL, "totaal")])


def _status(groups: list[dict]) -> dict:
    """Status hulpvraag as it was on the peildatum (a past quarter's report never changes)."""
    return _pilot_table(
        groups, [*((label, f"s_{value}") for value, label in Status.choices), (TOTAAL, "totaal")]
    )


def _recurrence_row(label, groups, count) -> list:
    """A recurrence row: N.G in a column without any recorded recurrence; the Totaal column
    adds only the numbers."""
    values = [count(g) if g["geregistreerd"] else NG for g in groups]
    return [label, *values, sum(v for v in values if v != NG)]


def _type_vraag(groups: list[dict]) -> dict:
    """Type vraag hulpvragers, with the N.G rule (a column without any recorded recurrence shows
    N.G in Terugkerend and Eenmalig) and, only when a column has recurrence recorded for part
    of its help requests, the row of those without, so each such column adds up to Totaal."""
    table = _pilot_table(groups, [(label, f"t_{value}") for value, label in Soort.choices])
    for value, label in TERUGKEREND_ROWS:
        table["rows"].append(_recurrence_row(label, groups, lambda g, k=f"t_{value}": g[k]))
    if any(0 < g["geregistreerd"] < g["totaal"] for g in groups):
        table["rows"].append(
            _recurrence_row(NIET_GEREGISTREERD, groups, lambda g: g["totaal"] - g["geregistreerd"])
        )
    table["rows"].append(_row(TOTAAL, groups, "totaal"))
    return table


def _uitkomst(groups: list[dict]) -> dict:
    """Uitkomst afgeronde hulpvragen: the help requests closed on the peildatum by the outcome's
    category recorded with that closing; every category always, Onbekend (closed before the
    category was recorded) only when not zero. Totaal = Afgerond of the Status table."""
    rows = [(label, f"u_{value}") for value, label in UitkomstCategorie.choices]
    if any(g["u_onbekend"] for g in groups):
        rows.append((ONBEKEND, "u_onbekend"))
    return _pilot_table(groups, [*rows, (TOTAAL, f"s_{Status.AFGEROND}")])


def hulpvraag_tables(groups: list[dict]) -> dict[str, dict]:
    """The four help-request tables from the pilot columns of `per_pilot`."""
    return {
        LEEFTIJD: _leeftijd(groups),
        SEKSE: _sekse(groups),
        STATUS: _status(groups),
        TYPE_VRAAG: _type_vraag(groups),
    }


def route_table(trusted_persons, params) -> dict[str, dict]:
    """Route naar werk vertrouwenspersonen (issue 22 §5): of `trusted_persons` (the report's
    scope) those begun by the peildatum, per step of the route of seed 003 where they are on the
    peildatum (opleiding.selectors.route_stap), and who took a step of that kind in the report's
    window (van through peildatum). Two queries."""
    peildatum = params.peildatum
    begun = trusted_persons.filter(startdatum__lte=peildatum)
    # Where each is on the peildatum: the route step of their latest step (by date, then id; as
    # opleiding.selectors.route_stap defines it), read as the steps of those who have any,
    # newest first per person; the rest are vrijwilliger. (route_stap as an annotation probed
    # the steps once per trusted person and route step: about 1 s at 165,000 persons.)
    steps = Ontwikkelstap.objects.filter(
        vertrouwenspersoon__in=begun.values("pk"),
        soort__in=[str(s) for s in ROUTE_VAN_STAP],
        datum__lte=peildatum,
    )
    nu = defaultdict(int)
    bereikt = defaultdict(set)
    vorige = None
    for vp_id, soort, datum in steps.order_by("vertrouwenspersoon_id", "-datum", "-pk").values_list(
        "vertrouwenspersoon_id", "soort", "datum"
    ):
        if vp_id != vorige:
            nu[str(ROUTE_VAN_STAP[soort])] += 1
            vorige = vp_id
        if params.van is None or datum >= params.van:
            bereikt[str(ROUTE_VAN_STAP[soort])].add(vp_id)
    nu[str(RouteStap.VRIJWILLIGER)] += begun.count() - sum(nu.values())
    rows = [[label, nu.get(value, 0), len(bereikt.get(value, ()))] for value, label in ROUTE_RIJEN]
    rows.append([TOTAAL, sum(r[1] for r in rows), sum(r[2] for r in rows)])
    return {ROUTE: {"columns": [ROUTE_NU, ROUTE_BEREIKT], "rows": rows}}


def extra_tables(groups: list[dict]) -> dict[str, dict]:
    """What this report adds to the source's tables, from the same pass: the outcomes."""
    return {UITKOMST: _uitkomst(groups)}


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


def fund_pass(queryset, extra: dict) -> dict:
    """One query: the applications grouped by the fields of the fund tables (a few values each,
    so a few thousand groups at most), with the conditional counts and sums of `extra` per
    group; all added up here. Returns `totaal`, `{field}_{i}` per list value (a value outside
    the list counts in `totaal` only) and the sums of `extra` (None when no application
    matched, as an SQL SUM)."""
    specs = list(FUND_TABLES.values())
    fields = [field_name for field_name, _c, _a in specs]
    rows = queryset.order_by().values(*fields).annotate(n=Count("pk"), **extra)
    index = {
        field_name: {value: i for i, (value, _l) in enumerate(choices)}
        for field_name, choices, _a in specs
    }
    counts = {"totaal": 0, **dict.fromkeys(extra)}
    for field_name, choices, _a in specs:
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


def fund_pass_windows(queryset, windows: list[tuple], extra) -> list[dict]:
    """For several windows ((start, end) of the submission date), in one query grouped by
    window: `totaal` and the aggregates `extra(end)` gives as of each window's end (the key
    figures' `fonds_key_counts`), as `fund_pass` returns them (without the tables' counts)."""
    aggregates = {"n": Count("pk")}
    for i, (_start, end) in enumerate(windows):
        aggregates |= {f"{key}__{i}": aggregate for key, aggregate in extra(end).items()}
    keys = list(extra(windows[0][1])) if windows else []
    result = [{"totaal": 0, **dict.fromkeys(keys)} for _ in windows]
    rows = (
        queryset.order_by()
        .annotate(venster=_window("ingediend_op", windows))
        .values("venster")
        .annotate(**aggregates)
    )
    for row in rows:
        if row["venster"] is not None:
            i = row["venster"]
            result[i] = {"totaal": row["n"], **{key: row[f"{key}__{i}"] for key in keys}}
    return result


def _fund_rows(counts: dict, field_name: str, choices, always) -> dict:
    """A count per list value: the source's labels always, other list values only when not
    zero; whole % by `whole_percents`; Totaal last."""
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


def fund_tables(counts: dict) -> dict[str, dict]:
    """The four fund tables from the counts of `fund_pass`."""
    return {title: _fund_rows(counts, *spec) for title, spec in FUND_TABLES.items()}

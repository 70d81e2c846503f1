"""The whole report (`build_report`, the one entry point of the page, the workbook and the
command) and its JSON form (`report_json`)."""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone, translation

from netwerk.permissions import casework_scope_key
from rapportage import dataversie
from rapportage.report.categories import CATEGORIES
from rapportage.report.fonds_keten import fonds_keten_tables
from rapportage.report.key_figures import (
    KEY_FIGURE_CATEGORIES,
    KeyFigure,
    Taakstelling,
    fonds_key_counts,
    fonds_key_figures,
    hulpvraag_key_figures,
    taakstelling_of,
    vertrouwenspersoon_counts,
    vertrouwenspersoon_key_figures,
)
from rapportage.report.params import (
    Params,
    aanvragen_in_window,
    hulpvragen_in_window,
    scope_label,
    vertrouwenspersonen_in_scope,
)
from rapportage.report.tables import (
    Percent,
    extra_tables,
    fund_pass,
    fund_pass_windows,
    fund_tables,
    hulpvraag_tables,
    per_pilot,
    per_pilot_windows,
    route_table,
)


@dataclass
class Report:
    params: Params
    tables: dict[str, dict]
    key_figures: list[KeyFigure]
    scope: str
    generated_at: datetime.datetime = field(default_factory=timezone.now)
    # the data version the figures were computed at (rapportage.dataversie); None: not known
    # (built inside a caller's transaction, or a database without the version)
    dataversie: int | None = None


# Set by the warm-keeping (rapportage.warmhouden): a report found in the cache stays there another
# RAPPORTAGE_CACHE_SECONDEN, so a report opened every day does not expire while nothing changes.
VERLENGEN = ContextVar("rapportage_verlengen", default=False)

SESSION_SETTINGS = "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off; SET LOCAL parallel_leader_participation = off"


@contextmanager
def _report_session():
    """The report's transaction; yields the data version read first in it (None: no caching).

    Only a transaction of its own is cached: inside a caller's transaction the caller's own
    writes are not in the version yet (on PostgreSQL the triggers raise it at the commit), and
    the snapshot is the caller's. `dataversie.read_in_snapshot` makes the transaction one
    snapshot (REPEATABLE READ on PostgreSQL)."""
    own = not connection.in_atomic_block
    with transaction.atomic():
        yield dataversie.read_in_snapshot() if own else None


def _session_settings():
    """PostgreSQL, for this transaction only: the report's sorts and hashes over a million rows
    get memory to stay out of temporary files; no JIT (compiling these aggregates takes seconds
    and saves less); and the leader only gathers what the parallel workers aggregate. With the
    default two workers on a two-core server, leader and workers were three processes on two
    cores, each also building the hash of referred help requests: 0.81 s against 0.72 s for the
    pass at a million (docs/PERFORMANCE.md)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(SESSION_SETTINGS)


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
    to what the user may see (`visible_to`); None is the command line and sees everything.

    Cached per data version (rapportage.dataversie), scope, parameters and language: a second
    request with nothing written in between costs one query (the version). `generated_at` is
    when the figures were computed; they are exact as long as the version is the same."""
    params = Params(
        peildatum=peildatum, van=van, organisatie=organisatie, vertrouwenspersoon=vertrouwenspersoon
    )
    scope = "alle" if user is None else casework_scope_key(user)  # read before the snapshot
    with _report_session() as versie:
        if versie is None:
            _session_settings()
            return _build_report(user, params)
        key = _cache_key(versie, scope, params)
        figures = cache.get(key)
        if figures is not None and VERLENGEN.get():
            cache.touch(key, settings.RAPPORTAGE_CACHE_SECONDEN)
        if figures is None:
            _session_settings()
            report = _build_report(user, params)
            report.dataversie = versie
            figures = (report.tables, report.key_figures, report.generated_at)
            cache.set(key, figures, settings.RAPPORTAGE_CACHE_SECONDEN)
            return report
    tables, key_figures, generated_at = figures
    return Report(
        params=params,
        tables=tables,
        key_figures=key_figures,
        scope=scope_label(user, params),
        generated_at=generated_at,
        dataversie=versie,
    )


def build_key_figures(
    *, user, windows: list[tuple[datetime.date, datetime.date]], organisatie=None,
    vertrouwenspersoon=None,
) -> list[list[KeyFigure]]:  # fmt: skip
    """The key figures of several windows (`(van, peildatum)` pairs with a start date, the
    trend's quarters), without the tables: as the report of each window would show them. One
    snapshot for all; each window cached per data version, scope, parameters and language like
    the report, so the quarters two trends share are computed once; the windows not cached
    cost one pass over each side together (`_key_figures_of_windows`) and one count of the
    trusted persons for all of them."""
    params_list = [
        Params(peildatum=peildatum, van=van, organisatie=organisatie,
               vertrouwenspersoon=vertrouwenspersoon)
        for van, peildatum in windows
    ]  # fmt: skip
    scope = "alle" if user is None else casework_scope_key(user)
    with _report_session() as versie:
        if versie is None:
            _session_settings()
            return _key_figures_of_windows(user, params_list)
        keys = [
            _cache_key(versie, scope, params, "rapportage-kerncijfers") for params in params_list
        ]
        found = cache.get_many(keys)
        if VERLENGEN.get():
            for key in found:
                cache.touch(key, settings.RAPPORTAGE_CACHE_SECONDEN)
        missing = [
            (key, params) for key, params in zip(keys, params_list, strict=True) if key not in found
        ]
        if missing:
            _session_settings()
            figures = _key_figures_of_windows(user, [params for _key, params in missing])
            computed = {key: f for (key, _params), f in zip(missing, figures, strict=True)}
            cache.set_many(computed, settings.RAPPORTAGE_CACHE_SECONDEN)
            found |= computed
    return [found[key] for key in keys]


def _cache_key(versie: int, scope: str, params: Params, prefix: str = "rapportage") -> str:
    """Whose data (`casework_scope_key`), which report, in which language (the key figures'
    labels and definitions are translated), at which data version."""
    parts = (
        versie,
        scope,
        translation.get_language(),
        params.peildatum,
        params.van,
        params.organisatie.pk if params.organisatie else None,
        params.vertrouwenspersoon.pk if params.vertrouwenspersoon else None,
    )
    return f"{prefix}:" + ":".join(str(p) for p in parts)


def _build_report(user, params: Params) -> Report:
    groups = per_pilot(hulpvragen_in_window(user, params), params.peildatum, van=params.van)
    fund = fund_pass(aanvragen_in_window(user, params), fonds_key_counts(params.peildatum))
    return Report(
        params=params,
        tables={
            **hulpvraag_tables(groups),
            **fund_tables(fund),
            **extra_tables(groups),
            **fonds_keten_tables(user, params),
            **route_table(vertrouwenspersonen_in_scope(user, params), params),
        },
        key_figures=_key_figures(user, params, groups, fund, taakstelling_of(user, params)),
        scope=scope_label(user, params),
    )


def _key_figures(
    user, params: Params, groups: list[dict], fund: dict, taakstelling: Taakstelling,
    vertrouwenspersonen: dict | None = None,
) -> list[KeyFigure]:  # fmt: skip
    """Every key figure, in the order of the page, from the two passes and the counts
    (`vertrouwenspersonen`: the trusted persons' counts, if already counted)."""
    return [
        *hulpvraag_key_figures(groups, taakstelling),
        *vertrouwenspersoon_key_figures(user, params, vertrouwenspersonen),
        *fonds_key_figures(fund),
    ]


def _key_figures_of_windows(user, params_list: list[Params]) -> list[list[KeyFigure]]:
    """The key figures of each window, with one pass over each side for all windows together
    (grouped by window; over the windows' span the help requests' rows are read once, not a
    bitmap of scattered pages per quarter), counting only what the key figures read (no
    persons, no status); the trusted-person counts of all windows in one query. The windows
    share their filters, so the targets they are set against (`taakstelling_of`) too."""
    if not params_list:
        return []
    windows = [(params.van, params.peildatum) for params in params_list]
    span = replace(
        params_list[0],
        van=min(van for van, _end in windows),
        peildatum=max(end for _van, end in windows),
    )
    categories = {name: CATEGORIES[name] for name in KEY_FIGURE_CATEGORIES}
    groups = per_pilot_windows(hulpvragen_in_window(user, span), windows, categories)
    funds = fund_pass_windows(aanvragen_in_window(user, span), windows, fonds_key_counts)
    taakstelling = taakstelling_of(user, span)
    vertrouwenspersonen = vertrouwenspersoon_counts(user, params_list)
    return [
        _key_figures(user, params, g, f, taakstelling, vp)
        for params, g, f, vp in zip(params_list, groups, funds, vertrouwenspersonen, strict=True)
    ]


# --- JSON ---------------------------------------------------------------------------------------


def _json_value(value):
    """Percentages as "72%"; amounts as text with two decimals ("120.50") on every database."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, Percent):
        return str(value)
    return value


def report_json(report: Report) -> dict:
    """{"tables": {title: {"columns", "rows"}}, "key_figures": [...], ...}; percentages as
    "72%" strings, N.G as "N.G", amounts as text with two decimals ("120.50")."""
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

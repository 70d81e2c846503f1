"""The key figures of the last eight quarters (the trend beside the report): each quarter's key
figures are the report's own (`build.build_key_figures`, the same functions as the report over
that quarter as its window), so a quarter in the trend reads exactly like the report asked for
that quarter. The last quarter is the one holding the peildatum, counted up to the peildatum.
The page and the PDF show a table and line charts (SVG), the workbook a sheet with line charts.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from rapportage.report.build import build_key_figures
from rapportage.report.forms import quarter_start
from rapportage.report.key_figures import KeyFigure
from rapportage.report.tables import Percent

QUARTERS = 8
# the kinds of figure, each in a chart of its own (a count, a share and an amount share no axis)
AANTAL, PROCENT, BEDRAG = "aantal", "procent", "bedrag"


@dataclass
class Trend:
    """`quarters`: (label, first day, last day counted) oldest first. `rows`: one per key
    figure, {"key", "label", "kind", "values"} with a value per quarter (None: the figure did
    not exist that quarter, e.g. a pilot without help requests then)."""

    quarters: list[tuple[str, datetime.date, datetime.date]]
    rows: list[dict]

    @property
    def labels(self) -> list[str]:
        return [label for label, _start, _end in self.quarters]

    def charts(self) -> list[dict]:
        """Per kind of figure: the figures known in every quarter (a line without gaps), as
        the chart helper's data."""
        titles = {
            AANTAL: _("Aantallen per kwartaal"),
            PROCENT: _("Percentages per kwartaal"),
            BEDRAG: _("Bedragen per kwartaal (€)"),
        }
        charts = []
        for kind, title in titles.items():
            rows = [r for r in self.rows if r["kind"] == kind and None not in r["values"]]
            if rows:
                reeksen = [{"label": r["label"], "data": r["values"]} for r in rows]
                charts.append({"kind": kind, "title": title, "reeksen": reeksen})
        return charts


def trend_quarters(peildatum: datetime.date, count: int = QUARTERS):
    """The `count` quarters up to the peildatum, oldest first: the last one is the quarter that
    holds the peildatum, counted up to the peildatum."""
    quarters = []
    end = peildatum
    for _i in range(count):
        start = quarter_start(end)
        label = _("K%(nummer)s %(jaar)s") % {
            "nummer": (start.month - 1) // 3 + 1,
            "jaar": start.year,
        }
        quarters.append((label, start, end))
        end = start - datetime.timedelta(days=1)
    return quarters[::-1]


def kind_of(value) -> str:
    if isinstance(value, Decimal):
        return BEDRAG
    return PROCENT if isinstance(value, Percent) else AANTAL


def build_trend(*, user, peildatum: datetime.date, organisatie=None, vertrouwenspersoon=None):
    """The trend for the report's scope and filters (its start date does not matter: each
    quarter is a window of its own)."""
    quarters = trend_quarters(peildatum)
    per_quarter = build_key_figures(
        user=user,
        windows=[(start, end) for _label, start, end in quarters],
        organisatie=organisatie,
        vertrouwenspersoon=vertrouwenspersoon,
    )
    return Trend(quarters=quarters, rows=_rows(per_quarter))


def _rows(per_quarter: list[list[KeyFigure]]) -> list[dict]:
    """One row per key figure of any quarter, in the report's order: a figure only some
    quarters have (a pilot's) goes before the figure it precedes in those quarters."""
    order: list[str] = []
    for figures in per_quarter:
        keys = [f.key for f in figures]
        for i, key in enumerate(keys):
            if key not in order:  # before the next figure already placed, else last
                following = next((k for k in keys[i + 1 :] if k in order), None)
                order.insert(order.index(following) if following else len(order), key)
    by_key = [{f.key: f for f in figures} for figures in per_quarter]
    rows = []
    for key in order:
        known = [figures[key] for figures in by_key if key in figures]
        values = [figures[key].value if key in figures else None for figures in by_key]
        latest = known[-1]
        rows.append(
            {"key": key, "label": latest.label, "kind": kind_of(latest.value), "values": values}
        )
    return rows

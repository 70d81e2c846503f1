"""The key figures of the last eight quarters (issue 19, point 6): each quarter reads exactly like
the report asked for that quarter, in the user's scope and with the report's filters; on the
page (table and SVG line charts), in the workbook (a sheet with line charts) and in the PDF. A
fixed number of queries per quarter, whatever the data; cached per data version like the
report, so a second page costs two queries for the whole trend."""

import datetime
import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hulpvragen.models import Hulpvraag
from rapportage.report import build_report
from rapportage.report.build import build_key_figures
from rapportage.report.charts import value_text
from rapportage.report.excel import report_workbook
from rapportage.report.pdf import report_pdf
from rapportage.report.trend import build_trend, trend_quarters
from samenvooruit.xlsx import workbook_bytes
from tests.factories import AanvraagFactory
from tests.pdftekst import find_in_order, pdf_text
from tests.rapportage.conftest import PEILDATUM, make_hulpvraag, open_xlsx
from tests.rapportage.test_report_views import two_orgs  # noqa: F401 (a fixture)

D = datetime.date
URL = reverse("rapportage:rapport")


def test_eight_quarters_up_to_the_peildatum():
    quarters = trend_quarters(D(2021, 3, 1))

    assert len(quarters) == 8
    assert quarters[0] == ("K2 2019", D(2019, 4, 1), D(2019, 6, 30))
    assert quarters[-1] == ("K1 2021", D(2021, 1, 1), D(2021, 3, 1))  # up to the peildatum
    for (_l, _s, end), (_label, start, _e) in zip(quarters, quarters[1:], strict=False):
        assert start == end + datetime.timedelta(days=1)


def test_each_quarter_reads_like_the_report_of_that_quarter(seeded):
    trend = build_trend(user=None, peildatum=PEILDATUM)

    rows = {row["key"]: row for row in trend.rows}
    for i, (_label, start, end) in enumerate(trend.quarters):
        report = build_report(user=None, van=start, peildatum=end)
        figures = {f.key: f.value for f in report.key_figures}
        assert {k: row["values"][i] for k, row in rows.items() if k in figures} == figures
        assert all(row["values"][i] is None for k, row in rows.items() if k not in figures)
    assert [r["key"] for r in trend.rows][:3] == [
        "hulpvragen_pilot-1", "hulpvragen_pilot-2", "hulpvragen_totaal",
    ]  # fmt: skip


def test_referrals_and_decisions_count_in_the_quarter_they_were_dated_by(pilot2, vp_a):
    """Formal involvement and amounts as of each quarter's end: a referral or a payment dated
    after a quarter's end does not count for that quarter."""
    from decimal import Decimal

    from hulpvragen.choices import DoorverwijzingSoort
    from hulpvragen.models import Doorverwijzing
    from tests.factories import OrganisatieFactory

    formeel = OrganisatieFactory(partner=False)
    in_q3 = make_hulpvraag(pilot=pilot2, vp=vp_a, intake=D(2020, 8, 1))
    late = make_hulpvraag(pilot=pilot2, vp=vp_a, intake=D(2020, 9, 1))
    make_hulpvraag(pilot=pilot2, vp=vp_a, intake=D(2020, 11, 1))
    for hulpvraag, datum in ((in_q3, D(2020, 8, 20)), (late, D(2020, 10, 5))):
        Doorverwijzing.objects.create(
            hulpvraag=hulpvraag, organisatie=formeel, datum=datum, soort=DoorverwijzingSoort.ADVIES
        )
    AanvraagFactory(
        organisatie=vp_a.organisatie, ingediend_op=D(2020, 9, 10), besloten_op=D(2020, 10, 2),
        toegekend_bedrag=Decimal("250.00"), uitbetaald_bedrag=Decimal("200.00"),
        uitbetaald_op=D(2020, 9, 30),
    )  # fmt: skip

    trend = build_trend(user=None, peildatum=PEILDATUM)

    rows = {row["key"]: row["values"] for row in trend.rows}
    q3 = [label for label, _s, _e in trend.quarters].index("K3 2020")
    assert rows["formele_betrokkenheid_pct"][q3] == 50  # the late referral: after 30-09
    assert rows["bedrag_toegekend"][q3] == 0  # decided on 02-10
    assert rows["bedrag_uitbetaald"][q3] == Decimal("200.00")
    for i, (_label, start, end) in enumerate(trend.quarters):
        report = build_report(user=None, van=start, peildatum=end)
        assert {f.key: rows[f.key][i] for f in report.key_figures} == {
            f.key: f.value for f in report.key_figures
        }


def test_the_trend_follows_the_users_scope(orgcoordinator, two_orgs):  # noqa: F811
    trend = build_trend(user=orgcoordinator, peildatum=PEILDATUM)

    totals = next(r for r in trend.rows if r["key"] == "hulpvragen_totaal")
    assert totals["values"][-1] == 1  # of the three help requests, one is in their organisation


def test_each_quarter_sets_an_organisation_against_its_own_target(pilot2, vp_a):
    organisatie = vp_a.organisatie
    organisatie.taakstelling = 7
    organisatie.save(update_fields=["taakstelling"])
    make_hulpvraag(pilot=pilot2, vp=vp_a, intake=D(2020, 11, 20))
    windows = [(start, end) for _label, start, end in trend_quarters(PEILDATUM)]

    per_quarter = build_key_figures(user=None, windows=windows, organisatie=organisatie)

    for (start, end), figures in zip(windows, per_quarter, strict=True):
        report = build_report(user=None, van=start, peildatum=end, organisatie=organisatie)
        assert figures == report.key_figures
    targets = {f.key: f.target for f in per_quarter[-2]}
    assert targets["hulpvragen_pilot-2"] == targets["hulpvragen_totaal"] == 7


def test_the_trend_follows_the_filters(pilot2, vp_a, vp_b):
    make_hulpvraag(pilot=pilot2, vp=vp_a)
    make_hulpvraag(pilot=pilot2, vp=vp_b, intake=D(2020, 11, 20))

    trend = build_trend(user=None, peildatum=PEILDATUM, vertrouwenspersoon=vp_b)

    totals = next(r for r in trend.rows if r["key"] == "hulpvragen_totaal")
    assert totals["values"][-2:] == [1, 0]


# --- queries and the cache ----------------------------------------------------------------------


def _trend_queries():
    with CaptureQueriesContext(connection) as ctx:
        build_trend(user=None, peildatum=PEILDATUM)
    return [q["sql"] for q in ctx.captured_queries]


def test_queries_per_quarter_do_not_grow_with_the_data(pilot2, vp_a):
    make_hulpvraag(pilot=pilot2, vp=vp_a)
    few = _trend_queries()
    for i in range(30):
        make_hulpvraag(pilot=pilot2, vp=vp_a, intake=D(2020, 1 + i % 12, 1 + i % 28))
        AanvraagFactory(organisatie=vp_a.organisatie, ingediend_op=D(2020, 1 + i % 12, 3))

    many = _trend_queries()

    assert len(few) == len(many)
    selects = [sql for sql in many if sql.startswith("SELECT")]
    read = Counter(t for sql in selects for t in re.findall(r'FROM "(\w+)"(?! U\d)', sql))
    # one pass over each side for the eight quarters (grouped by quarter; no status, no
    # persons), the pilots, and one query of trusted persons (two counts per quarter)
    assert read == {
        "hulpvragen_hulpvraag": 1,
        "hulpvragen_pilot": 1,
        "noodfonds_aanvraag": 1,
        "netwerk_vertrouwenspersoon": 1,
    }
    assert not any('"hulpvragen_hulpvrager"' in sql for sql in selects)


@pytest.fixture
def own_transactions(transactional_db):
    cache.clear()
    yield
    cache.clear()


def test_a_second_trend_costs_the_version_and_one_cache_read(own_transactions, pilot2):
    make_hulpvraag(pilot=pilot2)
    first = build_trend(user=None, peildatum=PEILDATUM)

    reads = [
        s for s in _trend_queries() if not s.startswith(("SET TRANSACTION", "BEGIN", "COMMIT"))
    ]

    assert reads[0].startswith("SELECT versie FROM rapportage_dataversie")
    assert len(reads) == 2 and "samenvooruit_cache" in reads[1]
    assert build_trend(user=None, peildatum=PEILDATUM).rows == first.rows


def test_a_write_shows_in_the_trend_at_once(own_transactions, pilot2):
    make_hulpvraag(pilot=pilot2)
    before = build_trend(user=None, peildatum=PEILDATUM)

    make_hulpvraag(pilot=pilot2)
    with transaction.atomic():
        uncached = build_trend(user=None, peildatum=PEILDATUM)
    after = build_trend(user=None, peildatum=PEILDATUM)

    totals = [next(r for r in t.rows if r["key"] == "hulpvragen_totaal") for t in (before, after)]
    assert totals[0]["values"][-1] + 1 == totals[1]["values"][-1] == Hulpvraag.objects.count()
    assert after.rows == uncached.rows


def test_shifting_the_peildatum_by_a_quarter_reuses_seven_quarters(own_transactions, pilot2):
    make_hulpvraag(pilot=pilot2)
    build_trend(user=None, peildatum=D(2020, 12, 31))

    with CaptureQueriesContext(connection) as ctx:
        build_trend(user=None, peildatum=D(2021, 3, 31))

    hulpvraag_passes = [
        q for q in ctx.captured_queries if 'FROM "hulpvragen_hulpvraag"' in q["sql"]
    ]
    assert len(hulpvraag_passes) == 1
    # only the new quarter: one window (its CASE and its count), not eight
    assert hulpvraag_passes[0]["sql"].count("BETWEEN") == 2


# --- where it shows -----------------------------------------------------------------------------


def test_the_page_shows_the_trend_table_and_line_charts(client, coordinator, seeded):
    client.force_login(coordinator)

    response = client.get(URL + "?peildatum=2021-03-01")
    html = response.content.decode()

    trend = response.context["trend"]
    assert trend["labels"][-1] == "K1 2021" and len(trend["labels"]) == 8
    section = html[html.index('id="trend-kop"') : html.index("rapport-tabel")]
    assert section.count("<svg") == len(trend["charts"]) >= 2 and "<polyline" in section
    assert "Kerncijfers per kwartaal" in section
    expected = build_trend(user=coordinator, peildatum=PEILDATUM)
    totals = next(r for r in expected.rows if r["key"] == "hulpvragen_totaal")
    cells = "".join(
        f'<td class="text-end text-nowrap">{value_text(v)}</td>' for v in totals["values"]
    )
    assert cells in section


def test_the_workbook_has_a_trend_sheet_with_line_charts(seeded):
    report = build_report(user=None, peildatum=PEILDATUM)
    trend = build_trend(user=None, peildatum=PEILDATUM)

    wb = open_xlsx(workbook_bytes(report_workbook(report, trend=trend)))
    ws = wb["Trend"]

    assert [c.value for c in ws[1]] == [None, *trend.labels]
    for number, row in enumerate(trend.rows, start=2):
        values = [c.value for c in ws[number]]
        assert values[0] == row["label"]
        for cell, value in zip(ws[number][1:], row["values"], strict=True):
            if value is None:
                assert cell.value is None
            elif cell.number_format == "0%":
                assert round(cell.value * 100) == value
            else:
                assert cell.value == value
    assert len(ws._charts) == len(trend.charts()) >= 2
    assert ws.print_title_rows == "$1:$1"


def test_the_pdf_has_the_trend(seeded):
    report = build_report(user=None, peildatum=PEILDATUM)
    trend = build_trend(user=None, peildatum=PEILDATUM)

    text = pdf_text(report_pdf(report, door="x", trend=trend))

    expected = [("Kerncijfer", trend.labels)] + [
        (row["label"], [value_text(v) for v in row["values"]]) for row in trend.rows
    ]
    assert find_in_order(text, expected) == []

"""Issue 22 §5: learning hours per person, the route of seed 003 (vrijwilliger, buurtbaan,
opleiding, betaald werk) from the development steps, where a cohort's people are now, and the
report's route table (after the eight seed tables and the outcome table, on every output)."""

import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from netwerk.models import Vertrouwenspersoon
from opleiding import selectors, services
from opleiding.models import Leeruur, Ontwikkelstap
from rapportage.report import build_report, report_json
from rapportage.report.categories import EXTRA_TABLES, ROUTE, UITKOMST
from tests.factories import VertrouwenspersoonFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def stap(vp, soort, datum):
    return Ontwikkelstap.objects.create(vertrouwenspersoon=vp, soort=soort, datum=datum)


def route_of(vp, peildatum=None):
    return (
        Vertrouwenspersoon.objects.annotate(r=selectors.route_stap(peildatum))
        .values_list("r", flat=True)
        .get(pk=vp.pk)
    )


def test_the_route_step_is_that_of_the_latest_step_on_or_before_the_date(vp_a):
    assert route_of(vp_a) == "vrijwilliger"  # no step yet
    stap(vp_a, "buurtbaan", D(2021, 1, 1))
    stap(vp_a, "anders", D(2021, 6, 1))  # on no route step
    assert route_of(vp_a) == "buurtbaan"
    stap(vp_a, "ervaringsdeskundigheid", D(2022, 1, 1))
    assert route_of(vp_a) == "opleiding"
    stap(vp_a, "betaald_werk", D(2023, 1, 1))
    assert route_of(vp_a) == "betaald_werk"
    assert route_of(vp_a, D(2021, 12, 31)) == "buurtbaan"
    assert route_of(vp_a, D(2020, 12, 31)) == "vrijwilliger"


def test_learning_hours_by_kind_and_in_total(vp_a, vp_b):
    for soort, uren in (("opleiding", "2.5"), ("intervisie", "1.5"), ("cursus_elders", "8")):
        services.save_leeruur(
            leeruur=Leeruur(
                vertrouwenspersoon=vp_a, soort=soort, datum=D(2025, 1, 1), uren=Decimal(uren)
            )
        )
    per = selectors.leeruren_per_soort([vp_a.pk, vp_b.pk])
    assert per[vp_a.pk]["totaal"] == Decimal("12.0")
    assert per[vp_a.pk]["intervisie"] == Decimal("1.5")
    assert vp_b.pk not in per


@pytest.mark.parametrize(
    "uren, datum",
    [("0", D(2025, 1, 1)), ("1001", D(2025, 1, 1)), ("2", None)],
)
def test_learning_hours_within_bounds_and_not_in_the_future(vp_a, uren, datum):
    datum = datum or timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.save_leeruur(
            leeruur=Leeruur(
                vertrouwenspersoon=vp_a, soort="opleiding", datum=datum, uren=Decimal(uren)
            )
        )
    assert not Leeruur.objects.exists()


def test_the_trainer_records_hours_the_trusted_person_only_reads_them(
    client, opleider, deelname_a, vp_a
):
    client.force_login(opleider)
    url = reverse("opleiding:leeruur_create", args=[deelname_a.uuid])
    response = client.post(
        url, {"soort": "intervisie", "datum": "2021-02-01", "uren": "2", "omschrijving": "Groep"}
    )
    assert response.status_code == 302
    assert Leeruur.objects.get().vertrouwenspersoon == vp_a
    client.force_login(vp_a.user)
    detail = client.get(reverse("opleiding:deelname_detail", args=[deelname_a.uuid]))
    assert "Intervisie" in detail.content.decode() and "2,0 uur" in detail.content.decode()
    assert client.get(url).status_code in (403, 404)


def test_the_cohort_page_shows_where_people_are_now(client, coordinator, deelname_a, deelname_b):
    stap(deelname_a.vertrouwenspersoon, "buurtbaan", D(2021, 6, 1))
    client.force_login(coordinator)
    response = client.get(reverse("opleiding:cohort_ontwikkeling", args=[deelname_a.cohort.pk]))
    per_route = dict(response.context["per_route"])
    assert per_route == {"Vrijwilliger": 1, "Buurtbaan": 1, "Opleiding": 0, "Betaald werk": 0}


def _route_world():
    a = VertrouwenspersoonFactory(startdatum=D(2020, 1, 1))
    b = VertrouwenspersoonFactory(startdatum=D(2020, 1, 1))
    VertrouwenspersoonFactory(startdatum=D(2020, 1, 1))  # no step: vrijwilliger
    VertrouwenspersoonFactory(startdatum=D(2022, 1, 1))  # begun after the peildatum
    stap(a, "buurtbaan", D(2020, 6, 1))
    stap(a, "vervolgopleiding", D(2021, 2, 1))
    stap(b, "betaald_werk", D(2021, 2, 15))
    stap(b, "buurtbaan", D(2021, 5, 1))  # after the peildatum
    return a, b


def test_the_report_gains_the_route_table_after_the_outcome_and_fund_tables():
    _route_world()
    tables = build_report(user=None, peildatum=D(2021, 3, 1), van=D(2021, 1, 1)).tables
    assert list(tables)[-1] == ROUTE and EXTRA_TABLES[0] == UITKOMST and EXTRA_TABLES[-1] == ROUTE
    table = tables[ROUTE]
    assert table["columns"] == ["Nu op deze stap", "Stap gezet in de periode"]
    assert table["rows"] == [
        ["Vrijwilliger", 1, 0],
        ["Buurtbaan", 0, 0],
        ["Opleiding", 1, 1],
        ["Betaald werk", 1, 1],
        ["Totaal", 3, 2],
    ]


def test_the_route_table_in_json_workbook_and_pdf(client, coordinator):
    _route_world()
    report = build_report(user=None, peildatum=D(2021, 3, 1))
    data = report_json(report)
    assert list(data["tables"])[-1] == ROUTE
    out = io.StringIO()
    call_command("rapportage", "--peildatum", "2021-03-01", "--json", stdout=out)
    assert json.loads(out.getvalue())["tables"][ROUTE]["rows"][-1] == ["Totaal", 3, 3]
    from rapportage.report.excel import report_workbook
    from samenvooruit.xlsx import workbook_bytes

    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(report_workbook(report))))
    assert wb["Route"]["A2"].value == "Vrijwilliger"
    from rapportage.report.pdf import report_pdf
    from tests.pdftekst import pdf_text

    text = " ".join(pdf_text(report_pdf(report, door="test")).split())
    assert "Route naar werk" in text and "Stap gezet in de periode" in text


def test_the_route_rows_are_the_routes_steps():
    from opleiding.choices import RouteStap
    from rapportage.report.categories import ROUTE_RIJEN

    assert [value for value, _label in ROUTE_RIJEN] == RouteStap.values

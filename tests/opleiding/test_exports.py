import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from opleiding.models import Aanwezigheid, Meting
from tests.opleiding.conftest import sessions

D = datetime.date


def _open(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _rows(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


@pytest.mark.django_db
def test_attendance_download_holds_overview_and_one_row_per_trainee_and_session(
    client, opleider, cohort, deelname_a, deelname_b
):
    lessen = sessions(cohort, "les", 2)
    Aanwezigheid.objects.create(bijeenkomst=lessen[0], deelname=deelname_a, status="aanwezig")
    Aanwezigheid.objects.create(bijeenkomst=lessen[1], deelname=deelname_a, status="afwezig")
    lessen[0].onderwerp = "=1+1"  # formula guard: stays text
    lessen[0].save()
    client.force_login(opleider)

    wb = _open(client.get(reverse("opleiding:export_aanwezigheid", args=[cohort.pk])))

    assert wb.sheetnames == ["Overzicht", "Aanwezigheid"]
    overzicht = _rows(wb["Overzicht"])
    assert overzicht[0] == [
        "Naam",
        "Status",
        "Les aanwezig",
        "Les gehouden",
        "Les %",
        "Voldoet aan afrondingsregel",
        "Datum certificaat",
    ]
    assert overzicht[1] == ["VP A", "Ingeschreven", 1, 2, 50, "Nee", None]
    assert overzicht[2] == ["VP B", "Ingeschreven", 0, 2, 0, "Nee", None]
    detail = _rows(wb["Aanwezigheid"])
    assert len(detail) == 1 + 2 * 2
    assert detail[1][0] == "VP A"
    assert detail[1][1].date() == lessen[0].datum
    assert detail[1][2:] == ["Les", "=1+1", "Nee", "Aanwezig"]
    assert wb["Aanwezigheid"]["D2"].data_type == "s"
    assert detail[2][5] == "Afwezig"
    assert detail[3][5] is None  # VP B: nothing recorded


@pytest.mark.django_db
def test_measurement_download_holds_comparison_and_every_measurement(
    client, coordinator, cohort, deelname_a, deelname_b
):
    scores = dict.fromkeys(
        [
            "persoonlijke_groei",
            "professionele_vaardigheden",
            "sociale_vaardigheden",
            "zelfvertrouwen",
            "netwerk",
        ],
        3,
    )
    Meting.objects.create(
        deelname=deelname_a, soort="0", datum=D(2020, 11, 17), grenzen_aangeven=1, **scores
    )
    Meting.objects.create(
        deelname=deelname_a, soort="1", datum=D(2021, 11, 17), grenzen_aangeven=4, **scores
    )
    Meting.objects.create(
        deelname=deelname_b, soort="0", datum=D(2020, 11, 17), grenzen_aangeven=2, **scores
    )
    client.force_login(coordinator)

    wb = _open(client.get(reverse("opleiding:export_metingen", args=[cohort.pk])))

    vergelijking = _rows(wb["Vergelijking"])
    assert vergelijking[0][0] == "Levensdomein"
    assert vergelijking[6] == ["Grenzen aangeven", 1.5, 4, 1, 0, 1]
    assert vergelijking[1] == ["Persoonlijke groei", 3, 3, 0, 1, 1]
    metingen = _rows(wb["Metingen"])
    assert len(metingen) == 4
    assert metingen[1][:2] == ["VP A", "0-meting"]
    assert metingen[1][3:9] == [3, 3, 3, 3, 3, 1]
    assert metingen[3][:2] == ["VP B", "0-meting"]

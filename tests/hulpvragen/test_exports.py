import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from hulpvragen import exports, services
from hulpvragen.choices import Soort, Status, Terugkerend, Woonplaats
from hulpvragen.models import Thema
from taken.models import Taak, TaakStatus
from tests.factories import PilotFactory
from tests.hulpvragen.conftest import (
    INTAKE,
    days_ago,
    first_hulpvraag,
    make_household,
    today,
)

D = datetime.date

FORMULA_NAME = '=HYPERLINK("http://evil.example","klik")'


def open_xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def households(vp_a, vp_b):
    make_household(vp_a, naam=FORMULA_NAME)
    make_household(vp_a, naam="+31 Plus")
    make_household(vp_b, naam="@Apenstaart", woonplaats="west")
    closed = first_hulpvraag(make_household(vp_a, naam="Dicht"))
    services.change_status(
        hulpvraag=closed, naar=Status.AFGEROND, uitkomst="klaar", uitkomst_categorie="opgelost"
    )
    make_household(vp_b, naam="-Min")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "nog_in_behandeling", "woonplaats": "oost"},
        {"q": "p", "sort": "-hulpvrager"},
        {"vertrouwenspersoon": "__vp_b__"},
    ],
)
def test_help_request_download_holds_the_rows_of_the_page(
    client, coordinator, households, vp_b, params
):
    params = {k: (str(vp_b.pk) if v == "__vp_b__" else v) for k, v in params.items()}
    client.force_login(coordinator)

    page = client.get(reverse("hulpvragen:hulpvraag_list"), params)
    wb = open_xlsx(client.get(reverse("hulpvragen:hulpvraag_list_xlsx"), params))

    on_page = [
        (r.record.huishouden.referentie, r.record.hulpvrager.naam)
        for r in page.context["table"].page
    ]
    ws = wb.worksheets[0]
    in_file = [(row[0], row[1]) for row in ws.iter_rows(min_row=2, values_only=True)]
    assert on_page and in_file == on_page
    assert next(ws.iter_rows(max_row=1, values_only=True))[:2] == ("Huishouden", "Hulpvrager")


def test_household_download_holds_the_rows_of_the_page(client, orgcoordinator, households):
    client.force_login(orgcoordinator)
    params = {"sort": "-referentie"}

    page = client.get(reverse("hulpvragen:huishouden_list"), params)
    wb = open_xlsx(client.get(reverse("hulpvragen:huishouden_list_xlsx"), params))

    on_page = [(r.record.referentie, r.record.hoofdpersoon) for r in page.context["table"].page]
    in_file = [(row[0], row[1]) for row in wb.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert in_file == on_page
    assert {name for _ref, name in in_file} == {FORMULA_NAME, "+31 Plus", "Dicht"}


def test_formula_looking_names_stay_text(client, coordinator, households):
    client.force_login(coordinator)

    wb = open_xlsx(client.get(reverse("hulpvragen:hulpvraag_list_xlsx")))

    cells = {c.value: c for c in wb.worksheets[0]["B"][1:]}
    for name in (FORMULA_NAME, "+31 Plus", "@Apenstaart", "-Min"):
        assert cells[name].data_type == "s", name


def test_trusted_person_download_holds_only_own_households(client, vp_b, households):
    client.force_login(vp_b.user)

    wb = open_xlsx(client.get(reverse("hulpvragen:hulpvraag_list_xlsx")))

    names = {row[1] for row in wb.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert names == {"@Apenstaart", "-Min"}


def test_stalled_download_lists_only_flagged_help_requests(client, coordinator, vp_a):
    make_household(vp_a, naam="Stil")  # intake 2021: long without contact
    fresh = make_household(vp_a, naam="Vers")
    services.log_contact(hulpvraag=first_hulpvraag(fresh), soort="telefonisch")
    client.force_login(coordinator)

    wb = open_xlsx(client.get(reverse("hulpvragen:overzicht_xlsx")))

    rows = list(wb.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[-1]) for r in rows] == [("Stil", "Lang geen contact")]


def test_dossier_download_holds_the_household_history(client, vp_a, hh_a, hv_a):
    services.change_status(hulpvraag=hv_a, naar=Status.BIJ_FORMEEL, notitie=FORMULA_NAME)
    services.log_contact(hulpvraag=hv_a, soort="huisbezoek", notitie="Koffie")
    client.force_login(vp_a.user)

    wb = open_xlsx(client.get(reverse("hulpvragen:huishouden_xlsx", args=[hh_a.referentie])))

    assert wb.sheetnames == [
        "Huishouden",
        "Personen",
        "Hulpvragen",
        "Statushistorie",
        "Contactmomenten",
        "Doorverwijzingen",
    ]
    history = list(wb["Statushistorie"].iter_rows(min_row=2, values_only=True))
    assert [r[3] for r in history] == ["Nog in behandeling", "In behandeling bij formeel"]
    assert wb["Statushistorie"]["E3"].data_type == "s"
    assert [r[4] for r in wb["Contactmomenten"].iter_rows(min_row=2, values_only=True)] == [
        "Koffie"
    ]


def download_rows(client, url="hulpvragen:hulpvraag_list_xlsx"):
    ws = open_xlsx(client.get(reverse(url))).worksheets[0]
    return ws, list(ws.iter_rows(min_row=2, values_only=True))


@pytest.fixture
def varied(vp_a, org_b):
    """Two help requests that between them fill every column of the list download."""
    PilotFactory(naam="Pilot 2", startdatum=D(2020, 11, 1), einddatum=D(2021, 8, 31))
    flagged = first_hulpvraag(
        make_household(vp_a, naam=FORMULA_NAME, terugkerend=Terugkerend.TERUGKEREND)
    )
    flagged.themas.set(Thema.objects.filter(naam__in=["Woning", "Schulden"]))
    services.log_contact(hulpvraag=flagged, soort="telefonisch", datum=days_ago(30))
    services.set_nazorg_datum(hulpvraag=flagged, datum=days_ago(2))
    services.record_doorverwijzing(
        hulpvraag=flagged,
        organisatie=org_b,
        soort="advies",
        datum=days_ago(20),
        toestemming_vastleggen=True,
    )
    closed = first_hulpvraag(
        make_household(None, naam="-Min", intake=days_ago(10), woonplaats=Woonplaats.WEST)
    )
    closed.themas.clear()
    services.change_status(
        hulpvraag=closed, naar=Status.AFGEROND, uitkomst="klaar", uitkomst_categorie="opgelost"
    )
    return flagged, closed


def at_midnight(day):
    return datetime.datetime.combine(day, datetime.time())


@pytest.mark.parametrize("chunk", [2000, 1])
def test_help_request_download_holds_every_column_as_the_user_sees_it(
    client, coordinator, varied, monkeypatch, chunk
):
    monkeypatch.setattr(exports, "CHUNK", chunk)  # the rows and themes of each chunk fit together
    flagged, closed = varied
    client.force_login(coordinator)

    ws, rows = download_rows(client)

    assert rows == [
        (
            closed.huishouden.referentie,
            "-Min",
            "Vrouw",
            1975,
            "West",
            None,  # no pilot: an empty text cell
            at_midnight(days_ago(10)),
            Soort.PRAKTISCH.label,
            "Niet geregistreerd",
            None,  # no themes
            "Afgerond",
            at_midnight(today()),
            None,
            None,
            None,
            None,
            None,  # no flags
        ),
        (
            flagged.huishouden.referentie,
            FORMULA_NAME,
            "Vrouw",
            1975,
            "Oost",
            "Pilot 2",
            at_midnight(INTAKE),
            Soort.PRAKTISCH.label,
            "Terugkerend",
            "Schulden, Woning",  # in the themes' own order
            "Nog in behandeling",
            None,
            "VP A",
            "Buurthulp Test",
            at_midnight(days_ago(30)),
            at_midnight(days_ago(2)),
            "Lang geen contact, Opvolgdatum verstreken, Doorverwijzing zonder uitkomst",
        ),
    ]
    for name in ("B2", "B3"):  # "-Min" and the HYPERLINK formula stay text
        assert ws[name].data_type == "s"
    for name in ("G2", "L2", "G3", "O3", "P3"):
        assert ws[name].is_date and ws[name].number_format == "dd-mm-yyyy"


def test_help_request_download_costs_the_same_queries_for_1_and_20_rows(client, coordinator, vp_a):
    client.force_login(coordinator)
    themas = list(Thema.objects.all()[:2])

    def queries_for(n):
        for i in range(n):
            first_hulpvraag(make_household(vp_a, naam=f"Persoon {i}")).themas.set(themas)
        with CaptureQueriesContext(connection) as ctx:
            _ws, rows = download_rows(client)
        return len(ctx.captured_queries), len(rows)

    one, rows_one = queries_for(1)
    twenty, rows_twenty = queries_for(19)

    assert (rows_one, rows_twenty) == (1, 20)
    assert twenty == one


def cells(wb):
    return [[c.value for c in row] for row in wb.active.iter_rows()]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("hulpvragen:hulpvraag_list_xlsx", {"status": "nog_in_behandeling", "sort": "-hulpvrager"}),
        ("hulpvragen:huishouden_list_xlsx", {"woonplaats": "oost"}),
        ("hulpvragen:overzicht_xlsx", {}),
    ],
)
def test_large_download_becomes_a_job_with_the_same_file(
    client, coordinator, households, settings, name, params
):
    client.force_login(coordinator)
    direct = cells(open_xlsx(client.get(reverse(name), params)))
    settings.TAKEN_DIRECT_MAX_RIJEN = 0

    response = client.get(reverse(name), params)

    taak = Taak.objects.get(eigenaar=coordinator)
    assert response.status_code == 302
    assert response["Location"] == reverse("taken:detail", args=[taak.uuid])
    assert taak.status == TaakStatus.KLAAR
    assert taak.totaal == len(direct) - 1 and taak.gedaan == taak.totaal
    job_file = open_xlsx(client.get(reverse("taken:download", args=[taak.uuid])))
    assert cells(job_file) == direct


def test_download_job_keeps_the_users_scope(client, vp_a, households, settings):
    settings.TAKEN_DIRECT_MAX_RIJEN = 0
    client.force_login(vp_a.user)

    client.get(reverse("hulpvragen:hulpvraag_list_xlsx"))

    taak = Taak.objects.get()
    rows = cells(open_xlsx(client.get(reverse("taken:download", args=[taak.uuid]))))[1:]
    assert {row[12] for row in rows} == {vp_a.naam}

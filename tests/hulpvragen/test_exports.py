import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hulpvragen import services
from hulpvragen.choices import Status
from tests.hulpvragen.conftest import first_hulpvraag, make_household

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
    services.change_status(hulpvraag=closed, naar=Status.AFGEROND, uitkomst="klaar")
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

"""The coordinators' import/export page: role matrix, downloads, upload -> preview -> confirm."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from hulpvragen.models import Huishouden, Hulpvraag
from noodfonds.models import Aanvraag
from registratie.models import WerkmapActie, WerkmapLog
from registratie.views import SESSION_KEY
from tests.registratie.test_workbook import table_counts, workbook
from tests.taken.jobs import job_download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GET_PAGES = ["registratie", "sjabloon", "export", "controle"]
POST_PAGES = ["bevestigen", "annuleren"]


def upload(client, content, name="registratie.xlsx"):
    return client.post(
        reverse("registratie:registratie"),
        {"bestand": SimpleUploadedFile(name, content, content_type=XLSX)},
    )


def stored_upload(client):
    return client.session[SESSION_KEY]["pad"]


@pytest.mark.parametrize(
    "role", ["orgcoordinator", "vp_a", "vp_b", "commissie", "opleider", "outsider"]
)
@pytest.mark.parametrize("naam", GET_PAGES + POST_PAGES)
def test_other_roles_get_404(client, users, role, naam):
    client.force_login(users[role])

    response = (client.post if naam in POST_PAGES else client.get)(reverse(f"registratie:{naam}"))

    assert response.status_code == 404
    assert not WerkmapLog.objects.exists()


@pytest.mark.parametrize("naam", GET_PAGES)
def test_anonymous_users_go_to_the_login_page(client, db, naam):
    response = client.get(reverse(f"registratie:{naam}"))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_coordinator_sees_the_page_with_downloads_and_upload(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("registratie:registratie"))

    assert response.status_code == 200
    assert reverse("registratie:sjabloon").encode() in response.content
    assert reverse("registratie:export").encode() in response.content
    assert b'type="file"' in response.content


def test_template_download_is_the_empty_workbook(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("registratie:sjabloon"))

    assert response.status_code == 200 and response["Content-Type"] == XLSX
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {"Toelichting", "Pilots", "Hulpvragen", "Noodfonds"} <= set(wb.sheetnames)
    assert wb["Hulpvragen"].max_row == 1


def test_export_download_holds_the_registration_and_is_logged(client, coordinator, org_a):
    client.force_login(coordinator)
    upload(client, workbook(pilots=[{}], hulpvragen=[{}, {"huishouden": "HH-2"}]).getvalue())
    client.post(reverse("registratie:bevestigen"))

    response = job_download(client, client.get(reverse("registratie:export")))

    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    refs = [r[0] for r in wb["Hulpvragen"].iter_rows(min_row=2, values_only=True)]
    assert refs == ["HH-1", "HH-2"]
    log = WerkmapLog.objects.filter(actie=WerkmapActie.EXPORT).get()
    assert log.door == coordinator and log.aantallen == {
        "pilots": 1,
        "hulpvragen": 2,
        "aanvragen": 0,
        "huishoudens": 2,
        "hulpvragers": 2,
        "toestemmingen": 0,
        "doorverwijzingen": 0,
        "contactmomenten": 0,
        "signalen": 0,
        "vertrouwenspersonen": 1,
        "deelnames": 0,
    }
    assert log.bestandsnaam.startswith("registratie-") and log.bestandsnaam.endswith(".xlsx")


def test_upload_shows_what_would_be_created_then_confirm_imports(client, coordinator, org_a):
    client.force_login(coordinator)
    content = workbook(
        pilots=[{}], hulpvragen=[{"vertrouwenspersoon": "Nieuwe VP"}], aanvragen=[{}]
    )

    response = upload(client, content.getvalue())
    pad = stored_upload(client)
    preview = client.get(response.url)

    assert response.url == reverse("registratie:controle")
    assert default_storage.exists(pad)
    text = preview.content.decode()
    assert "Wordt aangemaakt: 1 pilot, 1 huishouden, 1 hulpvrager, 1 hulpvraag, 1 aanvraag." in text
    assert "Nieuwe vertrouwenspersonen (1): Nieuwe VP" in text
    assert Hulpvraag.objects.count() == 0  # the preview stores nothing

    done = client.post(reverse("registratie:bevestigen"), follow=True)

    assert Hulpvraag.objects.count() == 1 and Aanvraag.objects.count() == 1
    assert "Geïmporteerd: 1 pilot" in done.content.decode()
    assert not default_storage.exists(pad) and SESSION_KEY not in client.session
    log = WerkmapLog.objects.get(actie=WerkmapActie.IMPORT)
    assert log.door == coordinator and log.bestandsnaam == "registratie.xlsx"
    assert log.aantallen["hulpvragen"] == 1


def test_preview_lists_every_problem_and_offers_no_import(client, coordinator, org_a):
    client.force_login(coordinator)
    upload(
        client,
        workbook(
            pilots=[{}],
            hulpvragen=[{"datum_aanmelding": "31-02-2021"}],
            aanvragen=[{"gevraagd_bedrag": "-5"}],
        ).getvalue(),
    )
    before = table_counts()

    preview = client.get(reverse("registratie:controle"))

    text = preview.content.decode()
    assert "2 problemen" in text
    assert "&quot;31-02-2021&quot;" in text and "is geen geldige datum" in text
    assert "&quot;-5&quot;" in text and "is negatief" in text
    assert reverse("registratie:bevestigen") not in text
    assert table_counts() == before


def test_confirming_a_refused_workbook_stores_nothing(client, coordinator, org_a):
    client.force_login(coordinator)
    upload(client, workbook(pilots=[{}], hulpvragen=[{"geslacht": "?"}]).getvalue())
    before = table_counts()

    response = client.post(reverse("registratie:bevestigen"), follow=True)  # the job's outcome

    assert response.status_code == 200 and "staat niet in de lijst" in response.content.decode()
    assert table_counts() == before


def test_a_file_that_is_not_a_workbook_gets_one_clear_message(client, coordinator):
    client.force_login(coordinator)
    upload(client, b"dit is geen werkmap")

    preview = client.get(reverse("registratie:controle"))

    assert preview.status_code == 200
    assert "geen Excel-werkmap (.xlsx)" in preview.content.decode()
    assert "Traceback" not in preview.content.decode()


def test_upload_with_another_extension_is_refused_next_to_the_field(client, coordinator):
    client.force_login(coordinator)

    response = upload(client, b"a;b\n", name="lijst.csv")

    assert (
        response.status_code == 200
        and "Kies een Excel-werkmap (.xlsx)" in response.content.decode()
    )
    assert SESSION_KEY not in client.session


def test_cancel_deletes_the_uploaded_file(client, coordinator, org_a):
    client.force_login(coordinator)
    upload(client, workbook(pilots=[{}], hulpvragen=[{}]).getvalue())
    pad = stored_upload(client)

    client.post(reverse("registratie:annuleren"))

    assert not default_storage.exists(pad) and SESSION_KEY not in client.session
    assert Huishouden.objects.count() == 0


def test_another_session_cannot_confirm_an_upload(client, coordinator, org_a, django_user_model):
    from tests.factories import make_user

    client.force_login(coordinator)
    upload(client, workbook(pilots=[{}], hulpvragen=[{}]).getvalue())
    other = make_user("coord2", "Coördinator")
    client.force_login(other)  # a new session

    response = client.post(reverse("registratie:bevestigen"))

    assert response.status_code == 302 and Hulpvraag.objects.count() == 0


def test_log_counts_read_in_the_workbook_order_whatever_the_json_order():
    log = WerkmapLog(aantallen={"aanvragen": 1, "al_aanwezig": {"hulpvragen": 2}, "pilots": 3})

    assert log.aantallen_tekst == "pilots: 3, aanvragen: 1"


def test_log_counts_leave_out_the_optional_sheets_that_added_nothing():
    log = WerkmapLog(aantallen={"pilots": 0, "doorverwijzingen": 0, "contactmomenten": 2})

    assert log.aantallen_tekst == "pilots: 0, contactmomenten: 2"

"""The workbook's export, check and import as background jobs (the immediate backend runs them
inside the request): progress, what the preview page shows while a job runs and after, the
upload deleted whatever the import's outcome, and the import's reading before its transaction."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from hulpvragen import services as hulpvragen_services
from hulpvragen.models import Huishouden, Hulpvraag
from noodfonds.models import Aanvraag
from registratie import jobs
from registratie.models import WerkmapActie, WerkmapLog
from registratie.views import SESSION_KEY
from registratie.workbook import import_workbook, read_plan
from registratie.workbook import importer as importer_module
from taken.models import Taak, TaakStatus
from taken.services import ONBEKENDE_FOUT
from tests.registratie.test_views import stored_upload, upload
from tests.registratie.test_workbook import table_counts, workbook

pytestmark = pytest.mark.django_db

VALID = {"pilots": [{}], "hulpvragen": [{}, {"huishouden": "HH-2"}], "aanvragen": [{}]}


def job(client, kind):
    return Taak.objects.get(uuid=client.session[SESSION_KEY][kind])


def set_upload(client, **values):
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], **values}
    session.save()


def running(taak, gedaan=3, totaal=10):
    Taak.objects.filter(pk=taak.pk).update(status=TaakStatus.BEZIG, gedaan=gedaan, totaal=totaal)


# -- the check ----------------------------------------------------------------------------------


def test_check_job_counts_the_rows_and_keeps_what_the_preview_shows(client, coordinator, org_a):
    client.force_login(coordinator)

    upload(client, workbook(**VALID).getvalue())

    taak = job(client, "controle")
    assert (taak.status, taak.gedaan, taak.totaal) == (TaakStatus.KLAAR, 4, 4)
    assert taak.eigenaar == coordinator and not taak.bestand
    assert taak.resultaat["ok"] and taak.resultaat["aantal_problemen"] == 0
    assert taak.resultaat["regels"][0].startswith("Wordt aangemaakt: 1 pilot, 2 huishoudens")
    assert taak.melding.startswith("Wordt aangemaakt")
    assert Hulpvraag.objects.count() == 0


def test_check_job_keeps_each_problem_with_sheet_row_column_value_and_expected(
    client, coordinator, org_a
):
    client.force_login(coordinator)

    upload(client, workbook(pilots=[{}], hulpvragen=[{"geslacht": "?"}]).getvalue())

    resultaat = job(client, "controle").resultaat
    assert resultaat["aantal_problemen"] == 1 and resultaat["meer"] == 0
    probleem = resultaat["problemen"][0]
    assert (probleem["blad"], probleem["rij"], probleem["kolom"], probleem["waarde"]) == (
        "Hulpvragen",
        2,
        "geslacht",
        "?",
    )
    assert "staat niet in de lijst" in probleem["fout"] and "Vrouw" in probleem["verwacht"]


def test_problems_on_the_page_are_capped_and_the_rest_counted(
    client, coordinator, org_a, monkeypatch
):
    monkeypatch.setattr(jobs, "MAX_SHOWN", 2)
    client.force_login(coordinator)
    upload(client, workbook(pilots=[{}], hulpvragen=[{"geslacht": "?"}] * 3).getvalue())

    preview = client.get(reverse("registratie:controle"))

    assert len(job(client, "controle").resultaat["problemen"]) == 2
    assert preview.content.decode().count("staat niet in de lijst") == 2
    assert "En nog 1 problemen" in preview.content.decode()


def test_preview_shows_a_running_check_with_its_progress_and_cancel(client, coordinator, org_a):
    client.force_login(coordinator)
    upload(client, workbook(**VALID).getvalue())
    taak = job(client, "controle")
    running(taak)

    text = client.get(reverse("registratie:controle")).content.decode()

    assert "Bezig met Import controleren" in text
    assert reverse("taken:status", args=[taak.uuid]) in text and "data-herlaad" in text
    assert 'value="30"' in text and "3 van 10 regels" in text
    assert "taken/voortgang.js" in text
    assert reverse("registratie:annuleren") in text
    assert reverse("registratie:bevestigen") not in text


def test_a_failed_check_shows_its_message(client, coordinator, org_a):
    client.force_login(coordinator)
    upload(client, workbook(**VALID).getvalue())
    Taak.objects.filter(pk=job(client, "controle").pk).update(
        status=TaakStatus.MISLUKT, melding=ONBEKENDE_FOUT
    )

    text = client.get(reverse("registratie:controle")).content.decode()

    assert ONBEKENDE_FOUT in text and reverse("registratie:bevestigen") not in text


def test_check_of_a_cancelled_upload_says_there_is_no_workbook(coordinator):
    with pytest.raises(ValidationError, match="Er staat geen werkmap klaar"):
        jobs.controle_als_taak(
            voortgang=lambda *a, **k: None,
            gebruiker_id=coordinator.pk,
            pad=f"{jobs.UPLOAD_DIR}/weg.xlsx",
        )


def test_a_job_for_a_user_who_is_no_longer_coordinator_does_nothing(vp_a):
    with pytest.raises(Http404):
        jobs.export_als_taak(voortgang=lambda *a, **k: None, gebruiker_id=vp_a.user.pk)

    assert not WerkmapLog.objects.exists()


# -- the import ---------------------------------------------------------------------------------


def test_running_import_shows_its_progress_and_no_buttons(client, coordinator, org_a):
    client.force_login(coordinator)
    upload(client, workbook(**VALID).getvalue())
    taak = Taak.objects.create(
        eigenaar=coordinator,
        functie="registratie.jobs.import_als_taak",
        titel="Importeren",
        status=TaakStatus.BEZIG,
        verloopt_op=timezone.now() + datetime.timedelta(hours=1),
    )
    set_upload(client, **{"import": str(taak.uuid)})

    text = client.get(reverse("registratie:controle")).content.decode()
    again = client.post(reverse("registratie:bevestigen"))

    assert "Bezig met Importeren" in text and "data-herlaad" in text
    assert reverse("registratie:annuleren") not in text
    assert reverse("registratie:bevestigen") not in text
    assert again.url == reverse("registratie:controle")
    assert Taak.objects.filter(functie="registratie.jobs.import_als_taak").count() == 1


def test_import_job_counts_progress_to_the_end_and_deletes_the_upload(client, coordinator, org_a):
    client.force_login(coordinator)
    upload(client, workbook(**VALID).getvalue())
    pad = stored_upload(client)

    client.post(reverse("registratie:bevestigen"))

    taak = job(client, "import")
    assert taak.status == TaakStatus.KLAAR and taak.gedaan == taak.totaal > 4
    assert taak.resultaat["opgeslagen"] and taak.melding.startswith("Geïmporteerd: 1 pilot")
    assert not default_storage.exists(pad)
    assert Hulpvraag.objects.count() == 2


def test_refused_import_deletes_the_upload_and_shows_the_problems(client, coordinator, org_a):
    client.force_login(coordinator)
    upload(client, workbook(pilots=[{}], hulpvragen=[{"geslacht": "?"}]).getvalue())
    pad = stored_upload(client)

    page = client.post(reverse("registratie:bevestigen"), follow=True)
    back = client.post(reverse("registratie:annuleren"), follow=True)

    assert "staat niet in de lijst" in page.content.decode()
    assert reverse("registratie:bevestigen") not in page.content.decode()
    assert not default_storage.exists(pad)
    assert "De import is geannuleerd" in back.content.decode()
    assert SESSION_KEY not in client.session


def test_import_that_crashes_deletes_the_upload_and_says_so(
    client, coordinator, org_a, monkeypatch
):
    def crash(*args, **kwargs):
        raise RuntimeError("stuk")

    client.force_login(coordinator)
    upload(client, workbook(**VALID).getvalue())
    pad = stored_upload(client)
    monkeypatch.setattr(jobs, "import_workbook", crash)

    page = client.post(reverse("registratie:bevestigen"), follow=True)

    assert page.redirect_chain[-1][0] == reverse("registratie:registratie")
    assert ONBEKENDE_FOUT in page.content.decode()
    assert not default_storage.exists(pad) and SESSION_KEY not in client.session
    assert Taak.objects.get(functie="registratie.jobs.import_als_taak").status == "mislukt"


def test_registration_changed_during_the_write_stores_nothing_and_says_so(
    client, coordinator, org_a, monkeypatch
):
    def taken_meanwhile(plan, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: hulpvragen_huishouden.referentie")

    client.force_login(coordinator)
    upload(client, workbook(**VALID).getvalue())
    pad = stored_upload(client)
    before = table_counts()
    monkeypatch.setattr(importer_module, "log_import", taken_meanwhile)  # after every write

    page = client.post(reverse("registratie:bevestigen"), follow=True)

    assert "De registratie veranderde tijdens de import; er is niets opgeslagen." in (
        page.content.decode()
    )
    assert table_counts() == before
    assert not default_storage.exists(pad) and SESSION_KEY not in client.session


def test_a_service_refusing_a_record_fails_the_import_with_its_message(
    client, coordinator, org_a, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError("Dit huishouden is geanonimiseerd.")

    client.force_login(coordinator)
    upload(client, workbook(**VALID).getvalue())
    before = table_counts()
    monkeypatch.setattr(importer_module.noodfonds_services, "register_aanvragen", refuse)

    page = client.post(reverse("registratie:bevestigen"), follow=True)

    assert "Dit huishouden is geanonimiseerd." in page.content.decode()
    assert table_counts() == before and Aanvraag.objects.count() == 0


def test_export_job_reports_its_rows(client, coordinator, org_a):
    client.force_login(coordinator)
    upload(client, workbook(**VALID).getvalue())
    client.post(reverse("registratie:bevestigen"))

    client.get(reverse("registratie:export"))

    taak = Taak.objects.get(functie="registratie.jobs.export_als_taak")
    # a pilot, two help requests and an application; two households with one person each and
    # the new trusted person on the sheets Huishoudens, Personen and Vertrouwenspersonen
    assert (taak.status, taak.gedaan, taak.totaal) == (TaakStatus.KLAAR, 9, 9)
    assert WerkmapLog.objects.get(actie=WerkmapActie.EXPORT).bestandsnaam == taak.bestandsnaam


# -- reading before the transaction -------------------------------------------------------------


def test_import_progress_counts_rows_read_then_records_written(org_a, vp_a):
    calls = []

    import_workbook(
        workbook(**VALID), progress=lambda done, total=None: calls.append((done, total))
    )

    # 4 rows read; written: 1 pilot, 2 households, 2 persons, 2 help requests, 1 application
    assert calls[0] == (0, 8) and calls[-1] == (12, 12)
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)


def test_read_plan_reports_its_rows(org_a):
    calls = []

    read_plan(workbook(**VALID), progress=lambda done, total=None: calls.append((done, total)))

    assert calls == [(0, 4), (4, 4)]


def test_import_checks_again_when_the_registration_changed_while_reading(org_a, vp_a, monkeypatch):
    """A household registered on the web while the file was read: the import checks the file
    again inside its transaction and adds to that household instead of failing on its reference."""
    reads = []

    def read_then_register(fileobj, **kwargs):
        reads.append(1)
        plan = read_plan(fileobj, **kwargs)
        if len(reads) == 1:
            hulpvragen_services.register_huishoudens(
                huishoudens=[
                    {
                        "referentie": "HH-1",
                        "woonplaats": "oost",
                        "inkomsten": "pensioen",
                        "contact_formeel": "nee",
                        "organisatie_id": org_a.pk,
                        "vertrouwenspersoon_id": vp_a.pk,
                    }
                ]
            )
        return plan

    monkeypatch.setattr(importer_module, "read_plan", read_then_register)

    resultaat = import_workbook(workbook(pilots=[{}], hulpvragen=[{}]))

    assert len(reads) == 2 and resultaat.opgeslagen
    assert resultaat.plan.aantallen()["huishoudens"] == 0
    assert Huishouden.objects.get().hulpvragen.count() == 1


def test_import_reads_once_when_nothing_changed(org_a, monkeypatch):
    reads = []

    def counted(fileobj, **kwargs):
        reads.append(1)
        return read_plan(fileobj, **kwargs)

    monkeypatch.setattr(importer_module, "read_plan", counted)

    import_workbook(io.BytesIO(workbook(**VALID).getvalue()))

    assert len(reads) == 1 and Hulpvraag.objects.count() == 2


# -- the upload is deleted as soon as it cannot be imported (issue 20) ------------------------


def uploads():
    """The uploads waiting (the test storage lives as long as the test run)."""
    try:
        return set(default_storage.listdir(jobs.UPLOAD_DIR)[1])
    except FileNotFoundError:
        return set()


@pytest.mark.parametrize(
    "content",
    [
        workbook(pilots=[{}], hulpvragen=[{"geslacht": "?"}]).getvalue(),  # a problem
        b"dit is geen werkmap",
        workbook().getvalue(),  # nothing new
    ],
    ids=["problem", "not-a-workbook", "nothing-new"],
)
def test_a_check_that_refuses_deletes_the_upload_and_still_shows_what_it_found(
    client, coordinator, org_a, content
):
    client.force_login(coordinator)
    before = uploads()

    upload(client, content)
    preview = client.get(reverse("registratie:controle"))

    assert uploads() == before
    assert preview.status_code == 200
    assert reverse("registratie:bevestigen") not in preview.content.decode()


def test_an_importable_upload_waits_for_the_confirmation(client, coordinator, org_a):
    client.force_login(coordinator)
    before = uploads()

    upload(client, workbook(**VALID).getvalue())

    assert uploads() - before == {stored_upload(client).rsplit("/", 1)[1]}


def test_uploads_left_behind_are_deleted_after_a_day_by_the_periodic_job(settings, coordinator):
    from registratie.tasks import verlopen_uploads

    oud = default_storage.save(f"{jobs.UPLOAD_DIR}/oud.xlsx", io.BytesIO(b"x"))
    nieuw = default_storage.save(f"{jobs.UPLOAD_DIR}/nieuw.xlsx", io.BytesIO(b"x"))
    default_storage.save("taken/ander.xlsx", io.BytesIO(b"x"))
    gemaakt = {oud: timezone.now() - datetime.timedelta(hours=25), nieuw: timezone.now()}
    original = default_storage.get_modified_time

    def modified(name):
        return gemaakt.get(name) or original(name)

    default_storage.get_modified_time = modified
    try:
        weg = verlopen_uploads()
    finally:
        del default_storage.get_modified_time

    assert weg == 1
    assert not default_storage.exists(oud)
    assert default_storage.exists(nieuw) and default_storage.exists("taken/ander.xlsx")
    assert settings.PERIODIEKE_TAKEN["verlopen_uploads"] == (
        "uur",
        "registratie.tasks.verlopen_uploads",
    )


def test_an_absurd_workbook_is_refused_at_the_upload_without_a_job(client, coordinator, org_a):
    from tests.registratie.test_workbook_grenzen import absurd_workbook

    client.force_login(coordinator)
    before = uploads()

    response = upload(client, absurd_workbook().getvalue())

    assert response.status_code == 200
    assert "uitgepakt" in response.content.decode()
    assert not Taak.objects.exists() and uploads() == before

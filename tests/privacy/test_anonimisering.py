"""Right to erasure (issue 9, acceptance 2): after anonymising, the report is the same, no
personal text of the household is anywhere in the database, and the right-of-access file holds
none of it. Irreversible, confirmed twice, logged, all or nothing."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hulpvragen import services
from hulpvragen.models import Contactmoment, Huishouden, Hulpvraag
from netwerk.models import Toegangslog
from noodfonds.models import Aanvraag, Beoordeling, Besluitbrief, Betaalbatch, Bijlage, Crediteur
from privacy import inzage
from privacy import services as privacy_services
from rapportage.report import build_report, report_json
from tests.privacy.conftest import ANDER, INTAKE, PERSOONLIJK, text_hits

pytestmark = pytest.mark.django_db


def report_now():
    peildatum = timezone.localdate()
    return [
        json.dumps(report_json(build_report(user=None, peildatum=d)), sort_keys=True, default=str)
        for d in (INTAKE.replace(month=3, day=1), peildatum)
    ]


def report_command(peildatum):
    out = io.StringIO()
    call_command("rapportage", "--peildatum", peildatum, "--json", stdout=out)
    return out.getvalue()


def workbook_texts(wb):
    return "\n".join(
        str(value)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def anonymise(dossier, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        privacy_services.anonymise_huishouden(huishouden=dossier, door=coordinator)


def test_the_fixture_holds_personal_data_everywhere(dossier):
    hits = {(table, text) for table, _col, _pk, text in text_hits(PERSOONLIJK)}

    tables = {table for table, _text in hits}
    assert {
        "hulpvragen_hulpvrager",
        "hulpvragen_historicalhulpvrager",
        "hulpvragen_huishouden",
        "hulpvragen_historicalhuishouden",
        "hulpvragen_hulpvraag",
        "hulpvragen_statuswijziging",
        "hulpvragen_contactmoment",
        "hulpvragen_doorverwijzing",
        "noodfonds_aanvraag",
        "noodfonds_historicalaanvraag",
        "noodfonds_beoordeling",
        "noodfonds_overgang",
        "noodfonds_bijlage",
        "noodfonds_crediteur",
        "noodfonds_historicalcrediteur",
        "noodfonds_betaalbatch",  # the stored SEPA file
        "django_admin_log",
    } <= tables
    assert ("hulpvragen_historicalhulpvrager", "06-11112222") in hits  # the old phone number


def test_report_is_identical_before_and_after(
    dossier, ander, coordinator, django_capture_on_commit_callbacks
):
    before = report_now(), report_command("2021-03-01"), report_command(str(timezone.localdate()))

    anonymise(dossier, coordinator, django_capture_on_commit_callbacks)

    after = report_now(), report_command("2021-03-01"), report_command(str(timezone.localdate()))
    assert after == before
    assert '"Totaal"' in before[1]


def test_no_personal_text_of_the_household_remains_in_any_table(
    dossier, ander, coordinator, django_capture_on_commit_callbacks
):
    anonymise(dossier, coordinator, django_capture_on_commit_callbacks)

    assert text_hits(PERSOONLIJK) == []
    assert {text for *_rest, text in text_hits(ANDER)} == set(ANDER)  # the other one is kept


def test_statistics_stay_and_the_household_is_marked(
    dossier, coordinator, django_capture_on_commit_callbacks
):
    hulpvraag = dossier.hulpvragen.get()
    stats_before = list(dossier.personen.values("geslacht", "geboortejaar").order_by("pk"))

    anonymise(dossier, coordinator, django_capture_on_commit_callbacks)

    dossier.refresh_from_db()
    hulpvraag.refresh_from_db()
    aanvraag = Aanvraag.objects.get(huishouden=dossier)
    assert dossier.geanonimiseerd_op is not None
    assert list(dossier.personen.values("geslacht", "geboortejaar").order_by("pk")) == stats_before
    assert list(dossier.personen.values_list("naam", flat=True)) == ["Persoon 1", "Persoon 2"]
    assert (hulpvraag.status, hulpvraag.datum_afgerond) == ("afgerond", INTAKE.replace(2021, 2, 15))
    assert hulpvraag.themas.filter(naam="Schulden").exists()
    assert hulpvraag.doorverwijzingen.get().organisatie.naam == "Buurtteam Oost"
    assert (aanvraag.toegekend_bedrag, aanvraag.uitbetaald_bedrag, aanvraag.status) == (
        250,
        250,
        "uitbetaald",
    )
    assert aanvraag.motivatie == privacy_services.GEANONIMISEERD
    assert set(Beoordeling.objects.values_list("motivering", flat=True)) == {
        privacy_services.GEANONIMISEERD
    }


def test_attachments_are_deleted_from_storage_and_database(
    dossier, coordinator, django_capture_on_commit_callbacks
):
    naam = Bijlage.objects.get().bestand.name
    assert default_storage.exists(naam)

    anonymise(dossier, coordinator, django_capture_on_commit_callbacks)

    assert not Bijlage.objects.exists() and not Bijlage.history.exists()
    assert not default_storage.exists(naam)


def test_creditor_details_and_decision_letters_go_the_payment_stays(
    dossier, coordinator, django_capture_on_commit_callbacks
):
    brief = Besluitbrief.objects.get()
    naam = brief.bestand.name
    assert default_storage.exists(naam)
    assert "NL44RABO0123456789" in Betaalbatch.objects.get().bestand

    anonymise(dossier, coordinator, django_capture_on_commit_callbacks)

    crediteur = Crediteur.objects.get()
    assert (crediteur.naam, crediteur.iban, crediteur.kenmerk) == (
        privacy_services.GEANONIMISEERD,
        "",
        privacy_services.GEANONIMISEERD,
    )
    assert not Besluitbrief.objects.exists() and not default_storage.exists(naam)
    batch = Betaalbatch.objects.get()
    assert batch.bestand == "" and batch.betaald_op is not None
    assert crediteur.aanvraag.uitbetaald_bedrag == Decimal("250.00")


def test_anonymisation_is_logged(dossier, coordinator, django_capture_on_commit_callbacks):
    anonymise(dossier, coordinator, django_capture_on_commit_callbacks)

    entry = Toegangslog.objects.get(actie="geanonimiseerd")
    assert (entry.gebruiker, entry.object_type, entry.object_id) == (
        coordinator,
        "hulpvragen.huishouden",
        str(dossier.pk),
    )


def test_access_file_before_holds_everything_and_after_no_personal_data(
    dossier, coordinator, django_capture_on_commit_callbacks
):
    before = workbook_texts(load_workbook(io.BytesIO(_bytes(dossier))))

    anonymise(dossier, coordinator, django_capture_on_commit_callbacks)

    after = workbook_texts(load_workbook(io.BytesIO(_bytes(dossier))))
    assert all(text in before for text in PERSOONLIJK)
    assert [text for text in PERSOONLIJK if text.lower() in after.lower()] == []
    assert "Persoon 1" in after and dossier.referentie in after


def _bytes(huishouden):
    from samenvooruit.xlsx import workbook_bytes

    return workbook_bytes(inzage.InzageExport(Huishouden.objects.get(pk=huishouden.pk)).workbook())


def test_a_failure_half_way_stores_nothing(
    dossier, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    naam = Bijlage.objects.get().bestand.name
    hits_before = text_hits(PERSOONLIJK)

    def breaks(*args, **kwargs):
        raise RuntimeError("opslag weg")

    monkeypatch.setattr(
        privacy_services, "_anonymise_aanvragen", breaks
    )  # after the casework is done
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        privacy_services.anonymise_huishouden(huishouden=dossier, door=coordinator)

    assert text_hits(PERSOONLIJK) == hits_before
    assert Huishouden.objects.get(pk=dossier.pk).geanonimiseerd_op is None
    assert default_storage.exists(naam)
    assert not Toegangslog.objects.filter(actie="geanonimiseerd").exists()


def test_without_its_log_entry_nothing_is_anonymised(dossier, coordinator, monkeypatch):
    hits_before = text_hits(PERSOONLIJK)
    monkeypatch.setattr(privacy_services, "log_access", lambda *args, **kwargs: None)

    with pytest.raises(privacy_services.AnonimiseringNietGelogd):
        privacy_services.anonymise_huishouden(huishouden=dossier, door=coordinator)

    assert text_hits(PERSOONLIJK) == hits_before


def test_running_it_again_is_harmless(dossier, coordinator, django_capture_on_commit_callbacks):
    anonymise(dossier, coordinator, django_capture_on_commit_callbacks)
    first = Huishouden.objects.get(pk=dossier.pk).geanonimiseerd_op

    anonymise(dossier, coordinator, django_capture_on_commit_callbacks)

    assert Huishouden.objects.get(pk=dossier.pk).geanonimiseerd_op == first
    assert Hulpvraag.objects.get(huishouden=dossier).uitkomst == privacy_services.GEANONIMISEERD


def test_an_anonymised_household_takes_no_new_or_changed_data(
    client, dossier, coordinator, vp_a, formeel, django_capture_on_commit_callbacks
):
    anonymise(dossier, coordinator, django_capture_on_commit_callbacks)
    hh = Huishouden.objects.get(pk=dossier.pk)
    hv = hh.hulpvragen.get()
    persoon = hh.personen.order_by("pk").first()
    dag = datetime.date(2021, 2, 1)
    hits_before = text_hits(["Nieuw"])
    writes = [
        lambda: services.log_contact(hulpvraag=hv, soort="telefonisch", notitie="Nieuw"),
        lambda: services.update_hulpvrager(hulpvrager=persoon, data={"naam": "Nieuw"}),
        lambda: services.add_hulpvrager(huishouden=hh, naam="Nieuw", geslacht="vrouw"),
        lambda: services.update_huishouden(
            huishouden=hh, data={"adres": "Nieuw"}, may_reassign=False
        ),
        lambda: services.update_hulpvraag(hulpvraag=hv, data={"omschrijving": "Nieuw"}),
        lambda: services.add_hulpvraag(
            huishouden=hh, hulpvrager=persoon, intake_datum=dag, soort="praktisch"
        ),
        lambda: services.change_status(hulpvraag=hv, naar="nog_in_behandeling", datum=dag),
        lambda: services.set_nazorg_datum(hulpvraag=hv, datum=dag),
        lambda: services.record_toestemming(huishouden=hh, scope="registratie", datum=dag),
        lambda: services.record_doorverwijzing(
            hulpvraag=hv, organisatie=formeel, soort="advies", toestemming_vastleggen=True
        ),
    ]

    for write in writes:
        with pytest.raises(ValidationError, match="geanonimiseerd"):
            write()

    assert text_hits(["Nieuw"]) == hits_before
    client.force_login(coordinator)
    response = client.post(
        reverse("hulpvragen:hulpvraag_contact", args=[hv.uuid]),
        {"soort": "telefonisch", "notitie": "Nieuw"},
    )
    assert "geanonimiseerd" in response.content.decode()
    assert not Contactmoment.objects.filter(notitie="Nieuw").exists()

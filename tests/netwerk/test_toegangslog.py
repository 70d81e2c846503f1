"""The access log itself: one entry per call, append-only, and a failing write breaks nothing."""

import io
import logging

import pytest
from django.db import DatabaseError
from django.http import FileResponse
from django.test import RequestFactory
from django.urls import path

from netwerk.models import AppendOnlyError, Toegangslog
from netwerk.toegangslog import Actie, Resultaat, log_access
from tests.factories import HuishoudenFactory


@pytest.fixture
def request_as(coordinator):
    request = RequestFactory().get("/huishoudens/HH-1/?q=naam")
    request.user = coordinator
    return request


def test_log_access_writes_one_entry_with_pseudonymous_reference(request_as, coordinator):
    huishouden = HuishoudenFactory()

    entry = log_access(request_as, Actie.BEKEKEN, huishouden)

    assert Toegangslog.objects.count() == 1
    assert entry.gebruiker == coordinator
    assert entry.gebruikersnaam == coordinator.username
    assert entry.object_type == "hulpvragen.huishouden"
    assert entry.object_id == str(huishouden.pk)
    assert entry.object_ref == huishouden.referentie
    assert entry.resultaat == Resultaat.TOEGESTAAN
    assert entry.pad == "/huishoudens/HH-1/"  # no query string: it can hold searched names


def test_log_access_without_request_for_commands(db):
    entry = log_access(None, Actie.GEANONIMISEERD, label="bewaartermijn")

    assert entry.gebruiker is None
    assert entry.omschrijving == "bewaartermijn"


def test_existing_entry_cannot_be_saved_or_deleted(request_as):
    entry = log_access(request_as, Actie.GEDOWNLOAD, label="rapportage.xlsx")
    entry.actie = Actie.BEKEKEN

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        Toegangslog.objects.all().update(actie=Actie.BEKEKEN)
    with pytest.raises(AppendOnlyError):
        Toegangslog.objects.all().delete()

    assert Toegangslog.objects.get().actie == Actie.GEDOWNLOAD


def test_failing_write_is_reported_not_raised(request_as, monkeypatch, caplog):
    def fail(*args, **kwargs):
        raise DatabaseError("schijf vol")

    monkeypatch.setattr(Toegangslog, "save", fail)

    with caplog.at_level(logging.ERROR, logger="samenvooruit.toegangslog"):
        entry = log_access(request_as, Actie.BEKEKEN, label="x")

    assert entry is None
    assert "Toegangslog niet geschreven" in caplog.text
    assert caplog.records[0].exc_info is not None


# A download view that forgets to log: the middleware's safety net writes the entry.
def _forgetful_download(request):
    return FileResponse(io.BytesIO(b"x"), as_attachment=True, filename="Jansen.txt")


def _logging_download(request):
    log_access(request, Actie.GEDOWNLOAD, label="zelf gelogd")
    return _forgetful_download(request)


urlpatterns = [
    path("vergeten/", _forgetful_download, name="vergeten"),
    path("gelogd/", _logging_download, name="gelogd"),
]


@pytest.mark.urls(__name__)
def test_download_without_own_entry_is_logged_by_the_middleware(client, coordinator):
    client.force_login(coordinator)

    client.get("/vergeten/")

    entry = Toegangslog.objects.get()
    assert (entry.actie, entry.gebruiker, entry.view, entry.pad) == (
        Actie.GEDOWNLOAD,
        coordinator,
        "vergeten",
        "/vergeten/",
    )
    assert "Jansen" not in entry.omschrijving  # an uploaded file's name can hold a name


@pytest.mark.urls(__name__)
def test_download_that_logged_itself_is_not_logged_twice(client, coordinator):
    client.force_login(coordinator)

    client.get("/gelogd/")

    assert Toegangslog.objects.get().omschrijving == "zelf gelogd"


def test_removing_a_login_keeps_its_entries_with_the_name(request_as, coordinator):
    log_access(request_as, Actie.BEKEKEN, label="x")

    coordinator.delete()

    entry = Toegangslog.objects.get()
    assert (entry.gebruiker, entry.gebruikersnaam) == (None, "coord")

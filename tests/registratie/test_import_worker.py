"""The workbook import in a real worker process (`manage.py db_worker`) against PostgreSQL: its
progress is visible from outside while its one transaction is still open (the progress goes over
a connection of its own), and a worker killed in the middle of the writing stores nothing; the
job is then failed once its sign of life is older than TAKEN_STIL_MINUTEN.

A generated workbook of N help requests keeps the writing busy long enough to look at it.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> pytest tests/registratie"""

import signal

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager
from netwerk.models import Organisatie, Pilot
from registratie import jobs
from registratie.models import WerkmapLog
from taken import services
from taken.models import Taak, TaakStatus
from tests.registratie.test_workbook import workbook
from tests.taken.worker import DATABASE_BACKEND, ON_POSTGRES, wait_for

pytestmark = ON_POSTGRES

N = 6000
READ = N + 1  # rows in the file: one pilot, N help requests
# Written in this order: the pilot, the organisation and the trusted person, N households, N
# persons, N help requests. Progress this far means the households are in the transaction.
HOUSEHOLDS_WRITTEN = READ + 3 + N
PAD = f"{jobs.UPLOAD_DIR}/groot.xlsx"


@pytest.fixture(scope="module")
def groot():
    rows = [{"huishouden": f"HH-{i}", "hulpvrager": f"Persoon {i}"} for i in range(N)]
    return workbook(pilots=[{}], hulpvragen=rows).getvalue()


def start_import(coordinator, tmp_path, content):
    """The upload where the worker's storage (MEDIA_ROOT = tmp_path) has it, and its import."""
    (tmp_path / jobs.UPLOAD_DIR).mkdir()
    (tmp_path / PAD).write_bytes(content)
    return services.start_taak(
        eigenaar=coordinator,
        functie=jobs.import_als_taak,
        titel="Importeren",
        parameters={"gebruiker_id": coordinator.pk, "pad": PAD, "bestandsnaam": "groot.xlsx"},
    )


def writing(taak, seen):
    """True once the job's progress says the households are written (or the job ended); `seen`
    gets that progress and the households visible from here at that moment."""
    stand = Taak.objects.get(pk=taak.pk)
    if stand.is_afgelopen:
        seen.update(status=stand.status, melding=stand.melding)
        return True
    if stand.gedaan >= HOUSEHOLDS_WRITTEN:
        seen.update(
            gedaan=stand.gedaan, totaal=stand.totaal, huishoudens=Huishouden.objects.count()
        )
        return True
    return False


def worker_error(worker, seen=None):
    if worker.poll() is not None:
        return worker.stderr.read1().decode()
    return f"timeout; job {seen or {}}"


@override_settings(TASKS=DATABASE_BACKEND)
def test_progress_of_a_running_import_is_visible_while_its_transaction_is_open(
    worker, coordinator, tmp_path, groot
):
    taak = start_import(coordinator, tmp_path, groot)
    seen = {}

    during = wait_for(lambda: writing(taak, seen), seconds=180, pause=0.05)
    done = wait_for(lambda: Taak.objects.get(pk=taak.pk).status != TaakStatus.BEZIG, seconds=180)

    assert during and done and "gedaan" in seen, worker_error(worker, seen)
    assert seen["huishoudens"] == 0  # written, but not yet committed: the transaction is open
    assert seen["totaal"] == READ + 3 + 3 * N and seen["gedaan"] < seen["totaal"]
    taak.refresh_from_db()
    assert taak.status == TaakStatus.KLAAR and taak.gedaan == taak.totaal
    assert Huishouden.objects.count() == Hulpvraag.objects.count() == N
    assert WerkmapLog.objects.get().door == coordinator
    assert not (tmp_path / PAD).exists()


@override_settings(TASKS=DATABASE_BACKEND)
def test_worker_killed_mid_import_stores_nothing_and_the_job_is_failed(
    worker, coordinator, tmp_path, groot
):
    taak = start_import(coordinator, tmp_path, groot)
    seen = {}
    during = wait_for(lambda: writing(taak, seen), seconds=180, pause=0.05)
    assert during and "gedaan" in seen, worker_error(worker, seen)

    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    taak.refresh_from_db()
    still_running = taak.status
    with override_settings(TAKEN_STIL_MINUTEN=0):
        failed = services.markeer_vastgelopen()

    taak.refresh_from_db()
    assert still_running == TaakStatus.BEZIG
    assert not Pilot.objects.exists() and not Organisatie.objects.exists()
    assert not Huishouden.objects.exists() and not Hulpvrager.objects.exists()
    assert not Hulpvraag.objects.exists() and not WerkmapLog.objects.exists()
    assert failed == 1 and taak.status == TaakStatus.MISLUKT
    assert DBTaskResult.objects.get(id=taak.task_id).status == "FAILED"

"""A real worker process (`manage.py db_worker`) against PostgreSQL: it claims an enqueued job
and stores its file; killed mid-job, it leaves no file on offer and the job is failed once its
sign of life is older than TAKEN_STIL_MINUTEN (the backend itself would show it running for
ever); progress written during the job is visible from outside.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> pytest tests/taken"""

import signal

from django.conf import settings
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from taken import services
from taken.models import Taak, TaakStatus
from tests.taken import jobs
from tests.taken.worker import DATABASE_BACKEND, ON_POSTGRES, wait_for

pytestmark = ON_POSTGRES


@override_settings(TASKS=DATABASE_BACKEND)
def test_real_worker_runs_an_enqueued_job_and_stores_its_file(worker, coordinator, tmp_path):
    taak = services.start_taak(
        eigenaar=coordinator, functie=jobs.tel, titel="Tellen", parameters={"tot": 5}
    )

    done = wait_for(lambda: Taak.objects.get(pk=taak.pk).status == TaakStatus.KLAAR)

    taak.refresh_from_db()
    assert done, worker.stderr.read1().decode() if worker.poll() is not None else "timeout"
    assert (taak.gedaan, taak.totaal, taak.melding) == (5, 5, "Klaar met tellen.")
    assert (tmp_path / taak.bestand.name).read_bytes() == b"1\n2\n3\n4\n5"


@override_settings(TASKS=DATABASE_BACKEND)
def test_killed_worker_leaves_no_file_and_the_job_is_failed_for_retry(worker, coordinator):
    taak = services.start_taak(
        eigenaar=coordinator,
        functie=jobs.tel,
        titel="Langzaam tellen",
        parameters={"tot": 100, "pauze": 0.2},
    )
    # Progress is visible from here while the job runs (its own connection in the worker).
    assert wait_for(lambda: Taak.objects.get(pk=taak.pk).gedaan >= 3)

    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    taak.refresh_from_db()
    still_running = taak.status
    with override_settings(TAKEN_STIL_MINUTEN=0):
        failed = services.markeer_vastgelopen()

    taak.refresh_from_db()
    assert still_running == TaakStatus.BEZIG
    assert failed == 1
    assert taak.status == TaakStatus.MISLUKT and not taak.bestand
    assert DBTaskResult.objects.get(id=taak.task_id).status == "FAILED"
    assert settings.TAKEN_STIL_MINUTEN > 0  # the real setting is untouched

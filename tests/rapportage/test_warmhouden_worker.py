"""The report kept warm by a real worker process (`manage.py db_worker`, PostgreSQL): a write
through the page plans the warm-up, the worker computes the remembered report at the new data
version, and the next one to open the page gets it from the cache, with the write in it.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> pytest tests/rapportage"""

from django.core.cache import cache
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.rapportage.conftest import make_hulpvraag, open_report, rename
from tests.taken.worker import DATABASE_BACKEND, ON_POSTGRES, wait_for

pytestmark = ON_POSTGRES


@override_settings(TASKS=DATABASE_BACKEND, RAPPORTAGE_WARM_SECONDEN=0)
def test_the_worker_warms_the_report_after_a_write(
    worker,
    client,
    coordinator,
    pilot1,
    computations,  # noqa: F811
):
    cache.clear()
    make_hulpvraag(pilot=pilot1)
    open_report(client, coordinator)
    assert len(computations) == 1

    rename(client, pilot1, "Pilot Oost")
    warm_up = DBTaskResult.objects.get(task_path="rapportage.tasks.warm_houden_taak")
    done = wait_for(
        lambda: DBTaskResult.objects.get(pk=warm_up.pk).status == TaskResultStatus.SUCCESSFUL
    )
    assert done, worker.stderr.read1().decode() if worker.poll() is not None else "timeout"
    assert DBTaskResult.objects.get(pk=warm_up.pk).return_value == 1  # one report computed

    response = open_report(client, coordinator)
    assert len(computations) == 1  # not computed here: the worker did
    assert "Pilot Oost" in response.content.decode()

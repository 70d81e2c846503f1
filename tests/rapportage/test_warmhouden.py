"""Keeping the report warm (rapportage.warmhouden): after a write that changes a figure, the
worker computes again the reports people opened lately, so the next one to open the page does
not wait for a computation; with each user's own scope; a burst of writes is one warm-up; a
write that changes no figure, or a network where nobody opened a report, costs nothing.
SQLite and PostgreSQL (the report's data version lives in the database)."""

import datetime

import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django_tasks_db.models import DBTaskResult

from hulpvragen import services
from netwerk.models import Pilot
from rapportage import warmhouden
from rapportage.report import build_report, report_json
from rapportage.report.categories import LEEFTIJD, TOTAAL
from taken.tasks import periodiek
from tests.factories import OrganisatieFactory, VertrouwenspersoonFactory
from tests.rapportage.conftest import PEILDATUM, make_hulpvraag, open_report, rename
from tests.taken.worker import DATABASE_BACKEND


def test_after_a_write_the_next_one_to_open_the_report_gets_it_without_waiting(
    own_transactions, client, coordinator, pilot1, computations
):
    make_hulpvraag(pilot=pilot1)
    open_report(client, coordinator)
    assert len(computations) == 1

    rename(client, pilot1, "Pilot Oost")  # the worker warms the remembered report (tests: at once)
    assert len(computations) == 2

    response = open_report(client, coordinator)
    assert len(computations) == 2  # from the cache, computed by the warm-up
    assert "Pilot Oost" in response.content.decode()  # with the write in it


def test_each_user_is_warmed_with_their_own_scope(
    own_transactions, client, coordinator, orgcoordinator, org_a, pilot1, computations
):
    make_hulpvraag(pilot=pilot1, vp=VertrouwenspersoonFactory(organisatie=org_a))
    make_hulpvraag(pilot=pilot1, vp=VertrouwenspersoonFactory(organisatie=OrganisatieFactory()))
    open_report(client, orgcoordinator)
    open_report(client, coordinator)
    rename(client, pilot1, "Pilot Oost")
    assert set(computations[-2:]) == {coordinator, orgcoordinator}

    before = len(computations)
    own = build_report(user=orgcoordinator, peildatum=PEILDATUM)
    everything = build_report(user=coordinator, peildatum=PEILDATUM)
    assert len(computations) == before  # both from the warm cache
    assert _total(own) == 1 and _total(everything) == 2
    with transaction.atomic():  # computed now (inside a transaction nothing is cached)
        assert report_json(own) == report_json(
            build_report(user=orgcoordinator, peildatum=PEILDATUM)
        )


def _total(report):
    table = report.tables[LEEFTIJD]
    row = next(r for r in table["rows"] if r[0] == TOTAAL)
    return row[table["columns"].index(TOTAAL) + 1]


def test_a_write_that_changes_no_figure_warms_nothing(
    own_transactions, client, coordinator, pilot1, computations
):
    hulpvraag = make_hulpvraag(pilot=pilot1)
    open_report(client, coordinator)
    rename(client, pilot1, "Pilot Oost")
    before = len(computations)
    services.log_contact(hulpvraag=hulpvraag, soort="telefonisch", datum=PEILDATUM)
    assert warmhouden.na_schrijven() is False  # a phone call: same data version
    assert len(computations) == before


def test_without_a_remembered_report_a_write_costs_no_query(own_transactions, pilot1):
    make_hulpvraag(pilot=pilot1)
    with CaptureQueriesContext(connection) as queries:
        assert warmhouden.na_schrijven() is False
    assert [
        q["sql"] for q in queries.captured_queries if "samenvooruit_cache" not in q["sql"]
    ] == []


@override_settings(TASKS=DATABASE_BACKEND, RAPPORTAGE_WARM_SECONDEN=20)
def test_a_burst_of_writes_is_one_warm_up_later_and_ahead_of_downloads(
    own_transactions, client, coordinator, pilot1
):
    make_hulpvraag(pilot=pilot1)
    open_report(client, coordinator)
    start = datetime.datetime.now(datetime.UTC)
    rename(client, pilot1, "Pilot Oost")
    rename(client, pilot1, "Pilot Oost 2")
    make_hulpvraag(pilot=pilot1)
    assert warmhouden.na_schrijven() is False  # one is waiting: it will see this write too

    (waiting,) = DBTaskResult.objects.all()
    assert waiting.task_path == "rapportage.tasks.warm_houden_taak"
    assert waiting.priority > 0  # before users' downloads (priority 0)
    assert waiting.run_after >= start + datetime.timedelta(seconds=20)

    assert warmhouden.warm_houden() == 1  # the worker runs it
    rename(client, pilot1, "Pilot Oost 3")  # a write after it began plans the next
    assert DBTaskResult.objects.count() == 2


def test_a_job_of_the_worker_that_writes_warms_too(
    own_transactions, client, coordinator, pilot1, computations
):
    make_hulpvraag(pilot=pilot1)
    open_report(client, coordinator)
    periodiek.enqueue("tests.rapportage.test_warmhouden.write_in_a_job")
    assert len(computations) == 2
    assert "Pilot uit een taak" in open_report(client, coordinator).content.decode()
    assert len(computations) == 2


def write_in_a_job():
    Pilot.objects.update(naam="Pilot uit een taak")


def test_a_user_who_may_no_longer_see_the_report_is_forgotten(
    own_transactions, client, orgcoordinator, pilot1, computations
):
    make_hulpvraag(pilot=pilot1)
    open_report(client, orgcoordinator)
    orgcoordinator.groups.clear()
    Pilot.objects.update(naam="Pilot Oost")

    assert warmhouden.warm_houden() == 0
    assert len(computations) == 1  # only the page's own computation
    assert cache.get(warmhouden.RECENT) == {}


def test_the_hourly_job_has_the_report_of_a_new_day_ready(
    own_transactions, client, coordinator, pilot1, computations
):
    """The page without a date shows today's report: opened on Friday, it is computed for
    Monday by the hourly job (settings.PERIODIEKE_TAKEN) before anyone opens it again."""
    make_hulpvraag(pilot=pilot1)
    with time_machine.travel(datetime.datetime(2026, 12, 4, 16, 0, tzinfo=datetime.UTC)):
        open_report(client, coordinator, query="")
    assert len(computations) == 1
    assert settings.PERIODIEKE_TAKEN["rapportage_warm"] == (
        "uur",
        "rapportage.warmhouden.warm_houden",
    )

    with time_machine.travel(datetime.datetime(2026, 12, 7, 6, 0, tzinfo=datetime.UTC)):
        assert warmhouden.warm_houden() == 1
        assert len(computations) == 2  # Monday's report, computed by the job
        response = open_report(client, coordinator, query="")
    assert len(computations) == 2
    assert "Peildatum <strong>07-12-2026</strong>" in response.content.decode()

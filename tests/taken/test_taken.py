"""Jobs as their user sees them: started, progress, the file for its owner only, failure and
retry, jobs whose worker died, expiry after 24 hours, and the periodic jobs."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from netwerk.models import Toegangslog
from taken import services
from taken.models import PeriodiekeRun, Taak, TaakStatus
from taken.periodiek import plan_periodieke_taken
from taken.tasks import verstuur_email
from tests.taken import jobs

pytestmark = pytest.mark.django_db


def start(user, functie=jobs.tel, **parameters):
    return services.start_taak(eigenaar=user, functie=functie, titel="Test", parameters=parameters)


def test_job_runs_and_offers_its_file_to_its_owner(client, coordinator):
    taak = start(coordinator, tot=3)

    taak.refresh_from_db()
    client.force_login(coordinator)
    status = client.get(reverse("taken:status", args=[taak.uuid])).json()
    response = client.get(reverse("taken:download", args=[taak.uuid]))

    assert taak.status == TaakStatus.KLAAR
    assert (status["gedaan"], status["totaal"], status["procent"]) == (3, 3, 100)
    assert status["bestand"] == reverse("taken:download", args=[taak.uuid])
    assert b"".join(response.streaming_content) == b"1\n2\n3"
    assert 'filename="getallen.txt"' in response["Content-Disposition"]
    assert Toegangslog.objects.filter(gebruiker=coordinator, object_id=str(taak.pk)).exists()


def test_a_finished_job_keeps_when_it_started(coordinator):
    taak = start(coordinator, tot=2)

    taak.refresh_from_db()

    assert taak.gestart is not None and taak.levensteken is not None
    assert taak.aangemaakt <= taak.gestart <= taak.klaar_op


@pytest.mark.parametrize("naam", ["taken:detail", "taken:status", "taken:download"])
def test_other_users_get_404_even_a_coordinator(client, vp_a, coordinator, naam):
    taak = start(vp_a.user, tot=1)

    client.force_login(coordinator)
    response = client.get(reverse(naam, args=[taak.uuid]))

    assert response.status_code == 404


def test_retry_by_someone_else_is_404(client, vp_a, vp_b):
    taak = Taak.objects.create(
        eigenaar=vp_a.user,
        functie="tests.taken.jobs.crash",
        titel="x",
        status=TaakStatus.MISLUKT,
        verloopt_op=timezone.now() + datetime.timedelta(hours=1),
    )

    client.force_login(vp_b.user)
    response = client.post(reverse("taken:opnieuw", args=[taak.uuid]))

    assert response.status_code == 404
    assert Taak.objects.count() == 1


def test_refused_job_shows_the_dutch_problems_and_offers_retry(client, coordinator):
    taak = start(coordinator, functie=jobs.weiger)
    client.force_login(coordinator)

    page = client.get(reverse("taken:detail", args=[taak.uuid])).content.decode()
    retry = client.post(reverse("taken:opnieuw", args=[taak.uuid]))

    taak.refresh_from_db()
    assert taak.status == TaakStatus.MISLUKT
    assert "Rij 3: geboortejaar 1850 kan niet." in page
    assert "Opnieuw proberen" in page
    assert not taak.bestand
    assert Taak.objects.count() == 2
    assert retry["Location"] != reverse("taken:detail", args=[taak.uuid])


def test_crashed_job_is_failed_with_a_general_message(coordinator):
    start(coordinator, functie=jobs.crash)  # the worker (here: immediate) records the error

    taak = Taak.objects.get()
    assert taak.status == TaakStatus.MISLUKT
    assert taak.melding == services.ONBEKENDE_FOUT


def test_only_marked_functions_can_be_started(coordinator):
    with pytest.raises(ValueError):
        start(coordinator, functie=jobs.niet_gemarkeerd)

    assert not Taak.objects.exists()


def test_retry_of_a_finished_job_is_refused(coordinator):
    taak = start(coordinator, tot=1)
    taak.refresh_from_db()

    with pytest.raises(ValidationError):
        services.start_opnieuw(taak=taak)


def test_job_without_sign_of_life_is_failed_and_offered_for_retry(coordinator, settings):
    taak = Taak.objects.create(
        eigenaar=coordinator,
        functie="tests.taken.jobs.tel",
        parameters={"tot": 1},
        titel="x",
        status=TaakStatus.BEZIG,
        levensteken=timezone.now() - datetime.timedelta(minutes=settings.TAKEN_STIL_MINUTEN + 1),
        verloopt_op=timezone.now() + datetime.timedelta(hours=1),
    )
    levend = Taak.objects.create(
        eigenaar=coordinator,
        functie="tests.taken.jobs.tel",
        titel="y",
        status=TaakStatus.BEZIG,
        levensteken=timezone.now(),
        verloopt_op=timezone.now() + datetime.timedelta(hours=1),
    )

    assert services.markeer_vastgelopen() == 1

    taak.refresh_from_db()
    levend.refresh_from_db()
    assert taak.status == TaakStatus.MISLUKT and taak.melding == services.ONDERBROKEN
    assert levend.status == TaakStatus.BEZIG
    nieuw = services.start_opnieuw(taak=taak)
    nieuw.refresh_from_db()
    assert nieuw.status == TaakStatus.KLAAR


def test_files_expire_after_24_hours(client, coordinator):
    taak = start(coordinator, tot=2)
    taak.refresh_from_db()
    naam = taak.bestand.name
    storage = taak.bestand.storage

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=23)):
        client.force_login(coordinator)
        assert client.get(reverse("taken:mijn")).context["taken"].count() == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        client.force_login(coordinator)
        listed = client.get(reverse("taken:mijn")).context["taken"].count()
        fetched = client.get(reverse("taken:download", args=[taak.uuid])).status_code
        weg = services.ruim_op()

    assert (listed, fetched, weg) == (0, 404, 1)
    assert not storage.exists(naam)
    assert not Taak.objects.exists()


def test_my_downloads_lists_only_my_own(client, vp_a, vp_b):
    start(vp_a.user, tot=1)
    start(vp_b.user, tot=1)

    client.force_login(vp_a.user)
    taken = list(client.get(reverse("taken:mijn")).context["taken"])

    assert [t.eigenaar for t in taken] == [vp_a.user]


def test_periodic_jobs_are_enqueued_once_per_period(settings):
    settings.PERIODIEKE_TAKEN = {
        "elk_uur": ("uur", "taken.tasks.verlopen_downloads"),
        "elke_dag": ("dag", "taken.tasks.verlopen_downloads"),
    }
    nu = timezone.make_aware(datetime.datetime(2026, 12, 6, 10, 5))

    eerste = plan_periodieke_taken(nu=nu)
    tweede = plan_periodieke_taken(nu=nu + datetime.timedelta(minutes=10))
    later = plan_periodieke_taken(nu=nu + datetime.timedelta(hours=1))

    assert [g for _, _, g in eerste] == [True, True]
    assert [g for _, _, g in tweede] == [False, False]
    assert [g for _, _, g in later] == [True, False]
    assert PeriodiekeRun.objects.count() == 3


def test_email_goes_out_from_a_task(mailoutbox):
    verstuur_email.enqueue(onderwerp="Herinnering", tekst="2 huishoudens", aan=["vp@example.nl"])

    assert [(m.subject, m.body, m.to) for m in mailoutbox] == [
        ("Herinnering", "2 huishoudens", ["vp@example.nl"])
    ]


def test_a_job_whose_input_is_gone_offers_no_retry(client, coordinator):
    taak = start(coordinator, functie=jobs.eenmalig)
    client.force_login(coordinator)

    page = client.get(reverse("taken:detail", args=[taak.uuid])).content.decode()

    taak.refresh_from_db()
    assert taak.status == TaakStatus.MISLUKT
    assert "Opnieuw proberen" not in page
    with pytest.raises(ValidationError):
        services.start_opnieuw(taak=taak)

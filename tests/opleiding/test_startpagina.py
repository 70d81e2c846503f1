"""Issue 18 §2: a trainer's start page (the cohort list) opens with the sessions held without
attendance recorded, today's sessions and the unread notices, over the trainer's own cohorts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from opleiding.choices import AanwezigheidStatus, BijeenkomstSoort
from opleiding.models import Aanwezigheid, Bijeenkomst
from tests.factories import HulpvraagFactory
from tests.opleiding.conftest import make_cohort
from tests.startpagina import counts, unread_notices

pytestmark = pytest.mark.django_db


def session(cohort, days_from_today):
    datum = timezone.localdate() + datetime.timedelta(days=days_from_today)
    return Bijeenkomst.objects.create(cohort=cohort, soort=BijeenkomstSoort.LES, datum=datum)


def test_trainers_start_page_counts_sessions_to_record_and_sessions_today(
    client, opleider, trainer_org, other_opleider, deelname_a, cohort
):
    session(cohort, -7)  # held, nothing recorded
    recorded = session(cohort, -14)
    Aanwezigheid.objects.create(
        bijeenkomst=recorded, deelname=deelname_a, status=AanwezigheidStatus.AANWEZIG
    )
    session(cohort, 0)  # today, not yet recorded: also still to record
    session(cohort, 7)  # to come
    other = make_cohort("Cohort van een ander", opleiders=[other_opleider.profiel.organisatie])
    session(other, 0)
    session(other, -7)
    unread_notices(opleider, HulpvraagFactory(), 1)
    client.force_login(opleider)

    response = client.get(reverse("opleiding:cohort_list"))

    assert counts(response) == {"open": 2, "vandaag": 1, "ongelezen": 1}


def test_a_coordinator_sees_the_counts_of_every_cohort(client, coordinator, other_opleider, cohort):
    session(cohort, 0)
    session(make_cohort("Ander", opleiders=[other_opleider.profiel.organisatie]), 0)
    client.force_login(coordinator)

    response = client.get(reverse("opleiding:cohort_list"))

    assert counts(response) == {"open": 2, "vandaag": 2, "ongelezen": 0}

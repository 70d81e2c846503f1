"""Issue 17 §2, what a trainer is told (the trainers of the cohort's trainer organisations only): a
participant who can no longer reach 80 % of the lessons, once; a cohort that ended with
participants without a 1-meting, once."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from meldingen.models import Melding, Soort
from meldingen.services import maak_herinneringen
from netwerk.roles import Rol
from opleiding.choices import AanwezigheidStatus, BijeenkomstSoort
from opleiding.models import Aanwezigheid
from tests.factories import OrganisatieFactory, make_user
from tests.opleiding.conftest import enrol, make_cohort, sessions

START = datetime.date(2024, 1, 8)


def run(day, soort=Soort.AANWEZIGHEID):
    """The day's run; the new notices of `soort`."""
    moment = datetime.datetime.combine(
        day, datetime.time(7), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(moment, tick=False):
        return [m for m in maak_herinneringen(vandaag=day) if m.soort == soort]


@pytest.fixture
def other_opleider(db):
    """A trainer of another organisation, not this cohort's."""
    return make_user("opleider_b", Rol.OPLEIDER, OrganisatieFactory(naam="Andere opleider"))


@pytest.fixture
def cohort(opleider):
    cohort = make_cohort(
        "Cohort Oost 2024", opleiders=[opleider.profiel.organisatie], startdatum=START
    )
    return cohort, sessions(cohort, BijeenkomstSoort.LES, 10, start=START)


def test_the_trainer_is_told_once_the_80_percent_is_out_of_reach(
    cohort, opleider, other_opleider, coordinator
):
    cohort, lessen = cohort
    deelname = enrol(cohort, "Pieter Privé")
    for les in lessen[:2]:
        Aanwezigheid.objects.create(
            bijeenkomst=les, deelname=deelname, status=AanwezigheidStatus.AANWEZIG
        )
    # lessons 3, 4 and 5 missed: out of reach from the day after the fifth (2 + 5 < 8)

    assert run(lessen[4].datum) == []
    nieuw = run(lessen[4].datum + datetime.timedelta(days=1))

    assert [(m.ontvanger_id, m.soort) for m in nieuw] == [(opleider.pk, Soort.AANWEZIGHEID)]
    melding = Melding.objects.get(soort=Soort.AANWEZIGHEID)
    assert melding.link == reverse("opleiding:deelname_detail", args=[deelname.uuid])
    assert melding.tekst == (
        "Aanwezigheidsnorm niet meer haalbaar: Cohort Oost 2024, nog 7 van de 8 lessen haalbaar"
    )
    assert "Pieter" not in melding.tekst
    # once: not again the next day, nor the week after
    assert run(lessen[5].datum) == []
    assert run(lessen[6].datum) == []


def test_a_participant_on_track_gives_no_warning(cohort, opleider):
    cohort, lessen = cohort
    deelname = enrol(cohort)
    for les in lessen[:5]:
        Aanwezigheid.objects.create(
            bijeenkomst=les, deelname=deelname, status=AanwezigheidStatus.AANWEZIG
        )

    assert run(lessen[5].datum) == []


def test_the_1_meting_due_at_the_cohorts_end_is_told_once(cohort, opleider, other_opleider):
    cohort, lessen = cohort
    enrol(cohort)
    enrol(cohort)
    einde = lessen[-1].datum

    assert run(einde - datetime.timedelta(days=1), Soort.EEN_METING) == []
    nieuw = run(einde, Soort.EEN_METING)

    assert [(m.ontvanger_id, m.datum, m.aantallen) for m in nieuw] == [
        (opleider.pk, einde, {"deelnemers": 2})
    ]
    assert nieuw[0].link == reverse("opleiding:cohort_metingen", args=[cohort.pk])
    assert nieuw[0].tekst == "1-meting nodig: Cohort Oost 2024, 2 deelnemers zonder 1-meting"
    assert run(einde + datetime.timedelta(days=3), Soort.EEN_METING) == []


def test_a_long_cohort_name_is_told_whole(opleider):
    naam = "Opleiding Vertrouwenspersoon Amsterdam-Oost najaar 2026"
    cohort = make_cohort(naam, opleiders=[opleider.profiel.organisatie], startdatum=START)
    lessen = sessions(cohort, BijeenkomstSoort.LES, 10, start=START)
    enrol(cohort)

    (nieuw,) = run(lessen[-1].datum, Soort.EEN_METING)

    assert nieuw.referentie == naam
    assert nieuw.tekst == f"1-meting nodig: {naam}, 1 deelnemer zonder 1-meting"

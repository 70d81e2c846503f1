"""The early warning (issue 22 §2, used by issue 17's notices): a trainee who can no longer reach
80 % of the lessons (attended + still to come < needed), and a cohort whose end came with
trainees still without a 1-meting."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from netwerk.roles import Rol
from opleiding import selectors
from opleiding.choices import AanwezigheidStatus, BijeenkomstSoort, DeelnameStatus, MetingSoort
from opleiding.models import Aanwezigheid, Meting
from tests.factories import make_user
from tests.opleiding.conftest import START, enrol, make_cohort, sessions

D = datetime.date
WEEK = datetime.timedelta(weeks=1)


def attend(deelname, lessen, status=AanwezigheidStatus.AANWEZIG):
    for les in lessen:
        Aanwezigheid.objects.create(bijeenkomst=les, deelname=deelname, status=status)


@pytest.fixture
def tien_lessen(db):
    """A cohort of 10 weekly lessons from START (8 needed at 80 %)."""
    cohort = make_cohort()
    return cohort, sessions(cohort, BijeenkomstSoort.LES, 10)


def out_of_reach(cohort, vandaag):
    rows = selectors.kan_80_procent_niet_meer_halen(cohort, vandaag=vandaag)
    return list(
        rows.order_by("vertrouwenspersoon__naam").values_list("vertrouwenspersoon__naam", flat=True)
    )


def test_the_issues_example_2_done_5_left_8_needed_is_out_of_reach(tien_lessen):
    cohort, lessen = tien_lessen
    twee = enrol(cohort, "Twee")
    drie = enrol(cohort, "Drie")
    attend(twee, lessen[:2])
    attend(drie, lessen[:3])
    na_vijf = lessen[5].datum  # lessons 1-5 held, lessons 6-10 still to come

    assert out_of_reach(cohort, na_vijf) == ["Twee"]  # 2 + 5 < 8; 3 + 5 = 8 can still make it


def test_a_lesson_today_still_counts_as_to_come(tien_lessen):
    cohort, lessen = tien_lessen
    deelname = enrol(cohort, "Mist")
    attend(deelname, lessen[:2])  # misses lessons 3, 4 and 5: 2 + 5 after the fifth

    assert out_of_reach(cohort, lessen[4].datum) == []  # the fifth is today: 2 + 6 = 8
    assert out_of_reach(cohort, lessen[4].datum + datetime.timedelta(days=1)) == ["Mist"]


def test_absent_with_notice_counts_as_missed(tien_lessen):
    cohort, lessen = tien_lessen
    deelname = enrol(cohort, "Bericht")
    attend(deelname, lessen[:2])
    attend(deelname, lessen[2:5], AanwezigheidStatus.AFWEZIG_MET_BERICHT)

    assert out_of_reach(cohort, lessen[5].datum) == ["Bericht"]


def test_stopped_and_finished_trainees_are_not_warned_about(tien_lessen):
    cohort, lessen = tien_lessen
    enrol(cohort, "Gestopt", status=DeelnameStatus.GESTOPT)
    enrol(cohort, "Afgerond", status=DeelnameStatus.AFGEROND)

    assert out_of_reach(cohort, lessen[9].datum + WEEK) == []


def test_other_sessions_do_not_count_as_lessons(tien_lessen):
    cohort, lessen = tien_lessen
    intervisie = sessions(cohort, BijeenkomstSoort.INTERVISIE, 10)
    deelname = enrol(cohort, "Intervisie")
    attend(deelname, lessen[:2] + intervisie)

    assert out_of_reach(cohort, lessen[5].datum) == ["Intervisie"]


def test_a_cohort_without_lessons_warns_nobody(db):
    cohort = make_cohort()
    sessions(cohort, BijeenkomstSoort.INTERVISIE, 3)
    enrol(cohort, "Niemand")

    assert out_of_reach(cohort, START + 10 * WEEK) == []


def test_the_set_based_form_covers_running_cohorts_only(tien_lessen):
    cohort, lessen = tien_lessen
    enrol(cohort, "Lopend")
    oud = make_cohort("Oud", startdatum=START - 52 * WEEK)
    sessions(oud, BijeenkomstSoort.LES, 10, start=START - 52 * WEEK)
    enrol(oud, "Afgelopen")
    later = make_cohort("Later", startdatum=START + 52 * WEEK)
    sessions(later, BijeenkomstSoort.LES, 10, start=START + 52 * WEEK)
    enrol(later, "Nog niet")
    vandaag = lessen[5].datum

    rows = selectors.onhaalbare_deelnames(vandaag).values_list(
        "vertrouwenspersoon__naam", "lessen_aanwezig", "lessen_te_gaan", "lessen_totaal"
    )

    assert list(rows) == [("Lopend", 0, 5, 10)]


def test_the_set_based_form_costs_one_query_for_many_cohorts(
    db, django_assert_num_queries, tien_lessen
):
    for i in range(3):
        cohort = make_cohort(f"Cohort {i}")
        sessions(cohort, BijeenkomstSoort.LES, 10)
        for j in range(3):
            enrol(cohort, f"Deelnemer {i}-{j}")
    with django_assert_num_queries(1):
        assert len(list(selectors.onhaalbare_deelnames(START + 6 * WEEK))) == 9


# --- the 1-meting at the cohort's end -------------------------------------------------------------


def meting(deelname, soort=MetingSoort.EEN):
    scores = dict.fromkeys(
        [
            "persoonlijke_groei",
            "professionele_vaardigheden",
            "sociale_vaardigheden",
            "zelfvertrouwen",
            "netwerk",
            "grenzen_aangeven",
        ],
        3,
    )
    return Meting.objects.create(deelname=deelname, soort=soort, datum=START, **scores)


def test_the_1_meting_is_due_from_the_cohorts_last_session(tien_lessen):
    cohort, lessen = tien_lessen
    gemeten = enrol(cohort, "Gemeten")
    meting(gemeten)
    meting(enrol(cohort, "Alleen nul"), MetingSoort.NUL)
    enrol(cohort, "Niet gemeten")
    enrol(cohort, "Gestopt", status=DeelnameStatus.GESTOPT)
    einde = lessen[-1].datum

    assert list(selectors.een_meting_nodig(einde - datetime.timedelta(days=1))) == []
    rows = selectors.een_meting_nodig(einde).values_list("naam", "einde", "n_zonder_een_meting")
    assert list(rows) == [("Cohort", einde, 2)]


def test_a_cohort_whose_trainees_all_have_their_1_meting_is_not_due(tien_lessen):
    cohort, lessen = tien_lessen
    meting(enrol(cohort, "Gemeten"))

    assert list(selectors.een_meting_nodig(lessen[-1].datum + WEEK)) == []


def test_the_cohort_page_marks_who_can_no_longer_reach_80_percent(client, tien_lessen):
    cohort, lessen = tien_lessen
    twee = enrol(cohort, "Twee")
    drie = enrol(cohort, "Drie")
    attend(twee, lessen[:2])
    attend(drie, lessen[:3])
    client.force_login(make_user("coord_vroeg", Rol.COORDINATOR))

    with time_machine.travel(lessen[5].datum, tick=False):
        page = client.get(reverse("opleiding:cohort_detail", args=[cohort.pk])).content.decode()

    rows = {naam: row for row in page.split("<tr") for naam in ("Twee", "Drie") if naam in row}
    assert "80 % niet meer haalbaar" in rows["Twee"]
    assert "nog 7 van 8 haalbaar" in rows["Twee"]
    assert "niet meer haalbaar" not in rows["Drie"]

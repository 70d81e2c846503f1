import datetime
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from opleiding import services
from opleiding.choices import AanwezigheidStatus, BijeenkomstSoort, DeelnameStatus
from opleiding.models import Aanwezigheid, Bijeenkomst
from tests.opleiding.conftest import enrol, make_cohort, sessions

D = datetime.date
TUESDAY = 1


def test_standard_programme_is_30_weekly_sessions_on_the_weekday_in_turn():
    rows = services.standard_programme(start=D(2020, 11, 1), weekdag=TUESDAY)  # a Sunday

    assert len(rows) == 30
    assert Counter(soort for soort, _d, _n in rows) == {
        BijeenkomstSoort.LES: 10,
        BijeenkomstSoort.ONTWIKKELBIJEENKOMST: 10,
        BijeenkomstSoort.INTERVISIE: 10,
    }
    assert [soort for soort, _d, _n in rows[:4]] == [
        BijeenkomstSoort.LES,
        BijeenkomstSoort.ONTWIKKELBIJEENKOMST,
        BijeenkomstSoort.INTERVISIE,
        BijeenkomstSoort.LES,
    ]
    dates = [d for _s, d, _n in rows]
    assert dates[0] == D(2020, 11, 3)
    assert dates[-1] == D(2020, 11, 3) + datetime.timedelta(weeks=29)
    assert all(d.weekday() == TUESDAY for d in dates)
    assert len(set(dates)) == 30


def test_standard_programme_starts_on_the_start_date_when_it_is_the_weekday():
    rows = services.standard_programme(start=D(2020, 11, 3), weekdag=TUESDAY)

    assert rows[0][1] == D(2020, 11, 3)


@pytest.mark.django_db
def test_create_cohort_with_standard_programme_stores_30_sessions(trainer_org):
    cohort = services.create_cohort(
        naam="Opleiding 2022", startdatum=D(2022, 1, 3), opleiders=[trainer_org], weekdag=3
    )

    stored = Bijeenkomst.objects.filter(cohort=cohort)
    assert stored.count() == 30
    assert Counter(stored.values_list("soort", flat=True)) == {
        "les": 10,
        "ontwikkelbijeenkomst": 10,
        "intervisie": 10,
    }
    assert {b.datum.weekday() for b in stored} == {3}
    assert stored.filter(soort="les").order_by("datum").first().onderwerp == "Les 1"
    assert list(cohort.opleiders.all()) == [trainer_org]


@pytest.mark.django_db
def test_create_cohort_without_weekday_creates_no_sessions():
    cohort = services.create_cohort(naam="Leeg", startdatum=D(2022, 1, 3))

    assert not cohort.bijeenkomsten.exists()


@pytest.mark.django_db
def test_record_aanwezigheid_replaces_the_earlier_status():
    cohort = make_cohort()
    [les] = sessions(cohort, "les", 1)
    deelname = enrol(cohort)
    services.record_aanwezigheid(bijeenkomst=les, deelname=deelname, status="afwezig")

    services.record_aanwezigheid(bijeenkomst=les, deelname=deelname, status="aanwezig")

    assert list(Aanwezigheid.objects.values_list("status", flat=True)) == ["aanwezig"]


@pytest.mark.django_db
def test_record_aanwezigheid_refuses_a_trainee_of_another_cohort():
    [les] = sessions(make_cohort("A"), "les", 1)
    deelname = enrol(make_cohort("B"))

    with pytest.raises(ValidationError):
        services.record_aanwezigheid(bijeenkomst=les, deelname=deelname, status="aanwezig")

    assert not Aanwezigheid.objects.exists()


@pytest.mark.django_db
def test_record_aanwezigheid_refuses_an_unknown_status():
    cohort = make_cohort()
    [les] = sessions(cohort, "les", 1)

    with pytest.raises(ValidationError):
        services.record_aanwezigheid(bijeenkomst=les, deelname=enrol(cohort), status="ziek")

    assert not Aanwezigheid.objects.exists()


@pytest.mark.django_db
def test_mark_rest_present_keeps_existing_records():
    cohort = make_cohort()
    [les] = sessions(cohort, "les", 1)
    absent, rest = enrol(cohort), enrol(cohort)
    services.record_aanwezigheid(bijeenkomst=les, deelname=absent, status="afwezig")

    added = services.mark_rest_present(bijeenkomst=les, deelnames=[absent, rest])

    assert added == 1
    assert dict(Aanwezigheid.objects.values_list("deelname_id", "status")) == {
        absent.pk: "afwezig",
        rest.pk: "aanwezig",
    }


def _attend(deelname, bijeenkomsten, status=AanwezigheidStatus.AANWEZIG):
    Aanwezigheid.objects.bulk_create(
        Aanwezigheid(bijeenkomst=b, deelname=deelname, status=status) for b in bijeenkomsten
    )


@pytest.mark.django_db
def test_confirm_certificaat_sets_afgerond_and_the_date():
    cohort = make_cohort()
    lessen = sessions(cohort, "les", 10)
    deelname = enrol(cohort)
    _attend(deelname, lessen[:8])

    services.confirm_certificaat(deelname=deelname, datum=D(2021, 6, 1))

    deelname.refresh_from_db()
    assert deelname.status == DeelnameStatus.AFGEROND
    assert deelname.status_datum == D(2021, 6, 1)
    assert deelname.certificaat_datum == D(2021, 6, 1)


@pytest.mark.django_db
def test_confirm_certificaat_refuses_below_the_rule():
    cohort = make_cohort()
    lessen = sessions(cohort, "les", 10)
    deelname = enrol(cohort)
    _attend(deelname, lessen[:7])

    with pytest.raises(ValidationError):
        services.confirm_certificaat(deelname=deelname, datum=D(2021, 6, 1))

    deelname.refresh_from_db()
    assert deelname.status == DeelnameStatus.INGESCHREVEN
    assert deelname.certificaat_datum is None


@pytest.mark.django_db
def test_confirm_certificaat_refuses_a_trainee_who_stopped():
    cohort = make_cohort()
    lessen = sessions(cohort, "les", 10)
    deelname = enrol(cohort, status=DeelnameStatus.GESTOPT)
    _attend(deelname, lessen)

    with pytest.raises(ValidationError):
        services.confirm_certificaat(deelname=deelname, datum=D(2021, 6, 1))

    deelname.refresh_from_db()
    assert deelname.status == DeelnameStatus.GESTOPT

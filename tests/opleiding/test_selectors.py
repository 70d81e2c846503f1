import datetime

import pytest

from netwerk.models import Pilot, VertrouwenspersoonStatus
from opleiding import selectors
from opleiding.choices import AanwezigheidStatus, DeelnameStatus, MetingSoort
from opleiding.models import Aanwezigheid, Bijeenkomst, Meting
from tests.opleiding.conftest import enrol, make_cohort, sessions

D = datetime.date
TODAY = D(2021, 3, 1)
A = AanwezigheidStatus


def _attend(deelname, bijeenkomsten, status=A.AANWEZIG):
    Aanwezigheid.objects.bulk_create(
        Aanwezigheid(bijeenkomst=b, deelname=deelname, status=status) for b in bijeenkomsten
    )


def _voortgang(cohort, deelname):
    return next(
        v
        for v in selectors.cohort_voortgang(cohort, peildatum=TODAY)
        if v.deelname.pk == deelname.pk
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("present", "expected"), [(8, True), (7, False), (10, True)])
def test_completion_rule_at_and_around_80_percent(settings, present, expected):
    settings.OPLEIDING_MIN_AANWEZIG_PCT = 80
    cohort = make_cohort()
    lessen = sessions(cohort, "les", 10)
    deelname = enrol(cohort)
    _attend(deelname, lessen[:present])

    v = _voortgang(cohort, deelname)

    assert v.voldoet is expected
    assert v.lessen_aanwezig == present
    assert v.lessen_nodig == 8


@pytest.mark.django_db
def test_completion_rule_exactly_80_percent_of_five_lessons(settings):
    settings.OPLEIDING_MIN_AANWEZIG_PCT = 80
    cohort = make_cohort()
    lessen = sessions(cohort, "les", 5)
    deelname = enrol(cohort)
    _attend(deelname, lessen[:4])

    assert _voortgang(cohort, deelname).voldoet is True


@pytest.mark.django_db
def test_completion_rule_follows_the_setting(settings):
    settings.OPLEIDING_MIN_AANWEZIG_PCT = 90
    cohort = make_cohort()
    lessen = sessions(cohort, "les", 10)
    deelname = enrol(cohort)
    _attend(deelname, lessen[:8])

    assert _voortgang(cohort, deelname).voldoet is False


@pytest.mark.django_db
def test_absent_with_notice_does_not_count_as_present():
    cohort = make_cohort()
    lessen = sessions(cohort, "les", 10)
    deelname = enrol(cohort)
    _attend(deelname, lessen[:7])
    _attend(deelname, lessen[7:], A.AFWEZIG_MET_BERICHT)

    v = _voortgang(cohort, deelname)

    assert v.voldoet is False
    assert v.aandelen["les"].aanwezig == 7


@pytest.mark.django_db
def test_no_sessions_yet_gives_no_share_and_nobody_qualifies():
    cohort = make_cohort()
    deelname = enrol(cohort)

    v = _voortgang(cohort, deelname)

    assert v.aandelen == {}
    assert v.lessen_totaal == 0
    assert v.voldoet is False


@pytest.mark.django_db
def test_sessions_only_in_the_future_have_no_share_yet():
    cohort = make_cohort()
    sessions(cohort, "les", 3, start=D(2021, 4, 1))
    deelname = enrol(cohort)

    v = _voortgang(cohort, deelname)

    assert v.aandelen["les"].gehouden == 0
    assert v.aandelen["les"].pct is None
    assert v.voldoet is False


@pytest.mark.django_db
def test_planned_lessons_count_for_the_rule_so_nobody_qualifies_halfway():
    cohort = make_cohort()
    held = sessions(cohort, "les", 5, start=D(2021, 1, 1))
    sessions(cohort, "les", 5, start=D(2021, 4, 1))
    deelname = enrol(cohort)
    _attend(deelname, held)

    v = _voortgang(cohort, deelname)

    assert v.aandelen["les"].pct == 100
    assert v.lessen_totaal == 10
    assert v.voldoet is False


@pytest.mark.django_db
def test_trainee_who_stopped_never_qualifies_but_keeps_their_shares():
    cohort = make_cohort()
    lessen = sessions(cohort, "les", 10)
    deelname = enrol(cohort, status=DeelnameStatus.GESTOPT)
    _attend(deelname, lessen)

    v = _voortgang(cohort, deelname)

    assert v.aandelen["les"].pct == 100
    assert v.voldoet is False
    assert v.mag_certificaat is False


@pytest.mark.django_db
def test_shares_per_kind_of_session_are_rounded_down():
    cohort = make_cohort()
    lessen = sessions(cohort, "les", 4)
    intervisies = sessions(cohort, "intervisie", 3)
    sessions(cohort, "ontwikkelbijeenkomst", 2)
    deelname = enrol(cohort)
    _attend(deelname, lessen[:3])
    _attend(deelname, intervisies[:1])

    v = _voortgang(cohort, deelname)

    assert list(v.aandelen) == ["les", "ontwikkelbijeenkomst", "intervisie"]
    assert (v.aandelen["les"].aanwezig, v.aandelen["les"].gehouden, v.aandelen["les"].pct) == (
        3,
        4,
        75,
    )
    assert v.aandelen["intervisie"].pct == 33
    assert v.aandelen["ontwikkelbijeenkomst"].pct == 0


@pytest.mark.django_db
def test_certified_trainee_may_not_be_certified_again():
    cohort = make_cohort()
    lessen = sessions(cohort, "les", 10)
    deelname = enrol(cohort, status=DeelnameStatus.AFGEROND)
    deelname.certificaat_datum = D(2021, 6, 1)
    deelname.save()
    _attend(deelname, lessen)

    v = _voortgang(cohort, deelname)

    assert v.voldoet is True
    assert v.mag_certificaat is False


@pytest.mark.django_db
def test_attendance_list_leaves_out_who_stopped_before_the_session():
    cohort = make_cohort()
    [les] = sessions(cohort, "les", 1, start=D(2021, 1, 5))
    stayed = enrol(cohort, "Blijver")
    stopped_after = enrol(cohort, "Later gestopt", status="gestopt", status_datum=D(2021, 2, 1))
    enrol(cohort, "Eerder gestopt", status="gestopt", status_datum=D(2020, 12, 1))

    names = [d.vertrouwenspersoon.naam for d in selectors.aanwezigheid_lijst(les)]

    assert names == [stayed.vertrouwenspersoon.naam, stopped_after.vertrouwenspersoon.naam]


def _meting(deelname, soort, **scores):
    base = {
        "persoonlijke_groei": 3,
        "professionele_vaardigheden": 3,
        "sociale_vaardigheden": 3,
        "zelfvertrouwen": 3,
        "netwerk": 3,
        "grenzen_aangeven": 3,
    }
    return Meting.objects.create(
        deelname=deelname, soort=soort, datum=D(2021, 1, 1), **{**base, **scores}
    )


@pytest.fixture
def measured_cohort(db):
    """A and B measured twice, C only at 0, D never; E in another cohort."""
    cohort = make_cohort()
    a, b, c = enrol(cohort, "A"), enrol(cohort, "B"), enrol(cohort, "C")
    enrol(cohort, "D")
    _meting(a, MetingSoort.NUL, persoonlijke_groei=2, zelfvertrouwen=1)
    _meting(a, MetingSoort.EEN, persoonlijke_groei=4, zelfvertrouwen=2)
    _meting(b, MetingSoort.NUL, persoonlijke_groei=3, zelfvertrouwen=4)
    _meting(b, MetingSoort.EEN, persoonlijke_groei=3, zelfvertrouwen=3)
    _meting(c, MetingSoort.NUL, persoonlijke_groei=1, zelfvertrouwen=5)
    other = enrol(make_cohort("Ander"), "E")
    _meting(other, MetingSoort.NUL, persoonlijke_groei=5)
    _meting(other, MetingSoort.EEN, persoonlijke_groei=1)
    return cohort


def test_measurement_comparison_against_hand_computed_means(measured_cohort):
    result = selectors.meting_vergelijking(measured_cohort)

    domeinen = {d.veld: d for d in result["domeinen"]}
    groei = domeinen["persoonlijke_groei"]
    # 0-meting: A 2, B 3, C 1 -> 6 / 3 = 2.0; 1-meting: A 4, B 3 -> 7 / 2 = 3.5
    assert (groei.gem_nul, groei.gem_een) == (2.0, 3.5)
    assert (groei.verbeterd, groei.gelijk, groei.gepaard) == (1, 1, 2)
    zelf = domeinen["zelfvertrouwen"]
    # 0-meting: 1, 4, 5 -> 10 / 3 = 3.33; 1-meting: 2, 3 -> 2.5; A improved, B went down
    assert (zelf.gem_nul, zelf.gem_een) == (3.33, 2.5)
    assert (zelf.verbeterd, zelf.gelijk) == (1, 0)
    assert (result["n_nul"], result["n_een"], result["gepaard"]) == (3, 2, 2)
    assert [d.veld for d in result["domeinen"]][0] == "persoonlijke_groei"


@pytest.mark.django_db
def test_measurement_comparison_of_a_cohort_without_measurements_has_no_means():
    result = selectors.meting_vergelijking(make_cohort())

    assert all(d.gem_nul is None and d.gem_een is None for d in result["domeinen"])
    assert result["gepaard"] == 0


def test_trainee_with_only_a_0_meting_is_shown_as_such(measured_cohort):
    rows = {
        m.deelname.vertrouwenspersoon.naam: m
        for m in selectors.metingen_per_deelnemer(measured_cohort.deelnames.all())
    }

    c = rows["C"]
    assert c.alleen_nul is True
    assert c.een is None
    first = next(iter(c.domeinen()))
    assert first[1:] == (1, None, None)
    assert c.chart()["reeksen"][1]["data"] == [None] * 6
    assert rows["A"].alleen_nul is False
    assert rows["D"].nul is None and rows["D"].alleen_nul is False


@pytest.mark.django_db
def test_trained_and_active_per_pilot_counts_afgerond_and_active_people():
    p1 = Pilot.objects.create(naam="P1", startdatum=D(2019, 11, 1), einddatum=D(2020, 8, 31))
    p2 = Pilot.objects.create(naam="P2", startdatum=D(2020, 11, 1), einddatum=D(2021, 5, 31))
    c1 = make_cohort("C1")
    c1.pilot = p1
    c1.save()
    c2 = make_cohort("C2")
    c2.pilot = p2
    c2.save()
    done_active = enrol(c1, status=DeelnameStatus.AFGEROND, status_datum=D(2020, 7, 1))
    done_stopped = enrol(c1, status=DeelnameStatus.AFGEROND, status_datum=D(2020, 7, 1))
    done_stopped.vertrouwenspersoon.status = VertrouwenspersoonStatus.GESTOPT
    done_stopped.vertrouwenspersoon.save()
    enrol(c1, status=DeelnameStatus.GESTOPT)  # active as a person, but left the training
    enrol(c2)  # still in training, active
    enrol(c2, status=DeelnameStatus.AFGEROND, status_datum=D(2021, 6, 1))
    enrol(make_cohort("Zonder pilot"), status=DeelnameStatus.AFGEROND)
    assert done_active.vertrouwenspersoon.status == VertrouwenspersoonStatus.ACTIEF

    figures = selectors.trained_and_active_per_pilot()
    on_peildatum = selectors.trained_and_active_per_pilot(peildatum=D(2021, 3, 1))

    assert figures == {p1.pk: {"opgeleid": 2, "actief": 1}, p2.pk: {"opgeleid": 1, "actief": 2}}
    assert on_peildatum[p2.pk] == {"opgeleid": 0, "actief": 2}


@pytest.mark.django_db
def test_ontwikkeling_overzicht_shows_the_latest_step_per_person():
    from opleiding.models import Ontwikkelstap

    cohort = make_cohort()
    a, b = enrol(cohort, "A"), enrol(cohort, "B")
    Ontwikkelstap.objects.create(
        vertrouwenspersoon=a.vertrouwenspersoon, soort="buurtbaan", datum=D(2021, 1, 1)
    )
    Ontwikkelstap.objects.create(
        vertrouwenspersoon=a.vertrouwenspersoon, soort="betaald_werk", datum=D(2022, 1, 1)
    )

    overzicht = selectors.ontwikkeling_overzicht(cohort)

    latest = {d.vertrouwenspersoon.naam: str(label) for d, label in overzicht["deelnames"]}
    assert latest == {"A": "Betaald werk", "B": ""}
    counts = {str(label): n for label, n in overzicht["per_soort"]}
    assert (
        counts["Buurtbaan"] == 1 and counts["Betaald werk"] == 1 and counts["Vervolgopleiding"] == 0
    )
    assert b.vertrouwenspersoon.ontwikkelstappen.count() == 0
    assert Bijeenkomst.objects.count() == 0

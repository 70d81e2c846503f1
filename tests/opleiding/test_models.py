"""`visible_to` of every training model, by role and by list."""

import datetime

import pytest

from opleiding.models import Aanwezigheid, Bijeenkomst, Cohort, Deelname, Meting, Ontwikkelstap

D = datetime.date


@pytest.fixture
def world(cohort, les, deelname_a, deelname_b, stap_a, vp_b, other_opleider):
    """The `cohort` of the opleider's organisation with vp_a and vp_b, a second cohort of the
    other trainer with an unrelated trainee, and records of every kind."""
    from tests.opleiding.conftest import enrol, make_cohort, sessions

    other = make_cohort("Andere", opleiders=[other_opleider.profiel.organisatie])
    [other_les] = sessions(other, "les", 1)
    other_deelname = enrol(other, "Ander")
    for b, d in ((les, deelname_a), (les, deelname_b), (other_les, other_deelname)):
        Aanwezigheid.objects.create(bijeenkomst=b, deelname=d, status="aanwezig")
        Meting.objects.create(
            deelname=d,
            soort="0",
            datum=D(2021, 1, 1),
            persoonlijke_groei=3,
            professionele_vaardigheden=3,
            sociale_vaardigheden=3,
            zelfvertrouwen=3,
            netwerk=3,
            grenzen_aangeven=3,
        )
    stap_b = Ontwikkelstap.objects.create(
        vertrouwenspersoon=vp_b, soort="anders", datum=D(2021, 1, 1)
    )
    stap_other = Ontwikkelstap.objects.create(
        vertrouwenspersoon=other_deelname.vertrouwenspersoon, soort="anders", datum=D(2021, 1, 1)
    )
    return {
        "cohort": cohort,
        "other": other,
        "deelname_a": deelname_a,
        "deelname_b": deelname_b,
        "other_deelname": other_deelname,
        "stap_a": stap_a,
        "stap_b": stap_b,
        "stap_other": stap_other,
    }


def _visible(model, user):
    return set(model.objects.visible_to(user))


def test_coordinator_sees_all_training_records(world, coordinator):
    assert _visible(Cohort, coordinator) == {world["cohort"], world["other"]}
    assert len(_visible(Deelname, coordinator)) == 3
    assert len(_visible(Aanwezigheid, coordinator)) == 3
    assert len(_visible(Meting, coordinator)) == 3
    assert len(_visible(Ontwikkelstap, coordinator)) == 3
    assert len(_visible(Bijeenkomst, coordinator)) == 2


def test_trainer_sees_only_the_cohorts_of_their_organisation(world, opleider):
    assert _visible(Cohort, opleider) == {world["cohort"]}
    assert _visible(Deelname, opleider) == {world["deelname_a"], world["deelname_b"]}
    assert {a.deelname for a in _visible(Aanwezigheid, opleider)} == {
        world["deelname_a"],
        world["deelname_b"],
    }
    assert {m.deelname for m in _visible(Meting, opleider)} == {
        world["deelname_a"],
        world["deelname_b"],
    }
    assert _visible(Ontwikkelstap, opleider) == {world["stap_a"], world["stap_b"]}
    assert {b.cohort for b in _visible(Bijeenkomst, opleider)} == {world["cohort"]}


def test_other_trainer_sees_only_their_own_cohort(world, other_opleider):
    assert _visible(Cohort, other_opleider) == {world["other"]}
    assert _visible(Deelname, other_opleider) == {world["other_deelname"]}
    assert _visible(Ontwikkelstap, other_opleider) == {world["stap_other"]}


def test_trainer_of_a_cohort_with_two_trainers_sees_it_once(world, opleider, other_opleider):
    world["other"].opleiders.add(opleider.profiel.organisatie)

    assert Cohort.objects.visible_to(opleider).count() == 2
    assert Ontwikkelstap.objects.visible_to(opleider).count() == 3


def test_trusted_person_sees_only_their_own_records(world, vp_a):
    user = vp_a.user

    assert _visible(Cohort, user) == {world["cohort"]}
    assert _visible(Deelname, user) == {world["deelname_a"]}
    assert {a.deelname for a in _visible(Aanwezigheid, user)} == {world["deelname_a"]}
    assert {m.deelname for m in _visible(Meting, user)} == {world["deelname_a"]}
    assert _visible(Ontwikkelstap, user) == {world["stap_a"]}


@pytest.mark.parametrize("role", ["orgcoordinator", "commissie", "outsider"])
def test_other_roles_see_nothing_of_the_training(world, users, role):
    user = users[role]

    for model in (Cohort, Bijeenkomst, Deelname, Aanwezigheid, Meting, Ontwikkelstap):
        assert not model.objects.visible_to(user).exists(), model


def test_anonymous_and_inactive_users_see_nothing(world, opleider):
    from django.contrib.auth.models import AnonymousUser

    opleider.is_active = False

    assert not Cohort.objects.visible_to(AnonymousUser()).exists()
    assert not Deelname.objects.visible_to(opleider).exists()

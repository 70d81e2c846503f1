import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from netwerk.roles import organisatie_id_of
from opleiding.choices import DeelnameStatus
from opleiding.models import Cohort, Deelname, Meting, Ontwikkelstap


@pytest.mark.django_db
def test_demo_builds_the_training_with_20_trained_and_the_trainer_owns_it():
    call_command("demo", wachtwoord="demo-wachtwoord-1")
    opleider = get_user_model().objects.get(username="opleider")

    afgerond = Deelname.objects.filter(status=DeelnameStatus.AFGEROND)
    assert afgerond.values("vertrouwenspersoon").distinct().count() == 20
    cohort = Cohort.objects.get(naam="Opleiding Vertrouwenspersoon 2020–2021")
    assert cohort.bijeenkomsten.filter(soort="les").count() == 10
    assert cohort.opleiders.filter(pk=organisatie_id_of(opleider)).exists()
    assert set(Cohort.objects.visible_to(opleider)) == set(Cohort.objects.all())
    only_zero = Deelname.objects.filter(metingen__soort="0").exclude(metingen__soort="1")
    both = Deelname.objects.filter(metingen__soort="1")
    assert only_zero.exists() and both.count() > only_zero.count()
    assert Meting.objects.filter(soort="1").count() == both.count()
    assert Ontwikkelstap.objects.exists()
    vp1 = get_user_model().objects.get(username="vp1")
    assert Deelname.objects.visible_to(vp1).count() == 1

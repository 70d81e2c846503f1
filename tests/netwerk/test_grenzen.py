"""Issue 20: the network's numbers, dates and texts have bounds, in the form, the service and the
database; a refusal stores nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from netwerk.models import Organisatie, Pilot
from netwerk.services import save_organisatie, save_pilot
from samenvooruit.grenzen import NOTITIE, OMSCHRIJVING

pytestmark = pytest.mark.django_db

PILOT = {"naam": "Pilot 9", "startdatum": "2021-01-01", "einddatum": "2021-12-31"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("taakstelling", "99999999", "De taakstelling kan hoogstens 10.000 zijn."),
        ("einddatum", "9999-12-31", "De datum kan niet na"),
        ("startdatum", "0001-01-01", "De datum kan niet vóór 01-01-2000 liggen."),
    ],
)
def test_the_pilot_form_refuses_what_is_out_of_bounds(client, coordinator, field, value, message):
    client.force_login(coordinator)

    response = client.post(
        reverse("hulpvragen:pilot_create"), {**PILOT, "taakstelling": "40", field: value}
    )

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Pilot.objects.exists()


def test_the_pilot_service_refuses_a_target_above_the_maximum(db):
    pilot = Pilot(
        naam="P",
        startdatum=datetime.date(2021, 1, 1),
        einddatum=datetime.date(2021, 12, 31),
        taakstelling=10_001,
    )

    with pytest.raises(ValidationError) as refused:
        save_pilot(pilot=pilot)

    assert "taakstelling" in refused.value.message_dict
    assert not Pilot.objects.exists()


def test_an_offer_longer_than_its_maximum_is_refused_by_the_form(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("netwerk:organisatie_create"),
        {"naam": "Lang", "soort": "anders", "aanbod": "a" * (OMSCHRIJVING + 1)},
    )

    assert response.status_code == 200
    assert "aanbod" in response.context["form"].errors
    assert not Organisatie.objects.filter(naam="Lang").exists()


def test_the_database_refuses_numbers_and_texts_no_rule_let_through(org_a, vp_a):
    Pilot.objects.create(
        naam="P", startdatum=datetime.date(2021, 1, 1), einddatum=datetime.date(2021, 12, 31)
    )

    for queryset, values in [
        (Pilot.objects.all(), {"taakstelling": 10_001}),
        (Organisatie.objects.all(), {"aanbod": "a" * (OMSCHRIJVING + 1)}),
        (vp_a.__class__.objects.all(), {"uren_per_week": 61}),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            queryset.update(**values)


def test_an_organisations_target_and_opening_hours_have_their_bounds(client, coordinator, org_a):
    client.force_login(coordinator)

    response = client.post(
        reverse("netwerk:organisatie_create"),
        {
            "naam": "Ruim",
            "soort": "anders",
            "taakstelling": "10001",
            "openingstijden": "a" * (NOTITIE + 1),
        },
    )

    errors = response.context["form"].errors
    assert "De taakstelling kan hoogstens 10.000 zijn." in errors["taakstelling"]
    assert "openingstijden" in errors
    assert not Organisatie.objects.filter(naam="Ruim").exists()
    org_a.taakstelling = 10_001
    with pytest.raises(ValidationError) as refused:
        save_organisatie(organisatie=org_a, versie=org_a.versie)
    assert "taakstelling" in refused.value.message_dict
    for values in ({"taakstelling": 10_001}, {"openingstijden": "a" * (NOTITIE + 1)}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Organisatie.objects.filter(pk=org_a.pk).update(**values)

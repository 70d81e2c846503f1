"""Issue 20: the training's dates and notes have bounds, in the form, the service and the
database; a refusal stores nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from opleiding import services
from opleiding.models import Cohort, Meting
from samenvooruit.grenzen import NOTITIE
from tests.opleiding.test_views import SCORES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("datum", ["9999-12-31", "0001-01-01"])
def test_a_session_date_out_of_range_is_refused(client, opleider, les, datum):
    client.force_login(opleider)
    before = les.datum

    response = client.post(
        reverse("opleiding:bijeenkomst_update", args=[les.pk]),
        {"soort": "les", "datum": datum, "onderwerp": "Les"},
    )

    assert response.status_code == 200
    assert "datum" in response.context["form"].errors
    les.refresh_from_db()
    assert les.datum == before


def test_a_measurement_note_longer_than_its_maximum_is_refused(client, opleider, deelname_a):
    client.force_login(opleider)

    response = client.post(
        reverse("opleiding:meting_edit", args=[deelname_a.uuid, "0"]),
        {"datum": "2020-11-17", **SCORES, "toelichting": "t" * (NOTITIE + 1)},
    )

    assert response.status_code == 200
    assert "toelichting" in response.context["form"].errors
    assert not Meting.objects.exists()


def test_a_cohort_cannot_start_before_2000(db):
    with pytest.raises(ValidationError) as refused:
        services.create_cohort(naam="Oud", startdatum=datetime.date(1, 1, 1))

    assert "startdatum" in refused.value.message_dict
    assert not Cohort.objects.exists()


def test_the_database_refuses_a_note_no_rule_let_through(stap_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        stap_a.__class__.objects.update(toelichting="t" * (NOTITIE + 1))

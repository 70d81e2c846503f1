"""The measurement-date rule (issue 22): the 1-meting after the 0-meting, both within the
cohort (not before its start; the 0-meting not after its last session). One rule, asked by the
form (the page) and the service."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opleiding import services
from opleiding.choices import BijeenkomstSoort
from opleiding.models import Bijeenkomst, Meting

D = datetime.date
SCORES = {
    "persoonlijke_groei": "2",
    "professionele_vaardigheden": "3",
    "sociale_vaardigheden": "4",
    "zelfvertrouwen": "1",
    "netwerk": "5",
    "grenzen_aangeven": "2",
}


def _meting(deelname, soort, datum):
    return Meting(
        deelname=deelname, soort=soort, datum=datum, **{k: int(v) for k, v in SCORES.items()}
    )


@pytest.fixture
def laatste_les(cohort):
    return Bijeenkomst.objects.create(
        cohort=cohort, soort=BijeenkomstSoort.LES, datum=D(2021, 6, 1)
    )


def test_the_issues_example_a_1_meting_before_the_0_meting_is_refused_on_the_page(
    client, opleider, deelname_a
):
    services.save_meting(meting=_meting(deelname_a, "0", D(2020, 11, 17)))
    client.force_login(opleider)

    response = client.post(
        reverse("opleiding:meting_edit", args=[deelname_a.uuid, "1"]),
        {"datum": "2020-11-10", **SCORES},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["datum"] == [
        "De 1-meting moet na de 0-meting (17-11-2020) liggen."
    ]
    assert not Meting.objects.filter(soort="1").exists()


def test_a_1_meting_after_the_0_meting_is_stored(client, opleider, deelname_a):
    services.save_meting(meting=_meting(deelname_a, "0", D(2020, 11, 17)))
    client.force_login(opleider)

    response = client.post(
        reverse("opleiding:meting_edit", args=[deelname_a.uuid, "1"]),
        {"datum": "2021-11-17", **SCORES},
    )

    assert response.status_code == 302
    assert Meting.objects.get(soort="1").datum == D(2021, 11, 17)


def test_the_service_refuses_a_0_meting_moved_after_the_1_meting(deelname_a):
    services.save_meting(meting=_meting(deelname_a, "0", D(2020, 11, 17)))
    services.save_meting(meting=_meting(deelname_a, "1", D(2021, 11, 17)))
    nul = Meting.objects.get(soort="0")
    nul.datum = D(2021, 12, 1)

    with pytest.raises(ValidationError) as exc:
        services.save_meting(meting=nul)

    assert exc.value.message_dict["datum"] == [
        "De 0-meting moet vóór de 1-meting (17-11-2021) liggen."
    ]
    assert Meting.objects.get(soort="0").datum == D(2020, 11, 17)


def test_a_measurement_before_the_cohort_started_is_refused(deelname_a):
    with pytest.raises(ValidationError) as exc:
        services.save_meting(meting=_meting(deelname_a, "0", D(2020, 11, 2)))

    assert exc.value.message_dict["datum"] == [
        "De meting ligt vóór de start van het cohort (03-11-2020)."
    ]
    assert not Meting.objects.exists()


def test_a_0_meting_after_the_last_session_is_refused(deelname_a, laatste_les):
    with pytest.raises(ValidationError) as exc:
        services.save_meting(meting=_meting(deelname_a, "0", D(2021, 6, 2)))

    assert "laatste bijeenkomst" in exc.value.message_dict["datum"][0]
    services.save_meting(meting=_meting(deelname_a, "0", D(2021, 6, 1)))
    # The 1-meting comes about a year later, after the cohort ended.
    services.save_meting(meting=_meting(deelname_a, "1", D(2022, 6, 1)))
    assert Meting.objects.count() == 2

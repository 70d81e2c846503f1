"""Issue 20: no server error on any input. The five the attack found, and their kin: absurd page
numbers and sizes, dates a filter cannot compute with, a NUL anywhere, a `next` that is no path,
an id beyond what a database column holds. (tests/test_hostile_input.py sweeps every page.)"""

import pytest
from django.test import Client
from django.urls import reverse

from hulpvragen.choices import ContactSoort
from hulpvragen.models import Contactmoment, Huishouden
from tests.hulpvragen.conftest import make_household
from tests.hulpvragen.test_views import intake_data

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.fixture
def coordinator_client(coordinator):
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    return client


@pytest.mark.parametrize(
    "url",
    [
        f"/hulpvragen/?page={HUGE}",
        f"/hulpvragen/huishoudens/?page={HUGE}",
        f"/hulpvragen/?per_page={HUGE}",
        "/hulpvragen/?page=-1",
        f"/hulpvragen/in-beeld/?s-page={HUGE}",
        f"/noodfonds/aanvragen/?per_page={HUGE}",
        f"/opleiding/?page={HUGE}",
        "/netwerk/organisaties/?per_page=-1",
        "/netwerk/gebruikers/?per_page=-1",
        "/netwerk/toegangslog/?per_page=-1",
    ],
)
def test_absurd_page_numbers_and_sizes_show_a_page(coordinator_client, vp_a, url):
    make_household(vp_a)

    response = coordinator_client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "van=9999-12-31&tot=9999-12-31",
        "van=0001-01-01&tot=0001-01-01",
    ],
)
def test_access_log_filter_refuses_dates_it_cannot_compute_with(coordinator_client, query):
    response = coordinator_client.get(f"/netwerk/toegangslog/?{query}")

    assert response.status_code == 200
    assert "Kies een datum tussen 01-01-1900 en 31-12-2999." in response.content.decode()


def test_casework_filter_refuses_dates_it_cannot_compute_with(coordinator_client):
    response = coordinator_client.get("/hulpvragen/?intake_van=0001-01-01&intake_tot=9999-12-31")

    assert response.status_code == 200
    assert "Kies een datum tussen" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/hulpvragen/huishoudens/HH-2021-0001%00/",
        "/hulpvragen/?q=a%00b",
        "/netwerk/organisaties/?q%00=a",
    ],
)
def test_a_nul_in_the_path_or_the_query_is_a_bad_request(coordinator_client, vp_a, url):
    make_household(vp_a)

    response = coordinator_client.get(url)

    assert response.status_code == 400


def test_a_nul_in_a_form_is_a_bad_request_and_stores_nothing(coordinator_client):
    response = coordinator_client.post(reverse("hulpvragen:intake"), intake_data(naam="An\x00na"))

    assert response.status_code == 400
    assert not Huishouden.objects.exists()


def test_a_huge_id_in_a_multiple_choice_is_refused_in_the_form(coordinator_client):
    response = coordinator_client.post(reverse("hulpvragen:intake"), intake_data(themas=[HUGE]))

    assert response.status_code == 200
    assert "themas" in response.context["form"].errors
    assert not Huishouden.objects.exists()


@pytest.mark.parametrize("next_value", [HUGE, "-1", "hulpvragen:hulpvraag_list", "//elders.nl/"])
def test_a_next_that_is_no_local_path_goes_to_the_record(vp_a, next_value):
    client = Client(raise_request_exception=False)
    client.force_login(vp_a.user)
    hulpvraag = make_household(vp_a).hulpvragen.get()

    response = client.post(
        reverse("hulpvragen:hulpvraag_contact", args=[hulpvraag.uuid]),
        {"soort": ContactSoort.TELEFONISCH, "next": next_value},
    )

    assert response.status_code == 302
    assert response["Location"] == hulpvraag.get_absolute_url()
    assert Contactmoment.objects.count() == 1

"""A hostile `next` never becomes a server error: `redirect` takes a word that is no path for the
name of a view (`next=-1` gave a NoReverseMatch), so only a path on this site is followed."""

import pytest
from django.urls import reverse

from tests.hulpvragen.conftest import first_hulpvraag, make_household

pytestmark = pytest.mark.django_db

HOSTILE = ["-1", "99999999999999999999", "home", "https://elders.example/", "//elders.example/"]


@pytest.mark.parametrize("target", HOSTILE)
def test_staying_logged_in_with_a_hostile_next_goes_to_the_start(client, vp_a, target):
    client.force_login(vp_a.user)

    response = client.post(reverse("sessie_verlengen"), {"next": target})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_staying_logged_in_follows_a_path_on_this_site(client, vp_a):
    client.force_login(vp_a.user)

    response = client.post(reverse("sessie_verlengen"), {"next": reverse("hulpvragen:mijn")})

    assert response["Location"] == reverse("hulpvragen:mijn")


@pytest.mark.parametrize("target", HOSTILE)
def test_a_contact_with_a_hostile_next_goes_back_to_its_help_request(client, vp_a, target):
    hulpvraag = first_hulpvraag(make_household(vp_a))
    client.force_login(vp_a.user)

    response = client.get(
        reverse("hulpvragen:hulpvraag_contact", args=[hulpvraag.uuid]), {"next": target}
    )

    assert response.status_code == 200
    assert f'value="{target}"' not in response.content.decode()

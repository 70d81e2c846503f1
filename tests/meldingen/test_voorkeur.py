"""Issue 17 §1: each user chooses how they hear of notices by e-mail, on a page linked from the
inbox; the default is the daily digest; the service refuses a value outside the choices."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meldingen.models import EmailKeuze, MeldingVoorkeur
from meldingen.services import wijzig_voorkeur

URL = reverse("meldingen:voorkeur")


def test_the_inbox_links_to_the_choice(client, vp_a):
    client.force_login(vp_a.user)

    response = client.get(reverse("meldingen:inbox"))

    assert f'href="{URL}"' in response.content.decode()


def test_without_a_choice_the_page_offers_the_daily_digest_and_stores_nothing(client, vp_a):
    client.force_login(vp_a.user)

    response = client.get(URL)

    form = response.context["form"]
    assert form["email"].value() == EmailKeuze.DAGELIJKS
    assert form["taal"].value() == "nl"
    assert "geen e-mailadres" in response.content.decode()  # vp_a has no address
    assert not MeldingVoorkeur.objects.exists()


def test_the_page_stores_the_users_own_choice(client, vp_a, vp_b):
    vp_a.user.email = "vp_a@example.nl"
    vp_a.user.save()
    client.force_login(vp_a.user)
    assert "vp_a@example.nl" in client.get(URL).content.decode()

    response = client.post(URL, {"email": EmailKeuze.DIRECT, "taal": "en"})

    assert response.status_code == 302 and response["Location"] == reverse("meldingen:inbox")
    voorkeur = MeldingVoorkeur.objects.get()
    assert (voorkeur.user, voorkeur.email, voorkeur.taal) == (vp_a.user, "direct", "en")
    client.post(URL, {"email": EmailKeuze.GEEN, "taal": "nl"})
    assert MeldingVoorkeur.objects.get().email == EmailKeuze.GEEN
    assert not MeldingVoorkeur.objects.filter(user=vp_b.user).exists()


def test_a_value_outside_the_choices_is_refused(client, vp_a):
    client.force_login(vp_a.user)

    response = client.post(URL, {"email": "elk_uur", "taal": "nl"})

    assert response.status_code == 200 and response.context["form"].errors["email"]
    assert not MeldingVoorkeur.objects.exists()
    with pytest.raises(ValidationError) as refused:
        wijzig_voorkeur(user=vp_a.user, email=EmailKeuze.DIRECT, taal="fr")
    assert "taal" in refused.value.message_dict
    assert not MeldingVoorkeur.objects.exists()


def test_the_page_needs_a_login(client):
    response = client.get(URL)

    assert response.status_code == 302 and "/inloggen/" in response["Location"]

"""The referral form suggests the organisations that help with the help request's themes."""

from django.urls import reverse

from hulpvragen.models import Thema
from netwerk import services as netwerk_services
from netwerk.models import Organisatie


def organisatie(naam, themas, actief=True):
    return netwerk_services.save_organisatie(
        organisatie=Organisatie(naam=naam, soort="schuldhulp", actief=actief),
        themas=Thema.objects.filter(naam__in=themas),
    )


def test_referral_form_suggests_organisations_by_theme_most_shared_first(client, vp_a, hv_a):
    hv_a.themas.set(Thema.objects.filter(naam__in=["Schulden", "Woning"]))
    beide = organisatie("Alles Op Orde", ["Schulden", "Woning"])
    schuld = organisatie("Budgethulp", ["Schulden"])
    organisatie("Taalhuis", ["Taal"])
    organisatie("Opgeheven Schuldhulp", ["Schulden"], actief=False)
    client.force_login(vp_a.user)
    url = reverse("hulpvragen:doorverwijzing_create", args=[hv_a.uuid])

    response = client.get(url)

    assert list(response.context["suggesties"]) == [beide, schuld]
    html = response.content.decode()
    assert "Alles Op Orde" in html and "Taalhuis" in html  # Taalhuis: only in the select
    assert f'href="?organisatie={schuld.pk}"' in html


def test_choosing_a_suggestion_fills_in_the_form(client, vp_a, hv_a):
    schuld = organisatie("Budgethulp", ["Schulden"])
    client.force_login(vp_a.user)
    url = reverse("hulpvragen:doorverwijzing_create", args=[hv_a.uuid])

    response = client.get(url + f"?organisatie={schuld.pk}")

    assert response.context["form"]["organisatie"].value() == schuld.pk
    assert f'<option value="{schuld.pk}" selected>' in response.content.decode()


def test_referral_form_without_themes_suggests_nothing(client, vp_a, hv_a):
    hv_a.themas.clear()
    organisatie("Budgethulp", ["Schulden"])
    client.force_login(vp_a.user)

    response = client.get(reverse("hulpvragen:doorverwijzing_create", args=[hv_a.uuid]))

    assert list(response.context["suggesties"]) == []
    assert "Organisaties die helpen bij" not in response.content.decode()

"""Issue 23 §2: the merge pages. A coordinator picks the other record, sees both side by side,
chooses which is kept and confirms; other roles get 404 (tests/scopes.py walks every role)."""

import pytest
from django.urls import reverse

from hulpvragen.models import Huishouden, Hulpvrager
from netwerk.models import Toegangslog
from netwerk.toegangslog import Actie

pytestmark = pytest.mark.django_db


def url(huishouden, met=None):
    base = reverse("samenvoegen:huishouden", args=[huishouden.referentie])
    return base if met is None else f"{base}?met={met}"


def test_the_page_asks_for_the_other_household_first(client, coordinator, twee):
    a, _b = twee
    client.force_login(coordinator)

    response = client.get(url(a))

    page = response.content.decode()
    assert "Referentie van het andere huishouden" in page
    assert "Fatima El Amrani" not in page  # no person shown before the comparison
    assert not Toegangslog.objects.exists()


def test_both_households_side_by_side_with_their_differences(client, coordinator, twee):
    a, b = twee
    client.force_login(coordinator)

    response = client.get(url(a, b.referentie.lower()))

    regels = {r.label: (r.links, r.rechts, r.verschilt) for r in response.context["regels"]}
    assert regels["Postcode"] == ("1094 AB", "", True)
    assert regels["Personen"] == (
        "Fatima El Amrani (1975)",
        "Fátima el-Amrani; Youssef (2001)",
        True,
    )
    assert regels["Hulpvragen"] == ("1", "2", True)
    assert regels["Noodfondsaanvragen"] == ("0", "1", True)
    assert regels["Woonplaats"] == ("Oost", "Oost", False)
    page = response.content.decode()
    assert 'class="table-warning"' in page and "Samenvoegen" in page
    logged = Toegangslog.objects.filter(actie=Actie.BEKEKEN)
    assert set(logged.values_list("object_ref", flat=True)) == {a.referentie, b.referentie}


def test_the_coordinator_keeps_the_other_one_and_is_sent_there(client, coordinator, twee):
    a, b = twee
    client.force_login(coordinator)

    response = client.post(url(a, b.referentie), {"behouden": "rechts", "begrepen": "on"})

    assert response.status_code == 302 and response["Location"] == b.get_absolute_url()
    assert not Huishouden.objects.filter(pk=a.pk).exists()
    assert b.hulpvragen.count() == 3
    assert Toegangslog.objects.filter(actie=Actie.SAMENGEVOEGD).count() == 1
    assert not Toegangslog.objects.filter(actie=Actie.BEKEKEN).exists()  # a POST shows nothing
    message = list(client.get(b.get_absolute_url()).context["messages"])[0]
    assert str(message) == (
        "Samengevoegd; verplaatst: 1 hulpvraag, 1 persoon, 0 aanvragen, 1 toestemming."
    )


def test_without_the_confirmation_nothing_is_merged(client, coordinator, twee):
    a, b = twee
    client.force_login(coordinator)

    response = client.post(url(a, b.referentie), {"behouden": "links"})

    assert "Bevestig dat u beide hebt vergeleken." in response.content.decode()
    assert Huishouden.objects.filter(pk=b.pk).exists()


@pytest.mark.parametrize(
    ("met", "fout"),
    [
        ("HH-1999-0001", "Er is geen huishouden HH-1999-0001."),
        ("self", "Kies een ander huishouden dan"),
    ],
)
def test_another_household_that_does_not_do(client, coordinator, twee, met, fout):
    a, _b = twee
    client.force_login(coordinator)

    response = client.get(url(a, a.referentie if met == "self" else met))

    assert fout in response.content.decode()
    assert "regels" not in response.context


def test_a_reference_merged_before_says_where_it_went(client, coordinator, twee, vp_a):
    from samenvoegen.services import voeg_huishoudens_samen
    from tests.samenvoegen.conftest import household

    a, b = twee
    voeg_huishoudens_samen(behouden=a, weg=b, door=coordinator)
    c = household(vp_a, "Iemand", 1980, "vrouw")
    client.force_login(coordinator)

    response = client.get(url(c, b.referentie))

    assert f"{b.referentie} is al samengevoegd met {a.referentie}." in response.content.decode()


def test_an_organisation_coordinator_cannot_merge_their_own_households(
    client, orgcoordinator, twee
):
    a, b = twee
    client.force_login(orgcoordinator)

    response = client.post(url(a, b.referentie), {"behouden": "links", "begrepen": "on"})

    assert response.status_code == 404
    assert Huishouden.objects.filter(pk=b.pk).exists()


def test_the_household_page_offers_the_merge_to_coordinators_only(client, coordinator, vp_a, twee):
    a, _b = twee
    link = reverse("samenvoegen:huishouden", args=[a.referentie])

    client.force_login(coordinator)
    assert link in client.get(a.get_absolute_url()).content.decode()
    client.force_login(vp_a.user)
    assert link not in client.get(a.get_absolute_url()).content.decode()


# --- persons -------------------------------------------------------------------------------------


def test_two_persons_side_by_side_then_merged(client, coordinator, dubbel_persoon):
    h, piet, tweede = dubbel_persoon
    client.force_login(coordinator)
    page_url = reverse("samenvoegen:hulpvrager", args=[piet.uuid]) + f"?met={tweede.uuid}"

    shown = client.get(page_url)
    response = client.post(page_url, {"behouden": "links", "begrepen": "on"})

    regels = {r.label: (r.links, r.rechts) for r in shown.context["regels"]}
    assert regels["Naam"] == ("Piet Jansen", "Jansen, Piet")
    assert regels["Hoofdpersoon"] == ("ja", "nee")
    assert response.status_code == 302 and response["Location"] == h.get_absolute_url()
    assert list(Hulpvrager.objects.filter(huishouden=h)) == [piet]


def test_persons_that_differ_are_shown_why_they_cannot_be_merged(
    client, coordinator, dubbel_persoon
):
    _h, piet, tweede = dubbel_persoon
    Hulpvrager.objects.filter(pk=tweede.pk).update(geboortejaar=1991)
    client.force_login(coordinator)
    page_url = reverse("samenvoegen:hulpvrager", args=[piet.uuid]) + f"?met={tweede.uuid}"

    page = client.get(page_url).content.decode()
    response = client.post(page_url, {"behouden": "links", "begrepen": "on"})

    assert "Deze personen verschillen in geboortejaar." in page
    assert response.status_code == 200 and Hulpvrager.objects.filter(pk=tweede.pk).exists()

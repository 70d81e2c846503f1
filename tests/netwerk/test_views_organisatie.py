import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netwerk.models import Organisatie, OrganisatieSoort, RolVangnet
from tests.factories import OrganisatieFactory, VertrouwenspersoonFactory
from tests.netwerk.conftest import ROLES

LIST = reverse("netwerk:organisatie_list")


def names_in(response):
    return {row.record.naam for row in response.context["table"].page.object_list}


@pytest.mark.parametrize("role", ROLES[:-1])
def test_organisatie_list_shows_active_organisations_to_every_logged_in_role(
    visit, role, org_a, org_b, inactieve_org
):
    response = visit(role, LIST)

    assert {"Buurthulp Test", "Assadaaka Test"} <= names_in(response)
    assert ("Opgeheven Stichting" in names_in(response)) is (role == "coordinator")


def test_organisatie_list_anonymous_goes_to_login(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.fixture
def kaart(db):
    return {
        "voedsel": OrganisatieFactory(
            naam="Voedselbank Oost",
            soort=OrganisatieSoort.VRIJWILLIGERSORGANISATIE,
            rol_vangnet=RolVangnet.ONDERSTEUNEND,
            partner=False,
            aanbod="Voedselpakketten elke week.",
        ),
        "schuld": OrganisatieFactory(
            naam="Schuldhulp Oost",
            soort=OrganisatieSoort.SCHULDHULP,
            rol_vangnet=RolVangnet.CURATIEF,
            partner=False,
            aanbod="Budgetbeheer en schuldregeling.",
        ),
        "meevaart": OrganisatieFactory(
            naam="De Meevaart",
            soort=OrganisatieSoort.BEWONERSINITIATIEF,
            rol_vangnet=RolVangnet.PREVENTIEF,
            partner=True,
            aanbod="Ontmoeting en spreekuren over voedsel en geld.",
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "schuld"}, {"Schuldhulp Oost"}),  # name
        ({"q": "VOEDSEL"}, {"Voedselbank Oost", "De Meevaart"}),  # name or offer, any case
        ({"q": "budgetbeheer"}, {"Schuldhulp Oost"}),  # offer only
        ({"soort": "schuldhulp"}, {"Schuldhulp Oost"}),
        ({"rol_vangnet": "preventief"}, {"De Meevaart"}),
        ({"partner": "true"}, {"De Meevaart"}),
        ({"partner": "false"}, {"Voedselbank Oost", "Schuldhulp Oost"}),
        ({"q": "oost", "rol_vangnet": "curatief"}, {"Schuldhulp Oost"}),
    ],
)
def test_organisatie_list_search_and_filters(visit, kaart, query, expected):
    response = visit("vp_a", LIST + "?" + "&".join(f"{k}={v}" for k, v in query.items()))

    # the role fixtures add their own partner organisations; look at the map's three
    assert names_in(response) & {o.naam for o in kaart.values()} == expected


def test_organisatie_list_actief_filter_only_for_coordinators(visit, kaart, inactieve_org):
    as_coordinator = visit("coordinator", LIST + "?actief=false")
    as_trusted_person = visit("vp_a", LIST + "?actief=false")

    assert names_in(as_coordinator) == {"Opgeheven Stichting"}
    assert "actief" not in as_trusted_person.context["filter"].form.fields
    assert "Opgeheven Stichting" not in names_in(as_trusted_person)


def test_organisatie_list_is_paginated(visit, coordinator):
    OrganisatieFactory.create_batch(30)
    total = Organisatie.objects.count()

    first = visit("coordinator", LIST)
    second = visit("coordinator", LIST + "?page=2")

    assert len(first.context["table"].page.object_list) == 25
    assert len(second.context["table"].page.object_list) == total - 25


def test_organisatie_list_queries_do_not_grow_with_rows(
    client, coordinator, django_assert_num_queries
):
    client.force_login(coordinator)
    url = LIST + "?per_page=100"
    OrganisatieFactory()
    client.get(url)
    with CaptureQueriesContext(connection) as one_row:
        client.get(url)
    OrganisatieFactory.create_batch(49)

    with django_assert_num_queries(len(one_row)):
        response = client.get(url)

    assert len(response.context["table"].page.object_list) == 50


def test_organisatie_detail_shows_offer_and_only_visible_trusted_persons(visit, org_b, vp_b):
    VertrouwenspersoonFactory(naam="Collega B", organisatie=org_b)
    org_b.aanbod = "Taalcafé op dinsdag"
    org_b.save()
    url = reverse("netwerk:organisatie_detail", args=[org_b.pk])

    as_coordinator = visit("coordinator", url)
    as_vp_a = visit("vp_a", url)

    assert "Taalcafé op dinsdag" in as_vp_a.content.decode()
    assert [p.naam for p in as_coordinator.context["personen"]] == ["Collega B", "VP B"]
    assert list(as_vp_a.context["personen"]) == []
    assert "Collega B" not in as_vp_a.content.decode()


def test_organisatie_detail_edit_link_only_for_coordinators(visit, org_a):
    url = reverse("netwerk:organisatie_detail", args=[org_a.pk])
    edit = reverse("netwerk:organisatie_update", args=[org_a.pk])

    assert edit in visit("coordinator", url).content.decode()
    assert edit not in visit("orgcoordinator", url).content.decode()


def test_organisatie_create_by_coordinator_stores_it(visit, coordinator):
    data = {
        "naam": "Buurtteam Dapperbuurt",
        "soort": "buurtteam",
        "rol_vangnet": "curatief",
        "aanbod": "Hulp bij geld en opvoeding.",
        "telefoon": "020-1234567",
        "email": "info@buurtteam.example",
        "website": "buurtteam.example",
        "actief": "on",
    }

    response = visit("coordinator", reverse("netwerk:organisatie_create"), data=data)

    organisatie = Organisatie.objects.get(naam="Buurtteam Dapperbuurt")
    assert response.status_code == 302
    assert response.url == organisatie.get_absolute_url()
    assert organisatie.soort == "buurtteam"
    assert organisatie.rol_vangnet == "curatief"
    assert organisatie.partner is False
    assert organisatie.website == "https://buurtteam.example"
    assert organisatie.actief is True


def test_organisatie_update_by_coordinator_changes_it(visit, org_a):
    data = {"naam": "Buurthulp Oost", "soort": "bewonersinitiatief", "partner": "on", "versie": 1}

    response = visit("coordinator", reverse("netwerk:organisatie_update", args=[org_a.pk]), data)

    org_a.refresh_from_db()
    assert response.status_code == 302
    assert org_a.naam == "Buurthulp Oost"
    assert org_a.soort == "bewonersinitiatief"
    assert org_a.actief is False  # an unticked box is a "no"


def test_organisatie_list_folds_filters_unless_one_is_used(visit, kaart):
    plain = visit("vp_a", LIST + "?q=oost")
    filtered = visit("vp_a", LIST + "?soort=schuldhulp")

    assert plain.context["filters_active"] is False
    assert filtered.context["filters_active"] is True
    assert "<details open>" in filtered.content.decode()

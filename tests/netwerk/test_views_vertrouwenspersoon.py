import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netwerk.models import Vertrouwenspersoon
from netwerk.roles import Rol
from tests.factories import VertrouwenspersoonFactory, make_user

LIST = reverse("netwerk:vertrouwenspersoon_list")
CREATE = reverse("netwerk:vertrouwenspersoon_create")


def names_in(response):
    return {row.record.naam for row in response.context["table"].page.object_list}


@pytest.fixture
def collega_a(org_a):
    """A second trusted person at org_a, without a login."""
    return VertrouwenspersoonFactory(naam="Collega A", organisatie=org_a)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", {"VP A", "Collega A", "VP B"}),
        ("orgcoordinator", {"VP A", "Collega A"}),
        ("vp_a", {"VP A"}),
        ("vp_b", {"VP B"}),
    ],
)
def test_vertrouwenspersoon_list_shows_what_the_role_may_see(visit, collega_a, role, expected):
    response = visit(role, LIST)

    assert names_in(response) == expected


@pytest.mark.parametrize("role", ["commissie", "opleider", "outsider"])
def test_vertrouwenspersoon_list_is_not_there_for_other_roles(visit, collega_a, role):
    response = visit(role, LIST)

    assert response.status_code == 404
    assert b"Collega A" not in response.content


def test_vertrouwenspersoon_list_filters(visit, collega_a, vp_b, org_b):
    collega_a.status = "gestopt"
    collega_a.save()

    by_status = visit("coordinator", LIST + "?status=gestopt")
    by_name = visit("coordinator", LIST + "?q=vp")
    by_organisatie = visit("coordinator", LIST + f"?organisatie={org_b.pk}")

    assert names_in(by_status) == {"Collega A"}
    assert names_in(by_name) == {"VP A", "VP B"}
    assert names_in(by_organisatie) == {"VP B"}


def test_vertrouwenspersoon_list_offers_no_organisation_choice_to_orgcoordinators(visit, vp_b):
    response = visit("orgcoordinator", LIST + f"?organisatie={vp_b.organisatie_id}")

    assert "organisatie" not in response.context["filter"].form.fields
    assert names_in(response) == {"VP A"}


@pytest.mark.parametrize("role", ["coordinator", "orgcoordinator"])
def test_vertrouwenspersoon_list_queries_do_not_grow_with_rows(
    client, users, org_a, role, django_assert_num_queries
):
    client.force_login(users[role])
    url = LIST + "?per_page=100"
    Vertrouwenspersoon.objects.all().delete()
    VertrouwenspersoonFactory(organisatie=org_a)
    client.get(url)
    with CaptureQueriesContext(connection) as one_row:
        client.get(url)
    # new organisations too, so a per-row organisation lookup would show
    VertrouwenspersoonFactory.create_batch(24)
    VertrouwenspersoonFactory.create_batch(25, organisatie=org_a)

    with django_assert_num_queries(len(one_row)):
        response = client.get(url)

    expected = 50 if role == "coordinator" else 26
    assert len(response.context["table"].page.object_list) == expected


def test_vertrouwenspersoon_detail_edit_link_for_those_who_may_edit(visit, vp_a):
    url = reverse("netwerk:vertrouwenspersoon_detail", args=[vp_a.uuid])
    edit = reverse("netwerk:vertrouwenspersoon_update", args=[vp_a.uuid])

    assert edit in visit("orgcoordinator", url).content.decode()
    assert edit not in visit("vp_a", url).content.decode()


def test_vertrouwenspersoon_create_by_coordinator_any_organisation(visit, org_b, coordinator):
    data = {
        "naam": "Nieuwe VP",
        "organisatie": org_b.pk,
        "status": "in_opleiding",
        "startdatum": "2021-01-04",
        "uren_per_week": "6",
        "telefoon": "06-12345678",
    }

    response = visit("coordinator", CREATE, data=data)

    persoon = Vertrouwenspersoon.objects.get(naam="Nieuwe VP")
    assert response.status_code == 302
    assert response.url == persoon.get_absolute_url()
    assert persoon.organisatie == org_b
    assert persoon.startdatum == datetime.date(2021, 1, 4)
    assert persoon.uren_per_week == 6


def test_vertrouwenspersoon_create_by_orgcoordinator_is_for_own_organisation(visit, org_a):
    response = visit("orgcoordinator", CREATE)

    field = response.context["form"].fields["organisatie"]
    assert field.disabled
    assert list(field.queryset) == [org_a]


def test_orgcoordinator_forged_organisation_on_create_stores_at_own(visit, users, org_a, org_b):
    data = {"naam": "Nieuwe VP", "organisatie": org_b.pk, "status": "actief"}

    visit("orgcoordinator", CREATE, data=data)

    assert not Vertrouwenspersoon.objects.filter(organisatie=org_b, naam="Nieuwe VP").exists()
    assert Vertrouwenspersoon.objects.get(naam="Nieuwe VP").organisatie == org_a


def test_orgcoordinator_forged_organisation_on_edit_changes_nothing(visit, vp_a, org_a, org_b):
    url = reverse("netwerk:vertrouwenspersoon_update", args=[vp_a.uuid])
    data = {"naam": "VP A", "organisatie": org_b.pk, "status": "actief", "versie": vp_a.versie}

    visit("orgcoordinator", url, data=data)

    vp_a.refresh_from_db()
    assert vp_a.organisatie == org_a


def test_orgcoordinator_cannot_edit_other_organisations_trusted_person(visit, vp_b, org_b, org_a):
    url = reverse("netwerk:vertrouwenspersoon_update", args=[vp_b.uuid])
    data = {"naam": "Overgenomen", "organisatie": org_a.pk, "status": "gestopt", "versie": 1}

    response = visit("orgcoordinator", url, data=data)

    vp_b.refresh_from_db()
    assert response.status_code == 404
    assert (vp_b.naam, vp_b.organisatie, vp_b.status) == ("VP B", org_b, "actief")


def test_orgcoordinator_edits_own_trusted_person(visit, vp_a, org_a):
    url = reverse("netwerk:vertrouwenspersoon_update", args=[vp_a.uuid])
    data = {"naam": "VP A", "status": "gestopt", "einddatum": "2021-06-30", "versie": vp_a.versie}

    response = visit("orgcoordinator", url, data=data)

    vp_a.refresh_from_db()
    assert response.status_code == 302
    assert vp_a.status == "gestopt"
    assert vp_a.einddatum == datetime.date(2021, 6, 30)
    assert vp_a.organisatie == org_a


def test_orgcoordinator_without_organisation_cannot_create(client, db):
    client.force_login(make_user("zonder_org", Rol.ORGCOORDINATOR))

    response = client.post(CREATE, {"naam": "X", "status": "actief"})

    assert response.status_code == 404
    assert not Vertrouwenspersoon.objects.filter(naam="X").exists()

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netwerk.models import Vertrouwenspersoon
from netwerk.roles import Rol, roles_of
from tests.factories import OrganisatieFactory, VertrouwenspersoonFactory, make_user

User = get_user_model()
LIST = reverse("netwerk:gebruiker_list")
CREATE = reverse("netwerk:gebruiker_create")
PASSWORD = "Lange-zin-voor-de-test-42"


def usernames_in(response):
    return {row.record.username for row in response.context["table"].page.object_list}


def url(name, user):
    return reverse(f"netwerk:{name}", args=[user.profiel.uuid])


def group_names(user):
    return set(user.groups.values_list("name", flat=True))


# list --------------------------------------------------------------------------------------


def test_gebruiker_list_coordinator_sees_every_login(visit, users):
    response = visit("coordinator", LIST)

    assert usernames_in(response) == {u.username for u in users.values()}


def test_gebruiker_list_orgcoordinator_sees_only_own_organisations_trusted_persons(
    visit, users, org_a
):
    make_user("nieuw_a", None, org_a)  # no role yet: theirs to hand out
    make_user("commissie_a", Rol.FONDSCOMMISSIE, org_a)  # a role they may not grant

    response = visit("orgcoordinator", LIST)

    assert usernames_in(response) == {"vp_a", "nieuw_a"}


def test_gebruiker_list_shows_role_and_organisation(visit, users):
    response = visit("coordinator", LIST + "?q=vp_a")

    html = response.content.decode()
    assert usernames_in(response) == {"vp_a"}
    assert "Vertrouwenspersoon" in html
    assert "Buurthulp Test" in html


def test_gebruiker_list_filters_on_role_and_active(visit, users):
    users["commissie"].is_active = False
    users["commissie"].save()

    by_role = visit("coordinator", LIST + "?rol=Vertrouwenspersoon")
    inactive = visit("coordinator", LIST + "?is_active=false")

    assert usernames_in(by_role) == {"vp_a", "vp_b"}
    assert usernames_in(inactive) == {"commissie"}


def test_gebruiker_list_hides_superusers_from_other_coordinators(visit, users):
    User.objects.create_superuser("beheerder", password=PASSWORD)

    response = visit("coordinator", LIST)

    assert "beheerder" not in usernames_in(response)


def test_gebruiker_list_queries_do_not_grow_with_rows(
    client, coordinator, django_assert_num_queries
):
    client.force_login(coordinator)
    list_url = LIST + "?per_page=100"
    client.get(list_url)
    with CaptureQueriesContext(connection) as one_row:
        client.get(list_url)
    for i in range(49):  # each with a role, an organisation and a trusted-person record
        user = make_user(f"vp{i}", Rol.VERTROUWENSPERSOON, OrganisatieFactory())
        VertrouwenspersoonFactory(user=user, organisatie=user.profiel.organisatie)

    with django_assert_num_queries(len(one_row)):
        response = client.get(list_url)

    assert len(response.context["table"].page.object_list) == 50


def test_gebruiker_list_queries_do_not_grow_for_orgcoordinator(
    client, orgcoordinator, org_a, django_assert_num_queries
):
    client.force_login(orgcoordinator)
    make_user("vp_first", Rol.VERTROUWENSPERSOON, org_a)
    client.get(LIST)
    with CaptureQueriesContext(connection) as one_row:
        client.get(LIST)
    for i in range(49):
        make_user(f"vp{i}", Rol.VERTROUWENSPERSOON, org_a)

    with django_assert_num_queries(len(one_row)):
        response = client.get(LIST + "?per_page=100")

    assert len(response.context["table"].page.object_list) == 50


# create ------------------------------------------------------------------------------------


def test_coordinator_creates_login_with_role_organisation_and_link(visit, users, org_b):
    persoon = VertrouwenspersoonFactory(naam="Nog zonder login", organisatie=org_b)
    data = {
        "username": "nieuwe_vp",
        "first_name": "Nora",
        "last_name": "Nieuw",
        "email": "nora@example.org",
        "rollen": [Rol.VERTROUWENSPERSOON.value],
        "organisatie": org_b.pk,
        "vertrouwenspersoon": persoon.pk,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }

    response = visit("coordinator", CREATE, data=data)

    user = User.objects.get(username="nieuwe_vp")
    persoon.refresh_from_db()
    assert response.status_code == 302
    assert response.url == url("gebruiker_detail", user)
    assert group_names(user) == {"Vertrouwenspersoon"}
    assert user.profiel.organisatie == org_b
    assert persoon.user == user
    assert user.check_password(PASSWORD)
    assert user.is_active


def test_coordinator_may_grant_every_role(visit, users):
    response = visit("coordinator", CREATE)

    assert [v for v, _ in response.context["form"].fields["rollen"].choices] == Rol.values


def test_coordinator_creates_login_with_several_roles_and_no_organisation(visit, users):
    data = {
        "username": "tweede_coordinator",
        "rollen": [Rol.COORDINATOR.value, Rol.FONDSCOMMISSIE.value],
        "password1": PASSWORD,
        "password2": PASSWORD,
    }

    visit("coordinator", CREATE, data=data)

    user = User.objects.get(username="tweede_coordinator")
    assert group_names(user) == {"Coördinator", "Fondscommissie"}
    assert user.profiel.organisatie is None


def test_orgcoordinator_creates_trusted_person_login_for_own_organisation(visit, users, org_a):
    persoon = VertrouwenspersoonFactory(naam="Collega A", organisatie=org_a)
    data = {
        "username": "collega_a",
        "rollen": [Rol.VERTROUWENSPERSOON.value],
        "vertrouwenspersoon": persoon.pk,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }

    response = visit("orgcoordinator", CREATE, data=data)

    user = User.objects.get(username="collega_a")
    persoon.refresh_from_db()
    assert response.status_code == 302
    assert group_names(user) == {"Vertrouwenspersoon"}
    assert user.profiel.organisatie == org_a
    assert persoon.user == user


def test_orgcoordinator_may_only_grant_trusted_person_role(visit, users, org_a):
    response = visit("orgcoordinator", CREATE)

    form = response.context["form"]
    assert [v for v, _ in form.fields["rollen"].choices] == [Rol.VERTROUWENSPERSOON.value]
    assert form.fields["organisatie"].disabled
    assert list(form.fields["organisatie"].queryset) == [org_a]


@pytest.mark.parametrize(
    "rol",
    [Rol.COORDINATOR, Rol.ORGCOORDINATOR, Rol.FONDSCOMMISSIE, Rol.OPLEIDER],
)
def test_orgcoordinator_forged_role_creates_no_login(visit, users, rol):
    before = User.objects.count()
    data = {
        "username": "indringer",
        "rollen": [rol.value, Rol.VERTROUWENSPERSOON.value],
        "password1": PASSWORD,
        "password2": PASSWORD,
    }

    response = visit("orgcoordinator", CREATE, data=data)

    assert response.status_code == 200
    assert "rollen" in response.context["form"].errors
    assert User.objects.count() == before
    assert not User.objects.filter(username="indringer").exists()


def test_orgcoordinator_forged_organisation_creates_login_at_own(visit, users, org_a, org_b):
    data = {
        "username": "nieuw",
        "rollen": [Rol.VERTROUWENSPERSOON.value],
        "organisatie": org_b.pk,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }

    visit("orgcoordinator", CREATE, data=data)

    assert User.objects.get(username="nieuw").profiel.organisatie == org_a
    assert not User.objects.filter(username="nieuw", profiel__organisatie=org_b).exists()


def test_orgcoordinator_cannot_link_other_organisations_trusted_person(visit, users, org_b):
    persoon = VertrouwenspersoonFactory(naam="Zonder login B", organisatie=org_b)
    data = {
        "username": "nieuw",
        "rollen": [Rol.VERTROUWENSPERSOON.value],
        "vertrouwenspersoon": persoon.pk,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }

    response = visit("orgcoordinator", CREATE, data=data)

    persoon.refresh_from_db()
    assert "vertrouwenspersoon" in response.context["form"].errors
    assert persoon.user is None
    assert not User.objects.filter(username="nieuw").exists()


def test_already_linked_trusted_person_is_not_offered(visit, users, vp_a):
    response = visit("coordinator", CREATE)

    assert vp_a not in response.context["form"].fields["vertrouwenspersoon"].queryset


# update ------------------------------------------------------------------------------------


def test_coordinator_changes_role_organisation_and_link(visit, users, org_b):
    vp_b_record = Vertrouwenspersoon.objects.get(user=users["vp_b"])
    target = users["commissie"]
    persoon = VertrouwenspersoonFactory(naam="Nieuw B", organisatie=org_b)
    data = {
        "first_name": "Cees",
        "last_name": "Commissie",
        "email": "cees@example.org",
        "rollen": [Rol.FONDSCOMMISSIE.value, Rol.VERTROUWENSPERSOON.value],
        "organisatie": org_b.pk,
        "vertrouwenspersoon": persoon.pk,
    }

    response = visit("coordinator", url("gebruiker_update", target), data=data)

    target.refresh_from_db()
    persoon.refresh_from_db()
    vp_b_record.refresh_from_db()
    assert response.status_code == 302
    assert group_names(target) == {"Fondscommissie", "Vertrouwenspersoon"}
    assert target.profiel.organisatie == org_b
    assert target.first_name == "Cees"
    assert persoon.user == target
    assert vp_b_record.user == users["vp_b"]


def test_coordinator_unlinks_trusted_person(visit, users, vp_a, org_a):
    data = {"rollen": [Rol.VERTROUWENSPERSOON.value], "organisatie": org_a.pk}

    visit("coordinator", url("gebruiker_update", users["vp_a"]), data=data)

    vp_a.refresh_from_db()
    assert vp_a.user is None


def test_coordinator_cannot_change_own_roles(visit, users, coordinator):
    data = {"rollen": [Rol.OPLEIDER.value], "first_name": "Carla"}

    visit("coordinator", url("gebruiker_update", coordinator), data=data)

    coordinator.refresh_from_db()
    assert group_names(coordinator) == {"Coördinator"}
    assert coordinator.first_name == "Carla"


def test_orgcoordinator_cannot_raise_trusted_person_above_own_role(visit, users, org_a):
    target = users["vp_a"]
    data = {"rollen": [Rol.COORDINATOR.value], "organisatie": org_a.pk}

    response = visit("orgcoordinator", url("gebruiker_update", target), data=data)

    assert response.status_code == 200
    assert "rollen" in response.context["form"].errors
    assert group_names(target) == {"Vertrouwenspersoon"}


def test_orgcoordinator_cannot_edit_other_organisations_login(visit, users, org_a):
    target = users["vp_b"]
    data = {"rollen": [Rol.VERTROUWENSPERSOON.value], "first_name": "Gekaapt"}

    response = visit("orgcoordinator", url("gebruiker_update", target), data=data)

    target.refresh_from_db()
    assert response.status_code == 404
    assert target.first_name == ""
    assert target.profiel.organisatie.naam == "Assadaaka Test"


def test_orgcoordinator_cannot_touch_own_or_coordinator_logins(visit, users):
    for target in (users["orgcoordinator"], users["coordinator"]):
        response = visit("orgcoordinator", url("gebruiker_wachtwoord", target), data={})

        assert response.status_code == 404


# activation and password -------------------------------------------------------------------


def test_deactivated_login_cannot_sign_in(client, visit, users):
    visit("coordinator", url("gebruiker_deactiveer", users["vp_a"]), data={})
    client.logout()

    response = client.post(reverse("login"), {"username": "vp_a", "password": "x" * 12})

    users["vp_a"].refresh_from_db()
    assert users["vp_a"].is_active is False
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_coordinator_cannot_deactivate_self(visit, coordinator, users):
    response = visit("coordinator", url("gebruiker_deactiveer", coordinator), data={})

    coordinator.refresh_from_db()
    assert coordinator.is_active
    assert response.status_code == 302
    follow = visit("coordinator", response.url)
    assert "U kunt uw eigen login niet blokkeren." in follow.content.decode()


def test_reactivated_login_has_its_role_again(visit, users):
    target = users["vp_b"]
    target.is_active = False
    target.save()

    visit("coordinator", url("gebruiker_activeer", target), data={})

    target = User.objects.get(pk=target.pk)
    assert target.is_active
    assert roles_of(target) == {"Vertrouwenspersoon"}


@pytest.mark.parametrize("role", ["coordinator", "orgcoordinator"])
def test_new_password_is_set(visit, users, role):
    target = users["vp_a"]
    data = {"new_password1": PASSWORD, "new_password2": PASSWORD}

    response = visit(role, url("gebruiker_wachtwoord", target), data=data)

    target.refresh_from_db()
    assert response.status_code == 302
    assert target.check_password(PASSWORD)


def test_coordinator_setting_own_password_stays_signed_in(client, visit, coordinator, users):
    data = {"new_password1": PASSWORD, "new_password2": PASSWORD}

    visit("coordinator", url("gebruiker_wachtwoord", coordinator), data=data)

    coordinator.refresh_from_db()
    assert coordinator.check_password(PASSWORD)
    assert client.get(LIST).status_code == 200

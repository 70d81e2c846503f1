"""The services refuse a forged grant even when no form stands in front of them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from netwerk import services
from netwerk.roles import Rol
from tests.factories import VertrouwenspersoonFactory

User = get_user_model()
PASSWORD = "Lange-zin-voor-de-test-42"


def test_create_gebruiker_stores_user_roles_profile_and_link(coordinator, org_a):
    persoon = VertrouwenspersoonFactory(organisatie=org_a)

    user = services.create_gebruiker(
        door=coordinator,
        username="nieuw",
        password=PASSWORD,
        rollen=[Rol.VERTROUWENSPERSOON],
        organisatie=org_a,
        vertrouwenspersoon=persoon,
    )

    persoon.refresh_from_db()
    assert set(user.groups.values_list("name", flat=True)) == {"Vertrouwenspersoon"}
    assert user.profiel.organisatie == org_a
    assert persoon.user == user
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "rollen", [[Rol.COORDINATOR], [Rol.ORGCOORDINATOR], [Rol.VERTROUWENSPERSOON, Rol.OPLEIDER]]
)
def test_create_gebruiker_refuses_role_above_orgcoordinator(orgcoordinator, org_a, rollen):
    before = User.objects.count()

    with pytest.raises(PermissionDenied):
        services.create_gebruiker(
            door=orgcoordinator, username="x", password=PASSWORD, rollen=rollen, organisatie=org_a
        )

    assert User.objects.count() == before


@pytest.mark.parametrize("organisatie", ["org_b", None])
def test_create_gebruiker_refuses_other_organisation_for_orgcoordinator(
    request, orgcoordinator, organisatie
):
    organisatie = request.getfixturevalue(organisatie) if organisatie else None
    before = User.objects.count()

    with pytest.raises(PermissionDenied):
        services.create_gebruiker(
            door=orgcoordinator,
            username="x",
            password=PASSWORD,
            rollen=[Rol.VERTROUWENSPERSOON],
            organisatie=organisatie,
        )

    assert User.objects.count() == before


def test_create_gebruiker_refuses_trusted_person_outside_scope(orgcoordinator, org_a, org_b):
    persoon_b = VertrouwenspersoonFactory(organisatie=org_b)

    with pytest.raises(PermissionDenied):
        services.create_gebruiker(
            door=orgcoordinator,
            username="x",
            password=PASSWORD,
            rollen=[Rol.VERTROUWENSPERSOON],
            organisatie=org_a,
            vertrouwenspersoon=persoon_b,
        )

    persoon_b.refresh_from_db()
    assert persoon_b.user is None
    assert not User.objects.filter(username="x").exists()


def test_create_gebruiker_refuses_trusted_person_with_a_login(coordinator, vp_a, org_a):
    with pytest.raises(PermissionDenied):
        services.create_gebruiker(
            door=coordinator,
            username="x",
            password=PASSWORD,
            rollen=[Rol.VERTROUWENSPERSOON],
            organisatie=org_a,
            vertrouwenspersoon=vp_a,
        )

    vp_a.refresh_from_db()
    assert vp_a.user.username == "vp_a"


@pytest.mark.parametrize("role", ["vp_a", "commissie", "opleider", "outsider"])
def test_roles_that_grant_nothing_cannot_create_logins(users, org_a, role):
    with pytest.raises(PermissionDenied):
        services.create_gebruiker(
            door=users[role],
            username="x",
            password=PASSWORD,
            rollen=[Rol.VERTROUWENSPERSOON],
            organisatie=org_a,
        )

    assert not User.objects.filter(username="x").exists()


def test_update_gebruiker_refuses_login_outside_scope(orgcoordinator, vp_b, org_a):
    with pytest.raises(PermissionDenied):
        services.update_gebruiker(
            door=orgcoordinator,
            gebruiker=vp_b.user,
            rollen=[Rol.VERTROUWENSPERSOON],
            organisatie=org_a,
            vertrouwenspersoon=None,
            first_name="Gekaapt",
            last_name="",
            email="",
        )

    vp_b.refresh_from_db()
    vp_b.user.refresh_from_db()
    assert vp_b.user.first_name == ""
    assert vp_b.user.profiel.organisatie.naam == "Assadaaka Test"


def test_update_gebruiker_refuses_raising_own_trusted_person(orgcoordinator, vp_a, org_a):
    with pytest.raises(PermissionDenied):
        services.update_gebruiker(
            door=orgcoordinator,
            gebruiker=vp_a.user,
            rollen=[Rol.COORDINATOR],
            organisatie=org_a,
            vertrouwenspersoon=vp_a,
            first_name="",
            last_name="",
            email="",
        )

    assert set(vp_a.user.groups.values_list("name", flat=True)) == {"Vertrouwenspersoon"}


def test_update_gebruiker_keeps_groups_that_are_not_roles(coordinator, vp_a, org_a):
    extra = Group.objects.create(name="Nieuwsbrief")
    vp_a.user.groups.add(extra)

    services.update_gebruiker(
        door=coordinator,
        gebruiker=vp_a.user,
        rollen=[Rol.FONDSCOMMISSIE],
        organisatie=org_a,
        vertrouwenspersoon=None,
        first_name="",
        last_name="",
        email="",
    )

    vp_a.refresh_from_db()
    assert set(User.objects.get(username="vp_a").groups.values_list("name", flat=True)) == {
        "Fondscommissie",
        "Nieuwsbrief",
    }
    assert vp_a.user is None


def test_set_gebruiker_actief_refuses_self(coordinator):
    with pytest.raises(ValidationError):
        services.set_gebruiker_actief(door=coordinator, gebruiker=coordinator, actief=False)

    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_set_gebruiker_actief_refuses_login_outside_scope(orgcoordinator, vp_b):
    with pytest.raises(PermissionDenied):
        services.set_gebruiker_actief(door=orgcoordinator, gebruiker=vp_b.user, actief=False)

    vp_b.user.refresh_from_db()
    assert vp_b.user.is_active

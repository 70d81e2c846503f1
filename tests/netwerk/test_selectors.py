import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group

from netwerk.roles import Rol
from netwerk.selectors import gebruikers_visible_to, grantable_roles
from tests.factories import make_user

User = get_user_model()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", list(Rol)),
        ("orgcoordinator", [Rol.VERTROUWENSPERSOON]),
        ("vp_a", []),
        ("commissie", []),
        ("opleider", []),
        ("outsider", []),
    ],
)
def test_grantable_roles_follow_grantable(users, role, expected):
    assert grantable_roles(users[role]) == expected


def test_grantable_roles_of_anonymous_and_inactive(users):
    coordinator = users["coordinator"]
    coordinator.is_active = False

    assert grantable_roles(AnonymousUser()) == []
    assert grantable_roles(User.objects.get(pk=coordinator.pk)) == list(Rol)
    assert grantable_roles(coordinator) == []


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "coordinator",
            {"coord", "orgcoord", "vp_a", "vp_b", "commissie", "opleider", "buitenstaander"},
        ),
        ("orgcoordinator", {"vp_a", "geen_rol_a"}),
        ("vp_a", set()),
        ("vp_b", set()),
        ("commissie", set()),
        ("opleider", set()),
        ("outsider", set()),
    ],
)
def test_gebruikers_visible_to(users, org_a, role, expected):
    make_user("geen_rol_a", None, org_a)
    make_user("staf_a", Rol.VERTROUWENSPERSOON, org_a, is_staff=True)
    dubbel = make_user("dubbel_a", Rol.VERTROUWENSPERSOON, org_a)
    dubbel.groups.add(Group.objects.get(name=Rol.FONDSCOMMISSIE))  # one role too many
    User.objects.create_superuser("super", password="x" * 12)
    if role == "coordinator":
        expected = expected | {"geen_rol_a", "staf_a", "dubbel_a"}

    assert set(gebruikers_visible_to(users[role]).values_list("username", flat=True)) == expected


def test_superuser_sees_superusers(db):
    root = User.objects.create_superuser("root", password="x" * 12)

    assert "root" in set(gebruikers_visible_to(root).values_list("username", flat=True))


def test_orgcoordinator_without_organisation_manages_no_one(users):
    zonder = make_user("zonder_org", Rol.ORGCOORDINATOR)

    assert not gebruikers_visible_to(zonder).exists()

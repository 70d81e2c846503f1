import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from netwerk.roles import Rol, roles_of, vertrouwenspersoon_id_of

DEMO_LOGINS = {
    "coordinator": Rol.COORDINATOR,
    "orgcoordinator": Rol.ORGCOORDINATOR,
    "vp1": Rol.VERTROUWENSPERSOON,
    "vp2": Rol.VERTROUWENSPERSOON,
    "commissie1": Rol.FONDSCOMMISSIE,
    "commissie2": Rol.FONDSCOMMISSIE,
    "opleider": Rol.OPLEIDER,
}


@pytest.mark.django_db
def test_demo_creates_exactly_the_fixed_logins_with_their_roles(demo_db):
    # (a former committee member of the split vote stays in the data, as no login: demo.vandaag)
    users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}

    assert set(users) == set(DEMO_LOGINS)
    for username, role in DEMO_LOGINS.items():
        assert roles_of(users[username]) == {role.value}
        assert users[username].check_password("demo-wachtwoord-1")


@pytest.mark.django_db
def test_demo_trusted_persons_work_at_two_different_organisations(demo_db):
    users = get_user_model().objects
    vp1 = users.get(username="vp1")
    vp2 = users.get(username="vp2")

    assert vertrouwenspersoon_id_of(vp1) and vertrouwenspersoon_id_of(vp2)
    assert vp1.vertrouwenspersoon.organisatie != vp2.vertrouwenspersoon.organisatie
    assert (
        users.get(username="orgcoordinator").profiel.organisatie
        == vp1.vertrouwenspersoon.organisatie
    )


@pytest.mark.django_db
def test_demo_refuses_a_database_that_holds_data(demo_db):
    with pytest.raises(CommandError, match="bevat al gegevens"):
        call_command("demo")

    assert get_user_model().objects.filter(is_active=True).count() == len(DEMO_LOGINS)

"""Named users for every role (STYLE.md): two organisations, two trusted persons, an outsider."""

import pytest

from netwerk.roles import Rol
from tests.factories import OrganisatieFactory, VertrouwenspersoonFactory, make_user


@pytest.fixture
def org_a(db):
    return OrganisatieFactory(naam="Buurthulp Test")


@pytest.fixture
def org_b(db):
    return OrganisatieFactory(naam="Assadaaka Test")


@pytest.fixture
def coordinator(db):
    return make_user("coord", Rol.COORDINATOR)


@pytest.fixture
def orgcoordinator(org_a):
    return make_user("orgcoord", Rol.ORGCOORDINATOR, org_a)


@pytest.fixture
def vp_a(org_a):
    user = make_user("vp_a", Rol.VERTROUWENSPERSOON, org_a)
    return VertrouwenspersoonFactory(naam="VP A", organisatie=org_a, user=user)


@pytest.fixture
def vp_b(org_b):
    user = make_user("vp_b", Rol.VERTROUWENSPERSOON, org_b)
    return VertrouwenspersoonFactory(naam="VP B", organisatie=org_b, user=user)


@pytest.fixture
def commissielid(db):
    return make_user("commissie", Rol.FONDSCOMMISSIE)


@pytest.fixture
def commissielid2(db):
    return make_user("commissie_2", Rol.FONDSCOMMISSIE)


@pytest.fixture
def opleider(db):
    return make_user("opleider", Rol.OPLEIDER, OrganisatieFactory(naam="Opleider Test"))


@pytest.fixture
def outsider(db):
    return make_user("buitenstaander")


@pytest.fixture
def users(coordinator, orgcoordinator, vp_a, vp_b, commissielid, opleider, outsider):
    """Every role by name; the trusted persons as their login users."""
    return {
        "coordinator": coordinator,
        "orgcoordinator": orgcoordinator,
        "vp_a": vp_a.user,
        "vp_b": vp_b.user,
        "commissie": commissielid,
        "opleider": opleider,
        "outsider": outsider,
    }

"""Role matrix (issue 3, acceptance 3): every netwerk page, for every role, by direct URL.

200 = the page; 404 = the role lacks the page or the record is outside `visible_to`;
"login" = anonymous visitors go to the login page. List contents are in the test_views_* files.
"""

import pytest
from django.urls import reverse

from netwerk.models import Organisatie, Vertrouwenspersoon
from tests.netwerk.conftest import ROLES, assert_answer
from tests.urlwalker import routes

ALL = dict.fromkeys(ROLES[:-1], 200)
NONE = dict.fromkeys(ROLES[:-1], 404)


def only(*roles):
    return {**NONE, **dict.fromkeys(roles, 200)}


MATRIX = {
    # social map: every logged-in role reads it; inactive organisations only coordinators
    "organisatie_list": ALL,
    "organisatie_detail": ALL,
    "organisatie_detail_inactief": only("coordinator"),
    "organisatie_create": only("coordinator"),
    "organisatie_update": only("coordinator"),
    # trusted persons: coordinators all, organisation coordinators their own, a trusted person self
    "vertrouwenspersoon_list": only("coordinator", "orgcoordinator", "vp_a", "vp_b"),
    "vertrouwenspersoon_detail_a": only("coordinator", "orgcoordinator", "vp_a"),
    "vertrouwenspersoon_detail_b": only("coordinator", "vp_b"),
    "vertrouwenspersoon_create": only("coordinator", "orgcoordinator"),
    "vertrouwenspersoon_update_a": only("coordinator", "orgcoordinator"),
    "vertrouwenspersoon_update_b": only("coordinator"),
    # onboarding (issue 22 §3): coordinators only
    "vertrouwenspersoon_inwerken_a": only("coordinator"),
    # logins: coordinators all; organisation coordinators their trusted persons' logins
    "gebruiker_list": only("coordinator", "orgcoordinator"),
    "gebruiker_create": only("coordinator", "orgcoordinator"),
    "gebruiker_detail_vp_a": only("coordinator", "orgcoordinator"),
    "gebruiker_detail_vp_b": only("coordinator"),
    "gebruiker_detail_orgcoordinator": only("coordinator"),
    "gebruiker_detail_commissie": only("coordinator"),
    "gebruiker_update_vp_a": only("coordinator", "orgcoordinator"),
    "gebruiker_update_vp_b": only("coordinator"),
    "gebruiker_wachtwoord_vp_a": only("coordinator", "orgcoordinator"),
    "gebruiker_wachtwoord_vp_b": only("coordinator"),
    # the access log (issue 9): coordinators only
    "toegangslog_list": only("coordinator"),
    "toegangslog_xlsx": only("coordinator"),
}


@pytest.fixture
def page_urls(users, org_a, vp_a, vp_b, inactieve_org):
    def uuid(role):
        return users[role].profiel.uuid

    return {
        "organisatie_list": reverse("netwerk:organisatie_list"),
        "organisatie_detail": reverse("netwerk:organisatie_detail", args=[org_a.pk]),
        "organisatie_detail_inactief": reverse(
            "netwerk:organisatie_detail", args=[inactieve_org.pk]
        ),
        "organisatie_create": reverse("netwerk:organisatie_create"),
        "organisatie_update": reverse("netwerk:organisatie_update", args=[org_a.pk]),
        "vertrouwenspersoon_list": reverse("netwerk:vertrouwenspersoon_list"),
        "vertrouwenspersoon_detail_a": reverse(
            "netwerk:vertrouwenspersoon_detail", args=[vp_a.uuid]
        ),
        "vertrouwenspersoon_detail_b": reverse(
            "netwerk:vertrouwenspersoon_detail", args=[vp_b.uuid]
        ),
        "vertrouwenspersoon_create": reverse("netwerk:vertrouwenspersoon_create"),
        "vertrouwenspersoon_update_a": reverse(
            "netwerk:vertrouwenspersoon_update", args=[vp_a.uuid]
        ),
        "vertrouwenspersoon_update_b": reverse(
            "netwerk:vertrouwenspersoon_update", args=[vp_b.uuid]
        ),
        "vertrouwenspersoon_inwerken_a": reverse(
            "netwerk:vertrouwenspersoon_inwerken", args=[vp_a.uuid]
        ),
        "gebruiker_list": reverse("netwerk:gebruiker_list"),
        "gebruiker_create": reverse("netwerk:gebruiker_create"),
        "gebruiker_detail_vp_a": reverse("netwerk:gebruiker_detail", args=[uuid("vp_a")]),
        "gebruiker_detail_vp_b": reverse("netwerk:gebruiker_detail", args=[uuid("vp_b")]),
        "gebruiker_detail_orgcoordinator": reverse(
            "netwerk:gebruiker_detail", args=[uuid("orgcoordinator")]
        ),
        "gebruiker_detail_commissie": reverse("netwerk:gebruiker_detail", args=[uuid("commissie")]),
        "gebruiker_update_vp_a": reverse("netwerk:gebruiker_update", args=[uuid("vp_a")]),
        "gebruiker_update_vp_b": reverse("netwerk:gebruiker_update", args=[uuid("vp_b")]),
        "gebruiker_wachtwoord_vp_a": reverse("netwerk:gebruiker_wachtwoord", args=[uuid("vp_a")]),
        "gebruiker_wachtwoord_vp_b": reverse("netwerk:gebruiker_wachtwoord", args=[uuid("vp_b")]),
        "toegangslog_list": reverse("privacy:toegangslog_list"),
        "toegangslog_xlsx": reverse("privacy:toegangslog_xlsx"),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(MATRIX))  # not "page": that is Playwright's fixture
def test_page_answers_what_the_role_is_granted(visit, page_urls, name, role):
    expected = "login" if role == "anonymous" else MATRIX[name][role]

    response = visit(role, page_urls[name])

    assert_answer(response, expected)


def test_matrix_covers_every_netwerk_url():
    names = {
        route.name.removeprefix("netwerk:")
        for route in routes()
        if route.name.startswith("netwerk:")
    }
    covered = {name for name in names if any(page.startswith(name) for page in MATRIX)}

    # (de)activation is POST only: its matrix is test_post_actions_answer_what_the_role_is_granted;
    # unlocking and two-factor reset: tests/netwerk/test_views_inlogbeveiliging.py
    assert names - covered == {
        "gebruiker_deactiveer",
        "gebruiker_activeer",
        "gebruiker_ontgrendel",
        "gebruiker_tweestaps_reset",
    }


POST_MATRIX = {
    ("gebruiker_deactiveer", "vp_a"): only("coordinator", "orgcoordinator"),
    ("gebruiker_deactiveer", "vp_b"): only("coordinator"),
    ("gebruiker_activeer", "vp_a"): only("coordinator", "orgcoordinator"),
    ("gebruiker_activeer", "vp_b"): only("coordinator"),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(POST_MATRIX), ids="-".join)
def test_post_actions_answer_what_the_role_is_granted(visit, users, action, role):
    name, target = action
    gebruiker = users[target]
    url = reverse(f"netwerk:{name}", args=[gebruiker.profiel.uuid])
    deactivating = name == "gebruiker_deactiveer"
    if not deactivating:
        gebruiker.is_active = False
        gebruiker.save()
    # A blocked login is signed out: it is sent to the login page like an anonymous visitor.
    signed_out = role == "anonymous" or (role == target and not deactivating)
    expected = "login" if signed_out else POST_MATRIX[action][role]

    response = visit(role, url, data={})

    gebruiker.refresh_from_db()
    if expected == 200:
        assert response.status_code == 302
        assert response.url == reverse("netwerk:gebruiker_detail", args=[gebruiker.profiel.uuid])
        assert gebruiker.is_active is not deactivating
    else:
        assert_answer(response, expected)
        assert gebruiker.is_active is deactivating


@pytest.mark.parametrize("role", ["orgcoordinator", "vp_a", "commissie", "opleider", "outsider"])
def test_roles_without_the_page_store_nothing_by_post(visit, users, role, org_a, vp_a):
    before = (Organisatie.objects.count(), Vertrouwenspersoon.objects.count())
    org_data = {"naam": "Nieuw", "soort": "anders", "versie": org_a.versie}
    vp_data = {"naam": "Nieuw", "organisatie": org_a.pk, "status": "actief", "versie": vp_a.versie}

    visit(role, reverse("netwerk:organisatie_create"), data=org_data)
    visit(role, reverse("netwerk:organisatie_update", args=[org_a.pk]), data=org_data)
    if role != "orgcoordinator":
        visit(role, reverse("netwerk:vertrouwenspersoon_create"), data=vp_data)
        visit(role, reverse("netwerk:vertrouwenspersoon_update", args=[vp_a.uuid]), data=vp_data)

    assert (Organisatie.objects.count(), Vertrouwenspersoon.objects.count()) == before
    org_a.refresh_from_db()
    vp_a.refresh_from_db()
    assert org_a.naam == "Buurthulp Test"
    assert vp_a.naam == "VP A"


def test_post_actions_refuse_get(visit, users):
    url = reverse("netwerk:gebruiker_deactiveer", args=[users["vp_a"].profiel.uuid])

    response = visit("coordinator", url)

    assert response.status_code == 405
    users["vp_a"].refresh_from_db()
    assert users["vp_a"].is_active

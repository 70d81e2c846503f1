"""Issue 15: a record is reached only by the roles whose scope holds it.

Every URL pattern that takes a record (uuid, pk, reference) has a row in the scope matrix
(tests/scopes.py). For every such page, every role and every variant of its record in the
walker's world (tests/urlwalker.py): a role out of scope gets 404, a role in scope something
else, an anonymous visitor the login page (asked by GET; a page that takes only POST by POST).
A new record page that is not in the matrix fails `test_every_record_url_is_in_the_scope_matrix`
by name; a page in the matrix that does not scope fails `test_record_is_reached_only_in_scope`.
"""

import pytest
from django.urls import reverse

from tests.scopes import CASEWORK, SCOPES, Scope
from tests.urlwalker import Visit, Visitor, unscoped, walk


def _to_login(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def scope_problem(visit: Visit, visitor: Visitor) -> str | None:
    """What is wrong with one visit to a record page, in words (None when all is well). GET
    first; a page that answers GET with 405 (POST only) is asked by POST as well."""
    response = visitor(visit, "get")
    if response.status_code == 405:
        response = visitor(visit, "post")
    status = response.status_code
    where = f"{visit.role} on {visit.name} ({visit.kind} {visit.variant}, {visit.url})"
    if visit.role == "anonymous":
        return None if _to_login(response) else f"{where}: not sent to login but {status}"
    if visit.in_scope:
        return f"{where}: in scope, but answered 404" if status == 404 else None
    return None if status == 404 else f"{where}: out of scope, but answered {status}"


def check(world, scopes, names=None, urlconf=None) -> list[str]:
    """The problems of every record visit of `names` (all by default), as `scope_problem`."""
    visitor = Visitor(world.users)
    visits = walk(world, scopes, names=names, urlconf=urlconf)
    problems = (scope_problem(visit, visitor) for visit in visits if visit.kind is not None)
    return [problem for problem in problems if problem]


def test_every_record_url_is_in_the_scope_matrix():
    problems = unscoped(SCOPES)

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(SCOPES))
def test_record_is_reached_only_in_scope(walker_world, name):
    problems = check(walker_world, SCOPES, [name])

    assert not problems, "\n".join(problems)


# --- the checks catch what they are for ---------------------------------------------------------


@pytest.mark.urls("tests.scope_plant")
def test_a_record_page_missing_from_the_matrix_is_named():
    assert (
        "planted:hulpvraag_peek takes a record (uuid) but is not in the scope matrix"
        " (tests/scopes.py)"
    ) in unscoped(SCOPES)


@pytest.mark.urls("tests.scope_plant")
def test_a_record_page_in_the_matrix_that_does_not_scope_is_named(walker_world):
    scopes = {**SCOPES, "planted:hulpvraag_peek": Scope("hulpvraag", CASEWORK)}

    problems = check(walker_world, scopes, ["planted:hulpvraag_peek"])

    who = sorted(problem.split(" (")[0] for problem in problems)
    assert who == [
        "orgcoordinator on planted:hulpvraag_peek",  # vp_b's help request, at org_b
        "vp_a on planted:hulpvraag_peek",  # vp_b's
        "vp_b on planted:hulpvraag_peek",  # vp_a's
    ]
    assert all(problem.endswith("out of scope, but answered 200") for problem in problems)


def test_a_matrix_row_without_its_url_is_named():
    scopes = {**SCOPES, "hulpvragen:verhuisd": Scope("huishouden", CASEWORK)}

    assert "the scope matrix names hulpvragen:verhuisd, but there is no such URL" in unscoped(
        scopes
    )


# --- the duplicate check names only what the role may see (issue 23) ----------------------------

NEUTRAAL = "Mogelijk al bekend bij een andere organisatie: neem contact op met de coördinator."
ALIKE = {
    "a": ("El Amrani, Fátima", "Fatima El Amrani", 1975),
    "b": ("Jansem Piet", "Piet Jansen", 1990),
}


def test_the_duplicate_check_names_a_household_only_to_roles_in_its_scope(walker_world):
    """Every role registers, at the intake, each world person again (typed otherwise): a role
    that may reach that person's household (the scope matrix's CASEWORK) is shown its reference
    and name, any other casework role only the neutral message; roles without casework 404."""
    from hulpvragen.models import Hulpvrager
    from tests.hulpvragen.test_views import intake_data

    for variant, (_typed, stored, year) in ALIKE.items():
        Hulpvrager.objects.filter(pk=walker_world.records["hulpvrager"][variant].pk).update(
            naam=stored, geboortejaar=year
        )
    visitor = Visitor(walker_world.users)
    url = reverse("hulpvragen:intake")
    problems = []
    for visit in walk(walker_world, SCOPES, names=["hulpvragen:intake"]):
        for variant, (typed, stored, year) in ALIKE.items():
            huishouden = walker_world.records["huishouden"][variant]
            response = _post(visitor, visit.role, url, intake_data(naam=typed, geboortejaar=year))
            page = response.content.decode()
            where = f"{visit.role}, person {variant}"
            if visit.role in ("commissie", "opleider", "outsider"):
                if response.status_code != 404:
                    problems.append(f"{where}: no casework, but answered {response.status_code}")
                continue
            if visit.role == "anonymous":
                continue
            shown = huishouden.referentie in page or stored in page
            neutral = NEUTRAAL in page
            if visit.role in CASEWORK[variant]:
                if not shown or neutral:
                    problems.append(f"{where}: in scope, but not shown (neutral: {neutral})")
            elif shown or not neutral:
                problems.append(f"{where}: out of scope, but shown {shown}, neutral {neutral}")

    assert not problems, "\n".join(problems)


def _post(visitor, role, url, data):
    from django.db import transaction
    from django.test import Client

    client = visitor.clients.get(role)
    if client is None:
        client = visitor.clients[role] = Client()
        if role != "anonymous":
            client.force_login(visitor.users[role])
    with transaction.atomic():
        response = client.post(url, data)
        transaction.set_rollback(True)
    return response

"""Acceptance 6: the lists, the phone view and the overview cost the same number of queries for
one household as for fifty."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hulpvragen import services
from hulpvragen.choices import Status
from hulpvragen.models import Thema
from tests.hulpvragen.conftest import days_ago, first_hulpvraag, make_household

URLS = {
    "hulpvragen:hulpvraag_list": "coordinator",
    "hulpvragen:huishouden_list": "coordinator",
    "hulpvragen:mijn": "vp_a",
    "hulpvragen:overzicht": "coordinator",
    "hulpvragen:signaal_list": "coordinator",
}


def build(n, vp_a, org_b):
    """n households of vp_a, each with contacts, a referral, two themes, a second person and a
    closed help request: everything the pages show per row."""
    themas = list(Thema.objects.all()[:2])
    for i in range(n):
        hh = make_household(vp_a, naam=f"Persoon {i}", intake=days_ago(40))
        hv = first_hulpvraag(hh)
        hv.themas.set(themas)
        services.log_contact(hulpvraag=hv, soort="telefonisch", datum=days_ago(30))
        services.record_doorverwijzing(
            hulpvraag=hv,
            organisatie=org_b,
            soort="advies",
            datum=days_ago(20),
            toestemming_vastleggen=True,
        )
        services.set_nazorg_datum(hulpvraag=hv, datum=days_ago(2))
        kind = services.add_hulpvrager(huishouden=hh, naam=f"Kind {i}", geboortejaar=2010)
        tweede = services.add_hulpvraag(
            huishouden=hh, hulpvrager=kind, intake_datum=days_ago(35), soort="sociaal"
        )
        services.change_status(
            hulpvraag=tweede, naar=Status.AFGEROND, uitkomst="klaar", uitkomst_categorie="opgelost"
        )
        services.record_signaal(datum=days_ago(1), thema=themas[0], tekst="x", hulpvragen=[hv])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(url))
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("url", URLS)
def test_query_count_is_the_same_for_1_and_50_households(client, users, vp_a, org_b, url):
    client.force_login(users[URLS[url]])
    build(1, vp_a, org_b)
    one, _response = count_queries(client, url)

    build(49, vp_a, org_b)
    fifty, response = count_queries(client, url)

    assert fifty == one
    assert shown(response) == SHOWN_FOR_50[url]


SHOWN_FOR_50 = {
    "hulpvragen:hulpvraag_list": 25,  # one page of the 100 help requests
    "hulpvragen:huishouden_list": 25,
    "hulpvragen:mijn": 50,
    "hulpvragen:overzicht": 25,  # one page of the stalled list
    "hulpvragen:signaal_list": 50,
}


def shown(response):
    context = response.context
    if "huishoudens" in context:
        return len(context["huishoudens"])
    if "signalen" in context:
        return len(context["signalen"])
    table = context.get("stalled") or context["table"]
    return len(table.page)

"""The committee queue and the application list cost the same number of queries for 1 and 50 rows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from noodfonds.choices import AanvraagStatus, Stem
from noodfonds.models import Beoordeling
from noodfonds.services import add_bijlage
from tests.noodfonds.conftest import PDF

S = AanvraagStatus
pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response


def _rich(maak_aanvraag, vp_a, commissielid2, n, start):
    """Applications with an attachment and another member's vote each."""
    for i in range(n):
        concept = maak_aanvraag(S.CONCEPT, referentie=f"NF-2021-{start + i:04d}", spoed=i % 2 == 0)
        add_bijlage(aanvraag=concept, door=vp_a.user, upload=SimpleUploadedFile("o.pdf", PDF))
        concept.status = S.INGEDIEND if i % 3 else S.IN_BEHANDELING
        concept.ingediend_op = concept.aangemaakt_op.date()
        concept.save()
        if concept.status == S.IN_BEHANDELING:
            Beoordeling.objects.create(
                aanvraag=concept, lid=commissielid2, stem=Stem.AFWIJZEN, motivering="Nee."
            )


@pytest.mark.parametrize("role", ["coordinator", "orgcoordinator", "vp_a"])
def test_application_list_queries_do_not_grow_with_rows(
    role, users, client, maak_aanvraag, vp_a, commissielid2, django_assert_num_queries
):
    _rich(maak_aanvraag, vp_a, commissielid2, 1, 1)
    client.force_login(users[role])
    url = reverse("noodfonds:aanvraag_list") + "?per_page=50"
    one, response = _count(client, url)
    assert "NF-2021-0001" in response.content.decode()
    _rich(maak_aanvraag, vp_a, commissielid2, 49, 2)

    with django_assert_num_queries(one):
        response = client.get(url)

    assert len(response.context["table"].page.object_list) == 50


def test_committee_queue_queries_do_not_grow_with_rows(
    client, maak_aanvraag, vp_a, commissielid, commissielid2, django_assert_num_queries
):
    _rich(maak_aanvraag, vp_a, commissielid2, 1, 1)
    client.force_login(commissielid)
    url = reverse("noodfonds:commissie")
    one, response = _count(client, url)
    assert len(response.context["te_beoordelen"]) == 1
    _rich(maak_aanvraag, vp_a, commissielid2, 49, 2)

    with django_assert_num_queries(one):
        response = client.get(url)

    page = response.context["te_beoordelen"]
    assert page.paginator.count == 50
    assert len(page) == 25  # paged
    assert sum(r["aantal_bijlagen"] for r in page) == 25

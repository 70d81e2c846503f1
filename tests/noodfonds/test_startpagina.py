"""Issue 18 §2: a committee member's start page ("Te beoordelen") opens with the applications that
wait for their judgement, the urgent ones among them, and their unread notices."""

import pytest
from django.urls import reverse

from noodfonds.choices import AanvraagStatus, Stem
from noodfonds.models import Beoordeling
from tests.factories import AanvraagFactory, HulpvraagFactory
from tests.startpagina import counts, unread_notices

pytestmark = pytest.mark.django_db
S = AanvraagStatus


def test_committee_start_page_counts_what_waits_for_this_member(
    client, commissielid, commissielid2
):
    AanvraagFactory(status=S.INGEDIEND, spoed=True)
    AanvraagFactory(status=S.INGEDIEND)
    AanvraagFactory(status=S.IN_BEHANDELING)
    judged = AanvraagFactory(status=S.INGEDIEND, spoed=True)
    Beoordeling.objects.create(
        aanvraag=judged, lid=commissielid, stem=Stem.AFWIJZEN, motivering="x"
    )
    AanvraagFactory(status=S.CONCEPT, spoed=True)  # not submitted: not the committee's
    unread_notices(commissielid, HulpvraagFactory(), 1)
    client.force_login(commissielid)

    response = client.get(reverse("noodfonds:commissie"))

    assert counts(response) == {"open": 3, "spoed": 1, "ongelezen": 1}


def test_what_another_member_judged_still_waits_for_this_one(client, commissielid, commissielid2):
    judged = AanvraagFactory(status=S.INGEDIEND, spoed=True)
    Beoordeling.objects.create(
        aanvraag=judged, lid=commissielid, stem=Stem.AFWIJZEN, motivering="x"
    )
    client.force_login(commissielid2)

    response = client.get(reverse("noodfonds:commissie"))

    assert counts(response) == {"open": 1, "spoed": 1, "ongelezen": 0}

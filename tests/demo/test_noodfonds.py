"""The fund's demo step keeps the seed's counted fields and leaves work for both members."""

import datetime
import random

import pytest

from demo import netwerk as netwerk_demo
from demo import noodfonds as noodfonds_demo
from noodfonds.choices import AanvraagStatus, BesluitRoute
from noodfonds.models import Aanvraag, Beoordeling
from noodfonds.selectors import budget_saldo, commissie_wachtrij
from tests.factories import AanvraagFactory, HuishoudenFactory

S = AanvraagStatus
pytestmark = pytest.mark.django_db
COUNTED = ("referentie", "woonplaats", "onderwerp", "inkomsten", "contact_formeel", "ingediend_op")


@pytest.fixture
def ctx():
    ctx = {"password": "demo-wachtwoord-1", "rng": random.Random(2021)}
    netwerk_demo.build(ctx)
    return ctx


def _seed(ctx):
    start = datetime.date(2020, 11, 1)
    for i in range(50):
        AanvraagFactory(
            referentie=f"NF-2020-{i + 1:04d}",
            organisatie=ctx["partners"][i % 6],
            vertrouwenspersoon=ctx["vertrouwenspersonen"][i % 20] if i % 7 else None,
            ingediend_op=start + datetime.timedelta(days=i * 2),
            gevraagd_bedrag=100 + (i * 37) % 400,
            contact_formeel=i % 2 == 0,
        )


def test_demo_decides_most_seed_applications_without_changing_what_the_report_counts(ctx):
    _seed(ctx)
    before = list(Aanvraag.objects.order_by("pk").values_list(*COUNTED))

    noodfonds_demo.build(ctx)

    assert (
        list(
            Aanvraag.objects.filter(ingediend_op__isnull=False).order_by("pk").values_list(*COUNTED)
        )
        == before
    )
    statuses = set(Aanvraag.objects.values_list("status", flat=True))
    assert {S.TOEGEKEND, S.AFGEWEZEN, S.UITBETAALD, S.INGEDIEND} <= statuses
    decided = Aanvraag.objects.filter(besluit_route=BesluitRoute.COMMISSIE)
    assert decided.count() >= 35
    for aanvraag in decided:
        assert aanvraag.beoordelingen.count() == 2
        assert aanvraag.besloten_op >= aanvraag.ingediend_op
    assert Aanvraag.objects.filter(besluit_route=BesluitRoute.SPOED).count() == 1
    assert budget_saldo()["beschikbaar"] >= 0


def test_demo_leaves_work_waiting_for_both_committee_members(ctx):
    _seed(ctx)

    noodfonds_demo.build(ctx)

    assert len(commissie_wachtrij(ctx["users"]["commissie1"])["te_beoordelen"]) >= 3
    assert len(commissie_wachtrij(ctx["users"]["commissie2"])["te_beoordelen"]) >= 4
    assert len(commissie_wachtrij(ctx["users"]["commissie1"])["spoedbesluiten"]) == 1
    assert Beoordeling.objects.filter(aanvraag__status=S.IN_BEHANDELING).count() == 1


def test_demo_without_seed_data_gives_the_committee_work_of_its_own(ctx):
    HuishoudenFactory(vertrouwenspersoon=ctx["vp1"], organisatie=ctx["vp1"].organisatie)

    noodfonds_demo.build(ctx)

    assert budget_saldo()["stortingen"] > 0
    for lid in ("commissie1", "commissie2"):
        assert len(commissie_wachtrij(ctx["users"][lid])["te_beoordelen"]) == 1
    assert Aanvraag.objects.filter(status=S.CONCEPT, vertrouwenspersoon=ctx["vp1"]).count() == 1


def test_demo_without_seed_or_households_adds_only_money(ctx):
    noodfonds_demo.build(ctx)

    assert budget_saldo()["stortingen"] > 0
    assert not Aanvraag.objects.exists()

"""Two grants landing at the same moment cannot take the balance below zero (PostgreSQL row lock).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> pytest tests/noodfonds -k concurr"""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from netwerk.roles import Rol
from noodfonds.choices import AanvraagStatus, Actie, Stem
from noodfonds.models import Aanvraag, Beoordeling
from noodfonds.selectors import budget_saldo
from noodfonds.services import transition_aanvraag
from tests.factories import make_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Gelijktijdige toekenningen (row lock) zijn alleen op PostgreSQL te testen; "
        "SQLite zet schrijvers in de rij. Zet DATABASE_URL op een PostgreSQL-database.",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_two_simultaneous_grants_that_together_exceed_the_balance_one_succeeds(
    maak_aanvraag, commissielid, geld
):
    geld("300")
    tweede_leden = [make_user(f"commissie_t{i}", Rol.FONDSCOMMISSIE) for i in range(2)]
    aanvragen = [
        maak_aanvraag(referentie=f"NF-2021-09{i}0", gevraagd_bedrag=Decimal("200"))
        for i in range(2)
    ]
    for aanvraag in aanvragen:
        transition_aanvraag(
            aanvraag=aanvraag,
            actie=Actie.BEOORDELEN,
            door=commissielid,
            stem=Stem.TOEKENNEN,
            bedrag=Decimal("200"),
            motivering="Eerste oordeel.",
        )
    barrier = threading.Barrier(2)
    results = [None, None]

    def decide(index):
        try:
            barrier.wait(timeout=10)
            transition_aanvraag(
                aanvraag=aanvragen[index],
                actie=Actie.BEOORDELEN,
                door=tweede_leden[index],
                stem=Stem.TOEKENNEN,
                bedrag=Decimal("200"),
                motivering="Tweede oordeel.",
            )
            results[index] = "toegekend"
        except ValidationError as exc:
            results[index] = exc.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert results.count("toegekend") == 1
    assert "Onvoldoende budget" in next(r for r in results if r != "toegekend")
    assert Aanvraag.objects.filter(status=AanvraagStatus.TOEGEKEND).count() == 1
    assert Beoordeling.objects.count() == 3  # the refused second vote was not stored
    assert budget_saldo()["beschikbaar"] == Decimal("100")

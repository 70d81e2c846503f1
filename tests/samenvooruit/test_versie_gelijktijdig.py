"""Two saves from the same version at the same moment: exactly one is stored (PostgreSQL row
lock behind the compare-and-increment UPDATE of samenvooruit.versie).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> pytest tests/samenvooruit -k gelijktijdig"""

import threading

import pytest
from django.db import connection, connections

from hulpvragen.models import Hulpvraag
from hulpvragen.services import update_hulpvraag
from samenvooruit.versie import Verouderd
from tests.factories import HulpvraagFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Gelijktijdig opslaan (row lock) is alleen op PostgreSQL te testen; SQLite zet "
        "schrijvers in de rij. Zet DATABASE_URL op een PostgreSQL-database.",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_two_saves_from_one_version_at_once_store_exactly_one():
    hulpvraag = HulpvraagFactory(omschrijving="Schulden")
    barrier = threading.Barrier(2)
    results = [None, None]
    omschrijvingen = ["Schulden bij de energieleverancier", "Schulden; brief van de gemeente"]

    def save(index):
        try:
            record = Hulpvraag.objects.get(pk=hulpvraag.pk)
            barrier.wait(timeout=10)
            update_hulpvraag(
                hulpvraag=record, data={"omschrijving": omschrijvingen[index]}, versie=1
            )
            results[index] = "opgeslagen"
        except Verouderd as exc:
            results[index] = exc.message
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert results.count("opgeslagen") == 1
    refused = next(r for r in results if r != "opgeslagen")
    assert refused.startswith("Dit record is intussen gewijzigd door systeem")
    stored = Hulpvraag.objects.get(pk=hulpvraag.pk)
    assert stored.versie == 2
    assert stored.omschrijving == omschrijvingen[results.index("opgeslagen")]

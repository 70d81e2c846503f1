"""The seed's fixtures are the report's: the demo network with the seed registration and the
seed's expected tables (tests/rapportage/conftest.py). `demo_db`: the whole demo, once per
module."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.rapportage.conftest import demo_ctx, expected_tables, seeded

__all__ = ["demo_ctx", "expected_tables", "seeded"]


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    # Built once for the module inside a transaction that is rolled back afterwards, so the
    # roles and themes of the data migrations stay for the other tests.
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", wachtwoord="demo-wachtwoord-1", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)

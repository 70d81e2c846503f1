"""The benchmark's data builder (bench/build.py, PostgreSQL only: COPY) runs on the current schema:
a change of the schema (the report's data-version triggers, for one) must not break `bench/run.py`
on a fresh database."""

import sys
from pathlib import Path

import pytest
from django.db import connection

from hulpvragen.models import Hulpvraag
from rapportage import dataversie

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from build import build  # noqa: E402

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="De benchmark bouwt alleen op PostgreSQL (COPY). Zet DATABASE_URL op PostgreSQL.",
    ),
    pytest.mark.django_db,
]


def version():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT versie FROM {dataversie.VERSION_TABLE} WHERE id = 1")
        return cursor.fetchone()[0]


def test_bench_builds_a_small_registration_and_raises_the_data_version():
    before = version()

    build(300, progress=lambda *args: None)

    assert Hulpvraag.objects.count() == 300
    assert version() == before + 1

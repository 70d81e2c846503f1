"""The seed's fixtures are the report's: the demo network with the seed registration and the
seed's expected tables (tests/rapportage/conftest.py)."""

from tests.rapportage.conftest import demo_ctx, expected_tables, seeded

__all__ = ["demo_ctx", "expected_tables", "seeded"]

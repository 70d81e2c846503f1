"""Trigram indexes for the list search (PostgreSQL only): `icontains` on the household reference
and the person's name is UPPER(column) LIKE '%...%', which a btree cannot serve; at a million help
requests the search read whole tables (docs/PERFORMANCE.md). pg_trgm is a trusted extension, so
the database owner may create it. On other databases this migration does nothing."""

from django.db import migrations

INDEXES = [
    ("huishouden_referentie_trgm", "hulpvragen_huishouden", "referentie"),
    ("hulpvrager_naam_trgm", "hulpvragen_hulpvrager", "naam"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("hulpvragen", "0005_nazorg_index")]

    operations = [migrations.RunPython(create, drop)]

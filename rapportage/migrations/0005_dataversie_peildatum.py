"""The report counts trusted persons by their dates (start, end) and sets an organisation's
report against the organisation's own target: the triggers of the data version also fire on
those columns. The tables and columns are frozen here, like in 0003."""

import importlib

from django.db import migrations

from rapportage import dataversie

OLD = importlib.import_module("rapportage.migrations.0003_dataversie").TABLES

TABLES = {
    **OLD,
    "netwerk_organisatie": ("taakstelling",),
    "netwerk_vertrouwenspersoon": (
        "einddatum",
        "naam",
        "organisatie_id",
        "startdatum",
        "status",
        "user_id",
    ),
}


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, dataversie.replace_sql(vendor, OLD, TABLES))


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, dataversie.replace_sql(vendor, TABLES, OLD))


class Migration(migrations.Migration):
    dependencies = [
        ("rapportage", "0004_cachetabel"),
        ("netwerk", "0008_organisatie_taakstelling"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""The report's route table (issue 22 §5) reads the development steps: the triggers of the data
version also fire on them."""

import importlib

from django.db import migrations

from rapportage import dataversie

OLD = importlib.import_module("rapportage.migrations.0007_dataversie_fonds_keten").TABLES

TABLES = {
    **OLD,
    "opleiding_ontwikkelstap": ("datum", "soort", "vertrouwenspersoon_id"),
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
        ("rapportage", "0007_dataversie_fonds_keten"),
        ("opleiding", "0006_leeruren_en_route"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

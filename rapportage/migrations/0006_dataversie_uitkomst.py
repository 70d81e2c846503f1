"""The report counts the closed help requests by the outcome's category (on the help request and
on its closing status change): the triggers of the data version also fire on those columns."""

import importlib

from django.db import migrations

from rapportage import dataversie

OLD = importlib.import_module("rapportage.migrations.0005_dataversie_peildatum").TABLES

TABLES = {
    **OLD,
    "hulpvragen_hulpvraag": (
        "huishouden_id",
        "hulpvrager_id",
        "intake_datum",
        "pilot_id",
        "soort",
        "status",
        "terugkerend",
        "uitkomst_categorie",
        "vertrouwenspersoon_id",
    ),
    "hulpvragen_statuswijziging": ("datum", "hulpvraag_id", "naar", "uitkomst_categorie"),
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
        ("rapportage", "0005_dataversie_peildatum"),
        ("hulpvragen", "0012_uitkomst_categorie"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

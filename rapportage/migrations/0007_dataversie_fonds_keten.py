"""The report gains the fund chain's tables (issue 21: provisions refused or too slow, loans,
per funder and year): the triggers of the data version also fire on the loans, their
repayments, the deposits and the application's status and provision."""

import importlib

from django.db import migrations

from rapportage import dataversie

OLD = importlib.import_module("rapportage.migrations.0006_dataversie_uitkomst").TABLES

TABLES = {
    **OLD,
    "noodfonds_aanvraag": (
        "besloten_op",
        "contact_formeel",
        "ingediend_op",
        "inkomsten",
        "onderwerp",
        "organisatie_id",
        "status",
        "toegekend_bedrag",
        "uitbetaald_bedrag",
        "uitbetaald_op",
        "vertrouwenspersoon_id",
        "voorziening",
        "voorziening_resultaat",
        "woonplaats",
    ),
    "noodfonds_aflossing": ("bedrag", "datum", "lening_id"),
    "noodfonds_lening": (
        "aanvraag_id",
        "bedrag",
        "eerste_maand",
        "kwijtgescholden_bedrag",
        "kwijtgescholden_op",
    ),
    "noodfonds_storting": ("bedrag", "datum", "fondsgever"),
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
        ("rapportage", "0006_dataversie_uitkomst"),
        ("noodfonds", "0009_checklist_voorziening_lening"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

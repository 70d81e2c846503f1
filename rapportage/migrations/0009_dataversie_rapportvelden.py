"""The report reads the help request's copies (hulpvragen.rapportvelden) instead of the help
seeker's sex and birth year and the referrals' dates: the triggers of the data version also fire on
an update of them."""

import importlib

from django.db import migrations

from rapportage import dataversie

OLD = importlib.import_module("rapportage.migrations.0008_dataversie_route").TABLES

TABLES = {
    **OLD,
    "hulpvragen_hulpvraag": tuple(
        sorted(
            (
                *OLD["hulpvragen_hulpvraag"],
                "rapport_eerste_doorverwijzing",
                "rapport_geslacht",
                "rapport_leeftijd",
            )
        )
    ),
}


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    changed = {"hulpvragen_hulpvraag": TABLES["hulpvragen_hulpvraag"]}
    _run(schema_editor, dataversie.replace_sql(vendor, {"hulpvragen_hulpvraag": ()}, changed))


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    old = {"hulpvragen_hulpvraag": OLD["hulpvragen_hulpvraag"]}
    _run(schema_editor, dataversie.replace_sql(vendor, {"hulpvragen_hulpvraag": ()}, old))


class Migration(migrations.Migration):
    dependencies = [
        ("rapportage", "0008_dataversie_route"),
        ("hulpvragen", "0021_rapportvelden"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""The data version and its triggers (rapportage.dataversie): on PostgreSQL and SQLite only.
The tables and columns are frozen here; a later change of what the report reads adds a
migration that replaces the triggers (the report tests name the table or column missing)."""

from django.db import migrations

from rapportage import dataversie

TABLES = {
    "hulpvragen_doorverwijzing": ("datum", "hulpvraag_id", "organisatie_id", "soort"),
    "hulpvragen_huishouden": ("organisatie_id", "vertrouwenspersoon_id"),
    "hulpvragen_hulpvraag": (
        "huishouden_id",
        "hulpvrager_id",
        "intake_datum",
        "pilot_id",
        "soort",
        "status",
        "terugkerend",
        "vertrouwenspersoon_id",
    ),
    "hulpvragen_hulpvrager": ("geboortejaar", "geslacht", "huishouden_id"),
    "hulpvragen_pilot": ("naam", "startdatum", "taakstelling"),
    "hulpvragen_statuswijziging": ("datum", "hulpvraag_id", "naar"),
    "netwerk_vertrouwenspersoon": ("naam", "organisatie_id", "status", "user_id"),
    "noodfonds_aanvraag": (
        "besloten_op",
        "contact_formeel",
        "ingediend_op",
        "inkomsten",
        "onderwerp",
        "organisatie_id",
        "toegekend_bedrag",
        "uitbetaald_bedrag",
        "uitbetaald_op",
        "vertrouwenspersoon_id",
        "woonplaats",
    ),
    "opleiding_deelname": ("status", "status_datum", "vertrouwenspersoon_id"),
}


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def create(apps, schema_editor):
    _run(schema_editor, dataversie.create_sql(schema_editor.connection.vendor, TABLES))


def drop(apps, schema_editor):
    _run(schema_editor, dataversie.drop_sql(schema_editor.connection.vendor, TABLES))


class Migration(migrations.Migration):
    dependencies = [
        ("rapportage", "0002_werkmaplog_naar_registratie"),
        ("hulpvragen", "0009_pilot_naar_netwerk"),
        ("netwerk", "0006_pilot"),
        ("noodfonds", "0004_besluit_index"),
        ("opleiding", "0002_pilot_in_netwerk"),
    ]

    operations = [migrations.RunPython(create, drop)]

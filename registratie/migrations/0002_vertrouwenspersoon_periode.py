"""Trusted persons registered before the report counted them by their dates: the workbook import
created them without a start date, the forms allowed one without, and a stop was a status
without an end date. Each gets the dates the import now gives (the earliest dated record naming
them) and the services now give (a stop: the latest dated record), so the report's count of
active trusted persons keeps them. Here, on top of the domains, because it reads them all."""

import datetime

from django.db import migrations
from django.db.models import Max, Min


def _per_vp(model, field, vp_field, aggregate, db):
    rows = (
        model.objects.using(db)
        .filter(**{f"{vp_field}__isnull": False, f"{field}__isnull": False})
        .order_by()
        .values(vp_field)
        .annotate(datum=aggregate(field))
    )
    return {row[vp_field]: row["datum"] for row in rows}


def _dates(apps, db, aggregate):
    """{trusted person id: earliest (Min) or latest (Max) date of a record naming them}."""
    Hulpvraag = apps.get_model("hulpvragen", "Hulpvraag")
    Aanvraag = apps.get_model("noodfonds", "Aanvraag")
    Deelname = apps.get_model("opleiding", "Deelname")
    sources = [
        (Hulpvraag, "intake_datum", "vertrouwenspersoon_id"),
        (Hulpvraag, "intake_datum", "huishouden__vertrouwenspersoon_id"),
        (Aanvraag, "ingediend_op", "vertrouwenspersoon_id"),
        (Deelname, "status_datum", "vertrouwenspersoon_id"),
    ]
    if aggregate is Max:
        sources += [
            (Hulpvraag, "datum_afgerond", "vertrouwenspersoon_id"),
            (Hulpvraag, "datum_afgerond", "huishouden__vertrouwenspersoon_id"),
        ]
    pick = min if aggregate is Min else max
    result = {}
    for model, field, vp_field in sources:
        for vp_id, datum in _per_vp(model, field, vp_field, aggregate, db).items():
            result[vp_id] = pick(result.get(vp_id, datum), datum)
    return result


def fill_periods(apps, schema_editor):
    Vertrouwenspersoon = apps.get_model("netwerk", "Vertrouwenspersoon")
    db = schema_editor.connection.alias
    earliest, latest = _dates(apps, db, Min), _dates(apps, db, Max)
    today = datetime.date.today()
    missing = Vertrouwenspersoon.objects.using(db).filter(startdatum__isnull=True) | (
        Vertrouwenspersoon.objects.using(db).filter(status="gestopt", einddatum__isnull=True)
    )
    for vp in missing:
        gestopt = vp.status == "gestopt"
        if vp.startdatum is None and (vp.pk in earliest or not gestopt):
            vp.startdatum = earliest.get(vp.pk, today)
            if vp.einddatum is not None:
                vp.startdatum = min(vp.startdatum, vp.einddatum)
        if gestopt and vp.einddatum is None and vp.startdatum is not None:
            vp.einddatum = max(latest.get(vp.pk, vp.startdatum), vp.startdatum)
        vp.save(update_fields=["startdatum", "einddatum"])


class Migration(migrations.Migration):
    dependencies = [
        ("registratie", "0001_initial"),
        ("netwerk", "0008_organisatie_taakstelling"),
        ("hulpvragen", "0010_overdracht"),
        ("noodfonds", "0005_overgang_acties_commissie"),
        ("opleiding", "0002_pilot_in_netwerk"),
    ]

    operations = [migrations.RunPython(fill_periods, migrations.RunPython.noop)]

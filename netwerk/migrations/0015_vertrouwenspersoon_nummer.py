"""Trusted persons get a stable number of their own (issue 22 §7): the existing ones numbered in
the order they were registered, from 1."""

from django.db import migrations, models


def nummeren(apps, schema_editor):
    Vertrouwenspersoon = apps.get_model("netwerk", "Vertrouwenspersoon")
    personen = list(Vertrouwenspersoon.objects.order_by("pk").only("pk"))
    for nummer, persoon in enumerate(personen, start=1):
        persoon.nummer = nummer
    Vertrouwenspersoon.objects.bulk_update(personen, ["nummer"], batch_size=1000)
    # the history rows carry the number of their trusted person (0: one deleted since)
    Historie = apps.get_model("netwerk", "HistoricalVertrouwenspersoon")
    nummers = {p.pk: p.nummer for p in personen}
    rijen = list(Historie.objects.only("history_id", "id"))
    for rij in rijen:
        rij.nummer = nummers.get(rij.id, 0)
    Historie.objects.bulk_update(rijen, ["nummer"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("netwerk", "0014_grenzen_sociale_kaart")]

    operations = [
        migrations.AddField(
            model_name="vertrouwenspersoon",
            name="nummer",
            field=models.PositiveIntegerField(editable=False, null=True, verbose_name="nummer"),
        ),
        migrations.AddField(
            model_name="historicalvertrouwenspersoon",
            name="nummer",
            field=models.PositiveIntegerField(
                db_index=True, editable=False, null=True, verbose_name="nummer"
            ),
        ),
        migrations.RunPython(nummeren, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="vertrouwenspersoon",
            name="nummer",
            field=models.PositiveIntegerField(editable=False, unique=True, verbose_name="nummer"),
        ),
        migrations.AlterField(
            model_name="historicalvertrouwenspersoon",
            name="nummer",
            field=models.PositiveIntegerField(db_index=True, editable=False, verbose_name="nummer"),
        ),
    ]

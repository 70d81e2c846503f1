"""Hulpvraag.laatste_contact: the date of the latest contact moment, stored so the flags of
"keeping people in view" are column comparisons (docs/PERFORMANCE.md); filled from the contacts."""

from django.db import migrations, models


def fill(apps, schema_editor):
    Hulpvraag = apps.get_model("hulpvragen", "Hulpvraag")
    Contactmoment = apps.get_model("hulpvragen", "Contactmoment")
    latest = (
        Contactmoment.objects.filter(hulpvraag=models.OuterRef("pk"))
        .order_by("-datum")
        .values("datum")[:1]
    )
    Hulpvraag.objects.update(laatste_contact=models.Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [
        ("hulpvragen", "0006_zoeken_trigram"),
    ]

    operations = [
        migrations.AddField(
            model_name="hulpvraag",
            name="laatste_contact",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="laatste contact"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]

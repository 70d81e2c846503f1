import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    Profiel = apps.get_model("netwerk", "Profiel")
    for profiel in Profiel.objects.filter(uuid__isnull=True).only("pk"):
        profiel.uuid = uuid.uuid4()
        profiel.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    """Profiles get a uuid for the user pages; existing rows each get their own value."""

    dependencies = [
        ("netwerk", "0002_rollen"),
    ]

    operations = [
        migrations.AddField(
            model_name="profiel",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="profiel",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]

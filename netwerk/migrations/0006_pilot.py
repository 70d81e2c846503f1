"""Pilot moves from casework to the network (training and casework both use it). State only: the
table `hulpvragen_pilot` and its rows stay where they are; the content type (and with it the
permissions and admin log entries) is carried over to the new app label."""

from django.db import migrations, models


def carry_content_type(apps, schema_editor, van="hulpvragen", naar="netwerk"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=naar, model="pilot").exists():
        ContentType.objects.using(db).filter(app_label=van, model="pilot").update(app_label=naar)


def carry_back(apps, schema_editor):
    carry_content_type(apps, schema_editor, van="netwerk", naar="hulpvragen")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("netwerk", "0005_vertrouwenspersoon_naam_index"),
        ("hulpvragen", "0008_signalering_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Pilot",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("naam", models.CharField(max_length=100, unique=True, verbose_name="naam")),
                        ("startdatum", models.DateField(verbose_name="startdatum")),
                        ("einddatum", models.DateField(verbose_name="einddatum")),
                        (
                            "taakstelling",
                            models.PositiveIntegerField(
                                default=40, verbose_name="taakstelling (hulpvragen)"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "pilot",
                        "verbose_name_plural": "pilots",
                        "db_table": "hulpvragen_pilot",
                        "ordering": ["startdatum", "naam"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(carry_content_type, carry_back),
    ]

"""Thema moves from casework to the network (the social map says which themes an organisation
helps with, and the network is below casework). State only, like the pilot (0006): the table
`hulpvragen_thema` and its rows stay where they are; the content type is carried over."""

from django.db import migrations, models


def carry_content_type(apps, schema_editor, van="hulpvragen", naar="netwerk"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=naar, model="thema").exists():
        ContentType.objects.using(db).filter(app_label=van, model="thema").update(app_label=naar)


def carry_back(apps, schema_editor):
    carry_content_type(apps, schema_editor, van="netwerk", naar="hulpvragen")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("netwerk", "0009_historie_taakstelling"),
        ("hulpvragen", "0012_uitkomst_categorie"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Thema",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("naam", models.CharField(max_length=100, unique=True, verbose_name="naam")),
                        ("volgorde", models.PositiveSmallIntegerField(default=0)),
                    ],
                    options={
                        "verbose_name": "thema",
                        "verbose_name_plural": "thema's",
                        "db_table": "hulpvragen_thema",
                        "ordering": ["volgorde", "naam"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(carry_content_type, carry_back),
    ]

"""WerkmapLog moves from the report app to the registration workbook's own app. State only: the
table `rapportage_werkmaplog` and its rows stay where they are; the content type (and with it the
permissions and admin log entries) is carried over to the new app label."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def carry_content_type(apps, schema_editor, van="rapportage", naar="registratie"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=naar, model="werkmaplog").exists():
        ContentType.objects.using(db).filter(app_label=van, model="werkmaplog").update(
            app_label=naar
        )


def carry_back(apps, schema_editor):
    carry_content_type(apps, schema_editor, van="registratie", naar="rapportage")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("rapportage", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WerkmapLog",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "actie",
                            models.CharField(
                                choices=[("import", "Import"), ("export", "Export")],
                                max_length=10,
                                verbose_name="actie",
                            ),
                        ),
                        ("via", models.CharField(default="web", max_length=20, verbose_name="via")),
                        ("bestandsnaam", models.CharField(max_length=255, verbose_name="bestand")),
                        ("aantallen", models.JSONField(default=dict, verbose_name="aantallen")),
                        ("moment", models.DateTimeField(auto_now_add=True, verbose_name="moment")),
                        (
                            "door",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="door",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "werkmap-log",
                        "verbose_name_plural": "werkmap-logs",
                        "db_table": "rapportage_werkmaplog",
                        "ordering": ["-moment", "-pk"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(carry_content_type, carry_back),
    ]

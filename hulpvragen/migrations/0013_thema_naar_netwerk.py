"""Thema moved to the network app (netwerk 0008): the help request's themes and the signal's
theme point there and the model leaves this app's state. Nothing changes in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hulpvragen", "0012_uitkomst_categorie"),
        ("netwerk", "0010_thema"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="hulpvraag",
                    name="themas",
                    field=models.ManyToManyField(
                        blank=True, to="netwerk.thema", verbose_name="thema's"
                    ),
                ),
                migrations.AlterField(
                    model_name="signaal",
                    name="thema",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        to="netwerk.thema",
                        verbose_name="thema",
                    ),
                ),
                migrations.DeleteModel(name="Thema"),
            ],
            database_operations=[],
        ),
    ]

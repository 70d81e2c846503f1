"""Pilot moved to the network app (netwerk 0006): the help request's foreign keys point there and
the model leaves this app's state. Nothing changes in the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hulpvragen", "0008_signalering_index"),
        ("netwerk", "0006_pilot"),
        ("opleiding", "0002_pilot_in_netwerk"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="hulpvraag",
                    name="pilot",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="hulpvragen",
                        to="netwerk.pilot",
                        verbose_name="pilot",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalhulpvraag",
                    name="pilot",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="netwerk.pilot",
                        verbose_name="pilot",
                    ),
                ),
                migrations.DeleteModel(name="Pilot"),
            ],
            database_operations=[],
        ),
    ]

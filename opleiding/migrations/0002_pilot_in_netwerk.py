"""The cohort's pilot now lives in the network app (state only: same table, same column)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("opleiding", "0001_initial"),
        ("netwerk", "0006_pilot"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="cohort",
                    name="pilot",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="cohorten",
                        to="netwerk.pilot",
                        verbose_name="pilot",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]

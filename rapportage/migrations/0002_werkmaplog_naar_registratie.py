"""WerkmapLog moved to the registration workbook's app (registratie 0001): it leaves this app's
state. Nothing changes in the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rapportage", "0001_initial"),
        ("registratie", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="WerkmapLog")],
            database_operations=[],
        ),
    ]

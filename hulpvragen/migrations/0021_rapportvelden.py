"""The report's copies on the help request (hulpvragen.rapportvelden): the columns, filled in
set-based for the help requests already there, then the triggers that keep them."""

from django.db import migrations, models

from hulpvragen import rapportvelden


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in [*rapportvelden.fill_sql(vendor), *rapportvelden.create_sql(vendor)]:
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    for sql in rapportvelden.drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('hulpvragen', '0020_signaal_bron_voorziening'),
        ('netwerk', '0017_gestopt_index'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='hulpvraag',
            name='hulpvraag_intake_idx',
        ),
        migrations.AddField(
            model_name='hulpvraag',
            name='rapport_eerste_doorverwijzing',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='hulpvraag',
            name='rapport_geslacht',
            field=models.CharField(blank=True, default='', editable=False, max_length=10),
        ),
        migrations.AddField(
            model_name='hulpvraag',
            name='rapport_leeftijd',
            field=models.SmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AddIndex(
            model_name='hulpvraag',
            index=models.Index(fields=['intake_datum'], include=('pilot', 'id', 'rapport_eerste_doorverwijzing'), name='hulpvraag_intake_idx'),
        ),
    ]

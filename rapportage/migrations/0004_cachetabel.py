"""The cache table of the default cache (settings.CACHES: a table in this database unless
REDIS_URL is set), so that `migrate` is all a deploy needs. `createcachetable` skips a table
that exists and does nothing for other cache backends."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("rapportage", "0003_dataversie")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]

"""The duplicate check's name index (PostgreSQL only; on other databases this migration does
nothing and the check narrows by birth year, phone and postcode instead: selectors.
mogelijke_dubbelen).

`hulpvragen_zoeknaam(naam)` is the name without accents, in lower case (unaccent, pg_trgm's
words then split on every other character); a trigram GIN index on it lets `%` (pg_trgm
similarity) find similar names among a million without reading them all, whatever the order of
first and last name. unaccent() is only STABLE (its dictionary could change), so an index needs
this IMMUTABLE wrapper; it names its schema, so it works under any search_path (a restore runs
with an empty one). pg_trgm and unaccent are trusted extensions: the database owner may create
them."""

from django.db import migrations

FUNCTION = "hulpvragen_zoeknaam"
INDEX = "hulpvrager_zoeknaam_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public")
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION public.{FUNCTION}(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
        "AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON hulpvragen_hulpvrager "
        f"USING gin (public.{FUNCTION}(naam) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS public.{FUNCTION}(text)")


class Migration(migrations.Migration):
    dependencies = [("hulpvragen", "0011_dubbelen")]

    operations = [migrations.RunPython(create, drop)]

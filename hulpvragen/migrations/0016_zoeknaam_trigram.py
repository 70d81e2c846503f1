"""The duplicate check's name indexes (PostgreSQL only; on other databases this migration does
nothing and the check narrows by birth year and postcode instead: selectors._kandidaten).

`hulpvragen_zoeknaam(naam)` is the name without accents, in lower case (unaccent; pg_trgm then
splits it in words on every other character). Two trigram GIN indexes on it let pg_trgm's `%`
(similarity, whatever the order of first and last name) and `%>>` (strict word similarity) find
similar names among a million without reading them all (selectors._pg_gelijke_namen): one on
birth year and name together (btree_gin: the two conditions meet inside the index, a name as
common as "Mohamed Yilmaz" leaves only that year's), one on the names of persons without a birth
year. unaccent() is only STABLE (its dictionary could change), so an index needs this IMMUTABLE
wrapper; it names its schema, so it works under any search_path (a restore runs with an empty
one). pg_trgm, unaccent and btree_gin are trusted extensions: the database owner may create
them."""

from django.db import migrations

FUNCTION = "hulpvragen_zoeknaam"
INDEXES = {
    "hulpvrager_jaar_zoeknaam_trgm": (
        f"(geboortejaar, public.{FUNCTION}(naam) gin_trgm_ops)",
        "",
    ),
    "hulpvrager_zoeknaam_zonder_jaar_trgm": (
        f"(public.{FUNCTION}(naam) gin_trgm_ops)",
        " WHERE geboortejaar IS NULL",
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public")
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION public.{FUNCTION}(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
        "AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$"
    )
    for name, (columns, where) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON hulpvragen_hulpvrager USING gin {columns}{where}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS public.{FUNCTION}(text)")


class Migration(migrations.Migration):
    dependencies = [("hulpvragen", "0015_dubbelen")]

    operations = [migrations.RunPython(create, drop)]

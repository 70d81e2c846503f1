"""The report's copies on the help request (`Hulpvraag.rapport_*`): what the quarterly report
counts of a help request but finds in another table, kept on the help request itself by database
triggers, so the report's pass over a million help requests reads one table instead of joining
the help seekers and looking up the referrals of every help request (docs/PERFORMANCE.md).

- `rapport_geslacht`: the help seeker's sex ('' while the help seeker is not there yet);
- `rapport_leeftijd`: intake year - the help seeker's birth year (NULL: no birth year);
- `rapport_eerste_doorverwijzing`: the date of the help request's earliest referral (NULL: none),
  so "a referral on or before the peildatum" is `rapport_eerste_doorverwijzing <= peildatum`.

Triggers, not the services, keep them: every writer (the forms, the workbook import, merging,
anonymisation, the demo, the benchmark's own SQL, a fix in the database by hand) changes the
source row, and the database then changes the copy in the same statement. Nothing in Python writes
them; what Python writes there on a save is overwritten.

- PostgreSQL: BEFORE INSERT OR UPDATE on the help request sets the three from their sources; the
  help seeker's and the referral's AFTER triggers touch the help requests concerned, so that
  trigger runs again for them.
- SQLite (development, the demo, tests): AFTER triggers that update the copies (a trigger there
  cannot change the row being written; SQLite's recursive triggers are off, so a trigger's own
  update does not fire it again).

`test_rapportvelden.py` checks the copies against their sources after each kind of write."""

VENDORS = ("postgresql", "sqlite")
HV = "hulpvragen_hulpvraag"
PERSOON = "hulpvragen_hulpvrager"
DV = "hulpvragen_doorverwijzing"
FUNCTION = "hulpvraag_rapportvelden"
TRIGGER = "hulpvraag_rapportvelden"


def _expressions_sqlite(row: str) -> dict:
    """SQLite: each copy's value computed from its sources, for the help request `row` (NEW, or
    the table's own name inside an UPDATE of it)."""
    return {
        "rapport_geslacht": f"COALESCE((SELECT p.geslacht FROM {PERSOON} p "
        f"WHERE p.id = {row}.hulpvrager_id), '')",
        "rapport_leeftijd": f"(SELECT CAST(strftime('%Y', {row}.intake_datum) AS INTEGER) "
        f"- p.geboortejaar FROM {PERSOON} p WHERE p.id = {row}.hulpvrager_id)",
        "rapport_eerste_doorverwijzing": f"(SELECT min(d.datum) FROM {DV} d "
        f"WHERE d.hulpvraag_id = {row}.id)",
    }


def _copies_sqlite(row: str) -> str:
    """SQLite: the SET list that recomputes a help request's copies."""
    return ", ".join(f"{c} = {e}" for c, e in _expressions_sqlite(row).items())


def _differs_sqlite() -> str:
    """SQLite: a copy of the updated help request (NEW) is not what its sources say. Only then
    does the update trigger write them: a write of other columns (a phone call's last-contact
    date) must not write the copies, which would raise the report's data version."""
    return " OR ".join(f"NEW.{c} IS NOT {e}" for c, e in _expressions_sqlite("NEW").items())


def create_sql(vendor: str) -> list[str]:
    """The triggers, then the copies filled in for the help requests already there."""
    if vendor == "postgresql":
        return [
            f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"NEW.rapport_geslacht := COALESCE((SELECT p.geslacht FROM {PERSOON} p "
            f"WHERE p.id = NEW.hulpvrager_id), ''); "
            f"NEW.rapport_leeftijd := (SELECT date_part('year', NEW.intake_datum)::integer "
            f"- p.geboortejaar FROM {PERSOON} p WHERE p.id = NEW.hulpvrager_id); "
            f"NEW.rapport_eerste_doorverwijzing := (SELECT min(d.datum) FROM {DV} d "
            f"WHERE d.hulpvraag_id = NEW.id); "
            f"RETURN NEW; END $$",
            f"CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE ON {HV} "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()",
            # the sources changed: touch the help requests concerned (their trigger recomputes)
            f"CREATE FUNCTION {FUNCTION}_persoon() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"UPDATE {HV} SET rapport_geslacht = NEW.geslacht WHERE hulpvrager_id = NEW.id; "
            f"RETURN NULL; END $$",
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OF geslacht, geboortejaar "
            f"ON {PERSOON} FOR EACH ROW EXECUTE FUNCTION {FUNCTION}_persoon()",
            f"CREATE FUNCTION {FUNCTION}_doorverwijzing() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF TG_OP <> 'INSERT' THEN UPDATE {HV} SET rapport_eerste_doorverwijzing = NULL "
            f"WHERE id = OLD.hulpvraag_id; END IF; "
            f"IF TG_OP <> 'DELETE' THEN UPDATE {HV} SET rapport_eerste_doorverwijzing = NULL "
            f"WHERE id = NEW.hulpvraag_id; END IF; RETURN NULL; END $$",
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR DELETE OR UPDATE OF datum, hulpvraag_id "
            f"ON {DV} FOR EACH ROW EXECUTE FUNCTION {FUNCTION}_doorverwijzing()",
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {TRIGGER}_insert AFTER INSERT ON {HV} FOR EACH ROW BEGIN "
            f"UPDATE {HV} SET {_copies_sqlite('NEW')} WHERE id = NEW.id; END",
            f"CREATE TRIGGER {TRIGGER}_update AFTER UPDATE ON {HV} FOR EACH ROW "
            f"WHEN {_differs_sqlite()} BEGIN "
            f"UPDATE {HV} SET {_copies_sqlite('NEW')} WHERE id = NEW.id; END",
            f"CREATE TRIGGER {TRIGGER}_persoon AFTER UPDATE OF geslacht, geboortejaar ON {PERSOON} "
            f"FOR EACH ROW BEGIN UPDATE {HV} SET {_copies_sqlite(HV)} "
            f"WHERE hulpvrager_id = NEW.id; END",
            f"CREATE TRIGGER {TRIGGER}_persoon_insert AFTER INSERT ON {PERSOON} "
            f"FOR EACH ROW BEGIN UPDATE {HV} SET {_copies_sqlite(HV)} "
            f"WHERE hulpvrager_id = NEW.id; END",
            *(
                f"CREATE TRIGGER {TRIGGER}_dv_{name} AFTER {event} ON {DV} FOR EACH ROW BEGIN "
                + "".join(
                    f"UPDATE {HV} SET {_copies_sqlite(HV)} WHERE id = {row}.hulpvraag_id; "
                    for row in rows
                )
                + "END"
                for name, event, rows in (
                    ("insert", "INSERT", ("NEW",)),
                    ("delete", "DELETE", ("OLD",)),
                    ("update", "UPDATE OF datum, hulpvraag_id", ("OLD", "NEW")),
                )
            ),
        ]
    return []


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER {TRIGGER} ON {DV}",
            f"DROP TRIGGER {TRIGGER} ON {PERSOON}",
            f"DROP TRIGGER {TRIGGER} ON {HV}",
            f"DROP FUNCTION {FUNCTION}_doorverwijzing()",
            f"DROP FUNCTION {FUNCTION}_persoon()",
            f"DROP FUNCTION {FUNCTION}()",
        ]
    if vendor == "sqlite":
        names = ["insert", "update", "persoon", "persoon_insert", "dv_insert", "dv_delete"]
        return [f"DROP TRIGGER {TRIGGER}_{n}" for n in [*names, "dv_update"]]
    return []


def fill_sql(vendor: str) -> list[str]:
    """Every help request's copies computed from their sources, set-based (a migration adding
    them; the benchmark's COPY, which switches the tables' triggers off while it loads)."""
    if vendor == "postgresql":
        # joins, no lookup per row: also fast while a bulk load has dropped the indexes
        return [
            f"UPDATE {HV} h SET rapport_geslacht = x.geslacht, rapport_leeftijd = x.leeftijd, "
            f"rapport_eerste_doorverwijzing = x.eerste FROM (SELECT h2.id, p.geslacht, "
            f"date_part('year', h2.intake_datum)::integer - p.geboortejaar AS leeftijd, d.eerste "
            f"FROM {HV} h2 JOIN {PERSOON} p ON p.id = h2.hulpvrager_id LEFT JOIN "
            f"(SELECT hulpvraag_id, min(datum) AS eerste FROM {DV} GROUP BY hulpvraag_id) d "
            f"ON d.hulpvraag_id = h2.id) x WHERE x.id = h.id"
        ]
    if vendor == "sqlite":
        return [f"UPDATE {HV} SET {_copies_sqlite(HV)}"]
    return []

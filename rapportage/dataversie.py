"""The data version: one number, raised by every committed write that can change a figure of the
report, so a report computed at version v stays exact for as long as the version is v (the
report's cache, rapportage.report.build).

Database triggers raise it (migration 0003; later migrations replace them as `TABLES` grows), on the tables the report reads (`TABLES`; the
report tests capture the report's SQL and compare): on an insert, a delete, or an update of a
column the report reads (a phone call updates a help request's last-contact date, which no
figure shows: that keeps the version). Only PostgreSQL and SQLite have the triggers; on another
database there is no version and no cache.

- PostgreSQL: a constraint trigger per row, deferred to the commit, that raises the version at
  most once per transaction (a transaction-local setting remembers it). The version row is
  locked only while the writing transaction commits, not for the whole of a long import; and
  the new version becomes visible in the same instant as the writes. TRUNCATE raises it at once.
- SQLite: an AFTER trigger per row (SQLite lets one writer at a time anyway).

`read_in_snapshot` reads the version as the first statement of the report's transaction; on
PostgreSQL that transaction is REPEATABLE READ, so the version and every query of the report
see one snapshot (READ COMMITTED would take a new one per statement)."""

from django.db import connection

VENDORS = ("postgresql", "sqlite")
VERSION_TABLE = "rapportage_dataversie"
TRIGGER = "rapportage_dataversie"
FUNCTION = "rapportage_dataversie_verhoog"
FLAG = "rapportage.dataversie_verhoogd"

# table -> the columns the report reads (an update of any other column cannot change a figure).
# A few are listed because a column of that name occurs in the same query (doorverwijzing's
# organisatie_id and soort, a trusted person's naam and user_id): one trigger more, never fewer.
TABLES = {
    "hulpvragen_doorverwijzing": ("datum", "hulpvraag_id", "organisatie_id", "soort"),
    "hulpvragen_huishouden": ("organisatie_id", "vertrouwenspersoon_id"),
    "hulpvragen_hulpvraag": (
        "huishouden_id",
        "hulpvrager_id",
        "intake_datum",
        "pilot_id",
        "rapport_eerste_doorverwijzing",
        "rapport_geslacht",
        "rapport_leeftijd",
        "soort",
        "status",
        "terugkerend",
        "uitkomst_categorie",
        "vertrouwenspersoon_id",
    ),
    "hulpvragen_hulpvrager": ("geboortejaar", "geslacht", "huishouden_id"),
    "hulpvragen_pilot": ("naam", "startdatum", "taakstelling"),
    "hulpvragen_statuswijziging": ("datum", "hulpvraag_id", "naar", "uitkomst_categorie"),
    "netwerk_organisatie": ("taakstelling",),
    "netwerk_vertrouwenspersoon": (
        "einddatum",
        "naam",
        "organisatie_id",
        "startdatum",
        "status",
        "user_id",
    ),
    "noodfonds_aanvraag": (
        "besloten_op",
        "contact_formeel",
        "ingediend_op",
        "inkomsten",
        "onderwerp",
        "organisatie_id",
        "status",
        "toegekend_bedrag",
        "uitbetaald_bedrag",
        "uitbetaald_op",
        "vertrouwenspersoon_id",
        "voorziening",
        "voorziening_resultaat",
        "woonplaats",
    ),
    # the fund chain's tables (issue 21): loans, repayments, deposits per funder
    "noodfonds_aflossing": ("bedrag", "datum", "lening_id"),
    "noodfonds_lening": (
        "aanvraag_id",
        "bedrag",
        "eerste_maand",
        "kwijtgescholden_bedrag",
        "kwijtgescholden_op",
    ),
    "noodfonds_storting": ("bedrag", "datum", "fondsgever"),
    "opleiding_deelname": ("status", "status_datum", "vertrouwenspersoon_id"),
    "opleiding_ontwikkelstap": ("datum", "soort", "vertrouwenspersoon_id"),
}

# Tables the report reads through the help request's copies (hulpvragen.rapportvelden: the help
# seeker's sex and age, the earliest referral), not in its own queries. A write there changes a
# copy, and that update raises the version through the help request's trigger; their own triggers
# stay, so the version never rests on the copies' triggers alone.
VIA_KOPIEEN = frozenset({"hulpvragen_doorverwijzing", "hulpvragen_hulpvrager"})

BUMP = f"UPDATE {VERSION_TABLE} SET versie = versie + 1 WHERE id = 1"


def create_sql(vendor: str, tables: dict) -> list[str]:
    """The version table and the triggers on `tables` ({table: columns}); [] for a vendor
    without them."""
    if vendor not in VENDORS:
        return []
    sql = [
        f"CREATE TABLE {VERSION_TABLE} (id integer PRIMARY KEY CHECK (id = 1), "
        "versie bigint NOT NULL)",
        f"INSERT INTO {VERSION_TABLE} (id, versie) VALUES (1, 0)",
    ]
    if vendor == "postgresql":
        sql.append(
            f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF current_setting('{FLAG}', true) IS DISTINCT FROM 'ja' THEN "
            f"PERFORM set_config('{FLAG}', 'ja', true); {BUMP}; END IF; RETURN NULL; END $$"
        )
    return sql + [
        s for table, columns in tables.items() for s in trigger_sql(vendor, table, columns)
    ]


def trigger_sql(vendor: str, table: str, columns) -> list[str]:
    """The triggers on one table: insert, delete, and update of `columns`."""
    of = ", ".join(f'"{c}"' for c in columns)
    if vendor == "postgresql":
        return [
            f'CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR DELETE OR UPDATE OF {of} ON "{table}" '
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()",
            f'CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
        ]
    events = {"insert": "INSERT", "delete": "DELETE", "update": f"UPDATE OF {of}"}
    return [
        f'CREATE TRIGGER {TRIGGER}_{table}_{name} AFTER {event} ON "{table}" '
        f"FOR EACH ROW BEGIN {BUMP}; END"
        for name, event in events.items()
    ]


def drop_sql(vendor: str, tables: dict) -> list[str]:
    if vendor not in VENDORS:
        return []
    function = [f"DROP FUNCTION {FUNCTION}()"] if vendor == "postgresql" else []
    return [*drop_triggers_sql(vendor, tables), *function, f"DROP TABLE {VERSION_TABLE}"]


def drop_triggers_sql(vendor: str, tables) -> list[str]:
    """The triggers on `tables` dropped (the version table and function stay)."""
    if vendor not in VENDORS:
        return []
    if vendor == "postgresql":
        return [
            *(f'DROP TRIGGER {TRIGGER} ON "{t}"' for t in tables),
            *(f'DROP TRIGGER {TRIGGER}_truncate ON "{t}"' for t in tables),
        ]
    return [
        f"DROP TRIGGER {TRIGGER}_{t}_{e}" for t in tables for e in ("insert", "delete", "update")
    ]


def replace_sql(vendor: str, old: dict, new: dict) -> list[str]:
    """A later migration's change of what the report reads: the triggers of `old` ({table:
    columns}) replaced by those of `new`."""
    if vendor not in VENDORS:
        return []
    return [
        *drop_triggers_sql(vendor, old),
        *(s for table, columns in new.items() for s in trigger_sql(vendor, table, columns)),
    ]


def read_in_snapshot() -> int | None:
    """The data version, read as the first statement of a transaction that has just begun
    (`rapportage.report.build`); on PostgreSQL it makes that transaction REPEATABLE READ first.
    None: no version on this database (no caching)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    return current()


def current() -> int | None:
    """The data version as committed now (outside the report's snapshot: the warm-keeping's
    question "has a figure changed since?"). None: no version on this database."""
    if connection.vendor not in VENDORS:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT versie FROM {VERSION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None

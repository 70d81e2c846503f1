"""The report's cache per data version (rapportage.dataversie, rapportage.report.build): the
triggers cover every table and column the report reads; a second build with nothing written
in between costs one query; a write the report can see changes the figures at once; scopes,
languages and rolled-back writes never share or poison an entry. SQLite and PostgreSQL."""

import datetime
import importlib
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hulpvragen import services
from hulpvragen.choices import Status
from hulpvragen.models import Doorverwijzing, Hulpvraag
from rapportage import dataversie
from rapportage.report import build_report, report_json
from rapportage.report.categories import LEEFTIJD, SEKSE, STATUS, TOTAAL, WOONPLAATS
from tests.factories import AanvraagFactory, OrganisatieFactory, VertrouwenspersoonFactory
from tests.rapportage.conftest import INTAKE, PEILDATUM, make_hulpvraag
from tests.rapportage.report_reads import captured_sql, tables_read

D = datetime.date
TODAY = D(2021, 6, 1)


def version() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT versie FROM {dataversie.VERSION_TABLE}")
        return cursor.fetchone()[0]


def raises_version(sql: str) -> bool:
    """Does this write raise the version? Run in a savepoint that is rolled back; on PostgreSQL
    the deferred trigger is made to fire at once (and the once-per-transaction mark cleared)."""
    postgres = connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:  # fire what earlier statements queued, then start clean
            cursor.execute(f"SET CONSTRAINTS {dataversie.TRIGGER} IMMEDIATE")
            cursor.execute(f"SELECT set_config('{dataversie.FLAG}', '', true)")
        before = version()
        cursor.execute(sql)
        after = version()
        if postgres:
            cursor.execute(f"SET CONSTRAINTS {dataversie.TRIGGER} DEFERRED")
        transaction.set_rollback(True)
    return after > before


def first_row(table: str) -> str:
    return f'(SELECT MIN(id) FROM "{table}")'


@pytest.fixture
def report_data(seeded):
    """The seed plus a referral and a completed training, so every table the report reads has
    a row."""
    from hulpvragen.choices import DoorverwijzingSoort
    from hulpvragen.models import Doorverwijzing
    from netwerk.models import Pilot
    from opleiding.choices import DeelnameStatus
    from opleiding.models import Cohort, Deelname, Ontwikkelstap

    Doorverwijzing.objects.create(
        hulpvraag=Hulpvraag.objects.first(), organisatie=OrganisatieFactory(),
        datum=PEILDATUM, soort=DoorverwijzingSoort.ADVIES,
    )  # fmt: skip
    cohort = Cohort.objects.create(
        naam="Cohort test", pilot=Pilot.objects.first(), startdatum=PEILDATUM
    )
    persoon = VertrouwenspersoonFactory()
    Deelname.objects.create(
        cohort=cohort, vertrouwenspersoon=persoon,
        status=DeelnameStatus.AFGEROND, status_datum=PEILDATUM,
    )  # fmt: skip
    # the fund chain (issue 21): a deposit, a loan of a grant with a repayment
    from noodfonds.models import Aanvraag, Aflossing, Lening, Storting

    Storting.objects.create(datum=PEILDATUM, bedrag=1000, fondsgever="Fonds test")
    from tests.factories import AanvraagFactory

    besloten = AanvraagFactory(
        referentie="NF-TEST-0001", status="uitbetaald",
        organisatie=Aanvraag.objects.first().organisatie,
        ingediend_op=PEILDATUM, besloten_op=PEILDATUM, toegekend_bedrag=100,
        voorziening="bijzondere_bijstand", voorziening_resultaat="afgewezen",
    )  # fmt: skip
    lening = Lening.objects.create(
        aanvraag=besloten, bedrag=besloten.toegekend_bedrag, per_maand=10,
        eerste_maand=besloten.besloten_op.replace(day=1),
    )  # fmt: skip
    Aflossing.objects.create(lening=lening, datum=PEILDATUM, bedrag=1)
    # the route table reads the development steps (issue 22 §5)
    Ontwikkelstap.objects.create(vertrouwenspersoon=persoon, soort="buurtbaan", datum=PEILDATUM)
    return seeded


# --- the triggers: exactly the tables and columns the report reads ------------------------------


def test_the_triggers_cover_exactly_the_tables_the_report_reads(report_data):
    read = tables_read(captured_sql(PEILDATUM))
    assert not set(read) & dataversie.VIA_KOPIEEN, "read directly: not through the copies"
    assert sorted({*read, *dataversie.VIA_KOPIEEN}) == sorted(dataversie.TABLES), (
        "tables read without a trigger, or not read"
    )
    for table, columns in read.items():
        missing = columns - {"id"} - set(dataversie.TABLES[table])
        assert not missing, f"{table}: an update of {sorted(missing)} keeps the version"


def test_the_migration_made_the_triggers_of_the_list():
    """The latest migration that (re)made the triggers froze today's list."""
    folder = Path(dataversie.__file__).parent / "migrations"
    modules = [
        importlib.import_module(f"rapportage.migrations.{path.stem}")
        for path in sorted(folder.glob("0*.py"))
    ]
    latest = [m for m in modules if hasattr(m, "TABLES")][-1]

    assert latest.TABLES == dataversie.TABLES


@pytest.mark.parametrize("table", sorted(dataversie.TABLES))
def test_a_write_to_each_table_raises_the_version(report_data, table):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        assert cursor.fetchone()[0], f"no row in {table} to test with"
    where = f"WHERE id = {first_row(table)}"
    for column in dataversie.TABLES[table]:
        assert raises_version(f'UPDATE "{table}" SET "{column}" = "{column}" {where}'), column
    assert raises_version(f'DELETE FROM "{table}" {where}')
    assert _insert_triggers(table), f"no insert trigger on {table}"


def _insert_triggers(table: str) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # tgtype bit 2 (4) = INSERT
            cursor.execute(
                "SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND tgname = %s "
                "AND tgtype & 4 = 4",
                [f'"{table}"', dataversie.TRIGGER],
            )
        else:
            cursor.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                "AND name = %s AND sql LIKE %s",
                [table, f"{dataversie.TRIGGER}_{table}_insert", "%AFTER INSERT ON%"],
            )
        return cursor.fetchone()[0] == 1


def test_an_update_the_report_does_not_read_keeps_the_version(report_data):
    where = f"WHERE id = {first_row('hulpvragen_hulpvraag')}"
    assert not raises_version(
        f'UPDATE "hulpvragen_hulpvraag" SET "laatste_contact" = "laatste_contact" {where}'
    )


# --- the cache: in a transaction of its own (as a web request builds it) ------------------------


def uncached(**kwargs):
    """The report computed now (inside a caller's transaction nothing is cached)."""
    with transaction.atomic():
        return build_report(**kwargs)


def same_report(**kwargs):
    report = build_report(**kwargs)
    assert report_json(report) == report_json(uncached(**kwargs))
    return report


def cell(report, title, label, column=TOTAAL):
    table = report.tables[title]
    row = next(r for r in table["rows"] if r[0] == label)
    return row[table["columns"].index(column) + 1]


def test_a_second_build_costs_only_the_version_and_the_cache_read(own_transactions, pilot1):
    make_hulpvraag(pilot=pilot1)
    first = build_report(user=None, peildatum=PEILDATUM)
    with CaptureQueriesContext(connection) as queries:
        second = build_report(user=None, peildatum=PEILDATUM)
    statements = [q["sql"] for q in queries.captured_queries]
    reads = [s for s in statements if not s.startswith(("SET TRANSACTION", "BEGIN", "COMMIT"))]
    assert reads[0] == f"SELECT versie FROM {dataversie.VERSION_TABLE} WHERE id = 1"
    # the rest is the cache's own read (a table of the database cache), none of the report's
    assert all("samenvooruit_cache" in sql for sql in reads[1:]) and len(reads) <= 2
    assert report_json(second) == report_json(first)
    assert second.generated_at == first.generated_at  # when the figures were computed


def test_writes_show_at_once(own_transactions, pilot1):
    hulpvraag = make_hulpvraag(pilot=pilot1, geboortejaar=1970)
    kwargs = {"user": None, "peildatum": TODAY}
    report = same_report(**kwargs)
    assert cell(report, STATUS, "Afgerond") == 0

    services.change_status(
        hulpvraag=hulpvraag,
        naar=Status.AFGEROND,
        datum=TODAY,
        uitkomst="ok",
        uitkomst_categorie="opgelost",
    )
    assert cell(same_report(**kwargs), STATUS, "Afgerond") == 1

    make_hulpvraag(pilot=pilot1)
    assert cell(same_report(**kwargs), LEEFTIJD, TOTAAL) == 2

    services.update_hulpvrager(hulpvrager=hulpvraag.hulpvrager, data={"geboortejaar": 1930})
    assert cell(same_report(**kwargs), LEEFTIJD, "80+") == 1
    # the help seeker's sex and the referrals reach the report through the help request's
    # copies (hulpvragen.rapportvelden): a write there shows at once too
    mannen = cell(same_report(**kwargs), SEKSE, "Man")
    services.update_hulpvrager(hulpvrager=hulpvraag.hulpvrager, data={"geslacht": "man"})
    assert cell(same_report(**kwargs), SEKSE, "Man") == mannen + 1
    assert _formeel(same_report(**kwargs)) == "0%"
    referral = Doorverwijzing.objects.create(
        hulpvraag=hulpvraag, organisatie=OrganisatieFactory(), datum=TODAY, soort="advies"
    )
    assert _formeel(same_report(**kwargs)) == "50%"
    referral.delete()
    assert _formeel(same_report(**kwargs)) == "0%"

    AanvraagFactory(ingediend_op=INTAKE)
    assert cell(same_report(**kwargs), WOONPLAATS, TOTAAL, column="Aantal") == 1


def _formeel(report) -> str:
    figure = next(f for f in report.key_figures if f.key == "formele_betrokkenheid_pct")
    return str(figure.value)


def test_a_phone_call_keeps_the_cached_report(own_transactions, pilot1):
    hulpvraag = make_hulpvraag(pilot=pilot1)
    build_report(user=None, peildatum=TODAY)
    before = version()
    services.log_contact(hulpvraag=hulpvraag, soort="telefonisch", datum=TODAY)
    assert version() == before
    same_report(user=None, peildatum=TODAY)


def test_scopes_never_share_an_entry(own_transactions, coordinator, orgcoordinator, org_a, pilot1):
    vp = VertrouwenspersoonFactory(organisatie=org_a)
    make_hulpvraag(pilot=pilot1, vp=vp)
    make_hulpvraag(pilot=pilot1, vp=VertrouwenspersoonFactory(organisatie=OrganisatieFactory()))
    everything = same_report(user=coordinator, peildatum=PEILDATUM)
    own = same_report(user=orgcoordinator, peildatum=PEILDATUM)
    assert cell(everything, LEEFTIJD, TOTAAL) == 2
    assert cell(own, LEEFTIJD, TOTAAL) == 1
    assert cell(same_report(user=coordinator, peildatum=PEILDATUM), LEEFTIJD, TOTAAL) == 2


def test_languages_never_share_an_entry(own_transactions, pilot1):
    make_hulpvraag(pilot=pilot1)
    with translation.override("nl"):
        dutch = build_report(user=None, peildatum=PEILDATUM)
    with translation.override("en"):
        english = build_report(user=None, peildatum=PEILDATUM)
        assert report_json(english) == report_json(uncached(user=None, peildatum=PEILDATUM))
    assert dutch.key_figures[-1].label != english.key_figures[-1].label


def test_a_rolled_back_write_does_not_poison_the_cache(own_transactions, pilot1):
    make_hulpvraag(pilot=pilot1)
    before = same_report(user=None, peildatum=PEILDATUM)
    with transaction.atomic():
        make_hulpvraag(pilot=pilot1)
        inside = build_report(user=None, peildatum=PEILDATUM)  # sees its own write
        assert cell(inside, LEEFTIJD, TOTAAL) == 2
        transaction.set_rollback(True)
    after = same_report(user=None, peildatum=PEILDATUM)
    assert report_json(after) == report_json(before)
    assert Hulpvraag.objects.count() == 1

"""Report fixtures: the seed's expected tables (read from demo/seed_tables.json with the known
errors corrected HERE, independently of demo.seed), the demo network with the seed
registration, and small builders for edge cases."""

import datetime
import io
import json
import random
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from demo import netwerk as netwerk_demo
from demo import seed
from hulpvragen import services
from hulpvragen.choices import Geslacht, Soort, UitkomstCategorie
from netwerk.models import Pilot
from rapportage.report import build
from rapportage.report.categories import EXTRA_TABLES, SEED_TABLES
from tests.factories import (
    HuishoudenFactory,
    HulpvraagFactory,
    HulpvragerFactory,
    PilotFactory,
)

D = datetime.date
PEILDATUM = D(2021, 3, 1)
INTAKE = D(2021, 1, 15)
SEED_FILE = Path(__file__).resolve().parents[2] / "demo" / "seed_tables.json"
# "known_errors_in_source": Pilot 2: 40 t/m 60 jaar = 28 (Totaal 39), Terugkerend = 50 (Totaal 50).
FIXES = {
    ("Leeftijd hulpvragers", "40 t/m 60 jaar"): {"Pilot 2": 28, "Totaal": 39},
    ("Type vraag hulpvragers", "Terugkerend"): {"Pilot 2": 50, "Totaal": 50},
}


def seed_file() -> dict:
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


def corrected_tables() -> dict:
    """{title: {"columns", "rows"}} of all eight tables, the known errors resolved."""
    data = seed_file()
    tables = {**data["hulpvragen"], **data["noodfonds"]}
    for (title, label), fixes in FIXES.items():
        table = tables[title]
        row = next(r for r in table["rows"] if r[0] == label)
        for column, value in fixes.items():
            row[1 + table["columns"].index(column)] = value
    return tables


@pytest.fixture
def expected_tables():
    return corrected_tables()


def seed_tables_of(tables: dict) -> dict:
    """The source report's eight tables of a report's tables, in their order; what the report
    adds (the outcome table) comes after them and is checked to be only that."""
    titles = list(tables)
    assert titles[len(SEED_TABLES) :] == list(EXTRA_TABLES)
    return {title: tables[title] for title in titles[: len(SEED_TABLES)]}


@pytest.fixture
def demo_ctx(db):
    ctx = {"password": "demo-wachtwoord-1", "rng": random.Random(2021)}
    netwerk_demo.build(ctx)
    return ctx


@pytest.fixture
def seeded(demo_ctx):
    """The demo network plus the seed registration (demo.seed.build)."""
    seed.build(demo_ctx)
    return demo_ctx


@pytest.fixture
def pilot1(db):
    return PilotFactory(naam="Pilot 1", startdatum=D(2019, 11, 1), einddatum=D(2020, 8, 31))


@pytest.fixture
def pilot2(db):
    return PilotFactory(naam="Pilot 2", startdatum=D(2020, 11, 1), einddatum=D(2021, 5, 31))


def make_hulpvraag(
    *,
    pilot=None,
    intake=INTAKE,
    geboortejaar=1970,
    geslacht=Geslacht.VROUW,
    soort=Soort.PRAKTISCH,
    terugkerend="",
    vp=None,
):
    """One help request (with its first status entry on the intake date) in its own household."""
    household = HuishoudenFactory(vertrouwenspersoon=vp, organisatie=vp.organisatie if vp else None)
    person = HulpvragerFactory(huishouden=household, geboortejaar=geboortejaar, geslacht=geslacht)
    return HulpvraagFactory(
        hulpvrager=person,
        pilot=pilot,
        intake_datum=intake,
        soort=soort,
        terugkerend=terugkerend,
        vertrouwenspersoon=vp,
    )


def change(hulpvraag, naar, datum, categorie=UitkomstCategorie.OPGELOST):
    # closing needs an outcome and its category (services.check_uitkomst)
    return services.change_status(
        hulpvraag=hulpvraag, naar=naar, datum=datum, uitkomst="klaar", uitkomst_categorie=categorie
    )


def open_xlsx(content: bytes):
    return load_workbook(io.BytesIO(content))


def sheet_table(ws) -> dict:
    """A pivot sheet read back into {"columns", "rows"}, percent cells as "72%" again."""
    rows = list(ws.iter_rows())
    columns = [c.value for c in rows[0][1:]]
    body = [[_cell_value(c) for c in row] for row in rows[1:]]
    return {"columns": columns, "rows": body}


def _cell_value(cell):
    if cell.number_format == "0%" and isinstance(cell.value, int | float):
        return f"{round(cell.value * 100)}%"
    return cell.value


@pytest.fixture
def computations(monkeypatch):
    """Every report computed (not found in the cache): the users it was computed for."""
    done = []
    compute = build._build_report

    def counting(user, params):
        done.append(user)
        return compute(user, params)

    monkeypatch.setattr(build, "_build_report", counting)
    return done


def open_report(client, user, query=f"peildatum={PEILDATUM:%Y-%m-%d}"):
    client.force_login(user)
    response = client.get(f"{reverse('rapportage:rapport')}?{query}")
    assert response.status_code == 200
    return response


def rename(client, pilot, naam):
    """The coordinator renames a pilot on its page: a write through a request (POST)."""
    response = client.post(
        reverse("hulpvragen:pilot_edit", args=[pilot.pk]),
        {"naam": naam, "startdatum": pilot.startdatum, "einddatum": pilot.einddatum or "",
         "taakstelling": pilot.taakstelling or ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert Pilot.objects.get(pk=pilot.pk).naam == naam


@pytest.fixture
def own_transactions(transactional_db):
    """Each write and each report in a transaction of its own, as a web request has them (the
    report's cache only holds what was built that way), with an empty cache before and after."""
    cache.clear()
    yield
    cache.clear()

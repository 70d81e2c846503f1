"""Journey 5: the coordinator brings a partner's spreadsheet in.

She downloads the empty template, fills it in (here: openpyxl, as Excel would), uploads it, reads
the problems on the page in Dutch (sheet, row, column, value, what was expected; nothing is stored),
fixes the cells, uploads again, sees what will be created and imports. The rows are stored. The
check and the import run as background jobs (here at once: the immediate backend); the export is
made in the background too, and she fetches it from its job's page."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hulpvragen.models import Huishouden, Hulpvraag
from netwerk.models import Organisatie, Pilot, Vertrouwenspersoon
from noodfonds.models import Aanvraag
from registratie.models import WerkmapLog
from taken.models import Taak, TaakStatus
from tests.browser import DESKTOP
from tests.e2e.journey import check, menu

pytestmark = pytest.mark.django_db(transaction=True)

PILOTS = [{"naam": "Pilot 2021", "startdatum": "01-11-2020", "einddatum": "31-08-2021"}]
HULPVRAGEN = [
    {
        "huishouden": "HH-2021-0001",
        "hulpvrager": "Fatima Ouali",
        "datum_aanmelding": "15-01-2021",
        "geslacht": "Vrouw",
        "geboortejaar": 1970,
        "woonplaats": "Oost",
        "inkomsten": "Pensioen/AOW",
        "contact_formeel": "Nee",
        "soort": "Praktisch",
        "terugkerend": "Eenmalig",
        "status": "Nog in behandeling",
        "organisatie": "Buurthulp Noord",
        "vertrouwenspersoon": "Karin Visser",
        "themas": "Schulden, Taal",
        "omschrijving": "Hulp bij de post",
    },
    {
        "huishouden": "HH-2021-0002",
        "hulpvrager": "Johan Meijer",
        "datum_aanmelding": "31-02-2021",  # no such day
        "geslacht": "Man",
        "geboortejaar": 1958,
        "woonplaats": "Oost",
        "inkomsten": "Uitkering (bijstand, WW, Wajong)",
        "contact_formeel": "Ja",
        "soort": "Sociaal",
        "terugkerend": "Terugkerend",
        "status": "Afgerond",
        "datum_afgerond": "30-04-2021",
        "organisatie": "Buurthulp Noord",
        "vertrouwenspersoon": "Karin Visser",
        "themas": "Eenzaamheid/sociaal isolement",
    },
    {
        "huishouden": "HH-2021-0003",
        "hulpvrager": "Noor Bakker",
        "datum_aanmelding": "10-02-2021",
        "geslacht": "Vrouwtje",  # not a label of the list
        "geboortejaar": 1990,
        "woonplaats": "Nieuw-West",
        "soort": "Sociaal en praktisch",
        "status": "In behandeling bij formeel",
        "organisatie": "Buurthulp Noord",
        "themas": "Woning",
    },
]
NOODFONDS = [
    {
        "datum_aanvraag": "12-02-2021",
        "organisatie": "Buurthulp Noord",
        "vertrouwenspersoon": "Karin Visser",
        "woonplaats": "Oost",
        "onderwerp": "Fiets",  # not a subject of the fund
        "inkomsten": "Pensioen/AOW",
        "contact_formeel": "Ja",
        "gevraagd_bedrag": "125,50",
        "status": "Toegekend",
        "toegekend_bedrag": "125,50",
        "besloten_op": "19-02-2021",
    }
]
FIXES = {
    ("Hulpvragen", 3, "datum_aanmelding"): "28-02-2021",
    ("Hulpvragen", 4, "geslacht"): "Vrouw",
    ("Noodfonds", 2, "onderwerp"): "Studie/ Laptop/tablet",
}


def fill(template: bytes, fixes=None) -> bytes:
    """The template with the rows above, as a spreadsheet program would save it."""
    wb = openpyxl.load_workbook(io.BytesIO(template))
    for sheet, rows in (("Pilots", PILOTS), ("Hulpvragen", HULPVRAGEN), ("Noodfonds", NOODFONDS)):
        ws = wb[sheet]
        header = [cell.value for cell in ws[1]]
        for number, values in enumerate(rows, start=2):
            for column, value in values.items():
                value = (fixes or {}).get((sheet, number, column), value)
                ws.cell(row=number, column=header.index(column) + 1, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(page, name, content):
    page.get_by_label("Werkmap (.xlsx)").set_input_files(
        files=[
            {
                "name": name,
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": content,
            }
        ]
    )
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", name="Import controleren")).to_be_visible()


def test_coordinator_fixes_a_workbook_and_imports_it(page, login, coordinator):
    login(page, coordinator.username, DESKTOP)
    check(page)
    menu(page, "Rapportage", "Import/export")
    expect(page.get_by_role("heading", name="Import en export van de registratie")).to_be_visible()
    check(page, "5-werkmap-start")
    with page.expect_download() as download:
        page.get_by_role("link", name="Sjabloon downloaden").click()
    template = download.value.path().read_bytes()

    # a workbook with three problems: every one listed, in Dutch; nothing stored
    upload(page, "buurthulp-noord.xlsx", fill(template))

    expect(page.get_by_role("alert")).to_have_text(
        "De werkmap heeft 3 problemen. Er wordt niets opgeslagen; "
        "verbeter het bestand en probeer het opnieuw."
    )
    problems = page.get_by_role("region", name="Problemen").get_by_role("table")
    rows = problems.evaluate("t => [...t.rows].map(r => [...r.cells].map(c => c.innerText.trim()))")
    assert rows[0] == ["Blad", "Rij", "Kolom", "Gevonden", "Probleem", "Verwacht"]
    assert sorted(tuple(r[:4]) for r in rows[1:]) == [
        ("Hulpvragen", "3", "datum_aanmelding", '"31-02-2021"'),
        ("Hulpvragen", "4", "geslacht", '"Vrouwtje"'),
        ("Noodfonds", "2", "onderwerp", '"Fiets"'),
    ]
    found = {r[2]: r for r in rows[1:]}
    assert found["datum_aanmelding"][4] == "is geen geldige datum"
    assert "dd-mm-jjjj" in found["datum_aanmelding"][5]
    assert "Vrouw" in found["geslacht"][5] and "Man" in found["geslacht"][5]
    assert "Studie/ Laptop/tablet" in found["onderwerp"][5]
    assert not Huishouden.objects.exists() and not Aanvraag.objects.exists()
    check(page, "5-werkmap-problemen", show=page.get_by_role("heading", name="Problemen"))
    page.get_by_role("button", name="Terug").click()

    # the fixed workbook: what it will create, then the import
    expect(page.get_by_text("De import is geannuleerd; het bestand is verwijderd.")).to_be_visible()
    check(page)
    upload(page, "buurthulp-noord-verbeterd.xlsx", fill(template, FIXES))

    summary = page.get_by_role("status")
    expect(summary).to_contain_text(
        "Wordt aangemaakt: 1 pilot, 3 huishoudens, 3 hulpvragers, 3 hulpvragen, 1 aanvraag."
    )
    expect(summary).to_contain_text("Nieuwe organisaties (1): Buurthulp Noord")
    expect(summary).to_contain_text("Nieuwe vertrouwenspersonen (1): Karin Visser")
    assert not Huishouden.objects.exists()
    check(page, "5-werkmap-controle")
    page.get_by_role("button", name="Importeren").click()

    expect(page.get_by_text(re.compile("^Geïmporteerd: 1 pilot, 3 huishoudens"))).to_be_visible()
    log = page.get_by_role("table").get_by_role("row", name=re.compile("buurthulp-noord-verbeterd"))
    expect(log).to_contain_text("Import")
    expect(log.get_by_role("cell").last).to_have_text(
        "pilots: 1, organisaties: 1, vertrouwenspersonen: 1, huishoudens: 3, hulpvragers: 3, "
        "hulpvragen: 3, aanvragen: 1"
    )
    check(page, "5-werkmap-geimporteerd")

    pilot = Pilot.objects.get()
    assert (pilot.naam, pilot.startdatum) == ("Pilot 2021", datetime.date(2020, 11, 1))
    noord = Organisatie.objects.get(naam="Buurthulp Noord")
    karin = Vertrouwenspersoon.objects.get(naam="Karin Visser")
    assert karin.organisatie == noord
    assert sorted(Huishouden.objects.values_list("referentie", "woonplaats")) == [
        ("HH-2021-0001", "oost"),
        ("HH-2021-0002", "oost"),
        ("HH-2021-0003", "nieuw_west"),
    ]
    johan = Hulpvraag.objects.get(hulpvrager__naam="Johan Meijer")
    assert (johan.intake_datum, johan.status) == (datetime.date(2021, 2, 28), "afgerond")
    assert johan.datum_afgerond == datetime.date(2021, 4, 30)
    assert [(w.naar, w.datum) for w in johan.statushistorie.order_by("datum", "pk")] == [
        ("nog_in_behandeling", datetime.date(2021, 2, 28)),
        ("afgerond", datetime.date(2021, 4, 30)),
    ]
    fatima = Hulpvraag.objects.get(hulpvrager__naam="Fatima Ouali")
    assert (fatima.pilot, fatima.huishouden.vertrouwenspersoon) == (pilot, karin)
    assert sorted(t.naam for t in fatima.themas.all()) == ["Schulden", "Taal"]
    assert Hulpvraag.objects.get(hulpvrager__naam="Noor Bakker").hulpvrager.geslacht == "vrouw"
    aanvraag = Aanvraag.objects.get()
    assert (aanvraag.onderwerp, aanvraag.status) == ("studie", "toegekend")
    assert (aanvraag.organisatie, aanvraag.vertrouwenspersoon) == (noord, karin)
    assert str(aanvraag.toegekend_bedrag) == "125.50"
    assert WerkmapLog.objects.get().bestandsnaam == "buurthulp-noord-verbeterd.xlsx"

    # the export: its job's page offers the file
    page.get_by_role("link", name="Registratie exporteren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Registratie exporteren")
    expect(page.get_by_role("link", name="Bestand downloaden")).to_be_visible()
    check(page, "5-werkmap-export")
    with page.expect_download() as download:
        page.get_by_role("link", name="Bestand downloaden").click()
    export = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True)
    refs = [r[0] for r in export["Hulpvragen"].iter_rows(min_row=2, values_only=True)]
    assert refs == ["HH-2021-0001", "HH-2021-0002", "HH-2021-0003"]


def test_check_page_shows_the_jobs_progress_then_what_it_found(
    page, login, live_server, coordinator
):
    """With a real worker the check takes a while: the page shows its progress, and shows the
    preview by itself once the job is done (here the job is put back to running by hand)."""
    login(page, coordinator.username, DESKTOP)
    page.goto(live_server.url + reverse("registratie:registratie"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Sjabloon downloaden").click()
    upload(page, "buurthulp-noord.xlsx", fill(download.value.path().read_bytes(), FIXES))
    taak = Taak.objects.get(functie="registratie.jobs.controle_als_taak")
    Taak.objects.filter(pk=taak.pk).update(status=TaakStatus.BEZIG, gedaan=2, totaal=5)

    page.reload()

    expect(page.get_by_text("Bezig met Import controleren")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Voortgang")).to_have_attribute("value", "40")
    check(page, "5-werkmap-controle-bezig")
    Taak.objects.filter(pk=taak.pk).update(status=TaakStatus.KLAAR, gedaan=5)
    expect(page.get_by_role("status")).to_contain_text(
        "Wordt aangemaakt: 1 pilot, 3 huishoudens", timeout=10_000
    )
    expect(page.get_by_role("button", name="Importeren")).to_be_visible()

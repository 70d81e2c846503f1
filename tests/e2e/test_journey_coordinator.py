"""Journey 2: the coordinator at a desk.

The day starts in the inbox: the daily run (meldingen.services.maak_herinneringen) told her of
two applications that have waited for the committee longer than five days; the newest notice
leads to one. A new household comes in: the whole intake is one form, filled in and sent with the keyboard
alone (a first try without consent shows the errors next to their fields). Then a back-dated
status change, a referral and its outcome, the list filtered and downloaded, and the report of the
last quarter on screen and as Excel, opened again with openpyxl. Every page is checked with axe
and also looked at 360 px wide (tests/e2e/journey.py)."""

import datetime
import io
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from hulpvragen.choices import Geslacht, Status
from hulpvragen.models import Doorverwijzing, Huishouden, Hulpvraag, StatusWijziging
from hulpvragen.selectors import status_of
from meldingen.models import Soort
from meldingen.services import maak_herinneringen
from netwerk.models import OrganisatieSoort
from noodfonds.choices import AanvraagStatus
from rapportage.report.forms import last_quarters
from tests.browser import DESKTOP
from tests.e2e.journey import (
    check,
    days_ago,
    inbox,
    menu,
    nl,
    same_day_and_month,
    tab_to,
    today,
)
from tests.factories import (
    AanvraagFactory,
    HuishoudenFactory,
    HulpvraagFactory,
    HulpvragerFactory,
    OrganisatieFactory,
    PilotFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def help_request(vp, pilot, naam, intake, *, geslacht=Geslacht.VROUW, geboortejaar=1970, **kw):
    huishouden = HuishoudenFactory(vertrouwenspersoon=vp, organisatie=vp.organisatie)
    persoon = HulpvragerFactory(
        huishouden=huishouden, naam=naam, geslacht=geslacht, geboortejaar=geboortejaar
    )
    return HulpvraagFactory(hulpvrager=persoon, intake_datum=intake, pilot=pilot, **kw)


def waiting_applications(vp, *submitted_days_ago):
    """Applications of vp's organisation submitted so many days ago, not yet assessed."""
    return [
        AanvraagFactory(
            organisatie=vp.organisatie,
            vertrouwenspersoon=vp,
            status=AanvraagStatus.INGEDIEND,
            ingediend_op=days_ago(dagen),
        )
        for dagen in submitted_days_ago
    ]


def type_in(page, element_id, text):
    tab_to(page, element_id)
    page.keyboard.type(text)


def table_rows(table):
    """The cells of a table as the page shows them: header row first, then every row."""
    return table.evaluate("t => [...t.rows].map(r => [...r.cells].map(c => c.innerText.trim()))")


def download(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return openpyxl.load_workbook(io.BytesIO(info.value.path().read_bytes()))


def test_coordinator_takes_in_a_household_and_reports_the_quarter(page, login, coordinator, vp_a):
    pilot = PilotFactory(
        naam="Pilot Oost", startdatum=days_ago(400), einddatum=today() + datetime.timedelta(400)
    )
    buurtteam = OrganisatieFactory(
        naam="Buurtteam Oost", soort=OrganisatieSoort.BUURTTEAM, partner=False
    )
    kwartaal, van, tot = last_quarters(today())[0]
    help_request(vp_a, pilot, "Anna Smit", van + datetime.timedelta(5), geboortejaar=1990)
    help_request(vp_a, pilot, "Bep Vos", van + datetime.timedelta(40), geboortejaar=1950)
    help_request(vp_a, pilot, "Chris Mol", tot, geslacht=Geslacht.MAN, geboortejaar=1975)
    older = help_request(vp_a, pilot, "Kees Jansen", days_ago(250), status=Status.BIJ_FORMEEL)
    intake_datum = same_day_and_month(at_least_days_ago=3)
    waiting_applications(vp_a, 12, 8)
    made = maak_herinneringen(vandaag=today())  # the daily run, as `herinneringen` runs it
    assert {m.soort for m in made if m.ontvanger == coordinator} >= {Soort.AANVRAAG_WACHT}

    login(page, coordinator.username, DESKTOP)
    check(page, "2-coord-start")
    expect(page.get_by_role("heading", name="In beeld houden", level=1)).to_be_visible()
    inbox(page, coordinator, "2-coord-meldingen")
    menu(page, "Hulpvragen", "Intake")
    expect(page.get_by_role("heading", name="Intake", level=1)).to_be_visible()
    check(page, "2-coord-intake")

    # the intake with the keyboard only; first without residence and consent
    type_in(page, "id_naam", "Ilse Bakker")
    page.keyboard.press("Enter")  # implicit submission from a text field

    expect(page.get_by_text("Zonder toestemming leggen we niets vast.")).to_be_visible()
    assert not Huishouden.objects.filter(personen__naam="Ilse Bakker").exists()
    for field, error in [
        ("id_woonplaats", "Dit veld is verplicht."),
        ("id_soort", "Dit veld is verplicht."),
        ("id_toestemming", "Zonder toestemming leggen we niets vast."),
    ]:
        control = page.locator(f"#{field}")
        expect(control).to_have_attribute("aria-invalid", "true")
        expect(control).to_have_accessible_description(re.compile(re.escape(error)))
    check(page)

    type_in(page, "id_geslacht", "Vrouw")
    type_in(page, "id_geboortejaar", "1984")
    type_in(page, "id_telefoon", "06-24681357")
    type_in(page, "id_woonplaats", "Oost")
    type_in(page, "id_samenstelling", "Eenouder")
    type_in(page, "id_aantal_kinderen", "2")
    type_in(page, "id_inkomsten", "Uitkering")
    type_in(page, "id_contact_formeel", "Nee")
    tab_to(page, "id_intake_datum")
    page.keyboard.type(intake_datum.strftime("%d%m%Y"))  # day = month: any date format
    type_in(page, "id_soort", "Praktisch")
    type_in(page, "id_terugkerend", "Eenmalig")
    for theme in ("id_themas_0", "id_themas_2"):  # Schulden, Formulieren en administratie
        tab_to(page, theme)
        page.keyboard.press("Space")
    type_in(page, "id_omschrijving", "Brieven van de belastingdienst, betalingsachterstand.")
    type_in(page, "id_vertrouwenspersoon", "VP A")
    tab_to(page, "id_toestemming")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # past the consent date (today) and scope (registration)
    while page.evaluate("() => document.activeElement.type") != "submit":
        page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Intake opslaan")
    page.keyboard.press("Enter")

    message = page.get_by_role("alert").filter(has_text="Intake vastgelegd als")
    expect(message).to_be_visible()
    huishouden = Huishouden.objects.get(personen__naam="Ilse Bakker")
    expect(message).to_have_text(f"Intake vastgelegd als {huishouden.referentie}.")
    assert (huishouden.woonplaats, huishouden.samenstelling) == ("oost", "eenouder")
    assert (huishouden.aantal_kinderen, huishouden.inkomsten) == (2, "uitkering")
    assert huishouden.contact_formeel == "nee"
    assert (huishouden.vertrouwenspersoon, huishouden.organisatie) == (vp_a, vp_a.organisatie)
    persoon = huishouden.personen.get()
    assert (persoon.naam, persoon.geslacht, persoon.geboortejaar) == ("Ilse Bakker", "vrouw", 1984)
    assert persoon.telefoon == "06-24681357"
    vraag = huishouden.hulpvragen.get()
    assert (vraag.intake_datum, vraag.soort, vraag.terugkerend) == (
        intake_datum,
        "praktisch",
        "eenmalig",
    )
    assert vraag.pilot == pilot  # from the intake date
    assert sorted(t.naam for t in vraag.themas.all()) == [
        "Formulieren en administratie",
        "Schulden",
    ]
    toestemming = huishouden.toestemmingen.get()
    assert (toestemming.datum, toestemming.vastgelegd_door) == (today(), coordinator)
    check(page, "2-coord-huishouden")

    # a status change, back-dated to the day after the intake
    back_then = intake_datum + datetime.timedelta(days=1)
    page.get_by_role("link", name=re.compile("Nog in behandeling · aangemeld")).click()
    check(page)
    page.get_by_role("link", name="Status wijzigen / afronden").click()
    page.get_by_label("Nieuwe status").select_option(label="In behandeling bij formeel")
    page.get_by_label("Datum").fill(back_then.isoformat())
    page.get_by_label("Notitie").fill("Aangemeld bij het buurtteam voor schuldhulp.")
    check(page, "2-coord-status")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_text("Status gewijzigd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("In behandeling bij formeel")
    history = page.get_by_role("heading", name="Statushistorie").locator("+ ol")
    expect(history.get_by_role("listitem").last).to_contain_text(
        f"{nl(back_then)}: Nog in behandeling → In behandeling bij formeel"
    )
    change = StatusWijziging.objects.filter(hulpvraag=vraag).latest("pk")
    assert (change.naar, change.datum, change.door) == (Status.BIJ_FORMEEL, back_then, coordinator)
    assert status_of(vraag, intake_datum) == Status.NOG_IN_BEHANDELING
    assert status_of(vraag, back_then) == Status.BIJ_FORMEEL
    check(page)

    # a referral to the neighbourhood team, and later its outcome
    page.get_by_role("link", name="Doorverwijzen").click()
    page.get_by_role("combobox", name="Organisatie").select_option(label="Buurtteam Oost")
    page.get_by_label("Soort").select_option(label="Warme overdracht")
    page.get_by_label("Datum").fill(back_then.isoformat())
    page.get_by_label("Notitie").fill("Samen langs geweest.")
    page.get_by_role("checkbox", name="De hulpvrager geeft nu toestemming").check()
    check(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Doorverwijzing vastgelegd.")).to_be_visible()
    check(page)
    page.get_by_role("link", name="Uitkomst vastleggen").click()
    expect(page.get_by_label("Datum uitkomst")).to_have_value(today().isoformat())
    page.get_by_role("textbox", name=re.compile("^Uitkomst")).fill("Schuldhulptraject gestart.")
    check(page)
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_text("Uitkomst vastgelegd.")).to_be_visible()
    expect(
        page.get_by_text(f"Uitkomst ({nl(today())}): Schuldhulptraject gestart.")
    ).to_be_visible()
    referral = Doorverwijzing.objects.get(hulpvraag=vraag)
    assert (referral.organisatie, referral.soort, referral.datum) == (
        buurtteam,
        "warme_overdracht",
        back_then,
    )
    assert (referral.uitkomst, referral.uitkomst_datum) == ("Schuldhulptraject gestart.", today())
    shared = huishouden.toestemmingen.get(organisatie=buurtteam)  # consent to share, recorded
    assert (shared.scope, shared.datum) == ("delen", back_then)
    check(page, "2-coord-hulpvraag")

    # the list, filtered on "In behandeling bij formeel", and its download
    menu(page, "Hulpvragen", "Hulpvragen")
    check(page)
    page.get_by_text("Filters en zoeken").click()
    page.get_by_label("Status").select_option(label="In behandeling bij formeel")
    page.get_by_role("button", name="Toepassen").click()

    expect(page.get_by_text("2 hulpvragen")).to_be_visible()
    rows = table_rows(page.get_by_role("table"))
    shown = sorted((row[0], row[1]) for row in rows[1:])
    assert shown == sorted(
        [(huishouden.referentie, "Ilse Bakker"), (older.huishouden.referentie, "Kees Jansen")]
    )
    check(page, "2-coord-hulpvragen-gefilterd", show=page.get_by_text("2 hulpvragen"))
    sheet = download(page, "Download (Excel)").active
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0][:3] == ("Huishouden", "Hulpvrager", "Geslacht")
    assert sorted((r[0], r[1]) for r in cells[1:]) == shown
    assert {r[10] for r in cells[1:]} == {"In behandeling bij formeel"}

    # the report of the last complete quarter, on the page and as Excel
    menu(page, "Rapportage", "Kwartaalrapportage")
    expect(page.get_by_role("heading", name="Rapportage", level=1)).to_be_visible()
    check(page)
    page.get_by_role("link", name=kwartaal).click()
    expect(page.get_by_role("link", name=kwartaal)).to_have_attribute("aria-current", "true")
    expect(page.locator(".rapport-meta")).to_contain_text(f"Peildatum {nl(tot)}")
    expect(page.locator(".rapport-meta")).to_contain_text(f"vanaf {nl(van)}")
    extra = 1 if van <= intake_datum <= tot else 0  # the intake itself may fall in that quarter
    sekse = table_rows(page.get_by_role("table", name="Sekse"))
    assert sekse == [
        ["Sekse", "Pilot Oost", "Totaal"],
        ["Man", "1", "1"],
        ["Vrouw", str(2 + extra), str(2 + extra)],
        ["Totaal", str(3 + extra), str(3 + extra)],
    ]
    check(page, "2-coord-rapportage")
    # the workbook is made in the background: its page shows the progress, then offers the file
    page.get_by_role("link", name="Download als Excel").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rapportage (Excel)")
    expect(page.get_by_role("link", name="Bestand downloaden")).to_be_visible()
    check(page, "2-coord-rapportage-bestand")
    workbook = download(page, "Bestand downloaden")

    assert workbook.sheetnames[0] == "Rapportage"
    assert {"Leeftijd", "Sekse", "Status", "Type vraag", "Woonplaats"} <= set(workbook.sheetnames)
    excel_sekse = [list(row) for row in workbook["Sekse"].iter_rows(values_only=True)]
    assert excel_sekse == [
        [None, "Pilot Oost", "Totaal"],
        ["Man", 1, 1],
        ["Vrouw", 2 + extra, 2 + extra],
        ["Totaal", 3 + extra, 3 + extra],
    ]
    assert Hulpvraag.objects.count() == 5

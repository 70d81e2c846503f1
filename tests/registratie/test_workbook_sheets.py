"""The workbook's optional sheets: households' composition, persons, consents, referrals,
contacts, signals, trusted persons and the training; the decision date of a grant; identity on
a later import; the formula guard; the import's queries."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from hulpvragen.choices import Binnenkomst, Samenstelling, ToestemmingScope
from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    Signaal,
)
from netwerk.models import Organisatie, Vertrouwenspersoon, VertrouwenspersoonStatus
from noodfonds.models import Aanvraag
from opleiding.choices import DeelnameStatus
from opleiding.models import Cohort, Deelname
from rapportage.report import build_report
from registratie.workbook import import_workbook, read_plan, summary_lines
from registratie.workbook.columns import columns_of
from samenvooruit.xlsx import new_workbook, workbook_bytes, write_sheet
from tests.registratie.test_workbook import AANVRAAG, HULPVRAAG, PILOT, table_counts, where
from tests.registratie.test_workbook_export import empty_registration, export_bytes

D = datetime.date
REF = {"huishouden": "HH-1", "hulpvrager": "Fatima", "datum_aanmelding": "15-01-2021"}
DEFAULTS = {
    "Pilots": PILOT,
    "Hulpvragen": HULPVRAAG,
    "Noodfonds": AANVRAAG,
    "Huishoudens": {
        "huishouden": "HH-1",
        "samenstelling": "Eenoudergezin",
        "aantal_kinderen": 2,
        "binnenkomst": "Doorverwezen door organisatie",
        "doorverwezen_door": "Buurtteam Oost",
    },
    "Personen": {
        "huishouden": "HH-1",
        "hulpvrager": "Fatima",
        "geslacht": "Vrouw",
        "geboortejaar": 1970,
        "taal": "Arabisch",
        "hoofdpersoon": "Ja",
    },
    "Toestemmingen": {
        "huishouden": "HH-1",
        "datum": "15-01-2021",
        "reikwijdte": "Registratie",
        "organisatie": "",
        "ingetrokken_op": "",
    },
    "Doorverwijzingen": {
        **REF,
        "organisatie": "Buurtteam Oost",
        "datum": "20-01-2021",
        "soort": "Warme overdracht",
        "uitkomst": "Opgepakt",
        "uitkomst_datum": "01-02-2021",
        "notitie": "Samen gebeld",
    },
    "Contactmomenten": {
        **REF,
        "datum": "18-01-2021",
        "soort": "Huisbezoek",
        "minuten": 45,
        "notitie": "Post doorgenomen",
    },
    "Signalen": {
        "datum": "01-02-2021",
        "thema": "Schulden",
        "tekst": "Achterstanden bij de zorgverzekering",
        "organisatie": "Buurthulp Test",
        **REF,
    },
    "Vertrouwenspersonen": {
        "naam": "VP A",
        "organisatie": "Buurthulp Test",
        "status": "Actief",
        "startdatum": "01-11-2020",
        "einddatum": "",
        "uren_per_week": 4,
    },
    "Opleiding": {
        "cohort": "Opleiding 2020",
        "startdatum_cohort": "03-11-2020",
        "vertrouwenspersoon": "VP A",
        "organisatie": "Buurthulp Test",
        "status": "Afgerond",
        "datum_status": "01-06-2021",
        "certificaat_datum": "01-06-2021",
    },
}


def book(**sheets):
    """An .xlsx in memory with the three sheets and any optional ones: each a list of dicts of
    overrides on the valid row of DEFAULTS (the header is every column of the sheet)."""
    sheets = {"Pilots": [{}], "Hulpvragen": [{}], "Noodfonds": [], **sheets}
    wb = new_workbook()
    for name, rows in sheets.items():
        columns = columns_of(name)
        write_sheet(
            wb, name, columns, [[{**DEFAULTS[name], **r}.get(c, "") for c in columns] for r in rows]
        )
    return io.BytesIO(workbook_bytes(wb))


def registration_counts():
    """Every table but the import log (an import that creates nothing is logged too)."""
    return {k: v for k, v in table_counts().items() if k != "registratie.WerkmapLog"}


def problems(plan):
    return {(p.blad, p.rij, p.kolom): p.fout for p in plan.problemen}


EVERY_SHEET = {
    "Huishoudens": [{}],
    "Personen": [{}, {"hulpvrager": "Yara", "geboortejaar": 2012, "hoofdpersoon": "Nee"}],
    "Toestemmingen": [
        {},
        {
            "datum": "20-01-2021",
            "reikwijdte": "Delen met organisatie voor doorverwijzing",
            "organisatie": "Buurtteam Oost",
            "ingetrokken_op": "01-03-2021",
        },
    ],
    "Doorverwijzingen": [{}],
    "Contactmomenten": [{}, {"datum": "25-01-2021", "soort": "Telefonisch", "minuten": ""}],
    "Signalen": [
        {},
        {"tekst": "Zonder hulpvraag", "huishouden": "", "hulpvrager": "", "datum_aanmelding": ""},
    ],
    "Vertrouwenspersonen": [
        {},
        {"naam": "VP Nieuw", "status": "In opleiding", "uren_per_week": ""},
    ],
    "Opleiding": [
        {},
        {"vertrouwenspersoon": "VP Nieuw", "status": "Ingeschreven", "certificaat_datum": ""},
    ],
}


# -- every sheet is stored ----------------------------------------------------------------------


def test_every_optional_sheet_is_stored_through_the_services(org_a):
    resultaat = import_workbook(book(**EVERY_SHEET))

    assert resultaat.opgeslagen and resultaat.plan.problemen == []
    hh = Huishouden.objects.get(referentie="HH-1")
    assert (hh.samenstelling, hh.aantal_kinderen, hh.binnenkomst) == (
        Samenstelling.EENOUDER,
        2,
        Binnenkomst.DOORVERWEZEN,
    )
    buurtteam = Organisatie.objects.get(naam="Buurtteam Oost")
    assert hh.doorverwezen_door == buurtteam and not buurtteam.partner  # only referred to
    fatima, yara = hh.personen.order_by("pk")
    assert fatima.is_hoofdpersoon and fatima.taal == "Arabisch" and fatima.naam == "Fatima"
    assert not yara.is_hoofdpersoon and yara.geboortejaar == 2012 and not yara.hulpvragen.exists()
    consents = list(
        hh.toestemmingen.order_by("datum").values_list("scope", "organisatie", "ingetrokken_op")
    )
    assert consents == [
        (ToestemmingScope.REGISTRATIE, None, None),
        (ToestemmingScope.DELEN, buurtteam.pk, D(2021, 3, 1)),
    ]
    hulpvraag = Hulpvraag.objects.get()
    referral = Doorverwijzing.objects.get()
    assert (referral.hulpvraag, referral.organisatie, referral.datum, referral.soort) == (
        hulpvraag,
        buurtteam,
        D(2021, 1, 20),
        "warme_overdracht",
    )
    assert (referral.uitkomst, referral.uitkomst_datum) == ("Opgepakt", D(2021, 2, 1))
    assert sorted(Contactmoment.objects.values_list("datum", "minuten")) == [
        (D(2021, 1, 18), 45),
        (D(2021, 1, 25), None),
    ]
    assert hulpvraag.laatste_contact == D(2021, 1, 25)  # kept by the contact service
    linked, alone = Signaal.objects.order_by("tekst")
    assert list(linked.hulpvragen.all()) == [hulpvraag] and not alone.hulpvragen.exists()
    assert linked.organisatie == org_a
    vp = Vertrouwenspersoon.objects.get(naam="VP A")
    assert (vp.organisatie, vp.status, vp.startdatum, vp.uren_per_week) == (
        org_a,
        VertrouwenspersoonStatus.ACTIEF,
        D(2020, 11, 1),
        4,
    )
    assert Vertrouwenspersoon.objects.get(naam="VP Nieuw").status == "in_opleiding"
    cohort = Cohort.objects.get()
    assert (cohort.naam, cohort.startdatum, cohort.pilot) == (
        "Opleiding 2020",
        D(2020, 11, 3),
        None,
    )
    assert sorted(Deelname.objects.values_list("vertrouwenspersoon__naam", "status")) == [
        ("VP A", DeelnameStatus.AFGEROND),
        ("VP Nieuw", DeelnameStatus.INGESCHREVEN),
    ]
    assert summary_lines(resultaat.plan, opgeslagen=True)[0] == (
        "Geïmporteerd: 1 pilot, 1 huishouden, 2 hulpvragers, 1 hulpvraag, 0 aanvragen, "
        "2 toestemmingen, 1 doorverwijzing, 2 contactmomenten, 2 signalen, 1 cohort, "
        "2 deelnames aan de opleiding."
    )


def test_imported_referrals_and_training_count_in_the_report(org_a):
    import_workbook(book(**EVERY_SHEET))

    report = build_report(user=None, peildatum=D(2021, 6, 30))

    figures = {f.key: f.value for f in report.key_figures}
    assert figures["formele_betrokkenheid_pct"] == 100
    assert figures["vertrouwenspersonen_opgeleid"] == 1


def test_the_same_workbook_again_creates_nothing_and_says_so(org_a):
    content = book(**EVERY_SHEET).getvalue()
    import_workbook(io.BytesIO(content))
    before = registration_counts()

    again = import_workbook(io.BytesIO(content))

    assert again.opgeslagen and again.plan.niets_nieuw and registration_counts() == before
    skipped = again.plan.bestaand
    assert (skipped["toestemmingen"], skipped["doorverwijzingen"], skipped["contactmomenten"]) == (
        2,
        1,
        2,
    )
    assert (skipped["signalen"], skipped["vertrouwenspersonen"], skipped["deelnames"]) == (2, 2, 2)
    assert (
        "ook 2 vertrouwenspersonen, 2 toestemmingen, 1 doorverwijzing"
        in summary_lines(again.plan, opgeslagen=True)[0]
    )


def test_a_later_workbook_links_a_stored_signal_to_its_new_help_requests(org_a):
    import_workbook(book(Signalen=[{}]))
    later = {"huishouden": "HH-2", "hulpvrager": "Piet", "datum_aanmelding": "01-02-2021"}

    resultaat = import_workbook(
        book(Hulpvragen=[{}, later], Signalen=[{}, later], Contactmomenten=[{}])
    )

    assert resultaat.opgeslagen and resultaat.plan.aantallen()["koppelingen"] == 1
    signaal = Signaal.objects.get()
    assert sorted(signaal.hulpvragen.values_list("huishouden__referentie", flat=True)) == [
        "HH-1",
        "HH-2",
    ]
    assert Contactmoment.objects.count() == 1


def test_rows_can_name_stored_help_requests_only(org_a):
    import_workbook(book())
    stored_only = {"Hulpvragen": []}  # the help request is in the registration, not the file

    resultaat = import_workbook(book(**stored_only, Doorverwijzingen=[{"hulpvrager": ""}]))

    assert resultaat.opgeslagen
    assert Doorverwijzing.objects.get().hulpvraag == Hulpvraag.objects.get()


# -- which help request -------------------------------------------------------------------------


def test_volgnummer_tells_apart_help_requests_of_one_person_on_one_date(org_a):
    two = [{"omschrijving": "Eerste"}, {"omschrijving": "Tweede"}]

    import_workbook(
        book(
            Hulpvragen=two,
            Contactmomenten=[{"volgnummer": 2, "notitie": "bij de tweede"}, {"notitie": "eerste"}],
        )
    )

    notes = dict(Contactmoment.objects.values_list("notitie", "hulpvraag__omschrijving"))
    assert notes == {"bij de tweede": "Tweede", "eerste": "Eerste"}
    exported = load_workbook(io.BytesIO(export_bytes()), read_only=True)["Contactmomenten"]
    rows = list(exported.iter_rows(min_row=2, values_only=True))
    volgnummer = columns_of("Contactmomenten").index("volgnummer")
    assert {(*r, None)[volgnummer] for r in rows} == {2, None}  # the first one needs none


def test_rows_naming_no_known_help_request_are_problems(org_a):
    plan = read_plan(
        book(
            Doorverwijzingen=[
                {"huishouden": "HH-ONBEKEND"},
                {"hulpvrager": "Niemand"},
                {"datum_aanmelding": "16-01-2021"},
                {"volgnummer": 2},
            ]
        )
    )

    assert problems(plan) == {
        ("Doorverwijzingen", 2, "huishouden"): "is geen bekend huishouden",
        ("Doorverwijzingen", 3, "hulpvrager"): "is geen bekende hulpvrager van huishouden HH-1",
        (
            "Doorverwijzingen",
            4,
            "datum_aanmelding",
        ): "is niet de datum_aanmelding van een hulpvraag van deze hulpvrager",
        (
            "Doorverwijzingen",
            5,
            "volgnummer",
        ): "is hoger dan het aantal hulpvragen van deze hulpvrager op die datum (1)",
    }


# -- the rules are the services' ----------------------------------------------------------------


def test_dates_and_texts_follow_the_casework_rules(org_a):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d-%m-%Y")

    plan = read_plan(
        book(
            Doorverwijzingen=[
                {"datum": "10-01-2021"},
                {"uitkomst_datum": "19-01-2021"},
                {"uitkomst": ""},
            ],
            Contactmomenten=[{"datum": tomorrow}],
            Toestemmingen=[
                {"reikwijdte": "Delen met organisatie voor doorverwijzing"},
                {"ingetrokken_op": "14-01-2021"},
            ],
            Signalen=[{"thema": "Onbekend thema"}, {"datum_aanmelding": ""}],
        )
    )

    assert problems(plan) == {
        ("Toestemmingen", 2, "organisatie"): "is verplicht bij deze reikwijdte",
        ("Toestemmingen", 3, "ingetrokken_op"): "ligt voor de datum van de toestemming",
        ("Doorverwijzingen", 2, "datum"): "ligt voor de datum_aanmelding",
        ("Doorverwijzingen", 3, "uitkomst_datum"): "ligt voor de datum van de doorverwijzing",
        ("Doorverwijzingen", 4, "uitkomst"): "is verplicht als de uitkomst_datum is ingevuld",
        ("Contactmomenten", 2, "datum"): "ligt in de toekomst",
        ("Signalen", 2, "thema"): "is geen bekend thema",
        ("Signalen", 3, "datum_aanmelding"): "is verplicht als de hulpvraag is ingevuld",
    }
    assert str(plan.problemen[2]) == (
        'Doorverwijzingen rij 2, kolom datum: "10-01-2021" ligt voor de datum_aanmelding; '
        "verwacht: een datum vanaf 15-01-2021"
    )


def test_nothing_new_goes_into_an_anonymised_household(org_a):
    import_workbook(book())
    Huishouden.objects.update(geanonimiseerd_op=timezone.now())

    plan = read_plan(
        book(Contactmomenten=[{}], Personen=[{"hulpvrager": "Nieuw", "hoofdpersoon": ""}])
    )

    assert where(plan) == {("Personen", 2, "huishouden"), ("Contactmomenten", 2, "huishouden")}
    assert "geanonimiseerd" in str(plan.problemen[0])


@pytest.mark.parametrize("status", ["Toegekend", "Uitbetaald"])
@pytest.mark.parametrize("with_column", [True, False])
def test_a_grant_without_its_decision_date_is_a_problem(org_a, status, with_column):
    row = {"status": status, "toegekend_bedrag": "100"}
    columns = [c for c in columns_of("Noodfonds") if with_column or c != "besloten_op"]
    wb = new_workbook()
    write_sheet(wb, "Pilots", list(PILOT), [list(PILOT.values())])
    write_sheet(wb, "Hulpvragen", list(HULPVRAAG), [])
    write_sheet(wb, "Noodfonds", columns, [[{**AANVRAAG, **row}.get(c, "") for c in columns]])
    before = table_counts()

    resultaat = import_workbook(io.BytesIO(workbook_bytes(wb)))

    (probleem,) = resultaat.plan.problemen
    assert str(probleem) == (
        f"Noodfonds rij 2, kolom besloten_op: leeg — is verplicht bij de status {status}; "
        "verwacht: de datum van het besluit als dd-mm-jjjj (zo nodig in een kolom besloten_op)"
    )
    assert not resultaat.opgeslagen and table_counts() == before


def test_a_grant_with_its_decision_date_counts_in_the_report(org_a):
    import_workbook(
        book(
            Noodfonds=[
                {
                    "status": "Uitbetaald",
                    "toegekend_bedrag": "100",
                    "besloten_op": "20-01-2021",
                    "uitbetaald_bedrag": "80",
                    "uitbetaald_op": "25-01-2021",
                }
            ]
        )
    )

    figures = {f.key: f.value for f in build_report(user=None, peildatum=D(2021, 3, 1)).key_figures}

    assert (figures["bedrag_toegekend"], figures["bedrag_uitbetaald"]) == (
        Decimal("100.00"),
        Decimal("80.00"),
    )
    assert Aanvraag.objects.get().besloten_op == D(2021, 1, 20)


# -- persons and households ---------------------------------------------------------------------


def test_the_person_marked_main_person_is_it_also_without_a_help_request(org_a):
    import_workbook(
        book(
            Personen=[
                {"hoofdpersoon": "Nee"},
                {"hulpvrager": "Samira", "geboortejaar": 1950, "hoofdpersoon": "Ja"},
            ]
        )
    )

    main = Hulpvrager.objects.get(is_hoofdpersoon=True)
    assert main.naam == "Samira" and not main.hulpvragen.exists()
    assert Hulpvraag.objects.get().hulpvrager.naam == "Fatima"


def test_persons_and_households_must_agree_across_sheets_and_with_what_is_stored(org_a):
    import_workbook(book(Huishoudens=[{}]))

    plan = read_plan(
        book(
            Hulpvragen=[{}, {"huishouden": "HH-2", "hulpvrager": "Piet"}],
            Personen=[
                {"geslacht": "Man", "taal": ""},
                {"huishouden": "HH-2", "hulpvrager": "Piet", "hoofdpersoon": "Ja"},
                {"huishouden": "HH-2", "hulpvrager": "Karin", "hoofdpersoon": "Ja"},
            ],
            Huishoudens=[{"aantal_kinderen": 3}],
        )
    )

    conflict = (
        "spreekt andere rijen van hulpvrager Fatima van huishouden HH-1 tegen "
        "(rij 2: Vrouw; rij 2 (Personen): Man)"
    )
    assert problems(plan) == {
        ("Hulpvragen", 2, "geslacht"): conflict,
        ("Personen", 2, "geslacht"): conflict,
        ("Personen", 3, "hoofdpersoon"): "huishouden HH-2 heeft meer dan één hoofdpersoon",
        ("Personen", 4, "hoofdpersoon"): "huishouden HH-2 heeft meer dan één hoofdpersoon",
        ("Huishoudens", 2, "aantal_kinderen"): (
            "verschilt van wat al is vastgelegd voor huishouden HH-1 (2)"
        ),
    }


# -- trusted persons and the training -----------------------------------------------------------


def test_training_rows_follow_the_training_rules(org_a):
    plan = read_plan(
        book(
            Opleiding=[
                {},
                {"vertrouwenspersoon": "VP B", "status": "Ingeschreven"},
                {"vertrouwenspersoon": "VP C", "startdatum_cohort": "10-11-2020"},
                {"certificaat_datum": ""},
            ],
            Vertrouwenspersonen=[{"einddatum": "01-01-2020"}],
        )
    )

    assert problems(plan) == {
        ("Vertrouwenspersonen", 2, "einddatum"): "ligt voor de startdatum",
        ("Opleiding", 3, "certificaat_datum"): "hoort alleen bij de status Afgerond",
        ("Opleiding", 4, "startdatum_cohort"): "verschilt van rij 2 van hetzelfde cohort",
        ("Opleiding", 5, "vertrouwenspersoon"): "staat al op rij 2 voor dit cohort",
    }


def test_a_stored_trusted_person_on_the_sheet_is_left_as_it_is(vp_a):
    resultaat = import_workbook(
        book(Vertrouwenspersonen=[{"status": "Gestopt", "einddatum": "01-03-2021"}])
    )

    vp_a.refresh_from_db()
    assert resultaat.plan.bestaand["vertrouwenspersonen"] == 1
    assert vp_a.status != VertrouwenspersoonStatus.GESTOPT and vp_a.einddatum is None


# -- the formula guard --------------------------------------------------------------------------


def test_text_that_looks_like_a_formula_goes_out_and_comes_back_as_text(org_a):
    risky = {
        "Contactmomenten": [{"notitie": '=HYPERLINK("http://x")'}],
        "Doorverwijzingen": [{"notitie": "+31 6 1234", "uitkomst": "-geen-"}],
        "Signalen": [{"tekst": "@SOM(A1)"}],
        "Personen": [{"taal": "=Arabisch"}],
    }
    import_workbook(book(**risky))
    content = export_bytes()
    empty_registration()

    resultaat = import_workbook(io.BytesIO(content))

    assert resultaat.opgeslagen
    wb = load_workbook(io.BytesIO(content))
    notitie = wb["Contactmomenten"].cell(
        row=2, column=columns_of("Contactmomenten").index("notitie") + 1
    )
    assert notitie.data_type == "s" and notitie.value == '=HYPERLINK("http://x")'
    assert Contactmoment.objects.get().notitie == '=HYPERLINK("http://x")'
    assert Doorverwijzing.objects.get().notitie == "+31 6 1234"
    assert Signaal.objects.get().tekst == "@SOM(A1)"
    assert Hulpvrager.objects.get().taal == "=Arabisch"


# -- speed: no query per row --------------------------------------------------------------------


def households(n):
    """n households, each with a help request and a row on every optional sheet."""
    sheets = {name: [] for name in ("Hulpvragen", *EVERY_SHEET)}
    for i in range(n):
        ref = {"huishouden": f"HH-{i}", "hulpvrager": f"Persoon {i}"}
        sheets["Hulpvragen"].append(ref)
        for name in ("Doorverwijzingen", "Contactmomenten", "Signalen"):
            sheets[name].append({**ref, "tekst": f"Signaal {i % 3}"})
        sheets["Huishoudens"].append({"huishouden": ref["huishouden"]})
        sheets["Personen"].append({**ref, "hulpvrager": f"Kind {i}", "hoofdpersoon": ""})
        sheets["Toestemmingen"].append({"huishouden": ref["huishouden"]})
        sheets["Vertrouwenspersonen"].append({"naam": f"VP {i}"})
        sheets["Opleiding"].append({"vertrouwenspersoon": f"VP {i}"})
    return book(**sheets).getvalue()


def test_the_import_asks_the_database_as_often_for_many_rows_as_for_few(org_a):
    def queries(content):
        with CaptureQueriesContext(connection) as captured:
            resultaat = import_workbook(io.BytesIO(content))
        assert resultaat.opgeslagen, resultaat.plan.problemen[:3]
        empty_registration()
        Organisatie.objects.create(naam="Buurthulp Test", soort="anders")
        return len(captured)

    # (30 households: below the rows that SQLite's limit of 999 values per statement lets into
    # one INSERT; above it each further batch is one more statement, never one per row)
    few, many = households(2), households(30)

    assert queries(few) == queries(many)

"""The registration workbook import: every problem at once, all or nothing, identity on re-import."""

import datetime
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from hulpvragen.choices import Geslacht, Inkomsten, JaNeeOnbekend, Soort, Status
from hulpvragen.models import Huishouden, Hulpvraag, Hulpvrager, StatusWijziging
from netwerk.models import Organisatie, Pilot, Vertrouwenspersoon
from noodfonds.choices import AanvraagStatus, Onderwerp
from noodfonds.models import Aanvraag
from registratie.models import WerkmapActie, WerkmapLog
from registratie.workbook import WorkbookError, import_workbook, read_plan, write_registratie
from registratie.workbook.columns import AANVRAAG_COLUMNS, HULPVRAAG_COLUMNS, PILOT_COLUMNS
from samenvooruit.xlsx import new_workbook, workbook_bytes, write_sheet

# -- building input workbooks (through the guarded writer: "=..." stays text) -----------------

PILOT = {
    "naam": "Pilot 1",
    "startdatum": "01-11-2020",
    "einddatum": "31-08-2021",
    "taakstelling": 40,
}
HULPVRAAG = {
    "huishouden": "HH-1",
    "hulpvrager": "Fatima",
    "datum_aanmelding": "15-01-2021",
    "pilot": "",
    "geslacht": "Vrouw",
    "geboortejaar": 1970,
    "woonplaats": "Oost",
    "inkomsten": "Pensioen/AOW",
    "contact_formeel": "Nee",
    "soort": "Praktisch",
    "terugkerend": "Eenmalig",
    "status": "Nog in behandeling",
    "datum_afgerond": "",
    "organisatie": "Buurthulp Test",
    "vertrouwenspersoon": "VP A",
    "themas": "Schulden, Taal",
    "omschrijving": "Hulp bij de post",
}
AANVRAAG = {
    "datum_aanvraag": "10-01-2021",
    "organisatie": "Buurthulp Test",
    "vertrouwenspersoon": "",
    "woonplaats": "Oost",
    "onderwerp": "Inrichting",
    "inkomsten": "Pensioen/AOW",
    "contact_formeel": "Ja",
    "gevraagd_bedrag": "125,50",
    "status": "Ingediend",
    "toegekend_bedrag": "",
}


def row(base, columns, **overrides):
    values = {**base, **overrides}
    return [values.get(c, "") for c in columns]


def workbook(pilots=(), hulpvragen=(), aanvragen=(), *, headers=None, sheets=None):
    """An .xlsx in memory: rows are dicts of overrides on the valid rows above."""
    headers = headers or {}
    wb = new_workbook()
    content = {
        "Pilots": (
            headers.get("Pilots", PILOT_COLUMNS),
            [row(PILOT, PILOT_COLUMNS, **p) for p in pilots],
        ),
        "Hulpvragen": (
            headers.get("Hulpvragen", HULPVRAAG_COLUMNS),
            [row(HULPVRAAG, headers.get("Hulpvragen", HULPVRAAG_COLUMNS), **h) for h in hulpvragen],
        ),
        "Noodfonds": (
            headers.get("Noodfonds", AANVRAAG_COLUMNS),
            [row(AANVRAAG, headers.get("Noodfonds", AANVRAAG_COLUMNS), **a) for a in aanvragen],
        ),
    }
    for title in sheets or content:
        header, rows = content[title]
        write_sheet(wb, title, header, rows)
    return io.BytesIO(workbook_bytes(wb))


# The background jobs' own rows record that a user asked for a check or an import, not the
# registration: a refused import through the web leaves its job row, and nothing else.
JOB_APPS = {"taken", "django_tasks_db"}


def table_counts():
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label not in JOB_APPS
    }


def where(plan):
    return {(p.blad, p.rij, p.kolom) for p in plan.problemen}


# -- a valid workbook is stored completely ------------------------------------------------------


def test_import_creates_households_persons_requests_history_and_new_names(org_a, vp_a):
    file = workbook(
        pilots=[{}],
        hulpvragen=[
            {},
            {
                "hulpvrager": "",
                "datum_aanmelding": "2021-02-01",
                "status": "afgerond",
                "datum_afgerond": "01-03-2021",
            },
            {
                "hulpvrager": "Ali",
                "geslacht": "man",
                "geboortejaar": "",
                "datum_aanmelding": "20-02-2021",
                "status": "In behandeling bij formeel",
                "themas": "",
            },
            {
                "huishouden": "HH-2",
                "hulpvrager": "Piet",
                "woonplaats": "Zuid",
                "organisatie": "Nieuwe Stichting",
                "vertrouwenspersoon": "Nieuwe VP",
                "status": "Afgerond",
                "datum_afgerond": "",
            },
        ],
        aanvragen=[
            {},
            {
                "vertrouwenspersoon": "VP A",
                "status": "Toegekend",
                "toegekend_bedrag": 100,
                "besloten_op": "01-02-2021",
            },
        ],
        headers={"Noodfonds": AANVRAAG_COLUMNS + ["besloten_op"]},
    )

    resultaat = import_workbook(file, bestandsnaam="registratie.xlsx")

    plan = resultaat.plan
    assert resultaat.opgeslagen and plan.problemen == []
    assert plan.nieuwe_organisaties() == ["Nieuwe Stichting"]
    assert plan.nieuwe_vertrouwenspersonen() == ["Nieuwe VP"]
    pilot = Pilot.objects.get(naam="Pilot 1")
    hh1 = Huishouden.objects.get(referentie="HH-1")
    assert (hh1.woonplaats, hh1.inkomsten, hh1.contact_formeel) == (
        "oost",
        Inkomsten.PENSIOEN,
        JaNeeOnbekend.NEE,
    )
    assert hh1.organisatie == org_a and hh1.vertrouwenspersoon == vp_a
    fatima = Hulpvrager.objects.get(huishouden=hh1, naam="Fatima")
    assert fatima.is_hoofdpersoon and fatima.geboortejaar == 1970
    ali = Hulpvrager.objects.get(huishouden=hh1, naam="Ali")
    assert not ali.is_hoofdpersoon and ali.geslacht == Geslacht.MAN and ali.geboortejaar is None
    assert Hulpvraag.objects.filter(hulpvrager=fatima).count() == 2  # empty name = main person
    closed = Hulpvraag.objects.get(hulpvrager=fatima, intake_datum=datetime.date(2021, 2, 1))
    assert closed.status == Status.AFGEROND and closed.datum_afgerond == datetime.date(2021, 3, 1)
    assert list(closed.statushistorie.values_list("van", "naar", "datum")) == [
        ("", Status.NOG_IN_BEHANDELING, datetime.date(2021, 2, 1)),
        (Status.NOG_IN_BEHANDELING, Status.AFGEROND, datetime.date(2021, 3, 1)),
    ]
    assert all(h.pilot == pilot for h in Hulpvraag.objects.all())
    first = Hulpvraag.objects.get(hulpvrager=fatima, intake_datum=datetime.date(2021, 1, 15))
    assert sorted(first.themas.values_list("naam", flat=True)) == ["Schulden", "Taal"]
    assert first.soort == Soort.PRAKTISCH and first.vertrouwenspersoon == vp_a
    piet = Hulpvraag.objects.get(huishouden__referentie="HH-2")
    assert list(piet.statushistorie.values_list("naar", "datum")) == [
        (Status.AFGEROND, datetime.date(2021, 1, 15))
    ]  # no datum_afgerond: the status counts from the intake date
    assert piet.datum_afgerond is None
    nieuwe_vp = Vertrouwenspersoon.objects.get(naam="Nieuwe VP")
    assert nieuwe_vp.organisatie.naam == "Nieuwe Stichting"
    assert piet.huishouden.vertrouwenspersoon == nieuwe_vp
    assert Aanvraag.objects.count() == 2
    toegekend = Aanvraag.objects.get(status=AanvraagStatus.TOEGEKEND)
    assert toegekend.gevraagd_bedrag == Decimal("125.50") and toegekend.toegekend_bedrag == Decimal(
        "100"
    )
    assert toegekend.vertrouwenspersoon == vp_a and toegekend.contact_formeel is True
    assert toegekend.ingediend_op == datetime.date(2021, 1, 10) and toegekend.referentie.startswith(
        "NF-2021-"
    )
    log = WerkmapLog.objects.get()
    assert log.actie == WerkmapActie.IMPORT and log.bestandsnaam == "registratie.xlsx"
    assert log.aantallen["hulpvragen"] == 4 and log.aantallen["huishoudens"] == 2


def test_labels_dates_and_amounts_are_read_leniently(org_a):
    file = workbook(
        pilots=[{"startdatum": datetime.datetime(2020, 11, 1), "einddatum": "2021-08-31"}],
        hulpvragen=[
            {
                "datum_aanmelding": datetime.date(2021, 1, 15),
                "geslacht": "  VROUW ",
                "woonplaats": "nieuw-west",
                "inkomsten": "uitkering(bijstand,ww,wajong)",
                "soort": "sociaal en PRAKTISCH",
                "terugkerend": "N.G",
                "status": " afgerond",
                "datum_afgerond": "2-3-2021",
                "geboortejaar": "1980",
                "vertrouwenspersoon": "",
                "themas": "schulden,  eenzaamheid/sociaal isolement",
            },
        ],
        aanvragen=[
            {
                "gevraagd_bedrag": "€ 1.234,56",
                "onderwerp": "wit/bruingoed koelkast/gasfornuis/wasmachine",
                "contact_formeel": "nee",
            },
            {"gevraagd_bedrag": 99.5},
        ],
    )

    resultaat = import_workbook(file)

    assert resultaat.plan.problemen == []
    h = Hulpvraag.objects.get()
    assert (h.soort, h.terugkerend, h.status) == (Soort.BEIDE, "", Status.AFGEROND)
    assert h.datum_afgerond == datetime.date(2021, 3, 2)
    assert h.huishouden.woonplaats == "nieuw_west" and h.hulpvrager.geboortejaar == 1980
    assert h.themas.count() == 2
    amounts = sorted(Aanvraag.objects.values_list("gevraagd_bedrag", flat=True))
    assert amounts == [Decimal("99.50"), Decimal("1234.56")]
    assert Aanvraag.objects.get(gevraagd_bedrag=Decimal("1234.56")).onderwerp == Onderwerp.WITGOED


# -- acceptance 1: planted problems in several sheets -------------------------------------------


def test_planted_problems_are_all_reported_and_nothing_is_stored(org_a, vp_a):
    file = workbook(
        pilots=[{}, {"naam": "Pilot 2", "startdatum": "01-09-2021", "einddatum": "31-02-2022"}],
        hulpvragen=[
            {},
            {"datum_aanmelding": "31-02-2021"},  # impossible date
            {"geslacht": "Vrouwtje"},  # bad label
            {"status": "Half klaar", "datum_aanmelding": "20-01-2021"},  # unknown status
            {"huishouden": "HH-9", "hulpvrager": "Jan", "geboortejaar": 1950},  # birth year ...
            {
                "huishouden": "HH-9",
                "hulpvrager": "jan ",
                "geboortejaar": 1955,
                "datum_aanmelding": "01-02-2021",
            },  # ... conflicts for the same person
        ],
        aanvragen=[{}, {"gevraagd_bedrag": "-25"}, {"status": "Goedgekeurd"}],
    )
    before = table_counts()

    resultaat = import_workbook(file)

    assert not resultaat.opgeslagen
    assert where(resultaat.plan) == {
        ("Pilots", 3, "einddatum"),
        ("Hulpvragen", 3, "datum_aanmelding"),
        ("Hulpvragen", 4, "geslacht"),
        ("Hulpvragen", 5, "status"),
        ("Hulpvragen", 6, "geboortejaar"),
        ("Hulpvragen", 7, "geboortejaar"),
        ("Noodfonds", 3, "gevraagd_bedrag"),
        ("Noodfonds", 4, "status"),
    }
    assert table_counts() == before
    messages = [str(p) for p in resultaat.plan.problemen]
    assert (
        'Hulpvragen rij 3, kolom datum_aanmelding: "31-02-2021" is geen geldige datum'
        in messages[1]
    )
    assert "Vrouw" in next(m for m in messages if "Vrouwtje" in m)  # says what was expected


def test_the_command_prints_every_problem_on_stderr_and_fails(tmp_path, org_a):
    path = tmp_path / "fout.xlsx"
    path.write_bytes(
        workbook(
            pilots=[{}], hulpvragen=[{"geslacht": "X"}], aanvragen=[{"gevraagd_bedrag": "-1"}]
        ).getvalue()
    )
    stderr = io.StringIO()

    with pytest.raises(CommandError, match="2 problemen gevonden"):
        call_command("importeer", str(path), stderr=stderr)

    lines = stderr.getvalue().splitlines()
    assert lines[0].startswith('Hulpvragen rij 2, kolom geslacht: "X"')
    assert lines[1].startswith('Noodfonds rij 2, kolom gevraagd_bedrag: "-1" is negatief')
    assert Hulpvraag.objects.count() == 0 and Aanvraag.objects.count() == 0


def test_the_command_prints_a_summary_with_new_names(tmp_path, org_a):
    path = tmp_path / "goed.xlsx"
    path.write_bytes(
        workbook(pilots=[{}], hulpvragen=[{"vertrouwenspersoon": "Nieuwe Naam"}]).getvalue()
    )
    stdout = io.StringIO()

    call_command("importeer", str(path), stdout=stdout)

    out = stdout.getvalue()
    assert "1 pilot, 1 huishouden, 1 hulpvrager, 1 hulpvraag, 0 aanvragen" in out
    assert "Nieuwe vertrouwenspersonen (1): Nieuwe Naam" in out
    assert Vertrouwenspersoon.objects.get(naam="Nieuwe Naam").organisatie == org_a


# -- rules across rows and against stored data -------------------------------------------------


def test_conflicting_household_fields_are_a_problem_on_each_row(org_a):
    file = workbook(
        pilots=[{}],
        hulpvragen=[
            {},
            {"hulpvrager": "Ali", "woonplaats": "Zuid"},
            {"hulpvrager": "Ali", "woonplaats": ""},
        ],
    )

    plan = read_plan(file)

    assert where(plan) == {("Hulpvragen", 2, "woonplaats"), ("Hulpvragen", 3, "woonplaats")}
    assert "rij 2: Oost; rij 3: Zuid" in str(plan.problemen[0])


def test_stored_records_must_agree_with_filled_cells(org_a, vp_a):
    import_workbook(workbook(pilots=[{}], hulpvragen=[{}]))
    file = workbook(
        hulpvragen=[{"datum_aanmelding": "01-02-2021", "geboortejaar": 1971, "woonplaats": "West"}]
    )

    plan = read_plan(file)

    assert where(plan) == {("Hulpvragen", 2, "geboortejaar"), ("Hulpvragen", 2, "woonplaats")}
    assert "1970" in str(plan.problemen[0]) + str(plan.problemen[1])


def test_pilot_is_found_by_date_or_named_or_none(org_a):
    Pilot.objects.create(
        naam="Oud", startdatum=datetime.date(2019, 1, 1), einddatum=datetime.date(2020, 12, 31)
    )
    file = workbook(
        pilots=[{}],
        hulpvragen=[
            {"datum_aanmelding": "01-06-2020"},
            {"datum_aanmelding": "01-02-2021"},
            {"datum_aanmelding": "01-03-2021", "pilot": "oud"},
            {"datum_aanmelding": "01-04-2021", "pilot": "Geen pilot"},
            {"datum_aanmelding": "01-01-2015"},
            {"datum_aanmelding": "01-05-2021", "pilot": "Pilot 7"},
        ],
    )

    plan = read_plan(file)

    assert where(plan) == {("Hulpvragen", 6, "pilot"), ("Hulpvragen", 7, "pilot")}
    import_workbook(
        workbook(
            pilots=[{}],
            hulpvragen=[
                {"datum_aanmelding": "01-06-2020"},
                {"datum_aanmelding": "01-02-2021"},
                {"datum_aanmelding": "01-03-2021", "pilot": "oud"},
                {"datum_aanmelding": "01-04-2021", "pilot": "Geen pilot"},
            ],
        )
    )
    pilots = dict(Hulpvraag.objects.values_list("intake_datum", "pilot__naam"))
    assert pilots == {
        datetime.date(2020, 6, 1): "Oud",
        datetime.date(2021, 2, 1): "Pilot 1",
        datetime.date(2021, 3, 1): "Oud",
        datetime.date(2021, 4, 1): None,
    }


def test_dates_follow_the_form_rules(org_a):
    future = (datetime.date.today() + datetime.timedelta(days=2)).strftime("%d-%m-%Y")
    file = workbook(
        pilots=[{}],
        hulpvragen=[
            {"datum_aanmelding": future},
            {
                "datum_aanmelding": "01-03-2021",
                "status": "Afgerond",
                "datum_afgerond": "01-02-2021",
            },
            {"datum_aanmelding": "02-03-2021", "geboortejaar": 1899},
            {"datum_aanmelding": "03-03-2021", "datum_afgerond": "04-03-2021"},
        ],
        aanvragen=[
            {"datum_aanvraag": "", "status": "Ingediend"},
            {"datum_aanvraag": "", "status": "Concept"},
        ],
    )

    plan = read_plan(file)

    assert where(plan) == {
        ("Hulpvragen", 2, "datum_aanmelding"),
        ("Hulpvragen", 3, "datum_afgerond"),
        ("Hulpvragen", 4, "geboortejaar"),
        ("Hulpvragen", 5, "datum_afgerond"),
        ("Noodfonds", 2, "datum_aanvraag"),
    }


def test_status_history_column_is_used_and_checked(org_a):
    header = {"Hulpvragen": HULPVRAAG_COLUMNS + ["statushistorie"]}
    file = workbook(
        pilots=[{}],
        headers=header,
        hulpvragen=[
            {
                "status": "Afgerond",
                "statushistorie": "15-01-2021 Nog in behandeling; 01-02-2021 In behandeling bij formeel; 01-03-2021 Afgerond",
            },
            {"datum_aanmelding": "16-01-2021", "statushistorie": "16-01-2021 Afgerond"},
            {"datum_aanmelding": "17-01-2021", "statushistorie": "gisteren klaar"},
        ],
    )

    plan = read_plan(file)

    assert where(plan) == {("Hulpvragen", 3, "statushistorie"), ("Hulpvragen", 4, "statushistorie")}
    import_workbook(
        workbook(
            pilots=[{}],
            headers=header,
            hulpvragen=[
                {
                    "status": "Afgerond",
                    "statushistorie": "15-01-2021 Nog in behandeling; 01-02-2021 In behandeling bij formeel; 01-03-2021 Afgerond",
                }
            ],
        )
    )
    assert list(StatusWijziging.objects.values_list("van", "naar")) == [
        ("", Status.NOG_IN_BEHANDELING),
        (Status.NOG_IN_BEHANDELING, Status.BIJ_FORMEEL),
        (Status.BIJ_FORMEEL, Status.AFGEROND),
    ]


def test_a_new_trusted_person_needs_an_organisation(db):
    file = workbook(
        pilots=[{}], hulpvragen=[{"organisatie": "", "vertrouwenspersoon": "Onbekend Iemand"}]
    )

    plan = read_plan(file)

    assert where(plan) == {("Hulpvragen", 2, "vertrouwenspersoon")}


def test_unknown_theme_is_a_problem(org_a):
    plan = read_plan(workbook(pilots=[{}], hulpvragen=[{"themas": "Schulden, Sterrenkunde"}]))

    assert where(plan) == {("Hulpvragen", 2, "themas")}
    assert '"Sterrenkunde" is geen bekend thema' in str(plan.problemen[0])


# -- acceptance 3: importing the same file twice -----------------------------------------------


def test_reimport_of_the_same_file_creates_nothing(org_a):
    content = workbook(
        pilots=[{}],
        hulpvragen=[
            {},
            {"hulpvrager": "", "datum_aanmelding": "01-02-2021"},
            {"huishouden": "HH-2", "hulpvrager": ""},
        ],
        aanvragen=[
            {},
            {},
            {"gevraagd_bedrag": 50},
        ],  # two identical applications without a reference
    ).getvalue()
    import_workbook(io.BytesIO(content))
    before = table_counts()

    resultaat = import_workbook(io.BytesIO(content))

    plan = resultaat.plan
    assert plan.problemen == [] and plan.niets_nieuw
    assert dict(plan.bestaand) == {"pilots": 1, "hulpvragen": 3, "aanvragen": 3}
    after = table_counts()
    assert after.pop("registratie.WerkmapLog") == before.pop("registratie.WerkmapLog") + 1
    assert after == before
    assert Aanvraag.objects.count() == 3


def test_the_command_says_when_nothing_is_new(tmp_path, org_a):
    path = tmp_path / "twee.xlsx"
    path.write_bytes(workbook(pilots=[{}], hulpvragen=[{}]).getvalue())
    call_command("importeer", str(path), stdout=io.StringIO())
    stdout = io.StringIO()

    call_command("importeer", str(path), stdout=stdout)

    assert "Niets nieuw" in stdout.getvalue() and "1 hulpvragen" in stdout.getvalue()
    assert Hulpvraag.objects.count() == 1


def test_new_rows_for_a_stored_household_are_added(org_a):
    import_workbook(workbook(pilots=[{}], hulpvragen=[{}]))

    resultaat = import_workbook(
        workbook(
            hulpvragen=[
                {},
                {"hulpvrager": "", "datum_aanmelding": "02-02-2021"},
                {"hulpvrager": "Ali"},
            ]
        )
    )

    assert (
        resultaat.plan.aantallen()["hulpvragen"] == 2
        and resultaat.plan.aantallen()["hulpvragers"] == 1
    )
    hh = Huishouden.objects.get()
    assert hh.personen.count() == 2 and hh.hulpvragen.count() == 3
    assert hh.personen.get(is_hoofdpersoon=True).naam == "Fatima"


def test_a_new_trusted_person_starts_on_the_earliest_row_naming_them(org_a):
    nieuw = {"vertrouwenspersoon": "Nieuwe VP", "organisatie": "Buurthulp Test"}

    import_workbook(
        workbook(
            pilots=[{}],
            hulpvragen=[
                {**nieuw, "huishouden": "HH-1", "datum_aanmelding": "01-03-2021"},
                {**nieuw, "huishouden": "HH-2", "datum_aanmelding": "15-01-2021"},
                {
                    "huishouden": "HH-3",
                    "vertrouwenspersoon": "Ander",
                    "datum_aanmelding": "02-02-2021",
                },
            ],
            aanvragen=[{**nieuw, "datum_aanvraag": "20-12-2020"}],
        )
    )

    starts = dict(Vertrouwenspersoon.objects.values_list("naam", "startdatum"))
    assert starts["Nieuwe VP"] == datetime.date(2020, 12, 20)
    assert starts["Ander"] == datetime.date(2021, 2, 2)


WITH_OUTCOME = {"Hulpvragen": HULPVRAAG_COLUMNS + ["soort_uitkomst"]}


def test_the_outcome_category_of_a_closed_help_request_is_imported(org_a):
    closed = {"status": "Afgerond", "datum_afgerond": "01-03-2021"}

    resultaat = import_workbook(
        workbook(
            pilots=[{}],
            hulpvragen=[
                {**closed, "huishouden": "HH-1", "soort_uitkomst": " deels OPGELOST "},
                {**closed, "huishouden": "HH-2", "soort_uitkomst": ""},
                {"huishouden": "HH-3"},
            ],
            headers=WITH_OUTCOME,
        )
    )

    assert resultaat.opgeslagen, resultaat.plan.problemen
    categories = dict(Hulpvraag.objects.values_list("huishouden__referentie", "uitkomst_categorie"))
    assert categories == {"HH-1": "deels_opgelost", "HH-2": "", "HH-3": ""}
    closing = StatusWijziging.objects.get(hulpvraag__huishouden__referentie="HH-1", naar="afgerond")
    assert (closing.datum, closing.uitkomst_categorie) == (
        datetime.date(2021, 3, 1),
        "deels_opgelost",
    )


def test_an_outcome_category_without_status_afgerond_or_unknown_is_a_problem(org_a):
    resultaat = import_workbook(
        workbook(
            pilots=[{}],
            hulpvragen=[
                {"huishouden": "HH-1", "soort_uitkomst": "Opgelost"},
                {"huishouden": "HH-2", "status": "Afgerond", "soort_uitkomst": "Prima"},
            ],
            headers=WITH_OUTCOME,
        )
    )

    assert not resultaat.opgeslagen and not Hulpvraag.objects.exists()
    problems = {(p.rij, p.kolom): p for p in resultaat.plan.problemen}
    assert set(problems) == {(2, "soort_uitkomst"), (3, "soort_uitkomst")}
    assert "hoort alleen bij status Afgerond" in str(problems[(2, "soort_uitkomst")])
    assert "Opgelost" in str(problems[(3, "soort_uitkomst")])  # the list it expected


# -- acceptance 4: a name starting with "=" stays text -------------------------------------------


def test_formula_like_name_survives_import_and_export_as_text(org_a):
    file = workbook(
        pilots=[{}], hulpvragen=[{"hulpvrager": '=HYPERLINK("x")', "organisatie": "=Org"}]
    )

    import_workbook(file)
    out = io.BytesIO()
    write_registratie(out)

    assert Hulpvrager.objects.get().naam == '=HYPERLINK("x")'
    assert Organisatie.objects.filter(naam="=Org").exists()
    ws = load_workbook(io.BytesIO(out.getvalue()))["Hulpvragen"]
    assert ws["B2"].value == '=HYPERLINK("x")' and ws["B2"].data_type == "s"
    assert ws["N2"].value == "=Org" and ws["N2"].data_type == "s"


# -- acceptance 5: not a registration workbook -------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"naam;datum\nFatima;01-01-2021\n", "geen Excel-werkmap"),
        (b"PK\x03\x04 kapotte zip", "geen Excel-werkmap"),
    ],
)
def test_a_file_that_is_not_xlsx_gets_one_clear_message(tmp_path, db, content, message):
    path = tmp_path / "lijst.xlsx"
    path.write_bytes(content)

    with pytest.raises(CommandError) as error:
        call_command("importeer", str(path))

    assert message in str(error.value)
    assert "\n" not in str(error.value) and "Traceback" not in str(error.value)


def test_missing_sheets_get_one_clear_message(db):
    file = workbook(hulpvragen=[{}], sheets=["Hulpvragen"])

    with pytest.raises(WorkbookError) as error:
        read_plan(file)

    assert str(error.value).startswith("De werkmap mist het blad/de bladen Pilots, Noodfonds.")


def test_missing_columns_get_one_clear_message(db):
    header = [c for c in HULPVRAAG_COLUMNS if c not in ("soort", "status")]
    file = workbook(headers={"Hulpvragen": header, "Noodfonds": AANVRAAG_COLUMNS[:-1]})

    with pytest.raises(WorkbookError) as error:
        read_plan(file)

    assert "blad Hulpvragen mist de kolom(men) soort, status" in str(error.value)
    assert "blad Noodfonds mist de kolom(men) toegekend_bedrag" in str(error.value)


def test_columns_in_another_order_and_headers_in_capitals_are_fine(org_a):
    keys = [
        "omschrijving",
        "datum_aanmelding",
        *[c for c in HULPVRAAG_COLUMNS if c not in ("omschrijving", "datum_aanmelding")],
    ]
    shown = ["Omschrijving", "Datum aanmelding", *[k.upper() for k in keys[2:]]]
    wb = new_workbook()
    write_sheet(wb, "Pilots", PILOT_COLUMNS, [row(PILOT, PILOT_COLUMNS)])
    write_sheet(wb, "hulpvragen", shown, [row(HULPVRAAG, keys)])
    write_sheet(wb, "Noodfonds", AANVRAAG_COLUMNS, [])

    resultaat = import_workbook(io.BytesIO(workbook_bytes(wb)))

    assert resultaat.opgeslagen and Hulpvraag.objects.get().omschrijving == "Hulp bij de post"


def test_payments_follow_the_fund_rules(org_a):
    header = {"Noodfonds": AANVRAAG_COLUMNS + ["besloten_op", "uitbetaald_bedrag", "uitbetaald_op"]}
    paid = {"status": "Uitbetaald", "toegekend_bedrag": "100", "besloten_op": "01-02-2021"}
    file = workbook(
        headers=header,
        aanvragen=[
            {**paid, "uitbetaald_bedrag": "100,00", "uitbetaald_op": "02-02-2021"},
            {**paid, "uitbetaald_bedrag": "100,01", "uitbetaald_op": "02-02-2021"},
            {**paid, "uitbetaald_bedrag": "50", "uitbetaald_op": "31-01-2021"},
        ],
    )

    plan = read_plan(file)

    assert where(plan) == {("Noodfonds", 3, "uitbetaald_bedrag"), ("Noodfonds", 4, "uitbetaald_op")}


def test_the_creditor_columns_follow_the_creditor_rules(org_a):
    header = {"Noodfonds": AANVRAAG_COLUMNS + ["besloten_op", "crediteur_naam", "crediteur_iban"]}
    granted = {"status": "Toegekend", "toegekend_bedrag": "100", "besloten_op": "01-02-2021"}
    file = workbook(
        headers=header,
        aanvragen=[
            {**granted, "crediteur_naam": "Eneco", "crediteur_iban": "nl91 abna 0417 1643 00"},
            {**granted, "crediteur_naam": "Eneco", "crediteur_iban": "NL92ABNA0417164300"},
            {**granted, "crediteur_naam": "", "crediteur_iban": "NL91ABNA0417164300"},
        ],
    )

    plan = read_plan(file)

    assert where(plan) == {("Noodfonds", 3, "crediteur_iban"), ("Noodfonds", 4, "crediteur_naam")}
    fout = next(p for p in plan.problemen if p.kolom == "crediteur_iban")
    assert "controlegetal" in str(fout)


def test_an_application_may_name_a_stored_household(org_a):
    import_workbook(workbook(pilots=[{}], hulpvragen=[{}]))
    header = {"Noodfonds": AANVRAAG_COLUMNS + ["huishouden"]}

    plan = read_plan(
        workbook(headers=header, aanvragen=[{"huishouden": "HH-1"}, {"huishouden": "HH-404"}])
    )

    assert where(plan) == {("Noodfonds", 3, "huishouden")}


def _queries(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def test_import_and_export_take_the_same_number_of_queries_for_1_and_many_rows(org_a):
    one = workbook(pilots=[{}], hulpvragen=[{}], aanvragen=[{}]).getvalue()
    many = workbook(
        pilots=[{"naam": "Pilot 2", "startdatum": "01-09-2021", "einddatum": "31-12-2021"}],
        hulpvragen=[
            {
                "huishouden": f"HH-{n + 10}",
                "hulpvrager": f"P {n}",
                "datum_aanmelding": "01-10-2021",
                "vertrouwenspersoon": f"Nieuwe VP {n}",
            }
            for n in range(30)
        ],
        aanvragen=[{"gevraagd_bedrag": n + 1} for n in range(30)],
    ).getvalue()

    import_one = _queries(lambda: import_workbook(io.BytesIO(one)))
    export_one = _queries(lambda: write_registratie(io.BytesIO()))
    import_many = _queries(lambda: import_workbook(io.BytesIO(many)))
    export_many = _queries(lambda: write_registratie(io.BytesIO()))

    assert Hulpvraag.objects.count() == 31 and Aanvraag.objects.count() == 31
    # The same kinds of new records (one bulk insert per kind and 500 rows), more rows.
    assert import_many == import_one
    assert export_many == export_one


def test_a_formula_counts_as_its_value_and_an_error_value_is_a_problem(org_a):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Pilots"
    wb["Pilots"].append(PILOT_COLUMNS)
    wb["Pilots"].append(row(PILOT, PILOT_COLUMNS))
    ws = wb.create_sheet("Hulpvragen")
    ws.append(HULPVRAAG_COLUMNS)
    ws.append(row(HULPVRAAG, HULPVRAAG_COLUMNS, hulpvrager="=1+1"))  # a real formula, no cache
    ws.append(row(HULPVRAAG, HULPVRAAG_COLUMNS, hulpvrager="#NAME?", datum_aanmelding="01-02-2021"))
    wb.create_sheet("Noodfonds").append(AANVRAAG_COLUMNS)
    file = io.BytesIO()
    wb.save(file)
    file.seek(0)

    plan = read_plan(file)

    # A formula written without a computed value (not by Excel) has no value to read: a problem.
    assert where(plan) == {("Hulpvragen", 2, "hulpvrager"), ("Hulpvragen", 3, "hulpvrager")}
    assert "formule zonder opgeslagen waarde" in str(plan.problemen[0])
    assert "foutwaarde" in str(plan.problemen[1])

"""The registration workbook keeps no rules of its own: it checks a workbook by the owning
services' rules (in its own words) and writes only through those services."""

import ast
import datetime
import io
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from hulpvragen import services as hulpvragen_services
from hulpvragen.models import Huishouden, Hulpvraag
from registratie.workbook import import_workbook, read_plan
from tests.registratie.test_workbook import HULPVRAAG_COLUMNS, where, workbook

ROOT = Path(__file__).resolve().parents[2]


def sources(app):
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module.split(".")[0]
        elif isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)


def test_the_workbook_writes_domain_records_only_through_the_services():
    offenders = []
    for path in sources("registratie"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            writes = "bulk_create" in line or (
                ".objects.create(" in line and "WerkmapLog.objects.create(" not in line
            )
            if writes or "1900" in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")

    assert offenders == []


def test_the_workbook_and_the_report_do_not_import_each_other():
    assert not any("rapportage" in set(imported_apps(p)) for p in sources("registratie"))
    assert not any("registratie" in set(imported_apps(p)) for p in sources("rapportage"))


def test_the_birth_year_range_of_the_template_is_the_casework_rule(tmp_path, db):
    path = tmp_path / "sjabloon.xlsx"
    laagste, _hoogste = hulpvragen_services.geboortejaar_bereik()

    call_command("sjabloon", str(path), stdout=io.StringIO())

    ws = load_workbook(path)["Hulpvragen"]
    column = chr(ord("A") + HULPVRAAG_COLUMNS.index("geboortejaar"))
    (year_check,) = [
        dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith(column)
    ]
    assert year_check.formula1 == str(laagste)


def test_a_birth_year_outside_the_casework_range_names_that_range(org_a):
    laagste, hoogste = hulpvragen_services.geboortejaar_bereik()

    plan = read_plan(workbook(pilots=[{}], hulpvragen=[{"geboortejaar": laagste - 1}]))

    (probleem,) = plan.problemen
    assert probleem.kolom == "geboortejaar" and probleem.fout == "valt buiten het toegestane bereik"
    assert probleem.verwacht == f"een geheel getal van {laagste} tot en met {hoogste}"


def test_a_status_history_before_the_intake_is_a_problem(org_a):
    header = {"Hulpvragen": HULPVRAAG_COLUMNS + ["statushistorie"]}

    plan = read_plan(
        workbook(
            pilots=[{}],
            headers=header,
            hulpvragen=[
                {"statushistorie": "14-01-2021 Nog in behandeling"},
                {"datum_aanmelding": "16-01-2021", "statushistorie": "16-01-2021 Afgerond"},
            ],
        )
    )

    assert where(plan) == {("Hulpvragen", 2, "statushistorie"), ("Hulpvragen", 3, "statushistorie")}
    assert "ligt voor de datum_aanmelding" in str(plan.problemen[0])


def test_nothing_new_goes_into_an_anonymised_household_but_a_reimport_passes(org_a):
    first = workbook(pilots=[{}], hulpvragen=[{}]).getvalue()
    import_workbook(io.BytesIO(first))
    Huishouden.objects.update(geanonimiseerd_op=timezone.now())

    again = read_plan(io.BytesIO(first))
    more = read_plan(workbook(pilots=[{}], hulpvragen=[{}, {"datum_aanmelding": "01-02-2021"}]))

    assert again.ok and again.bestaand["hulpvragen"] == 1
    assert where(more) == {("Hulpvragen", 3, "huishouden")}
    assert "geanonimiseerd" in str(more.problemen[0])
    assert Hulpvraag.objects.count() == 1


def test_a_future_intake_date_is_refused_by_the_casework_rule(org_a):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    plan = read_plan(
        workbook(pilots=[{}], hulpvragen=[{"datum_aanmelding": tomorrow.strftime("%d-%m-%Y")}])
    )

    assert [(p.kolom, p.fout, p.verwacht) for p in plan.problemen] == [
        ("datum_aanmelding", "ligt in de toekomst", "een datum tot en met vandaag")
    ]


def test_a_closings_outcome_category_in_the_history_is_checked(org_a):
    header = {"Hulpvragen": HULPVRAAG_COLUMNS + ["statushistorie", "soort_uitkomst"]}
    history = "15-01-2021 Nog in behandeling; 01-02-2021 Afgerond ({}); 03-02-2021 {}"

    plan = read_plan(
        workbook(
            pilots=[{}],
            headers=header,
            hulpvragen=[
                # a category on a status that is not a closing
                {"statushistorie": "15-01-2021 Nog in behandeling (Opgelost)"},
                # not a category of the list
                {
                    "status": "Afgerond",
                    "datum_afgerond": "01-02-2021",
                    "statushistorie": "15-01-2021 Nog in behandeling; 01-02-2021 Afgerond (Super)",
                },
                # the last closing and the column soort_uitkomst disagree
                {
                    "status": "Afgerond",
                    "soort_uitkomst": "Anders",
                    "statushistorie": history.format("Opgelost", "Nog in behandeling")
                    + "; 04-02-2021 Afgerond (Opgelost)",
                },
            ],
        )
    )
    good = read_plan(
        workbook(
            pilots=[{}],
            headers=header,
            hulpvragen=[
                # closed, reopened; and one closed with the category in the history only
                {"statushistorie": history.format("Opgelost", "Nog in behandeling")},
                {"status": "Afgerond", "statushistorie": history.format("", "Afgerond (Anders)")},
            ],
        )
    )

    assert where(plan) == {
        ("Hulpvragen", 2, "statushistorie"),
        ("Hulpvragen", 3, "statushistorie"),
        ("Hulpvragen", 4, "soort_uitkomst"),
    }
    assert "verschilt van de soort uitkomst van de laatste afronding" in str(plan.problemen[2])
    assert good.problemen == []
    assert [(r.historie[1], r.uitkomst_categorie) for r in good.hulpvragen] == [
        ((datetime.date(2021, 2, 1), "afgerond", "opgelost"), ""),
        ((datetime.date(2021, 2, 1), "afgerond", ""), "anders"),
    ]

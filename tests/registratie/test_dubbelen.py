"""Issue 23 §1: the workbook's check warns of new persons who may already be registered (not a
problem: the import may go ahead), with the rows that name them; a merged household's old
reference is a problem."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from hulpvragen import services as casework
from hulpvragen.models import Huishouden
from netwerk.models import Toegangslog
from netwerk.toegangslog import Actie
from registratie.workbook import read_plan
from registratie.workbook.dubbelen import waarschuwingen
from samenvoegen.services import voeg_huishoudens_samen
from taken.models import Taak
from tests.registratie.test_jobs import job
from tests.registratie.test_views import upload
from tests.registratie.test_workbook import workbook

pytestmark = pytest.mark.django_db


def stored(naam, jaar, referentie):
    return casework.register_intake(
        huishouden={"woonplaats": "oost"},
        hulpvrager={"naam": naam, "geslacht": "vrouw", "geboortejaar": jaar},
        hulpvraag={"intake_datum": datetime.date(2020, 5, 1), "soort": "praktisch"},
        themas=[],
        toestemming_datum=datetime.date(2020, 5, 1),
        referentie=referentie,
    )


@pytest.fixture
def registered(org_a, vp_a):
    return stored("Fatima El Amrani", 1975, "HH-OUD-1"), stored("Piet Jansen", 1990, "HH-OUD-2")


ROWS = [
    {"huishouden": "HH-N1", "hulpvrager": "Anna de Boer", "geboortejaar": 1980},  # row 2
    {"huishouden": "HH-N2", "hulpvrager": "El-Amrani, Fátima", "geboortejaar": 1975},  # row 3
    {"huishouden": "HH-N3", "hulpvrager": "Jansen Piet", "geboortejaar": 1990},  # row 4
    {
        "huishouden": "HH-N2",
        "hulpvrager": "El-Amrani, Fátima",
        "geboortejaar": 1975,
        "datum_aanmelding": "20-01-2021",
    },  # row 5: the same new person again
    {"huishouden": "HH-N4", "hulpvrager": "Piet Jansen", "geboortejaar": 1960},  # row 6
]


def test_the_check_warns_of_likely_duplicates_with_their_rows(client, coordinator, registered):
    fatima, piet = registered
    client.force_login(coordinator)

    upload(client, workbook(pilots=[{}], hulpvragen=ROWS).getvalue())

    resultaat = job(client, "controle").resultaat
    assert resultaat["ok"] and resultaat["aantal_problemen"] == 0  # warnings are no problems
    assert [
        (w["blad"], w["rijen"], w["kolom"], w["waarde"]) for w in resultaat["waarschuwingen"]
    ] == [
        ("Hulpvragen", "3, 5", "hulpvrager", "El-Amrani, Fátima (1975)"),
        ("Hulpvragen", "4", "hulpvrager", "Jansen Piet (1990)"),
    ]
    assert resultaat["waarschuwingen"][0]["melding"] == (
        f"lijkt op een persoon die al geregistreerd is, in huishouden {fatima.referentie} "
        "(naam lijkt erop, zelfde geboortejaar)"
    )
    assert "2 nieuwe personen lijken op iemand die al geregistreerd is" in (
        job(client, "controle").melding
    )
    page = client.get(reverse("registratie:controle")).content.decode()
    assert "Waarschuwingen: mogelijk al geregistreerd" in page
    assert "<td>3, 5</td>" in page and piet.referentie in page
    assert "Importeren" in page  # the import may go ahead
    logged = Toegangslog.objects.filter(actie=Actie.MOGELIJK_DUBBEL)
    assert set(logged.values_list("object_ref", flat=True)) == {fatima.referentie, piet.referentie}
    assert set(logged.values_list("gebruiker", flat=True)) == {coordinator.pk}


def test_warnings_come_with_problems_too(client, coordinator, registered):
    client.force_login(coordinator)

    upload(client, workbook(pilots=[{}], hulpvragen=[*ROWS, {"geslacht": "?"}]).getvalue())

    resultaat = job(client, "controle").resultaat
    assert resultaat["aantal_problemen"] == 1 and resultaat["aantal_waarschuwingen"] == 2


def test_the_import_itself_does_not_search_again(client, coordinator, registered):
    client.force_login(coordinator)
    upload(client, workbook(pilots=[{}], hulpvragen=ROWS).getvalue())
    before = Toegangslog.objects.filter(actie=Actie.MOGELIJK_DUBBEL).count()

    client.post(reverse("registratie:bevestigen"))

    assert Huishouden.objects.filter(referentie__startswith="HH-N").count() == 4
    assert Toegangslog.objects.filter(actie=Actie.MOGELIJK_DUBBEL).count() == before
    assert Taak.objects.count() == 2


def test_beyond_the_maximum_the_rest_is_counted_not_checked(registered):
    plan = read_plan(workbook(pilots=[{}], hulpvragen=ROWS))

    gevonden, niet = waarschuwingen(plan, max_personen=2)

    assert [w.rijen for w in gevonden] == [(3, 5)]
    assert niet == 2


def test_a_merged_households_old_reference_is_a_problem(coordinator, registered):
    fatima, piet = registered
    voeg_huishoudens_samen(behouden=fatima, weg=piet, door=coordinator)

    plan = read_plan(workbook(pilots=[{}], hulpvragen=[{"huishouden": piet.referentie}]))

    assert [(p.rij, p.kolom, p.waarde, p.fout, p.verwacht) for p in plan.problemen] == [
        (
            2,
            "huishouden",
            piet.referentie,
            f"is samengevoegd met huishouden {fatima.referentie}",
            f"de referentie {fatima.referentie}",
        )
    ]


def test_the_import_command_prints_the_same_warnings_with_row_numbers(
    tmp_path, coordinator, registered
):
    fatima, piet = registered
    path = tmp_path / "nieuw.xlsx"
    path.write_bytes(workbook(pilots=[{}], hulpvragen=ROWS).getvalue())
    stdout, stderr = io.StringIO(), io.StringIO()

    call_command("importeer", str(path), door=coordinator.username, stdout=stdout, stderr=stderr)

    warnings = stderr.getvalue().splitlines()
    assert warnings[:2] == [
        'Waarschuwing: Hulpvragen rijen 3, 5, kolom hulpvrager: "El-Amrani, Fátima (1975)" lijkt '
        f"op een persoon die al geregistreerd is, in huishouden {fatima.referentie} (naam lijkt "
        "erop, zelfde geboortejaar)",
        'Waarschuwing: Hulpvragen rij 4, kolom hulpvrager: "Jansen Piet (1990)" lijkt op een '
        f"persoon die al geregistreerd is, in huishouden {piet.referentie} (naam lijkt erop, "
        "zelfde geboortejaar)",
    ]
    assert "2 nieuwe personen lijken op iemand die al geregistreerd is." in warnings
    # warnings do not stop the import; the new persons were not matched against themselves
    assert Huishouden.objects.filter(referentie__startswith="HH-N").count() == 4
    assert "Waarschuwing" not in stdout.getvalue()
    logged = Toegangslog.objects.filter(actie=Actie.MOGELIJK_DUBBEL)
    assert set(logged.values_list("object_ref", flat=True)) == {fatima.referentie, piet.referentie}
    assert set(logged.values_list("gebruiker", flat=True)) == {coordinator.pk}


def test_a_refused_import_command_prints_its_warnings_beside_the_problems(tmp_path, registered):
    path = tmp_path / "fout.xlsx"
    path.write_bytes(workbook(pilots=[{}], hulpvragen=[*ROWS, {"geslacht": "?"}]).getvalue())
    stderr = io.StringIO()

    with pytest.raises(CommandError, match="1 probleem"):
        call_command("importeer", str(path), stdout=io.StringIO(), stderr=stderr)

    text = stderr.getvalue()
    assert text.count("Waarschuwing: Hulpvragen") == 2 and "kolom geslacht" in text
    assert not Huishouden.objects.filter(referentie__startswith="HH-N").exists()

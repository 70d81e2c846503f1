"""Issue 22 §3: onboarding before the first household. A trusted person needs a VOG, a signed
confidentiality statement and a completed training (or a coordinator's exemption with a reason)
before any path hands them a household; the refusal names what is missing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hulpvragen import services as hulpvraag_services
from hulpvragen.choices import Woonplaats
from hulpvragen.models import Huishouden
from netwerk import services
from netwerk.models import VRIJSTELLING_BESTAAND
from opleiding import services as opleiding_services
from opleiding.models import Cohort, Deelname
from tests.factories import VertrouwenspersoonFactory
from tests.hulpvragen.conftest import make_household

D = datetime.date


@pytest.fixture
def hh_a(vp_a):
    return make_household(vp_a, naam="Anna A")


@pytest.fixture
def nieuw(org_a):
    """A trusted person added after the rule: nothing of the onboarding recorded."""
    return VertrouwenspersoonFactory(naam="Nieuwe Nina", organisatie=org_a, vrijstelling_reden="")


def _message(exc):
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


def test_the_intake_refuses_a_trusted_person_without_onboarding_naming_what_is_missing(nieuw):
    with pytest.raises(ValidationError) as exc:
        make_household(nieuw)
    message = _message(exc)
    assert "Nieuwe Nina kan nog geen huishouden krijgen" in message
    assert "VOG, getekende geheimhoudingsverklaring, afgeronde opleiding" in message
    assert not Huishouden.objects.exists()


def test_only_what_is_missing_is_named(nieuw):
    nieuw.vog_datum = D(2025, 1, 1)
    nieuw.opleiding_afgerond_op = D(2025, 2, 1)
    nieuw.save()
    with pytest.raises(ValidationError) as exc:
        make_household(nieuw)
    message = _message(exc)
    assert "getekende geheimhoudingsverklaring" in message
    assert "VOG" not in message and "afgeronde opleiding" not in message


def test_complete_onboarding_or_an_exemption_lets_the_household_through(nieuw, coordinator):
    services.save_inwerken(
        persoon=nieuw,
        door=coordinator,
        vog_datum=D(2025, 1, 1),
        geheimhouding_datum=D(2025, 1, 2),
        vrijstelling_reden="",
    )
    with pytest.raises(ValidationError):  # the training is still missing
        make_household(nieuw)
    services.registreer_opleiding_afgerond(vertrouwenspersoon_id=nieuw.pk, datum=D(2025, 3, 1))
    nieuw.refresh_from_db()
    assert make_household(nieuw).vertrouwenspersoon == nieuw

    other = VertrouwenspersoonFactory(organisatie=nieuw.organisatie, vrijstelling_reden="")
    services.save_inwerken(
        persoon=other,
        door=coordinator,
        vog_datum=None,
        geheimhouding_datum=None,
        vrijstelling_reden="Ervaren buurtwerker",
    )
    other.refresh_from_db()
    assert other.vrijstelling_door == coordinator
    assert other.vrijstelling_datum == timezone.localdate()
    assert make_household(other).vertrouwenspersoon == other


def test_the_certificate_of_the_training_completes_the_onboarding(nieuw, coordinator):
    nieuw.vog_datum, nieuw.geheimhouding_datum = D(2025, 1, 1), D(2025, 1, 1)
    nieuw.save()
    cohort = Cohort.objects.create(naam="C", startdatum=D(2025, 1, 1))
    deelname = Deelname.objects.create(
        cohort=cohort, vertrouwenspersoon=nieuw, status_datum=D(2025, 1, 1)
    )
    deelname.status, deelname.certificaat_datum = "afgerond", D(2025, 6, 1)
    opleiding_services.save_deelname(deelname=deelname)
    nieuw.refresh_from_db()
    assert nieuw.opleiding_afgerond_op == D(2025, 6, 1)
    assert make_household(nieuw).vertrouwenspersoon == nieuw


def test_reassigning_a_household_is_refused_too(hh_a, nieuw, coordinator):
    with pytest.raises(ValidationError) as exc:
        hulpvraag_services.update_huishouden(
            huishouden=hh_a,
            data={"vertrouwenspersoon": nieuw},
            may_reassign=True,
            door=coordinator,
        )
    assert "Nieuwe Nina" in _message(exc)
    hh_a.refresh_from_db()
    assert hh_a.vertrouwenspersoon.naam == "VP A"


def test_the_handover_refuses_a_successor_without_onboarding(hh_a, vp_a, nieuw, coordinator):
    with pytest.raises(ValidationError) as exc:
        hulpvraag_services.draag_huishoudens_over(van=vp_a, naar=nieuw, door=coordinator)
    assert "kan nog geen huishouden krijgen" in _message(exc)
    assert Huishouden.objects.get(pk=hh_a.pk).vertrouwenspersoon == vp_a


def test_the_workbook_refuses_households_for_a_person_without_onboarding(nieuw):
    with pytest.raises(ValidationError):
        hulpvraag_services.register_huishoudens(
            huishoudens=[
                {
                    "referentie": "HH-2021-0900",
                    "woonplaats": Woonplaats.OOST,
                    "vertrouwenspersoon_id": nieuw.pk,
                    "organisatie_id": nieuw.organisatie_id,
                }
            ]
        )
    assert not Huishouden.objects.exists()


def test_trusted_persons_the_workbook_creates_start_with_the_exemption_bestaand(org_a):
    (persoon,) = services.register_vertrouwenspersonen(
        vertrouwenspersonen=[{"naam": "Uit werkboek", "organisatie_id": org_a.pk}]
    )
    persoon.refresh_from_db()
    assert persoon.vrijstelling_reden == VRIJSTELLING_BESTAAND
    assert make_household(persoon).vertrouwenspersoon == persoon


def test_only_a_coordinator_records_onboarding(nieuw, orgcoordinator):
    with pytest.raises(PermissionDenied):
        services.save_inwerken(
            persoon=nieuw,
            door=orgcoordinator,
            vog_datum=None,
            geheimhouding_datum=None,
            vrijstelling_reden="zomaar",
        )


def test_an_onboarding_date_in_the_future_is_refused(nieuw, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.save_inwerken(
            persoon=nieuw,
            door=coordinator,
            vog_datum=timezone.localdate() + datetime.timedelta(days=1),
            geheimhouding_datum=None,
            vrijstelling_reden="",
        )
    assert "vog_datum" in exc.value.message_dict


def test_the_list_shows_the_state_and_flags_an_old_vog(client, coordinator, nieuw, settings):
    settings.VOG_GELDIG_JAREN = 3
    oud = VertrouwenspersoonFactory(
        naam="Oude Olga",
        organisatie=nieuw.organisatie,
        vrijstelling_reden="",
        vog_datum=timezone.localdate() - datetime.timedelta(days=3 * 366 + 1),
        geheimhouding_datum=D(2020, 1, 1),
        opleiding_afgerond_op=D(2020, 1, 1),
    )
    VertrouwenspersoonFactory(naam="Bestaande Bob", organisatie=nieuw.organisatie)
    client.force_login(coordinator)
    html = client.get(reverse("netwerk:vertrouwenspersoon_list")).content.decode()
    assert "ontbreekt: VOG, getekende geheimhoudingsverklaring, afgeronde opleiding" in html
    assert "vrijgesteld: bestaand" in html
    assert html.count("VOG verouderd") == 1
    settings.VOG_GELDIG_JAREN = 5
    html = client.get(reverse("netwerk:vertrouwenspersoon_list")).content.decode()
    assert "VOG verouderd" not in html
    assert oud.naam in html


def test_the_coordinator_records_onboarding_on_its_page(client, coordinator, nieuw):
    client.force_login(coordinator)
    url = reverse("netwerk:vertrouwenspersoon_inwerken", args=[nieuw.uuid])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "vog_datum": "2025-01-01",
            "geheimhouding_datum": "2025-01-02",
            "vrijstelling_reden": "",
            "versie": nieuw.versie,
        },
    )
    assert response.status_code == 302
    nieuw.refresh_from_db()
    assert nieuw.vog_datum == D(2025, 1, 1) and nieuw.geheimhouding_datum == D(2025, 1, 2)
    detail = client.get(reverse("netwerk:vertrouwenspersoon_detail", args=[nieuw.uuid]))
    assert "ontbreekt: afgeronde opleiding" in detail.content.decode()


def test_existing_trusted_persons_get_the_exemption_bestaand_by_the_data_migration(nieuw, vp_a):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("netwerk.migrations.0016_inwerken_vertrouwenspersoon")
    vp_a.vrijstelling_reden = "Ervaren"
    vp_a.save()
    migration.bestaand(apps, None)
    nieuw.refresh_from_db()
    vp_a.refresh_from_db()
    assert nieuw.vrijstelling_reden == "bestaand"
    assert vp_a.vrijstelling_reden == "Ervaren"  # a recorded reason stays


def test_the_workbook_names_a_household_for_a_person_without_onboarding_as_a_problem(org_a):
    from registratie.workbook import import_workbook
    from tests.registratie.test_workbook import table_counts, where, workbook

    VertrouwenspersoonFactory(naam="VP A", organisatie=org_a, vrijstelling_reden="")
    before = table_counts()
    resultaat = import_workbook(workbook(pilots=[{}], hulpvragen=[{}]), bestandsnaam="r.xlsx")
    assert not resultaat.opgeslagen
    assert ("Hulpvragen", 2, "vertrouwenspersoon") in where(resultaat.plan)
    (probleem,) = resultaat.plan.problemen
    assert "VP A kan nog geen huishouden krijgen" in probleem.fout
    assert table_counts() == before


def _options(html):
    import re

    return {
        label.strip()
        for label in re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", html)
        if "Nina" in label or "VP A" in label
    }


def test_the_intake_marks_who_lacks_onboarding_and_the_submit_refuses_them(
    client, coordinator, nieuw, vp_a
):
    """Issue 22 §3: the drop-down shows why a person cannot get a household yet (they stay
    on offer, labelled); the submit refuses them by the same rule, naming what is missing."""
    from tests.hulpvragen.test_views import intake_data

    client.force_login(coordinator)
    url = reverse("hulpvragen:intake")

    html = client.get(url).content.decode()

    assert _options(html) == {"Nieuwe Nina — inwerken niet rond", "VP A"}
    response = client.post(url, intake_data(vertrouwenspersoon=str(nieuw.pk)))
    assert response.status_code == 200 and not Huishouden.objects.exists()
    assert "Nieuwe Nina kan nog geen huishouden krijgen" in response.content.decode()
    nieuw.vrijstelling_reden = "Ervaren vrijwilliger"
    nieuw.save()
    assert _options(client.get(url).content.decode()) == {"Nieuwe Nina", "VP A"}


def test_the_household_edit_and_handover_mark_them_too(client, coordinator, nieuw, vp_a, hh_a):
    client.force_login(coordinator)
    edit = client.get(reverse("hulpvragen:huishouden_edit", args=[hh_a.referentie]))
    assert "Nieuwe Nina — inwerken niet rond" in edit.content.decode()
    handover = client.get(reverse("hulpvragen:overdracht", args=[vp_a.uuid]))
    assert "Nieuwe Nina — inwerken niet rond" in handover.content.decode()


def test_above_the_drop_down_limit_the_number_is_typed_without_labels(
    client, coordinator, nieuw, vp_a, monkeypatch
):
    monkeypatch.setattr("samenvooruit.forms.MAX_KEUZES", 1)
    client.force_login(coordinator)
    html = client.get(reverse("hulpvragen:intake")).content.decode()
    assert "inwerken niet rond" not in html
    assert 'name="vertrouwenspersoon"' in html and 'inputmode="numeric"' in html

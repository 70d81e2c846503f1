"""Issue 23 §1: the check before a new household (intake) or person is saved. A coordinator sees
the possible duplicates (link, name, reasons); a trusted person or organisation coordinator who
may not see the other household gets only the neutral message, and the coordinators a notice;
every hint is in the access log; at most 20 hints an hour; "Toch opslaan" saves after all."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from hulpvragen import services
from hulpvragen.models import Huishouden, Hulpvrager
from meldingen.models import Melding, Soort
from netwerk.models import Toegangslog
from netwerk.roles import Rol
from netwerk.toegangslog import Actie
from tests.factories import make_user
from tests.hulpvragen.test_views import intake_data

NEUTRAAL = "Mogelijk al bekend bij een andere organisatie: neem contact op met de coördinator."
INTAKE = reverse("hulpvragen:intake")


@pytest.fixture
def bekend(vp_b):
    """Fatima El Amrani (1975), vp_b's at org_b: the person about to be registered again."""
    huishouden = services.register_intake(
        huishouden={"woonplaats": "oost", "postcode": "1094 AB"},
        hulpvrager={"naam": "Fatima El Amrani", "geslacht": "vrouw", "geboortejaar": 1975},
        hulpvraag={"intake_datum": datetime.date(2021, 1, 11), "soort": "praktisch"},
        themas=[],
        toestemming_datum=datetime.date(2021, 1, 11),
        vertrouwenspersoon=vp_b,
        organisatie=vp_b.organisatie,
    )
    return huishouden


def opnieuw(**overrides):
    """The intake of the same person, typed otherwise."""
    return intake_data(naam="El-Amrani, Fátima", geboortejaar="1975", **overrides)


def paneel(page: str) -> str:
    """The check's finding above the form."""
    start = page.index('id="dubbelcontrole"')
    return page[start : page.index("</div>", start)]


def hints():
    return Toegangslog.objects.filter(actie=Actie.MOGELIJK_DUBBEL)


def test_coordinator_sees_the_duplicate_before_anything_is_saved(client, coordinator, bekend):
    client.force_login(coordinator)

    response = client.post(INTAKE, opnieuw())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Is deze persoon al bekend?" in page
    assert bekend.get_absolute_url() in page and "Fatima El Amrani (1975)" in page
    assert "naam lijkt erop, zelfde geboortejaar" in page
    assert "Toch opslaan" in page and 'name="dubbel_gecontroleerd"' in page
    assert Huishouden.objects.count() == 1  # nothing saved
    entry = hints().get()
    assert (entry.gebruiker, entry.object_ref, entry.omschrijving) == (
        coordinator,
        bekend.referentie,
        "getoond",
    )
    assert not Melding.objects.filter(
        soort=Soort.MOGELIJK_DUBBEL
    ).exists()  # a coordinator needs no notice of what they see


def test_a_trusted_person_of_another_organisation_gets_only_the_neutral_message(
    client, vp_a, coordinator, bekend
):
    other_coordinator = make_user("coord2", Rol.COORDINATOR)
    client.force_login(vp_a.user)

    response = client.post(INTAKE, opnieuw())

    page = response.content.decode()
    assert NEUTRAAL in paneel(page)
    for leak in (bekend.referentie, "Fatima El Amrani", "1094 AB", "VP B"):
        assert leak not in page
    # the organisation is on the page (the social map's choices), not in the message
    assert bekend.organisatie.naam not in paneel(page)
    assert Huishouden.objects.count() == 1
    assert hints().get().omschrijving == "neutrale melding"
    notices = Melding.objects.filter(soort=Soort.MOGELIJK_DUBBEL)
    assert {m.ontvanger for m in notices} == {coordinator, other_coordinator}
    notice = notices.first()
    assert (notice.object_type, notice.object_id, notice.referentie) == (
        "hulpvragen.huishouden",
        bekend.pk,
        bekend.referentie,
    )
    assert notice.link == bekend.get_absolute_url()
    assert "Fatima" not in notice.tekst and "vp_a" in notice.tekst


def test_an_organisation_coordinator_gets_only_the_neutral_message(
    client, orgcoordinator, coordinator, bekend
):
    client.force_login(orgcoordinator)

    page = client.post(INTAKE, opnieuw()).content.decode()

    assert NEUTRAAL in page and bekend.referentie not in page
    assert Melding.objects.filter(ontvanger=coordinator, soort=Soort.MOGELIJK_DUBBEL).exists()


def test_the_trusted_person_of_the_household_sees_it(client, vp_b, coordinator, bekend):
    client.force_login(vp_b.user)

    page = client.post(INTAKE, opnieuw()).content.decode()

    assert bekend.referentie in page and NEUTRAAL not in page
    assert not Melding.objects.filter(soort=Soort.MOGELIJK_DUBBEL).exists()


def test_saving_after_all_registers_and_tells_the_coordinators_which_two(
    client, vp_a, coordinator, bekend
):
    client.force_login(vp_a.user)
    client.post(INTAKE, opnieuw())

    response = client.post(INTAKE, opnieuw(dubbel_gecontroleerd="1"))

    nieuw = Huishouden.objects.exclude(pk=bekend.pk).get()
    assert response.status_code == 302 and response["Location"] == nieuw.get_absolute_url()
    assert hints().count() == 1  # the second post checked nothing
    notice = Melding.objects.get(ontvanger=coordinator, object_id=nieuw.pk)
    assert notice.link == (
        reverse("samenvoegen:huishouden", args=[nieuw.referentie]) + f"?met={bekend.referentie}"
    )
    client.force_login(coordinator)
    merge_page = client.get(reverse("meldingen:open", args=[notice.uuid]), follow=True)
    assert merge_page.status_code == 200
    assert bekend.referentie in merge_page.content.decode()


def test_nothing_alike_saves_at_once(client, vp_a, coordinator, bekend):
    client.force_login(vp_a.user)

    response = client.post(INTAKE, intake_data(naam="Johan Cruijff", geboortejaar="1947"))

    assert response.status_code == 302
    assert Huishouden.objects.count() == 2
    assert not hints().exists() and not Melding.objects.filter(soort=Soort.MOGELIJK_DUBBEL).exists()


def test_an_invalid_form_is_not_checked(client, vp_a, bekend):
    client.force_login(vp_a.user)

    response = client.post(INTAKE, opnieuw(toestemming=""))

    assert "Zonder toestemming leggen we niets vast." in response.content.decode()
    assert not hints().exists()


def test_a_person_added_to_a_household_is_checked_too(client, vp_a, coordinator, bekend):
    from tests.hulpvragen.conftest import make_household

    eigen = make_household(vp_a, naam="Anna A")
    client.force_login(vp_a.user)
    url = reverse("hulpvragen:hulpvrager_create", args=[eigen.referentie])
    data = {"naam": "Fatima el Amrani", "geslacht": "vrouw", "geboortejaar": "1975"}

    page = client.post(url, data).content.decode()
    saved = client.post(url, {**data, "dubbel_gecontroleerd": "1"})

    assert NEUTRAAL in page and bekend.referentie not in page
    assert saved.status_code == 302
    assert eigen.personen.filter(naam="Fatima el Amrani").exists()
    assert Melding.objects.filter(ontvanger=coordinator, object_id=eigen.pk).exists()


# --- at most 20 hints an hour -----------------------------------------------------------------


def test_after_twenty_hints_in_an_hour_the_check_stops_until_the_hour_has_passed(
    client, vp_a, bekend
):
    client.force_login(vp_a.user)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(services.MAX_HINTS_PER_UUR):
            assert NEUTRAAL in client.post(INTAKE, opnieuw()).content.decode()

        page = client.post(INTAKE, opnieuw()).content.decode()

    assert hints().count() == services.MAX_HINTS_PER_UUR
    assert NEUTRAAL not in page
    assert "De controle op dubbele registraties staat voor u even uit" in page
    assert Huishouden.objects.count() == 1  # still nothing saved without "Toch opslaan"
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        client.force_login(vp_a.user)  # the idle session ended
        assert NEUTRAAL in client.post(INTAKE, opnieuw()).content.decode()


def test_the_limit_counts_hints_not_checks(client, vp_a, bekend):
    for _ in range(services.MAX_HINTS_PER_UUR + 5):
        services.controleer_dubbelen(door=vp_a.user, naam="Johan Cruijff", geboortejaar=1947)
    client.force_login(vp_a.user)

    assert NEUTRAAL in client.post(INTAKE, opnieuw()).content.decode()


def test_the_hints_of_one_check_stop_at_the_limit(vp_a, bekend):
    for n in range(3):
        services.register_intake(
            huishouden={"woonplaats": "oost"},
            hulpvrager={"naam": "Fatima El Amrani", "geboortejaar": 1975},
            hulpvraag={"intake_datum": datetime.date(2021, 1, 11), "soort": "praktisch"},
            themas=[],
            toestemming_datum=datetime.date(2021, 1, 11),
            referentie=f"HH-2021-90{n}",
        )
    for entry in range(services.MAX_HINTS_PER_UUR - 2):
        Toegangslog.objects.create(
            gebruiker=vp_a.user,
            gebruikersnaam=vp_a.user.username,
            actie=Actie.MOGELIJK_DUBBEL,
            object_ref=str(entry),
        )

    controle = services.controleer_dubbelen(door=vp_a.user, naam="Fatima El Amrani")

    assert controle.elders
    assert hints().count() == services.MAX_HINTS_PER_UUR  # 2 of the 4 households hinted


def test_a_coordinator_has_no_limit(client, coordinator, bekend):
    client.force_login(coordinator)
    for _ in range(services.MAX_HINTS_PER_UUR):
        client.post(INTAKE, opnieuw())

    page = client.post(INTAKE, opnieuw()).content.decode()

    assert bekend.referentie in page
    assert hints().count() == services.MAX_HINTS_PER_UUR + 1


def test_the_check_costs_a_fixed_number_of_queries(vp_a, bekend, django_assert_max_num_queries):
    for n in range(4):
        services.register_intake(
            huishouden={"woonplaats": "oost"},
            hulpvrager={"naam": "Fatima El Amrani"},
            hulpvraag={"intake_datum": datetime.date(2021, 1, 11), "soort": "praktisch"},
            themas=[],
            toestemming_datum=datetime.date(2021, 1, 11),
            referentie=f"HH-2021-80{n}",
        )
    vp_a.user.refresh_from_db()

    # roles, the limit, the search (name, phone), the households, their visibility, 5 log
    # entries (each in a savepoint), the coordinators to tell, one insert of their notices
    with django_assert_max_num_queries(30):
        controle = services.controleer_dubbelen(
            door=vp_a.user, naam="Fatima El Amrani", geboortejaar=1975, telefoon="0612345678"
        )

    assert controle.elders and Hulpvrager.objects.count() == 5

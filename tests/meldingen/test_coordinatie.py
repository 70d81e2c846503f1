"""Issue 17 §2, what coordinators and organisation coordinators (their own organisation only) are
told: on Mondays a weekly digest with the figures of "In beeld"; an application that waits for the
committee longer than 5 days."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from hulpvragen import selectors, volledigheid
from hulpvragen import services as casework
from meldingen.models import Melding, Soort
from meldingen.services import maak_herinneringen
from netwerk.models import VertrouwenspersoonStatus
from netwerk.roles import Rol
from noodfonds.choices import AanvraagStatus, Actie
from noodfonds.services import create_aanvraag, transition_aanvraag
from tests.factories import OrganisatieFactory, VertrouwenspersoonFactory, make_user
from tests.hulpvragen.conftest import first_hulpvraag, make_household

MAANDAG = datetime.date(2024, 3, 11)
DINSDAG = MAANDAG + datetime.timedelta(days=1)


def travel(day):
    moment = datetime.datetime.combine(
        day, datetime.time(7), tzinfo=timezone.get_current_timezone()
    )
    return time_machine.travel(moment, tick=False)


def dag(n):
    return MAANDAG + datetime.timedelta(days=n)


def digest(user):
    return Melding.objects.get(soort=Soort.WEEKOVERZICHT, ontvanger=user)


@pytest.fixture
def netwerk(vp_a, vp_b, org_a, org_b):
    """At org_a: one help request without contact for 30 days, one with its follow-up date
    passed, a trusted person under the target (vp_a, 2 open households) and a stopped one with
    an open household. At org_b: one open help request with a referral without outcome for 15
    days; vp_b (1 household) is under the target too."""
    with travel(MAANDAG):
        make_household(vp_a, naam="Anna Geheim", intake=dag(-30))
        nazorg = first_hulpvraag(make_household(vp_a, naam="Aart", intake=dag(-3)))
        casework.set_nazorg_datum(hulpvraag=nazorg, datum=dag(-1))
        gestopt = VertrouwenspersoonFactory(naam="Gestopt A", organisatie=org_a)
        make_household(gestopt, naam="Gijs", intake=dag(-2))
        gestopt.status = VertrouwenspersoonStatus.GESTOPT
        gestopt.save()
        verwezen = first_hulpvraag(make_household(vp_b, naam="Bram", intake=dag(-20)))
        casework.log_contact(hulpvraag=verwezen, soort="huisbezoek", datum=dag(-1))
        casework.record_doorverwijzing(
            hulpvraag=verwezen,
            organisatie=OrganisatieFactory(naam="Buurtteam"),
            soort="advies",
            datum=dag(-15),
            toestemming_vastleggen=True,
        )


# --- the weekly digest ---------------------------------------------------------------------------


def test_the_weekly_digest_comes_on_monday_only(netwerk, coordinator):
    with travel(DINSDAG):
        maak_herinneringen(vandaag=DINSDAG)
    assert not Melding.objects.filter(soort=Soort.WEEKOVERZICHT).exists()

    with travel(MAANDAG):
        maak_herinneringen(vandaag=MAANDAG)

    melding = digest(coordinator)
    assert melding.datum == MAANDAG
    assert melding.link == reverse("hulpvragen:overzicht")


def test_the_coordinators_digest_counts_the_whole_network(netwerk, coordinator):
    with travel(MAANDAG):
        maak_herinneringen(vandaag=MAANDAG)

    assert digest(coordinator).aantallen == {
        "open": 4,
        "zonder_contact": 1,
        "nazorg_verlopen": 1,
        "doorverwijzing_open": 1,
        "onder_doel": 2,
        "gestopt": 1,
        # 4 households without income, 4 help requests outside pilots without recurrence
        "onvolledig": 8,
    }
    assert digest(coordinator).tekst == (
        "Weekoverzicht: 4 open hulpvragen · 1 langer dan 21 dagen geen contact · "
        "1 opvolgdatum verstreken · 1 doorverwijzing na 14 dagen zonder uitkomst · "
        "2 vertrouwenspersonen onder het doel · 1 gestopte vertrouwenspersoon met open huishoudens"
        " · 8 registraties missen gegevens voor de rapportage"
    )


def test_an_organisation_coordinator_gets_only_their_organisations_figures(
    netwerk, coordinator, orgcoordinator, org_b
):
    other = make_user("orgcoord_b", Rol.ORGCOORDINATOR, org_b)

    with travel(MAANDAG):
        maak_herinneringen(vandaag=MAANDAG)

    assert digest(orgcoordinator).aantallen == {
        "open": 3,
        "zonder_contact": 1,
        "nazorg_verlopen": 1,
        "doorverwijzing_open": 0,
        "onder_doel": 1,
        "gestopt": 1,
        "onvolledig": 6,
    }
    assert digest(other).aantallen == {
        "open": 1,
        "zonder_contact": 0,
        "nazorg_verlopen": 0,
        "doorverwijzing_open": 1,
        "onder_doel": 1,
        "gestopt": 0,
        "onvolledig": 2,
    }


@pytest.mark.parametrize("wie", ["coordinator", "orgcoordinator"])
def test_the_digest_shows_what_in_beeld_shows_the_same_user(netwerk, users, wie):
    """The digest counts per organisation in one pass; "In beeld" counts through visible_to.
    Both must agree for every coordinating user."""
    user = users[wie]
    with travel(MAANDAG):
        maak_herinneringen(vandaag=MAANDAG)
        telling = selectors.flag_counts(user, vandaag=MAANDAG)
        caseload = list(selectors.caseload(user, vandaag=MAANDAG))
        gestopt = selectors.gestopt_met_open_huishoudens(user, vandaag=MAANDAG).count()
        onvolledig = volledigheid.tellingen(user)["totaal"]

    assert digest(user).aantallen == {
        "open": telling["open"],
        "zonder_contact": telling["zonder_contact"],
        "nazorg_verlopen": telling["nazorg_verlopen"],
        "doorverwijzing_open": telling["doorverwijzing_open"],
        "onder_doel": sum(1 for vp in caseload if vp.onder_doel and not vp.gestopt),
        "gestopt": gestopt,
        "onvolledig": onvolledig,  # as the completeness page counts it
    }


def test_the_digest_is_made_once_a_monday(netwerk, coordinator):
    with travel(MAANDAG):
        maak_herinneringen(vandaag=MAANDAG)
        assert not [
            m for m in maak_herinneringen(vandaag=MAANDAG) if m.soort == Soort.WEEKOVERZICHT
        ]
    volgende = dag(7)
    with travel(volgende):
        nieuw = maak_herinneringen(vandaag=volgende)
    assert [m.ontvanger_id for m in nieuw if m.soort == Soort.WEEKOVERZICHT] == [coordinator.pk]


def test_an_empty_network_gets_no_digest(coordinator):
    with travel(MAANDAG):
        maak_herinneringen(vandaag=MAANDAG)

    assert not Melding.objects.exists()


def test_other_roles_get_no_digest(netwerk, vp_a, commissielid, opleider):
    with travel(MAANDAG):
        maak_herinneringen(vandaag=MAANDAG)

    assert not Melding.objects.filter(soort=Soort.WEEKOVERZICHT).exists()


# --- an application waiting for the committee ----------------------------------------------------


def indienen(vp, org):
    """A new application of `vp`, submitted through the services on the current day."""
    aanvraag = create_aanvraag(
        door=vp.user,
        organisatie=org,
        vertrouwenspersoon=vp,
        woonplaats="oost",
        onderwerp="inrichting",
        inkomsten="uitkering",
        gevraagd_bedrag=Decimal("300"),
        motivatie="Koelkast kapot.",
    )
    return transition_aanvraag(aanvraag=aanvraag, actie=Actie.INDIENEN, door=vp.user)


def wachtend(day):
    with travel(day):
        maak_herinneringen(vandaag=day)
    return sorted(
        Melding.objects.filter(soort=Soort.AANVRAAG_WACHT).values_list(
            "ontvanger__username", "referentie", "datum"
        )
    )


def test_an_application_waiting_more_than_5_days_is_told_on_day_6(
    vp_a, org_a, org_b, coordinator, orgcoordinator
):
    make_user("orgcoord_b", Rol.ORGCOORDINATOR, org_b)
    with travel(MAANDAG):
        aanvraag = indienen(vp_a, org_a)

    assert wachtend(dag(5)) == []
    assert wachtend(dag(6)) == [
        ("coord", aanvraag.referentie, dag(6)),
        ("orgcoord", aanvraag.referentie, dag(6)),
    ]
    assert wachtend(dag(7)) == wachtend(dag(6))  # once per wait, not every day
    melding = Melding.objects.filter(soort=Soort.AANVRAAG_WACHT).first()
    assert melding.link == reverse("noodfonds:aanvraag_detail", args=[aanvraag.uuid])


def test_waiting_counts_again_from_a_resubmission(vp_a, org_a, coordinator, commissielid):
    with travel(MAANDAG):
        aanvraag = indienen(vp_a, org_a)
    with travel(dag(2)):
        transition_aanvraag(
            aanvraag=aanvraag, actie=Actie.MEER_INFORMATIE, door=commissielid, vraag="Offerte?"
        )
    with travel(dag(4)):
        transition_aanvraag(
            aanvraag=aanvraag, actie=Actie.INDIENEN, door=vp_a.user, antwoord="Bijgevoegd."
        )

    assert wachtend(dag(6)) == []  # waiting again since day 4
    assert wachtend(dag(10)) == [("coord", aanvraag.referentie, dag(10))]


def test_a_decided_or_returned_application_does_not_wait(vp_a, org_a, coordinator, commissielid):
    with travel(MAANDAG):
        aanvraag = indienen(vp_a, org_a)
    with travel(dag(1)):
        transition_aanvraag(
            aanvraag=aanvraag, actie=Actie.MEER_INFORMATIE, door=commissielid, vraag="Offerte?"
        )
    aanvraag.refresh_from_db()
    assert aanvraag.status == AanvraagStatus.MEER_INFORMATIE

    assert wachtend(dag(8)) == []

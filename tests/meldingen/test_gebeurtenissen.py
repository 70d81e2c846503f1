"""Issue 17 §2, the notices of events: a household assigned to a trusted person (intake,
reassignment, handover), the committee's question and decision on their application, a split
committee vote. Each is told at once, inside the action's transaction: a rolled-back or refused
action leaves no notice, and the same event twice on one day is one notice."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hulpvragen import services as casework
from meldingen.models import Melding, Soort
from meldingen.services import maak_herinneringen
from netwerk.models import VertrouwenspersoonStatus
from netwerk.roles import Rol
from noodfonds.choices import Actie, Stem
from noodfonds.services import register_storting, transition_aanvraag
from tests.factories import VertrouwenspersoonFactory, make_user
from tests.hulpvragen.conftest import make_household

VANDAAG = datetime.date(2024, 3, 12)


@pytest.fixture(autouse=True)
def _vandaag():
    moment = datetime.datetime.combine(
        VANDAAG, datetime.time(10), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(moment, tick=False):
        yield


def meldingen(soort=None):
    qs = Melding.objects.order_by("ontvanger__username", "pk")
    if soort is not None:
        qs = qs.filter(soort=soort)
    return [(m.ontvanger.username, m.soort, m.referentie) for m in qs]


def intake(vp, door, **kwargs):
    return casework.register_intake(
        huishouden={"woonplaats": "oost"},
        hulpvrager={"naam": "Fatima Geheim", "geslacht": "vrouw", "geboortejaar": 1980},
        hulpvraag={"intake_datum": VANDAAG, "soort": "praktisch", "omschrijving": "Schulden"},
        themas=[],
        toestemming_datum=VANDAAG,
        vertrouwenspersoon=vp,
        door=door,
        **kwargs,
    )


# --- a household assigned ------------------------------------------------------------------------


def test_an_intake_assigned_by_a_coordinator_tells_the_trusted_person(coordinator, vp_a, vp_b):
    huishouden = intake(vp_a, coordinator)

    assert meldingen() == [("vp_a", Soort.TOEGEWEZEN, huishouden.referentie)]
    melding = Melding.objects.get()
    assert melding.link == reverse("hulpvragen:huishouden_detail", args=[huishouden.referentie])
    assert melding.datum == VANDAAG
    assert "Fatima" not in melding.tekst and "Schulden" not in melding.tekst


def test_a_trusted_person_registering_their_own_household_is_not_told(vp_a):
    intake(vp_a, vp_a.user)

    assert meldingen() == []


def test_an_intake_without_a_trusted_person_tells_nobody(coordinator, org_a):
    intake(None, coordinator, organisatie=org_a)

    assert meldingen() == []


def test_a_reassignment_tells_the_new_trusted_person_once_a_day(coordinator, vp_a, org_a):
    vp_a2 = VertrouwenspersoonFactory(
        naam="VP A2", organisatie=org_a, user=make_user("vp_a2", Rol.VERTROUWENSPERSOON, org_a)
    )
    huishouden = intake(vp_a, coordinator)
    Melding.objects.all().delete()

    for vp in (vp_a2, vp_a, vp_a2):  # there and back again, the same day
        casework.update_huishouden(
            huishouden=huishouden,
            data={"vertrouwenspersoon": vp},
            may_reassign=True,
            door=coordinator,
        )

    assert meldingen() == [
        ("vp_a", Soort.TOEGEWEZEN, huishouden.referentie),
        ("vp_a2", Soort.TOEGEWEZEN, huishouden.referentie),
    ]


def test_saving_a_household_without_a_new_trusted_person_tells_nobody(coordinator, vp_a):
    huishouden = intake(vp_a, coordinator)
    Melding.objects.all().delete()

    casework.update_huishouden(
        huishouden=huishouden,
        data={"vertrouwenspersoon": vp_a, "aantal_kinderen": 2},
        may_reassign=True,
        door=coordinator,
    )

    assert meldingen() == []


def test_a_handover_tells_the_new_and_the_old_trusted_person(coordinator, vp_a, org_a):
    vp_a2 = VertrouwenspersoonFactory(
        naam="VP A2", organisatie=org_a, user=make_user("vp_a2", Rol.VERTROUWENSPERSOON, org_a)
    )
    make_household(vp_a, naam="Anna")
    make_household(vp_a, naam="Aart")
    Melding.objects.all().delete()

    overdracht = casework.draag_huishoudens_over(van=vp_a, naar=vp_a2, door=coordinator)

    assert meldingen() == [
        ("vp_a", Soort.OVERDRACHT_AFGESTAAN, ""),
        ("vp_a2", Soort.OVERDRACHT_ONTVANGEN, ""),
    ]
    for melding in Melding.objects.all():
        assert melding.object_id == overdracht.pk
        assert melding.aantallen == {"huishoudens": 2}
        assert melding.link == reverse("hulpvragen:mijn")
    assert Melding.objects.get(ontvanger=vp_a2.user).tekst == (
        "Huishoudens aan u overgedragen: 2 huishoudens"
    )


def test_after_a_handover_a_stopped_trusted_person_is_not_told(coordinator, vp_a, org_a):
    vp_a2 = VertrouwenspersoonFactory(
        naam="VP A2", organisatie=org_a, user=make_user("vp_a2", Rol.VERTROUWENSPERSOON, org_a)
    )
    make_household(vp_a)
    vp_a.status = VertrouwenspersoonStatus.GESTOPT
    vp_a.save()
    Melding.objects.all().delete()

    casework.draag_huishoudens_over(van=vp_a, naar=vp_a2, door=coordinator)

    assert meldingen() == [("vp_a2", Soort.OVERDRACHT_ONTVANGEN, "")]


def test_a_rolled_back_intake_leaves_no_notice(coordinator, vp_a):
    with pytest.raises(RuntimeError), transaction.atomic():
        intake(vp_a, coordinator)
        assert Melding.objects.count() == 1  # stored with the action ...
        raise RuntimeError("the request failed later on")

    assert Melding.objects.count() == 0  # ... and gone with it


def test_a_refused_handover_leaves_no_notice(coordinator, vp_a, vp_b):
    make_household(vp_a)
    Melding.objects.all().delete()
    vp_b.status = VertrouwenspersoonStatus.GESTOPT
    vp_b.save()

    with pytest.raises(ValidationError):
        casework.draag_huishoudens_over(van=vp_a, naar=vp_b, door=coordinator)

    assert meldingen() == []


# --- the committee on the trusted person's application -----------------------------------------


@pytest.fixture
def geld(coordinator):
    register_storting(
        door=coordinator, datum=VANDAAG, bedrag=Decimal("1000"), fondsgever="Fonds voor Oost"
    )


@pytest.fixture
def aanvraag(maak_aanvraag):
    return maak_aanvraag()


@pytest.fixture
def maak_aanvraag(vp_a, org_a):
    from tests.factories import AanvraagFactory

    def maak(**velden):
        velden = {
            "organisatie": org_a,
            "vertrouwenspersoon": vp_a,
            "aangemaakt_door": vp_a.user,
            "motivatie": "Koelkast kapot bij familie Geheim.",
            "gevraagd_bedrag": Decimal("300"),
            "ingediend_op": VANDAAG,
            **velden,
        }
        return AanvraagFactory(**velden)

    return maak


def stem(aanvraag, lid, oordeel=Stem.TOEKENNEN, actie=Actie.BEOORDELEN):
    return transition_aanvraag(
        aanvraag=aanvraag,
        actie=actie,
        door=lid,
        stem=oordeel,
        bedrag=Decimal("200") if oordeel == Stem.TOEKENNEN else None,
        motivering="Acute nood.",
    )


def test_a_committee_question_tells_the_trusted_person(aanvraag, commissielid, vp_a):
    transition_aanvraag(
        aanvraag=aanvraag, actie=Actie.MEER_INFORMATIE, door=commissielid, vraag="Welke offerte?"
    )

    assert meldingen() == [("vp_a", Soort.VRAAG_COMMISSIE, aanvraag.referentie)]
    melding = Melding.objects.get()
    assert melding.link == reverse("noodfonds:aanvraag_detail", args=[aanvraag.uuid])
    assert "offerte" not in melding.tekst


def test_a_committee_decision_tells_the_trusted_person(aanvraag, commissielid, commissielid2, geld):
    stem(aanvraag, commissielid)
    assert meldingen(Soort.AANVRAAG_TOEGEKEND) == []  # one opinion decides nothing

    stem(aanvraag, commissielid2)

    assert meldingen(Soort.AANVRAAG_TOEGEKEND) == [
        ("vp_a", Soort.AANVRAAG_TOEGEKEND, aanvraag.referentie)
    ]


def test_a_rejection_tells_the_trusted_person(aanvraag, commissielid, commissielid2):
    stem(aanvraag, commissielid, Stem.AFWIJZEN)
    stem(aanvraag, commissielid2, Stem.AFWIJZEN)

    assert meldingen(Soort.AANVRAAG_AFGEWEZEN) == [
        ("vp_a", Soort.AANVRAAG_AFGEWEZEN, aanvraag.referentie)
    ]


def test_an_urgent_grant_by_the_coordinator_tells_the_trusted_person(
    maak_aanvraag, coordinator, geld
):
    aanvraag = maak_aanvraag(spoed=True)

    transition_aanvraag(
        aanvraag=aanvraag,
        actie=Actie.SPOEDTOEKENNING,
        door=coordinator,
        bedrag=Decimal("100"),
        toelichting="Spoed.",
    )

    assert meldingen() == [("vp_a", Soort.AANVRAAG_TOEGEKEND, aanvraag.referentie)]


def test_an_application_without_a_trusted_person_tells_its_applicant(
    maak_aanvraag, orgcoordinator, commissielid
):
    aanvraag = maak_aanvraag(vertrouwenspersoon=None, aangemaakt_door=orgcoordinator)

    transition_aanvraag(
        aanvraag=aanvraag, actie=Actie.MEER_INFORMATIE, door=commissielid, vraag="Welke offerte?"
    )

    assert meldingen() == [("orgcoord", Soort.VRAAG_COMMISSIE, aanvraag.referentie)]


def test_a_refused_decision_leaves_no_notice(aanvraag, commissielid, commissielid2):
    # no money in the fund: the second grant is refused and nothing of it stays
    stem(aanvraag, commissielid)
    with pytest.raises(ValidationError):
        stem(aanvraag, commissielid2)

    assert meldingen(Soort.AANVRAAG_TOEGEKEND) == []


# --- a split vote --------------------------------------------------------------------------------


def test_a_split_vote_asks_the_third_member_at_once(
    aanvraag, commissielid, commissielid2, coordinator
):
    derde = make_user("commissie_3", Rol.FONDSCOMMISSIE)
    stem(aanvraag, commissielid)

    stem(aanvraag, commissielid2, Stem.AFWIJZEN)

    assert meldingen() == [(derde.username, Soort.DERDE_OORDEEL, aanvraag.referentie)]
    # the daily run the same day makes it no second time
    assert maak_herinneringen(vandaag=VANDAAG) == []


def test_a_split_vote_without_a_third_member_tells_the_coordinator_at_once(
    aanvraag, commissielid, commissielid2, coordinator, orgcoordinator
):
    stem(aanvraag, commissielid)

    stem(aanvraag, commissielid2, Stem.AFWIJZEN)

    assert meldingen() == [("coord", Soort.VASTGELOPEN, aanvraag.referentie)]
    melding = Melding.objects.get()
    assert melding.link == reverse("noodfonds:aanvraag_detail", args=[aanvraag.uuid])
    # while it stays stuck, the coordinator is reminded daily
    morgen = maak_herinneringen(vandaag=VANDAAG + datetime.timedelta(days=1))
    assert [(m.ontvanger_id, m.soort) for m in morgen] == [(coordinator.pk, Soort.VASTGELOPEN)]


def test_a_changed_opinion_that_decides_tells_the_trusted_person(
    aanvraag, commissielid, commissielid2, coordinator, geld
):
    stem(aanvraag, commissielid)
    stem(aanvraag, commissielid2, Stem.AFWIJZEN)
    Melding.objects.all().delete()

    stem(aanvraag, commissielid2, Stem.TOEKENNEN, actie=Actie.OORDEEL_WIJZIGEN)

    assert meldingen() == [("vp_a", Soort.AANVRAAG_TOEGEKEND, aanvraag.referentie)]

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from netwerk.roles import Rol
from noodfonds.choices import AanvraagStatus, Actie, BesluitRoute, Stem
from noodfonds.models import Beoordeling, Overgang
from noodfonds.selectors import budget_saldo
from noodfonds.services import (
    OVERGANGEN,
    create_aanvraag,
    transition_aanvraag,
    update_aanvraag,
)
from tests.factories import VertrouwenspersoonFactory, make_user
from tests.noodfonds.conftest import snapshot

S = AanvraagStatus
pytestmark = pytest.mark.django_db


def stem(aanvraag, lid, oordeel=Stem.TOEKENNEN, bedrag="200.00"):
    return transition_aanvraag(
        aanvraag=aanvraag,
        actie=Actie.BEOORDELEN,
        door=lid,
        stem=oordeel,
        bedrag=Decimal(bedrag) if oordeel == Stem.TOEKENNEN else None,
        motivering="Acute nood, past binnen de regels.",
    )


def refused(match, **kwargs):
    before = snapshot()
    with pytest.raises(ValidationError, match=match):
        transition_aanvraag(**kwargs)
    assert snapshot() == before


# --- the happy paths ----------------------------------------------------------------------


def test_create_aanvraag_makes_a_logged_draft_with_a_reference(vp_a, huishouden_a):
    aanvraag = create_aanvraag(
        door=vp_a.user,
        organisatie=vp_a.organisatie,
        vertrouwenspersoon=vp_a,
        huishouden=huishouden_a,
        woonplaats="oost",
        onderwerp="witgoed",
        inkomsten="uitkering",
        contact_formeel=False,
        gevraagd_bedrag=Decimal("300"),
        motivatie="Wasmachine kapot.",
        spoed=False,
    )

    assert aanvraag.status == S.CONCEPT
    assert aanvraag.ingediend_op is None
    assert aanvraag.referentie == f"NF-{timezone.localdate().year}-0001"
    assert list(aanvraag.overgangen.values_list("actie", "naar", "door")) == [
        (Actie.AANMAKEN, S.CONCEPT, vp_a.user.pk)
    ]


def test_submitting_a_draft_sets_the_submission_date_and_logs_who(maak_aanvraag, vp_a):
    aanvraag = maak_aanvraag(S.CONCEPT)

    transition_aanvraag(aanvraag=aanvraag, actie=Actie.INDIENEN, door=vp_a.user)

    aanvraag.refresh_from_db()
    assert aanvraag.status == S.INGEDIEND
    assert aanvraag.ingediend_op == timezone.localdate()
    overgang = aanvraag.overgangen.get()
    assert (overgang.actie, overgang.van, overgang.naar, overgang.door) == (
        Actie.INDIENEN,
        S.CONCEPT,
        S.INGEDIEND,
        vp_a.user,
    )


def test_two_agreeing_members_grant_the_lower_amount(
    maak_aanvraag, commissielid, commissielid2, geld
):
    geld("1000")
    aanvraag = maak_aanvraag()

    stem(aanvraag, commissielid, bedrag="250")
    stem(aanvraag, commissielid2, bedrag="180")

    aanvraag.refresh_from_db()
    assert aanvraag.status == S.TOEGEKEND
    assert aanvraag.toegekend_bedrag == Decimal("180")
    assert aanvraag.besluit_route == BesluitRoute.COMMISSIE
    assert aanvraag.besloten_op == timezone.localdate()
    assert budget_saldo()["beschikbaar"] == Decimal("820")


def test_two_rejections_reject(maak_aanvraag, commissielid, commissielid2):
    aanvraag = maak_aanvraag()

    stem(aanvraag, commissielid, Stem.AFWIJZEN)
    stem(aanvraag, commissielid2, Stem.AFWIJZEN)

    aanvraag.refresh_from_db()
    assert aanvraag.status == S.AFGEWEZEN
    assert aanvraag.toegekend_bedrag is None


def test_split_votes_wait_for_a_third_member_who_decides(
    maak_aanvraag, commissielid, commissielid2, geld
):
    geld()
    derde = make_user("commissie_3", Rol.FONDSCOMMISSIE)
    aanvraag = maak_aanvraag()

    stem(aanvraag, commissielid, bedrag="120")
    stem(aanvraag, commissielid2, Stem.AFWIJZEN)
    aanvraag.refresh_from_db()
    assert aanvraag.status == S.IN_BEHANDELING
    stem(aanvraag, derde, bedrag="150")

    aanvraag.refresh_from_db()
    assert aanvraag.status == S.TOEGEKEND
    assert aanvraag.toegekend_bedrag == Decimal("120")


def test_more_information_goes_back_and_resubmission_needs_an_answer(
    maak_aanvraag, commissielid, vp_a
):
    aanvraag = maak_aanvraag()
    stem(aanvraag, commissielid, Stem.AFWIJZEN)
    transition_aanvraag(
        aanvraag=aanvraag,
        actie=Actie.MEER_INFORMATIE,
        door=commissielid,
        vraag="Is er een offerte?",
    )
    refused("Beantwoord de vraag", aanvraag=aanvraag, actie=Actie.INDIENEN, door=vp_a.user)

    transition_aanvraag(
        aanvraag=aanvraag, actie=Actie.INDIENEN, door=vp_a.user, antwoord="Offerte bijgevoegd."
    )

    aanvraag.refresh_from_db()
    assert aanvraag.status == S.IN_BEHANDELING  # one assessment was already given
    assert aanvraag.informatievraag == "Is er een offerte?"
    assert aanvraag.informatieantwoord == "Offerte bijgevoegd."
    assert aanvraag.ingediend_op == datetime.date(2021, 1, 10)  # the first submission stays


def test_urgent_grant_by_a_coordinator_alone_up_to_the_limit(maak_aanvraag, coordinator, geld):
    geld()
    aanvraag = maak_aanvraag(spoed=True)

    transition_aanvraag(
        aanvraag=aanvraag,
        actie=Actie.SPOEDTOEKENNING,
        door=coordinator,
        bedrag=Decimal("150"),
        toelichting="Afsluiting energie morgen.",
    )

    aanvraag.refresh_from_db()
    assert (aanvraag.status, aanvraag.toegekend_bedrag) == (S.TOEGEKEND, Decimal("150"))
    assert aanvraag.besluit_route == BesluitRoute.SPOED
    assert aanvraag.besluit_toelichting == "Afsluiting energie morgen."


def test_paying_records_amount_date_and_payee_and_frees_the_rest(maak_aanvraag, coordinator, geld):
    geld("1000")
    aanvraag = maak_aanvraag(S.TOEGEKEND, toegekend_bedrag=Decimal("250"))

    transition_aanvraag(
        aanvraag=aanvraag,
        actie=Actie.UITBETALEN,
        door=coordinator,
        bedrag=Decimal("240"),
        datum=datetime.date(2021, 2, 1),
        uitbetaald_aan="leverancier",
    )

    aanvraag.refresh_from_db()
    assert aanvraag.status == S.UITBETAALD
    assert (aanvraag.uitbetaald_bedrag, aanvraag.uitbetaald_op, aanvraag.uitbetaald_aan) == (
        Decimal("240"),
        datetime.date(2021, 2, 1),
        "leverancier",
    )
    assert budget_saldo() == {
        "stortingen": Decimal("1000"),
        "aflossingen": Decimal("0"),
        "toegekend_open": Decimal("0"),
        "uitbetaald": Decimal("240"),
        "beschikbaar": Decimal("760"),
    }


# --- every invalid transition is refused and changes nothing -------------------------------


def _gegevens(actie):
    return {
        Actie.INDIENEN: {"antwoord": "Antwoord."},
        Actie.INTREKKEN: {},
        Actie.BEOORDELEN: {"stem": Stem.TOEKENNEN, "bedrag": Decimal("100"), "motivering": "Ok."},
        Actie.OORDEEL_WIJZIGEN: {
            "stem": Stem.AFWIJZEN,
            "bedrag": None,
            "motivering": "Toch niet.",
        },
        Actie.HERBEOORDELING: {"toelichting": "Opnieuw graag."},
        Actie.MEER_INFORMATIE: {"vraag": "Welke offerte?"},
        Actie.SPOEDTOEKENNING: {"bedrag": Decimal("100"), "toelichting": "Spoed."},
        Actie.UITBETALEN: {
            "bedrag": Decimal("100"),
            "datum": datetime.date(2021, 2, 1),
            "uitbetaald_aan": "bewoner",
        },
    }[actie]


def _actor(actie, vp_a, commissielid, coordinator):
    if actie in (Actie.INDIENEN, Actie.INTREKKEN):
        return vp_a.user
    if actie in (Actie.BEOORDELEN, Actie.OORDEEL_WIJZIGEN):
        return commissielid
    return coordinator


INVALID = [
    (status, actie)
    for actie, regel in OVERGANGEN.items()
    for status in S.values
    if status not in regel.van
]


@pytest.mark.parametrize(("status", "actie"), INVALID)
def test_every_action_from_a_status_the_table_does_not_allow_is_refused(
    status, actie, maak_aanvraag, vp_a, commissielid, coordinator, geld
):
    geld()
    aanvraag = maak_aanvraag(status, spoed=True)

    refused(
        "kan niet: de aanvraag heeft de status",
        aanvraag=aanvraag,
        actie=actie,
        door=_actor(actie, vp_a, commissielid, coordinator),
        **_gegevens(actie),
    )


def test_granting_a_draft_is_refused(maak_aanvraag, commissielid):
    aanvraag = maak_aanvraag(S.CONCEPT)

    refused("status 'Concept'", aanvraag=aanvraag, door=commissielid, **_beoordeling())


def _beoordeling():
    return {
        "actie": Actie.BEOORDELEN,
        "stem": Stem.TOEKENNEN,
        "bedrag": Decimal("100"),
        "motivering": "Goed onderbouwd.",
    }


def test_paying_a_rejected_application_is_refused(maak_aanvraag, coordinator):
    aanvraag = maak_aanvraag(S.AFGEWEZEN)

    refused(
        "status 'Afgewezen'",
        aanvraag=aanvraag,
        actie=Actie.UITBETALEN,
        door=coordinator,
        **_gegevens(Actie.UITBETALEN),
    )


def test_a_third_assessment_after_the_decision_is_refused(
    maak_aanvraag, commissielid, commissielid2, geld
):
    geld()
    derde = make_user("commissie_3", Rol.FONDSCOMMISSIE)
    aanvraag = maak_aanvraag()
    stem(aanvraag, commissielid)
    stem(aanvraag, commissielid2)

    refused("status 'Toegekend'", aanvraag=aanvraag, door=derde, **_beoordeling())
    assert Beoordeling.objects.filter(aanvraag=aanvraag).count() == 2


def test_a_member_cannot_assess_twice(maak_aanvraag, commissielid):
    aanvraag = maak_aanvraag()
    stem(aanvraag, commissielid, Stem.AFWIJZEN)

    refused("al beoordeeld", aanvraag=aanvraag, door=commissielid, **_beoordeling())


def test_a_member_cannot_assess_an_application_they_submitted(maak_aanvraag, commissielid):
    aanvraag = maak_aanvraag(aangemaakt_door=commissielid)

    refused("zelf ingediend", aanvraag=aanvraag, door=commissielid, **_beoordeling())


def test_a_member_who_supports_the_household_cannot_assess(maak_aanvraag, org_a, huishouden_a):
    lid = make_user("commissie_vp", Rol.FONDSCOMMISSIE)
    vp = VertrouwenspersoonFactory(organisatie=org_a, user=lid)
    huishouden_a.vertrouwenspersoon = vp
    huishouden_a.save()
    aanvraag = maak_aanvraag(vertrouwenspersoon=None)

    refused("begeleidt dit huishouden", aanvraag=aanvraag, door=lid, **_beoordeling())


def test_a_grant_above_the_balance_is_refused_and_the_vote_not_stored(
    maak_aanvraag, commissielid, commissielid2, geld
):
    geld("100")
    aanvraag = maak_aanvraag()
    stem(aanvraag, commissielid, bedrag="200")

    refused(
        "Onvoldoende budget",
        aanvraag=aanvraag,
        door=commissielid2,
        **{**_beoordeling(), "bedrag": Decimal("200")},
    )


def test_assessing_more_than_asked_or_without_reasoning_is_refused(maak_aanvraag, commissielid):
    aanvraag = maak_aanvraag(gevraagd_bedrag=Decimal("100"))

    refused(
        "niet hoger zijn dan het gevraagde",
        aanvraag=aanvraag,
        door=commissielid,
        **{**_beoordeling(), "bedrag": Decimal("101")},
    )
    refused(
        "motivering", aanvraag=aanvraag, door=commissielid, **{**_beoordeling(), "motivering": " "}
    )


def test_paying_more_than_granted_is_refused(maak_aanvraag, coordinator, geld):
    geld()
    aanvraag = maak_aanvraag(S.TOEGEKEND, toegekend_bedrag=Decimal("100"))

    refused(
        "niet meer uitbetalen dan is toegekend",
        aanvraag=aanvraag,
        actie=Actie.UITBETALEN,
        door=coordinator,
        **{**_gegevens(Actie.UITBETALEN), "bedrag": Decimal("100.01")},
    )


@pytest.mark.parametrize(
    ("velden", "gegevens", "match"),
    [
        ({"spoed": False}, {}, "Alleen een aanvraag met spoed"),
        ({"spoed": True}, {"bedrag": Decimal("150.01")}, "hoogstens € 150,00"),
        ({"spoed": True}, {"toelichting": ""}, "reden"),
    ],
)
def test_urgent_grant_outside_its_rules_is_refused(
    velden, gegevens, match, maak_aanvraag, coordinator, geld
):
    geld()
    aanvraag = maak_aanvraag(**velden)

    refused(
        match,
        aanvraag=aanvraag,
        actie=Actie.SPOEDTOEKENNING,
        door=coordinator,
        **{**_gegevens(Actie.SPOEDTOEKENNING), **gegevens},
    )


@pytest.mark.parametrize(
    ("actie", "rol"),
    [
        (Actie.UITBETALEN, "vp_b"),
        (Actie.UITBETALEN, "commissie"),
        (Actie.UITBETALEN, "orgcoordinator"),
        (Actie.SPOEDTOEKENNING, "orgcoordinator"),
        (Actie.BEOORDELEN, "coordinator"),
        (Actie.BEOORDELEN, "vp_a"),
        (Actie.INDIENEN, "vp_b"),
        (Actie.INDIENEN, "commissie"),
        (Actie.INTREKKEN, "opleider"),
        (Actie.MEER_INFORMATIE, "vp_a"),
    ],
)
def test_an_action_by_a_role_the_table_does_not_name_is_refused(
    actie, rol, users, maak_aanvraag, geld
):
    geld()
    regel = OVERGANGEN[actie]
    status = S.CONCEPT if S.CONCEPT in regel.van else sorted(regel.van)[0]
    aanvraag = maak_aanvraag(status, spoed=True)

    refused("niet", aanvraag=aanvraag, actie=actie, door=users[rol], **_gegevens(actie))


def test_changing_a_submitted_application_is_refused(maak_aanvraag, vp_a):
    aanvraag = maak_aanvraag()
    before = snapshot()

    with pytest.raises(ValidationError, match="kan niet meer worden gewijzigd"):
        update_aanvraag(aanvraag=aanvraag, door=vp_a.user, gevraagd_bedrag=Decimal("999"))

    assert snapshot() == before


def test_every_valid_action_is_logged(
    maak_aanvraag, commissielid, commissielid2, coordinator, geld
):
    geld()
    aanvraag = maak_aanvraag()

    stem(aanvraag, commissielid)
    stem(aanvraag, commissielid2)

    assert list(Overgang.objects.values_list("actie", "van", "naar", "door")) == [
        (Actie.BEOORDELEN, S.INGEDIEND, S.IN_BEHANDELING, commissielid.pk),
        (Actie.BEOORDELEN, S.IN_BEHANDELING, S.TOEGEKEND, commissielid2.pk),
    ]

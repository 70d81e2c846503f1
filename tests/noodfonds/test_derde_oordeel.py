"""The committee never gets stuck (issue 17, section 4): a split vote waits for a third opinion
offered to every other member, which decides; with no third member the coordinator asks both
members to assess again; a member changes their own opinion until the decision; the committee
sees the fund's balance and, pseudonymised, the household's earlier applications."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from netwerk.roles import Rol
from noodfonds import selectors
from noodfonds.choices import AanvraagStatus, Actie, BesluitRoute, Stem
from noodfonds.models import Beoordeling, Overgang
from noodfonds.selectors import budget_saldo, commissie_wachtrij
from noodfonds.services import transition_aanvraag
from tests.factories import make_user
from tests.noodfonds.conftest import ADRES, NAAM, TELEFOON, snapshot

S = AanvraagStatus
pytestmark = pytest.mark.django_db


def stem(aanvraag, lid, oordeel=Stem.TOEKENNEN, bedrag="200.00", actie=Actie.BEOORDELEN):
    return transition_aanvraag(
        aanvraag=aanvraag,
        actie=actie,
        door=lid,
        stem=oordeel,
        bedrag=Decimal(bedrag) if oordeel == Stem.TOEKENNEN else None,
        motivering="Acute nood." if oordeel == Stem.TOEKENNEN else "Andere voorziening.",
    )


def wijzig(aanvraag, lid, oordeel=Stem.TOEKENNEN, bedrag="200.00"):
    return stem(aanvraag, lid, oordeel, bedrag, actie=Actie.OORDEEL_WIJZIGEN)


def herbeoordeling(aanvraag, door):
    return transition_aanvraag(
        aanvraag=aanvraag, actie=Actie.HERBEOORDELING, door=door, toelichting="Graag opnieuw."
    )


@pytest.fixture
def derde(db):
    return make_user("commissie_3", Rol.FONDSCOMMISSIE)


@pytest.fixture
def verdeeld(maak_aanvraag, commissielid, commissielid2, geld):
    """An application on which the two members are split: 120 granted, one rejection."""
    geld("1000")
    aanvraag = maak_aanvraag()
    stem(aanvraag, commissielid, bedrag="120")
    stem(aanvraag, commissielid2, Stem.AFWIJZEN)
    aanvraag.refresh_from_db()
    return aanvraag


# --- the third opinion ------------------------------------------------------------------------


def test_a_split_vote_is_offered_to_every_other_member_in_a_section_of_its_own(
    verdeeld, commissielid, commissielid2, derde
):
    vierde = make_user("commissie_4", Rol.FONDSCOMMISSIE)

    assert verdeeld.status == S.IN_BEHANDELING
    for lid in (derde, vierde):
        wachtrij = commissie_wachtrij(lid)
        assert [r["referentie"] for r in wachtrij["derde_oordeel"]] == [verdeeld.referentie]
        assert wachtrij["te_beoordelen"] == []
        assert list(selectors.derde_oordeel_nodig(lid)) == [verdeeld]
    for lid in (commissielid, commissielid2):
        assert commissie_wachtrij(lid)["derde_oordeel"] == []
        assert not selectors.derde_oordeel_nodig(lid).exists()
    assert selectors.derde_oordeel_kandidaten() == {verdeeld.pk: {derde.pk, vierde.pk}}
    assert not selectors.vastgelopen_aanvragen().exists()


def test_a_member_with_an_interest_is_no_third_member(
    maak_aanvraag, commissielid, commissielid2, derde, geld
):
    geld()
    aanvraag = maak_aanvraag(aangemaakt_door=derde)
    stem(aanvraag, commissielid)
    stem(aanvraag, commissielid2, Stem.AFWIJZEN)

    assert not selectors.derde_oordeel_nodig(derde).exists()
    assert list(selectors.vastgelopen_aanvragen()) == [aanvraag]


def test_the_third_opinion_grants_by_the_amount_rule(verdeeld, derde):
    stem(verdeeld, derde, bedrag="150")

    verdeeld.refresh_from_db()
    assert verdeeld.status == S.TOEGEKEND
    assert verdeeld.toegekend_bedrag == Decimal("120")  # the lower granting amount
    assert verdeeld.besluit_route == BesluitRoute.COMMISSIE
    assert budget_saldo()["beschikbaar"] == Decimal("880")
    assert not selectors.derde_oordeel_nodig(make_user("commissie_5", Rol.FONDSCOMMISSIE)).exists()


def test_the_third_opinion_rejects(verdeeld, derde):
    stem(verdeeld, derde, Stem.AFWIJZEN)

    verdeeld.refresh_from_db()
    assert verdeeld.status == S.AFGEWEZEN
    assert verdeeld.toegekend_bedrag is None
    assert budget_saldo()["beschikbaar"] == Decimal("1000")


def test_the_third_opinion_cannot_overdraw_the_fund(
    maak_aanvraag, commissielid, commissielid2, derde, geld
):
    geld("100")
    aanvraag = maak_aanvraag()
    stem(aanvraag, commissielid, bedrag="150")
    stem(aanvraag, commissielid2, Stem.AFWIJZEN)
    before = snapshot()

    with pytest.raises(Exception, match="Onvoldoende budget"):
        stem(aanvraag, derde, bedrag="150")

    assert snapshot() == before


# --- no third member: the coordinator asks both to assess again --------------------------------


def test_with_two_members_a_split_is_stuck_and_the_coordinator_asks_again(
    verdeeld, commissielid, commissielid2, coordinator
):
    assert list(selectors.vastgelopen_aanvragen()) == [verdeeld]

    herbeoordeling(verdeeld, coordinator)

    verdeeld.refresh_from_db()
    assert verdeeld.status == S.INGEDIEND
    assert not Beoordeling.objects.filter(aanvraag=verdeeld).exists()
    assert not selectors.vastgelopen_aanvragen().exists()
    # the cleared opinions stay in the history, the request in the log
    assert Beoordeling.history.filter(aanvraag_id=verdeeld.pk, history_type="-").count() == 2
    laatste = Overgang.objects.filter(aanvraag=verdeeld).last()
    assert (laatste.actie, laatste.van, laatste.naar, laatste.door) == (
        Actie.HERBEOORDELING,
        S.IN_BEHANDELING,
        S.INGEDIEND,
        coordinator,
    )
    for lid in (commissielid, commissielid2):
        assert [r["referentie"] for r in commissie_wachtrij(lid)["te_beoordelen"]] == [
            verdeeld.referentie
        ]
    stem(verdeeld, commissielid)
    stem(verdeeld, commissielid2)
    verdeeld.refresh_from_db()
    assert verdeeld.status == S.TOEGEKEND


def test_asking_again_is_refused_while_a_third_member_can_decide(verdeeld, derde, coordinator):
    before = snapshot()

    with pytest.raises(Exception, match="Een ander commissielid kan het derde oordeel"):
        herbeoordeling(verdeeld, coordinator)

    assert snapshot() == before


def test_asking_again_is_refused_without_a_split(maak_aanvraag, commissielid, coordinator):
    aanvraag = maak_aanvraag()
    stem(aanvraag, commissielid)
    before = snapshot()

    with pytest.raises(Exception, match="Alleen bij verdeelde oordelen"):
        herbeoordeling(aanvraag, coordinator)

    assert snapshot() == before


def test_only_a_coordinator_asks_again(verdeeld, commissielid):
    before = snapshot()

    with pytest.raises(Exception, match="niet uitvoeren"):
        herbeoordeling(verdeeld, commissielid)

    assert snapshot() == before


# --- changing one's own opinion ------------------------------------------------------------------


def test_a_member_changes_their_opinion_before_the_decision(
    maak_aanvraag, commissielid, commissielid2
):
    aanvraag = maak_aanvraag()
    stem(aanvraag, commissielid, bedrag="200")

    wijzig(aanvraag, commissielid, Stem.AFWIJZEN)

    beoordeling = Beoordeling.objects.get(aanvraag=aanvraag, lid=commissielid)
    assert (beoordeling.stem, beoordeling.bedrag) == (Stem.AFWIJZEN, None)
    assert beoordeling.history.count() == 2  # the first opinion stays in the history
    aanvraag.refresh_from_db()
    assert aanvraag.status == S.IN_BEHANDELING
    assert Overgang.objects.filter(aanvraag=aanvraag).last().actie == Actie.OORDEEL_WIJZIGEN
    stem(aanvraag, commissielid2, Stem.AFWIJZEN)
    aanvraag.refresh_from_db()
    assert aanvraag.status == S.AFGEWEZEN


def test_a_changed_opinion_can_decide_a_split(verdeeld, commissielid2):
    wijzig(verdeeld, commissielid2, bedrag="100")

    verdeeld.refresh_from_db()
    assert verdeeld.status == S.TOEGEKEND
    assert verdeeld.toegekend_bedrag == Decimal("100")


def test_changing_an_opinion_after_the_decision_is_refused(
    maak_aanvraag, commissielid, commissielid2, geld
):
    geld()
    aanvraag = maak_aanvraag()
    stem(aanvraag, commissielid)
    stem(aanvraag, commissielid2)
    before = snapshot()

    with pytest.raises(Exception, match="status 'Toegekend'"):
        wijzig(aanvraag, commissielid, Stem.AFWIJZEN)

    assert snapshot() == before


def test_changing_without_an_opinion_or_by_the_rules_is_refused(verdeeld, derde, commissielid):
    before = snapshot()

    with pytest.raises(Exception, match="nog niet beoordeeld"):
        wijzig(verdeeld, derde)
    with pytest.raises(Exception, match="niet hoger zijn dan het gevraagde"):
        wijzig(verdeeld, commissielid, bedrag="5000")

    assert snapshot() == before


# --- the committee's page: balance, earlier applications, the change form ----------------------


def test_the_committee_page_shows_the_balance_and_the_households_earlier_applications(
    client, maak_aanvraag, commissielid, geld
):
    geld("1000")
    maak_aanvraag(
        S.UITBETAALD,
        referentie="NF-2020-0001",
        ingediend_op=datetime.date(2020, 3, 1),
        toegekend_bedrag=Decimal("250"),
    )
    maak_aanvraag(S.AFGEWEZEN, referentie="NF-2020-0002", ingediend_op=datetime.date(2020, 6, 1))
    maak_aanvraag(
        S.TOEGEKEND,
        referentie="NF-2020-0003",
        ingediend_op=datetime.date(2020, 9, 1),
        toegekend_bedrag=Decimal("100"),
    )
    huidig = maak_aanvraag(referentie="NF-2021-0001", ingediend_op=datetime.date(2021, 2, 1))
    later = maak_aanvraag(referentie="NF-2021-0002", ingediend_op=datetime.date(2021, 3, 1))
    client.force_login(commissielid)

    response = client.get(reverse("noodfonds:commissie_detail", args=[huidig.uuid]))
    content = response.content.decode()

    eerder = response.context["eerder"]
    assert (eerder["aantal"], eerder["toegekend"]) == (3, Decimal("350"))
    assert [e["referentie"] for e in eerder["aanvragen"]] == [
        "NF-2020-0003",
        "NF-2020-0002",
        "NF-2020-0001",
    ]
    assert later.referentie not in content
    assert response.context["beschikbaar"] == budget_saldo()["beschikbaar"] == Decimal("650")
    assert "€ 650,00" in content
    assert "€ 350,00" in content
    for geheim in (NAAM, TELEFOON, ADRES, huidig.huishouden.referentie):
        assert geheim not in content


def test_an_application_without_a_household_has_no_history(client, maak_aanvraag, commissielid):
    aanvraag = maak_aanvraag(huishouden=None)
    client.force_login(commissielid)

    response = client.get(reverse("noodfonds:commissie_detail", args=[aanvraag.uuid]))

    assert response.context["eerder"]["gekoppeld"] is False
    assert "geen huishouden gekoppeld" in response.content.decode()


def test_the_change_form_shows_the_own_opinion_until_the_decision(
    client, maak_aanvraag, commissielid, commissielid2, geld
):
    geld()
    aanvraag = maak_aanvraag()
    url = reverse("noodfonds:commissie_detail", args=[aanvraag.uuid])
    client.force_login(commissielid)
    assert client.get(url).context["wijzig_form"] is None
    stem(aanvraag, commissielid, bedrag="180")

    form = client.get(url).context["wijzig_form"]
    assert (form.initial["stem"], form.initial["bedrag"]) == (Stem.TOEKENNEN, Decimal("180"))
    assert "Oordeel wijzigen" in client.get(url).content.decode()

    stem(aanvraag, commissielid2)
    assert client.get(url).context["wijzig_form"] is None


# --- views per role -----------------------------------------------------------------------------


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_deciding_member_sees_the_outcome_and_the_amount(client, verdeeld, derde):
    client.force_login(derde)

    response = client.post(
        reverse("noodfonds:commissie_beoordelen", args=[verdeeld.uuid]),
        {"stem": "toekennen", "bedrag": "150", "motivering": "Noodzakelijk."},
    )

    assert response.status_code == 302
    assert _messages(response) == [
        "Uw oordeel is vastgelegd. Daarmee is de aanvraag toegekend: € 120,00 (bij verschillende "
        "bedragen geldt het laagste)."
    ]


def test_a_changed_opinion_that_rejects_says_so(client, verdeeld, commissielid):
    client.force_login(commissielid)

    response = client.post(
        reverse("noodfonds:commissie_oordeel_wijzigen", args=[verdeeld.uuid]),
        {"stem": "afwijzen", "motivering": "Toch een andere voorziening."},
    )

    assert response.status_code == 302
    assert _messages(response) == [
        "Uw gewijzigde oordeel is vastgelegd. Daarmee is de aanvraag afgewezen."
    ]
    verdeeld.refresh_from_db()
    assert verdeeld.status == S.AFGEWEZEN


def test_an_undecided_vote_says_only_that_it_is_recorded(client, maak_aanvraag, commissielid):
    aanvraag = maak_aanvraag()
    client.force_login(commissielid)

    response = client.post(
        reverse("noodfonds:commissie_beoordelen", args=[aanvraag.uuid]),
        {"stem": "toekennen", "bedrag": "100", "motivering": "Redelijk."},
    )

    assert _messages(response) == ["Uw oordeel is vastgelegd."]


def test_a_refused_change_shows_the_page_again_with_the_message(
    client, maak_aanvraag, commissielid, commissielid2, geld
):
    geld()
    aanvraag = maak_aanvraag()
    stem(aanvraag, commissielid)
    stem(aanvraag, commissielid2)
    client.force_login(commissielid)

    response = client.post(
        reverse("noodfonds:commissie_oordeel_wijzigen", args=[aanvraag.uuid]),
        {"stem": "afwijzen", "motivering": "Toch niet."},
    )

    assert response.status_code == 200
    assert "kan niet: de aanvraag heeft de status" in response.content.decode()


@pytest.mark.parametrize(
    "role", ["coordinator", "orgcoordinator", "vp_a", "vp_b", "opleider", "outsider"]
)
def test_changing_an_opinion_is_for_committee_members_only(role, users, client, verdeeld):
    client.force_login(users[role])
    before = snapshot()

    response = client.post(
        reverse("noodfonds:commissie_oordeel_wijzigen", args=[verdeeld.uuid]),
        {"stem": "toekennen", "bedrag": "100", "motivering": "Ja."},
    )

    assert response.status_code == 404
    assert snapshot() == before


def test_the_queue_page_shows_the_third_opinion_section(client, verdeeld, derde):
    client.force_login(derde)

    content = client.get(reverse("noodfonds:commissie")).content.decode()
    detail = client.get(reverse("noodfonds:commissie_detail", args=[verdeeld.uuid]))

    assert "Derde oordeel nodig" in content
    assert verdeeld.referentie in content
    assert detail.context["verdeeld"] is True
    assert "uw oordeel beslist" in detail.content.decode()


def test_the_coordinator_sees_a_stuck_application_and_asks_again(
    client, verdeeld, coordinator, commissielid
):
    client.force_login(coordinator)

    budget = client.get(reverse("noodfonds:budget")).content.decode()
    detail = client.get(reverse("noodfonds:aanvraag_detail", args=[verdeeld.uuid]))
    response = client.post(
        reverse("noodfonds:aanvraag_actie", args=[verdeeld.uuid, "opnieuw-beoordelen"]),
        {"toelichting": "Graag opnieuw bekijken."},
    )

    assert "Vastgelopen in de commissie" in budget
    assert verdeeld.referentie in budget
    assert "opnieuw-beoordelen" in detail.context["forms"]
    assert response.status_code == 302
    verdeeld.refresh_from_db()
    assert verdeeld.status == S.INGEDIEND
    assert "Vastgelopen" not in client.get(reverse("noodfonds:budget")).content.decode()


def test_the_coordinator_gets_no_ask_again_form_while_a_third_member_can_decide(
    client, verdeeld, coordinator, derde
):
    client.force_login(coordinator)

    detail = client.get(reverse("noodfonds:aanvraag_detail", args=[verdeeld.uuid]))

    assert "opnieuw-beoordelen" not in detail.context["forms"]
    assert detail.context["verdeeld"] and not detail.context["vastgelopen"]
    assert "Vastgelopen" not in client.get(reverse("noodfonds:budget")).content.decode()


@pytest.mark.parametrize("role", ["orgcoordinator", "vp_a"])
def test_casework_roles_cannot_ask_again(role, users, client, verdeeld):
    client.force_login(users[role])
    before = snapshot()

    response = client.post(
        reverse("noodfonds:aanvraag_actie", args=[verdeeld.uuid, "opnieuw-beoordelen"]),
        {"toelichting": "Opnieuw."},
    )
    detail = client.get(reverse("noodfonds:aanvraag_detail", args=[verdeeld.uuid]))

    assert response.status_code == 200  # the page again, with the refusal
    assert "niet uitvoeren" in response.content.decode()
    assert "opnieuw-beoordelen" not in detail.context["forms"]
    assert snapshot() == before

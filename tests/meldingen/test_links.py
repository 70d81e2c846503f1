"""Issue 17: a notice never opens a door its recipient does not have. Every kind of notice, made
the way the product makes it, leads its recipient to a page they may see (200); and once the
recipient loses the record (or the role), opening the notice is a 404 like any record out of
scope. A new kind without a row here fails `test_every_kind_is_covered`."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from hulpvragen import services as casework
from meldingen.models import Melding, Soort
from meldingen.services import maak_herinneringen
from netwerk.roles import Rol
from noodfonds.choices import Actie, Stem
from noodfonds.leningen import maak_lening
from noodfonds.services import register_storting, transition_aanvraag
from opleiding.choices import BijeenkomstSoort
from opleiding.models import Cohort
from tests.factories import AanvraagFactory, VertrouwenspersoonFactory, make_user
from tests.hulpvragen.conftest import first_hulpvraag, make_household
from tests.opleiding.conftest import enrol, make_cohort, sessions

MAANDAG = datetime.date(2024, 3, 11)


def dag(n):
    return MAANDAG + datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def _maandag():
    moment = datetime.datetime.combine(
        MAANDAG, datetime.time(7), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(moment, tick=False):
        yield


def stem(aanvraag, lid, oordeel):
    transition_aanvraag(
        aanvraag=aanvraag,
        actie=Actie.BEOORDELEN,
        door=lid,
        stem=oordeel,
        bedrag=Decimal("100") if oordeel == Stem.TOEKENNEN else None,
        motivering="m",
    )


@pytest.fixture
def alle_soorten(users, org_a, commissielid, commissielid2):
    """A network in which the day's run and the day's events make every kind of notice."""
    coordinator, vp_a = users["coordinator"], users["vp_a"].vertrouwenspersoon
    register_storting(door=coordinator, datum=dag(-30), bedrag=Decimal("1000"), fondsgever="F")
    # casework: an assignment by the coordinator (no contact for 30 days), a follow-up date today
    huishouden = casework.register_intake(
        huishouden={"woonplaats": "oost"},
        hulpvrager={"naam": "Anna", "geslacht": "vrouw", "geboortejaar": 1980},
        hulpvraag={"intake_datum": dag(-30), "soort": "praktisch"},
        themas=[],
        toestemming_datum=dag(-30),
        vertrouwenspersoon=vp_a,
        door=coordinator,
    )
    casework.set_nazorg_datum(hulpvraag=first_hulpvraag(huishouden), datum=MAANDAG)
    # a handover from a trusted person who still works
    vp_c = VertrouwenspersoonFactory(
        naam="VP C", organisatie=org_a, user=make_user("vp_c", Rol.VERTROUWENSPERSOON, org_a)
    )
    make_household(vp_c, intake=dag(-2))
    # (its assignment notice leaves vp_c's scope with the handover: a 404 from then on)
    Melding.objects.filter(ontvanger=vp_c.user).delete()
    casework.draag_huishoudens_over(van=vp_c, naar=vp_a, door=coordinator)
    # the fund: a question, a grant, a rejection, a new one, one waiting, two split votes (one
    # with a third member, one without: the third member made it)
    derde = make_user("commissie_3", Rol.FONDSCOMMISSIE)

    def aanvraag(**velden):
        return AanvraagFactory(
            **{
                "organisatie": org_a,
                "vertrouwenspersoon": vp_a,
                "aangemaakt_door": vp_a.user,
                "ingediend_op": MAANDAG,
                **velden,
            }
        )

    transition_aanvraag(
        aanvraag=aanvraag(), actie=Actie.MEER_INFORMATIE, door=commissielid, vraag="?"
    )
    for oordeel in (Stem.TOEKENNEN, Stem.AFWIJZEN):
        besluit = aanvraag()
        stem(besluit, commissielid, oordeel)
        stem(besluit, commissielid2, oordeel)
    aanvraag(ingediend_op=dag(-10))  # new in the queue, and waiting
    for maker in (vp_a.user, derde):
        verdeeld = aanvraag(aangemaakt_door=maker)
        stem(verdeeld, commissielid, Stem.TOEKENNEN)
        stem(verdeeld, commissielid2, Stem.AFWIJZEN)
    # a loan of a paid grant, nothing repaid a month after its first month: overdue
    betaald = aanvraag(
        status="uitbetaald",
        toegekend_bedrag=Decimal("100"),
        uitbetaald_bedrag=Decimal("100"),
        besloten_op=dag(-70),
        uitbetaald_op=dag(-69),
    )
    maak_lening(aanvraag=betaald, door=coordinator, per_maand=Decimal("25"), eerste_maand=dag(-60))
    # training: a running cohort with a trainee out of reach, an ended one without 1-metingen
    trainer_org = users["opleider"].profiel.organisatie
    lopend = make_cohort("Lopend", opleiders=[trainer_org], startdatum=dag(-35))
    sessions(lopend, BijeenkomstSoort.LES, 10, start=dag(-35))
    enrol(lopend)
    klaar = make_cohort("Klaar", opleiders=[trainer_org], startdatum=dag(-70))
    sessions(klaar, BijeenkomstSoort.LES, 10, start=dag(-70))
    enrol(klaar)
    # a possible duplicate of Anna, registered by a trusted person who may not see her household
    casework.controleer_dubbelen(door=users["vp_b"], naam="Anna", geboortejaar=1980)
    maak_herinneringen(vandaag=MAANDAG)
    return Melding.objects.select_related("ontvanger").order_by("pk")


def test_every_kind_is_covered(alle_soorten):
    assert {m.soort for m in alle_soorten} == set(Soort.values)


def test_every_notice_leads_its_recipient_to_a_page_they_may_see(client, alle_soorten):
    for melding in alle_soorten:
        client.force_login(melding.ontvanger)

        response = client.get(reverse("meldingen:open", args=[melding.uuid]))

        assert response.status_code == 302, melding.soort
        assert response["Location"] == melding.link
        assert client.get(melding.link).status_code == 200, (melding.soort, melding.link)


def test_no_notice_carries_a_name(alle_soorten):
    for melding in alle_soorten:
        for woord in ("Anna", "VP ", "Vertrouwenspersoon", "@"):
            assert woord not in melding.tekst, melding.tekst


def uit_beeld(melding):
    """Take away what lets the recipient see the notice's record: for a trainer the cohort goes
    to other trainers (the role stays), for everyone else the role goes."""
    if melding.soort in (Soort.AANWEZIGHEID, Soort.EEN_METING):
        for cohort in Cohort.objects.all():
            cohort.opleiders.clear()
    else:
        melding.ontvanger.groups.clear()


@pytest.mark.parametrize("soort", Soort.values)
def test_a_notice_whose_record_left_the_recipients_scope_is_404(client, alle_soorten, soort):
    melding = next(m for m in alle_soorten if m.soort == soort)
    uit_beeld(melding)
    client.force_login(melding.ontvanger)

    assert client.get(reverse("meldingen:open", args=[melding.uuid])).status_code == 404
    melding.refresh_from_db()
    assert not melding.is_gelezen

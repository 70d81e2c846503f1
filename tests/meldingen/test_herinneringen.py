"""Issue 17, the daily run: each reminder reaches the right user and no other, a second run the
same day makes nothing, --dry-run stores nothing."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from meldingen.models import Melding, Soort
from meldingen.services import maak_herinneringen
from netwerk.roles import Rol
from noodfonds.choices import AanvraagStatus, Stem
from noodfonds.models import Beoordeling, Lening
from opleiding.choices import BijeenkomstSoort
from tests.factories import (
    AanvraagFactory,
    HulpvraagFactory,
    OrganisatieFactory,
    VertrouwenspersoonFactory,
    make_user,
)
from tests.opleiding.conftest import enrol, make_cohort, sessions

VANDAAG = datetime.date(2024, 3, 11)


@pytest.fixture(autouse=True)
def _vandaag():
    with time_machine.travel(datetime.datetime(2024, 3, 11, 7, 0), tick=False):
        yield


def hulpvraag_van(vp, **velden):
    return HulpvraagFactory(
        hulpvrager__huishouden__vertrouwenspersoon=vp,
        hulpvrager__huishouden__organisatie=vp.organisatie,
        **velden,
    )


def ontvangers(soort):
    return sorted(Melding.objects.filter(soort=soort).values_list("ontvanger__username", flat=True))


def test_follow_up_date_reached_today_reminds_its_trusted_person(vp_a, vp_b):
    vandaag = hulpvraag_van(vp_a, intake_datum=VANDAAG, nazorg_datum=VANDAAG)
    hulpvraag_van(vp_b, intake_datum=VANDAAG, nazorg_datum=VANDAAG + datetime.timedelta(days=1))
    maak_herinneringen(vandaag=VANDAAG)
    assert ontvangers(Soort.NAZORG) == ["vp_a"]
    melding = Melding.objects.get(soort=Soort.NAZORG)
    assert melding.object_id == vandaag.pk
    assert melding.referentie == vandaag.huishouden.referentie
    assert vandaag.hulpvrager.naam not in melding.tekst  # references only, never a name


def test_follow_up_date_passed_with_a_contact_since_is_quiet(vp_a):
    hulpvraag_van(
        vp_a,
        intake_datum=VANDAAG,
        nazorg_datum=VANDAAG - datetime.timedelta(days=3),
        laatste_contact=VANDAAG - datetime.timedelta(days=1),
    )
    passed = hulpvraag_van(
        vp_a, intake_datum=VANDAAG, nazorg_datum=VANDAAG - datetime.timedelta(days=3)
    )
    maak_herinneringen(vandaag=VANDAAG)
    assert list(Melding.objects.filter(soort=Soort.NAZORG).values_list("object_id", flat=True)) == [
        passed.pk
    ]


def test_no_contact_for_the_set_days_reminds_once_per_help_request(vp_a, vp_b, settings):
    settings.ZONDER_CONTACT_DAGEN = 21
    stil = hulpvraag_van(vp_a, intake_datum=VANDAAG - datetime.timedelta(days=30))
    hulpvraag_van(
        vp_b,
        intake_datum=VANDAAG - datetime.timedelta(days=30),
        laatste_contact=VANDAAG - datetime.timedelta(days=5),
    )
    maak_herinneringen(vandaag=VANDAAG)
    assert ontvangers(Soort.ZONDER_CONTACT) == ["vp_a"]
    assert Melding.objects.get(soort=Soort.ZONDER_CONTACT).object_id == stil.pk


def test_a_new_application_reaches_committee_members_without_an_interest(
    vp_a, commissielid, commissielid2
):
    AanvraagFactory(status=AanvraagStatus.CONCEPT, ingediend_op=None)
    eigen = make_user("commissie_vp", Rol.FONDSCOMMISSIE)
    aanvraag = AanvraagFactory(
        organisatie=vp_a.organisatie, vertrouwenspersoon=vp_a, aangemaakt_door=eigen
    )
    maak_herinneringen(vandaag=VANDAAG)
    assert ontvangers(Soort.NIEUWE_AANVRAAG) == ["commissie", "commissie_2"]
    assert {m.object_id for m in Melding.objects.all()} == {aanvraag.pk}
    assert not Melding.objects.filter(ontvanger=vp_a.user).exists()


def test_a_split_vote_asks_the_third_member(commissielid, commissielid2):
    derde = make_user("commissie_3", Rol.FONDSCOMMISSIE)
    aanvraag = AanvraagFactory(status=AanvraagStatus.IN_BEHANDELING)
    for lid, stem in ((commissielid, Stem.TOEKENNEN), (commissielid2, Stem.AFWIJZEN)):
        Beoordeling.objects.create(
            aanvraag=aanvraag, lid=lid, stem=stem, bedrag=100, motivering="m"
        )
    maak_herinneringen(vandaag=VANDAAG)
    assert ontvangers(Soort.DERDE_OORDEEL) == [derde.username]


def test_a_second_run_the_same_day_makes_nothing(vp_a, commissielid):
    hulpvraag_van(vp_a, intake_datum=VANDAAG - datetime.timedelta(days=30), nazorg_datum=VANDAAG)
    AanvraagFactory()
    eerste = maak_herinneringen(vandaag=VANDAAG)
    assert len(eerste) == 3 and Melding.objects.count() == 3
    assert maak_herinneringen(vandaag=VANDAAG) == []
    assert Melding.objects.count() == 3
    morgen = maak_herinneringen(vandaag=VANDAAG + datetime.timedelta(days=1))
    assert {m.soort for m in morgen} == {Soort.ZONDER_CONTACT, Soort.NAZORG}


def test_the_run_does_not_query_per_user(vp_a, vp_b, commissielid, django_assert_max_num_queries):
    for vp in (vp_a, vp_b):
        hulpvraag_van(vp, intake_datum=VANDAAG - datetime.timedelta(days=30), nazorg_datum=VANDAAG)
    AanvraagFactory()
    with django_assert_max_num_queries(12):
        assert len(maak_herinneringen(vandaag=VANDAAG)) == 5


def netwerk_eenheid(i, vandaag):
    """One organisation with everything that makes a notice on `vandaag`: its coordinators, a
    trusted person with a stalled help request and a follow-up due, committee members with a new
    application (waiting for 10 days) and a split vote, a trainer with a trainee out of reach
    and a cohort that ended without 1-metingen."""
    org = OrganisatieFactory(naam=f"Eenheid {i}")
    make_user(f"coord_{i}", Rol.COORDINATOR)
    make_user(f"orgcoord_{i}", Rol.ORGCOORDINATOR, org)
    vp = VertrouwenspersoonFactory(
        organisatie=org, user=make_user(f"vp_{i}", Rol.VERTROUWENSPERSOON, org)
    )
    hulpvraag_van(vp, intake_datum=vandaag - datetime.timedelta(days=30), nazorg_datum=vandaag)
    leden = [make_user(f"commissie_{i}_{n}", Rol.FONDSCOMMISSIE) for n in (1, 2)]
    AanvraagFactory(organisatie=org, ingediend_op=vandaag - datetime.timedelta(days=10))
    verdeeld = AanvraagFactory(organisatie=org, status=AanvraagStatus.IN_BEHANDELING)
    for lid, stem in zip(leden, (Stem.TOEKENNEN, Stem.AFWIJZEN), strict=True):
        Beoordeling.objects.create(
            aanvraag=verdeeld, lid=lid, stem=stem, bedrag=100, motivering="m"
        )
    # a loan of a paid grant with nothing repaid two months after its first month: overdue
    betaald = AanvraagFactory(
        organisatie=org,
        status=AanvraagStatus.UITBETAALD,
        toegekend_bedrag=100,
        besloten_op=vandaag - datetime.timedelta(days=90),
    )
    Lening.objects.create(
        aanvraag=betaald,
        bedrag=100,
        per_maand=25,
        eerste_maand=(vandaag - datetime.timedelta(days=70)).replace(day=1),
    )
    opleiders = OrganisatieFactory(naam=f"Opleider {i}")
    make_user(f"opleider_{i}", Rol.OPLEIDER, opleiders)
    for naam, start in ((f"Lopend {i}", -35), (f"Klaar {i}", -70)):
        cohort = make_cohort(naam, opleiders=[opleiders], startdatum=vandaag)
        sessions(cohort, BijeenkomstSoort.LES, 10, start=vandaag + datetime.timedelta(days=start))
        enrol(cohort)


def test_the_run_costs_the_same_queries_for_one_and_for_three_organisations(db):
    """Every kind of the daily run has work in both runs (Mondays: the digest too); three times
    the users and records cost not one query more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    netwerk_eenheid(0, VANDAAG)
    with CaptureQueriesContext(connection) as een:
        eerste = maak_herinneringen(vandaag=VANDAAG)
    volgende = VANDAAG + datetime.timedelta(days=7)
    netwerk_eenheid(1, volgende)
    netwerk_eenheid(2, volgende)
    with time_machine.travel(datetime.datetime(2024, 3, 18, 7, 0), tick=False):
        with CaptureQueriesContext(connection) as drie:
            tweede = maak_herinneringen(vandaag=volgende)

    dagelijks = set(Soort.values) - {
        Soort.TOEGEWEZEN,  # the events: not the daily run's
        Soort.OVERDRACHT_ONTVANGEN,
        Soort.OVERDRACHT_AFGESTAAN,
        Soort.VRAAG_COMMISSIE,
        Soort.AANVRAAG_TOEGEKEND,
        Soort.AANVRAAG_AFGEWEZEN,
        Soort.MOGELIJK_DUBBEL,
    }
    # alone, the split vote has no third member (the coordinator is told); with three
    # organisations' members there is one
    assert {m.soort for m in eerste} == dagelijks - {Soort.DERDE_OORDEEL}
    assert {m.soort for m in tweede} == dagelijks - {Soort.VASTGELOPEN}
    assert len(tweede) > 2 * len(eerste)
    assert len(drie.captured_queries) == len(een.captured_queries)
    # 20, plus the digest's three counts of incomplete records (issue 23 §3, one per kind)
    assert len(een.captured_queries) <= 23


def test_the_command_prints_per_user_and_dry_run_stores_nothing(vp_a):
    hulpvraag_van(vp_a, intake_datum=VANDAAG - datetime.timedelta(days=30))
    out = StringIO()
    call_command("herinneringen", "--dry-run", stdout=out)
    assert "vp_a: 1" in out.getvalue()
    assert not Melding.objects.exists()
    out = StringIO()
    call_command("herinneringen", stdout=out)
    assert "vp_a: 1" in out.getvalue()
    assert Melding.objects.count() == 1
    out = StringIO()
    call_command("herinneringen", stdout=out)
    assert "vp_a" not in out.getvalue()
    assert Melding.objects.count() == 1


def test_it_is_a_daily_periodic_job(settings):
    assert settings.PERIODIEKE_TAKEN["herinneringen"] == ("dag", "meldingen.tasks.herinneringen")


def test_the_daily_run_deletes_notices_past_their_keeping_period(coordinator, settings):
    """Notices only point at work: made more than MELDINGEN_BEWAAR_DAGEN days ago they go,
    read or not; newer ones stay, also a new one about an old day. A dry run only counts."""
    settings.MELDINGEN_BEWAAR_DAGEN = 30

    def notice(dagen_geleden, **velden):
        melding = Melding.objects.create(
            ontvanger=coordinator,
            soort=Soort.NAZORG,
            tekst="t",
            link="/",
            object_type="hulpvragen.hulpvraag",
            object_id=dagen_geleden,
            datum=VANDAAG - datetime.timedelta(days=400),  # the day it is about: never counts
            **velden,
        )
        gemaakt = timezone.now() - datetime.timedelta(days=dagen_geleden, hours=1)
        Melding.objects.filter(pk=melding.pk).update(aangemaakt=gemaakt)
        return melding

    oud_gelezen = notice(31, gelezen_op=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    oud_ongelezen = notice(400)
    grens = notice(29)
    nieuw = notice(0)

    out = StringIO()
    call_command("herinneringen", "--dry-run", stdout=out)
    assert "2 oude meldingen zou verwijderen (ouder dan 30 dagen)" in out.getvalue()
    assert Melding.objects.count() == 4

    call_command("herinneringen", stdout=StringIO())

    over = set(Melding.objects.values_list("pk", flat=True))
    assert {grens.pk, nieuw.pk} <= over
    assert not over & {oud_gelezen.pk, oud_ongelezen.pk}

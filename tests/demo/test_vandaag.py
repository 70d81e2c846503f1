"""Issue 17 §5: the demo shows a living network on the day it is built (demo.vandaag): a pilot
covers today, most open help requests had a recent contact and a few are overdue, one trusted
person stopped with open households, the committee is split and asks the third opinion, and the
day's reminders are in the inboxes."""

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from hulpvragen.choices import SignaalBron, Voorziening
from hulpvragen.models import Hulpvraag, Signaal
from hulpvragen.selectors import OPEN_STATUSES, flag_conditions, gestopt_met_open_huishoudens
from hulpvragen.services import pilot_for
from meldingen.models import Melding, Soort
from meldingen.selectors import record_zichtbaar
from meldingen.services import maak_herinneringen
from netwerk.models import Vertrouwenspersoon, VertrouwenspersoonStatus
from netwerk.roles import organisatie_id_of
from netwerk.selectors import niet_ingewerkt, ontbrekend_inwerken
from noodfonds.betalingen import te_betalen
from noodfonds.checklist import VERPLICHT, ontbrekende_stukken
from noodfonds.choices import AanvraagStatus, ChecklistStatus, Stem, VoorzieningResultaat
from noodfonds.models import Aanvraag, Betaalbatch, Lening
from noodfonds.selectors import (
    achterstallige_leningen,
    derde_oordeel_kandidaten,
    derde_oordeel_nodig,
    verdeeld_q,
)
from onkosten.choices import DeclaratieStatus
from onkosten.models import Declaratie, Vrijwilligersvergoeding
from opleiding.choices import OntwikkelstapSoort
from opleiding.models import Cohort, Leeruur, Ontwikkelstap
from opleiding.selectors import cohort_voortgang
from tests.pdftekst import pdf_text

# Any day will do: the demo is relative to the day it is built.
VANDAAG = datetime.date(2027, 3, 16)
PEILDATUM = datetime.date(2021, 3, 1)
# The logins whose notices the daily run sends (meldingen.models.Soort): trusted persons
# (follow-up dates, no contact) and committee members (new applications, the third opinion).
MET_HERINNERINGEN = ["vp1", "vp2", "commissie1", "commissie2"]

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo_op_dag(django_db_setup, django_db_blocker):
    with (
        time_machine.travel(datetime.datetime(2027, 3, 16, 9, 0), tick=False),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("demo", wachtwoord="demo-wachtwoord-1", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def user(username):
    return get_user_model().objects.get(username=username)


def open_help_requests():
    return Hulpvraag.objects.filter(status__in=OPEN_STATUSES)


def test_a_pilot_covers_today_and_every_recent_intake_belongs_to_it():
    pilot = pilot_for(VANDAAG)

    assert pilot is not None and pilot.startdatum <= VANDAAG <= pilot.einddatum
    recent = Hulpvraag.objects.filter(intake_datum__gt=PEILDATUM)
    assert recent.exists()
    assert not recent.filter(pilot__isnull=True).exists()  # no "Zonder pilot" column
    assert set(recent.values_list("pilot", flat=True)) == {pilot.pk}


def test_most_open_help_requests_had_a_contact_in_three_weeks_and_a_few_are_overdue():
    recent = VANDAAG - datetime.timedelta(days=settings.ZONDER_CONTACT_DAGEN)
    flags = flag_conditions(VANDAAG)
    open_ = open_help_requests()

    with_contact = open_.filter(laatste_contact__gte=recent).count()
    assert with_contact >= 0.8 * open_.count()
    zonder_contact = open_.filter(flags["zonder_contact"]).count()
    nazorg_verlopen = open_.filter(flags["nazorg_verlopen"]).count()
    assert zonder_contact >= 2 and nazorg_verlopen >= 2
    assert zonder_contact + nazorg_verlopen <= 0.2 * open_.count()


def test_one_trusted_person_stopped_with_open_households_and_in_beeld_flags_it(client):
    coordinator, orgcoordinator = user("coordinator"), user("orgcoordinator")

    (gestopt,) = gestopt_met_open_huishoudens(coordinator)
    assert gestopt.status == VertrouwenspersoonStatus.GESTOPT
    assert gestopt.einddatum < VANDAAG and gestopt.n_open_huishoudens >= 1
    # in the organisation coordinator's organisation: both see it
    assert gestopt.organisatie_id == organisatie_id_of(orgcoordinator)
    assert list(gestopt_met_open_huishoudens(orgcoordinator)) == [gestopt]
    for login in (coordinator, orgcoordinator):
        client.force_login(login)
        page = client.get(reverse("hulpvragen:overzicht")).content.decode()
        assert "1 gestopte vertrouwenspersoon met open huishoudens" in page
        assert gestopt.naam in page


def test_the_committee_is_split_and_the_third_opinion_is_asked_of_commissie2():
    (aanvraag,) = Aanvraag.objects.filter(verdeeld_q())
    commissie1, commissie2 = user("commissie1"), user("commissie2")

    stemmen = {b.lid: b.stem for b in aanvraag.beoordelingen.select_related("lid")}
    assert sorted(stemmen.values()) == [Stem.AFWIJZEN, Stem.TOEKENNEN]
    assert stemmen[commissie1] == Stem.TOEKENNEN
    oud_lid = next(lid for lid in stemmen if lid != commissie1)
    assert not oud_lid.is_active and not oud_lid.has_usable_password()  # no demo login
    assert aanvraag.status == AanvraagStatus.IN_BEHANDELING
    assert derde_oordeel_kandidaten() == {aanvraag.pk: {commissie2.pk}}
    assert derde_oordeel_nodig(commissie2).filter(pk=aanvraag.pk).exists()
    assert Melding.objects.filter(
        ontvanger=commissie2, soort=Soort.DERDE_OORDEEL, object_id=aanvraag.pk, datum=VANDAAG
    ).exists()
    # an application of vp1, in the organisation coordinator's organisation
    assert aanvraag.vertrouwenspersoon.user == user("vp1")
    assert aanvraag.organisatie_id == organisatie_id_of(user("orgcoordinator"))


@pytest.mark.parametrize("username", MET_HERINNERINGEN)
def test_each_login_with_reminders_finds_unread_notices_that_open_their_record(client, username):
    login = user(username)
    meldingen = list(Melding.objects.visible_to(login).ongelezen())

    assert meldingen
    assert all(record_zichtbaar(login, m) for m in meldingen)
    client.force_login(login)
    assert client.get(reverse("home"), follow=True).context["meldingen_ongelezen"] == len(meldingen)
    response = client.get(reverse("meldingen:open", args=[meldingen[0].uuid]))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_the_days_reminders_were_made_once():
    assert Melding.objects.filter(datum=VANDAAG).exists()
    assert maak_herinneringen(vandaag=VANDAAG, dry_run=True) == []


def test_the_trainer_has_a_running_cohort_with_a_trainee_who_can_no_longer_make_it():
    opleider = user("opleider")
    cohort = Cohort.objects.visible_to(opleider).get(pilot=pilot_for(VANDAAG))

    bijeenkomsten = cohort.bijeenkomsten.filter(soort="les")
    assert bijeenkomsten.filter(datum__lte=VANDAAG).exists()
    te_gaan = bijeenkomsten.filter(datum__gt=VANDAAG).count()
    assert te_gaan > 0
    kansloos = [v for v in cohort_voortgang(cohort) if v.lessen_aanwezig + te_gaan < v.lessen_nodig]
    assert len(kansloos) == 1
    assert cohort.deelnames.count() > len(kansloos)


# --- today's features (demo.vandaag_functies) ----------------------------------------------------


def test_vp1_applied_with_the_checklist_after_bijzondere_bijstand_was_refused_a_signal(client):
    vp1 = user("vp1")
    (aanvraag,) = Aanvraag.objects.filter(
        vertrouwenspersoon__user=vp1, voorziening=Voorziening.BIJZONDERE_BIJSTAND
    )

    assert aanvraag.status == AanvraagStatus.INGEDIEND
    assert aanvraag.voorziening_resultaat == VoorzieningResultaat.AFGEWEZEN
    assert aanvraag.voorziening_gesignaleerd
    checklist = {item.soort: item.status for item in aanvraag.checklist.all()}
    assert {checklist.get(s) for s in VERPLICHT} == {ChecklistStatus.ONTVANGEN}
    assert not ontbrekende_stukken(aanvraag)
    (signaal,) = Signaal.objects.filter(bron=SignaalBron.NOODFONDS)
    assert signaal.datum == VANDAAG and signaal.voorziening == Voorziening.BIJZONDERE_BIJSTAND
    assert aanvraag.referentie not in signaal.tekst  # anonymous
    client.force_login(vp1)
    page = client.get(reverse("noodfonds:aanvraag_detail", args=[aanvraag.uuid])).content.decode()
    assert "Inkomensverklaring" in page and "Bijzondere bijstand" in page


def test_a_paid_grant_became_a_loan_with_one_repayment_and_is_behind_its_plan(client):
    (lening,) = Lening.objects.all()
    (aflossing,) = lening.aflossingen.all()

    assert lening.aanvraag.status == AanvraagStatus.UITBETAALD
    assert aflossing.datum < VANDAAG
    (achter,) = achterstallige_leningen(VANDAAG)
    assert achter["lening"] == lening and achter["achterstand"] > 0
    client.force_login(user("coordinator"))
    page = client.get(reverse("noodfonds:budget")).content.decode()
    assert "Leningen met achterstand" in page and lening.aanvraag.referentie in page
    assert "1 lening, € 25,00 afgelost" in page


def test_vp1s_grant_has_a_creditor_waits_for_a_batch_and_has_its_decision_letter(client):
    (aanvraag,) = te_betalen()

    assert aanvraag.vertrouwenspersoon.user == user("vp1")
    assert aanvraag.status == AanvraagStatus.TOEGEKEND and aanvraag.besloten_op == VANDAAG
    assert not Betaalbatch.objects.exists()  # the coordinator makes the first batch
    (brief,) = aanvraag.brieven.all()
    assert brief.status == AanvraagStatus.TOEGEKEND
    with brief.bestand.open("rb") as bestand:
        tekst = pdf_text(bestand.read())
    assert aanvraag.referentie in tekst and aanvraag.crediteur.naam in tekst
    client.force_login(user("coordinator"))
    page = client.get(reverse("noodfonds:batch_list")).content.decode()
    assert aanvraag.referentie in page


def test_the_running_cohort_has_two_candidates_and_vp1_logged_hours_and_a_step(client):
    opleider, vp1 = user("opleider"), user("vp1")
    cohort = Cohort.objects.get(pilot=pilot_for(VANDAAG))

    kandidaten = cohort.deelnames.filter(vertrouwenspersoon__isnull=True)
    assert kandidaten.count() == 2
    assert all(d.kandidaat_organisatie_id and d.intake_datum for d in kandidaten)
    uren = Leeruur.objects.visible_to(vp1)
    assert uren.count() == 2 and all(u.datum <= VANDAAG for u in uren)
    assert Leeruur.objects.visible_to(opleider).filter(pk__in=uren).count() == 2
    recent = VANDAAG - datetime.timedelta(days=60)
    (stap,) = Ontwikkelstap.objects.filter(vertrouwenspersoon__user=vp1, datum__gt=recent)
    assert stap.soort == OntwikkelstapSoort.BUURTBAAN
    client.force_login(opleider)
    page = client.get(reverse("opleiding:cohort_detail", args=[cohort.pk])).content.decode()
    assert all(d.kandidaat_naam in page for d in kandidaten)


def test_a_new_trusted_person_waits_for_the_vog_and_holds_no_household(client):
    (persoon,) = Vertrouwenspersoon.objects.filter(niet_ingewerkt())

    assert persoon.status == VertrouwenspersoonStatus.ACTIEF
    assert ontbrekend_inwerken(persoon) == ["VOG"]
    assert not persoon.huishoudens.exists()
    # everyone else may get households (the demo's existing persons carry the exemption)
    assert Vertrouwenspersoon.objects.exclude(pk=persoon.pk).filter(niet_ingewerkt()).count() == 0
    client.force_login(user("coordinator"))
    page = client.get(
        reverse("netwerk:vertrouwenspersoon_list"), {"q": persoon.naam}
    ).content.decode()
    assert persoon.naam in page and "ontbreekt: VOG" in page


def test_vp1_has_a_claim_waiting_one_approved_and_an_allowance(client):
    vp1, coordinator = user("vp1"), user("coordinator")
    claims = Declaratie.objects.visible_to(vp1)

    assert sorted(claims.values_list("status", flat=True)) == [
        DeclaratieStatus.GOEDGEKEURD,
        DeclaratieStatus.INGEDIEND,
    ]
    wacht = claims.get(status=DeclaratieStatus.INGEDIEND)
    assert wacht.bon_content_type == "application/pdf"
    assert Vrijwilligersvergoeding.objects.visible_to(vp1).count() == 1
    client.force_login(coordinator)
    response = client.get(reverse("onkosten:bon_download", args=[wacht.uuid]))
    assert response.status_code == 200
    assert (
        b"".join(response.streaming_content if response.streaming else [response.content])[:5]
        == b"%PDF-"
    )
    page = client.get(reverse("onkosten:declaratie_list")).content.decode()
    assert wacht.omschrijving in page

"""Issue 21 on the pages: the checklist on the application, the provision on the form, the loan
(plan, repayment, remission) for the coordinator, overdue loans on the fund overview and as a
notice."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from meldingen.models import Melding, Soort
from meldingen.services import maak_herinneringen
from noodfonds import leningen
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Aanvraag, Aflossing, ChecklistItem, Lening
from tests.noodfonds.test_views import _form

S = AanvraagStatus
pytestmark = pytest.mark.django_db


def test_the_trusted_person_ticks_the_checklist_and_submitting_names_what_is_missing(
    client, vp_a, maak_aanvraag
):
    aanvraag = maak_aanvraag(status=S.CONCEPT)
    client.force_login(vp_a.user)
    detail = reverse("noodfonds:aanvraag_detail", args=[aanvraag.uuid])
    assert (
        "U verklaart dat u het identiteitsbewijs heeft gezien"
        in client.get(detail).content.decode()
    )

    response = client.post(
        reverse("noodfonds:aanvraag_checklist", args=[aanvraag.uuid]),
        {"identiteit": "ontvangen", "inkomen": "ontbreekt", "offerte": "ontvangen"},
    )
    assert response.status_code == 302
    assert ChecklistItem.objects.get(aanvraag=aanvraag, soort="identiteit").door == vp_a.user

    response = client.post(reverse("noodfonds:aanvraag_actie", args=[aanvraag.uuid, "indienen"]))
    assert "deze verplichte stukken ontbreken: Inkomensverklaring" in response.content.decode()
    aanvraag.refresh_from_db()
    assert aanvraag.status == S.CONCEPT


def test_a_wrong_checklist_choice_shows_the_form_again(client, vp_a, maak_aanvraag):
    aanvraag = maak_aanvraag(status=S.CONCEPT)
    client.force_login(vp_a.user)
    response = client.post(
        reverse("noodfonds:aanvraag_checklist", args=[aanvraag.uuid]), {"identiteit": "x"}
    )
    assert response.status_code == 400
    assert not ChecklistItem.objects.exists()


def test_a_new_application_records_the_provision(client, vp_a, huishouden_a):
    client.force_login(vp_a.user)
    zonder = _form(huishouden=huishouden_a.pk, voorziening="", voorziening_resultaat="")
    response = client.post(reverse("noodfonds:aanvraag_create"), zonder)
    assert response.status_code == 200 and not Aanvraag.objects.exists()
    fout = _form(
        huishouden=huishouden_a.pk, voorziening="bijzondere_bijstand", voorziening_resultaat=""
    )
    response = client.post(reverse("noodfonds:aanvraag_create"), fout)
    assert "toegekend, afgewezen of te traag" in response.content.decode()
    client.post(reverse("noodfonds:aanvraag_create"), _form(huishouden=huishouden_a.pk))
    aanvraag = Aanvraag.objects.get()
    assert (aanvraag.voorziening, aanvraag.voorziening_resultaat) == (
        "bijzondere_bijstand",
        "te_traag",
    )


def test_the_coordinator_makes_a_loan_books_repayments_and_remits(
    client, coordinator, maak_aanvraag, geld
):
    geld()
    aanvraag = maak_aanvraag(status=S.UITBETAALD)
    client.force_login(coordinator)
    detail = reverse("noodfonds:aanvraag_detail", args=[aanvraag.uuid])
    assert "Lening vastleggen" in client.get(detail).content.decode()

    client.post(
        reverse("noodfonds:aanvraag_lening", args=[aanvraag.uuid]),
        {"per_maand": "100.00", "eerste_maand": "2021-02-01"},
    )
    lening = Lening.objects.get(aanvraag=aanvraag)
    assert lening.bedrag == Decimal("250.00")
    response = client.post(
        reverse("noodfonds:aanvraag_aflossing", args=[aanvraag.uuid]),
        {"bedrag": "300.00", "datum": "2021-03-01"},
    )
    assert "€ 250,00" in response.content.decode()  # overpayment refused with what is owed
    client.post(
        reverse("noodfonds:aanvraag_aflossing", args=[aanvraag.uuid]),
        {"bedrag": "100.00", "datum": "2021-03-01"},
    )
    assert Aflossing.objects.get().bedrag == Decimal("100.00")
    budget = client.get(reverse("noodfonds:budget")).content.decode()
    assert 'id="achterstallig"' in budget  # March 2021 and later were due long ago
    assert aanvraag.referentie in budget

    client.post(
        reverse("noodfonds:aanvraag_kwijtschelden", args=[aanvraag.uuid]),
        {"reden": "Schuldsanering gestart."},
    )
    lening.refresh_from_db()
    assert lening.kwijtgescholden_bedrag == Decimal("150.00")
    assert 'id="achterstallig"' not in client.get(reverse("noodfonds:budget")).content.decode()


def test_only_the_coordinator_reaches_the_loan_pages(client, vp_a, maak_aanvraag):
    aanvraag = maak_aanvraag(status=S.UITBETAALD)
    client.force_login(vp_a.user)
    response = client.post(
        reverse("noodfonds:aanvraag_lening", args=[aanvraag.uuid]),
        {"per_maand": "10", "eerste_maand": "2021-02-01"},
    )
    assert response.status_code in (403, 404)
    assert not Lening.objects.exists()
    assert (
        "Lening vastleggen"
        not in client.get(
            reverse("noodfonds:aanvraag_detail", args=[aanvraag.uuid])
        ).content.decode()
    )


def test_an_overdue_loan_notifies_every_coordinator_once_a_month(coordinator, maak_aanvraag):
    aanvraag = maak_aanvraag(status=S.UITBETAALD)
    leningen.maak_lening(
        aanvraag=aanvraag,
        door=coordinator,
        per_maand=Decimal("50"),
        eerste_maand=datetime.date(2021, 2, 1),
    )
    moment = datetime.datetime(2021, 3, 2, 8, tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment, tick=False):
        maak_herinneringen(vandaag=datetime.date(2021, 3, 2))
        maak_herinneringen(vandaag=datetime.date(2021, 3, 20))
    melding = Melding.objects.get(soort=Soort.LENING_ACHTERSTALLIG)
    assert melding.ontvanger == coordinator
    assert (
        melding.tekst
        == f"Aflossing lening achterstallig: {aanvraag.referentie}, achterstand € 50,00"
    )
    maak_herinneringen(vandaag=datetime.date(2021, 4, 2))
    assert Melding.objects.filter(soort=Soort.LENING_ACHTERSTALLIG).count() == 2

"""The creditor form, the payment batch pages and the decision letter."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from noodfonds import betalingen
from noodfonds.brieven import make_besluitbrief
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Besluitbrief, Betaalbatch, Crediteur
from tests.pdftekst import pdf_text, squeeze

S = AanvraagStatus
pytestmark = pytest.mark.django_db
IBAN = "NL91ABNA0417164300"


def _bytes(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def toegekend(maak_aanvraag, geld):
    geld()
    return maak_aanvraag(S.TOEGEKEND)


# --- the creditor on the application's page ------------------------------------------------


def test_trusted_person_records_the_creditor(client, vp_a, toegekend):
    client.force_login(vp_a.user)

    response = client.post(
        reverse("noodfonds:crediteur_opslaan", args=[toegekend.uuid]),
        {"naam": "Woonstichting Oost", "iban": "nl91 abna 0417 1643 00", "kenmerk": "F-12"},
    )

    assert response.status_code == 302
    crediteur = Crediteur.objects.get(aanvraag=toegekend)
    assert (crediteur.naam, crediteur.iban, crediteur.kenmerk) == (
        "Woonstichting Oost",
        IBAN,
        "F-12",
    )
    page = client.get(toegekend.get_absolute_url()).content.decode()
    assert "NL91 ABNA 0417 1643 00" in page


def test_a_wrong_check_digit_shows_next_to_the_iban_field(client, vp_a, toegekend):
    client.force_login(vp_a.user)

    response = client.post(
        reverse("noodfonds:crediteur_opslaan", args=[toegekend.uuid]),
        {"naam": "Woonstichting Oost", "iban": "NL92ABNA0417164300"},
    )

    assert response.status_code == 200
    assert "controlegetal is onjuist" in response.content.decode()
    assert not Crediteur.objects.exists()


def test_another_organisations_trusted_person_cannot_record_a_creditor(client, vp_b, toegekend):
    client.force_login(vp_b.user)

    response = client.post(
        reverse("noodfonds:crediteur_opslaan", args=[toegekend.uuid]),
        {"naam": "Boef", "iban": IBAN},
    )

    assert response.status_code == 404
    assert not Crediteur.objects.exists()


# --- batches -----------------------------------------------------------------------------------


def test_coordinator_makes_downloads_and_pays_a_batch(client, coordinator, vp_a, toegekend):
    betalingen.set_crediteur(aanvraag=toegekend, door=vp_a.user, naam="Eneco", iban=IBAN)
    client.force_login(coordinator)
    vandaag = timezone.localdate().isoformat()

    lijst = client.get(reverse("noodfonds:batch_list"))
    maken = client.post(
        reverse("noodfonds:batch_create"),
        {"aanvragen": [toegekend.pk], "uitvoerdatum": vandaag},
    )
    batch = Betaalbatch.objects.get()
    eerste = client.post(reverse("noodfonds:batch_download", args=[batch.uuid]))
    tweede = client.post(reverse("noodfonds:batch_download", args=[batch.uuid]))
    waarschuwing = [str(m) for m in get_messages(tweede.wsgi_request)]
    betaald = client.post(reverse("noodfonds:batch_betaald", args=[batch.uuid]), {"datum": vandaag})

    assert toegekend.referentie in lijst.content.decode()
    assert maken.status_code == 302
    assert eerste["Content-Type"].startswith("application/xml")
    assert b"pain.001.001.03" in eerste.content
    assert tweede.content == eerste.content
    assert any("al eerder gedownload" in m for m in waarschuwing)
    assert betaald.status_code == 302
    toegekend.refresh_from_db()
    assert toegekend.status == S.UITBETAALD
    assert toegekend.uitbetaald_bedrag == Decimal("250.00")


def test_batch_pages_are_for_the_coordinator_only(client, vp_a, orgcoordinator, toegekend):
    betalingen.set_crediteur(aanvraag=toegekend, door=vp_a.user, naam="Eneco", iban=IBAN)
    from noodfonds.models import Betaalbatch as B

    batch = B.objects.create(nummer=1, uitvoerdatum=timezone.localdate())
    for user in (vp_a.user, orgcoordinator):
        client.force_login(user)

        assert client.get(reverse("noodfonds:batch_list")).status_code == 404
        assert client.get(reverse("noodfonds:batch_detail", args=[batch.uuid])).status_code == 404
        assert (
            client.post(reverse("noodfonds:batch_download", args=[batch.uuid])).status_code == 404
        )
    batch.refresh_from_db()
    assert batch.gedownload_op is None


# --- the decision letter -----------------------------------------------------------------------


def test_the_letter_of_a_gift_names_amount_and_creditor(client, vp_a, toegekend):
    betalingen.set_crediteur(
        aanvraag=toegekend, door=vp_a.user, naam="Woonstichting Oost", iban=IBAN, kenmerk="F-12"
    )
    client.force_login(vp_a.user)

    maken = client.post(reverse("noodfonds:besluitbrief_maken", args=[toegekend.uuid]))
    brief = Besluitbrief.objects.get()
    response = client.get(reverse("noodfonds:besluitbrief_download", args=[brief.uuid]))

    assert maken.status_code == 302
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    tekst = squeeze(pdf_text(_bytes(response)))
    assert "Besluit over uw aanvraag" in tekst
    assert toegekend.referentie in tekst
    assert "Het noodfonds geeft u € 250,00." in tekst
    assert "Dit is een gift" in tekst and "niet terug te betalen" in tekst
    assert "Woonstichting Oost" in tekst and "NL91 ABNA 0417 1643 00" in tekst and "F-12" in tekst
    assert "lening" not in tekst


def test_the_letter_of_a_refusal_says_no_money(maak_aanvraag, vp_a):
    afgewezen = maak_aanvraag(S.AFGEWEZEN)

    brief = make_besluitbrief(aanvraag=afgewezen, door=vp_a.user)

    tekst = squeeze(pdf_text(brief.bestand.read()))
    assert "U krijgt geen geld" in tekst
    assert "€ 250,00" not in tekst


def test_the_letter_shows_a_loan_section_when_the_application_has_a_loan(
    maak_aanvraag, coordinator
):
    from noodfonds import brieven, leningen

    aanvraag = maak_aanvraag(S.TOEGEKEND)
    gift = squeeze(pdf_text(brieven.render_besluitbrief(aanvraag)))
    leningen.maak_lening(
        aanvraag=aanvraag,
        door=coordinator,
        per_maand=Decimal("25"),
        eerste_maand=datetime.date(2027, 2, 1),
    )

    aanvraag.refresh_from_db()
    tekst = squeeze(pdf_text(brieven.render_besluitbrief(aanvraag)))

    assert "Dit is een gift" in gift and "Dit is een lening" not in gift
    assert "Dit is een lening" in tekst and "U betaalt elke maand € 25,00 terug." in tekst
    assert "De eerste keer is in februari 2027." in tekst
    assert "Dit is een gift" not in tekst


def test_no_letter_before_the_decision(client, vp_a, maak_aanvraag):
    ingediend = maak_aanvraag(S.INGEDIEND)
    client.force_login(vp_a.user)

    client.post(reverse("noodfonds:besluitbrief_maken", args=[ingediend.uuid]))

    assert not Besluitbrief.objects.exists()


def test_the_letter_is_not_for_another_organisation(client, vp_a, vp_b, toegekend, coordinator):
    brief = make_besluitbrief(aanvraag=toegekend, door=vp_a.user)

    client.force_login(vp_b.user)
    anders = client.get(reverse("noodfonds:besluitbrief_download", args=[brief.uuid]))
    client.force_login(coordinator)
    coord = client.get(reverse("noodfonds:besluitbrief_download", args=[brief.uuid]))

    assert anders.status_code == 404
    assert coord.status_code == 200

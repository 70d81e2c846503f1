"""Paying the creditor: IBAN rules, SEPA text, batches, the pain.001.001.03 file, the ledger."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
from django.core.exceptions import ValidationError
from django.utils import timezone
from lxml import etree

from noodfonds import betalingen
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Crediteur, Overgang
from noodfonds.selectors import budget_saldo
from noodfonds.services import transition_aanvraag

XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
IBAN = "NL91ABNA0417164300"
IBAN_2 = "NL44RABO0123456789"


@pytest.fixture
def toegekend(maak_aanvraag, geld, vp_a):
    """Two granted applications (250.00 and 99.99) with their creditors."""
    geld("1000.00")
    a = maak_aanvraag(AanvraagStatus.TOEGEKEND)
    b = maak_aanvraag(AanvraagStatus.TOEGEKEND, toegekend_bedrag=Decimal("99.99"))
    betalingen.set_crediteur(
        aanvraag=a,
        door=vp_a.user,
        naam="Wóningstichting Ééndracht & Zn",
        iban=IBAN,
        kenmerk="Factuur 2021/0457",
    )
    betalingen.set_crediteur(
        aanvraag=b, door=vp_a.user, naam="Energie Oost B.V.", iban=IBAN_2, kenmerk="KL-88"
    )
    return a, b


def _vandaag():
    return timezone.localdate()


# --- rules ------------------------------------------------------------------------------------


def test_iban_with_a_wrong_check_digit_gets_a_dutch_message():
    with pytest.raises(ValidationError) as exc:
        betalingen.validate_iban("NL92ABNA0417164300")

    assert exc.value.error_dict["iban"][0].code == "controlegetal"
    assert "controlegetal is onjuist" in exc.value.messages[0]


def test_iban_of_the_wrong_length_or_shape_is_refused():
    with pytest.raises(ValidationError) as kort:
        betalingen.validate_iban("NL91ABNA041716430")
    with pytest.raises(ValidationError) as onzin:
        betalingen.validate_iban("XX00 1234")

    assert "18 tekens" in kort.value.messages[0]
    assert "geen geldig IBAN" in onzin.value.messages[0]


def test_iban_is_stored_compact_in_capitals():
    assert betalingen.validate_iban(" nl91 abna 0417 1643 00 ") == IBAN


def test_sepa_text_transliterates_to_the_sepa_character_set():
    assert betalingen.sepa_tekst("Wóningstichting Ééndracht & Zn", 70) == (
        "Woningstichting Eendracht + Zn"
    )
    assert betalingen.sepa_tekst("Straße „Ölmühle“ #12 ✓", 70) == "Strasse Olmuhle 12"
    assert betalingen.sepa_tekst("a" * 80, 70) == "a" * 70


def test_amounts_are_whole_cents():
    assert betalingen.in_centen(Decimal("99.99")) == 9999
    assert betalingen.in_centen(Decimal("250")) == 25000
    with pytest.raises(ValidationError):
        betalingen.in_centen(Decimal("0.001"))


def test_creditor_refused_for_a_trusted_person_of_another_organisation(maak_aanvraag, vp_b):
    aanvraag = maak_aanvraag(AanvraagStatus.TOEGEKEND)

    with pytest.raises(ValidationError):
        betalingen.set_crediteur(aanvraag=aanvraag, door=vp_b.user, naam="X", iban=IBAN)

    assert not Crediteur.objects.exists()


def test_creditor_refused_for_a_closed_application(maak_aanvraag, vp_a):
    aanvraag = maak_aanvraag(AanvraagStatus.AFGEWEZEN)

    with pytest.raises(ValidationError, match="geen crediteur meer"):
        betalingen.set_crediteur(aanvraag=aanvraag, door=vp_a.user, naam="X", iban=IBAN)


def test_creditor_with_a_name_of_only_symbols_is_refused(maak_aanvraag, vp_a):
    aanvraag = maak_aanvraag(AanvraagStatus.TOEGEKEND)

    with pytest.raises(ValidationError) as exc:
        betalingen.set_crediteur(aanvraag=aanvraag, door=vp_a.user, naam="✓✓✓", iban=IBAN)

    assert "naam" in exc.value.message_dict


# --- batches and the file ---------------------------------------------------------------------


def test_only_the_coordinator_makes_a_batch(toegekend, vp_a):
    with pytest.raises(ValidationError, match="coördinator"):
        betalingen.create_batch(door=vp_a.user, aanvragen=toegekend, uitvoerdatum=_vandaag())


def test_a_batch_refuses_an_application_without_creditor_or_not_granted(
    toegekend, maak_aanvraag, coordinator
):
    zonder = maak_aanvraag(AanvraagStatus.TOEGEKEND)

    with pytest.raises(ValidationError, match=zonder.referentie):
        betalingen.create_batch(
            door=coordinator, aanvragen=[*toegekend, zonder], uitvoerdatum=_vandaag()
        )

    assert not Crediteur.objects.filter(batch__isnull=False).exists()


def test_the_sepa_file_validates_against_the_pain_001_001_03_schema(toegekend, coordinator):
    batch = betalingen.create_batch(door=coordinator, aanvragen=toegekend, uitvoerdatum=_vandaag())

    xml, eerder = betalingen.download_batch(batch=batch, door=coordinator)

    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(xml.encode())
    schema.assertValid(document)
    assert eerder is False
    assert document.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=NS) == "2"
    assert document.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) == "349.99"
    bedragen = [e.text for e in document.iterfind(".//p:InstdAmt", namespaces=NS)]
    assert sorted(bedragen) == ["250.00", "99.99"]
    namen = [e.text for e in document.iterfind(".//p:Cdtr/p:Nm", namespaces=NS)]
    assert "Woningstichting Eendracht + Zn" in namen
    ibans = [e.text for e in document.iterfind(".//p:CdtrAcct//p:IBAN", namespaces=NS)]
    assert sorted(ibans) == sorted([IBAN, IBAN_2])
    omschrijvingen = [e.text for e in document.iterfind(".//p:Ustrd", namespaces=NS)]
    assert f"Factuur 2021/0457 {toegekend[0].referentie}" in omschrijvingen


def test_a_downloaded_batch_is_frozen_and_a_second_download_is_the_same_file(
    toegekend, maak_aanvraag, coordinator, vp_a
):
    a, b = toegekend
    batch = betalingen.create_batch(door=coordinator, aanvragen=[a], uitvoerdatum=_vandaag())
    eerste, _ = betalingen.download_batch(batch=batch, door=coordinator)

    tweede, eerder = betalingen.download_batch(batch=batch, door=coordinator)

    assert eerder is True and tweede == eerste
    batch.refresh_from_db()
    assert batch.downloads == 2
    with pytest.raises(ValidationError, match="al gedownload"):
        betalingen.remove_from_batch(batch=batch, aanvraag=a, door=coordinator)
    with pytest.raises(ValidationError, match="al gedownload"):
        betalingen.delete_batch(batch=batch, door=coordinator)
    with pytest.raises(ValidationError, match="ligt vast"):
        betalingen.set_crediteur(aanvraag=a, door=vp_a.user, naam="Ander", iban=IBAN_2)
    assert Crediteur.objects.get(aanvraag=a).naam == "Wóningstichting Ééndracht & Zn"


def test_an_open_batch_can_lose_an_application(toegekend, coordinator):
    a, b = toegekend
    batch = betalingen.create_batch(door=coordinator, aanvragen=[a, b], uitvoerdatum=_vandaag())

    betalingen.remove_from_batch(batch=batch, aanvraag=a, door=coordinator)

    assert [c.aanvraag for c in betalingen.betalingen_van(batch)] == [b]
    assert list(betalingen.te_betalen()) == [a]


def test_marking_paid_books_each_payment_once_in_the_ledger(toegekend, coordinator):
    a, b = toegekend
    voor = budget_saldo()
    batch = betalingen.create_batch(door=coordinator, aanvragen=[a, b], uitvoerdatum=_vandaag())
    betalingen.download_batch(batch=batch, door=coordinator)

    betalingen.mark_batch_betaald(batch=batch, door=coordinator, datum=_vandaag())

    na = budget_saldo()
    a.refresh_from_db()
    assert a.status == AanvraagStatus.UITBETAALD
    assert (a.uitbetaald_bedrag, a.uitbetaald_op, a.uitbetaald_aan) == (
        Decimal("250.00"),
        _vandaag(),
        "leverancier",
    )
    # granted money left the available balance at the decision: paying does not lower it again
    assert na["beschikbaar"] == voor["beschikbaar"] == Decimal("650.01")
    assert na["uitbetaald"] - voor["uitbetaald"] == Decimal("349.99")
    assert na["toegekend_open"] == Decimal("0")
    assert Overgang.objects.filter(actie="uitbetalen").count() == 2
    with pytest.raises(ValidationError, match="al als betaald"):
        betalingen.mark_batch_betaald(batch=batch, door=coordinator, datum=_vandaag())


def test_a_batch_is_paid_only_after_its_download(toegekend, coordinator):
    batch = betalingen.create_batch(door=coordinator, aanvragen=toegekend, uitvoerdatum=_vandaag())

    with pytest.raises(ValidationError, match="Download eerst"):
        betalingen.mark_batch_betaald(batch=batch, door=coordinator, datum=_vandaag())


def test_an_application_in_a_batch_is_not_paid_by_hand(toegekend, coordinator):
    a, _b = toegekend
    betalingen.create_batch(door=coordinator, aanvragen=[a], uitvoerdatum=_vandaag())

    with pytest.raises(ValidationError, match="betaalbatch"):
        transition_aanvraag(
            aanvraag=a,
            actie="uitbetalen",
            door=coordinator,
            bedrag=Decimal("250.00"),
            datum=_vandaag(),
            uitbetaald_aan="leverancier",
        )


def test_execution_date_in_the_past_is_refused(toegekend, coordinator):
    with pytest.raises(ValidationError, match="vandaag of later"):
        betalingen.create_batch(
            door=coordinator,
            aanvragen=toegekend,
            uitvoerdatum=_vandaag() - datetime.timedelta(days=1),
        )

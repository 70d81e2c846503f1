"""Issue 21, points 1, 2, 3 and 6: the papers checklist, the public provision asked first (its
anonymous policy signal), gift or loan with repayments, and the balance's message."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from hulpvragen.choices import SignaalBron, SignaalStatus
from hulpvragen.models import Signaal
from noodfonds import leningen
from noodfonds.checklist import VERPLICHT, zet_checklist
from noodfonds.choices import (
    AanvraagStatus,
    Actie,
    ChecklistSoort,
    ChecklistStatus,
    Stem,
    Voorziening,
    VoorzieningResultaat,
)
from noodfonds.models import Aflossing, ChecklistItem, Lening
from noodfonds.selectors import achterstallige_leningen, boekingen, budget_saldo
from noodfonds.services import create_aanvraag, transition_aanvraag, update_aanvraag

S = AanvraagStatus
C = ChecklistSoort
pytestmark = pytest.mark.django_db


def indienen(aanvraag, door):
    return transition_aanvraag(aanvraag=aanvraag, actie=Actie.INDIENEN, door=door)


# --- 1. the checklist ---------------------------------------------------------------------------


def test_a_required_paper_missing_refuses_the_submission_naming_the_papers(maak_aanvraag, vp_a):
    aanvraag = maak_aanvraag(status=S.CONCEPT)
    zet_checklist(
        aanvraag=aanvraag,
        door=vp_a.user,
        statussen={
            C.IDENTITEIT: ChecklistStatus.ONTBREEKT,
            C.INKOMEN: ChecklistStatus.ONTVANGEN,
            C.OFFERTE: ChecklistStatus.ONTBREEKT,
            C.BANKAFSCHRIFT: ChecklistStatus.ONTBREEKT,  # not required: does not block
        },
    )
    with pytest.raises(ValidationError) as exc:
        indienen(aanvraag, vp_a.user)
    bericht = exc.value.messages[0]
    assert "Identiteit gezien" in bericht and "Offerte of factuur" in bericht
    assert "Bankafschrift" not in bericht and "Inkomensverklaring" not in bericht
    aanvraag.refresh_from_db()
    assert aanvraag.status == S.CONCEPT

    zet_checklist(
        aanvraag=aanvraag,
        door=vp_a.user,
        statussen={C.IDENTITEIT: ChecklistStatus.ONTVANGEN, C.OFFERTE: ChecklistStatus.NIET_NODIG},
    )
    assert indienen(aanvraag, vp_a.user).status == S.INGEDIEND


def test_a_checklist_not_filled_in_does_not_block_older_applications(maak_aanvraag, vp_a):
    aanvraag = maak_aanvraag(status=S.CONCEPT)
    assert not aanvraag.checklist.exists()
    assert indienen(aanvraag, vp_a.user).status == S.INGEDIEND
    assert set(VERPLICHT) == {C.IDENTITEIT, C.INKOMEN, C.OFFERTE}


def test_the_checklist_keeps_who_set_each_paper_and_when(maak_aanvraag, vp_a, coordinator):
    aanvraag = maak_aanvraag(status=S.CONCEPT)
    with time_machine.travel(datetime.datetime(2024, 3, 1, 10, tzinfo=datetime.UTC), tick=False):
        zet_checklist(
            aanvraag=aanvraag,
            door=vp_a.user,
            statussen={C.IDENTITEIT: "ontvangen", C.INKOMEN: "ontbreekt"},
        )
    with time_machine.travel(datetime.datetime(2024, 3, 5, 10, tzinfo=datetime.UTC), tick=False):
        zet_checklist(
            aanvraag=aanvraag,
            door=coordinator,
            statussen={C.IDENTITEIT: "ontvangen", C.INKOMEN: "ontvangen"},
        )
    items = {i.soort: i for i in ChecklistItem.objects.filter(aanvraag=aanvraag)}
    assert items[C.IDENTITEIT].door == vp_a.user  # unchanged: who attested it stays
    assert items[C.IDENTITEIT].op.date() == datetime.date(2024, 3, 1)
    assert items[C.INKOMEN].door == coordinator
    assert items[C.INKOMEN].op.date() == datetime.date(2024, 3, 5)


def test_the_checklist_is_refused_to_others_and_after_the_decision(
    maak_aanvraag, vp_b, commissielid
):
    aanvraag = maak_aanvraag(status=S.CONCEPT)
    for door in (vp_b.user, commissielid):
        with pytest.raises(ValidationError, match="niet wijzigen"):
            zet_checklist(aanvraag=aanvraag, door=door, statussen={C.IDENTITEIT: "ontvangen"})
    besloten = maak_aanvraag(status=S.AFGEWEZEN)
    with pytest.raises(ValidationError):
        zet_checklist(aanvraag=besloten, door=vp_b.user, statussen={C.IDENTITEIT: "ontvangen"})
    assert not ChecklistItem.objects.exists()


def test_an_unknown_checklist_status_is_refused(maak_aanvraag, vp_a):
    aanvraag = maak_aanvraag(status=S.CONCEPT)
    with pytest.raises(ValidationError, match="Identiteit gezien"):
        zet_checklist(aanvraag=aanvraag, door=vp_a.user, statussen={C.IDENTITEIT: "gezien?"})


# --- 2. the public provision ----------------------------------------------------------------------


def velden(org_a, vp_a, **extra):
    return {
        "organisatie": org_a,
        "vertrouwenspersoon": vp_a,
        "woonplaats": "oost",
        "onderwerp": "inrichting",
        "inkomsten": "uitkering",
        "gevraagd_bedrag": Decimal("200.00"),
        "motivatie": "Wasmachine kapot.",
        **extra,
    }


def test_a_refused_provision_becomes_one_anonymous_signal(org_a, vp_a, huishouden_a, coordinator):
    aanvraag = create_aanvraag(
        door=vp_a.user,
        **velden(
            org_a,
            vp_a,
            huishouden=huishouden_a,
            voorziening=Voorziening.BIJZONDERE_BIJSTAND,
            voorziening_resultaat=VoorzieningResultaat.AFGEWEZEN,
        ),
    )
    indienen(aanvraag, vp_a.user)
    signaal = Signaal.objects.get()
    assert signaal.bron == SignaalBron.NOODFONDS
    assert signaal.voorziening == Voorziening.BIJZONDERE_BIJSTAND
    assert signaal.status == SignaalStatus.NIEUW  # the signals' follow-up
    assert signaal.organisatie == org_a
    assert not signaal.hulpvragen.exists()
    for persoonlijk in (aanvraag.referentie, huishouden_a.referentie, "200"):
        assert persoonlijk not in signaal.tekst
    assert "afgewezen" in signaal.tekst
    # a second submission (after a question) makes no second signal
    transition_aanvraag(
        aanvraag=aanvraag,
        actie=Actie.MEER_INFORMATIE,
        door=coordinator,
        vraag="Welke offerte?",
    )
    aanvraag.refresh_from_db()
    transition_aanvraag(aanvraag=aanvraag, actie=Actie.INDIENEN, door=vp_a.user, antwoord="Deze.")
    assert Signaal.objects.count() == 1


@pytest.mark.parametrize(
    ("resultaat", "signalen"),
    [
        (VoorzieningResultaat.TE_TRAAG, 1),
        (VoorzieningResultaat.TOEGEKEND, 0),
    ],
)
def test_only_refused_or_too_slow_is_signalled(org_a, vp_a, resultaat, signalen):
    aanvraag = create_aanvraag(
        door=vp_a.user,
        **velden(org_a, vp_a, voorziening=Voorziening.ANDERS, voorziening_resultaat=resultaat),
    )
    indienen(aanvraag, vp_a.user)
    assert Signaal.objects.filter(bron=SignaalBron.NOODFONDS).count() == signalen


def test_the_provision_rules(org_a, vp_a):
    niet = create_aanvraag(
        door=vp_a.user, **velden(org_a, vp_a, voorziening=Voorziening.NIET_GEVRAAGD)
    )
    assert niet.voorziening_resultaat == VoorzieningResultaat.NIET_VAN_TOEPASSING
    with pytest.raises(ValidationError, match="toegekend, afgewezen of te traag"):
        create_aanvraag(
            door=vp_a.user, **velden(org_a, vp_a, voorziening=Voorziening.BIJZONDERE_BIJSTAND)
        )
    with pytest.raises(ValidationError, match="niet van toepassing"):
        update_aanvraag(
            aanvraag=niet,
            door=vp_a.user,
            voorziening=Voorziening.NIET_GEVRAAGD,
            voorziening_resultaat=VoorzieningResultaat.AFGEWEZEN,
        )


# --- 3. gift or loan ------------------------------------------------------------------------------


def test_the_repayment_plan_pays_the_remainder_in_the_last_month():
    schema = leningen.aflossingsschema(
        Decimal("250.00"), Decimal("60.00"), datetime.date(2024, 11, 17)
    )
    assert schema == [
        (datetime.date(2024, 11, 1), Decimal("60.00")),
        (datetime.date(2024, 12, 1), Decimal("60.00")),
        (datetime.date(2025, 1, 1), Decimal("60.00")),
        (datetime.date(2025, 2, 1), Decimal("60.00")),
        (datetime.date(2025, 3, 1), Decimal("10.00")),
    ]
    assert sum(deel for _maand, deel in schema) == Decimal("250.00")
    # cents stay cents: 100.00 at 33.33 is three times 33.33 and 0.01
    drie = leningen.aflossingsschema(Decimal("100.00"), Decimal("33.33"), datetime.date(2024, 1, 1))
    assert [d for _m, d in drie] == [Decimal("33.33")] * 3 + [Decimal("0.01")]
    with pytest.raises(ValidationError, match="twee cijfers"):
        leningen.cent(Decimal("1.005"))


@pytest.fixture
def lening(maak_aanvraag, coordinator, geld):
    geld("1000.00")
    aanvraag = maak_aanvraag(status=S.UITBETAALD)  # 250.00 decided 20-01-2021, paid
    return leningen.maak_lening(
        aanvraag=aanvraag,
        door=coordinator,
        per_maand=Decimal("60.00"),
        eerste_maand=datetime.date(2021, 2, 1),
    )


def test_repayments_raise_the_balance_and_appear_in_the_ledger(lening, coordinator):
    assert budget_saldo()["beschikbaar"] == Decimal("750.00")
    leningen.boek_aflossing(
        lening=lening, door=coordinator, datum=datetime.date(2021, 3, 1), bedrag=Decimal("25.50")
    )
    saldo = budget_saldo()
    assert saldo["aflossingen"] == Decimal("25.50")
    assert saldo["beschikbaar"] == Decimal("775.50")
    regel = next(r for r in boekingen() if r["soort"] == "aflossing")
    assert regel["aflossing"] == Decimal("25.50")
    assert regel["omschrijving"] == lening.aanvraag.referentie


def test_partial_repayments_overpayment_refused_last_remainder(lening, coordinator):
    def boek(bedrag, dag=datetime.date(2021, 6, 1)):
        return leningen.boek_aflossing(
            lening=lening, door=coordinator, datum=dag, bedrag=Decimal(bedrag)
        )

    boek("60.00")
    boek("30.25")  # partial
    assert leningen.openstaand(lening) == Decimal("159.75")
    with pytest.raises(ValidationError, match="€ 159,75"):
        boek("159.76")  # one cent too many
    assert Aflossing.objects.count() == 2
    boek("159.75")  # the remainder exactly
    assert leningen.openstaand(lening) == Decimal("0.00")
    with pytest.raises(ValidationError):
        boek("0.01")
    with pytest.raises(ValidationError, match="groter zijn dan nul"):
        boek("0")


def test_a_repayment_in_the_future_or_by_another_role_is_refused(lening, vp_a):
    with pytest.raises(ValidationError, match="coördinator"):
        leningen.boek_aflossing(
            lening=lening, door=vp_a.user, datum=datetime.date(2021, 3, 1), bedrag=Decimal("1")
        )
    with pytest.raises(ValidationError, match="toekomst"):
        leningen.boek_aflossing(
            lening=lening,
            door=lening.vastgelegd_door,
            datum=timezone.localdate() + datetime.timedelta(days=1),
            bedrag=Decimal("1"),
        )


def test_an_overdue_loan_is_flagged(lening, coordinator):
    # plan: 60.00 from February 2021; on 1 March February's 60.00 was due
    assert leningen.achterstand(lening, datetime.date(2021, 2, 28)) == 0
    assert leningen.achterstand(lening, datetime.date(2021, 3, 1)) == Decimal("60.00")
    leningen.boek_aflossing(
        lening=lening, door=coordinator, datum=datetime.date(2021, 3, 2), bedrag=Decimal("50.00")
    )
    assert leningen.achterstand(lening, datetime.date(2021, 3, 3)) == Decimal("10.00")
    assert [r["lening"] for r in achterstallige_leningen(datetime.date(2021, 3, 3))] == [lening]
    # remitted: never overdue again
    leningen.scheld_kwijt(
        lening=lening,
        door=coordinator,
        reden="Schuldhulp gestart.",
        datum=datetime.date(2021, 4, 1),
    )
    assert achterstallige_leningen(datetime.date(2021, 8, 1)) == []


def test_remitting_needs_a_reason_and_keeps_what_was_repaid(lening, coordinator):
    leningen.boek_aflossing(
        lening=lening, door=coordinator, datum=datetime.date(2021, 3, 2), bedrag=Decimal("60.00")
    )
    with pytest.raises(ValidationError, match="reden"):
        leningen.scheld_kwijt(lening=lening, door=coordinator, reden="  ")
    lening = leningen.scheld_kwijt(lening=lening, door=coordinator, reden="Overleden partner.")
    assert lening.kwijtgescholden_bedrag == Decimal("190.00")
    assert leningen.openstaand(lening) == Decimal("0.00")
    assert budget_saldo()["aflossingen"] == Decimal("60.00")
    with pytest.raises(ValidationError, match="kwijtgescholden"):
        leningen.boek_aflossing(
            lening=lening, door=coordinator, datum=datetime.date(2021, 5, 1), bedrag=Decimal("1")
        )


def test_a_loan_only_of_a_grant_and_at_most_the_granted_amount(maak_aanvraag, coordinator):
    with pytest.raises(ValidationError, match="toegekende"):
        leningen.maak_lening(
            aanvraag=maak_aanvraag(status=S.INGEDIEND),
            door=coordinator,
            per_maand=Decimal("10"),
            eerste_maand=datetime.date(2021, 2, 1),
        )
    toegekend = maak_aanvraag(status=S.TOEGEKEND)
    with pytest.raises(ValidationError, match="€ 250,00"):
        leningen.maak_lening(
            aanvraag=toegekend,
            door=coordinator,
            bedrag=Decimal("250.01"),
            per_maand=Decimal("10"),
            eerste_maand=datetime.date(2021, 2, 1),
        )
    with pytest.raises(ValidationError, match="vóór het besluit"):
        leningen.maak_lening(
            aanvraag=toegekend,
            door=coordinator,
            per_maand=Decimal("10"),
            eerste_maand=datetime.date(2020, 12, 1),
        )
    assert not Lening.objects.exists()


# --- 6. a grant above the balance ------------------------------------------------------------------


def test_a_grant_above_the_balance_names_the_amount_still_available(
    maak_aanvraag, geld, commissielid, commissielid2
):
    geld("120.50")
    aanvraag = maak_aanvraag(status=S.INGEDIEND, gevraagd_bedrag=Decimal("300.00"))
    transition_aanvraag(
        aanvraag=aanvraag,
        actie=Actie.BEOORDELEN,
        door=commissielid,
        stem=Stem.TOEKENNEN,
        bedrag=Decimal("200.00"),
        motivering="ok",
    )
    with pytest.raises(ValidationError, match="€ 120,50"):
        transition_aanvraag(
            aanvraag=aanvraag,
            actie=Actie.BEOORDELEN,
            door=commissielid2,
            stem=Stem.TOEKENNEN,
            bedrag=Decimal("200.00"),
            motivering="ok",
        )

"""Demo steps: today's features on the day the demo is built (called by `demo.vandaag.build`,
after the current cohort exists and before the day's reminders).

- fund: an application of vp1 with its papers checklist filled, for which bijzondere bijstand
  was asked first and refused (its submission makes one anonymous policy signal); a grant of
  vp1 with its creditor, waiting for a payment batch (none is made: the coordinator tries
  that), and its decision letter; a paid grant of the seed made a loan with one repayment,
  behind its plan (the coordinator's overview flags it);
- training: two candidates (not yet trusted persons) are in the current cohort
  (`kandidaten_inschrijven`, called as the cohort is made), vp1 logs hours of learning and took
  a step on the route to work (a neighbourhood job);
- onboarding: a new trusted person whose VOG is not in yet (the list shows what is missing);
  they get no household;
- expenses: vp1 claims travel costs (waiting for approval) and a phone bill (approved); the
  coordinator records one allowance payment.

Everything through the owning services (a development step has none: its form saves the model,
so the demo checks and saves it as the form does)."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from demo.noodfonds import DEMO_PDF
from hulpvragen.models import Huishouden
from netwerk import services as netwerk_services
from netwerk.models import Vertrouwenspersoon, VertrouwenspersoonStatus
from noodfonds.betalingen import set_crediteur
from noodfonds.brieven import make_besluitbrief
from noodfonds.checklist import zet_checklist
from noodfonds.choices import (
    AanvraagStatus,
    Actie,
    ChecklistSoort,
    ChecklistStatus,
    Onderwerp,
    Stem,
    Voorziening,
    VoorzieningResultaat,
)
from noodfonds.leningen import boek_aflossing, eerste_van_maand, maak_lening, volgende_maand
from noodfonds.models import Aanvraag
from noodfonds.services import create_aanvraag, register_storting, transition_aanvraag
from onkosten.choices import OnkostenSoort
from onkosten.services import beoordeel_declaratie, betaal_vergoeding, dien_declaratie_in
from opleiding import services as opleiding_services
from opleiding.choices import LeeruurSoort, OntwikkelstapSoort
from opleiding.models import Leeruur, Ontwikkelstap

KANDIDATEN = [("Mariam Chaouki", "06-41234567"), ("Dirk Hoogeveen", "06-47654321")]
NIEUW_VP = "Dewi Pranoto"  # a new trusted person, VOG not in yet
LENING_MAANDEN = 5  # the loan's plan started this many months ago; one repayment was made
LENING_PER_MAAND = Decimal("25")
CREDITEUR = {
    "naam": "Beddenhuis Oost",
    "iban": "NL91ABNA0417164300",
    "kenmerk": "Factuur 2024-118",
}
STORTING = ("Oranje Fonds", Decimal("2500"))  # this year's deposit, so today's grant fits


def build(ctx, *, vandaag, coordinator):
    _noodfonds(ctx, vandaag, coordinator)
    _leren(ctx, vandaag)
    _inwerken(ctx, vandaag, coordinator)
    _onkosten(ctx, vandaag, coordinator)


# --- the fund ------------------------------------------------------------------------------------


def _noodfonds(ctx, vandaag, coordinator):
    users = ctx.get("users", {})
    vp, c1, c2 = ctx.get("vp1"), users.get("commissie1"), users.get("commissie2")
    _lening(vandaag, coordinator)
    if vp is None or vp.user is None or c1 is None or c2 is None:
        return
    huishoudens = list(
        Huishouden.objects.filter(vertrouwenspersoon=vp)
        .exclude(aanvragen__isnull=False)
        .order_by("pk")[:2]
    ) or list(Huishouden.objects.filter(vertrouwenspersoon=vp).order_by("pk")[:2])
    if not huishoudens:
        return
    ctx["voorziening_aanvraag"] = _met_checklist(vp, huishoudens[0])
    register_storting(
        door=coordinator,
        datum=vandaag - datetime.timedelta(days=20),
        bedrag=STORTING[1],
        fondsgever=STORTING[0],
    )
    ctx["te_betalen"] = _toegekend(vp, huishoudens[-1], c1, c2)


def _aanvraag(vp, huishouden, **velden):
    return create_aanvraag(
        door=vp.user,
        organisatie=vp.organisatie,
        vertrouwenspersoon=vp,
        huishouden=huishouden,
        woonplaats=huishouden.woonplaats,
        inkomsten=huishouden.inkomsten,
        contact_formeel=huishouden.contact_formeel == "ja",
        spoed=False,
        **velden,
    )


def _met_checklist(vp, huishouden):
    """Bijzondere bijstand was asked first and refused; the papers are ticked off; submitted,
    it waits for the committee (and made one anonymous policy signal)."""
    aanvraag = _aanvraag(
        vp,
        huishouden,
        onderwerp=Onderwerp.WITGOED,
        gevraagd_bedrag=Decimal("295"),
        motivatie=(
            "De koelkast is kapot; bijzondere bijstand is aangevraagd en afgewezen omdat de "
            "koelkast ouder is dan de afschrijvingstermijn."
        ),
        voorziening=Voorziening.BIJZONDERE_BIJSTAND,
        voorziening_resultaat=VoorzieningResultaat.AFGEWEZEN,
    )
    zet_checklist(
        aanvraag=aanvraag,
        door=vp.user,
        statussen={
            ChecklistSoort.IDENTITEIT: ChecklistStatus.ONTVANGEN,
            ChecklistSoort.INKOMEN: ChecklistStatus.ONTVANGEN,
            ChecklistSoort.BANKAFSCHRIFT: ChecklistStatus.NIET_NODIG,
            ChecklistSoort.OFFERTE: ChecklistStatus.ONTVANGEN,
        },
    )
    return transition_aanvraag(aanvraag=aanvraag, actie=Actie.INDIENEN, door=vp.user)


def _toegekend(vp, huishouden, c1, c2):
    """Granted by both members; vp1 records whom to pay (it waits for the coordinator's
    payment batch) and makes the decision letter."""
    aanvraag = _aanvraag(
        vp,
        huishouden,
        onderwerp=Onderwerp.INRICHTING,
        gevraagd_bedrag=Decimal("240"),
        motivatie="Bed voor de oudste zoon; hij slaapt nu op de bank.",
        voorziening=Voorziening.NIET_GEVRAAGD,
    )
    zet_checklist(
        aanvraag=aanvraag,
        door=vp.user,
        statussen={
            ChecklistSoort.IDENTITEIT: ChecklistStatus.ONTVANGEN,
            ChecklistSoort.INKOMEN: ChecklistStatus.ONTVANGEN,
            ChecklistSoort.OFFERTE: ChecklistStatus.ONTVANGEN,
        },
    )
    aanvraag = transition_aanvraag(aanvraag=aanvraag, actie=Actie.INDIENEN, door=vp.user)
    for lid in (c1, c2):
        aanvraag = transition_aanvraag(
            aanvraag=aanvraag,
            actie=Actie.BEOORDELEN,
            door=lid,
            stem=Stem.TOEKENNEN,
            bedrag=aanvraag.gevraagd_bedrag,
            motivering="Geen andere voorziening voor een bed; het gezin kan het niet missen.",
        )
    set_crediteur(aanvraag=aanvraag, door=vp.user, **CREDITEUR)
    make_besluitbrief(aanvraag=aanvraag, door=vp.user)
    return aanvraag


def _lening(vandaag, coordinator):
    """A paid grant of the seed became an interest-free loan LENING_MAANDEN months ago; one
    repayment came in, the later months did not: the loan is behind its plan."""
    aanvraag = (
        Aanvraag.objects.filter(
            status=AanvraagStatus.UITBETAALD, uitbetaald_bedrag__gte=4 * LENING_PER_MAAND
        )
        .order_by("-besloten_op", "pk")
        .first()
    )
    if aanvraag is None:
        return
    eerste = volgende_maand(eerste_van_maand(vandaag), -LENING_MAANDEN)
    lening = maak_lening(
        aanvraag=aanvraag, door=coordinator, per_maand=LENING_PER_MAAND, eerste_maand=eerste
    )
    boek_aflossing(
        lening=lening,
        door=coordinator,
        datum=eerste + datetime.timedelta(days=4),
        bedrag=LENING_PER_MAAND,
    )


# --- the training --------------------------------------------------------------------------------


def kandidaten_inschrijven(cohort, partners, start):
    """Called by `demo.vandaag._opleiding` as the current cohort is made: two candidates (not
    trusted persons yet) enrolled from its start, after an intake two weeks before; they attend
    as the others do."""
    return opleiding_services.inschrijven(
        cohort=cohort,
        status_datum=start,
        kandidaten=[
            {
                "naam": naam,
                "telefoon": telefoon,
                "organisatie": partners[i % len(partners)],
                "intake_datum": start - datetime.timedelta(days=14),
            }
            for i, (naam, telefoon) in enumerate(KANDIDATEN)
        ],
    )


def _leren(ctx, vandaag):
    """vp1 logged hours of learning and took a step on the route to work."""
    vp = ctx.get("vp1")
    if vp is None:
        return
    for dagen, soort, uren, omschrijving in (
        (30, LeeruurSoort.INTERVISIE, Decimal("2"), "Intervisie vertrouwenspersonen Oost"),
        (12, LeeruurSoort.CURSUS_ELDERS, Decimal("3.5"), "Workshop schulden en toeslagen"),
    ):
        opleiding_services.save_leeruur(
            leeruur=Leeruur(
                vertrouwenspersoon=vp,
                soort=soort,
                datum=vandaag - datetime.timedelta(days=dagen),
                uren=uren,
                omschrijving=omschrijving,
            )
        )
    stap = Ontwikkelstap(
        vertrouwenspersoon=vp,
        soort=OntwikkelstapSoort.BUURTBAAN,
        datum=vandaag - datetime.timedelta(days=21),
        toelichting="Buurtbaan in de Meevaart, twaalf uur per week.",
    )
    opleiding_services.validate_opleiding_datum(stap.datum)
    stap.full_clean()
    stap.save()


# --- onboarding ----------------------------------------------------------------------------------


def _inwerken(ctx, vandaag, coordinator):
    """A trusted person who started last week: the confidentiality statement is signed and the
    training completed, the VOG is not in yet (no exemption), so no household can go to them."""
    partners = ctx.get("partners") or []
    if not partners:
        return
    persoon = netwerk_services.save_vertrouwenspersoon(
        vertrouwenspersoon=Vertrouwenspersoon(
            naam=NIEUW_VP,
            organisatie=partners[0],
            status=VertrouwenspersoonStatus.ACTIEF,
            startdatum=vandaag - datetime.timedelta(days=7),
            uren_per_week=6,
            telefoon="06-43218765",
        )
    )
    netwerk_services.registreer_opleiding_afgerond(
        vertrouwenspersoon_id=persoon.pk, datum=vandaag - datetime.timedelta(days=60)
    )
    persoon.refresh_from_db()
    netwerk_services.save_inwerken(
        persoon=persoon,
        door=coordinator,
        vog_datum=None,
        geheimhouding_datum=vandaag - datetime.timedelta(days=7),
        vrijstelling_reden="",
    )
    ctx["zonder_vog"] = persoon


# --- expenses ------------------------------------------------------------------------------------


def _onkosten(ctx, vandaag, coordinator):
    vp = ctx.get("vp1")
    if vp is None or vp.user is None:
        return
    telefoon = dien_declaratie_in(
        door=vp.user,
        soort=OnkostenSoort.TELEFOON,
        datum=vandaag - datetime.timedelta(days=25),
        bedrag=Decimal("15.00"),
        omschrijving="Beltegoed voor gesprekken met huishoudens",
        bon=SimpleUploadedFile("bon-beltegoed.pdf", DEMO_PDF, "application/pdf"),
    )
    beoordeel_declaratie(declaratie=telefoon, door=coordinator, goedkeuren=True)
    ctx["declaratie_wacht"] = dien_declaratie_in(
        door=vp.user,
        soort=OnkostenSoort.REISKOSTEN,
        datum=vandaag - datetime.timedelta(days=3),
        bedrag=Decimal("12.60"),
        omschrijving="Tram naar het spreekuur van het buurtteam en terug",
        bon=SimpleUploadedFile("bon-tram.pdf", DEMO_PDF, "application/pdf"),
    )
    betaal_vergoeding(
        door=coordinator,
        vertrouwenspersoon=vp,
        datum=vandaag - datetime.timedelta(days=5),
        bedrag=Decimal("60.00"),
        omschrijving="Vrijwilligersvergoeding vorige maand",
    )

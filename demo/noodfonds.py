"""Demo step: the fund around the seed's applications.

Runs after `demo.seed` (50 submitted applications, November 2020 – March 2021). It never
changes what the report counts (residence, subject, income, formal contact, submission date):
it adds deposits, lets commissie1 and commissie2 decide most applications through the services
(two assessments each; some rejected, one urgent grant, most granted ones paid), back-dates those
decisions to just after submission, and leaves the most recent applications waiting for the
committee. Without seed data it adds a few submitted applications of its own."""

import datetime
import io
import random
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from hulpvragen.models import Huishouden
from noodfonds.choices import AanvraagStatus, Actie, BijlageSoort, Stem, UitbetaaldAan
from noodfonds.models import Aanvraag, Beoordeling, Bijlage, Overgang
from noodfonds.services import create_aanvraag, register_storting, transition_aanvraag

S = AanvraagStatus
WACHTEND = 4  # the most recent applications stay open for both members


def _demo_pdf() -> bytes:
    """A one-page PDF that opens, as the upload check demands of a real quote."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


DEMO_PDF = _demo_pdf()
FONDSGEVERS = [
    (datetime.date(2020, 11, 1), Decimal("0.5"), "Gemeente Amsterdam – stadsdeel Oost"),
    (datetime.date(2021, 1, 11), Decimal("0.3"), "Oranje Fonds"),
    (datetime.date(2021, 2, 15), Decimal("0.2"), "Kerken in Oost (collecte)"),
]
AFWIJZING = (
    "Andere voorziening gaat voor (bijzondere bijstand); vertrouwenspersoon helpt aanvragen."
)
TOEKENNING = "Acute nood, geen andere oplossing op korte termijn."


def build(ctx):
    users = ctx.get("users") or {}
    coordinator, c1, c2 = (users.get(k) for k in ("coordinator", "commissie1", "commissie2"))
    if not (coordinator and c1 and c2):
        return
    rng = random.Random(5)
    seed = list(Aanvraag.objects.filter(status=S.INGEDIEND).order_by("ingediend_op", "pk"))
    if not seed:
        seed = _own_applications(ctx, coordinator)
    open_count = min(WACHTEND + 1, len(seed))
    te_besluiten, wachtend = seed[: len(seed) - open_count], seed[len(seed) - open_count :]
    plan = [_plan(a, i, rng) for i, a in enumerate(te_besluiten)]
    _deposits(coordinator, sum((p["bedrag"] for p in plan if p["bedrag"]), Decimal(0)))
    for aanvraag, p in zip(te_besluiten, plan, strict=True):
        try:
            _decide(aanvraag, p, coordinator, c1, c2, rng)
        except ValidationError:
            continue  # e.g. a seed application submitted by a committee member: leave it open
    _waiting(wachtend, c1)
    _concept(ctx)


def _plan(aanvraag, index, rng):
    gevraagd = aanvraag.gevraagd_bedrag or Decimal(0)
    if gevraagd <= 0 or index % 6 == 5:
        return {"route": "afwijzen", "bedrag": None}
    if index == 3:
        return {"route": "spoed", "bedrag": min(gevraagd, Decimal(150))}
    lager = (gevraagd * Decimal("0.8")).quantize(Decimal("1"), rounding=ROUND_DOWN)
    bedrag = lager if index % 4 == 1 and lager > 0 else gevraagd
    # Some grants wait for their payment (the invoice is not in yet).
    return {"route": "commissie", "bedrag": bedrag, "voorstel": gevraagd, "wacht": index % 5 == 4}


def _deposits(coordinator, nodig):
    totaal = max(Decimal(5000), (nodig * Decimal("1.25") / 500).quantize(Decimal("1")) * 500)
    for datum, deel, fondsgever in FONDSGEVERS:
        register_storting(
            door=coordinator,
            datum=datum,
            bedrag=(totaal * deel).quantize(Decimal("0.01")),
            fondsgever=fondsgever,
        )


def _decide(aanvraag, plan, coordinator, c1, c2, rng):
    if plan["route"] == "spoed":
        Aanvraag.objects.filter(pk=aanvraag.pk).update(spoed=True)
        aanvraag.refresh_from_db()
        transition_aanvraag(
            aanvraag=aanvraag,
            actie=Actie.SPOEDTOEKENNING,
            door=coordinator,
            bedrag=plan["bedrag"],
            toelichting="Afsluiting van energie dreigde binnen twee dagen.",
        )
    elif plan["route"] == "afwijzen":
        for lid in (c1, c2):
            transition_aanvraag(
                aanvraag=aanvraag,
                actie=Actie.BEOORDELEN,
                door=lid,
                stem=Stem.AFWIJZEN,
                motivering=AFWIJZING,
            )
    else:
        for lid, bedrag in ((c1, plan["voorstel"]), (c2, plan["bedrag"])):
            transition_aanvraag(
                aanvraag=aanvraag,
                actie=Actie.BEOORDELEN,
                door=lid,
                stem=Stem.TOEKENNEN,
                bedrag=bedrag,
                motivering=TOEKENNING,
            )
    besloten = _backdate_decision(aanvraag, rng, spoed=plan["route"] == "spoed")
    if plan["bedrag"] and not plan.get("wacht") and besloten < datetime.date(2021, 2, 20):
        betaald = besloten + datetime.timedelta(days=rng.randint(1, 6))
        transition_aanvraag(
            aanvraag=aanvraag,
            actie=Actie.UITBETALEN,
            door=coordinator,
            bedrag=plan["bedrag"],
            datum=betaald,
            uitbetaald_aan=rng.choice([UitbetaaldAan.LEVERANCIER, UitbetaaldAan.BEWONER]),
        )
        _backdate(aanvraag, Actie.UITBETALEN, betaald)


def _backdate_decision(aanvraag, rng, *, spoed):
    """Move the decision from today to a few days after submission (never the submission date
    itself: the report counts by it)."""
    ingediend = aanvraag.ingediend_op or timezone.localdate()
    besloten = min(
        ingediend + datetime.timedelta(days=1 if spoed else rng.randint(3, 16)),
        timezone.localdate(),
    )
    Aanvraag.objects.filter(pk=aanvraag.pk).update(besloten_op=besloten)
    for offset, beoordeling in enumerate(Beoordeling.objects.filter(aanvraag=aanvraag)):
        Beoordeling.objects.filter(pk=beoordeling.pk).update(
            datum=_moment(besloten - datetime.timedelta(days=1 - offset))
        )
    for actie in (Actie.BEOORDELEN, Actie.SPOEDTOEKENNING):
        _backdate(aanvraag, actie, besloten)
    return besloten


def _backdate(aanvraag, actie, datum):
    Overgang.objects.filter(aanvraag=aanvraag, actie=actie).update(op=_moment(datum))


def _moment(datum):
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(10, 30)))


def _waiting(wachtend, c1):
    """The most recent applications wait for the committee, each with a quote; the oldest of
    them already has commissie1's assessment and waits for commissie2."""
    for index, aanvraag in enumerate(wachtend):
        bijlage = Bijlage(
            aanvraag=aanvraag,
            soort=BijlageSoort.OFFERTE,
            naam=f"offerte-{aanvraag.referentie}.pdf",
            content_type="application/pdf",
            grootte=len(DEMO_PDF),
        )
        bijlage.bestand.save("offerte", ContentFile(DEMO_PDF), save=False)
        bijlage.save()
        eerste_van_velen = index == 0 and len(wachtend) > 2
        if eerste_van_velen and aanvraag.gevraagd_bedrag and aanvraag.gevraagd_bedrag > 0:
            try:
                transition_aanvraag(
                    aanvraag=aanvraag,
                    actie=Actie.BEOORDELEN,
                    door=c1,
                    stem=Stem.TOEKENNEN,
                    bedrag=aanvraag.gevraagd_bedrag,
                    motivering=TOEKENNING,
                )
            except ValidationError:
                pass


def _concept(ctx):
    """A draft of vp1 for one of their households, to show applying on the phone."""
    vp = ctx.get("vp1")
    huishouden = Huishouden.objects.filter(vertrouwenspersoon=vp).first() if vp else None
    if huishouden is None or vp.user is None:
        return
    create_aanvraag(
        door=vp.user,
        organisatie=vp.organisatie,
        vertrouwenspersoon=vp,
        huishouden=huishouden,
        woonplaats=huishouden.woonplaats,
        onderwerp="studie",
        inkomsten=huishouden.inkomsten,
        contact_formeel=huishouden.contact_formeel == "ja",
        gevraagd_bedrag=Decimal("320"),
        motivatie="Laptop voor school: de oude is kapot, huiswerk kan alleen online.",
        spoed=False,
    )


def _own_applications(ctx, coordinator):
    """Without seed data: a few submitted applications by vp1 and vp2 for their households."""
    gemaakt = []
    for key in ("vp1", "vp2"):
        vp = ctx.get(key)
        if vp is None or vp.user is None:
            continue
        for huishouden in Huishouden.objects.filter(vertrouwenspersoon=vp)[:3]:
            aanvraag = create_aanvraag(
                door=vp.user,
                organisatie=vp.organisatie,
                vertrouwenspersoon=vp,
                huishouden=huishouden,
                woonplaats=huishouden.woonplaats,
                onderwerp="witgoed",
                inkomsten=huishouden.inkomsten,
                contact_formeel=huishouden.contact_formeel == "ja",
                gevraagd_bedrag=Decimal("250"),
                motivatie="Wasmachine kapot; gezin met kleine kinderen.",
                spoed=False,
            )
            gemaakt.append(
                transition_aanvraag(aanvraag=aanvraag, actie=Actie.INDIENEN, door=vp.user)
            )
    return gemaakt

"""Demo steps: the network as it is today (issue 17 §5, "a demo that shows a living network").

The seed (demo.seed) is the past: two pilots up to 2021. These steps make the current period
alive, relative to the day the demo is built, so that every notice can be seen the day it is
started:

- `pilot` (before demo.hulpvragen): a pilot that covers today, so today's intakes (and the recent
  households of vp1 and vp2) belong to it and none is "zonder pilot".
- `build` (last):
  - the households of the trusted persons who stopped in 2020 were handed over to colleagues of
    their organisation (vp1 and vp2 where it is theirs); one trusted person of the organisation
    coordinator's organisation stopped ten days ago and still holds open households, so "In
    beeld" flags the handover;
  - most open help requests of the seed had a contact in the last three weeks; a few are overdue
    (a follow-up date passed, or no contact for longer than ZONDER_CONTACT_DAGEN), like the
    stopped trusted person's;
  - an application of vp1 on which the committee is split: commissie1 grants, a member who has
    since left the committee rejected, so the third opinion is asked of commissie2 (the demo
    has two committee logins: a split between them would have no third member);
  - the current pilot's training cohort, halfway: one trainee can no longer reach the lessons
    needed (settings.OPLEIDING_MIN_AANWEZIG_PCT);
  - today's features of the fund, the training, the onboarding and the expenses
    (`demo.vandaag_functies`);
  - the day's reminders (`meldingen.services.maak_herinneringen`), so the inboxes are filled.

Everything goes through the owning services, as a user would do it; nothing here is dated on or
before the report's peildatum (2021-03-01), so the seed's report stays as it is."""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q

from demo import vandaag_functies
from hulpvragen import selectors as hulpvraag_selectors
from hulpvragen import services as hulpvraag_services
from hulpvragen.choices import ContactSoort
from hulpvragen.models import Huishouden, Hulpvraag
from meldingen.services import maak_herinneringen
from netwerk import services as netwerk_services
from netwerk.models import Pilot, Vertrouwenspersoon, VertrouwenspersoonStatus
from netwerk.roles import Rol
from noodfonds.choices import Actie, Onderwerp, Stem
from noodfonds.services import create_aanvraag, transition_aanvraag
from opleiding import services as opleiding_services
from opleiding.choices import (
    DOMEIN_VELDEN,
    AanwezigheidStatus,
    BijeenkomstSoort,
    DeelnameStatus,
    MetingSoort,
)
from opleiding.models import Deelname, Meting

REPORT_PEILDATUM = datetime.date(2021, 3, 1)
PILOT_NAAM = "Pilot 3"
GESTOPT_DAGEN = 10  # the trusted person who stopped recently: days since the end date
NOTITIES = [
    "Telefonisch bijgepraat.",
    "Op huisbezoek geweest, post samen doorgenomen.",
    "Samen naar het spreekuur van het buurtteam.",
    "Formulier ingevuld, volgende week nabellen.",
    "Koffie gedronken in de Meevaart.",
    "Afspraak bij schuldhulp voorbereid.",
]
TRAINEES = [
    "Souad Benali",
    "Ria van Dijk",
    "Ayoub El Idrissi",
    "Tineke Hoekstra",
    "Sevgi Aydin",
    "Bart Kuipers",
    "Latifa Azzouzi",
    "Noor Verhoeven",
]
TRAINERS = ["Vrijwilligersacademie Amsterdam", "Hogeschool van Amsterdam"]
COHORT_WEKEN = 14  # the current cohort started this many weeks ago (of its 30)
MISSER = "Bart Kuipers"  # absent at three lessons: can no longer reach the lessons needed
OUD_LID = {"username": "oud-commissielid", "first_name": "Ruud", "last_name": "Oud-lid"}


def pilot(ctx):
    """The current pilot: from the first of the month about half a year ago, for a year."""
    vandaag = _vandaag()
    start = (vandaag - datetime.timedelta(days=150)).replace(day=1)
    einde = start.replace(year=start.year + 1) - datetime.timedelta(days=1)
    ctx["pilot"] = netwerk_services.save_pilot(
        pilot=Pilot(naam=PILOT_NAAM, startdatum=start, einddatum=einde, taakstelling=40)
    )


def build(ctx):
    vandaag = _vandaag()
    rng = random.Random(17)
    coordinator = ctx.get("users", {}).get("coordinator")
    if coordinator is None:
        return
    stopper = _wie_stopt(ctx)
    _overdrachten(ctx, coordinator, uitgezonderd=stopper)
    if stopper is not None:
        _stopt(stopper, vandaag)
    _contacten(rng, vandaag, stopper)
    _verdeeld(ctx, coordinator)
    if ctx.get("pilot") is not None:
        _opleiding(ctx, vandaag)
    vandaag_functies.build(ctx, vandaag=vandaag, coordinator=coordinator)
    ctx["meldingen"] = maak_herinneringen(vandaag=vandaag)


def _vandaag() -> datetime.date:
    return hulpvraag_selectors.today()


def _open_help_requests():
    return Hulpvraag.objects.filter(status__in=hulpvraag_selectors.OPEN_STATUSES).filter(
        huishouden__geanonimiseerd_op__isnull=True
    )


# --- handover ------------------------------------------------------------------------------------


def _wie_stopt(ctx):
    """An active trusted person without a login of the organisation coordinator's organisation
    (the first partner) who holds open help requests, the fewest of them: the one who stops now."""
    partners = ctx.get("partners") or []
    if not partners:
        return None
    return (
        Vertrouwenspersoon.objects.filter(
            organisatie=partners[0], status=VertrouwenspersoonStatus.ACTIEF, user__isnull=True
        )
        .annotate(
            n_open=Count(
                "huishoudens__hulpvragen",
                filter=Q(huishoudens__hulpvragen__status__in=hulpvraag_selectors.OPEN_STATUSES),
            )
        )
        .filter(n_open__gt=0)
        .order_by("n_open", "naam")
        .first()
    )


def _overdrachten(ctx, coordinator, *, uitgezonderd):
    """Every trusted person who stopped with open households hands them over, in one step, to a
    colleague of the same organisation: the one with a login when there is one (vp1, vp2), else
    the one with the fewest open households."""
    for van in list(hulpvraag_selectors.gestopt_met_open_huishoudens(coordinator)):
        kandidaten = hulpvraag_selectors.overdracht_kandidaten(coordinator, van=van)
        if uitgezonderd is not None:
            kandidaten = kandidaten.exclude(pk=uitgezonderd.pk)
        eigen = sorted(
            kandidaten.filter(organisatie=van.organisatie_id).annotate(
                n_open=Count(
                    "huishoudens__hulpvragen",
                    filter=Q(huishoudens__hulpvragen__status__in=hulpvraag_selectors.OPEN_STATUSES),
                )
            ),
            key=lambda vp: (vp.user_id is None, vp.n_open, vp.naam),
        )
        collega = eigen[0] if eigen else kandidaten.first()
        if collega is not None:
            hulpvraag_services.draag_huishoudens_over(van=van, naar=collega, door=coordinator)


def _stopt(vertrouwenspersoon, vandaag):
    vertrouwenspersoon.status = VertrouwenspersoonStatus.GESTOPT
    vertrouwenspersoon.einddatum = vandaag - datetime.timedelta(days=GESTOPT_DAGEN)
    netwerk_services.save_vertrouwenspersoon(vertrouwenspersoon=vertrouwenspersoon)


# --- contacts ------------------------------------------------------------------------------------


def _contacten(rng, vandaag, stopper):
    """The seed's open help requests are still followed: one or two contacts in the last weeks,
    the last one at most 20 days ago, and often a follow-up date ahead. A few are overdue: one
    whose follow-up date passed, two without a contact for a month or more, and those of the
    trusted person who stopped (their last contact before the end date). The recent households
    of vp1 and vp2 (demo.hulpvragen) already have their own."""
    grens = settings.ZONDER_CONTACT_DAGEN
    hulpvragen = list(
        _open_help_requests()
        .filter(intake_datum__lte=REPORT_PEILDATUM)
        .select_related("huishouden__vertrouwenspersoon__user")
        .order_by("pk")
    )
    actief = [
        hv for hv in hulpvragen if stopper is None or hv.huishouden.vertrouwenspersoon != stopper
    ]
    achter = set(rng.sample([hv.pk for hv in actief], min(3, len(actief))))
    opvolging_verstreken = min(achter) if achter else None
    for hv in hulpvragen:
        vp = hv.huishouden.vertrouwenspersoon
        door = vp.user if vp else None
        if stopper is not None and vp == stopper:
            dagen = [rng.randint(GESTOPT_DAGEN + grens - 5, GESTOPT_DAGEN + grens + 15)]
        elif hv.pk == opvolging_verstreken:
            dagen = [rng.randint(10, 16)]
        elif hv.pk in achter:
            dagen = [rng.randint(grens + 5, grens + 30)]
        else:
            laatste = rng.randint(1, grens - 1)
            dagen = [laatste + rng.randint(10, 30), laatste] if rng.random() < 0.6 else [laatste]
        for dag in dagen:
            hulpvraag_services.log_contact(
                hulpvraag=hv,
                soort=rng.choice(ContactSoort.values),
                datum=vandaag - datetime.timedelta(days=dag),
                minuten=rng.choice([15, 30, 45, 60]),
                notitie=rng.choice(NOTITIES),
                door=door,
            )
        if hv.pk == opvolging_verstreken:
            nazorg = vandaag - datetime.timedelta(days=4)
        elif hv.pk not in achter and rng.random() < 0.5:
            nazorg = vandaag + datetime.timedelta(days=rng.randint(3, 25))
        else:
            continue
        hulpvraag_services.set_nazorg_datum(hulpvraag=hv, datum=nazorg)


# --- the committee -------------------------------------------------------------------------------


def _verdeeld(ctx, coordinator):
    """vp1 applies for one of their households; commissie1 grants, a member who has since left
    the committee rejected: the committee is split and commissie2 is asked for the third
    opinion."""
    users = ctx.get("users", {})
    vp, c1 = ctx.get("vp1"), users.get("commissie1")
    if vp is None or vp.user is None or c1 is None:
        return
    huishouden = (
        Huishouden.objects.filter(vertrouwenspersoon=vp, personen__naam="Halima").first()
        or Huishouden.objects.filter(vertrouwenspersoon=vp).first()
    )
    if huishouden is None:
        return
    aanvraag = create_aanvraag(
        door=vp.user,
        organisatie=vp.organisatie,
        vertrouwenspersoon=vp,
        huishouden=huishouden,
        woonplaats=huishouden.woonplaats,
        onderwerp=Onderwerp.INRICHTING,
        inkomsten=huishouden.inkomsten,
        contact_formeel=huishouden.contact_formeel == "ja",
        gevraagd_bedrag=Decimal("380"),
        motivatie=(
            "Schimmel door vocht in de slaapkamer: de matrassen van moeder en kinderen moeten "
            "weg. De corporatie is gevraagd het vocht op te lossen."
        ),
        spoed=False,
    )
    aanvraag = transition_aanvraag(aanvraag=aanvraag, actie=Actie.INDIENEN, door=vp.user)
    oud_lid = netwerk_services.create_gebruiker(
        door=coordinator, password=None, rollen=[Rol.FONDSCOMMISSIE], **OUD_LID
    )
    transition_aanvraag(
        aanvraag=aanvraag,
        actie=Actie.BEOORDELEN,
        door=oud_lid,
        stem=Stem.AFWIJZEN,
        motivering="Eerst moet de corporatie het vocht oplossen; dat is haar verantwoordelijkheid.",
    )
    transition_aanvraag(
        aanvraag=aanvraag,
        actie=Actie.BEOORDELEN,
        door=c1,
        stem=Stem.TOEKENNEN,
        bedrag=aanvraag.gevraagd_bedrag,
        motivering="De gezondheid van de kinderen gaat voor; de corporatie lost het vocht niet snel op.",
    )
    netwerk_services.set_gebruiker_actief(door=coordinator, gebruiker=oud_lid, actief=False)
    ctx["verdeeld"] = aanvraag


# --- the current pilot's training ----------------------------------------------------------------


def _opleiding(ctx, vandaag):
    """The current pilot's cohort, COHORT_WEKEN weeks into its 30: eight trainees and two
    candidates who are not trusted persons yet (demo.vandaag_functies), attendance so
    far (most present, some absent with notice), the 0-meting for six of them; MISSER was absent
    at three lessons and can no longer reach the lessons needed."""
    rng = random.Random(30)
    start = vandaag - datetime.timedelta(weeks=COHORT_WEKEN)
    organisaties = ctx.get("organisaties", {})
    partners = ctx.get("partners") or []
    cohort = opleiding_services.create_cohort(
        naam=f"Opleiding Vertrouwenspersoon {ctx['pilot'].naam}",
        startdatum=start,
        pilot=ctx["pilot"],
        opleiders=[organisaties[n] for n in TRAINERS if n in organisaties],
        weekdag=start.weekday(),
    )
    personen = netwerk_services.register_vertrouwenspersonen(
        vertrouwenspersonen=[
            {
                "naam": naam,
                "organisatie_id": partners[i % len(partners)].pk if partners else None,
                "status": VertrouwenspersoonStatus.IN_OPLEIDING,
                "startdatum": start,
                "uren_per_week": 4,
            }
            for i, naam in enumerate(TRAINEES)
        ]
    )
    deelnames = [
        opleiding_services.save_deelname(
            deelname=Deelname(
                cohort=cohort,
                vertrouwenspersoon=vp,
                status=DeelnameStatus.INGESCHREVEN,
                status_datum=start,
            )
        )
        for vp in personen
    ]
    if partners:  # two candidates, not trusted persons yet, enrolled at the start
        deelnames += vandaag_functies.kandidaten_inschrijven(cohort, partners, start)
    gehouden = list(cohort.bijeenkomsten.filter(datum__lte=vandaag).order_by("datum"))
    lessen = [b for b in gehouden if b.soort == BijeenkomstSoort.LES]
    for deelname in deelnames:
        if deelname.vertrouwenspersoon and deelname.vertrouwenspersoon.naam == MISSER:
            gemist = {(les.pk, AanwezigheidStatus.AFWEZIG) for les in lessen[1:4]}
        elif rng.random() < 0.4 and gehouden:
            b = rng.choice(gehouden)
            gemist = {(b.pk, AanwezigheidStatus.AFWEZIG_MET_BERICHT)}
        else:
            gemist = set()
        for bijeenkomst in gehouden:
            status = next((s for pk, s in gemist if pk == bijeenkomst.pk), None)
            if status is not None:
                opleiding_services.record_aanwezigheid(
                    bijeenkomst=bijeenkomst, deelname=deelname, status=status
                )
    for bijeenkomst in gehouden:
        opleiding_services.mark_rest_present(bijeenkomst=bijeenkomst, deelnames=deelnames)
    nul_datum = gehouden[1].datum if len(gehouden) > 1 else start
    Meting.objects.bulk_create(
        Meting(
            deelname=deelname,
            soort=MetingSoort.NUL,
            datum=nul_datum,
            **{veld: rng.randint(1, 4) for veld in DOMEIN_VELDEN},
        )
        for deelname in deelnames[:6]
    )
    ctx["cohort"] = cohort

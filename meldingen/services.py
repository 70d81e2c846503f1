"""Writing notices and mailing them.

- `bewaar_meldingen` stores notices: every path that makes notices goes through it (the daily
  reminders here, the events the domain apps signal, `meldingen.receivers`); idempotent: one
  notice per recipient, kind, record and day (some kinds once per record, `EENMALIG`), so each new notice is mailed by its recipient's
  choice (`MeldingVoorkeur`): "direct" soon after, by the task `meldingen.tasks.verstuur_direct`
  enqueued once the storing transaction commits; "dagelijks" in the next daily digest.
- `dagelijkse_run` is the daily run (`manage.py herinneringen` and the periodic job
  `meldingen.tasks.herinneringen`): `maak_herinneringen` (set-based, a fixed number of queries
  however many users and records, idempotent: one notice per recipient, kind, record and day),
  then the daily digest enqueued for the worker.
- `verstuur_meldingen` sends: one e-mail per user with counts, references and links only
  (`meldingen.email`), each notice marked `gemaild_op` once it went out.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from hulpvragen.models import Hulpvraag
from hulpvragen.selectors import WEEKCIJFERS, flag_conditions, weekcijfers
from meldingen import selectors
from meldingen.email import maak_bericht
from meldingen.models import EmailKeuze, Melding, MeldingVoorkeur, Soort
from netwerk.roles import Rol
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Aanvraag
from noodfonds.selectors import (
    achterstallige_leningen,
    derde_oordeel_kandidaten,
    wachtende_aanvragen,
)
from noodfonds.services import euro
from opleiding.models import Cohort
from opleiding.selectors import een_meting_nodig, lessen_nodig, onhaalbare_deelnames

logger = logging.getLogger("samenvooruit.meldingen")

HULPVRAAG = "hulpvragen.hulpvraag"
HUISHOUDEN = "hulpvragen.huishouden"
OVERDRACHT = "hulpvragen.overdracht"
AANVRAAG = "noodfonds.aanvraag"
DEELNAME = "opleiding.deelname"
COHORT = "opleiding.cohort"
GEBRUIKER = "auth.user"  # a notice about the recipient's own overview (the weekly digest)

# Kinds told once per record, whatever the day (the key leaves the day out): a trainee's
# attendance out of reach stays out of reach.
EENMALIG = frozenset({Soort.AANWEZIGHEID})
# Above this many records of one kind, the existing notices are looked up by kind and day
# alone (an IN list of record ids would grow with the network); below it, by record too.
KLEINE_LIJST = 100


@dataclass(frozen=True)
class Kandidaat:
    """A notice that may be due: who, what, about which record, for which day, with counts."""

    ontvanger_id: int
    soort: str
    object_type: str
    object_id: int
    referentie: str
    link: str
    datum: datetime.date
    aantallen: dict = field(default_factory=dict, compare=False)

    @property
    def sleutel(self) -> tuple:
        datum = None if self.soort in EENMALIG else self.datum
        return (self.ontvanger_id, self.soort, self.object_type, self.object_id, datum)


_VOORBEELD = UUID(int=0)


def link_per_uuid(naam: str):
    """A function uuid → the page `naam` of that record: reverse() once, the record's uuid put in
    its place (reverse itself takes 0.2 ms a call: 10 s of a run with 50,000 notices)."""
    voorbeeld = reverse(naam, kwargs={"uuid": _VOORBEELD})
    return lambda waarde: voorbeeld.replace(str(_VOORBEELD), str(waarde))


# --- storing -------------------------------------------------------------------------------------


def bewaar_meldingen(kandidaten, *, dry_run: bool = False) -> list[Melding]:
    """Store the notices among `kandidaten` not made yet (by `Kandidaat.sleutel`; the same one
    twice in `kandidaten` counts once). Runs in the caller's transaction: an event's notices go
    when its action is rolled back. Side effects: inserts the new notices, unless `dry_run`.
    Returns them (unsaved with dry_run). One query for what exists, plus one INSERT per 1,000
    new notices; none without candidates."""
    uniek = {}
    for k in kandidaten:
        uniek.setdefault(k.sleutel, k)
    if not uniek:
        return []
    al_gemaakt = _bestaande_sleutels(list(uniek.values()))
    with translation.override(settings.LANGUAGE_CODE):
        nieuw = [_melding(k) for sleutel, k in uniek.items() if sleutel not in al_gemaakt]
    if nieuw and not dry_run:
        # ignore_conflicts: a parallel run of the same day adds nothing twice (the constraint)
        Melding.objects.bulk_create(nieuw, ignore_conflicts=True, batch_size=1000)
        from meldingen import tasks  # the tasks call these services

        # mailed to who chose "direct" once the caller's transaction commits (an event's may
        # still roll back); robust: a failing enqueue never fails the caller (the hourly job
        # sends it instead); "dagelijks" waits for the daily digest
        transaction.on_commit(tasks.verstuur_direct.enqueue, robust=True)
    return nieuw


def _bestaande_sleutels(kandidaten: list[Kandidaat]) -> set[tuple]:
    """The keys of the candidates already stored, in one query: per kind by its days (a once
    kind by the kind alone), and by record when a kind has only a few (an event's notices)."""
    per_soort = defaultdict(lambda: (set(), set()))
    for k in kandidaten:
        datums, ids = per_soort[k.soort]
        datums.add(k.datum)
        ids.add(k.object_id)
    waar = Q(pk__in=[])
    for soort, (datums, ids) in per_soort.items():
        deze = Q(soort=soort) if soort in EENMALIG else Q(soort=soort, datum__in=datums)
        if len(ids) <= KLEINE_LIJST:
            deze &= Q(object_id__in=ids)
        waar |= deze
    rijen = Melding.objects.filter(waar).values_list(
        "ontvanger_id", "soort", "object_type", "object_id", "datum"
    )
    return {(*rij[:4], None if rij[1] in EENMALIG else rij[4]) for rij in rijen}


def _melding(k: Kandidaat) -> Melding:
    melding = Melding(
        ontvanger_id=k.ontvanger_id,
        soort=k.soort,
        link=k.link,
        object_type=k.object_type,
        object_id=k.object_id,
        referentie=k.referentie[: Melding._meta.get_field("referentie").max_length],
        datum=k.datum,
        aantallen=k.aantallen,
    )
    melding.tekst = melding.omschrijving[: Melding._meta.get_field("tekst").max_length]
    return melding


# --- the daily run -------------------------------------------------------------------------------


@dataclass
class Rollen:
    """The active users per role, read once for the whole run."""

    coordinatoren: set = field(default_factory=set)
    orgcoordinatoren: dict = field(default_factory=lambda: defaultdict(set))  # org id → users
    commissie: set = field(default_factory=set)
    opleiders: dict = field(default_factory=lambda: defaultdict(set))  # org id → users


def lees_rollen() -> Rollen:
    """Every active coordinator, organisation coordinator (with their organisation), committee
    member and trainer (with theirs): one query. A coordinator who is also an organisation
    coordinator sees everything, so counts as coordinator only (as `visible_to` does)."""
    rollen = Rollen()
    rijen = (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name__in=[
                Rol.COORDINATOR,
                Rol.ORGCOORDINATOR,
                Rol.FONDSCOMMISSIE,
                Rol.OPLEIDER,
            ],
        )
        .values_list("pk", "groups__name", "profiel__organisatie_id")
    )
    orgcoordinatoren = []
    for pk, rol, org_id in rijen:
        if rol == Rol.COORDINATOR:
            rollen.coordinatoren.add(pk)
        elif rol == Rol.FONDSCOMMISSIE:
            rollen.commissie.add(pk)
        elif rol == Rol.ORGCOORDINATOR and org_id is not None:
            orgcoordinatoren.append((org_id, pk))
        elif rol == Rol.OPLEIDER and org_id is not None:
            rollen.opleiders[org_id].add(pk)
    for org_id, pk in orgcoordinatoren:
        if pk not in rollen.coordinatoren:
            rollen.orgcoordinatoren[org_id].add(pk)
    return rollen


@transaction.atomic
def maak_herinneringen(*, vandaag: datetime.date, dry_run: bool = False) -> list[Melding]:
    """The notices due on `vandaag` that were not made yet:
    - trusted persons: a follow-up date reached (or passed without a contact since) and an open
      help request without contact for ZONDER_CONTACT_DAGEN (one per help request per day);
    - committee members: a submitted application new in the queue (once) and a split vote they
      may decide (per day);
    - coordinators: a split vote with no third member left (per day), a loan behind its
      repayment plan (once a month while it is); and with organisation
      coordinators (their own organisation's): an application waiting longer than
      AANVRAAG_WACHT_DAGEN (once per wait) and on Mondays the weekly digest of "In beeld";
    - trainers (of the cohort's trainer organisations): a trainee who can no longer reach the
      attendance needed (once), and a cohort that ended with trainees without a 1-meting (once).
    Side effects: stores the new notices (`bewaar_meldingen`), unless `dry_run`. Returns them
    (unsaved with dry_run). A fixed number of queries, however many users and records."""
    rollen = lees_rollen()
    kandidaten = [
        *_hulpvraag_kandidaten(vandaag),
        *_nieuwe_aanvragen(vandaag, rollen.commissie),
        *_verdeelde_aanvragen(vandaag, rollen.coordinatoren),
        *_wachtende_aanvragen(vandaag, rollen),
        *_weekoverzicht(vandaag, rollen),
        *_opleiding(vandaag, rollen.opleiders),
        *_achterstallige_leningen(vandaag, rollen.coordinatoren),
    ]
    return bewaar_meldingen(kandidaten, dry_run=dry_run)


def _hulpvraag_kandidaten(vandaag: datetime.date):
    """Follow-up date and no contact: two queries. The follow-up flag counts from the day after
    the follow-up date; a reminder is due on the day itself, so it is asked as of tomorrow."""
    morgen = vandaag + datetime.timedelta(days=1)
    condities = {
        Soort.NAZORG: flag_conditions(morgen)["nazorg_verlopen"],
        Soort.ZONDER_CONTACT: flag_conditions(vandaag)["zonder_contact"],
    }
    link = link_per_uuid("hulpvragen:hulpvraag_detail")
    for soort, conditie in condities.items():
        rijen = (
            Hulpvraag.objects.filter(conditie, huishouden__vertrouwenspersoon__user__is_active=True)
            .order_by()
            .values_list(
                "pk", "uuid", "huishouden__referentie", "huishouden__vertrouwenspersoon__user_id"
            )
        )
        for pk, record, referentie, user_id in rijen:
            yield Kandidaat(user_id, soort, HULPVRAAG, pk, referentie, link(record), vandaag)


def _nieuwe_aanvragen(vandaag: datetime.date, leden: set[int]):
    """A submitted application not yet assessed by anyone, for every active member without an
    interest in it: once per application (the notice is dated on its submission). One query."""
    if not leden:
        return
    rijen = (
        Aanvraag.objects.filter(status=AanvraagStatus.INGEDIEND, beoordelingen__isnull=True)
        .order_by()
        .values_list(
            "pk",
            "uuid",
            "referentie",
            "ingediend_op",
            "aangemaakt_door_id",
            "vertrouwenspersoon__user_id",
            "huishouden__vertrouwenspersoon__user_id",
        )
    )
    for pk, uuid, referentie, ingediend_op, *belang in rijen:
        link = reverse("noodfonds:commissie_detail", kwargs={"uuid": uuid})
        datum = ingediend_op or vandaag
        for lid in sorted(leden - set(belang)):
            yield Kandidaat(lid, Soort.NIEUWE_AANVRAAG, AANVRAAG, pk, referentie, link, datum)


def _verdeelde_aanvragen(vandaag: datetime.date, coordinatoren: set[int]):
    """A split vote: every member who may give the third opinion, and when none is left every
    coordinator (who can ask both members to assess again), once a day while it waits
    (noodfonds.selectors.derde_oordeel_kandidaten: two queries, plus one for the references)."""
    kandidaten = derde_oordeel_kandidaten()
    if not kandidaten:
        return
    rijen = Aanvraag.objects.filter(pk__in=kandidaten).values_list("pk", "uuid", "referentie")
    for pk, uuid, referentie in rijen:
        yield from verdeeld_kandidaten(pk, uuid, referentie, kandidaten[pk], coordinatoren, vandaag)


def verdeeld_kandidaten(pk, uuid, referentie, leden: set[int], coordinatoren: set[int], vandaag):
    """The notices of one split application: `leden` (who may give the third opinion) each a
    DERDE_OORDEEL; when there is none, `coordinatoren` each a VASTGELOPEN."""
    if leden:
        link = reverse("noodfonds:commissie_detail", kwargs={"uuid": uuid})
        for lid in sorted(leden):
            yield Kandidaat(lid, Soort.DERDE_OORDEEL, AANVRAAG, pk, referentie, link, vandaag)
        return
    link = reverse("noodfonds:aanvraag_detail", kwargs={"uuid": uuid})
    for user_id in sorted(coordinatoren):
        yield Kandidaat(user_id, Soort.VASTGELOPEN, AANVRAAG, pk, referentie, link, vandaag)


def _wachtende_aanvragen(vandaag: datetime.date, rollen: Rollen):
    """An application waiting for the committee longer than AANVRAAG_WACHT_DAGEN: to every
    coordinator and the applying organisation's coordinators, once per wait (dated on the first
    day it waited too long). One query."""
    if not (rollen.coordinatoren or rollen.orgcoordinatoren):
        return
    te_lang = datetime.timedelta(days=settings.AANVRAAG_WACHT_DAGEN + 1)
    rijen = (
        wachtende_aanvragen(vandaag)
        .order_by()
        .values_list("pk", "uuid", "referentie", "organisatie_id", "wacht_sinds")
    )
    for pk, uuid, referentie, org_id, wacht_sinds in rijen:
        link = reverse("noodfonds:aanvraag_detail", kwargs={"uuid": uuid})
        ontvangers = rollen.coordinatoren | rollen.orgcoordinatoren.get(org_id, set())
        for user_id in sorted(ontvangers):
            yield Kandidaat(
                user_id, Soort.AANVRAAG_WACHT, AANVRAAG, pk, referentie, link, wacht_sinds + te_lang
            )


def _achterstallige_leningen(vandaag: datetime.date, coordinatoren: set[int]):
    """A loan behind its repayment plan (noodfonds.selectors.achterstallige_leningen): every
    coordinator, once a month while it stays behind (dated on the first of the month). Two
    queries."""
    if not coordinatoren:
        return
    maand = vandaag.replace(day=1)
    link = link_per_uuid("noodfonds:aanvraag_detail")
    for rij in achterstallige_leningen(vandaag):
        aanvraag = rij["aanvraag"]
        aantallen = {"achterstand": euro(rij["achterstand"])}
        for user_id in sorted(coordinatoren):
            yield Kandidaat(
                user_id,
                Soort.LENING_ACHTERSTALLIG,
                AANVRAAG,
                aanvraag.pk,
                aanvraag.referentie,
                link(aanvraag.uuid),
                maand,
                aantallen,
            )


def _weekoverzicht(vandaag: datetime.date, rollen: Rollen):
    """On Mondays, one notice per coordinator with the figures of "In beeld" for the whole
    network, and per organisation coordinator for their own organisation
    (hulpvragen.selectors.weekcijfers: three queries for all of them). Nothing to report (all
    zero) is not a notice."""
    if vandaag.weekday() != 0 or not (rollen.coordinatoren or rollen.orgcoordinatoren):
        return
    totaal, per_org = weekcijfers(vandaag)
    link = reverse("hulpvragen:overzicht")
    ontvangers = [(user_id, totaal) for user_id in rollen.coordinatoren]
    for org_id, users in rollen.orgcoordinatoren.items():
        cijfers = per_org.get(org_id, dict.fromkeys(WEEKCIJFERS, 0))
        ontvangers += [(user_id, cijfers) for user_id in users]
    for user_id, cijfers in sorted(ontvangers, key=lambda pair: pair[0]):
        if any(cijfers.values()):
            yield Kandidaat(
                user_id, Soort.WEEKOVERZICHT, GEBRUIKER, user_id, "", link, vandaag, dict(cijfers)
            )


def _opleiding(vandaag: datetime.date, opleiders: dict):
    """To the trainers of a cohort's trainer organisations: a trainee of a running cohort who
    can no longer reach the attendance needed (opleiding.selectors.onhaalbare_deelnames, once
    per trainee) and a cohort that ended with trainees without a 1-meting
    (een_meting_nodig, once per cohort: dated on its end). Three queries."""
    if not opleiders:
        return
    deelnames = list(
        onhaalbare_deelnames(vandaag)
        .order_by()
        .values_list(
            "pk",
            "uuid",
            "cohort_id",
            "cohort__naam",
            "lessen_aanwezig",
            "lessen_te_gaan",
            "lessen_totaal",
        )
    )
    cohorten = list(
        een_meting_nodig(vandaag)
        .order_by()
        .values_list("pk", "naam", "einde", "n_zonder_een_meting")
    )
    cohort_ids = {d[2] for d in deelnames} | {c[0] for c in cohorten}
    if not cohort_ids:
        return
    trainers = defaultdict(set)
    for cohort_id, org_id in Cohort.opleiders.through.objects.filter(
        cohort_id__in=cohort_ids
    ).values_list("cohort_id", "organisatie_id"):
        trainers[cohort_id] |= opleiders.get(org_id, set())
    for pk, uuid, cohort_id, naam, aanwezig, te_gaan, totaal in deelnames:
        link = reverse("opleiding:deelname_detail", kwargs={"uuid": uuid})
        aantallen = {"haalbaar": aanwezig + te_gaan, "nodig": lessen_nodig(totaal)}
        for user_id in sorted(trainers[cohort_id]):
            yield Kandidaat(
                user_id, Soort.AANWEZIGHEID, DEELNAME, pk, naam, link, vandaag, aantallen
            )
    for pk, naam, einde, n in cohorten:
        link = reverse("opleiding:cohort_metingen", kwargs={"pk": pk})
        for user_id in sorted(trainers[pk]):
            yield Kandidaat(
                user_id, Soort.EEN_METING, COHORT, pk, naam, link, einde, {"deelnemers": n}
            )


# --- reading ---------------------------------------------------------------------------------------


@transaction.atomic
def markeer_gelezen(*, melding: Melding, moment: datetime.datetime) -> None:
    """Marks one notice read (once: the first reading's moment stays). Side effect: one UPDATE."""
    if melding.gelezen_op is None:
        melding.gelezen_op = moment
        melding.save(update_fields=["gelezen_op"])


@transaction.atomic
def alles_gelezen(*, user, moment: datetime.datetime) -> int:
    """Marks all of `user`'s unread notices read; returns how many. Side effect: one UPDATE."""
    return Melding.objects.visible_to(user).ongelezen().update(gelezen_op=moment)


# --- e-mail --------------------------------------------------------------------------------------


@transaction.atomic
def wijzig_voorkeur(*, user, email: str, taal: str) -> MeldingVoorkeur:
    """Sets how `user` hears of notices by e-mail (direct, daily digest, none) and in which
    language; refuses a value outside the choices. Side effect: the user's MeldingVoorkeur,
    made the first time."""
    MeldingVoorkeur(user=user, email=email, taal=taal).clean_fields(exclude=["user"])
    voorkeur, _ = MeldingVoorkeur.objects.update_or_create(
        user=user, defaults={"email": email, "taal": taal}
    )
    return voorkeur


@dataclass
class Verzending:
    """What one e-mail run did: the users mailed with their number of notices, the users whose
    mail failed (their notices wait for the next run)."""

    verstuurd: dict[int, int] = field(default_factory=dict)
    mislukt: list[int] = field(default_factory=list)


class _AlGemaild(Exception):
    """A parallel run claimed (some of) these notices first."""


def verstuur_meldingen(*, keuzes: Iterable[str], moment: datetime.datetime) -> Verzending:
    """Mails every active user with an e-mail address whose choice is in `keuzes` the notices
    they have neither had mailed nor read: one e-mail per user (counts, references and links,
    never names, addresses or descriptions: meldingen.email), in their language. Each user in a
    transaction of their own: their notices are claimed (marked `gemaild_op` = `moment`, through
    `Melding.objects.visible_to`), then the mail is sent; a failing mail rolls its claim back, so
    those notices wait for the next run and the other users still get theirs; a notice claimed by
    a parallel run is not mailed twice. Queries: the users, their notices (one query per 500
    users), then a claim per user; never one per notice. Side effects: e-mails, `gemaild_op`."""
    verslag = Verzending()
    verbinding = mail.get_connection()
    try:
        for user, meldingen in selectors.te_mailen(keuzes=keuzes):
            try:
                _verstuur_aan(user, meldingen, moment=moment, verbinding=verbinding)
            except _AlGemaild:
                continue
            except Exception:
                logger.exception("E-mail over meldingen aan gebruiker %s mislukt", user.pk)
                verslag.mislukt.append(user.pk)
                _sluit(verbinding)  # the next mail starts on a fresh connection
            else:
                verslag.verstuurd[user.pk] = len(meldingen)
    finally:
        _sluit(verbinding)
    return verslag


def _verstuur_aan(user, meldingen: list[Melding], *, moment, verbinding) -> None:
    bericht = maak_bericht(user, meldingen, verbinding=verbinding)
    with transaction.atomic():
        geclaimd = (
            Melding.objects.visible_to(user)
            .te_mailen()
            .filter(pk__in=[m.pk for m in meldingen])
            .update(gemaild_op=moment)
        )
        if geclaimd != len(meldingen):
            raise _AlGemaild
        verbinding.open()  # once: the next users' mails go over the same connection
        if verbinding.send_messages([bericht]) != 1:
            raise RuntimeError("de mailserver nam het bericht niet aan")


def _sluit(verbinding) -> None:
    try:
        verbinding.close()
    except Exception:
        logger.warning("De verbinding met de mailserver sloot niet netjes", exc_info=True)


@dataclass
class Dagverslag:
    """The daily run: the notices made (unsaved with a dry run) and per user the e-mail the run
    sends or would send (selectors.email_plan)."""

    meldingen: list[Melding]
    emails: dict[int, tuple[str, int]]
    opgeruimd: int = 0  # old notices deleted (or, with a dry run, that would be)


def ruim_oude_meldingen_op(*, vandaag: datetime.date, dry_run: bool = False) -> int:
    """Deletes the notices made more than settings.MELDINGEN_BEWAAR_DAGEN days before `vandaag`,
    read or not: they only pointed at work of long ago, and nothing is kept longer than it
    serves (the records themselves follow the retention period). By when a notice was made, not
    the day it is about (a new notice may be about an older day). Returns how many (with
    `dry_run`: would)."""
    grens = datetime.datetime.combine(
        vandaag - datetime.timedelta(days=settings.MELDINGEN_BEWAAR_DAGEN),
        datetime.time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    oud = Melding.objects.filter(aangemaakt__lt=grens)
    if dry_run:
        return oud.count()
    aantal, _per_model = oud.delete()
    return aantal


def dagelijkse_run(*, vandaag: datetime.date, dry_run: bool = False) -> Dagverslag:
    """The daily run: the day's reminders (maak_herinneringen), then the daily digest for the
    users who chose it, enqueued for the worker (the task `verstuur_dagoverzicht`) once the
    reminders are stored, so it carries them. With `dry_run` nothing is stored, enqueued or
    sent: it reports what would be. Also deletes the notices past their keeping period
    (`ruim_oude_meldingen_op`). Side effects: notices made and deleted, one task enqueued."""
    meldingen = maak_herinneringen(vandaag=vandaag, dry_run=dry_run)
    opgeruimd = ruim_oude_meldingen_op(vandaag=vandaag, dry_run=dry_run)
    emails = selectors.email_plan(erbij=meldingen if dry_run else ())
    if not dry_run and any(keuze == EmailKeuze.DAGELIJKS for keuze, _ in emails.values()):
        from meldingen import tasks  # the tasks call these services

        transaction.on_commit(tasks.verstuur_dagoverzicht.enqueue, robust=True)
    return Dagverslag(meldingen=meldingen, emails=emails, opgeruimd=opgeruimd)

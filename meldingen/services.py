"""Writing notices and mailing them.

- `bewaar_meldingen` stores notices: every path that makes notices goes through it (the daily
  reminders here, the events other apps signal), so each new notice is mailed by its recipient's
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

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from hulpvragen.models import Hulpvraag
from hulpvragen.selectors import flag_conditions
from meldingen import selectors
from meldingen.email import maak_bericht
from meldingen.models import EmailKeuze, Melding, MeldingVoorkeur, Soort
from netwerk.roles import Rol
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Aanvraag
from noodfonds.selectors import derde_oordeel_kandidaten

logger = logging.getLogger("samenvooruit.meldingen")

HULPVRAAG = "hulpvragen.hulpvraag"
AANVRAAG = "noodfonds.aanvraag"


@dataclass(frozen=True)
class Kandidaat:
    """A notice that may be due: who, what, about which record, for which day."""

    ontvanger_id: int
    soort: str
    object_type: str
    object_id: int
    referentie: str
    link: str
    datum: datetime.date

    @property
    def sleutel(self) -> tuple:
        return (self.ontvanger_id, self.soort, self.object_type, self.object_id, self.datum)


@transaction.atomic
def maak_herinneringen(*, vandaag: datetime.date, dry_run: bool = False) -> list[Melding]:
    """The notices due on `vandaag` that were not made yet: for trusted persons a follow-up date
    reached (or passed without a contact since) and an open help request without contact for
    ZONDER_CONTACT_DAGEN (one per help request per day); for committee members a submitted
    application new in the queue (once) and a split vote they may decide (per day). Side
    effects: stores the new notices, unless `dry_run`. Returns them (unsaved with dry_run)."""
    kandidaten = [
        *_hulpvraag_kandidaten(vandaag),
        *_nieuwe_aanvragen(vandaag),
        *_derde_oordelen(vandaag),
    ]
    al_gemaakt = _bestaande_sleutels(kandidaten)
    with translation.override(settings.LANGUAGE_CODE):
        nieuw = [_melding(k) for k in kandidaten if k.sleutel not in al_gemaakt]
    if not dry_run:
        bewaar_meldingen(nieuw)
    return nieuw


def bewaar_meldingen(meldingen: Iterable[Melding]) -> None:
    """Stores new notices, then (once the caller's transaction commits) has them mailed to the
    recipients who chose "direct" (the task `verstuur_direct`; "dagelijks" waits for the daily
    digest). The one way to store notices: every path that makes them calls it. A notice that
    exists already (same recipient, kind, record and day: the constraint) is left out, also when
    a parallel run stores it at the same moment. Side effects: INSERTs, one task enqueued."""
    meldingen = list(meldingen)
    if not meldingen:
        return
    Melding.objects.bulk_create(meldingen, ignore_conflicts=True, batch_size=1000)
    from meldingen import tasks  # the tasks call these services

    # robust: a failing enqueue does not fail the caller (the hourly job sends it instead)
    transaction.on_commit(tasks.verstuur_direct.enqueue, robust=True)


def _hulpvraag_kandidaten(vandaag: datetime.date):
    """(a) and (b): two queries. The follow-up flag counts from the day after the follow-up
    date; a reminder is due on the day itself, so it is asked as of tomorrow."""
    morgen = vandaag + datetime.timedelta(days=1)
    condities = {
        Soort.NAZORG: flag_conditions(morgen)["nazorg_verlopen"],
        Soort.ZONDER_CONTACT: flag_conditions(vandaag)["zonder_contact"],
    }
    for soort, conditie in condities.items():
        rijen = (
            Hulpvraag.objects.filter(conditie, huishouden__vertrouwenspersoon__user__is_active=True)
            .order_by()
            .values_list(
                "pk", "uuid", "huishouden__referentie", "huishouden__vertrouwenspersoon__user_id"
            )
        )
        for pk, uuid, referentie, user_id in rijen:
            link = reverse("hulpvragen:hulpvraag_detail", kwargs={"uuid": uuid})
            yield Kandidaat(user_id, soort, HULPVRAAG, pk, referentie, link, vandaag)


def _commissieleden() -> set[int]:
    return set(
        get_user_model()
        .objects.filter(is_active=True, groups__name=Rol.FONDSCOMMISSIE)
        .values_list("pk", flat=True)
    )


def _nieuwe_aanvragen(vandaag: datetime.date):
    """(c) A submitted application not yet assessed by anyone, for every active member without
    an interest in it: once per application (the notice is dated on its submission). Two queries."""
    uitgesloten: dict[int, set] = defaultdict(set)
    info = {}
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
        info[pk] = (uuid, referentie, ingediend_op or vandaag)
        uitgesloten[pk].update(belang)
    leden = _commissieleden() if info else set()
    for pk, (uuid, referentie, datum) in info.items():
        link = reverse("noodfonds:commissie_detail", kwargs={"uuid": uuid})
        for lid in sorted(leden - uitgesloten[pk]):
            yield Kandidaat(lid, Soort.NIEUWE_AANVRAAG, AANVRAAG, pk, referentie, link, datum)


def _derde_oordelen(vandaag: datetime.date):
    """(c) A split vote: every member who may give the third opinion, once a day while it waits
    (noodfonds.selectors.derde_oordeel_kandidaten: two queries, plus one for the references)."""
    kandidaten = {pk: leden for pk, leden in derde_oordeel_kandidaten().items() if leden}
    if not kandidaten:
        return
    rijen = Aanvraag.objects.filter(pk__in=kandidaten).values_list("pk", "uuid", "referentie")
    for pk, uuid, referentie in rijen:
        link = reverse("noodfonds:commissie_detail", kwargs={"uuid": uuid})
        for lid in sorted(kandidaten[pk]):
            yield Kandidaat(lid, Soort.DERDE_OORDEEL, AANVRAAG, pk, referentie, link, vandaag)


def _bestaande_sleutels(kandidaten: list[Kandidaat]) -> set[tuple]:
    """The keys of the candidates already stored: one query per kind, by its days (one day
    for the daily kinds; an IN list of record ids would grow with the network)."""
    per_soort = defaultdict(set)
    for k in kandidaten:
        per_soort[k.soort].add(k.datum)
    sleutels = set()
    for soort, datums in per_soort.items():
        sleutels.update(
            Melding.objects.filter(soort=soort, datum__in=datums).values_list(
                "ontvanger_id", "soort", "object_type", "object_id", "datum"
            )
        )
    return sleutels


def _melding(k: Kandidaat) -> Melding:
    return Melding(
        ontvanger_id=k.ontvanger_id,
        soort=k.soort,
        tekst=f"{Soort(k.soort).label}: {k.referentie}",
        link=k.link,
        object_type=k.object_type,
        object_id=k.object_id,
        referentie=k.referentie,
        datum=k.datum,
    )


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


def dagelijkse_run(*, vandaag: datetime.date, dry_run: bool = False) -> Dagverslag:
    """The daily run: the day's reminders (maak_herinneringen), then the daily digest for the
    users who chose it, enqueued for the worker (the task `verstuur_dagoverzicht`) once the
    reminders are stored, so it carries them. With `dry_run` nothing is stored, enqueued or
    sent: it reports what would be. Side effects: notices, one task enqueued."""
    meldingen = maak_herinneringen(vandaag=vandaag, dry_run=dry_run)
    emails = selectors.email_plan(erbij=meldingen if dry_run else ())
    if not dry_run and any(keuze == EmailKeuze.DAGELIJKS for keuze, _ in emails.values()):
        from meldingen import tasks  # the tasks call these services

        transaction.on_commit(tasks.verstuur_dagoverzicht.enqueue, robust=True)
    return Dagverslag(meldingen=meldingen, emails=emails)

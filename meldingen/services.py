"""Writing notices. `maak_herinneringen` is the daily run (`manage.py herinneringen` and the
periodic job `meldingen.tasks.herinneringen`): set-based, a fixed number of queries however many
users and records, and idempotent (one notice per recipient, kind, record and day)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from hulpvragen.models import Hulpvraag
from hulpvragen.selectors import flag_conditions
from meldingen.models import Melding, Soort
from netwerk.roles import Rol
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Aanvraag
from noodfonds.selectors import derde_oordeel_kandidaten

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
        # ignore_conflicts: a parallel run of the same day adds nothing twice (the constraint)
        Melding.objects.bulk_create(nieuw, ignore_conflicts=True, batch_size=1000)
    return nieuw


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

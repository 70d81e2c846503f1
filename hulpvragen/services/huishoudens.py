"""Households and their persons: the intake, changes, and the check for possible duplicates
before a new household or person is saved."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hulpvragen import selectors, signals
from hulpvragen.choices import Status, ToestemmingScope
from hulpvragen.models import Huishouden, Hulpvrager, OudeReferentie, Thema, Toestemming
from hulpvragen.services.regels import (
    REFERENTIE_PREFIX,
    check_assignment_in_scope,
    check_not_anonymised,
    check_vertrouwenspersoon_bij_organisatie,
    normaliseer_postcode,
    validate_geboortejaar,
    validate_huishouden,
    validate_intake_datum,
    validate_toestemming_datum,
)
from hulpvragen.services.status import add_hulpvraag
from netwerk.models import Organisatie, Toegangslog, Vertrouwenspersoon
from netwerk.roles import is_coordinator
from netwerk.services import check_inzetbaar
from netwerk.toegangslog import Actie, log_access
from samenvooruit.grenzen import check_max_lengths
from samenvooruit.versie import controleer_versie


def next_referentie(*, jaar: int) -> str:
    """The next free `HH-<year>-<number>` (4 digits, more when a year passes 9999)."""
    prefix = f"{REFERENTIE_PREFIX}-{jaar}-"
    # a merged household's reference is never given out again (it still leads to the kept one)
    in_use = [
        *Huishouden.objects.filter(referentie__startswith=prefix).values_list(
            "referentie", flat=True
        ),
        *OudeReferentie.objects.filter(referentie__startswith=prefix).values_list(
            "referentie", flat=True
        ),
    ]
    numbers = [int(ref[len(prefix) :]) for ref in in_use if ref[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _create_huishouden(*, jaar: int, **fields) -> Huishouden:
    """Insert with a fresh reference; a concurrent insert of the same reference retries."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Huishouden.objects.create(referentie=next_referentie(jaar=jaar), **fields)
        except IntegrityError:
            continue
    raise IntegrityError("Geen vrije huishoudreferentie gevonden.")


@transaction.atomic
def register_intake(
    *,
    huishouden: dict,
    hulpvrager: dict,
    hulpvraag: dict,
    themas: Iterable[Thema],
    toestemming_datum: datetime.date,
    toestemming_scope: str = ToestemmingScope.REGISTRATIE,
    vertrouwenspersoon: Vertrouwenspersoon | None = None,
    organisatie: Organisatie | None = None,
    door=None,
    referentie: str | None = None,
) -> Huishouden:
    """The shared intake: a person tells their story once. Creates the household (with a new
    reference, or `referentie` when one is given, e.g. by an import), its main person, the consent
    record, and the first help request with its initial status-history entry on the intake date.
    With `door` (a user), the assignment must be one `door` may choose (check_assignment_in_scope).
    An assignment to a trusted person is an event (signals.huishouden_toegewezen).
    """
    intake_datum = hulpvraag["intake_datum"]
    validate_intake_datum(intake_datum)
    validate_toestemming_datum(toestemming_datum, field="toestemming_datum")
    validate_geboortejaar(hulpvrager.get("geboortejaar"), intake_datum=intake_datum)
    validate_huishouden(huishouden)
    check_max_lengths(Hulpvrager, hulpvrager)
    if door is not None:
        check_assignment_in_scope(
            door=door, vertrouwenspersoon=vertrouwenspersoon, organisatie=organisatie
        )
    check_vertrouwenspersoon_bij_organisatie(vertrouwenspersoon, organisatie)
    check_inzetbaar([vertrouwenspersoon])  # onboarding before the first household
    if vertrouwenspersoon and not organisatie:
        organisatie = vertrouwenspersoon.organisatie
    assignment = {"vertrouwenspersoon": vertrouwenspersoon, "organisatie": organisatie}
    if "postcode" in huishouden:
        huishouden = {**huishouden, "postcode": normaliseer_postcode(huishouden["postcode"])}
    if referentie:
        if (
            Huishouden.objects.filter(referentie=referentie).exists()
            or OudeReferentie.objects.filter(referentie=referentie).exists()
        ):
            raise ValidationError(
                {"referentie": _("Referentie %(ref)s bestaat al.") % {"ref": referentie}}
            )
        household = Huishouden.objects.create(referentie=referentie, **assignment, **huishouden)
    else:
        household = _create_huishouden(jaar=intake_datum.year, **assignment, **huishouden)
    Toestemming.objects.create(
        huishouden=household, datum=toestemming_datum, scope=toestemming_scope, vastgelegd_door=door
    )
    person = Hulpvrager.objects.create(huishouden=household, is_hoofdpersoon=True, **hulpvrager)
    add_hulpvraag(huishouden=household, hulpvrager=person, themas=themas, door=door, **hulpvraag)
    if vertrouwenspersoon is not None:
        signals.huishouden_toegewezen.send(
            sender=Huishouden,
            huishouden=household,
            vertrouwenspersoon=vertrouwenspersoon,
            door=door,
        )
    return household


@transaction.atomic
def update_huishouden(
    *, huishouden: Huishouden, data: dict, may_reassign: bool, door=None, versie: int | None = None
) -> Huishouden:
    """Save a household's fields. Only when `may_reassign` do `vertrouwenspersoon` and
    `organisatie` change; then the household's open help requests follow the new trusted person.
    With `door` (a user), a new trusted person or organisation must be one `door` may choose
    (check_assignment_in_scope). `versie`: the version the edit form was opened at; a household
    changed since is refused with what changed (samenvooruit.versie.controleer_versie). A new
    trusted person is an event (signals.huishouden_toegewezen)."""
    check_not_anonymised(huishouden.pk)
    controleer_versie(huishouden, versie, velden=data.keys())
    validate_huishouden(data)
    vp_before = huishouden.vertrouwenspersoon_id
    assignment = {"vertrouwenspersoon", "organisatie"}
    if "postcode" in data:
        data = {**data, "postcode": normaliseer_postcode(data["postcode"])}
    for name, value in data.items():
        if name not in assignment:
            setattr(huishouden, name, value)
    if may_reassign and assignment & data.keys():
        vp = data.get("vertrouwenspersoon", huishouden.vertrouwenspersoon)
        org = data.get("organisatie", huishouden.organisatie)
        if door is not None:
            check_assignment_in_scope(
                door=door, vertrouwenspersoon=vp, organisatie=org, current=huishouden
            )
        check_vertrouwenspersoon_bij_organisatie(vp, org)
        if vp is not None and vp.pk != vp_before:
            check_inzetbaar([vp])  # onboarding before the first household
        huishouden.vertrouwenspersoon = vp
        huishouden.organisatie = org or (vp.organisatie if vp else None)
        huishouden.hulpvragen.exclude(status=Status.AFGEROND).update(vertrouwenspersoon=vp)
    huishouden.full_clean()
    huishouden.save()
    if huishouden.vertrouwenspersoon_id not in (None, vp_before):
        signals.huishouden_toegewezen.send(
            sender=Huishouden,
            huishouden=huishouden,
            vertrouwenspersoon=huishouden.vertrouwenspersoon,
            door=door,
        )
    return huishouden


@transaction.atomic
def add_hulpvrager(*, huishouden: Huishouden, **fields) -> Hulpvrager:
    """Add a person to a household; the first person becomes the main person."""
    check_not_anonymised(huishouden.pk)
    validate_geboortejaar(fields.get("geboortejaar"))
    check_max_lengths(Hulpvrager, fields)
    is_first = not huishouden.personen.exists()
    return Hulpvrager.objects.create(huishouden=huishouden, is_hoofdpersoon=is_first, **fields)


@transaction.atomic
def update_hulpvrager(
    *, hulpvrager: Hulpvrager, data: dict, versie: int | None = None
) -> Hulpvrager:
    """Save a person's fields; the birth year by `validate_geboortejaar`, not after the year of
    the person's first help request. `versie`: the version the edit form was opened at; a person
    changed since is refused with what changed (samenvooruit.versie.controleer_versie)."""
    check_not_anonymised(hulpvrager.huishouden_id)
    controleer_versie(hulpvrager, versie, velden=data.keys())
    eerste = hulpvrager.hulpvragen.order_by("intake_datum").values_list("intake_datum", flat=True)
    validate_geboortejaar(data.get("geboortejaar"), intake_datum=eerste.first())
    check_max_lengths(Hulpvrager, data)
    for name, value in data.items():
        setattr(hulpvrager, name, value)
    hulpvrager.save()
    return hulpvrager


MAX_HINTS_PER_UUR = 20  # households hinted to one user per hour (no probing by guessing names)


MAX_DUBBELEN = 5  # households hinted at one check


HINT_VENSTER = datetime.timedelta(hours=1)


@dataclass
class Dubbelcontrole:
    """What the check before saving tells its user: the possible duplicates they may see
    (`zichtbaar`), whether there are others they may not see (`elders`: they get only the
    neutral message), and whether the check was skipped because they had their hints for this
    hour (`beperkt`)."""

    zichtbaar: list = field(default_factory=list)
    elders: bool = False
    beperkt: bool = False

    @property
    def iets_gevonden(self) -> bool:
        return bool(self.zichtbaar or self.elders or self.beperkt)


def hints_dit_uur(user) -> int:
    """The households hinted to `user` in the last hour: their entries in the access log."""
    return Toegangslog.objects.filter(
        gebruikersnaam=user.get_username(),
        actie=Actie.MOGELIJK_DUBBEL,
        tijdstip__gte=timezone.now() - HINT_VENSTER,
    ).count()


@transaction.atomic
def controleer_dubbelen(
    *,
    door,
    request=None,
    naam: str = "",
    geboortejaar: int | None = None,
    telefoon: str = "",
    postcode: str = "",
) -> Dubbelcontrole:
    """The check before a new household (intake) or person is saved: the stored persons who may
    be this one (selectors.mogelijke_dubbelen), at most MAX_DUBBELEN households. `door` sees
    those of households they may see (Huishouden.visible_to: name, reference, reasons); of the
    others only that there are some (`elders`), and the coordinators are told (the signal
    `mogelijk_dubbel`, a notice each). Every household hinted is in the access log (one entry,
    naming it and whether it was shown); beyond MAX_HINTS_PER_UUR such entries in the last hour
    a user other than a coordinator (who may see every household anyway) gets no check at all
    (`beperkt`). Side effects: access-log entries, the signal. Stores nothing else."""
    budget = MAX_DUBBELEN
    if not is_coordinator(door):
        budget = min(budget, MAX_HINTS_PER_UUR - hints_dit_uur(door))
        if budget <= 0:
            return Dubbelcontrole(beperkt=True)
    gevonden = selectors.mogelijke_dubbelen(
        naam=naam, geboortejaar=geboortejaar, telefoon=telefoon, postcode=postcode
    )
    ids = list(dict.fromkeys(d.huishouden_id for d in gevonden))[:budget]
    if not ids:
        return Dubbelcontrole()
    huishoudens = Huishouden.objects.in_bulk(ids)
    zichtbaar = set(
        Huishouden.objects.visible_to(door).filter(pk__in=ids).values_list("pk", flat=True)
    )
    for pk in ids:
        getoond = pk in zichtbaar
        log_access(
            request,
            Actie.MOGELIJK_DUBBEL,
            huishoudens[pk],
            label="getoond" if getoond else "neutrale melding",
            user=door,
        )
    verborgen = [huishoudens[pk] for pk in ids if pk not in zichtbaar]
    if verborgen:
        signals.mogelijk_dubbel.send(sender=Huishouden, kandidaten=verborgen, door=door)
    return Dubbelcontrole(
        zichtbaar=[d for d in gevonden if d.huishouden_id in zichtbaar and d.huishouden_id in ids],
        elders=bool(verborgen),
    )


def meld_dubbel_opgeslagen(*, huishouden: Huishouden, hulpvrager: Hulpvrager, door) -> None:
    """After `door` saved a household or person in spite of the check's message: when it looks
    like a household `door` may not see, the coordinators are told which two (the signal
    `mogelijk_dubbel` with `nieuw`), so they can merge them. `door` is shown nothing. Side
    effect: the signal."""
    gevonden = selectors.mogelijke_dubbelen(
        naam=hulpvrager.naam,
        geboortejaar=hulpvrager.geboortejaar,
        telefoon=hulpvrager.telefoon,
        postcode=huishouden.postcode,
    )
    ids = list(dict.fromkeys(d.huishouden_id for d in gevonden if d.huishouden_id != huishouden.pk))
    zichtbaar = set(
        Huishouden.objects.visible_to(door).filter(pk__in=ids).values_list("pk", flat=True)
    )
    verborgen = [pk for pk in ids if pk not in zichtbaar][:MAX_DUBBELEN]
    if verborgen:
        bulk = Huishouden.objects.in_bulk(verborgen)
        kandidaten = [bulk[pk] for pk in verborgen]  # most alike first
        signals.mogelijk_dubbel.send(
            sender=Huishouden, kandidaten=kandidaten, door=door, nieuw=huishouden
        )

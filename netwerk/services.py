"""Writes of the network: logins with their roles, profile and link; organisations and trusted
persons (their versions: samenvooruit.versie); pilots, organisations and trusted persons
registered many at once (the registration workbook)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from netwerk.models import (
    MAX_TAAKSTELLING,
    MAX_UREN_PER_WEEK,
    VRIJSTELLING_BESTAAND,
    Organisatie,
    Pilot,
    Profiel,
    Thema,
    Vertrouwenspersoon,
    VertrouwenspersoonStatus,
)
from netwerk.roles import Rol, has_role, organisatie_id_of
from netwerk.selectors import gebruikers_visible_to, grantable_roles, niet_inzetbaar
from netwerk.zoeken import organisatie_zoektekst
from samenvooruit.grenzen import (
    PLAN_JAREN,
    check_at_most,
    check_date_range,
    check_max_lengths,
    years_ahead,
)
from samenvooruit.versie import controleer_versie

BATCH = 500  # rows per INSERT when many records are registered at once


def validate_pilot_periode(
    *, startdatum: datetime.date | None, einddatum: datetime.date | None
) -> None:
    """The period rule of a pilot and of a trusted person (the forms, the services that write
    them and the registration workbook): both dates from VROEGSTE_DATUM to PLAN_JAREN years
    ahead (codes "te_vroeg", "te_laat"), and the end date not before the start date (code
    "voor_start"); an open end (or start) passes. Raises ValidationError keyed by the date."""
    uiterlijk = years_ahead(timezone.localdate(), PLAN_JAREN)
    for key, datum in (("startdatum", startdatum), ("einddatum", einddatum)):
        if datum is not None:
            check_date_range(datum, key=key, latest=uiterlijk)
    if startdatum is not None and einddatum is not None and einddatum < startdatum:
        raise ValidationError(
            {
                "einddatum": ValidationError(
                    _("De einddatum ligt vóór de startdatum."), code="voor_start"
                )
            }
        )


def validate_taakstelling(taakstelling: int | None, *, field: str = "taakstelling") -> None:
    """A pilot's target is at most MAX_TAAKSTELLING help requests."""
    check_at_most(
        taakstelling, maximum=MAX_TAAKSTELLING, key=field, label=gettext_lazy("De taakstelling")
    )


def validate_uren_per_week(uren: int | None, *, field: str = "uren_per_week") -> None:
    """A trusted person gives at most MAX_UREN_PER_WEEK hours a week."""
    check_at_most(
        uren, maximum=MAX_UREN_PER_WEEK, key=field, label=gettext_lazy("Het aantal uren per week")
    )


# Roles that work for one organisation: without it they would see nothing.
ROLLEN_MET_ORGANISATIE = frozenset({Rol.ORGCOORDINATOR, Rol.VERTROUWENSPERSOON})


def validate_rollen(
    *, rollen, organisatie: Organisatie | None, vertrouwenspersoon: Vertrouwenspersoon | None
) -> None:
    """The rules of a login's roles: a role that works for one organisation needs it, and a
    linked trusted person needs the trusted-person role and belongs to that organisation.
    Raises ValidationError keyed by the field (organisatie, vertrouwenspersoon)."""
    rollen = {Rol(rol) for rol in rollen}
    errors = {}
    if rollen & ROLLEN_MET_ORGANISATIE and organisatie is None:
        errors["organisatie"] = _("Kies de organisatie: deze rol werkt voor een organisatie.")
    if vertrouwenspersoon is not None:
        if Rol.VERTROUWENSPERSOON not in rollen:
            errors["vertrouwenspersoon"] = _(
                "Een gekoppelde vertrouwenspersoon vraagt de rol Vertrouwenspersoon."
            )
        elif organisatie is not None and vertrouwenspersoon.organisatie_id != organisatie.pk:
            errors["vertrouwenspersoon"] = _(
                "Deze vertrouwenspersoon hoort bij een andere organisatie."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_pilot(*, pilot: Pilot) -> Pilot:
    """Store a new or changed pilot (one row) after `validate_pilot_periode` and
    `validate_taakstelling`."""
    validate_pilot_periode(startdatum=pilot.startdatum, einddatum=pilot.einddatum)
    validate_taakstelling(pilot.taakstelling)
    check_max_lengths(Pilot, {"naam": pilot.naam})
    pilot.save()
    return pilot


def vertrouwenspersoon_periode(
    *,
    status: str,
    startdatum: datetime.date | None,
    einddatum: datetime.date | None,
    nieuw: bool,
    vandaag: datetime.date | None = None,
) -> tuple[datetime.date | None, datetime.date | None]:
    """The dated period of a trusted person, which the report counts by (`selectors.actief_op`):
    a new trusted person without a start date starts today (or on the end date, if that lies
    earlier); a stopped one without an end date stopped today (or on the start date, if that lies
    later). So a trusted person added or stopped now never changes a figure of an earlier date.
    An existing record without a start date keeps it empty."""
    vandaag = vandaag or timezone.localdate()
    if startdatum is None and nieuw:
        startdatum = min(vandaag, einddatum) if einddatum else vandaag
    if einddatum is None and status == VertrouwenspersoonStatus.GESTOPT:
        einddatum = max(vandaag, startdatum) if startdatum else vandaag
    return startdatum, einddatum


NUMMER_POGINGEN = 5  # tries for a new number when another save took the same one meanwhile


def ken_nummers_toe(personen: list[Vertrouwenspersoon]) -> None:
    """The numbering rule: every trusted person without a number gets the next one, in the given
    order, after the highest number given so far (the first one is 1). Numbers are never reused
    nor changed. The number's unique constraint makes it race-safe: two saves that took the
    same number at once cannot both be stored (`save_vertrouwenspersoon` then tries again)."""
    zonder = [p for p in personen if p.nummer is None]
    if not zonder:
        return
    hoogste = Vertrouwenspersoon.objects.aggregate(m=Max("nummer"))["m"] or 0
    for volgnummer, persoon in enumerate(zonder, start=hoogste + 1):
        persoon.nummer = volgnummer


def _save_nieuw(persoon: Vertrouwenspersoon) -> None:
    """Insert a new trusted person with the next number; when another save took that number
    meanwhile (the unique constraint refuses it), take the next one."""
    for poging in range(NUMMER_POGINGEN):
        persoon.nummer = None
        ken_nummers_toe([persoon])
        try:
            with transaction.atomic():
                persoon.save()
            return
        except IntegrityError:
            bezet = Vertrouwenspersoon.objects.filter(nummer=persoon.nummer).exists()
            if not bezet or poging == NUMMER_POGINGEN - 1:
                persoon.pk = None
                raise
            persoon.pk = None


@transaction.atomic
def save_vertrouwenspersoon(
    *, vertrouwenspersoon: Vertrouwenspersoon, versie: int | None = None
) -> Vertrouwenspersoon:
    """Store a new or changed trusted person (one row): its period completed by
    `vertrouwenspersoon_periode`, then checked by `validate_pilot_periode`, `validate_uren_per_week`
    and the text bounds. A change from the
    edit form gives `versie`, the version it was opened at: a trusted person changed since is
    refused with what changed (samenvooruit.versie.controleer_versie)."""
    if vertrouwenspersoon.pk is not None:
        controleer_versie(vertrouwenspersoon, versie)
    persoon = vertrouwenspersoon
    persoon.startdatum, persoon.einddatum = vertrouwenspersoon_periode(
        status=persoon.status,
        startdatum=persoon.startdatum,
        einddatum=persoon.einddatum,
        nieuw=persoon.pk is None,
    )
    validate_pilot_periode(startdatum=persoon.startdatum, einddatum=persoon.einddatum)
    validate_uren_per_week(persoon.uren_per_week)
    check_max_lengths(Vertrouwenspersoon, {"naam": persoon.naam, "telefoon": persoon.telefoon})
    if persoon.pk is None:
        _save_nieuw(persoon)
    else:
        persoon.save()
    return persoon


@transaction.atomic
def save_organisatie(
    *, organisatie: Organisatie, versie: int | None = None, themas: Iterable[Thema] | None = None
) -> Organisatie:
    """Store a new or changed organisation and, when given, the themes it helps with (None
    leaves them as they are); its search text follows (netwerk.zoeken). A change from the edit
    form gives `versie`, the version it was opened at: an organisation changed since is refused
    with what changed (samenvooruit.versie.controleer_versie). Its target by
    `validate_taakstelling`, its texts by their bounds."""
    if organisatie.pk is not None:
        controleer_versie(organisatie, versie)
    validate_taakstelling(organisatie.taakstelling)
    check_max_lengths(
        Organisatie,
        {
            field: getattr(organisatie, field)
            for field in ("naam", "aanbod", "talen", "openingstijden")
        },
    )
    organisatie.save()
    if themas is not None:
        organisatie.themas.set(themas)
    refresh_zoektekst(organisaties=[organisatie])
    return organisatie


def refresh_zoektekst(*, organisaties: Iterable[Organisatie]) -> None:
    """Recompute the stored search text (name, offer, languages, address, theme names) of these
    organisations; one UPDATE each, their version and history untouched."""
    organisaties = list(organisaties)
    namen = defaultdict(list)
    koppelingen = Organisatie.themas.through.objects.filter(
        organisatie__in=[o.pk for o in organisaties]
    ).values_list("organisatie_id", "thema__naam")
    for organisatie_id, naam in koppelingen:
        namen[organisatie_id].append(naam)
    for organisatie in organisaties:
        organisatie.zoektekst = organisatie_zoektekst(organisatie, namen[organisatie.pk])
        Organisatie.objects.filter(pk=organisatie.pk).update(zoektekst=organisatie.zoektekst)


@transaction.atomic
def save_thema(*, thema: Thema) -> Thema:
    """Store a new or renamed theme; the search text of the organisations that help with it
    follows."""
    thema.save()
    refresh_zoektekst(organisaties=Organisatie.objects.filter(themas=thema))
    return thema


def _check_grant(*, door, rollen, organisatie, vertrouwenspersoon, gebruiker=None) -> None:
    """The forms only offer what `door` may grant; this refuses a forged request all the same."""
    if not set(rollen) <= set(grantable_roles(door)):
        raise PermissionDenied("role above the granter's own")
    if not has_role(door, Rol.COORDINATOR):
        if organisatie is None or organisatie.pk != organisatie_id_of(door):
            raise PermissionDenied("organisation other than the granter's own")
    if vertrouwenspersoon is not None:
        editable = Vertrouwenspersoon.objects.editable_by(door)
        if not editable.filter(pk=vertrouwenspersoon.pk).exists():
            raise PermissionDenied("trusted person outside the granter's scope")
        if vertrouwenspersoon.user_id not in (None, getattr(gebruiker, "pk", None)):
            raise PermissionDenied("trusted person already linked to another login")


def _set_rollen(user, rollen) -> None:
    """Replace the user's role groups; other groups stay."""
    role_names = [rol.value for rol in Rol]
    user.groups.remove(*Group.objects.filter(name__in=role_names))
    user.groups.add(*Group.objects.filter(name__in=[str(r) for r in rollen]))


def _link_vertrouwenspersoon(user, vertrouwenspersoon) -> None:
    Vertrouwenspersoon.objects.filter(user=user).exclude(
        pk=getattr(vertrouwenspersoon, "pk", None)
    ).update(user=None)
    if vertrouwenspersoon is not None and vertrouwenspersoon.user_id != user.pk:
        vertrouwenspersoon.user = user
        vertrouwenspersoon.save(update_fields=["user"])


@transaction.atomic
def create_gebruiker(
    *,
    door,
    username: str,
    password: str,
    rollen: list[Rol],
    organisatie: Organisatie | None = None,
    vertrouwenspersoon: Vertrouwenspersoon | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
):
    """Create a login for `door`. Side effects: inserts the user, its role groups and its Profiel,
    and links `vertrouwenspersoon` (if given) to the new login. Raises PermissionDenied when `door`
    may not grant these roles, this organisation or this trusted person, ValidationError when
    they break `validate_rollen`."""
    _check_grant(
        door=door, rollen=rollen, organisatie=organisatie, vertrouwenspersoon=vertrouwenspersoon
    )
    validate_rollen(rollen=rollen, organisatie=organisatie, vertrouwenspersoon=vertrouwenspersoon)
    user = get_user_model().objects.create_user(
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    _set_rollen(user, rollen)
    Profiel.objects.create(user=user, organisatie=organisatie)
    _link_vertrouwenspersoon(user, vertrouwenspersoon)
    return user


@transaction.atomic
def update_gebruiker(
    *,
    door,
    gebruiker,
    rollen: list[Rol],
    organisatie: Organisatie | None,
    vertrouwenspersoon: Vertrouwenspersoon | None,
    first_name: str,
    last_name: str,
    email: str,
):
    """Change a login's name, e-mail, roles, organisation and trusted-person link. Side effects:
    updates the user, replaces its role groups, updates (or creates) its Profiel, and moves the
    trusted-person link. Raises PermissionDenied outside what `door` manages or may grant,
    ValidationError when the roles break `validate_rollen`."""
    if not gebruikers_visible_to(door).filter(pk=gebruiker.pk).exists():
        raise PermissionDenied("login outside the manager's scope")
    _check_grant(
        door=door,
        rollen=rollen,
        organisatie=organisatie,
        vertrouwenspersoon=vertrouwenspersoon,
        gebruiker=gebruiker,
    )
    validate_rollen(rollen=rollen, organisatie=organisatie, vertrouwenspersoon=vertrouwenspersoon)
    gebruiker.first_name, gebruiker.last_name, gebruiker.email = first_name, last_name, email
    gebruiker.save(update_fields=["first_name", "last_name", "email"])
    _set_rollen(gebruiker, rollen)
    Profiel.objects.update_or_create(user=gebruiker, defaults={"organisatie": organisatie})
    _link_vertrouwenspersoon(gebruiker, vertrouwenspersoon)
    return gebruiker


def set_gebruiker_actief(*, door, gebruiker, actief: bool):
    """(De)activate a login; an inactive login can no longer sign in and its sessions end.
    Side effect: updates `is_active`. Raises ValidationError when `door` deactivates itself,
    PermissionDenied outside what `door` manages."""
    if not gebruikers_visible_to(door).filter(pk=gebruiker.pk).exists():
        raise PermissionDenied("login outside the manager's scope")
    if gebruiker.pk == door.pk and not actief:
        raise ValidationError(_("U kunt uw eigen login niet blokkeren."))
    gebruiker.is_active = actief
    gebruiker.save(update_fields=["is_active"])
    return gebruiker


def unlock_gebruiker(*, door, gebruiker) -> int:
    """Lift a lockout after failed logins (django-axes): removes the login's failed attempts from
    every address. Returns how many attempt records went. Raises PermissionDenied outside what
    `door` manages."""
    if not gebruikers_visible_to(door).filter(pk=gebruiker.pk).exists():
        raise PermissionDenied("login outside the manager's scope")
    return axes_reset(username=gebruiker.get_username())


def reset_tweestaps(*, door, gebruiker) -> int:
    """Remove a login's two-factor devices (a lost phone); the user sets it up again at the next
    login where it is required. Returns how many devices went. Raises PermissionDenied outside
    what `door` manages."""
    if not gebruikers_visible_to(door).filter(pk=gebruiker.pk).exists():
        raise PermissionDenied("login outside the manager's scope")
    deleted, _per_model = TOTPDevice.objects.filter(user=gebruiker).delete()
    return deleted


# --- many at once (the registration workbook) -------------------------------------------------


@transaction.atomic
def register_pilots(*, pilots: list[dict]) -> list[Pilot]:
    """Register many pilots; each dict holds naam, startdatum, einddatum and taakstelling, the
    period by `validate_pilot_periode` (ValidationError). Side effect: inserts the pilots.
    Returns them in the given order, with their ids."""
    for velden in pilots:
        validate_pilot_periode(startdatum=velden["startdatum"], einddatum=velden["einddatum"])
        validate_taakstelling(velden.get("taakstelling"))
        check_max_lengths(Pilot, velden)
    return Pilot.objects.bulk_create([Pilot(**velden) for velden in pilots], batch_size=BATCH)


@transaction.atomic
def register_organisaties(*, organisaties: list[dict]) -> list[Organisatie]:
    """Register many organisations; each dict holds Organisatie fields (naam, soort, partner).
    Side effect: inserts them. Returns them in the given order, with their ids."""
    for velden in organisaties:
        check_max_lengths(Organisatie, velden)
        validate_taakstelling(velden.get("taakstelling"))
    objects = [Organisatie(**velden) for velden in organisaties]
    for organisatie in objects:
        organisatie.zoektekst = organisatie_zoektekst(organisatie, [])
    return Organisatie.objects.bulk_create(objects, batch_size=BATCH)


@transaction.atomic
def register_vertrouwenspersonen(*, vertrouwenspersonen: list[dict]) -> list[Vertrouwenspersoon]:
    """Register many trusted persons without a login; each dict holds naam, organisatie_id,
    status and optionally startdatum and einddatum (the period completed by
    `vertrouwenspersoon_periode`, then checked by `validate_pilot_periode`: ValidationError).
    Side effect: inserts them. Returns them in the given order, with their ids."""
    objects = []
    for velden in vertrouwenspersonen:
        startdatum, einddatum = vertrouwenspersoon_periode(
            status=velden.get("status", VertrouwenspersoonStatus.IN_OPLEIDING),
            startdatum=velden.get("startdatum"),
            einddatum=velden.get("einddatum"),
            nieuw=True,
        )
        validate_pilot_periode(startdatum=startdatum, einddatum=einddatum)
        objects.append(
            Vertrouwenspersoon(**{**velden, "startdatum": startdatum, "einddatum": einddatum})
        )
        check_max_lengths(Vertrouwenspersoon, velden)
    ken_nummers_toe(objects)
    for persoon in objects:
        # the workbook registers people who already work: they start with a recorded exemption
        if not persoon.vrijstelling_reden:
            persoon.vrijstelling_reden = VRIJSTELLING_BESTAAND
            persoon.vrijstelling_datum = timezone.localdate()
    return Vertrouwenspersoon.objects.bulk_create(objects, batch_size=BATCH)


# --- onboarding before the first household (issue 22 §3) ------------------------------------


def check_inzetbaar(vertrouwenspersonen: Iterable, *, field: str = "vertrouwenspersoon") -> None:
    """THE rule before a household goes to a trusted person (every path that assigns calls it:
    intake, household edit, handover, the workbook, the demo, the benchmark through them): a VOG
    date, a signed confidentiality statement and a completed training, or an exemption by a
    coordinator. `vertrouwenspersonen`: records or ids (None is skipped), read as stored, BATCH
    ids per query. Raises ValidationError keyed by `field` naming the person and what is
    missing; changes nothing."""
    from netwerk.selectors import ontbrekend_inwerken

    ids = sorted({v if isinstance(v, int) else v.pk for v in vertrouwenspersonen if v is not None})
    for start in range(0, len(ids), BATCH):
        persoon = (
            niet_inzetbaar(Vertrouwenspersoon.objects.filter(pk__in=ids[start : start + BATCH]))
            .order_by("naam", "pk")
            .first()
        )
        if persoon is not None:
            raise ValidationError(
                {
                    field: ValidationError(
                        _(
                            "%(vp)s kan nog geen huishouden krijgen. Nog niet vastgelegd: "
                            "%(wat)s. Een coördinator legt dit vast bij Inwerken op de pagina "
                            "van de vertrouwenspersoon (of geeft een vrijstelling met reden)."
                        )
                        % {"vp": persoon.naam, "wat": ", ".join(ontbrekend_inwerken(persoon))},
                        code="niet_ingewerkt",
                    )
                }
            )


def validate_inwerk_datum(datum: datetime.date | None, *, field: str) -> None:
    """A date of the onboarding (VOG, confidentiality statement, completed training): from
    VROEGSTE_DATUM, not in the future."""
    if datum is not None:
        check_date_range(datum, key=field, latest=timezone.localdate())


@transaction.atomic
def save_inwerken(
    *,
    persoon: Vertrouwenspersoon,
    door,
    vog_datum: datetime.date | None,
    geheimhouding_datum: datetime.date | None,
    vrijstelling_reden: str,
    versie: int | None = None,
) -> Vertrouwenspersoon:
    """A coordinator records the onboarding of `persoon`: the VOG date, the date the
    confidentiality statement was signed, and an exemption with its reason ("" withdraws it).
    A new or changed reason is dated today and signed by `door`. Only coordinators
    (PermissionDenied); dates by `validate_inwerk_datum`; a form opened before another change
    is refused (controleer_versie)."""
    if not has_role(door, Rol.COORDINATOR):
        raise PermissionDenied
    controleer_versie(persoon, versie)
    validate_inwerk_datum(vog_datum, field="vog_datum")
    validate_inwerk_datum(geheimhouding_datum, field="geheimhouding_datum")
    reden = (vrijstelling_reden or "").strip()
    check_max_lengths(Vertrouwenspersoon, {"vrijstelling_reden": reden})
    persoon.vog_datum = vog_datum
    persoon.geheimhouding_datum = geheimhouding_datum
    if reden != persoon.vrijstelling_reden:
        persoon.vrijstelling_reden = reden
        persoon.vrijstelling_datum = timezone.localdate() if reden else None
        persoon.vrijstelling_door = door if reden else None
    persoon.save()
    return persoon


def registreer_opleiding_afgerond(*, vertrouwenspersoon_id: int, datum: datetime.date) -> None:
    """The training's completion written down to the network (the casework cannot read the
    training): the earliest completion date counts; one UPDATE, the version untouched."""
    validate_inwerk_datum(datum, field="datum")
    Vertrouwenspersoon.objects.filter(pk=vertrouwenspersoon_id).filter(
        models.Q(opleiding_afgerond_op__isnull=True) | models.Q(opleiding_afgerond_op__gt=datum)
    ).update(opleiding_afgerond_op=datum)

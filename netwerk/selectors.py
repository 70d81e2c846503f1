"""Reads of the network that are not a single model's `visible_to`: logins and the roles one may grant."""

import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from netwerk.roles import GRANTABLE, Rol, has_role, organisatie_id_of, roles_of


def grantable_roles(user) -> list[Rol]:
    """The roles `user` may hand out (netwerk.roles.GRANTABLE), in the order of `Rol`."""
    allowed = set()
    for name in roles_of(user):
        allowed.update(GRANTABLE.get(Rol(name), []))
    return [rol for rol in Rol if rol in allowed]


def gebruikers_visible_to(user):
    """The logins `user` manages. Coordinators: every login (superusers only for superusers).
    Organisation coordinators: the logins of their own organisation that hold no role beyond
    what they may grant. Anyone else: none."""
    users = get_user_model().objects.all()
    if has_role(user, Rol.COORDINATOR):
        return users if user.is_superuser else users.filter(is_superuser=False)
    grantable = grantable_roles(user)
    organisatie_id = organisatie_id_of(user)
    if not grantable or not organisatie_id:
        return users.none()
    return users.filter(
        profiel__organisatie_id=organisatie_id, is_superuser=False, is_staff=False
    ).exclude(groups__name__in=[rol.value for rol in Rol if rol not in grantable])


def gebruikers_for_list(user):
    """`gebruikers_visible_to` with what the user table shows, in a fixed number of queries."""
    return (
        gebruikers_visible_to(user)
        .select_related("profiel__organisatie", "vertrouwenspersoon")
        .prefetch_related("groups")
        .order_by("username")
    )


def inlogstatus(gebruiker) -> dict:
    """What a manager sees about a login's security: failed attempts within the cool-off
    (django-axes), whether that amounts to a lockout, and whether two-factor is set up."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(
        username=gebruiker.get_username(), attempt_time__gte=since
    )
    most = attempts.aggregate(most=Max("failures_since_start"))["most"] or 0
    return {
        "mislukte_pogingen": most,
        "geblokkeerd": most >= settings.AXES_FAILURE_LIMIT,
        "tweestaps": TOTPDevice.objects.filter(user=gebruiker, confirmed=True).exists(),
    }


def actief_op(peildatum: datetime.date, *, prefix: str = "") -> Q:
    """A trusted person who worked on `peildatum`: started on or before it, and without an end
    date before it (on the end date itself they still work). Dates only, never the status (a
    stop recorded later must not change an earlier figure): the services give every new trusted
    person a start date and every stopped one an end date (`services.save_vertrouwenspersoon`).
    Without a start date (data that bypassed the services): not counted."""
    return Q(**{f"{prefix}startdatum__lte": peildatum}) & (
        Q(**{f"{prefix}einddatum__isnull": True}) | Q(**{f"{prefix}einddatum__gte": peildatum})
    )


# --- onboarding before the first household (issue 22 §3) ------------------------------------


def niet_ingewerkt(prefix: str = "") -> Q:
    """A trusted person who may not get a household yet: no exemption, and no VOG date, no
    signed confidentiality statement or no completed training (services.check_inzetbaar)."""
    return Q(**{f"{prefix}vrijstelling_reden": ""}) & (
        Q(**{f"{prefix}vog_datum__isnull": True})
        | Q(**{f"{prefix}geheimhouding_datum__isnull": True})
        | Q(**{f"{prefix}opleiding_afgerond_op__isnull": True})
    )


def niet_inzetbaar(vertrouwenspersonen):
    """Which of `vertrouwenspersonen` (a queryset of trusted persons) may not get a household
    yet: the rule of services.check_inzetbaar (`niet_ingewerkt`), for the refusal and for the
    forms that offer a choice (they mark these before the submit refuses them)."""
    return vertrouwenspersonen.filter(niet_ingewerkt())


def vog_verlopen_voor(vandaag: datetime.date | None = None) -> datetime.date:
    """The date before which a VOG counts as old: `VOG_GELDIG_JAREN` (default 3) years ago."""
    vandaag = vandaag or timezone.localdate()
    jaren = settings.VOG_GELDIG_JAREN
    try:
        return vandaag.replace(year=vandaag.year - jaren)
    except ValueError:  # 29 February
        return vandaag.replace(year=vandaag.year - jaren, day=28)


def ontbrekend_inwerken(persoon) -> list[str]:
    """What `persoon` still lacks before a first household, in words (empty: complete or
    exempted). The same rule as `niet_ingewerkt`, for one record in memory."""
    from django.utils.translation import gettext as _

    if persoon.vrijstelling_reden:
        return []
    ontbreekt = []
    if persoon.vog_datum is None:
        ontbreekt.append(_("VOG"))
    if persoon.geheimhouding_datum is None:
        ontbreekt.append(_("getekende geheimhoudingsverklaring"))
    if persoon.opleiding_afgerond_op is None:
        ontbreekt.append(_("afgeronde opleiding"))
    return ontbreekt


def inwerkstatus(persoon, vandaag: datetime.date | None = None) -> dict:
    """What the list and the person's page show about the onboarding: `ontbreekt` (words),
    `vrijgesteld` (the reason or ""), `vog_verlopen` (a VOG older than VOG_GELDIG_JAREN)."""
    return {
        "ontbreekt": ontbrekend_inwerken(persoon),
        "vrijgesteld": persoon.vrijstelling_reden,
        "vog_verlopen": persoon.vog_datum is not None
        and persoon.vog_datum < vog_verlopen_voor(vandaag),
    }

"""The five roles of DOMAIN.md, defined once. Roles are Django groups named after the role."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rol(models.TextChoices):
    COORDINATOR = "Coördinator", _("Coördinator")
    ORGCOORDINATOR = "Organisatiecoördinator", _("Organisatiecoördinator")
    VERTROUWENSPERSOON = "Vertrouwenspersoon", _("Vertrouwenspersoon")
    FONDSCOMMISSIE = "Fondscommissie", _("Fondscommissie")
    OPLEIDER = "Opleider", _("Opleider")


# Which roles a role may hand out when it manages users.
GRANTABLE = {
    Rol.COORDINATOR: list(Rol),
    Rol.ORGCOORDINATOR: [Rol.VERTROUWENSPERSOON],
}


def roles_of(user) -> frozenset[str]:
    """The user's role names, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_samenvooruit_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached = cached | {Rol.COORDINATOR.value}
        user._samenvooruit_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & {str(r) for r in roles})


def is_coordinator(user) -> bool:
    return has_role(user, Rol.COORDINATOR)


def organisatie_id_of(user):
    """The id of the user's own organisation (on the profile), or None."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_samenvooruit_org", "unset")
    if cached == "unset":
        from netwerk.models import Profiel

        cached = (
            Profiel.objects.filter(user_id=user.pk).values_list("organisatie_id", flat=True).first()
        )
        user._samenvooruit_org = cached
    return cached


def vertrouwenspersoon_id_of(user):
    """The id of the trusted-person record linked to this login, or None."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_samenvooruit_vp", "unset")
    if cached == "unset":
        from netwerk.models import Vertrouwenspersoon

        cached = (
            Vertrouwenspersoon.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()
        )
        user._samenvooruit_vp = cached
    return cached


# Where each role starts its day: the page a login without ?next lands on (`startpagina`). In
# order: a user with more roles starts on the first that applies. URL names, not imports: the
# pages live in the apps above this one.
STARTPAGINAS = (
    (Rol.COORDINATOR, "hulpvragen:overzicht"),
    (Rol.ORGCOORDINATOR, "hulpvragen:overzicht"),
    (Rol.VERTROUWENSPERSOON, "hulpvragen:mijn"),
    (Rol.FONDSCOMMISSIE, "noodfonds:commissie"),
    (Rol.OPLEIDER, "opleiding:cohort_list"),
)


def startpagina(user) -> str | None:
    """The URL name of the user's start page (STARTPAGINAS), or None for a user without a role."""
    names = roles_of(user)
    return next((page for rol, page in STARTPAGINAS if rol.value in names), None)

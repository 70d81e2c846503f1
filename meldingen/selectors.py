"""Reads for the inbox: own notices only (`Melding.objects.visible_to`), and whether the record a
notice links to is still visible to its recipient."""

from django.apps import apps
from django.contrib.auth import get_user_model

from meldingen.models import Melding, Soort
from netwerk.roles import Rol, has_role
from noodfonds.selectors import commissie_queryset


def eigen_overzicht(user):
    """The weekly digest is about the recipient's own "In beeld" (hulpvragen:overzicht): there
    while they still coordinate."""
    if not has_role(user, Rol.COORDINATOR, Rol.ORGCOORDINATOR):
        return get_user_model().objects.none()
    return get_user_model().objects.filter(pk=user.pk)


# Notices whose record the recipient sees through another door than the model's visible_to: the
# committee reaches applications through its own (pseudonymised) queue; the weekly digest is
# about the coordinator's own overview.
ZICHTBAAR_VIA = {
    Soort.NIEUWE_AANVRAAG: commissie_queryset,
    Soort.DERDE_OORDEEL: commissie_queryset,
    Soort.WEEKOVERZICHT: eigen_overzicht,
}


def inbox(user):
    """The user's notices, newest first."""
    return Melding.objects.visible_to(user).order_by("-aangemaakt", "-pk")


def ongelezen_aantal(user) -> int:
    """One COUNT query (the menu shows it on every page)."""
    return Melding.objects.visible_to(user).ongelezen().count()


def record_zichtbaar(user, melding: Melding) -> bool:
    """Whether `user` may still see the record `melding` is about (a notice never opens a door
    the role no longer has)."""
    via = ZICHTBAAR_VIA.get(melding.soort)
    if via is not None:
        queryset = via(user)
    else:
        try:
            model = apps.get_model(melding.object_type)
        except (LookupError, ValueError):
            return False
        if not hasattr(model.objects, "visible_to"):
            return False
        queryset = model.objects.visible_to(user)
    return queryset.filter(pk=melding.object_id).exists()

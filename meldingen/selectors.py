"""Reads for the inbox: own notices only (`Melding.objects.visible_to`), and whether the record a
notice links to is still visible to its recipient; for e-mail: a user's choice, the notices to
mail (grouped per recipient) and what the next run would send."""

from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import attrgetter

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Value
from django.db.models.functions import Coalesce
from django.utils import translation

from hulpvragen.models import Huishouden, OudeReferentie
from meldingen.models import STANDAARD_EMAIL, EmailKeuze, Melding, MeldingVoorkeur, Soort
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


def bestemming(user, melding: Melding) -> str | None:
    """The page opening `melding` leads `user` to: its record's, if they may still see it; for a
    household merged into another since (samenvoegen keeps its reference as an old reference),
    the kept household's page, if they may see that one; else None (a 404, like any record out
    of scope)."""
    if record_zichtbaar(user, melding):
        return melding.link
    if melding.object_type == Huishouden._meta.label_lower:
        oud = OudeReferentie.objects.filter(huishouden_id_oud=melding.object_id).first()
        if oud and Huishouden.objects.visible_to(user).filter(pk=oud.huishouden_id).exists():
            return oud.huishouden.get_absolute_url()
    return None


# --- e-mail --------------------------------------------------------------------------------------


def voorkeur_van(user) -> MeldingVoorkeur:
    """`user`'s choice for e-mail; without one stored yet the default (STANDAARD_EMAIL) in the
    language they use now (unsaved: it is stored when they first save their choice)."""
    voorkeur = MeldingVoorkeur.objects.filter(user=user).first()
    if voorkeur is None:
        taal = translation.get_language()
        if taal not in dict(settings.LANGUAGES):
            taal = settings.LANGUAGE_CODE
        voorkeur = MeldingVoorkeur(user=user, email=STANDAARD_EMAIL, taal=taal)
    return voorkeur


def _mailbaar(queryset, pad: str = ""):
    """Rows (users, or notices by way of `pad` "ontvanger__") of users with an e-mail address,
    annotated with their choice (`keuze`) and language (`taal`), the defaults without a stored
    choice."""
    return queryset.exclude(**{f"{pad}email": ""}).annotate(
        keuze=Coalesce(f"{pad}meldingvoorkeur__email", Value(STANDAARD_EMAIL)),
        taal=Coalesce(f"{pad}meldingvoorkeur__taal", Value(settings.LANGUAGE_CODE)),
    )


def te_mailen(*, keuzes: Iterable[str], per: int = 500) -> Iterator[tuple[object, list[Melding]]]:
    """(user, their notices) for each active user with an e-mail address whose choice is in
    `keuzes` and who has notices neither mailed nor read, oldest first. Only a user's own notices
    (`van_actieve_ontvangers`: `visible_to` for all users at once). Each notice carries `taal`,
    the recipient's language. One query for the users, then one per `per` users for their
    notices: memory holds `per` users' notices, and no query reads a table while the caller
    writes to it (SQLite gives no isolation within one connection)."""
    basis = _mailbaar(Melding.objects.van_actieve_ontvangers().te_mailen(), "ontvanger__").filter(
        keuze__in=list(keuzes)
    )
    user_ids = list(
        basis.order_by("ontvanger_id").values_list("ontvanger_id", flat=True).distinct()
    )
    for begin in range(0, len(user_ids), per):
        rijen = (
            basis.filter(ontvanger_id__in=user_ids[begin : begin + per])
            .select_related("ontvanger")
            .only(
                "uuid",
                "ontvanger",
                "soort",
                "referentie",
                "aangemaakt",
                "ontvanger__email",
                "ontvanger__is_active",
                "ontvanger__username",
            )
            .order_by("ontvanger_id", "aangemaakt", "pk")
        )
        for _ontvanger, groep in groupby(rijen, attrgetter("ontvanger_id")):
            meldingen = list(groep)
            yield meldingen[0].ontvanger, meldingen


def email_plan(*, erbij: Iterable[Melding] = ()) -> dict[int, tuple[str, int]]:
    """user id -> (their choice, how many notices) for every user an e-mail run would mail now:
    active, with an e-mail address, a choice other than "geen", and notices neither mailed nor
    read; `erbij` adds notices not stored (a dry run's). One query, two with `erbij`."""
    plan = {
        user_id: (keuze, aantal)
        for user_id, keuze, aantal in _mailbaar(
            Melding.objects.van_actieve_ontvangers().te_mailen(), "ontvanger__"
        )
        .exclude(keuze=EmailKeuze.GEEN)
        .order_by()
        .values("ontvanger_id", "keuze")
        .annotate(aantal=Count("pk"))
        .values_list("ontvanger_id", "keuze", "aantal")
    }
    erbij = list(erbij)
    if erbij:
        keuze_van = dict(
            _mailbaar(get_user_model().objects.filter(is_active=True))
            .exclude(keuze=EmailKeuze.GEEN)
            .values_list("pk", "keuze")
        )
        for melding in erbij:
            keuze = keuze_van.get(melding.ontvanger_id)
            if keuze is not None:
                aantal = plan.get(melding.ontvanger_id, (keuze, 0))[1]
                plan[melding.ontvanger_id] = (keuze, aantal + 1)
    return plan

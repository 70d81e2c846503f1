"""Signals to the municipality and a record's change history.

The change history is for coordinators, of records already fetched through `visible_to`; privacy
combines these into the right-of-access workbook."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Prefetch
from django.utils.translation import gettext as _

from hulpvragen.models import (
    Contactmoment,
    Doorverwijzing,
    Huishouden,
    Hulpvraag,
    Hulpvrager,
    Signaal,
    Thema,
    Toestemming,
)
from hulpvragen.selectors.dubbelen import samengevoegde_ids
from hulpvragen.selectors.lijsten import _count
from netwerk.models import Organisatie
from samenvooruit import historie


def doorverwijzing_suggesties(hulpvraag: Hulpvraag, user, *, limit: int = 8):
    """The active organisations on the social map that help with the themes of this help
    request, most shared themes first, each with `gedeelde_themas` (how many). Empty when the
    request has no themes."""
    themas = hulpvraag.themas.values("pk")
    return (
        Organisatie.objects.visible_to(user)
        .filter(actief=True, themas__in=themas)
        .annotate(gedeelde_themas=Count("themas", distinct=True))
        .order_by("-gedeelde_themas", "naam")[:limit]
    )


def hulpvraag_label(hulpvraag: Hulpvraag) -> str:
    """How a help request is named where one is picked by reference: "HH-2021-0042 · 12-01-2021"
    (the household's reference and the intake date)."""
    return f"{hulpvraag.huishouden.referentie} · {hulpvraag.intake_datum:%d-%m-%Y}"


ZOEK_MIN = 2  # characters before the reference search answers


ZOEK_MAX = 10


def zoek_hulpvragen(user, zoekterm: str):
    """At most ZOEK_MAX help requests `user` may see whose household reference holds
    `zoekterm` (at least ZOEK_MIN characters), by reference and intake date."""
    zoekterm = zoekterm.strip()
    if len(zoekterm) < ZOEK_MIN:
        return Hulpvraag.objects.none()
    return (
        Hulpvraag.objects.visible_to(user)
        .filter(huishouden__referentie__icontains=zoekterm)
        .select_related("huishouden")
        .order_by("huishouden__referentie", "intake_datum", "pk")[:ZOEK_MAX]
    )


REFERENTIE_REGEL = re.compile(r"^(?P<ref>[^\s·(]+)\s*[·(]?\s*(?P<datum>\d{2}-\d{2}-\d{4})?\)?$")


def hulpvragen_uit_referenties(user, tekst: str) -> list[Hulpvraag]:
    """The help requests named in `tekst`: one per line (or separated by ";" or ","), as
    `hulpvraag_label` writes them ("HH-2021-0042 · 12-01-2021"), or the household reference alone
    when that household has one help request. Only what `user` may see: another's reference is
    as unknown as a typo (no hint that it exists). Raises ValidationError naming every line
    that names no help request, or more than one."""
    gevonden, fouten = {}, []
    for regel in filter(None, (r.strip() for r in re.split(r"[\n;,]", tekst or ""))):
        match = REFERENTIE_REGEL.match(regel)
        kandidaten = list(_hulpvragen_met_referentie(user, match)) if match else []
        if len(kandidaten) == 1:
            gevonden[kandidaten[0].pk] = kandidaten[0]
        elif not kandidaten:
            fouten.append(_("Geen hulpvraag gevonden voor “%(regel)s”.") % {"regel": regel})
        else:
            fouten.append(
                _("%(ref)s heeft meer hulpvragen: kies er één, bijvoorbeeld “%(label)s”.")
                % {"ref": match["ref"], "label": hulpvraag_label(kandidaten[0])}
            )
    if fouten:
        raise ValidationError(fouten)
    return list(gevonden.values())


def _hulpvragen_met_referentie(user, match):
    hulpvragen = Hulpvraag.objects.visible_to(user).filter(
        huishouden__referentie__iexact=match["ref"]
    )
    if match["datum"]:
        try:
            datum = datetime.datetime.strptime(match["datum"], "%d-%m-%Y").date()
        except ValueError:
            return Hulpvraag.objects.none()
        hulpvragen = hulpvragen.filter(intake_datum=datum)
    return hulpvragen.select_related("huishouden").order_by("intake_datum", "pk")[:2]


def signaal_detail_context(signaal: Signaal, user) -> dict:
    """A signal's page: its follow-up steps (oldest first) and the linked help requests `user`
    may see."""
    return {
        "opvolgingen": signaal.opvolgingen.select_related("door"),
        "gekoppeld": signaal.hulpvragen.filter(
            pk__in=Hulpvraag.objects.visible_to(user).values("pk")
        ).select_related("huishouden"),
    }


def signaal_list(user):
    """Signals `user` may see, each with the linked help requests `user` may see (`gekoppeld`)."""
    gekoppeld = Hulpvraag.objects.visible_to(user).select_related("huishouden")
    return (
        Signaal.objects.visible_to(user)
        .select_related("thema", "organisatie")
        .prefetch_related(Prefetch("hulpvragen", queryset=gekoppeld, to_attr="gekoppeld"))
        .order_by("-datum", "-pk")
    )


def signalen_per_thema(user):
    """Themes with signals `user` may see: the number of signals and of linked help requests
    (only those `user` may see), for the conversation with the municipality."""
    signalen = Signaal.objects.visible_to(user).filter(thema=OuterRef("pk"))
    koppelingen = Signaal.hulpvragen.through.objects.filter(
        signaal__in=Signaal.objects.visible_to(user),
        signaal__thema=OuterRef("pk"),
        hulpvraag__in=Hulpvraag.objects.visible_to(user),
    )
    return (
        Thema.objects.annotate(n_signalen=_count(signalen), n_hulpvragen=_count(koppelingen))
        .filter(n_signalen__gt=0)
        .order_by("-n_signalen", "volgorde", "naam")
    )


def huishouden_wijzigingen(huishouden: Huishouden) -> list[historie.Wijziging]:
    """Changes of the household itself, its persons and its consents, newest first, and those of
    the households merged into it (`samengevoegde_ids`: their persons and consents are this
    one's now). The household is named by its kind alone: the page (or the sheet) is about that
    one household; a merged one by its reference."""
    ids = [huishouden.pk, *samengevoegde_ids(huishouden)]
    return historie.newest_first(
        [
            *historie.wijzigingen(
                Huishouden.history.filter(id=huishouden.pk),
                Hulpvrager.history.filter(huishouden_id__in=ids),
                Toestemming.history.filter(huishouden_id__in=ids),
                kind_only=[Huishouden],
            ),
            *historie.wijzigingen(Huishouden.history.filter(id__in=ids[1:])),
        ]
    )


def hulpvraag_wijzigingen(hulpvraag_ids) -> list[historie.Wijziging]:
    """Changes of the help requests and their referrals and contacts, newest first."""
    ids = list(hulpvraag_ids)
    return historie.wijzigingen(
        Hulpvraag.history.filter(id__in=ids),
        Doorverwijzing.history.filter(hulpvraag_id__in=ids),
        Contactmoment.history.filter(hulpvraag_id__in=ids),
    )

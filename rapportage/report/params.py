"""What a report is asked for (`Params`: peildatum, optional start date and filters) and the
records it then covers: what the user may see (`visible_to`), in the window, filtered.
`user=None` is the command line (operators): everything."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hulpvragen.models import Hulpvraag
from netwerk.models import Organisatie, Vertrouwenspersoon
from netwerk.roles import is_coordinator
from noodfonds.models import Aanvraag


@dataclass(frozen=True)
class Params:
    peildatum: datetime.date
    van: datetime.date | None = None
    organisatie: Organisatie | None = None
    vertrouwenspersoon: Vertrouwenspersoon | None = None


def hulpvragen_in_window(user, params: Params):
    """Help requests the user may see with van <= intake_datum <= peildatum, filtered."""
    qs = Hulpvraag.objects.all() if user is None else Hulpvraag.objects.visible_to(user)
    qs = qs.filter(intake_datum__lte=params.peildatum)
    if params.van:
        qs = qs.filter(intake_datum__gte=params.van)
    if params.organisatie:
        qs = qs.filter(huishouden__organisatie=params.organisatie)
    if params.vertrouwenspersoon:
        qs = qs.filter(huishouden__vertrouwenspersoon=params.vertrouwenspersoon)
    return qs


def aanvragen_in_window(user, params: Params):
    """Fund applications the user may see, submitted in the window (drafts have no date)."""
    qs = Aanvraag.objects.all() if user is None else Aanvraag.objects.visible_to(user)
    qs = qs.filter(ingediend_op__isnull=False, ingediend_op__lte=params.peildatum)
    if params.van:
        qs = qs.filter(ingediend_op__gte=params.van)
    if params.organisatie:
        qs = qs.filter(organisatie=params.organisatie)
    if params.vertrouwenspersoon:
        qs = qs.filter(vertrouwenspersoon=params.vertrouwenspersoon)
    return qs


def vertrouwenspersonen_in_scope(user, params: Params):
    """The trusted persons the user may see, filtered like the report (no window: the key
    figures count those trained by the peildatum and those active on it)."""
    qs = (
        Vertrouwenspersoon.objects.all()
        if user is None
        else Vertrouwenspersoon.objects.visible_to(user)
    )
    if params.organisatie:
        qs = qs.filter(organisatie=params.organisatie)
    if params.vertrouwenspersoon:
        qs = qs.filter(pk=params.vertrouwenspersoon.pk)
    return qs


def scope_label(user, params: Params) -> str:
    """What the figures cover, for the page and the workbook (traceability)."""
    parts = []
    if params.organisatie:
        parts.append(_("organisatie %(naam)s") % {"naam": params.organisatie})
    if params.vertrouwenspersoon:
        parts.append(_("vertrouwenspersoon %(naam)s") % {"naam": params.vertrouwenspersoon})
    if user is not None and not is_coordinator(user):
        parts.append(_("alleen de gegevens van de eigen organisatie"))
    return "; ".join(parts) or _("alle gegevens")

"""The decision letter (issue 21, point 5): a PDF in plain Dutch (B1: short sentences) with the
decision, the amount, the terms (a gift, or a loan with its repayments when the application
has a loan) and whom the fund pays. Stored with the application (`Besluitbrief`); the trusted
person hands it over, the coordinator can download it too. Made on request, not at the
decision itself: rendering a PDF inside the decision's transaction would hold the budget lock
for seconds."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerk.roles import is_coordinator
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Aanvraag, Besluitbrief
from noodfonds.services import AANVRAGER, rollen_bij
from samenvooruit.pdf import render_pdf

S = AanvraagStatus
BESLOTEN = frozenset({S.TOEGEKEND, S.AFGEWEZEN, S.UITBETAALD})
TEMPLATE = "noodfonds/pdf/besluitbrief.html"


def mag_brief_maken(user, aanvraag: Aanvraag) -> bool:
    """The application's casework scope (the trusted person) or the coordinator."""
    return is_coordinator(user) or AANVRAGER in rollen_bij(user, aanvraag)


def _crediteur(aanvraag):
    try:
        return aanvraag.crediteur
    except ObjectDoesNotExist:
        return None


def lening_van(aanvraag):
    """The loan (`noodfonds.leningen`) of a granted application, or None for a gift."""
    try:
        return aanvraag.lening
    except ObjectDoesNotExist:
        return None


def brief_context(aanvraag: Aanvraag) -> dict:
    return {
        "aanvraag": aanvraag,
        "toegekend": aanvraag.status in (S.TOEGEKEND, S.UITBETAALD),
        "crediteur": _crediteur(aanvraag),
        "lening": lening_van(aanvraag),
        "datum": timezone.localdate(),
    }


def render_besluitbrief(aanvraag: Aanvraag) -> bytes:
    return render_pdf(TEMPLATE, brief_context(aanvraag))


def make_besluitbrief(*, aanvraag: Aanvraag, door) -> Besluitbrief:
    """Make the letter of a decided application and store it (the earlier letters stay).
    Refused (ValidationError) before the decision and outside the user's scope. Side effects:
    a file in the default storage, a Besluitbrief row."""
    aanvraag = Aanvraag.objects.select_related("vertrouwenspersoon").get(pk=aanvraag.pk)
    if not mag_brief_maken(door, aanvraag):
        raise ValidationError(_("U mag voor deze aanvraag geen besluitbrief maken."))
    if aanvraag.status not in BESLOTEN:
        raise ValidationError(_("Een besluitbrief kan pas als er een besluit is."))
    inhoud = render_besluitbrief(aanvraag)  # outside the transaction: it takes a while
    with transaction.atomic():
        brief = Besluitbrief(aanvraag=aanvraag, status=aanvraag.status, gemaakt_door=door)
        brief.bestand.save("brief.pdf", ContentFile(inhoud), save=False)
        brief.save()
    return brief

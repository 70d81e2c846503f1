"""The notices of events the domain apps signal (hulpvragen.signals, noodfonds.signals), connected
in `MeldingenConfig.ready`. Each receiver runs inside the action's transaction and stores through
`services.bewaar_meldingen`, so a rolled-back action leaves no notice. Nobody is told of what
they did themself (`door`)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from hulpvragen.selectors import is_gestopt
from meldingen.models import Soort
from meldingen.services import (
    AANVRAAG,
    HUISHOUDEN,
    OVERDRACHT,
    Kandidaat,
    bewaar_meldingen,
    lees_rollen,
    verdeeld_kandidaten,
)
from netwerk.models import Vertrouwenspersoon
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Aanvraag
from noodfonds.selectors import derde_oordeel_kandidaten


def _login(vertrouwenspersoon_id, door, *, werkend_op=None) -> int | None:
    """The active login of a trusted person (None without one, or when it is `door`); with
    `werkend_op`, only while they still work on that day (hulpvragen.selectors.is_gestopt)."""
    if vertrouwenspersoon_id is None:
        return None
    vps = Vertrouwenspersoon.objects.filter(pk=vertrouwenspersoon_id, user__is_active=True)
    if werkend_op is not None:
        vps = vps.exclude(is_gestopt(werkend_op))
    user_id = vps.values_list("user_id", flat=True).first()
    return None if door is not None and user_id == door.pk else user_id


# --- casework ------------------------------------------------------------------------------------


def huishouden_toegewezen(sender, *, huishouden, vertrouwenspersoon, door=None, **kwargs):
    """The trusted person a household was given to (at an intake or a reassignment)."""
    user_id = _login(vertrouwenspersoon.pk, door)
    if user_id is None:
        return
    link = reverse("hulpvragen:huishouden_detail", kwargs={"referentie": huishouden.referentie})
    vandaag = timezone.localdate()
    kandidaat = Kandidaat(
        user_id, Soort.TOEGEWEZEN, HUISHOUDEN, huishouden.pk, huishouden.referentie, link, vandaag
    )
    bewaar_meldingen([kandidaat])


def huishoudens_overgedragen(sender, *, overdracht, door=None, **kwargs):
    """After a handover: the new trusted person, and the old one while they still work."""
    vandaag = timezone.localdate()
    link = reverse("hulpvragen:mijn")
    aantallen = {"huishoudens": overdracht.aantal_huishoudens}
    kandidaten = []
    for soort, user_id in (
        (Soort.OVERDRACHT_ONTVANGEN, _login(overdracht.naar_id, door)),
        (Soort.OVERDRACHT_AFGESTAAN, _login(overdracht.van_id, door, werkend_op=vandaag)),
    ):
        if user_id is not None:
            kandidaten.append(
                Kandidaat(user_id, soort, OVERDRACHT, overdracht.pk, "", link, vandaag, aantallen)
            )
    bewaar_meldingen(kandidaten)


# --- the fund ------------------------------------------------------------------------------------


def _aanvrager(aanvraag: Aanvraag, door):
    """Who hears about an application: its trusted person; without one, the user who made it.
    Only while they may see it (Aanvraag.visible_to), never `door`."""
    users = get_user_model().objects.filter(is_active=True)
    if aanvraag.vertrouwenspersoon_id is not None:
        user = users.filter(vertrouwenspersoon__pk=aanvraag.vertrouwenspersoon_id).first()
    else:
        user = users.filter(pk=aanvraag.aangemaakt_door_id).first()
    if user is None or (door is not None and user.pk == door.pk):
        return None
    if not Aanvraag.objects.visible_to(user).filter(pk=aanvraag.pk).exists():
        return None
    return user.pk


def _aan_aanvrager(aanvraag: Aanvraag, soort: str, door) -> None:
    user_id = _aanvrager(aanvraag, door)
    if user_id is None:
        return
    link = reverse("noodfonds:aanvraag_detail", kwargs={"uuid": aanvraag.uuid})
    vandaag = timezone.localdate()
    kandidaat = Kandidaat(user_id, soort, AANVRAAG, aanvraag.pk, aanvraag.referentie, link, vandaag)
    bewaar_meldingen([kandidaat])


def informatie_gevraagd(sender, *, aanvraag, door=None, **kwargs):
    """The committee (or the coordinator) asked a question: the applicant is told."""
    _aan_aanvrager(aanvraag, Soort.VRAAG_COMMISSIE, door)


def aanvraag_besloten(sender, *, aanvraag, door=None, **kwargs):
    """The application was granted or rejected: the applicant is told."""
    soort = (
        Soort.AANVRAAG_AFGEWEZEN
        if aanvraag.status == AanvraagStatus.AFGEWEZEN
        else Soort.AANVRAAG_TOEGEKEND
    )
    _aan_aanvrager(aanvraag, soort, door)


def oordelen_verdeeld(sender, *, aanvraag, door=None, **kwargs):
    """A split committee, at once: every member who may give the third opinion; when none is
    left, every coordinator (who can ask both members to assess again). The daily run repeats
    it each day while it waits."""
    leden = derde_oordeel_kandidaten(Aanvraag.objects.filter(pk=aanvraag.pk)).get(aanvraag.pk)
    if leden is None:
        return
    coordinatoren = set() if leden else lees_rollen().coordinatoren
    bewaar_meldingen(
        verdeeld_kandidaten(
            aanvraag.pk,
            aanvraag.uuid,
            aanvraag.referentie,
            leden,
            coordinatoren,
            timezone.localdate(),
        )
    )

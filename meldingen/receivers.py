"""The notices of events the domain apps signal (hulpvragen.signals), connected in
`MeldingenConfig.ready`. Each receiver runs inside the action's transaction and stores through
`services.bewaar_meldingen`, so a rolled-back action leaves no notice. Nobody is told of what
they did themself (`door`)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from meldingen.models import Melding, Soort
from meldingen.services import bewaar_meldingen
from netwerk.roles import Rol

HUISHOUDEN = "hulpvragen.huishouden"


def _coordinatoren(door) -> list[int]:
    users = get_user_model().objects.filter(is_active=True, groups__name=Rol.COORDINATOR)
    if door is not None:
        users = users.exclude(pk=door.pk)
    return list(users.values_list("pk", flat=True).distinct())


def mogelijk_dubbel(sender, *, kandidaten, door=None, nieuw=None, **kwargs):
    """A household or person being registered looks like one in households its user may not
    see: every coordinator is told, by references only. Before it is saved the notice names the
    household it looks like (its page); once saved all the same, the new household, with a link
    to merging it with the first it looks like."""
    if not kandidaten:
        return
    vandaag = timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        label = str(Soort.MOGELIJK_DUBBEL.label)
    if nieuw is None:
        onderwerpen = [
            (h, h.get_absolute_url(), f"{label}: {h.referentie} ({door})") for h in kandidaten
        ]
    else:
        eerste = kandidaten[0]
        link = reverse("samenvoegen:huishouden", kwargs={"referentie": nieuw.referentie})
        link += "?" + urlencode({"met": eerste.referentie})
        tekst = f"{label}: {nieuw.referentie} ~ {eerste.referentie} ({door})"
        onderwerpen = [(nieuw, link, tekst)]
    bewaar_meldingen(
        Melding(
            ontvanger_id=ontvanger,
            soort=Soort.MOGELIJK_DUBBEL,
            tekst=tekst[:200],
            link=link,
            object_type=HUISHOUDEN,
            object_id=huishouden.pk,
            referentie=huishouden.referentie,
            datum=vandaag,
        )
        for ontvanger in _coordinatoren(door)
        for huishouden, link, tekst in onderwerpen
    )

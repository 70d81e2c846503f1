"""Reading jobs: a user's recent downloads and the estimate of time left."""

from django.utils import timezone

from taken.models import Taak, TaakStatus


def taken_van(user):
    """The user's own jobs still within their 24 hours, newest first."""
    return Taak.objects.visible_to(user).filter(verloopt_op__gte=timezone.now())


def resterend(taak: Taak) -> float | None:
    """Seconds left at the pace so far, or None while there is nothing to go on."""
    if taak.status != TaakStatus.BEZIG or not taak.totaal or not taak.gedaan or not taak.gestart:
        return None
    verstreken = ((taak.levensteken or timezone.now()) - taak.gestart).total_seconds()
    return max(0.0, verstreken / taak.gedaan * (taak.totaal - taak.gedaan))

"""Enqueueing the periodic jobs that are due. The list is settings.PERIODIEKE_TAKEN (one place):
name -> (how often: "uur", "dag" or "week", dotted path of a function without arguments).
The task framework has no scheduler: `manage.py periodiek`, run by cron or a systemd timer
every few minutes, calls `plan_periodieke_taken`."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from taken.models import PeriodiekeRun
from taken.tasks import periodiek

PERIODES = ("uur", "dag", "week")


def periode_van(elke: str, moment: datetime.datetime) -> str:
    """The period `moment` (local time) falls in, as text: the key that makes a run unique."""
    lokaal = timezone.localtime(moment)
    if elke == "uur":
        return lokaal.strftime("%Y-%m-%dT%H")
    if elke == "dag":
        return lokaal.date().isoformat()
    if elke == "week":
        jaar, week, _ = lokaal.isocalendar()
        return f"{jaar}-W{week:02d}"
    raise ValueError(f"onbekende periode {elke!r} (kies uit {', '.join(PERIODES)})")


def plan_periodieke_taken(*, nu: datetime.datetime | None = None, dry_run: bool = False):
    """Enqueue every periodic job not yet enqueued in its current period; returns
    [(name, period, enqueued? (with dry_run: would it be?))]. A second call in the same period
    enqueues nothing."""
    nu = nu or timezone.now()
    verslag = []
    for naam, (elke, functie) in settings.PERIODIEKE_TAKEN.items():
        periode = periode_van(elke, nu)
        if dry_run:
            gedaan = PeriodiekeRun.objects.filter(naam=naam, periode=periode).exists()
            verslag.append((naam, periode, not gedaan))
        else:
            verslag.append((naam, periode, _plan(naam, periode, functie)))
    return verslag


def _plan(naam: str, periode: str, functie: str) -> bool:
    try:
        with transaction.atomic():
            PeriodiekeRun.objects.create(naam=naam, periode=periode)
            periodiek.enqueue(functie)
    except IntegrityError:
        return False  # already enqueued in this period (by an earlier or a parallel call)
    return True

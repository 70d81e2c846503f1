"""Keeping the report warm: after a write that changes a figure, the worker computes again the
reports people opened lately, so the next one to open the page gets it from the cache instead of
waiting for a computation (about a second at a million help requests).

- The page remembers what it showed (`onthoud`): whose scope, which query, which language; the
  last `RAPPORTAGE_WARM_AANTAL` opened within `RAPPORTAGE_WARM_UREN` hours, in the cache.
- After a write (`na_schrijven`: the middleware after every successful POST, and every finished
  job of the worker: the workbook import, merging, the retention run) it compares the data
  version with the one last kept warm. Only when it changed, and at most once per
  `RAPPORTAGE_WARM_SECONDEN` (a burst of writes is one warm-up), it enqueues `warm_houden`,
  that many seconds later, ahead of users' downloads (a warm-up is short; a download waits for
  it at most once per that many seconds).
- The hourly periodic job (`PERIODIEKE_TAKEN`) does the same for writes that passed neither
  (a fix by hand in the database) and keeps the remembered reports from expiring.

A warm-up computes with the permissions of the user who opened the report (the cache is per
scope: `casework_scope_key`); a user who lost the role, or a query the page would now refuse,
is dropped. Nothing remembered: nothing to do, and no query is added to a request."""

import datetime
import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from netwerk.permissions import casework_scope_key
from netwerk.roles import has_role
from rapportage import dataversie
from rapportage.report.build import VERLENGEN
from rapportage.services import REPORT_ROLES, report_for

log = logging.getLogger(__name__)

RECENT = "rapportage-warm:recent"  # {(scope, language, query): (user id, opened at)}
GEPLAND = "rapportage-warm:gepland"  # set while a warm-up is enqueued and not yet begun
VERSIE = "rapportage-warm:versie"  # the data version the last warm-up began at
PRIORITEIT = 10  # above users' downloads (0): a warm-up takes seconds, a download minutes


def onthoud(user, query: str) -> None:
    """The report page showed this report to `user`: keep it warm (one cache write, and only
    when it is new or was last remembered over a minute ago)."""
    sleutel = (casework_scope_key(user), translation.get_language(), query)
    recent = cache.get(RECENT) or {}
    nu = time.time()
    vorige = recent.get(sleutel)
    if vorige and vorige[0] == user.pk and nu - vorige[1] < 60:
        return
    recent[sleutel] = (user.pk, nu)
    cache.set(RECENT, _bijgesneden(recent, nu), settings.RAPPORTAGE_WARM_UREN * 3600)


def _bijgesneden(recent: dict, nu: float) -> dict:
    """The last RAPPORTAGE_WARM_AANTAL reports opened within RAPPORTAGE_WARM_UREN."""
    grens = nu - settings.RAPPORTAGE_WARM_UREN * 3600
    levend = sorted(
        ((k, v) for k, v in recent.items() if v[1] >= grens), key=lambda kv: kv[1][1], reverse=True
    )
    return dict(levend[: settings.RAPPORTAGE_WARM_AANTAL])


def na_schrijven() -> bool:
    """After a write: enqueue a warm-up when a figure may have changed since the last one and
    none is waiting already. Returns whether one was enqueued."""
    if not cache.get(RECENT):
        return False
    versie = dataversie.current()
    if versie is None or versie == cache.get(VERSIE):
        return False
    wacht = settings.RAPPORTAGE_WARM_SECONDEN
    if not cache.add(GEPLAND, versie, wacht + 60):
        return False  # one is waiting: it will see this write too
    from rapportage.tasks import warm_houden_taak

    taak = warm_houden_taak
    backend = taak.get_backend()
    if backend.supports_priority:
        taak = taak.using(priority=PRIORITEIT)
    if backend.supports_defer and wacht:
        taak = taak.using(run_after=timezone.now() + datetime.timedelta(seconds=wacht))
    taak.enqueue()
    return True


def warm_houden() -> int:
    """Compute (or find in the cache) every remembered report at the current data version, and
    keep them from expiring. Returns how many were computed or found."""
    cache.delete(GEPLAND)  # a write from now on plans the next warm-up
    versie = dataversie.current()
    recent = _bijgesneden(cache.get(RECENT) or {}, time.time())
    gebruikers = get_user_model().objects.in_bulk(
        {gebruiker_id for gebruiker_id, _ in recent.values()}
    )
    verlengen = VERLENGEN.set(True)
    try:
        gedaan, weg = _warm(recent, gebruikers)
    finally:
        VERLENGEN.reset(verlengen)
    if weg:  # read again: a page may have remembered a report meanwhile
        bijgewerkt = {k: v for k, v in (cache.get(RECENT) or {}).items() if k not in weg}
        cache.set(RECENT, bijgewerkt, settings.RAPPORTAGE_WARM_UREN * 3600)
    cache.set(VERSIE, versie, settings.RAPPORTAGE_CACHE_SECONDEN)
    log.info("rapportage warm gehouden: %d rapporten, dataversie %s", gedaan, versie)
    return gedaan


def _warm(recent: dict, gebruikers: dict) -> tuple[int, set]:
    """Each remembered report through the page's own way (its cache included). Returns how many
    and the remembered ones that may not or cannot be shown any more."""
    gedaan, weg = 0, set()
    for sleutel, (gebruiker_id, _opened) in recent.items():
        scope, taal, query = sleutel
        if not _mag_nog(gebruikers.get(gebruiker_id), scope):
            weg.add(sleutel)
            continue
        try:
            with translation.override(taal):
                report_for(gebruiker_id, query)
        except ValidationError:
            weg.add(sleutel)  # the page would refuse it now (a filter that no longer exists)
            continue
        gedaan += 1
    return gedaan, weg


def _mag_nog(gebruiker, scope: str) -> bool:
    """The user may still open the report, with the same scope as when they opened it."""
    return (
        gebruiker is not None
        and gebruiker.is_active
        and has_role(gebruiker, *REPORT_ROLES)
        and casework_scope_key(gebruiker) == scope
    )


class WarmHoudenMiddleware:
    """After a successful POST (a write that may change a figure): `na_schrijven`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and response.status_code < 400:
            try:
                na_schrijven()
            except Exception:  # never a user's write fails because of the report's cache
                log.exception("rapportage warm houden: niet gepland")
        return response

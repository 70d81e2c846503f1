"""The notices' background work: the daily run (a periodic job, settings.PERIODIEKE_TAKEN) and
the e-mails, sent by the worker (a slow or unreachable mail server never holds a web request)."""

import logging

from django.utils import timezone
from django_tasks import task

from meldingen.models import EmailKeuze
from meldingen.services import dagelijkse_run, verstuur_meldingen

logger = logging.getLogger("samenvooruit.meldingen")


@task()
def verstuur_direct() -> int:
    """Mails the users who chose "direct" their new notices (enqueued each time notices are
    stored, `bewaar_meldingen`; and hourly, `direct_nasturen`, for a mail that failed). Returns
    how many e-mails went out."""
    verzending = verstuur_meldingen(keuzes=[EmailKeuze.DIRECT], moment=timezone.now())
    return len(verzending.verstuurd)


@task()
def verstuur_dagoverzicht() -> int:
    """The daily digest: one e-mail to each user who chose it and has notices not yet mailed
    (enqueued by the daily run, after the day's reminders). Returns how many went out."""
    verzending = verstuur_meldingen(keuzes=[EmailKeuze.DAGELIJKS], moment=timezone.now())
    if verzending.mislukt:
        logger.warning("Dagoverzicht: %d e-mails mislukt", len(verzending.mislukt))
    return len(verzending.verstuurd)


def herinneringen() -> None:
    """Daily: the day's reminders, then the digest, as `manage.py herinneringen`."""
    verslag = dagelijkse_run(vandaag=timezone.localdate(), dry_run=False)
    logger.info(
        "Herinneringen: %d meldingen, e-mail aan %d gebruikers",
        len(verslag.meldingen),
        len(verslag.emails),
    )


def direct_nasturen() -> None:
    """Hourly: direct mails that failed earlier (or were never enqueued) go out now."""
    verstuur_direct.call()

"""The daily periodic job (settings.PERIODIEKE_TAKEN)."""

import logging

from django.utils import timezone

from meldingen.services import maak_herinneringen

logger = logging.getLogger("samenvooruit.meldingen")


def herinneringen() -> None:
    """The day's reminders, as `manage.py herinneringen`."""
    nieuw = maak_herinneringen(vandaag=timezone.localdate(), dry_run=False)
    logger.info("Herinneringen: %d meldingen", len(nieuw))

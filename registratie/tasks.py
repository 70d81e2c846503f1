"""The registration workbook's periodic job (settings.PERIODIEKE_TAKEN)."""

import logging

from registratie.jobs import verlopen_uploads as _verlopen_uploads

logger = logging.getLogger("samenvooruit.registratie")


def verlopen_uploads() -> int:
    """Hourly: delete uploaded workbooks older than a day (registratie.jobs.verlopen_uploads)."""
    weg = _verlopen_uploads()
    if weg:
        logger.info("Werkmap-uploads verwijderd: %d", weg)
    return weg

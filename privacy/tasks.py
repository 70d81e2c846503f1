"""Privacy's periodic job (settings.PERIODIEKE_TAKEN): the daily retention run in the worker."""

import logging

from privacy.services import apply_bewaartermijn

logger = logging.getLogger("samenvooruit.privacy")


def bewaartermijn() -> None:
    """Anonymise what is past the retention period (as `manage.py bewaartermijn`). A household
    that could not be done is logged as an error; the others still are."""
    result = apply_bewaartermijn()
    logger.info(
        "Bewaartermijn: %d huishoudens, %d aanvragen, %d metingen",
        len(result.huishoudens),
        len(result.aanvragen),
        result.metingen,
    )
    for fout in result.fouten:
        logger.error("Bewaartermijn mislukt: %s", fout)

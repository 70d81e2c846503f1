"""The fund's attachment rules are the generic upload rules of samenvooruit.bijlagen (moved down
so expenses' receipts follow the same rules without importing the fund)."""

from samenvooruit.bijlagen import (  # noqa: F401
    MAGIC,
    MAX_BEELDPUNTEN,
    MAX_BIJLAGE_BYTES,
    PILLOW_FORMAT,
    sniff_content_type,
    validate_bijlage,
)

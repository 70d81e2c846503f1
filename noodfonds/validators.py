"""Attachments are checked by their content (magic bytes), never by their name or the browser's
content type: a `.pdf` that is really HTML or an executable is refused."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_BIJLAGE_BYTES = 10 * 1024 * 1024

# The first bytes of each accepted type, and the content type we store and serve it as.
MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]


def sniff_content_type(head: bytes) -> str | None:
    """The accepted content type these first bytes announce, or None."""
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def validate_bijlage(upload) -> str:
    """Return the content type of an uploaded file, or raise ValidationError (in Dutch)."""
    if upload.size > MAX_BIJLAGE_BYTES:
        raise ValidationError(
            _("Het bestand is %(grootte)s; het mag hoogstens %(max)s zijn."),
            code="te_groot",
            params={
                "grootte": filesizeformat(upload.size),
                "max": filesizeformat(MAX_BIJLAGE_BYTES),
            },
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(
            _(
                "Dit bestand is geen PDF, JPEG of PNG (gecontroleerd op de inhoud, niet op de "
                "naam). Lever een offerte of factuur aan als PDF of foto."
            ),
            code="verkeerd_type",
        )
    return content_type

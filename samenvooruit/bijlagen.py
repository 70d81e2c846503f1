"""Uploads (a fund application's quotes, an expense claim's receipt) are checked by their content, never by their name or the browser's content type:
the first bytes say what a file claims to be (PDF, PNG or JPEG), and the file must then open as
that in its library (pypdf reads a PDF's page tree, Pillow checks and decodes an image). A `.pdf`
that is really HTML or an executable, or only starts like a PDF, is refused."""

import logging

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader

MAX_BIJLAGE_BYTES = 10 * 1024 * 1024
# A photo of a quote: a phone takes 12 to 50 megapixels. More is not a photo of a document, and
# decoding it would take memory a web worker must not spend.
MAX_BEELDPUNTEN = 60_000_000

# The first bytes of each accepted type, and the content type we store and serve it as.
MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]
PILLOW_FORMAT = {"image/png": "PNG", "image/jpeg": "JPEG"}

# pypdf reports what it repairs in a damaged file as log warnings; the refusal says enough.
logging.getLogger("pypdf").setLevel(logging.ERROR)


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
    try:
        opens = _opens_as_pdf(upload) if content_type == "application/pdf" else None
        if opens is None:
            opens = _opens_as_image(upload, PILLOW_FORMAT[content_type])
    finally:
        upload.seek(0)
    if not opens:
        raise ValidationError(
            _(
                "Dit bestand is geen geldige PDF, JPEG of PNG: het begint zo, maar is niet te "
                "openen (beschadigd, of iets anders). Sla de offerte of factuur opnieuw op als "
                "PDF, of maak er een foto van."
            ),
            code="onleesbaar",
        )
    return content_type


def _opens_as_pdf(upload) -> bool:
    """A PDF that pypdf opens, with at least one page."""
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            reader.decrypt("")  # many invoices are encrypted without a password
        return len(reader.pages) > 0
    except Exception:  # pypdf raises many kinds on what is not a PDF
        return False


def _opens_as_image(upload, fmt: str) -> bool:
    """An image of the announced format that Pillow checks and decodes (a JPEG at a reduced
    scale: every block is read, a fraction of the memory is used)."""
    try:
        with Image.open(upload, formats=[fmt]) as image:
            if image.width * image.height > MAX_BEELDPUNTEN:
                return False
            image.verify()
        upload.seek(0)
        with Image.open(upload, formats=[fmt]) as image:
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
        return True
    except Exception:  # Pillow raises many kinds on damaged images
        return False

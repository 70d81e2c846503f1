"""Real files for upload tests: a one-page PDF, a PNG and a JPEG that their libraries open (the
upload check parses a file, so a few magic bytes no longer pass for one)."""

import io

from PIL import Image
from pypdf import PdfWriter


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


PDF = pdf()
PNG = image("PNG")
JPEG = image("JPEG")

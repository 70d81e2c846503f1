"""The one place PDF files are made: a Django template rendered to HTML, laid out by WeasyPrint
on A4 with the base template `pdf/basis.html` (its stylesheet `static/pdf/basis.css`: page
margins, header and footer, page numbers).

WeasyPrint runs no JavaScript and here fetches nothing from outside: a stylesheet or an image is
read from the static files (`{% static %}` in the template), a `data:` URL is allowed, every
other address stops the rendering. Charts are drawn as inline SVG before the HTML is rendered.
"""

import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

PDF_CONTENT_TYPE = "application/pdf"
# Relative addresses in the HTML resolve against this origin; only its static files are served.
BASE_URL = "https://pdf.invalid/"


def page_number_css() -> str:
    """The footer's "Pagina 2 van 5" as a CSS content value, from one translatable sentence
    (CSS cannot hold a gettext placeholder)."""
    sentence = _("Pagina %(pagina)s van %(paginas)s")
    quoted = '"' + sentence.replace("\\", "\\\\").replace('"', '\\"') + '"'
    quoted = quoted.replace("%(pagina)s", '" counter(page) "')
    return quoted.replace("%(paginas)s", '" counter(pages) "')


def _static_path(url: str) -> str | None:
    """The file behind a static address of BASE_URL, None for anything else."""
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(prefix):
        return None
    name = parts.path.removeprefix(prefix)
    return finders.find(name) if name and ".." not in name.split("/") else None


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        """Static files and data: URLs; any other address is refused (and fails the PDF)."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url)
            if path is None:
                raise ValueError(f"Geen adres voor een PDF: {url}")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            with open(path, "rb") as f:
                return URLFetcherResponse(url, f.read(), {"Content-Type": content_type})

    return StaticOnly(fail_on_errors=True)


def render_pdf(template_name: str, context: dict | None = None) -> bytes:
    """The template (which extends `pdf/basis.html`) rendered to PDF bytes, in the active
    language. WeasyPrint is imported here: it is only needed when a PDF is made."""
    from weasyprint import CSS, HTML

    html = render_to_string(template_name, context or {})
    footer = CSS(string=f"@page {{ @bottom-right {{ content: {page_number_css()}; }} }}")
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher())
    return document.write_pdf(stylesheets=[footer], pdf_tags=True)

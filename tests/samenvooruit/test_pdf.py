"""The base of every PDF (samenvooruit.pdf, templates/pdf/basis.html): A4, header and footer on
every page, page numbers in Dutch, the document's title and language, nothing fetched from
outside. Read back with poppler-utils as a reader would."""

import pytest
from django.template import TemplateDoesNotExist
from django.test import override_settings
from weasyprint.urls import FatalURLFetchingError

from samenvooruit.pdf import page_number_css, render_pdf
from tests.pdftekst import pdf_info, pdf_text

DOCUMENT = """{% extends "pdf/basis.html" %}
{% block titel %}Testdocument{% endblock %}
{% block kop %}Kop van het testdocument{% endblock %}
{% block voet %}Voet van het testdocument{% endblock %}
{% block inhoud %}<h1>Hallo {{ naam }}</h1>{% for i in regels %}<p>Regel {{ i }}</p>{% endfor %}
{{ extra|safe }}{% endblock %}"""


@pytest.fixture
def template(tmp_path, settings):
    """`document.html` (extending the base) in a template folder of its own."""
    (tmp_path / "document.html").write_text(DOCUMENT, encoding="utf-8")
    engine = {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    with override_settings(TEMPLATES=[engine]):
        yield "document.html"


def test_a_document_is_a4_with_header_footer_and_page_numbers_on_every_page(template):
    content = render_pdf(template, {"naam": "Fatima", "regels": range(1, 181)})

    info = pdf_info(content)
    pages = pdf_text(content).split("\f")[:-1]
    assert content.startswith(b"%PDF-")
    assert info["Page size"].endswith("(A4)")
    assert info["Title"] == "Testdocument"
    assert int(info["Pages"]) == len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert "Kop van het testdocument" in page
        assert "Voet van het testdocument" in page
        assert f"Pagina {number} van {len(pages)}" in page
    assert "Hallo Fatima" in pages[0] and "Regel 180" in pages[-1]


def test_user_text_is_escaped_not_markup(template):
    content = render_pdf(template, {"naam": "<b>Jan</b> & co", "regels": []})

    assert "Hallo <b>Jan</b> & co" in pdf_text(content)


def test_nothing_is_fetched_from_outside(template):
    extra = '<img src="http://127.0.0.1:9/spion.png" alt="">'

    with pytest.raises(FatalURLFetchingError):
        render_pdf(template, {"regels": [], "extra": extra})


def test_static_files_and_data_urls_are_allowed(template):
    svg = "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='5' height='5'/>"
    extra = f'<img src="/static/img/favicon.svg" alt=""><img src="{svg}" alt="">'

    content = render_pdf(template, {"naam": "met plaatjes", "regels": [], "extra": extra})

    assert "Hallo met plaatjes" in pdf_text(content)


def test_a_static_address_outside_the_static_files_is_refused(template):
    extra = '<img src="/static/../samenvooruit/settings.py" alt="">'

    with pytest.raises(FatalURLFetchingError):
        render_pdf(template, {"regels": [], "extra": extra})


def test_the_page_number_sentence_becomes_css_counters():
    assert page_number_css() == '"Pagina " counter(page) " van " counter(pages) ""'


def test_an_unknown_template_is_an_error(db):
    with pytest.raises(TemplateDoesNotExist):
        render_pdf("pdf/bestaat-niet.html")

"""The report as a PDF for the funder (issue 19, point 7): read back with `pdftotext -layout`,
every key figure and every row of every table stands in it with its values in order, driven by
the report's own data (`build_report`), so a new table or figure is checked too. The download is
a job of the user, in their scope; the command writes the same PDF."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from noodfonds.services import euro
from rapportage.report import build_report
from rapportage.report.categories import TYPE_VRAAG, UITKOMST, rounding_key_figures, table_notes
from rapportage.report.charts import onbekend_aandeel
from rapportage.report.pdf import pdf_context, report_pdf
from tests.pdftekst import find_in_order, pdf_info, pdf_text, squeeze
from tests.rapportage.conftest import PEILDATUM
from tests.rapportage.test_report_views import two_orgs  # noqa: F401 (a fixture)
from tests.taken.jobs import job_download

D = datetime.date
PDF_URL = reverse("rapportage:rapport_pdf")
Q = "?peildatum=2021-03-01"


def shown(value) -> str:
    """A figure as a reader sees it: amounts in euros, percentages with %, N.G as N.G."""
    return euro(value) if isinstance(value, Decimal) else str(value)


def key_figure_rows(report) -> list[tuple[str, list]]:
    return [
        (f"{n} {f.label}", [shown(f.value), *([] if f.target is None else [f.target])])
        for n, f in enumerate(report.key_figures, start=1)
    ]


def table_rows(report) -> list[tuple[str, list]]:
    """Per table in order: its numbered title, its column names, then each row (Totaal last)."""
    expected = []
    for n, (title, table) in enumerate(report.tables.items(), start=1):
        expected.append((f"{n}. {title}", []))
        expected.append(("", table["columns"]))
        expected += [(row[0], [shown(v) for v in row[1:]]) for row in table["rows"]]
    return expected


def assert_report_in(text: str, report):
    assert find_in_order(text, key_figure_rows(report)) == []
    assert find_in_order(text, table_rows(report)) == []


@pytest.fixture
def seed_pdf(seeded):
    report = build_report(user=None, peildatum=PEILDATUM)
    return report, report_pdf(report, door="Coördinator Test")


def test_every_key_figure_and_table_row_reads_back_in_order(seed_pdf):
    report, content = seed_pdf

    text = pdf_text(content)

    assert_report_in(text, report)
    assert len(report.tables) == 13 and len(report.key_figures) >= 9  # outcomes, fund, route


def test_each_table_states_its_share_of_onbekend_as_the_page_does(seed_pdf):
    """Issue 23 §3 in the PDF: the same line as on the page, under every table that has
    something the registration may leave unknown."""
    report, content = seed_pdf
    lines = [
        aandeel["tekst"]
        for title, table in report.tables.items()
        if (aandeel := onbekend_aandeel(title, table))
    ]

    assert len(lines) == 5
    assert find_in_order(squeeze(pdf_text(content)), [(squeeze(line), []) for line in lines]) == []


def test_the_seed_figures_a_funder_checks_first(seed_pdf):
    text = pdf_text(seed_pdf[1])

    assert find_in_order(text, [("3 Hulpvragen totaal", ["121", "80"])]) == []
    assert find_in_order(text, [("Oost", ["36", "72%"]), ("Totaal", ["50", "100%"])]) == []
    assert find_in_order(text, [("Terugkerend", ["N.G", "50", "50"])]) == []


def test_a4_dutch_with_provenance_and_definitions(seed_pdf):
    report, content = seed_pdf

    info = pdf_info(content)
    text = pdf_text(content)
    flat = squeeze(text)

    assert info["Page size"].endswith("(A4)")
    assert info["Title"] == "Rapportage Samen Vooruit · peildatum 01-03-2021"
    assert info["Author"] == "Coördinator Test"
    provenance = [
        ("Peildatum", ["01-03-2021"]),
        ("Periode", ["alles tot en met de peildatum"]),
        ("Filters", [report.scope]),
        ("Gemaakt op", [f"{report.generated_at.astimezone():%d-%m-%Y %H:%M}"]),
        ("Gemaakt door", ["Coördinator Test"]),
    ]
    assert find_in_order(text, provenance) == []
    assert "Definities" in text
    for figure in report.key_figures:
        assert squeeze(f"{figure.label}: {figure.definition}") in flat
    # the rules the page and the workbook state beside the figures
    assert squeeze(rounding_key_figures()) in flat
    for title in (TYPE_VRAAG, UITKOMST):
        assert squeeze(f"{title}: {table_notes()[title]}") in flat
    pages = int(info["Pages"])
    assert f"Pagina {pages} van {pages}" in text


def test_one_chart_per_table_drawn_as_svg(seeded):
    report = build_report(user=None, peildatum=PEILDATUM)

    html = render_to_string("rapportage/rapport_pdf.html", pdf_context(report, door="x"))

    assert html.count("<svg") == len(report.tables)
    assert "<script" not in html and "<canvas" not in html


def test_a_period_and_a_filter_are_stated(seeded):
    organisatie = seeded["partners"][0]
    report = build_report(
        user=None, peildatum=PEILDATUM, van=D(2020, 11, 1), organisatie=organisatie
    )

    text = pdf_text(report_pdf(report, door="x"))

    assert find_in_order(text, [("Periode", ["01-11-2020 tot en met 01-03-2021"])]) == []
    assert organisatie.naam in squeeze(text)
    assert_report_in(text, report)


def test_an_empty_database_still_makes_a_pdf(db):
    report = build_report(user=None, peildatum=PEILDATUM)

    text = pdf_text(report_pdf(report, door="x"))

    assert_report_in(text, report)


def test_the_command_writes_the_pdf(seeded, tmp_path):
    path = tmp_path / "rapportage.pdf"
    out = io.StringIO()

    call_command("rapportage", "--peildatum", "2021-03-01", "--pdf", str(path), stdout=out)

    text = pdf_text(path.read_bytes())
    assert_report_in(text, build_report(user=None, peildatum=PEILDATUM))
    assert "beheerder (manage.py rapportage)" in text
    assert str(path) in out.getvalue()


# --- the download: a job of the user, in their scope ---------------------------------------------


def test_coordinator_downloads_the_pdf_of_the_page(client, coordinator, two_orgs, org_b):  # noqa: F811
    client.force_login(coordinator)
    query = f"?peildatum=2021-03-01&van=2020-11-01&organisatie={org_b.pk}"
    page = client.get(reverse("rapportage:rapport") + query)

    assert "Download als PDF" in page.content.decode()
    response = job_download(client, client.get(f"{PDF_URL}?{page.context['xlsx_query']}"))

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('rapportage-2021-03-01.pdf"')
    text = pdf_text(b"".join(response.streaming_content))
    assert_report_in(text, page.context["report"])
    assert org_b.naam in text and coordinator.username in text


def test_orgcoordinator_pdf_is_limited_to_their_organisation(client, orgcoordinator, two_orgs):  # noqa: F811
    client.force_login(orgcoordinator)

    response = job_download(client, client.get(PDF_URL + Q))
    text = pdf_text(b"".join(response.streaming_content))

    assert "alleen de gegevens van de eigen organisatie" in text
    page = client.get(reverse("rapportage:rapport") + Q)
    assert_report_in(text, page.context["report"])
    assert find_in_order(text, [("Hulpvragen totaal", ["1"])]) == []


@pytest.mark.parametrize("who", ["vp_a", "commissie", "opleider", "outsider"])
def test_other_roles_get_no_pdf(client, users, who):
    client.force_login(users[who])

    assert client.get(PDF_URL + Q).status_code == 404


def test_anonymous_goes_to_login(client, db):
    response = client.get(PDF_URL + Q)

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_bad_parameters_go_back_to_the_page(client, coordinator, db):
    client.force_login(coordinator)

    response = client.get(PDF_URL + "?peildatum=2021-03-01&van=2021-04-01")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("rapportage:rapport"))

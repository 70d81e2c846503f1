"""The list tables write their rows themselves (samenvooruit.tables.Table.rows_html) instead of
through django-tables2's template: what the user sees must be what that template shows."""

import datetime
import re

import django_tables2 as tables
import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django_tables2 import RequestConfig

from hulpvragen import selectors
from hulpvragen.models import Huishouden
from hulpvragen.tables import CaseloadTable, HuishoudenTable, HulpvraagTable
from samenvooruit.tables import TEMPLATE, Table
from tests.hulpvragen.conftest import make_household


def normalised(html: str) -> str:
    """Markup without the layout whitespace (the template indents, rows_html does not)."""
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r" ?([<>]) ?", r"\1", html)
    return html.replace("<td >", "<td>")


def both_ways(make_table, query=""):
    """The table rendered by the product's template and by django-tables2's own."""
    request = RequestFactory().get(f"/lijst/?{query}")
    fast, generic = make_table(), make_table()
    generic.template_name = settings.DJANGO_TABLES2_TEMPLATE
    for table in (fast, generic):
        RequestConfig(request, paginate={"per_page": 2}).configure(table)
    assert fast.template_name == TEMPLATE
    return fast.as_html(request), generic.as_html(request)


@pytest.fixture
def households(vp_a, vp_b):
    return [
        make_household(vp_a, naam="Anna A"),
        make_household(vp_b, naam="Bram B", intake=datetime.date(2021, 3, 1)),
        make_household(None, naam="Cor C", intake=datetime.date(2021, 4, 1)),
    ]


@pytest.mark.parametrize("query", ["", "sort=referentie", "sort=-signalering&page=2"])
def test_help_request_rows_are_what_django_tables2_would_render(coordinator, households, query):
    fast, generic = both_ways(lambda: HulpvraagTable(selectors.hulpvraag_list(coordinator)), query)

    assert normalised(fast) == normalised(generic)
    links = [f'href="{h.hulpvragen.get().get_absolute_url()}"' for h in households]
    assert sum(link in fast for link in links) == (1 if "page=2" in query else 2)
    assert '<span class="badge text-bg-warning text-wrap">Lang geen contact</span>' in fast
    assert "Schulden" in fast  # themes
    assert "?sort=" in fast and "page=" in fast  # sorting links and paging stay


@pytest.mark.parametrize("query", ["", "sort=n_open", "sort=-laatste_intake&page=2"])
def test_household_rows_are_what_django_tables2_would_render(coordinator, households, query):
    fast, generic = both_ways(
        lambda: HuishoudenTable(selectors.huishouden_list(coordinator)), query
    )

    assert normalised(fast) == normalised(generic)
    assert "—" in fast  # the household without trusted person shows the default


def test_caseload_rows_keep_their_computed_row_class(coordinator, households):
    fast, generic = both_ways(lambda: CaseloadTable(selectors.caseload(coordinator)))

    assert normalised(fast) == normalised(generic)
    assert 'class="table-warning' in fast


def test_empty_table_shows_its_text(coordinator):
    fast, generic = both_ways(lambda: HuishoudenTable(Huishouden.objects.none()))

    assert normalised(fast) == normalised(generic)
    assert "Geen huishoudens gevonden." in fast


class Generic(Table):
    """Every way of rendering a cell the product's tables could use."""

    naam = tables.Column(attrs={"td": {"class": lambda record: f"rij-{record['id']}"}})
    bedrag = tables.Column(localize=True)
    rauw = tables.Column(accessor="bedrag", localize=False)
    datum = tables.Column()
    leeg = tables.Column(default="niets")
    samen = tables.Column(accessor="naam", empty_values=())
    ontbreekt = tables.Column(accessor="naam")
    html = tables.Column(attrs={"cell": {"data-x": "1"}})

    class Meta:
        row_attrs = {"data-id": lambda record: record["id"]}

    def render_samen(self, value, record, **kwargs):
        return f"{value} #{record['id']} {kwargs['bound_row'].row_counter}"

    def render_ontbreekt(self, iets):  # an argument django-tables2 does not have: no value
        return "nooit"


def test_every_kind_of_cell_renders_as_django_tables2_would(settings):
    settings.USE_THOUSAND_SEPARATOR = True
    rows = [
        {
            "id": n,
            "naam": f"<b>{n}</b>",
            "bedrag": 1234.5 * n,
            "datum": datetime.date(2024, 5, n),
            "leeg": None,
            "html": "<i>x</i>",
        }
        for n in (1, 2, 3)
    ]
    fast, generic = both_ways(lambda: Generic(rows))

    assert normalised(fast) == normalised(generic)
    assert "&lt;b&gt;1&lt;/b&gt;" in fast and 'class="rij-1"' in fast and 'data-id="2"' in fast


def test_list_page_shows_rows_flags_and_sort_links(client, coordinator, households):
    client.force_login(coordinator)

    page = client.get(reverse("hulpvragen:hulpvraag_list")).content.decode()

    for household in households:
        assert f'href="{household.hulpvragen.get().get_absolute_url()}"' in page
    assert "Lang geen contact" in page
    assert 'href="?sort=referentie"' in page


CRISPY_FILTERS = """{% load i18n crispy_forms_tags %}
<details class="mb-3 filters"{% if filter.form.errors %} open{% endif %}>
  <summary class="btn btn-outline-secondary btn-tap">{% translate "Filters en zoeken" %}{% with n=filter.form.changed_data|length %}{% if n %} <span class="badge text-bg-success">{{ n }}</span>{% endif %}{% endwith %}</summary>
  <form method="get" class="filters mt-2" novalidate>
    <div class="row g-2">
      {% for field in filter.form %}
        <div class="col-12 col-sm-6 col-lg-3">{{ field|as_crispy_field }}</div>
      {% endfor %}
    </div>
    <div class="d-flex flex-wrap gap-2">
      <button type="submit" class="btn btn-success btn-tap">{% translate "Toepassen" %}</button>
      <a class="btn btn-outline-secondary btn-tap" href="{{ request.path }}">{% translate "Wissen" %}</a>
    </div>
  </form>
</details>"""


@pytest.mark.parametrize("kind", ["hulpvraag", "huishouden"])
@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=afgerond&woonplaats=oost&q=anna&intake_tot=2021-05-01",
        "status=xx&intake_van=gisteren",
    ],
)
def test_filter_form_is_what_crispy_would_render(orgcoordinator, households, kind, query):
    """_filters.html writes the fields itself instead of through crispy's field template."""
    from django.template import Context, Template
    from django.template.loader import render_to_string

    from hulpvragen.lijsten import filtered_table

    request = RequestFactory().get(f"/lijst/?{query}")
    request.user = orgcoordinator
    fast = render_to_string(
        "hulpvragen/_filters.html",
        {"filter": filtered_table(request, kind, paginate=True)[0], "request": request},
    )
    filterset = filtered_table(request, kind, paginate=True)[0]
    crispy = Template(CRISPY_FILTERS).render(Context({"filter": filterset, "request": request}))

    assert normalised(fast) == normalised(crispy)
    assert 'class="select form-select' in fast and 'class="textinput form-control' in fast
    if "xx" in query:
        assert "is-invalid" in fast and 'class="invalid-feedback"' in fast


def test_every_cell_names_its_column_for_the_cards_on_a_phone(coordinator, households):
    fast, _generic = both_ways(lambda: HulpvraagTable(selectors.hulpvraag_list(coordinator)))

    first_row = re.search(r"<tbody[^>]*>\s*<tr[^>]*>(.*?)</tr>", fast, re.S).group(1)
    labels = re.findall(r'<td [^>]*data-label="([^"]*)"', first_row)
    assert labels == [
        "Huishouden",
        "Hulpvrager",
        "Aanmelding",
        "Pilot",
        "Soort",
        "Status",
        "Thema&#x27;s",  # (escaped in the attribute)
        "Vertrouwenspersoon",
        "Organisatie",
        "Laatste contact",
        "Signalering",
    ]

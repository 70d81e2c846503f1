"""Issue 20: no server error on any input, and nothing stored from a refused form.

The sweep starts from the URL walker (tests/urlwalker.py): every page x every role, with real
records. For each page it learns, from what the page itself offers, which input it takes:

- query parameters: the fields of its GET forms (filters), the keys of its links (sort, page),
  the filter sets, tables and paginators in its template context; a parameter belongs to the
  path it is sent to (a form's action, a link's path), so a download link's filters are swept on
  the download;
- POST forms: every form on the page with method post, filled as a browser would send it.

Then it sends hostile values (huge numbers, 0001-01-01, 9999-12-31, a NUL, 10,000 characters,
negative numbers, choices that do not exist):

- every page as every role that reaches it: with a NUL in its path, and with each hostile value
  in all its query parameters at once;
- every query parameter alone, and every field of every POST form alone (each form once, as the
  first role seen with it), with a sample of the values that fits its kind (PER_KIND), and each
  form with a NUL: the full product would take an hour, the sample a few minutes.

No answer may be a server error (5xx, or an exception), and a POST that is answered 200 (the
form again, with its errors) must leave every domain table as it was (every row compared).
Refused input that is answered 302 instead is bound by the database's constraints: a value
beyond them is a server error here.

A new page, parameter or form is swept without anyone listing it here: the walker enumerates
the pages, the pages name their input.
"""

import dataclasses
from collections import defaultdict
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import lxml.html
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import Page
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import Resolver404, resolve
from django.urls import path as url_path
from django_filters import FilterSet
from django_tables2 import Table

from tests.factories import OrganisatieFactory
from tests.scopes import SCOPES
from tests.urlwalker import Visit, Visitor, routes, walk

HUGE = "99999999999999999999999"
HOSTILE = {
    "huge": HUGE,
    "first_day": "0001-01-01",
    "last_day": "9999-12-31",
    "nul": "a\x00b",
    "long": "x" * 10_000,
    "negative": "-1",
    "unknown": "geen-bestaande-keuze",
}
# The sample of hostile values per kind of parameter or form field, sent one field at a time.
# Besides these, every page gets each value in all its parameters at once (as each role), and
# every form a NUL (the base refuses a NUL anywhere, whatever the field).
PER_KIND = {
    "date": ["first_day", "last_day", "huge"],
    "number": ["huge", "negative", "long"],
    "choice": ["unknown", "huge", "negative"],
    "text": ["long"],
    "hidden": ["huge", "negative", "long"],
    "file": ["pdf_then_html"],
}
DOMAIN_APPS = ["netwerk", "hulpvragen", "noodfonds", "opleiding", "registratie", "meldingen"]
DOMAIN_APPS += ["taken", "privacy", "onkosten"]
# Written on every page it concerns, refused or not: the access log is not what a form stores.
NOT_STORED_BY_FORMS = {"netwerk.toegangslog"}


# --- what a page takes --------------------------------------------------------------------------


@dataclasses.dataclass
class Field:
    name: str
    kind: str  # date, number, choice, text, hidden, file


@dataclasses.dataclass
class PostForm:
    action: str
    data: dict  # name -> values, as a browser sends the form untouched
    fields: list  # Field


def document(response):
    if response is None or response.status_code != 200:
        return None
    if "html" not in response.get("Content-Type", "") or response.streaming:
        return None
    if not response.content.strip():
        return None
    return lxml.html.fromstring(response.content)


def query_parameters(page_url, response, doc) -> dict[str, dict[str, str]]:
    """path -> {parameter: kind} that the page sends there: the fields of its GET forms, the keys
    of its links, the filter sets, tables and paginators of its template context."""
    found = defaultdict(dict)
    if doc is not None:
        for form in doc.forms:
            if (form.method or "GET").upper() == "GET":
                path = urlsplit(urljoin(page_url, form.get("action") or page_url)).path
                for name, element in _inputs(form):
                    _learn(found[path], name, _kind(element))
        for href in doc.xpath("//a/@href"):
            parts = urlsplit(urljoin(page_url, href))
            if parts.netloc in ("", "testserver") and parts.query:
                for key, _value in parse_qsl(parts.query, keep_blank_values=True):
                    _learn(found[parts.path], key, "text")
    own = found[urlsplit(page_url).path]
    for name, kind in _context_parameters(response):
        _learn(own, name, kind)
    return found


def _learn(parameters, name, kind):
    if parameters.get(name) in (None, "text"):
        parameters[name] = kind


def _context_parameters(response):
    for context in response.context or []:
        for value in _flat(context):
            if isinstance(value, FilterSet):
                for bound in (value.form[name] for name in value.form.fields):
                    yield bound.html_name, _widget_kind(bound.field.widget)
            elif isinstance(value, Table):
                yield value.prefixed_page_field, "number"
                yield value.prefixed_per_page_field, "number"
                yield value.prefixed_order_by_field, "choice"
            elif isinstance(value, Page):
                yield "page", "number"


def _widget_kind(widget) -> str:
    input_type = getattr(widget, "input_type", None)
    if input_type in ("date", "number"):
        return input_type
    if input_type in ("select", "checkbox", "radio") or hasattr(widget, "choices"):
        return "choice"
    return "text"


def _flat(context):
    try:
        return list(context.flatten().values())
    except (AttributeError, ValueError):
        return []


def _inputs(form):
    for element in form.inputs:
        name = element.get("name")
        if name and name != "csrfmiddlewaretoken":
            yield name, element


def post_forms(page_url, doc) -> list[PostForm]:
    """The page's POST forms, each with the data a browser sends for it untouched."""
    if doc is None:
        return []
    forms = []
    for form in doc.forms:
        if (form.method or "").upper() != "POST":
            continue
        data = defaultdict(list)
        for name, value in form.form_values():
            if name != "csrfmiddlewaretoken":
                data[name].append(value)
        fields = {name: Field(name, _kind(element)) for name, element in _inputs(form)}
        # a form whose buttons carry the choice (one tap saves) sends its first one
        for button in form.xpath(".//button[@name] | .//input[@type='submit'][@name]"):
            data.setdefault(button.get("name"), [button.get("value", "")])
            fields.setdefault(button.get("name"), Field(button.get("name"), "choice"))
        action = urljoin(page_url, form.get("action") or page_url)
        forms.append(PostForm(action, dict(data), list(fields.values())))
    return forms


def _kind(element) -> str:
    if element.tag in ("select", "button"):
        return "choice"
    if element.tag == "textarea":
        return "text"
    kind = (element.get("type") or "text").lower()
    if kind in ("checkbox", "radio", "submit"):
        return "choice"
    if kind in ("date", "datetime-local", "month"):
        return "date"
    if kind in ("number", "hidden", "file"):
        return kind
    return "text"


# --- making the requests ------------------------------------------------------------------------


def domain_queries() -> dict:
    """table -> the SQL (with its parameters) that reads every row of it, in key order: the
    users (their last login aside) and every domain table (the access log aside)."""
    user = get_user_model()
    columns = [f.attname for f in user._meta.concrete_fields if f.name != "last_login"]
    querysets = {"auth.user": user.objects.order_by("pk").values_list(*columns)}
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower not in NOT_STORED_BY_FORMS:
                querysets[model._meta.label_lower] = model.objects.order_by("pk").values_list()
    return {table: qs.query.sql_with_params() for table, qs in querysets.items()}


def domain_snapshot(queries=None) -> dict:
    """Every row of every domain table (the access log aside), to compare before and after.
    The rows as the database returns them, through SQL compiled once (`domain_queries`): the
    sweep takes a snapshot after every refused POST, and compiling some 70 querysets each
    time cost more than reading the rows."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table, (sql, params) in (queries or domain_queries()).items():
            cursor.execute(sql, params)
            snapshot[table] = cursor.fetchall()
    return snapshot


class HostileVisitor(Visitor):
    """The walker's visitor, every request rolled back: `get` and `post` return (response,
    problem), the problem in words when the answer is a server error, or when a POST answered
    with its form again (200) changed a domain table. Every request is rolled back, so the
    tables are the same before each: `before` is read once."""

    def __init__(self, users):
        super().__init__(users)
        self.before = None
        self.queries = None

    def client(self, role):
        client = self.clients.get(role)
        if client is None:
            client = self.clients[role] = Client()
            client.force_login(self.users[role])
        return client

    def get(self, role, url):
        return self._request(role, url)

    def post(self, role, url, data, what=""):
        """`what`: the hostile part of `data`, for the problem's words."""
        if self.before is None:
            self.queries = domain_queries()
            self.before = domain_snapshot(self.queries)
        return self._request(role, url, data, what)

    def _request(self, role, url, data=None, what=""):
        method = "GET" if data is None else "POST"
        where = f"{role} {method} {_short(url)}" + (f" with {what}" if what else "")
        changed, client = [], self.client(role)  # logged in outside the rolled-back requests
        try:
            with transaction.atomic():
                if data is None:
                    response = client.get(url)
                else:
                    response = client.post(url, data)
                    if response.status_code == 200:
                        after = domain_snapshot(self.queries)
                        changed = [t for t in self.before if self.before[t] != after[t]]
                transaction.set_rollback(True)
        except Exception as exc:  # a server error: the test client passes the exception on
            return None, f"{where}: {type(exc).__name__}: {_short(str(exc))}"
        if response.status_code >= 500:
            return response, f"{where}: {response.status_code}"
        if changed:
            return response, f"{where}: refused (200) but stored in {', '.join(changed)}"
        return response, None


def _short(value, limit=200) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def _with_query(url, params) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    return parts._replace(query=urlencode([*query, *params.items()])).geturl()


def _with_nul_in_path(url) -> str:
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    trailing = "/" if parts.path.endswith("/") else ""
    return parts._replace(path=f"{path}%00{trailing}").geturl()


def _hostile(kind, value_name):
    if kind == "file":
        return SimpleUploadedFile(
            "offerte.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>"
        )
    return HOSTILE[value_name]


# --- the sweep ----------------------------------------------------------------------------------


@dataclasses.dataclass
class Pages:
    """What the pages of a sweep take, by URL name: the roles that reach it (and a URL of it for
    each), its query parameters, and the POST forms sent to it (each with the first role seen
    with it, by its fields)."""

    reached: dict = dataclasses.field(default_factory=lambda: defaultdict(dict))
    parameters: dict = dataclasses.field(default_factory=lambda: defaultdict(dict))
    forms: dict = dataclasses.field(default_factory=dict)


def url_name(url) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def sweep(world, names) -> list[str]:
    """Every problem the hostile input finds on the pages of `names`, as words: each page as
    each role that reaches it, with a NUL in its path, then its query parameters and the POST
    forms found on those pages."""
    visitor = HostileVisitor(world.users)
    problems, pages = [], Pages()
    for visit in walk(world, SCOPES, names=names):
        if visit.role == "anonymous" or visit.in_scope is False:
            continue
        response, problem = visitor.get(visit.role, visit.url)
        problems += [problem, visitor.get(visit.role, _with_nul_in_path(visit.url))[1]]
        if response is not None and response.status_code == 200:
            pages.reached[visit.name].setdefault(visit.role, visit.url)
            learn(visitor, pages, visit, response)
    problems += sweep_queries(visitor, pages) + sweep_forms(visitor, pages)
    return [problem for problem in problems if problem]


def learn(visitor, pages, visit, response):
    """What this page takes. A page with a GET form is also asked with that form sent once, so
    that links carrying its values (a download of the filtered list) name them too."""
    doc = document(response)
    _learn_parameters(pages, query_parameters(visit.url, response, doc))
    for form in post_forms(visit.url, doc):
        key = (url_name(form.action), tuple(sorted(f.name for f in form.fields)))
        pages.forms.setdefault(key, (visit.role, form))
    for form in doc.forms if doc is not None else []:
        if (form.method or "GET").upper() == "GET" and any(_inputs(form)):
            values = {name: "" for name, _element in _inputs(form)} | dict(form.form_values())
            sent = _with_query(urljoin(visit.url, form.get("action") or visit.url), values)
            again, _problem = visitor.get(visit.role, sent)
            if again is not None and again.status_code == 200:
                _learn_parameters(pages, query_parameters(sent, again, document(again)))


def _learn_parameters(pages, by_path):
    for path, parameters in by_path.items():
        name = url_name(path)
        for parameter, kind in parameters.items():
            _learn(pages.parameters[name], parameter, kind)


def sweep_queries(visitor, pages) -> list:
    """Each page as each role that reaches it, with every hostile value in all its parameters
    at once; then each parameter alone with the values of its kind (as the first role)."""
    problems = []
    for name, by_role in pages.reached.items():
        parameters = pages.parameters.get(name, {})
        if not parameters:
            continue
        for role, url in by_role.items():
            for value in HOSTILE.values():
                sent = _with_query(url, dict.fromkeys(parameters, value))
                problems.append(visitor.get(role, sent)[1])
        role, url = next(iter(by_role.items()))
        for parameter, kind in sorted(parameters.items()):
            for value_name in PER_KIND.get(kind, PER_KIND["text"]):
                sent = _with_query(url, {parameter: HOSTILE[value_name]})
                problems.append(visitor.get(role, sent)[1])
    return problems


def sweep_forms(visitor, pages) -> list:
    """Each POST form once (as the first role seen with it): every field alone with the values
    of its kind, and a NUL in its first field."""
    problems = []
    for role, form in pages.forms.values():
        for field in form.fields:
            for value_name in PER_KIND.get(field.kind, PER_KIND["text"]):
                data = {**form.data, field.name: _hostile(field.kind, value_name)}
                what = f"{field.name}={value_name}"
                problems.append(visitor.post(role, form.action, data, what)[1])
        if form.fields:
            data = {**form.data, form.fields[0].name: HOSTILE["nul"]}
            what = f"{form.fields[0].name}=nul"
            problems.append(visitor.post(role, form.action, data, what)[1])
    return problems


def _namespaces():
    by_namespace = defaultdict(list)
    for route in routes():
        by_namespace[route.name.partition(":")[0] if ":" in route.name else "-"].append(route.name)
    return dict(sorted(by_namespace.items()))


NAMESPACES = _namespaces()


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_no_server_error_on_hostile_input(walker_world, namespace):
    problems = sweep(walker_world, NAMESPACES[namespace])

    assert not problems, "\n".join(problems)


# --- the sweep sees what it is for ------------------------------------------------------------


def test_the_sweep_finds_the_parameters_of_a_list_and_of_its_download(walker_world):
    visitor, pages = HostileVisitor(walker_world.users), Pages()
    visit = Visit("hulpvragen:hulpvraag_list", "/hulpvragen/", "coordinator")
    response, _problem = visitor.get("coordinator", "/hulpvragen/")

    learn(visitor, pages, visit, response)

    lijst = pages.parameters["hulpvragen:hulpvraag_list"]
    download = pages.parameters["hulpvragen:hulpvraag_list_xlsx"]
    assert {"q": "text", "intake_van": "date", "status": "choice"}.items() <= lijst.items()
    assert {"page": "number", "sort": "choice"}.items() <= lijst.items()
    assert {"status", "intake_van"} <= download.keys()


def test_the_sweep_finds_the_fields_of_a_post_form(walker_world):
    visitor, pages = HostileVisitor(walker_world.users), Pages()
    visit = Visit("hulpvragen:intake", "/hulpvragen/intake/", "coordinator")
    response, _problem = visitor.get("coordinator", "/hulpvragen/intake/")

    learn(visitor, pages, visit, response)

    role, intake = next(
        (role, form) for role, form in pages.forms.values() if form.action.endswith("/intake/")
    )
    kinds = {field.name: field.kind for field in intake.fields}
    assert role == "coordinator"
    assert kinds["aantal_kinderen"] == "number"
    assert kinds["intake_datum"] == "date"
    assert kinds["woonplaats"] == "choice"
    assert kinds["omschrijving"] == "text"
    assert intake.data["woonplaats"]  # sent as a browser would: the first option chosen


def _stores_and_refuses(request):
    """A planted view that stores a record and answers as if the form were refused."""
    OrganisatieFactory(naam="Geplant")
    return HttpResponse("Er staan fouten in het formulier.")


urlpatterns = [url_path("geplant/", _stores_and_refuses)]


@pytest.mark.urls("tests.test_hostile_input")
def test_a_refused_form_that_stores_is_named(users):
    visitor = HostileVisitor(users)

    _response, problem = visitor.post("coordinator", "/geplant/", {"naam": "x"})

    assert problem is not None
    # The organisation keeps its history (simple_history): its history table is named too.
    assert problem.endswith(
        "refused (200) but stored in netwerk.historicalorganisatie, netwerk.organisatie"
    )

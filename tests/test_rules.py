"""Rules the build enforces over the source (issue 15), besides `lint-imports`:

- views fetch personal data only through `visible_to` / `get_visible_or_404`: no
  `get_object_or_404(Model, ...)` and no `Model.objects.get(...)` on a model with `visible_to`;
- no model relation (foreign key, one-to-one, many-to-many; string references and the
  historical models of simple-history included) crosses a line the import contracts forbid;
- every app of the project is in the import contracts.

The forbidden lines are read from the import contracts in pyproject.toml ([tool.importlinter]),
the one place that keeps the architecture's "never" list.
"""

import ast
import tomllib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test.utils import isolate_apps

from tests.urlwalker import routes

PYPROJECT = Path(settings.BASE_DIR) / "pyproject.toml"
FETCHERS = {"get_object_or_404", "get_list_or_404"}
SCOPED = "visible_to"


# --- the import contracts ------------------------------------------------------------------------


def contracts() -> dict:
    return tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]


def _layer_modules(layer: str) -> tuple[list[str], bool]:
    independent = "|" in layer
    names = layer.replace("|", ":").split(":")
    return [name.strip().strip("()") for name in names], independent


def forbidden_pairs() -> set[tuple[str, str]]:
    """(importer, imported) top-level packages that the contracts keep apart."""
    pairs = set()
    for contract in contracts()["contracts"]:
        if contract["type"] == "forbidden":
            pairs |= {
                (s, f) for s in contract["source_modules"] for f in contract["forbidden_modules"]
            }
        elif contract["type"] == "layers":
            pairs |= _layer_pairs(contract["layers"])
    return pairs


def _layer_pairs(layers: list[str]) -> set[tuple[str, str]]:
    pairs = set()
    above = []
    for layer in layers:
        modules, independent = _layer_modules(layer)
        pairs |= {(low, high) for low in modules for high in above}
        if independent:
            pairs |= {(a, b) for a in modules for b in modules if a != b}
        above += modules
    return pairs


def project_packages() -> set[str]:
    """The top-level packages of the project's own apps (not Django's, not installed ones)."""
    base = Path(settings.BASE_DIR).resolve()
    return {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and ".venv" not in Path(config.path).parts
    }


def test_every_project_app_is_in_the_import_contracts():
    root = set(contracts()["root_packages"])
    layered = {
        module
        for contract in contracts()["contracts"]
        if contract["type"] == "layers"
        for layer in contract["layers"]
        for module in _layer_modules(layer)[0]
    }

    assert project_packages() - root == set(), "add to root_packages in pyproject.toml"
    assert (root | {"samenvooruit"}) - layered == set(), "add to the layers contract"


# --- model relations -----------------------------------------------------------------------------


def _package(model) -> str:
    return apps.get_app_config(model._meta.app_label).name.split(".")[0]


def relations_across_forbidden_lines(models, forbidden) -> list[str]:
    problems = []
    for model in models:
        for field in [*model._meta.fields, *model._meta.many_to_many]:
            target = field.related_model
            if not field.is_relation or target is None or isinstance(target, str):
                continue
            pair = (_package(model), _package(target))
            if pair in forbidden:
                problems.append(
                    f"{model._meta.label}.{field.name} -> {target._meta.label}: "
                    f"{pair[0]} may not depend on {pair[1]} (pyproject.toml, [tool.importlinter])"
                )
    return problems


def test_no_model_relation_crosses_a_forbidden_line():
    """Import contracts do not see `ForeignKey("hulpvragen.Pilot")`: the models do."""
    models = apps.get_models(include_auto_created=True)

    problems = relations_across_forbidden_lines(models, forbidden_pairs())

    assert not problems, "\n".join(problems)


def test_the_relation_check_sees_historical_models():
    from hulpvragen.models import Hulpvraag

    historical = Hulpvraag.history.model
    forbidden = {("hulpvragen", "netwerk")}  # pretend: casework may not use the network

    problems = "\n".join(relations_across_forbidden_lines([Hulpvraag, historical], forbidden))

    assert "hulpvragen.Hulpvraag.pilot -> netwerk.Pilot" in problems
    assert "hulpvragen.HistoricalHulpvraag.pilot -> netwerk.Pilot" in problems


@isolate_apps("opleiding", "hulpvragen")
def test_the_relation_check_sees_string_references():
    class Gepland(models.Model):  # noqa: DJ008 (a model that only exists in this test)
        class Meta:
            app_label = "hulpvragen"

    class Verwijzing(models.Model):  # noqa: DJ008
        naar = models.ForeignKey("hulpvragen.Gepland", on_delete=models.CASCADE)
        samen = models.ManyToManyField("hulpvragen.Gepland", related_name="+")

        class Meta:
            app_label = "opleiding"

    problems = relations_across_forbidden_lines([Verwijzing], forbidden_pairs())

    assert [problem.split(":")[0] for problem in problems] == [
        "opleiding.Verwijzing.naar -> hulpvragen.Gepland",
        "opleiding.Verwijzing.samen -> hulpvragen.Gepland",
    ]


# --- views fetch personal data through visible_to ------------------------------------------------


def personal_data_models() -> set[str]:
    """Models whose queryset has `visible_to`: their records are fetched only through it."""
    return {
        model.__name__
        for model in apps.get_models()
        if callable(getattr(model._default_manager, SCOPED, None))
    }


def views_modules() -> list[Path]:
    """`views.py`, `*_views.py` and `views/` packages of the project's apps, and every other
    module that holds a view of the URL configuration (netwerk/tweestaps.py)."""
    base = Path(settings.BASE_DIR)
    paths = set()
    for package in project_packages():
        root = base / package
        paths |= set(root.rglob("views.py")) | set(root.rglob("*_views.py"))
        paths |= set(root.rglob("views/*.py"))
    for route in routes():
        module = route.callback.__module__
        if module.split(".")[0] in project_packages():
            paths.add(base / (module.replace(".", "/") + ".py"))
    return sorted(path for path in paths if path.exists())


def _chain(node) -> list[str]:
    """`Hulpvraag.objects.filter(x=1).get` → ["Hulpvraag", "objects", "filter", "get"]."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names[::-1]
        else:
            return names[::-1]


def _imported_names(tree) -> dict[str, str]:
    """Local name → imported name (`from x import Hulpvraag as HV` → {"HV": "Hulpvraag"})."""
    return {
        alias.asname or alias.name: alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def unscoped_fetches(source: str, filename: str, personal: set[str]) -> list[str]:
    """Each `get_object_or_404(Model...)` or `Model.objects...get(` on a personal-data model,
    not through `visible_to`, as "file:line: text"."""
    tree = ast.parse(source, filename)
    names = _imported_names(tree)

    def unscoped_model(node) -> str | None:
        chain = [names.get(name, name) for name in _chain(node)]
        model = next((name for name in chain[:2] if name in personal), None)
        return model if model and SCOPED not in chain else None

    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = _chain(node.func)
        if func and func[-1] in FETCHERS and node.args:
            model = unscoped_model(node.args[0])
        elif isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            model = unscoped_model(node.func.value)
        else:
            continue
        if model:
            problems.append(
                f"{filename}:{node.lineno}: {ast.unparse(node)[:80]}: fetch {model} through "
                f"{model}.objects.visible_to(user), get_visible_or_404 or a scoped selector"
            )
    return problems


def test_views_fetch_personal_data_only_through_visible_to():
    personal = personal_data_models()
    base = Path(settings.BASE_DIR)

    problems = [
        problem
        for path in views_modules()
        for problem in unscoped_fetches(path.read_text(), str(path.relative_to(base)), personal)
    ]

    assert not problems, "\n".join(problems)


def test_the_personal_data_models_are_derived_from_visible_to():
    personal = personal_data_models()

    assert {"Huishouden", "Hulpvraag", "Aanvraag", "Deelname"} <= personal
    assert "Thema" not in personal


PLANTED = """
from django.shortcuts import get_object_or_404
from hulpvragen.models import Hulpvraag as HV, Huishouden, Thema

def a(request, uuid):
    return get_object_or_404(HV, uuid=uuid)

def b(request, uuid):
    return get_object_or_404(HV.objects.select_related("pilot"), uuid=uuid)

def c(request, pk):
    return Huishouden.objects.get(pk=pk)

def d(request, pk):
    return Huishouden._base_manager.only("pk").get(pk=pk)

def fine(request, pk, huishouden):
    Huishouden.objects.visible_to(request.user).get(pk=pk)
    get_object_or_404(Thema, pk=pk)
    get_object_or_404(huishouden.toestemmingen, pk=pk)
    request.GET.get("next")
"""


@pytest.mark.parametrize("line", [6, 9, 12, 15])
def test_the_lint_refuses_an_unscoped_fetch(line):
    problems = unscoped_fetches(PLANTED, "planted/views.py", {"Hulpvraag", "Huishouden"})

    assert [p.split(":")[1] for p in problems].count(str(line)) == 1
    assert len(problems) == 4

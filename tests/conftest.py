"""Named users for every role (STYLE.md): two organisations, two trusted persons, an outsider;
the browser set-up that every browser test shares; and putting migrated data back after a
transactional test."""

import importlib
import os

import pytest

from netwerk.roles import Rol
from tests.browser import CHROMIUM, PASSWORD, chromium_missing
from tests.factories import OrganisatieFactory, VertrouwenspersoonFactory, make_user

# The `worker` fixture (a real `manage.py db_worker` on PostgreSQL) for every test that needs one.
pytest_plugins = ["tests.taken.worker"]

# Playwright's sync API runs an event loop in the test's thread; the test's own ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_FIXTURES = {"page", "browser", "context", "live_server"}

# Data that migrations put in (role groups, themes). A transactional test (every browser test)
# ends with a flush that removes it too; the tests after it expect it back.
MIGRATED_DATA = [
    ("netwerk.migrations.0002_rollen", "create_roles"),
    ("hulpvragen.migrations.0002_themas", "create_themes"),
]


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections_at_the_end(django_db_setup, django_db_blocker):
    """A live server's request thread can still hold a connection to the test database when the
    run ends; PostgreSQL then refuses to drop that database (a warning, and a database left
    behind). End such connections before pytest-django drops it."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language (Dutch): a request in English activates English
    for the thread (LocaleMiddleware) and leaves it, so a command's output in the next test on
    the same worker would come out in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


def pytest_collection_modifyitems(config, items):
    """Every test that drives a browser is an e2e test (`make test-fast` leaves them out)."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, put the migrated data back (the functions are idempotent)."""
    yield
    if nextitem is None or not _is_transactional(item):
        return  # (after the last test the test database is already gone)
    from django.apps import apps
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for module, function in MIGRATED_DATA:
            getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium; without it skip loudly, and under CI (CI=true) fail."""
    reason = chromium_missing()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe-core is injected as a script tag: the `page` fixture's context bypasses the app's CSP.
    # A test of the CSP itself opens its own context with `browser.new_context()`.
    return {**browser_context_args, "bypass_csp": True, "locale": "nl-NL"}


@pytest.fixture
def login(live_server):
    """`login(page, username, viewport=None)`: log in through the real login page."""

    def _login(page, username, viewport=None, password=PASSWORD):
        if viewport:
            page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state("networkidle")
        return page

    return _login


@pytest.fixture
def org_a(db):
    return OrganisatieFactory(naam="Buurthulp Test")


@pytest.fixture
def org_b(db):
    return OrganisatieFactory(naam="Assadaaka Test")


@pytest.fixture
def coordinator(db):
    return make_user("coord", Rol.COORDINATOR)


@pytest.fixture
def orgcoordinator(org_a):
    return make_user("orgcoord", Rol.ORGCOORDINATOR, org_a)


@pytest.fixture
def vp_a(org_a):
    user = make_user("vp_a", Rol.VERTROUWENSPERSOON, org_a)
    return VertrouwenspersoonFactory(naam="VP A", organisatie=org_a, user=user)


@pytest.fixture
def vp_b(org_b):
    user = make_user("vp_b", Rol.VERTROUWENSPERSOON, org_b)
    return VertrouwenspersoonFactory(naam="VP B", organisatie=org_b, user=user)


@pytest.fixture
def commissielid(db):
    return make_user("commissie", Rol.FONDSCOMMISSIE)


@pytest.fixture
def commissielid2(db):
    return make_user("commissie_2", Rol.FONDSCOMMISSIE)


@pytest.fixture
def opleider(db):
    return make_user("opleider", Rol.OPLEIDER, OrganisatieFactory(naam="Opleider Test"))


@pytest.fixture
def outsider(db):
    return make_user("buitenstaander")


@pytest.fixture
def users(coordinator, orgcoordinator, vp_a, vp_b, commissielid, opleider, outsider):
    """Every role by name; the trusted persons as their login users."""
    return {
        "coordinator": coordinator,
        "orgcoordinator": orgcoordinator,
        "vp_a": vp_a.user,
        "vp_b": vp_b.user,
        "commissie": commissielid,
        "opleider": opleider,
        "outsider": outsider,
    }


@pytest.fixture
def walker_world(users):
    """The URL walker's records for every role (tests/urlwalker.py)."""
    from tests.urlwalker import build_world

    return build_world(users)

"""Fixtures for the emergency fund: a household of vp_a with a distinctive name, address and
phone, applications in any status, and money in the fund."""

import datetime
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from hulpvragen.choices import Woonplaats
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Aanvraag, Beoordeling, Bijlage, Overgang, Storting
from noodfonds.services import register_storting
from tests.factories import AanvraagFactory, HuishoudenFactory, HulpvragerFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32

NAAM = "Wilhelmina Zwanenburg-Oosterhout"
TELEFOON = "06-91827364"
ADRES = "Javaplein 987 huis"


@pytest.fixture
def huishouden_a(vp_a, org_a):
    huishouden = HuishoudenFactory(
        referentie="HH-2021-0777",
        vertrouwenspersoon=vp_a,
        organisatie=org_a,
        adres=ADRES,
        woonplaats=Woonplaats.OOST,
    )
    HulpvragerFactory(huishouden=huishouden, naam=NAAM, telefoon=TELEFOON)
    return huishouden


@pytest.fixture
def maak_aanvraag(vp_a, org_a, huishouden_a):
    """An application of vp_a for huishouden_a in any status (default: submitted)."""

    def maak(status=AanvraagStatus.INGEDIEND, **velden):
        velden.setdefault("organisatie", org_a)
        velden.setdefault("vertrouwenspersoon", vp_a)
        velden.setdefault("huishouden", huishouden_a)
        velden.setdefault("aangemaakt_door", vp_a.user)
        velden.setdefault("motivatie", "Koelkast kapot, geen geld voor vervanging.")
        velden.setdefault("gevraagd_bedrag", Decimal("300.00"))
        if status == AanvraagStatus.CONCEPT:
            velden.setdefault("ingediend_op", None)
        if status in (AanvraagStatus.TOEGEKEND, AanvraagStatus.UITBETAALD):
            velden.setdefault("toegekend_bedrag", Decimal("250.00"))
            velden.setdefault("besloten_op", datetime.date(2021, 1, 20))
        if status == AanvraagStatus.UITBETAALD:
            velden.setdefault("uitbetaald_bedrag", Decimal("250.00"))
            velden.setdefault("uitbetaald_op", datetime.date(2021, 1, 25))
            velden.setdefault("uitbetaald_aan", "leverancier")
        if status == AanvraagStatus.AFGEWEZEN:
            velden.setdefault("besloten_op", datetime.date(2021, 1, 20))
        return AanvraagFactory(status=status, **velden)

    return maak


@pytest.fixture
def geld(coordinator):
    """Put an amount into the fund."""

    def stort(bedrag="1000.00"):
        return register_storting(
            door=coordinator,
            datum=datetime.date(2021, 1, 1),
            bedrag=Decimal(bedrag),
            fondsgever="Fonds voor Oost",
        )

    return stort


def snapshot():
    """Everything a fund action can change, to assert that a refusal changed nothing."""
    return {
        "aanvragen": [model_to_dict(a) for a in Aanvraag.objects.order_by("pk")],
        "beoordelingen": list(Beoordeling.objects.order_by("pk").values()),
        "overgangen": list(Overgang.objects.order_by("pk").values()),
        "bijlagen": list(Bijlage.objects.order_by("pk").values()),
        "stortingen": list(Storting.objects.order_by("pk").values()),
    }


# --- transactional tests (PostgreSQL concurrency, browser) -----------------------------------


# Data that migrations put in (role groups, themes): a transactional test's closing flush removes
# it, and tests that reach the database only through fixtures run after such tests.
MIGRATED_DATA = [
    ("netwerk.migrations.0002_rollen", "create_roles"),
    ("hulpvragen.migrations.0002_themas", "create_themes"),
]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the fund's transactional tests, put the migrated data back (idempotent)."""
    yield
    marker = item.get_closest_marker("django_db")
    if nextitem is None or marker is None or not marker.kwargs.get("transaction"):
        return  # (after the last test the test database is already gone)
    import importlib

    from django.apps import apps
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for module, function in MIGRATED_DATA:
            getattr(importlib.import_module(module), function)(apps, None)


# --- browser tests (test_e2e_*.py): the same chromium set-up as tests/e2e/conftest.py ---------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Skip loudly without chromium (fail under CI), before a browser is started."""
    import os
    import shutil
    from pathlib import Path

    from tests.e2e.conftest import CHROMIUM

    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        message = f"chromium not found at {CHROMIUM}: browser tests cannot run"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "locale": "nl-NL"}


@pytest.fixture
def e2e_login(live_server):
    """Log a user in through the real login page."""

    def _login(page, username, password="x" * 12):
        page.goto(f"{live_server.url}/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state("networkidle")

    return _login

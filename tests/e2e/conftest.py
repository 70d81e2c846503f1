"""Browser tests: Playwright driving Debian's chromium against pytest-django's live_server.

Without /usr/bin/chromium the tests skip with a visible reason; under CI (CI=true) that is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def _chromium_available():
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    message = (
        f"chromium not found at {CHROMIUM}: browser tests cannot run (apt-get install chromium)"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe-core is injected as a script tag; the app's own CSP must not block the test tool.
    return {**browser_context_args, "bypass_csp": True, "locale": "nl-NL"}


@pytest.fixture
def login(live_server):
    """Log a user in through the real login page."""

    def _login(page, username, password="x" * 12):
        page.goto(f"{live_server.url}/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state("networkidle")

    return _login


def assert_accessible(page):
    """axe-core on the current page: no serious or critical violation."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"axe violations on {page.url}:\n" + "\n".join(bad)


def assert_no_horizontal_scroll(page):
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls horizontally: {widths[0]} > {widths[1]}"

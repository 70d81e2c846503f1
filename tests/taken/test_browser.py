"""The progress page live, in a browser at phone width, with a real worker process: a job that
takes a few seconds runs in `manage.py db_worker` (PostgreSQL, the database task backend) while
the page, without a reload, moves its bar up and then offers the file.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> DJANGO_ALLOW_ASYNC_UNSAFE=true \
     pytest -m e2e tests/taken/test_browser.py"""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from taken import services
from tests.browser import PHONE
from tests.e2e.journey import check
from tests.taken import jobs
from tests.taken.worker import DATABASE_BACKEND, ON_POSTGRES

pytestmark = [pytest.mark.e2e, *ON_POSTGRES]

STAPPEN = 20  # with PAUZE: about 8 seconds of work, several polls of the page
PAUZE = 0.4
SECONDS = 90_000  # ms: the worker starts a Python process on a busy machine first

# Every value the bar takes after the page has loaded (the page's own script sets it).
OBSERVE_BAR = """() => {
  const balk = document.querySelector('[data-veld="balk"]');
  window.waarden = [];
  window.zelfdePagina = true;
  new MutationObserver(() => window.waarden.push(balk.value))
    .observe(balk, {attributes: true, attributeFilter: ["value"]});
  return balk.hasAttribute("value") ? balk.value : null;
}"""


def storages(media_root):
    """The files where the worker writes them, so that the live server can hand them out."""
    default = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(media_root)},
    }
    return {**settings.STORAGES, "default": default}


def test_progress_bar_rises_live_and_then_offers_the_file(
    page, live_server, login, vp_a, worker, tmp_path
):
    login(page, vp_a.user.username, PHONE)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    with override_settings(TASKS=DATABASE_BACKEND, STORAGES=storages(tmp_path)):
        taak = services.start_taak(
            eigenaar=vp_a.user,
            functie=jobs.tel,
            titel="Tellen",
            parameters={"tot": STAPPEN, "pauze": PAUZE},
        )
        page.goto(live_server.url + reverse("taken:detail", args=[taak.uuid]))
        eerste = page.evaluate(OBSERVE_BAR)
        kop = page.get_by_role("heading", level=1).inner_text()
        link = page.get_by_role("link", name="Bestand downloaden")
        link.wait_for(state="visible", timeout=SECONDS)
        waarden = page.evaluate("() => window.waarden")
        check(page)
        with page.expect_download() as download:
            link.click()

    onderweg = [w for w in waarden if 0 < w < 100]
    assert eerste is None or eerste < 100, "the job was done before the page showed it"
    assert len(set(onderweg)) >= 2, f"the bar did not move on its own: {waarden}"
    assert waarden == sorted(waarden) and waarden[-1] == 100
    assert page.evaluate("() => window.zelfdePagina === true")  # no reload on the way
    assert page.get_by_text(f"{STAPPEN} van {STAPPEN} regels").is_visible()
    # what the page says once the job is done, also without a reload: title, message, file
    assert (kop, page.get_by_role("heading", level=1).inner_text()) == (
        "Bezig met Tellen",
        "Tellen",
    )
    assert page.get_by_text("Klaar met tellen.").is_visible()
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Bestand downloaden"
    assert download.value.suggested_filename == "getallen.txt"
    assert open(download.value.path(), "rb").read() == b"\n".join(
        str(i).encode() for i in range(1, STAPPEN + 1)
    )
    assert not errors


def test_a_refused_job_shows_its_problems_line_by_line_live(page, live_server, login, vp_a, worker):
    login(page, vp_a.user.username, PHONE)

    with override_settings(TASKS=DATABASE_BACKEND):
        taak = services.start_taak(
            eigenaar=vp_a.user, functie=jobs.weiger, titel="Inlezen", parameters={"pauze": 5}
        )
        page.goto(live_server.url + reverse("taken:detail", args=[taak.uuid]))
        eerst = page.get_by_role("heading", level=1).inner_text()
        page.evaluate("() => { window.zelfdePagina = true; }")
        alert = page.get_by_role("alert")
        alert.wait_for(state="visible", timeout=SECONDS)
        check(page)

    assert eerst == "Bezig met Inlezen"  # still running when the page came
    assert alert.inner_text().splitlines() == [
        "Rij 3: geboortejaar 1850 kan niet.",
        "Rij 7: onbekende status.",
    ]
    assert page.get_by_role("heading", level=1).inner_text() == "Inlezen"
    assert page.get_by_role("button", name="Opnieuw proberen").is_visible()
    assert page.evaluate("() => window.zelfdePagina === true")

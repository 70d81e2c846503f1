"""Issue 18 §3, WCAG 2.1 AA: every page, as each role reaches it, passes axe-core (vendored in
tests/e2e/vendor, injected by Playwright: no internet at test time) with the tags wcag2a,
wcag2aa, wcag21a and wcag21aa and 0 violations, whatever their impact.

The pages come from the URL walker (tests/urlwalker.py): every URL pattern x every role (the
anonymous visitor too) with the walker's records. A quick pass with Django's test client keeps
the visits that answer 200 with HTML as that role (downloads, redirects, POST-only and
out-of-scope pages drop out); one browser then opens each of them, logged in as the role, at
desk width and at 360 px (where the menu folds away and lists read as cards; there the page must
not scroll sideways either: a wide report table scrolls in its own region). vp_b, vp_a's mirror,
is left out, and so is a URL's second record when it renders with the same templates as the
first. All violations are collected and named together, page by page.

The walk runs on PostgreSQL only: the markup does not depend on the database, and CI runs the
suite on both (the walk takes two minutes). The check that it can fail runs on both.
"""

from collections import defaultdict

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.browser import DESKTOP, PHONE, WCAG, _load_axe
from tests.e2e.journey import settle
from tests.scopes import SCOPES
from tests.urlwalker import Visitor, walk

pytestmark = pytest.mark.django_db(transaction=True)


# vp_b is vp_a's mirror (the same role at the other organisation): the same pages, other records
ROLES = ("anonymous", "outsider", "coordinator", "orgcoordinator", "vp_a", "commissie", "opleider")


def reached_pages(world) -> dict[str, list]:
    """role → the visits that answer 200 with an HTML page. A URL name's second record (variant)
    is kept only when its page is built from other templates than the first's (an application
    still a concept, an organisation that was closed): the same templates, the same markup."""
    visitor = Visitor(world.users)
    pages, seen = defaultdict(list), set()
    for visit in walk(world, SCOPES, roles=ROLES):
        if visit.in_scope is False:
            continue
        response = visitor(visit, "get")
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        key = (visit.role, visit.name, tuple(sorted({str(t.name) for t in response.templates})))
        if key not in seen:
            seen.add(key)
            pages[visit.role].append(visit)
    return pages


def violations(page) -> list[str]:
    _load_axe(page)
    result = page.evaluate(
        """async (tags) => await axe.run(document,
            {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        WCAG,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def _logged_in_context(browser, live_server, user):
    context = browser.new_context(locale="nl-NL", bypass_csp=True, viewport=DESKTOP)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


def _resize(page, size):
    page.set_viewport_size(size)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    settle(page)


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="De WCAG-wandeling toetst de opmaak van de pagina's, en die hangt niet van de database "
    "af: ze draait op PostgreSQL (CI draait de suite op beide; twee minuten per database). Zet "
    "DATABASE_URL op PostgreSQL.",
)
def test_every_page_as_every_role_passes_wcag_21_aa(browser, live_server, walker_world):
    pages = reached_pages(walker_world)
    assert len(pages.get("vp_a", [])) > 20, "the walker reached too few pages to be a check"
    problems, checked = [], 0
    for role, visits in sorted(pages.items()):
        context = _logged_in_context(browser, live_server, walker_world.users.get(role))
        page = context.new_page()
        for visit in visits:
            where = f"{role} {visit.name} {visit.url}"
            response = page.goto(f"{live_server.url}{visit.url}", wait_until="load")
            if response is None or response.status != 200:
                problems.append(f"{where}: the browser got {response and response.status}")
                continue
            settle(page)
            problems += [f"{where} (desk): {v}" for v in violations(page)]
            _resize(page, PHONE)
            problems += [f"{where} (360 px): {v}" for v in violations(page)]
            scroll, width = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if scroll > width:  # a wide table scrolls in its own region, never the page
                problems.append(f"{where} (360 px): the page scrolls sideways ({scroll} > {width})")
            _resize(page, DESKTOP)
            checked += 1
        context.close()

    assert checked > 80
    assert not problems, f"{len(problems)} WCAG 2.1 AA problems:\n" + "\n".join(problems)


def test_the_check_names_what_breaks_wcag(page):
    """The check above can fail: an image without a text and grey on white are named."""
    page.set_content(
        "<html lang='nl'><head><title>t</title></head><body><main><h1>t</h1>"
        "<img src='data:,'><p style='color:#bbb;background:#fff'>grijs</p></main></body></html>"
    )

    found = {problem.split(" ")[0] for problem in violations(page)}

    assert {"image-alt", "color-contrast"} <= found

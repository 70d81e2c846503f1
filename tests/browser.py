"""What the browser tests share: where chromium is, the two screen sizes, and two page checks."""

import os
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "e2e" / "vendor" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}
PASSWORD = "x" * 12  # make_user's password


def chromium_missing():
    """A reason to skip (or, under CI, to fail) when chromium is not installed, else None."""
    if Path(CHROMIUM).exists():
        return None
    return f"chromium not found at {CHROMIUM}: browser tests cannot run (apt-get install chromium)"


def _load_axe(page):
    """axe into the page by evaluating it: a page's CSP does not block that (a script tag would
    need a browser context that bypasses the CSP)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))


def assert_accessible(page):
    """axe-core on the current page: no serious or critical violation."""
    _load_axe(page)
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


WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_wcag(page):
    """axe-core with the WCAG 2.1 A and AA rules only: no violation at all, whatever its impact."""
    _load_axe(page)
    result = page.evaluate(
        """async (tags) => await axe.run(document,
            {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        WCAG,
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert not bad, f"WCAG 2.1 AA violations on {page.url}:\n" + "\n".join(bad)

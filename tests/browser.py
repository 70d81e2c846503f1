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

"""The CSP allows no inline script or style: no template may hold either (issue 9)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")],
)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 20


def test_no_template_has_inline_script_style_or_event_handlers():
    offenders = [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}: {match.group()}"
        for path in TEMPLATES
        for text in [path.read_text()]
        for pattern in (INLINE_SCRIPT, STYLE, EVENT_HANDLER)
        for match in pattern.finditer(text)
    ]

    assert offenders == []


def test_the_check_itself_finds_what_it_looks_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/app.js"></script>')
    assert STYLE.search('<div style="color: red">') and STYLE.search("<style>p{}</style>")
    assert EVENT_HANDLER.search('<button onclick="go()">')

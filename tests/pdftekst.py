"""Reading a PDF back as a reader would (poppler-utils: `pdftotext -layout`, `pdfinfo`), and
finding labels with their values in order in that text, whichever way a long label wraps."""

import re
import subprocess
import tempfile


def _poppler(tool: str, content: bytes, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(content)
        f.flush()
        result = subprocess.run(
            [tool, *args, f.name, *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    return result.stdout


def pdf_text(content: bytes) -> str:
    """The text of every page, laid out as on the page (columns stay on their line)."""
    return _poppler("pdftotext", content, "-layout", "-enc", "UTF-8")


def pdf_info(content: bytes) -> dict:
    """`pdfinfo`'s fields: Pages, Page size, Title, Author, ..."""
    lines = _poppler("pdfinfo", content).splitlines()
    fields = (line.partition(":") for line in lines)
    return {key.strip(): value.strip() for key, _sep, value in fields}


def _words(text: str) -> list[str]:
    return [re.escape(w) for w in str(text).split()]


def row_pattern(label: str, values: list) -> re.Pattern:
    """The label, then its values in order, separated by white space only. A long label may
    wrap in its cell: then the values stand after the label's first line and the rest of the
    label follows on the next line, so the values may come after any word of the label."""
    words = _words(label)
    values = [v for v in values if str(v).strip()]  # an empty cell shows nothing
    values_re = r"\s+".join(r"\s+".join(_words(v)) for v in values)
    if not words:
        body = values_re
    elif not values:
        body = r"\s+".join(words)
    else:
        body = "|".join(
            r"\s+".join([*words[:k], values_re, *words[k:]]) for k in range(len(words), 0, -1)
        )
    return re.compile(rf"(?<!\S)(?:{body})(?!\S)")


def find_in_order(text: str, expected: list[tuple[str, list]]) -> list[str]:
    """Each (label, values) found after the one before it; returns what was not found (the
    search goes on after a miss from where it was)."""
    missing, position = [], 0
    for label, values in expected:
        match = row_pattern(label, values).search(text, position)
        if match is None:
            missing.append(f"{label}: {values}")
        else:
            position = match.end()
    return missing


def _pieces(text: str) -> list[str]:
    """Words, a hyphenated word also in its parts (a cell may wrap after the hyphen)."""
    return [part for word in str(text).split() for part in re.split(r"(?<=-)(?=\S)", word)]


def words_missing(text: str, labels: list) -> list[str]:
    """The words of `labels` (each as often as the labels hold it) that `text` lacks: a label
    wrapped over two lines in a narrow cell still has all its words on the page."""
    available: dict[str, int] = {}
    for piece in _pieces(text):
        available[piece] = available.get(piece, 0) + 1
    missing = []
    for piece in (p for label in labels for p in _pieces(label)):
        if available.get(piece, 0):
            available[piece] -= 1
        else:
            missing.append(piece)
    return missing


def squeeze(text: str) -> str:
    """White space (line ends included) as single spaces: for running text that wraps."""
    return " ".join(text.split())

"""Charts drawn on the server as inline SVG: bars beside the report's tables in the PDF (which
runs no JavaScript) and the trend lines on the page and in the PDF. Plain SVG with presentation
attributes (no style attribute, no script), so the page's CSP allows it; every text is escaped.

Both take the chart data of `charts.chart_data`: labels along one axis and series
(`{"label", "data"}`, None = no value, drawn as a gap)."""

import math
from collections.abc import Callable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = ("#198754", "#0d6efd", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384")
FONT = 11
CHAR = 0.55 * FONT  # DejaVu Sans is wide: an estimate of a character's width, for the layout
GRID = "#d0d0d0"
TEXT = "#222"


def nice_max(value: float) -> tuple[float, float]:
    """The axis maximum and the step between grid lines: 1, 2 or 5 times a power of ten, about
    four to eight lines."""
    if value <= 0:
        return 1, 1
    raw = value / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if step < 1 and value >= 1:
        step = 1
    return step * math.ceil(value / step), step


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _text(x, y, content, *, anchor="start", size=FONT, bold=False, extra="") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{TEXT}"{weight}{extra}>{escape(content)}</text>'
    )


def _fit(label: str, chars: int) -> str:
    return label if len(label) <= chars else label[: chars - 1].rstrip() + "…"


def _wrap(label: str, chars: int, lines: int = 2) -> list[str]:
    """Words on at most `lines` lines of about `chars` characters; the rest cut with …."""
    result = [""]
    for word in label.split():
        candidate = f"{result[-1]} {word}".strip()
        if len(candidate) <= chars or not result[-1]:
            result[-1] = candidate
        elif len(result) < lines:
            result.append(word)
        else:
            result[-1] = _fit(result[-1] + " " + word, chars)
            break
    return [_fit(line, chars) for line in result]


def _svg(width, height, title: str, body: list[str]) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafiek-svg" width="{width}" '
        f'height="{height:.0f}" viewBox="0 0 {width} {height:.0f}" role="img" '
        f'aria-label="{escape(title)}" font-family="DejaVu Sans, sans-serif">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _legend(reeksen, x, y, width) -> tuple[list[str], float]:
    """Colour squares with the series' names, wrapping; returns the parts and the height used."""
    parts, cx, cy = [], x, y
    for i, reeks in enumerate(reeksen):
        label = _fit(str(reeks["label"]), 40)
        w = 16 + len(label) * CHAR + 14
        if cx + w > x + width and cx > x:
            cx, cy = x, cy + FONT + 6
        colour = COLOURS[i % len(COLOURS)]
        parts.append(f'<rect x="{cx:.1f}" y="{cy:.1f}" width="10" height="10" fill="{colour}"/>')
        parts.append(_text(cx + 14, cy + 9, label))
        cx += w
    return parts, cy - y + FONT + 8


def _values(reeksen) -> list:
    return [v for reeks in reeksen for v in reeks["data"] if v is not None]


def bar_chart(chart: dict, *, title: str, width: int = 640) -> SafeString:
    """Grouped bars, one group per label, one bar per series; horizontal when
    `chart["horizontaal"]` (long labels, the fund tables), else vertical."""
    if chart.get("horizontaal"):
        return _horizontal(chart["labels"], chart["reeksen"], title, width)
    return _vertical(chart["labels"], chart["reeksen"], title, width)


def _horizontal(labels, reeksen, title, width) -> SafeString:
    body = []
    top = 4
    if len(reeksen) > 1:
        parts, used = _legend(reeksen, 0, top, width)
        body += parts
        top += used
    label_chars = min(max((len(str(label)) for label in labels), default=1), 38)
    left = label_chars * CHAR + 10
    right = width - 40
    axis_max, step = nice_max(max(_values(reeksen), default=0))
    bar = 12
    band = bar * len(reeksen) + 8
    plot_top = top + FONT + 4
    height = plot_top + band * len(labels) + 4
    scale = (right - left) / axis_max
    for i in range(int(axis_max / step) + 1):
        x = left + i * step * scale
        body.append(
            f'<line x1="{x:.1f}" y1="{plot_top - 2:.1f}" x2="{x:.1f}" y2="{height - 4:.1f}" stroke="{GRID}"/>'
        )
        body.append(_text(x, top + FONT, _number(i * step), anchor="middle", size=9))
    for row, label in enumerate(labels):
        y = plot_top + row * band + 4
        body.append(_text(left - 6, y + band / 2, _fit(str(label), label_chars), anchor="end"))
        for s, reeks in enumerate(reeksen):
            value = reeks["data"][row]
            if value is None:
                continue
            colour = COLOURS[s % len(COLOURS)]
            w = value * scale
            by = y + s * bar
            body.append(
                f'<rect x="{left:.1f}" y="{by:.1f}" width="{w:.1f}" height="{bar - 2}" fill="{colour}"/>'
            )
            body.append(_text(left + w + 3, by + bar - 3, _number(value), size=9))
    return _svg(width, height, title, body)


def _vertical(labels, reeksen, title, width) -> SafeString:
    body = []
    top = 4
    if len(reeksen) > 1:
        parts, used = _legend(reeksen, 0, top, width)
        body += parts
        top += used
    axis_max, step = nice_max(max(_values(reeksen), default=0))
    left, plot_h = 40, 170
    plot_bottom = top + 10 + plot_h
    band = (width - left) / max(len(labels), 1)
    bar = min(28, (band - 10) / max(len(reeksen), 1))
    scale = plot_h / axis_max
    for i in range(int(axis_max / step) + 1):
        y = plot_bottom - i * step * scale
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 5, y + 4, _number(i * step), anchor="end", size=9))
    chars = max(int(band / (CHAR * 0.9)), 4)
    for col, label in enumerate(labels):
        x0 = left + col * band + (band - bar * len(reeksen)) / 2
        for s, reeks in enumerate(reeksen):
            value = reeks["data"][col]
            if value is None:
                continue
            colour = COLOURS[s % len(COLOURS)]
            h = value * scale
            x = x0 + s * bar
            body.append(
                f'<rect x="{x:.1f}" y="{plot_bottom - h:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" fill="{colour}"/>'
            )
            body.append(
                _text(
                    x + (bar - 2) / 2, plot_bottom - h - 3, _number(value), anchor="middle", size=9
                )
            )
        centre = left + col * band + band / 2
        for n, line in enumerate(_wrap(str(label), chars)):
            body.append(
                _text(centre, plot_bottom + 14 + n * (FONT + 2), line, anchor="middle", size=10)
            )
    return _svg(width, plot_bottom + 14 + 2 * (FONT + 2), title, body)


def line_chart(
    labels: list[str],
    reeksen: list[dict],
    *,
    title: str,
    width: int = 640,
    axis_label: Callable[[float], str] = _number,
) -> SafeString:
    """Lines over `labels` (the quarters), one per series, points marked, None a gap; the axis
    starts at 0. `axis_label` writes a grid line's value (a percentage, an amount)."""
    body = []
    parts, used = _legend(reeksen, 0, 4, width)
    values = _values(reeksen)
    axis_max, step = nice_max(float(max(values, default=0)))
    left = max(len(axis_label(axis_max)) * CHAR * 0.85 + 8, 30)
    plot_top, plot_h = 4 + used + 6, 160
    plot_bottom = plot_top + plot_h
    right = width - 10
    # the first and last points stand in from the ends, so their labels fit under them
    first, last = left + 28, right - 28
    span = (last - first) / max(len(labels) - 1, 1)
    scale = plot_h / axis_max
    for i in range(int(axis_max / step) + 1):
        y = plot_bottom - i * step * scale
        body.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        body.append(_text(left - 5, y + 4, axis_label(i * step), anchor="end", size=9))
    for col, label in enumerate(labels):
        body.append(
            _text(first + col * span, plot_bottom + 14, str(label), anchor="middle", size=9)
        )
    for s, reeks in enumerate(reeksen):
        colour = COLOURS[s % len(COLOURS)]
        points = [
            None if v is None else (first + col * span, plot_bottom - float(v) * scale)
            for col, v in enumerate(reeks["data"])
        ]
        for segment in _segments(points):
            if len(segment) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
                body.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
                )
        body += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'
            for x, y in filter(None, points)
        ]
    return _svg(width, plot_bottom + 22, title, parts + body)


def _segments(points: list) -> list[list]:
    segments = [[]]
    for point in points:
        if point is None:
            segments.append([])
        else:
            segments[-1].append(point)
    return segments

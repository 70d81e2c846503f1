"""The server-drawn charts (rapportage.report.svg): one bar per value, gaps for N.G and missing
quarters, escaped labels, axes that end on a round number above the largest value."""

import re

import pytest

from rapportage.report.svg import bar_chart, line_chart, nice_max


@pytest.mark.parametrize(
    ("value", "axis"), [(0, 1), (1, 1), (7, 8), (36, 40), (121, 150), (0.72, 0.8), (12588, 15000)]
)
def test_the_axis_ends_on_a_round_number_above_the_largest_value(value, axis):
    top, step = nice_max(value)

    assert top == pytest.approx(axis) and top >= value
    assert 1 <= top / step <= 10


@pytest.mark.parametrize("horizontaal", [True, False])
def test_one_bar_per_value_and_none_is_a_gap(horizontaal):
    chart = {
        "labels": ["Man", "Vrouw"],
        "reeksen": [{"label": "Pilot 1", "data": [3, None]}, {"label": "Pilot 2", "data": [0, 5]}],
        "horizontaal": horizontaal,
    }

    svg = str(bar_chart(chart, title="Sekse"))

    bars = re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="#', svg)
    legend = 2  # a colour square per series
    assert len(bars) == 3 + legend
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>Sekse</title>" in svg


def test_labels_are_escaped():
    chart = {"labels": ["<script>x</script>"], "reeksen": [{"label": "A & B", "data": [1]}]}

    svg = str(bar_chart(chart, title='"Titel"'))

    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'aria-label="&quot;Titel&quot;"' in svg


def test_a_line_breaks_where_a_value_is_missing():
    svg = str(
        line_chart(
            ["K1", "K2", "K3", "K4"],
            [{"label": "Hulpvragen", "data": [1, 2, None, 4]}],
            title="Trend",
        )
    )

    assert svg.count("<polyline") == 1  # K1-K2; K4 stands alone
    assert svg.count("<circle") == 3
    assert ">K3</text>" in svg


def test_axis_labels_can_be_written_as_percentages():
    svg = str(
        line_chart(
            ["K1", "K2"],
            [{"label": "x", "data": [10, 30]}],
            title="t",
            axis_label=lambda v: f"{v:g}%",
        )
    )

    assert ">30%</text>" in svg and ">0%</text>" in svg

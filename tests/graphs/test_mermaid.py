"""Mermaid as mermaid draws it: node positions, panel boxes and edge styles read from the SVG of mermaid 12.3 in Chromium.

Counting nodes and edges (``tests/test_outputs.py``) does not see a layer
drawn as x5, x1, x2, x3, x4, a mirrored diagram or panels stacked in
reverse; these tests measure the drawing.  Every expectation comes from the
graph (a unit's index and layer, a panel's place in the diagram, which edges
are highlighted), never from the Mermaid text's own order.
"""

from __future__ import annotations

import re

import pytest

from symconv._output.colors import HIGHLIGHT_EDGE, HIGHLIGHT_FILL, HIGHLIGHT_TEXT
from symconv.graphs import (
    DIAGRAMS,
    connectivity_graph,
    diagram,
    inputs_affecting_diagram,
    outputs_affected_diagram,
    parameter_sharing_diagram,
    receptive_field_diagram,
    to_mermaid,
)
from symconv.graphs._render import as_diagram, node_ids
from symconv.networks import pool

from _tools import ROOT, mermaid_layout

# its module-scope fixtures are costly: under pytest-xdist (the README's test command) one worker runs them
pytestmark = pytest.mark.xdist_group("test_mermaid")

# (name, diagram): every diagram the build writes, in both languages, and a few that stress the layout
CASES = [(f"{name} ({lang})", diagram(name, lang)) for name in DIAGRAMS for lang in ("en", "zh")] + [
    ("padding and dilation", parameter_sharing_diagram(7, [(3, 1, 2, 2)], include_padding=True)),
    ("stride then pooling", outputs_affected_diagram(8, [(2, 2, 0), (3, 1, 1)], "x5")),
    ("nine layers", receptive_field_diagram(12, [(3, 1, 1)] * 9)),
    ("left to right", inputs_affecting_diagram(6, [(3, 1, 1)], direction="LR")),
    ("top down, two panels", outputs_affected_diagram(6, [(3, 2, 1)], direction="TD")),
    ("pooling, untitled", connectivity_graph(6, [(3, 2, 1), pool(2)], include_padding=True)),
    ("transposed", connectivity_graph(4, [dict(kernel_size=3, stride=2, padding=1, transposed=True)])),
]


def _rgb(hex_colour: str) -> str:
    """``#D55E00`` as the browser's computed ``rgb(213, 94, 0)``."""
    h = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))


def _view(d):
    """The diagram as every renderer reads it (a bare graph is one panel), and per panel node -> flowchart id."""
    view = as_diagram(d)
    return view, node_ids(view)


@pytest.fixture(scope="module")
def drawn():
    texts = [to_mermaid(d) for _, d in CASES]
    results = mermaid_layout(texts)
    assert len(results) == len(CASES)
    for (name, _), result in zip(CASES, results):
        assert result["ok"], f"{name}: mermaid refused it: {result.get('error')}"
    return {name: (d, text, result) for (name, d), text, result in zip(CASES, texts, results)}


def _centre(result, ident):
    x, y, w, h = result["nodes"][ident]["box"]
    return x + w / 2, y + h / 2


@pytest.mark.parametrize("name", [name for name, _ in CASES])
def test_each_layer_is_drawn_in_index_order(drawn, name):
    d, text, result = drawn[name]
    view, ids = _view(d)
    # across the layers: BT/TD/LR/RL say where the input sits; along a layer: left to right, or top down for LR/RL
    along, across, rising = {"BT": (0, 1, -1), "TD": (0, 1, 1), "TB": (0, 1, 1), "LR": (1, 0, 1), "RL": (1, 0, -1)}[view.direction]
    for number, (panel, panel_ids) in enumerate(zip(view.panels, ids), start=1):
        G = panel.graph
        layers = {}
        for v, data in G.nodes(data=True):
            layers.setdefault(data["layer"], []).append((data["position"], v))
        level = []
        for layer in sorted(layers):
            units = [v for _, v in sorted(layers[layer])]  # by position (row-major in 2-D), padding in place
            centres = [_centre(result, panel_ids[v]) for v in units]
            if G.graph["ndim"] == 1:
                coordinates = [c[along] for c in centres]
                assert coordinates == sorted(coordinates) and len(set(coordinates)) == len(coordinates), (
                    name, number, layer, [G.nodes[v]["label"] for v in units], coordinates)
            level.append(sum(c[across] for c in centres) / len(centres))
        # each layer further from the input than the one before it
        steps = [rising * (b - a) for a, b in zip(level, level[1:])]
        assert all(step > 0 for step in steps), (name, number, level)


@pytest.mark.parametrize("name", [name for name, d in CASES if len(_view(d)[0].panels) > 1])
def test_panels_stand_side_by_side_in_order(drawn, name):
    d, text, result = drawn[name]
    view, ids = _view(d)
    boxes = []
    for panel_ids in ids:
        centres = [_centre(result, ident) for ident in panel_ids.values()]
        xs, ys = [x for x, _ in centres], [y for _, y in centres]
        boxes.append((min(xs), max(xs), min(ys), max(ys)))
    for left, right in zip(boxes, boxes[1:]):
        assert left[1] < right[0], (name, boxes)  # every unit of a panel left of every unit of the next
        assert left[2] < right[3] and right[2] < left[3], (name, boxes)  # side by side, not stacked
    assert len(result["clusters"]) == len(boxes)


@pytest.mark.parametrize("name", [name for name, _ in CASES])
def test_highlighted_edges_stand_out(drawn, name):
    d, text, result = drawn[name]
    view, ids = _view(d)
    wanted = {(panel_ids[u], panel_ids[v]) for panel, panel_ids in zip(view.panels, ids) for u, v in panel.highlight_edges}
    every = {(panel_ids[u], panel_ids[v]) for panel, panel_ids in zip(view.panels, ids) for u, v in panel.graph.edges}
    names = sorted({ident for panel_ids in ids for ident in panel_ids.values()}, key=len, reverse=True)
    seen, drawn_edges = set(), set()
    for edge in result["edges"]:
        body = re.fullmatch(r"L_(\w+)_\d+", edge["id"]).group(1)
        (pair,) = {(a, body[len(a) + 1:]) for a in names if body.startswith(a + "_") and body[len(a) + 1:] in names}
        if pair not in every:
            continue  # an invisible link (panel order, alignment)
        drawn_edges.add(pair)
        if pair in wanted:
            seen.add(pair)
            assert edge["stroke"] == _rgb(HIGHLIGHT_EDGE) and edge["width"] >= 4, (name, pair, edge["stroke"], edge["width"])
        else:
            assert edge["stroke"] != _rgb(HIGHLIGHT_EDGE) and edge["width"] <= 2, (name, pair, edge["stroke"], edge["width"])
        # smooth curves (curve: basis), no line-jump arcs
        assert "A" not in edge["d"], (name, pair)
    assert seen == wanted and drawn_edges == every, name


def _luminance(rgb: str) -> float:
    """WCAG 2 relative luminance of a computed ``rgb(r, g, b)``."""
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", [name for name, d in CASES if any(p.highlight for p in _view(d)[0].panels)])
def test_highlighted_labels_are_readable(drawn, name):
    d, text, result = drawn[name]
    view, ids = _view(d)
    for panel, panel_ids in zip(view.panels, ids):
        for v in panel.highlight:
            node = result["nodes"][panel_ids[v]]
            assert node["fill"] == _rgb(HIGHLIGHT_FILL) and node["color"] == _rgb(HIGHLIGHT_TEXT), (name, node)
            assert _contrast(node["fill"], node["color"]) >= 4.5, (name, node)


def test_the_contrast_formula_by_hand():
    assert _contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21.0)
    # the seed's grey under mermaid's default #333 label: what the old highlight looked like
    assert _contrast(_rgb("#808080"), _rgb("#333333")) < 4.5


def test_committed_mermaid_files_are_the_ones_measured():
    for name in DIAGRAMS:
        assert (ROOT / f"figures/{name}.mmd").read_text("utf-8") == to_mermaid(diagram(name, "en"))


def test_the_notes_own_text_is_scrambled_by_mermaid_12_without_the_config():
    """Why the front matter and the direction lines are there: the seed's parameter-sharing block as the notes wrote it."""
    text = (ROOT / "tests" / "data" / "seed-000-motivation.md").read_text("utf-8")
    block = re.findall(r"```mermaid\n(.*?)```", text, re.S)[3]
    (result,) = mermaid_layout([block])
    assert result["ok"]
    # the fully connected panel: x21 .. x25 in the notes' ids; in index order along some axis they are not
    centres = [_centre(result, f"x2{i}") for i in range(1, 6)]
    assert not any(all(a[axis] < b[axis] for a, b in zip(centres, centres[1:])) for axis in (0, 1))
    assert "A" in "".join(edge["d"] for edge in result["edges"])  # ELK's line-jump arcs

"""The matplotlib drawings as drawn: labels inside their nodes, nodes apart, 2-D layers as planes, the middle unit central.

Sizes are read from the Agg renderer (``Text.get_window_extent``) and the
node collections' offsets and marker areas, in display pixels; expectations
come from the graphs (which unit is central, which edges join highlighted
units), never from the drawing code.
"""

from __future__ import annotations

import itertools
import math

import matplotlib
import pytest

from symconv._output.colors import HIGHLIGHT_EDGE, HIGHLIGHT_FILL, HIGHLIGHT_TEXT
from symconv.graphs import (
    connectivity_graph,
    draw,
    inputs_affecting_diagram,
    outputs_affected_diagram,
    parameter_sharing_diagram,
    receptive_field_diagram,
    seed_diagram,
)

matplotlib.use("Agg")

DRAWINGS = {
    "sparse-from-above 4x4 (the help's example)": lambda: inputs_affecting_diagram((4, 4), [(3, 1, 1)], full=False),
    "sparse-from-below 4x4": lambda: outputs_affected_diagram((4, 4), [(3, 1, 1)], full=False),
    "parameter sharing 4x4": lambda: parameter_sharing_diagram((4, 4), [(3, 1, 1)], full=False),
    "receptive field 6x6, two layers, top down": lambda: receptive_field_diagram((6, 6), [(3, 1, 1)] * 2),
    "stride 2 with padding drawn": lambda: inputs_affecting_diagram((5, 5), [(3, 2, 1)], full=False, include_padding=True),
    "transposed with its zeros": lambda: connectivity_graph((3, 3), [dict(kernel_size=3, stride=2, padding=1, transposed=True)],
                                                            include_padding=True),
    "2-D left to right": lambda: inputs_affecting_diagram((3, 4), [(2, 1, 0)], full=False, direction="LR"),
    "wide labels (deep stack)": lambda: receptive_field_diagram(12, [(3, 1, 1)] * 9),
    **{f"seed {name}": (lambda name=name: seed_diagram(name)) for name in
       ("sparse_from_below", "sparse_from_above", "receptive_field", "parameter_sharing")},
}


def _measure(diagram):
    """Draw; return the drawing, its renderer, the nodes (display centre, radius in px) and the labels' boxes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    drawing = draw(diagram)
    figure = drawing.figure
    FigureCanvasAgg(figure)
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    nodes = []
    for collection in drawing.nodes + drawing.padding + drawing.highlighted:
        sizes = collection.get_sizes()
        for k, (x, y) in enumerate(collection.get_offsets()):
            radius = math.sqrt(sizes[k % len(sizes)]) / 2 * figure.dpi / 72
            nodes.append(((float(x), float(y)), tuple(drawing.ax.transData.transform((x, y))), radius))
    return drawing, renderer, nodes


@pytest.fixture(scope="module", params=sorted(DRAWINGS))
def measured(request):
    diagram = DRAWINGS[request.param]()
    return request.param, diagram, *_measure(diagram)


def test_every_label_box_lies_inside_its_node(measured):
    name, diagram, drawing, renderer, nodes = measured
    by_place = {place: (centre, radius) for place, centre, radius in nodes}
    assert drawing.labels, name
    for text in drawing.labels:
        centre, radius = by_place[tuple(float(c) for c in text.get_position())]
        box = text.get_window_extent(renderer)
        corners = [(box.x0, box.y0), (box.x0, box.y1), (box.x1, box.y0), (box.x1, box.y1)]
        farthest = max(math.dist(corner, centre) for corner in corners)
        assert farthest <= radius, (name, text.get_text(), farthest, radius)


def test_no_two_nodes_overlap(measured):
    name, diagram, drawing, renderer, nodes = measured
    for (_, a, ra), (_, b, rb) in itertools.combinations(nodes, 2):
        assert math.dist(a, b) >= ra + rb, (name, a, b, ra, rb)


def test_highlighted_labels_are_readable(measured):
    from matplotlib.colors import to_hex

    name, diagram, drawing, renderer, nodes = measured
    highlighted = {tuple(map(float, xy)) for collection in drawing.highlighted for xy in collection.get_offsets()}
    for collection in drawing.highlighted:
        for face in collection.get_facecolors():
            assert to_hex(face) == HIGHLIGHT_FILL.lower()
    for text in drawing.labels:
        if tuple(float(c) for c in text.get_position()) in highlighted:
            assert to_hex(text.get_color()) == HIGHLIGHT_TEXT.lower(), (name, text.get_text())
            assert _contrast(HIGHLIGHT_FILL, text.get_color()) >= 4.5
        else:
            assert to_hex(text.get_color()) == "#000000"  # black on white
    for collection in drawing.highlighted_edges:
        if len(collection.get_segments()):
            assert to_hex(collection.get_colors()[0]) == HIGHLIGHT_EDGE.lower()


def _contrast(a, b) -> float:
    """WCAG 2 contrast ratio of two colours."""
    from matplotlib.colors import to_rgb

    def luminance(colour):
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_by_hand():
    assert _contrast("black", "white") == pytest.approx(21.0)
    assert _contrast("#808080", "black") == pytest.approx(5.32, abs=0.01)


def test_2d_layers_are_planes_stacked_in_the_direction():
    """Input plane below the output plane (BT), above it (TD); in each plane row 1 at the back, column 1 on the left."""
    for direction, sign in (("BT", 1), ("TD", -1)):
        d = inputs_affecting_diagram((3, 3), [(2, 1, 0)], full=False, direction=direction)
        drawing, _, nodes = _measure(d)
        G = d.panels[0].graph
        place = {}
        for collection in drawing.nodes + drawing.highlighted:
            for x, y in collection.get_offsets():
                place[(float(x), float(y))] = True
        texts = {t.get_text(): tuple(float(c) for c in t.get_position()) for t in drawing.labels}
        assert set(texts.values()) <= set(place)
        inputs = [texts[G.nodes[v]["label"]] for v in G if G.nodes[v]["layer"] == 0]
        outputs = [texts[G.nodes[v]["label"]] for v in G if G.nodes[v]["layer"] == 1]
        if sign > 0:
            assert max(y for _, y in inputs) < min(y for _, y in outputs)
        else:
            assert min(y for _, y in inputs) > max(y for _, y in outputs)
        # within the input plane: along a row x grows with the column; row 1 is behind (above) row 2
        assert texts["x1,1"][0] < texts["x1,2"][0] < texts["x1,3"][0]
        assert texts["x1,1"][1] > texts["x2,1"][1] > texts["x3,1"][1]
        assert len(drawing.planes) == 1 and len(drawing.planes[0].get_paths()) == 2


@pytest.mark.parametrize(
    "size, expected",
    [(5, "s3"), (4, "s2"), ((4, 4), "s2,2"), ((5, 5), "s3,3"), ((4, 5), "s2,3"), ((2, 2), "s1,1"), ((6, 6), "s3,3"),
     ((3, 3, 3), "s2,2,2")],
)
def test_the_default_unit_is_the_middle_one(size, expected):
    """Nearest the centre of the layer; of equally near ones the lowest index (the 1-D rule (n - 1) // 2 per axis)."""
    d = inputs_affecting_diagram(size, [(1, 1, 0)], full=False)
    G = d.panels[0].graph
    (top,) = [G.nodes[v]["label"] for v in d.panels[0].highlight if G.nodes[v]["layer"] == 1]
    assert top == expected
    # by hand: index (n + 1) // 2 on every axis, 1-based
    sizes = size if isinstance(size, tuple) else (size,)
    assert top == "s" + ",".join(str((n + 1) // 2) for n in sizes)


def test_the_help_example_is_central_not_on_the_edge():
    d = inputs_affecting_diagram((4, 4), [(3, 1, 1)], full=False)
    G = d.panels[0].graph
    labels = sorted(G.nodes[v]["label"] for v in d.panels[0].highlight)
    assert labels == ["s2,2", "x1,1", "x1,2", "x1,3", "x2,1", "x2,2", "x2,3", "x3,1", "x3,2", "x3,3"]


@pytest.mark.parametrize("name", sorted(n for n in DRAWINGS if "4x4" in n or "6x6" in n or "stride 2" in n))
def test_2d_drawings_show_the_edges_among_the_highlighted_units(name):
    d = DRAWINGS[name]()
    drawing = draw(d)
    for panel, edges, bold in zip(d.panels, drawing.edges, drawing.highlighted_edges):
        G = panel.graph
        among = [(u, v) for u, v in G.edges if u in panel.highlight and v in panel.highlight and (u, v) not in panel.highlight_edges]
        assert len(edges.get_segments()) == len(among)
        assert len(bold.get_segments()) == len(panel.highlight_edges)


def test_2d_without_highlights_shows_every_edge():
    G = connectivity_graph((3, 3), [(2, 1, 0)])
    drawing = draw(G)
    assert len(drawing.edges[0].get_segments()) == G.number_of_edges()


def test_a_given_node_size_is_kept():
    drawing = draw(inputs_affecting_diagram((3, 3), [(2, 1, 0)], full=False), node_size=123.0)
    assert {float(s) for c in drawing.nodes + drawing.highlighted for s in c.get_sizes()} == {123.0}

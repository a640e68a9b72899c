"""Graph builders, queries and diagrams (symconv.graphs), checked against independent routes.

Edges are compared with the Jacobian of a deliberately different NumPy
implementation (np.pad + strided slices): output j depends on input q exactly
when d y_j / d x_q != 0, and with distinct weights the value names the tap.
"""

from __future__ import annotations

import itertools
import math
import sys

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import symconv as sc
from symconv.graphs import (
    Diagram,
    Panel,
    affected_nodes,
    connectivity_graph,
    dense_graph,
    edges_by_parameter,
    inputs_affecting_diagram,
    layer_nodes,
    outputs_affected_diagram,
    parameter_count,
    parameter_sharing_diagram,
    receptive_field_diagram,
    receptive_field_nodes,
    shared_edges,
    to_tikz,
)
from symconv.networks import pool

PRIMES = np.array([2.0, 3, 5, 7, 11, 13, 17, 19, 23, 29])


# stacks of one to three forward layers (kernel, stride, padding, dilation); some leave no output and are skipped
FORWARD_STACKS = st.lists(
    st.tuples(st.integers(1, 4), st.integers(1, 2), st.integers(0, 2), st.integers(1, 2)), min_size=1, max_size=3
)


def jacobian_1d(n, k, s, p_before, p_after, d):
    """d y / d x of y[j] = sum_t w[t] x_pad[j s + t d], built with np.pad and strided slices."""
    w = PRIMES[:k]
    eye = np.eye(n)  # column q: input with a one at q
    padded = np.pad(eye, ((p_before, p_after), (0, 0)))
    span = padded.shape[0] - d * (k - 1)
    out = (span - 1) // s + 1
    y = sum(w[t] * padded[t * d : t * d + s * (out - 1) + 1 : s] for t in range(k))
    return y  # shape (out, n)


def labels(G, nodes):
    return sorted((G.nodes[v]["label"] for v in nodes), key=lambda t: (t[0], int(t[1:])))


# --------------------------------------------------------------------------- builders


@given(
    n=st.integers(1, 14),
    k=st.integers(1, 4),
    s=st.integers(1, 3),
    p_before=st.integers(0, 3),
    p_after=st.integers(0, 3),
    d=st.integers(1, 3),
)
def test_edges_and_taps_match_the_jacobian(n, k, s, p_before, p_after, d):
    if n + p_before + p_after < d * (k - 1) + 1:
        return
    J = jacobian_1d(n, k, s, p_before, p_after, d)
    G = connectivity_graph(n, [sc.Geometry(k, s, ((p_before, p_after),), d)])
    assert G.graph["sizes"] == [n, J.shape[0]]
    expected = {((0, q), (1, j)) for j, q in zip(*np.nonzero(J))}
    assert set(G.edges) == expected
    for (_, q), (_, j), tap in G.edges(data="tap"):
        assert J[j, q] == PRIMES[tap]


def test_padding_nodes_only_when_asked():
    G = connectivity_graph(5, [(3, 2, 2)])
    assert not any(G.nodes[v]["padding"] for v in G)
    P = connectivity_graph(5, [(3, 2, 2)], include_padding=True)
    pads = sorted(v for v in P if P.nodes[v]["padding"])
    assert pads == [(0, -2), (0, -1), (0, 5), (0, 6)]
    assert all(P.nodes[v]["label"] == "0" for v in pads)
    # out = floor((5 + 4 - 3) / 2) + 1 = 4 outputs, 3 taps each, all present once padding counts
    assert P.number_of_edges() == 4 * 3
    assert G.number_of_edges() == 4 * 3 - 2 - 2  # s1 reads -2,-1 ; s4 reads 5,6


def test_two_dimensional_graph_matches_outer_product_of_1d():
    # a 2-D kernel over a grid connects (r, c) -> (i, j) iff both 1-D axes connect
    rows = connectivity_graph(5, [(3, 2, 1)])
    cols = connectivity_graph(6, [sc.Geometry(2, 1, 0)])
    G = connectivity_graph((5, 6), [sc.Geometry((3, 2), (2, 1), (1, 0))])
    expected = {
        ((0, (qr, qc)), (1, (jr, jc)))
        for (_, qr), (_, jr) in rows.edges
        for (_, qc), (_, jc) in cols.edges
    }
    assert set(G.edges) == expected
    assert G.graph["sizes"] == [(5, 6), (3, 5)]
    assert G.nodes[(0, (1, 2))]["label"] == "x2,3"
    assert G.edges[(0, (0, 0)), (1, (0, 0))]["tap"] == (1, 0)
    assert G.edges[(0, (0, 0)), (1, (0, 0))]["parameter"] == "w1[1,0]"


def test_labels_follow_the_notes():
    assert [G.nodes[v]["label"] for G in [connectivity_graph(3, [(1, 1, 0)])] for v in sorted(G)] == [
        "x1", "x2", "x3", "s1", "s2", "s3"
    ]
    G = connectivity_graph(4, [(1, 1, 0)] * 3)
    assert {G.nodes[(layer, 0)]["label"] for layer in range(4)} == {"x1", "h1", "g1", "f1"}
    deep = connectivity_graph(3, [(1, 1, 0)] * 9)
    assert deep.nodes[(9, 2)]["label"] == "h9_3"
    assert deep.nodes[(0, 2)]["label"] == "x3"
    named = connectivity_graph(2, [(1, 1, 0)], names=["a", "b"])
    assert sorted(named.nodes[v]["label"] for v in named) == ["a1", "a2", "b1", "b2"]


def test_positions_centre_strided_units_over_their_inputs():
    G = connectivity_graph(7, [(3, 2, 0)])
    # s1 reads x1..x3 (0-based 0..2): centre 1; s3 reads x5..x7: centre 5
    assert G.nodes[(1, 0)]["pos"] == (1.0, 1.0)
    assert G.nodes[(1, 2)]["pos"] == (5.0, 1.0)
    assert G.nodes[(0, 4)]["pos"] == (4.0, 0.0)


@given(n=st.integers(3, 9), layers=FORWARD_STACKS, two_d=st.booleans())
def test_forward_positions_are_the_receptive_field_centres(n, layers, two_d):
    """The builder's own layer-by-layer grid reproduces symconv.receptive_field's centres (padding nodes too)."""
    shape = (n, n + 1) if two_d else (n,)
    try:
        fields = sc.receptive_field(layers, input_size=shape)
        G = connectivity_graph(shape if two_d else n, layers, include_padding=True)
    except sc.SymconvError:
        return
    for layer in range(len(layers) + 1):
        for v in layer_nodes(G, layer, include_padding=True):
            centre = v[1] if layer == 0 else fields[layer - 1].centre(v[1])
            if two_d:
                expected = (layer * (shape[-1] + 2) + centre[1], -centre[0])
            else:
                expected = (centre, layer)
            assert G.nodes[v]["pos"] == tuple(float(c) for c in expected)


@pytest.mark.parametrize("shape", [(2, 2), (2, 2, 2)])
def test_grid_positions_are_never_negative_zero(shape):
    # row 0 of a 2-D grid is drawn at y = -0 (the rows go down); it must be +0.0, which TikZ prints as 0.000
    G = connectivity_graph(shape, [(2, 1, 0)], include_padding=True)
    zeros = [c for v in G for c in G.nodes[v]["pos"] if c == 0]
    assert zeros and all(math.copysign(1.0, c) == 1.0 for c in zeros)
    assert G.nodes[(0, (0,) * len(shape))]["pos"] == (0.0, 0.0)
    text = to_tikz(connectivity_graph(shape, [(2, 1, 0)]))
    assert "(0.000, 0.000)" in text and "-0.000" not in text


def _fraction_calls(build):
    """How many Python-level calls into the fractions module ``build()`` makes."""
    import fractions

    calls = 0

    def profile(frame, event, arg):
        nonlocal calls
        if event == "call" and frame.f_code.co_filename == fractions.__file__:
            calls += 1

    sys.setprofile(profile)
    try:
        build()
    finally:
        sys.setprofile(None)
    return calls


@pytest.mark.parametrize(
    "small, large",
    [
        ((64, [(3, 1, 1)] * 6), (512, [(3, 1, 1)] * 6)),
        (((8, 8), [(3, 2, 1), pool(2, ndim=2)]), ((32, 32), [(3, 2, 1), pool(2, ndim=2)])),
        (
            ((4, 4), [(3, 2, 1), {"kernel_size": 3, "stride": 2, "transposed": True}]),
            ((16, 16), [(3, 2, 1), {"kernel_size": 3, "stride": 2, "transposed": True}]),
        ),
    ],
)
def test_positions_take_no_fraction_arithmetic_per_node(small, large):
    """Exact grid arithmetic is done once per layer and axis: a graph 8-16 times larger makes no more Fraction calls."""
    assert _fraction_calls(lambda: connectivity_graph(*small)) == _fraction_calls(lambda: connectivity_graph(*large))


def test_pooling_edges_have_taps_but_no_parameters():
    G = connectivity_graph(6, [(3, 1, 1), pool(2)])
    pooled = [data for _, _, data in G.edges(data=True) if data["layer"] == 2]
    assert len(pooled) == 3 * 2
    assert all(data["parameter"] is None for data in pooled)
    assert sorted({data["tap"] for data in pooled}) == [0, 1]
    assert parameter_count(G) == sc.graphs.ParameterCount(parameters=3, edges=G.number_of_edges() - 6)
    # ceil_mode marks a dict layer as pooling too
    H = connectivity_graph(5, [dict(kernel_size=2, stride=2, ceil_mode=True)])
    assert H.graph["sizes"] == [5, 3]
    assert all(p is None for _, _, p in H.edges(data="parameter"))


def test_dense_graph():
    G = dense_graph(4, [3, 2])
    assert G.number_of_edges() == 4 * 3 + 3 * 2
    assert parameter_count(G) == sc.graphs.ParameterCount(parameters=18, edges=18)
    assert G.graph["kind"] == "dense"
    assert labels(G, layer_nodes(G, 1)) == ["h1", "h2", "h3"]
    assert G.edges[(1, 2), (2, 0)]["parameter"] == "W2[0,2]"


@pytest.mark.parametrize(
    "n_inputs, n_outputs, expected",
    [
        # 5 outputs at 0..4; the 3 inputs 5/3 apart, centred on the middle output 2
        (3, 5, [[1 / 3, 2, 11 / 3], [0, 1, 2, 3, 4]]),
        # the widest layer (7) at 0..6, the others spread over it around its middle 3: 5 units 7/5 apart, 3 units 7/3
        (5, [3, 7], [[0.2, 1.6, 3, 4.4, 5.8], [2 / 3, 3, 16 / 3], [0, 1, 2, 3, 4, 5, 6]]),
        # the widest layer is the input: it keeps unit spacing, 2 outputs 5/2 apart around 2
        (5, 2, [[0, 1, 2, 3, 4], [0.75, 3.25]]),
    ],
)
def test_dense_layers_spread_over_the_widest_layer(n_inputs, n_outputs, expected):
    G = dense_graph(n_inputs, n_outputs)
    for layer, xs in enumerate(expected):
        points = [G.nodes[v]["pos"] for v in layer_nodes(G, layer)]
        assert [x for x, _ in points] == pytest.approx(xs, abs=1e-12)
        assert all(y == layer for _, y in points)


def test_max_edges_bounds_the_nodes_padding_included():
    # one input, kernel 2 dilated 200, padding 100: 201 padded positions of which 200 zeros, one output reading two
    layers = [{"kernel_size": 2, "dilation": 200, "padding": 100}]
    G = connectivity_graph(1, layers, include_padding=True, max_edges=202)
    assert (G.number_of_nodes(), G.number_of_edges()) == (1 + 200 + 1, 2)
    with pytest.raises(
        sc.SymconvError,
        match=r"max_edges: the graph would have more than 201 nodes \(reached 202 at layers\[0\], whose input has 200 "
        r"zero-padding nodes; max_edges bounds the nodes too\); use a smaller input, less padding or dilation, "
        r"include_padding=False or raise max_edges$",
    ):
        connectivity_graph(1, layers, include_padding=True, max_edges=201)
    assert connectivity_graph(1, layers, max_edges=2).number_of_nodes() == 2
    # refused before anything is built (it used to build 2,000,002 nodes)
    with pytest.raises(sc.SymconvError, match=r"max_edges: .* 2000000 nodes \(reached 2000002 at layers\[0\], whose"):
        connectivity_graph(1, [{"kernel_size": 2, "dilation": 2_000_000, "padding": 1_000_000}], include_padding=True)
    # the units count too: ten million inputs read by one edge
    with pytest.raises(
        sc.SymconvError,
        match=r"max_edges: .* 2000000 nodes \(reached 10000001 at layers\[0\]; .*\); use a smaller input or raise max_edges$",
    ):
        connectivity_graph(10**7, [(1, 10**7, 0)])
    # a stack: 2 inputs padded by 1 zero on each side, read by a kernel 2 dilated 3 (one output), then that output
    # padded by 2 on each side and read by a kernel 2 dilated 4: 2 + 2 + 1 + 4 + 1 = 10 nodes but only 4 edges
    stack = [(2, 1, 1, 3), (2, 1, 2, 4)]
    G = connectivity_graph(2, stack, include_padding=True)
    assert (G.number_of_nodes(), G.number_of_edges()) == (10, 4)
    with pytest.raises(sc.SymconvError, match=r"more than 9 nodes \(reached 10 at layers\[1\], whose input has 4 zero"):
        connectivity_graph(2, stack, include_padding=True, max_edges=9)


# --------------------------------------------------------------------------- queries


@given(n=st.integers(3, 15), layers=FORWARD_STACKS, data=st.data())
def test_queries_match_reachability_on_the_jacobian_product(n, layers, data):
    """Ancestors/descendants vs the nonzero pattern of the chained Jacobians (a matrix route)."""
    try:
        G = connectivity_graph(n, layers)
    except sc.SymconvError:
        return
    J = np.eye(n)
    size = n
    for k, s, p, d in layers:
        J = (jacobian_1d(size, k, s, p, p, d) != 0).astype(int) @ J
        size = J.shape[0]
    top = len(layers)
    j = data.draw(st.integers(0, size - 1))
    inputs = {(0, q) for q in np.nonzero(J[j])[0]}
    assert receptive_field_nodes(G, (top, j)) == inputs
    q = data.draw(st.integers(0, n - 1))
    assert affected_nodes(G, (0, q)) == {(top, jj) for jj in np.nonzero(J[:, q])[0]}


def test_queries_by_label_and_layer():
    G = connectivity_graph(5, [(3, 1, 1), (3, 1, 1)])
    assert labels(G, receptive_field_nodes(G, "g3", layer=1)) == ["h2", "h3", "h4"]
    assert labels(G, receptive_field_nodes(G, "g3")) == ["x1", "x2", "x3", "x4", "x5"]
    assert labels(G, affected_nodes(G, "x1", layer=1)) == ["h1", "h2"]
    assert labels(G, affected_nodes(G, "x1")) == ["g1", "g2", "g3"]
    assert receptive_field_nodes(G, "h2", layer=1) == {(1, 1)}
    P = connectivity_graph(5, [(3, 1, 1), (3, 1, 1)], include_padding=True)
    assert len(receptive_field_nodes(P, "g1", include_padding=True)) == 4  # x(-1), x1, x2, x3 (h0 is padding)
    assert len(receptive_field_nodes(P, "g1")) == 3


def test_shared_edges_and_parameter_counts():
    n, k, s, p = 9, 3, 2, 1
    G = connectivity_graph(n, [(k, s, p)])
    out = (n + 2 * p - k) // s + 1
    groups = edges_by_parameter(G)
    assert sorted(groups) == ["w1[0]", "w1[1]", "w1[2]"]
    for t in range(k):
        expected = sorted(((0, j * s - p + t), (1, j)) for j in range(out) if 0 <= j * s - p + t < n)
        assert shared_edges(G, f"w1[{t}]") == expected
        assert shared_edges(G, tap=t) == expected
    count = parameter_count(G)
    assert count.parameters == k
    assert count.edges == sum(len(e) for e in groups.values()) == G.number_of_edges()
    two = connectivity_graph(8, [(3, 1, 0), (2, 1, 0)])
    assert parameter_count(two) == sc.graphs.ParameterCount(parameters=5, edges=6 * 3 + 5 * 2)
    assert parameter_count(two, layer=2) == sc.graphs.ParameterCount(parameters=2, edges=10)


# --------------------------------------------------------------------------- diagrams


@given(n=st.integers(4, 12), k=st.integers(1, 5), s=st.integers(1, 2), d=st.integers(1, 2), data=st.data())
def test_diagram_highlights_follow_a_plain_loop(n, k, s, d, data):
    p = data.draw(st.integers(0, k - 1))
    if n + 2 * p < d * (k - 1) + 1:
        return
    out = (n + 2 * p - d * (k - 1) - 1) // s + 1
    reads = {j: {j * s - p + t * d for t in range(k)} & set(range(n)) for j in range(out)}
    i = data.draw(st.integers(0, n - 1))
    below = outputs_affected_diagram(n, [(k, s, p, d)], (0, i))
    assert below.panels[0].highlight == {(0, i)} | {(1, j) for j in range(out) if i in reads[j]}
    assert below.panels[1].highlight == {(0, i)} | {(1, j) for j in range(out)}
    j = data.draw(st.integers(0, out - 1))
    above = inputs_affecting_diagram(n, [(k, s, p, d)], (1, j))
    assert above.panels[0].highlight == {(1, j)} | {(0, q) for q in reads[j]}
    assert above.panels[1].highlight == {(1, j)} | {(0, q) for q in range(n)}
    t = data.draw(st.integers(0, k - 1))
    uses = {((0, j * s - p + t * d), (1, j)) for j in range(out) if 0 <= j * s - p + t * d < n}
    if not uses:
        with pytest.raises(sc.SymconvError, match="only ever reads padding"):
            parameter_sharing_diagram(n, [(k, s, p, d)], tap=t)
        return
    shared = parameter_sharing_diagram(n, [(k, s, p, d)], tap=t)
    assert shared.panels[0].highlight_edges == uses
    (edge,) = shared.panels[1].highlight_edges
    assert edge in uses


def test_receptive_field_diagram_through_depth():
    d = receptive_field_diagram(9, [(3, 1, 1), (3, 2, 0), (2, 1, 0)])
    G = d.panels[0].graph
    (top,) = [v for v in d.panels[0].highlight if v[0] == 3]
    assert top == (3, 1)  # middle of 3 units in the last layer
    # every highlighted node below the top is an ancestor of it, and every ancestor is highlighted
    assert d.panels[0].highlight == {top} | nx.ancestors(G, top)


def test_seed_defaults():
    assert labels(outputs_affected_diagram().panels[0].graph, outputs_affected_diagram().panels[0].highlight) == [
        "s2", "s3", "s4", "x3"
    ]
    assert labels(receptive_field_diagram().panels[0].graph, receptive_field_diagram().panels[0].highlight) == [
        "g3", "h2", "h3", "h4", "x1", "x2", "x3", "x4", "x5"
    ]
    assert receptive_field_diagram().direction == "TD"


def test_two_dimensional_diagram_without_full_panel():
    d = inputs_affecting_diagram((5, 5), [(3, 1, 0)], full=False)
    assert len(d.panels) == 1
    (top,) = [v for v in d.panels[0].highlight if v[0] == 1]
    assert top == (1, (1, 1))
    assert {v for v in d.panels[0].highlight if v[0] == 0} == {(0, (r, c)) for r in range(1, 4) for c in range(1, 4)}


# --------------------------------------------------------------------------- bad input


def test_empty_layer_list():
    with pytest.raises(sc.SymconvError, match="layers: expected at least one layer"):
        connectivity_graph(5, [])


@pytest.mark.parametrize(
    "layers, error, match",
    [
        ([(3, 1)], sc.SymconvError, r"layers\[0\]: layer: expected a Geometry.*got \(3, 1\)"),
        ([(3, 1, 1), (3, 1, 1, 1, 1)], sc.SymconvError, r"layers\[1\]: layer: expected"),
        ([(3, 1.5, 0)], TypeError, r"layers\[0\]: stride: expected a positive int, got float 1.5"),
        ([(3, 1, -1)], sc.SymconvError, r"layers\[0\]: padding"),
        (["conv"], TypeError, r"layers\[0\]: expected a Geometry.*got str 'conv'"),
        ((3, 1, 1), sc.SymconvError, r"wrap it in a list"),
        (sc.Geometry(3), TypeError, r"wrap it in a list"),
    ],
)
def test_malformed_layers(layers, error, match):
    with pytest.raises(error, match=match):
        connectivity_graph(5, layers)


def test_input_too_small_for_kernel():
    with pytest.raises(sc.SymconvError, match=r"layers\[1\]: kernel_size: effective kernel 5 .* larger than the padded input 3"):
        connectivity_graph(5, [(3, 1, 0), (3, 1, 0, 2)])


def test_symbolic_layers_refused():
    import sympy

    k = sympy.Symbol("k", integer=True, positive=True)
    with pytest.raises(TypeError, match=r"layers\[0\]: a graph needs concrete sizes"):
        connectivity_graph(5, [(k, 1, 0)])
    with pytest.raises(TypeError, match="n_inputs: a graph needs concrete sizes"):
        connectivity_graph(sympy.Symbol("n", integer=True, positive=True), [(3, 1, 0)])


def test_node_not_in_graph():
    G = connectivity_graph(5, [(3, 1, 1)])
    with pytest.raises(sc.SymconvError, match=r"node: expected \(layer, position\).*got \(1, 7\), which is not in the graph"):
        receptive_field_nodes(G, (1, 7))
    with pytest.raises(sc.SymconvError, match=r"node: expected a label of the graph .* got 'g3'"):
        affected_nodes(G, "g3")
    with pytest.raises(sc.SymconvError, match=r"node: .*got \[1, 2\]"):
        affected_nodes(G, [1, 2])
    with pytest.raises(sc.SymconvError, match="layer: expected a layer at or below the node's layer 0, got 1"):
        receptive_field_nodes(G, "x1", layer=1)
    with pytest.raises(sc.SymconvError, match="layer: expected a layer index from 0 to 1"):
        affected_nodes(G, "x1", layer=5)
    with pytest.raises(TypeError, match="layer: expected an int, got str"):
        layer_nodes(G, "1")


def test_highlight_naming_a_missing_node():
    G = connectivity_graph(5, [(3, 1, 1)])
    with pytest.raises(sc.SymconvError, match=r"highlight: node: expected a label of the graph .*got 'x6'"):
        Panel(G, highlight=["x6"])
    with pytest.raises(sc.SymconvError, match=r"highlight: node: .*got \(2, 0\)"):
        Panel(G, highlight=[(2, 0)])
    with pytest.raises(sc.SymconvError, match=r"highlight_edges: expected edges \(u, v\) .*got \('x1', 's5'\)"):
        Panel(G, highlight_edges=[("x1", "s5")])
    with pytest.raises(sc.SymconvError, match=r"node: expected a label.*got 'x9'"):
        outputs_affected_diagram(5, [(3, 1, 1)], "x9")


def test_other_bad_arguments():
    G = connectivity_graph(5, [(3, 1, 1)])
    with pytest.raises(sc.SymconvError, match=r"parameter: expected one of the graph's parameters \(w1\[0\], w1\[1\], w1\[2\]\), got 'w1\[3\]'"):
        shared_edges(G, "w1[3]")
    with pytest.raises(sc.SymconvError, match="parameter: expected a parameter name, or a layer and a tap"):
        shared_edges(G)
    with pytest.raises(sc.SymconvError, match="max_edges: the graph would have more than 100 edges"):
        connectivity_graph(100, [(3, 1, 1)], max_edges=100)
    with pytest.raises(sc.SymconvError, match="max_edges: the dense graph would have 10000 edges"):
        dense_graph(100, 100, max_edges=100)
    with pytest.raises(sc.SymconvError, match="names: expected a list of 2 label prefixes"):
        connectivity_graph(5, [(3, 1, 1)], names=["x"])
    with pytest.raises(sc.SymconvError, match="names: expected distinct prefixes"):
        connectivity_graph(5, [(3, 1, 1)], names=["x", "x"])
    with pytest.raises(TypeError, match="include_padding: expected a bool"):
        connectivity_graph(5, [(3, 1, 1)], include_padding=1)
    with pytest.raises(sc.SymconvError, match="n_inputs: expected a tuple of 2 sizes"):
        connectivity_graph(5, [sc.Geometry(3, ndim=2)])
    with pytest.raises(sc.SymconvError, match="n_inputs: expected a positive int, got 0"):
        connectivity_graph(0, [(1, 1, 0)])
    with pytest.raises(sc.SymconvError, match="n_outputs: expected an int or a non-empty tuple"):
        dense_graph(3, [])
    with pytest.raises(sc.SymconvError, match="layer: layer 2 is a pooling layer and has no parameters"):
        parameter_sharing_diagram(6, [(3, 1, 1), pool(2)])
    with pytest.raises(sc.SymconvError, match="layer: expected a layer index from 1 to 1"):
        parameter_sharing_diagram(layer=0)
    with pytest.raises(sc.SymconvError, match="full: the fully connected panel is drawn for 1-D inputs only"):
        outputs_affected_diagram((4, 4), [(3, 1, 1)])
    with pytest.raises(sc.SymconvError, match=r"direction: expected one of \('LR'"):
        Diagram((Panel(G),), "up")
    with pytest.raises(TypeError, match="panels: expected a non-empty sequence of Panel"):
        Diagram(())
    with pytest.raises(TypeError, match="graph: expected a graph from connectivity_graph"):
        Panel(nx.DiGraph())
    with pytest.raises(sc.SymconvError, match=r"tap: expected a tap within the kernel \(3,\) \(0-based\), got 7"):
        parameter_sharing_diagram(tap=7)
    with pytest.raises(sc.SymconvError, match=r"tap: expected a tap within the kernel"):
        parameter_sharing_diagram(tap=(1, 1))
    with pytest.raises(sc.SymconvError, match="titles: expected 2 title"):
        outputs_affected_diagram(titles=("only one",))


def test_tap_that_only_reads_padding():
    # 2 inputs, kernel 5, padding 2: tap 0 reads positions -2 and -1 (one per output), padding only
    for include_padding in (False, True):
        with pytest.raises(sc.SymconvError, match="tap: tap 0 of layer 1 only ever reads padding"):
            parameter_sharing_diagram(2, [(5, 1, 2)], tap=0, include_padding=include_padding)
    assert len(parameter_sharing_diagram(2, [(5, 1, 2)], tap=2).panels[0].highlight_edges) == 2


def test_all_public_names_resolve():
    for name in sc.graphs.__all__:
        assert getattr(sc.graphs, name) is not None
    assert list(itertools.islice(sc.graphs.layer_prefixes(3), 4)) == ["x", "h", "g", "f"]

"""Connectivity graphs of transposed convolution layers, alone and in stacks, checked by independent routes.

Routes: the reversed edges of the forward graph of the same geometry, the nonzero
pattern of ``conv_matrix(..., transposed=True)``, the guide's construction (a
stride-1 convolution with the flipped kernel over the zero-inserted, padded
input) written with NumPy here, hand-worked examples of the convolution-arithmetic
guide, plain-loop compositions of adjacency relations, and the Jacobian of the
NumPy backend (conv, avg_pool, conv_transpose with positive weights).
"""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import assume, given
from hypothesis import strategies as st

import symconv as sc
from symconv import graphs
from symconv.graphs import ParameterCount, connectivity_graph, layer_nodes, parameter_count
from symconv.networks import Layer, pool
from symconv.numeric import avg_pool, conv, conv_transpose

PRIMES = np.array([2.0, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41])


def transposed(k, s=1, p=0, d=1, a=0, ndim=None):
    return sc.Geometry(k, s, p, d, output_padding=a, transposed=True, ndim=ndim)


def tapped_edges(G, layer=1):
    return {(u, v, tap) for u, v, data in G.edges(data=True) if data["layer"] == layer for tap in [data["tap"]]}


def fan_out(G):
    """{input label: sorted [(output label, tap), ...]} over the edges of G."""
    out = {}
    for u, v, tap in G.edges(data="tap"):
        out.setdefault(G.nodes[u]["label"], []).append((G.nodes[v]["label"], tap))
    return {label: sorted(targets) for label, targets in out.items()}


one_d_geometry = {
    "n": st.integers(1, 7),
    "k": st.integers(1, 4),
    "s": st.integers(1, 3),
    "pb": st.integers(0, 4),
    "pa": st.integers(0, 4),
    "d": st.integers(1, 3),
    "a": st.integers(0, 2),
}


def transposed_size(n, k, s, pb, pa, d, a):
    """o' = (i' - 1) s - p_b - p_a + d (k - 1) + a + 1, the guide's relationship 14 with dilation and output padding."""
    return (n - 1) * s - pb - pa + d * (k - 1) + a + 1


def drawn_graph(n, k, s, pb, pa, d, a, **options):
    """The graph of one drawn transposed layer and o' (written out above); geometries with no output are skipped."""
    out = transposed_size(n, k, s, pb, pa, d, a)
    assume(a < max(s, d) and out >= 1)
    return connectivity_graph(n, [transposed(k, s, ((pb, pa),), d, a)], **options), out


TWO_D = [
    # input, kernel, stride, padding, dilation, output_padding
    ((2, 3), (3, 2), (2, 1), ((1, 0), (0, 1)), (1, 2), (1, 0)),
    ((3, 2), 3, 2, 1, 1, 1),
    ((2, 2), (2, 3), (3, 2), 0, (1, 1), (2, 1)),
    ((3, 3), 2, 1, ((0, 1), (1, 0)), 2, (1, 0)),
]


# --------------------------------------------------------------------------- route 1: the forward graph reversed


@given(**one_d_geometry)
def test_transposed_edges_are_the_forward_edges_reversed(n, k, s, pb, pa, d, a):
    T, out = drawn_graph(n, k, s, pb, pa, d, a)
    assert T.graph["sizes"] == [n, out]
    F = connectivity_graph(out, [sc.Geometry(k, s, ((pb, pa),), d)])
    # the forward convolution of the transposed output gives back n units (more when a >= s, which a dilation
    # larger than a allows); the extra ones have no transposed counterpart
    assert F.graph["sizes"] == [out, n + a // s]
    reversed_edges = {((0, q), (1, o), tap) for (_, o), (_, q), tap in F.edges(data="tap") if q < n}
    assert tapped_edges(T) == reversed_edges
    # weight sharing exactly as for the forward layer: the parameter names the tap
    assert all(data["parameter"] == f"w1[{data['tap']}]" for _, _, data in T.edges(data=True))


@pytest.mark.parametrize("n, k, s, p, d, a", TWO_D)
def test_two_dimensional_transposed_edges_are_the_forward_edges_reversed(n, k, s, p, d, a):
    T = connectivity_graph(n, [transposed(k, s, p, d, a, ndim=2)])
    out = T.graph["sizes"][1]
    F = connectivity_graph(out, [sc.Geometry(k, s, p, d, ndim=2)])
    reversed_edges = {
        ((0, q), (1, o), tap) for (_, o), (_, q), tap in F.edges(data="tap") if all(qi < ni for qi, ni in zip(q, n))
    }
    assert reversed_edges and tapped_edges(T) == reversed_edges
    tap = next(iter(reversed_edges))[2]
    assert isinstance(tap, tuple) and len(tap) == 2


# --------------------------------------------------------------------------- route 2: the transposed conv matrix


def matrix_edges(in_shape, kernel, **geometry):
    """Edges (input -> output, tap) read off conv_matrix(..., transposed=True) with a distinct weight per tap."""
    w = PRIMES[: math.prod(kernel)].reshape((1, 1, *kernel))
    T = sc.conv_matrix((1, *in_shape), w, transposed=True, format="dense", **geometry)
    out_shape = sc.conv_transpose_output_size(in_shape, kernel, **geometry)
    out_shape = out_shape if isinstance(out_shape, tuple) else (out_shape,)
    assert T.shape == (math.prod(out_shape), math.prod(in_shape))

    def key(flat, shape):
        index = tuple(int(x) for x in np.unravel_index(flat, shape))
        return index[0] if len(shape) == 1 else index

    edges = set()
    for o, i in zip(*np.nonzero(T)):
        tap = key(int(np.flatnonzero(w.ravel() == T[o, i])[0]), kernel)
        edges.add(((0, key(i, in_shape)), (1, key(o, out_shape)), tap))
    return edges


@given(**one_d_geometry)
def test_transposed_edges_are_the_pattern_of_the_transposed_conv_matrix(n, k, s, pb, pa, d, a):
    G, _ = drawn_graph(n, k, s, pb, pa, d, a)
    padding = ((pb, pa),)
    assert tapped_edges(G) == matrix_edges((n,), (k,), stride=s, padding=padding, dilation=d, output_padding=a)


@pytest.mark.parametrize("n, k, s, p, d, a", TWO_D)
def test_two_dimensional_transposed_edges_are_the_pattern_of_the_conv_matrix(n, k, s, p, d, a):
    G = connectivity_graph(n, [transposed(k, s, p, d, a, ndim=2)])
    kernel = k if isinstance(k, tuple) else (k, k)
    assert tapped_edges(G) == matrix_edges(n, kernel, stride=s, padding=p, dilation=d, output_padding=a)


# --------------------------------------------------------------------------- route 3: the guide by hand


def test_the_guides_upsampling_by_hand():
    # Dumoulin & Visin, fig. 4.5 read as a transposed convolution: 2 inputs, kernel 3, stride 2, no padding -> 5
    G = connectivity_graph(2, [transposed(3, 2)])
    assert G.graph["sizes"] == [2, 5]
    assert fan_out(G) == {"x1": [("s1", 0), ("s2", 1), ("s3", 2)], "x2": [("s3", 0), ("s4", 1), ("s5", 2)]}
    assert parameter_count(G) == ParameterCount(parameters=3, edges=6)
    assert graphs.shared_edges(G, "w1[1]") == [((0, 0), (1, 1)), ((0, 1), (1, 3))]
    # unit spacing for the denser output: inputs two apart, each output over what it gathers
    assert [G.nodes[v]["pos"] for v in layer_nodes(G, 0)] == [(0.0, 0.0), (2.0, 0.0)]
    assert [G.nodes[v]["pos"][0] for v in layer_nodes(G, 1)] == [-1.0, 0.0, 1.0, 2.0, 3.0]


def test_padding_and_output_padding_by_hand():
    # the guide's fig. 4.7: 3 inputs, kernel 3, stride 2, padding 1, output padding 1 -> 6 (o = 2i - 1 + t)
    G = connectivity_graph(3, [transposed(3, 2, 1, a=1)])
    assert G.graph["sizes"] == [3, 6]
    assert fan_out(G) == {
        "x1": [("s1", 1), ("s2", 2)],
        "x2": [("s2", 0), ("s3", 1), ("s4", 2)],
        "x3": [("s4", 0), ("s5", 1), ("s6", 2)],
    }
    # without output padding the last output (reached only by the tap padding crops) is gone
    H = connectivity_graph(3, [transposed(3, 2, 1)])
    assert fan_out(H) == {**fan_out(G), "x3": [("s4", 0), ("s5", 1)]}


def test_output_padding_past_the_last_tap_reads_nothing():
    # kernel 1, stride 3, output padding 2 (< stride): outputs 0, 3, 6 get an input, the rest none
    G = connectivity_graph(3, [transposed(1, 3, a=2)])
    assert G.graph["sizes"] == [3, 9]
    assert sorted(v[1] for v in layer_nodes(G, 1) if G.in_degree(v)) == [0, 3, 6]
    # outputs that read nothing still sit on the layer's grid: evenly spaced, inputs 3 apart
    assert [G.nodes[v]["pos"][0] for v in layer_nodes(G, 1)] == [float(x) for x in range(9)]
    assert [G.nodes[v]["pos"][0] for v in layer_nodes(G, 0)] == [0.0, 3.0, 6.0]


def test_guides_construction_by_hand():
    G = connectivity_graph(2, [transposed(3, 2)], include_padding=True)
    zeros = [v[1] for v in G if G.nodes[v]["padding"]]
    half = Fraction(1, 2)
    assert sorted(zeros) == [-1, -half, half, 3 * half, 2]
    assert all(G.nodes[(0, z)]["label"] == "0" and G.nodes[(0, z)]["index"] is None for z in zeros)
    # output o reads the slots z = o, o - 1, o - 2 of the stretched input (position z / 2) through taps 0, 1, 2
    expected = {0: [0, -half, -1], 1: [half, 0, -half], 2: [1, half, 0], 3: [3 * half, 1, half], 4: [2, 3 * half, 1]}
    got = {}
    for u, v, tap in G.edges(data="tap"):
        got.setdefault(v[1], {})[tap] = u[1]
    assert got == {o: dict(enumerate(sources)) for o, sources in expected.items()}
    # the real edges are those of the graph without padding
    real = {(u, v) for u, v in G.edges if not G.nodes[u]["padding"]}
    assert real == set(connectivity_graph(2, [transposed(3, 2)]).edges)
    # zeros are drawn between and around the inputs, at unit spacing
    assert sorted(G.nodes[(0, z)]["pos"][0] for z in zeros) == [-2.0, -1.0, 1.0, 3.0, 4.0]


def test_padding_larger_than_the_kernel_crops_the_construction():
    # kernel 3, padding 3 > d(k-1) = 2: 5 inputs give one output, which reads x4, x3, x2 and no zero at all
    G = connectivity_graph(5, [transposed(3, 1, 3)], include_padding=True)
    assert G.graph["sizes"] == [5, 1]
    assert fan_out(G) == {"x2": [("s1", 2)], "x3": [("s1", 1)], "x4": [("s1", 0)]}
    assert not any(G.nodes[v]["padding"] for v in G)


# --------------------------------------------------------------------------- include_padding: the guide's construction


def construction_edges(n, k, s, pb, pa, d, a):
    """Edges of the guide's construction written out with NumPy: insert s - 1 zeros between the inputs, pad
    d(k-1) - p before and d(k-1) - p + a after, and run a stride-1 convolution with the flipped kernel.

    Returns the edges (position, output, tap), the output size, the positions of every slot and of the zeros."""
    w = PRIMES[:k]
    before, after = d * (k - 1) - pb, d * (k - 1) - pa + a
    stretched = (n - 1) * s + 1
    length = before + stretched + after
    marker = np.zeros(stretched)
    marker[::s] = 1  # where the inputs go; the rest are the inserted zeros
    is_input = np.pad(marker, (before, after)).astype(bool)
    flipped = w[::-1]
    out = length - d * (k - 1)
    slots = np.eye(length)
    J = sum(flipped[t] * slots[t * d : t * d + out] for t in range(k))  # d y / d slot
    position = [Fraction(u - before, s) for u in range(length)]
    position = [int(p) if p.denominator == 1 else p for p in position]
    edges = {(position[u], o, int(np.flatnonzero(w == J[o, u])[0])) for o, u in zip(*np.nonzero(J))}
    zeros = {position[u] for u in range(length) if not is_input[u]}
    return edges, out, position, zeros


@given(**one_d_geometry)
def test_include_padding_draws_the_guides_construction(n, k, s, pb, pa, d, a):
    assume(pb <= d * (k - 1) and pa <= d * (k - 1) + a)  # no cropping
    G, _ = drawn_graph(n, k, s, pb, pa, d, a, include_padding=True)
    edges, out, _, zeros = construction_edges(n, k, s, pb, pa, d, a)
    assert G.graph["sizes"] == [n, out]
    assert {(u[1], v[1], tap) for u, v, tap in G.edges(data="tap")} == edges
    assert {v[1] for v in G if G.nodes[v]["padding"]} == zeros
    assert all(G.nodes[v]["padding"] == (v[1] in zeros) for v in layer_nodes(G, 0, include_padding=True))
    # every output reads k slots, as the stride-1 convolution does
    assert all(G.in_degree(v) == k for v in layer_nodes(G, 1))


def test_two_dimensional_construction_is_the_product_of_the_axes():
    n, k, s, p, a = (2, 3), (3, 2), (2, 3), (1, 0), (1, 2)
    G = connectivity_graph(n, [transposed(k, s, p, 1, a, ndim=2)], include_padding=True)
    axes = [construction_edges(n[i], k[i], s[i], p[i], p[i], 1, a[i]) for i in range(2)]
    expected = {((q0, q1), (o0, o1), (t0, t1)) for q0, o0, t0 in axes[0][0] for q1, o1, t1 in axes[1][0]}
    assert {(u[1], v[1], tap) for u, v, tap in G.edges(data="tap")} == expected
    zeros = {v[1] for v in G if G.nodes[v]["padding"]}
    slots = itertools.product(axes[0][2], axes[1][2])
    assert zeros == {(q0, q1) for q0, q1 in slots if q0 in axes[0][3] or q1 in axes[1][3]}
    # every node gets its own drawing position, and grids side by side do not overlap
    for layer in (0, 1):
        points = [G.nodes[v]["pos"] for v in layer_nodes(G, layer, include_padding=True)]
        assert len(set(points)) == len(points)
    right_of_input = max(G.nodes[v]["pos"][0] for v in layer_nodes(G, 0, include_padding=True))
    assert right_of_input < min(G.nodes[v]["pos"][0] for v in layer_nodes(G, 1))


# --------------------------------------------------------------------------- route 4: mixed stacks


def relation(n_in, n_out, k, s, p, *, scatter):
    """Pairs (input, output) of one 1-D layer, by a plain loop over windows or over scatters."""
    pairs = set()
    for unit in range(n_out if not scatter else n_in):
        for t in range(k):
            other = unit * s - p + t
            if scatter and 0 <= other < n_out:
                pairs.add((unit, other))
            if not scatter and 0 <= other < n_in:
                pairs.add((other, unit))
    return pairs


@pytest.mark.parametrize("n, a", [(9, 0), (8, 1)])
def test_encoder_decoder_ancestors_are_the_composed_relations(n, a):
    m = (n + 2 - 3) // 2 + 1
    G = connectivity_graph(n, [(3, 2, 1), transposed(3, 2, 1, a=a)])
    assert G.graph["sizes"] == [n, m, n]
    down = relation(n, m, 3, 2, 1, scatter=False)
    up = relation(m, n, 3, 2, 1, scatter=True)
    for o in range(n):
        middle = {j for j, target in up if target == o}
        below = {q for q, j in down if j in middle}
        assert graphs.receptive_field_nodes(G, (2, o), 1) == {(1, j) for j in middle}
        assert graphs.receptive_field_nodes(G, (2, o)) == {(0, q) for q in below}
    for q in range(n):
        middle = {j for source, j in down if source == q}
        assert graphs.affected_nodes(G, (0, q)) == {(2, o) for j, o in up if j in middle}
    # the decoder sits over the encoder: output o over input o (the stride-2 layer in between 2 apart)
    assert [G.nodes[v]["pos"][0] for v in layer_nodes(G, 2)] == [float(q) for q in range(n)]
    assert [G.nodes[v]["pos"][0] for v in layer_nodes(G, 1)] == [2.0 * j for j in range(m)]
    # per-layer parameters: two kernels of 3 taps
    assert parameter_count(G, layer=1).parameters == parameter_count(G, layer=2).parameters == 3
    assert parameter_count(G, layer=2).edges == len(up)


def test_two_dimensional_stack_matches_the_jacobian_of_the_numpy_backend():
    # conv 3x3 stride 2 padding 1, 2x2 average pooling, transposed conv 3x3 stride 2 padding 1 output padding 1
    shape = (10, 9)
    layers = [(3, 2, 1), pool(2, ndim=2), transposed(3, 2, 1, a=1, ndim=2)]
    G = connectivity_graph(shape, layers)
    N = math.prod(shape)
    x = np.eye(N).reshape(N, 1, *shape)
    w = np.ones((1, 1, 3, 3))
    y = conv_transpose(avg_pool(conv(x, w, stride=2, padding=1), 2), w, stride=2, padding=1, output_padding=1)
    assert G.graph["sizes"] == [shape, (5, 5), (2, 2), (4, 4)] and y.shape[2:] == (4, 4)
    J = y.reshape(N, -1).T  # positive weights: nonzero exactly where a path exists
    for flat, row in enumerate(J):
        top = tuple(int(i) for i in np.unravel_index(flat, y.shape[2:]))
        expected = {(0, tuple(int(i) for i in np.unravel_index(q, shape))) for q in np.flatnonzero(row)}
        assert graphs.receptive_field_nodes(G, (3, top)) == expected
    # pooling edges carry no parameter, the transposed layer's do
    assert parameter_count(G, layer=2) == ParameterCount(parameters=0, edges=0)
    # per axis input 0 reaches outputs 0, 1 (taps 1, 2) and input 1 outputs 1, 2, 3: 5 x 5 edges, all 9 taps
    assert parameter_count(G, layer=3) == ParameterCount(parameters=9, edges=25)


def test_transposed_then_conv_receptive_field_by_reachability():
    # upsample 3 -> 7 then a valid conv of width 3: g_j depends on the inputs that reach s_j .. s_{j+2}
    G = connectivity_graph(3, [transposed(3, 2), (3, 1, 0)])
    up = relation(3, 7, 3, 2, 0, scatter=True)
    for j in range(5):
        expected = {q for q, o in up if j <= o <= j + 2}
        assert graphs.receptive_field_nodes(G, (2, j)) == {(0, q) for q in expected}


# --------------------------------------------------------------------------- positions


def test_kernel_equal_to_stride_puts_each_input_between_its_outputs():
    G = connectivity_graph(3, [transposed(2, 2)])
    assert [G.nodes[v]["pos"][0] for v in layer_nodes(G, 0)] == [0.0, 2.0, 4.0]
    assert [G.nodes[v]["pos"][0] for v in layer_nodes(G, 1)] == [-0.5, 0.5, 1.5, 2.5, 3.5, 4.5]


# --------------------------------------------------------------------------- queries and diagrams


@given(**one_d_geometry)
def test_shared_edges_and_counts_follow_a_plain_loop(n, k, s, pb, pa, d, a):
    G, out = drawn_graph(n, k, s, pb, pa, d, a)
    by_tap = {}
    for i in range(n):
        for t in range(k):
            o = i * s - pb + t * d
            if 0 <= o < out:
                by_tap.setdefault(t, []).append(((0, i), (1, o)))
    assert graphs.edges_by_parameter(G) == {f"w1[{t}]": sorted(edges) for t, edges in by_tap.items()}
    for t, edges in by_tap.items():
        assert graphs.shared_edges(G, tap=t) == sorted(edges)
    assert parameter_count(G) == ParameterCount(len(by_tap), sum(map(len, by_tap.values())))


def test_diagrams_of_a_transposed_layer():
    layers = [transposed(3, 2)]
    below = graphs.outputs_affected_diagram(2, layers)
    G = below.panels[0].graph
    assert sorted(G.nodes[v]["label"] for v in below.panels[0].highlight) == ["s1", "s2", "s3", "x1"]
    assert len(below.panels[1].highlight) == 1 + 5  # the dense counterpart: x1 reaches every output
    above = graphs.inputs_affecting_diagram(2, layers, "s3", full=False)
    assert sorted(G.nodes[v]["label"] for v in above.panels[0].highlight) == ["s3", "x1", "x2"]
    sharing = graphs.parameter_sharing_diagram(2, layers, tap=2)
    assert sorted(sharing.panels[0].highlight_edges) == [((0, 0), (1, 2)), ((0, 1), (1, 4))]


# --------------------------------------------------------------------------- renderers


def test_mermaid_of_a_transposed_graph_with_its_zeros():
    G = connectivity_graph(3, [transposed(3, 2, 1, a=1)], include_padding=True)
    text = graphs.to_mermaid(G)
    nodes = re.findall(r"^\s*(\w+)\(\((\w+)\)\)$", text, re.MULTILINE)
    edges = re.findall(r"^\s*(\w+) --> (\w+)$", text, re.MULTILINE)
    ids = dict(nodes)
    assert len(ids) == len(nodes) == G.number_of_nodes() == 3 + 6 + 5
    assert sorted(label for _, label in nodes).count("0") == 5
    assert len(edges) == G.number_of_edges() == 6 * 3
    # the real edges, by label: those of the hand-worked example
    real = sorted((ids[u], ids[v]) for u, v in edges if ids[u] != "0")
    assert real == [
        ("x1", "s1"),
        ("x1", "s2"),
        ("x2", "s2"),
        ("x2", "s3"),
        ("x2", "s4"),
        ("x3", "s4"),
        ("x3", "s5"),
        ("x3", "s6"),
    ]


def parse_token(text):
    """The position an id token writes: axes joined by '_', 'm' for minus, 'd' for a fraction bar."""
    return tuple(Fraction(part.replace("m", "-").replace("d", "/")) for part in text.split("_"))


def test_ids_of_inserted_zeros_write_their_fractions():
    # strides (2, 3): zeros inserted at halves along the first axis, at thirds along the second
    G = connectivity_graph((2, 4), [transposed(2, (2, 3), ndim=2)], include_padding=True)
    zeros = {v[1] for v in G if G.nodes[v]["padding"]}
    half, third = Fraction(1, 2), Fraction(1, 3)
    assert {(half, 3), (1, 2 * third), (-half, -third)} <= zeros
    text = graphs.to_mermaid(G)
    ids = re.findall(r"^\s*(\w+)\(\((?:\w+|\"[^\"]*\")\)\)$", text, re.MULTILINE)
    assert len(ids) == len(set(ids)) == G.number_of_nodes()
    assert {"xp1d2_3", "xp1_2d3", "xpm1d2_m1d3"} <= set(ids)
    # every zero's id reads back as its position, none needed a '_' appended to be unique
    assert {parse_token(ident[2:]) for ident in ids if ident.startswith("xp")} == zeros
    assert not any(ident.endswith("_") for ident in ids)
    # DOT and TikZ name the nodes alike
    assert re.search(r"^\s*xp1d2_3 \[", graphs.to_dot(G), re.MULTILINE)
    assert "(xp1_2d3) at" in graphs.to_tikz(G)
    # integer positions keep their ids: the zeros padded around a forward layer's input
    forward = graphs.to_mermaid(connectivity_graph(3, [(3, 1, 1)], include_padding=True))
    assert re.findall(r"^\s*(xp\w*)\(\(0\)\)$", forward, re.MULTILINE) == ["xpm1", "xp3"]


def test_matplotlib_draws_every_unit_zero_and_edge():
    G = connectivity_graph(3, [transposed(3, 2, 1, a=1)], include_padding=True)
    drawing = graphs.draw(G)
    assert len(drawing.nodes[0].get_offsets()) == 3 + 6
    assert len(drawing.padding[0].get_offsets()) == 5
    assert len(drawing.edges[0].get_segments()) == G.number_of_edges()
    drawn = {tuple(map(float, xy)) for xy in drawing.padding[0].get_offsets()}
    assert len(drawn) == 5  # no two zeros on top of each other
    assert sorted(t.get_text() for t in drawing.labels).count("0") == 5
    drawing.figure.clear()


# --------------------------------------------------------------------------- errors


def test_transposed_errors_name_the_layer():
    with pytest.raises(sc.SymconvError, match=r"layers\[0\]: padding: pads 2\+2 remove the whole transposed output"):
        connectivity_graph(1, [transposed(3, 1, 2)])
    with pytest.raises(sc.SymconvError, match=r'layers\[1\]: padding: "same" is not defined for transposed'):
        connectivity_graph(5, [(3, 1, 1), {"kernel_size": 3, "padding": "same", "transposed": True}])
    with pytest.raises(sc.SymconvError, match=r"layers\[0\]: output_padding: expected an int smaller than stride"):
        connectivity_graph(5, [{"kernel_size": 3, "stride": 2, "output_padding": 2, "transposed": True}])
    a = sympy.Symbol("a", integer=True, nonnegative=True)
    with pytest.raises(TypeError, match=r"layers\[0\]: a graph needs concrete sizes"):
        connectivity_graph(5, [transposed(3, 2, a=a)])
    up = Layer(transposed(2, 2), name="up", kind="pool")
    with pytest.raises(
        sc.SymconvError,
        match=r"layers\[1\]: kind: expected kind='conv' for a transposed layer \(nothing in symconv computes a "
        r"transposed pooling\), got kind='pool' in Layer\(.*name='up', kind='pool'\)",
    ):
        connectivity_graph(3, [(1, 1, 0), up])
    # 10 inputs upsampled to 21 outputs of 3 taps: at most 63 edges
    with pytest.raises(sc.SymconvError, match=r"max_edges: the graph would have more than 20 edges \(reached 63 at "):
        connectivity_graph(10, [transposed(3, 2)], max_edges=20)


def test_max_edges_bounds_the_zeros_of_the_construction():
    # per axis the construction holds the 2 inputs (stride 1: nothing inserted) and d(k-1) - p = 3000 - 1500 zeros
    # on each side: 3002 slots, 3002**2 - 4 zeros; o' = (2 - 1) - 2*1500 + 3000 + 1 = 2 outputs per axis
    layer = {"kernel_size": 2, "stride": 1, "dilation": 3000, "padding": 1500, "transposed": True}
    zeros = 3002**2 - 4
    with pytest.raises(
        sc.SymconvError,
        match=rf"max_edges: the graph would have more than 2000000 nodes \(reached {zeros + 4 + 4} at layers\[0\], "
        rf"whose input has {zeros} zero-padding nodes; .*less padding or dilation, include_padding=False or raise",
    ):
        connectivity_graph((2, 2), [layer], include_padding=True)
    assert connectivity_graph((2, 2), [layer]).number_of_nodes() == 4 + 4


@given(**one_d_geometry)
def test_max_edges_bounds_the_nodes_exactly(n, k, s, pb, pa, d, a):
    G, _ = drawn_graph(n, k, s, pb, pa, d, a, include_padding=True)
    nodes, edges = G.number_of_nodes(), G.number_of_edges()
    layers = [transposed(k, s, ((pb, pa),), d, a)]
    assert connectivity_graph(n, layers, include_padding=True, max_edges=max(nodes, edges)).number_of_nodes() == nodes
    if edges < nodes:
        with pytest.raises(sc.SymconvError, match=rf"more than {nodes - 1} nodes \(reached {nodes} at layers\[0\],"):
            connectivity_graph(n, layers, include_padding=True, max_edges=nodes - 1)


@pytest.mark.parametrize(
    "shape, layers",
    [
        # geometries with more zeros than edges (kernel 1, large dilations), so that the node bound is the one reached
        ((3, 4), [transposed(1, (2, 3), 0, 1, (1, 2), ndim=2)]),
        ((2, 3), [transposed(2, 2, ((1, 0), (0, 2)), 12, 1, ndim=2)]),
        ((5, 4), [(2, 2, 2, 5), transposed(2, 3, 1, 7, ndim=2)]),
        ((9, 8), [(2, 2, 1), pool(2, ndim=2), transposed(2, 3, 1, 9, ndim=2)]),
    ],
)
def test_max_edges_bounds_the_nodes_of_a_two_dimensional_stack_exactly(shape, layers):
    G = connectivity_graph(shape, layers, include_padding=True)
    nodes, edges = G.number_of_nodes(), G.number_of_edges()
    assert edges < nodes
    with pytest.raises(
        sc.SymconvError, match=rf"more than {nodes - 1} nodes \(reached {nodes} at layers\[{len(layers) - 1}\]"
    ):
        connectivity_graph(shape, layers, include_padding=True, max_edges=nodes - 1)
    assert connectivity_graph(shape, layers, include_padding=True, max_edges=nodes).number_of_nodes() == nodes

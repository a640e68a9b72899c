"""symconv.models.network: the builder's shapes and counts by hand, and its refusals."""

from __future__ import annotations

import networkx as nx
import pytest

from symconv import Geometry, SymconvError
from symconv.models import NetworkBuilder
from symconv.models.network import KINDS, check_network, layer_label


def test_shapes_and_counts_by_hand():
    b = NetworkBuilder()
    x = b.input("x", (2, 3, 11, 10))
    c = b.conv("c", x, Geometry((3, 5), stride=2, padding=((1, 0), (2, 2)), ndim=2), 8)
    # (11 + 1 - 3) // 2 + 1 = 5, (10 + 4 - 5) // 2 + 1 = 5
    assert b.graph.nodes[c]["output_shape"] == (2, 8, 5, 5)
    assert b.graph.nodes[c]["params"] == 8 * 3 * 15 + 8
    assert b.graph.nodes[c]["macs"] == 5 * 5 * 8 * 3 * 15
    t = b.conv("t", c, Geometry(4, stride=2, padding=1, groups=2, transposed=True, ndim=2), 4, bias=False)
    # (5 - 1) * 2 - 2 + 4 = 10; scatter MACs: 5 * 5 * 8 * (4 / 2) * 16
    assert b.graph.nodes[t]["output_shape"] == (2, 4, 10, 10)
    assert b.graph.nodes[t]["params"] == 8 * 2 * 16 and b.graph.nodes[t]["macs"] == 25 * 8 * 2 * 16
    p = b.pool("p", t, Geometry(3, stride=2, ceil_mode=True, ndim=2), mode="avg")
    assert b.graph.nodes[p]["output_shape"] == (2, 4, 5, 5) and b.graph.nodes[p]["params"] == 0  # ceil(7/2)+1
    u = b.upsample("u", p, (2, 3))
    assert b.graph.nodes[u]["output_shape"] == (2, 4, 10, 15)
    q = b.pad("q", u, ((0, 1), (2, 3)))
    assert b.graph.nodes[q]["output_shape"] == (2, 4, 11, 20)
    g = b.global_pool("g", q)
    assert b.graph.nodes[g]["output_shape"] == (2, 4, 1, 1) and b.graph.nodes[g]["macs"] == 4 * 220
    f = b.flatten("f", g)
    d = b.dense("d", f, 3)
    assert b.graph.nodes[d]["output_shape"] == (2, 3) and b.graph.nodes[d]["params"] == 15
    G = b.build()
    assert list(G) == ["x", "c", "t", "p", "u", "q", "g", "f", "d"] and G.graph["outputs"] == ["d"]
    assert list(nx.topological_sort(G)) == list(G)
    assert {G.nodes[v]["kind"] for v in G} <= set(KINDS)


def test_merges_broadcast_and_concat():
    b = NetworkBuilder()
    x = b.input("x", (1, 4, 6, 6))
    g = b.global_pool("g", x)
    m = b.merge("m", [x, g], op="Mul")
    assert b.graph.nodes[m]["output_shape"] == (1, 4, 6, 6)
    c = b.concat("cat", [x, m, x], axis=-3)
    assert b.graph.nodes[c]["output_shape"] == (1, 12, 6, 6)
    assert [e for e in b.graph.in_edges(c, data="index")] == [("x", "cat", 2), ("m", "cat", 1)]
    b.output("m", "cat")
    assert b.build().graph["outputs"] == ["m", "cat"]


def test_layer_labels():
    b = NetworkBuilder()
    x = b.input("x", (1, 4, 9, 9))
    b.conv("c", x, Geometry(3, stride=2, padding=((0, 1), (0, 1)), dilation=2, groups=2, ndim=2), 4)
    b.upsample("u", "c", 2)
    b.pad("p", "u", 1)
    G = b.build()
    assert layer_label(G.nodes["c"]) == ["c", "Conv k3 s2 p(0,1)x(0,1) d2 g2", "1x4x3x3"]
    assert layer_label(G.nodes["u"])[1] == "Resize x2"
    assert layer_label(G.nodes["p"])[1] == "Pad p1"


@pytest.mark.parametrize(
    "call, parameter, match",
    [
        (lambda b: b.input("x", (1, 1, 4)), "name", "already in the network"),
        (lambda b: b.input("", (1, 1, 4)), "name", "non-empty"),
        (lambda b: b.input("y", (1, 4)), "shape", "at least one spatial axis"),
        (lambda b: b.input("y", (1, 1, 4, 4)), "shape", "1 spatial axes"),
        (lambda b: b.conv("c", "nowhere", Geometry(3), 1), "source", "already in the network"),
        (lambda b: b.conv("c", "x", Geometry(3, ndim=2), 1), "geometry", "2 spatial axes"),
        (lambda b: b.conv("c", "x", Geometry(5), 1), "kernel_size", "larger than the padded input"),
        (lambda b: b.conv("c", "x", Geometry(3, groups=2), 2), "groups", "divisor"),
        (lambda b: b.conv("c", "x", Geometry(3), 0), "out_channels", "positive"),
        (lambda b: b.pool("p", "x", Geometry(2, stride=2, transposed=True)), "geometry", "cannot be transposed"),
        (lambda b: b.pad("p", "x", -1), "pads", "got -1"),
        (lambda b: b.merge("m", ["x"]), "sources", "at least 2"),
        (lambda b: b.merge("m", ["x", b.conv("c", "x", Geometry(3), 1)]), "sources", "cannot be merged"),
        (lambda b: b.concat("m", ["x", b.conv("c", "x", Geometry(3), 1)]), "sources", "cannot be concatenated"),
        (lambda b: b.concat("m", ["x", "x"], axis=2), "axis", "only the channel axis"),
        (lambda b: b.dense("d", "x", 3), "source", "flatten it first"),
        (lambda b: b.output("nowhere"), "names", "already in the network"),
    ],
)
def test_refusals(call, parameter, match):
    b = NetworkBuilder()
    b.input("x", (1, 1, 4))
    with pytest.raises(SymconvError, match=match) as err:
        call(b)
    assert err.value.parameter == parameter


def test_type_refusals():
    b = NetworkBuilder()
    b.input("x", (1, 1, 4))
    with pytest.raises(TypeError, match="^name: expected a str"):
        b.pass_through(3, "x")
    with pytest.raises(TypeError, match="^geometry: expected a symconv.Geometry"):
        b.conv("c", "x", (3, 1, 1), 1)
    with pytest.raises(TypeError, match="^sources: expected a list"):
        b.merge("m", "x")
    with pytest.raises(TypeError, match="^axis: expected an int"):
        b.concat("m", ["x"], axis=1.0)
    with pytest.raises(TypeError, match="^op: expected a non-empty str"):
        b.pass_through("r", "x", op="")
    with pytest.raises(SymconvError, match="at least one input") as err:
        NetworkBuilder().build()
    assert err.value.parameter == "network"
    with pytest.raises(TypeError, match="network graph"):
        check_network(nx.DiGraph())

"""Connectivity graphs with reflect, replicate and circular padding (issue 13).

The independent route is torch's autograd: the inputs an output of ``nn.Conv1d/2d(padding_mode=...)`` depends on
are those whose gradient is nonzero (with weights that cannot cancel: random positives), and they must be the
graph's in-neighbours of that output.  What is drawn is read from the renderers' text and the matplotlib drawing.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from symconv import SymconvError
from symconv.graphs import connectivity_graph, draw, to_dot, to_mermaid, to_tikz

from _tools import need_module

MODES = ("reflect", "replicate", "circular")


def _torch_reads(size, kernel, stride, padding, dilation, mode):
    """{output position: set of input positions} from autograd of torch's convolution in ``mode``."""
    torch = need_module("torch")
    nd = len(size)
    conv = getattr(torch.nn, f"Conv{nd}d")(1, 1, kernel, stride=stride, padding=padding, dilation=dilation,
                                           padding_mode=mode, bias=False).double()
    with torch.no_grad():
        conv.weight.copy_(torch.rand_like(conv.weight) + 0.5)
    x = torch.zeros((1, 1, *size), dtype=torch.float64, requires_grad=True)
    y = conv(x)
    reads = {}
    for position in itertools.product(*(range(n) for n in y.shape[2:])):
        (grad,) = torch.autograd.grad(y[(0, 0, *position)], x, retain_graph=True)
        reads[position] = {tuple(int(i) for i in p) for p in np.argwhere(grad[0, 0].numpy() != 0)}
    return reads


def _graph_reads(G):
    out = {}
    for v in G:
        if v[0] == 1:
            key = v[1] if isinstance(v[1], tuple) else (v[1],)
            out[key] = {u[1] if isinstance(u[1], tuple) else (u[1],) for u in G.predecessors(v)}
    return out


@pytest.mark.parametrize("mode", MODES)
def test_the_graph_reads_what_torch_reads_in_1d(mode):
    rng = np.random.default_rng(13)
    for _ in range(25):
        n, k, s, d = int(rng.integers(3, 9)), int(rng.integers(1, 4)), int(rng.integers(1, 3)), int(rng.integers(1, 3))
        limit = n - 1 if mode == "reflect" else n
        p = int(rng.integers(0, min(limit, d * (k - 1)) + 1))
        if (n + 2 * p - d * (k - 1) - 1) < 0:
            continue
        G = connectivity_graph(n, [dict(kernel_size=k, stride=s, padding=p, dilation=d, padding_mode=mode)])
        assert _graph_reads(G) == _torch_reads((n,), k, s, p, d, mode), (n, k, s, p, d)


@pytest.mark.parametrize("mode", MODES)
def test_the_graph_reads_what_torch_reads_in_2d(mode):
    G = connectivity_graph((4, 5), [dict(kernel_size=(3, 2), stride=(1, 2), padding=(1, 1), padding_mode=mode)])
    assert _graph_reads(G) == _torch_reads((4, 5), (3, 2), (1, 2), (1, 1), 1, mode)


def test_border_edges_by_hand():
    # x1..x4, kernel 3, padding 1: s1 reads the cell before x1, which holds x2 (reflect), x1 (replicate), x4 (circular)
    def into(G, label):
        node = G.graph["labels"][label]
        return sorted(G.nodes[u]["label"] for u in G.predecessors(node))

    reflect = connectivity_graph(4, [dict(kernel_size=3, padding=1, padding_mode="reflect")])
    replicate = connectivity_graph(4, [dict(kernel_size=3, padding=1, padding_mode="replicate")])
    circular = connectivity_graph(4, [dict(kernel_size=3, padding=1, padding_mode="circular")])
    assert into(reflect, "s1") == ["x1", "x2"] and into(replicate, "s1") == ["x1", "x2"]
    assert into(circular, "s1") == ["x1", "x2", "x4"] and into(circular, "s4") == ["x1", "x3", "x4"]
    # a unit read twice by one output (directly and through the padding) is one edge that records both reads
    edge = reflect.edges[reflect.graph["labels"]["x2"], reflect.graph["labels"]["s1"]]
    assert edge["tap"] == 2 and edge["more_reads"] == [{"tap": 0, "parameter": "w1[0]", "padding_position": -1}]
    wrap = circular.edges[circular.graph["labels"]["x4"], circular.graph["labels"]["s1"]]
    assert wrap["via"] == "circular" and wrap["tap"] == 0 and wrap["padding_position"] == -1
    # zero padding reads nothing there
    zeros = connectivity_graph(4, [dict(kernel_size=3, padding=1)])
    assert into(zeros, "s1") == ["x1", "x2"] and not any("via" in d for *_, d in zeros.edges(data=True))


def test_padding_nodes_show_the_unit_they_copy():
    G = connectivity_graph(4, [dict(kernel_size=3, padding=2, padding_mode="reflect")], include_padding=True)
    padding = {v[1]: G.nodes[v] for v in G if G.nodes[v]["padding"]}
    # reflect about x1 and x4: positions -2, -1 hold x3, x2; positions 4, 5 hold x3, x2
    assert {q: (d["label"], d["copies"]) for q, d in padding.items()} == {
        -2: ("x3", (0, 2)), -1: ("x2", (0, 1)), 4: ("x3", (0, 2)), 5: ("x2", (0, 1))}
    zeros = connectivity_graph(4, [dict(kernel_size=3, padding=2)], include_padding=True)
    assert {zeros.nodes[v]["label"] for v in zeros if zeros.nodes[v]["padding"]} == {"0"}


def test_copied_reads_are_drawn_dashed_in_every_format():
    G = connectivity_graph(4, [dict(kernel_size=3, padding=1, padding_mode="circular")])
    mermaid = [line.strip() for line in to_mermaid(G).splitlines()]
    assert sorted(line for line in mermaid if "-.->" in line) == ["x1 -.-> s4", "x4 -.-> s1"]
    assert sum("-->" in line for line in mermaid) == 10
    dot = to_dot(G)
    assert sorted(line.split("[")[0].strip() for line in dot.splitlines() if "style=dashed" in line) == [
        "x1 -> s4", "x4 -> s1"]
    tikz = to_tikz(G)
    assert sorted(line.split("]")[1].strip() for line in tikz.splitlines() if "dashed" in line and "draw" in line) == [
        "(x1) -- (s4);", "(x4) -- (s1);"]
    drawing = draw(G)
    (edges,) = drawing.edges
    styles = [style for style in edges.get_linestyles()]
    dashed = [segment for segment, style in zip(edges.get_segments(), styles) if style[1] is not None]
    assert len(edges.get_segments()) == 12 and len(dashed) == 2
    # the two dashed segments are the wraps: they span the whole row (x1 under s4, x4 under s1)
    assert sorted(abs(seg[1][0] - seg[0][0]) for seg in dashed) == [3.0, 3.0]
    # zero padding draws no dashed edge
    (plain,) = draw(connectivity_graph(4, [(3, 1, 1)])).edges
    assert all(style[1] is None for style in plain.get_linestyles())


def test_modes_are_refused_where_pytorch_refuses_them():
    with pytest.raises(SymconvError, match=r"reflect padding needs each pad smaller than the input"):
        connectivity_graph(3, [dict(kernel_size=5, padding=3, padding_mode="reflect")])
    with pytest.raises(SymconvError, match=r"padding_mode: transposed convolution pads only with zeros"):
        connectivity_graph(3, [dict(kernel_size=3, stride=2, transposed=True, padding_mode="circular")])
    with pytest.raises(SymconvError, match=r"padding_mode: expected one of"):
        connectivity_graph(3, [dict(kernel_size=3, padding=1, padding_mode="mirror")])


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("include_padding", [False, True])
def test_queries_follow_the_copies(mode, include_padding):
    """Receptive fields through two layers equal torch's (autograd of two stacked convolutions), with the padding
    drawn or not; and an input affects exactly the outputs whose receptive field holds it."""
    from symconv.graphs import affected_nodes, receptive_field_nodes

    torch = need_module("torch")
    layers = [dict(kernel_size=3, padding=1, padding_mode=mode), dict(kernel_size=3, stride=2, padding=1, padding_mode=mode)]
    G = connectivity_graph(7, layers, include_padding=include_padding)
    first = torch.nn.Conv1d(1, 1, 3, padding=1, padding_mode=mode, bias=False).double()
    second = torch.nn.Conv1d(1, 1, 3, stride=2, padding=1, padding_mode=mode, bias=False).double()
    with torch.no_grad():
        first.weight.fill_(1.0)
        second.weight.fill_(1.0)
    x = torch.zeros((1, 1, 7), dtype=torch.float64, requires_grad=True)
    y = second(first(x))
    for o in range(y.shape[-1]):
        (grad,) = torch.autograd.grad(y[0, 0, o], x, retain_graph=True)
        expected = {int(i) for i in np.flatnonzero(grad[0, 0].numpy())}
        field = receptive_field_nodes(G, (2, o), 0, include_padding=include_padding)
        assert {v[1] for v in field if not G.nodes[v]["padding"]} == expected, (o, include_padding)
    for i in range(7):
        reached = affected_nodes(G, (0, i), 2, include_padding=include_padding)
        assert {v[1] for v in reached} == {
            o for o in range(y.shape[-1]) if (0, i) in receptive_field_nodes(G, (2, o), 0)}

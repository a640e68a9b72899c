"""symconv.models.paths: a path of a network as a layer stack for the unit-level tools."""

from __future__ import annotations

import pytest
from _tools import need_module

from symconv import Geometry, SymconvError, receptive_field
from symconv.graphs import receptive_field_nodes
from symconv.models import NetworkBuilder, from_onnx, path_connectivity_graph, path_layers, path_nodes
from symconv.models import receptive_fields


def _fields(G):
    return {f.name: f for f in receptive_fields(G)}


def test_chain_path_gives_the_closed_form_of_symconv_receptive_field():
    need_module("onnx")
    from . import _onnx_nets

    G = from_onnx(_onnx_nets.vgg16(weights="dims"))
    stack = path_layers(G, "pool5")
    assert [layer.name for layer in stack][:3] == ["conv1_1", "conv1_2", "pool1"]
    assert receptive_field(stack)[-1].size == _fields(G)["pool5"].size == (212, 212)


def test_residual_path_follows_the_longest_branch():
    need_module("onnx")
    from . import _onnx_nets

    G = from_onnx(_onnx_nets.resnet_v1((1, 1, 1, 1), weights="dims"))
    last_add = [v for v in G if G.nodes[v]["kind"] == "merge"][-1]
    nodes = path_nodes(G, last_add)
    assert "block4_unit1_conv2" in nodes and not any("shortcut" in v for v in nodes[-4:])
    rf = receptive_field(path_layers(G, last_add))[-1]
    field = _fields(G)[last_add]
    assert (rf.size, rf.stride, rf.padding) == (field.size, field.stride, field.padding)


def test_unit_graph_along_a_path_matches_the_field():
    b = NetworkBuilder()
    x = b.input("x", (1, 1, 40, 9))
    c = b.conv("c1", x, Geometry((3, 1), stride=2, padding=1, ndim=2), 2)
    c = b.pool("p", b.pass_through("relu", c), Geometry((2, 1), stride=2, ndim=2))
    c = b.conv("c2", c, Geometry((3, 1), padding=(1, 0), dilation=2, ndim=2), 2)
    G = b.build()
    field = _fields(G)["c2"]
    unit_graph = path_connectivity_graph(G, "c2", axis=0)
    interior = 0
    for unit in range(G.nodes["c2"]["output_shape"][2]):
        seen = sorted(v[1] for v in receptive_field_nodes(unit_graph, (3, unit), layer=0))
        (start, _), (end, _) = field.region((unit, 0))
        assert start <= seen[0] and seen[-1] <= end
        if 0 <= start and end <= 39:  # inside the input the span is exact (at a border a dilated tap may skip in)
            assert (seen[0], seen[-1]) == (start, end)
        interior += 0 <= start and end <= 39
    assert interior


def test_refusals():
    b = NetworkBuilder()
    x = b.input("x", (1, 1, 8))
    r = b.pass_through("relu", x)
    c = b.conv("c", r, Geometry(3), 1)
    f = b.flatten("flat", c)
    G = b.build()
    for call, parameter, match in [
        (lambda: path_nodes(G, "nowhere"), "target", "expected the name of a layer"),
        (lambda: path_nodes(G, "c", source="nowhere"), "source", "expected the name of a layer"),
        (lambda: path_nodes(G, ["x", "c"]), "target", "is not an edge"),
        (lambda: path_nodes(G, "x", source="c"), "target", "no path"),
        (lambda: path_layers(G, "flat"), "target", "no spatial axes"),
        (lambda: path_layers(G, "relu"), "target", "has no convolution"),
        (lambda: path_layers(G, "c", axis=1), "axis", "spatial axis from 0 to 0"),
    ]:
        with pytest.raises(SymconvError, match=match) as err:
            call()
        assert err.value.parameter == parameter
    assert path_nodes(G, ["x", "relu", "c"]) == ["x", "relu", "c"]

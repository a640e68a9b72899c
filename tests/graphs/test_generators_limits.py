"""Connectivity graphs and diagrams of deep stacks: refused before the layers are read, built in linear time."""

from __future__ import annotations

import time

import pytest

from symconv import SymconvError
from symconv.graphs import (
    affected_nodes,
    connectivity_graph,
    inputs_affecting_diagram,
    outputs_affected_diagram,
    receptive_field_diagram,
    receptive_field_nodes,
)
from symconv.graphs.queries import cone_nodes


class _Stack:
    """A list of ``depth`` layers that counts the layers read (a real list of 10**8 would take 800 MB)."""

    def __init__(self, depth):
        self.depth, self.read = depth, 0

    def __len__(self):
        return self.depth

    def __getitem__(self, index):
        self.read += 1
        return (3, 1, 1)


@pytest.mark.parametrize("depth", [10**7, 10**8, 2**62])
@pytest.mark.parametrize(
    "build", [connectivity_graph, receptive_field_diagram, inputs_affecting_diagram, outputs_affected_diagram]
)
def test_a_huge_depth_is_refused_before_any_layer_is_read(build, depth):
    layers = _Stack(depth)
    start = time.process_time()
    with pytest.raises(SymconvError, match="at least .* nodes") as info:
        build(5, layers)
    assert time.process_time() - start < 0.5
    assert layers.read == 0
    assert info.value.parameter == "max_edges"
    # one unit per layer: after layer j the graph holds 5 + j + 1 nodes, past 2,000,000 from j = 1,999,995
    assert info.value.layer == 2_000_000 - 5


def test_a_real_list_of_a_hundred_million_layers_is_refused_at_once():
    layers = [(3, 1, 1)] * 10**8
    start = time.process_time()
    with pytest.raises(SymconvError, match="100,000,005 nodes"):
        connectivity_graph(5, layers)
    assert time.process_time() - start < 1.0


def test_the_depth_bound_is_exact():
    # one input, kernel 1: every layer has one unit and one edge; 1 + depth nodes, depth edges (a depth past
    # the 10,000 layers that are read before counting)
    depth = 20_000
    layers = [(1, 1, 0)] * depth
    G = connectivity_graph(1, layers, max_edges=1 + depth)
    assert (G.number_of_nodes(), G.number_of_edges()) == (1 + depth, depth)
    with pytest.raises(SymconvError, match="at least 20,001 nodes") as info:
        connectivity_graph(1, layers, max_edges=depth)
    assert info.value.parameter == "max_edges" and info.value.layer == depth - 1


def test_the_depth_check_leaves_other_errors_to_the_stack():
    with pytest.raises(TypeError, match="layers"):
        connectivity_graph(5, "3:1:1")
    with pytest.raises(TypeError, match="layers"):
        connectivity_graph(5, iter([(3, 1, 1)]))


@pytest.mark.parametrize("upward", [True, False])
def test_the_cone_is_the_union_of_the_per_layer_queries(upward):
    G = connectivity_graph(9, [(3, 1, 1), (2, 2, 0), (3, 1, 0), {"kernel_size": 2, "stride": 2, "transposed": True}])
    depth = len(G.graph["sizes"]) - 1
    for start in G.nodes:
        if upward:
            expected = {start}.union(*(affected_nodes(G, start, layer) for layer in range(start[0] + 1, depth + 1)))
        else:
            expected = {start}.union(*(receptive_field_nodes(G, start, layer) for layer in range(start[0])))
        assert cone_nodes(G, start, upward=upward) == expected


def test_diagrams_of_three_thousand_layers_are_built_in_linear_time():
    # 3,000 layers took 38 s when the cone walked every layer once per layer
    layers = [(3, 1, 1)] * 3000
    start = time.process_time()
    down = receptive_field_diagram(5, layers)
    up = outputs_affected_diagram(5, layers, full=False)
    assert time.process_time() - start < 10
    # by hand: 'same' padding keeps 5 units per layer and a 3-tap kernel widens the cone by one unit each side,
    # so the middle unit's cone holds 1 unit in its own layer, 3 in the next and all 5 in the other 2,999
    assert len(down.panels[0].highlight) == 1 + 3 + 5 * 2999
    assert len(up.panels[0].highlight) == 1 + 3 + 5 * 2999

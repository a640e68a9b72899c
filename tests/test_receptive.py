"""Closed-form receptive fields (symconv.receptive_field) against published tables, hand work and the graphs."""

from __future__ import annotations

import random

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import symconv as sc
from symconv.graphs import connectivity_graph, receptive_field_nodes
from symconv.networks import Layer, alexnet, conv, layer_stack, lenet5, pool, vgg16

# TF-Slim end-points in google-research/receptive_field, RECEPTIVE_FIELD_TABLE.md
# (the library of Araujo, Norris & Sim, Distill 2019): end-point -> (RF, effective stride, effective padding)
VGG16_TABLE = {
    "conv1_1": (3, 1, 1),
    "pool1": (6, 2, 2),
    "conv2_1": (10, 2, 4),
    "pool2": (16, 4, 6),
    "conv3_1": (24, 4, 10),
    "conv3_2": (32, 4, 14),
    "pool3": (44, 8, 18),
    "conv4_1": (60, 8, 26),
    "conv4_2": (76, 8, 34),
    "pool4": (100, 16, 42),
    "conv5_1": (132, 16, 58),
    "conv5_2": (164, 16, 74),
    "pool5": (212, 32, 90),
}
ALEXNET_V2_TABLE = {
    "conv1": (11, 4, 0),
    "pool1": (19, 8, 0),
    "conv2": (51, 8, 16),
    "conv3": (99, 16, 32),
    "conv4": (131, 16, 48),
    "conv5": (163, 16, 64),
    "pool5": (195, 32, 64),
}


def by_name(fields):
    return {rf.name: rf for rf in fields}


def test_vgg16_matches_the_published_table():
    fields = by_name(sc.receptive_field(vgg16()))
    for name, (size, stride, padding) in VGG16_TABLE.items():
        assert (fields[name].size, fields[name].stride, fields[name].padding) == (
            (size, size), (stride, stride), (padding, padding),
        ), name
    assert len(fields) == 18
    assert [rf.kind for rf in sc.receptive_field(vgg16())].count("pool") == 5


def test_alexnet_matches_the_published_table():
    fields = by_name(sc.receptive_field(alexnet("tf-slim")))
    for name, (size, stride, padding) in ALEXNET_V2_TABLE.items():
        assert (fields[name].size[0], fields[name].stride[0], fields[name].padding[0]) == (size, stride, padding), name
    # torchvision pads conv1 by 2; the effective stride below conv1 is 1, so every P grows by exactly 2
    torch_fields = by_name(sc.receptive_field(alexnet()))
    for name, (size, stride, padding) in ALEXNET_V2_TABLE.items():
        assert (torch_fields[name].size[0], torch_fields[name].stride[0], torch_fields[name].padding[0]) == (
            size, stride, padding + 2,
        ), name
    with pytest.raises(sc.SymconvError, match="variant: expected 'torchvision' or 'tf-slim', got 'caffe'"):
        alexnet("caffe")


def test_lenet5_follows_the_paper():
    fields = sc.receptive_field(lenet5(), input_size=(32, 32))
    # LeCun et al. 1998: C1 28x28, S2 14x14, C3 10x10, S4 5x5, C5 1x1
    assert [rf.output_size for rf in fields] == [(28, 28), (14, 14), (10, 10), (5, 5), (1, 1)]
    assert fields[-1].size == (32, 32)  # C5 sees the whole input
    assert fields[-1].region((0, 0)) == ((0, 0), (31, 31))
    assert [rf.kind for rf in fields] == ["conv", "pool", "conv", "pool", "conv"]


def test_seed_notes_two_layers():
    # the notes' figure: g3 <- h2, h3, h4 <- x1..x5 (0-based: unit 2 sees inputs 0..4)
    rf = sc.receptive_field([(3, 1, 1), (3, 1, 1)])
    assert [(r.size, r.stride, r.padding) for r in rf] == [(3, 1, 1), (5, 1, 2)]
    assert rf[-1].region(2) == (0, 4)
    assert rf[-1].centre(2) == 2
    assert rf[0].region(0) == (-1, 1)  # s1 reaches one into the left padding


def test_dilation_and_half_integer_centres():
    assert sc.receptive_field([(3, 1, 0, 2), (3, 1, 0, 4)])[-1].size == 1 + 2 * 2 + 2 * 4
    rf = sc.receptive_field([(2, 1, 0)])[0]
    assert rf.centre(0) == 0.5 and rf.centre(3) == 3.5
    # (2, 2, 1) then (2, 1, 0): r = 1 + 1 + 1*2 = 4, P = 1, S = 2; unit 1 sees -1+2 .. 4, centred at 2.5
    deep = sc.receptive_field([(2, 2, 1), (2, 1, 0)])[-1]
    assert (deep.region(1), deep.centre(1)) == ((1, 4), 2.5)


def test_same_padding_and_asymmetric_padding():
    # stride 1: SAME pads are known without the input size
    assert sc.receptive_field([(3, 1, "same"), (5, 1, "same")])[-1].padding == 1 + 2
    # stride 2: SAME pads depend on the input size; i=8, k=3: total pad (4-1)*2+3-8 = 1 -> (0, 1)
    symbolic = sc.receptive_field([(3, 2, "same")])[0].padding
    assert symbolic.free_symbols and symbolic.subs(sympy.Symbol("i", integer=True, positive=True), 8) == 0
    assert symbolic.subs(sympy.Symbol("i", integer=True, positive=True), 7) == 1  # i=7: total 2 -> (1, 1)
    numeric = sc.receptive_field([(3, 2, "same")], input_size=8)[0]
    assert (numeric.padding, numeric.output_size) == (0, 4)
    # asymmetric: the left pad positions the regions
    assert sc.receptive_field([sc.Geometry(3, padding=((0, 2),))])[0].padding == 0
    assert sc.receptive_field([sc.Geometry(3, padding=((2, 0),))])[0].padding == 2


def test_two_and_three_dimensions_work_per_axis():
    layers_2d = [sc.Geometry((3, 5), (1, 2), (1, 2)), sc.Geometry((2, 3), (2, 1), (0, 1), (1, 2))]
    rf = sc.receptive_field(layers_2d)[-1]
    rows = sc.receptive_field([(3, 1, 1), (2, 2, 0, 1)])[-1]
    cols = sc.receptive_field([(5, 2, 2), (3, 1, 1, 2)])[-1]
    assert rf.size == (rows.size, cols.size)
    assert rf.stride == (rows.stride, cols.stride)
    assert rf.padding == (rows.padding, cols.padding)
    assert rf.start((1, 2)) == (rows.start(1), cols.start(2))
    assert rf.end((1, 2)) == (rows.end(1), cols.end(2))
    assert rf.centre((1, 2)) == (rows.centre(1), cols.centre(2))
    three = sc.receptive_field([sc.Geometry((1, 3, 3), 1, 0), ((2, 2, 2), 2, 0)])[-1]
    assert three.size == (2, 4, 4) and three.stride == (2, 2, 2) and three.ndim == 3


def test_two_dimensional_graph_region_is_the_rectangle():
    layers = [sc.Geometry((3, 2), (1, 2), (1, 0)), sc.Geometry((3, 3), (2, 1), (0, 1))]
    G = connectivity_graph((12, 14), layers)
    rf = sc.receptive_field(layers)[-1]
    unit = (2, 3)
    (r0, c0), (r1, c1) = rf.region(unit)
    assert 0 <= r0 and r1 < 12 and 0 <= c0 and c1 < 14
    expected = {(0, (r, c)) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    assert receptive_field_nodes(G, (2, unit)) == expected


# --------------------------------------------------------------------------- against the graphs

layer_strategy = st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(0, 3), st.integers(1, 3))


@given(layers=st.lists(layer_strategy, min_size=1, max_size=4), extra=st.integers(0, 6))
def test_graph_ancestors_of_interior_units_span_the_formula(layers, extra):
    fields = sc.receptive_field(layers)
    top = fields[-1]
    n = top.size + 2 * top.padding + 3 * top.stride + extra
    try:
        G = connectivity_graph(n, layers)
    except sc.SymconvError:
        return  # a kernel larger than a padded intermediate layer: nothing to compare
    contiguous = all(d == 1 for *_, d in layers) and all(k >= s for k, s, *_ in layers[:-1])
    checked = 0
    for j in range(G.graph["sizes"][-1]):
        start, end = top.region(j)
        if start < 0 or end >= n:
            continue
        inputs = sorted(q for _, q in receptive_field_nodes(G, (len(layers), j)))
        assert (inputs[0], inputs[-1]) == (start, end)
        assert len(inputs) <= top.size
        if contiguous:
            assert len(inputs) == top.size
        checked += 1
    assert checked >= 1


@given(layers=st.lists(layer_strategy, min_size=1, max_size=3))
def test_every_layer_entry_agrees_with_its_own_subgraph(layers):
    n = 60
    try:
        G = connectivity_graph(n, layers)
    except sc.SymconvError:
        return
    for depth, rf in enumerate(sc.receptive_field(layers, input_size=n), start=1):
        assert rf.output_size == G.graph["sizes"][depth]
        j = (rf.output_size - 1) // 2
        start, end = rf.region(j)
        if 0 <= start and end < n:
            inputs = [q for _, q in receptive_field_nodes(G, (depth, j))]
            assert (min(inputs), max(inputs)) == (start, end)


# --------------------------------------------------------------------------- symbolic


def test_uniform_symbolic_stack_is_a_geometric_series():
    k, s, p = sympy.symbols("k s p", integer=True, positive=True)
    L = 6
    rf = sc.receptive_field([(k, s, p)] * L)[-1]
    # hand-summed: r = 1 + (k-1)(1 + s + ... + s^(L-1)),  P = p(1 + s + ... + s^(L-1))
    series = (s**L - 1) / (s - 1)
    assert sympy.simplify(rf.size - (1 + (k - 1) * series)) == 0
    assert sympy.simplify(rf.padding - p * series) == 0
    assert rf.stride == s**L
    assert rf.start(0) == -rf.padding
    assert sympy.simplify(rf.centre(0) - (-rf.padding + (rf.size - 1) / 2)) == 0


def test_symbolic_dilation_uses_the_span():
    k, d = sympy.symbols("k d", integer=True, positive=True)
    rf = sc.receptive_field([(k, 1, 0, d), (3, 1, 0)])[-1]
    assert sympy.expand(rf.size - (d * (k - 1) + 1 + 2)) == 0


def test_deep_symbolic_stack_specialises_to_the_numeric_one():
    L = 200
    ks = sympy.symbols(f"k1:{L + 1}", integer=True, positive=True)
    ss = sympy.symbols(f"s1:{L + 1}", integer=True, positive=True)
    ps = sympy.symbols(f"p1:{L + 1}", integer=True, nonnegative=True)
    symbolic = sc.receptive_field(list(zip(ks, ss, ps)))
    rng = random.Random(4)
    # strides of 1 except a few 2s keep the numbers readable; kernels and pads random
    values = [(rng.randint(1, 5), rng.choice([1] * 9 + [2]), rng.randint(0, 2)) for _ in range(L)]
    numeric = sc.receptive_field(values)
    env = {}
    for (k, s, p), (kv, sv, pv) in zip(zip(ks, ss, ps), values):
        env.update({k: kv, s: sv, p: pv})
    for depth in (0, 9, 99, 199):
        assert symbolic[depth].size.xreplace(env) == numeric[depth].size
        assert symbolic[depth].stride.xreplace(env) == numeric[depth].stride
        assert symbolic[depth].padding.xreplace(env) == numeric[depth].padding
    assert len(symbolic[-1].size.args) == L  # one term per layer (k1 merges with the leading 1)


# --------------------------------------------------------------------------- layer stacks and bad input


def test_named_stacks_and_layer_records():
    fields = sc.receptive_field({"c1": (5, 1, 0), "s2": pool(2), "c3": conv(3, name="ignored")})
    assert [(rf.name, rf.kind, rf.size) for rf in fields] == [("c1", "conv", 5), ("s2", "pool", 6), ("c3", "conv", 10)]
    assert Layer(dict(kernel_size=2, stride=2, ceil_mode=True)).kind == "pool"
    assert [layer.geometry.ndim for layer in layer_stack([(3, 1, 1), ((2, 2), 2, 0)])] == [2, 2]


@pytest.mark.parametrize(
    "layers, error, match",
    [
        ([], sc.SymconvError, "layers: expected at least one layer, got an empty stack"),
        ({}, sc.SymconvError, "layers: expected at least one layer"),
        ([(3, 1)], sc.SymconvError, r"layers\[0\]: layer: expected a Geometry, a dict .* got \(3, 1\)"),
        ([(3, 1, 1), "pool"], TypeError, r"layers\[1\]: expected a Geometry, a Layer.*got str 'pool'"),
        ([(3, 0, 1)], sc.SymconvError, r"layers\[0\]: stride: expected a positive int, got 0"),
        ((3, 1, 1), sc.SymconvError, r"to give one layer, wrap it in a list"),
        (5, TypeError, r"layers: expected a list of layers or a mapping"),
        ([sc.Geometry(3, 2, transposed=True)], sc.SymconvError, r"layers\[0\]: expected a convolution or pooling layer"),
        ([sc.Geometry(3, ndim=2), sc.Geometry(3)], sc.SymconvError, r"layers\[1\]: expected a layer with 2 spatial axes"),
    ],
)
def test_bad_stacks(layers, error, match):
    with pytest.raises(error, match=match):
        sc.receptive_field(layers)


def test_bad_input_size_and_index():
    with pytest.raises(sc.SymconvError, match=r"layers\[1\]: kernel_size: effective kernel 5 .* larger than the padded input 3"):
        sc.receptive_field([(3, 1, 0), (5, 1, 0)], input_size=5)
    with pytest.raises(sc.SymconvError, match=r"input_size: expected an int or a tuple of 2 ints"):
        sc.receptive_field(vgg16(), input_size=(224, 224, 3))
    rf = sc.receptive_field(vgg16())[-1]
    with pytest.raises(sc.SymconvError, match=r"index: expected a tuple of 2 ints \(one per axis\), got 3"):
        rf.start(3)
    with pytest.raises(TypeError, match="name: expected a str or None"):
        Layer((3, 1, 1), name=3)
    with pytest.raises(sc.SymconvError, match=r"kind: expected one of \('conv', 'pool'\), got 'fc'"):
        Layer((3, 1, 1), kind="fc")


def test_public_name_is_lazy():
    import symconv.receptive

    assert sc.receptive_field is symconv.receptive.receptive_field

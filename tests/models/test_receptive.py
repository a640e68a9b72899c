"""Receptive fields through network graphs, checked against autograd and the published table.

Independent routes: (a) the exact input region a unit depends on, read from the gradient of that unit in
PyTorch (positive weights, average pools, so the gradient is nonzero exactly on the region); (b) the table of
Araujo et al., "Computing receptive fields of convolutional neural networks", Distill 2019 (TF-Slim models at
224x224: VGG-16 212 / stride 32 / padding 90, MobileNet v1 315 / 32 / 126, ResNet-50 v1 483 / 32 / 239,
ResNet-101 v1 1027 / 32 / 511, ResNet-152 v1 1507 / 32 / 751).
"""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest
from _tools import need_module

from symconv import Geometry, SymconvError
from symconv.models import (
    NetworkBuilder,
    alignment_report,
    from_onnx,
    from_torch,
    receptive_field_rows,
    receptive_field_table,
    receptive_fields,
)


def _last(G):
    return {f.name: f for f in receptive_fields(G)}[G.graph["outputs"][0]]


# -- published values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "net, expected",
    [("vgg16", (212, 32, 90)), ("mobilenet_v1", (315, 32, 126)), ("resnet_v1", (483, 32, 239)),
     ("resnet_v1_101", (1027, 32, 511)), ("resnet_v1_152", (1507, 32, 751))],
)
def test_published_receptive_fields_from_onnx_graphs(net, expected):
    need_module("onnx")
    from . import _onnx_nets

    depths = {"resnet_v1_101": (3, 4, 23, 3), "resnet_v1_152": (3, 8, 36, 3)}
    if net in depths:
        model = _onnx_nets.resnet_v1(depths[net], weights="dims")
    else:
        model = getattr(_onnx_nets, net)(weights="dims")
    field = _last(from_onnx(model))
    size, stride, padding = expected
    assert field.size == (size, size) and field.stride == (stride, stride) and field.padding == (padding, padding)
    assert field.aligned is True


@pytest.mark.parametrize("net, expected", [("VGG16", 212), ("MobileNetV1", 315), ("ResNetV1", 483)])
def test_published_receptive_fields_from_torch_modules(net, expected):
    need_module("torch")
    from . import _torch_nets

    field = _last(from_torch(getattr(_torch_nets, net)(), (1, 3, 224, 224)))
    assert field.size == (expected, expected) and field.stride == (32, 32)


# -- autograd ----------------------------------------------------------------------------------------


def _clipped(field, unit, spatial):
    start, end = field.region(unit)
    return tuple((max(math.ceil(a), 0), min(math.floor(b), n - 1)) for a, b, n in zip(start, end, spatial))


@pytest.mark.parametrize(
    "net, shape, units",
    [
        ("VGG16", (1, 3, 240, 240), [(3, 3), (0, 0), (6, 5)]),
        ("MobileNetV1", (1, 3, 352, 352), [(5, 5), (0, 10)]),
        ("ResNetV1", (1, 3, 544, 544), [(8, 8), (0, 16)]),
        ("Inception", (1, 8, 35, 35), [(17, 17), (0, 0), (34, 1)]),
    ],
)
def test_forward_networks_match_the_gradient_region(net, shape, units):
    """For networks without transposed layers the formula region (clipped to the input) is exact."""
    need_module("torch")
    from . import _torch_nets as T

    module = getattr(T, net)(**({"pool": "avg"} if net in ("VGG16", "ResNetV1") else {}))
    if net == "MobileNetV1":
        module = T.MobileNetV1(size=shape[2])
    if net == "ResNetV1":
        module = T.ResNetV1(size=shape[2], pool="avg")
    module = T.positive(module)
    field = _last(from_torch(module, shape))
    for unit in units:
        span, out_shape = T.dependence_span(module, shape, unit)
        assert out_shape == field.output_shape
        assert span == _clipped(field, unit, shape[2:]), unit


def test_decoder_region_contains_every_unit_and_is_tight():
    """Through transposed layers the fractional span contains each unit's exact region, and over the
    units sharing a decoder phase each end of the span is reached by some unit (no smaller span would do)."""
    need_module("torch")
    from . import _torch_nets as T

    shape = (1, 1, 64, 64)
    module = T.positive(T.UNet(pool="avg"))
    field = _last(from_torch(module, shape))
    assert field.size == (29, 29) and field.stride == (1, 1) and field.padding == (14, 14)
    low_gap, high_gap = set(), set()
    for o in range(28, 36):
        (rows, cols), _ = T.dependence_span(module, shape, (o, o))
        (start, _), (end, _) = field.start((o, o)), field.end((o, o))
        assert start <= rows[0] and rows[1] <= end and rows == cols
        low_gap.add(rows[0] - start)
        high_gap.add(end - rows[1])
    assert min(low_gap) == 0 and min(high_gap) == 0


def test_unit_regions_of_a_transposed_layer_round_inwards():
    """A stride-2 transposed conv (k=3, p=1) by hand: output o reads inputs i with o = 2i + t - 1, t in 0..2."""
    b = NetworkBuilder()
    up = b.conv("up", b.input("x", (1, 1, 10)), Geometry(3, stride=2, padding=1, transposed=True), 1)
    field = receptive_fields(b.build())[-1]
    assert field.size == (2,) and field.stride == (Fraction(1, 2),) and field.padding == (Fraction(1, 2),)
    for o in range(19):
        exact = [i for i in range(10) if 0 <= o - 2 * i + 1 <= 2]
        start, end = field.start(o)[0], field.end(o)[0]
        assert (math.ceil(start), math.floor(end)) == (min(exact), max(exact))


def test_nearest_upsampling_is_a_fractional_stride():
    b = NetworkBuilder()
    x = b.input("x", (1, 1, 5, 5))
    c = b.conv("c", x, Geometry(3, stride=2, ndim=2), 1)
    u = b.upsample("up", c, 2)
    field = receptive_fields(b.build())[-1]
    # conv: r 3, S 2, P 0; upsampling by 2 adds S (2-1)/2 = 1 to r and S (2-1-0)/2 = 1 to P, halves S
    assert field.stride == (1, 1) and field.size == (4, 4) and field.padding == (1, 1)
    # output unit o repeats conv unit o // 2, which sees inputs 2(o // 2) .. 2(o // 2) + 2:
    # the span o-1 .. o+2 holds it, its start reached by odd o and its end by even o
    for o in range(4):
        start, end = field.start((o, o))[0], field.end((o, o))[0]
        exact = (2 * (o // 2), 2 * (o // 2) + 2)
        assert start <= exact[0] and exact[1] <= end
        assert (start == exact[0]) == (o % 2 == 1) and (end == exact[1]) == (o % 2 == 0)


# -- branches ---------------------------------------------------------------------------------------


def _two_branches(pad_a, pad_b, stride_b=1, size=32):
    b = NetworkBuilder()
    x = b.input("x", (1, 1, size))
    a = b.conv("a", x, Geometry(3, padding=pad_a), 1)
    c = b.conv("c", x, Geometry(3, stride=stride_b, padding=pad_b), 1)
    return b, a, c


def test_union_of_branches_by_hand():
    b, a, c = _two_branches(1, 1)
    w = b.conv("wide", a, Geometry(5, padding=2), 1)
    b.merge("sum", [w, c])
    field = receptive_fields(b.build())[-1]
    # a -> wide: r = 3 + 4 = 7, P = 1 + 2 = 3; c: r = 3, P = 1; both centred on the unit
    assert (field.size, field.stride, field.padding, field.aligned) == ((7,), (1,), (3,), True)


def test_misaligned_branches_are_reported_and_propagate():
    b, a, c = _two_branches(1, (2, 0))
    s = b.merge("sum", [a, c])
    b.pass_through("relu", s, op="Relu")
    fields = receptive_fields(b.build())
    by_name = {f.name: f for f in fields}
    # a sees u-1..u+1, c sees u-2..u: the span u-2..u+1
    assert by_name["sum"].size == (4,) and by_name["sum"].padding == (2,)
    assert by_name["sum"].aligned is False and by_name["relu"].aligned is False
    assert by_name["a"].aligned is True
    report = alignment_report(b.build())
    assert report == ["'sum' is not aligned: axis 0: centres differ: 0 (from 'a'), -1 (from 'c')"]
    assert "'sum' is not aligned" in receptive_field_table(b.build())


def test_branches_with_different_strides_cannot_be_aligned():
    b = NetworkBuilder()
    x = b.input("x", (1, 1, 8))
    a = b.conv("a", x, Geometry(1, stride=2), 1)  # 4 units, stride 2
    c = b.conv("c", x, Geometry(3, stride=1, padding=0, dilation=2), 1)  # 4 units, stride 1
    b.merge("sum", [a, c])
    with pytest.raises(SymconvError, match=r"^network: the branches into 'sum' cannot be aligned") as err:
        receptive_fields(b.build())
    assert err.value.parameter == "network"


def test_broadcast_branch_is_not_aligned():
    b = NetworkBuilder()
    x = b.input("x", (1, 4, 8, 8))
    g = b.global_pool("gap", x)
    s = b.merge("scale", [x, g], op="Mul")
    field = receptive_fields(b.build())[-1]
    assert field.aligned is False and field.size == (8, 8)
    assert "broadcast" in field.misalignment[0]


def test_concat_of_branches_takes_the_span():
    b = NetworkBuilder()
    x = b.input("x", (1, 2, 9, 9))
    a = b.conv("a", x, Geometry(1, ndim=2), 3)
    c = b.conv("c", x, Geometry(5, padding=2, ndim=2), 4)
    b.concat("cat", [a, c])
    field = receptive_fields(b.build())[-1]
    assert field.output_shape == (1, 7, 9, 9) and field.size == (5, 5) and field.aligned is True


def test_flatten_and_dense_see_the_whole_map():
    b = NetworkBuilder()
    x = b.input("x", (1, 1, 6))
    c = b.conv("c", x, Geometry(3), 2)  # 4 units, r = 3
    f = b.flatten("flat", c)
    b.dense("fc", f, 10)
    fields = receptive_fields(b.build())
    assert fields[-2].size == (6,) and fields[-1].size == (6,) and fields[-1].padding == (0,)


def test_symbolic_sizes_flow_through():
    sympy = pytest.importorskip("sympy")
    h = sympy.Symbol("h", integer=True, positive=True)
    b = NetworkBuilder()
    x = b.input("x", (1, 1, h))
    c = b.conv("c", x, Geometry(3, stride=2, padding="same"), 1)
    field = receptive_fields(b.build())[-1]
    assert field.output_shape[2] == sympy.ceiling(h / 2)
    assert field.size == (3,) and field.stride == (2,)
    # SAME with stride 2: the pad before is floor(total / 2), total = max(0, 2 ceil(h/2) + 1 - h)
    for value in (5, 6, 7, 8):
        concrete = NetworkBuilder()
        concrete.conv("c", concrete.input("x", (1, 1, value)), Geometry(3, stride=2, padding="same"), 1)
        expected = receptive_fields(concrete.build())[-1].padding[0]
        assert sympy.simplify(field.padding[0].subs(h, value)) == expected


def test_rows_are_json_ready():
    b = NetworkBuilder()
    x = b.input("x", (1, 1, 8))
    b.conv("up", x, Geometry(2, stride=2, transposed=True), 1)
    rows = receptive_field_rows(b.build())
    assert json.loads(json.dumps(rows)) == rows
    assert rows[-1]["effective_stride"] == ["1/2"] and rows[-1]["output_shape"] == [1, 1, 16]
    assert set(rows[0]) >= {"name", "op", "output_shape", "rf_size", "effective_stride", "effective_padding",
                            "aligned"}


def test_refusals():
    with pytest.raises(TypeError, match="network graph"):
        receptive_fields([(3, 1, 1)])
    b = NetworkBuilder()
    b.conv("c", b.input("x", (1, 1, 8, 8)), Geometry(3, ndim=2), 1)
    field = receptive_fields(b.build())[-1]
    with pytest.raises(SymconvError, match=r"^index: expected a tuple of 2 ints") as err:
        field.region(3)
    assert err.value.parameter == "index"

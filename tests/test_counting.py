"""Parameter and MAC counts against the LeNet-5 paper, hand counts and a plain loop."""

import itertools

import numpy as np
import pytest
import sympy

from _tools import compile_latex, need_module
from symconv import SymconvError, conv_matrix, counting


def _loop_macs(c_in, spatial, c_out, kernel, stride, pads, dilation, groups):
    """Count multiply-accumulates by walking every output, tap and channel (padding taps included)."""
    out_sizes = []
    for i, k, s, (pb, pa), d in zip(spatial, kernel, stride, pads, dilation):
        n = 0
        start = 0
        while start + d * (k - 1) <= i + pb + pa - 1:
            n += 1
            start += s
        out_sizes.append(n)
    macs = 0
    for _ in itertools.product(*(range(n) for n in out_sizes)):
        for _ in range(c_out):
            for _ in itertools.product(*(range(k) for k in kernel)):
                macs += c_in // groups
    return tuple(out_sizes), macs


@pytest.mark.parametrize(
    "c_in, spatial, c_out, kernel, stride, pads, dilation, groups",
    [
        (1, (32, 32), 6, (5, 5), (1, 1), ((0, 0), (0, 0)), (1, 1), 1),
        (4, (7, 9), 6, (3, 2), (2, 1), ((1, 1), (0, 2)), (1, 2), 2),
        (6, (10,), 3, (4,), (3,), ((2, 1),), (2,), 3),
        (2, (4, 5, 6), 4, (2, 3, 1), (1, 2, 2), ((0, 0), (1, 1), (0, 0)), (1, 1, 1), 2),
    ],
)
def test_conv_counts_match_a_loop_and_the_weight_shape(c_in, spatial, c_out, kernel, stride, pads, dilation, groups):
    count = counting.conv((c_in, *spatial), c_out, kernel, stride=stride, padding=pads, dilation=dilation, groups=groups)
    out, macs = _loop_macs(c_in, spatial, c_out, kernel, stride, pads, dilation, groups)
    assert count.output_shape == (c_out, *out)
    assert count.macs == macs
    weight_shape = (c_out, c_in // groups, *kernel)
    assert count.params == int(np.prod(weight_shape)) + c_out


def test_lenet5_matches_the_paper():
    # LeCun et al. 1998, section II.B: trainable parameters and connections per layer
    published = {
        "C1": ((6, 28, 28), 156, 122_304),
        "S2": ((6, 14, 14), 12, 5_880),
        "C3": ((16, 10, 10), 1_516, 151_600),
        "S4": ((16, 5, 5), 32, 2_000),
        "C5": ((120, 1, 1), 48_120, 48_120),
        "F6": ((84,), 10_164, 10_164),
    }
    rows = {r.layer.name: r for r in counting.lenet5_trace()}
    for name, (shape, params, connections) in published.items():
        assert rows[name].layer.output_shape == shape, name
        assert rows[name].layer.params == params, name
        assert rows[name].connections == connections, name
    # hand counts of the multiply-accumulates
    assert rows["C1"].layer.macs == 28 * 28 * 6 * 25
    assert rows["C3"].layer.macs == 10 * 10 * 60 * 25
    assert rows["C5"].layer.macs == 120 * 16 * 25
    assert rows["output"].layer.params == 850
    assert len(counting.LENET5_C3_TABLE) == 16
    assert sorted(len(maps) for maps in counting.LENET5_C3_TABLE) == [3] * 6 + [4] * 9 + [6]


def test_lenet5_table_renders_every_layer():
    table = counting.count_table(counting.lenet5_trace())
    lines = table.splitlines()
    # S2 and S4 pool: their counts are window operations, and the heading says so
    assert lines[0].startswith("| layer | output shape | params | MACs (pooling: ops) | connections")
    assert len(lines) == 2 + 8
    assert "| C3 | 16 x 10 x 10 | 1,516 | 150,000 | 151,600 |" in table


def test_pooling_counts_operations_not_macs():
    p = counting.pool((3, 8, 8), 2)
    assert (p.unit, p.macs, p.params) == ("ops", 3 * 4 * 4 * 4, 0)  # one comparison or addition per window element
    assert counting.conv((3, 8, 8), 4, 3).unit == counting.dense(10, 2).unit == "MACs"
    heading = lambda rows: counting.count_table(rows).splitlines()[0].split("|")[4].strip()  # noqa: E731
    assert heading([p]) == "ops"
    assert heading([counting.conv((3, 8, 8), 4, 3)]) == "MACs"
    assert heading([counting.conv((3, 8, 8), 4, 3), p]) == "MACs (pooling: ops)"
    assert {row.layer.unit for row in counting.lenet5_trace() if row.layer.name in ("S2", "S4")} == {"ops"}


def test_the_notes_mlp_example():
    mlp, cnn = counting.mlp_vs_conv()
    assert 3 * 3000 * 4000 == 36_000_000
    assert mlp.params == 3.6e9
    assert cnn.params == 100 * 3 * 5 * 5
    assert cnn.output_shape == (100, 3000, 4000)


def test_dense_counts():
    c = counting.dense(120, 84)
    assert (c.params, c.macs, c.output_shape) == (10164, 10080, (84,))


def test_group_convolution_divides_parameters_by_groups():
    full = counting.conv((8, 6, 6), 12, 3, bias=False)
    for g in (1, 2, 4):
        grouped = counting.conv((8, 6, 6), 12, 3, groups=g, bias=False)
        assert grouped.params * g == full.params
        assert grouped.macs * g == full.macs


def test_depthwise_separable_counts_by_hand():
    dw, pw, total = counting.depthwise_separable((32, 16, 16), 64, 3, padding=1, bias=False)
    assert dw.params == 32 * 9 and pw.params == 64 * 32
    assert dw.macs == 16 * 16 * 32 * 9 and pw.macs == 16 * 16 * 64 * 32
    full = counting.conv((32, 16, 16), 64, 3, padding=1, bias=False)
    assert sympy.Rational(total.macs, full.macs) == sympy.Rational(1, 64) + sympy.Rational(1, 9)
    dw2, _, _ = counting.depthwise_separable((3, 8, 8), 6, 3, depth_multiplier=2)
    assert dw2.output_shape == (6, 6, 6) and dw2.params == 6 * 9 + 6


def test_depthwise_separable_ratio_symbolic():
    c, k, h, w, n = sympy.symbols("C_in k H W C_out", positive=True, integer=True)
    _, _, total = counting.depthwise_separable((c, h, w), n, k, padding="same", bias=False)
    full = counting.conv((c, h, w), n, k, padding="same", bias=False)
    assert sympy.simplify(total.macs / full.macs - (1 / n + 1 / k**2)) == 0


def test_spatially_separable_output_matches_full_and_costs_less():
    for shape, k, stride, padding in [((1, 5, 5), 3, 1, 0), ((2, 9, 7), (3, 5), 2, "same"), ((1, 8, 8), 3, 1, 1)]:
        col, row, total = counting.spatially_separable(shape, 4, k, stride=stride, padding=padding, bias=False)
        full = counting.conv(shape, 4, k, stride=stride, padding=padding, bias=False)
        assert total.output_shape == full.output_shape
        kh, kw = (k, k) if isinstance(k, int) else k
        assert total.params == 4 * shape[0] * kh + 4 * 4 * kw  # (C_mid, C_in, kh, 1) then (C_out, C_mid, 1, kw)
        assert full.params == 4 * shape[0] * kh * kw
    # single channel 3x3 on 5x5 (the notes' picture): 3*5 outputs x 3 taps, then 3*3 x 3
    col, row, total = counting.spatially_separable((1, 5, 5), 1, 3, bias=False)
    assert (col.macs, row.macs, total.params) == (45, 27, 6)


def test_transposed_counts():
    t = counting.conv_transpose((4, 3, 3), 6, 3, stride=2, padding=1, output_padding=1, groups=2)
    assert t.output_shape == (6, 6, 6)  # (3-1)*2 - 2 + 3 + 1
    assert t.params == 4 * 3 * 9 + 6  # weight (C_in, C_out/g, k, k)
    assert t.macs == 9 * 4 * 3 * 9
    # with no cropping the scatter count equals the forward convolution it transposes
    forward = counting.conv((6, 9, 9), 4, 3, stride=2, groups=2, bias=False)
    back = counting.conv_transpose((4, 4, 4), 6, 3, stride=2, groups=2, bias=False)
    assert back.output_shape == (6, 9, 9)
    assert back.macs == forward.macs and back.params == forward.params


def test_pool_counts():
    p = counting.pool((3, 7, 7), 3, stride=2, padding=1, ceil_mode=True)
    assert p.output_shape == (3, 4, 4) and p.params == 0 and p.macs == 16 * 3 * 9


def test_symbolic_conv_formula():
    c, o, k, h = sympy.symbols("C O k H", positive=True, integer=True)
    count = counting.conv((c, h, h), o, k)
    assert sympy.expand(count.params - (o * c * k**2 + o)) == 0
    assert sympy.expand(count.macs - (h - k + 1) ** 2 * o * c * k**2) == 0


def test_torch_parameter_counts_agree():
    torch = need_module("torch")
    cases = [
        (counting.conv((8, 10, 10), 12, 3, groups=4), torch.nn.Conv2d(8, 12, 3, groups=4)),
        (counting.conv_transpose((6, 5, 5), 4, 3, groups=2), torch.nn.ConvTranspose2d(6, 4, 3, groups=2)),
        (counting.conv((2, 5, 5, 5), 3, (1, 2, 3)), torch.nn.Conv3d(2, 3, (1, 2, 3))),
    ]
    for count, module in cases:
        assert count.params == sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: counting.conv((6, 8, 8), 4, 3, groups=4), r"groups: expected a divisor of the input channels \(6\)"),
        (lambda: counting.conv((8, 8, 8), 6, 3, groups=4), r"groups: expected a divisor of the output channels \(6\)"),
        (lambda: counting.conv_transpose((4, 3, 3), 6, 3, groups=4), r"groups: expected a divisor"),
        (lambda: counting.conv((3,), 4, 3), r"input_shape: expected a tuple \(channels, \*spatial\)"),
        (lambda: counting.conv((3, 4, 4), 0, 3), r"out_channels: expected a positive int, got 0"),
        (lambda: counting.conv((3, 4, 4), 2, 5), r"kernel_size: effective kernel 5"),
        (lambda: counting.spatially_separable((1, 5), 1, 3), r"spatial separability is 2-D"),
        (lambda: counting.depthwise_separable((3, 5, 5), 4, 3, depth_multiplier=0), r"depth_multiplier"),
        (lambda: counting.dense(0, 3), r"in_features: expected a positive int"),
    ],
)
def test_bad_values(call, match):
    with pytest.raises(SymconvError, match=match):
        call()


def test_bad_kinds():
    with pytest.raises(TypeError, match="bias: expected a bool"):
        counting.dense(3, 4, bias=1)
    with pytest.raises(TypeError, match="out_channels: expected a positive int"):
        counting.conv((3, 4, 4), 2.0, 3)
    with pytest.raises(TypeError, match="rows: expected LayerCount"):
        counting.count_table([("a", 1)])


def test_macs_are_the_nonzeros_of_the_convolution_matrix():
    # with no padding every multiply-accumulate is one nonzero of C (random weights have no zeros)
    rng = np.random.default_rng(0)
    c1 = counting.conv((1, 32, 32), 6, 5)
    assert conv_matrix((1, 32, 32), rng.uniform(1, 2, size=(6, 1, 5, 5))).nnz == c1.macs
    # C3 with the paper's connection table: zero the weights of unconnected map pairs
    mask = np.zeros((16, 6, 1, 1))
    for out_map, maps in enumerate(counting.LENET5_C3_TABLE):
        mask[out_map, list(maps)] = 1
    w = rng.uniform(1, 2, size=(16, 6, 5, 5)) * mask
    rows = {r.layer.name: r.layer for r in counting.lenet5_trace()}
    assert np.count_nonzero(conv_matrix((6, 14, 14), w).data) == rows["C3"].macs  # stored zeros do not count
    g = counting.conv((4, 9, 8), 6, (3, 2), stride=(2, 1), dilation=(1, 3), groups=2)
    assert conv_matrix((4, 9, 8), rng.uniform(1, 2, size=(6, 2, 3, 2)), stride=(2, 1), dilation=(1, 3), groups=2).nnz == g.macs


def test_counting_report():
    report = counting.counting_report()
    md = report.to_markdown()
    assert md.startswith("# Counting parameters and multiply-accumulates")
    assert "| dense (MLP hidden layer) | 100 | 3,600,000,000 | 3,600,000,000 |" in md
    assert "| depthwise-separable | 128 x 56 x 56 | 8,768 | 27,496,448 |" in md  # 64*9 + 128*64 weights
    latex = report.to_latex(standalone=True)
    assert r"C3 & 16 $\times$ 10 $\times$ 10 & 1,516 & 150,000 & 151,600" in latex
    assert compile_latex(latex).startswith(b"%PDF")

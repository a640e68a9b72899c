"""Pages for a user's own geometry (``symconv.pages.derive``): their numbers against independent routes.

Each page is derived for a few layers -- kernel 4 stride 2 padding 1
transposed, even kernels with "same" padding, dilation 2, groups 2 -- and
what it prints is compared with routes it does not use: windows and
scatters counted one by one here, the numeric backend, the convolution
matrix at random weights, and PyTorch where it is installed.  Then the
pages render in English and Chinese, Markdown and LaTeX (one compiled per
engine), a failing check refuses a page, and every bad request is refused
naming its parameter.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pytest
import sympy

from _tools import compile_latex, need_module

import symconv
from symconv import SymconvError, networks, pages
from symconv.pages import _geometry

CJK = re.compile(r"[\u4e00-\u9fff]")

# the layers of the issue: kernel 4 stride 2 padding 1 transposed; even kernels with "same"; dilation 2; groups 2
TRANSPOSED = dict(input=5, kernel=4, stride=2, padding=1, transposed=True, output_padding=1)
SAME_EVEN = dict(input=7, kernel=4, stride=2, padding="same")
SAME_EVEN_UNIT = dict(input=5, kernel=2, padding="same")
DILATED = dict(input=(7, 9), kernel=3, dilation=2, padding=1)
GROUPED = dict(input=(6, 6), kernel=3, padding=1, channels=(4, 6), groups=2)


def _step(derivation, title):
    return next(step for step in derivation if step.title == title)


def _relation(step, lhs):
    return next(r.rhs for r in step.relations if isinstance(r, sympy.Equality) and r.lhs == sympy.Symbol(lhs))


# ----------------------------------------------------------------------------
# independent routes, written here
# ----------------------------------------------------------------------------


def windows_that_fit(i, k, s, before, after, d=1):
    """Output size of a convolution: slide a window of span d(k-1)+1 by s over the padded input, one by one."""
    span, count, start = d * (k - 1) + 1, 0, 0
    while start + span <= before + i + after:
        count, start = count + 1, start + s
    return count


def scatter_extent(i, k, s, before, after, d=1, a=0):
    """Output size of a transposed convolution: every input cell scatters the kernel, the pads crop, a is added."""
    reached = {j * s + t * d for j in range(i) for t in range(k)}
    return max(reached) + 1 - before - after + a


def same_upper(i, k, s, d=1):
    """ONNX SAME_UPPER: output ceil(i/s), total pad split with the odd cell at the end."""
    total = max((-(-i // s) - 1) * s + d * (k - 1) + 1 - i, 0)
    return total // 2, total - total // 2


def at_random(matrix, symbols, values):
    return np.array(matrix.xreplace({s: sympy.Float(v) for s, v in zip(symbols, values)}).tolist(), dtype=float)


# ----------------------------------------------------------------------------
# shape arithmetic and padding: sizes by counting, by the library and by PyTorch
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("layer", [SAME_EVEN, SAME_EVEN_UNIT, DILATED, dict(input=6, kernel=4, stride=2, padding=1)])
def test_shape_arithmetic_sizes_are_the_windows_that_fit(layer):
    d = pages.derive("shape-arithmetic", **layer)
    geometry = symconv.Geometry(layer["kernel"], layer.get("stride", 1), layer.get("padding", 0),
                                layer.get("dilation", 1), ndim=d.geometry.ndim)
    inputs = d.geometry.input
    pads = geometry.pads(inputs)
    counted = tuple(windows_that_fit(i, k, s, pb, pa, dd) for i, k, s, (pb, pa), dd in
                    zip(inputs, geometry.kernel_size, geometry.stride, pads, geometry.dilation))
    library = symconv.conv_output_size(inputs, geometry.kernel_size, stride=geometry.stride,
                                       padding=layer.get("padding", 0), dilation=geometry.dilation)
    table = _step(d, "The output size of your layer").table
    assert tuple(row[-1] for row in table.rows) == counted == library == d.geometry.output
    assert [tuple(row[4:6]) for row in table.rows] == list(pads)
    if layer.get("padding") == "same":
        assert list(pads) == [same_upper(i, k, s) for i, k, s in zip(inputs, geometry.kernel_size, geometry.stride)]


def test_even_kernels_with_same_padding_put_the_extra_cell_at_the_end():
    for layer, pads in ((SAME_EVEN, (1, 2)), (SAME_EVEN_UNIT, (0, 1))):
        d = pages.derive("padding-stride-dilation", **layer)
        assert d.geometry.pads == (pads,)
        rows = _step(d, "All three at once").table.rows
        assert tuple(rows[0][4:6]) == pads
        assert "'same' padding (ONNX SAME_UPPER)" in d.to_markdown()


def test_shape_arithmetic_of_a_transposed_layer_is_the_scatter_extent():
    d = pages.derive("shape-arithmetic", **TRANSPOSED)
    assert d.geometry.output == (scatter_extent(5, 4, 2, 1, 1, a=1),) == (11,)
    assert symconv.conv_transpose_output_size(5, 4, stride=2, padding=1, output_padding=1) == 11
    rels = _step(d, "The guide's relationships for transposed convolution").table.rows
    assert [row[1] for row in rels] == ["14"]  # the only one with output padding; no dilation, equal sides
    assert str(rels[0][-1]).endswith("= 11")


def test_relationships_that_apply_are_the_ones_whose_conditions_hold():
    # i=5 k=3 s=1 p=1: relationships 2 (unit strides), 3 (half padding), 6 (general), 15 (dilated, d=1)
    d = pages.derive("shape-arithmetic", input=5, kernel=3, padding=1)
    assert [row[1] for row in _step(d, "The guide's relationships that apply").table.rows] == ["2", "3", "6", "15"]
    # dilation 2: only relationship 15 speaks of dilation
    d = pages.derive("shape-arithmetic", **DILATED)
    assert {row[1] for row in _step(d, "The guide's relationships that apply").table.rows} == {"15"}
    # unequal sides: no relationship, the general formula only
    d = pages.derive("shape-arithmetic", input=5, kernel=3, padding=((0, 1),))
    step = _step(d, "The guide's relationships that apply")
    assert step.table is None and "None of them applies" in step.explanation_as("markdown")


def test_window_table_lists_each_window():
    d = pages.derive("shape-arithmetic", input=6, kernel=4, stride=2, padding=1)
    rows = _step(d, "Counting the windows").table.rows
    assert [tuple(r) for r in rows] == [(0, -1, 2), (1, 1, 4), (2, 3, 6)]  # cells -1..6: the padded input


def test_sizes_agree_with_pytorch():
    torch = need_module("torch")
    F = torch.nn.functional
    x = torch.zeros(1, 1, 7)
    d = pages.derive("shape-arithmetic", **SAME_EVEN)
    (pb, pa), = d.geometry.pads
    assert F.conv1d(F.pad(x, (pb, pa)), torch.zeros(1, 1, 4), stride=2).shape[-1] == d.geometry.output[0]
    d = pages.derive("shape-arithmetic", **TRANSPOSED)
    y = F.conv_transpose1d(torch.zeros(1, 1, 5), torch.zeros(1, 1, 4), stride=2, padding=1, output_padding=1)
    assert y.shape[-1] == d.geometry.output[0]
    d = pages.derive("shape-arithmetic", **DILATED)
    assert tuple(F.conv2d(torch.zeros(1, 1, 7, 9), torch.zeros(1, 1, 3, 3), padding=1, dilation=2).shape[2:]) \
        == d.geometry.output
    # PyTorch's own "same" (stride 1) pads an even kernel with the extra cell at the end, as the page says
    d = pages.derive("padding-stride-dilation", **SAME_EVEN_UNIT)
    xx, ww = torch.randn(1, 1, 5, dtype=torch.float64), torch.randn(1, 1, 2, dtype=torch.float64)
    (pb, pa), = d.geometry.pads
    assert torch.allclose(F.conv1d(xx, ww, padding="same"), F.conv1d(F.pad(xx, (pb, pa)), ww))


# ----------------------------------------------------------------------------
# transposed convolution: the page's C^T at random weights against numeric routes
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("layer", [TRANSPOSED, dict(input=(2, 2), kernel=3, stride=2, padding=1),
                                   dict(input=3, kernel=2, dilation=2, padding=((0, 1),), transposed=True)])
def test_transposed_page_matrix_is_the_transposed_convolution(layer):
    d = pages.derive("transposed", **layer)
    g = d.geometry.geometry
    CT = _relation(_step(d, "Transposing the matrix"), "C^{T}")
    weights = sorted(CT.free_symbols, key=str)
    assert len(weights) == math.prod(g.kernel_size)
    rng = np.random.default_rng(1)
    numbers = rng.normal(size=len(weights))
    kernel = np.array([numbers[weights.index(sympy.Symbol(f"w_{{{','.join(map(str, tap))}}}"))]
                       for tap in itertools.product(*map(range, g.kernel_size))]).reshape(1, 1, *g.kernel_size)
    y = rng.normal(size=(1, 1, *d.geometry.input))
    numeric = symconv.numeric.conv_transpose(y, kernel, stride=g.stride, padding=g.padding, dilation=g.dilation,
                                             output_padding=g.output_padding)
    assert np.allclose(at_random(CT, weights, numbers) @ y.ravel(), numeric.ravel())
    # the scatter and the guide's construction, as the page writes them, are the same expressions as C^T y
    CTy = _relation(_step(d, "Transposing the matrix"), "C^{T} y")
    scatter = _step(d, "A scatter").relations[0].rhs
    built = _step(d, "As an ordinary convolution").relations[-1].rhs
    assert all(sympy.expand(a - b) == 0 for a, b in zip(CTy, scatter)) and len(CTy) == len(scatter)
    assert all(sympy.expand(a - b) == 0 for a, b in zip(scatter, built))


def test_transposed_page_agrees_with_pytorch():
    torch = need_module("torch")
    d = pages.derive("transposed", **TRANSPOSED)
    CT = _relation(_step(d, "Transposing the matrix"), "C^{T}")
    w = torch.randn(1, 1, 4, dtype=torch.float64)
    values = {sympy.Symbol(f"w_{{{t}}}"): float(w[0, 0, t]) for t in range(4)}
    y = torch.randn(1, 1, 5, dtype=torch.float64)
    expected = torch.nn.functional.conv_transpose1d(y, w, stride=2, padding=1, output_padding=1)
    got = np.array(CT.subs(values).tolist(), dtype=float) @ y.numpy().ravel()
    assert np.allclose(got, expected.numpy().ravel())


def test_transposed_page_takes_the_transposed_flag_or_none():
    assert pages.derive("transposed", input=3, kernel=2).geometry.transposed
    with pytest.raises(SymconvError, match="transposed: page 'transposed' is about transposed convolution") as error:
        pages.derive("transposed", input=3, kernel=2, transposed=False)
    assert error.value.parameter == "transposed"


# ----------------------------------------------------------------------------
# the convolution matrix: symbolic C at random weights, blocks and sparsity
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("layer", [
    dict(input=(3, 3), kernel=2, channels=(2, 4), groups=2),
    dict(input=7, kernel=3, dilation=2, padding=1),
    dict(input=(3, 4), kernel=(2, 3), stride=(1, 2), padding="same"),
    dict(input=(2, 3), kernel=2, stride=2, transposed=True, channels=(2, 2)),
])
def test_conv_matrix_page_times_x_is_the_numeric_convolution(layer):
    d = pages.derive("conv-matrix", **layer)
    user = d.geometry
    g = user.geometry
    C = _relation(d[0], "C")
    shape = user.weight_shape
    symbols = _geometry.symbols_of("w", shape) if shape[:2] != (1, 1) else \
        _geometry.symbols_of("w", shape[2:]).reshape(shape)
    rng = np.random.default_rng(2)
    w = rng.normal(size=shape)
    x = rng.normal(size=(1, user.channels[0], *user.input))
    routine = symconv.numeric.conv_transpose if g.transposed else symconv.numeric.conv
    extra = {"output_padding": g.output_padding} if g.transposed else {}
    y = routine(x, w, stride=g.stride, padding=g.padding, dilation=g.dilation, groups=g.groups, **extra)
    assert np.allclose(at_random(C, list(symbols.ravel()), w.ravel()) @ x.ravel(), y.ravel())
    # the nonzeros are the links counted one by one: for each output, each tap that reads inside the input
    base, other = (user.input, user.output) if g.transposed else (user.output, user.input)
    links = sum(all(0 <= o * s + t * dd - pb < n for o, t, s, dd, (pb, _), n in
                    zip(cell, tap, g.stride, g.dilation, user.pads, other))
                for cell in itertools.product(*map(range, base))
                for tap in itertools.product(*map(range, g.kernel_size)))
    pairs = user.channels[0] * user.channels[1] // g.groups
    assert sum(1 for e in C if e != 0) == links * pairs


def test_conv_matrix_blocks_rebuild_the_matrix_and_groups_zero_the_cross_blocks():
    d = pages.derive("conv-matrix", input=(3, 3), kernel=2, channels=(2, 4), groups=2)
    grid = _relation(_step(d, "Blocks of channels"), "C")
    # output channels 0, 1 read input channel 0 only; 2, 3 read channel 1 only
    assert [[e != 0 for e in grid.row(r)] for r in range(4)] == [[True, False]] * 2 + [[False, True]] * 2
    step = _step(d, "Blocks of rows: doubly-block Toeplitz")
    layout = step.relations[0].rhs
    B = {r.lhs: r.rhs for r in step.relations[1:]}
    block = sympy.zeros(4, 9)
    for r, c in itertools.product(range(2), range(3)):
        if layout[r, c] != 0:
            block[r * 2:(r + 1) * 2, c * 3:(c + 1) * 3] = B[layout[r, c]]
    assert block == _relation(_step(d, "Blocks of channels"), "C_{0,0}")
    assert layout == sympy.Matrix([[sympy.Symbol("B_{0}"), sympy.Symbol("B_{1}"), 0],
                                   [0, sympy.Symbol("B_{0}"), sympy.Symbol("B_{1}")]])


def test_conv_matrix_page_agrees_with_pytorch():
    torch = need_module("torch")
    d = pages.derive("conv-matrix", **GROUPED | {"input": (3, 3)})
    C = _relation(d[0], "C")
    w = torch.randn(6, 2, 3, 3, dtype=torch.float64)
    symbols = _geometry.symbols_of("w", (6, 2, 3, 3))
    x = torch.randn(1, 4, 3, 3, dtype=torch.float64)
    y = torch.nn.functional.conv2d(x, w, padding=1, groups=2)
    assert np.allclose(at_random(C, list(symbols.ravel()), w.numpy().ravel()) @ x.numpy().ravel(), y.numpy().ravel())


def test_the_default_conv_matrix_page_is_the_guides_example():
    d = pages.derive("conv-matrix")
    assert d.geometry.input == (4, 4) and _relation(d[0], "C").shape == (4, 16)
    assert "input=(4, 4), kernel=3" in d.to_markdown()


# ----------------------------------------------------------------------------
# channels, groups, counts and pooling
# ----------------------------------------------------------------------------


def test_groups_page_counts_against_the_weight_tensor_and_loops():
    d = pages.derive("groups-separable", **GROUPED)
    assert d[0].parameters == 6 * (4 // 2) * 9 + 6
    rows = {row[0]: row[2:] for row in _step(d, "Depthwise then pointwise").table.rows}
    macs = sum(1 for _ in itertools.product(range(6), range(6 * 6), range(4 // 2), range(9)))  # out, cell, in, tap
    assert rows["your grouped convolution"] == (6 * 2 * 9, macs)
    assert rows["full convolution"] == (6 * 4 * 9, 2 * macs)
    worked = _step(d, "Depthwise then pointwise").relations[-1].rhs  # 1/K + 1/C_out with K = 9, C_out = 6
    assert str(worked).endswith("= " + sympy.latex(sympy.Rational(1, 9) + sympy.Rational(1, 6)))


def test_groups_page_counts_agree_with_pytorch():
    torch = need_module("torch")
    d = pages.derive("groups-separable", **GROUPED)
    layer = torch.nn.Conv2d(4, 6, 3, padding=1, groups=2)
    assert d[0].parameters == sum(p.numel() for p in layer.parameters())
    depthwise = torch.nn.Conv2d(4, 4, 3, padding=1, groups=4, bias=False)
    pointwise = torch.nn.Conv2d(4, 6, 1, bias=False)
    rows = {row[0]: row[2:] for row in _step(d, "Depthwise then pointwise").table.rows}
    assert rows["depthwise-separable, both stages"][0] == sum(
        p.numel() for m in (depthwise, pointwise) for p in m.parameters())


def test_channels_page_first_output_is_the_convolution():
    d = pages.derive("channels", input=(5, 5), kernel=3, padding=1, channels=(3, 8))
    first = d[0].relations[-1]
    rng = np.random.default_rng(3)
    x, w = rng.normal(size=(1, 3, 5, 5)), rng.normal(size=(8, 3, 3, 3))
    values = {}
    for symbol in first.rhs.free_symbols:
        name, index = str(symbol)[0], tuple(int(v) for v in str(symbol)[3:-1].split(","))
        values[symbol] = w[index] if name == "W" else x[(0, *index)]
    assert np.isclose(float(first.rhs.subs(values)), symconv.numeric.conv(x, w, padding=1)[0, 0, 0, 0])
    assert len(first.rhs.args) == 3 * 4  # a corner output: 2x2 taps inside the input, per channel


def test_parameter_counting_of_a_transposed_layer_agrees_with_pytorch():
    layer = dict(input=7, kernel=3, stride=2, padding=1, channels=(4, 2), groups=2, transposed=True,
                 output_padding=1)
    d = pages.derive("parameter-counting", **layer)
    macs = 4 * 7 * (2 // 2) * 3  # every input value scatters through every tap to its group's output channels
    rows = _step(d, "Multiply-accumulates").table.rows
    assert rows[0][2:] == (2 * 2 * 3 + 2, macs, 2 * macs)
    torch = need_module("torch")
    module = torch.nn.ConvTranspose1d(4, 2, 3, stride=2, padding=1, output_padding=1, groups=2)
    assert d[0].parameters == sum(p.numel() for p in module.parameters())


def test_pooling_page_writes_the_windows_pytorch_takes():
    d = pages.derive("pooling", input=(4, 5), kernel=3, stride=2, padding=1)
    rows = _step(d, "Output size").table.rows
    assert [(row[-2], row[-1]) for row in rows] == [(2, 3), (3, 3)]  # floor and ceil_mode differ on the first axis
    Y = _step(d, "Max pooling").relations[0].rhs
    torch = need_module("torch")
    x = torch.randn(1, 1, 4, 5, dtype=torch.float64)
    values = {sympy.Symbol(f"X_{{{i},{j}}}"): float(x[0, 0, i, j]) for i in range(4) for j in range(5)}
    pooled = torch.nn.functional.max_pool2d(x, 3, stride=2, padding=1)
    assert np.allclose(np.array(Y.subs(values).tolist(), dtype=float), pooled[0, 0].numpy())
    ceiled = torch.nn.functional.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True)
    assert tuple(ceiled.shape[2:]) == tuple(row[-1] for row in rows)


# ----------------------------------------------------------------------------
# receptive fields of a stack with named layers and pooling
# ----------------------------------------------------------------------------

STACK = {"conv1": (3, 1, 1), "pool1": networks.pool(2), "conv2": (3, 1, 1, 2), "conv3": (3, 2, 0)}


def test_receptive_fields_page_against_the_input_each_unit_depends_on():
    d = pages.derive("receptive-fields", layers=STACK, input=20)
    rows = d[0].table.rows
    assert [(row[0], row[1]) for row in rows] == [("conv1", "conv"), ("pool1", "pool"), ("conv2", "conv"),
                                                   ("conv3", "conv")]
    # an independent route: the input cells a unit depends on, following each layer's windows down by hand
    layers = [(3, 1, 1, 1), (2, 2, 0, 1), (3, 1, 1, 2), (3, 2, 0, 1)]
    for depth, row in enumerate(rows, start=1):
        cells = {0}
        for k, s, p, dd in reversed(layers[:depth]):
            cells = {c * s + t * dd - p for c in cells for t in range(k)}
        span = max(cells) - min(cells) + 1
        assert (row[3], row[5]) == (span, -min(cells)), row  # field size and effective padding of unit 0
        assert row[4] == math.prod(s for _, s, _, _ in layers[:depth])


def test_receptive_fields_page_against_autograd():
    torch = need_module("torch")
    d = pages.derive("receptive-fields", layers=STACK, input=20)
    # average pooling: the same window as the page's pooling layer, and a gradient to every cell of it
    net = torch.nn.Sequential(torch.nn.Conv1d(1, 1, 3, padding=1), torch.nn.AvgPool1d(2),
                              torch.nn.Conv1d(1, 1, 3, padding=1, dilation=2), torch.nn.Conv1d(1, 1, 3, stride=2))
    for module in net:
        if isinstance(module, torch.nn.Conv1d):
            torch.nn.init.constant_(module.weight, 1.0)
    x = torch.rand(1, 1, 20, dtype=torch.float64, requires_grad=True)
    net = net.double()
    out = net(x)
    assert out.shape[-1] == d[0].table.rows[-1][2]
    middle = out.shape[-1] // 2
    out[0, 0, middle].backward()
    reached = torch.nonzero(x.grad[0, 0]).ravel().tolist()
    row = d[0].table.rows[-1]
    start = middle * row[4] - row[5]
    assert start <= min(reached) and max(reached) <= start + row[3] - 1
    assert (min(reached), max(reached)) == (start, start + row[3] - 1)  # the middle unit's field lies inside


def test_receptive_fields_page_needs_the_input_of_a_strided_same_layer():
    with pytest.raises(SymconvError, match="input: the padding of a strided 'same' layer") as error:
        pages.derive("receptive-fields", layers=[(3, 2, "same"), (3, 2, "same")])
    assert error.value.parameter == "input"
    assert pages.derive("receptive-fields", layers=[(3, 1, 1), (3, 1, 1)]).geometry.input is None


# ----------------------------------------------------------------------------
# rendering: both languages, both formats, figures drawn or said to be left out, LaTeX compiled
# ----------------------------------------------------------------------------

DRAWN = {"transposed", "shape-arithmetic", "padding-stride-dilation", "conv-matrix", "receptive-fields",
         "parameter-counting"}
RENDERED = [
    ("transposed", TRANSPOSED), ("shape-arithmetic", SAME_EVEN), ("padding-stride-dilation", DILATED),
    ("groups-separable", GROUPED), ("conv-matrix", dict(input=(3, 3), kernel=2, channels=(2, 2), groups=2)),
    ("receptive-fields", dict(layers=STACK, input=12)), ("pooling", dict(input=5, kernel=2)),
    ("channels", dict(input=6, kernel=3, channels=(2, 3))), ("parameter-counting", dict(input=9, kernel=3)),
]


@pytest.mark.parametrize("name, layer", RENDERED)
def test_pages_render_in_both_languages_and_formats(name, layer):
    d = pages.derive(name, **layer)
    for lang in ("en", "zh"):
        md = d.to_markdown(lang=lang)
        tex = d.to_latex(standalone=True, lang=lang)
        assert bool(CJK.search(md)) == bool(CJK.search(tex)) == (lang == "zh")
        assert md.count("```") % 2 == 0 and md.count("$$") % 2 == 0
        assert tex.count("\\begin{") == tex.count("\\end{") and tex.rstrip().endswith("\\end{document}")
        assert "\\text{False}" not in md
        pictures = [p for step in d for p in step.illustrations]
        if name in DRAWN:  # the built-in page has figures: so has yours, or it says why not
            assert pictures or "No diagram is drawn" in md or "不画图" in md, name
        for picture in pictures:  # each picture is in the text, never left out
            assert (("```mermaid" in md) if isinstance(picture, _geometry.DiagramFigure) else ("```text" in md))
            assert "\\begin{tikzpicture}" in tex and "\\usepackage{tikz}" in tex


def test_the_layer_diagram_is_the_users_geometry():
    md = pages.derive("shape-arithmetic", **TRANSPOSED).to_markdown()
    block = re.search(r"```mermaid\n(.*?)```", md, re.S).group(1)
    nodes = re.findall(r"^\s*(\w+)\(\(", block, re.M)
    outputs = [n for n in nodes if n.startswith("s")]
    assert len(outputs) == 11  # o' = 11
    # the stretched and padded input: 5 inputs, 4 zeros between them, 2 pads before, 3 after (d(k-1)-p (+a))
    assert len(nodes) - len(outputs) == 5 + 4 + 2 + 3


def test_a_layer_too_wide_to_draw_says_so():
    md = pages.derive("shape-arithmetic", input=100, kernel=3).to_markdown()
    assert "```mermaid" not in md
    assert "No diagram is drawn: the first axis has $100$ units, more than the $24$ a line can show." in md


def test_the_matrix_picture_marks_taps_and_blocks():
    md = pages.derive("conv-matrix", input=(2, 3), kernel=2).to_markdown()
    picture = re.search(r"```text\n(.*?)```", md, re.S).group(1).splitlines()
    assert picture == ["0 1 .|2 3 .", ". 0 1|. 2 3"]  # one block row: output row 0 reads input rows 0 and 1
    md = pages.derive("conv-matrix", input=(3, 2), kernel=2).to_markdown()
    picture = re.search(r"```text\n(.*?)```", md, re.S).group(1).splitlines()
    assert picture == ["0 1|2 3|. .", "---+---+---", ". .|0 1|2 3"]


def test_a_user_page_compiles_with_pdflatex():
    compile_latex(pages.derive("transposed", **TRANSPOSED).to_latex(standalone=True), "pdflatex")


def test_a_chinese_user_page_compiles_with_xelatex():
    tex = pages.derive("conv-matrix", input=(3, 3), kernel=2, channels=(2, 2), groups=2).to_latex(
        standalone=True, lang="zh")
    compile_latex(tex, "xelatex")


# ----------------------------------------------------------------------------
# a page whose check fails is refused, naming a parameter
# ----------------------------------------------------------------------------


def test_a_failing_check_refuses_the_page(monkeypatch):
    from symconv.pages import transposed

    monkeypatch.setattr(transposed, "conv_transpose", lambda y, w, **options: np.zeros((1, 3, 11)))
    with pytest.raises(SymconvError, match=r"page 'transposed' fails its checks \['numeric conv_transpose .*'\] "
                                           r"for input=5, kernel=4.*refusing to give it") as error:
        pages.derive("transposed", **TRANSPOSED)
    assert error.value.parameter == "input"  # the first parameter the failing check reads


def test_a_failing_check_names_the_parameter_it_reads(monkeypatch):
    import dataclasses

    from symconv import counting

    real = counting.conv
    monkeypatch.setattr(counting, "conv", lambda *a, **k: dataclasses.replace(real(*a, **k), params=real(*a, **k).params + 1))
    with pytest.raises(SymconvError, match=r"^kernel: page 'parameter-counting' fails its checks \['params = weight") as error:
        pages.derive("parameter-counting", input=5, kernel=3)
    assert error.value.parameter == "kernel"  # the parameters the params check reads start with the kernel
    monkeypatch.setattr(_geometry, "links", lambda user: (0, 0))
    monkeypatch.setattr(counting, "conv", real)
    with pytest.raises(SymconvError, match=r"^input: page 'parameter-counting' fails its checks \['MACs = nonzeros"):
        pages.derive("parameter-counting", input=5, kernel=3)


def test_a_page_without_any_check_result_is_refused(monkeypatch):
    monkeypatch.setattr(pages.shape_arithmetic, "_for_geometry",
                        lambda user: _geometry.user_derivation("T", [], user, _geometry.Checks, "Text."))
    with pytest.raises(SymconvError, match=r"fails its checks \(none ran\)"):
        pages.derive("shape-arithmetic", input=5, kernel=3)


# ----------------------------------------------------------------------------
# every refusal names its parameter
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("name, parameters, parameter, message", [
    ("pooling", dict(input=5, kernel=2, groups=2), "groups", "page 'pooling' takes input, kernel, stride"),
    ("fc-to-conv", dict(kernel=3), "kernel", "page 'fc-to-conv' is about no one geometry"),
    ("shape-arithmetic", dict(kernel=3), "input", "page 'shape-arithmetic' needs input"),
    ("channels", dict(input=5, kernel=3), "channels", "page 'channels' needs channels"),
    ("receptive-fields", dict(input=5), "layers", "page 'receptive-fields' needs layers"),
    ("shape-arithmetic", dict(input=3, kernel=5), "kernel", "effective kernel 5"),
    ("shape-arithmetic", dict(input=5, kernel=0), "kernel", "expected a positive int, got 0"),
    ("shape-arithmetic", dict(input=0, kernel=3), "input", "expected a positive int, got 0"),
    ("shape-arithmetic", dict(input=(5, 5, 5), kernel=(3, 3)), "kernel", "tuple of 3 ints"),
    ("shape-arithmetic", dict(input=5, kernel=3, output_padding=1), "output_padding", "only transposed"),
    ("transposed", dict(input=5, kernel=3, padding="same"), "padding", "not defined for transposed"),
    ("groups-separable", dict(input=5, kernel=3, channels=(3, 4), groups=2), "groups", "a divisor of the input"),
    ("channels", dict(input=5, kernel=3, channels=(3,)), "channels", "expected a pair"),
    ("conv-matrix", dict(input=100, kernel=3), "input", "entries of the matrix the page writes out"),
    ("transposed", dict(input=(10, 10), kernel=3), "input", "entries of the matrix the page writes out"),
    ("shape-arithmetic", dict(input=10**7, kernel=3), "input", "cells for the page's numeric checks"),
    ("channels", dict(input=(300, 300), kernel=9, channels=(8, 8)), "input", "multiply-accumulates"),
    ("receptive-fields", dict(layers=[(3, 1, 1)] * 201), "layers", "201 layers"),
    ("receptive-fields", dict(layers=[networks.conv(3, ndim=2)], input=(5, 5, 5)), "layers", "3 spatial axes"),
    ("pages-nope", dict(), "name", "expected one of fc-to-conv"),
])
def test_refusals_name_the_parameter(name, parameters, parameter, message):
    with pytest.raises(SymconvError, match=re.escape(message)) as error:
        pages.derive(name, **parameters)
    assert error.value.parameter == parameter
    assert re.match(rf"{parameter}(\[\d+\])?: ", str(error.value))  # a layer of a stack: layers[i]: ...


def test_a_layer_of_a_stack_is_refused_by_its_index():
    with pytest.raises(SymconvError, match=r"layers\[1\]: stride") as error:
        pages.derive("receptive-fields", layers=[(3, 1, 1), (3, 0, 1)])
    assert error.value.layer == 1


@pytest.mark.parametrize("parameters, message", [
    (dict(input=5.0, kernel=3), "input"),
    (dict(input=5, kernel=sympy.Symbol("k", integer=True, positive=True)), "kernel: expected concrete ints"),
    (dict(input=5, kernel=3, transposed="yes"), "transposed"),
])
def test_wrong_kinds_are_type_errors(parameters, message):
    with pytest.raises(TypeError, match=message):
        pages.derive("shape-arithmetic", **parameters)
    with pytest.raises(TypeError, match="name: expected a page name"):
        pages.derive(3)


def test_built_in_pages_are_unchanged():
    for name in ("pooling", "transposed", "receptive-fields"):
        assert pages.derive(name) is pages.checked_page(name)
        assert not hasattr(pages.derive(name), "geometry")
    assert pages.derivable_names()[-1] == "conv-matrix" and "conv-matrix" not in pages.page_names()
    every = {p.name: p for p in (*pages.PAGES, *pages.DERIVE_ONLY)}
    for p in every.values():
        assert set(p.parameters) <= set(_geometry.PARAMETERS) and set(p.required) <= set(p.parameters)
        for example in p.examples:
            assert set(example) <= set(p.parameters), p.name


def test_worked_formulas_print_the_numbers_in_the_guides_places():
    S = symconv.shapes.relationship_symbols()
    shown = _geometry.worked(S["i"] - S["k"] + 1, {S["i"]: 5, S["k"]: 3})
    assert sympy.latex(shown) == "5 - 3 + 1 = 3"
    d = pages.derive("shape-arithmetic", input=5, kernel=4, stride=2, padding=1)
    line = str(d[0].relations[1].rhs)  # the general formula's layout, numbers in place of i k s p d
    assert line.endswith("= 2") and "{2}" in line and r"\left(4 - 1\right)" in line and "2 \\cdot 1" in line

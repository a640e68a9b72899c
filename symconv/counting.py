"""Parameter and multiply-accumulate counts of dense and convolutional layers.

Every count reads its output size from :class:`symconv.Geometry`, so the
numbers here agree with the numeric backend and the convolution matrix, and
every function works on Python ints **and** SymPy symbols (pass symbols to get
the formula, ints to get the number).

Conventions
-----------
* ``params`` counts trainable values: weights plus one bias per output
  channel (``bias=True``).
* ``macs`` counts multiply-accumulates of the weights, one per (output value,
  kernel tap, input channel of its group) -- the usual convention, which also
  counts taps that fall on zero padding.  Bias additions are not MACs; the
  LeNet-5 paper's *connections* (``macs`` plus one bias connection per output
  value) are reported separately by :func:`lenet5_trace`.
* A transposed convolution is counted in its scatter form: every input value
  times every tap times every output channel of its group.
* Pooling has no parameters and multiplies nothing: its count is of window
  operations, one per window element (a comparison for max pooling, an
  addition for average pooling), and its :attr:`LayerCount.unit` is
  ``"ops"``, which tables use as the column's heading.

References
----------
.. [1] Seed notes 000 (MLP vs convolution: 36 million RGB values, 100 hidden
   units) and 003 section 6-11 (1x1, group, depthwise-separable, spatially
   separable convolution).
.. [2] Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, "Gradient-based learning
   applied to document recognition", Proc. IEEE 86(11), 1998, section II.B.
.. [3] A. G. Howard et al., "MobileNets", arXiv:1704.04861 (cost ratio
   ``1/N + 1/D_K^2``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ._errors import SymconvError
from ._output.latex import escape_latex
from .geometry import Geometry
from ._validate import any_symbolic, as_shape, as_size, is_sequence, plain, short

__all__ = [
    "LayerCount",
    "dense",
    "conv",
    "conv_transpose",
    "pool",
    "depthwise_separable",
    "spatially_separable",
    "mlp_vs_conv",
    "lenet5_trace",
    "LENET5_C3_TABLE",
    "count_table",
    "CountingReport",
    "counting_report",
]


@dataclass(frozen=True)
class LayerCount:
    """What one layer costs.

    Attributes
    ----------
    name : str
        Layer label.
    output_shape : tuple
        ``(channels, *spatial)`` of the layer output (``(features,)`` for a
        dense layer).
    params : int or SymPy expression
        Trainable parameters.
    macs : int or SymPy expression
        Multiply-accumulates (see the module notes for the convention); for
        pooling, window operations.
    unit : str, default "MACs"
        What ``macs`` counts: ``"MACs"``, or ``"ops"`` for pooling.
    """

    name: str
    output_shape: tuple
    params: object
    macs: object
    unit: str = "MACs"


def _prod(values):
    out = 1
    for v in values:
        out = out * v
    return out


def _input_shape(input_shape, name="input_shape"):
    """``(channels, *spatial)`` validated; returns (channels, spatial tuple)."""
    shape = plain(input_shape)
    if not is_sequence(shape) or len(shape) < 2:
        raise SymconvError(
            f"{name}: expected a tuple (channels, *spatial) with at least one spatial axis, got {short(input_shape)}",
            parameter=name,
        )
    channels = as_size(shape[0], f"{name} channels")
    spatial = as_shape(shape[1:], f"{name} spatial size")
    return channels, spatial


def _bias(bias) -> bool:
    if not isinstance(bias, bool):
        raise TypeError(f"bias: expected a bool, got {type(bias).__name__} {bias!r}")
    return bias


def dense(in_features, out_features, *, bias=True, name="dense") -> LayerCount:
    """Count a fully connected layer ``y = W x + b``.

    Parameters
    ----------
    in_features, out_features : int or SymPy expression
    bias : bool, default True
    name : str, default "dense"

    Returns
    -------
    LayerCount
        ``params = in*out (+ out)``, ``macs = in*out``.

    Raises
    ------
    SymconvError
        A non-positive size.

    Examples
    --------
    >>> dense(36_000_000, 100, bias=False).params
    3600000000
    >>> import sympy
    >>> n, m = sympy.symbols("n m", positive=True, integer=True)
    >>> dense(n, m).params
    m*n + m
    """
    n_in = as_size(in_features, "in_features")
    n_out = as_size(out_features, "out_features")
    params = n_in * n_out + (n_out if _bias(bias) else 0)
    return LayerCount(name, (n_out,), params, n_in * n_out)


def conv(
    input_shape,
    out_channels,
    kernel_size,
    *,
    stride=1,
    padding=0,
    dilation=1,
    groups=1,
    bias=True,
    name="conv",
) -> LayerCount:
    """Count a convolution layer (PyTorch ``ConvNd``), any number of axes.

    ``params = C_out * (C_in / g) * prod(k) (+ C_out)`` and
    ``macs = prod(out) * C_out * (C_in / g) * prod(k)``.

    Parameters
    ----------
    input_shape : tuple
        ``(C_in, *spatial)`` (no batch axis).
    out_channels : int or SymPy expression
    kernel_size, stride, padding, dilation, groups
        As for :class:`symconv.Geometry`; the number of spatial axes comes
        from ``input_shape``.
    bias : bool, default True
    name : str, default "conv"

    Returns
    -------
    LayerCount

    Raises
    ------
    SymconvError
        ``groups`` not dividing both channel counts, a kernel larger than the
        padded input, or any bad geometry value.

    Examples
    --------
    >>> c = conv((1, 32, 32), 6, 5)        # LeNet-5 C1
    >>> c.output_shape, c.params, c.macs
    ((6, 28, 28), 156, 117600)
    >>> conv((4, 8, 8), 6, 3, groups=2, padding=1).params   # 6 * 2 * 9 + 6
    114
    >>> import sympy
    >>> C, K, H = sympy.symbols("C K H", positive=True, integer=True)
    >>> conv((C, H, H), C, K, padding="same").macs
    C**2*H**2*K**2
    """
    return _count(input_shape, out_channels, bias, name, kernel_size, stride, padding, dilation, groups)


def _count(input_shape, out_channels, bias, name, *geometry_args, transposed=False) -> LayerCount:
    """Both kinds of layer have ``C_in * C_out / g * prod(k)`` weights; a forward layer applies them at
    every output position, a transposed one (scatter form) at every input position."""
    c_in, spatial = _input_shape(input_shape)
    c_out = as_size(out_channels, "out_channels")
    geometry = Geometry(*geometry_args, transposed=transposed, ndim=len(spatial))
    geometry.check_channels(c_in, c_out)
    out = geometry.output_size(spatial)
    g = geometry.groups
    per_group = c_in / g if any_symbolic(c_in, g) else c_in // g
    weights = c_out * per_group * _prod(geometry.kernel_size)
    params = weights + (c_out if _bias(bias) else 0)
    return LayerCount(name, (c_out, *out), params, _prod(spatial if transposed else out) * weights)


def conv_transpose(
    input_shape,
    out_channels,
    kernel_size,
    *,
    stride=1,
    padding=0,
    output_padding=0,
    dilation=1,
    groups=1,
    bias=True,
    name="conv_transpose",
) -> LayerCount:
    """Count a transposed convolution (PyTorch ``ConvTransposeNd``).

    The weight has shape ``(C_in, C_out / g, *k)``; in the scatter form each
    input value is multiplied by every tap for every output channel of its
    group: ``macs = prod(in) * C_in * (C_out / g) * prod(k)``.  That is the
    same number as the forward convolution it transposes (``C^T`` has the
    nonzeros of ``C``) when no output is cropped away by padding.

    Parameters
    ----------
    input_shape : tuple
        ``(C_in, *spatial)``.
    out_channels : int or SymPy expression
    kernel_size, stride, padding, output_padding, dilation, groups
        As for :class:`symconv.Geometry` with ``transposed=True``.
    bias : bool, default True
    name : str, default "conv_transpose"

    Returns
    -------
    LayerCount

    Raises
    ------
    SymconvError
        ``groups`` not dividing both channel counts, or a bad geometry.

    Examples
    --------
    >>> t = conv_transpose((16, 5, 5), 6, 5)
    >>> t.output_shape, t.params, t.macs
    ((6, 9, 9), 2406, 60000)
    """
    return _count(
        input_shape, out_channels, bias, name, kernel_size, stride, padding, dilation, groups, output_padding,
        transposed=True,
    )


def pool(input_shape, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False, name="pool") -> LayerCount:
    """Count a max or average pooling layer: no parameters, one operation per window tap (``unit="ops"``).

    Parameters
    ----------
    input_shape : tuple
        ``(C, *spatial)``.
    kernel_size, stride, padding, dilation, ceil_mode
        As for pooling in :class:`symconv.Geometry`; ``stride`` defaults to
        the kernel size.
    name : str, default "pool"

    Returns
    -------
    LayerCount

    Raises
    ------
    SymconvError
        A bad geometry.

    Examples
    --------
    >>> p = pool((6, 28, 28), 2)
    >>> p.output_shape, p.params, p.macs, p.unit
    ((6, 14, 14), 0, 4704, 'ops')
    """
    channels, spatial = _input_shape(input_shape)
    geometry = Geometry(
        kernel_size, kernel_size if stride is None else stride, padding, dilation, ceil_mode=ceil_mode, ndim=len(spatial)
    )
    out = geometry.output_size(spatial)
    return LayerCount(name, (channels, *out), 0, _prod(out) * channels * _prod(geometry.kernel_size), unit="ops")


def _two_stages(name, first: LayerCount, second: LayerCount) -> tuple[LayerCount, LayerCount, LayerCount]:
    """``(first, second, total)``: the total has the second stage's output and the sum of both costs."""
    return first, second, LayerCount(name, second.output_shape, first.params + second.params, first.macs + second.macs)


def depthwise_separable(
    input_shape,
    out_channels,
    kernel_size,
    *,
    depth_multiplier=1,
    stride=1,
    padding=0,
    dilation=1,
    bias=True,
    name="depthwise_separable",
) -> tuple[LayerCount, LayerCount, LayerCount]:
    """Count a depthwise-separable convolution: depthwise ``k x k`` then pointwise ``1 x 1``.

    The depthwise stage is a convolution with ``groups = C_in`` and
    ``C_in * depth_multiplier`` outputs; the pointwise stage is a ``1 x 1``
    convolution to ``out_channels``.  Against a full convolution with the
    same geometry the MAC ratio is ``1/C_out + 1/prod(k)`` for
    ``depth_multiplier = 1`` (see :func:`symconv.symbolic.variants.separable_cost_ratio`).

    Parameters
    ----------
    input_shape : tuple
        ``(C_in, *spatial)``.
    out_channels : int or SymPy expression
    kernel_size, stride, padding, dilation
        Geometry of the depthwise stage.
    depth_multiplier : int, default 1
    bias : bool, default True
        Bias on both stages.
    name : str

    Returns
    -------
    tuple of LayerCount
        ``(depthwise, pointwise, total)``.

    Raises
    ------
    SymconvError
        Bad sizes or geometry.

    Examples
    --------
    >>> dw, pw, total = depthwise_separable((3, 8, 8), 128, 3, bias=False)
    >>> dw.macs, pw.macs, total.macs, total.params
    (972, 13824, 14796, 411)
    """
    c_in, spatial = _input_shape(input_shape)
    multiplier = as_size(depth_multiplier, "depth_multiplier")
    depthwise = conv(
        input_shape,
        c_in * multiplier,
        kernel_size,
        stride=stride,
        padding=padding,
        dilation=dilation,
        groups=c_in,
        bias=bias,
        name=f"{name}.depthwise",
    )
    pointwise = conv(depthwise.output_shape, out_channels, 1, bias=bias, name=f"{name}.pointwise")
    return _two_stages(name, depthwise, pointwise)


def spatially_separable(
    input_shape,
    out_channels,
    kernel_size,
    *,
    mid_channels=None,
    stride=1,
    padding=0,
    dilation=1,
    bias=True,
    name="spatially_separable",
) -> tuple[LayerCount, LayerCount, LayerCount]:
    """Count a spatially separable 2-D convolution: a ``k_h x 1`` pass then a ``1 x k_w`` pass.

    The column pass maps ``C_in`` to ``mid_channels`` (default
    ``out_channels``) with the row geometry (stride, padding, dilation of
    axis 0), the row pass maps to ``out_channels`` with the column geometry;
    the output shape equals that of the full ``k_h x k_w`` convolution.

    Parameters
    ----------
    input_shape : tuple
        ``(C_in, H, W)``.
    out_channels : int or SymPy expression
    kernel_size : int or (int, int)
    mid_channels : int, optional
    stride, padding, dilation
        Of the equivalent full 2-D convolution (an int or a pair; padding may
        also be ``(before, after)`` pairs or a string).
    bias : bool, default True
    name : str

    Returns
    -------
    tuple of LayerCount
        ``(column pass, row pass, total)``.

    Raises
    ------
    SymconvError
        A non-2-D input or a bad geometry.

    Examples
    --------
    >>> col, row, total = spatially_separable((1, 5, 5), 1, 3, bias=False)
    >>> col.output_shape, total.output_shape, total.macs, conv((1, 5, 5), 1, 3).macs
    ((1, 3, 5), (1, 3, 3), 72, 81)
    """
    c_in, spatial = _input_shape(input_shape)
    if len(spatial) != 2:
        raise SymconvError(f"input_shape: spatial separability is 2-D here; expected (C, H, W), got {input_shape!r}", parameter="input_shape")
    full = Geometry(kernel_size, stride, padding, dilation, ndim=2)
    pads = full.pads(spatial)
    mid = out_channels if mid_channels is None else mid_channels
    (kh, kw), (sh, sw), (dh, dw) = full.kernel_size, full.stride, full.dilation
    column = conv(
        input_shape, mid, (kh, 1), stride=(sh, 1), padding=(pads[0], (0, 0)), dilation=(dh, 1), bias=bias,
        name=f"{name}.column",
    )
    row = conv(
        column.output_shape, out_channels, (1, kw), stride=(1, sw), padding=((0, 0), pads[1]), dilation=(1, dw),
        bias=bias, name=f"{name}.row",
    )
    return _two_stages(name, column, row)


def mlp_vs_conv(image_shape=(3, 3000, 4000), hidden=100, out_channels=100, kernel_size=5) -> list[LayerCount]:
    """The notes' example: a one-hidden-layer MLP on a photograph against a convolution.

    A 12-megapixel RGB photograph holds ``3 * 3000 * 4000 = 36`` million
    values; a dense layer to 100 hidden units needs ``3.6 * 10**9`` weights.
    A convolution with 100 output channels and ``5 x 5`` kernels needs
    ``100 * 3 * 25`` weights, whatever the image size (its MACs still grow
    with the image).

    Parameters
    ----------
    image_shape : tuple, default (3, 3000, 4000)
    hidden : int, default 100
    out_channels : int, default 100
    kernel_size : int, default 5

    Returns
    -------
    list of LayerCount
        ``[dense, conv]`` without biases.

    Examples
    --------
    >>> mlp, cnn = mlp_vs_conv()
    >>> mlp.params, cnn.params
    (3600000000, 7500)
    """
    channels, spatial = _input_shape(image_shape, "image_shape")
    mlp = dense(channels * _prod(spatial), hidden, bias=False, name="dense (MLP hidden layer)")
    cnn = conv(image_shape, out_channels, kernel_size, padding="same", bias=False, name="conv (same padding)")
    return [mlp, cnn]


# LeCun et al. (1998), Table I: which S2 maps each C3 map reads.
LENET5_C3_TABLE = (
    (0, 1, 2), (1, 2, 3), (2, 3, 4), (3, 4, 5), (4, 5, 0), (5, 0, 1),
    (0, 1, 2, 3), (1, 2, 3, 4), (2, 3, 4, 5), (3, 4, 5, 0), (4, 5, 0, 1), (5, 0, 1, 2),
    (0, 1, 3, 4), (1, 2, 4, 5), (0, 2, 3, 5),
    (0, 1, 2, 3, 4, 5),
)  # fmt: skip


@dataclass(frozen=True)
class LeNetRow:
    """One row of :func:`lenet5_trace`: a :class:`LayerCount` plus the paper's connection count."""

    layer: LayerCount
    connections: int
    note: str = ""


def lenet5_trace() -> list[LeNetRow]:
    """Trace LeNet-5 (LeCun et al. 1998) layer by layer: output shape, parameters, MACs.

    Input ``1 x 32 x 32``; C1 6@5x5; S2 2x2 subsampling; C3 16@5x5 with the
    paper's partial connection table (:data:`LENET5_C3_TABLE`); S4 2x2
    subsampling; C5 120@5x5; F6 84 units; output 10 units.  S2/S4 are the
    paper's trainable subsampling (a coefficient and a bias per map, so
    ``2 * C`` parameters and one extra bias connection per output).  The
    paper's output layer is a Euclidean RBF with 840 fixed parameters; it is
    counted here as a dense layer (850 parameters, 840 MACs).

    Returns
    -------
    list of LeNetRow
        ``connections`` is ``macs`` plus one bias connection per output value,
        the quantity the paper reports (C1 122,304; S2 5,880; C3 151,600;
        S4 2,000; C5 48,120).

    Examples
    --------
    >>> [(r.layer.name, r.layer.params) for r in lenet5_trace()]  # doctest: +NORMALIZE_WHITESPACE
    [('input', 0), ('C1', 156), ('S2', 12), ('C3', 1516), ('S4', 32), ('C5', 48120),
     ('F6', 10164), ('output', 850)]
    """
    rows = [LeNetRow(LayerCount("input", (1, 32, 32), 0, 0), 0)]

    def add(count, note=""):
        rows.append(LeNetRow(count, count.macs + (_prod(count.output_shape) if count.params else 0), note))
        return count.output_shape

    shape = add(conv((1, 32, 32), 6, 5, name="C1"))
    s2 = pool(shape, 2, name="S2")
    shape = add(LayerCount("S2", s2.output_shape, 2 * shape[0], s2.macs, s2.unit), "trainable subsampling: 2 per map")
    c3 = conv(shape, 16, 5, name="C3")
    inputs_used = sum(len(maps) for maps in LENET5_C3_TABLE)
    per_output = _prod(c3.output_shape[1:])
    taps = _prod((5, 5))
    shape = add(
        LayerCount("C3", c3.output_shape, inputs_used * taps + 16, per_output * inputs_used * taps),
        "partial connection table (60 of 96 map pairs)",
    )
    s4 = pool(shape, 2, name="S4")
    shape = add(LayerCount("S4", s4.output_shape, 2 * shape[0], s4.macs, s4.unit), "trainable subsampling: 2 per map")
    shape = add(conv(shape, 120, 5, name="C5"))
    features = _prod(shape)
    add(dense(features, 84, name="F6"))
    add(dense(84, 10, name="output"), "dense here; the paper's RBF output has 840 fixed parameters")
    return rows


def _format(value) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def count_table(rows) -> str:
    """Render counts as a Markdown table.

    Parameters
    ----------
    rows : iterable of LayerCount or LeNetRow

    Returns
    -------
    str
        Columns: layer, output shape, params, the count (and connections,
        note for :class:`LeNetRow`).  The count's column is headed by what it
        counts: ``MACs``; ``ops`` when every row is a pooling layer; ``MACs
        (pooling: ops)`` for a mix, as LeNet-5's subsampling layers.

    Examples
    --------
    >>> print(count_table(mlp_vs_conv()))
    | layer | output shape | params | MACs |
    |---|---|---|---|
    | dense (MLP hidden layer) | 100 | 3,600,000,000 | 3,600,000,000 |
    | conv (same padding) | 100 x 3000 x 4000 | 7,500 | 90,000,000,000 |
    >>> print(count_table([pool((6, 28, 28), 2)]).splitlines()[0])
    | layer | output shape | params | ops |
    """
    rows = list(rows)
    lenet = bool(rows) and all(isinstance(r, LeNetRow) for r in rows)
    header = ["layer", "output shape", "params", _count_heading(rows)] + (["connections", "note"] if lenet else [])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        count = row.layer if isinstance(row, LeNetRow) else row
        if not isinstance(count, LayerCount):
            raise TypeError(f"rows: expected LayerCount or LeNetRow items, got {type(row).__name__}")
        cells = [count.name, " x ".join(str(s) for s in count.output_shape), _format(count.params), _format(count.macs)]
        if lenet:
            cells += [_format(row.connections), row.note]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _count_heading(rows) -> str:
    units = {(row.layer if isinstance(row, LeNetRow) else row).unit for row in rows
             if isinstance(row.layer if isinstance(row, LeNetRow) else row, LayerCount)}
    if units == {"ops"}:
        return "ops"
    return "MACs (pooling: ops)" if "ops" in units else "MACs"


def _cells(rows):
    """Header and string cells of a list of LayerCount / LeNetRow, as in :func:`count_table`."""
    lines = count_table(rows).splitlines()
    split = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    return split[0], split[2:]


class CountingReport:
    """Counting tables rendered as Markdown or LaTeX, a document of their own.

    Parameters
    ----------
    title : str
    sections : list of (heading, paragraph, rows)
        ``rows`` are :class:`LayerCount` or :class:`LeNetRow` items.
    """

    def __init__(self, title, sections):
        self.title = title
        self.sections = list(sections)

    def to_markdown(self) -> str:
        """Markdown: one heading, paragraph and table per section."""
        parts = [f"# {self.title}", ""]
        for heading, paragraph, rows in self.sections:
            parts += [f"## {heading}", "", paragraph, "", count_table(rows), ""]
        return "\n".join(parts)

    def to_latex(self, *, standalone: bool = False) -> str:
        """LaTeX: a ``tabular`` per section; ``standalone=True`` gives a whole document."""
        body = []
        for heading, paragraph, rows in self.sections:
            header, cells = _cells(rows)
            lines = [f"\\subsection*{{{escape_latex(heading)}}}", escape_latex(paragraph), "",
                     "\\begin{tabular}{" + "".join("l" if h in ("layer", "output shape", "note") else "r" for h in header) + "}", "\\hline",
                     " & ".join(escape_latex(h) for h in header) + " \\\\", "\\hline"]
            lines += [" & ".join(escape_latex(c).replace(" x ", r" $\times$ ") for c in row) + " \\\\" for row in cells]
            lines += ["\\hline", "\\end{tabular}", ""]
            body.append("\n".join(lines))
        text = "\n".join(body)
        if not standalone:
            return text
        return (
            "\\documentclass[11pt]{article}\n\\usepackage[margin=2cm]{geometry}\n"
            f"\\title{{{escape_latex(self.title)}}}\n\\date{{}}\n"
            f"\\begin{{document}}\n\\maketitle\n\n{text}\n\\end{{document}}\n"
        )


def counting_report() -> CountingReport:
    """The counting tables of the notes: MLP vs convolution, LeNet-5, groups and separable layers.

    Returns
    -------
    CountingReport

    Examples
    --------
    >>> report = counting_report()
    >>> [heading for heading, _, _ in report.sections]  # doctest: +NORMALIZE_WHITESPACE
    ['A photograph: dense layer against convolution', 'LeNet-5, layer by layer',
     'Groups, depthwise-separable and spatially separable layers']
    >>> "| C3 | 16 x 10 x 10 | 1,516 | 150,000 | 151,600 |" in report.to_markdown()
    True
    """
    variants = [
        conv((64, 56, 56), 128, 3, padding=1, bias=False, name="conv 3x3, 64 -> 128"),
        conv((64, 56, 56), 128, 3, padding=1, groups=4, bias=False, name="group conv, groups = 4"),
        *depthwise_separable((64, 56, 56), 128, 3, padding=1, bias=False, name="depthwise-separable"),
        *spatially_separable(
            (64, 56, 56), 128, 3, padding=1, mid_channels=64, bias=False, name="spatially separable (3x1, 1x3)"
        ),
        conv_transpose((128, 28, 28), 64, 4, stride=2, padding=1, bias=False, name="transposed 4x4, stride 2"),
    ]
    return CountingReport(
        "Counting parameters and multiply-accumulates",
        [
            (
                "A photograph: dense layer against convolution",
                "Seed note 000: a 12-megapixel RGB photograph holds 36 million values; one dense layer to 100 hidden "
                "units needs 3.6 billion weights. A convolution with 100 output channels and 5x5 kernels needs 7,500, "
                "whatever the image size (no biases counted).",
                mlp_vs_conv(),
            ),
            (
                "LeNet-5, layer by layer",
                "LeCun et al. (1998): 32x32 input, C1 6@5x5, S2 2x2 subsampling, C3 16@5x5 with the paper's partial "
                "connection table, S4, C5 120@5x5, F6 84, output 10. Connections = MACs + one bias per output value, "
                "the number the paper reports.",
                lenet5_trace(),
            ),
            (
                "Groups, depthwise-separable and spatially separable layers",
                "One 64 -> 128 layer on a 56x56 map with 3x3 kernels, written five ways (no biases). Depthwise-"
                "separable costs 1/C_out + 1/k^2 of the full layer; groups divide parameters and MACs by g; the "
                "spatially separable pair (3x1 to 64 channels, then 1x3 to 128) costs half; the transposed layer "
                "maps 28x28 back up to 56x56.",
                variants,
            ),
        ],
    )

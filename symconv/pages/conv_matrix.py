"""The page ``conv-matrix``: the convolution matrix of one layer, with symbolic weights and its block structure.

Written by ``symconv derive conv-matrix`` (and :func:`symconv.pages.derive`)
for any layer; the build does not write it.  Without parameters it is the
convolution-arithmetic guide's example: a 3x3 kernel on a 4x4 input.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 4.1 (convolution as a matrix operation).
.. [2] Seed notes 001 (9.1, 9.2): the convolution matrix, doubly-block Toeplitz.
"""

from __future__ import annotations

import math

import numpy as np
import sympy

from .. import counting
from .._validate import refuse_count
from ..matrix import conv_matrix
from ..numeric import conv, conv_transpose
from ..symbolic.derivation import Derivation, Step, Table
from . import _geometry
from ._common import _eq, _identity_checks, _statement

NAME = "conv-matrix"
TITLE = "The convolution matrix"

__all__ = ["NAME", "TITLE", "PARAMETERS", "REQUIRED", "EXAMPLES", "make", "check"]

#: The parameters of a layer this page is derived for (:func:`symconv.pages.derive`), and those it needs.
PARAMETERS = ("input", "kernel", "stride", "padding", "dilation", "groups", "channels", "transposed", "output_padding")
REQUIRED = ("input", "kernel")
#: Layers the page is worked for in the tests and the help.
EXAMPLES = (
    dict(input=(3, 3), kernel=2),
    dict(input=5, kernel=3, stride=2, padding=1),
    dict(input=4, kernel=2, channels=(2, 2), groups=2),
    dict(input=(2, 3), kernel=2, stride=2, transposed=True),
)

#: The layer of the page without parameters: the guide's 3x3 kernel on a 4x4 input.
DEFAULT = dict(input=(4, 4), kernel=3)


def make(*, input=None, kernel=None, stride=None, padding=None, dilation=None, groups=None, channels=None,
         transposed=None, output_padding=None) -> Derivation:
    """The convolution matrix of a layer: symbolic, with its block structure and its sparsity.

    Parameters
    ----------
    input, kernel, stride, padding, dilation, groups, channels, transposed, output_padding : optional
        A layer (see :func:`symconv.pages.derive`); none gives the guide's
        3x3 kernel on a 4x4 input.

    Returns
    -------
    Derivation
        ``check()`` compares the matrix, at random weights, with the numeric
        convolution, rebuilds every block from the kernel's rows, and counts
        the nonzeros and multiply-accumulates one by one.

    Examples
    --------
    >>> d = make()
    >>> d[0].relations[0].rhs.shape
    (4, 16)
    >>> all(d.check().values())
    True
    """
    given = _geometry.given(input=input, kernel=kernel, stride=stride, padding=padding, dilation=dilation,
                            groups=groups, channels=channels, transposed=transposed, output_padding=output_padding)
    return _for_geometry(_geometry.read(NAME, PARAMETERS, REQUIRED, given or DEFAULT))


def _weights(user) -> np.ndarray:
    """The kernel as symbols: ``w_{a,b}`` for one channel each way, ``w_{o,c,a,b}`` otherwise (PyTorch's layout)."""
    shape = user.weight_shape
    if shape[:2] == (1, 1):
        return _geometry.symbols_of("w", shape[2:]).reshape(shape)
    return _geometry.symbols_of("w", shape)


def _matrix_of(user, weights, fmt="sympy"):
    g = user.geometry
    return conv_matrix((user.channels[0], *user.input), weights, stride=g.stride, padding=g.padding,
                       dilation=g.dilation, groups=g.groups, transposed=g.transposed,
                       output_padding=g.output_padding, format=fmt)


def _channel_blocks(user, C):
    """``{(row channel, column channel): block}`` of the matrix, and the grid of block names (0 for a zero block)."""
    rows, cols = math.prod(user.output), math.prod(user.input)
    c_in, c_out = user.channels
    blocks, grid = {}, []
    for r in range(c_out):
        line = []
        for c in range(c_in):
            block = C[r * rows:(r + 1) * rows, c * cols:(c + 1) * cols]
            blocks[r, c] = block
            line.append(0 if block.is_zero_matrix else sympy.Symbol(f"C_{{{r},{c}}}"))
        grid.append(line)
    return blocks, sympy.Matrix(grid)


def _row_blocks(user, M, weights):
    """The doubly-block structure of one channel pair's matrix ``M``: ``(layout, {kernel row: block})``.

    A block is the matrix between one row of the output and one row of the
    input along the first axis; a nonzero block holds one kernel row ``a``
    (the symbols ``w_{a,...}``), found by reading its entries.
    """
    row_of = {w: index[2] for index, w in np.ndenumerate(weights)}  # (out, in, a, ...): kernel row a
    out_rows, in_rows = user.output[0], user.input[0]
    br, bc = math.prod(user.output[1:]), math.prod(user.input[1:])
    layout, distinct = [], {}
    for r in range(out_rows):
        line = []
        for c in range(in_rows):
            block = M[r * br:(r + 1) * br, c * bc:(c + 1) * bc]
            taps = {row_of[s] for s in block.free_symbols}
            if not taps:
                line.append(0)
                continue
            (a,) = taps
            distinct.setdefault(a, block)
            line.append(sympy.Symbol(f"B_{{{a}}}"))
        layout.append(line)
    return sympy.Matrix(layout), dict(sorted(distinct.items()))


def _slice_matrix(user, weights_row):
    """The matrix of one kernel row over the other axes: the block it makes (an independent route)."""
    g = user.geometry
    return conv_matrix((1, *user.input[1:]), weights_row, stride=g.stride[1:], padding=user.pads[1:],
                       dilation=g.dilation[1:], transposed=g.transposed, output_padding=g.output_padding[1:],
                       format="sympy")


def _for_geometry(user) -> Derivation:
    g, ndim = user.geometry, user.ndim
    c_in, c_out = user.channels
    rows, cols = c_out * math.prod(user.output), c_in * math.prod(user.input)
    refuse_count(rows * cols, _geometry.MAX_MATRIX_ENTRIES, "input", "entries of the matrix the page writes out",
                 "use a smaller input or fewer channels (`symconv draw matrix` draws the pattern of larger ones)")
    weights = _weights(user)
    C = _matrix_of(user, weights)
    taps, block = _geometry.tap_matrix(user)
    Cs = sympy.Symbol("C")
    steps = [
        Step(
            "The matrix",
            [_statement("transposed-is-matrix-transpose"), _eq(Cs, C)] if g.transposed else [_eq(Cs, C)],
            "Unrolled, your transposed convolution is a matrix product {y_Cx}, with the kernel's weights as "
            "symbols: {C} has one row per output cell ({rows}) and one column per input cell ({cols}), channel by "
            "channel and then row by row along each axis. It is the transpose of the matrix of the convolution "
            "with the same geometry: input {j} scatters to output {pos} through tap {t}."
            if g.transposed else
            "Unrolled, your layer is a matrix product {y_Cx}, with the kernel's weights as symbols: {C} has one row "
            "per output cell ({rows}) and one column per input cell ({cols}), channel by channel and then row by "
            "row along each axis. Output {o} reads input {pos} through tap {t}, so the entry in its row and that "
            "input's column is the weight of tap {t}, and every other entry is zero.",
            symbols={"y_Cx": _eq(sympy.Symbol("y"), sympy.Symbol("C x")), "C": Cs, "rows": sympy.Integer(rows),
                     "cols": sympy.Integer(cols), "o": sympy.Symbol("o"), "j": sympy.Symbol("j"),
                     "t": sympy.Symbol("t"),
                     "pos": (sympy.Symbol("j") if g.transposed else sympy.Symbol("o")) * sympy.Symbol("s")
                     + sympy.Symbol("t") * sympy.Symbol("d") - sympy.Symbol("p_b")},
            illustrations=[_geometry.MatrixFigure(
                "The pattern of {C}: each weight is marked by the number of its kernel tap (in print also by "
                "its colour), each zero by a dot or a blank; the lines separate the blocks between one row of "
                "the output and one row of the input.",
                taps, block, symbols={"C": Cs})] if ndim > 1 or (c_in, c_out) != (1, 1) else [_geometry.MatrixFigure(
                "The pattern of {C}: each weight is marked by the number of its kernel tap (in print also by "
                "its colour), each zero by a dot or a blank.",
                taps, block, symbols={"C": Cs})],
        ),
    ]
    channel_blocks, grid = _channel_blocks(user, C)
    if (c_in, c_out) != (1, 1):
        per_in, per_out = c_in // g.groups, c_out // g.groups
        steps.append(Step(
            "Blocks of channels",
            [_eq(Cs, grid), _eq(sympy.Symbol("C_{0,0}"), channel_blocks[0, 0])],
            "With {c_in} input and {c_out} output channels, {C} is a grid of blocks, one per pair of an output "
            "channel (block row) and an input channel (block column); block {block} is the matrix of the kernel "
            "slice that joins them. With {g} groups a block is zero unless both channels are in the same group: "
            "each group of {per_out} output channels reads only its {per_in} input channels.",
            symbols={"c_in": sympy.Integer(c_in), "c_out": sympy.Integer(c_out), "C": Cs,
                     "block": sympy.Symbol("C_{r,c}"), "g": sympy.Integer(g.groups),
                     "per_in": sympy.Integer(per_in), "per_out": sympy.Integer(per_out)},
        ))
    pair = channel_blocks[0, 0]
    layout, distinct = (None, {})
    if ndim > 1:
        layout, distinct = _row_blocks(user, pair, weights)
        name = sympy.Symbol("C_{0,0}") if (c_in, c_out) != (1, 1) else Cs
        steps.append(Step(
            "Blocks of rows: doubly-block Toeplitz",
            [_eq(name, layout), *(_eq(sympy.Symbol(f"B_{{{a}}}"), b) for a, b in distinct.items())],
            "Cut along the first axis, the matrix is a grid of blocks: the block between output row {r} and input "
            "row {c} is zero unless {c_rule} for a kernel row {a}, and then it is {B}, the matrix of kernel row {a} "
            "over the other axes. So there is one distinct block per kernel row, placed along diagonals: a block "
            "Toeplitz matrix of Toeplitz blocks (in 2-D, doubly-block Toeplitz).",
            symbols={"r": sympy.Symbol("r"), "c": sympy.Symbol("c"), "a": sympy.Symbol("a"),
                     "B": sympy.Symbol("B_{a}"),
                     "c_rule": _eq(sympy.Symbol("r") if g.transposed else sympy.Symbol("c"),
                                   (sympy.Symbol("c") if g.transposed else sympy.Symbol("r")) * sympy.Symbol("s_1")
                                   + sympy.Symbol("a") * sympy.Symbol("d_1") - sympy.Symbol("p_1"))},
        ))
    else:
        steps.append(Step(
            "One band",
            [],
            "In one dimension the matrix is a band: each row holds the kernel {s} columns to the right of the row "
            "above (for the transposed convolution, each column {s} rows below the column before), cut where it "
            "reaches into the padding. With stride 1 every diagonal is constant: a Toeplitz matrix.",
            symbols={"s": sympy.Integer(g.stride[0])},
        ))
    inside, outside = _geometry.links(user)
    per_pair = c_out * c_in // g.groups
    nnz = sum(1 for e in C if e != 0)
    count = (counting.conv_transpose if g.transposed else counting.conv)(
        (c_in, *user.input), c_out, g.kernel_size, stride=g.stride, padding=g.padding, dilation=g.dilation,
        groups=g.groups, bias=False, **({"output_padding": g.output_padding} if g.transposed else {}))
    fraction = sympy.Rational(nnz, rows * cols)
    steps.append(Step(
        "Sparsity",
        [],
        "Of the {entries} entries only {nnz} are weights ({fraction} of the matrix): one per link between an "
        "output and an input cell through a tap, for each pair of connected channels ({pairs} of them). The "
        "multiply-accumulates `symconv.counting` counts ({macs}) also count the {padding} taps that fall on the "
        "padding, which have no entry in the matrix.",
        symbols={"entries": sympy.Integer(rows * cols), "nnz": sympy.Integer(nnz), "fraction": fraction,
                 "pairs": sympy.Integer(per_pair), "macs": sympy.Integer(count.macs),
                 "padding": sympy.Integer(outside * per_pair)},
        table=Table(["rows", "columns", "entries", "weights (nonzeros)", "taps on padding", "MACs"],
                    [[rows, cols, rows * cols, nnz, outside * per_pair, count.macs]]),
    ))

    def checks():
        results = _geometry.Checks()
        reads = ("input", "kernel", "stride", "padding", "dilation", "groups", "channels", "transposed",
                 "output_padding")
        rng = np.random.default_rng(0)
        numbers = rng.normal(size=user.weight_shape)
        values = {s: float(v) for s, v in zip(weights.ravel(), numbers.ravel())}
        x = rng.normal(size=(1, c_in, *user.input))
        options = dict(stride=g.stride, padding=g.padding, dilation=g.dilation, groups=g.groups)
        numeric = (conv_transpose(x, numbers, output_padding=g.output_padding, **options) if g.transposed
                   else conv(x, numbers, **options))
        at = np.array(C.xreplace(values).tolist(), dtype=float)
        results.add("C x equals the numeric convolution at random weights",
                    numeric.shape[2:] == user.output and np.allclose(at @ x[0].ravel(), numeric[0].ravel()), *reads)
        for (r, c), blk in channel_blocks.items():
            group_r, group_c = r // (c_out // g.groups), c // (c_in // g.groups)
            if group_r != group_c:
                ok = blk.is_zero_matrix
            else:
                w_rc = weights[c, r - group_c * (c_out // g.groups)] if g.transposed else \
                    weights[r, c - group_c * (c_in // g.groups)]
                single = conv_matrix((1, *user.input), w_rc[None, None], stride=g.stride, padding=user.pads,
                                     dilation=g.dilation, transposed=g.transposed, output_padding=g.output_padding,
                                     format="sympy")
                ok = (blk - single).is_zero_matrix
            results.add(f"block C_{r},{c} is the matrix of its kernel slice (zero across groups)", ok, *reads)
        if ndim > 1:
            kernel00 = weights[0, 0]
            for a, blk in distinct.items():
                results.add(f"block B_{a} is the matrix of kernel row {a} over the other axes",
                            (blk - _slice_matrix(user, kernel00[a][None, None])).is_zero_matrix, *reads)
            br, bc = math.prod(user.output[1:]), math.prod(user.input[1:])
            names = {sympy.Symbol(f"B_{{{a}}}"): a for a in distinct}
            assembled = sympy.zeros(*pair.shape)
            for (r, c), name in np.ndenumerate(np.array(layout.tolist(), dtype=object)):
                if name != 0:
                    assembled[r * br:(r + 1) * br, c * bc:(c + 1) * bc] = distinct[names[name]]
            results.add("the blocks placed by the layout rebuild the matrix", (assembled - pair).is_zero_matrix,
                        *reads)
        results.add(f"{nnz} nonzeros: the links inside the input, counted one by one", nnz == inside * per_pair,
                    *reads)
        results.add("the multiply-accumulates are the nonzeros plus the taps on padding",
                    count.macs == (inside + outside) * per_pair, *reads)
        results.identities(_identity_checks("transposed-is-matrix-transpose"))
        return results

    return _geometry.user_derivation(
        "The convolution matrix of your layer",
        steps,
        user,
        checks,
        "A convolution is linear in its input, so it is a matrix: the convolution matrix, sparse and made of "
        "copies of the kernel (the convolution-arithmetic guide, section 4.1; seed note 001, 9.1).",
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

"""The page ``transposed``: the transpose of the convolution matrix, a scatter, and an ordinary convolution.

References
----------
.. [1] Seed note 003, section 11.
.. [2] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, chapter 4.
"""

from __future__ import annotations

import numpy as np
import sympy

from .. import shapes
from ..matrix import conv_matrix
from ..numeric import conv_transpose
from ..symbolic.derivation import Derivation, Illustration, Step, Table
from ..symbolic.expressions import symbol_array
from ..symbolic.variants import transposed_construction, transposed_scatter
from .._errors import SymconvError
from .._validate import refuse_count
from . import _geometry
from ._common import _d, _eq, _gif, _identity_checks, _k, _matrix, _p, _s, _statement, _sym

NAME = "transposed"
TITLE = "Transposed convolution and the transposed matrix"

__all__ = ["NAME", "TITLE", "PARAMETERS", "REQUIRED", "EXAMPLES", "make", "check"]

#: The parameters of a layer this page is derived for (:func:`symconv.pages.derive`), and those it needs.
PARAMETERS = ("input", "kernel", "stride", "padding", "dilation", "transposed", "output_padding")
REQUIRED = ("input", "kernel")
#: Layers the page is worked for in the tests and the help.
EXAMPLES = (
    dict(input=5, kernel=4, stride=2, padding=1, output_padding=1),
    dict(input=(2, 2), kernel=3, stride=2, padding=1),
    dict(input=3, kernel=2, stride=1, dilation=2, padding=((0, 1),)),
)


def make(*, input=None, kernel=None, stride=None, padding=None, dilation=None, transposed=None,
         output_padding=None) -> Derivation:
    """Transposed convolution by its three routes; given a layer, worked for it with its kernel as symbols.

    Parameters
    ----------
    input : optional
        The transposed convolution's input size (the guide's ``i'``).
    kernel, stride, padding, dilation, output_padding : optional
        Its geometry (see :func:`symconv.pages.derive`); none gives the built-in page.
    transposed : bool, optional
        True or not given: the page is about transposed convolution.

    Examples
    --------
    >>> d = make(input=5, kernel=4, stride=2, padding=1)
    >>> d.geometry.output, d[1].relations[0].rhs.shape
    ((10,), (5, 10))
    """
    given = _geometry.given(input=input, kernel=kernel, stride=stride, padding=padding, dilation=dilation,
                            transposed=transposed, output_padding=output_padding)
    if not given:
        return _example()
    if given.get("transposed", True) is not True:
        raise SymconvError(
            f"transposed: page {NAME!r} is about transposed convolution; give transposed=True or leave it out, "
            f"got {given['transposed']!r}", parameter="transposed"
        )
    given["transposed"] = True
    return _for_geometry(_geometry.read(NAME, PARAMETERS, REQUIRED, given))


def _example() -> Derivation:
    """Transposed convolution as the transpose of the convolution matrix, as a scatter, and as a convolution.

    Returns
    -------
    Derivation
        ``check()`` proves ``C^T y`` equal to the scatter and to the guide's
        construction symbolically, compares :func:`symconv.numeric.conv_transpose`
        with the transpose of :func:`symconv.conv_matrix` on a random 2-D case,
        and runs the catalogue's checks.

    Examples
    --------
    >>> make()[0].relations[0].rhs.shape
    (2, 4)
    """
    w = _sym("w", 3)
    x = sympy.Matrix(symbol_array("x", (4,)).tolist())
    C = conv_matrix((1, 4), w.reshape(1, 1, 3), format="dense")
    y = sympy.Matrix(symbol_array("y", (2,)).tolist())
    CT_y = C.T * y
    scattered = transposed_scatter(np.array(list(y), dtype=object).reshape(1, 2), w.reshape(1, 1, 3))[0]
    z = _sym("z", 2)
    built = transposed_construction(z.reshape(1, 2), w.reshape(1, 1, 3), stride=2)
    Cs = sympy.Symbol("C")
    conv_t = sympy.Function(r"conv^{T}")
    steps = [
        Step(
            "The convolution matrix",
            [_eq(Cs, C), _eq(sympy.Symbol("C x"), C * x)],
            "Unrolled, a convolution is a matrix product {y_Cx}. Row {r} of {C} holds the kernel where output {r} "
            "reads the input: the matrix is sparse and constant along its diagonals (Toeplitz). In 2-D it is a "
            "grid of such blocks, themselves placed in a Toeplitz pattern: doubly-block Toeplitz (figures below).",
            symbols={"y_Cx": _eq(sympy.Symbol("y"), sympy.Symbol("C x")), "r": sympy.Symbol("r"), "C": Cs},
            notes=["That is at stride 1. With a stride $s$ each row is the one above moved $s$ columns, so the matrix "
                   "is constant along lines of slope $s$, not along its diagonals: it keeps every $s$-th row of the "
                   "Toeplitz matrix of stride 1."],
            illustrations=[
                Illustration("The 16 x 16 matrix of a 3x3 kernel on a 4x4 input (padding 1): entries coloured by tap, "
                             "blocks labelled by the kernel row they repeat.",
                             image="figures/conv-matrix.svg", latex_image="figures/conv-matrix.pdf", width=0.6),
                Illustration("The same matrix as blocks: one Toeplitz block per kernel row, placed Toeplitz-wise.",
                             image="figures/conv-matrix-blocks.svg", latex_image="figures/conv-matrix-blocks.pdf"),
            ],
        ),
        Step(
            "Transposing the matrix",
            [_eq(sympy.Symbol("C^{T}"), C.T), _eq(sympy.Symbol("C^{T} y"), CT_y),
             _statement("transposed-is-matrix-transpose")],
            "{CT} maps a vector of the output's size back to one of the input's size: that product is the "
            "transposed convolution. It restores the shape, not the values -- it is no inverse, and the name "
            "deconvolution is a misnomer (seed note 003, section 11). It is also the gradient of the convolution "
            "with respect to its input.",
            symbols={"CT": sympy.Symbol("C^{T}")},
        ),
        Step(
            "A scatter",
            [_eq(conv_t(sympy.Symbol("y"), sympy.Symbol("w")), _matrix(scattered))],
            "Read column by column, {CTy} scatters every input value, times the whole kernel, into the output: "
            "input {i} adds {wy} at position {pos}. symconv's scatter gives the same expressions as the matrix.",
            symbols={"CTy": sympy.Symbol("C^{T} y"), "i": sympy.Symbol("i"),
                     "wy": sympy.IndexedBase("w")[sympy.Symbol("a")] * sympy.IndexedBase("y")[sympy.Symbol("i")],
                     "pos": sympy.Symbol("i") * _s + sympy.Symbol("a") * _d - _p},
        ),
        Step(
            "As an ordinary convolution",
            [_statement("transposed-is-stuffed-flipped-conv"), _eq(sympy.Symbol("z"), _matrix(z)),
             _eq(sympy.Symbol(r"\operatorname{stuff}(z)"), _matrix(built.stuffed[0])),
             _eq(sympy.Symbol(r"\operatorname{pad}(\operatorname{stuff}(z))"), _matrix(built.padded[0])),
             _eq(sympy.Symbol(r"\operatorname{flip}(w)"), _matrix(built.kernel[0, 0])),
             _eq(conv_t(sympy.Symbol("z"), sympy.Symbol("w")), _matrix(built.output[0]))],
            "The guide builds the same result from a direct convolution: insert {gaps} zeros between the inputs, "
            "pad each side by {pad}, and cross-correlate with the flipped kernel at stride 1. Here for stride 2 "
            "on two inputs.",
            symbols={"gaps": _s - 1, "pad": _d * (_k - 1) - _p},
            notes=["With a dilation $d$ the flipped kernel is dilated by $d$ too; a pad $d(k-1) - p$ below zero "
                   "($p > d(k-1)$) crops the stuffed input instead, and an output padding adds its cells at the end."],
        ),
        Step(
            "Output size",
            [shapes.general_output_size(transposed=True), shapes.relationships()[13].equation],
            "The output size inverts the convolution's: {a} extra cells at the end (PyTorch's output_padding) "
            "choose among the {s} input sizes that a strided convolution maps to the same output size. The second "
            "line is the guide's relationship 14, without dilation.",
            symbols={"a": sympy.Symbol("a"), "s": _s},
            illustrations=[_gif("padding_strides_transposed"), _gif("padding_strides_odd_transposed")],
        ),
    ]

    def check():
        rng = np.random.default_rng(0)
        yy, ww = rng.normal(size=(1, 2, 3, 4)), rng.normal(size=(2, 3, 3, 3))
        numeric = conv_transpose(yy, ww, stride=2, padding=1)
        # the forward convolution's kernel (C_out, C_in, k) is the transposed one's (C_in, C_out, k)
        matrix = conv_matrix((3, *numeric.shape[2:]), ww, stride=2, padding=1, format="dense")
        plain = conv_transpose(np.array([[[1.0, 2.0]]]), np.array([[[1.0, 10.0, 100.0]]]), stride=2)
        results = {
            "C^T y equals the scatter": all(sympy.expand(a - b) == 0 for a, b in zip(CT_y, scattered.ravel())),
            "numeric conv_transpose equals C^T y in 2-D": bool(
                np.allclose(matrix.T @ yy[0].ravel(), numeric[0].ravel())
            ),
            "the construction at stride 2 gives (1, 10, 102, 20, 200) for z = (1, 2), w = (1, 10, 100)": bool(
                np.allclose(plain[0, 0], [1, 10, 102, 20, 200])
                and [e.subs({z[0]: 1, z[1]: 2, w[0]: 1, w[1]: 10, w[2]: 100}) for e in built.output[0]]
                == [1, 10, 102, 20, 200]
            ),
        }
        results.update(_identity_checks("transposed-is-matrix-transpose", "transposed-is-stuffed-flipped-conv",
                                        "gradient-input-is-transposed-conv"))
        return results

    return Derivation(
        "Transposed convolution and the transpose of the convolution matrix",
        steps,
        introduction=(
            "A transposed convolution maps the output shape of a convolution back to its input shape, for "
            "upsampling. It multiplies by the transpose of the convolution matrix (seed note 003, section 11; "
            "the convolution-arithmetic guide, chapter 4)."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()


# ----------------------------------------------------------------------------
# the page for the user's layer: make(input=..., kernel=..., ...)
# ----------------------------------------------------------------------------


def _for_geometry(user) -> Derivation:
    """One transposed convolution by its three routes, the user's kernel as symbols."""
    import math

    g, ndim = user.geometry, user.ndim
    S = shapes.relationship_symbols()
    entries = math.prod(user.input) * math.prod(user.output)
    refuse_count(entries, _geometry.MAX_MATRIX_ENTRIES, "input", "entries of the matrix the page writes out",
                 "use a smaller input (`shape-arithmetic` gives the sizes of any layer)")
    y = _geometry.symbols_of("y", user.input)
    w = _geometry.symbols_of("w", g.kernel_size)
    kernel = w.reshape(1, 1, *g.kernel_size)
    options = dict(stride=g.stride, padding=user.pads, dilation=g.dilation)
    T = conv_matrix((1, *user.input), kernel, transposed=True, output_padding=g.output_padding, format="sympy",
                    **options)
    C = T.T
    y_vec = sympy.Matrix(list(y.ravel()))
    CT_y = T * y_vec
    scattered = transposed_scatter(y.reshape(1, *user.input), kernel, output_padding=g.output_padding, **options)[0]
    built = transposed_construction(y.reshape(1, *user.input), kernel, output_padding=g.output_padding, **options)
    Cs, CTs = sympy.Symbol("C"), sympy.Symbol("C^{T}")
    conv_t = sympy.Function(r"conv^{T}")
    size_lines, pad_lines, rows = [], [], []
    hat_p = sympy.Symbol(r"\hat{p}")
    for axis in range(ndim):
        v = user.axis(axis)
        values = _geometry.guide_values(user, axis)
        size_lines.append(_eq(_geometry.axis_symbol("o'", axis, ndim),
                              _geometry.worked(_geometry.general_formula(user).rhs, values)))
        before = _geometry.worked(S["d"] * (S["k"] - 1) - _geometry.PAD_BEFORE, values)
        after = _geometry.worked(S["d"] * (S["k"] - 1) - _geometry.PAD_AFTER + S["a"], values)
        pad_lines += [_eq(_geometry.axis_symbol(r"\hat{p}_{b}", axis, ndim), before),
                      _eq(_geometry.axis_symbol(r"\hat{p}_{a}", axis, ndim), after)]
        rows.append([str(axis + 1), v["i"], v["k"], v["s"], v["pb"], v["pa"], v["d"], v["a"], v["o"]])
    taps, block = _geometry.tap_matrix(user)
    pictures, picture_notes, picture_symbols = _geometry.layer_pictures(user)
    position = sympy.Symbol("j") * _s + sympy.Symbol("t") * _d - sympy.Symbol("p_b")
    steps = [
        Step(
            "The sizes of your transposed convolution",
            [_geometry.general_formula(user), *size_lines],
            "Your transposed convolution takes {i_t} inputs to {o_t} outputs along each axis. It is associated "
            "with the direct convolution with the same kernel, stride, padding and dilation, which takes {o_t} "
            "cells back to {i_t}: the transposed convolution restores that convolution's input shape.",
            symbols={"i_t": S["i'"], "o_t": S["o'"], **picture_symbols},
            notes=picture_notes,
            table=Table(["axis", "$i'$", "$k$", "$s$", "$p_b$", "$p_a$", "$d$", "$a$", "$o'$"], rows),
            illustrations=pictures,
        ),
        Step(
            "The convolution matrix",
            [_eq(Cs, C)],
            "The associated direct convolution is a matrix product {y_Cx} with your kernel's weights as symbols: "
            "{C} has one row per cell of its output ({rows}, your input) and one column per cell of its input "
            "({cols}, your output), and row {r} holds the kernel where output {r} reads.",
            symbols={"y_Cx": _eq(sympy.Symbol("y"), sympy.Symbol("C x")), "C": Cs, "r": sympy.Symbol("r"),
                     "rows": sympy.Integer(C.rows), "cols": sympy.Integer(C.cols)},
            illustrations=[_geometry.MatrixFigure(
                "The pattern of {C}: each weight is marked by the number of its kernel tap (in print also by "
                "its colour), each zero by a dot or a blank; blocks are outlined where there is more than one "
                "axis.", taps.T, block[::-1],
                symbols={"C": Cs})],
        ),
        Step(
            "Transposing the matrix",
            [_statement("transposed-is-matrix-transpose"), _eq(CTs, T), _eq(sympy.Symbol("C^{T} y"), CT_y)],
            "{CT} maps a vector of your input's size to one of your output's size: that product is your transposed "
            "convolution. It restores the shape, not the values: it is no inverse of the convolution.",
            symbols={"CT": CTs},
        ),
        Step(
            "A scatter",
            [_eq(conv_t(sympy.Symbol("y"), sympy.Symbol("w")), _matrix(scattered))],
            "Read column by column, {CTy} scatters every input value, times the whole kernel, into the output: "
            "input {j} adds {wy} at position {pos}, and what lands in the padding is dropped. The scatter gives "
            "the same expressions as the matrix.",
            symbols={"CTy": sympy.Symbol("C^{T} y"), "j": sympy.Symbol("j"),
                     "wy": sympy.IndexedBase("w")[sympy.Symbol("t")] * sympy.IndexedBase("y")[sympy.Symbol("j")],
                     "pos": position},
        ),
        Step(
            "As an ordinary convolution",
            [_statement("transposed-is-stuffed-flipped-conv"), *pad_lines,
             _eq(sympy.Symbol(r"\operatorname{stuff}(y)"), _matrix(built.stuffed[0])),
             _eq(sympy.Symbol(r"\operatorname{pad}(\operatorname{stuff}(y))"), _matrix(built.padded[0])),
             _eq(sympy.Symbol(r"\operatorname{flip}(w)"), _matrix(built.kernel[0, 0])),
             _eq(conv_t(sympy.Symbol("y"), sympy.Symbol("w")), _matrix(built.output[0]))],
            "The guide builds the same result from a direct convolution: insert {gaps} zeros between the inputs, "
            "pad by {before} before and {after} after (a negative pad crops), and cross-correlate with the flipped "
            "kernel at stride 1.",
            symbols={"gaps": _s - 1, "before": _d * (_k - 1) - sympy.Symbol("p_b"),
                     "after": _d * (_k - 1) - sympy.Symbol("p_a") + sympy.Symbol("a")},
        ),
    ]

    def checks():
        results = _geometry.Checks()
        reads = ("input", "kernel", "stride", "padding", "dilation", "output_padding")
        scatter = scattered.ravel()
        results.add("C^T y equals the scatter", all(sympy.expand(a - b) == 0 for a, b in zip(CT_y, scatter))
                    and len(CT_y) == scatter.size, *reads)
        results.add("the construction (zeros, padding, flipped kernel) equals the scatter",
                    built.output[0].shape == scattered.shape
                    and all(sympy.expand(a - b) == 0 for a, b in zip(built.output[0].ravel(), scatter)), *reads)
        rng = np.random.default_rng(0)
        yy, ww = rng.normal(size=(1, 2, *user.input)), rng.normal(size=(2, 3, *g.kernel_size))
        numeric = conv_transpose(yy, ww, stride=g.stride, padding=g.padding, dilation=g.dilation,
                                 output_padding=g.output_padding)
        matrix = conv_matrix((2, *user.input), ww, transposed=True, output_padding=g.output_padding,
                             format="dense", **options)
        results.add("numeric conv_transpose (2 -> 3 channels) equals the transposed matrix times y",
                    numeric.shape[2:] == user.output and np.allclose(matrix @ yy[0].ravel(), numeric[0].ravel()),
                    *reads)
        size = shapes.conv_transpose_output_size(user.input, g.kernel_size, stride=g.stride, padding=g.padding,
                                                 dilation=g.dilation, output_padding=g.output_padding)
        results.add(f"conv_transpose_output_size gives {user.output}",
                    (size if isinstance(size, tuple) else (size,)) == user.output, *reads)
        results.add(f"the matrix is {C.rows} x {C.cols}: your input by your output",
                    (C.rows, C.cols) == (math.prod(user.input), math.prod(user.output)), *reads)
        results.identities(_identity_checks("transposed-is-matrix-transpose", "transposed-is-stuffed-flipped-conv",
                                            "gradient-input-is-transposed-conv"))
        return results

    return _geometry.user_derivation(
        "Your transposed convolution, three ways",
        steps,
        user,
        checks,
        "A transposed convolution maps the output shape of a convolution back to its input shape. Yours is "
        "derived three ways, with your kernel as symbols: as the transpose of the convolution matrix, as a "
        "scatter, and as an ordinary convolution of the input with zeros inserted (the convolution-arithmetic "
        "guide, chapter 4).",
    )

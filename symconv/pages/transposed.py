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
from ..symbolic.derivation import Derivation, Illustration, Step
from ..symbolic.expressions import symbol_array
from ..symbolic.variants import transposed_construction, transposed_scatter
from ._common import _d, _eq, _gif, _identity_checks, _k, _matrix, _p, _s, _statement, _sym

NAME = "transposed"
TITLE = "Transposed convolution and the transposed matrix"

__all__ = ["NAME", "TITLE", "make", "check"]


def make() -> Derivation:
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
            illustrations=[
                Illustration("The 16 x 16 matrix of a 3x3 kernel on a 4x4 input (padding 1): entries coloured by tap, "
                             "blocks labelled by the kernel row they repeat.",
                             image="figures/conv-matrix.svg", latex_image="figures/conv-matrix.png", width=0.6),
                Illustration("The same matrix as blocks: one Toeplitz block per kernel row, placed Toeplitz-wise.",
                             image="figures/conv-matrix-blocks.svg", latex_image="figures/conv-matrix-blocks.png"),
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

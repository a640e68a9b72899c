"""The page ``cross-correlation``: what CNNs compute, against true convolution.

References
----------
.. [1] Seed notes 001 (9.2) and 003 (section 2).
"""

from __future__ import annotations

import numpy as np
import sympy

from ..geometry import Geometry
from ..numeric import correlate as numeric_correlate
from ..symbolic.derivation import Derivation, Step
from ..symbolic.expressions import conv_sum
from ..symbolic.variants import convolve, correlate
from ._common import _eq, _identity_checks, _matrix, _statement, _sym

NAME = "cross-correlation"
TITLE = "Cross-correlation and convolution"

__all__ = ["NAME", "TITLE", "make", "check"]


#: Seed note 001, 9.2.1: a 3x3 input, a 2x2 kernel and the four sums written out.
NOTES_INPUT = np.arange(9).reshape(3, 3)
NOTES_KERNEL = np.array([[0, 1], [2, 3]])
NOTES_OUTPUT = np.array([[19, 25], [37, 43]])


def _products(window, kernel):
    """``w0*x0 + w1*x1 + ...`` left unevaluated, as written out by hand in the notes."""
    terms = [sympy.Mul(sympy.Integer(x), sympy.Integer(w), evaluate=False) for x, w in zip(window, kernel)]
    return sympy.Add(*terms, evaluate=False)


def make() -> Derivation:
    """Cross-correlation (what CNNs compute) against true convolution, in 1, 2 and 3 dimensions.

    Returns
    -------
    Derivation
        ``check()`` recomputes the notes' example with
        :func:`symconv.numeric.correlate` and the symbolic route and runs the
        catalogue's checks of flipping, commutativity and associativity.

    Examples
    --------
    >>> [step.title for step in make()][:2]
    ['Two-dimensional cross-correlation', "The notes' example"]
    """
    n_h, n_w, k_h, k_w = sympy.symbols("n_h n_w k_h k_w", integer=True, positive=True)
    o_h, o_w = Geometry((k_h, k_w)).output_size((n_h, n_w))
    X, W, Y, b = sympy.symbols("X W Y b")
    corr = sympy.Function("corr")
    outputs = correlate(NOTES_INPUT, NOTES_KERNEL)
    sums = []
    for i, j in np.ndindex(*outputs.shape):
        window = NOTES_INPUT[i : i + 2, j : j + 2].ravel()
        sums.append(_eq(_products(window, NOTES_KERNEL.ravel()), int(outputs[i, j]), evaluate=False))
    flipped = convolve(NOTES_INPUT, NOTES_KERNEL, mode="valid")
    f, g = _sym("f", 2), _sym("g", 3)
    fg, gf = convolve(f, g), convolve(g, f)
    conv_f = sympy.Function("conv")
    steps = [
        Step(
            "Two-dimensional cross-correlation",
            [conv_sum(2), _eq(Y, corr(X, W) + b), _eq(sympy.Symbol(r"\operatorname{shape}(Y)"), sympy.Tuple(o_h, o_w))],
            "The output at {ij} is the sum of the kernel {W} times the window of the input {X} that starts there: "
            "multiply corresponding entries and add. An input of size {n} and a kernel of size {k} give an output of "
            "size {o} (from the geometry); the bias {b} is added to every output, and the kernel and the bias are what the "
            "layer learns. The kernel size is a hyperparameter.",
            notes=["The sums count the taps from 1, as the notes do; the arrays of the example below are indexed "
                   "from 0, as NumPy's are."],
            symbols={"ij": sympy.Tuple(*sympy.symbols("i j")), "W": W, "X": X, "b": b,
                     "n": sympy.Tuple(n_h, n_w), "k": sympy.Tuple(k_h, k_w), "o": sympy.Tuple(o_h, o_w)},
        ),
        Step(
            "The notes' example",
            [_eq(X, _matrix(NOTES_INPUT)), _eq(W, _matrix(NOTES_KERNEL)), *sums,
             _eq(corr(X, W), _matrix(outputs))],
            "Each output multiplies the four entries of its window by the kernel's and adds them: the four sums "
            "of seed note 001, computed here by symconv's cross-correlation.",
        ),
        Step(
            "True convolution flips the kernel",
            [conv_sum(2, flip=True), _statement("cross-correlation-is-flipped-convolution"),
             _eq(conv_f(X, W), _matrix(flipped))],
            "True convolution reads the kernel backwards, {Wflip}: it is the cross-correlation with the kernel "
            "flipped along every axis, so on the same example it gives other numbers. A layer learns its kernel "
            "either way -- a kernel learned by one is the flipped kernel of the other -- so deep-learning "
            "libraries compute cross-correlation and call it convolution.",
            # 1-based like the sum above: tap (a, b) reads the kernel from its far corner, inside the kernel
            symbols={"Wflip": sympy.IndexedBase("W")[sympy.Symbol("h") + 1 - sympy.Symbol("a"),
                                                     sympy.Symbol("w") + 1 - sympy.Symbol("b")]},
        ),
        Step(
            "Only true convolution commutes",
            [_eq(conv_f(sympy.Symbol("f"), sympy.Symbol("g")), _matrix(fg)),
             _eq(conv_f(sympy.Symbol("g"), sympy.Symbol("f")), _matrix(gf)),
             _statement("convolution-commutes"), _statement("convolution-associates")],
            "Flipping is what makes true convolution commutative and associative, as in mathematics (seed note "
            "003, section 2): in full mode the roles of input and kernel can be swapped. Cross-correlation has "
            "neither property, which does not matter for a layer that learns its kernel.",
        ),
        Step(
            "One and three dimensions",
            [conv_sum(1), conv_sum(3)],
            "The same sum runs over one axis for text, speech and time series, and over three for video, medical "
            "volumes and weather maps (seed note 001, 9.2.3).",
        ),
    ]

    def check():
        results = {
            "the notes' example gives 19, 25, 37, 43": bool(np.array_equal(outputs, NOTES_OUTPUT)),
            "symconv.numeric.correlate agrees": bool(
                np.array_equal(numeric_correlate(NOTES_INPUT, NOTES_KERNEL), NOTES_OUTPUT)
            ),
            "true convolution is correlation with the flipped kernel": bool(
                np.array_equal(flipped, correlate(NOTES_INPUT, NOTES_KERNEL[::-1, ::-1]))
            ),
            "conv(f, g) = conv(g, f) symbolically": all(sympy.expand(a - b) == 0 for a, b in zip(fg, gf)),
        }
        results.update(_identity_checks(
            "cross-correlation-is-flipped-convolution", "convolution-commutes", "convolution-associates"
        ))
        return results

    return Derivation(
        "Cross-correlation and convolution",
        steps,
        introduction=(
            "What deep-learning libraries call convolution is cross-correlation: the kernel slides over the input "
            "without being flipped. True convolution flips it. Seed notes 001 (9.2) and 003 (section 2) tell the "
            "two apart; here each form comes from SymPy and each claim is checked."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

"""The page ``gradients``: the gradients of a one-channel 2-D convolution, derived with SymPy.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 4 (transposed convolution is the
   gradient of convolution).
"""

from __future__ import annotations

import sympy

from .._errors import SymconvError
from .._validate import as_shape
from ..symbolic.derivation import Derivation, Step
from ..symbolic.gradients import check_gradients_symbolic, gradient_expressions
from ._common import _eq

NAME = "gradients"
TITLE = "Gradients of convolution"

__all__ = ["NAME", "TITLE", "make", "check"]


def make(input_size=(3, 3), kernel_size=(2, 2)):
    """The gradients of a one-channel 2-D convolution, derived with SymPy.

    Parameters
    ----------
    input_size, kernel_size : tuple of 2 ints, default (3, 3) and (2, 2)

    Returns
    -------
    Derivation
        Forward expressions, the loss ``L = sum G Y``, then ``dL/dX``,
        ``dL/dW`` and ``dL/db`` each shown equal to its rule; ``check()``
        reruns :func:`symconv.symbolic.gradients.check_gradients_symbolic` (also with stride, padding,
        dilation and groups).

    Raises
    ------
    SymconvError
        A bad size, or more products than SymPy differentiates quickly (named
        ``input_size``, with the numeric functions to use instead), refused
        before any work.

    Examples
    --------
    >>> d = make()
    >>> [step.title for step in d][:2]
    ['Forward pass', 'Loss and upstream gradient']
    >>> all(d.check().values())
    True
    """
    input_size = as_shape(input_size, "input_size", ndim=2, scalar=False)
    kernel_size = as_shape(kernel_size, "kernel_size", ndim=2, scalar=False)
    try:
        g = gradient_expressions((1, *input_size), (1, 1, *kernel_size))
    except SymconvError as error:  # reported under this function's own argument names
        parameter = {"input_shape": "input_size", "kernel_shape": "kernel_size"}.get(error.parameter, error.parameter)
        raise SymconvError(f"{parameter}: {error.detail}", parameter=parameter) from error
    Y, b, L, dX, dW, by_transpose, by_correlation = g.Y, g.b, g.L, g.dX, g.dW, g.by_transpose, g.by_correlation

    def mat(a):
        return sympy.Matrix(a.reshape(a.shape[-2:]).tolist())

    Ys, Ls = sympy.Symbol("Y"), sympy.Symbol("L")
    dXs, dWs, dbs = (sympy.Symbol(rf"\frac{{\partial L}}{{\partial {n}}}") for n in "XWb")
    Gs = sympy.Symbol("G")
    Gi, Yi = sympy.IndexedBase("G"), sympy.IndexedBase("Y")
    i, j = sympy.symbols("i j", integer=True)
    steps = [
        Step(
            "Forward pass",
            [_eq(Ys, mat(Y))],
            "Each output is a weighted sum of one window of {X} plus the bias {b}.",
            None,
            {"X": sympy.Symbol("X"), "b": b[0]},
        ),
        Step(
            "Loss and upstream gradient",
            [_eq(Ls, sympy.Sum(Gi[i, j] * Yi[i, j], (i, 0, Y.shape[-2] - 1), (j, 0, Y.shape[-1] - 1)))],
            "Whatever the loss, the chain rule only needs {G}; $L$ is linear in {Y} with these coefficients.",
            None,
            {"G": _eq(Gs, sympy.Symbol(r"\partial L / \partial Y")), "Y": Ys},
        ),
        Step(
            "Gradient with respect to the input",
            [_eq(dXs, mat(dX)), _eq(sympy.Function("conv^T")(Gs, sympy.Symbol("W")), mat(by_transpose))],
            "Differentiating entry by entry gives the transposed convolution of {G} with the same kernel: "
            "each input receives the kernel taps of every window that read it (the product with {CT}).",
            None,
            {"G": Gs, "CT": sympy.Symbol("C^T")},
        ),
        Step(
            "Gradient with respect to the weights",
            [_eq(dWs, mat(dW)), _eq(sympy.Function("corr")(sympy.Symbol("X"), Gs), mat(by_correlation))],
            "Each weight multiplies one shifted copy of {X}, so its gradient is the cross-correlation of {X} with {G}.",
            None,
            {"X": sympy.Symbol("X"), "G": Gs},
        ),
        Step(
            "Gradient with respect to the bias",
            [_eq(dbs, sympy.expand(sympy.diff(L, b[0])))],
            "The bias is added to every output, so its gradient is the sum of {G}.",
            None,
            {"G": Gs},
        ),
    ]

    def check():
        results = check_gradients_symbolic((1, *input_size), (1, 1, *kernel_size))
        general = check_gradients_symbolic((2, 4, 3), (2, 1, 2, 2), stride=2, padding=(1, 0), dilation=1, groups=2)
        results.update({f"{name} (stride 2, padding, groups 2)": ok for name, ok in general.items()})
        dilated = check_gradients_symbolic((1, 5), (2, 1, 2), stride=2, padding=1, dilation=2)
        results.update({f"{name} (1-D, dilation 2)": ok for name, ok in dilated.items()})
        return results

    return Derivation(
        "Gradients of convolution",
        steps,
        introduction=(
            "Backpropagation through $Y = X \\star W + b$ (cross-correlation), derived with SymPy on a "
            f"${input_size[0]} \\times {input_size[1]}$ input and a ${kernel_size[0]} \\times {kernel_size[1]}$ kernel."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

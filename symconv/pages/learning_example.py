"""The page ``learning-example``: gradient descent recovers the kernel ``[1, -1]``, and why it converges.

References
----------
.. [1] Seed note 002, section 6.2.
.. [2] A. Zhang et al., *Dive into Deep Learning*, section 7.2.4.
"""

from __future__ import annotations

import numpy as np
import sympy

from ..numeric.learning import edge_example, learn_edge_kernel
from ..symbolic.derivation import Derivation, Step, latex
from ._common import _eq, _hessian_facts, _hessian_symbol

NAME = "learning-example"
TITLE = "Learning the edge kernel"

__all__ = ["NAME", "TITLE", "make", "check"]


def make(*, steps=10, lr=3e-2, seed=0):
    """The learning example as a derivation: data, gradient, trajectory and why it converges.

    Returns
    -------
    Derivation
        Its ``check()`` reports whether the learned kernel is within the
        contraction bound ``max|1 - lr*lambda|**steps * |K0 - K|`` of
        ``[1, -1]`` and whether the loss decreased.

    Examples
    --------
    >>> d = make()
    >>> d.check()
    {'within the contraction bound': True, 'loss decreased': True}
    """
    X, K_true, Y = edge_example()
    run = learn_edge_kernel(steps=steps, lr=lr, seed=seed)
    A, hessian, eigenvalues, factors = _hessian_facts((1, 2), lr)
    contraction = max(abs(f) for f in factors)
    lam, rho = sympy.Symbol(r"\lambda"), sympy.Symbol(r"\rho")
    trajectory = sympy.Matrix(
        [[i, sympy.Float(loss, 6), *(sympy.Float(v, 6) for v in k.ravel())] for i, (loss, k) in enumerate(zip(run.losses, run.kernels))]
    )
    steps_list = [
        Step(
            "Data",
            [_eq(sympy.Symbol("X"), sympy.Matrix(X.astype(int))), _eq(sympy.Symbol("Y"), sympy.Matrix(Y.astype(int)))],
            "A 6x8 image, dark in columns 2 to 5; the target is its cross-correlation with {K}: $+1$ and $-1$ at the "
            "edges.",
            None,
            {"K": sympy.Matrix(K_true.astype(int))},
        ),
        Step(
            "Gradient",
            [_eq(sympy.Symbol(r"\frac{\partial L}{\partial K}"), sympy.Symbol(r"\operatorname{corr}(X, 2(X \star K - Y))"))],
            "With $L$ the sum of squared errors, the weight gradient is the cross-correlation of $X$ with "
            "$2(X \\star K - Y)$ (`symconv.numeric.conv_grad_weight`); each step is "
            f"$K \\leftarrow K - {latex(sympy.nsimplify(lr))} \\, \\partial L / \\partial K$.",
        ),
        Step(
            "Why it converges",
            [_eq(sympy.Symbol("H"), hessian), _eq(lam, sympy.FiniteSet(*eigenvalues)),
             _eq(rho, contraction), _eq(rho**steps, sympy.Float(float(contraction) ** steps, 4))],
            "The loss is quadratic with Hessian {H} ($A$: the windows of $X$ as rows). Gradient descent multiplies "
            "the error along each eigenvector by $1 - \\eta \\lambda$ (learning rate $\\eta$, eigenvalue $\\lambda$), "
            "at most {rho} in size, so after {n} steps the kernel error is at most {bound} of what it was.",
            None,
            {"rho": contraction, "n": sympy.Integer(steps), "bound": sympy.Float(float(contraction) ** steps, 3),
             "H": _hessian_symbol()},
        ),
        Step(
            "Trajectory",
            [_eq(sympy.Symbol(r"\text{step, loss}, K_{0}, K_{1}"), trajectory)],
            "The loss before each step and the kernel it used (seed {seed}); the last row is after step {n}.",
            None,
            {"seed": sympy.Integer(seed), "n": sympy.Integer(steps)},
        ),
    ]

    def check():
        bound = float(contraction) ** steps * np.linalg.norm(run.start - K_true)
        return {
            "within the contraction bound": bool(np.linalg.norm(run.kernel - K_true) <= bound + 1e-12),
            "loss decreased": run.losses[-1] < run.losses[0],
        }

    return Derivation(
        "Learning the edge kernel",
        steps_list,
        introduction="Seed note 002, section 6.2: gradient descent recovers the kernel $[1, -1]$ from $X$ and $Y$.",
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

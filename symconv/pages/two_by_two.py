"""The page ``two-by-two``: why a 2x2 kernel "does not converge" on the notes' example.

References
----------
.. [1] Seed note 002, section 6.2.
"""

from __future__ import annotations

import numpy as np
import sympy

from .._errors import SymconvError
from ..geometry import Geometry
from ..numeric.conv import conv
from ..numeric.learning import edge_example, learn_edge_kernel
from ..symbolic.derivation import Derivation, Step
from ._common import _eq, _hessian_facts, _hessian_symbol

NAME = "two-by-two"
TITLE = "Why a 2x2 kernel does not converge"

__all__ = ["NAME", "TITLE", "make", "check"]


def make(*, lr=3e-2, seed=0):
    """Why a 2x2 kernel "does not converge" on the notes' example -- answered with symconv.

    Three reasons, each computed:

    1. The shapes: a 2x2 kernel on the 6x8 input gives a 5x7 output; the
       6x7 target of the 1x2 kernel no longer fits, so the loss is not even
       defined (PyTorch refuses to subtract them).
    2. With a target that fits (``Y = corr(X, [[1, -1], [-4, 2]])``, the
       kernel commented out in the notes), the step is too large: the
       Hessian of the sum of squares is ``2 A^T A`` with eigenvalues
       ``100, 20, 0, 0``; gradient descent needs ``lr < 2/100`` but the notes
       use ``0.03``, so the error along the top eigenvector is multiplied by
       ``1 - 0.03 * 100 = -2`` every step and the loss explodes.
    3. Even with a stable step the kernel is not identifiable: every row of
       ``X`` is the same, so the design matrix ``A`` (rows: the 2x2 windows)
       has rank 2, and ``K + a [[1, 0], [-1, 0]] + b [[0, 1], [0, -1]]`` gives
       the same output for every ``a, b``; only the column sums of the
       kernel are determined.

    Returns
    -------
    Derivation
        Its ``check()`` confirms each claim numerically (the shape error,
        a diverging run at ``lr``, a converging run at ``lr = 0.01`` whose
        column sums approach the target's).

    Examples
    --------
    >>> d = make()
    >>> all(d.check().values())
    True
    """
    X, _, Y6 = edge_example()
    K2 = np.array([[1.0, -1.0], [-4.0, 2.0]])
    Y5 = conv(X[None, None], K2[None, None])[0, 0]
    A, hessian, eigenvalues, factors = _hessian_facts((2, 2), lr)
    A_sym = A
    rank = A_sym.rank()
    null = A_sym.nullspace()
    out = Geometry((2, 2), ndim=2).output_size(X.shape)
    lam = sympy.Symbol(r"\lambda")
    k = sympy.Matrix(2, 2, [sympy.Symbol(f"k_{{{r},{c}}}") for r in range(2) for c in range(2)])
    a, b = sympy.symbols("alpha beta")
    moved = k + a * sympy.Matrix(null[0]).reshape(2, 2) + b * sympy.Matrix(null[1]).reshape(2, 2)
    steps_list = [
        Step(
            "The shapes no longer match",
            [_eq(sympy.Symbol(r"\operatorname{shape}(X \star K_{2 \times 2})"), sympy.Tuple(*out)),
             _eq(sympy.Symbol(r"\operatorname{shape}(Y)"), sympy.Tuple(*Y6.shape))],
            "A 2x2 kernel on the 6x8 input has {o} outputs per column, but the target made with the 1x2 kernel has 6: "
            "the loss cannot be formed at all.",
            None,
            {"o": sympy.Integer(out[0])},
        ),
        Step(
            "With a matching target the step is too large",
            [_eq(sympy.Symbol("H"), hessian), _eq(lam, sympy.Tuple(*eigenvalues)),
             _eq(sympy.Symbol(r"1 - \eta \lambda"), sympy.Tuple(*factors))],
            "Take $Y = X \\star K_2$ ($5 \\times 7$), where {K2}. The loss is quadratic with Hessian {H}; its largest "
            "eigenvalue is "
            "{lmax}, so gradient descent is stable only for a step below {limit}. At {lr} the error along that "
            "direction is multiplied by {factor} each step: the loss grows instead of falling.",
            None,
            {"K2": _eq(sympy.Symbol("K_2"), sympy.Matrix(K2.astype(int))), "lmax": eigenvalues[0], "limit": 2 / eigenvalues[0], "H": _hessian_symbol(),
             "lr": sympy.nsimplify(lr), "factor": factors[0]},
        ),
        Step(
            "Only the column sums are identifiable",
            [_eq(sympy.Symbol(r"\operatorname{rank} A"), rank),
             _eq(sympy.Symbol(r"\ker A"), sympy.Tuple(*(sympy.Matrix(v).reshape(2, 2) for v in null))),
             _eq(sympy.Symbol(r"X \star K'"), sympy.Symbol(r"X \star K")),
             _eq(sympy.Symbol("K'"), moved)],
            "Every row of $X$ is the same, so a 2x2 window holds the same pair twice and $A$ (one window per row, "
            "35 x 4) has rank {rank}. Moving weight between the two rows of a column leaves every output unchanged; "
            "only the column sums {sums} of the kernel are fixed by the data.",
            None,
            {"rank": sympy.Integer(rank), "sums": sympy.Matrix([K2.sum(axis=0).astype(int).tolist()])},
        ),
    ]

    def check():
        try:
            learn_edge_kernel((2, 2), target=Y6)
            shape_refused = False
        except SymconvError:
            shape_refused = True
        diverging = learn_edge_kernel((2, 2), lr=lr, seed=seed, target=Y5)
        stable = learn_edge_kernel((2, 2), lr=1e-2, steps=200, seed=seed, target=Y5)
        return {
            "6x7 target refused for a 2x2 kernel": shape_refused,
            f"loss grows at lr={lr}": diverging.losses[-1] > 1e3 * diverging.losses[0],
            "rank 2 design matrix": bool(rank == 2 and np.linalg.matrix_rank(np.array(A.tolist(), dtype=float)) == 2),
            "column sums recovered at lr=0.01": bool(np.allclose(stable.kernel.sum(axis=0), K2.sum(axis=0), atol=1e-6)),
            "kernel itself not recovered": not np.allclose(stable.kernel, K2, atol=1e-2),
        }

    return Derivation(
        'Why a 2x2 kernel "does not converge"',
        steps_list,
        introduction=(
            "Seed note 002, section 6.2 asks why training with a 2x2 kernel fails where the 1x2 kernel succeeds. "
            "Every number below is computed by symconv."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

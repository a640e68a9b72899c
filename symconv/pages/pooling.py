"""The page ``pooling``: max, average and global pooling, written out, and their output sizes.

References
----------
.. [1] Seed note 002, section 6.5.
"""

from __future__ import annotations

import numpy as np
import sympy

from .. import shapes
from ..numeric import avg_pool, max_pool
from ..symbolic.derivation import Derivation, Step
from ..symbolic.variants import global_pool_expressions, pool_expressions
from ._common import _eq, _i, _identity_checks, _k, _matrix, _s, _statement

NAME = "pooling"
TITLE = "Pooling"

__all__ = ["NAME", "TITLE", "make", "check"]


def make() -> Derivation:
    """Max, average and global pooling, written out, and their output sizes.

    Returns
    -------
    Derivation
        ``check()`` compares the written-out expressions, at random numbers,
        with :func:`symconv.numeric.max_pool` and
        :func:`~symconv.numeric.avg_pool`, and runs the catalogue's checks.

    Examples
    --------
    >>> make()[0].relations[0].rhs.shape
    (2, 2)
    """
    Y = sympy.Symbol("Y")
    maxed = pool_expressions((1, 4, 4), 2)
    averaged = pool_expressions((1, 2, 4), 2, mode="avg")
    pooled_global = global_pool_expressions((1, 2, 2))
    floor_size = shapes.pool_output_size(_i, _k, stride=_s)
    ceil_size = shapes.pool_output_size(_i, _k, stride=_s, ceil_mode=True)
    o_floor, o_ceil = sympy.symbols(r"o_{floor} o_{ceil}")
    steps = [
        Step(
            "Max pooling",
            [_eq(Y, _matrix(np.array(maxed.tolist()[0], dtype=object))), _statement("max-pool-is-max-of-window")],
            "Each output is the largest value of its window; a 2x2 window with stride 2 reads every input "
            "once and halves each side of a 4x4 map. Pooling has nothing to learn. It makes the layer less "
            "sensitive to where exactly a feature appears, and downsamples the representation (seed note 002, "
            "6.5).",
        ),
        Step(
            "Average pooling is a convolution",
            [_eq(Y, _matrix(np.array(averaged.tolist()[0], dtype=object))), _statement("average-pool-is-conv")],
            "Average pooling is the per-channel convolution with the constant kernel that weights every cell of "
            "the window equally, with the pooling's stride.",
        ),
        Step(
            "Output size",
            [_eq(o_floor, floor_size), _eq(o_ceil, ceil_size)],
            "The window slides like a convolution without padding, so the size is relationship 7 of the guide. "
            "PyTorch's ceil_mode rounds up instead, keeping a last partial window as long as it starts inside the "
            "input.",
        ),
        Step(
            "Global pooling",
            [_eq(Y, _matrix(np.array(pooled_global.tolist(), dtype=object))), _statement("global-pool-is-mean")],
            "Global average pooling reduces each channel to its mean: one window covering the whole map.",
        ),
    ]

    def check():
        rng = np.random.default_rng(0)
        x = rng.normal(size=(1, 1, 4, 4))
        values = {sympy.Symbol(f"X_{{0,{i},{j}}}"): x[0, 0, i, j] for i in range(4) for j in range(4)}
        written = np.array([[float(e.subs(values)) for e in row] for row in maxed.tolist()[0]])
        averages = np.array([[float(e.subs(values)) for e in row] for row in averaged.tolist()[0]])
        results = {
            "written-out max pooling equals numeric max_pool": bool(np.allclose(written, max_pool(x, 2)[0, 0])),
            "written-out average pooling equals numeric avg_pool": bool(
                np.allclose(averages, avg_pool(x[:, :, :2], 2)[0, 0])
            ),
            "ceil_mode keeps a last partial window (i=5, k=2)": (
                shapes.pool_output_size(5, 2, ceil_mode=True), shapes.pool_output_size(5, 2)
            ) == (3, 2) and max_pool(np.zeros((1, 1, 5)), 2, ceil_mode=True).shape[-1] == 3,
        }
        results.update(_identity_checks("max-pool-is-max-of-window", "average-pool-is-conv", "global-pool-is-mean"))
        return results

    return Derivation(
        "Pooling",
        steps,
        introduction=(
            "Pooling summarises each window by its maximum or its mean. Every expression below is written out by "
            "symconv from the pooling geometry."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

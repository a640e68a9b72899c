"""Average, max and global pooling.

References
----------
.. [1] Seed note 002, section 6.5.
"""

from __future__ import annotations

import math

import numpy as np
import sympy

from ... import numeric as _numeric
from ...geometry import Geometry
from ..expressions import conv_expressions
from ..variants import as_array, global_pool_expressions, pool_expressions
from ._base import _X, Identity, _conv, _e, _f, _randint, _randints, _same, _sym, _trials

__all__ = ["entries"]


def _avg_pool_symbolic():
    X = _sym("X", (2, 4, 5))
    pooled = _e(pool_expressions(X, 2, stride=(2, 1), padding=1, mode="avg"))
    kernel = np.full((2, 1, 2, 2), sympy.Rational(1, 4), dtype=object)
    return _same(pooled, _e(conv_expressions(X, kernel, stride=(2, 1), padding=1, groups=2)))


def _avg_pool_numeric(rng):
    def one(rng):
        ndim = _randint(rng, 1, 3)
        k = _randints(rng, 1, 3, ndim)
        s = _randints(rng, 1, 3, ndim)
        p = tuple(_randint(rng, 0, kk // 2) for kk in k)
        c = _randint(rng, 1, 3)
        x = rng.normal(size=(2, c, *(kk + _randint(rng, 0, 4) for kk in k)))
        kernel = np.full((c, 1, *k), 1 / math.prod(k))
        return _same(_numeric.avg_pool(x, k, stride=s, padding=p), _numeric.conv(x, kernel, stride=s, padding=p, groups=c))

    return _trials(one, rng)


def _max_pool_symbolic():
    X = _sym("X", (1, 4, 4))
    pooled = _e(pool_expressions(X, 2))
    seen = []
    for i, j in np.ndindex(2, 2):
        args = set(pooled[0, i, j].args)
        if args != set(X[0, 2 * i : 2 * i + 2, 2 * j : 2 * j + 2].ravel().tolist()):
            return False
        seen += list(args)
    # non-overlapping windows: every input in exactly one maximum
    overlapping = _e(pool_expressions(X, 3, stride=1, padding=1, dilation=1))
    corner = set(overlapping[0, 0, 0].args) == {X[0, 0, 0], X[0, 0, 1], X[0, 1, 0], X[0, 1, 1]}
    return sorted(map(str, seen)) == sorted(map(str, X.ravel().tolist())) and corner


def _max_pool_numeric(rng):
    def one(rng):
        k = (_randint(rng, 1, 3), _randint(rng, 1, 3))
        s = (_randint(rng, 1, 3), _randint(rng, 1, 3))
        p = tuple(_randint(rng, 0, kk // 2) for kk in k)
        d = (_randint(rng, 1, 2), 1)
        ceil_mode = bool(rng.integers(2))
        span = Geometry(k, dilation=d).effective_kernel_size
        x = rng.normal(size=(1, 2, *(e + _randint(rng, 0, 3) for e in span)))
        ref = _numeric.max_pool(x, k, stride=s, padding=p, dilation=d, ceil_mode=ceil_mode)
        symbolic = pool_expressions(x[0], k, stride=s, padding=p, dilation=d, ceil_mode=ceil_mode)
        values = np.array([float(v) for v in as_array(symbolic).ravel().tolist()]).reshape(ref.shape[1:])
        return _same(ref[0], values)

    return _trials(one, rng, 4)


def _global_pool_symbolic():
    X = _sym("X", (2, 2, 3))
    mean = _e(global_pool_expressions(X))
    kernel = np.full((2, 1, 2, 3), sympy.Rational(1, 6), dtype=object)
    top = _e(global_pool_expressions(X, mode="max"))
    return _same(mean, _e(conv_expressions(X, kernel, groups=2))[:, 0, 0]) and all(
        set(top[c].args) == set(X[c].ravel().tolist()) for c in range(2)
    )


def _global_pool_numeric(rng):
    def one(rng):
        x = rng.normal(size=(2, _randint(rng, 1, 4), _randint(rng, 1, 6), _randint(rng, 1, 6)))
        size = x.shape[2:]
        return _same(_numeric.avg_pool(x, size)[:, :, 0, 0], x.mean(axis=(2, 3))) and _same(
            _numeric.max_pool(x, size)[:, :, 0, 0], x.max(axis=(2, 3))
        )

    return _trials(one, rng)


def entries() -> list[Identity]:
    """The identities of pooling, in catalogue order."""
    X = _X
    c, i, j, s = sympy.symbols("c i j s", integer=True)
    Xi, Yi = sympy.IndexedBase("X"), sympy.IndexedBase("Y")
    return [
        Identity(
            "average-pool-is-conv",
            sympy.Eq(_f("avgpool_k")(X), _conv(X, sympy.Symbol(r"\frac{1}{|k|} \mathbf{1}_k"), s)),
            "Average pooling is a per-channel convolution with the constant kernel $1/|k|$ ($|k|$ cells in the window) "
            "and the same stride.",
            _avg_pool_symbolic,
            _avg_pool_numeric,
            "seed 002, 6.5",
        ),
        Identity(
            "max-pool-is-max-of-window",
            sympy.Eq(Yi[i, j], sympy.Max(Xi[s * i, s * j], Xi[s * i + 1, s * j + 1], sympy.Symbol(r"\dots"))),
            "Max pooling: each output is the Max of exactly the inputs in its window.",
            _max_pool_symbolic,
            _max_pool_numeric,
            "seed 002, 6.5",
        ),
        Identity(
            "global-pool-is-mean",
            sympy.Eq(Yi[c], sympy.Sum(Xi[c, i, j], (i, 0, sympy.Symbol("H") - 1), (j, 0, sympy.Symbol("W") - 1))
                     / (sympy.Symbol("H") * sympy.Symbol("W"))),
            "Global average pooling is the mean of each channel: pooling (or a constant convolution) over the whole map.",
            _global_pool_symbolic,
            _global_pool_numeric,
            "seed 002, 6.5",
        ),
    ]

"""Spatially separable convolution: two 1-D passes, the rank-one test and the cost.

References
----------
.. [1] Seed note 003, section 9.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from ... import counting
from ... import numeric as _numeric
from ..._errors import SymconvError
from ..variants import correlate, separable_factors, separable_rank, spatial_separable_cost_ratio
from ._base import _X, Identity, _corr, _randint, _same, _sym, _trials

__all__ = ["entries"]


def _spatial_symbolic():
    X, u, v = _sym("X", (4, 5)), _sym("u", (3,)), _sym("v", (2,))
    two_pass = correlate(correlate(X, u[:, None]), v[None, :])
    return _same(two_pass, correlate(X, np.outer(u, v)))


def _spatial_numeric(rng):
    def one(rng):
        kh, kw = _randint(rng, 1, 4), _randint(rng, 1, 4)
        x = rng.normal(size=(kh + _randint(rng, 0, 5), kw + _randint(rng, 0, 5)))
        u, v = rng.normal(size=kh), rng.normal(size=kw)
        two_pass = _numeric.correlate(_numeric.correlate(x, u[:, None]), v[None, :])
        return _same(two_pass, _numeric.correlate(x, np.outer(u, v)))

    return _trials(one, rng)


def _separability_symbolic():
    u, v = sympy.symbols("u0:3", nonzero=True), sympy.symbols("v0:3", nonzero=True)
    K = np.outer(np.array(u, dtype=object), np.array(v, dtype=object))
    fu, fv = separable_factors(K)
    exact = sympy.simplify(fu * fv.T - sympy.Matrix(K.tolist())) == sympy.zeros(3, 3)
    laplacian = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]])
    sobel = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    su, sv = separable_factors(sobel)
    try:
        separable_factors(laplacian)
        refused = False
    except SymconvError:
        refused = True
    return (
        separable_rank(K) == 1
        and exact
        and separable_rank(laplacian) == 2
        and refused
        and su * sv.T == sympy.Matrix(sobel.tolist())
    )


def _separability_numeric(rng):
    def one(rng):
        m, n = _randint(rng, 2, 5), _randint(rng, 2, 5)
        K = np.outer(rng.normal(size=m), rng.normal(size=n))
        u, v = separable_factors(K)
        generic = rng.normal(size=(m, n))
        try:
            separable_factors(generic)
            refused = False
        except SymconvError:
            refused = True
        return separable_rank(K) == 1 and np.allclose(np.outer(u, v), K) and refused

    return _trials(one, rng)


def _spatial_cost_symbolic():
    kh, kw = sympy.symbols("k_h k_w", positive=True, integer=True)
    return sympy.simplify(spatial_separable_cost_ratio() - (1 / kh + 1 / kw)) == 0


def _spatial_cost_numeric(rng):
    def one(rng):
        kh, kw = _randint(rng, 1, 7), _randint(rng, 1, 7)
        h, w = kh + _randint(rng, 0, 30), kw + _randint(rng, 0, 30)
        _, _, sep = counting.spatially_separable((1, h, w), 1, (kh, kw), bias=False)
        full = counting.conv((1, h, w), 1, (kh, kw), bias=False)
        # column pass (H-kh+1) W kh, row pass (H-kh+1)(W-kw+1) kw
        return Fraction(sep.macs, full.macs) == Fraction(w, (w - kw + 1) * kw) + Fraction(1, kh)

    return _trials(one, rng, 20)


def entries() -> list[Identity]:
    """The identities of spatially separable convolution, in catalogue order."""
    X = _X
    return [
        Identity(
            "spatially-separable-two-passes",
            sympy.Eq(_corr(_corr(X, sympy.Symbol("u")), sympy.Symbol("v^T")), _corr(X, sympy.Symbol("u v^T"))),
            "A rank-1 kernel (the outer product of u and v) gives the same result as a column pass with u then a row pass with v.",
            _spatial_symbolic,
            _spatial_numeric,
            "seed 003, section 9",
        ),
        Identity(
            "separability-is-rank-one",
            sympy.Equivalent(sympy.Symbol(r"\exists u, v: K = u v^T"), sympy.Eq(sympy.Symbol(r"\operatorname{rank} K"), 1)),
            "A kernel is spatially separable exactly when its rank is 1; the factors are a column and a scaled row.",
            _separability_symbolic,
            _separability_numeric,
            "seed 003, section 9",
        ),
        Identity(
            "spatially-separable-cost",
            sympy.Eq(sympy.Symbol("M_sep") / sympy.Symbol("M_full"), 1 / sympy.Symbol("k_h") + 1 / sympy.Symbol("k_w")),
            "Two 1-D passes cost $1/k_h + 1/k_w$ of one $k_h \\times k_w$ pass on a large input.",
            _spatial_cost_symbolic,
            _spatial_cost_numeric,
            "seed 003, section 9",
        ),
    ]

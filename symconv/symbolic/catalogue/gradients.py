"""The gradients of convolution: transposed convolution, correlation and a sum.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 4.
.. [2] Seed note 002, section 6.2 (learning a kernel).
"""

from __future__ import annotations

import numpy as np
import sympy

from ... import numeric as _numeric
from ...matrix import conv_matrix
from ...numeric.gradients import conv_grad_bias, conv_grad_input, conv_grad_weight
from ..gradients import check_gradients_symbolic
from ._base import _G, _W, _X, Identity, _convt, _corr, _randint, _random_layer, _same, _trials

__all__ = ["entries"]


_GRADIENT_GEOMETRIES = (
    ((1, 3, 3), (1, 1, 2, 2), {}),
    ((2, 4, 3), (2, 1, 2, 2), dict(stride=2, padding=(1, 0), groups=2)),
    ((1, 5), (2, 1, 2), dict(stride=2, padding=1, dilation=2)),
)


def _gradient_symbolic(key):
    def check():
        return all(
            all(ok for name, ok in check_gradients_symbolic(i, k, **kw).items() if name.startswith(key))
            for i, k, kw in _GRADIENT_GEOMETRIES
        )

    return check


def _finite_difference(f, x, eps=1e-6):
    grad = np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        step = np.zeros_like(x)
        step[index] = eps
        grad[index] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def _gradient_numeric(which):
    def check(rng):
        def one(rng):
            x, w, kw = _random_layer(rng, ndim=_randint(rng, 1, 2))
            b = rng.normal(size=w.shape[0])
            g = rng.normal(size=_numeric.conv(x, w, **kw).shape)

            def loss(x_, w_, b_):
                return float((g * _numeric.conv(x_, w_, b_, **kw)).sum())

            if which == "input":
                got = conv_grad_input(x.shape, w, g, **kw)
                C = conv_matrix(x.shape[1:], w, **kw)
                by_matrix = np.stack([(C.T @ g[n].ravel()).reshape(x.shape[1:]) for n in range(x.shape[0])])
                return _same(got, by_matrix) and np.allclose(got, _finite_difference(lambda v: loss(v, w, b), x), atol=1e-6)
            if which == "weight":
                got = conv_grad_weight(x, w.shape, g, **kw)
                return np.allclose(got, _finite_difference(lambda v: loss(x, v, b), w), atol=1e-6)
            got = conv_grad_bias(g)
            return np.allclose(got, _finite_difference(lambda v: loss(x, w, v), b), atol=1e-6)

        return _trials(one, rng, 4)

    return check


def entries() -> list[Identity]:
    """The identities of the gradients, in catalogue order."""
    X, W, G = _X, _W, _G
    o, i, j = sympy.symbols("o i j", integer=True)
    return [
        Identity(
            "gradient-input-is-transposed-conv",
            sympy.Eq(sympy.Symbol(r"\frac{\partial L}{\partial X}"), _convt(G, W)),
            "dL/dX is the transposed convolution of dL/dY with the same kernel (the transpose of C times dL/dY).",
            _gradient_symbolic("dL/dX"),
            _gradient_numeric("input"),
            "convolution-arithmetic guide, section 4",
        ),
        Identity(
            "gradient-weight-is-correlation",
            sympy.Eq(sympy.Symbol(r"\frac{\partial L}{\partial W}"), _corr(X, G)),
            "dL/dW is the cross-correlation of the input with dL/dY (stride and dilation trade places).",
            _gradient_symbolic("dL/dW"),
            _gradient_numeric("weight"),
            "seed 002, 6.2 (learning a kernel)",
        ),
        Identity(
            "gradient-bias-is-sum",
            sympy.Eq(sympy.Symbol(r"\frac{\partial L}{\partial b_o}"), sympy.Sum(sympy.IndexedBase("G")[sympy.Symbol("n"), o, i, j],
                 (sympy.Symbol("n"), 0, sympy.Symbol("N") - 1), (i, 0, sympy.Symbol("H") - 1), (j, 0, sympy.Symbol("W") - 1))),
            "dL/db is dL/dY summed over the batch and every position.",
            _gradient_symbolic("dL/db"),
            _gradient_numeric("bias"),
            "backpropagation",
        ),
    ]

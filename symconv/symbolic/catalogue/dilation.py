"""Dilation as a zero-inserted kernel, and the receptive field of a dilated stack.

References
----------
.. [1] Seed note 003, section 10.
"""

from __future__ import annotations

import numpy as np
import sympy

from ... import numeric as _numeric
from ..expressions import conv_expressions
from ..variants import dilated_kernel
from ._base import _W, _X, Identity, _conv, _e, _randint, _random_layer, _same, _sym, _trials

__all__ = ["entries"]


def _dilated_symbolic():
    X, W = _sym("X", (1, 5, 6)), _sym("W", (1, 1, 2, 2))
    a = _e(conv_expressions(X, W, dilation=(2, 3), padding=1))
    return _same(a, _e(conv_expressions(X, dilated_kernel(W, (2, 3)), padding=1)))


def _dilated_numeric(rng):
    def one(rng):
        x, w, kw = _random_layer(rng, ndim=_randint(rng, 1, 3))
        plain = _numeric.conv(x, dilated_kernel(w, kw["dilation"]), **{**kw, "dilation": 1})
        return _same(_numeric.conv(x, w, **kw), plain)

    return _trials(one, rng)


_L, _l = sympy.symbols("L l", positive=True, integer=True)


def _receptive_symbolic():
    # each dilated 3x3 layer l (dilation 2^l) adds d (k - 1) = 2^(l+1) to the receptive field
    total = 1 + sympy.summation(2 * 2**_l, (_l, 0, _L - 1))
    return sympy.simplify(total - (2 ** (_L + 1) - 1)) == 0


def _receptive_numeric(rng):
    # compose the kernels: the support of the stacked kernel is the receptive field
    for layers in range(1, 6):
        composed = np.ones(1, dtype=np.int64)
        for level in range(layers):
            composed = _numeric.convolve(composed, np.asarray(dilated_kernel(np.ones((1, 1, 3), np.int64), 2**level))[0, 0], mode="full")
        if np.count_nonzero(composed) != 2 ** (layers + 1) - 1 or composed.size != 2 ** (layers + 1) - 1:
            return False
    return True


def entries() -> list[Identity]:
    """The identities of dilation, in catalogue order."""
    X, W = _X, _W
    return [
        Identity(
            "dilation-is-zero-inserted-kernel",
            sympy.Eq(_conv(X, W, sympy.Symbol("d")), _conv(X, sympy.Symbol("W^{(d)}"))),
            "Dilated convolution equals ordinary convolution with d-1 zeros inserted between the kernel taps.",
            _dilated_symbolic,
            _dilated_numeric,
            "seed 003, section 10",
        ),
        Identity(
            "dilated-receptive-field",
            sympy.Eq(1 + sympy.Sum(2 * 2**_l, (_l, 0, _L - 1)), 2 ** (_L + 1) - 1),
            "$L$ stacked 3x3 convolutions with dilations 1, 2, 4, ... see $2^{L+1} - 1$ inputs per axis.",
            _receptive_symbolic,
            _receptive_numeric,
            "seed 003, section 10",
        ),
    ]

"""Deformable convolution and the bilinear sampling it reads the input with.

References
----------
.. [1] Seed note 003, section 12.
.. [2] J. Dai et al., "Deformable Convolutional Networks", arXiv:1703.06211.
"""

from __future__ import annotations

import numpy as np
import sympy

from ... import numeric as _numeric
from ..expressions import conv_expressions
from ..variants import bilinear_form, deform_conv2d_expressions, shift
from ._base import _W, _X, Identity, _conv, _e, _f, _randint, _random_layer, _same, _sym, _trials

__all__ = ["entries"]


_R0, _C0, _U, _V = sympy.symbols("r_0 c_0 u v")


def _deform_zero_symbolic():
    X, W = _sym("X", (2, 3, 4)), _sym("W", (2, 2, 2, 2))
    offsets = np.zeros((8, 4, 5))
    return _same(deform_conv2d_expressions(X, offsets, W, padding=1), _e(conv_expressions(X, W, padding=1)))


def _deform_zero_numeric(rng):
    def one(rng):
        x, w, kw = _random_layer(rng)
        y = _numeric.conv(x, w, **kw)
        og = _randint(rng, 1, 2) if x.shape[1] % 2 == 0 else 1
        taps = w.shape[2] * w.shape[3]
        zeros = np.zeros((x.shape[0], 2 * og * taps, *y.shape[2:]))
        ones = np.ones((x.shape[0], og * taps, *y.shape[2:]))
        return _same(_numeric.deform_conv2d(x, zeros, w, mask=ones, offset_groups=og, **kw), y)

    return _trials(one, rng)


def _deform_integer_symbolic():
    X, W = _sym("X", (1, 4, 4)), _sym("W", (1, 1, 2, 2))
    offsets = np.zeros((8, 3, 3))
    offsets[0::2] = 1  # every tap one row down
    offsets[1::2] = -1  # and one column left
    # tap (a, b) of output (r, c) reads X[r + a + 1, c + b - 1]: the convolution of X shifted by (-1, +1)
    return _same(deform_conv2d_expressions(X, offsets, W), _e(conv_expressions(shift(X, (0, -1, 1)), W)))


def _deform_integer_numeric(rng):
    def one(rng):
        x = rng.normal(size=(2, 2, _randint(rng, 3, 7), _randint(rng, 3, 7)))
        w = rng.normal(size=(3, 2, _randint(rng, 1, 3), _randint(rng, 1, 3)))
        dr, dc = _randint(rng, -2, 2), _randint(rng, -2, 2)
        p = _randint(rng, 0, 1)
        y = _numeric.conv(x, w, padding=p)
        offsets = np.zeros((2, 2 * w.shape[2] * w.shape[3], *y.shape[2:]))
        offsets[:, 0::2], offsets[:, 1::2] = dr, dc
        # sampling at +(dr, dc) is convolving the (zero-padded) input shifted by -(dr, dc)
        padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
        return _same(_numeric.deform_conv2d(x, offsets, w, padding=p), _numeric.conv(shift(padded, (0, 0, -dr, -dc)), w))

    return _trials(one, rng)


def _bilinear_symbolic():
    a, b, c, d, r0, c0, u, v = sympy.symbols("alpha beta gamma delta r_0 c_0 u v")

    def f(r, s):
        return a + b * r + c * s + d * r * s

    corners = np.array([[f(r0, c0), f(r0, c0 + 1)], [f(r0 + 1, c0), f(r0 + 1, c0 + 1)]], dtype=object)
    form = bilinear_form(u, v, corners)
    # and the form's weights are a partition of unity
    weights = bilinear_form(u, v, np.ones((2, 2), dtype=object) * sympy.S.One)
    return sympy.expand(form - f(r0 + u, c0 + v)) == 0 and sympy.expand(weights - 1) == 0


def _bilinear_numeric(rng):
    def one(rng):
        h, w = _randint(rng, 3, 6), _randint(rng, 3, 6)
        coef = rng.normal(size=4)
        rows, cols = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
        image = coef[0] + coef[1] * rows + coef[2] * cols + coef[3] * rows * cols
        # offsets that keep every sample inside the image, so the bilinear function is reproduced exactly
        target_r = rng.uniform(0, h - 1, size=(h, w))
        target_c = rng.uniform(0, w - 1, size=(h, w))
        offset = np.stack([target_r - rows, target_c - cols])[None]
        out = _numeric.deform_conv2d(image[None, None], offset, np.ones((1, 1, 1, 1)))[0, 0]
        want = coef[0] + coef[1] * target_r + coef[2] * target_c + coef[3] * target_r * target_c
        return _same(out, want)

    return _trials(one, rng)


def entries() -> list[Identity]:
    """The identities of deformable convolution, in catalogue order."""
    X, W = _X, _W
    return [
        Identity(
            "deformable-zero-offsets",
            sympy.Eq(_f("deform")(X, 0, W), _conv(X, W)),
            "Deformable convolution with zero offsets (and a mask of ones) is ordinary convolution.",
            _deform_zero_symbolic,
            _deform_zero_numeric,
            "seed 003, section 12",
        ),
        Identity(
            "deformable-integer-offsets",
            sympy.Eq(_f("deform")(X, sympy.Symbol(r"\Delta"), W), _conv(_f("shift_{-\\Delta}")(X), W)),
            "A constant integer offset samples shifted pixels: the convolution of the (zero-padded) input shifted back.",
            _deform_integer_symbolic,
            _deform_integer_numeric,
            "seed 003, section 12",
        ),
        Identity(
            "bilinear-reproduces-bilinear",
            sympy.Eq(_f("bilinear_f")(_R0 + _U, _C0 + _V), sympy.Function("f")(_R0 + _U, _C0 + _V)),
            "Bilinear sampling (the deformable kernel's form) is exact for bilinear functions; its weights sum to 1.",
            _bilinear_symbolic,
            _bilinear_numeric,
            "seed 003, section 12; Dai et al. 2017",
        ),
    ]

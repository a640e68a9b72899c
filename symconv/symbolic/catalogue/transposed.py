"""Transposed convolution: the guide's construction, its scatter definition and the transposed matrix.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 4.
.. [2] Seed note 003, section 11.
"""

from __future__ import annotations

import numpy as np
import sympy

from ... import numeric as _numeric
from ...geometry import Geometry
from ...matrix import conv_matrix
from ..expressions import conv_expressions
from ..variants import transposed_construction, transposed_scatter
from ._base import _W, _X, Identity, _conv, _convt, _e, _f, _flip, _randint, _randints, _same, _sym, _trials

__all__ = ["entries"]


def _transposed_construction_symbolic():
    X, W = _sym("X", (1, 2, 3)), _sym("W", (1, 1, 3, 2))
    for kw in (dict(stride=2, padding=1, output_padding=1), dict(stride=(1, 2), padding=(0, 1), dilation=(2, 1))):
        if not _same(transposed_construction(X, W, **kw).output, transposed_scatter(X, W, **kw)):
            return False
    X2, W2 = _sym("x", (2, 3)), _sym("w", (2, 2, 2))
    return _same(transposed_construction(X2, W2, stride=2, groups=2).output, transposed_scatter(X2, W2, stride=2, groups=2))


def _random_transposed(rng):
    while True:
        x, w, kw = _maybe_transposed(rng)
        geometry = Geometry(w.shape[2:], kw["stride"], kw["padding"], kw["dilation"], kw["groups"],
                            kw["output_padding"], transposed=True)
        if min(geometry.output_size(x.shape[1:], check=False)) >= 1:
            return x, w, kw


def _maybe_transposed(rng):
    ndim = _randint(rng, 1, 2)
    g = _randint(rng, 1, 2)
    c_in, c_out = g * _randint(rng, 1, 2), g * _randint(rng, 1, 2)
    kernel = _randints(rng, 1, 3, ndim)
    stride = _randints(rng, 1, 3, ndim)
    dilation = _randints(rng, 1, 2, ndim)
    padding = tuple(_randint(rng, 0, d * (k - 1)) for k, d in zip(kernel, dilation))
    output_padding = tuple(_randint(rng, 0, max(s, d) - 1) for s, d in zip(stride, dilation))
    x = rng.normal(size=(c_in, *_randints(rng, 1, 4, ndim)))
    w = rng.normal(size=(c_in, c_out // g, *kernel))
    kw = dict(stride=stride, padding=padding, dilation=dilation, output_padding=output_padding, groups=g)
    return x, w, kw


def _transposed_construction_numeric(rng):
    def one(rng):
        x, w, kw = _random_transposed(rng)
        ref = _numeric.conv_transpose(x[None], w, **kw)[0]
        return _same(transposed_construction(x, w, **kw).output, ref) and _same(transposed_scatter(x, w, **kw), ref)

    return _trials(one, rng)


def _transposed_matrix_symbolic():
    X, W = _sym("X", (2, 2, 2)), _sym("W", (2, 1, 2, 3))
    kw = dict(stride=2, padding=(1, 0), groups=2)
    out = _e(conv_expressions(X, W, transposed=True, output_padding=(1, 0), **kw))
    # C is the forward convolution whose input has the transposed output's shape
    C = conv_matrix(out.shape, W, format="sympy", **kw)
    by_matrix = np.array(list(C.T * sympy.Matrix(X.ravel().tolist())), dtype=object).reshape(out.shape)
    return _same(out, by_matrix)


def _transposed_matrix_numeric(rng):
    def one(rng):
        x, w, kw = _random_transposed(rng)
        y = _numeric.conv_transpose(x[None], w, **kw)[0]
        forward = {k: v for k, v in kw.items() if k != "output_padding"}
        C = conv_matrix(y.shape, w, **forward)
        # output_padding >= stride (allowed below the dilation) makes the forward output longer than x:
        # the transposed convolution is C^T applied to x extended by zeros at the end
        extended = np.zeros((x.shape[0], *Geometry(w.shape[2:], **forward).output_size(y.shape[1:])))
        extended[(slice(None), *(slice(0, n) for n in x.shape[1:]))] = x
        return C.shape == (extended.size, y.size) and _same(y, (C.T @ extended.ravel()).reshape(y.shape))

    return _trials(one, rng)


def entries() -> list[Identity]:
    """The identities of transposed convolution, in catalogue order."""
    X, W = _X, _W
    s = sympy.Symbol("s", integer=True)
    return [
        Identity(
            "transposed-is-stuffed-flipped-conv",
            sympy.Eq(_convt(X, W, s, sympy.Symbol("p")),
                     _conv(_f("pad_{d(k-1)-p}")(_f("stuff_{s-1}")(X)), _flip(W))),
            "Transposed convolution: insert s-1 zeros, pad by d(k-1)-p (+ output_padding), convolve with the flipped kernel.",
            _transposed_construction_symbolic,
            _transposed_construction_numeric,
            "convolution-arithmetic guide, section 4; seed 003, section 11",
        ),
        Identity(
            "transposed-is-matrix-transpose",
            sympy.Eq(_convt(X, W), sympy.Symbol("C^T") * X),
            "Transposed convolution is the product with the transpose of the convolution matrix.",
            _transposed_matrix_symbolic,
            _transposed_matrix_numeric,
            "convolution-arithmetic guide, section 4.1",
        ),
    ]

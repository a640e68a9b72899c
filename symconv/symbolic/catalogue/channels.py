"""Channels, the 1x1 convolution, groups and depthwise-separable convolution.

References
----------
.. [1] Seed notes 002 (6.4) and 003 (sections 6-8).
.. [2] A. G. Howard et al., "MobileNets", arXiv:1704.04861, section 3.1.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from ... import counting
from ... import numeric as _numeric
from ..expressions import conv_expressions
from ..variants import as_array, correlate, separable_cost_ratio
from ._base import _W, _X, Identity, _conv, _corr, _e, _f, _randint, _random_layer, _same, _sym, _trials

__all__ = ["entries"]


def _multichannel_symbolic():
    X, W = _sym("X", (2, 3, 3)), _sym("W", (2, 2, 2, 2))
    Y = _e(conv_expressions(X, W))
    by_channel = np.stack([sum(as_array(correlate(X[c], W[o, c])) for c in range(2)) for o in range(2)])
    return _same(Y, by_channel)


def _multichannel_numeric(rng):
    def one(rng):
        x, w, _ = _random_layer(rng, groups=False, stride=False, padding=False, dilation=False)
        y = _numeric.conv(x, w)
        ref = np.stack(
            [
                np.stack([sum(_numeric.correlate(x[n, c], w[o, c]) for c in range(w.shape[1])) for o in range(w.shape[0])])
                for n in range(x.shape[0])
            ]
        )
        return _same(y, ref)

    return _trials(one, rng)


def _pointwise_symbolic():
    X, W = _sym("X", (3, 2, 2)), _sym("W", (2, 3, 1, 1))
    Y = _e(conv_expressions(X, W))
    dense = sympy.Matrix(W[:, :, 0, 0].tolist())
    return all(
        _same(Y[:, i, j], np.array(list(dense * sympy.Matrix(X[:, i, j].tolist())), dtype=object))
        for i in range(2)
        for j in range(2)
    )


def _pointwise_numeric(rng):
    def one(rng):
        x = rng.normal(size=(2, _randint(rng, 1, 5), _randint(rng, 1, 6), _randint(rng, 1, 6)))
        w = rng.normal(size=(_randint(rng, 1, 5), x.shape[1], 1, 1))
        return _same(_numeric.conv(x, w), np.einsum("oc,nchw->nohw", w[:, :, 0, 0], x))

    return _trials(one, rng)


def _groups_symbolic():
    X, W = _sym("X", (4, 3, 3)), _sym("W", (4, 2, 2, 2))
    grouped = _e(conv_expressions(X, W, groups=2, padding=1))
    halves = [_e(conv_expressions(X[2 * g : 2 * g + 2], W[2 * g : 2 * g + 2], padding=1)) for g in range(2)]
    return _same(grouped, np.concatenate(halves))


def _groups_numeric(rng):
    def one(rng):
        x, w, kw = _random_layer(rng)
        g = kw["groups"]
        y = _numeric.conv(x, w, **kw)
        ci, co = x.shape[1] // g, w.shape[0] // g
        geometry = {k: v for k, v in kw.items() if k != "groups"}
        parts = [_numeric.conv(x[:, i * ci : (i + 1) * ci], w[i * co : (i + 1) * co], **geometry) for i in range(g)]
        return _same(y, np.concatenate(parts, axis=1))

    return _trials(one, rng)


_CI, _CO, _K, _GR = sympy.symbols("C_in C_out k g", positive=True, integer=True)


def _group_params_symbolic():
    full = counting.conv((_CI * _GR, 8, 8), _CO * _GR, _K, bias=False, padding="same")
    grouped = counting.conv((_CI * _GR, 8, 8), _CO * _GR, _K, groups=_GR, bias=False, padding="same")
    return sympy.simplify(full.params / grouped.params - _GR) == 0 and sympy.simplify(full.macs / grouped.macs - _GR) == 0


def _group_params_numeric(rng):
    def one(rng):
        x, w, kw = _random_layer(rng)
        count = counting.conv(x.shape[1:], w.shape[0], w.shape[2:], bias=False, **kw)
        dense = counting.conv(x.shape[1:], w.shape[0], w.shape[2:], bias=False, **{**kw, "groups": 1})
        return count.params == w.size and dense.params == w.size * kw["groups"] and dense.macs == count.macs * kw["groups"]

    return _trials(one, rng)


def _depthwise_symbolic():
    X, D, P = _sym("X", (2, 3, 3)), _sym("D", (2, 1, 2, 2)), _sym("P", (3, 2, 1, 1))
    two_stage = _e(conv_expressions(_e(conv_expressions(X, D, groups=2)), P))
    factored = P[:, :, 0, 0][:, :, None, None] * D[:, 0][None]
    return _same(two_stage, _e(conv_expressions(X, factored)))


def _depthwise_numeric(rng):
    def one(rng):
        c, o, m = _randint(rng, 1, 4), _randint(rng, 1, 4), _randint(rng, 1, 2)
        k = _randint(rng, 1, 3)
        x = rng.normal(size=(2, c, k + _randint(rng, 0, 4), k + _randint(rng, 0, 4)))
        d = rng.normal(size=(c * m, 1, k, k))
        p = rng.normal(size=(o, c * m, 1, 1))
        s, pad = _randint(rng, 1, 2), _randint(rng, 0, 1)
        two_stage = _numeric.conv(_numeric.conv(x, d, stride=s, padding=pad, groups=c), p)
        # the full kernel W[o, c] = sum_j P[o, c*m + j] D[c*m + j]
        full = np.einsum("ocj,cjab->ocab", p[:, :, 0, 0].reshape(o, c, m), d[:, 0].reshape(c, m, k, k))
        return _same(two_stage, _numeric.conv(x, full, stride=s, padding=pad))

    return _trials(one, rng)


def _cost_ratio_symbolic():
    return sympy.simplify(separable_cost_ratio() - (1 / _CO + 1 / _K**2)) == 0


def _cost_ratio_numeric(rng):
    def one(rng):
        c, o, k = _randint(rng, 1, 64), _randint(rng, 1, 256), _randint(rng, 1, 7)
        h, w = k + _randint(rng, 0, 20), k + _randint(rng, 0, 20)
        _, _, sep = counting.depthwise_separable((c, h, w), o, k, bias=False)
        full = counting.conv((c, h, w), o, k, bias=False)
        return Fraction(sep.macs, full.macs) == Fraction(1, o) + Fraction(1, k * k)

    return _trials(one, rng, 20)


def entries() -> list[Identity]:
    """The identities of channels, 1x1 convolutions, groups and depthwise-separable convolution, in catalogue order."""
    X, W = _X, _W
    c, o, i, j, g = sympy.symbols("c o i j g", integer=True)
    Xi, Wi, Yi = sympy.IndexedBase("X"), sympy.IndexedBase("W"), sympy.IndexedBase("Y")
    C_in, C_out, K = _CI, _CO, _K
    return [
        Identity(
            "multi-channel-sum",
            sympy.Eq(Yi[o, i, j], sympy.Sum(_corr(Xi[c], Wi[o, c]), (c, 0, C_in - 1))),
            "Each output channel is the sum over input channels of 2-D cross-correlations (kernel c_o x c_i x k_h x k_w).",
            _multichannel_symbolic,
            _multichannel_numeric,
            "seed 002, 6.4 (corr2d_multi_in_out)",
        ),
        Identity(
            "pointwise-is-dense",
            sympy.Eq(Yi[o, i, j], sympy.Sum(Wi[o, c] * Xi[c, i, j], (c, 0, C_in - 1))),
            "A 1x1 convolution is one dense layer (a matrix over channels) applied at every pixel.",
            _pointwise_symbolic,
            _pointwise_numeric,
            "seed 002, 6.4; seed 003, section 6",
        ),
        Identity(
            "group-is-concatenation",
            sympy.Eq(_conv(X, W, g), _f("concat")(*(_conv(sympy.Symbol(f"X_{n}"), sympy.Symbol(f"W_{n}")) for n in (1, 2)))),
            "Group convolution equals ordinary convolutions on channel slices, concatenated.",
            _groups_symbolic,
            _groups_numeric,
            "seed 003, section 7",
        ),
        Identity(
            "group-divides-parameters",
            sympy.Eq(sympy.Symbol("P_g"), C_out * C_in * K**2 / g),
            "With g groups a layer has 1/g of the weights and multiply-accumulates of the full layer.",
            _group_params_symbolic,
            _group_params_numeric,
            "seed 003, section 7",
        ),
        Identity(
            "depthwise-separable-composition",
            sympy.Eq(_conv(_conv(X, sympy.Symbol("D"), sympy.Symbol("groups=C_in")), sympy.Symbol("P")),
                     _conv(X, sympy.Symbol("P D"))),
            "Depthwise then pointwise equals one convolution with the factored kernel W[o, c] = P[o, c] D[c].",
            _depthwise_symbolic,
            _depthwise_numeric,
            "seed 003, section 8",
        ),
        Identity(
            "depthwise-separable-cost",
            sympy.Eq(sympy.Symbol("M_sep") / sympy.Symbol("M_full"), 1 / C_out + 1 / K**2),
            "Depthwise-separable costs $1/C_{out} + 1/k^2$ of the full convolution.",
            _cost_ratio_symbolic,
            _cost_ratio_numeric,
            "seed 003, section 8; MobileNets",
        ),
    ]

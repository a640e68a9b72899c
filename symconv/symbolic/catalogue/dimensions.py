"""Convolution in 1, 2 and 3 dimensions, and stride as subsampling.

References
----------
.. [1] Seed notes 001 (9.2.3), 002 (6.3) and 003 (section 13).
"""

from __future__ import annotations

import numpy as np
import sympy

from ... import numeric as _numeric
from ..expressions import conv_expressions
from ._base import _W, _X, Identity, _conv, _e, _f, _randint, _random_layer, _same, _sym, _trials

__all__ = ["entries"]


def _conv3d_symbolic():
    X, W = _sym("X", (2, 3, 3, 3)), _sym("W", (1, 2, 2, 2, 2))
    Y = _e(conv_expressions(X, W))
    slices = np.stack(
        [sum(_e(conv_expressions(X[:, z + a], W[:, :, a])) for a in range(2)) for z in range(2)], axis=1
    )
    return _same(Y, slices)


def _conv3d_numeric(rng):
    def one(rng):
        x = rng.normal(size=(2, 2, _randint(rng, 2, 5), _randint(rng, 2, 5), _randint(rng, 2, 5)))
        kd = _randint(rng, 1, 2)
        w = rng.normal(size=(3, 2, kd, _randint(rng, 1, 2), _randint(rng, 1, 2)))
        y = _numeric.conv(x, w)
        slices = np.stack(
            [sum(_numeric.conv(x[:, :, z + a], w[:, :, a]) for a in range(kd)) for z in range(y.shape[2])], axis=2
        )
        return _same(y, slices)

    return _trials(one, rng)


def _conv1d_symbolic():
    X, W = _sym("X", (2, 5)), _sym("W", (3, 2, 2))
    one_d = _e(conv_expressions(X, W, stride=2, padding=1))
    two_d = _e(conv_expressions(X[:, None], W[:, :, None], stride=(1, 2), padding=((0, 0), (1, 1))))
    return _same(one_d, two_d[:, 0])


def _conv1d_numeric(rng):
    def one(rng):
        x, w, kw = _random_layer(rng, ndim=1)
        as_2d = {
            "stride": (1, *kw["stride"]),
            "padding": ((0, 0), (kw["padding"][0], kw["padding"][0])),
            "dilation": (1, *kw["dilation"]),
            "groups": kw["groups"],
        }
        return _same(_numeric.conv(x, w, **kw), _numeric.conv(x[:, :, None], w[:, :, None], **as_2d)[:, :, 0])

    return _trials(one, rng)


def _stride_symbolic():
    X, W = _sym("X", (1, 5, 6)), _sym("W", (1, 1, 2, 2))
    strided = _e(conv_expressions(X, W, stride=(2, 3), padding=1))
    return _same(strided, _e(conv_expressions(X, W, padding=1))[:, ::2, ::3])


def _stride_numeric(rng):
    def one(rng):
        x, w, kw = _random_layer(rng, ndim=_randint(rng, 1, 3))
        every = _numeric.conv(x, w, **{**kw, "stride": 1})
        picks = (slice(None), slice(None), *(slice(None, None, s) for s in kw["stride"]))
        return _same(_numeric.conv(x, w, **kw), every[picks])

    return _trials(one, rng)


def entries() -> list[Identity]:
    """The identities of 1-D and 3-D convolution and of stride, in catalogue order."""
    X, W = _X, _W
    o, a, s = sympy.symbols("o a s", integer=True)
    Xi, Wi, Yi = sympy.IndexedBase("X"), sympy.IndexedBase("W"), sympy.IndexedBase("Y")
    return [
        Identity(
            "conv3d-is-sum-of-conv2d",
            sympy.Eq(Yi[o, sympy.Symbol("z")], sympy.Sum(_conv(Xi[sympy.Symbol("z") + a], Wi[o, a]), (a, 0, sympy.Symbol("k_d") - 1))),
            "3-D convolution (input N,C,D,H,W; weight C_out,C_in,k_d,k_h,k_w) is a sum over depth taps of 2-D convolutions.",
            _conv3d_symbolic,
            _conv3d_numeric,
            "seed 003, section 13; seed 001, 9.2.3",
        ),
        Identity(
            "conv1d-is-height-one-conv2d",
            sympy.Eq(_f("conv1d")(X, W), _f("conv2d")(sympy.Symbol("X_{1 x n}"), sympy.Symbol("W_{1 x k}"))),
            "1-D convolution (input N,C,L; weight C_out,C_in,k) is 2-D convolution of height 1.",
            _conv1d_symbolic,
            _conv1d_numeric,
            "seed 003, section 13; seed 001, 9.2.3",
        ),
        Identity(
            "stride-is-subsampling",
            sympy.Eq(_conv(X, W, s), _f("subsample_s")(_conv(X, W, 1))),
            "A strided convolution is the stride-1 convolution read every s outputs.",
            _stride_symbolic,
            _stride_numeric,
            "seed 002, 6.3",
        ),
    ]

"""Convolution in 1, 2 and 3 dimensions, and stride as subsampling.

References
----------
.. [1] Seed notes 001 (9.2.3), 002 (6.3) and 003 (section 13).
"""

from __future__ import annotations

import numpy as np
import sympy

from ..._layout import input_position as q
from . import _reference
from ._base import (Condition, Identity, canonical, close, conv_size, counts, index_range, integers, naturals, positive,
                    randint, randints, random_layer, sizes, trials)
from ._forms import Definition, Signal

__all__ = ["entries"]


# ----------------------------------------------------------------------------
# stride is subsampling (one axis; the index rule acts on each axis alone)
# ----------------------------------------------------------------------------


def _stride_identity():
    i, j, a = integers("i j a")
    n, k, s, d = sizes("n k s d")
    O = counts("O")
    p, p1 = naturals("p p_1")
    X, W = sympy.IndexedBase("X"), sympy.IndexedBase("W")
    Ys, Y1 = sympy.IndexedBase("Y^{(s)}"), sympy.IndexedBase("Y^{(1)}")
    count = conv_size(O, n, k, s, p, d)
    every = n + 2 * p1 - d * (k - 1)
    definitions = [
        Definition(Ys, (i,), sympy.Sum(W[a] * X[q(i, a, s, d, p)], (a, 0, k - 1)), tuple(index_range(i, O))),
        Definition(Y1, (j,), sympy.Sum(W[a] * X[q(j, a, 1, d, p1)], (a, 0, k - 1)), tuple(index_range(j, every))),
    ]
    signals = [Signal(X, ((0, n - 1),)), Signal(W, ((0, k - 1),))]
    return Identity(
        "stride-is-subsampling",
        sympy.Eq(Ys[i], Y1[s * i]),
        "A strided convolution is the stride-1 convolution with the same padding read every $s$ outputs "
        "(stated on one axis: the index rule acts on each axis alone).",
        proof=canonical(signals, definitions, [*positive(n, k, s, d), p >= 0, p1 >= 0], sizes=[count]),
        numeric=_stride_numeric,
        source="seed 002, 6.3",
        conditions=[Condition(
            sympy.Eq(p, p1),
            'the padding is the same number of cells in both layers (not "same", whose pads depend on the stride)',
            _stride_same_padding, 'n=4, k=3, s=2, padding="same"')],
        domain=index_range(i, O),
        definitions=[*definitions, count.definition],
        uses=("conv",),
    )


def _stride_numeric(rng, ops):
    def one(rng):
        x, w, kw = random_layer(rng, ndim=randint(rng, 1, 3))
        got = ops.conv(x, w, **kw)
        every = ops.conv(x, w, **{**kw, "stride": 1})
        picks = (slice(None), slice(None), *(slice(None, None, s) for s in kw["stride"]))
        return close(got, every[picks]) and close(got, _reference.conv(x, w, **kw))

    return trials(one, rng)


def _stride_same_padding(ops):
    x = np.random.default_rng(0).normal(size=(1, 1, 4))
    w = np.array([[[1.0, 2.0, 3.0]]])
    return close(ops.conv(x, w, stride=2, padding="same"), ops.conv(x, w, stride=1, padding="same")[..., ::2])


# ----------------------------------------------------------------------------
# 1-D is 2-D of height one
# ----------------------------------------------------------------------------


def _conv1d_identity():
    o, c, i, r, h, t, a, e = integers("o c i r h t a e")
    n, k, s, d, C, C_out, s_h, d_h, k_h = sizes("n k s d C C_out s_h d_h k_h")
    O, O_h = counts("O O_h")
    p, p_h = naturals("p p_h")
    X, W = sympy.IndexedBase("X"), sympy.IndexedBase("W")
    X2, W2 = sympy.IndexedBase(r"\hat{X}"), sympy.IndexedBase(r"\hat{W}")
    Y1, Y2 = sympy.IndexedBase("Y"), sympy.IndexedBase(r"\hat{Y}")
    count = conv_size(O, n, k, s, p, d)
    rows = conv_size(O_h, 1, k_h, s_h, p_h, d_h)
    definitions = [
        Definition(Y1, (o, i), sympy.Sum(W[o, c, a] * X[c, q(i, a, s, d, p)], (a, 0, k - 1), (c, 0, C - 1)),
                   (*index_range(o, C_out), *index_range(i, O))),
        Definition(X2, (c, h, t), X[c, t], tuple(index_range(h, 1))),
        Definition(W2, (o, c, e, a), W[o, c, a], tuple(index_range(e, 1))),
        Definition(Y2, (o, r, i),
                   sympy.Sum(W2[o, c, e, a] * X2[c, q(r, e, s_h, d_h, p_h), q(i, a, s, d, p)],
                             (a, 0, k - 1), (e, 0, k_h - 1), (c, 0, C - 1)),
                   (*index_range(o, C_out), *index_range(r, O_h), *index_range(i, O))),
    ]
    signals = [Signal(X, ((0, C - 1), (0, n - 1))), Signal(W, ((0, C_out - 1), (0, C - 1), (0, k - 1)))]
    assumptions = [*positive(n, k, s, d, C, C_out, s_h, d_h, k_h), p >= 0, p_h >= 0]
    return Identity(
        "conv1d-is-height-one-conv2d",
        sympy.Eq(Y1[o, i], Y2[o, 0, i]),
        "1-D convolution (input $(N, C, L)$; weight $(C_{out}, C_{in}, k)$) is the first row of the 2-D convolution of the input "
        "seen as an image of height 1, with a kernel of height 1 and no padding along the height.",
        proof=canonical(signals, definitions, assumptions, sizes=[count, rows]),
        numeric=_conv1d_numeric,
        source="seed 003, section 13; seed 001, 9.2.3",
        conditions=[
            Condition(sympy.Eq(k_h, 1), "the kernel has height 1", _conv1d_tall_kernel, "k_h=2, p_h=1"),
            Condition(sympy.Eq(p_h, 0), "no padding along the height", _conv1d_padded_height, "p_h=1"),
        ],
        domain=[*index_range(o, C_out), *index_range(i, O)],
        definitions=[*definitions, count.definition, rows.definition],
        uses=("conv",),
    )


def _conv1d_numeric(rng, ops):
    def one(rng):
        x, w, kw = random_layer(rng, ndim=1)
        as_2d = {
            "stride": (randint(rng, 1, 3), *kw["stride"]),
            "padding": ((0, 0), (kw["padding"][0], kw["padding"][0])),
            "dilation": (randint(rng, 1, 3), *kw["dilation"]),
            "groups": kw["groups"],
        }
        got = ops.conv(x, w, **kw)
        return close(got, ops.conv(x[:, :, None], w[:, :, None], **as_2d)[:, :, 0]) and close(
            got, _reference.conv(x, w, **kw))

    return trials(one, rng)


def _conv1d_rows(ops, kernel_height, pad):
    rng = np.random.default_rng(1)
    x, w = rng.normal(size=(1, 2, 6)), rng.normal(size=(3, 2, 3))
    tall = np.concatenate([w[:, :, None]] + [rng.normal(size=w[:, :, None].shape)] * (kernel_height - 1), axis=2)
    image = ops.conv(x[:, :, None], tall, padding=((pad, pad), (0, 0)))
    return close(ops.conv(x, w), image[:, :, 0])


def _conv1d_tall_kernel(ops):
    return _conv1d_rows(ops, 2, 1)


def _conv1d_padded_height(ops):
    return _conv1d_rows(ops, 1, 1)


# ----------------------------------------------------------------------------
# 3-D is a sum of 2-D over the depth taps
# ----------------------------------------------------------------------------


def _conv3d_identity():
    o, c, z, i, j, a, b, e, m = integers("o c z i j a b e m")
    D, H, Wd, k_d, k, C, C_out, s_z, d_z, s, d = sizes("D H W_s k_d k C C_out s_z d_z s d")
    O_z, O_h, O_w = counts("O_z O_h O_w")
    p_z, p = naturals("p_z p")
    X, W = sympy.IndexedBase("X"), sympy.IndexedBase("W")
    Y, S = sympy.IndexedBase("Y"), sympy.IndexedBase("Z")
    depth, height, width = conv_size(O_z, D, k_d, s_z, p_z, d_z), conv_size(O_h, H, k, s, p, d), conv_size(O_w, Wd, k, s, p, d)
    definitions = [
        Definition(Y, (o, z, i, j),
                   sympy.Sum(W[o, c, e, a, b] * X[c, q(z, e, s_z, d_z, p_z), q(i, a, s, d, p), q(j, b, s, d, p)],
                             (b, 0, k - 1), (a, 0, k - 1), (e, 0, k_d - 1), (c, 0, C - 1)),
                   (*index_range(o, C_out), *index_range(z, O_z), *index_range(i, O_h), *index_range(j, O_w))),
        # the 2-D convolution of depth slice m of X with depth tap e of W
        Definition(S, (o, m, e, i, j),
                   sympy.Sum(W[o, c, e, a, b] * X[c, m, q(i, a, s, d, p), q(j, b, s, d, p)],
                             (b, 0, k - 1), (a, 0, k - 1), (c, 0, C - 1)),
                   (*index_range(o, C_out), *index_range(i, O_h), *index_range(j, O_w))),
    ]
    signals = [Signal(X, ((0, C - 1), (0, D - 1), (0, H - 1), (0, Wd - 1))),
               Signal(W, ((0, C_out - 1), (0, C - 1), (0, k_d - 1), (0, k - 1), (0, k - 1)))]
    assumptions = [*positive(D, H, Wd, k_d, k, C, C_out, s_z, d_z, s, d), p_z >= 0, p >= 0]
    return Identity(
        "conv3d-is-sum-of-conv2d",
        sympy.Eq(Y[o, z, i, j], sympy.Sum(S[o, q(z, e, s_z, d_z, p_z), e, i, j], (e, 0, k_d - 1))),
        "3-D convolution (input $(N, C, D, H, W)$; weight $(C_{out}, C_{in}, k_d, k_h, k_w)$) is a sum over the depth "
        "taps $e$ of 2-D convolutions of the depth slice $s_z z + d_z e - p_z$ (a zero slice in the padding) with the "
        "kernel's slice $e$.",
        proof=canonical(signals, definitions, assumptions, sizes=[depth, height, width]),
        numeric=_conv3d_numeric,
        source="seed 003, section 13; seed 001, 9.2.3",
        domain=[*index_range(o, C_out), *index_range(z, O_z), *index_range(i, O_h), *index_range(j, O_w)],
        definitions=[*definitions, depth.definition, height.definition, width.definition],
        uses=("conv",),
    )


def _conv3d_numeric(rng, ops):
    def one(rng):
        x, w, kw = random_layer(rng, ndim=3, groups=False)
        y = ops.conv(x, w, **kw)
        (s_z, *s), (p_z, *p), (d_z, *d) = kw["stride"], kw["padding"], kw["dilation"]
        plane = dict(stride=tuple(s), padding=tuple(p), dilation=tuple(d))
        depth = x.shape[2]
        total = np.zeros_like(y)
        for z in range(y.shape[2]):
            for e in range(w.shape[2]):
                m = z * s_z + e * d_z - p_z
                if 0 <= m < depth:  # a slice of the padding is zero and adds nothing
                    total[:, :, z] += ops.conv(x[:, :, m], w[:, :, e], **plane)
        return close(y, total) and close(y, _reference.conv(x, w, **kw))

    return trials(one, rng)


def entries() -> list[Identity]:
    """The identities of 1-D and 3-D convolution and of stride, in catalogue order."""
    return [_conv3d_identity(), _conv1d_identity(), _stride_identity()]

"""Average, max and global pooling.

In a max, a read outside the input is the padding of max pooling, :math:`-\\infty`:
it never wins, so the canonical form of a max keeps only the reads inside
the input (:mod:`._forms`), as the canonical form of a sum keeps only the
reads that are not zero padding.

References
----------
.. [1] Seed note 002, section 6.5.
"""

from __future__ import annotations

import math

import numpy as np
import sympy

from ...geometry import Geometry
from ..._layout import input_position as q
from . import _reference
from ._base import (Condition, Identity, Size, canonical, close, conv_size, counts, index_range, integers, naturals,
                    positive, randint, randints, sizes, trials)
from ._forms import Definition, Iverson, MaxOver, Signal

__all__ = ["entries"]

_c, _i, _j, _a, _b, _r, _t = integers("c i j a b r t")
_n, _k, _s, _d = sizes("n k s d")
_p = naturals("p")
_X = sympy.IndexedBase("X")
_include, _ceil = sympy.symbols("count_include_pad ceil_mode")


def _pool_size(symbol):
    floor_mode = Geometry(_k, _s, _p, _d).output_size((_n,))[0]
    ceil_mode = Geometry(_k, _s, _p, _d, ceil_mode=True).output_size((_n,))[0]
    formula = sympy.Piecewise((ceil_mode, _ceil), (floor_mode, True))
    return Size(symbol, formula)


def _average_identity():
    O, O_P = counts("O O_P")
    A, K, Y = sympy.IndexedBase("A"), sympy.IndexedBase("K"), sympy.IndexedBase("Y")
    read = q(_i, _a, _s, _d, _p)
    inside = sympy.Sum(Iverson(sympy.And(sympy.Le(0, read), sympy.Le(read, _n - 1))), (_a, 0, _k - 1))
    divisor = sympy.Piecewise((_k, _include), (inside, True))
    count, pooled = conv_size(O, _n, _k, _s, _p, _d), _pool_size(O_P)
    definitions = [
        # average pooling: the window's sum over its cell count (padding cells counted with count_include_pad)
        Definition(A, (_i,), sympy.Sum(_X[read], (_a, 0, _k - 1)) / divisor, tuple(index_range(_i, O_P))),
        Definition(K, (_a,), 1 / _k, tuple(index_range(_a, _k))),
        Definition(Y, (_i,), sympy.Sum(K[_a] * _X[read], (_a, 0, _k - 1)), tuple(index_range(_i, O))),
    ]
    signals = [Signal(_X, ((0, _n - 1),))]
    return Identity(
        "average-pool-is-conv",
        sympy.Eq(A[_i], Y[_i]),
        "Average pooling is a per-channel convolution with the constant kernel $1/k$ ($k$ cells in the window) and "
        "the same stride, padding and dilation, when padding cells are counted and the output size is rounded "
        "down (stated on one axis).",
        proof=canonical(signals, definitions, [*positive(_n, _k, _s, _d), _p >= 0], sizes=[count, pooled]),
        numeric=_average_numeric,
        source="seed 002, 6.5",
        conditions=[
            Condition(_include, "padding cells count in the divisor (`count_include_pad=True`, PyTorch's default)",
                      _average_uncounted, "n=4, k=3, p=1, count_include_pad=False"),
            Condition(sympy.Not(_ceil), "the output size is rounded down (`ceil_mode=False`)",
                      _average_ceil, "n=5, k=2, s=2, ceil_mode=True"),
        ],
        domain=index_range(_i, O_P),
        definitions=[*definitions, count.definition, pooled.definition],
        uses=("avg_pool", "conv"),
    )


def _average_numeric(rng, ops):
    def one(rng):
        ndim = randint(rng, 1, 3)
        k = randints(rng, 1, 3, ndim)
        s = randints(rng, 1, 3, ndim)
        p = tuple(randint(rng, 0, kk // 2) for kk in k)
        c = randint(rng, 1, 3)
        x = rng.normal(size=(2, c, *(kk + randint(rng, 0, 4) for kk in k)))
        kernel = np.full((c, 1, *k), 1 / math.prod(k))
        got = ops.avg_pool(x, k, stride=s, padding=p)
        return close(got, ops.conv(x, kernel, stride=s, padding=p, groups=c)) and close(
            got, _reference.pool(x, k, stride=s, padding=p, mode="avg"))

    return trials(one, rng)


def _average_case(ops, x, k, **kw):
    pooled = ops.avg_pool(x, k, **kw)
    geometry = {key: v for key, v in kw.items() if key in ("stride", "padding")}
    return close(pooled, ops.conv(x, np.full((1, 1, k), 1 / k), **geometry))


def _average_uncounted(ops):
    x = np.random.default_rng(7).normal(size=(1, 1, 4))
    return _average_case(ops, x, 3, stride=1, padding=1, count_include_pad=False)


def _average_ceil(ops):
    x = np.random.default_rng(8).normal(size=(1, 1, 5))
    return _average_case(ops, x, 2, stride=2, ceil_mode=True)


def _max_identity():
    O_P = counts("O_P")
    M = sympy.IndexedBase("M")
    pooled = _pool_size(O_P)
    read = q(_i, _a, _s, _d, _p)
    definitions = [
        # symconv's max pooling: the max over the window of the input padded with -infinity
        Definition(M, (_i,), MaxOver(_X[read], sympy.Tuple(_a), sympy.And(sympy.Le(0, _a), sympy.Le(_a, _k - 1))),
                   tuple(index_range(_i, O_P))),
    ]
    window = MaxOver(_X[read], sympy.Tuple(_a), sympy.And(sympy.Le(0, _a), sympy.Le(_a, _k - 1), sympy.Le(0, read),
                                                         sympy.Le(read, _n - 1)))
    return Identity(
        "max-pool-is-max-of-window",
        sympy.Eq(M[_i], window),
        "Max pooling: output $i$ is the maximum of the inputs $X_{s i + d a - p}$, $0 \\le a < k$, that lie inside the "
        "input (the padding, $-\\infty$, never wins), for every output of the floor or the ceil rule (stated on "
        "one axis).",
        proof=canonical([Signal(_X, ((0, _n - 1),))], definitions, [*positive(_n, _k, _s, _d), _p >= 0],
                        sizes=[pooled]),
        numeric=_max_numeric,
        source="seed 002, 6.5",
        domain=index_range(_i, O_P),
        definitions=[*definitions, pooled.definition],
        uses=("max_pool",),
    )


def _max_numeric(rng, ops):
    def one(rng):
        k = (randint(rng, 1, 3), randint(rng, 1, 3))
        s = (randint(rng, 1, 3), randint(rng, 1, 3))
        p = tuple(randint(rng, 0, kk // 2) for kk in k)
        d = (randint(rng, 1, 2), 1)
        ceil_mode = bool(rng.integers(2))
        span = [dd * (kk - 1) + 1 for kk, dd in zip(k, d)]
        x = rng.normal(size=(1, 2, *(e + randint(rng, 0, 3) for e in span)))
        got = ops.max_pool(x, k, stride=s, padding=p, dilation=d, ceil_mode=ceil_mode)
        return close(got, _reference.pool(x, k, stride=s, padding=p, dilation=d, ceil_mode=ceil_mode, mode="max"))

    return trials(one, rng)


def _global_identity():
    n_h, n_w, k_h, k_w, s_h, s_w = sizes("n_h n_w k_h k_w s_h s_w")
    O_h, O_w = counts("O_h O_w")
    A, M = sympy.IndexedBase("A"), sympy.IndexedBase("M")
    rows, columns = conv_size(O_h, n_h, k_h, s_h, _p, 1), conv_size(O_w, n_w, k_w, s_w, _p, 1)
    down, across = q(_i, _a, s_h, 1, _p), q(_j, _b, s_w, 1, _p)
    window = sympy.And(sympy.Le(0, _a), sympy.Le(_a, k_h - 1), sympy.Le(0, _b), sympy.Le(_b, k_w - 1))
    definitions = [
        Definition(A, (_c, _i, _j), sympy.Sum(_X[_c, down, across], (_b, 0, k_w - 1), (_a, 0, k_h - 1)) / (k_h * k_w),
                   (*index_range(_i, O_h), *index_range(_j, O_w))),
        Definition(M, (_c, _i, _j), MaxOver(_X[_c, down, across], sympy.Tuple(_a, _b), window),
                   (*index_range(_i, O_h), *index_range(_j, O_w))),
    ]
    everything = sympy.And(sympy.Le(0, _r), sympy.Le(_r, n_h - 1), sympy.Le(0, _t), sympy.Le(_t, n_w - 1))
    claim = sympy.And(
        sympy.Eq(A[_c, 0, 0], sympy.Sum(_X[_c, _r, _t], (_t, 0, n_w - 1), (_r, 0, n_h - 1)) / (n_h * n_w), evaluate=False),
        sympy.Eq(M[_c, 0, 0], MaxOver(_X[_c, _r, _t], sympy.Tuple(_r, _t), everything), evaluate=False),
        evaluate=False,
    )
    signals = [Signal(_X, (None, (0, n_h - 1), (0, n_w - 1)))]
    return Identity(
        "global-pool-is-mean",
        claim,
        "Pooling with the whole map as its window (kernel $n_h \\times n_w$, no padding, any stride) has one output "
        "per channel: the mean (average pooling) or the maximum (max pooling) of the channel.",
        proof=canonical(signals, definitions, [*positive(n_h, n_w, k_h, k_w, s_h, s_w), _p >= 0],
                        sizes=[rows, columns]),
        numeric=_global_numeric,
        source="seed 002, 6.5",
        conditions=[
            Condition(sympy.And(sympy.Eq(k_h, n_h), sympy.Eq(k_w, n_w)), "the window is the whole map",
                      _global_smaller, "a 4x5 map, window 3x5"),
            Condition(sympy.Eq(_p, 0), "no padding", _global_padded, "a 4x5 map, padding 1"),
        ],
        definitions=[*definitions, rows.definition, columns.definition],
        uses=("avg_pool", "max_pool"),
    )


def _global_numeric(rng, ops):
    def one(rng):
        x = rng.normal(size=(2, randint(rng, 1, 4), randint(rng, 1, 6), randint(rng, 1, 6)))
        size = x.shape[2:]
        s = randint(rng, 1, 3)
        return close(ops.avg_pool(x, size, stride=s)[:, :, 0, 0], x.mean(axis=(2, 3))) and close(
            ops.max_pool(x, size, stride=s)[:, :, 0, 0], x.max(axis=(2, 3)))

    return trials(one, rng)


def _global_case(ops, kernel, padding):
    x = np.random.default_rng(9).normal(size=(1, 2, 4, 5))
    avg = ops.avg_pool(x, kernel, padding=padding)
    return avg.shape[2:] == (1, 1) and close(avg[:, :, 0, 0], x.mean(axis=(2, 3)))


def _global_smaller(ops):
    return _global_case(ops, (3, 5), 0)


def _global_padded(ops):
    return _global_case(ops, (4, 5), (1, 0))


def entries() -> list[Identity]:
    """The identities of pooling, in catalogue order."""
    return [_average_identity(), _max_identity(), _global_identity()]

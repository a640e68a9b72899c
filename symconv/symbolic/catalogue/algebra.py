"""Properties of convolution itself: commutativity, associativity, the flip and equivariance to translation.

Commutativity, associativity, the flip and translation equivariance are also
proved in general, by a change of summation index in sums over all integers.

References
----------
.. [1] I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, section 9.1-9.2
   (commutativity, equivariance to translation).
.. [2] Seed notes 000, 001 (9.1-9.2) and 003 (section 4).
"""

from __future__ import annotations

import numpy as np
import sympy

from ... import numeric as _numeric
from ..expressions import conv_expressions
from ..variants import circular_correlate, convolve, correlate, equivariance_region, shift
from ._base import _W, _X, Identity, _conv, _corr, _e, _f, _flip, _randint, _randints, _same, _sym, _trials

__all__ = ["entries"]


# General proofs on finitely supported sequences (sums over all integers), by a change of summation index.
_n, _k, _j, _m, _i, _a, _t = sympy.symbols("n k j m i a t", integer=True)


_KS = sympy.Symbol("K", integer=True, positive=True)


_fF, _gF, _hF, _wF, _xF = (sympy.Function(name) for name in "fghwx")


_OO = sympy.oo


def _general_commutativity() -> bool:
    """(f*g)[n] = sum_k f(k) g(n-k); k -> n - j turns it into sum_j g(j) f(n-j) = (g*f)[n]."""
    fg = sympy.Sum(_fF(_k) * _gF(_n - _k), (_k, -_OO, _OO))
    gf = sympy.Sum(_gF(_k) * _fF(_n - _k), (_k, -_OO, _OO))
    return fg.change_index(_k, _n - _k, _j).dummy_eq(gf)


def _general_associativity() -> bool:
    """((f*g)*h)[n] = sum_m sum_k f(k) g(m-k) h(n-m); swap the sums and put m = k + j: (f*(g*h))[n]."""
    left = sympy.Sum(_fF(_k) * _gF(_m - _k) * _hF(_n - _m), (_k, -_OO, _OO), (_m, -_OO, _OO))
    right = sympy.Sum(_fF(_k) * _gF(_j) * _hF(_n - _k - _j), (_j, -_OO, _OO), (_k, -_OO, _OO))
    return left.reorder((0, 1)).change_index(_m, _m - _k, _j).dummy_eq(right)


def _general_flip() -> bool:
    """Valid true convolution with the flipped kernel, a -> K-1-a, is the cross-correlation."""
    correlation = sympy.Sum(_wF(_a) * _xF(_i + _a), (_a, 0, _KS - 1))
    flipped = sympy.Sum(_wF(_KS - 1 - _m) * _xF(_i + _KS - 1 - _m), (_m, 0, _KS - 1))
    return flipped.change_index(_m, _KS - 1 - _m, _a).dummy_eq(correlation)


def _general_equivariance() -> bool:
    """On an unbounded (or periodic) domain: correlating x(. - t) at i is y at i - t."""
    moved = sympy.Sum(_wF(_a) * _xF(_i + _a - _t), (_a, 0, _KS - 1))
    y_shifted = sympy.Sum(_wF(_a) * _xF(_i + _a), (_a, 0, _KS - 1)).subs(_i, _i - _t)
    return moved.dummy_eq(y_shifted)


def _commutative_symbolic():
    if not _general_commutativity():
        return False
    f, g = _sym("f", (3,)), _sym("g", (4,))
    F, H = _sym("F", (2, 2)), _sym("H", (2, 3))
    return _same(convolve(f, g), convolve(g, f)) and _same(convolve(F, H), convolve(H, F))


def _commutative_numeric(rng):
    def one(rng):
        ndim = _randint(rng, 1, 3)
        f = rng.normal(size=_randints(rng, 1, 5, ndim))
        g = rng.normal(size=_randints(rng, 1, 5, ndim))
        fg = _numeric.convolve(f, g, mode="full")
        return _same(fg, _numeric.convolve(g, f, mode="full")) and _same(fg, convolve(f, g))

    return _trials(one, rng)


def _associative_symbolic():
    if not _general_associativity():
        return False
    f, g, h = _sym("f", (2,)), _sym("g", (3,)), _sym("h", (2,))
    x, a, b = _sym("x", (3, 4)), _sym("a", (2, 1)), _sym("b", (1, 2))
    return _same(convolve(convolve(f, g), h), convolve(f, convolve(g, h))) and _same(
        correlate(correlate(x, a), b), correlate(x, convolve(a, b))
    )


def _associative_numeric(rng):
    def one(rng):
        ndim = _randint(rng, 1, 2)
        f, g, h = (rng.normal(size=_randints(rng, 1, 4, ndim)) for _ in range(3))
        x = rng.normal(size=tuple(8 + n for n in _randints(rng, 0, 3, ndim)))
        fg = _numeric.convolve(f, g, mode="full")
        left = _numeric.convolve(fg, h, mode="full")
        right = _numeric.convolve(f, _numeric.convolve(g, h, mode="full"), mode="full")
        twice = _numeric.correlate(_numeric.correlate(x, f), g)
        once = _numeric.correlate(x, fg)
        return _same(left, right) and _same(twice, once)

    return _trials(one, rng)


def _flip_symbolic():
    if not _general_flip():
        return False
    x, k = _sym("x", (3, 4)), _sym("k", (2, 3))
    convolved = convolve(x, k, mode="valid")
    return _same(correlate(x, np.flip(k)), convolved) and _same(
        _e(conv_expressions(x[None], k[None, None], flip=True))[0], convolved
    )


def _flip_numeric(rng):
    def one(rng):
        ndim = _randint(rng, 1, 3)
        k = rng.normal(size=_randints(rng, 1, 3, ndim))
        x = rng.normal(size=tuple(n + _randint(rng, 0, 3) for n in k.shape))
        convolved = _numeric.convolve(x, k)
        return _same(_numeric.correlate(x, np.flip(k)), convolved) and _same(convolved, convolve(x, k, mode="valid"))

    return _trials(one, rng)


def _circular_symbolic():
    if not _general_equivariance():
        return False
    x, k = _sym("x", (5,)), _sym("k", (3,))
    X, K = _sym("X", (3, 4)), _sym("K", (2, 2))
    one_d = all(
        _same(circular_correlate(shift(x, t, circular=True), k), shift(circular_correlate(x, k), t, circular=True))
        for t in range(-4, 5)
    )
    two_d = all(
        _same(
            circular_correlate(shift(X, (t, u), circular=True), K),
            shift(circular_correlate(X, K), (t, u), circular=True),
        )
        for t in range(3)
        for u in range(4)
    )
    return one_d and two_d


def _circular_numeric(rng):
    def one(rng):
        ndim = _randint(rng, 1, 2)
        x = rng.normal(size=(1, 1, *_randints(rng, 3, 7, ndim)))
        w = rng.normal(size=(1, 1, *_randints(rng, 1, 3, ndim)))
        t = tuple(int(rng.integers(-5, 6)) for _ in range(ndim))

        def circular_conv(a):  # wrap-around padding at the end, then the backend's convolution
            pads = [(0, 0), (0, 0)] + [(0, k - 1) for k in w.shape[2:]]
            return _numeric.conv(np.pad(a, pads, mode="wrap"), w)

        moved = circular_conv(shift(x, (0, 0, *t), circular=True))
        return _same(moved, shift(circular_conv(x), (0, 0, *t), circular=True))

    return _trials(one, rng)


def _interior_symbolic():
    n, k = 6, 3
    x, w = _sym("x", (1, n)), _sym("w", (1, 1, k))
    for p in range(k):
        y = _e(conv_expressions(x, w, padding=p))[0]
        for t in range(-3, 4):
            moved = _e(conv_expressions(shift(x, (0, t)), w, padding=p))[0]
            region = equivariance_region(n, k, t, padding=p)
            for i in range(len(moved)):
                if not 0 <= i - t < len(y):
                    continue
                equal = sympy.expand(moved[i] - y[i - t]) == 0
                if equal != (i in region):  # equal inside the region, different (generic data) outside
                    return False
    return True


def _interior_numeric(rng):
    def one(rng):
        n, k = _randint(rng, 4, 9), _randint(rng, 1, 4)
        p, t = _randint(rng, 0, k - 1), _randint(rng, -3, 3)
        x, w = rng.normal(size=(1, 1, n)), rng.normal(size=(1, 1, k))
        y = _numeric.conv(x, w, padding=p)[0, 0]
        moved = _numeric.conv(shift(x, (0, 0, t)), w, padding=p)[0, 0]
        region = list(equivariance_region(n, k, t, padding=p))
        return _same(moved[region], y[[i - t for i in region]])

    return _trials(one, rng, 10)


def entries() -> list[Identity]:
    """The identities of convolution's algebra and of equivariance, in catalogue order."""
    X, W = _X, _W
    i, k, t = sympy.symbols("i k t", integer=True)
    Yi = sympy.IndexedBase("Y")
    f_, g_, h_ = sympy.symbols("f g h")
    star = _f("conv")
    return [
        Identity(
            "convolution-commutes",
            sympy.Eq(star(f_, g_), star(g_, f_)),
            "True convolution in full mode is commutative: $f * g = g * f$.",
            _commutative_symbolic,
            _commutative_numeric,
            "seed 000, section 2 (commutative); Goodfellow et al. 9.1",
        ),
        Identity(
            "convolution-associates",
            sympy.And(sympy.Eq(star(star(f_, g_), h_), star(f_, star(g_, h_))),
                      sympy.Eq(_corr(_corr(X, f_), g_), _corr(X, star(f_, g_)))),
            "True convolution is associative; two correlations equal one with the composed kernel $f * g$.",
            _associative_symbolic,
            _associative_numeric,
            "Goodfellow et al. 9.1",
        ),
        Identity(
            "cross-correlation-is-flipped-convolution",
            sympy.Eq(_corr(X, W), _conv(X, _flip(W))),
            "Cross-correlation (what CNNs compute) is true convolution with the kernel flipped on every axis.",
            _flip_symbolic,
            _flip_numeric,
            "seed 001, 9.2.2; seed 002, 6.2",
        ),
        Identity(
            "translation-equivariance-circular",
            sympy.Eq(_corr(_f("shift_t")(X), W), _f("shift_t")(_corr(X, W))),
            "With circular padding convolution commutes with every translation, exactly.",
            _circular_symbolic,
            _circular_numeric,
            "seed 003, section 4 (equivariant representations)",
        ),
        Identity(
            "translation-equivariance-interior",
            sympy.Implies(sympy.And(sympy.Le(t, i), sympy.Le(i, sympy.Symbol("n") - k + sympy.Symbol("p"))),
                          sympy.Eq(sympy.IndexedBase("Y'")[i], Yi[i - t])),
            "With zero padding, shifting the input shifts the output exactly where windows lose nothing at the border.",
            _interior_symbolic,
            _interior_numeric,
            "seed 001, 9.1.2; seed 003, section 4",
        ),
    ]

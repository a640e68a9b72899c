"""Properties of convolution itself: commutativity, associativity, the flip, equivariance to translation, the DFT.

Sequences are finite: zero outside their support, or repeating with a period
for circular padding.  "conv" on this page is true convolution,
:math:`(f * g)_n = \\sum_m f_m g_{n-m}`; "corr" is the cross-correlation deep
learning computes.

References
----------
.. [1] I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, section 9.1-9.2
   (commutativity, equivariance to translation).
.. [2] Seed notes 000, 001 (9.1-9.2) and 003 (section 4).
.. [3] R. M. Gray, "Toeplitz and Circulant Matrices: A Review" (the DFT diagonalises a circulant matrix).
"""

from __future__ import annotations

import numpy as np
import scipy.signal
import sympy

from ..._layout import input_position as q
from . import _reference
from ._base import (GENERAL, Condition, Identity, canonical, close, counts, index_range, integers, naturals, positive,
                    randint, randints, sizes, trials)
from ._forms import Definition, Signal
from ._proof import Proof, ProofStep

__all__ = ["entries"]

_n, _m, _i, _j, _a, _b, _t, _u, _v = integers("n m i j a b t u v")
_K, _M, _L, _N = sizes("K M L N")
_f, _g, _h, _x, _w = (sympy.IndexedBase(name) for name in "fghxw")


def _sequences():
    return [Signal(_f, ((0, _K - 1),)), Signal(_g, ((0, _M - 1),)), Signal(_h, ((0, _L - 1),))]


def _full(name, left, right):
    """``name[n] = sum_m left[m] right[n - m]`` over all integers: true convolution in full mode."""
    return Definition(sympy.IndexedBase(name), (_n,), sympy.Sum(left[_m] * right[_n - _m], (_m, -sympy.oo, sympy.oo)))


def _commutes_identity():
    FG, GF = _full("(f*g)", _f, _g), _full("(g*f)", _g, _f)
    return Identity(
        "convolution-commutes",
        sympy.Eq(FG.base[_n], GF.base[_n]),
        "True convolution of finite sequences (full mode) is commutative: $f * g = g * f$.",
        proof=canonical(_sequences(), [FG, GF], positive(_K, _M, _L)),
        numeric=_commutes_numeric,
        source="seed 003, section 2 (commutative); Goodfellow et al. 9.1",
        definitions=[FG, GF],
        uses=("convolve",),
    )


def _commutes_numeric(rng, ops):
    def one(rng):
        ndim = randint(rng, 1, 3)
        f = rng.normal(size=randints(rng, 1, 4, ndim))
        g = rng.normal(size=randints(rng, 1, 4, ndim))
        fg = ops.convolve(f, g, mode="full")
        return close(fg, ops.convolve(g, f, mode="full")) and close(fg, _reference.convolve(f, g, mode="full"))

    return trials(one, rng)


def _associates_identity():
    FG, GH = _full("(f*g)", _f, _g), _full("(g*h)", _g, _h)
    left, right = _full("((f*g)*h)", FG.base, _h), _full("(f*(g*h))", _f, GH.base)
    n_x = sympy.Symbol("n_x", integer=True, positive=True)
    C1, C2, C3 = (sympy.IndexedBase(name) for name in ("R", "R'", "R''"))
    count = n_x - _K - _M + 2
    correlations = [
        Definition(C1, (_i,), sympy.Sum(_f[_a] * _x[_i + _a], (_a, 0, _K - 1)), tuple(index_range(_i, n_x - _K + 1))),
        Definition(C2, (_j,), sympy.Sum(_g[_b] * C1[_j + _b], (_b, 0, _M - 1)), tuple(index_range(_j, count))),
        Definition(C3, (_j,), sympy.Sum(FG.base[_m] * _x[_j + _m], (_m, 0, _K + _M - 2)), tuple(index_range(_j, count))),
    ]
    claim = sympy.And(sympy.Eq(left.base[_n], right.base[_n], evaluate=False),
                      sympy.Eq(C2[_j], C3[_j], evaluate=False), evaluate=False)
    signals = [*_sequences(), Signal(_x, ((0, n_x - 1),))]
    return Identity(
        "convolution-associates",
        claim,
        "True convolution is associative, $(f * g) * h = f * (g * h)$; and correlating with $f$ then with $g$ "
        "(valid mode) is one correlation with the composed kernel $f * g$ (for every index $j$ of the result).",
        proof=canonical(signals, [FG, GH, left, right, *correlations], [*positive(_K, _M, _L, n_x)]),
        numeric=_associates_numeric,
        source="Goodfellow et al. 9.1",
        domain=index_range(_j, count),
        definitions=[FG, GH, left, right, *correlations],
        uses=("convolve", "correlate"),
    )


def _associates_numeric(rng, ops):
    def one(rng):
        ndim = randint(rng, 1, 2)
        f, g, h = (rng.normal(size=randints(rng, 1, 4, ndim)) for _ in range(3))
        x = rng.normal(size=tuple(8 + n for n in randints(rng, 0, 3, ndim)))
        fg = _reference.convolve(f, g, mode="full")
        left = ops.convolve(ops.convolve(f, g, mode="full"), h, mode="full")
        right = ops.convolve(f, ops.convolve(g, h, mode="full"), mode="full")
        twice = ops.correlate(ops.correlate(x, f), g)
        return close(left, right) and close(twice, ops.correlate(x, fg)) and close(twice, _reference.correlate(x, fg))

    return trials(one, rng)


def _flip_identity():
    n1, n2, k1, k2 = sizes("n_1 n_2 k_1 k_2")
    X, Wt, F = sympy.IndexedBase("X"), sympy.IndexedBase("W"), sympy.IndexedBase(r"\bar{W}")
    R, C = sympy.IndexedBase("R"), sympy.IndexedBase("C")
    m1, m2 = integers("m_1 m_2")
    definitions = [
        # cross-correlation, valid mode
        Definition(R, (_i, _j), sympy.Sum(Wt[_a, _b] * X[_i + _a, _j + _b], (_b, 0, k2 - 1), (_a, 0, k1 - 1)),
                   (*index_range(_i, n1 - k1 + 1), *index_range(_j, n2 - k2 + 1))),
        # the kernel flipped on both axes
        Definition(F, (_a, _b), Wt[k1 - 1 - _a, k2 - 1 - _b]),
        # textbook convolution, C_{i,j} = sum_m X_{i-m} K_m, over all integers
        Definition(C, (_i, _j), sympy.Sum(X[_i - m1, _j - m2] * F[m1, m2], (m2, -sympy.oo, sympy.oo),
                                          (m1, -sympy.oo, sympy.oo))),
    ]
    signals = [Signal(X, ((0, n1 - 1), (0, n2 - 1))), Signal(Wt, ((0, k1 - 1), (0, k2 - 1)))]
    return Identity(
        "cross-correlation-is-flipped-convolution",
        sympy.Eq(R[_i, _j], C[_i + k1 - 1, _j + k2 - 1]),
        "Cross-correlation (what CNNs compute) is true convolution with the kernel flipped on every axis, "
        "$\\bar{W}_{a,b} = W_{k_1-1-a, k_2-1-b}$: its valid part, which starts at index $k - 1$ of the full "
        "convolution on each axis.",
        proof=canonical(signals, definitions, positive(n1, n2, k1, k2)),
        numeric=_flip_numeric,
        source="seed 001, 9.2.2; seed 002, 6.2",
        domain=[*index_range(_i, n1 - k1 + 1), *index_range(_j, n2 - k2 + 1)],
        definitions=definitions,
        uses=("correlate", "convolve"),
    )


def _flip_numeric(rng, ops):
    # correlate is not compared with convolve (one may be the other reversed): each against a loop of the other
    def one(rng):
        ndim = randint(rng, 1, 3)
        k = rng.normal(size=randints(rng, 1, 3, ndim))
        x = rng.normal(size=tuple(n + randint(rng, 0, 3) for n in k.shape))
        flipped = np.flip(k)
        return (close(ops.correlate(x, k), _reference.convolve(x, flipped))
                and close(ops.convolve(x, k), _reference.correlate(x, flipped))
                and close(ops.correlate(x, k), scipy.signal.correlate(x, k, mode="valid")))

    return trials(one, rng)


# ----------------------------------------------------------------------------
# equivariance to translation
# ----------------------------------------------------------------------------


def _circular_identity():
    k, s, d = sizes("k s d")
    p = naturals("p")
    n_x, n_y = sizes("n n_y")
    X, W, Xs, Y, Ys = (sympy.IndexedBase(name) for name in ("X", "W", "X'", "Y", "Y'"))
    r = sympy.Symbol("r", integer=True)
    definitions = [
        # circular padding: X repeats with period n, and the outputs run over all integers (period n / s)
        Definition(Y, (_i,), sympy.Sum(W[_a] * X[q(_i, _a, s, d, p)], (_a, 0, k - 1))),
        Definition(Xs, (r,), X[r - _t]),
        Definition(Ys, (_i,), sympy.Sum(W[_a] * Xs[q(_i, _a, s, d, p)], (_a, 0, k - 1))),
    ]
    signals = [Signal(X, (None,), (n_x,)), Signal(W, ((0, k - 1),))]
    claim = sympy.And(sympy.Eq(Ys[_i], Y[_i - _t / s], evaluate=False), sympy.Eq(Y[_i + n_y], Y[_i], evaluate=False),
                      evaluate=False)
    return Identity(
        "translation-equivariance-circular",
        claim,
        "With circular padding a convolution of stride $s$ commutes with the translations by a multiple of $s$: "
        "shifting the input by $t$ moves the output by $t/s$; the output repeats with period $n/s$ (stride 1: "
        "every translation).",
        proof=canonical(signals, definitions, [*positive(k, s, d, n_x, n_y), p >= 0]),
        numeric=_circular_numeric,
        source="seed 003, section 4 (equivariant representations)",
        conditions=[
            Condition(sympy.Eq(_t, s * _u), "the shift is a multiple of the stride ($t = s u$)",
                      _circular_odd_shift, "n=6, k=3, s=2, t=1"),
            Condition(sympy.Eq(n_x, s * n_y), "the stride divides the input size ($n = s n_y$)",
                      _circular_odd_size, "n=5, k=2, s=2, t=2"),
        ],
        definitions=definitions,
        uses=("conv",),
    )


def _circular(ops, x, w, s, d=1, p=0):
    """Circular convolution with ops.conv: the input wrapped around (p before, the rest after), then stride s."""
    n = x.shape[-1]
    span = d * (w.shape[-1] - 1) + 1
    count = -(-n // s)
    need = (count - 1) * s + span
    canvas = np.concatenate([x] * (2 + (need + p) // n), axis=-1)
    start = (-p) % n
    return ops.conv(canvas[..., start:start + need], w, stride=s, dilation=d)


def _circular_numeric(rng, ops):
    def one(rng):
        s = randint(rng, 1, 3)
        n = s * randint(rng, 2, 5)
        k, d, p = randint(rng, 1, 3), randint(rng, 1, 2), randint(rng, 0, 2)
        x, w = rng.normal(size=(1, 1, n)), rng.normal(size=(1, 1, k))
        u = randint(rng, -3, 3)
        y = _circular(ops, x, w, s, d, p)[0, 0]
        moved = _circular(ops, np.roll(x, s * u, axis=-1), w, s, d, p)[0, 0]
        count = n // s
        # output i of the moved input is output i - u of the original, the index taken modulo n / s
        want = np.array([y[(i - u) % count] for i in range(count)])
        by_loop = np.array([sum(w[0, 0, a] * x[0, 0, (i * s + a * d - p) % n] for a in range(k)) for i in range(count)])
        return close(moved, want) and close(y, by_loop)

    return trials(one, rng)


def _circular_odd_shift(ops):
    rng = np.random.default_rng(10)
    x, w = rng.normal(size=(1, 1, 6)), rng.normal(size=(1, 1, 3))
    y, moved = _circular(ops, x, w, 2)[0, 0], _circular(ops, np.roll(x, 1, axis=-1), w, 2)[0, 0]
    return any(close(moved, np.roll(y, shift)) for shift in range(len(y)))


def _circular_odd_size(ops):
    rng = np.random.default_rng(11)
    x, w = rng.normal(size=(1, 1, 5)), rng.normal(size=(1, 1, 2))
    y, moved = _circular(ops, x, w, 2)[0, 0], _circular(ops, np.roll(x, 2, axis=-1), w, 2)[0, 0]
    return close(moved, np.roll(y, 1))


def _interior_identity():
    k, d, n_x = sizes("k d n")
    p = naturals("p")
    O = counts("O")
    X, W, Xs, Y, Ys = (sympy.IndexedBase(name) for name in ("X", "W", "X'", "Y", "Y'"))
    r = sympy.Symbol("r", integer=True)
    span = d * (k - 1) + 1
    definitions = [
        # zero padding p, stride 1; the shifted input keeps the canvas [0, n - 1] (zeros fill in)
        Definition(Y, (_i,), sympy.Sum(W[_a] * X[q(_i, _a, 1, d, p)], (_a, 0, k - 1)), tuple(index_range(_i, O))),
        Definition(Xs, (r,), X[r - _t], tuple(index_range(r, n_x))),
        Definition(Ys, (_i,), sympy.Sum(W[_a] * Xs[q(_i, _a, 1, d, p)], (_a, 0, k - 1)), tuple(index_range(_i, O))),
    ]
    signals = [Signal(X, ((0, n_x - 1),)), Signal(W, ((0, k - 1),))]
    base = [*positive(k, d, n_x), p >= 0, sympy.Eq(O, n_x + 2 * p - span + 1)]
    right = sympy.Implies(sympy.Ge(_t, 0), sympy.Le(_i, n_x - span + p), evaluate=False)
    left = sympy.Implies(sympy.Le(_t, 0), sympy.Ge(_i, p), evaluate=False)

    def prover(identity, conditions):
        relations = [c.relation for c in conditions]
        steps = []
        for sign, case in ((sympy.Ge(_t, 0), "$t \\ge 0$"), (sympy.Le(_t, 0), "$t \\le 0$")):
            # in each case the condition whose premise holds gives its conclusion
            used = [rel.args[1] for rel in relations if rel.args[0] == sign]
            inner = canonical(signals, definitions, [*base, sign, *used])(identity, ())
            for step in inner.steps:
                step.title = f"{step.title}, case {case}"
            steps += inner.steps
        return Proof(GENERAL, "two cases ($t \\ge 0$, $t \\le 0$), each by canonical forms compared after a change of "
                              "summation index checked by SymPy", steps)

    return Identity(
        "translation-equivariance-interior",
        sympy.Eq(Ys[_i], Y[_i - _t], evaluate=False),
        "With zero padding $p$ (stride 1, dilation $d$, span $\\hat{k} = d(k-1)+1$), shifting the input by $t$ with zeros "
        "filling in shifts the output by $t$ exactly where the window of output $i$ stays inside the input on the "
        "side the shift empties: $i \\le n - \\hat{k} + p$ for $t \\ge 0$, $i \\ge p$ for $t \\le 0$.",
        proof=prover,
        numeric=_interior_numeric,
        source="seed 001, 9.1.2; seed 003, section 4",
        conditions=[
            Condition(right, "for $t \\ge 0$: $i \\le n - \\hat{k} + p$", _interior_right, "n=8, k=3, p=1, t=2, i=7"),
            Condition(left, "for $t \\le 0$: $i \\ge p$", _interior_left, "n=8, k=3, p=1, t=-2, i=0"),
        ],
        domain=[*index_range(_i, O), *index_range(_i - _t, O)],
        definitions=[*definitions, sympy.Eq(O, n_x + 2 * p - span + 1, evaluate=False)],
        uses=("conv",),
    )


def _shift(x, t):
    """Shift the last axis by t, zeros filling in (the canvas keeps its size)."""
    out = np.zeros_like(x)
    n = x.shape[-1]
    for r in range(n):
        if 0 <= r - t < n:
            out[..., r] = x[..., r - t]
    return out


def _interior_holds(ops, x, w, p, d, t, i):
    y = ops.conv(x, w, padding=p, dilation=d)[0, 0]
    moved = ops.conv(_shift(x, t), w, padding=p, dilation=d)[0, 0]
    return close(moved[i], y[i - t])


def _interior_numeric(rng, ops):
    def one(rng):
        n, k, d = randint(rng, 4, 9), randint(rng, 1, 4), randint(rng, 1, 2)
        if d * (k - 1) + 1 > n:
            d = 1
        span = d * (k - 1) + 1
        p, t = randint(rng, 0, span), randint(rng, -3, 3)
        x, w = rng.normal(size=(1, 1, n)), rng.normal(size=(1, 1, k))
        count = n + 2 * p - span + 1
        region = [i for i in range(count) if 0 <= i - t < count
                  and (t < 0 or i <= n - span + p) and (t > 0 or i >= p)]
        return all(_interior_holds(ops, x, w, p, d, t, i) for i in region)

    return trials(one, rng, 10)


def _interior_right(ops):
    x, w = np.random.default_rng(12).normal(size=(1, 1, 8)), np.random.default_rng(13).normal(size=(1, 1, 3))
    return _interior_holds(ops, x, w, 1, 1, 2, 7)


def _interior_left(ops):
    x, w = np.random.default_rng(12).normal(size=(1, 1, 8)), np.random.default_rng(13).normal(size=(1, 1, 3))
    return _interior_holds(ops, x, w, 1, 1, -2, 0)


# ----------------------------------------------------------------------------
# circular padding: the DFT diagonalises the convolution (a circulant matrix)
# ----------------------------------------------------------------------------


def _dft_identity():
    k, n_x = sizes("k n")
    j2 = sympy.Symbol("j'", integer=True)
    omega = sympy.exp(2 * sympy.pi * sympy.I / n_x)
    X, W, Y = sympy.IndexedBase("X"), sympy.IndexedBase("W"), sympy.IndexedBase("Y")
    hat = sympy.Function(r"\hat{Y}")
    xhat = sympy.Function(r"\hat{X}")
    lam = sympy.Function(r"\lambda")
    y = sympy.Sum(W[_a] * X[_j + _a], (_a, 0, k - 1))
    dft_y = sympy.Sum(omega ** (-_j * _m) * y, (_j, 0, n_x - 1))
    dft_x = sympy.Sum(omega ** (-_j * _m) * X[_j], (_j, 0, n_x - 1))
    eigen = sympy.Sum(W[_a] * omega ** (_a * _m), (_a, 0, k - 1))
    claim = sympy.Eq(hat(_m), lam(_m) * xhat(_m), evaluate=False)

    def prover(identity, conditions):
        inner = sympy.Sum(omega ** (-_j * _m) * X[_j + _a], (_j, 0, n_x - 1))
        swapped = sympy.Sum(W[_a] * inner, (_a, 0, k - 1))
        shifted = sympy.Sum(omega ** (-j2 * _m) * X[j2], (j2, _a, _a + n_x - 1))
        moved = sympy.Sum(W[_a] * omega ** (_a * _m) * shifted, (_a, 0, k - 1))
        wrapped = sympy.Sum(W[_a] * omega ** (_a * _m) * dft_x, (_a, 0, k - 1))

        def exchanged():
            double = sympy.Sum(omega ** (-_j * _m) * W[_a] * X[_j + _a], (_a, 0, k - 1), (_j, 0, n_x - 1))
            # the constant of each sum moves in and out of it (factor_terms), and finite sums swap (reorder)
            return (sympy.factor_terms(sympy.Sum(omega ** (-_j * _m) * W[_a] * X[_j + _a], (_a, 0, k - 1)))
                    .dummy_eq(omega ** (-_j * _m) * y)
                    and double.reorder((0, 1)).dummy_eq(sympy.Sum(omega ** (-_j * _m) * W[_a] * X[_j + _a],
                                                                  (_j, 0, n_x - 1), (_a, 0, k - 1)))
                    and sympy.factor_terms(sympy.Sum(W[_a] * omega ** (-_j * _m) * X[_j + _a], (_j, 0, n_x - 1)))
                    .dummy_eq(W[_a] * inner))

        def reindexed():
            changed = inner.change_index(_j, _j + _a, j2)
            return (changed.limits == shifted.limits
                    and sympy.simplify(changed.function - omega ** (_a * _m) * shifted.function) == 0)

        def periodic():
            # the summand has period n in j' (X by circular padding, omega^(-j' m) as m is an integer)
            return sympy.simplify(omega ** (-(j2 + n_x) * _m) / omega ** (-j2 * _m)) == 1

        def diagonal():
            return sympy.factor_terms(wrapped).dummy_eq(eigen * dft_x)

        return Proof(GENERAL, "SymPy sum manipulations: an exchange of finite sums, a change of summation index "
                              "and a sum of a periodic sequence over one full period", [
            ProofStep("The DFT of the output", [sympy.Eq(hat(_m), dft_y, evaluate=False),
                                                sympy.Eq(xhat(_m), dft_x, evaluate=False),
                                                sympy.Eq(lam(_m), eigen, evaluate=False)],
                      "With circular padding, $Y_j = \\sum_a W_a X_{j+a}$ with $X$ repeating with period $n$; "
                      "$\\hat{Y}$ and $\\hat{X}$ are their DFTs, $\\omega = e^{2 \\pi i / n}$.", lambda: True),
            ProofStep("Exchange the sums", [sympy.Eq(dft_y, swapped, evaluate=False)],
                      "Both sums are finite (SymPy reorders them and moves the constants in and out).", exchanged),
            ProofStep("Change of index", [sympy.Eq(swapped, moved, evaluate=False)],
                      "$j' = j + a$ in the inner sum (SymPy's `change_index`), and $\\omega^{-(j'-a) m} = "
                      "\\omega^{a m} \\omega^{-j' m}$.", reindexed),
            ProofStep("One full period", [sympy.Eq(moved, wrapped, evaluate=False)],
                      "The summand $\\omega^{-j' m} X_{j'}$ repeats with period $n$ in $j'$ (SymPy: "
                      "$\\omega^{-n m} = 1$ for an integer $m$), so its sum over any $n$ consecutive $j'$ is the same.",
                      periodic),
            ProofStep("Diagonal", [sympy.Eq(wrapped, eigen * dft_x, evaluate=False)],
                      "The DFT of the output is the DFT of the input times $\\lambda_m$: the circulant matrix of "
                      "the convolution is $F^{-1} \\operatorname{diag}(\\lambda) F$ (SymPy factors the sum).",
                      diagonal),
        ])

    return Identity(
        "circulant-diagonalised-by-dft",
        claim,
        "With circular padding (stride 1) the convolution is a circulant matrix, diagonalised by the DFT: the DFT "
        "of the output is $\\lambda_m \\hat{X}_m$ with eigenvalues $\\lambda_m = \\sum_a W_a \\omega^{a m}$.",
        proof=prover,
        numeric=_dft_numeric,
        source="seed 003, section 4; Gray, Toeplitz and Circulant Matrices",
        domain=index_range(_m, n_x),
        uses=("conv",),
    )


def _dft_numeric(rng, ops):
    def one(rng):
        n, k = randint(rng, 3, 9), randint(rng, 1, 4)
        x, w = rng.normal(size=(1, 1, n)), rng.normal(size=(1, 1, k))
        y = _circular(ops, x, w, 1)[0, 0]
        frequencies = np.arange(n)
        eigen = np.array([sum(w[0, 0, a] * np.exp(2j * np.pi * a * m / n) for a in range(k)) for m in frequencies])
        return close(np.abs(np.fft.fft(y) - eigen * np.fft.fft(x[0, 0])), np.zeros(n))

    return trials(one, rng)


def entries() -> list[Identity]:
    """The identities of convolution's algebra, equivariance and the DFT, in catalogue order."""
    return [_commutes_identity(), _associates_identity(), _flip_identity(), _circular_identity(),
            _interior_identity(), _dft_identity()]

"""Padding modes: what circular and replicate padding make exact, proved with the remainder and the clamp.

PyTorch's ``padding_mode`` fills the padding with copies of input cells
(:func:`symconv._layout.pad_source`): ``circular`` reads cell ``q mod n``,
``replicate`` the nearest border cell.  Each identity below writes the read
of a padded position as a ``Piecewise`` over the mode, so that the condition
``mode = circular`` (or ``replicate``) is what collapses it; the proofs are
SymPy algebra on symbols -- the law of the remainder, ``omega^(n q m) = 1``
for integers, the bounds of a clamp -- for every size, shift and frequency.

References
----------
.. [1] R. M. Gray, "Toeplitz and Circulant Matrices: A Review" (the DFT diagonalises a circulant matrix).
.. [2] Seed note 003, section 4 (equivariant representations).
"""

from __future__ import annotations

import numpy as np
import sympy

from ._base import Condition, Identity, close, index_range, integers, naturals, randint, randints, sizes, trials
from ._proof import GENERAL, Proof, ProofStep

__all__ = ["entries"]

_n, _k, _s, _d = sizes("n k s d")
_pb, _pa = naturals("p_b p_a")
_i, _a, _t, _q, _r, _u, _v, _z = integers("i a t q r u v z")
_X, _W, _Xs, _Y, _Ys = (sympy.IndexedBase(name) for name in ("X", "W", "X'", "Y", "Y'"))
_mode = sympy.Symbol(r"\mathrm{mode}")
_circular, _replicate = sympy.Symbol(r"\mathrm{circular}"), sympy.Symbol(r"\mathrm{replicate}")
_omega = sympy.Symbol(r"\omega")


def _pad_read(base, q, mode, copy):
    """What position ``q`` of the padded axis holds: ``base[copy]`` in ``mode``, otherwise the zero-padded read."""
    return sympy.Piecewise((base[copy], sympy.Eq(_mode, mode)),
                           (base[q], sympy.And(sympy.Ge(q, 0), sympy.Le(q, _n - 1))), (0, True))


def _held(conditions, table):
    """The substitutions of the conditions given (a condition left out substitutes nothing)."""
    out = {}
    for condition in conditions:
        out.update(table.get(condition.relation, {}))
    return out


def _pad_step(title, base, mode, copy, substitutions, explanation):
    """The step where the mode's condition collapses the Piecewise read to the copied cell."""
    read = _pad_read(base, _q, mode, copy)
    return ProofStep(title,
                     [sympy.Implies(sympy.Eq(_mode, mode), sympy.Eq(sympy.Function("P")(_q), base[copy], evaluate=False),
                                    evaluate=False)],
                     explanation, lambda: read.xreplace(substitutions) == base[copy])


# ----------------------------------------------------------------------------
# circular padding commutes with circular shifts
# ----------------------------------------------------------------------------


def _shift_identity():
    count = sympy.Symbol("O", integer=True)
    formula = sympy.floor((_n + _pb + _pa - _d * (_k - 1) - 1) / _s) + 1
    mode_is = sympy.Eq(_mode, _circular)
    unit = sympy.Eq(_s, 1)
    pads = sympy.Eq(_pb + _pa, _d * (_k - 1))
    table = {mode_is: {_mode: _circular}, unit: {_s: 1}, pads: {_pa: _d * (_k - 1) - _pb}}
    P = sympy.Function("P")

    def read(base, q):
        return _pad_read(base, q, _circular, sympy.Mod(q, _n))

    def inline(expr):
        # X'_r = X_{(r - t) mod n}: the input shifted circularly by t
        return expr.replace(lambda e: isinstance(e, sympy.Indexed) and e.base == _Xs,
                            lambda e: _X[sympy.Mod(e.indices[0] - _t, _n)])

    moved_index = sympy.Mod(_i - _t, count)
    claim = sympy.Eq(_Ys[_i], _Y[moved_index], evaluate=False)
    definitions = [
        sympy.Eq(_Y[_i], sympy.Sum(_W[_a] * P(_i * _s + _a * _d - _pb), (_a, 0, _k - 1)), evaluate=False),
        sympy.Eq(_Xs[_r], _X[sympy.Mod(_r - _t, _n, evaluate=False)], evaluate=False),
        sympy.Eq(_Ys[_i], sympy.Sum(_W[_a] * sympy.Function("P'")(_i * _s + _a * _d - _pb), (_a, 0, _k - 1)),
                 evaluate=False),
        sympy.Eq(count, formula, evaluate=False),
    ]

    def prover(identity, conditions):
        subs = _held(conditions, table)
        size = formula.xreplace(subs)
        # the two sides as the claim writes them: Y' at an output, Y at the moved output
        output, moved = identity.claim.lhs.indices[0], identity.claim.rhs.indices[0]
        left = inline(_W[_a] * read(_Xs, output * _s + _a * _d - _pb)).xreplace(subs)
        right = (_W[_a] * read(_X, moved.xreplace({count: size}) * _s + _a * _d - _pb)).xreplace(subs)
        unevaluated_left = _W[_a] * _X[sympy.Mod(sympy.Mod(_i + _a * _d - _pb, _n, evaluate=False) - _t, _n,
                                                 evaluate=False)]
        unevaluated_right = _W[_a] * _X[sympy.Mod(sympy.Mod(_i - _t, _n, evaluate=False) + _a * _d - _pb, _n,
                                                  evaluate=False)]
        joined = _W[_a] * _X[sympy.Mod(_i + _a * _d - _pb - _t, _n)]

        def remainder_law():
            # u mod n = u - n floor(u/n), and adding a multiple of n to an integer keeps its remainder
            multiple = sympy.expand((_u - sympy.Mod(_u, _n).rewrite(sympy.floor)) / _n)
            return (multiple.is_integer is True
                    and sympy.Mod(_u + _v - _n * _z, _n) == sympy.Mod(_u + _v, _n)
                    and sympy.Mod(sympy.Mod(_u, _n) + _v, _n) == sympy.Mod(_u + _v, _n))

        def in_range():
            index = moved.xreplace({count: size})
            fraction = sympy.frac((_i - _t) / _n)
            return (index.is_nonnegative is True and bool(fraction < 1) and bool(fraction >= 0)
                    and sympy.expand(index.rewrite(sympy.floor) - (_n * fraction).rewrite(sympy.floor)) == 0)

        return Proof(GENERAL, "SymPy algebra of remainders: the Piecewise read collapsed by the conditions, the law "
                              "$(u \\bmod n + v) \\bmod n = (u + v) \\bmod n$, and the reads compared tap by tap", [
            ProofStep("Definitions", definitions + [sympy.Eq(P(_q), read(_X, _q), evaluate=False)],
                      "The convolution reads the padded input at $q = i s + a d - p_b$; with circular padding "
                      "position $q$ holds $X_{q \\bmod n}$, with zero padding $X_q$ inside the input and 0 outside. "
                      "$X'$ is the input shifted circularly by $t$ (NumPy's `roll`).", lambda: True),
            _pad_step("Circular padding copies a cell", _X, _circular, sympy.Mod(_q, _n), subs,
                      "With `padding_mode='circular'` every padded position copies the input cell $q \\bmod n$ "
                      "(`pad_source`)."),
            ProofStep("The output has n cells", [sympy.Eq(count, _n, evaluate=False)],
                      "At stride 1 with pads adding up to $d(k-1)$ the output is as long as the input, so shifting it "
                      "circularly by $t$ is the same shift as the input's.",
                      lambda: sympy.simplify(size - _n) == 0),
            ProofStep("The remainder law", [sympy.Eq(sympy.Mod(sympy.Mod(_u, _n, evaluate=False) + _v, _n,
                                                               evaluate=False), sympy.Mod(_u + _v, _n), evaluate=False)],
                      "For integers $u$ and $v$: $u \\bmod n = u - n \\lfloor u / n \\rfloor$, and adding a multiple "
                      "of $n$ to an integer keeps its remainder (SymPy checks both).", remainder_law),
            ProofStep("Tap by tap", [sympy.Eq(unevaluated_left, joined, evaluate=False),
                                     sympy.Eq(unevaluated_right, joined, evaluate=False)],
                      "The tap $a$ of $Y'_i$ reads $X$ at $((i + a d - p_b) \\bmod n - t) \\bmod n$, the tap $a$ of "
                      "$Y_{(i - t) \\bmod n}$ at $((i - t) \\bmod n + a d - p_b) \\bmod n$; by the remainder law both "
                      "are $(i + a d - p_b - t) \\bmod n$, so every term of the two sums is the same.",
                      lambda: identity.claim.lhs.base == _Ys and identity.claim.rhs.base == _Y
                      and sympy.expand(left - right) == 0 and left == joined),
            ProofStep("The shifted index is an output", [sympy.Le(0, sympy.Mod(_i - _t, _n), evaluate=False),
                                                          sympy.Le(sympy.Mod(_i - _t, _n), _n - 1, evaluate=False)],
                      "$(i - t) \\bmod n = n \\operatorname{frac}((i - t)/n)$ lies in $[0, n - 1]$ (SymPy).",
                      in_range),
        ])

    return Identity(
        "circular-conv-commutes-with-circular-shift",
        claim,
        "With circular padding (stride 1, pads adding up to $d(k-1)$) shifting the input circularly by any $t$ shifts "
        "the output circularly by $t$: $Y'_i = Y_{(i - t) \\bmod n}$ for every output $i$, proved with the remainder "
        "for symbolic $n$, $k$, $d$, $p_b$ and $t$.",
        proof=prover,
        numeric=_shift_numeric,
        source="seed 003, section 4 (equivariant representations); PyTorch padding_mode='circular'",
        conditions=[
            Condition(mode_is, "the padding is circular (`padding_mode='circular'`)", _shift_zero_padding,
                      "zero padding, n=6, k=3, pads (1, 1), t=1"),
            Condition(unit, "stride 1", _shift_stride_two, "n=6, k=3, s=2, pads (1, 1), t=1"),
            Condition(pads, "the pads add up to $d(k-1)$ (the output is as long as the input)", _shift_no_pads,
                      "n=5, k=3, pads (0, 0), t=1"),
        ],
        domain=index_range(_i, count),
        definitions=(),
        uses=("conv",),
    )


def _conv(ops, x, w, **kwargs):
    """``ops.conv`` with a padding mode; None when the implementation takes no ``padding_mode``."""
    try:
        return ops.conv(x, w, **kwargs)
    except TypeError as error:
        if "padding_mode" in str(error):
            return None  # it cannot pad but with zeros: the identity cannot hold for it
        raise


def _roll_commutes(ops, x, w, t, **kwargs):
    y, moved = _conv(ops, x, w, **kwargs), _conv(ops, np.roll(x, t, axis=-1), w, **kwargs)
    return y is not None and moved is not None and close(moved, np.roll(y, t, axis=-1))


def _shift_numeric(rng, ops):
    def one(rng):
        k, d = randint(rng, 1, 4), randint(rng, 1, 2)
        span = d * (k - 1)
        n = randint(rng, max(2, -(-span // 2)), 9)  # circular pads are at most n each
        before = randint(rng, max(0, span - n), min(span, n))
        after = span - before
        x, w = rng.normal(size=(1, 1, n)), rng.normal(size=(1, 1, k))
        t = randint(rng, -2 * n, 2 * n)
        kwargs = dict(padding=((before, after),), dilation=d, padding_mode="circular")
        y = _conv(ops, x, w, **kwargs)
        # the definition, looped: tap a of output i reads x[(i + a d - p_b) mod n]
        loop = [sum(w[0, 0, a] * x[0, 0, (i + a * d - before) % n] for a in range(k)) for i in range(n)]
        return y is not None and close(y[0, 0], loop) and _roll_commutes(ops, x, w, t, **kwargs)

    return trials(one, rng, 8)


def _shift_zero_padding(ops):
    x, w = np.random.default_rng(20).normal(size=(1, 1, 6)), np.random.default_rng(21).normal(size=(1, 1, 3))
    return _roll_commutes(ops, x, w, 1, padding=1, padding_mode="zeros")


def _shift_stride_two(ops):
    x, w = np.random.default_rng(20).normal(size=(1, 1, 6)), np.random.default_rng(21).normal(size=(1, 1, 3))
    return _roll_commutes(ops, x, w, 1, padding=1, stride=2, padding_mode="circular")


def _shift_no_pads(ops):
    x, w = np.random.default_rng(20).normal(size=(1, 1, 5)), np.random.default_rng(21).normal(size=(1, 1, 3))
    return _roll_commutes(ops, x, w, 1, padding=0, padding_mode="circular")


# ----------------------------------------------------------------------------
# the DFT's vectors are eigenvectors of a circular convolution
# ----------------------------------------------------------------------------


def _eigen_identity():
    m = sympy.Symbol("m")  # the frequency: an integer only by the condition, so the proof can fail without it
    m_integer = sympy.Symbol("m", integer=True)
    p = _pb
    mode_is = sympy.Eq(_mode, _circular)
    integral = sympy.Contains(m, sympy.Integers)
    table = {mode_is: {_mode: _circular}, integral: {m: m_integer}}
    V, Cv = sympy.IndexedBase("v"), sympy.IndexedBase("(C v)")
    lam = sympy.Symbol(r"\lambda_{m}")

    def power(exponent):
        # omega^e with omega = exp(2 pi i / n), written as one exponential so SymPy adds exponents exactly
        return sympy.exp(2 * sympy.pi * sympy.I * exponent / _n)

    def shown(exponent):
        return sympy.Pow(_omega, exponent, evaluate=False)

    q = _i + _a * _d - p
    claim = sympy.Eq(Cv[_i], lam * V[_i], evaluate=False)
    eigenvalue = sympy.Sum(_W[_a] * shown((_a * _d - p) * m), (_a, 0, _k - 1))

    def prover(identity, conditions):
        subs = _held(conditions, table)
        frequency = m.xreplace(subs)
        read = _pad_read(V, q, _circular, sympy.Mod(q, _n)).xreplace(subs)
        # v_j = omega^(j m), inlined
        entry = read.replace(lambda e: isinstance(e, sympy.Indexed) and e.base == V,
                             lambda e: power(e.indices[0] * frequency))
        whole = power((_i + _a * _d - p) * frequency)
        floor_part = sympy.floor(q / _n)

        def split():
            return sympy.simplify(power(sympy.Mod(q, _n).rewrite(sympy.floor) * frequency)
                                  - whole * sympy.exp(-2 * sympy.pi * sympy.I * floor_part * frequency)) == 0

        def unit_root():
            return sympy.simplify(sympy.exp(-2 * sympy.pi * sympy.I * floor_part * frequency)) == 1

        def whole_period():
            return sympy.simplify(entry.rewrite(sympy.floor) - whole) == 0

        def factor():
            summand = power(_i * frequency) * _W[_a] * power((_a * _d - p) * frequency)
            total = sympy.Sum(summand, (_a, 0, _k - 1))
            # the claim's right side, lambda_m v_i, with v_i = omega^(i m) put in
            claimed = identity.claim.rhs.replace(lambda e: isinstance(e, sympy.Indexed) and e.base == V,
                                                 lambda e: power(e.indices[0] * frequency))
            return (identity.claim.lhs == Cv[_i] and claimed == lam * power(_i * frequency)
                    and sympy.simplify(whole * _W[_a] - summand) == 0
                    and sympy.factor_terms(total).dummy_eq(
                        power(_i * frequency) * sympy.Sum(_W[_a] * power((_a * _d - p) * frequency), (_a, 0, _k - 1))))

        return Proof(GENERAL, "SymPy algebra of exponentials: the circular read written with the floor of the "
                              "remainder, $\\omega^{n q m} = 1$ for integers $q$ and $m$, and the constant factored out of "
                              "the sum over taps", [
            ProofStep("Definitions", [sympy.Eq(_omega, sympy.exp(2 * sympy.pi * sympy.I / _n), evaluate=False),
                                      sympy.Eq(V[_r], shown(_r * m), evaluate=False),
                                      sympy.Eq(Cv[_i], sympy.Sum(_W[_a] * sympy.Function("P")(q), (_a, 0, _k - 1)),
                                               evaluate=False),
                                      sympy.Eq(sympy.Function("P")(_q), _pad_read(V, _q, _circular,
                                                                                  sympy.Mod(_q, _n)), evaluate=False),
                                      sympy.Eq(lam, eigenvalue, evaluate=False)],
                      "$v$ is the DFT's vector of frequency $m$; $C v$ is the convolution of $v$ (stride 1, dilation "
                      "$d$, $p_b$ cells of padding before), its tap $a$ at output $i$ reading the padded position "
                      "$i + a d - p_b$.", lambda: True),
            _pad_step("Circular padding copies a cell", V, _circular, sympy.Mod(_q, _n), subs,
                      "With `padding_mode='circular'` the padded position $q$ holds $v_{q \\bmod n}$."),
            ProofStep("Write the remainder with its floor",
                      [sympy.Eq(shown(sympy.Mod(q, _n, evaluate=False) * m),
                                shown(q * m) * shown(-_n * sympy.floor(q / _n) * m), evaluate=False)],
                      "$q \\bmod n = q - n \\lfloor q/n \\rfloor$, and exponents add (SymPy).", split),
            ProofStep("A whole number of turns", [sympy.Eq(shown(_n * sympy.floor(q / _n) * m), 1, evaluate=False)],
                      "$\\omega^{n} = e^{2 \\pi i} = 1$, and SymPy simplifies $e^{2 \\pi i \\lfloor q/n \\rfloor m}$ to 1 "
                      "because $\\lfloor q/n \\rfloor$ and $m$ are integers; so $v_{q \\bmod n} = \\omega^{q m}$: the "
                      "circular read of $v$ is the plain power.", lambda: unit_root() and whole_period()),
            ProofStep("Factor the eigenvalue",
                      [sympy.Eq(Cv[_i], sympy.Sum(_W[_a] * shown((_i + _a * _d - p) * m), (_a, 0, _k - 1)),
                                evaluate=False),
                       sympy.Eq(sympy.Sum(_W[_a] * shown((_i + _a * _d - p) * m), (_a, 0, _k - 1)),
                                shown(_i * m) * eigenvalue, evaluate=False),
                       sympy.Eq(shown(_i * m) * eigenvalue, lam * V[_i], evaluate=False)],
                      "$\\omega^{(i + a d - p_b) m} = \\omega^{i m} \\omega^{(a d - p_b) m}$, and $\\omega^{i m}$ does "
                      "not depend on the tap: SymPy factors it out of the sum, leaving $\\lambda_m v_i$.", factor),
        ])

    return Identity(
        "circular-conv-dft-eigenvectors",
        claim,
        "With circular padding (stride 1) the DFT's vector $v_j = \\omega^{j m}$, $\\omega = e^{2 \\pi i / n}$, is an "
        "eigenvector of the convolution for every integer frequency $m$, with eigenvalue $\\lambda_m = \\sum_a W_a "
        "\\omega^{(a d - p_b) m}$: the DFT matrix $F$ makes $F C F^{-1}$ diagonal, so circular convolution is a "
        "pointwise product in frequency.",
        proof=prover,
        numeric=_eigen_numeric,
        source="Gray, Toeplitz and Circulant Matrices; seed 003, section 4",
        conditions=[
            Condition(mode_is, "the padding is circular (`padding_mode='circular'`)", _eigen_zero_padding,
                      "zero padding, n=5, k=3, pads (1, 1), m=1"),
            Condition(integral, "the frequency $m$ is an integer", _eigen_half_frequency,
                      "n=5, k=3, pads (1, 1), m=1/2"),
        ],
        domain=index_range(_i, _n),
        uses=("conv",),
    )


def _complex_conv(ops, v, w, **kwargs):
    """The convolution of a complex vector: its real and imaginary parts through ``ops.conv``."""
    real, imag = _conv(ops, v.real[None, None], w, **kwargs), _conv(ops, v.imag[None, None], w, **kwargs)
    return None if real is None or imag is None else (real + 1j * imag)[0, 0]


def _eigenvalue(w, m, n, d, before):
    return sum(w[0, 0, a] * np.exp(2j * np.pi * (a * d - before) * m / n) for a in range(w.shape[-1]))


def _is_eigenvector(ops, n, w, m, d, before, after, mode):
    v = np.exp(2j * np.pi * np.arange(n) * m / n)
    image = _complex_conv(ops, v, w, padding=((before, after),), dilation=d, padding_mode=mode)
    return image is not None and close(np.abs(image - _eigenvalue(w, m, n, d, before) * v), np.zeros(n))


def _eigen_numeric(rng, ops):
    def one(rng):
        k, d = randint(rng, 1, 4), randint(rng, 1, 2)
        span = d * (k - 1)
        n = randint(rng, max(2, -(-span // 2)), 9)  # circular pads are at most n each
        before = randint(rng, max(0, span - n), min(span, n))
        w = rng.normal(size=(1, 1, k))
        eigen_ok = all(_is_eigenvector(ops, n, w, m, d, before, span - before, "circular") for m in range(n))
        # F C F^-1 = diag(lambda): the DFT of the output is lambda times the DFT of the input (NumPy's fft)
        x = rng.normal(size=(1, 1, n))
        y = _conv(ops, x, w, padding=((before, span - before),), dilation=d, padding_mode="circular")
        lam = np.array([_eigenvalue(w, m, n, d, before) for m in range(n)])
        return eigen_ok and y is not None and close(np.abs(np.fft.fft(y[0, 0]) - lam * np.fft.fft(x[0, 0])),
                                                    np.zeros(n))

    return trials(one, rng, 6)


def _eigen_zero_padding(ops):
    w = np.random.default_rng(22).normal(size=(1, 1, 3))
    return _is_eigenvector(ops, 5, w, 1, 1, 1, 1, "zeros")


def _eigen_half_frequency(ops):
    w = np.random.default_rng(22).normal(size=(1, 1, 3))
    return _is_eigenvector(ops, 5, w, 0.5, 1, 1, 1, "circular")


# ----------------------------------------------------------------------------
# replicate padding keeps a constant signal constant
# ----------------------------------------------------------------------------


def _constant_identity():
    c = sympy.Symbol("c")
    mode_is = sympy.Eq(_mode, _replicate)
    table = {mode_is: {_mode: _replicate}}
    clamp = sympy.Piecewise((0, sympy.Lt(_q, 0)), (_n - 1, sympy.Gt(_q, _n - 1)), (_q, True))
    q = _i * _s + _a * _d - _pb
    total = sympy.Sum(_W[_a], (_a, 0, _k - 1))
    claim = sympy.Eq(_Y[_i], c * total, evaluate=False)
    P = sympy.Function("P")

    def prover(identity, conditions):
        subs = _held(conditions, table)
        read = _pad_read(_X, q, _replicate, clamp.xreplace({_q: q})).xreplace(subs)

        def clamped_inside():
            # each branch of the clamp lies in [0, n - 1]: 0 and n - 1 as n >= 1, q where neither bound is passed
            branches = clamp.args
            ends = all(((value >= 0) is sympy.true and (_n - 1 - value).is_nonnegative)
                       for value in (branches[0][0], branches[1][0]))
            middle = sympy.And(sympy.Not(branches[0][1]), sympy.Not(branches[1][1])) == sympy.And(
                sympy.Ge(_q, 0), sympy.Le(_q, _n - 1))
            return ends and middle

        def constant():
            # every read is of a cell of the input, where X is c; the sum then factors
            inside = read.atoms(sympy.Indexed)
            valued = read.xreplace({e: c for e in inside})
            return (inside == {_X[clamp.xreplace({_q: q})]} and valued == c and clamped_inside()
                    and sympy.factor_terms(sympy.Sum(_W[_a] * valued, (_a, 0, _k - 1))).dummy_eq(identity.claim.rhs)
                    and identity.claim.lhs == _Y[_i])

        return Proof(GENERAL, "SymPy case analysis of the clamp: the Piecewise read collapsed by the condition, "
                              "every branch of the clamp inside the input, and the constant factored out of the sum", [
            ProofStep("Definitions", [sympy.Eq(_Y[_i], sympy.Sum(_W[_a] * P(q), (_a, 0, _k - 1)), evaluate=False),
                                      sympy.Eq(P(_q), _pad_read(_X, _q, _replicate, clamp), evaluate=False),
                                      sympy.Implies(sympy.And(sympy.Le(0, _r), sympy.Le(_r, _n - 1)),
                                                    sympy.Eq(_X[_r], c), evaluate=False)],
                      "The convolution (stride $s$, dilation $d$, $p_b$ cells of padding before) of an input that is "
                      "$c$ in every cell; with replicate padding a position past the border holds the border cell.",
                      lambda: True),
            _pad_step("Replicate padding copies a cell", _X, _replicate, clamp, subs,
                      "With `padding_mode='replicate'` the padded position $q$ holds the input cell nearest to it, its "
                      "index clamped to $[0, n - 1]$ (`pad_source`)."),
            ProofStep("Every read is c", [sympy.Eq(_Y[_i], sympy.Sum(_W[_a] * c, (_a, 0, _k - 1)), evaluate=False),
                                          sympy.Eq(sympy.Sum(_W[_a] * c, (_a, 0, _k - 1)), c * total, evaluate=False)],
                      "Each branch of the clamp lies in $[0, n - 1]$ ($0$ and $n - 1$ as $n \\ge 1$, and $q$ where "
                      "neither bound is passed), so every tap reads a cell of the input, which is $c$; SymPy factors "
                      "$c$ out of the sum.", constant),
        ])

    return Identity(
        "replicate-keeps-constants",
        claim,
        "With replicate padding a constant input $c$ gives the constant output $c \\sum_a W_a$ everywhere, the "
        "border included, for every stride, dilation and padding: no output sees a zero.",
        proof=prover,
        numeric=_constant_numeric,
        source="PyTorch padding_mode='replicate'",
        conditions=[
            Condition(mode_is, "the padding replicates the border (`padding_mode='replicate'`)", _constant_zero_padding,
                      "zero padding, n=4, k=3, pads (1, 1)"),
        ],
        # the input is c in every cell: part of what the statement assumes, printed with it
        domain=[sympy.Implies(sympy.And(sympy.Le(0, _r), sympy.Le(_r, _n - 1)), sympy.Eq(_X[_r], c), evaluate=False),
                *index_range(_i, sympy.Symbol("O", integer=True))],
        uses=("conv",),
    )


def _constant_holds(ops, x, w, **kwargs):
    y = _conv(ops, x, w, **kwargs)
    want = float(x.flat[0]) * w.sum(axis=tuple(range(1, w.ndim)))  # per output channel: c times its weights' sum
    return y is not None and close(y, np.broadcast_to(want.reshape(1, -1, *(1,) * (y.ndim - 2)), y.shape))


def _constant_numeric(rng, ops):
    def one(rng):
        ndim = randint(rng, 1, 3)
        c = float(rng.normal())
        kernel = randints(rng, 1, 3, ndim)
        dilation = randints(rng, 1, 2, ndim)
        stride = randints(rng, 1, 3, ndim)
        # replicate padding has no limit: pads may be wider than the input
        pads = tuple((randint(rng, 0, 4), randint(rng, 0, 4)) for _ in range(ndim))
        spatial = tuple(randint(rng, 1, 5) for _ in range(ndim))
        channels = randint(rng, 1, 3)
        x = np.full((1, channels, *spatial), c)
        w = rng.normal(size=(randint(rng, 1, 2), channels, *kernel))
        if any(n + b + a < d * (k - 1) + 1 for n, (b, a), d, k in zip(spatial, pads, dilation, kernel)):
            return True  # the window does not fit: no output to check
        return _constant_holds(ops, x, w, stride=stride, padding=pads, dilation=dilation, padding_mode="replicate")

    return trials(one, rng, 10)


def _constant_zero_padding(ops):
    return _constant_holds(ops, np.full((1, 1, 4), 2.0), np.array([[[1.0, 2.0, 3.0]]]), padding=1, padding_mode="zeros")


def entries() -> list[Identity]:
    """The identities of padding modes: circular shifts, the DFT's eigenvectors, replicate and constants."""
    return [_shift_identity(), _eigen_identity(), _constant_identity()]

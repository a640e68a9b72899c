"""Spatially separable convolution: two 1-D passes, the rank test and the cost.

References
----------
.. [1] Seed note 003, section 9.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from ... import counting
from ..._errors import SymconvError
from ..._layout import input_position as q
from ..variants import separable_factors, separable_rank
from . import _reference
from ._base import (GENERAL, Identity, canonical, close, conv_size, counts, index_range, integers, naturals,
                    positive, randint, sizes, trials)
from ._forms import Definition, Signal
from ._proof import Proof, ProofStep

__all__ = ["entries"]


def _two_passes_identity():
    i, j, r, t, a, b = integers("i j r t a b")
    n_h, n_w, k_h, k_w, s_h, s_w, d_h, d_w = sizes("n_h n_w k_h k_w s_h s_w d_h d_w")
    p_h, p_w = naturals("p_h p_w")
    O_h, O_w = counts("O_h O_w")
    X, u, v = sympy.IndexedBase("X"), sympy.IndexedBase("u"), sympy.IndexedBase("v")
    C, R, K, Y = (sympy.IndexedBase(name) for name in ("C", "R", "K", "Y"))
    rows, columns = conv_size(O_h, n_h, k_h, s_h, p_h, d_h), conv_size(O_w, n_w, k_w, s_w, p_w, d_w)
    down, across = q(i, a, s_h, d_h, p_h), q(j, b, s_w, d_w, p_w)
    definitions = [
        # the column pass (a k_h x 1 kernel u, the row geometry) keeps the width n_w
        Definition(C, (r, t), sympy.Sum(u[a] * X[q(r, a, s_h, d_h, p_h), t], (a, 0, k_h - 1)),
                   (*index_range(r, O_h), *index_range(t, n_w))),
        # the row pass (a 1 x k_w kernel v, the column geometry) on its output
        Definition(R, (i, j), sympy.Sum(v[b] * C[i, across], (b, 0, k_w - 1)),
                   (*index_range(i, O_h), *index_range(j, O_w))),
        Definition(K, (a, b), u[a] * v[b]),  # the outer product u v^T
        Definition(Y, (i, j), sympy.Sum(K[a, b] * X[down, across], (b, 0, k_w - 1), (a, 0, k_h - 1)),
                   (*index_range(i, O_h), *index_range(j, O_w))),
    ]
    signals = [Signal(X, ((0, n_h - 1), (0, n_w - 1))), Signal(u, ((0, k_h - 1),)), Signal(v, ((0, k_w - 1),))]
    assumptions = [*positive(n_h, n_w, k_h, k_w, s_h, s_w, d_h, d_w), p_h >= 0, p_w >= 0]
    return Identity(
        "spatially-separable-two-passes",
        sympy.Eq(R[i, j], Y[i, j]),
        "A rank-1 kernel $K = u v^T$ gives the same result as a column pass with $u$ (the row geometry) then a row "
        "pass with $v$ (the column geometry), for any strides, paddings and dilations.",
        proof=canonical(signals, definitions, assumptions, sizes=[rows, columns]),
        numeric=_two_passes_numeric,
        source="seed 003, section 9",
        domain=[*index_range(i, O_h), *index_range(j, O_w)],
        definitions=[*definitions, rows.definition, columns.definition],
        uses=("conv",),
    )


def _two_passes_numeric(rng, ops):
    def one(rng):
        kh, kw = randint(rng, 1, 4), randint(rng, 1, 4)
        (sh, sw), (ph, pw), (dh, dw) = ((randint(rng, 1, 3), randint(rng, 1, 3)) for _ in range(3))
        ph, pw, dh, dw = ph - 1, pw - 1, min(dh, 2), min(dw, 2)
        x = rng.normal(size=(1, 1, dh * (kh - 1) + 1 + randint(rng, 0, 5), dw * (kw - 1) + 1 + randint(rng, 0, 5)))
        u, v = rng.normal(size=kh), rng.normal(size=kw)
        column = ops.conv(x, u.reshape(1, 1, kh, 1), stride=(sh, 1), padding=((ph, ph), (0, 0)), dilation=(dh, 1))
        two = ops.conv(column, v.reshape(1, 1, 1, kw), stride=(1, sw), padding=((0, 0), (pw, pw)), dilation=(1, dw))
        geometry = dict(stride=(sh, sw), padding=(ph, pw), dilation=(dh, dw))
        one_pass = ops.conv(x, np.outer(u, v)[None, None], **geometry)
        return close(two, one_pass) and close(one_pass, _reference.conv(x, np.outer(u, v)[None, None], **geometry))

    return trials(one, rng)


# ----------------------------------------------------------------------------
# separable <=> rank at most 1, by the 2x2 minors
# ----------------------------------------------------------------------------


def _rank_identity():
    a, b, c, e, r, t = integers("a b c e r t")
    K, u, v = sympy.IndexedBase("K"), sympy.IndexedBase("u"), sympy.IndexedBase("v")
    separable = sympy.Symbol(r"\exists u, v:\ K = u v^{T}")
    rank = sympy.Symbol(r"\operatorname{rank} K")
    minor = K[a, b] * K[c, e] - K[a, e] * K[c, b]
    claim = sympy.Equivalent(separable, sympy.Le(rank, 1), evaluate=False)

    def prover(identity, conditions):
        outer_minor = (u[a] * v[b]) * (u[c] * v[e]) - (u[a] * v[e]) * (u[c] * v[b])
        pivot_minor = K[a, b] * K[r, t] - K[a, t] * K[r, b]
        # u = column t of K, v = row r of K over the pivot K[r, t] != 0
        rebuilt = K[a, t] * (K[r, b] / K[r, t])
        return Proof(GENERAL, "the $2 \\times 2$ minors ($\\operatorname{rank} K \\le 1$ exactly when every "
                              "$2 \\times 2$ minor of $K$ vanishes), with symbolic indices and entries", [
            ProofStep("Rank by minors", [sympy.Equivalent(sympy.Le(rank, 1), sympy.Eq(minor, 0), evaluate=False)],
                      "The determinantal rank: a matrix has rank at most 1 exactly when all its $2 \\times 2$ minors "
                      "vanish (for all rows $a, c$ and columns $b, e$).", lambda: True),
            ProofStep("Outer products have rank at most 1", [sympy.Eq(outer_minor, 0, evaluate=False)],
                      "If $K = u v^T$ every $2 \\times 2$ minor is 0: SymPy expands it.",
                      lambda: sympy.expand(outer_minor) == 0),
            ProofStep("The zero kernel", [sympy.Eq(sympy.Symbol("0"), sympy.Symbol(r"0 \cdot 0^{T}"), evaluate=False)],
                      "Rank 0: the zero kernel is the outer product of two zero vectors, so it is separable "
                      "(rank at most 1, not exactly 1).", lambda: sympy.expand(0 * 0) == 0),
            ProofStep("A pivot gives the factors", [sympy.Eq(rebuilt - K[a, b], -pivot_minor / K[r, t], evaluate=False)],
                      "Otherwise take an entry $K_{r,t} \\ne 0$, $u$ the column $t$ and $v$ the row $r$ divided by "
                      "$K_{r,t}$: $(u v^T)_{a,b} - K_{a,b}$ is a $2 \\times 2$ minor over $K_{r,t}$ (SymPy), so 0 "
                      "when $\\operatorname{rank} K \\le 1$.",
                      lambda: sympy.simplify(rebuilt - K[a, b] + pivot_minor / K[r, t]) == 0),
        ])

    return Identity(
        "separability-is-rank-one",
        claim,
        "A kernel is spatially separable ($K = u v^T$) exactly when its rank is at most 1; the zero kernel "
        "(rank 0) is separable too, and otherwise the factors are a column and a scaled row.",
        proof=prover,
        numeric=_rank_numeric,
        source="seed 003, section 9",
    )


def _rank_numeric(rng, ops):
    def one(rng):
        m, n = randint(rng, 2, 5), randint(rng, 2, 5)
        outer = np.outer(rng.integers(-3, 4, size=m), rng.integers(-3, 4, size=n))
        generic = rng.integers(-3, 4, size=(m, n))
        zero = np.zeros((m, n), dtype=int)
        ok = True
        for kernel in (outer, generic, zero):
            exact = separable_rank(kernel)  # symconv: exact rank over the rationals
            svd = int(np.linalg.matrix_rank(kernel.astype(float)))  # NumPy: singular values
            if exact != svd:
                return False
            try:
                u, v = separable_factors(kernel)
                if isinstance(u, sympy.MatrixBase):
                    product = np.array((u * v.T).tolist(), dtype=float)
                else:
                    product = np.outer(u, v)
                ok &= exact <= 1 and close(product, kernel)
            except SymconvError:
                ok &= exact >= 2
        return ok

    return trials(one, rng)


# ----------------------------------------------------------------------------
# the cost, per channel
# ----------------------------------------------------------------------------


def _cost_identity():
    n_h, n_w, k_h, k_w = sizes("n_h n_w k_h k_w")
    Msep, Mfull, ratio = sympy.symbols("M_sep M_full rho", positive=True)
    _, _, separable = counting.spatially_separable((1, n_h, n_w), 1, (k_h, k_w), bias=False)
    full = counting.conv((1, n_h, n_w), 1, (k_h, k_w), bias=False)
    values = {Msep: separable.macs, Mfull: full.macs}
    exact = n_w / ((n_w - k_w + 1) * k_w) + 1 / k_h
    first = sympy.Eq(Msep / Mfull, exact, evaluate=False)
    second = sympy.Eq(sympy.Limit(Msep / Mfull, n_w, sympy.oo), 1 / k_h + 1 / k_w, evaluate=False)
    claim = sympy.And(first, second, evaluate=False)

    def prover(identity, conditions):
        return Proof(GENERAL, "SymPy algebra and a limit on the symbolic counts of `symconv.counting`", [
            ProofStep("Counts", [sympy.Eq(key, value, evaluate=False) for key, value in values.items()],
                      "One channel in and out, valid padding, stride 1: the column pass ($k_h \\times 1$) then the "
                      "row pass ($1 \\times k_w$) against one $k_h \\times k_w$ pass, from `symconv.counting` with "
                      "symbolic sizes.", lambda: all(v.free_symbols for v in values.values())),
            ProofStep("Ratio", [first], "Substituted and simplified by SymPy, the two sides agree.",
                      lambda: sympy.simplify((first.lhs - first.rhs).xreplace(values)) == 0),
            ProofStep("Wide inputs", [second], "The limit as the width grows, by SymPy.",
                      lambda: sympy.simplify(sympy.limit((Msep / Mfull).xreplace(values), n_w, sympy.oo)
                                             - second.rhs) == 0),
        ])

    return Identity(
        "spatially-separable-cost",
        claim,
        "Per channel, two 1-D passes cost $\\frac{n_w}{(n_w - k_w + 1) k_w} + \\frac{1}{k_h}$ of one "
        "$k_h \\times k_w$ pass, which tends to $1/k_h + 1/k_w$ on wide inputs (a first pass that mixes channels "
        "costs more).",
        proof=prover,
        numeric=_cost_numeric,
        source="seed 003, section 9",
        definitions=[sympy.Eq(key, value, evaluate=False) for key, value in values.items()],
    )


def _cost_numeric(rng, ops):
    def one(rng):
        kh, kw = randint(rng, 1, 4), randint(rng, 1, 4)
        h, w = kh + randint(rng, 0, 6), kw + randint(rng, 0, 6)
        _, _, sep = counting.spatially_separable((1, h, w), 1, (kh, kw), bias=False)
        full = counting.conv((1, h, w), 1, (kh, kw), bias=False)
        column = _reference.mac_count((1, h, w), (1, 1, kh, 1))
        row = _reference.mac_count((1, h - kh + 1, w), (1, 1, 1, kw))
        whole = _reference.mac_count((1, h, w), (1, 1, kh, kw))
        return (sep.macs == column + row and full.macs == whole
                and Fraction(sep.macs, full.macs) == Fraction(w, (w - kw + 1) * kw) + Fraction(1, kh))

    return trials(one, rng)


def entries() -> list[Identity]:
    """The identities of spatially separable convolution, in catalogue order."""
    return [_two_passes_identity(), _rank_identity(), _cost_identity()]

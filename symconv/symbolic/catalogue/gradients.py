"""The gradients of convolution: a transposed convolution, a correlation and a sum.

For a loss L with :math:`G = \\partial L / \\partial Y` at the layer's output,
:math:`L = \\sum G \\cdot Y` to first order, so each gradient is the
derivative of that sum; SymPy differentiates it (the derivative of
:math:`X_q` by :math:`X_r` is a Kronecker delta) and the result is compared
with the stated operation in canonical form.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 4.
.. [2] Seed note 002, section 6.2 (learning a kernel).
"""

from __future__ import annotations

import numpy as np
import sympy

from ..._layout import input_position as q
from ..._layout import output_position
from ._base import (GENERAL, Identity, canonical, close, conv_size, counts, index_range, integers, naturals,
                    positive, randint, random_layer, sizes, trials)
from ._forms import Definition, Signal
from ._proof import Proof, ProofStep

__all__ = ["entries"]

_b, _o, _c, _i, _a, _r, _e = integers("q o c i a r e")
_n, _k, _s, _d, _C, _Co, _B = sizes("n k s d C_in C_out N")
_p = naturals("p")
_O = counts("O")
_X, _W, _G, _bias = (sympy.IndexedBase(name) for name in ("X", "W", "G", "b"))


def _signals():
    return [Signal(_X, ((0, _C - 1), (0, _n - 1))), Signal(_W, ((0, _Co - 1), (0, _C - 1), (0, _k - 1))),
            Signal(_G, ((0, _Co - 1), (0, _O - 1)))]


def _loss():
    """``sum_u sum_j G[u, j] Y[u, j]`` with ``Y[u, j] = sum_m sum_t W[u, m, t] X[m, j s + t d - p]``.

    Its summation variables are not the free indices of the claims (o, c, r, e), so differentiating never
    confuses the two.
    """
    u, j, m, t = integers("u j m t")
    layer = sympy.Sum(_W[u, m, t] * _X[m, q(j, t, _s, _d, _p)], (t, 0, _k - 1), (m, 0, _C - 1))
    return sympy.Sum(_G[u, j] * layer, (j, 0, _O - 1), (u, 0, _Co - 1))


def _derivative(loss, target):
    """SymPy's derivative of the loss by one entry, taken inside the (finite) sums."""
    def inside(expr):
        if isinstance(expr, sympy.Sum):
            return sympy.Sum(inside(expr.function), *expr.limits)
        if isinstance(expr, sympy.Mul):
            factors = [f for f in expr.args if f.has(target.base)]
            rest = sympy.Mul(*(f for f in expr.args if not f.has(target.base)))
            if len(factors) == 1:
                return rest * inside(factors[0])
        return sympy.diff(expr, target)

    return inside(loss)


def _gradient_prover(target, definitions, sizes_, facts=()):
    def prover(identity, conditions):
        derivative = _derivative(_loss(), target)
        claim = sympy.Eq(derivative, identity.claim.rhs, evaluate=False)
        hypotheses = [*positive(_n, _k, _s, _d, _C, _Co), _p >= 0, *identity.domain]
        inner = canonical(_signals(), definitions, hypotheses, sizes=sizes_, facts=facts)
        proof = inner(_Shim(claim, identity.domain), ())
        steps = [
            ProofStep("Differentiate", [sympy.Eq(sympy.Symbol("L"), _loss(), evaluate=False),
                                        sympy.Eq(identity.claim.lhs, derivative, evaluate=False)],
                      "To first order $L = \\sum G Y$; SymPy differentiates inside the finite sums (the derivative of "
                      "one entry by another is a Kronecker $\\delta$).",
                      lambda: derivative.has(sympy.KroneckerDelta) and not derivative.has(sympy.Derivative)),
            *proof.steps,
        ]
        return Proof(GENERAL, "SymPy differentiation, then canonical forms compared after a change of summation "
                              "index checked by SymPy", steps)

    return prover


class _Shim:
    """What :func:`._base.canonical` reads of an identity: a claim and a domain."""

    def __init__(self, claim, domain):
        self.claim, self.domain = claim, domain


def _input_identity():
    T = sympy.IndexedBase("T")
    N_T = counts("N_T")
    count = conv_size(_O, _n, _k, _s, _p, _d)
    out_padding = sympy.Mod(_n + 2 * _p - _d * (_k - 1) - 1, _s)
    definitions = [
        # the transposed convolution of G with the same weight (C_out -> C_in), output padding a_o: N_T entries
        Definition(T, (_c, _r), sympy.Sum(sympy.KroneckerDelta(_r, output_position(_i, _a, _s, _d, _p))
                                          * _W[_o, _c, _a] * _G[_o, _i], (_a, 0, _k - 1), (_i, 0, _O - 1),
                                          (_o, 0, _Co - 1)),
                   (*index_range(_c, _C), *index_range(_r, N_T))),
    ]
    a_o = sympy.Symbol("a_o", integer=True)
    transposed_count = sympy.Eq(N_T, (_O - 1) * _s - 2 * _p + _d * (_k - 1) + a_o + 1, evaluate=False)
    # with a_o = (n + 2p - d(k-1) - 1) mod s the transposed convolution has n entries again
    size_fact = (sympy.Eq(N_T, _n, evaluate=False), lambda: _transposed_size_is_n(out_padding))
    return Identity(
        "gradient-input-is-transposed-conv",
        sympy.Eq(sympy.Symbol(r"\frac{\partial L}{\partial X_{c,r}}"), T[_c, _r], evaluate=False),
        "$\\partial L / \\partial X$ is the transposed convolution of $G = \\partial L / \\partial Y$ with the same "
        "weight, stride, padding and dilation and the output padding $a_o = (n + 2p - d(k-1) - 1) \\bmod s$ that "
        "gives back $n$ entries (the product $C^T G$).",
        proof=_gradient_prover(_X[_c, _r], definitions, [count], facts=[size_fact]),
        numeric=_input_numeric,
        source="convolution-arithmetic guide, section 4",
        domain=[*index_range(_c, _C), *index_range(_r, _n)],
        definitions=[*definitions, count.definition, transposed_count, sympy.Eq(a_o, out_padding, evaluate=False)],
        uses=("conv", "conv_transpose"),
    )


def _transposed_size_is_n(out_padding):
    """(O - 1) s + (x mod s) = x for O = floor(x / s) + 1: SymPy, with Mod written in floors."""
    x = _n + 2 * _p - _d * (_k - 1) - 1
    total = (sympy.floor(x / _s)) * _s - 2 * _p + _d * (_k - 1) + out_padding + 1 - _n
    return sympy.simplify(sympy.expand(total.rewrite(sympy.floor))) == 0


def _finite_difference(f, x, eps=0.5):
    """Central differences of ``f`` at ``x``, entry by entry.

    The loss is linear in every entry (a convolution is linear in its input, its weight and its bias), so the
    central difference is exact for any step; a step of 0.5 keeps the rounding far below the tolerance.
    """
    grad = np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        step = np.zeros_like(x)
        step[index] = eps
        grad[index] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def _layer(rng):
    x, w, kw = random_layer(rng, ndim=randint(rng, 1, 2))
    return x, w, kw


def _input_numeric(rng, ops):
    def one(rng):
        x, w, kw = _layer(rng)
        y = ops.conv(x, w, **kw)
        g = rng.normal(size=y.shape)
        numeric = _finite_difference(lambda v: float((g * ops.conv(v, w, **kw)).sum()), x)
        out_padding = tuple((n + 2 * p - d * (k - 1) - 1) % s for n, p, d, k, s in
                            zip(x.shape[2:], kw["padding"], kw["dilation"], w.shape[2:], kw["stride"]))
        # conv_transpose's weight is (C_in of G = C_out, C_out / g, k): the layer's weight as it is
        transposed = ops.conv_transpose(g, w, output_padding=out_padding, **kw)
        return close(transposed, numeric) if transposed.shape == x.shape else False

    return trials(one, rng, 4)


def _weight_identity():
    R = sympy.IndexedBase("R")
    count = conv_size(_O, _n, _k, _s, _p, _d)
    definitions = [
        # the correlation of X with G: stride d and dilation s (they trade places), padding p; its first k outputs
        Definition(R, (_o, _c, _e), sympy.Sum(_G[_o, _i] * _X[_c, q(_e, _i, _d, _s, _p)], (_i, 0, _O - 1)),
                   tuple(index_range(_e, _k))),
    ]
    return Identity(
        "gradient-weight-is-correlation",
        sympy.Eq(sympy.Symbol(r"\frac{\partial L}{\partial W_{o,c,e}}"), R[_o, _c, _e], evaluate=False),
        "$\\partial L / \\partial W$ is the cross-correlation of the input with $G$ (stride and dilation trade places: "
        "stride $d$, dilation $s$, padding $p$), its first $k$ outputs.",
        proof=_gradient_prover(_W[_o, _c, _e], definitions, [count]),
        numeric=_weight_numeric,
        source="seed 002, 6.2 (learning a kernel)",
        domain=[*index_range(_o, _Co), *index_range(_c, _C), *index_range(_e, _k)],
        definitions=[*definitions, count.definition],
        uses=("conv",),
    )


def _weight_numeric(rng, ops):
    def one(rng):
        x, w, kw = _layer(rng)
        kw = {**kw, "groups": 1}
        w = rng.normal(size=(w.shape[0], x.shape[1], *w.shape[2:]))
        y = ops.conv(x, w, **kw)
        g = rng.normal(size=y.shape)
        numeric = _finite_difference(lambda v: float((g * ops.conv(x, v, **kw)).sum()), w)
        # channels of X become the batch, the batch becomes the channels: (C_in, N, n) * (C_out, N, O)
        swapped = ops.conv(np.swapaxes(x, 0, 1), np.swapaxes(g, 0, 1), stride=kw["dilation"],
                           dilation=kw["stride"], padding=kw["padding"])
        crop = (slice(None), slice(None), *(slice(0, k) for k in w.shape[2:]))
        return close(np.swapaxes(swapped, 0, 1)[crop], numeric)

    return trials(one, rng, 4)


def _bias_identity():
    loss = sympy.Sum(_G[_b, _o, _i] * (sympy.IndexedBase("Y")[_b, _o, _i] + _bias[_o]), (_i, 0, _O - 1),
                     (_o, 0, _Co - 1), (_b, 0, _B - 1))
    o2 = sympy.Symbol("o'", integer=True)
    total = sympy.Sum(_G[_b, o2, _i], (_i, 0, _O - 1), (_b, 0, _B - 1))

    def prover(identity, conditions):
        derivative = sympy.Sum(sympy.diff(loss.function, _bias[o2]), *loss.limits)
        signals = [Signal(_G, ((0, _B - 1), (0, _Co - 1), (0, _O - 1))),
                   Signal(sympy.IndexedBase("Y"), ((0, _B - 1), (0, _Co - 1), (0, _O - 1)))]
        inner = canonical(signals, (), [*positive(_B, _Co), *identity.domain])(_Shim(
            sympy.Eq(derivative, identity.claim.rhs, evaluate=False), identity.domain), ())
        return Proof(GENERAL, "SymPy differentiation, then canonical forms compared", [
            ProofStep("Differentiate", [sympy.Eq(sympy.Symbol("L"), loss, evaluate=False),
                                        sympy.Eq(identity.claim.lhs, derivative, evaluate=False)],
                      "To first order $L = \\sum G (Y + b)$; SymPy differentiates by $b_{o'}$ inside the sums.",
                      lambda: derivative.has(sympy.KroneckerDelta)),
            *inner.steps,
        ])

    return Identity(
        "gradient-bias-is-sum",
        sympy.Eq(sympy.Symbol(r"\frac{\partial L}{\partial b_{o'}}"), total, evaluate=False),
        "$\\partial L / \\partial b$ is $G$ summed over the batch and every position.",
        proof=prover,
        numeric=_bias_numeric,
        source="backpropagation",
        domain=index_range(o2, _Co),
        uses=("conv",),
    )


def _bias_numeric(rng, ops):
    def one(rng):
        x, w, kw = _layer(rng)
        b = rng.normal(size=w.shape[0])
        g = rng.normal(size=ops.conv(x, w, **kw).shape)
        numeric = _finite_difference(lambda v: float((g * ops.conv(x, w, v, **kw)).sum()), b)
        return close(g.sum(axis=tuple(n for n in range(g.ndim) if n != 1)), numeric)

    return trials(one, rng, 4)


def entries() -> list[Identity]:
    """The identities of the gradients, in catalogue order."""
    return [_input_identity(), _weight_identity(), _bias_identity()]

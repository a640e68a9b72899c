"""Dilation as a zero-inserted kernel, and the receptive field of a stack of dilated layers.

References
----------
.. [1] Seed note 003, section 10.
.. [2] A. Araujo, W. Norris, J. Sim, "Computing Receptive Fields of
   Convolutional Neural Networks", Distill, 2019 (the field's *span*).
"""

from __future__ import annotations

import numpy as np
import sympy

from ..._layout import input_position as q
from ..variants import dilated_kernel
from . import _reference
from ._base import (GENERAL, Condition, Identity, canonical, close, conv_size, counts, index_range, integers,
                    naturals, positive, randint, random_layer, sizes, trials)
from ._entail import entails
from ._forms import Definition, Signal
from ._proof import Proof, ProofStep

__all__ = ["entries"]


def _zero_inserted_identity():
    i, a, b = integers("i a b")
    n, k, s, d = sizes("n k s d")
    p = naturals("p")
    O = counts("O")
    X, W, Wd = sympy.IndexedBase("X"), sympy.IndexedBase("W"), sympy.IndexedBase("W^{(d)}")
    Y, Z = sympy.IndexedBase("Y"), sympy.IndexedBase("Z")
    count = conv_size(O, n, k, s, p, d)
    definitions = [
        Definition(Y, (i,), sympy.Sum(W[a] * X[q(i, a, s, d, p)], (a, 0, k - 1)), tuple(index_range(i, O))),
        # the kernel with d - 1 zeros between its taps: W^(d)_b = W_{b/d} when d divides b, else 0
        Definition(Wd, (b,), sympy.Sum(sympy.KroneckerDelta(b, d * a) * W[a], (a, 0, k - 1)),
                   tuple(index_range(b, d * (k - 1) + 1))),
        Definition(Z, (i,), sympy.Sum(Wd[b] * X[q(i, b, s, 1, p)], (b, 0, d * (k - 1))), tuple(index_range(i, O))),
    ]
    signals = [Signal(X, ((0, n - 1),)), Signal(W, ((0, k - 1),))]
    return Identity(
        "dilation-is-zero-inserted-kernel",
        sympy.Eq(Y[i], Z[i]),
        "Dilated convolution equals the undilated convolution (same stride and padding) with the kernel "
        "$W^{(d)}$ of $d(k-1)+1$ taps, $d - 1$ zeros inserted between the taps of $W$ (stated on one axis).",
        proof=canonical(signals, definitions, [*positive(n, k, s, d), p >= 0], sizes=[count]),
        numeric=_zero_inserted_numeric,
        source="seed 003, section 10",
        domain=index_range(i, O),
        definitions=[*definitions, count.definition],
        uses=("conv",),
    )


def _zero_inserted_numeric(rng, ops):
    def one(rng):
        x, w, kw = random_layer(rng, ndim=randint(rng, 1, 3))
        inserted = np.asarray(dilated_kernel(w, kw["dilation"]), dtype=float)
        plain = ops.conv(x, inserted, **{**kw, "dilation": 1})
        dilated = ops.conv(x, w, **kw)
        # and the dilated layer against the loop of the index rule, which never inserts a zero
        return close(dilated, plain) and close(dilated, _reference.conv(x, w, **kw))

    return trials(one, rng)


# ----------------------------------------------------------------------------
# the receptive field of a stride-1 stack: its span, and when every input in it counts
# ----------------------------------------------------------------------------


def _field_identity():
    l, L, a, m = integers("l L a m")
    k = sympy.Symbol("k", integer=True, positive=True)
    d, r, c = sympy.IndexedBase("d"), sympy.IndexedBase("r"), sympy.IndexedBase("c")
    span_formula = 1 + (k - 1) * sympy.Sum(d[l], (l, 0, L - 1))
    claim = sympy.And(
        sympy.Eq(r[L], span_formula, evaluate=False),
        sympy.Eq(c[L], r[L], evaluate=False),
        sympy.Implies(sympy.Eq(d[l], 2**l), sympy.And(sympy.Eq(r[L], (k - 1) * 2**L - k + 2),
                                                      sympy.Eq(r[L + 1], 2 * r[L] + k - 2), evaluate=False),
                      evaluate=False),
        evaluate=False,
    )

    def prover(identity, conditions):
        gap_free = any(cond.relation == identity.conditions[1].relation for cond in conditions)
        stride_one = any(cond.relation == identity.conditions[0].relation for cond in conditions)
        low, rl, dl, L_ = sympy.symbols("m_l r_l d_l L", integer=True)
        steps = [
            ProofStep("Offsets", [sympy.Eq(sympy.Symbol("S_{l+1}"), sympy.Symbol(r"S_l + \{0, d_l, \dots, (k-1) d_l\}"),
                                           evaluate=False)],
                      "A unit after $l + 1$ stride-1 layers reads, through tap $a$ of layer $l$, the units of layer $l$ at "
                      "offsets $a d_l$: its input offsets are the sums $S_l + a d_l$ (symconv's index rule with $s = 1$).",
                      lambda: stride_one and sympy.expand(q(q(0, a, 1, dl, 0), m, 1, 1, 0) - (a * dl + m)) == 0),
            ProofStep("Span", [sympy.Eq(r[L + 1], r[L] + d[L] * (k - 1), evaluate=False),
                               sympy.Eq(r[L], span_formula, evaluate=False)],
                      "The smallest offset stays 0 and the largest grows by $d_l (k - 1)$; by induction on the "
                      "number of layers ($r_0 = 1$, and the sum up to $L$ is the sum up to $L - 1$ plus its term $L$), "
                      "SymPy checks the step.",
                      lambda: stride_one and _span_step(d, L, l, k)),
            ProofStep("No gaps", [sympy.Implies(sympy.Le(dl, rl), sympy.Eq(sympy.Symbol("c_{l+1}"), sympy.Symbol("r_{l+1}")),
                                                evaluate=False)],
                      "If $S_l$ is $r_l$ consecutive integers and $d_l \\le r_l$, the $k$ shifted copies $S_l + a d_l$ "
                      "overlap or touch (each starts at most one past the end of the previous: a linear certificate), "
                      "so $S_{l+1}$ is consecutive too and every input in the span counts; by induction $c_L = r_L$.",
                      lambda: gap_free and entails([sympy.Le(dl, rl), rl >= 1, a >= 0, k >= 1],
                                                   sympy.Le(low + (a + 1) * dl, low + a * dl + rl - 1 + 1))),
            ProofStep("Dilations 1, 2, 4, ...", [sympy.Eq(r[L], (k - 1) * 2**L - k + 2, evaluate=False),
                                                  sympy.Le(2**l, 1 + (k - 1) * (2**l - 1))],
                      "With $d_l = 2^l$ SymPy sums the span, checks $r_{L+1} = 2 r_L + k - 2$ (for $k = 3$: "
                      "$2^{L+1} - 1$, each layer doubles the field and adds one) and that $d_l \\le r_l$ always holds.",
                      lambda: _doubling(L, l, k)),
        ]
        return Proof(GENERAL, "induction on the number of layers (span by SymPy summation; no gaps by a linear "
                              "certificate)", steps)

    return Identity(
        "dilated-receptive-field",
        claim,
        "In a stack of $L$ stride-1 layers of $k$ taps with dilations $d_l$ the receptive field *spans* "
        "$r_L = 1 + (k-1) \\sum_l d_l$ inputs (the distance from its first to its last input, plus one); all "
        "$c_L = r_L$ of them affect the unit when no dilation exceeds the span below it. With dilations 1, 2, 4, "
        "... ($k = 3$) the span is $2^{L+1} - 1$: each layer doubles it and adds one.",
        proof=prover,
        numeric=_field_numeric,
        source="seed 003, section 10; Araujo et al. 2019",
        conditions=[
            Condition(sympy.Eq(sympy.Symbol("s_l"), 1), "every layer has stride 1",
                      _field_strided, "two 3-tap layers, the first with stride 2: span 7, the formula 5"),
            Condition(sympy.Le(d[l], r[l]), "no dilation exceeds the span below it ($d_l \\le r_l$)",
                      _field_gaps, "two 3-tap layers with dilation 2: span 9, 5 inputs"),
        ],
        uses=("conv",),
    )


def _span_step(d, L, l, k):
    # r_{L+1} - r_L = (k - 1) times the sum over the one-term range l = L (ranges add), which SymPy evaluates
    last = sympy.Sum(d[l], (l, L, L)).doit()
    base = (1 + (k - 1) * sympy.Sum(d[l], (l, 0, -1))).doit() == 1
    return sympy.expand((k - 1) * last - d[L] * (k - 1)) == 0 and base


def _doubling(L, l, k):
    r_L = (1 + (k - 1) * sympy.Sum(2**l, (l, 0, L - 1))).doit()
    closed = (k - 1) * 2**L - k + 2
    r_next = r_L.subs(L, L + 1)
    gap = sympy.simplify(1 + (k - 1) * (2**l - 1) - 2**l)  # r_l - d_l = (k - 2)(2^l - 1) >= 0 for k >= 2
    return (sympy.simplify(r_L - closed) == 0 and sympy.simplify(r_next - (2 * r_L + k - 2)) == 0
            and sympy.factor(gap) == (k - 2) * (2**l - 1) and sympy.simplify(closed.subs(k, 3) - (2 ** (L + 1) - 1)) == 0)


def _stack_field(ops, kernels, dilations, strides, width=64):
    """Span and count of the inputs that reach one output of the stack, from the implementation (an impulse per input)."""
    seen = []
    for position in range(width):
        x = np.zeros((1, 1, width))
        x[0, 0, position] = 1.0
        y = x
        for k, d, s in zip(kernels, dilations, strides):
            y = ops.conv(y, np.ones((1, 1, k)), stride=s, dilation=d)
        if y[0, 0, 0] != 0:
            seen.append(position)
    return max(seen) - min(seen) + 1, len(seen)


def _field_numeric(rng, ops):
    def one(rng):
        layers = randint(rng, 1, 4)
        k = randint(rng, 2, 3)
        dilations = [randint(rng, 1, 3) for _ in range(layers)]
        span, count = _stack_field(ops, [k] * layers, dilations, [1] * layers)
        spans = [1]
        for d in dilations:
            spans.append(spans[-1] + d * (k - 1))
        gap_free = all(d <= r for d, r in zip(dilations, spans))
        doubling = _stack_field(ops, [3] * layers, [2**n for n in range(layers)], [1] * layers)
        return (span == spans[-1] and (count == span if gap_free else count <= span)
                and doubling == (2 ** (layers + 1) - 1,) * 2)

    return trials(one, rng, 4)


def _field_strided(ops):
    span, _ = _stack_field(ops, [3, 3], [1, 1], [2, 1])
    return span == 1 + 2 * (1 + 1)


def _field_gaps(ops):
    span, count = _stack_field(ops, [3, 3], [2, 2], [1, 1])
    return (span, count) == (9, 9)


def entries() -> list[Identity]:
    """The identities of dilation, in catalogue order."""
    return [_zero_inserted_identity(), _field_identity()]

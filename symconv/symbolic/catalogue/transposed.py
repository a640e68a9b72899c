"""Transposed convolution: the guide's construction, the transposed matrix, and the checkerboard count.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 4.
.. [2] A. Odena, V. Dumoulin, C. Olah, "Deconvolution and Checkerboard
   Artifacts", Distill, 2016.
.. [3] Seed note 003, section 11.
"""

from __future__ import annotations

import numpy as np
import sympy

from ..._layout import input_position as q
from ..._layout import output_position
from . import _reference
from ._base import (GENERAL, Condition, Identity, Size, canonical, close, conv_size, counts, index_range, integers,
                    naturals, positive, randint, randints, sizes, trials)
from ._entail import entails
from ._forms import Definition, Signal
from ._proof import Proof, ProofStep

__all__ = ["entries"]

_j, _i, _a, _r, _u, _m, _o, _t = integers("j i a r u m o t")
_n, _k, _s, _d = sizes("n k s d")
_p, _op = naturals("p a_o")
_X, _W = sympy.IndexedBase("X"), sympy.IndexedBase("W")


def _transposed_size(symbol, n=_n, output_padding=_op):
    formula = (n - 1) * _s - 2 * _p + _d * (_k - 1) + output_padding + 1
    from ...geometry import Geometry

    return Size(symbol, formula, Geometry(_k, _s, _p, _d, output_padding=output_padding, transposed=True)
                .output_size((n,))[0])


def _scatter(T, domain_count, n=_n):
    """symconv's transposed convolution: input i feeds output i s + a d - p through tap a."""
    return Definition(T, (_j,), sympy.Sum(sympy.KroneckerDelta(_j, output_position(_i, _a, _s, _d, _p)) * _W[_a] * _X[_i],
                                          (_a, 0, _k - 1), (_i, 0, n - 1)), tuple(index_range(_j, domain_count)))


def _construction_identity():
    O_t = counts("O'")
    T, S, Z, F, C = (sympy.IndexedBase(name) for name in ("T", "S", "Z", "F", "U"))
    size = _transposed_size(O_t)
    pad = _d * (_k - 1) - _p  # may be negative: then the stuffed input is cropped
    definitions = [
        _scatter(T, O_t),
        # the input with s - 1 zeros between its entries
        Definition(S, (_r,), sympy.Sum(sympy.KroneckerDelta(_r, _s * _i) * _X[_i], (_i, 0, _n - 1)),
                   tuple(index_range(_r, (_n - 1) * _s + 1))),
        # padded by d(k-1) - p before and d(k-1) - p + a_o after (cropped where that is negative)
        Definition(Z, (_u,), S[_u - pad], tuple(index_range(_u, (_n - 1) * _s + 1 + 2 * pad + _op))),
        # the kernel flipped and dilated: F_m = W_{k-1-a} at m = d a
        Definition(F, (_m,), sympy.Sum(sympy.KroneckerDelta(_m, _d * _a) * _W[_k - 1 - _a], (_a, 0, _k - 1)),
                   tuple(index_range(_m, _d * (_k - 1) + 1))),
        Definition(C, (_j,), sympy.Sum(F[_m] * Z[_j + _m], (_m, 0, _d * (_k - 1))), tuple(index_range(_j, O_t))),
    ]
    signals = [Signal(_X, ((0, _n - 1),)), Signal(_W, ((0, _k - 1),))]
    return Identity(
        "transposed-is-stuffed-flipped-conv",
        sympy.Eq(T[_j], C[_j]),
        "Transposed convolution (stride $s$, padding $p$, dilation $d$, output padding $a_o$): insert $s - 1$ "
        "zeros between the inputs, pad by $d(k-1) - p$ before and $d(k-1) - p + a_o$ after (crop where that is "
        "negative, $p > d(k-1)$), and correlate with stride 1 with the kernel flipped *and dilated by* $d$ "
        "(stated on one axis).",
        proof=canonical(signals, definitions, [*positive(_n, _k, _s, _d), _p >= 0, _op >= 0], sizes=[size]),
        numeric=_construction_numeric,
        source="convolution-arithmetic guide, section 4; seed 003, section 11",
        domain=index_range(_j, O_t),
        definitions=[*definitions, size.definition],
        uses=("conv", "conv_transpose"),
    )


def _random_transposed(rng):
    ndim = randint(rng, 1, 2)
    g = randint(rng, 1, 2)
    c_in, c_out = g * randint(rng, 1, 2), g * randint(rng, 1, 2)
    kernel = randints(rng, 1, 3, ndim)
    stride = randints(rng, 1, 3, ndim)
    dilation = randints(rng, 1, 2, ndim)
    while True:
        padding = tuple(randint(rng, 0, d * (k - 1) + 1) for k, d in zip(kernel, dilation))
        output_padding = tuple(randint(rng, 0, max(s, d) - 1) for s, d in zip(stride, dilation))
        x = rng.normal(size=(1, c_in, *randints(rng, 1, 4, ndim)))
        sizes_ = [(n - 1) * s - 2 * p + d * (k - 1) + a + 1
                  for n, s, p, d, k, a in zip(x.shape[2:], stride, padding, dilation, kernel, output_padding)]
        if min(sizes_) >= 1:
            break
    w = rng.normal(size=(c_in, c_out // g, *kernel))
    return x, w, dict(stride=stride, padding=padding, dilation=dilation, output_padding=output_padding, groups=g)


def _construction(ops, x, w, stride, padding, dilation, output_padding, groups):
    """The guide's construction with NumPy: stuff, pad or crop, then ops.conv with the flipped, dilated kernel."""
    ndim = w.ndim - 2
    stuffed = np.zeros((*x.shape[:2], *((n - 1) * s + 1 for n, s in zip(x.shape[2:], stride))))
    stuffed[(slice(None), slice(None), *(slice(None, None, s) for s in stride))] = x
    for axis, (k, d, p, a) in enumerate(zip(w.shape[2:], dilation, padding, output_padding)):
        before, after = d * (k - 1) - p, d * (k - 1) - p + a
        widths = [(0, 0)] * stuffed.ndim
        widths[axis + 2] = (max(before, 0), max(after, 0))
        stuffed = np.pad(stuffed, widths)
        crop = [slice(None)] * stuffed.ndim
        crop[axis + 2] = slice(max(-before, 0), stuffed.shape[axis + 2] - max(-after, 0))
        stuffed = stuffed[tuple(crop)]
    c_in, out_group = w.shape[:2]
    in_group = c_in // groups
    # (C_in, C_out/g, k) -> (C_out, C_in/g, k), flipped on every spatial axis
    forward = (w.reshape(groups, in_group, out_group, *w.shape[2:]).swapaxes(1, 2)
               .reshape(groups * out_group, in_group, *w.shape[2:]))
    flipped = np.flip(forward, axis=tuple(range(2, 2 + ndim)))
    return ops.conv(stuffed, np.ascontiguousarray(flipped), dilation=dilation, groups=groups)


def _construction_numeric(rng, ops):
    def one(rng):
        x, w, kw = _random_transposed(rng)
        got = ops.conv_transpose(x, w, **kw)
        return close(got, _construction(ops, x, w, **kw)) and close(got, _reference.conv_transpose(x, w, **kw))

    return trials(one, rng)


# ----------------------------------------------------------------------------
# C^T
# ----------------------------------------------------------------------------


def _matrix_identity():
    N, O = counts("N O")
    n_in = sympy.Symbol("n", integer=True, positive=True)
    T, Cm, P = sympy.IndexedBase("T"), sympy.IndexedBase("C"), sympy.IndexedBase("P")
    forward = conv_size(O, N, _k, _s, _p, _d)
    # the transposed convolution of the n inputs, its output padding chosen so that it has N outputs
    definitions = [
        _scatter(T, N, n_in),
        # the matrix of the forward convolution on N inputs: row o, column t
        Definition(Cm, (_o, _t), sympy.Sum(sympy.KroneckerDelta(_t, q(_o, _a, _s, _d, _p)) * _W[_a], (_a, 0, _k - 1)),
                   (*index_range(_o, O), *index_range(_t, N))),
        Definition(P, (_j,), sympy.Sum(Cm[_o, _j] * _X[_o], (_o, 0, O - 1)), tuple(index_range(_j, N))),
    ]
    signals = [Signal(_X, ((0, n_in - 1),)), Signal(_W, ((0, _k - 1),))]
    return Identity(
        "transposed-is-matrix-transpose",
        sympy.Eq(T[_j], P[_j]),
        "Transposed convolution is the product with the transpose of the convolution matrix $C$ (the forward "
        "convolution on $N$ inputs), when its input has as many entries as $C$ has rows and its output padding "
        "makes $N$ outputs (stated on one axis).",
        proof=canonical(signals, definitions, [*positive(_k, _s, _d, n_in), _p >= 0, N >= 1], sizes=[forward]),
        numeric=_matrix_numeric,
        source="convolution-arithmetic guide, section 4.1",
        conditions=[Condition(sympy.Eq(n_in, O), "the input has as many entries as the forward convolution has "
                                                 "outputs (output padding below the stride)",
                              _matrix_counter, "n=3, k=3, s=2, output padding 2")],
        domain=index_range(_j, N),
        definitions=[*definitions, forward.definition],
        uses=("conv", "conv_transpose"),
    )


def _matrix_of(ops, in_shape, w, geometry):
    """The matrix of ops.conv, probed one unit input at a time (column t is conv of the t-th unit vector)."""
    size = int(np.prod(in_shape))
    columns = []
    for t in range(size):
        unit = np.zeros(size)
        unit[t] = 1.0
        columns.append(ops.conv(unit.reshape(1, *in_shape), w, **geometry)[0].ravel())
    return np.stack(columns, axis=1)


def _matrix_numeric(rng, ops):
    def one(rng):
        x, w, kw = _random_transposed(rng)
        geometry = {key: v for key, v in kw.items() if key != "output_padding"}
        y = ops.conv_transpose(x, w, **kw)
        # the forward convolution maps the output's C_out channels back to C_in: PyTorch's transposed weight
        # (C_in, C_out/g, k) is exactly its weight (out C_in, in C_out/g, k)
        forward = w
        C = _matrix_of(ops, y.shape[1:], forward, geometry)
        out = ops.conv(np.zeros((1, *y.shape[1:])), forward, **geometry).shape[1:]
        # output padding >= stride (allowed below the dilation) gives the forward convolution more outputs
        extended = np.zeros(out)
        extended[tuple(slice(0, n) for n in x.shape[1:])] = x[0]
        return C.shape[0] == extended.size and close(y[0], (C.T @ extended.ravel()).reshape(y.shape[1:]))

    return trials(one, rng)


def _matrix_counter(ops):
    rng = np.random.default_rng(4)
    x, w = rng.normal(size=(1, 1, 3)), rng.normal(size=(1, 1, 3))
    y = ops.conv_transpose(x, w, stride=2, output_padding=2, dilation=3)
    C = _matrix_of(ops, y.shape[1:], w, dict(stride=2, dilation=3))
    return C.shape[0] == x.size and close(y[0], (C.T @ x[0].ravel()).reshape(y.shape[1:]))


# ----------------------------------------------------------------------------
# the checkerboard: how many taps reach each output
# ----------------------------------------------------------------------------


def _checkerboard_identity():
    rho, v = integers("rho v")
    count, U = counts("c_r U")
    claim = sympy.And(
        sympy.Eq(count, sympy.floor((_k - 1 - _r) / _s) + 1, evaluate=False),
        sympy.Implies(sympy.Eq(_k, _s * v), sympy.Eq(count, v), evaluate=False),
        evaluate=False,
    )

    def prover(identity, conditions):
        dilated = not any(cond.relation == identity.conditions[0].relation for cond in conditions)
        d = _d if dilated else 1
        hyp = [_r >= 0, _r <= _s - 1, _k >= 1, _s >= 1]
        taps = [sympy.Le(0, _r + _s * _u), sympy.Le(_r + _s * _u, _k - 1)]
        bounds = [sympy.Le(0, _u), sympy.Le(_u, U)]
        floor_facts = [_s * U <= _k - 1 - _r, _k - 1 - _r <= _s * U + _s - 1]
        return Proof(GENERAL, "counting the taps by a change of index ($a = r + s u$) and the facts of a floor, "
                              "each inequality by a linear certificate", [
            ProofStep("Taps reaching an output", [sympy.Eq(count, sympy.Sum(sympy.KroneckerDelta(sympy.Mod(_j + _p - d * _a, _s), 0),
                                                                            (_a, 0, _k - 1)), evaluate=False)],
                      "Away from the borders, output $j$ receives tap $a$ from input $(j + p - d a)/s$ when that is a "
                      "whole number (symconv's transposed index rule); with $d = 1$ that is every tap "
                      "$a \\equiv r \\pmod{s}$, $r = (j + p) \\bmod s$.",
                      lambda: sympy.simplify(output_position(_i, _a, _s, d, _p) - (_i * _s + _a - _p)) == 0),
            ProofStep("Change of index", [sympy.Eq(sympy.Symbol("a"), _r + _s * _u, evaluate=False)],
                      "The taps $a \\equiv r$ in $[0, k - 1]$ are $a = r + s u$ for the $u$ with $0 \\le r + s u \\le k - 1$; "
                      "with $U = \\lfloor (k-1-r)/s \\rfloor$ these are exactly $0 \\le u \\le U$ (both inclusions by "
                      "linear certificates over the integers), so there are $U + 1$.",
                      lambda: (all(entails([*hyp, *floor_facts, *bounds], c) for c in taps)
                               and all(entails([*hyp, *floor_facts, *taps], c) for c in bounds))),
            ProofStep("Uniform when $s$ divides $k$", [sympy.Eq(sympy.floor((_s * v - 1 - _r) / _s), v - 1, evaluate=False)],
                      "With $k = s v$: $s (v - 1) \\le s v - 1 - r \\le s (v - 1) + s - 1$ for every residue $r$, so "
                      "every output receives $v$ taps; otherwise $r = 0$ gets one more than $r = s - 1$ (a checkerboard).",
                      lambda: (entails(hyp, sympy.Le(_s * (v - 1), _s * v - 1 - _r))
                               and entails(hyp, sympy.Le(_s * v - 1 - _r, _s * (v - 1) + _s - 1))
                               and _uneven_when_not_divisible())),
        ])

    return Identity(
        "transposed-checkerboard",
        claim,
        "Away from the borders, an output of a transposed convolution (stride $s$, $k$ taps, no dilation) whose "
        "position has residue $r = (j + p) \\bmod s$ receives $c_r = \\lfloor (k-1-r)/s \\rfloor + 1$ taps: the "
        "same number for every output exactly when $s$ divides $k$, a checkerboard otherwise.",
        proof=prover,
        numeric=_checkerboard_numeric,
        source="Odena et al. 2016; convolution-arithmetic guide, section 4",
        conditions=[Condition(sympy.Eq(_d, 1), "no dilation ($d = 1$)", _checkerboard_dilated, "s=2, k=3, d=2")],
        domain=[sympy.Le(0, _r), sympy.Le(_r, _s - 1)],
        uses=("conv_transpose",),
    )


def _uneven_when_not_divisible():
    v, rho = sympy.symbols("v rho", integer=True)
    hyp = [_s >= 2, v >= 0, rho >= 1, rho <= _s - 1]
    k = _s * v + rho
    # r = 0: floor((k - 1)/s) = v (rho - 1 in [0, s - 2]); r = s - 1: floor((k - s)/s) = v - 1
    first = entails(hyp, sympy.Le(_s * v, k - 1)) and entails(hyp, sympy.Le(k - 1, _s * v + _s - 1))
    last = entails(hyp, sympy.Le(_s * (v - 1), k - _s)) and entails(hyp, sympy.Le(k - _s, _s * (v - 1) + _s - 1))
    return first and last


def _checkerboard_counts(ops, n, k, s, d=1):
    """Interior counts of taps per output, from the implementation: a transposed convolution of ones."""
    y = ops.conv_transpose(np.ones((1, 1, n)), np.ones((1, 1, k)), stride=s, dilation=d)[0, 0]
    return np.rint(y).astype(int)


def _checkerboard_numeric(rng, ops):
    def one(rng):
        k, s = randint(rng, 1, 7), randint(rng, 1, 4)
        n = 2 * k + 6
        counts_ = _checkerboard_counts(ops, n, k, s)
        by_loops = _reference.taps_per_output(n, k, s)
        interior = range(k, len(counts_) - k)
        formula = [(k - 1 - (j % s)) // s + 1 if (j % s) <= k - 1 else 0 for j in interior]
        uniform = len(set(counts_[list(interior)])) == 1
        return (counts_.tolist() == by_loops.tolist() and [counts_[j] for j in interior] == formula
                and uniform == (k % s == 0))

    return trials(one, rng)


def _checkerboard_dilated(ops):
    counts_ = _checkerboard_counts(ops, 12, 3, 2, d=2)
    interior = range(6, 12)
    return [counts_[j] for j in interior] == [(3 - 1 - (j % 2)) // 2 + 1 for j in interior]


def entries() -> list[Identity]:
    """The identities of transposed convolution, in catalogue order."""
    return [_construction_identity(), _matrix_identity(), _checkerboard_identity()]

"""Channels, the 1x1 convolution, groups and depthwise-separable convolution.

The layers are written on one spatial axis: the index rule acts on each
spatial axis alone, and the channel structure -- the point of this family --
is the same for any number of axes.

References
----------
.. [1] Seed notes 002 (6.4) and 003 (sections 6-8).
.. [2] A. G. Howard et al., "MobileNets", arXiv:1704.04861, section 3.1.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from ... import counting
from ..._layout import input_position as q
from . import _reference
from ._base import (GENERAL, Condition, Identity, canonical, close, conv_size, counts, euclid_split, index_range,
                    integers, naturals, positive, randint, random_layer, sizes, trials)
from ._forms import Definition, Signal
from ._proof import Proof, ProofStep

__all__ = ["entries"]

_o, _c, _i, _a, _j, _t, _g, _w = integers("o c i a j t gamma omega")
_n, _k, _s, _d, _C, _Co = sizes("n k s d C_in C_out")
_p = naturals("p")
_O = counts("O")
_X, _W = sympy.IndexedBase("X"), sympy.IndexedBase("W")


def _geometry():
    return [*positive(_n, _k, _s, _d, _C, _Co), _p >= 0]


def _layer_signals(c_in=_C, c_out=_Co, weight_channels=None):
    weight_channels = c_in if weight_channels is None else weight_channels
    return [Signal(_X, ((0, c_in - 1), (0, _n - 1))),
            Signal(_W, ((0, c_out - 1), (0, weight_channels - 1), (0, _k - 1)))]


# ----------------------------------------------------------------------------
# a layer is a sum over input channels of single-channel correlations
# ----------------------------------------------------------------------------


def _multichannel_identity():
    Y, R = sympy.IndexedBase("Y"), sympy.IndexedBase("R")
    count = conv_size(_O, _n, _k, _s, _p, _d)
    read = q(_i, _a, _s, _d, _p)
    definitions = [
        Definition(Y, (_o, _i), sympy.Sum(_W[_o, _c, _a] * _X[_c, read], (_a, 0, _k - 1), (_c, 0, _C - 1)),
                   (*index_range(_o, _Co), *index_range(_i, _O))),
        # the single-channel cross-correlation of input channel c with the kernel slice W[o, c]
        Definition(R, (_o, _c, _i), sympy.Sum(_W[_o, _c, _a] * _X[_c, read], (_a, 0, _k - 1)), tuple(index_range(_i, _O))),
    ]
    return Identity(
        "multi-channel-sum",
        sympy.Eq(Y[_o, _i], sympy.Sum(R[_o, _c, _i], (_c, 0, _C - 1))),
        "Each output channel $o$ is the sum over the input channels $c$ of the single-channel cross-correlations "
        "$R_{o,c}$ of input channel $c$ with the kernel slice $W_{o,c}$ (kernel $C_{out} \\times C_{in} \\times k$), "
        "for any stride, padding and dilation.",
        proof=canonical(_layer_signals(), definitions, _geometry(), sizes=[count]),
        numeric=_multichannel_numeric,
        source="seed 002, 6.4 (corr2d_multi_in_out)",
        domain=[*index_range(_o, _Co), *index_range(_i, _O)],
        definitions=[*definitions, count.definition],
        uses=("conv",),
    )


def _multichannel_numeric(rng, ops):
    def one(rng):
        x, w, kw = random_layer(rng, ndim=randint(rng, 1, 2), groups=False)
        y = ops.conv(x, w, **kw)
        by_channel = sum(ops.conv(x[:, c:c + 1], w[:, c:c + 1], **kw) for c in range(x.shape[1]))
        return close(y, by_channel) and close(y, _reference.conv(x, w, **kw))

    return trials(one, rng)


# ----------------------------------------------------------------------------
# the 1x1 convolution is a dense layer at every position
# ----------------------------------------------------------------------------


def _pointwise_identity():
    Y, V = sympy.IndexedBase("Y"), sympy.IndexedBase("V")
    count = conv_size(_O, _n, _k, _s, _p, _d)
    definitions = [
        Definition(Y, (_o, _i), sympy.Sum(_W[_o, _c, _a] * _X[_c, q(_i, _a, _s, _d, _p)], (_a, 0, _k - 1), (_c, 0, _C - 1)),
                   (*index_range(_o, _Co), *index_range(_i, _O))),
        Definition(V, (_o, _c), _W[_o, _c, 0]),  # the matrix over channels
    ]
    return Identity(
        "pointwise-is-dense",
        sympy.Eq(Y[_o, _i], sympy.Sum(V[_o, _c] * _X[_c, _s * _i], (_c, 0, _C - 1))),
        "A $1 \\times 1$ convolution without padding is one dense layer $V$ (a $C_{out} \\times C_{in}$ matrix over "
        "channels) applied at every position it visits.",
        proof=canonical(_layer_signals(), definitions, _geometry(), sizes=[count]),
        numeric=_pointwise_numeric,
        source="seed 002, 6.4; seed 003, section 6",
        conditions=[
            Condition(sympy.Eq(_k, 1), "the kernel is $1 \\times 1$", lambda ops: _pointwise_counter(ops, 2, 0), "k=2"),
            Condition(sympy.Eq(_p, 0), "no padding", lambda ops: _pointwise_counter(ops, 1, 1), "p=1"),
        ],
        domain=[*index_range(_o, _Co), *index_range(_i, _O)],
        definitions=[*definitions, count.definition],
        uses=("conv",),
    )


def _pointwise_numeric(rng, ops):
    def one(rng):
        x = rng.normal(size=(2, randint(rng, 1, 5), randint(rng, 1, 6), randint(rng, 1, 6)))
        w = rng.normal(size=(randint(rng, 1, 5), x.shape[1], 1, 1))
        s = (randint(rng, 1, 3), randint(rng, 1, 3))
        dense = np.einsum("oc,nchw->nohw", w[:, :, 0, 0], x[:, :, ::s[0], ::s[1]])
        return close(ops.conv(x, w, stride=s, dilation=randint(rng, 1, 3)), dense)

    return trials(one, rng)


def _pointwise_counter(ops, k, p):
    rng = np.random.default_rng(2)
    x, w = rng.normal(size=(1, 3, 5)), rng.normal(size=(2, 3, k))
    return close(ops.conv(x, w, padding=p)[..., :5], np.einsum("oc,nct->not", w[:, :, 0], x)[..., :5 - k + 1 + 2 * p])


# ----------------------------------------------------------------------------
# groups
# ----------------------------------------------------------------------------


def _groups_identity():
    G, S, Xs, Ws = (sympy.IndexedBase(name) for name in ("Y", "Z", "X^{(g)}", "W^{(g)}"))
    n_groups, C_g, D_g = sizes("g C_g D_g")
    count = conv_size(_O, _n, _k, _s, _p, _d)
    read = q(_i, _a, _s, _d, _p)
    definitions = [
        # output channel gamma*D_g + omega of the grouped layer reads input channels gamma*C_g ... (gamma+1)*C_g - 1
        Definition(G, (_g, _w, _i), sympy.Sum(_W[_g * D_g + _w, _c, _a] * _X[_g * C_g + _c, read],
                                              (_a, 0, _k - 1), (_c, 0, C_g - 1)),
                   (*index_range(_g, n_groups), *index_range(_w, D_g), *index_range(_i, _O))),
        # the slices of group gamma, and their ordinary convolution (C_g inputs, D_g outputs)
        Definition(Xs, (_g, _c, _t), _X[_g * C_g + _c, _t], tuple(index_range(_c, C_g))),
        Definition(Ws, (_g, _w, _c, _a), _W[_g * D_g + _w, _c, _a], tuple(index_range(_w, D_g))),
        Definition(S, (_g, _w, _i), sympy.Sum(Ws[_g, _w, _c, _a] * Xs[_g, _c, read], (_a, 0, _k - 1), (_c, 0, C_g - 1)),
                   (*index_range(_w, D_g), *index_range(_i, _O))),
    ]
    signals = _layer_signals(n_groups * C_g, n_groups * D_g, C_g)
    return Identity(
        "group-is-concatenation",
        sympy.Eq(G[_g, _w, _i], S[_g, _w, _i]),
        "Group convolution ($g$ groups, $C_{in} = g C_g$, $C_{out} = g D_g$) is $g$ ordinary convolutions on the "
        "channel slices, concatenated: output channel $\\gamma D_g + \\omega$ is output $\\omega$ of group "
        "$\\gamma$'s convolution.",
        proof=canonical(signals, definitions, [*_geometry(), *positive(n_groups, C_g, D_g)], sizes=[count]),
        numeric=_groups_numeric,
        source="seed 003, section 7",
        domain=[*index_range(_g, n_groups), *index_range(_w, D_g), *index_range(_i, _O)],
        definitions=[*definitions, count.definition],
        uses=("conv",),
    )


def _groups_numeric(rng, ops):
    def one(rng):
        x, w, kw = random_layer(rng, ndim=randint(rng, 1, 2))
        g = kw["groups"]
        y = ops.conv(x, w, **kw)
        ci, co = x.shape[1] // g, w.shape[0] // g
        geometry = {key: v for key, v in kw.items() if key != "groups"}
        parts = [ops.conv(x[:, n * ci:(n + 1) * ci], w[n * co:(n + 1) * co], **geometry) for n in range(g)]
        return close(y, np.concatenate(parts, axis=1)) and close(y, _reference.conv(x, w, **kw))

    return trials(one, rng)


def _group_params_identity():
    n_groups, C_g, D_g = sizes("g C_g D_g")
    P1, Pg, M1, Mg = sympy.symbols("P_1 P_g M_1 M_g", positive=True)
    full = counting.conv((n_groups * C_g, _n), n_groups * D_g, _k, stride=_s, padding=_p, dilation=_d, bias=False)
    grouped = counting.conv((n_groups * C_g, _n), n_groups * D_g, _k, stride=_s, padding=_p, dilation=_d,
                            groups=n_groups, bias=False)
    values = {P1: full.params, Pg: grouped.params, M1: full.macs, Mg: grouped.macs}
    claim = sympy.And(sympy.Eq(P1, n_groups * Pg), sympy.Eq(M1, n_groups * Mg), evaluate=False)

    def prover(identity, conditions):
        return Proof(GENERAL, "SymPy algebra on the symbolic counts of `symconv.counting`", [
            ProofStep("Counts", [sympy.Eq(key, value, evaluate=False) for key, value in values.items()],
                      "The weights and multiply-accumulates of the layer without and with $g$ groups, from "
                      "`symconv.counting` with every size a symbol.", lambda: all(v.free_symbols for v in values.values())),
            ProofStep("Ratios", [identity.claim],
                      "Substituted and simplified by SymPy, each side minus the other is 0.",
                      lambda: all(sympy.simplify((rel.lhs - rel.rhs).xreplace(values)) == 0 for rel in identity.claim.args)),
        ])

    return Identity(
        "group-divides-parameters",
        claim,
        "With $g$ groups ($C_{in} = g C_g$, $C_{out} = g D_g$) a layer has $1/g$ of the weights $P$ and of the "
        "multiply-accumulates $M$ of the full layer, whatever its size, stride, padding and dilation.",
        proof=prover,
        numeric=_group_params_numeric,
        source="seed 003, section 7",
        definitions=[sympy.Eq(key, value, evaluate=False) for key, value in values.items()],
    )


def _group_params_numeric(rng, ops):
    def one(rng):
        x, w, kw = random_layer(rng)
        count = counting.conv(x.shape[1:], w.shape[0], w.shape[2:], bias=False, **kw)
        dense = counting.conv(x.shape[1:], w.shape[0], w.shape[2:], bias=False, **{**kw, "groups": 1})
        dense_w = (w.shape[0], x.shape[1], *w.shape[2:])
        return (count.params == w.size and dense.params == int(np.prod(dense_w))
                and count.macs == _reference.mac_count(x.shape[1:], w.shape, **kw)
                and dense.macs == _reference.mac_count(x.shape[1:], dense_w, **{**kw, "groups": 1}))

    return trials(one, rng)


# ----------------------------------------------------------------------------
# depthwise-separable convolution
# ----------------------------------------------------------------------------


def _depthwise_identity():
    m = sympy.Symbol("m", integer=True, positive=True)
    Dw, P = sympy.IndexedBase("D"), sympy.IndexedBase("P")
    Z, Y, Wf = sympy.IndexedBase("Z"), sympy.IndexedBase("Y"), sympy.IndexedBase(r"\tilde{W}")
    sigma = sympy.Function(r"\sigma")
    flat, t = integers("c' t")
    count = conv_size(_O, _n, _k, _s, _p, _d)
    read = q(_i, _a, _s, _d, _p)
    definitions = [
        # depthwise: groups = C_in, multiplier m; its output channel c*m + j sees input channel c only
        Definition(Z, (_c, _j, _i), sympy.Sum(Dw[_c * m + _j, 0, _a] * _X[_c, read], (_a, 0, _k - 1)),
                   (*index_range(_c, _C), *index_range(_j, m), *index_range(_i, _O))),
        # pointwise 1x1 (stride 1, no padding) after the stage sigma, its input channel c' = c*m + j
        Definition(Y, (_o, _i), sympy.Sum(P[_o, _c * m + _j] * sigma(Z[_c, _j, _i]), (_j, 0, m - 1), (_c, 0, _C - 1)),
                   (*index_range(_o, _Co), *index_range(_i, _O))),
        Definition(Wf, (_o, _c, _a), sympy.Sum(P[_o, _c * m + _j] * Dw[_c * m + _j, 0, _a], (_j, 0, m - 1))),
    ]
    signals = [Signal(_X, ((0, _C - 1), (0, _n - 1))), Signal(Dw, ((0, _C * m - 1), (0, 0), (0, _k - 1))),
               Signal(P, ((0, _Co - 1), (0, _C * m - 1)))]
    split = euclid_split(flat, _c, _j, _C, m, lambda v: sympy.Function("f")(v))
    return Identity(
        "depthwise-separable-composition",
        sympy.Eq(Y[_o, _i], sympy.Sum(Wf[_o, _c, _a] * _X[_c, read], (_a, 0, _k - 1), (_c, 0, _C - 1))),
        "Depthwise (groups $C_{in}$, multiplier $m$) then pointwise ($1 \\times 1$) with nothing between them equals one "
        "convolution with the factored kernel $\\tilde{W}_{o,c} = \\sum_j P_{o, cm + j} D_{cm + j}$ "
        "($P_{o,c} D_c$ for $m = 1$); the pointwise sum over the $C_{in} m$ channels is split by division with "
        "remainder.",
        proof=canonical(signals, definitions, [*_geometry(), m >= 1], sizes=[count], facts=[split]),
        numeric=_depthwise_numeric,
        source="seed 003, section 8",
        conditions=[Condition(sympy.Eq(sigma(t), t), "no nonlinearity between the two stages ($\\sigma$ is the identity)",
                              _depthwise_with_relu, "a ReLU between the stages")],
        domain=[*index_range(_o, _Co), *index_range(_i, _O)],
        definitions=[*definitions, count.definition],
        uses=("conv",),
    )


def _depthwise_numeric(rng, ops):
    def one(rng):
        c, o, m = randint(rng, 1, 4), randint(rng, 1, 4), randint(rng, 1, 2)
        k = randint(rng, 1, 3)
        x = rng.normal(size=(2, c, k + randint(rng, 0, 4), k + randint(rng, 0, 4)))
        d = rng.normal(size=(c * m, 1, k, k))
        p = rng.normal(size=(o, c * m, 1, 1))
        s, pad, dil = randint(rng, 1, 2), randint(rng, 0, 1), randint(rng, 1, 2)
        if x.shape[2] + 2 * pad < dil * (k - 1) + 1 or x.shape[3] + 2 * pad < dil * (k - 1) + 1:
            dil = 1
        two_stage = ops.conv(ops.conv(x, d, stride=s, padding=pad, dilation=dil, groups=c), p)
        # the full kernel W[o, c] = sum_j P[o, c*m + j] D[c*m + j]
        full = np.einsum("ocj,cjab->ocab", p[:, :, 0, 0].reshape(o, c, m), d[:, 0].reshape(c, m, k, k))
        return close(two_stage, ops.conv(x, full, stride=s, padding=pad, dilation=dil))

    return trials(one, rng)


def _depthwise_with_relu(ops):
    rng = np.random.default_rng(3)
    x, d, p = rng.normal(size=(1, 2, 6)), rng.normal(size=(2, 1, 3)), rng.normal(size=(3, 2, 1))
    two_stage = ops.conv(np.maximum(ops.conv(x, d, groups=2), 0), p)
    return close(two_stage, ops.conv(x, np.einsum("oc,cab->ocb", p[:, :, 0], d)))


def _cost_identity():
    m = sympy.Symbol("m", integer=True, positive=True)
    Msep, Mfull = sympy.symbols("M_sep M_full", positive=True)
    H, Wd = sizes("H W")
    dw, pw, total = counting.depthwise_separable((_C, H, Wd), _Co, _k, stride=_s, padding=_p, dilation=_d, bias=False)
    full = counting.conv((_C, H, Wd), _Co, _k, stride=_s, padding=_p, dilation=_d, bias=False)
    values = {Msep: total.macs, Mfull: full.macs}
    claim = sympy.Eq(Msep / Mfull, 1 / _Co + 1 / _k**2, evaluate=False)

    def prover(identity, conditions):
        return Proof(GENERAL, "SymPy algebra on the symbolic counts of `symconv.counting`", [
            ProofStep("Counts", [sympy.Eq(key, value, evaluate=False) for key, value in values.items()],
                      "The multiply-accumulates of depthwise-separable (multiplier 1) and of full convolution with "
                      "the same $k \\times k$ geometry, from `symconv.counting` with every size a symbol.",
                      lambda: all(v.free_symbols for v in values.values())),
            ProofStep("Ratio", [identity.claim], "Substituted and simplified by SymPy, the two sides agree.",
                      lambda: sympy.simplify((identity.claim.lhs - identity.claim.rhs).xreplace(values)) == 0),
        ])

    return Identity(
        "depthwise-separable-cost",
        claim,
        "Depthwise-separable convolution (multiplier 1) costs $1/C_{out} + 1/k^2$ of the full convolution with the same "
        "geometry, whatever the input size, stride, padding and dilation.",
        proof=prover,
        numeric=_cost_numeric,
        source="seed 003, section 8; MobileNets",
        definitions=[sympy.Eq(key, value, evaluate=False) for key, value in values.items()],
    )


def _cost_numeric(rng, ops):
    def one(rng):
        c, o, k = randint(rng, 1, 4), randint(rng, 1, 6), randint(rng, 1, 3)
        h, w = k + randint(rng, 0, 4), k + randint(rng, 0, 4)
        s, p = randint(rng, 1, 2), randint(rng, 0, 1)
        _, _, sep = counting.depthwise_separable((c, h, w), o, k, stride=s, padding=p, bias=False)
        full = counting.conv((c, h, w), o, k, stride=s, padding=p, bias=False)
        depthwise = _reference.mac_count((c, h, w), (c, 1, k, k), stride=s, padding=p, groups=c)
        out = (_reference.window_count(h, k, s, p, p), _reference.window_count(w, k, s, p, p))
        pointwise = _reference.mac_count((c, *out), (o, c, 1, 1))
        by_loops = _reference.mac_count((c, h, w), (o, c, k, k), stride=s, padding=p)
        return (sep.macs == depthwise + pointwise and full.macs == by_loops
                and Fraction(sep.macs, full.macs) == Fraction(1, o) + Fraction(1, k * k))

    return trials(one, rng)


def entries() -> list[Identity]:
    """The identities of channels, 1x1 convolutions, groups and depthwise-separable convolution, in catalogue order."""
    return [_multichannel_identity(), _pointwise_identity(), _groups_identity(), _group_params_identity(),
            _depthwise_identity(), _cost_identity()]

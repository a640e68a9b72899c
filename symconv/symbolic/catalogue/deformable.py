"""Deformable convolution (v1 offsets, v2 masks) and the bilinear sampling it reads the input with.

Deformable convolution reads the input at fractional positions through the
bilinear kernel :math:`g(e) = \\max(0, 1 - |e|)`:

.. math::  y_{i,j} = \\sum_{a,b} W_{a,b}\\, m_{a,b,i,j} \\sum_{r,t} g(r - P_r)\\, g(t - P_c)\\, X_{r,t},
   \\quad P_r = s i + d a - p + \\Delta^r_{a,b,i,j}

(:math:`P_c` alike), the form of Dai et al. with the modulation :math:`m` of
v2.  Offsets get gradients because :math:`g` is piecewise linear in the
position -- not because the value is linear in the input.

References
----------
.. [1] Seed note 003, section 12.
.. [2] J. Dai et al., "Deformable Convolutional Networks", arXiv:1703.06211.
.. [3] X. Zhu et al., "Deformable ConvNets v2", arXiv:1811.11168.
"""

from __future__ import annotations

import numpy as np
import sympy

from ..._layout import input_position as q
from ..variants import bilinear_form
from . import _reference
from ._base import (GENERAL, Condition, Identity, close, conv_size, counts, index_range, integers, naturals,
                    positive, randint, random_layer, sizes, trials)
from ._forms import Definition, Signal
from ._proof import Proof, ProofStep, _substitutions, canonical_proof

__all__ = ["entries"]

_i, _j, _a, _b, _r, _t = integers("i j a b r t")
_n_h, _n_w, _k_h, _k_w, _s, _d = sizes("n_h n_w k_h k_w s d")
_p = naturals("p")
_O_h, _O_w = counts("O_h O_w")
_X, _W, _Y, _D = (sympy.IndexedBase(name) for name in ("X", "W", "Y", "D"))
_g = sympy.Function("g")
_dr, _dc, _mask = sympy.Function(r"\Delta^r"), sympy.Function(r"\Delta^c"), sympy.Function("m")
_taps = (_a, _b, _i, _j)


def _definitions(conv_input=_X):
    row, column = q(_i, _a, _s, _d, _p), q(_j, _b, _s, _d, _p)
    sample = sympy.Sum(_g(_r - row - _dr(*_taps)) * _g(_t - column - _dc(*_taps)) * _X[_r, _t],
                       (_t, -sympy.oo, sympy.oo), (_r, -sympy.oo, sympy.oo))
    domain = (*index_range(_i, _O_h), *index_range(_j, _O_w))
    return [
        Definition(_D, (_i, _j), sympy.Sum(_W[_a, _b] * _mask(*_taps) * sample, (_b, 0, _k_w - 1), (_a, 0, _k_h - 1)),
                   domain),
        Definition(_Y, (_i, _j), sympy.Sum(_W[_a, _b] * conv_input[row, column], (_b, 0, _k_w - 1), (_a, 0, _k_h - 1)),
                   domain),
    ]


def _kernel_at_integers() -> bool:
    """``g(e) = max(0, 1 - |e|)`` is 1 at 0 and 0 at every other integer (SymPy, case by case)."""
    e = sympy.Symbol("e", integer=True, positive=True)
    g = sympy.Lambda(sympy.Symbol("x"), sympy.Max(0, 1 - sympy.Abs(sympy.Symbol("x"))))
    return g(0) == 1 and g(e) == 0 and g(-e) == 0


def _deformable_prover(conv_input=_X, extra_definitions=()):
    def prover(identity, conditions):
        relations = [c.relation for c in conditions]
        substitutions, _ = _substitutions(relations)
        functions = {f: v for f, v in substitutions.items() if isinstance(v, sympy.Lambda)}
        definitions = []
        for definition in [*_definitions(conv_input), *extra_definitions]:
            rhs = definition.rhs
            for f, value in functions.items():
                rhs = rhs.replace(f, value)
            definitions.append(Definition(definition.base, definition.indices, rhs, definition.domain))
        arguments = [call.args[0] for d in definitions for call in d.rhs.atoms(_g)]

        def integral():
            unknown = [e for e in arguments if not e.is_integer]
            return (not unknown, f"the sampling position {unknown[0]} is not known to be an integer" if unknown else "")

        delta = [Definition(d.base, d.indices, d.rhs.replace(_g, lambda e: sympy.KroneckerDelta(e, 0)), d.domain)
                 for d in definitions]
        rows, columns = conv_size(_O_h, _n_h, _k_h, _s, _p, _d), conv_size(_O_w, _n_w, _k_w, _s, _p, _d)
        hypotheses = [*positive(_n_h, _n_w, _k_h, _k_w, _s, _d), _p >= 0, *identity.domain, *relations]
        inner = canonical_proof(identity.claim, _signals(), delta, hypotheses, sizes=[rows, columns])
        steps = [
            ProofStep("Integer positions", [sympy.Eq(_g(sympy.Symbol("e")), sympy.KroneckerDelta(sympy.Symbol("e"), 0),
                                                     evaluate=False)],
                      "Under the conditions every sampling position is an integer (SymPy), and the bilinear kernel "
                      "$g(e) = \\max(0, 1 - |e|)$ is 1 at 0 and 0 at every other integer (SymPy, case by case): the "
                      "sum over the grid keeps the one pixel at the position.",
                      lambda: integral() if not integral()[0] else (_kernel_at_integers(), "")),
            *inner.steps,
        ]
        return Proof(GENERAL, "the bilinear kernel at integer positions is a Kronecker $\\delta$; then canonical forms "
                              "compared after a change of summation index checked by SymPy", steps)

    return prover


def _signals():
    return [Signal(_X, ((0, _n_h - 1), (0, _n_w - 1))), Signal(_W, ((0, _k_h - 1), (0, _k_w - 1)))]


def _display():
    rows, columns = conv_size(_O_h, _n_h, _k_h, _s, _p, _d), conv_size(_O_w, _n_w, _k_w, _s, _p, _d)
    return [rows.definition, columns.definition]


def _zero_offsets_identity():
    definitions = _definitions()
    return Identity(
        "deformable-zero-offsets",
        sympy.Eq(_D[_i, _j], _Y[_i, _j]),
        "Deformable convolution with zero offsets and a mask of ones is ordinary convolution (any stride, padding "
        "and dilation).",
        proof=_deformable_prover(),
        numeric=_zero_numeric,
        source="seed 003, section 12",
        conditions=[
            Condition(sympy.And(sympy.Eq(_dr(*_taps), 0), sympy.Eq(_dc(*_taps), 0)), "zero offsets",
                      _zero_counter_offsets, "every offset 0.3"),
            Condition(sympy.Eq(_mask(*_taps), 1), "a mask of ones (v1, or v2 unmodulated)",
                      _zero_counter_mask, "mask 0.5"),
        ],
        domain=[*index_range(_i, _O_h), *index_range(_j, _O_w)],
        definitions=[*definitions, *_display()],
        uses=("conv", "deform_conv2d"),
    )


def _zero_numeric(rng, ops):
    def one(rng):
        x, w, kw = random_layer(rng)
        y = ops.conv(x, w, **kw)
        og = randint(rng, 1, 2) if x.shape[1] % 2 == 0 else 1
        taps = w.shape[2] * w.shape[3]
        zeros = np.zeros((x.shape[0], 2 * og * taps, *y.shape[2:]))
        ones = np.ones((x.shape[0], og * taps, *y.shape[2:]))
        got = ops.deform_conv2d(x, zeros, w, mask=ones, offset_groups=og, **kw)
        return close(got, y) and close(got, _reference.conv(x, w, **kw))

    return trials(one, rng)


def _zero_case(ops, offset, mask):
    rng = np.random.default_rng(5)
    x, w = rng.normal(size=(1, 1, 5, 5)), rng.normal(size=(1, 1, 2, 2))
    shape = (1, 4, 4, 4)
    got = ops.deform_conv2d(x, np.full((1, 8, 4, 4), offset), w, mask=np.full(shape, mask))
    return close(got, ops.conv(x, w))


def _zero_counter_offsets(ops):
    return _zero_case(ops, 0.3, 1.0)


def _zero_counter_mask(ops):
    return _zero_case(ops, 0.0, 0.5)


def _integer_offsets_identity():
    delta_r, delta_c = integers(r"\delta_r \delta_c")
    shifted = sympy.IndexedBase("X'")
    definitions = _definitions(shifted)
    moved = Definition(shifted, (_r, _t), _X[_r + delta_r, _t + delta_c])
    return Identity(
        "deformable-integer-offsets",
        sympy.Eq(_D[_i, _j], _Y[_i, _j]),
        "A constant integer offset $(\\delta_r, \\delta_c)$ (mask of ones) samples whole pixels: the result is the "
        "ordinary convolution of the input moved back, $X'_{r,t} = X_{r + \\delta_r, t + \\delta_c}$ (zero outside "
        "the input).",
        proof=_deformable_prover(shifted, [moved]),
        numeric=_integer_numeric,
        source="seed 003, section 12",
        conditions=[
            Condition(sympy.And(sympy.Eq(_dr(*_taps), delta_r), sympy.Eq(_dc(*_taps), delta_c)),
                      "the offsets are one pair of integers for every tap and position",
                      _integer_counter, "every offset 0.5"),
            Condition(sympy.Eq(_mask(*_taps), 1), "a mask of ones (v1, or v2 unmodulated)",
                      _integer_counter_mask, "mask 0.5"),
        ],
        domain=[*index_range(_i, _O_h), *index_range(_j, _O_w)],
        definitions=[*definitions, moved, *_display()],
        uses=("conv", "deform_conv2d"),
    )


def _moved(x, dr, dc, p):
    """The input moved back by (dr, dc), zero outside, on a canvas with p cells around (read by an unpadded conv)."""
    n, c, h, w = x.shape
    canvas = np.zeros((n, c, h + 2 * p, w + 2 * p))
    for r in range(-p, h + p):
        for t in range(-p, w + p):
            if 0 <= r + dr < h and 0 <= t + dc < w:
                canvas[:, :, r + p, t + p] = x[:, :, r + dr, t + dc]
    return canvas


def _integer_numeric(rng, ops):
    def one(rng):
        x = rng.normal(size=(2, 2, randint(rng, 3, 7), randint(rng, 3, 7)))
        w = rng.normal(size=(3, 2, randint(rng, 1, 3), randint(rng, 1, 3)))
        dr, dc = randint(rng, -2, 2), randint(rng, -2, 2)
        p, s = randint(rng, 0, 1), randint(rng, 1, 2)
        y = ops.conv(x, w, padding=p, stride=s)
        offsets = np.zeros((2, 2 * w.shape[2] * w.shape[3], *y.shape[2:]))
        offsets[:, 0::2], offsets[:, 1::2] = dr, dc
        return close(ops.deform_conv2d(x, offsets, w, padding=p, stride=s), ops.conv(_moved(x, dr, dc, p), w, stride=s))

    return trials(one, rng)


def _integer_case(ops, offset, mask):
    rng = np.random.default_rng(6)
    x, w = rng.normal(size=(1, 1, 5, 5)), rng.normal(size=(1, 1, 2, 2))
    got = ops.deform_conv2d(x, np.full((1, 8, 4, 4), offset), w, mask=np.full((1, 4, 4, 4), mask))
    whole = int(np.floor(offset))
    return close(got, ops.conv(_moved(x, whole, whole, 0), w))


def _integer_counter(ops):
    return _integer_case(ops, 0.5, 1.0)


def _integer_counter_mask(ops):
    return _integer_case(ops, 1.0, 0.5)


# ----------------------------------------------------------------------------
# bilinear sampling
# ----------------------------------------------------------------------------


def _bilinear_identity():
    alpha, beta, gamma, delta, r0, c0 = sympy.symbols("alpha beta gamma delta r_0 c_0", real=True)
    u, v = sympy.symbols("u v", real=True)
    f = sympy.Lambda((_r, _t), alpha + beta * _r + gamma * _t + delta * _r * _t)
    corners = np.array([[f(r0, c0), f(r0, c0 + 1)], [f(r0 + 1, c0), f(r0 + 1, c0 + 1)]], dtype=object)
    sample = sympy.Function(r"\operatorname{bilinear}")(r0 + u, c0 + v)
    claim = sympy.Eq(sample, f(r0 + u, c0 + v), evaluate=False)

    def prover(identity, conditions):
        form = bilinear_form(u, v, corners)
        weights = bilinear_form(u, v, np.ones((2, 2), dtype=object) * sympy.S.One)
        return Proof(GENERAL, "SymPy expansion with symbolic coefficients, corner and fractional position", [
            ProofStep("The four corners", [sympy.Eq(sample, form, evaluate=False)],
                      "Bilinear sampling at $(r_0 + u, c_0 + v)$ weighs the four surrounding pixels by "
                      "$(1-u)(1-v)$, $(1-u) v$, $u (1-v)$ and $u v$ (symconv's `bilinear_form`).",
                      lambda: True),
            ProofStep("Exact for bilinear functions", [identity.claim],
                      "Expanded by SymPy, the form minus $f$ is 0 for every coefficient and position.",
                      lambda: sympy.expand(form - identity.claim.rhs) == 0),
            ProofStep("A partition of unity", [sympy.Eq(weights, 1, evaluate=False)],
                      "The four weights sum to 1 (SymPy).", lambda: sympy.expand(weights - 1) == 0),
        ])

    return Identity(
        "bilinear-reproduces-bilinear",
        claim,
        "Bilinear sampling (how deformable convolution reads between pixels) is exact for every bilinear function "
        "$f(r, c) = \\alpha + \\beta r + \\gamma c + \\delta r c$ and its four weights sum to 1.",
        proof=prover,
        numeric=_bilinear_numeric,
        source="seed 003, section 12; Dai et al. 2017",
        domain=[sympy.Le(0, u), sympy.Lt(u, 1), sympy.Le(0, v), sympy.Lt(v, 1)],
        uses=("deform_conv2d",),
    )


def _bilinear_numeric(rng, ops):
    def one(rng):
        h, w = randint(rng, 3, 6), randint(rng, 3, 6)
        coef = rng.normal(size=4)
        rows, cols = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
        image = coef[0] + coef[1] * rows + coef[2] * cols + coef[3] * rows * cols
        # offsets that keep every sample inside the image, so the bilinear function is reproduced exactly
        target_r = rng.uniform(0, h - 1, size=(h, w))
        target_c = rng.uniform(0, w - 1, size=(h, w))
        offset = np.stack([target_r - rows, target_c - cols])[None]
        out = ops.deform_conv2d(image[None, None], offset, np.ones((1, 1, 1, 1)))[0, 0]
        want = coef[0] + coef[1] * target_r + coef[2] * target_c + coef[3] * target_r * target_c
        return close(out, want)

    return trials(one, rng)


def entries() -> list[Identity]:
    """The identities of deformable convolution, in catalogue order."""
    return [_zero_offsets_identity(), _integer_offsets_identity(), _bilinear_identity()]

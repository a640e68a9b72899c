"""The page ``groups-separable``: group, depthwise-separable and spatially separable convolution.

:func:`separable_cost_derivation` derives the costs; the page shows its
steps between a step on groups and the steps on factorisation.

References
----------
.. [1] Seed note 003, sections 7-9.
.. [2] A. G. Howard et al., "MobileNets", arXiv:1704.04861, section 3.1.
"""

from __future__ import annotations

import numpy as np
import sympy

from .. import counting
from ..symbolic.derivation import Derivation, Step, Table
from ..symbolic.variants import separable_cost_ratio, separable_factors, separable_rank, spatial_separable_cost_ratio
from . import _geometry
from ._common import _eq, _identity_checks, _matrix, _shape_text, _statement

NAME = "groups-separable"
TITLE = "Group and separable convolutions"

__all__ = ["NAME", "TITLE", "PARAMETERS", "REQUIRED", "EXAMPLES", "make", "check", "separable_cost_derivation"]

#: The parameters of a layer this page is derived for (:func:`symconv.pages.derive`), and those it needs.
PARAMETERS = ("input", "kernel", "stride", "padding", "dilation", "groups", "channels")
REQUIRED = ("input", "kernel", "channels")
#: Layers the page is worked for in the tests and the help.
EXAMPLES = (
    dict(input=(6, 6), kernel=3, padding=1, channels=(4, 6), groups=2),
    dict(input=8, kernel=3, padding="same", channels=(4, 8), groups=4),
)


# the sizes separable_cost_ratio counts with (equal symbols: same names, same assumptions)
# the image's height and width are n_h, n_w: W is the weight on these pages
_C_IN, _C_OUT, _K, _H, _W = sympy.symbols("C_in C_out k n_h n_w", positive=True, integer=True)


def separable_cost_derivation() -> Derivation:
    """The cost of depthwise-separable and spatially separable convolution, step by step.

    Returns
    -------
    Derivation
        Counts of the full, depthwise and pointwise layers, their quotient
        ``1/C_out + 1/k^2``, and the spatial ratio ``1/k_h + 1/k_w``; its
        :meth:`~Derivation.check` compares them with numeric counts.

    Examples
    --------
    >>> d = separable_cost_derivation()
    >>> d.check()
    {'depthwise-separable ratio': True, 'spatially separable ratio': True}
    """
    full = counting.conv((_C_IN, _H, _W), _C_OUT, _K, padding="same", bias=False)
    depthwise, pointwise, _ = counting.depthwise_separable((_C_IN, _H, _W), _C_OUT, _K, padding="same", bias=False)
    ratio = separable_cost_ratio()
    m_full, m_dw, m_pw, r = sympy.symbols("M_full M_depthwise M_pointwise r")
    spatial = spatial_separable_cost_ratio()
    kh, kw = sympy.symbols("k_h k_w", positive=True, integer=True)
    steps = [
        Step(
            "Full convolution",
            [sympy.Eq(m_full, full.macs)],
            "Every one of the {hw} outputs of each of {c_out} channels sums {k2} taps over {c_in} input channels.",
            full.params,
            {"hw": _H * _W, "c_out": _C_OUT, "k2": _K**2, "c_in": _C_IN},
        ),
        Step(
            "Depthwise then pointwise",
            [sympy.Eq(m_dw, depthwise.macs), sympy.Eq(m_pw, pointwise.macs)],
            "The depthwise stage (groups = {c_in}) filters each channel alone; the 1x1 stage mixes channels.",
            depthwise.params + pointwise.params,
            {"c_in": _C_IN},
        ),
        Step(
            "Cost ratio",
            [sympy.Eq(r, (m_dw + m_pw) / m_full), sympy.Eq(r, ratio)],
            "With {c_out} = 256 and 3x3 kernels the separable layer costs about {example} of the full one.",
            None,
            {"c_out": _C_OUT, "example": ratio.subs({_C_OUT: 256, _K: 3})},
        ),
        Step(
            "Spatially separable kernels",
            [sympy.Eq(r, spatial)],
            "A rank-1 kernel {uv} runs as a column pass and a row pass: {sum} instead of {prod} MACs per output.",
            None,
            {"uv": sympy.Symbol("u v^T"), "sum": kh + kw, "prod": kh * kw},
            notes=["Per channel and on a large input: each pass filters one channel, as in the column-then-row "
                   "filtering of an image; passes that also mix channels cost more."],
        ),
    ]

    def check():
        c_in, c_out, k, h, w = 3, 16, 5, 9, 7
        _, _, sep = counting.depthwise_separable((c_in, h, w), c_out, k, padding="same", bias=False)
        dense = counting.conv((c_in, h, w), c_out, k, padding="same", bias=False)
        _, _, sp = counting.spatially_separable((1, 400, 500), 1, (3, 5), bias=False)
        one = counting.conv((1, 400, 500), 1, (3, 5), bias=False)
        return {
            "depthwise-separable ratio": sympy.Rational(sep.macs, dense.macs) == ratio.subs({_C_OUT: c_out, _K: k}),
            "spatially separable ratio": abs(sp.macs / one.macs - float(spatial.subs({kh: 3, kw: 5}))) < 1e-2,
        }

    return Derivation(
        "Cost of separable convolutions",
        steps,
        introduction="Seed note 003, sections 8-9: depthwise-separable and spatially separable convolution.",
        checker=check,
    )


def make(*, input=None, kernel=None, stride=None, padding=None, dilation=None, groups=None,
         channels=None) -> Derivation:
    """Group, depthwise-separable and spatially separable convolution; given a layer, its groups counted.

    Parameters
    ----------
    input, kernel, stride, padding, dilation, groups, channels : optional
        A layer (see :func:`symconv.pages.derive`); none gives the built-in page.

    Examples
    --------
    >>> d = make(input=(6, 6), kernel=3, padding=1, channels=(4, 6), groups=2)
    >>> d[0].parameters
    114
    """
    given = _geometry.given(input=input, kernel=kernel, stride=stride, padding=padding, dilation=dilation,
                            groups=groups, channels=channels)
    if given:
        return _for_geometry(_geometry.read(NAME, PARAMETERS, REQUIRED, given))
    return _example()


def _example() -> Derivation:
    """Group, depthwise-separable and spatially separable convolution: shapes, costs and factorisations.

    Returns
    -------
    Derivation
        The steps of :func:`separable_cost_derivation`
        between a step on groups and steps on factorisation; ``check()`` runs
        its check, the catalogue's checks and the rank tests.

    Examples
    --------
    >>> make()[0].parameters
    C_in*C_out*k**2/g + C_out
    """
    c_in, c_out, k, H, W, g = sympy.symbols("C_in C_out k n_h n_w g", integer=True, positive=True)
    grouped = counting.conv((c_in, H, W), c_out, k, padding="same", groups=g)
    P, M = sympy.symbols("P_g M_g")
    cost = separable_cost_derivation()
    gaussian = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    laplacian = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]])
    u, v = separable_factors(gaussian)
    K = sympy.Symbol("K")
    rank = sympy.Function("rank")
    variants = [
        counting.conv((64, 56, 56), 128, 3, padding=1, bias=False, name="conv 3x3, 64 -> 128"),
        counting.conv((64, 56, 56), 128, 3, padding=1, groups=4, bias=False, name="group conv, groups = 4"),
        *counting.depthwise_separable((64, 56, 56), 128, 3, padding=1, bias=False, name="depthwise-separable"),
        *counting.spatially_separable((64, 56, 56), 128, 3, padding=1, mid_channels=64, bias=False,
                                      name="spatially separable (3x1, 1x3)"),
    ]
    names = ["full 3x3 convolution", "group convolution, 4 groups", "depthwise 3x3 (64 groups)", "pointwise 1x1",
             "depthwise-separable, both stages", "column pass 3x1 (64 channels)", "row pass 1x3 (128 channels)",
             "spatially separable, both passes"]
    rows = [[name, _shape_text(c.output_shape), c.params, c.macs] for name, c in zip(names, variants, strict=True)]
    steps = [
        Step(
            "Group convolution",
            [_statement("group-is-concatenation"), _eq(P, grouped.params), _eq(M, grouped.macs)],
            "The input channels are split into {g} groups and each group of kernels sees only its own slice -- "
            "AlexNet's way of fitting the network on two GPUs (seed note 003, section 7). The input is split "
            "along its channel axis, the kernels along their output-channel axis, so each kernel has {per_group} "
            "input channels; the output has the shape of the ungrouped layer, and parameters and "
            "multiply-accumulates are divided by {g}.",
            grouped.params,
            symbols={"g": g, "per_group": c_in / g},
        ),
        *cost.steps,
        Step(
            "Depthwise then pointwise is one factored convolution",
            [_statement("depthwise-separable-composition")],
            "The two stages together equal one ordinary convolution whose kernel is factored: every output channel "
            "mixes the same depthwise-filtered channels. Fewer parameters, a restricted family of kernels.",
            notes=["Only with nothing between the stages: the nonlinearity MobileNets put after the depthwise stage "
                   "makes the pair more than one convolution. With a depth multiplier $m$ each factored kernel is a "
                   "sum over the $m$ filters of its channel."],
        ),
        Step(
            "Spatially separable means rank one",
            [_statement("separability-is-rank-one"), _eq(K, _matrix(gaussian)),
             _eq(sympy.Symbol("u v^{T}"), sympy.MatMul(u, v.T, evaluate=False)),
             _eq(rank(_matrix(laplacian)), separable_rank(laplacian))],
            "A kernel splits into a column pass and a row pass exactly when its rank is at most 1 (the zero kernel, "
            "of rank 0, splits as zero times zero): the 3x3 Gaussian-like kernel is the outer product of (1, 2, 1) "
            "with itself, while the Laplacian has rank 2 and does not split.",
        ),
        Step(
            "One layer, four ways",
            [],
            "A 64 -> 128 layer on a 56x56 map with 3x3 kernels, counted by `symconv.counting` (no biases), "
            "written four ways: full, grouped, depthwise-separable (two stages), spatially separable (two passes). "
            "The depthwise-separable layer costs {ratio} of the full one: the ratio above with {c_out}.",
            notes=["The spatially separable passes here mix channels (64 to 64, then 64 to 128), so they cost half the "
                   "full layer, not the per-channel ratio of two 1-D passes."],
            symbols={"ratio": sympy.Add(sympy.Rational(1, 128), sympy.Rational(1, 9), evaluate=False),
                     "c_out": _eq(c_out, 128)},
            table=Table(["layer", "output shape", "params", "MACs"], rows, prose_columns=(0,)),
        ),
    ]

    def check():
        results = {f"separable costs: {name}": ok for name, ok in cost.check().items()}
        results["Gaussian kernel has rank 1 and factors as u v^T"] = bool(
            separable_rank(gaussian) == 1 and sympy.Matrix(gaussian) == u * v.T
        )
        results["Laplacian has rank 2"] = separable_rank(laplacian) == 2
        results["the table's depthwise-separable MACs are 1/128 + 1/9 of the full layer's"] = (
            sympy.Rational(variants[4].macs, variants[0].macs) == sympy.Rational(1, 128) + sympy.Rational(1, 9)
        )
        numbers = {c_in: 8, c_out: 6, k: 3, g: 2, H: 5, W: 5}
        full = counting.conv((8, 5, 5), 6, 3, padding="same", bias=False)
        results["groups divide the weights by g"] = (grouped.params - c_out).subs(numbers) * 2 == full.params
        results.update(_identity_checks(
            "group-is-concatenation", "group-divides-parameters", "depthwise-separable-composition",
            "separability-is-rank-one", "depthwise-separable-cost",
        ))
        return results

    return Derivation(
        "Group and separable convolutions",
        steps,
        introduction=(
            "Group, depthwise-separable and spatially separable convolutions give up some freedom of the kernel "
            "for far fewer parameters and multiply-accumulates (seed note 003, sections 7-9)."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()


# ----------------------------------------------------------------------------
# the page for the user's layer: make(input=..., kernel=..., channels=..., groups=...)
# ----------------------------------------------------------------------------


def _for_geometry(user) -> Derivation:
    import math

    from ..numeric import conv

    g = user.geometry
    c_in, c_out = user.channels
    groups = g.groups
    k = g.kernel_size
    options = dict(stride=g.stride, padding=g.padding, dilation=g.dilation)
    spatial = (c_in, *user.input)
    full = counting.conv(spatial, c_out, k, bias=False, **options)
    grouped = counting.conv(spatial, c_out, k, groups=groups, bias=False, **options)
    grouped_bias = counting.conv(spatial, c_out, k, groups=groups, **options)
    depthwise, pointwise, separable = counting.depthwise_separable(spatial, c_out, k, bias=False, **options)
    taps = math.prod(k)
    ratio = sympy.Rational(separable.macs, full.macs)
    P_g, M_g, r = sympy.symbols("P_g M_g r")
    C_in, C_out, K, g_ = sympy.symbols("C_in C_out K g", integer=True, positive=True)
    values = {C_in: c_in, C_out: c_out, K: taps, g_: groups}
    formula_p = C_out * C_in / g_ * K + C_out
    formula_r = 1 / C_out + 1 / K
    rows = [[name, _shape_text(c.output_shape), c.params, c.macs]
            for name, c in (("full convolution", full), ("your grouped convolution", grouped),
                            ("depthwise (groups = input channels)", depthwise), ("pointwise 1x1", pointwise),
                            ("depthwise-separable, both stages", separable))]
    notes = []
    if groups == c_in:
        notes.append("With as many groups as input channels each channel is filtered alone: your layer is a "
                     "depthwise convolution, with {mult} output channels per input channel.")
    steps = [
        Step(
            "Group convolution",
            [_statement("group-is-concatenation"), _eq(sympy.Symbol(r"\operatorname{shape}(W)"),
                                                       sympy.Tuple(*user.weight_shape)),
             _eq(P_g, formula_p), _eq(P_g, _geometry.worked(formula_p, values)),
             _eq(M_g, sympy.Integer(grouped.macs))],
            "Your {c_in} input channels are split into {g} groups of {per_in}, and each group of {per_out} output "
            "channels sees only its own slice: every kernel has {per_in} input channels, so the parameters and "
            "multiply-accumulates of the full layer ({full}) are divided by {g}. {K} is the number of taps.",
            grouped_bias.params,
            symbols={"c_in": sympy.Integer(c_in), "g": sympy.Integer(groups), "per_in": sympy.Integer(c_in // groups),
                     "per_out": sympy.Integer(c_out // groups), "full": sympy.Integer(full.macs), "K": K,
                     "mult": sympy.Integer(c_out // c_in) if c_out % c_in == 0 else sympy.Rational(c_out, c_in)},
            notes=notes,
        ),
        Step(
            "Depthwise then pointwise",
            [_statement("depthwise-separable-composition"), _eq(r, formula_r), _eq(r, _geometry.worked(formula_r, values))],
            "The same channels as a depthwise stage (one kernel per input channel) followed by a 1x1 stage that "
            "mixes them cost {ratio} of the full layer's multiply-accumulates: the ratio {r} below, counted by "
            "`symconv.counting` (no biases).",
            symbols={"ratio": ratio, "r": r},
            table=Table(["layer", "output shape", "params", "MACs"], rows, prose_columns=(0,)),
        ),
    ]

    def checks():
        results = _geometry.Checks()
        reads = ("input", "kernel", "stride", "padding", "dilation", "groups", "channels")
        rng = np.random.default_rng(0)
        x = rng.normal(size=(1, c_in, *user.input))
        w = rng.normal(size=user.weight_shape)
        whole = conv(x, w, groups=groups, **options)
        per_in, per_out = c_in // groups, c_out // groups
        parts = [conv(x[:, n * per_in:(n + 1) * per_in], w[n * per_out:(n + 1) * per_out], **options)
                 for n in range(groups)]
        results.add(f"the grouped convolution is {groups} convolutions side by side",
                    np.allclose(whole, np.concatenate(parts, axis=1)), *reads)
        results.add("params = weight tensor size + one bias per output channel",
                    grouped_bias.params == np.zeros(user.weight_shape).size + c_out
                    == int(formula_p.subs(values)), "kernel", "groups", "channels")
        results.add(f"the full layer has {groups} times the multiply-accumulates", full.macs == groups * grouped.macs,
                    *reads)
        results.add("the separable ratio is 1/C_out + 1/K exactly", ratio == formula_r.subs(values), *reads)
        dw = rng.normal(size=(c_in, 1, *k))
        pw = rng.normal(size=(c_out, c_in, *(1,) * len(k)))
        two = conv(conv(x, dw, groups=c_in, **options), pw)
        merged = pw.reshape(c_out, c_in, *(1,) * len(k)) * dw.reshape(1, c_in, *k)
        results.add("depthwise then pointwise is one convolution with the factored kernel",
                    np.allclose(two, conv(x, merged, **options)), *reads)
        results.identities(_identity_checks(
            "group-is-concatenation", "group-divides-parameters", "depthwise-separable-composition",
            "depthwise-separable-cost",
        ))
        return results

    return _geometry.user_derivation(
        "The groups of your layer",
        steps,
        user,
        checks,
        "Group and depthwise-separable convolution give up some freedom of the kernel for fewer parameters and "
        "multiply-accumulates (seed note 003, sections 7-9); here for your layer, counted and checked.",
    )

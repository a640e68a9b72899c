"""The page ``padding-stride-dilation``: what each does to the window and to the output size.

References
----------
.. [1] Seed notes 002 (6.3) and 003 (sections 5 and 10).
.. [2] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285.
"""

from __future__ import annotations

import numpy as np
import sympy

from .. import shapes
from ..geometry import Geometry
from ..numeric import conv
from ..symbolic.derivation import Derivation, Illustration, Step, Table
from ..symbolic.variants import dilated_kernel
from . import _geometry
from ._common import _d, _diagram, _eq, _gif, _i, _identity_checks, _k, _matrix, _o, _p, _s, _statement, _sym

NAME = "padding-stride-dilation"
TITLE = "Padding, stride and dilation"

__all__ = ["NAME", "TITLE", "PARAMETERS", "REQUIRED", "EXAMPLES", "make", "check"]

#: The parameters of a layer this page is derived for (:func:`symconv.pages.derive`), and those it needs.
PARAMETERS = ("input", "kernel", "stride", "padding", "dilation")
REQUIRED = ("input", "kernel")
#: Layers the page is worked for in the tests and the help.
EXAMPLES = (
    dict(input=7, kernel=3, stride=2, padding=1, dilation=2),
    dict(input=(6, 5), kernel=(4, 2), stride=2, padding="same"),
    dict(input=4, kernel=3, padding="full"),
)


_SIZE_EXAMPLES = (
    # (i, k, s, p, d): the guide's direct configurations
    (4, 3, 1, 0, 1), (5, 4, 1, 2, 1), (5, 3, 1, 1, 1), (5, 3, 1, 2, 1),
    (5, 3, 2, 0, 1), (5, 3, 2, 1, 1), (6, 3, 2, 1, 1), (7, 3, 1, 0, 2),
)  # fmt: skip


def make(*, input=None, kernel=None, stride=None, padding=None, dilation=None) -> Derivation:
    """Padding, stride and dilation; given a layer, each worked with its numbers.

    Parameters
    ----------
    input, kernel, stride, padding, dilation : optional
        A layer (see :func:`symconv.pages.derive`); none gives the built-in page.

    Examples
    --------
    >>> make(input=7, kernel=3, stride=2, dilation=2).geometry.output
    (2,)
    """
    given = _geometry.given(input=input, kernel=kernel, stride=stride, padding=padding, dilation=dilation)
    if given:
        return _for_geometry(_geometry.read(NAME, PARAMETERS, REQUIRED, given))
    return _example()


def _example() -> Derivation:
    """Padding, stride and dilation: what each does to the window and to the output size.

    Returns
    -------
    Derivation
        ``check()`` compares the sizes with the shapes
        :func:`symconv.numeric.conv` returns and runs the catalogue's checks of
        strides, dilation and the dilated receptive field.

    Examples
    --------
    >>> row = make()[3].table.rows[0]
    >>> row[:5], row[-1], sympy.sstr(row[5], order="none")  # the guide's form kept next to the size
    ((4, 3, 1, 0, 1), 2, '4 - 3 + 1')
    """
    n = sympy.Symbol("n", integer=True, nonnegative=True)
    padded = Geometry(_k, 1, _p).output_size((_i,))[0]
    same = Geometry(2 * n + 1, 1, n).output_size((_i,))[0]
    strided = Geometry(_k, _s, _p).output_size((_i,))[0]
    k_hat = sympy.Symbol(r"\hat{k}")
    effective = Geometry(_k, dilation=_d).effective_kernel_size[0]
    w = _sym("w", 3)
    spread = dilated_kernel(w.reshape(1, 1, 3), 2)[0, 0]
    rows = [(i, k, s, p, d, shapes.guide_form(i, k, stride=s, padding=p, dilation=d),
             shapes.conv_output_size(i, k, stride=s, padding=p, dilation=d))
            for i, k, s, p, d in _SIZE_EXAMPLES]
    # the guide's form of one layer with the size left a symbol, beside what SymPy simplifies it to
    written, simplified = shapes.guide_form(_i, 3, stride=2, padding=1), shapes.conv_output_size(_i, 3, stride=2, padding=1)
    L = sympy.Symbol("L", integer=True, positive=True)
    steps = [
        Step(
            "Zero padding",
            [_eq(_o, padded), sympy.Implies(sympy.And(_eq(_k, 2 * n + 1), _eq(_p, n)), _eq(_o, same))],
            "Padding adds {p} zeros on each side of the input, so that the kernel can also be centred on the "
            "border cells and the border is not lost; PyTorch's `padding=1` adds one row above and one below. An "
            "odd kernel {k_odd} with {p_n} keeps the size, which is why odd kernels are the usual choice: both "
            "sides get the same padding.",
            symbols={"p": _p, "k_odd": _eq(_k, 2 * n + 1), "p_n": _eq(_p, n)},
            illustrations=[_gif("same_padding_no_strides"), _gif("full_padding_no_strides")],
        ),
        Step(
            "Stride",
            [_eq(_o, strided), _statement("stride-is-subsampling")],
            "The stride {s} moves the window {s} cells at a time, for inputs whose full resolution is redundant. "
            "A strided convolution is the stride-1 convolution read every {s} outputs; the floor drops a last "
            "window that would run past the end.",
            notes=["That needs the same padding in both: `padding=\"same\"` chooses its pads from the stride, so on 4 "
                   "inputs with a 3-tap kernel the stride-2 layer is not the stride-1 layer read every other output."],
            symbols={"s": _s},
            illustrations=[
                _gif("padding_strides"),
                _gif("padding_strides_odd"),
                Illustration("The convolution matrix with stride 2: each block row starts two blocks further right.",
                             image="figures/conv-matrix-stride-2.svg", latex_image="figures/conv-matrix-stride-2.pdf",
                             width=0.6),
            ],
        ),
        Step(
            "Dilation",
            [_eq(k_hat, effective), _statement("dilation-is-zero-inserted-kernel"),
             _eq(sympy.Symbol("w^{(2)}"), _matrix(spread))],
            "Dilation {d} spreads the taps {d} cells apart, with {holes} holes between them, to see further with "
            "the same weights: a dilated (atrous) convolution is an ordinary one with a zero-inserted kernel of "
            "effective size {k_hat}; with {d_one} it is the standard convolution.",
            symbols={"d": _d, "holes": _d - 1, "k_hat": k_hat, "d_one": _eq(_d, 1)},
            illustrations=[_gif("dilation")],
        ),
        Step(
            "All three at once",
            [shapes.general_output_size(), _eq(_o, shapes.guide_form(_i, _k, stride=_s, padding=_p, dilation=_d)),
             _eq(_o, written), _eq(written, simplified)],
            "One formula of the geometry covers padding, stride and dilation together. The table gives it for the "
            "guide's configurations; each size is also the shape symconv's convolution returns.",
            notes=["The second line is the guide's way of writing it; with the numbers of a layer put in, as for "
                   "$k = 3$, $s = 2$, $p = 1$ on the last lines and in the table, it shows where each number goes, "
                   "while SymPy simplifies it (`symconv.shapes.guide_form` gives the one, `symconv.conv_output_size` "
                   "the other)."],
            table=Table(["$i$", "$k$", "$s$", "$p$", "$d$", "the guide's form", "$o$"], rows, align="rrrrrrr"),
        ),
        Step(
            "Dilation grows the receptive field fast",
            [_statement("dilated-receptive-field")],
            "Stacking 3-tap convolutions with dilations 1, 2, 4, ... makes each layer double the span of the "
            "receptive field and add one, {step}: {L} layers span {rf} inputs, every one of which counts, with "
            "only {w} weights.",
            symbols={"L": L, "rf": 2 ** (L + 1) - 1, "w": 3 * L,
                     "step": sympy.Eq(sympy.Symbol("r_{L+1}"), 2 * sympy.Symbol("r_L") + 1, evaluate=False)},
            illustrations=[_diagram("diagrams/dilated-stack", "Dilations 1, 2, 4: the top unit sees all 15 inputs.")],
        ),
    ]

    def check():
        results = {}
        for i, k, s, p, d, form, o in rows:
            shape = conv(np.zeros((1, 1, i)), np.zeros((1, 1, k)), stride=s, padding=p, dilation=d).shape[-1]
            results[f"i={i} k={k} s={s} p={p} d={d}: numeric output has {o} cells"] = shape == o
            results[f"i={i} k={k} s={s} p={p} d={d}: the guide's form gives {o}"] = form.doit() == o
        results["the guide's form of k=3, s=2, p=1 simplifies to the geometry's size"] = all(
            written.doit().subs(_i, i) == simplified.subs(_i, i) for i in range(1, 12)
        )
        for k in (1, 3, 5, 7):
            x = np.arange(9.0).reshape(1, 1, 9)
            results[f"odd kernel {k} with padding {k // 2} keeps the size"] = (
                conv(x, np.ones((1, 1, k)), padding=k // 2).shape == x.shape
            )
        results["w^(2) is w with one zero between taps"] = list(spread) == [w[0], 0, w[1], 0, w[2]]
        results.update(_identity_checks(
            "stride-is-subsampling", "dilation-is-zero-inserted-kernel", "dilated-receptive-field"
        ))
        return results

    return Derivation(
        "Padding, stride and dilation",
        steps,
        introduction=(
            "Padding, stride and dilation change where the kernel's window sits; every output size below comes "
            "from the one geometry symconv uses everywhere (`symconv.Geometry`). Seed notes 002 (6.3) and 003 "
            "(sections 5 and 10)."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()


# ----------------------------------------------------------------------------
# the page for the user's layer: make(input=..., kernel=..., ...)
# ----------------------------------------------------------------------------


def _for_geometry(user) -> Derivation:
    """Padding, stride and dilation of one layer, each worked with its numbers."""
    g, ndim = user.geometry, user.ndim
    S = shapes.relationship_symbols()
    pb, pa = _geometry.PAD_BEFORE, _geometry.PAD_AFTER
    o1, k_hat = sympy.Symbol(r"\bar{o}"), sympy.Symbol(r"\hat{k}")
    padded_lines, stride_lines, dilation_lines, general_lines, rows = [], [], [], [], []
    for axis in range(ndim):
        v = user.axis(axis)
        values = _geometry.guide_values(user, axis)
        padded = _geometry.axis_symbol(r"\tilde{i}", axis, ndim)
        padded_lines.append(_eq(padded, _geometry.worked(S["i"] + pb + pa, values)))
        unit = Geometry(g.kernel_size[axis], 1, (user.pads[axis],), g.dilation[axis]).output_size((v["i"],))[0]
        stride_lines.append(_eq(_geometry.axis_symbol("o", axis, ndim),
                                _geometry.worked(sympy.floor((o1 - 1) / S["s"]) + 1, {o1: unit, S["s"]: v["s"]},
                                                 v["o"])))
        dilation_lines.append(_eq(_geometry.axis_symbol(r"\hat{k}", axis, ndim),
                                  _geometry.worked(S["d"] * (S["k"] - 1) + 1, values)))
        formula = _geometry.general_formula(user)
        general_lines.append(_eq(_geometry.axis_symbol("o", axis, ndim), _geometry.worked(formula.rhs, values)))
        rows.append([str(axis + 1), v["i"], v["k"], v["s"], v["pb"], v["pa"], v["d"], unit, v["o"]])
    k0, d0 = g.kernel_size[0], g.dilation[0]
    w = _sym("w", k0)
    spread = dilated_kernel(w.reshape(1, 1, k0), d0)[0, 0]
    pictures, picture_notes, picture_symbols = _geometry.layer_pictures(user)
    notes = []
    if g.padding == "same":
        notes.append("'same' padding (ONNX SAME_UPPER) pads each axis just enough for {same}, an odd extra cell "
                     "going at the end.")
    steps = [
        Step(
            "Zero padding",
            padded_lines,
            "Padding adds {pb} zeros before and {pa} after the input along each axis, so that the kernel can also "
            "be centred on the border cells and the border is not lost; the padded input has {padded} cells.",
            symbols={"pb": pb, "pa": pa, "padded": sympy.Symbol(r"\tilde{i}"),
                     "same": _eq(S["o"], sympy.ceiling(S["i"] / S["s"])), **picture_symbols},
            notes=[*notes, *picture_notes],
            illustrations=pictures,
        ),
        Step(
            "Stride",
            [_statement("stride-is-subsampling"), *stride_lines],
            "The stride {s} moves the window {s} cells at a time: the strided convolution is the stride-1 "
            "convolution with the same padding, which has {o1} outputs, read every {s} outputs.",
            symbols={"s": S["s"], "o1": o1},
        ),
        Step(
            "Dilation",
            [_statement("dilation-is-zero-inserted-kernel"), *dilation_lines,
             _eq(sympy.Symbol(f"w^{{({d0})}}"), _matrix(spread))],
            "Dilation {d} spreads the kernel's taps {d} cells apart: the layer is an ordinary convolution with the "
            "zero-inserted kernel of effective size {k_hat}, written here along the first axis.",
            symbols={"d": S["d"], "k_hat": k_hat},
        ),
        Step(
            "All three at once",
            [_geometry.general_formula(user), *general_lines],
            "One formula of the geometry covers padding, stride and dilation together; the table gives every "
            "number along each axis, with {o1} the output size at stride 1.",
            symbols={"o1": o1},
            table=Table(["axis", "$i$", "$k$", "$s$", "$p_b$", "$p_a$", "$d$", r"$\bar{o}$", "$o$"], rows),
        ),
    ]

    def checks():
        results = _geometry.Checks()
        rng = np.random.default_rng(0)
        x = rng.normal(size=(1, 1, *user.input))
        weights = rng.normal(size=(1, 1, *g.kernel_size))
        pads = user.pads
        strided = conv(x, weights, stride=g.stride, padding=g.padding, dilation=g.dilation)
        reads = ("input", "kernel", "stride", "padding", "dilation")
        results.add(f"the numeric convolution has shape {user.output}", strided.shape[2:] == user.output, *reads)
        unit = conv(x, weights, padding=pads, dilation=g.dilation)
        every = unit[(..., *(slice(None, None, s) for s in g.stride))]
        results.add("the strided convolution is the stride-1 convolution read every s outputs",
                    every.shape == strided.shape and np.allclose(every, strided), *reads)
        stuffed = dilated_kernel(weights, g.dilation)
        results.add("the dilated convolution is the convolution with the zero-inserted kernel",
                    np.allclose(conv(x, stuffed, stride=g.stride, padding=pads), strided), *reads)
        results.add(f"w^({d0}) has {d0 - 1} zeros between taps",
                    [e for e in spread if e != 0] == list(w) and len(spread) == d0 * (k0 - 1) + 1,
                    "kernel", "dilation")
        if g.padding == "same":
            want = tuple(-(-i // s) for i, s in zip(user.input, g.stride))
            results.add("'same' padding gives ceil(i/s) outputs", user.output == want, "padding")
        results.identities(_identity_checks(
            "stride-is-subsampling", "dilation-is-zero-inserted-kernel", "dilated-receptive-field"
        ))
        return results

    return _geometry.user_derivation(
        "Padding, stride and dilation of your layer",
        steps,
        user,
        checks,
        "What padding, stride and dilation do to the window and to the output size of your layer, each worked "
        "with its numbers.",
    )

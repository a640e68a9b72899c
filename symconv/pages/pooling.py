"""The page ``pooling``: max, average and global pooling, written out, and their output sizes.

References
----------
.. [1] Seed note 002, section 6.5.
"""

from __future__ import annotations

import numpy as np
import sympy

from .. import shapes
from ..numeric import avg_pool, max_pool
from ..symbolic.derivation import Derivation, Step, Table
from ..symbolic.variants import global_pool_expressions, pool_expressions
from . import _geometry
from ._common import _eq, _i, _identity_checks, _k, _matrix, _s, _statement

NAME = "pooling"
TITLE = "Pooling"

__all__ = ["NAME", "TITLE", "PARAMETERS", "REQUIRED", "EXAMPLES", "make", "check"]

#: The parameters of a layer this page is derived for (:func:`symconv.pages.derive`), and those it needs.
PARAMETERS = ("input", "kernel", "stride", "padding", "dilation")
REQUIRED = ("input", "kernel")
#: Layers the page is worked for in the tests and the help.
EXAMPLES = (
    dict(input=5, kernel=2),
    dict(input=(4, 5), kernel=3, stride=2, padding=1),
    dict(input=(32, 32), kernel=2),
)


def make(*, input=None, kernel=None, stride=None, padding=None, dilation=None) -> Derivation:
    """Max, average and global pooling; given a pooling layer, its windows written out and its sizes.

    Parameters
    ----------
    input, kernel, stride, padding, dilation : optional
        A pooling layer (see :func:`symconv.pages.derive`; the stride
        defaults to the kernel); none gives the built-in page.

    Examples
    --------
    >>> make(input=5, kernel=2).geometry.output
    (2,)
    """
    given = _geometry.given(input=input, kernel=kernel, stride=stride, padding=padding, dilation=dilation)
    if given:
        return _for_geometry(_geometry.read(NAME, PARAMETERS, REQUIRED, given, pool=True))
    return _example()


def _example() -> Derivation:
    """Max, average and global pooling, written out, and their output sizes.

    Returns
    -------
    Derivation
        ``check()`` compares the written-out expressions, at random numbers,
        with :func:`symconv.numeric.max_pool` and
        :func:`~symconv.numeric.avg_pool`, and runs the catalogue's checks.

    Examples
    --------
    >>> make()[0].relations[0].rhs.shape
    (2, 2)
    """
    Y = sympy.Symbol("Y")
    maxed = pool_expressions((1, 4, 4), 2)
    averaged = pool_expressions((1, 2, 4), 2, mode="avg")
    pooled_global = global_pool_expressions((1, 2, 2))
    floor_size = shapes.pool_output_size(_i, _k, stride=_s)
    ceil_size = shapes.pool_output_size(_i, _k, stride=_s, ceil_mode=True)
    o_floor, o_ceil = sympy.symbols(r"o_{floor} o_{ceil}")
    steps = [
        Step(
            "Max pooling",
            [_eq(Y, _matrix(np.array(maxed.tolist()[0], dtype=object))), _statement("max-pool-is-max-of-window")],
            "Each output is the largest value of its window; a 2x2 window with stride 2 reads every input "
            "once and halves each side of a 4x4 map. Pooling has nothing to learn. It makes the layer less "
            "sensitive to where exactly a feature appears, and downsamples the representation (seed note 002, "
            "6.5).",
        ),
        Step(
            "Average pooling is a convolution",
            [_eq(Y, _matrix(np.array(averaged.tolist()[0], dtype=object))), _statement("average-pool-is-conv")],
            "Average pooling is the per-channel convolution with the constant kernel that weights every cell of "
            "the window equally, with the pooling's stride.",
            notes=["It is one when the padding cells count in the divisor (`count_include_pad=True`) and the size is "
                   "rounded down: with `count_include_pad=False` a window at the border divides by fewer cells, and "
                   "`ceil_mode` may add a last window that reaches past the padding; neither is a convolution."],
        ),
        Step(
            "Output size",
            [_eq(o_floor, floor_size), _eq(o_ceil, ceil_size)],
            "The window slides like a convolution without padding, so the size is relationship 7 of the guide. "
            "PyTorch's ceil_mode rounds up instead, keeping a last partial window as long as it starts inside the "
            "input or the left padding.",
        ),
        Step(
            "Global pooling",
            [_eq(Y, _matrix(np.array(pooled_global.tolist(), dtype=object))), _statement("global-pool-is-mean")],
            "Global average pooling reduces each channel to its mean: one window covering the whole map.",
        ),
    ]

    def check():
        rng = np.random.default_rng(0)
        x = rng.normal(size=(1, 1, 4, 4))
        values = {sympy.Symbol(f"X_{{0,{i},{j}}}"): x[0, 0, i, j] for i in range(4) for j in range(4)}
        written = np.array([[float(e.subs(values)) for e in row] for row in maxed.tolist()[0]])
        averages = np.array([[float(e.subs(values)) for e in row] for row in averaged.tolist()[0]])
        results = {
            "written-out max pooling equals numeric max_pool": bool(np.allclose(written, max_pool(x, 2)[0, 0])),
            "written-out average pooling equals numeric avg_pool": bool(
                np.allclose(averages, avg_pool(x[:, :, :2], 2)[0, 0])
            ),
            "ceil_mode keeps a last partial window (i=5, k=2)": (
                shapes.pool_output_size(5, 2, ceil_mode=True), shapes.pool_output_size(5, 2)
            ) == (3, 2) and max_pool(np.zeros((1, 1, 5)), 2, ceil_mode=True).shape[-1] == 3,
        }
        results.update(_identity_checks("max-pool-is-max-of-window", "average-pool-is-conv", "global-pool-is-mean"))
        return results

    return Derivation(
        "Pooling",
        steps,
        introduction=(
            "Pooling summarises each window by its maximum or its mean. Every expression below is written out by "
            "symconv from the pooling geometry."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()


# ----------------------------------------------------------------------------
# the page for the user's pooling layer: make(input=..., kernel=..., ...)
# ----------------------------------------------------------------------------

#: Most window reads written out (outputs times window cells).
_MAX_READS = 400


def _window(user, out):
    """The input cells (indices) the output ``out`` reads, padding left out."""
    import itertools

    g = user.geometry
    cells = []
    for tap in itertools.product(*(range(k) for k in g.kernel_size)):
        at = tuple(o * s + t * d - pb for o, t, s, d, (pb, _) in zip(out, tap, g.stride, g.dilation, user.pads))
        if all(0 <= a < n for a, n in zip(at, user.input)):
            cells.append(at)
    return cells


def _for_geometry(user) -> Derivation:
    import itertools
    import math

    from ..geometry import Geometry
    from . import _geometry

    g, ndim = user.geometry, user.ndim
    S = shapes.relationship_symbols()
    ceil = Geometry(g.kernel_size, g.stride, g.padding, g.dilation, ceil_mode=True).output_size(user.input)
    X = {cell: sympy.Symbol("X_{%s}" % ",".join(map(str, cell))) for cell in itertools.product(*map(range, user.input))} \
        if math.prod(user.input) <= _MAX_READS else None
    outs = list(itertools.product(*map(range, user.output)))
    taps = math.prod(g.kernel_size)
    write_all = len(outs) * taps <= _MAX_READS and X is not None
    shown = outs if write_all else outs[:1]

    def symbol(cell):
        return X[cell] if X is not None else sympy.Symbol("X_{%s}" % ",".join(map(str, cell)))

    maxima = {out: sympy.Max(*(symbol(c) for c in _window(user, out))) for out in shown}
    means = {out: sympy.Rational(1, taps) * sympy.Add(*(symbol(c) for c in _window(user, out))) for out in shown}
    Y = sympy.Symbol("Y")
    first = sympy.IndexedBase("Y")[(0,) * ndim]

    def grid(values):
        array = np.empty(user.output, dtype=object)
        for out, value in values.items():
            array[out] = value
        return _matrix(array) if ndim <= 2 else sympy.Matrix(list(array.ravel()))

    o_floor, o_ceil = sympy.symbols(r"o_{floor} o_{ceil}")
    floor_lines, ceil_lines, rows = [], [], []
    pb, pa = _geometry.PAD_BEFORE, _geometry.PAD_AFTER
    floor_formula = Geometry(S["k"], S["s"], ((pb, pa),), S["d"]).output_size((S["i"],))[0]
    ceil_formula = sympy.ceiling((S["i"] + pb + pa - S["d"] * (S["k"] - 1) - 1) / S["s"]) + 1
    for axis in range(ndim):
        v = user.axis(axis)
        values = _geometry.guide_values(user, axis)
        floor_lines.append(_eq(_geometry.axis_symbol(r"o_{floor}", axis, ndim),
                               _geometry.worked(floor_formula, values)))
        ceil_lines.append(_eq(_geometry.axis_symbol(r"o_{ceil}", axis, ndim),
                              _geometry.worked(ceil_formula, values, ceil[axis])))
        rows.append([str(axis + 1), v["i"], v["k"], v["s"], v["pb"], v["pa"], v["d"], v["o"], ceil[axis]])
    steps = [
        Step(
            "Output size",
            [_eq(o_floor, floor_formula), *floor_lines, _eq(o_ceil, ceil_formula), *ceil_lines],
            "The window slides like a convolution's, so the output size is the geometry's formula (relationship "
            "7 of the guide when there is no padding); PyTorch's ceil_mode rounds up instead, keeping a last "
            "partial window as long as it starts inside the input or the left padding.",
            table=Table(["axis", "$i$", "$k$", "$s$", "$p_b$", "$p_a$", "$d$", "$o$", r"$o_{ceil}$"], rows),
            notes=[] if [r[-1] for r in rows] == [r[-2] for r in rows] else
            ["On your layer the two differ: a last partial window counts only with ceil_mode."],
        ),
        Step(
            "Max pooling",
            [_eq(Y, grid(maxima)) if write_all else _eq(first, maxima[outs[0]]), _statement("max-pool-is-max-of-window")],
            "Each output is the largest value of its window (padding never wins: PyTorch pads max pooling with "
            "minus infinity). Pooling has nothing to learn.",
            notes=[] if write_all else ["Your layer has too many windows to write out; here is the first."],
        ),
        Step(
            "Average pooling is a convolution",
            [_eq(Y, grid(means)) if write_all else _eq(first, means[outs[0]]), _statement("average-pool-is-conv")],
            "Average pooling is the per-channel convolution with the constant kernel {w} and the pooling's stride; "
            "zero padding counts in the mean, as PyTorch's count_include_pad does by default.",
            symbols={"w": sympy.Rational(1, taps)},
            notes=[] if write_all else ["Your layer has too many windows to write out; here is the first."],
        ),
    ]

    def checks():
        results = _geometry.Checks()
        reads = ("input", "kernel", "stride", "padding", "dilation")
        rng = np.random.default_rng(0)
        x = rng.normal(size=(1, 1, *user.input))
        pooled = max_pool(x, g.kernel_size, stride=g.stride, padding=g.padding, dilation=g.dilation)
        averaged = avg_pool(x, g.kernel_size, stride=g.stride, padding=g.padding, dilation=g.dilation)
        at = {symbol(cell): x[(0, 0, *cell)] for out in shown for cell in _window(user, out)}
        results.add("the written-out maxima equal numeric max_pool",
                    all(np.isclose(float(maxima[out].subs(at)), pooled[(0, 0, *out)]) for out in shown), *reads)
        results.add("the written-out means equal numeric avg_pool",
                    all(np.isclose(float(means[out].subs(at)), averaged[(0, 0, *out)]) for out in shown), *reads)
        results.add(f"numeric max_pool has shape {user.output}", pooled.shape[2:] == user.output, *reads)
        library = shapes.pool_output_size(user.input, g.kernel_size, stride=g.stride, padding=g.padding,
                                          dilation=g.dilation)
        results.add("pool_output_size gives the same", (library if isinstance(library, tuple) else (library,))
                    == user.output, *reads)
        for axis in range(ndim):
            v = user.axis(axis)
            span = v["d"] * (v["k"] - 1) + 1
            count = len(range(-v["pb"], v["i"] + v["pa"] - span + 1, v["s"]))
            results.add(f"{v['o']} windows fit on axis {axis}, counted one by one", count == v["o"], *reads)
        ceiled = max_pool(x, g.kernel_size, stride=g.stride, padding=g.padding, dilation=g.dilation, ceil_mode=True)
        results.add(f"with ceil_mode numeric max_pool has shape {ceil}", ceiled.shape[2:] == ceil, *reads)
        results.identities(_identity_checks("max-pool-is-max-of-window", "average-pool-is-conv",
                                            "global-pool-is-mean"))
        return results

    return _geometry.user_derivation(
        "Your pooling layer",
        steps,
        user,
        checks,
        "Pooling summarises each window by its maximum or its mean. Every expression below is written out by "
        "symconv for your pooling layer and checked against the numeric pooling.",
    )

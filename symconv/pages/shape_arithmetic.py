"""The page ``shape-arithmetic``: the 15 relationships of the convolution-arithmetic guide.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285.
"""

from __future__ import annotations

import sympy

from .. import shapes
from ..symbolic.derivation import Derivation, Step, Table
from . import _geometry
from ._common import _eq, _gif, _i, _o, _p, _s

NAME = "shape-arithmetic"
TITLE = "Shape arithmetic: the 15 relationships"

__all__ = ["NAME", "TITLE", "PARAMETERS", "REQUIRED", "EXAMPLES", "make", "check"]

#: The parameters of a layer this page is derived for (:func:`symconv.pages.derive`), and those it needs.
PARAMETERS = ("input", "kernel", "stride", "padding", "dilation", "transposed", "output_padding")
REQUIRED = ("input", "kernel")
#: Layers the page is worked for in the tests and the help.
EXAMPLES = (
    dict(input=5, kernel=4, stride=2, padding=1, transposed=True, output_padding=1),
    dict(input=6, kernel=4, stride=2, padding="same"),
    dict(input=(7, 9), kernel=3, padding=1, dilation=2),
    dict(input=5, kernel=3, stride=2, padding=((1, 2),), transposed=True),
)

_S = shapes.relationship_symbols()


def make(*, input=None, kernel=None, stride=None, padding=None, dilation=None, transposed=None,
         output_padding=None) -> Derivation:
    """The 15 relationships of the guide; or, given a layer, its output size worked with those that apply.

    Parameters
    ----------
    input, kernel, stride, padding, dilation, transposed, output_padding : optional
        A layer (see :func:`symconv.pages.derive`); none gives the built-in page.

    Examples
    --------
    >>> d = make(input=5, kernel=4, stride=2, padding=1)
    >>> d.geometry.output, [row[1] for row in d[1].table.rows]
    ((2,), ['6', '15'])
    """
    given = _geometry.given(input=input, kernel=kernel, stride=stride, padding=padding, dilation=dilation,
                            transposed=transposed, output_padding=output_padding)
    if given:
        return _for_geometry(_geometry.read(NAME, PARAMETERS, REQUIRED, given))
    return _example()


def _example() -> Derivation:
    """The 15 relationships of the convolution-arithmetic guide, one step each.

    Each step states the relationship as ``conditions => o = ...`` (the
    associated transposed convolution below it), the guide's wording, and
    how many integer configurations :meth:`symconv.shapes.Relationship.verify`
    compared; a last step tabulates the guide's animated configurations.

    Returns
    -------
    Derivation
        ``check()`` proves every relationship with SymPy, compares it on the
        integer grid, and recomputes the guide's published output sizes.

    Examples
    --------
    >>> d = make()
    >>> len(d), d[0].title
    (16, 'No zero padding, unit strides')
    """
    rels = shapes.relationships()
    verdicts = [rel.verify() for rel in rels]
    steps = []
    for rel, verdict in zip(rels, verdicts):
        statement = rel.equation if not rel.conditions else sympy.Implies(sympy.And(*rel.conditions), rel.equation)
        illustrations = [_gif(rel.figure)] if rel.figure else []
        steps.append(
            Step(
                rel.title,
                [statement, *rel.associated],
                rel.wording,
                symbols={"cases": sympy.Integer(verdict["cases"])},
                notes=["Checked: proved symbolically; in {cases} integer configurations the formula gives the number "
                       "of windows counted by sliding one."],
                illustrations=illustrations,
            )
        )
    rows = []
    for c in shapes.GUIDE_CONFIGURATIONS:
        o = shapes.conv_output_size(c.i, c.k, stride=c.s, padding=c.p, dilation=c.d)
        back = shapes.conv_transpose_output_size(
            o, c.k, stride=c.s, padding=c.p, dilation=c.d, output_padding=c.output_padding
        )
        rows.append([c.name, c.i, c.k, c.s, c.p, c.d, o, c.relationship, c.output_padding, back,
                     c.transposed_relationship or "-"])
    i_t, a = sympy.Symbol("i'", integer=True, positive=True), sympy.Symbol("a", integer=True, nonnegative=True)
    keff = sympy.Symbol(r"\hat{k}")
    steps.append(
        Step(
            "The guide's animations",
            [],
            "Output sizes symconv computes for the configurations the guide animates (they equal the guide's), "
            "and the transposed convolution that takes {back} back to {i} with {a}.",
            symbols={"back": _eq(i_t, _o), "i": _i, "a": _eq(a, sympy.Mod(_i + 2 * _p - keff, _s))},
            table=Table(
                ["animation", "$i$", "$k$", "$s$", "$p$", "$d$", "$o$", "relationship", "$a$", "$o'$",
                 "transposed relationship"],
                rows,
                align="lrrrrrrrrrr",
            ),
        )
    )

    def check():
        results = {}
        for rel, verdict in zip(rels, verdicts):
            results[f"relationship {rel.number}: proved symbolically"] = verdict["symbolic"]
            results[f"relationship {rel.number}: {verdict['cases']} integer configurations, windows counted"] = \
                verdict["numeric"]
        for c, row in zip(shapes.GUIDE_CONFIGURATIONS, rows):
            results[f"{c.name}: o = {c.o} as the guide shows"] = row[6] == c.o
            results[f"{c.name}: the transposed convolution gives back i = {c.i}"] = row[9] == c.i
        return results

    return Derivation(
        "Shape arithmetic: the 15 relationships of the convolution-arithmetic guide",
        steps,
        introduction=(
            "Dumoulin and Visin's *A guide to convolution arithmetic for deep learning* (arXiv:1603.07285) "
            "derives the output size of convolution, pooling and transposed convolution case by case. Here are "
            "its 15 relationships as SymPy equations with their conditions, each checked against symconv's one "
            "geometry. Along one axis, $i$ is the input size, $k$ the kernel size, $s$ the stride, $p$ the zero "
            "padding on each side, $d$ the dilation and $o$ the output size; primed letters belong to a "
            "transposed convolution, whose input $i'$ is the output of the direct convolution it is associated "
            "with. The geometry (`symconv.Geometry`) computes every output size from one formula, {general}, "
            "and for a transposed convolution with $a$ (`output_padding`) extra cells at the end, {general_t}. "
            "Each relationship is proved equal to it under its conditions with SymPy and compared with "
            "`conv_output_size`, `pool_output_size` or `conv_transpose_output_size` on every integer "
            "configuration with $i, k \\le 8$, $s \\le 4$, $p \\le 3$ (and $d \\le 3$ for dilation) that meets "
            "its conditions; a transposed relationship must moreover give back the direct convolution's input "
            "size $i$."
        ),
        symbols={
            "general": shapes.general_output_size(),
            "general_t": shapes.general_output_size(transposed=True),
        },
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()


# ----------------------------------------------------------------------------
# the page for the user's layer: make(input=..., kernel=..., ...)
# ----------------------------------------------------------------------------


def _applicable(user, axis):
    """``(relationship, its output size)`` for each relationship of the guide that holds on ``axis``."""
    values = _geometry.guide_values(user, axis)
    kinds = ("transposed",) if user.transposed else ("convolution",)
    found = []
    for rel in shapes.relationships():
        if rel.kind not in kinds or (not rel.dilated and values[_S["d"]] != 1):
            continue
        if not rel.equation.free_symbols <= set(values) | {rel.equation.lhs}:
            continue  # the guide's p, but the two sides are padded differently
        if all(_geometry.holds(c, values) for c in rel.conditions):
            found.append((rel, int(rel.equation.rhs.subs(values))))
    return found


def _windows(user, axis):
    """The windows along ``axis``, counted one by one: ``(first, last)`` input cell of each (padding negative)."""
    v = user.axis(axis)
    span = v["d"] * (v["k"] - 1) + 1
    starts = range(-v["pb"], v["i"] + v["pa"] - span + 1, v["s"])
    return [(start, start + span - 1) for start in starts]


def _for_geometry(user) -> Derivation:
    """The page for one layer: its output size by the general formula, the relationships that apply, the windows."""
    ndim, transposed = user.ndim, user.transposed
    out_name = "o'" if transposed else "o"
    general_lines, size_rows, rel_rows = [], [], []
    padded_apart = []
    for axis in range(ndim):
        values = _geometry.guide_values(user, axis)
        formula = _geometry.general_formula(user)
        v = user.axis(axis)
        general_lines.append(_eq(_geometry.axis_symbol(out_name, axis, ndim), _geometry.worked(formula.rhs, values)))
        if "p" not in v:
            padded_apart.append(axis)
        row = [str(axis + 1), v["i"], v["k"], v["s"], v["pb"], v["pa"], v["d"]]
        size_rows.append(row + ([v["a"], v["o"]] if transposed else [v["o"]]))
        for rel, size in _applicable(user, axis):
            rel_rows.append([str(axis + 1), str(rel.number), rel.title, rel.equation.rhs,
                             _geometry.worked(rel.equation.rhs, values, size)])
    letters = ["axis", "$i'$" if transposed else "$i$", "$k$", "$s$", "$p_b$", "$p_a$", "$d$"]
    header = letters + (["$a$", "$o'$"] if transposed else ["$o$"])
    pictures, picture_notes, picture_symbols = _geometry.layer_pictures(user)
    first = _geometry.general_formula(user)
    notes = []
    if padded_apart:
        notes.append("Your padding differs between the two sides of an axis, so the formula adds {pb} and {pa} "
                     "where the guide writes {two_p}; the guide's relationships, written for equal sides, do not "
                     "apply on that axis.")
    if user.geometry.padding == "same":
        notes.append("'same' padding (ONNX SAME_UPPER) pads each axis so that {same}, an odd extra cell going at "
                     "the end.")
    steps = [
        Step(
            "The output size of your layer",
            [first, *general_lines],
            "The geometry's one formula, with your numbers in the places of the guide's letters: {i} is the input "
            "size, {k} the kernel size, {s} the stride, {p} the zero padding on each side, {d} the dilation and {o} "
            "the output size, along each axis."
            if not transposed else
            "The geometry's one formula for a transposed convolution, with your numbers in the places of the "
            "guide's letters: {i_t} is its input size, {k} the kernel size, {s} the stride, {p} the padding, {d} "
            "the dilation, {a} the output padding and {o_t} its output size, along each axis.",
            symbols={"i": _S["i"], "k": _S["k"], "s": _S["s"], "p": _S["p"], "d": _S["d"], "o": _S["o"],
                     "i_t": _S["i'"], "o_t": _S["o'"], "a": _S["a"], "pb": _geometry.PAD_BEFORE,
                     "pa": _geometry.PAD_AFTER, "two_p": 2 * _S["p"],
                     "same": _eq(_S["o"], sympy.ceiling(_S["i"] / _S["s"])), **picture_symbols},
            notes=[*notes, *picture_notes],
            table=Table(header, size_rows),
            illustrations=pictures,
        ),
    ]
    rel_table = Table(["axis", "relationship", "title", "the guide's formula", "with your numbers"], rel_rows,
                      align="rrlll", prose_columns=(2,))
    if transposed:
        steps.append(Step(
            "The guide's relationships for transposed convolution",
            [],
            "A transposed convolution is associated with the direct convolution that maps an input of {i_eq} to "
            "{i_t}, with the same kernel, stride and padding; the guide's relationships 8 to 14 give {o_t} under "
            "their conditions, read at your numbers. They assume no dilation and the same padding on both sides.",
            symbols={"i_eq": _eq(_S["i"], _S["o'"]), "i_t": _S["i'"], "o_t": _S["o'"]},
            table=rel_table if rel_rows else None,
            notes=[] if rel_rows else ["None of them applies to your layer; the general formula above does."],
        ))
    else:
        steps.append(Step(
            "The guide's relationships that apply",
            [],
            "Each relationship of the guide holds under its conditions; these are the ones whose conditions your "
            "numbers meet, each giving the same output size. Relationships 1 to 6 assume no dilation, and all of "
            "them the same padding on both sides.",
            table=rel_table if rel_rows else None,
            notes=[] if rel_rows else ["None of them applies to your layer; the general formula above does."],
        ))
        windows = _windows(user, 0)
        span = user.geometry.dilation[0] * (user.geometry.kernel_size[0] - 1) + 1
        steps.append(Step(
            "Counting the windows",
            [],
            "The output size is the number of places the window fits: along the first axis a window spans {span} "
            "cells (the effective kernel), starts {s} cells after the previous one, and must end inside the padded "
            "input, which runs from cell {first} to cell {last}. Counted one by one, there are {count}.",
            symbols={"span": sympy.Integer(span), "s": sympy.Integer(user.geometry.stride[0]),
                     "first": sympy.Integer(-user.pads[0][0]),
                     "last": sympy.Integer(user.input[0] - 1 + user.pads[0][1]),
                     "count": sympy.Integer(len(windows))},
            table=Table(["output", "first cell", "last cell"],
                        [[r, a, b] for r, (a, b) in enumerate(windows)]) if len(windows) <= 16 else None,
        ))

    def checks():
        import numpy as np

        from ..numeric import conv, conv_transpose

        results = _geometry.Checks()
        g = user.geometry
        geometry_reads = ("input", "kernel", "stride", "padding", "dilation", "output_padding")
        library = (shapes.conv_transpose_output_size(user.input, g.kernel_size, stride=g.stride, padding=g.padding,
                                                     dilation=g.dilation, output_padding=g.output_padding)
                   if transposed else
                   shapes.conv_output_size(user.input, g.kernel_size, stride=g.stride, padding=g.padding,
                                           dilation=g.dilation))
        library = library if isinstance(library, tuple) else (library,)
        x = np.zeros((1, 1, *user.input))
        w = np.zeros((1, 1, *g.kernel_size))
        options = dict(stride=g.stride, padding=g.padding, dilation=g.dilation)
        numeric = (conv_transpose(x, w, output_padding=g.output_padding, **options) if transposed
                   else conv(x, w, **options)).shape[2:]
        for axis in range(ndim):
            values = _geometry.guide_values(user, axis)
            formula = _geometry.general_formula(user)
            o = int(formula.rhs.subs(values))
            results.add(f"the general formula gives {o} on axis {axis}", o == user.output[axis], *geometry_reads)
            results.add(f"{'conv_transpose' if transposed else 'conv'}_output_size gives {o} on axis {axis}",
                        library[axis] == o, *geometry_reads)
            results.add(f"the numeric convolution has {o} outputs on axis {axis}", numeric[axis] == o,
                        *geometry_reads)
            for rel, size in _applicable(user, axis):
                results.add(f"relationship {rel.number} gives {o} on axis {axis}", size == o, *geometry_reads)
                results.add(f"relationship {rel.number}: proved symbolically", rel.check_symbolic())
            if transposed:
                a, s = g.output_padding[axis], g.stride[axis]
                if a < s:
                    back = shapes.conv_output_size(o, g.kernel_size[axis], stride=s, padding=(user.pads[axis],),
                                                   dilation=g.dilation[axis])
                    results.add(f"the direct convolution of {o} cells gives back {user.input[axis]} on axis {axis}",
                                back == user.input[axis], *geometry_reads)
            else:
                results.add(f"{o} windows fit on axis {axis}, counted one by one", len(_windows(user, axis)) == o,
                            *geometry_reads)
        return results

    title = "Shape arithmetic of your transposed convolution" if transposed else "Shape arithmetic of your layer"
    return _geometry.user_derivation(
        title,
        steps,
        user,
        checks,
        "The convolution-arithmetic guide's output sizes, worked for your numbers in its notation.",
    )

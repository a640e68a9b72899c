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
from ._common import _eq, _gif, _i, _o, _p, _s

NAME = "shape-arithmetic"
TITLE = "Shape arithmetic: the 15 relationships"

__all__ = ["NAME", "TITLE", "make", "check"]


def make() -> Derivation:
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
                notes=["Checked: proved symbolically; {cases} integer configurations agree."],
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
            results[f"relationship {rel.number}: {verdict['cases']} integer configurations agree"] = verdict["numeric"]
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

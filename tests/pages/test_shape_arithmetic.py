"""The page shape-arithmetic: each of the guide's 15 relationships, printed by SymPy, and its table."""

from __future__ import annotations

import re

import sympy

from symconv import pages


def test_shape_arithmetic_page_renders_each_relationship_from_sympy(render):
    from symconv.shapes import GUIDE_CONFIGURATIONS, relationships

    d = pages.checked_page("shape-arithmetic")
    text = render("shape-arithmetic")
    for number, rel in enumerate(relationships(), start=1):
        assert f"## {number}. {rel.title}\n" in text
        step = d[number - 1]
        assert rel.equation in step.relations[0].atoms(sympy.Eq) or step.relations[0] == rel.equation
        for eq in rel.associated:
            assert sympy.latex(eq.lhs) + " &= " + sympy.latex(eq.rhs) in text
    # the table: the guide's published output size o and the transposed convolution giving back i
    rows = re.findall(r"^\| (\w+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| \d+ \| \d+ \| (\d+) \|", text, re.M)
    assert [(name, *map(int, rest)) for name, *rest in rows] == [
        (c.name, c.i, c.k, c.s, c.p, c.d, c.o, c.i) for c in GUIDE_CONFIGURATIONS
    ]
    assert "](../figures/arithmetic/padding_strides_odd_transposed.gif)" in text

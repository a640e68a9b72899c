"""The page layouts: the axes of input, weight and output in 1-D, 2-D and 3-D (seed 003, section 13)."""

from __future__ import annotations

import sympy
from _tools import compile_latex

from symconv import pages
from symconv.pages.layouts import make as layouts_derivation


def test_layouts_page_answers_seed_003_section_13(render):
    # PyTorch's Conv1d/2d/3d: input (N, C_in, *spatial), weight (C_out, C_in/groups, *kernel); 3, 4 and 5 axes
    d = pages.checked_page("layouts")
    for ndim, step in zip((1, 2, 3), d):
        x, w, y, *sizes = (relation.rhs for relation in step.relations)
        assert (len(x), len(w), len(y), len(sizes)) == (ndim + 2, ndim + 2, ndim + 2, ndim)
        assert [relation.lhs for relation in step.relations[3:]] == list(y[2:])
        # stride 2, padding 1, dilation 1 on inputs of 9 with kernels of 3, worked by hand: (9 + 2 - 3) // 2 + 1 = 5
        values = {v: 9 for v in x[2:]} | {v: 3 for v in w[2:]}
        values |= {sympy.Symbol(n, positive=True, integer=True): v for n, v in (("s", 2), ("p", 1), ("d", 1))}
        assert [int(size.subs(values)) for size in sizes] == [5] * ndim
    english, chinese = render("layouts"), render("layouts", "zh")
    assert "Input and output have $5$ axes (batch, channels and $3$ spatial)" in english
    assert "输入和输出都是 $5$ 维张量（批量、通道和 $3$ 个空间维度）" in chinese
    assert "输入和输出都是 $3$ 维张量（批量、通道和 $1$ 个空间维度）" in chinese


def test_layouts_answer_the_notes_question():
    d = layouts_derivation()
    assert all(d.check().values())
    text = d.to_markdown()
    assert r"\operatorname{shape}{\left(\mathbf{X} \right)} &= \left( N, \  C_{in}, \  D, \  H, \  W\right)" in text
    assert r"\operatorname{shape}{\left(\mathbf{W} \right)} &= \left( C_{out}, \  \frac{C_{in}}{g}, \  k_{l}\right)" in text
    assert compile_latex(d.to_latex(standalone=True)).startswith(b"%PDF")

"""Derivations rendered by SymPy: LaTeX, Markdown, Jupyter, tables, pictures, prose, and bad steps."""

from __future__ import annotations

import re

import pytest
import sympy
from _tools import compile_latex

from symconv import SymconvError
from symconv.symbolic import Derivation, Step, fc_to_conv
from symconv.symbolic.derivation import Illustration, Table, prose


def test_latex_lines_are_sympys_printing_of_the_relations():
    d = fc_to_conv(1)  # one axis: single sums, so plain sympy.latex prints them the same
    text = d.to_latex()
    for step in d:
        for relation in step.relations:
            if isinstance(relation, sympy.Equality):
                line = f"{sympy.latex(relation.lhs)} &= {sympy.latex(relation.rhs)}"
            else:
                line = f"& {sympy.latex(relation)}"
            assert line in text
        assert f"Free weights: ${sympy.latex(step.parameters)}$." in text
    assert text.count(r"\begin{align*}") == 5 == text.count(r"\end{align*}")
    assert r"\paragraph{4. Principle 2: locality.}" in text


def test_markdown_uses_github_math_blocks():
    d = fc_to_conv(2)
    md = d.to_markdown()
    assert md.startswith("# From a fully connected layer to a convolution (2-D)\n")
    assert md.count("\n$$\n\\begin{aligned}\n") == 5
    assert md.count("\\end{aligned}\n$$\n") == 5
    assert "## 3. Principle 1: translation invariance" in md
    for step in d:
        for line in step.latex_lines():
            assert line in md
    # inline math in the prose comes from the printer too
    assert "$\\Delta$" in md and "$3.6 \\cdot 10^{9}$" in md


def test_repr_latex_for_jupyter():
    d = fc_to_conv(2)
    text = d._repr_latex_()
    assert text.startswith("$$\\begin{aligned}") and text.endswith("\\end{aligned}$$")
    assert "\\text{2. Re-indexing by offsets}" in text
    assert all(line in text for step in d for line in step.latex_lines())


@pytest.mark.parametrize("ndim", [1, 2, 3])
def test_standalone_document_compiles_with_pdflatex(ndim):
    source = fc_to_conv(ndim).to_latex(standalone=True)
    assert source.startswith("\\documentclass") and source.rstrip().endswith("\\end{document}")
    assert compile_latex(source).startswith(b"%PDF")


def test_standalone_structure_without_tex():
    source = fc_to_conv(2).to_latex(standalone=True)
    body = fc_to_conv(2).to_latex()
    assert body in source and "\\usepackage{amsmath,amssymb}" in source
    begins = re.findall(r"\\begin\{(\w+\*?)\}", source)
    ends = re.findall(r"\\end\{(\w+\*?)\}", source)
    assert sorted(begins) == sorted(ends)


def test_prose_is_escaped_for_latex():
    x = sympy.Symbol("x")
    step = Step("Odd_title", [sympy.Eq(sympy.Symbol("y"), x)], "50% of {x} & more_text #1", symbols={"x": x})
    text = Derivation("T", [step]).to_latex()
    assert r"50\% of $x$ \& more\_text \#1" in text
    assert r"\paragraph{1. Odd\_title.}" in text
    assert step.explanation_as("markdown") == "50% of $x$ & more_text #1"


def test_bad_steps_and_derivations():
    x = sympy.Symbol("x")
    with pytest.raises(TypeError, match="relations: expected SymPy objects, got str"):
        Step("s", ["x = 1"], "text")
    with pytest.raises(SymconvError, match=r"explanation: placeholders \['y'\] have no entry"):
        Step("s", [sympy.Eq(x, 1)], "about {y}")
    with pytest.raises(TypeError, match="title: expected a str"):
        Step(3, [], "text")
    with pytest.raises(TypeError, match="steps: expected Step objects"):
        Derivation("d", ["step"])
    with pytest.raises(TypeError, match="carries no executable check"):
        Derivation("d", [Step("s", [sympy.Eq(x, 1)], "t")]).check()
    with pytest.raises(TypeError, match="standalone: expected a bool"):
        fc_to_conv(1).to_latex(standalone="yes")
    with pytest.raises(SymconvError, match="target: expected"):
        Step("s", [], "t").explanation_as("html")


def test_table_markdown_and_latex():
    n = sympy.Symbol("n")
    table = Table(["layer", "size", "formula"], [["conv_1", 1234, n**2], ["a|b", 5, n]])
    assert table.align == "lrr"
    assert table.to_markdown() == (
        "| layer | size | formula |\n|---|--:|--:|\n| conv_1 | 1,234 | $n^{2}$ |\n| a\\|b | 5 | $n$ |"
    )
    latex = table.to_latex()
    assert "\\begin{tabular}{lrr}" in latex and "conv\\_1 & 1,234 & $n^{2}$ \\\\" in latex
    zh = Table(["layer", "note"], [["C1", "trainable subsampling: 2 per map"]], prose_columns=(1,), align="lp")
    assert zh.to_markdown(lang="zh").splitlines()[-1] == "| C1 | 可训练的下采样：每个特征图 2 个参数 |"
    assert "p{0.25\\linewidth}" in zh.to_latex()


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(header=["a", "b"], rows=[[1]]), SymconvError, r"rows: expected 2 cells per row, got 1"),
        (dict(header=["a"], rows=[[1.5]]), TypeError, r"rows: expected str, int or SymPy cells, got float 1.5"),
        (dict(header=["a"], rows=[[True]]), TypeError, r"got bool True"),
        (dict(header=[], rows=[]), TypeError, r"header: expected a non-empty sequence of str"),
        (dict(header=["a"], rows=[[1]], align="x"), SymconvError, r"align: expected one of l, r, c, p per column \(1\), got 'x'"),
    ],
)
def test_bad_tables(kwargs, error, match):
    with pytest.raises(error, match=match):
        Table(**kwargs)


def test_illustrations():
    mermaid = Illustration("Parameter sharing", mermaid=lambda lang: "graph LR\n    a --> b")
    assert mermaid.to_markdown() == "```mermaid\ngraph LR\n    a --> b\n```\n\n*Parameter sharing*"
    assert mermaid.to_markdown(lang="zh").endswith("*参数共享*")
    picture = Illustration("Receptive fields", image="figures/x.svg", latex_image="figures/x_y.png", width=0.5)
    assert picture.to_markdown() == "![Receptive fields](../figures/x.svg)"
    assert "\\IfFileExists{../figures/x_y.png}{\\includegraphics[width=0.5\\linewidth]{../figures/x_y.png}" in picture.to_latex()
    gif = Illustration("Pooling", image="figures/a_b.gif")
    assert "\\texttt{figures/a\\_b.gif}" in gif.to_latex()
    with pytest.raises(SymconvError, match="mermaid, image: expected a Mermaid source or an image file, got neither"):
        Illustration("x")
    with pytest.raises(SymconvError, match=r"image: expected a path relative to the repository root, got '/etc/x.png'"):
        Illustration("x", image="/etc/x.png")
    with pytest.raises(SymconvError, match=r"caption: placeholders \['n'\] have no entry in symbols"):
        Illustration("about {n}", image="figures/x.svg")
    with pytest.raises(TypeError, match="caption: expected a str, got int"):
        Illustration(3, image="figures/x.svg")


def test_steps_with_notes_inline_math_and_literals():
    n = sympy.Symbol("n")
    explanation = "A *window* of $k$ cells, `code_name`, {name}, {n} and \"quoted\" with 50% & x^2 < y."
    notes = ["Checked: proved symbolically; {cases} integer configurations agree."]
    with pytest.raises(SymconvError, match=r"explanation: placeholders \['cases'\] have no entry"):
        Step("Pooling", [], explanation, symbols={"n": n, "name": "no_padding"}, notes=notes)
    step = Step("Pooling", [sympy.Eq(sympy.Symbol("o"), n)], explanation,
                symbols={"n": n, "name": "no_padding", "cases": sympy.Integer(3)}, notes=notes)
    markdown = step.explanation_as("markdown")
    assert markdown == ("A *window* of $k$ cells, `code_name`, `no_padding`, $n$ and \"quoted\" with 50% & x^2 < y. "
                        "Checked: proved symbolically; $3$ integer configurations agree.")
    latex = step.explanation_as("latex")
    assert ("A \\emph{window} of $k$ cells, \\texttt{code\\_\\allowbreak{}name}, \\texttt{no\\_\\allowbreak{}padding}, "
            "$n$ and ``quoted'' with 50\\% \\& x\\textasciicircum{}2 \\textless{} y.") in latex
    assert step.explanation_as("text").startswith("A *window* of $k$ cells, `code_name`, no_padding, n and")


def test_placeholders_inside_math_are_not_placeholders():
    k = sympy.Symbol("k")
    step = Step("s", [sympy.Eq(k, 1)], r"size $\hat{k} = k + (k - 1)(d - 1)$ for {k}", symbols={"k": k})
    assert step.explanation_as("markdown") == r"size $\hat{k} = k + (k - 1)(d - 1)$ for $k$"


def test_relations_that_evaluated_to_a_truth_value_are_refused():
    with pytest.raises(SymconvError, match=r"relations: expected relations to show, got False in step 'Bad'"):
        Step("Bad", [sympy.Eq(sympy.Symbol("C"), sympy.Matrix([[1]]))], "t")


def test_introduction_placeholders():
    x = sympy.Symbol("x")
    d = Derivation("T", [], introduction="About {x}.", symbols={"x": x})
    assert d.to_markdown() == "# T\n\nAbout $x$.\n"
    with pytest.raises(SymconvError, match=r"introduction: placeholders \['y'\] have no entry in symbols"):
        Derivation("T", [], introduction="About {y}.")


def test_prose_fills_placeholders_for_each_target():
    n = sympy.Symbol("n")
    assert prose("About {n}.", "markdown", {"n": n**2}) == "About $n^{2}$."
    assert prose("About {n}.", "text", {"n": n**2}) == "About n**2."
    assert prose("File {f}, 50% & $x_1$", "markdown", {"f": "a_b.gif"}) == "File `a_b.gif`, 50% & $x_1$"
    assert prose("File {f}, 50% & $x_1$", "latex", {"f": "a_b.gif"}) == (
        r"File \texttt{a\_\allowbreak{}b.gif}, 50\% \& $x_1$"
    )
    assert prose("Pooling", "latex", {}, "zh") == "池化"


def test_prose_refuses_what_it_cannot_write():
    with pytest.raises(SymconvError, match=r"""^target: expected "latex", "markdown" or "text", got 'html'$"""):
        prose("Pooling", "html", {})
    with pytest.raises(SymconvError, match=r"^symbols: the prose 'About \{m\}\.' names \{m\}, which has no entry in symbols$"):
        prose("About {m}.", "markdown", {"n": 1})
    with pytest.raises(SymconvError, match=r"^lang: no Chinese translation of 'A sentence nobody translated\.'"):
        prose("A sentence nobody translated.", "markdown", {}, "zh")

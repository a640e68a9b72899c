"""Derivations rendered by SymPy: LaTeX, Markdown, Jupyter, tables, pictures, prose, and bad steps."""

from __future__ import annotations

import re

import pytest
import sympy
from _tools import compile_latex

from symconv import SymconvError
from symconv.symbolic import Derivation, Step, fc_to_conv
from symconv.symbolic.derivation import Illustration, Table, as_text, latex, latex_preamble, prose, textbook_order


def test_latex_lines_are_the_printers_relations():
    d = fc_to_conv(1)  # one axis: single sums, printed as sympy.latex prints them but for the order of terms
    text = d.to_latex()
    for step in d:
        for relation in step.relations:
            if isinstance(relation, sympy.Equality):
                line = f"{latex(relation.lhs)} &= {latex(relation.rhs)}"
            else:
                line = f"& {latex(relation)}"
            assert line in text
            # the same symbols as SymPy's own printing: only the order of terms (and so their signs) differs
            def letters(tex):
                return sorted(re.sub(r"[\s+&-]", "", tex))

            assert letters(line) == letters(sympy.latex(relation))
        assert f"Free weights: ${latex(step.parameters)}$." in text
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
    mermaid = Illustration("Parameter sharing", mermaid=lambda lang: "graph LR\n    a --> b",
                           latex_image="figures/seed/parameter-sharing.pdf")
    assert mermaid.to_markdown() == "```mermaid\ngraph LR\n    a --> b\n```\n\n*Parameter sharing*"
    assert mermaid.to_markdown(lang="zh").endswith("*参数共享*")
    assert mermaid.latex_path("zh") == "figures/seed/parameter-sharing.zh.pdf"
    assert "\\symconvgraphic[width=0.8\\linewidth]{figures/seed/parameter-sharing.zh.pdf}" in mermaid.to_latex(lang="zh")
    assert "\\caption{参数共享}" in mermaid.to_latex(lang="zh")
    picture = Illustration("Receptive fields", image="figures/x.svg", latex_image="figures/x_y.pdf", width=0.5)
    assert picture.to_markdown() == "![Receptive fields](../figures/x.svg)\n\n*Receptive fields*"
    assert picture.to_latex().splitlines() == [
        "\\begin{figure}[htbp]",
        "\\centering",
        "\\symconvgraphic[width=0.5\\linewidth]{figures/x_y.pdf}",
        "\\caption{Receptive fields}",
        "\\end{figure}",
    ]
    strip = Illustration("The GIF {name}.", image="figures/a_b.gif", latex_image="figures/a_b.pdf",
                         symbols={"name": "a_b"}, print_caption="Key frames of {name}.")
    assert strip.to_markdown() == "![The GIF a_b.](../figures/a_b.gif)\n\n*The GIF `a_b`.*"
    sized = Illustration("A 3x3 kernel [padded].", image="figures/k.svg")  # math shows in the caption, not the alt text
    assert sized.to_markdown() == "![A 3x3 kernel (padded).](../figures/k.svg)\n\n*A $3 \\times 3$ kernel [padded].*"
    assert "\\caption{Key frames of \\texttt{a\\_\\allowbreak{}b}.}" in strip.to_latex()
    assert "gif" not in strip.to_latex()


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(), SymconvError, "mermaid, image: expected a Mermaid source or an image file, got neither"),
        (dict(image="/etc/x.png"), SymconvError, r"image: expected a path relative to the repository root, got '/etc/x.png'"),
        (dict(image="x.svg", latex_image="../x.pdf"), SymconvError, r"latex_image: expected a path relative to the repository root"),
        (dict(image="x.svg", latex_image="figures/my x.pdf"), SymconvError, r"latex_image: expected a path relative"),
        (dict(image="x.svg", latex_image="figures/x%.pdf"), SymconvError, r"latex_image: expected a path relative"),
        (dict(image="x.svg", width=0), SymconvError, r"width: expected a fraction of the line width in \(0, 1\], got 0"),
        (dict(image="x.svg", width=1.5), SymconvError, r"width: expected a fraction of the line width in \(0, 1\], got 1.5"),
        (dict(image="x.svg", width="1"), TypeError, r"width: expected a fraction of the line width, got str"),
        (dict(image="x.svg", width=True), TypeError, r"width: expected a fraction of the line width, got bool"),
        (dict(image="x.svg", print_caption=3), TypeError, r"print_caption: expected a str, got int"),
        (dict(image="x.svg", print_caption="about {m}"), SymconvError, r"caption: placeholders \['m'\] have no entry"),
    ],
)
def test_bad_illustrations(kwargs, error, match):
    with pytest.raises(error, match=match):
        Illustration("x", **kwargs)


def test_illustration_refusals():
    with pytest.raises(SymconvError, match=r"caption: placeholders \['n'\] have no entry in symbols"):
        Illustration("about {n}", image="figures/x.svg")
    with pytest.raises(TypeError, match="caption: expected a str, got int"):
        Illustration(3, image="figures/x.svg")
    online_only = Illustration("Pooling", image="figures/a_b.gif")
    assert online_only.to_markdown() == "![Pooling](../figures/a_b.gif)\n\n*Pooling*"
    with pytest.raises(SymconvError, match=r"latex_image: the picture 'Pooling' has no printed figure") as caught:
        online_only.to_latex()
    assert caught.value.parameter == "latex_image"


def test_figure_paths_in_each_language():
    pictures = [Illustration("a", image="figures/a.gif", latex_image="figures/a.pdf"),
                Illustration("b", mermaid="graph LR\n    x --> y", latex_image="figures/b.pdf"),
                Illustration("again", image="figures/a.gif", latex_image="figures/a.pdf")]
    d = Derivation("T", [Step("S", [], "Text.", illustrations=pictures[:2]), Step("U", [], "More.", illustrations=pictures[2:])])
    assert d.figure_paths() == ("figures/a.pdf", "figures/b.pdf")
    assert d.figure_paths("zh") == ("figures/a.zh.pdf", "figures/b.zh.pdf")
    assert Derivation("T", [Step("S", [], "Text.")]).figure_paths() == ()


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


# ----------------------------------------------------------------------------
# the printer: textbook order
# ----------------------------------------------------------------------------


def test_textbook_order_of_the_guides_and_textbooks_forms():
    n_h, k_h, k, i, l, j, S, x, P, n, p = sympy.symbols("n_h k_h k i l j S x P n p")
    assert sympy.latex(n_h - k_h + 1) == "- k_{h} + n_{h} + 1"  # what SymPy writes
    assert latex(n_h - k_h + 1) == "n_{h} - k_{h} + 1"
    assert latex(sympy.Tuple(k - i, l - j)) == r"\left( k - i, \  l - j\right)"
    assert latex(sympy.Eq(sympy.Symbol("u"), S * x - P)) == "u = S x - P"
    assert latex(sympy.Le(i, n - k + p)) == r"i \leq n - k + p"
    assert as_text(n_h - k_h + 1) == "n_h - k_h + 1" and as_text(S * x - P) == "S*x - P"
    # what already reads well stays as SymPy writes it
    for expr in (1 - k, -k - 1, i + 2 * p - 1, k**2 - 2 * k + 1, -k):
        assert latex(expr) == sympy.latex(expr), expr


def test_sums_go_last_so_their_reach_is_plain():
    l, L, x = sympy.symbols("l L x")
    total = sympy.Sum(2 * 2**l, (l, 0, L - 1))
    assert sympy.latex(total + 1) == r"\sum_{l=0}^{L - 1} 2 \cdot 2^{l} + 1"  # reads as a sum of 2*2^l + 1
    assert latex(total + 1) == r"1 + \sum_{l=0}^{L - 1} 2 \cdot 2^{l}"
    assert latex(x - total) == r"x - \sum_{l=0}^{L - 1} 2 \cdot 2^{l}"
    k = sympy.Symbol("k")
    assert latex((k - 1) * total + 1) == r"1 + \left(k - 1\right) \sum_{l=0}^{L - 1} 2 \cdot 2^{l}"
    for bounded in (total / (2 * x) + 1, total / 2 + 1):  # a fraction ends the sum: SymPy's order stands
        assert latex(bounded) == sympy.latex(bounded)
    assert latex(sympy.Eq(total + 1, 2 ** (L + 1) - 1)) == r"1 + \sum_{l=0}^{L - 1} 2 \cdot 2^{l} = 2^{L + 1} - 1"


def test_a_sum_built_unevaluated_prints_as_written():
    i, k, p, s = sympy.symbols("i k p s")
    written = sympy.Add(i, sympy.Mul(2, p, evaluate=False), -k, evaluate=False)
    assert latex(written) == "i + 2 p - k" and as_text(written) == "i + 2*p - k"
    assert latex(i + 2 * p - k) == "i - k + 2 p"  # evaluated, SymPy's order led by its first positive term
    negative_product = sympy.Add(i, sympy.Mul(-2, 1, evaluate=False), evaluate=False)
    assert latex(negative_product) == r"i - 2 \cdot 1"  # negating 2*1 would have evaluated it to 2
    # an order asked for by name is obeyed
    assert latex(-k + i, order="none") == sympy.latex(-k + i, order="none")


@pytest.mark.parametrize("seed", range(30))
def test_textbook_order_is_a_permutation_that_leads_with_a_positive_term(seed):
    import random

    rng = random.Random(seed)
    a, b, c, d = sympy.symbols("a b c d")
    l, L = sympy.symbols("l L", integer=True)
    pool = [a, b, c, d, a * b, c**2, sympy.Integer(3), sympy.Sum(l, (l, 0, L))]
    expr = sum(rng.choice([-1, 1, 2]) * term for term in rng.sample(pool, rng.randint(2, 6)))
    if not isinstance(expr, sympy.Add):
        return
    terms = expr.as_ordered_terms()
    ordered = textbook_order(terms)
    assert sorted(map(str, ordered)) == sorted(map(str, terms)) and sympy.Add(*ordered) == expr
    reaching = [t for t in ordered if t.as_coeff_Mul()[1].func is sympy.Sum]
    assert ordered[len(ordered) - len(reaching):] == reaching  # sums last
    bounded = ordered[: len(ordered) - len(reaching)]
    if any(not t.could_extract_minus_sign() and not t.is_Number for t in bounded):
        assert not bounded[0].could_extract_minus_sign()


# ----------------------------------------------------------------------------
# LaTeX documents: wide displays, the figure macros
# ----------------------------------------------------------------------------


def test_wide_displays_are_fitted_to_the_line():
    x = sympy.Symbol("x")
    wide = sympy.ImmutableMatrix(2, 12, lambda r, c: sympy.Symbol(f"w_{r}{c}") * x + 1)
    fitted = Step("Wide", [sympy.Eq(sympy.Symbol("Y"), wide, evaluate=False)], "A matrix.").to_latex()
    assert "\\begin{equation*}\n\\symconvfit{\\begin{aligned}\nY &= \\left[" in fitted
    plain = Step("Narrow", [sympy.Eq(sympy.Symbol("y"), x)], "Short.").to_latex()
    assert "\\begin{align*}\ny &= x\n\\end{align*}" in plain
    document = Derivation("T", [Step("Wide", [sympy.Eq(sympy.Symbol("Y"), wide, evaluate=False)], "A matrix.")])
    pdf, log = _compile(document.to_latex(standalone=True))
    assert pdf.startswith(b"%PDF") and "Overfull" not in log


def _compile(source, engine="pdflatex", files=None):
    """PDF bytes and log of ``source`` compiled in a fresh folder holding ``files`` ({relative path: bytes})."""
    import subprocess
    import tempfile
    from pathlib import Path

    from _tools import need, tex_engine

    need(tex_engine(engine) is not None, engine)
    with tempfile.TemporaryDirectory() as tmp:
        for path, data in (files or {}).items():
            (Path(tmp) / path).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / path).write_bytes(data)
        (Path(tmp) / "doc.tex").write_text(source, encoding="utf-8")
        proc = subprocess.run([tex_engine(engine), "-interaction=nonstopmode", "doc.tex"], cwd=tmp,
                              capture_output=True, text=True, timeout=120)
        log = (Path(tmp) / "doc.log").read_text("utf-8", errors="replace")
        pdf = (Path(tmp) / "doc.pdf").read_bytes() if proc.returncode == 0 else b""
        return pdf, log


def _one_figure_pdf() -> bytes:
    from matplotlib.figure import Figure

    from symconv._output.savefig import figure_bytes

    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1], [1, 0])
    return figure_bytes(fig, "pdf")


def test_a_figure_is_found_under_any_root_or_the_document_stops_naming_it():
    picture = Illustration("A line.", image="figures/line.svg", latex_image="figures/line.pdf")
    document = Derivation("T", [Step("S", [], "Text.", illustrations=[picture])])
    figure = {"figures/line.pdf": _one_figure_pdf()}
    pdf, log = _compile(document.to_latex(standalone=True), files=figure)  # compiled where figures/ is: root ./
    assert pdf.startswith(b"%PDF") and "figures/line.pdf" in log
    pdf, log = _compile(document.to_latex(standalone=True))  # no figure anywhere: an error that names it
    assert pdf == b"" and "Package symconv Error: Figure figures/line.pdf not found under any of ../,./" in log
    moved = {f"elsewhere/{path}": data for path, data in figure.items()}
    with pytest.raises(SymconvError, match="roots: expected folders ending in /"):
        document.to_latex(standalone=True, figure_roots=("elsewhere",))
    pdf, log = _compile(document.to_latex(standalone=True, figure_roots=("nowhere/", "elsewhere/")), files=moved)
    assert pdf.startswith(b"%PDF") and "elsewhere/figures/line.pdf" in log


@pytest.mark.parametrize("roots", [[], ["a b/"], ["a"], ["a,b/"], ["x%/"], [3]])
def test_bad_figure_roots(roots):
    with pytest.raises(SymconvError, match="roots: expected") as caught:
        latex_preamble(figure_roots=roots)
    assert caught.value.parameter == "roots"


def test_chinese_preamble_names_figures_and_contents_in_chinese():
    preamble = latex_preamble("zh")
    assert "\\renewcommand\\figurename{图}" in preamble and "\\renewcommand\\contentsname{目录}" in preamble
    assert "\\usepackage[section]{placeins}" in preamble and "\\newcommand\\symconvgraphic" in preamble

"""The page registry, the derivations it renders, the Chinese catalogue and the rendering extensions."""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest
import sympy

from symconv import SymconvError, _i18n, pages
from symconv.build import TABLE
from symconv.symbolic import Derivation, Step, pages_content
from symconv.symbolic.derivation import Illustration, Table

CJK = re.compile(r"[\u4e00-\u9fff]")
PROPER_NAMES = {"LeNet-5", "AlexNet", "VGG-16"}  # the same in Chinese

# the derivations the issue lists, by page
EXPECTED_PAGES = {
    "fc-to-conv", "cross-correlation", "shape-arithmetic", "padding-stride-dilation", "channels", "pooling",
    "groups-separable", "transposed", "deformable", "gradients", "learning-example", "two-by-two",
    "receptive-fields", "equivariance", "parameter-counting", "layouts", "identities",
}  # fmt: skip


@pytest.fixture(scope="module")
def derivations():
    """Every page's derivation, checked once (the build's own route)."""
    return {name: pages.checked_page(name) for name in pages.page_names()}


@pytest.fixture(scope="module")
def rendered(derivations, tmp_path_factory):
    """``{(name, lang, format): text}`` of every page, with the catalogue keys the Chinese used."""
    _i18n._USED.clear()
    out = {}
    for name, d in derivations.items():
        for lang in ("en", "zh"):
            out[name, lang, "markdown"] = d.to_markdown(lang=lang)
            out[name, lang, "latex"] = d.to_latex(standalone=True, lang=lang)
    for lang in ("en", "zh"):
        out["main", lang, "latex"] = pages.main_document(lang)
    from symconv import figures

    for name in figures.DIAGRAMS:
        figures.diagram_mermaid(name, "zh")
    _draw_in_chinese(tmp_path_factory.mktemp("draw"))
    return out, set(_i18n._USED)


def _draw_in_chinese(folder):
    """What `symconv draw --lang zh` writes: graph titles, every word of the matrix, receptive and animation figures."""
    from symconv import Geometry, animate, plots
    from symconv._output import fonts as _fonts
    from symconv.cli import main

    for kind in ("sparse-from-below", "sparse-from-above", "indirect-interaction", "parameter-sharing"):
        assert main(["draw", kind, "--lang", "zh", "-o", str(folder / f"{kind}.mmd")]) == 0
    with pytest.MonkeyPatch.context() as patch:  # the catalogue is at stake here, not the fonts installed
        patch.setattr(_fonts, "chinese_family", lambda text: "DejaVu Sans")
        plots.conv_matrix_figure(3, 3, stride=2, dilation=2, transposed=True, lang="zh")
        for layers, input_size in ([(3, 1, 1)], 5), ([((3, 3), 1, 1)], (5, 5)), ([(3, 1, 1)], None):
            plots.receptive_field_figure(layers, input_size, lang="zh")
        for transposed in (False, True):  # the animation's frame titles
            animate.draw_step(0, Geometry(3, transposed=transposed, ndim=2), 4, lang="zh")


# ----------------------------------------------------------------------------
# the registry
# ----------------------------------------------------------------------------


def test_every_listed_derivation_has_a_page():
    assert set(pages.page_names()) == EXPECTED_PAGES
    assert len(pages.page_names()) == len(EXPECTED_PAGES)


def test_every_page_checks_itself_and_every_check_passes(derivations):
    for name, d in derivations.items():
        results = d.check()
        assert len(results) >= 2, name
        assert all(results.values()), (name, [k for k, ok in results.items() if not ok])


def test_a_failing_check_refuses_the_page(monkeypatch):
    x = sympy.Symbol("x")
    broken = Derivation("Broken", [Step("s", [sympy.Eq(x, 1)], "t")], checker=lambda: {"holds": False})
    unchecked = Derivation("Unchecked", [Step("s", [sympy.Eq(x, 1)], "t")])
    monkeypatch.setattr(pages, "PAGES", (pages.Page("broken", "Broken", lambda: broken),
                                         pages.Page("unchecked", "Unchecked", lambda: unchecked)))
    pages.checked_page.cache_clear()
    try:
        with pytest.raises(SymconvError, match=r"page 'broken' fails its checks \['holds'\]; refusing to write it"):
            pages.page_files("broken")
        with pytest.raises(SymconvError, match="page 'unchecked' carries no executable check"):
            pages.checked_page("unchecked")
    finally:
        pages.checked_page.cache_clear()


def test_page_paths_and_bad_names():
    assert pages.page_paths("transposed") == ("derivations/transposed.md", "derivations/transposed.tex")
    assert pages.page_paths("transposed", "zh") == ("derivations/transposed.zh.md", "derivations/transposed.zh.tex")
    with pytest.raises(SymconvError, match=r"name: expected one of fc-to-conv, .*, got 'nope'"):
        pages.page("nope")
    with pytest.raises(TypeError, match="name: expected a page name"):
        pages.page(3)
    with pytest.raises(SymconvError, match="format: expected one of markdown, latex, got 'html'"):
        pages.render_page("pooling", "html")
    with pytest.raises(SymconvError, match="lang: expected 'en' or 'zh', got 'fr'"):
        pages.render_page("pooling", lang="fr")
    with pytest.raises(SymconvError, match="lang: expected 'en' or 'zh', got 'de'"):
        pages.page_paths("pooling", "de")


def test_render_page_is_the_derivation_rendered():
    d = pages.page("equivariance").make()
    assert pages.render_page("equivariance") == d.to_markdown()
    assert pages.render_page("equivariance", "latex", lang="zh") == d.to_latex(standalone=True, lang="zh")
    assert pages.render_page("equivariance", "latex", standalone=False) == d.to_latex()


def test_main_documents_input_every_page_in_order():
    for lang, suffix in (("en", ""), ("zh", ".zh")):
        text = pages.main_document(lang)
        assert re.findall(r"\\input\{([\w.-]+)\}", text) == [f"{n}{suffix}.tex" for n in pages.page_names()]
        assert "\\def\\symconvmain{}" in text and "\\renewcommand\\documentclass[2][]{}" in text
    assert pages.main_document("zh").startswith("% !TEX program = xelatex\n")
    assert "xeCJK" in pages.main_document("zh") and "xeCJK" not in pages.main_document("en")


# ----------------------------------------------------------------------------
# what the pages say (numbers from the notes, the guide and the papers)
# ----------------------------------------------------------------------------


def test_cross_correlation_page_has_the_notes_sums(rendered):
    text = rendered[0]["cross-correlation", "en", "markdown"]
    # seed 001, 9.2.1: 0x0+1x1+3x2+4x3=19 and the three others
    for line in ("0 \\cdot 0 + 1 \\cdot 1 + 3 \\cdot 2 + 4 \\cdot 3 &= 19", "1 \\cdot 0 + 2 \\cdot 1 + 4 \\cdot 2 + 5 \\cdot 3 &= 25",
                 "3 \\cdot 0 + 4 \\cdot 1 + 6 \\cdot 2 + 7 \\cdot 3 &= 37", "4 \\cdot 0 + 5 \\cdot 1 + 7 \\cdot 2 + 8 \\cdot 3 &= 43"):
        assert line in text
    # true convolution of the same example, by a plain loop with the flipped kernel
    X, K = np.arange(9).reshape(3, 3), np.array([[0, 1], [2, 3]])
    flipped = [[int((X[i:i + 2, j:j + 2] * K[::-1, ::-1]).sum()) for j in range(2)] for i in range(2)]
    assert flipped == [[5, 11], [23, 29]]
    assert r"\left[\begin{matrix}5 & 11\\23 & 29\end{matrix}\right]" in text


def test_shape_arithmetic_page_renders_each_relationship_from_sympy(derivations, rendered):
    from symconv.shapes import GUIDE_CONFIGURATIONS, relationships

    d = derivations["shape-arithmetic"]
    text = rendered[0]["shape-arithmetic", "en", "markdown"]
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


def test_receptive_field_page_has_the_published_tables(rendered):
    text = rendered[0]["receptive-fields", "en", "markdown"]
    # Araujo et al. (Distill 2019) and the networks' own docs: VGG-16 pool5 212 / 32 / 90 on 224
    assert "| pool5 | pool | 7 | 212 | 32 | 90 |" in text
    assert "| C5 | conv | 1 | 32 | 4 | 0 |" in text  # LeNet-5
    assert "| conv1 | conv | 55 | 11 | 4 | 2 |" in text  # torchvision AlexNet
    assert "| pool5 | 池化 | 7 | 212 | 32 | 90 |" in rendered[0]["receptive-fields", "zh", "markdown"]


def test_parameter_counting_page_has_lenet_and_the_notes_example(rendered):
    text = rendered[0]["parameter-counting", "en", "markdown"]
    # LeCun et al. 1998: C3 has 1,516 trainable parameters and 151,600 connections
    assert re.search(r"^\| C3 \| 16 x 10 x 10 \| 1,516 \| 150,000 \| 151,600 \|", text, re.M)
    assert "3,600,000,000" in text and "3.6 \\cdot 10^{9}" in text
    assert "| 7,500 |" in text


def test_two_by_two_page_answers_the_notes_question(rendered):
    text = rendered[0]["two-by-two", "en", "markdown"]
    assert r"\operatorname{rank} A &= 2" in text
    assert r"\left( 100, \  20, \  0, \  0\right)" in text  # the Hessian's eigenvalues, 2 A^T A


def test_layouts_page_answers_seed_003_section_13(derivations, rendered):
    # PyTorch's Conv1d/2d/3d: input (N, C_in, *spatial), weight (C_out, C_in/groups, *kernel); 3, 4 and 5 axes
    d = derivations["layouts"]
    for ndim, step in zip((1, 2, 3), d):
        x, w, y, *sizes = (relation.rhs for relation in step.relations)
        assert (len(x), len(w), len(y), len(sizes)) == (ndim + 2, ndim + 2, ndim + 2, ndim)
        assert [relation.lhs for relation in step.relations[3:]] == list(y[2:])
        # stride 2, padding 1, dilation 1 on inputs of 9 with kernels of 3, worked by hand: (9 + 2 - 3) // 2 + 1 = 5
        values = {v: 9 for v in x[2:]} | {v: 3 for v in w[2:]}
        values |= {sympy.Symbol(n, positive=True, integer=True): v for n, v in (("s", 2), ("p", 1), ("d", 1))}
        assert [int(size.subs(values)) for size in sizes] == [5] * ndim
    english, chinese = rendered[0]["layouts", "en", "markdown"], rendered[0]["layouts", "zh", "markdown"]
    assert "Input and output have $5$ axes (batch, channels and $3$ spatial)" in english
    assert "输入和输出都是 $5$ 维张量（批量、通道和 $3$ 个空间维度）" in chinese
    assert "输入和输出都是 $3$ 维张量（批量、通道和 $1$ 个空间维度）" in chinese


def test_identities_page_states_every_identity_in_both_languages(derivations, rendered):
    from symconv.symbolic import identities

    catalogue = identities()
    assert len(catalogue) == 30 and len(derivations["identities"]) == 30
    results = derivations["identities"].check()
    assert sorted(results) == sorted(f"{i.name}: {way}" for i in catalogue for way in ("symbolic", "numeric"))
    english, chinese = rendered[0]["identities", "en", "markdown"], rendered[0]["identities", "zh", "markdown"]
    for number, ident in enumerate(catalogue, 1):
        assert f"## {number}. {ident.name}\n" in english
        # the Chinese heading keeps the name `symconv verify` prints
        assert re.search(rf"^## {number}\. [^\n]*[\u4e00-\u9fff][^\n]*（`{ident.name}`）$", chinese, re.M), ident.name
        assert ident.latex.split(" = ")[0] in english  # the statement SymPy printed
    assert "出处：笔记 003，第 13 节；笔记 001，9.2.3 节。" in chinese


def test_identities_page_refuses_a_failing_identity(monkeypatch):
    from symconv.symbolic.identities import Identity, identity

    module = sys.modules["symconv.symbolic.identities"]  # the attribute is the re-exported function
    bad = Identity("always-false", sympy.Eq(sympy.Symbol("a"), sympy.Symbol("b")), "Never.", lambda: False, lambda rng: True)
    monkeypatch.setattr(module, "_CACHE", [identity("stride-is-subsampling"), bad])
    pages.checked_page.cache_clear()
    try:
        with pytest.raises(SymconvError, match=r"page 'identities' fails its checks \['always-false: symbolic'\]"):
            pages.checked_page("identities")
    finally:
        pages.checked_page.cache_clear()


def test_pages_embed_the_seed_diagrams_as_mermaid(rendered):
    from symconv.graphs import seed_diagrams, to_mermaid

    texts = {(name, lang): rendered[0][name, lang, "markdown"] for name in pages.page_names() for lang in ("en", "zh")}
    for name, seed in seed_diagrams(language="zh").items():
        assert any(f"```mermaid\n{seed}```" in text for (_, lang), text in texts.items() if lang == "zh"), name
    english = seed_diagrams(language="en")
    for page_name, seed in (("receptive-fields", "receptive_field"), ("equivariance", "parameter_sharing"),
                            ("parameter-counting", "sparse_from_below"), ("parameter-counting", "parameter_sharing")):
        assert f"```mermaid\n{english[seed]}```" in texts[page_name, "en"]
    assert to_mermaid  # the seed figures come from the graph renderer, not typed here


def test_every_picture_a_page_uses_is_built():
    outputs = {path for entry in TABLE for path in entry.outputs}
    for name in pages.page_names():
        for step in pages.page(name).make():
            for picture in step.illustrations:
                for path in (picture.image, picture.latex_image):
                    assert path is None or path in outputs, (name, path)
                if picture.mermaid is None:
                    assert picture.latex_image or picture.image.endswith(".gif"), (name, picture.image)


def test_every_page_in_both_formats_and_languages(rendered):
    out, _ = rendered
    for (name, lang, fmt), text in out.items():
        assert "\\text{False}" not in text and "\\text{True}" not in text, (name, lang, fmt)
        if fmt == "latex":
            assert text.rstrip().endswith("\\end{document}")
            assert text.count("\\begin{") == text.count("\\end{"), (name, lang)
            assert text.startswith("% !TEX program = xelatex\n") == (lang == "zh")
        else:
            assert text.count("$$") % 2 == 0 and text.count("```") % 2 == 0, (name, lang)
        assert bool(CJK.search(text)) == (lang == "zh"), (name, lang, fmt)


def test_the_chinese_pages_keep_every_formula(rendered):
    out, _ = rendered
    for name in pages.page_names():
        english, chinese = out[name, "en", "markdown"], out[name, "zh", "markdown"]
        blocks = re.findall(r"^\$\$\n.*?\n\$\$$", english, re.M | re.S)
        assert blocks == re.findall(r"^\$\$\n.*?\n\$\$$", chinese, re.M | re.S), name
        inline_en = re.findall(r"(?<!\$)\$[^$\n]+\$(?!\$)", english)
        inline_zh = re.findall(r"(?<!\$)\$[^$\n]+\$(?!\$)", chinese)
        assert sorted(inline_en) == sorted(inline_zh), name
        # every Chinese paragraph of prose is Chinese: nothing left untranslated
        for paragraph in chinese.split("\n\n"):
            prose = re.sub(r"\$[^$]*\$|`[^`]*`|\([^)]*\.gif\)|^#+ \d+\. ", "", paragraph)
            if prose in PROPER_NAMES:
                continue
            if paragraph.startswith(("$$", "```", "|", "graph", "    ")) or not re.search(r"[A-Za-z]{4,}", prose):
                continue
            assert CJK.search(prose), (name, paragraph[:120])


# ----------------------------------------------------------------------------
# the catalogue
# ----------------------------------------------------------------------------


def test_every_catalogue_entry_keeps_its_placeholders_and_math():
    for key, chinese in _i18n.ZH.items():
        assert sorted(re.findall(r"\{\$?\w+\}", key)) == sorted(re.findall(r"\{\$?\w+\}", chinese)), key
        assert CJK.search(chinese) or (key == chinese and key in PROPER_NAMES), key
        assert "$" not in key.replace("{$", ""), key  # math is masked, never typed into a key


def test_every_catalogue_entry_is_used(rendered):
    _, used = rendered
    assert set(_i18n.ZH) - used == set()


def test_a_missing_translation_names_the_sentence():
    with pytest.raises(SymconvError, match=r"lang: no Chinese translation of 'A new sentence about \{x\}\.'; add it"):
        _i18n.translate("A new sentence about {x}.", "zh")
    x = sympy.Symbol("x")
    step = Step("Untranslated title", [sympy.Eq(x, 1)], "t")
    with pytest.raises(SymconvError, match="no Chinese translation of 'Untranslated title'"):
        Derivation("Pooling", [step]).to_markdown(lang="zh")


def test_math_is_masked_and_put_back():
    english = "For any $i$ and $k$, with unit strides ($s = 1$) and no zero padding ($p = 0$)."
    assert _i18n.mask_math(english) == (
        "For any {$1} and {$2}, with unit strides ({$3}) and no zero padding ({$4}).", ["$i$", "$k$", "$s = 1$", "$p = 0$"]
    )
    chinese = _i18n.translate(english, "zh")
    assert [m for m in re.findall(r"\$[^$]+\$", chinese)] == ["$i$", "$k$", "$s = 1$", "$p = 0$"]
    assert _i18n.translate("$i$", "zh") == "$i$"  # math alone needs no entry
    assert _i18n.translate("`corr(shift(x))`", "zh") == "`corr(shift(x))`"


def test_a_translation_with_other_placeholders_is_refused(monkeypatch):
    monkeypatch.setitem(_i18n.ZH, "About {x}.", "关于 {y}。")
    with pytest.raises(SymconvError, match=r"has placeholders \['\{y\}'\], expected \['\{x\}'\]"):
        _i18n.translate("About {x}.", "zh")


def test_bad_languages():
    with pytest.raises(SymconvError, match="lang: expected 'en' or 'zh', got 'fr'"):
        _i18n.translate("Pooling", "fr")
    with pytest.raises(TypeError, match="lang: expected 'en' or 'zh', got int 2"):
        _i18n.check_lang(2)
    with pytest.raises(TypeError, match="text: expected a str, got int"):
        _i18n.translate(3, "zh")


# ----------------------------------------------------------------------------
# rendering extensions of Derivation: tables, pictures, notes, inline math, languages
# ----------------------------------------------------------------------------


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


def test_standalone_latex_doubles_as_a_section_of_main():
    d = pages_content.pooling()
    english, chinese = d.to_latex(standalone=True), d.to_latex(standalone=True, lang="zh")
    assert english.startswith("\\documentclass[11pt]{article}\n")
    assert "\\ifdefined\\symconvmain\n\\section{Pooling}\n\\else\n" in english
    assert "\\section{池化}" in chinese and "\\setCJKmainfont{FandolSong-Regular.otf}" in chinese
    assert english.rstrip().endswith("\\ifdefined\\symconvmain\\expandafter\\endinput\\fi\n\\end{document}")
    assert "\\paragraph{1. Max pooling.}" in english and "\\paragraph{1. 最大池化}" in chinese

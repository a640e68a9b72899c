"""The page registry: every page listed, checked, rendered in both formats and languages, and the main documents."""

from __future__ import annotations

import importlib
import re
import warnings

import pytest
import sympy

from symconv import SymconvError, _i18n, pages
from symconv.build import TABLE
from symconv.pages import pooling
from symconv.symbolic import Derivation, Step

# its module-scope fixtures are costly: under pytest-xdist (the README's test command) one worker runs them
pytestmark = pytest.mark.xdist_group("test_registry")

CJK = re.compile(r"[\u4e00-\u9fff]")
PROPER_NAMES = {"LeNet-5", "AlexNet", "VGG-16"}  # the same in Chinese

# the derivations the issue lists, by page
EXPECTED_PAGES = {
    "fc-to-conv", "cross-correlation", "shape-arithmetic", "padding-stride-dilation", "channels", "pooling",
    "groups-separable", "transposed", "deformable", "gradients", "learning-example", "two-by-two",
    "receptive-fields", "equivariance", "parameter-counting", "layouts", "identities", "padding-modes",
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
    for p in (*pages.PAGES, *pages.DERIVE_ONLY):  # each page for the geometries it is worked for (symconv derive)
        for number, example in enumerate(p.examples):
            d = pages.derive(p.name, **example)
            for lang in ("en", "zh"):
                out[f"{p.name} example {number}", lang, "markdown"] = d.to_markdown(lang=lang)
                out[f"{p.name} example {number}", lang, "latex"] = d.to_latex(standalone=True, lang=lang)
    from symconv.graphs import figures

    for name in figures.DIAGRAMS:
        figures.diagram_mermaid(name, "zh")
    _draw_in_chinese(tmp_path_factory.mktemp("draw"))
    return out, set(_i18n._USED)


def _draw_in_chinese(folder):
    """What `symconv draw --lang zh` writes: graph titles, every word of the matrix, receptive and animation figures."""
    from symconv import Geometry, plots
    from symconv._output import fonts as _fonts
    from symconv.cli import main
    from symconv.plots import animate

    for kind in ("sparse-from-below", "sparse-from-above", "indirect-interaction", "parameter-sharing"):
        assert main(["draw", kind, "--lang", "zh", "-o", str(folder / f"{kind}.mmd")]) == 0
    with pytest.MonkeyPatch.context() as patch, warnings.catch_warnings():  # the catalogue is at stake, not the fonts
        patch.setattr(_fonts, "chinese_family", lambda text: "DejaVu Sans")
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)  # DejaVu has no Chinese
        plots.conv_matrix_figure(3, 3, stride=2, dilation=2, transposed=True, lang="zh")
        plots.conv_matrix_figure((4, 4), 3, padding=1, lang="zh")  # the printed figures of the Chinese pages
        plots.conv_matrix_blocks_figure(lang="zh")
        plots.padding_modes_figure(lang="zh")  # its legend
        for layers, input_size in ([(3, 1, 1)], 5), ([((3, 3), 1, 1)], (5, 5)), ([(3, 1, 1)], None):
            plots.receptive_field_figure(layers, input_size, lang="zh")
        for transposed in (False, True):  # the animation's frame titles, and its matrix view's captions
            animate.draw_step(0, Geometry(3, transposed=transposed, ndim=2), 4, lang="zh")
            animate.draw_step(0, Geometry(3, transposed=transposed, ndim=2), 4, lang="zh", matrix=True)
        animate.frame_strip(Geometry(3, ndim=2), 4, steps=(0, 3), lang="zh")  # a strip's step captions
        for operation in ("max", "mean"):  # the numeric pooling frames
            animate.draw_step(0, Geometry(2, stride=2, ndim=2), 4, lang="zh", operation=operation)


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


def test_each_page_is_a_module_with_name_title_make_and_check():
    for p in pages.PAGES:
        module = importlib.import_module(f"symconv.pages.{p.name.replace('-', '_')}")
        assert (module.NAME, module.TITLE, module.make, module.check) == (p.name, p.title, p.make, p.check)
        assert pages.Page.of(module) == p


def test_checked_page_runs_the_page_modules_check(monkeypatch):
    x = sympy.Symbol("x")
    derivation = Derivation("T", [Step("s", [sympy.Eq(x, 1)], "t")], checker=lambda: {"its own": True})
    seen = []

    def check(d):
        seen.append(d)
        return {"the module check": False}

    monkeypatch.setattr(pages, "PAGES", (pages.Page("t", "T", lambda: derivation, check),))
    pages.checked_page.cache_clear()
    try:
        with pytest.raises(SymconvError, match=r"page 't' fails its checks \['the module check'\]"):
            pages.checked_page("t")
        assert seen == [derivation]
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
# every page, in both formats and languages
# ----------------------------------------------------------------------------


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


def test_every_catalogue_entry_is_used(rendered):
    _, used = rendered
    assert set(_i18n.ZH) - used == set()


def test_standalone_latex_doubles_as_a_section_of_main():
    d = pooling.make()
    english, chinese = d.to_latex(standalone=True), d.to_latex(standalone=True, lang="zh")
    assert english.startswith("\\documentclass[11pt]{article}\n")
    assert "\\ifdefined\\symconvmain\n\\section{Pooling}\n\\else\n" in english
    assert "\\section{池化}" in chinese and "\\setCJKmainfont{FandolSong-Regular.otf}" in chinese
    assert english.rstrip().endswith("\\ifdefined\\symconvmain\\expandafter\\endinput\\fi\n\\end{document}")
    assert "\\paragraph{1. Max pooling.}" in english and "\\paragraph{1. 最大池化}" in chinese

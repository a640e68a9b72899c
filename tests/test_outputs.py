"""Every generated document compiles with a real TeX engine; every Mermaid diagram renders with mermaid.

The files checked are the committed ones (``tests/test_build.py`` proves they
are what the build table generates), every ``.tex``, ``.mmd`` and Markdown
page that :data:`symconv.build.TABLE` lists.  English documents go through
``pdflatex``, Chinese ones (``*.zh.tex``) through ``xelatex``, both with
``-halt-on-error``; Mermaid sources are rendered by the real mermaid library
in headless Chromium, all in one browser run, and each SVG must hold the
nodes and edges its source declares.  CI installs the tools and sets
``SYMCONV_REQUIRE_TOOLS=1``, which turns a missing tool into a failure.
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import shutil
import subprocess

import pytest

from symconv.build import TABLE
from _tools import ROOT, need, render_mermaid, svg_counts, tex_engine

# its module-scope fixtures are costly: under pytest-xdist (the README's test command) one worker runs them
pytestmark = pytest.mark.xdist_group("test_outputs")

OUTPUTS = [path for entry in TABLE for path in entry.outputs]
TEX = [path for path in OUTPUTS if path.endswith(".tex")]
MARKDOWN = [path for path in OUTPUTS if path.endswith(".md")]
MERMAID = [path for path in OUTPUTS if path.endswith(".mmd")]
MAIN = {"derivations/main.tex": "pdflatex", "derivations/main.zh.tex": "xelatex"}

_NODE = re.compile(r"^\s*\w+\(\((?:\w+|\"[^\"]*\")\)\)\s*$", re.M)
_EDGE = re.compile(r"^\s*\w+ --> \w+\s*$", re.M)
_BLOCK = re.compile(r"^```mermaid\n(.*?)^```$", re.M | re.S)


def _engine(path: str) -> str:
    return "xelatex" if path.endswith(".zh.tex") else "pdflatex"


# ----------------------------------------------------------------------------
# LaTeX
# ----------------------------------------------------------------------------


#: The printed figures (vector PDFs; the animations as strips of key frames), English and Chinese.
FIGURES = [path for path in OUTPUTS if path.startswith("figures/") and path.endswith(".pdf")]


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A copy of the generated documents and the PDFs they include, laid out as in the repository."""
    root = tmp_path_factory.mktemp("tree")
    for path in TEX + FIGURES:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / path, target)
    return root


def _compile(root, path: str):
    folder = (root / path).parent
    proc = subprocess.run(
        [tex_engine(_engine(path)), "-halt-on-error", "-interaction=nonstopmode", (root / path).name],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    stem = (root / path).name[: -len(".tex")]
    return proc.returncode, proc.stdout, folder / f"{stem}.pdf", folder / f"{stem}.log"


@pytest.fixture(scope="module")
def compiled(tree):
    """Compile every generated .tex once (two at a time: one per core)."""
    need(tex_engine("pdflatex") is not None, "pdflatex")
    need(tex_engine("xelatex") is not None, "xelatex (with xeCJK and the Fandol fonts)")
    # main.tex inputs the pages: compile the pages first, in parallel, then the two main documents
    pages = [path for path in TEX if path not in MAIN]
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        results = dict(zip(pages, pool.map(lambda p: _compile(tree, p), pages)))
        results.update(zip(MAIN, pool.map(lambda p: _compile(tree, p), MAIN)))
    return results


def test_every_generated_document_compiles(compiled):
    from symconv.pages import page_names

    assert sorted(compiled) == sorted(TEX) and len(TEX) == 2 * len(page_names()) + 2
    for path, (status, stdout, pdf, _) in compiled.items():
        assert status == 0, f"{_engine(path)} {path} failed:\n{stdout[-3000:]}"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000, path


def test_each_document_names_its_engine():
    for path in TEX:
        text = (ROOT / path).read_text("utf-8")
        assert text.startswith("% !TEX program = xelatex\n") == path.endswith(".zh.tex"), path
        if path.endswith(".zh.tex"):
            assert "\\usepackage{xeCJK}" in text
        else:
            assert text.isascii(), f"{path}: pdflatex with inputenc needs ASCII prose"


def _included(path: str) -> list:
    """The figures a document includes (\\symconvgraphic), those of its pages for a main document."""
    if path in MAIN:
        suffix = ".zh.tex" if path.endswith(".zh.tex") else ".tex"
        pages = [p for p in TEX if p not in MAIN and p.endswith(suffix) and (suffix == ".zh.tex" or not p.endswith(".zh.tex"))]
        return [figure for page in pages for figure in _included(page)]
    return re.findall(r"\\symconvgraphic\[[^]]*\]\{([^}]+)\}", (ROOT / path).read_text("utf-8"))


def test_every_picture_a_document_asks_for_is_included(compiled):
    for path, (_, _, _, log) in compiled.items():
        wanted = _included(path)
        assert wanted or path not in MAIN
        text = log.read_text("utf-8", errors="replace")
        for picture in wanted:
            assert f"../{picture}" in text, f"{path}: {picture} was not included"
            assert picture in FIGURES, f"{path}: {picture} is no figure the build writes"


def _images(pdf) -> list:
    """``pdfimages -list`` of a PDF: one dict per raster image (page, size, ppi)."""
    need(shutil.which("pdfimages") is not None, "pdfimages (poppler-utils)")
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    return [{"page": int(r[0]), "type": r[2], "width": int(r[3]), "x_ppi": int(r[12]), "y_ppi": int(r[13])} for r in rows]


def _text(pdf) -> str:
    need(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_the_figures_are_vectors_and_what_pixels_there_are_print_sharply(compiled, tree):
    """Only the conv-matrix pictures hold pixels (their cells, at 300 ppi or more on the page); the rest are vectors."""
    held = {path: len(_images(tree / path)) for path in FIGURES}
    matrices = [path for path in FIGURES if path.startswith("figures/conv-matrix")]
    assert matrices and all(held[path] for path in matrices)  # imshow's cells, resampled at the print resolution
    assert len(FIGURES) - len(matrices) >= 40 and all(held[path] == 0 for path in FIGURES if path not in matrices)
    for path, (_, _, pdf, _) in compiled.items():
        images = _images(pdf)
        # a document holds the pixels of the figures it includes, and no others
        assert len(images) == sum(held[figure] for figure in dict.fromkeys(_included(path))), path
        for image in images:
            assert min(image["x_ppi"], image["y_ppi"]) >= 300, f"{path}: {image}"


def test_the_notes_show_every_figure_with_its_caption(compiled):
    """The compiled notes hold a numbered figure per picture, and the captions as text; no GIF is named instead."""
    from symconv.pages import PAGES
    from symconv.symbolic.derivation import prose

    for path, lang in (("derivations/main.tex", "en"), ("derivations/main.zh.tex", "zh")):
        text = re.sub(r"\s+", " ", _text(compiled[path][2])).replace("\u2019", "'")
        pictures = [picture for p in PAGES for step in p.make() for picture in step.illustrations]
        label = "Figure" if lang == "en" else "图"
        assert len(re.findall(rf"{label} \d+: ", text)) == len(pictures) > 20
        assert ".gif" not in text
        for picture in pictures:
            caption = prose(picture.print_caption or picture.caption, "markdown", picture.symbols, lang)
            # the longest run of plain words (pdftotext spells math otherwise), its first five
            run = max(re.split(r"\$[^$]*\$|`[^`]*`", caption), key=lambda part: len(part.split()))
            assert " ".join(run.replace("*", "").split()[:5]) in text, (path, caption)


def test_the_chinese_notes_have_chinese_figures(compiled):
    """Texts drawn in the figures (axis labels, legends, titles) are in Chinese in the Chinese edition only."""
    from symconv._i18n import translate

    english, chinese = (_text(compiled[path][2]) for path in MAIN)
    for drawn in ("block layout", "input row", "output row", "transposed conv", "column: input position"):
        assert drawn in english and translate(drawn, "zh") not in english
        assert translate(drawn, "zh") in chinese and drawn not in chinese
    tap = translate("tap ({name})", "zh").format(name="0,0")
    assert "tap (0,0)" in english and tap not in english and tap in chinese


def test_nothing_runs_into_the_margin(compiled):
    """No line of any document is more than 5pt too wide (matrices are scaled to the line)."""
    for path, (_, _, _, log) in compiled.items():
        widths = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log.read_text("utf-8", errors="replace"))]
        assert all(width <= 5 for width in widths), (path, widths)


def test_main_documents_hold_every_page_as_a_section(compiled):
    from symconv.pages import page_names

    for path in MAIN:
        toc = compiled[path][3].with_suffix(".toc").read_text("utf-8", errors="replace")
        assert toc.count("\\contentsline {section}") == len(page_names()), path


# ----------------------------------------------------------------------------
# Mermaid
# ----------------------------------------------------------------------------


def _declared(source: str) -> tuple[int, int]:
    """Nodes and edges a flowchart source declares, counted from its lines."""
    return len(_NODE.findall(source)), len(_EDGE.findall(source))


def _mermaid_sources() -> dict:
    """``{source: [where it appears, ...]}`` for every .mmd file and every Mermaid block of the pages."""
    sources = {}
    for path in MERMAID:
        sources.setdefault((ROOT / path).read_text("utf-8"), []).append(path)
    for path in MARKDOWN:
        for block in _BLOCK.findall((ROOT / path).read_text("utf-8")):
            sources.setdefault(block, []).append(path)
    return sources


def test_the_pages_and_figures_hold_mermaid_to_render():
    sources = _mermaid_sources()
    where = {path for paths in sources.values() for path in paths}
    assert set(MERMAID) <= where and len(MERMAID) == 7
    assert {"derivations/receptive-fields.md", "derivations/equivariance.zh.md", "derivations/parameter-counting.md"} <= where
    for source in sources:
        nodes, edges = _declared(source)
        assert nodes >= 5 and edges >= 4, source[:200]


def test_every_mermaid_source_declares_its_graph():
    """The declared counts, read from the text, equal the graphs' own (so the SVG check below has a second route)."""
    from symconv.graphs.figures import DIAGRAMS, diagram, diagram_mermaid

    for name in DIAGRAMS:
        for lang in ("en", "zh"):
            panels = diagram(name, lang).panels
            expected = (sum(p.graph.number_of_nodes() for p in panels), sum(p.graph.number_of_edges() for p in panels))
            assert _declared(diagram_mermaid(name, lang)) == expected, (name, lang)
        assert (ROOT / f"figures/{name}.mmd").read_text("utf-8") == diagram_mermaid(name, "en")


def test_every_mermaid_diagram_renders_with_its_nodes_and_edges():
    sources = _mermaid_sources()
    results = render_mermaid(list(sources))
    assert len(results) == len(sources)
    for (source, where), result in zip(sources.items(), results):
        assert result["ok"], f"{where}: mermaid refused it: {result.get('error')}"
        assert svg_counts(result["svg"]) == _declared(source), where


def _panels_of(source: str) -> list:
    """Per panel (subgraph, or the whole flowchart), its direction and ``{prefix: [(index, id), ...]}``, read from the text.

    A label ``x3`` (``h12_3``, ``s2``) is unit 3 of the layer named by its prefix; padding (``0``) is left out.
    """
    panels, current = [], None
    head = re.search(r"^graph (\w+)$", source, re.M).group(1)
    for line in source.splitlines():
        line = line.strip()
        if line.startswith("subgraph"):
            current = {"direction": None, "layers": {}}
            panels.append(current)
        elif line.startswith("direction ") and current is not None:
            current["direction"] = line.split()[1]
        elif match := re.fullmatch(r'(\w+)\(\("?([A-Za-z]+(?:\d+_)?)(\d+)"?\)\)', line):
            if current is None:
                current = {"direction": head, "layers": {}}
                panels.append(current)
            current["layers"].setdefault(match.group(2), []).append((int(match.group(3)), match.group(1)))
    return panels


def test_every_mermaid_diagram_is_drawn_in_order():
    """In the SVG mermaid draws: each layer's units in index order (x1 .. x5 left to right, or top down in an LR
    panel), the input on the side the panel's direction names, panels side by side in the order written, and
    highlighted (widened) edges in the highlight colour."""
    from _tools import mermaid_layout

    from symconv._output.colors import HIGHLIGHT_EDGE

    sources = _mermaid_sources()
    results = mermaid_layout(list(sources))
    highlight = "rgb({}, {}, {})".format(*(int(HIGHLIGHT_EDGE[i:i + 2], 16) for i in (1, 3, 5)))
    for (source, where), result in zip(sources.items(), results):
        assert result["ok"], where
        centre = {ident: (x + w / 2, y + h / 2) for ident, node in result["nodes"].items() for x, y, w, h in [node["box"]]}
        spans, panels = [], _panels_of(source)
        units = sum(len(layer) for panel in panels for layer in panel["layers"].values())
        assert units == _declared(source)[0] - source.count("((0))"), where  # every unit but the padding zeros
        for panel in panels:
            direction = {"TD": "TB"}.get(panel["direction"], panel["direction"])
            along = 1 if direction in ("LR", "RL") else 0
            levels = []
            for prefix, units in panel["layers"].items():
                coordinates = [centre[ident][along] for _, ident in sorted(units)]
                assert coordinates == sorted(coordinates), (where, prefix, sorted(units))
                levels.append(sum(centre[ident][1 - along] for _, ident in units) / len(units))
            # the input layer x is first: bottom (BT), top (TB), left (LR), right (RL)
            x_level = levels[0]
            others = levels[1:]
            if direction == "BT" or direction == "RL":
                assert all(level < x_level for level in others), (where, direction, levels)
            else:
                assert all(level > x_level for level in others), (where, direction, levels)
            xs = [centre[ident][0] for units in panel["layers"].values() for _, ident in units]
            spans.append((min(xs), max(xs)))
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:])), (where, spans)  # side by side, in order
        widened = [edge for edge in result["edges"] if edge["width"] > 3]
        assert all(edge["stroke"] == highlight for edge in widened), where
        assert len(widened) == len(re.findall(r"^\s*linkStyle \d+ stroke:[^,\n]+,stroke-width", source, re.M)), where

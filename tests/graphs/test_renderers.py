"""Renderers of symconv.graphs: Mermaid (against the seed notes' own Mermaid), matplotlib, DOT, TikZ, and their registry.

The seed's four diagrams are parsed here from the seed text with a small
parser written for this test; the reproduced diagrams (their highlight sets,
and the Mermaid symconv writes) must give the same edge, styled-node and
linkStyle sets.  Figures are inspected through their artists, not pixels.
The registry (symconv.graphs.renderers) is checked against the renderers
called by hand, the way the command line called them before it existed.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import matplotlib
import pytest

import symconv as sc
from symconv.networks import pool
from symconv.graphs import (
    SEED_FIGURES,
    connectivity_graph,
    dense_graph,
    draw,
    inputs_affecting_diagram,
    outputs_affected_diagram,
    parameter_sharing_diagram,
    receptive_field_diagram,
    seed_diagram,
    seed_diagrams,
    seed_figure,
    seed_figure_bytes,
    to_dot,
    to_mermaid,
    to_tikz,
)

from symconv.graphs.mermaid import FRONT_MATTER

from _tools import ROOT, need, render_mermaid, svg_counts, tex_engine

matplotlib.use("Agg")

# its module-scope fixtures are costly: under pytest-xdist (the README's test command) one worker runs them
pytestmark = pytest.mark.xdist_group("test_renderers")

# a copy of ../shared/seeds/000_b64759519602dc2f.txt, so the tests need only this repository
SEED = ROOT / "tests" / "data" / "seed-000-motivation.md"
SEED_ORDER = ["sparse_from_below", "sparse_from_above", "receptive_field", "parameter_sharing"]


def parse_mermaid(text: str) -> dict:
    """Edges, nodes, styled nodes and linkStyled edges of a Mermaid flowchart, by (panel, label)."""
    direction, panel = None, 0
    nodes, edges, styled, linked = {}, [], set(), set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if match := re.fullmatch(r"graph (\w+)", line):
            direction = match.group(1)
        elif line.startswith("subgraph"):
            panel += 1
        elif line == "end":
            continue
        elif match := re.fullmatch(r'(\w+)\(\("?([^")]*)"?\)\)', line):
            nodes[match.group(1)] = (panel, match.group(2))
        elif match := re.fullmatch(r"(\w+) --> (\w+)", line):
            edges.append((match.group(1), match.group(2)))
        elif match := re.fullmatch(r"style (\w+) fill:#\w+(,color:#\w+)?", line):
            styled.add(match.group(1))  # the notes' fill:#808080, symconv's darker fill with a white label
        elif match := re.fullmatch(r"linkStyle (\d+) stroke:(black|#\w+,stroke-width:\d+px)", line):
            linked.add(int(match.group(1)))  # the notes' stroke:black, symconv's coloured wider stroke
    named = [(nodes[a][0], nodes[a][1], nodes[b][1]) for a, b in edges]
    return {
        "direction": direction,
        "panels": panel,
        "ids": nodes,
        "nodes": set(nodes.values()),
        "edges": named,
        "styled": {nodes[i] for i in styled},
        "linked": {named[i] for i in linked},
        "linked_indices": linked,
    }


@pytest.fixture(scope="module")
def seed_blocks():
    text = SEED.read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", text, re.S)
    assert len(blocks) == 4
    return dict(zip(SEED_ORDER, (parse_mermaid(block) for block in blocks)))


def _panel_sets(diagram):
    """The same sets, read from a Diagram object (panels numbered from 1)."""
    nodes, edges, styled, linked = set(), [], set(), set()
    for number, panel in enumerate(diagram.panels, start=1):
        G = panel.graph
        label = lambda v: G.nodes[v]["label"]  # noqa: E731
        nodes |= {(number, label(v)) for v in G}
        edges += [(number, label(u), label(v)) for u, v in G.edges]
        styled |= {(number, label(v)) for v in panel.highlight}
        linked |= {(number, label(u), label(v)) for u, v in panel.highlight_edges}
    return nodes, edges, styled, linked


# --------------------------------------------------------------------------- seeds


@pytest.mark.parametrize("name", SEED_ORDER)
def test_seed_diagram_objects_match_the_seed(name, seed_blocks):
    seed = seed_blocks[name]
    nodes, edges, styled, linked = _panel_sets(seed_diagram(name, language="zh"))
    assert nodes == seed["nodes"]
    assert sorted(edges) == sorted(seed["edges"])
    assert styled == seed["styled"]
    assert linked == seed["linked"]


@pytest.mark.parametrize("name", SEED_ORDER)
def test_seed_mermaid_matches_the_seed(name, seed_blocks):
    seed = seed_blocks[name]
    ours = parse_mermaid(seed_diagrams()[name])
    assert ours["direction"] == seed["direction"]
    assert ours["panels"] == seed["panels"]
    assert ours["nodes"] == seed["nodes"]
    assert ours["edges"] == seed["edges"]  # same order, so linkStyle indices mean the same edges
    assert ours["styled"] == seed["styled"]
    assert ours["linked_indices"] == seed["linked_indices"]
    assert ours["ids"] == seed["ids"]  # the notes' own ids (x13 = panel 1, x3)


def test_seed_titles():
    assert "subgraph 稀疏连接" in seed_diagrams()["sparse_from_below"]
    assert "subgraph 参数共享" in seed_diagrams()["parameter_sharing"]
    assert 'subgraph panel1 ["parameter sharing"]' in seed_diagrams(language="en")["parameter_sharing"]


# --------------------------------------------------------------------------- Mermaid structure


@pytest.mark.parametrize(
    "diagram",
    [
        parameter_sharing_diagram(11, [(3, 2, 1), (5, 1, 2)], layer=2, tap=3),
        parameter_sharing_diagram(7, [(3, 1, 2, 2)], include_padding=True),
        outputs_affected_diagram(8, [(2, 2, 0), (3, 1, 1)], "x5"),
        receptive_field_diagram(12, [(3, 1, 1)] * 9),
    ],
)
def test_mermaid_structure(diagram):
    text = to_mermaid(diagram)
    parsed = parse_mermaid(text)
    assert parsed["panels"] == len(diagram.panels)
    assert len(parsed["ids"]) == sum(p.graph.number_of_nodes() for p in diagram.panels)
    assert len(parsed["edges"]) == sum(p.graph.number_of_edges() for p in diagram.panels)
    assert len(parsed["styled"]) == sum(len(p.highlight) for p in diagram.panels)
    assert len(parsed["linked_indices"]) == sum(len(p.highlight_edges) for p in diagram.panels)
    # every linkStyle index points at a highlighted edge
    for index in parsed["linked_indices"]:
        number, a, b = parsed["edges"][index]
        panel = diagram.panels[number - 1]
        v = _by_label(panel.graph, b)
        assert any((u, v) in panel.highlight_edges for u in panel.graph.predecessors(v) if panel.graph.nodes[u]["label"] == a)


def _by_label(G, label):
    (node,) = [v for v in G if G.nodes[v]["label"] == label]
    return node


def test_mermaid_link_indices_name_the_shared_parameter():
    d = parameter_sharing_diagram(11, [(3, 2, 1), (5, 1, 2)], layer=2, tap=3)
    G = d.panels[0].graph
    parsed = parse_mermaid(to_mermaid(d))
    sparse = [parsed["edges"][i] for i in sorted(parsed["linked_indices"]) if parsed["edges"][i][0] == 1]
    assert {G.edges[_by_label(G, a), _by_label(G, b)]["parameter"] for _, a, b in sparse} == {"w2[3]"}
    assert len(sparse) == len(sc.graphs.shared_edges(G, "w2[3]"))
    dense = [parsed["edges"][i] for i in parsed["linked_indices"] if parsed["edges"][i][0] == 2]
    assert len(dense) == 1 and dense[0][1:] in {(G.nodes[u]["label"], G.nodes[v]["label"]) for u, v in d.panels[0].highlight_edges}


def test_mermaid_tap_colors_and_padding_style():
    text = to_mermaid(connectivity_graph(4, [(3, 1, 1)], include_padding=True), tap_colors=True)
    assert len(re.findall(r"linkStyle \d+ stroke:#", text)) == 4 * 3
    assert len(re.findall(r"stroke-dasharray", text)) == 2
    assert text.startswith(FRONT_MATTER + "graph BT\n")
    assert "subgraph" not in text


def test_mermaid_renders_with_the_real_library():
    diagrams = [
        *seed_diagrams().values(),
        to_mermaid(parameter_sharing_diagram(7, [(3, 1, 2, 2)], include_padding=True), tap_colors=True),
        to_mermaid(inputs_affecting_diagram((3, 3), [(2, 1, 0)], full=False)),
        to_mermaid(connectivity_graph(6, [(3, 2, 1), pool(2)], include_padding=True)),
    ]
    results = render_mermaid(diagrams)
    for text, result in zip(diagrams, results):
        assert result["ok"], result.get("error")
        parsed = parse_mermaid(text)
        assert svg_counts(result["svg"]) == (len(parsed["ids"]), len(parsed["edges"]))


# --------------------------------------------------------------------------- matplotlib


def _offsets(collections):
    return sum(len(c.get_offsets()) for c in collections)


def _segments(collections):
    return sum(len(c.get_segments()) for c in collections)


@pytest.mark.parametrize("name", SEED_ORDER)
def test_matplotlib_seed_figures(name):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    diagram = seed_diagram(name)
    drawing = draw(diagram)
    assert plt.get_fignums() == before  # a bare Figure: nothing registered with pyplot, nothing shown
    assert _offsets(drawing.nodes + drawing.padding + drawing.highlighted) == sum(
        p.graph.number_of_nodes() for p in diagram.panels
    )
    assert [len(c.get_offsets()) for c in drawing.highlighted] == [len(p.highlight) for p in diagram.panels]
    assert [len(c.get_segments()) for c in drawing.highlighted_edges] == [
        len(p.highlight_edges) for p in diagram.panels
    ]
    assert _segments(drawing.edges + drawing.highlighted_edges) == sum(
        p.graph.number_of_edges() for p in diagram.panels
    )
    assert len(drawing.labels) == _offsets(drawing.nodes + drawing.padding + drawing.highlighted)
    assert [t.get_text() for t in drawing.titles] == [p.title for p in diagram.panels]
    assert drawing.figure is drawing.ax.figure


def test_matplotlib_colours_shared_edges_alike():
    G = connectivity_graph(9, [(4, 2, 1)])
    drawing = draw(G)
    (edges,) = drawing.edges
    colours = [tuple(c) for c in edges.get_colors()]
    by_parameter = {}
    for (u, v), colour in zip(sorted(G.edges), colours):
        by_parameter.setdefault(G.edges[u, v]["parameter"], set()).add(colour)
    assert all(len(c) == 1 for c in by_parameter.values())  # one colour per shared parameter
    assert len({c for cs in by_parameter.values() for c in cs}) == 4  # and a different one per tap
    # input at the bottom: a segment runs from its source's x (the input position) up to its target
    for (u, v), segment in zip(sorted(G.edges), edges.get_segments()):
        assert segment[0][0] == G.nodes[u]["pos"][0] and segment[1][0] == G.nodes[v]["pos"][0]
        assert segment[0][1] < segment[1][1]


def test_matplotlib_draws_into_a_given_axes_and_padding():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    d = outputs_affected_diagram(6, [(3, 2, 2)], include_padding=True)
    drawing = draw(d, ax, labels=False, direction="BT")
    assert drawing.ax is ax
    assert drawing.labels == []
    assert [len(c.get_offsets()) for c in drawing.padding] == [4, 0]
    assert list(drawing.padding[0].get_linestyles()[0][1]) != []  # dashed
    dense = draw(dense_graph(3, 2), tap_colors=False)
    assert {tuple(c) for c in dense.edges[0].get_colors()} == {matplotlib.colors.to_rgba("#999999")}


def test_matplotlib_large_graph_skips_labels():
    drawing = draw(connectivity_graph(300, [(3, 1, 1)]))
    assert drawing.labels == []
    assert _offsets(drawing.nodes) == 600


def test_seed_figure_bytes_are_stable():
    svg = seed_figure_bytes("sparse_from_below")
    assert svg == seed_figure_bytes("sparse_from_below")
    assert svg.startswith(b"<?xml") and b"<svg" in svg
    assert seed_figure_bytes("parameter_sharing", "png").startswith(b"\x89PNG")
    assert seed_figure("receptive_field").axes[0].texts[0].get_text() == "x1"


# --------------------------------------------------------------------------- DOT


def test_dot_structure():
    d = parameter_sharing_diagram(6, [(3, 1, 1), (2, 2, 0)], layer=1, tap=0)
    text = to_dot(d, direction="TD")
    assert text.startswith('digraph "convolution" {') and text.rstrip().endswith("}")
    assert "rankdir=TB;" in text
    assert text.count("subgraph \"cluster_") == 2
    node_lines = re.findall(r"^\s+(\w+) \[label=", text, re.M)
    edge_lines = re.findall(r"^\s+(\w+) -> (\w+) \[(.*)\];", text, re.M)
    assert len(node_lines) == sum(p.graph.number_of_nodes() for p in d.panels)
    assert len(edge_lines) == sum(p.graph.number_of_edges() for p in d.panels)
    bold = [e for e in edge_lines if "penwidth" in e[2]]
    assert len(bold) == sum(len(p.highlight_edges) for p in d.panels)
    assert text.count("rank=same") == 3 + 3
    assert text.count('label="parameter sharing"') == 1


# --------------------------------------------------------------------------- TikZ


def test_tikz_structure():
    d = seed_diagram("sparse_from_above")
    code = to_tikz(d)
    lines = code.splitlines()
    assert lines[0].startswith(r"\begin{tikzpicture}") and lines[-1] == r"\end{tikzpicture}"
    units = [line for line in lines if line.startswith(r"\node[unit")]
    assert len(units) == 20
    assert sum("highlighted" in line for line in units) == 4 + 6
    assert sum(line.startswith(r"\draw") for line in lines) == 13 + 25
    assert r"{$x_{3}$}" in code and r"{$s_{3}$}" in code
    deep = to_tikz(connectivity_graph(3, [(1, 1, 0)] * 9))
    assert r"$h^{(9)}_{3}$" in deep
    grid = to_tikz(connectivity_graph((2, 2), [(2, 1, 0)]))
    assert r"$x_{2,2}$" in grid


def test_tikz_compiles_with_latex():
    engine = tex_engine("pdflatex")
    need(engine is not None, "pdflatex")
    code = to_tikz(parameter_sharing_diagram(5, [(3, 1, 1)], include_padding=True), standalone=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "figure.tex"
        source.write_text(code, encoding="utf-8")
        result = subprocess.run(
            [engine, "-interaction=nonstopmode", "-halt-on-error", source.name],
            cwd=tmp, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stdout[-3000:]
        assert (Path(tmp) / "figure.pdf").stat().st_size > 1000


def test_a_standalone_tikz_with_chinese_titles_is_for_xelatex():
    chinese = to_tikz(seed_diagram("parameter_sharing", language="zh"), standalone=True)
    english = to_tikz(seed_diagram("parameter_sharing"), standalone=True)
    head = chinese.split(r"\begin{document}")[0].splitlines()
    assert head[0] == "% !TEX program = xelatex" and r"\usepackage{xeCJK}" in head
    assert r"\setCJKmainfont{FandolSong-Regular.otf}[BoldFont=FandolSong-Bold.otf]" in head  # bold titles, TeX Live's
    assert english.split(r"\begin{document}")[0] == "\\documentclass[tikz]{standalone}\n"
    # the pictures themselves differ only in the titles
    body = chinese.split(r"\begin{document}")[1]
    assert (
        body.replace("参数共享", "parameter sharing").replace("全连接", "full connectivity")
        == (english.split(r"\begin{document}")[1])
    )
    accented = to_tikz(receptive_field_diagram(title="réseau"), standalone=True)  # pdflatex reads UTF-8 Latin
    assert accented.startswith("\\documentclass[tikz]{standalone}\n\\begin{document}")


def test_renderers_refuse_bad_direction():
    G = connectivity_graph(3, [(2, 1, 0)])
    for render in (to_mermaid, to_dot, to_tikz):
        with pytest.raises(sc.SymconvError, match=r"direction: expected one of"):
            render(G, direction="sideways")
    with pytest.raises(sc.SymconvError, match=r"direction: expected one of"):
        draw(G, direction="sideways")
    for render in (to_mermaid, to_dot, to_tikz, draw):
        with pytest.raises(TypeError, match="graph: expected a graph from connectivity_graph or dense_graph, got dict"):
            render({"x1": "s1"})


def test_seed_figures_table_is_complete():
    assert sorted(SEED_FIGURES) == sorted(SEED_ORDER)
    with pytest.raises(sc.SymconvError, match="name: expected one of"):
        seed_diagram("nope")
    with pytest.raises(sc.SymconvError, match="language: expected 'en' or 'zh'"):
        seed_diagram("receptive_field", language="fr")


# --------------------------------------------------------------------------- the registry

from symconv._output.savefig import figure_bytes  # noqa: E402
from symconv.graphs.renderers import RENDERERS, Renderer, formats, render, renderer  # noqa: E402

from _chinese import assert_glyphs_drawn, need_chinese_font, no_missing_glyphs, svg_texts, without_font  # noqa: E402

REGISTRY_DIAGRAMS = {
    "seed": lambda: seed_diagram("parameter_sharing"),
    "strided stack": lambda: receptive_field_diagram(9, [(3, 2, 1), (3, 1, 1)]),
    "2-D graph": lambda: connectivity_graph((3, 3), [(2, 1, 0)]),
}
MAGIC = {"svg": b"<?xml", "png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}


def _labels(diagram):
    panels = getattr(diagram, "panels", None)
    graphs = [p.graph for p in panels] if panels else [diagram]
    return {data["label"] for G in graphs for _, data in G.nodes(data=True)}


@pytest.mark.parametrize("which", sorted(REGISTRY_DIAGRAMS))
def test_every_registered_renderer_renders_a_diagram(which):
    diagram = REGISTRY_DIAGRAMS[which]()
    other = receptive_field_diagram(7, [(3, 1, 1)] * 3)
    assert formats(), "the registry is empty"
    for fmt in formats():
        entry = renderer(fmt)
        data = render(diagram, fmt)
        assert isinstance(data, bytes) and data, fmt
        assert render(diagram, fmt) == data, f"{fmt}: not the same bytes twice"
        assert render(other, fmt) != data, f"{fmt}: another diagram gave the same file"
        if not entry.binary:
            data.decode("utf-8")  # text formats are UTF-8


@pytest.mark.parametrize("which", sorted(REGISTRY_DIAGRAMS))
def test_the_registered_formats_are_the_renderers_called_by_hand(which):
    diagram = REGISTRY_DIAGRAMS[which]()
    by_hand = {
        "mmd": to_mermaid(diagram).encode("utf-8"),
        "dot": to_dot(diagram).encode("utf-8"),
        "tex": to_tikz(diagram, standalone=True).encode("utf-8"),
        **{fmt: figure_bytes(draw(diagram).figure, fmt) for fmt in MAGIC},
    }
    for fmt, expected in by_hand.items():
        assert render(diagram, fmt) == expected, fmt
        assert render(diagram, f".{fmt.upper()}") == expected, fmt  # a suffix, any case
    for fmt, magic in MAGIC.items():
        assert by_hand[fmt].startswith(magic)
    # what the SVG holds: every node's label (few enough nodes to be labelled)
    assert _labels(diagram) <= set(svg_texts(render(diagram, "svg").decode("utf-8")))


def test_options_reach_the_renderer_over_its_defaults():
    diagram = seed_diagram("receptive_field")
    assert render(diagram, "tex", standalone=False) == to_tikz(diagram).encode("utf-8")
    assert render(diagram, "mmd", direction="LR") == to_mermaid(diagram, direction="LR").encode("utf-8")
    assert render(diagram, "dot", tap_colors=False) == to_dot(diagram, tap_colors=False).encode("utf-8")
    assert render(diagram, "svg", labels=False) == figure_bytes(draw(diagram, labels=False).figure, "svg")

    def png_size(data):  # width and height from the IHDR chunk
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")

    small = render(diagram, "png", dpi=50)
    assert small == figure_bytes(draw(diagram).figure, "png", dpi=50)
    (width, height), (half_width, half_height) = png_size(render(diagram, "png")), png_size(small)
    assert abs(2 * half_width - width) <= 2 and abs(2 * half_height - height) <= 2
    with pytest.raises(sc.SymconvError, match="direction: expected one of") as caught:
        render(diagram, "svg", direction="sideways")
    assert caught.value.parameter == "direction"


def test_the_registry_says_what_each_format_is():
    assert list(RENDERERS) == list(formats())
    for fmt, entry in RENDERERS.items():
        assert entry.format == fmt and renderer(fmt) is entry
        assert entry.name and entry.description
    # the formats drawn by matplotlib are bytes and need a font for Chinese; the text formats need none
    assert formats(needs_font=True) == tuple(f for f in formats() if renderer(f).binary)
    assert set(formats(needs_font=True)) | set(formats(needs_font=False)) == set(formats())
    assert set(formats(built=True)) | set(formats(built=False)) == set(formats())
    assert formats(built=True, needs_font=False) == tuple(
        f for f in formats() if renderer(f).built and not renderer(f).needs_font
    )
    with pytest.raises(TypeError):
        RENDERERS["tex"].defaults["standalone"] = False  # read-only


def test_adding_an_entry_makes_formats_and_render_include_it(monkeypatch):
    def edge_list(diagram, *, separator=" -> "):
        return "".join(f"{u}{separator}{v}\n" for p in diagram.panels for u, v in sorted(p.graph.edges))

    entry = Renderer("edges", "edge list", edge_list, built=True, defaults={"separator": " "}, description="edges")
    before = formats()
    monkeypatch.setitem(RENDERERS, "edges", entry)
    assert formats() == (*before, "edges")
    assert formats(built=True)[-1] == "edges" and formats(needs_font=False)[-1] == "edges"
    assert renderer(".EDGES") is entry
    diagram = receptive_field_diagram()
    expected = "".join(f"{u} {v}\n" for u, v in sorted(diagram.panels[0].graph.edges))
    assert render(diagram, "edges") == expected.encode("utf-8")
    monkeypatch.delitem(RENDERERS, "edges")
    assert formats() == before
    with pytest.raises(sc.SymconvError, match="fmt: expected one of"):
        render(diagram, "edges")


def test_unknown_formats_are_refused_naming_the_registered_ones():
    listed = ", ".join(formats())
    for fmt in ("gif", ".txt", "", "s v g"):
        with pytest.raises(sc.SymconvError, match=re.escape(f"fmt: expected one of {listed}, got {fmt!r}")) as caught:
            render(seed_diagram("receptive_field"), fmt)
        assert caught.value.parameter == "fmt"
    for fmt in (None, 3, b"svg"):
        with pytest.raises(TypeError, match=r"fmt: expected a file suffix such as 'svg', got"):
            renderer(fmt)
    with pytest.raises(TypeError, match="graph: expected a graph from connectivity_graph or dense_graph, got dict"):
        render({"x1": "s1"}, "mmd")


def test_a_renderer_that_breaks_its_promise_is_refused(monkeypatch):
    monkeypatch.setitem(RENDERERS, "bad", Renderer("bad", "bad", lambda diagram: "text", binary=True))
    with pytest.raises(TypeError, match="renderer 'bad' returned str; it is registered as giving bytes"):
        render(seed_diagram("receptive_field"), "bad")
    monkeypatch.setitem(RENDERERS, "bad", Renderer("bad", "bad", lambda diagram: b"bytes"))
    with pytest.raises(TypeError, match="renderer 'bad' returned bytes; it is registered as giving str"):
        render(seed_diagram("receptive_field"), "bad")


@pytest.mark.parametrize(
    "fields, error, match",
    [
        (dict(format="Bad"), sc.SymconvError, r"format: expected a file suffix of lower-case letters and digits"),
        (dict(format=".svg"), sc.SymconvError, r"format: .* got '\.svg'"),
        (dict(format=""), sc.SymconvError, r"format: .* got ''"),
        (dict(format=3), TypeError, r"format: expected a str, got int 3"),
        (dict(name=None), TypeError, r"name: expected a str, got NoneType None"),
        (dict(description=1), TypeError, r"description: expected a str, got int 1"),
        (dict(function="to_mermaid"), TypeError, r"function: expected a callable, got str"),
        (dict(binary="yes"), TypeError, r"binary: expected a bool, got str 'yes'"),
        (dict(needs_font=1), TypeError, r"needs_font: expected a bool, got int 1"),
        (dict(built=None), TypeError, r"built: expected a bool, got NoneType None"),
        (dict(defaults=[("standalone", True)]), TypeError, r"defaults: expected a mapping of keyword arguments, got list"),
    ],
)
def test_bad_registry_entries(fields, error, match):
    arguments = {**dict(format="txt", name="text", function=to_mermaid), **fields}
    with pytest.raises(error, match=match) as caught:
        Renderer(**arguments)
    if error is sc.SymconvError:
        assert caught.value.parameter == "format"


def test_formats_refuses_filters_that_are_not_bools():
    with pytest.raises(TypeError, match=r"built: expected True, False or None, got str 'yes'"):
        formats(built="yes")
    with pytest.raises(TypeError, match=r"needs_font: expected True, False or None, got int 0"):
        formats(needs_font=0)


def test_chinese_titles_need_a_font_only_in_the_formats_that_draw_glyphs(monkeypatch):
    from symconv._output import fonts as _fonts

    chinese = seed_diagram("parameter_sharing", language="zh")
    monkeypatch.setattr(_fonts, "_candidates", lambda: iter(()))  # a machine where matplotlib knows no CJK font
    for fmt in formats(needs_font=True):
        with pytest.raises(sc.SymconvError, match="lang: drawing Chinese needs a font with glyphs for") as caught:
            render(chinese, fmt)
        assert caught.value.parameter == "lang"
    for fmt in formats(needs_font=False):
        assert "参数共享".encode("utf-8") in render(chinese, fmt)
    english = seed_diagram("parameter_sharing")
    assert render(english, "svg") == figure_bytes(draw(english).figure, "svg")  # English looks for no font


def test_chinese_titles_fall_back_to_a_chinese_font_and_the_rest_keeps_its_own():
    chinese = seed_diagram("parameter_sharing", language="zh")
    with without_font():
        svg = render(chinese, "svg").decode("utf-8")
        drawing = draw(chinese)
    assert {"参数共享", "全连接"} <= set(svg_texts(svg))
    # the drawing by hand with its Chinese titles given the fallback family is the same file
    titles = {t.get_text(): t for t in drawing.ax.texts}
    for title in ("参数共享", "全连接"):
        titles[title].set_fontfamily([*titles[title].get_fontfamily(), "DejaVu Sans"])
    with without_font():
        assert figure_bytes(drawing.figure, "svg") == svg.encode("utf-8")


def test_chinese_titles_draw_every_glyph():
    need_chinese_font()
    with no_missing_glyphs():
        svg = render(seed_diagram("parameter_sharing", language="zh"), "svg").decode("utf-8")
    assert_glyphs_drawn(svg, "参数共享全连接")

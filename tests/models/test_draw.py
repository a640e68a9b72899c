"""symconv.models.draw: the architecture diagram in every format, labels escaped."""

from __future__ import annotations

import re

import pytest
from _tools import compile_latex, render_mermaid, svg_counts

from symconv import Geometry, SymconvError
from symconv.models import NetworkBuilder, draw_network, network_to_dot, network_to_mermaid, network_to_tikz
from symconv.models import render_network
from symconv.models.draw import NETWORK_FORMATS, network_layout

NASTY = 'a "quoted" <b> & #1 {x}_%$~^\\'


def _residual_and_concat():
    """A residual block (downsampling shortcut) and an Inception-style concat, one layer with a nasty name."""
    b = NetworkBuilder()
    x = b.input("x", (1, 4, 16, 16))
    a = b.conv(NASTY, x, Geometry(3, stride=2, padding=1, ndim=2), 8)
    a = b.pass_through("relu", a, op="Relu")
    a = b.conv("conv2", a, Geometry(3, padding=1, dilation=1, ndim=2), 8)
    s = b.conv("shortcut", x, Geometry(1, stride=2, ndim=2), 8)
    r = b.merge("add", [a, s])
    p = b.pool("pool", r, Geometry(3, padding=1, ndim=2))
    c = b.concat("concat", [r, p])
    return b.build(), {"nodes": 8, "edges": 9, "merge": 2, "concat": 2}


def test_mermaid_structure_and_escaping():
    G, counts = _residual_and_concat()
    text = network_to_mermaid(G)
    lines = text.splitlines()
    # the front matter of every symconv diagram (dagre layout, as the connectivity diagrams), then the chart
    assert lines[:7] == ["---", "config:", "  layout: dagre", "  flowchart:", "    curve: basis", "---", "flowchart TB"]
    assert len([line for line in lines if re.match(r'\s+n\d+\["', line)]) == counts["nodes"]
    assert len([line for line in lines if "-->" in line or ".->" in line]) == counts["edges"]
    assert len([line for line in lines if '-. "Add" .->' in line]) == counts["merge"]
    assert len([line for line in lines if '-. "concat" .->' in line]) == counts["concat"]
    label = next(line for line in lines if line.startswith("    n1["))
    assert "#quot;quoted#quot;" in label and "#lt;b#gt;" in label and "#amp;" in label and "#35;1" in label
    assert label.count('"') == 2  # only the label's own quotes
    assert "Conv k3 s2 p1" in label and "1x8x8x8" in label


def test_mermaid_renders_with_mermaid():
    G, counts = _residual_and_concat()
    (result,) = render_mermaid([network_to_mermaid(G)])
    assert result["ok"], result.get("error")
    assert svg_counts(result["svg"]) == (counts["nodes"], counts["edges"])


def test_dot_structure_and_escaping():
    G, counts = _residual_and_concat()
    text = network_to_dot(G, direction="LR", name='my "net"')
    assert text.startswith('digraph "my \\"net\\"" {') and "rankdir=LR;" in text
    assert len(re.findall(r"^\s+n\d+ \[label=", text, re.M)) == counts["nodes"]
    assert len(re.findall(r"->", text)) == counts["edges"]
    assert len(re.findall(r"style=dashed", text)) == counts["merge"]
    assert len(re.findall(r"style=dotted", text)) == counts["concat"]
    assert 'a \\"quoted\\" <b> & #1 {x}_%$~^\\\\' in text
    # every quoted string closes: no unescaped quote inside a label
    for line in text.splitlines()[3:-1]:
        assert len(re.findall(r'(?<!\\)"', line)) % 2 == 0


def test_tikz_compiles_and_escapes():
    G, counts = _residual_and_concat()
    text = network_to_tikz(G)
    assert text.count(r"\node[draw") == counts["nodes"] and text.count(r"\draw[->") == counts["edges"]
    assert r"a \"{}quoted" not in text and r"\{x\}\_\%\$\textasciitilde{}\textasciicircum{}" in text
    assert r"\textless{}b\textgreater{} \& \#1" in text
    pdf = compile_latex(network_to_tikz(G, standalone=True))
    assert pdf.startswith(b"%PDF")


def test_matplotlib_draws_every_layer_and_edge():
    G, counts = _residual_and_concat()
    ax = draw_network(G)
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == counts["nodes"] and texts[1].splitlines() == [NASTY, "Conv k3 s2 p1", "1x8x8x8"]
    styles = [p.get_linestyle() for p in ax.patches]
    assert len(styles) == counts["edges"]
    assert styles.count("dashed") == counts["merge"] and styles.count("dotted") == counts["concat"]
    from matplotlib.figure import Figure

    fig = Figure()
    own = fig.add_subplot()
    assert draw_network(G, own, direction="LR") is own


def test_layout_rows_are_depths():
    G, _ = _residual_and_concat()
    rows = {v: row for v, (_, row) in network_layout(G).items()}
    assert rows["x"] == 0 and rows["shortcut"] == 1 and rows["add"] == 4 and rows["concat"] == 6


@pytest.mark.parametrize("fmt, start", [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF"),
                                        ("mmd", b"---\nconfig:"), ("dot", b"digraph"), ("tex", b"\\documentclass")])
def test_render_network_formats(fmt, start):
    G, _ = _residual_and_concat()
    data = render_network(G, fmt)
    assert data.startswith(start) and data == render_network(G, fmt.upper())
    assert fmt in NETWORK_FORMATS


def test_refusals():
    G, _ = _residual_and_concat()
    for call in (lambda: network_to_mermaid(G, direction="RL"), lambda: network_to_dot(G, direction="up"),
                 lambda: draw_network(G, direction="BT")):
        with pytest.raises(SymconvError, match="^direction: expected one of") as err:
            call()
        assert err.value.parameter == "direction"
    with pytest.raises(SymconvError, match="^fmt: expected one of") as err:
        render_network(G, "gif")
    assert err.value.parameter == "fmt"
    with pytest.raises(TypeError, match="^fmt"):
        render_network(G, 3)
    with pytest.raises(SymconvError, match="^scale") as err:
        network_to_tikz(G, scale=0)
    with pytest.raises(TypeError, match="network graph"):
        network_to_mermaid("not a graph")

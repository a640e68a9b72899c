"""Hostile text through the Mermaid, DOT and TikZ renderers: every string stays one quoted string on its line.

The renderers copy titles, labels, the DOT graph name and the Mermaid stroke
colour into source text.  A newline there used to start a statement of its
own (``click x1 href "javascript:..."`` in Mermaid), a quote to end the
string.  Each test renders a hostile diagram and a benign one of the same
shape and checks, line by line, that the hostile one has the same statements.
"""

from __future__ import annotations

import re

import pytest

from symconv import SymconvError
from symconv.graphs import Diagram, Panel, connectivity_graph, draw, to_dot, to_mermaid, to_tikz

HOSTILE = [
    'x"\nclick x1 href "javascript:alert(1)"',
    "end",
    "a\r\nstyle x1 fill:red",
    "}\n\\end{tikzpicture}\\input{/etc/passwd}",
    'tab\there; "quoted" #quot; `md` <b>&amp;</b>',
    "line\u2028separator\x85nel\x00nul\x1besc",
    "\\",
    "%$&_^~{}#",
]


def _graph(label=None):
    G = connectivity_graph(3, [(2, 1, 0)])
    if label is not None:
        G.nodes[(0, 0)]["label"] = label
    return G


def _diagram(title, label=None):
    return Diagram((Panel(_graph(label), title),), "LR")


def _statements(render, text):
    benign, hostile = render(_diagram("plain title", "x1")), render(_diagram(text, text))
    return benign.splitlines(), hostile.splitlines()


def _dot_strings_closed(line: str) -> bool:
    """True when every DOT string opened on ``line`` closes on it (a backslash escapes the next character)."""
    inside, escaped = False, False
    for ch in line:
        if escaped:
            escaped = False
        elif inside and ch == "\\":
            escaped = True
        elif ch == '"':
            inside = not inside
    return not inside


@pytest.mark.parametrize("text", HOSTILE)
def test_mermaid_keeps_one_statement_per_line(text):
    benign, hostile = _statements(to_mermaid, text)
    assert len(hostile) == len(benign)
    for before, after in zip(benign, hostile):
        # the same statement on every line: its first word (graph, subgraph, a node id, end, ...) does not change
        assert re.split(r"[ (\[]", after.strip())[0] == re.split(r"[ (\[]", before.strip())[0]
        assert after.count('"') % 2 == 0
    # the hostile title and label are inside quotes
    assert 'subgraph panel1 ["' in "\n".join(hostile)
    assert '(("' in next(line for line in hostile if "((" in line)  # the first node: the hostile label


@pytest.mark.parametrize("text", HOSTILE)
def test_dot_keeps_one_statement_per_line(text):
    def render(diagram):
        return to_dot(diagram, name=text)

    benign, hostile = _statements(render, text)
    assert len(hostile) == len(benign)
    for line in hostile:
        assert _dot_strings_closed(line), line
        assert line.rstrip().endswith(("{", "}", ";")), line


@pytest.mark.parametrize("text", HOSTILE)
def test_tikz_keeps_one_statement_per_line(text):
    benign, hostile = _statements(lambda d: to_tikz(d, standalone=True), text)
    assert len(hostile) == len(benign)
    for line in hostile:
        unescaped = re.sub(r"\\[{}]", "", line)
        assert unescaped.count("{") == unescaped.count("}"), line
        assert "\\input" not in line and "\\end{tikzpicture}\\" not in line


def test_mermaid_entity_codes_by_hand():
    text = to_mermaid(_diagram('a"b\nc#', 'q"\n'))
    assert 'subgraph panel1 ["a#quot;b#10;c#35;"]' in text
    assert '(("q#quot;#10;"))' in text


def test_dot_escapes_by_hand():
    text = to_dot(_diagram('a"b\nc\\', "t\tab"), name="g\nh")
    assert 'digraph "g\\nh" {' in text
    assert 'label="a\\"b\\nc\\\\";' in text
    assert 'label="t&#9;ab"' in text


def test_tikz_title_by_hand():
    text = to_tikz(_diagram("50%\nof $x$", None))
    assert r"{50\% of \$x\$};" in text


@pytest.mark.parametrize(
    "stroke", ['red\nclick x1 href "javascript:alert(1)"', "red;stroke-width:99px", "#12345", "", "black "]
)
def test_mermaid_highlight_stroke_must_be_a_colour(stroke):
    with pytest.raises(SymconvError) as info:
        to_mermaid(_graph(), highlight_stroke=stroke)
    assert info.value.parameter == "highlight_stroke"


@pytest.mark.parametrize("stroke", [None, 3, ("red",)])
def test_mermaid_highlight_stroke_of_the_wrong_kind(stroke):
    with pytest.raises(TypeError, match="highlight_stroke"):
        to_mermaid(_graph(), highlight_stroke=stroke)


@pytest.mark.parametrize("stroke", ["black", "#F00", "#ff000080", "DarkRed"])
def test_mermaid_colours_are_written(stroke):
    from symconv.graphs import parameter_sharing_diagram

    assert f"stroke:{stroke}" in to_mermaid(parameter_sharing_diagram(), highlight_stroke=stroke)


@pytest.mark.parametrize("prefix", ["x\ny", 'x"', "1x", "", "x y", "\\x", None])
def test_a_graph_with_hostile_prefixes_is_refused_by_every_renderer(prefix):
    G = _graph()
    G.graph["prefixes"] = [prefix, "s"]
    for render in (to_mermaid, to_dot, to_tikz, draw):
        with pytest.raises(SymconvError) as info:
            render(G)
        assert info.value.parameter == "names"


def test_labels_and_indices_of_the_wrong_kind_are_type_errors():
    G = _graph()
    G.nodes[(0, 0)]["label"] = 3
    with pytest.raises(TypeError, match="label"):
        to_mermaid(G)
    G = _graph()
    G.nodes[(0, 0)]["index"] = "1}$\\input{x}$"
    with pytest.raises(TypeError, match="index"):
        to_tikz(G)


@pytest.mark.parametrize("scale", [float("nan"), float("inf"), 0, 0.0, -1.0])
def test_tikz_scale_must_be_finite_and_positive(scale):
    with pytest.raises(SymconvError) as info:
        to_tikz(_graph(), scale=scale)
    assert info.value.parameter == "scale"


@pytest.mark.parametrize("scale", ["2", None, True])
def test_tikz_scale_of_the_wrong_kind(scale):
    with pytest.raises(TypeError, match="scale"):
        to_tikz(_graph(), scale=scale)


@pytest.mark.parametrize("size", [float("nan"), float("inf"), -1, 0])
def test_draw_node_size_must_be_finite_and_positive(size):
    with pytest.raises(SymconvError) as info:
        draw(_graph(), node_size=size)
    assert info.value.parameter == "node_size"


def test_draw_refuses_bad_colours_and_flags():
    with pytest.raises(SymconvError) as info:
        draw(_graph(), highlight_color="not a colour")
    assert info.value.parameter == "highlight_color"
    with pytest.raises(TypeError, match="labels"):
        draw(_graph(), labels="yes")
    with pytest.raises(TypeError, match="tap_colors"):
        to_tikz(_graph(), tap_colors=1)
    with pytest.raises(TypeError, match="name"):
        to_dot(_graph(), name=None)
    drawing = draw(_graph(), node_size=12.5, highlight_color=(0.2, 0.4, 0.6))
    assert list(drawing.nodes[0].get_sizes()) == [12.5]

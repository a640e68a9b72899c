"""Mermaid text in the seed notes' own style, ready to paste into Markdown.

The notes' flowcharts (``graph LR``, one ``subgraph`` per panel, ``x11((x1))``
nodes, ``style`` and ``linkStyle`` lines) are kept; what mermaid 12 needs to
draw them as the notes do is added around them:

- a front-matter config choosing the ``dagre`` layout with smooth
  (``basis``) edges: mermaid 12's default, ELK, routes the edges
  orthogonally with line-jump arcs and reorders each layer's units;
- one ``direction`` line per panel, so the input sits where the diagram's
  direction says while the panels stand side by side, in order, joined by
  invisible links (``panel1 ~~~ panel2``) written after every real edge so
  that ``linkStyle`` numbers still count the notes' edges;
- units are declared layer by layer in index order, which dagre keeps; a
  fully connected panel gets invisible links from each unit to the unit
  below its centre (:func:`_alignment`), without which dagre crowds the
  units of a complete bipartite layer together;
- highlighted edges in :data:`~symconv._output.colors.HIGHLIGHT_EDGE`,
  wider than the rest, and highlighted nodes filled dark with white labels.
"""

from __future__ import annotations

import re

from .._output.colors import HIGHLIGHT_EDGE, HIGHLIGHT_EDGE_WIDTH, HIGHLIGHT_TEXT
from .._output.escape import as_color, mermaid_text
from .._validate import as_bool
from ._render import HIGHLIGHT_FILL, as_diagram, node_ids, node_role, ordered_edges, ordered_nodes, tap_color

__all__ = ["to_mermaid", "FRONT_MATTER"]

_INDENT = "    "
_NODE_STYLES = {"highlighted": f"fill:{HIGHLIGHT_FILL},color:{HIGHLIGHT_TEXT}", "padding": "stroke-dasharray:3 3"}
#: Mermaid draws an edge 2 px wide; a highlighted edge is HIGHLIGHT_EDGE_WIDTH times that.
_HIGHLIGHT_WIDTH = f"stroke-width:{2 * HIGHLIGHT_EDGE_WIDTH:g}px"

#: The config every diagram starts with: dagre's layered layout (mermaid 12 defaults to ELK) and smooth edges.
FRONT_MATTER = "---\nconfig:\n  layout: dagre\n  flowchart:\n    curve: basis\n---\n"

# how many invisible links pull each unit of a fully connected layer over the unit below its centre: one is
# outweighed by the complete bipartite edges, three spread the units evenly (looked at in mermaid 12.3)
_ALIGNMENT_LINKS = 3

# words Mermaid reads as syntax: as a bare title or label they would end a subgraph or start a directive
_KEYWORDS = {"end", "graph", "flowchart", "subgraph", "style", "linkstyle", "classdef", "class", "click", "direction", "call", "href"}


def _bare(text: str) -> bool:
    return re.fullmatch(r"\w+", text) is not None and text.lower() not in _KEYWORDS


def _subgraph_header(title, number: int) -> str:
    if title is None:
        return f'subgraph panel{number} [" "]'
    if _bare(title):
        return f"subgraph {title}"
    return f'subgraph panel{number} ["{mermaid_text(title)}"]'


def _subgraph_id(title, number: int) -> str:
    return title if title is not None and _bare(title) else f"panel{number}"


def _node_text(ident: str, label: str) -> str:
    if _bare(label):
        return f"{ident}(({label}))"
    return f'{ident}(("{mermaid_text(label)}"))'


def _alignment(G) -> list:
    """For a fully connected graph: each unit above the input with the unit below nearest its centre.

    Units of a sparse graph already sit over what they read; those of a dense
    layer read everything, and dagre would crowd them.
    """
    if G.graph.get("kind") != "dense" or G.graph["ndim"] != 1:
        return []
    pairs = []
    for v in ordered_nodes(G):
        below = list(G.predecessors(v))
        if below:
            centre = G.nodes[v]["pos"][0]
            pairs.append((min(below, key=lambda u: (abs(G.nodes[u]["pos"][0] - centre), u)), v))
    return pairs


def to_mermaid(diagram, *, direction=None, tap_colors: bool = False, highlight_stroke: str = HIGHLIGHT_EDGE) -> str:
    """Render a diagram (or a bare graph) as a Mermaid flowchart.

    The layout follows the seed notes: one ``subgraph`` per panel holding
    its node declarations ``x11((x1))`` and edges ``x11 --> s11`` (by
    source, then target), then ``style <id> fill:...`` for highlighted
    nodes and ``linkStyle <n> stroke:...`` for highlighted edges, ``n``
    counting edges from 0 across the whole diagram, as Mermaid does.  Node
    ids carry the panel number when there are several panels (``x13`` is
    ``x3`` of panel 1).

    Several panels stand side by side (``graph LR``), each drawn in the
    diagram's direction (``direction BT``: the input at the bottom, units in
    index order from left to right); one panel takes the diagram's direction
    as the graph's.  The text starts with :data:`FRONT_MATTER`, which
    chooses the layout mermaid draws this with (see the module's notes).

    Parameters
    ----------
    diagram : Diagram or networkx.DiGraph
    direction : str, optional
        Override the diagram's direction (``"LR"``, ``"TD"``, ``"BT"``, ...).
    tap_colors : bool, default False
        Also colour every other edge by its kernel tap.
    highlight_stroke : str, default "#D55E00"
        The colour of highlighted edges (drawn wider than the rest): a CSS
        colour name or ``#rgb``/``#rrggbb`` (with alpha); anything else is
        refused, since it is written into a style line.

    Returns
    -------
    str

    Raises
    ------
    SymconvError
        An unknown direction or colour; a highlight not in its graph (raised when the diagram is built).
    TypeError
        Something that is not a Diagram or a graph from :mod:`symconv.graphs`.

    Titles and labels are written inside double quotes with Mermaid's entity
    codes for quotes, ``#`` and control characters, so each stays one
    statement on one line.

    Examples
    --------
    >>> from symconv.graphs import connectivity_graph, parameter_sharing_diagram
    >>> print(to_mermaid(connectivity_graph(2, [(2, 1, 0)])))
    ---
    config:
      layout: dagre
      flowchart:
        curve: basis
    ---
    graph BT
        x1((x1))
        x2((x2))
        s1((s1))
    <BLANKLINE>
        x1 --> s1
        x2 --> s1
    >>> text = to_mermaid(parameter_sharing_diagram())
    >>> [line.strip() for line in text.splitlines() if line.strip().startswith(("graph", "direction", "panel"))]
    ['graph LR', 'direction BT', 'direction BT', 'panel1 ~~~ panel2']
    >>> [line.strip() for line in text.splitlines() if "linkStyle" in line][:2]
    ['linkStyle 0 stroke:#D55E00,stroke-width:5px', 'linkStyle 3 stroke:#D55E00,stroke-width:5px']

    See Also
    --------
    symconv.graphs.seed_diagrams : the four figures of the seed notes.
    """
    diagram = as_diagram(diagram, direction)
    tap_colors = as_bool(tap_colors, "tap_colors")
    highlight_stroke = as_color(highlight_stroke, "highlight_stroke")
    ids = node_ids(diagram)
    many = len(diagram.panels) > 1
    inner = "TB" if diagram.direction == "TD" else diagram.direction
    head = "LR" if many else ("TD" if diagram.direction == "TB" else diagram.direction)
    lines = [FRONT_MATTER + f"graph {head}"]
    styles, link_styles, panels, aligned = [], [], [], []
    link = 0
    for number, (panel, panel_ids) in enumerate(zip(diagram.panels, ids), start=1):
        G = panel.graph
        boxed = many or panel.title is not None
        if boxed:
            lines.append(_INDENT + _subgraph_header(panel.title, number))
            lines.append(f"{_INDENT}direction {inner}")
            panels.append(_subgraph_id(panel.title, number))
        for v in ordered_nodes(G):
            lines.append(_INDENT + _node_text(panel_ids[v], G.nodes[v]["label"]))
        lines.append("")
        for u, v in ordered_edges(G):
            # a read of a reflect/replicate/circular padding cell, drawn from the unit it copies: a dotted arrow
            arrow = "-.->" if G.edges[u, v].get("via") else "-->"
            lines.append(f"{_INDENT}{panel_ids[u]} {arrow} {panel_ids[v]}")
            if (u, v) in panel.highlight_edges:
                link_styles.append(f"linkStyle {link} stroke:{highlight_stroke},{_HIGHLIGHT_WIDTH}")
            elif tap_colors and G.edges[u, v]["tap"] is not None:
                link_styles.append(f"linkStyle {link} stroke:{tap_color(G, G.edges[u, v])}")
            link += 1
        if boxed:
            lines.append(_INDENT + "end")
        aligned += [f"{_INDENT}{panel_ids[u]} ~~~ {panel_ids[v]}" for u, v in _alignment(G)] * _ALIGNMENT_LINKS
        for v in ordered_nodes(G):
            role = node_role(panel, v)
            if role != "plain":
                styles.append(f"style {panel_ids[v]} {_NODE_STYLES[role]}")
    if len(panels) > 1:
        lines.append(_INDENT + " ~~~ ".join(panels))
    lines += aligned
    lines += [_INDENT + line for line in styles + link_styles]
    return "\n".join(lines) + "\n"

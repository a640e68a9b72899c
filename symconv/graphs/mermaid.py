"""Mermaid text in the seed notes' own style, ready to paste into Markdown."""

from __future__ import annotations

import re

from .._output.escape import as_color, mermaid_text
from .._validate import as_bool
from ._render import HIGHLIGHT_FILL, as_diagram, node_ids, node_role, ordered_edges, ordered_nodes, tap_color

__all__ = ["to_mermaid"]

_INDENT = "    "
_NODE_STYLES = {"highlighted": f"fill:{HIGHLIGHT_FILL}", "padding": "stroke-dasharray:3 3"}

# words Mermaid reads as syntax: as a bare title or label they would end a subgraph or start a directive
_KEYWORDS = {"end", "graph", "flowchart", "subgraph", "style", "linkstyle", "classdef", "class", "click", "direction", "call", "href"}


def _bare(text: str) -> bool:
    return re.fullmatch(r"\w+", text) is not None and text.lower() not in _KEYWORDS


def _subgraph_header(title: str, number: int) -> str:
    if _bare(title):
        return f"subgraph {title}"
    return f'subgraph panel{number} ["{mermaid_text(title)}"]'


def _node_text(ident: str, label: str) -> str:
    if _bare(label):
        return f"{ident}(({label}))"
    return f'{ident}(("{mermaid_text(label)}"))'


def to_mermaid(diagram, *, direction=None, tap_colors: bool = False, highlight_stroke: str = "black") -> str:
    """Render a diagram (or a bare graph) as a Mermaid flowchart.

    The layout follows the seed notes: ``graph LR`` (or ``TD``), one
    ``subgraph`` per panel holding its node declarations ``x11((x1))`` and
    edges ``x11 --> s11`` (by source, then target), then ``style <id>
    fill:#808080`` for highlighted nodes and ``linkStyle <n> stroke:black``
    for highlighted edges, ``n`` counting edges from 0 across the whole
    diagram, as Mermaid does.  Node ids carry the panel number when there are
    several panels (``x13`` is ``x3`` of panel 1).

    Parameters
    ----------
    diagram : Diagram or networkx.DiGraph
    direction : str, optional
        Override the diagram's direction (``"LR"``, ``"TD"``, ...).
    tap_colors : bool, default False
        Also colour every other edge by its kernel tap.
    highlight_stroke : str, default "black"
        A CSS colour name or ``#rgb``/``#rrggbb`` (with alpha); anything else
        is refused, since it is written into a style line.

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
    graph BT
        x1((x1))
        x2((x2))
        s1((s1))
    <BLANKLINE>
        x1 --> s1
        x2 --> s1
    >>> text = to_mermaid(parameter_sharing_diagram())
    >>> [line.strip() for line in text.splitlines() if "linkStyle" in line]
    ['linkStyle 0 stroke:black', 'linkStyle 3 stroke:black', 'linkStyle 6 stroke:black', 'linkStyle 9 stroke:black', 'linkStyle 12 stroke:black', 'linkStyle 25 stroke:black']

    See Also
    --------
    symconv.graphs.seed_diagrams : the four figures of the seed notes.
    """
    diagram = as_diagram(diagram, direction)
    tap_colors = as_bool(tap_colors, "tap_colors")
    highlight_stroke = as_color(highlight_stroke, "highlight_stroke")
    ids = node_ids(diagram)
    head = "TD" if diagram.direction == "TB" else diagram.direction
    lines = [f"graph {head}"]
    styles, link_styles = [], []
    link = 0
    for number, (panel, panel_ids) in enumerate(zip(diagram.panels, ids), start=1):
        G = panel.graph
        titled = panel.title is not None
        indent = _INDENT
        if titled:
            lines.append(indent + _subgraph_header(panel.title, number))
        for v in ordered_nodes(G):
            lines.append(indent + _node_text(panel_ids[v], G.nodes[v]["label"]))
        lines.append("")
        for u, v in ordered_edges(G):
            lines.append(f"{indent}{panel_ids[u]} --> {panel_ids[v]}")
            if (u, v) in panel.highlight_edges:
                link_styles.append(f"linkStyle {link} stroke:{highlight_stroke}")
            elif tap_colors and G.edges[u, v]["tap"] is not None:
                link_styles.append(f"linkStyle {link} stroke:{tap_color(G, G.edges[u, v])}")
            link += 1
        if titled:
            lines.append(indent + "end")
        for v in ordered_nodes(G):
            role = node_role(panel, v)
            if role != "plain":
                styles.append(f"style {panel_ids[v]} {_NODE_STYLES[role]}")
    lines += [_INDENT + line for line in styles + link_styles]
    return "\n".join(lines) + "\n"

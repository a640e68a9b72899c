"""Graphviz DOT text (render with ``dot -Tsvg``)."""

from __future__ import annotations

from .._output.colors import HIGHLIGHT_EDGE, HIGHLIGHT_EDGE_WIDTH, HIGHLIGHT_TEXT
from .._output.escape import dot_string
from .._validate import as_bool, short
from ._render import HIGHLIGHT_FILL, PLAIN_EDGE, as_diagram, node_ids, node_role, ordered_edges, ordered_nodes, tap_color

__all__ = ["to_dot"]

_NODE_STYLES = {
    "highlighted": ["style=filled", f'fillcolor="{HIGHLIGHT_FILL}"', f'fontcolor="{HIGHLIGHT_TEXT}"'],
    "padding": ["style=dashed"],
    "plain": [],
}
_RANKDIR = {"LR": "LR", "RL": "RL", "TD": "TB", "TB": "TB", "BT": "BT"}


def to_dot(diagram, *, direction=None, tap_colors: bool = True, name: str = "convolution") -> str:
    """Render a diagram (or a bare graph) as Graphviz DOT.

    Each panel is a ``cluster`` labelled with its title; each layer is a
    ``rank=same`` group so Graphviz keeps the layers in rows (or columns).
    Highlighted nodes are filled dark grey with white labels, highlighted edges vermillion and wide,
    other edges coloured by kernel tap (``tap_colors``) or grey.

    Parameters
    ----------
    diagram : Diagram or networkx.DiGraph
    direction : str, optional
        Override the diagram's direction; maps to ``rankdir``.
    tap_colors : bool, default True
    name : str, default "convolution"
        The graph's name in the DOT text (quoted and escaped like every
        title and label: a newline is DOT's ``\\n``, never a line break).

    Returns
    -------
    str

    Raises
    ------
    SymconvError
        An unknown direction; a highlight not in its graph (raised when the diagram is built).
    TypeError
        Something that is not a Diagram or a graph from :mod:`symconv.graphs`.

    Examples
    --------
    >>> from symconv.graphs import connectivity_graph
    >>> print(to_dot(connectivity_graph(2, [(2, 1, 0)])))
    digraph "convolution" {
      rankdir=BT;
      node [shape=circle, fixedsize=true, width=0.45, fontsize=10];
      subgraph "cluster_1" {
        label="";
        color=white;
        { rank=same; x1; x2; }
        { rank=same; s1; }
        x1 [label="x1"];
        x2 [label="x2"];
        s1 [label="s1"];
        x1 -> s1 [color="#0072B2"];
        x2 -> s1 [color="#E69F00"];
      }
    }
    """
    diagram = as_diagram(diagram, direction)
    tap_colors = as_bool(tap_colors, "tap_colors")
    if not isinstance(name, str):
        raise TypeError(f"name: expected a str, got {type(name).__name__} {short(name)}")
    ids = node_ids(diagram)
    lines = [
        f"digraph {dot_string(name)} {{",
        f"  rankdir={_RANKDIR[diagram.direction]};",
        "  node [shape=circle, fixedsize=true, width=0.45, fontsize=10];",
    ]
    for number, (panel, panel_ids) in enumerate(zip(diagram.panels, ids), start=1):
        G = panel.graph
        lines += [f"  subgraph {dot_string(f'cluster_{number}')} {{", f"    label={dot_string(panel.title or '')};"]
        if panel.title is None:
            lines.append("    color=white;")
        layers = {}
        for v in ordered_nodes(G):
            layers.setdefault(v[0], []).append(panel_ids[v])
        for members in layers.values():
            lines.append("    { rank=same; " + " ".join(f"{m};" for m in members) + " }")
        for v in ordered_nodes(G):
            data = G.nodes[v]
            attributes = [f"label={dot_string(data['label'])}", *_NODE_STYLES[node_role(panel, v)]]
            lines.append(f"    {panel_ids[v]} [{', '.join(attributes)}];")
        for u, v in ordered_edges(G):
            if (u, v) in panel.highlight_edges:
                attributes = f'color="{HIGHLIGHT_EDGE}", penwidth={HIGHLIGHT_EDGE_WIDTH:g}'
            else:
                color = tap_color(G, G.edges[u, v]) if tap_colors else PLAIN_EDGE
                attributes = f'color="{color}"'
                if G.edges[u, v].get("via"):  # a read of a copying padding cell, drawn from the unit it copies
                    attributes += ", style=dashed"
            lines.append(f"    {panel_ids[u]} -> {panel_ids[v]} [{attributes}];")
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"

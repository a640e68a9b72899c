"""matplotlib renderer: layered drawings of connectivity diagrams."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .._errors import SymconvError
from .._output.jupyter import SvgPicture
from .._validate import as_bool, as_real, short
from ._render import HIGHLIGHT_FILL, PLAIN_EDGE, as_diagram, layout, node_role, ordered_edges, ordered_nodes, tap_color
from ._render import title_anchor

__all__ = ["draw", "Drawing"]

_AUTO_LABELS = 200  # above this many nodes per panel labels would only be clutter


@dataclass
class Drawing(SvgPicture):
    """What :func:`draw` drew, per panel, so callers (and tests) can inspect it.

    Attributes
    ----------
    ax : matplotlib.axes.Axes
    nodes, padding, highlighted : list of PathCollection
        Plain, zero-padding and highlighted (filled) nodes, one collection per panel.
    edges, highlighted_edges : list of LineCollection
        Edges coloured by tap, and the highlighted (black, thick) edges.
    labels : list of Text
        Node labels (empty when labels were off).
    titles : list of Text
        Panel titles.
    """

    ax: Any
    nodes: list = field(default_factory=list)
    padding: list = field(default_factory=list)
    highlighted: list = field(default_factory=list)
    edges: list = field(default_factory=list)
    highlighted_edges: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    titles: list = field(default_factory=list)


def draw(
    diagram,
    ax=None,
    *,
    direction=None,
    tap_colors: bool = True,
    labels=None,
    node_size: float = 300.0,
    highlight_color: str = HIGHLIGHT_FILL,
) -> Drawing:
    """Draw a diagram (or a bare graph) with matplotlib.

    Layers are laid out in rows (``"BT"``: input at the bottom, as in
    Goodfellow et al.; ``"TD"``: at the top) or columns (``"LR"``), each
    unit over the centre of its receptive field; 2-D graphs are grids side
    by side.  Highlighted nodes are filled, highlighted edges black and
    thick, the other edges coloured by the kernel tap they use (edges that
    share a parameter share a colour); panels sit side by side.

    Parameters
    ----------
    diagram : Diagram or networkx.DiGraph
    ax : matplotlib.axes.Axes, optional
        Draw here; by default a new ``Figure`` (not registered with pyplot).
    direction : str, optional
        Override the diagram's direction.
    tap_colors : bool, default True
    labels : bool, optional
        Draw node labels; by default when a panel has at most 200 nodes.
    node_size : float, default 300
        Marker area in points²: a finite positive number.
    highlight_color : str, default "#808080"
        Any colour matplotlib reads.

    Returns
    -------
    Drawing
        The axes and every artist drawn.  Nothing is shown or saved: call
        ``drawing.figure.savefig(...)``.

    Raises
    ------
    SymconvError
        An unknown direction, a ``node_size`` that is not finite and
        positive, or a ``highlight_color`` matplotlib does not read.
    TypeError
        Something that is not a Diagram or a graph from :mod:`symconv.graphs`,
        or a flag that is not a bool.

    Examples
    --------
    >>> from symconv.graphs import outputs_affected_diagram
    >>> drawing = draw(outputs_affected_diagram())
    >>> [len(c.get_offsets()) for c in drawing.highlighted]
    [4, 6]
    >>> [len(c.get_segments()) for c in drawing.edges], [len(c.get_segments()) for c in drawing.highlighted_edges]
    ([13, 25], [0, 0])
    """
    from matplotlib.collections import LineCollection

    diagram = as_diagram(diagram, direction)
    node_size = as_real(node_size, "node_size")
    tap_colors = as_bool(tap_colors, "tap_colors")
    if labels is not None:
        labels = as_bool(labels, "labels")
    from matplotlib.colors import is_color_like

    if not is_color_like(highlight_color):
        raise SymconvError(f"highlight_color: expected a matplotlib colour such as '#808080', got {short(highlight_color)}",
                           parameter="highlight_color")
    points = layout(diagram)
    if ax is None:
        from matplotlib.figure import Figure

        xs = [x for where in points for x, _ in where.values()]
        ys = [y for where in points for _, y in where.values()]
        width = min(max(max(xs) - min(xs) + 1.5, 3.0) * 0.55, 40.0)
        height = min(max(max(ys) - min(ys) + 2.0, 2.0) * 0.55, 40.0)
        ax = Figure(figsize=(width, height)).add_subplot()
    drawing = Drawing(ax)
    for panel, where in zip(diagram.panels, points):
        G = panel.graph
        plain_segments, plain_colors, bold_segments = [], [], []
        for u, v in ordered_edges(G):
            segment = (where[u], where[v])
            if (u, v) in panel.highlight_edges:
                bold_segments.append(segment)
            else:
                plain_segments.append(segment)
                plain_colors.append(tap_color(G, G.edges[u, v]) if tap_colors else PLAIN_EDGE)
        edges = LineCollection(plain_segments, colors=plain_colors or None, linewidths=1.0, zorder=1)
        bold = LineCollection(bold_segments, colors="black", linewidths=2.5, zorder=2)
        drawing.edges.append(ax.add_collection(edges))
        drawing.highlighted_edges.append(ax.add_collection(bold))

        groups = {"plain": [], "padding": [], "highlighted": []}
        for v in ordered_nodes(G):
            groups[node_role(panel, v)].append(where[v])
        styles = {
            "plain": dict(facecolors="white", linestyles="solid"),
            "padding": dict(facecolors="white", linestyles="dashed"),
            "highlighted": dict(facecolors=highlight_color, linestyles="solid"),
        }
        for role, xy in groups.items():
            xs, ys = [x for x, _ in xy], [y for _, y in xy]
            collection = ax.scatter(xs, ys, s=node_size, edgecolors="black", zorder=3, **styles[role])
            getattr(drawing, "nodes" if role == "plain" else role).append(collection)

        show_labels = labels if labels is not None else G.number_of_nodes() <= _AUTO_LABELS
        if show_labels:
            for v in ordered_nodes(G):
                x, y = where[v]
                drawing.labels.append(
                    ax.text(x, y, G.nodes[v]["label"], ha="center", va="center", fontsize=7, zorder=4)
                )
        if panel.title is not None:
            x, y = title_anchor(where, 0.9)
            drawing.titles.append(ax.text(x, y, panel.title, ha="center", va="bottom"))
    xs = [x for where in points for x, _ in where.values()]
    ys = [y for where in points for _, y in where.values()]
    ax.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
    ax.set_ylim(min(ys) - 0.8, max(ys) + (1.6 if drawing.titles else 0.8))
    ax.set_aspect("equal")
    ax.set_axis_off()
    return drawing

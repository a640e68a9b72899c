"""matplotlib renderer: layered drawings of connectivity diagrams."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .._errors import SymconvError
from .._output.colors import HIGHLIGHT_EDGE, HIGHLIGHT_EDGE_WIDTH, HIGHLIGHT_TEXT
from .._output.jupyter import SvgPicture
from .._validate import as_bool, as_real, short
from ._render import HIGHLIGHT_FILL, PLAIN_EDGE, as_diagram, layout, node_role, ordered_edges, ordered_nodes, tap_color
from ._render import title_anchor

__all__ = ["draw", "Drawing"]

_AUTO_LABELS = 200  # above this many nodes per panel labels would only be clutter
_INCHES_PER_UNIT = 0.55  # a new figure's scale: one layout unit (the distance of neighbouring units) in inches
_NODE_SIZE_1D = 300.0  # points² (a 17-point circle: 0.44 of a unit)
_NODE_FILL = 0.75  # a 2-D node's diameter as a fraction of the closest distance of two units
_LABEL_SIZE = 7.0  # points, the largest label font
_LABEL_ROOM = 0.9  # a label's box (corners included) stays within this fraction of its node's radius


def _label_fontsize(labels, diameter: float) -> float:
    """The font size (points) at which the widest label's box fits inside a circle ``diameter`` points across.

    Text boxes grow linearly with the font size, so the boxes at 10 points
    are measured once (width of each label, height of a line) and scaled.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure = TextToPath()
    prop = FontProperties(size=10.0)
    line = max(measure.get_text_width_height_descent(text, prop, ismath=False)[1] for text in ("lp", "Mg"))
    widest = max(measure.get_text_width_height_descent(text, prop, ismath=False)[0] for text in set(labels))
    # matplotlib's box of one line of text is about 1.2 of the glyph height "lp"
    half_diagonal = ((widest / 2) ** 2 + (1.2 * line / 2) ** 2) ** 0.5 / 10.0
    return min(_LABEL_SIZE, _LABEL_ROOM * (diameter / 2) / half_diagonal)


@dataclass
class Drawing(SvgPicture):
    """What :func:`draw` drew, per panel, so callers (and tests) can inspect it.

    Attributes
    ----------
    ax : matplotlib.axes.Axes
    nodes, padding, highlighted : list of PathCollection
        Plain, zero-padding and highlighted (filled) nodes, one collection per panel.
    edges, highlighted_edges : list of LineCollection
        Edges coloured by tap, and the highlighted (vermillion, wide) edges.
    labels : list of Text
        Node labels (empty when labels were off), white on highlighted nodes.
    titles : list of Text
        Panel titles.
    planes : list of PolyCollection
        The outline of every layer of a 2-D panel (one collection per 2-D panel).
    """

    ax: Any
    nodes: list = field(default_factory=list)
    padding: list = field(default_factory=list)
    highlighted: list = field(default_factory=list)
    edges: list = field(default_factory=list)
    highlighted_edges: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    titles: list = field(default_factory=list)
    planes: list = field(default_factory=list)


def draw(
    diagram,
    ax=None,
    *,
    direction=None,
    tap_colors: bool = True,
    labels=None,
    node_size=None,
    highlight_color: str = HIGHLIGHT_FILL,
) -> Drawing:
    """Draw a diagram (or a bare graph) with matplotlib.

    Layers are laid out in rows (``"BT"``: input at the bottom, as in
    Goodfellow et al.; ``"TD"``: at the top) or columns (``"LR"``), each
    unit over the centre of its receptive field.  A 2-D layer is a grid
    plane seen obliquely (row 1 at the back, column 1 on the left), the
    planes stacked in the same directions; there only the edges among the
    highlighted units (and the highlighted edges) are drawn, every edge when
    nothing is highlighted.  Highlighted nodes are filled dark with white
    labels, highlighted edges vermillion and wide, the other edges coloured
    by the kernel tap they use (edges that share a parameter share a
    colour); panels sit side by side.  Labels are sized to fit inside their
    nodes.

    Parameters
    ----------
    diagram : Diagram or networkx.DiGraph
    ax : matplotlib.axes.Axes, optional
        Draw here; by default a new ``Figure`` (not registered with pyplot)
        of 0.55 inch per unit of the layout.
    direction : str, optional
        Override the diagram's direction.
    tap_colors : bool, default True
    labels : bool, optional
        Draw node labels; by default when a panel has at most 200 nodes.
    node_size : float, optional
        Marker area in points²: a finite positive number.  By default 300
        for 1-D graphs, and for 2-D graphs three quarters of the distance of
        the closest two units across (at 0.55 inch per unit).
    highlight_color : str, default "#4D4D4D"
        Fill of highlighted nodes: any colour matplotlib reads.

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
    >>> from symconv.graphs import inputs_affecting_diagram, outputs_affected_diagram
    >>> drawing = draw(outputs_affected_diagram())
    >>> [len(c.get_offsets()) for c in drawing.highlighted]
    [4, 6]
    >>> [len(c.get_segments()) for c in drawing.edges], [len(c.get_segments()) for c in drawing.highlighted_edges]
    ([13, 25], [0, 0])
    >>> drawing = draw(inputs_affecting_diagram((4, 4), [(3, 1, 1)], full=False))
    >>> [t.get_text() for t in drawing.labels if t.get_color() == "#FFFFFF" and t.get_text()[0] == "s"]  # the middle
    ['s2,2']
    >>> [len(c.get_segments()) for c in drawing.edges]  # its nine inputs' edges only
    [9]
    """
    from matplotlib.collections import LineCollection

    diagram = as_diagram(diagram, direction)
    if node_size is not None:
        node_size = as_real(node_size, "node_size")
    tap_colors = as_bool(tap_colors, "tap_colors")
    if labels is not None:
        labels = as_bool(labels, "labels")
    if ax is not None and not (hasattr(ax, "add_collection") and hasattr(ax, "scatter") and hasattr(ax, "set_xlim")):
        raise TypeError(f"ax: expected matplotlib Axes or None, got {type(ax).__name__} {short(ax)}")
    from matplotlib.colors import is_color_like

    if not is_color_like(highlight_color):
        raise SymconvError(f"highlight_color: expected a matplotlib colour such as '#808080', got {short(highlight_color)}",
                           parameter="highlight_color")
    points = layout(diagram)
    xs = [x for where in points for x, _ in where.values()]
    ys = [y for where in points for _, y in where.values()]
    titled = any(panel.title is not None for panel in diagram.panels)
    margin = 0.8 + (0.6 if any(panel.graph.graph["ndim"] == 2 for panel in diagram.panels) else 0.0)  # plane outlines
    xlim = (min(xs) - margin, max(xs) + margin)
    ylim = (min(ys) - margin, max(ys) + margin + (0.8 if titled else 0.0))
    if ax is None:
        from matplotlib.figure import Figure

        # the axes fill the figure, so one unit of the layout is _INCHES_PER_UNIT across (unless the figure is capped)
        width = min(max(xlim[1] - xlim[0], 3.0) * _INCHES_PER_UNIT, 40.0)
        height = min((ylim[1] - ylim[0]) * _INCHES_PER_UNIT, 40.0)
        ax = Figure(figsize=(width, height)).add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_axis_off()
    box = ax.get_position()
    figure_width, figure_height = ax.figure.get_size_inches()
    # points per unit of the layout: equal aspect shrinks the box to the tighter of the two directions
    scale = 72.0 * min(box.width * figure_width / (xlim[1] - xlim[0]), box.height * figure_height / (ylim[1] - ylim[0]))
    drawing = Drawing(ax)
    for panel, where in zip(diagram.panels, points):
        G = panel.graph
        flat = G.graph["ndim"] == 1
        size = node_size if node_size is not None else _node_size(where, scale, cap=_NODE_SIZE_1D if flat else None)
        plain_segments, plain_colors, plain_styles, bold_segments = [], [], [], []
        # a 2-D graph's edges between planes cross every unit in between: keep the highlighted ones (if any)
        shown = flat or not (panel.highlight or panel.highlight_edges)
        for u, v in ordered_edges(G):
            segment = (where[u], where[v])
            if (u, v) in panel.highlight_edges:
                bold_segments.append(segment)
            elif shown or (u in panel.highlight and v in panel.highlight):
                plain_segments.append(segment)
                plain_colors.append(tap_color(G, G.edges[u, v]) if tap_colors else PLAIN_EDGE)
                # a read of a reflect/replicate/circular padding cell, drawn from the unit it copies: dashed
                plain_styles.append("dashed" if G.edges[u, v].get("via") else "solid")
        dashes = {"linestyles": plain_styles} if "dashed" in plain_styles else {}
        edges = LineCollection(plain_segments, colors=plain_colors or None, linewidths=1.0, zorder=1, **dashes)
        bold = LineCollection(bold_segments, colors=HIGHLIGHT_EDGE, linewidths=HIGHLIGHT_EDGE_WIDTH, zorder=2)
        drawing.edges.append(ax.add_collection(edges))
        drawing.highlighted_edges.append(ax.add_collection(bold))

        if not flat and G.graph["ndim"] == 2:
            drawing.planes.append(ax.add_collection(_plane_outlines(G, where, size ** 0.5 / scale)))
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
            collection = ax.scatter(xs, ys, s=size, edgecolors="black", zorder=3, **styles[role])
            getattr(drawing, "nodes" if role == "plain" else role).append(collection)

        show_labels = labels if labels is not None else G.number_of_nodes() <= _AUTO_LABELS
        if show_labels:
            fontsize = _label_fontsize([G.nodes[v]["label"] for v in G], size ** 0.5)
            for v in ordered_nodes(G):
                x, y = where[v]
                color = HIGHLIGHT_TEXT if v in panel.highlight else "black"
                drawing.labels.append(
                    ax.text(x, y, G.nodes[v]["label"], ha="center", va="center", fontsize=fontsize, color=color, zorder=4)
                )
        if panel.title is not None:
            x, y = title_anchor(where, 0.9)
            drawing.titles.append(ax.text(x, y, panel.title, ha="center", va="bottom"))
    return drawing


def _node_size(where: dict, scale: float, cap=None) -> float:
    """Marker area (points²): ``_NODE_FILL`` of the closest two units' distance across, at ``scale`` points per unit.

    The distance is measured in the layout (a transposed layer's inserted
    zeros sit closer than the units); ``cap`` bounds the area (1-D graphs
    keep their 300 points²).
    """
    import numpy as np
    from scipy.spatial import cKDTree

    xy = np.array(list(where.values()), dtype=float)
    closest = 1.0
    if len(xy) > 1:
        distances, _ = cKDTree(xy).query(xy, k=2)
        closest = min(float(distances[:, 1].min()), 1.0)
    area = (_NODE_FILL * closest * scale) ** 2
    return area if cap is None else min(area, cap)


def _plane_outlines(G, where: dict, diameter: float):
    """A light parallelogram behind each layer of a 2-D panel, a node's radius outside its corner units."""
    from matplotlib.collections import PolyCollection

    from ._render import DEPTH, SHEAR

    corners = {}
    for v, data in G.nodes(data=True):
        row, column = (float(p) for p in data["position"])
        corners.setdefault(data["layer"], {})[(row, column)] = where[v]
    polygons = []
    for layer in sorted(corners):
        cells = corners[layer]
        rows, columns = [r for r, _ in cells], [c for _, c in cells]
        top, bottom, left, right = min(rows), max(rows), min(columns), max(columns)
        # the layout is affine in (row, column): three corners give the fourth, and each unit's place
        origin = _affine_point(cells, bottom, left)
        across = _affine_point(cells, bottom, right)
        back = _affine_point(cells, top, left)
        ex = (across[0] - origin[0], across[1] - origin[1])
        ey = (back[0] - origin[0], back[1] - origin[1])
        # a layer of one row or one column still gets a plane a node wide, along the layout's axes
        direction_x = ex if ex != (0.0, 0.0) else (1.0, 0.0)
        direction_y = ey if ey != (0.0, 0.0) else (SHEAR, DEPTH)
        pad = diameter
        polygon = []
        for a, b in ((0, 0), (1, 0), (1, 1), (0, 1)):
            ux, uy = _unit(direction_x), _unit(direction_y)
            x = origin[0] + a * ex[0] + b * ey[0] + (a - 0.5) * 2 * pad * ux[0] + (b - 0.5) * 2 * pad * uy[0]
            y = origin[1] + a * ex[1] + b * ey[1] + (a - 0.5) * 2 * pad * ux[1] + (b - 0.5) * 2 * pad * uy[1]
            polygon.append((x, y))
        polygons.append(polygon)
    return PolyCollection(polygons, facecolors="#F2F2F2", edgecolors="#BBBBBB", linewidths=0.6, zorder=0)


def _affine_point(cells: dict, row: float, column: float):
    if (row, column) in cells:
        return cells[(row, column)]
    # a corner without a unit (padding cut off): the nearest unit's place moved along the plane's axes
    (r, c), (x, y) = min(cells.items(), key=lambda item: abs(item[0][0] - row) + abs(item[0][1] - column))
    from ._render import DEPTH, SHEAR

    return x + (column - c) - SHEAR * (row - r), y - DEPTH * (row - r)


def _unit(vector):
    length = (vector[0] ** 2 + vector[1] ** 2) ** 0.5
    return (0.0, 0.0) if length == 0 else (vector[0] / length, vector[1] / length)

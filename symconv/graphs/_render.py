"""What every renderer shares: diagram coercion, node/edge order, ids, layout and tap colours.

Renderers read diagrams by their attributes only (``panels`` and
``direction``; per panel ``graph``, ``title``, ``highlight`` and
``highlight_edges``), so this module does not import :mod:`.panels`:
a :class:`~symconv.graphs.Diagram` can show itself through a renderer
without an import cycle.
"""

from __future__ import annotations

import re

from typing import Any, NamedTuple

from .._errors import SymconvError
from .._output.colors import HIGHLIGHT_FILL, PLAIN_EDGE, TAP_COLORS  # noqa: F401 (re-exported to the renderers)
from .._validate import short

#: Mermaid's directions: where the input sits (left, right, top, bottom).
DIRECTIONS = ("LR", "RL", "TD", "TB", "BT")

LAYER_SPACING = 1.5
PANEL_GAP = 1.5


class _View(NamedTuple):
    """Panels with a direction, as a renderer reads a Diagram."""

    panels: tuple
    direction: str


class _BarePanel(NamedTuple):
    """A bare graph as a renderer reads a Panel: untitled, nothing highlighted."""

    graph: Any
    title: Any = None
    highlight: frozenset = frozenset()
    highlight_edges: frozenset = frozenset()


def as_diagram(obj, direction=None):
    """What a renderer draws: a Diagram (its direction overridden if given), a Panel or a bare graph.

    A Panel or a bare graph is one panel drawn bottom-up (``"BT"``).  The
    text that reaches the output is checked here, whatever built the graph:
    titles are str or None, label prefixes are names (a letter, then letters,
    digits or ``_``), labels are str; the renderers escape titles and labels
    for their format.
    """
    if direction is not None and (not isinstance(direction, str) or direction not in DIRECTIONS):
        raise SymconvError(f"direction: expected one of {DIRECTIONS}, got {short(direction)}", parameter="direction")
    if hasattr(obj, "panels") and hasattr(obj, "direction"):
        view = obj if direction is None else _View(tuple(obj.panels), direction)
    elif hasattr(obj, "highlight_edges") and hasattr(obj, "graph"):
        view = _View((obj,), direction or "BT")
    elif not hasattr(obj, "graph") or "sizes" not in getattr(obj, "graph", {}):
        raise TypeError(f"graph: expected a graph from connectivity_graph or dense_graph, got {type(obj).__name__}")
    else:
        view = _View((_BarePanel(obj),), direction or "BT")
    for panel in view.panels:
        _check_text(panel)
    return view


_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def _check_text(panel) -> None:
    if panel.title is not None and not isinstance(panel.title, str):
        raise TypeError(f"title: expected a str or None, got {type(panel.title).__name__} {short(panel.title)}")
    G = panel.graph
    for prefix in G.graph.get("prefixes", ()):
        if not isinstance(prefix, str) or not _PREFIX.match(prefix):
            raise SymconvError(
                f"names: expected label prefixes of letters, digits and '_' starting with a letter, got {short(prefix)}",
                parameter="names",
            )
    for v, data in G.nodes(data=True):
        if not isinstance(data.get("label"), str):
            raise TypeError(f"label: expected a str label on every node, got {short(data.get('label'))} on {short(v)}")


def ordered_nodes(G) -> list:
    """Nodes by layer, then position (padding in place): the seed notes' order."""
    return sorted(G.nodes)


def ordered_edges(G) -> list:
    """Edges by source, then target: the seed notes' order (``x1 --> s1``, ``x1 --> s2``, ...)."""
    return sorted(G.edges)


def _token(value) -> str:
    """A position or index as id text: axes joined by ``_``, ``-`` as ``m``, a fraction ``n/d`` as ``ndd``.

    An inserted zero of a transposed layer sits at a fractional position:
    ``(1/2, 3)`` is ``1d2_3`` and ``(1, 2/3)`` is ``1_2d3``, while integer
    positions read as before (``(-1, 2)`` is ``m1_2``).
    """
    text = "_".join(map(str, value)) if isinstance(value, tuple) else str(value)
    return text.replace("-", "m").replace("/", "d")


def node_ids(diagram) -> list[dict]:
    """Per panel, node -> an identifier unique in the diagram.

    Seed style: the label's prefix, the panel number when there are several
    panels, then the 1-based index (``x13`` = panel 1, ``x3``); padding
    nodes get ``<prefix><panel>p<position>`` (``xpm1`` for position -1,
    ``xp1d2`` for the zero a transposed layer inserts at 1/2).
    """
    many = len(diagram.panels) > 1
    out, seen = [], set()
    for number, panel in enumerate(diagram.panels, start=1):
        G = panel.graph
        prefixes = G.graph["prefixes"]
        sub = str(number) if many else ""
        ids = {}
        for v in ordered_nodes(G):
            data = G.nodes[v]
            prefix = prefixes[data["layer"]]
            if data["padding"]:
                ident = f"{prefix}{sub}p{_token(data['position'])}"
            else:
                ident = f"{prefix}{sub}{_token(data['index'])}"
            ident = re.sub(r"\W", "_", ident, flags=re.ASCII)
            if not ident[:1].isalpha():  # an id starts with a letter in every format (DOT reads "1x" as a number)
                ident = "n" + ident
            while ident in seen:  # custom prefixes may collide; keep ids unique
                ident += "_"
            seen.add(ident)
            ids[v] = ident
        out.append(ids)
    return out


def node_role(panel, v) -> str:
    """How a renderer styles a node: ``"highlighted"``, ``"padding"`` or ``"plain"``."""
    if v in panel.highlight:
        return "highlighted"
    return "padding" if panel.graph.nodes[v]["padding"] else "plain"


def tap_number(G, data) -> int | None:
    """A running number for an edge's tap (row-major in N-D), or None for dense edges."""
    tap = data.get("tap")
    if tap is None:
        return None
    if not isinstance(tap, tuple):
        return tap
    number = 0
    kernel = G.graph["layers"][data["layer"] - 1].geometry.kernel_size
    for t, k in zip(tap, kernel):
        number = number * max(k, 1) + t
    return number


def tap_color(G, data) -> str:
    number = tap_number(G, data)
    return PLAIN_EDGE if number is None else TAP_COLORS[number % len(TAP_COLORS)]


def _orient(pos, ndim: int, direction: str):
    if ndim != 1:
        return pos
    a, layer = pos
    h = layer * LAYER_SPACING
    return {"BT": (a, h), "TD": (a, -h), "TB": (a, -h), "LR": (h, -a), "RL": (-h, -a)}[direction]


#: 2-D layers as planes in an oblique projection: each row further back sits SHEAR to the right and DEPTH up.
SHEAR = 0.5
DEPTH = 0.6
#: Space between two planes, beyond the depth of the lower one.
PLANE_GAP = 2.5


def _planes(G, direction: str) -> dict:
    """Node -> (x, y) for a 2-D graph: each layer a grid plane seen obliquely, the planes stacked.

    Row 0 of a layer is at the back (top) of its plane, as the top row of a
    matrix; column 0 on the left.  Planes stack upwards from the input
    (``BT``), downwards (``TD``/``TB``), or stand side by side (``LR``/``RL``),
    each centred on the others.  Neighbouring units are at least
    ``min(1, hypot(SHEAR, DEPTH), hypot(1 - SHEAR, DEPTH))`` apart.
    """
    extents = {}
    for _, data in G.nodes(data=True):
        row, column = (float(p) for p in data["position"])
        low_r, high_r, low_c, high_c = extents.get(data["layer"], (row, row, column, column))
        extents[data["layer"]] = (min(low_r, row), max(high_r, row), min(low_c, column), max(high_c, column))
    levels, level = {}, 0.0
    for layer in sorted(extents):
        low_r, high_r, low_c, high_c = extents[layer]
        depth = DEPTH * (high_r - low_r)
        width = (high_c - low_c) + SHEAR * (high_r - low_r)
        extent = width if direction in ("LR", "RL") else depth
        levels[layer] = level
        level += extent + PLANE_GAP
    sign = -1.0 if direction in ("TD", "TB", "RL") else 1.0
    out = {}
    for v, data in G.nodes(data=True):
        row, column = (float(p) for p in data["position"])
        low_r, high_r, low_c, high_c = extents[data["layer"]]
        back = high_r - row  # 0 for the front (last) row
        x = (column - (low_c + high_c) / 2) + SHEAR * (back - (high_r - low_r) / 2)
        y = DEPTH * back
        if direction in ("LR", "RL"):
            out[v] = (sign * levels[data["layer"]] + x, y)
        else:
            out[v] = (x, sign * levels[data["layer"]] + y)
    return out


def layout(diagram) -> list[dict]:
    """Per panel, node -> (x, y) drawing coordinates; panels side by side, left to right.

    1-D layers are rows (or columns), each unit over the centre of its
    receptive field (the graph's ``pos``); 2-D layers are planes
    (:func:`_planes`); 3-D graphs keep their ``pos``.
    """
    assert diagram.direction in DIRECTIONS
    out, offset = [], 0.0
    for panel in diagram.panels:
        G = panel.graph
        ndim = G.graph["ndim"]
        if ndim == 2:
            points = _planes(G, diagram.direction)
        else:
            points = {v: _orient(data["pos"], ndim, diagram.direction) for v, data in G.nodes(data=True)}
        xs = [x for x, _ in points.values()]
        shift = offset - min(xs)
        points = {v: (x + shift, y) for v, (x, y) in points.items()}
        offset = max(xs) + shift + PANEL_GAP + 1.0
        out.append(points)
    return out


def title_anchor(points: dict, lift: float) -> tuple:
    """Where a panel's title goes: centred over the panel's nodes, ``lift`` above the top row."""
    xs = [x for x, _ in points.values()]
    return (min(xs) + max(xs)) / 2, max(y for _, y in points.values()) + lift


def tex_label(G, v) -> str:
    """The node's label in TeX: ``x_{3}``, ``h^{(12)}_{3}``, ``x_{2,3}``; padding ``0``."""
    data = G.nodes[v]
    if data["padding"]:
        return "0"
    prefix = G.graph["prefixes"][data["layer"]]
    index = data["index"]
    parts = index if isinstance(index, tuple) else (index,)
    if not all(isinstance(i, int) for i in parts):
        raise TypeError(f"index: expected the int index of every unit, got {short(index)} on {short(v)}")
    index = ",".join(map(str, parts))
    deep = re.fullmatch(r"([A-Za-z]+)(\d+)_", prefix)
    symbol = f"{deep.group(1)}^{{({deep.group(2)})}}" if deep else prefix.replace("_", r"\_")
    return f"{symbol}_{{{index}}}"

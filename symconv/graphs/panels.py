"""Diagrams as data: a :class:`Panel` is one graph with what to highlight, a :class:`Diagram` panels drawn together.

This module is a leaf of :mod:`symconv.graphs`: the builders in
:mod:`~symconv.graphs.diagrams` make these objects and every renderer reads
them, so neither renderers nor builders import each other through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._errors import SymconvError
from .._validate import short
from ._render import DIRECTIONS
from .queries import resolve_node

__all__ = ["Panel", "Diagram", "DIRECTIONS"]


def _describe(G) -> str:
    return f"a graph with layers of sizes {G.graph['sizes']}"


@dataclass(frozen=True)
class Panel:
    """One graph of a diagram with what to highlight.

    Parameters
    ----------
    graph : networkx.DiGraph
        From :func:`connectivity_graph` or :func:`dense_graph`.
    title : str, optional
        Shown as the Mermaid subgraph / the panel's caption.
    highlight : iterable of nodes or labels
        Nodes drawn filled.
    highlight_edges : iterable of (u, v)
        Edges drawn black and thick (Mermaid ``linkStyle``).

    Raises
    ------
    SymconvError
        A highlighted node or edge that is not in the graph.

    Examples
    --------
    >>> from symconv.graphs import connectivity_graph
    >>> Panel(connectivity_graph(5, [(3, 1, 1)]), highlight=["x3"]).highlight
    frozenset({(0, 2)})
    >>> Panel(connectivity_graph(5, [(3, 1, 1)]), highlight=["x9"])
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: highlight: node: expected a label of the graph (x1, x2, x3, x4, ..., s4, s5), got 'x9'
    """

    graph: Any
    title: str | None = None
    highlight: frozenset = frozenset()
    highlight_edges: frozenset = frozenset()

    def __post_init__(self):
        G = self.graph
        if not hasattr(G, "graph") or "sizes" not in getattr(G, "graph", {}):
            raise TypeError(f"graph: expected a graph from connectivity_graph or dense_graph, got {type(G).__name__}")
        if self.title is not None and not isinstance(self.title, str):
            raise TypeError(f"title: expected a str or None, got {type(self.title).__name__} {self.title!r}")
        try:
            nodes = frozenset(resolve_node(G, v) for v in self.highlight)
        except SymconvError as err:
            raise SymconvError(f"highlight: {err}", parameter="highlight") from err
        edges = []
        for edge in self.highlight_edges:
            try:
                u, v = (resolve_node(G, w) for w in edge)
            except (SymconvError, TypeError, ValueError):
                u = v = None
            if u is None or not G.has_edge(u, v):
                raise SymconvError(f"highlight_edges: expected edges (u, v) of {_describe(G)}, got {edge!r}", parameter="highlight_edges")
            edges.append((u, v))
        object.__setattr__(self, "highlight", nodes)
        object.__setattr__(self, "highlight_edges", frozenset(edges))


@dataclass(frozen=True)
class Diagram:
    """Panels drawn together, in Mermaid's direction (``"LR"``, ``"TD"``, ``"BT"``, ...).

    Parameters
    ----------
    panels : sequence of Panel
    direction : {"LR", "RL", "TD", "TB", "BT"}, default "LR"
        Where the input sits: left (``LR``), top (``TD``/``TB``), bottom (``BT``).

    Raises
    ------
    SymconvError
        An unknown direction.
    TypeError
        No panels, or panels that are not :class:`Panel`.

    Examples
    --------
    >>> from symconv.graphs import outputs_affected_diagram
    >>> d = outputs_affected_diagram()
    >>> d.direction, [p.title for p in d.panels]
    ('BT', ['sparse connectivity', 'full connectivity'])
    """

    panels: tuple
    direction: str = "LR"

    def __post_init__(self):
        panels = tuple(self.panels)
        if not panels or not all(isinstance(p, Panel) for p in panels):
            raise TypeError(f"panels: expected a non-empty sequence of Panel, got {self.panels!r}")
        if not isinstance(self.direction, str) or self.direction not in DIRECTIONS:
            raise SymconvError(f"direction: expected one of {DIRECTIONS}, got {short(self.direction)}", parameter="direction")
        object.__setattr__(self, "panels", panels)

    def _repr_svg_(self) -> str:
        """Jupyter shows a diagram as SVG, drawn by :func:`~symconv.graphs.draw`."""
        from .._output.jupyter import svg_text
        from .draw_mpl import draw

        return svg_text(draw(self).figure)


"""Diagram builders: the seed notes' four figures, with highlights computed from the graphs.

A :class:`Diagram` is one or more :class:`Panel` s (a graph, a title, the
highlighted nodes and edges) and a direction; the renderers
(:func:`~symconv.graphs.to_mermaid`, :func:`~symconv.graphs.draw`,
:func:`~symconv.graphs.to_dot`, :func:`~symconv.graphs.to_tikz`) draw it.
Nothing here is drawn or listed by hand: every highlight is a query on the
graph, so the figures hold for any input size, kernel, stride, padding,
dilation and depth.

The seed notes (``000_b64759519602dc2f``, after Goodfellow, Bengio &
Courville, *Deep Learning*, figs. 9.2-9.5) draw five inputs and a kernel of
width 3 with padding 1; those are the defaults:

1. :func:`outputs_affected_diagram` -- sparse vs full connectivity seen from
   below: the units ``x3`` affects (``s2, s3, s4`` vs all five);
2. :func:`inputs_affecting_diagram` -- seen from above: the inputs that
   affect ``s3`` (``x2, x3, x4`` vs all five);
3. :func:`receptive_field_diagram` -- through two layers: ``g3`` depends on
   ``h2, h3, h4``, which depend on ``x1 .. x5``;
4. :func:`parameter_sharing_diagram` -- every use of the centre tap vs the
   one edge that weight serves in the full graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._errors import SymconvError
from .._validate import as_bool, short
from .generators import connectivity_graph, dense_graph
from .panels import DIRECTIONS, Diagram, Panel
from .queries import affected_nodes, cone_nodes, layer_nodes, receptive_field_nodes, resolve_node

__all__ = [
    "Panel",
    "Diagram",
    "outputs_affected_diagram",
    "inputs_affecting_diagram",
    "receptive_field_diagram",
    "parameter_sharing_diagram",
    "DIRECTIONS",
]

_SEED_LAYERS = ((3, 1, 1),)


def _middle(G, layer):
    """The unit nearest the centre of a layer; of several equally near (an even size), the one of lowest index.

    Per axis that is index ``(n - 1) // 2`` (0-based): ``s3`` of 5, ``s2`` of 4, ``s2,2`` of 4x4 -- never a
    unit on the edge, as taking the middle of the row-major list did (``s2,4`` of 4x4).
    """
    nodes = layer_nodes(G, layer)
    positions = [v[1] if isinstance(v[1], tuple) else (v[1],) for v in nodes]
    low = [min(p[axis] for p in positions) for axis in range(len(positions[0]))]
    high = [max(p[axis] for p in positions) for axis in range(len(positions[0]))]
    centre = [(a + b) / 2 for a, b in zip(low, high)]
    _, v = min((sum((p - c) ** 2 for p, c in zip(position, centre)), v) for position, v in zip(positions, nodes))
    return v


def _dense_counterpart(G):
    if G.graph["ndim"] != 1:
        raise SymconvError(
            f"full: the fully connected panel is drawn for 1-D inputs only, got {G.graph['ndim']}-D; pass full=False", parameter="full"
        )
    sizes = G.graph["sizes"]
    return dense_graph(sizes[0], sizes[1:], names=G.graph["prefixes"])


def _titles(titles, count: int):
    titles = (titles,) if isinstance(titles, str) or titles is None else tuple(titles)
    if len(titles) < count:
        raise SymconvError(f"titles: expected {count} title(s), got {short(titles)}", parameter="titles")
    return titles[:count]


def _cone(n_inputs, layers, node, default_layer, query, *, full, include_padding, titles, direction):
    full = as_bool(full, "full")
    sparse = connectivity_graph(n_inputs, layers, include_padding=include_padding)
    start = _middle(sparse, default_layer) if node is None else resolve_node(sparse, node)
    graphs = [sparse] + ([_dense_counterpart(sparse)] if full else [])
    panels = []
    for G, title in zip(graphs, _titles(titles, len(graphs))):
        # every layer between the node and the far end of the cone, so deep stacks light up the whole path: one walk
        cone = cone_nodes(G, start, upward=query is affected_nodes, include_padding=include_padding)
        panels.append(Panel(G, title, cone))
    return Diagram(tuple(panels), direction)


def outputs_affected_diagram(
    n_inputs=5,
    layers=_SEED_LAYERS,
    node=None,
    *,
    full: bool = True,
    include_padding: bool = False,
    titles=("sparse connectivity", "full connectivity"),
    direction: str = "BT",
) -> Diagram:
    """Sparse vs full connectivity seen from below: everything one unit affects.

    Parameters
    ----------
    n_inputs : int or tuple, default 5
    layers : layer stack, default ``[(3, 1, 1)]``
    node : (layer, position) or label, optional
        The unit whose influence is shown; the middle input by default (``x3``).
    full : bool, default True
        Add the fully connected counterpart as a second panel (1-D only).
    include_padding : bool, default False
    titles : sequence of str
    direction : str, default "BT"
        The input at the bottom, as in Goodfellow et al.; the panels stand side by side.

    Returns
    -------
    Diagram
        Highlights: the node and every unit it reaches, in each panel.

    Raises
    ------
    SymconvError
        Bad layers, a node not in the graph, or ``full`` for a 2-D input.

    Examples
    --------
    >>> d = outputs_affected_diagram()
    >>> [sorted(d.panels[0].graph.nodes[v]["label"] for v in p.highlight) for p in d.panels]
    [['s2', 's3', 's4', 'x3'], ['s1', 's2', 's3', 's4', 's5', 'x3']]
    """
    return _cone(
        n_inputs, layers, node, 0, affected_nodes,
        full=full, include_padding=include_padding, titles=titles, direction=direction,
    )


def inputs_affecting_diagram(
    n_inputs=5,
    layers=_SEED_LAYERS,
    node=None,
    *,
    full: bool = True,
    include_padding: bool = False,
    titles=("sparse connectivity", "full connectivity"),
    direction: str = "BT",
) -> Diagram:
    """Sparse vs full connectivity seen from above: everything that affects one unit.

    ``node`` defaults to the middle unit of the last layer (``s3``); the
    highlight is the node with all its ancestors (its receptive field in
    every layer below).  Parameters as in :func:`outputs_affected_diagram`.

    Returns
    -------
    Diagram

    Raises
    ------
    SymconvError
        Bad layers, a node not in the graph, or ``full`` for a 2-D input.

    Examples
    --------
    >>> d = inputs_affecting_diagram()
    >>> sorted(d.panels[0].graph.nodes[v]["label"] for v in d.panels[0].highlight)
    ['s3', 'x2', 'x3', 'x4']
    >>> len(d.panels[1].highlight)
    6
    """
    return _cone(
        n_inputs, layers, node, -1, receptive_field_nodes,
        full=full, include_padding=include_padding, titles=titles, direction=direction,
    )


def receptive_field_diagram(
    n_inputs=5,
    layers=_SEED_LAYERS * 2,
    node=None,
    *,
    include_padding: bool = False,
    title="indirect interaction",
    direction: str = "TD",
) -> Diagram:
    """The receptive field through a stack: one unit and everything below it that it depends on.

    Defaults reproduce the seed's third figure: ``g3 <- h2, h3, h4 <- x1..x5``.

    Parameters
    ----------
    n_inputs : int or tuple, default 5
    layers : layer stack, default ``[(3, 1, 1), (3, 1, 1)]``
    node : (layer, position) or label, optional
        The middle unit of the last layer by default.
    include_padding : bool, default False
    title : str, default "indirect interaction"
    direction : str, default "TD"

    Returns
    -------
    Diagram
        One panel; the node and all its ancestors highlighted.

    Raises
    ------
    SymconvError
        Bad layers or a node not in the graph.

    Examples
    --------
    >>> d = receptive_field_diagram()
    >>> sorted(d.panels[0].graph.nodes[v]["label"] for v in d.panels[0].highlight)
    ['g3', 'h2', 'h3', 'h4', 'x1', 'x2', 'x3', 'x4', 'x5']
    """
    return _cone(
        n_inputs, layers, node, -1, receptive_field_nodes,
        full=False, include_padding=include_padding, titles=(title,), direction=direction,
    )


def parameter_sharing_diagram(
    n_inputs=5,
    layers=_SEED_LAYERS,
    layer: int = -1,
    tap=None,
    *,
    full: bool = True,
    include_padding: bool = False,
    titles=("parameter sharing", "full connectivity"),
    direction: str = "BT",
) -> Diagram:
    """Parameter sharing: every edge that uses one kernel tap, against the one edge it serves without sharing.

    Parameters
    ----------
    layer : int, default -1
        The layer whose tap is shown (negative counts from the top).
    tap : int or tuple, optional
        The kernel tap (0-based); the centre tap by default.
    Other parameters as in :func:`outputs_affected_diagram`.

    Returns
    -------
    Diagram
        Panel 1 highlights every edge of the shared parameter; panel 2 (the
        fully connected graph) highlights the single edge between the same
        two units for the tap's use at the middle output of the layer.

    Raises
    ------
    SymconvError
        A pooling layer (it has no parameters), a tap outside the kernel.

    Examples
    --------
    >>> d = parameter_sharing_diagram()
    >>> G = d.panels[0].graph
    >>> sorted((G.nodes[u]["label"], G.nodes[v]["label"]) for u, v in d.panels[0].highlight_edges)
    [('x1', 's1'), ('x2', 's2'), ('x3', 's3'), ('x4', 's4'), ('x5', 's5')]
    >>> sorted(d.panels[1].highlight_edges)
    [((0, 2), (1, 2))]
    """
    full = as_bool(full, "full")
    sparse = connectivity_graph(n_inputs, layers, include_padding=include_padding)
    depth = len(sparse.graph["sizes"]) - 1
    if isinstance(layer, bool) or not isinstance(layer, int) or not -depth <= layer <= depth or layer == 0:
        raise SymconvError(f"layer: expected a layer index from 1 to {depth} (or negative from the end), got {layer!r}", parameter="layer")
    layer = layer % (depth + 1)
    geometry = sparse.graph["layers"][layer - 1].geometry
    if not sparse.graph["layers"][layer - 1].has_parameters:
        raise SymconvError(f"layer: layer {layer} is a pooling layer and has no parameters to share", parameter="layer")
    if tap is None:
        tap = tuple((k - 1) // 2 for k in geometry.kernel_size)
        tap = tap[0] if geometry.ndim == 1 else tap
    taps = tap if isinstance(tap, tuple) else (tap,)
    if len(taps) != geometry.ndim or not all(
        isinstance(t, int) and not isinstance(t, bool) and 0 <= t < k for t, k in zip(taps, geometry.kernel_size)
    ):
        raise SymconvError(f"tap: expected a tap within the kernel {geometry.kernel_size} (0-based), got {tap!r}", parameter="tap")
    # every edge of the tap's parameter w<layer>[tap]: the shared_edges query, filtered by hand so that a tap
    # reading only padding (absent without include_padding) gets its own message
    edges = [(u, v) for u, v, data in sparse.edges(data=True) if data["layer"] == layer and data["tap"] == tap]
    real = [(u, v) for u, v in edges if not sparse.nodes[u]["padding"]]
    if not real:
        raise SymconvError(f"tap: tap {tap!r} of layer {layer} only ever reads padding; choose another tap", parameter="tap")
    panels = [Panel(sparse, _titles(titles, 1)[0], highlight_edges=edges)]
    if full:
        dense = _dense_counterpart(sparse)
        middle = _middle(sparse, layer)[1]
        # the tap's use nearest the middle output, from a real (non-padding) input
        u, v = min(real, key=lambda e: (abs(e[1][1] - middle), e))
        panels.append(Panel(dense, _titles(titles, 2)[1], highlight_edges=[(u, v)]))
    return Diagram(tuple(panels), direction)

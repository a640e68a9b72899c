"""Queries on connectivity graphs: receptive fields, affected outputs, shared parameters.

Every query takes a graph from :mod:`symconv.graphs.generators` and a node given
as ``(layer, position)`` or by its label (``"x3"``, ``"g3"``).  Padding
nodes are left out unless ``include_padding=True``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._errors import SymconvError
from .._validate import as_bool, short

__all__ = [
    "resolve_node",
    "layer_nodes",
    "receptive_field_nodes",
    "affected_nodes",
    "cone_nodes",
    "edges_by_parameter",
    "shared_edges",
    "parameter_count",
    "ParameterCount",
]


def _depth(G) -> int:
    return len(G.graph["sizes"]) - 1


def _check_graph(G):
    """``G`` if it is a graph from the generators (it records its layer sizes), else a TypeError."""
    attributes = getattr(G, "graph", None)
    if not isinstance(attributes, dict) or "sizes" not in attributes or not hasattr(G, "edges"):
        raise TypeError(f"G: expected a graph from connectivity_graph or dense_graph, got {type(G).__name__} {short(G)}")
    return G


def resolve_node(G, node):
    """The ``(layer, position)`` key of ``node``, which may also be a label.

    Parameters
    ----------
    G : networkx.DiGraph
        From :func:`connectivity_graph` or :func:`dense_graph`.
    node : (layer, position) or str

    Returns
    -------
    tuple

    Raises
    ------
    SymconvError
        The node (or label) is not in the graph.

    Examples
    --------
    >>> from symconv.graphs import connectivity_graph
    >>> resolve_node(connectivity_graph(5, [(3, 1, 1)]), "s3")
    (1, 2)
    """
    _check_graph(G)
    if isinstance(node, str):
        try:
            return G.graph["labels"][node]
        except KeyError:
            labels = list(G.graph["labels"])
            shown = labels[:4] + ["..."] + labels[-2:] if len(labels) > 6 else labels
            raise SymconvError(f"node: expected a label of the graph ({', '.join(shown)}), got {node!r}", parameter="node") from None
    try:
        if node in G:
            return node
    except TypeError:  # an unhashable node
        pass
    sizes = G.graph["sizes"]
    raise SymconvError(
        f"node: expected (layer, position) with layer 0..{len(sizes) - 1} and a position inside that layer "
        f"(sizes {sizes}), or a label such as 'x1'; got {node!r}, which is not in the graph", parameter="node"
    )


def _layer_index(G, layer) -> int:
    depth = _depth(_check_graph(G))
    if isinstance(layer, bool) or not isinstance(layer, int):
        raise TypeError(f"layer: expected an int, got {type(layer).__name__} {layer!r}")
    if not -depth - 1 <= layer <= depth:
        raise SymconvError(f"layer: expected a layer index from 0 to {depth} (or negative from the end), got {layer}", parameter="layer")
    return layer % (depth + 1)


def layer_nodes(G, layer, *, include_padding: bool = False) -> list:
    """The nodes of one layer, sorted by position.

    Parameters
    ----------
    G : networkx.DiGraph
    layer : int
        0 is the input; negative counts from the top.
    include_padding : bool, default False

    Returns
    -------
    list of nodes

    Raises
    ------
    SymconvError
        A layer outside the graph.
    TypeError
        A layer that is not an int.

    Examples
    --------
    >>> from symconv.graphs import connectivity_graph
    >>> layer_nodes(connectivity_graph(3, [(2, 1, 0)]), -1)
    [(1, 0), (1, 1)]
    """
    layer = _layer_index(G, layer)
    include_padding = as_bool(include_padding, "include_padding")
    return sorted(
        v for v, data in G.nodes(data=True) if data["layer"] == layer and (include_padding or not data["padding"])
    )


def _walk(G, node, layer, *, upward: bool, include_padding: bool) -> set:
    """Nodes of ``layer`` reached from ``node`` layer by layer (down through predecessors or up)."""
    start = resolve_node(G, node)
    target = _layer_index(G, layer)
    include_padding = as_bool(include_padding, "include_padding")
    here = start[0]
    if (target > here) if not upward else (target < here):
        direction = "above" if upward else "below"
        raise SymconvError(f"layer: expected a layer at or {direction} the node's layer {here}, got {layer}", parameter="layer")
    frontier = {start}
    for frontier in _frontiers(G, start, abs(target - here), upward=upward, include_padding=include_padding):
        pass
    return frontier


def _frontiers(G, start, steps: int, *, upward: bool, include_padding: bool):
    """The nodes reached from ``start`` after 1, 2, ..., ``steps`` layers, one set per layer (a single walk)."""
    step = G.successors if upward else G.predecessors
    frontier = {start}
    nodes = G.nodes
    # a drawn reflect/replicate/circular padding node copies a unit (``copies``): what reads it reads that unit
    copies = {w: data["copies"] for w, data in nodes(data=True) if data.get("copies") is not None}
    if copies:
        copied_by = {}
        for w, unit in copies.items():
            copied_by.setdefault(unit, []).append(w)
        plain_step = step

        def step(v):
            if upward:
                return [*plain_step(v), *(w for p in copied_by.get(v, ()) for w in plain_step(p))]
            return [*plain_step(v), *(copies[w] for w in plain_step(v) if w in copies)]
    for _ in range(steps):
        frontier = {w for v in frontier for w in step(v) if include_padding or not nodes[w]["padding"]}
        yield frontier


def cone_nodes(G, node, *, upward: bool, include_padding: bool = False) -> set:
    """``node`` and every node it reaches in all layers above (``upward``) or below it, in one walk.

    The union of :func:`affected_nodes` (or :func:`receptive_field_nodes`)
    over every layer, in time proportional to the graph, not to the graph
    times its depth.

    Examples
    --------
    >>> from symconv.graphs import connectivity_graph
    >>> G = connectivity_graph(5, [(3, 1, 1), (3, 1, 1)])
    >>> sorted(G.nodes[v]["label"] for v in cone_nodes(G, "g3", upward=False))
    ['g3', 'h2', 'h3', 'h4', 'x1', 'x2', 'x3', 'x4', 'x5']
    """
    start = resolve_node(G, node)
    upward, include_padding = as_bool(upward, "upward"), as_bool(include_padding, "include_padding")
    steps = _depth(G) - start[0] if upward else start[0]
    return {start}.union(*_frontiers(G, start, steps, upward=upward, include_padding=include_padding))


def receptive_field_nodes(G, node, layer: int = 0, *, include_padding: bool = False) -> set:
    """The nodes of ``layer`` (the input by default) that affect ``node``: its receptive field.

    Parameters
    ----------
    G : networkx.DiGraph
        From :func:`connectivity_graph` or :func:`dense_graph`.
    node : (layer, position) or str
    layer : int, default 0
        A layer at or below the node's (negative counts from the top).
    include_padding : bool, default False
        Count zero-padding nodes too.

    Returns
    -------
    set of nodes

    Raises
    ------
    SymconvError
        A node not in the graph, or a layer above the node.

    Examples
    --------
    >>> from symconv.graphs import connectivity_graph
    >>> G = connectivity_graph(5, [(3, 1, 1), (3, 1, 1)])
    >>> sorted(G.nodes[v]["label"] for v in receptive_field_nodes(G, "g3", layer=1))
    ['h2', 'h3', 'h4']
    >>> len(receptive_field_nodes(G, "g3"))
    5
    """
    return _walk(G, node, layer, upward=False, include_padding=include_padding)


def affected_nodes(G, node, layer: int = -1, *, include_padding: bool = False) -> set:
    """The nodes of ``layer`` (the last by default) that ``node`` affects.

    Parameters
    ----------
    G : networkx.DiGraph
    node : (layer, position) or str
    layer : int, default -1
        A layer at or above the node's; ``node[0] + 1`` gives the next layer.
    include_padding : bool, default False

    Returns
    -------
    set of nodes

    Raises
    ------
    SymconvError
        A node not in the graph, or a layer below the node.

    Examples
    --------
    >>> from symconv.graphs import connectivity_graph, dense_graph
    >>> G = connectivity_graph(5, [(3, 1, 1)])
    >>> sorted(G.nodes[v]["label"] for v in affected_nodes(G, "x3"))
    ['s2', 's3', 's4']
    >>> len(affected_nodes(dense_graph(5, 5), "x3"))
    5
    """
    return _walk(G, node, layer, upward=True, include_padding=include_padding)


def edges_by_parameter(G) -> dict:
    """Map each parameter name to the sorted list of edges that use it (pooling edges left out).

    Parameters
    ----------
    G : networkx.DiGraph

    Returns
    -------
    dict
        ``{parameter: [(u, v), ...]}``.

    Examples
    --------
    >>> from symconv.graphs import connectivity_graph
    >>> shared = edges_by_parameter(connectivity_graph(5, [(3, 1, 1)]))
    >>> sorted((name, len(edges)) for name, edges in shared.items())
    [('w1[0]', 4), ('w1[1]', 5), ('w1[2]', 4)]
    """
    groups = {}
    for u, v, parameter in _check_graph(G).edges(data="parameter"):
        if parameter is not None:
            groups.setdefault(parameter, []).append((u, v))
    return {name: sorted(edges) for name, edges in groups.items()}


def shared_edges(G, parameter=None, *, layer: int = 1, tap=None) -> list:
    """The edges that share one parameter, sorted.

    Name the parameter (``"w1[1]"``) or give ``layer`` and ``tap``.

    Parameters
    ----------
    G : networkx.DiGraph
    parameter : str, optional
    layer : int, default 1
    tap : int or tuple, optional
        0-based, as in the edges' ``tap``.

    Returns
    -------
    list of (u, v)

    Raises
    ------
    SymconvError
        No edge uses that parameter (the message lists the parameters).

    Examples
    --------
    >>> from symconv.graphs import connectivity_graph
    >>> G = connectivity_graph(5, [(3, 1, 1)])
    >>> [(G.nodes[u]["label"], G.nodes[v]["label"]) for u, v in shared_edges(G, tap=1)]
    [('x1', 's1'), ('x2', 's2'), ('x3', 's3'), ('x4', 's4'), ('x5', 's5')]
    """
    groups = edges_by_parameter(G)
    if parameter is None:
        if tap is None:
            raise SymconvError("parameter: expected a parameter name, or a layer and a tap; got neither", parameter='parameter')
        layer = _layer_index(G, layer)
        tap_text = ",".join(map(str, tap)) if isinstance(tap, tuple) else str(tap)
        parameter = f"w{layer}[{tap_text}]"
    if parameter not in groups:
        names = sorted(groups)
        shown = names if len(names) <= 12 else names[:12] + ["..."]
        raise SymconvError(f"parameter: expected one of the graph's parameters ({', '.join(shown)}), got {short(parameter)}", parameter="parameter")
    return groups[parameter]


@dataclass(frozen=True)
class ParameterCount:
    """Parameters counted both ways: distinct (shared once) and per edge.

    ``edges`` is how many weights a layer without sharing would need;
    ``parameters`` is how many a convolution stores.

    Examples
    --------
    >>> ParameterCount(parameters=3, edges=13).sharing
    4.333333333333333
    """

    parameters: int
    edges: int

    @property
    def sharing(self) -> float:
        """Average number of edges per parameter."""
        return self.edges / self.parameters if self.parameters else 0.0


def parameter_count(G, *, layer=None) -> ParameterCount:
    """Distinct parameters and weighted edges, for the whole graph or one layer (padding edges included).

    Parameters
    ----------
    G : networkx.DiGraph
    layer : int, optional
        Count only the edges into this layer.

    Returns
    -------
    ParameterCount
        ``parameters`` (distinct names: a convolution's kernel taps, a dense
        layer's every weight) and ``edges`` (weighted connections).

    Raises
    ------
    SymconvError
        A layer outside the graph.

    Examples
    --------
    >>> from symconv.graphs import connectivity_graph, dense_graph
    >>> parameter_count(connectivity_graph(5, [(3, 1, 1)]))
    ParameterCount(parameters=3, edges=13)
    >>> parameter_count(dense_graph(5, 5))
    ParameterCount(parameters=25, edges=25)
    """
    _check_graph(G)
    if layer is not None:
        layer = _layer_index(G, layer)
    names, edges = set(), 0
    for _, _, data in G.edges(data=True):
        if data["parameter"] is None or (layer is not None and data["layer"] != layer):
            continue
        names.add(data["parameter"])
        edges += 1
    return ParameterCount(parameters=len(names), edges=edges)

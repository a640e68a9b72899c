"""One path through a network graph as a layer stack, for the unit-level tools of symconv.

:func:`path_layers` turns the layers along one path (from an input to a
layer) into a stack of :class:`symconv.networks.Layer`, which
:func:`symconv.receptive_field`, :func:`symconv.graphs.connectivity_graph`
and the graphs' diagrams read; :func:`path_connectivity_graph` builds the
unit-level connectivity graph along that path for one spatial axis.
Element-wise layers leave no trace on a path; a merge is passed through on
the branch the path takes.
"""

from __future__ import annotations

from .._errors import SymconvError
from .._validate import short
from ..geometry import Geometry
from ..networks import Layer
from .network import check_network

__all__ = ["path_nodes", "path_layers", "path_connectivity_graph"]

_WINDOWS = ("conv", "conv_transpose", "pool", "global_pool", "upsample", "pad")


def path_nodes(network, target, *, source=None) -> list:
    """The layers on the path from ``source`` to ``target`` with the most window layers (a list of names).

    Parameters
    ----------
    network : networkx.DiGraph
    target : str or list of str
        The last layer, or a whole path (consecutive layers) to check and return.
    source : str, optional
        The first layer (default: any graph input).

    Raises
    ------
    SymconvError
        An unknown layer, no path from ``source`` to ``target``, or a list that is
        not a path (``parameter`` ``"target"`` or ``"source"``).

    Examples
    --------
    >>> from symconv import Geometry
    >>> from symconv.models import NetworkBuilder
    >>> b = NetworkBuilder()
    >>> x = b.input("x", (1, 1, 16))
    >>> a = b.conv("a", b.conv("a0", x, Geometry(3, padding=1), 1), Geometry(3, padding=1), 1)
    >>> s = b.merge("sum", [x, a])
    >>> path_nodes(b.build(), "sum")
    ['x', 'a0', 'a', 'sum']
    """
    network = check_network(network)
    if isinstance(target, (list, tuple)):
        path = list(target)
        for name in path:
            _known(network, name, "target")
        for u, v in zip(path, path[1:]):
            if not network.has_edge(u, v):
                raise SymconvError(f"target: {u!r} -> {v!r} is not an edge of the network, so {short(path)} is no "
                                   "path", parameter="target")
        if not path:
            raise SymconvError("target: expected a layer name or a non-empty path, got []", parameter="target")
        return path
    _known(network, target, "target")
    sources = [source] if source is not None else list(network.graph["inputs"])
    for name in sources:
        _known(network, name, "source")
    best: dict = {}
    for node in network:
        if node in sources:
            best[node] = (0, [node])
            continue
        options = [best[p] for p in sorted(network.predecessors(node),
                                           key=lambda p: network.edges[p, node].get("index", 0)) if p in best]
        if options:
            count, path = max(options, key=lambda option: option[0])
            best[node] = (count + (network.nodes[node]["kind"] in _WINDOWS), path + [node])
        if node == target:
            break
    if target not in best:
        raise SymconvError(f"target: no path from {sources[0] if source else 'an input'!r} to {target!r}",
                           parameter="target")
    return best[target][1]


def _known(network, name, parameter):
    if not isinstance(name, str) or name not in network:
        raise SymconvError(f"{parameter}: expected the name of a layer of the network, got {short(name)}",
                           parameter=parameter)


def path_layers(network, target, *, source=None, axis=None) -> list[Layer]:
    """The window layers along a path, as a layer stack of :class:`symconv.networks.Layer`.

    Parameters
    ----------
    network, target, source
        As :func:`path_nodes`.
    axis : int, optional
        One spatial axis: 1-D layers along it (for a 1-D connectivity graph).

    Returns
    -------
    list of Layer
        Named after the network's layers; ``"same"`` pads resolved to the
        ``(before, after)`` pairs the layer uses; pooling layers are
        ``kind="pool"``, upsampling and padding ``kind="conv"`` (a transposed
        convolution and a 1x1 window: no parameters of their own in the network).

    Raises
    ------
    SymconvError
        As :func:`path_nodes`; a path through ``Flatten`` or a dense layer
        (``parameter="target"``); an axis out of range (``parameter="axis"``).

    Examples
    --------
    >>> from symconv import Geometry, receptive_field
    >>> from symconv.models import NetworkBuilder, receptive_fields
    >>> b = NetworkBuilder()
    >>> x = b.input("x", (1, 1, 16, 16))
    >>> c = b.conv("c", x, Geometry(3, stride=2, padding="same", ndim=2), 4)
    >>> p = b.pool("p", b.pass_through("relu", c), Geometry(2, stride=2, ndim=2))
    >>> [(layer.name, layer.kind, layer.geometry.padding) for layer in path_layers(b.build(), "p", axis=0)]
    [('c', 'conv', ((0, 1),)), ('p', 'pool', ((0, 0),))]
    >>> receptive_field(path_layers(b.build(), "p"))[-1].size == receptive_fields(b.build())[-1].size
    True
    """
    network = check_network(network)
    ndim = network.graph["ndim"]
    if axis is not None and (isinstance(axis, bool) or not isinstance(axis, int) or not 0 <= axis < ndim):
        raise SymconvError(f"axis: expected a spatial axis from 0 to {ndim - 1}, got {short(axis)}", parameter="axis")
    layers = []
    for node in path_nodes(network, target, source=source):
        data = network.nodes[node]
        if data["kind"] in ("flatten", "dense"):
            raise SymconvError(f"target: the path goes through {node!r} ({data['op']}), after which there are no "
                               "spatial axes; choose a layer before it", parameter="target")
        if data["kind"] not in _WINDOWS:
            continue
        g = data["geometry"]
        axes = range(g.ndim) if axis is None else [axis]
        geometry = Geometry(
            tuple(g.kernel_size[a] for a in axes), tuple(g.stride[a] for a in axes),
            tuple(data["pads"][a] for a in axes), tuple(g.dilation[a] for a in axes),
            output_padding=tuple(g.output_padding[a] for a in axes), transposed=g.transposed,
            ceil_mode=g.ceil_mode, ndim=len(axes),
        )
        kind = "pool" if data["kind"] in ("pool", "global_pool") else "conv"
        layers.append(Layer(geometry, name=node, kind=kind))
    if not layers:
        raise SymconvError(f"target: the path to {target!r} has no convolution, pooling, upsampling or padding "
                           "layer", parameter="target")
    return layers


def path_connectivity_graph(network, target, *, source=None, axis=0, **options):
    """The unit-level connectivity graph along one spatial axis of a path (:func:`symconv.graphs.connectivity_graph`).

    ``options`` go to :func:`symconv.graphs.connectivity_graph` (``include_padding``,
    ``max_edges``, ...); the input length is the path's first layer's size on ``axis``.

    Examples
    --------
    >>> from symconv import Geometry
    >>> from symconv.graphs import receptive_field_nodes
    >>> from symconv.models import NetworkBuilder
    >>> b = NetworkBuilder()
    >>> x = b.input("x", (1, 1, 8))
    >>> c = b.conv("c", b.conv("c0", x, Geometry(3, padding=1), 1), Geometry(3, padding=1), 1)
    >>> G = path_connectivity_graph(b.build(), "c")
    >>> sorted(G.nodes[v]["label"] for v in receptive_field_nodes(G, (2, 4), layer=0))
    ['x3', 'x4', 'x5', 'x6', 'x7']
    """
    from ..graphs import connectivity_graph

    nodes = path_nodes(network, target, source=source)
    layers = path_layers(network, nodes, axis=axis)
    first = network.nodes[nodes[0]]["output_shape"]
    return connectivity_graph(first[2 + axis], layers, **options)

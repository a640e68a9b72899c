"""Network graphs: a model's layers as a networkx DiGraph in topological order.

The importers (:func:`symconv.models.from_onnx`, :func:`symconv.models.from_torch`)
and users who describe a network by hand all go through
:class:`NetworkBuilder`, which works out every layer's output shape as it is
added, from the layer's :class:`~symconv.Geometry` -- the same geometry the
receptive fields, the summary and the diagrams read.

The graph
---------
Nodes are layer names (``str``), in the order the layers were added, which
is a topological order; an edge ``u -> v`` says that ``v`` reads ``u``'s
output (edge attribute ``index``: which of ``v``'s inputs it is).

Node attributes:

``name``
    The layer name (the node key).
``op``
    The operation as the source spells it: an ONNX ``op_type`` (``"Conv"``),
    a PyTorch class or function name (``"Conv2d"``, ``"relu"``), or what the
    builder's caller gave.
``kind``
    What the layer does to space, one of :data:`KINDS`.
``geometry``
    A :class:`~symconv.Geometry` for the layers that move a window:
    ``"conv"``, ``"conv_transpose"``, ``"pool"``, ``"global_pool"`` (kernel
    and stride = the input size), ``"upsample"`` (nearest-neighbour
    upsampling by an integer factor ``f`` is a transposed convolution with
    kernel ``f`` and stride ``f``) and ``"pad"`` (a 1x1 window with the
    pads); ``None`` for the others.
``pads``
    The ``(before, after)`` pads per spatial axis for this layer's input
    (``"same"`` resolved), or ``None``.
``in_channels``, ``out_channels``, ``groups``
``params``
    Trainable parameters (weights, biases, a normalisation's scale and shift).
``macs``
    Multiply-accumulates for one example (batch 1), counted as
    :mod:`symconv.counting` does: a convolution ``prod(out) * C_out * C_in/g *
    prod(k)``, a transposed one in its scatter form, pooling one per window
    read, a dense layer ``in * out``; element-wise layers, merges,
    upsampling and padding 0.
``output_shape``
    ``(N, C, *spatial)`` (``(N, features)`` after ``"flatten"``/``"dense"``),
    ints or SymPy expressions.
``attrs``
    A dict of what else the source said (``mode`` of a pool, ``ceil_mode``,
    ``count_include_pad``, ``scale``, ``axis``, ...).

Graph attributes: ``inputs`` and ``outputs`` (lists of node names),
``ndim`` (number of spatial axes), ``source`` (``"onnx"``, ``"torch"`` or
``"builder"``).

Examples
--------
>>> from symconv import Geometry
>>> b = NetworkBuilder()
>>> x = b.input("x", (1, 3, 32, 32))
>>> c = b.conv("conv1", x, Geometry(3, stride=2, padding=1, ndim=2), out_channels=8)
>>> r = b.pass_through("relu1", c, op="Relu")
>>> G = b.build()
>>> list(G), G.nodes["conv1"]["output_shape"], G.nodes["conv1"]["params"]
(['x', 'conv1', 'relu1'], (1, 8, 16, 16), 224)
"""

from __future__ import annotations

import networkx as nx

from .._errors import SymconvError
from .._validate import as_shape, as_size, is_sequence, is_sympy, short
from ..geometry import Geometry
from . import _exact

__all__ = ["KINDS", "WINDOW_KINDS", "NetworkBuilder", "check_network", "layer_label"]

#: Every value of the node attribute ``kind``.
KINDS = (
    "input",
    "conv",
    "conv_transpose",
    "pool",
    "global_pool",
    "upsample",
    "pad",
    "pass_through",
    "merge",
    "concat",
    "flatten",
    "dense",
)

#: The kinds whose node carries a :class:`~symconv.Geometry`.
WINDOW_KINDS = ("conv", "conv_transpose", "pool", "global_pool", "upsample", "pad")


def _division(a, b):
    """``a / b`` for channel counts known to divide (ints or SymPy)."""
    return a // b if not (is_sympy(a) or is_sympy(b)) else a / b


class NetworkBuilder:
    """Build a network graph layer by layer; each method returns the new layer's name.

    Parameters
    ----------
    source : str, default "builder"
        Stored as the graph attribute ``source``.

    Every method takes the new layer's ``name`` (a unique non-empty ``str``)
    and the name(s) of the layer(s) it reads, and refuses with a
    :class:`~symconv.SymconvError` (``parameter`` = the argument at fault) a
    layer that cannot follow its inputs: mismatched channels, a kernel larger
    than the padded input, branches whose shapes cannot be merged.

    Examples
    --------
    A residual block with a downsampling shortcut:

    >>> from symconv import Geometry
    >>> b = NetworkBuilder()
    >>> x = b.input("x", (1, 16, 8, 8))
    >>> a = b.conv("a", x, Geometry(3, stride=2, padding=1, ndim=2), out_channels=32, bias=False)
    >>> s = b.conv("shortcut", x, Geometry(1, stride=2, ndim=2), out_channels=32, bias=False)
    >>> y = b.merge("add", [a, s])
    >>> G = b.build()
    >>> G.nodes["add"]["output_shape"], sorted(G.predecessors("add"))
    ((1, 32, 4, 4), ['a', 'shortcut'])
    """

    def __init__(self, *, source: str = "builder"):
        self.graph = nx.DiGraph(source=source, inputs=[], outputs=[], ndim=None)

    # -- helpers -------------------------------------------------------------

    def _name(self, name) -> str:
        if not isinstance(name, str):
            raise TypeError(f"name: expected a str, got {type(name).__name__} {short(name)}")
        if not name:
            raise SymconvError("name: expected a non-empty layer name, got ''", parameter="name")
        if name in self.graph:
            raise SymconvError(f"name: a layer named {name!r} is already in the network", parameter="name")
        return name

    def _source(self, source, parameter: str = "source") -> str:
        if not isinstance(source, str) or source not in self.graph:
            known = ", ".join(map(repr, list(self.graph)[-5:])) or "none yet"
            raise SymconvError(
                f"{parameter}: expected the name of a layer already in the network (the last ones: {known}), "
                f"got {short(source)}",
                parameter=parameter,
            )
        return source

    def _shape(self, source) -> tuple:
        return self.graph.nodes[source]["output_shape"]

    def _spatial(self, source, name: str) -> tuple:
        shape = self._shape(source)
        ndim = self.graph.graph["ndim"]
        if len(shape) != ndim + 2:
            raise SymconvError(
                f"source: layer {name!r} needs an input (N, C, *spatial) with {ndim} spatial axes; "
                f"{source!r} gives {short(shape)}",
                parameter="source",
            )
        return shape[2:]

    def _add(self, name, op, kind, sources, *, geometry=None, pads=None, in_channels=None, out_channels=None,
             groups=1, params=0, macs=0, output_shape, attrs=None) -> str:
        if not isinstance(op, str) or not op:
            raise TypeError(f"op: expected a non-empty str, got {short(op)}")
        shape = tuple(_exact.norm(v) for v in output_shape)
        self.graph.add_node(
            name,
            name=name,
            op=op,
            kind=kind,
            geometry=geometry,
            pads=pads,
            in_channels=in_channels,
            out_channels=out_channels,
            groups=groups,
            params=_exact.norm(params),
            macs=_exact.norm(macs),
            output_shape=shape,
            attrs=dict(attrs or {}),
        )
        for index, source in enumerate(sources):
            self.graph.add_edge(source, name, index=index)
        return name

    def _window(self, name, source, geometry, kind):
        if not isinstance(geometry, Geometry):
            raise TypeError(f"geometry: expected a symconv.Geometry, got {type(geometry).__name__} {short(geometry)}")
        spatial = self._spatial(source, name)
        if geometry.ndim != len(spatial):
            raise SymconvError(
                f"geometry: layer {name!r} has {geometry.ndim} spatial axes, its input {source!r} has "
                f"{len(spatial)}",
                parameter="geometry",
            )
        try:
            pads = geometry.pads(spatial)
            out = geometry.output_size(spatial)
        except SymconvError as err:
            raise SymconvError(f"{err.parameter or 'geometry'}: layer {name!r}: {err.detail}",
                               parameter=err.parameter or "geometry") from err
        return spatial, pads, out

    # -- layers --------------------------------------------------------------

    def input(self, name: str, shape, *, op: str = "Input") -> str:
        """A graph input of ``shape`` ``(N, C, *spatial)``; every input has the same number of spatial axes."""
        name = self._name(name)
        shape = as_shape(shape, "shape", scalar=False)
        if len(shape) < 3:
            raise SymconvError(
                f"shape: expected (N, C, *spatial) with at least one spatial axis, got {short(shape)}",
                parameter="shape",
            )
        ndim = self.graph.graph["ndim"]
        if ndim is not None and len(shape) - 2 != ndim:
            raise SymconvError(
                f"shape: every input needs {ndim} spatial axes, got {short(shape)}", parameter="shape"
            )
        self.graph.graph["ndim"] = len(shape) - 2
        self.graph.graph["inputs"].append(name)
        return self._add(name, op, "input", [], in_channels=shape[1], out_channels=shape[1], output_shape=shape)

    def conv(self, name: str, source: str, geometry: Geometry, out_channels, *, op: str | None = None,
             bias: bool = True, attrs=None) -> str:
        """A convolution (``geometry.transposed`` False) or transposed convolution (True).

        ``op`` defaults to ``"Conv"`` or ``"ConvTranspose"``.
        The weight has ``out_channels * in_channels / groups * prod(kernel)``
        values (PyTorch and ONNX layouts alike); ``bias`` adds one per output
        channel.
        """
        name = self._name(name)
        source = self._source(source)
        spatial, pads, out = self._window(name, source, geometry, "conv")
        shape = self._shape(source)
        c_in = shape[1]
        c_out = as_size(out_channels, "out_channels")
        geometry.check_channels(c_in, c_out)
        weights = c_out * _division(c_in, geometry.groups) * _exact.product(geometry.kernel_size)
        reach = spatial if geometry.transposed else out
        if op is None:
            op = "ConvTranspose" if geometry.transposed else "Conv"
        return self._add(
            name, op, "conv_transpose" if geometry.transposed else "conv", [source], geometry=geometry, pads=pads,
            in_channels=c_in, out_channels=c_out, groups=geometry.groups,
            params=weights + (c_out if bias else 0), macs=_exact.product(reach) * weights,
            output_shape=(shape[0], c_out, *out), attrs=attrs,
        )

    def pool(self, name: str, source: str, geometry: Geometry, *, op: str = "MaxPool", mode: str = "max",
             attrs=None) -> str:
        """Max or average pooling with ``geometry`` (``ceil_mode`` included); no parameters."""
        name = self._name(name)
        source = self._source(source)
        if isinstance(geometry, Geometry) and geometry.transposed:
            raise SymconvError(f"geometry: pooling layer {name!r} cannot be transposed", parameter="geometry")
        _, pads, out = self._window(name, source, geometry, "pool")
        shape = self._shape(source)
        channels = shape[1]
        return self._add(
            name, op, "pool", [source], geometry=geometry, pads=pads, in_channels=channels, out_channels=channels,
            macs=_exact.product(out) * channels * _exact.product(geometry.kernel_size),
            output_shape=(shape[0], channels, *out), attrs={"mode": mode, **(attrs or {})},
        )

    def global_pool(self, name: str, source: str, *, op: str = "GlobalAveragePool", mode: str = "avg",
                    keepdims: bool = True) -> str:
        """A pool over the whole map: kernel and stride equal the input size, output 1 per axis."""
        name = self._name(name)
        source = self._source(source)
        spatial = self._spatial(source, name)
        geometry = Geometry(spatial, stride=spatial, ndim=len(spatial))
        shape = self._shape(source)
        channels = shape[1]
        out_shape = (shape[0], channels, *(1,) * len(spatial)) if keepdims else (shape[0], channels)
        return self._add(
            name, op, "global_pool", [source], geometry=geometry, pads=((0, 0),) * len(spatial),
            in_channels=channels, out_channels=channels, macs=_exact.product(spatial) * channels,
            output_shape=out_shape, attrs={"mode": mode},
        )

    def upsample(self, name: str, source: str, scale, *, op: str = "Resize", attrs=None) -> str:
        """Nearest-neighbour upsampling by an integer ``scale`` per axis (an int for all axes).

        Output unit ``o`` repeats input unit ``o // scale``: a transposed
        convolution with kernel ``scale`` and stride ``scale``, which is the
        geometry stored.
        """
        name = self._name(name)
        source = self._source(source)
        spatial = self._spatial(source, name)
        scale = as_shape(scale, "scale", ndim=len(spatial))
        geometry = Geometry(scale, stride=scale, transposed=True, ndim=len(spatial))
        _, pads, out = self._window(name, source, geometry, "upsample")
        shape = self._shape(source)
        return self._add(
            name, op, "upsample", [source], geometry=geometry, pads=pads, in_channels=shape[1],
            out_channels=shape[1], output_shape=(shape[0], shape[1], *out),
            attrs={"scale": scale, "mode": "nearest", **(attrs or {})},
        )

    def pad(self, name: str, source: str, pads, *, op: str = "Pad") -> str:
        """Zero padding: ``pads`` as :class:`~symconv.Geometry` reads them (an int, per axis, or pairs)."""
        name = self._name(name)
        source = self._source(source)
        spatial = self._spatial(source, name)
        try:
            geometry = Geometry(1, padding=pads, ndim=len(spatial))
        except SymconvError as err:
            raise SymconvError(f"pads: layer {name!r}: {err.detail}", parameter="pads") from err
        _, resolved, out = self._window(name, source, geometry, "pad")
        shape = self._shape(source)
        return self._add(
            name, op, "pad", [source], geometry=geometry, pads=resolved, in_channels=shape[1],
            out_channels=shape[1], output_shape=(shape[0], shape[1], *out),
        )

    def pass_through(self, name: str, source: str, *, op: str = "Identity", params=0, attrs=None) -> str:
        """An element-wise layer (activation, normalisation, dropout, ...): the shape is kept."""
        name = self._name(name)
        source = self._source(source)
        shape = self._shape(source)
        channels = shape[1] if len(shape) > 1 else None
        return self._add(name, op, "pass_through", [source], in_channels=channels, out_channels=channels,
                         params=params, output_shape=shape, attrs=attrs)

    def merge(self, name: str, sources, *, op: str = "Add") -> str:
        """An element-wise merge of branches (sum, product, ...), with NumPy broadcasting."""
        name = self._name(name)
        sources = self._sources(sources, 2)
        shape = self._broadcast(name, sources)
        return self._add(name, op, "merge", sources, in_channels=shape[1] if len(shape) > 1 else None,
                         out_channels=shape[1] if len(shape) > 1 else None, output_shape=shape)

    def concat(self, name: str, sources, *, axis: int = 1, op: str = "Concat") -> str:
        """Branches stacked along the channel axis (``axis`` 1 or -rank+1)."""
        name = self._name(name)
        sources = self._sources(sources, 1)
        shapes = [self._shape(s) for s in sources]
        rank = len(shapes[0])
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(f"axis: expected an int, got {type(axis).__name__} {short(axis)}")
        if not -rank <= axis < rank or axis % rank != 1:
            raise SymconvError(
                f"axis: layer {name!r} concatenates along axis {axis} of a rank-{rank} tensor; only the channel "
                "axis (1) keeps the spatial layout that receptive fields follow",
                parameter="axis",
            )
        for source, shape in zip(sources, shapes):
            if len(shape) != rank or any(_exact.same(a, b) is False for a, b in zip(shape[2:], shapes[0][2:])) \
                    or _exact.same(shape[0], shapes[0][0]) is False:
                raise SymconvError(
                    f"sources: branches of {name!r} cannot be concatenated: {sources[0]!r} gives "
                    f"{_shape_text(shapes[0])}, {source!r} gives {_shape_text(shape)}",
                    parameter="sources",
                )
        channels = _exact.norm(sum(s[1] for s in shapes))
        return self._add(name, op, "concat", sources, in_channels=channels, out_channels=channels,
                         output_shape=(shapes[0][0], channels, *shapes[0][2:]), attrs={"axis": 1})

    def flatten(self, name: str, source: str, *, op: str = "Flatten") -> str:
        """``(N, C, *spatial) -> (N, C * prod(spatial))``: the spatial axes end here."""
        name = self._name(name)
        source = self._source(source)
        shape = self._shape(source)
        features = _exact.product(shape[1:])
        return self._add(name, op, "flatten", [source], in_channels=shape[1], out_channels=features,
                         output_shape=(shape[0], features))

    def dense(self, name: str, source: str, out_features, *, op: str = "Gemm", bias: bool = True) -> str:
        """A fully connected layer on ``(N, features)``."""
        name = self._name(name)
        source = self._source(source)
        shape = self._shape(source)
        if len(shape) != 2:
            raise SymconvError(
                f"source: dense layer {name!r} needs an input (N, features); {source!r} gives {_shape_text(shape)} "
                "(flatten it first)",
                parameter="source",
            )
        n_out = as_size(out_features, "out_features")
        weights = shape[1] * n_out
        return self._add(name, op, "dense", [source], in_channels=shape[1], out_channels=n_out,
                         params=weights + (n_out if bias else 0), macs=weights, output_shape=(shape[0], n_out))

    def output(self, *names: str) -> None:
        """Mark layers as graph outputs (by default the last layer added is the output)."""
        for name in names:
            self.graph.graph["outputs"].append(self._source(name, "names"))

    def build(self) -> nx.DiGraph:
        """The graph; without :meth:`output` calls the last layer is the output."""
        if not self.graph.graph["inputs"]:
            raise SymconvError("network: expected at least one input layer, got none", parameter="network")
        if not self.graph.graph["outputs"]:
            self.graph.graph["outputs"] = [list(self.graph)[-1]]
        return self.graph

    # -- merges --------------------------------------------------------------

    def _sources(self, sources, minimum: int) -> list[str]:
        if isinstance(sources, str) or not is_sequence(sources):
            raise TypeError(f"sources: expected a list of layer names, got {type(sources).__name__} {short(sources)}")
        if len(sources) < minimum:
            raise SymconvError(f"sources: expected at least {minimum} layer names, got {short(sources)}",
                               parameter="sources")
        return [self._source(s, "sources") for s in sources]

    def _broadcast(self, name, sources) -> tuple:
        shapes = [self._shape(s) for s in sources]
        rank = max(len(s) for s in shapes)
        out = []
        for axis in range(rank):
            sizes = [(s[axis - rank + len(s)], src) for s, src in zip(shapes, sources) if axis - rank + len(s) >= 0]
            size = next((v for v, _ in sizes if v != 1), 1)
            for value, source in sizes:
                if value != 1 and _exact.same(value, size) is False:
                    raise SymconvError(
                        f"sources: branches of {name!r} cannot be merged: {sources[0]!r} gives "
                        f"{_shape_text(shapes[0])}, {source!r} gives {_shape_text(self._shape(source))}",
                        parameter="sources",
                    )
            out.append(size)
        return tuple(out)


def _shape_text(shape) -> str:
    return "(" + ", ".join(_exact.text(v) for v in shape) + ")"


def check_network(network, name: str = "network") -> nx.DiGraph:
    """Refuse anything but a network graph (from :class:`NetworkBuilder` or an importer)."""
    if not isinstance(network, nx.DiGraph) or "inputs" not in network.graph or "ndim" not in network.graph:
        raise TypeError(
            f"{name}: expected a network graph from symconv.models (from_onnx, from_torch, NetworkBuilder), "
            f"got {type(network).__name__}"
        )
    return network


def layer_label(data: dict) -> list[str]:
    """The lines that describe a layer in tables and diagrams: name, op, geometry, output shape.

    Examples
    --------
    >>> from symconv import Geometry
    >>> b = NetworkBuilder()
    >>> c = b.conv("c", b.input("x", (1, 3, 9, 9)), Geometry((3, 5), stride=2, padding=(1, 2)), out_channels=4)
    >>> layer_label(b.build().nodes["c"])
    ['c', 'Conv k3x5 s2 p1x2', '1x4x5x5']
    """
    line = data["op"]
    geometry = data["geometry"]
    if geometry is not None and data["kind"] not in ("global_pool",):
        parts = [f"k{_axes(geometry.kernel_size)}"]
        if any(s != 1 for s in geometry.stride):
            parts.append(f"s{_axes(geometry.stride)}")
        pads = data["pads"] or ()
        if any(p != 0 for pair in pads for p in pair):
            if all(a == b for a, b in pads):
                parts.append(f"p{_axes([a for a, _ in pads])}")
            else:
                parts.append("p" + "x".join(f"({_exact.text(a)},{_exact.text(b)})" for a, b in pads))
        if any(d != 1 for d in geometry.dilation):
            parts.append(f"d{_axes(geometry.dilation)}")
        if geometry.groups != 1:
            parts.append(f"g{_exact.text(geometry.groups)}")
        if data["kind"] == "upsample":
            parts = [f"x{_axes(geometry.stride)}"]
        if data["kind"] == "pad":
            parts = parts[1:]
        line = " ".join([line, *parts])
    return [data["name"], line, "x".join(_exact.text(v) for v in data["output_shape"])]


def _axes(values) -> str:
    values = [_exact.text(v) for v in values]
    return values[0] if len(set(values)) == 1 else "x".join(values)

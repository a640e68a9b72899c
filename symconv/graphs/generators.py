"""Builders: connectivity graphs of convolution stacks and their dense counterparts.

A graph's nodes are ``(layer, position)`` pairs, layer 0 being the input and
positions 0-based (a tuple of them for 2-D/3-D inputs).  Every node carries

``label``
    its name in the seed notes' style: ``x1 .. xn`` for the input and, above
    it, ``s1 ..`` for a single layer (Goodfellow et al. figs. 9.2-9.3), or
    ``h``, ``g``, ``f``, ... for stacks of two to eight layers (fig. 9.4:
    ``x -> h -> g``).  Deeper stacks label layer ``l`` as ``h<l>_<i>``
    (``h12_3``).  2-D labels join the indices with a comma (``x2,3``).
    Padding nodes are labelled ``0``: the value zero padding holds; in a
    layer with ``padding_mode`` reflect, replicate or circular they carry
    the label of the unit they copy and ``copies``, that unit's node
    (:func:`symconv._layout.pad_source`).
``index``
    the 1-based index the label shows (``None`` for padding).
``pos``
    a drawing position: along the input axis the centre of the unit's
    receptive field (what :func:`symconv.receptive_field` gives, so strided
    layers sit over what they see), across it the layer number.  2-D layers
    are drawn as grids side by side.  A transposed layer's unit ``o`` sits
    over the input positions it gathers from, ``(o + p_before - d(k-1)/2) / s``
    of the layer below, so an upsampled layer is spread evenly over its input
    (units that gather nothing included); when some layer is denser than the
    input every position is scaled so that the densest layer has unit spacing.
``padding``
    True for zero-padding nodes, which exist only when asked for
    (``include_padding=True``).  Below a transposed layer they are the zeros
    of the convolution-arithmetic guide's construction: the ``s - 1`` zeros
    inserted between neighbouring inputs (at fractional positions such as
    ``Fraction(1, 2)``) and the ``d(k-1) - p`` zeros padded on each side
    (``output_padding`` more at the end), which a stride-1 convolution with
    the flipped kernel reads to give the same outputs.

Transposed convolution layers (``transposed=True``) scatter: input unit ``i``
feeds output unit ``o = i*s - p_before + t*d`` through tap ``t`` whenever
``0 <= o < o'`` (per axis), exactly the nonzero pattern of
``symconv.conv_matrix(..., transposed=True)``; outputs added by
``output_padding`` may receive from no input.  They mix freely with
convolution and pooling layers in a stack.

With ``padding_mode`` reflect, replicate or circular (a layer given as a
Geometry or a dict with ``padding_mode=``) and no padding nodes, a read of a
padding cell is an edge from the unit the cell copies, with ``via`` (the
mode) and ``padding_position`` (the cell read); the renderers draw it dashed.
When one output reads a unit both directly and through the padding, the one
edge keeps the direct read's tap and lists the others in ``more_reads``.

Every edge carries its kernel ``tap`` (0-based, a tuple in 2-D/3-D) and the
``parameter`` it uses: all edges of one tap in one layer share the parameter
``w<layer>[<tap>]``; pooling edges have a tap but no parameter (``None``).
In :func:`dense_graph` every edge is its own parameter ``W<layer>[<j>,<i>]``.

The graph itself records ``kind`` (``"conv"`` or ``"dense"``), ``ndim``,
``sizes`` (one per layer), ``prefixes`` (label prefixes per layer),
``labels`` (label -> node) and the normalised ``layers``.
"""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction

from .._errors import SymconvError
from .._layout import input_position, pad_source, source_position
from .._output.numbers import int_text
from .._validate import as_shape, as_size, is_sequence, is_symbolic, plain, refuse_count, short
from ..networks import layer_stack

__all__ = ["connectivity_graph", "dense_graph", "layer_prefixes", "MAX_EDGES"]

MAX_EDGES = 2_000_000
_LETTERS = "hgfedcba"
_GRID_GAP = 2  # empty columns between the grids of a 2-D drawing


def layer_prefixes(depth: int) -> list[str]:
    """Label prefixes for the input and ``depth`` layers above it.

    Parameters
    ----------
    depth : int
        Number of layers above the input.

    Returns
    -------
    list of str
        ``x`` then ``s`` for one layer; ``h, g, f, ...`` for 2-8 layers;
        ``h1_, h2_, ...`` beyond.

    Examples
    --------
    >>> layer_prefixes(1), layer_prefixes(2), layer_prefixes(3)
    (['x', 's'], ['x', 'h', 'g'], ['x', 'h', 'g', 'f'])
    >>> layer_prefixes(9)[-1]
    'h9_'
    """
    depth = as_size(depth, "depth", minimum=0)
    if not isinstance(depth, int):
        raise TypeError(f"depth: expected a concrete int, got {short(depth)}")
    # a graph holds at least one node per layer, so no graph has more layers than MAX_EDGES
    refuse_count(depth, MAX_EDGES, "depth", "layer prefixes", "no graph of that many layers can be built")
    if depth == 1:
        return ["x", "s"]
    if depth <= len(_LETTERS):
        return ["x", *_LETTERS[:depth]]
    return ["x", *(f"h{layer}_" for layer in range(1, depth + 1))]


def _prefixes(names, depth: int) -> list[str]:
    if names is None:
        return layer_prefixes(depth)
    if isinstance(names, str) or not is_sequence(names) or len(names) != depth + 1:
        raise SymconvError(
            f"names: expected a list of {depth + 1} label prefixes (the input and {depth} layer(s)), got {names!r}", parameter="names"
        )
    if not all(isinstance(name, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name) for name in names):
        raise SymconvError(f"names: expected prefixes of letters, digits and '_' starting with a letter, got {names!r}", parameter="names")
    if len(set(names)) != len(names):
        raise SymconvError(f"names: expected distinct prefixes, got {names!r}", parameter="names")
    return list(names)


def _label(prefix: str, index: tuple) -> str:
    return prefix + ",".join(str(i) for i in index)


def _input_shape(n_inputs, name="n_inputs") -> tuple:
    shape = as_shape(n_inputs, name)
    if any(is_symbolic(n) for n in shape):
        raise TypeError(f"{name}: a graph needs concrete sizes, got {n_inputs!r}")
    return shape


def _key(ndim: int, position: tuple):
    return position[0] if ndim == 1 else position


class _Builder:
    """Collects nodes and edges for one graph (1-D or N-D)."""

    def __init__(self, ndim: int, prefixes: list[str]):
        import networkx as nx

        self.graph = nx.DiGraph()
        self.ndim = ndim
        self.prefixes = prefixes
        self.labels = {}

    def node(self, layer: int, position: tuple, pos, *, padding=False, copies=None):
        key = (layer, _key(self.ndim, position))
        if padding and copies is not None:  # a reflect/replicate/circular padding cell: it shows the unit it copies
            copied = (layer, _key(self.ndim, copies))
            label = _label(self.prefixes[layer], tuple(p + 1 for p in copies))
            attributes = dict(label=label, index=None, padding=True, copies=copied)
        elif padding:
            attributes = dict(label="0", index=None, padding=True)
        else:
            index = tuple(p + 1 for p in position)
            label = _label(self.prefixes[layer], index)
            self.labels[label] = key
            attributes = dict(label=label, index=_key(self.ndim, index), padding=False)
        self.graph.add_node(key, layer=layer, position=key[1], pos=pos, **attributes)
        return key

    def finish(self, **graph_attributes):
        self.graph.graph.update(graph_attributes, ndim=self.ndim, prefixes=self.prefixes, labels=self.labels)
        return self.graph


def _drawing_position(layer: int, centre: tuple, width) -> tuple:
    """Where a node goes in a drawing: 1-D (centre, layer); 2-D/3-D grids side by side, ``width`` apart."""
    if len(centre) == 1:
        return (float(centre[0]), float(layer))
    offset = layer * (width + _GRID_GAP)
    x, y = offset + centre[-1], 0.0 - centre[-2]  # not -centre[-2]: row 0 would sit at -0.0
    if len(centre) == 3:  # oblique projection of the first axis
        x, y = x + 0.35 * centre[0], y - 0.35 * centre[0]
    return (float(x), float(y))


def _grids(plan, ndim: int) -> list:
    """Per layer (the input first), per axis, ``(offset, scale)``: unit ``j`` is centred at ``offset + scale * j``.

    In input coordinates and exact (Fractions).  For convolution and pooling
    this is the receptive field's centre ``-P + j S + (r - 1)/2`` built one
    layer at a time; a transposed layer goes the other way, dividing by its
    stride.
    """
    grid = [(Fraction(0), Fraction(1))] * ndim
    grids = [grid]
    for _, pads, _, geometry, _ in plan:
        step = []
        for (offset, scale), (before, _), k, s, d in zip(
            grid, pads, geometry.kernel_size, geometry.stride, geometry.dilation
        ):
            middle = Fraction(d * (k - 1), 2)  # offset of the kernel's centre from its first tap
            if geometry.transposed:
                # output o gathers the inputs (o + before - t d) / s, centred on (o + before - middle) / s
                step.append((offset + scale * (before - middle) / s, scale / s))
            else:
                # unit j reads j s - before + t d, centred on j s - before + middle
                step.append((offset + scale * (middle - before), scale * s))
        grid = step
        grids.append(grid)
    return grids


def _whole(numerator: int, denominator: int):
    """``numerator / denominator`` as an int when it is one, else a Fraction."""
    return numerator // denominator if numerator % denominator == 0 else Fraction(numerator, denominator)


def _padded_slots(size, pads, out, geometry) -> list:
    """Per axis, ``(start, stop, step)``: a layer reads its (padded) input at positions ``z / step``, ``z`` in
    ``range(start, stop)``, padding included.

    For convolution and pooling the pads around the input (step 1).  For a
    transposed convolution the guide's construction: the input with ``s - 1``
    zeros inserted between neighbours, ``d(k-1) - p`` zeros before and
    ``d(k-1) - p + output_padding`` after (cropped where that is negative),
    in the input's own coordinates (slot ``z`` of the stretched input is
    position ``z / s``).
    """
    if not geometry.transposed:
        return [(-before, n + after, 1) for n, (before, after) in zip(size, pads)]
    return [
        (before - d * (k - 1), o + before, s)
        for o, (before, _), k, s, d in zip(out, pads, geometry.kernel_size, geometry.stride, geometry.dilation)
    ]


def _padded_positions(slots) -> list:
    """Per axis, every position of :func:`_padded_slots`: ints, and Fractions for the inserted zeros."""
    return [
        range(start, stop) if step == 1 else [_whole(z, step) for z in range(start, stop)]
        for start, stop, step in slots
    ]


def _padding_count(size, slots) -> int:
    """How many zero-padding nodes ``slots`` hold: every position of the padded grid but the input's units."""
    units = 1
    for n, (start, stop, step) in zip(size, slots):
        # unit i sits at slot i * step: start <= i * step < stop and 0 <= i < n
        first, last = max(0, -(-start // step)), min(n - 1, (stop - 1) // step)
        units *= max(0, last - first + 1)
    return math.prod(stop - start for start, stop, _ in slots) - units


def connectivity_graph(n_inputs, layers, *, include_padding: bool = False, names=None, max_edges: int = MAX_EDGES):
    """The connectivity graph of a stack of convolution, transposed convolution and pooling layers.

    Parameters
    ----------
    n_inputs : int or tuple of int
        Input length; a tuple ``(height, width)`` (or 3 sizes) builds a grid
        graph for a small image, where int-only layer tuples apply to every axis.
    layers : sequence or mapping
        As :func:`symconv.networks.layer_stack` reads them: geometries,
        ``(kernel, stride, padding[, dilation])`` tuples, dicts (pooling:
        ``ceil_mode``; transposed convolution: ``transposed=True`` with
        ``output_padding``), :class:`symconv.networks.Layer` or ``{name: layer}``.
    include_padding : bool, default False
        Add the zero-padding positions of each layer's input as nodes
        (``padding=True``, label ``0``) with the edges that read them.  Below
        a transposed layer these are the zeros of the guide's construction
        (inserted between the inputs and padded around them; see the module
        docstring), read through the same taps as the inputs.
    names : list of str, optional
        Label prefixes for the input and each layer, e.g. ``["x", "s"]``;
        by default see :func:`layer_prefixes`.
    max_edges : int, default 2_000_000
        Refuse (before building) a graph with more edges than this, or with
        more nodes than this (the zero-padding nodes of ``include_padding``
        included: a large padding or dilation pads a few units with many
        zeros that few edges read).

    Returns
    -------
    networkx.DiGraph
        Nodes ``(layer, position)``, edges from each layer's input units to
        its output units (see the module docstring for the attributes).

    Raises
    ------
    SymconvError
        An empty stack, a malformed layer, an input too small for a kernel,
        a transposed layer whose padding removes its whole output, a
        transposed pooling layer (nothing computes one), too many edges or
        nodes; the message names the layer.
    TypeError
        Symbolic sizes (a graph needs numbers) or a wrong kind of input.

    Examples
    --------
    The sparse graph of the seed notes: five inputs, a kernel of width 3,
    padding 1.

    >>> G = connectivity_graph(5, [(3, 1, 1)])
    >>> G.number_of_nodes(), G.number_of_edges()
    (10, 13)
    >>> [G.nodes[v]["label"] for v in sorted(G.successors((0, 2)))]
    ['s2', 's3', 's4']
    >>> G.edges[(0, 2), (1, 2)]
    {'tap': 1, 'parameter': 'w1[1]', 'layer': 1}
    >>> connectivity_graph((4, 4), [(3, 1, 0)]).number_of_edges()
    36

    Circular padding wraps around: the first output also reads the last
    input, through the padding cell before the first.

    >>> wrap = connectivity_graph(4, [dict(kernel_size=3, padding=1, padding_mode="circular")])
    >>> sorted(wrap.nodes[u]["label"] for u in wrap.predecessors((1, 0)))
    ['x1', 'x2', 'x4']
    >>> wrap.edges[(0, 3), (1, 0)]
    {'tap': 0, 'parameter': 'w1[0]', 'padding_position': -1, 'layer': 1, 'via': 'circular'}

    The guide's upsampling (its figure 4.5): a transposed convolution with
    kernel 3 and stride 2 takes 2 inputs to 5 outputs, input ``i`` feeding
    outputs ``2i .. 2i + 2``.

    >>> up = connectivity_graph(2, [dict(kernel_size=3, stride=2, transposed=True)])
    >>> up.graph["sizes"]
    [2, 5]
    >>> [(up.nodes[u]["label"], up.nodes[v]["label"], tap) for u, v, tap in sorted(up.edges(data="tap"))]
    [('x1', 's1', 0), ('x1', 's2', 1), ('x1', 's3', 2), ('x2', 's3', 0), ('x2', 's4', 1), ('x2', 's5', 2)]

    With ``include_padding=True`` the zeros of the guide's construction appear
    (one inserted between ``x1`` and ``x2`` at position 1/2, two padded on
    each side), and every output reads three slots, as a stride-1 convolution:

    >>> padded = connectivity_graph(2, [dict(kernel_size=3, stride=2, transposed=True)], include_padding=True)
    >>> [str(position) for layer, position in sorted(padded) if padded.nodes[layer, position]["padding"]]
    ['-1', '-1/2', '1/2', '3/2', '2']
    >>> sorted(padded.in_degree(v) for v in padded if v[0] == 1)
    [3, 3, 3, 3, 3]

    See Also
    --------
    dense_graph : the fully connected counterpart.
    symconv.graphs.receptive_field_nodes, symconv.graphs.affected_nodes : queries.
    """
    if not isinstance(include_padding, bool):
        raise TypeError(f"include_padding: expected a bool, got {type(include_padding).__name__} {include_padding!r}")
    shape = _input_shape(n_inputs)
    ndim = len(shape)
    _refuse_depth(shape, layers, max_edges)
    stack = layer_stack(layers, ndim=ndim if is_sequence(plain(n_inputs)) else None)
    if stack[0].geometry.ndim != ndim:
        raise SymconvError(
            f"n_inputs: expected a tuple of {stack[0].geometry.ndim} sizes for layers with "
            f"{stack[0].geometry.ndim} spatial axes, got {short(n_inputs)}", parameter="n_inputs"
        )
    plan = _plan(shape, stack, include_padding, max_edges)
    grids = _grids(plan, ndim)
    # forward layers never get denser than the input, so this is 1 for them; an upsampling layer gets unit spacing
    unit = [min(grid[axis][1] for grid in grids) for axis in range(ndim)]
    sizes = [shape] + [out for _, _, out, _, _ in plan]
    if any(layer.geometry.transposed for layer in stack):
        # grids drawn side by side get room for the widest span a layer (with its zeros) covers, so none overlap;
        # a position is increasing in p, so the ends of each range are enough
        columns = [(layer, (0, n[-1] - 1)) for layer, n in enumerate(sizes)]
        if include_padding:
            for layer, (size, pads, out, geometry, _) in enumerate(plan):
                start, stop, step = _padded_slots(size, pads, out, geometry)[-1]
                columns.append((layer, (Fraction(start, step), Fraction(stop - 1, step))))
        xs = [(grids[layer][-1][0] + grids[layer][-1][1] * p) / unit[-1] for layer, ends in columns for p in ends]
        width = float(max(xs) - min(xs) + 1)
    else:
        width = shape[-1]
    builder = _Builder(ndim, _prefixes(names, len(stack)))
    affine = [_affine(grid, unit) for grid in grids]

    def place(layer, position):
        # int / int is correctly rounded, as float(Fraction) is, so positions are those of exact arithmetic; only
        # an inserted zero of a transposed layer has a fractional position
        centre = tuple(
            (a + b * p) / c if isinstance(p, int) else float((a + b * p) / c)
            for (a, b, c), p in zip(affine[layer], position)
        )
        return _drawing_position(layer, centre, width)

    for position in itertools.product(*(range(n) for n in shape)):
        builder.node(0, position, place(0, position))
    graph = builder.graph
    for layer, (size, pads, out, geometry, has_parameters) in enumerate(plan, start=1):
        for position in itertools.product(*(range(o) for o in out)):
            builder.node(layer, position, place(layer, position))
        mode = geometry.padding_mode
        if include_padding:
            for position in itertools.product(*_padded_positions(_padded_slots(size, pads, out, geometry))):
                if not _is_unit(position, size):
                    copies = None if mode == "zeros" else tuple(pad_source(q, n, mode) for q, n in zip(position, size))
                    builder.node(layer - 1, position, place(layer - 1, position), padding=True, copies=copies)
        taps = [
            (tap, _key(ndim, tap), f"w{layer}[{','.join(map(str, tap))}]" if has_parameters else None)
            for tap in itertools.product(*(range(k) for k in geometry.kernel_size))
        ]
        for position in itertools.product(*(range(o) for o in out)):
            target = (layer, _key(ndim, position))
            for tap, tap_key, parameter in taps:
                if geometry.transposed:
                    # o = i s - before + t d read backwards: the input i = (o + before - t d) / s, when whole
                    numerators = [
                        o + before - t * d for o, (before, _), t, d in zip(position, pads, tap, geometry.dilation)
                    ]
                    wholes = [
                        source_position(o, t, s, d, before)
                        for o, t, s, d, (before, _) in zip(position, tap, geometry.stride, geometry.dilation, pads)
                    ]
                    if None not in wholes:
                        source = tuple(wholes)
                        # with include_padding every slot read is an input or a zero of the guide's construction
                        if not include_padding and not all(0 <= q < n for q, n in zip(source, size)):
                            continue
                    elif include_padding:
                        source = tuple(_whole(z, s) for z, s in zip(numerators, geometry.stride))
                    else:
                        continue
                else:
                    source = tuple(
                        input_position(j, t, s, d, before)
                        for j, s, (before, _), t, d in zip(position, geometry.stride, pads, tap, geometry.dilation)
                    )
                    if not all(0 <= q < n for q, n in zip(source, size)):
                        if include_padding and all(-b <= q < n + a for q, n, (b, a) in zip(source, size, pads)):
                            pass  # the padding node is drawn: the edge reads it
                        elif mode != "zeros":
                            # the read of a copying padding cell is a read of the unit it copies (_layout.pad_source)
                            copied = (layer - 1, _key(ndim, tuple(pad_source(q, n, mode) for q, n in zip(source, size))))
                            read = dict(tap=tap_key, parameter=parameter, padding_position=_key(ndim, source))
                            if graph.has_edge(copied, target):
                                graph.edges[copied, target].setdefault("more_reads", []).append(read)
                            else:
                                graph.add_edge(copied, target, **read, layer=layer, via=mode)
                            continue
                        else:
                            continue
                if graph.has_edge((layer - 1, _key(ndim, source)), target):
                    # a direct read of a unit that a copying padding cell already brought in: the direct one leads
                    data = graph.edges[(layer - 1, _key(ndim, source)), target]
                    earlier = {k: data.pop(k) for k in ("tap", "parameter", "padding_position")}
                    data.pop("via")
                    data.setdefault("more_reads", []).append(earlier)
                    data.update(tap=tap_key, parameter=parameter)
                    continue
                graph.add_edge((layer - 1, _key(ndim, source)), target, tap=tap_key, parameter=parameter, layer=layer)
    return builder.finish(kind="conv", sizes=[_key(ndim, n) for n in sizes], layers=stack)


def _affine(grid, unit) -> list:
    """Per axis, integers ``(a, b, c)`` with ``(offset + scale p) / u == (a + b p) / c``, from the grid's Fractions."""
    out = []
    for (offset, scale), u in zip(grid, unit):
        offset, scale = offset / u, scale / u
        c = math.lcm(offset.denominator, scale.denominator)
        out.append((offset.numerator * (c // offset.denominator), scale.numerator * (c // scale.denominator), c))
    return out


def _is_unit(position, size) -> bool:
    """True when ``position`` is a unit of a layer of ``size`` (not padding, not an inserted zero)."""
    return all(isinstance(p, int) and 0 <= p < n for p, n in zip(position, size))


#: Stacks deeper than this are checked against the node limit before their layers are read.
_READ_DEPTH = 10_000


def _refuse_depth(shape, layers, max_edges) -> None:
    """Refuse a stack deeper than the node limit allows before any layer is read.

    Every layer has at least one unit, so a graph has at least the input's
    units plus one node per layer; a ``depth`` of 10**8 is refused here at
    once, instead of after reading 10**8 layers.  Stacks of up to
    :data:`_READ_DEPTH` layers are read (that is quick) and counted layer by
    layer in :func:`_plan`, whose message says where the count overflowed.
    """
    max_edges = as_size(max_edges, "max_edges")
    if isinstance(layers, (str, bytes)) or not hasattr(layers, "__len__") or len(layers) <= _READ_DEPTH:
        return  # layer_stack says what a stack is; _plan counts a short one
    inputs = math.prod(shape)
    least = inputs + len(layers)
    if least > max_edges:
        raise SymconvError(
            f"max_edges: the graph would have at least {int_text(least, grouped=True)} nodes ({len(layers):,} layers "
            f"of at least one unit each above {int_text(inputs, grouped=True)} inputs), more than "
            f"{max_edges:,}; use fewer layers or raise max_edges",
            parameter="max_edges",
            # the first layer at which even one unit per layer passes the limit
            layer=max(0, max_edges - inputs),
        )


def _plan(shape, stack, include_padding, max_edges):
    """Per layer: input size, pads, output size, geometry, whether it has parameters; refuses huge graphs.

    ``max_edges`` bounds the edges and, separately, the nodes (zero padding
    included): a padded grid can hold far more nodes than edges read it.
    """
    max_edges = as_size(max_edges, "max_edges")
    plan, size, edges, nodes = [], shape, 0, math.prod(shape)
    for index, layer in enumerate(stack):
        geometry = layer.geometry
        if geometry.transposed and not layer.has_parameters:
            raise SymconvError(
                f"layers[{index}]: kind: expected kind='conv' for a transposed layer (nothing in symconv computes "
                f"a transposed pooling), got kind='pool' in {layer!r}",
                parameter="kind",
                layer=index,
            )
        values = (*geometry.kernel_size, *geometry.stride, *geometry.dilation, *geometry.output_padding)
        if any(is_symbolic(v) for v in values) or (
            geometry.padding != "same" and any(is_symbolic(p) for pair in geometry.padding for p in pair)
        ):
            raise TypeError(f"layers[{index}]: a graph needs concrete sizes, got the symbolic layer {geometry!r}")
        try:
            pads = geometry.pads(size)
            out = geometry.output_size(size)
        except SymconvError as err:
            raise SymconvError(f"layers[{index}]: {err}", parameter=err.parameter, layer=index) from err
        edges += math.prod(out) * math.prod(geometry.kernel_size)
        if edges > max_edges:
            raise SymconvError(
                f"max_edges: the graph would have more than {max_edges} edges (reached {edges} at layers[{index}]); "
                "use a smaller input or raise max_edges", parameter="max_edges", layer=index
            )
        zeros = _padding_count(size, _padded_slots(size, pads, out, geometry)) if include_padding else 0
        nodes += math.prod(out) + zeros
        if nodes > max_edges:
            where, remedy = f"layers[{index}]", "use a smaller input"
            if include_padding:
                where += f", whose input has {zeros} zero-padding nodes"
                remedy += ", less padding or dilation, include_padding=False"
            raise SymconvError(
                f"max_edges: the graph would have more than {max_edges} nodes (reached {nodes} at {where}; max_edges "
                f"bounds the nodes too); {remedy} or raise max_edges", parameter="max_edges", layer=index
            )
        plan.append((size, pads, out, geometry, layer.has_parameters))
        size = out
    return plan


def dense_graph(n_inputs, n_outputs, *, names=None, max_edges: int = MAX_EDGES):
    """The fully connected counterpart: every input feeds every output, every edge its own parameter.

    Parameters
    ----------
    n_inputs : int
    n_outputs : int or sequence of int
        Output size, or the sizes of several fully connected layers.
    names : list of str, optional
        Label prefixes as in :func:`connectivity_graph`.
    max_edges : int, default 2_000_000

    Returns
    -------
    networkx.DiGraph
        Same node attributes as :func:`connectivity_graph`; each edge's
        ``parameter`` is ``W<layer>[<j>,<i>]`` (row ``j`` = output, column
        ``i`` = input, as in ``y = W x``) and its ``tap`` is ``None``.

    Raises
    ------
    SymconvError
        A size below 1, a bad ``names`` list or too many edges.
    TypeError
        A size of the wrong kind.

    Examples
    --------
    >>> G = dense_graph(5, 5)
    >>> G.number_of_edges(), len({p for _, _, p in G.edges(data="parameter")})
    (25, 25)
    >>> G.edges[(0, 2), (1, 2)]["parameter"]
    'W1[2,2]'
    """
    n_inputs = as_size(n_inputs, "n_inputs")
    sizes = [n_inputs, *as_shape(n_outputs, "n_outputs")]
    if any(is_symbolic(n) for n in sizes):
        raise TypeError(f"n_outputs: a graph needs concrete sizes, got {n_outputs!r}")
    edges = sum(a * b for a, b in zip(sizes, sizes[1:]))
    if edges > as_size(max_edges, "max_edges"):
        raise SymconvError(f"max_edges: the dense graph would have {edges} edges, more than {max_edges}", parameter="max_edges")
    builder = _Builder(1, _prefixes(names, len(sizes) - 1))
    width = max(sizes)
    for layer, n in enumerate(sizes):
        for i in range(n):
            # spread every layer over the widest layer's width (the input's, unless a layer upsamples) so layers of
            # different sizes line up and none is crowded
            x = (i + 0.5) * width / n - 0.5
            builder.node(layer, (i,), (float(x), float(layer)))
    for layer, (n_in, n_out) in enumerate(zip(sizes, sizes[1:]), start=1):
        builder.graph.add_edges_from(
            ((layer - 1, i), (layer, j), {"tap": None, "parameter": f"W{layer}[{j},{i}]", "layer": layer})
            for i in range(n_in)
            for j in range(n_out)
        )
    return builder.finish(kind="dense", sizes=sizes, layers=None)

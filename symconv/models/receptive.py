"""Receptive fields through a network graph: branches, merges, decoders.

For every layer and spatial axis the receptive-field size ``r``, effective
stride ``S`` and effective padding ``P`` of Araujo et al.: the unit at index
``x`` sees the input positions ``-P + x S`` to ``-P + x S + r - 1``.  A
layer with (effective) kernel ``k``, stride ``s`` and left pad ``p`` after a
layer ``(r, S, P)`` gives

* convolution and pooling: ``r + (k - 1) S``, ``S s``, ``P + p S``;
* transposed convolution (and nearest upsampling by ``f``, a transposed
  convolution with kernel and stride ``f``): the same rule with the
  fractional stride ``1/s`` of the zero-inserted input, ``k - 1`` read as
  ``(k - 1)/s`` and the pad ``(k - 1 - p)/s``: ``r + S (k - 1)/s``,
  ``S / s``, ``P + S (k - 1 - p)/s``.  These are exact ``Fraction``\\ s.  A
  transposed unit reads the whole input units inside that span, so its exact
  region is the span with its fractional ends rounded inwards;
* element-wise layers and dense layers keep ``(r, S, P)``; ``Flatten`` (and
  a global pool) reads the whole map of ``n`` units: ``r + (n - 1) S``,
  ``S n``, ``P``.

Where branches meet (a sum, a product, a concatenation) a unit's region is
the union of the regions its input paths give, taken as the span from the
smallest start to the largest end: with equal strides ``S``,
``P = max_j P_j`` and ``r = max_j (r_j - 1 - P_j) + P + 1``.  The branches
are *aligned* when their regions have the same centre ``(r_j - 1)/2 - P_j``;
otherwise the layer (and every layer after it) is reported not aligned,
with the centres of each path, as google-research/receptive_field reports
"not aligned".  Branches with different effective strides cannot be aligned
at all (their regions drift apart from unit to unit) and are refused.  A
branch broadcast over an axis (size 1 against a larger map, as in
squeeze-and-excitation) gives every unit the same extra region: the span is
taken at unit 0 and the layer is reported not aligned.

With several graph inputs, positions are those of whichever input a path
starts from.

References
----------
.. [1] A. Araujo, W. Norris, J. Sim, "Computing receptive fields of
   convolutional neural networks", Distill, 2019. doi:10.23915/distill.00021
"""

from __future__ import annotations

from dataclasses import dataclass

from .._errors import SymconvError
from . import _exact
from .network import check_network

__all__ = ["NodeField", "receptive_fields", "receptive_field_rows", "receptive_field_table", "alignment_report"]


@dataclass(frozen=True)
class NodeField:
    """The receptive field of one layer's units, per spatial axis, in input positions.

    Attributes
    ----------
    name, op, kind : str
        The layer, as in the network graph.
    output_shape : tuple
    size, stride, padding : tuple
        ``r``, ``S`` and ``P`` per spatial axis: ints, ``Fraction``\\ s
        (after transposed layers) or SymPy expressions.
    aligned : bool or None
        False when paths into this layer or an earlier one disagree on the
        centre of the region; None when SymPy cannot decide.
    misalignment : tuple of str
        Why this layer's own inputs are not aligned (empty when they are).

    Examples
    --------
    >>> from symconv import Geometry
    >>> from symconv.models import NetworkBuilder
    >>> b = NetworkBuilder()
    >>> x = b.input("x", (1, 1, 16))
    >>> c = b.conv("c", x, Geometry(3, stride=2, padding=1), out_channels=1)
    >>> f = receptive_fields(b.build())[-1]
    >>> f.size, f.stride, f.padding, f.region((3,))
    ((3,), (2,), (1,), ((5,), (7,)))
    """

    name: str
    op: str
    kind: str
    output_shape: tuple
    size: tuple
    stride: tuple
    padding: tuple
    aligned: bool | None = True
    misalignment: tuple = ()

    def start(self, index) -> tuple:
        """First input position seen by the unit at ``index`` (one int per axis)."""
        return tuple(_exact.norm(-p + x * s) for x, s, p in zip(self._index(index), self.stride, self.padding))

    def end(self, index) -> tuple:
        """Last input position seen (inclusive)."""
        return tuple(_exact.norm(-p + x * s + r - 1)
                     for x, r, s, p in zip(self._index(index), self.size, self.stride, self.padding))

    def centre(self, index) -> tuple:
        """Middle of the region, ``start + (r - 1)/2``."""
        return tuple(_exact.norm(a + _exact.ratio(r - 1, 2)) for a, r in zip(self.start(index), self.size))

    def region(self, index) -> tuple:
        """``(start, end)``, both inclusive."""
        return self.start(index), self.end(index)

    def _index(self, index):
        if isinstance(index, int):
            index = (index,)
        if not isinstance(index, (tuple, list)) or len(index) != len(self.size):
            raise SymconvError(
                f"index: expected a tuple of {len(self.size)} ints (one per spatial axis), got {index!r}",
                parameter="index",
            )
        return tuple(index)


def _ordered(network) -> list:
    seen = set()
    for node in network:
        if any(p not in seen for p in network.predecessors(node)):
            import networkx as nx

            return list(nx.topological_sort(network))
        seen.add(node)
    return list(network)


def _inputs(network, node) -> list:
    return sorted(network.predecessors(node), key=lambda p: network.edges[p, node].get("index", 0))


def _and(values):
    values = list(values)
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def receptive_fields(network) -> list[NodeField]:
    """The receptive field of every layer of a network graph, in topological order.

    Parameters
    ----------
    network : networkx.DiGraph
        From :func:`symconv.models.from_onnx`, :func:`symconv.models.from_torch`
        or :class:`symconv.models.NetworkBuilder`.

    Returns
    -------
    list of NodeField
        One per layer (graph inputs included: ``r = 1``, ``S = 1``, ``P = 0``),
        in the order of the graph, the outputs last where they come last.

    Raises
    ------
    SymconvError
        Branches whose effective strides differ where they meet
        (``parameter="network"``): their regions cannot be aligned.
    TypeError
        Not a network graph.

    Examples
    --------
    Two paths of different reach, summed: the span of both, centred alike.

    >>> from symconv import Geometry
    >>> from symconv.models import NetworkBuilder
    >>> b = NetworkBuilder()
    >>> x = b.input("x", (1, 1, 32))
    >>> a = b.conv("a", x, Geometry(5, padding=2), out_channels=1)
    >>> c = b.conv("c", x, Geometry(3, padding=1), out_channels=1)
    >>> s = b.merge("sum", [a, c])
    >>> f = receptive_fields(b.build())[-1]
    >>> f.size, f.stride, f.padding, f.aligned
    ((5,), (1,), (2,), True)

    A decoder: a stride-2 convolution, then a transposed one.

    >>> b = NetworkBuilder()
    >>> x = b.input("x", (1, 1, 32))
    >>> d = b.conv("down", x, Geometry(3, stride=2, padding=1), out_channels=1)
    >>> u = b.conv("up", d, Geometry(4, stride=2, padding=1, transposed=True), out_channels=1)
    >>> [(f.name, f.size, f.stride, f.padding) for f in receptive_fields(b.build())]
    [('x', (1,), (1,), (0,)), ('down', (3,), (2,), (1,)), ('up', (6,), (1,), (3,))]

    See Also
    --------
    receptive_field_rows, receptive_field_table, alignment_report
    symconv.receptive_field : the same formulas for a plain stack.

    References
    ----------
    .. [1] A. Araujo, W. Norris, J. Sim, "Computing receptive fields of
       convolutional neural networks", Distill, 2019.
    """
    network = check_network(network)
    ndim = network.graph["ndim"]
    fields: dict[str, NodeField] = {}
    for node in _ordered(network):
        data = network.nodes[node]
        kind = data["kind"]
        sources = _inputs(network, node)
        if kind == "input" or not sources:
            r, S, P, aligned, notes = (1,) * ndim, (1,) * ndim, (0,) * ndim, True, ()
        elif kind in ("merge", "concat") and len(sources) > 1:
            r, S, P, own, notes = _union(network, node, [fields[s] for s in sources])
            aligned = _and([own, *(fields[s].aligned for s in sources)])
        else:
            before = fields[sources[0]]
            r, S, P = _through(network, node, data, before)
            aligned, notes = before.aligned, ()
        fields[node] = NodeField(
            name=data["name"], op=data["op"], kind=kind, output_shape=data["output_shape"],
            size=tuple(_exact.norm(v) for v in r), stride=tuple(_exact.norm(v) for v in S),
            padding=tuple(_exact.norm(v) for v in P), aligned=aligned, misalignment=tuple(notes),
        )
    return list(fields.values())


def _through(network, node, data, before: NodeField):
    """``(r, S, P)`` after one layer that reads one input."""
    r, S, P = before.size, before.stride, before.padding
    kind = data["kind"]
    if kind == "flatten":
        source = _inputs(network, node)[0]
        spatial = network.nodes[source]["output_shape"][2:]
        if len(spatial) != len(r):
            return r, S, P  # already flat
        return (tuple(ri + (n - 1) * Si for ri, n, Si in zip(r, spatial, S)),
                tuple(Si * n for Si, n in zip(S, spatial)), P)
    geometry = data["geometry"]
    if geometry is None:
        return r, S, P
    pads = data["pads"]
    out_r, out_S, out_P = [], [], []
    for axis in range(len(r)):
        k = geometry.effective_kernel_size[axis]
        s = geometry.stride[axis]
        before_pad = pads[axis][0]
        if geometry.transposed:
            out_r.append(r[axis] + S[axis] * _exact.ratio(k - 1, s))
            out_P.append(P[axis] + S[axis] * _exact.ratio(k - 1 - before_pad, s))
            out_S.append(_exact.ratio(S[axis], s))
        else:
            out_r.append(r[axis] + (k - 1) * S[axis])
            out_P.append(P[axis] + before_pad * S[axis])
            out_S.append(S[axis] * s)
    return tuple(out_r), tuple(out_S), tuple(out_P)


def _union(network, node, inputs: list[NodeField]):
    """The span of the regions of several paths; ``(r, S, P, aligned, notes)``."""
    out_shape = network.nodes[node]["output_shape"]
    ndim = len(inputs[0].size)
    r, S, P, notes = [], [], [], []
    verdicts = []
    for axis in range(ndim):
        out_size = out_shape[2 + axis] if len(out_shape) == ndim + 2 else None
        spread, broadcast = [], []
        for field in inputs:
            size = field.output_shape[2 + axis] if len(field.output_shape) == ndim + 2 else None
            if out_size is not None and size is not None and _exact.same(size, 1) is True \
                    and _exact.same(out_size, 1) is False:
                broadcast.append(field)
            else:
                spread.append(field)
        stride = spread[0].stride[axis]
        for field in spread[1:]:
            verdict = _exact.same(field.stride[axis], stride)
            if verdict is False:
                listing = ", ".join(f"{_exact.text(f.stride[axis])} (from {f.name!r})" for f in spread)
                raise SymconvError(
                    f"network: the branches into {node!r} cannot be aligned on spatial axis {axis}: their effective "
                    f"strides differ: {listing}",
                    parameter="network",
                )
            verdicts.append(verdict)
        starts = [-f.padding[axis] for f in inputs]
        ends = [-f.padding[axis] + f.size[axis] - 1 for f in inputs]
        low, high = _exact.smallest(starts), _exact.largest(ends)
        P.append(-low)
        r.append(high - low + 1)
        S.append(stride)
        centres = [_exact.norm(_exact.ratio(f.size[axis] - 1, 2) - f.padding[axis]) for f in inputs]
        agree = _and(_exact.same(c, centres[0]) for c in centres[1:])
        if broadcast:
            agree = False
            names = ", ".join(repr(f.name) for f in broadcast)
            notes.append(f"axis {axis}: {names} broadcast over the axis (the same region for every unit)")
        elif agree is not True:
            listing = ", ".join(f"{_exact.text(c)} (from {f.name!r})" for c, f in zip(centres, inputs))
            notes.append(f"axis {axis}: centres differ: {listing}" if agree is False
                         else f"axis {axis}: centres may differ: {listing}")
        verdicts.append(agree)
    return r, S, P, _and(verdicts), notes


def receptive_field_rows(network) -> list[dict]:
    """JSON-ready rows of :func:`receptive_fields`, one per layer in topological order.

    Each row has ``name``, ``op``, ``kind``, ``output_shape`` (a list),
    ``rf_size``, ``effective_stride``, ``effective_padding`` (lists, one
    value per spatial axis) and ``aligned`` (``true``/``false``, ``null``
    when undecided).  An integer is a JSON number; a fraction or a symbolic
    size is its exact text (``"1/2"``, ``"floor(h/2) + 1"``), never a
    rounded float.

    Examples
    --------
    >>> from symconv import Geometry
    >>> from symconv.models import NetworkBuilder
    >>> b = NetworkBuilder()
    >>> x = b.input("x", (1, 1, 8))
    >>> u = b.upsample("up", x, 2)
    >>> receptive_field_rows(b.build())[-1]  # doctest: +NORMALIZE_WHITESPACE
    {'name': 'up', 'op': 'Resize', 'kind': 'upsample', 'output_shape': [1, 1, 16], 'rf_size': ['3/2'],
     'effective_stride': ['1/2'], 'effective_padding': ['1/2'], 'aligned': True}
    """
    return [_row(f) for f in receptive_fields(network)]


def _row(field: NodeField) -> dict:
    return {
        "name": field.name,
        "op": field.op,
        "kind": field.kind,
        "output_shape": [_exact.json_value(v) for v in field.output_shape],
        "rf_size": [_exact.json_value(v) for v in field.size],
        "effective_stride": [_exact.json_value(v) for v in field.stride],
        "effective_padding": [_exact.json_value(v) for v in field.padding],
        "aligned": field.aligned,
    }


def axes_text(values) -> str:
    """One value when every axis agrees (``212``), else per axis (``3 x 5``)."""
    texts = [_exact.text(v) for v in values]
    return texts[0] if len(set(texts)) == 1 else " x ".join(texts)


def receptive_field_table(network):
    """A Markdown table of :func:`receptive_fields` (one row per layer), then the alignment notes.

    Returns
    -------
    symconv._output.jupyter.Markdown

    Examples
    --------
    >>> from symconv import Geometry
    >>> from symconv.models import NetworkBuilder
    >>> b = NetworkBuilder()
    >>> x = b.input("x", (1, 3, 8, 8))
    >>> c = b.conv("c", x, Geometry(3, ndim=2), out_channels=4)
    >>> print(receptive_field_table(b.build()))
    | layer | op | output shape | receptive field | effective stride | effective padding | aligned |
    |---|---|---|---|---|---|---|
    | x | Input | 1x3x8x8 | 1 | 1 | 0 | yes |
    | c | Conv | 1x4x6x6 | 3 | 1 | 0 | yes |
    """
    from .._output.jupyter import Markdown

    fields = receptive_fields(network)
    header = ["layer", "op", "output shape", "receptive field", "effective stride", "effective padding", "aligned"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for f in fields:
        cells = [f.name, f.op, "x".join(_exact.text(v) for v in f.output_shape), axes_text(f.size),
                 axes_text(f.stride), axes_text(f.padding), _yes(f.aligned)]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    notes = _notes(fields)
    if notes:
        lines += ["", *[f"- {line}" for line in notes]]
    return Markdown("\n".join(lines))


def _yes(value) -> str:
    return {True: "yes", False: "no", None: "unknown"}[value]


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|")


def _notes(fields) -> list[str]:
    return [f"{f.name!r} is not aligned: {note}" for f in fields for note in f.misalignment]


def alignment_report(network) -> list[str]:
    """One line per layer and axis where the paths into a layer disagree (empty when all agree).

    Examples
    --------
    >>> from symconv import Geometry
    >>> from symconv.models import NetworkBuilder
    >>> b = NetworkBuilder()
    >>> x = b.input("x", (1, 1, 32))
    >>> a = b.conv("a", x, Geometry(3, padding=1), out_channels=1)
    >>> c = b.conv("c", x, Geometry(3, padding=(2, 0)), out_channels=1)
    >>> s = b.merge("sum", [a, c])
    >>> alignment_report(b.build())
    ["'sum' is not aligned: axis 0: centres differ: 0 (from 'a'), -1 (from 'c')"]
    """
    return _notes(receptive_fields(network))

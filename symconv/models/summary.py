"""A per-layer summary of a network: shapes, parameters, MACs and FLOPs, receptive fields.

Counting conventions (those of :mod:`symconv.counting`, for one example):

* ``params``: trainable values -- weights, biases, a normalisation's scale
  and shift (running statistics are not trained and not counted);
* ``macs``: multiply-accumulates of the weights (a convolution
  ``prod(out) * C_out * C_in/groups * prod(k)``, a transposed one in its
  scatter form ``prod(in) * C_in * C_out/groups * prod(k)``, a dense layer
  ``in * out``), and one per window read for pooling; element-wise layers,
  merges, upsampling and padding count 0;
* ``flops = 2 * macs``: one multiply and one add per MAC (activations,
  biases and merges are not counted).

Examples
--------
>>> from symconv import Geometry
>>> from symconv.models import NetworkBuilder
>>> b = NetworkBuilder()
>>> x = b.input("x", (1, 3, 32, 32))
>>> c = b.conv("conv", x, Geometry(3, padding=1, ndim=2), out_channels=16)
>>> p = b.pool("pool", c, Geometry(2, stride=2, ndim=2))
>>> s = summary(b.build())
>>> s.params, s.macs, s.flops
(448, 458752, 917504)
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _exact
from .network import check_network, layer_label
from .receptive import axes_text, receptive_fields

__all__ = ["LayerSummary", "NetworkSummary", "summary", "summary_table"]


@dataclass(frozen=True)
class LayerSummary:
    """One layer of :func:`summary`.

    Attributes
    ----------
    name, op, kind : str
    description : str
        The operation with its geometry (``"Conv k3 s2 p1"``).
    output_shape : tuple
    params, macs, flops
        Counts (ints or SymPy expressions); ``flops = 2 * macs``.
    rf_size, effective_stride, effective_padding : tuple
        Per spatial axis, as :class:`symconv.models.receptive.NodeField`.
    aligned : bool or None
    """

    name: str
    op: str
    kind: str
    description: str
    output_shape: tuple
    params: object
    macs: object
    flops: object
    rf_size: tuple
    effective_stride: tuple
    effective_padding: tuple
    aligned: bool | None

    def to_row(self) -> dict:
        """The layer as a JSON-ready dict (ints as numbers, fractions and expressions as exact text)."""
        return {
            "name": self.name,
            "op": self.op,
            "kind": self.kind,
            "description": self.description,
            "output_shape": [_exact.json_value(v) for v in self.output_shape],
            "params": _exact.json_value(self.params),
            "macs": _exact.json_value(self.macs),
            "flops": _exact.json_value(self.flops),
            "rf_size": [_exact.json_value(v) for v in self.rf_size],
            "effective_stride": [_exact.json_value(v) for v in self.effective_stride],
            "effective_padding": [_exact.json_value(v) for v in self.effective_padding],
            "aligned": self.aligned,
        }


@dataclass(frozen=True)
class NetworkSummary:
    """What :func:`summary` returns: the layers and the totals.

    Attributes
    ----------
    layers : tuple of LayerSummary
        In topological order.
    params, macs, flops
        Totals over the layers.
    notes : tuple of str
        Where paths into a layer are not aligned
        (:func:`symconv.models.alignment_report`).
    """

    layers: tuple
    params: object
    macs: object
    flops: object
    notes: tuple = ()

    def to_rows(self) -> list[dict]:
        """JSON-ready rows, one per layer in topological order (see :meth:`LayerSummary.to_row`)."""
        return [layer.to_row() for layer in self.layers]

    @property
    def totals(self) -> dict:
        """``{"params", "macs", "flops"}``, JSON-ready."""
        return {key: _exact.json_value(getattr(self, key)) for key in ("params", "macs", "flops")}

    def to_markdown(self):
        """A Markdown table: one row per layer, a totals row, then the alignment notes."""
        from .._output.jupyter import Markdown

        header = ["layer", "operation", "output shape", "params", "MACs", "receptive field", "effective stride",
                  "effective padding", "aligned"]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for layer in self.layers:
            cells = [layer.name, layer.description, "x".join(_exact.text(v) for v in layer.output_shape),
                     _count(layer.params), _count(layer.macs), axes_text(layer.rf_size),
                     axes_text(layer.effective_stride), axes_text(layer.effective_padding),
                     {True: "yes", False: "no", None: "unknown"}[layer.aligned]]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append(f"| total | | | {_count(self.params)} | {_count(self.macs)} | | | | |")
        lines += ["", f"FLOPs = 2 x MACs = {_count(self.flops)}."]
        if self.notes:
            lines += ["", *[f"- {note}" for note in self.notes]]
        return Markdown("\n".join(lines))

    def _repr_markdown_(self) -> str:
        return str(self.to_markdown())


def _count(value) -> str:
    value = _exact.norm(value)
    return f"{value:,}" if isinstance(value, int) else _exact.text(value)


def summary(network) -> NetworkSummary:
    """Summarise a network graph: per layer shape, counts and receptive field; totals.

    Parameters
    ----------
    network : networkx.DiGraph
        From :func:`symconv.models.from_onnx`, :func:`symconv.models.from_torch`
        or :class:`symconv.models.NetworkBuilder`.

    Returns
    -------
    NetworkSummary
        ``.layers``, ``.params``, ``.macs``, ``.flops`` (``= 2 * macs``),
        ``.to_rows()`` for JSON, ``.to_markdown()`` for a table.

    Raises
    ------
    SymconvError
        As :func:`symconv.models.receptive_fields` (branches that cannot be aligned).
    TypeError
        Not a network graph.

    See Also
    --------
    summary_table, symconv.counting
    """
    network = check_network(network)
    layers = []
    fields = receptive_fields(network)
    for field in fields:
        data = network.nodes[field.name]
        macs = data["macs"]
        layers.append(LayerSummary(
            name=field.name, op=field.op, kind=field.kind, description=layer_label(data)[1],
            output_shape=field.output_shape, params=data["params"], macs=macs, flops=_exact.norm(2 * macs),
            rf_size=field.size, effective_stride=field.stride, effective_padding=field.padding,
            aligned=field.aligned,
        ))
    params = _exact.norm(sum(layer.params for layer in layers))
    macs = _exact.norm(sum(layer.macs for layer in layers))
    notes = tuple(f"{f.name!r} is not aligned: {note}" for f in fields for note in f.misalignment)
    return NetworkSummary(tuple(layers), params, macs, _exact.norm(2 * macs), notes)


def summary_table(network):
    """:func:`summary` as a Markdown table (``symconv._output.jupyter.Markdown``, a ``str``).

    Examples
    --------
    >>> from symconv import Geometry
    >>> from symconv.models import NetworkBuilder
    >>> b = NetworkBuilder()
    >>> x = b.input("x", (1, 3, 8, 8))
    >>> c = b.conv("conv", x, Geometry(3, stride=2, padding=1, ndim=2), out_channels=4, bias=False)
    >>> print(summary_table(b.build()))
    | layer | operation | output shape | params | MACs | receptive field | effective stride | effective padding | aligned |
    |---|---|---|---|---|---|---|---|---|
    | x | Input | 1x3x8x8 | 0 | 0 | 1 | 1 | 0 | yes |
    | conv | Conv k3 s2 p1 | 1x4x4x4 | 108 | 1,728 | 3 | 2 | 1 | yes |
    | total | | | 108 | 1,728 | | | | |
    <BLANKLINE>
    FLOPs = 2 x MACs = 3,456.
    """
    return summary(network).to_markdown()

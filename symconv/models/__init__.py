"""Your own network: ONNX and PyTorch models read into network graphs of Geometry layers.

* :func:`from_onnx` (the optional extra ``onnx``) and :func:`from_torch`
  (the optional extra ``torch``, via ``torch.fx``) read a model into a
  network graph, a ``networkx.DiGraph`` of layers in topological order
  (:mod:`symconv.models.network`); :class:`NetworkBuilder` builds one by
  hand; :func:`load_network` reads either from what a command line gets
  (a ``.onnx`` path or ``module:attribute``);
* :func:`receptive_fields`, :func:`receptive_field_rows`,
  :func:`receptive_field_table`, :func:`alignment_report`: receptive fields
  through branches, merges and decoders (:mod:`symconv.models.receptive`);
* :func:`summary`, :func:`summary_table`: shapes, parameters, MACs, FLOPs and
  receptive fields per layer (:mod:`symconv.models.summary`);
* :func:`network_to_mermaid`, :func:`network_to_dot`, :func:`network_to_tikz`,
  :func:`draw_network`, :func:`render_network`: the architecture diagram
  (:mod:`symconv.models.draw`);
* :func:`path_nodes`, :func:`path_layers`, :func:`path_connectivity_graph`:
  one path of the network as a layer stack for :func:`symconv.receptive_field`
  and the unit-level graphs of :mod:`symconv.graphs` (:mod:`symconv.models.paths`).

Neither ``onnx`` nor ``torch`` is imported until a function needs it.

Examples
--------
>>> from symconv import Geometry
>>> from symconv.models import NetworkBuilder, receptive_fields
>>> b = NetworkBuilder()
>>> x = b.input("image", (1, 3, 224, 224))
>>> c = b.conv("conv1", x, Geometry(7, stride=2, padding=3, ndim=2), out_channels=64)
>>> p = b.pool("pool1", c, Geometry(3, stride=2, padding=1, ndim=2))
>>> f = receptive_fields(b.build())[-1]
>>> f.output_shape, f.size, f.stride, f.padding
((1, 64, 56, 56), (11, 11), (4, 4), (5, 5))
"""

from .draw import draw_network, network_to_dot, network_to_mermaid, network_to_tikz, render_network
from .load import load_network
from .network import KINDS, NetworkBuilder
from .onnx import from_onnx
from .paths import path_connectivity_graph, path_layers, path_nodes
from .receptive import NodeField, alignment_report, receptive_field_rows, receptive_field_table, receptive_fields
from .summary import LayerSummary, NetworkSummary, summary, summary_table
from .torch import from_torch

__all__ = [
    "KINDS",
    "NetworkBuilder",
    "from_onnx",
    "from_torch",
    "load_network",
    "NodeField",
    "receptive_fields",
    "receptive_field_rows",
    "receptive_field_table",
    "alignment_report",
    "LayerSummary",
    "NetworkSummary",
    "summary",
    "summary_table",
    "network_to_mermaid",
    "network_to_dot",
    "network_to_tikz",
    "draw_network",
    "render_network",
    "path_nodes",
    "path_layers",
    "path_connectivity_graph",
]

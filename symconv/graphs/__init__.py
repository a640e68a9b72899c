"""Graphs of convolution: sparse connectivity, parameter sharing and receptive fields.

Builders (networkx, no drawing) are kept apart from renderers:

* builders -- :func:`connectivity_graph`, :func:`dense_graph`
  (:mod:`symconv.graphs.generators`); queries -- :func:`receptive_field_nodes`,
  :func:`affected_nodes`, :func:`shared_edges`, :func:`edges_by_parameter`,
  :func:`parameter_count` (:mod:`symconv.graphs.queries`); diagrams with
  computed highlights -- :func:`outputs_affected_diagram`,
  :func:`inputs_affecting_diagram`, :func:`receptive_field_diagram`,
  :func:`parameter_sharing_diagram` (:mod:`symconv.graphs.diagrams`);
* renderers -- :func:`to_mermaid`, :func:`draw` (matplotlib, imported on
  call), :func:`to_dot`, :func:`to_tikz`; registered by file format in
  :mod:`symconv.graphs.renderers`, whose :func:`render` gives a diagram's
  file bytes in any registered format;
* the figures of ``figures/`` -- the seed notes' four, :func:`seed_diagrams`,
  :func:`seed_figure`, :func:`seed_figure_bytes`, and every diagram the build
  writes, :data:`DIAGRAMS`, :func:`diagram` (:mod:`symconv.graphs.figures`).

Examples
--------
>>> import symconv as sc
>>> G = sc.graphs.connectivity_graph(5, [(3, 1, 1), (3, 1, 1)])
>>> sorted(G.nodes[v]["label"] for v in sc.graphs.receptive_field_nodes(G, "g3", layer=1))
['h2', 'h3', 'h4']

References
----------
.. [1] I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press,
   2016, ch. 9.2 (figs. 9.2-9.5: sparse connectivity, receptive field,
   parameter sharing).
"""

from .generators import MAX_EDGES, connectivity_graph, dense_graph, layer_prefixes
from .diagrams import (
    DIRECTIONS,
    Diagram,
    Panel,
    inputs_affecting_diagram,
    outputs_affected_diagram,
    parameter_sharing_diagram,
    receptive_field_diagram,
)
from .dot import to_dot
from .draw_mpl import Drawing, draw
from .figures import (
    DIAGRAMS,
    SEED_FIGURES,
    diagram,
    diagram_figure,
    diagram_mermaid,
    seed_diagram,
    seed_diagrams,
    seed_figure,
    seed_figure_bytes,
)
from .mermaid import to_mermaid
from .queries import (
    ParameterCount,
    affected_nodes,
    edges_by_parameter,
    layer_nodes,
    parameter_count,
    receptive_field_nodes,
    resolve_node,
    shared_edges,
)
from .renderers import render
from .tikz import to_tikz

__all__ = [
    "connectivity_graph",
    "dense_graph",
    "layer_prefixes",
    "MAX_EDGES",
    "resolve_node",
    "layer_nodes",
    "receptive_field_nodes",
    "affected_nodes",
    "edges_by_parameter",
    "shared_edges",
    "parameter_count",
    "ParameterCount",
    "Panel",
    "Diagram",
    "DIRECTIONS",
    "outputs_affected_diagram",
    "inputs_affecting_diagram",
    "receptive_field_diagram",
    "parameter_sharing_diagram",
    "to_mermaid",
    "to_dot",
    "to_tikz",
    "draw",
    "Drawing",
    "SEED_FIGURES",
    "seed_diagram",
    "seed_diagrams",
    "seed_figure",
    "seed_figure_bytes",
    "DIAGRAMS",
    "diagram",
    "diagram_mermaid",
    "diagram_figure",
    "render",
]

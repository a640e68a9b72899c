"""Moved to :mod:`symconv.graphs.generators`; this path re-exports it for one release."""

from .generators import MAX_EDGES, connectivity_graph, dense_graph, layer_prefixes  # noqa: F401

__all__ = ["MAX_EDGES", "connectivity_graph", "dense_graph", "layer_prefixes"]

"""Moved: the diagrams to :mod:`symconv.graphs.figures`, the blocks figure to :mod:`symconv.plots.matrix`.

This path re-exports them for one release.
"""

from .graphs.figures import DIAGRAMS, diagram, diagram_figure, diagram_mermaid  # noqa: F401
from .plots.matrix import conv_matrix_blocks_figure  # noqa: F401

__all__ = ["DIAGRAMS", "diagram", "diagram_mermaid", "diagram_figure", "conv_matrix_blocks_figure"]

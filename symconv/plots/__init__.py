"""Pictures that are not connectivity graphs: the conv matrix, receptive-field growth, animations.

- :mod:`symconv.plots.matrix` -- :func:`conv_matrix_figure`, the sparsity
  pattern of the convolution matrix coloured by kernel tap, and
  :func:`conv_matrix_blocks_figure`, its doubly-block Toeplitz blocks;
- :mod:`symconv.plots.receptive` -- :func:`receptive_field_figure`, the
  input region one unit of each layer sees;
- :mod:`symconv.plots.padding` -- :func:`padding_modes_figure`, an input
  padded in each padding mode, the copied values shown;
- :mod:`symconv.plots.animate` -- GIFs of the convolution-arithmetic
  configurations, frame by frame (``conv_animation``, ``arithmetic_animation``,
  ``draw_step``, ``animation_frames``, ``ARITHMETIC_CONFIGS``), in numbers
  (``numeric=True``), with the matrix row (``matrix=True``), as key frames
  (``frame_strip``) and as PNG/SVG/PDF/TikZ files (``frame_file``); what each
  frame shows is worked out without matplotlib in ``plots/_sweep.py``;
- :mod:`symconv.plots.explorer` -- ``explore()``, sliders on one geometry in
  Jupyter (ipywidgets, the extra ``widgets``), and the logic it shows,
  ``explorer_view``.

Every function returns what it drew and never shows or saves (the build
writes files); matplotlib is imported inside the functions, so importing
this package does not import it.  Connectivity graphs are drawn by the
renderers of :mod:`symconv.graphs`.

Examples
--------
>>> from symconv.plots import conv_matrix_figure
>>> conv_matrix_figure((4, 4), 3).matrix.shape
(4, 16)
"""

from .matrix import MAX_CELLS, MatrixPicture, conv_matrix_blocks_figure, conv_matrix_figure
from .padding import PaddingPicture, padding_modes_figure
from .receptive import ReceptivePicture, receptive_field_figure

__all__ = [
    "MAX_CELLS",
    "MatrixPicture",
    "ReceptivePicture",
    "conv_matrix_figure",
    "receptive_field_figure",
    "conv_matrix_blocks_figure",
    "PaddingPicture",
    "padding_modes_figure",
]

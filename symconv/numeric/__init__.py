"""The NumPy backend: batched convolution, transposed convolution, pooling, plain correlation.

Semantics are those of PyTorch and ONNX (channels-first layouts, every padding
form of :class:`symconv.Geometry`), so results can be compared number for
number.  Everything is vectorised: windows are strided views of a padded
canvas, gathered in cache-sized blocks and reduced by one BLAS matmul per
group and block (convolutions) or by one pass per kernel tap (pooling).

Every function validates before it allocates: geometry values must be
concrete ints (a symbolic SymPy stride is a TypeError), and an output or
padded input larger than the machine's physical memory
(``symconv._validate.MAX_ARRAY_BYTES``) is refused with a
:class:`symconv.SymconvError` that names its shape and size.  The work
follows the arrays, never the geometry numbers alone: a stride of ``10**9``
on a transposed convolution costs what the kernel costs.

Examples
--------
>>> import numpy as np
>>> import symconv as sc
>>> x = np.arange(16.0).reshape(1, 1, 4, 4)
>>> sc.numeric.max_pool(x, 2)
array([[[[ 5.,  7.],
         [13., 15.]]]])
"""

from .conv import conv, conv_transpose
from .correlate import convolve, correlate
from .deform import deform_conv2d
from .pool import avg_pool, max_pool

__all__ = ["conv", "conv_transpose", "max_pool", "avg_pool", "correlate", "convolve", "deform_conv2d"]

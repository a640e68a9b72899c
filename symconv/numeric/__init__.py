"""The NumPy backend: batched convolution, transposed convolution, pooling, plain correlation, gradients.

Semantics are those of PyTorch and ONNX (channels-first layouts, every padding
form of :class:`symconv.Geometry`), so results can be compared number for
number.  Everything is vectorised: windows are strided views of a padded
canvas, gathered in cache-sized blocks and reduced by one BLAS matmul per
group and block (convolutions) or by one pass per kernel tap (pooling).
The gradients of a convolution with respect to input, weight and bias
(:mod:`symconv.numeric.gradients`) and the notes' learning example
(:mod:`symconv.numeric.learning`) are built on the same routines.

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
from .gradients import conv_grad_bias, conv_grad_input, conv_grad_weight
from .pool import avg_pool, max_pool

__all__ = [
    "conv",
    "conv_transpose",
    "max_pool",
    "avg_pool",
    "correlate",
    "convolve",
    "deform_conv2d",
    "conv_grad_input",
    "conv_grad_weight",
    "conv_grad_bias",
]

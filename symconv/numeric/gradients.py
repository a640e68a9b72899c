"""Gradients of convolution, computed with the NumPy backend.

For ``Y = conv(X, W) + b`` and a loss ``L`` with upstream gradient
``G = dL/dY``:

* ``dL/dX`` is the transposed convolution of ``G`` with the same ``W``
  (``= C^T G`` for the convolution matrix ``C``);
* ``dL/dW`` is the cross-correlation of ``X`` with ``G`` (stride and dilation
  trade places);
* ``dL/db`` is the sum of ``G`` over the batch and every spatial position.

:func:`conv_grad_input`, :func:`conv_grad_weight` and :func:`conv_grad_bias`
compute them for any geometry (stride, padding, dilation, groups, any number
of spatial axes) with :func:`symconv.numeric.conv_transpose` and one matrix
product per kernel tap.  SymPy is never imported here: the symbolic proof of
the three rules is :func:`symconv.symbolic.gradients.check_gradients_symbolic`,
and the derivation page is :mod:`symconv.pages.gradients`.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 4 (transposed convolution is the
   gradient of convolution).
.. [2] A. Zhang et al., *Dive into Deep Learning*, section 7.2.4.
"""

from __future__ import annotations

import numpy as np

from .._errors import SymconvError
from .._layout import relevant_steps
from .._validate import as_shape, refuse_large
from ..geometry import Geometry
from ._windows import as_numeric_array, compute_dtype, fold_padding, pad_input, placement
from .conv import conv_transpose

__all__ = ["conv_grad_input", "conv_grad_weight", "conv_grad_bias"]


def _shape(value, name, length, *, batch=False):
    """A shape of ``length`` positive ints (a tuple, list or 1-D NumPy array); with ``batch`` the first may be 0."""
    shape = as_shape(value, name, ndim=length, minimum=0, scalar=False)
    as_shape(shape[1:] if batch else shape, name)  # only a batch may be empty
    return shape


def _geometry(kernel_size, stride, padding, dilation, groups, padding_mode):
    return Geometry(
        tuple(kernel_size), stride, padding, dilation, groups, padding_mode=padding_mode, ndim=len(kernel_size)
    ).require_concrete()


def _arrays(**named):
    """The named operands as integer or float arrays (complex gradients would need a conjugation convention)."""
    return [as_numeric_array(value, name, allow_complex=False) for name, value in named.items()]


def _check_grad_output(grad_output, expected, layout):
    if tuple(grad_output.shape) != tuple(expected):
        raise SymconvError(f"grad_output: expected shape {tuple(expected)} {layout}, got {tuple(grad_output.shape)}", parameter="grad_output")


def conv_grad_input(input_shape, w, grad_output, *, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    """``dL/dX`` of ``Y = conv(X, W)``: the transposed convolution of ``dL/dY`` with ``W``.

    ``output_padding`` is chosen so that the transposed convolution returns
    exactly ``input_shape`` (the rows a strided convolution never read get
    gradient 0).

    Parameters
    ----------
    input_shape : tuple of int
        ``(N, C_in, *spatial)`` of ``X`` (a 1-D NumPy array too); ``N`` may
        be 0.
    w : array_like, shape (C_out, C_in // groups, *k)
    grad_output : array_like, shape (N, C_out, *out)
        ``dL/dY``.
    stride, padding, dilation, groups, padding_mode
        The forward geometry, as for :func:`symconv.numeric.conv`.  With a
        ``padding_mode`` other than zeros a padding cell's gradient goes to
        the input cell it copies (the padding's adjoint, a fold).

    Returns
    -------
    numpy.ndarray, shape ``input_shape``

    Raises
    ------
    SymconvError
        ``grad_output`` whose shape is not the forward output shape, or a
        bad geometry.
    TypeError
        ``w`` or ``grad_output`` not an integer or float array, or a
        symbolic geometry value.

    Examples
    --------
    >>> import numpy as np
    >>> w = np.array([[[1.0, 2.0]]])
    >>> conv_grad_input((1, 1, 3), w, np.array([[[1.0, 10.0]]]))
    array([[[ 1., 12., 20.]]])

    In circular mode the gradient of the cell read through the wrap comes back
    to the start: output 2 reads inputs 2 and 0.

    >>> conv_grad_input((1, 1, 3), w, np.array([[[1.0, 10.0, 100.0]]]), padding=(0, 1), padding_mode="circular")
    array([[[201.,  12., 120.]]])

    See Also
    --------
    symconv.numeric.conv_transpose, symconv.conv_matrix : ``C^T G``.
    """
    w, grad_output = _arrays(w=w, grad_output=grad_output)
    if w.ndim < 3:
        raise SymconvError(f"w: expected a weight (C_out, C_in // groups, *kernel), got shape {w.shape}", parameter="w")
    input_shape = _shape(input_shape, "input_shape", w.ndim, batch=True)
    geometry = _geometry(w.shape[2:], stride, padding, dilation, groups, padding_mode)
    n, c_in, *spatial = input_shape
    geometry.check_channels(c_in, w.shape[0])
    if w.shape[1] * geometry.groups != c_in:
        raise SymconvError(
            f"w: expected {c_in // geometry.groups} input channels per group in w.shape[1], got {w.shape[1]}", parameter="w"
        )
    out = geometry.output_size(spatial)
    _check_grad_output(grad_output, (n, w.shape[0], *out), "(N, C_out, *out)")
    pads = geometry.pads(spatial)
    mode = geometry.padding_mode
    # the forward pass reads up to (o-1)s + d(k-1) of the padded input; the rest of it is output padding here
    output_padding = tuple(
        i + before + after - ((o - 1) * s + keff)
        for i, (before, after), o, s, keff in zip(spatial, pads, out, geometry.stride, geometry.effective_kernel_size)
    )
    grad = conv_transpose(
        grad_output,
        w,
        stride=geometry.stride,
        padding=pads if mode == "zeros" else 0,  # otherwise: the gradient of the padded input, then folded
        output_padding=output_padding,
        dilation=geometry.dilation,
        groups=geometry.groups,
    )
    return grad if mode == "zeros" else fold_padding(grad, spatial, pads, mode)


def conv_grad_weight(x, weight_shape, grad_output, *, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    """``dL/dW`` of ``Y = conv(X, W)``: the cross-correlation of ``X`` with ``dL/dY``.

    ``dW[o, c, a] = sum_{n, i} G[n, o, i] Xpad[n, c', i*s + a*d]``: for
    each kernel tap ``a``, the input read by that tap (stride ``s`` from
    offset ``a*d``) correlated with ``G`` over batch and positions -- one
    GEMM per tap.  (Stride and dilation trade places: as a convolution of the
    padded input with ``G`` as the kernel it has stride ``d`` and dilation
    ``s``.)

    Parameters
    ----------
    x : array_like, shape (N, C_in, *spatial)
    weight_shape : tuple of int
        ``(C_out, C_in // groups, *k)``.
    grad_output : array_like, shape (N, C_out, *out)
    stride, padding, dilation, groups, padding_mode
        The forward geometry (the padded input is read in ``padding_mode``).

    Returns
    -------
    numpy.ndarray, shape ``weight_shape``

    Raises
    ------
    SymconvError
        Shapes that do not fit the forward convolution, a bad geometry, or
        a padded input larger than the physical memory.
    TypeError
        ``x`` or ``grad_output`` not an integer or float array, or a
        symbolic geometry value.

    Examples
    --------
    >>> import numpy as np
    >>> conv_grad_weight(np.array([[[1.0, 2.0, 3.0]]]), (1, 1, 2), np.array([[[1.0, 10.0]]]))
    array([[[21., 32.]]])

    See Also
    --------
    conv_grad_input, symconv.numeric.correlate
    """
    x, grad_output = _arrays(x=x, grad_output=grad_output)
    if x.ndim < 3:
        raise SymconvError(f"x: expected an input (N, C_in, *spatial), got shape {x.shape}", parameter="x")
    weight_shape = _shape(weight_shape, "weight_shape", x.ndim)
    c_out, per_group, *kernel = weight_shape
    geometry = _geometry(kernel, stride, padding, dilation, groups, padding_mode)
    n, c_in, *spatial = x.shape
    geometry.check_channels(c_in, c_out)
    g = geometry.groups
    if per_group * g != c_in:
        raise SymconvError(f"weight_shape: expected {c_in // g} input channels per group, got {per_group}", parameter="weight_shape")
    out = geometry.output_size(spatial)
    _check_grad_output(grad_output, (n, c_out, *out), "(N, C_out, *out)")
    result = np.result_type(x, grad_output)
    dtype = compute_dtype(result)
    length = int(np.prod(out))
    pads = geometry.pads(spatial)
    if geometry.padding_mode != "zeros":
        x = pad_input(x, pads, geometry.padding_mode, dtype)
        spatial, pads = x.shape[2:], ((0, 0),) * len(pads)
    # only the part of the padded input that some window reads: (o - 1) s + d (k - 1) + 1 cells per axis
    strides, dilations = relevant_steps(out, kernel, geometry.stride, geometry.dilation)
    lengths = [(o - 1) * s + d * (k - 1) + 1 for o, s, d, k in zip(out, strides, dilations, kernel)]
    refuse_large([("a padded input", (n, c_in, *lengths))], dtype)
    padded = np.zeros((n, c_in, *lengths), dtype)
    source, target = placement(spatial, [before for before, _ in pads], lengths)
    padded[(slice(None), slice(None), *target)] = x[(slice(None), slice(None), *source)]
    # G as (groups, C_out/g, N*L), once; then one GEMM per kernel tap against the window that tap reads
    g_matrix = grad_output.astype(dtype, copy=False).reshape(n, g, c_out // g, length)
    g_matrix = g_matrix.transpose(1, 2, 0, 3).reshape(g, c_out // g, n * length)
    taps = list(np.ndindex(*kernel))
    grad = np.empty((g, c_out // g, per_group, len(taps)), dtype)
    for t, tap in enumerate(taps):
        window = padded[
            (slice(None), slice(None))
            + tuple(slice(a * d, a * d + s * (o - 1) + 1, s) for a, d, s, o in zip(tap, dilations, strides, out))
        ]
        columns = window.reshape(n, g, per_group, length).transpose(1, 2, 0, 3).reshape(g, per_group, n * length)
        grad[..., t] = np.matmul(g_matrix, columns.transpose(0, 2, 1))
    return grad.reshape(c_out, per_group, *kernel).astype(result, copy=False)


def conv_grad_bias(grad_output):
    """``dL/db``: the sum of ``dL/dY`` over the batch and every spatial position.

    Parameters
    ----------
    grad_output : array_like, shape (N, C_out, *out)

    Returns
    -------
    numpy.ndarray, shape (C_out,)

    Raises
    ------
    SymconvError
        An array with fewer than 3 axes.
    TypeError
        Not an integer or float array (bool, complex, object, strings).

    Examples
    --------
    >>> import numpy as np
    >>> conv_grad_bias(np.ones((2, 3, 4, 5)))
    array([40., 40., 40.])
    """
    (grad_output,) = _arrays(grad_output=grad_output)
    if grad_output.ndim < 3:
        raise SymconvError(f"grad_output: expected (N, C_out, *out), got shape {grad_output.shape}", parameter="grad_output")
    return grad_output.sum(axis=(0, *range(2, grad_output.ndim)))

"""Batched convolution and transposed convolution with PyTorch/ONNX semantics.

"Convolution" here means what deep-learning libraries mean: cross-correlation,
``y[n, o, p] = b[o] + sum_{c, t} w[o, c, t] * x_pad[n, g(o) + c, p*s + t*d]``.
The kernel is *not* flipped; :func:`symconv.numeric.convolve` is the flipped
(true) convolution of signal processing.

Layouts are channels-first, as in PyTorch: input ``(N, C_in, *spatial)``,
weight ``(C_out, C_in // groups, *kernel)`` for :func:`conv` and
``(C_in, C_out // groups, *kernel)`` for :func:`conv_transpose`; the number
of spatial axes (1, 2, 3, ...) is read from the weight.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285.
.. [2] A. Zhang et al., *Dive into Deep Learning*, sections "Convolutions for
   Images" (``corr2d``) and "Transposed Convolution"; the seed notes follow it.
.. [3] PyTorch ``torch.nn.functional.conv{1,2,3}d`` and
   ``conv_transpose{1,2,3}d``; ONNX operators ``Conv`` and ``ConvTranspose``.
"""

from __future__ import annotations

import math

import numpy as np

from .._errors import SymconvError
from ..geometry import Geometry
from ._windows import as_numeric_array, blocks, compute_dtype, correlate_gemm, tap_ranges, tap_slices

__all__ = ["conv", "conv_transpose"]


def _prepare(x, w, bias, *, transposed, stride, padding, dilation, groups, output_padding=0):
    """Validate the arrays and the geometry; return what the workers need.

    Everything is refused here, before any large allocation.
    """
    x = as_numeric_array(x, "x")
    w = as_numeric_array(w, "w")
    layout = "(C_in, C_out // groups, *kernel)" if transposed else "(C_out, C_in // groups, *kernel)"
    if w.ndim < 3:
        raise SymconvError(f"w: expected an array {layout} with at least one spatial axis, got shape {w.shape}")
    if x.ndim != w.ndim:
        raise SymconvError(
            f"x: expected {w.ndim} dimensions (N, C_in, *spatial) to match w of shape {w.shape}, got shape {x.shape}"
        )
    nd = w.ndim - 2
    geometry = Geometry(
        w.shape[2:], stride, padding, dilation, groups, output_padding, transposed=transposed, ndim=nd
    )
    c_in = x.shape[1]
    if transposed:
        c_out = w.shape[1] * groups
        geometry.check_channels(c_in, c_out)
        if w.shape[0] != c_in:
            raise SymconvError(
                f"w: expected {c_in} input channels on axis 0 (as x.shape[1]), got w of shape {w.shape}"
            )
    else:
        c_out = w.shape[0]
        geometry.check_channels(c_in, c_out)
        if c_in != w.shape[1] * groups:
            raise SymconvError(
                f"x: expected {w.shape[1] * groups} input channels (w.shape[1] = {w.shape[1]} per group "
                f"times groups = {groups}), got {c_in} (x of shape {x.shape})"
            )
    arrays = [x, w]
    if bias is not None:
        bias = as_numeric_array(bias, "bias")
        if bias.shape != (c_out,):
            raise SymconvError(f"bias: expected shape ({c_out},), one value per output channel, got shape {bias.shape}")
        arrays.append(bias)
    spatial = x.shape[2:]
    out_size = geometry.output_size(spatial)
    pads = geometry.pads(spatial)
    dtype = np.result_type(*arrays)
    return x, w, bias, geometry, pads, out_size, c_out, dtype


def _finish(out, bias, dtype):
    if bias is not None:
        out += bias.reshape(-1, *(1,) * (out.ndim - 2)).astype(out.dtype, copy=False)
    return out if out.dtype == dtype else out.astype(dtype)


def conv(x, w, bias=None, *, stride=1, padding=0, dilation=1, groups=1):
    """Batched N-D convolution (cross-correlation) as in ``torch.nn.functional.conv2d``.

    Parameters
    ----------
    x : array_like, shape (N, C_in, *spatial)
        Input batch, channels first.
    w : array_like, shape (C_out, C_in // groups, *kernel)
        Weights; the number of spatial axes (1, 2, 3 or more) is ``w.ndim - 2``.
    bias : array_like, shape (C_out,), optional
    stride, dilation : int or tuple of int, default 1
    padding : int, tuple, tuple of (before, after) pairs, or str, default 0
        Zero padding: an int for every side, one int per axis, one
        ``(before, after)`` pair per axis, ``"valid"``, ``"same"`` (ONNX
        ``SAME_UPPER``: output ``ceil(i / s)``, an odd extra pad at the end)
        or ``"full"``.
    groups : int, default 1
        Input and output channels split into ``groups`` independent groups;
        ``groups == C_in`` is a depthwise convolution (``C_out`` a multiple
        of ``C_in`` gives a channel multiplier).

    Returns
    -------
    ndarray, shape (N, C_out, *out)
        ``out`` is :meth:`symconv.Geometry.output_size` of the spatial input
        size.  The dtype is ``np.result_type(x, w, bias)``: float32 stays
        float32, integers stay integers (computed exactly, with NumPy's
        wrap-around on overflow), float16 is accumulated in float32 and
        rounded back.

    Raises
    ------
    TypeError
        ``x``, ``w`` or ``bias`` is not an integer, float or complex array
        (bool, object, string arrays), or a geometry argument has the wrong
        kind.
    SymconvError
        ``x`` and ``w`` of different rank, no spatial axis, input channels
        not ``w.shape[1] * groups``, ``groups`` not dividing the channels, a
        bias of the wrong shape, a bad stride/padding/dilation, or a kernel
        larger than the padded input.

    Examples
    --------
    The ``corr2d`` example of *Dive into Deep Learning* ("Convolutions for
    Images"), which the seed notes work by hand (0*0 + 1*1 + 3*2 + 4*3 = 19):

    >>> import numpy as np
    >>> from symconv.numeric import conv
    >>> X = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> K = np.array([[[[0.0, 1.0], [2.0, 3.0]]]])
    >>> conv(X, K)
    array([[[[19., 25.],
             [37., 43.]]]])
    >>> conv(np.ones((2, 4, 7, 7), np.float32), np.ones((6, 2, 3, 3), np.float32),
    ...      stride=2, padding="same", groups=2).shape
    (2, 6, 4, 4)

    See Also
    --------
    conv_transpose : its adjoint.
    symconv.numeric.correlate : the same operation on plain arrays, like SciPy.
    symconv.conv_output_size : the output size.

    References
    ----------
    .. [1] PyTorch ``torch.nn.functional.conv2d``; ONNX ``Conv``.
    .. [2] V. Dumoulin, F. Visin, arXiv:1603.07285, chapter 2.
    """
    x, w, bias, geometry, pads, out_size, c_out, dtype = _prepare(
        x, w, bias, transposed=False, stride=stride, padding=padding, dilation=dilation, groups=groups
    )
    work = compute_dtype(dtype)
    if x.shape[0] == 0:
        return np.zeros((0, c_out, *out_size), dtype)
    out = correlate_gemm(
        x, w, [before for before, _ in pads], out_size, geometry.stride, geometry.dilation, groups, work
    )
    return _finish(out, bias, dtype)


def conv_transpose(x, w, bias=None, *, stride=1, padding=0, output_padding=0, dilation=1, groups=1):
    """Batched N-D transposed convolution as in ``torch.nn.functional.conv_transpose2d``.

    Each input cell scatters ``x[n, c, j] * w[c, o, t]`` to output position
    ``j*s + t*d - pad_before``; the result is the adjoint of :func:`conv`
    with the same geometry: ``<conv(x, w), y> == <x, conv_transpose(y, w)>``.

    Parameters
    ----------
    x : array_like, shape (N, C_in, *spatial)
    w : array_like, shape (C_in, C_out // groups, *kernel)
        Note the order: input channels first, as in PyTorch.
    bias : array_like, shape (C_out,), optional
    stride, dilation : int or tuple of int, default 1
    padding : int, tuple, or tuple of (before, after) pairs, default 0
        Cells removed from each side of the full output; ``"valid"`` (0) and
        ``"full"`` (``d(k-1)`` each side) are accepted, ``"same"`` is not.
    output_padding : int or tuple of int, default 0
        Extra cells at the end of each axis (they receive only the bias
        where no input reaches); must be smaller than the stride or the
        dilation.
    groups : int, default 1

    Returns
    -------
    ndarray, shape (N, C_out, *out)
        ``out = (i-1)s - p_before - p_after + d(k-1) + output_padding + 1``
        per axis (:meth:`symconv.Geometry.output_size` with
        ``transposed=True``); dtype as for :func:`conv`.

    Raises
    ------
    TypeError, SymconvError
        As for :func:`conv`, plus ``padding="same"``, an ``output_padding``
        not smaller than stride or dilation, or pads that remove the whole
        output.

    Examples
    --------
    The example of *Dive into Deep Learning*, "Transposed Convolution":

    >>> import numpy as np
    >>> from symconv.numeric import conv_transpose
    >>> X = np.array([[[[0.0, 1.0], [2.0, 3.0]]]])
    >>> conv_transpose(X, X)
    array([[[[ 0.,  0.,  1.],
             [ 0.,  4.,  6.],
             [ 4., 12.,  9.]]]])
    >>> conv_transpose(np.ones((1, 4, 3, 3)), np.ones((4, 2, 3, 3)), stride=2, padding=1,
    ...                output_padding=1).shape
    (1, 2, 6, 6)

    See Also
    --------
    conv, symconv.conv_transpose_output_size

    References
    ----------
    .. [1] PyTorch ``torch.nn.functional.conv_transpose2d``; ONNX ``ConvTranspose``.
    .. [2] V. Dumoulin, F. Visin, arXiv:1603.07285, chapter 4.
    """
    x, w, bias, geometry, pads, out_size, c_out, dtype = _prepare(
        x,
        w,
        bias,
        transposed=True,
        stride=stride,
        padding=padding,
        dilation=dilation,
        groups=groups,
        output_padding=output_padding,
    )
    work = compute_dtype(dtype)
    if x.shape[0] == 0:
        return np.zeros((0, c_out, *out_size), dtype)
    if all(s == 1 for s in geometry.stride):
        out = _transpose_as_conv(x, w, pads, out_size, geometry.dilation, groups, work)
    else:
        out = _transpose_by_scatter(x, w, pads, out_size, geometry.stride, geometry.dilation, groups, work)
    return _finish(out, bias, dtype)


def _flipped_weight(w, groups):
    """``(C_in, C_out/g, *K)`` -> ``(C_out, C_in/g, *K)`` with every spatial axis reversed."""
    c_in, m, *kernel = w.shape
    swapped = w.reshape(groups, c_in // groups, m, *kernel).swapaxes(1, 2).reshape(groups * m, c_in // groups, *kernel)
    return swapped[(slice(None), slice(None)) + (slice(None, None, -1),) * len(kernel)]


def _transpose_as_conv(x, w, pads, out_size, dilation, groups, dtype):
    """Stride-1 transposed convolution as a convolution with the flipped kernel.

    Output cell ``o`` collects ``x[o + p_before - t*d] * w[t]``; with ``t -> k-1-t``
    that is a correlation with the flipped kernel over an input padded by
    ``d(k-1) - p_before`` in front (negative: cropped).  Same work as the
    scatter route and no scatter-add passes, so it is the faster one at stride 1.
    """
    kernel = w.shape[2:]
    before = [d * (k - 1) - pb for (pb, _), k, d in zip(pads, kernel, dilation)]
    ones = (1,) * len(kernel)
    return correlate_gemm(x, _flipped_weight(w, groups), before, out_size, ones, dilation, groups, dtype)


def _transpose_by_scatter(x, w, pads, out_size, stride, dilation, groups, dtype):
    """Transposed convolution as one GEMM to columns per block, then a col2im scatter-add.

    The scatter loops over kernel taps only; each tap adds one strided view.
    At stride > 1 this does ``prod(stride)`` times less multiply-adds than
    convolving the zero-upsampled input, which measured 1.5-2.5x slower
    here on stride-2 layers with kernels 2 and 4.
    """
    n, c_in, *sizes = x.shape
    kernel = w.shape[2:]
    nd = len(kernel)
    m = w.shape[1]
    cg = c_in // groups
    taps = math.prod(kernel)
    # (G, *K, m, cg) -> rows ordered (tap, output channel) for the columns below
    w_cols = np.ascontiguousarray(
        w.reshape(groups, cg, m, *kernel).transpose(0, *range(3, 3 + nd), 2, 1), dtype
    ).reshape(groups, taps * m, cg)
    out = np.zeros((n, groups, m, *out_size), dtype)
    ranges = tap_ranges(sizes, pads, kernel, stride, dilation, out_size)
    rows, rest = sizes[0], math.prod(sizes[1:])
    x_rows = x.reshape(n, groups, cg, rows, rest)
    for n0, n1, r0, r1 in blocks(n, rows, rest * groups * taps * m * np.dtype(dtype).itemsize):
        nb = n1 - n0
        band = x_rows[n0:n1, :, :, r0:r1].reshape(nb, groups, cg, (r1 - r0) * rest)
        cols = np.matmul(w_cols, band.astype(dtype, copy=False))
        cols = cols.reshape(nb, groups, taps, m, r1 - r0, *sizes[1:])
        for t, tap in enumerate(np.ndindex(*kernel)):
            connected = tap_slices(ranges, tap, stride, band=(r0, r1))
            if connected is not None:
                source, target = connected
                out[(slice(n0, n1), slice(None), slice(None), *target)] += cols[(slice(None), slice(None), t, slice(None), *source)]
    return out.reshape(n, groups * m, *out_size)

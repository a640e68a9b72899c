"""Max and average pooling over 1, 2, 3 or more spatial axes (PyTorch/ONNX semantics).

Both pool a channels-first batch ``(N, C, *spatial)`` with windows of the same
geometry as a convolution (kernel, stride defaulting to the kernel size,
padding, dilation, ``ceil_mode``), read from :class:`symconv.Geometry`.  Each
kernel tap is one strided view of the input, folded into the output with one
vectorised pass (``np.maximum`` or ``+``); the padding is never materialised.

Padding rule
------------
PyTorch refuses pads larger than half the kernel; the reason (PyTorch issue
3298) is that a window lying wholly in the padding would give ``-inf`` for
max pooling, and ``0/0`` for an average that excludes the padding.  ONNX sets
no such bound.  symconv refuses exactly the bad case instead: **every window
must cover at least one input cell**.  That accepts everything PyTorch
accepts except its rare all-padding windows (e.g. kernel 2, dilation 5,
pad 3 on an input of 2), and the larger pads ONNX allows when they are
harmless.

References
----------
.. [1] PyTorch ``torch.nn.functional.max_pool2d``, ``avg_pool2d``; ONNX
   ``MaxPool``, ``AveragePool`` (dilations since opset 19).
.. [2] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 3 (pooling arithmetic).
"""

from __future__ import annotations

from functools import reduce

import numpy as np

from .._errors import SymconvError
from ..geometry import Geometry
from .._validate import as_bool
from .._layout import relevant_steps
from ._windows import as_numeric_array, compute_dtype, refuse_large, tap_slices

__all__ = ["max_pool", "avg_pool"]


def _average_dtype(dtype):
    """Float input keeps its dtype; integers are averaged in float64, like :func:`numpy.mean`."""
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def _prepare(x, kernel_size, stride, padding, dilation, ceil_mode, *, average=False):
    """Validate; return ``x`` and the plain geometry ``(kernel, stride, dilation, pads, out_size)``.

    Everything is refused here, before the output is allocated.
    """
    x = as_numeric_array(x, "x", allow_complex=False)
    if x.ndim < 3:
        raise SymconvError(f"x: expected an array (N, C, *spatial) with at least one spatial axis, got shape {x.shape}", parameter="x")
    nd = x.ndim - 2
    geometry = Geometry(
        kernel_size, kernel_size if stride is None else stride, padding, dilation, ceil_mode=ceil_mode, ndim=nd
    ).require_concrete()
    if x.shape[1] == 0:
        raise SymconvError(f"x: expected at least one channel, got shape {x.shape}", parameter="x")
    sizes = x.shape[2:]
    out_size = geometry.output_size(sizes)
    pads = geometry.pads(sizes)
    _check_windows_cover_input(sizes, pads, geometry, out_size)
    out_dtype = compute_dtype(_average_dtype(x.dtype)) if average else x.dtype
    refuse_large([("an output", x.shape[:2] + out_size)], out_dtype)
    stride, dilation = relevant_steps(out_size, geometry.kernel_size, geometry.stride, geometry.dilation)
    return x, (geometry.kernel_size, stride, dilation, pads, out_size)


def _floor_sum(n, m, a, b):
    """``sum(floor((a*j + b) / m) for j in range(n))`` for ``n, m >= 1`` and ``a, b >= 0``, in O(log m) steps.

    The Euclid-like recursion of the AtCoder Library's ``floor_sum``: take the
    whole parts of ``a/m`` and ``b/m`` out in closed form, then count lattice
    points the other way round (swap the roles of ``a`` and ``m``).
    """
    total = 0
    while True:
        if a >= m:
            total += n * (n - 1) // 2 * (a // m)
            a %= m
        if b >= m:
            total += n * (b // m)
            b %= m
        top = a * n + b
        if top < m:
            return total
        n, b = divmod(top, m)
        m, a = a, m


def _first_uncovered(i, pb, k, s, d, o):
    """The first window of one axis that covers only padding, or None; a few integer operations.

    Window ``j`` starts at ``t = j*s - pb`` and has taps at ``t + a*d``.  It
    misses the input when (A) even its last tap is left of it,
    ``t + (k-1)d < 0`` -- worst for ``j = 0``; (B) it starts right of it,
    ``t >= i``; or (C) it starts left of the input and its first tap at or
    after 0, at ``t mod d``, is already past it: ``t mod d >= i``, possible
    only when ``i < d``.  (C) is counted over the windows with ``t < 0`` by
    :func:`_floor_sum`, since ``[x mod d >= i] = floor((x + d - i)/d) - floor(x/d)``.
    """
    candidates = []
    if pb > (k - 1) * d:  # (A)
        return 0
    if (o - 1) * s - pb >= i:  # (B): the first window starting at or after i
        candidates.append(-(-(i + pb) // s))
    left = min(o, -(-pb // s))  # windows 0 .. left-1 start in the left padding
    if i < d and left:
        c = -pb % d  # t mod d == (j*s + c) mod d

        def misses(n):  # how many of windows 0 .. n-1 satisfy (C)
            return _floor_sum(n, d, s, c + d - i) - _floor_sum(n, d, s, c)

        if misses(left):
            low, high = 1, left  # the smallest n with misses(n) > 0
            while low < high:
                middle = (low + high) // 2
                low, high = (low, middle) if misses(middle) else (middle + 1, high)
            candidates.append(low - 1)
    return min(candidates) if candidates else None


def _check_windows_cover_input(sizes, pads, geometry, out_size):
    """Refuse a geometry in which some window lies wholly in the padding (see the module notes)."""
    for axis, (i, (pb, pa), k, s, d, o) in enumerate(
        zip(sizes, pads, geometry.kernel_size, geometry.stride, geometry.dilation, out_size)
    ):
        j = _first_uncovered(i, pb, k, s, d, o)
        if j is not None:
            raise SymconvError(
                f"padding: expected pads that leave some input in every window, got pads ({pb}, {pa}) on axis {axis} "
                f"where window {j} covers only padding (input {i}, kernel {k}, stride {s}, dilation {d}); "
                "PyTorch keeps each pad at most half the kernel", parameter="padding"
            )


def _reduce_taps(x, plain, out, combine):
    """Fold every kernel tap into ``out`` with ``combine`` (``np.maximum`` or ``np.add``), in place.

    No padded copy of the input: tap ``a`` reaches input cell ``o*s + a*d - p``
    from output cell ``o``, so each tap combines one strided view of ``x``
    into the box of outputs whose tap lands inside the input.  Cells in the
    padding, or beyond it in ``ceil_mode``, are simply never combined, which
    is what padding with ``-inf`` (max) or 0 (sum) would give.
    """
    kernel, stride, dilation, pads, out_size = plain
    everything = (slice(None), slice(None))
    for _, outputs, inputs in tap_slices(x.shape[2:], [pb for pb, _ in pads], kernel, stride, dilation, out_size):
        box = out[everything + outputs]
        combine(box, x[everything + inputs], out=box)
    return out


def max_pool(x, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Max pooling over the spatial axes of ``(N, C, *spatial)``, as ``torch.nn.functional.max_pool2d``.

    Parameters
    ----------
    x : array_like, shape (N, C, *spatial)
        Integer or float input; the number of spatial axes is ``x.ndim - 2``.
    kernel_size : int or tuple of int
    stride : int or tuple of int, optional
        Defaults to ``kernel_size``.
    padding : int, tuple, tuple of (before, after) pairs, or str, default 0
        Padding cells are ``-inf`` (the smallest integer for integer input),
        so they never win.  Every window must still cover an input cell.
    dilation : int or tuple of int, default 1
    ceil_mode : bool, default False
        Round the output size up; a last window starting in the right
        padding is dropped (PyTorch's rule, see :func:`symconv.pool_output_size`).

    Returns
    -------
    ndarray, shape (N, C, *out), dtype of ``x``
        NaN propagates, as in PyTorch.

    Raises
    ------
    TypeError
        ``x`` is not an integer or float array (bool, complex, object,
        string), or a geometry argument has the wrong kind (a float, or a
        symbolic SymPy value).
    SymconvError
        Fewer than one spatial axis, a bad kernel/stride/padding/dilation, a
        kernel larger than the padded input, a window wholly in padding, or
        an output larger than the physical memory.

    Examples
    --------
    >>> import numpy as np
    >>> from symconv.numeric import max_pool
    >>> x = np.arange(9).reshape(1, 1, 3, 3)
    >>> max_pool(x, 2, stride=1)
    array([[[[4, 5],
             [7, 8]]]])
    >>> max_pool(x, 2, ceil_mode=True)
    array([[[[4, 5],
             [7, 8]]]])

    See Also
    --------
    avg_pool, symconv.pool_output_size

    References
    ----------
    .. [1] PyTorch ``torch.nn.functional.max_pool2d``; ONNX ``MaxPool``.
    """
    x, plain = _prepare(x, kernel_size, stride, padding, dilation, ceil_mode)
    lowest = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
    out = np.full(x.shape[:2] + plain[-1], lowest, x.dtype)
    return _reduce_taps(x, plain, out, np.maximum)


def avg_pool(x, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False, count_include_pad=True):
    """Average pooling over the spatial axes of ``(N, C, *spatial)``, as ``torch.nn.functional.avg_pool2d``.

    Parameters
    ----------
    x : array_like, shape (N, C, *spatial)
    kernel_size : int or tuple of int
    stride : int or tuple of int, optional
        Defaults to ``kernel_size``.
    padding : int, tuple, tuple of (before, after) pairs, or str, default 0
        Zero padding; every window must cover an input cell.
    dilation : int or tuple of int, default 1
        As ONNX ``AveragePool`` (opset 19) allows; PyTorch has none.  The
        divisor counts the window's taps, not the span between them.
    ceil_mode : bool, default False
    count_include_pad : bool, default True
        Whether padding cells count in the divisor.  Either way the divisor
        never counts taps beyond the right padding, which ``ceil_mode``
        windows may reach (PyTorch's rule).

    Returns
    -------
    ndarray, shape (N, C, *out)
        Float input keeps its dtype (float16 is summed in float32); integer
        input gives float64, like :func:`numpy.mean`.

    Raises
    ------
    TypeError, SymconvError
        As for :func:`max_pool`, and a non-bool ``count_include_pad``.

    Examples
    --------
    >>> import numpy as np
    >>> from symconv.numeric import avg_pool
    >>> x = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    >>> avg_pool(x, 2, stride=1)
    array([[[[3., 4.],
             [6., 7.]]]])
    >>> avg_pool(x, 2, padding=1, count_include_pad=False)
    array([[[[1. , 2.5],
             [5.5, 7. ]]]])

    See Also
    --------
    max_pool, symconv.pool_output_size

    References
    ----------
    .. [1] PyTorch ``torch.nn.functional.avg_pool2d``; ONNX ``AveragePool``.
    """
    count_include_pad = as_bool(count_include_pad, "count_include_pad")
    x, plain = _prepare(x, kernel_size, stride, padding, dilation, ceil_mode, average=True)
    dtype = _average_dtype(x.dtype)
    work = compute_dtype(dtype)
    kernel, stride, dilation, pads, out_size = plain
    out = _reduce_taps(x, plain, np.zeros(x.shape[:2] + out_size, work), np.add)
    counts = []
    for i, (pb, pa), k, s, d, o in zip(x.shape[2:], pads, kernel, stride, dilation, out_size):
        low, high = (-pb, i + pa) if count_include_pad else (0, i)
        # Python ints where int64 could overflow (a huge pad with a huge kernel); O(o), not O(o * k)
        index = object if max(o * s, pb, pa, k * d) >= 1 << 61 else np.int64
        starts = np.arange(o, dtype=index) * s - pb
        first = np.maximum(0, -((starts - low) // d))  # the first tap at or after low: ceil((low - start) / d)
        last = np.minimum(k, -((starts - high) // d))  # the taps below ceil((high - start) / d) lie below high
        counts.append(np.maximum(0, last - first).astype(work))
    out /= reduce(np.multiply.outer, counts)
    return out if out.dtype == dtype else out.astype(dtype)

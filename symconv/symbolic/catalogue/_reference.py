"""Plain loops of the definitions: the independent side of the catalogue's numeric checks.

Each function walks output positions and kernel taps one by one and applies
the definition as the identities state it (``q = o s + t d - p``, zero
outside the input; a transposed convolution scatters; a pooling window holds
``-inf`` in the padding; a window is counted by sliding it).  Nothing here
calls :mod:`symconv.numeric` or :class:`symconv.Geometry`: they are what the
loops check.  Sizes are small, so clarity wins over speed.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

__all__ = ["pairs", "conv", "conv_transpose", "pool", "window_count", "correlate", "convolve", "taps_per_output"]


def pairs(padding, ndim):
    """``padding`` (an int, a tuple per axis, or (before, after) pairs) as ``(before, after)`` pairs."""
    if isinstance(padding, int):
        return ((padding, padding),) * ndim
    out = []
    for p in padding:
        out.append((p, p) if isinstance(p, int) else tuple(p))
    return tuple(out)


def _per_axis(value, ndim):
    return (value,) * ndim if isinstance(value, int) else tuple(value)


def window_count(n, k, s, before, after, d=1, ceil_mode=False):
    """How many windows fit, counted by sliding one: start at ``-before``, step ``s``.

    A window fits when its last tap lies inside the padded input.  With
    ``ceil_mode`` one more, partial, window is kept when the last full one
    leaves cells uncovered and it starts inside the input or the left padding.

    Examples
    --------
    >>> window_count(5, 3, 2, 1, 1), window_count(6, 3, 2, 1, 1), window_count(5, 2, 2, 0, 0, ceil_mode=True)
    (3, 3, 3)
    """
    span = d * (k - 1) + 1
    count, start = 0, -before
    while start + span - 1 <= n - 1 + after:
        count += 1
        start += s
    if ceil_mode and count and start - s + span - 1 < n - 1 + after and start < n:
        count += 1
    return count


def conv(x, w, bias=None, *, stride=1, padding=0, dilation=1, groups=1):
    """``y[b, o, i...] = sum_c sum_t w[o, c, t...] x[b, g(o) C_g + c, i s + t d - p...]`` by loops."""
    x, w = np.asarray(x), np.asarray(w)
    ndim = w.ndim - 2
    stride, dilation = _per_axis(stride, ndim), _per_axis(dilation, ndim)
    pads = pairs(padding, ndim)
    kernel = w.shape[2:]
    out_shape = tuple(window_count(n, k, s, b, a, d)
                      for n, k, s, (b, a), d in zip(x.shape[2:], kernel, stride, pads, dilation))
    c_out, c_group = w.shape[0], w.shape[1]
    out_group = c_out // groups
    y = np.zeros((x.shape[0], c_out, *out_shape), dtype=np.result_type(x, w, float))
    for o in range(c_out):
        g = o // out_group
        for position in itertools.product(*map(range, out_shape)):
            total = np.zeros(x.shape[0], dtype=y.dtype)
            for tap in itertools.product(*map(range, kernel)):
                q = [i * s + t * d - b for i, t, s, d, (b, _) in zip(position, tap, stride, dilation, pads)]
                if all(0 <= v < n for v, n in zip(q, x.shape[2:])):
                    for c in range(c_group):
                        total = total + w[(o, c, *tap)] * x[(slice(None), g * c_group + c, *q)]
            y[(slice(None), o, *position)] = total + (0 if bias is None else bias[o])
    return y


def conv_transpose(x, w, bias=None, *, stride=1, padding=0, output_padding=0, dilation=1, groups=1):
    """Scatter: input ``i`` adds ``w[c, o, t] x[c, i]`` to output ``i s + t d - p``, by loops."""
    x, w = np.asarray(x), np.asarray(w)
    ndim = w.ndim - 2
    stride, dilation = _per_axis(stride, ndim), _per_axis(dilation, ndim)
    output_padding = _per_axis(output_padding, ndim)
    pads = pairs(padding, ndim)
    kernel = w.shape[2:]
    out_shape = tuple((n - 1) * s - b - a + d * (k - 1) + op + 1
                      for n, k, s, (b, a), d, op in zip(x.shape[2:], kernel, stride, pads, dilation, output_padding))
    c_in, out_group = w.shape[0], w.shape[1]
    in_group = c_in // groups
    y = np.zeros((x.shape[0], out_group * groups, *out_shape), dtype=np.result_type(x, w, float))
    for c in range(c_in):
        g = c // in_group
        for position in itertools.product(*map(range, x.shape[2:])):
            for tap in itertools.product(*map(range, kernel)):
                q = [i * s + t * d - b for i, t, s, d, (b, _) in zip(position, tap, stride, dilation, pads)]
                if all(0 <= v < n for v, n in zip(q, out_shape)):
                    for o in range(out_group):
                        y[(slice(None), g * out_group + o, *q)] += w[(c, o, *tap)] * x[(slice(None), c, *position)]
    if bias is not None:
        y += np.asarray(bias).reshape(1, -1, *(1,) * ndim)
    return y


def pool(x, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False, mode="max", count_include_pad=True):
    """Max or average over each window, by loops; ``-inf`` (max) or 0 (average) in the padding.

    The average divides by the window's cells inside the padded input when
    ``count_include_pad`` (a ``ceil_mode`` window past the right padding
    counts only those), otherwise by the cells inside the input.
    """
    x = np.asarray(x, dtype=float)
    ndim = x.ndim - 2
    kernel = _per_axis(kernel_size, ndim)
    stride = kernel if stride is None else _per_axis(stride, ndim)
    dilation = _per_axis(dilation, ndim)
    pads = pairs(padding, ndim)
    out_shape = tuple(window_count(n, k, s, b, a, d, ceil_mode)
                      for n, k, s, (b, a), d in zip(x.shape[2:], kernel, stride, pads, dilation))
    y = np.zeros((*x.shape[:2], *out_shape))
    for position in itertools.product(*map(range, out_shape)):
        values, padded_cells = [], 0
        for tap in itertools.product(*map(range, kernel)):
            q = [i * s + t * d - b for i, t, s, d, (b, _) in zip(position, tap, stride, dilation, pads)]
            inside = all(0 <= v < n for v, n in zip(q, x.shape[2:]))
            in_canvas = all(-b <= v < n + a for v, n, (b, a) in zip(q, x.shape[2:], pads))
            if inside:
                values.append(x[(slice(None), slice(None), *q)])
            elif in_canvas:
                padded_cells += 1
        if mode == "max":
            y[(slice(None), slice(None), *position)] = np.max(np.stack(values), axis=0) if values else -math.inf
        else:
            cells = len(values) + (padded_cells if count_include_pad else 0)
            y[(slice(None), slice(None), *position)] = np.sum(np.stack(values), axis=0) / cells
    return y


def correlate(a, k, mode="valid"):
    """``z[n] = sum_m a[n + m - offset] k[m]`` by loops (``offset`` = k - 1 per axis in full mode)."""
    a, k = np.asarray(a), np.asarray(k)
    if mode == "valid":
        shape, offset = tuple(n - m + 1 for n, m in zip(a.shape, k.shape)), (0,) * a.ndim
    else:
        shape, offset = tuple(n + m - 1 for n, m in zip(a.shape, k.shape)), tuple(m - 1 for m in k.shape)
    z = np.zeros(shape, dtype=np.result_type(a, k, float))
    for n in itertools.product(*map(range, shape)):
        total = 0.0
        for m in itertools.product(*map(range, k.shape)):
            q = [i + j - o for i, j, o in zip(n, m, offset)]
            if all(0 <= v < size for v, size in zip(q, a.shape)):
                total += a[tuple(q)] * k[m]
        z[n] = total
    return z


def convolve(a, k, mode="valid"):
    """``z[n] = sum_m a[m] k[n - m]`` by loops: textbook convolution, the kernel read backwards."""
    a, k = np.asarray(a), np.asarray(k)
    full = tuple(n + m - 1 for n, m in zip(a.shape, k.shape))
    z = np.zeros(full, dtype=np.result_type(a, k, float))
    for n in itertools.product(*map(range, full)):
        total = 0.0
        for m in itertools.product(*map(range, a.shape)):
            j = [i - q for i, q in zip(n, m)]
            if all(0 <= v < size for v, size in zip(j, k.shape)):
                total += a[m] * k[tuple(j)]
        z[n] = total
    if mode == "full":
        return z
    keep = tuple(slice(m - 1, n) for n, m in zip(a.shape, k.shape))
    return z[keep]


def taps_per_output(n, k, s, p=0, d=1):
    """How many (input, tap) pairs of a transposed convolution reach each output, counted one by one."""
    size = (n - 1) * s - 2 * p + d * (k - 1) + 1
    counts = np.zeros(size, dtype=int)
    for i in range(n):
        for t in range(k):
            q = i * s + t * d - p
            if 0 <= q < size:
                counts[q] += 1
    return counts


def mac_count(input_shape, w_shape, *, stride=1, padding=0, dilation=1, groups=1):
    """Multiply-accumulates of a convolution, counted one by one: every (output, input channel, tap) the loop visits."""
    c_in, *spatial = input_shape
    c_out, c_group, *kernel = w_shape
    ndim = len(spatial)
    stride, dilation = _per_axis(stride, ndim), _per_axis(dilation, ndim)
    pads = pairs(padding, ndim)
    out_shape = [window_count(n, k, s, b, a, d) for n, k, s, (b, a), d in zip(spatial, kernel, stride, pads, dilation)]
    count = 0
    for _ in range(c_out):
        for _ in itertools.product(*map(range, out_shape)):
            for _ in range(c_group):
                for _ in itertools.product(*map(range, kernel)):
                    count += 1
    return count

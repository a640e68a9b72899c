"""Deformable convolution (v1 offsets, v2 offsets and mask) in NumPy.

The layout and sampling rule are those of ``torchvision.ops.deform_conv2d``
and the ONNX ``DeformConv`` operator, so arrays move between them unchanged:

* ``offset`` has shape ``(N, 2 * offset_groups * k_h * k_w, H_out, W_out)``;
  for offset group ``g`` and tap ``t = i * k_w + j`` channel
  ``2 * (g * k_h * k_w + t)`` holds the row shift and the next channel the
  column shift.
* Tap ``(i, j)`` of output ``(y, x)`` samples the *unpadded* input at row
  ``y * s_h - p_h + i * d_h + Δrow`` and column
  ``x * s_w - p_w + j * d_w + Δcol`` by bilinear interpolation; a corner that
  falls outside the image contributes 0, so padding is implicit zeros.
* ``mask`` (v2) has shape ``(N, offset_groups * k_h * k_w, H_out, W_out)``
  and multiplies each sample.

References
----------
.. [1] J. Dai et al., "Deformable Convolutional Networks", ICCV 2017,
   arXiv:1703.06211.
.. [2] X. Zhu et al., "Deformable ConvNets v2", CVPR 2019, arXiv:1811.11168.
.. [3] Seed note 003, section 12 (X of shape (32, 64, 28, 28) with offsets of
   shape (32, 18, 28, 28)).
"""

from __future__ import annotations

import numpy as np

from .._errors import SymconvError
from .._layout import input_position
from ..geometry import Geometry
from .._validate import as_size
from ._windows import as_numeric_array, cast_bias, compute_dtype, refuse_large

__all__ = ["deform_conv2d"]


def _array(value, name: str, ndim: int, layout: str) -> np.ndarray:
    array = as_numeric_array(value, name, allow_complex=False)
    if array.ndim != ndim:
        raise SymconvError(f"{name}: expected a {ndim}-D array of shape {layout}, got shape {array.shape}", parameter=name)
    return array


def _sampling_array(array: np.ndarray, name: str, expected: tuple, per_tap: str) -> None:
    """Offsets and masks: one value per (image, group, tap, output), all finite."""
    if array.shape != expected:
        raise SymconvError(
            f"{name}: expected shape {expected} (N, {per_tap} * k_h * k_w, H_out, W_out), got {array.shape}", parameter=name
        )
    if np.issubdtype(array.dtype, np.floating) and not np.isfinite(array).all():
        bad = np.argwhere(~np.isfinite(array))[0]
        raise SymconvError(
            f"{name}: expected finite values, got {array[tuple(bad)]} at index {tuple(int(b) for b in bad)}", parameter=name
        )


def _bilinear_columns(x, rows, cols, mask):
    """Sample ``x`` (N, C, H, W) at positions (N, L, G, K) of G offset groups; return (N, L, G, K, C/G).

    Bilinear interpolation with torchvision's border rule: each of the four
    corners outside the image contributes 0.  (torchvision also returns 0
    outright when row <= -1, row >= H, col <= -1 or col >= W; there every
    in-image corner has weight 0, so the corner rule already gives 0.)
    """
    n, c, height, width = x.shape
    _, length, g, k = rows.shape
    # channels-last table, one row per (image, pixel, offset group): a gather copies whole channel vectors
    table = x.reshape(n, g, c // g, height * width).transpose(0, 3, 1, 2).reshape(n * height * width * g, c // g)
    image = np.arange(n).reshape(n, 1, 1, 1) * (height * width)
    group = np.arange(g).reshape(1, 1, g, 1)
    row0 = np.floor(rows)
    col0 = np.floor(cols)
    frac_r = rows - row0
    frac_c = cols - col0
    row0 = row0.astype(np.intp)
    col0 = col0.astype(np.intp)
    out = None
    for dr, wr in ((0, 1 - frac_r), (1, frac_r)):
        r = row0 + dr
        for dc, wc in ((0, 1 - frac_c), (1, frac_c)):
            c_ = col0 + dc
            inside = (r >= 0) & (r < height) & (c_ >= 0) & (c_ < width)
            index = (image + np.where(inside, r * width + c_, 0)) * g + group
            weight = np.where(inside, wr * wc, 0).astype(x.dtype, copy=False)
            if mask is not None:
                weight = weight * mask
            values = table[index]  # (N, L, G, K, C/G)
            np.multiply(values, weight[..., None], out=values)
            if out is None:
                out = values
            else:
                out += values
    return out


#: NumPy's ufunc buffers: a cast or a strided operand is processed 8192 elements at a time, in buffers of up
#: to that many elements per operand (16 bytes for complex), a few operands at once.
_UFUNC_BUFFERS = 4 * 8192 * 16


def _working_arrays(x, offset, mask, bias, c_out, h_out, w_out, taps, offset_groups, dtype, result_dtype):
    """Every array :func:`deform_conv2d` allocates, as ``(what, shape, dtype)`` for the memory guard.

    Counted as if all were alive at once (a bound: some are freed before
    others are made).  ``P`` sample positions, one per (image, output, offset
    group, tap), each with ``C_in / offset_groups`` sampled values; a test
    checks the total against the peak tracemalloc measures.
    """
    n, c_in, height, width = x.shape
    length = h_out * w_out
    positions = (n * length * offset_groups * taps,)
    samples = (n * length * taps * c_in,)
    outputs = (n * c_out * length,)
    intp, flag = np.dtype(np.intp), np.dtype(bool)
    arrays = [
        ("the clipped offsets", (2 * positions[0],), offset.dtype),
        ("the offsets cast", (2 * positions[0] if offset.dtype != dtype else 0,), dtype),
        ("the base positions", (4 * length * taps,), np.dtype(np.int64)),
        ("the sampling rows and columns", (2 * positions[0],), dtype),
        ("the mask cast", (positions[0] if mask is not None and mask.dtype != dtype else 0,), dtype),
        ("the input cast", (x.size if x.dtype != dtype else 0,), dtype),
        ("the channels-last input", (x.size,), dtype),
        # floor, fractions and their complements; integer corners; per corner its index (with the temporaries
        # of its arithmetic), weights and in-image flags
        ("the corner arithmetic", (7 * positions[0],), dtype),
        ("the corner indices", (7 * positions[0],), intp),
        ("the corner flags", (3 * positions[0],), flag),
        ("the sampled values, their sum and the columns", (3 * samples[0],), dtype),
        ("the products, their layout and the bias", (3 * outputs[0] if bias is not None else 2 * outputs[0],), dtype),
        ("the result", (outputs[0] if result_dtype != dtype else 0,), result_dtype),
        ("NumPy's buffers", (_UFUNC_BUFFERS,), np.dtype(np.uint8)),
    ]
    return arrays


def deform_conv2d(
    x, offset, w, bias=None, *, mask=None, stride=1, padding=0, dilation=1, groups=1, offset_groups=1
):
    """2-D deformable convolution (v1, or v2 with ``mask``), torchvision/ONNX layout.

    Parameters
    ----------
    x : array_like, shape (N, C_in, H, W)
    offset : array_like, shape (N, 2 * offset_groups * k_h * k_w, H_out, W_out)
        Interleaved ``(Δrow, Δcol)`` per kernel tap, taps in row-major order.
        Must be finite.
    w : array_like, shape (C_out, C_in // groups, k_h, k_w)
    bias : array_like, shape (C_out,), optional
    mask : array_like, shape (N, offset_groups * k_h * k_w, H_out, W_out), optional
        Modulation scalars (deformable convolution v2).
    stride, padding, dilation, groups
        As for :func:`symconv.numeric.conv` (read through
        :class:`symconv.Geometry`).
    offset_groups : int, default 1
        Channels ``[g * C_in / offset_groups, (g + 1) * C_in / offset_groups)``
        share the offsets of group ``g``.

    Returns
    -------
    numpy.ndarray, shape (N, C_out, H_out, W_out)
        dtype ``np.result_type(x, w)`` (float64 for integer ``x`` and
        ``w``); offsets, mask and bias are cast to it, so float32 layers stay
        float32 (sampled in float32, as torchvision does).  An empty batch
        gives an empty result.

    Raises
    ------
    SymconvError
        Wrong array ranks or shapes (offset, mask, bias, weight channels),
        ``groups`` or ``offset_groups`` not dividing the channels,
        non-finite offsets or mask values, a bad geometry, or arrays larger
        than the physical memory.
    TypeError
        Non-numeric arrays, a non-int group count or a symbolic geometry.

    Examples
    --------
    With zero offsets deformable convolution is ordinary convolution:

    >>> import numpy as np
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> w = np.ones((1, 1, 2, 2))
    >>> deform_conv2d(x, np.zeros((1, 8, 3, 3)), w)[0, 0]
    array([[10., 14., 18.],
           [26., 30., 34.],
           [42., 46., 50.]])

    Shifting every tap half a column samples halfway between pixels:

    >>> shift = np.zeros((1, 8, 3, 3)); shift[:, 1::2] = 0.5
    >>> deform_conv2d(x, shift, w)[0, 0, 0]
    array([12., 16., 14.])

    See Also
    --------
    symconv.numeric.conv, symconv.symbolic.variants.bilinear_sample

    References
    ----------
    .. [1] J. Dai et al., "Deformable Convolutional Networks", arXiv:1703.06211.
    """
    x = _array(x, "x", 4, "(N, C_in, H, W)")
    w = _array(w, "w", 4, "(C_out, C_in // groups, k_h, k_w)")
    offset = _array(offset, "offset", 4, "(N, 2 * offset_groups * k_h * k_w, H_out, W_out)")
    n, c_in, height, width = x.shape
    c_out, c_per_group, kh, kw = w.shape
    if 0 in w.shape:
        raise SymconvError(f"w: expected a non-empty weight (C_out, C_in // groups, k_h, k_w), got shape {w.shape}", parameter="w")
    if 0 in x.shape[1:]:
        raise SymconvError(f"x: expected a non-empty input (N, C_in, H, W), got shape {x.shape}", parameter="x")
    geometry = Geometry((kh, kw), stride, padding, dilation, groups, ndim=2).require_concrete()
    geometry.check_channels(c_in, c_out)
    if c_per_group * geometry.groups != c_in:
        raise SymconvError(
            f"w: expected {c_in // geometry.groups} input channels per group (C_in {c_in} / groups "
            f"{geometry.groups}) in w.shape[1], got {c_per_group}", parameter="w"
        )
    offset_groups = as_size(offset_groups, "offset_groups")
    if c_in % offset_groups:
        raise SymconvError(f"offset_groups: expected a divisor of the input channels ({c_in}), got {offset_groups}", parameter="offset_groups")
    h_out, w_out = geometry.output_size((height, width))
    taps = kh * kw
    _sampling_array(offset, "offset", (n, 2 * offset_groups * taps, h_out, w_out), "2 * offset_groups")
    if mask is not None:
        mask = _array(mask, "mask", 4, "(N, offset_groups * k_h * k_w, H_out, W_out)")
        _sampling_array(mask, "mask", (n, offset_groups * taps, h_out, w_out), "offset_groups")
    result_dtype = np.result_type(x, w)
    if not np.issubdtype(result_dtype, np.floating):
        result_dtype = np.dtype(np.float64)
    dtype = compute_dtype(result_dtype)
    if bias is not None:
        bias = _array(bias, "bias", 1, "(C_out,)")
        if bias.shape != (c_out,):
            raise SymconvError(f"bias: expected shape ({c_out},), got {bias.shape}", parameter="bias")
        bias = cast_bias(bias, result_dtype)
    refuse_large(
        _working_arrays(x, offset, mask, bias, c_out, h_out, w_out, taps, offset_groups, dtype, result_dtype), dtype
    )
    if n == 0:
        return np.zeros((0, c_out, h_out, w_out), result_dtype)

    (pad_top, _), (pad_left, _) = geometry.pads((height, width))
    (sh, sw), (dh, dw) = geometry.stride, geometry.dilation
    length = h_out * w_out
    # base sampling position of every (output, tap) pair: (L, K)
    tap_r, tap_c = np.divmod(np.arange(taps), kw)
    out_r, out_c = np.divmod(np.arange(length), w_out)
    base_r = input_position(out_r[:, None], tap_r[None, :], sh, dh, pad_top).astype(dtype)
    base_c = input_position(out_c[:, None], tap_c[None, :], sw, dw, pad_left).astype(dtype)
    # a tap moved more than the image's extent past its base position samples only zero corners, however
    # far it goes: clipping there changes no weight and keeps the casts (to dtype, to int) from overflowing
    far = 2 + max(height, width) + max(pad_top, pad_left, int(base_r.max()), int(base_c.max()))
    offset = np.clip(offset, -far, far)
    # (N, 2*G*K, H_out, W_out) -> (N, L, G, K, 2): the gather below runs over outputs, then groups and taps
    shifts = offset.astype(dtype, copy=False).reshape(n, offset_groups, taps, 2, length).transpose(0, 4, 1, 2, 3)
    rows = base_r[None, :, None, :] + shifts[..., 0]
    cols = base_c[None, :, None, :] + shifts[..., 1]
    if mask is not None:
        mask = mask.astype(dtype, copy=False).reshape(n, offset_groups, taps, length).transpose(0, 3, 1, 2)

    samples = _bilinear_columns(x.astype(dtype, copy=False), rows, cols, mask)  # (N, L, G_off, K, C/G_off)
    # columns in the weight's (channel, tap) order, one GEMM per convolution group
    g = geometry.groups
    per_group = c_per_group * taps
    columns = samples.transpose(0, 1, 2, 4, 3).reshape(n * length, g, per_group).transpose(1, 0, 2)
    weight = w.astype(dtype, copy=False).reshape(g, c_out // g, per_group).transpose(0, 2, 1)
    out = np.matmul(columns, weight)  # (G, N*L, C_out/G)
    out = out.reshape(g, n, length, c_out // g).transpose(1, 0, 3, 2).reshape(n, c_out, h_out, w_out)
    if bias is not None:
        out = out + bias[None, :, None, None]
    return out.astype(result_dtype, copy=False)

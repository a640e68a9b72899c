"""Shared machinery of the NumPy backend: input checks, the padded canvas, blocking, the GEMM worker.

Every public function of :mod:`symconv.numeric` validates its arguments, asks
:class:`symconv.Geometry` for pads and output sizes, and then hands plain
integers to the workers.  The one heavy worker is :func:`correlate_gemm`: an
im2col gathered through a strided *view* of a padded canvas, in cache-sized
blocks, each fed to batched matmuls (one GEMM per group).
"""

from __future__ import annotations

import itertools
import math
import os

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .._errors import SymconvError
from .._layout import input_position, relevant_steps, source_indices
from .._validate import refuse_large  # noqa: F401 (the numeric modules take it from here)

__all__ = []  # private module


# Bytes of gathered columns per block, about twice the 2 MiB L2 of a core.  Measured
# on the benchmark layer (N=8, 64 channels, 56x56, 3x3): 3-4 MiB blocks were the
# fastest, 2 MiB 10% and 1 MiB 16% slower (smaller GEMMs), 6-16 MiB 20-30% slower
# (the columns leave the cache before the matmul reads them).
_BLOCK_BYTES = 4 << 20


def as_numeric_array(value, name: str, *, allow_complex: bool = True) -> np.ndarray:
    """``np.asarray(value)`` if it holds integers, floats (or complex numbers).

    bool arrays are refused on purpose: NumPy's matmul on bools is a logical
    or-of-ands, which would silently give a different operation.
    """
    expected = "an integer, float or complex array" if allow_complex else "an integer or float array"
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as err:
        raise TypeError(f"{name}: expected {expected}, got {type(value).__name__} that NumPy cannot convert") from err
    kind = array.dtype.kind
    if kind == "b":
        raise TypeError(
            f"{name}: expected {expected}, got a bool array; convert it first, e.g. {name}.astype(np.int64)"
        )
    if kind not in ("iufc" if allow_complex else "iuf"):
        raise TypeError(f"{name}: expected {expected}, got an array of dtype {array.dtype}")
    return array


def cast_bias(bias: np.ndarray, dtype) -> np.ndarray:
    """The bias in the output dtype ``np.result_type(x, w)`` (float32 in, float32 out, whatever the bias).

    Only a cast within the kind is done (float64 to float32, int64 to
    int32); a float bias for an integer layer or a complex one for a real
    layer would be truncated, so it is refused.
    """
    if not np.can_cast(bias.dtype, dtype, casting="same_kind"):
        raise TypeError(
            f"bias: expected a dtype that casts to the output dtype {np.dtype(dtype)} (np.result_type(x, w)) "
            f"without changing kind, got {bias.dtype}; cast x and w first, e.g. x.astype({bias.dtype.name})"
        )
    return bias.astype(compute_dtype(dtype), copy=False)


def compute_dtype(dtype: np.dtype) -> np.dtype:
    """The dtype to compute in: half precision is accumulated in float32 (NumPy has no float16 BLAS)."""
    return np.dtype(np.float32) if dtype == np.float16 else np.dtype(dtype)


def placement(sizes, before, lengths):
    """Slices that put an input of ``sizes`` on a canvas of ``lengths`` per spatial axis.

    Input cell ``j`` of an axis lands at canvas index ``before + j``.  A
    negative ``before`` or a short canvas crops the input, so callers may
    pass pads of either sign.  Returns ``(source, target)``: per-axis slices
    into the input and into the canvas.
    """
    source, target = [], []
    for i, b, length in zip(sizes, before, lengths):
        first, last = max(0, -b), min(i, length - b)  # the input cells that land on the canvas
        if last <= first:
            first = last = 0
        source.append(slice(first, last))
        target.append(slice(b + first, b + last))
    return tuple(source), tuple(target)


def pad_input(x, pads, mode, dtype):
    """``x`` with its spatial axes padded in ``mode`` (not zeros): the cells :func:`symconv._layout.source_indices` names.

    One gather per padded axis, as ``torch.nn.functional.pad``; the padded
    copy is counted against the memory limit first.
    """
    padded = tuple(i + pb + pa for i, (pb, pa) in zip(x.shape[2:], pads))
    refuse_large([("a padded input", (*x.shape[:2], *padded))], dtype, "padding")
    for axis, (i, (pb, pa)) in enumerate(zip(x.shape[2:], pads)):
        if pb or pa:
            x = x.take(source_indices(i, pb, pa, mode), axis=2 + axis)
    return x


def fold_padding(grad, sizes, pads, mode):
    """The adjoint of :func:`pad_input`: every padding cell's gradient added onto the input cell it copies.

    ``grad`` is ``(N, C, *padded)``; returns ``(N, C, *sizes)``.  Per axis,
    the inner cells are kept and each of the ``pb + pa`` padding cells is
    added to its source (a loop over padding cells, not over the input).
    """
    for axis, (i, (pb, pa)) in enumerate(zip(sizes, pads)):
        if not (pb or pa):
            continue
        ax = 2 + axis
        sources = source_indices(i, pb, pa, mode)
        lead = (slice(None),) * ax
        out = grad[lead + (slice(pb, pb + i),)].copy()
        for q in itertools.chain(range(pb), range(pb + i, pb + i + pa)):
            out[lead + (sources[q],)] += grad[lead + (q,)]
        grad = out
    return grad


def reaching_taps(i, pb, k, s, d, o):
    """The taps of one axis that land in the input for some output.

    Usually all ``k``; but a kernel far longer than the input (possible with
    a large padding) has at most ``o * (i // d + 1)`` taps that land, and
    only those are visited, so the work never grows with the kernel size alone.
    """
    if k <= o * (i // d + 1):
        return range(k)
    taps = set()
    for q in range(o):
        start = input_position(q, 0, s, d, pb)
        taps.update(range(max(0, -(start // d)), min(k, (i - 1 - start) // d + 1)))
    return sorted(taps)


def tap_slices(sizes, pads_before, kernel, stride, dilation, out_size):
    """Per kernel tap that reaches the input: ``(tap, outputs, inputs)``, the last two per-axis slices.

    Output ``o`` reads input ``o*s + a*d - p_before`` through tap ``a``
    (:func:`symconv._layout.input_position`), so the outputs whose tap ``a``
    lands inside the input form a box, and the inputs they read a strided box
    of the input: ``x[inputs]`` lines up with ``out[outputs]``.  Taps that
    land only in the padding are left out, so padding is never materialised.
    Python ints throughout: no step overflows.
    """
    axes = list(zip(sizes, pads_before, kernel, stride, dilation, out_size))
    for tap in itertools.product(*(reaching_taps(*axis) for axis in axes)):
        outputs, inputs = [], []
        for a, (i, pb, _, s, d, o) in zip(tap, axes):
            offset = input_position(0, a, s, d, pb)
            first, last = max(0, -(offset // s)), min(o, (i - 1 - offset) // s + 1)
            if last <= first:
                break
            outputs.append(slice(first, last))
            inputs.append(slice(input_position(first, a, s, d, pb), input_position(last - 1, a, s, d, pb) + 1, s))
        else:
            yield tap, tuple(outputs), tuple(inputs)


def correlate_taps(x, w, pads_before, out_size, stride, dilation, groups, dtype):
    """Cross-correlation one kernel tap at a time, without a padded canvas or a column buffer.

    Same arguments and result as :func:`correlate_gemm`.  Each tap that
    reaches the input adds ``w[:, :, tap]`` times a strided view of ``x`` to
    the box of outputs it reaches (:func:`tap_slices`), so memory is the
    output plus one view's copy, whatever the padding and dilation: the route
    for geometries whose canvas would dwarf both (a dilation of 10**9 with
    matching padding: a 2*10**9-cell canvas for 3 outputs).
    """
    n, c = x.shape[:2]
    c_out = w.shape[0]
    cg, m = c // groups, c_out // groups
    out = np.zeros((n, groups, m, *out_size), dtype)
    xg = x.reshape(n, groups, cg, *x.shape[2:])
    wg = w.reshape(groups, m, cg, *w.shape[2:]).astype(dtype, copy=False)
    lead = (slice(None),) * 3
    for tap, outputs, inputs in tap_slices(x.shape[2:], pads_before, w.shape[2:], stride, dilation, out_size):
        patch = xg[lead + inputs].astype(dtype, copy=False)  # (N, G, C/G, *box)
        box = out[lead + outputs]
        box += np.einsum("gmc,ngc...->ngm...", wg[lead + tap], patch)
    return out.reshape(n, c_out, *out_size)


def blocks(n: int, rows: int, bytes_per_row: int, *, target: int | None = None):
    """Split ``n`` images of ``rows`` rows into blocks of about ``target`` bytes (default ``_BLOCK_BYTES``).

    Yields ``(n0, n1, r0, r1)``: several whole images per block when an image
    is small, else one image cut into bands of rows.  This loop over blocks
    is cache blocking; everything inside a block is vectorised.
    """
    target = _BLOCK_BYTES if target is None else target
    per_image = max(1, rows * bytes_per_row)
    if per_image <= target:
        step = max(1, target // per_image)
        for n0 in range(0, n, step):
            yield n0, min(n, n0 + step), 0, rows
        return
    band = max(1, target // max(1, bytes_per_row))
    for n0 in range(n):
        for r0 in range(0, rows, band):
            yield n0, n0 + 1, r0, min(rows, r0 + band)


def correlate_gemm(x, w, pads_before, out_size, stride, dilation, groups, dtype):
    """Batched cross-correlation by blocked im2col and matmuls, one GEMM per group and block.

    Parameters are already validated: ``x`` is ``(N, C, *S)``, ``w`` is
    ``(C_out, C // groups, *K)``; ``pads_before`` may be negative (crops the
    input).  Everything is computed in ``dtype``.  Returns
    ``(N, C_out, *out_size)``.

    Each block of images (or band of output rows of one image) is placed on
    a reused zero-bordered canvas, its windows are gathered through a strided
    view into a reused column buffer of about ``_BLOCK_BYTES``, and batched
    matmuls write straight into the output.  The columns are channels-first,
    ``(C/groups, *K)`` by pixels: measured here against a channels-last
    gather (pixels by ``(*K, C/groups)``) they were 10-16% faster on every
    layer tried (56x56 to 7x7, stride 1 and 2, 3 to 512 channels), since the
    canvas needs no transpose and both matmul operands are C-contiguous.

    At stride 1 along the first axis the taps of that axis need not be
    gathered: the columns of tap ``a`` are the columns of tap 0 moved down
    ``a*d`` rows, which in this layout is one pointer offset into the same
    buffer (still a matrix BLAS takes).  The gather then shrinks ``k``
    times and the block runs ``k`` GEMMs, summed.  That pays while the
    gather weighs much against a thin GEMM: measured with 3x3 kernels it was
    5-25% faster up to 64 output channels per group (25% on the benchmark
    layer), even at 128, and 10-30% slower from 128 channels on 28x28 and
    smaller images; hence the threshold below.
    """
    n, c = x.shape[:2]
    c_out = w.shape[0]
    kernel = tuple(w.shape[2:])
    stride, dilation = relevant_steps(out_size, kernel, stride, dilation)
    lengths = tuple((o - 1) * s + d * (k - 1) + 1 for o, s, d, k in zip(out_size, stride, dilation, kernel))
    # a canvas (and at stride 1 a halo of d(k-1) rows of columns) far larger than the input and the output -- a
    # huge dilation or padding around few cells -- is not built: tap by tap, memory is the output's
    halo_rows = dilation[0] * (kernel[0] - 1) if stride[0] == 1 else 0
    canvas = c * (math.prod(lengths) + math.prod(kernel[1:]) * halo_rows * math.prod(out_size[1:]))
    if canvas > 8 * (c * math.prod(x.shape[2:]) + c_out * math.prod(out_size)) + (1 << 20):
        refuse_large([("an output", (n, c_out, *out_size))], dtype)
        return correlate_taps(x, w, pads_before, out_size, stride, dilation, groups, dtype)
    refuse_large([("an output", (n, c_out, *out_size)), ("a padded input", (1, c, *lengths))], dtype)
    cg, m = c // groups, c_out // groups
    rest = math.prod(out_size[1:])
    rows = out_size[0]
    out = np.empty((n, groups, m, rows * rest), dtype)

    if math.prod(kernel) == 1 and tuple(x.shape[2:]) == tuple(out_size) and all(
        s == 1 and p == 0 for s, p in zip(stride, pads_before)
    ):
        # 1x1 kernel at stride 1 without padding: the input already is the column matrix
        cols = x.reshape(n, groups, cg, rows * rest)
        np.matmul(w.reshape(groups, m, cg).astype(dtype, copy=False), cols.astype(dtype, copy=False), out=out)
        return out.reshape(n, c_out, *out_size)

    shift_rows = stride[0] == 1 and kernel[0] > 1 and m < 128
    gathered = range(1, len(kernel)) if shift_rows else range(len(kernel))  # axes whose taps are gathered
    depth = cg * math.prod(kernel[a] for a in gathered)
    if shift_rows:  # (k0, G, m, depth): the weights of each tap of the first axis
        w_taps = np.moveaxis(w.reshape(groups, m, cg, *kernel), 3, 0)
        offsets = [a * dilation[0] * rest for a in range(kernel[0])]
        halo = dilation[0] * (kernel[0] - 1)
    else:
        w_taps = w[None]
        offsets, halo = [0], 0
    w_taps = np.ascontiguousarray(w_taps, dtype).reshape(len(offsets), groups, m, depth)

    source, target = placement(x.shape[2:], pads_before, lengths)
    item = np.dtype(dtype).itemsize
    plan = list(blocks(n, rows, rest * groups * depth * item))
    images = max(n1 - n0 for n0, n1, _, _ in plan)
    band = max(r1 - r0 for _, _, r0, r1 in plan)
    side_by_side = images > 1 and not shift_rows
    staged = len(offsets) > 1 or side_by_side
    # every array this worker allocates, counted before the first
    refuse_large([
        ("an output", (n, c_out, *out_size)),
        ("a padded input", (images, c, *lengths)),
        ("the columns", (images * groups * depth * (band + halo) * rest,)),
        ("the staging", (images * groups * m * rows * rest if staged else 0,)),
    ], dtype)
    pad = np.zeros((images, c, *lengths), dtype)
    inner = pad[(slice(None), slice(None), *target)]
    x_source = x[(slice(None), slice(None), *source)]
    sn, sc, *s_axes = pad.strides
    tap_strides = tuple(dilation[a] * s_axes[a] for a in gathered)
    pixel_strides = tuple(s * a for s, a in zip(stride, s_axes))
    buffer = np.empty(images * groups * depth * (band + halo) * rest, dtype)
    # several whole images per block (side_by_side): their columns side by side make one wide GEMM per group
    # instead of one thin GEMM per image (measured 10-25% faster on 14x14 and 7x7 layers), at the price of a
    # transposing copy into the output
    staging = np.empty(images * groups * m * rows * rest, dtype) if staged else None
    for n0, n1, r0, r1 in plan:
        nb = n1 - n0
        if r0 == 0:  # a new block of images: place it on the canvas (the border stays zero)
            np.copyto(inner[:nb], x_source[n0:n1], casting="unsafe")
        taps = tuple(kernel[a] for a in gathered)
        block_rows = r1 - r0 + halo
        if side_by_side:
            shape = (groups, cg, *taps, nb, block_rows, *out_size[1:])
            strides = (cg * sc, sc, *tap_strides, sn, *pixel_strides)
        else:
            shape = (nb, groups, cg, *taps, block_rows, *out_size[1:])
            strides = (sn, cg * sc, sc, *tap_strides, *pixel_strides)
        windows = as_strided(pad[:, :, r0 * stride[0] :], shape, strides, writeable=False)
        span = block_rows * rest  # gathered pixels per column and image
        columns = buffer[: nb * groups * depth * span]
        np.copyto(columns.reshape(shape), windows)
        result = out[n0:n1, :, :, r0 * rest : r1 * rest]
        if side_by_side:
            wide = staging[: result.size].reshape(groups, m, nb * span)
            np.matmul(w_taps[0], columns.reshape(groups, depth, nb * span), out=wide)
            np.copyto(result, wide.reshape(groups, m, nb, span).transpose(2, 0, 1, 3))
            continue
        for tap, offset in enumerate(offsets):
            cols = as_strided(
                columns[offset:],
                (nb, groups, depth, (r1 - r0) * rest),
                (groups * depth * span * item, depth * span * item, span * item, item),
                writeable=False,
            )
            if tap == 0:
                np.matmul(w_taps[0], cols, out=result)
            else:
                more = staging[: result.size].reshape(result.shape)
                np.matmul(w_taps[tap], cols, out=more)
                result += more
    return out.reshape(n, c_out, *out_size)

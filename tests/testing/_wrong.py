"""Convolutions written from their definitions with plain loops -- correct, or with one deliberate bug.

Independent of symconv: these read the definitions (PyTorch's layouts and
keyword arguments), not symconv's code.  ``bug=None`` is the correct
implementation, which must pass every assertion; each named bug is one
mistake people make, which the assertions must catch (and name).
"""

from __future__ import annotations

import itertools
import math

import numpy as np


def _axes(value, ndim):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * ndim


def _same(i, s, keff, *, lower=False):
    total = max((math.ceil(i / s) - 1) * s + keff - i, 0)
    small = total // 2
    return (total - small, small) if lower else (small, total - small)


def explicit_pads(padding, sizes, kernel, stride, dilation, *, same_lower=False):
    """(before, after) per axis for every padding form, written out here."""
    ndim = len(kernel)
    keff = [d * (k - 1) + 1 for k, d in zip(kernel, dilation)]
    if isinstance(padding, str):
        if padding == "valid":
            return [(0, 0)] * ndim
        if padding == "full":
            return [(k - 1, k - 1) for k in keff]
        if padding == "causal":  # 1-D: everything before
            return [(k - 1, 0) for k in keff]
        return [_same(i, s, k, lower=same_lower) for i, s, k in zip(sizes, stride, keff)]
    if isinstance(padding, int):
        return [(padding, padding)] * ndim
    if all(isinstance(p, int) for p in padding):
        return [(p, p) for p in padding]
    return [tuple(p) for p in padding]


#: PyTorch's padding modes as np.pad writes them (np.pad's "reflect" mirrors about the border cell, as torch does)
NP_PAD_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def pad(x, pads, padding_mode="zeros"):
    """``x`` (N, C, *spatial) padded on its spatial axes by np.pad in ``padding_mode``."""
    return np.pad(x, [(0, 0), (0, 0), *pads], mode=NP_PAD_MODES[padding_mode])


def fold(padded, sizes, pads, padding_mode):
    """The adjoint of :func:`pad`: each padding cell's value added to the input cell it copies (dropped for zeros).

    Which cell a padding cell copies is read from np.pad of the indices, axis by axis.
    """
    out = np.asarray(padded)
    for axis, (n, (b, a)) in enumerate(zip(sizes, pads), start=2):
        if padding_mode == "zeros":
            source = np.pad(np.arange(n), (b, a), constant_values=-1)
        else:
            source = np.pad(np.arange(n), (b, a), mode=NP_PAD_MODES[padding_mode])
        shape = list(out.shape)
        shape[axis] = n
        folded = np.zeros(shape, out.dtype)
        for j, q in enumerate(source):
            if q >= 0:
                index = (slice(None),) * axis + (q,)
                folded[index] += out[(slice(None),) * axis + (j,)]
        out = folded
    return out


# ----------------------------------------------------------------------------
# convolution
# ----------------------------------------------------------------------------


def conv(x, w, bias=None, *, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros", bug=None):
    """``y[n, o, p] = b[o] + sum_{c, t} w[o, c, t] x_pad[n, group(o) * C_in/g + c, p*s + t*d]`` by loops over outputs."""
    x, w = np.asarray(x), np.asarray(w)
    nd = w.ndim - 2
    kernel = w.shape[2:]
    s, d = _axes(stride, nd), _axes(dilation, nd)
    if bug == "stride_dilation_swapped":
        s, d = d, s
    if bug == "dilation_ignored":
        d = (1,) * nd
    keff = [dd * (k - 1) + 1 for k, dd in zip(kernel, d)]
    pads = explicit_pads(padding, x.shape[2:], kernel, s, d, same_lower=bug == "same_lower")
    if bug == "same_half" and padding == "same":
        pads = [(k // 2, k // 2) for k in keff]
    if bug == "pads_swapped":
        pads = [(a, b) for b, a in pads]
    if bug == "padding_ignored":
        pads = [(0, 0)] * nd
    if bug == "flip":
        w = np.flip(w, axis=tuple(range(2, w.ndim)))
    dtype = np.result_type(x, w)
    work = np.float32 if bug == "float32" else (np.float16 if bug == "float16" else np.result_type(dtype, np.float64) if dtype.kind == "f" else dtype)
    if bug == "padding_mode_ignored":
        padding_mode = "zeros"
    if bug == "symmetric" and padding_mode == "reflect":  # the mirror image with the border cell repeated
        xp = np.pad(x, [(0, 0), (0, 0), *pads], mode="symmetric").astype(work)
    else:
        xp = pad(x, pads, padding_mode).astype(work)
    w = w.astype(work)
    out_size = [(L - k) // ss + (0 if bug == "off_by_one" else 1) for L, k, ss in zip(xp.shape[2:], keff, s)]
    c_in, c_out = x.shape[1], w.shape[0]
    cg, og = c_in // groups, c_out // groups
    y = np.zeros((x.shape[0], c_out, *out_size), work)
    for o in range(c_out):
        g, j = divmod(o, og)
        channels = [g + groups * m for m in range(cg)] if bug == "groups_interleaved_in" else list(range(g * cg, (g + 1) * cg))
        target = j * groups + g if bug == "groups_interleaved_out" else o
        for pos in itertools.product(*(range(n) for n in out_size)):
            total = work(0) if work in (np.float32, np.float16) else 0
            for tap in itertools.product(*(range(k) for k in kernel)):
                index = tuple(p * ss + t * dd for p, t, ss, dd in zip(pos, tap, s, d))
                total = total + np.dot(xp[(slice(None), channels, *index)], w[(o, slice(None), *tap)]).astype(work)
            y[(slice(None), target, *pos)] = total
    if bias is not None and bug != "bias_dropped":
        y += np.asarray(bias, work).reshape(-1, *(1,) * nd) * (2 if bug == "bias_twice" else 1)
    if bug == "channels_last":
        y = np.moveaxis(y, 1, -1)
    if bug == "scaled":
        y = y / x.shape[0]
    if bug == "dtype":
        return y.astype(np.float64)
    return y.astype(dtype)


# ----------------------------------------------------------------------------
# transposed convolution
# ----------------------------------------------------------------------------


def conv_transpose(x, w, bias=None, *, stride=1, padding=0, output_padding=0, dilation=1, groups=1, bug=None):
    """Scatter ``x[n, c, j] * w[c, o, t]`` to ``j*s + t*d``, then crop ``pads`` and add output_padding at the end."""
    x, w = np.asarray(x), np.asarray(w)
    nd = w.ndim - 2
    kernel = w.shape[2:]
    s, d, op = _axes(stride, nd), _axes(dilation, nd), _axes(output_padding, nd)
    if bug == "stride_dilation_swapped":
        s, d = d, s
    if bug == "as_conv":  # the same arguments handed to a convolution, the weight read as a convolution's
        c_in, per = w.shape[:2]
        conv_w = w.reshape(groups, c_in // groups, per, *kernel).swapaxes(1, 2).reshape(groups * per, c_in // groups, *kernel)
        return conv(x, conv_w, bias, stride=s, padding=padding, dilation=d, groups=groups)
    if bug == "not_flipped":
        w = np.flip(w, axis=tuple(range(2, w.ndim)))
    pads = explicit_pads(padding, x.shape[2:], kernel, s, d)
    if bug == "pads_swapped":
        pads = [(a, b) for b, a in pads]
    if bug == "op_ignored":
        op = (0,) * nd
    full = [(i - 1) * ss + dd * (k - 1) + 1 for i, ss, dd, k in zip(x.shape[2:], s, d, kernel)]
    c_in = x.shape[1]
    cg, per = c_in // groups, w.shape[1]
    dtype = np.result_type(x, w)
    y_full = np.zeros((x.shape[0], groups * per, *full), np.result_type(dtype, np.float64) if dtype.kind == "f" else dtype)
    for c in range(c_in):
        g = c % groups if bug == "groups_interleaved_in" else c // cg
        for m in range(per):
            o = g * per + m
            for pos in itertools.product(*(range(n) for n in x.shape[2:])):
                for tap in itertools.product(*(range(k) for k in kernel)):
                    index = tuple(p * ss + t * dd for p, t, ss, dd in zip(pos, tap, s, d))
                    y_full[(slice(None), o, *index)] += x[(slice(None), c, *pos)] * w[(c, m, *tap)]
    windows = []
    for (pb, pa), o_, f in zip(pads, op, full):
        if bug == "op_at_start":
            windows.append((pb - o_, f - pa))
        elif bug == "pads_added":
            windows.append((-pb, f + pa + o_))
        else:
            windows.append((pb, f - pa + o_))
    shape = [stop - start for start, stop in windows]
    y = np.zeros((x.shape[0], y_full.shape[1], *shape), y_full.dtype)
    for pos in itertools.product(*(range(n) for n in shape)):
        source = tuple(p + start for p, (start, _) in zip(pos, windows))
        if all(0 <= q < f for q, f in zip(source, full)):
            y[(slice(None), slice(None), *pos)] = y_full[(slice(None), slice(None), *source)]
    if bias is not None and bug != "bias_dropped":
        y += np.asarray(bias).reshape(-1, *(1,) * nd)
    return y.astype(dtype)


# ----------------------------------------------------------------------------
# pooling
# ----------------------------------------------------------------------------


def _pool(x, kernel_size, stride, padding, dilation, ceil_mode, reduce, bug):
    x = np.asarray(x)
    nd = x.ndim - 2
    k = _axes(kernel_size, nd)
    if stride is None:
        stride = 1 if bug == "stride_default_1" else k
    s, d = _axes(stride, nd), _axes(dilation, nd)
    if bug == "ceil_ignored":
        ceil_mode = False
    pads = explicit_pads(padding, x.shape[2:], k, s, d)
    if bug == "pads_swapped":
        pads = [(a, b) for b, a in pads]
    out_size = []
    for i, (pb, pa), kk, ss, dd in zip(x.shape[2:], pads, k, s, d):
        span = i + pb + pa - dd * (kk - 1) - 1
        o = (-(-span // ss) if ceil_mode else span // ss) + 1
        if ceil_mode and (o - 1) * ss >= i + pb and bug != "ceil_keep_last":
            o -= 1  # the last window must start inside the input or the left padding
        out_size.append(o)
    y = np.zeros(x.shape[:2] + tuple(out_size), np.float64)
    for pos in itertools.product(*(range(n) for n in out_size)):
        values, on_input_or_pad = [], 0
        for tap in itertools.product(*(range(kk) for kk in k)):
            index = [p * ss + t * dd - pb for p, t, ss, dd, (pb, _) in zip(pos, tap, s, d, pads)]
            inside = all(0 <= q < i for q, i in zip(index, x.shape[2:]))
            in_pad = all(-pb <= q < i + pa for q, i, (pb, pa) in zip(index, x.shape[2:], pads))
            on_input_or_pad += in_pad
            if inside:
                values.append(x[(slice(None), slice(None), *index)])
            elif reduce == "max" and bug == "pad_zero" and in_pad:
                values.append(np.zeros(x.shape[:2], x.dtype))
        if not values:  # a window past the input (what keeping a window that starts in the padding gives)
            y[(slice(None), slice(None), *pos)] = -np.inf if reduce == "max" else np.nan
            continue
        stack = np.stack(values)
        if reduce == "max":
            y[(slice(None), slice(None), *pos)] = stack.max(axis=0)
        else:
            divisor = on_input_or_pad if reduce == "avg_include" else len(values)
            if bug == "divisor_kernel":
                divisor = math.prod(k)
            y[(slice(None), slice(None), *pos)] = stack.astype(np.float64).sum(axis=0) / divisor
    if reduce == "max":
        return y.astype(x.dtype) if np.isfinite(y).all() or x.dtype.kind == "f" else y
    return y.astype(x.dtype if x.dtype.kind == "f" else np.float64)


def max_pool(x, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False, bug=None):
    return _pool(x, kernel_size, stride, padding, dilation, ceil_mode, "max", bug)


def avg_pool(x, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False, count_include_pad=True, bug=None):
    if bug == "count_include_pad_ignored":
        count_include_pad = not count_include_pad
    return _pool(x, kernel_size, stride, padding, dilation, ceil_mode, "avg_include" if count_include_pad else "avg", bug)


# ----------------------------------------------------------------------------
# deformable convolution
# ----------------------------------------------------------------------------


def _bilinear(image, r, c):
    """``image`` (C, H, W) at (r, c): each of the four corners outside the image counts 0."""
    r0, c0 = math.floor(r), math.floor(c)
    total = np.zeros(image.shape[0])
    for rr, wr in ((r0, 1 - (r - r0)), (r0 + 1, r - r0)):
        for cc, wc in ((c0, 1 - (c - c0)), (c0 + 1, c - c0)):
            if 0 <= rr < image.shape[1] and 0 <= cc < image.shape[2]:
                total = total + wr * wc * image[:, rr, cc]
    return total


def deform_conv2d(x, offset, w, bias=None, *, mask=None, stride=1, padding=0, dilation=1, groups=1, offset_groups=1, bug=None):
    x, offset, w = np.asarray(x, np.float64), np.asarray(offset, np.float64), np.asarray(w, np.float64)
    n, c_in, height, width = x.shape
    c_out, cg, kh, kw = w.shape
    (sh, sw), (dh, dw) = _axes(stride, 2), _axes(dilation, 2)
    (pt, _), (pl, _) = explicit_pads(padding, (height, width), (kh, kw), (sh, sw), (dh, dw))
    h_out, w_out = offset.shape[2:]
    taps = kh * kw
    per_offset_group = c_in // offset_groups
    y = np.zeros((n, c_out, h_out, w_out))
    for b in range(n):
        for i in range(h_out):
            for j in range(w_out):
                columns = np.zeros((c_in, kh, kw))
                for g in range(offset_groups):
                    for t in range(taps):
                        a, e = divmod(t, kw)
                        if bug == "planar":
                            dr, dc = offset[b, 2 * g * taps + t, i, j], offset[b, 2 * g * taps + taps + t, i, j]
                        else:
                            dr, dc = offset[b, 2 * (g * taps + t), i, j], offset[b, 2 * (g * taps + t) + 1, i, j]
                        if bug == "dxdy":
                            dr, dc = dc, dr
                        if bug == "offset_ignored":
                            dr = dc = 0.0
                        chans = slice(g * per_offset_group, (g + 1) * per_offset_group)
                        value = _bilinear(x[b, chans], i * sh - pt + a * dh + dr, j * sw - pl + e * dw + dc)
                        if mask is not None and bug != "mask_ignored":
                            value = value * mask[b, g * taps + t, i, j]
                        columns[chans, a, e] = value
                for o in range(c_out):
                    g = o // (c_out // groups)
                    y[b, o, i, j] = np.sum(columns[g * cg : (g + 1) * cg] * w[o])
    if bias is not None:
        y += np.asarray(bias).reshape(1, -1, 1, 1)
    return y


# ----------------------------------------------------------------------------
# gradients
# ----------------------------------------------------------------------------


def conv_grad_weight(x, weight_shape, grad_output, *, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros",
                     bug=None):
    """``dW[o, c, t] = sum_{n, p} G[n, o, p] x_pad[n, g(o) C_in/g + c, p*s + t*d]``."""
    x, grad = np.asarray(x, np.float64), np.asarray(grad_output, np.float64)
    nd = x.ndim - 2
    kernel = tuple(weight_shape[2:])
    s, d = _axes(stride, nd), _axes(dilation, nd)
    pads = explicit_pads(padding, x.shape[2:], kernel, s, d)
    xp = pad(x, pads, "zeros" if bug == "padding_mode_ignored" else padding_mode)
    c_out, cg = weight_shape[:2]
    og = c_out // groups
    dw = np.zeros(weight_shape)
    for o in range(c_out):
        g = o // og
        for tap in itertools.product(*(range(k) for k in kernel)):
            for pos in itertools.product(*(range(n) for n in grad.shape[2:])):
                index = tuple(p * ss + t * dd for p, t, ss, dd in zip(pos, tap, s, d))
                dw[(o, slice(None), *tap)] += grad[(slice(None), o, *pos)] @ xp[(slice(None), slice(g * cg, (g + 1) * cg), *index)]
    if bug == "mean":
        dw /= x.shape[0]
    if bug == "flipped":
        dw = np.flip(dw, axis=tuple(range(2, dw.ndim)))
    return dw


def conv_grad_input(input_shape, w, grad_output, *, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros",
                    bug=None):
    """Scatter ``G[n, o, p] w[o, c, t]`` to ``p*s + t*d`` of the padded input, then fold the padding back (:func:`fold`)."""
    w, grad = np.asarray(w, np.float64), np.asarray(grad_output, np.float64)
    if bug == "not_flipped":
        w = np.flip(w, axis=tuple(range(2, w.ndim)))
    nd = w.ndim - 2
    kernel = w.shape[2:]
    s, d = _axes(stride, nd), _axes(dilation, nd)
    pads = explicit_pads(padding, input_shape[2:], kernel, s, d)
    padded = np.zeros((input_shape[0], input_shape[1], *(i + b + a for i, (b, a) in zip(input_shape[2:], pads))))
    c_out, cg = w.shape[:2]
    og = c_out // groups
    for o in range(c_out):
        g = o // og
        for tap in itertools.product(*(range(k) for k in kernel)):
            for pos in itertools.product(*(range(n) for n in grad.shape[2:])):
                index = tuple(p * ss + t * dd for p, t, ss, dd in zip(pos, tap, s, d))
                padded[(slice(None), slice(g * cg, (g + 1) * cg), *index)] += np.outer(grad[(slice(None), o, *pos)], w[(o, slice(None), *tap)])
    return fold(padded, input_shape[2:], pads, "zeros" if bug == "padding_mode_ignored" else padding_mode)


def conv_grad_bias(grad_output, *, bug=None):
    grad = np.asarray(grad_output, np.float64)
    total = grad.sum(axis=(0, *range(2, grad.ndim)))
    return total / grad.shape[0] if bug == "mean" else total

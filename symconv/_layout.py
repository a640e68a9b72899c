"""The one index rule: which input position a kernel tap reads at an output position.

For an axis with stride ``s``, dilation ``d`` and ``p`` padding cells before
the input, output ``o`` reads, through tap ``t``,

.. math::  q = o s + t d - p,

and the read lands in the padding when ``q < 0`` or ``q >= n`` for an input
of ``n`` cells.  A transposed convolution runs the same map the other way:
input ``i`` feeds output ``i s + t d - p`` through tap ``t`` (Dumoulin and
Visin's relationship between a convolution and its transpose).  Every room
takes the rule from here -- the conv matrix's columns, the connectivity
graphs' edges, the symbolic sums, the gradients.

What a read of the padding gives is the padding mode's (PyTorch's
``padding_mode``), and :func:`pad_source` is its one rule: ``zeros`` gives
0, the others copy an input cell --

=============  ==========================  ===========================
mode           ``q < 0``                   ``q >= n``
=============  ==========================  ===========================
``reflect``    ``-q``                      ``2(n-1) - q``
``replicate``  ``0``                       ``n - 1``
``circular``   ``q + n``                   ``q - n``
=============  ==========================  ===========================

so a convolution with any mode is a zero-padded one of the input gathered
through :func:`source_indices`, its matrix folds the padding columns back
onto the inputs they copy, and its input gradient scatters them back.

Everything works on Python ints, NumPy integer arrays (vectorised) and SymPy
expressions alike; nothing here imports NumPy or SymPy at import time.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, sections 2 and 4.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ._errors import SymconvError
from ._validate import as_bool, as_concrete_shape
from .geometry import Geometry

__all__ = [
    "LayerLayout",
    "weight_shape",
    "resolve_layer",
    "input_position",
    "output_position",
    "source_position",
    "read_position",
    "pad_source",
    "source_indices",
    "tap_positions",
    "relevant_steps",
    "growing_parameters",
]


def input_position(output, tap, stride, dilation, pad_before):
    """The input position output ``output`` reads through tap ``tap``: ``output*stride + tap*dilation - pad_before``.

    Positions are 0-based; a result below 0 or at least the input size is a
    read of the padding.

    Examples
    --------
    >>> input_position(0, 0, 1, 1, 1)     # the first output of a 'same' 3-tap layer reads the left pad
    -1
    >>> input_position(2, 1, 2, 3, 1)     # 2*2 + 1*3 - 1
    6
    >>> import sympy
    >>> o, t, s, d, p = sympy.symbols("o t s d p")
    >>> input_position(o, t, s, d, p)
    d*t + o*s - p
    """
    return output * stride + tap * dilation - pad_before


def output_position(input, tap, stride, dilation, pad_before):
    """The output a transposed convolution's input ``input`` feeds through tap ``tap``: the same map read backwards.

    A convolution's output ``o`` reads input ``q = o*s + t*d - p``; its
    transpose scatters input ``i`` to output ``i*s + t*d - p`` (the roles of
    input and output swap, the formula does not).

    Examples
    --------
    >>> output_position(1, 2, 2, 1, 1)    # 1*2 + 2*1 - 1
    3
    """
    return input_position(input, tap, stride, dilation, pad_before)


def source_position(output, tap, stride, dilation, pad_before):
    """The transposed convolution's input read at ``output`` through ``tap``, or None when none is.

    Solves ``output = i*stride + tap*dilation - pad_before`` for a whole ``i``
    (ints only); the ``stride - 1`` outputs between two inputs' reach get
    nothing from this tap (the zeros the guide inserts between inputs).

    Examples
    --------
    >>> source_position(3, 2, 2, 1, 1), source_position(4, 2, 2, 1, 1)
    (1, None)
    """
    numerator = output + pad_before - tap * dilation
    return numerator // stride if numerator % stride == 0 else None


def pad_source(q, size, mode="zeros"):
    """The input cell that position ``q`` of the padded axis holds, or None for a zero.

    ``q`` counts from the first input cell (padding before it is negative);
    positions inside the input are themselves.  ``mode`` is a padding mode
    of :data:`symconv.geometry.PADDING_MODES`; the pads must fit the input
    (:meth:`symconv.Geometry.output_size` checks: ``reflect`` reaches at most
    ``size - 1`` cells out, ``circular`` at most ``size``).  ``q`` may be a
    NumPy integer array: the result is then an array with ``-1`` for zeros.

    Examples
    --------
    >>> [pad_source(q, 4, "reflect") for q in (-2, -1, 0, 3, 4, 5)]
    [2, 1, 0, 3, 2, 1]
    >>> [pad_source(q, 4, "replicate") for q in (-2, 5)], [pad_source(q, 4, "circular") for q in (-1, 4)]
    ([0, 3], [3, 0])
    >>> pad_source(-1, 4) is None
    True
    """
    if not isinstance(q, int):  # a NumPy array of positions
        import numpy as np

        q = np.asarray(q)
        inside = (q >= 0) & (q < size)
        if mode == "zeros":
            return np.where(inside, q, -1)
        if mode == "replicate":
            return np.clip(q, 0, size - 1)
        if mode == "circular":
            return np.mod(q, size)
        return np.where(q < 0, -q, np.where(q >= size, 2 * (size - 1) - q, q))
    if 0 <= q < size:
        return q
    if mode == "zeros":
        return None
    if mode == "replicate":
        return 0 if q < 0 else size - 1
    if mode == "circular":
        return q % size
    return -q if q < 0 else 2 * (size - 1) - q


def source_indices(size, before, after, mode="zeros"):
    """:func:`pad_source` of every cell of one padded axis: an int64 array of ``before + size + after``, ``-1`` for zeros.

    ``x.take(source_indices(...), axis)`` is the padded input for a mode
    other than zeros.

    Examples
    --------
    >>> source_indices(3, 2, 2, "reflect")
    array([2, 1, 0, 1, 2, 1, 0])
    >>> source_indices(3, 1, 1, "circular")
    array([2, 0, 1, 2, 0])
    """
    import numpy as np

    return pad_source(np.arange(-before, size + after, dtype=np.int64), size, mode)


def read_position(output, tap, stride, dilation, pad_before, size, mode="zeros"):
    """``(q, source)``: the padded-input position read and the input cell it holds (None for a zero).

    ``q`` is :func:`input_position`; ``source`` is :func:`pad_source` of it:
    ``q`` itself inside the input, the copied cell in reflect, replicate or
    circular padding, None in zero padding (the read contributes 0, so
    callers skip it; the graphs still draw the padding cell ``q``).

    Examples
    --------
    >>> read_position(0, 0, 1, 1, 1, 5), read_position(0, 1, 1, 1, 1, 5)
    ((-1, None), (0, 0))
    >>> read_position(0, 0, 1, 1, 1, 5, "reflect"), read_position(4, 2, 1, 1, 1, 5, "circular")
    ((-1, 1), (5, 0))
    """
    q = input_position(output, tap, stride, dilation, pad_before)
    return q, pad_source(q, size, mode)


def relevant_steps(out_size, kernel, stride, dilation):
    """Stride and dilation with the values that cannot matter set to 1.

    A stride only separates two windows, so on an axis with one output it is
    set to 1; a dilation only separates two taps, so with a one-tap kernel it
    is 1.  Index arithmetic and strided views then never meet a huge step
    (``stride=2**63`` on a one-output axis) that would overflow them.

    Examples
    --------
    >>> relevant_steps((1, 4), (3, 1), (2**63, 2), (5, 7))
    ((1, 2), (5, 1))
    """
    stride = tuple(1 if o == 1 else s for o, s in zip(out_size, stride))
    dilation = tuple(1 if k == 1 else d for k, d in zip(kernel, dilation))
    return stride, dilation


def tap_positions(out, stride, before, kernel, dilation, size):
    """:func:`input_position` of every (output, tap) pair of one axis, an ``(out, kernel)`` array clipped to ``[-1, size]``.

    An index outside the input only matters as being outside, hence the clip.
    Huge geometry values are computed with Python ints, so nothing overflows.

    Examples
    --------
    >>> tap_positions(3, 1, 1, 3, 1, 3)
    array([[-1,  0,  1],
           [ 0,  1,  2],
           [ 1,  2,  3]])
    """
    import numpy as np

    big = max((out - 1) * stride, before, (kernel - 1) * dilation) >= 1 << 62
    dtype = object if big else np.int64
    position = input_position(
        np.arange(out, dtype=dtype)[:, None], np.arange(kernel, dtype=dtype)[None, :], stride, dilation, before
    )
    return np.clip(position, -1, size).astype(np.int64, copy=False)


# ----------------------------------------------------------------------------
# the tensor layout of one layer (PyTorch's weight layout)
# ----------------------------------------------------------------------------


class LayerLayout(NamedTuple):
    """Everything about one (possibly transposed) convolution's sizes."""

    geometry: Geometry
    in_channels: int
    out_channels: int
    in_sizes: tuple
    out_sizes: tuple
    kernel_shape: tuple

    @property
    def n_terms(self) -> int:
        """The products the layer sums: one per output of the forward convolution (a transposed
        convolution's input), tap and input channel of its group -- the nonzeros of its matrix."""
        if self.geometry.transposed:
            channels, sizes = self.in_channels, self.in_sizes
        else:
            channels, sizes = self.out_channels, self.out_sizes
        return channels * math.prod(sizes) * math.prod(self.kernel_shape[1:])


def weight_shape(geometry: Geometry, in_channels: int, out_channels: int) -> tuple:
    """The kernel's shape in PyTorch's layout: ``(C_out, C_in // groups, *k)``, or
    ``(C_in, C_out // groups, *k)`` for a transposed convolution (the inverse of :func:`resolve_layer`)."""
    if geometry.transposed:
        lead = (in_channels, out_channels // geometry.groups)
    else:
        lead = (out_channels, in_channels // geometry.groups)
    return (*lead, *geometry.kernel_size)


def resolve_layer(input_shape, kernel_shape, *, who, caller="conv_matrix", **geometry_kwargs) -> LayerLayout:
    """Check shapes against each other and the geometry; answer every size.

    ``kernel_shape`` is ``(C_out, C_in // groups, *kernel)``, or
    ``(C_in, C_out // groups, *kernel)`` when ``transposed``.  ``input_shape``
    is ``(C_in, *spatial)`` or just the spatial shape.  The geometry must be
    concrete (``caller`` is named when it is not).
    """
    transposed = geometry_kwargs["transposed"] = as_bool(geometry_kwargs.get("transposed", False), "transposed")
    kernel_shape = tuple(int(k) for k in kernel_shape)
    if len(kernel_shape) < 3:
        raise SymconvError(
            f"{who}: expected a kernel of shape (C_out, C_in // groups, *kernel_size) with at least one spatial "
            f"axis, got shape {kernel_shape}", parameter=who
        )
    if any(k < 1 for k in kernel_shape):
        raise SymconvError(f"{who}: expected a kernel with no empty axis, got shape {kernel_shape}", parameter=who)
    ndim = len(kernel_shape) - 2
    geometry = Geometry(kernel_shape[2:], ndim=ndim, **geometry_kwargs).require_concrete(caller)
    groups = geometry.groups
    if transposed:
        in_channels, out_channels = kernel_shape[0], kernel_shape[1] * groups
    else:
        out_channels, in_channels = kernel_shape[0], kernel_shape[1] * groups
    input_shape = as_concrete_shape(input_shape, "input_shape")
    if len(input_shape) == ndim:
        input_shape = (in_channels, *input_shape)
    elif len(input_shape) != ndim + 1:
        hint = " (leave out the batch axis)" if len(input_shape) == ndim + 2 else ""
        raise SymconvError(
            f"input_shape: expected (C_in, *spatial) with {ndim} spatial axes to match the kernel of shape "
            f"{kernel_shape}, got {input_shape}{hint}", parameter="input_shape"
        )
    if transposed and input_shape[0] != in_channels:
        raise SymconvError(
            f"input_shape: expected {in_channels} input channels (the kernel of a transposed convolution is "
            f"(C_in, C_out // groups, *kernel), here {kernel_shape}), got {input_shape[0]}", parameter="input_shape"
        )
    geometry.check_channels(input_shape[0], out_channels)
    if not transposed and input_shape[0] != in_channels:
        raise SymconvError(
            f"input_shape: expected {in_channels} input channels (kernel {kernel_shape} with groups={groups} "
            f"reads C_in // groups = {kernel_shape[1]} per group), got {input_shape[0]}", parameter="input_shape"
        )
    in_sizes = input_shape[1:]
    out_sizes = geometry.output_size(in_sizes)
    return LayerLayout(geometry, in_channels, out_channels, in_sizes, out_sizes, kernel_shape)


def growing_parameters(geometry, *, channels=(1, 1)) -> str:
    """The arguments that make a picture of ``geometry`` large, as a refusal names them (``"input_size, stride"``).

    The input always; of a direct layer its padding, if any; of a transposed
    one every kernel size, stride, dilation and output_padding above the
    smallest (each lengthens the output); the channels where there are more
    than one.  Arguments at values that cannot grow the picture are left out,
    so the names say what to make smaller.

    Examples
    --------
    >>> from symconv import Geometry
    >>> growing_parameters(Geometry(3, padding=40, ndim=2))
    'input_size, padding'
    >>> growing_parameters(Geometry(3, stride=10**6, transposed=True, ndim=2))
    'input_size, kernel_size, stride'
    """
    names = ["input_size"]
    if not geometry.transposed:
        if geometry.padding != "same" and any(p for pair in geometry.padding for p in pair):
            names.append("padding")
    else:
        for name, smallest in (("kernel_size", 1), ("stride", 1), ("dilation", 1), ("output_padding", 0)):
            if any(value > smallest for value in getattr(geometry, name)):
                names.append(name)
    if any(c > 1 for c in channels):
        names.append("channels")
    return ", ".join(names)

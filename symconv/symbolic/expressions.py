"""Symbolic expressions of convolution, true convolution and transposed convolution.

:func:`conv_expressions` writes out every output of one layer as a SymPy
expression over symbolic (or given) inputs and kernel, for every geometry the
NumPy backend supports.  :func:`conv_sum` gives the general indexed form, a
SymPy ``Sum`` with symbolic bounds, as the notes write it.

Conventions (those of PyTorch and ONNX, see ``docs/ARCHITECTURE.md``): ``input_shape`` is ``(C_in, *spatial)``
-- the spatial shape alone is accepted and then ``C_in`` comes from the kernel
-- and ``kernel_shape`` is ``(C_out, C_in // groups, *kernel)``, or
``(C_in, C_out // groups, *kernel)`` for a transposed convolution.  The number
of spatial axes is ``len(kernel_shape) - 2``.  Either may instead be an array
(SymPy, or NumPy with numbers or SymPy entries): its shape is then the shape
and its entries the values.

References
----------
.. [1] Seed notes 001, section 9.2.2 (cross-correlation versus convolution)
   and 9.2.3 (1-D and 3-D cross-correlation).
.. [2] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 4 (transposed convolution).
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import sympy

from .._errors import SymconvError
from .._layout import input_position, output_position, resolve_layer, source_indices
from .._output.numbers import int_text
from .._validate import as_bool, as_concrete_shape, as_name, as_operand, as_size, refuse_count, short, sympy_array
from ..matrix import MAX_SYMBOLIC_TERMS

__all__ = ["conv_expressions", "conv_sum", "symbol_array"]


def symbol_array(name: str, shape) -> sympy.Array:
    """A SymPy array of fresh symbols ``name_{i,j,...}``, one per index.

    Parameters
    ----------
    name : str
        Base name; the entry at index ``(i, j)`` is the symbol ``name_{i,j}``
        (LaTeX ``name_{i,j}``), zero-based as in the guide's ``w_{0,0}``.
    shape : tuple of int

    Returns
    -------
    sympy.ImmutableDenseNDimArray

    Raises
    ------
    SymconvError
        A name that is not a letter followed by letters, digits or ``_``, or
        a shape of more than :data:`symconv.matrix.MAX_SYMBOLIC_TERMS`
        entries (refused before any symbol is made).
    TypeError
        A name that is not a non-empty str, or a shape that is not a tuple,
        list or 1-D array of positive ints.

    Examples
    --------
    >>> symbol_array("w", (2, 2))
    [[w_{0,0}, w_{0,1}], [w_{1,0}, w_{1,1}]]
    >>> symbol_array("x", (1, 3)).reshape(3)
    [x_{0,0}, x_{0,1}, x_{0,2}]
    """
    _check_name(name, "name")
    shape = as_concrete_shape(shape, "shape")
    refuse_count(math.prod(shape), MAX_SYMBOLIC_TERMS, "shape", "symbols",
                 "use a smaller shape, or NumPy arrays of numbers (symconv.numeric) instead of symbols")
    entries = [sympy.Symbol(f"{name}_{{{','.join(map(str, index))}}}") for index in np.ndindex(*shape)]
    return sympy.ImmutableDenseNDimArray(entries, shape)


def _check_name(value, parameter):
    """A symbol name: a letter, then letters, digits or '_' (it is only compared, never parsed)."""
    if not isinstance(value, str) or not value:
        raise TypeError(f"{parameter}: expected a non-empty str, got {short(value)}")
    as_name(value, parameter, expected="a symbol name of a letter followed by letters, digits or '_' (like W or w_1)")


def _operand(value, name):
    """``(shape, values)``: a tuple is a shape (values ``None``), an array gives its values."""
    if isinstance(value, (tuple, list)):
        return as_concrete_shape(value, name), None
    array, _ = as_operand(value, name)
    return array.shape, sympy_array(array, name)


def _symbols(symbol_name, shape, leading):
    """Fresh symbols; the ``leading`` channel axes are left out of the names when
    they all have extent 1, so a single-channel kernel reads ``W_{a,b}``."""
    spatial = shape[leading:]
    named = spatial if all(n == 1 for n in shape[:leading]) else shape
    array = np.empty(math.prod(named), dtype=object)
    array[:] = _flat(symbol_array(symbol_name, named))
    return array.reshape(shape)


def _flat(array):
    return [array[index] for index in np.ndindex(*array.shape)]


def _pad(array, pairs, mode):
    """Pad the spatial axes of an object array ``(C, *spatial)``: zeros, or in ``mode`` the input
    cells the padding copies (:func:`symconv._layout.source_indices`), the same symbols."""
    if not any(b or a for b, a in pairs):
        return array
    if mode != "zeros":
        for axis, (n, (before, after)) in enumerate(zip(array.shape[1:], pairs)):
            array = array.take(source_indices(n, before, after, mode), axis=1 + axis)
        return array
    padded = np.full(
        (array.shape[0], *(n + b + a for n, (b, a) in zip(array.shape[1:], pairs))), sympy.S.Zero, dtype=object
    )
    padded[(slice(None), *(slice(b, b + n) for n, (b, _) in zip(array.shape[1:], pairs)))] = array
    return padded


def _correlate(x, w, groups, stride, dilation, out_sizes):
    """Cross-correlate ``x (C_in, *padded)`` with ``w (C_out, C_in//g, *k)``; object arrays."""
    c_out, per_group = w.shape[:2]
    ndim = w.ndim - 2
    out_per_group = c_out // groups
    terms = []
    for tap in np.ndindex(*w.shape[1:]):
        local, kernel_index = tap[0], tap[1:]
        channels = (np.arange(c_out) // out_per_group) * per_group + local
        # output i reads padded cell input_position(i, a, s, d, 0) (the pad is already in x)
        window = tuple(
            slice(input_position(0, a, s, d, 0), input_position(o - 1, a, s, d, 0) + 1, s)
            for a, d, s, o in zip(kernel_index, dilation, stride, out_sizes)
        )
        coefficient = w[(slice(None), local, *kernel_index)].reshape(c_out, *(1,) * ndim)
        terms.append(coefficient * x[(channels,) + window])
    stacked = np.stack(terms).reshape(len(terms), -1).T
    out = np.empty(stacked.shape[0], dtype=object)
    out[:] = [sympy.Add(*row) for row in stacked]
    return out.reshape(c_out, *out_sizes)


def conv_expressions(
    input_shape,
    kernel_shape,
    *,
    stride=1,
    padding=0,
    dilation=1,
    groups=1,
    transposed=False,
    output_padding=0,
    padding_mode="zeros",
    flip=False,
    bias=None,
    input_name="X",
    kernel_name="W",
    bias_name="b",
) -> sympy.Array:
    """Every output of a convolution layer as a SymPy expression.

    Parameters
    ----------
    input_shape : tuple of int or array
        ``(C_in, *spatial)`` (or the spatial shape alone); fresh symbols
        ``X_{c,i,j}`` are made for it (``X_{i,j}`` with one channel).  An array
        (SymPy, or NumPy of numbers or SymPy expressions) is used as it is.
    kernel_shape : tuple of int or array
        ``(C_out, C_in // groups, *kernel)``, or ``(C_in, C_out // groups,
        *kernel)`` when ``transposed``; symbols ``W_{o,c,a,b}`` (``W_{a,b}``
        with one input and one output channel) or the given array.
    stride, padding, dilation, groups, output_padding, transposed
        The geometry, as for :func:`symconv.numeric.conv` and
        :func:`symconv.numeric.conv_transpose`.
    padding_mode : {"zeros", "reflect", "replicate", "circular"}, default "zeros"
        What the padding holds, as ``torch.nn.Conv2d(padding_mode=...)``:
        with ``"zeros"`` a tap on the padding is left out; otherwise the
        padding cell holds the input symbol it copies
        (:func:`symconv._layout.pad_source`), so a tap there multiplies that
        symbol.  Forward convolution only.
    flip : bool, default False
        ``False``: cross-correlation, what deep learning calls convolution,
        ``y[i] = sum_a W[a] X[i + a]``.  ``True``: true convolution, the kernel
        flipped along every spatial axis (``y[i] = sum_a W[-a] X[i + a]``,
        seed 001 9.2.2).
    bias : None, True or array, default None
        ``True`` adds symbols ``b_{o}`` (``b`` with one output channel); an
        array of ``C_out`` values adds those.
    input_name, kernel_name, bias_name : str
        Base names of the fresh symbols.

    Returns
    -------
    sympy.ImmutableDenseNDimArray
        Shape ``(C_out, *out)``.  Zero padding simply leaves terms out, so each
        output is the sum of the taps that land on the input; the other modes
        keep every tap, an input symbol appearing once per tap that reads it.

    Raises
    ------
    SymconvError
        Mismatched shapes or channels, every geometry error (the geometry's
        message: an unknown ``padding_mode``, pads it cannot fill -- in
        ``reflect`` each pad smaller than the input, in ``circular`` at most
        the input --, a mode other than zeros with ``transposed``), or a
        request of more than :data:`symconv.matrix.MAX_SYMBOLIC_TERMS`
        terms, which is refused before any work.
    TypeError
        An operand that is neither a shape, nor a numeric nor a SymPy array, a
        name that is not a non-empty str, or a symbolic geometry value (the
        sizes must be concrete to write every output out).

    Examples
    --------
    >>> conv_expressions((1, 4), (1, 1, 2))
    [[W_{0}*X_{0} + W_{1}*X_{1}, W_{0}*X_{1} + W_{1}*X_{2}, W_{0}*X_{2} + W_{1}*X_{3}]]
    >>> conv_expressions((1, 4), (1, 1, 2), flip=True)[0, 0]
    W_{0}*X_{1} + W_{1}*X_{0}
    >>> conv_expressions((1, 2), (1, 1, 2), transposed=True, stride=2)
    [[W_{0}*X_{0}, W_{1}*X_{0}, W_{0}*X_{1}, W_{1}*X_{1}]]

    In reflect padding the cell before ``X_{0}`` holds ``X_{1}``, in circular
    padding ``X_{2}``:

    >>> conv_expressions((1, 3), (1, 1, 2), padding=(1, 0), padding_mode="reflect")[0, 0]
    W_{0}*X_{1} + W_{1}*X_{0}
    >>> conv_expressions((1, 3), (1, 1, 2), padding=(1, 0), padding_mode="circular")[0, 0]
    W_{0}*X_{2} + W_{1}*X_{0}

    See Also
    --------
    conv_sum : the general indexed form with symbolic bounds.
    symconv.conv_matrix : the same layer as one matrix.
    """
    flip = as_bool(flip, "flip")
    for value, parameter in ((input_name, "input_name"), (kernel_name, "kernel_name"), (bias_name, "bias_name")):
        _check_name(value, parameter)
    x_shape, x = _operand(input_shape, "input_shape")
    w_shape, w = _operand(kernel_shape, "kernel_shape")
    layout = resolve_layer(
        x_shape,
        w_shape,
        who="kernel_shape",
        caller="conv_expressions",
        stride=stride,
        padding=padding,
        dilation=dilation,
        groups=groups,
        transposed=transposed,
        output_padding=output_padding,
        padding_mode=padding_mode,
    )
    geometry = layout.geometry
    if x is not None and x.shape[0] != layout.in_channels:  # a spatial-only shape given as an array
        raise SymconvError(
            f"input_shape: expected an array of shape (C_in, *spatial) = ({layout.in_channels}, ...), got {x.shape}", parameter="input_shape"
        )
    n_terms = layout.n_terms
    n_inputs = layout.in_channels * math.prod(layout.in_sizes)
    # every output is one expression: a transposed layer's output grows with its stride and dilation
    n_outputs = layout.out_channels * math.prod(layout.out_sizes)
    largest = max(n_terms, n_inputs, n_outputs)
    if largest > MAX_SYMBOLIC_TERMS:
        grows = n_outputs == largest and transposed
        raise SymconvError(
            f"conv_expressions: input_shape {(layout.in_channels, *layout.in_sizes)} with kernel {w_shape} "
            f"would expand to {int_text(largest, grouped=True)} symbolic terms"
            f"{' (its outputs)' if grows else ''}, more than the limit of {MAX_SYMBOLIC_TERMS:,}; "
            + ("use a smaller stride, dilation or output_padding, " if grows else "")
            + "use symconv.numeric for numbers, or symconv.conv_matrix with a numeric kernel for the sparse matrix",
            parameter="stride" if grows else "input_shape",
        )
    if x is None:
        x = _symbols(input_name, (layout.in_channels, *layout.in_sizes), 1)
    if w is None:
        w = _symbols(kernel_name, w_shape, 2)
    spatial = tuple(range(2, w.ndim))
    if flip:
        w = np.flip(w, axis=spatial)
    if transposed:
        out = _transposed(x, w, layout)
    else:
        xp = _pad(x, geometry.pads(layout.in_sizes), geometry.padding_mode)
        out = _correlate(xp, w, geometry.groups, geometry.stride, geometry.dilation, layout.out_sizes)
    if bias is not None and bias is not False:
        out = out + _bias(bias, layout.out_channels, bias_name).reshape(-1, *(1,) * geometry.ndim)
    return sympy.ImmutableDenseNDimArray(out.ravel().tolist(), out.shape)


def _transposed(x, w, layout):
    """Transposed convolution by scattering: input ``x[c, i]`` reaches output
    ``i s - p_before + a d`` through tap ``a``; each output sums what reaches it.
    (Zero-stuffing the input and correlating with the flipped kernel gives the
    same sums but multiplies mostly zeros.)"""
    geometry = layout.geometry
    c_in, out_per_group = w.shape[:2]
    in_per_group = c_in // geometry.groups
    out_sizes = layout.out_sizes
    n_spatial = math.prod(out_sizes)
    buckets = [[] for _ in range(layout.out_channels * n_spatial)]
    grid = np.indices(layout.in_sizes)
    channel_of_group = (np.arange(c_in) // in_per_group) * out_per_group
    for tap in np.ndindex(*w.shape[1:]):
        local, kernel_index = tap[0], tap[1:]
        positions = [
            output_position(grid[axis], a, s, d, before)
            for axis, ((before, _), s, d, a) in enumerate(
                zip(geometry.padding, geometry.stride, geometry.dilation, kernel_index)
            )
        ]
        inside = np.logical_and.reduce([(p >= 0) & (p < n) for p, n in zip(positions, out_sizes)])
        if not inside.any():
            continue
        spatial = np.ravel_multi_index(tuple(p[inside] for p in positions), out_sizes)
        targets = ((channel_of_group + local) * n_spatial)[:, None] + spatial[None, :]
        products = w[(slice(None), local, *kernel_index)][:, None] * x[:, inside]
        for target, product in zip(targets.ravel().tolist(), products.ravel().tolist()):
            buckets[target].append(product)
    out = np.empty(len(buckets), dtype=object)
    out[:] = [sympy.Add(*bucket) for bucket in buckets]
    return out.reshape(layout.out_channels, *out_sizes)


def _bias(bias, out_channels, name):
    if bias is True:
        if out_channels == 1:
            values = np.array([sympy.Symbol(name)], dtype=object)
        else:
            values = np.array(_flat(symbol_array(name, (out_channels,))), dtype=object)
        return values
    array, _ = as_operand(bias, "bias")
    if array.shape != (out_channels,):
        raise SymconvError(f"bias: expected {out_channels} values (one per output channel), got shape {array.shape}", parameter="bias")
    return sympy_array(array, "bias")


# ----------------------------------------------------------------------------
# the general indexed form
# ----------------------------------------------------------------------------

_OUTPUT_INDICES = ("i", "j", "m")
_TAP_INDICES = ("a", "b", "c")
_BOUNDS = ("h", "w", "d")


def conv_sum(ndim: int = 2, *, flip: bool = False, stride=1, dilation=1, padding=0, start: int = 1, channels=False):
    """The indexed form of an N-D convolution as a SymPy ``Eq`` with ``Sum``.

    With the defaults it is the notes' form (seed 001 9.2.2, 9.2.3)::

        y_{i,j} = Sum_{a=1}^{h} Sum_{b=1}^{w} W_{a,b} X_{i+a,j+b}

    with symbolic kernel extents ``h``, ``w`` (and ``d`` in 3-D).  In general
    the input index on axis ``t`` is ``s i + d (a - start) + start - p``.

    Parameters
    ----------
    ndim : {1, 2, 3}
    flip : bool, default False
        True convolution: the kernel is read backwards, ``W_{h+1-a, w+1-b}``
        (``W_{h-1-a, ...}`` counting from 0), every index inside the kernel --
        the textbook ``sum_m X(i - m) K(m)`` with the output index shifted to
        the valid part.
    stride, dilation, padding : int or SymPy expression
        The same on every axis; symbols give the general form.
    start : int, default 1
        First kernel index (the notes count from 1, the guide from 0).
    channels : bool, default False
        Add output and input channel indices ``o``, ``q``: ``y_{o,i,j} =
        Sum_q Sum_a Sum_b W_{o,q,a,b} X_{q,...}`` with ``C`` input channels.

    Returns
    -------
    sympy.Eq
        Its ``lhs`` is ``y[i, ...]`` (``sympy.Indexed``), its ``rhs`` the sum;
        :func:`symconv.symbolic.latex` prints it with nested sums.

    Examples
    --------
    >>> conv_sum(1)
    Eq(y[i], Sum(W[a]*X[a + i], (a, 1, h)))
    >>> conv_sum(2, flip=True)    # true convolution: the kernel read from its far corner
    Eq(y[i, j], Sum(W[-a + h + 1, -b + w + 1]*X[a + i, b + j], (b, 1, w), (a, 1, h)))

    See Also
    --------
    conv_expressions : the same sums written out for concrete sizes.
    """
    if isinstance(ndim, bool) or not isinstance(ndim, int) or ndim not in (1, 2, 3):
        raise SymconvError(f"ndim: expected 1, 2 or 3, got {short(ndim)}", parameter="ndim")
    flip, channels = as_bool(flip, "flip"), as_bool(channels, "channels")
    # an int, never anything SymPy would read (a dict or a string as a limit is sympified: code would run)
    if isinstance(start, bool) or not isinstance(start, numbers.Integral):
        raise TypeError(f"start: expected an int (the first kernel index), got {type(start).__name__} {short(start)}")
    start = int(start)
    stride = as_size(stride, "stride")
    dilation = as_size(dilation, "dilation")
    padding = as_size(padding, "padding", minimum=0)
    y, W, X = sympy.IndexedBase("y"), sympy.IndexedBase("W"), sympy.IndexedBase("X")
    outputs = sympy.symbols(_OUTPUT_INDICES[:ndim], integer=True)
    taps = sympy.symbols(_TAP_INDICES[:ndim], integer=True)
    bounds = sympy.symbols(_BOUNDS[:ndim], integer=True, positive=True)
    inputs = [input_position(i, a - start, stride, dilation, padding) + start for i, a in zip(outputs, taps)]
    # flipped: tap a reads the kernel from its far end, start + (k - 1) - (a - start), inside the kernel
    kernel_index = [2 * start + k - 1 - a for a, k in zip(taps, bounds)] if flip else list(taps)
    lead_out, lead_in, limits = [], [], []
    if channels:
        o, q = sympy.symbols("o q", integer=True)
        n_channels = sympy.Symbol("C", integer=True, positive=True)
        lead_out, lead_in = [o], [q]
        limits.append((q, start, start + n_channels - 1))
    limits += [(a, start, start + k - 1) for a, k in zip(taps, bounds)]
    body = W[(*lead_out, *lead_in, *kernel_index)] * X[(*lead_in, *inputs)]
    for limit in reversed(limits):
        body = sympy.Sum(body, limit)
    return sympy.Eq(y[(*lead_out, *outputs)], body)

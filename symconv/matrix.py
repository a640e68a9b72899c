"""The convolution matrix: a convolution written as one matrix product.

A convolution is linear in its input, so for a fixed kernel there is a matrix
``C`` with ``conv(x, w)[0].ravel() == C @ x[0].ravel()``.  Its rows are the
output positions, its columns the input positions, and each row holds the
kernel taps at the columns its window covers: a Toeplitz matrix in 1-D, a
doubly-block Toeplitz matrix in 2-D, and so on.  When the padding copies the
input (``padding_mode`` reflect, replicate or circular) the taps that read it
land on the columns of the cells it copies: folded back onto the border, or
wrapped around into a circulant.  Transposed convolution is the
product with ``C.T``, which is also the gradient of the convolution with respect
to its input.

Shapes follow PyTorch (see ``docs/ARCHITECTURE.md``): ``input_shape`` is ``(C_in, *spatial)``
(no batch axis; the spatial shape alone is accepted too, the channels then
come from the kernel), the kernel ``w`` is ``(C_out, C_in // groups, *kernel)``
and for a transposed convolution ``(C_in, C_out // groups, *kernel)``.  Rows
and columns are channel-major, then row-major over the spatial axes, exactly
as ``ravel`` orders ``(C, *spatial)`` arrays.

SymPy is imported only when a symbolic kernel or ``format="sympy"`` asks for it.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 4.1 (convolution as a matrix operation).
.. [2] Seed notes 001 (9.1, 9.2) and 003 (transposed convolution).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ._errors import SymconvError
from ._layout import relevant_steps, resolve_layer, source_indices, tap_positions
from ._validate import as_operand, refuse_large, sympy_array
from .geometry import Geometry

__all__ = ["conv_matrix", "conv_matrix_blocks", "BlockToeplitz", "MAX_SYMBOLIC_TERMS", "MAX_DENSE_BYTES"]

#: Largest number of symbolic terms (matrix nonzeros or expression terms) built
#: before a request is refused; beyond it the numeric sparse route is the one to use.
MAX_SYMBOLIC_TERMS = 1_000_000

#: Largest dense numeric matrix (in bytes) that ``format="dense"`` will allocate.
MAX_DENSE_BYTES = 1 << 30

_FORMATS = ("csr", "dense", "sympy")


# ----------------------------------------------------------------------------
# operands: shapes, numeric arrays, SymPy arrays
# ----------------------------------------------------------------------------


# ----------------------------------------------------------------------------
# the sparsity pattern (one routine for every route)
# ----------------------------------------------------------------------------


class _Pattern(NamedTuple):
    """The sparsity pattern of one output channel of a forward convolution.

    Every output channel of a group reads the same input columns, so the
    pattern is worked out once, for the first group, over the grid
    ``(*out, C_in // groups, *kernel)``: ``inside`` (shaped ``(prod(out),
    C_in // groups * prod(kernel))``) says which taps land inside the input
    rather than in zero padding, and ``columns`` lists the input column of each
    of those, row by row -- CSR order, with increasing columns in zero
    padding; in the other modes a row may name a column twice (its padding
    folded back onto the input), and the entries add.  Group ``g`` adds
    ``g * group_offset`` to the columns.
    """

    columns: np.ndarray
    inside: np.ndarray
    row_counts: np.ndarray
    group_offset: int
    n_cols: int


def _index_dtype(*bounds):
    return np.int32 if max(bounds) < np.iinfo(np.int32).max else np.int64


def _sources(out, stride, pads, kernel, dilation, size, mode):
    """The input cell each (output, tap) pair of one axis reads, an ``(out, kernel)`` array, -1 for a zero.

    In zero padding a read outside the input is a zero.  In the other modes
    it reads the cell :func:`symconv._layout.source_indices` names, so the
    padding's columns fold back onto the input cells they copy (and two taps
    of a row may land on one column: their weights add).
    """
    before, after = pads
    if mode == "zeros":
        position = tap_positions(out, stride, before, kernel, dilation, size)
        return np.where((position >= 0) & (position < size), position, -1)
    # the positions in the padded axis, all inside it (the pads fit the input, so nothing is large)
    padded = tap_positions(out, stride, 0, kernel, dilation, before + size + after)
    return source_indices(size, before, after, mode)[padded]


def _pattern(geometry: Geometry, pads, in_channels, in_sizes, out_sizes, per_group, dtype) -> _Pattern:
    ndim = geometry.ndim
    kernel = geometry.kernel_size
    grid = (*out_sizes, per_group, *kernel)

    def placed(values, *axes):  # an array whose axes sit at the given positions of the grid
        shape = [1] * len(grid)
        for axis, size in zip(axes, values.shape):
            shape[axis] = size
        return values.reshape(shape)

    in_size = math.prod(in_sizes)
    columns = placed(np.arange(per_group, dtype=dtype) * dtype(in_size), ndim)
    inside = np.ones((1,) * len(grid), bool)
    place_value = 1
    strides, dilations = relevant_steps(out_sizes, kernel, geometry.stride, geometry.dilation)
    for axis in reversed(range(ndim)):
        source = _sources(out_sizes[axis], strides[axis], pads[axis], kernel[axis], dilations[axis], in_sizes[axis],
                          geometry.padding_mode)
        columns = columns + placed((source * place_value).astype(dtype), axis, ndim + 1 + axis)
        inside = inside & placed(source >= 0, axis, ndim + 1 + axis)
        place_value *= in_sizes[axis]
    inside = np.broadcast_to(inside, grid).reshape(math.prod(out_sizes), -1)
    columns = np.broadcast_to(columns, grid).reshape(inside.shape)[inside]
    return _Pattern(columns, inside, inside.sum(axis=1), per_group * in_size, in_channels * in_size)


def _csr_parts(pattern: _Pattern, weights, groups, dtype):
    """``(data, indices, indptr)`` of the CSR matrix; ``weights`` is ``(C_out, C_in//g, *k)``.

    Each array is written once at its final size: the pattern is a template
    of one output channel, so the peak memory stays close to the matrix's.
    """
    out_channels = weights.shape[0]
    rows = pattern.inside.shape[0]
    taps = np.broadcast_to(weights.reshape(out_channels, 1, -1), (out_channels, *pattern.inside.shape))
    if out_channels == 1:
        # a mask of the array's own shape is applied without index arrays (which
        # would be twice the size of the data here)
        data = taps[0][pattern.inside]
    else:
        data = taps[:, pattern.inside].reshape(-1)
    if out_channels == 1:
        indices = pattern.columns
    else:
        group = (np.arange(out_channels, dtype=dtype) // (out_channels // groups)) * dtype(pattern.group_offset)
        indices = np.empty((out_channels, pattern.columns.size), dtype)
        np.add(pattern.columns[None, :], group[:, None], out=indices)
    indptr = np.zeros(out_channels * rows + 1, dtype)
    np.cumsum(np.tile(pattern.row_counts.astype(dtype), out_channels), out=indptr[1:])
    return data, indices.reshape(-1), indptr


# ----------------------------------------------------------------------------
# the public functions
# ----------------------------------------------------------------------------


def _check_format(format) -> str:
    """The format in lower case (``"CSR"`` is ``"csr"``, as padding strings are read)."""
    if not isinstance(format, str) or format.lower() not in _FORMATS:
        raise SymconvError(f'format: expected one of "csr", "dense", "sympy", got {format!r}', parameter="format")
    return format.lower()


def _refuse_large_symbolic(n_terms, n_rows, n_cols, format, input_shape):
    """Refuse, before any work, a symbolic matrix too large to build."""
    dense_entries = n_rows * n_cols if format == "dense" else 0
    if n_terms > MAX_SYMBOLIC_TERMS or dense_entries > MAX_SYMBOLIC_TERMS:
        size = dense_entries if dense_entries > MAX_SYMBOLIC_TERMS else n_terms
        what = "dense entries" if dense_entries > MAX_SYMBOLIC_TERMS else "nonzero entries"
        raise SymconvError(
            f"conv_matrix: a symbolic {n_rows:,} x {n_cols:,} matrix for input_shape {input_shape} would hold "
            f"up to {size:,} {what}, more than the symbolic limit of {MAX_SYMBOLIC_TERMS:,}; "
            "use a numeric kernel (a NumPy array) to get a scipy.sparse CSR matrix instead", parameter="conv_matrix"
        )


def conv_matrix(
    input_shape,
    w,
    *,
    stride=1,
    padding=0,
    dilation=1,
    groups=1,
    transposed=False,
    output_padding=0,
    padding_mode="zeros",
    format="csr",
):
    """The matrix ``C`` of a convolution: ``conv(x, w)[0].ravel() == C @ x[0].ravel()``.

    Parameters
    ----------
    input_shape : tuple of int
        ``(C_in, *spatial)`` of one input (no batch axis); the spatial shape
        alone is accepted too, the channel count then comes from ``w``.
    w : array
        The kernel, ``(C_out, C_in // groups, *kernel)``, or for a transposed
        convolution ``(C_in, C_out // groups, *kernel)`` (PyTorch layouts).  A
        NumPy array (or nested list of numbers) gives a numeric matrix; a SymPy
        array/matrix, or an object array of SymPy expressions, a symbolic one.
    stride, padding, dilation, groups
        As for :func:`symconv.numeric.conv`; read through :class:`symconv.Geometry`.
    transposed : bool, default False
        Return the matrix ``T`` of the transposed convolution, so that
        ``conv_transpose(y, w)[0].ravel() == T @ y[0].ravel()``.  It is
        ``conv_matrix(output_shape, w).T`` for the forward convolution whose
        input has the transposed output's shape.
    output_padding : int or tuple, default 0
        Transposed convolution only: rows added at the end of every axis.  Only
        taps that ``padding`` would otherwise crop reach them; with
        ``output_padding > padding`` the last rows are zero.
    padding_mode : {"zeros", "reflect", "replicate", "circular"}, default "zeros"
        What the padding holds, as ``torch.nn.Conv2d(padding_mode=...)`` and
        :func:`symconv.numeric.conv`.  With ``"zeros"`` a tap that reads the
        padding is left out.  Otherwise the padding cell copies an input cell
        (:func:`symconv._layout.pad_source`), so the tap's weight is added to
        that cell's column: the padding's columns fold back onto the border
        (``reflect``, ``replicate``), or wrap around (``circular``, which with
        stride 1 and pads adding up to ``d(k-1)`` on each axis, as ``"same"``
        gives, makes a 1-D matrix circulant and a 2-D one block circulant with
        circulant blocks).  Two taps of one
        row can land on one column; their weights add.  Forward convolution
        only (a transposed convolution pads with zeros, as in PyTorch).
    format : {"csr", "dense", "sympy"}
        In any case (``"CSR"`` too).  ``"csr"``: a ``scipy.sparse.csr_array`` for a numeric kernel and a
        ``sympy.SparseMatrix`` for a symbolic one; ``"dense"``: a NumPy array or
        a ``sympy.Matrix``; ``"sympy"``: always a ``sympy.SparseMatrix``.

    Returns
    -------
    scipy.sparse.csr_array, numpy.ndarray, sympy.SparseMatrix or sympy.Matrix
        Shape ``(C_out * prod(out), C_in * prod(in))``; rows and columns in
        ``ravel`` order of ``(C, *spatial)``.  A numeric CSR matrix keeps the
        kernel's dtype, stores one entry per tap and position (explicit zeros
        of the kernel included, so the pattern is the connectivity) and is
        built without a Python loop over its entries.  With a ``padding_mode``
        other than zeros a CSR matrix has its duplicate entries summed, so it
        holds one entry per (row, column) the layer reads.

    Raises
    ------
    SymconvError
        Mismatched shapes or channels, any bad geometry (with the geometry's
        message), an unknown ``format`` or ``padding_mode``, pads the mode
        cannot fill (``reflect``: each pad smaller than the input;
        ``circular``: at most the input), a mode other than zeros with
        ``transposed=True``, or a request too large to build: a
        symbolic matrix over :data:`MAX_SYMBOLIC_TERMS` entries, a dense
        numeric one over :data:`MAX_DENSE_BYTES`, or a CSR one larger than
        the physical memory (``symconv._validate.MAX_ARRAY_BYTES``).
    TypeError
        A kernel that is neither numeric nor SymPy, an ``input_shape`` that is
        not a tuple, list or 1-D array of ints, a ``padding_mode`` that is not
        a str, or a symbolic geometry value.

    Examples
    --------
    A 1-D kernel of three taps over five inputs gives a Toeplitz matrix:

    >>> import numpy as np
    >>> conv_matrix((1, 5), np.array([[[1, 2, 3]]]), format="dense")
    array([[1, 2, 3, 0, 0],
           [0, 1, 2, 3, 0],
           [0, 0, 1, 2, 3]])

    With a symbolic kernel the entries are the kernel's symbols:

    >>> import sympy
    >>> a, b = sympy.symbols("a b")
    >>> conv_matrix((3,), sympy.Array([[[a, b]]]), stride=1)
    Matrix([
    [a, b, 0],
    [0, a, b]])

    The transposed convolution's matrix is the transpose:

    >>> conv_matrix((1, 2), sympy.Array([[[a, b]]]), transposed=True).T
    Matrix([
    [a, b, 0],
    [0, a, b]])

    Circular padding wraps the window around the input: three taps over four
    inputs with one cell of padding each side give a circulant, every row the
    one above shifted one column to the right, cyclically:

    >>> conv_matrix((4,), np.array([[[1, 2, 3]]]), padding=1, padding_mode="circular", format="dense")
    array([[2, 3, 0, 1],
           [1, 2, 3, 0],
           [0, 1, 2, 3],
           [3, 0, 1, 2]])

    Reflect padding mirrors the input about its border cell, so the first
    output's padding cell ``-1`` copies input 1, and ``a`` joins ``c`` there:

    >>> c = sympy.Symbol("c")
    >>> conv_matrix((4,), sympy.Array([[[a, b, c]]]), padding=1, padding_mode="reflect")
    Matrix([
    [b, a + c,     0, 0],
    [a,     b,     c, 0],
    [0,     a,     b, c],
    [0,     0, a + c, b]])

    See Also
    --------
    conv_matrix_blocks : the distinct blocks of the doubly-block Toeplitz form.
    symconv.numeric.conv, symconv.numeric.conv_transpose
    scipy.linalg.convolution_matrix : the 1-D true-convolution matrix.

    References
    ----------
    .. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
       learning", arXiv:1603.07285, section 4.1.
    """
    format = _check_format(format)
    values, symbolic = as_operand(w, "w")
    layout = resolve_layer(
        input_shape,
        values.shape,
        who="w",
        stride=stride,
        padding=padding,
        dilation=dilation,
        groups=groups,
        transposed=transposed,
        output_padding=output_padding,
        padding_mode=padding_mode,
    )
    geometry = layout.geometry
    folded = geometry.padding_mode != "zeros"
    if transposed:
        # the pattern of the forward convolution from the transposed output back to its input
        big, small = layout.out_sizes, layout.in_sizes
        big_channels, small_channels = layout.out_channels, layout.in_channels
        pads = geometry.padding
    else:
        big, small = layout.in_sizes, layout.out_sizes
        big_channels, small_channels = layout.in_channels, layout.out_channels
        pads = geometry.pads(big)
    per_group = values.shape[1]
    n_rows, n_cols = small_channels * math.prod(small), big_channels * math.prod(big)
    n_terms = layout.n_terms
    shape_shown = (layout.in_channels, *layout.in_sizes)
    shown_rows, shown_cols = (n_cols, n_rows) if transposed else (n_rows, n_cols)
    if symbolic or format == "sympy":
        _refuse_large_symbolic(n_terms, shown_rows, shown_cols, format, shape_shown)
    elif format == "dense" and n_rows * n_cols * values.dtype.itemsize > MAX_DENSE_BYTES:
        raise SymconvError(
            f"conv_matrix: a dense {shown_rows:,} x {shown_cols:,} matrix for input_shape {shape_shown} would take "
            f"{n_rows * n_cols * values.dtype.itemsize:,} bytes, more than the dense limit of {MAX_DENSE_BYTES:,}; "
            'use format="csr" for a scipy.sparse matrix', parameter="conv_matrix"
        )
    dtype = _index_dtype(n_cols + 1, n_terms + 1)
    if not (symbolic or format == "sympy"):
        refuse_large(
            [("data", (n_terms,)), ("indices", (n_terms,), dtype), ("indptr", (n_rows + 1,), dtype)],
            values.dtype,
            "input_shape, stride, padding, dilation",
        )
    pattern = _pattern(geometry, pads, big_channels, big, small, per_group, dtype)
    data, indices, indptr = _csr_parts(pattern, values, geometry.groups, dtype)
    del pattern
    shape = (n_rows, n_cols)
    if symbolic or format == "sympy":
        return _sympy_matrix(
            data, indices, indptr, shape, transposed=transposed, dense=format == "dense", folded=folded
        )
    import scipy.sparse

    if transposed:
        # CSR of the forward pattern is CSC of its transpose
        matrix = scipy.sparse.csc_array((data, indices, indptr), shape=shape[::-1]).tocsr()
    else:
        matrix = scipy.sparse.csr_array((data, indices, indptr), shape=shape)
        if folded:
            matrix.sum_duplicates()  # the taps a row reads twice (its padding folded back) add
    return matrix.toarray() if format == "dense" else matrix


def _sympy_matrix(data, indices, indptr, shape, *, transposed, dense, folded=False):
    import sympy

    rows = np.repeat(np.arange(shape[0]), np.diff(indptr)).tolist()
    columns = indices.tolist()
    if data.dtype != object:
        data = sympy_array(data, "w").tolist()  # complex256 refused: SymPy cannot read it
    keys = zip(columns, rows) if transposed else zip(rows, columns)
    n_rows, n_cols = shape[::-1] if transposed else shape
    if folded:  # a position read twice (the padding copies it) holds the sum of its taps
        entries = {}
        for key, value in zip(keys, data):
            entries[key] = entries[key] + value if key in entries else value
    else:
        entries = dict(zip(keys, data))
    if dense:
        return sympy.Matrix(sympy.SparseMatrix(n_rows, n_cols, entries))
    return sympy.SparseMatrix(n_rows, n_cols, entries)


class BlockToeplitz(NamedTuple):
    """A convolution matrix cut into blocks along the first spatial axis.

    Attributes
    ----------
    blocks : list
        ``blocks[a]`` is the matrix of the convolution over the remaining
        spatial axes with the kernel slice ``w[:, :, a]`` -- itself Toeplitz
        (1-D) or block Toeplitz (more axes).
    layout : numpy.ndarray of int
        Shape ``(out_0, in_0)``: ``layout[r, c]`` is the kernel index ``a``
        whose block sits at block row ``r`` and block column ``c``, or ``-1``
        for a zero block.  With stride 1 it is constant along diagonals.
    """

    blocks: list
    layout: np.ndarray


def conv_matrix_blocks(
    input_shape, w, *, stride=1, padding=0, dilation=1, padding_mode="zeros", format="csr"
) -> BlockToeplitz:
    """The doubly-block Toeplitz structure of a convolution matrix.

    A 2-D convolution matrix is a grid of blocks: the block at (output row
    ``r``, input row ``c``) is zero unless ``c = r s - p + a d`` for a kernel
    row ``a``, and then it is the 1-D Toeplitz matrix of kernel row ``a``.  So
    the distinct blocks are one per kernel row, and where they sit is a
    Toeplitz pattern too.  In N-D the blocks are the (N-1)-D matrices.  With
    circular padding the rows wrap: ``c`` is taken modulo the input rows, so
    with stride 1 the layout is circulant and so is every block.

    Parameters
    ----------
    input_shape : tuple of int
        ``(1, *spatial)`` or the spatial shape; at least two spatial axes.
    w : array
        Kernel of shape ``(1, 1, *kernel)``: one input and one output channel.
    stride, padding, dilation, format
        As for :func:`conv_matrix`.
    padding_mode : {"zeros", "circular"}, default "zeros"
        As for :func:`conv_matrix`.  ``"reflect"`` and ``"replicate"`` are
        refused: they fold two kernel rows onto one input row (the first
        output row reads input row 1 through both the padding and the input
        in reflect), so a block is a sum of two kernel rows' blocks, which a
        layout of one kernel row per block cannot say; :func:`conv_matrix`
        builds those matrices.

    Returns
    -------
    BlockToeplitz
        ``(blocks, layout)``; ``scipy.sparse.bmat`` (or ``sympy.BlockMatrix``)
        of the blocks placed by ``layout`` is ``conv_matrix(input_shape, w, ...)``.

    Raises
    ------
    SymconvError
        Fewer than two spatial axes, more than one channel, ``"reflect"`` or
        ``"replicate"`` padding, circular padding whose kernel wraps around
        the input rows more than once (two kernel rows on one input row), or
        anything :func:`conv_matrix` refuses.

    Examples
    --------
    >>> import numpy as np
    >>> blocks, layout = conv_matrix_blocks((3, 3), np.arange(1, 5).reshape(1, 1, 2, 2), format="dense")
    >>> layout
    array([[ 0,  1, -1],
           [-1,  0,  1]])
    >>> blocks[0]
    array([[1, 2, 0],
           [0, 1, 2]])

    Circular padding makes the layout and the blocks circulant:

    >>> blocks, layout = conv_matrix_blocks((3, 3), np.arange(1, 10).reshape(1, 1, 3, 3), padding=1,
    ...                                     padding_mode="circular", format="dense")
    >>> layout
    array([[1, 2, 0],
           [0, 1, 2],
           [2, 0, 1]])
    >>> blocks[0]
    array([[2, 3, 1],
           [1, 2, 3],
           [3, 1, 2]])

    See Also
    --------
    conv_matrix
    """
    values, _ = as_operand(w, "w")
    layout = resolve_layer(
        input_shape, values.shape, who="w", stride=stride, padding=padding, dilation=dilation,
        padding_mode=padding_mode,
    )
    geometry = layout.geometry
    mode = geometry.padding_mode
    if mode in ("reflect", "replicate"):
        raise SymconvError(
            f"padding_mode: conv_matrix_blocks takes \"zeros\" or \"circular\"; {mode} padding folds two kernel "
            f"rows onto one input row, so a block is a sum of two and has no one kernel row: use conv_matrix, "
            f"got {mode!r}", parameter="padding_mode"
        )
    if geometry.ndim < 2:
        raise SymconvError(
            f"w: conv_matrix_blocks needs at least two spatial axes (a 1-D matrix is one Toeplitz block), "
            f"got a kernel of shape {values.shape}", parameter="w"
        )
    if layout.in_channels != 1 or layout.out_channels != 1:
        raise SymconvError(
            f"w: conv_matrix_blocks expects one input and one output channel, got a kernel of shape {values.shape} "
            f"for {layout.in_channels} input channel(s)", parameter="w"
        )
    pads = geometry.pads(layout.in_sizes)
    out_rows, in_rows, k = layout.out_sizes[0], layout.in_sizes[0], geometry.kernel_size[0]
    refuse_large([("a block layout", (out_rows, in_rows))], np.intp, "input_shape, stride, padding, dilation")
    (s,), (d,) = relevant_steps((out_rows,), (k,), geometry.stride[:1], geometry.dilation[:1])
    # output row r reads input row r*s - before + a*d (wrapped, when circular) through kernel row a: that block is block a
    source = _sources(out_rows, s, pads[0], k, d, in_rows, mode)
    r, a = np.nonzero(source >= 0)
    block_layout = np.full((out_rows, in_rows), -1, np.intp)
    block_layout[r, source[r, a]] = a
    if np.count_nonzero(block_layout >= 0) < r.size:
        raise SymconvError(
            f"padding: conv_matrix_blocks needs each input row under at most one kernel row; the {k} kernel rows "
            f"(dilation {d}) wrap around the {in_rows} input rows more than once here, got pads {pads[0]}: "
            "use conv_matrix", parameter="padding"
        )
    blocks = [
        conv_matrix(
            (1, *layout.in_sizes[1:]),
            values[:, :, a],
            stride=geometry.stride[1:],
            padding=pads[1:],
            dilation=geometry.dilation[1:],
            padding_mode=mode,
            format=format,
        )
        for a in range(geometry.kernel_size[0])
    ]
    return BlockToeplitz(blocks, block_layout)

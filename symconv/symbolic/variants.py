"""Symbolic forms of the convolution variants and of the properties of convolution.

Every function here takes arrays whose entries are numbers **or** SymPy
expressions (NumPy arrays, object arrays, SymPy arrays) and returns the same
kind, so one definition serves both the symbolic proof and the numeric check
of the identity catalogue (:mod:`symconv.symbolic.catalogue`).  The
layer-level forms (channels, groups, dilation, transposed convolution) are
built on :func:`symconv.symbolic.conv_expressions`; the plain-array definitions
(true convolution, cross-correlation, circular correlation, shifts) are
written straight from their sums so that they are an independent route.

Variants covered (seed 003 sections 5-13, seed 002 6.4-6.5):

* depthwise-separable cost ratio ``1/C_out + 1/k^2`` derived from
  :mod:`symconv.counting` (:func:`separable_cost_ratio`);
* spatial separability: rank test and factorisation ``K = u v^T``
  (:func:`separable_rank`, :func:`separable_factors`) and its cost;
* dilation as a zero-inserted kernel (:func:`zero_insert`,
  :func:`dilated_kernel`);
* transposed convolution by the guide's construction
  (:func:`transposed_construction`) and by its scatter definition
  (:func:`transposed_scatter`);
* deformable convolution's bilinear form (:func:`bilinear_form`,
  :func:`bilinear_sample`, :func:`deform_conv2d_expressions`);
* pooling as expressions with ``Max`` or a mean (:func:`pool_expressions`,
  :func:`global_pool_expressions`);
* properties: :func:`convolve`, :func:`correlate`,
  :func:`circular_correlate`, :func:`shift`, :func:`equivariance_region`.

References
----------
.. [1] Seed notes 003 (sections 5-13) and 002 (6.4, 6.5).
.. [2] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 4 (transposed convolution).
.. [3] A. G. Howard et al., "MobileNets", arXiv:1704.04861, section 3.1.
.. [4] J. Dai et al., "Deformable Convolutional Networks", arXiv:1703.06211.
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

import numpy as np
import sympy

from .. import counting
from .._errors import SymconvError
from .._layout import input_position, output_position
from ..geometry import Geometry
from ..matrix import MAX_DENSE_BYTES, MAX_SYMBOLIC_TERMS
from .._validate import as_bool, as_concrete_shape, as_real, as_size, refuse_count, short, sympy_array, sympy_value
from .expressions import conv_expressions

__all__ = [
    "as_array",
    "zero_insert",
    "dilated_kernel",
    "convolve",
    "correlate",
    "circular_correlate",
    "shift",
    "equivariance_region",
    "separable_rank",
    "separable_factors",
    "separable_cost_ratio",
    "spatial_separable_cost_ratio",
    "TransposedSteps",
    "transposed_construction",
    "transposed_scatter",
    "bilinear_form",
    "bilinear_sample",
    "deform_conv2d_expressions",
    "pool_expressions",
    "global_pool_expressions",
]


# ----------------------------------------------------------------------------
# arrays of numbers or SymPy expressions
# ----------------------------------------------------------------------------


def as_array(value, name: str = "array") -> np.ndarray:
    """A NumPy array of ``value``: numeric dtypes stay numeric, SymPy arrays become object arrays.

    The entries of an object array must be SymPy expressions or numbers: a
    string is refused, never parsed.  ``complex256`` is refused too (SymPy
    cannot read it).

    Examples
    --------
    >>> as_array(sympy.Array([[1, sympy.Symbol("x")]])).dtype
    dtype('O')
    >>> as_array([1.5, 2]).dtype
    dtype('float64')
    >>> as_array(np.array(["__import__('os')"], dtype=object), "x")
    Traceback (most recent call last):
    ...
    TypeError: x: expected numbers or SymPy expressions as entries, got str "__import__('os')" (text is never evaluated)
    """
    if isinstance(value, (sympy.NDimArray, sympy.MatrixBase)):
        shape = tuple(value.shape)
        out = np.empty(math.prod(shape), dtype=object)
        out[:] = [value[index] for index in np.ndindex(*shape)]
        array = out.reshape(shape)
    else:
        try:
            array = np.asarray(value)
        except ValueError as err:
            raise TypeError(f"{name}: expected a NumPy or SymPy array, got a ragged nested sequence") from err
    if array.dtype.kind not in "iufcO" or array.dtype == bool:
        raise TypeError(f"{name}: expected numbers or SymPy expressions, got an array of dtype {array.dtype}")
    if array.dtype.kind == "c" and array.dtype.itemsize > 16:
        sympy_array(array, name)  # refuses complex256 with its message
    if array.dtype == object:
        for entry in array.flat:
            if not isinstance(entry, sympy.Expr):
                sympy_value(entry, name, what="numbers or SymPy expressions as entries")
    return array


def _sympy_entries(array: np.ndarray, name: str) -> np.ndarray:
    """An object array of SymPy expressions: numeric entries converted, object entries kept."""
    return array if array.dtype == object else sympy_array(array, name)


def _refuse_cells(shape, like: np.ndarray, name: str, what: str, advice: str) -> None:
    """Refuse, before allocating it, an array of ``shape`` too large for its kind: more than
    :data:`symconv.matrix.MAX_SYMBOLIC_TERMS` SymPy entries, or more than
    :data:`symconv.matrix.MAX_DENSE_BYTES` of numbers."""
    cells = math.prod(shape)
    if like.dtype == object:
        refuse_count(cells, MAX_SYMBOLIC_TERMS, name, f"SymPy entries ({what})", advice)
    else:
        refuse_count(cells * like.dtype.itemsize, MAX_DENSE_BYTES, name, f"bytes of {like.dtype} ({what})", advice)


def _zero(array):
    return sympy.S.Zero if array.dtype == object else 0


def _same_rank(x, k, x_name: str, k_name: str):
    """Both operands as arrays, refusing a second operand of another rank than the first."""
    a, b = as_array(x, x_name), as_array(k, k_name)
    if a.ndim != b.ndim:
        raise SymconvError(f"{k_name}: expected an array of rank {a.ndim} like {x_name}, got shape {b.shape}", parameter=k_name)
    return a, b


#: The most multiply-adds :func:`convolve`, :func:`correlate` and :func:`circular_correlate` do on
#: numbers (each is a loop of NumPy operations, one per entry of an operand); past it
#: :mod:`symconv.numeric` is the route.  SymPy operands are bounded by
#: :data:`symconv.matrix.MAX_SYMBOLIC_TERMS` products.
MAX_DEFINITION_TERMS = 10**8


def _refuse_work(a, b, name: str) -> None:
    """Refuse, before any work, a sum of ``a.size * b.size`` products past the limit for the operands' kind."""
    symbolic = a.dtype == object or b.dtype == object
    limit = MAX_SYMBOLIC_TERMS if symbolic else MAX_DEFINITION_TERMS
    advice = (
        "use smaller operands, or symconv.numeric.convolve / correlate for numbers"
        if symbolic
        else "use symconv.numeric.convolve / correlate, which take arrays of any size"
    )
    refuse_count(a.size * b.size, limit, name, "products" + (" of SymPy expressions" if symbolic else ""), advice)


def _empty_like(array, shape):
    return np.full(shape, _zero(array), dtype=array.dtype if array.dtype != object else object)


def _result(array, like):
    """SymPy array when the input was one, else the NumPy array."""
    if isinstance(like, (sympy.NDimArray, sympy.MatrixBase)):
        return sympy.ImmutableDenseNDimArray(array.ravel().tolist(), array.shape)
    return array


def _steps(step, ndim, name):
    if isinstance(step, (tuple, list)):
        if len(step) > ndim:
            raise SymconvError(f"{name}: expected at most {ndim} values (one per trailing axis), got {short(tuple(step))}", parameter=name)
        steps = tuple(as_size(s, name) for s in step)
    else:
        steps = (as_size(step, name),) * ndim
    if not all(isinstance(s, int) for s in steps):
        raise TypeError(f"{name}: expected concrete ints (the zeros are written out), got {short(step)}")
    return steps


def _zero_insert(array, steps, name):
    """:func:`zero_insert` of a validated array; ``name`` is the argument the steps came from."""
    lead = array.ndim - len(steps)
    shape = array.shape[:lead] + tuple((n - 1) * s + 1 if n else 0 for n, s in zip(array.shape[lead:], steps))
    _refuse_cells(shape, array, name, "the zero-inserted array", f"use a smaller {name}; symconv.numeric.conv "
                  "takes dilation and stride without writing the zeros out")
    out = _empty_like(array, shape)
    out[(slice(None),) * lead + tuple(slice(None, None, s) for s in steps)] = array
    return out


def zero_insert(a, step):
    """Insert ``step - 1`` zeros between neighbouring entries along the trailing axes.

    An int ``step`` acts on every axis; a tuple on the last ``len(step)``
    axes.  The length ``n`` of an axis becomes ``(n - 1) * step + 1``.  This
    is both the dilated kernel (``step = dilation``) and the zero-stuffed
    input of a transposed convolution (``step = stride``).

    Parameters
    ----------
    a : array_like (numbers or SymPy expressions)
    step : int or tuple of int

    Returns
    -------
    numpy.ndarray or sympy.Array
        The kind of ``a``.

    Raises
    ------
    SymconvError
        A step below 1, more steps than axes, or a result larger than
        :data:`symconv.matrix.MAX_SYMBOLIC_TERMS` SymPy entries or
        :data:`symconv.matrix.MAX_DENSE_BYTES` of numbers (refused before
        anything is allocated).

    Examples
    --------
    >>> zero_insert(np.array([1, 2, 3]), 2)
    array([1, 0, 2, 0, 3])
    >>> zero_insert(sympy.Array([[sympy.Symbol("a"), sympy.Symbol("b")]]), (1, 3))
    [[a, 0, 0, b]]
    """
    array = as_array(a, "a")
    return _result(_zero_insert(array, _steps(step, array.ndim, "step"), "step"), a)


def dilated_kernel(w, dilation):
    """The kernel an ordinary convolution needs to equal a dilated one.

    ``w`` is ``(C_out, C_in // groups, *k)``; zeros go between the taps of the
    spatial axes only, so ``conv(x, w, dilation=d) == conv(x, dilated_kernel(w, d))``.

    Examples
    --------
    >>> dilated_kernel(np.ones((1, 1, 2, 2), int), 2)[0, 0]
    array([[1, 0, 1],
           [0, 0, 0],
           [1, 0, 1]])
    """
    array = as_array(w, "w")
    if array.ndim < 3:
        raise SymconvError(f"w: expected a kernel (C_out, C_in // groups, *kernel), got shape {array.shape}", parameter="w")
    return _result(_zero_insert(array, _steps(dilation, array.ndim - 2, "dilation"), "dilation"), w)


def convolve(f, g, mode: str = "full"):
    """True convolution ``(f * g)[n] = sum_m f[m] g[n - m]``, written from the definition.

    Parameters
    ----------
    f, g : array_like of the same rank (numbers or SymPy expressions)
    mode : {"full", "valid"}
        ``"full"``: every ``n`` with a nonzero term, shape ``f + g - 1``;
        ``"valid"``: the ``n`` where ``g`` lies wholly inside ``f``, shape
        ``f - g + 1`` (needs ``g`` no larger than ``f``).

    Returns
    -------
    numpy.ndarray or sympy.Array

    Raises
    ------
    SymconvError
        Different ranks, an unknown mode, or ``g`` larger than ``f`` in valid mode.

    Examples
    --------
    >>> convolve(np.array([1, 2]), np.array([1, 1, 1]))
    array([1, 3, 3, 2])
    """
    a, b = _same_rank(f, g, "f", "g")
    if not isinstance(mode, str) or mode not in ("full", "valid"):
        raise SymconvError(f'mode: expected "full" or "valid", got {short(mode)}', parameter="mode")
    _refuse_work(a, b, "g")
    kind = a if a.dtype == object else b
    out = _empty_like(kind, tuple(m + n - 1 for m, n in zip(a.shape, b.shape)))
    if a.dtype != object and b.dtype != object:
        out = out.astype(np.result_type(a, b))
    for index in np.ndindex(*a.shape):
        out[tuple(slice(i, i + n) for i, n in zip(index, b.shape))] += a[index] * b
    if mode == "valid":
        if any(n > m for m, n in zip(a.shape, b.shape)):
            raise SymconvError(f"g: valid mode needs g no larger than f on every axis, got {b.shape} and {a.shape}", parameter="g")
        out = out[tuple(slice(n - 1, m) for m, n in zip(a.shape, b.shape))]
    return _result(out, f)


def correlate(x, k):
    """Cross-correlation in valid mode, ``y[i] = sum_a k[a] x[i + a]`` (what CNNs call convolution).

    Parameters
    ----------
    x, k : array_like of the same rank

    Returns
    -------
    numpy.ndarray or sympy.Array
        Shape ``x - k + 1``.

    Raises
    ------
    SymconvError
        Different ranks or ``k`` larger than ``x``.

    Examples
    --------
    >>> correlate(np.arange(9).reshape(3, 3), np.array([[0, 1], [2, 3]]))  # seed 001, 9.2.1
    array([[19, 25],
           [37, 43]])
    """
    a, b = _same_rank(x, k, "x", "k")
    if any(n > m for m, n in zip(a.shape, b.shape)):
        raise SymconvError(f"k: expected a kernel no larger than x on every axis, got {b.shape} and {a.shape}", parameter="k")
    _refuse_work(a, b, "k")
    out_shape = tuple(m - n + 1 for m, n in zip(a.shape, b.shape))
    out = 0
    for tap in np.ndindex(*b.shape):
        out = out + b[tap] * a[tuple(slice(t, t + o) for t, o in zip(tap, out_shape))]
    return _result(np.asarray(out), x)


def circular_correlate(x, k):
    """Cross-correlation with periodic boundaries: ``y[i] = sum_a k[a] x[(i + a) mod n]``.

    Examples
    --------
    >>> circular_correlate(np.array([1, 2, 3, 4]), np.array([1, 10]))
    array([21, 32, 43, 14])
    """
    a, b = _same_rank(x, k, "x", "k")
    _refuse_work(a, b, "k")
    out = 0
    for tap in np.ndindex(*b.shape):
        out = out + b[tap] * np.roll(a, tuple(-t for t in tap), axis=tuple(range(a.ndim)))
    return _result(np.asarray(out), x)


def shift(x, offset, *, circular: bool = False):
    """Translate an array: ``y[i] = x[i - offset]``, with zeros (or wrap-around) where nothing arrives.

    Parameters
    ----------
    x : array_like
    offset : int or tuple of int
        Per axis; negative values shift the other way.
    circular : bool, default False

    Examples
    --------
    >>> shift(np.array([1, 2, 3, 4]), 1)
    array([0, 1, 2, 3])
    >>> shift(np.array([1, 2, 3, 4]), -1, circular=True)
    array([2, 3, 4, 1])
    """
    a = as_array(x, "x")
    offsets = offset if isinstance(offset, (tuple, list)) else (offset,) * a.ndim
    if len(offsets) != a.ndim or not all(isinstance(t, (int, np.integer)) and not isinstance(t, bool) for t in offsets):
        raise SymconvError(f"offset: expected an int or a tuple of {a.ndim} ints, got {short(offset)}", parameter="offset")
    if not isinstance(circular, (bool, np.bool_)):
        raise TypeError(f"circular: expected a bool, got {type(circular).__name__} {short(circular)}")
    # a shift by a whole period (or past the end) changes nothing more; NumPy's roll takes only machine ints
    offsets = [int(t) % n if circular and n else max(-n, min(n, int(t))) for t, n in zip(offsets, a.shape)]
    if circular:
        return _result(np.roll(a, tuple(offsets), axis=tuple(range(a.ndim))), x)
    out = _empty_like(a, a.shape)
    src = tuple(slice(max(0, -t), n - max(0, t)) for t, n in zip(offsets, a.shape))
    dst = tuple(slice(max(0, t), n - max(0, -t)) for t, n in zip(offsets, a.shape))
    out[dst] = a[src]
    return _result(out, x)


def equivariance_region(input_size, kernel_size, offset, padding=0):
    """Outputs where a zero-padded convolution commutes with a zero-filled shift.

    Let ``y = conv(x)`` (stride 1, ``p`` zeros each side, ``p <= k - 1`` as
    for "valid", "same" and "full") and ``x'`` the input shifted by ``t``
    with zeros filling in.  Then ``conv(x')[i] = y[i - t]`` exactly when
    ``y[i - t]`` exists and the window of ``i`` does not reach values the
    shift pushed off the far end: for ``t > 0`` that is
    ``t <= i <= n - k + p`` (every output for ``t = 0``).  Zeros entering at the near end are harmless --
    they look like the zero padding.  A negative ``t`` is the mirror image.
    With circular padding the equality holds everywhere.

    Parameters
    ----------
    input_size, kernel_size : int
    offset : int
    padding : int, default 0

    Returns
    -------
    range
        The output indices of ``conv(x')`` where equality holds.

    Raises
    ------
    SymconvError
        ``padding`` above ``kernel_size - 1``.

    Examples
    --------
    >>> equivariance_region(8, 3, 2)      # valid convolution, outputs 0..5
    range(2, 6)
    >>> equivariance_region(8, 3, -2, padding=1)   # "same" convolution, outputs 0..7
    range(1, 6)
    """
    n = as_size(input_size, "input_size")
    k = as_size(kernel_size, "kernel_size")
    p = as_size(padding, "padding", minimum=0)
    if p > k - 1:
        raise SymconvError(f"padding: expected at most kernel_size - 1 = {k - 1} (valid, same or full), got {p}", parameter="padding")
    (out,) = Geometry(k, padding=p).output_size((n,))
    if isinstance(offset, bool) or not isinstance(offset, (int, np.integer)):
        raise TypeError(f"offset: expected an int, got {type(offset).__name__} {offset!r}")
    t = int(offset)
    if t == 0:
        return range(out)
    first, last = abs(t), n - k + p
    if t < 0:  # mirror: output i of the reversed problem is output out - 1 - i here
        first, last = out - 1 - last, out - 1 - first
    return range(first, last + 1) if last >= first else range(0)


# ----------------------------------------------------------------------------
# separability
# ----------------------------------------------------------------------------


#: The largest kernel (entries) whose rank is found exactly with SymPy expressions in it:
#: ``Matrix.rank(simplify=True)`` grows steeply (a symbolic 5x5 took seconds).
MAX_SYMBOLIC_RANK_ENTRIES = 36

#: The largest side of an integer (or rational) kernel whose rank is found exactly.
MAX_EXACT_RANK_SIDE = 64


def _matrix(kernel, name="kernel"):
    array = as_array(kernel, name)
    if array.ndim != 2 or 0 in array.shape:
        raise SymconvError(f"{name}: expected a non-empty 2-D kernel, got shape {array.shape}", parameter=name)
    if _exact(array):
        if _rational(array):
            if max(array.shape) > MAX_EXACT_RANK_SIDE:
                raise SymconvError(
                    f"{name}: an exact rank is worked out for kernels of at most {MAX_EXACT_RANK_SIDE} rows and "
                    f"columns, got shape {array.shape}; pass a float kernel (kernel.astype(float)) for the "
                    "numerical rank from the SVD", parameter=name
                )
        else:
            refuse_count(array.size, MAX_SYMBOLIC_RANK_ENTRIES, name, "symbolic entries",
                         "the exact rank of a larger symbolic kernel is out of SymPy's reach; substitute numbers")
    return array


def _exact(array) -> bool:
    return array.dtype == object or array.dtype.kind in "iu"


def _rational(array) -> bool:
    """True for integer arrays and object arrays of rational numbers (whose rank needs no simplification)."""
    if array.dtype.kind in "iu":
        return True
    return all(isinstance(v, (numbers.Rational, sympy.Rational)) and not isinstance(v, bool) for v in array.flat)


def _exact_rank(array) -> int:
    matrix = sympy.Matrix(_sympy_entries(array, "kernel").tolist())
    if _rational(array):
        from sympy.polys.matrices import DomainMatrix

        # fraction-free elimination over the rationals: the same rank, without simplify's cost
        return DomainMatrix.from_Matrix(matrix).convert_to(sympy.QQ).rank()
    return matrix.rank(simplify=True)


def separable_rank(kernel, *, tol=None) -> int:
    """The rank of a 2-D kernel: 1 means spatially separable (``K = u v^T``).

    Integer and SymPy kernels get the exact rank (SymPy ``Matrix.rank``);
    floating kernels the numerical rank from the SVD (singular values above
    ``tol``, default ``max(shape) * eps * s_max`` as in NumPy).

    Examples
    --------
    >>> separable_rank(np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]))   # Gaussian-like
    1
    >>> separable_rank(np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]]))   # Laplacian
    2
    """
    array = _matrix(kernel)
    if _exact(array):
        return _exact_rank(array)
    if tol is not None:
        tol = as_real(tol, "tol", allow_zero=True)
    if not np.isfinite(array).all():
        raise SymconvError(f"kernel: expected finite values, got {short(array)}", parameter="kernel")
    return int(np.linalg.matrix_rank(array, tol=tol))


def separable_factors(kernel, *, tol=None):
    """Factor a separable kernel as ``K = u v^T`` (a column pass, then a row pass).

    Exact kernels (ints, SymPy) are factored exactly: ``u`` is the column of
    the first nonzero entry and ``v`` its row divided by that entry.  Floating
    kernels use the leading singular pair, ``u = sqrt(s) U[:, 0]``,
    ``v = sqrt(s) V[0]``.

    Parameters
    ----------
    kernel : array_like, 2-D
    tol : float, optional
        Numerical rank tolerance for floating kernels.

    Returns
    -------
    (u, v)
        Column and row factors (SymPy column matrices for exact input, NumPy
        vectors for floating input).

    A kernel is separable exactly when its rank is at most 1: the zero kernel
    (rank 0) is ``0 0^T`` and gets zero factors.

    Raises
    ------
    SymconvError
        The kernel's rank is 2 or more (its rank is in the message), so no
        factorisation exists.

    Examples
    --------
    >>> u, v = separable_factors(np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]))
    >>> u.T, v.T
    (Matrix([[1, 2, 1]]), Matrix([[1, 2, 1]]))
    >>> separable_factors(np.zeros((2, 3), dtype=int))
    (Matrix([
    [0],
    [0]]), Matrix([
    [0],
    [0],
    [0]]))
    >>> separable_factors(np.array([[1, 0], [0, 1]]))
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: kernel: expected a kernel of rank at most 1 (separable), got rank 2; it is not u v^T ...
    """
    array = _matrix(kernel)
    rank = separable_rank(array, tol=tol)
    if rank > 1:
        raise SymconvError(
            f"kernel: expected a kernel of rank at most 1 (separable), got rank {rank}; it is not u v^T for any "
            f"u, v (a rank-{rank} kernel is a sum of {rank} separable kernels, e.g. from its SVD)",
            parameter="kernel",
        )
    if rank == 0:
        rows, cols = array.shape
        if _exact(array):
            return sympy.zeros(rows, 1), sympy.zeros(cols, 1)
        return np.zeros(rows, dtype=array.dtype), np.zeros(cols, dtype=array.dtype)
    if _exact(array):
        matrix = sympy.Matrix(_sympy_entries(array, "kernel").tolist())
        row, col = next((r, c) for r in range(matrix.rows) for c in range(matrix.cols) if not matrix[r, c].is_zero)
        u = matrix[:, col]
        v = (matrix[row, :] / matrix[row, col]).T
        return u, sympy.simplify(v)
    left, singular, right = np.linalg.svd(array)
    scale = math.sqrt(singular[0])
    return left[:, 0] * scale, right[0] * scale


_C_IN, _C_OUT, _K, _H, _W = sympy.symbols("C_in C_out k H W", positive=True, integer=True)


def separable_cost_ratio():
    """MACs of depthwise-separable over full convolution, derived from :mod:`symconv.counting`.

    Counts both layers with symbolic sizes (same padding, ``k x k``
    kernels) and simplifies the quotient.

    Returns
    -------
    sympy.Expr
        ``1/C_out + 1/k**2``.

    Examples
    --------
    >>> separable_cost_ratio()
    k**(-2) + 1/C_out
    """
    _, _, separable = counting.depthwise_separable((_C_IN, _H, _W), _C_OUT, _K, padding="same", bias=False)
    full = counting.conv((_C_IN, _H, _W), _C_OUT, _K, padding="same", bias=False)
    return sympy.expand(sympy.simplify(separable.macs / full.macs))


def spatial_separable_cost_ratio():
    """MACs of a ``k_h x 1`` then ``1 x k_w`` pass over one ``k_h x k_w`` pass, for a large input.

    Counted exactly with :func:`symconv.counting.spatially_separable` (one
    channel, valid padding), then the limit of a wide input is taken.

    Returns
    -------
    sympy.Expr
        ``1/k_h + 1/k_w``.

    Examples
    --------
    >>> spatial_separable_cost_ratio()
    1/k_w + 1/k_h
    """
    kh, kw = sympy.symbols("k_h k_w", positive=True, integer=True)
    height = sympy.Symbol("H", positive=True, integer=True)
    width = sympy.Symbol("W", positive=True, integer=True)
    _, _, separable = counting.spatially_separable((1, height + kh, width + kw), 1, (kh, kw), bias=False)
    full = counting.conv((1, height + kh, width + kw), 1, (kh, kw), bias=False)
    ratio = sympy.simplify(separable.macs / full.macs)
    return sympy.expand(sympy.limit(ratio, width, sympy.oo))


# ----------------------------------------------------------------------------
# transposed convolution
# ----------------------------------------------------------------------------


class TransposedSteps(NamedTuple):
    """The guide's construction of a transposed convolution, step by step."""

    stuffed: object  #: input with ``s - 1`` zeros between entries, ``(C_in, *)``
    padded: object  #: stuffed input padded by ``d(k-1) - p`` (+ output_padding at the end); cropped where negative
    kernel: object  #: flipped kernel with its channel axes swapped, ``(C_out, C_in // groups, *k)``
    output: object  #: ``(C_out, *out)``


def _forward_kernel(w, groups):
    """``(C_in, C_out/g, *k)`` -> flipped ``(C_out, C_in/g, *k)``: the direct convolution's kernel."""
    c_in, out_per_group = w.shape[:2]
    in_per_group = c_in // groups
    swapped = (
        w.reshape(groups, in_per_group, out_per_group, *w.shape[2:])
        .swapaxes(1, 2)
        .reshape(groups * out_per_group, in_per_group, *w.shape[2:])
    )
    # flipping turns "input i feeds output i*s + a" (a scatter) into a gather over the window
    return np.flip(swapped, axis=tuple(range(2, w.ndim)))


def _transposed_geometry(x, w, stride, padding, output_padding, dilation, groups):
    if x.ndim != w.ndim - 1:
        raise SymconvError(f"x: expected (C_in, *spatial) with {w.ndim - 2} spatial axes, got shape {x.shape}", parameter="x")
    if w.ndim < 3 or 0 in w.shape or 0 in x.shape:
        raise SymconvError(f"w: expected a non-empty kernel (C_in, C_out // groups, *k), got shape {w.shape}", parameter="w")
    geometry = Geometry(w.shape[2:], stride, padding, dilation, groups, output_padding, transposed=True)
    geometry.require_concrete("the written-out transposed convolution")
    if w.shape[0] != x.shape[0]:
        raise SymconvError(f"w: expected {x.shape[0]} input channels in w.shape[0] (C_in, C_out // groups, *k), got {w.shape[0]}", parameter="w")
    geometry.check_channels(x.shape[0], w.shape[1] * geometry.groups)
    out_sizes = geometry.output_size(x.shape[1:])
    like = x if x.dtype == object else w
    advice = "use a smaller stride, dilation or input, or symconv.numeric.conv_transpose for numbers"
    _refuse_cells((w.shape[1] * geometry.groups, *out_sizes), like, "stride", "the output", advice)
    if like.dtype == object:
        # every input entry meets every tap once
        refuse_count(x.size * math.prod(w.shape[1:]), MAX_SYMBOLIC_TERMS, "x", "products of SymPy expressions", advice)
    return geometry


def transposed_construction(x, w, *, stride=1, padding=0, output_padding=0, dilation=1, groups=1) -> TransposedSteps:
    """Transposed convolution as an ordinary one: the guide's construction.

    Insert ``s - 1`` zeros between the inputs, pad each side by
    ``d(k - 1) - p`` (``output_padding`` more at the end; a negative pad
    crops), and cross-correlate with the kernel flipped along every spatial
    axis and its two channel axes swapped (within each group), stride 1.

    Parameters
    ----------
    x : array_like, shape (C_in, *spatial)
        Numbers or SymPy expressions.
    w : array_like, shape (C_in, C_out // groups, *k)
    stride, padding, output_padding, dilation, groups
        As for :func:`symconv.numeric.conv_transpose`; ``padding`` as ints or
        ``(before, after)`` pairs.

    Returns
    -------
    TransposedSteps
        NumPy arrays (numeric input, computed with :func:`symconv.numeric.conv`)
        or object arrays of SymPy expressions (computed with
        :func:`symconv.symbolic.conv_expressions`).

    Raises
    ------
    SymconvError
        Mismatched channels or a bad geometry.

    Examples
    --------
    >>> steps = transposed_construction(np.array([[1.0, 2.0]]), np.array([[[1.0, 10.0, 100.0]]]), stride=2)
    >>> steps.stuffed, steps.padded
    (array([[1., 0., 2.]]), array([[0., 0., 1., 0., 2., 0., 0.]]))
    >>> steps.output
    array([[  1.,  10., 102.,  20., 200.]])
    """
    xa, wa = as_array(x, "x"), as_array(w, "w")
    geometry = _transposed_geometry(xa, wa, stride, padding, output_padding, dilation, groups)
    stuffed = _zero_insert(xa, geometry.stride, "stride")
    pairs = [
        (d * (k - 1) - before, d * (k - 1) - after + op)
        for (before, after), k, d, op in zip(
            geometry.padding, geometry.kernel_size, geometry.dilation, geometry.output_padding
        )
    ]
    crop = tuple(slice(max(-b, 0), n - max(-a, 0)) for (b, a), n in zip(pairs, stuffed.shape[1:]))
    cropped = stuffed[(slice(None), *crop)]
    padded = _empty_like(cropped, (cropped.shape[0], *(n + max(b, 0) + max(a, 0) for n, (b, a) in zip(cropped.shape[1:], pairs))))
    padded[(slice(None), *(slice(max(b, 0), max(b, 0) + n) for n, (b, _) in zip(cropped.shape[1:], pairs)))] = cropped
    kernel = _forward_kernel(wa, geometry.groups)
    if padded.dtype == object or kernel.dtype == object:
        output = as_array(conv_expressions(padded, kernel, dilation=geometry.dilation, groups=geometry.groups))
    else:
        from ..numeric import conv

        output = conv(padded[None], np.ascontiguousarray(kernel), dilation=geometry.dilation, groups=geometry.groups)[0]
    return TransposedSteps(stuffed, padded, kernel, output)


def transposed_scatter(x, w, *, stride=1, padding=0, output_padding=0, dilation=1, groups=1):
    """Transposed convolution by its definition: every input scatters the kernel into the output.

    ``y[o, i*s + a*d - p] += w[c, o, a] x[c, i]`` (channels within the group
    of ``c``), keeping the outputs between ``0`` and the geometry's output
    size.  This is the adjoint of the forward convolution, ``C^T x``.

    Parameters
    ----------
    x : array_like, shape (C_in, *spatial)
    w : array_like, shape (C_in, C_out // groups, *k)
    stride, padding, output_padding, dilation, groups
        As for :func:`symconv.numeric.conv_transpose`.

    Returns
    -------
    numpy.ndarray
        ``(C_out, *out)``; object dtype for SymPy entries.

    Examples
    --------
    >>> transposed_scatter(np.array([[1.0, 2.0]]), np.array([[[1.0, 10.0, 100.0]]]), stride=2)
    array([[  1.,  10., 102.,  20., 200.]])
    """
    xa, wa = as_array(x, "x"), as_array(w, "w")
    geometry = _transposed_geometry(xa, wa, stride, padding, output_padding, dilation, groups)
    # one Python step per (input, tap): the definition, not a fast route
    refuse_count(xa.size * math.prod(wa.shape[2:]), MAX_SYMBOLIC_TERMS, "x", "scatter steps (inputs times taps)",
                 "use a smaller input or kernel, or symconv.numeric.conv_transpose for numbers")
    out_sizes = geometry.output_size(xa.shape[1:])
    c_in, out_per_group = wa.shape[:2]
    in_per_group = c_in // geometry.groups
    kind = xa if xa.dtype == object else wa
    out = _empty_like(kind, (out_per_group * geometry.groups, *out_sizes))
    if out.dtype != object:
        out = out.astype(np.result_type(xa, wa, float))
    for c in range(c_in):
        group = c // in_per_group
        for i in np.ndindex(*xa.shape[1:]):
            for a in np.ndindex(*wa.shape[2:]):
                position = tuple(
                    output_position(ii, aa, s, d, before)
                    for ii, aa, s, d, (before, _) in zip(i, a, geometry.stride, geometry.dilation, geometry.padding)
                )
                if all(0 <= q < n for q, n in zip(position, out_sizes)):
                    rows = slice(group * out_per_group, (group + 1) * out_per_group)
                    out[(rows, *position)] += wa[(c, slice(None), *a)] * xa[(c, *i)]
    return out


# ----------------------------------------------------------------------------
# deformable convolution: the bilinear form
# ----------------------------------------------------------------------------


def _scalar(value, name):
    """A number or a SymPy expression, left as it is; a string (or any other kind) is a TypeError."""
    if not isinstance(value, sympy.Expr):
        sympy_value(value, name)
    return value


def _position(value, name):
    """A concrete, finite real position (int, float, NumPy number or SymPy number)."""
    if isinstance(value, sympy.Expr):
        if value.is_number and (value.has(sympy.nan, sympy.zoo) or value.is_finite is False):
            raise SymconvError(f"{name}: expected a finite position, got {short(value)}", parameter=name)
        if not value.is_number or value.is_real is not True:
            raise TypeError(f"{name}: expected a concrete real position (its integer part picks the corners), got {short(value)}")
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a real number, got {type(value).__name__} {short(value)}")
    if isinstance(value, numbers.Integral):
        return value
    if not math.isfinite(value):
        raise SymconvError(f"{name}: expected a finite position, got {value}", parameter=name)
    return value


def bilinear_form(u, v, corners):
    """Bilinear interpolation between four corner values.

    ``(1-u)(1-v) c00 + (1-u) v c01 + u (1-v) c10 + u v c11`` where ``u`` is
    the fractional row and ``v`` the fractional column position.

    Parameters
    ----------
    u, v : number or SymPy expression
    corners : 2x2 array_like
        ``[[c00, c01], [c10, c11]]``.

    Examples
    --------
    >>> u, v = sympy.symbols("u v")
    >>> bilinear_form(u, v, [[1, 2], [3, 4]]).expand()
    2*u + v + 1
    """
    _scalar(u, "u")
    _scalar(v, "v")
    c = as_array(corners, "corners")
    if c.shape != (2, 2):
        raise SymconvError(f"corners: expected a 2x2 array [[c00, c01], [c10, c11]], got shape {c.shape}", parameter="corners")
    return (1 - u) * (1 - v) * c[0, 0] + (1 - u) * v * c[0, 1] + u * (1 - v) * c[1, 0] + u * v * c[1, 1]


def bilinear_sample(image, row, col):
    """Sample a 2-D image at a real position with torchvision's rule.

    The four corners around ``(row, col)`` are weighted by
    :func:`bilinear_form`; a corner outside the image counts as 0, so a
    position with ``row <= -1``, ``row >= H``, ``col <= -1`` or ``col >= W``
    gives 0.

    Parameters
    ----------
    image : 2-D array_like (numbers or SymPy expressions)
    row, col : int, float or SymPy Rational
        Concrete positions (the integer part selects the corners).

    Returns
    -------
    number or SymPy expression

    Raises
    ------
    SymconvError
        A 2-D image is not given, or a position is NaN or infinite.
    TypeError
        A position that is not a concrete real number (a string, a symbol).

    Examples
    --------
    >>> X = np.array(sympy.symbols("a b c d")).reshape(2, 2)
    >>> bilinear_sample(X, sympy.Rational(1, 2), sympy.Rational(1, 4))
    3*a/8 + b/8 + 3*c/8 + d/8
    >>> bilinear_sample(X, -1, 0)
    0
    """
    img = as_array(image, "image")
    if img.ndim != 2:
        raise SymconvError(f"image: expected a 2-D array, got shape {img.shape}", parameter="image")
    row, col = _position(row, "row"), _position(col, "col")
    height, width = img.shape
    r0, c0 = math.floor(row), math.floor(col)
    u, v = row - r0, col - c0
    zero = _zero(img)
    corners = [
        [img[r, c] if 0 <= r < height and 0 <= c < width else zero for c in (c0, c0 + 1)] for r in (r0, r0 + 1)
    ]
    grid = np.empty((2, 2), dtype=object)
    grid[:] = corners
    return bilinear_form(u, v, grid)


def deform_conv2d_expressions(x, offset, w, *, stride=1, padding=0, dilation=1, mask=None):
    """Deformable convolution written out: each output is a sum of bilinear samples.

    ``y[o, i, j] = sum_{c, a, b} W[o, c, a, b] * m[a, b, i, j] *
    bilinear(X[c], i s - p + a d + Δrow, j s - p + b d + Δcol)``, one offset
    group, one weight group; the offsets must be concrete numbers (the
    integer part of a position picks the corners), the input and weight may
    be symbolic.

    Parameters
    ----------
    x : array_like, shape (C_in, H, W)
    offset : array_like, shape (2 * k_h * k_w, H_out, W_out)
        Interleaved ``(Δrow, Δcol)`` per tap, as :func:`symconv.numeric.deform_conv2d`.
    w : array_like, shape (C_out, C_in, k_h, k_w)
    stride, padding, dilation
        As for :func:`symconv.numeric.deform_conv2d`.
    mask : array_like, shape (k_h * k_w, H_out, W_out), optional

    Returns
    -------
    numpy.ndarray of SymPy expressions, shape (C_out, H_out, W_out)

    Raises
    ------
    SymconvError
        Shapes that do not fit together, a NaN or infinite offset, or more
        than :data:`symconv.matrix.MAX_SYMBOLIC_TERMS` terms (refused before
        any work).
    TypeError
        A symbolic offset or geometry value, or a string anywhere.

    Examples
    --------
    >>> X = np.array(sympy.symbols("x0:4")).reshape(1, 2, 2)
    >>> off = np.zeros((2, 2, 2)); off[1] = 0.5
    >>> deform_conv2d_expressions(X, off, np.ones((1, 1, 1, 1)))[0, 0]
    array([0.5*x0 + 0.5*x1, 0.5*x1], dtype=object)
    """
    xa, wa, off = as_array(x, "x"), as_array(w, "w"), as_array(offset, "offset")
    if xa.ndim != 3 or wa.ndim != 4 or wa.shape[1] != xa.shape[0]:
        raise SymconvError(
            f"x, w: expected x (C_in, H, W) and w (C_out, C_in, k_h, k_w), got shapes {xa.shape} and {wa.shape}",
            parameter="x",
        )
    if 0 in xa.shape or 0 in wa.shape:
        raise SymconvError(f"x, w: expected non-empty arrays, got shapes {xa.shape} and {wa.shape}", parameter="x")
    kh, kw = wa.shape[2:]
    geometry = Geometry((kh, kw), stride, padding, dilation, ndim=2).require_concrete("the written-out deformable convolution")
    h_out, w_out = geometry.output_size(xa.shape[1:])
    if off.shape != (2 * kh * kw, h_out, w_out):
        raise SymconvError(f"offset: expected shape {(2 * kh * kw, h_out, w_out)}, got {off.shape}", parameter="offset")
    if mask is not None:
        mask = as_array(mask, "mask")
        if mask.shape != (kh * kw, h_out, w_out):
            raise SymconvError(f"mask: expected shape {(kh * kw, h_out, w_out)}, got {mask.shape}", parameter="mask")
    for value in off.flat:  # concrete and finite: a position's integer part picks the corners
        _position(value, "offset")
    # four corners per sample, one sample per (output channel, output, input channel, tap)
    refuse_count(4 * wa.size * h_out * w_out, MAX_SYMBOLIC_TERMS, "x", "bilinear terms",
                 "use a smaller input or kernel, or symconv.numeric.deform_conv2d for numbers")
    (top, _), (left, _) = geometry.pads(xa.shape[1:])
    (sh, sw), (dh, dw) = geometry.stride, geometry.dilation
    out = np.empty((wa.shape[0], h_out, w_out), dtype=object)
    for i, j in np.ndindex(h_out, w_out):
        samples = np.empty((xa.shape[0], kh, kw), dtype=object)
        for a, b in np.ndindex(kh, kw):
            t = a * kw + b
            row = i * sh - top + a * dh + sympy.nsimplify(off[2 * t, i, j])
            col = j * sw - left + b * dw + sympy.nsimplify(off[2 * t + 1, i, j])
            scale = 1 if mask is None else mask[t, i, j]
            for c in range(xa.shape[0]):
                samples[c, a, b] = scale * bilinear_sample(xa[c], row, col)
        for o in range(wa.shape[0]):
            out[o, i, j] = sympy.expand(sum((wa[o] * samples).ravel().tolist(), sympy.S.Zero))
    return out


# ----------------------------------------------------------------------------
# pooling
# ----------------------------------------------------------------------------


def _is_shape(x) -> bool:
    """A tuple, or a flat list (values of pooling are at least 2-D, so a flat list can only be a shape)."""
    nested = isinstance(x, list) and any(isinstance(v, (list, tuple, np.ndarray)) for v in x)
    return isinstance(x, tuple) or (isinstance(x, list) and not nested)


def pool_expressions(
    x, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False, mode="max", count_include_pad=True
):
    """Max or average pooling written out: ``Max`` of each window, or its mean.

    Windows come from :class:`symconv.Geometry`, as in
    :func:`symconv.numeric.max_pool` / :func:`~symconv.numeric.avg_pool`:
    padding never wins a maximum (PyTorch pads with ``-inf``); for the
    average, padded cells count in the divisor when ``count_include_pad``
    (PyTorch's rule: cells beyond the padding, reached in ``ceil_mode``, never
    count).

    Parameters
    ----------
    x : array_like, tuple or list
        ``(C, *spatial)`` values (numbers or SymPy, nested), or a shape (a
        tuple, or a flat list, as :func:`conv_expressions` reads them), for
        which symbols ``X_{c,i,j}`` are made.
    kernel_size, stride, padding, dilation, ceil_mode
        As for pooling; ``stride`` defaults to ``kernel_size``.
    mode : {"max", "avg"}
    count_include_pad : bool, default True

    Returns
    -------
    sympy.Array, shape (C, *out)

    Raises
    ------
    SymconvError
        An unknown mode or a bad geometry.

    Examples
    --------
    >>> pool_expressions((1, 2, 4), 2)
    [[[Max(X_{0,0,0}, X_{0,0,1}, X_{0,1,0}, X_{0,1,1}), Max(X_{0,0,2}, X_{0,0,3}, X_{0,1,2}, X_{0,1,3})]]]
    >>> pool_expressions(np.array([[1, 2, 3, 5]]), 2, mode="avg")
    [[3/2, 4]]
    """
    if not isinstance(mode, str) or mode not in ("max", "avg"):
        raise SymconvError(f'mode: expected "max" or "avg", got {short(mode)}', parameter="mode")
    count_include_pad = as_bool(count_include_pad, "count_include_pad")
    if _is_shape(x):
        from .expressions import symbol_array

        refuse_count(math.prod(as_concrete_shape(x, "x")), MAX_SYMBOLIC_TERMS, "x", "symbols",
                     "use a smaller shape, or symconv.numeric for numbers")
        array = as_array(symbol_array("X", x))
    else:
        array = as_array(x, "x")
    if array.ndim < 2 or 0 in array.shape:
        raise SymconvError(f"x: expected a non-empty array (C, *spatial) with a spatial axis, got shape {array.shape}", parameter="x")
    sizes = array.shape[1:]
    geometry = Geometry(
        kernel_size, kernel_size if stride is None else stride, padding, dilation, ceil_mode=ceil_mode,
        ndim=len(sizes),
    ).require_concrete("the written-out pooling")
    out_sizes = geometry.output_size(sizes)
    refuse_count(array.shape[0] * math.prod(out_sizes) * math.prod(geometry.kernel_size), MAX_SYMBOLIC_TERMS,
                 "kernel_size", "window cells", "use a smaller input or kernel, or symconv.numeric for numbers")
    array = _sympy_entries(array, "x")
    pads = geometry.pads(sizes)
    out = np.empty((array.shape[0], *out_sizes), dtype=object)
    for index in np.ndindex(*out_sizes):
        cells = [
            tuple(input_position(o, a, s, d, before)
                  for o, a, s, d, (before, _) in zip(index, tap, geometry.stride, geometry.dilation, pads))
            for tap in np.ndindex(*geometry.kernel_size)
        ]
        inside = [cell for cell in cells if all(0 <= q < n for q, n in zip(cell, sizes))]
        for c in range(array.shape[0]):
            values = [array[(c, *cell)] for cell in inside]
            if mode == "max":
                out[(c, *index)] = sympy.Max(*values)
            else:
                if count_include_pad:
                    divisor = sum(
                        all(-before <= q < n + after for q, n, (before, after) in zip(cell, sizes, pads))
                        for cell in cells
                    )
                else:
                    divisor = len(inside)
                out[(c, *index)] = sympy.Add(*values) / divisor
    return sympy.ImmutableDenseNDimArray(out.ravel().tolist(), out.shape)


def global_pool_expressions(x, mode="avg"):
    """Global pooling: one value per channel, the mean (or ``Max``) of the whole map.

    Examples
    --------
    >>> global_pool_expressions((2, 1, 2))
    [X_{0,0,0}/2 + X_{0,0,1}/2, X_{1,0,0}/2 + X_{1,0,1}/2]
    """
    sizes = x[1:] if _is_shape(x) else as_array(x, "x").shape[1:]
    pooled = pool_expressions(x, tuple(sizes), mode=mode)
    return pooled.reshape(pooled.shape[0])

"""Plain N-D correlation and convolution of two arrays, exactly as ``scipy.signal`` defines them.

:func:`convolve` flips the kernel (the convolution of signal processing);
:func:`correlate` does not, and -- as in SciPy -- conjugates a complex kernel.
Deep-learning "convolution" (:func:`symconv.numeric.conv`) is the correlation.
Both run on the same blocked im2col-and-matmul worker as the batched
operations, with a batch of one image and one channel.

The three modes match ``scipy.signal.correlate``/``convolve``: ``"full"``
(every overlap, size ``n + k - 1``), ``"valid"`` (full overlaps only, size
``|n - k| + 1``; either input may be the larger, but one must be at least as
large as the other on every axis) and ``"same"`` (the size of ``a``, centred
on the full result as SciPy centres it: for an even kernel the window reaches
``k // 2`` cells before its output cell and ``(k - 1) // 2`` after).

Work is bounded by what is asked: up to :data:`MAX_DIRECT_WORK` multiply-adds
(about a second) the sums are computed directly, exactly for integers.
Beyond it, as SciPy's ``method="auto"`` does, floating and complex arrays go
through the FFT (``scipy.signal.fftconvolve``, ``O(N log N)``): each output
then carries a rounding error of order ``eps * log2(N) * ||a|| * ||k||``
(Euclidean norms, ``eps`` of the result dtype), relative to the largest
outputs rather than to each one, so outputs far smaller than the largest may
lose their digits.  Integer arrays past the bound are refused with a
:class:`~symconv.SymconvError` (an FFT would not be exact): convert them to
floats to take the FFT route.

References
----------
.. [1] SciPy ``scipy.signal.correlate`` and ``scipy.signal.convolve``.
.. [2] A. Zhang et al., *Dive into Deep Learning*, "Convolutions for Images"
   (``corr2d`` and the edge-detection example the seed notes work through).
"""

from __future__ import annotations

import math

import numpy as np

from .._errors import SymconvError
from .._output.numbers import int_text
from ._windows import as_numeric_array, compute_dtype, correlate_gemm, refuse_large

__all__ = ["correlate", "convolve", "MAX_DIRECT_WORK"]

_MODES = ("valid", "same", "full")

#: The most multiply-adds computed directly (about half a second on one core); past it floating and complex arrays go
#: through the FFT and integer arrays are refused.
MAX_DIRECT_WORK = 2 * 10**8


def _check(a, k, mode):
    """Validate the operands; return them and the mode in lower case (``"VALID"`` is ``"valid"``, as for padding)."""
    if not isinstance(mode, str):
        raise TypeError(f"mode: expected one of {_MODES}, got {type(mode).__name__} {mode!r}")
    if mode.lower() not in _MODES:
        raise SymconvError(f"mode: expected one of {_MODES}, got {mode!r}", parameter="mode")
    a = as_numeric_array(a, "a")
    k = as_numeric_array(k, "k")
    if a.ndim != k.ndim:
        raise SymconvError(f"k: expected {a.ndim} dimensions like a (shape {a.shape}), got shape {k.shape}", parameter="k")
    for name, array in (("a", a), ("k", k)):
        if array.size == 0:
            raise SymconvError(f"{name}: expected a non-empty array, got shape {array.shape}", parameter=name)
    return a, k, mode.lower()


def _convolve(a, k, mode, dtype):
    """True convolution of validated arrays of one rank >= 1, computed in ``compute_dtype(dtype)``."""
    if mode == "valid":
        if all(n >= m for n, m in zip(a.shape, k.shape)):
            signal, kernel = a, k
        elif all(m >= n for n, m in zip(a.shape, k.shape)):
            signal, kernel = k, a  # convolution commutes; SciPy swaps the same way
        else:
            raise SymconvError(
                "mode: 'valid' needs one input at least as large as the other along every axis, "
                f"got shapes {a.shape} and {k.shape}", parameter="mode"
            )
        before = (0,) * a.ndim
        out_size = tuple(n - m + 1 for n, m in zip(signal.shape, kernel.shape))
    else:
        signal, kernel = a, k
        if mode == "full":
            before = tuple(m - 1 for m in k.shape)
            out_size = tuple(n + m - 1 for n, m in zip(a.shape, k.shape))
        else:  # "same": SciPy keeps the centre of the full result, starting at (k - 1) // 2
            before = tuple(m // 2 for m in k.shape)
            out_size = a.shape
    products = math.prod(out_size) * kernel.size
    if products > MAX_DIRECT_WORK:
        return _convolve_fft(signal, kernel, before, out_size, dtype, products)
    # convolution is correlation with the reversed kernel
    flipped = kernel[(slice(None, None, -1),) * kernel.ndim]
    ones = (1,) * a.ndim
    work = compute_dtype(dtype)
    out = correlate_gemm(signal[None, None], flipped[None, None], before, out_size, ones, ones, 1, work)[0, 0]
    return out if out.dtype == dtype else out.astype(dtype)


def _convolve_fft(signal, kernel, before, out_size, dtype, products):
    """The same outputs through the FFT: the full convolution, then the cells the mode keeps.

    Output ``o`` of the direct route (``before`` cells of padding) is cell
    ``o + k - 1 - before`` of the full convolution, per axis.
    """
    if dtype.kind not in "fc":
        raise SymconvError(
            f"a: the direct sum over arrays of shapes {signal.shape} and {kernel.shape} needs "
            f"{int_text(products, grouped=True)} multiply-adds, more than the {MAX_DIRECT_WORK:,} computed directly; "
            f"an FFT is not exact for integers ({dtype}), so convert them to floats (a.astype(float)) for the FFT "
            "route, or use smaller arrays",
            parameter="a",
        )
    import scipy.fft
    import scipy.signal

    full = tuple(n + m - 1 for n, m in zip(signal.shape, kernel.shape))
    fast = tuple(scipy.fft.next_fast_len(n, real=dtype.kind == "f") for n in full)
    work = np.dtype(np.float32) if dtype == np.float16 else dtype
    # the two transforms, their product and the full result, in complex numbers of the working precision
    spectrum = np.result_type(work, np.complex64)
    refuse_large([("the transforms", (3, *fast), spectrum), ("the full result", full)], work, "a, k")
    whole = scipy.signal.fftconvolve(signal.astype(work, copy=False), kernel.astype(work, copy=False), mode="full")
    keep = tuple(slice(m - 1 - b, m - 1 - b + o) for m, b, o in zip(kernel.shape, before, out_size))
    return np.ascontiguousarray(whole[keep]).astype(dtype, copy=False)


def correlate(a, k, mode="valid"):
    """Cross-correlation of two N-D arrays, as ``scipy.signal.correlate``.

    ``z[n] = sum_m a[n + m] * conj(k[m])`` (the kernel slides over ``a``
    without flipping; ``n`` is offset according to ``mode``).

    Parameters
    ----------
    a, k : array_like
        Integer, float or complex arrays of the same number of dimensions
        (any, including 0); neither may be empty.
    mode : {"valid", "same", "full"}, default "valid"
        In any case (``"VALID"`` too), as padding strings are.  Note the
        default differs from SciPy's ``"full"``: ``"valid"`` is the
        deep-learning default.

    Returns
    -------
    ndarray
        dtype ``np.result_type(a, k)`` (integers computed exactly).

    Raises
    ------
    TypeError
        A bool, object or string array, or a mode that is not a string.
    SymconvError
        An unknown mode, arrays of different rank, an empty array,
        ``"valid"`` with neither input at least as large as the other on
        every axis, or integer arrays whose direct sum needs more than
        :data:`MAX_DIRECT_WORK` multiply-adds (floats take the FFT route;
        see the module docstring for its rounding).

    Examples
    --------
    The ``corr2d`` example of *Dive into Deep Learning*:

    >>> import numpy as np
    >>> from symconv.numeric import correlate
    >>> correlate(np.arange(9).reshape(3, 3), np.array([[0, 1], [2, 3]]))
    array([[19, 25],
           [37, 43]])
    >>> correlate([1.0, 2.0, 3.0], [0.0, 1.0, 0.5], mode="same")
    array([2. , 3.5, 3. ])

    See Also
    --------
    convolve, symconv.numeric.conv

    References
    ----------
    .. [1] SciPy ``scipy.signal.correlate``.
    .. [2] A. Zhang et al., *Dive into Deep Learning*, "Convolutions for Images".
    """
    a, k, mode = _check(a, k, mode)
    dtype = np.result_type(a, k)
    if a.ndim == 0:
        return (a * np.conj(k)).astype(dtype)
    # SciPy's definition: correlate(a, k) = convolve(a, reversed conj(k))
    conj = np.conj(k) if k.dtype.kind == "c" else k
    return _convolve(a, conj[(slice(None, None, -1),) * k.ndim], mode, dtype)


def convolve(a, k, mode="valid"):
    """Convolution of two N-D arrays, as ``scipy.signal.convolve``.

    ``z[n] = sum_m a[m] * k[n - m]``: the kernel is flipped, which is what
    separates convolution from the correlation deep learning calls
    convolution.

    Parameters
    ----------
    a, k : array_like
        Integer, float or complex arrays of the same number of dimensions.
    mode : {"valid", "same", "full"}, default "valid"

    Returns
    -------
    ndarray
        dtype ``np.result_type(a, k)``.

    Raises
    ------
    TypeError, SymconvError
        As for :func:`correlate`.

    Examples
    --------
    >>> from symconv.numeric import convolve
    >>> convolve([1, 2, 3], [0, 1, 2], mode="full")
    array([0, 1, 4, 7, 6])
    >>> convolve([1, 2, 3], [1, 1], mode="same")
    array([1, 3, 5])

    See Also
    --------
    correlate

    References
    ----------
    .. [1] SciPy ``scipy.signal.convolve``.
    """
    a, k, mode = _check(a, k, mode)
    dtype = np.result_type(a, k)
    if a.ndim == 0:
        return (a * k).astype(dtype)
    return _convolve(a, k, mode, dtype)

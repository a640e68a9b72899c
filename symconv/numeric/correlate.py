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

References
----------
.. [1] SciPy ``scipy.signal.correlate`` and ``scipy.signal.convolve``.
.. [2] A. Zhang et al., *Dive into Deep Learning*, "Convolutions for Images"
   (``corr2d`` and the edge-detection example the seed notes work through).
"""

from __future__ import annotations

import numpy as np

from .._errors import SymconvError
from ._windows import as_numeric_array, compute_dtype, correlate_gemm

__all__ = ["correlate", "convolve"]

_MODES = ("valid", "same", "full")


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
    # convolution is correlation with the reversed kernel
    flipped = kernel[(slice(None, None, -1),) * kernel.ndim]
    ones = (1,) * a.ndim
    work = compute_dtype(dtype)
    out = correlate_gemm(signal[None, None], flipped[None, None], before, out_size, ones, ones, 1, work)[0, 0]
    return out if out.dtype == dtype else out.astype(dtype)


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
        An unknown mode, arrays of different rank, an empty array, or
        ``"valid"`` with neither input at least as large as the other on
        every axis.

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

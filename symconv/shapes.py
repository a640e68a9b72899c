"""Output-size arithmetic for convolution, transposed convolution and pooling.

Every function here is a thin front to :class:`symconv.Geometry`, which holds
the one set of formulas; they accept Python ints or SymPy expressions.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285.
"""

from __future__ import annotations

from .geometry import Geometry, _is_sequence

__all__ = ["conv_output_size", "conv_transpose_output_size", "pool_output_size"]


def _ndim(*values) -> int:
    lengths = {len(v) for v in values if _is_sequence(v)}
    return lengths.pop() if len(lengths) == 1 else (max(lengths) if lengths else 1)


def _answer(geometry: Geometry, i, scalar: bool):
    out = geometry.output_size(i)
    return out[0] if scalar else out


def conv_output_size(i, k, stride=1, padding=0, dilation=1):
    """Output size of a convolution (cross-correlation) along each axis.

    ``o = floor((i + p_before + p_after - d(k-1) - 1) / s) + 1``.

    Parameters
    ----------
    i : int, SymPy expression, or tuple of them
        Input size; a tuple gives one size per spatial axis.
    k : int or tuple
        Kernel size.
    stride, dilation : int or tuple, default 1
    padding : int, tuple, tuple of (before, after) pairs, or "valid"/"same"/"full"

    Returns
    -------
    int or SymPy expression when every argument is a scalar, else a tuple.

    Raises
    ------
    SymconvError
        A non-positive size, stride or dilation, negative padding, an unknown
        padding string, or a kernel larger than the padded input.
    TypeError
        A float or bool where an int belongs.

    Examples
    --------
    >>> conv_output_size(5, 3, stride=2, padding=1)
    3
    >>> conv_output_size((7, 5), 3, padding="same", stride=2)
    (4, 3)
    >>> import sympy
    >>> i, k = sympy.symbols("i k", positive=True, integer=True)
    >>> conv_output_size(i, k)
    i - k + 1

    See Also
    --------
    conv_transpose_output_size, pool_output_size, symconv.Geometry
    """
    ndim = _ndim(i, k, stride, dilation)
    geometry = Geometry(k, stride, padding, dilation, ndim=ndim)
    scalar = not any(_is_sequence(v) for v in (i, k, stride, dilation))
    return _answer(geometry, i, scalar)


def conv_transpose_output_size(i, k, stride=1, padding=0, dilation=1, output_padding=0):
    """Output size of a transposed convolution along each axis.

    ``o = (i - 1) s - p_before - p_after + d(k-1) + output_padding + 1``
    (with symmetric padding ``p``: ``(i-1)s - 2p + d(k-1) + a + 1``).

    Examples
    --------
    >>> conv_transpose_output_size(3, 3, stride=2, padding=1)
    5
    >>> conv_transpose_output_size(3, 3, stride=2, padding=1, output_padding=1)
    6
    >>> conv_transpose_output_size(5, 3, stride=1, padding="same")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: padding: "same" is not defined for transposed convolution (its output size is set by stride and output_padding); give explicit pads, got 'same'

    See Also
    --------
    conv_output_size
    """
    ndim = _ndim(i, k, stride, dilation, output_padding)
    geometry = Geometry(k, stride, padding, dilation, output_padding=output_padding, transposed=True, ndim=ndim)
    scalar = not any(_is_sequence(v) for v in (i, k, stride, dilation, output_padding))
    return _answer(geometry, i, scalar)


def pool_output_size(i, k, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Output size of max or average pooling along each axis.

    ``stride`` defaults to the kernel size.  With ``ceil_mode`` the size is
    rounded up, but a last window that would start inside the right padding
    is dropped (PyTorch's and ONNX's rule).

    Examples
    --------
    >>> pool_output_size(6, 2)
    3
    >>> pool_output_size(5, 2, ceil_mode=True)
    3
    >>> pool_output_size(5, 2, stride=2, padding=1, ceil_mode=True)
    3
    """
    if stride is None:
        stride = k
    ndim = _ndim(i, k, stride, dilation)
    geometry = Geometry(k, stride, padding, dilation, ceil_mode=ceil_mode, ndim=ndim)
    scalar = not any(_is_sequence(v) for v in (i, k, stride, dilation))
    return _answer(geometry, i, scalar)

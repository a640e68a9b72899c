"""The operations an identity's numeric check runs: symconv's own by default, or anyone's.

Every identity of the catalogue checks numerically what *an implementation*
computes: pass :class:`Operations` with your functions to
``identity.check_numeric(rng, ops=...)`` and the same catalogue checks your
convolution, transposed convolution, pooling, correlation and deformable
convolution.  Each function takes and returns NumPy arrays with the
signature and semantics of its namesake in :mod:`symconv.numeric`
(PyTorch's layouts and keyword arguments):

- ``conv(x, w, bias=None, *, stride=1, padding=0, dilation=1, groups=1)``
  with ``x`` of shape ``(N, C_in, *spatial)`` and ``w`` of shape
  ``(C_out, C_in // groups, *kernel)``; 1, 2 and 3 spatial axes are used;
  ``padding`` is an int, a tuple per axis, a tuple of ``(before, after)``
  pairs or ``"same"`` (ONNX SAME_UPPER); the padding-mode identities pass
  ``padding_mode="circular"``, ``"replicate"`` or ``"zeros"`` as PyTorch's
  ``nn.ConvNd`` takes it, and count a ``conv`` without that keyword as failing them;
- ``conv_transpose(x, w, bias=None, *, stride=1, padding=0, output_padding=0, dilation=1, groups=1)``
  with ``w`` of shape ``(C_in, C_out // groups, *kernel)``;
- ``max_pool(x, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False)``;
- ``avg_pool(x, kernel_size, *, stride=None, padding=0, dilation=1, ceil_mode=False, count_include_pad=True)``;
- ``correlate(a, k, mode="valid")`` and ``convolve(a, k, mode="valid")`` on
  plain arrays of any rank, as :func:`scipy.signal.correlate` and
  :func:`scipy.signal.convolve` (modes ``"valid"`` and ``"full"`` are used);
- ``deform_conv2d(x, offset, w, bias=None, *, mask=None, stride=1, padding=0, dilation=1, groups=1, offset_groups=1)``
  as :func:`torchvision.ops.deform_conv2d`.

Each identity lists the operations it calls in ``identity.uses``; an
implementation without one of them skips those identities.  The other side
of every comparison is independent of the operation checked: a second call
of it with other arguments where the identity is about one operation (stride
is subsampling), otherwise a plain loop of the definition
(``symconv/symbolic/catalogue/_reference.py``), NumPy's ``einsum``, ``fft``
or ``linalg``, or finite differences.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Callable

from ... import numeric as _numeric

__all__ = ["Operations", "OPERATION_NAMES", "as_operations"]


@dataclass(frozen=True)
class Operations:
    """The operations the catalogue checks, by name; each defaults to symconv's own.

    Examples
    --------
    >>> import numpy as np
    >>> from symconv.symbolic.catalogue import identity
    >>> def my_conv(x, w, bias=None, *, stride=1, padding=0, dilation=1, groups=1):
    ...     from symconv.numeric import conv
    ...     return conv(x, w, bias, stride=stride, padding=padding, dilation=dilation, groups=groups)
    >>> identity("stride-is-subsampling").check_numeric(0, ops=Operations(conv=my_conv))
    True
    >>> def wrong_conv(x, w, bias=None, *, stride=1, padding=0, dilation=1, groups=1):
    ...     return my_conv(x, np.flip(w, axis=tuple(range(2, w.ndim))), bias, stride=stride, padding=padding,
    ...                    dilation=dilation, groups=groups)
    >>> identity("multi-channel-sum").check_numeric(0, ops=Operations(conv=wrong_conv))
    False
    """

    conv: Callable = _numeric.conv
    conv_transpose: Callable = _numeric.conv_transpose
    max_pool: Callable = _numeric.max_pool
    avg_pool: Callable = _numeric.avg_pool
    correlate: Callable = _numeric.correlate
    convolve: Callable = _numeric.convolve
    deform_conv2d: Callable = _numeric.deform_conv2d

    def __post_init__(self):
        for f in fields(self):
            if not callable(getattr(self, f.name)):
                value = getattr(self, f.name)
                raise TypeError(f"{f.name}: expected a callable, got {type(value).__name__} {value!r}")


#: The names of the operations, in :class:`Operations` order.
OPERATION_NAMES = tuple(f.name for f in fields(Operations))


def as_operations(ops) -> Operations:
    """``ops`` if it is :class:`Operations`, symconv's own for None; a TypeError otherwise."""
    if ops is None:
        return Operations()
    if not isinstance(ops, Operations):
        raise TypeError(f"ops: expected symconv.symbolic.Operations or None, got {type(ops).__name__}")
    return ops

"""Hypothesis strategies of valid convolution, pooling and deformable-convolution cases, and of geometries.

This module needs hypothesis (the ``test`` extra: ``pip install "symconv[test]"``);
the rest of :mod:`symconv.testing` does not.

Each strategy draws its case through the drawers of
:mod:`symconv.testing.cases`, so every case is valid by construction and
hypothesis shrinks a failing one towards the simplest: 1-D, one image, one
channel, no groups, stride, dilation and padding 1/1/0, the smallest input
that fits, no bias.  Together they reach every corner: groups > 1, depthwise
layers with channel multipliers, dilation > 1, stride larger than the kernel,
even kernels with ``"same"``, ``ceil_mode`` windows that start in the padding,
1-D and 3-D, batch and channel sizes of 1, every padding mode of a convolution
(pooling, transposed and deformable convolution pad with zeros, as in PyTorch).

Examples
--------
>>> import numpy as np
>>> from hypothesis import given, settings
>>> import symconv as sc
>>> from symconv.testing import assert_conv_matches, conv_cases
>>> @settings(max_examples=20, deadline=None)
... @given(conv_cases(ndim=2))
... def test_conv(case):
...     assert_conv_matches(sc.numeric.conv, *case.args, **case.kwargs)
>>> test_conv()
"""

from __future__ import annotations

import functools

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from .cases import (
    _conv_options,
    _deform_options,
    _geometry_options,
    _pool_options,
    draw_conv_case,
    draw_deform_case,
    draw_geometry,
    draw_pool_case,
)

__all__ = ["conv_cases", "pool_cases", "deform_conv2d_cases", "geometries"]


@functools.lru_cache(maxsize=None)
def _integers(low: int, high: int):
    return st.integers(low, high)  # one strategy object per range: making them anew costs more than drawing


@functools.lru_cache(maxsize=None)
def _sampled_from(options: tuple):
    return st.sampled_from(options)


_BOOLEANS = st.booleans()


class _HypothesisSource:
    """The choices of :mod:`symconv.testing.cases`, each one hypothesis ``draw``."""

    def __init__(self, draw):
        self.draw = draw

    def integer(self, low: int, high: int) -> int:
        return self.draw(_integers(low, high))

    def choice(self, options):
        options = tuple(options)
        return options[0] if len(options) == 1 else self.draw(_sampled_from(options))

    def boolean(self) -> bool:
        return self.draw(_BOOLEANS)

    def seed(self) -> int:
        return self.draw(_integers(0, 2**32 - 1))

    def reject(self) -> None:
        assume(False)


def conv_cases(
    ndim=None,
    transposed=False,
    dtype=np.float64,
    *,
    like=None,
    padding_forms=None,
    bias=None,
    max_batch=2,
    max_channels=4,
    max_groups=3,
    max_size=6,
    max_kernel=4,
    max_stride=3,
    max_dilation=3,
    max_padding=2,
    padding_modes=None,
):
    """Valid convolution cases (:class:`~symconv.testing.cases.ConvCase`: ``x``, ``w``, ``bias``, ``kwargs``).

    Parameters
    ----------
    ndim : int or tuple of int, optional
        Number of spatial axes, or the numbers to choose from (default 1, 2, 3).
    transposed : bool, default False
        Cases of :func:`symconv.numeric.conv_transpose` (weight
        ``(C_in, C_out // groups, *kernel)``, ``output_padding`` drawn).
    dtype : NumPy dtype or tuple of dtypes, default float64
    like : None or "torch"
        ``"torch"`` draws only what ``torch.nn.functional`` takes as it is:
        no ``(before, after)`` pairs and no ``"full"``, ``"same"`` only at
        stride 1, symmetric pads for transposed convolution.
    padding_forms : tuple of str, optional
        Among ``"int"`` (one int for all axes), ``"tuple"`` (one per axis),
        ``"pairs"`` (``(before, after)`` per axis), ``"same"``, ``"valid"``,
        ``"full"``, ``"causal"`` (1-D; pairs ``(d(k-1), 0)`` in more axes);
        default all of them (:data:`~symconv.testing.cases.PADDING_FORMS`).
    bias : bool, optional
        Always (True), never (False) or sometimes (None) a bias.
    max_batch, max_channels, max_groups, max_size, max_kernel, max_stride, max_dilation, max_padding : int
        Upper bounds of the drawn sizes (channels per group for grouped
        layers); ``max_dilation=1`` or ``max_groups=1`` leave that argument
        out of every case.
    padding_modes : tuple of str, optional
        ``padding_mode`` values to draw (PyTorch's names, simplest first:
        ``"zeros"``, ``"reflect"``, ``"replicate"``, ``"circular"``); default
        all four for a convolution and ``("zeros",)`` for a transposed one
        (PyTorch's ConvTranspose pads only with zeros).  The input is drawn
        long enough for the mode: each ``reflect`` pad smaller than the
        input, each ``circular`` pad at most the input.  ``"zeros"`` is left
        out of ``kwargs``; give ``padding_modes=("zeros",)`` to test an
        implementation without ``padding_mode``.

    Returns
    -------
    hypothesis strategy of ConvCase
        ``case.kwargs`` holds only the arguments that differ from their
        defaults; ``case.args`` is ``(x, w, bias)``.

    Examples
    --------
    >>> from hypothesis import find
    >>> case = find(conv_cases(), lambda c: c.kwargs.get("groups", 1) > 1)
    >>> case.kwargs, case.x.shape, case.w.shape
    ({'groups': 2}, (1, 2, 1), (2, 1, 1))
    """
    options = _conv_options(ndim, transposed, dtype, like, padding_forms, bias, max_batch, max_channels, max_groups,
                            max_size, max_kernel, max_stride, max_dilation, max_padding, padding_modes)
    return st.composite(lambda draw: draw_conv_case(_HypothesisSource(draw), options))()


def pool_cases(
    ndim=None,
    kind="max",
    dtype=np.float64,
    *,
    like=None,
    padding_forms=None,
    max_batch=2,
    max_channels=3,
    max_size=6,
    max_kernel=4,
    max_stride=3,
    max_dilation=3,
):
    """Valid max (``kind="max"``) or average (``"avg"``) pooling cases (:class:`~symconv.testing.cases.PoolCase`).

    ``case.args`` is ``(x, kernel_size)``; ``case.kwargs`` may hold
    ``stride`` (absent: the kernel size), ``padding`` (at most half the
    kernel, PyTorch's rule; pairs, ``"same"`` and ``"valid"`` too unless
    ``like="torch"``), ``dilation``, ``ceil_mode`` and, for average pooling,
    ``count_include_pad=False``.  Every window covers an input cell.
    ``like="torch"`` leaves dilation out of average pooling (PyTorch has none).

    Examples
    --------
    >>> from hypothesis import find
    >>> case = find(pool_cases(kind="avg"), lambda c: c.kwargs.get("ceil_mode") and "padding" in c.kwargs)
    >>> sorted(case.kwargs)
    ['ceil_mode', 'padding']
    """
    options = _pool_options(ndim, kind, dtype, like, padding_forms, max_batch, max_channels, max_size, max_kernel,
                            max_stride, max_dilation)
    return st.composite(lambda draw: draw_pool_case(_HypothesisSource(draw), options))()


def deform_conv2d_cases(
    dtype=np.float64,
    *,
    like=None,
    padding_forms=None,
    mask=None,
    bias=None,
    max_batch=2,
    max_channels=4,
    max_groups=2,
    max_size=5,
    max_kernel=3,
    max_stride=2,
    max_dilation=2,
    max_padding=1,
    max_offset=2,
):
    """Valid 2-D deformable convolution cases (:class:`~symconv.testing.cases.DeformCase`).

    ``case.args`` is ``(x, offset, w, bias)`` in the layout of
    :func:`symconv.numeric.deform_conv2d` (torchvision's); ``case.kwargs`` may
    hold ``mask`` (v2; always with ``mask=True``, never with ``False``),
    ``stride``, ``padding``, ``dilation``, ``groups`` and ``offset_groups``.
    Offsets lie in ``[-max_offset, max_offset]``, some on exact cell corners.

    Examples
    --------
    >>> from hypothesis import find
    >>> find(deform_conv2d_cases(mask=True), lambda c: True).mask.shape
    (1, 1, 1, 1)
    """
    options = _deform_options(dtype, like, padding_forms, mask, bias, max_batch, max_channels, max_groups, max_size,
                              max_kernel, max_stride, max_dilation, max_padding, max_offset)
    return st.composite(lambda draw: draw_deform_case(_HypothesisSource(draw), options))()


def geometries(ndim=None, transposed=None, *, pool=False, max_kernel=4, max_stride=3, max_dilation=3, max_padding=2,
               max_groups=3, padding_modes=None):
    """:class:`symconv.Geometry` objects: convolutions and transposed ones (``transposed=None``), or pooling (``pool=True``).

    Every padding form (pairs, ``"same"``, ``"valid"``, ``"full"``), groups,
    ``output_padding`` (transposed) and ``ceil_mode`` (pooling) are drawn,
    and for convolutions every padding mode (``padding_modes``, as
    :func:`conv_cases`; transposed convolution and pooling pad with zeros).
    A geometry has no input: one with ``reflect`` or ``circular`` padding
    needs an input the pads fit (:meth:`symconv.Geometry.output_size`
    refuses one that is too short).

    Examples
    --------
    >>> from hypothesis import find
    >>> find(geometries(ndim=2), lambda g: g.padding == "same")
    Geometry(kernel_size=(1, 1), stride=(1, 1), padding='same', dilation=(1, 1))
    """
    options = _geometry_options(ndim, transposed, pool, max_kernel, max_stride, max_dilation, max_padding, max_groups,
                                padding_modes)
    return st.composite(lambda draw: draw_geometry(_HypothesisSource(draw), options))()

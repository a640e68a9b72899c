"""Hypothesis strategies for convolution layers: shapes and every geometry form.

Shared by the symbolic-expression and the convolution-matrix tests.  A case is
``(input_shape, kernel_shape, geometry)`` with ``input_shape = (C_in, *spatial)``,
``kernel_shape`` in PyTorch layout and ``geometry`` the keyword arguments of
``symconv.numeric.conv`` (or ``conv_transpose``).
"""

from __future__ import annotations

from hypothesis import assume
from hypothesis import strategies as st

from symconv import Geometry, SymconvError


def _per_axis(draw, ndim, values):
    if draw(st.booleans()):
        return draw(values)
    return tuple(draw(values) for _ in range(ndim))


@st.composite
def conv_cases(draw, *, ndims=(1, 2, 3), max_input=6, max_kernel=3, max_channels=4, transposed=False):
    """A random valid layer: channels and groups, stride, padding forms, dilation."""
    ndim = draw(st.sampled_from(ndims))
    groups = draw(st.sampled_from([1, 1, 2]))
    c_in = groups * draw(st.integers(1, max_channels // groups))
    c_out = groups * draw(st.integers(1, max_channels // groups))
    kernel = tuple(draw(st.integers(1, max_kernel)) for _ in range(ndim))
    stride = _per_axis(draw, ndim, st.integers(1, 3))
    dilation = _per_axis(draw, ndim, st.integers(1, 2))
    pad_forms = ["int", "tuple", "pairs"] + ([] if transposed else ["same", "valid", "full"])
    form = draw(st.sampled_from(pad_forms))
    if form == "int":
        padding = draw(st.integers(0, 2))
    elif form == "tuple":
        padding = tuple(draw(st.integers(0, 2)) for _ in range(ndim))
    elif form == "pairs":
        padding = tuple((draw(st.integers(0, 2)), draw(st.integers(0, 2))) for _ in range(ndim))
    else:
        padding = form
    spatial = tuple(draw(st.integers(1, max_input)) for _ in range(ndim))
    geometry = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    if transposed:
        strides = stride if isinstance(stride, tuple) else (stride,) * ndim
        dilations = dilation if isinstance(dilation, tuple) else (dilation,) * ndim
        geometry["output_padding"] = tuple(
            draw(st.integers(0, max(s, d) - 1)) for s, d in zip(strides, dilations)
        )
        kernel_shape = (c_in, c_out // groups, *kernel)
    else:
        kernel_shape = (c_out, c_in // groups, *kernel)
    try:
        Geometry(kernel, ndim=ndim, transposed=transposed, **geometry).output_size(spatial)
    except SymconvError:
        assume(False)
    return (c_in, *spatial), kernel_shape, geometry

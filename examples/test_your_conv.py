"""Test your own convolution against symconv: the worked example of the README ("Test your own convolution").

``my_conv2d`` is the convolution one writes when learning: loops over the
output, a padded copy of the input, PyTorch's layout.  It has one bug, of the
kind framework trackers are full of: for ``padding="same"`` it puts the odd
extra pad *before* the input, where PyTorch, TensorFlow and ONNX SAME_UPPER
put it after.  With odd kernels the total pad is even and nothing shows, so
hand-written tests with 3x3 kernels pass.  A property test over
:func:`symconv.testing.conv_cases` finds it at once, shrinks it to a 1x1
input with a 1x2 kernel, and :func:`symconv.testing.assert_conv_matches` says
which mistake it is.

Run it with ``python -m pytest examples/test_your_conv.py`` (the tests in
``tests/testing/test_examples.py`` do).  The fixtures ``assert_conv_matches``
and ``conv_reference`` come from symconv's pytest plugin.
"""

import numpy as np
import pytest
from hypothesis import given, settings

from symconv.testing import conv_cases


def my_conv2d(x, w, bias=None, *, stride=1, padding=0, fix=False):
    """2-D cross-correlation, (N, C_in, H, W) * (C_out, C_in, kH, kW), padding an int or "same"/"valid"."""
    n, c_in, height, width = x.shape
    c_out, _, kh, kw = w.shape
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    if padding == "same":
        pads = []
        for size, k, s in ((height, kh, sh), (width, kw, sw)):
            out = -(-size // s)
            total = max((out - 1) * s + k - size, 0)
            # the bug: the odd extra cell goes before; "same" puts it after (total // 2 before)
            before = total // 2 if fix else total - total // 2
            pads.append((before, total - before))
    else:
        p = 0 if padding == "valid" else padding
        pads = [(p, p), (p, p)] if isinstance(p, int) else [(q, q) for q in p]
    xp = np.pad(x, [(0, 0), (0, 0), *pads])
    out_h = (xp.shape[2] - kh) // sh + 1
    out_w = (xp.shape[3] - kw) // sw + 1
    y = np.zeros((n, c_out, out_h, out_w), np.result_type(x, w))
    for i in range(out_h):
        for j in range(out_w):
            window = xp[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
            y[:, :, i, j] = np.einsum("nchw,ochw->no", window, w)
    if bias is not None:
        y += bias[None, :, None, None]
    return y


def my_conv2d_fixed(x, w, bias=None, **kwargs):
    return my_conv2d(x, w, bias, fix=True, **kwargs)


# What my_conv2d takes: 2-D, no groups, no dilation, padding an int (per axis too), "same" or "valid", zeros only.
CASES = conv_cases(ndim=2, max_groups=1, max_dilation=1, padding_forms=("int", "tuple", "same", "valid"),
                   padding_modes=("zeros",))


def test_a_hand_written_case_passes(conv_reference):
    x = np.arange(25.0).reshape(1, 1, 5, 5)
    w = np.ones((1, 1, 3, 3))
    np.testing.assert_allclose(my_conv2d(x, w, padding="same"), conv_reference.conv(x, w, padding="same"))


@settings(max_examples=200, deadline=None, database=None)
@given(case=CASES)  # by name: hypothesis fills positional strategies from the last parameter, here a fixture
def test_the_fixed_convolution_matches_symconv(case, assert_conv_matches):
    assert_conv_matches(my_conv2d_fixed, *case.args, **case.kwargs)


def test_the_bug_is_caught_and_named(assert_conv_matches):
    @settings(max_examples=200, deadline=None, database=None)
    @given(CASES)
    def property_(case):
        assert_conv_matches(my_conv2d, *case.args, **case.kwargs)

    with pytest.raises(AssertionError, match="looks like: the padding on the wrong side -- 'same' with the odd extra pad at the start"):
        property_()

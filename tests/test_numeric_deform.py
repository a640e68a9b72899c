"""Deformable convolution against a plain loop, ordinary convolution, shifted sampling and SymPy."""

import itertools
import math
import warnings

import numpy as np
import pytest
import sympy

from symconv import SymconvError
from symconv.numeric import deform_conv2d
from _tools import need_module


def _bilinear(image, r, c):
    """torchvision's rule, written out: 0 beyond (-1, H) x (-1, W); corners outside count 0."""
    height, width = image.shape
    if r <= -1 or r >= height or c <= -1 or c >= width:
        return 0.0
    r0, c0 = math.floor(r), math.floor(c)
    total = 0.0
    for rr, wr in ((r0, 1 - (r - r0)), (r0 + 1, r - r0)):
        for cc, wc in ((c0, 1 - (c - c0)), (c0 + 1, c - c0)):
            if 0 <= rr < height and 0 <= cc < width:
                total += wr * wc * image[rr, cc]
    return total


def _loop_deform(x, offset, w, bias=None, mask=None, stride=(1, 1), pad=(0, 0), dilation=(1, 1), groups=1, og=1):
    n, c_in, height, width = x.shape
    c_out, cpg, kh, kw = w.shape
    h_out, w_out = offset.shape[2:]
    out = np.zeros((n, c_out, h_out, w_out))
    for b in range(n):
        for o in range(c_out):
            g = o // (c_out // groups)
            for y in range(h_out):
                for xx in range(w_out):
                    acc = 0.0 if bias is None else bias[o]
                    for ci in range(cpg):
                        c = g * cpg + ci
                        og_index = c // (c_in // og)
                        for i in range(kh):
                            for j in range(kw):
                                t = og_index * kh * kw + i * kw + j
                                r = y * stride[0] - pad[0] + i * dilation[0] + offset[b, 2 * t, y, xx]
                                col = xx * stride[1] - pad[1] + j * dilation[1] + offset[b, 2 * t + 1, y, xx]
                                m = 1.0 if mask is None else mask[b, t, y, xx]
                                acc += w[o, ci, i, j] * m * _bilinear(x[b, c], r, col)
                    out[b, o, y, xx] = acc
    return out


def _out_size(i, k, s, p, d):
    return (i + 2 * p - d * (k - 1) - 1) // s + 1


@pytest.mark.parametrize(
    "n, c_in, c_out, hw, k, stride, pad, dilation, groups, og, use_mask",
    [
        (1, 1, 1, (5, 6), (3, 3), (1, 1), (0, 0), (1, 1), 1, 1, False),
        (2, 4, 6, (6, 5), (3, 2), (2, 1), (1, 0), (1, 2), 2, 2, True),
        (1, 6, 3, (7, 7), (2, 2), (1, 2), (1, 1), (2, 1), 3, 3, True),
        (1, 4, 4, (4, 4), (1, 1), (1, 1), (0, 0), (1, 1), 4, 1, False),
    ],
)
def test_fractional_offsets_match_a_plain_loop(n, c_in, c_out, hw, k, stride, pad, dilation, groups, og, use_mask):
    rng = np.random.default_rng(5)
    x = rng.normal(size=(n, c_in, *hw))
    w = rng.normal(size=(c_out, c_in // groups, *k))
    bias = rng.normal(size=c_out)
    h_out, w_out = (_out_size(hw[a], k[a], stride[a], pad[a], dilation[a]) for a in range(2))
    # offsets large enough to leave the image on some taps
    offset = rng.uniform(-2.5, 2.5, size=(n, 2 * og * k[0] * k[1], h_out, w_out))
    mask = rng.uniform(0, 1, size=(n, og * k[0] * k[1], h_out, w_out)) if use_mask else None
    got = deform_conv2d(
        x, offset, w, bias, mask=mask, stride=stride, padding=pad, dilation=dilation, groups=groups, offset_groups=og
    )
    want = _loop_deform(x, offset, w, bias, mask, stride, pad, dilation, groups, og)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_border_rule_of_torchvision():
    x = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    w = np.ones((1, 1, 1, 1))
    cases = [(-1.0, 0.0, 0.0), (-0.5, 0.0, 0.5 * 1), (2.5, 2.0, 0.5 * 9), (3.0, 0.0, 0.0), (0.0, -0.25, 0.75 * 1)]
    for dr, dc, want in cases:
        offset = np.array([dr, dc]).reshape(1, 2, 1, 1) * np.ones((1, 2, 3, 3))
        got = deform_conv2d(x, offset, w)[0, 0, 0, 0]
        assert got == pytest.approx(want), (dr, dc)


def test_integer_offsets_give_shifted_sampling():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 3, 8, 9))
    w = rng.normal(size=(4, 3, 3, 3))
    offset = rng.integers(-2, 3, size=(2, 18, 6, 7)).astype(float)
    got = deform_conv2d(x, offset, w)
    want = np.zeros_like(got)
    for b in range(2):
        for y in range(6):
            for xx in range(7):
                for i in range(3):
                    for j in range(3):
                        t = i * 3 + j
                        r = y + i + int(offset[b, 2 * t, y, xx])
                        c = xx + j + int(offset[b, 2 * t + 1, y, xx])
                        if 0 <= r < 8 and 0 <= c < 9:
                            want[b, :, y, xx] += w[:, :, i, j] @ x[b, :, r, c]
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_zero_offsets_equal_ordinary_convolution():
    from symconv.numeric import conv

    rng = np.random.default_rng(2)
    for stride, padding, dilation, groups in [(1, 0, 1, 1), (2, 1, 1, 2), ((1, 2), (2, 1), (2, 1), 4)]:
        x = rng.normal(size=(2, 4, 9, 8))
        w = rng.normal(size=(8, 4 // groups, 3, 2))
        b = rng.normal(size=8)
        ref = conv(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups)
        zeros = np.zeros((2, 2 * 2 * 6, *ref.shape[2:]))
        ones = np.ones((2, 2 * 6, *ref.shape[2:]))
        for mask in (None, ones):
            got = deform_conv2d(
                x, zeros, w, b, mask=mask, stride=stride, padding=padding, dilation=dilation, groups=groups,
                offset_groups=2,
            )
            np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12)


def test_mask_scales_each_tap():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(1, 2, 5, 5))
    w = rng.normal(size=(3, 2, 3, 3))
    offset = rng.normal(size=(1, 18, 3, 3))
    half = deform_conv2d(x, offset, w, mask=np.full((1, 9, 3, 3), 0.5))
    np.testing.assert_allclose(half, 0.5 * deform_conv2d(x, offset, w), rtol=1e-12)


def test_the_notes_shape_example():
    # seed 003 section 12: X (32, 64, 28, 28), offset (32, 18, 28, 28); a 3x3 kernel with padding 1
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, 64, 28, 28)).astype(np.float32)
    offset = rng.normal(size=(2, 18, 28, 28)).astype(np.float32)
    w = rng.normal(size=(8, 64, 3, 3)).astype(np.float32)
    out = deform_conv2d(x, offset, w, padding=1)
    assert out.shape == (2, 8, 28, 28)
    assert out.dtype == np.float32
    assert 18 == 2 * 1 * 3 * 3


def test_symbolic_bilinear_form_matches_numbers():
    # the bilinear form written by hand in SymPy, evaluated at one fractional sample
    a, b, c, d, u, v = sympy.symbols("a b c d u v")
    form = (1 - u) * (1 - v) * a + (1 - u) * v * b + u * (1 - v) * c + u * v * d
    x = np.array([[1.0, 2.0, 5.0], [3.0, 7.0, 11.0], [13.0, 17.0, 19.0]]).reshape(1, 1, 3, 3)
    offset = np.zeros((1, 2, 3, 3))
    offset[0, :, 0, 0] = (1.25, 0.5)  # row 1.25, column 0.5 from output (0, 0)
    got = deform_conv2d(x, offset, np.ones((1, 1, 1, 1)))[0, 0, 0, 0]
    want = form.subs({a: 3, b: 7, c: 13, d: 17, u: sympy.Rational(1, 4), v: sympy.Rational(1, 2)})
    assert got == pytest.approx(float(want))


def test_dtype_and_integer_input():
    x = np.arange(16).reshape(1, 1, 4, 4)
    out = deform_conv2d(x, np.zeros((1, 2, 4, 4)), np.ones((1, 1, 1, 1), dtype=np.int64))
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, x)
    half = deform_conv2d(x.astype(np.float16), np.zeros((1, 2, 4, 4), np.float16), np.ones((1, 1, 1, 1), np.float16))
    assert half.dtype == np.float16


def test_the_output_dtype_is_that_of_x_and_w():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(1, 2, 4, 4)).astype(np.float32)
    w = rng.normal(size=(3, 2, 2, 2)).astype(np.float32)
    bias = np.array([0.5, -1.0, 2.0])  # float64: cast to float32, not promoting the layer
    out = deform_conv2d(x, np.zeros((1, 8, 3, 3)), w, bias)  # float64 offsets are cast too
    assert out.dtype == np.float32
    # zero offsets: ordinary convolution, written here as a loop
    want = np.empty((1, 3, 3, 3))
    for o, r, c in itertools.product(range(3), range(3), range(3)):
        want[0, o, r, c] = np.sum(w[o].astype(float) * x[0, :, r : r + 2, c : c + 2]) + bias[o]
    np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-5)


def test_an_empty_batch_gives_an_empty_result():
    w = np.ones((3, 2, 2, 2), np.float32)
    out = deform_conv2d(np.zeros((0, 2, 4, 4), np.float32), np.zeros((0, 8, 3, 3)), w, mask=np.ones((0, 4, 3, 3)))
    assert out.shape == (0, 3, 3, 3) and out.dtype == np.float32
    with pytest.raises(SymconvError, match=r"offset: expected shape \(0, 8, 3, 3\)"):
        deform_conv2d(np.zeros((0, 2, 4, 4)), np.zeros((1, 8, 3, 3)), w)


def test_huge_offsets_sample_nothing_and_warn_nothing():
    x = np.arange(1.0, 17.0).reshape(1, 1, 4, 4)
    w = np.ones((1, 1, 2, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for shift in (1e20, -1e300, 2.0**62, -(2.0**63)):
            # every tap lands far outside the image: all four corners are zero, only the bias remains
            np.testing.assert_array_equal(deform_conv2d(x, np.full((1, 8, 3, 3), shift), w, np.array([0.5])), 0.5)
        # shifting only the rows far away keeps nothing either; a float32 layer casts 1e300 to inf first
        shifted = np.zeros((1, 8, 3, 3))
        shifted[:, 0::2] = 1e300
        np.testing.assert_array_equal(deform_conv2d(x.astype(np.float32), shifted, w.astype(np.float32)), 0)
    # near the border the clip changes nothing: row -0.5 keeps half of row 0
    half = np.zeros((1, 2, 4, 4))
    half[:, 0] = -0.5
    np.testing.assert_array_equal(deform_conv2d(x, half, np.ones((1, 1, 1, 1)))[0, 0, 0], 0.5 * x[0, 0, 0])


def test_symbolic_geometry_is_refused():
    x, offset, w = _good()
    with pytest.raises(TypeError, match=r"^dilation: expected concrete ints for the numeric backend, got d$"):
        deform_conv2d(x, offset, w, dilation=sympy.Symbol("d", integer=True, positive=True))


def test_against_torch_grid_sample():
    torch = need_module("torch")
    # grid_sample(align_corners=True, padding_mode="zeros") uses the same corner rule
    rng = np.random.default_rng(6)
    x = rng.normal(size=(1, 2, 6, 7))
    offset = rng.uniform(-3, 3, size=(1, 2, 6, 7))
    rows = np.arange(6)[:, None] + offset[0, 0]
    cols = np.arange(7)[None, :] + offset[0, 1]
    grid = np.stack([2 * cols / 6 - 1, 2 * rows / 5 - 1], axis=-1)[None]
    ref = torch.nn.functional.grid_sample(
        torch.from_numpy(x), torch.from_numpy(grid), mode="bilinear", padding_mode="zeros", align_corners=True
    ).numpy()
    w = np.eye(2).reshape(2, 2, 1, 1)
    np.testing.assert_allclose(deform_conv2d(x, offset, w), ref, rtol=1e-10, atol=1e-12)


def _good():
    return np.zeros((1, 4, 5, 5)), np.zeros((1, 18, 3, 3)), np.zeros((2, 4, 3, 3))


@pytest.mark.parametrize(
    "change, match",
    [
        (lambda x, o, w: (x, np.zeros((1, 16, 3, 3)), w, {}), r"offset: expected shape \(1, 18, 3, 3\)"),
        (lambda x, o, w: (x, np.zeros((1, 18, 4, 3)), w, {}), r"offset: expected shape .* got \(1, 18, 4, 3\)"),
        (lambda x, o, w: (x, o, w, {"offset_groups": 3}), r"offset_groups: expected a divisor of the input channels"),
        (lambda x, o, w: (x, o, w, {"mask": np.ones((1, 18, 3, 3))}), r"mask: expected shape \(1, 9, 3, 3\)"),
        (lambda x, o, w: (x, o, w, {"mask": np.ones((9, 3, 3))}), r"mask: expected a 4-D array"),
        (lambda x, o, w: (x, np.full((1, 18, 3, 3), np.nan), w, {}), r"offset: expected finite values, got nan"),
        (lambda x, o, w: (x, np.where(np.arange(162) == 4, np.inf, 0.0).reshape(1, 18, 3, 3), w, {}),
         r"offset: expected finite values, got inf at index \(0, 0, 1, 1\)"),
        (lambda x, o, w: (x, o, w, {"mask": np.full((1, 9, 3, 3), np.inf)}), r"mask: expected finite values"),
        (lambda x, o, w: (x, o, w, {"groups": 3}), r"groups: expected a divisor of the input channels"),
        (lambda x, o, w: (x, o, np.zeros((2, 3, 3, 3)), {}), r"w: expected 4 input channels per group"),
        (lambda x, o, w: (x[0], o, w, {}), r"x: expected a 4-D array of shape \(N, C_in, H, W\), got shape"),
        (lambda x, o, w: (x, o, w, {"offset_groups": 0}), r"offset_groups: expected a positive int, got 0"),
        (lambda x, o, w: (np.zeros((1, 4, 2, 2)), o, w, {}), r"kernel_size: effective kernel 3"),
    ],
)
def test_bad_values(change, match):
    x, offset, w, kwargs = change(*_good())
    with pytest.raises(SymconvError, match=match):
        deform_conv2d(x, offset, w, **kwargs)


def test_bad_bias_and_kinds():
    x, offset, w = _good()
    with pytest.raises(SymconvError, match=r"bias: expected shape \(2,\)"):
        deform_conv2d(x, offset, w, np.zeros(3))
    with pytest.raises(TypeError, match="offset_groups: expected a positive int, got float"):
        deform_conv2d(x, offset, w, offset_groups=1.0)
    with pytest.raises(TypeError, match="x: expected an integer or float array"):
        deform_conv2d(np.full((1, 4, 5, 5), "a"), offset, w)
    with pytest.raises(TypeError, match="offset: expected an integer or float array, got a bool array"):
        deform_conv2d(x, offset.astype(bool), w)

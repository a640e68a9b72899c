"""symconv.numeric.conv and conv_transpose, checked by independent routes.

Routes: hand-worked examples of the seed notes and *Dive into Deep Learning*;
a deliberately plain nested-loop reference written here (it derives output
sizes and pads on its own, without the geometry); the adjoint identity
<conv(x, w), y> == <x, conv_transpose(y, w)>; PyTorch when it is installed.
"""

from __future__ import annotations

import itertools
from unittest import mock

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import symconv as sc
from _tools import need_module
from symconv import Geometry, SymconvError
from symconv import _validate
from symconv.numeric import _windows, conv, conv_transpose

# ----------------------------------------------------------------------------
# plain references: loops over every output (or input) cell and every tap
# ----------------------------------------------------------------------------


def explicit_pads(padding, size, kernel, stride, dilation):
    """(before, after) per axis, derived here from the definitions (ONNX SAME_UPPER for "same")."""
    nd = len(size)
    if padding == "valid":
        return [(0, 0)] * nd
    if padding == "full":
        return [(d * (k - 1), d * (k - 1)) for k, d in zip(kernel, dilation)]
    if padding == "same":
        pads = []
        for i, k, s, d in zip(size, kernel, stride, dilation):
            out = -(-i // s)
            total = max((out - 1) * s + d * (k - 1) + 1 - i, 0)
            pads.append((total // 2, total - total // 2))
        return pads
    if isinstance(padding, int):
        return [(padding, padding)] * nd
    return [tuple(p) if isinstance(p, tuple) else (p, p) for p in padding]


def loop_conv(x, w, bias, stride, pads, dilation, groups):
    n, c_in, *size = x.shape
    c_out, cg, *kernel = w.shape
    per_group = c_out // groups
    out_size = [
        (i + pb + pa - d * (k - 1) - 1) // s + 1 for i, (pb, pa), k, s, d in zip(size, pads, kernel, stride, dilation)
    ]
    kinds = x.dtype.kind + w.dtype.kind
    acc_type = complex if "c" in kinds else (int if set(kinds) <= set("iu") else float)
    out = np.zeros((n, c_out, *out_size), dtype=object)
    for b, o in itertools.product(range(n), range(c_out)):
        group = o // per_group
        for position in itertools.product(*map(range, out_size)):
            total = acc_type(0) if bias is None else acc_type(bias[o])
            for c in range(cg):
                for tap in itertools.product(*map(range, kernel)):
                    index = [p * s + t * d - pb for p, t, s, d, (pb, _) in zip(position, tap, stride, dilation, pads)]
                    if all(0 <= j < i for j, i in zip(index, size)):
                        total += acc_type(x[(b, group * cg + c, *index)]) * acc_type(w[(o, c, *tap)])
            out[(b, o, *position)] = total
    return out


def loop_conv_transpose(x, w, bias, stride, pads, dilation, groups, output_padding):
    n, c_in, *size = x.shape
    _, per_group, *kernel = w.shape
    cg = c_in // groups
    out_size = [
        (i - 1) * s - pb - pa + d * (k - 1) + op + 1
        for i, (pb, pa), k, s, d, op in zip(size, pads, kernel, stride, dilation, output_padding)
    ]
    out = np.zeros((n, per_group * groups, *out_size), dtype=object)
    out[...] = 0.0
    if bias is not None:
        out += np.asarray(bias, dtype=object).reshape(-1, *[1] * len(size))
    for b, c in itertools.product(range(n), range(c_in)):
        group = c // cg
        for position in itertools.product(*map(range, size)):
            for j in range(per_group):
                for tap in itertools.product(*map(range, kernel)):
                    index = [p * s + t * d - pb for p, t, s, d, (pb, _) in zip(position, tap, stride, dilation, pads)]
                    if all(0 <= u < o for u, o in zip(index, out_size)):
                        out[(b, group * per_group + j, *index)] += float(x[(b, c, *position)]) * float(w[(c, j, *tap)])
    return out


def as_tuple(value, nd):
    return tuple(value) if isinstance(value, tuple) else (value,) * nd


# ----------------------------------------------------------------------------
# hand-worked examples
# ----------------------------------------------------------------------------


def test_d2l_corr2d_example_integer_dtype_kept():
    # the seed notes: 0x0 + 1x1 + 3x2 + 4x3 = 19
    x = np.arange(9).reshape(1, 1, 3, 3)
    k = np.array([[[[0, 1], [2, 3]]]])
    y = conv(x, k)
    assert y.dtype == np.result_type(x, k)
    np.testing.assert_array_equal(y[0, 0], [[19, 25], [37, 43]])


def test_seed_notes_edge_detection_example():
    x = np.ones((6, 8))
    x[:, 2:6] = 0
    y = conv(x.reshape(1, 1, 6, 8), np.array([[[[1.0, -1.0]]]]))
    assert y.shape == (1, 1, 6, 7)
    expected = np.zeros((6, 7))
    expected[:, 1] = 1
    expected[:, 5] = -1
    np.testing.assert_array_equal(y[0, 0], expected)


def test_multi_in_out_channels_sum_over_inputs():
    # d2l corr2d_multi_in_out: X stacked with X + 1, K stacked with K + 1 and K + 2
    x = np.stack([np.arange(9.0).reshape(3, 3), np.arange(1.0, 10.0).reshape(3, 3)])[None]
    k = np.array([[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]])
    w = np.stack([k, k + 1, k + 2])
    y = conv(x, w)
    np.testing.assert_array_equal(y[0, 0], [[56, 72], [104, 120]])
    np.testing.assert_array_equal(y[0, 1], [[76, 100], [148, 172]])
    np.testing.assert_array_equal(y[0, 2], [[96, 128], [192, 224]])


@pytest.mark.parametrize(
    "stride, padding, expected",
    [
        (1, 0, [[0, 0, 1], [0, 4, 6], [4, 12, 9]]),
        (1, 1, [[4]]),
        (2, 0, [[0, 0, 0, 1], [0, 0, 2, 3], [0, 2, 0, 3], [4, 6, 6, 9]]),
    ],
)
def test_d2l_transposed_convolution_examples(stride, padding, expected):
    x = np.array([[[[0.0, 1.0], [2.0, 3.0]]]])
    y = conv_transpose(x, x, stride=stride, padding=padding)
    np.testing.assert_array_equal(y[0, 0], expected)


def test_bias_is_added_per_output_channel():
    x = np.zeros((2, 1, 4))
    y = conv(x, np.ones((3, 1, 2)), bias=np.array([1.0, -2.0, 0.5]))
    np.testing.assert_array_equal(y, np.broadcast_to(np.array([1.0, -2.0, 0.5])[None, :, None], (2, 3, 3)))


def test_output_padding_rows_hold_only_the_bias():
    x = np.ones((1, 1, 2, 2))
    y = conv_transpose(x, np.ones((1, 1, 1, 1)), np.array([7.0]), stride=2, output_padding=1)
    # inputs land on even rows/cols 0 and 2; odd ones and the extra last row/col see only the bias
    expected = np.full((4, 4), 7.0)
    expected[::2, ::2] = 8.0
    np.testing.assert_array_equal(y[0, 0], expected)


# ----------------------------------------------------------------------------
# random geometries against the loop reference and the adjoint identity
# ----------------------------------------------------------------------------

MAX_SPATIAL = {1: 7, 2: 5, 3: 4}


@st.composite
def layers(draw, *, transposed=False):
    nd = draw(st.integers(1, 3))
    groups = draw(st.sampled_from([1, 2, 3]))
    per_group_in = draw(st.integers(1, 2))  # 1: depthwise
    per_group_out = draw(st.integers(1, 3))  # > 1 with depthwise: a channel multiplier
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    stride = draw(st.one_of(st.integers(1, 3), st.tuples(*[st.integers(1, 3)] * nd)))
    dilation = draw(st.one_of(st.integers(1, 2), st.tuples(*[st.integers(1, 2)] * nd)))
    forms = [
        st.integers(0, 2),
        st.tuples(*[st.integers(0, 2)] * nd),
        st.tuples(*[st.tuples(st.integers(0, 3), st.integers(0, 3))] * nd),  # asymmetric pairs
        st.sampled_from(["valid", "full"] if transposed else ["valid", "same", "full"]),
    ]
    padding = draw(st.one_of(*forms))
    size = tuple(draw(st.integers(1, MAX_SPATIAL[nd])) for _ in range(nd))
    n = draw(st.integers(1, 2))
    kwargs = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    if transposed:
        s, d = as_tuple(stride, nd), as_tuple(dilation, nd)
        kwargs["output_padding"] = tuple(draw(st.integers(0, max(a, b) - 1)) for a, b in zip(s, d))
    try:
        output_padding = kwargs.get("output_padding", 0)
        geometry = Geometry(kernel, stride, padding, dilation, groups, output_padding, transposed=transposed, ndim=nd)
        geometry.output_size(size)
    except SymconvError:
        assume(False)
    return n, groups * per_group_in, groups * per_group_out, kernel, size, kwargs


def draw_arrays(data, shape_x, shape_w, c_out, dtype):
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))

    def make(shape):
        values = rng.integers(-3, 4, size=shape)
        if np.dtype(dtype).kind == "c":
            values = values + 1j * rng.integers(-3, 4, size=shape)
        return values.astype(dtype)

    bias = make((c_out,)) if data.draw(st.booleans(), label="bias") else None
    return make(shape_x), make(shape_w), bias


DTYPES = [np.float64, np.float32, np.int64, np.int32, np.complex128]


def assert_matches(result, reference, dtype):
    reference = np.asarray(reference.tolist())  # Python ints, floats or complex numbers, computed exactly or in double
    assert result.dtype == np.dtype(dtype)
    assert result.shape == reference.shape
    if np.dtype(dtype).kind in "iu":
        np.testing.assert_array_equal(result, reference)
    else:
        tolerance = 1e-5 if np.dtype(dtype) == np.float32 else 1e-12
        np.testing.assert_allclose(result, reference, rtol=tolerance, atol=tolerance * 50)


@given(layers(), st.sampled_from(DTYPES), st.sampled_from([None, 64, 3000]), st.data())
def test_conv_matches_loop_reference(layer, dtype, block_bytes, data):
    n, c_in, c_out, kernel, size, kwargs = layer
    x, w, bias = draw_arrays(data, (n, c_in, *size), (c_out, c_in // kwargs["groups"], *kernel), c_out, dtype)
    nd = len(size)
    stride, dilation = as_tuple(kwargs["stride"], nd), as_tuple(kwargs["dilation"], nd)
    pads = explicit_pads(kwargs["padding"], size, kernel, stride, dilation)
    # tiny blocks force the row-band and several-images-per-block paths of the worker
    with mock.patch.object(_windows, "_BLOCK_BYTES", block_bytes or _windows._BLOCK_BYTES):
        result = conv(x, w, bias, **kwargs)
    assert_matches(result, loop_conv(x, w, bias, stride, pads, dilation, kwargs["groups"]), dtype)
    assert result.shape[2:] == sc.conv_output_size(size, kernel, stride, kwargs["padding"], dilation)


@given(layers(transposed=True), st.sampled_from([np.float64, np.float32]), st.sampled_from([None, 64, 3000]), st.data())
def test_conv_transpose_matches_loop_reference(layer, dtype, block_bytes, data):
    n, c_in, c_out, kernel, size, kwargs = layer
    groups = kwargs["groups"]
    x, w, bias = draw_arrays(data, (n, c_in, *size), (c_in, c_out // groups, *kernel), c_out, dtype)
    nd = len(size)
    stride, dilation = as_tuple(kwargs["stride"], nd), as_tuple(kwargs["dilation"], nd)
    pads = explicit_pads(kwargs["padding"], size, kernel, stride, dilation)
    with mock.patch.object(_windows, "_BLOCK_BYTES", block_bytes or _windows._BLOCK_BYTES):
        result = conv_transpose(x, w, bias, **kwargs)
    reference = loop_conv_transpose(x, w, bias, stride, pads, dilation, groups, kwargs["output_padding"])
    assert_matches(result, reference, dtype)
    padding, output_padding = kwargs["padding"], kwargs["output_padding"]
    assert result.shape[2:] == sc.conv_transpose_output_size(size, kernel, stride, padding, dilation, output_padding)


@given(layers(), st.data())
def test_adjoint_identity_pins_conv_transpose(layer, data):
    """<conv(x, w), y> == <x, conv_transpose(y, w)>, output_padding restoring x's size exactly."""
    n, c_in, c_out, kernel, size, kwargs = layer
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal((n, c_in, *size))
    w = rng.standard_normal((c_out, c_in // kwargs["groups"], *kernel))
    y_shape = conv(x, w, **kwargs).shape
    y = rng.standard_normal(y_shape)
    nd = len(size)
    stride, dilation = as_tuple(kwargs["stride"], nd), as_tuple(kwargs["dilation"], nd)
    pads = explicit_pads(kwargs["padding"], size, kernel, stride, dilation)
    # the rows of x that no window reaches come back through output_padding
    output_padding = tuple(
        i - ((o - 1) * s - pb - pa + d * (k - 1) + 1)
        for i, o, s, (pb, pa), d, k in zip(size, y_shape[2:], stride, pads, dilation, kernel)
    )
    # transposed convolution refuses "same"; give it the pads "same" chose
    back = conv_transpose(y, w, **{**kwargs, "padding": tuple(pads)}, output_padding=output_padding)
    assert back.shape == x.shape
    np.testing.assert_allclose(np.vdot(conv(x, w, **kwargs), y), np.vdot(x, back), rtol=1e-10)


def test_transposed_phases_with_asymmetric_pads_dilation_and_groups():
    """Stride 1 is one correlation with the flipped kernel; stride s splits the output into s phases per axis."""
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 4, 5, 6))
    w = rng.standard_normal((4, 3, 3, 2))
    for stride in (1, (2, 1), 3):
        kwargs = dict(stride=stride, padding=((2, 0), (1, 3)), dilation=(1, 2), groups=2)
        s = as_tuple(stride, 2)
        ref = loop_conv_transpose(x, w, None, s, [(2, 0), (1, 3)], (1, 2), 2, (0, 0))
        np.testing.assert_allclose(conv_transpose(x, w, **kwargs), np.asarray(ref.tolist(), float), atol=1e-12)


def test_transposed_phase_that_no_tap_reaches_holds_only_the_bias():
    # stride 2, dilation 2: u = 2j + 2a is always even, so the odd outputs receive nothing
    y = conv_transpose(np.ones((1, 1, 3)), np.ones((1, 1, 2)), np.array([0.5]), stride=2, dilation=2)
    np.testing.assert_array_equal(y[0, 0], [1.5, 0.5, 2.5, 0.5, 2.5, 0.5, 1.5])


# ----------------------------------------------------------------------------
# dtypes
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "x_dtype, w_dtype, expected",
    [
        (np.float32, np.float32, np.float32),
        (np.float64, np.float32, np.float64),
        (np.float16, np.float16, np.float16),
        (np.int32, np.int32, np.int32),
        (np.int64, np.float32, np.float64),
        (np.uint8, np.int16, np.int16),
        (np.complex64, np.float32, np.complex64),
    ],
)
def test_dtype_is_numpys_result_type(x_dtype, w_dtype, expected):
    x = np.arange(2 * 3 * 5).reshape(2, 3, 5).astype(x_dtype)
    w = (np.arange(4 * 3 * 2).reshape(4, 3, 2) % 3).astype(w_dtype)
    y = conv(x, w, padding=1)
    t = conv_transpose(x, w.reshape(3, 4, 2)[:, :2], stride=2)
    assert y.dtype == expected and t.dtype == np.result_type(x_dtype, w_dtype)
    ref = loop_conv(x, w, None, (1,), [(1, 1)], (1,), 1)
    np.testing.assert_allclose(y.astype(np.complex128), np.asarray(ref.tolist(), complex), rtol=1e-3)


def test_integer_convolution_is_exact_beyond_float64_precision():
    x = np.full((1, 1, 3), 2**52 + 1, dtype=np.int64)
    y = conv(x, np.ones((1, 1, 2), dtype=np.int64))
    np.testing.assert_array_equal(y, [[[2**53 + 2, 2**53 + 2]]])


def test_empty_batch_gives_empty_output_of_the_right_shape():
    y = conv(np.zeros((0, 2, 5, 5), np.float32), np.zeros((3, 2, 3, 3), np.float32), padding=1)
    assert y.shape == (0, 3, 5, 5) and y.dtype == np.float32
    t = conv_transpose(np.zeros((0, 2, 5)), np.zeros((2, 3, 3)), stride=2)
    assert t.shape == (0, 3, 11)


def test_one_by_one_kernel_fast_path_is_a_channel_mix():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 6, 4, 3))
    w = rng.standard_normal((4, 3, 1, 1))
    expected = np.concatenate(
        [np.einsum("oc,nchw->nohw", w[2 * g : 2 * g + 2, :, 0, 0], x[:, 3 * g : 3 * g + 3]) for g in range(2)], axis=1
    )
    np.testing.assert_allclose(conv(x, w, groups=2), expected)


def test_non_contiguous_and_list_inputs():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 4, 9, 7))[::2, ::-1, ::2]
    w = rng.standard_normal((2, 4, 2, 2))
    ref = loop_conv(x, w, None, (1, 1), [(0, 0), (0, 0)], (1, 1), 1)
    np.testing.assert_allclose(conv(x, w), np.asarray(ref.tolist(), float))
    np.testing.assert_array_equal(conv([[[1, 2, 3]]], [[[1, 1]]]), [[[3, 5]]])


# ----------------------------------------------------------------------------
# bad input
# ----------------------------------------------------------------------------

X = np.zeros((1, 4, 6, 6))
W = np.zeros((2, 4, 3, 3))


@pytest.mark.parametrize(
    "call, error, match",
    [
        (
            lambda: conv(X, W[0]),
            SymconvError,
            r"x: expected 3 dimensions \(N, C_in, \*spatial\) to match w of shape \(4, 3, 3\), got shape \(1, 4, 6, 6\)",
        ),
        (
            lambda: conv(X[0, 0], W[0, 0]),
            SymconvError,
            r"w: expected an array \(C_out, C_in // groups, \*kernel\) with at least one spatial axis, got shape \(3, 3\)",
        ),
        (
            lambda: conv(X, W[:, :3]),
            SymconvError,
            r"x: expected 3 input channels \(w.shape\[1\] = 3 per group times groups = 1\), got 4",
        ),
        (
            lambda: conv(X, W[:, :1], groups=3),
            SymconvError,
            r"groups: expected a divisor of the input channels \(4\), got 3",
        ),
        (
            lambda: conv(X, np.zeros((3, 2, 3, 3)), groups=2),
            SymconvError,
            r"groups: expected a divisor of the output channels \(3\), got 2",
        ),
        (
            lambda: conv(X, W, np.zeros(3)),
            SymconvError,
            r"bias: expected shape \(2,\), one value per output channel, got shape \(3,\)",
        ),
        (lambda: conv(X, W, np.zeros((2, 1))), SymconvError, r"bias: expected shape \(2,\)"),
        (
            lambda: conv(X, np.zeros((2, 4, 7, 3))),
            SymconvError,
            r"kernel_size: effective kernel 7 \(kernel 7, dilation 1\) is larger than the padded input 6",
        ),
        (
            lambda: conv(X, W, dilation=4),
            SymconvError,
            r"kernel_size: effective kernel 9 \(kernel 3, dilation 4\) is larger than the padded input 6",
        ),
        (lambda: conv(X, np.zeros((2, 4, 0, 3))), SymconvError, r"kernel_size: expected a positive int, got 0"),
        (lambda: conv(np.zeros((1, 4, 0, 6)), W), SymconvError, r"input size: expected a positive int, got 0"),
        (lambda: conv(X, np.zeros((0, 4, 3, 3))), SymconvError, r"output channels: expected a positive int, got 0"),
        (lambda: conv(X, W, stride=0), SymconvError, r"stride: expected a positive int, got 0"),
        (lambda: conv(X, W, stride=-1), SymconvError, r"stride: expected a positive int, got -1"),
        (lambda: conv(X, W, dilation=0), SymconvError, r"dilation: expected a positive int, got 0"),
        (lambda: conv(X, W, padding=-1), SymconvError, r"padding: expected an int, a tuple of 2 ints.*got -1"),
        (
            lambda: conv(X, W, padding="middle"),
            SymconvError,
            r"padding: expected .*\"same\"/\"valid\"/\"full\"/\"causal\", got 'middle'",
        ),
        (
            lambda: conv(X, W, stride=(1, 1, 1)),
            SymconvError,
            r"stride: expected an int or a tuple of 2 ints \(one per spatial axis\), got \(1, 1, 1\) of length 3",
        ),
        (lambda: conv(X, W, groups=0), SymconvError, r"groups: expected a positive int, got 0"),
        (lambda: conv(X, W, stride=1.5), TypeError, r"stride: expected a positive int, got float 1.5"),
        (lambda: conv(X, W, stride=True), TypeError, r"stride: expected a positive int, got the bool True"),
        (lambda: conv(X, W, groups=2.0), TypeError, r"groups: expected a positive int, got float 2.0"),
        (
            lambda: conv(X.astype(object), W),
            TypeError,
            r"x: expected an integer, float or complex array, got an array of dtype object",
        ),
        (
            lambda: conv(X.astype(str), W),
            TypeError,
            r"x: expected an integer, float or complex array, got an array of dtype <U",
        ),
        (lambda: conv(X, W > 0), TypeError, r"w: expected an integer, float or complex array, got a bool array"),
        (lambda: conv(X, W, np.array(["a", "b"])), TypeError, r"bias: expected .* got an array of dtype <U1"),
        (
            lambda: conv([[[1, 2], [3]]], W),
            TypeError,
            r"x: expected an integer, float or complex array, got list that NumPy cannot convert",
        ),
        (
            lambda: conv_transpose(X, W, padding="same"),
            SymconvError,
            r'padding: "same" is not defined for transposed convolution',
        ),
        (
            lambda: conv_transpose(X, W, padding="SAME"),
            SymconvError,
            r'padding: "same" is not defined for transposed convolution .* got \'SAME\'',
        ),
        (
            lambda: conv_transpose(X, W[:, :, :2, :2].transpose(1, 0, 2, 3)[:3]),
            SymconvError,
            r"w: expected 4 input channels on axis 0 \(as x.shape\[1\]\), got w of shape \(3, 2, 2, 2\)",
        ),
        (
            lambda: conv_transpose(X, np.zeros((4, 1, 3, 3)), groups=3),
            SymconvError,
            r"groups: expected a divisor of the input channels \(4\), got 3",
        ),
        (
            lambda: conv_transpose(X, np.zeros((4, 1, 3, 3)), stride=2, output_padding=2),
            SymconvError,
            r"output_padding: expected an int smaller than stride \(2\) or dilation \(1\) on axis 0, got 2",
        ),
        (
            lambda: conv_transpose(X, np.zeros((4, 1, 1, 1)), padding=4),
            SymconvError,
            r"padding: pads 4\+4 remove the whole transposed output on axis 0",
        ),
        (lambda: conv_transpose(X, np.zeros((4, 1, 1, 1)), np.zeros(2)), SymconvError, r"bias: expected shape \(1,\)"),
        (lambda: conv_transpose(X.astype(str), W), TypeError, r"x: expected an integer, float or complex array"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_symconv_error_is_a_value_error():
    with pytest.raises(ValueError):
        conv(X, W, stride=0)


def test_bad_configuration_is_refused_before_any_large_allocation():
    # broadcast views stand for a 64 GB input; a bad bias must be refused without touching memory
    x = np.broadcast_to(np.float32(0), (1000, 64, 512, 512))
    w = np.broadcast_to(np.float32(0), (64, 64, 3, 3))
    with pytest.raises(SymconvError, match="bias"):
        conv(x, w, np.zeros(3, np.float32), padding=1)
    with pytest.raises(SymconvError, match="input channels"):
        conv_transpose(x, np.broadcast_to(np.float32(0), (32, 64, 3, 3)))


def test_a_layer_too_large_for_memory_is_refused_before_allocating():
    x, w = np.ones((1, 1, 5)), np.ones((1, 1, 3))
    # 5 + 2e12 - 3 + 1 outputs: 16 TB of float64, refused by name rather than a NumPy ValueError or MemoryError
    with pytest.raises(SymconvError, match=r"stride, padding, dilation: expected a layer whose arrays fit in memory .* "
                       r"got an output of shape \(1, 1, 2000000000003\)"):
        conv(x, w, padding=10**12)
    with pytest.raises(SymconvError, match=r"stride, padding, output_padding, dilation: .* got an output of shape "
                       r"\(1, 1, 4000000000003\)"):
        conv_transpose(x, w, stride=10**12)  # (5 - 1) * 10**12 + 3


def test_the_memory_limit_counts_every_array_the_worker_allocates(monkeypatch):
    x, w = np.ones((1, 1, 5)), np.ones((1, 1, 3))
    # padding 1, float64: the output 5 cells (40 bytes), the padded input 7 (56); at stride 1 the columns of
    # the kernel's first tap and its halo of d(k-1) = 2 rows, 5 + 2 cells (56); the staging of the other
    # taps' products, one output's 5 cells (40): 192 bytes in all
    monkeypatch.setattr(_validate, "MAX_ARRAY_BYTES", 192)
    np.testing.assert_array_equal(conv(x, w, padding=1), [[[2, 3, 3, 3, 2]]])
    monkeypatch.setattr(_validate, "MAX_ARRAY_BYTES", 191)
    with pytest.raises(SymconvError, match=r"at most 191 bytes.* output of shape \(1, 1, 5\) \(40 bytes\), "
                       r"a padded input of shape \(1, 1, 7\) \(56 bytes\), the columns of shape \(7,\) \(56 bytes\), "
                       r"the staging of shape \(5,\) \(40 bytes\): 192 bytes of float64"):
        conv(x, w, padding=1)


def test_transposed_convolution_work_does_not_grow_with_the_stride():
    # each input cell scatters the kernel at j * s; nothing else is written (DESIGN: refuse or compute, never hang)
    w = np.array([[[1.0, 2.0, 3.0]]])
    np.testing.assert_array_equal(conv_transpose(np.array([[[2.0]]]), w, stride=10**9), [[[2, 4, 6]]])
    np.testing.assert_array_equal(conv_transpose(np.array([[[2.0]]]), w, stride=2**70), [[[2, 4, 6]]])
    # output_padding 4 < stride adds cells no tap reaches: they hold the bias only
    y = conv_transpose(np.array([[[2.0]]]), w, np.array([0.5]), stride=10**12, output_padding=4)
    np.testing.assert_array_equal(y, [[[2.5, 4.5, 6.5, 0.5, 0.5, 0.5, 0.5]]])
    # two input cells 10**6 apart: the kernel twice, zeros in between
    y = conv_transpose(np.array([[[1.0, 10.0]]]), w, stride=10**6)
    assert y.shape == (1, 1, 10**6 + 3)
    np.testing.assert_array_equal(y[0, 0, :3], [1, 2, 3])
    np.testing.assert_array_equal(y[0, 0, 10**6 :], [10, 20, 30])
    assert np.count_nonzero(y) == 6


def test_a_stride_or_dilation_that_cannot_matter_may_be_huge():
    x = np.arange(1.0, 6.0).reshape(1, 1, 5)
    w = np.array([[[1.0, 2.0, 3.0]]])
    # one output: only the first window, 1 + 4 + 9 = 14, whatever the stride
    for stride in (6, 2**61, 2**63, 2**70):
        np.testing.assert_array_equal(conv(x, w, stride=stride), [[[14.0]]])
    # a one-tap kernel: dilation separates no taps
    np.testing.assert_array_equal(conv(x, np.array([[[2.0]]]), dilation=2**63), 2 * x)
    x2 = np.arange(20.0).reshape(1, 1, 4, 5)
    np.testing.assert_array_equal(conv(x2, np.ones((1, 1, 1, 1)), stride=(2**64, 2)), x2[:, :, :1, ::2])


def test_symbolic_geometry_is_refused_by_the_numeric_backend():
    import sympy

    x, w = np.ones((1, 1, 5)), np.ones((1, 1, 2))
    s = sympy.Symbol("s", integer=True, positive=True)
    with pytest.raises(TypeError, match=r"^stride: expected concrete ints for the numeric backend, got s$"):
        conv(x, w, stride=s)
    with pytest.raises(TypeError, match=r"^padding: expected concrete ints for the numeric backend, got s$"):
        conv_transpose(x, w, padding=s)
    with pytest.raises(TypeError, match=r"stride: expected a positive int or an integer SymPy expression, got 2.0"):
        conv(x, w, stride=sympy.Float(2))
    # SymPy Integers are ints
    np.testing.assert_array_equal(conv(x, w, stride=sympy.Integer(2)), [[[2.0, 2.0]]])


def test_bias_is_cast_to_the_dtype_of_x_and_w():
    rng = np.random.default_rng(3)
    x32 = rng.standard_normal((2, 2, 6)).astype(np.float32)
    w32 = rng.standard_normal((3, 2, 3)).astype(np.float32)
    bias = np.array([0.25, -1.0, 3.0])  # float64
    y = conv(x32, w32, bias)
    assert y.dtype == np.float32
    reference = loop_conv(x32, w32, bias, (1,), [(0, 0)], (1,), 1)
    np.testing.assert_allclose(y, np.asarray(reference.tolist(), float), rtol=1e-5, atol=1e-5)
    wt32 = w32.transpose(1, 0, 2).copy()  # (C_in, C_out, k)
    t = conv_transpose(x32, wt32, bias, stride=2)
    assert t.dtype == np.float32 and t.shape == (2, 3, 13)
    # the adjoint identity with the bias taken out: <conv_transpose(x) - b, y> == <x, conv(y)>
    y64 = rng.standard_normal((2, 3, 13))
    lhs = np.sum((t - bias[:, None].astype(np.float32)) * y64)
    np.testing.assert_allclose(lhs, np.sum(x32 * conv(y64, wt32.astype(float), stride=2)), rtol=1e-4)
    # integers: a bias of the same kind is cast (int32 output, int64 bias), a float one would be truncated
    xi, wi = np.arange(5, dtype=np.int32).reshape(1, 1, 5), np.ones((1, 1, 2), np.int32)
    yi = conv(xi, wi, np.array([10], np.int64))
    assert yi.dtype == np.int32
    np.testing.assert_array_equal(yi, [[[11, 13, 15, 17]]])
    with pytest.raises(TypeError, match=r"bias: expected a dtype that casts to the output dtype int32 \(np.result_type"
                       r"\(x, w\)\) without changing kind, got float64"):
        conv(xi, wi, np.array([0.5]))
    with pytest.raises(TypeError, match=r"bias: .* output dtype float32 .* got complex128"):
        conv_transpose(x32, wt32, np.ones(3) * 1j)


# ----------------------------------------------------------------------------
# PyTorch, when installed
# ----------------------------------------------------------------------------

TORCH_GRID = [
    # (x shape, kernel, stride, padding, dilation, groups, output_padding)
    ((2, 4, 9), (3,), 2, 1, 1, 1, 1),
    ((2, 4, 9), (4,), 3, 2, 2, 2, 2),
    ((1, 6, 7, 8), (3, 3), 1, "same", 1, 1, 0),
    ((2, 6, 7, 8), (3, 2), (2, 1), (1, 0), (1, 2), 3, (1, 0)),
    ((1, 4, 8, 8), (3, 3), 2, 1, 1, 4, 1),
    ((1, 4, 5, 6, 7), (2, 3, 2), (1, 2, 2), (0, 1, 1), (2, 1, 1), 2, (1, 1, 0)),
    ((3, 2, 5, 5, 5), (3, 3, 3), 1, "valid", 1, 1, 0),
]


@pytest.mark.parametrize("shape, kernel, stride, padding, dilation, groups, output_padding", TORCH_GRID)
def test_against_pytorch(shape, kernel, stride, padding, dilation, groups, output_padding):
    torch = need_module("torch")
    functional = torch.nn.functional
    nd = len(kernel)
    rng = np.random.default_rng(7)
    x = rng.standard_normal(shape).astype(np.float32)
    c_in = shape[1]
    c_out = 2 * c_in if groups == c_in else 6
    w = rng.standard_normal((c_out, c_in // groups, *kernel)).astype(np.float32)
    b = rng.standard_normal(c_out).astype(np.float32)
    kwargs = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    ours = conv(x, w, b, **kwargs)
    theirs = getattr(functional, f"conv{nd}d")(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), **kwargs)
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-4, atol=1e-4)
    if padding == "same":
        return
    wt = rng.standard_normal((c_in, c_out // groups, *kernel)).astype(np.float32)
    ours = conv_transpose(x, wt, b, output_padding=output_padding, **kwargs)
    kwargs["padding"] = 0 if padding == "valid" else padding  # torch's transposed convolutions take no strings
    theirs = getattr(functional, f"conv_transpose{nd}d")(
        torch.from_numpy(x), torch.from_numpy(wt), torch.from_numpy(b), output_padding=output_padding, **kwargs
    )
    np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-4, atol=1e-4)

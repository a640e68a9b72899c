"""symconv.numeric.correlate and convolve against the seed notes' examples and scipy.signal."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.signal
from hypothesis import given
from hypothesis import strategies as st

from symconv import SymconvError
from symconv.numeric import conv, convolve, correlate


def test_d2l_corr2d_example():
    y = correlate(np.arange(9).reshape(3, 3), np.array([[0, 1], [2, 3]]))
    assert y.dtype == np.int64
    np.testing.assert_array_equal(y, [[19, 25], [37, 43]])


def test_seed_notes_edge_detection_example():
    x = np.ones((6, 8))
    x[:, 2:6] = 0
    y = correlate(x, np.array([[1.0, -1.0]]))
    expected = np.zeros((6, 7))
    expected[:, 1] = 1  # white-to-black edge
    expected[:, 5] = -1  # black-to-white edge
    np.testing.assert_array_equal(y, expected)
    # the transposed image has horizontal edges, which this kernel cannot see
    np.testing.assert_array_equal(correlate(x.T, np.array([[1.0, -1.0]])), np.zeros((8, 5)))


def test_convolution_flips_the_kernel():
    # the notes: convolution flips the kernel both horizontally and vertically
    a = np.arange(12.0).reshape(3, 4)
    k = np.array([[1.0, 2.0], [3.0, 5.0]])
    np.testing.assert_array_equal(convolve(a, k), correlate(a, k[::-1, ::-1]))
    np.testing.assert_array_equal(correlate(a, k), conv(a[None, None], k[None, None])[0, 0])


def test_same_mode_centres_an_even_kernel_as_scipy_does():
    a = np.array([1.0, 2.0, 3.0, 4.0])
    # correlate "same" with [1, 10]: each output pairs a[n - 1] and a[n] (the window reaches k // 2 back)
    np.testing.assert_array_equal(correlate(a, [1.0, 10.0], mode="same"), [10, 21, 32, 43])
    np.testing.assert_array_equal(convolve(a, [1.0, 10.0], mode="same"), [1, 12, 23, 34])


@st.composite
def array_pairs(draw):
    nd = draw(st.integers(1, 3))
    limit = {1: 9, 2: 6, 3: 4}[nd]
    shape_a = tuple(draw(st.integers(1, limit)) for _ in range(nd))
    shape_k = tuple(draw(st.integers(1, limit)) for _ in range(nd))
    dtype = draw(st.sampled_from([np.float64, np.float32, np.int64, np.complex128]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))

    def make(shape):
        values = rng.integers(-5, 6, size=shape)
        if np.dtype(dtype).kind == "c":
            values = values + 1j * rng.integers(-5, 6, size=shape)
        return values.astype(dtype)

    return make(shape_a), make(shape_k)


@given(array_pairs(), st.sampled_from(["valid", "same", "full"]))
def test_matches_scipy_signal(pair, mode):
    a, k = pair
    for ours, theirs in ((correlate, scipy.signal.correlate), (convolve, scipy.signal.convolve)):
        try:
            expected = theirs(a, k, mode=mode, method="direct")
        except ValueError:  # "valid" with neither input covering the other
            with pytest.raises(SymconvError, match="'valid' needs one input at least as large as the other"):
                ours(a, k, mode=mode)
            continue
        result = ours(a, k, mode=mode)
        assert result.shape == expected.shape
        assert result.dtype == np.result_type(a, k)
        if a.dtype.kind == "i":
            np.testing.assert_array_equal(result, expected)
        else:
            np.testing.assert_allclose(result, expected, rtol=1e-5, atol=1e-4 if a.dtype == np.float32 else 1e-9)


def test_complex_kernel_is_conjugated_by_correlate_only():
    a = np.array([1.0, 2.0, 3.0])
    k = np.array([1j, 2.0])
    np.testing.assert_allclose(correlate(a, k), [1 * -1j + 2 * 2, 2 * -1j + 3 * 2])
    np.testing.assert_allclose(convolve(a, k), [2 * 1j + 1 * 2, 3 * 1j + 2 * 2])


def test_zero_dimensional_inputs_multiply_like_scipy():
    assert correlate(np.array(3.0), np.array(2j)) == scipy.signal.correlate(np.array(3.0), np.array(2j))
    assert convolve(np.array(3), np.array(4)) == 12


def test_larger_kernel_in_valid_mode_swaps_like_scipy():
    a = np.array([1.0, 2.0])
    k = np.array([1.0, 0.0, -1.0, 2.0])
    np.testing.assert_array_equal(correlate(a, k), scipy.signal.correlate(a, k, mode="valid"))
    np.testing.assert_array_equal(convolve(a, k), [2.0, -1.0, 0.0])


def test_modes_are_read_in_any_case_like_padding_strings():
    a, k = [1.0, 2.0, 3.0], [0.0, 1.0, 0.5]
    for mode, want in (("VALID", [3.5]), ("Same", [2.0, 3.5, 3.0]), ("FULL", [0.5, 2.0, 3.5, 3.0, 0.0])):
        np.testing.assert_array_equal(correlate(a, k, mode=mode), scipy.signal.correlate(a, k, mode=mode.lower()))
        np.testing.assert_array_equal(correlate(a, k, mode=mode), want)
    np.testing.assert_array_equal(convolve([1, 2, 3], [1, 1], mode="SAME"), [1, 3, 5])
    with pytest.raises(SymconvError, match=r"mode: expected one of \('valid', 'same', 'full'\), got 'MIDDLE'"):
        correlate(a, k, mode="MIDDLE")


@pytest.mark.parametrize("mode", ["valid", "same", "full"])
def test_float32_stays_float32(mode):
    a = np.ones((5, 6), np.float32)
    assert correlate(a, np.ones((2, 3), np.float32), mode).dtype == np.float32
    assert convolve(a, np.ones((2, 3), np.float16), mode).dtype == np.float32


@pytest.mark.parametrize(
    "call, error, match",
    [
        (
            lambda: correlate([1, 2, 3], [1, 1], mode="middle"),
            SymconvError,
            r"mode: expected one of \('valid', 'same', 'full'\), got 'middle'",
        ),
        (lambda: convolve([1, 2, 3], [1, 1], mode=1), TypeError, r"mode: expected one of .* got int 1"),
        (
            lambda: correlate(np.ones((3, 3)), np.ones(2)),
            SymconvError,
            r"k: expected 2 dimensions like a \(shape \(3, 3\)\), got shape \(2,\)",
        ),
        (
            lambda: correlate(np.ones((0, 3)), np.ones((1, 1))),
            SymconvError,
            r"a: expected a non-empty array, got shape \(0, 3\)",
        ),
        (lambda: convolve(np.ones(3), np.ones(0)), SymconvError, r"k: expected a non-empty array, got shape \(0,\)"),
        (
            lambda: correlate(np.ones((2, 5)), np.ones((3, 2))),
            SymconvError,
            r"mode: 'valid' needs one input at least as large as the other along every axis, got shapes \(2, 5\) and \(3, 2\)",
        ),
        (
            lambda: correlate(np.array(["a", "b"]), [1]),
            TypeError,
            r"a: expected an integer, float or complex array, got an array of dtype <U1",
        ),
        (
            lambda: convolve([1, 2], np.array([None, 1])),
            TypeError,
            r"k: expected an integer, float or complex array, got an array of dtype object",
        ),
        (
            lambda: correlate(np.ones(3) > 0, [1]),
            TypeError,
            r"a: expected an integer, float or complex array, got a bool array",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()

"""The NumPy backend's work and memory follow what is asked, not the geometry's numbers.

- ``conv`` with a dilation of 10**9 and matching padding: 3 outputs from 3 inputs,
  computed tap by tap (it used to build a 2*10**9-cell canvas: 7.8 GB);
- ``correlate``/``convolve`` past a work bound go through the FFT (floats) or
  are refused (integers), instead of running for minutes;
- ``deform_conv2d``'s memory guard counts every temporary (it counted two of
  them and undercounted the peak up to 50 times).
"""

from __future__ import annotations

import importlib
import math
import time
import tracemalloc

import numpy as np
import pytest

from symconv import SymconvError, _validate
from symconv.numeric import conv, conv_transpose, convolve, correlate, deform_conv2d
from symconv.numeric._windows import correlate_gemm, correlate_taps

# the modules (symconv.numeric.correlate is also the name of the function)
correlate_module = importlib.import_module("symconv.numeric.correlate")
deform_module = importlib.import_module("symconv.numeric.deform")


def _peak(call):
    """``(result, peak bytes)`` of ``call`` as tracemalloc sees NumPy's allocations."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def _brute_conv(x, w, stride, padding, dilation):
    """Cross-correlation by its definition, one output and tap at a time (1-D, one channel)."""
    n, k = x.shape[-1], w.shape[-1]
    out = (n + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    y = np.zeros(out)
    for o in range(out):
        for t in range(k):
            q = o * stride + t * dilation - padding
            if 0 <= q < n:
                y[o] += w[0, 0, t] * x[0, 0, q]
    return y


@pytest.mark.parametrize("dilation", [10**6, 10**9, 10**15])
def test_conv_with_a_huge_dilation_and_matching_padding_costs_what_the_result_costs(dilation):
    x = np.array([[[1.0, 2.0, 3.0]]])
    w = np.array([[[5.0, 7.0, 11.0]]])
    y, peak = _peak(lambda: conv(x, w, dilation=dilation, padding=dilation))
    # output o reads o - d, o and o + d through the three taps: only the middle one lands on the input
    np.testing.assert_array_equal(y, [[[7.0, 14.0, 21.0]]])
    assert peak < 100_000


def test_the_tap_route_matches_the_definition_on_sparse_geometries():
    rng = np.random.default_rng(3)
    for _ in range(30):
        n, k = int(rng.integers(1, 6)), int(rng.integers(1, 4))
        dilation = int(rng.integers(10**5, 10**6))
        padding = dilation * int(rng.integers(0, k)) + int(rng.integers(0, 3))
        stride = int(rng.integers(1, 3))
        x, w = rng.normal(size=(1, 1, n)), rng.normal(size=(1, 1, k))
        if (n + 2 * padding - dilation * (k - 1) - 1) < 0:
            continue
        got = conv(x, w, stride=stride, padding=padding, dilation=dilation)[0, 0]
        np.testing.assert_allclose(got, _brute_conv(x, w, stride, padding, dilation), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "shape, kernel, stride, dilation, groups, pads",
    [
        ((2, 4, 7, 6), (6, 2, 3, 2), (1, 2), (2, 1), 2, (1, 0)),
        ((1, 3, 9), (4, 3, 4), (2,), (3,), 1, (-2,)),
        ((3, 2, 5, 5, 4), (2, 1, 2, 3, 2), (1, 1, 2), (1, 2, 1), 2, (1, 2, 0)),
    ],
)
def test_the_tap_route_equals_the_gemm_route(shape, kernel, stride, dilation, groups, pads):
    rng = np.random.default_rng(5)
    x, w = rng.normal(size=shape), rng.normal(size=kernel)
    spatial = shape[2:]
    out = tuple((n + 2 * max(p, 0) - d * (k - 1) - 1) // s + 1 for n, p, d, k, s in zip(spatial, pads, dilation, kernel[2:], stride))
    out = tuple(max(o, 1) for o in out)
    a = correlate_gemm(x, w, pads, out, stride, dilation, groups, np.dtype(np.float64))
    b = correlate_taps(x, w, pads, out, stride, dilation, groups, np.dtype(np.float64))
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_conv_transpose_with_a_huge_dilation():
    x = np.array([[[1.0, 2.0, 3.0]]])
    w = np.array([[[5.0, 7.0, 11.0]]])
    # input i reaches output i + t d - d: with d = p = 10**9 only the middle tap lands inside the 3 outputs
    y, peak = _peak(lambda: conv_transpose(x, w, dilation=10**9, padding=10**9))
    np.testing.assert_array_equal(y, [[[7.0, 14.0, 21.0]]])
    assert peak < 100_000


def test_correlate_of_two_million_long_arrays_in_full_mode_takes_the_fft():
    rng = np.random.default_rng(0)
    a, k = rng.normal(size=2 * 10**6), rng.normal(size=2 * 10**6)
    start = time.process_time()
    z = correlate(a, k, mode="full")
    assert time.process_time() - start < 10  # the direct sum is 4*10**12 multiply-adds
    assert z.shape == (4 * 10**6 - 1,) and z.dtype == np.float64
    # a few outputs by their definition, z[n] = sum_m a[n + m - (K - 1)] k[m], against the documented bound
    bound = 10 * np.finfo(float).eps * math.log2(z.size) * np.linalg.norm(a) * np.linalg.norm(k)
    K = k.size
    for n in (0, 1, 12345, K - 1, 2 * K - 2):
        m = np.arange(max(0, K - 1 - n), min(K, a.size + K - 1 - n))
        assert abs(z[n] - np.dot(a[n + m - (K - 1)], k[m])) <= bound


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("function", [correlate, convolve])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.complex128, np.float16])
def test_the_fft_route_gives_the_direct_outputs(monkeypatch, function, mode, dtype):
    rng = np.random.default_rng(1)
    a = rng.normal(size=(37, 9)).astype(dtype)
    k = rng.normal(size=(6, 4)).astype(dtype)
    if np.dtype(dtype).kind == "c":
        a = a + 1j * rng.normal(size=a.shape)
        k = k + 1j * rng.normal(size=k.shape)
    direct = function(a, k, mode=mode)
    monkeypatch.setattr(correlate_module, "MAX_DIRECT_WORK", 0)
    fft = function(a, k, mode=mode)
    assert fft.shape == direct.shape and fft.dtype == direct.dtype == np.result_type(a, k)
    eps = np.finfo(np.float32 if dtype == np.float16 else dtype).eps
    bound = 10 * eps * math.log2(fft.size + 2) * np.linalg.norm(a.astype(complex)) * np.linalg.norm(k.astype(complex))
    if dtype == np.float16:
        bound += 2 * np.finfo(np.float16).eps * np.abs(direct.astype(float)).max()  # the final rounding to float16
    assert np.abs(fft.astype(complex) - direct.astype(complex)).max() <= bound


def test_integers_past_the_work_bound_are_refused_with_the_route():
    start = time.process_time()
    with pytest.raises(SymconvError, match=r"a: the direct sum .* 19,999,900,000 multiply-adds.*a\.astype\(float\)") as info:
        correlate(np.ones(10**5, int), np.ones(10**5, int), mode="full")
    assert time.process_time() - start < 0.5
    assert info.value.parameter == "a"
    # the route it gives: the same arrays as floats
    z = correlate(np.ones(10**5), np.ones(10**5), mode="full")
    assert z[10**5 - 1] == pytest.approx(10**5)  # the full overlap
    # at the bound integers are still summed exactly: N * M = MAX_DIRECT_WORK multiply-adds
    side = int(math.isqrt(correlate_module.MAX_DIRECT_WORK // 2))
    exact = correlate(np.full(2 * side - 1, 3, np.int64), np.full(side, 2, np.int64), mode="valid")
    assert exact.dtype == np.int64 and set(exact.tolist()) == {6 * side}


def _deform_case(rng, n, c, h, w, c_out, k, *, groups=1, offset_groups=1, dtype=np.float64, mask=False, offset_dtype=None):
    x = rng.normal(size=(n, c, h, w)).astype(dtype)
    weight = rng.normal(size=(c_out, c // groups, k, k)).astype(dtype)
    h_out, w_out = h - k + 1, w - k + 1
    offset = (3 * rng.normal(size=(n, 2 * offset_groups * k * k, h_out, w_out))).astype(offset_dtype or dtype)
    m = rng.normal(size=(n, offset_groups * k * k, h_out, w_out)).astype(dtype) if mask else None
    return x, offset, weight, m, groups, offset_groups


DEFORM_CASES = [
    dict(n=1, c=1, h=8, w=8, c_out=1, k=3),
    dict(n=2, c=4, h=10, w=10, c_out=3, k=3),
    dict(n=2, c=8, h=12, w=12, c_out=8, k=3, groups=2, offset_groups=4),
    dict(n=2, c=2, h=12, w=12, c_out=2, k=3, offset_groups=2, mask=True),
    dict(n=1, c=1, h=16, w=16, c_out=1, k=5, dtype=np.float32, offset_dtype=np.float64),
    dict(n=4, c=1, h=16, w=16, c_out=1, k=3, dtype=np.float16),
    dict(n=1, c=1, h=120, w=120, c_out=1, k=7, mask=True),
    dict(n=4, c=16, h=24, w=24, c_out=16, k=3, offset_groups=2),
]


@pytest.mark.parametrize("case", DEFORM_CASES)
def test_the_deform_guard_counts_at_least_the_measured_peak(case):
    rng = np.random.default_rng(11)
    x, offset, weight, mask, groups, offset_groups = _deform_case(rng, **case)
    result_dtype = np.result_type(x, weight)
    compute = np.dtype(np.float32) if result_dtype == np.float16 else result_dtype
    h_out, w_out = x.shape[2] - weight.shape[2] + 1, x.shape[3] - weight.shape[3] + 1
    arrays = deform_module._working_arrays(
        x, offset, mask, None, weight.shape[0], h_out, w_out, weight.shape[2] ** 2, offset_groups, compute, result_dtype
    )
    estimate = sum(math.prod(shape) * np.dtype(dtype).itemsize for _, shape, dtype in arrays)
    _, peak = _peak(lambda: deform_conv2d(x, offset, weight, mask=mask, groups=groups, offset_groups=offset_groups))
    assert estimate >= peak
    # and not far above it once the arrays dominate NumPy's fixed buffers
    if peak > 10 * deform_module._UFUNC_BUFFERS:
        assert estimate <= 2 * peak


def test_the_deform_guard_refuses_at_its_estimate(monkeypatch):
    rng = np.random.default_rng(2)
    x, offset, weight, mask, groups, offset_groups = _deform_case(rng, n=1, c=2, h=9, w=9, c_out=2, k=3)
    arrays = deform_module._working_arrays(x, offset, None, None, 2, 7, 7, 9, 1, np.dtype(float), np.dtype(float))
    estimate = sum(math.prod(shape) * np.dtype(dtype).itemsize for _, shape, dtype in arrays)
    monkeypatch.setattr(_validate, "MAX_ARRAY_BYTES", estimate)
    deform_conv2d(x, offset, weight)
    monkeypatch.setattr(_validate, "MAX_ARRAY_BYTES", estimate - 1)
    with pytest.raises(SymconvError, match="the sampled values, their sum and the columns"):
        deform_conv2d(x, offset, weight)

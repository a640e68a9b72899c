"""Symbolic forms of the variants against SciPy, NumPy, the backend and hand-worked numbers."""

import numpy as np
import pytest
import scipy.signal
import sympy

from _tools import need_module
from symconv import SymconvError, numeric
from symconv.symbolic.variants import (
    bilinear_form,
    bilinear_sample,
    circular_correlate,
    convolve,
    correlate,
    deform_conv2d_expressions,
    dilated_kernel,
    equivariance_region,
    global_pool_expressions,
    pool_expressions,
    separable_cost_ratio,
    separable_factors,
    separable_rank,
    shift,
    spatial_separable_cost_ratio,
    transposed_construction,
    transposed_scatter,
    zero_insert,
)


def _numbers(expressions, values=None):
    values = values or {}
    return np.array([float(sympy.sympify(e).subs(values)) for e in np.asarray(expressions, dtype=object).ravel()])


def test_zero_insert_and_dilated_kernel():
    np.testing.assert_array_equal(zero_insert(np.array([[1, 2], [3, 4]]), (3,)), [[1, 0, 0, 2], [3, 0, 0, 4]])
    a, b = sympy.symbols("a b")
    assert zero_insert(sympy.Array([a, b]), 2) == sympy.Array([a, 0, b])
    w = np.arange(1, 5).reshape(1, 1, 2, 2)
    np.testing.assert_array_equal(dilated_kernel(w, (2, 3))[0, 0], [[1, 0, 0, 2], [0, 0, 0, 0], [3, 0, 0, 4]])


def test_plain_definitions_against_scipy():
    rng = np.random.default_rng(0)
    f, g = rng.normal(size=(4, 3)), rng.normal(size=(2, 5))
    np.testing.assert_allclose(convolve(f, g), scipy.signal.convolve(f, g, mode="full"))
    x, k = rng.normal(size=(6, 7)), rng.normal(size=(3, 2))
    np.testing.assert_allclose(correlate(x, k), scipy.signal.correlate(x, k, mode="valid"))
    np.testing.assert_allclose(convolve(x, k, mode="valid"), scipy.signal.convolve(x, k, mode="valid"))
    # circular correlation through the FFT: y = ifft(fft(x) * conj(fft(k padded)))
    v, kk = rng.normal(size=8), rng.normal(size=3)
    via_fft = np.fft.ifft(np.fft.fft(v) * np.conj(np.fft.fft(np.r_[kk, np.zeros(5)]))).real
    np.testing.assert_allclose(circular_correlate(v, kk), via_fft)


def test_seed_notes_worked_correlation():
    # seed 001 9.2.1: 0x0+1x1+3x2+4x3 = 19, 25, 37, 43
    np.testing.assert_array_equal(correlate(np.arange(9).reshape(3, 3), np.arange(4).reshape(2, 2)), [[19, 25], [37, 43]])


def test_correlation_is_not_convolution_for_an_asymmetric_kernel():
    # the flip identity is not vacuous: without the flip the two differ
    x, k = np.array(sympy.symbols("x0:4"), dtype=object), np.array(sympy.symbols("k0:2"), dtype=object)
    diff = correlate(x, k)[0] - convolve(x, k, mode="valid")[0]
    assert sympy.expand(diff) != 0


def test_shift():
    np.testing.assert_array_equal(shift(np.arange(1, 7).reshape(2, 3), (1, -1)), [[0, 0, 0], [2, 3, 0]])
    np.testing.assert_array_equal(shift(np.arange(4), 5, circular=True), [3, 0, 1, 2])


@pytest.mark.parametrize("n, k", [(6, 3), (7, 1), (5, 4), (8, 2)])
def test_equivariance_region_is_exactly_where_equality_holds(n, k):
    rng = np.random.default_rng(n * 10 + k)
    x, w = rng.normal(size=n), rng.normal(size=k)
    for p in range(k):
        xp = np.r_[np.zeros(p), x, np.zeros(p)]
        y = np.array([w @ xp[i : i + k] for i in range(len(xp) - k + 1)])
        for t in range(-3, 4):
            moved = np.zeros(n)
            for j in range(n):
                if 0 <= j - t < n:
                    moved[j] = x[j - t]
            mp = np.r_[np.zeros(p), moved, np.zeros(p)]
            y2 = np.array([w @ mp[i : i + k] for i in range(len(mp) - k + 1)])
            equal = [i for i in range(len(y2)) if 0 <= i - t < len(y) and np.isclose(y2[i], y[i - t])]
            assert equal == list(equivariance_region(n, k, t, padding=p)), (p, t)


def test_separability():
    gauss = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    sobel = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    laplacian = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]])
    assert [separable_rank(k) for k in (gauss, sobel, laplacian)] == [1, 1, 2]
    u, v = separable_factors(sobel)
    assert u * v.T == sympy.Matrix(sobel.tolist())
    assert list(u) == [1, 2, 1] and list(v) == [1, 0, -1]
    with pytest.raises(SymconvError, match=r"kernel: expected a kernel of rank at most 1 \(separable\), got rank 2"):
        separable_factors(laplacian)
    # the zero kernel has rank 0 and is separable: 0 = 0 0^T (exact and floating)
    zu, zv = separable_factors(np.zeros((2, 3), int))
    assert zu * zv.T == sympy.zeros(2, 3) and zu.shape == (2, 1) and zv.shape == (3, 1)
    fu0, fv0 = separable_factors(np.zeros((2, 3)))
    assert np.outer(fu0, fv0).tolist() == np.zeros((2, 3)).tolist()
    rng = np.random.default_rng(1)
    K = np.outer(rng.normal(size=4), rng.normal(size=3))
    fu, fv = separable_factors(K)
    np.testing.assert_allclose(np.outer(fu, fv), K, rtol=1e-12)
    with pytest.raises(SymconvError, match="got rank 3"):
        separable_factors(rng.normal(size=(3, 3)))
    a, b, c, d = sympy.symbols("a b c d", nonzero=True)
    su, sv = separable_factors(sympy.Matrix([[a * c, a * d], [b * c, b * d]]))
    assert sympy.simplify(su * sv.T - sympy.Matrix([[a * c, a * d], [b * c, b * d]])) == sympy.zeros(2, 2)
    # separable filtering: numeric two passes equal the full kernel
    x = rng.normal(size=(7, 8))
    two_pass = numeric.correlate(numeric.correlate(x, np.array(fu)[:, None]), np.array(fv)[None, :])
    np.testing.assert_allclose(two_pass, numeric.correlate(x, K), rtol=1e-10)
    with pytest.raises(SymconvError, match="expected a non-empty 2-D kernel"):
        separable_rank(np.ones(3))


def test_cost_ratios():
    C_out, k = sympy.symbols("C_out k", positive=True, integer=True)
    assert sympy.simplify(separable_cost_ratio() - 1 / C_out - 1 / k**2) == 0
    # MobileNets' example: 3x3 kernels, 256 outputs -> about 1/9 + 1/256
    assert separable_cost_ratio().subs({C_out: 256, k: 3}) == sympy.Rational(1, 256) + sympy.Rational(1, 9)
    kh, kw = sympy.symbols("k_h k_w", positive=True, integer=True)
    assert sympy.simplify(spatial_separable_cost_ratio() - 1 / kh - 1 / kw) == 0


@pytest.mark.parametrize(
    "x_shape, w_shape, kw",
    [
        ((1, 3), (1, 1, 3), dict(stride=2)),
        ((2, 3, 2), (2, 3, 2, 3), dict(stride=(2, 1), padding=(1, 0), output_padding=(1, 0))),
        ((4, 2, 3), (4, 1, 3, 2), dict(stride=2, padding=1, dilation=(1, 2), groups=2)),
        ((1, 3), (1, 2, 2), dict(stride=1, padding=1, dilation=2, output_padding=1)),
    ],
)
def test_transposed_construction_and_scatter_match_the_backend(x_shape, w_shape, kw):
    rng = np.random.default_rng(2)
    x, w = rng.normal(size=x_shape), rng.normal(size=w_shape)
    ref = numeric.conv_transpose(x[None], w, **kw)[0]
    steps = transposed_construction(x, w, **kw)
    np.testing.assert_allclose(steps.output, ref, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(transposed_scatter(x, w, **kw), ref, rtol=1e-12, atol=1e-12)
    stride = kw["stride"] if isinstance(kw["stride"], tuple) else (kw["stride"],) * (len(x_shape) - 1)
    assert steps.stuffed.shape[1:] == tuple((i - 1) * s + 1 for i, s in zip(x_shape[1:], stride))
    assert steps.kernel.shape == (ref.shape[0], w_shape[0] // kw.get("groups", 1), *w_shape[2:])


def test_transposed_construction_the_guide_example():
    # guide figure 4.5-like: 2x2 input, 3x3 kernel, stride 2, no padding -> 5x5; stuffed input is 3x3
    x = np.array([[[1.0, 2.0], [3.0, 4.0]]])
    w = np.ones((1, 1, 3, 3))
    steps = transposed_construction(x, w, stride=2)
    np.testing.assert_array_equal(steps.stuffed[0], [[1, 0, 2], [0, 0, 0], [3, 0, 4]])
    assert steps.padded.shape == (1, 7, 7)  # pad k - 1 = 2 each side
    np.testing.assert_array_equal(steps.output[0][2], [4, 4, 10, 6, 6])


def test_symbolic_transposed_against_torch():
    torch = need_module("torch")
    X = np.array(sympy.symbols("x0:4"), dtype=object).reshape(1, 2, 2)
    w = np.array([[[[1, 2], [3, 4]]]], dtype=float)
    out = transposed_construction(X, w, stride=2, padding=1, output_padding=1).output
    values = np.array([1.0, -2.0, 0.5, 3.0])
    ref = torch.nn.functional.conv_transpose2d(
        torch.tensor(values.reshape(1, 1, 2, 2)), torch.tensor(w), stride=2, padding=1, output_padding=1
    ).numpy()[0]
    got = _numbers(out, dict(zip(sympy.symbols("x0:4"), values))).reshape(ref.shape)
    np.testing.assert_allclose(got, ref)


def test_bilinear_form_and_sample():
    u, v = sympy.symbols("u v")
    assert sympy.expand(bilinear_form(u, v, np.ones((2, 2), dtype=object)) - 1) == 0
    img = np.array([[1.0, 2.0, 4.0], [8.0, 16.0, 32.0]])
    # (0.5, 1.25): rows 0/1 half each, columns 1/2 at 3/4 and 1/4
    assert bilinear_sample(img, 0.5, 1.25) == pytest.approx(0.5 * (0.75 * 2 + 0.25 * 4) + 0.5 * (0.75 * 16 + 0.25 * 32))
    assert bilinear_sample(img, -0.5, 0) == pytest.approx(0.5 * 1)  # the corner above is outside
    assert bilinear_sample(img, 2, 0) == 0 and bilinear_sample(img, 0, -1) == 0
    with pytest.raises(SymconvError, match=r"corners: expected a 2x2 array"):
        bilinear_form(u, v, np.ones(4))


def test_deform_expressions_match_the_backend():
    rng = np.random.default_rng(3)
    xs = sympy.symbols("x0:20")
    X = np.array(xs, dtype=object).reshape(1, 4, 5)
    w = rng.normal(size=(2, 1, 3, 3))
    offset = rng.uniform(-1.5, 1.5, size=(18, 4, 5)).round(2)
    mask = rng.uniform(size=(9, 4, 5)).round(2)
    expr = deform_conv2d_expressions(X, offset, w, padding=1, mask=mask)
    values = rng.normal(size=20)
    got = _numbers(expr, dict(zip(xs, values))).reshape(2, 4, 5)
    ref = numeric.deform_conv2d(values.reshape(1, 1, 4, 5), offset[None], w, padding=1, mask=mask[None])[0]
    np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12)
    with pytest.raises(SymconvError, match=r"offset: expected shape \(18, 4, 5\), got \(18, 3, 5\)"):
        deform_conv2d_expressions(X, offset[:, :3], w, padding=1)


@pytest.mark.parametrize(
    "kw",
    [dict(kernel_size=2), dict(kernel_size=3, stride=2, padding=1), dict(kernel_size=(2, 3), stride=(1, 2), ceil_mode=True),
     dict(kernel_size=2, dilation=2, padding=1)],
)
def test_pool_expressions_match_the_backend(kw):
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, 5, 6))
    k = kw.pop("kernel_size")
    got_max = _numbers(pool_expressions(x, k, mode="max", **kw))
    np.testing.assert_allclose(got_max, numeric.max_pool(x[None], k, **kw).ravel())
    if kw.get("dilation", 1) == 1:
        for include in (True, False):
            got = _numbers(pool_expressions(x, k, mode="avg", count_include_pad=include, **kw))
            ref = numeric.avg_pool(x[None], k, count_include_pad=include, **kw)
            np.testing.assert_allclose(got, ref.ravel(), rtol=1e-12)


def test_global_pool():
    x = np.arange(12).reshape(2, 2, 3)
    assert list(global_pool_expressions(x)) == [sympy.Rational(5, 2), sympy.Rational(17, 2)]
    assert list(global_pool_expressions(x, mode="max")) == [5, 11]
    with pytest.raises(SymconvError, match=r'mode: expected "max" or "avg"'):
        pool_expressions(x, 2, mode="min")


def test_bad_input():
    with pytest.raises(SymconvError, match="g: expected an array of rank 2 like f"):
        convolve(np.ones((2, 2)), np.ones(2))
    with pytest.raises(SymconvError, match="k: expected a kernel no larger than x"):
        correlate(np.ones(2), np.ones(3))
    with pytest.raises(SymconvError, match='mode: expected "full" or "valid"'):
        convolve(np.ones(2), np.ones(2), mode="same")
    with pytest.raises(SymconvError, match="offset: expected an int or a tuple of 2 ints"):
        shift(np.ones((2, 2)), (1,))
    with pytest.raises(SymconvError, match=r"padding: expected at most kernel_size - 1 = 2"):
        equivariance_region(5, 3, 1, padding=3)
    with pytest.raises(TypeError, match="offset: expected an int"):
        equivariance_region(5, 3, 1.5)
    with pytest.raises(SymconvError, match="step: expected at most 1 values"):
        zero_insert(np.ones(3), (2, 2))
    with pytest.raises(SymconvError, match="step: expected a positive int, got 0"):
        zero_insert(np.ones(3), 0)
    with pytest.raises(SymconvError, match=r"w: expected 2 input channels in w.shape\[0\]"):
        transposed_construction(np.ones((2, 3)), np.ones((1, 1, 2)))
    with pytest.raises(TypeError, match="expected numbers or SymPy expressions"):
        correlate(np.array(["a", "b"]), np.ones(1))

"""symconv.numeric.max_pool and avg_pool against hand-worked values, a plain loop and PyTorch.

The loop reference below derives the output size (with PyTorch's ceil_mode
rule) and the divisor (PyTorch's: taps inside the padded input, or inside the
input when ``count_include_pad`` is off, never beyond the right padding) on
its own, window by window.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import symconv as sc
from _tools import need_module
from symconv import SymconvError
from symconv.numeric import avg_pool, max_pool


def loop_pool(x, kernel, stride, pads, dilation, ceil_mode, how, count_include_pad=True):
    n, c, *size = x.shape
    out_size = []
    for i, k, s, (pb, pa), d in zip(size, kernel, stride, pads, dilation):
        span = i + pb + pa - d * (k - 1) - 1
        o = (-(-span // s) if ceil_mode else span // s) + 1
        if ceil_mode and (o - 1) * s >= i + pb:  # a last window may not start in the right padding
            o -= 1
        out_size.append(o)
    out = np.zeros((n, c, *out_size))
    for b, ch in itertools.product(range(n), range(c)):
        for position in itertools.product(*map(range, out_size)):
            values, divisor = [], 0
            for tap in itertools.product(*map(range, kernel)):
                index = [p * s + t * d - pb for p, t, s, d, (pb, _) in zip(position, tap, stride, dilation, pads)]
                inside = all(0 <= j < i for j, i in zip(index, size))
                in_padded = all(-pb <= j < i + pa for j, i, (pb, pa) in zip(index, size, pads))
                if inside:
                    values.append(float(x[(b, ch, *index)]))
                divisor += inside if not count_include_pad else in_padded
            if not values:
                return None  # a window wholly in the padding: no max, and 0/0 without the padding
            out[(b, ch, *position)] = max(values) if how == "max" else sum(values) / divisor
    return out


def test_d2l_pooling_examples():
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    np.testing.assert_array_equal(max_pool(x, 2, stride=1)[0, 0], [[4, 5], [7, 8]])
    np.testing.assert_array_equal(avg_pool(x, 2, stride=1)[0, 0], [[2, 3], [5, 6]])
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    np.testing.assert_array_equal(max_pool(x, 3)[0, 0], [[10]])  # stride defaults to the kernel
    np.testing.assert_array_equal(max_pool(x, 3, padding=1, stride=2)[0, 0], [[5, 7], [13, 15]])
    np.testing.assert_array_equal(max_pool(x, (2, 3), padding=(0, 1), stride=(2, 3))[0, 0], [[5, 7], [13, 15]])


def test_channels_pool_separately():
    # d2l: concatenating X and X + 1 on the channel axis gives two pooled channels
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    x = np.concatenate([x, x + 1], axis=1)
    np.testing.assert_array_equal(max_pool(x, 3, padding=1, stride=2)[0], [[[5, 7], [13, 15]], [[6, 8], [14, 16]]])


def test_ceil_mode_divisor_never_counts_beyond_the_right_padding():
    # input 5, kernel 2, stride 2, padding 1, ceil_mode: windows start at -1, 1, 3 (the one at 5 is dropped)
    x = np.arange(1.0, 6.0).reshape(1, 1, 5)
    assert sc.pool_output_size(5, 2, 2, 1, ceil_mode=True) == 3
    # windows: {pad, 1}, {2, 3}, {4, 5}; the last lies inside the input, the first half in padding
    np.testing.assert_allclose(avg_pool(x, 2, padding=1, ceil_mode=True)[0, 0], [0.5, 2.5, 4.5])
    np.testing.assert_allclose(avg_pool(x, 2, padding=1, ceil_mode=True, count_include_pad=False)[0, 0], [1, 2.5, 4.5])
    # input 6, kernel 3, stride 2, no padding, ceil_mode: the last window holds cells 4, 5 and one beyond
    x = np.arange(1.0, 7.0).reshape(1, 1, 6)
    np.testing.assert_allclose(avg_pool(x, 3, stride=2, ceil_mode=True)[0, 0], [2, 4, 5.5])
    np.testing.assert_allclose(max_pool(x, 3, stride=2, ceil_mode=True)[0, 0], [3, 5, 6])


def test_dilated_average_divides_by_the_taps_it_counts():
    x = np.arange(1.0, 8.0).reshape(1, 1, 7)
    # kernel 2, dilation 3, padding 1: taps at (-1, 2), (1, 4), (3, 6)
    np.testing.assert_allclose(avg_pool(x, 2, stride=2, padding=1, dilation=3)[0, 0], [1.5, 3.5, 5.5])
    excluding = avg_pool(x, 2, stride=2, padding=1, dilation=3, count_include_pad=False)
    np.testing.assert_allclose(excluding[0, 0], [3, 3.5, 5.5])


def test_nan_propagates_and_infinities_are_values():
    x = np.array([[[1.0, np.nan, 2.0, 3.0, -np.inf, -np.inf]]])
    out = max_pool(x, 2)
    assert np.isnan(out[0, 0, 0]) and out[0, 0, 1] == 3 and out[0, 0, 2] == -np.inf


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int64, np.float16, np.float32, np.float64])
def test_dtypes(dtype):
    x = (np.arange(2 * 3 * 6 * 5).reshape(2, 3, 6, 5) % 7).astype(dtype)
    m = max_pool(x, 3, stride=2, padding=1)
    a = avg_pool(x, 3, stride=2, padding=1, count_include_pad=False)
    assert m.dtype == dtype
    assert a.dtype == (dtype if np.dtype(dtype).kind == "f" else np.float64)
    pads = [(1, 1), (1, 1)]
    np.testing.assert_array_equal(m, loop_pool(x, (3, 3), (2, 2), pads, (1, 1), False, "max"))
    reference = loop_pool(x, (3, 3), (2, 2), pads, (1, 1), False, "avg", count_include_pad=False)
    rtol = {np.float16: 1e-3, np.float32: 1e-6}.get(dtype, 1e-12)
    np.testing.assert_allclose(a, reference, rtol=rtol)


@st.composite
def pools(draw):
    nd = draw(st.integers(1, 3))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    stride = tuple(draw(st.integers(1, 3)) for _ in range(nd))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(nd))
    pads = tuple((draw(st.integers(0, 2)), draw(st.integers(0, 2))) for _ in range(nd))
    size = tuple(draw(st.integers(1, {1: 8, 2: 6, 3: 4}[nd])) for _ in range(nd))
    ceil_mode = draw(st.booleans())
    try:
        shape = sc.pool_output_size(size, kernel, stride, pads, dilation, ceil_mode)
    except SymconvError:
        assume(False)
    return kernel, stride, pads, dilation, size, ceil_mode, shape


@given(pools(), st.booleans(), st.sampled_from([np.float64, np.float32, np.int32]), st.integers(0, 2**32 - 1))
def test_pools_match_loop_reference(pool, count_include_pad, dtype, seed):
    kernel, stride, pads, dilation, size, ceil_mode, shape = pool
    x = np.random.default_rng(seed).integers(-9, 10, size=(2, 2, *size)).astype(dtype)
    kwargs = dict(stride=stride, padding=pads, dilation=dilation, ceil_mode=ceil_mode)
    max_reference = loop_pool(x, kernel, stride, pads, dilation, ceil_mode, "max")
    if max_reference is None:  # the loop met a window wholly in the padding: both pools must refuse
        for pool in (max_pool, avg_pool):
            with pytest.raises(SymconvError, match="covers only padding"):
                pool(x, kernel, **kwargs)
        return
    m = max_pool(x, kernel, **kwargs)
    a = avg_pool(x, kernel, count_include_pad=count_include_pad, **kwargs)
    assert m.shape[2:] == a.shape[2:] == shape
    np.testing.assert_array_equal(m, max_reference)
    reference = loop_pool(x, kernel, stride, pads, dilation, ceil_mode, "avg", count_include_pad)
    np.testing.assert_allclose(a, reference, rtol=1e-6 if dtype == np.float32 else 1e-12)


def test_same_padding_pools_like_onnx_same_upper():
    x = np.arange(1.0, 6.0).reshape(1, 1, 5)
    # kernel 2, stride 2, SAME_UPPER: output ceil(5/2) = 3, total pad 1, put at the end
    np.testing.assert_array_equal(max_pool(x, 2, padding="same")[0, 0], [2, 4, 5])
    np.testing.assert_array_equal(avg_pool(x, 2, padding="same")[0, 0], [1.5, 3.5, 2.5])
    np.testing.assert_array_equal(avg_pool(x, 2, padding="same", count_include_pad=False)[0, 0], [1.5, 3.5, 5])


def test_pads_larger_than_half_the_kernel_are_fine_while_every_window_sees_input():
    # PyTorch refuses pad 2 with kernel 3; every window here still covers an input cell
    x = np.arange(1.0, 6.0).reshape(1, 1, 5)
    np.testing.assert_array_equal(max_pool(x, 3, stride=1, padding=2)[0, 0], [1, 2, 3, 4, 5, 5, 5])


def test_the_coverage_rule_matches_a_window_by_window_check():
    # the refusal is decided by arithmetic (no array of windows); here every window is looked at, one by one
    from symconv.numeric.pool import _first_uncovered

    def first_uncovered(i, pb, k, s, d, o):
        for j in range(o):
            if not any(0 <= j * s - pb + a * d < i for a in range(k)):
                return j
        return None

    cases = 0
    for i, k, s, d, pb, o in itertools.product(range(1, 6), range(1, 4), range(1, 5), range(1, 8), range(0, 9), range(1, 7)):
        assert _first_uncovered(i, pb, k, s, d, o) == first_uncovered(i, pb, k, s, d, o), (i, k, s, d, pb, o)
        cases += _first_uncovered(i, pb, k, s, d, o) not in (None, 0)
    assert cases > 100  # windows other than the first are found too


def test_huge_pads_are_refused_without_enumerating_windows():
    x = np.arange(1.0, 6.0).reshape(1, 1, 5)
    with pytest.raises(SymconvError, match=r"got pads \(1000000000000000, 1000000000000000\) on axis 0 where window 0"):
        max_pool(x, 3, padding=10**15)
    # kernel 2 at dilation 10**12, pads 10**12 - 1, stride 10: 10**11 + 1 windows.  Window 0 has taps at
    # -(10**12 - 1) and 1, so it sees cell 1; window 1 has taps at -10**12 + 11 and 11, both outside the 5 cells
    with pytest.raises(SymconvError, match=r"where window 1 covers only padding \(input 5, kernel 2, stride 10, "
                       r"dilation 1000000000000\)"):
        max_pool(x, 2, stride=10, padding=10**12 - 1, dilation=10**12)


def test_a_huge_stride_on_a_one_window_axis_is_the_first_window():
    x = np.array([[[3.0, 1.0, 4.0, 1.0, 5.0]]])
    for stride in (5, 2**63, 2**70):
        np.testing.assert_array_equal(max_pool(x, 2, stride=stride), [[[3.0]]])
        np.testing.assert_array_equal(avg_pool(x, 3, stride=stride), [[[8 / 3]]])


def test_a_kernel_far_longer_than_the_input_visits_only_the_taps_that_land():
    # kernel 10**12 with pads of 10**12 / 2 on both sides: one window holding the whole input
    x = np.array([[[3.0, 1.0, 4.0, 1.0, 5.0]]])
    k, p = 10**12, 5 * 10**11
    np.testing.assert_array_equal(max_pool(x, k, padding=p), [[[5.0]]])
    np.testing.assert_array_equal(avg_pool(x, k, padding=p, count_include_pad=False), [[[14 / 5]]])
    # with the padding counted the divisor is the window: all k taps lie in [-p, 5 + p)
    np.testing.assert_allclose(avg_pool(x, k, padding=p), [[[14 / k]]], rtol=1e-15)
    # k - 1 pads before, none after, stride 1: window j spans [j - k + 1, j], the prefix x[:j + 1]
    y = max_pool(x, k, stride=1, padding=((k - 1, 0),))
    np.testing.assert_array_equal(y, [[[3.0, 3.0, 4.0, 4.0, 5.0]]])
    y = avg_pool(x, k, stride=1, padding=((k - 1, 0),), count_include_pad=False)
    np.testing.assert_allclose(y, [[[3.0, 2.0, 8 / 3, 9 / 4, 14 / 5]]], rtol=1e-15)


def test_an_output_too_large_for_memory_is_refused(monkeypatch):
    x = np.ones((1, 1, 5))
    # stride 1, kernel 10**12 and pads just under it: 10**12 + 4 windows, each holding some input
    with pytest.raises(SymconvError, match=r"stride, padding, dilation: expected a layer whose arrays fit in memory .* "
                       r"got an output of shape \(1, 1, 1000000000004\)"):
        max_pool(x, 10**12, stride=1, padding=10**12 - 1)
    from symconv import _validate

    monkeypatch.setattr(_validate, "MAX_ARRAY_BYTES", 8 * 4)  # four float64 outputs fit, five do not
    np.testing.assert_array_equal(avg_pool(np.ones((1, 1, 4), np.int64), 1), np.ones((1, 1, 4)))
    with pytest.raises(SymconvError, match=r"output of shape \(1, 1, 5\) \(40 bytes\)"):
        avg_pool(np.ones((1, 1, 5), np.int8), 1)  # averaged in float64, so 8 bytes per output


def test_symbolic_geometry_and_numpy_flags():
    import sympy

    x = np.arange(6.0).reshape(1, 1, 6)
    with pytest.raises(TypeError, match=r"^stride: expected concrete ints for the numeric backend, got s$"):
        avg_pool(x, 2, stride=sympy.Symbol("s", integer=True, positive=True))
    with pytest.raises(TypeError, match=r"^kernel_size: expected concrete ints for the numeric backend, got k$"):
        max_pool(x, sympy.Symbol("k", integer=True, positive=True))
    # NumPy bools are bools: ceil_mode keeps the last, partial window (4, 5)
    np.testing.assert_array_equal(max_pool(x[..., :5], 2, ceil_mode=np.True_), [[[1.0, 3.0, 4.0]]])
    np.testing.assert_array_equal(avg_pool(x, 2, stride=4, padding=1, count_include_pad=np.False_), [[[0.0, 3.5]]])


# ----------------------------------------------------------------------------
# bad input
# ----------------------------------------------------------------------------

X = np.zeros((1, 2, 5, 5))


@pytest.mark.parametrize("pool", [max_pool, avg_pool])
@pytest.mark.parametrize(
    "x, kwargs, error, match",
    [
        (
            X[0, 0],
            dict(kernel_size=2),
            SymconvError,
            r"x: expected an array \(N, C, \*spatial\) with at least one spatial axis, got shape \(5, 5\)",
        ),
        (
            np.zeros((1, 0, 5)),
            dict(kernel_size=2),
            SymconvError,
            r"x: expected at least one channel, got shape \(1, 0, 5\)",
        ),
        (X, dict(kernel_size=0), SymconvError, r"kernel_size: expected a positive int, got 0"),
        (X, dict(kernel_size=(2, 2, 2)), SymconvError, r"kernel_size: expected an int or a tuple of 2 ints"),
        (X, dict(kernel_size=2, stride=0), SymconvError, r"stride: expected a positive int, got 0"),
        (X, dict(kernel_size=2, padding=-1), SymconvError, r"padding: expected .* got -1"),
        (X, dict(kernel_size=2, padding="half"), SymconvError, r"padding: expected .* got 'half'"),
        (X, dict(kernel_size=2, dilation=0), SymconvError, r"dilation: expected a positive int, got 0"),
        (X, dict(kernel_size=6), SymconvError, r"kernel_size: effective kernel 6 .* larger than the padded input 5"),
        (
            X,
            dict(kernel_size=2, padding=2),
            SymconvError,
            r"padding: expected pads that leave some input in every window, "
            r"got pads \(2, 2\) on axis 0 where window 0 covers only padding",
        ),
        (
            np.zeros((1, 1, 1)),
            dict(kernel_size=2, stride=1, padding=1, dilation=2),
            SymconvError,
            r"window 0 covers only padding \(input 1, kernel 2, stride 1, dilation 2\)",
        ),
        (X, dict(kernel_size=2.0), TypeError, r"kernel_size: expected a positive int, got float 2.0"),
        (X, dict(kernel_size=2, ceil_mode=1), TypeError, r"ceil_mode: expected a bool, got int 1"),
        (
            X.astype(complex),
            dict(kernel_size=2),
            TypeError,
            r"x: expected an integer or float array, got an array of dtype complex128",
        ),
        (X > 0, dict(kernel_size=2), TypeError, r"x: expected an integer or float array, got a bool array"),
        (
            X.astype(object),
            dict(kernel_size=2),
            TypeError,
            r"x: expected an integer or float array, got an array of dtype object",
        ),
        (
            X.astype(str),
            dict(kernel_size=2),
            TypeError,
            r"x: expected an integer or float array, got an array of dtype <U",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(pool, x, kwargs, error, match):
    with pytest.raises(error, match=match):
        pool(x, **kwargs)


def test_count_include_pad_must_be_a_bool():
    with pytest.raises(TypeError, match=r"count_include_pad: expected a bool, got str 'yes'"):
        avg_pool(X, 2, count_include_pad="yes")


# ----------------------------------------------------------------------------
# PyTorch, when installed
# ----------------------------------------------------------------------------

TORCH_GRID = [
    # (x shape, kernel, stride, padding, dilation, ceil_mode)
    ((2, 3, 9), 3, 2, 1, 1, True),
    ((2, 3, 10), 4, 3, 2, 2, False),
    ((2, 3, 7, 8), (3, 2), (2, 2), (1, 1), (1, 1), True),
    ((1, 2, 9, 9), 3, None, 1, 2, True),
    ((1, 2, 6, 7, 5), 2, 2, 1, 1, True),
    ((1, 2, 6, 7, 5), (3, 2, 2), (2, 1, 2), (1, 0, 1), (1, 2, 1), False),
]


@pytest.mark.parametrize("shape, kernel, stride, padding, dilation, ceil_mode", TORCH_GRID)
def test_against_pytorch(shape, kernel, stride, padding, dilation, ceil_mode):
    torch = need_module("torch")
    functional = torch.nn.functional
    nd = len(shape) - 2
    x = np.random.default_rng(3).standard_normal(shape).astype(np.float32)
    t = torch.from_numpy(x)
    ours = max_pool(x, kernel, stride=stride, padding=padding, dilation=dilation, ceil_mode=ceil_mode)
    theirs = getattr(functional, f"max_pool{nd}d")(t, kernel, stride, padding, dilation, ceil_mode)
    np.testing.assert_array_equal(ours, theirs.numpy())
    if dilation not in (1, (1,) * nd):
        return  # PyTorch's average pooling has no dilation
    for include in (True, False):
        ours = avg_pool(x, kernel, stride=stride, padding=padding, ceil_mode=ceil_mode, count_include_pad=include)
        theirs = getattr(functional, f"avg_pool{nd}d")(t, kernel, stride, padding, ceil_mode, include)
        np.testing.assert_allclose(ours, theirs.numpy(), rtol=1e-6, atol=1e-6)

"""symconv.testing.assertions: correct implementations pass, each deliberately wrong one is caught and named.

The implementations under test are written from the definitions with plain
loops (``tests/testing/_wrong.py``), not from symconv's code; each bug is
one mistake people make.  A bug is looked for over random valid cases (the
drawers of symconv.testing.cases); the first case it changes must fail the
assertion, with the mistake named.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

import symconv as sc
from symconv.testing import (
    assert_avg_pool_matches,
    assert_conv_grad_bias_matches,
    assert_conv_grad_input_matches,
    assert_conv_grad_weight_matches,
    assert_conv_matches,
    assert_conv_transpose_matches,
    assert_convolve_matches,
    assert_correlate_matches,
    assert_deform_conv2d_matches,
    assert_max_pool_matches,
)
from symconv import SymconvError
from symconv.testing.cases import random_conv_case, random_deform_conv2d_case, random_pool_case

from . import _wrong

SMALL = dict(max_size=4, max_channels=3, max_kernel=3)


def _conv_cases(seed, n, **options):
    rng = np.random.default_rng(seed)
    return [random_conv_case(rng, **{**SMALL, **options}) for _ in range(n)]


def _first_failure(check, cases):
    """The message of the first case ``check`` fails on, or None."""
    for case in cases:
        try:
            check(case)
        except AssertionError as failure:
            return str(failure)
    return None


# ----------------------------------------------------------------------------
# correct implementations pass
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_a_correct_convolution_written_from_the_definition_passes(dtype):
    for case in _conv_cases(1, 60, dtype=dtype):
        assert_conv_matches(_wrong.conv, *case.args, **case.kwargs)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_correct_transposed_convolution_passes(dtype):
    for case in _conv_cases(2, 60, dtype=dtype, transposed=True):
        assert_conv_transpose_matches(_wrong.conv_transpose, *case.args, **case.kwargs)


@pytest.mark.parametrize("kind", ["max", "avg"])
def test_correct_pooling_passes(kind):
    rng = np.random.default_rng(3)
    check = assert_max_pool_matches if kind == "max" else assert_avg_pool_matches
    fn = _wrong.max_pool if kind == "max" else _wrong.avg_pool
    for _ in range(80):
        case = random_pool_case(rng, kind=kind, max_size=5)
        check(fn, *case.args, **case.kwargs)


def test_a_correct_deformable_convolution_passes():
    rng = np.random.default_rng(4)
    for _ in range(15):
        case = random_deform_conv2d_case(rng, max_size=3, max_channels=2, max_kernel=2)
        assert_deform_conv2d_matches(_wrong.deform_conv2d, *case.args, **case.kwargs)


def test_correct_gradients_pass():
    for case in _conv_cases(5, 30, dtype=np.float64):
        kw = case.kwargs
        g = case.grad_output()
        assert_conv_grad_input_matches(_wrong.conv_grad_input, case.x.shape, case.w, g, **kw)
        assert_conv_grad_weight_matches(_wrong.conv_grad_weight, case.x, case.w.shape, g, **kw)
        assert_conv_grad_bias_matches(_wrong.conv_grad_bias, g)


def test_torch_passes_where_it_computes_the_same(conv_torch):
    """PyTorch's convolution (float32 and float64, every padding mode) passes at the tolerance chosen from the dtype."""
    modes = set()
    for dtype in (np.float64, np.float32):
        for case in _conv_cases(6, 60, dtype=dtype, like="torch"):
            assert_conv_matches(conv_torch, *case.args, **case.kwargs)
            modes.add(case.kwargs.get("padding_mode", "zeros"))
    assert modes == {"zeros", "reflect", "replicate", "circular"}


@pytest.fixture
def conv_torch():
    from _tools import need_module

    torch = need_module("torch")

    def conv(x, w, bias=None, *, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
        if padding_mode != "zeros":  # F.conv has no padding_mode: torch.nn.ConvNd has
            from ._torch import torch_conv_module

            return torch_conv_module(torch, x, w, bias, stride=stride, padding=padding, dilation=dilation, groups=groups,
                                     padding_mode=padding_mode)
        op = {1: torch.nn.functional.conv1d, 2: torch.nn.functional.conv2d, 3: torch.nn.functional.conv3d}[w.ndim - 2]
        b = None if bias is None else torch.from_numpy(bias)
        return op(torch.from_numpy(x), torch.from_numpy(w), b, stride=stride, padding=padding, dilation=dilation, groups=groups)

    return conv


def test_scipy_and_numpy_pass_as_correlate_and_convolve():
    import scipy.signal

    rng = np.random.default_rng(7)
    for mode in ("valid", "same", "full"):
        a, k = rng.normal(size=(6, 5)), rng.normal(size=(3, 2))
        assert_correlate_matches(scipy.signal.correlate, a, k, mode=mode)
        assert_convolve_matches(scipy.signal.convolve, a, k, mode=mode)
    assert_convolve_matches(np.convolve, rng.normal(size=7), rng.normal(size=3), mode="full")


# ----------------------------------------------------------------------------
# wrong implementations are caught and named
# ----------------------------------------------------------------------------

CONV_BUGS = [
    ("flip", "looks like: the kernel flipped", {}),
    ("same_lower", "'same' with the odd extra pad at the start", {"padding_forms": ("same",)}),
    ("same_half", "'same' as d(k-1)//2 on both sides", {"padding_forms": ("same",)}),
    ("pads_swapped", "(before, after) pairs", {"padding_forms": ("pairs",)}),
    ("groups_interleaved_in", "input channels taken interleaved", {"max_groups": 3, "max_channels": 4}),
    ("groups_interleaved_out", "output channels interleaved", {"max_groups": 3, "max_channels": 4}),
    ("stride_dilation_swapped", "stride and dilation swapped", {}),
    ("dilation_ignored", "the dilation ignored", {}),
    ("padding_ignored", "the padding ignored", {"padding_forms": ("int", "tuple", "pairs")}),
    ("bias_dropped", "the bias dropped", {"bias": True}),
    ("bias_twice", "the bias added twice", {"bias": True}),
    ("float32", "right only to float32 precision", {}),
    ("float16", "right only to float16 precision", {"dtype": np.float32}),
    ("off_by_one", "the output size is off by one", {}),
    ("channels_last", "channels-last", {"max_channels": 4}),
    ("scaled", "divided by the batch size", {"max_batch": 3}),
    ("dtype", "dtype: got float64, expected float32", {"dtype": np.float32}),
    ("padding_mode_ignored", "looks like: padding_mode ignored -- the padding filled with zeros, where padding_mode=", {}),
    ("symmetric", "looks like: reflect padding that repeats the border cell (NumPy's np.pad mode 'symmetric')",
     {"padding_modes": ("reflect",)}),
    ("pads_swapped", "looks like: the padding on the wrong side -- 'causal' puts all d(k-1) padding before the input",
     {"padding_forms": ("causal",), "ndim": 1}),
]


@pytest.mark.parametrize("bug, named, options", CONV_BUGS, ids=[bug + "-causal" * ("ndim" in o) for bug, _, o in CONV_BUGS])
def test_each_wrong_convolution_is_caught_and_named(bug, named, options):
    wrong = functools.partial(_wrong.conv, bug=bug)
    message = _first_failure(lambda case: assert_conv_matches(wrong, *case.args, **case.kwargs),
                             _conv_cases(10, 150, **options))
    assert message is not None, f"bug {bug} never caught"
    assert named in message, message


TRANSPOSE_BUGS = [
    ("not_flipped", "the kernel not flipped", {}),
    ("op_at_start", "output_padding at the start", {}),
    ("op_ignored", "output_padding ignored", {}),
    ("pads_added", "the padding added around the output instead of cropped", {"padding_forms": ("int", "tuple")}),
    ("as_conv", "computed as a convolution", {"max_stride": 1}),
    ("pads_swapped", "(before, after) pairs", {"padding_forms": ("pairs",)}),
    ("groups_interleaved_in", "input channels taken interleaved", {"max_groups": 3, "max_channels": 4}),
    ("stride_dilation_swapped", "stride and dilation swapped", {}),
    ("bias_dropped", "the bias dropped", {"bias": True}),
]


@pytest.mark.parametrize("bug, named, options", TRANSPOSE_BUGS, ids=[bug for bug, *_ in TRANSPOSE_BUGS])
def test_each_wrong_transposed_convolution_is_caught_and_named(bug, named, options):
    wrong = functools.partial(_wrong.conv_transpose, bug=bug)
    message = _first_failure(lambda case: assert_conv_transpose_matches(wrong, *case.args, **case.kwargs),
                             _conv_cases(11, 150, transposed=True, **options))
    assert message is not None, f"bug {bug} never caught"
    assert named in message, message


POOL_BUGS = [
    ("max", "pad_zero", "the padding counted as zeros", {}),
    ("max", "ceil_keep_last", "ceil_mode keeps a last window that starts in the right padding", {}),
    ("max", "ceil_ignored", "ceil_mode ignored", {}),
    ("max", "stride_default_1", "the stride defaulting to 1", {}),
    ("max", "pads_swapped", "the padding on the wrong side", {"padding_forms": ("pairs",)}),
    ("avg", "count_include_pad_ignored", "count_include_pad ignored", {}),
    ("avg", "divisor_kernel", "the divisor always the kernel size", {}),
    ("avg", "ceil_keep_last", "ceil_mode keeps a last window", {}),
    ("avg", "stride_default_1", "the stride defaulting to 1", {}),
]


@pytest.mark.parametrize("kind, bug, named, options", POOL_BUGS, ids=[f"{k}-{b}" for k, b, *_ in POOL_BUGS])
def test_each_wrong_pooling_is_caught_and_named(kind, bug, named, options):
    check = assert_max_pool_matches if kind == "max" else assert_avg_pool_matches
    wrong = functools.partial(_wrong.max_pool if kind == "max" else _wrong.avg_pool, bug=bug)
    rng = np.random.default_rng(12)
    cases = [random_pool_case(rng, kind=kind, max_size=5, **options) for _ in range(200)]
    if kind == "max":  # negative inputs show padding counted as zeros
        cases = [type(c)(-np.abs(c.x), c.kernel_size, c.kwargs, c.kind, c.seed) for c in cases]
    message = _first_failure(lambda case: check(wrong, *case.args, **case.kwargs), cases)
    assert message is not None, f"bug {bug} never caught"
    assert named in message, message


DEFORM_BUGS = [
    ("dxdy", "the offsets read as (dx, dy)", {}),
    ("planar", "all row shifts, then all column shifts", {}),
    ("mask_ignored", "the mask ignored", {"mask": True}),
    ("offset_ignored", "the offsets ignored", {}),
]


@pytest.mark.parametrize("bug, named, options", DEFORM_BUGS, ids=[b for b, *_ in DEFORM_BUGS])
def test_each_wrong_deformable_convolution_is_caught_and_named(bug, named, options):
    wrong = functools.partial(_wrong.deform_conv2d, bug=bug)
    rng = np.random.default_rng(13)
    cases = [random_deform_conv2d_case(rng, max_size=3, max_channels=2, **options) for _ in range(40)]
    message = _first_failure(lambda case: assert_deform_conv2d_matches(wrong, *case.args, **case.kwargs), cases)
    assert message is not None, f"bug {bug} never caught"
    assert named in message, message


def test_wrong_gradients_are_caught_and_named():
    cases = _conv_cases(14, 60, max_batch=3)
    checks = [
        (lambda c: assert_conv_grad_weight_matches(functools.partial(_wrong.conv_grad_weight, bug="mean"), c.x, c.w.shape,
                                                   c.grad_output(), **c.kwargs), "averaged over the batch"),
        (lambda c: assert_conv_grad_weight_matches(functools.partial(_wrong.conv_grad_weight, bug="flipped"), c.x, c.w.shape,
                                                   c.grad_output(), **c.kwargs), "the result flipped"),
        (lambda c: assert_conv_grad_input_matches(functools.partial(_wrong.conv_grad_input, bug="not_flipped"), c.x.shape, c.w,
                                                  c.grad_output(), **c.kwargs), "the kernel not flipped"),
        (lambda c: assert_conv_grad_bias_matches(functools.partial(_wrong.conv_grad_bias, bug="mean"), c.grad_output()),
         "averaged over the batch"),
        (lambda c: assert_conv_grad_input_matches(functools.partial(_wrong.conv_grad_input, bug="padding_mode_ignored"),
                                                  c.x.shape, c.w, c.grad_output(), **c.kwargs),
         "looks like: padding_mode ignored -- the padding filled with zeros"),
        (lambda c: assert_conv_grad_weight_matches(functools.partial(_wrong.conv_grad_weight, bug="padding_mode_ignored"),
                                                   c.x, c.w.shape, c.grad_output(), **c.kwargs),
         "looks like: padding_mode ignored -- the padding filled with zeros"),
    ]
    for check, named in checks:
        message = _first_failure(check, cases)
        assert message is not None and named in message, message


def test_wrong_correlate_and_convolve_are_caught():
    import scipy.signal

    a, k = np.arange(6.0), np.array([1.0, 2.0, 5.0])
    with pytest.raises(AssertionError, match="looks like: the kernel flipped -- correlate slides k"):
        assert_correlate_matches(lambda a, k: scipy.signal.convolve(a, k, mode="valid"), a, k)
    with pytest.raises(AssertionError, match="looks like: mode 'same' computed instead of 'full'"):
        assert_convolve_matches(lambda a, k, mode: np.convolve(a, k, mode="same"), a, k, mode="full")


# ----------------------------------------------------------------------------
# the message, the tolerance, and refusals
# ----------------------------------------------------------------------------


def test_the_message_lists_geometry_shapes_and_the_differences_found_independently():
    rng = np.random.default_rng(20)
    x, w = rng.normal(size=(2, 2, 5, 6)), rng.normal(size=(3, 2, 2, 3))
    kwargs = dict(stride=(1, 2), padding="same")
    wrong = functools.partial(_wrong.conv, bug="same_lower")
    with pytest.raises(AssertionError) as info:
        assert_conv_matches(wrong, x, w, **kwargs)
    lines = str(info.value).splitlines()
    got, expected = wrong(x, w, **kwargs), _wrong.conv(x, w, **kwargs)
    differ = ~np.isclose(got, expected, rtol=1e-12, atol=1e-12)
    assert lines[0] == f"conv: {differ.sum()} of {differ.size} values differ from symconv.numeric.conv"
    assert lines[1] == "  call: fn(x, w, stride=(1, 2), padding='same')"
    # 'same' at these sizes, by hand: axis 0 total 1 (k 2), axis 1 total max((3-1)*2 + 3 - 6, 0) = 1
    assert lines[2] == "  geometry: kernel (2, 3), stride (1, 2), padding 'same' = pads ((0, 1), (0, 1)), dilation (1, 1)"
    assert lines[3] == "  shapes: x (2, 2, 5, 6) float64, w (3, 2, 2, 3) float64 -> (2, 3, 5, 3) float64"
    first = [tuple(int(v) for v in index) for index in np.argwhere(differ)[:5]]
    shown = [line.split(":")[0].strip() for line in lines[6:11]]
    assert shown == ["[" + ", ".join(map(str, index)) + "]" for index in first]
    assert lines[-1].startswith("  looks like: the padding on the wrong side -- 'same' with the odd extra pad at the start")


def test_the_message_names_the_padding_mode_and_a_mode_ignored():
    # by hand: x = 1..5 padded by reflect is 2 | 1 2 3 4 5 | 4, so a 3-tap sum gives 5 6 9 12 13; zeros give 3 6 9 12 9
    x, w = np.arange(1.0, 6.0).reshape(1, 1, 5), np.ones((1, 1, 3))
    wrong = functools.partial(_wrong.conv, bug="padding_mode_ignored")
    with pytest.raises(AssertionError) as info:
        assert_conv_matches(wrong, x, w, padding=1, padding_mode="reflect")
    lines = str(info.value).splitlines()
    assert lines[0] == "conv: 2 of 5 values differ from symconv.numeric.conv"
    assert lines[1] == "  call: fn(x, w, padding=1, padding_mode='reflect')"
    assert lines[2] == "  geometry: kernel (3,), stride (1,), padding (1,), dilation (1,), padding_mode 'reflect'"
    assert "    [0, 0, 0]: 3 / 5" in lines and "    [0, 0, 4]: 9 / 13" in lines
    assert lines[-1] == ("  looks like: padding_mode ignored -- the padding filled with zeros, where padding_mode='reflect' "
                         "asks for the input mirrored about its border cell")
    # circular read as replicate: 5 | 1 2 3 4 5 | 1 against 1 | 1 2 3 4 5 | 5
    replicate = lambda x, w, **kw: _wrong.conv(x, w, **{**kw, "padding_mode": "replicate"})  # noqa: E731
    with pytest.raises(AssertionError, match=r"looks like: the padding filled as 'replicate' \(the border cell repeated\), "
                                             r"where padding_mode='circular' asks for the input wrapped around"):
        assert_conv_matches(replicate, x, w, padding=1, padding_mode="circular")


def test_a_function_without_padding_mode_is_told_how_to_draw_cases_without_it():
    def zeros_only(x, w, bias=None, *, stride=1, padding=0, dilation=1, groups=1):
        return _wrong.conv(x, w, bias, stride=stride, padding=padding, dilation=dilation, groups=groups)

    x, w = np.ones((1, 1, 4)), np.ones((1, 1, 3))
    with pytest.raises(AssertionError) as info:
        assert_conv_matches(zeros_only, x, w, padding=1, padding_mode="circular")
    assert str(info.value).splitlines()[-1] == (
        "  note: the case has padding_mode, which the function does not take; the case drawers draw every padding mode "
        "of a convolution unless told padding_modes=('zeros',)")
    assert_conv_matches(zeros_only, x, w, padding=1)


def test_a_padding_mode_the_input_cannot_fill_is_refused_before_the_function_runs():
    calls = []
    with pytest.raises(SymconvError, match=r"padding: reflect padding needs each pad smaller than the input") as info:
        assert_conv_matches(lambda *a, **k: calls.append(a), np.ones((1, 1, 2)), np.ones((1, 1, 3)), padding=2,
                            padding_mode="reflect")
    assert info.value.parameter == "padding" and calls == []


def test_the_tolerance_follows_the_dtype():
    rng = np.random.default_rng(21)
    x, w = rng.normal(size=(1, 3, 8, 8)), rng.normal(size=(4, 3, 3, 3))
    exact = sc.numeric.conv(x, w)
    scale = np.abs(sc.numeric.conv(np.abs(x), np.abs(w)))
    # float64: an error of a few eps * K * magnitude passes, 1e-9 relative fails
    assert_conv_matches(lambda x, w: exact + 4 * np.finfo(float).eps * scale, x, w)
    with pytest.raises(AssertionError, match="values differ"):
        assert_conv_matches(lambda x, w: exact * (1 + 1e-9), x, w)
    # float32 in, float32 out: any summation order of float32 passes
    x32, w32 = x.astype(np.float32), w.astype(np.float32)
    assert_conv_matches(lambda x, w: sc.numeric.conv(x.astype(np.float64)[:, ::-1], w.astype(np.float64)[:, ::-1]).astype(np.float32), x32, w32)
    # rtol / atol replace the dtype's tolerance
    assert_conv_matches(lambda x, w: exact * (1 + 1e-9), x, w, rtol=1e-8)
    assert_conv_matches(lambda x, w: exact + 1e-7, x, w, atol=1e-6)


def test_max_pooling_must_be_exact_and_nan_propagates():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    x[0, 0, 0, 0] = np.nan
    assert_max_pool_matches(_wrong.max_pool, x, 2)
    with pytest.raises(AssertionError, match="1 of 4 values differ"):
        assert_max_pool_matches(lambda x, k: np.nan_to_num(_wrong.max_pool(x, k), nan=5.0), x, 2)
    with pytest.raises(AssertionError):
        assert_max_pool_matches(lambda x, k: _wrong.max_pool(x, k) + 1e-12, np.arange(16.0).reshape(1, 1, 4, 4), 2)


def test_a_dtype_mismatch_fails_unless_told_otherwise():
    x, w = np.ones((1, 1, 4), np.float32), np.ones((1, 1, 2), np.float32)
    as64 = lambda x, w: sc.numeric.conv(x.astype(np.float64), w.astype(np.float64))  # noqa: E731
    with pytest.raises(AssertionError, match=r"the values match symconv.numeric.conv but the dtype does not\n"):
        assert_conv_matches(as64, x, w)
    assert_conv_matches(as64, x, w, check_dtype=False)


def test_what_the_function_does_wrong_besides_numbers():
    x, w = np.ones((1, 1, 4)), np.ones((1, 1, 2))

    def raises(x, w):
        raise ValueError("not implemented for this padding")

    with pytest.raises(AssertionError, match=r"conv: the function raised ValueError: not implemented for this padding\n  call: fn\(x, w\)"):
        assert_conv_matches(raises, x, w)

    def in_place(x, w):
        x += 1
        return sc.numeric.conv(x - 1, w)

    with pytest.raises(AssertionError, match="conv: the function changed its input arrays in place"):
        assert_conv_matches(in_place, x, w)
    with pytest.raises(AssertionError, match="conv: the function returned a <U5 array 'hello', not numbers"):
        assert_conv_matches(lambda x, w: "hello", x, w)
    with pytest.raises(AssertionError, match=r"conv: the result has shape \(\), symconv.numeric gives \(1, 1, 3\)"):
        assert_conv_matches(lambda x, w: 3.0, x, w)
    assert np.array_equal(x, np.ones((1, 1, 4)))  # the caller's arrays are never touched


def test_bad_arguments_are_refused_before_the_function_runs():
    calls = []

    def fn(*args, **kwargs):
        calls.append(args)
        return None

    x, w = np.ones((1, 1, 4)), np.ones((1, 1, 2))
    with pytest.raises(SymconvError, match="stride: expected a positive int, got 0") as info:
        assert_conv_matches(fn, x, w, stride=0)
    assert info.value.parameter == "stride"
    with pytest.raises(SymconvError, match="groups: expected a divisor") as info:
        assert_conv_matches(fn, np.ones((1, 3, 4)), np.ones((2, 1, 2)), groups=2)
    with pytest.raises(SymconvError, match="rtol: expected a finite non-negative number, got -1") as info:
        assert_conv_matches(fn, x, w, rtol=-1)
    assert info.value.parameter == "rtol"
    with pytest.raises(SymconvError, match="padding: expected pads that leave some input in every window"):
        assert_max_pool_matches(fn, np.ones((1, 1, 2)), 2, padding=3, dilation=5)
    with pytest.raises(SymconvError, match="offset: expected shape"):
        assert_deform_conv2d_matches(fn, np.ones((1, 1, 3, 3)), np.zeros((1, 8, 1, 1)), np.ones((1, 1, 2, 2)))
    with pytest.raises(TypeError, match="fn: expected the function to test \\(a callable\\), got int 3"):
        assert_conv_matches(3, x, w)
    with pytest.raises(TypeError, match="check_dtype: expected a bool"):
        assert_conv_matches(fn, x, w, check_dtype="yes")
    with pytest.raises(TypeError, match="stride: expected a positive int, got float 1.5"):
        assert_conv_transpose_matches(fn, x, w, stride=1.5)
    assert calls == []

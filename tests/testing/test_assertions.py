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
    """PyTorch's convolution (float32 and float64) passes at the tolerance chosen from the dtype."""
    for dtype in (np.float64, np.float32):
        for case in _conv_cases(6, 60, dtype=dtype, like="torch"):
            assert_conv_matches(conv_torch, *case.args, **case.kwargs)


@pytest.fixture
def conv_torch():
    from _tools import need_module

    torch = need_module("torch")

    def conv(x, w, bias=None, *, stride=1, padding=0, dilation=1, groups=1):
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
]


@pytest.mark.parametrize("bug, named, options", CONV_BUGS, ids=[bug for bug, *_ in CONV_BUGS])
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

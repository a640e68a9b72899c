"""symconv.testing.cases: the drawers from a NumPy generator, the case objects, and the options' refusals."""

from __future__ import annotations

import numpy as np
import pytest

import symconv as sc
from symconv import SymconvError
from symconv.testing.cases import (
    PADDING_FORMS,
    ConvCase,
    random_conv_case,
    random_deform_conv2d_case,
    random_geometry,
    random_pool_case,
)


def test_random_cases_are_valid_and_shaped_as_they_say():
    rng = np.random.default_rng(0)
    for transposed in (False, True):
        run = sc.numeric.conv_transpose if transposed else sc.numeric.conv
        for _ in range(300):
            case = random_conv_case(rng, transposed=transposed)
            assert run(*case.args, **case.kwargs).shape == case.output_shape
            assert case.grad_output().shape == case.output_shape
    for kind in ("max", "avg"):
        for _ in range(300):
            case = random_pool_case(rng, kind=kind)
            assert getattr(sc.numeric, f"{kind}_pool")(*case.args, **case.kwargs).shape == case.output_shape
    for _ in range(50):
        case = random_deform_conv2d_case(rng)
        assert sc.numeric.deform_conv2d(*case.args, **case.kwargs).shape == case.output_shape


def test_the_sweep_reaches_the_corners_often():
    rng = np.random.default_rng(1)
    cases = [random_conv_case(rng) for _ in range(400)]
    forms = {c.kwargs.get("padding", 0) if isinstance(c.kwargs.get("padding", 0), str) else
             "pairs" if isinstance(c.kwargs.get("padding"), tuple) and isinstance(c.kwargs["padding"][0], tuple) else "ints"
             for c in cases}
    assert forms == {"ints", "pairs", "same", "valid", "full", "causal"}
    assert sum(c.kwargs.get("groups", 1) == c.x.shape[1] > 1 for c in cases) > 20  # depthwise
    assert sum(1 < c.kwargs.get("groups", 1) < c.x.shape[1] for c in cases) > 20
    assert {c.x.ndim - 2 for c in cases} == {1, 2, 3}
    assert sum(any(s > k for s, k in zip(c.geometry.stride, c.w.shape[2:])) for c in cases) > 40


def test_cases_are_reproducible_from_the_seed():
    a, b = random_conv_case(7), random_conv_case(7)
    assert a.kwargs == b.kwargs and np.array_equal(a.x, b.x) and np.array_equal(a.w, b.w)
    assert "ConvCase(conv: x" in repr(a) and f"seed={a.seed}" in repr(a)


def test_integer_and_float32_values_and_dtype_choices():
    rng = np.random.default_rng(2)
    dtypes = {random_conv_case(rng, dtype=(np.float32, np.int16)).x.dtype for _ in range(40)}
    assert dtypes == {np.dtype(np.float32), np.dtype(np.int16)}
    case = random_conv_case(rng, dtype=np.int64)
    assert case.x.dtype == np.int64 and np.abs(case.x).max() <= 3


def test_like_torch_leaves_out_what_torch_does_not_take():
    rng = np.random.default_rng(3)
    for _ in range(200):
        c = random_conv_case(rng, like="torch")
        p = c.kwargs.get("padding", 0)
        assert p in ("same", "valid") or isinstance(p, int) or all(isinstance(v, int) for v in p)
        assert p != "same" or all(s == 1 for s in c.geometry.stride)
        t = random_conv_case(rng, like="torch", transposed=True)
        assert not isinstance(t.kwargs.get("padding", 0), str)
        a = random_pool_case(rng, kind="avg", like="torch")
        assert "dilation" not in a.kwargs
        assert all(i >= k for i, k in zip(a.x.shape[2:], a.geometry.kernel_size))


def test_every_padding_mode_is_drawn_for_convolution_with_pads_that_fit():
    """The pads of every case worked out by tests/testing/_wrong.explicit_pads (not symconv), against PyTorch's limits."""
    from ._wrong import explicit_pads

    rng = np.random.default_rng(4)
    at_limit = set()
    modes = set()
    for _ in range(600):
        case = random_conv_case(rng)
        mode = case.kwargs.get("padding_mode", "zeros")
        modes.add(mode)
        nd = case.x.ndim - 2
        stride, dilation = case.geometry.stride, case.geometry.dilation
        pads = explicit_pads(case.kwargs.get("padding", 0), case.x.shape[2:], case.w.shape[2:], stride, dilation)
        for (pb, pa), i in zip(pads, case.x.shape[2:]):
            if mode == "reflect":
                assert max(pb, pa) < i, case  # a mirror image about the border cell has i - 1 cells to show
                at_limit.add(("reflect", max(pb, pa) == i - 1 > 0))
            if mode == "circular":
                assert max(pb, pa) <= i, case  # one wrap
                at_limit.add(("circular", max(pb, pa) == i))
        assert nd in (1, 2, 3)
    assert modes == {"zeros", "reflect", "replicate", "circular"}
    assert {("reflect", True), ("circular", True)} <= at_limit  # the limits themselves are drawn
    assert all("padding_mode" not in random_conv_case(rng, transposed=True).kwargs for _ in range(50))
    assert all("padding_mode" not in random_conv_case(rng, padding_modes=("zeros",)).kwargs for _ in range(50))
    modes = {random_conv_case(rng, padding_modes=("zeros", "circular")).kwargs.get("padding_mode") for _ in range(50)}
    assert modes == {None, "circular"}


def test_causal_padding_is_drawn_in_1d_and_as_pairs_in_more_axes():
    rng = np.random.default_rng(6)
    one = [random_conv_case(rng, ndim=1, padding_forms=("causal",)) for _ in range(30)]
    assert all(c.kwargs.get("padding") == "causal" for c in one)
    # causal by hand: the last output reads the last input (k_eff - 1 pads before, none after, stride 1)
    c = ConvCase(np.ones((1, 1, 5)), np.ones((1, 1, 3)), None, {"padding": "causal", "dilation": 2})
    assert c.output_shape == (1, 1, 5)
    two = random_conv_case(rng, ndim=2, padding_forms=("causal",), max_dilation=1)
    assert two.kwargs["padding"] == tuple((k - 1, 0) for k in two.w.shape[2:])
    assert all("padding" not in c.kwargs or c.kwargs["padding"] != "causal"
               for c in (random_conv_case(rng, transposed=True) for _ in range(50)))


def test_geometries():
    rng = np.random.default_rng(5)
    drawn = [random_geometry(rng) for _ in range(200)]
    assert {g.transposed for g in drawn} == {False, True}
    assert all(not g.ceil_mode for g in drawn)
    assert all(g.ceil_mode in (True, False) and not g.transposed for g in (random_geometry(rng, pool=True) for _ in range(20)))
    assert {g.padding_mode for g in drawn if not g.transposed} == {"zeros", "reflect", "replicate", "circular"}
    assert {g.padding_mode for g in drawn if g.transposed} == {"zeros"}
    assert {random_geometry(rng, pool=True).padding_mode for _ in range(20)} == {"zeros"}
    assert {random_geometry(rng, transposed=False, padding_modes=("circular",)).padding_mode for _ in range(20)} == {"circular"}


@pytest.mark.parametrize(
    "call, parameter, message",
    [
        (lambda: random_conv_case(ndim=0), "ndim", r"ndim: expected a positive int, got 0"),
        (lambda: random_conv_case(ndim=()), "ndim", r"ndim: expected a positive int or a non-empty tuple of them, got \(\)"),
        (lambda: random_conv_case(ndim=9), "ndim", r"ndim: expected at most 4 spatial axes for a test case, got 9"),
        (lambda: random_conv_case(dtype=np.complex128), "dtype", r"dtype: expected an integer or float dtype, got complex128"),
        (lambda: random_conv_case(dtype=()), "dtype", r"dtype: expected a NumPy dtype or a non-empty tuple of them"),
        (lambda: random_conv_case(like="jax"), "like", r"like: expected None or 'torch', got 'jax'"),
        (lambda: random_conv_case(padding_forms=("int", "circular")), "padding_forms", r"padding_forms: expected some of"),
        (lambda: random_conv_case(padding_forms="int"), "padding_forms", r"padding_forms: expected a non-empty tuple"),
        (lambda: random_conv_case(transposed=True, padding_forms=("same",)), "padding_forms", r"padding_forms: expected some of"),
        (lambda: random_conv_case(max_size=0), "max_size", r"max_size: expected a positive int, got 0"),
        (lambda: random_conv_case(max_padding=-1), "max_padding", r"max_padding: expected a non-negative int, got -1"),
        (lambda: random_conv_case(padding_modes=()), "padding_modes", r"padding_modes: expected a non-empty tuple"),
        (lambda: random_conv_case(padding_modes=("zeros", "mirror")), "padding_modes",
         r"padding_modes: expected some of 'zeros', 'reflect', 'replicate', 'circular', got 'mirror'"),
        (lambda: random_conv_case(transposed=True, padding_modes=("reflect",)), "padding_modes",
         r"padding_modes: transposed convolution pads only with zeros"),
        (lambda: random_conv_case(transposed=True, padding_forms=("causal",)), "padding_forms", r"padding_forms: expected some of"),
        (lambda: random_pool_case(kind="min"), "kind", r"kind: expected 'max' or 'avg', got 'min'"),
        (lambda: random_pool_case(padding_forms=("full",)), "padding_forms", r"padding_forms: expected some of"),
        (lambda: random_deform_conv2d_case(max_offset=-1), "max_offset", r"max_offset: expected a non-negative int"),
        (lambda: random_geometry(pool=True, transposed=True), "pool", r"pool: pooling is never transposed"),
        (lambda: random_geometry(pool=True, padding_modes=("reflect",)), "padding_modes", r"padding_modes: pooling pads with zeros"),
        (lambda: random_geometry(transposed=True, padding_modes=("zeros", "circular")), "padding_modes",
         r"padding_modes: transposed convolution pads only with zeros"),
    ],
)
def test_bad_options_are_refused_in_one_line_naming_them(call, parameter, message):
    with pytest.raises(SymconvError, match=message) as info:
        call()
    assert info.value.parameter == parameter and "\n" not in str(info.value)


def test_wrong_kinds_of_options_are_type_errors():
    with pytest.raises(TypeError, match="max_kernel: expected a positive int, got float 2.5"):
        random_conv_case(max_kernel=2.5)
    with pytest.raises(TypeError, match="transposed: expected a bool"):
        random_conv_case(transposed="yes")
    with pytest.raises(TypeError, match="dtype: expected a NumPy dtype"):
        random_conv_case(dtype="no such dtype")
    with pytest.raises(TypeError, match="padding_modes: expected mode names"):
        random_conv_case(padding_modes=(0,))


def test_padding_forms_constant_lists_every_form_symconv_takes():
    assert set(PADDING_FORMS) == {"int", "tuple", "pairs", "same", "valid", "full", "causal"}
    case = ConvCase(np.ones((1, 1, 4)), np.ones((1, 1, 2)), None, {"padding": "same"})
    assert case.output_shape == (1, 1, 4) and case.args[2] is None

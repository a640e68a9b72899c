"""symconv.testing.strategies: only valid cases, every corner reached, shrinking to the simplest, all runnable in PyTorch.

PyTorch is the independent judge here: every drawn case runs through
``torch.nn.functional`` (pads it cannot take are applied with ``F.pad``,
computed by ``tests/testing/_wrong.py``, not by symconv; a padding mode by
``F.pad(mode=...)`` too) or, as it is, through ``torch.nn.ConvNd(padding_mode=...)``
(``F.conv`` has no padding mode), and must give symconv's numbers.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import find as _find

import symconv as sc
from symconv.testing import conv_cases, deform_conv2d_cases, geometries, pool_cases

from ._torch import TORCH_PAD_MODES, torch_conv_module
from ._wrong import explicit_pads

#: examples per property (SYMCONV_TESTING_EXAMPLES for more; 2000 pass)
EXAMPLES = int(os.environ.get("SYMCONV_TESTING_EXAMPLES", "60"))
MANY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


def find(strategy, predicate):
    """A case that meets ``predicate``, without shrinking it (the corner tests need one, not the simplest)."""
    return _find(strategy, predicate, settings=settings(phases=[Phase.generate], max_examples=2000, database=None))


def _g(kwargs, name, default, ndim):
    value = kwargs.get(name, default)
    return tuple(value) if isinstance(value, tuple) else (value,) * ndim


# ----------------------------------------------------------------------------
# valid, and as described
# ----------------------------------------------------------------------------


@MANY
@given(conv_cases())
def test_every_conv_case_runs_and_has_its_shape(case):
    assert sc.numeric.conv(*case.args, **case.kwargs).shape == case.output_shape
    assert case.w.shape[1] * case.kwargs.get("groups", 1) == case.x.shape[1]
    assert case.bias is None or case.bias.shape == (case.w.shape[0],)


@MANY
@given(conv_cases(transposed=True))
def test_every_transposed_case_runs_and_has_its_shape(case):
    assert sc.numeric.conv_transpose(*case.args, **case.kwargs).shape == case.output_shape


@MANY
@given(pool_cases(kind="max"), pool_cases(kind="avg"))
def test_every_pool_case_runs(max_case, avg_case):
    assert sc.numeric.max_pool(*max_case.args, **max_case.kwargs).shape == max_case.output_shape
    assert sc.numeric.avg_pool(*avg_case.args, **avg_case.kwargs).shape == avg_case.output_shape


@settings(max_examples=60, deadline=None, database=None)
@given(deform_conv2d_cases())
def test_every_deform_case_runs(case):
    assert sc.numeric.deform_conv2d(*case.args, **case.kwargs).shape == case.output_shape


@MANY
@given(geometries())
def test_every_geometry_has_an_output_for_a_large_enough_input(geometry):
    assert isinstance(geometry, sc.Geometry)
    size = tuple(k + 2 * (s + 3) for k, s in zip(geometry.effective_kernel_size, geometry.stride))
    assert all(o >= 1 for o in geometry.output_size(size))


def test_kwargs_hold_only_what_differs_from_the_defaults():
    case = shrunk(conv_cases(ndim=2), lambda c: c.kwargs.get("stride") == (1, 2))
    assert "dilation" not in case.kwargs and "groups" not in case.kwargs and "padding" not in case.kwargs
    for case in (find(conv_cases(max_dilation=1, max_groups=1), lambda c: c.x.ndim == 5 and "stride" in c.kwargs),):
        assert set(case.kwargs) <= {"stride", "padding", "padding_mode"}


# ----------------------------------------------------------------------------
# every corner is reached, and shrinking goes to the simplest case
# ----------------------------------------------------------------------------

_CONV_CORNERS = {
    "groups > 1, not depthwise": lambda c: 1 < c.kwargs.get("groups", 1) < c.x.shape[1],
    "depthwise with a channel multiplier": lambda c: c.kwargs.get("groups", 1) == c.x.shape[1] > 1 and c.w.shape[0] == 2 * c.x.shape[1],
    "dilation > 1": lambda c: any(d > 1 for d in _g(c.kwargs, "dilation", 1, c.x.ndim - 2)),
    "stride larger than the kernel": lambda c: any(s > k for s, k in zip(_g(c.kwargs, "stride", 1, c.x.ndim - 2), c.w.shape[2:])),
    "an even kernel with 'same'": lambda c: c.kwargs.get("padding") == "same" and any(k % 2 == 0 for k in c.w.shape[2:]),
    "'same' at stride 2 with an odd total pad": lambda c: c.kwargs.get("padding") == "same" and c.geometry.pads(c.x.shape[2:])[0] in ((0, 1), (1, 2)) and c.kwargs.get("stride") == 2,
    "asymmetric (before, after) pairs": lambda c: isinstance(c.kwargs.get("padding"), tuple) and isinstance(c.kwargs["padding"][0], tuple) and c.kwargs["padding"][0][0] != c.kwargs["padding"][0][1],
    "'valid'": lambda c: c.kwargs.get("padding") == "valid",
    "'full'": lambda c: c.kwargs.get("padding") == "full",
    "one spatial axis": lambda c: c.x.ndim == 3,
    "three spatial axes": lambda c: c.x.ndim == 5,
    "batch 2 with a bias": lambda c: c.x.shape[0] == 2 and c.bias is not None,
    "'causal'": lambda c: c.kwargs.get("padding") == "causal",
    "reflect with a pad of input - 1 (PyTorch's limit)": lambda c: c.kwargs.get("padding_mode") == "reflect" and any(
        max(p) == i - 1 > 0 for p, i in zip(c.geometry.pads(c.x.shape[2:]), c.x.shape[2:])),
    "circular with a pad of the whole input": lambda c: c.kwargs.get("padding_mode") == "circular" and any(
        max(p) == i for p, i in zip(c.geometry.pads(c.x.shape[2:]), c.x.shape[2:])),
    "replicate with pads past the input": lambda c: c.kwargs.get("padding_mode") == "replicate" and any(
        max(p) > i for p, i in zip(c.geometry.pads(c.x.shape[2:]), c.x.shape[2:])),
    "reflect with 'same' and an even kernel": lambda c: c.kwargs.get("padding_mode") == "reflect"
    and c.kwargs.get("padding") == "same" and any(k % 2 == 0 and k > 1 for k in c.w.shape[2:]),
    "circular with 'causal'": lambda c: c.kwargs.get("padding_mode") == "circular" and c.kwargs.get("padding") == "causal",
    "reflect with 'full'": lambda c: c.kwargs.get("padding_mode") == "reflect" and c.kwargs.get("padding") == "full"
    and any(k > 1 for k in c.w.shape[2:]),
}


@pytest.mark.parametrize("corner", list(_CONV_CORNERS))
def test_conv_cases_reach_every_corner(corner):
    assert _CONV_CORNERS[corner](find(conv_cases(), _CONV_CORNERS[corner]))


def test_transposed_and_pool_corners_are_reached():
    find(conv_cases(transposed=True), lambda c: any(_g(c.kwargs, "output_padding", 0, c.x.ndim - 2)))
    find(conv_cases(transposed=True), lambda c: c.kwargs.get("groups", 1) > 1 and "output_padding" in c.kwargs)

    def ceil_partial(c):  # ceil_mode gives a last window that runs into the right padding or past it
        g = c.geometry
        return g.ceil_mode and g.output_size(c.x.shape[2:]) != g.with_(ceil_mode=False).output_size(c.x.shape[2:])

    def ceil_dropped(c):  # the window that would start in the right padding is dropped
        g = c.geometry
        return g.ceil_mode and any(
            -(-(i + pb + pa - k) // s) + 1 > o
            for i, (pb, pa), k, s, o in zip(c.x.shape[2:], g.pads(c.x.shape[2:]), g.effective_kernel_size, g.stride,
                                            g.output_size(c.x.shape[2:])))

    for kind in ("max", "avg"):
        find(pool_cases(kind=kind), ceil_partial)
        find(pool_cases(kind=kind), ceil_dropped)
        find(pool_cases(kind=kind), lambda c: "padding" in c.kwargs and c.kwargs.get("ceil_mode"))
    find(pool_cases(kind="avg"), lambda c: c.kwargs.get("count_include_pad") is False and "padding" in c.kwargs)
    find(pool_cases(kind="max"), lambda c: any(d > 1 for d in _g(c.kwargs, "dilation", 1, c.x.ndim - 2)))
    find(deform_conv2d_cases(), lambda c: c.kwargs.get("offset_groups", 1) > 1 and c.mask is not None)
    find(deform_conv2d_cases(), lambda c: c.kwargs.get("groups", 1) > 1)
    find(geometries(), lambda g: g.transposed and any(g.output_padding))
    find(geometries(pool=True), lambda g: g.ceil_mode)
    for mode in ("reflect", "replicate", "circular"):
        assert not find(geometries(), lambda g, mode=mode: g.padding_mode == mode).transposed


def shrunk(strategy, predicate):
    """The simplest case that meets ``predicate``, as hypothesis shrinks it (derandomized: the same every run)."""
    return _find(strategy, predicate, settings=settings(database=None, derandomize=True))


def test_shrinking_ends_at_the_simplest_case():
    find = shrunk
    minimal = find(conv_cases(), lambda c: True)
    assert (minimal.x.shape, minimal.w.shape, minimal.bias, minimal.kwargs) == ((1, 1, 1), (1, 1, 1), None, {})
    grouped = find(conv_cases(), lambda c: c.kwargs.get("groups", 1) > 1)
    assert (grouped.x.shape, grouped.w.shape, grouped.kwargs) == ((1, 2, 1), (2, 1, 1), {"groups": 2})
    same = find(conv_cases(), lambda c: c.kwargs.get("padding") == "same" and any(k % 2 == 0 for k in c.w.shape[2:]))
    assert (same.x.shape, same.w.shape, same.kwargs) == ((1, 1, 1), (1, 1, 2), {"padding": "same"})
    pool = find(pool_cases(kind="avg"), lambda c: True)
    assert (pool.x.shape, pool.kernel_size, pool.kwargs) == ((1, 1, 1), 1, {})
    deform = find(deform_conv2d_cases(), lambda c: True)
    assert (deform.x.shape, deform.offset.shape, deform.w.shape, deform.kwargs) == ((1, 1, 1, 1), (1, 2, 1, 1), (1, 1, 1, 1), {})
    assert find(geometries(), lambda g: True) == sc.Geometry(1, padding=0)



def test_a_convolution_that_ignores_padding_mode_is_found_and_shrunk_to_two_cells():
    """The default strategy draws padding modes, so a property test finds the bug; shrinking leaves one reflected cell."""
    import functools

    from ._wrong import conv

    ignores = functools.partial(conv, bug="padding_mode_ignored")
    case = shrunk(conv_cases(), lambda c: not np.allclose(ignores(*c.args, **c.kwargs), sc.numeric.conv(*c.args, **c.kwargs)))
    # two input cells is the fewest reflect can use (a pad must be smaller than the input); the shrinker ends at one of
    # the two simplest ways to pad them (which one depends on the hypothesis version and on time), each worked by hand
    assert case.x.shape == (1, 1, 2) and case.kwargs["padding_mode"] == "reflect"
    (x0, x1), w = case.x[0, 0], case.w[0, 0]
    if case.kwargs["padding"] == "same":
        # 'same' with a 2-tap kernel pads (0, 1); reflect fills the pad with x0, zeros with 0
        assert (case.w.shape, case.kwargs) == ((1, 1, 2), {"padding": "same", "padding_mode": "reflect"})
        w0, w1 = w
        right, wrong = [w0 * x0 + w1 * x1, w0 * x1 + w1 * x0], [w0 * x0 + w1 * x1, w0 * x1]
    else:
        # a 1-tap kernel with one pad each side: reflect reads x1 x0 x1 x0, zeros 0 x0 x1 0
        assert (case.w.shape, case.kwargs) == ((1, 1, 1), {"padding": 1, "padding_mode": "reflect"})
        (w0,) = w
        right, wrong = [w0 * x1, w0 * x0, w0 * x1, w0 * x0], [0, w0 * x0, w0 * x1, 0]
    np.testing.assert_allclose(sc.numeric.conv(*case.args, **case.kwargs)[0, 0], right)
    np.testing.assert_allclose(ignores(*case.args, **case.kwargs)[0, 0], wrong)


def test_the_options_restrict_what_is_drawn():
    @settings(max_examples=80, deadline=None, database=None)
    @given(conv_cases(ndim=(1, 3), dtype=(np.float32, np.int32), padding_forms=("int",), bias=True, max_groups=1,
                      max_dilation=1, padding_modes=("zeros",)))
    def check(case):
        assert case.x.ndim in (3, 5) and case.x.dtype in (np.float32, np.int32)
        assert case.bias is not None and set(case.kwargs) <= {"stride", "padding"}
        assert isinstance(case.kwargs.get("padding", 0), int)

    check()

    @settings(max_examples=40, deadline=None, database=None)
    @given(conv_cases(padding_modes=("circular",)), conv_cases(transposed=True))
    def modes(case, transposed):
        assert case.kwargs["padding_mode"] == "circular" and "padding_mode" not in transposed.kwargs

    modes()


# ----------------------------------------------------------------------------
# every case runs in PyTorch and gives symconv's numbers
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():
    from _tools import need_module

    return need_module("torch")


def _tensor(torch, array):
    return None if array is None else torch.from_numpy(np.ascontiguousarray(array))


def _pad_argument(pads):
    """F.pad's argument: the last axis first."""
    return tuple(v for b, a in reversed(pads) for v in (b, a))


def torch_conv(torch, case, *, direct):
    F = torch.nn.functional
    nd = case.x.ndim - 2
    op = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[nd]
    kw = dict(case.kwargs)
    mode = kw.pop("padding_mode", "zeros")
    stride, dilation = _g(kw, "stride", 1, nd), _g(kw, "dilation", 1, nd)
    x, w, b = _tensor(torch, case.x), _tensor(torch, case.w), _tensor(torch, case.bias)
    if direct:
        if mode != "zeros":
            return torch_conv_module(torch, case.x, case.w, case.bias, padding_mode=mode, **kw)
        return op(x, w, b, **kw).numpy()
    pads = explicit_pads(kw.get("padding", 0), case.x.shape[2:], case.w.shape[2:], stride, dilation)
    padded = F.pad(x, _pad_argument(pads), mode=TORCH_PAD_MODES[mode])
    return op(padded, w, b, stride=stride, dilation=dilation, groups=kw.get("groups", 1)).numpy()


def torch_conv_transpose(torch, case, *, direct):
    F = torch.nn.functional
    nd = case.x.ndim - 2
    op = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}[nd]
    kw = case.kwargs
    x, w, b = _tensor(torch, case.x), _tensor(torch, case.w), _tensor(torch, case.bias)
    if direct:
        return op(x, w, b, **kw).numpy()
    stride, dilation = _g(kw, "stride", 1, nd), _g(kw, "dilation", 1, nd)
    ops = _g(kw, "output_padding", 0, nd)
    pads = explicit_pads(kw.get("padding", 0), case.x.shape[2:], case.w.shape[2:], stride, dilation)
    y = op(x, w, b, stride=stride, dilation=dilation, groups=kw.get("groups", 1), output_padding=ops).numpy()
    # torch's padding crops both ends alike; crop (before, after) by hand
    return y[(slice(None), slice(None), *(slice(pb, n - pa) for (pb, pa), n in zip(pads, y.shape[2:])))]


@MANY
@given(conv_cases())
def test_every_conv_case_runs_in_torch(torch, case):
    np.testing.assert_allclose(torch_conv(torch, case, direct=False), sc.numeric.conv(*case.args, **case.kwargs),
                               rtol=1e-10, atol=1e-10)


@MANY
@given(conv_cases(like="torch"))
def test_torch_like_conv_cases_run_in_torch_as_they_are(torch, case):
    np.testing.assert_allclose(torch_conv(torch, case, direct=True), sc.numeric.conv(*case.args, **case.kwargs),
                               rtol=1e-10, atol=1e-10)


@MANY
@given(conv_cases(transposed=True))
def test_every_transposed_case_runs_in_torch(torch, case):
    np.testing.assert_allclose(torch_conv_transpose(torch, case, direct=False),
                               sc.numeric.conv_transpose(*case.args, **case.kwargs), rtol=1e-10, atol=1e-10)


@MANY
@given(conv_cases(transposed=True, like="torch"))
def test_torch_like_transposed_cases_run_in_torch_as_they_are(torch, case):
    np.testing.assert_allclose(torch_conv_transpose(torch, case, direct=True),
                               sc.numeric.conv_transpose(*case.args, **case.kwargs), rtol=1e-10, atol=1e-10)


def torch_pool(torch, case):
    F = torch.nn.functional
    nd = case.x.ndim - 2
    kw = dict(case.kwargs)
    x = _tensor(torch, case.x)
    if case.kind == "max":
        return {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[nd](x, case.kernel_size, **kw).numpy()
    return {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}[nd](x, case.kernel_size, **kw).numpy()


@MANY
@given(pool_cases(kind="max", like="torch"), pool_cases(kind="avg", like="torch"))
def test_torch_like_pool_cases_run_in_torch_as_they_are(torch, max_case, avg_case):
    for case, fn in ((max_case, sc.numeric.max_pool), (avg_case, sc.numeric.avg_pool)):
        np.testing.assert_allclose(torch_pool(torch, case), fn(*case.args, **case.kwargs), rtol=1e-10, atol=1e-12)


@MANY
@given(pool_cases(kind="max"))
def test_every_max_pool_case_runs_in_torch(torch, case):
    """Pairs, "same" and "valid" by F.pad with -inf first (max pooling's padding never wins)."""
    nd = case.x.ndim - 2
    kw = dict(case.kwargs)
    kernel = _g({"k": case.kernel_size}, "k", 1, nd)
    stride = _g(kw, "stride", case.kernel_size, nd) if kw.get("stride") is not None else kernel
    pads = explicit_pads(kw.pop("padding", 0), case.x.shape[2:], kernel, stride, _g(kw, "dilation", 1, nd))
    if kw.get("ceil_mode"):  # the ceil_mode rule reads the left pad: keep it in torch's padding where it can be
        if any(b != a or b > k // 2 for (b, a), k in zip(pads, kernel)):
            return
        kw["padding"] = tuple(b for b, _ in pads)
        x = _tensor(torch, case.x)
    else:
        x = torch.nn.functional.pad(_tensor(torch, case.x), _pad_argument(pads), value=-np.inf)
    F = torch.nn.functional
    got = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[nd](x, case.kernel_size, **kw).numpy()
    np.testing.assert_array_equal(got, sc.numeric.max_pool(*case.args, **case.kwargs))

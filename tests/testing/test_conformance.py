"""symconv.testing.conformance: check_implementation (the catalogue and a sweep), its report, and load_implementation."""

from __future__ import annotations

import functools
import sys
import textwrap

import numpy as np
import pytest

import symconv as sc
from symconv import SymconvError
from symconv.testing import ImplementationReport, check_implementation, load_implementation
from symconv.testing.conformance import OPERATIONS, CheckRow

from . import _wrong

OWN = {name: getattr(sc.numeric, name) for name in OPERATIONS}


def test_symconvs_own_operations_pass_everything():
    report = check_implementation(**OWN, cases=10)
    assert report.passed and not report.failures
    kinds = [row.kind for row in report.rows]
    assert kinds[: len(OPERATIONS)] == ["conformance"] * len(OPERATIONS)
    assert [row.name for row in report.rows[: len(OPERATIONS)]] == list(OPERATIONS)
    assert all(row.cases == 10 for row in report.rows[: len(OPERATIONS)])
    from symconv.symbolic.catalogue import identities

    using = [i.name for i in identities() if set(i.uses)]  # every identity that calls an operation
    assert [row.name for row in report.rows if row.kind == "identity"] == using


def test_an_independent_correct_implementation_passes():
    """The loop implementations written from the definitions (tests/testing/_wrong.py, bug=None)."""
    from symconv.symbolic.catalogue import identities

    # gradient-bias-is-sum compares with finite differences of step 1e-6 at a relative 1e-9, which another
    # summation order's rounding can miss (symconv's own conv fails it on a reordered copy of x too)
    names = [i.name for i in identities() if set(i.uses) & {"conv", "conv_transpose"} and i.name != "gradient-bias-is-sum"]
    report = check_implementation(conv=_wrong.conv, conv_transpose=_wrong.conv_transpose, cases=15, names=names,
                                  options={"conv": {"max_size": 4}, "conv_transpose": {"max_size": 3}})
    assert report.passed, str(report)


def test_a_wrong_convolution_fails_the_sweep_and_identities():
    flipped = functools.partial(_wrong.conv, bug="flip")
    report = check_implementation(conv=flipped, cases=10, options={"conv": {"max_size": 3}})
    assert not report.passed
    sweep = report.rows[0]
    assert (sweep.kind, sweep.name, sweep.passed) == ("conformance", "conv", False)
    assert "looks like: the kernel flipped" in sweep.detail
    failed_identities = [row.name for row in report.failures if row.kind == "identity"]
    # the catalogue catches it on its own, e.g. multi-channel-sum compares conv with a loop of correlations
    assert "multi-channel-sum" in failed_identities


def test_a_convolution_that_ignores_padding_mode_fails_the_sweep_by_name():
    ignores = functools.partial(_wrong.conv, bug="padding_mode_ignored")
    report = check_implementation(conv=ignores, cases=40, identities=False, options={"conv": {"max_size": 4}})
    (row,) = report.rows
    assert not row.passed and "padding_mode ignored -- the padding filled with zeros" in row.detail
    assert "padding_mode=" in row.detail.splitlines()[1]  # the call shows the mode


def test_a_convolution_without_padding_mode_is_checked_within_what_it_takes():
    def zeros_only(x, w, bias=None, *, stride=1, padding=0, dilation=1, groups=1):
        return _wrong.conv(x, w, bias, stride=stride, padding=padding, dilation=dilation, groups=groups)

    report = check_implementation(conv=zeros_only, cases=20, identities=False,
                                  options={"conv": {"max_size": 4, "padding_modes": ("zeros",)}})
    assert report.passed, str(report)
    report = check_implementation(conv=zeros_only, cases=20, identities=False, options={"conv": {"max_size": 4}})
    detail = report.rows[0].detail
    assert not report.passed and "unexpected keyword argument 'padding_mode'" in detail
    assert "padding_modes=('zeros',)" in detail


def test_a_pooling_without_dilation_is_checked_within_what_it_takes():
    def no_dilation(x, kernel_size, *, stride=None, padding=0, ceil_mode=False):
        return _wrong.max_pool(x, kernel_size, stride=stride, padding=padding, ceil_mode=ceil_mode)

    report = check_implementation(max_pool=no_dilation, cases=30, identities=False,
                                  options={"max_pool": {"max_dilation": 1, "padding_forms": ("int", "tuple")}})
    assert report.passed, str(report)
    report = check_implementation(max_pool=no_dilation, cases=30, identities=False)
    assert not report.passed and "unexpected keyword argument 'dilation'" in report.rows[0].detail


def test_a_crash_in_an_identity_is_a_failed_row_not_an_exception():
    def crashes(a, k, mode="valid"):
        raise RuntimeError("no GPU")

    report = check_implementation(convolve=crashes, cases=0, names=["convolution-commutes"])
    (row,) = report.rows
    assert (row.kind, row.passed) == ("identity", False) and row.detail == "RuntimeError: no GPU"


def test_the_report_as_text_and_markdown():
    rows = (CheckRow("conformance", "conv", True, 40, 0.5), CheckRow("identity", "stride-is-subsampling", False, 0, 0.25,
                                                                        "line one\nline two"))
    report = ImplementationReport(rows, ("conv",))
    text = str(report).splitlines()
    assert text[0].split() == ["check", "name", "result", "cases", "time", "(s)"]
    assert text[2].split() == ["conformance", "conv", "ok", "40", "0.50"]
    assert text[3].split() == ["identity", "stride-is-subsampling", "FAIL", "0.25"]
    assert text[4] == "conv: 2 checks, 1 passed, 1 failed -- FAIL"
    assert text[5:] == ["", "identity stride-is-subsampling:", "  line one", "  line two"]
    markdown = report.to_markdown().splitlines()
    assert markdown[:2] == ["| check | name | result | cases | time (s) |", "|---|---|---|---:|---:|"]
    assert markdown[3] == "| identity | `stride-is-subsampling` | **FAIL** |  | 0.25 |"
    assert markdown[-1] == "- `stride-is-subsampling`: line one"
    assert report._repr_markdown_() == report.to_markdown()
    assert not ImplementationReport((), ("conv",)).passed  # nothing checked is no pass


@pytest.mark.parametrize(
    "kwargs, parameter, message",
    [
        ({}, "conv", r"conv: expected at least one function to check \(conv, conv_transpose, .*\), got none"),
        ({"conv": sc.numeric.conv, "cases": -1}, "cases", r"cases: expected a non-negative int, got -1"),
        ({"conv": sc.numeric.conv, "cases": 10**7}, "cases", r"cases: expected at most 1,000,000 cases per operation, got 10000000"),
        ({"conv": sc.numeric.conv, "options": {"max_pool": {}}}, "options", r"options: expected options for the operations given \(conv\)"),
        ({"conv": sc.numeric.conv, "options": {"conv": {"max_size": 0}}}, "max_size", r"max_size: expected a positive int"),
        ({"conv": sc.numeric.conv, "cases": 0, "names": ["nope"]}, "name", r"name: expected one of .*, got 'nope'"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs, parameter, message):
    with pytest.raises(SymconvError, match=message) as info:
        check_implementation(**kwargs)
    assert info.value.parameter == parameter


def test_a_non_callable_is_a_type_error():
    with pytest.raises(TypeError, match="max_pool: expected a callable, got int 3"):
        check_implementation(max_pool=3)


# ----------------------------------------------------------------------------
# load_implementation
# ----------------------------------------------------------------------------


@pytest.fixture
def my_ops(tmp_path, monkeypatch):
    (tmp_path / "my_ops.py").write_text(textwrap.dedent('''
        import symconv
        conv = symconv.numeric.conv
        def max_pool(x, k, **kw):
            return symconv.numeric.max_pool(x, k, **kw)
        NOT_A_FUNCTION = 3
    '''))
    (tmp_path / "nothing_here.py").write_text("x = 1\n")
    (tmp_path / "broken.py").write_text("raise ImportError('needs CUDA')\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    for name in ("my_ops", "nothing_here", "broken"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    return tmp_path


def test_load_implementation_reads_every_form(my_ops):
    assert set(load_implementation("my_ops")) == {"conv", "max_pool"}  # found in the current directory
    assert load_implementation("my_ops:max_pool")["conv"].__name__ == "max_pool"
    assert list(load_implementation("max_pool=my_ops:max_pool")) == ["max_pool"]
    assert load_implementation("conv=symconv.numeric:conv.__call__")["conv"] is not None


@pytest.mark.parametrize(
    "spec, message",
    [
        ("", r"impl: expected \[operation=\]package.module\[:function\], got ''"),
        ("my_ops:", r"impl: expected \[operation=\]package.module\[:function\], got 'my_ops:'"),
        ("pool=my_ops:max_pool", r"impl: expected an operation among conv, conv_transpose, .* before '=', got 'pool'"),
        ("no_such_module_here", r"impl: cannot import 'no_such_module_here' \(ModuleNotFoundError: No module named"),
        ("broken", r"impl: cannot import 'broken' \(ImportError: needs CUDA\)"),
        ("my_ops:missing", r"impl: 'my_ops' has no attribute 'missing'"),
        ("my_ops:NOT_A_FUNCTION", r"impl: 'my_ops:NOT_A_FUNCTION' is a int, not a function"),
        ("nothing_here", r"impl: 'nothing_here' defines none of conv, conv_transpose"),
        ("max_pool=my_ops", r"impl: max_pool= needs module:function, got 'max_pool=my_ops'"),
    ],
)
def test_load_implementation_refuses_in_one_line(my_ops, spec, message):
    with pytest.raises(SymconvError, match=message) as info:
        load_implementation(spec)
    assert info.value.parameter == "impl" and "\n" not in str(info.value)


def test_numbers_are_compared_in_the_sweep_not_just_shapes():
    """A conv that is right except on one batch image is caught on the first case with two images."""

    def last_image_wrong(x, w, bias=None, **kw):
        y = sc.numeric.conv(x, w, bias, **kw)
        if len(y) > 1:
            y[-1] += 1e-6
        return y

    report = check_implementation(conv=last_image_wrong, cases=40, identities=False, options={"conv": {"max_batch": 2}})
    assert not report.passed and "values differ" in report.rows[0].detail
    assert report.rows[0].cases <= 40
    assert np.isfinite(report.rows[0].seconds)

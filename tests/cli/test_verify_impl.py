"""``symconv verify --impl``: someone's implementation checked from the command line."""

from __future__ import annotations

import sys
import textwrap

import pytest

from ._helpers import assert_usage_error, run


@pytest.fixture
def impl_dir(tmp_path, monkeypatch):
    (tmp_path / "good_ops.py").write_text(textwrap.dedent('''
        import symconv
        def conv(x, w, bias=None, **kw):
            return symconv.numeric.conv(x, w, bias, **kw)
        max_pool = symconv.numeric.max_pool
    '''))
    (tmp_path / "bad_ops.py").write_text(textwrap.dedent('''
        import symconv
        def conv(x, w, bias=None, **kw):
            return symconv.numeric.conv(x, w[..., ::-1], bias, **kw)
    '''))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    for name in ("good_ops", "bad_ops"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    return tmp_path


def test_a_module_of_good_operations_passes(capsys, impl_dir):
    status, out, err = run(capsys, "verify", "--impl", "good_ops", "--cases", "5", "--only", "stride-is-subsampling",
                           "--only", "max-pool-is-max-of-window")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[:3] for line in lines[2:6]] == [
        ["conformance", "conv", "ok"], ["conformance", "max_pool", "ok"],
        ["identity", "stride-is-subsampling", "ok"], ["identity", "max-pool-is-max-of-window", "ok"],
    ]
    assert lines[-1] == "conv, max_pool: 4 checks, 4 passed, 0 failed -- PASS"


def test_a_wrong_convolution_exits_1_with_the_diagnosis(capsys, impl_dir):
    status, out, err = run(capsys, "verify", "--impl", "bad_ops:conv", "--cases", "5", "--only", "multi-channel-sum")
    assert (status, err) == (1, "")
    assert "conformance  conv" in out and "FAIL" in out
    assert "looks like: the kernel flipped" in out  # all axes in 1-D, the last one alone past that
    assert "conv: 2 checks, 0 passed, 2 failed -- FAIL" in out


def test_operations_named_one_by_one(capsys, impl_dir):
    status, out, _ = run(capsys, "verify", "--impl", "max_pool=good_ops:max_pool", "--impl", "conv=good_ops:conv",
                         "--cases", "3", "--only", "stride-is-subsampling")
    assert status == 0 and out.splitlines()[-1].startswith("conv, max_pool: ")


@pytest.mark.parametrize(
    "argv, message",
    [
        ("verify --impl nope_not_here", r"--impl: cannot import 'nope_not_here' \(ModuleNotFoundError: No module named 'nope_not_here'\)"),
        ("verify --impl pool=good_ops:conv", r"--impl: expected an operation among conv, .* before '=', got 'pool'"),
        ("verify --impl good_ops:missing", r"--impl: 'good_ops' has no attribute 'missing'"),
        ("verify --impl good_ops --cases -1", r"--cases: expected a non-negative integer, got '-1'"),
        ("verify --impl good_ops --only nope", r"--only: expected one of .*, got 'nope'"),
    ],
)
def test_errors_are_one_line_naming_the_option(capsys, impl_dir, argv, message):
    assert_usage_error(capsys, argv.split(), message)

"""``symconv verify --impl ... --padding-modes``: the conv sweep's padding modes from the command line."""

from __future__ import annotations

import sys
import textwrap

import pytest

from ._helpers import assert_usage_error, run


@pytest.fixture
def impl_dir(tmp_path, monkeypatch):
    # a convolution that takes no padding_mode, and one that takes it but pads with zeros anyway
    (tmp_path / "zeros_ops.py").write_text(textwrap.dedent('''
        import symconv
        def conv(x, w, bias=None, *, stride=1, padding=0, dilation=1, groups=1):
            return symconv.numeric.conv(x, w, bias, stride=stride, padding=padding, dilation=dilation, groups=groups)
        max_pool = symconv.numeric.max_pool
    '''))
    (tmp_path / "ignoring_ops.py").write_text(textwrap.dedent('''
        import symconv
        def conv(x, w, bias=None, *, padding_mode="zeros", **kw):
            return symconv.numeric.conv(x, w, bias, **kw)
    '''))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    for name in ("zeros_ops", "ignoring_ops"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    return tmp_path


def test_a_conv_without_padding_mode_fails_by_default_and_passes_with_zeros(capsys, impl_dir):
    status, out, err = run(capsys, "verify", "--impl", "zeros_ops:conv", "--cases", "30", "--only", "stride-is-subsampling")
    assert (status, err) == (1, "")
    assert "unexpected keyword argument 'padding_mode'" in out and "padding_modes=('zeros',)" in out
    status, out, err = run(capsys, "verify", "--impl", "zeros_ops:conv", "--cases", "30", "--padding-modes", "zeros",
                           "--only", "stride-is-subsampling")
    assert (status, err) == (0, "")
    assert out.splitlines()[2].split()[:4] == ["conformance", "conv", "ok", "30"]


def test_a_conv_that_ignores_the_mode_is_named(capsys, impl_dir):
    status, out, err = run(capsys, "verify", "--impl", "ignoring_ops:conv", "--cases", "40", "--padding-modes",
                           "zeros, reflect", "--only", "stride-is-subsampling")
    assert (status, err) == (1, "")
    assert "looks like: padding_mode ignored -- the padding filled with zeros, where padding_mode='reflect'" in out


def test_the_help_example_runs(capsys):
    status, out, _ = run(capsys, "verify", "--impl", "symconv.numeric:conv", "--cases", "10", "--padding-modes",
                         "zeros,circular", "--only", "stride-is-subsampling")
    assert status == 0 and "FAIL" not in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--impl", "symconv.numeric:conv", "--padding-modes", "zeros,mirror"],
         r"--padding-modes: expected some of 'zeros', 'reflect', 'replicate', 'circular', got 'mirror'"),
        (["--impl", "symconv.numeric:conv", "--padding-modes", ""], r"--padding-modes: expected some of .*got ''"),
        (["--impl", "max_pool=symconv.numeric:max_pool", "--padding-modes", "zeros"],
         r"--padding-modes: only conv takes a padding mode; --impl gave max_pool"),
        (["--padding-modes", "zeros"], r"--padding-modes: only --impl sweeps cases; got --padding-modes without --impl"),
    ],
)
def test_bad_padding_modes_are_one_line_errors(capsys, argv, message):
    assert_usage_error(capsys, ["verify", *argv], message)

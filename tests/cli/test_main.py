"""The ``symconv`` command as a whole: help, version, entry points, the guard, signals and files."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import tomllib
from _tools import ROOT

import symconv

from ._helpers import COMMANDS, assert_usage_error, help_examples, run


def test_version(capsys):
    assert run(capsys, "--version") == (0, f"symconv {symconv.__version__}\n", "")


def test_help_lists_the_commands(capsys):
    status, out, err = run(capsys, "--help")
    assert status == 0 and err == ""
    assert re.search(r"^\s+build\s+write the derivations", out, re.M)
    assert re.search(r"^\s+shape\s+output size", out, re.M)
    assert "symconv shape --input 5 --kernel 3 --stride 2 --padding 1   # prints 3" in out


def test_help_lists_every_command(capsys):
    _, out, _ = run(capsys, "--help")
    listed = re.findall(r"^    (\w+)\s{2,}\S", out, re.M)
    assert listed == COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help_with_worked_examples(capsys, command):
    status, out, _ = run(capsys, command, "--help")
    assert status == 0
    assert out.startswith(f"usage: symconv {command}")
    assert "examples:" in out
    assert len(re.findall(rf"^  symconv {command}\b", out, re.M)) >= 3


@pytest.mark.parametrize("command", ["derive", "draw", "matrix", "rf", "verify"])
def test_every_example_in_the_help_runs(capsys, command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # draw writes its files here
    examples = help_examples(capsys, command)
    assert examples
    for argv in examples:
        status, out, err = run(capsys, *argv)
        assert (status, err) == (0, ""), argv
        assert out, argv
    if command == "draw":
        written = {argv[argv.index("-o") + 1] for argv in examples}
        assert {p.name for p in tmp_path.iterdir()} == written


@pytest.mark.parametrize(
    "argv, message",
    [
        ("", r"a command is required: build, derive, draw, matrix, shape, rf, verify \(see symconv --help\)"),
        ("plot", r"COMMAND: invalid choice: 'plot' \(choose from '?build'?, '?derive'?, '?draw'?, '?matrix'?, '?shape'?, '?rf'?, '?verify'?\)"),
    ],
)
def test_errors_are_one_line_naming_the_argument(capsys, argv, message):
    assert_usage_error(capsys, argv.split(), message)


def test_python_dash_m_symconv():
    proc = subprocess.run([sys.executable, "-m", "symconv", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"symconv {symconv.__version__}\n", "")
    proc = subprocess.run(
        [sys.executable, "-m", "symconv", "shape", "--input", "5", "--kernel", "3", "--stride", "0"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", "symconv: error: --stride: expected a positive int, got 0\n")


def test_console_script_is_declared():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"symconv": "symconv.cli:main"}

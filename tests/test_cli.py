"""The ``symconv`` command line: answers, strict parsing, one-line errors, build."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest

import symconv
from symconv import build as build_module
from symconv.build import Entry
from symconv.cli import main

from _tools import ROOT


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# ----------------------------------------------------------------------------
# version and help
# ----------------------------------------------------------------------------


def test_version(capsys):
    assert run(capsys, "--version") == (0, f"symconv {symconv.__version__}\n", "")


def test_help_lists_the_commands(capsys):
    status, out, err = run(capsys, "--help")
    assert status == 0 and err == ""
    assert re.search(r"^\s+build\s+write the derivations", out, re.M)
    assert re.search(r"^\s+shape\s+output size", out, re.M)
    assert "symconv shape --input 5 --kernel 3 --stride 2 --padding 1   # prints 3" in out


@pytest.mark.parametrize("command", ["build", "shape"])
def test_each_command_has_help_with_worked_examples(capsys, command):
    status, out, _ = run(capsys, command, "--help")
    assert status == 0
    assert out.startswith(f"usage: symconv {command}")
    assert "examples:" in out
    assert len(re.findall(rf"^  symconv {command} ", out, re.M)) >= 4


def test_the_examples_in_shape_help_print_what_they_say(capsys):
    _, out, _ = run(capsys, "shape", "--help")
    examples = re.findall(r"^  symconv (shape .*?)\s+# prints (.+)$", out, re.M)
    assert len(examples) == 6
    for command, printed in examples:
        assert run(capsys, *command.split()) == (0, printed + "\n", ""), command


# ----------------------------------------------------------------------------
# symconv shape
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, printed",
    [
        # the guide's animations (Dumoulin & Visin): i, k, s, p, d -> o
        ("--input 4 --kernel 3", "2"),
        ("--input 5 --kernel 4 --padding 2", "6"),
        ("--input 5 --kernel 3 --padding 1", "5"),
        ("--input 5 --kernel 3 --padding 2", "7"),
        ("--input 5 --kernel 3 --stride 2", "2"),
        ("--input 5 --kernel 3 --stride 2 --padding 1", "3"),
        ("--input 6 --kernel 3 --stride 2 --padding 1", "3"),
        ("--input 7 --kernel 3 --dilation 2", "3"),
        # ... and back: the transposed convolution gives the input size again
        ("--input 3 --kernel 3 --stride 2 --padding 1 --transposed", "5"),
        ("--input 3 --kernel 3 --stride 2 --padding 1 --transposed --output-padding 1", "6"),
        ("--input 2 --kernel 3 --transposed", "4"),
        ("--input 3 --kernel 3 --dilation 2 --transposed", "7"),
        # two dimensions: one size per axis
        ("--input 5,7 --kernel 3", "3 5"),
        ("--input 5,7 --kernel 3,5 --stride 2,1", "2 3"),
        ("--input 5,5 --kernel 3 --padding 0:1,1", "4 5"),
        ("--input 5,6 --kernel 3 --padding 1,0", "5 4"),
        ("--input 6,6 --kernel 3 --transposed --stride 2 --output-padding 1,0", "14 13"),
        # padding words
        ("--input 6 --kernel 3 --stride 2 --padding same", "3"),
        ("--input 7 --kernel 4 --stride 3 --padding SAME", "3"),
        ("--input 5 --kernel 3 --padding valid", "3"),
        ("--input 5 --kernel 3 --padding full", "7"),
        ("--input 5 --kernel 3 --padding 0:2", "5"),
        ("--input 5 --kernel 3 --padding 1,2", "6"),  # 1-D: before 1, after 2
        # pooling: the stride defaults to the kernel size
        ("--input 6 --kernel 2 --pool", "3"),
        ("--input 5 --kernel 2 --pool", "2"),
        ("--input 5 --kernel 2 --pool --ceil-mode", "3"),
        ("--input 5 --kernel 2 --stride 2 --padding 1 --pool --ceil-mode", "3"),
        ("--input 5 --kernel 3 --stride 1 --pool", "3"),
        # spacing and = forms
        ("--input=5,7 --kernel=3", "3 5"),
        ("--input +5 --kernel 3", "3"),
    ],
)
def test_shape(capsys, argv, printed):
    assert run(capsys, "shape", *argv.split()) == (0, printed + "\n", "")


def test_shape_accepts_spaces_inside_a_quoted_tuple(capsys):
    assert run(capsys, "shape", "--input", "5, 7", "--kernel", " 3 ") == (0, "3 5\n", "")


@pytest.mark.parametrize(
    "argv, message",
    [
        # strict parsing: integers only, nothing is evaluated
        ("shape --input 5.0 --kernel 3", r"--input: expected an integer or comma-separated integers like 5,7, got '5\.0'"),
        ("shape --input 5 --kernel three", r"--kernel: expected an integer .* got 'three'"),
        ("shape --input 2**3 --kernel 3", r"--input: expected an integer .* got '2\*\*3'"),
        ("shape --input __import__('os') --kernel 3", r"--input: expected an integer .* got \"__import__\('os'\)\""),
        ("shape --input 1e3 --kernel 3", r"--input: .* got '1e3'"),
        ("shape --input 5,,7 --kernel 3", r"--input: .* got '5,,7'"),
        ("shape --input 5 --kernel 3 --stride 0x2", r"--stride: .* got '0x2'"),
        ("shape --input 5 --kernel 3 --padding half", r"--padding: expected an integer, comma-separated integers like 1,2, before:after pairs like 0:1,1:1, or same/valid/full, got 'half'"),
        ("shape --input 5 --kernel 3 --padding 1:2:3", r"--padding: .* got '1:2:3'"),
        ("shape --input 5 --kernel 3 --output-padding x --transposed", r"--output-padding: .* got 'x'"),
        # values the geometry refuses, reported under the option the user typed
        ("shape --input 5 --kernel 0", r"--kernel: expected a positive int, got 0"),
        ("shape --input 5 --kernel -3", r"--kernel: expected a positive int, got -3"),
        ("shape --input 0 --kernel 3", r"--input: expected a positive int, got 0"),
        ("shape --input 5 --kernel 3 --stride 0", r"--stride: expected a positive int, got 0"),
        ("shape --input 5 --kernel 3 --stride -1", r"--stride: expected a positive int, got -1"),
        ("shape --input 5 --kernel 3 --dilation 0", r"--dilation: expected a positive int, got 0"),
        ("shape --input 5 --kernel 3 --padding -1", r"--padding: expected an int, .* got -1"),
        ("shape --input 5 --kernel 7", r"--kernel: effective kernel 7 \(kernel 7, dilation 1\) is larger than the padded input 5 .*"),
        ("shape --input 5 --kernel 3 --padding same --transposed", r'--padding: "same" is not defined for transposed convolution.*'),
        ("shape --input 5 --kernel 3 --stride 2 --output-padding 2 --transposed", r"--output-padding: expected an int smaller than stride \(2\) or dilation \(1\) on axis 0, got 2"),
        ("shape --input 1 --kernel 3 --padding 3 --transposed", r"--padding: pads 3\+3 remove the whole transposed output .*"),
        ("shape --input 5,5 --kernel 3,3,3", r"--input: expected a tuple of 3 ints \(one per spatial axis\), got \(5, 5\)"),
        ("shape --input 5 --kernel 3 --padding 1,2,3", r"--padding: expected .* got \(1, 2, 3\)"),
        # options that do not go together
        ("shape --input 5 --kernel 3 --output-padding 1", r"--output-padding: only --transposed takes output padding, got 1"),
        ("shape --input 5 --kernel 3 --ceil-mode", r"--ceil-mode: only pooling rounds up; add --pool, got --ceil-mode without it"),
        ("shape --input 5 --kernel 3 --pool --transposed", r"--transposed: not allowed with argument --pool"),
        ("shape --input 5", r"the following arguments are required: --kernel"),
        ("shape --input 5 --kernel 3 --strides 2", r"unrecognized arguments: --strides 2"),
        ("", r"a command is required: build or shape \(see symconv --help\)"),
        ("draw", r"COMMAND: invalid choice: 'draw' \(choose from '?build'?, '?shape'?\)"),
        ("build --only nope", r"--only: expected one of shape-arithmetic \(or a pattern\), got 'nope'"),
    ],
)
def test_errors_are_one_line_naming_the_argument(capsys, argv, message):
    status, out, err = run(capsys, *argv.split())
    assert status == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert re.fullmatch(r"symconv: error: " + message + r"\n", err), err


def test_a_huge_number_is_refused_cleanly(capsys):
    status, _, err = run(capsys, "shape", "--input", "9" * 5000, "--kernel", "3")
    assert status == 2
    assert err.startswith("symconv: error: --input: expected an integer of at most 4300 digits")


# ----------------------------------------------------------------------------
# symconv build
# ----------------------------------------------------------------------------


@pytest.fixture
def small_table(monkeypatch):
    table = (
        Entry("notes", ("derivations/a.md",), lambda: {"derivations/a.md": "# A\n"}, "a note"),
        Entry("picture", ("figures/b.svg", "figures/b.png"), lambda: {"figures/b.svg": "<svg/>\n", "figures/b.png": b"\x89PNG"}),
    )
    monkeypatch.setattr(build_module, "TABLE", table)
    return table


def test_build_writes_under_out_and_reports(capsys, tmp_path, small_table):
    status, out, err = run(capsys, "build", "--out", str(tmp_path))
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[:3] == [
        "[1/2] notes: derivations/a.md written (4 B)",
        "[2/2] picture: figures/b.svg written (7 B)",
        "[2/2] picture: figures/b.png written (4 B)",
    ]
    assert re.fullmatch(r"built 3 files from 2 entries in \d+\.\d s: 3 written, 0 unchanged", lines[3])
    assert (tmp_path / "derivations" / "a.md").read_text() == "# A\n"
    assert (tmp_path / "figures" / "b.png").read_bytes() == b"\x89PNG"


def test_build_writes_in_the_working_directory_by_default(capsys, tmp_path, small_table, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "build", "--only", "notes")[0] == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == ["derivations/a.md"]


def test_build_only_is_repeatable_and_takes_patterns(capsys, tmp_path, small_table):
    status, out, _ = run(capsys, "build", "--out", str(tmp_path), "--only", "pic*", "--only", "notes")
    assert status == 0
    assert [line.split(": ")[0] for line in out.splitlines()[:-1]] == ["[1/2] notes", "[2/2] picture", "[2/2] picture"]


def test_build_check_exits_1_when_stale_and_writes_nothing(capsys, tmp_path, small_table):
    status, out, err = run(capsys, "build", "--out", str(tmp_path), "--check")
    assert status == 1
    assert "[1/2] notes: derivations/a.md missing (4 B)" in out.splitlines()
    assert err == "symconv: 3 file(s) stale or missing; run `symconv build` to regenerate them\n"
    assert not any(tmp_path.iterdir())
    assert run(capsys, "build", "--out", str(tmp_path))[0] == 0
    status, out, _ = run(capsys, "build", "--out", str(tmp_path), "--check")
    assert status == 0
    assert out.splitlines()[-1].endswith(": 3 current, 0 stale, 0 missing")


def test_build_list(capsys, small_table):
    status, out, _ = run(capsys, "build", "--list")
    assert status == 0
    assert out == "notes: derivations/a.md -- a note\npicture: figures/b.svg, figures/b.png\n"


def test_build_into_a_file_is_a_one_line_error(capsys, tmp_path, small_table):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    status, out, err = run(capsys, "build", "--out", str(blocker))
    assert status == 2
    assert re.fullmatch(rf"symconv: error: --out: cannot write under '{re.escape(str(blocker))}': .*\n", err)


def test_the_real_table_builds_from_the_command_line(capsys, tmp_path):
    status, out, _ = run(capsys, "build", "--out", str(tmp_path), "--only", "shape-arithmetic")
    assert status == 0
    assert (tmp_path / "derivations" / "shape-arithmetic.tex").read_bytes() == (
        ROOT / "derivations" / "shape-arithmetic.tex"
    ).read_bytes()


# ----------------------------------------------------------------------------
# entry points
# ----------------------------------------------------------------------------


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

"""The ``symconv`` command as a whole: help, version, entry points, the guard, signals and files."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import textwrap
import time
import tomllib

import pytest

import symconv
from symconv import build as build_module
from symconv.build import Entry
from symconv.cli import shape as shape_command

from _tools import ROOT

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
        ("", r"a command is required: build, derive, draw, matrix, shape, rf, summary, verify \(see symconv --help\)"),
        ("plot", r"COMMAND: invalid choice: 'plot' \(choose from '?build'?, '?derive'?, '?draw'?, '?matrix'?, '?shape'?, '?rf'?, "
                 r"'?summary'?, '?verify'?\)"),
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


# ----------------------------------------------------------------------------
# the last guard: an error of symconv's own is one line, its traceback under --debug
# ----------------------------------------------------------------------------


def crash(args):
    raise RuntimeError("the worker fell over " + "and over " * 20)


def test_an_internal_error_is_one_line_with_exit_1(capsys, monkeypatch):
    monkeypatch.setattr(shape_command, "run", crash)
    status, out, err = run(capsys, "shape", "--input", "5", "--kernel", "3")
    assert (status, out) == (1, "")
    # the exception's words cut to 60 characters (57 and "...")
    said = ("the worker fell over " + "and over " * 20)[:57] + "..."
    assert err == (
        f"symconv: internal error (RuntimeError: {said}); please report it, or run with --debug for the traceback\n"
    )


def test_debug_shows_the_traceback(capsys, monkeypatch):
    monkeypatch.setattr(shape_command, "run", crash)
    status, out, err = run(capsys, "--debug", "shape", "--input", "5", "--kernel", "3")
    assert (status, out) == (1, "")
    lines = err.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert "RuntimeError: the worker fell over and over" in err and 'raise RuntimeError("the worker fell over "' in err
    assert re.fullmatch(r"symconv: internal error \(RuntimeError: the worker fell over .*\.\.\.\); please report it", lines[-1])


def test_debug_is_listed_in_the_help(capsys):
    _, out, _ = run(capsys, "--help")
    assert re.search(r"^  --debug\s+show the traceback of an internal error", out, re.MULTILINE)


def test_an_internal_error_of_the_library_is_not_blamed_on_an_option(capsys, monkeypatch):
    from symconv import shapes

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(shapes, "conv_output_size", broken)
    status, _, err = run(capsys, "shape", "--input", "5", "--kernel", "3")
    assert status == 1
    assert err.startswith("symconv: internal error (ZeroDivisionError: division by zero); please report it")


def test_main_leaves_the_process_as_it_found_it(capsys):
    handlers = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    digits = sys.get_int_max_str_digits()
    for argv in (["shape", "--input", "5", "--kernel", "3"], ["shape", "--input", "0", "--kernel", "3"], ["--help"]):
        run(capsys, *argv)
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == handlers
    assert sys.get_int_max_str_digits() == digits


@pytest.mark.parametrize(
    "argv",
    [
        ["shape", "--input", "x" * 100_000, "--kernel", "3"],
        ["shape", "--input", ",".join(["1"] * 50_000) + ",x", "--kernel", "3"],
        ["matrix", "--input", "3", "--kernel", "2", "--symbolic", "w" * 100_000],
        ["rf", "--layers", "3:1:1;" * 20_000],
        ["draw", "sparse-from-below", "--node", "x" * 100_000, "-o", "x.mmd"],
        ["derive", "x" * 100_000],
        ["verify", "--only", "x" * 100_000],
        ["build", "--list", "--only", "x" * 100_000],
    ],
)
def test_a_huge_argument_is_echoed_short(capsys, tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and "x" * 61 not in err and "1," * 61 not in err
    assert len(err) < 2000  # the longest lists every page or entry name
    assert re.search(r"\.\.\. \(\d{6} characters\)", err)  # how long it was


# ----------------------------------------------------------------------------
# files: the one writer (0644 under umask 022), symbolic links written through
# ----------------------------------------------------------------------------


@pytest.fixture
def one_page(monkeypatch):
    table = (Entry("notes", ("derivations/a.md",), lambda: {"derivations/a.md": "# A\n"}),)
    monkeypatch.setattr(build_module, "TABLE", table)


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_draw_and_build_write_files_of_the_same_mode(capsys, tmp_path, one_page, umask):
    old = os.umask(umask)
    try:
        assert run(capsys, "draw", "sparse-from-below", "-o", str(tmp_path / "x.mmd"))[0] == 0
        assert run(capsys, "build", "--out", str(tmp_path / "site"))[0] == 0
    finally:
        os.umask(old)
    modes = {stat.S_IMODE(path.stat().st_mode) for path in (tmp_path / "x.mmd", tmp_path / "site/derivations/a.md")}
    assert modes == {0o666 & ~umask}  # an ordinary new file: rw for everyone the umask lets through
    if umask == 0o022:
        assert modes == {0o644}


def test_draw_writes_through_a_symbolic_link(capsys, tmp_path):
    target = tmp_path / "real" / "figure.mmd"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.mmd"
    link.symlink_to(target)
    status, out, err = run(capsys, "draw", "sparse-from-below", "-o", str(link))
    assert (status, err) == (0, "")
    assert link.is_symlink() and os.readlink(link) == str(target)  # still the link
    assert "\ngraph LR\n" in target.read_text()  # its target rewritten (after the front matter)
    assert out == f"wrote {link} ({target.stat().st_size:,} bytes)\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["figure.mmd"]  # no temporary left beside it


def test_draw_into_a_link_to_a_missing_folder_is_refused(capsys, tmp_path):
    link = tmp_path / "link.svg"
    link.symlink_to(tmp_path / "nowhere" / "figure.svg")
    status, out, err = run(capsys, "draw", "sparse-from-below", "-o", str(link))
    assert (status, out) == (2, "")
    assert err == f"symconv: error: -o: cannot write {str(link)!r}: No such file or directory\n"
    assert not (tmp_path / "nowhere").exists()


def test_draw_onto_a_folder_is_a_one_line_error(capsys, tmp_path):
    folder = tmp_path / "taken.svg"
    folder.mkdir()
    status, out, err = run(capsys, "draw", "sparse-from-below", "-o", str(folder))
    assert (status, out) == (2, "")
    assert err == f"symconv: error: -o: cannot write {str(folder)!r}: Is a directory\n"
    assert list(folder.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["taken.svg"]


# ----------------------------------------------------------------------------
# signals: SIGTERM and SIGINT stop a command quietly and leave no temporary file
# ----------------------------------------------------------------------------

# The command runs in a child whose writer stops, once its temporary file is written, until a signal comes: the
# marker file tells the test when the temporary exists.
CHILD = textwrap.dedent(
    """
    import os, sys, time
    from symconv import build
    from symconv.build import Entry
    from symconv.cli import main

    marker, argv = sys.argv[1], sys.argv[2:]
    build.TABLE = (Entry("notes", ("derivations/a.md",), lambda: {"derivations/a.md": "# A\\n"}),)

    def fsync(fd):
        open(marker, "w").close()
        time.sleep(120)

    os.fsync = fsync
    raise SystemExit(main(argv))
    """
)


def run_and_signal(tmp_path, argv, signum):
    marker = tmp_path / "writing"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(marker), *argv], cwd=tmp_path, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the child never started writing"
            time.sleep(0.05)
        temporaries = [p for p in tmp_path.rglob(".*.tmp")]
        assert len(temporaries) == 1  # the write is under way
        child.send_signal(signum)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    marker.unlink()
    return child.returncode, out, err


@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_during_build_removes_the_temporary_file(tmp_path, signum, status):
    code, out, err = run_and_signal(tmp_path, ["build", "--out", "site"], signum)
    assert code == status == 128 + signum
    assert err == f"symconv: stopped by {signal.Signals(signum).name}\n"  # no KeyboardInterrupt traceback
    assert out == ""
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []  # neither the file nor its temporary


@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_during_draw_removes_the_temporary_file(tmp_path, signum, status):
    code, out, err = run_and_signal(tmp_path, ["draw", "sparse-from-below", "-o", "x.mmd"], signum)
    assert (code, out, err) == (status, "", f"symconv: stopped by {signal.Signals(signum).name}\n")
    assert list(tmp_path.iterdir()) == []


def test_the_handler_removes_what_the_writer_has_in_flight(capsys, tmp_path, monkeypatch):
    # a signal that lands outside the writer's own clean-up (here: while the command still runs, its temporary
    # registered): main removes every temporary still in flight before it returns
    from symconv._output import writer
    from symconv.cli._errors import Interrupted

    temporary = tmp_path / ".x.mmd.abcd1234.tmp"

    def stopped(args):
        temporary.write_bytes(b"half")
        writer.IN_FLIGHT.add(str(temporary))
        raise Interrupted(143, "SIGTERM")

    monkeypatch.setattr(shape_command, "run", stopped)
    assert run(capsys, "shape", "--input", "5", "--kernel", "3") == (143, "", "symconv: stopped by SIGTERM\n")
    assert not temporary.exists() and not writer.IN_FLIGHT


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path):
    # `symconv rf ... | head -1`: a table of 20,000 rows fills the pipe, the reader closes it after one line
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    child = subprocess.Popen(
        [sys.executable, "-m", "symconv", "rf", "--layers", ",".join(["3:1:1"] * 20_000)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert child.stdout.readline().startswith(b"| layer | kind |")
    child.stdout.close()
    err = child.stderr.read().decode()
    assert child.wait(timeout=60) == 1
    assert err == ""


def test_option_error_names_each_option_of_a_size_several_arguments_set():
    from symconv import SymconvError
    from symconv.cli._errors import GEOMETRY_OPTIONS, option_error

    both = SymconvError("input_size, padding: too large; make them smaller", parameter="input_size, padding")
    assert str(option_error(both, GEOMETRY_OPTIONS)) == "--input, --padding: too large; make them smaller"
    # one name no option sets: the library's words as they are, rather than half the names
    odd = SymconvError("input_size, max_cells: too large", parameter="input_size, max_cells")
    assert str(option_error(odd, GEOMETRY_OPTIONS)) == "input_size, max_cells: too large"
    # two library names of one option are said once
    twice = SymconvError("input_size, n_inputs: too large", parameter="input_size, n_inputs")
    assert str(option_error(twice, GEOMETRY_OPTIONS)) == "--input: too large"

"""``symconv build``: the build table from the command line."""

from __future__ import annotations

import re

import pytest
from _tools import ROOT

from symconv import build as build_module
from symconv.build import Entry

from ._helpers import assert_usage_error, run


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


@pytest.mark.parametrize(
    "argv, message",
    [
        ("build --only nope", r"--only: expected one of (\S+, )*shape-arithmetic(, \S+)* \(or a pattern\), got 'nope'"),
    ],
)
def test_build_errors_are_one_line_naming_the_argument(capsys, argv, message):
    assert_usage_error(capsys, argv.split(), message)


def test_build_list_with_an_unknown_entry_is_a_one_line_error(capsys, small_table):
    assert_usage_error(
        capsys, ["build", "--list", "--only", "nope"], r"--only: expected one of notes, picture \(or a pattern\), got 'nope'"
    )
    assert run(capsys, "build", "--list", "--only", "pic*") == (0, "picture: figures/b.svg, figures/b.png\n", "")


@pytest.mark.parametrize("out", ["", " ", "\t"])
def test_build_out_empty_is_refused(capsys, tmp_path, small_table, monkeypatch, out):
    monkeypatch.chdir(tmp_path)
    assert_usage_error(
        capsys, ["build", "--out", out], rf"--out: expected a folder, got {re.escape(repr(out))} \(for the current folder give --out \.\)"
    )
    assert not any(tmp_path.iterdir())


def test_build_check_reports_temporaries_left_by_a_killed_build(capsys, tmp_path, small_table):
    assert run(capsys, "build", "--out", str(tmp_path))[0] == 0
    # what a build killed outright leaves: a hidden .NAME.<random>.tmp beside the file it was writing
    left = [tmp_path / "derivations" / ".a.md.k3j2h1g0.tmp", tmp_path / "figures" / ".b.png.zz9_yy8x.tmp"]
    for path in left:
        path.write_bytes(b"half")
    (tmp_path / "figures" / ".c.svg.aaaaaaaa.tmp").write_bytes(b"not ours")  # no entry writes c.svg
    status, out, err = run(capsys, "build", "--out", str(tmp_path), "--check")
    assert status == 1
    assert out.splitlines()[-2:] == [
        "derivations/.a.md.k3j2h1g0.tmp: a temporary file left by an interrupted write; remove it",
        "figures/.b.png.zz9_yy8x.tmp: a temporary file left by an interrupted write; remove it",
    ]
    assert err == f"symconv: 2 temporary file(s) left by an interrupted write under {str(tmp_path)!r}; remove them\n"
    assert all(path.exists() for path in left)  # reported, not removed
    for path in left:
        path.unlink()
    status, out, err = run(capsys, "build", "--out", str(tmp_path), "--check")
    assert (status, err) == (0, "")
    # --only narrows the search to the entries checked
    left[1].write_bytes(b"half")
    assert run(capsys, "build", "--out", str(tmp_path), "--check", "--only", "notes")[0] == 0
    assert run(capsys, "build", "--out", str(tmp_path), "--check", "--only", "picture")[0] == 1


def test_build_check_reports_stale_files_and_temporaries_on_two_lines(capsys, tmp_path, small_table):
    (tmp_path / "derivations").mkdir()
    (tmp_path / "derivations" / ".a.md.abcdefgh.tmp").write_bytes(b"half")
    status, _, err = run(capsys, "build", "--out", str(tmp_path), "--check")
    assert status == 1
    assert err.splitlines() == [
        "symconv: 3 file(s) stale or missing; run `symconv build` to regenerate them",
        f"symconv: 1 temporary file(s) left by an interrupted write under {str(tmp_path)!r}; remove them",
    ]


@pytest.mark.parametrize("parameter, option", [("only", "--only"), ("out_dir", "--out"), ("lang", "--lang")])
def test_build_errors_reach_the_option_by_parameter(capsys, tmp_path, monkeypatch, parameter, option):
    from symconv import SymconvError

    def refuse(*args, **kwargs):
        raise SymconvError("not what any message said before", parameter=parameter)

    monkeypatch.setattr(build_module, "build", refuse)
    assert_usage_error(capsys, ["build", "--out", str(tmp_path)], rf"{option}: not what any message said before")

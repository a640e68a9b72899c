"""The one file writer (symconv._output.writer): atomic, ordinary modes under the umask, links written through."""

from __future__ import annotations

import contextlib
import os
import stat

import pytest

from symconv._output import writer
from symconv._output.writer import IN_FLIGHT, TEMP_SUFFIX, file_mode, remove_in_flight, write_atomic


@contextlib.contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode_of(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def leftovers(folder) -> list:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664), (0o027, 0o640)])
def test_the_mode_is_an_ordinary_new_files_under_the_umask(tmp_path, mask, expected):
    with umask(mask):
        assert file_mode() == expected
        written = write_atomic(tmp_path / "a.txt", b"x")
        # what open() gives a new file under the same umask, the route the writer stands in for
        (tmp_path / "plain.txt").write_bytes(b"x")
    assert mode_of(written) == expected == mode_of(tmp_path / "plain.txt")


def test_rewriting_keeps_the_umask_mode_and_replaces_the_bytes(tmp_path):
    target = tmp_path / "a.txt"
    with umask(0o022):
        write_atomic(target, b"first")
        inode = target.stat().st_ino
        assert write_atomic(target, bytearray(b"second")) == target
    assert target.read_bytes() == b"second" and mode_of(target) == 0o644
    assert target.stat().st_ino != inode  # a new file renamed over the old, never the old one rewritten
    assert leftovers(tmp_path) == [] and not IN_FLIGHT


def test_missing_folders_are_created(tmp_path):
    target = tmp_path / "figures" / "seed" / "a.svg"
    assert write_atomic(target, b"<svg/>") == target
    assert target.read_bytes() == b"<svg/>"
    assert write_atomic(str(tmp_path / "b.txt"), b"") == tmp_path / "b.txt"  # a str path, empty data


def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")  # relative, as links in a repository are
    written = write_atomic(link, b"new")
    assert written == real.resolve()
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert real.read_bytes() == b"new" == link.read_bytes()
    assert leftovers(tmp_path) == []


def test_a_dangling_link_creates_its_target(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "sub" / "target.txt")
    write_atomic(link, b"data")
    assert link.is_symlink() and (tmp_path / "sub" / "target.txt").read_bytes() == b"data"


def test_a_failure_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(writer.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == [] and not IN_FLIGHT


def test_an_interrupt_while_writing_leaves_no_temporary(tmp_path, monkeypatch):
    def interrupted(descriptor):
        raise KeyboardInterrupt

    monkeypatch.setattr(writer.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "a.txt", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [] and not IN_FLIGHT


def test_remove_in_flight_removes_the_temporaries_being_written(tmp_path, monkeypatch):
    seen = {}

    def signal_arrives(descriptor):
        # what a signal handler sees mid-write: one temporary beside the target, listed in IN_FLIGHT
        (temporary,) = IN_FLIGHT
        seen["temporary"] = temporary
        seen["existed"] = os.path.exists(temporary)
        remove_in_flight()
        seen["after"] = (os.path.exists(temporary), set(IN_FLIGHT))
        raise SystemExit(130)  # the handler exits

    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    monkeypatch.setattr(writer.os, "fsync", signal_arrives)
    with pytest.raises(SystemExit):
        write_atomic(target, b"new")
    temporary = seen["temporary"]
    assert os.path.dirname(temporary) == str(tmp_path)
    assert os.path.basename(temporary).startswith(".a.txt.") and temporary.endswith(TEMP_SUFFIX)
    assert seen["existed"] and seen["after"] == (False, set())
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []


def test_remove_in_flight_ignores_temporaries_already_gone(tmp_path):
    kept = tmp_path / "kept.txt"
    kept.write_bytes(b"x")
    IN_FLIGHT.update({str(tmp_path / ".gone.tmp"), str(kept)})
    try:
        remove_in_flight()
    finally:
        IN_FLIGHT.clear()
    assert not kept.exists()  # listed, so removed
    assert not IN_FLIGHT


def test_data_must_be_bytes(tmp_path):
    for data in ("text", None, [1, 2]):
        with pytest.raises(TypeError, match=r"data: expected bytes, got"):
            write_atomic(tmp_path / "a.txt", data)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_raises_oserror(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    with pytest.raises(OSError):
        write_atomic(blocker / "a.txt", b"x")  # the parent is a file
    assert not IN_FLIGHT

"""What the command-line tests share: running ``main`` in-process and reading what it printed or wrote."""

from __future__ import annotations

import re
import shlex

from symconv.cli import main

#: The commands, in the order ``symconv --help`` lists them.
COMMANDS = ["build", "derive", "draw", "matrix", "shape", "rf", "summary", "verify"]


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_usage_error(capsys, argv, message):
    """Exit status 2, nothing on stdout, one line on stderr: ``symconv: error: <message>``."""
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert re.fullmatch(r"symconv: error: " + message + r"\n", err), err
    return err


def help_examples(capsys, command):
    _, out, _ = run(capsys, command, "--help")
    return [shlex.split(line.split("#")[0])[1:] for line in re.findall(rf"^  (symconv {command}\b.*)$", out, re.M)]


def draw(capsys, tmp_path, *argv, name):
    """Run ``symconv draw ARGV -o tmp_path/name``; the bytes written (after checking what was printed)."""
    path = tmp_path / name
    status, out, err = run(capsys, "draw", *argv, "-o", str(path))
    assert (status, err) == (0, ""), err
    data = path.read_bytes()
    assert out == f"wrote {path} ({len(data):,} bytes)\n"
    return data


def mermaid_parts(text):
    """Node ids, edges and highlighted (filled) node ids of a Mermaid flowchart."""
    nodes = re.findall(r"^\s*(\w+)\(\(", text, re.M)
    edges = re.findall(r"^\s*(\w+) --> (\w+)$", text, re.M)
    filled = re.findall(r"^\s*style (\w+) fill:", text, re.M)
    return nodes, edges, filled

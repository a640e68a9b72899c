"""``symconv derive``: one derivation page as Markdown or LaTeX."""

from __future__ import annotations

import re
import shlex

import pytest

from symconv import SymconvError

from ._helpers import assert_usage_error, run


def test_derive_list_prints_the_page_names(capsys):
    from symconv.pages import page_names

    status, out, _ = run(capsys, "derive", "--list")
    assert status == 0 and out.splitlines() == list(page_names()) and "fc-to-conv" in out.split()


def test_derive_prints_markdown_by_default(capsys):
    status, out, err = run(capsys, "derive", "fc-to-conv")
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == "# From a fully connected layer to a convolution (2-D)"
    assert "$$" in out and out.endswith("\n") and not out.endswith("\n\n\n")


def test_derive_latex_is_a_standalone_document(capsys):
    status, out, _ = run(capsys, "derive", "fc-to-conv", "--format", "latex")
    assert status == 0
    assert out.lstrip().startswith(r"\documentclass") and out.rstrip().endswith(r"\end{document}")


def test_derive_in_chinese(capsys):
    status, english, _ = run(capsys, "derive", "fc-to-conv")
    status_zh, chinese, err = run(capsys, "derive", "fc-to-conv", "--lang", "zh")
    assert (status, status_zh, err) == (0, 0, "")
    assert re.search(r"[\u4e00-\u9fff]", chinese) and not re.search(r"[\u4e00-\u9fff]", english)
    status, latex, _ = run(capsys, "derive", "fc-to-conv", "--lang", "zh", "--format", "latex")
    assert status == 0 and re.search(r"[\u4e00-\u9fff]", latex) and ("CJK" in latex or "xeCJK" in latex)


@pytest.mark.parametrize(
    "argv, message",
    [
        ("derive nope", r"NAME: expected one of fc-to-conv.*, got 'nope' \(see symconv derive --list\)"),
        ("derive", r"NAME: expected one of fc-to-conv.*, got nothing \(see symconv derive --list\)"),
        ("derive fc-to-conv --list", r"--list: lists every page and takes no NAME, got NAME 'fc-to-conv'"),
        ("derive fc-to-conv --format html", r"--format: invalid choice: 'html' \(choose from '?markdown'?, '?latex'?\)"),
        ("derive fc-to-conv --lang fr", r"--lang: invalid choice: 'fr' \(choose from '?en'?, '?zh'?\)"),
    ],
)
def test_derive_errors(capsys, argv, message):
    assert_usage_error(capsys, shlex.split(argv), message)


def test_derive_reports_a_page_that_cannot_be_rendered(capsys, monkeypatch):
    from symconv import pages

    def refuse(name, format="markdown", *, lang="en", **options):
        raise SymconvError(f"lang: no Chinese translation of {name!r}", parameter="lang")

    monkeypatch.setattr(pages, "render_page", refuse)
    assert_usage_error(
        capsys, ["derive", "fc-to-conv", "--lang", "zh"], r"--lang: no Chinese translation of 'fc-to-conv'"
    )


@pytest.mark.parametrize("parameter, option", [("format", "--format"), ("name", "NAME"), ("lang", "--lang")])
def test_derive_errors_reach_the_option_by_parameter(capsys, monkeypatch, parameter, option):
    from symconv import pages

    def refuse(name, format="markdown", *, lang="en", **options):
        raise SymconvError("words of another kind", parameter=parameter)

    monkeypatch.setattr(pages, "render_page", refuse)
    assert_usage_error(capsys, ["derive", "fc-to-conv"], rf"{option}: words of another kind")

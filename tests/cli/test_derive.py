"""``symconv derive``: one derivation page as Markdown or LaTeX, built in or for the geometry the options give."""

from __future__ import annotations

import os
import re
import shlex
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symconv import SymconvError, pages

from ._helpers import assert_usage_error, help_examples, run

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_derive_list_prints_each_page_and_the_options_it_takes(capsys):
    status, out, err = run(capsys, "derive", "--list")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == list(pages.derivable_names())
    listed = {line.split()[0]: line.split()[1:] for line in lines}
    assert listed["fc-to-conv"] == ["-"]
    assert listed["pooling"] == ["--input", "--kernel", "--stride", "--padding", "--dilation"]
    assert listed["receptive-fields"] == ["--layers", "--input"]
    assert listed["conv-matrix"][-2:] == ["(derive", "only)"]
    for p in (*pages.PAGES, *pages.DERIVE_ONLY):  # the list is the registry's, not typed twice
        options = [o for o in listed[p.name] if o.startswith("--")]
        assert options == ["--" + name.replace("_", "-") for name in p.parameters], p.name


def test_derive_prints_markdown_by_default(capsys):
    status, out, err = run(capsys, "derive", "fc-to-conv")
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == "# From a fully connected layer to a convolution (2-D)"
    assert "$$" in out and out.endswith("\n") and not out.endswith("\n\n\n")
    assert out.rstrip("\n") == pages.checked_page("fc-to-conv").to_markdown().rstrip("\n")  # the checked page


def test_derive_latex_is_a_standalone_document(capsys):
    status, out, _ = run(capsys, "derive", "fc-to-conv", "--format", "latex")
    assert status == 0
    assert out.lstrip().startswith(r"\documentclass") and out.rstrip().endswith(r"\end{document}")


def test_derive_in_chinese(capsys):
    status, english, _ = run(capsys, "derive", "fc-to-conv")
    status_zh, chinese, err = run(capsys, "derive", "fc-to-conv", "--lang", "zh")
    assert (status, status_zh, err) == (0, 0, "")
    assert CJK.search(chinese) and not CJK.search(english)
    status, latex, _ = run(capsys, "derive", "fc-to-conv", "--lang", "zh", "--format", "latex")
    assert status == 0 and CJK.search(latex) and ("CJK" in latex or "xeCJK" in latex)


# ----------------------------------------------------------------------------
# your layer
# ----------------------------------------------------------------------------


def test_derive_for_a_transposed_layer_prints_the_library_page(capsys):
    argv = "derive transposed --input 5 --kernel 4 --stride 2 --padding 1 --transposed --output-padding 1"
    status, out, err = run(capsys, *argv.split())
    assert (status, err) == (0, "")
    d = pages.derive("transposed", input=5, kernel=4, stride=2, padding=1, transposed=True, output_padding=1)
    assert out.rstrip("\n") == d.to_markdown().rstrip("\n")
    assert "`input=5, kernel=4, stride=2, padding=1, transposed=True, output_padding=1`" in out
    assert "```mermaid" in out and "w_{3}" in out


@pytest.mark.parametrize("argv, expected", [
    ("shape-arithmetic --input 6 --kernel 4 --stride 2 --padding same", "= 3$$"),
    ("padding-stride-dilation --input 7 --kernel 3 --dilation 2 --padding 2", r"\hat{k} &= 2 \cdot \left(3 - 1\right) + 1 = 5"),
    ("groups-separable --input 8,8 --kernel 3 --padding 1 --channels 4,8 --groups 2", "| your grouped convolution |"),
    ("channels --input 5 --kernel 3 --channels 2,3", "Free weights: $21$."),
    ("pooling --input 5 --kernel 2", r"\max\left(X_{0}, X_{1}\right)"),
    ("conv-matrix --input 3,3 --kernel 2", "B_{0} &="),
    ("parameter-counting --input 28,28 --kernel 5 --channels 1,6", "Free weights: $156$."),
])
def test_derive_for_a_layer(capsys, argv, expected):
    status, out, err = run(capsys, "derive", *argv.split())
    assert (status, err) == (0, "")
    assert expected.replace("$$", "") in out, argv


def test_derive_for_a_named_stack_with_pooling(capsys):
    status, out, err = run(capsys, "derive", "receptive-fields", "--layers", "conv1=3:1:1,pool1=p2:2:0,conv2=3:1:1",
                           "--input", "16")
    assert (status, err) == (0, "")
    assert "| conv1 | conv | 16 | 3 | 1 | 1 |" in out and "| pool1 | pool | 8 | 4 | 2 | 1 |" in out
    assert "| conv2 | conv | 8 | 8 | 2 | 3 |" in out
    status, chinese, _ = run(capsys, "derive", "receptive-fields", "--layers", "conv1=3:1:1,pool1=p2:2:0",
                             "--lang", "zh")
    assert status == 0 and "| pool1 | 池化 |" in chinese


def test_derive_for_a_layer_as_latex_in_both_languages(capsys):
    for lang, engine_line in (("en", False), ("zh", True)):
        status, out, err = run(capsys, "derive", "conv-matrix", "--input", "2,3", "--kernel", "2", "--format", "latex",
                               "--lang", lang)
        assert (status, err) == (0, "")
        assert out.startswith("% !TEX program = xelatex") == engine_line
        assert "\\usepackage{tikz}" in out and "\\begin{tikzpicture}" in out and out.rstrip().endswith("\\end{document}")


def test_every_example_in_the_help_runs_and_is_checked(capsys, monkeypatch):
    checked = []
    real = pages.derive

    def derive(name, **options):
        checked.append(name)
        return real(name, **options)

    monkeypatch.setattr(pages, "derive", derive)
    examples = help_examples(capsys, "derive")
    assert len(examples) >= 10
    for argv in examples:
        status, out, err = run(capsys, *argv)
        assert (status, err) == (0, ""), argv
        assert out, argv
    ran = [argv for argv in examples if "--list" not in argv]
    assert checked == [argv[1] for argv in ran]  # every page printed went through derive, its checks first


# ----------------------------------------------------------------------------
# every error path: one line naming the option, exit status 2
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, message",
    [
        ("derive nope", r"NAME: expected one of fc-to-conv.*conv-matrix, got 'nope' \(see symconv derive --list\)"),
        ("derive", r"NAME: expected one of fc-to-conv.*, got nothing \(see symconv derive --list\)"),
        ("derive fc-to-conv --list", r"--list: lists every page and takes no NAME, got NAME 'fc-to-conv'"),
        ("derive --list --kernel 3", r"--list: lists every page and takes no geometry option, got --kernel"),
        ("derive fc-to-conv --format html", r"--format: invalid choice: 'html' \(choose from '?markdown'?, '?latex'?\)"),
        ("derive fc-to-conv --lang fr", r"--lang: invalid choice: 'fr' \(choose from '?en'?, '?zh'?\)"),
        # an option the page does not use
        ("derive pooling --input 5 --kernel 2 --groups 2",
         r"--groups: page pooling takes --input --kernel --stride --padding --dilation, not --groups "
         r"\(see symconv derive --list\)"),
        ("derive fc-to-conv --input 3",
         r"--input: page fc-to-conv is about no one layer and takes no geometry options, not --input \(see .*\)"),
        ("derive shape-arithmetic --input 5 --kernel 3 --layers 3:1:1", r"--layers: page shape-arithmetic takes .*"),
        ("derive receptive-fields --layers 3:1:1 --transposed", r"--transposed: page receptive-fields takes --layers "
                                                               r"--input, not --transposed .*"),
        # what the page needs, and bad values, under their options
        ("derive shape-arithmetic --kernel 3", r"--input: page 'shape-arithmetic' needs input with its other "
                                               r"parameters, got none"),
        ("derive channels --input 5 --kernel 3", r"--channels: page 'channels' needs channels .*"),
        ("derive shape-arithmetic --input 3 --kernel 5", r"--kernel: effective kernel 5 \(kernel 5, dilation 1\) is "
                                                         r"larger than the padded input 3 .*"),
        ("derive shape-arithmetic --input 5 --kernel 0", r"--kernel: expected a positive int, got 0"),
        ("derive shape-arithmetic --input 5 --kernel 3 --stride 0", r"--stride: expected a positive int, got 0"),
        ("derive shape-arithmetic --input 5 --kernel 3 --padding -1", r"--padding: .*-1.*"),
        ("derive shape-arithmetic --input 5 --kernel 3 --dilation 0", r"--dilation: expected a positive int, got 0"),
        ("derive shape-arithmetic --input 5,5,5 --kernel 3,3", r"--kernel: expected an int or a tuple of 3 ints .*"),
        ("derive shape-arithmetic --input 5 --kernel 3 --output-padding 1",
         r"--output-padding: only transposed convolution takes output padding, got \(1,\)"),
        ("derive transposed --input 3 --kernel 3 --stride 2 --output-padding 2",
         r"--output-padding: expected an int smaller than stride \(2\) or dilation \(1\) on axis 0, got 2"),
        ("derive transposed --input 5 --kernel 3 --padding same", r"--padding: \"same\" is not defined for transposed .*"),
        ("derive groups-separable --input 5 --kernel 3 --channels 3,4 --groups 2",
         r"--groups: expected a divisor of the input channels \(3\), got 2"),
        ("derive conv-matrix --input 100 --kernel 3", r"--input: the request needs 9800 entries of the matrix the "
                                                      r"page writes out, more than the 2500 allowed; .*"),
        ("derive shape-arithmetic --input 10000000 --kernel 3", r"--input: the request needs \d+ cells .*"),
        ("derive receptive-fields --layers 3:1:1,t3:2:1",
         r"--layers: layers\[1\]: expected a convolution or pooling layer; .*"),
        ("derive receptive-fields --layers 3:0:1", r"--layers: layers\[0\]: stride: expected a positive int, got 0"),
        ("derive receptive-fields --layers 3:2:same,3:2:same",
         r"--input: the padding of a strided 'same' layer depends on the input size; give input"),
        ("derive receptive-fields --layers a=3:1:1,a=3:1:1", r"--layers: .*"),
        ("derive receptive-fields --layers 3:1", r"--layers: expected \[name=\]\[t\|p\]kernel.*"),
        ("derive shape-arithmetic --input x --kernel 3", r"--input: expected an integer or comma-separated integers.*"),
        ("derive conv-matrix --input 3 --kernel 2 --channels 3", r"--channels: expected IN,OUT: two integers.*"),
        ("derive conv-matrix --input 3 --kernel 2 --groups 0", r"--groups: expected a positive integer, got '0'"),
        # --figures belongs to LaTeX, into a folder that exists
        ("derive fc-to-conv --figures out", r"--figures: writes the figures of a LaTeX page; add --format latex, "
                                            r"got --format markdown"),
    ],
)
def test_derive_errors(capsys, argv, message):
    assert_usage_error(capsys, shlex.split(argv), message)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figures_are_written_and_found_wherever_the_page_is_compiled(capsys, tmp_path, lang):
    """--figures DIR: the page's printed figures under DIR (the build's bytes), and a document that finds them there."""
    import subprocess

    from _tools import ROOT, need, tex_engine

    folder = tmp_path / "out"
    folder.mkdir()
    status, out, err = run(capsys, "derive", "transposed", "--format", "latex", "--lang", lang, "--figures", str(folder))
    assert (status, err) == (0, "")
    wanted = pages.page("transposed").make().figure_paths(lang)
    written = sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())
    assert written == sorted(wanted) and all(path.endswith(".zh.pdf") == (lang == "zh") for path in wanted)
    for path in wanted:
        assert (folder / path).read_bytes() == (ROOT / path).read_bytes()  # what symconv build commits
    assert f"\\providecommand\\symconvfigureroots{{{folder.resolve().as_posix()}/}}" in out
    engine = "xelatex" if lang == "zh" else "pdflatex"
    need(tex_engine(engine) is not None, engine)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "page.tex").write_text(out, encoding="utf-8")
    proc = subprocess.run([tex_engine(engine), "-interaction=nonstopmode", "-halt-on-error", "page.tex"], cwd=elsewhere,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:]
    log = (elsewhere / "page.log").read_text("utf-8", errors="replace")
    assert all(f"{folder.resolve().as_posix()}/{path}" in log.replace("\n", "") for path in wanted)


def test_figures_into_a_folder_latex_cannot_name_is_refused(capsys, tmp_path):
    spaced = tmp_path / "my figures"
    spaced.mkdir()
    assert_usage_error(capsys, ["derive", "transposed", "--format", "latex", "--figures", str(spaced)],
                       r"--figures: expected folders ending in / of letters, digits and _ \. / : \+ -, got .*")
    assert list(spaced.iterdir()) == []  # refused before anything is written


def test_figures_into_a_missing_folder_is_refused(capsys, tmp_path):
    missing = tmp_path / "nowhere"
    assert_usage_error(capsys, ["derive", "conv-matrix", "--format", "latex", "--figures", str(missing)],
                       rf"--figures: cannot write {re.escape(repr(str(missing)))}: no such folder")
    assert not missing.exists()


def test_a_page_whose_check_fails_is_refused_under_its_option(capsys, monkeypatch):
    from symconv.pages import transposed

    monkeypatch.setattr(transposed, "conv_transpose", lambda y, w, **options: np.zeros((1, 3, 11)))
    err = assert_usage_error(
        capsys, "derive transposed --input 5 --kernel 4 --stride 2 --padding 1".split(),
        r"--input: page 'transposed' fails its checks \['numeric conv_transpose .*'\] for input=5, kernel=4, "
        r"stride=2, padding=1, transposed=True; refusing to give it",
    )
    assert err.count("\n") == 1


def test_a_built_in_page_whose_check_fails_is_refused(capsys, monkeypatch):
    def refuse(name, **options):
        raise SymconvError(f"name: page {name!r} fails its checks ['x']; refusing to write it", parameter="name")

    monkeypatch.setattr(pages, "derive", refuse)
    assert_usage_error(capsys, ["derive", "fc-to-conv"], r"NAME: page 'fc-to-conv' fails its checks \['x'\]; refusing .*")


@pytest.mark.parametrize("parameter, option", [
    ("format", "--format"), ("name", "NAME"), ("lang", "--lang"), ("input", "--input"), ("kernel", "--kernel"),
    ("kernel_size", "--kernel"), ("stride", "--stride"), ("padding", "--padding"), ("dilation", "--dilation"),
    ("groups", "--groups"), ("channels", "--channels"), ("input channels", "--channels"),
    ("transposed", "--transposed"), ("output_padding", "--output-padding"), ("layers", "--layers"),
    ("roots", "--figures"), ("ndim", "--input"),
])
def test_derive_errors_reach_the_option_by_parameter(capsys, monkeypatch, parameter, option):
    def refuse(name, **options):
        raise SymconvError("words of another kind", parameter=parameter)

    monkeypatch.setattr(pages, "derive", refuse)
    assert_usage_error(capsys, ["derive", "shape-arithmetic", "--input", "5,5", "--kernel", "3"],
                       rf"{option}: words of another kind")


def test_a_library_parameter_no_option_sets_keeps_the_librarys_words(capsys, monkeypatch):
    def refuse(name, **options):
        raise SymconvError("max_edges: too many edges", parameter="max_edges")

    monkeypatch.setattr(pages, "derive", refuse)
    assert_usage_error(capsys, ["derive", "fc-to-conv"], r"max_edges: too many edges")


# ----------------------------------------------------------------------------
# hostile values through the geometry options: a page or one line, quickly
# ----------------------------------------------------------------------------

HOSTILE = ["0", "-1", "1", "2", "3", "9" * 4300, "9" * 40, "1,2", "1,2,3", "", "x", "same", "full", "valid", "0:1",
           "3:1:1,p2:2:0", "t3:2:1", "a=3:1:1", ",".join(["3:1:1"] * 250), "1000", "1e3", "__import__('os')"]
OPTIONS = ["--input", "--kernel", "--stride", "--padding", "--dilation", "--groups", "--channels", "--transposed",
           "--output-padding", "--layers"]


@settings(max_examples=int(os.environ.get("SYMCONV_FUZZ_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["shape-arithmetic", "transposed", "conv-matrix", "pooling", "receptive-fields",
                             "parameter-counting", "groups-separable"]),
       options=st.lists(st.tuples(st.sampled_from(OPTIONS), st.sampled_from(HOSTILE)), min_size=1, max_size=4,
                        unique_by=lambda pair: pair[0]))
def test_hostile_geometry_gives_a_page_or_one_line(capsys, name, options):
    argv = ["derive", name]
    for option, value in options:
        argv += [option] if option == "--transposed" else [option, value]
    started = time.monotonic()
    status, out, err = run(capsys, *argv)
    assert status in (0, 2), (argv[:6], err[:300])
    assert "internal error" not in err and "Traceback" not in err, err[:300]
    if status == 2:
        assert out == "" and err.startswith("symconv: error: ") and err.count("\n") == 1 and len(err) < 5000
    assert time.monotonic() - started < 20, argv[:6]

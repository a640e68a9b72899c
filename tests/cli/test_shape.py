"""``symconv shape``: output sizes by the guide's formulas, strict parsing, one-line errors."""

from __future__ import annotations

import re

import pytest

from ._helpers import assert_usage_error, run


def test_the_examples_in_shape_help_print_what_they_say(capsys):
    _, out, _ = run(capsys, "shape", "--help")
    examples = re.findall(r"^  symconv (shape .*?)\s+# prints (.+)$", out, re.M)
    assert len(examples) == 8
    for command, printed in examples:
        assert run(capsys, *command.split()) == (0, printed + "\n", ""), command


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
        ("shape --input 5 --kernel 3 --padding half", r"--padding: expected an integer, comma-separated integers like 1,2, before:after pairs like 0:1,1:1, or same/valid/full/causal, got 'half'"),
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
        ("shape --inp 5 --kernel 3", r"the following arguments are required: --input"),  # no abbreviations
    ],
)
def test_errors_are_one_line_naming_the_argument(capsys, argv, message):
    assert_usage_error(capsys, argv.split(), message)


def test_a_huge_number_is_refused_cleanly(capsys):
    status, _, err = run(capsys, "shape", "--input", "9" * 5000, "--kernel", "3")
    assert status == 2
    assert err.startswith("symconv: error: --input: expected an integer of at most 4300 digits")


# ----------------------------------------------------------------------------
# errors reach the option through SymconvError.parameter, whatever the words
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "parameter, option",
    [("stride", "--stride"), ("kernel_size", "--kernel"), ("input_size", "--input"), ("output_padding", "--output-padding")],
)
def test_a_library_error_is_reported_under_its_parameter_not_its_words(capsys, monkeypatch, parameter, option):
    from symconv import SymconvError, shapes

    def refuse(*args, **kwargs):
        # words that name no parameter, and one that names another: only .parameter counts
        raise SymconvError(f"completely reworded text about padding: {parameter}", parameter=parameter)

    monkeypatch.setattr(shapes, "conv_output_size", refuse)
    assert_usage_error(
        capsys, ["shape", "--input", "5", "--kernel", "3"], rf"{option}: completely reworded text about padding: {parameter}"
    )


def test_a_library_error_with_its_parameter_first_loses_only_that(capsys, monkeypatch):
    from symconv import SymconvError, shapes

    def refuse(*args, **kwargs):
        raise SymconvError("dilation: stride: reworded", parameter="stride")  # the prefix is not the parameter's

    monkeypatch.setattr(shapes, "conv_output_size", refuse)
    assert_usage_error(capsys, ["shape", "--input", "5", "--kernel", "3"], r"--stride: dilation: stride: reworded")


@pytest.mark.parametrize(
    "argv, option",
    [
        (["--input", ",".join(["9"] * 70), "--kernel", "3"], "--input"),
        (["--input", "9", "--kernel", ",".join(["1"] * 70)], "--kernel"),
        (["--input", "9", "--kernel", "1", "--dilation", ",".join(["1"] * 65)], "--dilation"),
    ],
)
def test_too_many_axes_are_blamed_on_the_option_that_gave_them(capsys, argv, option):
    assert_usage_error(capsys, ["shape", *argv], rf"{option}: expected at most 64 spatial axes .*")


# ----------------------------------------------------------------------------
# sizes too long to print are written ~d.dde+N
# ----------------------------------------------------------------------------


def test_a_size_of_more_than_4300_digits_is_abbreviated(capsys):
    # (i - 1) s + (k - 1) + 1 with i = 10^4000 + 1, s = 10^4000, k = 1: exactly 10^8000 + 1, 8001 digits
    argv = ["--input", str(10**4000 + 1), "--kernel", "1", "--stride", str(10**4000), "--transposed"]
    assert run(capsys, "shape", *argv) == (0, "~1.00e+8000\n", "")
    # per axis; a size of 60 digits is written out, one of 61 is not
    argv = ["--input", f"{10**59},{10**60}", "--kernel", "1"]
    assert run(capsys, "shape", *argv) == (0, f"{10**59} ~1.00e+60\n", "")


def test_an_error_about_sizes_too_long_to_print_is_one_line(capsys):
    # the effective kernel d (k - 1) + 1 of 8600 digits, larger than the 4300-digit input: Python alone would
    # refuse to print it
    nines = "9" * 4300
    err = assert_usage_error(
        capsys,
        ["shape", "--input", nines, "--kernel", nines, "--dilation", nines],
        r"--kernel: effective kernel ~1\.00e\+8600 \(kernel ~1\.00e\+4300, dilation ~1\.00e\+4300\) is larger than .*",
    )
    assert len(err) < 400

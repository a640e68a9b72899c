"""``symconv matrix``: the convolution matrix, symbolic or numeric, by hand and against SciPy."""

from __future__ import annotations

import shlex

import numpy as np
import pytest

from ._helpers import assert_usage_error, run


def grid(out):
    return [line.split() for line in out.splitlines()]


def test_matrix_toeplitz_by_hand(capsys):
    status, out, _ = run(capsys, "matrix", "--input", "5", "--kernel", "3", "--weights", "1,2,3")
    assert status == 0
    assert grid(out) == [["1", "2", "3", "0", "0"], ["0", "1", "2", "3", "0"], ["0", "0", "1", "2", "3"]]


def test_matrix_symbolic_with_stride_by_hand(capsys):
    status, out, _ = run(capsys, "matrix", "--input", "5", "--kernel", "3", "--stride", "2", "--padding", "1",
                         "--symbolic", "k")
    assert status == 0
    # output o's window starts at 2o - 1 (-1, 1, 3): tap t reads input 2o - 1 + t, the padding at -1 and 5
    assert grid(out) == [
        ["k[1]", "k[2]", "0", "0", "0"],
        ["0", "k[0]", "k[1]", "k[2]", "0"],
        ["0", "0", "0", "k[0]", "k[1]"],
    ]


def test_matrix_default_kernel_is_symbolic_w(capsys):
    _, out, _ = run(capsys, "matrix", "--input", "3", "--kernel", "2")
    assert grid(out) == [["w[0]", "w[1]", "0"], ["0", "w[0]", "w[1]"]]  # plain text: no LaTeX braces
    assert "{" not in out and "_" not in out


def test_matrix_latex_is_the_doubly_block_toeplitz_matrix(capsys):
    import sympy

    status, out, _ = run(capsys, "matrix", "--input", "3,3", "--kernel", "2", "--symbolic", "W", "--latex")
    assert status == 0
    W = {(a, b): sympy.Symbol(f"W_{{{a},{b}}}") for a in range(2) for b in range(2)}
    rows = []
    for i, j in [(0, 0), (0, 1), (1, 0), (1, 1)]:
        row = [0] * 9
        for (a, b), w in W.items():
            row[(i + a) * 3 + (j + b)] = w
        rows.append(row)
    assert out == sympy.latex(sympy.Matrix(rows)) + "\n"


def test_matrix_numeric_matches_scipy_correlation(capsys):
    from scipy.signal import correlate2d

    rng = np.random.default_rng(3)
    weights = rng.integers(-4, 5, size=(2, 3))
    status, out, _ = run(capsys, "matrix", "--input", "5,6", "--kernel", "2,3", "--stride", "2", "--padding", "1",
                         "--weights", ",".join(map(str, weights.ravel())))
    assert status == 0
    C = np.array(grid(out), dtype=int)
    x = rng.integers(-9, 10, size=(5, 6))
    expected = correlate2d(np.pad(x, 1), weights, mode="valid")[::2, ::2]
    np.testing.assert_array_equal(C @ x.ravel(), expected.ravel())


def test_matrix_float_weights(capsys):
    status, out, _ = run(capsys, "matrix", "--input", "3", "--kernel", "2", "--weights", "0.5,-.25")
    assert status == 0 and grid(out) == [["0.5", "-0.25", "0"], ["0", "0.5", "-0.25"]]
    _, latex, _ = run(capsys, "matrix", "--input", "3", "--kernel", "2", "--weights", "0.5,-.25", "--latex")
    assert "0.5 & -0.25 & 0" in latex


def test_matrix_transposed_by_hand(capsys):
    status, out, _ = run(capsys, "matrix", "--input", "2", "--kernel", "3", "--stride", "2", "--transposed",
                         "--weights", "1,2,3")
    assert status == 0
    # y0 scatters w into outputs 0..2, y1 into 2..4: columns are the inputs y0, y1
    assert grid(out) == [["1", "0"], ["2", "0"], ["3", "1"], ["0", "2"], ["0", "3"]]
    _, padded, _ = run(capsys, "matrix", "--input", "2", "--kernel", "3", "--stride", "2", "--transposed",
                       "--output-padding", "1", "--weights", "1,2,3")
    assert grid(padded) == grid(out) + [["0", "0"]]


def test_matrix_channels_and_groups_by_hand(capsys):
    status, out, _ = run(capsys, "matrix", "--input", "2", "--kernel", "1", "--channels", "2,2", "--groups", "2",
                         "--weights", "5,7")
    assert status == 0
    assert grid(out) == [["5", "0", "0", "0"], ["0", "5", "0", "0"], ["0", "0", "7", "0"], ["0", "0", "0", "7"]]
    # two input channels summed into one output: kernel V of shape (1, 2, 1)
    _, out, _ = run(capsys, "matrix", "--input", "2", "--kernel", "1", "--channels", "2,1", "--symbolic", "V")
    assert grid(out) == [["V[0,0,0]", "0", "V[0,1,0]", "0"], ["0", "V[0,0,0]", "0", "V[0,1,0]"]]


MATRIX_ERRORS = [
    ("--input 3 --kernel 2 --weights 1,2,3",
     r"--weights: expected 2 numbers for a kernel of shape \(1, 1, 2\) \(C_out, C_in/groups, \*kernel\), got 3"),
    ("--input 3 --kernel 2 --channels 2,3 --weights 1",
     r"--weights: expected 12 numbers for a kernel of shape \(3, 2, 2\) .*, got 1"),
    ("--input 3 --kernel 2 --transposed --channels 2,3 --weights 1",
     r"--weights: expected 12 numbers for a kernel of shape \(2, 3, 2\) \(C_in, C_out/groups, \*kernel\), got 1"),
    ("--input 3 --kernel 2 --weights 1,two", r"--weights: expected comma-separated numbers like 1,0,-1 or 0\.5,0\.25, got '1,two'"),
    ("--input 3 --kernel 2 --weights nan,1", r"--weights: expected comma-separated numbers .* got 'nan,1'"),
    ("--input 3 --kernel 2 --weights 1e999,1", r"--weights: expected finite numbers, got '1e999,1'"),
    ("--input 3 --kernel 2 --weights 2**3,1", r"--weights: expected comma-separated numbers .* got '2\*\*3,1'"),
    ("--input 3 --kernel 2 --symbolic W+1",
     r"--symbolic: expected a symbol name of a letter followed by letters, digits or '_' \(like W or w_1\), got 'W\+1'"),
    ("--input 3 --kernel 2 --symbolic \"__import__('os')\"", r"--symbolic: expected a symbol name .* got \"__import__\('os'\)\""),
    ("--input 3 --kernel 2 --symbolic 1W", r"--symbolic: expected a symbol name .* got '1W'"),
    ("--input 3 --kernel 2 --symbolic 'W W'", r"--symbolic: expected a symbol name .* got 'W W'"),
    ("--input 3 --kernel 2 --symbolic W --weights 1,2",
     r"--symbolic: give either --weights or --symbolic, got both \(--symbolic W\)"),
    ("--input 200 --kernel 1",
     r"--input: the matrix would be 200 x 200, more than the 20,000 entries this command prints; make it smaller "
     r"\(or `symconv draw matrix` for its pattern\), got --input 200"),
    # transposed at stride 10000: (4 - 1) * 10000 + 3 outputs of 4 inputs
    ("--input 4 --kernel 3 --transposed --stride 10000",
     r"--input, --kernel, --stride: the matrix would be 30,003 x 4, more than the 20,000 entries this command prints; "
     r"make them smaller .*"),
    ("--input 4 --kernel 3 --padding 5000",  # 4 + 10000 - 2 outputs
     r"--input, --padding: the matrix would be 10,002 x 4, more than the 20,000 entries .*"),
    ("--input 3 --kernel 2 --output-padding 1", r"--output-padding: only --transposed takes output padding, got 1"),
    ("--input 3 --kernel 2 --channels 2", r"--channels: expected IN,OUT: two integers like 1,8, got '2'"),
    ("--input 3 --kernel 2 --channels 1,2,3", r"--channels: expected IN,OUT: .* got '1,2,3'"),
    ("--input 3 --kernel 2 --channels 0,1", r"--channels: expected a positive int, got 0"),
    ("--input 3 --kernel 2 --groups 0", r"--groups: expected a positive integer, got '0'"),
    ("--input 3 --kernel 2 --channels 3,2 --groups 2", r"--groups: expected a divisor of the input channels \(3\), got 2"),
    ("--input 3 --kernel 4", r"--kernel: effective kernel 4 \(kernel 4, dilation 1\) is larger than the padded input 3 .*"),
    ("--input 4,4 --kernel 3,3,3", r"--kernel: expected an int or a tuple of 2 ints .* got \(3, 3, 3\) of length 3"),
    ("--input 3 --kernel 2 --stride 0", r"--stride: expected a positive int, got 0"),
    ("--input 3 --kernel 2 --padding -1", r"--padding: expected an int, .* got -1"),
    ("--input 3", r"the following arguments are required: --kernel"),
]


@pytest.mark.parametrize("argv, message", MATRIX_ERRORS)
def test_matrix_errors_are_one_line_naming_the_argument(capsys, argv, message):
    assert_usage_error(capsys, ["matrix", *shlex.split(argv)], message)


@pytest.mark.parametrize(
    "argv, message",
    [
        # NumPy holds integers past int64 only as Python objects, which no numeric route computes with
        (["--weights", f"{2**63},1"], r"--weights: expected integers of at most 18 digits \(NumPy's int64\), got '9223372036854775808,1'"),
        ([f"--weights={-(2**63) - 1},1"], r"--weights: expected integers of at most 18 digits .*"),
        (["--weights", "9" * 4300 + ",1"], r"--weights: expected integers of at most 18 digits .*\.\.\. \(4304 characters\)"),
        (["--symbolic", "W" * 61], r"--symbolic: expected a symbol name of at most 60 characters, got 'WWW.*\.\.\. \(63 characters\)"),
    ],
)
def test_matrix_refuses_numbers_and_names_out_of_bounds(capsys, argv, message):
    assert_usage_error(capsys, ["matrix", "--input", "3", "--kernel", "2", *argv], message)


def test_matrix_the_bounds_themselves_are_accepted(capsys):
    big = 2**63 - 1
    status, out, _ = run(capsys, "matrix", "--input", "3", "--kernel", "2", f"--weights={big},{-(2**63)}")
    assert status == 0 and grid(out) == [[str(big), str(-(2**63)), "0"], ["0", str(big), str(-(2**63))]]
    status, out, _ = run(capsys, "matrix", "--input", "2", "--kernel", "1", "--symbolic", "W" * 60)
    assert status == 0 and grid(out) == [["W" * 60 + "[0]", "0"], ["0", "W" * 60 + "[0]"]]


@pytest.mark.parametrize("parameter, option", [("w", "--weights"), ("groups", "--groups"), ("input_shape", "--input")])
def test_matrix_errors_reach_the_option_by_parameter(capsys, monkeypatch, parameter, option):
    from symconv import SymconvError, matrix

    def refuse(*args, **kwargs):
        raise SymconvError("words nobody reads", parameter=parameter)

    monkeypatch.setattr(matrix, "conv_matrix", refuse)
    assert_usage_error(capsys, ["matrix", "--input", "3", "--kernel", "2"], rf"{option}: words nobody reads")


def test_matrix_too_large_to_print_says_so_in_a_short_line(capsys):
    err = assert_usage_error(
        capsys,
        ["matrix", "--input", "3", "--kernel", "2", "--channels", f"{10**70},1"],
        r"--input, --channels: the matrix would be 2 x ~3\.00e\+70, more than the 20,000 entries this command prints; .*",
    )
    assert len(err) < 300


# ----------------------------------------------------------------------------
# --padding-mode
# ----------------------------------------------------------------------------


def test_matrix_circular_is_a_circulant_by_hand(capsys):
    # three taps on four inputs, one cell of padding: cell -1 holds input 3, cell 4 input 0
    status, out, _ = run(capsys, "matrix", "--input", "4", "--kernel", "3", "--padding", "1",
                         "--padding-mode", "circular", "--weights", "1,2,3")
    assert status == 0
    assert grid(out) == [["2", "3", "0", "1"], ["1", "2", "3", "0"], ["0", "1", "2", "3"], ["3", "0", "1", "2"]]


def test_matrix_reflect_folds_the_padding_by_hand(capsys):
    # reflect: cell -1 holds input 1 and cell 4 input 2, so w[0] and w[2] share a column in the first and last rows
    _, out, _ = run(capsys, "matrix", "--input", "4", "--kernel", "3", "--padding", "1", "--padding-mode", "reflect")
    rows = [[cell.strip() for cell in line.split("  ") if cell.strip()] for line in out.splitlines()]
    assert rows == [
        ["w[1]", "w[0] + w[2]", "0", "0"],
        ["w[0]", "w[1]", "w[2]", "0"],
        ["0", "w[0]", "w[1]", "w[2]"],
        ["0", "0", "w[0] + w[2]", "w[1]"],
    ]


@pytest.mark.parametrize("mode", ["zeros", "reflect", "replicate", "circular"])
def test_matrix_padding_mode_matches_the_numeric_backend(capsys, mode):
    from symconv.numeric import conv

    rng = np.random.default_rng(5)
    weights = rng.integers(-4, 5, size=(2, 2, 2, 3))
    status, out, _ = run(capsys, "matrix", "--input", "3,4", "--kernel", "2,3", "--padding", "1,2",
                         "--stride", "2,1", "--channels", "2,2", "--padding-mode", mode,
                         "--weights", ",".join(map(str, weights.ravel())))
    assert status == 0
    C = np.array(grid(out), dtype=int)
    x = rng.integers(-9, 10, size=(1, 2, 3, 4))
    expected = conv(x, weights, stride=(2, 1), padding=(1, 2), padding_mode=mode)
    np.testing.assert_array_equal(C @ x.ravel(), expected.ravel())


@pytest.mark.parametrize("argv, message", [
    ("--input 4 --kernel 3 --padding-mode mirror",
     r"--padding-mode: invalid choice: 'mirror' \(choose from 'zeros', 'reflect', 'replicate', 'circular'\)"),
    ("--input 4 --kernel 3 --padding 1 --padding-mode reflect --transposed",
     r"--padding-mode: transposed convolution pads only with zeros .*, got 'reflect'"),
    ("--input 4 --kernel 3 --padding 4 --padding-mode reflect",
     r"--padding: reflect padding needs each pad smaller than the input .* got pads \(4, 4\) on axis 0 of an input of 4"),
    ("--input 4,2 --kernel 3 --padding 3 --padding-mode circular",
     r"--padding: circular padding needs each pad at most the input .* on axis 1 of an input of 2"),
])
def test_matrix_padding_mode_errors_are_one_line_naming_the_option(capsys, argv, message):
    assert_usage_error(capsys, ["matrix", *shlex.split(argv)], message)


def test_matrix_padding_mode_error_reaches_its_option_by_parameter(capsys, monkeypatch):
    from symconv import SymconvError, matrix

    def refuse(*args, **kwargs):
        raise SymconvError("words nobody reads", parameter="padding_mode")

    monkeypatch.setattr(matrix, "conv_matrix", refuse)
    assert_usage_error(capsys, ["matrix", "--input", "3", "--kernel", "2"], r"--padding-mode: words nobody reads")


def test_matrix_help_examples_run(capsys):
    from ._helpers import help_examples

    examples = help_examples(capsys, "matrix")
    assert any("--padding-mode" in argv for argv in examples)
    for argv in examples:
        status, out, err = run(capsys, *argv)
        assert (status, err) == (0, ""), (argv, err)
        assert out

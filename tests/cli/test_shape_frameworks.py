"""``symconv shape --from``: padding read as PyTorch, ONNX or TensorFlow writes it, with one-line errors."""

from __future__ import annotations

import pytest

from symconv import translate_padding

from ._helpers import assert_usage_error, run


@pytest.mark.parametrize(
    "argv, call",
    [
        ("--input 7,6 --kernel 3 --stride 2 --padding same --from tensorflow",
         dict(framework="tensorflow", padding="same", input_size=(7, 6), kernel_size=3, stride=2)),
        ("--input 7 --kernel 4 --stride 2 --auto-pad SAME_LOWER --from onnx",
         dict(framework="onnx", padding="SAME_LOWER", input_size=7, kernel_size=4, stride=2)),
        ("--input 5,5 --kernel 3 --pads 0,1,1,2 --from onnx",
         dict(framework="onnx", padding=(0, 1, 1, 2), input_size=(5, 5), kernel_size=3)),
        ("--input 6 --kernel 4 --dilation 2 --padding same --from pytorch",
         dict(framework="torch", padding="same", input_size=6, kernel_size=4, dilation=2)),
        ("--input 3 --kernel 3 --stride 2 --transposed --output-shape 6 --auto-pad SAME_UPPER --from onnx",
         dict(framework="onnx", padding="SAME_UPPER", input_size=3, kernel_size=3, stride=2, transposed=True, output_shape=6)),
        ("--input 3 --kernel 3 --stride 2 --transposed --padding same --output-padding 1 --from keras",
         dict(framework="keras", padding="same", input_size=3, kernel_size=3, stride=2, transposed=True, output_padding=1)),
        ("--input 4 --kernel 3 --stride 2 --transposed --padding 1 --output-padding 1 --from torch",
         dict(framework="torch", padding=1, input_size=4, kernel_size=3, stride=2, transposed=True, output_padding=1)),
    ],
)
def test_it_prints_the_translation(capsys, argv, call):
    status, out, err = run(capsys, "shape", *argv.split())
    assert (status, err) == (0, "")
    framework = call.pop("framework")
    padding = call.pop("padding")
    assert out == str(translate_padding(framework, padding, **call)) + "\n"
    assert out.startswith("pads (before, after) per axis: ")


def test_the_help_examples_with_from_run(capsys):
    _, out, _ = run(capsys, "shape", "--help")
    examples = [line.split("symconv ", 1)[1].split() for line in out.splitlines() if line.startswith("  symconv shape") and "--from" in line]
    assert len(examples) == 4
    for argv in examples:
        status, printed, err = run(capsys, *argv)
        assert (status, err) == (0, "") and "output size:" in printed


def test_the_tensorflow_same_example_by_hand(capsys):
    # 7 at stride 2: ceil(7/2) = 4 outputs, total pad (4-1)*2 + 3 - 7 = 2 -> (1, 1); 6: 3 outputs, total 1 -> (0, 1)
    _, out, _ = run(capsys, "shape", "--input", "7,6", "--kernel", "3", "--stride", "2", "--padding", "same", "--from", "tf")
    assert out.splitlines()[:2] == ["pads (before, after) per axis: ((1, 1), (0, 1))", "output size: (4, 3)"]
    assert "torch: padding=0 after pre-padding (0, 1, 1, 1)" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        ("--input 5 --kernel 3 --stride 2 --padding same --from torch", r"--padding: PyTorch refuses padding='same' with stride > 1 .*"),
        ("--input 5 --kernel 3 --pads 1,2,3 --from onnx", r"--pads: expected an ONNX auto_pad .* of 2 ints, got \(1, 2, 3\)"),
        ("--input 5 --kernel 3 --auto-pad SAME --from onnx", r"--auto-pad: expected an ONNX auto_pad \(NOTSET, SAME_UPPER, SAME_LOWER, VALID\) .*"),
        ("--input 5 --kernel 3 --padding 1 --from keras", r"--padding: expected 'same', 'valid' or one \(before, after\) pair per axis \(TensorFlow\), got 1"),
        ("--input 5 --kernel 3 --from mxnet", r"--from: expected one of torch, onnx, tensorflow \(or pytorch, tf, keras\), got 'mxnet'"),
        ("--input 5 --kernel 3 --pads 1,2", r"--pads: only --from onnx reads --pads; got --pads without --from"),
        ("--input 5 --kernel 3 --output-shape 7", r"--output-shape: only --from onnx or tensorflow reads --output-shape; got --output-shape without --from"),
        ("--input 5 --kernel 3 --pads 1,2 --from torch", r"--pads: only --from onnx takes --pads, got --from torch"),
        ("--input 5 --kernel 3 --pads 1,2 --auto-pad VALID --from onnx", r"--pads: give --auto-pad or --pads, not both"),
        ("--input 5 --kernel 2 --pool --from onnx", r"--pool: --from translates convolution padding, not pooling, got --pool with --from"),
        ("--input 3 --kernel 3 --stride 2 --transposed --output-shape 9 --auto-pad SAME_UPPER --from onnx",
         r"--output-shape: 9 needs 1 extra cell\(s\) before the full output of 7 .*"),
        ("--input 5 --kernel 9 --auto-pad VALID --from onnx", r"--kernel: effective kernel 9 .*"),
        ("--input 5 --kernel 3 --output-shape 5 --auto-pad VALID --from onnx", r"--output-shape: only a transposed convolution takes output_shape, got 5"),
    ],
)
def test_errors_are_one_line_naming_the_option(capsys, argv, message):
    assert_usage_error(capsys, ["shape", *argv.split()], message)

"""``symconv shape --padding-mode`` and ``--padding causal``: PyTorch's sizes and refusals, one-line errors."""

from __future__ import annotations

import itertools
import re

import pytest

from _tools import need_module

from ._helpers import assert_usage_error, run


def test_sizes_and_refusals_match_pytorch(capsys):
    """Each (input, padding, mode) through nn.Conv1d(padding_mode=...) and through the command: same size, or both refuse."""
    torch = need_module("torch")
    for mode, i, padding in itertools.product(("zeros", "reflect", "replicate", "circular"), (1, 2, 4), (0, 1, 2, 3, 5)):
        conv = torch.nn.Conv1d(1, 1, 3, padding=padding, padding_mode=mode)
        try:
            with torch.no_grad():
                expected = str(conv(torch.zeros(1, 1, i)).shape[2])
        except RuntimeError:
            expected = None
        status, out, err = run(capsys, "shape", "--input", str(i), "--kernel", "3", "--padding", str(padding),
                               "--padding-mode", mode)
        if expected is None:
            assert (status, out) == (2, "") and err.count("\n") == 1, err
            # the pads the mode cannot fill are --padding's fault; no output at all is --kernel's
            assert err.startswith("symconv: error: --padding: " if padding else "symconv: error: --kernel: "), err
        else:
            assert (status, out, err) == (0, expected + "\n", ""), (mode, i, padding)


def test_causal_prints_ceil_of_input_over_stride(capsys):
    # by hand: all d(k-1) before the input, so outputs 0..ceil(i/s)-1 each read up to their own time step
    assert run(capsys, "shape", "--input", "7", "--kernel", "3", "--dilation", "2", "--stride", "2", "--padding", "causal") == (0, "4\n", "")
    assert run(capsys, "shape", "--input", "4", "--kernel", "2", "--dilation", "3", "--padding", "causal",
               "--padding-mode", "circular") == (0, "4\n", "")


def test_from_a_framework_with_a_mode_prints_each_frameworks_way(capsys):
    status, out, err = run(capsys, "shape", "--input", "7", "--kernel", "3", "--stride", "2", "--padding", "same",
                           "--from", "tensorflow", "--padding-mode", "circular")
    assert (status, err) == (0, "")
    # TensorFlow's 'same' at i=7, k=3, s=2: total max((4-1)*2 + 3 - 7, 0) = 2, so (1, 1); 4 outputs
    assert out.splitlines()[:3] == ["pads (before, after) per axis: ((1, 1),)", "padding_mode: circular", "output size: (4,)"]
    assert "torch: padding=1, padding_mode='circular'" in out and "Pad(mode='wrap', pads=pre_pad) first" in out
    assert "tensorflow: cannot -- tf.pad pads with CONSTANT, REFLECT or SYMMETRIC, and circular is none of them" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        ("--input 3 --kernel 3 --padding 3 --padding-mode reflect",
         r"--padding: reflect padding needs each pad smaller than the input \(PyTorch's rule: a mirror image cannot be "
         r"longer than what it mirrors\), got pads \(3, 3\) on axis 0 of an input of 3"),
        ("--input 3 --kernel 3 --padding 4 --padding-mode circular",
         r"--padding: circular padding needs each pad at most the input .*got pads \(4, 4\) on axis 0 of an input of 3"),
        ("--input 5,1 --kernel 3 --padding same --padding-mode reflect",
         r"--padding: reflect padding needs each pad smaller than the input .*got pads \(1, 1\) on axis 1 of an input of 1"),
        ("--input 5 --kernel 3 --padding-mode mirror",
         r"--padding-mode: expected one of 'zeros', 'reflect', 'replicate', 'circular' \(PyTorch's names\), got 'mirror'"),
        ("--input 5 --kernel 3 --padding 1 --padding-mode reflect --transposed",
         r"--padding-mode: transposed convolution pads only with zeros .*got 'reflect'"),
        ("--input 5 --kernel 3 --padding 1 --padding-mode reflect --pool",
         r"--padding-mode: pooling pads with zeros \(-inf for max pooling\), as in PyTorch; got --padding-mode reflect with --pool"),
        ("--input 2 --kernel 3 --padding 2 --padding-mode reflect --from torch",
         r"--padding: reflect padding needs each pad smaller than the input .*got pads \(2, 2\) on axis 0 of an input of 2"),
        ("--input 5 --kernel 3 --pads 1,0 --padding-mode mirror --from onnx", r"--padding-mode: expected one of .*got 'mirror'"),
        ("--input 5,5 --kernel 3 --padding causal",
         r"--padding: \"causal\" .* is a 1-D form for a convolution; got it with 2 spatial axes; give explicit \(before, after\) pairs"),
        ("--input 3 --kernel 3 --padding causal --transposed", r"--padding: \"causal\" .* got it with transposed convolution.*"),
    ],
)
def test_one_line_errors_exit_2(capsys, argv, message):
    assert_usage_error(capsys, ["shape", *argv.split()], message)


def test_the_refused_example_in_shape_help_is_refused(capsys):
    _, out, _ = run(capsys, "shape", "--help")
    (command,) = re.findall(r"^  symconv (shape .*?)\s+# refused: .+$", out, re.M)
    assert command == "shape --input 3 --kernel 3 --padding 3 --padding-mode reflect"
    assert_usage_error(capsys, command.split(), r"--padding: reflect padding needs each pad smaller than the input .*")

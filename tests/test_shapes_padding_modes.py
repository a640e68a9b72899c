"""Shape arithmetic with padding modes and causal padding, against PyTorch's nn.ConvNd(padding_mode=...).

PyTorch is the independent route: every configuration below is run through
``torch.nn.Conv1d``/``Conv2d`` with that ``padding_mode`` on a zero input;
symconv must refuse exactly what PyTorch refuses (reflect pads >= the input,
circular pads > the input, a kernel larger than the padded input) and give
PyTorch's output size for the rest.
"""

from __future__ import annotations

import itertools
import warnings

import pytest
import sympy

import symconv as sc
from symconv import SymconvError

from _tools import need_module

MODES = ("zeros", "reflect", "replicate", "circular")


@pytest.fixture(scope="module")
def torch():
    return need_module("torch")


def _torch_size(torch, i, k, stride, padding, dilation, mode):
    """PyTorch's output size, or None when PyTorch refuses the configuration."""
    ndim = len(i)
    conv = (torch.nn.Conv1d, torch.nn.Conv2d)[ndim - 1](1, 1, k, stride=stride, padding=padding, dilation=dilation,
                                                           padding_mode=mode)
    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # 'same' with an even kernel warns about a copy
            return tuple(conv(torch.zeros(1, 1, *i)).shape[2:])
    except RuntimeError as error:
        return str(error)


def _symconv_size(i, k, stride, padding, dilation, mode):
    try:
        return sc.conv_output_size(i, k, stride=stride, padding=padding, dilation=dilation, padding_mode=mode)
    except SymconvError as error:
        assert "\n" not in str(error) and error.parameter in ("padding", "kernel_size"), error
        return error


@pytest.mark.parametrize("mode", MODES)
def test_sizes_and_refusals_are_pytorchs_in_1d(torch, mode):
    refused = 0
    for i, k, stride, padding, dilation in itertools.product(range(1, 6), (1, 2, 3), (1, 2), range(0, 6), (1, 2)):
        theirs = _torch_size(torch, (i,), k, stride, padding, dilation, mode)
        ours = _symconv_size((i,), k, stride, padding, dilation, mode)
        if isinstance(theirs, str):
            assert isinstance(ours, SymconvError), (i, k, stride, padding, dilation, theirs)
            refused += 1
            if mode == "reflect" and "Padding size should be less than" in theirs:
                assert padding >= i and str(ours).startswith("padding: reflect padding needs each pad smaller than the input")
            if mode == "circular" and "wrapping around more than once" in theirs:
                assert padding > i and str(ours).startswith("padding: circular padding needs each pad at most the input")
        else:
            assert ours == theirs, (i, k, stride, padding, dilation)
    assert refused > 0


@pytest.mark.parametrize("mode", MODES)
def test_sizes_and_refusals_are_pytorchs_in_2d_with_same(torch, mode):
    for (h, w), k, padding in itertools.product(itertools.product(range(1, 5), repeat=2), ((3, 2), (2, 4), (3, 3)),
                                                ("same", "valid", (1, 2), (2, 0))):
        theirs = _torch_size(torch, (h, w), k, 1, padding, 1, mode)
        ours = _symconv_size((h, w), k, 1, padding, 1, mode)
        if isinstance(theirs, str):
            assert isinstance(ours, SymconvError), ((h, w), k, padding, theirs)
        else:
            assert ours == theirs, ((h, w), k, padding)


def test_causal_padding_gives_the_sizes_of_a_left_pad(torch):
    """'causal' against torch: F.pad with d(k-1) cells on the left only, then the convolution."""
    F = torch.nn.functional
    for i, k, stride, dilation in itertools.product(range(1, 8), (1, 2, 3, 4), (1, 2, 3), (1, 2, 3)):
        x = F.pad(torch.zeros(1, 1, i), (dilation * (k - 1), 0))
        expected = F.conv1d(x, torch.zeros(1, 1, k), stride=stride, dilation=dilation).shape[2]
        assert sc.conv_output_size(i, k, stride=stride, padding="causal", dilation=dilation) == expected
        assert expected == -(-i // stride)  # ceil(i / s): the output at t reads inputs up to t


def test_causal_with_a_mode_and_symbolic_sizes():
    # circular causal: pads (d(k-1), 0) need d(k-1) <= i; reflect d(k-1) < i
    assert sc.conv_output_size(4, 3, dilation=2, padding="causal", padding_mode="circular") == 4
    with pytest.raises(SymconvError, match=r"^padding: circular padding needs each pad at most the input.*got pads \(4, 0\)"):
        sc.conv_output_size(3, 3, dilation=2, padding="causal", padding_mode="circular")
    with pytest.raises(SymconvError, match=r"^padding: reflect padding needs each pad smaller.*got pads \(4, 0\)"):
        sc.conv_output_size(4, 3, dilation=2, padding="causal", padding_mode="reflect")
    i = sympy.Symbol("i", integer=True, positive=True)
    # a symbolic input is not checked against the pads; the size is the mode's as for zeros
    assert sc.conv_output_size(i, 3, padding=2, padding_mode="reflect") == i + 2
    causal = sc.conv_output_size(i, 3, stride=2, padding="causal")  # floor((i - 1)/2) + 1, which is ceil(i/2)
    assert all(causal.subs(i, n) == -(-n // 2) for n in range(1, 41))  # checked for i = 1..40
    with pytest.raises(SymconvError, match=r'^padding: "causal" .* is a 1-D form for a convolution; got it with 2 spatial axes'):
        sc.conv_output_size((5, 5), 3, padding="causal")


def test_the_mode_changes_no_size():
    for mode in MODES:
        assert sc.conv_output_size((6, 7), (3, 2), stride=(2, 1), padding=((1, 2), (0, 1)), padding_mode=mode) == (4, 7)


def test_transposed_convolution_takes_only_zeros_as_pytorch(torch):
    assert sc.conv_transpose_output_size(3, 3, stride=2, padding=1, padding_mode="zeros") == 5
    with pytest.raises(ValueError, match="Only \"zeros\" padding mode is supported"):
        torch.nn.ConvTranspose1d(1, 1, 3, padding_mode="reflect")
    for mode in MODES[1:]:
        with pytest.raises(SymconvError, match=r"^padding_mode: transposed convolution pads only with zeros") as info:
            sc.conv_transpose_output_size(3, 3, stride=2, padding=1, padding_mode=mode)
        assert info.value.parameter == "padding_mode"


def test_bad_modes_are_refused_naming_padding_mode():
    with pytest.raises(SymconvError, match=r"^padding_mode: expected one of 'zeros', 'reflect', 'replicate', 'circular' "
                                           r"\(PyTorch's names\), got 'symmetric'$") as info:
        sc.conv_output_size(5, 3, padding=1, padding_mode="symmetric")
    assert info.value.parameter == "padding_mode"
    with pytest.raises(TypeError, match=r"^padding_mode: expected one of .*got NoneType None$"):
        sc.conv_output_size(5, 3, padding=1, padding_mode=None)

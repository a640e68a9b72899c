"""symconv.models.torch: convolutions with padding_mode reflect, replicate and circular read into the network graph.

Independent routes: torch's forward (every layer's output shape), torch's
parameter count, and torch's autograd (which input cells an output depends on).
"""

from __future__ import annotations

import numpy as np
import pytest
from _tools import need_module

from symconv import SymconvError
from symconv.models import from_torch, receptive_field_rows, summary

torch = need_module("torch")
from torch import nn  # noqa: E402

from .test_torch import _check_shapes  # noqa: E402


def _net(modes):
    a, b, c = modes
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1, padding_mode=a),
        nn.ReLU(),
        nn.Conv2d(4, 4, 3, stride=2, padding=2, padding_mode=b),
        nn.Conv2d(4, 2, (3, 2), padding="same", padding_mode=c),
    )


MODES = ("reflect", "circular", "replicate")


def test_modes_are_read_into_the_geometry_with_torchs_shapes():
    net = _net(MODES)
    G = _check_shapes(net, (1, 1, 9, 10))  # every layer's shape against torch's forward
    assert [G.nodes[name]["geometry"].padding_mode for name in ("0", "2", "3")] == list(MODES)
    assert G.nodes["3"]["pads"] == ((1, 1), (0, 1))  # torch's 'same' for a kernel of 2: the extra pad after
    assert summary(G).params == sum(p.numel() for p in net.parameters())
    # circular pads of the whole input (PyTorch's limit), 1-D, dilated: 7 + 14 - 8 = 13 by hand, and torch's forward
    G = _check_shapes(nn.Sequential(nn.Conv1d(2, 3, 5, dilation=2, padding=7, padding_mode="circular")), (2, 2, 7))
    assert G.nodes["0"]["output_shape"] == (2, 3, 13)


def test_receptive_fields_and_summaries_do_not_change_with_the_mode():
    zeros = from_torch(_net(("zeros",) * 3), (1, 1, 9, 10))
    modes = from_torch(_net(MODES), (1, 1, 9, 10))
    assert receptive_field_rows(modes) == receptive_field_rows(zeros)
    a, b = summary(modes), summary(zeros)
    same = ("output_shape", "params", "macs", "rf_size", "effective_stride", "effective_padding", "aligned")
    assert (a.params, a.macs) == (b.params, b.macs)
    assert [[getattr(row, f) for f in same] for row in a.layers] == [[getattr(row, f) for f in same] for row in b.layers]


def test_an_output_away_from_the_border_depends_on_the_same_inputs_in_every_mode():
    """Autograd: the inputs an interior output depends on are the same with any mode (its windows never reach the padding)."""
    torch.manual_seed(0)
    footprints = []
    for modes in (("zeros",) * 3, MODES):
        net = _net(modes).double()
        for p in net.parameters():
            torch.nn.init.uniform_(p, 0.5, 1.5)  # positive weights: no accidental cancellation
        x = torch.rand(1, 1, 15, 15, dtype=torch.float64, requires_grad=True)
        y = net(x)
        y[0, 0, y.shape[2] // 2, y.shape[3] // 2].backward()
        footprints.append(np.argwhere(x.grad[0, 0].numpy() != 0))
    assert np.array_equal(*footprints) and len(footprints[0]) > 1
    rows = receptive_field_rows(from_torch(_net(MODES), (1, 1, 15, 15)))
    spread = footprints[0].max(axis=0) - footprints[0].min(axis=0) + 1
    assert list(spread) == rows[-1]["rf_size"]  # the span the closed form gives, seen by autograd


def test_a_pad_the_mode_cannot_fill_is_refused_as_torch_refuses_it():
    net = nn.Sequential(nn.Conv1d(1, 1, 3, padding=3, padding_mode="reflect"))
    with pytest.raises(RuntimeError, match="Padding size should be less than the corresponding input dimension"):
        net(torch.zeros(1, 1, 3))
    with pytest.raises(SymconvError, match=r"^module: layer '0' \(Conv1d\): .*reflect padding needs each pad smaller than "
                                           r"the input .* got pads \(3, 3\) on axis 0 of an input of 3$") as info:
        from_torch(net, (1, 1, 3))
    assert info.value.parameter == "module" and "\n" not in str(info.value)
    assert from_torch(net, (1, 1, 4)).nodes["0"]["output_shape"] == tuple(net(torch.zeros(1, 1, 4)).shape)

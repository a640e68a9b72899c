"""symconv.models.summary: counts against symconv.counting and PyTorch's FLOP counter; tables and rows."""

from __future__ import annotations

import json

import pytest
from _tools import need_module

from symconv import Geometry, counting
from symconv.models import NetworkBuilder, from_torch, summary, summary_table


def _net():
    b = NetworkBuilder()
    x = b.input("x", (1, 3, 32, 32))
    c = b.conv("conv", x, Geometry(3, stride=2, padding=1, ndim=2), 16)
    d = b.conv("dw", c, Geometry(3, padding=1, groups=16, ndim=2), 16, bias=False)
    t = b.conv("up", d, Geometry(2, stride=2, transposed=True, ndim=2), 8)
    p = b.pool("pool", t, Geometry(2, stride=2, ndim=2))
    f = b.flatten("flat", b.global_pool("gap", p))
    b.dense("fc", f, 10)
    return b.build()


def test_counts_against_symconv_counting():
    s = summary(_net())
    by = {layer.name: layer for layer in s.layers}
    expected = [
        counting.conv((3, 32, 32), 16, 3, stride=2, padding=1),
        counting.conv((16, 16, 16), 16, 3, padding=1, groups=16, bias=False),
        counting.conv_transpose((16, 16, 16), 8, 2, stride=2),
        counting.pool((8, 32, 32), 2),
        counting.dense(8, 10),
    ]
    for name, count in zip(("conv", "dw", "up", "pool", "fc"), expected):
        assert (by[name].params, by[name].macs) == (count.params, count.macs), name
        assert by[name].output_shape[1:] == count.output_shape
        assert by[name].flops == 2 * by[name].macs
    assert s.params == sum(layer.params for layer in s.layers) and s.flops == 2 * s.macs


def test_flops_against_torch_flop_counter():
    torch = need_module("torch")
    from torch.utils.flop_counter import FlopCounterMode

    from . import _torch_nets as T

    module = T.ResNetV1(depths=(1, 1, 1, 1), size=64, width=8).eval()
    shape = (1, 3, 64, 64)
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        module(torch.zeros(shape))
    s = summary(from_torch(module, shape))
    ours = sum(layer.flops for layer in s.layers if layer.kind in ("conv", "conv_transpose", "dense"))
    assert ours == counter.get_total_flops()


def test_table_and_rows():
    s = summary(_net())
    table = summary_table(_net())
    lines = table.splitlines()
    assert lines[0].startswith("| layer | operation | output shape | params | MACs |")
    assert len([line for line in lines if line.startswith("| ") and "---" not in line]) == 1 + len(s.layers) + 1
    assert "| up | ConvTranspose k2 s2 | 1x8x32x32 |" in table and "FLOPs = 2 x MACs" in table
    rows = s.to_rows()
    assert json.loads(json.dumps(rows)) == rows and [r["name"] for r in rows] == [layer.name for layer in s.layers]
    assert rows[-1]["name"] == "fc"
    assert rows[3]["effective_stride"] == [1, 1] and s.totals == {"params": s.params, "macs": s.macs,
                                                                   "flops": s.flops}
    assert s._repr_markdown_() == str(table)


def test_symbolic_counts():
    sympy = pytest.importorskip("sympy")
    h = sympy.Symbol("h", integer=True, positive=True)
    b = NetworkBuilder()
    b.conv("c", b.input("x", (1, 2, h, h)), Geometry(3, padding=1, ndim=2), 4, bias=False)
    s = summary(b.build())
    assert sympy.simplify(s.macs - 72 * h**2) == 0
    assert summary(b.build()).to_rows()[-1]["macs"] == str(s.macs)

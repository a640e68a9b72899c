"""Models on disk for the command-line tests of ``rf``, ``summary`` and ``draw network``.

ONNX graphs are written with ``onnx.helper`` (through ``tests/models/_onnx_nets.py``); PyTorch modules are a
Python file written into a folder put on ``sys.path`` (or on ``PYTHONPATH`` for a child process).
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from _tools import need_module

#: A module file with a small residual encoder-decoder (values worked out by hand in the tests) and broken factories.
TORCH_SOURCE = textwrap.dedent("""
    import torch


    class Tiny(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = torch.nn.Conv2d(3, 4, 3, stride=2, padding=1)
            self.conv2 = torch.nn.Conv2d(4, 4, 3, padding=1, bias=False)
            self.up = torch.nn.ConvTranspose2d(4, 2, 4, stride=2, padding=1)

        def forward(self, x):
            y = torch.relu(self.conv1(x))
            return self.up(y + self.conv2(y))


    def make():
        return Tiny()


    def shifted():  # two branches whose regions are not centred alike: not aligned
        return Shifted()


    class Shifted(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.a = torch.nn.Conv2d(1, 1, 3, padding=1)
            self.pad = torch.nn.ZeroPad2d((2, 0, 2, 0))  # two before, none after, on both axes
            self.b = torch.nn.Conv2d(1, 1, 3)

        def forward(self, x):
            return self.a(x) + self.b(self.pad(x))


    def boom():
        raise RuntimeError("the factory failed")


    def needs(argument):
        return argument


    def not_a_module():
        return 3


    net = Tiny()
    number = 3
""")


def onnx_nets():
    """``tests/models/_onnx_nets.py``, after checking that onnx is installed."""
    need_module("onnx")
    from models import _onnx_nets

    return _onnx_nets


def save(model, path: Path) -> str:
    import onnx

    onnx.save(model, path)
    return str(path)


def two_layers(tmp_path) -> str:
    """Conv k3 s2 p1 (3 -> 4 channels, bias) then conv k3 s1 p1 (4 -> 2, no bias) on a 1x3x8x8 input."""
    net = onnx_nets().OnnxNet([1, 3, 8, 8])
    y = net.conv(net.x, 3, 4, 3, stride=2, pads=1, name="conv1")
    y = net.conv(y, 4, 2, 3, pads=1, bias=False, name="conv2")
    return save(net.model([y]), tmp_path / "two.onnx")


def with_op(tmp_path, op: str) -> str:
    """A convolution followed by ``op`` (named ``norm``) on a 1x3x8x8 input."""
    net = onnx_nets().OnnxNet([1, 3, 8, 8])
    y = net.conv(net.x, 3, 4, 3, pads=1, name="conv")
    y = net.node(op, [y], name="norm")
    return save(net.model([y]), tmp_path / f"{op.lower()}.onnx")


def dynamic(tmp_path) -> str:
    """An input whose spatial sizes are left open, one without a name (0) and one named h."""
    net = onnx_nets().OnnxNet([1, 3, "h", 0])
    y = net.conv(net.x, 3, 4, 3, pads=1, name="conv")
    return save(net.model([y]), tmp_path / "dynamic.onnx")


def named_sizes(tmp_path) -> str:
    """An input of shape (1, 3, h, w), the sizes named in the model (dim_param)."""
    net = onnx_nets().OnnxNet([1, 3, "h", "w"])
    y = net.conv(net.x, 3, 4, 3, stride=2, pads=1, name="conv")
    return save(net.model([y]), tmp_path / "named.onnx")


def strides_differ(tmp_path) -> str:
    """Two branches summed: a 1x1 convolution of stride 2 and a 5x5 of stride 1, both 4x4 out of 8x8."""
    net = onnx_nets().OnnxNet([1, 3, 8, 8])
    a = net.conv(net.x, 3, 4, 1, stride=2, name="a")
    b = net.conv(net.x, 3, 4, 5, name="b")
    return save(net.model([net.node("Add", [a, b], name="sum")]), tmp_path / "strides.onnx")


def off_centre(tmp_path) -> str:
    """Two 3x3 branches summed, one padded (1, 1), the other (2, 0): aligned no longer."""
    net = onnx_nets().OnnxNet([1, 3, 8, 8])
    a = net.conv(net.x, 3, 4, 3, pads=1, name="a")
    b = net.conv(net.x, 3, 4, 3, pads=[2, 2, 0, 0], name="b")
    return save(net.model([net.node("Add", [a, b], name="sum")]), tmp_path / "off_centre.onnx")


@pytest.fixture
def torch_module(tmp_path, monkeypatch):
    """The name of a module on ``sys.path`` holding :data:`TORCH_SOURCE` (torch needed)."""
    need_module("torch")
    folder = tmp_path / "modules"
    folder.mkdir()
    (folder / "tiny_nets.py").write_text(TORCH_SOURCE)
    (folder / "raises_on_import.py").write_text("raise ValueError('no import for you')\n")
    (folder / "not_python.py").write_text("def f(:\n")
    monkeypatch.syspath_prepend(str(folder))
    yield "tiny_nets"
    for name in ("tiny_nets", "raises_on_import", "not_python"):
        sys.modules.pop(name, None)


def residual(tmp_path, name="model.onnx") -> str:
    """A residual block on an input of shape (1, 3, h, w) (sizes named in the model): conv, relu, conv, add."""
    net = onnx_nets().OnnxNet([1, 3, "h", "w"])
    y = net.node("Relu", [net.conv(net.x, 3, 3, 3, pads=1, name="conv1")], name="relu1")
    y = net.conv(y, 3, 3, 3, pads=1, name="conv2")
    y = net.node("Add", [net.x, y], name="add")
    return save(net.model([y]), tmp_path / name)


def model_examples(help_text: str, command: str) -> list:
    """The command lines of the help's examples "with a model of your own" (the lines after those words)."""
    import re
    import shlex

    block = help_text.split("with a model of your own", 1)[1]
    return [shlex.split(line)[1:] for line in re.findall(rf"^ +(symconv {command}\b.*)$", block, re.M)]


@pytest.fixture
def example_files(tmp_path, monkeypatch):
    """model.onnx and my_nets.py (with make()) in the current folder, my_nets importable: what the help names."""
    need_module("torch")
    residual(tmp_path)
    (tmp_path / "my_nets.py").write_text(TORCH_SOURCE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop("my_nets", None)

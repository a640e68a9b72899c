"""symconv.models.load: what the command line hands over, a .onnx path or module:attribute."""

from __future__ import annotations

import sys
import textwrap

import pytest
from _tools import need_module

from symconv import SymconvError
from symconv.models import load_network


@pytest.fixture
def factory_module(tmp_path, monkeypatch):
    (tmp_path / "my_nets.py").write_text(textwrap.dedent("""
        import torch
        net = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.ReLU())
        def make():
            return torch.nn.Sequential(torch.nn.Conv2d(3, 2, 5))
        def needs(arg):
            return arg
        def not_a_module():
            return 3
        number = 3
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "my_nets"
    sys.modules.pop("my_nets", None)


def test_onnx_path(tmp_path):
    onnx = need_module("onnx")
    from . import _onnx_nets

    path = tmp_path / "net.onnx"
    onnx.save(_onnx_nets.inception_block(), path)
    assert list(load_network(path)) == list(load_network(str(path))) == list(load_network(path.read_bytes()))


def test_module_attribute_and_factory(factory_module):
    need_module("torch")
    G = load_network(f"{factory_module}:net", input_shape=(1, 3, 8, 8))
    assert G.nodes[G.graph["outputs"][0]]["output_shape"] == (1, 4, 6, 6)
    G = load_network(f"{factory_module}:make", input_shape=(1, 3, 8, 8))
    assert G.nodes[G.graph["outputs"][0]]["output_shape"] == (1, 2, 4, 4)


@pytest.mark.parametrize(
    "spec, kwargs, parameter, match",
    [
        ("missing.onnx", {}, "model", "no such file"),
        ("no_colon_here", {}, "model", "no such file"),
        ("no_such_module_xyz:net", {}, "model", "cannot import"),
        ("{m}:absent", {}, "model", "has no attribute"),
        ("{m}:number", {}, "model", "not a PyTorch module or a factory"),
        ("{m}:needs", {}, "model", "callable without arguments"),
        ("{m}:not_a_module", {}, "model", "not a torch.nn.Module"),
        ("{m}:net", {}, "input_shape", "needs the shape of its input"),
    ],
)
def test_refusals(factory_module, spec, kwargs, parameter, match):
    need_module("torch")
    with pytest.raises(SymconvError, match=match) as err:
        load_network(spec.format(m=factory_module), **kwargs)
    assert err.value.parameter == parameter


def test_wrong_kind():
    with pytest.raises(TypeError, match="^model: expected"):
        load_network(3.5)

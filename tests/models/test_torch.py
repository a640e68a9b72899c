"""symconv.models.torch: modules read through torch.fx, shapes against torch's forward, and the ONNX route."""

from __future__ import annotations

import io
import sys
import warnings

import pytest
from _tools import need_module

from symconv import SymconvError
from symconv.models import from_onnx, from_torch, receptive_field_rows, summary

torch = need_module("torch")
from torch import nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from . import _torch_nets as T  # noqa: E402


def _check_shapes(module, shape):
    """Every layer's output shape against the tensors torch computes (forward hooks on leaf modules)."""
    G = from_torch(module, shape)
    seen = {}
    hooks = [m.register_forward_hook(lambda m, i, o, name=name: seen.__setitem__(name, tuple(o.shape)))
             for name, m in module.named_modules() if name and not list(m.children())]
    out = module(torch.zeros(shape))
    for h in hooks:
        h.remove()
    for name, got in seen.items():
        if name in G:
            assert G.nodes[name]["output_shape"] == got, name
    assert G.nodes[G.graph["outputs"][0]]["output_shape"] == tuple(out.shape)
    return G


class Functional(nn.Module):
    """Functions and methods rather than modules."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding="same")
        self.valid = nn.Conv2d(4, 4, 3, padding="valid")
        self.up = nn.ConvTranspose2d(4, 4, 3, stride=2, padding=1, output_padding=1, groups=2)

    def forward(self, x):
        x = F.relu(self.conv(x))  # 12x12
        x = F.pad(x, (1, 2, 0, 1))  # 13x15
        x = F.max_pool2d(x, 2, 2, ceil_mode=True)  # 7x8
        x = torch.sigmoid(self.valid(x))  # 5x6
        y = F.interpolate(x, scale_factor=2, mode="nearest")  # 10x12
        x = torch.cat([y, self.up(x)], dim=1)  # 10x12
        x = F.avg_pool2d(x, 3, 2, 1, count_include_pad=False)  # 5x6
        x = x + x.relu()
        x = F.adaptive_avg_pool2d(x, 1)
        return torch.flatten(x, 1)


def test_functional_calls_and_their_shapes():
    module = Functional()
    G = from_torch(module, (1, 3, 12, 12))
    y = module(torch.zeros(1, 3, 12, 12))
    kinds = [G.nodes[v]["kind"] for v in G]
    assert G.nodes[G.graph["outputs"][0]]["output_shape"] == tuple(y.shape)
    for kind in ("pad", "pool", "upsample", "conv_transpose", "concat", "flatten"):
        assert kind in kinds


def test_modules_shapes_against_forward():
    for module, shape in [(T.VGG16(), (1, 3, 64, 64)), (T.MobileNetV1(size=96), (1, 3, 96, 96)),
                          (T.ResNetV1(depths=(1, 1, 2, 1), size=96), (1, 3, 96, 96)), (T.Inception(), (1, 8, 17, 17)),
                          (T.UNet(), (1, 1, 32, 32))]:
        _check_shapes(module, shape)


def test_parameters_against_torch_count():
    for module, shape in [(T.ResNetV1(depths=(1, 1, 1, 1), size=64, width=8), (1, 3, 64, 64)),
                          (T.UNet(), (1, 1, 16, 16)), (T.MobileNetV1(size=64), (1, 3, 64, 64))]:
        expected = sum(p.numel() for p in module.parameters())
        assert summary(from_torch(module, shape)).params == expected


def test_head_linear_flatten_view_adaptive():
    class Head(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1)
            self.pool = nn.AdaptiveAvgPool2d((2, 2))
            self.gap = nn.AdaptiveMaxPool2d(1)
            self.fc = nn.Linear(8, 5)

        def forward(self, x):
            x = self.pool(self.conv(x))
            x = self.gap(x)
            x = x.view(x.size(0), -1)
            return torch.softmax(self.fc(x), dim=1)

    G = _check_shapes(Head(), (1, 3, 16, 16))
    assert G.nodes["fc"]["kind"] == "dense" and G.nodes["gap"]["kind"] == "global_pool"
    assert G.nodes["pool"]["geometry"].kernel_size == (4, 4)


def test_upsample_module_zero_pad_and_symbolic_sizes():
    sympy = pytest.importorskip("sympy")
    module = nn.Sequential(nn.ZeroPad2d((1, 0, 2, 0)), nn.Conv2d(1, 2, 3, stride=2), nn.Upsample(scale_factor=2))
    h = sympy.Symbol("h", integer=True, positive=True)
    G = from_torch(module, (1, 1, h, 9))
    out = G.nodes[G.graph["outputs"][0]]["output_shape"]
    for value in (7, 8, 9, 10):
        y = module(torch.zeros(1, 1, value, 9))
        assert tuple(int(sympy.sympify(v).subs(h, value)) for v in out) == tuple(y.shape)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("net, shape", [("ResNetV1", (1, 3, 64, 64)), ("UNet", (1, 1, 32, 32)),
                                        ("Inception", (1, 8, 17, 17)), ("MobileNetV1", (1, 3, 64, 64))])
def test_torch_and_its_onnx_export_agree(net, shape):
    """The same module read twice: through torch.fx and through torch.onnx.export (the TorchScript exporter)."""
    need_module("onnx")
    kwargs = {"size": shape[2]} if net == "MobileNetV1" else ({"depths": (1, 1, 1, 1), "size": shape[2]}
                                                              if net == "ResNetV1" else {})
    module = getattr(T, net)(**kwargs).eval()
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(module, (torch.zeros(shape),), buffer, dynamo=False)
    from_fx = receptive_field_rows(from_torch(module, shape))
    from_export = receptive_field_rows(from_onnx(buffer.getvalue()))
    keys = ("output_shape", "rf_size", "effective_stride", "effective_padding", "aligned")
    assert [tuple(r[k] for k in keys) for r in from_export][-1] == [tuple(r[k] for k in keys) for r in from_fx][-1]
    windows = lambda rows: [tuple(r[k] for k in keys) for r in rows if r["kind"] in ("conv", "conv_transpose")]  # noqa: E731
    assert windows(from_export) == windows(from_fx)


# -- refusals -----------------------------------------------------------------------------------


def _refused(match, parameter, *args, **kwargs):
    with pytest.raises(SymconvError, match=match) as err:
        from_torch(*args, **kwargs)
    assert err.value.parameter == parameter and "\n" not in str(err.value)
    return err.value


class Reflect(nn.Module):
    def forward(self, x):
        return F.pad(x, (1, 1, 1, 1), mode="reflect")


def test_refusals():
    class Branchy(nn.Module):
        def forward(self, x):
            return x if x.sum() > 0 else -x

    _refused(r"^module: torch.fx cannot trace Branchy", "module", Branchy(), (1, 1, 4))
    err = _refused(r"^module: layer '0' \(Unfold\) is not supported; supported modules: .*Conv2d",
                   "module", nn.Sequential(nn.Unfold(2)), (1, 1, 4, 4))
    assert "pass_through=['Unfold']" in str(err)
    assert from_torch(nn.Sequential(nn.Softmin(1)), (1, 1, 4), pass_through=["Softmin"]).nodes["0"]["kind"] \
        == "pass_through"
    _refused("mode 'reflect'", "module", Reflect(), (1, 1, 4, 4))
    _refused("mode 'bilinear'", "module", nn.Upsample(scale_factor=2, mode="bilinear"), (1, 1, 4, 4))
    _refused("only integer upsampling", "module", nn.Upsample(scale_factor=1.5), (1, 1, 4, 4))
    _refused("expects 2 input channels", "module", nn.Conv2d(2, 1, 3), (1, 1, 4, 4))
    _refused("does not divide", "module", nn.AdaptiveAvgPool2d(3), (1, 1, 4, 4))
    _refused("kernel_size", "module", nn.Conv2d(1, 1, 5), (1, 1, 4, 4))
    _refused(r"^input_shape: expected \(N, C, \*spatial\)", "input_shape", nn.Identity(), (1, 1))
    _refused(r"^input_shape: expected a positive int", "input_shape", nn.Identity(), (1, 1, 0))
    with pytest.raises(TypeError, match="^module: expected a torch.nn.Module"):
        from_torch(lambda x: x, (1, 1, 4))


def test_missing_torch_says_which_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(ModuleNotFoundError, match=r'pip install "symconv\[torch\]"'):
        from_torch(object(), (1, 1, 4))

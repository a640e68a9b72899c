"""The networks of ``_onnx_nets`` written again as PyTorch modules (a second, independent definition).

``pool="avg"`` swaps every max-pool for an average pool of the same geometry:
the gradient of a max-pool reaches one input per window, an average pool's
reaches the whole window, which is the region the receptive field describes.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


def _pool(kind, k, stride, padding=0):
    return nn.MaxPool2d(k, stride, padding) if kind == "max" else nn.AvgPool2d(k, stride, padding)


def _same_pad(size, k, stride):
    """ONNX SAME_UPPER pads for one axis: (before, after), the odd one after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + k - size, 0)
    return total // 2, total - total // 2


class VGG16(nn.Module):
    def __init__(self, width=16, pool="max"):
        super().__init__()
        layers, cin = [], 3
        for convs, channels in zip((2, 2, 3, 3, 3), (64, 128, 256, 512, 512)):
            for _ in range(convs):
                layers += [nn.Conv2d(cin, max(channels // width, 1), 3, padding=1), nn.ReLU()]
                cin = max(channels // width, 1)
            layers.append(_pool(pool, 2, 2))
        self.features = nn.Sequential(*layers)

    def forward(self, x):
        return self.features(x)


class MobileNetV1(nn.Module):
    """TF-Slim mobilenet_v1 features; 'SAME' stride-2 layers are a ZeroPad2d then a VALID convolution."""

    def __init__(self, size=224, width=16):
        super().__init__()
        layers = []
        c = max(32 // width, 1)
        layers += self._conv(3, c, 3, 2, size, groups=1)
        size = -(-size // 2)
        plan = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), *[(512, 1)] * 5, (1024, 2), (1024, 1)]
        for channels, stride in plan:
            layers += self._conv(c, c, 3, stride, size, groups=c)
            size = -(-size // stride)
            out = max(channels // width, 1)
            layers += [nn.Conv2d(c, out, 1, bias=False), nn.BatchNorm2d(out), nn.ReLU6()]
            c = out
        self.features = nn.Sequential(*layers)

    @staticmethod
    def _conv(cin, cout, k, stride, size, groups):
        before, after = _same_pad(size, k, stride)
        pad = [] if before == after else [nn.ZeroPad2d((before, after, before, after))]
        conv = nn.Conv2d(cin, cout, k, stride, padding=before if before == after else 0, groups=groups, bias=False)
        return [*pad, conv, nn.BatchNorm2d(cout), nn.ReLU6()]

    def forward(self, x):
        return self.features(x)


class Bottleneck(nn.Module):
    """TF-Slim resnet_v1 bottleneck: 1x1, 3x3 (with the stride), 1x1; projection or subsampling shortcut."""

    def __init__(self, cin, mid, depth, stride):
        super().__init__()
        if cin == depth:
            self.shortcut = nn.Identity() if stride == 1 else nn.MaxPool2d(1, stride)
        else:
            self.shortcut = nn.Conv2d(cin, depth, 1, stride, bias=False)
        self.conv1 = nn.Conv2d(cin, mid, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(mid)
        self.conv2 = nn.Conv2d(mid, mid, 3, stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(mid)
        self.conv3 = nn.Conv2d(mid, depth, 1, bias=False)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        return F.relu(self.shortcut(x) + self.conv3(y))


class ResNetV1(nn.Module):
    def __init__(self, depths=(3, 4, 6, 3), size=224, width=16, pool="max"):
        super().__init__()
        c = max(64 // width, 1)
        self.conv1 = nn.Conv2d(3, c, 7, 2, padding=3, bias=False)
        before, after = _same_pad(-(-size // 2), 3, 2)
        self.pad = nn.ZeroPad2d((before, after, before, after))
        self.pool1 = _pool(pool, 3, 2)
        blocks = []
        for block, (units, base) in enumerate(zip(depths, (64, 128, 256, 512)), start=1):
            depth, mid = max(base * 4 // width, 1), max(base // width, 1)
            for unit in range(1, units + 1):
                blocks.append(Bottleneck(c, mid, depth, 2 if unit == units and block < 4 else 1))
                c = depth
        self.blocks = nn.Sequential(*blocks)

    def forward(self, x):
        return self.blocks(self.pool1(self.pad(F.relu(self.conv1(x)))))


class Inception(nn.Module):
    def __init__(self, c=8, pool="avg"):
        super().__init__()
        self.branch1x1 = nn.Conv2d(c, 4, 1)
        self.branch5x5 = nn.Sequential(nn.Conv2d(c, 3, 1), nn.Conv2d(3, 4, 5, padding=2))
        self.branch3x3dbl = nn.Sequential(nn.Conv2d(c, 3, 1), nn.Conv2d(3, 4, 3, padding=1),
                                          nn.Conv2d(4, 4, 3, padding=1))
        self.pool = _pool(pool, 3, 1, 1)
        self.branch_pool = nn.Conv2d(c, 2, 1)

    def forward(self, x):
        branches = [self.branch1x1(x), self.branch5x5(x), self.branch3x3dbl(x), self.branch_pool(self.pool(x))]
        return torch.cat(branches, 1)


class UNet(nn.Module):
    def __init__(self, c=4, pool="max"):
        super().__init__()
        self.enc1 = nn.Conv2d(1, c, 3, padding=1)
        self.pool1 = _pool(pool, 2, 2)
        self.enc2 = nn.Conv2d(c, 2 * c, 3, padding=1)
        self.pool2 = _pool(pool, 2, 2)
        self.middle = nn.Conv2d(2 * c, 4 * c, 3, padding=1)
        self.up2 = nn.ConvTranspose2d(4 * c, 2 * c, 2, stride=2, bias=False)
        self.dec2 = nn.Conv2d(2 * c, 2 * c, 3, padding=1)
        self.up1 = nn.ConvTranspose2d(2 * c, c, 4, stride=2, padding=1, bias=False)
        self.dec1 = nn.Conv2d(c, c, 3, padding=1)
        self.head = nn.Conv2d(c, 1, 1)

    def forward(self, x):
        e1 = torch.relu(self.enc1(x))
        e2 = torch.relu(self.enc2(self.pool1(e1)))
        m = torch.relu(self.middle(self.pool2(e2)))
        d2 = torch.relu(self.dec2(self.up2(m) + e2))
        d1 = torch.relu(self.dec1(self.up1(d2) + e1))
        return self.head(d1)


def positive(module):
    """Every weight 1/fan-in and every bias 0.1, in float64 and eval mode: outputs stay positive and bounded,
    so a unit's gradient is nonzero exactly on the inputs it depends on."""
    module = module.double().eval()
    with torch.no_grad():
        for name, p in module.named_parameters():
            if p.dim() > 1:
                p.fill_(1.0 / p[0].numel())
            else:
                p.fill_(0.1 if "bias" in name else 1.0)
    return module


def dependence_span(module, input_shape, unit):
    """Per spatial axis, the first and last input index that the units at spatial index ``unit`` (every
    channel) depend on, read from autograd: the nonzero span of d sum_c output[0, c, *unit] / d input."""
    x = torch.ones(input_shape, dtype=torch.float64, requires_grad=True)
    y = module(x)
    y[(0, slice(None), *unit)].sum().backward()
    support = x.grad[0].abs().sum(0) > 0
    spans = []
    for axis in range(support.dim()):
        others = tuple(a for a in range(support.dim()) if a != axis)
        hit = support.any(dim=others) if others else support
        index = torch.nonzero(hit).flatten()
        spans.append((int(index.min()), int(index.max())))
    return tuple(spans), tuple(y.shape)

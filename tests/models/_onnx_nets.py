"""Networks written with onnx.helper, node by node, for the tests and the benchmark.

The architectures follow the TF-Slim definitions that the receptive-field table
of Araujo et al. (Distill, 2019) was computed on: 'SAME' padding is ONNX
SAME_UPPER, and ResNet v1's ``conv2d_same`` (a stride-2 convolution after an
explicit pad of ``(k-1)//2`` before and the rest after) is written with
explicit ``pads``.  ``width`` divides every channel count so the graphs stay
small; receptive fields do not depend on channels.
"""

from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto
from onnx import helper as oh


class OnnxNet:
    """A tiny graph writer: each method adds one node and returns its output tensor's name.

    ``weights="random"`` stores small random weights (for onnx.reference),
    ``weights="dims"`` stores only the weights' shapes, as a model whose data
    lives in an external file does (for large graphs).
    """

    def __init__(self, shape, *, name="x", weights="random", seed=0):
        self.nodes, self.inits = [], []
        self.n = 0
        self.weights = weights
        self.rng = np.random.default_rng(seed)
        self.inputs = [oh.make_tensor_value_info(name, TensorProto.FLOAT, shape)]
        self.x = name

    def _name(self, prefix):
        self.n += 1
        return f"{prefix}{self.n}"

    def weight(self, shape, prefix="w", value=None):
        name = self._name(prefix)
        if value is not None:
            self.inits.append(onnx.numpy_helper.from_array(np.asarray(value), name))
        elif self.weights == "dims":
            tensor = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=list(shape))
            tensor.data_location = TensorProto.EXTERNAL
            entry = tensor.external_data.add()
            entry.key, entry.value = "location", "weights.bin"
            self.inits.append(tensor)
        else:
            data = self.rng.normal(0, 0.5, size=shape).astype(np.float32)
            self.inits.append(onnx.numpy_helper.from_array(data, name))
        return name

    def node(self, op, inputs, name=None, **attrs):
        name = name or self._name(op.lower())
        out = f"{name}_out"
        self.nodes.append(oh.make_node(op, inputs, [out], name=name, **attrs))
        return out

    def conv(self, x, cin, cout, k, stride=1, pads=None, auto_pad=None, group=1, dilation=1, bias=True, name=None,
             ndim=2):
        k = (k,) * ndim if isinstance(k, int) else tuple(k)
        attrs = {"strides": [stride] * ndim if isinstance(stride, int) else list(stride),
                 "dilations": [dilation] * ndim if isinstance(dilation, int) else list(dilation), "group": group}
        if auto_pad:
            attrs["auto_pad"] = auto_pad
        elif pads is not None:
            attrs["pads"] = list(pads) if not isinstance(pads, int) else [pads] * (2 * ndim)
        inputs = [x, self.weight((cout, cin // group, *k))]
        if bias:
            inputs.append(self.weight((cout,), "b"))
        return self.node("Conv", inputs, name, **attrs)

    def conv_t(self, x, cin, cout, k, stride=1, pads=None, output_padding=None, output_shape=None, auto_pad=None,
               group=1, dilation=1, name=None, ndim=2):
        k = (k,) * ndim if isinstance(k, int) else tuple(k)
        attrs = {"strides": [stride] * ndim, "dilations": [dilation] * ndim, "group": group}
        for key, value in (("pads", pads), ("output_padding", output_padding), ("output_shape", output_shape),
                           ("auto_pad", auto_pad)):
            if value is not None:
                attrs[key] = value
        return self.node("ConvTranspose", [x, self.weight((cin, cout // group, *k))], name, **attrs)

    def bn_relu(self, x, c):
        scale, bias = self.weight((c,), "g", np.ones(c, np.float32)), self.weight((c,), "beta", np.zeros(c, np.float32))
        mean, var = self.weight((c,), "m", np.zeros(c, np.float32)), self.weight((c,), "v", np.ones(c, np.float32))
        y = self.node("BatchNormalization", [x, scale, bias, mean, var])
        return self.node("Relu", [y])

    def model(self, outputs, opset=17):
        outs = [oh.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outputs]
        graph = oh.make_graph(self.nodes, "net", self.inputs, outs, self.inits)
        return oh.make_model(graph, opset_imports=[oh.make_opsetid("", opset)])


def vgg16(size=224, width=16, weights="random"):
    """VGG-16's thirteen 3x3 convolutions (pad 1) and five 2x2 max-pools; the last layer is pool5."""
    net = OnnxNet([1, 3, size, size], weights=weights)
    x, cin = net.x, 3
    for block, (convs, channels) in enumerate(zip((2, 2, 3, 3, 3), (64, 128, 256, 512, 512)), start=1):
        for i in range(1, convs + 1):
            x = net.conv(x, cin, max(channels // width, 1), 3, pads=1, name=f"conv{block}_{i}")
            cin = max(channels // width, 1)
            x = net.node("Relu", [x])
        x = net.node("MaxPool", [x], name=f"pool{block}", kernel_shape=[2, 2], strides=[2, 2])
    return net.model([x])


def mobilenet_v1(size=224, width=16, weights="random"):
    """TF-Slim mobilenet_v1 up to Conv2d_13_pointwise: 'SAME' everywhere (SAME_UPPER)."""
    net = OnnxNet([1, 3, size, size], weights=weights)
    c = max(32 // width, 1)
    x = net.bn_relu(net.conv(net.x, 3, c, 3, stride=2, auto_pad="SAME_UPPER", bias=False, name="Conv2d_0"), c)
    plan = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), *[(512, 1)] * 5, (1024, 2), (1024, 1)]
    for i, (channels, stride) in enumerate(plan, start=1):
        x = net.conv(x, c, c, 3, stride=stride, auto_pad="SAME_UPPER", group=c, bias=False,
                     name=f"Conv2d_{i}_depthwise")
        x = net.bn_relu(x, c)
        out = max(channels // width, 1)
        x = net.bn_relu(net.conv(x, c, out, 1, auto_pad="SAME_UPPER", bias=False, name=f"Conv2d_{i}_pointwise"), out)
        c = out
    return net.model([x])


def _same_pads(k, stride):
    """TF-Slim conv2d_same: for stride > 1, pad (k-1)//2 before and the rest after, then VALID."""
    total = k - 1
    return [total // 2, total // 2, total - total // 2, total - total // 2]


def resnet_v1(depths=(3, 4, 6, 3), size=224, width=16, weights="random", head=False):
    """TF-Slim resnet_v1 (bottlenecks, the stride on the last unit's 3x3 of blocks 1-3).

    Depths (3, 4, 6, 3) is ResNet-50, (3, 4, 23, 3) ResNet-101, (3, 8, 36, 3) ResNet-152.
    ``depths=(2, 2, 2, 2), basic=True`` style ResNet-18 is :func:`resnet18`.
    """
    net = OnnxNet([1, 3, size, size], weights=weights)
    c = max(64 // width, 1)
    x = net.conv(net.x, 3, c, 7, stride=2, pads=_same_pads(7, 2), bias=False, name="conv1")
    x = net.bn_relu(x, c)
    x = net.node("MaxPool", [x], name="pool1", kernel_shape=[3, 3], strides=[2, 2], auto_pad="SAME_UPPER")
    for block, (units, base) in enumerate(zip(depths, (64, 128, 256, 512)), start=1):
        depth, mid = max(base * 4 // width, 1), max(base // width, 1)
        for unit in range(1, units + 1):
            stride = 2 if unit == units and block < 4 else 1
            name = f"block{block}_unit{unit}"
            if depth == c:
                shortcut = x if stride == 1 else net.node("MaxPool", [x], name=f"{name}_subsample",
                                                          kernel_shape=[1, 1], strides=[stride, stride])
            else:
                shortcut = net.conv(x, c, depth, 1, stride=stride, bias=False, name=f"{name}_shortcut")
            y = net.bn_relu(net.conv(x, c, mid, 1, bias=False, name=f"{name}_conv1"), mid)
            pads = _same_pads(3, stride) if stride > 1 else [1, 1, 1, 1]
            y = net.bn_relu(net.conv(y, mid, mid, 3, stride=stride, pads=pads, bias=False, name=f"{name}_conv2"), mid)
            y = net.conv(y, mid, depth, 1, bias=False, name=f"{name}_conv3")
            x = net.node("Relu", [net.node("Add", [shortcut, y], name=f"{name}_add")])
            c = depth
    if head:
        x = net.node("GlobalAveragePool", [x], name="pool5")
        x = net.node("Flatten", [x], name="flatten")
        x = net.node("Gemm", [x, net.weight((1000, c)), net.weight((1000,), "b")], name="logits", transB=1)
    return net.model([x])


def resnet18(size=224, width=16, weights="random", head=False):
    """A ResNet-18-style network of basic blocks (two 3x3 convolutions), torchvision's strides."""
    net = OnnxNet([1, 3, size, size], weights=weights)
    c = max(64 // width, 1)
    x = net.bn_relu(net.conv(net.x, 3, c, 7, stride=2, pads=3, bias=False, name="conv1"), c)
    x = net.node("MaxPool", [x], name="maxpool", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    for layer, base in enumerate((64, 128, 256, 512), start=1):
        out = max(base // width, 1)
        for unit in range(2):
            stride = 2 if unit == 0 and layer > 1 else 1
            name = f"layer{layer}_{unit}"
            shortcut = x if stride == 1 and out == c else net.conv(x, c, out, 1, stride=stride, bias=False,
                                                                   name=f"{name}_downsample")
            y = net.bn_relu(net.conv(x, c, out, 3, stride=stride, pads=1, bias=False, name=f"{name}_conv1"), out)
            y = net.conv(y, out, out, 3, pads=1, bias=False, name=f"{name}_conv2")
            x = net.node("Relu", [net.node("Add", [shortcut, y], name=f"{name}_add")])
            c = out
    if head:
        x = net.node("GlobalAveragePool", [x], name="avgpool")
        x = net.node("Flatten", [x], name="flatten")
        x = net.node("Gemm", [x, net.weight((1000, c)), net.weight((1000,), "b")], name="fc", transB=1)
    return net.model([x])


def inception_block(size=35, c=8, weights="random"):
    """An Inception-v3-style block: 1x1, 1x1-5x5, 1x1-3x3-3x3 and avgpool-1x1 branches, concatenated."""
    net = OnnxNet([1, c, size, size], weights=weights)
    x = net.x
    b0 = net.conv(x, c, 4, 1, name="branch1x1")
    b1 = net.conv(net.conv(x, c, 3, 1, name="branch5x5_1"), 3, 4, 5, pads=2, name="branch5x5_2")
    b2 = net.conv(net.conv(x, c, 3, 1, name="branch3x3dbl_1"), 3, 4, 3, pads=1, name="branch3x3dbl_2")
    b2 = net.conv(b2, 4, 4, 3, pads=1, name="branch3x3dbl_3")
    b3 = net.node("AveragePool", [x], name="branch_pool_avg", kernel_shape=[3, 3], strides=[1, 1],
                  pads=[1, 1, 1, 1])
    b3 = net.conv(b3, c, 2, 1, name="branch_pool")
    out = net.node("Concat", [b0, b1, b2, b3], name="mixed", axis=1)
    return net.model([out])


def unet(size=32, c=4, weights="random"):
    """A two-level U-Net: encoder convs and max-pools, a ConvTranspose decoder, skip additions."""
    net = OnnxNet([1, 1, size, size], weights=weights)
    e1 = net.node("Relu", [net.conv(net.x, 1, c, 3, pads=1, name="enc1")])
    p1 = net.node("MaxPool", [e1], name="pool1", kernel_shape=[2, 2], strides=[2, 2])
    e2 = net.node("Relu", [net.conv(p1, c, 2 * c, 3, pads=1, name="enc2")])
    p2 = net.node("MaxPool", [e2], name="pool2", kernel_shape=[2, 2], strides=[2, 2])
    m = net.node("Relu", [net.conv(p2, 2 * c, 4 * c, 3, pads=1, name="middle")])
    u2 = net.conv_t(m, 4 * c, 2 * c, 2, stride=2, name="up2")
    d2 = net.node("Relu", [net.conv(net.node("Add", [u2, e2], name="skip2"), 2 * c, 2 * c, 3, pads=1, name="dec2")])
    u1 = net.conv_t(d2, 2 * c, c, 4, stride=2, pads=[1, 1, 1, 1], name="up1")
    d1 = net.node("Relu", [net.conv(net.node("Add", [u1, e1], name="skip1"), c, c, 3, pads=1, name="dec1")])
    out = net.conv(d1, c, 1, 1, name="head")
    return net.model([out])

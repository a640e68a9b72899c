"""symconv.models.onnx: every op read, output shapes against onnx.reference, every refusal."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from _tools import need_module

from symconv import SymconvError
from symconv.models import from_onnx, summary

onnx = need_module("onnx")
from onnx import TensorProto  # noqa: E402
from onnx import helper as oh  # noqa: E402
from onnx.reference import ReferenceEvaluator  # noqa: E402

from . import _onnx_nets  # noqa: E402
from ._onnx_nets import OnnxNet  # noqa: E402


def _shapes_match(model, input_shape, seed=0):
    """Every layer's output shape as onnx.reference computes it, against the graph's."""
    G = from_onnx(model)
    names = [v.name for v in model.graph.value_info]  # nothing declared: ask for every node output
    outputs = [o for node in model.graph.node for o in node.output[:1]]
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    del probe.graph.output[:]
    probe.graph.output.extend(oh.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outputs)
    x = np.random.default_rng(seed).normal(size=input_shape).astype(np.float32)
    results = ReferenceEvaluator(probe).run(None, {model.graph.input[0].name: x})
    by_node = {node.name: r.shape for node, r in zip(model.graph.node, results)}
    for name, shape in by_node.items():
        assert G.nodes[name]["output_shape"] == shape, name
    return G, names


def _single(op, shape, attrs=None, extra=(), net=None, opset=17, **weights):
    net = net or OnnxNet(list(shape))
    inputs = [net.x, *extra]
    out = net.node(op, inputs, name="layer", **(attrs or {}))
    return net.model([out], opset=opset)


@pytest.mark.parametrize(
    "attrs, shape",
    [
        ({"pads": [1, 0, 2, 1]}, (1, 2, 7, 8)),  # asymmetric pads
        ({"auto_pad": "SAME_UPPER", "strides": [2, 3]}, (1, 2, 7, 8)),
        ({"auto_pad": "SAME_LOWER", "strides": [2, 2]}, (1, 2, 8, 9)),
        ({"auto_pad": "VALID", "dilations": [2, 1]}, (1, 2, 9, 7)),
        ({"pads": [2, 2, 2, 2], "dilations": [2, 2], "strides": [2, 1]}, (1, 2, 9, 9)),
    ],
)
def test_conv_geometries_match_the_reference(attrs, shape):
    net = OnnxNet(list(shape))
    out = net.conv(net.x, 2, 3, (3, 4), name="layer", pads=None, stride=1, dilation=1)
    net.nodes[-1].ClearField("attribute")
    net.nodes[-1].attribute.extend(oh.make_attribute(k, v) for k, v in attrs.items())
    _shapes_match(net.model([out]), shape)


def test_same_lower_puts_the_odd_pad_before():
    net = OnnxNet([1, 1, 6])
    out = net.conv(net.x, 1, 1, 2, stride=1, auto_pad="SAME_LOWER", name="lower", ndim=1)
    out2 = net.conv(net.x, 1, 1, 2, stride=1, auto_pad="SAME_UPPER", name="upper", ndim=1)
    G = from_onnx(net.model([out, out2]))
    assert G.nodes["lower"]["pads"] == ((1, 0),) and G.nodes["upper"]["pads"] == ((0, 1),)
    # the reference: SAME_LOWER's output at 0 reads the pad and x[0]; SAME_UPPER's reads x[0] and x[1]
    x = np.arange(1, 7, dtype=np.float32).reshape(1, 1, 6)
    model = net.model([out, out2])
    for init in model.graph.initializer:
        init.CopyFrom(onnx.numpy_helper.from_array(np.ones(onnx.numpy_helper.to_array(init).shape, np.float32),
                                                   init.name))
    lower, upper = ReferenceEvaluator(model).run(None, {"x": x})
    assert lower[0, 0, 0] == 1 + 1 and upper[0, 0, 0] == 1 + 2 + 1  # bias 1


def test_grouped_and_depthwise_convolutions():
    net = OnnxNet([1, 6, 8, 8])
    a = net.conv(net.x, 6, 4, 3, pads=1, group=2, name="grouped")
    b = net.conv(a, 4, 4, 3, pads=1, group=4, name="depthwise", bias=False)
    G, _ = _shapes_match(net.model([b]), (1, 6, 8, 8))
    assert G.nodes["grouped"]["groups"] == 2 and G.nodes["grouped"]["params"] == 4 * 3 * 9 + 4
    assert G.nodes["depthwise"]["params"] == 4 * 9
    # params: the initializers' sizes, an independent count
    total = sum(int(np.prod(t.dims)) for t in net.model([b]).graph.initializer)
    assert summary(G).params == total


@pytest.mark.parametrize(
    "kwargs",
    [
        {"k": 3, "stride": 2, "pads": [1, 1, 1, 1], "output_padding": [1, 1]},
        {"k": 4, "stride": 2, "pads": [1, 0, 2, 1]},
        {"k": 3, "stride": 2, "auto_pad": "SAME_UPPER"},
        {"k": 3, "stride": 2, "auto_pad": "SAME_LOWER"},
        {"k": 3, "stride": 2, "auto_pad": "SAME_UPPER", "output_shape": [10, 9]},
        {"k": 3, "stride": 1, "dilation": 2},
    ],
)
def test_conv_transpose_geometries_match_the_reference(kwargs):
    net = OnnxNet([1, 4, 5, 5])
    out = net.conv_t(net.x, 4, 6, name="layer", **kwargs)
    _shapes_match(net.model([out]), (1, 4, 5, 5))


def test_conv_transpose_output_shape_sets_pads_by_the_onnx_rule():
    # NOTSET with output_shape: total = s(i-1) + op + d(k-1) + 1 - out = 2*4 + 0 + 3 - 9 = 2 -> (1, 1);
    # out 10 -> total 1, the odd pad at the start: (1, 0)
    net = OnnxNet([1, 1, 5])
    a = net.conv_t(net.x, 1, 1, 3, stride=2, output_shape=[9], name="a", ndim=1)
    b = net.conv_t(net.x, 1, 1, 3, stride=2, output_shape=[10], name="b", ndim=1)
    G = from_onnx(net.model([a, b]))
    assert G.nodes["a"]["pads"] == ((1, 1),) and G.nodes["a"]["output_shape"] == (1, 1, 9)
    assert G.nodes["b"]["pads"] == ((1, 0),) and G.nodes["b"]["output_shape"] == (1, 1, 10)


@pytest.mark.parametrize(
    "op, attrs",
    [
        ("MaxPool", {"kernel_shape": [3, 3], "strides": [2, 2], "ceil_mode": 1}),
        ("MaxPool", {"kernel_shape": [2, 3], "pads": [1, 1, 1, 1], "dilations": [2, 2]}),
        ("MaxPool", {"kernel_shape": [3, 3], "strides": [2, 2], "auto_pad": "SAME_UPPER"}),
        ("AveragePool", {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1], "count_include_pad": 1}),
        ("AveragePool", {"kernel_shape": [2, 2], "strides": [2, 2], "ceil_mode": 1}),
        ("GlobalAveragePool", {}),
        ("GlobalMaxPool", {}),
        ("ReduceMean", {"axes": [2, 3], "keepdims": 1}),
    ],
)
def test_pools_match_the_reference(op, attrs):
    _shapes_match(_single(op, (1, 2, 9, 8), attrs, opset=17), (1, 2, 9, 8))


def test_resize_upsample_and_pad_match_the_reference():
    net = OnnxNet([1, 2, 4, 5])
    scales = net.weight((4,), "s", np.array([1, 1, 2, 3], np.float32))
    a = net.node("Resize", [net.x, "", scales], name="resize_scales", mode="nearest")
    sizes = net.weight((4,), "z", np.array([1, 2, 16, 30], np.int64))
    b = net.node("Resize", [a, "", "", sizes], name="resize_sizes", mode="nearest",
                 coordinate_transformation_mode="asymmetric", nearest_mode="floor")
    pads = net.weight((8,), "p", np.array([0, 0, 1, 2, 0, 0, 3, 0], np.int64))
    c = net.node("Pad", [b, pads], name="pad", mode="constant")
    G, _ = _shapes_match(net.model([c]), (1, 2, 4, 5))
    assert G.nodes["resize_scales"]["kind"] == "upsample" and G.nodes["pad"]["pads"] == ((1, 3), (2, 0))


def test_old_opsets_upsample_and_pad_attributes():
    net = OnnxNet([1, 1, 3, 3])
    a = net.node("Upsample", [net.x], name="up", scales=[1.0, 1.0, 2.0, 2.0], mode="nearest")
    b = net.node("Pad", [a], name="pad", pads=[0, 0, 1, 1, 0, 0, 1, 1], mode="constant", value=0.0)
    G = from_onnx(net.model([b], opset=7))
    assert G.nodes["up"]["output_shape"] == (1, 1, 6, 6) and G.nodes["pad"]["output_shape"] == (1, 1, 8, 8)


def test_branches_heads_and_passthrough_match_the_reference():
    for model, shape in ((_onnx_nets.inception_block(), (1, 8, 35, 35)), (_onnx_nets.unet(), (1, 1, 32, 32)),
                         (_onnx_nets.resnet18(size=64, head=True), (1, 3, 64, 64))):
        G, _ = _shapes_match(model, shape)
        assert G.graph["outputs"] == [model.graph.node[-1].name]


def test_matmul_and_reshape_heads():
    net = OnnxNet([1, 2, 4, 4])
    target = net.weight((2,), "shape", np.array([1, -1], np.int64))
    flat = net.node("Reshape", [net.x, target], name="reshape")
    out = net.node("MatMul", [flat, net.weight((32, 5))], name="matmul")
    out = net.node("Softmax", [out], name="softmax")
    G, _ = _shapes_match(net.model([out]), (1, 2, 4, 4))
    assert G.nodes["matmul"]["kind"] == "dense" and G.nodes["matmul"]["params"] == 160


def test_constant_nodes_and_bias_adds_are_constants():
    net = OnnxNet([1, 1, 4, 4])
    net.nodes.append(oh.make_node("Constant", [], ["bias"], value=onnx.numpy_helper.from_array(
        np.ones((1, 1, 1, 1), np.float32))))
    out = net.node("Add", [net.x, "bias"], name="add_bias")
    G = from_onnx(net.model([out]))
    assert G.nodes["add_bias"]["kind"] == "pass_through" and list(G) == ["x", "add_bias"]


def test_symbolic_sizes_from_dim_param_and_from_the_user():
    sympy = pytest.importorskip("sympy")
    model = _onnx_nets.resnet18(size=64, width=32)
    model.graph.input[0].type.tensor_type.shape.dim[2].dim_param = "H"
    model.graph.input[0].type.tensor_type.shape.dim[3].dim_param = "W"
    G = from_onnx(model)
    H, W = sympy.symbols("H W", integer=True, positive=True)
    out = G.nodes[G.graph["outputs"][0]]["output_shape"]
    concrete = from_onnx(_onnx_nets.resnet18(size=64, width=32))
    expected = concrete.nodes[concrete.graph["outputs"][0]]["output_shape"]
    assert tuple(int(sympy.sympify(v).subs({H: 64, W: 64})) for v in out) == expected
    h = sympy.Symbol("h", integer=True, positive=True)
    G2 = from_onnx(model, input_shape=(1, 3, h, 64))
    assert G2.nodes["x"]["output_shape"] == (1, 3, h, 64)


def test_files_and_bytes(tmp_path):
    model = _onnx_nets.inception_block()
    path = tmp_path / "net.onnx"
    onnx.save(model, path)
    for source in (path, str(path), path.read_bytes(), model):
        assert list(from_onnx(source)) == list(from_onnx(model))


# -- refusals -----------------------------------------------------------------------------------


def _refused(match, parameter, *args, **kwargs):
    with pytest.raises(SymconvError, match=match) as err:
        from_onnx(*args, **kwargs)
    assert err.value.parameter == parameter
    assert "\n" not in str(err.value)
    return err.value


def test_not_onnx_truncated_empty_or_missing(tmp_path):
    text = tmp_path / "notes.onnx"
    text.write_text("this is not a model\n" * 20)
    _refused(r"^model: .* is not an ONNX model or is truncated", "model", text)
    data = _onnx_nets.inception_block().SerializeToString()
    truncated = tmp_path / "truncated.onnx"
    truncated.write_bytes(data[: len(data) // 2])
    _refused(r"^model: .* (is not an ONNX model or is truncated|reads tensor)", "model", truncated)
    empty = tmp_path / "empty.onnx"
    empty.write_bytes(b"")
    _refused(r"^model: .* is not an ONNX model or is truncated \(no graph", "model", empty)
    _refused(r"^model: cannot read", "model", tmp_path / "missing.onnx")
    with pytest.raises(TypeError, match="^model: expected a path"):
        from_onnx(42)


def test_unsupported_op_names_node_op_list_and_the_way_out():
    net = OnnxNet([1, 2, 4, 4])
    out = net.node("Einsum", [net.x], name="mystery", equation="ncij->ncij")
    model = net.model([out])
    err = _refused(r"^model: node 'mystery': op 'Einsum' is not supported; supported: .*Conv.*", "model", model)
    assert "pass_through=['Einsum']" in str(err)
    G = from_onnx(model, pass_through=["Einsum"])
    assert G.nodes["mystery"]["kind"] == "pass_through"
    with pytest.raises(TypeError, match="pass_through"):
        from_onnx(model, pass_through=[3])


def test_dynamic_spatial_size_needs_a_size():
    net = OnnxNet([1, 3, None, 8])
    out = net.conv(net.x, 3, 4, 3, name="c")
    model = net.model([out])
    _refused(r"^input_shape: input 'x' has a dynamic size without a name on axis 2", "input_shape", model)
    assert from_onnx(model, input_shape=(1, 3, 8, 8)).nodes["c"]["output_shape"] == (1, 4, 6, 6)
    _refused(r"^input_shape: the model fixes axis 3 of input 'x' to 8, got 9", "input_shape", model,
             input_shape=(1, 3, 8, 9))
    _refused(r"^input_shape: input 'x' has rank 4", "input_shape", model, input_shape=(1, 3, 8))
    _refused(r"^input_shape: the model has no input named 'y'", "input_shape", model, input_shape={"y": (1, 3, 8, 8)})
    _refused(r"^input_shape: expected a positive int, got 0", "input_shape", model, input_shape=(1, 3, 0, 8))


def test_branches_that_cannot_be_merged():
    net = OnnxNet([1, 2, 8, 8])
    a = net.conv(net.x, 2, 2, 3, name="a")  # 6x6
    b = net.conv(net.x, 2, 2, 3, pads=1, name="b")  # 8x8
    out = net.node("Add", [a, b], name="sum")
    _refused(r"^model: node 'sum' \(Add\): sources: branches of 'sum' cannot be merged", "model", net.model([out]))
    net = OnnxNet([1, 2, 8, 8])
    c = net.node("Concat", [net.x, net.conv(net.x, 2, 2, 3, name="c")], name="cat", axis=1)
    _refused(r"cannot be concatenated", "model", net.model([c]))
    net = OnnxNet([1, 2, 8, 8])
    c = net.node("Concat", [net.x, net.x], name="cat", axis=2)
    _refused(r"only the channel axis", "model", net.model([c]))


@pytest.mark.parametrize(
    "build, match",
    [
        (lambda n: n.node("Resize", [n.x, "", n.weight((4,), "s", np.array([1, 1, 2, 2], np.float32))], mode="linear"),
         "mode 'linear'"),
        (lambda n: n.node("Resize", [n.x, "", n.weight((4,), "s", np.array([1, 1, 1.5, 2], np.float32))]),
         "only integer upsampling"),
        (lambda n: n.node("Resize", [n.x, "", n.weight((4,), "s", np.array([1, 1, 2, 2], np.float32))],
                          coordinate_transformation_mode="asymmetric", nearest_mode="ceil"), "does not repeat"),
        (lambda n: n.node("Pad", [n.x, n.weight((8,), "p", np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64))],
                          mode="reflect"), "mode 'reflect'"),
        (lambda n: n.node("Pad", [n.x, n.weight((8,), "p", np.array([0, 0, -1, 1, 0, 0, 1, 1], np.int64))]),
         "negative pads"),
        (lambda n: n.node("Pad", [n.x, n.weight((8,), "p", np.array([0, 1, 0, 0, 0, 0, 0, 0], np.int64))]),
         "batch or channel"),
        (lambda n: n.node("Conv", [n.x, n.x]), "must be an initializer"),
        (lambda n: n.node("Conv", [n.x, n.weight((2, 3, 3, 3))]), "expects 3 input channels"),
        (lambda n: n.node("MaxPool", [n.x], kernel_shape=[9, 9]), "kernel_size"),
        (lambda n: n.node("ReduceMean", [n.x], axes=[1]), "global pool"),
        (lambda n: n.node("Flatten", [n.x], axis=2), "Flatten\\(axis=1\\)"),
        (lambda n: n.node("Relu", ["nowhere"]), "reads tensor 'nowhere'"),
        (lambda n: n.node("Conv", [n.x, n.weight((2, 2, 3, 3))], auto_pad="WHATEVER"), "auto_pad 'WHATEVER'"),
        (lambda n: n.node("Gemm", [n.x, n.weight((4, 4))]), "dense layer"),
    ],
)
def test_geometries_that_are_not_kept_exactly_are_refused(build, match):
    net = OnnxNet([1, 2, 6, 6])
    out = build(net)
    _refused(match, "model", net.model([out]))


def test_missing_onnx_says_which_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnx", None)
    with pytest.raises(ModuleNotFoundError, match=r'pip install "symconv\[onnx\]"'):
        from_onnx(b"")

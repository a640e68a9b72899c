"""symconv.frameworks.translate_padding against the ONNX reference evaluator and PyTorch.

Every translation is run: the ONNX model with the attributes as given
(``onnx.reference.ReferenceEvaluator``) must compute what symconv computes
with the translated pads, and so must each framework's way of writing them
(PyTorch with its arguments and ``F.pad``; ONNX with its attributes).
TensorFlow is not installed here: its transposed convolution is checked by
its definition, the gradient of a "same"/"valid" convolution (PyTorch's
autograd), with the pads of that convolution computed in
``tests/testing/_wrong.py``.
"""

from __future__ import annotations

import numpy as np
import pytest
from _tools import need_module

import symconv as sc
from symconv import SymconvError, translate_padding
from symconv.frameworks import FRAMEWORKS, PaddingTranslation

from testing._wrong import _same

onnx = need_module("onnx")
from onnx import TensorProto, helper  # noqa: E402
from onnx.reference import ReferenceEvaluator  # noqa: E402


def onnx_run(op, x, w, **attributes):
    node = helper.make_node(op, ["X", "W"], ["Y"], **attributes)
    value = lambda name: helper.make_tensor_value_info(name, TensorProto.DOUBLE, None)  # noqa: E731
    graph = helper.make_graph([node], "g", [value("X"), value("W")], [value("Y")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    return ReferenceEvaluator(model).run(None, {"X": x, "W": w})[0]


def geometries(rng, n, ndim_max=2):
    for _ in range(n):
        nd = int(rng.integers(1, ndim_max + 1))
        kernel = tuple(int(v) for v in rng.integers(1, 5, nd))
        stride = tuple(int(v) for v in rng.integers(1, 4, nd))
        dilation = tuple(int(v) for v in rng.integers(1, 3, nd))
        size = tuple(int(d * (k - 1) + 1 + rng.integers(0, 6)) for k, d in zip(kernel, dilation))
        yield size, kernel, stride, dilation


def arrays(rng, size, kernel, *, transposed=False):
    x = rng.normal(size=(1, 2, *size))
    w = rng.normal(size=(2, 3, *kernel)) if transposed else rng.normal(size=(3, 2, *kernel))
    return x, w


# ----------------------------------------------------------------------------
# ONNX Conv
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("auto_pad", ["NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID", "pads"])
def test_onnx_conv_translations_agree_with_the_reference_evaluator(auto_pad):
    rng = np.random.default_rng(["SAME_UPPER", "SAME_LOWER", "VALID", "NOTSET", "pads"].index(auto_pad))
    for size, kernel, stride, dilation in geometries(rng, 25):
        nd = len(size)
        x, w = arrays(rng, size, kernel)
        attributes = dict(strides=list(stride), dilations=list(dilation))
        if auto_pad == "pads":
            padding = [int(v) for v in rng.integers(0, 3, 2 * nd)]
            attributes["pads"] = padding
        else:
            padding = auto_pad
            attributes["auto_pad"] = auto_pad
        expected = onnx_run("Conv", x, w, **attributes)
        t = translate_padding("onnx", padding, input_size=size, kernel_size=kernel, stride=stride, dilation=dilation)
        assert t.output_size == expected.shape[2:]
        np.testing.assert_allclose(sc.numeric.conv(x, w, stride=stride, dilation=dilation, padding=t.pads), expected,
                                   rtol=1e-10, atol=1e-10)
        way = t.ways["onnx"].arguments  # ONNX's own way back gives the same
        np.testing.assert_allclose(onnx_run("Conv", x, w, strides=list(stride), dilations=list(dilation), **way), expected,
                                   rtol=1e-10, atol=1e-10)


def test_tensorflow_same_is_onnx_same_upper_and_symconv_same():
    rng = np.random.default_rng(5)
    for size, kernel, stride, dilation in geometries(rng, 40, ndim_max=3):
        kw = dict(input_size=size, kernel_size=kernel, stride=stride, dilation=dilation)
        tf = translate_padding("tensorflow", "SAME", **kw)
        assert tf.pads == translate_padding("onnx", "SAME_UPPER", **kw).pads
        assert tf.pads == sc.Geometry(kernel, stride, "same", dilation).pads(size)
        assert tf.output_size == tuple(-(-i // s) for i, s in zip(size, stride))
        assert translate_padding("tf", "valid", **kw).pads == ((0, 0),) * len(size)


# ----------------------------------------------------------------------------
# ONNX ConvTranspose
# ----------------------------------------------------------------------------


def _transpose_cases(rng, n, ndim_max=2, *, op_below=max):
    for size, kernel, stride, dilation in geometries(rng, n, ndim_max=ndim_max):
        nd = len(size)
        ops = [int(rng.integers(0, op_below(s, d))) for s, d in zip(stride, dilation)]
        yield size, kernel, stride, dilation, ops, nd


def _stride_only(s, d):
    return s


@pytest.mark.parametrize("form", ["SAME_UPPER", "SAME_LOWER", "SAME_UPPER+shape", "SAME_LOWER+shape", "pads"])
def test_onnx_conv_transpose_translations_agree_with_the_reference_evaluator(form):
    rng = np.random.default_rng(len(form))
    compared = 0
    # The reference evaluator runs ConvTranspose through col2im, which knows nothing of output_padding: it
    # refuses output_padding at or past the stride (PyTorch and symconv take it below the dilation too), and
    # any with SAME_*.  It also lays out the pads it generates for SAME_* wrongly past one axis (begins and
    # ends interleaved).  So: output_padding below the stride, none with SAME_*, SAME_* in 1-D; the rule is
    # per axis (the next test) and output_padding is part of its total (test_..._rule_with_output_padding).
    same = form != "pads"
    for size, kernel, stride, dilation, ops, nd in _transpose_cases(rng, 40, ndim_max=1 if same else 2,
                                                                     op_below=(lambda s, d: 1) if same else _stride_only):
        x, w = arrays(rng, size, kernel, transposed=True)
        full = [(i - 1) * s + d * (k - 1) + 1 for i, s, d, k in zip(size, stride, dilation, kernel)]
        attributes = dict(strides=list(stride), dilations=list(dilation), output_padding=ops)
        kw = dict(input_size=size, kernel_size=kernel, stride=stride, dilation=dilation, transposed=True, output_padding=ops)
        if form == "pads":
            pads = [int(rng.integers(0, (f - 1) // 2 + 1)) for f in full] + [int(rng.integers(0, (f - 1) // 2 + 1)) for f in full]
            attributes["pads"], padding = pads, pads
        else:
            auto_pad = form.split("+")[0]
            attributes["auto_pad"], padding = auto_pad, auto_pad
            if form.endswith("+shape"):
                shape = [int(rng.integers(max(1, f + op - 3), f + op + 1)) for f, op in zip(full, ops)]
                attributes["output_shape"] = kw["output_shape"] = shape
        try:
            t = translate_padding("onnx", padding, **kw)
        except SymconvError as error:  # ONNX would pad a negative amount before the output: refused, by name
            assert error.parameter == "output_shape"
            continue
        expected = onnx_run("ConvTranspose", x, w, **attributes)
        assert t.output_size == expected.shape[2:]
        got = sc.numeric.conv_transpose(x, w, stride=stride, dilation=dilation, padding=t.pads, output_padding=t.output_padding)
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10)
        compared += 1
    assert compared >= 20


def test_onnx_conv_transpose_pads_are_generated_axis_by_axis():
    rng = np.random.default_rng(11)
    for size, kernel, stride, dilation, ops, nd in _transpose_cases(rng, 40, ndim_max=3):
        for auto_pad in ("SAME_UPPER", "SAME_LOWER"):
            kw = dict(kernel_size=kernel, stride=stride, dilation=dilation, transposed=True, output_padding=ops)
            try:
                whole = translate_padding("onnx", auto_pad, input_size=size, **kw)
            except SymconvError:
                whole = None  # a stride past the kernel: ONNX pads a negative amount before the output
            refused = False
            for axis in range(nd):
                try:
                    one = translate_padding("onnx", auto_pad, input_size=size[axis], transposed=True, output_padding=ops[axis],
                                            kernel_size=kernel[axis], stride=stride[axis], dilation=dilation[axis])
                except SymconvError as error:
                    assert error.parameter == "output_shape"
                    refused = True
                    continue
                if whole is not None:
                    assert one.pads[0] == whole.pads[axis] and one.output_size[0] == whole.output_size[axis]
                    assert one.output_padding[0] == whole.output_padding[axis]
            assert refused == (whole is None)


def test_onnx_conv_transpose_rule_with_output_padding():
    """total = s(i-1) + output_padding + k_eff - O: output_padding moves the split, never the output size."""
    for auto_pad, pads in (("SAME_UPPER", ((1, 2),)), ("SAME_LOWER", ((2, 1),))):
        t = translate_padding("onnx", auto_pad, input_size=3, kernel_size=4, stride=2, transposed=True, output_padding=1)
        # O = i*s = 6; total = 2*(3-1) + 1 + 4 - 6 = 3, the odd cell at the end (UPPER) or the start (LOWER)
        assert (t.pads, t.output_padding, t.output_size) == (pads, (1,), (6,))


def test_onnx_notset_with_output_shape_splits_as_the_onnx_rule_says():
    """The ONNX rule's 'else' branch: pads (total - total//2, total//2), as SAME_LOWER with that output shape.

    (The reference evaluator itself refuses NOTSET with output_shape and no pads; SAME_LOWER runs there.)
    """
    kw = dict(input_size=4, kernel_size=4, stride=2, transposed=True, output_shape=9)
    t = translate_padding("onnx", "NOTSET", **kw)  # total = 2*3 + 4 - 9 = 1, at the start
    assert t.pads == ((1, 0),) and t.pads == translate_padding("onnx", "SAME_LOWER", **kw).pads
    assert translate_padding("onnx", "SAME_UPPER", **kw).pads == ((0, 1),)


def test_onnx_output_shape_past_the_full_output():
    """A negative total: (total - total//2, total//2) puts -1 at the end for SAME_LOWER (output padding) but
    total//2 = -1 at the start for SAME_UPPER (a cell before the output, which symconv cannot write)."""
    t = translate_padding("onnx", "SAME_LOWER", input_size=3, kernel_size=3, stride=2, transposed=True, output_shape=8)
    assert (t.pads, t.output_padding, t.output_size) == (((0, 0),), (1,), (8,))
    x, w = np.ones((1, 1, 3)), np.arange(1.0, 4.0).reshape(1, 1, 3)
    np.testing.assert_allclose(sc.numeric.conv_transpose(x, w, stride=2, output_padding=1),
                               onnx_run("ConvTranspose", x, w, strides=[2], auto_pad="SAME_LOWER", output_shape=[8]))
    for shape in (8, 9):
        with pytest.raises(SymconvError, match=f"output_shape: {shape} needs 1 extra cell") as info:
            translate_padding("onnx", "SAME_UPPER", input_size=3, kernel_size=3, stride=2, transposed=True, output_shape=shape)
        assert info.value.parameter == "output_shape"
    assert onnx_run("ConvTranspose", x, w, strides=[2], auto_pad="SAME_UPPER", output_shape=[8])[0, 0, 0] == 0  # that cell


# ----------------------------------------------------------------------------
# PyTorch
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():
    from _tools import need_module

    return need_module("torch")


def _torch_conv(torch, x, w, stride, dilation, way):
    F = torch.nn.functional
    op = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[x.ndim - 2]
    xt = torch.from_numpy(x)
    if way.pre_pad:
        xt = F.pad(xt, way.pre_pad)
    return op(xt, torch.from_numpy(w), stride=stride, dilation=dilation, **way.arguments).numpy()


def test_torch_same_and_ints_and_every_way_written_for_torch(torch):
    rng = np.random.default_rng(8)
    F = torch.nn.functional
    for size, kernel, _, dilation in geometries(rng, 30, ndim_max=3):
        x, w = arrays(rng, size, kernel)
        op = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[len(size)]
        expected = op(torch.from_numpy(x), torch.from_numpy(w), padding="same", dilation=dilation).numpy()
        t = translate_padding("torch", "same", input_size=size, kernel_size=kernel, dilation=dilation)
        assert t.output_size == size
        np.testing.assert_allclose(sc.numeric.conv(x, w, dilation=dilation, padding=t.pads), expected, rtol=1e-10, atol=1e-10)
        p = tuple(int(v) for v in rng.integers(0, 3, len(size)))
        t = translate_padding("pytorch", p, input_size=size, kernel_size=kernel, dilation=dilation)
        np.testing.assert_allclose(sc.numeric.conv(x, w, dilation=dilation, padding=t.pads),
                                   op(torch.from_numpy(x), torch.from_numpy(w), padding=p, dilation=dilation).numpy(),
                                   rtol=1e-10, atol=1e-10)
    # every way written for torch computes what ONNX computes, asymmetric pads by F.pad
    for size, kernel, stride, dilation in geometries(rng, 30):
        x, w = arrays(rng, size, kernel)
        for auto_pad in ("SAME_UPPER", "SAME_LOWER", [int(v) for v in rng.integers(0, 3, 2 * len(size))]):
            t = translate_padding("onnx", auto_pad, input_size=size, kernel_size=kernel, stride=stride, dilation=dilation)
            way = t.ways["torch"]
            assert way.expressible
            np.testing.assert_allclose(_torch_conv(torch, x, w, stride, dilation, way),
                                       sc.numeric.conv(x, w, stride=stride, dilation=dilation, padding=t.pads),
                                       rtol=1e-10, atol=1e-10)


def test_torch_ways_of_transposed_pads_run_in_torch(torch):
    F = torch.nn.functional
    rng = np.random.default_rng(9)
    expressible = 0
    for size, kernel, stride, dilation, ops, nd in _transpose_cases(rng, 60):
        x, w = arrays(rng, size, kernel, transposed=True)
        full = [(i - 1) * s + d * (k - 1) + 1 for i, s, d, k in zip(size, stride, dilation, kernel)]
        pads = [int(rng.integers(0, (f - 1) // 2 + 1)) for f in full] + [int(rng.integers(0, (f - 1) // 2 + 1)) for f in full]
        t = translate_padding("onnx", pads, input_size=size, kernel_size=kernel, stride=stride, dilation=dilation,
                              transposed=True, output_padding=ops)
        way = t.ways["torch"]
        limits = [max(s, d) for s, d in zip(stride, dilation)]
        # by hand: torch crops p from both ends and adds output_padding at the end, below max(stride, dilation)
        can = all(0 <= op + b - a < lim for (b, a), op, lim in zip(t.pads, ops, limits))
        assert way.expressible == can
        if can:
            op = {1: F.conv_transpose1d, 2: F.conv_transpose2d}[nd]
            got = op(torch.from_numpy(x), torch.from_numpy(w), stride=stride, dilation=dilation, **way.arguments).numpy()
            expected = sc.numeric.conv_transpose(x, w, stride=stride, dilation=dilation, padding=t.pads, output_padding=ops)
            np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10)
            expressible += 1
    assert expressible >= 10


# ----------------------------------------------------------------------------
# TensorFlow's transposed convolution: the gradient of a "same"/"valid" convolution
# ----------------------------------------------------------------------------


def _tf_by_definition(torch, g, w, word, out_size, stride, dilation):
    """TensorFlow's conv_transpose: d<conv(z, w), g>/dz for z of ``out_size``, with the forward conv's pads."""
    F = torch.nn.functional
    keff = [d * (k - 1) + 1 for k, d in zip(w.shape[2:], dilation)]
    pads = [_same(o, s, k) if word == "same" else (0, 0) for o, s, k in zip(out_size, stride, keff)]
    z = torch.zeros((g.shape[0], w.shape[1], *out_size), dtype=torch.float64, requires_grad=True)
    flat = tuple(v for b, a in reversed(pads) for v in (b, a))
    # the forward layer's weight (C_out, C_in) is the transposed layer's (C_in, C_out): the same array
    y = {1: F.conv1d, 2: F.conv2d}[len(out_size)](F.pad(z, flat), torch.from_numpy(w), stride=stride, dilation=dilation)
    (y * torch.from_numpy(g)).sum().backward()
    return z.grad.numpy()


def test_tensorflow_transposed_pads_are_those_of_its_forward_convolution(torch):
    rng = np.random.default_rng(10)
    checked = 0
    for size, kernel, stride, dilation in geometries(rng, 60):
        for word in ("same", "valid"):
            for how in ("keras", "keras_output_padding", "output_shape"):
                kw = dict(input_size=size, kernel_size=kernel, stride=stride, dilation=dilation, transposed=True)
                keff = [d * (k - 1) + 1 for k, d in zip(kernel, dilation)]
                if how == "output_shape":
                    kw["output_shape"] = [i * s - int(rng.integers(0, s)) if word == "same" else (i - 1) * s + k + int(rng.integers(0, s))
                                          for i, s, k in zip(size, stride, keff)]
                elif how == "keras_output_padding":
                    kw["output_padding"] = [int(rng.integers(0, s)) for s in stride]
                try:
                    t = translate_padding("keras", word, **kw)
                except SymconvError as error:
                    assert error.parameter == "output_shape"  # an output size TensorFlow refuses too
                    continue
                # the output size as Keras's deconv_output_length writes it
                if how == "keras":
                    expected = [i * s if word == "same" else i * s + max(k - s, 0) for i, s, k in zip(size, stride, keff)]
                elif how == "keras_output_padding":
                    expected = [(i - 1) * s + k - 2 * (k // 2 if word == "same" else 0) + a
                                for i, s, k, a in zip(size, stride, keff, kw["output_padding"])]
                else:
                    expected = kw["output_shape"]
                assert list(t.output_size) == expected
                # w of the forward conv: (C_out_fwd, C_in_fwd) = (transposed C_in, transposed C_out)
                g = rng.normal(size=(1, 3, *size))
                w = rng.normal(size=(3, 2, *kernel))
                got = sc.numeric.conv_transpose(g, w, stride=stride, dilation=dilation, padding=t.pads,
                                                output_padding=t.output_padding)
                np.testing.assert_allclose(got, _tf_by_definition(torch, g, w, word, t.output_size, stride, dilation),
                                           rtol=1e-10, atol=1e-10)
                checked += 1
    assert checked >= 100


# ----------------------------------------------------------------------------
# what each framework cannot write, and refusals
# ----------------------------------------------------------------------------


def test_ways_say_what_cannot_be_written():
    t = translate_padding("onnx", [0, 1], input_size=5, kernel_size=2)
    assert t.ways["torch"].arguments == {"padding": "same"}  # stride 1: PyTorch's "same" puts the odd cell last too
    t = translate_padding("onnx", [0, 1], input_size=6, kernel_size=3, stride=2)
    assert t.ways["torch"].arguments == {"padding": 0} and t.ways["torch"].pre_pad == (0, 1)
    assert t.ways["onnx"].arguments == {"auto_pad": "SAME_UPPER"} and t.ways["tensorflow"].arguments == {"padding": "same"}
    t = translate_padding("onnx", [1, 0], input_size=5, kernel_size=2)
    assert t.ways["onnx"].arguments == {"auto_pad": "SAME_LOWER"}
    assert t.ways["tensorflow"].arguments == {"padding": [[1, 0]]} and "Keras" in t.ways["tensorflow"].note
    t = translate_padding("torch", "same", input_size=6, kernel_size=3)
    assert t.ways["torch"].arguments == {"padding": 1} and "same" in t.ways["torch"].note
    assert isinstance(t, PaddingTranslation) and set(t.ways) == set(FRAMEWORKS)
    assert t.symconv == {"padding": ((1, 1),)}
    t = translate_padding("onnx", [0, 1], input_size=3, kernel_size=3, stride=2, transposed=True)
    assert not t.ways["torch"].expressible and "crops the same number of cells from both ends" in t.ways["torch"].note
    assert "cannot" in str(t).splitlines()[3]


@pytest.mark.parametrize(
    "framework, padding, extra, parameter, message",
    [
        ("torch", "same", dict(stride=2), "padding", r"padding: PyTorch refuses padding='same' with stride > 1"),
        ("torch", ((0, 1),), {}, "padding", r"padding: PyTorch takes one int per axis \(asymmetric pads need F.pad\)"),
        ("torch", "full", {}, "padding", r"padding: expected an int, a tuple of ints, 'same' or 'valid' \(PyTorch\)"),
        ("torch", "same", dict(transposed=True), "padding", r"padding: PyTorch's conv_transpose takes ints only"),
        ("torch", 1, dict(transposed=True, output_shape=5), "output_shape", r"output_shape: PyTorch's conv_transpose takes output_padding"),
        ("onnx", [1, 2, 3], {}, "padding", r"padding: expected an ONNX auto_pad .* of 2 ints, got \[1, 2, 3\]"),
        ("onnx", "SAME", {}, "padding", r"padding: expected an ONNX auto_pad \(NOTSET, SAME_UPPER, SAME_LOWER, VALID\)"),
        ("onnx", [-1, 0], {}, "padding", r"padding: expected a non-negative int, got -1"),
        ("tensorflow", 1, {}, "padding", r"padding: expected 'same', 'valid' or one \(before, after\) pair per axis"),
        ("tensorflow", "full", dict(transposed=True), "padding", r"padding: expected 'same' or 'valid' \(TensorFlow's"),
        ("tensorflow", "same", dict(transposed=True, output_shape=9), "output_shape",
         r"output_shape: a 'same' convolution of an input of 9 gives 5 outputs at stride 2, not the transposed input 4"),
        ("onnx", "VALID", dict(output_padding=1), "output_padding", r"output_padding: only a transposed convolution takes"),
        ("onnx", "VALID", dict(output_shape=3), "output_shape", r"output_shape: only a transposed convolution takes"),
        ("mxnet", 0, {}, "framework", r"framework: expected one of torch, onnx, tensorflow \(or pytorch, tf, keras\), got 'mxnet'"),
        ("onnx", "VALID", dict(input_size=(4, 4, 4), kernel_size=(3, 3)), "input_size",
         r"input_size: the per-axis arguments have different lengths"),
        ("onnx", "VALID", dict(kernel_size=9), "kernel_size", r"kernel_size: effective kernel 9"),
        ("onnx", "VALID", dict(stride=0), "stride", r"stride: expected a positive int, got 0"),
        ("onnx", "SAME_UPPER", dict(transposed=True, stride=2, output_padding=3), "output_padding",
         r"output_padding: expected an int smaller than stride"),
    ],
)
def test_bad_input_is_refused_in_one_line_naming_the_parameter(framework, padding, extra, parameter, message):
    kw = dict(input_size=4, kernel_size=3, stride=1)
    if extra.get("transposed") and "stride" not in extra:
        kw["stride"] = 2
    kw.update(extra)
    with pytest.raises(SymconvError, match=message) as info:
        translate_padding(framework, padding, **kw)
    assert info.value.parameter == parameter and "\n" not in str(info.value)


def test_wrong_kinds_are_type_errors():
    with pytest.raises(TypeError, match="framework: expected one of torch, onnx, tensorflow"):
        translate_padding(3, 0, input_size=4, kernel_size=3)
    with pytest.raises(TypeError, match="input_size"):
        translate_padding("onnx", "VALID", input_size=4.0, kernel_size=3)
    with pytest.raises(TypeError, match="transposed"):
        translate_padding("onnx", "VALID", input_size=4, kernel_size=3, transposed="yes")


def test_the_root_exports_it():
    assert sc.translate_padding is translate_padding and "translate_padding" in sc.__all__


# ----------------------------------------------------------------------------
# padding modes: each framework's way run (ONNX Pad then Conv in the reference evaluator, torch nn.ConvNd / F.pad)
# ----------------------------------------------------------------------------


def onnx_pad_then_conv(x, w, pad_mode, pads, **conv_attributes):
    """An ONNX graph Pad(mode) -> Conv, run by the reference evaluator (opset 19 has mode 'wrap')."""
    value = lambda name: helper.make_tensor_value_info(name, TensorProto.DOUBLE, None)  # noqa: E731
    pads_tensor = helper.make_tensor("P", TensorProto.INT64, [len(pads)], list(pads))
    nodes = [helper.make_node("Pad", ["X", "P"], ["Xp"], mode=pad_mode),
             helper.make_node("Conv", ["Xp", "W"], ["Y"], **conv_attributes)]
    graph = helper.make_graph(nodes, "g", [value("X"), value("W")], [value("Y")], initializer=[pads_tensor])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    return ReferenceEvaluator(model).run(None, {"X": x, "W": w})[0]


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
def test_padding_mode_ways_compute_symconvs_conv(mode):
    torch = need_module("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(["reflect", "replicate", "circular"].index(mode) + 40)
    checked = 0
    for size, kernel, stride, dilation in geometries(rng, 30):
        nd = len(size)
        x, w = arrays(rng, size, kernel)
        padding = [int(rng.integers(0, 3)) for _ in range(2 * nd)]  # ONNX pads, asymmetric as often as not
        try:
            t = translate_padding("onnx", padding, input_size=size, kernel_size=kernel, stride=stride, dilation=dilation,
                                  padding_mode=mode)
        except SymconvError as error:  # a pad the mode cannot fill from this input, as PyTorch's F.pad refuses it
            assert error.parameter == "padding"
            with pytest.raises(RuntimeError):
                F.pad(torch.from_numpy(x), tuple(v for b, a in reversed(list(zip(padding[:nd], padding[nd:]))) for v in (b, a)),
                      mode=mode)
            continue
        expected = sc.numeric.conv(x, w, stride=stride, dilation=dilation, **t.symconv)
        onnx_way = t.ways["onnx"]
        if not any(padding):
            assert onnx_way.pre_pad is None  # no pads: the mode changes nothing
            continue
        checked += 1
        assert onnx_way.arguments == {"auto_pad": "VALID"}
        got = onnx_pad_then_conv(x, w, {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}[mode], onnx_way.pre_pad,
                                 strides=list(stride), dilations=list(dilation), **onnx_way.arguments)
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10)
        torch_way = t.ways["torch"]
        xt, wt = torch.from_numpy(x), torch.from_numpy(w)
        if torch_way.pre_pad is None:  # symmetric: nn.ConvNd(padding_mode=...)
            conv = (torch.nn.Conv1d, torch.nn.Conv2d)[nd - 1](2, 3, kernel, stride=stride, dilation=dilation, bias=False,
                                                                 dtype=torch.float64, **torch_way.arguments)
            with torch.no_grad():
                conv.weight.copy_(wt)
                got = conv(xt).numpy()
        else:  # F.pad(mode=...) first
            op = (F.conv1d, F.conv2d)[nd - 1]
            got = op(F.pad(xt, torch_way.pre_pad, mode=mode), wt, stride=stride, dilation=dilation, **torch_way.arguments).numpy()
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10)
        tf_way = t.ways["tensorflow"]
        if mode == "reflect":  # tf.pad's REFLECT is np.pad's 'reflect' (TensorFlow's documentation); not run here
            padded = np.pad(x, [(0, 0), (0, 0), *tf_way.pre_pad], mode="reflect")
            np.testing.assert_allclose(sc.numeric.conv(padded, w, stride=stride, dilation=dilation), expected,
                                       rtol=1e-10, atol=1e-10)
        else:
            assert not tf_way.expressible and f"{mode} is none of them" in tf_way.note
    assert checked >= 15


def test_padding_modes_refused_where_the_frameworks_refuse_them():
    with pytest.raises(SymconvError, match=r"^padding_mode: transposed convolution pads only with zeros") as info:
        translate_padding("torch", 1, input_size=4, kernel_size=3, stride=2, transposed=True, padding_mode="reflect")
    assert info.value.parameter == "padding_mode"
    with pytest.raises(SymconvError, match=r"^padding: reflect padding needs each pad smaller than the input.*of an input of 3$"):
        translate_padding("tensorflow", "same", input_size=3, kernel_size=7, padding_mode="reflect")
    # same pads in circular fit (3 <= 3), and PyTorch's "same" with padding_mode is nn.ConvNd's
    t = translate_padding("torch", "same", input_size=3, kernel_size=7, padding_mode="circular")
    assert t.pads == ((3, 3),) and t.ways["torch"].arguments == {"padding": 3, "padding_mode": "circular"}
    assert t.symconv == {"padding": ((3, 3),), "padding_mode": "circular"}
    # no pads: the mode is kept in the geometry, every way is the zero-padded one
    t = translate_padding("onnx", "VALID", input_size=5, kernel_size=3, padding_mode="replicate")
    assert t.ways["tensorflow"].arguments == {"padding": "valid"} and t.ways["onnx"].pre_pad is None

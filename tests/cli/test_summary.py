"""``symconv summary``: shapes, parameters, MACs, FLOPs and receptive fields of your own network, by hand."""

from __future__ import annotations

import json
import math

from . import _model_files as files
from ._helpers import assert_usage_error, run
from ._model_files import example_files, torch_module  # noqa: F401 -- fixtures


def rows_of(capsys, *argv):
    status, out, err = run(capsys, "summary", *argv, "--json")
    assert (status, err) == (0, ""), err
    return json.loads(out)


def test_summary_two_layers_by_hand(capsys, tmp_path):
    # conv1: 3 -> 4 channels, k3 s2 p1, bias, 8x8 -> 4x4: params 4*3*9 + 4 = 112, MACs 4*4 * 4 * 3*9 = 1,728;
    # conv2: 4 -> 2, k3 p1, no bias, 4x4 -> 4x4: params 2*4*9 = 72, MACs 4*4 * 2 * 4*9 = 1,152; FLOPs twice
    rows = rows_of(capsys, files.two_layers(tmp_path))
    assert [(r["name"], r["description"], r["output_shape"], r["params"], r["macs"], r["flops"]) for r in rows] == [
        ("x", "Input", [1, 3, 8, 8], 0, 0, 0),
        ("conv1", "Conv k3 s2 p1", [1, 4, 4, 4], 112, 1728, 3456),
        ("conv2", "Conv k3 p1", [1, 2, 4, 4], 72, 1152, 2304),
    ]
    # the receptive fields, as rf gives them: (3, 2, 1), then r = 3 + 2*2, P = 1 + 1*2
    assert [(r["rf_size"], r["effective_stride"], r["effective_padding"], r["aligned"]) for r in rows] == [
        ([1, 1], [1, 1], [0, 0], True), ([3, 3], [2, 2], [1, 1], True), ([7, 7], [2, 2], [3, 3], True)]
    status, out, err = run(capsys, "summary", files.two_layers(tmp_path))
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == ("| layer | operation | output shape | params | MACs | receptive field | effective stride | "
                        "effective padding | aligned |")
    assert lines[3] == "| conv1 | Conv k3 s2 p1 | 1x4x4x4 | 112 | 1,728 | 3 | 2 | 1 | yes |"
    assert "| total | | | 184 | 2,880 | | | | |" in lines
    assert lines[-1] == "FLOPs = 2 x MACs = 5,760."


def test_summary_rows_and_table_are_the_library_s(capsys, tmp_path):
    from symconv.models import load_network, summary

    path = files.save(files.onnx_nets().unet(), tmp_path / "unet.onnx")
    result = summary(load_network(path))
    assert rows_of(capsys, path) == result.to_rows()
    assert run(capsys, "summary", path)[1] == result.to_markdown() + "\n"
    assert rows_of(capsys, path)[-1]["name"] == "head"  # the graph's output last


def test_summary_vgg16_published_counts(capsys, tmp_path):
    # VGG-16's thirteen convolutions (torchvision's vgg16().features): 14,714,688 parameters; MACs by the formula
    # H*W*C_out*C_in*9 per layer at 224x224, sizes halved by each pool
    path = files.save(files.onnx_nets().vgg16(size=224, width=1, weights="dims"), tmp_path / "vgg16.onnx")
    rows = rows_of(capsys, path)
    size, c_in, macs = 224, 3, 0
    for convs, channels in zip((2, 2, 3, 3, 3), (64, 128, 256, 512, 512)):
        for _ in range(convs):
            macs += size * size * channels * c_in * 9
            c_in = channels
        size //= 2
    assert sum(r["params"] for r in rows) == 14_714_688
    assert sum(r["macs"] for r in rows if r["kind"] == "conv") == macs
    assert sum(r["flops"] for r in rows) == 2 * sum(r["macs"] for r in rows)
    assert (rows[-1]["name"], rows[-1]["output_shape"], rows[-1]["rf_size"]) == ("pool5", [1, 512, 7, 7], [212, 212])


def test_summary_open_sizes_are_formulas(capsys, tmp_path):
    import sympy

    path = files.named_sizes(tmp_path)  # (1, 3, h, w), conv 3 -> 4 channels, k3 s2 p1, bias
    row = rows_of(capsys, path)[-1]
    h, w = sympy.symbols("h w", integer=True, positive=True)
    for n, m in ((8, 8), (9, 20), (31, 2)):
        oh, ow = (n - 1) // 2 + 1, (m - 1) // 2 + 1
        macs = sympy.sympify(row["macs"], locals={"h": h, "w": w}).subs({h: n, w: m})
        assert macs == oh * ow * 4 * 3 * 9
        fixed = rows_of(capsys, path, "--input-shape", f"1,3,{n},{m}")[-1]
        assert (fixed["output_shape"], fixed["macs"]) == ([1, 4, oh, ow], oh * ow * 4 * 3 * 9)
    assert row["params"] == 4 * 3 * 9 + 4


def test_summary_pytorch_module_attribute(capsys, torch_module):
    # conv1 3 -> 4, k3 s2 p1, bias: 112 params, 8*8 out: 8*8*4*27 = 6,912 MACs;
    # conv2 4 -> 4, k3 p1, no bias: 144 params, 8*8*4*36 = 9,216 MACs;
    # up, transposed 4 -> 2, k4 s2 p1, bias: 4*2*16 + 2 = 130 params, scattered from 8*8 inputs: 8*8*4*2*16 = 8,192
    rows = rows_of(capsys, f"{torch_module}:make", "--input-shape", "1,3,16,16")
    counts = {r["name"]: (r["params"], r["macs"]) for r in rows if r["params"] or r["macs"]}
    assert counts == {"conv1": (112, 6912), "conv2": (144, 9216), "up": (130, 8192)}
    torch = files.need_module("torch")
    import tiny_nets

    assert sum(r["params"] for r in rows) == sum(p.numel() for p in tiny_nets.make().parameters())
    assert rows[-1]["output_shape"] == list(tiny_nets.make()(torch.zeros(1, 3, 16, 16)).shape)


def test_summary_help_examples_with_a_model_run(capsys, example_files):
    examples = files.model_examples(run(capsys, "summary", "--help")[1], "summary")
    assert len(examples) == 4
    for argv in examples:
        status, out, err = run(capsys, *argv)
        assert (status, err) == (0, ""), argv
        assert out, argv


def test_summary_errors_are_one_line_naming_the_argument(capsys, tmp_path):
    not_onnx = tmp_path / "notes.onnx"
    not_onnx.write_text("not a model\n")
    model = files.two_layers(tmp_path)
    truncated = tmp_path / "truncated.onnx"
    truncated.write_bytes(open(model, "rb").read()[:100])
    for argv, message in [
        ([], r"the following arguments are required: MODEL"),
        ([str(not_onnx)], r"MODEL: '.*notes\.onnx' is not an ONNX model or is truncated \(.*\)"),
        ([str(truncated)], r"MODEL: '.*truncated\.onnx' is not an ONNX model or is truncated \(.*\)"),
        ([files.with_op(tmp_path, "LayerNormalization")],
         r"MODEL: node 'norm': op 'LayerNormalization' is not supported; supported: .*Conv, ConvTranspose.*; an "
         r"element-wise op that keeps the shape can be read as pass-through with --pass-through LayerNormalization"),
        ([files.dynamic(tmp_path)], r"--input-shape: input 'x' has a dynamic size without a name on axis 3 .*"),
        ([files.strides_differ(tmp_path)],
         r"MODEL: the branches into 'sum' cannot be aligned on spatial axis 0: their effective strides differ: .*"),
        (["no_such_module_for_symconv:make"], r"MODEL: cannot import 'no_such_module_for_symconv' \(.*\)"),
        (["os:sep"], r"MODEL: os:sep is a str, not a PyTorch module or a factory"),
        ([model, "--input-shape", "1,3,8,x-1"], r"--input-shape: expected \[NAME=\]N,C,H,W: .* got '1,3,8,x-1'"),
        ([model, "--pass-through", "1x"], r"--pass-through: expected op names separated by commas, .* got '1x'"),
        ([model, "--layers", "3:1:1"], r"unrecognized arguments: --layers 3:1:1"),
    ]:
        assert_usage_error(capsys, ["summary", *argv], message)


def test_summary_not_aligned_is_said_under_the_table(capsys, tmp_path):
    status, out, _ = run(capsys, "summary", files.off_centre(tmp_path))
    assert status == 0
    assert "| sum | Add | 1x4x8x8 | 0 | 0 | 4 | 1 | 2 | no |" in out.splitlines()
    assert out.endswith("- 'sum' is not aligned: axis 1: centres differ: 0 (from 'a'), -1 (from 'b')\n")


def test_summary_resnet50_counts_like_the_formula(capsys, tmp_path):
    # a ResNet-50 v1 at a sixteenth of the width, convolutions without bias: each one's MACs are its weights
    # (C_out * C_in * k * k) once per output position; the output's receptive field is Araujo et al.'s 483
    path = files.save(files.onnx_nets().resnet_v1(width=16, weights="dims"), tmp_path / "resnet50.onnx")
    rows = rows_of(capsys, path)
    convs = [r for r in rows if r["op"] == "Conv"]
    assert len(convs) == 1 + 16 * 3 + 4  # the stem, three per bottleneck, four projection shortcuts
    for r in convs:
        assert r["macs"] == math.prod(r["output_shape"][2:]) * r["params"], r["name"]
        assert r["flops"] == 2 * r["macs"]
    stem = convs[0]
    assert (stem["name"], stem["params"], stem["output_shape"]) == ("conv1", 4 * 3 * 7 * 7, [1, 4, 112, 112])
    assert (rows[-1]["rf_size"], rows[-1]["effective_stride"]) == ([483, 483], [32, 32])

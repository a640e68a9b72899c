"""``symconv draw network MODEL -o FILE``: the architecture of your own network, in every format, or nothing written."""

from __future__ import annotations

import re

import pytest

from . import _model_files as files
from ._helpers import assert_usage_error, draw, run
from ._model_files import example_files, torch_module  # noqa: F401 -- fixtures


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf", "mmd", "dot", "tex"])
def test_draw_network_every_format_is_the_renderer_s(capsys, tmp_path, fmt):
    from symconv.models import load_network, render_network

    path = files.save(files.onnx_nets().inception_block(), tmp_path / "inception.onnx")
    data = draw(capsys, tmp_path, "network", path, name=f"inception.{fmt}")
    assert data == render_network(load_network(path), fmt)


def test_draw_network_mermaid_has_a_box_per_layer_and_an_arrow_per_flow(capsys, tmp_path):
    onnx = files.need_module("onnx")
    path = files.save(files.onnx_nets().unet(), tmp_path / "unet.onnx")
    text = draw(capsys, tmp_path, "network", path, "--direction", "LR", name="unet.mmd").decode()
    model = onnx.load(path)
    # one box per ONNX node and one for the input; one arrow per tensor a node reads from another node or the input
    made = {out: node.name for node in model.graph.node for out in node.output}
    made["x"] = "x"
    flows = [(made[t], node.name) for node in model.graph.node for t in node.input if t in made]
    boxes = re.findall(r'^    (n\d+)\["([^"<]+)<br/>', text, re.M)
    assert text.startswith("---\nconfig:\n  layout: dagre") and "\nflowchart LR\n" in text
    assert sorted(name for _, name in boxes) == sorted(["x", *(node.name for node in model.graph.node)])
    ids = {node_id: name for node_id, name in boxes}
    arrows = re.findall(r"^    (n\d+) (?:-->|-\. \"\w+\" \.->|-\.-> |==>) ?(n\d+)$", text, re.M)
    arrows += re.findall(r'^    (n\d+) -\. "[^"]*" \.-> (n\d+)$', text, re.M)
    assert sorted((ids[a], ids[b]) for a, b in set(arrows)) == sorted(flows)
    # the skip additions are dashed and labelled with the merge
    assert sum(1 for line in text.splitlines() if '-. "Add" .->' in line) == 4


def test_draw_network_a_pytorch_module(capsys, tmp_path, torch_module):
    text = draw(capsys, tmp_path, "network", f"{torch_module}:make", "--input-shape", "1,3,16,16",
                name="tiny.dot").decode()
    for label in ("conv1\\nConv2d k3 s2 p1\\n1x4x8x8", "up\\nConvTranspose2d k4 s2 p1\\n1x2x16x16"):
        assert label in text
    assert text.count("->") == 6  # x-conv1, conv1-relu, relu-conv2, relu-add, conv2-add, add-up


def test_draw_network_branches_that_cannot_be_aligned_are_drawn(capsys, tmp_path):
    # the diagram needs no receptive field: rf and summary refuse this model, draw shows where its branches meet
    text = draw(capsys, tmp_path, "network", files.strides_differ(tmp_path), name="strides.mmd").decode()
    assert "a<br/>Conv k1 s2<br/>1x4x4x4" in text and "b<br/>Conv k5<br/>1x4x4x4" in text


def test_draw_network_help_examples_with_a_model_run(capsys, example_files):
    examples = files.model_examples(run(capsys, "draw", "--help")[1], "draw")
    assert len(examples) == 3
    for argv in examples:
        status, out, err = run(capsys, *argv)
        assert (status, err) == (0, ""), argv
        written = argv[argv.index("-o") + 1]
        assert out == f"wrote {written} ({(example_files / written).stat().st_size:,} bytes)\n"


def test_draw_network_errors_are_one_line_and_nothing_is_written(capsys, tmp_path):
    not_onnx = tmp_path / "notes.onnx"
    not_onnx.write_text("not a model\n")
    model = files.two_layers(tmp_path)
    truncated = tmp_path / "truncated.onnx"
    truncated.write_bytes(open(model, "rb").read()[:100])
    for argv, message in [
        (["network"], r"MODEL: draw network needs MODEL: a \.onnx file or module:attribute, got none"),
        (["network", str(not_onnx)], r"MODEL: '.*notes\.onnx' is not an ONNX model or is truncated \(.*\)"),
        (["network", str(truncated)], r"MODEL: '.*truncated\.onnx' is not an ONNX model or is truncated \(.*\)"),
        (["network", files.with_op(tmp_path, "LayerNormalization")],
         r"MODEL: node 'norm': op 'LayerNormalization' is not supported; supported: .*; an element-wise op that "
         r"keeps the shape can be read as pass-through with --pass-through LayerNormalization"),
        (["network", files.dynamic(tmp_path)],
         r"--input-shape: input 'x' has a dynamic size without a name on axis 3 .*; give the size, e\.g\. "
         r"--input-shape 1,3,224,224, or a name like h"),
        (["network", "no_such_module_for_symconv:make"], r"MODEL: cannot import 'no_such_module_for_symconv' \(.*\)"),
        (["network", "os:sep"], r"MODEL: os:sep is a str, not a PyTorch module or a factory"),
        (["network", model, "--input-shape", "1,2,8,8"], r"--input-shape: the model fixes axis 1 of input 'x' to 3, "
                                                         r"got 2"),
        (["network", model, "--input-shape", "1,3,,8"], r"--input-shape: expected \[NAME=\]N,C,H,W: .*"),
        (["network", model, "--pass-through", "a-b"], r"--pass-through: expected op names .* got 'a-b'"),
        (["network", model, "--direction", "RL"], r"--direction: expected one of \('TB', 'LR'\), got 'RL'"),
        (["network", model, "--input", "8"],
         r"--input: network does not take this option \(it takes --direction, --input-shape, --pass-through\)"),
        (["network", model, "--lang", "zh"], r"--lang: network does not take this option .*"),
        (["matrix", model], r"MODEL: matrix does not take a model \(draw network MODEL does\), got '.*two\.onnx'"),
        (["sparse-from-below", "--input-shape", "1,1,5"], r"--input-shape: sparse-from-below does not take this "
                                                          r"option .*"),
    ]:
        out = tmp_path / "out.svg"
        assert_usage_error(capsys, ["draw", *argv, "-o", str(out)], message)
        assert not out.exists() and not list(tmp_path.glob("*.tmp")), argv
    out = tmp_path / "out.gif"
    assert_usage_error(capsys, ["draw", "network", model, "-o", str(out)],
                       r"-o: network is drawn as \.svg, \.png, \.pdf, \.mmd, \.dot or \.tex, not \.gif, got '.*'")
    assert_usage_error(capsys, ["draw", "network", model, "-o", str(tmp_path / "no" / "such" / "folder.svg")],
                       r"-o: cannot write '.*folder\.svg': No such file or directory")
    assert not out.exists()


def test_draw_network_of_a_pytorch_module_errors(capsys, tmp_path, torch_module):
    out = tmp_path / "out.mmd"
    for argv, message in [
        ([f"{torch_module}:make"], r"--input-shape: a PyTorch module needs the shape of its input, \(N, C, \*spatial\)"),
        ([f"{torch_module}:boom", "--input-shape", "1,3,8,8"],
         rf"MODEL: {torch_module}:boom\(\) raised RuntimeError: the factory failed"),
        (["raises_on_import:net"], r"MODEL: importing raises_on_import raised ValueError: no import for you"),
    ]:
        assert_usage_error(capsys, ["draw", "network", *argv, "-o", str(out)], message)
        assert not out.exists()

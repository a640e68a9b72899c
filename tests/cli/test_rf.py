"""``symconv rf``: receptive-field tables of stacks and of your own models, by hand and against published numbers."""

from __future__ import annotations

import json
import math
import os
import re
import shlex
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest
from _tools import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from . import _model_files as files
from ._helpers import assert_usage_error, run
from ._model_files import example_files, torch_module  # noqa: F401 -- fixtures


def table(out):
    lines = out.splitlines()
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        rows.append(dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")))))
    return rows


def rows_of(capsys, *argv):
    status, out, err = run(capsys, "rf", *argv, "--json")
    assert (status, err) == (0, ""), err
    return json.loads(out)


def fields_of(row):
    return row["rf_size"], row["effective_stride"], row["effective_padding"]


# --- stacks: --layers and --network ----------------------------------------------------------------------------


def test_rf_the_notes_two_layers(capsys):
    status, out, _ = run(capsys, "rf", "--layers", "3:1:1,3:1:1")
    assert status == 0
    assert [row["receptive field"] for row in table(out)] == ["3", "5"]


def test_rf_vgg16_published_numbers(capsys):
    # Araujo et al. (Distill 2019), VGG-16 on 224x224: pool5 sees 212, stride 32, padding 90
    status, out, _ = run(capsys, "rf", "--network", "vgg16", "--input-size", "224")
    assert status == 0
    last = table(out)[-1]
    assert last == {"layer": "pool5", "kind": "pool", "output size": "7", "receptive field": "212",
                    "effective stride": "32", "effective padding": "90"}
    rows = rows_of(capsys, "--network", "vgg16", "--input-size", "224")
    assert (rows[-1]["name"], rows[-1]["output_shape"], *fields_of(rows[-1])) == (
        "pool5", [1, 1, 7, 7], [212, 212], [32, 32], [90, 90])


def test_rf_by_hand(capsys):
    # r = 1 + (3-1) = 3; + (2-1)*1 = 4; + (3-1)*2 = 8; sizes 16 -> 14 -> 7 -> 5
    _, out, _ = run(capsys, "rf", "--layers", "3:1:0,2:2:0,3:1:0", "--input", "16")
    assert [(r["output size"], r["receptive field"], r["effective stride"]) for r in table(out)] == [
        ("14", "3", "1"), ("7", "4", "2"), ("5", "8", "2")
    ]
    _, out, _ = run(capsys, "rf", "--layers", "3:1:0:2,3:1:0:4")  # spans 5 and 9: r = 5, then 5 + 8 = 13
    assert [r["receptive field"] for r in table(out)] == ["5", "13"]
    _, out, _ = run(capsys, "rf", "--layers", "3:2:same,3:1:SAME", "--input-size", "8")
    assert [(r["output size"], r["receptive field"]) for r in table(out)] == [("4", "3"), ("4", "7")]


def test_rf_named_and_pooling_layers_the_help_s_worked_example(capsys):
    # conv1: r = 3, S = 1, P = 1; pool1 (window 2, stride 2): r = 3 + 1*1 = 4, S = 2, P = 1;
    # conv2: r = 4 + 2*2 = 8, S = 2, P = 1 + 1*2 = 3; sizes 8 -> 8 -> 4 -> 4
    status, out, _ = run(capsys, "rf", "--layers", "conv1=3:1:1,pool1=p2:2:0,conv2=3:1:1", "--input-size", "8")
    assert status == 0
    assert [tuple(row.values()) for row in table(out)] == [
        ("conv1", "conv", "8", "3", "1", "1"),
        ("pool1", "pool", "4", "4", "2", "1"),
        ("conv2", "conv", "4", "8", "2", "3"),
    ]
    assert "conv1=3:1:1,pool1=p2:2:0,conv2=3:1:1" in run(capsys, "rf", "--help")[1]
    # unnamed layers keep their number; P counts as p
    _, out, _ = run(capsys, "rf", "--layers", "3:1:1, P2:2:0 ,x=p3:1:1")
    assert [(r["layer"], r["kind"]) for r in table(out)] == [("1", "conv"), ("2", "pool"), ("x", "pool")]


def test_rf_vgg16_typed_by_hand_is_the_network_s_table(capsys):
    blocks = []
    for block, convs in enumerate((2, 2, 3, 3, 3), start=1):
        blocks += [f"conv{block}_{i}=3:1:1" for i in range(1, convs + 1)] + [f"pool{block}=p2:2:0"]
    _, typed, _ = run(capsys, "rf", "--layers", ",".join(blocks), "--input-size", "224")
    _, named, _ = run(capsys, "rf", "--network", "vgg16", "--input-size", "224")
    assert typed == named
    assert table(typed)[-1]["receptive field"] == "212"


def _reads(stack, n):
    """Which inputs each output unit of a 1-D stack reads, from the numeric backend with all-ones kernels.

    Input j is a one-hot and every weight is 1, so an output is non-zero exactly where it reads input j.
    """
    from symconv import numeric

    reads = None
    for j in range(n):
        x = np.zeros((1, 1, n))
        x[0, 0, j] = 1.0
        for kind, k, s, p, a in stack:
            if kind == "t":
                x = numeric.conv_transpose(x, np.ones((1, 1, k)), stride=s, padding=p, output_padding=a)
            elif kind == "p":
                x = numeric.max_pool(x, k, stride=s, padding=p)
            else:
                x = numeric.conv(x, np.ones((1, 1, k)), stride=s, padding=p)
        if reads is None:
            reads = [set() for _ in range(x.shape[-1])]
        for o in np.flatnonzero(x[0, 0]):
            reads[o].add(j)
    return reads


@pytest.mark.parametrize(
    "layers, stack, n, exact",
    [
        ("t4:2:1", [("t", 4, 2, 1, 0)], 5, True),
        ("t2:2:0,t2:2:0", [("t", 2, 2, 0, 0), ("t", 2, 2, 0, 0)], 3, True),
        ("t3:2:1:1:1,5:1:2", [("t", 3, 2, 1, 1), ("c", 5, 1, 2, 0)], 5, True),
        ("down=3:2:1,up=t4:2:1", [("c", 3, 2, 1, 0), ("t", 4, 2, 1, 0)], 8, False),
        ("3:1:0,t2:2:0,p2:2:0,t3:3:0", [("c", 3, 1, 0, 0), ("t", 2, 2, 0, 0), ("p", 2, 2, 0, 0), ("t", 3, 3, 0, 0)],
         7, False),
        ("3:2:0,t5:3:2", [("c", 3, 2, 0, 0), ("t", 5, 3, 2, 0)], 9, False),
    ],
)
def test_rf_transposed_layers_against_the_inputs_each_unit_reads(capsys, layers, stack, n, exact):
    # the unit o of a layer (r, S, P) reads inputs inside [-P + o S, -P + o S + r - 1] only, the span's fractional
    # ends rounded inwards -- read off the numeric backend's responses to one-hot inputs.  Straight after
    # transposed layers every unit reads its whole span; after a strided layer and an upsampling the units of one
    # phase read less, and the span is the largest region, reached at both ends by some unit.
    rows = rows_of(capsys, "--layers", layers, "--input-size", str(n))
    reads = _reads(stack, n)
    assert rows[-1]["output_shape"] == [1, 1, len(reads)]
    r, S, P = (Fraction(value[0]) for value in fields_of(rows[-1]))
    starts_met = ends_met = False
    for o, inputs in enumerate(reads):
        start, end = math.ceil(-P + o * S), math.floor(-P + o * S + r - 1)
        span = set(range(max(start, 0), min(end, n - 1) + 1))
        assert inputs == span if exact else inputs <= span, o
        starts_met |= start >= 0 and min(inputs) == start
        ends_met |= end < n and max(inputs) == end
    assert starts_met and ends_met


def test_rf_transposed_layers_by_hand_and_as_fractions(capsys):
    # t4:2:1 on stride 1: S = 1/2, r = 1 + 1 * (4-1)/2 = 5/2, P = 0 + 1 * (4-1-1)/2 = 1; 4 inputs -> 8 outputs
    status, out, _ = run(capsys, "rf", "--layers", "t4:2:1", "--input-size", "4")
    assert status == 0
    assert table(out) == [{"layer": "1", "kind": "conv_transpose", "output size": "8", "receptive field": "5/2",
                           "effective stride": "1/2", "effective padding": "1"}]
    # a decoder: down r 3, S 2, P 1; up r = 3 + 2 * 3/2 = 6, S = 1, P = 1 + 2 * 2/2 = 3; 8 -> 4 -> 8
    rows = rows_of(capsys, "--layers", "down=3:2:1,up=t4:2:1", "--input-size", "8")
    assert [(r["name"], r["op"], r["output_shape"], *fields_of(r), r["aligned"]) for r in rows] == [
        ("input", "Input", [1, 1, 8], [1], [1], [0], True),
        ("down", "Conv", [1, 1, 4], [3], [2], [1], True),
        ("up", "ConvTranspose", [1, 1, 8], [6], [1], [3], True),
    ]
    # without --input-size the sizes are formulas in i and the receptive fields numbers: r = 3 + 1 * 2/2,
    # S = 1/2, P = 1 + 1 * (3-1-1)/2; the output (i-1)*2 - 2 + 3 + 1
    status, out, _ = run(capsys, "rf", "--layers", "3:1:1,t3:2:1:1:1")
    assert [tuple(row.values()) for row in table(out)] == [("1", "conv", "3", "1", "1"),
                                                           ("2", "conv_transpose", "4", "1/2", "3/2")]
    assert rows_of(capsys, "--layers", "3:1:1,t3:2:1:1:1")[-1]["output_shape"] == [1, 1, "2*i"]


def test_rf_json_rows_are_the_library_s(capsys):
    from symconv import Geometry
    from symconv.models import NetworkBuilder, receptive_field_rows

    b = NetworkBuilder()
    x = b.input("input", (1, 1, 12))
    c = b.conv("c", x, Geometry(3, stride=2, padding=1), out_channels=1)
    p = b.pool("p", c, Geometry(2, stride=2))
    b.conv("3", p, Geometry(3, stride=2, padding=1, output_padding=1, transposed=True), out_channels=1)
    assert rows_of(capsys, "--layers", "c=3:2:1,p=p2:2:0,t3:2:1:1:1", "--input-size", "12") == \
        receptive_field_rows(b.build())


def _agree(layers, size):
    """receptive.receptive_field (the stack's closed form) and models.receptive_fields (through a network graph)
    on one stack: the same numbers, and formulas that simplify to the same where sizes are symbolic."""
    import sympy

    from symconv.cli._args import named_layers
    from symconv.cli.rf import stack_network
    from symconv.models import receptive_fields
    from symconv.receptive import receptive_field

    stack = named_layers(layers).layer_stack()
    closed = receptive_field(stack, input_size=size)
    through = receptive_fields(stack_network(stack, size))[1:]
    assert len(closed) == len(through)
    for index, (a, b) in enumerate(zip(closed, through)):
        assert a.kind == ("pool" if b.kind == "pool" else "conv") and b.name == (a.name or str(index + 1))
        for mine, theirs in ((a.size, b.size[0]), (a.stride, b.stride[0]), (a.padding, b.padding[0])):
            assert sympy.simplify(sympy.sympify(mine) - sympy.sympify(theirs)) == 0, (layers, index, mine, theirs)
        if size is not None:
            assert (a.output_size,) == b.output_shape[2:]
    return closed


FORWARD = [
    ("3:1:1,3:1:1", None),
    ("3:1:0,2:2:0,3:1:0", 16),
    ("3:1:0:2,3:1:0:4", None),
    ("5:2:2,p3:2:1,3:1:same", 33),
    ("3:2:same,3:1:SAME", 8),
    ("3:2:same,3:1:1,p2:2:valid", None),  # 'same' with stride 2 and no size: the padding is a formula in i
    ("c1=7:2:3,p1=p3:2:1,3:1:1,3:2:full,a=1:1:0", 224),
]


@pytest.mark.parametrize("layers, size", FORWARD)
def test_rf_forward_stacks_the_two_routes_agree(capsys, layers, size):
    closed = _agree(layers, size)
    # and what rf prints: the closed form's table, the network route's rows
    argv = ["--layers", layers] + ([] if size is None else ["--input-size", str(size)])
    rows = rows_of(capsys, *argv)[1:]
    assert [row["rf_size"][0] for row in rows] == [f.size if isinstance(f.size, int) else str(f.size) for f in closed]
    _, out, _ = run(capsys, "rf", *argv)
    assert [r["receptive field"] for r in table(out)] == [str(f.size) for f in closed]


@settings(max_examples=40, deadline=None)
@given(
    layers=st.lists(
        st.tuples(st.sampled_from(["", "p"]), st.integers(1, 4), st.integers(1, 3),
                  st.sampled_from(["0", "1", "2", "same", "valid", "full"]), st.integers(1, 2)),
        min_size=1, max_size=5,
    ),
    size=st.one_of(st.none(), st.integers(12, 60)),
)
def test_rf_forward_stacks_the_two_routes_agree_on_any_stack(layers, size):
    from symconv import SymconvError

    text = ",".join(f"{kind}{k}:{s}:{p}:{d}" for kind, k, s, p, d in layers)
    try:
        _agree(text, size)
    except SymconvError as error:  # a stack that does not fit its input: refused alike by both routes
        from symconv.cli._args import named_layers
        from symconv.receptive import receptive_field

        with pytest.raises(SymconvError) as closed:
            receptive_field(named_layers(text).layer_stack(), input_size=size)
        assert (closed.value.parameter, closed.value.layer) == (error.parameter, error.layer)


def test_rf_network_json_is_the_closed_form(capsys):
    from symconv.networks import alexnet
    from symconv.receptive import receptive_field

    rows = rows_of(capsys, "--network", "alexnet", "--input-size", "224")[1:]
    assert [(r["name"], r["output_shape"][2:], *fields_of(r)) for r in rows] == [
        (f.name, list(f.output_size), list(f.size), list(f.stride), list(f.padding))
        for f in receptive_field(alexnet(), input_size=224)
    ]


# --- MODEL: your own network ---------------------------------------------------------------------------------


def test_rf_model_vgg16_onnx_published_numbers(capsys, tmp_path):
    from symconv.models import load_network, receptive_field_rows, receptive_field_table

    path = files.save(files.onnx_nets().vgg16(size=224, width=64, weights="dims"), tmp_path / "vgg16.onnx")
    rows = rows_of(capsys, path)
    # Araujo et al. (Distill 2019): VGG-16 pool5 212, effective stride 32, padding 90
    assert (rows[-1]["name"], rows[-1]["op"], rows[-1]["output_shape"], *fields_of(rows[-1]), rows[-1]["aligned"]) \
        == ("pool5", "MaxPool", [1, 8, 7, 7], [212, 212], [32, 32], [90, 90], True)
    graph = load_network(path)
    assert rows == receptive_field_rows(graph)
    status, out, _ = run(capsys, "rf", path)
    assert (status, out) == (0, receptive_field_table(graph) + "\n")
    assert table(out)[-1]["receptive field"] == "212"


def test_rf_model_two_layers_by_hand(capsys, tmp_path):
    # conv1 k3 s2 p1: r = 3, S = 2, P = 1, 8 -> 4; conv2 k3 s1 p1: r = 3 + 2*2 = 7, S = 2, P = 1 + 1*2 = 3
    rows = rows_of(capsys, files.two_layers(tmp_path))
    assert [(r["name"], r["op"], r["kind"], r["output_shape"], *fields_of(r), r["aligned"]) for r in rows] == [
        ("x", "Input", "input", [1, 3, 8, 8], [1, 1], [1, 1], [0, 0], True),
        ("conv1", "Conv", "conv", [1, 4, 4, 4], [3, 3], [2, 2], [1, 1], True),
        ("conv2", "Conv", "conv", [1, 2, 4, 4], [7, 7], [2, 2], [3, 3], True),
    ]


def test_rf_model_input_shape_numbers_and_names(capsys, tmp_path):
    import sympy

    path = files.named_sizes(tmp_path)  # (1, 3, h, w), conv k3 s2 p1
    open_sizes = rows_of(capsys, path)[-1]["output_shape"]
    fixed = rows_of(capsys, path, "--input-shape", "1,3,16,21")[-1]["output_shape"]
    assert fixed == [1, 4, 8, 11]  # (16 + 2 - 3) // 2 + 1, (21 + 2 - 3) // 2 + 1
    h, w = sympy.symbols("h w", integer=True, positive=True)
    for n in range(1, 30):
        values = [int(sympy.sympify(text, locals={"h": h, "w": w}).subs({h: n, w: n})) for text in open_sizes[2:]]
        assert values == [(n - 1) // 2 + 1] * 2
    # names of one's own, and the input named
    renamed = rows_of(capsys, path, "--input-shape", "x=1,3,a,b")[-1]["output_shape"]
    assert renamed == [1, 4, open_sizes[2].replace("h", "a"), open_sizes[3].replace("w", "b")]


def test_rf_model_dynamic_sizes_need_input_shape(capsys, tmp_path):
    path = files.dynamic(tmp_path)
    assert_usage_error(
        capsys, ["rf", path],
        r"--input-shape: input 'x' has a dynamic size without a name on axis 3 \(spatial axis 3\); give the size, "
        r"e\.g\. --input-shape 1,3,224,224, or a name like h",
    )
    assert rows_of(capsys, path, "--input-shape", "1,3,10,12")[-1]["output_shape"] == [1, 4, 10, 12]


def test_rf_model_unsupported_op_says_pass_through(capsys, tmp_path):
    from symconv.models.onnx import SUPPORTED

    path = files.with_op(tmp_path, "LayerNormalization")
    err = assert_usage_error(
        capsys, ["rf", path],
        r"MODEL: node 'norm': op 'LayerNormalization' is not supported; supported: .*; an element-wise op that "
        r"keeps the shape can be read as pass-through with --pass-through LayerNormalization",
    )
    listed = re.search(r"supported: (.*?);", err).group(1).split(", ")
    assert set(listed) == set(SUPPORTED) and "Conv" in listed
    rows = rows_of(capsys, path, "--pass-through", "LayerNormalization,Foo", "--pass-through", "Bar")
    assert (rows[-1]["name"], rows[-1]["kind"], *fields_of(rows[-1])) == ("norm", "pass_through", [3, 3], [1, 1],
                                                                          [1, 1])


def test_rf_model_branches_not_aligned_are_marked(capsys, tmp_path):
    # a (3x3, pad 1): region [-1, 1], centre 0; b (3x3, pad 2 before, 0 after): region [-2, 0], centre -1;
    # the sum: the span [-2, 1], r = 4, P = 2, not aligned
    path = files.off_centre(tmp_path)
    last = rows_of(capsys, path)[-1]
    assert (last["name"], *fields_of(last), last["aligned"]) == ("sum", [4, 4], [1, 1], [2, 2], False)
    status, out, _ = run(capsys, "rf", path)
    assert status == 0 and table(out)[-1]["aligned"] == "no"
    assert out.endswith("- 'sum' is not aligned: axis 0: centres differ: 0 (from 'a'), -1 (from 'b')\n"
                        "- 'sum' is not aligned: axis 1: centres differ: 0 (from 'a'), -1 (from 'b')\n")


def test_rf_model_pytorch_module_attribute(capsys, torch_module):
    # conv1 k3 s2 p1: (3, 2, 1); relu keeps it; conv2 k3 p1: r = 3 + 2*2 = 7, S = 2, P = 1 + 1*2 = 3;
    # add: the span of [-1, 1] and [-3, 3] (centres 0 and 0): (7, 2, 3), aligned;
    # up, transposed k4 s2 p1: r = 7 + 2*3/2 = 10, S = 2/2 = 1, P = 3 + 2*(4-1-1)/2 = 5; 16 -> 8 -> 16
    expected = [
        ("x", [1, 3, 16, 16], [1, 1], [1, 1], [0, 0]),
        ("conv1", [1, 4, 8, 8], [3, 3], [2, 2], [1, 1]),
        ("relu", [1, 4, 8, 8], [3, 3], [2, 2], [1, 1]),
        ("conv2", [1, 4, 8, 8], [7, 7], [2, 2], [3, 3]),
        ("add", [1, 4, 8, 8], [7, 7], [2, 2], [3, 3]),
        ("up", [1, 2, 16, 16], [10, 10], [1, 1], [5, 5]),
    ]
    for attribute in ("make", "net"):  # a factory and a module
        rows = rows_of(capsys, f"{torch_module}:{attribute}", "--input-shape", "1,3,16,16")
        assert [(r["name"], r["output_shape"], *fields_of(r)) for r in rows] == expected
        assert all(r["aligned"] for r in rows)
    # not aligned: a (3x3, pad 1) centre 0; b after two zeros before: region [-2, 0], centre -1
    last = rows_of(capsys, f"{torch_module}:shifted", "--input-shape", "1,1,8,8")[-1]
    assert (*fields_of(last), last["aligned"]) == ([4, 4], [1, 1], [2, 2], False)


def test_rf_model_pytorch_in_a_child_process(tmp_path):
    folder = tmp_path / "modules"
    folder.mkdir()
    (folder / "tiny_nets.py").write_text(files.TORCH_SOURCE)
    files.need_module("torch")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)])}
    proc = subprocess.run([sys.executable, "-m", "symconv", "rf", "tiny_nets:make", "--input-shape", "1,3,32,32",
                           "--json"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert fields_of(json.loads(proc.stdout)[-1]) == ([10, 10], [1, 1], [5, 5])


def test_rf_help_examples_with_a_model_run(capsys, example_files):
    examples = files.model_examples(run(capsys, "rf", "--help")[1], "rf")
    assert len(examples) == 4
    for argv in examples:
        status, out, err = run(capsys, *argv)
        assert (status, err) == (0, ""), argv
        assert out, argv


# --- errors ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, message",
    [
        ("", r"MODEL: rf needs MODEL \(a \.onnx file or module:attribute\), --layers k:s:p\[:d\],\.\.\. or "
             r"--network NAME, got none"),
        ("--layers 3:1:1 --network vgg16", r"--network: give one of MODEL, --layers or --network, got --layers and "
                                           r"--network"),
        ("model.onnx --network vgg16", r"--network: give one of MODEL, --layers or --network, got MODEL and --network"),
        ("model.onnx --input-size 8", r"--input-size: a MODEL's input is given as --input-shape N,C,H,W, got "
                                      r"--input-size with MODEL"),
        ("--layers 3:1:1 --input-shape 1,1,8", r"--input-shape: only a MODEL takes --input-shape, got it with --layers"),
        ("--network vgg16 --pass-through Foo", r"--pass-through: only a MODEL takes --pass-through, got it with "
                                               r"--network"),
        ("--layers 3:1", (r"--layers: expected \[name=\]\[t\|p\]kernel:stride:padding\[:dilation\[:output_padding\]\] "
                          r"for each layer, separated by commas, like 3:1:1,2:2:0 or conv1=3:1:1,pool1=p2:2:0,t4:2:1 "
                          r"\(name=: the layer's name; t: a transposed convolution; p: pooling; padding may be "
                          r"same/valid/full\), got '3:1'")),
        ("--layers 3:1:1:1:1",
         r"--layers: a fifth field \(output padding\) belongs to a transposed layer, .* like t3:1:1:1:1, got '3:1:1:1:1'"),
        ("--layers p3:1:1:1:1", r"--layers: a fifth field \(output padding\) belongs to a transposed layer, .*"),
        ("--layers pt3:2:1", r"--layers: expected \[name=\]\[t\|p\]kernel.* got 'pt3:2:1'"),
        ("--layers tp3:2:1", r"--layers: expected \[name=\]\[t\|p\]kernel.* got 'tp3:2:1'"),
        ("--layers 1a=3:1:1", r"--layers: expected \[name=\]\[t\|p\]kernel.* got '1a=3:1:1'"),
        ("--layers a=b=3:1:1", r"--layers: expected \[name=\]\[t\|p\]kernel.* got 'a=b=3:1:1'"),
        ("--layers a=3:1:1,a=3:1:1", r"--layers: expected each layer name once, got 'a' twice"),
        (f"--layers {'a' * 61}=3:1:1", r"--layers: expected a layer name of at most 60 characters, got 'aaaa.*"),
        ("--layers input=t3:2:1", r"--layers: layers\[0\]: name: 'input' names the input row; give the layer another "
                                  r"name"),
        ("--layers 3;1;1", r"--layers: .* got '3;1;1'"),
        ("--layers 3:1:half", r"--layers: .* got '3:1:half'"),
        ("--layers 3:1:1,", r"--layers: .* got '3:1:1,'"),
        ("--layers 3:1:1,0:1:0", r"--layers: layers\[1\]: kernel_size: expected a positive int, got 0"),
        ("--layers 3:1:1,p0:1:0", r"--layers: layers\[1\]: kernel_size: expected a positive int, got 0"),
        ("--layers x=3:1:1,y=t0:1:0", r"--layers: layers\[1\]: kernel_size: expected a positive int, got 0"),
        ("--layers 5:1:0 --input-size 3", r"--layers: layers\[0\]: kernel_size: effective kernel 5 .*"),
        ("--layers 3:1:1,t5:1:0,9:1:0 --input-size 3", r"--layers: layers\[2\]: kernel_size: effective kernel 9 .*"),
        ("--layers t3:2:same", r'--layers: layers\[0\]: padding: "same" is not defined for transposed convolution.*'),
        ("--layers 3:1:1 --input-size 0", r"--input-size: expected a positive int, got 0"),
        ("--layers t3:1:1 --input-size 0", r"--input-size: expected a positive int, got 0"),
        ("--layers t3:1:1 --input-size 4,4",
         r"--input-size: expected an int or a tuple of 1 ints \(one per axis\), got \(4, 4\) of length 2"),
        ("--network resnet50", r"--network: invalid choice: 'resnet50' \(choose from '?lenet5'?, '?alexnet'?, '?vgg16'?\)"),
        ("--network vgg16 --input-size 224,224,3",
         r"--input-size: expected an int or a tuple of 2 ints \(one per axis\), got \(224, 224, 3\) of length 3"),
        ("--network vgg16 --input-size 224,224,3 --json",
         r"--input-size: expected an int or a tuple of 2 ints \(one per axis\), got \(224, 224, 3\) of length 3"),
        ("m.onnx --input-shape 1,3,2.5,4", r"--input-shape: expected \[NAME=\]N,C,H,W: comma-separated sizes or size "
                                           r"names like 1,3,224,224 or 1,3,h,w, got '1,3,2.5,4'"),
        ("m.onnx --input-shape 1,3,h+1,4", r"--input-shape: expected \[NAME=\]N,C,H,W: .* got '1,3,h\+1,4'"),
        ("m.onnx --input-shape =1,3", r"--input-shape: expected \[NAME=\]N,C,H,W: .* got '=1,3'"),
        ("m.onnx --pass-through 'a b'", r"--pass-through: expected op names separated by commas, .* got 'a b'"),
        ("m.onnx --pass-through Foo,", r"--pass-through: expected op names separated by commas, .* got 'Foo,'"),
        ("m.onnx --pass-through \"__import__('os')\"", r"--pass-through: expected op names .* got \"__import__\('os'\)\""),
    ],
)
def test_rf_errors_are_one_line_naming_the_argument(capsys, argv, message):
    assert_usage_error(capsys, ["rf", *shlex.split(argv)], message)


def test_rf_model_errors_are_one_line_naming_the_argument(capsys, tmp_path):
    not_onnx = tmp_path / "notes.onnx"
    not_onnx.write_text("not a model\n")
    truncated = tmp_path / "truncated.onnx"
    truncated.write_bytes(open(files.two_layers(tmp_path), "rb").read()[:120])
    model = files.two_layers(tmp_path)
    for argv, message in [
        ([str(not_onnx)], r"MODEL: '.*notes\.onnx' is not an ONNX model or is truncated \(.*\)"),
        ([str(truncated)], r"MODEL: '.*truncated\.onnx' is not an ONNX model or is truncated \(.*\)"),
        ([str(tmp_path / "missing.onnx")],
         r"MODEL: expected a \.onnx file or module:attribute naming a PyTorch module factory, got '.*missing\.onnx' "
         r"\(no such file\)"),
        ([str(tmp_path)], r"MODEL: cannot read '.*' \(Is a directory\)"),
        ([model, "--input-shape", "1,4,8,8"], r"--input-shape: the model fixes axis 1 of input 'x' to 3, got 4"),
        ([model, "--input-shape", "1,3,8"], r"--input-shape: input 'x' has rank 4 in the model, got \(1, 3, 8\)"),
        ([model, "--input-shape", "y=1,3,8,8"], r"--input-shape: the model has no input named 'y'; its inputs are \['x'\]"),
        ([model, "--input-shape", "x=1,3,8,8", "--input-shape", "x=1,3,8,8"], r"--input-shape: expected each input "
                                                                             r"once, got 'x' twice"),
        ([model, "--input-shape", "1,3,8,8", "--input-shape", "x=1,3,8,8"],
         r"--input-shape: with more than one --input-shape each names its input \(NAME=N,C,\.\.\.\), got 1,3,8,8 "
         r"without a name"),
        ([model, "--input-shape", "1,3,0,8"], r"--input-shape: expected a positive int, got 0"),
        ([files.strides_differ(tmp_path)],
         r"MODEL: the branches into 'sum' cannot be aligned on spatial axis 0: their effective strides differ: "
         r"2 \(from 'a'\), 1 \(from 'b'\)"),
        (["no_such_module_for_symconv:net"], r"MODEL: cannot import 'no_such_module_for_symconv' \(.*\)"),
        (["os:no_such_attribute"], r"MODEL: 'os' has no attribute 'no_such_attribute'"),
        (["os:sep"], r"MODEL: os:sep is a str, not a PyTorch module or a factory"),
        (["..relative:x"], r"MODEL: importing \.\.relative raised TypeError: .*"),
        (["nocolon"], r"MODEL: expected a \.onnx file or module:attribute .*, got 'nocolon' \(no such file\)"),
    ]:
        assert_usage_error(capsys, ["rf", *argv], message)


def test_rf_model_errors_of_a_pytorch_module(capsys, torch_module):
    for argv, message in [
        ([f"{torch_module}:make"], r"--input-shape: a PyTorch module needs the shape of its input, \(N, C, \*spatial\)"),
        ([f"{torch_module}:boom", "--input-shape", "1,3,8,8"],
         rf"MODEL: {torch_module}:boom\(\) raised RuntimeError: the factory failed"),
        ([f"{torch_module}:needs", "--input-shape", "1,3,8,8"],
         rf"MODEL: {torch_module}:needs\(\) raised TypeError: needs\(\) missing 1 required positional argument: .*"),
        ([f"{torch_module}:not_a_module", "--input-shape", "1,3,8,8"],
         rf"MODEL: {torch_module}:not_a_module\(\) returned a int, not a torch\.nn\.Module"),
        ([f"{torch_module}:number", "--input-shape", "1,3,8,8"],
         rf"MODEL: {torch_module}:number is a int, not a PyTorch module or a factory"),
        ([f"{torch_module}:absent", "--input-shape", "1,3,8,8"], rf"MODEL: '{torch_module}' has no attribute 'absent'"),
        (["raises_on_import:net", "--input-shape", "1,3,8,8"],
         r"MODEL: importing raises_on_import raised ValueError: no import for you"),
        (["not_python:net"], r"MODEL: importing not_python raised SyntaxError: .*"),
        ([f"{torch_module}:make", "--input-shape", "x=1,3,8,8"],
         r"--input-shape: a PyTorch module has one input: give its shape without a name, got 'x'="),
        ([f"{torch_module}:make", "--input-shape", "1,4,8,8"], r"MODEL: .*conv1.*"),
    ]:
        assert_usage_error(capsys, ["rf", *argv], message)


def test_rf_model_without_the_optional_package(capsys, tmp_path, monkeypatch):
    path = tmp_path / "model.onnx"
    path.write_bytes(b"\x08\x07")
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx now fails, as where it is not installed
    assert_usage_error(capsys, ["rf", str(path)],
                       r'MODEL: reading an ONNX file needs the package onnx: pip install "symconv\[onnx\]"')


def test_rf_stack_too_deep_to_keep_symbolic_needs_an_input_size(capsys):
    from symconv.cli.rf import MAX_SYMBOLIC_LAYERS, MAX_SYMBOLIC_STRIDED_LAYERS

    layers = ",".join(["3:1:1"] * MAX_SYMBOLIC_LAYERS + ["t3:1:1"])
    assert_usage_error(
        capsys, ["rf", "--layers", layers],
        rf"--input-size: the stack has {MAX_SYMBOLIC_LAYERS + 1} layers and no input size, so every size would be a "
        rf"formula in the input size i \(at most {MAX_SYMBOLIC_LAYERS} layers are kept symbolic\); give the input size "
        rf"to get numbers",
    )
    assert_usage_error(capsys, ["rf", "--layers", layers.replace("t3:1:1", "3:1:1"), "--json"],
                       rf"--input-size: the stack has {MAX_SYMBOLIC_LAYERS + 1} layers and no input size, .*")
    status, out, _ = run(capsys, "rf", "--layers", layers.replace("t3:1:1", "3:1:1"))  # the closed form: any depth
    assert status == 0 and table(out)[-1]["receptive field"] == str(1 + 2 * (MAX_SYMBOLIC_LAYERS + 1))
    status, out, _ = run(capsys, "rf", "--layers", layers, "--input-size", "5")  # t3:1:1 keeps the size and r + 2
    assert status == 0 and table(out)[-1]["receptive field"] == str(1 + 2 * (MAX_SYMBOLIC_LAYERS + 1))

    layers = ",".join(["t2:2:0"] * (MAX_SYMBOLIC_STRIDED_LAYERS + 1))
    assert_usage_error(
        capsys, ["rf", "--layers", layers],
        rf"--input-size: the stack has {MAX_SYMBOLIC_STRIDED_LAYERS + 1} strided or transposed layers and no input "
        rf"size, so every size would nest {MAX_SYMBOLIC_STRIDED_LAYERS + 1} roundings in the input size i \(at most "
        rf"{MAX_SYMBOLIC_STRIDED_LAYERS} are kept symbolic\); give the input size to get numbers",
    )
    status, out, _ = run(capsys, "rf", "--layers", layers, "--input-size", "1")
    n = MAX_SYMBOLIC_STRIDED_LAYERS + 1  # each doubles the size; S halves; r = 1 + sum_l (2-1) / 2^l
    assert status == 0
    last = table(out)[-1]
    assert last["output size"] == str(2**n)
    assert Fraction(last["effective stride"]) == Fraction(1, 2**n)
    assert Fraction(last["receptive field"]) == 1 + sum(Fraction(1, 2**layer) for layer in range(1, n + 1))


def test_rf_a_layer_error_is_reported_under_its_stack_whatever_the_words(capsys, monkeypatch):
    from symconv import SymconvError, receptive

    def refuse(layers, input_size=None):
        raise SymconvError("layers[1]: no words anyone parses", parameter="kernel_size", layer=1)

    monkeypatch.setattr(receptive, "receptive_field_table", refuse)
    assert_usage_error(capsys, ["rf", "--layers", "3:1:1,3:1:1"], r"--layers: layers\[1\]: no words anyone parses")
    assert_usage_error(capsys, ["rf", "--network", "lenet5"], r"--network: layers\[1\]: no words anyone parses")


def test_rf_a_model_error_is_reported_under_its_option_whatever_the_words(capsys, monkeypatch):
    from symconv import SymconvError, models

    for parameter, option in [("model", "MODEL"), ("module", "MODEL"), ("network", "MODEL"),
                              ("input_shape", "--input-shape"), ("pass_through", "--pass-through")]:
        def refuse(model, *, input_shape=None, pass_through=(), parameter=parameter):
            raise SymconvError(f"{parameter}: no words anyone parses", parameter=parameter)

        monkeypatch.setattr(models, "load_network", refuse)
        assert_usage_error(capsys, ["rf", "anything.onnx"], rf"{option}: no words anyone parses")


def test_rf_a_stack_whose_numbers_are_too_long_to_print(capsys):
    # 14,400 layers of kernel 3, stride 2: effective stride 2^n after layer n and receptive field 1 + 2 (2^n - 1);
    # with padding 1 the effective padding is 2^n - 1.  Written ~d.dde+N past 60 digits, from integer arithmetic:
    def written(value):
        digits = len(str(value))
        if digits <= 60:
            return str(value)
        lead = value // 10 ** (digits - 4)  # the first four digits, rounded to three
        mantissa = (lead + 5) // 10
        return f"~{mantissa // 100}.{mantissa % 100:02d}e+{digits - 1}"

    with_digits = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # the expected values, by hand, may be printed here
    try:
        n = 14_400
        status, out, err = run(capsys, "rf", "--layers", ",".join(["3:2:1"] * n))
        assert (status, err) == (0, "")
        rows = table(out)
        assert len(rows) == n
        for number in (1, 2, 199, 200, 14_400):
            stride = 2**number
            expected = [written(1 + 2 * (stride - 1)), written(stride), written(stride - 1)]
            row = rows[number - 1]
            assert [row["receptive field"], row["effective stride"], row["effective padding"]] == expected, number
    finally:
        sys.set_int_max_str_digits(with_digits)
    assert rows[-1]["effective stride"] == "~6.79e+4334"
    assert max(len(line) for line in out.splitlines()) < 250  # three numbers of at most 60 digits a row


def test_rf_deep_strided_same_padding_needs_an_input_size(capsys):
    from symconv.receptive import MAX_SYMBOLIC_SAME_LAYERS

    layers = ",".join(["3:2:same"] * (MAX_SYMBOLIC_SAME_LAYERS + 1))
    assert_usage_error(
        capsys,
        ["rf", "--layers", layers],
        rf"--input-size: the stack has {MAX_SYMBOLIC_SAME_LAYERS + 1} strided 'same' layers and no input size, .*",
    )
    # with the input size every padding is a number; 'same' pads to ceil(i / 2) per layer: 2^140 halves 129 times
    status, out, _ = run(capsys, "rf", "--layers", layers, "--input-size", str(2**140))
    assert status == 0
    sizes = [row["output size"] for row in table(out)]
    assert sizes == [str(2 ** (140 - n)) for n in range(1, MAX_SYMBOLIC_SAME_LAYERS + 2)]
    # at stride 1 'same' pads (k - 1) / 2 whatever the input: any number of such layers is numbers alone
    status, out, _ = run(capsys, "rf", "--layers", ",".join(["3:1:same"] * 200))
    assert status == 0 and table(out)[-1]["effective padding"] == "200"


HOSTILE = [
    "1,3,8,8", "1,3,h,w", "x=1,3,8,8", "y=1,3,8,8", "x=1,3,h,h", "1,3,0,8", "1,3,-1,8", "1,3,8", "1,3,8,8,8", "1",
    "9" * 4301, f"1,3,{'9' * 4300},8", f"1,3,{'9' * 400},8", "1,3,h", "", " ", ",", "=", "a=", "=1", "h", "1,3,h+1,w",
    "__import__('os')", "\n", "é", "a" * 100_000, f"{'a' * 61},3,8,8", "Relu", "LayerNormalization", "Foo,Bar",
    "Conv", "Add", "1.5", "nan", "1e999", "x=1,3,8,8=", "1,3,h_1,w_2",
]


@settings(max_examples=int(os.environ.get("SYMCONV_FUZZ_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[__import__("hypothesis").HealthCheck.function_scoped_fixture])
@given(
    command=st.sampled_from([["rf"], ["rf", "--json"], ["summary"], ["summary", "--json"], ["draw", "network"]]),
    options=st.lists(st.tuples(st.sampled_from(["--input-shape", "--pass-through"]), st.sampled_from(HOSTILE)),
                     min_size=1, max_size=3),
)
def test_model_options_hostile_values_give_a_result_or_one_line(capsys, tmp_path_factory, command, options):
    import time

    folder = tmp_path_factory.getbasetemp() / "hostile"
    folder.mkdir(exist_ok=True)
    model = folder / "two.onnx"
    if not model.exists():
        files.two_layers(folder)
    argv = [*command, str(model), *(part for option in options for part in option)]
    if command[0] == "draw":
        argv += ["-o", str(folder / "out.mmd")]
    started = time.monotonic()
    status, out, err = run(capsys, *argv)
    shown = [a if len(a) < 40 else f"{a[:20]}...({len(a)} characters)" for a in argv]
    assert status in (0, 2), (shown, err[:300])
    assert "internal error" not in err and "Traceback" not in err, (shown, err[:300])
    if status == 2:
        assert out == "" and err.startswith("symconv: error: ") and err.count("\n") == 1, (shown, err[:300])
        assert len(err) < 5000, shown
    assert time.monotonic() - started < 20, shown
    (folder / "out.mmd").unlink(missing_ok=True)


def test_numbers_too_long_to_write_are_refused_not_an_internal_error(capsys, tmp_path, monkeypatch):
    import symconv.cli

    monkeypatch.setattr(symconv.cli, "MAX_PRINTED_DIGITS", 5000)  # what Python may turn into text while a command runs
    # 300 layers of stride 2^62 (ONNX's int64): an effective stride of 2^18600, 5,600 digits
    net = files.onnx_nets().OnnxNet([1, 1, 1, 1])
    y = net.x
    for index in range(300):
        y = net.conv(y, 1, 1, 1, stride=2**62, bias=False, name=f"c{index}")
    path = files.save(net.model([y]), tmp_path / "strides.onnx")
    message = (r"MODEL: the effective stride of layer 'c(\d+)' has more than 5,000 digits, more than symconv writes; "
               r"use smaller sizes, strides or fewer layers")
    for argv in (["rf", path], ["rf", path, "--json"], ["summary", path], ["summary", path, "--json"]):
        layer = int(re.search(r"'c(\d+)'", assert_usage_error(capsys, argv, message)).group(1))
        assert (layer * 62 + 62) * math.log10(2) > 4990 > (layer * 62) * math.log10(2) - 62
    # a stack by hand: its table abbreviates the numbers (~d.dde+N), its JSON refuses them
    stride = "9" * 200
    layers = ",".join([f"t3:{stride}:1"] * 30)
    status, out, _ = run(capsys, "rf", "--layers", layers, "--input-size", "1")
    assert status == 0 and table(out)[-1]["effective stride"] == "1/~1.00e+6000"
    assert_usage_error(capsys, ["rf", "--layers", layers, "--input-size", "1", "--json"],
                       r"--layers: the (receptive field|effective stride|effective padding) of layer '2\d' has more "
                       r"than 5,000 digits, .*")

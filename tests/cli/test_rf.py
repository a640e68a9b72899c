"""``symconv rf``: receptive-field tables by hand and against published numbers."""

from __future__ import annotations

import shlex
import sys

import pytest

from ._helpers import assert_usage_error, run


def table(out):
    lines = out.splitlines()
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")))) for line in lines[2:]]


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


@pytest.mark.parametrize(
    "argv, message",
    [
        ("", r"--layers: rf needs --layers k:s:p\[:d\],\.\.\. or --network NAME, got neither"),
        ("--layers 3:1:1 --network vgg16", r"--network: give either --layers or --network, got both \(--network vgg16\)"),
        ("--layers 3:1", r"--layers: expected \[t\]kernel:stride:padding\[:dilation\[:output_padding\]\] .* got '3:1'"),
        ("--layers 3:1:1:1:1",
         r"--layers: a fifth field \(output padding\) belongs to a transposed layer, .* like t3:1:1:1:1, got '3:1:1:1:1'"),
        ("--layers 3:1:1,t3:2:1",
         (r"--layers: rf takes convolution and pooling layers only: the receptive-field formula is for forward stacks, "
          r"got the transposed layer 't3:2:1' \(layers\[1\]\)")),
        ("--layers T3:2:1:1:1,3:1:1 --input-size 4", r"--layers: rf takes .*, got the transposed layer 'T3:2:1:1:1' \(layers\[0\]\)"),
        ("--layers 3;1;1", r"--layers: .* got '3;1;1'"),
        ("--layers 3:1:half", r"--layers: .* got '3:1:half'"),
        ("--layers 3:1:1,", r"--layers: .* got '3:1:1,'"),
        ("--layers 3:1:1,0:1:0", r"--layers: layers\[1\]: kernel_size: expected a positive int, got 0"),
        ("--layers 5:1:0 --input-size 3", r"--layers: layers\[0\]: kernel_size: effective kernel 5 .*"),
        ("--layers 3:1:1 --input-size 0", r"--input-size: expected a positive int, got 0"),
        ("--network resnet50", r"--network: invalid choice: 'resnet50' \(choose from '?lenet5'?, '?alexnet'?, '?vgg16'?\)"),
        ("--network vgg16 --input-size 224,224,3",
         r"--input-size: expected an int or a tuple of 2 ints \(one per axis\), got \(224, 224, 3\) of length 3"),
    ],
)
def test_rf_errors_are_one_line_naming_the_argument(capsys, argv, message):
    assert_usage_error(capsys, ["rf", *shlex.split(argv)], message)


def test_rf_a_layer_error_is_reported_under_its_stack_whatever_the_words(capsys, monkeypatch):
    from symconv import SymconvError, receptive

    def refuse(layers, input_size=None):
        raise SymconvError("layers[1]: no words anyone parses", parameter="kernel_size", layer=1)

    monkeypatch.setattr(receptive, "receptive_field_table", refuse)
    assert_usage_error(capsys, ["rf", "--layers", "3:1:1,3:1:1"], r"--layers: layers\[1\]: no words anyone parses")
    assert_usage_error(capsys, ["rf", "--network", "lenet5"], r"--network: layers\[1\]: no words anyone parses")


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

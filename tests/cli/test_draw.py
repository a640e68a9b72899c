"""``symconv draw``: connectivity graphs, animations, the conv matrix and receptive-field figures, in files."""

from __future__ import annotations

import inspect
import io
import re
import shlex
import zlib

import pytest
from _chinese import assert_glyphs_drawn, by_catalogue, need_chinese_font, no_missing_glyphs, svg_texts, without_font
from _tools import compile_latex

from ._helpers import assert_usage_error, draw, mermaid_parts, run


def test_draw_the_first_seed_figure_as_mermaid(capsys, tmp_path):
    text = draw(capsys, tmp_path, "sparse-from-below", name="a.mmd").decode()
    nodes, edges, filled = mermaid_parts(text)
    # two panels of x1..x5 and s1..s5; kernel 3, padding 1: 13 sparse edges, 25 dense ones
    assert len(nodes) == 20 and len(edges) == 13 + 25
    # x3 affects s2, s3, s4 (sparse) and every s (dense)
    assert sorted(filled) == sorted(["x13", "s12", "s13", "s14", "x23", "s21", "s22", "s23", "s24", "s25"])


def test_draw_defaults_are_the_seed_figures(capsys, tmp_path):
    from symconv.graphs import seed_figure_bytes

    for kind, seed in [("sparse-from-below", "sparse_from_below"), ("parameter-sharing", "parameter_sharing"),
                       ("indirect-interaction", "receptive_field"), ("sparse-from-above", "sparse_from_above")]:
        assert draw(capsys, tmp_path, kind, name=f"{kind}.svg") == seed_figure_bytes(seed, "svg")


def test_draw_a_deeper_stack(capsys, tmp_path):
    text = draw(capsys, tmp_path, "indirect-interaction", "--input", "7", "--depth", "3", name="d.mmd").decode()
    nodes, edges, filled = mermaid_parts(text)
    assert len(nodes) == 4 * 7
    assert len(edges) == 3 * (7 * 3 - 2)  # per layer: 3 taps per unit, minus the 2 that read padding
    # the middle top unit f4 and its cone: 3 units of g, 5 of h, all 7 inputs
    assert len(filled) == 1 + 3 + 5 + 7 and "f4" in filled


def test_draw_parameter_sharing_as_dot(capsys, tmp_path):
    text = draw(capsys, tmp_path, "parameter-sharing", "--input", "7", "--padding", "0", name="p.dot").decode()
    bold = re.findall(r"^\s*(\w+) -> (\w+) \[color=\"#D55E00\", penwidth=2\.5\];", text, re.M)  # the highlight
    # valid conv of 7 inputs: 5 outputs all using the centre tap x(j+1) -> s(j), plus its one dense edge
    assert sorted(bold) == [("x12", "s11"), ("x13", "s12"), ("x14", "s13"), ("x15", "s14"), ("x16", "s15"),
                            ("x24", "s23")]
    other = draw(capsys, tmp_path, "parameter-sharing", "--input", "7", "--padding", "0", "--tap", "0",
                 "--no-full", name="p0.dot").decode()
    assert "cluster_2" not in other
    assert len(re.findall(r"penwidth=2\.5", other)) == 5


def test_draw_a_2d_grid(capsys, tmp_path):
    from PIL import Image

    data = draw(capsys, tmp_path, "sparse-from-above", "--input", "4,4", "--padding", "0", "--node", "s2,2",
                name="g.png")
    assert Image.open(io.BytesIO(data)).format == "PNG"
    text = draw(capsys, tmp_path, "sparse-from-above", "--input", "4,4", "--padding", "0", "--node", "s2,2",
                name="g.mmd").decode()
    nodes, edges, filled = mermaid_parts(text)
    assert len(nodes) == 16 + 4 and len(edges) == 4 * 9
    assert len(filled) == 1 + 9  # s2,2 reads the 3x3 window x2..4,2..4


def test_draw_padding_as_tikz(capsys, tmp_path):
    text = draw(capsys, tmp_path, "sparse-from-below", "--layers", "3:2:1,3:1:1", "--input", "9",
                "--show-padding", name="t.tex").decode()
    assert text.startswith(r"\documentclass") and r"\begin{tikzpicture}" in text
    # one zero of padding on each side of the input (9) and of the strided layer (5)
    assert len(re.findall(r"\\node\[unit, padding\]", text)) == 4


def test_draw_a_transposed_layer(capsys, tmp_path):
    # the guide's upsampling: 2 inputs, kernel 3, stride 2, no padding -> 5; x1 (the middle input) feeds s1..s3
    text = draw(capsys, tmp_path, "sparse-from-below", "--input", "2", "--kernel", "3", "--stride", "2",
                "--padding", "0", "--transposed", "--no-full", name="up.mmd").decode()
    nodes, edges, filled = mermaid_parts(text)
    assert nodes == ["x1", "x2", "s1", "s2", "s3", "s4", "s5"]
    assert edges == [("x1", "s1"), ("x1", "s2"), ("x1", "s3"), ("x2", "s3"), ("x2", "s4"), ("x2", "s5")]
    assert sorted(filled) == ["s1", "s2", "s3", "x1"]
    # 3 inputs, padding 1, output padding 1 -> 6, drawn with the zeros of the guide's construction: slots -1..6 of
    # the stretched input, of which 0, 2, 4 are the inputs
    tikz = draw(capsys, tmp_path, "indirect-interaction", "--input", "3", "--stride", "2", "--depth", "1",
                "--transposed", "--output-padding", "1", "--show-padding", name="up.tex").decode()
    zeros = re.findall(r"^\\node\[unit(?:, \w+)?\] \(\w+\) at .* \{\$0\$\};$", tikz, re.MULTILINE)
    assert len(zeros) == 5 and len(re.findall(r"^\\node\[unit", tikz, re.MULTILINE)) == 3 + 6 + 5
    # s3 reads x2 and the zeros inserted on either side of it, which are highlighted with it
    assert len(re.findall(r"^\\node\[unit, highlighted\] \(\w+\) at .* \{\$0\$\};$", tikz, re.MULTILINE)) == 2


def graph_edges(G) -> list:
    """The edges of a connectivity graph, by the labels of their ends (as Mermaid names the nodes)."""
    return sorted((G.nodes[u]["label"], G.nodes[v]["label"]) for u, v in G.edges)


TRANSPOSED = {"transposed": True}


@pytest.mark.parametrize(
    "layers, equivalent",
    [
        (
            "3:2:1,t3:2:1:1:1",
            [(3, 2, 1), {"kernel_size": 3, "stride": 2, "padding": 1, "output_padding": 1, **TRANSPOSED}],
        ),
        ("t3:2:1,3:2:1", [{"kernel_size": 3, "stride": 2, "padding": 1, **TRANSPOSED}, (3, 2, 1)]),
        (
            "t2:2:0,T3:1:2:2",
            [
                {"kernel_size": 2, "stride": 2, **TRANSPOSED},
                {"kernel_size": 3, "padding": 2, "dilation": 2, **TRANSPOSED},
            ],
        ),
        (
            " 5:1:same , t3:2:0:1:1,2:2:0:1",
            [(5, 1, "same"), {"kernel_size": 3, "stride": 2, "output_padding": 1, **TRANSPOSED}, (2, 2, 0, 1)],
        ),
    ],
)
def test_draw_a_stack_with_transposed_layers(capsys, tmp_path, layers, equivalent):
    from symconv.graphs import connectivity_graph

    text = draw(capsys, tmp_path, "indirect-interaction", "--input", "8", "--layers", layers, name="s.mmd").decode()
    nodes, edges, _ = mermaid_parts(text)
    expected = connectivity_graph(8, equivalent)  # the library's own route from the layer dicts
    assert sorted(edges) == graph_edges(expected)
    assert sorted(nodes) == sorted(label for _, label in expected.nodes(data="label"))


def test_draw_an_encoder_decoder_by_hand(capsys, tmp_path):
    # kernel 3, stride 2, padding 1: 8 inputs -> floor((8 + 2 - 3) / 2) + 1 = 4, output o reading inputs 2o - 1 + t;
    # transposed with output padding 1: 4 -> (4 - 1) * 2 - 2 + 3 + 1 = 8, input j feeding outputs 2j - 1 + t
    argv = shlex.split("sparse-from-below --input 8 --layers 3:2:1,t3:2:1:1:1 --no-full")
    nodes, edges, _ = mermaid_parts(draw(capsys, tmp_path, *argv, name="ed.mmd").decode())
    units = [f"x{n}" for n in range(1, 9)] + [f"h{n}" for n in range(1, 5)] + [f"g{n}" for n in range(1, 9)]
    assert sorted(nodes) == sorted(units)
    down = {(f"x{o * 2 - 1 + t + 1}", f"h{o + 1}") for o in range(4) for t in range(3) if 0 <= o * 2 - 1 + t < 8}
    up = {(f"h{j + 1}", f"g{j * 2 - 1 + t + 1}") for j in range(4) for t in range(3) if 0 <= j * 2 - 1 + t < 8}
    assert sorted(edges) == sorted(down | up)


@pytest.mark.parametrize("command", ["draw", "rf"])
def test_help_says_how_to_write_a_transposed_layer(capsys, command):
    _, out, _ = run(capsys, command, "--help")
    assert "t3:2:1" in out
    if command == "draw":
        assert "[t]kernel:stride:padding[:dilation[:output_padding]]" in out
    else:  # rf reads transposed layers too (through symconv.models), and names and pooling layers
        assert "[name=][t|p]kernel:stride:padding[:dilation[:output_padding]]" in out


def test_draw_animations(capsys, tmp_path):
    from PIL import Image

    gif = draw(capsys, tmp_path, "animation", "--config", "padding_strides", name="a.gif")
    assert Image.open(io.BytesIO(gif)).n_frames == 9  # 5x5, kernel 3, stride 2, padding 1: a 3x3 output
    gif = draw(capsys, tmp_path, "animation", "--input", "3", "--kernel", "3", "--stride", "2", "--padding", "1",
               "--transposed", name="t.gif")
    assert Image.open(io.BytesIO(gif)).n_frames == 25  # back to 5x5
    gif = draw(capsys, tmp_path, "animation", name="d.gif")
    assert Image.open(io.BytesIO(gif)).n_frames == 4  # the guide's first: 4x4 with 3x3 gives 2x2


def test_draw_matrix_and_receptive_field(capsys, tmp_path):
    from symconv._output.savefig import figure_bytes
    from symconv.networks import vgg16
    from symconv.plots import conv_matrix_figure, receptive_field_figure

    svg = draw(capsys, tmp_path, "matrix", "--input", "5,5", "--kernel", "3", "--stride", "2", "--padding", "1",
               "--channels", "1,2", name="m.svg")
    expected = conv_matrix_figure((5, 5), 3, stride=2, padding=1, channels=(1, 2)).figure
    assert svg == figure_bytes(expected, "svg")
    pdf = draw(capsys, tmp_path, "receptive-field", "--network", "vgg16", "--input", "224", name="r.pdf")
    assert pdf == figure_bytes(receptive_field_figure(vgg16(), 224).figure, "pdf")
    png = draw(capsys, tmp_path, "receptive-field", "--layers", "3:1:1,2:2:0", name="r.png")
    assert png.startswith(b"\x89PNG")


def test_draw_is_byte_stable(capsys, tmp_path):
    for argv, name in [(("sparse-from-below",), "x.svg"), (("matrix",), "m.pdf"), (("animation",), "a.gif"),
                       (("indirect-interaction",), "i.png")]:
        assert draw(capsys, tmp_path, *argv, name=name) == draw(capsys, tmp_path, *argv, name="again-" + name)


def test_draw_refuses_a_missing_directory(capsys, tmp_path):
    target = tmp_path / "nowhere" / "x.svg"
    status, out, err = run(capsys, "draw", "sparse-from-below", "-o", str(target))
    assert (status, out) == (2, "")
    assert err == f"symconv: error: -o: cannot write {str(target)!r}: No such file or directory\n"
    assert not (tmp_path / "nowhere").exists()


DRAW_ERRORS = [
    ("sparse-from-below -o x.gif",
     r"-o: sparse-from-below is drawn as \.svg, \.png, \.pdf, \.mmd, \.dot or \.tex, not \.gif, got 'x\.gif'"),
    ("animation -o x.mmd", r"-o: animation is drawn as \.gif, \.png, \.svg, \.pdf or \.tex, not \.mmd, got 'x\.mmd'"),
    ("matrix -o x.mmd", r"-o: matrix is drawn as \.svg, \.png or \.pdf, not \.mmd, got 'x\.mmd'"),
    ("sparse-from-below -o x.jpg",
     r"-o: expected a file name ending in \.svg, \.png, \.pdf, \.mmd, \.dot, \.tex or \.gif, got 'x\.jpg'"),
    ("sparse-from-below -o noextension", r"-o: expected a file name ending in .* got 'noextension'"),
    ("sparse-from-below", r"the following arguments are required: -o/--output"),
    ("nothing -o x.svg", r"KIND: invalid choice: 'nothing' \(choose from 'sparse-from-below', .*'receptive-field'\)"),
    ("sparse-from-below --groups 2 -o x.svg",
     (r"--groups: sparse-from-below does not take this option \(it takes --depth, --dilation, --direction, "
      r"--full, --input, --kernel, --lang, --layers, --node, --output-padding, --padding, --padding-mode, "
      r"--show-padding, --stride, --transposed\)")),
    ("receptive-field --transposed -o x.svg", r"--transposed: receptive-field does not take this option .*"),
    ("sparse-from-below --layers 3:2:1 --transposed -o x.svg",
     (r"--layers: a transposed layer of --layers is marked with a t before its kernel \(t3:2:1\), its output padding "
      r"is a fifth field \(t3:2:1:1:1\); --transposed does not apply to --layers, got --layers with --transposed")),
    ("sparse-from-below --layers t3:2:1 --output-padding 1 -o x.svg",
     (r"--layers: a transposed layer of --layers is marked with a t before its kernel \(t3:2:1\), its output padding "
      r"is a fifth field \(t3:2:1:1:1\); --output-padding does not apply to --layers, got --layers with "
      r"--output-padding")),
    ("sparse-from-below --layers 3:2:1,3:2:1:1:1 -o x.svg",
     (r"--layers: a fifth field \(output padding\) belongs to a transposed layer, written with a t before the kernel "
      r"like t3:2:1:1:1, got '3:2:1,3:2:1:1:1'")),
    *[(f"indirect-interaction --layers {layers} -o x.svg",
       (r"--layers: expected \[t\]kernel:stride:padding\[:dilation\[:output_padding\]\] for each layer, separated by "
        r"commas, like 3:1:1,2:2:0 or 3:2:1,t3:2:1:1:1 \(t: a transposed convolution; padding may be same/valid/full\), "
        rf"got {re.escape(repr(shlex.split(layers)[0]))}"))
      for layers in ("t3:2", "t3:2:1:1:1:1", "tt3:2:1", "'t 3:2:1'", "3:2:1,t", "x3:2:1", "3t:2:1")],
    ("sparse-from-above --layers t3:2:same -o x.svg",
     r'--layers: layers\[0\]: padding: "same" is not defined for transposed convolution.*'),
    ("sparse-from-below --input 8 --layers 3:2:1,t3:2:1:1:2 -o x.svg",
     r"--layers: layers\[1\]: output_padding: expected an int smaller than stride \(2\) or dilation \(1\) on axis 0, got 2"),
    ("parameter-sharing --input 1 --layers t3:1:3 -o x.svg",
     r"--layers: layers\[0\]: padding: pads 3\+3 remove the whole transposed output on axis 0 .*"),
    ("receptive-field --layers 3:1:1,t3:2:1 -o x.svg",
     (r"--layers: draw receptive-field takes convolution and pooling layers only: the receptive-field formula is for "
      r"forward stacks, got the transposed layer 't3:2:1' \(layers\[1\]\)")),
    ("parameter-sharing --output-padding 1 -o x.svg", r"--output-padding: only --transposed takes output padding, got 1"),
    ("sparse-from-below --input 1 --padding 2 --transposed -o x.svg",
     r"--padding: pads 2\+2 remove the whole transposed output on axis 0 .*"),
    ("indirect-interaction --stride 2 --output-padding 2 --transposed -o x.svg",
     r"--output-padding: expected an int smaller than stride \(2\) or dilation \(1\) on axis 0, got 2"),
    ("sparse-from-above --padding same --transposed -o x.svg",
     r'--padding: "same" is not defined for transposed convolution.*'),
    ("indirect-interaction --full -o x.svg", r"--full: indirect-interaction does not take this option .*"),
    ("parameter-sharing --node x3 -o x.svg", r"--node: parameter-sharing does not take this option .*--tap.*"),
    ("sparse-from-below --tap 1 -o x.svg", r"--tap: sparse-from-below does not take this option .*"),
    ("animation --layers 3:1:1 -o x.gif", r"--layers: animation does not take this option .*"),
    ("receptive-field --kernel 3 -o x.svg",
     r"--kernel: receptive-field does not take this option \(it takes --input, --lang, --layers, --network\)"),
    ("sparse-from-below --layers 3:1:1 --kernel 3 -o x.svg",
     (r"--layers: give the layers either with --layers or with --kernel/--stride/--padding/--dilation/--padding-mode/"
      r"--transposed/--output-padding/--depth, got --layers with --kernel")),
    ("sparse-from-below --layers 3:1:1,9:1:0 -o x.svg",
     r"--layers: layers\[1\]: kernel_size: effective kernel 9 \(kernel 9, dilation 1\) is larger than the padded "
     r"input 5 .*"),
    ("sparse-from-below --layers 3:1 -o x.svg",
     r"--layers: expected \[t\]kernel:stride:padding\[:dilation\[:output_padding\]\] for each layer, .* got '3:1'"),
    ("sparse-from-below --kernel 9 -o x.svg", r"--kernel: effective kernel 9 \(kernel 9, dilation 1\) is larger .*"),
    ("sparse-from-below --kernel 0 -o x.svg", r"--kernel: expected a positive int, got 0"),
    ("sparse-from-below --stride 0 -o x.svg", r"--stride: expected a positive int, got 0"),
    ("sparse-from-below --input 0 -o x.svg", r"--input: expected a positive int, got 0"),
    ("sparse-from-below --input 2.5 -o x.svg", r"--input: expected an integer .* got '2\.5'"),
    ("sparse-from-below --depth 0 -o x.svg", r"--depth: expected a positive integer, got '0'"),
    ("sparse-from-below --depth two -o x.svg", r"--depth: expected a positive integer, got 'two'"),
    ("sparse-from-below --node x9 -o x.svg",
     r"--node: expected a label of the graph \(x1, x2, x3, x4, \.\.\., s4, s5\), got 'x9'"),
    ("sparse-from-below --node \"__import__('os')\" -o x.svg",
     r"--node: expected a unit label like x3, s2, g3 or x2,3, got \"__import__\('os'\)\""),
    ("parameter-sharing --tap 3 -o x.svg", r"--tap: expected a tap within the kernel \(3,\) \(0-based\), got 3"),
    ("sparse-from-above --input 4,4 --full -o x.svg",
     r"--full: the fully connected panel is drawn for 1-D inputs only, got --input 4,4"),
    ("sparse-from-below --direction up -o x.svg", r"--direction: invalid choice: 'up' .*"),
    ("sparse-from-below --input 100000 --depth 30 -o x.svg",
     (r"--input, --depth: the graph would have more than 2000000 edges \(reached 2100000 at layers\[6\].*; "
      r"use a smaller --input, --padding or --depth, or a larger --stride")),
    ("animation --config dilation --kernel 3 -o x.gif",
     r"--config: a named configuration sets the whole geometry, got --config dilation with --kernel"),
    ("animation --config nope -o x.gif", r"--config: invalid choice: 'nope' \(choose from 'no_padding_no_strides', .*"),
    ("animation --output-padding 1 -o x.gif", r"--output-padding: only --transposed takes output padding, got 1"),
    ("animation --input 5 --padding 30 -o x.gif",
     (r"--input, --padding: the 63x63 output needs 3969 frames \(one per output cell\), more than max_frames=400; "
      r"draw a smaller configuration")),
    ("animation --input 5 --kernel 3 --padding same --transposed -o x.gif",
     r'--padding: "same" is not defined for transposed convolution.*'),
    ("matrix --input 2100 --kernel 1 -o x.svg",
     r"--input: the matrix would be 2,100 x 2,100, more than the 4,000,000 cells drawn; make it smaller \(input 2100\)"),
    # a size that several options set names each: (4 + 2 * 500 - 2)^2 outputs of a 4x4 input
    ("matrix --padding 500 -o x.svg", r"--input, --padding: the matrix would be 1,004,004 x 16, more than the 4,000,000 "
                                      r"cells drawn; make them smaller \(input \(4, 4\)\)"),
    # (4 - 1) * 100 + 1 stretched input plus k - 1 = 2 of padding each side: 305^2 cells
    ("animation --transposed --stride 100 -o x.gif",
     r"--input, --kernel, --stride: a frame would draw 93,025 cells of input plane \(the input with its padding and "
     r"inserted zeros\), more than 40,000; draw a smaller configuration"),
    ("animation --input 4,4,4 -o x.gif", r"--input: expected 1 or 2 spatial axes to draw, got 3"),
    ("matrix --channels 2,3 --groups 2 -o x.svg", r"--groups: expected a divisor of the output channels \(3\), got 2"),
    ("matrix --channels 2 -o x.svg", r"--channels: expected IN,OUT: two integers like 1,8, got '2'"),
    ("matrix --groups 0 -o x.svg", r"--groups: expected a positive integer, got '0'"),
    ("receptive-field -o x.svg",
     r"--layers: draw receptive-field needs --layers k:s:p\[:d\],\.\.\. or --network NAME, got neither"),
    ("receptive-field --network vgg16 --layers 3:1:1 -o x.svg",
     r"--network: give either --layers or --network, got both \(--network vgg16\)"),
    ("receptive-field --network resnet -o x.svg", r"--network: invalid choice: 'resnet' .*"),
    ("receptive-field --layers 3:1:1,0:1:0 -o x.svg",
     r"--layers: layers\[1\]: kernel_size: expected a positive int, got 0"),
    ("sparse-from-below --lang fr -o x.svg", r"--lang: invalid choice: 'fr' \(choose from '?en'?, '?zh'?\)"),
    ("matrix --lang EN -o x.svg", r"--lang: invalid choice: 'EN' \(choose from '?en'?, '?zh'?\)"),
    ("animation --lang de -o x.gif", r"--lang: invalid choice: 'de' \(choose from '?en'?, '?zh'?\)"),
]


@pytest.mark.parametrize("argv, message", DRAW_ERRORS)
def test_draw_errors_are_one_line_naming_the_argument(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    assert_usage_error(capsys, ["draw", *shlex.split(argv)], message)
    assert not any(tmp_path.iterdir())  # nothing written


# A size refusal names the options the user gave that set the size, and only advice that holds for the layers drawn.
# Each case: the command, what the refusal says, and the command changed as the advice says, which draws (so the
# options named are the cause).  The sizes by hand: a transposed layer's output is (i-1)s - 2p + d(k-1) + 1, a
# convolution's (i + 2p - d(k-1) - 1) // s + 1, and a graph has one edge per output and tap of each layer.
TOO_LARGE = [
    # the reviewer's case: 5 inputs, stride 10^9: 4*10^9 + 1 outputs, 3 taps each
    ("sparse-from-below --transposed --stride 1000000000 --input 5 -o a.mmd",
     (r"--input, --stride: the graph would have more than 2000000 edges \(reached 12000000003 at layers\[0\].*; "
      r"use a smaller --input, --kernel, --stride, --dilation, --output-padding or --depth"),
     "sparse-from-below --transposed --stride 1 --input 5 -o a.mmd"),
    # "full" pads d(k-1) each side, so there the output is (i-1)s - d(k-1) + 1: the kernel and dilation shrink it
    ("sparse-from-below --transposed --padding full --stride 1000000000 --input 5 -o a.mmd",
     (r"--input, --stride, --padding: the graph would have more than 2000000 edges .*; "
      r"use a smaller --input, --stride, --output-padding or --depth"),
     "sparse-from-below --transposed --padding full --stride 2 --input 5 -o a.mmd"),
    # a t layer of --layers: (5 + 2 - 2 - 1) + 1 = 5 outputs of the first layer, (5-1)10^9 + 1 of the second
    ("sparse-from-below --layers 3:1:1,t3:1000000000:1 --input 5 -o a.mmd",
     (r"--input, --layers: the graph would have more than 2000000 edges \(reached 12000000018 at layers\[1\].*; "
      r"use a smaller --input, or fewer layers or ones with fewer outputs or taps \(a t layer's output grows with "
      r"its stride\)"),
     "sparse-from-below --layers 3:1:1,t3:2:1 --input 5 -o a.mmd"),
    # the convolution keeps its 1500 inputs: the sparse graph has 4500 edges, the fully connected one 1500^2
    ("sparse-from-below --input 1500 -o a.mmd",
     (r"--input: the dense graph would have 2250000 edges, more than 2000000; use a smaller --input, --padding or "
      r"--depth, or a larger --stride, or --no-full to leave out the fully connected panel"),
     "sparse-from-below --input 1500 --no-full -o a.mmd"),
    # 3 inputs padded by 10^6 zeros each side under a kernel spanning 2*10^6 + 1: 3 outputs reading 9 edges,
    # but 3 + 3 + 2*10^6 nodes with the zeros drawn
    ("sparse-from-below --input 3 --kernel 3 --dilation 1000000 --padding 1000000 --show-padding --no-full -o a.mmd",
     (r"--input, --kernel, --padding, --dilation, --show-padding: the graph would have more than 2000000 nodes .*; "
      r"use a smaller --input, --padding or --depth, or a larger --stride, or leave out --show-padding"),
     "sparse-from-below --input 3 --kernel 3 --dilation 1000000 --padding 1000000 --no-full -o a.mmd"),
    # a 4x4 input (the default) under stride 20: (4-1)20 + 2 + 1 = 63, one frame per cell of the 63x63 output
    ("animation --transposed --stride 20 -o a.gif",
     (r"--stride: the 63x63 output needs 3969 frames \(one per output cell\), more than max_frames=400; "
      r"draw a smaller configuration"),
     "animation --transposed --stride 2 -o a.gif"),
]


@pytest.mark.parametrize("argv, message, fits", TOO_LARGE)
def test_a_drawing_too_large_names_the_options_that_make_it_so(capsys, tmp_path, monkeypatch, argv, message, fits):
    monkeypatch.chdir(tmp_path)
    err = assert_usage_error(capsys, ["draw", *shlex.split(argv)], message)
    assert "max_edges" not in err  # a keyword of the library, not an option
    assert not any(tmp_path.iterdir())
    status, out, err = run(capsys, "draw", *shlex.split(fits))
    assert (status, err) == (0, ""), err
    assert out.startswith("wrote a.")


# --- draw --lang ------------------------------------------------------------------

GRAPH_KINDS = ("sparse-from-below", "sparse-from-above", "indirect-interaction", "parameter-sharing")


def english_titles(kind) -> list:
    """The panel titles the kind's diagram builder defaults to, read from its signature."""
    from symconv import graphs

    builder = {
        "sparse-from-below": graphs.outputs_affected_diagram,
        "sparse-from-above": graphs.inputs_affecting_diagram,
        "indirect-interaction": graphs.receptive_field_diagram,
        "parameter-sharing": graphs.parameter_sharing_diagram,
    }[kind]
    parameters = inspect.signature(builder).parameters
    return list(parameters["titles"].default) if "titles" in parameters else [parameters["title"].default]


def test_the_graph_titles_in_the_catalogue_are_the_notes_words():
    from symconv._i18n import ZH
    from symconv.graphs import SEED_FIGURES

    for name, (_, _, english, notes) in SEED_FIGURES.items():
        assert [ZH[title] for title in english] == list(notes), name


@pytest.mark.parametrize("kind", GRAPH_KINDS)
def test_draw_lang_zh_titles_the_text_formats_from_the_catalogue(capsys, tmp_path, kind):
    from symconv._i18n import ZH

    chinese = [ZH[title] for title in english_titles(kind)]
    mermaid = draw(capsys, tmp_path, kind, "--lang", "zh", name="zh.mmd").decode("utf-8")
    assert re.findall(r"^\s*subgraph (\S+)$", mermaid, re.MULTILINE) == chinese
    dot = draw(capsys, tmp_path, kind, "--lang", "zh", name="zh.dot").decode("utf-8")
    assert re.findall(r'^\s*label="([^"]*)";$', dot, re.MULTILINE) == chinese
    # everything but the titles is the English figure's
    english = draw(capsys, tmp_path, kind, name="en.mmd").decode("utf-8")
    ids = dict(re.findall(r'subgraph (panel\d+) \["([^"]*)"\]', english))
    english = re.sub(r'subgraph panel\d+ \["([^"]*)"\]', lambda m: f"subgraph {ZH[m.group(1)]}", english)
    # the line that orders the panels (panel1 ~~~ panel2) names them by their ids: the titles in Chinese
    assert re.sub(r"\bpanel\d+\b", lambda m: ZH[ids[m.group()]], english) == mermaid
    english = draw(capsys, tmp_path, kind, name="en.dot").decode("utf-8")
    assert re.sub(r'label="([a-z ]+)";', lambda m: f'label="{ZH[m.group(1)]}";', english) == dot


def pdf_objects(pdf: bytes) -> bytes:
    """A PDF's streams, inflated where they are compressed (fonts sit in compressed object streams)."""
    streams = re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL)
    out = []
    for stream in streams:
        try:
            out.append(zlib.decompress(stream))
        except zlib.error:
            out.append(stream)
    return b"".join(out)


def test_draw_lang_zh_tikz_is_a_document_xelatex_compiles(capsys, tmp_path):
    from symconv._i18n import ZH

    tex = draw(capsys, tmp_path, "parameter-sharing", "--lang", "zh", name="zh.tex").decode("utf-8")
    assert tex.startswith("% !TEX program = xelatex\n\\documentclass[tikz]{standalone}\n\\usepackage{xeCJK}\n")
    titles = re.findall(r"^\\node\[font=\\bfseries\] at \([^)]*\) \{(.*)\};$", tex, re.MULTILINE)
    assert titles == [ZH["parameter sharing"], ZH["full connectivity"]]
    pdf = compile_latex(tex, "xelatex")
    assert b"FandolSong-Bold" in pdf_objects(pdf)  # the bold titles, set in the Chinese font
    english = draw(capsys, tmp_path, "parameter-sharing", name="en.tex").decode("utf-8")
    assert english.startswith("\\documentclass[tikz]{standalone}\n\\begin{document}\n")  # still for pdflatex


@pytest.mark.parametrize("kind", GRAPH_KINDS)
def test_draw_lang_zh_titles_the_figures_from_the_catalogue(capsys, tmp_path, kind):
    from symconv._i18n import ZH

    chinese = [ZH[title] for title in english_titles(kind)]
    with without_font():  # what it says needs no font: this runs everywhere
        svg = draw(capsys, tmp_path, kind, "--lang", "zh", name="zh.svg").decode("utf-8")
    assert [text for text in svg_texts(svg) if text in chinese] == chinese
    assert not set(english_titles(kind)) & set(svg_texts(svg))


@pytest.mark.parametrize("kind", GRAPH_KINDS)
def test_draw_lang_zh_draws_every_chinese_glyph(capsys, tmp_path, kind):
    from PIL import Image

    from symconv._i18n import ZH

    need_chinese_font()
    chinese = [ZH[title] for title in english_titles(kind)]
    with no_missing_glyphs():
        svg = draw(capsys, tmp_path, kind, "--lang", "zh", name="zh.svg").decode("utf-8")
        png = draw(capsys, tmp_path, kind, "--lang", "zh", name="zh.png")
    assert_glyphs_drawn(svg, "".join(chinese))
    assert Image.open(io.BytesIO(png)).format == "PNG"
    assert png != draw(capsys, tmp_path, kind, name="en.png")
    assert png == draw(capsys, tmp_path, kind, "--lang", "zh", name="again.png")  # byte-stable


def test_a_chinese_title_in_the_default_font_is_caught():
    """The check above can fail: drawn without a Chinese font, the title's glyphs are missing, with a warning."""
    from symconv._i18n import ZH
    from symconv._output.savefig import figure_bytes
    from symconv.graphs import draw as draw_graph
    from symconv.graphs import receptive_field_diagram

    figure = draw_graph(receptive_field_diagram(title=ZH["indirect interaction"])).figure
    with pytest.raises(AssertionError, match="missing from font"), no_missing_glyphs():
        figure_bytes(figure, "png")


# a matrix and a receptive-field figure drawn in Chinese, and what they say (read from their English twins' words)
ZH_MATRIX = ("matrix", "--input", "5", "--kernel", "3", "--padding", "1", "--lang", "zh")
ZH_RECEPTIVE = ("receptive-field", "--layers", "3:1:1,3:1:1", "--input", "5", "--lang", "zh")


def zh_matrix_texts() -> list:
    # the English figure says "C: 5 x 5, 13 stored entries" / "input 5, kernel 3, padding 1" (a 5-tap band, 2 cut)
    title = [
        by_catalogue("C: 5 x 5, 13 stored entries"),
        "，".join(map(by_catalogue, ["input 5", "kernel 3", "padding 1"])),
    ]
    labels = [by_catalogue("column: input position"), by_catalogue("row: output position")]
    legend = [by_catalogue(f"tap ({t})") for t in range(3)]
    return title + labels + legend


def zh_receptive_texts() -> list:
    # receptive field of s3 and g3: the input unit, then 3 and 5 inputs
    return [
        by_catalogue("receptive field of the middle unit of each layer"),
        by_catalogue("input position"),
        by_catalogue("input"),
        by_catalogue("layer 1"),
        by_catalogue("layer 2"),
        by_catalogue("3 (stride 1)"),
        by_catalogue("5 (stride 1)"),
    ]


def test_draw_lang_zh_matrix_and_receptive_field(capsys, tmp_path):
    with without_font():  # what they say needs no font: this runs everywhere
        svg = draw(capsys, tmp_path, *ZH_MATRIX, name="m.svg").decode("utf-8")
        pdf = draw(capsys, tmp_path, *ZH_RECEPTIVE, name="r.pdf")
        rf = draw(capsys, tmp_path, *ZH_RECEPTIVE, name="r.svg").decode("utf-8")
    assert set(zh_matrix_texts()) <= set(svg_texts(svg))
    assert set(zh_receptive_texts()) <= set(svg_texts(rf))
    assert pdf.startswith(b"%PDF")


def test_draw_lang_zh_matrix_and_receptive_field_draw_every_glyph(capsys, tmp_path):
    need_chinese_font()
    with no_missing_glyphs():
        svg = draw(capsys, tmp_path, *ZH_MATRIX, name="m.svg").decode("utf-8")
        draw(capsys, tmp_path, *ZH_RECEPTIVE, name="r.pdf")
        rf = draw(capsys, tmp_path, *ZH_RECEPTIVE, name="r.svg").decode("utf-8")
    assert_glyphs_drawn(svg, "".join(zh_matrix_texts()))
    assert_glyphs_drawn(rf, "".join(zh_receptive_texts()))


@pytest.mark.parametrize(
    "argv, name",
    [
        ("sparse-from-below", "x.svg"),
        ("sparse-from-above --input 4,4 --padding 0", "x.png"),
        ("indirect-interaction", "x.tex"),
        ("parameter-sharing", "x.dot"),
        ("sparse-from-below", "x.mmd"),
        ("matrix --input 3,3 --kernel 2", "m.pdf"),
        ("receptive-field --network lenet5", "r.svg"),
        ("animation", "a.gif"),
    ],
)
def test_draw_lang_en_is_the_default(capsys, tmp_path, argv, name):
    argv = shlex.split(argv)
    assert draw(capsys, tmp_path, *argv, "--lang", "en", name="en-" + name) == draw(capsys, tmp_path, *argv, name=name)


@pytest.mark.parametrize(
    "argv, instead",
    [
        ("sparse-from-below --lang zh -o x.png", r"write \.mmd, \.dot or \.tex, which need no font"),
        ("indirect-interaction --lang zh -o x.pdf", r"write \.mmd, \.dot or \.tex, which need no font"),
        ("matrix --lang zh -o x.svg", "draw it with --lang en"),
        ("receptive-field --network vgg16 --lang zh -o x.png", "draw it with --lang en"),
        ("animation --lang zh -o x.gif", "draw it with --lang en"),
        ("animation --config padding_strides_transposed --lang zh -o x.gif", "draw it with --lang en"),
    ],
)
def test_draw_lang_zh_without_a_chinese_font_is_refused(capsys, tmp_path, monkeypatch, argv, instead):
    from symconv._output import fonts as _fonts

    monkeypatch.setattr(_fonts, "_candidates", lambda: iter(()))  # a machine where matplotlib knows no CJK font
    monkeypatch.chdir(tmp_path)
    assert_usage_error(
        capsys,
        ["draw", *shlex.split(argv)],
        r"--lang: drawing Chinese needs a font with glyphs for '[^']+' and matplotlib finds none; install TeX Live's "
        r"Fandol fonts \(texlive-lang-chinese\) or a CJK font such as fonts-noto-cjk; or " + instead,
    )
    assert not any(tmp_path.iterdir())
    # the text formats need no font
    assert b"subgraph" in draw(capsys, tmp_path, "sparse-from-below", "--lang", "zh", name="x.mmd")


ZH_ANIMATION = ("animation", "--config", "padding_strides", "--lang", "zh")
ZH_UPSAMPLING = ("animation", "--input", "3", "--stride", "2", "--padding", "1", "--transposed", "--lang", "zh")


def test_draw_lang_zh_animation(capsys, tmp_path):
    from PIL import Image

    from symconv.plots.animate import arithmetic_animation, conv_animation

    with without_font():  # what reaches the library needs no font: this runs everywhere
        gif = draw(capsys, tmp_path, *ZH_ANIMATION, name="zh.gif")
        upsampling = draw(capsys, tmp_path, *ZH_UPSAMPLING, name="t.gif")
        assert gif == arithmetic_animation("padding_strides", lang="zh")
        # the defaults (kernel 3) and the geometry options reach the library as for English
        assert upsampling == conv_animation(3, 3, stride=2, padding=1, transposed=True, lang="zh")
    assert gif != draw(capsys, tmp_path, "animation", "--config", "padding_strides", name="en.gif")
    assert Image.open(io.BytesIO(gif)).n_frames == 9  # 5x5, kernel 3, stride 2, padding 1: a 3x3 output
    assert Image.open(io.BytesIO(upsampling)).n_frames == 25


def test_draw_lang_zh_animation_draws_every_glyph_byte_stably(capsys, tmp_path):
    from symconv.plots.animate import arithmetic_animation

    need_chinese_font()
    with no_missing_glyphs():
        gif = draw(capsys, tmp_path, *ZH_ANIMATION, name="zh.gif")
        again = draw(capsys, tmp_path, *ZH_ANIMATION, name="again.gif")
        draw(capsys, tmp_path, *ZH_UPSAMPLING, name="t.gif")
    assert gif == again  # byte-stable
    assert gif == arithmetic_animation("padding_strides", lang="zh")


def test_draw_help_says_what_lang_does(capsys):
    _, out, _ = run(capsys, "draw", "--help")
    assert re.search(r"--lang \{en,zh\}\s+titles and labels in English or Chinese", out)
    assert re.search(r"^  symconv draw .*--lang zh", out, re.MULTILINE)


# --- errors reach the option through SymconvError.parameter, not its words ---------------


def refusing(error):
    def refuse(*args, **kwargs):
        raise error

    return refuse


def test_a_graph_error_is_reported_under_its_parameter_whatever_the_words(capsys, tmp_path, monkeypatch):
    from symconv import SymconvError, graphs

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(graphs, "outputs_affected_diagram", refusing(SymconvError("nothing parseable", parameter="node")))
    assert_usage_error(capsys, ["draw", "sparse-from-below", "-o", "x.mmd"], r"--node: nothing parseable")
    error = SymconvError("layers[1]: said otherwise", parameter="stride", layer=1)
    monkeypatch.setattr(graphs, "outputs_affected_diagram", refusing(error))
    # from --layers: under it whole; from --stride/--depth: the layer's parameter is the option
    assert_usage_error(
        capsys, ["draw", "sparse-from-below", "--layers", "3:1:1,3:2:1", "-o", "x.mmd"], r"--layers: layers\[1\]: said otherwise"
    )
    assert_usage_error(capsys, ["draw", "sparse-from-below", "--depth", "2", "-o", "x.mmd"], r"--stride: said otherwise")
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    "argv, error, message",
    [
        # no layer: the fully connected panel, built after the sparse graph, is what is too large
        ("--input 7 --full", {}, r"--input, --full: reworded finding; use a smaller --input, --padding or --depth, or a "
                                 r"larger --stride, or --no-full to leave out the fully connected panel"),
        # a layer whose edges fit (7 inputs, 21 edges): the zeros --show-padding draws are the nodes too many
        ("--input 7 --show-padding --no-full", {"layer": 0},
         r"--input, --show-padding: reworded finding; use a smaller --input, --padding or --depth, or a larger --stride, "
         r"or leave out --show-padding"),
        # the library's own advice after its last "; " is dropped, its keyword standing alone is "the limit"
        ("--input 7 --kernel 5 --padding 2", {"layer": 0, "advice": "; raise max_edges, the keyword"},
         r"--input, --kernel, --padding: reworded finding, by the limit alone; use a smaller --input, --padding or "
         r"--depth, or a larger --stride"),
    ],
)
def test_a_graph_too_large_is_told_apart_by_the_error_not_its_words(capsys, tmp_path, monkeypatch, argv, error, message):
    from symconv import SymconvError, graphs

    monkeypatch.chdir(tmp_path)
    finding = "reworded finding, by max_edges alone" if "advice" in error else "reworded finding"
    refusal = SymconvError(f"max_edges: {finding}{error.get('advice', '')}", parameter="max_edges", layer=error.get("layer"))
    monkeypatch.setattr(graphs, "outputs_affected_diagram", refusing(refusal))
    err = assert_usage_error(capsys, ["draw", "sparse-from-below", *argv.split(), "-o", "x.mmd"], message)
    assert "max_edges" not in err


def test_show_padding_is_not_blamed_when_the_edges_are_too_many(capsys, tmp_path, monkeypatch):
    # 100,000 inputs, kernel 3, padding 1 keep 100,000 units a layer, 300,000 edges each: 2,100,000 > 2,000,000 at
    # the seventh layer, while the nodes (100,000 a layer and 2 zeros) are 700,014 there
    monkeypatch.chdir(tmp_path)
    assert_usage_error(
        capsys,
        ["draw", "sparse-from-below", "--input", "100000", "--depth", "30", "--show-padding", "-o", "x.mmd"],
        r"--input, --depth: the graph would have more than 2000000 edges \(reached 2100000 at layers\[6\]\); use a "
        r"smaller --input, --padding or --depth, or a larger --stride",
    )


def test_an_animation_too_large_is_told_by_its_parameter(capsys, tmp_path, monkeypatch):
    from symconv import SymconvError
    from symconv.plots import animate

    monkeypatch.chdir(tmp_path)
    refusal = SymconvError("max_frames: so many frames; raise max_frames", parameter="max_frames")
    monkeypatch.setattr(animate, "conv_animation", refusing(refusal))
    assert_usage_error(
        capsys, ["draw", "animation", "--stride", "5", "-o", "a.gif"], r"--stride: so many frames; draw a smaller configuration"
    )
    monkeypatch.setattr(animate, "conv_animation", refusing(SymconvError("reworded", parameter="dilation")))
    assert_usage_error(capsys, ["draw", "animation", "-o", "a.gif"], r"--dilation: reworded")
    monkeypatch.setattr(animate, "conv_animation", refusing(SymconvError("no font, reworded", parameter="lang")))
    assert_usage_error(capsys, ["draw", "animation", "-o", "a.gif"], r"--lang: no font, reworded; or draw it with --lang en")


# --- sizes no picture can hold ------------------------------------------------------------


def test_a_depth_past_the_limit_is_refused_before_any_layer_is_made(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # every layer has an edge at least, so more layers than the 2,000,000 edges a graph may have cannot fit
    assert_usage_error(
        capsys,
        ["draw", "indirect-interaction", "--depth", "100000000", "-o", "x.mmd"],
        r"--depth: the graph would have more than 2000000 edges \(every layer has one at least\), got --depth "
        r"100000000; use a smaller --depth",
    )
    assert_usage_error(capsys, ["draw", "indirect-interaction", "--depth", "2000001", "-o", "x.mmd"], r"--depth: .*")


@pytest.mark.parametrize(
    "argv, message",
    [
        # a 400-digit input: no float holds it (it raised OverflowError)
        (["--layers", "3:1:1", "--input", "9" * 400],
         r"--input: the figure places input positions up to 2\^53 \(a float's exact integers\), got ~1\.00e\+400"),
        (["--layers", "3:1:1", "--input", str(2**53 + 1)], r"--input: the figure places input positions up to 2\^53 .*"),
        # r = 1 + (k - 1) grows past 2^53 with a kernel of 2^53 + 2
        (["--layers", f"{2**53 + 2}:1:0"],
         rf"--layers: the figure places input positions up to 2\^53 \(a float's exact integers\), got a receptive "
         rf"field of {2**53 + 2} \(`symconv rf` prints the table of any stack\)"),
        (["--layers", ",".join(["2:2:0"] * 201)],
         r"--layers: the figure draws one row per layer, at most 200, got 201 layers \(`symconv rf` prints the table of "
         r"any stack\)"),
    ],
)
def test_draw_receptive_field_refuses_what_no_picture_holds(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    assert_usage_error(capsys, ["draw", "receptive-field", *argv, "-o", "r.svg"], message)
    assert not any(tmp_path.iterdir())


def test_draw_receptive_field_at_the_bound(capsys, tmp_path):
    # 2^53 is still a float's integer: drawn
    assert draw(capsys, tmp_path, "receptive-field", "--layers", "3:1:1", "--input", str(2**53), name="r.svg")


def test_a_full_panel_of_a_huge_grid_is_refused_in_a_short_line(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    err = assert_usage_error(
        capsys,
        ["draw", "sparse-from-above", "--input", f"{10**100},{10**100}", "--full", "-o", "x.svg"],
        r"--full: the fully connected panel is drawn for 1-D inputs only, got --input ~1\.00e\+100,~1\.00e\+100",
    )
    assert len(err) < 200


def test_the_graphs_say_which_layer_their_size_refusal_arose_at():
    # what the command line reads to tell the fully connected panel from the sparse graph (no words parsed)
    from symconv import SymconvError
    from symconv.graphs import connectivity_graph, dense_graph

    with pytest.raises(SymconvError) as edges:
        connectivity_graph(100_000, [(3, 1, 1)] * 30)  # 300,000 edges a layer: past 2,000,000 at the seventh
    assert (edges.value.parameter, edges.value.layer) == ("max_edges", 6)
    with pytest.raises(SymconvError) as nodes:  # 3 inputs padded by 10^6 zeros each side
        connectivity_graph(3, [(3, 1, 10**6, 10**6)], include_padding=True)
    assert (nodes.value.parameter, nodes.value.layer) == ("max_edges", 0)
    with pytest.raises(SymconvError) as dense:
        dense_graph(1500, 1500)  # 2,250,000 edges
    assert (dense.value.parameter, dense.value.layer) == ("max_edges", None)


def test_show_padding_is_not_blamed_when_the_units_alone_are_too_many(capsys, tmp_path, monkeypatch):
    # 1 input under 2,000,000 layers of kernel 1, no padding: one unit and one edge a layer, no zeros at all, yet
    # 2,000,001 nodes; the count is not walked layer by layer (a repeated layer of constant size counts at once)
    import time

    monkeypatch.chdir(tmp_path)
    started = time.monotonic()
    err = assert_usage_error(
        capsys,
        ["draw", "sparse-from-below", "--input", "1", "--kernel", "1", "--padding", "0", "--depth", "2000000",
         "--show-padding", "--no-full", "-o", "x.mmd"],
        r"--input, --kernel, --padding, --depth: .*; use a smaller --input, --padding or --depth, or a larger --stride",
    )
    assert "show-padding" not in err
    assert time.monotonic() - started < 5

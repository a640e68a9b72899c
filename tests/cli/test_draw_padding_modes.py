"""symconv draw --padding-mode (issue 13): graphs draw the copied reads, animations the copied values."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from ._helpers import assert_usage_error, draw, help_examples, run


def test_a_circular_graph_wraps_the_first_input_round_to_the_last_output(capsys, tmp_path):
    text = draw(capsys, tmp_path, "sparse-from-below", "--input", "6", "--node", "x1", "--no-full",
                "--padding-mode", "circular", name="wrap.mmd").decode()
    # x1 feeds s6 through the padding cell after x6, x6 feeds s1 through the one before x1: dotted
    assert re.findall(r"^\s*(\w+) -\.-> (\w+)$", text, re.M) == [("x1", "s6"), ("x6", "s1")]
    assert len(re.findall(r"^\s*(\w+) --> (\w+)$", text, re.M)) == 16
    # what x1 affects is highlighted: itself, s1 and s2 next to it and s6 round the circle
    assert sorted(re.findall(r"^\s*style (\w+) fill:", text, re.M)) == ["s1", "s2", "s6", "x1"]
    zeros = draw(capsys, tmp_path, "sparse-from-below", "--input", "6", "--node", "x1", "--no-full",
                 name="zeros.mmd").decode()
    assert "-.->" not in zeros


def test_a_reflect_graph_in_dot_and_with_the_padding_drawn(capsys, tmp_path):
    text = draw(capsys, tmp_path, "sparse-from-above", "--input", "5", "--node", "s1", "--no-full",
                "--padding-mode", "reflect", "--show-padding", name="reflect.dot").decode()
    # s1 reads the padding cell before x1, which holds x2: it is drawn dashed and labelled x2
    assert re.search(r'xpm1 \[label="x2"', text) and re.search(r'xp5 \[label="x4", style=dashed\]', text), text


def test_an_animation_names_its_mode_and_has_a_frame_per_output(capsys, tmp_path):
    data = draw(capsys, tmp_path, "animation", "--input", "4", "--padding", "1", "--padding-mode", "replicate",
                name="replicate.gif")
    assert Image.open(io.BytesIO(data)).n_frames == 16


@pytest.mark.parametrize("argv, message", [
    (["sparse-from-below", "--padding-mode", "mirror"], r"--padding-mode: invalid choice: 'mirror' \(choose from .*\)"),
    (["sparse-from-below", "--transposed", "--padding-mode", "circular"],
     r"--padding-mode: transposed convolution pads only with zeros .*"),
    (["sparse-from-below", "--layers", "3:1:1", "--padding-mode", "circular"], r"--layers: give the layers either .*"),
    (["matrix", "--padding-mode", "circular"], r"--padding-mode: matrix does not take this option .*"),
    (["animation", "--config", "dilation", "--padding-mode", "reflect"], r"--config: a named configuration .*"),
    (["sparse-from-below", "--input", "3", "--padding", "3", "--padding-mode", "reflect"],
     r"--padding: reflect padding needs each pad smaller than the input .*"),
    (["animation", "--input", "4", "--padding", "1", "--padding-mode", "circular", "--show-matrix"],
     r"--show-matrix: the matrix view draws each entry as the one tap it holds.*"),
])
def test_errors_are_one_line_under_the_option(capsys, tmp_path, argv, message):
    suffix = ".gif" if argv[0] == "animation" else ".svg"
    assert_usage_error(capsys, ["draw", *argv, "-o", str(tmp_path / f"out{suffix}")], message)
    assert not list(tmp_path.iterdir())


def test_the_help_examples_with_a_padding_mode_run(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    examples = [argv for argv in help_examples(capsys, "draw") if "--padding-mode" in argv]
    assert len(examples) == 2
    for argv in examples:
        status, out, err = run(capsys, *argv)
        assert (status, err) == (0, ""), err

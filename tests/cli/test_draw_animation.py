"""``symconv draw animation``: numbers, single frames and strips of key frames in PNG, SVG, PDF and TikZ.

What a file holds is read back by another route: PNG size and resolution by Pillow, SVG texts from the
comments matplotlib writes beside each text, PDF text by pdftotext, TikZ compiled by pdflatex; numbers against
symconv.numeric.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import numpy as np
import pytest
from _tools import compile_latex, need
from PIL import Image

from symconv import numeric
from symconv.plots.animate import OUTPUT_COLOR, arithmetic_animation, conv_animation

from ._helpers import assert_usage_error, draw

# the guide's numerical figures: a 5x5 input and a 3x3 kernel (Dumoulin & Visin, figure 1.1)
GUIDE_INPUT = [3, 3, 2, 1, 0, 0, 0, 1, 3, 1, 3, 1, 2, 2, 3, 2, 0, 0, 2, 2, 2, 0, 0, 0, 1]
GUIDE_KERNEL = [0, 1, 2, 2, 2, 0, 0, 1, 2]


def _csv(values):
    return ",".join(map(str, values))


def _frames(data):
    image = Image.open(io.BytesIO(data))
    frames = []
    for index in range(image.n_frames):
        image.seek(index)
        frames.append(np.asarray(image.convert("RGB")).astype(int))
    return frames


def _pdf_words(pdf: bytes, tmp_path) -> list:
    need(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()


def _svg_texts(svg: bytes) -> list:
    return re.findall(r"<!-- (.*?) -->", svg.decode("utf-8"))


def test_the_d2l_example_as_a_numeric_gif(capsys, tmp_path):
    gif = draw(capsys, tmp_path, "animation", "--input", "3", "--kernel", "2", "--numeric", name="d2l.gif")
    assert gif == conv_animation(3, 2, numeric=True)
    assert len(_frames(gif)) == 4


def test_the_guides_numerical_figures(capsys, tmp_path):
    x = np.array(GUIDE_INPUT).reshape(5, 5)
    w = np.array(GUIDE_KERNEL).reshape(3, 3)
    gif = draw(capsys, tmp_path, "animation", "--input", "5", "--kernel", "3", "--values", _csv(GUIDE_INPUT),
               "--weights", _csv(GUIDE_KERNEL), name="conv.gif")
    animation = conv_animation(5, 3, values=x, weights=w)
    assert gif == animation
    expected = numeric.conv(x[None, None], w[None, None])[0, 0].ravel()
    assert [int(caption.rsplit("= ", 1)[1]) for caption in animation.captions] == expected.tolist()
    svg = draw(capsys, tmp_path, "animation", "--input", "5", "--kernel", "3", "--values", _csv(GUIDE_INPUT),
               "--pool", "max", "--step", "7", name="max.svg")
    maxima = numeric.max_pool(x[None, None], 3, stride=1)[0, 0].ravel()
    texts = _svg_texts(svg)
    assert f"0, 0, 0) = {maxima[7]}" in texts and "max pooling  i=5 k=3 s=1 p=0  \u2192  o=3" in texts
    svg = draw(capsys, tmp_path, "animation", "--input", "5", "--kernel", "3", "--values", _csv(GUIDE_INPUT),
               "--pool", "mean", "--step", "0", name="mean.svg")
    mean = numeric.avg_pool(x[None, None].astype(float), 3, stride=1)[0, 0, 0, 0]
    assert any(text.endswith(f")/9 = {mean:.3g}") for text in _svg_texts(svg))


def test_one_frame_as_png_at_the_resolution_asked(capsys, tmp_path):
    gif_frame = _frames(arithmetic_animation("dilation"))[4]
    height, width = gif_frame.shape[:2]  # 72 dpi
    for dpi, argv in ((150, ()), (300, ("--dpi", "300"))):
        png = draw(capsys, tmp_path, "animation", "--config", "dilation", "--step", "4", *argv, name=f"f{dpi}.png")
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG"
        assert image.info["dpi"] == pytest.approx((dpi, dpi), abs=0.05)
        assert np.allclose(image.size, (width * dpi / 72, height * dpi / 72), atol=1)


def test_a_static_frame_leaves_out_the_cells_already_computed(capsys, tmp_path):
    cyan = np.array([int(OUTPUT_COLOR[j : j + 2], 16) for j in (1, 3, 5)])

    def done_pixels(png):
        rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
        return int((np.abs(rgb - cyan).sum(axis=2) < 12).sum())

    slide = draw(capsys, tmp_path, "animation", "--config", "padding_strides", "--step", "8", "--static", name="s.png")
    frame = draw(capsys, tmp_path, "animation", "--config", "padding_strides", "--step", "8", name="f.png")
    assert done_pixels(slide) == 0 and done_pixels(frame) > 1000  # eight cells of cyan, at 150 dpi


def test_a_strip_as_pdf_says_its_steps(capsys, tmp_path):
    pdf = draw(capsys, tmp_path, "animation", "--config", "padding_strides_transposed", "--strip", name="s.pdf")
    assert pdf[:5] == b"%PDF-"
    words = _pdf_words(pdf, tmp_path)
    for word in ("transposed", "i'=3", "p'=1", "o'=5", "input", "output", "1/25", "2/25", "6/25", "25/25"):
        assert word in words, word
    chosen = draw(capsys, tmp_path, "animation", "--input", "3", "--kernel", "2", "--numeric", "--strip", "0,3",
                  name="c.pdf")
    words = _pdf_words(chosen, tmp_path)
    assert "1/4" in words and "4/4" in words and "2/4" not in words and "19" in words and "43" in words


def test_a_strip_as_tikz_compiles(capsys, tmp_path):
    tex = draw(capsys, tmp_path, "animation", "--input", "3", "--kernel", "2", "--numeric", "--show-matrix",
               "--strip", "0,3", name="s.tex").decode()
    assert tex.startswith("\\documentclass[tikz]{standalone}")
    words = _pdf_words(compile_latex(tex), tmp_path)
    assert {"19", "43", "input", "output", "1/4", "4/4"} <= set(words)
    frame = draw(capsys, tmp_path, "animation", "--config", "dilation", "--step", "0", name="f.tex").decode()
    assert frame.count("\\draw[tap]") == 9
    compile_latex(frame)


def test_the_matrix_view_from_the_command_line(capsys, tmp_path):
    svg = draw(capsys, tmp_path, "animation", "--config", "padding_strides_transposed", "--show-matrix", "--step", "7",
               name="m.svg")
    assert "column 7 of C = row 7 of C\u1d40" in _svg_texts(svg)


@pytest.mark.parametrize(
    "argv, message",
    [
        ("--config dilation -o x.png",
         r"-o: an animation is written as \.gif; for one frame or a strip of key frames as \.png give --step N or "
         r"--strip, got 'x\.png'"),
        ("--config dilation --step 9 -o x.png", r"--step: expected an int from 0 to 8 \(one per output cell\), got 9"),
        ("--config dilation --step -1 -o x.png", r"--step: expected a non-negative integer, got '-1'"),
        ("--config dilation --step " + "9" * 4300 + " -o x.png", r"--step: expected an int from 0 to 8 .*got ~1\.00e\+4300"),
        ("--config dilation --strip 0,9 -o x.pdf", r"--strip: expected an int from 0 to 8 \(one per output cell\), got 9"),
        ("--config dilation --strip " + ",".join(["0"] * 10) + " -o x.pdf", r"--strip: expected at most 9 steps \(one per output cell\), got 10"),
        ("--config dilation --strip x -o x.pdf", r"--strip: expected a non-negative integer, got 'x'"),
        ("--config dilation --step 1 --strip -o x.pdf", r"--strip: give one frame \(--step N\) or a strip \(--strip\), "
                                                         r"got --step with --strip"),
        ("--config dilation --step 3 -o x.gif", r"--step: a \.gif holds every frame; write one frame or a strip to "
                                                 r"\.png, \.svg, \.pdf or \.tex, got --step with 'x\.gif'"),
        ("--config dilation --strip -o x.gif", r"--strip: a \.gif holds every frame; .*"),
        ("--config dilation --dpi 300 -o x.gif", r"--dpi: a \.gif is drawn at 14 pixels a cell; --dpi sets the "
                                                  r"resolution of a \.png \(--step or --strip\), got 'x\.gif'"),
        ("--config dilation --step 1 --dpi 300 -o x.svg", r"--dpi: only a \.png has a resolution \(\.svg is vector\), "
                                                            r"got 'x\.svg'"),
        ("--config dilation --step 1 --dpi 5000 -o x.png", r"--dpi: expected a number from 1 to 1200, got 5000"),
        ("--config dilation --step 1 --dpi 0 -o x.png", r"--dpi: expected a positive integer, got '0'"),
        ("--input 3 --kernel 2 --values 1,2 -o x.gif", r"--values: expected 9 numbers \(the 3x3 input, row by row\), "
                                                        r"got 2"),
        ("--input 3 --kernel 2 --weights 1,2,3 -o x.gif", r"--weights: expected 4 numbers \(the 2x2 kernel, row by "
                                                           r"row\), got 3"),
        ("--input 3 --kernel 2 --values nan,1,1,1,1,1,1,1,1 -o x.gif", r"--values: expected comma-separated numbers "
                                                                        r".*got 'nan,1,1,1,1,1,1,1,1'"),
        ("--input 3 --kernel 2 --values " + _csv([10**16] * 9) + " -o x.gif",
         r"--values: expected numbers of at most 15 digits \(one per cell of a frame\), got 10000000000000000"),
        ("--input 3 --kernel 2 --pool max --weights 1,2,3,4 -o x.gif",
         r"--weights: --pool max takes no kernel values, got --weights with --pool"),
        ("--input 3 --kernel 2 --pool mean --transposed -o x.gif",
         r"--pool: pooling is drawn for a direct geometry, got operation='mean' with transposed=True"),
        ("--input 2 --kernel 2 --dilation 3 --padding 3 --pool max -o x.gif",
         r"--padding: every pooling window must cover an input cell; .*"),
        ("--input 3 --kernel 2 --pool min -o x.gif", r"--pool: invalid choice: 'min' \(choose from '?max'?, '?mean'?\)"),
        ("--input 150 --kernel 3 --padding 1 --show-matrix --step 0 -o x.png",
         r"--show-matrix: the matrix view draws C of 22500x22500 = 506,250,000 cells, more than 160,000; draw a "
         r"smaller configuration or leave out the matrix view"),
        ("--input 9999 --stride 9999 --step 0 -o x.png",
         r"--input: a frame would draw 99,980,001 cells of input plane \(the input with its padding\), more than "
         r"40,000; draw a smaller configuration"),
        ("--input 30 --kernel 3 --padding 1 -o x.gif", r"--input, --kernel, --padding: the 30x30 output needs 900 frames .*"),
    ],
)
def test_frame_errors_are_one_line_naming_the_option(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    assert_usage_error(capsys, ["draw", "animation", *argv.split()], message)
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_the_help_shows_the_new_examples_and_they_run(capsys, tmp_path, monkeypatch):
    from ._helpers import help_examples

    monkeypatch.chdir(tmp_path)
    examples = [argv for argv in help_examples(capsys, "draw") if argv[1] == "animation"]
    assert any("--numeric" in argv for argv in examples) and any("--strip" in argv for argv in examples)
    assert any("--step" in argv and "--static" in argv and "--dpi" in argv for argv in examples)
    for argv in examples:
        if "--numeric" in argv or "--strip" in argv or "--step" in argv or "--pool" in argv:
            status = __import__("symconv.cli", fromlist=["main"]).main(argv)
            capsys.readouterr()
            assert status == 0, argv

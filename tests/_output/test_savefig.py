"""Byte-stable figure and GIF bytes (symconv._output.savefig)."""

import io
import re
import struct
import zlib

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from symconv import SymconvError
from symconv._output.savefig import figure_bytes, gif_bytes


def _figure():
    """A figure with text, clipped lines and an image: everything that carries ids or dates."""
    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [1, 0, 1], label="line")
    ax.imshow(np.arange(12.0).reshape(3, 4), extent=(0, 2, 0, 1))
    ax.set_title("convolution")
    ax.legend()
    return fig


def _png_chunks(data):
    """(type, payload) of every PNG chunk, read by the PNG spec, not by matplotlib or PIL."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        payload = data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + payload)
        chunks.append((kind, payload))
        at += 12 + length
    return chunks


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_regenerating_a_figure_gives_the_same_bytes(fmt):
    first = figure_bytes(_figure(), fmt)
    assert figure_bytes(_figure(), fmt) == first
    assert len(first) > 1000


def test_plain_savefig_would_not_be_stable():
    # the control: without the fixed salt, matplotlib salts SVG ids afresh on every save
    def plain():
        buffer = io.BytesIO()
        _figure().savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()

    assert plain() != plain()


def test_svg_has_no_date():
    svg = figure_bytes(_figure(), "svg").decode()
    assert svg.startswith("<?xml")
    assert "<dc:date>" not in svg
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", svg)


def test_png_has_no_software_chunk_and_its_size_follows_dpi():
    data = figure_bytes(_figure(), "png", dpi=50)
    chunks = _png_chunks(data)
    texts = [payload.split(b"\0")[0] for kind, payload in chunks if kind in (b"tEXt", b"iTXt", b"zTXt")]
    assert b"Software" not in texts
    assert not any(kind == b"tIME" for kind, _ in chunks)
    width, height = struct.unpack(">II", chunks[0][1][:8])
    assert (width, height) == (150, 100)  # 3 x 2 inches at 50 dpi


def test_pdf_has_no_dates():
    pdf = figure_bytes(_figure(), "pdf")
    assert pdf.startswith(b"%PDF")
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf


def test_no_pyplot_figure_is_left_open():
    plt = pytest.importorskip("matplotlib.pyplot")
    before = plt.get_fignums()
    figure_bytes(_figure(), "png")
    gif_bytes(_figure(), update=lambda i: None, n_frames=2)
    assert plt.get_fignums() == before


@pytest.mark.parametrize(
    "fig, fmt, kwargs, error, match",
    [
        ("not a figure", "svg", {}, TypeError, "fig: expected a matplotlib.figure.Figure, got str"),
        (None, "jpg", {}, SymconvError, r"fmt: expected one of \('svg', 'png', 'pdf'\), got 'jpg'"),
        (None, 3, {}, TypeError, "fmt: expected one of .*got int 3"),
        (None, "png", {"dpi": 0}, SymconvError, "dpi: expected a positive number, got 0"),
        (None, "png", {"dpi": "high"}, TypeError, "dpi: expected a positive number, got str"),
    ],
)
def test_figure_bytes_errors(fig, fmt, kwargs, error, match):
    with pytest.raises(error, match=match):
        figure_bytes(_figure() if fig is None else fig, fmt, **kwargs)


# ---------------------------------------------------------------------------- GIF


def _decode(data):
    image = Image.open(io.BytesIO(data))
    frames = []
    for index in range(image.n_frames):
        image.seek(index)
        frames.append(np.asarray(image.convert("RGB")))
    return image, frames


def _pattern_frames():
    """Four frames: a coloured square walking over a two-colour background."""
    frames = []
    for index in range(4):
        frame = np.zeros((12, 16, 3), dtype=np.uint8)
        frame[:, 8:] = (255, 255, 255)
        frame[2:6, 3 * index : 3 * index + 4] = (38, 139, 210)
        frames.append(frame)
    return frames


def test_gif_from_frames_keeps_every_frame_and_its_pixels():
    frames = _pattern_frames()
    data = gif_bytes(frames, fps=4)
    image, decoded = _decode(data)
    assert data[:6] == b"GIF89a"
    assert image.n_frames == 4
    assert image.info["duration"] == 250
    assert image.info["loop"] == 0
    for original, back in zip(frames, decoded):
        np.testing.assert_array_equal(back, original)  # 3 colours fit the palette exactly


def test_gif_is_byte_identical_on_regeneration():
    assert gif_bytes(_pattern_frames(), duration_ms=100) == gif_bytes(_pattern_frames(), duration_ms=100)


def test_gif_accepts_pil_images_and_rgba():
    frames = _pattern_frames()
    rgba = [np.dstack([f, np.full(f.shape[:2], 255, np.uint8)]) for f in frames]
    pil = [Image.fromarray(f) for f in frames]
    assert gif_bytes(rgba) == gif_bytes(pil) == gif_bytes(frames)


def test_gif_palette_holds_a_colour_seen_in_one_middle_frame_only():
    frames = [np.zeros((4, 4, 3), np.uint8) for _ in range(3)]
    frames[1][:] = (200, 30, 60)
    _, decoded = _decode(gif_bytes(frames))
    assert len(decoded) == 3
    assert tuple(decoded[1][0, 0]) == (200, 30, 60)


def test_gif_from_a_figure_and_update_function():
    from matplotlib.patches import Rectangle

    fig = Figure(figsize=(1, 1))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 5)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    square = ax.add_patch(Rectangle((0, 0), 1, 1, color="black", antialiased=False))
    data = gif_bytes(fig, update=lambda i: square.set_x(i), n_frames=5, dpi=50, duration_ms=200)
    image, decoded = _decode(data)
    assert image.n_frames == 5 and image.size == (50, 50)
    assert image.info["duration"] == 200
    for index, frame in enumerate(decoded):
        dark_columns = np.flatnonzero(frame[25, :, 0] < 128)
        # the square covers x in [index, index + 1] of 5 units over 50 pixels (edges may snap a pixel)
        assert abs(dark_columns.mean() - (10 * index + 5)) <= 1 and 10 <= len(dark_columns) <= 11
    assert fig.dpi == 100  # the figure's own dpi is restored


@pytest.mark.parametrize(
    "frames, kwargs, error, match",
    [
        ([], {}, SymconvError, "frames: expected at least one frame, got none"),
        ("abc", {}, TypeError, "frames: expected a sequence of images or a matplotlib Figure, got str"),
        ([np.zeros((2, 2, 3), np.uint8), np.zeros((3, 2, 3), np.uint8)], {}, SymconvError,
         r"frames\[1\]: expected every frame of size 2x2 like the first, got 2x3"),
        ([np.zeros((2, 2), np.uint8)], {}, SymconvError, r"frames\[0\]: expected an \(height, width, 3 or 4\) uint8"),
        ([np.zeros((2, 2, 3), np.float64)], {}, SymconvError, "got an array of shape .* and dtype float64"),
        ([np.zeros((2, 2, 3), np.uint8)], {"fps": 2, "duration_ms": 100}, SymconvError,
         "fps, duration_ms: expected one of them"),
        ([np.zeros((2, 2, 3), np.uint8)], {"fps": 0}, SymconvError, "fps: expected a positive number, got 0"),
        ([np.zeros((2, 2, 3), np.uint8)], {"duration_ms": -5}, SymconvError, "duration_ms: expected a positive"),
        ([np.zeros((2, 2, 3), np.uint8)], {"colors": 1}, SymconvError, "colors: expected an int from 2 to 256, got 1"),
        ([np.zeros((2, 2, 3), np.uint8)], {"colors": 16.0}, TypeError, "colors: expected an int from 2 to 256"),
        ([np.zeros((2, 2, 3), np.uint8)], {"loop": -1}, SymconvError, "loop: expected a non-negative int"),
        ([np.zeros((2, 2, 3), np.uint8)], {"loop": "forever"}, TypeError, "loop: expected a non-negative int"),
        ([np.zeros((2, 2, 3), np.uint8)], {"n_frames": 2}, TypeError, "update, n_frames: only used with a"),
    ],
)
def test_gif_bytes_errors(frames, kwargs, error, match):
    with pytest.raises(error, match=match):
        gif_bytes(frames, **kwargs)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({}, TypeError, "update, n_frames: a figure needs update"),
        ({"update": "no", "n_frames": 2}, TypeError, r"update: expected a function update\(frame_index\), got str"),
        ({"update": print, "n_frames": 0}, SymconvError, "n_frames: expected a positive int, got 0"),
        ({"update": print, "n_frames": 2.0}, TypeError, "n_frames: expected a positive int, got float"),
        ({"update": print, "n_frames": 2, "dpi": -1}, SymconvError, "dpi: expected a positive number"),
    ],
)
def test_gif_from_figure_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        gif_bytes(Figure(), **kwargs)

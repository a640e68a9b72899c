"""Animations of the convolution-arithmetic configurations (symconv.plots.animate).

What was drawn is checked against sets computed here by plain loops from the
definitions: a direct convolution's output ``o`` reads input ``o*s - p + t*d``;
a transposed convolution scatters input ``j`` to outputs ``j*s - p + t*d``.
The guide's own numbers (Dumoulin & Visin, arXiv:1603.07285, and the
``bin/generate_makefile`` table of github.com/vdumoulin/conv_arithmetic) give
the sizes.
"""

import io
from typing import NamedTuple

import numpy as np
import pytest
from _chinese import assert_glyphs_drawn, by_catalogue, need_chinese_font, no_missing_glyphs, svg_texts, without_font
from matplotlib.figure import Figure
from PIL import Image

from symconv import Geometry, SymconvError, numeric
from symconv.plots.animate import (
    ARITHMETIC_CONFIGS,
    MAX_MATRIX_CELLS,
    OUTPUT_COLOR,
    WINDOW_COLOR,
    StepDrawing,
    animation_frames,
    animation_geometry,
    arithmetic_animation,
    arithmetic_strip,
    conv_animation,
    draw_step,
    frame_file,
    frame_strip,
    key_steps,
)

# the guide's table: name -> (input size, output size, padding, kernel, stride[, dilation])
GUIDE = {
    "no_padding_no_strides": (4, 2, 0, 3, 1),
    "arbitrary_padding_no_strides": (5, 6, 2, 4, 1),
    "same_padding_no_strides": (5, 5, 1, 3, 1),
    "full_padding_no_strides": (5, 7, 2, 3, 1),
    "no_padding_strides": (5, 2, 0, 3, 2),
    "padding_strides": (5, 3, 1, 3, 2),
    "padding_strides_odd": (6, 3, 1, 3, 2),
    "dilation": (7, 3, 0, 3, 1, 2),
}


def _geometry(config):
    return Geometry(
        config["kernel_size"],
        config["stride"],
        config["padding"],
        config.get("dilation", 1),
        output_padding=config.get("output_padding", 0),
        transposed=config.get("transposed", False),
        ndim=2,
    )


def _cells(collection):
    """Lower-left corners (column, row) of the unit squares a PolyCollection drew."""
    corners = [tuple(int(round(v)) for v in path.vertices[:4].min(axis=0)) for path in collection.get_paths()]
    assert len(set(corners)) == len(corners)
    return set(corners)


def _contributors_direct(o, i, k, s, p, d):
    """Input indices read by output o of a direct convolution (plain loop over taps)."""
    return {o * s - p + t * d for t in range(k) if 0 <= o * s - p + t * d < i}


def _contributors_transposed(o, i, k, s, p, d):
    """Input indices whose scatter reaches output o of a transposed convolution."""
    return {j for j in range(i) for t in range(k) if j * s - p + t * d == o}


# ---------------------------------------------------------------------------- the table


def test_table_names_are_the_guides_and_their_transposed_counterparts():
    assert set(ARITHMETIC_CONFIGS) == set(GUIDE) | {f"{name}_transposed" for name in GUIDE}


@pytest.mark.parametrize("name", sorted(GUIDE))
def test_direct_configs_have_the_guides_sizes(name):
    i, o, p, k, s, *d = GUIDE[name]
    config = ARITHMETIC_CONFIGS[name]
    assert (config["input_size"], config["padding"], config["kernel_size"], config["stride"]) == (i, p, k, s)
    assert config.get("dilation", 1) == (d[0] if d else 1)
    assert _geometry(config).output_size((i, i)) == (o, o)


@pytest.mark.parametrize("name", sorted(GUIDE))
def test_transposed_configs_map_the_output_back_to_the_input(name):
    i, o, p, k, s, *d = GUIDE[name]
    d = d[0] if d else 1
    config = ARITHMETIC_CONFIGS[f"{name}_transposed"]
    assert config["transposed"] is True
    assert config["input_size"] == o
    # relationship 14 of the guide: o' = s(i'-1) + a + k_eff - 2p, with a the cells the stride skipped
    a = {"padding_strides_odd": 1}.get(name, 0)
    assert config["output_padding"] == a
    assert s * (o - 1) + a + d * (k - 1) + 1 - 2 * p == i
    assert _geometry(config).output_size((o, o)) == (i, i)


# ---------------------------------------------------------------------------- one step


def _steps(n):
    return sorted({0, 1, n // 2, n - 1})


@pytest.mark.parametrize("name", sorted(ARITHMETIC_CONFIGS))
def test_draw_step_draws_the_window_of_each_output_cell(name):
    config = ARITHMETIC_CONFIGS[name]
    geometry = _geometry(config)
    i, k, s, p = config["input_size"], config["kernel_size"], config["stride"], config["padding"]
    d, a = config.get("dilation", 1), config.get("output_padding", 0)
    transposed = config.get("transposed", False)
    o = (GUIDE[name.removesuffix("_transposed")][0]) if transposed else GUIDE[name][1]
    keff = d * (k - 1) + 1
    if transposed:
        # the guide's picture: s-1 zeros between inputs, k_eff-p-1 padding each side, a more at the end
        inner = (i - 1) * (s - 1) + i
        side = inner + 2 * (keff - p - 1) + a
        n_zero = inner * inner - i * i
    else:
        side, inner, n_zero = i + 2 * p, i, 0
    for step in _steps(o * o):
        drawn = draw_step(step, geometry, i)
        assert len(drawn["input"].get_paths()) == i * i
        assert len(drawn["zero"].get_paths()) == n_zero
        assert len(drawn["padding"].get_paths()) == side * side - inner * inner
        assert len(drawn["output_done"].get_paths()) == step
        assert len(drawn["output_pending"].get_paths()) == o * o - step - 1
        row, col = divmod(step, o)
        assert _cells(drawn["output_current"]) == {(col, row)}
        assert _cells(drawn["output_done"]) == {(c, r) for r in range(o) for c in range(o) if r * o + c < step}

        window = _cells(drawn["window"])
        inputs = _cells(drawn["input"])
        if transposed:
            start = -(keff - 1 - p)  # equivalent direct convolution: stride 1, padding k_eff-1-p
            expected = {(col + start + u * d, row + start + v * d) for u in range(k) for v in range(k)}
            assert window == expected
            # the input cells under the window are exactly those that scatter into this output cell
            hit = {(x // s, y // s) for x, y in window & inputs}
            rows = _contributors_transposed(row, i, k, s, p, d)
            cols = _contributors_transposed(col, i, k, s, p, d)
        else:
            expected = {(col * s - p + u * d, row * s - p + v * d) for u in range(k) for v in range(k)}
            assert window == expected
            hit = window & inputs
            rows = _contributors_direct(row, i, k, s, p, d)
            cols = _contributors_direct(col, i, k, s, p, d)
        assert hit == {(x, y) for x in cols for y in rows}
        assert window <= inputs | _cells(drawn["padding"]) | _cells(drawn["zero"])


def test_padding_cells_sit_outside_the_input_and_zeros_between_inputs():
    drawn = draw_step(0, Geometry(3, stride=2, padding=1, transposed=True, ndim=2), 3)
    # inputs at 0, 2, 4; zeros at odd positions inside; padding 3-1-1 = 1 cell each side
    assert _cells(drawn["input"]) == {(x, y) for x in (0, 2, 4) for y in (0, 2, 4)}
    inside = {(x, y) for x in range(5) for y in range(5)}
    assert _cells(drawn["zero"]) == inside - _cells(drawn["input"])
    assert _cells(drawn["padding"]) == {(x, y) for x in range(-1, 6) for y in range(-1, 6)} - inside


def test_same_padding_takes_its_asymmetric_pads_from_the_geometry():
    # ONNX SAME_UPPER, worked here: i=5, k=4, s=1 -> total pad 3, one before, two after
    drawn = draw_step(0, Geometry(4, padding="same", ndim=2), 5)
    assert min(_cells(drawn["window"])) == (-1, -1)
    xs = {x for x, _ in _cells(drawn["padding"])}
    assert (min(xs), max(xs)) == (-1, 6)
    assert len(drawn["output_pending"].get_paths()) == 24  # 5x5 output


def test_one_dimensional_geometry_is_drawn_as_one_row():
    drawn = draw_step(2, Geometry(3, stride=2, padding=1, dilation=1), 7)
    assert _cells(drawn["input"]) == {(x, 0) for x in range(7)}
    assert _cells(drawn["padding"]) == {(-1, 0), (7, 0)}
    assert _cells(drawn["window"]) == {(3, 0), (4, 0), (5, 0)}
    assert _cells(drawn["output_current"]) == {(2, 0)}
    assert "conv  i=7 k=3 s=2 p=1" in drawn["title"].get_text()


def test_rectangular_input_and_per_axis_geometry():
    geometry = Geometry((2, 3), stride=(1, 2), padding=((0, 0), (1, 1)), ndim=2)
    assert geometry.output_size((4, 7)) == (3, 4)
    drawn = draw_step(5, geometry, (4, 7))  # row 1, column 1
    assert _cells(drawn["output_current"]) == {(1, 1)}
    assert _cells(drawn["window"]) == {(x, y) for x in (1, 2, 3) for y in (1, 2)}


def test_every_spelling_of_the_input_size_draws_the_same():
    geometry = Geometry((2, 3), stride=(1, 2), padding=((0, 0), (1, 1)), ndim=2)
    expected = _cells(draw_step(5, geometry, (4, 7))["window"])
    for spelling in ([4, 7], np.array([4, 7]), (np.int64(4), np.int64(7))):
        assert _cells(draw_step(5, geometry, spelling)["window"]) == expected
    square = conv_animation((5, 5), 3, stride=2, padding=1)
    for spelling in ([5, 5], np.array([5, 5]), (np.int64(5), 5)):
        assert conv_animation(spelling, 3, stride=2, padding=1) == square
    assert len(animation_frames(Geometry(3, ndim=2), np.int64(4))) == 4
    with pytest.raises(TypeError, match="input_size: expected an int or a tuple of 2 ints"):
        draw_step(0, geometry, "4, 7")


def test_window_frame_and_connectors_follow_the_step():
    drawn = draw_step(3, Geometry(3, dilation=2, ndim=2), 7)  # 3x3 output: row 1, column 0
    assert drawn["window_frame"].get_xy() == (0, 1)
    assert (drawn["window_frame"].get_width(), drawn["window_frame"].get_height()) == (5, 5)
    segments = drawn["connectors"].get_segments()
    assert len(segments) == 4
    assert all(seg[1][1] > seg[0][1] for seg in segments)  # every line climbs to the output plane above


def test_done_cells_are_filled_and_pending_cells_are_not():
    from matplotlib.colors import to_rgba

    drawn = draw_step(4, Geometry(3, ndim=2), 5)
    assert tuple(drawn["output_done"].get_facecolor()[0]) == to_rgba(OUTPUT_COLOR)
    assert tuple(drawn["output_pending"].get_facecolor()[0]) == to_rgba("white")


def test_draw_step_on_a_given_axes():
    fig = Figure()
    ax = fig.add_subplot()
    drawn = draw_step(0, Geometry(3, ndim=2), 4, ax=ax)
    assert drawn["window"].axes is ax and drawn["input"].axes is ax


# ---------------------------------------------------------------------------- frames and GIFs


def _decode(data):
    image = Image.open(io.BytesIO(data))
    frames = []
    for index in range(image.n_frames):
        image.seek(index)
        frames.append(np.asarray(image.convert("RGB")).astype(int))
    return frames


@pytest.mark.parametrize("name, frames", [("padding_strides_odd", 9), ("padding_strides_odd_transposed", 36),
                                          ("dilation", 9)])
def test_gif_has_one_frame_per_output_cell_and_is_byte_stable(name, frames):
    data = arithmetic_animation(name)
    assert data == arithmetic_animation(name)
    assert data[:6] == b"GIF89a"
    assert len(data) < 300_000
    decoded = _decode(data)
    assert len(decoded) == frames
    # each frame fills one more output cell with the output colour
    cyan = np.array([int(OUTPUT_COLOR[j : j + 2], 16) for j in (1, 3, 5)])
    filled = [int((np.abs(frame - cyan).sum(axis=2) < 12).sum()) for frame in decoded]
    assert all(later > earlier for earlier, later in zip(filled, filled[1:]))


def test_frames_match_the_gif_frame_count():
    frames = animation_frames(Geometry(3, stride=2, ndim=2), 5)
    assert len(frames) == 4 and len({f.shape for f in frames}) == 1
    assert len(_decode(conv_animation(5, 3, stride=2))) == 4


def test_no_pyplot_figure_is_left_open():
    plt = pytest.importorskip("matplotlib.pyplot")
    before = plt.get_fignums()
    conv_animation(4, 3)
    draw_step(0, Geometry(3, ndim=2), 4)
    assert plt.get_fignums() == before


# ---------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "args, kwargs, error, match",
    [
        ((3, 5), {}, SymconvError, "kernel_size: effective kernel 5 .* larger than the padded input 3"),
        ((5, 3), {"stride": 0}, SymconvError, "stride: expected a positive int, got 0"),
        ((5, 3), {"padding": "middle"}, SymconvError, "padding: expected .*got 'middle'"),
        ((5.0, 3), {}, TypeError, "input_size: expected an int or a tuple of 2 ints, got float 5.0"),
        (((5.0, 5), 3), {}, TypeError, "input size: expected a positive int, got float 5.0"),
        ((5, 3), {"output_padding": 1}, SymconvError, "output_padding: only transposed convolution"),
        ((30, 3), {"padding": 1}, SymconvError, r"max_frames: the 30x30 output needs 900 frames .*max_frames=400"),
        ((5, 3), {"max_frames": 8}, SymconvError, "max_frames: the 3x3 output needs 9 frames"),
        ((5, 3), {"max_frames": "many"}, TypeError, "max_frames: expected a positive int, got str"),
        ((5, 3), {"padding": 3, "transposed": True}, SymconvError, r"padding: .*expected padding of at most 2"),
        (((5, 5, 5), 3), {}, SymconvError, "geometry: expected 1 or 2 spatial axes to draw, got 3"),
    ],
)
def test_conv_animation_errors(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        conv_animation(*args, **kwargs)


def test_symbolic_sizes_are_refused():
    sympy = pytest.importorskip("sympy")
    i = sympy.Symbol("i", integer=True, positive=True)
    with pytest.raises(TypeError, match="expected concrete ints to draw"):
        draw_step(0, Geometry(3, ndim=2), (i, i))


@pytest.mark.parametrize(
    "step, geometry, size, error, match",
    [
        (9, Geometry(3, stride=2, padding=1, ndim=2), 5, SymconvError, r"step: expected an int from 0 to 8 .*got 9"),
        (-1, Geometry(3, ndim=2), 5, SymconvError, "step: expected an int from 0 to 8"),
        (1.0, Geometry(3, ndim=2), 5, TypeError, "step: expected an int, got float"),
        (0, {"kernel_size": 3}, 5, TypeError, "geometry: expected a symconv.Geometry, got dict"),
        (0, Geometry(3, ndim=2), "5", TypeError, "input_size: expected an int or a tuple of 2 ints"),
        (0, Geometry(3, ndim=2), (5, 5, 5), SymconvError, "input size: expected a tuple of 2 ints"),
        (0, Geometry(3, ndim=2), 2, SymconvError, "kernel_size: effective kernel 3"),
    ],
)
def test_draw_step_errors(step, geometry, size, error, match):
    with pytest.raises(error, match=match):
        draw_step(step, geometry, size)


def test_unknown_configuration_name():
    with pytest.raises(SymconvError, match="name: expected one of .*no_padding_no_strides.*got 'nope'"):
        arithmetic_animation("nope")


# ---------------------------------------------------------------------------- lang="zh"

TITLED = [
    (Geometry(3, stride=2, padding=1, ndim=2), 5),  # the guide's padding_strides
    (Geometry(3, stride=2, padding=1, output_padding=1, transposed=True, ndim=2), 3),  # its odd transposed twin
    (Geometry(3, dilation=2, ndim=2), 7),
    (Geometry((2, 3), stride=(1, 2), padding=((0, 1), (1, 1)), ndim=2), (4, 7)),  # per-axis values, uneven pads
    (Geometry(3, stride=2, padding=1, dilation=1), 7),  # 1-D
]


@pytest.mark.parametrize("geometry, size", TITLED)
def test_chinese_title_is_the_english_one_with_its_kind_from_the_catalogue(geometry, size):
    english = draw_step(0, geometry, size)["title"].get_text().split("\n")
    # the English title is "<kind>  <the guide's notation>"; only the kind is prose, the notation stays; a transposed
    # one adds "of conv  <notation>", the convolution it transposes, a sentence of the catalogue
    kind, notation = english[0].split("  ", 1)
    assert kind == ("transposed conv" if geometry.transposed else "conv")
    assert len(english) == (2 if geometry.transposed else 1)
    with without_font():  # what it says needs no font: this runs everywhere
        title = draw_step(0, geometry, size, lang="zh")["title"].get_text()
    assert title == "\n".join([by_catalogue(kind) + "  " + notation, *map(by_catalogue, english[1:])])


@pytest.mark.parametrize("geometry, size", TITLED)
def test_chinese_title_draws_every_glyph(geometry, size):
    from symconv._output.savefig import figure_bytes

    need_chinese_font()
    kind = "transposed conv" if geometry.transposed else "conv"
    drawn = draw_step(0, geometry, size, lang="zh")
    with no_missing_glyphs():
        svg = figure_bytes(drawn["title"].figure, "svg").decode("utf-8")
    # the planes' names, then the title, one line at a time
    assert svg_texts(svg) == [by_catalogue("input"), by_catalogue("output"), *drawn["title"].get_text().split("\n")]
    assert_glyphs_drawn(svg, by_catalogue(kind) + by_catalogue("input") + by_catalogue("output"))


def _text_boxes(geometry, size, lang):
    """Pixel boxes (x0, y0, x1, y1 from the top left, as in a frame) of the title and the planes' names."""
    drawn = draw_step(0, geometry, size, lang=lang)
    figure = drawn["title"].figure
    renderer = figure.canvas.get_renderer()
    height = round(figure.bbox.height)
    boxes = []
    for text in [drawn["title"], *drawn["labels"]]:
        extent = text.get_window_extent(renderer)
        boxes.append((int(extent.x0) - 1, int(height - extent.y1) - 1, int(extent.x1) + 1, int(height - extent.y0) + 1))
    return boxes


@pytest.mark.parametrize("geometry, size", TITLED[:2])
def test_chinese_frames_differ_from_the_english_only_in_the_words(geometry, size):
    need_chinese_font()
    english = animation_frames(geometry, size)
    with no_missing_glyphs():
        chinese = animation_frames(geometry, size, lang="zh")
    assert len(chinese) == len(english)
    words = np.zeros(english[0].shape[:2], dtype=bool)
    for x0, y0, x1, y1 in _text_boxes(geometry, size, "en") + _text_boxes(geometry, size, "zh"):
        words[max(y0, 0) : y1, max(x0, 0) : x1] = True
    for zh, en in zip(chinese, english):
        assert zh.shape == en.shape  # the layout is measured in both languages: the same size and places
        changed = (zh != en).any(axis=2)
        assert changed.any() and not (changed & ~words).any()


def test_english_is_unchanged_by_lang_en_and_lang_reaches_the_frames():
    english = arithmetic_animation("padding_strides_odd_transposed")
    assert arithmetic_animation("padding_strides_odd_transposed", lang="en") == english
    assert conv_animation(5, 3, stride=2, lang="en") == conv_animation(5, 3, stride=2)
    with without_font():  # the Chinese title reaches every frame by both routes, with or without a font
        chinese = arithmetic_animation("padding_strides_odd_transposed", lang="zh")
        again = conv_animation(**ARITHMETIC_CONFIGS["padding_strides_odd_transposed"], lang="zh")
    assert chinese == again
    assert chinese != english
    assert len(_decode(chinese)) == len(_decode(english)) == 36


def test_chinese_gif_is_byte_stable():
    need_chinese_font()
    with no_missing_glyphs():
        chinese = arithmetic_animation("padding_strides_odd_transposed", lang="zh")
        again = conv_animation(**ARITHMETIC_CONFIGS["padding_strides_odd_transposed"], lang="zh")
    assert chinese == again
    assert chinese != arithmetic_animation("padding_strides_odd_transposed")
    assert len(_decode(chinese)) == 36


def test_chinese_without_a_chinese_font_is_refused_before_drawing(monkeypatch):
    from symconv._output import fonts as _fonts

    monkeypatch.setattr(_fonts, "_candidates", lambda: iter(()))  # a machine where matplotlib knows no CJK font

    def refused(kind):  # the characters needed (the title's and the planes' names), in code-point order
        words = by_catalogue(kind) + by_catalogue("input") + by_catalogue("output")
        if kind == "transposed conv":  # and the line naming the convolution it transposes
            words += by_catalogue("of conv  {notation}").format(notation="")
        needed = "".join(sorted(set(words) - set(" ")))
        return rf"^lang: drawing Chinese needs a font with glyphs for '{needed}' and matplotlib finds none; install"

    ax = Figure().add_subplot()
    with pytest.raises(SymconvError, match=refused("conv")):
        draw_step(0, Geometry(3, ndim=2), 4, ax=ax, lang="zh")
    assert not ax.collections and not ax.patches and not ax.texts  # nothing drawn
    with pytest.raises(SymconvError, match=refused("transposed conv")):
        conv_animation(2, 3, transposed=True, lang="zh")
    with pytest.raises(SymconvError, match=refused("conv")):
        arithmetic_animation("dilation", lang="zh")
    # without a title the planes' names are still Chinese; English needs no such font
    geometry = Geometry(3, ndim=2)
    names = "".join(sorted(set(by_catalogue("input") + by_catalogue("output"))))
    with pytest.raises(SymconvError, match=f"glyphs for '{names}'"):
        animation_frames(geometry, 4, title=False, lang="zh")
    assert draw_step(0, geometry, 4, ax=ax)["title"].get_text().startswith("conv  ")


@pytest.mark.parametrize(
    "call",
    [
        lambda lang: draw_step(0, Geometry(3, ndim=2), 4, lang=lang),
        lambda lang: animation_frames(Geometry(3, ndim=2), 4, lang=lang),
        lambda lang: conv_animation(4, 3, lang=lang),
        lambda lang: arithmetic_animation("dilation", lang=lang),
    ],
)
def test_lang_errors(call):
    with pytest.raises(SymconvError, match=r"^lang: expected 'en' or 'zh', got 'fr'$"):
        call("fr")
    with pytest.raises(TypeError, match=r"^lang: expected 'en' or 'zh', got NoneType None$"):
        call(None)


# ---------------------------------------------------------------------------- numeric mode


# the guide's numerical figures (Dumoulin & Visin, figures 1.1 and 1.5-1.6): a 5x5 input, a 3x3 kernel
GUIDE_INPUT = np.array([[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]])
GUIDE_KERNEL = np.array([[0, 1, 2], [2, 2, 0], [0, 1, 2]])


def _number(text):
    return float(text.replace("\u2212", "-").strip("()"))


def _written(equation):
    """A written-out window: its terms (pairs for a sum of products, numbers for max and mean) and its result."""
    left, result = equation.replace("\n", " ").rsplit(" = ", 1)
    if left.startswith("max("):
        return [_number(t) for t in left[4:-1].split(", ")], _number(result)
    if left.startswith("("):  # a mean: (a + b + ...)/n
        body, count = left[1:].rsplit(")/", 1)
        terms = [_number(t) for t in body.split(" + ")]
        assert int(count) == len(terms)
        return terms, _number(result)
    return [tuple(map(_number, t.split("\u00b7"))) for t in left.split(" + ")], _number(result)


class _Written(NamedTuple):
    step: int
    value: object
    equation: str


def _frames_written(geometry, size, **options):
    """Every step's value and equation as the frames write them.

    A frame's numbers come from its sweep (symconv.plots._sweep), read here for every step; a few steps are drawn
    and what they draw is checked to be the sweep's, so the rest need not be drawn.
    """
    from symconv.plots._sweep import Sweep

    sizes = size if isinstance(size, tuple) else (size,) * geometry.ndim
    sweep = Sweep(geometry, sizes, numeric=True, **options)
    written = [_Written(step, *sweep.result(step)) for step in range(sweep.n_steps)]
    for step in _steps(sweep.n_steps):
        drawing = draw_step(step, geometry, size, numeric=True, **options)
        assert (drawing.step, drawing.value, drawing.equation) == written[step]
        assert drawing["equation"].get_text() == written[step].equation
    return written


def test_the_d2l_example_in_numbers():
    # Dive into Deep Learning, corr2d: inputs 0..8, kernel 0..3 (the defaults of numeric mode)
    x, w = np.arange(9).reshape(1, 1, 3, 3), np.arange(4).reshape(1, 1, 2, 2)
    expected = numeric.conv(x, w)[0, 0].ravel().tolist()
    assert expected == [19, 25, 37, 43]
    drawings = _frames_written(Geometry(2, ndim=2), 3)
    assert [d.value for d in drawings] == expected
    assert drawings[0].equation == "0\u00b70 + 1\u00b71 +\n3\u00b72 + 4\u00b73 = 19"
    animation = conv_animation(3, 2, numeric=True)
    assert [_written(c)[1] for c in animation.captions] == expected
    assert [d.equation for d in drawings] == list(animation.captions)


@pytest.mark.parametrize(
    "geometry, size",
    [
        (Geometry(3, ndim=2), 5),  # the guide's figure 1.1
        (Geometry(3, stride=2, padding=1, ndim=2), 5),
        (Geometry(3, dilation=2, padding=1, ndim=2), 5),
        (Geometry((2, 3), stride=(1, 2), padding=((0, 1), (1, 1)), ndim=2), 5),
    ],
)
def test_numeric_frames_write_the_products_and_sum_of_the_window(geometry, size):
    x = GUIDE_INPUT
    w = np.arange(1, int(np.prod(geometry.kernel_size)) + 1).reshape(geometry.kernel_size) if geometry.kernel_size != (
        3, 3) else GUIDE_KERNEL
    expected = numeric.conv(x[None, None], w[None, None], stride=geometry.stride, padding=geometry.padding,
                            dilation=geometry.dilation)[0, 0]
    (kh, kw), (sh, sw), (dh, dw) = geometry.kernel_size, geometry.stride, geometry.dilation
    (pt, _), (pl, _) = geometry.padding
    padded = np.pad(x, [geometry.padding[0], geometry.padding[1]])
    for drawing in _frames_written(geometry, size, values=x, weights=w):
        r, c = divmod(drawing.step, expected.shape[1])
        terms, total = _written(drawing.equation)
        # the window read by its definition: padded[r*s + u*d, c*s + v*d] times w[u, v], tap by tap in row order
        window = [(padded[r * sh + u * dh, c * sw + v * dw], w[u, v]) for u in range(kh) for v in range(kw)]
        assert terms == [(float(a), float(b)) for a, b in window]
        assert total == drawing.value == expected[r, c]


def test_numeric_frames_fill_the_output_cells_written_so_far():
    geometry = Geometry(3, ndim=2)
    expected = numeric.conv(GUIDE_INPUT[None, None], GUIDE_KERNEL[None, None])[0, 0]  # 12 12 17 / 10 17 19 / 9 6 14
    assert expected.tolist() == [[12, 12, 17], [10, 17, 19], [9, 6, 14]]
    drawn = draw_step(5, geometry, 5, values=GUIDE_INPUT, weights=GUIDE_KERNEL)
    texts = {cell: text.get_text() for cell, text in drawn["output_values"].items()}
    assert texts == {(c, r): (str(expected[r, c]) if r * 3 + c <= 5 else "") for r in range(3) for c in range(3)}
    values = {cell: text.get_text() for cell, text in drawn["values"].items()}
    assert values == {(c, r): str(GUIDE_INPUT[r, c]) for r in range(5) for c in range(5)}
    # the kernel's values sit on the taps of output cell (1, 2): rows 1..3, columns 2..4
    taps = [(tuple(np.floor(t.get_position()).astype(int)), t.get_text()) for t in drawn["tap_values"]]
    assert [text for _, text in taps] == [str(v) for v in GUIDE_KERNEL.ravel()]
    # a static frame (a slide) shows the current value only
    static = draw_step(5, geometry, 5, values=GUIDE_INPUT, weights=GUIDE_KERNEL, static=True)
    assert {cell for cell, text in static["output_values"].items() if text.get_text()} == {(2, 1)}
    assert len(static["output_done"].get_paths()) == 0 and len(static["output_pending"].get_paths()) == 8


def test_numeric_transposed_frames_match_conv_transpose():
    # the guide's picture: the transposed convolution as a direct one over the stretched input, kernel rotated
    geometry = Geometry(3, stride=2, padding=1, output_padding=1, transposed=True, ndim=2)
    x, w = np.arange(9).reshape(3, 3), np.arange(9).reshape(3, 3)
    expected = numeric.conv_transpose(x[None, None], w[None, None], stride=2, padding=1, output_padding=1)[0, 0]
    drawings = _frames_written(geometry, 3)
    assert [d.value for d in drawings] == expected.ravel().tolist()
    for drawing in drawings:
        terms, total = _written(drawing.equation)
        assert [b for _, b in terms] == list(range(8, -1, -1))  # the kernel rotated by 180 degrees
        assert sum(a * b for a, b in terms) == total


@pytest.mark.parametrize("padding", [0, 1])
def test_numeric_pooling_matches_max_pool_and_avg_pool(padding):
    x = GUIDE_INPUT
    expected_max = numeric.max_pool(x[None, None], 3, stride=1, padding=padding)[0, 0]
    expected_mean = numeric.avg_pool(x[None, None].astype(float), 3, stride=1, padding=padding)[0, 0]
    if padding == 0:  # the guide's figures 1.5 and 1.6
        assert expected_max.tolist() == [[3, 3, 3], [3, 3, 3], [3, 2, 3]]
        assert np.round(expected_mean, 1).tolist() == [[1.7, 1.7, 1.7], [1.0, 1.2, 1.8], [1.1, 0.8, 1.3]]
    geometry = Geometry(3, padding=padding, ndim=2)
    for drawing in _frames_written(geometry, 5, values=x, operation="max"):
        r, c = divmod(drawing.step, expected_max.shape[1])
        terms, total = _written(drawing.equation)
        rows = range(max(r - padding, 0), min(r - padding + 3, 5))
        cols = range(max(c - padding, 0), min(c - padding + 3, 5))
        assert terms == [x[i, j] for i in rows for j in cols]  # the padding is left out (-inf in PyTorch)
        assert total == drawing.value == expected_max[r, c]
    for drawing in _frames_written(geometry, 5, values=x, operation="mean"):
        r, c = divmod(drawing.step, expected_mean.shape[1])
        terms, total = _written(drawing.equation)
        assert len(terms) == 9  # the padding counts (count_include_pad)
        assert drawing.value == pytest.approx(expected_mean[r, c])
        assert total == float(f"{expected_mean[r, c]:.3g}")


def test_numeric_one_dimensional_and_float_values():
    geometry = Geometry(3, stride=2, padding=1)
    x, w = np.array([0.5, -1.0, 2.0, 4.0, -3.0]), np.array([1.0, -2.0, 0.25])
    expected = numeric.conv(x[None, None], w[None, None], stride=2, padding=1)[0, 0]
    drawings = _frames_written(geometry, 5, values=x, weights=w)
    assert [d.value for d in drawings] == pytest.approx(expected.tolist())
    assert drawings[0].equation == "0\u00b71 + 0.5\u00b7(\u22122) + \u22121\u00b70.25 = \u22121.25"
    assert len(draw_step(0, geometry, 5, values=x, weights=w)["window"].get_paths()) == 3


def test_the_frame_says_what_it_computes_in_its_title():
    assert draw_step(0, Geometry(3, ndim=2), 5, operation="max")["title"].get_text().startswith("max pooling  i=5")
    assert draw_step(0, Geometry(3, ndim=2), 5, operation="mean")["title"].get_text().startswith("average pooling")


# ---------------------------------------------------------------------------- what every frame names


@pytest.mark.parametrize("name", sorted(name for name in ARITHMETIC_CONFIGS if name.endswith("_transposed")))
def test_transposed_frames_are_titled_in_the_guides_notation(name):
    i, o, p, k, s, *d = GUIDE[name.removesuffix("_transposed")]
    d = d[0] if d else 1
    a = {"padding_strides_odd": 1}.get(name.removesuffix("_transposed"), 0)
    config = ARITHMETIC_CONFIGS[name]
    first, second = draw_step(0, _geometry(config), config["input_size"])["title"].get_text().split("\n")
    # the guide: i' = o (the direct output), k' = k, s' = 1, p' = k - p - 1 (d(k-1) - p dilated), o' = i
    primed = f"i'={o} k'={k} s'=1 p'={d * (k - 1) - p}" + (f" d'={d}" if d != 1 else "") + (f" a={a}" if a else "")
    assert first == f"transposed conv  {primed}  \u2192  o'={i}"
    direct = f"i={i} k={k} s={s} p={p}" + (f" d={d}" if d != 1 else "")
    assert second == f"of conv  {direct}  \u2192  o={o}"


@pytest.mark.parametrize("name", ["padding_strides", "dilation", "padding_strides_odd_transposed"])
def test_every_frame_names_its_planes(name):
    config = ARITHMETIC_CONFIGS[name]
    geometry, size = _geometry(config), config["input_size"]
    n = int(np.prod(geometry.output_size((size, size))))
    for step in _steps(n):
        drawn = draw_step(step, geometry, size)
        assert [label.get_text() for label in drawn["labels"]] == ["input", "output"]
        # "input" beside the input plane, "output" beside the output plane, which floats above
        assert drawn["labels"][0].get_position()[1] < drawn["labels"][1].get_position()[1]
    numeric_drawn = draw_step(0, geometry, size, numeric=True)
    assert [label.get_text() for label in numeric_drawn["labels"]] == ["input", "output"]


def _ink(rgb, background=(255, 255, 255)):
    return (np.abs(rgb.astype(int) - np.array(background)).sum(axis=2) > 150)


def _title_glyphs(frame):
    """Connected glyph shapes of the title's first line in a frame: (top, bottom, left, right) each."""
    from scipy import ndimage

    ink = _ink(frame)
    rows = np.flatnonzero(ink.any(axis=1))
    top = rows[0]
    gap = np.flatnonzero(~ink[top:].any(axis=1))[0] + top  # the first blank row under the first line
    labels, count = ndimage.label(ink[top:gap])
    boxes = ndimage.find_objects(labels)
    return [(b[0].start + top, b[0].stop + top, b[1].start, b[1].stop) for b in boxes], (top, gap)


@pytest.mark.parametrize("name", ["padding_strides", "dilation", "padding_strides_odd_transposed"])
def test_titles_are_readable_in_the_gif(name):
    frames = _decode(arithmetic_animation(name))
    glyphs, (top, bottom) = _title_glyphs(frames[0].astype(np.uint8))
    heights = [b - t for t, b, _, _ in glyphs]
    bottoms = [b for _, b, _, _ in glyphs]
    baseline = max(set(bottoms), key=bottoms.count)  # where most glyphs stand
    cap = baseline - min(t for t, b, _, _ in glyphs if b == baseline)  # the tallest glyph standing on the line
    assert cap >= 11, (heights, cap)
    assert len(glyphs) >= 15  # a line of text, not a stray shape
    assert bottom - top >= 14


def test_numeric_titles_are_readable_too():
    frames = _decode(conv_animation(3, 2, numeric=True))
    glyphs, _ = _title_glyphs(frames[0].astype(np.uint8))
    bottoms = [b for _, b, _, _ in glyphs]
    baseline = max(set(bottoms), key=bottoms.count)
    assert baseline - min(t for t, b, _, _ in glyphs if b == baseline) >= 11


def _pixel_color(drawn, plane_cell, frame):
    """The colour a frame has at the centre of an input-plane cell (x, y)."""
    window = drawn["window"]
    transform = window.get_transform()
    x, y = transform.transform([(plane_cell[0] + 0.5, plane_cell[1] + 0.5)])[0]
    height = frame.shape[0]
    return frame[int(round(height - y)), int(round(x))].astype(int)


def test_dilated_taps_stand_apart_from_the_input_between_them():
    geometry = Geometry(3, dilation=2, ndim=2)
    drawn = draw_step(4, geometry, 7)  # output (1, 1): taps at 1, 3, 5 of each axis
    figure = drawn["window"].figure
    figure.canvas.draw()
    frame = np.asarray(figure.canvas.buffer_rgba())[..., :3]
    tap = _pixel_color(drawn, (3, 3), frame)
    between = _pixel_color(drawn, (2, 3), frame)  # an input cell inside the window's span, not a tap
    assert np.abs(tap - between).sum() > 150  # not dark blue on blue
    assert tap[0] > tap[2] and between[2] > between[0]  # warm taps on the blue input
    from matplotlib.colors import to_rgb

    assert tuple(drawn["window"].get_facecolor()[0][:3]) == to_rgb(WINDOW_COLOR)


# ---------------------------------------------------------------------------- the matrix view


@pytest.mark.parametrize("geometry, size", [(Geometry(3, stride=2, padding=1, ndim=2), 5),
                                            (Geometry(3, stride=2, padding=1, output_padding=1, transposed=True,
                                                      ndim=2), 3),
                                            (Geometry(2, dilation=2), 6)])
def test_the_matrix_view_highlights_this_steps_row_of_c(geometry, size):
    import symconv as sc

    sizes = (size,) * geometry.ndim
    kernel = np.ones((1, 1, *geometry.kernel_size))
    options = dict(stride=geometry.stride, padding=geometry.padding, dilation=geometry.dilation)
    if geometry.transposed:  # computed by C^T: its row is a column of C, the direct convolution's matrix
        C = sc.conv_matrix((1, *geometry.output_size(sizes)), kernel, **options, format="dense")
    else:
        C = sc.conv_matrix((1, *sizes), kernel, **options, format="dense")
    n = int(np.prod(geometry.output_size(sizes)))
    for step in _steps(n):
        drawn = draw_step(step, geometry, size, matrix=True)
        image = drawn["matrix"].get_array()
        assert image.shape[:2] == C.shape
        line = C[:, step] if geometry.transposed else C[step]
        shown = image[:, step] if geometry.transposed else image[step]
        from matplotlib.colors import to_rgb

        highlighted = np.all(np.isclose(shown, to_rgb(WINDOW_COLOR)), axis=-1)
        assert (highlighted == (line != 0)).all()
        # elsewhere no cell has the window's colour
        others = np.delete(image, step, axis=1 if geometry.transposed else 0)
        assert not np.all(np.isclose(others, to_rgb(WINDOW_COLOR)), axis=-1).any()
        title = drawn["matrix_titles"][1].get_text()
        assert title == (f"column {step} of C = row {step} of C\u1d40" if geometry.transposed else f"row {step} of C")


# ---------------------------------------------------------------------------- strips and files


def test_key_steps_are_first_next_next_row_last():
    assert key_steps((3, 3)) == (0, 1, 3, 8)
    assert key_steps((1,)) == key_steps((1, 1)) == (0,)
    assert key_steps((2, 1)) == (0, 1)


def test_a_strip_draws_the_key_frames_side_by_side():
    geometry = Geometry(3, stride=2, padding=1, ndim=2)
    strip = frame_strip(geometry, 5)
    assert strip.steps == (0, 1, 3, 8) and len(strip.axes) == 4
    for drawn, step in zip(strip.drawn, strip.steps):
        assert len(drawn["output_done"].get_paths()) == step
    lefts = [ax.get_position().x0 for ax in strip.axes]
    assert lefts == sorted(lefts)
    assert [c.get_text() for c in strip.captions] == ["step 1/9", "step 2/9", "step 4/9", "step 9/9"]
    assert strip.title.get_text() == "conv  i=5 k=3 s=2 p=1  \u2192  o=3"
    grid = frame_strip(geometry, 5, [0, 4, 8], columns=2, static=True, numeric=True)
    rows = sorted({round(ax.get_position().y0, 6) for ax in grid.axes})
    assert len(rows) == 2 and grid.steps == (0, 4, 8)
    assert all(len(d["output_done"].get_paths()) == 0 for d in grid.drawn)


def _png_info(data):
    image = Image.open(io.BytesIO(data))
    return image.size, image.info.get("dpi")


def test_frame_files_png_svg_pdf_tex():
    import re

    geometry = Geometry(2, ndim=2)
    height, width = _decode(conv_animation(3, 2, numeric=True))[0].shape[:2]  # the GIF frame: 72 dpi
    for dpi in (150, 300):
        size, resolution = _png_info(frame_file(geometry, 3, "png", step=1, numeric=True, dpi=dpi))
        assert np.allclose(size, (width * dpi / 72, height * dpi / 72), atol=1)  # the same frame, finer
        assert resolution == pytest.approx((dpi, dpi), abs=0.05)  # PNG keeps whole pixels per metre
    svg = frame_file(geometry, 3, "svg", step=1, numeric=True).decode()
    texts = re.findall(r"<!-- (.*?) -->", svg)
    assert "conv  i=3 k=2 s=1 p=0  \u2192  o=2" in texts and "25" in texts and "input" in texts
    assert "1\u00b70 + 2\u00b71 +" in texts and "4\u00b72 + 5\u00b73 = 25" in texts
    assert frame_file(geometry, 3, "pdf", step=1)[:5] == b"%PDF-"
    tex = frame_file(geometry, 3, "tex", steps="key", numeric=True).decode()
    assert tex.startswith("\\documentclass[tikz]{standalone}") and tex.count("\\begin{tikzpicture}") == 1
    assert frame_file(geometry, 3, "svg", step=1) == frame_file(geometry, 3, "svg", step=1)  # byte-stable


def test_tikz_frames_compile_and_say_the_numbers():
    import shutil
    import subprocess
    import tempfile

    from _tools import compile_latex, need

    geometry = Geometry(2, ndim=2)
    pdf = compile_latex(frame_file(geometry, 3, "tex", steps=[0, 3], numeric=True, matrix=True).decode())
    need(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/frames.pdf"
        with open(path, "wb") as stream:
            stream.write(pdf)
        text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    words = text.split()
    for word in ("input", "output", "19", "43", "step", "1/4", "4/4"):
        assert word in words, word
    transposed = frame_file(Geometry(3, stride=2, padding=1, transposed=True, ndim=2), 3, "tex", step=7, matrix=True)
    compile_latex(transposed.decode())


def test_animation_geometry_reads_the_guides_square_grids():
    assert animation_geometry(5, 3)[0] == Geometry(3, ndim=2)
    assert animation_geometry((7,), 3)[0] == Geometry(3)
    assert animation_geometry(5, (2, 3))[0] == Geometry((2, 3))


def test_a_step_drawing_is_the_dict_it_was_and_shows_its_figure():
    drawn = draw_step(4, Geometry(3, stride=2, padding=1, ndim=2), 5)
    assert isinstance(drawn, dict) and isinstance(drawn, StepDrawing)
    assert dict(drawn) == drawn and "window" in drawn.keys()
    svg = drawn._repr_svg_()
    assert svg.startswith("<?xml") and "conv  i=5 k=3 s=2 p=1" in svg
    assert repr(drawn).startswith("<StepDrawing step 4 of 9: conv  i=5")
    assert drawn.value is None and drawn.equation is None


# ---------------------------------------------------------------------------- the new refusals


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: draw_step(0, Geometry(3, ndim=2), 5, operation="min"), SymconvError,
         r"^operation: expected one of 'conv', 'max', 'mean', got 'min'$"),
        (lambda: draw_step(0, Geometry(3, ndim=2), 5, operation=None), TypeError, "operation: expected one of"),
        (lambda: draw_step(0, Geometry(3, ndim=2), 5, values=np.zeros((4, 4))), SymconvError,
         r"values: expected an array of shape \(5, 5\), got shape \(4, 4\)"),
        (lambda: draw_step(0, Geometry(3, ndim=2), 5, weights=np.zeros(9)), SymconvError,
         r"weights: expected an array of shape \(3, 3\), got shape \(9,\)"),
        (lambda: draw_step(0, Geometry(3, ndim=2), 5, values=np.full((5, 5), np.nan)), SymconvError,
         "values: expected finite numbers, got nan"),
        (lambda: draw_step(0, Geometry(3, ndim=2), 5, values=np.full((5, 5), 10**15)), SymconvError,
         "values: expected numbers of at most 15 digits"),
        (lambda: draw_step(0, Geometry(3, ndim=2), 5, values=[["a"] * 5] * 5), TypeError,
         "values: expected an array of ints or floats"),
        (lambda: draw_step(0, Geometry(3, ndim=2), 5, values="12345"), TypeError, "values: expected an array"),
        (lambda: draw_step(0, Geometry(3, ndim=2), 5, values=[[1, 2], [3]]), SymconvError, "values: .*ragged"),
        (lambda: draw_step(0, Geometry(3, ndim=2), 5, operation="max", weights=np.ones((3, 3))), SymconvError,
         r"weights: pooling \('max'\) takes no kernel values"),
        (lambda: draw_step(0, Geometry(3, transposed=True, ndim=2), 2, operation="max"), SymconvError,
         "operation: pooling is drawn for a direct geometry"),
        (lambda: draw_step(0, Geometry(2, dilation=3, padding=3, ndim=2), 2, operation="max"), SymconvError,
         "padding: every pooling window must cover an input cell"),
        (lambda: draw_step(0, Geometry(3, ndim=2), 5, numeric=False, values=GUIDE_INPUT), SymconvError,
         "numeric: values are written in numeric mode, got values with numeric=False"),
        (lambda: draw_step(0, Geometry(3, ndim=2), 5, numeric=1), TypeError, "numeric: expected a bool, got int 1"),
        (lambda: draw_step(0, Geometry(3, ndim=2), 5, static="yes"), TypeError, "static: expected a bool"),
        (lambda: draw_step(0, Geometry(3, ndim=2), 5, matrix=None), TypeError, "matrix: expected a bool"),
        (lambda: draw_step(0, Geometry(3, padding=1, ndim=2), 150, matrix=True), SymconvError,
         rf"matrix: the matrix view draws C of 22500x22500 = 506,250,000 cells, more than {MAX_MATRIX_CELLS:,}"),
        (lambda: draw_step(0, Geometry(3, stride=300, ndim=2), 301), SymconvError,
         r"input_size: a frame would draw 90,601 cells of input plane \(the input with its padding\), more than 40,000"),
        (lambda: draw_step(0, Geometry(3, stride=300, transposed=True, ndim=2), 2), SymconvError,
         r"input_size, kernel_size, stride: a frame would draw 93,025 cells of input plane \(the input with its "
         r"padding and inserted zeros\)"),  # (2 - 1) * 300 + 1 stretched, k - 1 = 2 of padding each side
        (lambda: draw_step(0, Geometry(3, padding=99, ndim=2), 4), SymconvError,  # (4 + 2 * 99)^2 cells
         r"input_size, padding: a frame would draw 40,804 cells of input plane \(the input with its padding\)"),
        (lambda: frame_strip(Geometry(3, ndim=2), 5, []), SymconvError, "steps: expected at least one step, got none"),
        (lambda: frame_strip(Geometry(3, ndim=2), 5, [0, 9]), SymconvError,
         r"steps: expected an int from 0 to 8 \(one per output cell\), got 9"),
        (lambda: frame_strip(Geometry(3, ndim=2), 5, [0.0]), TypeError, "steps: expected an int, got float"),
        (lambda: frame_strip(Geometry(3, ndim=2), 5, 3), TypeError, "steps: expected a list of ints, got int"),
        (lambda: frame_strip(Geometry(3, ndim=2), 5, list(range(9)) * 2), SymconvError,
         "steps: expected at most 9 steps"),
        (lambda: frame_strip(Geometry(3, ndim=2), 5, columns=0), SymconvError, "columns: expected a positive int, got 0"),
        (lambda: frame_strip(Geometry(3, ndim=2), 5, columns=1.5), TypeError, "columns: expected a positive int"),
        (lambda: frame_file(Geometry(3, ndim=2), 5, "gif", step=0), SymconvError,
         r"fmt: expected one of png, svg, pdf, tex, got 'gif'"),
        (lambda: frame_file(Geometry(3, ndim=2), 5, b"png", step=0), TypeError, "fmt: expected one of"),
        (lambda: frame_file(Geometry(3, ndim=2), 5, "png"), SymconvError,
         "step, steps: expected one frame .step. or a strip .steps., got step=None and steps=None"),
        (lambda: frame_file(Geometry(3, ndim=2), 5, "png", step=0, steps=[1]), SymconvError, "step, steps: expected one"),
        (lambda: frame_file(Geometry(3, ndim=2), 5, "png", step=9), SymconvError, "step: expected an int from 0 to 8"),
        (lambda: frame_file(Geometry(3, ndim=2), 5, "tex", step=-1), SymconvError, "step: expected an int from 0 to 8"),
        (lambda: frame_file(Geometry(3, ndim=2), 5, "png", steps="all"), SymconvError,
         "steps: expected a list of ints or 'key', got 'all'"),
        (lambda: frame_file(Geometry(3, ndim=2), 5, "png", step=0, dpi=0), SymconvError,
         "dpi: expected a number from 1 to 1200, got 0"),
        (lambda: frame_file(Geometry(3, ndim=2), 5, "png", step=0, dpi=1201), SymconvError, "dpi: expected a number"),
        (lambda: frame_file(Geometry(3, ndim=2), 5, "png", step=0, dpi="high"), TypeError, "dpi: expected a number"),
        (lambda: arithmetic_strip("nope"), SymconvError, "name: expected one of"),
    ],
)
def test_numeric_strip_and_file_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_chinese_tikz_frames_compile_with_xelatex():
    from _tools import compile_latex

    tex = frame_file(Geometry(3, stride=2, padding=1, transposed=True, ndim=2), 3, "tex", steps="key", lang="zh",
                     numeric=True).decode()
    assert tex.startswith("% !TEX program = xelatex\n") and "\\usepackage{xeCJK}" in tex
    assert by_catalogue("input") in tex and by_catalogue("step {step}/{count}").format(step=1, count=25) in tex
    assert compile_latex(tex, engine="xelatex")[:5] == b"%PDF-"

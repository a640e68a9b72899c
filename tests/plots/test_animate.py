"""Animations of the convolution-arithmetic configurations (symconv.plots.animate).

What was drawn is checked against sets computed here by plain loops from the
definitions: a direct convolution's output ``o`` reads input ``o*s - p + t*d``;
a transposed convolution scatters input ``j`` to outputs ``j*s - p + t*d``.
The guide's own numbers (Dumoulin & Visin, arXiv:1603.07285, and the
``bin/generate_makefile`` table of github.com/vdumoulin/conv_arithmetic) give
the sizes.
"""

import io

import numpy as np
import pytest
from _chinese import assert_glyphs_drawn, by_catalogue, need_chinese_font, no_missing_glyphs, svg_texts, without_font
from matplotlib.figure import Figure
from PIL import Image

from symconv import Geometry, SymconvError
from symconv.plots.animate import (
    ARITHMETIC_CONFIGS,
    OUTPUT_COLOR,
    animation_frames,
    arithmetic_animation,
    conv_animation,
    draw_step,
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
    english = draw_step(0, geometry, size)["title"].get_text()
    # the English title is "<kind>  <the guide's notation>"; only the kind is prose, the notation stays
    kind, notation = english.split("  ", 1)
    assert kind == ("transposed conv" if geometry.transposed else "conv")
    with without_font():  # what it says needs no font: this runs everywhere
        title = draw_step(0, geometry, size, lang="zh")["title"].get_text()
    assert title == by_catalogue(kind) + "  " + notation


@pytest.mark.parametrize("geometry, size", TITLED)
def test_chinese_title_draws_every_glyph(geometry, size):
    from symconv._output.savefig import figure_bytes

    need_chinese_font()
    kind = "transposed conv" if geometry.transposed else "conv"
    drawn = draw_step(0, geometry, size, lang="zh")
    with no_missing_glyphs():
        svg = figure_bytes(drawn["title"].figure, "svg").decode("utf-8")
    assert svg_texts(svg) == [drawn["title"].get_text()]
    assert_glyphs_drawn(svg, by_catalogue(kind))


def _title_rows(geometry, size, lang):
    """The pixel rows (from the top, as in a frame) that the title of the animation's figure covers."""
    title = draw_step(0, geometry, size, lang=lang)["title"]
    figure = title.figure
    extent = title.get_window_extent(figure.canvas.get_renderer())
    height = round(figure.bbox.height)
    return int(height - extent.y1) - 1, int(height - extent.y0) + 1


@pytest.mark.parametrize("geometry, size", TITLED[:2])
def test_chinese_frames_differ_from_the_english_only_in_the_title(geometry, size):
    need_chinese_font()
    english = animation_frames(geometry, size)
    with no_missing_glyphs():
        chinese = animation_frames(geometry, size, lang="zh")
    assert len(chinese) == len(english)
    top = min(_title_rows(geometry, size, "en")[0], _title_rows(geometry, size, "zh")[0])
    bottom = max(_title_rows(geometry, size, "en")[1], _title_rows(geometry, size, "zh")[1])
    for zh, en in zip(chinese, english):
        assert zh.shape == en.shape
        rows = np.flatnonzero((zh != en).any(axis=(1, 2)))
        assert rows.size and top <= rows.min() and rows.max() <= bottom


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

    def refused(kind):  # the message names the characters needed, in code-point order
        needed = "".join(sorted(set(by_catalogue(kind))))
        return rf"^lang: drawing Chinese needs a font with glyphs for '{needed}' and matplotlib finds none; install"

    ax = Figure().add_subplot()
    with pytest.raises(SymconvError, match=refused("conv")):
        draw_step(0, Geometry(3, ndim=2), 4, ax=ax, lang="zh")
    assert not ax.collections and not ax.patches and not ax.texts  # nothing drawn
    with pytest.raises(SymconvError, match=refused("transposed conv")):
        conv_animation(2, 3, transposed=True, lang="zh")
    with pytest.raises(SymconvError, match=refused("conv")):
        arithmetic_animation("dilation", lang="zh")
    # without a title nothing Chinese is drawn, and English needs no such font
    geometry = Geometry(3, ndim=2)
    untitled = animation_frames(geometry, 4, title=False, lang="zh")
    assert all(np.array_equal(a, b) for a, b in zip(untitled, animation_frames(geometry, 4, title=False)))
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

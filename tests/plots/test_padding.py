"""symconv.plots.padding_modes_figure: the padded input of each mode, against NumPy's and torch's padding and by hand."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from _chinese import assert_glyphs_drawn, by_catalogue, need_chinese_font, no_missing_glyphs, svg_texts, without_font
from _tools import need_module

from symconv import SymconvError
from symconv._output.savefig import figure_bytes
from symconv.plots import padding_modes_figure
from symconv.plots.animate import COPIED_COLOR, EMPTY_COLOR, INPUT_COLOR

#: NumPy's names of PyTorch's padding modes
NUMPY_MODE = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}

CASES = [  # (input_size, padding): 1-D and 2-D, even and odd, pads at their modes' limits and one-sided
    (5, 2), (4, 3), (1, 0), ((3, 3), 2), ((2, 4), 1), ((4, 2), (1, 1)), ((3, 5), ((2, 0), (1, 4))), ((6, 6), 5),
]


def _pads(input_size, padding):
    sizes = (input_size,) if isinstance(input_size, int) else input_size
    if isinstance(padding, int):
        return sizes, [(padding, padding)] * len(sizes)
    return sizes, [p if isinstance(p, tuple) else (p, p) for p in padding]


def _fits(mode, sizes, pads):
    reach = {"reflect": 1, "circular": 0}.get(mode)
    return reach is None or all(max(pair) + reach <= n for n, pair in zip(sizes, pads))


@pytest.mark.parametrize("input_size, padding", CASES)
def test_each_panel_is_numpys_padding_of_the_input(input_size, padding):
    sizes, pads = _pads(input_size, padding)
    modes = [mode for mode in NUMPY_MODE if _fits(mode, sizes, pads)]
    rng = np.random.default_rng(len(sizes) * 10 + sum(map(sum, pads)))
    values = rng.integers(-9, 10, size=sizes)
    picture = padding_modes_figure(input_size, padding, modes=modes, values=values)
    assert list(picture.padded) == modes and picture.pads == tuple(pads)
    for mode in modes:
        np.testing.assert_array_equal(picture.padded[mode], np.pad(values, pads, mode=NUMPY_MODE[mode]))


def test_each_panel_is_torchs_padding_of_the_input():
    torch = need_module("torch")
    rng = np.random.default_rng(7)
    for (h, w), (top, bottom, left, right) in itertools.product([(3, 3), (2, 5), (4, 4)], [(1, 1, 1, 1), (0, 2, 1, 0)]):
        x = rng.standard_normal((h, w))
        for mode in ("zeros", "reflect", "replicate", "circular"):
            if not _fits(mode, (h, w), [(top, bottom), (left, right)]):
                continue
            picture = padding_modes_figure((h, w), ((top, bottom), (left, right)), modes=[mode], values=x)
            torch_mode = "constant" if mode == "zeros" else mode
            expected = torch.nn.functional.pad(torch.from_numpy(x)[None, None], (left, right, top, bottom),
                                               mode=torch_mode)[0, 0].numpy()
            np.testing.assert_array_equal(picture.padded[mode], expected)


def test_the_sources_by_hand():
    picture = padding_modes_figure(4, 2)
    assert [list(picture.sources[mode][0]) for mode in picture.padded] == [
        [-1, -1, 0, 1, 2, 3, -1, -1],  # zeros
        [2, 1, 0, 1, 2, 3, 2, 1],  # reflect: about the border cell, which is not repeated
        [0, 0, 0, 1, 2, 3, 3, 3],  # replicate
        [2, 3, 0, 1, 2, 3, 0, 1],  # circular
    ]


def _cells(ax):
    """The cells' faces and numbers in drawing order (row by row): the patches but the outline, the texts."""
    from matplotlib.colors import to_hex

    faces = [to_hex(patch.get_facecolor()) for patch in ax.patches if patch.get_fill()]
    numbers = [text.get_text() for text in ax.texts]
    return faces, numbers


def test_what_each_panel_draws_is_its_padded_input():
    """Every cell's number is the padded value; input cells blue, copies light blue, zero padding white."""
    values = np.array([[1.5, -2.0, 3.25], [4.0, 0.125, 6.0], [7.0, 8.0, -9.5]])
    picture = padding_modes_figure((3, 3), 1, values=values)
    for mode, ax in picture.axes.items():
        faces, numbers = _cells(ax)
        assert numbers == [f"{v:.3g}" if v % 1 else f"{int(v)}" for v in picture.padded[mode].ravel()]
        grid = np.array(faces).reshape(5, 5)
        assert (grid[1:4, 1:4] == INPUT_COLOR.lower()).all()
        border = np.concatenate([grid[0], grid[-1], grid[1:-1, 0], grid[1:-1, -1]])
        assert set(border) == {EMPTY_COLOR.lower() if mode == "zeros" else COPIED_COLOR.lower()}
        assert ax.get_title() == mode
        outline = [patch for patch in ax.patches if not patch.get_fill()]
        assert [(p.get_x(), p.get_y(), p.get_width(), p.get_height()) for p in outline] == [(1, 1, 3, 3)]
    # circular's first row: the last input row, wrapped (positions -1 .. 3 copy columns 2, 0, 1, 2, 0)
    assert numbers[:5] == ["-9.5", "7", "8", "-9.5", "7"]


def test_the_figure_prints_near_its_own_size_and_every_cell_is_on_it():
    picture = padding_modes_figure()  # 3x3 padded by 2: four 7x7 panels, two to a row
    width, height = picture.figure.get_size_inches()
    assert 4.5 < width < 6.5 and height < 7  # a page's text width: printed at about its own size
    renderer = FigureCanvasAgg(picture.figure).get_renderer()
    box = picture.figure.bbox
    for ax in picture.axes.values():
        for artist in (*ax.texts, ax.title):
            extent = artist.get_window_extent(renderer)
            assert box.x0 <= extent.x0 and extent.x1 <= box.x1 and box.y0 <= extent.y0 and extent.y1 <= box.y1
    legend = picture.figure.legends[0].get_window_extent(renderer)
    assert box.x0 <= legend.x0 and legend.x1 <= box.x1
    top_row = [picture.axes[m].get_position().y0 for m in ("zeros", "reflect")]
    bottom_row = [picture.axes[m].get_position().y0 for m in ("replicate", "circular")]
    assert top_row[0] == top_row[1] > bottom_row[0] == bottom_row[1]
    one_d = padding_modes_figure(5, 2)
    legend = one_d.figure.legends[0].get_window_extent(FigureCanvasAgg(one_d.figure).get_renderer())
    assert one_d.figure.bbox.x0 <= legend.x0 and legend.x1 <= one_d.figure.bbox.x1


def test_the_chinese_legend_is_the_catalogues_and_draws_every_glyph():
    english = padding_modes_figure()
    with without_font():
        chinese = padding_modes_figure(lang="zh")
    words = [[text.get_text() for text in fig.figure.legends[0].get_texts()] for fig in (english, chinese)]
    assert words[0] == ["input cell", "padding: a copy of an input cell", "padding: zero"]
    assert words[1] == [by_catalogue(text) for text in words[0]]
    for mode in english.padded:  # the same panels
        assert _cells(chinese.axes[mode]) == _cells(english.axes[mode])
    need_chinese_font()
    with no_missing_glyphs():
        svg = figure_bytes(padding_modes_figure(lang="zh").figure, "svg").decode("utf-8")
    assert set(words[1]) <= set(svg_texts(svg))
    assert_glyphs_drawn(svg, "".join(svg_texts(svg)))


@pytest.mark.parametrize("call, error, message", [
    (lambda: padding_modes_figure(3, 3, modes=["reflect"]), SymconvError,
     r"padding: reflect padding needs each pad smaller than the input .* got pads \(3, 3\) on axis 0 of an input of 3"),
    (lambda: padding_modes_figure(3, 4, modes=["circular"]), SymconvError, r"padding: circular padding needs each pad"),
    (lambda: padding_modes_figure(3, 3), SymconvError, r"padding: reflect padding needs"),  # all four by default
    (lambda: padding_modes_figure((3, 3, 3), 1), SymconvError, r"input_size: expected 1 or 2 axes to draw, got 3"),
    (lambda: padding_modes_figure(0, 1), SymconvError, r"input_size"),
    (lambda: padding_modes_figure(3, -1), SymconvError, r"padding"),
    (lambda: padding_modes_figure((40, 40), 2, modes=["zeros"]), SymconvError,
     r"input_size, padding: a panel would draw 1,936 cells, more than the 900 that stay readable; make them smaller"),
    (lambda: padding_modes_figure(3, 1, modes=["mirror"]), SymconvError,
     r"modes: expected some of 'zeros', 'reflect', 'replicate', 'circular', got 'mirror'"),
    (lambda: padding_modes_figure(3, 1, modes=[]), SymconvError, r"modes: expected a non-empty tuple of mode names"),
    (lambda: padding_modes_figure(3, 1, modes=["zeros", "zeros"]), SymconvError, r"modes: each mode once"),
    (lambda: padding_modes_figure(3, 1, modes="zeros"), SymconvError,
     r"modes: expected a non-empty tuple of mode names, got 'zeros'"),
    (lambda: padding_modes_figure(3, 1, modes=[3]), TypeError, r"modes: expected mode names \(str\), got 3"),
    (lambda: padding_modes_figure(3, 1, values=[1, 2]), SymconvError,
     r"values: expected an array of shape \(3,\) \(the input\), got \(2,\)"),
    (lambda: padding_modes_figure(3, 1, values=[1, np.nan, 2]), SymconvError, r"values: expected finite numbers"),
    (lambda: padding_modes_figure(3, 1, values=["a", "b", "c"]), TypeError, r"values: expected real numbers"),
    (lambda: padding_modes_figure(3, 1, values=[True, False, True]), TypeError, r"values: expected real numbers"),
    (lambda: padding_modes_figure(3, 1, lang="fr"), SymconvError, r"lang: expected 'en' or 'zh', got 'fr'"),
])
def test_bad_input_is_refused_with_a_clear_error(call, error, message):
    with pytest.raises(error, match=message) as caught:
        call()
    if error is SymconvError:
        assert caught.value.parameter is not None and str(caught.value).startswith(caught.value.parameter)


def test_a_pad_at_each_modes_limit_is_drawn_and_one_more_is_refused():
    """The limits are PyTorch's: reflect pads up to the input minus one, circular up to the input."""
    assert padding_modes_figure(3, 2, modes=["reflect"]).padded["reflect"].shape == (7,)
    assert padding_modes_figure(3, 3, modes=["circular", "replicate", "zeros"]).padded["circular"].shape == (9,)
    with pytest.raises(SymconvError, match="reflect"):
        padding_modes_figure(3, 3, modes=["reflect"])
    with pytest.raises(SymconvError, match="circular"):
        padding_modes_figure(3, 4, modes=["circular"])


def test_jupyter_shows_it_as_svg():
    picture = padding_modes_figure(4, 1, modes=["reflect", "circular"])
    svg = picture._repr_svg_()
    assert svg.lstrip().startswith(("<?xml", "<svg")) and "reflect" in svg and "circular" in svg
    assert picture.figure is picture.ax.figure and list(picture.axes) == ["reflect", "circular"]

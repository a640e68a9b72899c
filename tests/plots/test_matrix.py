"""The conv matrix's pattern (symconv.plots.matrix), checked against loops, the block route and the graphs' colours;
the doubly-block Toeplitz blocks figure, checked against the block structure worked out by hand."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy
from _chinese import assert_glyphs_drawn, by_catalogue, need_chinese_font, no_missing_glyphs, svg_texts, without_font

from symconv import Geometry, SymconvError
from symconv._output.colors import TAP_COLORS
from symconv._output.savefig import figure_bytes
from symconv.matrix import conv_matrix_blocks
from symconv.plots import MAX_CELLS, conv_matrix_blocks_figure, conv_matrix_figure

from ._texts import in_chinese, texts_of


def rgb(color: str) -> tuple:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def pixels(picture) -> np.ndarray:
    return np.asarray(picture.image.get_array())


# ----------------------------------------------------------------------------
# conv_matrix_figure
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, k, stride, padding, dilation",
    [(5, 3, 1, 0, 1), (5, 3, 1, 1, 1), (7, 3, 2, 1, 1), (9, 3, 1, 2, 2), (6, 4, 3, 0, 1)],
)
def test_1d_pattern_is_the_loop_of_taps(n, k, stride, padding, dilation):
    picture = conv_matrix_figure(n, k, stride=stride, padding=padding, dilation=dilation)
    image = pixels(picture)
    n_out = (n + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    assert image.shape == (n_out, n, 3)
    expected = np.full((n_out, n, 3), 255, dtype=np.uint8)
    for o, t in itertools.product(range(n_out), range(k)):
        column = o * stride - padding + t * dilation
        if 0 <= column < n:
            expected[o, column] = rgb(TAP_COLORS[t])  # tap t has the colour the graphs give it
    np.testing.assert_array_equal(image, expected)
    assert picture.block_lines == [] and picture.labels == []  # 1-D: one Toeplitz block


@pytest.mark.parametrize(
    "size, k, stride, padding, dilation",
    [((4, 4), 3, 1, 0, 1), ((5, 5), 3, 2, 1, 1), ((5, 6), (2, 3), 1, 0, 1), ((7, 7), 3, 1, 0, 2), ((6, 5), 3, 2, 0, 1)],
)
def test_2d_pattern_is_the_loop_of_taps(size, k, stride, padding, dilation):
    kh, kw = (k, k) if isinstance(k, int) else k
    picture = conv_matrix_figure(size, k, stride=stride, padding=padding, dilation=dilation)
    H, W = size
    oh = (H + 2 * padding - dilation * (kh - 1) - 1) // stride + 1
    ow = (W + 2 * padding - dilation * (kw - 1) - 1) // stride + 1
    expected = np.full((oh * ow, H * W, 3), 255, dtype=np.uint8)
    for i, j, a, b in itertools.product(range(oh), range(ow), range(kh), range(kw)):
        r, c = i * stride - padding + a * dilation, j * stride - padding + b * dilation
        if 0 <= r < H and 0 <= c < W:
            expected[i * ow + j, r * W + c] = rgb(TAP_COLORS[(a * kw + b) % len(TAP_COLORS)])
    np.testing.assert_array_equal(pixels(picture), expected)


@pytest.mark.parametrize(
    "size, k, stride, padding, dilation",
    [((4, 4), 3, 1, 0, 1), ((5, 5), 3, 2, 1, 1), ((5, 6), (2, 3), 1, 0, 1), ((7, 7), 3, 1, 0, 2), ((3, 4, 5), 2, 1, 0, 1)],
)
def test_block_layout_is_that_of_conv_matrix_blocks(size, k, stride, padding, dilation):
    picture = conv_matrix_figure(size, k, stride=stride, padding=padding, dilation=dilation)
    ndim = len(size)
    kernel = (k,) * ndim if isinstance(k, int) else k
    blocks = conv_matrix_blocks(size, np.ones((1, 1, *kernel)), stride=stride, padding=padding, dilation=dilation)
    np.testing.assert_array_equal(picture.block_layout, blocks.layout)
    assert picture.block_shape == (blocks.blocks[0].shape[0], blocks.blocks[0].shape[1])
    labels = sorted(label.get_text() for label in picture.labels)
    assert labels == sorted(f"$W_{{{a},:}}$" for a in blocks.layout.ravel() if a >= 0)


def test_the_guide_example_4x4_with_3x3():
    # Dumoulin & Visin, section 4.1: a 4x16 matrix, nine taps per row, four rows
    picture = conv_matrix_figure((4, 4), 3)
    assert picture.matrix.shape == (4, 16) and picture.matrix.nnz == 36
    dense = picture.matrix.toarray()
    np.testing.assert_array_equal(dense[0], [1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 0, 0, 0, 0])
    assert [h.get_label() for h in picture.ax.get_legend().legend_handles] == [
        f"tap ({a},{b})" for a in range(3) for b in range(3)
    ]
    # block boundaries between the two block rows and the four block columns
    (rows, columns) = picture.block_lines
    assert [seg[0][1] for seg in rows.get_segments()] == [1.5]
    assert [seg[0][0] for seg in columns.get_segments()] == [3.5, 7.5, 11.5]


def test_channels_and_groups():
    picture = conv_matrix_figure(4, 2, channels=(2, 4), groups=2)
    dense = picture.matrix.toarray()
    assert dense.shape == (4 * 3, 2 * 4)
    # groups=2: output channels 0-1 read input channel 0 only, 2-3 input channel 1 only
    assert not dense[:6, 4:].any() and not dense[6:, :4].any()
    assert (dense[:6, :4] > 0).sum() == 2 * 3 * 2  # two channels, three outputs, two taps
    (rows, columns) = picture.channel_lines
    assert [seg[0][1] for seg in rows.get_segments()] == [2.5, 5.5, 8.5]
    assert [seg[0][0] for seg in columns.get_segments()] == [3.5]


def test_transposed_is_the_forward_matrix_transposed():
    forward = conv_matrix_figure((5, 5), 3, stride=2, padding=1)
    transposed = conv_matrix_figure((3, 3), 3, stride=2, padding=1, transposed=True)
    np.testing.assert_array_equal(transposed.matrix.toarray(), forward.matrix.toarray().T)
    np.testing.assert_array_equal(transposed.block_layout, forward.block_layout.T)
    assert "transposed" in transposed.ax.get_title(loc="left")


def test_the_transposed_matrix_is_titled_c_transposed():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    transposed = conv_matrix_figure((3, 3), 3, stride=2, padding=1, transposed=True)
    title = transposed.ax.get_title(loc="left")
    assert title.startswith("Cᵀ: 25 x 9, ") and title.splitlines()[0].endswith(f"{transposed.matrix.nnz} stored entries")
    assert conv_matrix_figure((5, 5), 3, stride=2, padding=1).ax.get_title(loc="left").startswith("C: 9 x 25, ")
    # the font has the glyph: drawn, the superscript T is not the missing-glyph box
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    FigureCanvasAgg(transposed.figure).draw()
    assert FT2Font(findfont(FontProperties(family=transposed.ax._left_title.get_fontfamily()))).get_char_index(ord("ᵀ"))


def test_the_title_counts_what_is_drawn():
    picture = conv_matrix_figure(5, 3, padding=1)
    assert picture.ax.get_title(loc="left") == "C: 5 x 5, 13 stored entries\ninput 5, kernel 3, padding 1"


def test_many_taps_or_blocks_are_not_labelled():
    picture = conv_matrix_figure((8, 8), 5)  # 25 taps: colours repeat, no legend
    assert picture.ax.get_legend() is None
    picture = conv_matrix_figure((30, 30), 3)  # 28 block rows: too many labels
    assert picture.labels == [] and picture.block_lines
    assert conv_matrix_figure((4, 4), 3, legend=False).ax.get_legend() is None


def test_matrix_figure_bytes_are_stable():
    first = figure_bytes(conv_matrix_figure((4, 4), 3).figure, "svg")
    picture = conv_matrix_figure((4, 4), 3)
    assert figure_bytes(picture.figure, "svg") == first == figure_bytes(picture.figure, "svg")


def test_drawing_on_given_axes():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    assert conv_matrix_figure(4, 2, ax=ax).ax is ax


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: conv_matrix_figure((2100, 2100), 1), SymconvError,
         r"input_size: the matrix would be 4,410,000 x 4,410,000, more than the 4,000,000 cells drawn; "
         r"make it smaller \(input \(2100, 2100\)\)"),
        # padding 500 of a 4x4 input: (4 + 1000 - 2)^2 = 1002^2 outputs, 16 columns; two channels double each side
        (lambda: conv_matrix_figure((4, 4), 3, padding=500, channels=(2, 2)), SymconvError,
         r"input_size, padding, channels: the matrix would be 2,008,008 x 32, more than the 4,000,000 cells drawn; "
         r"make them smaller"),
        # transposed, 5x5 inputs at stride 100: (5 - 1) 100 + 3 = 403 outputs per axis, 403^2 x 25 cells
        (lambda: conv_matrix_figure((5, 5), 3, stride=100, transposed=True), SymconvError,
         r"input_size, kernel_size, stride: the matrix would be 162,409 x 25, more than the 4,000,000 cells drawn; "
         r"make them smaller \(input \(5, 5\)\)"),
        (lambda: conv_matrix_figure(4, 2, channels=(2, 3), groups=2), SymconvError,
         r"groups: expected a divisor of the output channels \(3\), got 2"),
        (lambda: conv_matrix_figure(4, 2, channels=3), SymconvError,
         r"channels: expected a pair \(in_channels, out_channels\), got 3"),
        (lambda: conv_matrix_figure(4, 2, channels=(0, 1)), SymconvError, r"channels: expected a positive int, got 0"),
        (lambda: conv_matrix_figure(4, 5), SymconvError, r"kernel_size: effective kernel 5 .* larger than"),
        (lambda: conv_matrix_figure((), 2), SymconvError, r"input_size: expected an int or a non-empty tuple"),
        (lambda: conv_matrix_figure(sympy.Symbol("n", positive=True, integer=True), 2), TypeError,
         r"input_size: a picture needs concrete sizes"),
        (lambda: conv_matrix_figure(4.0, 2), TypeError, r"input_size"),
        (lambda: conv_matrix_figure(4, 2, transposed=1), TypeError, r"transposed: expected a bool, got int 1"),
        (lambda: conv_matrix_figure(4, 2, lang="fr"), SymconvError, r"lang: expected 'en' or 'zh', got 'fr'"),
        (lambda: conv_matrix_figure(4, 2, lang=None), TypeError, r"lang: expected 'en' or 'zh', got NoneType None"),
    ],
)
def test_matrix_figure_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_the_cell_limit_is_inclusive():
    assert MAX_CELLS == 2000 * 2000
    assert conv_matrix_figure(2000, 1, legend=False).matrix.shape == (2000, 2000)
    with pytest.raises(SymconvError, match="2,001 x 2,001"):
        conv_matrix_figure(2001, 1)


# ----------------------------------------------------------------------------
# conv_matrix_blocks_figure
# ----------------------------------------------------------------------------


def _hand_layout(n_out_rows, n_in_rows, kernel_rows, padding):
    """Block (r, c) holds kernel row a = c - r + padding when that row exists (stride 1): Dumoulin & Visin 4.1."""
    return [[c - r + padding if 0 <= c - r + padding < kernel_rows else -1 for c in range(n_in_rows)]
            for r in range(n_out_rows)]


@pytest.mark.parametrize(
    "input_size, kernel_size, padding",
    [((4, 4), (3, 3), 1), ((5, 4), (2, 3), 0), ((3, 5), (3, 2), 1)],
)
def test_blocks_figure_draws_the_block_layout_and_each_block_by_tap(input_size, kernel_size, padding):
    (H, W), (kh, kw) = input_size, kernel_size
    oh, ow = H + 2 * padding - kh + 1, W + 2 * padding - kw + 1
    fig = conv_matrix_blocks_figure(input_size, kernel_size, padding=padding)
    layout_ax, *block_axes = fig.axes
    assert len(block_axes) == kh  # one Toeplitz block per kernel row
    layout = _hand_layout(oh, H, kh, padding)
    expected = sorted((c, r, f"B{a}") for r, row in enumerate(layout) for c, a in enumerate(row) if a >= 0)
    assert sorted((*map(round, t.get_position()), t.get_text()) for t in layout_ax.texts) == expected
    assert (layout_ax.get_xlabel(), layout_ax.get_ylabel(), layout_ax.get_title()) == (
        "input row", "output row", "block layout"
    )
    for a, ax in enumerate(block_axes):
        assert ax.get_title() == f"B{a} (kernel row {a})"
        # entry (j, c) of B_a holds tap (a, b) with b = c - j + padding: labelled "ab"
        expected = sorted(
            (c, j, f"{a}{c - j + padding}") for j in range(ow) for c in range(W) if 0 <= c - j + padding < kw
        )
        assert sorted((*map(round, t.get_position()), t.get_text()) for t in ax.texts) == expected


def test_blocks_figure_agrees_with_conv_matrix_blocks_and_is_byte_stable():
    blocks = conv_matrix_blocks((1, 4, 4), np.ones((1, 1, 3, 3)), padding=1)
    fig = conv_matrix_blocks_figure()
    assert len(fig.axes) == 1 + len(blocks.blocks)
    layout = fig.axes[0].images[0].get_array()
    assert layout.shape[:2] == blocks.layout.shape
    # zero blocks are white, the others coloured
    white = np.all(np.asarray(layout)[..., :3] == 1.0, axis=-1)
    np.testing.assert_array_equal(white, blocks.layout < 0)
    assert figure_bytes(fig, "svg") == figure_bytes(conv_matrix_blocks_figure(), "svg")


def test_blocks_figure_colours_each_tap_as_the_matrix_figure_does():
    fig = conv_matrix_blocks_figure((4, 4), (3, 3), padding=1)
    for a, ax in enumerate(fig.axes[1:]):
        (image,) = ax.images
        values = np.asarray(image.get_array())
        colours = image.to_rgba(values, bytes=True)[..., :3]
        for (j, c), value in np.ndenumerate(values):
            want = (255, 255, 255) if value == 0 else tuple(int(TAP_COLORS[value - 1][i:i + 2], 16) for i in (1, 3, 5))
            assert tuple(colours[j, c]) == want


def test_blocks_figure_errors():
    with pytest.raises(SymconvError):
        conv_matrix_blocks_figure((2, 2), (3, 3), padding=0)  # the kernel does not fit


# ----------------------------------------------------------------------------
# lang="zh"
# ----------------------------------------------------------------------------


MATRICES = [
    {"input_size": 5, "kernel_size": 3, "padding": 1},
    {"input_size": (4, 4), "kernel_size": 3, "stride": 2, "padding": 1},
    {"input_size": 3, "kernel_size": 3, "stride": 2, "dilation": 2, "transposed": True, "output_padding": 1},
    {"input_size": (3, 4), "kernel_size": (2, 3), "padding": ((0, 1), (1, 1)), "channels": (2, 2)},
]


@pytest.mark.parametrize("arguments", MATRICES)
def test_matrix_figure_in_chinese_says_what_the_english_one_says(arguments):
    english = conv_matrix_figure(**arguments)
    with without_font():  # what it says needs no font: this runs everywhere
        chinese = conv_matrix_figure(**arguments, lang="zh")
    assert texts_of(chinese) == in_chinese(texts_of(english))
    np.testing.assert_array_equal(pixels(chinese), pixels(english))  # the same matrix


@pytest.mark.parametrize("arguments", MATRICES)
def test_matrix_figure_in_chinese_draws_every_glyph(arguments):
    need_chinese_font()
    chinese = conv_matrix_figure(**arguments, lang="zh")
    with no_missing_glyphs():
        svg = figure_bytes(chinese.figure, "svg").decode("utf-8")
        figure_bytes(chinese.figure, "png")
        figure_bytes(chinese.figure, "pdf")
    assert set(chinese.ax.get_title(loc="left").split("\n")) <= set(svg_texts(svg))
    assert_glyphs_drawn(svg, "".join(svg_texts(svg)))


def test_blocks_figure_in_chinese_says_what_the_english_one_says():
    """The printed figure of the Chinese transposed page: titles and axis labels through the catalogue, the blocks the same."""
    english = conv_matrix_blocks_figure()
    with without_font():
        chinese = conv_matrix_blocks_figure(lang="zh")

    def words(fig):
        return [(ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) for ax in fig.axes]

    assert words(chinese) == [tuple(by_catalogue(t) if t else "" for t in axis) for axis in words(english)]
    assert words(english)[0] == ("block layout", "input row", "output row") and words(english)[1][0] == "B0 (kernel row 0)"
    for drawn_zh, drawn_en in zip(chinese.axes, english.axes, strict=True):  # the same blocks
        np.testing.assert_array_equal(drawn_zh.images[0].get_array(), drawn_en.images[0].get_array())
    need_chinese_font()
    with no_missing_glyphs():
        svg = figure_bytes(conv_matrix_blocks_figure(lang="zh"), "svg").decode("utf-8")
    assert_glyphs_drawn(svg, "".join(svg_texts(svg)))
    with pytest.raises(SymconvError, match="lang: expected 'en' or 'zh', got 'fr'"):
        conv_matrix_blocks_figure(lang="fr")


def test_english_is_unchanged_by_lang_en():
    assert figure_bytes(conv_matrix_figure((4, 4), 3, lang="en").figure, "svg") == figure_bytes(
        conv_matrix_figure((4, 4), 3).figure, "svg"
    )


def test_chinese_without_a_chinese_font_is_refused_before_drawing(monkeypatch):
    from matplotlib.figure import Figure

    from symconv._output import fonts as _fonts

    monkeypatch.setattr(_fonts, "_candidates", lambda: iter(()))
    ax = Figure().add_subplot()
    message = r"lang: drawing Chinese needs a font with glyphs for '[^']+' and matplotlib finds none; install"
    with pytest.raises(SymconvError, match=message):
        conv_matrix_figure(4, 2, ax=ax, lang="zh")
    assert not ax.images and not ax.patches and not ax.texts and ax.get_title() == ""  # nothing drawn
    assert conv_matrix_figure(4, 2, ax=ax).ax is ax  # English needs no such font


def test_tap_labels_are_readable_on_their_cells():
    """Each block's labels: WCAG contrast >= 4.5 against the colour of the cell under them (tab10's black on
    the darker taps was below 3)."""
    from matplotlib.colors import to_hex

    def luminance(colour):
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                  for c in (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    fig = conv_matrix_blocks_figure((4, 4), (3, 3))
    checked = 0
    for ax in fig.axes[1:]:
        cells = np.asarray(ax.images[0].get_array())
        for text in ax.texts:
            col, row = (int(round(v)) for v in text.get_position())
            under = TAP_COLORS[(int(cells[row, col]) - 1) % len(TAP_COLORS)]
            high, low = sorted((luminance(under), luminance(to_hex(text.get_color()))), reverse=True)
            assert (high + 0.05) / (low + 0.05) >= 4.5, (text.get_text(), under, text.get_color())
            checked += 1
    assert checked == 3 * 10  # three blocks of ten entries each


def test_a_size_refusal_names_every_argument_that_grows_the_picture():
    """``.parameter`` lists what to make smaller: the arguments at values that lengthen the output (by hand)."""
    from symconv.plots.animate import draw_step

    cases = [
        (lambda: conv_matrix_figure((2100, 2100), 1), "input_size"),
        (lambda: conv_matrix_figure((4, 4), 3, padding=500, channels=(2, 2)), "input_size, padding, channels"),
        # a stride or padding of a direct layer shrinks its output, so neither is named
        (lambda: conv_matrix_figure((2100, 2100), 1, stride=1, padding=0), "input_size"),
        (lambda: conv_matrix_figure((5, 5), 1, stride=1000, transposed=True), "input_size, stride"),
        (lambda: conv_matrix_figure((5, 5), 3, dilation=700, output_padding=1, stride=2, transposed=True),
         "input_size, kernel_size, stride, dilation, output_padding"),
        (lambda: draw_step(0, Geometry(3, padding=99, ndim=2), 4), "input_size, padding"),
        (lambda: draw_step(0, Geometry(1, stride=300, transposed=True, ndim=2), 2), "input_size, stride"),
    ]
    for call, names in cases:
        with pytest.raises(SymconvError) as caught:
            call()
        assert caught.value.parameter == names
        assert str(caught.value).startswith(f"{names}: ")

"""Receptive-field growth drawn (symconv.plots.receptive), checked against the graphs' ancestors and published sizes."""

from __future__ import annotations

import pytest
import sympy
from _chinese import assert_glyphs_drawn, by_catalogue, need_chinese_font, no_missing_glyphs, svg_texts, without_font

from symconv import SymconvError
from symconv._output.savefig import figure_bytes
from symconv.graphs import connectivity_graph, receptive_field_nodes
from symconv.networks import lenet5, vgg16
from symconv.plots import receptive_field_figure

from ._texts import in_chinese, texts_of


# ----------------------------------------------------------------------------
# receptive_field_figure
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, layers",
    [
        (5, [(3, 1, 1), (3, 1, 1)]),
        (11, [(3, 1, 1), (2, 2, 0), (3, 1, 1)]),
        (16, [(3, 1, 0), (2, 2, 0), (3, 1, 0, 2)]),
        (13, [(5, 2, 2), (3, 2, 1), (3, 1, 0)]),
    ],
)
def test_regions_match_the_graph_ancestors(n, layers):
    picture = receptive_field_figure(layers, input_size=n)
    G = connectivity_graph(n, layers)
    for layer, ((start, end), unit) in enumerate(zip(picture.regions, picture.units)):
        size = G.graph["sizes"][layer]
        assert unit == (size - 1) // 2  # the middle unit
        if layer == 0:
            assert (start, end) == (unit, unit)
            continue
        seen = sorted(position for _, position in receptive_field_nodes(G, (layer, unit), 0))
        # the region may reach into the padding; inside the input it is exactly what the graph says
        assert seen == list(range(max(start, 0), min(end, n - 1) + 1))
    assert len(picture.bars) == len(layers) + 1


def test_vgg16_reaches_the_published_212():
    # Araujo et al. (Distill 2019): VGG-16 pool5 sees 212 pixels, effective stride 32
    picture = receptive_field_figure(vgg16(), input_size=224)
    start, end = picture.regions[-1]
    assert end - start + 1 == 212
    assert picture.labels[-1].get_text() == "212 (stride 32)"
    assert [tick.get_text() for tick in picture.ax.get_yticklabels()][:3] == ["input", "conv1_1", "conv1_2"]
    pool, conv = (patch.get_facecolor() for patch in (picture.bars[3], picture.bars[1]))
    assert pool != conv  # pooling layers are told apart


def test_without_input_size_unit_zero_is_drawn():
    picture = receptive_field_figure([(3, 1, 1), (3, 1, 1)])
    assert picture.units == [0, 0, 0]
    assert picture.regions == [(0, 0), (-1, 1), (-2, 2)]  # u = -P, v = u + r - 1
    assert "unit 0" in picture.ax.get_title()


def test_lenet5_on_its_32x32_input():
    picture = receptive_field_figure(lenet5(), input_size=32)
    assert [end - start + 1 for start, end in picture.regions] == [1, 5, 6, 14, 16, 32]


def test_receptive_figure_errors():
    k = sympy.Symbol("k", positive=True, integer=True)
    with pytest.raises(TypeError, match="layers: a picture needs concrete sizes"):
        receptive_field_figure([(k, 1, 0)])
    with pytest.raises(SymconvError, match=r"layers\[1\]: kernel_size: expected a positive int, got 0"):
        receptive_field_figure([(3, 1, 1), (0, 1, 0)])
    with pytest.raises(SymconvError, match="layers: expected at least one layer"):
        receptive_field_figure([])
    with pytest.raises(SymconvError, match="lang: expected 'en' or 'zh', got 'de'"):
        receptive_field_figure([(3, 1, 1)], lang="de")
    with pytest.raises(TypeError, match="lang: expected 'en' or 'zh', got bytes b'zh'"):
        receptive_field_figure([(3, 1, 1)], lang=b"zh")


# ----------------------------------------------------------------------------
# lang="zh"
# ----------------------------------------------------------------------------


STACKS = [
    ([(3, 1, 1), (3, 1, 1)], 5),
    ([(3, 1, 1), (2, 2, 0), (3, 1, 0, 2)], 16),
    ([(3, 1, 1)] * 3, None),
    (lenet5(), 32),
    (vgg16(), (224, 224)),
]


@pytest.mark.parametrize("layers, input_size", STACKS)
def test_receptive_figure_in_chinese_says_what_the_english_one_says(layers, input_size):
    english = receptive_field_figure(layers, input_size)
    with without_font():
        chinese = receptive_field_figure(layers, input_size, lang="zh")
    assert texts_of(chinese) == in_chinese(texts_of(english))
    assert (chinese.regions, chinese.units) == (english.regions, english.units)


@pytest.mark.parametrize("layers, input_size", STACKS)
def test_receptive_figure_in_chinese_draws_every_glyph(layers, input_size):
    need_chinese_font()
    chinese = receptive_field_figure(layers, input_size, lang="zh")
    with no_missing_glyphs():
        svg = figure_bytes(chinese.figure, "svg").decode("utf-8")
    assert chinese.ax.get_title() in svg_texts(svg)
    assert_glyphs_drawn(svg, "".join(svg_texts(svg)))


def test_chinese_on_given_axes():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    with without_font():
        assert receptive_field_figure([(3, 1, 1)], 5, ax=ax, lang="zh").ax is ax
    assert ax.get_title() == by_catalogue("receptive field of the middle unit of each layer")


def test_chinese_on_given_axes_draws_every_glyph():
    from matplotlib.figure import Figure

    need_chinese_font()
    ax = Figure().add_subplot()
    receptive_field_figure([(3, 1, 1)], 5, ax=ax, lang="zh")
    with no_missing_glyphs():
        figure_bytes(ax.figure, "png")


def test_chinese_without_a_chinese_font_is_refused_before_drawing(monkeypatch):
    from matplotlib.figure import Figure

    from symconv._output import fonts as _fonts

    monkeypatch.setattr(_fonts, "_candidates", lambda: iter(()))
    ax = Figure().add_subplot()
    message = r"lang: drawing Chinese needs a font with glyphs for '[^']+' and matplotlib finds none; install"
    with pytest.raises(SymconvError, match=message):
        receptive_field_figure([(3, 1, 1)], 5, ax=ax, lang="zh")
    assert not ax.patches and not ax.containers and not ax.texts and ax.get_title() == ""  # nothing drawn
    assert receptive_field_figure([(3, 1, 1)], 5, ax=ax).ax is ax  # English needs no such font

"""What symconv objects show in Jupyter: SVG diagrams, LaTeX derivations and identities, Markdown tables."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import sympy

import symconv as sc
from symconv import graphs
from symconv._output.jupyter import Markdown, svg_text
from symconv.networks import vgg16
from symconv.plots import conv_matrix_figure, receptive_field_figure
from symconv.receptive import receptive_field_table
from symconv.symbolic import conv_expressions, fc_to_conv
from symconv.symbolic.catalogue import identity

SVG = "{http://www.w3.org/2000/svg}svg"


def drawn_texts(svg: str) -> list[str]:
    """matplotlib writes every text it draws as a comment before its glyph paths."""
    return re.findall(r"<g id=\"text_\d+\">\s*<!-- (.*?) -->", svg)


def test_a_diagram_shows_itself_as_svg_with_what_the_seed_figure_holds():
    svg = graphs.outputs_affected_diagram()._repr_svg_()
    assert ET.fromstring(svg.encode()).tag == SVG
    texts = drawn_texts(svg)
    # the seed's first figure: two panels of x1..x5 and s1..s5, with their titles
    for label in ["x1", "x3", "x5", "s1", "s5"]:
        assert texts.count(label) == 2, label
    assert texts.count("sparse connectivity") == 1 and texts.count("full connectivity") == 1
    assert graphs.outputs_affected_diagram()._repr_svg_() == svg  # byte-stable, so notebooks diff cleanly


def test_a_drawing_shows_itself_as_svg():
    drawing = graphs.draw(graphs.receptive_field_diagram())
    svg = drawing._repr_svg_()
    assert ET.fromstring(svg.encode()).tag == SVG
    texts = drawn_texts(svg)
    assert {"x1", "h3", "g3", "indirect interaction"} <= set(texts)
    assert not any(t.startswith("s") and t[1:].isdigit() for t in texts)  # two layers: h and g, no s


def test_pictures_show_themselves_as_svg():
    for picture in (conv_matrix_figure((3, 3), 2), receptive_field_figure([(3, 1, 1)], input_size=5)):
        svg = picture._repr_svg_()
        assert ET.fromstring(svg.encode()).tag == SVG
        assert svg == svg_text(picture.figure)
    assert "212 (stride 32)" in drawn_texts(receptive_field_figure(vgg16(), 224)._repr_svg_())


def test_svg_text_refuses_what_is_not_a_figure():
    with pytest.raises(TypeError, match="fig: expected a matplotlib.figure.Figure, got str"):
        svg_text("not a figure")


def test_a_derivation_shows_itself_as_latex():
    latex = fc_to_conv()._repr_latex_()
    assert latex.startswith("$$") and latex.rstrip().endswith("$$")
    assert r"\sum" in latex


def test_sympy_results_show_as_latex():
    expressions = conv_expressions((1, 3), (1, 1, 2))
    assert expressions._repr_latex_().startswith("$\\displaystyle")
    a, b = sympy.symbols("a b")
    matrix = sc.conv_matrix((3,), sympy.Array([[[a, b]]]))
    # the LaTeX holds the Toeplitz rows [a b 0], [0 a b]
    assert r"a & b & 0\\0 & a & b" in matrix._repr_latex_()
    numeric = sc.conv_matrix((1, 3), np.array([[[1, 2]]]), format="sympy")
    assert r"1 & 2 & 0\\0 & 1 & 2" in numeric._repr_latex_()


def test_an_identity_shows_its_statement_as_latex():
    ident = identity("convolution-commutes")
    match = re.fullmatch(r"\$\\displaystyle (.*)\$", ident._repr_latex_())
    assert match
    left, right = match.group(1).split(" = ")
    # commutativity: the same operator with its two arguments swapped
    (f, g), (g2, f2) = (re.search(r"\\left\((\w+),(\w+) \\right\)", side).groups() for side in (left, right))
    assert (f, g) == (f2, g2) and f != g


def test_a_receptive_field_table_is_markdown_and_still_a_str():
    table = receptive_field_table([(3, 1, 1), (3, 1, 1)])
    assert isinstance(table, str) and isinstance(table, Markdown)
    assert table._repr_markdown_() == str(table)
    lines = table._repr_markdown_().splitlines()
    assert lines[1] == "|---|---|---|---|---|"
    assert [line.split(" | ")[2] for line in lines[2:]] == ["3", "5"]  # r = 3, then 5 (the notes' two layers)


def test_markdown_keeps_str_behaviour():
    text = Markdown("| a |")
    assert text == "| a |" and text + "!" == "| a |!" and text.upper() == "| A |"


def test_ipython_picks_the_rich_forms():
    formatters = pytest.importorskip("IPython.core.formatters")
    formatter = formatters.DisplayFormatter()

    def mime_types(obj):
        return set(formatter.format(obj)[0])

    assert "image/svg+xml" in mime_types(graphs.parameter_sharing_diagram())
    assert "image/svg+xml" in mime_types(graphs.draw(graphs.parameter_sharing_diagram()))
    assert "image/svg+xml" in mime_types(conv_matrix_figure(4, 2))
    assert "text/latex" in mime_types(fc_to_conv())
    assert "text/latex" in mime_types(identity("stride-is-subsampling"))
    assert "text/markdown" in mime_types(receptive_field_table(vgg16(), input_size=224))

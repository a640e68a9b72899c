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
    # commutativity: the same operator with its two arguments swapped, (f*g)_n = (g*f)_n
    (f, g), (g2, f2) = (re.search(r"\((\w+)\*(\w+)\)", side).groups() for side in (left, right))
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


# ---------------------------------------------------------------------------- animations play inline


def _player_frames(html):
    """The PNG frames of a player, decoded to RGB arrays."""
    import base64
    import io

    from PIL import Image

    uris = re.findall(r'"data:image/png;base64,([A-Za-z0-9+/=]+)"', re.search(r"var frames = \[(.*?)\];", html, re.S).group(1))
    return [np.asarray(Image.open(io.BytesIO(base64.b64decode(uri))).convert("RGB")) for uri in uris]


def _gif_frames(data):
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(data))
    frames = []
    for index in range(image.n_frames):
        image.seek(index)
        frames.append(np.asarray(image.convert("RGB")))
    return frames


def test_an_animation_is_its_gif_and_plays_the_same_frames_inline():
    from symconv._output.jupyter import Animation
    from symconv.plots.animate import arithmetic_animation, conv_animation

    for animation in (arithmetic_animation("padding_strides_odd"), conv_animation(3, 2, numeric=True, matrix=True)):
        assert isinstance(animation, bytes) and isinstance(animation, Animation)
        html = animation._repr_html_()
        gif = _gif_frames(bytes(animation))  # decoded by Pillow from the bytes alone
        shown = _player_frames(html)
        assert len(shown) == len(gif) == animation.n_frames
        assert all(np.array_equal(a, b) for a, b in zip(shown, gif))
        first = re.search(r'<img id="[^"]+-frame" src="([^"]+)"', html).group(1)
        assert first.startswith("data:image/png;base64,") and first in html.split("var frames", 1)[1]
        assert re.search(rf'<input type="range" [^>]*min="0" max="{len(gif) - 1}"', html)
        assert "play / pause" in html and not re.search(r"(src|href)=\"(https?:)?//", html)
        durations = re.search(r"var durations = \[(.*?)\];", html).group(1)
        assert durations == ", ".join(["500"] * len(gif))  # 2 frames a second


def test_a_numeric_animation_writes_its_sums_under_the_frames():
    import json

    from symconv.plots.animate import conv_animation

    animation = conv_animation(3, 2, numeric=True)
    html = animation._repr_html_()
    captions = json.loads("[" + re.search(r"var captions = \[(.*?)\];", html, re.S).group(1) + "]")
    assert captions == list(animation.captions) and len(captions) == 4
    assert re.search(r'<pre id="[^"]+-caption"[^>]*>0\u00b70 \+ 1\u00b71 \+\n3\u00b72 \+ 4\u00b73 = 19</pre>', html)
    assert repr(animation) == "<Animation: GIF, 4 frames, {}x{} pixels>".format(*_gif_frames(animation)[0].shape[1::-1])


def test_two_players_of_one_animation_keep_their_ids_apart_and_captions_cannot_close_the_script():
    from symconv._output.jupyter import html_player

    png = _png_of(np.zeros((2, 2, 3), dtype=np.uint8))
    first, second = html_player([png], [100]), html_player([png], [100])
    ids = [re.search(r'<div id="([^"]+)"', html).group(1) for html in (first, second)]
    assert ids[0] != ids[1] and ids[0].rsplit("-", 1)[0] == ids[1].rsplit("-", 1)[0]
    hostile = html_player([png], [100], ["</script><script>alert(1)</script>"])
    assert hostile.count("</script>") == 1  # only the player's own
    assert "&lt;/script&gt;" in hostile


def _png_of(rgb):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="PNG")
    return buffer.getvalue()


def test_player_and_animation_errors():
    from symconv._output.jupyter import Animation, html_player

    png = _png_of(np.zeros((2, 2, 3), dtype=np.uint8))
    with pytest.raises(sc.SymconvError, match="frames, durations_ms: expected one duration per frame .* got 0 frames"):
        html_player([], [])
    with pytest.raises(sc.SymconvError, match="got 1 frames and 2 durations"):
        html_player([png], [100, 100])
    with pytest.raises(sc.SymconvError, match=r"captions: expected one caption per frame \(1\), got 2"):
        html_player([png], [100], ["a", "b"])
    # captions that no longer fit the frames (identical frames merged by the GIF encoder) are left out
    from symconv._output.savefig import gif_bytes

    merged = Animation(gif_bytes([np.zeros((2, 2, 3), dtype=np.uint8)] * 2), ["a", "b"])
    assert merged.n_frames == 1 and '<pre id="' in merged._repr_html_() and "var captions = [];" in merged._repr_html_()


def test_step_drawings_strips_and_animations_show_in_ipython():
    from symconv import Geometry
    from symconv.plots.animate import conv_animation, draw_step, frame_strip

    formatters = pytest.importorskip("IPython.core.formatters")
    formatter = formatters.DisplayFormatter()
    data, _ = formatter.format(draw_step(0, Geometry(3, ndim=2), 4))
    assert "image/svg+xml" in data and data["text/plain"].startswith("<StepDrawing step 0 of 4: conv")
    assert "image/svg+xml" in formatter.format(frame_strip(Geometry(3, ndim=2), 4))[0]
    data, _ = formatter.format(conv_animation(3, 2))
    assert "symconv-animation" in data["text/html"] and data["text/plain"].startswith("<Animation: GIF, 4 frames")

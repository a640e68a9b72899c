"""What symconv objects show in a Jupyter notebook, with no extra calls.

Jupyter asks an object for rich forms through ``_repr_*_`` methods; symconv
gives them where a picture or formula says more than the plain repr:

- :class:`symconv.symbolic.Derivation` -- LaTeX (``_repr_latex_``);
- SymPy results (``conv_expressions``, ``conv_matrix(..., format="sympy")``,
  the relations of ``relationships()``) -- LaTeX, from SymPy itself;
- :class:`symconv.symbolic.catalogue.Identity` -- its statement in LaTeX;
- :class:`symconv.graphs.Diagram` and :class:`symconv.graphs.Drawing` -- SVG,
  drawn by the matplotlib renderer and saved through :mod:`symconv._output.savefig`;
- the pictures of :mod:`symconv.plots` (the conv matrix's sparsity pattern,
  receptive-field growth) -- SVG;
- :func:`symconv.receptive.receptive_field_table` -- a Markdown table
  (:class:`Markdown`, still a ``str``);
- the animations of :mod:`symconv.plots.animate` -- an HTML/JS player
  (:class:`Animation`, still the GIF's ``bytes``): the frames as base64 PNG,
  play/pause, previous/next and a slider, nothing loaded from the network;
  the frames of :func:`symconv.plots.animate.draw_step` and strips of them -- SVG.

A numeric ``conv_matrix`` is a ``scipy.sparse`` array, which Jupyter shows as
a one-line summary: ask for ``format="sympy"`` (small matrices) to see the
entries as LaTeX, ``format="dense"`` for a NumPy array, or draw its pattern
with :func:`symconv.plots.conv_matrix_figure`.

Nothing here imports IPython: the methods are plain Python and only return
strings.  A notebook opened without trust shows a player's first frame (its
script does not run there); running the cell again makes it play.

Examples
--------
>>> table = Markdown("| a |\\n|---|\\n| 1 |")
>>> table == "| a |\\n|---|\\n| 1 |", table._repr_markdown_().splitlines()[0]
(True, '| a |')
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import json

from .._errors import SymconvError

__all__ = ["Markdown", "svg_text", "Animation", "html_player"]


class Markdown(str):
    """A ``str`` that Jupyter renders as Markdown; everywhere else it is the plain text.

    Examples
    --------
    >>> Markdown("**bold**")._repr_markdown_()
    '**bold**'
    >>> isinstance(Markdown("x"), str)
    True
    """

    __slots__ = ()

    def _repr_markdown_(self) -> str:
        return str(self)


def svg_text(fig) -> str:
    """A matplotlib figure as SVG text, the same on every run (for ``_repr_svg_``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    str
        The SVG document, from :func:`symconv._output.savefig.figure_bytes`.

    Raises
    ------
    TypeError
        Not a matplotlib figure.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> svg_text(Figure(figsize=(1, 1))).startswith("<?xml")
    True
    """
    from .savefig import figure_bytes

    return figure_bytes(fig, "svg").decode("utf-8")


class SvgPicture:
    """What a renderer drew into ``self.ax``: its ``figure``, shown by Jupyter as SVG (a mixin)."""

    @property
    def figure(self):
        return self.ax.figure

    def _repr_svg_(self) -> str:
        return svg_text(self.figure)


# a player's element ids: the frames' digest keeps a notebook's output the same from run to run, the count keeps
# two players of the same animation in one notebook apart
_PLAYERS = itertools.count()

_PLAYER = """<div id="{id}" class="symconv-animation" style="display:inline-block;font-family:sans-serif">
<img id="{id}-frame" src="{first}" alt="frame 1 of {count}" style="display:block;max-width:100%">
<div style="display:flex;align-items:center;gap:6px;margin-top:4px">
<button type="button" id="{id}-previous" title="previous frame">&#9664;</button>
<button type="button" id="{id}-play" title="play / pause">&#9654;</button>
<button type="button" id="{id}-next" title="next frame">&#9654;&#10073;</button>
<input type="range" id="{id}-slider" min="0" max="{last}" value="0" step="1" style="flex:1" aria-label="frame">
<span id="{id}-label" style="min-width:4em;text-align:right">1 / {count}</span>
</div>
<pre id="{id}-caption" style="margin:4px 0 0 0;white-space:pre-wrap">{caption}</pre>
<script>
(function () {{
  var frames = [{frames}];
  var durations = [{durations}];
  var captions = [{captions}];
  var get = function (part) {{ return document.getElementById("{id}-" + part); }};
  var image = get("frame"), slider = get("slider"), label = get("label"), play = get("play"), caption = get("caption");
  var index = 0, timer = null;
  function show(i) {{
    index = (i + frames.length) % frames.length;
    image.src = frames[index];
    image.alt = "frame " + (index + 1) + " of " + frames.length;
    slider.value = index;
    label.textContent = (index + 1) + " / " + frames.length;
    caption.textContent = captions.length ? captions[index] : "";
  }}
  function pause() {{ clearTimeout(timer); timer = null; play.innerHTML = "&#9654;"; }}
  function tick() {{ timer = setTimeout(function () {{ show(index + 1); tick(); }}, durations[index]); }}
  play.onclick = function () {{ if (timer) {{ pause(); }} else {{ play.innerHTML = "&#10073;&#10073;"; tick(); }} }};
  get("previous").onclick = function () {{ pause(); show(index - 1); }};
  get("next").onclick = function () {{ pause(); show(index + 1); }};
  slider.oninput = function () {{ pause(); show(parseInt(slider.value, 10)); }};
}})();
</script>
</div>"""


def html_player(frames, durations_ms, captions=()) -> str:
    """An HTML/JS player of PNG frames: play/pause, previous/next and a slider, everything inline.

    Parameters
    ----------
    frames : list of bytes
        PNG files, shown in order.
    durations_ms : list of int
        How long each frame shows.
    captions : list of str, optional
        A text under each frame (a numeric animation's sum written out); none by default.

    Returns
    -------
    str
        A ``<div>`` with an ``<img>`` showing the first frame (also where
        scripts do not run) and a ``<script>`` that plays them; the frames are
        ``data:`` URIs, so nothing is loaded from the network.

    Examples
    --------
    >>> html = html_player([b"\\x89PNG first", b"\\x89PNG second"], [500, 500])
    >>> html.count("data:image/png;base64,"), "max=\\"1\\"" in html
    (3, True)
    """
    if not frames or len(frames) != len(durations_ms):
        raise SymconvError(f"frames, durations_ms: expected one duration per frame and at least one frame, got "
                           f"{len(frames)} frames and {len(durations_ms)} durations", parameter="frames")
    if captions and len(captions) != len(frames):
        raise SymconvError(f"captions: expected one caption per frame ({len(frames)}), got {len(captions)}",
                           parameter="captions")
    uris = ["data:image/png;base64," + base64.b64encode(png).decode("ascii") for png in frames]
    digest = hashlib.sha1(b"".join(frames)).hexdigest()[:12]
    return _PLAYER.format(
        id=f"symconv-animation-{digest}-{next(_PLAYERS)}",
        first=uris[0],
        count=len(uris),
        last=len(uris) - 1,
        frames=",\n".join(f'"{uri}"' for uri in uris),
        durations=", ".join(str(int(d)) for d in durations_ms),
        caption=html.escape(captions[0]) if captions else "",
        # JSON strings are JavaScript strings; "</" is escaped so no caption can close the script
        captions=", ".join(json.dumps(text).replace("</", "<\\/") for text in captions),
    )


def _png(rgb) -> bytes:
    """An RGB array as a PNG of its exact colours (a palette when it has at most 256, as a GIF frame does)."""
    import numpy as np
    from PIL import Image

    flat = rgb.reshape(-1, 3)
    colors, indices = np.unique(flat, axis=0, return_inverse=True)
    if len(colors) <= 256:
        image = Image.fromarray(indices.reshape(rgb.shape[:2]).astype(np.uint8), mode="P")
        image.putpalette(colors.astype(np.uint8).ravel().tolist())
    else:
        image = Image.fromarray(rgb, mode="RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class Animation(bytes):
    """An animated GIF -- ``bytes``, to write to a file or compare -- that Jupyter plays inline.

    ``_repr_html_`` is an HTML/JS player (:func:`html_player`) of the GIF's
    own frames, decoded and written as PNG, so the player shows exactly what
    the file holds; ``captions`` (one text per frame, e.g. a numeric
    animation's sums) are shown under the frames and change with them.

    Examples
    --------
    >>> import numpy as np
    >>> from symconv._output.savefig import gif_bytes
    >>> frames = [np.full((2, 3, 3), value, dtype=np.uint8) for value in (0, 255)]
    >>> movie = Animation(gif_bytes(frames, fps=4))
    >>> movie[:6], movie.n_frames, movie.durations_ms
    (b'GIF89a', 2, [250, 250])
    >>> movie
    <Animation: GIF, 2 frames, 3x2 pixels>
    """

    def __new__(cls, data=b"", captions=()):
        animation = super().__new__(cls, data)
        animation.captions = tuple(str(text) for text in captions)
        return animation

    def frames(self) -> list:
        """The frames as ``(height, width, 3)`` uint8 arrays, as the GIF decodes."""
        import numpy as np
        from PIL import Image

        image = Image.open(io.BytesIO(self))
        frames = []
        for index in range(image.n_frames):
            image.seek(index)
            frames.append(np.asarray(image.convert("RGB")))
        return frames

    @property
    def n_frames(self) -> int:
        from PIL import Image

        return Image.open(io.BytesIO(self)).n_frames

    @property
    def durations_ms(self) -> list:
        """How long each frame shows, in milliseconds."""
        from PIL import Image

        image = Image.open(io.BytesIO(self))
        durations = []
        for index in range(image.n_frames):
            image.seek(index)
            durations.append(int(image.info.get("duration", 500)))
        return durations

    def _repr_html_(self) -> str:
        frames = self.frames()
        # a frame equal to the one before is merged into it by the GIF encoder: its caption then no longer fits
        captions = self.captions if len(self.captions) == len(frames) else ()
        return html_player([_png(frame) for frame in frames], self.durations_ms, captions)

    def __repr__(self) -> str:
        from PIL import Image

        image = Image.open(io.BytesIO(self))
        return f"<Animation: GIF, {image.n_frames} frames, {image.width}x{image.height} pixels>"

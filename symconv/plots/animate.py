"""Animations of the convolution-arithmetic configurations, frame by frame.

The pictures follow Dumoulin & Visin's guide [1]_: the input grid (blue) lies
in a slanted plane, its padding drawn as dashed empty cells; the kernel window
shades the cells it covers (dilated taps spaced apart); the output grid
(cyan) floats above, one frame per output cell, with the cell being computed
shaded and the cells already computed filled.

A transposed convolution is drawn the way the guide explains it: as the
direct convolution, with stride 1, over the input with ``s - 1`` zeros
inserted between neighbouring cells and ``d(k-1) - p`` cells of padding on
each side (plus ``output_padding`` at the end) [1]_.

Every size comes from :class:`symconv.Geometry` (output sizes from
``Geometry.output_size``, pads from ``Geometry.pads``); the only arithmetic
here is where things are drawn: the window of output cell ``o`` starts at
``o * stride - pad_before`` and tap ``t`` sits ``t * dilation`` further on.

Every public function takes ``lang``: with ``"zh"`` the frame title names
the convolution in Chinese (from the catalogue of :mod:`symconv._i18n`) and
keeps the guide's notation (``i k s p d a -> o``), drawn with a font that has
Chinese glyphs (:mod:`symconv._output.fonts`); without one it is refused rather than
drawn with empty boxes.  matplotlib and Pillow are imported inside the
functions.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, and its animations,
   https://github.com/vdumoulin/conv_arithmetic
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

from .._errors import SymconvError
from .._i18n import check_lang, translate
from .._output.fonts import family_for, use_chinese_family
from .._output.jupyter import SvgPicture
from .._validate import is_sequence, is_symbolic, plain
from ..geometry import Geometry
from ..shapes import GUIDE_CONFIGURATIONS

__all__ = [
    "ARITHMETIC_CONFIGS",
    "conv_animation",
    "arithmetic_animation",
    "draw_step",
    "animation_frames",
    "frame_strip",
    "arithmetic_strip",
    "key_steps",
    "StripPicture",
]

#: Colours of the guide's figures (Solarized): input, output, window shade, lines.
INPUT_COLOR = "#268bd2"
OUTPUT_COLOR = "#2aa198"
SHADE_COLOR = "#073642"
LINE_COLOR = "#002b36"
EMPTY_COLOR = "#ffffff"

# The guide's TikZ planes: xslant=-0.7, yslant=0.5, rows running towards the viewer.
_SLANT = ((1.0, 0.7), (0.5, -1.0))
_PIXELS_PER_CELL = 14
_MIN_WIDTH_PIXELS = 240
_DPI = 72
# antialiased edges need a few shades; 16 colours keep them and keep each GIF well under 300 KB
_GIF_COLORS = 16
# a strip of key frames for a page: about 6.5 inches for four frames of the guide's 5x5 input
_STRIP_INCHES_PER_CELL = 0.12

def _direct(config) -> dict:
    """:func:`conv_animation` keyword arguments of one of the guide's configurations."""
    direct = dict(input_size=config.i, kernel_size=config.k, stride=config.s, padding=config.p)
    return direct if config.d == 1 else dict(direct, dilation=config.d)


def _transposed(config) -> dict:
    """The transposed convolution that maps the direct configuration's output size back to its input size.

    Its input is the direct output; ``output_padding`` restores the input
    cells that the direct convolution's stride skipped (the guide's
    relationship for odd sizes).
    """
    (o,) = Geometry(config.k, config.s, config.p, config.d).output_size((config.i,))
    return dict(_direct(config), input_size=o, output_padding=config.output_padding, transposed=True)


#: The guide's named configurations (:data:`symconv.shapes.GUIDE_CONFIGURATIONS`) and their transposed
#: counterparts, name -> keyword arguments of :func:`conv_animation`.
ARITHMETIC_CONFIGS = {
    **{config.name: _direct(config) for config in GUIDE_CONFIGURATIONS},
    **{f"{config.name}_transposed": _transposed(config) for config in GUIDE_CONFIGURATIONS},
}


# ----------------------------------------------------------------------------
# layout: where every cell and every window tap is drawn
# ----------------------------------------------------------------------------


class _Axis(NamedTuple):
    """One spatial axis of the picture, in the input plane's own coordinates.

    Input cell ``j`` sits at ``j * spacing`` (spacing is the stride for a
    transposed convolution, whose zeros fill the gaps); the drawn plane spans
    ``[lo, hi)``; the window of output cell ``o`` starts at
    ``o * window_stride + window_start`` and its taps are ``dilation`` apart.
    """

    n_in: int
    n_out: int
    kernel: int
    dilation: int
    spacing: int
    window_stride: int
    window_start: int
    lo: int
    hi: int

    def kind(self, x: int) -> str:
        last = (self.n_in - 1) * self.spacing
        if x < 0 or x > last:
            return "padding"
        return "input" if x % self.spacing == 0 else "zero"

    def taps(self, o: int) -> list:
        start = o * self.window_stride + self.window_start
        return [start + t * self.dilation for t in range(self.kernel)]


def _axes(geometry: Geometry, input_size: tuple) -> tuple:
    output_size = geometry.output_size(input_size)
    pads = geometry.pads(input_size)
    axes = []
    for axis, (i, o, (pb, pa), k, s, d, keff, op) in enumerate(
        zip(
            input_size,
            output_size,
            pads,
            geometry.kernel_size,
            geometry.stride,
            geometry.dilation,
            geometry.effective_kernel_size,
            geometry.output_padding,
        )
    ):
        if not geometry.transposed:
            axes.append(_Axis(i, o, k, d, 1, s, -pb, -pb, i + pa))
            continue
        # the equivalent direct convolution pads the zero-inserted input by keff-1-p
        before, after = keff - 1 - pb, keff - 1 - pa + op
        if before < 0 or after < 0:
            raise SymconvError(
                f"padding: a transposed convolution is drawn as a direct one over the zero-inserted input, "
                f"padded by d(k-1)-p = {keff - 1}-p on each side; expected padding of at most {keff - 1} "
                f"(before) and {keff - 1 + op} (after, with output_padding {op}) on axis {axis}, got ({pb}, {pa})", parameter="padding"
            )
        axes.append(_Axis(i, o, k, d, s, 1, -before, -before, (i - 1) * s + 1 + after))
    return tuple(axes)


def _lift_1d(geometry: Geometry, input_size: tuple):
    """A 1-D geometry drawn as a 2-D one with a single row."""
    ((pb, pa),) = geometry.pads(input_size)
    lifted = Geometry(
        (1, geometry.kernel_size[0]),
        (1, geometry.stride[0]),
        ((0, 0), (pb, pa)),
        (1, geometry.dilation[0]),
        output_padding=(0, geometry.output_padding[0]),
        transposed=geometry.transposed,
    )
    return lifted, (1, input_size[0])


def _checked(geometry, input_size):
    """Validate a drawable geometry and input size (an int becomes one per axis)."""
    if not isinstance(geometry, Geometry):
        raise TypeError(f"geometry: expected a symconv.Geometry, got {type(geometry).__name__} {geometry!r}")
    if geometry.ndim > 2:
        raise SymconvError(f"geometry: expected 1 or 2 spatial axes to draw, got {geometry.ndim}", parameter="geometry")
    input_size = plain(input_size)  # a 1-D NumPy array or NumPy ints read like a list or ints
    if isinstance(input_size, numbers.Integral) and not isinstance(input_size, bool):
        input_size = (input_size,) * geometry.ndim
    if not is_sequence(input_size):
        raise TypeError(
            f"input_size: expected an int or a tuple of {geometry.ndim} ints, "
            f"got {type(input_size).__name__} {input_size!r}"
        )
    values = (*input_size, *geometry.kernel_size, *geometry.stride, *geometry.dilation, *geometry.output_padding)
    values += () if geometry.padding == "same" else tuple(p for pair in geometry.padding for p in pair)
    if any(is_symbolic(v) for v in values):
        raise TypeError(f"input_size, geometry: expected concrete ints to draw, got symbolic sizes in {values!r}")
    geometry.output_size(tuple(input_size))  # the geometry's own errors for a bad size
    return geometry, tuple(int(i) for i in input_size)


def _describe(geometry: Geometry, input_size: tuple, output_size: tuple, lang: str = "en") -> str:
    """The frame title: what kind of convolution (in ``lang``), then the guide's notation, which stays as it is."""

    def one(values):
        return str(values[0]) if len(set(values)) == 1 else "(" + ", ".join(map(str, values)) + ")"

    pads = geometry.pads(input_size)
    if all(pb == pa for pb, pa in pads):
        padding = one([pb for pb, _ in pads])
    else:
        padding = "(" + ", ".join(f"{pb}|{pa}" for pb, pa in pads) + ")"
    parts = [f"i={one(input_size)}", f"k={one(geometry.kernel_size)}", f"s={one(geometry.stride)}", f"p={padding}"]
    if any(d != 1 for d in geometry.dilation):
        parts.append(f"d={one(geometry.dilation)}")
    if any(geometry.output_padding):
        parts.append(f"a={one(geometry.output_padding)}")
    kind = translate("transposed conv" if geometry.transposed else "conv", lang)
    return f"{kind}  " + " ".join(parts) + f"  \u2192  o={one(output_size)}"


# ----------------------------------------------------------------------------
# the scene: static cells drawn once, window and output cells moved per step
# ----------------------------------------------------------------------------


def _plane(offset):
    """Affine map of a plane's (column, row) coordinates to data coordinates."""
    from matplotlib.transforms import Affine2D

    (a, b), (c, d) = _SLANT
    return Affine2D([[a, b, offset[0]], [c, d, offset[1]], [0.0, 0.0, 1.0]])


def _squares(cells) -> list:
    """Unit squares with lower corners at ``(x, y)``, as polygon vertex lists."""
    return [[(x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1)] for x, y in cells]


def _blend(color, over, alpha):
    from matplotlib.colors import to_rgb

    return tuple((1 - alpha) * a + alpha * b for a, b in zip(to_rgb(color), to_rgb(over)))


class _Scene:
    """The artists of one animation; :meth:`show` moves them to a step.

    Cells are drawn as one collection per state (a few artists instead of
    hundreds of patches keeps a frame at a few milliseconds).
    """

    def __init__(self, geometry: Geometry, input_size: tuple, ax, *, title: bool = True, lang: str = "en"):
        import numpy as np
        from matplotlib.collections import LineCollection, PolyCollection
        from matplotlib.patches import Rectangle

        description = _describe(geometry, input_size, geometry.output_size(input_size), lang)
        # found before anything is drawn, so that a missing font leaves the axes empty
        family = family_for(lang, [description]) if title else None
        if geometry.ndim == 1:
            geometry, input_size = _lift_1d(geometry, input_size)
        self.geometry, self.input_size = geometry, input_size
        rows, cols = self.axes = _axes(geometry, input_size)
        self.output_size = (rows.n_out, cols.n_out)
        self.ax = ax

        in_plane = _plane((0.0, 0.0))
        in_corners = in_plane.transform(
            [(cols.lo, rows.lo), (cols.hi, rows.lo), (cols.lo, rows.hi), (cols.hi, rows.hi)]
        )
        out_box = [(0, 0), (cols.n_out, 0), (0, rows.n_out), (cols.n_out, rows.n_out)]
        # centre the output plane over the input plane, then lift it clear above
        centre = in_plane.transform([((cols.lo + cols.hi - cols.n_out) / 2, (rows.lo + rows.hi - rows.n_out) / 2)])[0]
        lift = in_corners[:, 1].max() - _plane(centre).transform(out_box)[:, 1].min() + 1.5
        self.in_plane = in_plane
        self.out_plane = out_plane = _plane((centre[0], centre[1] + lift))
        corners = np.vstack([in_corners, out_plane.transform(out_box)])
        (x0, y0), (x1, y1) = corners.min(axis=0) - 0.6, corners.max(axis=0) + 0.6
        y1 += 1.6 if title else 0.0
        self.limits = (x0, x1), (y0, y1)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_axis_off()

        in_transform = in_plane + ax.transData
        out_transform = out_plane + ax.transData
        cells = {"input": [], "padding": [], "zero": []}
        for y in range(rows.lo, rows.hi):
            for x in range(cols.lo, cols.hi):
                kinds = (rows.kind(y), cols.kind(x))
                kind = "padding" if "padding" in kinds else ("input" if kinds == ("input", "input") else "zero")
                cells[kind].append((x, y))
        self.artists = {}
        for kind, positions in cells.items():
            filled = kind == "input"
            self.artists[kind] = ax.add_collection(
                PolyCollection(
                    _squares(positions),
                    facecolors=INPUT_COLOR if filled else EMPTY_COLOR,
                    edgecolors=LINE_COLOR,
                    linewidths=1.0 if filled else 0.8,
                    linestyles="solid" if filled else (0, (2, 2)),
                    transform=in_transform,
                    zorder=2 if filled else 1,
                ),
                autolim=False,
            )
        self.window = ax.add_collection(
            PolyCollection([], facecolors=SHADE_COLOR, alpha=0.4, edgecolors=LINE_COLOR, linewidths=0.8,
                           transform=in_transform, zorder=3),
            autolim=False,
        )
        self.window_frame = ax.add_patch(
            Rectangle((0, 0), 1, 1, fill=False, edgecolor=LINE_COLOR, linewidth=1.8, transform=in_transform, zorder=3.5)
        )
        self.connectors = ax.add_collection(
            LineCollection([], colors=LINE_COLOR, linewidths=0.8, zorder=4), autolim=False
        )
        current = _blend(OUTPUT_COLOR, SHADE_COLOR, 0.4)
        self.output = {}
        states = (("done", OUTPUT_COLOR, 1.0), ("pending", EMPTY_COLOR, 1.0), ("current", current, 1.8))
        for state, face, width in states:
            self.output[state] = ax.add_collection(
                PolyCollection([], facecolors=face, edgecolors=LINE_COLOR, linewidths=width, transform=out_transform,
                               zorder=6 if state == "current" else 5),
                autolim=False,
            )
        self.title = None
        if title:
            self.title = ax.text(
                (x0 + x1) / 2, y1 - 0.4, description,
                ha="center", va="top", fontsize=8, color=LINE_COLOR,
            )
            if family is not None:
                use_chinese_family(self.title, family)
        self.step = None

    def show(self, step: int) -> dict:
        rows, cols = self.axes
        r, c = divmod(step, cols.n_out)
        ys, xs = rows.taps(r), cols.taps(c)
        self.window.set_verts(_squares((x, y) for y in ys for x in xs))
        x0, y0, x1, y1 = xs[0], ys[0], xs[-1] + 1, ys[-1] + 1
        self.window_frame.set_bounds(x0, y0, x1 - x0, y1 - y0)
        start = self.in_plane.transform([(x0, y0), (x1, y0), (x0, y1), (x1, y1)])
        end = self.out_plane.transform([(c, r), (c + 1, r), (c, r + 1), (c + 1, r + 1)])
        self.connectors.set_segments([[tuple(a), tuple(b)] for a, b in zip(start, end)])
        order = [(x, y) for y in range(rows.n_out) for x in range(cols.n_out)]
        self.output["done"].set_verts(_squares(order[:step]))
        self.output["current"].set_verts(_squares(order[step : step + 1]))
        self.output["pending"].set_verts(_squares(order[step + 1 :]))
        self.step = step
        return self.drawn()

    def drawn(self) -> dict:
        return {
            **self.artists,
            "window": self.window,
            "window_frame": self.window_frame,
            "connectors": self.connectors,
            **{f"output_{state}": collection for state, collection in self.output.items()},
            "title": self.title,
        }


def _new_axes():
    """A figure of its own (no pyplot, nothing to close) with an Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(dpi=_DPI)
    FigureCanvasAgg(fig)
    return fig.add_axes((0.0, 0.0, 1.0, 1.0))


def _fit_figure(scene: _Scene) -> None:
    """Size the figure to the scene: a fixed number of pixels per cell."""
    (x0, x1), (y0, y1) = scene.limits
    width = max((x1 - x0) * _PIXELS_PER_CELL, _MIN_WIDTH_PIXELS)
    scale = width / (x1 - x0)
    scene.ax.figure.set_size_inches(round(width) / _DPI, round((y1 - y0) * scale) / _DPI)


def _check_step(step, n_steps):
    if isinstance(step, bool) or not isinstance(step, numbers.Integral):
        raise TypeError(f"step: expected an int, got {type(step).__name__} {step!r}")
    if not 0 <= step < n_steps:
        raise SymconvError(f"step: expected an int from 0 to {n_steps - 1} (one per output cell), got {step}", parameter="step")
    return int(step)


def draw_step(step: int, geometry: Geometry, input_size, ax=None, *, lang: str = "en") -> dict:
    """Draw one frame of a convolution animation: the window of output cell ``step``.

    Parameters
    ----------
    step : int
        Which output cell, in row-major order (``0 <= step < prod(output size)``).
    geometry : Geometry
        A 1-D or 2-D geometry with concrete sizes; a 1-D one is drawn as a
        single row.
    input_size : int or tuple of int
        Input size; an int is used for every axis.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new ``Figure`` (no pyplot, nothing to close).
    lang : {"en", "zh"}, default "en"
        The language of the title's first word (the kind of convolution);
        Chinese is drawn with a font that has Chinese glyphs (see the module).

    Returns
    -------
    dict
        The artists, by what they show.  Cells are unit squares in their
        plane's own ``(column, row)`` coordinates (a path's first vertex is
        its corner): in the input plane input cell ``j`` of a direct
        convolution is at ``j`` and padding at negative positions or past the
        end; for a transposed convolution input cell ``j`` is at ``j * stride``
        with the inserted zeros between.  A 1-D geometry is row 0.

        - ``"input"``, ``"padding"``, ``"zero"``: a ``PolyCollection`` each, one
          square per cell (``"zero"``: the zeros a transposed convolution inserts);
        - ``"window"``: a ``PolyCollection``, one shaded square per kernel tap;
        - ``"window_frame"``: the ``Rectangle`` around the window's span;
        - ``"connectors"``: a ``LineCollection``, four lines from the window to the output cell;
        - ``"output_done"``, ``"output_current"``, ``"output_pending"``: a
          ``PolyCollection`` each, squares at ``(column, row)`` of the output;
        - ``"title"``: the ``Text`` naming the configuration.

    Raises
    ------
    TypeError
        If ``geometry`` is not a :class:`Geometry`, sizes are symbolic,
        ``step`` is not an int or ``lang`` not a str.
    SymconvError
        For a ``step`` out of range, more than 2 spatial axes, the geometry's
        own errors for a bad size, a transposed convolution whose padding
        exceeds ``d(k-1)`` (its equivalent direct convolution would crop), an
        unknown ``lang``, or ``lang="zh"`` where matplotlib finds no font with
        Chinese glyphs.

    Examples
    --------
    >>> from symconv import Geometry
    >>> drawn = draw_step(4, Geometry(3, stride=2, padding=1, ndim=2), 5)
    >>> [len(drawn[key].get_paths()) for key in ("input", "padding", "window", "output_done")]
    [25, 24, 9, 4]
    >>> drawn["window"].get_paths()[0].vertices[0]   # output cell (1, 1): the window starts at 1*2 - 1
    array([1., 1.])
    >>> drawn["title"].get_text()
    'conv  i=5 k=3 s=2 p=1  →  o=3'

    In Chinese the kind of convolution is named in the notes' words and the
    guide's notation stays (this needs a font with Chinese glyphs, which a
    bare machine lacks: the doctest runs these lines where matplotlib finds one):

    >>> drawn = draw_step(4, Geometry(3, stride=2, padding=1, ndim=2), 5, lang="zh")  # doctest: +NEEDS_CHINESE_FONT
    >>> drawn["title"].get_text()  # doctest: +NEEDS_CHINESE_FONT
    '卷积  i=5 k=3 s=2 p=1  →  o=3'

    See Also
    --------
    conv_animation, animation_frames
    """
    check_lang(lang)
    geometry, input_size = _checked(geometry, input_size)
    step = _check_step(step, math.prod(geometry.output_size(input_size)))
    scene = _Scene(geometry, input_size, _new_axes() if ax is None else ax, lang=lang)
    if ax is None:
        _fit_figure(scene)
    return scene.show(step)


def animation_frames(
    geometry: Geometry, input_size, *, title: bool = True, max_frames: int = 400, lang: str = "en"
) -> list:
    """The frames of a convolution animation as RGB arrays, one per output cell.

    Parameters
    ----------
    geometry : Geometry
        A 1-D or 2-D geometry with concrete sizes.
    input_size : int or tuple of int
        Input size; an int is used for every axis.
    title : bool, default True
        Write the configuration above the picture.
    max_frames : int, default 400
        Refuse larger animations.
    lang : {"en", "zh"}, default "en"
        The language of the title, as for :func:`draw_step`.

    Returns
    -------
    list of numpy.ndarray
        ``(height, width, 3)`` uint8 images, in row-major order of the output.

    Raises
    ------
    SymconvError, TypeError
        As :func:`draw_step` (``lang`` included), and for more output cells
        than ``max_frames``.

    Examples
    --------
    >>> from symconv import Geometry
    >>> frames = animation_frames(Geometry(3, ndim=2), 4)
    >>> len(frames), frames[0].dtype
    (4, dtype('uint8'))

    See Also
    --------
    conv_animation, draw_step
    """
    import matplotlib.style
    import numpy as np

    check_lang(lang)
    geometry, input_size = _checked(geometry, input_size)
    if isinstance(max_frames, bool) or not isinstance(max_frames, numbers.Integral):
        raise TypeError(f"max_frames: expected a positive int, got {type(max_frames).__name__} {max_frames!r}")
    output_size = geometry.output_size(input_size)
    n_steps = math.prod(output_size)
    if n_steps > max_frames:
        shape = "x".join(map(str, output_size))
        raise SymconvError(
            f"max_frames: the {shape} output needs {n_steps} frames (one per output cell), "
            f"more than max_frames={max_frames}; draw a smaller configuration or raise max_frames", parameter="max_frames"
        )
    # the file must not depend on the user's matplotlibrc
    with matplotlib.style.context("default"):
        ax = _new_axes()
        scene = _Scene(geometry, input_size, ax, title=title, lang=lang)
        _fit_figure(scene)
        canvas = ax.figure.canvas
        frames = []
        for step in range(n_steps):
            scene.show(step)
            canvas.draw()
            frames.append(np.asarray(canvas.buffer_rgba())[..., :3].copy())
    return frames


def conv_animation(
    input_size,
    kernel_size,
    *,
    stride=1,
    padding=0,
    dilation=1,
    output_padding=0,
    transposed=False,
    fps=2,
    title=True,
    max_frames=400,
    lang="en",
) -> bytes:
    """An animated GIF of a convolution sweeping its input, one frame per output cell.

    Parameters
    ----------
    input_size : int or tuple of int
        Input size; an int draws a square 2-D input (as the guide does), a
        tuple of one int a single row.
    kernel_size, stride, padding, dilation, output_padding, transposed
        The geometry, as for :class:`symconv.Geometry`.  A transposed
        convolution is drawn as the equivalent direct convolution over the
        zero-inserted, padded input.
    fps : float, default 2
        Frames per second.
    title : bool, default True
        Write the configuration (``i k s p d a -> o``) above the picture.
    max_frames : int, default 400
        Refuse larger animations (one frame per output cell).
    lang : {"en", "zh"}, default "en"
        The language of the title's first word (``conv`` / ``transposed
        conv``; the notation after it is the guide's in both).  Chinese needs
        a font with Chinese glyphs (see the module).

    Returns
    -------
    bytes
        The GIF; the same bytes on every run.

    Raises
    ------
    SymconvError
        The geometry's errors for a bad configuration, more output cells than
        ``max_frames``, a transposed padding larger than ``d(k-1)``, an
        unknown ``lang``, or ``lang="zh"`` where matplotlib finds no font with
        Chinese glyphs.
    TypeError
        A wrong kind of argument (a float size, a symbolic size, a ``lang``
        that is not a str).

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> data = conv_animation(5, 3, stride=2, padding=1)
    >>> Image.open(io.BytesIO(data)).n_frames      # the 3x3 output
    9
    >>> conv_animation(5, 3, padding=30)
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: max_frames: the 63x63 output needs 3969 frames ...

    Titled in Chinese (this needs a font with Chinese glyphs, which a bare
    machine lacks: the doctest runs these lines where matplotlib finds one):

    >>> data = conv_animation(5, 3, stride=2, padding=1, lang="zh")  # doctest: +NEEDS_CHINESE_FONT
    >>> Image.open(io.BytesIO(data)).n_frames  # doctest: +NEEDS_CHINESE_FONT
    9

    See Also
    --------
    arithmetic_animation, draw_step, animation_frames, symconv._output.savefig.gif_bytes
    """
    from .._output.savefig import gif_bytes

    check_lang(lang)
    input_size = plain(input_size)
    ndim = len(input_size) if is_sequence(input_size) else None
    if ndim is None:
        sequences = [value for value in (kernel_size, stride, dilation, output_padding) if is_sequence(value)]
        ndim = len(sequences[0]) if sequences else 2  # the guide's square grids
    geometry = Geometry(kernel_size, stride, padding, dilation, 1, output_padding, transposed=transposed, ndim=ndim)
    frames = animation_frames(geometry, input_size, title=title, max_frames=max_frames, lang=lang)
    return gif_bytes(frames, fps=fps, colors=_GIF_COLORS)


def arithmetic_animation(name: str, *, lang: str = "en", **options) -> bytes:
    """The GIF of one of the guide's named configurations (see :data:`ARITHMETIC_CONFIGS`).

    Parameters
    ----------
    name : str
        A key of :data:`ARITHMETIC_CONFIGS`, e.g. ``"padding_strides_odd_transposed"``.
    lang : {"en", "zh"}, default "en"
        The language of the title, as for :func:`conv_animation`.
    **options
        Passed on to :func:`conv_animation` (``fps``, ``title``, ``max_frames``).

    Returns
    -------
    bytes
        The GIF.

    Raises
    ------
    SymconvError
        For an unknown name, and as :func:`conv_animation` for ``lang``.

    Examples
    --------
    >>> arithmetic_animation("no_padding_no_strides")[:6]
    b'GIF89a'

    In Chinese (this needs a font with Chinese glyphs, which a bare machine
    lacks: the doctest runs the line where matplotlib finds one):

    >>> arithmetic_animation("padding_strides_transposed", lang="zh")[:6]  # doctest: +NEEDS_CHINESE_FONT
    b'GIF89a'
    """
    check_lang(lang)
    if not isinstance(name, str) or name not in ARITHMETIC_CONFIGS:
        raise SymconvError(f"name: expected one of {sorted(ARITHMETIC_CONFIGS)}, got {name!r}", parameter="name")
    return conv_animation(**ARITHMETIC_CONFIGS[name], **options, lang=lang)


# ----------------------------------------------------------------------------
# key frames side by side, for a page or a slide
# ----------------------------------------------------------------------------


def key_steps(output_size) -> tuple:
    """The key frames of an animation: the first step, the next one along the row (the stride), the first of
    the next row (the stride down), and the last.

    Examples
    --------
    >>> key_steps((3, 3)), key_steps((2, 2)), key_steps((1, 5)), key_steps((1, 1))
    ((0, 1, 3, 8), (0, 1, 2, 3), (0, 1, 4), (0,))
    """
    rows, cols = output_size if len(output_size) == 2 else (1, output_size[0])
    last = rows * cols - 1
    return tuple(sorted({0, min(1, last), cols if rows > 1 else last, last}))


class StripPicture(SvgPicture):
    """Key frames of an animation side by side on one figure (shown in Jupyter as SVG).

    Attributes
    ----------
    ax : matplotlib.axes.Axes
        The first frame's axes (``figure`` is its figure).
    axes : tuple of matplotlib.axes.Axes
        One per frame.
    steps : tuple of int
        The output cells drawn, in order.
    drawn : tuple of dict
        Each frame's artists, as :func:`draw_step` returns them.
    """

    def __init__(self, axes, steps, drawn):
        self.axes, self.steps, self.drawn = tuple(axes), tuple(steps), tuple(drawn)
        self.ax = self.axes[0]


def _check_steps(steps, n_steps) -> tuple:
    if not is_sequence(steps):
        raise TypeError(f"steps: expected a list of ints, got {type(steps).__name__} {steps!r}")
    steps = tuple(_check_step(step, n_steps) for step in steps)
    if not steps:
        raise SymconvError("steps: expected at least one step, got none", parameter="steps")
    return steps


def frame_strip(geometry: Geometry, input_size, steps=None, *, lang: str = "en") -> StripPicture:
    """Key frames of a convolution animation in a row: one figure for a page or a slide.

    Parameters
    ----------
    geometry : Geometry
        A 1-D or 2-D geometry with concrete sizes.
    input_size : int or tuple of int
        Input size; an int is used for every axis.
    steps : list of int, optional
        Which output cells, in row-major order; by default :func:`key_steps`.
    lang : {"en", "zh"}, default "en"
        The language of the title, as for :func:`draw_step`.

    Returns
    -------
    StripPicture
        Its ``figure`` (a plain matplotlib ``Figure``, vector-friendly: save it
        with :func:`symconv._output.savefig.figure_bytes` as PDF or SVG).

    Raises
    ------
    SymconvError, TypeError
        As :func:`draw_step`, for a step out of range and for no steps.

    Examples
    --------
    >>> from symconv import Geometry
    >>> strip = frame_strip(Geometry(3, stride=2, padding=1, ndim=2), 5)
    >>> strip.steps, len(strip.figure.axes)
    ((0, 1, 3, 8), 4)

    See Also
    --------
    arithmetic_strip, draw_step, key_steps
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    check_lang(lang)
    geometry, input_size = _checked(geometry, input_size)
    output_size = geometry.output_size(input_size)
    n_steps = math.prod(output_size)
    steps = key_steps(output_size) if steps is None else _check_steps(steps, n_steps)
    description = _describe(geometry, input_size, output_size, lang)
    family = family_for(lang, [description])
    figure = Figure()
    FigureCanvasAgg(figure)
    axes, drawn, scenes = [], [], []
    for step in steps:
        ax = figure.add_axes((0, 0, 1, 1))
        scene = _Scene(geometry, input_size, ax, title=False, lang=lang)
        drawn.append(scene.show(step))
        axes.append(ax)
        scenes.append(scene)
    (x0, x1), (y0, y1) = scenes[0].limits
    inch = _STRIP_INCHES_PER_CELL
    width, height, gap, top, bottom = (x1 - x0) * inch, (y1 - y0) * inch, 0.15, 0.45, 0.3
    total = len(steps) * width + (len(steps) - 1) * gap
    figure.set_size_inches(total, height + top + bottom)
    for index, (ax, step) in enumerate(zip(axes, steps)):
        ax.set_position(((index * (width + gap)) / total, bottom / (height + top + bottom), width / total,
                         height / (height + top + bottom)))
        ax.text(0.5, -0.02, f"step {step + 1}/{n_steps}", transform=ax.transAxes, ha="center", va="top",
                fontsize=9, color=LINE_COLOR)
    title = figure.text(0.5, 1 - 0.08 / (height + top + bottom), description, ha="center", va="top", fontsize=10,
                        color=LINE_COLOR)
    if family is not None:
        use_chinese_family(title, family)
    return StripPicture(axes, steps, drawn)


def arithmetic_strip(name: str, *, lang: str = "en", steps=None) -> StripPicture:
    """The key frames of one of the guide's named configurations (see :data:`ARITHMETIC_CONFIGS`).

    Examples
    --------
    >>> arithmetic_strip("padding_strides").steps
    (0, 1, 3, 8)
    """
    check_lang(lang)
    if not isinstance(name, str) or name not in ARITHMETIC_CONFIGS:
        raise SymconvError(f"name: expected one of {sorted(ARITHMETIC_CONFIGS)}, got {name!r}", parameter="name")
    config = ARITHMETIC_CONFIGS[name]
    geometry = Geometry(config["kernel_size"], config["stride"], config["padding"], config.get("dilation", 1),
                        output_padding=config.get("output_padding", 0), transposed=config.get("transposed", False),
                        ndim=2)
    return frame_strip(geometry, config["input_size"], steps, lang=lang)

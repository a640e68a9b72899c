"""Animations of the convolution-arithmetic configurations, frame by frame.

The pictures follow Dumoulin & Visin's guide [1]_: the input grid (blue) lies
in a slanted plane, its padding drawn as dashed empty cells; the kernel window
shades the cells it covers in a contrasting colour (dilated taps spaced apart,
the input showing between them); the output grid (cyan) floats above, one
frame per output cell, with the cell being computed shaded like the window
and the cells already computed filled.  Each plane is labelled ``input`` or
``output``.

A transposed convolution is drawn the way the guide explains it: as the
direct convolution, with stride 1, over the input with ``s - 1`` zeros
inserted between neighbouring cells and ``d(k-1) - p`` cells of padding on
each side (plus ``output_padding`` at the end) [1]_.  Its title is written in
the guide's notation for it, ``i' k' s' p'`` (``k' = k``, ``s' = 1``,
``p' = d(k-1) - p``), above the convolution ``i k s p`` it transposes.

In **numeric mode** (``numeric=True``, or ``values``/``weights``/a pooling
``operation``) the grids lie flat, side by side as in the guide's numerical
figures: every input cell shows its value, every tap of the window the kernel
value it multiplies (small, in its corner), the window's products and their
sum are written out below (``0·0 + 1·1 + 3·2 + 4·3 = 19``, one line per
kernel row; ``max(...)`` or ``(... )/9`` for pooling), and the output cells
computed so far show their values.  The defaults are the d2l example, inputs
``0..8`` and kernel ``0..3``, whose outputs are 19, 25, 37, 43.

An optional **matrix view** (``matrix=True``) draws the convolution matrix
``C`` of :func:`symconv.conv_matrix` next to the grid, the row of the
current output cell highlighted; for a transposed convolution, computed by
``Cᵀ``, the highlighted line is the column of ``C`` that is that row of ``Cᵀ``.

Every size comes from :class:`symconv.Geometry`; what each frame shows comes
from :class:`symconv.plots._sweep.Sweep`, which the matplotlib frames here, the
TikZ frames (:func:`frame_file` with ``"tex"``) and the explorer of
:mod:`symconv.plots.explorer` all read.

Every public function takes ``lang``: with ``"zh"`` the frame title names
the convolution in Chinese (from the catalogue of :mod:`symconv._i18n`) and
keeps the guide's notation, drawn with a font that has Chinese glyphs
(:mod:`symconv._output.fonts`); without one it is refused rather than drawn
with empty boxes.  matplotlib and Pillow are imported inside the functions.

In Jupyter, :func:`conv_animation` returns an :class:`~symconv._output.jupyter.Animation`
(``bytes``, the GIF) that plays itself inline with a play/pause button and a
slider; :func:`draw_step` returns a :class:`StepDrawing` (the dict of artists
it always returned) that shows its figure.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, and its animations,
   https://github.com/vdumoulin/conv_arithmetic
.. [2] A. Zhang, Z. C. Lipton, M. Li, A. J. Smola, "Dive into Deep
   Learning", section 7.2 (the cross-correlation example, ``corr2d``).
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

from .._errors import SymconvError
from .._i18n import check_lang
from .._output.fonts import family_for
from .._output.jupyter import Animation, SvgPicture, svg_text
from .._output.latex import engine_line
from .._output.numbers import int_text
from .._validate import as_bool, is_sequence, is_symbolic, plain
from ..geometry import Geometry
from ..shapes import GUIDE_CONFIGURATIONS
from ._sweep import MINUS, OPERATIONS, TIMES, Sweep, key_steps, number_text

__all__ = [
    "ARITHMETIC_CONFIGS",
    "FRAME_FORMATS",
    "MAX_MATRIX_CELLS",
    "conv_animation",
    "arithmetic_animation",
    "draw_step",
    "animation_frames",
    "frame_strip",
    "arithmetic_strip",
    "frame_file",
    "animation_geometry",
    "key_steps",
    "StepDrawing",
    "StripPicture",
]

#: Colours of the guide's figures (Solarized): input, output, lines.
INPUT_COLOR = "#268bd2"
OUTPUT_COLOR = "#2aa198"
#: The guide's dark shade; frames now shade the window in :data:`WINDOW_COLOR` (kept for old imports).
SHADE_COLOR = "#073642"
LINE_COLOR = "#002b36"
EMPTY_COLOR = "#ffffff"
#: The window's taps and the output cell they make: warm against the blue input, so a dilated window's taps
#: stand apart from the input cells between them.
WINDOW_COLOR = "#f5a000"
#: Padding cells that copy input cells (reflect, replicate, circular): the input's blue, lightened.
COPIED_COLOR = "#a9d1f0"
#: Zeros (padding, inserted zeros) written in numeric frames.
FAINT_COLOR = "#93a1a1"

#: What a frame or a strip of frames is written as (besides the animated GIF).
FRAME_FORMATS = ("png", "svg", "pdf", "tex")

#: Largest matrix (rows x columns) the matrix view draws.
MAX_MATRIX_CELLS = 160_000

# antialiased edges need a few shades; 16 colours keep them and keep each GIF well under 300 KB
_GIF_COLORS = 16
# numeric frames draw text on five fills: more shades keep the digits crisp
_NUMERIC_GIF_COLORS = 32
_DPI = 72
_MIN_WIDTH = 240  # points (pixels of a GIF frame)
_MAX_DPI = 1200

# The guide's TikZ planes: xslant=-0.7, yslant=0.5, rows running towards the viewer.
_SLANT = ((1.0, 0.7), (0.5, -1.0))
_FLAT = ((1.0, 0.0), (0.0, -1.0))


class _Style(NamedTuple):
    """Sizes of one kind of frame, in points (pixels of a GIF frame): a cell, and each kind of text."""

    unit: float
    title: float
    label: float
    number: float
    tap: float
    equation: float
    caption: float


# a title of 16 px has digits and capitals 11.7 px high (DejaVu Sans: 0.73 em), readable in a GIF
_SLANTED = _Style(unit=14, title=16, label=13, number=0, tap=0, equation=0, caption=13)
_NUMERIC = _Style(unit=40, title=16, label=15, number=17, tap=11, equation=16, caption=15)


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
# checking what is asked
# ----------------------------------------------------------------------------


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


def _check_step(step, n_steps):
    if isinstance(step, bool) or not isinstance(step, numbers.Integral):
        raise TypeError(f"step: expected an int, got {type(step).__name__} {step!r}")
    if not 0 <= step < n_steps:
        raise SymconvError(f"step: expected an int from 0 to {n_steps - 1} (one per output cell), got "
                           f"{int_text(int(step))}", parameter="step")
    return int(step)


def _check_steps(steps, n_steps) -> tuple:
    steps = plain(steps)
    if isinstance(steps, (str, bytes)) or not is_sequence(steps):
        raise TypeError(f"steps: expected a list of ints, got {type(steps).__name__} {steps!r}")
    if not steps:
        raise SymconvError("steps: expected at least one step, got none", parameter="steps")
    if len(steps) > n_steps:
        raise SymconvError(f"steps: expected at most {n_steps} steps (one per output cell), got {len(steps)}",
                           parameter="steps")
    checked = []
    for step in steps:
        try:
            checked.append(_check_step(step, n_steps))
        except SymconvError as error:
            raise SymconvError(f"steps: {error.detail}", parameter="steps") from None
        except TypeError as error:
            raise TypeError(f"steps: {str(error).removeprefix('step: ')}") from None
    return tuple(checked)


def _check_operation(operation) -> str:
    if not isinstance(operation, str):
        raise TypeError(f"operation: expected one of {', '.join(map(repr, OPERATIONS))}, "
                        f"got {type(operation).__name__} {operation!r}")
    if operation not in OPERATIONS:
        raise SymconvError(f"operation: expected one of {', '.join(map(repr, OPERATIONS))}, got {operation!r}",
                           parameter="operation")
    return operation


def _sweep(geometry, input_size, *, numeric=None, values=None, weights=None, operation="conv", static=False,
           lang="en") -> Sweep:
    """Everything a frame needs, checked: a :class:`Sweep` of the geometry."""
    check_lang(lang)
    operation = _check_operation(operation)
    static = as_bool(static, "static")
    # a copying padding mode is shown by the values its cells copy, so it draws numbers unless told not to
    implied = values is not None or weights is not None or operation != "conv"
    if numeric is None and getattr(geometry, "padding_mode", "zeros") != "zeros":
        numeric = True
    if numeric is None:
        numeric = implied
    else:
        numeric = as_bool(numeric, "numeric")
        if not numeric and implied:
            given = "values" if values is not None else ("weights" if weights is not None else "operation")
            raise SymconvError(f"numeric: {given} are written in numeric mode, got {given} with numeric=False",
                               parameter="numeric")
    geometry, input_size = _checked(geometry, input_size)
    return Sweep(geometry, input_size, numeric=numeric, values=values, weights=weights, operation=operation,
                 static=static, lang=lang)


# ----------------------------------------------------------------------------
# layout: where the planes, the texts and the matrix go, in data units (one cell = 1)
# ----------------------------------------------------------------------------


class _Plane(NamedTuple):
    """An affine map of a plane's ``(column, row)`` to data coordinates: ``(a x + b y + ox, c x + d y + oy)``."""

    a: float
    b: float
    c: float
    d: float
    ox: float
    oy: float

    @classmethod
    def make(cls, shape, offset=(0.0, 0.0)):
        (a, b), (c, d) = shape
        return cls(a, b, c, d, float(offset[0]), float(offset[1]))

    def point(self, x, y) -> tuple:
        return (self.a * x + self.b * y + self.ox, self.c * x + self.d * y + self.oy)

    def corners(self, x0, y0, x1, y1) -> list:
        return [self.point(x, y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]

    def affine(self):
        from matplotlib.transforms import Affine2D

        return Affine2D([[self.a, self.b, self.ox], [self.c, self.d, self.oy], [0.0, 0.0, 1.0]])


class _Text(NamedTuple):
    """A text placed in data units; ``size`` in points."""

    x: float
    y: float
    text: str
    size: float
    ha: str
    va: str


def _measure(lines, size, family=None) -> tuple:
    """Width and height in points of ``lines`` of text at ``size`` points (DejaVu Sans, Chinese falling back).

    Only measured, never drawn: a TikZ frame's Chinese, which TeX sets, is measured in DejaVu Sans's empty
    boxes (about as wide as the glyphs), and matplotlib's warning that the glyphs are missing is not the user's.
    """
    import warnings

    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    renderer = _measure.renderer = getattr(_measure, "renderer", None) or RendererAgg(1, 1, _DPI)
    prop = FontProperties(size=size, family=["sans-serif"] + ([family] if family else []))
    width = 0.0
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
        for line in lines:
            w, _, _ = renderer.get_text_width_height_descent(line, prop, ismath=False)
            width = max(width, w)
    return width, size * 1.2 * len(lines)


class _Layout:
    """Where everything of a sweep's frames goes, in data units (cell = 1, ``style.unit`` points each).

    Texts are measured in both English and the sweep's language and the wider is kept, so that a Chinese frame
    has the English one's size and layout.
    """

    def __init__(self, sweep: Sweep, style: _Style, *, title: bool, matrix: bool, family=None):
        self.sweep, self.style, self.family = sweep, style, family
        rows, cols = sweep.axes
        unit = style.unit
        flat = sweep.numeric

        english = sweep.in_language("en")

        def size(lines_of, points):
            """Width and height, in cells, of the lines ``lines_of(sweep)`` at ``points``, the wider language's."""
            w, h = _measure(lines_of(sweep), points, family)
            if sweep.lang != "en":
                w = max(w, _measure(lines_of(english), points)[0])
            return w / unit, h / unit

        self.in_plane = _Plane.make(_FLAT if flat else _SLANT)
        in_corners = self.in_plane.corners(cols.lo, rows.lo, cols.hi, rows.hi)
        n_out_rows, n_out_cols = sweep.output_size
        if flat:
            gap = 2.0
            top = -rows.lo
            height_in = rows.hi - rows.lo
            offset = (cols.hi + gap, top - (height_in - n_out_rows) / 2)
            self.out_plane = _Plane.make(_FLAT, offset)
        else:
            # centre the output plane over the input plane, then lift it clear above
            centre = self.in_plane.point((cols.lo + cols.hi - n_out_cols) / 2, (rows.lo + rows.hi - n_out_rows) / 2)
            out_box = _Plane.make(_SLANT, centre).corners(0, 0, n_out_cols, n_out_rows)
            lift = max(y for _, y in in_corners) - min(y for _, y in out_box) + 1.5
            self.out_plane = _Plane.make(_SLANT, (centre[0], centre[1] + lift))
        out_corners = self.out_plane.corners(0, 0, n_out_cols, n_out_rows)
        boxes = [_box(in_corners), _box(out_corners)]

        # the planes' names: above each flat grid; left of each slanted plane, at the middle of its left edge
        self.labels = []
        planes = ((self.in_plane, (cols.lo, rows.lo, cols.hi, rows.hi)),
                  (self.out_plane, (0, 0, n_out_cols, n_out_rows)))
        for index, (plane, (x0, y0, x1, y1)) in enumerate(planes):
            name = sweep.labels()[index]
            w, h = size(lambda which, index=index: [which.labels()[index]], style.label)
            if flat:
                x, y = plane.point((x0 + x1) / 2, y0)
                self.labels.append(_Text(x, y + 0.25, name, style.label, "center", "bottom"))
                boxes.append((x - w / 2, y, x + w / 2, y + 0.25 + h))
            else:
                x, y = plane.point(x0, (y0 + y1) / 2)
                self.labels.append(_Text(x - 0.5, y, name, style.label, "right", "center"))
                boxes.append((x - 0.5 - w, y - h / 2, x - 0.5, y + h / 2))

        # the numbers written out: under the grids, one line per kernel row
        self.equation = None
        if flat:
            longest = max((sweep.result(step)[1] for step in range(sweep.n_steps)), key=len)
            w, h = size(lambda which: longest.split("\n"), style.equation)
            grids = _union(boxes)
            x = (grids[0] + grids[2]) / 2
            self.equation = _Text(x, grids[1] - 0.6, "", style.equation, "center", "top")
            self.equation_lines = max(len(sweep.result(step)[1].split("\n")) for step in range(sweep.n_steps))
            h = style.equation * 1.2 * self.equation_lines / unit
            boxes.append((x - w / 2, grids[1] - 0.6 - h, x + w / 2, grids[1] - 0.6))

        # the matrix view: C to the right, its cells small enough to stand as tall as the grids
        self.matrix = None
        if matrix:
            grids = _union(boxes)
            shape = _matrix_shape(sweep)
            height, width = grids[3] - grids[1], grids[2] - grids[0]
            # as tall as the grids at most, and not much wider; never under 2 points a cell
            cell = max(min(0.6 if not flat else 0.45, height / shape[0], 1.25 * width / shape[1]), 2.0 / unit)
            x0, y_top = grids[2] + 1.5, (grids[1] + grids[3]) / 2 + shape[0] * cell / 2
            self.matrix = (x0, y_top, cell)
            w, h = size(lambda which: [which.matrix_titles(which.n_steps - 1)[1]], style.label)
            width = shape[1] * cell
            # "C" above the line naming this step's row, which show() writes
            self.matrix_titles = (
                _Text(x0 + width / 2, y_top + 0.3 + h, sweep.matrix_titles(0)[0], style.label, "center", "bottom"),
                _Text(x0 + width / 2, y_top + 0.3, "", style.label, "center", "bottom"),
            )
            middle, half = x0 + width / 2, max(w, width) / 2
            top = y_top + 0.3 + 2 * style.label * 1.2 / unit
            boxes.append((middle - half, y_top - shape[0] * cell, middle + half, top))

        x0, y0, x1, y1 = _union(boxes)
        x0, y0, x1, y1 = x0 - 0.6, y0 - 0.6, x1 + 0.6, y1 + 0.4
        self.title = None
        if title:
            lines = sweep.title_lines()
            w, h = size(lambda which: which.title_lines(), style.title)
            middle = (x0 + x1) / 2
            x0, x1 = min(x0, middle - w / 2 - 0.6), max(x1, middle + w / 2 + 0.6)
            self.title = _Text(middle, y1 + h + 0.2, "\n".join(lines), style.title, "center", "top")
            y1 += h + 0.5
        minimum = _MIN_WIDTH / unit
        if x1 - x0 < minimum:
            grow = (minimum - (x1 - x0)) / 2
            x0, x1 = x0 - grow, x1 + grow
        self.limits = (x0, x1), (y0, y1)

    def inches(self) -> tuple:
        """The figure size that gives ``style.unit`` points per cell, whole pixels at 72 dpi."""
        (x0, x1), (y0, y1) = self.limits
        return round((x1 - x0) * self.style.unit) / _DPI, round((y1 - y0) * self.style.unit) / _DPI


def _box(points) -> tuple:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _union(boxes) -> tuple:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _matrix_shape(sweep: Sweep) -> tuple:
    """``(rows, columns)`` of ``C``: the direct convolution's outputs by its inputs (a transposed convolution's
    inputs by its outputs)."""
    n_in = math.prod(sweep.original_input_size)
    n_out = math.prod(sweep.output_size_nd)
    return (n_in, n_out) if sweep.transposed else (n_out, n_in)


def _tap_matrix(sweep: Sweep):
    """``C`` with each entry the number of the tap it holds (1, 2, ...; 0 for none), from :func:`symconv.conv_matrix`.
    """
    import numpy as np

    from ..matrix import conv_matrix

    rows, cols = _matrix_shape(sweep)
    if rows * cols > MAX_MATRIX_CELLS:
        raise SymconvError(
            f"matrix: the matrix view draws C of {rows}x{cols} = {rows * cols:,} cells, more than "
            f"{MAX_MATRIX_CELLS:,}; draw a smaller configuration or leave out the matrix view", parameter="matrix")
    geometry = sweep.original
    taps = np.arange(1, math.prod(geometry.kernel_size) + 1).reshape(1, 1, *geometry.kernel_size)
    pads = geometry.pads(sweep.original_input_size)
    options = dict(stride=geometry.stride, padding=pads, dilation=geometry.dilation, format="dense")
    if sweep.transposed:
        # conv_transpose(y) = T y with T = C^T: C is T transposed
        transposed = conv_matrix((1, *sweep.original_input_size), taps, transposed=True,
                                 output_padding=geometry.output_padding, **options)
        return np.asarray(transposed).T
    return np.asarray(conv_matrix((1, *sweep.original_input_size), taps, **options))


def _matrix_image(tap_matrix, step: int, transposed: bool):
    """RGB image of ``C``: taps grey, the current row (column) tinted, its taps in the window colour."""
    import numpy as np
    from matplotlib.colors import to_rgb

    image = np.ones(tap_matrix.shape + (3,))
    image[tap_matrix != 0] = to_rgb("#a0a8aa")
    line = (slice(None), step) if transposed else (step, slice(None))
    band = image[line]
    band[:] = _blend(EMPTY_COLOR, WINDOW_COLOR, 0.22)
    band[tap_matrix[line] != 0] = to_rgb(WINDOW_COLOR)
    image[line] = band
    return image


def _blend(color, over, alpha):
    from matplotlib.colors import to_rgb

    return tuple((1 - alpha) * a + alpha * b for a, b in zip(to_rgb(color), to_rgb(over)))


# ----------------------------------------------------------------------------
# the matplotlib scene: static cells drawn once, window and output cells moved per step
# ----------------------------------------------------------------------------


def _squares(cells) -> list:
    """Unit squares with lower corners at ``(x, y)``, as polygon vertex lists."""
    return [[(x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1)] for x, y in cells]


def _chinese(text_artist, family) -> None:
    if family is not None:
        text_artist.set_fontfamily([*text_artist.get_fontfamily(), family])


class _Scene:
    """The artists of one animation; :meth:`show` moves them to a step.

    Cells are drawn as one collection per state (a few artists instead of
    hundreds of patches keeps a frame at a few milliseconds).
    """

    def __init__(self, sweep: Sweep, ax, *, title: bool = True, matrix: bool = False, style=None, family=None):
        from matplotlib.collections import LineCollection, PolyCollection
        from matplotlib.patches import Rectangle

        self.sweep, self.ax, self.family = sweep, ax, family
        style = style or (_NUMERIC if sweep.numeric else _SLANTED)
        self.layout = layout = _Layout(sweep, style, title=title, matrix=matrix, family=family)
        (x0, x1), (y0, y1) = self.limits = layout.limits
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_axis_off()

        in_transform = layout.in_plane.affine() + ax.transData
        out_transform = layout.out_plane.affine() + ax.transData
        self.artists = {}
        copying = sweep.geometry.padding_mode != "zeros"
        for kind, positions in sweep.cells.items():
            filled = kind == "input"
            # reflect/replicate/circular padding holds input values: tinted as the input, dashed as padding
            face = INPUT_COLOR if filled else (COPIED_COLOR if copying and kind == "padding" else EMPTY_COLOR)
            self.artists[kind] = ax.add_collection(
                PolyCollection(
                    _squares(positions),
                    facecolors=face,
                    edgecolors=LINE_COLOR,
                    linewidths=1.0 if filled else 0.8,
                    linestyles="solid" if filled else (0, (2, 2)),
                    transform=in_transform,
                    zorder=2 if filled else 1,
                ),
                autolim=False,
            )
        self.window = ax.add_collection(
            PolyCollection([], facecolors=WINDOW_COLOR, alpha=0.75, edgecolors=LINE_COLOR, linewidths=1.0,
                           transform=in_transform, zorder=3),
            autolim=False,
        )
        self.window_frame = ax.add_patch(
            Rectangle((0, 0), 1, 1, fill=False, edgecolor=LINE_COLOR, linewidth=1.8, transform=in_transform, zorder=3.5)
        )
        self.connectors = ax.add_collection(
            LineCollection([], colors=LINE_COLOR, linewidths=0.8, zorder=4), autolim=False
        )
        current = _blend(EMPTY_COLOR, WINDOW_COLOR, 0.75)
        self.output = {}
        states = (("done", OUTPUT_COLOR, 1.0), ("pending", EMPTY_COLOR, 1.0), ("current", current, 1.8))
        for state, face, width in states:
            self.output[state] = ax.add_collection(
                PolyCollection([], facecolors=face, edgecolors=LINE_COLOR, linewidths=width, transform=out_transform,
                               zorder=6 if state == "current" else 5),
                autolim=False,
            )
        self.labels = [self._text(label, color=LINE_COLOR, zorder=7) for label in layout.labels]
        self.title = None
        if layout.title is not None:
            self.title = self._text(layout.title, color=LINE_COLOR, zorder=7)
        self.numbers = {}
        if sweep.numeric:
            self._numbers(style)
        self.matrix = None
        if layout.matrix is not None:
            self._matrix()
        self.step = None

    def _text(self, placed: _Text, **options):
        text = self.ax.text(placed.x, placed.y, placed.text, ha=placed.ha, va=placed.va, fontsize=placed.size,
                            **options)
        _chinese(text, self.family) if self.family is not None and placed.text else None
        return text

    def _numbers(self, style: _Style) -> None:
        """The texts of numeric mode: a value in every input cell, kernel values on the taps, output values."""
        sweep, layout, ax = self.sweep, self.layout, self.ax
        cells = {}
        for kind, positions in sweep.cells.items():
            for x, y in positions:
                cx, cy = layout.in_plane.point(x + 0.5, y + 0.5)
                text = number_text(sweep.value(x, y))
                color = "white" if kind == "input" else FAINT_COLOR
                cells[x, y] = ax.text(cx, cy, text, ha="center", va="center", zorder=4.5,
                                      fontsize=_fit(text, style.number), color=color)
        taps = [ax.text(0, 0, "", ha="right", va="bottom", fontsize=style.tap, color=LINE_COLOR, zorder=4.6,
                        fontweight="bold") for _ in sweep.tap_weights()]
        outputs = {}
        for r in range(sweep.output_size[0]):
            for c in range(sweep.output_size[1]):
                cx, cy = layout.out_plane.point(c + 0.5, r + 0.5)
                outputs[c, r] = ax.text(cx, cy, "", ha="center", va="center", zorder=7, fontsize=style.number)
        equation = self._text(layout.equation, color=LINE_COLOR, zorder=7, linespacing=1.2)
        self.numbers = {"cells": cells, "taps": taps, "outputs": outputs, "equation": equation}

    def _matrix(self) -> None:
        sweep, ax = self.sweep, self.ax
        from matplotlib.patches import Rectangle

        x0, y_top, cell = self.layout.matrix
        self.tap_matrix = _tap_matrix(sweep)
        rows, cols = self.tap_matrix.shape
        extent = (x0, x0 + cols * cell, y_top - rows * cell, y_top)
        self.matrix = ax.imshow(_matrix_image(self.tap_matrix, 0, sweep.transposed), extent=extent,
                                interpolation="nearest", zorder=2, aspect="auto")
        ax.add_patch(Rectangle((extent[0], extent[2]), cols * cell, rows * cell, fill=False, edgecolor=LINE_COLOR,
                               linewidth=0.8, zorder=3))
        self.matrix_line = ax.add_patch(Rectangle((0, 0), 1, 1, fill=False, edgecolor=LINE_COLOR, linewidth=1.4,
                                                  zorder=3.5))
        self.matrix_titles = [self._text(t, color=LINE_COLOR, zorder=7) for t in self.layout.matrix_titles]
        for text in self.matrix_titles:
            _chinese(text, self.family)
        # imshow resets the limits to its extent
        (lx0, lx1), (ly0, ly1) = self.limits
        ax.set_xlim(lx0, lx1)
        ax.set_ylim(ly0, ly1)

    def show(self, step: int) -> dict:
        sweep, layout = self.sweep, self.layout
        taps = sweep.window(step)
        self.window.set_verts(_squares(taps))
        x0, y0, x1, y1 = sweep.span(step)
        self.window_frame.set_bounds(x0, y0, x1 - x0, y1 - y0)
        r, c = sweep.position(step)
        if not sweep.numeric:
            start = layout.in_plane.corners(x0, y0, x1, y1)
            end = layout.out_plane.corners(c, r, c + 1, r + 1)
            self.connectors.set_segments([[a, b] for a, b in zip(start, end)])
        cells = sweep.output_cells(step)
        for state, collection in self.output.items():
            collection.set_verts(_squares(cells[state]))
        if sweep.numeric:
            self._show_numbers(step, taps)
        if self.matrix is not None:
            self._show_matrix(step)
        self.step = step
        return self.drawn()

    def _show_numbers(self, step: int, taps) -> None:
        sweep, layout, numbers_ = self.sweep, self.layout, self.numbers
        window = set(taps)
        for (x, y), text in numbers_["cells"].items():
            kind = sweep.kind(x, y)
            text.set_color(LINE_COLOR if (x, y) in window else ("white" if kind == "input" else FAINT_COLOR))
        for text, (x, y), weight in zip(numbers_["taps"], taps, sweep.tap_weights()):
            text.set_position(layout.in_plane.point(x + 0.94, y + 0.97))
            text.set_text(number_text(weight))
        values = sweep.output_values(step)
        current = sweep.position(step)[::-1]
        for cell, text in numbers_["outputs"].items():
            value = values.get(cell)
            words = "" if value is None else number_text(value)
            text.set_text(words)
            text.set_fontsize(_fit(words, layout.style.number))
            text.set_color(LINE_COLOR if cell == current else "white")
            text.set_fontweight("bold" if cell == current else "normal")
        numbers_["equation"].set_text(sweep.result(step)[1])

    def _show_matrix(self, step: int) -> None:
        x0, y_top, cell = self.layout.matrix
        rows, cols = self.tap_matrix.shape
        self.matrix.set_data(_matrix_image(self.tap_matrix, step, self.sweep.transposed))
        if self.sweep.transposed:
            self.matrix_line.set_bounds(x0 + step * cell, y_top - rows * cell, cell, rows * cell)
        else:
            self.matrix_line.set_bounds(x0, y_top - (step + 1) * cell, cols * cell, cell)
        self.matrix_titles[1].set_text(self.sweep.matrix_titles(step)[1])

    def drawn(self) -> dict:
        drawn = {
            **self.artists,
            "window": self.window,
            "window_frame": self.window_frame,
            "connectors": self.connectors,
            **{f"output_{state}": collection for state, collection in self.output.items()},
            "title": self.title,
            "labels": list(self.labels),
        }
        if self.sweep.numeric:
            drawn["values"] = dict(self.numbers["cells"])
            drawn["tap_values"] = list(self.numbers["taps"])
            drawn["output_values"] = dict(self.numbers["outputs"])
            drawn["equation"] = self.numbers["equation"]
        if self.matrix is not None:
            drawn["matrix"] = self.matrix
            drawn["matrix_line"] = self.matrix_line
            drawn["matrix_titles"] = list(self.matrix_titles)
        return drawn


def _fit(text: str, size: float) -> float:
    """A font size at which ``text`` fits in one cell (about three characters at ``size``)."""
    return size if len(text) <= 3 else size * 3.6 / len(text)


def _new_axes():
    """A figure of its own (no pyplot, nothing to close) with an Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(dpi=_DPI)
    FigureCanvasAgg(fig)
    return fig.add_axes((0.0, 0.0, 1.0, 1.0))


def _fit_figure(scene: _Scene) -> None:
    """Size the figure to the scene: a fixed number of points (pixels at 72 dpi) per cell."""
    scene.ax.figure.set_size_inches(*scene.layout.inches())


def _family(sweep: Sweep, *, title: bool, matrix: bool, strip: bool = False):
    """The Chinese font family of the texts a frame draws (None in English), found before anything is drawn."""
    texts = [*sweep.labels()]
    texts += sweep.title_lines() if title else ()
    texts += [sweep.matrix_titles(step)[1] for step in (0, sweep.n_steps - 1)] if matrix else []
    texts += [sweep.step_caption(0)] if strip else []
    return family_for(sweep.lang, texts)


# ----------------------------------------------------------------------------
# one frame
# ----------------------------------------------------------------------------


class StepDrawing(dict):
    """The artists of one frame by what they show -- a ``dict``, as :func:`draw_step` always returned -- that
    Jupyter shows as its figure (SVG).

    Everything a ``dict`` does works as before (``drawing["window"]``, ``keys()``, comparison with a dict);
    ``figure`` is the figure drawn on, ``step`` the output cell, and ``value``/``equation`` the numbers of a
    numeric frame (None otherwise).

    Examples
    --------
    >>> from symconv import Geometry
    >>> drawing = draw_step(0, Geometry(2, ndim=2), 3, numeric=True)
    >>> isinstance(drawing, dict), drawing.value, drawing.equation
    (True, 19, '0·0 + 1·1 +\\n3·2 + 4·3 = 19')
    >>> drawing._repr_svg_().startswith("<?xml")
    True
    """

    def __init__(self, artists: dict, *, figure, step: int, n_steps: int, value=None, equation=None):
        super().__init__(artists)
        self.figure, self.step, self.n_steps, self.value, self.equation = figure, step, n_steps, value, equation

    def _repr_svg_(self) -> str:
        return svg_text(self.figure)

    def __repr__(self) -> str:
        title = self.get("title")
        words = f": {title.get_text().splitlines()[0]}" if title is not None else ""
        return f"<StepDrawing step {self.step} of {self.n_steps}{words} ({len(self)} artists)>"


def draw_step(step: int, geometry: Geometry, input_size, ax=None, *, lang: str = "en", numeric=None, values=None,
              weights=None, operation: str = "conv", static: bool = False, matrix: bool = False,
              title: bool = True) -> StepDrawing:
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
        Where to draw; by default a new ``Figure`` (no pyplot, nothing to close)
        sized at 14 points a cell (40 in numeric mode).
    lang : {"en", "zh"}, default "en"
        The language of the title's words and the planes' names; Chinese is
        drawn with a font that has Chinese glyphs (see the module).
    numeric : bool, optional
        Write the numbers (see the module); by default on when ``values``,
        ``weights`` or a pooling ``operation`` is given.
    values : array, optional
        The input, of shape ``input_size``; default ``0, 1, 2, ...``.
    weights : array, optional
        The kernel, of shape ``kernel_size``; default ``0, 1, 2, ...``.  A
        transposed convolution's window carries it rotated by 180 degrees.
    operation : {"conv", "max", "mean"}, default "conv"
        What the window computes in numeric mode: products and their sum, or
        max pooling (padding ignored) or average pooling (padding counted).
    static : bool, default False
        Leave out the output cells already computed (a frame for a slide).
    matrix : bool, default False
        Draw ``C`` next to the grid, this step's row highlighted (the column
        of ``C`` that is this step's row of ``Cᵀ``, for a transposed convolution).
    title : bool, default True
        Write the configuration above the picture.

    Returns
    -------
    StepDrawing
        A dict of the artists, by what they show, that Jupyter shows as its
        figure.  Cells are unit squares in their plane's own ``(column, row)``
        coordinates (a path's first vertex is its corner): in the input plane
        input cell ``j`` of a direct convolution is at ``j`` and padding at
        negative positions or past the end; for a transposed convolution input
        cell ``j`` is at ``j * stride`` with the inserted zeros between.  A 1-D
        geometry is row 0.

        - ``"input"``, ``"padding"``, ``"zero"``: a ``PolyCollection`` each, one
          square per cell (``"zero"``: the zeros a transposed convolution inserts);
        - ``"window"``: a ``PolyCollection``, one shaded square per kernel tap;
        - ``"window_frame"``: the ``Rectangle`` around the window's span;
        - ``"connectors"``: a ``LineCollection``, four lines from the window to
          the output cell (none in numeric mode, whose grids lie side by side);
        - ``"output_done"``, ``"output_current"``, ``"output_pending"``: a
          ``PolyCollection`` each, squares at ``(column, row)`` of the output;
        - ``"title"``: the ``Text`` naming the configuration (None without a title);
        - ``"labels"``: the ``Text`` of each plane's name, input then output;
        - numeric mode: ``"values"`` (cell -> ``Text``), ``"tap_values"`` (one
          ``Text`` per tap), ``"output_values"`` (output cell -> ``Text``),
          ``"equation"`` (the ``Text`` written out);
        - with ``matrix=True``: ``"matrix"`` (the ``AxesImage`` of ``C``),
          ``"matrix_line"`` (the ``Rectangle`` around the highlighted row or
          column), ``"matrix_titles"``.

    Raises
    ------
    TypeError
        If ``geometry`` is not a :class:`Geometry`, sizes are symbolic,
        ``step`` is not an int, ``lang`` not a str, a flag not a bool, or
        ``values``/``weights`` not arrays of numbers.
    SymconvError
        For a ``step`` out of range, more than 2 spatial axes, the geometry's
        own errors for a bad size, a transposed convolution whose padding
        exceeds ``d(k-1)`` (its equivalent direct convolution would crop), an
        unknown ``lang`` or ``operation``, values or weights of the wrong
        shape or not finite, pooling with weights or transposed, a pooling
        window wholly in the padding, ``numeric=False`` with values, a matrix
        view over :data:`MAX_MATRIX_CELLS`, or ``lang="zh"`` where matplotlib
        finds no font with Chinese glyphs.

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
    >>> [label.get_text() for label in drawn["labels"]]
    ['input', 'output']

    A transposed convolution in the guide's notation, above the convolution it transposes:

    >>> print(draw_step(0, Geometry(3, stride=2, padding=1, transposed=True, ndim=2), 3)["title"].get_text())
    transposed conv  i'=3 k'=3 s'=1 p'=1  →  o'=5
    of conv  i=5 k=3 s=2 p=1  →  o=3

    The d2l example in numbers, its last step:

    >>> print(draw_step(3, Geometry(2, ndim=2), 3, numeric=True)["equation"].get_text())
    4·0 + 5·1 +
    7·2 + 8·3 = 43

    In Chinese the kind of convolution is named in the notes' words and the
    guide's notation stays (this needs a font with Chinese glyphs, which a
    bare machine lacks: the doctest runs these lines where matplotlib finds one):

    >>> drawn = draw_step(4, Geometry(3, stride=2, padding=1, ndim=2), 5, lang="zh")  # doctest: +NEEDS_CHINESE_FONT
    >>> drawn["title"].get_text()  # doctest: +NEEDS_CHINESE_FONT
    '卷积  i=5 k=3 s=2 p=1  →  o=3'

    See Also
    --------
    conv_animation, animation_frames, frame_strip, frame_file
    """
    sweep = _sweep(geometry, input_size, numeric=numeric, values=values, weights=weights, operation=operation,
                   static=static, lang=lang)
    step = _check_step(step, sweep.n_steps)
    matrix, title = as_bool(matrix, "matrix"), as_bool(title, "title")
    if matrix:
        _tap_matrix(sweep)  # refused before anything is drawn
    # found before anything is drawn, so that a missing font leaves the axes empty
    family = _family(sweep, title=title, matrix=matrix)
    scene = _Scene(sweep, _new_axes() if ax is None else ax, title=title, matrix=matrix, family=family)
    if ax is None:
        _fit_figure(scene)
    drawn = scene.show(step)
    value, equation = sweep.result(step) if sweep.numeric else (None, None)
    return StepDrawing(drawn, figure=scene.ax.figure, step=step, n_steps=sweep.n_steps, value=value,
                       equation=equation)


# ----------------------------------------------------------------------------
# every frame, and the GIF
# ----------------------------------------------------------------------------


def _check_max_frames(max_frames, sweep: Sweep) -> None:
    if isinstance(max_frames, bool) or not isinstance(max_frames, numbers.Integral):
        raise TypeError(f"max_frames: expected a positive int, got {type(max_frames).__name__} {max_frames!r}")
    if sweep.n_steps > max_frames:
        shape = "x".join(map(str, sweep.output_size_nd))
        raise SymconvError(
            f"max_frames: the {shape} output needs {sweep.n_steps} frames (one per output cell), "
            f"more than max_frames={max_frames}; draw a smaller configuration or raise max_frames",
            parameter="max_frames",
        )


def animation_frames(
    geometry: Geometry, input_size, *, title: bool = True, max_frames: int = 400, lang: str = "en", numeric=None,
    values=None, weights=None, operation: str = "conv", static: bool = False, matrix: bool = False,
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
        The language of the title and the planes' names, as for :func:`draw_step`.
    numeric, values, weights, operation, static, matrix
        As for :func:`draw_step`.

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

    sweep = _sweep(geometry, input_size, numeric=numeric, values=values, weights=weights, operation=operation,
                   static=static, lang=lang)
    title, matrix = as_bool(title, "title"), as_bool(matrix, "matrix")
    _check_max_frames(max_frames, sweep)
    if matrix:
        _tap_matrix(sweep)
    family = _family(sweep, title=title, matrix=matrix)
    # the file must not depend on the user's matplotlibrc
    with matplotlib.style.context("default"):
        ax = _new_axes()
        scene = _Scene(sweep, ax, title=title, matrix=matrix, family=family)
        _fit_figure(scene)
        canvas = ax.figure.canvas
        frames = []
        for step in range(sweep.n_steps):
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
    numeric=None,
    values=None,
    weights=None,
    operation="conv",
    static=False,
    matrix=False,
    padding_mode="zeros",
) -> Animation:
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
    padding_mode : {"zeros", "reflect", "replicate", "circular"}, default "zeros"
        What the padding holds (PyTorch's ``padding_mode``).  In a copying
        mode each padding cell shows the value of the input cell it copies
        (so ``numeric`` defaults to True; with ``numeric=False`` copying
        padding cells are tinted light blue).  Not for transposed convolution
        or pooling, as in PyTorch; the matrix view draws zero padding only.
    fps : float, default 2
        Frames per second.
    title : bool, default True
        Write the configuration (``i k s p d a -> o``) above the picture.
    max_frames : int, default 400
        Refuse larger animations (one frame per output cell).
    lang : {"en", "zh"}, default "en"
        The language of the title's words and the planes' names (the
        notation is the guide's in both).  Chinese needs a font with Chinese
        glyphs (see the module).
    numeric, values, weights, operation, static, matrix
        As for :func:`draw_step`: numbers written out, the frames of a slide,
        the matrix view.

    Returns
    -------
    Animation
        The GIF: ``bytes`` (the same on every run) that Jupyter plays inline
        with a play/pause button and a slider (``_repr_html_``, frames as
        PNG, no network).

    Raises
    ------
    SymconvError
        The geometry's errors for a bad configuration, more output cells than
        ``max_frames``, a transposed padding larger than ``d(k-1)``, an
        unknown ``lang``, ``lang="zh"`` where matplotlib finds no font with
        Chinese glyphs, and the numeric refusals of :func:`draw_step`.
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

    The d2l example, numbers written out; in a notebook it plays itself:

    >>> d2l = conv_animation(3, 2, numeric=True)
    >>> d2l.n_frames, "<script>" in d2l._repr_html_()
    (4, True)

    Titled in Chinese (this needs a font with Chinese glyphs, which a bare
    machine lacks: the doctest runs these lines where matplotlib finds one):

    >>> data = conv_animation(5, 3, stride=2, padding=1, lang="zh")  # doctest: +NEEDS_CHINESE_FONT
    >>> Image.open(io.BytesIO(data)).n_frames  # doctest: +NEEDS_CHINESE_FONT
    9

    See Also
    --------
    arithmetic_animation, draw_step, animation_frames, frame_strip, symconv._output.savefig.gif_bytes
    """
    from .._output.savefig import frame_duration_ms, gif_bytes

    check_lang(lang)
    frame_duration_ms(fps=fps)  # refused before any frame is drawn
    geometry, input_size = animation_geometry(input_size, kernel_size, stride=stride, padding=padding,
                                              dilation=dilation, output_padding=output_padding, transposed=transposed,
                                              padding_mode=padding_mode)
    if matrix and geometry.padding_mode != "zeros":
        raise SymconvError(f"matrix: the matrix view draws each entry as the one tap it holds; with padding_mode="
                           f"{geometry.padding_mode!r} folded entries hold several (symconv.conv_matrix shows them); "
                           "leave out the matrix view", parameter="matrix")
    frames = animation_frames(geometry, input_size, title=title, max_frames=max_frames, lang=lang, numeric=numeric,
                              values=values, weights=weights, operation=operation, static=static, matrix=matrix)
    sweep = _sweep(geometry, input_size, numeric=numeric, values=values, weights=weights, operation=operation,
                   static=static, lang=lang)
    colors = _NUMERIC_GIF_COLORS if sweep.numeric else _GIF_COLORS
    # a numeric frame's sum, written out, is its caption in a notebook's player
    captions = [sweep.result(step)[1] for step in range(sweep.n_steps)] if sweep.numeric else ()
    return Animation(gif_bytes(frames, fps=fps, colors=colors), captions)


def animation_geometry(input_size, kernel_size, *, stride=1, padding=0, dilation=1, output_padding=0,
                       transposed=False, padding_mode="zeros") -> tuple:
    """The :class:`Geometry` :func:`conv_animation` draws, and its input size.

    An int ``input_size`` draws the guide's square 2-D grid (or as many axes
    as a tuple among the other arguments has); a tuple gives one size per axis.

    Examples
    --------
    >>> animation_geometry(5, 3, stride=2)
    (Geometry(kernel_size=(3, 3), stride=(2, 2), padding=((0, 0), (0, 0)), dilation=(1, 1)), 5)
    >>> animation_geometry((7,), 3)[0].ndim
    1
    """
    input_size = plain(input_size)
    ndim = len(input_size) if is_sequence(input_size) else None
    if ndim is None:
        sequences = [value for value in (kernel_size, stride, dilation, output_padding) if is_sequence(value)]
        ndim = len(sequences[0]) if sequences else 2  # the guide's square grids
    geometry = Geometry(kernel_size, stride, padding, dilation, 1, output_padding, transposed=transposed,
                        padding_mode=padding_mode, ndim=ndim)
    return geometry, input_size


def _named(name: str) -> dict:
    if not isinstance(name, str) or name not in ARITHMETIC_CONFIGS:
        raise SymconvError(f"name: expected one of {sorted(ARITHMETIC_CONFIGS)}, got {name!r}", parameter="name")
    return ARITHMETIC_CONFIGS[name]


def arithmetic_animation(name: str, *, lang: str = "en", **options) -> Animation:
    """The GIF of one of the guide's named configurations (see :data:`ARITHMETIC_CONFIGS`).

    Parameters
    ----------
    name : str
        A key of :data:`ARITHMETIC_CONFIGS`, e.g. ``"padding_strides_odd_transposed"``.
    lang : {"en", "zh"}, default "en"
        The language of the title, as for :func:`conv_animation`.
    **options
        Passed on to :func:`conv_animation` (``fps``, ``title``, ``max_frames``,
        ``numeric``, ``static``, ``matrix``, ...).

    Returns
    -------
    Animation
        The GIF (``bytes``).

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
    return conv_animation(**_named(name), **options, lang=lang)


# ----------------------------------------------------------------------------
# key frames side by side, for a page or a slide
# ----------------------------------------------------------------------------


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
    title : matplotlib.text.Text or None
        The configuration, once above the frames.
    captions : tuple of matplotlib.text.Text
        ``step 2/9`` under each frame.
    """

    def __init__(self, axes, steps, drawn, title, captions):
        self.axes, self.steps, self.drawn = tuple(axes), tuple(steps), tuple(drawn)
        self.ax = self.axes[0]
        self.title, self.captions = title, tuple(captions)


def _strip_layout(sweep: Sweep, steps, title: bool, matrix: bool, family, columns):
    """The figure of a strip: one axes per step on a grid of ``columns``, the title once above."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(dpi=_DPI)
    FigureCanvasAgg(figure)
    scenes = [_Scene(sweep, figure.add_axes((0, 0, 1, 1)), title=False, matrix=matrix, family=family) for _ in steps]
    style = scenes[0].layout.style
    width, height = scenes[0].layout.inches()
    columns = len(steps) if columns is None else columns
    rows = -(-len(steps) // columns)
    gap = 0.3
    caption = style.caption * 1.5 / _DPI
    top = 0.0
    lines = sweep.title_lines() if title else ()
    if lines:
        top = _measure(lines, style.title, family)[1] / _DPI + 0.15
    total_w = columns * width + (columns - 1) * gap
    cell_h = height + caption
    total_h = top + rows * cell_h + (rows - 1) * gap
    figure.set_size_inches(total_w, total_h)
    captions = []
    for index, (scene, step) in enumerate(zip(scenes, steps)):
        row, col = divmod(index, columns)
        left = col * (width + gap)
        bottom = total_h - top - row * (cell_h + gap) - height
        scene.ax.set_position((left / total_w, bottom / total_h, width / total_w, height / total_h))
        text = figure.text((left + width / 2) / total_w, (bottom - 0.02) / total_h, sweep.step_caption(step),
                           ha="center", va="top", fontsize=style.caption, color=LINE_COLOR)
        _chinese(text, family)
        captions.append(text)
    title_text = None
    if lines:
        title_text = figure.text(0.5, 1 - 0.05 / total_h, "\n".join(lines), ha="center", va="top",
                                 fontsize=style.title, color=LINE_COLOR)
        _chinese(title_text, family)
    return figure, scenes, title_text, captions


def _check_columns(columns, n):
    if columns is None:
        return None
    if isinstance(columns, bool) or not isinstance(columns, numbers.Integral):
        raise TypeError(f"columns: expected a positive int, got {type(columns).__name__} {columns!r}")
    if not 1 <= columns:
        raise SymconvError(f"columns: expected a positive int, got {columns}", parameter="columns")
    return min(int(columns), n)


def frame_strip(geometry: Geometry, input_size, steps=None, *, lang: str = "en", numeric=None, values=None,
                weights=None, operation: str = "conv", static: bool = False, matrix: bool = False,
                title: bool = True, columns=None) -> StripPicture:
    """Key frames of a convolution animation side by side: one figure for a page or a slide.

    Parameters
    ----------
    geometry : Geometry
        A 1-D or 2-D geometry with concrete sizes.
    input_size : int or tuple of int
        Input size; an int is used for every axis.
    steps : list of int, optional
        Which output cells, in row-major order; by default :func:`key_steps`
        (the first, the next along the row, the first of the next row, the last).
    lang : {"en", "zh"}, default "en"
        The language of the title, the planes' names and the captions.
    numeric, values, weights, operation, static, matrix
        As for :func:`draw_step`.
    title : bool, default True
        The configuration once above the frames.
    columns : int, optional
        Frames per row; by default all in one row.

    Returns
    -------
    StripPicture
        Its ``figure`` is a plain matplotlib ``Figure`` at 14 points a cell (40
        in numeric mode); save it as PDF or SVG for a page
        (:func:`frame_file` does, and writes TikZ too).

    Raises
    ------
    SymconvError, TypeError
        As :func:`draw_step`, for a step out of range, no steps, more steps
        than output cells, or ``columns`` not a positive int.

    Examples
    --------
    >>> from symconv import Geometry
    >>> strip = frame_strip(Geometry(3, stride=2, padding=1, ndim=2), 5)
    >>> strip.steps, len(strip.figure.axes), [c.get_text() for c in strip.captions]
    ((0, 1, 3, 8), 4, ['step 1/9', 'step 2/9', 'step 4/9', 'step 9/9'])

    See Also
    --------
    arithmetic_strip, draw_step, key_steps, frame_file
    """
    sweep = _sweep(geometry, input_size, numeric=numeric, values=values, weights=weights, operation=operation,
                   static=static, lang=lang)
    steps = key_steps(sweep.output_size_nd) if steps is None else _check_steps(steps, sweep.n_steps)
    title, matrix = as_bool(title, "title"), as_bool(matrix, "matrix")
    columns = _check_columns(columns, len(steps))
    if matrix:
        _tap_matrix(sweep)
    family = _family(sweep, title=title, matrix=matrix, strip=True)
    figure, scenes, title_text, captions = _strip_layout(sweep, steps, title, matrix, family, columns)
    drawn = [scene.show(step) for scene, step in zip(scenes, steps)]
    return StripPicture([scene.ax for scene in scenes], steps, drawn, title_text, captions)


def arithmetic_strip(name: str, *, lang: str = "en", steps=None, **options) -> StripPicture:
    """The key frames of one of the guide's named configurations (see :data:`ARITHMETIC_CONFIGS`).

    ``options`` are those of :func:`frame_strip` (``numeric``, ``static``, ``matrix``, ``columns``, ...).

    Examples
    --------
    >>> arithmetic_strip("padding_strides").steps
    (0, 1, 3, 8)
    """
    check_lang(lang)
    config = dict(_named(name))
    geometry, input_size = animation_geometry(config.pop("input_size"), config.pop("kernel_size"), **config)
    return frame_strip(geometry, input_size, steps, lang=lang, **options)


# ----------------------------------------------------------------------------
# files: one frame or a strip as PNG, SVG, PDF or TikZ
# ----------------------------------------------------------------------------


def _check_dpi(dpi):
    if isinstance(dpi, bool) or not isinstance(dpi, numbers.Real):
        raise TypeError(f"dpi: expected a number from 1 to {_MAX_DPI}, got {type(dpi).__name__} {dpi!r}")
    if not 1 <= dpi <= _MAX_DPI:  # NaN too
        shown = int_text(int(dpi)) if isinstance(dpi, numbers.Integral) else repr(dpi)
        raise SymconvError(f"dpi: expected a number from 1 to {_MAX_DPI}, got {shown}", parameter="dpi")
    return dpi


def frame_file(geometry: Geometry, input_size, fmt: str, *, step=None, steps=None, dpi=150, lang: str = "en",
               numeric=None, values=None, weights=None, operation: str = "conv", static: bool = False,
               matrix: bool = False, title: bool = True, columns=None) -> bytes:
    """One frame (``step``) or a strip of frames (``steps``) as a PNG, SVG, PDF or TikZ file.

    Parameters
    ----------
    geometry, input_size
        As for :func:`draw_step`.
    fmt : {"png", "svg", "pdf", "tex"}
        The format; ``"tex"`` is a standalone LaTeX document with one
        ``tikzpicture`` (pdflatex; xelatex with xeCJK for Chinese).
    step : int, optional
        One frame.
    steps : list of int or "key", optional
        A strip of frames (``"key"``: :func:`key_steps`).  Give ``step`` or
        ``steps``, not both.
    dpi : number, default 150
        PNG resolution (1 to 1200); the frame is 14 points a cell (40 in
        numeric mode), so 150 dpi gives about 29 pixels a cell.
    lang, numeric, values, weights, operation, static, matrix, title, columns
        As for :func:`draw_step` and :func:`frame_strip`.

    Returns
    -------
    bytes
        The file; the same bytes on every run (drawn with matplotlib's default
        style, whatever the user's matplotlibrc).

    Raises
    ------
    SymconvError, TypeError
        As :func:`draw_step` and :func:`frame_strip`; an unknown ``fmt``, both
        or neither of ``step`` and ``steps``, a ``dpi`` outside 1..1200.

    Examples
    --------
    >>> from symconv import Geometry
    >>> frame_file(Geometry(2, ndim=2), 3, "png", step=0)[:4]
    b'\\x89PNG'
    >>> print(frame_file(Geometry(2, ndim=2), 3, "tex", steps="key", numeric=True).decode().splitlines()[0])
    \\documentclass[tikz]{standalone}
    """
    import matplotlib.style

    if not isinstance(fmt, str):
        raise TypeError(f"fmt: expected one of {', '.join(FRAME_FORMATS)}, got {type(fmt).__name__} {fmt!r}")
    fmt = fmt.lower().lstrip(".")
    if fmt not in FRAME_FORMATS:
        raise SymconvError(f"fmt: expected one of {', '.join(FRAME_FORMATS)}, got {fmt!r}", parameter="fmt")
    if (step is None) == (steps is None):
        raise SymconvError(f"step, steps: expected one frame (step) or a strip (steps), got step={step!r} and "
                           f"steps={steps!r}", parameter="step" if step is not None else "steps")
    dpi = _check_dpi(dpi)
    sweep = _sweep(geometry, input_size, numeric=numeric, values=values, weights=weights, operation=operation,
                   static=static, lang=lang)
    if isinstance(steps, str):
        if steps != "key":
            raise SymconvError(f"steps: expected a list of ints or 'key', got {steps!r}", parameter="steps")
        steps = key_steps(sweep.output_size_nd)
    if fmt == "tex":
        title, matrix = as_bool(title, "title"), as_bool(matrix, "matrix")
        chosen = (_check_step(step, sweep.n_steps),) if steps is None else _check_steps(steps, sweep.n_steps)
        columns = _check_columns(columns, len(chosen))
        tap_matrix = _tap_matrix(sweep) if matrix else None
        return _tikz(sweep, chosen, strip=steps is not None, title=title, tap_matrix=tap_matrix,
                     columns=columns).encode("utf-8")
    from .._output.savefig import figure_bytes

    options = dict(lang=lang, numeric=sweep.numeric, values=values, weights=weights, operation=operation,
                   static=static, matrix=matrix, title=title)
    with matplotlib.style.context("default"):
        if steps is None:
            figure = draw_step(step, geometry, input_size, **options).figure
        else:
            figure = frame_strip(geometry, input_size, steps, columns=columns, **options).figure
        return figure_bytes(figure, fmt, dpi=dpi)


# ----------------------------------------------------------------------------
# TikZ
# ----------------------------------------------------------------------------

_CHINESE_PREAMBLE = "\\usepackage{xeCJK}\n\\setCJKmainfont{FandolSong-Regular.otf}[BoldFont=FandolSong-Bold.otf]\n"
_TEX_CHARACTERS = {MINUS: "$-$", TIMES: "$\\cdot$", "\u2192": "$\\rightarrow$", "\u1d40": "$^{\\mathsf{T}}$",
                   "'": "$'$"}


def _tex(text: str) -> str:
    from .._output.escape import tex_line

    return "".join(_TEX_CHARACTERS.get(ch) or tex_line(ch) for ch in text)


def _hex(color) -> str:
    from matplotlib.colors import to_hex

    return to_hex(color).lstrip("#").upper()


def _tikz_frame(sweep: Sweep, layout: _Layout, step: int, dx: float, dy: float, tap_matrix, caption) -> list:
    """The TikZ commands of one frame, shifted by ``(dx, dy)`` data units."""
    lines = []

    def cm(plane: _Plane) -> str:
        return f"cm={{{plane.a:g},{plane.c:g},{plane.b:g},{plane.d:g},({plane.ox + dx:.4f},{plane.oy + dy:.4f})}}"

    def node(x, y, text, options):
        lines.append(rf"\node[{options}] at ({x + dx:.4f},{y + dy:.4f}) {{{text}}};")

    window = set(sweep.window(step))
    lines.append(rf"\begin{{scope}}[{cm(layout.in_plane)}]")
    for kind, positions in sweep.cells.items():
        style = "inputcell" if kind == "input" else "emptycell"
        lines += [rf"\draw[{style}] ({x},{y}) rectangle +(1,1);" for x, y in positions]
    lines += [rf"\draw[tap] ({x},{y}) rectangle +(1,1);" for x, y in sweep.window(step)]
    x0, y0, x1, y1 = sweep.span(step)
    lines.append(rf"\draw[windowframe] ({x0},{y0}) rectangle ({x1},{y1});")
    lines.append(r"\end{scope}")
    cells = sweep.output_cells(step)
    lines.append(rf"\begin{{scope}}[{cm(layout.out_plane)}]")
    for state, style in (("done", "donecell"), ("pending", "emptycell, solid"), ("current", "currentcell")):
        lines += [rf"\draw[{style}] ({c},{r}) rectangle +(1,1);" for c, r in cells[state]]
    lines.append(r"\end{scope}")
    r, c = sweep.position(step)
    if not sweep.numeric:
        start = layout.in_plane.corners(x0, y0, x1, y1)
        end = layout.out_plane.corners(c, r, c + 1, r + 1)
        for (ax, ay), (bx, by) in zip(start, end):
            lines.append(rf"\draw[connector] ({ax + dx:.4f},{ay + dy:.4f}) -- ({bx + dx:.4f},{by + dy:.4f});")
    else:
        for kind, positions in sweep.cells.items():
            for x, y in positions:
                px, py = layout.in_plane.point(x + 0.5, y + 0.5)
                color = "symconvline" if (x, y) in window else ("white" if kind == "input" else "symconvfaint")
                node(px, py, _tex(number_text(sweep.value(x, y))), f"number, text={color}")
        for (x, y), weight in zip(sweep.window(step), sweep.tap_weights()):
            px, py = layout.in_plane.point(x + 0.94, y + 0.97)
            node(px, py, _tex(number_text(weight)), "tapvalue")
        for (cc, rr), value in sweep.output_values(step).items():
            px, py = layout.out_plane.point(cc + 0.5, rr + 0.5)
            current = (cc, rr) == (c, r)
            node(px, py, _tex(number_text(value)), "currentnumber" if current else "number, text=white")
        eq = layout.equation
        text = r"\\".join(_tex(line) for line in sweep.result(step)[1].split("\n"))
        node(eq.x, eq.y, text, "equation")
    for label in layout.labels:
        anchor = "south" if label.va == "bottom" else "east"
        node(label.x, label.y, _tex(label.text), f"label, anchor={anchor}")
    if tap_matrix is not None:
        mx, my, cell = layout.matrix
        rows, cols = tap_matrix.shape
        line = (slice(None), step) if sweep.transposed else (step, slice(None))
        if sweep.transposed:  # the column of C that is this step's row of C^T
            band = (mx + step * cell, my - rows * cell, cell, rows * cell)
        else:
            band = (mx, my - (step + 1) * cell, cols * cell, cell)
        lines.append(rf"\fill[matrixband] ({band[0] + dx:.4f},{band[1] + dy:.4f}) rectangle "
                     rf"+({band[2]:.4f},{band[3]:.4f});")
        highlighted = set(zip(*[index.tolist() for index in _nonzero_of(tap_matrix, line, sweep.transposed, step)]))
        for i, j in zip(*tap_matrix.nonzero()):
            style = "matrixtap" if (int(i), int(j)) in highlighted else "matrixentry"
            lines.append(rf"\fill[{style}] ({mx + j * cell + dx:.4f},{my - (i + 1) * cell + dy:.4f}) "
                         rf"rectangle +({cell:.4f},{cell:.4f});")
        lines.append(rf"\draw[matrixframe] ({mx + dx:.4f},{my - rows * cell + dy:.4f}) rectangle "
                     rf"+({cols * cell:.4f},{rows * cell:.4f});")
        for placed, text in zip(layout.matrix_titles, sweep.matrix_titles(step)):
            node(placed.x, placed.y, _tex(text), "label, anchor=south")
    if caption is not None:
        (lx0, lx1), (ly0, _) = layout.limits
        node((lx0 + lx1) / 2, ly0, _tex(caption), "label, anchor=north")
    return lines


def _nonzero_of(tap_matrix, line, transposed, step):
    """Row and column indices of the taps on the highlighted row (column) of ``C``."""
    import numpy as np

    found = np.flatnonzero(tap_matrix[line])
    if transposed:
        return found, np.full_like(found, step)
    return np.full_like(found, step), found


def _tikz(sweep: Sweep, steps, *, strip: bool, title: bool, tap_matrix, columns) -> str:
    """A standalone document with one ``tikzpicture``: the frames of ``steps``, the title once above."""
    style = _NUMERIC if sweep.numeric else _SLANTED
    layout = _Layout(sweep, style, title=False, matrix=tap_matrix is not None)
    (x0, x1), (y0, y1) = layout.limits
    width, height = x1 - x0, y1 - y0 + (1.5 if strip else 0.0)
    columns = columns or len(steps)
    centimetres = 2.54 * style.unit / 72
    lines = [
        rf"\begin{{tikzpicture}}[x={centimetres:.4f}cm, y={centimetres:.4f}cm, line join=round,",
        r"  inputcell/.style={fill=symconvinput, draw=symconvline, line width=0.5pt},",
        r"  emptycell/.style={fill=white, draw=symconvline, line width=0.4pt, dash pattern=on 1pt off 1pt},",
        r"  tap/.style={fill=symconvwindow, fill opacity=0.75, draw=symconvline, line width=0.5pt},",
        r"  windowframe/.style={draw=symconvline, line width=0.9pt},",
        r"  donecell/.style={fill=symconvoutput, draw=symconvline, line width=0.5pt},",
        r"  currentcell/.style={fill=symconvcurrent, draw=symconvline, line width=0.9pt},",
        r"  connector/.style={draw=symconvline, line width=0.4pt},",
        rf"  number/.style={{font=\fontsize{{{style.number * 0.8:g}}}{{{style.number:g}}}\selectfont\sffamily, "
        r"inner sep=0pt},",
        rf"  currentnumber/.style={{number, font=\fontsize{{{style.number * 0.8:g}}}{{{style.number:g}}}\selectfont"
        r"\sffamily\bfseries, text=symconvline},",
        rf"  tapvalue/.style={{font=\fontsize{{{style.tap * 0.8:g}}}{{{style.tap:g}}}\selectfont\sffamily\bfseries, "
        r"anchor=south east, inner sep=1pt, text=symconvline},",
        rf"  equation/.style={{font=\fontsize{{{style.equation * 0.8:g}}}{{{style.equation * 1.2:g}}}"
        r"\selectfont\sffamily, "
        r"anchor=north, align=center, text=symconvline},",
        rf"  label/.style={{font=\fontsize{{{style.label * 0.8:g}}}{{{style.label:g}}}\selectfont\sffamily, "
        r"text=symconvline},",
        r"  matrixentry/.style={fill=symconvmatrix},",
        r"  matrixtap/.style={fill=symconvwindow},",
        r"  matrixband/.style={fill=symconvwindow, fill opacity=0.22},",
        r"  matrixframe/.style={draw=symconvline, line width=0.4pt}]",
    ]
    colors = {"input": INPUT_COLOR, "output": OUTPUT_COLOR, "line": LINE_COLOR, "window": WINDOW_COLOR,
              "faint": FAINT_COLOR, "matrix": "#a0a8aa", "current": _blend(EMPTY_COLOR, WINDOW_COLOR, 0.75)}
    head = [rf"\definecolor{{symconv{name}}}{{HTML}}{{{_hex(value)}}}" for name, value in colors.items()]
    body = []
    for index, step in enumerate(steps):
        row, col = divmod(index, columns)
        caption = sweep.step_caption(step) if strip else None
        body += _tikz_frame(sweep, layout, step, col * (width + 1.0), -row * (height + 1.0), tap_matrix, caption)
    if title:
        middle = (x0 + x1 + (columns - 1) * (width + 1.0)) / 2
        text = r"\\".join(_tex(line) for line in sweep.title_lines())
        body.append(rf"\node[label, anchor=south, align=center, font=\fontsize{{{style.title * 0.8:g}}}"
                    rf"{{{style.title:g}}}\selectfont\sffamily] at ({middle:.4f},{y1 + 0.3:.4f}) {{{text}}};")
    code = "\n".join(head + lines + body + [r"\end{tikzpicture}"]) + "\n"
    document = "\\documentclass[tikz]{standalone}\n"
    if sweep.lang != "en":
        document = engine_line(sweep.lang) + document + _CHINESE_PREAMBLE
    return document + "\\begin{document}\n" + code + "\\end{document}\n"

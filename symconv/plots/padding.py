"""The padded input in each padding mode: what ``zeros``, ``reflect``, ``replicate`` and ``circular`` put around it.

:func:`padding_modes_figure` draws one small input (1-D or 2-D) padded in
each of PyTorch's padding modes, side by side: the input cells in the
input's blue, the padding cells that copy an input cell in a lighter blue
with the value they copy, zero padding as faint zeros, and the input's
border outlined.  Which cell each padding position copies comes from
:func:`symconv._layout.pad_source`, the rule the NumPy backend, the matrices
and the graphs read, so the picture shows what they compute.  It returns
what it drew and never shows or saves; the result displays itself as SVG in
Jupyter.  With ``lang="zh"`` the legend is in Chinese (the mode names are
PyTorch's, the same in every language).

References
----------
.. [1] PyTorch, ``torch.nn.Conv2d(padding_mode=...)`` and
   ``torch.nn.functional.pad(mode=...)``.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

from .._errors import SymconvError
from .._i18n import check_lang, translate
from .._layout import source_indices
from .._output.colors import text_on
from .._output.fonts import family_for, use_chinese_family
from .._output.jupyter import SvgPicture
from .._validate import as_shape, plain
from ..geometry import PADDING_MODES, Geometry, as_padding_modes
from .animate import COPIED_COLOR, EMPTY_COLOR, FAINT_COLOR, INPUT_COLOR, LINE_COLOR

__all__ = ["PaddingPicture", "padding_modes_figure", "MAX_PANEL_CELLS"]

#: Most cells one panel draws (the padded input): past it the numbers are too small to read.
MAX_PANEL_CELLS = 900

_CELL = 0.34  # inches a cell
_GAP = 0.4  # inches between panels
_LEGEND = ("input cell", "padding: a copy of an input cell", "padding: zero")
_LEGEND_WIDTH = {"en": 4.9, "zh": 3.9}  # inches the legend's line takes at 8 points


@dataclass
class PaddingPicture(SvgPicture):
    """What :func:`padding_modes_figure` drew.

    Attributes
    ----------
    ax : matplotlib.axes.Axes
        The first panel (``figure`` is its figure).
    axes : dict
        ``mode -> Axes``, one panel per mode in the order drawn.
    padded : dict
        ``mode -> numpy.ndarray``: the padded input each panel shows, as
        ``torch.nn.functional.pad`` gives it (of the input's number of axes).
    sources : dict
        ``mode -> tuple`` of one int array per axis: the input cell each
        padded position copies along that axis, ``-1`` for a zero.
    pads : tuple
        ``(before, after)`` per axis.
    """

    ax: Any
    axes: dict
    padded: dict
    sources: dict
    pads: tuple


def _modes(modes) -> tuple:
    modes = as_padding_modes(modes, "modes")
    if len(set(modes)) != len(modes):
        raise SymconvError(f"modes: each mode once, got {list(modes)}", parameter="modes")
    return modes


def _values(values, sizes):
    import numpy as np

    if values is None:
        return np.arange(1, math.prod(sizes) + 1).reshape(sizes)
    array = np.asarray(plain(values))
    if array.dtype == bool or array.dtype.kind not in "iuf":
        raise TypeError(f"values: expected real numbers, got an array of {array.dtype}")
    if array.shape != tuple(sizes):
        raise SymconvError(f"values: expected an array of shape {tuple(sizes)} (the input), got {array.shape}",
                           parameter="values")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise SymconvError("values: expected finite numbers, got NaN or an infinity", parameter="values")
    return array


def _every_axis(masks):
    """The grid's cells whose position passes each axis's 1-D mask (an outer AND)."""
    import numpy as np

    grid = np.ones([len(mask) for mask in masks], dtype=bool)
    for axis, mask in enumerate(masks):
        grid &= np.expand_dims(mask, tuple(a for a in range(len(masks)) if a != axis))
    return grid


def _label(value) -> str:
    if isinstance(value, numbers.Integral) or float(value).is_integer():
        return f"{int(value)}"
    return f"{float(value):.3g}"


def padding_modes_figure(input_size=(3, 3), padding=2, *, modes=PADDING_MODES, values=None,
                         lang: str = "en") -> PaddingPicture:
    """Draw an input padded in each padding mode, one panel per mode.

    Parameters
    ----------
    input_size : int or tuple of int
        The input: an int or a 1-tuple draws a 1-D input (one row), a pair a
        2-D one.  Shapes follow the one input-shape rule (a list or a 1-D
        NumPy array reads like the tuple).
    padding : int, tuple or "same"/"full"/"causal"
        The padding, as :class:`symconv.Geometry` takes it for a kernel of
        one tap (``"same"`` pads nothing then).  Every mode must be able to
        fill it: ``reflect`` needs each pad smaller than the input,
        ``circular`` at most the input (PyTorch's rules).
    modes : sequence of str
        The modes drawn, in order; each of
        :data:`symconv.geometry.PADDING_MODES` at most once.
    values : array_like, optional
        The input's numbers (default ``1, 2, ...`` row by row), real and
        finite, of shape ``input_size``.
    lang : {"en", "zh"}
        The language of the legend.

    Returns
    -------
    PaddingPicture
        The axes per mode, the padded arrays and the source of every cell.

    Raises
    ------
    SymconvError
        A padding a mode cannot fill, more than :data:`MAX_PANEL_CELLS`
        cells to a panel, more than two axes, an unknown or repeated mode,
        values of another shape or not finite, an unknown ``lang``, or
        ``lang="zh"`` where matplotlib finds no font with Chinese glyphs.
    TypeError
        Modes or values of the wrong kind.

    Examples
    --------
    >>> picture = padding_modes_figure(4, 2)
    >>> for mode, row in picture.padded.items():
    ...     print(f"{mode:>9}", row)
        zeros [0 0 1 2 3 4 0 0]
      reflect [3 2 1 2 3 4 3 2]
    replicate [1 1 1 2 3 4 4 4]
     circular [3 4 1 2 3 4 1 2]
    >>> picture.sources["reflect"][0]
    array([2, 1, 0, 1, 2, 3, 2, 1])

    See Also
    --------
    symconv.numeric.conv : ``padding_mode=`` with these semantics.
    """
    import numpy as np
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Rectangle

    check_lang(lang)
    modes = _modes(modes)
    sizes = as_shape(input_size, "input_size")
    if len(sizes) > 2:
        raise SymconvError(f"input_size: expected 1 or 2 axes to draw, got {len(sizes)}", parameter="input_size")
    if not all(isinstance(n, int) for n in sizes):
        raise TypeError(f"input_size: a picture needs concrete sizes, got {input_size!r}")
    pads = None
    for mode in modes:
        geometry = Geometry(1, padding=padding, padding_mode=mode, ndim=len(sizes))
        geometry.output_size(sizes)  # the mode's own refusal of pads it cannot fill
        pads = geometry.pads(sizes)
    if not all(isinstance(p, int) for pair in pads for p in pair):
        raise TypeError(f"padding: a picture needs concrete pads, got {padding!r}")
    shape = tuple(n + before + after for n, (before, after) in zip(sizes, pads))
    if math.prod(shape) > MAX_PANEL_CELLS:
        names = "input_size, padding" if any(p for pair in pads for p in pair) else "input_size"
        raise SymconvError(f"{names}: a panel would draw {math.prod(shape):,} cells, more than the "
                           f"{MAX_PANEL_CELLS:,} that stay readable; make {'them' if ',' in names else 'it'} "
                           "smaller", parameter=names)
    x = _values(values, sizes)

    rows2d = shape if len(shape) == 2 else (1, shape[0])
    legend = [translate(text, lang) for text in _LEGEND]
    family = family_for(lang, legend)
    height, width = rows2d
    panel_w, panel_h = width * _CELL, height * _CELL
    # 2-D panels two to a row, so that the figure prints near its own size; 1-D rows stacked
    columns = 1 if len(sizes) == 1 else min(2, len(modes))
    grid_rows = math.ceil(len(modes) / columns)
    left, right, title, bottom = 0.15, 0.15, 0.32, 0.45
    content = columns * panel_w + (columns - 1) * _GAP
    fig_w = max(left + content + right, _LEGEND_WIDTH[lang])  # the legend's one line fits
    left = (fig_w - content) / 2
    fig_h = bottom + grid_rows * (panel_h + title) + (grid_rows - 1) * 0.12
    fig = Figure(figsize=(fig_w, fig_h))
    font = 9 if max(len(_label(v)) for v in x.ravel()) <= 2 else 7

    # the input's cells in the padded grid: where every axis reads a cell of its own (zero padding's rule)
    inside = _every_axis([source_indices(n, before, after, "zeros") >= 0 for n, (before, after) in zip(sizes, pads)])
    (before_r, _), (before_c, _) = pads if len(pads) == 2 else ((0, 0), pads[0])
    n_r, n_c = sizes if len(sizes) == 2 else (1, sizes[0])
    axes, padded, sources = {}, {}, {}
    for number, mode in enumerate(modes):
        index = tuple(source_indices(n, before, after, mode) for n, (before, after) in zip(sizes, pads))
        zero = ~_every_axis([i >= 0 for i in index])
        result = np.where(zero, 0, x[np.ix_(*(np.maximum(i, 0) for i in index))])
        padded[mode], sources[mode] = result, index

        row, column = divmod(number, columns)
        x0 = left + column * (panel_w + _GAP)
        y0 = fig_h - (row + 1) * (panel_h + title) - row * 0.12
        ax = fig.add_axes((x0 / fig_w, y0 / fig_h, panel_w / fig_w, panel_h / fig_h))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.set_axis_off()
        ax.set_title(mode, fontsize=10, family="monospace", pad=4)
        for (r, c), value in np.ndenumerate(result.reshape(rows2d)):
            if inside.reshape(rows2d)[r, c]:
                face, ink = INPUT_COLOR, text_on(INPUT_COLOR)
            elif zero.reshape(rows2d)[r, c]:
                face, ink = EMPTY_COLOR, FAINT_COLOR
            else:
                face, ink = COPIED_COLOR, text_on(COPIED_COLOR)
            ax.add_patch(Rectangle((c, r), 1, 1, facecolor=face, edgecolor=LINE_COLOR, linewidth=0.5, clip_on=False))
            ax.text(c + 0.5, r + 0.5, _label(value), ha="center", va="center", fontsize=font, color=ink)
        ax.add_patch(Rectangle((before_c, before_r), n_c, n_r, fill=False, edgecolor=LINE_COLOR, linewidth=2.2,
                               clip_on=False))
        axes[mode] = ax

    handles = [Patch(facecolor=INPUT_COLOR, edgecolor=LINE_COLOR, linewidth=0.5, label=legend[0]),
               Patch(facecolor=COPIED_COLOR, edgecolor=LINE_COLOR, linewidth=0.5, label=legend[1]),
               Patch(facecolor=EMPTY_COLOR, edgecolor=LINE_COLOR, linewidth=0.5, label=legend[2])]
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=8, frameon=False, handlelength=1.2,
               bbox_to_anchor=(0.5, 0.0))
    if family is not None:
        use_chinese_family(fig, family)
    first = axes[modes[0]]
    return PaddingPicture(ax=first, axes=axes, padded=padded, sources=sources, pads=tuple(pads))

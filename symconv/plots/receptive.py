"""Receptive-field growth through a stack of layers, drawn: the input region one unit of each layer sees.

:func:`receptive_field_figure` draws, for every layer of a stack, the input
region its middle unit sees (:func:`symconv.receptive_field`).  It returns
what it drew (as :func:`symconv.graphs.draw` does), never shows or saves;
the result displays itself as SVG in Jupyter.  It takes ``lang``: with
``"zh"`` every title and label is in Chinese (from the catalogue of
:mod:`symconv._i18n`), drawn with a font that has Chinese glyphs
(:mod:`symconv._output.fonts`: TeX Live's FandolHei or a CJK font
matplotlib knows); without one it refuses rather than draw empty boxes.
matplotlib is imported inside the function.

References
----------
.. [1] A. Araujo, W. Norris, J. Sim, "Computing receptive fields of
   convolutional neural networks", Distill, 2019.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .._i18n import check_lang, translate
from .._output.fonts import family_for, use_chinese_family
from .._output.jupyter import SvgPicture
from .._validate import as_shape, is_symbolic
from ._common import first_axis, fixed_axes

__all__ = ["ReceptivePicture", "receptive_field_figure"]

_CONV_BAR = "#1f77b4"
_POOL_BAR = "#ff7f0e"
_INPUT_BAR = "#7f7f7f"
_INPUT_SPAN = "#eeeeee"


@dataclass
class ReceptivePicture(SvgPicture):
    """What :func:`receptive_field_figure` drew.

    Attributes
    ----------
    ax : matplotlib.axes.Axes
    bars : matplotlib.container.BarContainer
        One bar per row: the input unit, then every layer (bottom to top).
    regions : list of (int, int)
        Per row, the first and last input position (inclusive) the drawn unit sees.
    units : list of int
        Per row, the index (along the first axis) of the unit drawn.
    labels : list of Text
        The size and effective stride written beside each bar.
    """

    ax: Any
    bars: Any
    regions: list
    units: list
    labels: list = field(default_factory=list)


def receptive_field_figure(layers, input_size=None, *, ax=None, lang: str = "en") -> ReceptivePicture:
    """Receptive-field growth through a stack: the input region of one unit per layer.

    Each row is a layer (the input at the bottom), its bar the input positions
    ``u .. v`` that the layer's middle unit sees along the first axis (unit 0
    when no ``input_size`` fixes the layer sizes); beside it the size ``r``
    and the effective stride ``S``.  With ``input_size`` the input itself is
    shaded, so padding shows as bar outside it.

    Parameters
    ----------
    layers : layer stack
        As :func:`symconv.receptive_field` reads it (``symconv.networks.vgg16()``,
        ``[(3, 1, 1), (2, 2, 0)]``, ...).
    input_size : int or tuple, optional
    ax : matplotlib.axes.Axes, optional
    lang : {"en", "zh"}, default "en"
        The language of the title, the axis label, the row names ("input",
        "layer n"; a network's own layer names stay) and the bar labels.

    Returns
    -------
    ReceptivePicture

    Raises
    ------
    SymconvError, TypeError
        As :func:`symconv.receptive_field`; symbolic sizes are a TypeError.
        An unknown ``lang`` is a SymconvError (a TypeError if not a str), as
        is ``lang="zh"`` where matplotlib finds no font with Chinese glyphs.

    Examples
    --------
    >>> picture = receptive_field_figure([(3, 1, 1), (3, 1, 1)], input_size=5)
    >>> picture.units, picture.regions
    ([2, 2, 2], [(2, 2), (1, 3), (0, 4)])
    >>> [label.get_text() for label in picture.labels]
    ['1', '3 (stride 1)', '5 (stride 1)']

    In Chinese (needs a font with Chinese glyphs: the doctest runs these
    lines where matplotlib finds one):

    >>> stack = [(3, 1, 1), (3, 1, 1)]
    >>> chinese = receptive_field_figure(stack, input_size=5, lang="zh")  # doctest: +NEEDS_CHINESE_FONT
    >>> [label.get_text() for label in chinese.labels], chinese.ax.get_title()  # doctest: +NEEDS_CHINESE_FONT
    (['1', '3（步幅 1）', '5（步幅 1）'], '每一层中间单元的感受野')
    >>> [tick.get_text() for tick in chinese.ax.get_yticklabels()]  # doctest: +NEEDS_CHINESE_FONT
    ['输入', '第 1 层', '第 2 层']

    See Also
    --------
    symconv.receptive_field, symconv.graphs.receptive_field_diagram
    """
    from ..receptive import receptive_field

    check_lang(lang)
    fields = receptive_field(layers, input_size=input_size)
    values = [v for rf in fields for v in (rf.size, rf.stride, rf.padding)]
    if any(is_symbolic(first_axis(v)) for v in values):
        raise TypeError("layers: a picture needs concrete sizes, got a symbolic receptive field")
    first = as_shape(input_size, "input_size")[0] if input_size is not None else None
    ndim = fields[0].ndim

    def middle(size):
        return 0 if size is None else (first_axis(size) - 1) // 2

    units = [middle(first)] + [middle(rf.output_size) for rf in fields]
    regions = [(units[0], units[0])]
    for rf, unit in zip(fields, units[1:]):
        index = unit if ndim == 1 else (unit,) * ndim
        start, end = rf.region(index)
        regions.append((first_axis(start), first_axis(end)))
    names = [translate("input", lang)]
    names += [rf.name or translate("layer {n}", lang).format(n=n) for n, rf in enumerate(fields, start=1)]
    texts = ["1"]
    texts += [
        translate("{size} (stride {stride})", lang).format(size=first_axis(rf.size), stride=first_axis(rf.stride))
        for rf in fields
    ]
    xlabel = translate("input position (first axis)" if ndim > 1 else "input position", lang)
    which = "the middle unit" if first is not None else "unit 0"
    title = translate(f"receptive field of {which} of each layer", lang)
    family = family_for(lang, [*names, *texts, xlabel, title])
    colors = [_INPUT_BAR] + [_POOL_BAR if rf.kind == "pool" else _CONV_BAR for rf in fields]

    if ax is None:
        ax = fixed_axes(5.4, 0.28 * len(names), left=0.9, right=0.3, bottom=0.5, top=0.4)
    if first is not None:
        ax.axvspan(-0.5, first - 0.5, color=_INPUT_SPAN, zorder=0)
    bars = ax.barh(
        range(len(names)), [v - u + 1 for u, v in regions], left=[u - 0.5 for u, _ in regions], height=0.6,
        color=colors, zorder=2,
    )
    picture = ReceptivePicture(ax, bars, regions, units)
    for row, ((_, end), text) in enumerate(zip(regions, texts)):
        picture.labels.append(ax.text(end + 1.0, row, text, va="center", fontsize=7, zorder=3))
    lo = min(u for u, _ in regions + [(-0.5, 0)])
    hi = max(v for _, v in regions + [(0, (first or 1) - 0.5)])
    ax.set_xlim(lo - 1.5, hi + 0.12 * (hi - lo) + 8)
    ax.set_yticks(range(len(names)), names, fontsize=7)
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.set_xlabel(xlabel, fontsize=8)
    ax.set_title(title, fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    if family is not None:
        use_chinese_family(ax, family)
    return picture

"""The figures of ``figures/`` that are not one call of an existing renderer.

- :data:`DIAGRAMS`: the seed notes' four connectivity diagrams and their
  generalisations (kernel 3 with stride 2, a dilated stack, three layers),
  each a :class:`symconv.graphs.Diagram` in English or Chinese, written as
  SVG, PNG and Mermaid by the build;
- :func:`conv_matrix_blocks_figure`: a 2-D convolution matrix as a grid of
  Toeplitz blocks (doubly-block Toeplitz): where each block sits, and each
  distinct block with its entries labelled by kernel tap (the matrix itself
  is :func:`symconv.plots.conv_matrix_figure`).

Every number drawn comes from the library (:func:`symconv.matrix.conv_matrix_blocks`);
nothing here computes a size.  Functions return a
:class:`matplotlib.figure.Figure` (not registered with pyplot) and never
save or show; :mod:`symconv.build` writes them through
:mod:`symconv._output.savefig`.  matplotlib is imported inside the functions.

References
----------
.. [1] Seed note 000 (sparse interactions, parameter sharing, indirect
   interaction), after I. Goodfellow, Y. Bengio, A. Courville, *Deep
   Learning*, figs. 9.2-9.5.
.. [2] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 4.1 (the convolution matrix).
"""

from __future__ import annotations

from ._errors import SymconvError
from ._i18n import check_lang, translate

__all__ = [
    "DIAGRAMS",
    "diagram",
    "diagram_mermaid",
    "diagram_figure",
    "conv_matrix_blocks_figure",
]

_SEEDS = {
    "seed/sparse-from-below": "sparse_from_below",
    "seed/sparse-from-above": "sparse_from_above",
    "seed/receptive-field": "receptive_field",
    "seed/parameter-sharing": "parameter_sharing",
}


def _stride_2(lang):
    from .graphs import inputs_affecting_diagram

    titles = (translate("kernel 3, stride 2", lang), translate("full connectivity", lang))
    return inputs_affecting_diagram(7, [(3, 2, 1)], titles=titles)


def _dilated_stack(lang):
    from .graphs import receptive_field_diagram

    layers = [(3, 1, 0, 1), (3, 1, 0, 2), (3, 1, 0, 4)]
    return receptive_field_diagram(15, layers, title=translate("dilations 1, 2, 4", lang))


def _depth_3(lang):
    from .graphs import receptive_field_diagram

    return receptive_field_diagram(7, [(3, 1, 1)] * 3, title=translate("three layers", lang))


#: Diagram name (its path under ``figures/`` without suffix) -> builder taking the language.
DIAGRAMS = {
    **_SEEDS,
    "diagrams/stride-2": _stride_2,
    "diagrams/dilated-stack": _dilated_stack,
    "diagrams/depth-3": _depth_3,
}


def diagram(name: str, lang: str = "en"):
    """One diagram of :data:`DIAGRAMS`, titled in ``lang``.

    The seed diagrams carry the notes' own titles in Chinese
    (:func:`symconv.graphs.seed_diagram`); the others translate theirs with
    :mod:`symconv._i18n`.

    Parameters
    ----------
    name : str
        A key of :data:`DIAGRAMS`, e.g. ``"seed/receptive-field"``.
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    symconv.graphs.Diagram

    Raises
    ------
    SymconvError
        An unknown name or language.

    Examples
    --------
    >>> [p.title for p in diagram("diagrams/stride-2").panels]
    ['kernel 3, stride 2', 'full connectivity']
    >>> [p.title for p in diagram("seed/parameter-sharing", "zh").panels]
    ['参数共享', '全连接']
    """
    check_lang(lang)
    if name not in DIAGRAMS:
        raise SymconvError(f"name: expected one of {', '.join(DIAGRAMS)}, got {name!r}", parameter="name")
    builder = DIAGRAMS[name]
    if isinstance(builder, str):
        from .graphs import seed_diagram

        return seed_diagram(builder, language=lang)
    return builder(lang)


def diagram_mermaid(name: str, lang: str = "en") -> str:
    """The Mermaid text of :func:`diagram` ``(name, lang)``.

    Examples
    --------
    >>> diagram_mermaid("seed/receptive-field", "zh").splitlines()[:2]
    ['graph TD', '    subgraph 间接交互']
    """
    from .graphs import to_mermaid

    return to_mermaid(diagram(name, lang))


def diagram_figure(name: str):
    """:func:`diagram` ``(name)`` drawn with matplotlib (English: the default fonts have no CJK glyphs).

    Examples
    --------
    >>> diagram_figure("diagrams/depth-3").axes[0].texts[-1].get_text()
    'three layers'
    """
    from .graphs import draw

    return draw(diagram(name, "en")).figure


# ----------------------------------------------------------------------------
# the convolution matrix
# ----------------------------------------------------------------------------


def _tap_kernel(kernel_size):
    """A kernel whose entry at tap t is t + 1, so a matrix entry names the tap it holds."""
    import numpy as np

    return np.arange(1, int(np.prod(kernel_size)) + 1).reshape(1, 1, *kernel_size)


def _tap_colormap(n_taps):
    """White for no tap, then the tap colours every renderer uses (so they match symconv.plots)."""
    from matplotlib.colors import ListedColormap

    from .graphs._render import TAP_COLORS

    return ListedColormap(["#ffffff", *(TAP_COLORS[t % len(TAP_COLORS)] for t in range(n_taps))])


def _tap_label(tap: int, kernel_size) -> str:
    import numpy as np

    return "".join(map(str, np.unravel_index(tap, kernel_size)))


def _draw_matrix(ax, matrix, kernel_size, *, labels: bool = True):
    """Draw an integer matrix of tap numbers (0 = no tap) as coloured cells, each labelled by its tap."""
    import numpy as np

    n_taps = int(np.prod(kernel_size))
    ax.imshow(matrix, cmap=_tap_colormap(n_taps), vmin=-0.5, vmax=n_taps + 0.5, interpolation="nearest")
    if labels:
        for (row, col), value in np.ndenumerate(matrix):
            if value:
                ax.text(col, row, _tap_label(int(value) - 1, kernel_size), ha="center", va="center", fontsize=6)
    ax.set_xticks([])
    ax.set_yticks([])


def conv_matrix_blocks_figure(input_size=(4, 4), kernel_size=(3, 3), *, padding=1):
    """The doubly-block Toeplitz structure: where the blocks sit, and the blocks themselves.

    Left, the block layout of :func:`symconv.matrix.conv_matrix_blocks`:
    block row ``r`` (an output row) and block column ``c`` (an input row)
    hold ``B_a`` -- the 1-D Toeplitz matrix of kernel row ``a`` -- or zero.
    Right, each ``B_a`` with its entries labelled by tap.

    Parameters
    ----------
    input_size : (int, int), default (4, 4)
    kernel_size : (int, int), default (3, 3)
    padding : int or tuple, default 1

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    SymconvError
        A geometry :func:`symconv.matrix.conv_matrix_blocks` refuses.

    Examples
    --------
    >>> fig = conv_matrix_blocks_figure()
    >>> len(fig.axes)   # the layout and three blocks
    4
    """
    import matplotlib
    import numpy as np
    from matplotlib.figure import Figure

    from .matrix import conv_matrix_blocks

    blocks, layout = conv_matrix_blocks((1, *input_size), _tap_kernel(kernel_size), padding=padding, format="dense")
    fig = Figure(figsize=(2.2 + 1.6 * len(blocks), 2.6))
    axes = fig.subplots(1, 1 + len(blocks), gridspec_kw={"width_ratios": [1.3] + [1] * len(blocks)})
    tab = matplotlib.colormaps["Pastel1"]
    colours = np.array([(1, 1, 1, 1), *(tab(a) for a in range(len(blocks)))])
    ax = axes[0]
    ax.imshow(colours[layout + 1], interpolation="nearest")
    for (row, col), a in np.ndenumerate(layout):
        if a >= 0:
            ax.text(col, row, f"B{a}", ha="center", va="center", fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("input row")
    ax.set_ylabel("output row")
    ax.set_title("block layout", fontsize=9)
    for a, (block, axis) in enumerate(zip(blocks, axes[1:])):
        _draw_matrix(axis, np.asarray(block), kernel_size)
        axis.set_title(f"B{a} (kernel row {a})", fontsize=9)
    fig.tight_layout()
    return fig

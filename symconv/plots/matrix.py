"""Pictures of the convolution matrix: its sparsity pattern and its doubly-block Toeplitz blocks.

:func:`conv_matrix_figure` draws the sparsity pattern of the convolution
matrix ``C`` (:func:`symconv.conv_matrix`), every stored entry coloured by
the kernel tap it holds -- so the Toeplitz diagonals show as stripes of one
colour -- with the blocks of the doubly-block Toeplitz structure outlined and
each labelled by the kernel row it repeats.  It returns what it drew (as
:func:`symconv.graphs.draw` does), never shows or saves; the result displays
itself as SVG in Jupyter.  It takes ``lang``: with ``"zh"`` every title and
label is in Chinese (from the catalogue of :mod:`symconv._i18n`), drawn with
a font that has Chinese glyphs (:mod:`symconv._output.fonts`: TeX Live's
FandolHei or a CJK font matplotlib knows); without one it refuses rather
than draw empty boxes.

:func:`conv_matrix_blocks_figure` draws a 2-D convolution matrix as a grid
of Toeplitz blocks: where each block sits, and each distinct block with its
entries labelled by kernel tap; every number drawn comes from
:func:`symconv.matrix.conv_matrix_blocks`.  It returns a
:class:`matplotlib.figure.Figure` (not registered with pyplot).

Kernel taps have the colours every picture shares
(:data:`symconv._output.colors.TAP_COLORS`), so a tap looks the same here
and in the graphs.  matplotlib is imported inside the functions.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, section 4.1 (convolution as a matrix operation).
.. [2] Seed notes 001 (9.1, 9.2): the convolution matrix, doubly-block Toeplitz.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .._errors import SymconvError
from .._layout import growing_parameters
from .._i18n import check_lang, translate
from .._output.colors import TAP_COLORS, text_on
from .._output.fonts import family_for, use_chinese_family
from .._output.jupyter import SvgPicture
from .._validate import as_shape, as_size, is_sequence, is_symbolic, plain
from ..geometry import Geometry
from ._common import fixed_axes

__all__ = ["MAX_CELLS", "MatrixPicture", "conv_matrix_figure", "conv_matrix_blocks_figure"]

#: Largest matrix (rows x columns) drawn; a picture of more cells is refused.
MAX_CELLS = 4_000_000

_LABELLED_BLOCKS = 24  # above this many block rows or columns labels would only be clutter
_OUTLINED_BLOCKS = 200
_BLOCK_LINE = "#b0b0b0"
_LIST_SEPARATOR = {"en": ", ", "zh": "，"}


@dataclass
class MatrixPicture(SvgPicture):
    """What :func:`conv_matrix_figure` drew.

    Attributes
    ----------
    ax : matplotlib.axes.Axes
    image : matplotlib.image.AxesImage
        The pattern, one pixel per matrix entry.
    matrix : scipy.sparse.csr_array
        ``C`` built with kernel values ``1 .. n`` in weight order, so entry
        ``v`` is weight number ``v - 1`` (its tap is ``(v - 1) % prod(kernel)``).
    block_shape : tuple of int
        Rows and columns of one block: the product of every spatial size but
        the first, of the output and of the input (``(1, 1)`` in 1-D).
    block_layout : numpy.ndarray of int
        Per block (block rows x block columns, channels included): the kernel
        row whose Toeplitz matrix the block holds, ``-1`` for a zero block.
    block_lines, channel_lines : list of LineCollection
        Block and channel boundaries drawn.
    labels : list of Text
        Block labels (``W_{a,:}``), when there are few enough blocks.
    """

    ax: Any
    image: Any
    matrix: Any
    block_shape: tuple
    block_layout: Any
    block_lines: list = field(default_factory=list)
    channel_lines: list = field(default_factory=list)
    labels: list = field(default_factory=list)


def _spatial(input_size, kernel_size) -> tuple:
    """The spatial input size (the one input-shape rule); an int is one size per kernel axis."""
    kernel_size = plain(kernel_size)
    ndim = None if is_sequence(plain(input_size)) else (len(kernel_size) if is_sequence(kernel_size) else 1)
    sizes = as_shape(input_size, "input_size", ndim=ndim)
    if any(is_symbolic(n) for n in sizes):
        raise TypeError(f"input_size: a picture needs concrete sizes, got {input_size!r}")
    return sizes


def _channels(channels) -> tuple:
    channels = plain(channels)
    if not is_sequence(channels) or len(channels) != 2:
        raise SymconvError(f"channels: expected a pair (in_channels, out_channels), got {channels!r}", parameter="channels")
    return tuple(as_size(c, "channels") for c in channels)


def _describe(sizes, geometry: Geometry, lang: str = "en") -> str:
    def size(values):
        return "x".join(map(str, values))

    def word(text, **values):
        return translate(text, lang).format(**values)

    pairs = geometry.padding if geometry.transposed else geometry.pads(sizes)
    flat = {p for pair in pairs for p in pair}
    padding = str(flat.pop()) if len(flat) == 1 else ",".join(f"{before}:{after}" for before, after in pairs)
    words = [word("input {size}", size=size(sizes)), word("kernel {size}", size=size(geometry.kernel_size))]
    if set(geometry.stride) != {1}:
        words.append(word("stride {size}", size=size(geometry.stride)))
    words.append(word("padding {padding}", padding=padding))
    if set(geometry.dilation) != {1}:
        words.append(word("dilation {size}", size=size(geometry.dilation)))
    if geometry.transposed:
        words.insert(0, word("transposed"))
    return _LIST_SEPARATOR[lang].join(words)


def conv_matrix_figure(
    input_size,
    kernel_size,
    *,
    stride=1,
    padding=0,
    dilation=1,
    channels=(1, 1),
    groups: int = 1,
    transposed: bool = False,
    output_padding=0,
    ax=None,
    legend: bool = True,
    lang: str = "en",
) -> MatrixPicture:
    """The sparsity pattern of a convolution matrix, coloured by kernel tap, blocks outlined.

    Rows of ``C`` are output positions, columns input positions (channel-major,
    then row-major, as :func:`symconv.conv_matrix` orders them).  In 2-D and
    beyond ``C`` is a grid of blocks, one per (output row, input row): a block
    is zero or the Toeplitz matrix of one kernel row ``a``, labelled
    ``W_{a,:}``; the same label runs down a diagonal when the stride is 1.

    Parameters
    ----------
    input_size : int or tuple of int
        The spatial input size; an int is one size per kernel axis.
    kernel_size : int or tuple of int
    stride, padding, dilation, groups, transposed, output_padding
        The geometry, as for :class:`symconv.Geometry` and :func:`symconv.conv_matrix`.
        With ``transposed=True`` the matrix drawn is that of the transposed
        convolution, ``C`` of the matching forward convolution transposed.
    channels : (int, int), default (1, 1)
        Input and output channels; channel blocks are outlined in black.
    ax : matplotlib.axes.Axes, optional
        Draw here; by default on a new ``Figure`` (not registered with pyplot).
    legend : bool, default True
        A legend of tap colours (for kernels of at most 9 taps, one colour each).
    lang : {"en", "zh"}, default "en"
        The language of the title, axis labels and legend.  Chinese text is
        drawn with a font that has Chinese glyphs (see the module).

    Returns
    -------
    MatrixPicture
        The axes and what was drawn; nothing is shown or saved.

    Raises
    ------
    SymconvError
        A bad geometry (the geometry's message), bad channels, a matrix of
        more than :data:`MAX_CELLS` entries, an unknown ``lang``, or
        ``lang="zh"`` where matplotlib finds no font with Chinese glyphs.
    TypeError
        Symbolic or non-integer sizes, a ``lang`` that is not a str.

    Examples
    --------
    >>> picture = conv_matrix_figure((4, 4), 3)
    >>> picture.matrix.shape, picture.block_shape
    ((4, 16), (2, 4))
    >>> picture.block_layout
    array([[ 0,  1,  2, -1],
           [-1,  0,  1,  2]])
    >>> [label.get_text() for label in picture.labels][:3]
    ['$W_{0,:}$', '$W_{1,:}$', '$W_{2,:}$']
    >>> print(picture.ax.get_title(loc="left"))
    C: 4 x 16, 36 stored entries
    input 4x4, kernel 3x3, padding 0

    In Chinese (this needs a font with Chinese glyphs, which a bare machine
    may lack: the doctest runs these lines where matplotlib finds one):

    >>> chinese = conv_matrix_figure((4, 4), 3, stride=2, padding=1, lang="zh")  # doctest: +NEEDS_CHINESE_FONT
    >>> print(chinese.ax.get_title(loc="left"))  # doctest: +NEEDS_CHINESE_FONT
    C：4 x 16，存储 25 个元素
    输入 4x4，卷积核 3x3，步幅 2x2，填充 1
    >>> chinese.ax.get_xlabel(), chinese.ax.get_ylabel()  # doctest: +NEEDS_CHINESE_FONT
    ('列：输入位置', '行：输出位置')

    See Also
    --------
    symconv.conv_matrix, symconv.matrix.conv_matrix_blocks
    """
    import numpy as np

    from .._layout import weight_shape
    from ..matrix import conv_matrix

    if not isinstance(transposed, bool):
        raise TypeError(f"transposed: expected a bool, got {type(transposed).__name__} {transposed!r}")
    check_lang(lang)
    sizes = _spatial(input_size, kernel_size)
    c_in, c_out = _channels(channels)
    geometry = Geometry(
        kernel_size, stride, padding, dilation, groups, output_padding, transposed=transposed, ndim=len(sizes)
    )
    geometry.check_channels(c_in, c_out)
    out = geometry.output_size(sizes)
    n_rows, n_cols = c_out * math.prod(out), c_in * math.prod(sizes)
    if n_rows * n_cols > MAX_CELLS:
        names = growing_parameters(geometry, channels=(c_in, c_out))
        raise SymconvError(
            f"{names}: the matrix would be {n_rows:,} x {n_cols:,}, more than the {MAX_CELLS:,} cells drawn; "
            f"make {'it' if ',' not in names else 'them'} smaller (input {input_size!r})", parameter=names
        )
    n_taps = math.prod(geometry.kernel_size)
    shape = weight_shape(geometry, c_in, c_out)
    weights = np.arange(1, math.prod(shape) + 1).reshape(shape)
    matrix = conv_matrix(
        (c_in, *sizes), weights, stride=stride, padding=padding, dilation=dilation, groups=groups,
        transposed=transposed, output_padding=output_padding,
    )
    names = [",".join(map(str, t)) for t in np.ndindex(*geometry.kernel_size)] if legend and n_taps <= len(TAP_COLORS) else []
    taps_named = [translate("tap ({name})", lang).format(name=name) for name in names]
    # a transposed layer's matrix is the forward convolution's C transposed, and is titled so
    heading = "Cᵀ: {rows} x {cols}, {nnz} stored entries" if transposed else "C: {rows} x {cols}, {nnz} stored entries"
    title = translate(heading, lang).format(rows=n_rows, cols=n_cols, nnz=matrix.nnz)
    title += "\n" + _describe(sizes, geometry, lang)
    xlabel, ylabel = translate("column: input position", lang), translate("row: output position", lang)
    family = family_for(lang, [title, xlabel, ylabel, *taps_named])
    codes = matrix.toarray()
    stored = codes > 0
    taps = np.where(stored, (codes - 1) % n_taps, -1)

    palette = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in TAP_COLORS], dtype=np.uint8)
    image = np.full((n_rows, n_cols, 3), 255, dtype=np.uint8)
    image[stored] = palette[taps[stored] % len(palette)]

    block_rows, block_cols = math.prod(out[1:]), math.prod(sizes[1:])
    row_of_kernel = np.where(stored, taps // math.prod(geometry.kernel_size[1:]), -1)
    # every entry of a block repeats one kernel row, so its maximum names the block (or -1 when empty)
    block_layout = row_of_kernel.reshape(n_rows // block_rows, block_rows, n_cols // block_cols, block_cols).max(
        axis=(1, 3)
    )

    if ax is None:
        scale = min(0.3, 9.0 / n_cols, 7.0 / n_rows)
        width = n_cols * scale
        # room on the right for the legend, and for the left-aligned title over a narrow matrix
        right = max(1.3 if legend and n_taps <= len(TAP_COLORS) else 0.2, 3.2 - width)
        ax = fixed_axes(width, n_rows * scale, left=0.7, right=right, bottom=0.55, top=0.6)
    picture = MatrixPicture(ax, ax.imshow(image, interpolation="nearest"), matrix, (block_rows, block_cols), block_layout)
    if len(sizes) > 1 and max(block_layout.shape) <= _OUTLINED_BLOCKS:
        picture.block_lines = _grid_lines(ax, n_rows, n_cols, block_rows, block_cols, _BLOCK_LINE, 0.6)
    if c_in > 1 or c_out > 1:
        picture.channel_lines = _grid_lines(ax, n_rows, n_cols, math.prod(out), math.prod(sizes), "black", 1.5)
    if len(sizes) > 1 and max(block_layout.shape) <= _LABELLED_BLOCKS:
        for (r, c), a in np.ndenumerate(block_layout):
            if a >= 0:
                x, y = (c + 0.5) * block_cols - 0.5, (r + 0.5) * block_rows - 0.5
                picture.labels.append(
                    ax.text(
                        x, y, f"$W_{{{a},:}}$", ha="center", va="center", fontsize=7, zorder=3,
                        bbox=dict(facecolor="white", edgecolor="none", alpha=0.8, pad=0.5),
                    )
                )
    if names:
        from matplotlib.patches import Patch

        handles = [Patch(facecolor=TAP_COLORS[n], label=label) for n, label in enumerate(taps_named)]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7, frameon=False)
    ax.set_title(title, fontsize=8, loc="left")
    ax.set_xlabel(xlabel, fontsize=8)
    ax.set_ylabel(ylabel, fontsize=8)
    ax.tick_params(labelsize=7)
    if family is not None:
        use_chinese_family(ax, family)
    return picture


def _grid_lines(ax, n_rows, n_cols, every_row, every_col, color, width) -> list:
    """Lines between blocks of ``every_row`` x ``every_col`` cells (cell centres sit on integers)."""
    lines = []
    ys = [r - 0.5 for r in range(every_row, n_rows, every_row)]
    xs = [c - 0.5 for c in range(every_col, n_cols, every_col)]
    if ys:
        lines.append(ax.hlines(ys, -0.5, n_cols - 0.5, colors=color, linewidths=width, zorder=2))
    if xs:
        lines.append(ax.vlines(xs, -0.5, n_rows - 0.5, colors=color, linewidths=width, zorder=2))
    return lines


# ----------------------------------------------------------------------------
# the doubly-block Toeplitz blocks
# ----------------------------------------------------------------------------


def _tap_kernel(kernel_size):
    """A kernel whose entry at tap t is t + 1, so a matrix entry names the tap it holds."""
    import numpy as np

    return np.arange(1, int(np.prod(kernel_size)) + 1).reshape(1, 1, *kernel_size)


def _tap_colormap(n_taps):
    """White for no tap, then the tap colours every picture shares (so they match conv_matrix_figure)."""
    from matplotlib.colors import ListedColormap

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
                colour = text_on(TAP_COLORS[(int(value) - 1) % len(TAP_COLORS)])
                ax.text(col, row, _tap_label(int(value) - 1, kernel_size), ha="center", va="center", fontsize=6,
                        color=colour)
    ax.set_xticks([])
    ax.set_yticks([])


def conv_matrix_blocks_figure(input_size=(4, 4), kernel_size=(3, 3), *, padding=1, lang: str = "en"):
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
    lang : {"en", "zh"}, default "en"
        The language of the titles and axis labels, as for :func:`conv_matrix_figure`.

    Returns
    -------
    matplotlib.figure.Figure
        Not registered with pyplot; nothing is shown or saved.

    Raises
    ------
    SymconvError
        A geometry :func:`symconv.matrix.conv_matrix_blocks` refuses, an
        unknown ``lang``, or ``lang="zh"`` where matplotlib finds no font
        with Chinese glyphs.

    Examples
    --------
    >>> fig = conv_matrix_blocks_figure()
    >>> len(fig.axes)   # the layout and three blocks
    4

    See Also
    --------
    conv_matrix_figure, symconv.matrix.conv_matrix_blocks
    """
    import matplotlib
    import numpy as np
    from matplotlib.figure import Figure

    from ..matrix import conv_matrix_blocks

    check_lang(lang)
    blocks, layout = conv_matrix_blocks((1, *input_size), _tap_kernel(kernel_size), padding=padding, format="dense")
    xlabel, ylabel, title = (translate(text, lang) for text in ("input row", "output row", "block layout"))
    block_titles = [translate("B{a} (kernel row {a})", lang).format(a=a) for a in range(len(blocks))]
    family = family_for(lang, [xlabel, ylabel, title, *block_titles])
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
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    for block, axis, block_title in zip(blocks, axes[1:], block_titles):
        _draw_matrix(axis, np.asarray(block), kernel_size)
        axis.set_title(block_title, fontsize=9)
    if family is not None:
        use_chinese_family(fig, family)
    fig.tight_layout()
    return fig

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
  (:class:`Markdown`, still a ``str``).

A numeric ``conv_matrix`` is a ``scipy.sparse`` array, which Jupyter shows as
a one-line summary: ask for ``format="sympy"`` (small matrices) to see the
entries as LaTeX, ``format="dense"`` for a NumPy array, or draw its pattern
with :func:`symconv.plots.conv_matrix_figure`.

Nothing here imports IPython: the methods are plain Python and only return
strings.

Examples
--------
>>> table = Markdown("| a |\\n|---|\\n| 1 |")
>>> table == "| a |\\n|---|\\n| 1 |", table._repr_markdown_().splitlines()[0]
(True, '| a |')
"""

from __future__ import annotations

__all__ = ["Markdown", "svg_text"]


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

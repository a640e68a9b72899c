"""TikZ code for LaTeX documents (needs ``\\usepackage{tikz}``)."""

from __future__ import annotations

from .._i18n import has_chinese
from .._output.colors import HIGHLIGHT_EDGE, HIGHLIGHT_TEXT
from .._output.escape import tex_line
from .._output.latex import XELATEX_LINE
from .._validate import as_bool, as_real
from ._render import (
    HIGHLIGHT_FILL,
    PLAIN_EDGE,
    TAP_COLORS,
    as_diagram,
    layout,
    node_ids,
    node_role,
    ordered_edges,
    ordered_nodes,
    tap_number,
    tex_label,
    title_anchor,
)

__all__ = ["to_tikz"]

# Chinese titles need xelatex with xeCJK; the fonts are the Chinese derivation pages' (TeX Live's Fandol, as
# symconv.symbolic.derivation.latex_preamble sets them), so no system font is needed
_CHINESE_PREAMBLE = "\\usepackage{xeCJK}\n\\setCJKmainfont{FandolSong-Regular.otf}[BoldFont=FandolSong-Bold.otf]\n"


def _hex(color: str) -> str:
    return color.lstrip("#").upper()


def to_tikz(diagram, *, direction=None, tap_colors: bool = True, scale: float = 1.0, standalone: bool = False) -> str:
    """Render a diagram (or a bare graph) as a ``tikzpicture``.

    Nodes are circles at the layered layout of :func:`symconv.graphs.draw`
    (1 unit = ``scale`` cm), labelled in TeX (``$x_{3}$``); highlighted
    nodes are filled dark grey with white labels, highlighted edges vermillion and thick, other edges
    coloured by kernel tap.  Panel titles are set above each panel.

    Parameters
    ----------
    diagram : Diagram or networkx.DiGraph
    direction : str, optional
        Override the diagram's direction.
    tap_colors : bool, default True
    scale : float, default 1.0
        Centimetres per layout unit: a finite positive number.
    standalone : bool, default False
        Wrap in a complete ``standalone`` LaTeX document: for ``pdflatex``,
        or, when a title holds Chinese, for ``xelatex`` with ``xeCJK`` and
        TeX Live's Fandol fonts (first line ``% !TEX program = xelatex``), as
        the Chinese derivation pages are.

    Returns
    -------
    str

    Raises
    ------
    SymconvError
        An unknown direction, a ``scale`` that is not finite and positive
        (TikZ cannot draw at ``nan``, ``inf`` or ``0`` cm); a highlight not
        in its graph (raised when the diagram is built).
    TypeError
        Something that is not a Diagram or a graph from :mod:`symconv.graphs`.

    Examples
    --------
    >>> from symconv.graphs import connectivity_graph
    >>> code = to_tikz(connectivity_graph(3, [(2, 1, 0)]))
    >>> code.splitlines()[0]
    '\\\\begin{tikzpicture}[x=1cm, y=1cm, >=stealth,'
    >>> sum(line.lstrip().startswith(r"\\node[unit") for line in code.splitlines())
    5
    >>> sum(line.lstrip().startswith(r"\\draw") for line in code.splitlines())
    4
    """
    diagram = as_diagram(diagram, direction)
    scale = as_real(scale, "scale")
    tap_colors, standalone = as_bool(tap_colors, "tap_colors"), as_bool(standalone, "standalone")
    ids = node_ids(diagram)
    points = layout(diagram)
    lines = [
        rf"\begin{{tikzpicture}}[x={scale:g}cm, y={scale:g}cm, >=stealth,",
        r"  unit/.style={circle, draw, minimum size=6mm, inner sep=0pt, font=\small},",
        r"  highlighted/.style={fill=symconvhighlight, text=symconvhighlighttext},",
        r"  padding/.style={dashed}]",
        rf"\definecolor{{symconvhighlight}}{{HTML}}{{{_hex(HIGHLIGHT_FILL)}}}",
        rf"\definecolor{{symconvhighlighttext}}{{HTML}}{{{_hex(HIGHLIGHT_TEXT)}}}",
        rf"\definecolor{{symconvhighlightedge}}{{HTML}}{{{_hex(HIGHLIGHT_EDGE)}}}",
        rf"\definecolor{{symconvplain}}{{HTML}}{{{_hex(PLAIN_EDGE)}}}",
    ]
    lines += [rf"\definecolor{{symconvtap{i}}}{{HTML}}{{{_hex(c)}}}" for i, c in enumerate(TAP_COLORS)]
    for panel, panel_ids, where in zip(diagram.panels, ids, points):
        G = panel.graph
        if panel.title is not None:
            x, y = title_anchor(where, 0.8)
            lines.append(rf"\node[font=\bfseries] at ({x:.3f}, {y:.3f}) {{{tex_line(panel.title)}}};")
        for v in ordered_nodes(G):
            role = node_role(panel, v)
            style = "unit" if role == "plain" else f"unit, {role}"
            x, y = where[v]
            lines.append(rf"\node[{style}] ({panel_ids[v]}) at ({x:.3f}, {y:.3f}) {{${tex_label(G, v)}$}};")
        for u, v in ordered_edges(G):
            if (u, v) in panel.highlight_edges:
                style = "->, very thick, symconvhighlightedge"
            else:
                number = tap_number(G, G.edges[u, v]) if tap_colors else None
                color = "symconvplain" if number is None else f"symconvtap{number % len(TAP_COLORS)}"
                style = f"->, {color}"
                if G.edges[u, v].get("via"):  # a read of a copying padding cell, drawn from the unit it copies
                    style += ", dashed"
            lines.append(rf"\draw[{style}] ({panel_ids[u]}) -- ({panel_ids[v]});")
    lines.append(r"\end{tikzpicture}")
    code = "\n".join(lines) + "\n"
    if standalone:
        chinese = any(panel.title is not None and has_chinese(panel.title) for panel in diagram.panels)
        head = "\\documentclass[tikz]{standalone}\n"
        if chinese:
            head = XELATEX_LINE + head + _CHINESE_PREAMBLE
        code = head + "\\begin{document}\n" + code + "\\end{document}\n"
    return code

"""The colours every picture shares, so a kernel tap looks the same in a graph, a matrix and an animation.

The tap colours are Okabe and Ito's colour-blind-safe set (blue, orange,
sky blue, reddish purple) with Paul Tol's muted wine, sand, indigo and rose
and a brown, ordered so that the first three -- the taps of a width-3
kernel -- are the furthest apart.  Any two of the nine differ by at least
15 in CIELAB (ΔE*ab) for normal vision and under simulated protanopia,
deuteranopia and tritanopia, and so does each from :data:`HIGHLIGHT_EDGE`;
matplotlib's tab10, used before, came within 4.6 (orange and green under
protanopia).  ``tests/_output/test_colors.py`` measures this.

Highlighted nodes are dark with white labels (:data:`HIGHLIGHT_FILL`,
:data:`HIGHLIGHT_TEXT`): a contrast ratio above 8 by the WCAG 2 formula,
where the seed notes' ``#808080`` under Mermaid's ``#333`` text gave 3.2.

References
----------
.. [1] M. Okabe, K. Ito, *Color Universal Design*, 2008.
.. [2] P. Tol, *Colour Schemes*, SRON/EPS/TN/09-002, 2021.
.. [3] W3C, *Web Content Accessibility Guidelines 2.1*, contrast ratio (1.4.3).
"""

__all__ = [
    "TAP_COLORS", "HIGHLIGHT_FILL", "HIGHLIGHT_TEXT", "HIGHLIGHT_EDGE", "HIGHLIGHT_EDGE_WIDTH", "PLAIN_EDGE", "text_on",
]

#: One colour per kernel tap (row-major in 2-D), repeating after nine.
TAP_COLORS = (
    "#0072B2",  # blue (Okabe-Ito)
    "#E69F00",  # orange (Okabe-Ito)
    "#882255",  # wine (Tol)
    "#56B4E9",  # sky blue (Okabe-Ito)
    "#DDCC77",  # sand (Tol)
    "#332288",  # indigo (Tol)
    "#CC79A7",  # reddish purple (Okabe-Ito)
    "#8C564B",  # brown
    "#CC6677",  # rose (Tol)
)
#: Fill of highlighted nodes: the seed notes' grey, darkened so that a white label reads on it.
HIGHLIGHT_FILL = "#4D4D4D"
#: Label colour on :data:`HIGHLIGHT_FILL`.
HIGHLIGHT_TEXT = "#FFFFFF"
#: Highlighted edges (a shared parameter): vermillion (Okabe-Ito), drawn wider than the others.
HIGHLIGHT_EDGE = "#D55E00"
#: Width of highlighted edges relative to a plain edge's 1.
HIGHLIGHT_EDGE_WIDTH = 2.5
#: Edges that carry no tap (a dense layer) or are drawn without tap colours.
PLAIN_EDGE = "#999999"


def _luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def text_on(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (``#rrggbb``), for a label written on it.

    On every tap colour the choice reaches WCAG's 4.5:1.

    Examples
    --------
    >>> text_on("#332288"), text_on("#E69F00")
    ('#FFFFFF', '#000000')
    """
    light = _luminance(fill)
    return "#000000" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "#FFFFFF"

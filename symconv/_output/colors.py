"""The colours every picture shares, so a kernel tap looks the same in a graph, a matrix and an animation."""

__all__ = ["TAP_COLORS", "HIGHLIGHT_FILL", "PLAIN_EDGE"]

#: matplotlib's tab10, so every renderer colours tap t the same way.
TAP_COLORS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)
#: The seed notes' grey for highlighted nodes.
HIGHLIGHT_FILL = "#808080"
#: Edges that carry no tap (a dense layer) or are drawn without tap colours.
PLAIN_EDGE = "#999999"

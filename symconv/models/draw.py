"""The architecture diagram of a network graph: Mermaid, DOT, TikZ and matplotlib.

One box per layer, labelled with its name, its operation and geometry
(``Conv k3 s2 p1 d2 g32``: kernel, stride, padding -- ``(before,after)`` per
axis when asymmetric --, dilation, groups) and its output shape; one arrow
per data flow.  Arrows into a merge (a residual sum) are dashed and labelled
with the merge (``Add``), arrows into a concatenation dotted and labelled
``concat``.  Layers are placed in rows by their depth (the longest path from
an input), so branches sit side by side.

Every label is escaped for its format.  The text renderers return ``str``;
:func:`draw_network` draws on a matplotlib ``Axes`` and returns it;
:func:`render_network` gives the file bytes of any format.

Examples
--------
>>> from symconv import Geometry
>>> from symconv.models import NetworkBuilder
>>> b = NetworkBuilder()
>>> x = b.input("x", (1, 8, 16, 16))
>>> c = b.conv("conv", x, Geometry(3, padding=1, ndim=2), out_channels=8)
>>> s = b.merge("add", [x, c])
>>> print(network_to_mermaid(b.build()))
---
config:
  layout: dagre
  flowchart:
    curve: basis
---
flowchart TB
    n0["x<br/>Input<br/>1x8x16x16"]
    n1["conv<br/>Conv k3 p1<br/>1x8x16x16"]
    n2["add<br/>Add<br/>1x8x16x16"]
    n0 --> n1
    n0 -. "Add" .-> n2
    n1 -. "Add" .-> n2
"""

from __future__ import annotations

from .._errors import SymconvError
from .._output.escape import dot_string, mermaid_text, tex_line
from ..graphs.mermaid import FRONT_MATTER
from .network import check_network, layer_label

__all__ = ["network_layout", "network_to_mermaid", "network_to_dot", "network_to_tikz", "draw_network",
           "render_network", "NETWORK_FORMATS"]

#: The formats :func:`render_network` writes (file suffixes).
NETWORK_FORMATS = ("svg", "png", "pdf", "mmd", "dot", "tex")

_DIRECTIONS = ("TB", "LR")
_FILL = {
    "input": "#e8e8e8", "conv": "#cfe2f3", "conv_transpose": "#d9ead3", "pool": "#fce5cd", "global_pool": "#fce5cd",
    "upsample": "#d9ead3", "pad": "#f3f3f3", "merge": "#fff2cc", "concat": "#fff2cc", "flatten": "#ead1dc",
    "dense": "#ead1dc", "pass_through": "#ffffff",
}


def _direction(direction: str) -> str:
    if direction not in _DIRECTIONS:
        raise SymconvError(f"direction: expected one of {_DIRECTIONS}, got {direction!r}", parameter="direction")
    return direction


def network_layout(network) -> dict:
    """``{layer: (column, row)}``: row = longest path from an input, columns centred in each row.

    Examples
    --------
    >>> from symconv import Geometry
    >>> from symconv.models import NetworkBuilder
    >>> b = NetworkBuilder()
    >>> x = b.input("x", (1, 1, 8))
    >>> a, c = b.conv("a", x, Geometry(3, padding=1), 1), b.conv("c", x, Geometry(1), 1)
    >>> s = b.merge("s", [a, c])
    >>> network_layout(b.build())
    {'x': (0.0, 0), 'a': (-0.5, 1), 'c': (0.5, 1), 's': (0.0, 2)}
    """
    network = check_network(network)
    rows: dict = {}
    for node in network:
        rows[node] = 1 + max((rows[p] for p in network.predecessors(node)), default=-1)
    by_row: dict = {}
    for node, row in rows.items():
        by_row.setdefault(row, []).append(node)
    positions = {}
    for row, nodes in by_row.items():
        for i, node in enumerate(nodes):
            positions[node] = (i - (len(nodes) - 1) / 2, row)
    return {node: positions[node] for node in network}


def _edges(network):
    """``(u, v, style, label)`` per edge, in the order of the layers: style ``"data"``, ``"merge"``, ``"concat"``."""
    out = []
    for v in network:
        kind = network.nodes[v]["kind"]
        preds = sorted(network.predecessors(v), key=lambda p: network.edges[p, v].get("index", 0))
        for u in preds:
            if kind == "merge":
                out.append((u, v, "merge", network.nodes[v]["op"]))
            elif kind == "concat":
                out.append((u, v, "concat", "concat"))
            else:
                out.append((u, v, "data", ""))
    order = {node: i for i, node in enumerate(network)}
    return sorted(out, key=lambda e: (order[e[0]], order[e[1]]))


def _mermaid_text(text: str) -> str:
    """Text inside a quoted Mermaid label: entity codes for the characters Mermaid reads and for line breaks."""
    return mermaid_text(text)


def network_to_mermaid(network, *, direction: str = "TB") -> str:
    """The architecture as a Mermaid flowchart (``flowchart TB``).

    Parameters
    ----------
    network : networkx.DiGraph
        A network graph of :mod:`symconv.models`.
    direction : {"TB", "LR"}, default "TB"

    Returns
    -------
    str
        The front matter of every symconv diagram (dagre's layered layout,
        smooth edges: :data:`symconv.graphs.mermaid.FRONT_MATTER`), then node
        ids ``n0, n1, ...`` in layer order; labels escaped with Mermaid's
        entity codes (``#quot;``, ``#lt;``, ...).
    """
    network = check_network(network)
    direction = _direction(direction)
    ids = {node: f"n{i}" for i, node in enumerate(network)}
    lines = [f"{FRONT_MATTER}flowchart {direction}"]
    for node in network:
        label = "<br/>".join(_mermaid_text(line) for line in layer_label(network.nodes[node]))
        lines.append(f'    {ids[node]}["{label}"]')
    for u, v, style, label in _edges(network):
        if style == "data":
            lines.append(f"    {ids[u]} --> {ids[v]}")
        else:
            lines.append(f'    {ids[u]} -. "{_mermaid_text(label)}" .-> {ids[v]}')
    return "\n".join(lines)


def _dot_quote(text: str) -> str:
    return dot_string(text)


def network_to_dot(network, *, direction: str = "TB", name: str = "network") -> str:
    """The architecture as Graphviz DOT (render with ``dot -Tsvg``).

    Boxes filled by kind; merge edges dashed, concatenation edges dotted,
    both labelled.  Every string is quoted with ``\\`` and ``"`` escaped.

    Examples
    --------
    >>> from symconv.models import NetworkBuilder
    >>> b = NetworkBuilder()
    >>> r = b.pass_through('say "hi"', b.input("x", (1, 1, 4)), op="Relu")
    >>> print(network_to_dot(b.build()))
    digraph "network" {
        rankdir=TB;
        node [shape=box, style=filled, fontname="Helvetica"];
        n0 [label="x\\nInput\\n1x1x4", fillcolor="#e8e8e8"];
        n1 [label="say \\"hi\\"\\nRelu\\n1x1x4", fillcolor="#ffffff"];
        n0 -> n1;
    }
    """
    network = check_network(network)
    direction = _direction(direction)
    if not isinstance(name, str):
        raise TypeError(f"name: expected a str, got {type(name).__name__}")
    ids = {node: f"n{i}" for i, node in enumerate(network)}
    lines = [f"digraph {_dot_quote(name)} {{", f"    rankdir={direction};",
             '    node [shape=box, style=filled, fontname="Helvetica"];']
    for node in network:
        data = network.nodes[node]
        label = "\n".join(layer_label(data))
        lines.append(f'    {ids[node]} [label={_dot_quote(label)}, fillcolor="{_FILL[data["kind"]]}"];')
    for u, v, style, label in _edges(network):
        if style == "data":
            lines.append(f"    {ids[u]} -> {ids[v]};")
        else:
            dash = "dashed" if style == "merge" else "dotted"
            lines.append(f"    {ids[u]} -> {ids[v]} [style={dash}, label={_dot_quote(label)}];")
    lines.append("}")
    return "\n".join(lines)


def network_to_tikz(network, *, direction: str = "TB", scale: float = 1.0, standalone: bool = False) -> str:
    """The architecture as a TikZ picture (``standalone=True``: a whole document for pdflatex).

    Labels go through :func:`symconv._output.escape.tex_line` (LaTeX's specials escaped, line breaks read as spaces); rows and
    columns come from :func:`network_layout`.
    """
    network = check_network(network)
    direction = _direction(direction)
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not scale > 0:
        raise SymconvError(f"scale: expected a positive number, got {scale!r}", parameter="scale")
    positions = network_layout(network)
    ids = {node: f"n{i}" for i, node in enumerate(network)}
    lines = [r"\begin{tikzpicture}[>=stealth, every node/.style={font=\footnotesize}]"]
    for node in network:
        data = network.nodes[node]
        column, row = positions[node]
        x, y = (column * 4.2, -row * 1.6) if direction == "TB" else (row * 4.2, -column * 1.6)
        label = r" \\ ".join(tex_line(line) for line in layer_label(data))
        fill = _FILL[data["kind"]].lstrip("#").upper()
        lines.append(
            rf"\node[draw, rounded corners, align=center, fill={{rgb,255:red,{int(fill[0:2], 16)};"
            rf"green,{int(fill[2:4], 16)};blue,{int(fill[4:6], 16)}}}] ({ids[node]}) at "
            rf"({x * scale:.3f}, {y * scale:.3f}) {{{label}}};"
        )
    for u, v, style, label in _edges(network):
        if style == "data":
            lines.append(rf"\draw[->] ({ids[u]}) -- ({ids[v]});")
        else:
            dash = "dashed" if style == "merge" else "dotted"
            lines.append(rf"\draw[->, {dash}] ({ids[u]}) -- node[midway, fill=white, inner sep=1pt] "
                         rf"{{{tex_line(label)}}} ({ids[v]});")
    lines.append(r"\end{tikzpicture}")
    body = "\n".join(lines)
    if standalone:
        return "\n".join([r"\documentclass[border=4pt]{standalone}", r"\usepackage{tikz}", r"\begin{document}", body,
                          r"\end{document}", ""])
    return body


def draw_network(network, ax=None, *, direction: str = "TB"):
    """Draw the architecture on a matplotlib ``Axes`` (a new figure's when ``ax`` is None).

    Returns
    -------
    matplotlib.axes.Axes
        With one text box per layer (``ax.texts``, in layer order) and one
        arrow per edge (``ax.patches``, dashed into merges, dotted into
        concatenations).  Nothing is shown or saved.

    Examples
    --------
    >>> from symconv.models import NetworkBuilder
    >>> b = NetworkBuilder()
    >>> r = b.pass_through("relu", b.input("x", (1, 1, 4)), op="Relu")
    >>> ax = draw_network(b.build())
    >>> [t.get_text().splitlines()[0] for t in ax.texts], len(ax.patches)
    (['x', 'relu'], 1)
    """
    network = check_network(network)
    direction = _direction(direction)
    positions = network_layout(network)
    if ax is None:
        from matplotlib.figure import Figure

        columns = max((abs(c) for c, _ in positions.values()), default=0) * 2 + 1
        rows = max((r for _, r in positions.values()), default=0) + 1
        width, height = (2.6 * columns + 0.5, 1.1 * rows + 0.5)
        fig = Figure(figsize=(width, height) if direction == "TB" else (height * 1.6, width / 1.6))
        ax = fig.add_subplot()
    points = {}
    for node, (column, row) in positions.items():
        points[node] = (column * 2.6, -row * 1.1) if direction == "TB" else (row * 2.6, -column * 1.1)
    from matplotlib.patches import FancyArrowPatch

    for node in network:
        data = network.nodes[node]
        x, y = points[node]
        ax.text(x, y, "\n".join(layer_label(data)), ha="center", va="center", fontsize=7, usetex=False,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": _FILL[data["kind"]], "edgecolor": "#444444"},
                zorder=3)
    for u, v, style, label in _edges(network):
        line = {"data": "solid", "merge": "dashed", "concat": "dotted"}[style]
        arrow = FancyArrowPatch(points[u], points[v], arrowstyle="-|>", mutation_scale=8, linestyle=line,
                                color="#333333", shrinkA=14, shrinkB=14, zorder=2,
                                connectionstyle="arc3,rad=0.0" if style == "data" else "arc3,rad=0.15")
        ax.add_patch(arrow)
    xs = [p[0] for p in points.values()]
    ys = [p[1] for p in points.values()]
    ax.set_xlim(min(xs) - 1.4, max(xs) + 1.4)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.set_axis_off()
    return ax


def render_network(network, fmt: str, **options) -> bytes:
    """The file contents of the architecture diagram in ``fmt`` (one of :data:`NETWORK_FORMATS`).

    ``svg``/``png``/``pdf`` are drawn with :func:`draw_network` and saved
    byte-stably (:func:`symconv._output.savefig.figure_bytes`); ``mmd``,
    ``dot`` and ``tex`` (a standalone document) are UTF-8 text.  Writing the
    bytes is the caller's job.

    Examples
    --------
    >>> from symconv.models import NetworkBuilder
    >>> b = NetworkBuilder()
    >>> r = b.pass_through("relu", b.input("x", (1, 1, 4)), op="Relu")
    >>> render_network(b.build(), "mmd").splitlines()[6]
    b'flowchart TB'
    >>> render_network(b.build(), "svg")[:5]
    b'<?xml'
    """
    if not isinstance(fmt, str):
        raise TypeError(f"fmt: expected one of {NETWORK_FORMATS}, got {type(fmt).__name__} {fmt!r}")
    key = fmt.lower().lstrip(".")
    if key not in NETWORK_FORMATS:
        raise SymconvError(f"fmt: expected one of {NETWORK_FORMATS}, got {fmt!r}", parameter="fmt")
    if key == "mmd":
        return network_to_mermaid(network, **options).encode("utf-8")
    if key == "dot":
        return network_to_dot(network, **options).encode("utf-8")
    if key == "tex":
        return network_to_tikz(network, **{"standalone": True, **options}).encode("utf-8")
    from .._output.savefig import figure_bytes

    ax = draw_network(network, **options)
    return figure_bytes(ax.figure, key)

"""A page for the user's own layer: its parameters read once, refused by name, and what such pages share.

A page about one geometry takes the parameters of :data:`PARAMETERS` in its
``make(...)`` (``symconv.pages.derive`` passes them on): called without any
it writes the built-in example of ``derivations/``, called with some it
writes the same derivation for those numbers.  This module holds what every
such page needs:

- :func:`read` turns the keyword arguments into a :class:`UserGeometry`,
  refusing a parameter the page does not take, a missing one, a bad value
  (through :class:`symconv.Geometry`, reported under the page's own name of
  the parameter: ``kernel``, not ``kernel_size``) and a request too large to
  check, before any work;
- :class:`Checks` records which parameters each check reads, and
  :class:`UserDerivation` keeps that record, so that a page whose check
  fails is refused naming a parameter (:func:`symconv.pages.derive`);
- :func:`worked` writes a formula with the user's numbers in the places of
  the guide's letters;
- :class:`DiagramFigure` and :class:`MatrixFigure` are the pictures of the
  user's layer: a Mermaid block in Markdown and inline TikZ in LaTeX (the
  page's preamble then loads ``tikz``), or a character picture of the
  convolution matrix in Markdown.  A picture too large to draw is replaced
  by a sentence saying so, never dropped silently.
"""

from __future__ import annotations

import math
from typing import Callable, Mapping

import numpy as np
import sympy

from .._errors import SymconvError
from .._i18n import translate
from .._output.colors import TAP_COLORS
from .._validate import as_bool, as_shape, as_size, is_sequence, plain, refuse_count, short
from ..geometry import Geometry
from ..symbolic.derivation import Derivation, Illustration, latex, prose

__all__ = [
    "PARAMETERS",
    "MAX_CELLS",
    "MAX_WORK",
    "MAX_MATRIX_ENTRIES",
    "MAX_DIAGRAM_UNITS",
    "MAX_LAYERS",
    "NO_FIGURE",
    "PAD_BEFORE",
    "PAD_AFTER",
    "UserGeometry",
    "given",
    "read",
    "refuse",
    "layer_text",
    "Checks",
    "UserDerivation",
    "user_derivation",
    "worked",
    "guide_values",
    "general_formula",
    "padded_apart",
    "holds",
    "axis_symbol",
    "DiagramFigure",
    "MatrixFigure",
    "layer_pictures",
    "tap_matrix",
    "symbols_of",
    "links",
    "macs_by_convolution",
]

#: Every parameter a page may take, in the order messages and descriptions list them.
PARAMETERS = (
    "input", "kernel", "stride", "padding", "dilation", "groups", "channels", "transposed", "output_padding", "layers",
)  # fmt: skip

#: Most input (or output) cells, channels included, that a page computes its numeric checks on.
MAX_CELLS = 1_000_000
#: Most multiply-accumulates of the numeric routes a page's checks run.
MAX_WORK = 20_000_000
#: Most entries of a matrix a page writes out with symbols (the page would not be read past it).
MAX_MATRIX_ENTRIES = 2_500
#: Most units along an axis of a diagram a page draws (more would not fit on a line).
MAX_DIAGRAM_UNITS = 24
#: Most layers of a stack a page tabulates and checks.
MAX_LAYERS = 200

# how the geometry's own parameters are called here
_RENAMED = {
    "kernel_size": "kernel",
    "input size": "input",
    "input_size": "input",
    "input_shape": "input",
    "input channels": "channels",
    "output channels": "channels",
}


# ----------------------------------------------------------------------------
# reading the parameters
# ----------------------------------------------------------------------------


def given(**parameters) -> dict:
    """The parameters that were given (not None), in the order of :data:`PARAMETERS`."""
    return {name: parameters[name] for name in PARAMETERS if parameters.get(name) is not None}


def _renamed(error: SymconvError, ndim_parameter: str) -> SymconvError:
    """``error`` under this module's names of the parameters (``kernel_size`` -> ``kernel``)."""
    parameter = ndim_parameter if error.parameter == "ndim" else _RENAMED.get(error.parameter, error.parameter)
    if error.layer is not None or parameter == error.parameter:
        return error
    return SymconvError(f"{parameter}: {error.detail}", parameter=parameter)


def layer_text(layer) -> str:
    """A layer of a stack as ``symconv derive --layers`` writes it: ``[name=][t|p]k:s:p[:d[:a]]``.

    Examples
    --------
    >>> from symconv import networks
    >>> layer_text(networks.pool(2, name="pool1")), layer_text(networks.conv(3, padding="same"))
    ('pool1=p2:2:0', '3:1:same')
    """
    g = layer.geometry

    def axes(values):
        values = tuple(values)
        return str(values[0]) if len(set(values)) == 1 else "x".join(map(str, values))

    if isinstance(g.padding, str):
        pad = g.padding
    else:
        flat = {p for pair in g.padding for p in pair}
        pad = str(flat.pop()) if len(flat) == 1 else ",".join(f"{b}/{a}" for b, a in g.padding)
    fields = [axes(g.kernel_size), axes(g.stride), pad]
    if set(g.dilation) != {1} or (g.transposed and set(g.output_padding) != {0}):
        fields.append(axes(g.dilation))
    if g.transposed and set(g.output_padding) != {0}:
        fields.append(axes(g.output_padding))
    mark = "t" if g.transposed else "p" if layer.kind == "pool" else ""
    name = f"{layer.name}=" if layer.name else ""
    return f"{name}{mark}{':'.join(fields)}"


def _value_text(name, value) -> str:
    if name == "layers":
        return "[" + ", ".join(layer_text(layer) for layer in value) + "]"
    return repr(value)


class UserGeometry:
    """The geometry a page is derived for: the user's numbers, normalised once.

    Attributes
    ----------
    page : str
        The page's name.
    given : dict
        The parameters as given (normalised: ints and tuples of ints), in the
        order of :data:`PARAMETERS`.
    input : tuple of int or None
        The spatial input size, one per axis (``i`` of the guide; ``i'`` for
        a transposed convolution).
    geometry : symconv.Geometry or None
        The layer (None for a page of a stack).
    channels : (int, int)
        Input and output channels (``(1, 1)`` unless given).
    layers : list of symconv.networks.Layer or None
        The stack of a receptive-field page.
    """

    __slots__ = ("page", "given", "input", "geometry", "channels", "layers")

    def __init__(self, page, given, input, geometry, channels, layers):
        self.page, self.given, self.input, self.geometry = page, given, input, geometry
        self.channels, self.layers = channels, layers

    # -- the layer, axis by axis ----------------------------------------------

    @property
    def ndim(self) -> int:
        return len(self.input) if self.input is not None else self.layers[0].geometry.ndim

    @property
    def transposed(self) -> bool:
        return self.geometry is not None and self.geometry.transposed

    @property
    def pads(self) -> tuple:
        """``(before, after)`` per axis for this input (``"same"`` resolved)."""
        return self.geometry.pads(self.input)

    @property
    def output(self) -> tuple:
        """The spatial output size per axis (``o``, or ``o'`` of a transposed convolution)."""
        return self.geometry.output_size(self.input)

    @property
    def weight_shape(self) -> tuple:
        """The kernel tensor's shape in PyTorch's layout (``(C_in, C_out/g, *k)`` when transposed)."""
        c_in, c_out = self.channels
        g = self.geometry.groups
        head = (c_in, c_out // g) if self.transposed else (c_out, c_in // g)
        return (*head, *self.geometry.kernel_size)

    def axis(self, index: int) -> dict:
        """The guide's letters of one axis: ``i k s d pb pa a o`` (``p`` too when both sides are padded alike)."""
        g = self.geometry
        pb, pa = self.pads[index]
        values = dict(i=self.input[index], k=g.kernel_size[index], s=g.stride[index], d=g.dilation[index],
                      pb=pb, pa=pa, a=g.output_padding[index], o=self.output[index])
        if pb == pa:
            values["p"] = pb
        return values

    def layer(self, index: int = 0):
        """The layer along axis ``index`` alone, as :func:`symconv.graphs.connectivity_graph` reads it."""
        g = self.geometry
        return dict(kernel_size=g.kernel_size[index], stride=g.stride[index], padding=(self.pads[index],),
                    dilation=g.dilation[index], output_padding=g.output_padding[index], transposed=g.transposed)

    def text(self) -> str:
        """The parameters as given, as Python keyword arguments (``input=5, kernel=4, ...``)."""
        return ", ".join(f"{name}={_value_text(name, value)}" for name, value in self.given.items())

    def __repr__(self):
        return f"UserGeometry({self.page!r}, {self.text()})"


def refuse(page: str, accepted, parameters: Mapping, required=()) -> None:
    """Refuse a parameter ``page`` does not take, and a missing one of ``required``, naming it."""
    takes = ", ".join(accepted) or "no parameters"
    for name, value in parameters.items():
        if name not in accepted:
            raise SymconvError(
                f"{name}: page {page!r} takes {takes}; it has no use for {name}, got {short(value)}", parameter=name
            )
    for name in required:
        if name not in parameters:
            raise SymconvError(f"{name}: page {page!r} needs {name} with its other parameters, got none", parameter=name)


def _channels(value) -> tuple:
    value = plain(value)
    if not is_sequence(value) or len(value) != 2:
        raise SymconvError(f"channels: expected a pair (in_channels, out_channels), got {short(value)}", parameter="channels")
    return tuple(_concrete(as_size(c, "channels"), "channels") for c in value)


def _concrete(value, name):
    """An int, as a page needs it: its checks compute with numbers."""
    if not isinstance(value, int):
        raise TypeError(f"{name}: expected concrete ints for a page (its checks compute with numbers), got {value!r}")
    return value


def _plain(value):
    """``value`` with NumPy and SymPy integers made Python ints, tuples kept (the geometry checks the rest)."""
    value = plain(value)
    if is_sequence(value) and not isinstance(value, str):
        return tuple(_plain(v) for v in value)
    return value


def _ndim(normal: dict) -> tuple:
    """The number of spatial axes the parameters give, and the parameter that gives the most."""
    axes = {}
    for name in ("input", "kernel", "stride", "dilation", "output_padding"):
        value = normal.get(name)
        if isinstance(value, tuple):
            axes[name] = len(value)
    padding = normal.get("padding")
    if isinstance(padding, tuple) and padding and all(isinstance(p, tuple) for p in padding):
        axes["padding"] = len(padding)  # (before, after) pairs; a flat pair in 1-D is one axis
    if not axes:
        return 1, "input"
    most = max(axes, key=axes.get)
    return axes[most], most


def read(page: str, accepted, required, parameters: Mapping, *, pool: bool = False) -> UserGeometry:
    """The user's geometry for ``page``, every parameter checked before any work.

    Parameters
    ----------
    page : str
        The page's name, for messages.
    accepted : tuple of str
        The parameters the page takes (a subset of :data:`PARAMETERS`).
    required : tuple of str
        Those it needs whenever it is given any.
    parameters : mapping
        The keyword arguments given (None values left out).
    pool : bool, default False
        A pooling page: the stride defaults to the kernel size.

    Returns
    -------
    UserGeometry

    Raises
    ------
    SymconvError
        A parameter the page does not take, a missing one, a bad value, or a
        request past :data:`MAX_CELLS`, :data:`MAX_WORK` or
        :data:`MAX_LAYERS`; ``.parameter`` names the parameter.
    TypeError
        A value of the wrong kind (a float, a SymPy symbol: a page computes
        with numbers).

    Examples
    --------
    >>> g = read("transposed", ("input", "kernel", "stride", "padding", "transposed"), ("input", "kernel"),
    ...          dict(input=5, kernel=4, stride=2, padding=1, transposed=True))
    >>> g.output, g.text()
    ((10,), 'input=5, kernel=4, stride=2, padding=1, transposed=True')
    >>> read("pooling", ("input", "kernel"), ("input", "kernel"), dict(input=5, kernel=2, groups=2))
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: groups: page 'pooling' takes input, kernel; it has no use for groups, got 2
    """
    parameters = {name: parameters[name] for name in PARAMETERS if name in parameters}
    refuse(page, accepted, parameters, required)
    normal = {}
    for name, value in parameters.items():
        if name == "transposed":
            normal[name] = as_bool(value, "transposed")
        elif name == "channels":
            normal[name] = _channels(value)
        elif name == "layers":
            normal[name] = value
        elif name == "input":
            normal[name] = tuple(_concrete(i, "input") for i in as_shape(value, "input"))
            if not is_sequence(plain(value)):
                normal[name] = normal[name][0]
        else:
            normal[name] = _plain(value)
    if "layers" in normal:
        return _read_stack(page, normal)
    ndim, most = _ndim(normal)
    inputs = normal["input"] if isinstance(normal["input"], tuple) else (normal["input"],)
    if len(inputs) == 1 and ndim > 1:
        inputs = inputs * ndim
    kernel = normal["kernel"]
    channels = normal.get("channels", (1, 1))
    try:
        geometry = Geometry(
            kernel,
            normal.get("stride", kernel if pool else 1),
            normal.get("padding", 0),
            normal.get("dilation", 1),
            normal.get("groups", 1),
            normal.get("output_padding", 0),
            transposed=normal.get("transposed", False),
            ndim=ndim,
        )
        geometry.require_concrete("a page (its checks compute with numbers)")
        geometry.check_channels(*channels)
        output = geometry.output_size(inputs)
    except SymconvError as error:
        raise _renamed(error, most) from error
    except TypeError as error:
        name = str(error).partition(":")[0]
        renamed = _RENAMED.get(name, name)
        raise TypeError(f"{renamed}:{str(error).partition(':')[2]}") from error
    c_in, c_out = channels
    padded = tuple(i + pb + pa for i, (pb, pa) in zip(inputs, geometry.pads(inputs)))
    cells = max(c_in * math.prod(padded), c_out * math.prod(output), c_in * math.prod(inputs))
    refuse_count(cells, MAX_CELLS, "input", "cells for the page's numeric checks", "use a smaller input")
    per_output = math.prod(geometry.kernel_size) * (c_out if geometry.transposed else c_in) // geometry.groups
    work = per_output * (c_in * math.prod(inputs) if geometry.transposed else c_out * math.prod(output))
    refuse_count(work, MAX_WORK, "input", "multiply-accumulates for the page's numeric checks",
                 "use a smaller input, kernel or fewer channels")
    return UserGeometry(page, normal, inputs, geometry, channels, None)


def _read_stack(page, normal) -> UserGeometry:
    from ..networks import layer_stack

    layers = normal["layers"]
    if is_sequence(layers) and not isinstance(layers, Mapping):
        refuse_count(len(layers), MAX_LAYERS, "layers", "layers", "use a shorter stack")
    inputs = normal.get("input")
    stack = layer_stack(layers, ndim=len(inputs) if isinstance(inputs, tuple) else None)
    refuse_count(len(stack), MAX_LAYERS, "layers", "layers", "use a shorter stack")
    normal["layers"] = stack
    ndim = stack[0].geometry.ndim
    if inputs is not None and not isinstance(inputs, tuple):
        inputs = (inputs,)
    if inputs is not None:
        if len(inputs) == 1 and ndim > 1:
            inputs = inputs * ndim
        if len(inputs) != ndim:
            raise SymconvError(
                f"input: expected {ndim} sizes like the layers' axes, got {short(normal['input'])}", parameter="input"
            )
        refuse_count(math.prod(inputs), MAX_CELLS, "input", "cells for the page's numeric checks", "use a smaller input")
    return UserGeometry(page, normal, inputs, None, (1, 1), stack)


# ----------------------------------------------------------------------------
# checks that know what they read, and the derivation that keeps it
# ----------------------------------------------------------------------------


class Checks(dict):
    """Check name -> bool, and for each check the parameters it reads (:attr:`reads`).

    Examples
    --------
    >>> checks = Checks()
    >>> checks.add("sizes agree", 3 == 3, "input", "kernel")
    >>> dict(checks), checks.reads
    ({'sizes agree': True}, {'sizes agree': ('input', 'kernel')})
    """

    def __init__(self):
        super().__init__()
        self.reads = {}

    def add(self, name: str, ok, *reads: str) -> None:
        self[name] = bool(ok)
        self.reads[name] = reads

    def identities(self, results: Mapping) -> None:
        """The catalogue's checks (they read no parameter of the page)."""
        for name, ok in results.items():
            self.add(name, ok)


class UserDerivation(Derivation):
    """A page's :class:`~symconv.symbolic.Derivation` for the user's geometry.

    Attributes
    ----------
    geometry : UserGeometry
        What it was derived for.
    reads : dict
        After :meth:`check`: check name -> the parameters it reads.

    Its standalone LaTeX loads ``tikz`` when a picture is drawn with it.
    """

    def __init__(self, title, steps, *, geometry: UserGeometry, checks: Callable, **options):
        self.geometry = geometry
        self.reads = {}

        def checker():
            results = checks()
            self.reads = dict(results.reads)
            return dict(results)

        super().__init__(title, steps, checker=checker, **options)

    def to_latex(self, *, standalone: bool = False, lang: str = "en", **options) -> str:
        text = super().to_latex(standalone=standalone, lang=lang, **options)
        if standalone and any(isinstance(p, (DiagramFigure, MatrixFigure)) for step in self for p in step.illustrations):
            # the pictures are TikZ: the document's own preamble (not a main document's) loads it
            text = text.replace("\\begin{document}", "\\usepackage{tikz}\n\\begin{document}", 1)
        return text


def user_derivation(title, steps, geometry: UserGeometry, checks: Callable, introduction: str, symbols=None):
    """A :class:`UserDerivation` whose introduction ends with the sentence naming the user's parameters."""
    symbols = {**(symbols or {}), "layer": geometry.text()}
    return UserDerivation(
        title, steps, geometry=geometry, checks=checks,
        introduction=introduction + " This page is derived for {layer}.", symbols=symbols,
    )


# ----------------------------------------------------------------------------
# formulas with numbers
# ----------------------------------------------------------------------------


def worked(expr, values: Mapping, result=None):
    """``expr`` printed with ``values`` in the places of its symbols, then ``= result``, as one SymPy symbol.

    The formula keeps the layout SymPy gives the symbols, so the line with
    numbers reads term by term like the general one above it.  The result
    is computed (``expr`` at ``values``) unless given.

    Examples
    --------
    >>> i, k = sympy.symbols("i k", integer=True, positive=True)
    >>> sympy.latex(worked(i - k + 1, {i: 5, k: 3}))
    '5 - 3 + 1 = 3'
    """
    names = {symbol: latex(sympy.Integer(value)) if isinstance(value, int) else latex(value)
             for symbol, value in values.items()}
    shown = latex(expr, symbol_names=names, mul_symbol="dot")
    if result is None:
        result = expr.subs({s: sympy.Integer(v) if isinstance(v, int) else v for s, v in values.items()})
    return sympy.Symbol(f"{shown} = {latex(result)}")


# ----------------------------------------------------------------------------
# pictures of the user's layer
# ----------------------------------------------------------------------------


class DiagramFigure(Illustration):
    """A connectivity diagram of the user's layer: Mermaid in Markdown, inline TikZ in LaTeX.

    Parameters
    ----------
    caption : str
        Prose, translated with the page.
    diagram : callable
        ``diagram(lang)`` -> :class:`symconv.graphs.Diagram`.
    units : int
        The most units along a row, to scale the TikZ picture to the line.
    symbols : mapping, optional
    """

    def __init__(self, caption: str, diagram: Callable, *, units: int, symbols=None):
        from ..graphs.mermaid import to_mermaid

        super().__init__(caption, mermaid=lambda lang: to_mermaid(diagram(lang)), symbols=symbols)
        self.diagram = diagram
        self.units = units

    def to_latex(self, *, lang: str = "en") -> str:
        from ..graphs.tikz import to_tikz

        scale = min(1.0, 15.0 / max(self.units, 1))
        return _float(to_tikz(self.diagram(lang), scale=round(scale, 3)).rstrip("\n"),
                      prose(self.caption, "latex", self.symbols, lang))


def _float(picture: str, caption: str) -> str:
    """A ``figure`` float holding ``picture`` (TikZ) and its caption."""
    return "\n".join([r"\begin{figure}[htbp]", r"\centering", picture, r"\caption{%s}" % caption, r"\end{figure}"])


def _tap_char(tap: int) -> str:
    return "0123456789abcdefghijklmnopqrstuvwxyz"[tap] if tap < 36 else "*"


class MatrixFigure(Illustration):
    """A picture of a convolution matrix: which tap each entry holds, blocks outlined.

    In Markdown a block of characters (the tap's number, ``.`` for a zero,
    ``|`` and ``-`` between blocks); in LaTeX a TikZ grid with the taps in
    the colours every picture of symconv uses.

    Parameters
    ----------
    caption : str
    taps : numpy.ndarray of int
        The tap held by each entry (``-1`` for a zero).
    block : (int, int)
        Rows and columns of one block (``(rows, cols)`` of the whole matrix
        for none).
    symbols : mapping, optional
    """

    def __init__(self, caption: str, taps, block, *, symbols=None):
        taps = np.asarray(taps)
        super().__init__(caption, mermaid=lambda lang: self._text(), symbols=symbols)
        self.taps = taps
        self.block = tuple(block)

    def _text(self) -> str:
        rows, cols = self.taps.shape
        br, bc = self.block
        lines = []
        for r in range(rows):
            if r and r % br == 0:
                lines.append("+".join("-" * (2 * min(bc, cols - c) - 1) for c in range(0, cols, bc)))
            cells = []
            for c in range(cols):
                if c and c % bc == 0:
                    cells.append("|")
                tap = int(self.taps[r, c])
                cells.append("." if tap < 0 else _tap_char(tap))
            lines.append(" ".join(cells).replace(" | ", "|"))
        return "\n".join(lines) + "\n"

    def to_markdown(self, *, lang: str = "en") -> str:
        return f"```text\n{self._text()}```\n\n*{prose(self.caption, 'markdown', self.symbols, lang)}*"

    def to_latex(self, *, lang: str = "en") -> str:
        rows, cols = self.taps.shape
        cell = round(min(0.4, 12.0 / cols, 16.0 / rows), 3)
        taps = sorted({int(t) for t in self.taps.ravel() if t >= 0})
        lines = [r"\begin{tikzpicture}[x=%scm, y=%scm]" % (cell, cell)]
        for tap in taps:
            lines.append(r"\definecolor{symconvtap%d}{HTML}{%s}" % (tap, TAP_COLORS[tap % len(TAP_COLORS)][1:].upper()))
        # the tap's number in its cell, as the Markdown picture writes it (scaled down with small cells)
        text = round(min(1.0, cell / 0.35), 3)
        for r, c in zip(*np.nonzero(self.taps >= 0)):
            tap = int(self.taps[r, c])
            lines.append(r"\fill[symconvtap%d] (%d,%d) rectangle (%d,%d);" % (tap, c, -r, c + 1, -r - 1))
            lines.append(r"\node[font=\tiny, text=white, scale=%s, inner sep=0pt] at (%s,%s) {%s};"
                         % (text, c + 0.5, -r - 0.5, _tap_char(tap)))
        br, bc = self.block
        for c in range(bc, cols, bc):
            lines.append(r"\draw[gray] (%d,0) -- (%d,%d);" % (c, c, -rows))
        for r in range(br, rows, br):
            lines.append(r"\draw[gray] (0,%d) -- (%d,%d);" % (-r, cols, -r))
        lines.append(r"\draw (0,0) rectangle (%d,%d);" % (cols, -rows))
        lines.append(r"\end{tikzpicture}")
        return _float("\n".join(lines), prose(self.caption, "latex", self.symbols, lang))


#: The sentence a page writes instead of a diagram too wide to draw (prose, with ``{units}`` and ``{limit}``).
NO_FIGURE = "No diagram is drawn: the first axis has {units} units, more than the {limit} a line can show."


# ----------------------------------------------------------------------------
# the diagram of a layer along its first axis
# ----------------------------------------------------------------------------


def layer_pictures(user: UserGeometry) -> tuple:
    """``(illustrations, notes, symbols)`` for a step: the layer along its first axis, or why it is not drawn.

    The diagram is :func:`symconv.graphs.inputs_affecting_diagram` of the
    layer with its padding (and, transposed, the zeros inserted between
    inputs) drawn dashed, the middle output and what it reads filled.
    """
    from ..graphs import inputs_affecting_diagram

    g, n, out = user.geometry, user.input[0], user.output[0]
    pb, pa = user.pads[0]
    span = g.dilation[0] * (g.kernel_size[0] - 1) + 1
    units = out + span - 1 if g.transposed else max(n + pb + pa, out)
    symbols = {"n": sympy.Integer(n), "o_first": sympy.Integer(out), "units": sympy.Integer(units),
               "limit": sympy.Integer(MAX_DIAGRAM_UNITS)}
    if units > MAX_DIAGRAM_UNITS:
        return [], [NO_FIGURE], symbols
    layer = user.layer(0)

    def diagram(lang):
        title = translate("your layer along its first axis", lang)
        return inputs_affecting_diagram(n, [layer], full=False, include_padding=True, titles=(title,))

    caption = (
        "Your transposed convolution along its first axis, built as the guide builds it: {n} inputs with the "
        "inserted zeros and the padding dashed, {o_first} outputs; the middle output and the cells it reads are "
        "filled."
        if g.transposed
        else "Your layer along its first axis: {n} inputs with the padding dashed, {o_first} outputs; the middle "
        "output and the inputs it reads are filled."
    )
    return [DiagramFigure(caption, diagram, units=units, symbols=symbols)], [], symbols


# ----------------------------------------------------------------------------
# the guide's letters for one axis, and its general formula with them
# ----------------------------------------------------------------------------

#: Zero padding before and after along one axis, when the two differ.
PAD_BEFORE, PAD_AFTER = sympy.symbols("p_b p_a", integer=True, nonnegative=True)


def guide_values(user: UserGeometry, axis: int) -> dict:
    """The guide's symbols (:func:`symconv.shapes.relationship_symbols`) -> the user's numbers on ``axis``.

    A direct convolution gives ``i k s d o`` (and ``p`` when both sides are
    padded alike, ``p_b``/``p_a`` always); a transposed one gives ``i'`` (its
    input), ``o'`` (its output), ``a`` and, for the direct convolution it is
    associated with, ``i = o'``.
    """
    from ..shapes import relationship_symbols

    S = relationship_symbols()
    v = user.axis(axis)
    values = {S["k"]: v["k"], S["s"]: v["s"], S["d"]: v["d"], PAD_BEFORE: v["pb"], PAD_AFTER: v["pa"]}
    if "p" in v:
        values[S["p"]] = v["p"]
    if user.transposed:
        values.update({S["i'"]: v["i"], S["o'"]: v["o"], S["a"]: v["a"], S["i"]: v["o"]})
    else:
        values.update({S["i"]: v["i"], S["o"]: v["o"]})
    return values


def padded_apart(user: UserGeometry) -> bool:
    """Whether some axis is padded differently before and after (the guide's ``p`` is then not one number)."""
    return any("p" not in user.axis(axis) for axis in range(user.ndim))


def general_formula(user: UserGeometry):
    """The geometry's output size in the guide's letters: ``2p`` when every axis has equal sides, else ``p_b + p_a``."""
    from ..shapes import general_output_size, relationship_symbols

    S = relationship_symbols()
    if not padded_apart(user):
        return general_output_size(transposed=user.transposed)
    pads = ((PAD_BEFORE, PAD_AFTER),)
    if user.transposed:
        g = Geometry(S["k"], S["s"], pads, S["d"], output_padding=S["a"], transposed=True)
        return sympy.Eq(S["o'"], g.output_size((S["i'"],))[0])
    return sympy.Eq(S["o"], Geometry(S["k"], S["s"], pads, S["d"]).output_size((S["i"],))[0])


def holds(condition, values: Mapping) -> bool:
    """Whether a relationship's condition holds at the user's numbers."""
    return sympy.sympify(condition).subs(values) is sympy.true


def axis_symbol(name: str, axis: int, ndim: int):
    """``o`` in 1-D; ``o_{1}``, ``o_{2}``, ... one per axis otherwise (the guide's ``i_1``, ``i_2``)."""
    if ndim == 1:
        return sympy.Symbol(name)
    if name.endswith("}") and "_{" in name:  # o_{floor} -> o_{floor,1}: one subscript, never two
        return sympy.Symbol(f"{name[:-1]},{axis + 1}}}")
    return sympy.Symbol(f"{name}_{{{axis + 1}}}")


def tap_matrix(user: UserGeometry) -> tuple:
    """``(taps, block)``: the tap each entry of the layer's matrix holds (``-1`` for a zero) and a block's shape.

    Rows are the layer's outputs and columns its inputs (channel-major),
    as :func:`symconv.conv_matrix` builds them; a block is the matrix
    between one row of the output and one row of the input along the first
    axis (the doubly-block Toeplitz structure), the whole matrix in 1-D.
    """
    from ..matrix import conv_matrix

    g = user.geometry
    shape = user.weight_shape
    numbered = np.arange(1, math.prod(shape) + 1).reshape(shape)
    matrix = conv_matrix((user.channels[0], *user.input), numbered, stride=g.stride, padding=g.padding,
                         dilation=g.dilation, groups=g.groups, transposed=g.transposed,
                         output_padding=g.output_padding, format="dense")
    matrix = np.asarray(matrix, dtype=np.int64)
    taps = np.where(matrix == 0, -1, (matrix - 1) % math.prod(g.kernel_size))
    block = (math.prod(user.output[1:]), math.prod(user.input[1:])) if user.ndim > 1 else taps.shape
    return taps, block


def symbols_of(name: str, shape: tuple) -> np.ndarray:
    """An object array of SymPy symbols ``name_{a,b}`` of ``shape`` (the notes' indices)."""
    from ..symbolic.expressions import symbol_array

    return np.array(symbol_array(name, shape).tolist(), dtype=object).reshape(shape)


# ----------------------------------------------------------------------------
# counting one by one (independent routes for the checks)
# ----------------------------------------------------------------------------


def links(user: UserGeometry) -> tuple:
    """``(inside, outside)``: the (cell, tap) links of one pair of channels, counted one by one.

    For a convolution, output ``o`` reads input ``o s + t d - p_b`` through
    tap ``t``; for a transposed one, input ``j`` writes output
    ``j s + t d - p_b``.  A link that lands outside the input (outside the
    output) is a tap on the padding: a multiply-accumulate with no entry in
    the convolution matrix.
    """
    import itertools

    g = user.geometry
    base = user.input if g.transposed else user.output
    other = user.output if g.transposed else user.input
    inside = outside = 0
    for cell in itertools.product(*(range(n) for n in base)):
        for tap in itertools.product(*(range(k) for k in g.kernel_size)):
            at = [c * s + t * d - pb for c, t, s, d, (pb, _) in zip(cell, tap, g.stride, g.dilation, user.pads)]
            if all(0 <= a < n for a, n in zip(at, other)):
                inside += 1
            else:
                outside += 1
    return inside, outside


def macs_by_convolution(user: UserGeometry) -> int:
    """The multiply-accumulates, counted by the numeric backend: every tap of every output, padding included.

    The input is padded by hand with ones (not zeros) and convolved with a
    kernel of ones: each output then holds the number of products it sums,
    taps on padding included.  A transposed convolution scatters a ones
    input through a ones kernel without padding (padding only crops).
    """
    from ..numeric import conv, conv_transpose

    g = user.geometry
    c_in, c_out = user.channels
    weights = np.ones(user.weight_shape)
    if g.transposed:
        return int(conv_transpose(np.ones((1, c_in, *user.input)), weights, stride=g.stride, dilation=g.dilation,
                                  groups=g.groups).sum())
    padded = np.ones((1, c_in, *(i + pb + pa for i, (pb, pa) in zip(user.input, user.pads))))
    return int(conv(padded, weights, stride=g.stride, dilation=g.dilation, groups=g.groups).sum())

"""The renderer registry: every file format a diagram can be written as, registered once.

:data:`RENDERERS` maps a format -- the file suffix without its dot, in lower
case -- to a :class:`Renderer`: the function that writes a diagram in that
format, whether it gives text or bytes, and what it needs.  The build
(``symconv build``) and the command line (``symconv draw -o FILE``) read
this table instead of lists of suffixes of their own, so a format registered
here is one they know.

The API
-------
``RENDERERS : dict[str, Renderer]``
    Format -> renderer, in the order formats are listed to users (the
    matplotlib formats, then the text formats).
``Renderer(format, name, function, *, binary=False, needs_font=False, built=False, defaults={}, description="")``
    One entry (frozen dataclass):

    - ``format`` -- the key: the file suffix without its dot (``"mmd"``);
    - ``name`` -- what users call it (``"Mermaid"``);
    - ``function(diagram, **options)`` -- returns ``str`` (UTF-8 text) or
      ``bytes``; ``diagram`` is what the renderers take: a
      :class:`~symconv.graphs.Diagram`, a :class:`~symconv.graphs.Panel` or a
      bare graph from :func:`~symconv.graphs.connectivity_graph`;
    - ``binary`` -- True when ``function`` returns bytes, False for text;
    - ``needs_font`` -- True when the format is drawn with matplotlib's
      fonts, so Chinese titles need a font with Chinese glyphs
      (:mod:`symconv._output.fonts`); the text formats need none;
    - ``built`` -- True when ``symconv build`` writes this format for every
      diagram of :data:`symconv.graphs.figures.DIAGRAMS`;
    - ``defaults`` -- keyword arguments that make ``function``'s output a
      complete file (``.tex``: ``standalone=True``); the caller's options win;
    - ``description`` -- one line for help texts.
``formats(*, built=None, needs_font=None) -> tuple[str, ...]``
    The registered formats in registry order, optionally only those the
    build writes (``built=True``) or only those that need (or do not need) a
    font with Chinese glyphs.
``renderer(fmt) -> Renderer``
    The entry for a format; ``"svg"``, ``".svg"`` and ``"SVG"`` are the same.
``render(diagram, fmt, **options) -> bytes``
    The file contents of ``diagram`` in format ``fmt``: text renderers'
    output is encoded as UTF-8; the same diagram and options give the same
    bytes on every run (:mod:`symconv._output.savefig` for matplotlib).
    Writing the bytes is the caller's job
    (:func:`symconv._output.writer.write_atomic`).

Errors: an unknown format is a :class:`~symconv.SymconvError` with
``parameter="fmt"``, a format that is not a str a ``TypeError``; a renderer's
own errors pass through (an unknown ``direction``: ``parameter="direction"``;
Chinese titles drawn where matplotlib finds no font with Chinese glyphs:
``parameter="lang"``, the language the titles came from).

Adding a renderer
-----------------
Write one module in ``symconv/graphs/`` with a function
``to_xyz(diagram, *, direction=None, ...) -> str`` (or bytes) built on the
helpers of ``symconv/graphs/_render.py`` (node ids, layout, tap colours), then
add one :class:`Renderer` line to ``_REGISTERED`` below.  ``formats()``, the
command line's ``-o`` suffixes and, with ``built=True``, the build's files
follow from that line (a new built format adds one file per diagram under
``figures/``: run ``symconv build`` and commit them).

Examples
--------
>>> formats()
('svg', 'png', 'pdf', 'mmd', 'dot', 'tex')
>>> formats(built=True), formats(needs_font=False)
(('svg', 'png', 'mmd'), ('mmd', 'dot', 'tex'))
>>> renderer(".MMD").name, renderer("png").binary
('Mermaid', True)
>>> from symconv.graphs import receptive_field_diagram
>>> diagram = receptive_field_diagram(5, [(3, 1, 1), (3, 1, 1)], node="g3")
>>> render(diagram, "mmd").decode().splitlines()[6:8]  # after the front matter
['graph TD', '    subgraph panel1 ["indirect interaction"]']
>>> render(diagram, "svg")[:5], render(diagram, "png")[:4]
(b'<?xml', b'\\x89PNG')

Writing a file named by the user, its format taken from the suffix, as
``symconv draw -o`` does:

>>> import pathlib, tempfile
>>> from symconv._output.writer import write_atomic
>>> path = pathlib.Path(tempfile.mkdtemp()) / "stack.dot"
>>> written = write_atomic(path, render(diagram, path.suffix))
>>> written.read_text("utf-8").startswith('digraph "convolution"')
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import KW_ONLY, dataclass, field
from types import MappingProxyType
from typing import Callable, Mapping

from .._errors import SymconvError
from .._i18n import has_chinese
from .._output.fonts import family_for, use_chinese_family
from .._output.savefig import figure_bytes
from .dot import to_dot
from .draw_mpl import draw
from .mermaid import to_mermaid
from .tikz import to_tikz

__all__ = ["Renderer", "RENDERERS", "formats", "renderer", "render"]

_FORMAT = re.compile(r"[a-z0-9]+\Z")


@dataclass(frozen=True)
class Renderer:
    """One entry of :data:`RENDERERS`: how a diagram becomes a file of one format.

    Parameters
    ----------
    format : str
        The file suffix without its dot, lower-case letters and digits (``"mmd"``).
    name : str
        What users call the format (``"Mermaid"``).
    function : callable
        ``function(diagram, **options)`` returns the file: ``str`` or, when
        ``binary``, ``bytes``.
    binary, needs_font, built, defaults, description
        Keyword-only.
    binary : bool, default False
    needs_font : bool, default False
        Drawn with matplotlib's fonts: Chinese titles need a font with Chinese glyphs.
    built : bool, default False
        ``symconv build`` writes this format for every diagram of
        :data:`symconv.graphs.figures.DIAGRAMS`.
    defaults : mapping, default {}
        Keyword arguments passed to ``function`` unless the caller gives them.
    description : str, default ""

    Raises
    ------
    SymconvError
        A format that is not lower-case letters and digits.
    TypeError
        A name or description that is not a str, a function that is not
        callable, flags that are not bools, defaults that are not a mapping.

    Examples
    --------
    >>> entry = Renderer("txt", "plain text", lambda diagram: "nodes\\n")
    >>> entry.format, entry.binary, dict(entry.defaults)
    ('txt', False, {})
    """

    format: str
    name: str
    function: Callable
    _: KW_ONLY
    binary: bool = False
    needs_font: bool = False
    built: bool = False
    defaults: Mapping = field(default_factory=dict)
    description: str = ""

    def __post_init__(self):
        if not isinstance(self.format, str):
            raise TypeError(f"format: expected a str, got {type(self.format).__name__} {self.format!r}")
        if not _FORMAT.match(self.format):
            raise SymconvError(
                f"format: expected a file suffix of lower-case letters and digits without the dot, got {self.format!r}",
                parameter="format",
            )
        for name in ("name", "description"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise TypeError(f"{name}: expected a str, got {type(value).__name__} {value!r}")
        if not callable(self.function):
            raise TypeError(f"function: expected a callable, got {type(self.function).__name__}")
        for name in ("binary", "needs_font", "built"):
            value = getattr(self, name)
            if not isinstance(value, bool):
                raise TypeError(f"{name}: expected a bool, got {type(value).__name__} {value!r}")
        if not isinstance(self.defaults, Mapping):
            raise TypeError(f"defaults: expected a mapping of keyword arguments, got {type(self.defaults).__name__}")
        object.__setattr__(self, "defaults", MappingProxyType(dict(self.defaults)))


def _matplotlib_file(diagram, *, fmt: str, dpi: int = 100, **options) -> bytes:
    """``diagram`` drawn by :func:`symconv.graphs.draw` and saved byte-stably as ``fmt``.

    Texts holding Chinese (titles in the notes' words) fall back to a font
    with Chinese glyphs; the English texts keep matplotlib's default font, so
    English files do not depend on the fonts installed.
    """
    drawing = draw(diagram, **options)
    texts = [text.get_text() for text in drawing.ax.texts]
    if any(has_chinese(text) for text in texts):
        use_chinese_family(drawing.ax, family_for("zh", texts))
    return figure_bytes(drawing.figure, fmt, dpi=dpi)


def _matplotlib(fmt: str, name: str, *, built: bool) -> Renderer:
    return Renderer(
        fmt, name, functools.partial(_matplotlib_file, fmt=fmt), binary=True, needs_font=True, built=built,
        description=f"{name} drawn with matplotlib (symconv.graphs.draw), the same bytes on every run",
    )


# One line per format, in the order users see them.
_REGISTERED = (
    _matplotlib("svg", "SVG", built=True),
    _matplotlib("png", "PNG", built=True),
    _matplotlib("pdf", "PDF", built=False),
    Renderer("mmd", "Mermaid", to_mermaid, built=True,
             description="Mermaid flowchart text in the seed notes' style (symconv.graphs.to_mermaid)"),
    Renderer("dot", "Graphviz DOT", to_dot, description="Graphviz DOT text (symconv.graphs.to_dot)"),
    Renderer("tex", "TikZ", to_tikz, defaults={"standalone": True},
             description="a standalone LaTeX document with a tikzpicture (symconv.graphs.to_tikz)"),
)

#: Format (file suffix without the dot) -> :class:`Renderer`, in the order formats are listed.
RENDERERS: dict[str, Renderer] = {entry.format: entry for entry in _REGISTERED}


def _check_flag(value, name: str):
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"{name}: expected True, False or None, got {type(value).__name__} {value!r}")


def formats(*, built: bool | None = None, needs_font: bool | None = None) -> tuple:
    """The registered formats (file suffixes without the dot), in registry order.

    Parameters
    ----------
    built : bool, optional
        True: only the formats ``symconv build`` writes for every diagram;
        False: only the others; None (default): all.
    needs_font : bool, optional
        True: only the formats drawn with matplotlib's fonts (Chinese titles
        need a font with Chinese glyphs); False: only those needing no font.

    Returns
    -------
    tuple of str

    Raises
    ------
    TypeError
        A filter that is not True, False or None.

    Examples
    --------
    >>> formats(needs_font=True)
    ('svg', 'png', 'pdf')
    """
    _check_flag(built, "built")
    _check_flag(needs_font, "needs_font")
    return tuple(
        fmt
        for fmt, entry in RENDERERS.items()
        if (built is None or entry.built == built) and (needs_font is None or entry.needs_font == needs_font)
    )


def renderer(fmt: str) -> Renderer:
    """The :class:`Renderer` registered for ``fmt`` (a suffix, with or without its dot, any case).

    Raises
    ------
    SymconvError
        A format nobody registered (``parameter="fmt"``; the message lists the formats).
    TypeError
        ``fmt`` not a str.

    Examples
    --------
    >>> renderer("tex").name
    'TikZ'
    >>> renderer("gif")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: fmt: expected one of svg, png, pdf, mmd, dot, tex, got 'gif'
    """
    if not isinstance(fmt, str):
        raise TypeError(f"fmt: expected a file suffix such as 'svg', got {type(fmt).__name__} {fmt!r}")
    key = fmt.lower().removeprefix(".")
    if key not in RENDERERS:
        raise SymconvError(f"fmt: expected one of {', '.join(RENDERERS)}, got {fmt!r}", parameter="fmt")
    return RENDERERS[key]


def render(diagram, fmt: str, **options) -> bytes:
    """The file contents of ``diagram`` in format ``fmt``.

    Parameters
    ----------
    diagram : Diagram, Panel or networkx.DiGraph
        What the renderers draw (a graph from :mod:`symconv.graphs`).
    fmt : str
        A format of :func:`formats`, e.g. ``"svg"`` or ``".mmd"``.
    **options
        Passed to the renderer over its defaults: ``direction`` for every
        format, e.g. ``tap_colors``, ``labels`` or ``dpi`` for the matplotlib
        formats, ``standalone=False`` for a bare ``tikzpicture``.

    Returns
    -------
    bytes
        The file; text formats in UTF-8.  The same arguments give the same bytes.

    Raises
    ------
    SymconvError
        An unknown format (``parameter="fmt"``), and the renderer's own errors.
    TypeError
        ``fmt`` not a str, something that is not a diagram, or a renderer
        that returned the wrong kind of output.

    Examples
    --------
    >>> from symconv.graphs import parameter_sharing_diagram
    >>> text = render(parameter_sharing_diagram(), ".dot").decode("utf-8")
    >>> text.splitlines()[0]
    'digraph "convolution" {'
    >>> render(parameter_sharing_diagram(), "tex", standalone=False).startswith(b"\\\\begin{tikzpicture}")
    True
    """
    entry = renderer(fmt)
    output = entry.function(diagram, **{**entry.defaults, **options})
    expected = (bytes, bytearray) if entry.binary else str
    if not isinstance(output, expected):
        want = "bytes" if entry.binary else "str"
        raise TypeError(f"renderer {entry.format!r} returned {type(output).__name__}; it is registered as giving {want}")
    return bytes(output) if entry.binary else output.encode("utf-8")

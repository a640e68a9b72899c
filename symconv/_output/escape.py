"""Text written into Mermaid, Graphviz DOT and TikZ: escaped so that it stays one string on one line.

A title, a label or a colour is copied into a diagram's source.  Unescaped,
a quote ends the string and a newline starts a statement of its own -- in
Mermaid a ``click x1 href "javascript:..."`` line, in DOT a new node, in
TikZ a new command.  Every renderer writes such text through these
functions (LaTeX's special characters are :func:`symconv._output.latex.escape_latex`).

Examples
--------
>>> mermaid_text('a "b"\\nclick x1')
'a #quot;b#quot;#10;click x1'
>>> dot_string('a "b"\\nc')
'"a \\\\"b\\\\"\\\\nc"'
>>> tex_line("50% of\\nx")
'50\\\\% of x'
"""

from __future__ import annotations

import re

from .._errors import SymconvError
from .._validate import short
from .latex import escape_latex

__all__ = ["line_breaking", "mermaid_text", "dot_string", "tex_line", "as_color"]

# characters that end or break a line of output: C0 controls, DEL, NEL and the Unicode line and paragraph separators
_BREAKING = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")

# inside Mermaid's double quotes: the quote ends the string, # starts an entity code, ` a Markdown string,
# <, > and & are HTML
_MERMAID = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}


def line_breaking(text: str) -> bool:
    """True when ``text`` holds a character that ends or breaks a line (newline, tab, NUL, U+2028, ...)."""
    return _BREAKING.search(text) is not None


def mermaid_text(text: str) -> str:
    """``text`` for inside Mermaid's double quotes: entity codes for ``" # < > & `` and for every control character.

    A newline becomes ``#10;``, so the text can never start a statement.
    """
    return "".join(_MERMAID.get(ch) or (f"#{ord(ch)};" if _BREAKING.match(ch) else ch) for ch in text)


def dot_string(text: str) -> str:
    """``text`` as a quoted DOT string: ``\\`` and ``"`` escaped, a newline as DOT's ``\\n`` line break,
    other control characters as HTML entities (``&#9;``), which Graphviz reads in labels."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\\n").replace("\n", "\\n")
    return '"' + _BREAKING.sub(lambda m: f"&#{ord(m.group())};", escaped) + '"'


def tex_line(text: str) -> str:
    """``text`` for running LaTeX on one line: special characters escaped, line breaks read as spaces.

    A single newline is a space to TeX anyway; a blank line would end the
    paragraph inside a TikZ node, which does not compile.
    """
    return escape_latex(_BREAKING.sub(" ", text))


#: A colour written into a style: ``#rgb``, ``#rgba``, ``#rrggbb``, ``#rrggbbaa`` or a CSS colour name.
_COLOR = re.compile(r"#(?:[0-9A-Fa-f]{3,4}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})\Z|[A-Za-z]+\Z")


def as_color(value, name: str) -> str:
    """A colour for a style line: ``#rgb``/``#rrggbb`` (with alpha) or a CSS name such as ``black``.

    Anything else -- a newline, a semicolon, a quote -- could end the style
    and start a directive of its own, so it is refused.

    Examples
    --------
    >>> as_color("#F00", "highlight_stroke"), as_color("black", "highlight_stroke")
    ('#F00', 'black')
    >>> as_color("red;stroke-width:20px", "highlight_stroke")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: highlight_stroke: expected a colour such as "black" or "#808080", got 'red;stroke-width:20px'
    """
    if not isinstance(value, str):
        raise TypeError(f'{name}: expected a colour str such as "black" or "#808080", got {type(value).__name__} {short(value)}')
    if not _COLOR.match(value):
        raise SymconvError(f'{name}: expected a colour such as "black" or "#808080", got {short(value)}', parameter=name)
    return value

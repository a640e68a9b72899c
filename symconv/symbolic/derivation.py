"""Derivations as data: steps of SymPy relations with prose, rendered on demand.

A :class:`Derivation` is a titled list of :class:`Step` objects.  Each step
holds SymPy relations (``Eq``, ``Implies``, ...), a one-paragraph explanation
and the number of free weights at that point, and may carry a :class:`Table`
and :class:`Illustration` s.  Every formula in the rendered LaTeX or Markdown
is produced by :func:`sympy.latex` from those objects; the explanations are
prose whose ``{name}`` placeholders are filled with the LaTeX of the step's
named SymPy objects, so no formula is typed by hand.

Prose may hold inline math ``$...$``, ```code``` and ``*emphasis*``; LaTeX
output escapes everything else.  Every render takes ``lang`` (``"en"`` or
``"zh"``): the prose then passes through the catalogue of
:mod:`symconv._i18n`, the formulas stay as SymPy printed them.  A Chinese
standalone document is for ``xelatex`` with ``xeCJK`` and the Fandol fonts of
TeX Live.
"""

from __future__ import annotations

import numbers
import re
from typing import Callable, Iterable, Mapping

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from .._errors import SymconvError
from .._i18n import check_lang, translate
from .._output.latex import FIGURE_ROOTS, engine_line, escape_latex, figure_macros
from .._output.numbers import int_text
from .._validate import short, sympy_value

__all__ = ["Derivation", "Step", "Table", "Illustration", "latex", "as_text", "textbook_order", "latex_preamble", "prose"]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_MATH = re.compile(r"(\$[^$]+\$)")
# prose writes arrows (->) and comparisons, which pdflatex's default font encoding prints as inverted marks


def _opens_to_the_right(term) -> bool:
    """Whether a term's LaTeX runs on to whatever is written after it: a sum, integral or product,
    alone or as a factor (``(k - 1) \\sum_l d_l``), but not in a fraction (``\\frac{\\sum ...}{H W}``)."""
    coefficient, rest = term.as_coeff_Mul()
    factors = sympy.Mul.make_args(rest)
    if (coefficient.is_Rational and coefficient.q != 1) or any(f.is_Pow and f.exp.is_negative for f in factors):
        return False
    return any(isinstance(f, (sympy.Sum, sympy.Integral, sympy.Product)) for f in factors)


def _written_order(expr) -> bool:
    """An ``Add`` built unevaluated in an order of its own (SymPy would store other arguments)."""
    return isinstance(expr, sympy.Add) and expr.args != sympy.Add(*expr.args).args


def textbook_order(terms) -> list:
    """SymPy's terms of a sum in the order a textbook writes them.

    - A sum that begins with a minus sign begins with its first positive
      term instead (``n_h - k_h + 1``, not ``-k_h + n_h + 1``; ``k - i``,
      ``S x - P``); numbers stay last.
    - Sums, integrals and products go last, where their reach is not in
      doubt (``1 + \\sum_l 2^{l+1}``, not ``\\sum_l 2^{l+1} + 1``).

    Everything else keeps SymPy's order.

    Examples
    --------
    >>> import sympy
    >>> k, n, p = sympy.symbols("k n p")
    >>> (-k + n + p).as_ordered_terms(), textbook_order((-k + n + p).as_ordered_terms())
    ([-k, n, p], [n, -k, p])
    """
    terms = list(terms)
    bounded = [t for t in terms if not _opens_to_the_right(t)]
    reaching = [t for t in terms if _opens_to_the_right(t)]
    if bounded and bounded[0].could_extract_minus_sign():
        lead = next((t for t in bounded if not t.could_extract_minus_sign() and not t.is_Number), None)
        if lead is not None:
            bounded.remove(lead)
            bounded.insert(0, lead)
    return bounded + reaching


class _TextbookTerms:
    """Terms of a sum as a textbook writes them (:func:`textbook_order`); a sum built unevaluated
    (``sympy.Add(i, 2*p, -k, evaluate=False)``) as it was written."""

    def _as_ordered_terms(self, expr, order=None):
        if (order or self._settings.get("order")) is not None:  # an order asked for by name wins
            return super()._as_ordered_terms(expr, order=order)
        if _written_order(expr):
            return list(expr.args)
        return textbook_order(super()._as_ordered_terms(expr))


class _NotesLatexPrinter(_TextbookTerms, LatexPrinter):
    """SymPy's LaTeX printer, writing sums in textbook order (:func:`textbook_order`) and a sum
    over several indices as nested sums (``\\sum_{a=-\\Delta}^{\\Delta} \\sum_{b=-\\Delta}^{\\Delta}``)
    the way the notes do, instead of one ``\\sum`` over a stack of inequalities."""

    def _print_Add(self, expr, order=None):
        if (order or self._settings.get("order")) is not None or not _written_order(expr):
            return super()._print_Add(expr, order=order)
        # as written: a term such as Mul(-2, 1, evaluate=False) is "- 2 \\cdot 1", not "- 2" (negating it evaluates)
        tex = ""
        for index, term in enumerate(expr.args):
            if term.is_Mul and term.args[0].is_Number and term.args[0] < 0:
                rest = term.args[1:] if term.args[0] == -1 else (-term.args[0], *term.args[1:])
                tex += " - " if index else "- "
                term = rest[0] if len(rest) == 1 else sympy.Mul(*rest, evaluate=False)
            elif index and term.could_extract_minus_sign():
                tex += " - "
                term = -term
            elif index:
                tex += " + "
            term_tex = self._print(term)
            tex += r"\left(%s\right)" % term_tex if self._needs_add_brackets(term) else term_tex
        return tex

    def _print_Sum(self, expr):
        if len(expr.limits) == 1:
            return super()._print_Sum(expr)
        # SymPy lists the innermost limit first
        tex = "".join(r"\sum_{%s=%s}^{%s} " % tuple(map(self._print, limit)) for limit in reversed(expr.limits))
        if isinstance(expr.function, sympy.Add):
            return tex + r"\left(%s\right)" % self._print(expr.function)
        return tex + self._print(expr.function)


class _NotesStrPrinter(_TextbookTerms, StrPrinter):
    """SymPy's text printer with sums in textbook order."""


def _symbols(symbols) -> dict:
    """The ``symbols`` mapping of a step, derivation or picture, as a dict (None for none)."""
    if symbols is None:
        return {}
    if not isinstance(symbols, Mapping):
        raise TypeError(f"symbols: expected a mapping of names to SymPy objects or str, got {type(symbols).__name__} {short(symbols)}")
    return dict(symbols)


def latex(expr, **settings) -> str:
    r"""LaTeX of a SymPy object: :func:`sympy.latex` in textbook order, with multiple sums nested.

    Terms of a sum follow :func:`textbook_order`; a sum built unevaluated
    keeps the order it was written in, so a readable form such as
    :func:`symconv.shapes.guide_form` prints as the guide writes it.  An
    ``order=`` setting (as :func:`sympy.latex` takes it) is obeyed instead.

    Examples
    --------
    >>> import sympy
    >>> a, b, n = sympy.symbols("a b n")
    >>> X = sympy.IndexedBase("X")
    >>> print(latex(sympy.Sum(X[a, b], (b, 1, n), (a, 1, n))))  # SymPy lists the inner sum first
    \sum_{a=1}^{n} \sum_{b=1}^{n} {X}_{a,b}
    >>> print(sympy.latex(sympy.Sum(X[a, b], (b, 1, n), (a, 1, n))))
    \sum_{\substack{1 \leq b \leq n\\1 \leq a \leq n}} {X}_{a,b}
    >>> n_h, k_h = sympy.symbols("n_h k_h")
    >>> print(latex(n_h - k_h + 1), "  vs SymPy's", sympy.latex(n_h - k_h + 1))
    n_{h} - k_{h} + 1   vs SymPy's - k_{h} + n_{h} + 1
    """
    if isinstance(expr, numbers.Number) and not isinstance(expr, sympy.Basic):
        expr = sympy_value(expr, "expr")  # Fraction, NumPy numbers: SymPy's own printer does not read them all
    return _NotesLatexPrinter(settings).doprint(expr)


def as_text(expr, **settings) -> str:
    """Plain text of a SymPy object (:func:`sympy.sstr`) with the terms of sums as :func:`latex` orders them.

    Examples
    --------
    >>> import sympy
    >>> S, x, P = sympy.symbols("S x P")
    >>> as_text(S * x - P), sympy.sstr(S * x - P)
    ('S*x - P', '-P + S*x')
    """
    return _NotesStrPrinter(settings).doprint(expr)


def latex_preamble(lang: str = "en", *, figure_roots=FIGURE_ROOTS) -> str:
    r"""The packages and macros every derivation document loads (``pdflatex`` for English, ``xelatex`` for Chinese).

    Chinese documents use ``xeCJK`` with the Fandol fonts that TeX Live ships
    (Debian: ``texlive-lang-chinese``), so they compile without system fonts,
    and name figures and the contents in Chinese.  The macros
    (:func:`symconv._output.latex.figure_macros`) place the printed figures
    (``\symconvgraphic``, looked for under each of ``figure_roots``) and fit
    wide displays to the line (``\symconvfit``).

    Parameters
    ----------
    lang : {"en", "zh"}, default "en"
    figure_roots : sequence of str, default ``("../", "./")``
        Folders, each ending in ``/``, where the figures' ``figures/...``
        paths are looked for, in order: by default the repository root seen
        from ``derivations/``, then the folder the document is compiled in.

    Examples
    --------
    >>> print(latex_preamble().split("\\makeatletter")[0])
    \usepackage[utf8]{inputenc}
    \usepackage{amsmath,amssymb}
    \usepackage{array,graphicx}
    \usepackage[margin=2cm]{geometry}
    \allowdisplaybreaks
    \usepackage[section]{placeins}
    <BLANKLINE>
    >>> "xeCJK" in latex_preamble("zh")
    True
    """
    lines = [r"\usepackage[utf8]{inputenc}"] if check_lang(lang) == "en" else []
    lines += [r"\usepackage{amsmath,amssymb}", r"\usepackage{array,graphicx}", r"\usepackage[margin=2cm]{geometry}"]
    if lang == "zh":
        lines += [
            r"\usepackage{xeCJK}",
            r"\setCJKmainfont{FandolSong-Regular.otf}[BoldFont=FandolSong-Bold.otf,ItalicFont=FandolKai-Regular.otf]",
            r"\setCJKsansfont{FandolHei-Regular.otf}",
            r"\setCJKmonofont{FandolFang-Regular.otf}",
            r"\renewcommand\figurename{图}",
            r"\renewcommand\contentsname{目录}",
        ]
    lines.append(r"\allowdisplaybreaks")
    return "\n".join(lines) + "\n" + figure_macros(figure_roots)


def _escape_latex(text: str) -> str:
    return escape_latex(text)


def _prose_latex(text: str) -> str:
    """Prose without math as LaTeX: specials escaped, `code`, *emphasis* and "quotes" typeset."""
    # long identifiers in code may break after an underscore or a dot instead of running into the margin
    out = re.sub(r"\*([^*\n]+)\*", r"\\emph{\1}", _escape_latex(text))
    out = re.sub(r"`([^`]+)`", lambda m: r"\texttt{%s}" % re.sub(r"(\\_|\.)(?=\w)", r"\1\\allowbreak{}", m.group(1)), out)
    return re.sub(r'"([^"\n]*)"', r"``\1''", out)


# sizes written 3x3 or 128 x 56 x 56, and 64 -> 128 channels, outside `code`
_SIZE = re.compile(r"(?<![\w.$\\])(\d+(?:[ ]?x[ ]?\d+)+)(?![\w.])")
_MAPS_TO = re.compile(r"(?<![\w.$\\])(\d+) ?-> ?(\d+)(?![\w.])")
_CODE = re.compile(r"(`[^`]+`)")


def _typeset(text: str):
    r"""``(part, is_math)`` pairs of prose: sizes ``3x3`` and maps ``64 -> 128`` become math,
    ``$3 \times 3$`` and ``$64 \to 128$``; code spans are left as they are.

    Examples
    --------
    >>> [part for part, is_math in _typeset("a 3x3 kernel, 64 -> 128 channels, `conv_3x3`, 1.5x2") if is_math]
    ['$3 \\times 3$', '$64 \\to 128$']
    >>> print("".join(part for part, _ in _typeset("a 128 x 56 x 56 map, `conv_3x3`")))
    a $128 \times 56 \times 56$ map, `conv_3x3`
    """
    pending = ""
    for index, chunk in enumerate(_CODE.split(text)):
        if index % 2:
            pending += chunk
            continue
        position = 0
        for match in sorted([*_SIZE.finditer(chunk), *_MAPS_TO.finditer(chunk)], key=lambda m: m.start()):
            if match.start() < position:
                continue
            pending += chunk[position:match.start()]
            if pending:
                yield pending, False
                pending = ""
            if match.re is _SIZE:
                yield "$" + r" \times ".join(re.split(r" ?x ?", match.group(1))) + "$", True
            else:
                yield f"${match.group(1)} \\to {match.group(2)}$", True
            position = match.end()
        pending += chunk[position:]
    if pending:
        yield pending, False


def _pieces(text: str):
    """``(kind, value)`` pairs of prose: kind is ``"text"``, ``"math"`` (``$...$``) or ``"name"`` (``{name}``)."""
    for index, chunk in enumerate(_MATH.split(text)):
        if index % 2:
            yield "math", chunk
            continue
        for position, part in enumerate(_PLACEHOLDER.split(chunk)):
            if position % 2:
                yield "name", part
            elif part:
                yield "text", part


def _placeholders(text: str) -> set:
    return {value for kind, value in _pieces(text) if kind == "name"}


def _check_target(target):
    if target not in ("latex", "markdown", "text"):
        raise SymconvError(f'target: expected "latex", "markdown" or "text", got {target!r}', parameter="target")


def prose(text: str, target: str, symbols: Mapping, lang: str = "en") -> str:
    """Translate ``text`` and fill its placeholders for ``target`` (``"latex"``, ``"markdown"`` or ``"text"``).

    Every sentence of a derivation is written through here: the prose is
    translated (:mod:`symconv._i18n`), each ``{name}`` becomes the LaTeX of
    ``symbols[name]`` (a str is shown as literal text), ``$...$`` math is
    kept, and for LaTeX the rest is escaped.

    Raises
    ------
    SymconvError
        An unknown ``target``, a placeholder without an entry in ``symbols``,
        or a sentence without a translation into ``lang``.

    Examples
    --------
    >>> import sympy
    >>> print(prose("The size {n} & more", "latex", {"n": sympy.Symbol("n") ** 2}))
    The size $n^{2}$ \\& more
    >>> prose("Pooling", "markdown", {}, "zh")
    '池化'
    """
    _check_target(target)
    out = []
    for kind, value in _pieces(translate(text, lang)):
        if kind == "text" and target == "text":
            out.append(value)
        elif kind == "text":
            for part, typeset in _typeset(value):
                out.append(part if typeset else _prose_latex(part) if target == "latex" else part)
        elif kind == "math":
            out.append(value)
        elif value not in symbols:
            raise SymconvError(f"symbols: the prose {text!r} names {{{value}}}, which has no entry in symbols", parameter="symbols")
        elif isinstance(symbols[value], str):  # literal text, e.g. a file or configuration name
            out.append(f"`{symbols[value]}`" if target == "markdown" else symbols[value])
            if target == "latex":
                out[-1] = r"\texttt{%s}" % _escape_latex(symbols[value]).replace(r"\_", r"\_\allowbreak{}")
        elif target == "text":
            out.append(as_text(symbols[value]))
        else:
            out.append(f"${latex(symbols[value])}$")
    return "".join(out)


def _relation_line(relation) -> str:
    """One ``align`` line: ``lhs &= rhs`` for an equation, ``& relation`` otherwise."""
    if isinstance(relation, sympy.Equality):
        return f"{latex(relation.lhs)} &= {latex(relation.rhs)}"
    return f"& {latex(relation)}"


#: A display line longer than this (in characters of LaTeX) may be wider than the page.
_LONG_LINE = 150


def _wide(relation, line: str) -> bool:
    """Whether a relation may run into the margin: it shows a matrix or an array, or its line is long."""
    shapes = (sympy.MatrixBase, sympy.NDimArray)
    return len(line) > _LONG_LINE or any(isinstance(node, shapes) for node in sympy.preorder_traversal(relation))


def _display(relations, lines) -> str:
    """The relations as an ``align*`` block; one that may be wider than the page as one
    ``aligned`` block in ``\\symconvfit``, which scales it down to the line when it is wider."""
    body = " \\\\\n".join(lines)
    if any(_wide(relation, line) for relation, line in zip(relations, lines)):
        return "\\begin{equation*}\n\\symconvfit{\\begin{aligned}\n" + body + "\n\\end{aligned}}\n\\end{equation*}"
    return "\\begin{align*}\n" + body + "\n\\end{align*}"


#: Where a page in ``derivations/`` finds the repository root (figures live in ``figures/``).
PAGE_TO_ROOT = "../"


class Table:
    """A table shown with a step.

    Parameters
    ----------
    header : sequence of str
        Column titles (prose: translated with the page).
    rows : sequence of sequences
        Cells: ``str`` (shown as written: names, shapes), ``int`` (with
        thousands separators) or SymPy objects (inline math).
    align : str, optional
        One of ``l``, ``r``, ``c`` per column, or ``p`` for a left-aligned
        column of prose that wraps in LaTeX; by default ``r`` for columns of
        numbers and ``l`` otherwise.
    prose_columns : sequence of int
        Columns whose ``str`` cells are prose, translated with the page.

    Raises
    ------
    SymconvError
        Rows of the wrong length or a bad ``align``.
    TypeError
        A cell of another kind.

    Examples
    --------
    >>> print(Table(["layer", "size"], [["conv1", 3], ["pool1", 1234]]).to_markdown())
    | layer | size |
    |---|--:|
    | conv1 | 3 |
    | pool1 | 1,234 |
    """

    __slots__ = ("header", "rows", "align", "prose_columns")

    def __init__(self, header, rows, *, align: str | None = None, prose_columns: Iterable[int] = ()):
        header = tuple(header)
        rows = tuple(tuple(row) for row in rows)
        if not header or not all(isinstance(h, str) for h in header):
            raise TypeError(f"header: expected a non-empty sequence of str, got {header!r}")
        for row in rows:
            if len(row) != len(header):
                raise SymconvError(f"rows: expected {len(header)} cells per row, got {len(row)} in {row!r}", parameter="rows")
            for cell in row:
                if isinstance(cell, bool) or not isinstance(cell, (str, int, sympy.Basic)):
                    raise TypeError(f"rows: expected str, int or SymPy cells, got {type(cell).__name__} {cell!r}")
        if align is None:
            numeric = [all(isinstance(row[c], (int, sympy.Basic)) for row in rows) and rows for c in range(len(header))]
            align = "".join("r" if n else "l" for n in numeric)
        if not isinstance(align, str) or len(align) != len(header) or set(align) - set("lrcp"):
            raise SymconvError(f"align: expected one of l, r, c, p per column ({len(header)}), got {align!r}", parameter="align")
        self.header, self.rows, self.align = header, rows, align
        self.prose_columns = frozenset(prose_columns)

    def _cell(self, value, column: int, target: str, lang: str) -> str:
        if isinstance(value, int):
            # a number too long to read (Python prints none past 4,300 digits) in scientific form
            return int_text(value, grouped=True)
        if isinstance(value, sympy.Basic):
            text = f"${latex(value)}$"
        elif column in self.prose_columns:
            text = prose(value, target, {}, lang)
        else:  # shown as written, but for sizes and maps typeset as math (3x3, 64 -> 128)
            parts = _typeset(value)
            if target == "latex":
                return "".join(part if typeset else _escape_latex(part) for part, typeset in parts)
            text = "".join(part for part, _ in parts)
        # a bare | would end the Markdown cell, even inside math
        return text.replace("|", r"\|") if target == "markdown" else text

    def to_markdown(self, *, lang: str = "en") -> str:
        """A GitHub Markdown table."""
        rule = {"l": "---", "r": "--:", "c": ":-:", "p": "---"}
        lines = ["| " + " | ".join(prose(h, "markdown", {}, lang) for h in self.header) + " |"]
        lines.append("|" + "|".join(rule[a] for a in self.align) + "|")
        for row in self.rows:
            lines.append("| " + " | ".join(self._cell(v, c, "markdown", lang) for c, v in enumerate(row)) + " |")
        return "\n".join(lines)

    def to_latex(self, *, lang: str = "en") -> str:
        """A centred ``tabular``."""
        columns = self.align.replace("p", r">{\raggedright\arraybackslash}p{0.25\linewidth}")
        lines = [r"\begin{center}", r"\small", r"\begin{tabular}{%s}" % columns, r"\hline"]
        lines.append(" & ".join(prose(h, "latex", {}, lang) for h in self.header) + r" \\")
        lines.append(r"\hline")
        for row in self.rows:
            lines.append(" & ".join(self._cell(v, c, "latex", lang) for c, v in enumerate(row)) + r" \\")
        lines += [r"\hline", r"\end{tabular}", r"\end{center}"]
        return "\n".join(lines)


def _in_language(path, lang):
    """``path`` of a picture drawn in ``lang``: ``.zh`` before the suffix for Chinese, as is for English."""
    if path is None or check_lang(lang) == "en":
        return path
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}.{lang}.{suffix}" if dot else f"{path}.{lang}"


class Illustration:
    r"""A picture shown with a step: Mermaid inline in Markdown, a vector figure in a LaTeX float.

    Parameters
    ----------
    caption : str
        Prose, translated with the page.
    mermaid : str or callable, optional
        Mermaid source shown as a ```` ```mermaid ```` block in Markdown; a
        callable is called with the language (``"en"`` or ``"zh"``).
    image : str, optional
        A file relative to the repository root (``"figures/..."``), linked
        from Markdown when there is no Mermaid source; a Chinese page links
        the same picture drawn in Chinese, ``.zh`` before the suffix
        (:meth:`image_path`), which ``symconv build`` writes beside it.
    latex_image : str, optional
        The printed figure: a PDF (or PNG) relative to the repository root,
        e.g. ``"figures/conv-matrix.pdf"``, that ``symconv build`` writes.
        A Chinese page shows ``figures/conv-matrix.zh.pdf``
        (:meth:`latex_path`).  LaTeX places it in a ``figure`` float with
        ``\symconvgraphic``, which :func:`latex_preamble` defines: it looks
        for the file under each of the document's figure roots and stops
        with an error naming the file when none has it.  A picture without
        one cannot be printed (:meth:`to_latex` refuses).
    width : float, default 0.8
        Width in LaTeX as a fraction of the line, in ``(0, 1]``.
    symbols : mapping, optional
        What the caption's ``{name}`` placeholders stand for, as for :class:`Step`.
    print_caption : str, optional
        The caption in LaTeX when the printed figure shows something else
        than the online one (key frames of an animation); prose, with the
        same placeholders.

    Raises
    ------
    SymconvError
        Neither a Mermaid source nor an image, a path that is not relative
        to the repository root, a width outside ``(0, 1]``, a placeholder
        without an entry in ``symbols``.
    TypeError
        A caption that is not a str, a width that is not a number.

    Examples
    --------
    >>> picture = Illustration("A GIF.", image="figures/arithmetic/dilation.gif",
    ...                        latex_image="figures/arithmetic/dilation.pdf", print_caption="Its key frames.")
    >>> print(picture.to_markdown())
    ![A GIF.](../figures/arithmetic/dilation.gif)
    <BLANKLINE>
    *A GIF.*
    >>> print(picture.to_latex())
    \begin{figure}[htbp]
    \centering
    \symconvgraphic[width=0.8\linewidth]{figures/arithmetic/dilation.pdf}
    \caption{Its key frames.}
    \end{figure}
    >>> picture.latex_path("zh"), picture.image_path("zh")
    ('figures/arithmetic/dilation.zh.pdf', 'figures/arithmetic/dilation.zh.gif')
    """

    __slots__ = ("caption", "mermaid", "image", "latex_image", "width", "symbols", "print_caption")

    def __init__(self, caption: str, *, mermaid=None, image=None, latex_image=None, width: float = 0.8, symbols=None,
                 print_caption: str | None = None):
        for value, name in ((caption, "caption"), (print_caption, "print_caption")):
            if not isinstance(value, str) and not (name == "print_caption" and value is None):
                raise TypeError(f"{name}: expected a str, got {type(value).__name__} {short(value)}")
        if mermaid is None and image is None:
            raise SymconvError("mermaid, image: expected a Mermaid source or an image file, got neither", parameter="mermaid")
        for value, name in ((image, "image"), (latex_image, "latex_image")):
            if value is not None and (not isinstance(value, str) or value.startswith(("/", "..")) or "\\" in value
                                      or not value.strip() or re.search(r"[\s{}%#$~^]", value)):
                raise SymconvError(f"{name}: expected a path relative to the repository root, got {short(value)}", parameter=name)
        if isinstance(width, bool) or not isinstance(width, numbers.Real):
            raise TypeError(f"width: expected a fraction of the line width, got {type(width).__name__} {short(width)}")
        if not 0 < width <= 1:
            raise SymconvError(f"width: expected a fraction of the line width in (0, 1], got {width!r}", parameter="width")
        self.caption, self.mermaid, self.image, self.latex_image, self.width = (
            caption, mermaid, image, latex_image, float(width)
        )
        self.print_caption = print_caption
        self.symbols = _symbols(symbols)
        unknown = set().union(*(_placeholders(c) for c in (caption, print_caption or ""))) - set(self.symbols)
        if unknown:
            raise SymconvError(f"caption: placeholders {sorted(unknown)} have no entry in symbols", parameter="caption")

    def mermaid_source(self, lang: str = "en") -> str | None:
        """The Mermaid text in ``lang`` (None without one)."""
        if self.mermaid is None:
            return None
        text = self.mermaid(lang) if callable(self.mermaid) else self.mermaid
        return text if text.endswith("\n") else text + "\n"

    def latex_path(self, lang: str = "en") -> str | None:
        """The printed figure in ``lang``: ``latex_image``, with ``.zh`` before its suffix in Chinese."""
        return _in_language(self.latex_image, lang)

    def image_path(self, lang: str = "en") -> str | None:
        """The online picture in ``lang``: ``image``, with ``.zh`` before its suffix in Chinese."""
        return _in_language(self.image, lang)

    def to_markdown(self, *, lang: str = "en") -> str:
        """A Mermaid block or an image, with the caption under it (an image's alt text is the caption as plain text)."""
        caption = prose(self.caption, "markdown", self.symbols, lang)
        source = self.mermaid_source(lang)
        if source is not None:
            return f"```mermaid\n{source}```\n\n*{caption}*"
        # math is not rendered in alt text: there the caption is written as plain text (3x3, not $3 \times 3$)
        alt = prose(self.caption, "text", self.symbols, lang).replace("[", "(").replace("]", ")")
        return f"![{alt}]({PAGE_TO_ROOT}{self.image_path(lang)})\n\n*{caption}*"

    def to_latex(self, *, lang: str = "en") -> str:
        """A ``figure`` float: the printed figure (``\\symconvgraphic``) and its caption.

        Raises
        ------
        SymconvError
            The picture has no printed figure (``latex_image``).
        """
        if self.latex_image is None:
            raise SymconvError(
                f"latex_image: the picture {short(self.caption)} has no printed figure (a PDF under figures/); "
                "give it one, or leave it out of LaTeX", parameter="latex_image"
            )
        caption = prose(self.print_caption or self.caption, "latex", self.symbols, lang)
        return "\n".join([
            r"\begin{figure}[htbp]",
            r"\centering",
            r"\symconvgraphic[width=%s\linewidth]{%s}" % (_fraction(self.width), self.latex_path(lang)),
            r"\caption{%s}" % caption,
            r"\end{figure}",
        ])


def _fraction(width: float) -> str:
    """A width for LaTeX: ``0.8``, ``1``, ``0.65`` (no float noise)."""
    return f"{width:.4f}".rstrip("0").rstrip(".")


class Step:
    """One step of a derivation.

    Parameters
    ----------
    title : str
    relations : sequence of SymPy objects
        The relations this step states (``Eq``, ``Implies``, ``Ne`` ...).
    explanation : str
        One paragraph of prose.  ``{name}`` is replaced by the LaTeX of
        ``symbols[name]`` (inline math) when rendered; ``$...$`` is inline
        math as written.
    parameters : SymPy expression or number, optional
        The number of free weights after this step.  Text is refused with a
        :class:`TypeError` (it is never parsed as SymPy would parse it).
    symbols : mapping of str to SymPy objects or str, optional
        The objects the explanation names; a ``str`` is shown as code
        (a file or configuration name), not as math.
    table : Table, optional
        Shown after the relations.
    illustrations : sequence of Illustration, optional
        Shown last.
    notes : sequence of str, optional
        Further sentences of the paragraph, each translated on its own (so
        one sentence shared by many steps is translated once); placeholders
        as in ``explanation``.

    Examples
    --------
    >>> import sympy
    >>> n = sympy.Symbol("n")
    >>> step = Step("Square", [sympy.Eq(sympy.Symbol("P"), n**2)], "A layer on {n} inputs.", n**2, {"n": n})
    >>> step.explanation_as("markdown")
    'A layer on $n$ inputs.'
    >>> print(step.to_latex())
    A layer on $n$ inputs.
    \\begin{align*}
    P &= n^{2}
    \\end{align*}
    Free weights: $n^{2}$.
    >>> step.to_latex(lang="zh")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: lang: no Chinese translation of 'A layer on {n} inputs.'; add it to ZH in symconv/_i18n/catalogue.py
    """

    __slots__ = ("title", "relations", "explanation", "parameters", "symbols", "table", "illustrations", "notes")

    def __init__(
        self,
        title: str,
        relations: Iterable,
        explanation: str,
        parameters=None,
        symbols: Mapping[str, sympy.Basic] | None = None,
        *,
        table: Table | None = None,
        illustrations: Iterable[Illustration] = (),
        notes: Iterable[str] = (),
    ):
        notes = tuple(notes)
        for value, name in ((title, "title"), (explanation, "explanation"), *((n, "notes") for n in notes)):
            if not isinstance(value, str):
                raise TypeError(f"{name}: expected a str, got {type(value).__name__} {value!r}")
        relations = tuple(relations)
        for relation in relations:
            if not isinstance(relation, sympy.Basic):
                raise TypeError(f"relations: expected SymPy objects, got {type(relation).__name__} {relation!r}")
            if relation in (sympy.true, sympy.false):
                # Eq(Symbol, Matrix) and friends evaluate to a bare truth value; nothing would be shown
                raise SymconvError(
                    f"relations: expected relations to show, got {relation} in step {title!r} "
                    "(build it with evaluate=False)", parameter="relations"
                )
        if table is not None and not isinstance(table, Table):
            raise TypeError(f"table: expected a Table, got {type(table).__name__}")
        illustrations = tuple(illustrations)
        if not all(isinstance(i, Illustration) for i in illustrations):
            raise TypeError(f"illustrations: expected Illustration objects, got {illustrations!r}")
        self.title = title
        self.relations = relations
        self.explanation = explanation
        # a number or a SymPy expression; text is refused, never parsed
        self.parameters = None if parameters is None else sympy_value(parameters, "parameters")
        self.symbols = _symbols(symbols)
        self.table = table
        self.illustrations = illustrations
        self.notes = notes
        unknown = set().union(*(_placeholders(text) for text in (explanation, *notes))) - set(self.symbols)
        if unknown:
            raise SymconvError(f"explanation: placeholders {sorted(unknown)} have no entry in symbols", parameter="explanation")

    def explanation_as(self, target: str = "text", *, lang: str = "en") -> str:
        """The explanation in ``lang`` with its placeholders filled for ``target``.

        ``"latex"`` and ``"markdown"`` put ``$...$`` around the LaTeX of each
        named object (LaTeX also escapes the prose); ``"text"`` uses
        :func:`as_text`.
        """
        sentences = [prose(text, target, self.symbols, lang) for text in (self.explanation, *self.notes)]
        return ("" if lang == "zh" else " ").join(s for s in sentences if s)

    def latex_lines(self) -> list[str]:
        """The ``align`` lines of the relations, each from :func:`sympy.latex`."""
        return [_relation_line(relation) for relation in self.relations]

    def _parameters_sentence(self, target: str, lang: str) -> str:
        if self.parameters is None:
            return ""
        return prose("Free weights: {count}.", target, {"count": self.parameters}, lang)

    def to_latex(self, *, lang: str = "en") -> str:
        """The explanation, an ``align*`` block of the relations, the weight count, table and pictures."""
        parts = [self.explanation_as("latex", lang=lang)]
        if self.relations:
            parts.append(_display(self.relations, self.latex_lines()))
        sentence = self._parameters_sentence("latex", lang)
        if sentence:
            parts.append(sentence)
        if self.table is not None:
            parts.append(self.table.to_latex(lang=lang))
        parts += [picture.to_latex(lang=lang) for picture in self.illustrations]
        return "\n".join(parts)

    def to_markdown(self, *, lang: str = "en") -> str:
        """The explanation, a ``$$`` block (GitHub math), the weight count, table and pictures."""
        parts = [self.explanation_as("markdown", lang=lang)]
        if self.relations:
            parts.append("$$\n\\begin{aligned}\n" + " \\\\\n".join(self.latex_lines()) + "\n\\end{aligned}\n$$")
        sentence = self._parameters_sentence("markdown", lang)
        if sentence:
            parts.append(sentence)
        if self.table is not None:
            parts.append(self.table.to_markdown(lang=lang))
        parts += [picture.to_markdown(lang=lang) for picture in self.illustrations]
        return "\n\n".join(parts)

    def __repr__(self):
        return f"Step({self.title!r}, {len(self.relations)} relation(s), parameters={self.parameters})"

    def __str__(self):
        lines = [self.title, self.explanation_as("text")]
        lines += [f"    {as_text(relation)}" for relation in self.relations]
        if self.parameters is not None:
            lines.append(f"    free weights: {as_text(self.parameters)}")
        return "\n".join(lines)


class Derivation:
    """A titled sequence of :class:`Step` objects that renders itself.

    Parameters
    ----------
    title : str
    steps : sequence of Step
    introduction : str, optional
        Prose printed before the first step; ``{name}`` placeholders are
        filled from ``symbols``.
    checker : callable, optional
        What :meth:`check` runs: a function returning a mapping of check
        names to booleans.
    symbols : mapping of str to SymPy objects, optional
        The objects the introduction names.

    Examples
    --------
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> d = Derivation("Doubling", [Step("Double", [sympy.Eq(sympy.Symbol("y"), 2 * x)], "Twice {x}.", symbols={"x": x})])
    >>> len(d), d[0].title
    (1, 'Double')
    >>> print(d.to_markdown())
    # Doubling
    <BLANKLINE>
    ## 1. Double
    <BLANKLINE>
    Twice $x$.
    <BLANKLINE>
    $$
    \\begin{aligned}
    y &= 2 x
    \\end{aligned}
    $$
    <BLANKLINE>
    """

    def __init__(
        self,
        title: str,
        steps: Iterable[Step],
        *,
        introduction: str = "",
        checker: Callable | None = None,
        symbols: Mapping[str, sympy.Basic] | None = None,
    ):
        steps = tuple(steps)
        for step in steps:
            if not isinstance(step, Step):
                raise TypeError(f"steps: expected Step objects, got {type(step).__name__}")
        self.title = title
        self.steps = steps
        self.introduction = introduction
        self.symbols = _symbols(symbols)
        self._checker = checker
        unknown = _placeholders(introduction) - set(self.symbols)
        if unknown:
            raise SymconvError(f"introduction: placeholders {sorted(unknown)} have no entry in symbols", parameter="introduction")

    # -- sequence protocol ---------------------------------------------------

    def __len__(self):
        return len(self.steps)

    def __iter__(self):
        return iter(self.steps)

    def __getitem__(self, index):
        return self.steps[index]

    # -- checking ------------------------------------------------------------

    @property
    def has_check(self) -> bool:
        """Whether :meth:`check` has something to run."""
        return self._checker is not None

    def check(self, **sizes) -> dict:
        """Run the executable check that came with this derivation.

        Returns
        -------
        dict of str to bool
            One entry per check; all ``True`` when the derivation holds for
            the given concrete sizes.

        Raises
        ------
        TypeError
            The derivation carries no check.
        """
        if self._checker is None:
            raise TypeError(f"check: the derivation {self.title!r} carries no executable check")
        return dict(self._checker(**sizes))

    # -- rendering -----------------------------------------------------------

    def to_latex(self, *, standalone: bool = False, lang: str = "en", figure_roots=FIGURE_ROOTS) -> str:
        r"""LaTeX: one paragraph and ``align*`` block per step, pictures in ``figure`` floats.

        With ``standalone=True`` a complete ``article`` document: English for
        ``pdflatex``, Chinese (``lang="zh"``, first line ``% !TEX program =
        xelatex``) for ``xelatex``.  Its preamble sits in
        ``\ifdefined\symconvmain ... \else ... \fi``, so a main document that
        defines ``\symconvmain`` (and makes ``\documentclass`` a no-op) can
        ``\input`` it as one section.  The printed figures are looked for
        under each folder of ``figure_roots`` (see :func:`latex_preamble`);
        the body alone needs the macros of :func:`latex_preamble` too.
        """
        if not isinstance(standalone, bool):
            raise TypeError(f"standalone: expected a bool, got {type(standalone).__name__} {standalone!r}")
        check_lang(lang)
        body = []
        if self.introduction:
            body.append(prose(self.introduction, "latex", self.symbols, lang))
        end = "." if lang == "en" else ""
        for number, step in enumerate(self.steps, 1):
            title = prose(step.title, "latex", {}, lang)
            body.append(f"\\paragraph{{{number}. {title}{end}}}\n{step.to_latex(lang=lang)}")
        text = "\n\n".join(body) + "\n"
        if not standalone:
            return text
        title = prose(self.title, "latex", {}, lang)
        return (
            engine_line(lang)
            + "\\documentclass[11pt]{article}\n"
            "% compiles on its own; derivations/main.tex defines \\symconvmain and inputs it as a section\n"
            "\\ifdefined\\symconvmain\n"
            f"\\section{{{title}}}\n"
            "\\else\n"
            f"{latex_preamble(lang, figure_roots=figure_roots)}"
            f"\\title{{{title}}}\n"
            "\\author{}\n"
            "\\date{}\n"
            "\\begin{document}\n"
            "\\maketitle\n"
            "\\fi\n\n"
            f"{text}\n"
            "\\ifdefined\\symconvmain\\expandafter\\endinput\\fi\n"
            "\\end{document}\n"
        )

    def figure_paths(self, lang: str = "en") -> tuple:
        """The printed figures the LaTeX in ``lang`` includes (``figures/...``, relative to a figure root), in order.

        Examples
        --------
        >>> picture = Illustration("A GIF.", image="figures/a.gif", latex_image="figures/a.pdf")
        >>> d = Derivation("T", [Step("S", [], "Text.", illustrations=[picture])])
        >>> d.figure_paths(), d.figure_paths("zh")
        (('figures/a.pdf',), ('figures/a.zh.pdf',))
        """
        check_lang(lang)
        paths = (picture.latex_path(lang) for step in self.steps for picture in step.illustrations)
        return tuple(dict.fromkeys(path for path in paths if path is not None))

    def to_markdown(self, *, lang: str = "en") -> str:
        """Markdown with GitHub ``$$`` math blocks, one section per step."""
        check_lang(lang)
        parts = [f"# {prose(self.title, 'markdown', {}, lang)}", ""]
        if self.introduction:
            parts += [prose(self.introduction, "markdown", self.symbols, lang), ""]
        for number, step in enumerate(self.steps, 1):
            parts += [f"## {number}. {prose(step.title, 'markdown', {}, lang)}", "", step.to_markdown(lang=lang), ""]
        return "\n".join(parts)

    def _repr_latex_(self) -> str:
        lines = []
        for number, step in enumerate(self.steps, 1):
            lines.append(f"&\\text{{{number}. {_escape_latex(step.title)}}}")
            lines += step.latex_lines()
        return "$$\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}$$"

    def __repr__(self):
        return f"Derivation({self.title!r}, {len(self.steps)} steps)"

    def __str__(self):
        return "\n\n".join([self.title] + [f"{n}. {step}" for n, step in enumerate(self.steps, 1)])

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

from .._errors import SymconvError
from .._i18n import check_lang, translate
from .._output.latex import engine_line, escape_latex
from .._output.numbers import int_text
from .._validate import short, sympy_value

__all__ = ["Derivation", "Step", "Table", "Illustration", "latex", "latex_preamble", "prose"]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_MATH = re.compile(r"(\$[^$]+\$)")
# prose writes arrows (->) and comparisons, which pdflatex's default font encoding prints as inverted marks


class _NotesLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer, writing a sum over several indices as nested sums
    (``\\sum_{a=-\\Delta}^{\\Delta} \\sum_{b=-\\Delta}^{\\Delta}``) the way the notes do,
    instead of one ``\\sum`` over a stack of inequalities."""

    def _print_Sum(self, expr):
        if len(expr.limits) == 1:
            return super()._print_Sum(expr)
        # SymPy lists the innermost limit first
        tex = "".join(r"\sum_{%s=%s}^{%s} " % tuple(map(self._print, limit)) for limit in reversed(expr.limits))
        if isinstance(expr.function, sympy.Add):
            return tex + r"\left(%s\right)" % self._print(expr.function)
        return tex + self._print(expr.function)


def _symbols(symbols) -> dict:
    """The ``symbols`` mapping of a step, derivation or picture, as a dict (None for none)."""
    if symbols is None:
        return {}
    if not isinstance(symbols, Mapping):
        raise TypeError(f"symbols: expected a mapping of names to SymPy objects or str, got {type(symbols).__name__} {short(symbols)}")
    return dict(symbols)


def latex(expr, **settings) -> str:
    r"""LaTeX of a SymPy object: :func:`sympy.latex`, with multiple sums nested.

    Examples
    --------
    >>> import sympy
    >>> a, b, n = sympy.symbols("a b n")
    >>> X = sympy.IndexedBase("X")
    >>> print(latex(sympy.Sum(X[a, b], (b, 1, n), (a, 1, n))))  # SymPy lists the inner sum first
    \sum_{a=1}^{n} \sum_{b=1}^{n} {X}_{a,b}
    >>> print(sympy.latex(sympy.Sum(X[a, b], (b, 1, n), (a, 1, n))))
    \sum_{\substack{1 \leq b \leq n\\1 \leq a \leq n}} {X}_{a,b}
    """
    if isinstance(expr, numbers.Number) and not isinstance(expr, sympy.Basic):
        expr = sympy_value(expr, "expr")  # Fraction, NumPy numbers: SymPy's own printer does not read them all
    return _NotesLatexPrinter(settings).doprint(expr)


def latex_preamble(lang: str = "en") -> str:
    r"""The packages every derivation document loads (``pdflatex`` for English, ``xelatex`` for Chinese).

    Chinese documents use ``xeCJK`` with the Fandol fonts that TeX Live ships
    (Debian: ``texlive-lang-chinese``), so they compile without system fonts.

    Examples
    --------
    >>> print(latex_preamble())
    \usepackage[utf8]{inputenc}
    \usepackage{amsmath,amssymb}
    \usepackage{array,graphicx}
    \usepackage[margin=2cm]{geometry}
    \allowdisplaybreaks
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
        ]
    lines.append(r"\allowdisplaybreaks")
    return "\n".join(lines) + "\n"


def _escape_latex(text: str) -> str:
    return escape_latex(text)


def _prose_latex(text: str) -> str:
    """Prose without math as LaTeX: specials escaped, `code`, *emphasis* and "quotes" typeset."""
    # long identifiers in code may break after an underscore or a dot instead of running into the margin
    out = re.sub(r"\*([^*\n]+)\*", r"\\emph{\1}", _escape_latex(text))
    out = re.sub(r"`([^`]+)`", lambda m: r"\texttt{%s}" % re.sub(r"(\\_|\.)(?=\w)", r"\1\\allowbreak{}", m.group(1)), out)
    return re.sub(r'"([^"\n]*)"', r"``\1''", out)


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
        if kind == "text":
            out.append(_prose_latex(value) if target == "latex" else value)
        elif kind == "math":
            out.append(value)
        elif value not in symbols:
            raise SymconvError(f"symbols: the prose {text!r} names {{{value}}}, which has no entry in symbols", parameter="symbols")
        elif isinstance(symbols[value], str):  # literal text, e.g. a file or configuration name
            out.append(f"`{symbols[value]}`" if target == "markdown" else symbols[value])
            if target == "latex":
                out[-1] = r"\texttt{%s}" % _escape_latex(symbols[value]).replace(r"\_", r"\_\allowbreak{}")
        elif target == "text":
            out.append(sympy.sstr(symbols[value]))
        else:
            out.append(f"${latex(symbols[value])}$")
    return "".join(out)


def _relation_line(relation) -> str:
    """One ``align`` line: ``lhs &= rhs`` for an equation, ``& relation`` otherwise."""
    if isinstance(relation, sympy.Equality):
        return f"{latex(relation.lhs)} &= {latex(relation.rhs)}"
    return f"& {latex(relation)}"


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
        elif target == "latex":
            return _escape_latex(value)
        else:
            text = value
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


class Illustration:
    r"""A picture shown with a step: Mermaid inline in Markdown, an image in LaTeX.

    Parameters
    ----------
    caption : str
        Prose, translated with the page.
    mermaid : str or callable, optional
        Mermaid source shown as a ```` ```mermaid ```` block in Markdown; a
        callable is called with the language (``"en"`` or ``"zh"``).
    image : str, optional
        A file relative to the repository root (``"figures/..."``), linked
        from Markdown when there is no Mermaid source.
    latex_image : str, optional
        A PNG or PDF relative to the repository root, included in LaTeX.  The
        inclusion is guarded by ``\IfFileExists``, so the document compiles
        wherever it is; without one LaTeX names the file in the caption.
    width : float, default 0.8
        Width in LaTeX as a fraction of the line.
    symbols : mapping, optional
        What the caption's ``{name}`` placeholders stand for, as for :class:`Step`.

    Examples
    --------
    >>> picture = Illustration("A GIF.", image="figures/arithmetic/dilation.gif")
    >>> picture.to_markdown()
    '![A GIF.](../figures/arithmetic/dilation.gif)'
    """

    __slots__ = ("caption", "mermaid", "image", "latex_image", "width", "symbols")

    def __init__(self, caption: str, *, mermaid=None, image=None, latex_image=None, width: float = 0.8, symbols=None):
        if not isinstance(caption, str):
            raise TypeError(f"caption: expected a str, got {type(caption).__name__} {caption!r}")
        if mermaid is None and image is None:
            raise SymconvError("mermaid, image: expected a Mermaid source or an image file, got neither", parameter="mermaid")
        for value, name in ((image, "image"), (latex_image, "latex_image")):
            if value is not None and (not isinstance(value, str) or value.startswith(("/", "..")) or "\\" in value):
                raise SymconvError(f"{name}: expected a path relative to the repository root, got {value!r}", parameter=name)
        self.caption, self.mermaid, self.image, self.latex_image, self.width = (
            caption, mermaid, image, latex_image, width
        )
        self.symbols = _symbols(symbols)
        unknown = _placeholders(caption) - set(self.symbols)
        if unknown:
            raise SymconvError(f"caption: placeholders {sorted(unknown)} have no entry in symbols", parameter="caption")

    def mermaid_source(self, lang: str = "en") -> str | None:
        """The Mermaid text in ``lang`` (None without one)."""
        if self.mermaid is None:
            return None
        text = self.mermaid(lang) if callable(self.mermaid) else self.mermaid
        return text if text.endswith("\n") else text + "\n"

    def to_markdown(self, *, lang: str = "en") -> str:
        """A Mermaid block with the caption under it, or an image link."""
        caption = prose(self.caption, "markdown", self.symbols, lang)
        source = self.mermaid_source(lang)
        if source is not None:
            return f"```mermaid\n{source}```\n\n*{caption}*"
        return f"![{caption}]({PAGE_TO_ROOT}{self.image})"

    def to_latex(self, *, lang: str = "en") -> str:
        """``\\includegraphics`` of ``latex_image`` (if it exists) and the caption, centred."""
        caption = prose(self.caption, "latex", self.symbols, lang)
        lines = [r"\begin{center}"]
        if self.latex_image is not None:
            path = PAGE_TO_ROOT + self.latex_image
            lines.append(r"\IfFileExists{%s}{\includegraphics[width=%s\linewidth]{%s}\\}{}" % (path, self.width, path))
            lines.append(r"{\small %s}" % caption)
        else:
            lines.append(r"{\small %s (\texttt{%s})}" % (caption, _escape_latex(self.image)))
        lines.append(r"\end{center}")
        return "\n".join(lines)


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
        ``sympy.sstr``.
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
            parts.append("\\begin{align*}\n" + " \\\\\n".join(self.latex_lines()) + "\n\\end{align*}")
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
        lines += [f"    {sympy.sstr(relation)}" for relation in self.relations]
        if self.parameters is not None:
            lines.append(f"    free weights: {sympy.sstr(self.parameters)}")
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

    def to_latex(self, *, standalone: bool = False, lang: str = "en") -> str:
        r"""LaTeX: one paragraph and ``align*`` block per step.

        With ``standalone=True`` a complete ``article`` document: English for
        ``pdflatex``, Chinese (``lang="zh"``, first line ``% !TEX program =
        xelatex``) for ``xelatex``.  Its preamble sits in
        ``\ifdefined\symconvmain ... \else ... \fi``, so a main document that
        defines ``\symconvmain`` (and makes ``\documentclass`` a no-op) can
        ``\input`` it as one section.
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
            f"{latex_preamble(lang)}"
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

"""Derivations as data: steps of SymPy relations with prose, rendered on demand.

A :class:`Derivation` is a titled list of :class:`Step` objects.  Each step
holds SymPy relations (``Eq``, ``Implies``, ...), a one-paragraph explanation
and the number of free weights at that point.  Every formula in the rendered
LaTeX or Markdown is produced by :func:`sympy.latex` from those objects; the
explanations are prose whose ``{name}`` placeholders are filled with the
LaTeX of the step's named SymPy objects, so no formula is typed by hand.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Mapping

import sympy
from sympy.printing.latex import LatexPrinter

from .._errors import SymconvError

__all__ = ["Derivation", "Step", "latex"]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_LATEX_SPECIALS = {"%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "$": r"\$", "~": r"\textasciitilde{}"}


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
    return _NotesLatexPrinter(settings).doprint(expr)


def _escape_latex(text: str) -> str:
    return "".join(_LATEX_SPECIALS.get(ch, ch) for ch in text)


def _relation_line(relation) -> str:
    """One ``align`` line: ``lhs &= rhs`` for an equation, ``& relation`` otherwise."""
    if isinstance(relation, sympy.Equality):
        return f"{latex(relation.lhs)} &= {latex(relation.rhs)}"
    return f"& {latex(relation)}"


class Step:
    """One step of a derivation.

    Parameters
    ----------
    title : str
    relations : sequence of SymPy objects
        The relations this step states (``Eq``, ``Implies``, ``Ne`` ...).
    explanation : str
        One paragraph of prose.  ``{name}`` is replaced by the LaTeX of
        ``symbols[name]`` (inline math) when rendered.
    parameters : SymPy expression, optional
        The number of free weights after this step.
    symbols : mapping of str to SymPy objects, optional
        The objects the explanation names.

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
    """

    __slots__ = ("title", "relations", "explanation", "parameters", "symbols")

    def __init__(
        self,
        title: str,
        relations: Iterable,
        explanation: str,
        parameters=None,
        symbols: Mapping[str, sympy.Basic] | None = None,
    ):
        for value, name in ((title, "title"), (explanation, "explanation")):
            if not isinstance(value, str):
                raise TypeError(f"{name}: expected a str, got {type(value).__name__} {value!r}")
        relations = tuple(relations)
        for relation in relations:
            if not isinstance(relation, sympy.Basic):
                raise TypeError(f"relations: expected SymPy objects, got {type(relation).__name__} {relation!r}")
        self.title = title
        self.relations = relations
        self.explanation = explanation
        self.parameters = None if parameters is None else sympy.sympify(parameters)
        self.symbols = dict(symbols or {})
        unknown = set(_PLACEHOLDER.findall(explanation)) - set(self.symbols)
        if unknown:
            raise SymconvError(f"explanation: placeholders {sorted(unknown)} have no entry in symbols")

    def explanation_as(self, target: str = "text") -> str:
        """The explanation with its placeholders filled for ``target``.

        ``"latex"`` and ``"markdown"`` put ``$...$`` around ``sympy.latex``
        of each named object (LaTeX also escapes the prose); ``"text"`` uses
        ``sympy.sstr``.
        """
        if target not in ("latex", "markdown", "text"):
            raise SymconvError(f'target: expected "latex", "markdown" or "text", got {target!r}')
        pieces = _PLACEHOLDER.split(self.explanation)
        out = []
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                out.append(_escape_latex(piece) if target == "latex" else piece)
            elif target == "text":
                out.append(sympy.sstr(self.symbols[piece]))
            else:
                out.append(f"${latex(self.symbols[piece])}$")
        return "".join(out)

    def latex_lines(self) -> list[str]:
        """The ``align`` lines of the relations, each from :func:`sympy.latex`."""
        return [_relation_line(relation) for relation in self.relations]

    def _render(self, target, opening, closing, separator):
        parts = [self.explanation_as(target)]
        if self.relations:
            parts.append(opening + " \\\\\n".join(self.latex_lines()) + closing)
        if self.parameters is not None:
            parts.append(f"Free weights: ${latex(self.parameters)}$.")
        return separator.join(parts)

    def to_latex(self) -> str:
        """The explanation, an ``align*`` block of the relations and the weight count."""
        return self._render("latex", "\\begin{align*}\n", "\n\\end{align*}", "\n")

    def to_markdown(self) -> str:
        """The explanation, a ``$$`` block (GitHub math) and the weight count."""
        return self._render("markdown", "$$\n\\begin{aligned}\n", "\n\\end{aligned}\n$$", "\n\n")

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
        Prose printed before the first step.
    checker : callable, optional
        What :meth:`check` runs: a function returning a mapping of check
        names to booleans.

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

    def __init__(self, title: str, steps: Iterable[Step], *, introduction: str = "", checker: Callable | None = None):
        steps = tuple(steps)
        for step in steps:
            if not isinstance(step, Step):
                raise TypeError(f"steps: expected Step objects, got {type(step).__name__}")
        self.title = title
        self.steps = steps
        self.introduction = introduction
        self._checker = checker

    # -- sequence protocol ---------------------------------------------------

    def __len__(self):
        return len(self.steps)

    def __iter__(self):
        return iter(self.steps)

    def __getitem__(self, index):
        return self.steps[index]

    # -- checking ------------------------------------------------------------

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

    def to_latex(self, *, standalone: bool = False) -> str:
        """LaTeX: one paragraph and ``align*`` block per step.

        With ``standalone=True`` a complete ``article`` document (amsmath) that
        ``pdflatex`` compiles.
        """
        if not isinstance(standalone, bool):
            raise TypeError(f"standalone: expected a bool, got {type(standalone).__name__} {standalone!r}")
        body = []
        if self.introduction:
            body.append(_escape_latex(self.introduction))
        for number, step in enumerate(self.steps, 1):
            body.append(f"\\paragraph{{{number}. {_escape_latex(step.title)}.}}\n{step.to_latex()}")
        text = "\n\n".join(body) + "\n"
        if not standalone:
            return text
        return (
            "\\documentclass[11pt]{article}\n"
            "\\usepackage[utf8]{inputenc}\n"
            "\\usepackage{amsmath,amssymb}\n"
            "\\usepackage[margin=2cm]{geometry}\n"
            "\\allowdisplaybreaks\n"
            f"\\title{{{_escape_latex(self.title)}}}\n"
            "\\date{}\n"
            "\\begin{document}\n"
            "\\maketitle\n\n"
            f"{text}\n"
            "\\end{document}\n"
        )

    def to_markdown(self) -> str:
        """Markdown with GitHub ``$$`` math blocks, one section per step."""
        parts = [f"# {self.title}", ""]
        if self.introduction:
            parts += [self.introduction, ""]
        for number, step in enumerate(self.steps, 1):
            parts += [f"## {number}. {step.title}", "", step.to_markdown(), ""]
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

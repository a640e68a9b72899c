"""Text written into LaTeX: the special characters every LaTeX writer of symconv escapes.

Examples
--------
>>> print(escape_latex("50% of a_1 & {b}"))
50\\% of a\\_1 \\& \\{b\\}
"""

from __future__ import annotations

import re

from .._errors import SymconvError

#: The characters LaTeX reads as commands in running text, and how to print each one.
LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # pdflatex's default OT1 font prints < and > as inverted punctuation
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}


#: The first line of a document for xelatex (the Chinese ones), read by TeX editors and latexmk.
XELATEX_LINE = "% !TEX program = xelatex\n"


def engine_line(lang: str) -> str:
    """:data:`XELATEX_LINE` for a Chinese document, nothing for an English one (pdflatex)."""
    return XELATEX_LINE if lang == "zh" else ""


def escape_latex(text: str, specials=LATEX_SPECIALS) -> str:
    """``text`` with every character of ``specials`` replaced by its LaTeX spelling."""
    return "".join(specials.get(ch, ch) for ch in text)


#: Where a page in ``derivations/`` looks for ``figures/...``: the repository root seen from there, then
#: the folder it is compiled in.
FIGURE_ROOTS = ("../", "./")

_ROOT = re.compile(r"[A-Za-z0-9_./:+-]*/\Z")

# \symconvgraphic[options]{path}: \includegraphics of the first root of \symconvfigureroots (a comma list)
# that holds path; none holding it is an error that names the file, and a framed note stands in its place, so
# a figure is never dropped in silence.  \symconvfit{math}: display math scaled down to the line when wider.
_MACROS = r"""\usepackage[section]{placeins}
\makeatletter
\providecommand\symconvfigureroots{%(roots)s}
\newcommand\symconvgraphic[2][]{%%
  \let\symconv@found\relax
  \@for\symconv@root:=\symconvfigureroots\do{%%
    \ifx\symconv@found\relax\IfFileExists{\symconv@root#2}{\edef\symconv@found{\symconv@root#2}}{}\fi}%%
  \ifx\symconv@found\relax
    \PackageError{symconv}{Figure #2 not found under any of \symconvfigureroots: compile
      the document in derivations/ of a symconv checkout, or write its figures with
      symconv derive NAME --format latex --figures DIR}{The folders searched are
      \string\symconvfigureroots, a comma list of folders ending in /}%%
    \fbox{\parbox{0.8\linewidth}{\centering missing figure \texttt{\detokenize{#2}}}}%%
  \else
    \edef\symconv@include{\noexpand\includegraphics[#1]{\symconv@found}}\symconv@include
  \fi}
\newsavebox\symconv@box
\newcommand\symconvfit[1]{\sbox\symconv@box{$\displaystyle #1$}%%
  \ifdim\wd\symconv@box>\linewidth\resizebox{\linewidth}{!}{\usebox\symconv@box}\else\usebox\symconv@box\fi}
\makeatother
"""


def figure_macros(roots=FIGURE_ROOTS) -> str:
    r"""The preamble lines that define ``\symconvgraphic`` and ``\symconvfit`` (and keep floats in their section).

    ``roots`` are the folders, each ending in ``/``, under which a figure's
    path (``figures/...``) is looked for, in order; an absolute folder lets a
    document find its figures wherever it is compiled.

    Raises
    ------
    SymconvError
        A root that does not end in ``/`` or holds a character LaTeX would
        read as a command (spaces, ``%``, ``#``, braces, ...).

    Examples
    --------
    >>> "\\providecommand\\symconvfigureroots{../,./}" in figure_macros()
    True
    >>> figure_macros(["/my figures/"])
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: roots: expected folders ending in / of letters, digits and _ . / : + -, got '/my figures/'
    """
    roots = [roots] if isinstance(roots, str) else list(roots)
    for root in roots:
        if not isinstance(root, str) or not _ROOT.match(root) or "," in root:
            raise SymconvError(
                f"roots: expected folders ending in / of letters, digits and _ . / : + -, got {root!r}"[:200],
                parameter="roots",
            )
    if not roots:
        raise SymconvError("roots: expected at least one folder, got none", parameter="roots")
    return _MACROS % {"roots": ",".join(roots)}

"""Text written into LaTeX: the special characters every LaTeX writer of symconv escapes.

Examples
--------
>>> print(escape_latex("50% of a_1 & {b}"))
50\\% of a\\_1 \\& \\{b\\}
"""

from __future__ import annotations

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

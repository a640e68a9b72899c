"""Typography of every page, English and Chinese: no plain-text maths left in the prose, sums that read one way.

The pages are read as the build writes them (``derivations/*.md`` and
``*.tex``, which ``tests/test_build.py`` keeps equal to what the code
renders).  Prose is what remains once math (``$...$``, ``$$...$$``, display
environments), code, Mermaid blocks and link targets are taken out; none of
it may look like maths written as plain text: sizes ``56x56``, arrows
``64 -> 128``, equations ``Y = X * W + b``, derivatives ``dL/dK``,
subscripts ``k_h``, products ``X*K``, powers, index expressions ``s-1``,
tuples of symbols ``(C_out, C_in)``, functions ``d(k-1)``, Greek letters spelt
out.  Each pattern is shown to catch what it is for before it is applied.
"""

from __future__ import annotations

import re

import pytest
from _tools import ROOT

from symconv.build import TABLE

PAGES = sorted(path for entry in TABLE for path in entry.outputs if path.startswith("derivations/") and path.endswith(".md"))
DOCUMENTS = sorted(path for entry in TABLE for path in entry.outputs if path.startswith("derivations/") and path.endswith(".tex"))

#: What plain-text maths looks like, with an example each pattern must catch (seen in earlier pages).
PLAIN_MATH = {
    "a size written NxM": (r"\b\d+ ?[x×] ?\d+\b", "a layer on a 56x56 map, 128 x 56 x 56"),
    "an arrow": (r"->|<-|=>|→|←", "A 64 -> 128 layer; each step is K <- K - 3/100 dL/dK"),
    "an equation or comparison": (r"(?<![\w`'])[A-Za-z][\w']* ?(?:=|<=|>=|!=|<|>) ?[\w(]", "through Y = X * W + b"),
    "a derivative": (r"\bd[A-Za-z]\w*/d[A-Za-z]\w*", "dL/dX is the transposed convolution of dL/dY"),
    "a subscript": (r"\b[A-Za-z]_[A-Za-z0-9]+\b", "kernel c_o x c_i x k_h x k_w"),
    "a product with *": (r"[A-Za-z0-9] \* [A-Za-z0-9]|[A-Za-z0-9]\*[A-Za-z0-9]", "the cross-correlation of X with 2(X*K - Y)"),
    "a power with ^": (r"\w\^\w", "its cost grows as n^2"),
    "an index expression": (r"(?<![\w-])[a-z] ?[-+] ?\d\b|\b\d ?[-+] ?[a-z]\b(?![\w-])", "insert s-1 zeros"),
    "a tuple of symbols": (r"\((?:[A-Za-z](?:_\w+)?, ?)+[A-Za-z](?:_\w+)?\)", "PyTorch's (C_out, C_in, k_h, k_w)"),
    "a function of symbols": (r"\b[a-z]\([a-z0-9 +*-]+\)", "pad by d(k-1)-p"),
    "a Greek letter spelt out": (r"\b(?:lambda|sigma|eta|alpha|beta|gamma|delta|Delta|theta|rho)\b", "by 1 - lr * lambda"),
}

#: The same in LaTeX prose, where the escapes show what pdflatex would print as text.
PLAIN_MATH_LATEX = {
    "a comparison or arrow (escaped < or >)": (r"\\textless\{\}|\\textgreater\{\}", r"K \textless{}- K"),
    "a subscript (escaped _ outside code)": (r"(?<![\w\\])[A-Za-z]\\_[A-Za-z0-9]", r"the shape (C\_out, C\_in)"),
    "a power (escaped ^)": (r"\\textasciicircum\{\}", r"n\textasciicircum{}2"),
}

#: A sum followed by more terms reads as one sum over all of them (``\sum_l 2 \cdot 2^l + 1``).
SUM_THEN_TERMS = r"\\sum_\{[^{}]*\}\^\{[^{}]*\} [^=&$(\[]*? [+-] \d+(?=\s|$| \\\\|&)"


def _patterns(table):
    return {what: re.compile(pattern) for what, (pattern, _) in table.items()}


def prose_of_markdown(text: str) -> str:
    """The prose of a Markdown page: no math, code, Mermaid block, link target or image alt text (plain on purpose:
    alt text renders no math, so a picture's caption is written under it)."""
    text = re.sub(r"^```mermaid\n.*?^```$", "", text, flags=re.M | re.S)
    text = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)
    text = re.sub(r"\$[^$\n]+\$", "", text)
    text = re.sub(r"`[^`\n]+`", "", text)
    text = re.sub(r"!\[[^\]\n]*\]\([^)]*\)", "", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def prose_of_latex(text: str) -> str:
    """The prose of a LaTeX page: from ``\\begin{document}`` (or the page's own section) on, no math or code."""
    start = max(text.find("\\fi\n\n"), text.find("\\begin{document}"))
    text = text[start:]
    text = re.sub(r"\\begin\{(align\*|equation\*)\}.*?\\end\{\1\}", "", text, flags=re.S)
    text = re.sub(r"\$[^$]*\$", "", text)
    text = re.sub(r"\\texttt\{(?:[^{}]|\{\})*\}", "", text)
    text = re.sub(r"\\symconvgraphic\[[^]]*\]\{[^}]*\}", "", text)
    return re.sub(r"^%.*$", "", text, flags=re.M)


def _problems(prose: str, patterns: dict) -> list:
    return [
        f"{what}: ...{line[max(0, m.start() - 40):m.end() + 40]}..."
        for line in prose.splitlines()
        for what, pattern in patterns.items()
        for m in pattern.finditer(line)
    ]


@pytest.mark.parametrize("table", [PLAIN_MATH, PLAIN_MATH_LATEX])
def test_each_pattern_catches_what_it_is_for(table):
    for what, (pattern, example) in table.items():
        assert re.search(pattern, example), what


def test_prose_extraction_keeps_prose_and_drops_math_and_code():
    page = "A $3 \\times 3$ kernel, `k_h`, $$\nY = X\n$$\n```mermaid\ngraph\n  x1 --> s1\n```\n![a 3x3 alt](../a_b.gif) text [a](b)"
    assert prose_of_markdown(page).split() == ["A", "kernel,", ",", "text", "[a]"]
    document = "\\documentclass{article}\n\\fi\n\nA $k_h$ \\texttt{a\\_b} and c\\_d.\n\\begin{align*}\nx_1 &= 1\n\\end{align*}\n"
    assert _problems(prose_of_latex(document), _patterns(PLAIN_MATH_LATEX)) == [
        "a subscript (escaped _ outside code): ...A   and c\\_d...."
    ]
    # an identifier in prose (a function of the notes) is not a subscript
    assert _problems("(corr2d\\_multi\\_in\\_out)", _patterns(PLAIN_MATH_LATEX)) == []


@pytest.mark.parametrize("path", PAGES)
def test_no_plain_text_maths_in_the_prose_of_a_page(path):
    text = (ROOT / path).read_text("utf-8")
    assert _problems(prose_of_markdown(text), _patterns(PLAIN_MATH)) == []


@pytest.mark.parametrize("path", DOCUMENTS)
def test_no_plain_text_maths_in_the_prose_of_a_document(path):
    text = (ROOT / path).read_text("utf-8")
    prose = prose_of_latex(text)
    assert _problems(prose, _patterns(PLAIN_MATH_LATEX)) == []
    # the Markdown patterns too, less those whose characters LaTeX escapes or spells differently
    escaped = {what: p for what, p in _patterns(PLAIN_MATH).items() if what not in ("a subscript", "an arrow")}
    assert _problems(re.sub(r"\\[a-zA-Z]+\*?|[{}]", " ", prose), escaped) == []


def test_the_sum_pattern_catches_a_sum_followed_by_terms():
    assert re.search(SUM_THEN_TERMS, r"\sum_{l=0}^{L - 1} 2 \cdot 2^{l} + 1 &= 2^{L + 1} - 1")
    assert not re.search(SUM_THEN_TERMS, r"1 + \sum_{l=0}^{L - 1} 2 \cdot 2^{l} &= 2^{L + 1} - 1")
    assert not re.search(SUM_THEN_TERMS, r"\sum_{a=0}^{k - 1} \left(x_{a} + 1\right)")
    assert not re.search(SUM_THEN_TERMS, r"\sum_{a=-\infty}^{\infty} \left[0 \leq k - a - 1\right] W_{a}")  # Iverson


@pytest.mark.parametrize("path", PAGES)
def test_no_sum_is_followed_by_more_terms(path):
    found = re.findall(SUM_THEN_TERMS, (ROOT / path).read_text("utf-8"), flags=re.M)
    assert found == []


def test_textbook_order_in_the_pages():
    """The forms the issue named, as the pages now print them."""
    pages = {path: (ROOT / path).read_text("utf-8") for path in PAGES}
    text = "\n".join(pages.values())
    for sympys in ("- k_{h} + n_{h} + 1", r"\left( - i + k, \  - j + l\right)", "u &= - P + S x", r"i \leq - k + n + p"):
        assert sympys not in text, sympys
    assert "n_{h} - k_{h} + 1" in pages["derivations/cross-correlation.md"]
    assert r"\left( k - i, \  l - j\right)" in pages["derivations/fc-to-conv.md"]
    assert "u &= S x - P" in pages["derivations/receptive-fields.md"]

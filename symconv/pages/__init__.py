"""The derivation pages symconv writes to ``derivations/``: one module per page, one registry.

Each page is a module of this package that defines ``NAME`` (the file name
under ``derivations/``), ``TITLE``, ``make()`` (the
:class:`symconv.symbolic.Derivation` that renders it) and
``check(derivation)`` (its executable checks, a dict of name to bool).
:data:`PAGES` lists them in build order as :class:`Page` objects; the build
table (:mod:`symconv.build`) and the ``symconv derive`` command both read it,
so a page exists in one place only.  :func:`checked_page` runs a page's check
and refuses a page whose check fails, and the build writes only checked pages.

Adding a page takes one module here (``NAME``, ``TITLE``, ``make``,
``check``; shared helpers are in ``_common``), its line in the registry below
(imported, and placed in :data:`PAGES` in build order) and one section of
Chinese translations in ``symconv/_i18n/catalogue.py``.

A page about one geometry also says which of the user's parameters it takes
(``PARAMETERS``, ``REQUIRED``, a few worked ``EXAMPLES``; see ``_geometry``):
its ``make(...)`` with none of them is the built-in example, with some the
same derivation for the user's numbers.  :func:`derive` returns that page
checked on those numbers; :data:`DERIVE_ONLY` lists the pages written only
for a user's geometry (the convolution matrix), not by the build.

A page is written as ``derivations/<name>.md`` (GitHub Markdown with ``$$``
math and Mermaid blocks) and ``derivations/<name>.tex`` (a standalone
document for ``pdflatex``), and in Chinese as ``<name>.zh.md`` and
``<name>.zh.tex`` (for ``xelatex``); ``derivations/main.tex`` and
``main.zh.tex`` (:func:`main_document`) input every page as one section.

Examples
--------
>>> from symconv.pages import page_names, render_page
>>> "fc-to-conv" in page_names()
True
>>> render_page("fc-to-conv", "markdown").splitlines()[0]
'# From a fully connected layer to a convolution (2-D)'
>>> render_page("fc-to-conv", "markdown", lang="zh").splitlines()[0]
'# 从全连接层到卷积（二维）'
>>> page_paths("pooling", "zh")
('derivations/pooling.zh.md', 'derivations/pooling.zh.tex')
>>> d = derive("shape-arithmetic", input=5, kernel=4, stride=2, padding=1)
>>> d.geometry.output, d.check()["the numeric convolution has 2 outputs on axis 0"]
((2,), True)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from .._errors import SymconvError
from .._i18n import check_lang
from .._output.latex import engine_line
from .._validate import short
from ..symbolic.derivation import latex_preamble, prose
from . import (
    _geometry,
    channels,
    conv_matrix,
    cross_correlation,
    deformable,
    equivariance,
    fc_to_conv,
    gradients,
    groups_separable,
    identities,
    layouts,
    learning_example,
    padding_modes,
    padding_stride_dilation,
    parameter_counting,
    pooling,
    receptive_fields,
    shape_arithmetic,
    transposed,
    two_by_two,
)

__all__ = [
    "Page",
    "PAGES",
    "FORMATS",
    "page",
    "page_names",
    "page_paths",
    "render_page",
    "checked_page",
    "page_files",
    "main_document",
    "MAIN_PATHS",
    "DERIVE_ONLY",
    "derivable_names",
    "derive",
]

FORMATS = ("markdown", "latex")

#: The document that inputs every page, per language.
MAIN_PATHS = {"en": "derivations/main.tex", "zh": "derivations/main.zh.tex"}


@dataclass(frozen=True)
class Page:
    """One derivation page: ``derivations/<name>.md`` and ``.tex`` (and ``.zh.md``, ``.zh.tex``).

    ``make()`` returns the :class:`~symconv.symbolic.Derivation` to render;
    it must carry an executable check.  ``check(derivation)`` returns the
    page's checks as a dict of name to bool; without it the derivation's own
    :meth:`~symconv.symbolic.Derivation.check` runs.
    """

    name: str
    title: str
    make: Callable
    check: Callable | None = None
    parameters: tuple = ()
    required: tuple = ()
    examples: tuple = ()

    @classmethod
    def of(cls, module) -> "Page":
        """The page a page module defines (``NAME``, ``TITLE``, ``make``, ``check``; ``PARAMETERS``,
        ``REQUIRED`` and ``EXAMPLES`` for a page about one geometry)."""
        return cls(
            module.NAME, module.TITLE, module.make, module.check,
            tuple(getattr(module, "PARAMETERS", ())), tuple(getattr(module, "REQUIRED", ())),
            tuple(getattr(module, "EXAMPLES", ())),
        )


#: Every page, in build order.
PAGES: tuple = tuple(
    Page.of(module)
    for module in (
        fc_to_conv,
        cross_correlation,
        shape_arithmetic,
        padding_stride_dilation,
        padding_modes,
        channels,
        layouts,
        pooling,
        groups_separable,
        transposed,
        deformable,
        gradients,
        learning_example,
        two_by_two,
        receptive_fields,
        equivariance,
        parameter_counting,
        identities,
    )
)


#: Pages written only for a user's geometry (:func:`derive`, ``symconv derive``), not by the build.
DERIVE_ONLY: tuple = (Page.of(conv_matrix),)


def page_names() -> tuple:
    """The names of every page, in build order."""
    return tuple(p.name for p in PAGES)


def derivable_names() -> tuple:
    """The names of every page :func:`derive` writes: the built pages, then :data:`DERIVE_ONLY`."""
    return page_names() + tuple(p.name for p in DERIVE_ONLY)


def page(name: str) -> Page:
    """The page called ``name``; a clear error lists the known names.

    Examples
    --------
    >>> page("pooling").title
    'Pooling'
    >>> page("nope")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: name: expected one of fc-to-conv, ..., got 'nope'
    """
    if not isinstance(name, str):
        raise TypeError(f"name: expected a page name (str), got {type(name).__name__} {name!r}")
    for p in PAGES:
        if p.name == name:
            return p
    raise SymconvError(f"name: expected one of {', '.join(page_names())}, got {name!r}", parameter="name")


def page_paths(name: str, lang: str = "en") -> tuple:
    """``(markdown, latex)`` paths of a page, relative to the output directory."""
    page(name)
    suffix = "" if check_lang(lang) == "en" else f".{lang}"
    return f"derivations/{name}{suffix}.md", f"derivations/{name}{suffix}.tex"


def _check_format(format):
    if format not in FORMATS:
        raise SymconvError(f"format: expected one of {', '.join(FORMATS)}, got {format!r}", parameter="format")


def render_page(name: str, format: str = "markdown", *, standalone: bool = True, lang: str = "en") -> str:
    """The text of page ``name`` as Markdown or LaTeX (a standalone document by default).

    Parameters
    ----------
    name : str
        One of :func:`page_names`.
    format : {"markdown", "latex"}
    standalone : bool, default True
        LaTeX only: a whole document rather than its body.
    lang : {"en", "zh"}, default "en"

    Returns
    -------
    str

    Raises
    ------
    SymconvError
        An unknown page, format or language, or a sentence without a Chinese translation.

    See Also
    --------
    checked_page : the same page, its check run first.
    """
    _check_format(format)
    check_lang(lang)
    obj = page(name).make()
    if format == "markdown":
        return obj.to_markdown(lang=lang)
    return obj.to_latex(standalone=standalone, lang=lang)


@functools.lru_cache(maxsize=None)
def checked_page(name: str):
    """The derivation of page ``name`` after its check passed (cached: one check per process).

    Raises
    ------
    SymconvError
        The page carries no check, or a check fails (the message lists the
        failed checks); the build writes no page it cannot check.

    Examples
    --------
    >>> checked_page("two-by-two").title
    'Why a 2x2 kernel "does not converge"'
    """
    p = page(name)
    derivation = p.make()
    if not getattr(derivation, "has_check", False):
        raise SymconvError(f"name: page {name!r} carries no executable check; every page must", parameter="name")
    results = derivation.check() if p.check is None else p.check(derivation)
    failed = [check for check, ok in results.items() if not ok]
    if not results or failed:
        raise SymconvError(f"name: page {name!r} fails its checks {failed or '(none ran)'}; refusing to write it", parameter="name")
    return derivation


def _derivable(name) -> Page:
    if not isinstance(name, str):
        raise TypeError(f"name: expected a page name (str), got {type(name).__name__} {short(name)}")
    for p in (*PAGES, *DERIVE_ONLY):
        if p.name == name:
            return p
    raise SymconvError(f"name: expected one of {', '.join(derivable_names())}, got {short(name)}", parameter="name")


def derive(
    name: str,
    *,
    input=None,
    kernel=None,
    stride=None,
    padding=None,
    dilation=None,
    groups=None,
    channels=None,
    transposed=None,
    output_padding=None,
    layers=None,
):
    """The derivation of page ``name`` for your own geometry, checked on your numbers first.

    Pages about one layer (or one stack) take its numbers: shape arithmetic
    worked with the guide's relationships that apply, padding/stride/dilation,
    transposed convolution by its three routes with your kernel as SymPy
    symbols, the convolution matrix with its block structure, channels,
    groups and depthwise convolution with their counts, pooling, receptive
    fields of a stack, parameters and multiply-accumulates.  Which page takes
    which parameters is in ``page.parameters`` (``symconv derive --list``).
    Without parameters a page is its built-in example, as ``derivations/``
    has it.  Every page is checked before it is returned, on your numbers,
    by the same kinds of checks as the built-in pages.

    Parameters
    ----------
    name : str
        A page of :func:`derivable_names`.
    input : int or tuple of int
        The spatial input size (``i`` of the guide; for a transposed
        convolution its input ``i'``).
    kernel, stride, padding, dilation, output_padding
        As :class:`symconv.Geometry` takes them: an int for every axis, a tuple
        per axis; padding also ``(before, after)`` pairs or ``"valid"``,
        ``"same"``, ``"full"``.  The stride of pooling defaults to the kernel.
    groups : int
    channels : (int, int)
        Input and output channels.
    transposed : bool
        A transposed convolution.
    layers : sequence or mapping
        A stack, as :func:`symconv.receptive_field` reads it (named layers
        and :func:`symconv.networks.pool` layers show as such).

    Returns
    -------
    Derivation
        With ``.geometry`` (what it was derived for, ``_geometry.UserGeometry``)
        when parameters were given; render it with ``.to_markdown(lang=...)``
        or ``.to_latex(standalone=True, lang=...)``.

    Raises
    ------
    SymconvError
        An unknown page; a parameter the page does not take, a missing or
        bad one, a request too large to check; or a check that fails on
        your numbers (the page is refused with the failed checks).
        ``.parameter`` names the parameter.
    TypeError
        A value of the wrong kind.

    Examples
    --------
    >>> d = derive("transposed", input=3, kernel=4, stride=2, padding=1)
    >>> d.geometry.output
    (6,)
    >>> all(d.check().values())
    True
    >>> derive("pooling", input=4, kernel=2, groups=2)
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: groups: page 'pooling' takes input, kernel, stride, padding, dilation; it has no use for groups, got 2
    """
    p = _derivable(name)
    parameters = {
        key: value
        for key, value in dict(
            input=input, kernel=kernel, stride=stride, padding=padding, dilation=dilation, groups=groups,
            channels=channels, transposed=transposed, output_padding=output_padding, layers=layers,
        ).items()
        if value is not None
    }
    if not parameters and p in PAGES:
        return checked_page(name)
    if not p.parameters:
        key = next(iter(parameters))
        raise SymconvError(
            f"{key}: page {name!r} is about no one geometry and takes no parameters, got {key}={short(parameters[key])}",
            parameter=key,
        )
    _geometry.refuse(name, p.parameters, parameters)
    derivation = p.make(**parameters)
    results = derivation.check() if p.check is None else p.check(derivation)
    failed = [check for check, ok in results.items() if not ok]
    if not results or failed:
        reads = getattr(derivation, "reads", {})
        blamed = [r for check in failed for r in reads.get(check, ()) if r in parameters]
        parameter = blamed[0] if blamed else next(iter(parameters), "name")
        raise SymconvError(
            f"{parameter}: page {name!r} fails its checks {failed or '(none ran)'} for "
            f"{getattr(getattr(derivation, 'geometry', None), 'text', lambda: '')() or 'these parameters'}; "
            "refusing to give it",
            parameter=parameter,
        )
    return derivation


def page_files(name: str, lang: str = "en") -> dict:
    """``{path: text}`` of the Markdown and LaTeX files of page ``name`` in ``lang``, checked first.

    Examples
    --------
    >>> files = page_files("pooling", "zh")
    >>> sorted(files)
    ['derivations/pooling.zh.md', 'derivations/pooling.zh.tex']
    >>> files["derivations/pooling.zh.tex"].splitlines()[0]
    '% !TEX program = xelatex'
    """
    derivation = checked_page(name)
    md, tex = page_paths(name, lang)
    return {md: derivation.to_markdown(lang=lang), tex: derivation.to_latex(standalone=True, lang=lang)}


_MAIN_TITLE = "symconv: convolution derived from first principles"
_MAIN_INTRODUCTION = (
    "Every derivation symconv writes, one section each. Each formula is printed by SymPy from the objects symconv "
    "computes, and each page was checked before it was written."
)


def main_document(lang: str = "en") -> str:
    r"""The LaTeX document that inputs every page as a section (``derivations/main.tex``).

    It defines ``\symconvmain`` and makes ``\documentclass`` a no-op after
    ``\begin{document}``, so each page's own preamble is skipped (see
    :meth:`symconv.symbolic.Derivation.to_latex`).  Compile it in
    ``derivations/``: ``pdflatex main.tex``, or ``xelatex main.zh.tex``.

    Examples
    --------
    >>> text = main_document()
    >>> "\\input{fc-to-conv.tex}" in text, text.count("\\input{")
    (True, 18)
    >>> main_document("zh").splitlines()[0]
    '% !TEX program = xelatex'
    """
    check_lang(lang)
    suffix = "" if lang == "en" else f".{lang}"
    inputs = "".join(f"\\input{{{name}{suffix}.tex}}\n" for name in page_names())
    return (
        engine_line(lang)
        + "% Generated by `symconv build` from symconv/pages/__init__.py; edit the code, not this file.\n"
        "\\documentclass[11pt]{article}\n"
        f"{latex_preamble(lang)}"
        "\\def\\symconvmain{}\n"
        f"\\title{{{prose(_MAIN_TITLE, 'latex', {}, lang)}}}\n"
        "\\author{}\n"
        "\\date{}\n"
        "\\begin{document}\n"
        "\\maketitle\n"
        f"{prose(_MAIN_INTRODUCTION, 'latex', {}, lang)}\n"
        "\\tableofcontents\n"
        "% each page starts with its own \\documentclass line\n"
        "\\renewcommand\\documentclass[2][]{}\n"
        f"{inputs}"
        "\\end{document}\n"
    )

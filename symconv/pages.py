"""The derivation pages symconv writes to ``derivations/``: one registry.

Each :class:`Page` names a derivation and knows how to make the object that
renders it (a :class:`symconv.symbolic.Derivation` or anything with
``to_markdown()`` and ``to_latex(standalone=...)``).  The build table and the
``symconv derive`` command both read :data:`PAGES`, so a page exists in one
place only.

Examples
--------
>>> from symconv.pages import page_names, render_page
>>> "fc-to-conv" in page_names()
True
>>> render_page("fc-to-conv", "markdown").splitlines()[0]
'# From a fully connected layer to a convolution (2-D)'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ._errors import SymconvError

__all__ = ["Page", "PAGES", "page", "page_names", "render_page", "FORMATS"]

FORMATS = ("markdown", "latex")


@dataclass(frozen=True)
class Page:
    """One derivation page: ``derivations/<name>.md`` and ``.tex``.

    ``make()`` returns the object to render.
    """

    name: str
    title: str
    make: Callable


def _fc_to_conv():
    from .symbolic import fc_to_conv

    return fc_to_conv(ndim=2)


PAGES: tuple = (
    Page("fc-to-conv", "From a fully connected layer to a convolution", _fc_to_conv),
)


def page_names() -> tuple:
    """The names of every page, in build order."""
    return tuple(p.name for p in PAGES)


def page(name: str) -> Page:
    """The page called ``name``; a clear error lists the known names."""
    if not isinstance(name, str):
        raise TypeError(f"name: expected a page name (str), got {type(name).__name__} {name!r}")
    for p in PAGES:
        if p.name == name:
            return p
    raise SymconvError(f"name: expected one of {', '.join(page_names())}, got {name!r}")


def render_page(name: str, format: str = "markdown", *, standalone: bool = True) -> str:
    """The text of page ``name`` as Markdown or LaTeX (a standalone document by default)."""
    if format not in FORMATS:
        raise SymconvError(f"format: expected one of {', '.join(FORMATS)}, got {format!r}")
    obj = page(name).make()
    if format == "markdown":
        return obj.to_markdown()
    return obj.to_latex(standalone=standalone)

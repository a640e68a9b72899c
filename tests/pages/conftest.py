"""What the page tests share: each page checked and rendered once per session."""

from __future__ import annotations

import functools

import pytest

from symconv import pages


@pytest.fixture(scope="session")
def render():
    """``render(name, lang="en", format="markdown")``: the text the build writes for a checked page."""

    @functools.lru_cache(maxsize=None)
    def render(name, lang="en", format="markdown"):
        derivation = pages.checked_page(name)
        if format == "markdown":
            return derivation.to_markdown(lang=lang)
        return derivation.to_latex(standalone=True, lang=lang)

    return render

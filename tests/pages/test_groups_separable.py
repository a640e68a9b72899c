"""The page groups-separable: the cost derivation of separable convolutions and the page built around it."""

from __future__ import annotations

from _tools import compile_latex

from symconv.pages.groups_separable import separable_cost_derivation


def test_separable_cost_derivation():
    d = separable_cost_derivation()
    assert all(d.check().values()) and "False" not in d.to_markdown()
    assert compile_latex(d.to_latex(standalone=True)).startswith(b"%PDF")

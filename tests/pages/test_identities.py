"""The page identities: every identity of the catalogue stated in both languages, and checked."""

from __future__ import annotations

import re

import pytest
import sympy
from _tools import compile_latex

from symconv import SymconvError, pages
from symconv.pages.identities import make as catalogue_derivation
from symconv.symbolic.catalogue import identities

CATALOGUE = identities()


def test_identities_page_states_every_identity_in_both_languages(render):
    catalogue = identities()
    derivation = pages.checked_page("identities")
    assert len(catalogue) == 30 and len(derivation) == 30
    results = derivation.check()
    assert sorted(results) == sorted(f"{i.name}: {way}" for i in catalogue for way in ("symbolic", "numeric"))
    english, chinese = render("identities"), render("identities", "zh")
    for number, ident in enumerate(catalogue, 1):
        assert f"## {number}. {ident.name}\n" in english
        # the Chinese heading keeps the name `symconv verify` prints
        assert re.search(rf"^## {number}\. [^\n]*[\u4e00-\u9fff][^\n]*（`{ident.name}`）$", chinese, re.M), ident.name
        assert ident.latex.split(" = ")[0] in english  # the statement SymPy printed
    assert "出处：笔记 003，第 13 节；笔记 001，9.2.3 节。" in chinese


def test_identities_page_refuses_a_failing_identity(monkeypatch):
    from symconv.symbolic import catalogue
    from symconv.symbolic.catalogue import Identity, identity

    bad = Identity("always-false", sympy.Eq(sympy.Symbol("a"), sympy.Symbol("b")), "Never.", lambda: False, lambda rng: True)
    monkeypatch.setattr(catalogue, "_CACHE", [identity("stride-is-subsampling"), bad])
    pages.checked_page.cache_clear()
    try:
        with pytest.raises(SymconvError, match=r"page 'identities' fails its checks \['always-false: symbolic'\]"):
            pages.checked_page("identities")
    finally:
        pages.checked_page.cache_clear()


def test_catalogue_document():
    d = catalogue_derivation()
    assert [step.title for step in d] == [ident.name for ident in CATALOGUE]
    text = d.to_markdown()
    assert "False" not in text and r"\operatorname{corr}{\left(X,W \right)}" in text
    assert compile_latex(d.to_latex(standalone=True)).startswith(b"%PDF")

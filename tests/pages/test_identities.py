"""The page identities: every identity stated with its conditions and proved step by step, in both languages."""

from __future__ import annotations

import re

import pytest
import sympy
from _tools import compile_latex

from symconv import SymconvError, pages
from symconv.pages.identities import make as catalogue_derivation
from symconv.symbolic.catalogue import GENERAL, identities
from symconv.symbolic.derivation import latex

CATALOGUE = identities()


def test_identities_page_states_every_identity_and_its_proof_in_both_languages(render):
    derivation = pages.checked_page("identities")
    assert len(CATALOGUE) >= 30
    assert len(derivation) == sum(1 + len(ident.prove().steps) for ident in CATALOGUE)
    results = derivation.check()
    assert sorted(results) == sorted(f"{i.name}: {way}" for i in CATALOGUE for way in ("symbolic", "numeric"))
    assert all(results.values())
    english, chinese = render("identities"), render("identities", "zh")
    titles = [step.title for step in derivation]
    for ident in CATALOGUE:
        number = titles.index(ident.name) + 1
        assert f"## {number}. {ident.name}\n" in english
        # the Chinese heading keeps the name `symconv verify` prints
        assert re.search(rf"^## {number}\. [^\n]*[\u4e00-\u9fff][^\n]*（`{ident.name}`）$", chinese, re.M), ident.name
        # the statement SymPy printed, conditions included (an equation is aligned at its = sign)
        statement = ident.statement
        if isinstance(statement, sympy.Eq):
            assert f"{latex(statement.lhs)} &= {latex(statement.rhs)}" in english, ident.name
        else:
            assert ident.latex in english, ident.name
        for condition in ident.conditions:
            assert f"Condition: {condition.text}." in english
        assert ("Proved in general." if ident.proof_kind == GENERAL else "Checked on instances only.") in english
    assert f"${sum(i.proof_kind == GENERAL for i in CATALOGUE)}$ of the ${len(CATALOGUE)}$ identities" in english
    assert "出处：笔记 003，第 13 节；笔记 001，9.2.3 节。" in chinese


def test_identities_page_refuses_a_failing_identity(monkeypatch):
    from symconv.symbolic import catalogue
    from symconv.symbolic.catalogue import Identity, Proof, ProofStep, identity

    step = ProofStep("Definitions", [sympy.Eq(sympy.Symbol("a"), sympy.Symbol("b"))], "Never.", lambda: False)
    bad = Identity("always-false", sympy.Eq(sympy.Symbol("a"), sympy.Symbol("b")), "Never.",
                   proof=lambda ident, conditions: Proof(GENERAL, "by hand", [step]), numeric=lambda rng, ops: True,
                   source="nowhere")
    monkeypatch.setattr(catalogue, "_CACHE", [identity("stride-is-subsampling"), bad])
    pages.checked_page.cache_clear()
    try:
        with pytest.raises(SymconvError, match=r"page 'identities' fails its checks \['always-false: symbolic'\]"):
            pages.checked_page("identities")
    finally:
        pages.checked_page.cache_clear()


def test_catalogue_document_compiles():
    d = catalogue_derivation()
    assert [step.title for step in d if not step.title.startswith("Proof: ")] == [ident.name for ident in CATALOGUE]
    text = d.to_markdown()
    # no relation collapsed to a truth value; validity predicates shown as Iverson brackets
    assert not re.search(r"^& (True|False)", text, re.M) and r"\left[" in text
    assert compile_latex(d.to_latex(standalone=True)).startswith(b"%PDF")

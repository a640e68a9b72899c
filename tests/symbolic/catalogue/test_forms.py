"""Canonical forms and their equality by a change of summation index: true statements proved, false ones refused."""

import pytest
import sympy

from symconv.symbolic.catalogue._forms import (Definition, Iverson, MaxOver, Signal, match, match_all, normalize,
                                                render, unfold)

i, j, a, b, m, t = sympy.symbols("i j a b m t", integer=True)
n, k, s, d, K, M = sympy.symbols("n k s d K M", integer=True, positive=True)
X, W, f, g = (sympy.IndexedBase(name) for name in ("X", "W", "f", "g"))
SIGNALS = [Signal(X, ((0, n - 1),)), Signal(W, ((0, k - 1),)), Signal(f, ((0, K - 1),)), Signal(g, ((0, M - 1),))]
BASE = [n >= 1, k >= 1, s >= 1, d >= 1, K >= 1, M >= 1]


def forms(expr, definitions=()):
    return [normalize(term) for term in unfold(expr, SIGNALS, definitions)]


def test_a_read_brings_its_validity_predicate():
    (term,) = forms(sympy.Sum(W[a] * X[i + a], (a, 0, k - 1)))
    assert term.kind == "sum" and term.variables == (a,) and term.reads == (W[a], X[i + a])
    assert {sympy.Le(0, i + a), sympy.Le(0, n - i - a - 1)} <= set(term.constraints)
    assert isinstance(render([term]), sympy.Sum) and render([term]).has(Iverson)


def test_definitions_are_inlined_with_their_domain_and_without_capturing_an_index():
    full = Definition(sympy.IndexedBase("F"), (i,), sympy.Sum(f[m] * g[i - m], (m, -sympy.oo, sympy.oo)),
                      (sympy.Le(0, i), sympy.Le(i, K + M - 2)))
    # read at m, the name of the definition's own summation variable
    (term,) = forms(full.base[m], [full])
    (inner,) = term.variables
    assert inner != m and term.reads == (f[inner], g[m - inner])
    assert sympy.Le(0, m) in term.constraints


def test_kronecker_deltas_become_equalities_and_pinned_variables_go():
    (term,) = forms(sympy.Sum(sympy.KroneckerDelta(b, d * a) * W[a] * X[b], (a, 0, k - 1), (b, 0, n - 1)))
    assert term.variables == (a,) and term.reads == (W[a], X[d * a])  # b = d a, eliminated
    (single,) = forms(sympy.Sum(W[a] * X[i + a], (a, 0, 0)))
    assert single.variables == () and single.reads == (W[0], X[i])


def test_contradictions_leave_nothing():
    (term,) = unfold(Iverson(sympy.Le(1, 0)) * W[0], SIGNALS)
    assert normalize(term) is None


def test_commutativity_by_the_change_of_index_m_to_n_minus_m():
    n_ = sympy.Symbol("N", integer=True)
    (left,) = forms(sympy.Sum(f[m] * g[n_ - m], (m, -sympy.oo, sympy.oo)))
    (right,) = forms(sympy.Sum(g[t] * f[n_ - t], (t, -sympy.oo, sympy.oo)))
    found = match(left, right, BASE, SIGNALS)
    assert found and found.forward == {t: n_ - m} and found.backward == {m: n_ - t}


def test_false_identities_are_refused():
    (plain,) = forms(sympy.Sum(W[a] * X[i + a], (a, 0, k - 1)))
    (shifted,) = forms(sympy.Sum(W[b] * X[i + b + 1], (b, 0, k - 1)))
    assert not match(plain, shifted, BASE, SIGNALS)
    (fewer,) = forms(sympy.Sum(W[b] * X[i + b], (b, 0, k - 2)))
    refused = match(plain, fewer, BASE, SIGNALS)
    assert not refused and "does not follow" in refused.reason
    (doubled,) = forms(sympy.Sum(2 * W[b] * X[i + b], (b, 0, k - 1)))
    assert "coefficients differ" in match(plain, doubled, BASE, SIGNALS).reason
    (strided,) = forms(sympy.Sum(W[b] * X[s * i + b], (b, 0, k - 1)))
    assert not match(plain, strided, BASE, SIGNALS)
    (maximum,) = forms(MaxOver(X[i + a], sympy.Tuple(a), sympy.And(sympy.Le(0, a), sympy.Le(a, k - 1))))
    assert "a max against a sum" in match(maximum, plain, BASE, SIGNALS).reason


def test_a_change_of_index_must_be_integral():
    (even,) = forms(sympy.Sum(X[2 * a], (a, 0, n - 1)))
    (all_,) = forms(sympy.Sum(X[b], (b, 0, n - 1)))
    assert not match(even, all_, BASE, SIGNALS)


def test_periodic_reads_compare_modulo_the_period():
    P = sympy.IndexedBase("P")
    periodic = [Signal(P, (None,), (n,)), Signal(W, ((0, k - 1),))]
    (left,) = [normalize(x) for x in unfold(sympy.Sum(W[a] * P[i + a + n], (a, 0, k - 1)), periodic)]
    (right,) = [normalize(x) for x in unfold(sympy.Sum(W[b] * P[i + b], (b, 0, k - 1)), periodic)]
    assert match(left, right, BASE, periodic)
    (off,) = [normalize(x) for x in unfold(sympy.Sum(W[b] * P[i + b + 1], (b, 0, k - 1)), periodic)]
    assert "not a period apart" in match(left, off, BASE, periodic).reason


def test_terms_are_paired_one_to_one():
    left = forms(sympy.Sum(W[a] * X[a], (a, 0, k - 1)) + f[0])
    right = forms(f[0] + sympy.Sum(W[b] * X[b], (b, 0, k - 1)))
    matches, reason = match_all(left, right, BASE, SIGNALS)
    assert matches is not None and len(matches) == 2
    assert match_all(left, right[:1], BASE, SIGNALS) == (None, "2 terms against 1")


def test_unknown_arrays_and_forms_without_a_canonical_form_are_refused():
    with pytest.raises(ValueError, match="neither a signal nor a defined array"):
        unfold(sympy.IndexedBase("Q")[i], SIGNALS)
    with pytest.raises(ValueError, match="no canonical form"):
        unfold(sympy.sin(sympy.Sum(W[a], (a, 0, k - 1))), SIGNALS)

"""Linear certificates: what follows from hypotheses over the integers, found by a programme and checked exactly."""

import pytest
import sympy

from symconv.symbolic.catalogue._entail import eliminate, entails, nonnegative_form

i, n, k, s, p, d, a, t, O, u, U = sympy.symbols("i n k s p d a t O u U", integer=True)


def test_nonnegative_forms_read_strict_inequalities_over_the_integers():
    assert nonnegative_form(i < n) == [n - i - 1]
    assert nonnegative_form(i >= n) == [i - n]
    assert nonnegative_form(sympy.Eq(i, n)) == [i - n, n - i]
    assert nonnegative_form(sympy.And(i >= 0, i <= n)) == [i, n - i]
    assert nonnegative_form(sympy.true) == []
    with pytest.raises(TypeError, match="expected an equality or an inequality"):
        nonnegative_form(sympy.Ne(i, n))


def test_linear_and_product_certificates():
    window = [a >= 0, a <= k - 1, d >= 1, i >= 0, i <= n - d * (k - 1) - 1]
    assert entails(window, i + d * a <= n - 1)  # needs d (k - 1 - a) >= 0: a product of two hypotheses
    assert entails([i >= 0, i <= O - 1, s >= 1, s * (O - 1) <= n], s * i <= n)
    assert not entails(window, i + d * a <= n - 2)  # false at i = n - d(k-1) - 1, a = k - 1
    assert not entails([i >= 0], i >= 1)


def test_the_assumptions_of_the_symbols_count():
    # SymPy turns `d >= 1` into True for a positive d, so the hypothesis never arrives: the assumption is used instead
    dp = sympy.Symbol("d", integer=True, positive=True)
    assert (dp >= 1) is sympy.true
    assert entails([a >= 0, a <= k - 1], sympy.Le(0, a * dp))
    assert not entails([a >= 0, a <= k - 1], sympy.Le(0, a * d))  # d of no known sign


def test_integer_rounding():
    # s (U - u) >= -(s - 1) gives u <= U only because u and U are integers (s (U - u + 1) >= 1 with s >= 1)
    assert entails([s >= 1, s * u <= s * U + s - 1], u <= U)
    real_u, real_U = sympy.symbols("x y", real=True)
    assert not entails([s >= 1, s * real_u <= s * real_U + s - 1], real_u <= real_U)


def test_equalities_are_used_and_goals_may_be_equalities():
    assert entails([sympy.Eq(t, s * u), u >= 0, s >= 1], t >= 0)
    assert entails([sympy.Eq(i, n + 1)], sympy.Eq(i - 1, n))
    assert not entails([sympy.Eq(i, n + 1)], sympy.Eq(i, n))


def test_eliminate_solves_for_unit_coefficients_only_where_allowed():
    b, c = sympy.symbols("b c", integer=True)
    assert eliminate([sympy.Eq(a, b + 1), sympy.Eq(2 * c, b)]) == ({a: 2 * c + 1, b: 2 * c}, [])
    assert eliminate([sympy.Eq(2 * a, 3 * b)]) == ({}, [2 * a - 3 * b])
    assert eliminate([sympy.Eq(a, b + 1)], only={b}) == ({b: a - 1}, [])
    assert eliminate([sympy.Eq(a, b + 1)], only={c}) == ({}, [a - b - 1])

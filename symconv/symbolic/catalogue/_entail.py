"""Linear-arithmetic certificates: an inequality over the integers follows from hypotheses.

A goal ``g >= 0`` follows from hypotheses ``h_1 >= 0, ..., h_m >= 0`` when

.. math::  g = c + \\sum_j \\lambda_j h_j + \\sum_{j \\le l} \\mu_{jl} h_j h_l,
   \\qquad c, \\lambda_j, \\mu_{jl} \\ge 0

holds as an identity of polynomials (every term on the right is then
non-negative wherever the hypotheses hold).  Such multipliers -- a
certificate in the sense of Farkas' lemma, with the products of two
hypotheses that sizes times strides need -- are searched for by a small
linear programme (:func:`scipy.optimize.linprog`), rounded to fractions and
then *checked exactly* by SymPy: a certificate the programme got wrong is
rejected, never trusted.  Strict inequalities are read over the integers
(``a < b`` as ``b - a - 1 >= 0``).  Equalities among the hypotheses are
first used to eliminate symbols (a symbol with coefficient +-1), the rest
enter as two inequalities.

References
----------
.. [1] A. Schrijver, *Theory of Linear and Integer Programming* (Farkas' lemma).
"""

from __future__ import annotations

import functools
from fractions import Fraction

import sympy

__all__ = ["entails", "nonnegative_form", "eliminate"]


def nonnegative_form(relation) -> list:
    """``relation`` as expressions that are >= 0 (two for an equality), integers assumed.

    Examples
    --------
    >>> a, b = sympy.symbols("a b", integer=True)
    >>> nonnegative_form(a < b)
    [-a + b - 1]
    >>> nonnegative_form(sympy.Eq(a, b))
    [a - b, -a + b]
    """
    if relation is sympy.true or relation is True:
        return []
    if isinstance(relation, sympy.Eq):
        difference = sympy.expand(relation.lhs - relation.rhs)
        return [difference, -difference]
    if isinstance(relation, sympy.And):
        return [form for part in relation.args for form in nonnegative_form(part)]
    if isinstance(relation, (sympy.GreaterThan, sympy.StrictGreaterThan)):
        big, small = relation.lhs, relation.rhs
    elif isinstance(relation, (sympy.LessThan, sympy.StrictLessThan)):
        big, small = relation.rhs, relation.lhs
    else:
        raise TypeError(f"relation: expected an equality or an inequality, got {relation!r}")
    strict = isinstance(relation, (sympy.StrictGreaterThan, sympy.StrictLessThan))
    return [sympy.expand(big - small - (1 if strict else 0))]


def eliminate(equalities, keep=(), only=None):
    """Substitutions ``{symbol: expression}`` solving equalities for a symbol of coefficient +-1.

    Symbols in ``keep`` are solved for last; with ``only``, no other symbol is
    solved for.  Returns the substitutions and the equalities (as expressions
    ``== 0``) that could not be used.

    Examples
    --------
    >>> a, b, c = sympy.symbols("a b c", integer=True)
    >>> eliminate([sympy.Eq(a, b + 1), sympy.Eq(2 * c, b)])
    ({a: 2*c + 1, b: 2*c}, [])
    >>> eliminate([sympy.Eq(2 * a, 3 * b)])
    ({}, [2*a - 3*b])
    """
    pending = [sympy.expand(e.lhs - e.rhs) if isinstance(e, sympy.Eq) else sympy.expand(e) for e in equalities]
    substitutions: dict = {}
    progress = True
    while progress:
        progress = False
        for index, expr in enumerate(pending):
            expr = sympy.expand(expr.xreplace(substitutions))
            if expr == 0:
                pending.pop(index)
                progress = True
                break
            choices = sorted((s for s in expr.free_symbols if only is None or s in only),
                             key=lambda s: (s in keep, str(s)))
            for symbol in choices:
                coefficient = expr.coeff(symbol)
                if coefficient in (1, -1) and symbol not in (expr - coefficient * symbol).free_symbols:
                    value = sympy.expand(-(expr - coefficient * symbol) / coefficient)
                    substitutions = {s: sympy.expand(v.xreplace({symbol: value})) for s, v in substitutions.items()}
                    substitutions[symbol] = value
                    pending.pop(index)
                    progress = True
                    break
            if progress:
                break
        pending = [sympy.expand(e.xreplace(substitutions)) for e in pending]
    return substitutions, [e for e in pending if e != 0]


@functools.lru_cache(maxsize=4096)
def _search(goal, hypotheses: tuple, degree: int):
    """Multipliers over the hypotheses (and their products, ``degree=2``) verified exactly, or None."""
    import numpy as np
    from scipy.optimize import linprog
    from sympy.polys.domains import QQ
    from sympy.polys.rings import ring

    generators = sorted(set().union(goal.free_symbols, *(h.free_symbols for h in hypotheses)), key=str)
    if not generators:
        return None
    polynomials, *gens = ring(generators, QQ)
    poly = polynomials.from_expr
    forms = [poly(h) for h in hypotheses]
    columns = list(forms)
    if degree >= 2:
        columns += [forms[j] * forms[l] for j in range(len(forms)) for l in range(j, len(forms))]
    target = poly(goal)
    monomials = sorted(set(target.keys()).union(*(c.keys() for c in columns)))
    row = {m: n for n, m in enumerate(monomials)}
    constant = row.get((0,) * len(gens))
    matrix = np.zeros((len(monomials), len(columns) + 1))
    for n, column in enumerate(columns):
        for monomial, value in column.items():
            matrix[row[monomial], n] = float(value)
    if constant is not None:
        matrix[constant, -1] = 1.0  # the non-negative constant slack
    rhs = np.zeros(len(monomials))
    for monomial, value in target.items():
        rhs[row[monomial]] = float(value)
    solution = linprog(np.ones(len(columns) + 1), A_eq=matrix, b_eq=rhs, bounds=(0, None), method="highs")
    if solution.status != 0:
        return None
    multipliers = []
    for n, value in enumerate(solution.x[:-1]):
        if value > 1e-9:
            q = Fraction(value).limit_denominator(10_000)
            multipliers.append((n, QQ(q.numerator, q.denominator)))
    remainder = target - sum((q * columns[n] for n, q in multipliers), polynomials.zero)
    if remainder != 0 and not (remainder.is_ground and remainder.LC >= 0):
        return None  # the rounded certificate does not hold exactly: not proved
    return tuple(multipliers)


def entails(hypotheses, goal, *, degree: int = 2) -> bool:
    """Whether ``goal`` follows from ``hypotheses`` by a linear certificate checked by SymPy.

    Parameters
    ----------
    hypotheses : iterable of SymPy relations
        Equalities and inequalities over integer symbols.
    goal : SymPy relation
        An equality (both directions are proved) or an inequality.
    degree : {1, 2}
        2 also multiplies hypotheses in pairs (``s >= 1`` and ``i >= 0`` give ``s i >= 0``).

    Returns
    -------
    bool
        True only when a certificate was found and SymPy verified it exactly;
        False means *not proved*, not *false*.

    Examples
    --------
    >>> i, n, k, s, O = sympy.symbols("i n k s O", integer=True)
    >>> entails([i >= 0, i <= n - k, k >= 1], i + k - 1 <= n - 1)
    True
    >>> entails([i >= 0, i <= O - 1, s >= 1, s * (O - 1) <= n], s * i <= n)
    True
    >>> entails([i >= 0], i >= 1)
    False
    >>> u, U = sympy.symbols("u U", integer=True)
    >>> entails([s >= 1, s * u <= s * U + s - 1], u <= U)   # integers: s (U - u + 1) >= 1 with s >= 1
    True
    """
    substitutions, rest = eliminate([h for h in hypotheses if isinstance(h, sympy.Eq)])
    forms = []
    for h in hypotheses:
        if isinstance(h, sympy.Eq):
            continue
        forms += [sympy.expand(f.xreplace(substitutions)) for f in nonnegative_form(h)]
    for e in rest:
        forms += [e, -e]
    goals = [sympy.expand(g.xreplace(substitutions)) for g in nonnegative_form(goal)]
    forms += _assumed(set().union(*(f.free_symbols for f in forms), *(g.free_symbols for g in goals)))
    forms = tuple(dict.fromkeys(f for f in forms if not f.is_number))
    for g in goals:
        if g.is_number:
            if not g >= 0:
                return False
            continue
        # only hypotheses that share a symbol with the goal (or with such hypotheses) can help
        if g in forms:
            continue
        relevant = _relevant(g, forms)
        if _found(g, relevant, degree):
            continue
        # over the integers: m (g + 1) - 1 >= 0 with m >= 1 gives g + 1 > 0, that is g >= 0
        multipliers = [f + 1 for f in forms if isinstance(f + 1, sympy.Symbol) and (f + 1).is_integer]
        if not (_integer_valued(g) and any(_found(sympy.expand(m * (g + 1) - 1), relevant, degree)
                                           for m in multipliers)):
            return False
    return True


def _assumed(symbols) -> list:
    """What the symbols' own assumptions say, as forms >= 0 (SymPy evaluates ``d >= 1`` to True for a
    positive integer ``d``, so such a hypothesis never reaches the list)."""
    out = []
    for symbol in sorted(symbols, key=str):
        if symbol.is_integer and symbol.is_positive:
            out.append(symbol - 1)
        elif symbol.is_nonnegative:
            out.append(symbol)
    return out


def _found(goal, forms, degree) -> bool:
    return _search(goal, forms, 1) is not None or (degree >= 2 and _search(goal, forms, 2) is not None)


def _integer_valued(expr) -> bool:
    """A polynomial with integer coefficients in integer symbols."""
    if not all(s.is_integer for s in expr.free_symbols):
        return False
    return all(c.is_integer for c in sympy.Poly(expr, *sorted(expr.free_symbols, key=str)).coeffs())


def _relevant(goal, forms):
    symbols = set(goal.free_symbols)
    chosen: list = []
    grew = True
    while grew:
        grew = False
        for form in forms:
            if form not in chosen and form.free_symbols & symbols:
                chosen.append(form)
                symbols |= form.free_symbols
                grew = True
    return tuple(chosen)

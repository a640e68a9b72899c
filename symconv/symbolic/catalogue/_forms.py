"""Canonical forms of linear shift operators, and equality of two of them by a change of index.

Every entry the catalogue talks about -- an output of a convolution, a
pooled value, an entry of a gradient -- is a reduction (a sum, or a max)
over the integer points of a set cut out by linear constraints:

.. math::  y = \\sum_{v \\in \\mathbb{Z}^m} [\\,A v \\ge b,\\ E v = f\\,]
   \\; c \\cdot X_{\\alpha(v)} W_{\\beta(v)} \\cdots

with reads of arrays at affine indices.  Arrays are zero outside their
support (the validity predicate of zero padding: reading ``X`` at ``q``
adds ``0 <= q <= n - 1``), arrays defined by an equation are inlined with
their domain, and a Kronecker delta is an equality constraint.  That is the
*canonical form* (:func:`unfold`).

Two canonical forms are equal (:func:`match`) when an affine map with
integer coefficients ``u = phi(v)`` and its inverse ``v = psi(u)`` -- found by
equating the indices of the reads -- carry each set of summation points onto
the other and the summands agree:

- ``psi(phi(v)) = v`` and ``phi(psi(u)) = u`` (SymPy),
- every constraint of one side, moved through the map, follows from the
  constraints of the other and the hypotheses (:func:`._entail.entails`,
  a linear certificate SymPy checks),
- the coefficients agree after the substitution (SymPy ``expand``).

Then the map is a bijection of the summation sets that preserves every term,
so the sums (or maxima) are equal.  Nothing is evaluated at a concrete size:
sizes, strides, paddings, dilations, channels and groups stay symbols.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import sympy
from sympy.core.function import Function

from ._entail import eliminate, entails

__all__ = ["Signal", "Definition", "Namer", "Term", "MaxOver", "unfold", "normalize", "match", "Match", "render"]


class MaxOver(Function):
    """``max`` of ``expr`` over the integers ``variables`` satisfying ``condition`` (a SymPy boolean).

    Prints as :math:`\\max_{condition} expr`.
    """

    @classmethod
    def eval(cls, expr, variables, condition):
        return None

    def _latex(self, printer):
        expr, variables, condition = self.args
        return r"\max_{%s} %s" % (printer._print(condition), printer._print(expr))


class Iverson(Function):
    """The Iverson bracket ``[condition]``: 1 where it holds, 0 elsewhere (never evaluated)."""

    @classmethod
    def eval(cls, condition):
        return None

    def _latex(self, printer):
        return r"\left[%s\right]" % printer._print(self.args[0])


@dataclass(frozen=True)
class Signal:
    """An array read by index: zero outside ``support``, or repeating with ``period``.

    Parameters
    ----------
    base : sympy.IndexedBase
    support : tuple of (low, high) pairs or None per axis
        The indices where the array may be non-zero, inclusive; None: unbounded.
    period : tuple of expressions or None per axis
        A circular (periodic) axis: reads that differ by a multiple of it are equal.
    """

    base: sympy.IndexedBase
    support: tuple = ()
    period: tuple = ()

    def __getitem__(self, index):
        return self.base[index]

    def constraints(self, index) -> list:
        index = index if isinstance(index, tuple) else (index,)
        out = []
        for position, bounds in zip(index, self.support):
            if bounds is not None:
                low, high = bounds
                out += [sympy.Le(low, position), sympy.Le(position, high)]
        return out

    @property
    def periodic(self) -> bool:
        return any(p is not None for p in self.period)


@dataclass(frozen=True)
class Definition:
    """``base[indices] = rhs`` for the indices in ``domain`` (zero outside it)."""

    base: sympy.IndexedBase
    indices: tuple
    rhs: sympy.Expr
    domain: tuple = ()

    @property
    def equation(self):
        return sympy.Eq(self.base[self.indices], self.rhs, evaluate=False)

    def at(self, index) -> tuple:
        """``(rhs, domain)`` at ``index``."""
        index = index if isinstance(index, tuple) else (index,)
        if len(index) != len(self.indices):
            raise ValueError(f"{self.base}: expected {len(self.indices)} indices, got {index}")
        mapping = dict(zip(self.indices, index))
        return self.rhs.xreplace(mapping), [c.xreplace(mapping) for c in self.domain]


@dataclass(frozen=True)
class Term:
    """One reduction: ``kind`` over ``variables`` satisfying ``constraints`` of ``coefficient * reads``."""

    kind: str
    variables: tuple
    constraints: tuple
    coefficient: sympy.Expr
    reads: tuple

    @property
    def body(self):
        return self.coefficient * sympy.Mul(*self.reads)


@dataclass
class Namer:
    """Fresh names for summation variables: ``a``, then ``a'``, ``a''``...

    One namer serves both sides of an identity, so their variables never share a name.
    """

    used: set = field(default_factory=set)

    @classmethod
    def around(cls, expr, definitions=()):
        """A namer that avoids every free symbol of ``expr`` and of the definitions."""
        used = {str(s) for s in expr.free_symbols}
        for d in definitions:
            used |= {str(s) for s in d.rhs.free_symbols if s not in d.indices}
        return cls(used)

    def fresh(self, symbol):
        name = symbol.name
        while name in self.used:
            name += "'"
        self.used.add(name)
        return sympy.Symbol(name, integer=True)


def _product(term_lists):
    out = []
    for combination in itertools.product(*term_lists):
        kinds = {t.kind for t in combination if t.variables}
        if len(kinds) > 1 or ("max" in kinds and sum(bool(t.variables) for t in combination) > 1):
            raise ValueError("a max multiplied by a reduction has no canonical form here")
        out.append(Term(
            kinds.pop() if kinds else "sum",
            tuple(v for t in combination for v in t.variables),
            tuple(c for t in combination for c in t.constraints),
            sympy.Mul(*(t.coefficient for t in combination)),
            tuple(r for t in combination for r in t.reads),
        ))
    return out


def unfold(expr, signals, definitions=(), *, namer=None) -> list:
    """The canonical form of ``expr``: a list of :class:`Term` whose sum it is.

    Parameters
    ----------
    expr : SymPy expression
        Sums (``sympy.Sum``), :class:`MaxOver`, products, sums of terms,
        Kronecker deltas and reads ``base[index]`` of signals or defined arrays.
    signals : iterable of Signal
    definitions : iterable of Definition
        Inlined wherever their base is read, with their domain as constraints.
    """
    signals = {s.base: s for s in signals}
    definitions = {d.base: d for d in definitions}
    namer = namer or Namer.around(sympy.sympify(expr), definitions.values())
    return _unfold(_rename_bound(sympy.sympify(expr), namer), signals, definitions, namer)


def _unfold(expr, signals, definitions, namer):
    if isinstance(expr, sympy.Add):
        return [t for arg in expr.args for t in _unfold(arg, signals, definitions, namer)]
    if isinstance(expr, sympy.Mul):
        return _product([_unfold(arg, signals, definitions, namer) for arg in expr.args])
    if isinstance(expr, (sympy.Sum, MaxOver)):
        # the variables were made fresh by _rename_bound (for the claim and for every inlined definition)
        if isinstance(expr, sympy.Sum):
            body, kind = expr.function, "sum"
            variables, constraints = [], []
            for variable, low, high in expr.limits:
                variables.append(variable)
                if low.is_finite is not False:
                    constraints.append(sympy.Le(low, variable))
                if high.is_finite is not False:
                    constraints.append(sympy.Le(variable, high))
        else:
            body, variables, condition = expr.args
            kind = "max"
            constraints = _conjuncts(condition)
        inner = _unfold(body, signals, definitions, namer)
        if kind == "max" and len(inner) != 1:
            raise ValueError("a max of a sum of terms has no canonical form here")
        return [Term(kind if kind == "max" else t.kind, (*variables, *t.variables),
                     (*constraints, *t.constraints), t.coefficient, t.reads) for t in inner]
    if isinstance(expr, sympy.Indexed):
        base, index = expr.base, tuple(expr.indices)
        if base in definitions:
            definition = definitions[base]
            # the definition's own summation variables are renamed first, so an index never gets captured
            fresh = Definition(base, definition.indices, _rename_bound(definition.rhs, namer), definition.domain)
            rhs, domain = fresh.at(index)
            inner = _unfold(rhs, signals, definitions, namer)
            return [Term(t.kind, t.variables, (*domain, *t.constraints), t.coefficient, t.reads) for t in inner]
        if base in signals:
            return [Term("sum", (), tuple(signals[base].constraints(index)), sympy.S.One, (expr,))]
        raise ValueError(f"{base} is neither a signal nor a defined array")
    if isinstance(expr, sympy.KroneckerDelta):
        return [Term("sum", (), (sympy.Eq(expr.args[0], expr.args[1]),), sympy.S.One, ())]
    if isinstance(expr, Iverson):
        return [Term("sum", (), tuple(_conjuncts(expr.args[0])), sympy.S.One, ())]
    if expr.has(sympy.Indexed, sympy.Sum):
        raise ValueError(f"no canonical form for {expr}")
    return [Term("sum", (), (), expr, ())]


def _rename_bound(expr, namer):
    """``expr`` with the variables of every Sum and MaxOver in it renamed to fresh names."""
    if isinstance(expr, sympy.Sum):
        renames = {v: namer.fresh(v) for v, *_ in expr.limits}
        limits = [(renames[v], low.xreplace(renames), high.xreplace(renames)) for v, low, high in expr.limits]
        return sympy.Sum(_rename_bound(expr.function.xreplace(renames), namer), *limits)
    if isinstance(expr, MaxOver):
        body, variables, condition = expr.args
        renames = {v: namer.fresh(v) for v in variables}
        return MaxOver(_rename_bound(body.xreplace(renames), namer), sympy.Tuple(*renames.values()),
                       condition.xreplace(renames))
    if isinstance(expr, sympy.Basic) and expr.args and expr.has(sympy.Sum, MaxOver):
        return expr.func(*(_rename_bound(arg, namer) for arg in expr.args))
    return expr


def _conjuncts(condition):
    if condition is sympy.true:
        return []
    if isinstance(condition, sympy.And):
        return [c for part in condition.args for c in _conjuncts(part)]
    return [condition]


def _affine_coefficient(expr, variable):
    expr = sympy.expand(expr)
    coefficient = expr.coeff(variable)
    rest = sympy.expand(expr - coefficient * variable)
    return coefficient, rest


def normalize(term: Term, substitutions=None) -> Term | None:
    """Simplify a term: parameter substitutions, variables fixed by equalities or equal bounds eliminated.

    Returns None for a term whose constraints are contradictory numbers (it is 0).
    """
    substitutions = dict(substitutions or {})
    term = _substitute(term, substitutions)
    while True:
        equalities = [c for c in term.constraints if isinstance(c, sympy.Eq)]
        solved, _ = eliminate(equalities, only=set(term.variables)) if equalities else ({}, [])
        if not solved:
            solved = _pinned(term)
        if not solved:
            break
        variable, value = next(iter(solved.items()))
        term = _substitute(term, {variable: value})
        term = Term(term.kind, tuple(v for v in term.variables if v != variable), term.constraints,
                    term.coefficient, term.reads)
    constraints = []
    for c in term.constraints:
        forms = [sympy.expand(c.lhs - c.rhs)] if isinstance(c, sympy.Eq) else None
        if isinstance(c, sympy.Eq):
            if forms[0] == 0:
                continue
            if forms[0].is_number:
                return None
        elif isinstance(c, (sympy.Le, sympy.Lt, sympy.Ge, sympy.Gt)):
            value = sympy.expand(c.rhs - c.lhs) if isinstance(c, (sympy.Le, sympy.Lt)) else sympy.expand(c.lhs - c.rhs)
            if value.is_number:
                if value < 0 or (value == 0 and isinstance(c, (sympy.Lt, sympy.Gt))):
                    return None
                continue
            c = sympy.Le(0, value) if isinstance(c, (sympy.Le, sympy.Ge)) else sympy.Lt(0, value)
        elif c is sympy.true:
            continue
        elif c is sympy.false:
            return None
        if c not in constraints:
            constraints.append(c)
    if term.coefficient == 0:
        return None
    return Term(term.kind, term.variables, tuple(constraints), term.coefficient, term.reads)


def _substitute(term, mapping):
    if not mapping:
        return term

    def sub(e):
        return e.xreplace(mapping) if hasattr(e, "xreplace") else e

    constraints = []
    for c in term.constraints:
        c = sub(c)
        if c is sympy.true:
            continue
        constraints.append(c)
    return Term(term.kind, term.variables, tuple(constraints),
                sympy.expand(sub(term.coefficient)), tuple(sympy.Indexed(r.base, *(sympy.expand(sub(i)) for i in r.indices))
                                                           for r in term.reads))


def _pinned(term):
    """A variable whose lower and upper bounds coincide: ``{variable: value}``."""
    lows, highs = {}, {}
    for c in term.constraints:
        if not isinstance(c, (sympy.Le, sympy.Ge)):
            continue
        expr = sympy.expand(c.rhs - c.lhs) if isinstance(c, sympy.Le) else sympy.expand(c.lhs - c.rhs)  # >= 0
        for v in term.variables:
            coefficient, rest = _affine_coefficient(expr, v)
            if coefficient == 1 and v not in rest.free_symbols:
                lows.setdefault(v, []).append(-rest)  # v >= -rest
            elif coefficient == -1 and v not in rest.free_symbols:
                highs.setdefault(v, []).append(rest)  # v <= rest
    for v in term.variables:
        for low in lows.get(v, ()):
            for high in highs.get(v, ()):
                if sympy.expand(high - low) == 0:
                    return {v: low}
    return {}


@dataclass
class Match:
    """A bijection between the summation points of two terms: ``forward`` (v -> u) and ``backward`` (u -> v)."""

    ok: bool
    forward: dict = field(default_factory=dict)
    backward: dict = field(default_factory=dict)
    reason: str = ""
    pairs: tuple = ()

    def __bool__(self):
        return self.ok


def _solve(equations, unknowns):
    if not unknowns:
        return {} if all(sympy.expand(e) == 0 for e in equations) else None
    solutions = sympy.linsolve([sympy.expand(e) for e in equations], list(unknowns))
    if not isinstance(solutions, sympy.FiniteSet) or len(solutions) != 1:
        return None
    (solution,) = solutions
    mapping = dict(zip(unknowns, solution))
    if any(value.free_symbols & set(unknowns) for value in mapping.values()):
        return None  # underdetermined
    return {u: sympy.expand(value) for u, value in mapping.items()}


def _solve_either(equations, equalities, unknowns):
    found = _solve(equations, unknowns)
    return found if found is not None else _solve(equations + equalities, unknowns)


def _integral(mapping) -> bool:
    return all(value.is_integer for value in mapping.values())


def _read_pairs(left, right, signals):
    """Every way to pair the reads of the two terms base by base."""
    by_base_left, by_base_right = {}, {}
    for r in left.reads:
        by_base_left.setdefault(r.base, []).append(r)
    for r in right.reads:
        by_base_right.setdefault(r.base, []).append(r)
    if {b: len(v) for b, v in by_base_left.items()} != {b: len(v) for b, v in by_base_right.items()}:
        return
    bases = sorted(by_base_left, key=str)
    choices = [list(itertools.permutations(by_base_right[b])) for b in bases]
    for choice in itertools.product(*choices):
        yield [pair for b, perm in zip(bases, choice) for pair in zip(by_base_left[b], perm)]


def _equations(pairs, signals, periodic_ok=False):
    equations, periodic = [], []
    for a, b in pairs:
        signal = signals.get(a.base)
        period = signal.period if signal is not None else ()
        for axis, (x, y) in enumerate(zip(a.indices, b.indices)):
            if axis < len(period) and period[axis] is not None:
                periodic.append((x, y, period[axis]))
            else:
                equations.append(x - y)
    return equations, periodic


def match(left: Term, right: Term, hypotheses, signals=(), *, prove=True) -> Match:
    """Find and check a change of summation index carrying ``left`` onto ``right``.

    Parameters
    ----------
    left, right : Term
        Normalised terms.
    hypotheses : iterable of SymPy relations
        What holds of the symbols (sizes positive, the output index in range,
        the identity's conditions, facts about floors).
    signals : iterable of Signal
        For the periods of circular axes.

    Returns
    -------
    Match
        Truthy when every check passed; ``reason`` says which failed otherwise.
    """
    signals = {s.base: s for s in signals}
    hypotheses = list(hypotheses)
    if left.kind != right.kind:
        return Match(False, reason=f"a {left.kind} against a {right.kind}")
    if len(left.reads) != len(right.reads):
        return Match(False, reason="different reads")
    last = "the reads cannot be paired"
    for pairs in _read_pairs(left, right, signals):
        equations, periodic = _equations(pairs, signals)
        left_eq = [sympy.expand(c.lhs - c.rhs) for c in left.constraints if isinstance(c, sympy.Eq)]
        right_eq = [sympy.expand(c.lhs - c.rhs) for c in right.constraints if isinstance(c, sympy.Eq)]
        # the reads alone, or with the equalities of the side solved for when the reads leave it open
        forward = _solve_either(equations, right_eq, right.variables)
        backward = _solve_either(equations, left_eq, left.variables)
        if forward is None or backward is None:
            last = "the reads do not determine a change of index"
            continue
        if not (_integral(forward) and _integral(backward)):
            last = "the change of index is not integral"
            continue
        result = _check(left, right, forward, backward, periodic, hypotheses, prove)
        if result.ok:
            # every pair of reads reads the same entry under the change of index
            for difference in equations:
                moved = sympy.expand(difference.xreplace(forward))
                if moved != 0 and not _holds(sympy.Eq(moved, 0), [*left.constraints, *hypotheses]):
                    result = Match(False, reason=f"the reads differ by {moved}")
                    break
        if result.ok:
            result.pairs = tuple(pairs)
            return result
        last = result.reason
    return Match(False, reason=last)


def _holds(goal, hypotheses) -> bool:
    goal = goal if isinstance(goal, sympy.Basic) else sympy.sympify(goal)
    if goal is sympy.true:
        return True
    if goal in hypotheses:
        return True
    return entails(hypotheses, goal)


def _check(left, right, forward, backward, periodic, hypotheses, prove) -> Match:
    there = {**forward}
    back = {**backward}
    for v in left.variables:
        value = sympy.expand(back.get(v, v).xreplace(there))
        if value != v and not _holds(sympy.Eq(value, v), [*left.constraints, *hypotheses]):
            return Match(False, reason=f"the inverse does not give back {v}")
    for u in right.variables:
        value = sympy.expand(there.get(u, u).xreplace(back))
        if value != u and not _holds(sympy.Eq(value, u), [*right.constraints, *hypotheses]):
            return Match(False, reason=f"the change of index does not give back {u}")
    difference = sympy.expand(left.coefficient - right.coefficient.xreplace(there))
    if difference != 0 and sympy.simplify(difference) != 0:
        return Match(False, reason=f"the coefficients differ by {difference}")
    for x, y, period in periodic:
        quotient = sympy.simplify((x - y.xreplace(there)) / period)
        if not quotient.is_integer:
            return Match(False, reason=f"the reads {x} and {y} are not a period apart")
    if prove:
        source = [*left.constraints, *hypotheses]
        for c in right.constraints:
            goal = c.xreplace(there)
            if not _holds(goal, source):
                return Match(False, reason=f"{goal} does not follow from the left side's constraints")
        target = [*right.constraints, *hypotheses]
        for c in left.constraints:
            goal = c.xreplace(back)
            if not _holds(goal, target):
                return Match(False, reason=f"{goal} does not follow from the right side's constraints")
    return Match(True, forward=forward, backward=backward)


def match_all(left_terms, right_terms, hypotheses, signals=()):
    """Pair the terms of two canonical forms one to one; returns the list of matches or None."""
    left_terms, right_terms = list(left_terms), list(right_terms)
    if len(left_terms) != len(right_terms):
        return None, f"{len(left_terms)} terms against {len(right_terms)}"
    reason = ""
    for permutation in itertools.permutations(range(len(right_terms))):
        matches = []
        for n, m in enumerate(permutation):
            found = match(left_terms[n], right_terms[m], hypotheses, signals)
            if not found:
                reason = found.reason
                break
            matches.append(found)
        else:
            return matches, ""
    return None, reason


def render(terms):
    """A canonical form as one SymPy expression: sums over all integers with Iverson brackets."""
    parts = []
    for t in terms:
        condition = sympy.And(*t.constraints) if t.constraints else sympy.true
        if t.kind == "max":
            parts.append(MaxOver(t.body, sympy.Tuple(*t.variables), condition))
            continue
        body = t.body if not t.constraints else Iverson(condition) * t.body
        for v in reversed(t.variables):
            body = sympy.Sum(body, (v, -sympy.oo, sympy.oo))
        parts.append(body)
    return sympy.Add(*parts) if parts else sympy.S.Zero

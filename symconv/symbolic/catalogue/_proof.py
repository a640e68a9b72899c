"""Proofs as data: steps that SymPy checks, rendered as a :class:`~symconv.symbolic.derivation.Derivation`.

A :class:`Proof` is a list of :class:`ProofStep` objects, each showing SymPy
relations and carrying a check that SymPy runs; the proof holds when every
check passes.  :func:`canonical_proof` builds the usual one: the two sides of
an identity put in canonical form (:mod:`._forms`) and carried onto each
other by a change of summation index.
"""

from __future__ import annotations

from typing import Callable

import sympy
from sympy.core.function import AppliedUndef

from ..derivation import Derivation, Step
from ._entail import eliminate, entails
from ._forms import Definition, Namer, Signal, Term, match_all, normalize, render, unfold

__all__ = ["Proof", "ProofStep", "canonical_proof", "GENERAL", "INSTANCES"]

#: A proof for every value of the symbols.
GENERAL = "general"
#: A check on every instance in a stated range: not a proof for all sizes.
INSTANCES = "instances"


class ProofStep:
    """One step: relations to show, a sentence saying why they hold, and SymPy's check of it.

    Parameters
    ----------
    title : str
    relations : sequence of SymPy objects
    explanation : str
        Prose with ``{name}`` placeholders filled from ``symbols``.
    check : callable
        ``() -> bool``; True when SymPy verified the step.
    symbols : mapping, optional
    """

    __slots__ = ("title", "relations", "explanation", "check", "symbols", "reason")

    def __init__(self, title: str, relations, explanation: str, check: Callable[[], bool], symbols=None):
        self.title = title
        self.relations = relations if callable(relations) else tuple(relations)
        self.explanation = explanation
        self.check = check
        self.symbols = dict(symbols or {})
        self.reason = ""

    def holds(self) -> bool:
        """Run the check; a crash counts as a failure, its message kept in ``reason``."""
        try:
            result = self.check()
        except Exception as error:  # a step that cannot be checked is not proved
            self.reason = f"{type(error).__name__}: {error}"
            return False
        if isinstance(result, tuple):
            result, self.reason = result
        return bool(result)

    def shown(self) -> tuple:
        """The relations to show (computed by the check for some steps)."""
        return tuple(self.relations()) if callable(self.relations) else self.relations

    def __repr__(self):
        return f"ProofStep({self.title!r})"


class Proof:
    """A proof: its kind (general or instances), the method in a sentence, and its steps.

    Examples
    --------
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> step = ProofStep("Expand", [sympy.Eq((x + 1) ** 2, x**2 + 2 * x + 1, evaluate=False)],
    ...                  "Expanded by SymPy.", lambda: sympy.expand((x + 1) ** 2 - x**2 - 2 * x - 1) == 0)
    >>> proof = Proof(GENERAL, "Expansion.", [step])
    >>> proof.holds(), len(proof.derivation("square"))
    (True, 1)
    """

    def __init__(self, kind: str, method: str, steps, *, checked: str = ""):
        if kind not in (GENERAL, INSTANCES):
            raise ValueError(f"kind: expected {GENERAL!r} or {INSTANCES!r}, got {kind!r}")
        self.kind = kind
        self.method = method
        self.steps = tuple(steps)
        self.checked = checked
        self.failure = ""

    def holds(self) -> bool:
        """Whether every step's check passes; ``failure`` names the first that does not."""
        for step in self.steps:
            if not step.holds():
                self.failure = f"{step.title}: {step.reason}" if step.reason else step.title
                return False
        self.failure = ""
        return True

    def derivation(self, title: str) -> Derivation:
        """The proof as a :class:`Derivation`; its ``check()`` reports each step."""
        self.holds()  # relations found by a check (a change of index) are shown once it ran
        steps = [Step(s.title, s.shown(), s.explanation, symbols=s.symbols) for s in self.steps]

        def check():
            return {s.title: s.holds() for s in self.steps}

        return Derivation(title, steps, checker=check)


def _substitutions(hypotheses):
    """Equalities and flags among the hypotheses as substitutions; the rest of them.

    ``Eq(f(t, ...), expr)`` for an undefined function ``f`` of symbols becomes
    ``{f: Lambda((t, ...), expr)}`` (a stage that is the identity, a mask of ones).
    """
    flags, equalities, rest = {}, [], []
    flat = []
    for h in hypotheses:
        flat += list(h.args) if isinstance(h, sympy.And) else [h]
    for h in flat:
        if (isinstance(h, sympy.Eq) and isinstance(h.lhs, AppliedUndef)
                and all(isinstance(arg, sympy.Symbol) for arg in h.lhs.args)):
            flags[h.lhs.func] = sympy.Lambda(h.lhs.args, h.rhs)
        elif isinstance(h, sympy.Symbol):
            flags[h] = sympy.true
        elif isinstance(h, sympy.Not) and isinstance(h.args[0], sympy.Symbol):
            flags[h.args[0]] = sympy.false
        elif isinstance(h, sympy.Eq):
            equalities.append(h)
        else:
            rest.append(h)
    solved, unused = eliminate(equalities)
    return {**flags, **solved}, rest + [sympy.Eq(e, 0) for e in unused]


def _replace_functions(expr, functions):
    for f, g in functions.items():
        expr = expr.replace(f, g)
    return expr


def _apply(hypotheses, substitutions):
    out = []
    for h in hypotheses:
        h = h.xreplace(substitutions)
        if h is sympy.true or h is True:
            continue
        out.append(h)
    return out


def _without_known(term, hypotheses):
    """The term without the constraints on its free indices alone that the hypotheses already give (they hold)."""
    keep = []
    for c in term.constraints:
        if not (c.free_symbols & set(term.variables)) and (c in hypotheses or entails(hypotheses, c)):
            continue
        keep.append(c)
    return Term(term.kind, term.variables, tuple(keep), term.coefficient, term.reads)


def _substituted(signal, substitutions):
    def sub(value):
        return None if value is None else sympy.sympify(value).xreplace(substitutions)

    return Signal(signal.base, tuple(None if b is None else (sub(b[0]), sub(b[1])) for b in signal.support),
                  tuple(sub(p) for p in signal.period))


def _integral_indices(expr) -> tuple:
    """Every index of every read in ``expr`` is an integer (SymPy decides from the symbols' assumptions)."""
    for read in expr.atoms(sympy.Indexed):
        for index in read.indices:
            if not sympy.sympify(index).is_integer:
                return False, f"the index {index} of {read.base} is not known to be an integer"
    return True, ""


class _Setting:
    """The hypotheses of a canonical proof after the conditions are substituted."""

    def __init__(self, claim, definitions, hypotheses, sizes, facts):
        substitutions, rest = _substitutions(list(hypotheses) + [f for f, _ in facts])
        functions = {f: g for f, g in substitutions.items() if isinstance(g, sympy.Lambda)}
        flags = {f: v for f, v in substitutions.items() if v in (sympy.true, sympy.false)}
        substitutions = {key: v for key, v in substitutions.items() if key not in functions}
        if functions or flags:
            claim = _replace_functions(claim, functions).xreplace(flags)
            definitions = tuple(Definition(d.base, d.indices, _replace_functions(d.rhs, functions).xreplace(flags),
                                           d.domain) for d in definitions)
        # a count whose floor disappears under the conditions is its value; two counts with one formula are one
        representatives: dict = {}
        for size in sizes:
            value = sympy.expand(sympy.sympify(size.formula).xreplace(substitutions))
            if not value.has(sympy.floor, sympy.ceiling, sympy.Piecewise):
                replacement = value
            elif value in representatives:
                replacement = representatives[value]
            else:
                representatives[value] = size.symbol
                continue
            substitutions = {key: v.xreplace({size.symbol: replacement}) for key, v in substitutions.items()}
            substitutions[size.symbol] = replacement
        self.claim = claim
        self.definitions = definitions
        self.substitutions = substitutions
        self.hypotheses = _apply(rest, substitutions)


def canonical_proof(claim, signals, definitions, hypotheses, *, sizes=(), facts=(), method=None) -> Proof:
    """The proof of ``claim`` by canonical forms and a change of summation index.

    Parameters
    ----------
    claim : sympy.Eq or sympy.And of them
        The identity's two sides (each conjunct is proved), reads of defined arrays and signals.
    signals, definitions : iterables of :class:`._forms.Signal`, :class:`._forms.Definition`
    hypotheses : iterable of SymPy relations or boolean symbols
        Symbol domains, the range of the free indices and the identity's conditions;
        equalities among them are substituted before the forms are compared.
    sizes : iterable of Size
        Output counts named by a symbol: their formula (checked against
        symconv's geometry) and the facts a floor gives; a count whose
        formula loses its floor under the conditions is replaced by its value.
    facts : iterable of (relation, check) pairs
        Further hypotheses, each proved by its own SymPy check.
    method : str, optional
        The method sentence; the canonical-form one by default.
    """
    signals, definitions, sizes = tuple(signals), tuple(definitions), tuple(sizes)
    facts = tuple(facts) + tuple(f for size in sizes for f in size.facts)
    steps = [
        ProofStep("Definitions", [d.equation for d in definitions] + [sympy.And(*d.domain) for d in definitions if d.domain],
                  "The operations by their definitions (symconv's index rule; an array is zero outside its support).",
                  lambda: True),
    ]
    if facts or sizes:
        steps.append(ProofStep("Sizes", [s.definition for s in sizes] + [f for f, _ in facts],
                               "The output counts, equal to symconv's geometry, and what their floors give; "
                               "each checked by SymPy.",
                               lambda: all(s.check() for s in sizes) and all(check() for _, check in facts)))
    setting = _Setting(claim, definitions, hypotheses, sizes, facts)
    signals = tuple(_substituted(signal, setting.substitutions) for signal in signals)
    conjuncts = setting.claim.args if isinstance(setting.claim, sympy.And) else (setting.claim,)
    for number, conjunct in enumerate(conjuncts):
        suffix = f" ({number + 1})" if len(conjuncts) > 1 else ""
        steps += _conjunct_steps(conjunct, signals, setting, suffix)
    return Proof(GENERAL, method or _METHOD, steps)


def _conjunct_steps(claim, signals, setting, suffix):
    state: dict = {}
    namer = Namer.around(claim, setting.definitions)

    def forms(side):
        if side not in state:
            terms = unfold(getattr(claim, side), signals, setting.definitions, namer=namer)
            normal = [t for t in (normalize(t, setting.substitutions) for t in terms) if t is not None]
            state[side] = [_without_known(t, setting.hypotheses) for t in normal]
        return state[side]

    def show(side):
        try:
            return render(forms(side))
        except Exception:  # shown as the side itself when it has no canonical form
            return getattr(claim, side)

    def side_check(side):
        def check():
            ok, reason = _integral_indices(getattr(claim, side).xreplace(setting.substitutions))
            if not ok:
                return False, reason
            return bool(forms(side)) or not forms("rhs" if side == "lhs" else "lhs"), ""
        return check

    def matched():
        matches, reason = match_all(forms("lhs"), forms("rhs"), setting.hypotheses, signals)
        state["matches"] = matches
        return (matches is not None, reason)

    return [
        ProofStep("Left side" + suffix, lambda: [sympy.Eq(claim.lhs, show("lhs"), evaluate=False)],
                  "The left side as a reduction over integer points: each read adds its validity predicate "
                  "(zero padding) and defined arrays are inlined with their domain.", side_check("lhs")),
        ProofStep("Right side" + suffix, lambda: [sympy.Eq(claim.rhs, show("rhs"), evaluate=False)],
                  "The right side in the same canonical form.", side_check("rhs")),
        ProofStep("Change of summation index" + suffix, lambda: _map_relations(state.get("matches")),
                  _MAP_SENTENCE, matched),
    ]


def _map_relations(matches):
    out = []
    for found in matches or ():
        out += [sympy.Eq(u, value, evaluate=False) for u, value in found.forward.items()]
    return out


_METHOD = ("canonical form (a sum over integer points of coefficient times reads at affine indices, with the "
           "validity predicate of every read) compared term by term after a change of summation index checked by SymPy")

_MAP_SENTENCE = ("An affine change of summation index with integer coefficients, found by equating the indices of "
                 "the reads, and its inverse: SymPy checks that they compose to the identity, that every constraint "
                 "of each side follows from the other side's constraints and the hypotheses (a linear certificate "
                 "verified exactly), and that the coefficients agree. A bijection of the summation points that keeps "
                 "every term proves the two sides equal.")

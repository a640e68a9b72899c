"""What every family of the catalogue shares: :class:`Identity`, :class:`Condition` and the helpers of the checks.

An identity is a *statement*: ``Implies(And(domain, conditions), claim)``,
printed by SymPy.  Its proof is built from those same objects (the claim and
the conditions are handed to the prover), so the statement printed is the
statement checked.  Its numeric check runs the operations it is about on
random data -- symconv's own, or anyone's (:class:`.operations.Operations`).
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import sympy

from ...geometry import Geometry
from ..derivation import latex
from ._proof import GENERAL, INSTANCES, Proof
from .operations import as_operations

__all__ = ["Identity", "Condition", "Size", "GENERAL", "INSTANCES"]


class Condition:
    """A condition of an identity: its SymPy relation, its wording and a counterexample without it.

    Parameters
    ----------
    relation : sympy.Basic
        Part of the statement (an equality, an inequality, a flag such as
        ``count_include_pad``).
    text : str
        The condition in words (prose, translated on the pages).
    violation : callable, optional
        ``(ops) -> bool``: the identity's two sides compared at ``example``,
        where this condition fails; a negative control expects False.
    example : str
        The counterexample's values, e.g. ``"n=8, k=3, p=1, t=-2, i=0"``.
    in_proof : bool, default True
        Whether the symbolic proof uses it as a hypothesis (then the proof
        without it must fail too).
    """

    __slots__ = ("relation", "text", "violation", "example", "in_proof")

    def __init__(self, relation, text: str, violation: Callable | None = None, example: str = "", *, in_proof=True):
        self.relation = relation
        self.text = text
        self.violation = violation
        self.example = example
        self.in_proof = in_proof

    def __repr__(self):
        return f"Condition({sympy.sstr(self.relation)!r})"


def _no_proof(identity, conditions) -> Proof:
    return Proof(INSTANCES, "none", [])


class Identity:
    """One identity of the catalogue.

    Parameters
    ----------
    name : str
        Short kebab-case name, unique in the catalogue.
    claim : sympy.Basic
        What holds (an ``Eq`` of the two sides, or another relation).
    description : str
        One sentence in words.
    proof : callable
        ``(identity, conditions) -> Proof``: builds the proof from the
        identity's own claim and the conditions given (all of them by
        default; a negative control drops one).
    numeric : callable
        ``(rng, ops) -> bool``: the check on random numbers and geometries,
        running the operations of ``ops`` (:class:`Operations`).
    source : str
        Where the notes or the literature state it.
    conditions : sequence of Condition
        When it holds; part of the statement.
    domain : sequence of SymPy relations
        The range of the free indices (part of the statement, not a condition).
    definitions : sequence of Definition
        The arrays the claim reads, shown with the statement.
    uses : sequence of str
        The operations the numeric check calls (names of :class:`Operations` fields).

    Examples
    --------
    >>> from symconv.symbolic.catalogue import identity
    >>> ident = identity("stride-is-subsampling")
    >>> ident.check_symbolic(), ident.check_numeric(np.random.default_rng(0)), ident.proof_kind
    (True, True, 'general')
    >>> print(ident.conditions_text)
    the padding is the same number of cells in both layers (not "same", whose pads depend on the stride)
    """

    __slots__ = ("name", "claim", "description", "source", "conditions", "domain", "definitions", "uses",
                 "_prover", "_numeric", "_proofs")

    def __init__(self, name, claim, description, *, proof: Callable = _no_proof, numeric: Callable, source="",
                 conditions=(), domain=(), definitions=(), uses=()):
        self.name = name
        self.claim = claim
        self.description = description
        self.source = source
        self.conditions = tuple(conditions)
        self.domain = tuple(domain)
        self.definitions = tuple(definitions)
        self.uses = tuple(uses)
        self._prover = proof
        self._numeric = numeric
        self._proofs = {}

    @property
    def statement(self):
        """``Implies(And(domain, conditions), claim)``: what the proof proves."""
        premises = [*self.domain, *(c.relation for c in self.conditions)]
        if not premises:
            return self.claim
        return sympy.Implies(sympy.And(*premises, evaluate=False), self.claim, evaluate=False)

    @property
    def latex(self) -> str:
        """The statement in LaTeX, as the pages print it (:func:`symconv.symbolic.derivation.latex`)."""
        return latex(self.statement)

    @property
    def conditions_text(self) -> str:
        """The conditions in words, joined by semicolons ("" without conditions)."""
        return "; ".join(c.text for c in self.conditions)

    def prove(self, *, without=None) -> Proof:
        """The proof, built from this identity's claim and conditions (``without`` one of them left out)."""
        conditions = tuple(c for c in self.conditions if c is not without)
        key = id(without)
        if key not in self._proofs:
            self._proofs[key] = self._prover(self, conditions)
        return self._proofs[key]

    @property
    def proof_kind(self) -> str:
        """``"general"`` (proved for every value of the symbols) or ``"instances"`` (checked on a stated range)."""
        return self.prove().kind

    @property
    def method(self) -> str:
        """How it is proved, in one sentence."""
        return self.prove().method

    def check_symbolic(self) -> bool:
        """Run the proof: every step checked by SymPy."""
        return bool(self.prove().holds())

    def check_numeric(self, rng=None, *, ops=None) -> bool:
        """Check the identity on random data and random geometries.

        Parameters
        ----------
        rng : numpy.random.Generator, int or None
            Passed to :func:`numpy.random.default_rng`.
        ops : Operations, optional
            The implementation checked; symconv's own by default.
        """
        return bool(self._numeric(np.random.default_rng(rng), as_operations(ops)))

    def negative_controls(self, ops=None) -> list:
        """``(condition, holds)`` for each condition with a counterexample: the identity at it (False expected)."""
        ops = as_operations(ops)
        return [(c, bool(c.violation(ops))) for c in self.conditions if c.violation is not None]

    def derivation(self):
        """The proof as a :class:`~symconv.symbolic.derivation.Derivation`."""
        return self.prove().derivation(self.name)

    def __repr__(self):
        return f"Identity({self.name!r})"

    def _repr_latex_(self) -> str:
        """Jupyter shows the statement, as SymPy objects show themselves."""
        return f"$\\displaystyle {self.latex}$"


# ----------------------------------------------------------------------------
# symbols and size facts
# ----------------------------------------------------------------------------


def integers(names: str):
    """Integer symbols (indices, taps, offsets)."""
    return sympy.symbols(names, integer=True)


def sizes(names: str):
    """Positive integer symbols (sizes, strides, dilations, channels, groups)."""
    return sympy.symbols(names, integer=True, positive=True)


def counts(names: str):
    """Integer symbols for output counts: not assumed positive (a kernel may not fit), so SymPy
    never decides ``0 <= O - 1`` from an assumption; a proof must derive it."""
    return sympy.symbols(names, integer=True)


def naturals(names: str):
    """Non-negative integer symbols (paddings)."""
    return sympy.symbols(names, integer=True, nonnegative=True)


def positive(*symbols) -> list:
    """``symbol >= 1`` for each: the domain the linear certificates need spelled out."""
    return [sympy.Ge(s, 1) for s in symbols]


def nonnegative(*symbols) -> list:
    return [sympy.Ge(s, 0) for s in symbols]


def index_range(index, count) -> list:
    """``0 <= index <= count - 1``."""
    return [sympy.Le(0, index), sympy.Le(index, count - 1)]


def floor_size(symbol, numerator, stride):
    """The output count ``O = floor(numerator / s) + 1`` as facts a linear certificate can use.

    Returns ``(definition, facts)``: ``Eq(O, floor(numerator/s) + 1)`` and
    ``[(s (O - 1) <= numerator, check), (numerator <= s (O - 1) + s - 1, check)]``,
    each check SymPy's: ``floor(y) = y - frac(y)`` with ``0 <= frac(y) < 1``.
    """
    y = numerator / stride
    definition = sympy.Eq(symbol, sympy.floor(y) + 1, evaluate=False)

    def check():
        fraction = sympy.frac(y)
        return (bool(fraction >= 0) and bool(fraction < 1)
                and sympy.simplify(fraction.rewrite(sympy.floor) - (y - sympy.floor(y))) == 0)

    facts = [
        (sympy.Le(stride * (symbol - 1), numerator), check),
        (sympy.Le(numerator, stride * (symbol - 1) + stride - 1), check),
    ]
    return definition, facts


def geometry_size(n, k, s, p, d, *, before=None, after=None):
    """symconv's output size (:class:`symconv.Geometry`) for SymPy sizes: what the statements' counts are checked against."""
    pads = ((p, p),) if before is None else ((before, after),)
    return Geometry(k, s, pads, d).output_size((n,))[0]


def same_size(left, right) -> Callable[[], bool]:
    """A check that two size expressions are equal (SymPy)."""
    return lambda: sympy.simplify(sympy.sympify(left) - right) == 0


# ----------------------------------------------------------------------------
# numeric helpers
# ----------------------------------------------------------------------------


def close(a, b) -> bool:
    """Entrywise equality to rounding (the shapes must agree)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        return False
    scale = max(1.0, float(np.max(np.abs(a), initial=0)), float(np.max(np.abs(b), initial=0)))
    return bool(np.allclose(a, b, rtol=1e-9, atol=1e-9 * scale))


def trials(check, rng, n=6) -> bool:
    return all(check(rng) for _ in range(n))


def randint(rng, low, high) -> int:
    return int(rng.integers(low, high + 1))


def randints(rng, low, high, ndim) -> tuple:
    """``ndim`` random ints from ``low`` to ``high``: a random size, stride or padding per axis."""
    return tuple(randint(rng, low, high) for _ in range(ndim))


def random_layer(rng, *, ndim=2, groups=True, stride=True, padding=True, dilation=True):
    """A random valid convolution: (x, w, geometry keyword arguments)."""
    g = randint(rng, 1, 3) if groups else 1
    c_in, c_out = g * randint(rng, 1, 2), g * randint(rng, 1, 2)
    kernel = randints(rng, 1, 3, ndim)
    kwargs = dict(
        stride=randints(rng, 1, 3, ndim) if stride else (1,) * ndim,
        padding=randints(rng, 0, 2, ndim) if padding else (0,) * ndim,
        dilation=randints(rng, 1, 2, ndim) if dilation else (1,) * ndim,
        groups=g,
    )
    spatial = tuple(d * (k - 1) + 1 + randint(rng, 0, 4) for k, d in zip(kernel, kwargs["dilation"]))
    x = rng.normal(size=(randint(rng, 1, 2), c_in, *spatial))
    w = rng.normal(size=(c_out, c_in // g, *kernel))
    return x, w, kwargs




def canonical(signals, definitions, assumptions, *, sizes=(), facts=()):
    """A prover for :class:`Identity`: :func:`._proof.canonical_proof` of the identity's claim.

    The hypotheses are ``assumptions`` (what the symbols range over), the
    identity's domain and the conditions the prover is given.
    """
    from ._forms import Definition
    from ._proof import canonical_proof

    arrays = [d for d in definitions if isinstance(d, Definition)]

    def prover(identity, conditions):
        hypotheses = [*assumptions, *identity.domain, *(c.relation for c in conditions)]
        return canonical_proof(identity.claim, signals, arrays, hypotheses, sizes=sizes, facts=facts)

    return prover


class Size:
    """An output count named by a symbol: its formula, SymPy's check of it against symconv's geometry, its floor facts.

    Parameters
    ----------
    symbol : sympy.Symbol
    formula : SymPy expression
        The count as the statement writes it, e.g. ``floor((n + 2p - d(k-1) - 1)/s) + 1``.
    geometry : SymPy expression, optional
        What :class:`symconv.Geometry` gives; the check is that the two are equal.
    """

    __slots__ = ("symbol", "formula", "geometry", "facts")

    def __init__(self, symbol, formula, geometry=None):
        self.symbol = symbol
        self.formula = formula
        self.geometry = formula if geometry is None else geometry
        self.facts = ()
        floors = [f for f in sympy.sympify(formula).atoms(sympy.floor)]
        if len(floors) == 1 and sympy.expand(formula - floors[0]) == 1:
            numerator, denominator = sympy.fraction(sympy.together(floors[0].args[0]))
            self.facts = tuple(floor_size(symbol, numerator, denominator)[1])

    @property
    def definition(self):
        return sympy.Eq(self.symbol, self.formula, evaluate=False)

    def check(self) -> bool:
        return sympy.simplify(sympy.sympify(self.formula) - self.geometry) == 0


def conv_size(symbol, n, k, s, p, d, *, after=None):
    """The output count of a convolution, ``floor((n + p + p_after - d(k-1) - 1)/s) + 1``, checked against the geometry."""
    after = p if after is None else after
    numerator = n + p + after - d * (k - 1) - 1
    formula = sympy.floor(numerator / s) + 1 if s != 1 else numerator + 1
    return Size(symbol, formula, geometry_size(n, k, s, p, d, before=p, after=after))


def euclid_split(flat, block, inner, blocks, width, summand):
    """``sum_{flat=0}^{blocks*width-1} f(flat) = sum_{block} sum_{inner} f(block*width + inner)``, and SymPy's check.

    Division with remainder: ``(block, inner) -> block*width + inner`` maps
    ``[0, blocks-1] x [0, width-1]`` onto ``[0, blocks*width - 1]`` one to one
    -- the first pair goes to 0, the last to ``blocks*width - 1``, and each
    block ends one before the next begins.  Returns ``(relation, check)``.
    """
    left = sympy.Sum(summand(flat), (flat, 0, blocks * width - 1))
    right = sympy.Sum(summand(block * width + inner), (inner, 0, width - 1), (block, 0, blocks - 1))

    def check():
        first = sympy.expand(0 * width + 0) == 0
        last = sympy.expand((blocks - 1) * width + (width - 1) - (blocks * width - 1)) == 0
        adjoin = sympy.expand((block * width + width - 1) + 1 - ((block + 1) * width)) == 0
        return first and last and adjoin

    return sympy.Eq(left, right, evaluate=False), check

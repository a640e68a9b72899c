"""The page ``identities``: the catalogue of :mod:`symconv.symbolic.catalogue`, each identity with its proof.

For every identity: its statement (conditions included, as SymPy prints it),
its meaning, its conditions in words, what kind of proof it has and by which
method, then the proof itself, step by step -- the steps SymPy checks when
the page is checked.
"""

from __future__ import annotations

import sympy

from ..symbolic.catalogue import GENERAL, identities, run_verification
from ..symbolic.derivation import Derivation, Step

NAME = "identities"
TITLE = "Identities of convolution"

__all__ = ["NAME", "TITLE", "make", "check"]

_INTRODUCTION = (
    "Every variant and property in the notes as a statement: a claim and the conditions under which it holds, "
    "printed by SymPy exactly as it is proved. {general} of the {total} identities are proved in general -- for "
    "every size, kernel, stride, padding, dilation, number of channels and groups, all SymPy symbols, never one "
    "instance -- and every step of each proof below is checked by SymPy when this page is built."
)

_METHOD = (
    "Most proofs use one method. Both sides are written in a canonical form: a sum (or a max) over the integer "
    "points of a set cut out by linear constraints, of coefficients times reads of arrays at affine indices, where "
    "each read of a zero-padded array brings its validity predicate (the read index lies inside the array) and "
    "each defined array is inlined with its domain. An affine change of summation index with integer coefficients, "
    "found by equating the indices of the reads, and its inverse are then checked by SymPy: they compose to the "
    "identity, every constraint of one side follows from the other's by a linear certificate (non-negative "
    "multipliers of the hypotheses and their pairwise products, verified exactly), and the coefficients agree. "
    "A bijection of the summation points that keeps every term proves the two sides equal. The other proofs are "
    "SymPy algebra on symbolic counts, induction on the number of layers, the $2 \\times 2$ minors of a matrix, and sum "
    "manipulations for the DFT; each identity names its method."
)

_CHECKS = (
    "Each identity is also checked numerically on random data and geometries against an independent route -- a "
    "plain loop of the definition, NumPy's einsum or FFT, SciPy, finite differences, windows counted by sliding -- "
    "never a code path against itself; and for each condition a negative control shows the identity failing at a "
    "counterexample when that condition is dropped (the tests in `tests/symbolic/`). The numeric checks take the "
    "operations they check as arguments (`identity.check_numeric(rng, ops=Operations(conv=...))`), so the same "
    "catalogue checks any implementation; `symconv verify` runs it all and `symconv verify --json` reports the "
    "proof kind of each identity."
)


def _identity_step(ident) -> Step:
    kind = ident.proof_kind
    notes = [f"Condition: {c.text}." for c in ident.conditions]
    notes.append("Proved in general." if kind == GENERAL else "Checked on instances only.")
    notes.append(f"Method: {ident.method}.")
    # the source is a sentence of its own, so each is translated once however many identities cite it
    notes.append(f"Source: {ident.source}.")
    return Step(ident.name, [ident.statement], ident.description, notes=notes)


def make() -> Derivation:
    """The catalogue as a document: each identity's statement, conditions, proof kind and proof.

    Returns
    -------
    Derivation
        ``check()`` runs :func:`symconv.symbolic.catalogue.run_verification` (seed 0) and reports
        ``"<name>: symbolic"`` and ``"<name>: numeric"`` for every identity.

    Examples
    --------
    >>> d = make()
    >>> d[0].title, d[1].title
    ('multi-channel-sum', 'Proof: Definitions')
    """
    catalogue = identities()
    steps = []
    for ident in catalogue:
        steps.append(_identity_step(ident))
        for step in ident.derivation():
            steps.append(Step(f"Proof: {step.title}", step.relations, step.explanation, symbols=step.symbols))

    def check():
        results = {}
        for row in run_verification(0):
            results[f"{row.name}: symbolic"] = row.symbolic_ok
            results[f"{row.name}: numeric"] = row.numeric_ok
        return results

    general = sum(ident.proof_kind == GENERAL for ident in catalogue)
    return Derivation(
        TITLE,
        steps,
        introduction=" ".join([_INTRODUCTION, _METHOD, _CHECKS]),
        checker=check,
        symbols={"general": sympy.Integer(general), "total": sympy.Integer(len(catalogue))},
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

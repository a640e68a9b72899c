"""The identity catalogue: every variant and property of convolution, as statements proved for all sizes.

:func:`identities` returns :class:`Identity` objects.  Each is a *statement*
-- ``Implies(And(domain, conditions), claim)``, printed by SymPy
(``.statement``, ``.latex``) -- with its conditions in words
(``.conditions``), and

- ``check_symbolic()`` runs its proof (``.prove()``, a :class:`Proof` whose
  steps SymPy checks; ``.derivation()`` shows it).  ``.proof_kind`` is
  ``"general"`` when the proof holds for every value of the symbols -- sizes,
  kernel, stride, padding, dilation, channels and groups are SymPy symbols,
  never one instance -- and ``"instances"`` when only a stated range is
  checked;
- ``check_numeric(rng, ops=None)`` checks it on random data and geometries,
  running the operations of ``ops`` (:class:`Operations`: symconv's own by
  default, or any other implementation of conv, conv_transpose, max_pool,
  avg_pool, correlate, convolve and deform_conv2d), against an independent
  route (a plain loop of the definition, NumPy, finite differences) -- never
  a code path against itself;
- ``negative_controls(ops=None)``: for each condition, the identity at a
  counterexample where that condition fails (False expected).

The method of most proofs: both sides are put in a *canonical form* -- a sum
(or max) over the integer points of a set cut out by linear constraints, of
coefficients times reads of arrays at affine indices, where every read of a
zero-padded array brings its validity predicate and every defined array is
inlined with its domain (:mod:`._forms`) -- and an affine change of
summation index with integer coefficients, found by equating the indices of
the reads, is checked by SymPy to be a bijection of the summation points
that keeps every term: its inverse composes to the identity, every
constraint of one side follows from the other's by a linear certificate
verified exactly (:mod:`._entail`), and the coefficients agree.  The others
are proved by SymPy algebra on symbols (counts, the bilinear form, the DFT),
by induction on the number of layers, or by the 2x2 minors of a matrix;
each says so in ``.method``.

:func:`run_verification` runs them all and :func:`format_table` prints the
result; ``symconv verify`` is wired to them.  The identities live in one
module per family, listed in :data:`FAMILIES` in catalogue order: channels
and groups, spatial separability, dilation, transposed convolution,
deformable convolution, pooling, dimensions and stride, the algebra of
convolution (commutativity, associativity, the flip, equivariance, the DFT),
padding modes (circular shifts, the DFT's eigenvectors, replicate padding of a
constant), gradients.  A new identity goes into its family's ``entries()``; the
identities page (:mod:`symconv.pages.identities`) and ``symconv verify``
list it from there.

References
----------
.. [1] Seed notes 001 (9.2), 002 (6.2-6.5) and 003 (sections 4-13).
.. [2] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285.
.. [3] I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, section 9.1-9.2
   (commutativity, equivariance to translation).
"""

from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np

from ..._errors import SymconvError
from ..._validate import short
from . import algebra, channels, deformable, dilation, dimensions, gradients, padding, pooling, separable, transposed
from ._base import Condition, Identity
from ._proof import GENERAL, INSTANCES, Proof, ProofStep
from .operations import OPERATION_NAMES, Operations

__all__ = [
    "Identity",
    "Condition",
    "Operations",
    "OPERATION_NAMES",
    "Proof",
    "ProofStep",
    "GENERAL",
    "INSTANCES",
    "identities",
    "identity",
    "VerificationRow",
    "run_verification",
    "format_table",
    "rows_as_json",
]

#: The families, in catalogue order; each module's ``entries()`` lists its identities.
FAMILIES = (channels, separable, dilation, transposed, deformable, pooling, dimensions, algebra, padding, gradients)

_CACHE: list = []


def identities() -> list[Identity]:
    """The catalogue of identities, each a statement with its conditions, a proof and a numeric check.

    Returns
    -------
    list of Identity

    Examples
    --------
    >>> cat = identities()
    >>> len(cat) >= 30, len({ident.name for ident in cat}) == len(cat)
    (True, True)
    >>> sum(ident.proof_kind == "general" for ident in cat) >= 26
    True
    >>> identity("convolution-commutes").check_symbolic()
    True

    See Also
    --------
    run_verification, format_table
    """
    if not _CACHE:
        for family in FAMILIES:
            _CACHE.extend(family.entries())
    return list(_CACHE)


def identity(name: str) -> Identity:
    """The identity called ``name``.

    Raises
    ------
    SymconvError
        No identity has that name (the message lists them).

    Examples
    --------
    >>> identity("stride-is-subsampling").name
    'stride-is-subsampling'
    """
    for ident in identities():
        if ident.name == name:
            return ident
    names = ", ".join(ident.name for ident in identities())
    raise SymconvError(f"name: expected one of {names}, got {short(name)}", parameter="name")


class VerificationRow(NamedTuple):
    """One line of :func:`run_verification`."""

    name: str
    symbolic_ok: bool
    numeric_ok: bool
    seconds: float
    error: str = ""
    proof: str = GENERAL
    conditions: str = ""
    method: str = ""


def run_verification(rng=None, *, names=None, ops=None) -> list[VerificationRow]:
    """Prove and check every identity, and time it.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Seed of the numeric checks.
    names : iterable of str, optional
        Only these identities.
    ops : Operations, optional
        The implementation the numeric checks run (symconv's own by default).

    Returns
    -------
    list of VerificationRow
        ``(name, symbolic_ok, numeric_ok, seconds, error, proof, conditions, method)``;
        an exception in a check counts as a failure and its message goes into ``error``.

    Examples
    --------
    >>> rows = run_verification(0, names=["convolution-commutes"])
    >>> rows[0].symbolic_ok, rows[0].numeric_ok, rows[0].proof
    (True, True, 'general')
    """
    rng = np.random.default_rng(rng)
    chosen = identities() if names is None else [identity(n) for n in names]
    rows = []
    for ident in chosen:
        start = time.perf_counter()
        errors = []
        results = []
        kind, method = INSTANCES, ""
        try:
            proof = ident.prove()
            kind, method = proof.kind, proof.method
        except Exception as err:  # a proof that cannot be built is a failed proof
            proof = None
            errors.append(f"{type(err).__name__}: {err}")
        for run in (lambda: proof is not None and proof.holds(), lambda: ident.check_numeric(rng, ops=ops)):
            try:
                results.append(bool(run()))
            except Exception as err:  # a crash is a failed check, reported, not raised
                results.append(False)
                errors.append(f"{type(err).__name__}: {err}")
        if proof is not None and not results[0] and proof.failure:
            errors.insert(0, f"proof: {proof.failure}")
        rows.append(VerificationRow(ident.name, results[0], results[1], time.perf_counter() - start,
                                    "; ".join(errors), kind, ident.conditions_text, method))
    return rows


def format_table(rows) -> str:
    """A plain-text table of :func:`run_verification` rows, with a summary line.

    Examples
    --------
    >>> print(format_table([VerificationRow("a", True, False, 0.25)]))
    identity  proof    symbolic  numeric  time (s)
    --------  -------  --------  -------  --------
    a         general  ok        FAIL         0.25
    1 identity (1 proved in general): 0 passed, 1 failed
    """
    rows = list(rows)
    header = ("identity", "proof", "symbolic", "numeric", "time (s)")
    body = [(r.name, r.proof, "ok" if r.symbolic_ok else "FAIL", "ok" if r.numeric_ok else "FAIL", f"{r.seconds:.2f}")
            for r in rows]
    widths = [max(len(h), *(len(line[n]) for line in body)) if body else len(h) for n, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(), "  ".join("-" * w for w in widths)]
    for line in body:
        lines.append("  ".join([*(v.ljust(w) for v, w in zip(line[:4], widths)), line[4].rjust(widths[4])]))
    failed = [r for r in rows if not (r.symbolic_ok and r.numeric_ok)]
    general = sum(r.proof == GENERAL for r in rows)
    noun = "identity" if len(rows) == 1 else "identities"
    lines.append(f"{len(rows)} {noun} ({general} proved in general): {len(rows) - len(failed)} passed, "
                 f"{len(failed)} failed")
    for r in failed:
        if r.error:
            lines.append(f"  {r.name}: {r.error}")
    return "\n".join(lines)


def rows_as_json(rows) -> list[dict]:
    """:func:`run_verification` rows as JSON-ready dicts (what ``symconv verify --json`` prints).

    Each has ``name``, ``proof`` (``"general"`` or ``"instances"``),
    ``method``, ``conditions`` (text), ``symbolic`` and ``numeric`` (bool),
    ``seconds`` and ``error``.

    Examples
    --------
    >>> rows_as_json([VerificationRow("a", True, False, 0.25, "", "general", "s = 1", "by hand")])
    [{'name': 'a', 'proof': 'general', 'method': 'by hand', 'conditions': 's = 1', 'symbolic': True, 'numeric': False, 'seconds': 0.25, 'error': ''}]
    """
    return [
        {"name": r.name, "proof": r.proof, "method": r.method, "conditions": r.conditions,
         "symbolic": bool(r.symbolic_ok), "numeric": bool(r.numeric_ok), "seconds": round(float(r.seconds), 4),
         "error": r.error}
        for r in rows
    ]

"""The identity catalogue: every variant and property of convolution, checked two ways.

:func:`identities` returns :class:`Identity` objects.  Each has a ``name``, a
statement as a SymPy object (``.latex`` is :func:`sympy.latex` of it), a
``check_symbolic()`` that proves it with SymPy on symbolic data (for small
concrete sizes where a general proof is out of reach; commutativity,
associativity, the flip and translation equivariance are also proved in
general, by a change of summation index in sums over all integers) and a
``check_numeric(rng)`` that compares independent numeric routes (the NumPy
backend, the convolution matrix, plain loops of the definitions) over random
geometries.  :func:`run_verification` runs them all and :func:`format_table`
prints the result; ``symconv verify`` is wired to them.

The identities live in one module per family, listed in :data:`FAMILIES` in
catalogue order: channels and groups, spatial separability, dilation,
transposed convolution, deformable convolution, pooling, dimensions and
stride, the algebra of convolution (commutativity, associativity, the flip,
equivariance), gradients.  A new identity goes into its family's
``entries()``; the identities page (:mod:`symconv.pages.identities`) and
``symconv verify`` list it from there.

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
from . import algebra, channels, deformable, dilation, dimensions, gradients, pooling, separable, transposed
from ._base import Identity

__all__ = [
    "Identity",
    "identities",
    "identity",
    "VerificationRow",
    "run_verification",
    "format_table",
]

#: The families, in catalogue order; each module's ``entries()`` lists its identities.
FAMILIES = (channels, separable, dilation, transposed, deformable, pooling, dimensions, algebra, gradients)

_CACHE: list = []


def identities() -> list[Identity]:
    """The catalogue of identities, each checkable symbolically and numerically.

    Returns
    -------
    list of Identity

    Examples
    --------
    >>> cat = identities()
    >>> len(cat) >= 20, len({ident.name for ident in cat}) == len(cat)
    (True, True)
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


def run_verification(rng=None, *, names=None) -> list[VerificationRow]:
    """Check every identity both ways and time it.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Seed of the numeric checks.
    names : iterable of str, optional
        Only these identities.

    Returns
    -------
    list of VerificationRow
        ``(name, symbolic_ok, numeric_ok, seconds, error)``; an exception in a
        check counts as a failure and its message goes into ``error``.

    Examples
    --------
    >>> rows = run_verification(0, names=["convolution-commutes"])
    >>> rows[0].symbolic_ok, rows[0].numeric_ok
    (True, True)
    """
    rng = np.random.default_rng(rng)
    chosen = identities() if names is None else [identity(n) for n in names]
    rows = []
    for ident in chosen:
        start = time.perf_counter()
        errors = []
        results = []
        for run in (ident.check_symbolic, lambda: ident.check_numeric(rng)):
            try:
                results.append(run())
            except Exception as err:  # a crash is a failed check, reported, not raised
                results.append(False)
                errors.append(f"{type(err).__name__}: {err}")
        rows.append(VerificationRow(ident.name, results[0], results[1], time.perf_counter() - start, "; ".join(errors)))
    return rows


def format_table(rows) -> str:
    """A plain-text table of :func:`run_verification` rows, with a summary line.

    Examples
    --------
    >>> print(format_table([VerificationRow("a", True, False, 0.25)]))
    identity  symbolic  numeric  time (s)
    --------  --------  -------  --------
    a         ok        FAIL         0.25
    1 identity: 0 passed, 1 failed
    """
    rows = list(rows)
    header = ("identity", "symbolic", "numeric", "time (s)")
    body = [(r.name, "ok" if r.symbolic_ok else "FAIL", "ok" if r.numeric_ok else "FAIL", f"{r.seconds:.2f}") for r in rows]
    widths = [max(len(h), *(len(line[n]) for line in body)) if body else len(h) for n, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(), "  ".join("-" * w for w in widths)]
    for line in body:
        lines.append("  ".join([*(v.ljust(w) for v, w in zip(line[:3], widths)), line[3].rjust(widths[3])]))
    failed = [r for r in rows if not (r.symbolic_ok and r.numeric_ok)]
    noun = "identity" if len(rows) == 1 else "identities"
    lines.append(f"{len(rows)} {noun}: {len(rows) - len(failed)} passed, {len(failed)} failed")
    for r in failed:
        if r.error:
            lines.append(f"  {r.name}: {r.error}")
    return "\n".join(lines)

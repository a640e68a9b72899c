"""The page ``identities``: the catalogue of :mod:`symconv.symbolic.catalogue`, one step per identity."""

from __future__ import annotations

from ..symbolic.catalogue import identities, run_verification
from ..symbolic.derivation import Derivation, Step

NAME = "identities"
TITLE = "Identities of convolution"

__all__ = ["NAME", "TITLE", "make", "check"]


def make() -> Derivation:
    """The catalogue as a document: one step per identity, its statement, meaning and source.

    Returns
    -------
    Derivation
        ``check()`` runs :func:`symconv.symbolic.catalogue.run_verification` (seed 0) and reports
        ``"<name>: symbolic"`` and ``"<name>: numeric"`` for every identity.

    Examples
    --------
    >>> d = make()
    >>> len(d) == len(identities()), d[0].title
    (True, 'multi-channel-sum')
    """
    # the source is a sentence of its own, so each is translated once however many identities cite it
    steps = [
        Step(ident.name, [ident.statement], ident.description, notes=[f"Source: {ident.source}."])
        for ident in identities()
    ]

    def check():
        results = {}
        for row in run_verification(0):
            results[f"{row.name}: symbolic"] = row.symbolic_ok
            results[f"{row.name}: numeric"] = row.numeric_ok
        return results

    return Derivation(
        "Identities of convolution",
        steps,
        introduction=(
            "Every variant and property in the notes, stated with SymPy. Each is proved with SymPy on symbolic data "
            "(small concrete sizes where a general proof is out of reach) and checked on random numbers and "
            "geometries by independent routes; run `symconv verify` to see them pass."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

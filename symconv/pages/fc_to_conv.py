"""The page ``fc-to-conv``: from a fully connected layer to a convolution, in two dimensions.

The derivation itself is :func:`symconv.symbolic.fc_to_conv` (any number of
axes); the page shows the 2-D case and runs its check at the default sizes.

References
----------
.. [1] Seed notes 001 (9.1), 002 (6.1) and 004 (from MLP to convolution).
"""

from __future__ import annotations

from ..symbolic.derivation import Derivation
from ..symbolic.fully_connected import fc_to_conv

NAME = "fc-to-conv"
TITLE = "From a fully connected layer to a convolution"

__all__ = ["NAME", "TITLE", "make", "check"]


def make() -> Derivation:
    """The derivation :func:`symconv.symbolic.fc_to_conv` in two dimensions.

    Examples
    --------
    >>> make().title
    'From a fully connected layer to a convolution (2-D)'
    """
    return fc_to_conv(ndim=2)


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

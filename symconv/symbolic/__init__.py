"""Symbolic convolution: the derivation from a fully connected layer, the
expressions of every operation, and the objects that render them.

The submodules: :mod:`~symconv.symbolic.expressions` (the sums of a
convolution), :mod:`~symconv.symbolic.variants` (pooling, transposed,
deformable, separable, ...), :mod:`~symconv.symbolic.fully_connected` (the
derivation :func:`fc_to_conv`), :mod:`~symconv.symbolic.gradients` (the
gradients by differentiation), :mod:`~symconv.symbolic.catalogue` (the
identities, one module per family; :class:`Operations` names the implementation their
numeric checks run) and :mod:`~symconv.symbolic.derivation`
(:class:`Derivation` and its rendering).

Importing this package imports SymPy.

Examples
--------
>>> from symconv.symbolic import conv_expressions
>>> conv_expressions((1, 3), (1, 1, 2))
[[W_{0}*X_{0} + W_{1}*X_{1}, W_{0}*X_{1} + W_{1}*X_{2}]]
"""

from .catalogue import Operations, identities
from .derivation import Derivation, Step, latex
from .expressions import conv_expressions, conv_sum, symbol_array
from .fully_connected import fc_to_conv

__all__ = [
    "Derivation",
    "Operations",
    "Step",
    "conv_expressions",
    "conv_sum",
    "fc_to_conv",
    "identities",
    "latex",
    "symbol_array",
]

"""Symbolic convolution: the derivation from a fully connected layer, the
expressions of every operation, and the objects that render them.

Importing this package imports SymPy.

Examples
--------
>>> from symconv.symbolic import conv_expressions
>>> conv_expressions((1, 3), (1, 1, 2))
[[W_{0}*X_{0} + W_{1}*X_{1}, W_{0}*X_{1} + W_{1}*X_{2}]]
"""

from .derivation import Derivation, Step, latex
from .expressions import conv_expressions, conv_sum, symbol_array
from .fc_to_conv import fc_to_conv
from .identities import identities

__all__ = [
    "Derivation",
    "Step",
    "conv_expressions",
    "conv_sum",
    "fc_to_conv",
    "identities",
    "latex",
    "symbol_array",
]

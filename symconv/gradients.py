"""Moved: the numeric gradients to :mod:`symconv.numeric.gradients`, the learning example to
:mod:`symconv.numeric.learning`, the symbolic check to :mod:`symconv.symbolic.gradients` and the three
derivation pages to :mod:`symconv.pages.gradients`, :mod:`symconv.pages.learning_example` and
:mod:`symconv.pages.two_by_two`.

This path re-exports them for one release (the SymPy ones on first use, so that importing it stays free of
SymPy as it was).
"""

import importlib

from .numeric.gradients import conv_grad_bias, conv_grad_input, conv_grad_weight  # noqa: F401
from .numeric.learning import LearningRun, edge_example, learn_edge_kernel  # noqa: F401

_MOVED = {
    "gradient_derivation": ("symconv.pages.gradients", "make"),
    "learning_derivation": ("symconv.pages.learning_example", "make"),
    "two_by_two_answer": ("symconv.pages.two_by_two", "make"),
    "check_gradients_symbolic": ("symconv.symbolic.gradients", "check_gradients_symbolic"),
}

__all__ = [
    "conv_grad_input",
    "conv_grad_weight",
    "conv_grad_bias",
    "gradient_derivation",  # noqa: F822 (module __getattr__)
    "check_gradients_symbolic",  # noqa: F822 (module __getattr__)
    "LearningRun",
    "learn_edge_kernel",
    "edge_example",
    "learning_derivation",  # noqa: F822 (module __getattr__)
    "two_by_two_answer",  # noqa: F822 (module __getattr__)
]


def __getattr__(name):
    try:
        module, attribute = _MOVED[name]
    except KeyError:
        raise AttributeError(f"module 'symconv.gradients' has no attribute {name!r}") from None
    return getattr(importlib.import_module(module), attribute)


def __dir__():
    return sorted(set(globals()) | set(__all__))

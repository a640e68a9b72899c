"""symconv as the oracle of other people's tests: strategies, assertions, a conformance check, a pytest plugin.

Someone who writes a convolution -- NumPy teaching code, a CUDA or Triton
kernel, a port to another framework -- tests it against symconv's reference
(:mod:`symconv.numeric`, PyTorch's and ONNX's semantics) with:

* hypothesis strategies of valid cases (:func:`conv_cases`,
  :func:`pool_cases`, :func:`deform_conv2d_cases`, :func:`geometries`; they
  need hypothesis, the ``test`` extra) and the same cases from a NumPy
  generator (:mod:`symconv.testing.cases`, no hypothesis); convolutions are
  drawn in every ``padding_mode`` (``padding_modes=("zeros",)`` for an
  implementation without it);
* assertions (:func:`assert_conv_matches` and one per operation and
  gradient) that compare at a tolerance chosen from the dtype and, on a
  mismatch, say where and which known mistake reproduces the result;
* :func:`check_implementation`, the identity catalogue and a random
  conformance sweep run on the functions given, with a report
  (``symconv verify --impl package.module:function`` from the command line);
* a pytest plugin (:mod:`symconv.testing.plugin`, registered as
  ``pytest11``) with fixtures for all of these.

``import symconv`` does not import this package, and this package imports
hypothesis only when a strategy is asked for.

Examples
--------
>>> import numpy as np, symconv as sc
>>> from symconv.testing import assert_conv_matches
>>> assert_conv_matches(sc.numeric.conv, np.ones((1, 1, 5)), np.ones((1, 1, 3)), padding="same")
"""

from __future__ import annotations

import importlib

from .assertions import (
    assert_avg_pool_matches,
    assert_conv_grad_bias_matches,
    assert_conv_grad_input_matches,
    assert_conv_grad_weight_matches,
    assert_conv_matches,
    assert_conv_transpose_matches,
    assert_convolve_matches,
    assert_correlate_matches,
    assert_deform_conv2d_matches,
    assert_max_pool_matches,
)
from .cases import ConvCase, DeformCase, PoolCase
from .conformance import CheckRow, ImplementationReport, check_implementation, load_implementation

# names that need hypothesis, loaded on first use
_STRATEGIES = ("conv_cases", "pool_cases", "deform_conv2d_cases", "geometries")
_LAZY = {name: "symconv.testing.strategies" for name in _STRATEGIES}

__all__ = [
    "conv_cases",
    "pool_cases",
    "deform_conv2d_cases",
    "geometries",
    "ConvCase",
    "PoolCase",
    "DeformCase",
    "assert_conv_matches",
    "assert_conv_transpose_matches",
    "assert_max_pool_matches",
    "assert_avg_pool_matches",
    "assert_deform_conv2d_matches",
    "assert_conv_grad_input_matches",
    "assert_conv_grad_weight_matches",
    "assert_conv_grad_bias_matches",
    "assert_correlate_matches",
    "assert_convolve_matches",
    "check_implementation",
    "ImplementationReport",
    "CheckRow",
    "load_implementation",
]


def __getattr__(name):
    try:
        module_name = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'symconv.testing' has no attribute {name!r}") from None
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:  # pragma: no cover - hypothesis is in the test extra
        raise ImportError(
            f"symconv.testing.{name} needs hypothesis: pip install 'symconv[test]' (or hypothesis)"
        ) from error
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))

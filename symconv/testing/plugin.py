"""The pytest plugin of symconv: fixtures for testing your own convolution against symconv.

Installed with symconv (a ``pytest11`` entry point in ``pyproject.toml``),
so the fixtures are there in every test session; ``-p no:symconv`` turns it
off, ``-p symconv.testing.plugin`` turns it on where plugins are not
loaded automatically.  All fixtures are session-scoped values (functions
and modules), so they work inside hypothesis's ``@given`` tests.

Fixtures
--------
conv_reference
    :mod:`symconv.numeric`: ``conv``, ``conv_transpose``, ``max_pool``,
    ``avg_pool``, ``deform_conv2d``, ``correlate``, ``convolve`` and the
    gradients, with PyTorch's and ONNX's semantics.
assert_conv_matches, assert_conv_transpose_matches, assert_max_pool_matches, assert_avg_pool_matches, assert_deform_conv2d_matches, assert_conv_grad_input_matches, assert_conv_grad_weight_matches, assert_conv_grad_bias_matches, assert_correlate_matches, assert_convolve_matches
    The assertions of :mod:`symconv.testing.assertions`.
check_implementation
    :func:`symconv.testing.check_implementation`.
symconv_cases
    Random valid cases without hypothesis, seeded by the test's name:
    ``symconv_cases.conv(n, **options)``, ``.conv_transpose``,
    ``.max_pool``, ``.avg_pool``, ``.deform_conv2d`` (lists of cases).

Examples
--------
A test file of your own::

    from hypothesis import given
    from symconv.testing import conv_cases

    @given(case=conv_cases(ndim=2))   # by name, since the fixture comes last
    def test_my_conv(case, assert_conv_matches):
        assert_conv_matches(my_conv, *case.args, **case.kwargs)

    def test_my_pool(symconv_cases, assert_max_pool_matches):
        for case in symconv_cases.max_pool(50):
            assert_max_pool_matches(my_max_pool, *case.args, **case.kwargs)
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from . import assertions, cases, conformance

__all__ = ["CaseSampler"]


class CaseSampler:
    """Random valid cases from one seed (the ``symconv_cases`` fixture).

    Examples
    --------
    >>> sampler = CaseSampler(0)
    >>> len(sampler.conv(3, ndim=1)), sampler.max_pool(1)[0].kind
    (3, 'max')
    """

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def conv(self, n=20, **options):
        return [cases.random_conv_case(self.rng, **options) for _ in range(n)]

    def conv_transpose(self, n=20, **options):
        return [cases.random_conv_case(self.rng, transposed=True, **options) for _ in range(n)]

    def max_pool(self, n=20, **options):
        return [cases.random_pool_case(self.rng, kind="max", **options) for _ in range(n)]

    def avg_pool(self, n=20, **options):
        return [cases.random_pool_case(self.rng, kind="avg", **options) for _ in range(n)]

    def deform_conv2d(self, n=20, **options):
        return [cases.random_deform_conv2d_case(self.rng, **options) for _ in range(n)]


@pytest.fixture(scope="session")
def conv_reference():
    """symconv's reference functions (:mod:`symconv.numeric`)."""
    from .. import numeric

    return numeric


@pytest.fixture
def symconv_cases(request):
    """Random valid cases (:class:`CaseSampler`), the same for a test on every run: seeded by its node id."""
    return CaseSampler(zlib.crc32(request.node.nodeid.encode()))


def _fixture(function):
    """A session fixture that gives ``function`` itself, documented as it is."""

    def fixture():
        return function

    fixture.__name__ = function.__name__
    fixture.__doc__ = (function.__doc__ or "").split("\n", 1)[0]
    return pytest.fixture(scope="session", name=function.__name__)(fixture)


assert_conv_matches = _fixture(assertions.assert_conv_matches)
assert_conv_transpose_matches = _fixture(assertions.assert_conv_transpose_matches)
assert_max_pool_matches = _fixture(assertions.assert_max_pool_matches)
assert_avg_pool_matches = _fixture(assertions.assert_avg_pool_matches)
assert_deform_conv2d_matches = _fixture(assertions.assert_deform_conv2d_matches)
assert_conv_grad_input_matches = _fixture(assertions.assert_conv_grad_input_matches)
assert_conv_grad_weight_matches = _fixture(assertions.assert_conv_grad_weight_matches)
assert_conv_grad_bias_matches = _fixture(assertions.assert_conv_grad_bias_matches)
assert_correlate_matches = _fixture(assertions.assert_correlate_matches)
assert_convolve_matches = _fixture(assertions.assert_convolve_matches)
check_implementation = _fixture(conformance.check_implementation)

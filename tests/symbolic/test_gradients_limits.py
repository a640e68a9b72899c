"""Symbolic gradients of a layer too large to differentiate by hand are refused before any symbol is made."""

from __future__ import annotations

import time

import pytest

from symconv import SymconvError
from symconv.symbolic.gradients import MAX_GRADIENT_TERMS, check_gradients_symbolic, gradient_expressions


@pytest.mark.parametrize("call", [
    lambda: gradient_expressions((1, 1000, 1000), (1, 1, 3, 3)),
    lambda: check_gradients_symbolic((1, 1000, 1000), (1, 1, 3, 3)),
])
def test_a_million_inputs_are_refused_at_once(call):
    start = time.process_time()
    with pytest.raises(SymconvError, match="8964036 products") as info:  # 998 * 998 outputs, 9 taps
        call()
    assert time.process_time() - start < 0.5
    assert info.value.parameter == "input_shape"


def test_the_page_builder_refuses_it_too():
    from symconv.pages.gradients import make

    start = time.process_time()
    with pytest.raises(SymconvError, match="products differentiated symbolically"):
        make((1000, 1000), (3, 3))
    assert time.process_time() - start < 0.5


def test_the_limit_counts_products_exactly():
    # (1, n) input, kernel 1: n products
    assert gradient_expressions((1, MAX_GRADIENT_TERMS // 100), (1, 1, 1)).dX.shape == (1, MAX_GRADIENT_TERMS // 100)
    with pytest.raises(SymconvError):
        gradient_expressions((1, MAX_GRADIENT_TERMS + 1), (1, 1, 1))

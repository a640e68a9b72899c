"""symconv.symbolic.expressions (and the SymPy route of conv_matrix) at the edges.

Sizes are refused before any symbol is made, counting what would be built
(a transposed layer's outputs included); names are compared, never parsed;
values are SymPy expressions or numbers only.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
import sympy

from symconv import SymconvError, conv_matrix
from symconv.matrix import MAX_SYMBOLIC_TERMS
from symconv.symbolic import conv_expressions, symbol_array


def _quick(call, error=SymconvError):
    start = time.process_time()
    with pytest.raises(error) as info:
        call()
    assert time.process_time() - start < 1.0
    return info.value


def test_symbol_array_of_a_million_by_a_million_is_refused_at_once():
    error = _quick(lambda: symbol_array("x", (10**6, 10**6)))
    assert error.parameter == "shape"
    assert "1000000000000 symbols" in str(error)
    # the limit is the number of symbols: exactly at it builds (checked on a small stand-in for speed)
    assert symbol_array("x", (2, 3)).shape == (2, 3)
    _quick(lambda: symbol_array("x", (MAX_SYMBOLIC_TERMS + 1,)))


@pytest.mark.parametrize("stride", [10**8, 10**9, 10**30])
def test_a_transposed_layer_counts_its_outputs(stride):
    # two inputs, kernel 2: the output has (2 - 1) s + 2 cells, by the guide's relationship 13
    outputs = (2 - 1) * stride + 2
    error = _quick(lambda: conv_expressions((1, 2), (1, 1, 2), transposed=True, stride=stride))
    assert error.parameter == "stride"
    assert "(its outputs)" in str(error)
    if outputs < 10**15:
        assert f"{outputs:,} symbolic terms" in str(error)


def test_a_transposed_layer_just_under_the_limit_is_built():
    stride = (MAX_SYMBOLIC_TERMS - 2) // 1000
    out = conv_expressions((1, 2), (1, 1, 2), transposed=True, stride=1000)
    assert out.shape == (1, 1002)
    # the refusal comes exactly past the limit: outputs (n - 1) s + k with n = 2, k = 2
    assert (2 - 1) * stride + 2 <= MAX_SYMBOLIC_TERMS
    with pytest.raises(SymconvError):
        conv_expressions((1, 2), (1, 1, 2), transposed=True, stride=MAX_SYMBOLIC_TERMS)


@pytest.mark.parametrize(
    "keyword", ["input_name", "kernel_name", "bias_name"],
)
@pytest.mark.parametrize(
    "name", ["__import__('os').system('true')", "x\nclick", "W}", "1x", "a b", "x_{0}"],
)
def test_symbol_names_are_plain_names(keyword, name):
    error = _quick(lambda: conv_expressions((1, 3), (1, 1, 2), bias=True, **{keyword: name}))
    assert error.parameter == keyword


def test_symbol_array_names_are_plain_names():
    for name in ("__import__('os')", "x\n", "$x$"):
        assert _quick(lambda: symbol_array(name, (2,))).parameter == "name"
    assert str(symbol_array("w_1", (1,))[0]) == "w_1_{0}"


@pytest.mark.parametrize("where", ["input_shape", "kernel_shape", "bias"])
def test_strings_in_operands_are_refused_and_never_run(where, tmp_path):
    target = tmp_path / "pwned"
    code = f"__import__('pathlib').Path({str(target)!r}).write_text('x')"
    operands = {"input_shape": np.ones((1, 3), dtype=object), "kernel_shape": np.ones((1, 1, 2), dtype=object),
                "bias": np.ones(1, dtype=object)}
    operands[where].flat[0] = code
    with pytest.raises(TypeError, match=where):
        conv_expressions(operands["input_shape"], operands["kernel_shape"], bias=operands["bias"])
    assert not target.exists()


@pytest.mark.skipif(np.dtype(np.clongdouble).itemsize <= 16, reason="clongdouble is complex128 here")
def test_complex256_is_a_type_error_everywhere_symbolic():
    x = np.ones((1, 3), np.clongdouble)
    w = np.ones((1, 1, 2), np.clongdouble)
    for call in (
        lambda: conv_expressions(x, (1, 1, 2)),
        lambda: conv_expressions((1, 3), w),
        lambda: conv_expressions((1, 3), (1, 1, 2), bias=np.ones(1, np.clongdouble)),
        lambda: conv_matrix((1, 3), w, format="sympy"),
    ):
        with pytest.raises(TypeError, match="complex128"):
            call()
    # complex128 still works, and gives the sum by hand
    out = conv_expressions(np.array([[1, 2j, 3]]), np.array([[[1, 1j]]]))
    assert [complex(v) for v in out[0]] == [1 + 1j * 2j, 2j + 1j * 3]


def test_the_existing_limit_still_counts_inputs_and_terms():
    # forward: 9 taps over 998 x 998 outputs: 8,964,036 terms
    error = _quick(lambda: conv_expressions((1, 1000, 1000), (1, 1, 3, 3)))
    assert error.parameter == "input_shape"
    assert f"{math.prod((998, 998, 9)):,}" in str(error)

"""Receptive fields of deep stacks: work that grows with the depth, compact symbolic padding, printable tables."""

from __future__ import annotations

import time

import pytest
import sympy

from symconv import SymconvError, receptive_field
from symconv.networks import layer_stack
from symconv.receptive import MAX_SYMBOLIC_SAME_LAYERS, receptive_field_table


def _seconds(call):
    start = time.process_time()
    result = call()
    return result, time.process_time() - start


@pytest.mark.parametrize("depth", [80, 120])
def test_symbolic_same_padding_stays_compact_and_matches_the_numbers(depth):
    # seed of the issue: 80 layers took 17 s, 120 ended in a RecursionError
    fields, seconds = _seconds(lambda: receptive_field([(3, 2, "same")] * depth))
    assert seconds < 5
    padding = fields[-1].padding
    (i,) = padding.free_symbols
    assert "ceiling(ceiling" not in str(padding)  # one ceiling per term, none nested
    # the symbolic padding at concrete input sizes equals the padding worked out with those sizes
    for n in (1, 2, 3, 7, 64, 1000, 2**40 + 3):
        numeric = receptive_field([(3, 2, "same")] * depth, input_size=n)[-1].padding
        assert padding.subs(i, n) == numeric


def test_the_nested_rounding_identity_used_to_keep_it_compact():
    # ceil(ceil(y) / b) == ceil(y / b) and floor(floor(y) / b) == floor(y / b), checked on integers
    from symconv.geometry import ceildiv, floordiv

    i = sympy.Symbol("i", integer=True, positive=True)
    assert ceildiv(ceildiv(i, 3), 2) == sympy.ceiling(i / 6)
    assert floordiv(floordiv(i, 3), 2) == sympy.floor(i / 6)
    for n in range(1, 200):
        assert -((-(-((-n) // 3))) // 2) == -((-n) // 6)
        assert (n // 3) // 2 == n // 6


def test_too_many_strided_same_layers_without_an_input_size_are_refused_with_the_route():
    ok, _ = _seconds(lambda: receptive_field([(3, 2, "same")] * MAX_SYMBOLIC_SAME_LAYERS))
    assert len(ok) == MAX_SYMBOLIC_SAME_LAYERS
    start = time.process_time()
    with pytest.raises(SymconvError, match="give input_size") as info:
        receptive_field([(3, 2, "same")] * (MAX_SYMBOLIC_SAME_LAYERS + 1))
    assert time.process_time() - start < 0.5
    assert info.value.parameter == "input_size"
    # the route the message gives works, at any depth
    deep = receptive_field([(3, 2, "same")] * 1000, input_size=10)
    assert deep[-1].stride == 2**1000
    # stride-1 'same' layers keep numbers and are not counted
    assert receptive_field([(3, 1, "same")] * 1000)[-1].padding == 1000


def test_a_table_of_a_hundred_thousand_strided_layers_prints():
    table, seconds = _seconds(lambda: receptive_field_table([(3, 2, 1)] * 100_000))
    assert seconds < 10
    last = table.splitlines()[-1].split(" | ")
    # stride 2**100000 has 30,103 digits: abbreviated from its logarithm (100000 * log10(2) = 30102.99...)
    assert last[3] == "~9.99e+30102"
    # the receptive field 1 + 2 (2**100000 - 1) = 2**100001 - 1
    assert last[2] == "~2.00e+30103"
    first = table.splitlines()[2]
    assert first == "| 1 | conv | 3 | 2 | 1 |"


def test_a_repeated_layer_object_is_read_once():
    layer = (3, 2, 1)
    stack, seconds = _seconds(lambda: layer_stack([layer] * 1_000_000))
    assert seconds < 2
    assert stack[0] is stack[-1] and stack[0].geometry.stride == (2,)
    # different objects with the same content still give equal layers
    assert layer_stack([(3, 2, 1), (3, 2, 1)])[0] == layer_stack([(3, 2, 1)])[0]
    with pytest.raises(SymconvError, match=r"layers\[1\]"):
        layer_stack([layer, (3, 0, 1), (3, 0, 1)])

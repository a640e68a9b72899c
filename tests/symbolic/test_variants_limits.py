"""symconv.symbolic.variants at its edges: text is never evaluated, sizes are refused before any work.

Every refusal is checked for its kind (SymconvError for a value, TypeError for
a kind), the parameter it names, and that it comes at once (no allocation,
no SymPy work).
"""

from __future__ import annotations

import time

import numpy as np
import pytest
import sympy

from symconv import SymconvError
from symconv.matrix import MAX_DENSE_BYTES, MAX_SYMBOLIC_TERMS
from symconv.symbolic import Step
from symconv.symbolic.variants import (
    MAX_DEFINITION_TERMS,
    MAX_EXACT_RANK_SIDE,
    MAX_SYMBOLIC_RANK_ENTRIES,
    as_array,
    bilinear_form,
    bilinear_sample,
    circular_correlate,
    convolve,
    correlate,
    deform_conv2d_expressions,
    dilated_kernel,
    global_pool_expressions,
    pool_expressions,
    separable_factors,
    separable_rank,
    shift,
    transposed_construction,
    transposed_scatter,
    zero_insert,
)


def _evil(tmp_path):
    """A string that, evaluated as Python (as sympify would), leaves a file behind."""
    target = tmp_path / "pwned"
    return f"__import__('pathlib').Path({str(target)!r}).write_text('x')", target


def _holding(text, shape=(2, 2)):
    array = np.ones(shape, dtype=object)
    array.flat[0] = text
    return array


@pytest.mark.parametrize(
    "call",
    [
        lambda a: pool_expressions(a[None], 1),
        lambda a: separable_rank(a),
        lambda a: separable_factors(a),
        lambda a: zero_insert(a, 2),
        lambda a: convolve(a, np.ones((1, 1))),
        lambda a: correlate(a, np.ones((1, 1))),
        lambda a: circular_correlate(a, np.ones((1, 1))),
        lambda a: shift(a, 1),
        lambda a: bilinear_sample(a, 0, 0),
        lambda a: bilinear_form(0, 0, a),
        lambda a: transposed_scatter(a, np.ones((2, 1, 1))),
        lambda a: transposed_construction(a, np.ones((2, 1, 1))),
        lambda a: dilated_kernel(a[None], 2),
        lambda a: deform_conv2d_expressions(a[None], np.zeros((2, 2, 2)), np.ones((1, 1, 1, 1))),
        lambda a: as_array(a, "x"),
        lambda a: global_pool_expressions(a[None]),
    ],
)
def test_a_string_in_an_object_array_is_refused_and_never_run(call, tmp_path):
    code, target = _evil(tmp_path)
    with pytest.raises(TypeError, match="text is never evaluated"):
        call(_holding(code))
    assert not target.exists()


def test_a_string_in_an_offset_or_a_mask_is_refused(tmp_path):
    code, target = _evil(tmp_path)
    x = np.array(sympy.symbols("x0:4")).reshape(1, 2, 2)
    with pytest.raises(TypeError, match="offset"):
        deform_conv2d_expressions(x, _holding(code, (2, 2, 2)), np.ones((1, 1, 1, 1)))
    with pytest.raises(TypeError, match="mask"):
        deform_conv2d_expressions(x, np.zeros((2, 2, 2)), np.ones((1, 1, 1, 1)), mask=_holding(code, (1, 2, 2)))
    assert not target.exists()


def test_step_parameters_refuse_text_and_keep_numbers_and_expressions(tmp_path):
    code, target = _evil(tmp_path)
    with pytest.raises(TypeError, match=r"parameters: .*text is never evaluated"):
        Step("t", [], "e", parameters=code)
    with pytest.raises(TypeError, match="parameters"):
        Step("t", [], "e", parameters=[1, 2])
    assert not target.exists()
    n = sympy.Symbol("n")
    assert Step("t", [], "e", parameters=n**2).parameters == n**2
    assert Step("t", [], "e", parameters=12).parameters == sympy.Integer(12)
    assert Step("t", [], "e", parameters=np.int64(5)).parameters == sympy.Integer(5)


def test_numbers_and_symbols_in_object_arrays_still_work():
    a, b = sympy.symbols("a b")
    kernel = np.array([[a, 2 * a], [b, 2 * b]], dtype=object)
    assert separable_rank(kernel) == 1
    assert separable_rank(np.array([[1, 2], [3, 4]], dtype=object)) == 2
    out = pool_expressions(np.array([[1, a, 3, b]], dtype=object), 2)
    assert out.tolist() == [[sympy.Max(1, a), sympy.Max(3, b)]]


@pytest.mark.parametrize(
    "call",
    [
        lambda a: pool_expressions(a, 1),
        lambda a: separable_rank(a[0]),
        lambda a: separable_factors(a[0]),
        lambda a: global_pool_expressions(a),
        lambda a: transposed_construction(a, np.ones((1, 1, 2), dtype=object) * sympy.Symbol("w")),
    ],
)
def test_complex256_is_a_clear_type_error_not_a_recursion(call):
    if np.dtype(np.clongdouble).itemsize <= 16:
        pytest.skip("this platform's clongdouble is complex128")
    with pytest.raises(TypeError, match="complex128"):
        call(np.ones((1, 3, 3), np.clongdouble))


def test_an_object_array_holding_itself_or_arrays_is_a_type_error():
    looped = np.empty(2, dtype=object)
    looped[0], looped[1] = looped, 1
    nested = np.empty(2, dtype=object)
    nested[0], nested[1] = np.ones(2), 1
    for bad in (looped, nested, np.array([None, 1], dtype=object), np.array([True, 1], dtype=object)):
        with pytest.raises(TypeError, match="expected numbers or SymPy expressions as entries"):
            pool_expressions(bad[None], 1)
        with pytest.raises(TypeError):
            convolve(bad, np.ones(1))


@pytest.mark.parametrize(
    "call, parameter",
    [
        (lambda: zero_insert(np.array([1, 2]), 10**9), "step"),
        (lambda: zero_insert(np.array([1, 2], dtype=object), 10**6), "step"),
        (lambda: zero_insert(np.ones((2, 2)), (10**5, 10**5)), "step"),
        (lambda: dilated_kernel(np.ones((1, 1, 2)), 10**9), "dilation"),
        (lambda: dilated_kernel(np.ones((1, 1, 2, 2), dtype=object), (10**4, 10**4)), "dilation"),
        (lambda: transposed_scatter(np.ones((1, 2)), np.ones((1, 1, 2)), stride=10**9), "stride"),
        (lambda: transposed_construction(np.ones((1, 2)), np.ones((1, 1, 2)), stride=10**9), "stride"),
        (lambda: transposed_scatter(np.ones((1, 2 * 10**6)), np.ones((1, 1, 1))), "x"),
        (lambda: convolve(np.ones(10**5), np.ones(10**4)), "g"),
        (lambda: correlate(np.ones(10**5), np.ones(10**4)), "k"),
        (lambda: circular_correlate(np.ones(10**5), np.ones(10**4)), "k"),
        (lambda: convolve(np.ones(2000, dtype=object), np.ones(1000)), "g"),
        (lambda: pool_expressions((1, 2000, 2000), 1), "x"),
        (lambda: pool_expressions(np.ones((1, 2000, 2000)), 1), "kernel_size"),
        (lambda: pool_expressions(np.ones((1, 3)), 10**7, padding=10**7 // 2), "kernel_size"),
        (lambda: separable_rank(np.ones((MAX_EXACT_RANK_SIDE + 1, 2), int)), "kernel"),
        (lambda: separable_rank(np.full((7, 7), sympy.Symbol("a"), dtype=object)), "kernel"),
        (
            lambda: deform_conv2d_expressions(
                np.full((4, 60, 60), sympy.Symbol("x"), dtype=object), np.zeros((2, 60, 60)), np.ones((30, 4, 1, 1))
            ),
            "x",
        ),
    ],
)
def test_oversized_requests_are_refused_before_any_work(call, parameter):
    start = time.process_time()
    with pytest.raises(SymconvError) as info:
        call()
    assert info.value.parameter == parameter
    assert parameter in str(info.value)
    assert time.process_time() - start < 1.0


def test_the_limits_count_cells_and_products_honestly():
    # zero_insert of n entries at step s has (n - 1) s + 1 cells: the limit is exact
    cells = MAX_DENSE_BYTES // 8
    step = (cells - 1) // 1  # two entries: s + 1 cells
    with pytest.raises(SymconvError, match="step"):
        zero_insert(np.ones(2), step + 1)
    assert zero_insert(np.ones(2, dtype=object), MAX_SYMBOLIC_TERMS - 1).shape == (MAX_SYMBOLIC_TERMS,)
    with pytest.raises(SymconvError, match="step"):
        zero_insert(np.ones(2, dtype=object), MAX_SYMBOLIC_TERMS)
    # products: a.size * b.size, at the limit and one past it
    side = int(MAX_DEFINITION_TERMS**0.5)
    assert side * side == MAX_DEFINITION_TERMS
    with pytest.raises(SymconvError, match="products"):
        convolve(np.ones(side), np.ones(side + 1))
    assert separable_rank(np.ones((MAX_EXACT_RANK_SIDE, MAX_EXACT_RANK_SIDE), int)) == 1
    side = int(MAX_SYMBOLIC_RANK_ENTRIES**0.5)
    a = sympy.Symbol("a")
    assert separable_rank(np.full((side, side), a, dtype=object)) == 1


def test_exact_rank_of_integer_kernels_agrees_with_the_svd():
    rng = np.random.default_rng(7)
    for _ in range(20):
        rank = int(rng.integers(1, 5))
        kernel = rng.integers(-3, 4, size=(6, rank)) @ rng.integers(-3, 4, size=(rank, 7))
        assert separable_rank(kernel) == np.linalg.matrix_rank(kernel.astype(float))


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf"), np.float32("nan"), sympy.nan, sympy.oo])
def test_bilinear_sample_refuses_nan_and_infinite_positions(bad):
    image = np.arange(4.0).reshape(2, 2)
    with pytest.raises(SymconvError, match="row: expected a finite position") as info:
        bilinear_sample(image, bad, 0)
    assert info.value.parameter == "row"
    with pytest.raises(SymconvError, match="col"):
        bilinear_sample(image, 0, bad)


@pytest.mark.parametrize("bad", ["0.5", None, [0.5], sympy.Symbol("u"), 1j, True])
def test_bilinear_sample_refuses_positions_of_the_wrong_kind(bad):
    with pytest.raises(TypeError, match="row"):
        bilinear_sample(np.ones((2, 2)), bad, 0)


def test_bilinear_sample_keeps_its_values_and_far_positions():
    image = np.arange(4.0).reshape(2, 2)
    # by hand: row 0.5 between rows 0 and 1, col 0.25 between cols 0 and 1
    expected = 0.5 * (0.75 * 0 + 0.25 * 1) + 0.5 * (0.75 * 2 + 0.25 * 3)
    assert bilinear_sample(image, 0.5, 0.25) == pytest.approx(expected)
    assert bilinear_sample(image, 10**400, 0) == 0
    assert float(bilinear_sample(image, sympy.Rational(1, 2), 0)) == 1.0


def test_deform_expressions_refuse_non_finite_and_symbolic_offsets():
    x = np.array(sympy.symbols("x0:4")).reshape(1, 2, 2)
    offsets = np.zeros((2, 2, 2))
    offsets[0, 0, 0] = np.nan
    with pytest.raises(SymconvError, match="offset"):
        deform_conv2d_expressions(x, offsets, np.ones((1, 1, 1, 1)))
    symbolic = np.zeros((2, 2, 2), dtype=object)
    symbolic[0, 0, 0] = sympy.Symbol("t")
    with pytest.raises(TypeError, match="offset"):
        deform_conv2d_expressions(x, symbolic, np.ones((1, 1, 1, 1)))


def test_shift_takes_huge_offsets_as_the_same_shift():
    a = np.array([1, 2, 3, 4])
    np.testing.assert_array_equal(shift(a, 10**100), [0, 0, 0, 0])
    np.testing.assert_array_equal(shift(a, -(10**100)), [0, 0, 0, 0])
    # 10**100 = 4 * 25 * 10**98: a whole number of periods
    np.testing.assert_array_equal(shift(a, 10**100 + 1, circular=True), [4, 1, 2, 3])
    with pytest.raises(SymconvError, match="offset"):
        shift(a, True)


def test_separable_rank_refuses_a_bad_tolerance_and_non_finite_kernels():
    with pytest.raises(SymconvError, match="tol"):
        separable_rank(np.ones((2, 2)), tol=float("nan"))
    with pytest.raises(TypeError, match="tol"):
        separable_rank(np.ones((2, 2)), tol="1e-3")
    with pytest.raises(SymconvError, match="kernel: expected finite"):
        separable_rank(np.array([[1.0, np.inf], [0.0, 1.0]]))

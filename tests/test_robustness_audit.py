"""Cases of issues 10 and 15 that no other test held.

- ``gradient_derivation`` (the gradients page) with a 1000x1000 input is refused before any SymPy work, under
  its own argument's name, with the numeric route;
- one input-shape rule for the shape-taking public functions ``tests/test_input_shapes.py`` does not list:
  ``np.array([4, 4])``, ``[4, 4]``, ``(4, 4)`` and NumPy integers mean the same (the tuple's result is the
  reference; the pooling written out is also checked by hand).
"""

from __future__ import annotations

import tracemalloc

import matplotlib
import numpy as np
import pytest
import sympy

import symconv as sc
from _shapes import assert_spellings_agree, bad_shapes
from symconv import SymconvError, counting, graphs, matrix, networks, numeric, plots
from symconv.pages import gradients as gradients_page
from symconv.symbolic import gradients as symbolic_gradients
from symconv.symbolic import variants

matplotlib.use("Agg")


# --- gradient_derivation((1000, 1000), (3, 3)) ---------------------------------------------------------------


@pytest.mark.parametrize("make", [gradients_page.make, sc.gradients.gradient_derivation])
def test_a_huge_gradient_derivation_is_refused_before_any_work_under_its_own_name(make):
    tracemalloc.start()
    try:
        with pytest.raises(SymconvError) as info:
            make((1000, 1000), (3, 3))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # 998 x 998 outputs of 9 taps each: the products a symbolic derivative would walk, by hand
    products = (1000 - 3 + 1) ** 2 * 3**2
    assert info.value.parameter == "input_size"  # make's argument, not the helper's input_shape
    assert str(info.value).startswith(f"input_size: the request needs {products} products differentiated symbolically")
    assert "conv_grad_input" in str(info.value)  # the route for numbers
    assert peak < 5 << 20  # refused up front: not a million symbols made first


def test_a_kernel_too_large_for_the_input_keeps_its_own_name():
    with pytest.raises(SymconvError) as info:
        gradients_page.make((3, 3), (4, 4))
    assert info.value.parameter == "kernel_size" and str(info.value).startswith("kernel_size: ")


# --- one input-shape rule, for the functions tests/test_input_shapes.py does not list ---------------------


def _edges(diagram):
    return sorted(map(str, diagram.panels[0].graph.edges(data="parameter")))


def _texts(picture):
    return [t.get_text() for t in picture.figure.findobj(lambda a: hasattr(a, "get_text"))]


X = np.arange(16.0).reshape(1, 1, 4, 4)

CASES = {
    "Geometry kernel_size": ((3, 2), lambda s: sc.Geometry(s, stride=2)),
    "Geometry stride": ((2, 1), lambda s: sc.Geometry(3, stride=s)),
    "Geometry padding": ((2, 1), lambda s: sc.Geometry(3, padding=s)),
    "conv_output_size kernel": ((3, 2), lambda s: sc.conv_output_size((5, 6), s)),
    "counting.conv kernel_size": ((3, 2), lambda s: counting.conv((3, 8, 8), 4, s)),
    "counting.depthwise_separable": ((3, 8, 8), lambda s: counting.depthwise_separable(s, 4, 3)),
    "counting.spatially_separable": ((3, 8, 8), lambda s: counting.spatially_separable(s, 4, 3)),
    "counting.mlp_vs_conv": ((3, 30, 40), lambda s: counting.mlp_vs_conv(s)),
    "outputs_affected_diagram": ((4, 4), lambda s: _edges(graphs.outputs_affected_diagram(s, [(3, 1, 1)], full=False))),
    "inputs_affecting_diagram": ((4, 4), lambda s: _edges(graphs.inputs_affecting_diagram(s, [(3, 1, 1)], full=False))),
    "receptive_field_diagram": ((4, 4), lambda s: _edges(graphs.receptive_field_diagram(s, [(3, 1, 1)]))),
    "parameter_sharing_diagram": (
        (4, 4), lambda s: _edges(graphs.parameter_sharing_diagram(s, [(3, 1, 1)], full=False))
    ),
    "conv_matrix_blocks": ((4, 4), lambda s: repr(matrix.conv_matrix_blocks(s, np.ones((1, 1, 3, 3))))),
    "conv_matrix_blocks_figure input_size": ((4, 4), lambda s: _texts(plots.conv_matrix_blocks_figure(s))),
    "conv_matrix_blocks_figure kernel_size": ((3, 3), lambda s: _texts(plots.conv_matrix_blocks_figure((4, 4), s))),
    "translate_padding input_size": (
        (5, 6), lambda s: sc.translate_padding("torch", "same", input_size=s, kernel_size=(3, 3))
    ),
    "translate_padding kernel_size": (
        (3, 3), lambda s: sc.translate_padding("torch", "same", input_size=(5, 6), kernel_size=s)
    ),
    "gradient_expressions input_shape": ((1, 3, 3), lambda s: str(symbolic_gradients.gradient_expressions(s).dX)),
    "gradient_expressions kernel_shape": (
        (1, 1, 2, 2), lambda s: str(symbolic_gradients.gradient_expressions((1, 3, 3), s).dX)
    ),
    "check_gradients_symbolic": ((1, 3, 3), lambda s: symbolic_gradients.check_gradients_symbolic(s)),
    "check_gradients_symbolic kernel_shape": (
        (1, 1, 2, 2), lambda s: symbolic_gradients.check_gradients_symbolic((1, 3, 3), s)
    ),
    "gradient_derivation input_size": ((3, 3), lambda s: gradients_page.make(s).to_latex()),
    "gradient_derivation kernel_size": ((2, 2), lambda s: gradients_page.make((3, 3), s).to_latex()),
    "pool_expressions kernel_size": ((2, 2), lambda s: str(variants.pool_expressions((1, 4, 4), s))),
    "max_pool kernel_size": ((2, 2), lambda s: numeric.max_pool(X, s).tolist()),
    "avg_pool kernel_size": ((2, 2), lambda s: numeric.avg_pool(X, s).tolist()),
    "conv_grad_input weight": (
        (1, 1, 3, 3), lambda s: numeric.conv_grad_input((1, 1, 4, 4), np.ones((1, 1, 2, 2)), np.ones(s)).tolist()
    ),
    "networks.conv": ((3, 3), lambda s: networks.conv(s, 2)),
    "networks.pool": ((2, 2), lambda s: networks.pool(s)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_spelling_of_a_shape_means_the_same(name):
    shape, call = CASES[name]
    assert_spellings_agree(name, shape, call)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_function_refuses_the_same_bad_shapes(name):
    shape, call = CASES[name]
    bad = bad_shapes(shape)
    if name == "Geometry padding":  # a 2-D array is (before, after) pairs; a zero pads nothing
        del bad["a 2-D array"], bad["a zero"]
    for value in bad.values():
        with pytest.raises((SymconvError, TypeError)):
            call(value)
    if name == "Geometry padding":
        with pytest.raises(SymconvError, match="padding"):
            call((2, -1))


def test_pooling_written_out_reads_a_flat_list_as_a_shape_like_conv_expressions():
    # a flat list can only be a shape there (values are at least 2-D), as conv_expressions reads it; by hand:
    # the two 2x2 windows of a 1x2x4 input
    X00, X01, X02, X03, X10, X11, X12, X13 = (sympy.Symbol(f"X_{{0,{r},{c}}}") for r in (0, 1) for c in range(4))
    expected = [[[sympy.Max(X00, X01, X10, X11), sympy.Max(X02, X03, X12, X13)]]]
    for shape in ((1, 2, 4), [1, 2, 4], [np.int64(1), np.int64(2), np.int64(4)]):
        assert variants.pool_expressions(shape, 2).tolist() == expected
    # the global pool of a (2, 1, 2) shape: each channel's mean
    Y = {(c, j): sympy.Symbol(f"X_{{{c},0,{j}}}") for c in (0, 1) for j in (0, 1)}
    means = [(Y[c, 0] + Y[c, 1]) / 2 for c in (0, 1)]
    assert variants.global_pool_expressions([2, 1, 2]).tolist() == means
    assert variants.global_pool_expressions((2, 1, 2)).tolist() == means
    # nested lists and arrays are values
    assert variants.pool_expressions([[1, 2, 3, 5]], 2, mode="avg").tolist() == [[sympy.Rational(3, 2), 4]]
    assert variants.pool_expressions(np.array([[1, 2, 3, 5]]), 2, mode="avg").tolist() == [[sympy.Rational(3, 2), 4]]
    # a flat list that is no shape is refused as a shape, naming x
    for bad, error in (([1.5, 2], TypeError), (["__import__('os')", 2], TypeError), ([], SymconvError)):
        with pytest.raises(error, match=r"^x: "):
            variants.pool_expressions(bad, 2)


# --- numeric.correlate of two 10**7-long arrays in full mode ----------------------------------------------


def test_correlate_of_two_ten_million_long_arrays_takes_the_fft_route_or_is_refused(monkeypatch):
    # issue 10's case itself (tests/numeric/test_limits.py computes a 2*10**6 one through the FFT and checks it):
    # the direct sum would be (2N - 1) outputs of M taps = 1.9999999e14 multiply-adds, by hand; the route is
    # chosen before any of them
    import importlib

    correlate_module = importlib.import_module("symconv.numeric.correlate")
    taken = {}

    def fft_route(signal, kernel, before, out_size, dtype, products):
        taken.update(products=products, out_size=out_size)
        return np.zeros(out_size, dtype)

    monkeypatch.setattr(correlate_module, "_convolve_fft", fft_route)
    n = 10**7
    z = numeric.correlate(np.ones(n), np.ones(n), mode="full")
    assert taken == {"products": (2 * n - 1) * n, "out_size": (2 * n - 1,)} and z.shape == (2 * n - 1,)
    monkeypatch.undo()
    # integers cannot go through floats silently: refused at once, naming a and the route
    with pytest.raises(SymconvError, match=r"^a: the direct sum .*astype\(float\)") as info:
        numeric.correlate(np.ones(n, np.int8), np.ones(n, np.int8), mode="full")
    assert info.value.parameter == "a"

"""One input-shape rule: a tuple, a list, a 1-D NumPy array and NumPy integer entries mean the same everywhere.

Every public function that takes a shape reads it through ``symconv._validate.as_shape``; this test calls each
with the four spellings of the same shape and compares the results with the tuple's (an independent spelling
of the same request, not a second code path), and checks that a 2-D array, a float entry and a string are
refused alike.
"""

from __future__ import annotations

import numpy as np
import pytest

import symconv as sc
from _shapes import assert_spellings_agree, bad_shapes, spellings


def _edges(G):
    return sorted(G.edges(data="parameter"))


def _figure_text(picture):
    return [t.get_text() for t in picture.figure.findobj(lambda a: hasattr(a, "get_text"))]


LAYERS_2D = [sc.Geometry(3, stride=2, padding=1, ndim=2), sc.Geometry(3, stride=2, padding=1, ndim=2)]

CASES = {
    "conv_output_size": ((5, 6), lambda s: sc.conv_output_size(s, 3, stride=2, padding=1)),
    "conv_transpose_output_size": ((3, 4), lambda s: sc.conv_transpose_output_size(s, 3, stride=2, padding=1)),
    "pool_output_size": ((5, 6), lambda s: sc.pool_output_size(s, 2, ceil_mode=True)),
    "Geometry.output_size": ((5, 6), lambda s: sc.Geometry(3, stride=2, ndim=2).output_size(s)),
    "conv_matrix (C, H, W)": ((1, 4, 4), lambda s: sc.conv_matrix(s, np.ones((1, 1, 3, 3))).toarray().tolist()),
    "conv_matrix (H, W)": ((4, 4), lambda s: sc.conv_matrix(s, np.ones((1, 1, 3, 3))).toarray().tolist()),
    "connectivity_graph": ((4, 4), lambda s: _edges(sc.graphs.connectivity_graph(s, [(3, 1, 1)]))),
    "dense_graph n_outputs": ((3, 2), lambda s: _edges(sc.graphs.dense_graph(4, s))),
    "receptive_field": ((32, 32), lambda s: [r.size for r in sc.receptive_field(LAYERS_2D, s)]),
    "receptive_field_table": ((32, 32), lambda s: str(sc.receptive.receptive_field_table(LAYERS_2D, s))),
    "counting.conv": ((3, 8, 8), lambda s: sc.counting.conv(s, 4, 3, padding=1)),
    "counting.conv_transpose": ((3, 8, 8), lambda s: sc.counting.conv_transpose(s, 4, 3, stride=2)),
    "counting.pool": ((3, 8, 8), lambda s: sc.counting.pool(s, 2)),
    "conv_grad_input": (
        (1, 1, 4, 4),
        lambda s: sc.gradients.conv_grad_input(s, np.ones((1, 1, 2, 2)), np.ones((1, 1, 3, 3))).tolist(),
    ),
    "conv_grad_weight": (
        (1, 1, 2, 2),
        lambda s: sc.gradients.conv_grad_weight(np.ones((1, 1, 4, 4)), s, np.ones((1, 1, 3, 3))).tolist(),
    ),
    "symbol_array": ((2, 3), lambda s: str(sc.symbolic.symbol_array("w", s))),
    "conv_matrix_figure": ((4, 4), lambda s: _figure_text(sc.plots.conv_matrix_figure(s, 3))),
    "receptive_field_figure": ((32, 32), lambda s: _figure_text(sc.plots.receptive_field_figure(LAYERS_2D, s))),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_spelling_of_a_shape_means_the_same(name):
    shape, call = CASES[name]
    assert_spellings_agree(name, shape, call)


def test_conv_expressions_reads_a_sequence_as_a_shape_and_an_array_as_values():
    """conv_expressions takes a shape or the values themselves, so there a NumPy array means values."""
    expected = str(sc.symbolic.conv_expressions((1, 4), (1, 1, 3)))
    for spelling in ("tuple", "list", "numpy ints"):
        shape, kernel = spellings((1, 4))[spelling], spellings((1, 1, 3))[spelling]
        assert str(sc.symbolic.conv_expressions(shape, kernel)) == expected
    values = sc.symbolic.conv_expressions(np.array([[1, 2, 3, 4]]), np.array([[[1, 0, -1]]]))
    assert [int(v) for v in np.ravel(values)] == [1 - 3, 2 - 4]


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_function_refuses_the_same_bad_shapes(name):
    shape, call = CASES[name]
    for what, value in bad_shapes(shape).items():
        with pytest.raises((sc.SymconvError, TypeError)):
            call(value)

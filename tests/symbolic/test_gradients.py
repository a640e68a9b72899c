"""The gradients of convolution differentiated by SymPy, against the three rules."""

import pytest
import sympy

from symconv.symbolic.gradients import check_gradients_symbolic, gradient_expressions


@pytest.mark.parametrize(
    "input_shape, kernel_shape, kw",
    [((1, 3, 3), (1, 1, 2, 2), {}), ((2, 4, 3), (2, 1, 2, 2), dict(stride=2, padding=(1, 0), groups=2)),
     ((1, 5), (2, 1, 2), dict(stride=2, padding=1, dilation=2))],
)
def test_symbolic_gradients(input_shape, kernel_shape, kw):
    results = check_gradients_symbolic(input_shape, kernel_shape, **kw)
    assert len(results) == 4 and all(results.values()), results


def test_gradient_expressions_of_a_layer_worked_by_hand():
    # y_i = W0 X_i + W1 X_(i+1) + b for i = 0, 1 and L = G0 y0 + G1 y1, differentiated on paper
    X0, X1, X2, W0, W1, G0, G1, b0 = sympy.symbols("X_{0} X_{1} X_{2} W_{0} W_{1} G_{0} G_{1} b_{0}")
    g = gradient_expressions((1, 3), (1, 1, 2))
    assert g.Y.tolist() == [[W0 * X0 + W1 * X1 + b0, W0 * X1 + W1 * X2 + b0]]
    assert sympy.expand(g.L - (G0 * (W0 * X0 + W1 * X1 + b0) + G1 * (W0 * X1 + W1 * X2 + b0))) == 0
    by_hand_x = [[G0 * W0, G0 * W1 + G1 * W0, G1 * W1]]
    by_hand_w = [[[G0 * X0 + G1 * X1, G0 * X1 + G1 * X2]]]
    assert g.dX.tolist() == g.by_transpose.tolist() == g.by_matrix.tolist() == by_hand_x
    assert g.dW.tolist() == g.by_correlation.tolist() == by_hand_w
    assert g.db.tolist() == [G0 + G1]


def test_a_symbolic_geometry_is_refused():
    s = sympy.Symbol("s", integer=True, positive=True)
    with pytest.raises(TypeError, match=r"^stride: expected concrete ints"):
        gradient_expressions((1, 3), (1, 1, 2), stride=s)
    with pytest.raises(TypeError, match=r"^stride: expected concrete ints"):
        check_gradients_symbolic((1, 3), (1, 1, 2), stride=s)

"""Gradients of convolution: finite differences, plain loops, SymPy, and the notes' learning example."""

import itertools

import numpy as np
import pytest
import sympy

from symconv import SymconvError
from symconv.gradients import (
    check_gradients_symbolic,
    conv_grad_bias,
    conv_grad_input,
    conv_grad_weight,
    gradient_derivation,
    learn_edge_kernel,
    learning_derivation,
    two_by_two_answer,
)
from symconv.numeric import conv

from _tools import compile_latex

GEOMETRIES = [
    # (x shape, w shape, geometry)
    ((2, 3, 7), (4, 3, 3), dict()),
    ((1, 2, 8), (2, 1, 3), dict(stride=3, padding=2, dilation=2, groups=2)),
    ((2, 2, 6, 5), (3, 2, 2, 3), dict(stride=(2, 1), padding=(1, 0))),
    ((1, 4, 7, 6), (4, 2, 3, 2), dict(stride=2, padding="same", groups=2)),  # asymmetric SAME pads
    ((1, 2, 9, 5), (2, 2, 2, 2), dict(stride=3, dilation=(2, 1), padding=((0, 2), (1, 0)))),
    ((1, 2, 4, 4, 5), (2, 1, 2, 2, 3), dict(stride=(1, 2, 2), padding=1, groups=2)),
]


def _loss(x, w, b, g, kw):
    return float((g * conv(x, w, b, **kw)).sum())


def _fd(f, a, eps=1e-6):
    out = np.zeros_like(a)
    for index in np.ndindex(*a.shape):
        e = np.zeros_like(a)
        e[index] = eps
        out[index] = (f(a + e) - f(a - e)) / (2 * eps)
    return out


@pytest.mark.parametrize("x_shape, w_shape, kw", GEOMETRIES)
def test_gradients_match_finite_differences(x_shape, w_shape, kw):
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=x_shape), rng.normal(size=w_shape), rng.normal(size=w_shape[0])
    g = rng.normal(size=conv(x, w, **kw).shape)
    np.testing.assert_allclose(conv_grad_input(x.shape, w, g, **kw), _fd(lambda v: _loss(v, w, b, g, kw), x), atol=1e-6)
    np.testing.assert_allclose(conv_grad_weight(x, w.shape, g, **kw), _fd(lambda v: _loss(x, v, b, g, kw), w), atol=1e-6)
    np.testing.assert_allclose(conv_grad_bias(g), _fd(lambda v: _loss(x, w, v, g, kw), b), atol=1e-6)


def test_weight_gradient_is_the_correlation_written_as_a_loop():
    # dW[o, c, a, b] = sum_{n, i, j} G[n, o, i, j] Xpad[n, c, i*s + a*d, j*s + b*d]
    rng = np.random.default_rng(1)
    x, s, p, d = rng.normal(size=(2, 2, 7, 6)), 2, 1, 2
    w_shape = (3, 2, 2, 2)
    g = rng.normal(size=conv(x, np.zeros(w_shape), stride=s, padding=p, dilation=d).shape)
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    want = np.zeros(w_shape)
    for o, c, a, bb in np.ndindex(*w_shape):
        for n, i, j in itertools.product(range(2), range(g.shape[2]), range(g.shape[3])):
            want[o, c, a, bb] += g[n, o, i, j] * xp[n, c, i * s + a * d, j * s + bb * d]
    np.testing.assert_allclose(conv_grad_weight(x, w_shape, g, stride=s, padding=p, dilation=d), want, rtol=1e-12)


def test_input_gradient_by_sympy_on_a_hand_written_layer():
    # a 1-D layer written out by hand (stride 2, padding 1), differentiated by SymPy, evaluated at numbers
    xs, ws, gs = sympy.symbols("x0:5"), sympy.symbols("w0:3"), sympy.symbols("g0:3")
    padded = (0, *xs, 0)
    y = [sum(ws[a] * padded[2 * i + a] for a in range(3)) for i in range(3)]
    L = sum(gi * yi for gi, yi in zip(gs, y))
    rng = np.random.default_rng(2)
    xv, wv, gv = rng.normal(size=5), rng.normal(size=3), rng.normal(size=3)
    values = {**dict(zip(xs, xv)), **dict(zip(ws, wv)), **dict(zip(gs, gv))}
    dx = np.array([float(sympy.diff(L, v).subs(values)) for v in xs])
    dw = np.array([float(sympy.diff(L, v).subs(values)) for v in ws])
    kw = dict(stride=2, padding=1)
    np.testing.assert_allclose(conv_grad_input((1, 1, 5), wv[None, None], gv[None, None], **kw)[0, 0], dx, rtol=1e-12)
    np.testing.assert_allclose(conv_grad_weight(xv[None, None], (1, 1, 3), gv[None, None], **kw)[0, 0], dw, rtol=1e-12)


@pytest.mark.parametrize(
    "input_shape, kernel_shape, kw",
    [((1, 3, 3), (1, 1, 2, 2), {}), ((2, 4, 3), (2, 1, 2, 2), dict(stride=2, padding=(1, 0), groups=2)),
     ((1, 5), (2, 1, 2), dict(stride=2, padding=1, dilation=2))],
)
def test_symbolic_gradients(input_shape, kernel_shape, kw):
    results = check_gradients_symbolic(input_shape, kernel_shape, **kw)
    assert len(results) == 4 and all(results.values()), results


def test_against_torch_autograd():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    x, w = rng.normal(size=(2, 4, 7, 6)), rng.normal(size=(6, 2, 3, 2))
    kw = dict(stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2)
    g = rng.normal(size=conv(x, w, **kw).shape)
    tx, tw = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
    tb = torch.zeros(6, dtype=torch.float64, requires_grad=True)
    (torch.nn.functional.conv2d(tx, tw, tb, **kw) * torch.tensor(g)).sum().backward()
    np.testing.assert_allclose(conv_grad_input(x.shape, w, g, **kw), tx.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(conv_grad_weight(x, w.shape, g, **kw), tw.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(conv_grad_bias(g), tb.grad.numpy(), rtol=1e-12)


def _notes_data():
    X = np.ones((6, 8))
    X[:, 2:6] = 0
    Y = X[:, :-1] - X[:, 1:]  # corr(X, [1, -1]) by hand
    return X, Y


def test_learning_example_recovers_the_kernel(capsys):
    X, Y = _notes_data()
    run = learn_edge_kernel(steps=10, lr=3e-2, seed=0)
    # the same descent written with a hand-derived gradient: dL/dK_b = sum 2 (Yhat - Y) X[:, j + b]
    K = run.start.ravel().copy()
    for step in range(10):
        error = K[0] * X[:, :-1] + K[1] * X[:, 1:] - Y
        assert run.losses[step] == pytest.approx((error**2).sum(), rel=1e-12)
        K = K - 3e-2 * np.array([(2 * error * X[:, :-1]).sum(), (2 * error * X[:, 1:]).sum()])
    np.testing.assert_allclose(run.kernel.ravel(), K, rtol=1e-12)
    print("loss trajectory:", [round(v, 5) for v in run.losses])
    print("learned kernel:", run.kernel)
    # Hessian 2 A^T A = [[36, 24], [24, 36]] (eigenvalues 60 and 12), so each step contracts the error by
    # max(|1 - 0.03*60|, |1 - 0.03*12|) = 0.8 at least: after 10 steps by 0.8**10 = 0.107
    error = np.linalg.norm(run.kernel.ravel() - [1, -1])
    assert error <= 0.8**10 * np.linalg.norm(run.start.ravel() - [1, -1]) + 1e-12
    assert error < 0.02  # measured 0.0157 with seed 0
    assert run.losses[-1] < 0.005 and run.losses[0] > 1
    assert "loss trajectory" in capsys.readouterr().out


def test_learning_derivation_checks_and_renders():
    d = learning_derivation()
    assert d.check() == {"within the contraction bound": True, "loss decreased": True}
    text = d.to_markdown()
    assert "False" not in text and r"\frac{4}{5}" in text


def test_two_by_two_answer():
    X, Y6 = _notes_data()
    # the design matrix written by loops: one row per 2x2 window
    A = np.array([X[i : i + 2, j : j + 2].ravel() for i in range(5) for j in range(7)])
    assert np.linalg.matrix_rank(A) == 2
    np.testing.assert_allclose(np.linalg.eigvalsh(2 * A.T @ A), [0, 0, 20, 100], atol=1e-9)
    for null in ([1, 0, -1, 0], [0, 1, 0, -1]):
        np.testing.assert_array_equal(A @ null, 0)
    with pytest.raises(SymconvError, match=r"target: expected shape \(5, 7\).*got \(6, 7\)"):
        learn_edge_kernel((2, 2), target=Y6)
    K2 = np.array([[1.0, -1.0], [-4.0, 2.0]])
    Y5 = (A @ K2.ravel()).reshape(5, 7)
    diverging = learn_edge_kernel((2, 2), target=Y5)
    assert diverging.losses[-1] > 1e4 * diverging.losses[0]
    d = two_by_two_answer()
    assert all(d.check().values())
    text = d.to_markdown()
    assert "False" not in text
    assert r"\operatorname{rank} A &= 2" in text
    assert r"\lambda &= \left( 100, \  20, \  0, \  0\right)" in text


def test_gradient_derivation_renders():
    d = gradient_derivation()
    assert [s.title for s in d] == [
        "Forward pass",
        "Loss and upstream gradient",
        "Gradient with respect to the input",
        "Gradient with respect to the weights",
        "Gradient with respect to the bias",
    ]
    assert all(d.check().values())
    latex = d.to_latex()
    assert "False" not in latex and "G_{0,0} W_{0,0}" in latex


def test_bad_input():
    x, w = np.zeros((1, 2, 5, 5)), np.zeros((3, 2, 3, 3))
    g = np.zeros((1, 3, 3, 3))
    with pytest.raises(SymconvError, match=r"grad_output: expected shape \(1, 3, 3, 3\)"):
        conv_grad_input(x.shape, w, np.zeros((1, 3, 4, 3)))
    with pytest.raises(SymconvError, match=r"input_shape: expected a tuple of 4 ints"):
        conv_grad_input((2, 5, 5), w, g)
    with pytest.raises(SymconvError, match=r"w: expected 4 input channels per group in w.shape\[1\], got 2"):
        conv_grad_input((1, 4, 5, 5), w, g)
    with pytest.raises(SymconvError, match=r"groups: expected a divisor of the input channels \(2\)"):
        conv_grad_weight(x, (3, 1, 3, 3), g, groups=3)
    with pytest.raises(SymconvError, match=r"weight_shape: expected 2 input channels per group"):
        conv_grad_weight(x, (3, 1, 3, 3), g)
    with pytest.raises(SymconvError, match=r"grad_output: expected \(N, C_out, \*out\)"):
        conv_grad_bias(np.zeros(3))
    with pytest.raises(SymconvError, match=r"x: expected an input \(N, C_in, \*spatial\)"):
        conv_grad_weight(np.zeros(5), (1, 1, 2), np.zeros((1, 1, 4)))
    with pytest.raises(TypeError, match=r"x: expected an integer or float array, got a bool array; convert it first"):
        conv_grad_weight(x.astype(bool), w.shape, g)


def test_each_array_is_checked_under_its_own_name():
    w = np.ones((1, 1, 2))
    # a bad grad_output is grad_output's fault, not x's (conv_transpose calls its first operand x)
    with pytest.raises(TypeError, match=r"^grad_output: expected an integer or float array, got an array of dtype <U1$"):
        conv_grad_input((1, 1, 3), w, np.array([[["a", "b"]]]))
    with pytest.raises(TypeError, match=r"^grad_output: expected an integer or float array, got a bool array"):
        conv_grad_input((1, 1, 3), w, np.ones((1, 1, 2), bool))
    with pytest.raises(TypeError, match=r"^w: expected an integer or float array, got an array of dtype object$"):
        conv_grad_input((1, 1, 3), w.astype(object), np.ones((1, 1, 2)))
    with pytest.raises(TypeError, match=r"^grad_output: expected an integer or float array, got an array of dtype complex128$"):
        conv_grad_weight(np.ones((1, 1, 3)), (1, 1, 2), np.ones((1, 1, 2)) * 1j)
    for bad, shown in ((np.array([[["a"]]]), "an array of dtype <U1"), (np.ones((1, 2, 3), bool), "a bool array"),
                       (np.ones((1, 2, 3), object), "an array of dtype object")):
        with pytest.raises(TypeError, match=f"^grad_output: expected an integer or float array, got {shown}"):
            conv_grad_bias(bad)
    # integers are fine: 2 images x 4 positions of 1, 2, 3 per channel
    np.testing.assert_array_equal(conv_grad_bias(np.ones((2, 3, 4), np.int64) * np.array([1, 2, 3])[:, None]), [8, 16, 24])


def test_shapes_as_numpy_arrays_and_an_empty_batch():
    rng = np.random.default_rng(8)
    w, g = rng.normal(size=(4, 3, 3, 3)), rng.normal(size=(2, 4, 3, 3))
    np.testing.assert_array_equal(conv_grad_input(np.array([2, 3, 5, 5]), w, g), conv_grad_input((2, 3, 5, 5), w, g))
    x = rng.normal(size=(2, 3, 5, 5))
    np.testing.assert_array_equal(conv_grad_weight(x, np.array([4, 3, 3, 3]), g), conv_grad_weight(x, (4, 3, 3, 3), g))
    # no images: no gradient to pass back, and an all-zero weight gradient (a sum over nothing)
    empty = conv_grad_input((0, 3, 5, 5), w, np.zeros((0, 4, 3, 3)))
    assert empty.shape == (0, 3, 5, 5)
    np.testing.assert_array_equal(conv_grad_weight(np.zeros((0, 3, 5, 5)), w.shape, np.zeros((0, 4, 3, 3))), 0)
    with pytest.raises(SymconvError, match=r"input_shape: expected a positive int, got 0"):
        conv_grad_input((1, 0, 5, 5), w, g)


def test_huge_geometry_costs_what_the_arrays_cost():
    w = np.array([[[1.0, 2.0, 3.0]]])
    # one output of 3 inputs: dL/dX = 5 w, whatever the stride (the transposed convolution used to loop over it)
    np.testing.assert_array_equal(conv_grad_input((1, 1, 3), w, np.array([[[5.0]]]), stride=10**9), [[[5, 10, 15]]])
    # one window of kernel 2 at stride 2**70: dL/dW = G * (x[0], x[1])
    x = np.array([[[7.0, 1.0, 4.0]]])
    np.testing.assert_array_equal(conv_grad_weight(x, (1, 1, 2), np.array([[[2.0]]]), stride=2**70), [[[14, 2]]])
    # kernel 2 at dilation 10**12, pads 10**12, stride 10**13: one window, taps at -10**12 (padding) and 0 (x[0])
    kw = dict(stride=10**13, padding=10**12, dilation=10**12)
    np.testing.assert_array_equal(conv_grad_input((1, 1, 3), np.array([[[1.0, 3.0]]]), np.array([[[2.0]]]), **kw),
                                  [[[6, 0, 0]]])
    # the weight gradient reads the padded input the way conv does, so like conv it refuses 10**12 + 1 cells of it
    with pytest.raises(SymconvError, match=r"stride, padding, dilation: expected a layer whose arrays fit in memory "
                       r".* got a padded input of shape \(1, 1, 1000000000001\)"):
        conv_grad_weight(x, (1, 1, 2), np.array([[[2.0]]]), **kw)
    with pytest.raises(SymconvError, match=r"padded input of shape \(1, 1, 1000000000001\)"):
        conv(x, np.ones((1, 1, 2)), **kw)
    with pytest.raises(TypeError, match=r"^stride: expected concrete ints for the numeric backend, got s$"):
        conv_grad_weight(x, (1, 1, 2), np.ones((1, 1, 4)), stride=sympy.Symbol("s", integer=True, positive=True))


def test_dtypes_are_kept():
    rng = np.random.default_rng(4)
    x, w = rng.normal(size=(1, 2, 5, 5)).astype(np.float32), rng.normal(size=(3, 2, 3, 3)).astype(np.float32)
    g = rng.normal(size=(1, 3, 3, 3)).astype(np.float32)
    assert conv_grad_weight(x, w.shape, g).dtype == np.float32
    assert conv_grad_input(x.shape, w, g).dtype == np.float32
    assert conv_grad_weight(x.astype(np.float16), w.shape, g.astype(np.float16)).dtype == np.float16


@pytest.mark.parametrize("make", [gradient_derivation, learning_derivation, two_by_two_answer])
def test_documents_compile(make):
    source = make().to_latex(standalone=True)
    assert compile_latex(source).startswith(b"%PDF")

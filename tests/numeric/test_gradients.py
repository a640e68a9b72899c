"""The numeric gradients of convolution: finite differences, plain loops, SymPy by hand and PyTorch's autograd."""

import itertools

import numpy as np
import pytest
import sympy
from _tools import need_module

from symconv import SymconvError
from symconv.numeric import conv
from symconv.numeric.gradients import conv_grad_bias, conv_grad_input, conv_grad_weight

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


def test_against_torch_autograd():
    torch = need_module("torch")
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
    # conv itself reads such a layer tap by tap (no canvas): the one window is 1 * x[0] = 7
    np.testing.assert_array_equal(conv(x, np.ones((1, 1, 2)), **kw), [[[7]]])
    with pytest.raises(TypeError, match=r"^stride: expected concrete ints for the numeric backend, got s$"):
        conv_grad_weight(x, (1, 1, 2), np.ones((1, 1, 4)), stride=sympy.Symbol("s", integer=True, positive=True))


def test_dtypes_are_kept():
    rng = np.random.default_rng(4)
    x, w = rng.normal(size=(1, 2, 5, 5)).astype(np.float32), rng.normal(size=(3, 2, 3, 3)).astype(np.float32)
    g = rng.normal(size=(1, 3, 3, 3)).astype(np.float32)
    assert conv_grad_weight(x, w.shape, g).dtype == np.float32
    assert conv_grad_input(x.shape, w, g).dtype == np.float32
    assert conv_grad_weight(x.astype(np.float16), w.shape, g.astype(np.float16)).dtype == np.float16

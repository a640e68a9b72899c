"""conv_expressions(padding_mode=...): the padding cells hold the input symbols they copy.

Routes: PyTorch's ``nn.Conv1d/2d/3d(padding_mode=...)`` in float64, fed the
numbers substituted into the expressions, over seeded random geometries;
hand-worked sums from the table in ``symconv/_layout.py``'s docstring.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from _tools import need_module
from symconv import SymconvError
from symconv.symbolic import conv_expressions

MODES = ("zeros", "reflect", "replicate", "circular")


def _random_case(rng):
    """Sizes, kernel, stride, dilation, groups and symmetric pads PyTorch accepts in the drawn mode."""
    while True:
        ndim = int(rng.integers(1, 4))
        groups = int(rng.integers(1, 3))
        c_in, c_out = groups * int(rng.integers(1, 3)), groups * int(rng.integers(1, 3))
        mode = MODES[int(rng.integers(len(MODES)))]
        top = 6 if ndim < 3 else 4
        sizes = [int(rng.integers(1, top)) for _ in range(ndim)]
        kernel = [int(rng.integers(1, 4)) for _ in range(ndim)]
        dilation = [int(rng.integers(1, 3)) for _ in range(ndim)]
        stride = [int(rng.integers(1, 3)) for _ in range(ndim)]
        most = {"reflect": lambda n: n - 1, "circular": lambda n: n}.get(mode, lambda n: 2)
        padding = [int(rng.integers(0, most(n) + 1)) for n in sizes]
        if all(n + 2 * p >= d * (k - 1) + 1 for n, p, k, d in zip(sizes, padding, kernel, dilation)):
            return dict(ndim=ndim, groups=groups, c_in=c_in, c_out=c_out, mode=mode, sizes=sizes, kernel=kernel,
                        dilation=dilation, stride=stride, padding=padding, flip=bool(rng.random() < 0.3))


def _symbols(name, shape):
    return np.array(sympy.symbols(f"{name}0:{int(np.prod(shape))}"), dtype=object).reshape(shape)


def test_expressions_substituted_equal_torch_on_random_geometries():
    torch = need_module("torch")
    rng = np.random.default_rng(1205)
    seen = set()
    for number in range(60):
        case = _random_case(rng)
        seen.add(case["mode"])
        w_shape = (case["c_out"], case["c_in"] // case["groups"], *case["kernel"])
        x_shape = (case["c_in"], *case["sizes"])
        X, W = _symbols("x", x_shape), _symbols("w", w_shape)
        out = conv_expressions(X, W, stride=tuple(case["stride"]), padding=tuple(case["padding"]),
                               dilation=tuple(case["dilation"]), groups=case["groups"], padding_mode=case["mode"],
                               flip=case["flip"])
        x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
        numbers = sympy.lambdify([*X.ravel(), *W.ravel()], list(np.array(out.tolist(), dtype=object).ravel()))
        got = np.array(numbers(*x.ravel(), *w.ravel()), dtype=float)

        torch_w = np.flip(w, axis=tuple(range(2, w.ndim))).copy() if case["flip"] else w
        layer = getattr(torch.nn, f"Conv{case['ndim']}d")(
            case["c_in"], case["c_out"], case["kernel"], stride=case["stride"], padding=tuple(case["padding"]),
            dilation=case["dilation"], groups=case["groups"], bias=False, padding_mode=case["mode"],
        ).double()
        with torch.no_grad():
            layer.weight.copy_(torch.from_numpy(torch_w))
            expected = layer(torch.from_numpy(x)[None]).numpy()[0]
        assert out.shape == expected.shape, case
        np.testing.assert_allclose(got, expected.ravel(), rtol=1e-10, atol=1e-12, err_msg=f"case {number}: {case}")
    assert seen == set(MODES)


def test_reflect_1d_by_hand():
    # reflect on 4 cells with pad 1: cell -1 holds X_1, cell 4 holds X_2 (the table in _layout)
    X = sympy.symbols("X_{0} X_{1} X_{2} X_{3}")
    W = sympy.symbols("W_{0} W_{1} W_{2}")
    out = conv_expressions((1, 4), (1, 1, 3), padding=1, padding_mode="reflect")
    assert out.shape == (1, 4)
    assert list(out[0, :]) == [
        W[0] * X[1] + W[1] * X[0] + W[2] * X[1],
        W[0] * X[0] + W[1] * X[1] + W[2] * X[2],
        W[0] * X[1] + W[1] * X[2] + W[2] * X[3],
        W[0] * X[2] + W[1] * X[3] + W[2] * X[2],
    ]
    # reflect with pad 2 on 4 cells: cells -2, -1 hold X_2, X_1 (the table's first two entries)
    first = conv_expressions((1, 4), (1, 1, 3), padding=2, padding_mode="reflect")[0, 0]
    assert first == W[0] * X[2] + W[1] * X[1] + W[2] * X[0]


def test_circular_and_replicate_1d_by_hand():
    X = sympy.symbols("X_{0} X_{1} X_{2}")
    W = sympy.symbols("W_{0} W_{1}")
    # pads (1, 1), 2 taps on 3 cells: 4 outputs; circular cell -1 holds X_2, cell 3 holds X_0
    circular = conv_expressions((1, 3), (1, 1, 2), padding=1, padding_mode="circular")
    assert list(circular[0, :]) == [W[0] * X[2] + W[1] * X[0], W[0] * X[0] + W[1] * X[1],
                                    W[0] * X[1] + W[1] * X[2], W[0] * X[2] + W[1] * X[0]]
    replicate = conv_expressions((1, 3), (1, 1, 2), padding=1, padding_mode="replicate")
    # replicate: cell -1 holds X_0, cell 3 holds X_2
    assert sympy.expand(replicate[0, 0] - (W[0] + W[1]) * X[0]) == 0
    assert sympy.expand(replicate[0, 3] - (W[0] + W[1]) * X[2]) == 0
    assert replicate[0, 1] == W[0] * X[0] + W[1] * X[1]


def test_replicate_2d_sum_of_ones_by_hand():
    # a 3x3 window of ones at the corner of the replicate-padded 2x2 input
    #   x00 x00 x01
    #   x00 x00 x01
    #   x10 x10 x11
    x00, x01, x10, x11 = (sympy.Symbol(f"X_{{{i},{j}}}") for i in (0, 1) for j in (0, 1))
    out = conv_expressions((1, 2, 2), np.ones((1, 1, 3, 3), dtype=int), padding=1, padding_mode="replicate")
    assert sympy.expand(out[0, 0, 0] - (4 * x00 + 2 * x01 + 2 * x10 + x11)) == 0
    assert sympy.expand(out[0, 1, 1] - (x00 + 2 * x01 + 2 * x10 + 4 * x11)) == 0


def test_zeros_mode_is_the_default():
    assert conv_expressions((2, 3, 3), (2, 1, 2, 2), padding=1, groups=2, padding_mode="zeros") == conv_expressions(
        (2, 3, 3), (2, 1, 2, 2), padding=1, groups=2
    )


def test_refusals_name_the_parameter():
    with pytest.raises(SymconvError, match=r"^padding_mode: transposed convolution pads only with zeros") as info:
        conv_expressions((1, 3), (1, 1, 2), padding=1, transposed=True, padding_mode="circular")
    assert info.value.parameter == "padding_mode"
    with pytest.raises(SymconvError, match=r"^padding_mode: expected one of") as info:
        conv_expressions((1, 3), (1, 1, 2), padding=1, padding_mode="wrap")
    assert info.value.parameter == "padding_mode"
    with pytest.raises(SymconvError, match=r"^padding: reflect padding needs each pad smaller than the input") as info:
        conv_expressions((1, 3), (1, 1, 2), padding=3, padding_mode="reflect")
    assert info.value.parameter == "padding"
    with pytest.raises(SymconvError, match=r"^padding: circular padding needs each pad at most the input"):
        conv_expressions((1, 3), (1, 1, 2), padding=4, padding_mode="circular")
    with pytest.raises(TypeError, match=r"^padding_mode: expected one of"):
        conv_expressions((1, 3), (1, 1, 2), padding=1, padding_mode=1)

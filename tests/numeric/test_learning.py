"""The notes' learning example: gradient descent with symconv's gradient, against a hand-derived one."""

import subprocess
import sys

import numpy as np
import pytest

from symconv import SymconvError
from symconv.numeric.learning import learn_edge_kernel


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


def test_bad_input():
    with pytest.raises(SymconvError, match=r"^steps: expected a non-negative int, got -1$"):
        learn_edge_kernel(steps=-1)
    with pytest.raises(SymconvError, match=r"^kernel_size: expected a tuple of 2 ints \(one per axis\), got \(2,\)"):
        learn_edge_kernel((2,))
    with pytest.raises(SymconvError, match=r"^target: expected shape \(6, 7\) .* got \(6, 8\)$"):
        learn_edge_kernel(target=np.zeros((6, 8)))


def test_the_numeric_modules_do_not_import_sympy():
    code = (
        "import sys, numpy as np\n"
        "from symconv.numeric import conv_grad_bias, conv_grad_input, conv_grad_weight\n"
        "from symconv.numeric.learning import edge_example, learn_edge_kernel\n"
        "g = np.ones((1, 1, 2))\n"
        "conv_grad_input((1, 1, 3), np.ones((1, 1, 2)), g, stride=1, padding=0)\n"
        "conv_grad_weight(np.ones((1, 1, 3)), (1, 1, 2), g)\n"
        "conv_grad_bias(g)\n"
        "edge_example(), learn_edge_kernel(steps=2)\n"
        "print('sympy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "False\n"

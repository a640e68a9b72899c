"""symconv.symbolic.expressions: the indexed form of true convolution reads the kernel backwards, inside it."""

import numpy as np
import scipy.signal
import sympy

from symconv.symbolic import conv_sum


def test_true_convolution_reads_the_kernel_from_its_far_corner():
    eq = conv_sum(2, flip=True)
    a, b, i, j = sympy.symbols("a b i j", integer=True)
    h, w = sympy.symbols("h w", integer=True, positive=True)
    W, X = sympy.IndexedBase("W"), sympy.IndexedBase("X")
    assert eq.rhs.function == W[h + 1 - a, w + 1 - b] * X[a + i, b + j]
    # y_{i,j} = sum_{a=1}^{h} sum_{b=1}^{w} W_{h+1-a, w+1-b} X_{a+i, b+j}: every kernel index in 1..h x 1..w,
    # and (1-based arrays) it is the valid true convolution of SciPy
    rng = np.random.default_rng(0)
    kernel, image = rng.normal(size=(2, 3)), rng.normal(size=(5, 6))
    terms = eq.rhs.subs({h: 2, w: 3}).doit()
    for row in range(4):
        for col in range(4):
            value = terms.subs({i: row, j: col})
            reads = {W[r, c]: kernel[r - 1, c - 1] for r in range(1, 3) for c in range(1, 4)}
            reads.update({X[r, c]: image[r - 1, c - 1] for r in range(1, 6) for c in range(1, 7)})
            assert set(value.atoms(sympy.Indexed)) <= set(reads)
            assert abs(float(value.xreplace(reads)) - scipy.signal.convolve(image, kernel, "valid")[row, col]) < 1e-12


def test_true_convolution_counted_from_zero():
    eq = conv_sum(1, flip=True, start=0)
    a, i = sympy.symbols("a i", integer=True)
    h = sympy.Symbol("h", integer=True, positive=True)
    assert eq.rhs.function == sympy.IndexedBase("W")[h - 1 - a] * sympy.IndexedBase("X")[a + i]

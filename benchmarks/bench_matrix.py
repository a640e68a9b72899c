"""Benchmark: the convolution matrix, symbolic and numeric.

Prints:

* the symbolic matrix of a 24x24 input and a symbolic 3x3 kernel built by
  ``conv_matrix`` against the straightforward SymPy route (write out every
  output, then ``Matrix.jacobian`` with respect to the inputs) -- the ratio
  should be at least 100 -- and the 64x64 input by ``conv_matrix`` alone
  (under a second);
* the numeric CSR matrix of a 224x224 input with a 3x3 kernel (one channel)
  and of a 56x56 input with 64 -> 64 channels (both padding 1): nonzeros per
  second, and the peak memory traced while building it (tracemalloc) over the
  bytes of the final matrix -- it should stay under 2.

Run: ``python benchmarks/bench_matrix.py`` (or ``python benchmarks/run.py``).
"""

from __future__ import annotations

import gc
import time
import tracemalloc


def _timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def _straightforward(n: int, kernel):
    """Every output written out by a plain loop, then the Jacobian."""
    import sympy

    k = len(kernel)
    X = [[sympy.Symbol(f"x_{{{i},{j}}}") for j in range(n)] for i in range(n)]
    outputs = [
        sympy.Add(*(kernel[a][b] * X[i + a][j + b] for a in range(k) for b in range(k)))
        for i in range(n - k + 1)
        for j in range(n - k + 1)
    ]
    return sympy.Matrix(outputs).jacobian([x for row in X for x in row])


def _symbolic():
    import sympy

    import symconv as sc

    names = [[sympy.Symbol(f"w_{{{a},{b}}}") for b in range(3)] for a in range(3)]
    w = sympy.Array(names).reshape(1, 1, 3, 3)
    sc.conv_matrix((1, 4, 4), w)  # first call pays for imports
    fast, fast_time = _timed(lambda: sc.conv_matrix((1, 24, 24), w))
    slow, slow_time = _timed(lambda: _straightforward(24, names))
    print("symbolic conv matrix, 24x24 input, symbolic 3x3 kernel (484 x 576, 4356 nonzeros)")
    print(f"  straightforward (expand outputs, Matrix.jacobian): {slow_time:8.3f} s")
    print(f"  conv_matrix:                                       {fast_time:8.3f} s")
    print(f"  speed-up: {slow_time / fast_time:.0f}x (goal >= 100x); same matrix: {fast == slow}")
    big, big_time = _timed(lambda: sc.conv_matrix((1, 64, 64), w))
    print(f"  64x64 input ({big.shape[0]} x {big.shape[1]}, {big.nnz()} nonzeros): {big_time:.3f} s (goal < 1 s)")


def _numeric(label, input_shape, kernel_shape):
    import numpy as np

    import symconv as sc

    w = np.random.default_rng(0).standard_normal(kernel_shape)
    matrix, seconds = _timed(lambda: sc.conv_matrix(input_shape, w, padding=1))
    final = matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes
    nnz = matrix.nnz
    del matrix
    gc.collect()
    tracemalloc.start()
    matrix = sc.conv_matrix(input_shape, w, padding=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del matrix
    gc.collect()
    print(f"numeric CSR, {label}: {nnz:,} nonzeros, {final / 2**20:,.1f} MiB")
    print(f"  built in {seconds:.3f} s: {nnz / seconds:,.0f} nonzeros/s")
    print(f"  peak traced memory / final matrix bytes: {peak / final:.2f} (goal < 2)")


def main() -> None:
    import numpy  # noqa: F401  (imports outside the timings)
    import scipy.sparse  # noqa: F401
    import sympy  # noqa: F401

    _symbolic()
    _numeric("224x224, 3x3, one channel", (1, 224, 224), (1, 1, 3, 3))
    _numeric("56x56, 3x3, 64 -> 64 channels", (64, 56, 56), (64, 64, 3, 3))


if __name__ == "__main__":
    main()

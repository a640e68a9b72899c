"""Benchmark: work bounded by what is asked -- cost against the size of the request, not its numbers.

Each row times one request at growing sizes; the cost should follow the work
asked for (the outputs, the layers, the transforms), and a request that
cannot fit should be refused in about a millisecond.  Measured on the
development machine (2 cores, 23 GB), before and after the changes that
bounded them:

=====================================================  ==========================  =====================
request                                                before                      after
=====================================================  ==========================  =====================
``numeric.conv``, 3 inputs, dilation 10**9, padding      7.8 GB (a 2*10**9-cell      ~4 kB, < 1 ms
10**9 (3 outputs)                                        canvas)
``numeric.correlate`` of two 10**7-long arrays, full     10**14 multiply-adds:       2.7 s (FFT)
                                                         ~2 days at 0.6 GMAC/s
``receptive_field``, 80 layers ``3:2:same``, no input    17 s; 120 layers:           0.5 s; 128 layers 0.9 s,
size                                                     RecursionError              more refused at once
``receptive_field_table``, 100,000 layers ``3:2:1``      ValueError (int too long    2.6 s
                                                         to print) after 6.5 s
``layer_stack`` of 100,000 copies of one layer           2.8 s                       0.02 s
``receptive_field_diagram``, 3,000 layers                38 s (quadratic)            0.35 s
``connectivity_graph``, depth 10**8                      4 GB and rising             0.2 ms (refused)
``symbol_array`` 10**6 x 10**6                           hangs                       refused, < 1 ms
``conv_expressions`` transposed, stride 10**9            7.8 GB, hangs               refused, < 1 ms
``zero_insert`` of 2 entries, step 10**9                 15-30 GB                    refused, < 1 ms
``deform_conv2d`` memory guard                           counted 1/50 .. 1/3 of      counts 1.2-2x the
                                                         the peak                    peak (>= always)
=====================================================  ==========================  =====================

Printed: per request and size, the best of a few runs and (where memory is
the point) the peak traced by tracemalloc.

Run: ``python benchmarks/bench_limits.py`` (or ``python benchmarks/run.py``).
"""

from __future__ import annotations

import math
import time
import tracemalloc

import numpy as np


def _best(function, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def _refused(function) -> float:
    """Seconds until ``function`` raises SymconvError (it must)."""
    from symconv import SymconvError

    start = time.perf_counter()
    try:
        function()
    except SymconvError:
        return time.perf_counter() - start
    raise AssertionError("expected a refusal")


def _peak(function) -> int:
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def _row(label: str, seconds: float, extra: str = "") -> None:
    print(f"  {label:<46s} {seconds * 1e3:10.2f} ms  {extra}", flush=True)


def main() -> None:
    from symconv import receptive_field
    from symconv.graphs import connectivity_graph, receptive_field_diagram
    from symconv.networks import layer_stack
    from symconv.numeric import conv, correlate
    from symconv.receptive import receptive_field_table
    from symconv.symbolic import conv_expressions, symbol_array
    from symconv.symbolic.variants import zero_insert

    print("conv, 3 inputs, kernel 3, dilation = padding = d: memory stays the output's")
    x, w = np.arange(3.0).reshape(1, 1, 3), np.ones((1, 1, 3))
    for d in (10**3, 10**6, 10**9):
        _row(f"d = 10**{round(math.log10(d))}", _best(lambda: conv(x, w, dilation=d, padding=d)),
             f"peak {_peak(lambda: conv(x, w, dilation=d, padding=d)) / 1024:.1f} kB")

    print("correlate, two n-long float arrays, full mode: n log n past the direct bound")
    rng = np.random.default_rng(0)
    for n in (10**4, 10**5, 10**6, 10**7):
        a, k = rng.normal(size=n), rng.normal(size=n)
        _row(f"n = 10**{round(math.log10(n))}", _best(lambda: correlate(a, k, mode="full"), rounds=1 if n >= 10**7 else 3))

    print("receptive_field, L layers 3:2:same, no input size: one ceiling per term")
    for depth in (20, 40, 80, 128):
        _row(f"L = {depth}", _best(lambda: receptive_field([(3, 2, "same")] * depth), rounds=1))
    _row("L = 129 (refused: give input_size)", _refused(lambda: receptive_field([(3, 2, "same")] * 129)))

    print("receptive_field_table, L layers 3:2:1: exact integers, printed abbreviated")
    for depth in (10**3, 10**4, 10**5):
        _row(f"L = 10**{round(math.log10(depth))}", _best(lambda: receptive_field_table([(3, 2, 1)] * depth), rounds=1))

    print("layer_stack, L copies of one layer: each read once")
    for depth in (10**4, 10**5, 10**6):
        _row(f"L = 10**{round(math.log10(depth))}", _best(lambda: layer_stack([(3, 2, 1)] * depth)))

    print("receptive_field_diagram, L layers 3:1:1 over 5 inputs: linear in L")
    for depth in (300, 1000, 3000):
        _row(f"L = {depth}", _best(lambda: receptive_field_diagram(5, [(3, 1, 1)] * depth), rounds=1))

    print("refused before any work")
    deep = [(3, 1, 1)] * 10**8
    _row("connectivity_graph, depth 10**8", _refused(lambda: connectivity_graph(5, deep)))
    del deep
    _row("symbol_array 10**6 x 10**6", _refused(lambda: symbol_array("x", (10**6, 10**6))))
    _row("conv_expressions, transposed, stride 10**9",
         _refused(lambda: conv_expressions((1, 2), (1, 1, 2), transposed=True, stride=10**9)))
    _row("zero_insert, 2 entries, step 10**9", _refused(lambda: zero_insert(np.ones(2), 10**9)))
    _row("correlate, two 10**5-long int arrays, full",
         _refused(lambda: correlate(np.ones(10**5, int), np.ones(10**5, int), mode="full")))


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()

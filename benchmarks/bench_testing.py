"""Benchmark: how many cases per second symconv.testing checks -- it runs inside property tests.

Rows (cases per second, best of a few rounds, on small cases as the
strategies draw them: inputs up to 6 cells per axis, up to 4 channels, 1-D
to 3-D):

* ``assert_conv_matches`` against symconv's own conv (the cost of the check
  itself: the reference in the dtype, again in float64 and on the absolute
  values for the tolerance, the call, the comparison), in float64 and float32
  on the default cases (every padding mode), then on zero padding only and on
  reflect, replicate and circular padding only;
* the same for ``conv_transpose``, ``max_pool``, ``avg_pool``;
* drawing the cases: the NumPy drawer alone, and hypothesis's ``conv_cases``
  run through ``@given`` with an assertion in the body (what a property test
  costs per example);
* a failing check: the diagnosis reruns the reference once per known mistake
  and the function once more on a larger input, so a failure costs more than
  a pass (paid once per failing test, before hypothesis shrinks); a flipped
  kernel, and a function that pads with zeros whatever ``padding_mode`` says;
* ``check_implementation(conv=...)`` with 40 cases and the identities that use conv.

Measured on the development machine (2 cores, load average 0.5; an earlier
run under a load of 7.5 gave about 40% of these rates):

=================================================================  ==============  =========
check                                                              cases/s         each
=================================================================  ==============  =========
``assert_conv_matches``, float64 (every padding mode)              3,250           0.31 ms
``assert_conv_matches``, float32                                   2,220           0.45 ms
``assert_conv_matches``, float64, zeros only                       3,510           0.29 ms
``assert_conv_matches``, float64, reflect/replicate/circular only  3,010           0.33 ms
``assert_conv_transpose_matches``, float64                         2,050           0.49 ms
``assert_max_pool_matches`` / ``assert_avg_pool_matches``          4,640 / 3,690   0.22 / 0.27 ms
``random_conv_case`` (drawing only)                                11,400          0.09 ms
``@given(conv_cases())`` + ``assert_conv_matches``                 540             1.9 ms
a failing check with its diagnosis (flipped kernel)                460             2.2 ms
a failing check with its diagnosis (padding_mode ignored)          410             2.4 ms
``check_implementation(conv=..., cases=40)``                       --              1.5 s (0.3 s warm)
=================================================================  ==============  =========

About two thirds of a passing check are the two convolutions (symconv's and
the function checked); the tolerance's sums of magnitudes are computed only
when a value is not within ``(K + 2) eps |expected|``, and the known mistakes
only on a failure.  A padding mode other than zeros costs a check about 15%
(the padded input is gathered, and the float64 reference pads again); a
failure diagnosed with a mode adds up to four reruns (zeros, the two other
modes, NumPy's ``symmetric`` for reflect).  In a property test, hypothesis's
drawing (about 40 choices per case) costs more than the check.  Before
caching the strategy objects per range and making the magnitudes lazy: 550,
520, 290, 1,020 / 720 and 110 per second in the same rows (load 7.5).

Run: ``python benchmarks/bench_testing.py`` (or ``python benchmarks/run.py``).
"""

from __future__ import annotations

import time

import numpy as np


def _rate(function, count: int, rounds: int = 3) -> float:
    """Best items per second over ``rounds`` runs of ``function()`` that each handle ``count`` items."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return count / best


def main() -> None:
    import symconv as sc
    from symconv.testing import (
        assert_avg_pool_matches,
        assert_conv_matches,
        assert_conv_transpose_matches,
        assert_max_pool_matches,
        check_implementation,
    )
    from symconv.testing.cases import random_conv_case, random_pool_case

    n = 300
    rng = np.random.default_rng(0)
    rows = []
    for dtype in (np.float64, np.float32):
        cases = [random_conv_case(rng, dtype=dtype) for _ in range(n)]

        def conv_checks(cases=cases):
            for case in cases:
                assert_conv_matches(sc.numeric.conv, *case.args, **case.kwargs)

        rows.append((f"assert_conv_matches, {np.dtype(dtype).name}", _rate(conv_checks, n)))
    for label, modes in (("zeros only", ("zeros",)), ("reflect/replicate/circular only", ("reflect", "replicate", "circular"))):
        cases = [random_conv_case(rng, padding_modes=modes) for _ in range(n)]

        def conv_checks(cases=cases):
            for case in cases:
                assert_conv_matches(sc.numeric.conv, *case.args, **case.kwargs)

        rows.append((f"assert_conv_matches, float64, {label}", _rate(conv_checks, n)))
    transposed = [random_conv_case(rng, transposed=True) for _ in range(n)]

    def transpose_checks():
        for case in transposed:
            assert_conv_transpose_matches(sc.numeric.conv_transpose, *case.args, **case.kwargs)

    rows.append(("assert_conv_transpose_matches, float64", _rate(transpose_checks, n)))
    for kind, check, fn in (("max", assert_max_pool_matches, sc.numeric.max_pool),
                            ("avg", assert_avg_pool_matches, sc.numeric.avg_pool)):
        pools = [random_pool_case(rng, kind=kind) for _ in range(n)]

        def pool_checks(pools=pools, check=check, fn=fn):
            for case in pools:
                check(fn, *case.args, **case.kwargs)

        rows.append((f"assert_{kind}_pool_matches, float64", _rate(pool_checks, n)))
    rows.append(("random_conv_case (drawing only, NumPy)", _rate(lambda: [random_conv_case(rng) for _ in range(n)], n)))

    from hypothesis import HealthCheck, given, settings

    from symconv.testing import conv_cases

    examples = 200

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(conv_cases())
    def property_test(case):
        assert_conv_matches(sc.numeric.conv, *case.args, **case.kwargs)

    rows.append((f"@given(conv_cases()) + assert_conv_matches ({examples} examples)", _rate(property_test, examples, rounds=2)))

    failing = [random_conv_case(rng, ndim=2) for _ in range(30)]

    def flipped(x, w, bias=None, **kw):
        return sc.numeric.conv(x, np.flip(w, axis=tuple(range(2, w.ndim))), bias, **kw)

    def failing_checks():
        for case in failing:
            try:
                assert_conv_matches(flipped, *case.args, **case.kwargs)
            except AssertionError:
                pass

    rows.append(("a failing check with its diagnosis (flipped kernel, 2-D)", _rate(failing_checks, len(failing))))
    moded = [random_conv_case(rng, ndim=2, padding_modes=("reflect", "circular"), padding_forms=("int", "same")) for _ in range(60)]
    moded = [case for case in moded if any(max(p) for p in case.geometry.pads(case.x.shape[2:]))][:30]

    def zero_padded(x, w, bias=None, *, padding_mode="zeros", **kw):
        return sc.numeric.conv(x, w, bias, **kw)

    def mode_checks():
        for case in moded:
            try:
                assert_conv_matches(zero_padded, *case.args, **case.kwargs)
            except AssertionError:
                pass

    rows.append(("a failing check with its diagnosis (padding_mode ignored, 2-D)", _rate(mode_checks, len(moded))))
    start = time.perf_counter()
    check_implementation(conv=sc.numeric.conv, cases=40)
    seconds = time.perf_counter() - start

    print("symconv.testing: checks per second on small cases (best of a few rounds)")
    width = max(len(name) for name, _ in rows)
    for name, rate in rows:
        print(f"  {name.ljust(width)}  {rate:9,.0f} /s   {1000 / rate:7.2f} ms each")
    print(f"  {'check_implementation(conv=..., cases=40), with the identities'.ljust(width)}  {seconds:9.2f} s")


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()

"""Benchmark: deformable convolution, the convolution gradients and the identity catalogue.

Printed:

* ``deform_conv2d`` on the seed notes' shape (X of 32 x 64 x 28 x 28, offsets
  32 x 18 x 28 x 28; a 3x3 kernel, 64 output channels, padding 1, float32),
  with random fractional offsets and with zero offsets, next to
  ``symconv.numeric.conv`` on the same layer (the cost of the bilinear
  gather over the plain im2col), and against torchvision's ``deform_conv2d``
  when torchvision is installed;
* ``conv_grad_input`` and ``conv_grad_weight`` on a ResNet-style layer
  (N=8, 64 -> 64 channels, 56x56, 3x3, padding 1, float32) next to the
  forward ``conv`` and to ``torch.autograd`` when torch is installed;
* the time of ``run_verification`` over the whole identity catalogue;
* peak memory of the symconv calls (tracemalloc).

Best and median of a few interleaved rounds are given; the machine may be shared.

Run: ``python benchmarks/bench_variants.py`` (or ``python benchmarks/run.py``).
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

import numpy as np


def _times(functions: dict, rounds: int = 3) -> dict:
    """Seconds per call of each function, called round-robin after one warm-up."""
    for function in functions.values():
        function()
    times = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return times


def _peak_mib(function) -> float:
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def _report(times: dict, flop: float | None = None, reference: str | None = None):
    base = min(times[reference]) if reference else None
    for name, values in times.items():
        best, median = min(values), statistics.median(values)
        line = f"  {name:<34s} best {best * 1e3:9.1f} ms   median {median * 1e3:9.1f} ms"
        if flop:
            line += f"   {flop / best / 1e9:6.1f} GFLOP/s"
        if base is not None and name != reference:
            line += f"   x{best / base:5.2f} of {reference}"
        print(line)


def _deform():
    from symconv.numeric import conv, deform_conv2d

    rng = np.random.default_rng(0)
    n, c, h, w, k, c_out = 32, 64, 28, 28, 3, 64
    x = rng.normal(size=(n, c, h, w)).astype(np.float32)
    weight = rng.normal(size=(c_out, c, k, k)).astype(np.float32)
    offset = rng.normal(scale=1.5, size=(n, 2 * k * k, h, w)).astype(np.float32)
    zeros = np.zeros_like(offset)
    flop = 2 * n * c_out * c * k * k * h * w
    print(f"deform_conv2d, seed 003 shape: X {x.shape}, offset {offset.shape}, w {weight.shape}, padding 1, float32")
    functions = {
        "deform_conv2d (random offsets)": lambda: deform_conv2d(x, offset, weight, padding=1),
        "deform_conv2d (zero offsets)": lambda: deform_conv2d(x, zeros, weight, padding=1),
        "numeric.conv (same layer)": lambda: conv(x, weight, padding=1),
    }
    try:
        import torch
        import torchvision.ops

        tx, tw, to = (torch.from_numpy(a) for a in (x, weight, offset))
        functions["torchvision deform_conv2d"] = lambda: torchvision.ops.deform_conv2d(tx, to, tw, padding=1)
    except ImportError:
        print("  (torchvision not installed: no torchvision comparison)")
    _report(_times(functions, rounds=2), flop, reference="numeric.conv (same layer)")
    print(f"  peak memory of deform_conv2d: {_peak_mib(lambda: deform_conv2d(x, offset, weight, padding=1)):.0f} MiB")


def _gradients():
    from symconv.numeric import conv, conv_grad_input, conv_grad_weight

    rng = np.random.default_rng(1)
    n, c, h, w, k = 8, 64, 56, 56, 3
    x = rng.normal(size=(n, c, h, w)).astype(np.float32)
    weight = rng.normal(size=(c, c, k, k)).astype(np.float32)
    g = rng.normal(size=(n, c, h, w)).astype(np.float32)
    flop = 2 * n * c * c * k * k * h * w
    print(f"convolution gradients, ResNet-style layer: N={n}, {c} -> {c} channels, {h}x{w}, 3x3, padding 1, float32")
    functions = {
        "conv (forward)": lambda: conv(x, weight, padding=1),
        "conv_grad_input": lambda: conv_grad_input(x.shape, weight, g, padding=1),
        "conv_grad_weight": lambda: conv_grad_weight(x, weight.shape, g, padding=1),
    }
    try:
        import torch

        tx, tw, tg = torch.from_numpy(x), torch.from_numpy(weight), torch.from_numpy(g)
        functions["torch.nn.grad.conv2d_input"] = lambda: torch.nn.grad.conv2d_input(x.shape, tw, tg, padding=1)
        functions["torch.nn.grad.conv2d_weight"] = lambda: torch.nn.grad.conv2d_weight(tx, weight.shape, tg, padding=1)
    except ImportError:
        print("  (torch not installed: no torch comparison)")
    _report(_times(functions), flop, reference="conv (forward)")
    print(f"  peak memory of conv_grad_weight: {_peak_mib(lambda: conv_grad_weight(x, weight.shape, g, padding=1)):.0f} MiB")


def _catalogue():
    from symconv.symbolic.catalogue import format_table, run_verification

    start = time.perf_counter()
    rows = run_verification(0)
    total = time.perf_counter() - start
    slowest = sorted(rows, key=lambda r: -r.seconds)[:3]
    print(f"identity catalogue: {len(rows)} identities verified both ways in {total:.2f} s")
    print("  slowest: " + ", ".join(f"{r.name} {r.seconds:.2f} s" for r in slowest))
    failed = [r for r in rows if not (r.symbolic_ok and r.numeric_ok)]
    if failed:
        print(format_table(failed))


def main():
    _deform()
    print()
    _gradients()
    print()
    _catalogue()


if __name__ == "__main__":
    main()

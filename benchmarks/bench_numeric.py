"""Benchmark: the NumPy backend ``symconv.numeric`` on one ResNet-style layer.

The layer: N=8, C_in=C_out=64, 56x56, 3x3 kernel, stride 1, padding 1,
float32.  Printed, for conv, conv_transpose, max_pool and avg_pool:

* symconv's time and GFLOP/s, next to NumPy's own float32 matmul measured in
  the same run on a GEMM of the same FLOPs (the practical ceiling: symconv
  is an im2col plus that GEMM);
* the ratio torch-time / symconv-time against ``torch.nn.functional`` (> 1:
  symconv is faster), skipped when torch is not installed;
* the ratio scipy-time / symconv-time against ``scipy.signal.correlate2d``
  (``convolve2d`` for the transposed layer) looped over every (image,
  output channel, input channel) pair -- only a subset of pairs is timed and
  the time scaled, as the output says -- and against whole-batch
  ``scipy.ndimage`` filters for pooling;
* peak memory of the symconv call (tracemalloc sees NumPy's allocations);
* for conv, the cost of each ``padding_mode`` (reflect, replicate, circular)
  as a ratio to zeros, symconv's beside torch's (``nn.Conv2d(padding_mode=)``,
  which pads with ``F.pad`` and then convolves); the outputs are checked
  against each other first;
* for conv, two other NumPy designs timed in the same turns, to show where
  NumPy's bound lies: the channels-last im2col with one image per block and
  one matmul per block (the design the foundation issue suggests), and a
  Winograd F(2x2, 3x3) convolution (2.25 times fewer multiplications, paid
  for with transforms that are memory passes); and the GEMMs symconv runs
  alone, on columns gathered beforehand (the floor of any im2col).

The libraries take turns round by round so that both meet the same load; a
turn starts after a short rest and its first call is not counted, so that the
other library's spinning worker threads are gone.  Best and median times are
given, since the machine may be shared.

Both libraries are timed in glibc malloc's steady state: a 24 MiB buffer is
allocated and freed first, which raises malloc's dynamic mmap threshold above
the layer's buffers.  Without it, a fresh process hands torch fresh mmap pages
on every call (about 4,700 page faults, 3-4 ms per conv2d here), and torch's
time then depends on what the process allocated before: 10 ms when this script
ran alone, 6 ms after the other benchmarks.  symconv's own buffers raise the
threshold on its first call.

Run: ``python benchmarks/bench_numeric.py`` (or ``python benchmarks/run.py``);
``python benchmarks/bench_numeric.py padding-modes`` runs only the padding modes.
"""

from __future__ import annotations

import os
import statistics
import time
import tracemalloc

N, C, H, W, K = 8, 64, 56, 56, 3
CONV_FLOP = 2 * N * C * C * K * K * H * W
SCIPY_IMAGES, SCIPY_OUT = 1, 8  # the (image, output channel) pairs timed for the SciPy loop


def _interleaved(functions: dict, rounds: int, calls: int = 4, rest: float = 0.2) -> dict:
    """Best and median seconds per call of each function, taking turns for ``rounds`` rounds.

    Each turn starts after ``rest`` idle seconds and runs the function
    ``calls`` times, the first not counted: OpenMP (torch) and OpenBLAS
    (NumPy) worker threads keep spinning for a while after a call returns,
    and would otherwise slow down whichever library comes next.
    """
    times = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            time.sleep(rest)
            for call in range(calls):
                start = time.perf_counter()
                function()
                if call:
                    times[name].append(time.perf_counter() - start)
    return {name: (min(ts), statistics.median(ts)) for name, ts in times.items()}


def _peak_bytes(function) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.2f} ms"


def _try_torch():
    try:
        import torch
    except ImportError:
        return None
    return torch


def _report(name, flop, times, matmul, peak, output_bytes, torch_times, scipy_line):
    best, median = times["symconv"]
    head = f"  {name:<15}"
    pad = " " * len(head)
    if flop:
        print(
            f"{head}symconv  best {_ms(best)} = {flop / best / 1e9:.0f} GFLOP/s ({matmul[0] / best:.0%} of the best "
            f"matmul rate), median {_ms(median)} = {flop / median / 1e9:.0f} GFLOP/s"
        )
    else:
        print(f"{head}symconv  best {_ms(best)}, median {_ms(median)}")
    if torch_times is None:
        print(f"{pad}torch    not installed: torch comparison skipped")
    else:
        t_best, t_median = torch_times
        print(
            f"{pad}torch    best {_ms(t_best)}, median {_ms(t_median)}  ->  torch/symconv time ratio: "
            f"best {t_best / best:.2f}, median {t_median / median:.2f}"
        )
    print(f"{pad}{scipy_line(best)}")
    print(f"{pad}peak memory (tracemalloc) {peak / 2**20:.1f} MiB = {peak / output_bytes:.1f} x the output")


def _channels_last_im2col(x, w):
    """The issue's suggested design: NHWC, one image per block, one (H W, k^2 C) @ (k^2 C, C_out) matmul each."""
    import numpy as np
    from numpy.lib.stride_tricks import as_strided

    n, c, h, width = x.shape
    c_out, _, k, _ = w.shape
    weights = np.ascontiguousarray(w.transpose(2, 3, 1, 0)).reshape(k * k * c, c_out)
    canvas = np.zeros((h + k - 1, width + k - 1, c), x.dtype)
    columns = np.empty((h * width, k * k * c), x.dtype)
    out = np.empty((n, h, width, c_out), x.dtype)
    rows, cols, item = canvas.strides
    for image in range(n):
        np.copyto(canvas[k // 2 : k // 2 + h, k // 2 : k // 2 + width], x[image].transpose(1, 2, 0))
        windows = as_strided(canvas, (h, width, k, k, c), (rows, cols, rows, cols, item), writeable=False)
        np.copyto(columns.reshape(h, width, k, k, c), windows)
        np.matmul(columns, weights, out=out[image].reshape(h * width, c_out))
    return out.transpose(0, 3, 1, 2)


def _winograd_f23(x, w, images=2):
    """2-D Winograd F(2x2, 3x3), padding 1, even H and W: 16 GEMMs (C_out x C) @ (C x tiles) per block of images.

    Transforms are whole-array NumPy passes over even/odd "planes" of the
    padded input, flattened so that a shift by one tile row or column is an
    offset (a few garbage tiles per row are computed and dropped).  Any N:
    when ``images`` does not divide it, the last block is partial and the
    planes' other images (the block before's) are computed and dropped too.
    """
    import numpy as np

    g = np.array([[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]], x.dtype)
    a_t = np.array([[1, 1, 1, 0], [0, 1, -1, -1]], x.dtype)
    n, c, h, width = x.shape
    c_out = w.shape[0]
    u = np.ascontiguousarray(np.einsum("ia,ocab,jb->ijoc", g, w, g).reshape(16, c_out, c))
    out_transform = np.kron(a_t, a_t)  # (4, 16): output phase (r, s) from the 16 products
    th, tw = h // 2, width // 2
    ph, pw = th + 1, tw + 1
    length = c * images * ph * pw
    planes = np.zeros((2, 2, length + 2 * pw + 2), x.dtype)  # padded input P[2i + r, 2j + s] per (r, s)
    grid = planes[:, :, :length].reshape(2, 2, c, images, ph, pw)
    rows = np.zeros((4, 2, length + pw + 1), x.dtype)
    v = np.empty((16, length), x.dtype)
    m = np.empty((16, c_out, images * ph * pw), x.dtype)
    phases = np.empty((4, c_out, images, ph, pw), x.dtype)
    out = np.empty((n, c_out, h, width), x.dtype)

    def transform(d0, d1, d2, d3, target):  # B^T d for B^T = [[1,0,-1,0],[0,1,1,0],[0,-1,1,0],[0,1,0,-1]]
        np.subtract(d0, d2, out=target[0])
        np.add(d1, d2, out=target[1])
        np.subtract(d2, d1, out=target[2])
        np.subtract(d1, d3, out=target[3])

    for n0 in range(0, n, images):
        block = x[n0 : n0 + images].transpose(1, 0, 2, 3)
        count = block.shape[1]
        np.copyto(grid[0, 0][:, :count, 1:, 1:], block[:, :, 1::2, 1::2])
        np.copyto(grid[0, 1][:, :count, 1:, :tw], block[:, :, 1::2, 0::2])
        np.copyto(grid[1, 0][:, :count, :th, 1:], block[:, :, 0::2, 1::2])
        np.copyto(grid[1, 1][:, :count, :th, :tw], block[:, :, 0::2, 0::2])
        span = length + pw + 1
        for s in range(2):  # along the rows: tile row i reads plane rows i and i + 1
            even, odd = planes[0, s], planes[1, s]
            transform(even[:span], odd[:span], even[pw : pw + span], odd[pw : pw + span], rows[:, s])
        for i in range(4):  # along the columns
            even, odd = rows[i]
            transform(even[:length], odd[:length], even[1 : length + 1], odd[1 : length + 1], v[4 * i : 4 * i + 4])
        np.matmul(u, v.reshape(16, c, images * ph * pw), out=m)
        np.matmul(out_transform, m.reshape(16, -1), out=phases.reshape(4, -1))
        target = out[n0 : n0 + count].reshape(count, c_out, th, 2, tw, 2)
        drawn = phases.reshape(2, 2, c_out, images, ph, pw)[:, :, :, :count, :th, :tw]
        np.copyto(target, drawn.transpose(3, 2, 4, 0, 5, 1))
    return out


def _gemms_alone(x, w):
    """The GEMMs symconv's conv runs on this layer, on columns gathered beforehand: the floor of its im2col."""
    import numpy as np

    n, c, h, width = x.shape
    c_out, _, k, _ = w.shape
    span = (h + k - 1) * width
    columns = np.random.default_rng(1).standard_normal((n, c * k, span), dtype=np.float32)
    taps = np.ascontiguousarray(np.moveaxis(w, 2, 0)).reshape(k, c_out, c * k)
    out = np.empty((n, c_out, h * width), np.float32)
    more = np.empty_like(out[0])

    def run():
        for image in range(n):
            np.matmul(taps[0], columns[image, :, : h * width], out=out[image])
            for tap in range(1, k):
                np.matmul(taps[tap], columns[image, :, tap * width : tap * width + h * width], out=more)
                out[image] += more

    return run


MODES = ("zeros", "reflect", "replicate", "circular")


def padding_mode_overhead(x=None, w=None, torch=None, rounds: int = 5) -> None:
    """Time ``conv(x, w, padding=1, padding_mode=m)`` for every mode; print each mode's time over zeros' (and torch's)."""
    import numpy as np

    from symconv.numeric import conv

    if x is None:
        torch = _try_torch()
        np.ones(24 << 20, np.uint8)  # malloc's steady state, as in main()
        rng = np.random.default_rng(0)
        x = rng.standard_normal((N, C, H, W), dtype=np.float32)
        w = rng.standard_normal((C, C, K, K), dtype=np.float32)
    functions = {("symconv", m): (lambda m=m: conv(x, w, padding=1, padding_mode=m)) for m in MODES}
    if torch:
        xt = torch.from_numpy(x)
        for m in MODES:
            module = torch.nn.Conv2d(C, C, K, padding=1, padding_mode=m, bias=False)
            with torch.no_grad():
                module.weight.copy_(torch.from_numpy(w))
            module.requires_grad_(False)
            assert np.allclose(module(xt).numpy(), conv(x, w, padding=1, padding_mode=m), rtol=1e-4, atol=1e-3), \
                f"torch and symconv compute another conv with padding_mode={m!r}"
            functions[("torch", m)] = lambda module=module: module(xt)
    times = _interleaved(functions, rounds)
    print(f"  padding_mode    conv, the layer above with padding 1: each mode's time / zeros' time (best; median)")
    for m in MODES:
        line = []
        for library in ("symconv", "torch"):
            if (library, m) not in times:
                continue
            (best, median), (z_best, z_median) = times[(library, m)], times[(library, "zeros")]
            line.append(f"{library} {_ms(best)} -> {best / z_best:.2f} ({median / z_median:.2f})")
        print(f"{' ' * 17}{m:<10} " + ",  ".join(line))


def main() -> None:
    import numpy as np
    import scipy.ndimage
    import scipy.signal

    from symconv.numeric import avg_pool, conv, conv_transpose, max_pool

    torch = _try_torch()
    np.ones(24 << 20, np.uint8)  # allocated and freed: malloc's steady state for both libraries (see above)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, C, H, W), dtype=np.float32)
    w = rng.standard_normal((C, C, K, K), dtype=np.float32)
    print(
        f"bench_numeric: layer N={N}, C_in=C_out={C}, {H}x{W}, {K}x{K}, stride 1, padding 1, float32 "
        f"({CONV_FLOP / 1e9:.2f} GFLOP per conv)"
    )
    threads = f", torch threads {torch.get_num_threads()} (torch {torch.__version__})" if torch else ""
    print(f"  cpus {os.cpu_count()}{threads}; the CPU may be shared, so figures are noisy: best and median of turns")

    # the ceiling: NumPy's float32 matmul on the GEMM symconv runs, (C_out, C_in k^2) @ (C_in k^2, H W) for
    # each image, and on a square 1024^3 GEMM; the better of the two is "the matmul" below
    a = rng.standard_normal((C, C * K * K), dtype=np.float32)
    b = rng.standard_normal((N, C * K * K, H * W), dtype=np.float32)
    square = rng.standard_normal((1024, 1024), dtype=np.float32)
    square_flop = 2 * 1024**3
    ceilings = _interleaved({"per image": lambda: [a @ b[n] for n in range(N)], "square": lambda: square @ square}, 4)
    for label, flop, shape in (
        ("per image", CONV_FLOP, f"{N} x ({C} x {C * K * K}) @ ({C * K * K} x {H * W})"),
        ("square", square_flop, "(1024 x 1024) @ (1024 x 1024)"),
    ):
        best, median = ceilings[label]
        print(
            f"  numpy matmul    float32 {shape}: best {flop / best / 1e9:.0f} GFLOP/s, "
            f"median {flop / median / 1e9:.0f} GFLOP/s"
        )
    best_rate = max(CONV_FLOP / ceilings["per image"][0], square_flop / ceilings["square"][0])
    matmul = (CONV_FLOP / best_rate, None)  # the conv's FLOPs at the best matmul rate
    del a, b, square

    pairs_timed = SCIPY_IMAGES * SCIPY_OUT * C
    pairs_total = N * C * C
    scale = pairs_total / pairs_timed

    def scipy_loop(pair, transposed):
        """The SciPy route for a subset: one 2-D call per (image, output channel, input channel)."""

        def run():
            for n in range(SCIPY_IMAGES):
                for o in range(SCIPY_OUT):
                    acc = np.zeros((H, W), np.float32)
                    for c in range(C):
                        acc += pair(x[n, c], w[c, o] if transposed else w[o, c])
            return acc

        return run

    if torch:
        xt, wt = torch.from_numpy(x), torch.from_numpy(w)
    # conv_transpose is the adjoint layer (stride 1, padding 1): x[c] scattered through w[c, o] is a
    # full 2-D convolution, cropped by the padding
    for name, ours, theirs, label, pair, transposed in (
        (
            "conv",
            conv,
            "conv2d",
            "scipy.signal.correlate2d loop",
            lambda image, kernel: scipy.signal.correlate2d(image, kernel, mode="same"),
            False,
        ),
        (
            "conv_transpose",
            conv_transpose,
            "conv_transpose2d",
            "scipy.signal.convolve2d loop",
            lambda image, kernel: scipy.signal.convolve2d(image, kernel, mode="full")[1:-1, 1:-1],
            True,
        ),
    ):
        functions = {"symconv": lambda ours=ours: ours(x, w, padding=1)}
        if torch:
            functions["torch"] = lambda f=getattr(torch.nn.functional, theirs): f(xt, wt, padding=1)
        others = {}
        if name == "conv":  # the other NumPy designs, checked against symconv, then timed in the same turns
            reference = conv(x, w, padding=1)
            for label_, design in (
                ("channels-last im2col", _channels_last_im2col),
                ("Winograd F(2x2,3x3)", _winograd_f23),
            ):
                assert np.allclose(design(x, w), reference, rtol=1e-4, atol=1e-3), f"{label_} computes another conv"
                others[label_] = lambda design=design: design(x, w)
            others["its GEMMs alone"] = _gemms_alone(x, w)
        times = _interleaved({**functions, **others}, 6)
        subset = min(_interleaved({"scipy": scipy_loop(pair, transposed)}, 1, calls=2)["scipy"])
        w_subset = w[:, :SCIPY_OUT] if transposed else w[:SCIPY_OUT]
        expected = ours(x[:SCIPY_IMAGES], w_subset, padding=1)[-1, -1]
        assert np.allclose(scipy_loop(pair, transposed)(), expected, atol=1e-3), f"the SciPy loop is not {name}"
        scipy_line = lambda best, label=label, subset=subset: (  # noqa: E731
            f"{label}: {pairs_timed} of {pairs_total} channel pairs timed ({subset * 1e3:.0f} ms), scaled "
            f"x{scale:.0f} to {subset * scale:.2f} s  ->  scipy/symconv time ratio {subset * scale / best:.0f}"
        )
        peak = _peak_bytes(functions["symconv"])
        _report(name, CONV_FLOP, times, matmul, peak, x.nbytes, times.get("torch"), scipy_line)
        for label_ in others:
            best, median = times[label_]
            versus = f", torch/this time ratio: best {times['torch'][0] / best:.2f}" if torch else ""
            print(f"{' ' * 17}{label_ + ':':<23}best {_ms(best)}, median {_ms(median)}{versus}")
        if name == "conv":
            padding_mode_overhead(x, w, torch)

    # -- pooling: 3x3 windows, stride 2, padding 1 (the ResNet stem's max pool) -------
    for name, ours, theirs, scipy_filter in (
        (
            "max_pool 3/2/1",
            lambda: max_pool(x, 3, stride=2, padding=1),
            "max_pool2d",
            lambda: scipy.ndimage.maximum_filter(x, size=(1, 1, 3, 3), mode="constant", cval=-np.inf)[..., ::2, ::2],
        ),
        (
            "avg_pool 3/2/1",
            lambda: avg_pool(x, 3, stride=2, padding=1),
            "avg_pool2d",
            lambda: scipy.ndimage.uniform_filter(x, size=(1, 1, 3, 3), mode="constant", cval=0.0)[..., ::2, ::2],
        ),
    ):
        functions = {"symconv": ours, "scipy": scipy_filter}
        if torch:
            functions["torch"] = lambda f=getattr(torch.nn.functional, theirs): f(xt, 3, stride=2, padding=1)
        times = _interleaved(functions, 6)
        assert np.allclose(ours(), scipy_filter(), atol=1e-5), f"scipy.ndimage computes another {name}"
        s_best, s_median = times["scipy"]
        _report(
            name,
            0,
            times,
            matmul,
            _peak_bytes(ours),
            ours().nbytes,
            times.get("torch"),
            lambda best, s_best=s_best, s_median=s_median: (
                f"scipy.ndimage filter over the whole batch, then every 2nd cell: best {_ms(s_best)}, "
                f"median {_ms(s_median)}  ->  scipy/symconv time ratio (best) {s_best / best:.2f}"
            ),
        )


if __name__ == "__main__":
    import sys

    padding_mode_overhead() if sys.argv[1:] == ["padding-modes"] else main()

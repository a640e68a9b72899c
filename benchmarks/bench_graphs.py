"""Benchmark: connectivity graphs (build, query, render) and closed-form receptive fields.

Prints, for 1-D stacks of 3-tap layers (stride 1, padding 1, so every layer
keeps n units and has about 3n edges):

* build / query / render times for a 6-layer graph over 512 inputs, the SVG
  drawn in memory;
* how build, query and SVG times grow with n (128, 256, 512; depth 6) and
  with depth (3, 6, 12; n = 512), per edge -- they should stay roughly flat;
* ``receptive_field`` of symbolic stacks of 100, 200 and 400 layers (one
  symbol per kernel, stride and padding).

Run: ``python benchmarks/bench_graphs.py`` (or ``python benchmarks/run.py``).
"""

from __future__ import annotations

import time


def _best(function, repeat: int = 3) -> float:
    """Best wall time of ``repeat`` calls, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _query_all(G, sc):
    top = len(G.graph["sizes"]) - 1
    for v in sc.graphs.layer_nodes(G, top)[::16]:
        sc.graphs.receptive_field_nodes(G, v)
    for v in sc.graphs.layer_nodes(G, 0)[::16]:
        sc.graphs.affected_nodes(G, v)
    sc.graphs.edges_by_parameter(G)
    sc.graphs.parameter_count(G)


def _svg(G, sc):
    from symconv._output.savefig import figure_bytes

    return figure_bytes(sc.graphs.draw(G).figure, "svg")


def _graph_row(n: int, depth: int, sc) -> dict:
    layers = [(3, 1, 1)] * depth
    build = _best(lambda: sc.graphs.connectivity_graph(n, layers))
    G = sc.graphs.connectivity_graph(n, layers)
    edges = G.number_of_edges()
    query = _best(lambda: _query_all(G, sc))
    svg_time = _best(lambda: _svg(G, sc), repeat=1)
    return dict(n=n, depth=depth, edges=edges, build=build, query=query, svg=svg_time)


def _print_rows(title: str, rows: list[dict]) -> None:
    print(title)
    print(f"  {'n':>5} {'depth':>5} {'edges':>7} {'build s':>9} {'us/edge':>8} {'query s':>9} {'svg s':>7} {'us/edge':>8}")
    for r in rows:
        print(
            f"  {r['n']:>5} {r['depth']:>5} {r['edges']:>7} {r['build']:>9.4f} {1e6 * r['build'] / r['edges']:>8.2f}"
            f" {r['query']:>9.4f} {r['svg']:>7.3f} {1e6 * r['svg'] / r['edges']:>8.1f}"
        )


def _symbolic_stack(depth: int):
    import sympy

    ks = sympy.symbols(f"k1:{depth + 1}", integer=True, positive=True)
    ss = sympy.symbols(f"s1:{depth + 1}", integer=True, positive=True)
    ps = sympy.symbols(f"p1:{depth + 1}", integer=True, nonnegative=True)
    return list(zip(ks, ss, ps))


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import symconv as sc

    print("bench_graphs: connectivity graphs and receptive fields")
    row = _graph_row(512, 6, sc)
    G = sc.graphs.connectivity_graph(512, [(3, 1, 1)] * 6)
    text_times = {
        "mermaid": _best(lambda: sc.graphs.to_mermaid(G)),
        "dot": _best(lambda: sc.graphs.to_dot(G)),
        "tikz": _best(lambda: sc.graphs.to_tikz(G)),
    }
    svg_bytes = len(_svg(G, sc))
    print(
        f"6 layers over 512 inputs: {G.number_of_nodes()} nodes, {row['edges']} edges; build {row['build']:.4f} s, "
        f"queries {row['query']:.4f} s, SVG {row['svg']:.3f} s ({svg_bytes / 1e6:.2f} MB in memory)"
    )
    print("  text renderers: " + ", ".join(f"{name} {t:.4f} s" for name, t in text_times.items()))
    _print_rows("growth with n (depth 6):", [_graph_row(n, 6, sc) for n in (128, 256, 512)])
    _print_rows("growth with depth (n = 512):", [_graph_row(512, depth, sc) for depth in (3, 6, 12)])

    print("receptive_field of symbolic stacks (distinct k_l, s_l, p_l per layer):")
    for depth in (100, 200, 400):
        stack = _symbolic_stack(depth)
        seconds = _best(lambda: sc.receptive_field(stack), repeat=1)
        terms = len(sc.receptive_field(stack)[-1].size.args)
        print(f"  {depth:>4} layers: {seconds:.3f} s ({1e3 * seconds / depth:.2f} ms per layer; r_0 has {terms} terms)")
    numeric = [(3, 1, 1)] * 200
    print(f"  200 numeric layers: {_best(lambda: sc.receptive_field(numeric)) * 1e3:.2f} ms")


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # an uninstalled checkout works too
    main()

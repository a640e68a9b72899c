"""Benchmark: ``symconv build`` -- the whole table, and where its time goes.

Prints the wall time of one full build into a temporary directory (every
page in English and Chinese, checked then rendered; the main documents; the
diagrams, matrix and receptive-field figures; the 16 GIFs), then the time of
each kind of entry, the five slowest entries, and the size of what was written.

Run: ``python benchmarks/bench_build.py`` (or ``python benchmarks/run.py``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path


def _kind(entry) -> str:
    if entry.outputs[0].startswith("derivations/"):
        return f"pages ({entry.lang})"
    if entry.outputs[0].startswith("figures/arithmetic/"):
        return "animations"
    return "figures"


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from symconv import pages
    from symconv.build import TABLE, build

    with tempfile.TemporaryDirectory() as out:
        pages.checked_page.cache_clear()
        start = time.perf_counter()
        report = build(out)
        total = time.perf_counter() - start
        size = sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file())
    print(f"full build: {len(report.results)} files from {len(TABLE)} entries in {total:.1f} s, {size / 1e6:.1f} MB")

    pages.checked_page.cache_clear()
    by_kind, timed = defaultdict(float), []
    for entry in TABLE:
        start = time.perf_counter()
        entry.contents()
        seconds = time.perf_counter() - start
        by_kind[_kind(entry)] += seconds
        timed.append((seconds, entry.name))
    for kind, seconds in sorted(by_kind.items()):
        print(f"  {kind:<14} {seconds:6.2f} s")
    print("  slowest: " + ", ".join(f"{name} {seconds:.2f} s" for seconds, name in sorted(timed, reverse=True)[:5]))


if __name__ == "__main__":
    main()

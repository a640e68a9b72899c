"""Run every benchmark: import each ``benchmarks/bench_*.py`` and call its ``main()``.

Run: ``python benchmarks/run.py`` from the repository root (or anywhere:
the repository root is put on ``sys.path`` so an uninstalled checkout works).
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    scripts = sorted(HERE.glob("bench_*.py"))
    if not scripts:
        print(f"no bench_*.py in {HERE}")
        return 1
    for path in scripts:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        start = time.perf_counter()
        module.main()
        print(f"[{path.name}: {time.perf_counter() - start:.1f} s]\n", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

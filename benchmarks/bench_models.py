"""Benchmark: reading a whole network and its receptive fields and summary (symconv.models).

Prints, for ResNet-18, -50, -101 and -152 written as ONNX graphs with onnx.helper
(full width, weights stored as shapes only, as a model with external data is):

* the time to read the serialized model (``from_onnx`` on its bytes), to compute
  every layer's receptive field (``receptive_fields``) and the summary
  (``summary``: counts and receptive fields again), their total, and the total
  per graph node -- which stays roughly flat when the work is linear in the
  number of nodes (the target: under 1 s for ResNet-50);
* where PyTorch is installed: ``from_torch`` + ``summary`` on the same
  ResNet-50 as a PyTorch module, and, where ``torchinfo`` is installed (an
  optional comparison, not a dependency), ``torchinfo.summary`` on it, which
  runs a forward pass.

The networks come from ``tests/models/_onnx_nets.py`` and
``tests/models/_torch_nets.py`` (TF-Slim ResNet v1 bottlenecks; ResNet-18 of
basic blocks).

Run: ``python benchmarks/bench_models.py`` (or ``python benchmarks/run.py``).
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPTHS = {"ResNet-18": None, "ResNet-50": (3, 4, 6, 3), "ResNet-101": (3, 4, 23, 3), "ResNet-152": (3, 8, 36, 3)}


def _best(function, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _nets():
    sys.path.insert(0, str(ROOT / "tests"))
    from models import _onnx_nets

    return _onnx_nets


def _onnx_row(label, data, models) -> dict:
    graph = models.from_onnx(data)
    read = _best(lambda: models.from_onnx(data))
    fields = _best(lambda: models.receptive_fields(graph))
    summary = _best(lambda: models.summary(graph))
    features = [f for f in models.receptive_fields(graph) if f.kind not in ("global_pool", "flatten", "dense")]
    total = read + fields + summary
    return dict(label=label, nodes=graph.number_of_nodes(), read=read, fields=fields, summary=summary, total=total,
                per_node=total / graph.number_of_nodes() * 1e6, rf=features[-1].size[0], params=models.summary(graph).params)


def main() -> None:
    if importlib.util.find_spec("onnx") is None:
        print("bench_models: onnx is not installed (pip install \"symconv[onnx]\"); nothing to measure")
        return
    sys.path.insert(0, str(ROOT))
    from symconv import models

    nets = _nets()
    rows = []
    for label, depths in DEPTHS.items():
        if depths is None:
            model = nets.resnet18(width=1, weights="dims", head=True)
        else:
            model = nets.resnet_v1(depths, width=1, weights="dims", head=True)
        rows.append(_onnx_row(label, model.SerializeToString(), models))
    print("ONNX graph (full width, 224x224): read + receptive fields + summary")
    print(f"  {'model':<11} {'nodes':>5} {'read s':>8} {'rf s':>8} {'summary s':>9} {'total s':>8} {'us/node':>8}"
          f" {'rf':>5} {'params':>11}  (rf: the last convolutional layer's)")
    for r in rows:
        print(f"  {r['label']:<11} {r['nodes']:>5} {r['read']:>8.4f} {r['fields']:>8.4f} {r['summary']:>9.4f}"
              f" {r['total']:>8.4f} {r['per_node']:>8.1f} {r['rf']:>5} {r['params']:>11,}")
    if importlib.util.find_spec("torch") is None:
        print("torch is not installed: no PyTorch comparison")
        return
    import torch

    from models import _torch_nets

    module = _torch_nets.ResNetV1((3, 4, 6, 3), size=224, width=1).eval()
    shape = (1, 3, 224, 224)
    ours = _best(lambda: models.summary(models.from_torch(module, shape)), repeat=2)
    print(f"PyTorch ResNet-50 module: from_torch + summary {ours:.3f} s (torch.fx trace, no forward pass)")
    if importlib.util.find_spec("torchinfo") is None:
        print("torchinfo is not installed (optional: pip install torchinfo): no comparison")
        return
    import torchinfo

    with torch.no_grad():
        theirs = _best(lambda: torchinfo.summary(module, input_size=shape, verbose=0), repeat=2)
    print(f"torchinfo.summary on the same module: {theirs:.3f} s (runs a forward pass; no receptive fields)")


if __name__ == "__main__":
    main()

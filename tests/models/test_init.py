"""symconv.models imports neither onnx nor torch (nor matplotlib) until a function needs them."""

from __future__ import annotations

import subprocess
import sys


def test_import_is_light():
    code = ("import sys, symconv, symconv.models; "
            "print(sorted(m for m in ('onnx', 'torch', 'matplotlib', 'sympy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_public_names():
    import symconv.models as models

    for name in models.__all__:
        assert getattr(models, name) is not None

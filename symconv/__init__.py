"""symconv: convolution derived from first principles, checked three ways.

The public surface (see ``docs/ARCHITECTURE.md``): shape arithmetic, the NumPy backend
``symconv.numeric``, the convolution matrix, the symbolic derivations
``symconv.symbolic``, the graphs ``symconv.graphs``, receptive fields, and
``symconv.models`` for networks of your own (ONNX, PyTorch).
Submodules load on first use, so ``import symconv`` stays fast and does not
import SymPy or matplotlib.

Examples
--------
>>> import symconv as sc
>>> sc.conv_output_size(5, 3, stride=2, padding=1)
3
"""

from __future__ import annotations

import importlib

from ._errors import SymconvError
from .geometry import Geometry

__version__ = "0.1.0"

# public name -> (module, attribute or None for the module itself)
_LAZY = {
    "conv_output_size": ("symconv.shapes", "conv_output_size"),
    "conv_transpose_output_size": ("symconv.shapes", "conv_transpose_output_size"),
    "pool_output_size": ("symconv.shapes", "pool_output_size"),
    "relationships": ("symconv.shapes", "relationships"),
    "conv_matrix": ("symconv.matrix", "conv_matrix"),
    "identities": ("symconv.symbolic", "identities"),
    "receptive_field": ("symconv.receptive", "receptive_field"),
    "translate_padding": ("symconv.frameworks", "translate_padding"),
    "numeric": ("symconv.numeric", None),
    "symbolic": ("symconv.symbolic", None),
    "graphs": ("symconv.graphs", None),
    "counting": ("symconv.counting", None),
    "networks": ("symconv.networks", None),
    "models": ("symconv.models", None),
    "gradients": ("symconv.gradients", None),
    "plots": ("symconv.plots", None),
}

# moved modules whose old path still works for one release, but which are no longer advertised
_COMPAT = {"gradients"}

__all__ = ["SymconvError", "Geometry", "__version__", *(name for name in _LAZY if name not in _COMPAT)]


def __getattr__(name):
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'symconv' has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))

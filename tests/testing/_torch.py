"""PyTorch's convolution with a padding mode, for the tests that take PyTorch as the judge.

``torch.nn.functional.conv*`` has no ``padding_mode``; ``torch.nn.ConvNd`` has.
"""

from __future__ import annotations

import numpy as np


def _tensor(torch, array):
    return None if array is None else torch.from_numpy(np.ascontiguousarray(array))


#: F.pad's name of each padding mode
TORCH_PAD_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "replicate", "circular": "circular"}


def torch_conv_module(torch, x, w, bias, **kwargs):
    """``torch.nn.ConvNd`` with these arguments (``padding_mode`` among them) and these weights, applied to ``x``."""
    nd = w.ndim - 2
    module = {1: torch.nn.Conv1d, 2: torch.nn.Conv2d, 3: torch.nn.Conv3d}[nd](
        x.shape[1], w.shape[0], tuple(w.shape[2:]), bias=bias is not None, dtype=_tensor(torch, w).dtype, **kwargs)
    with torch.no_grad():
        module.weight.copy_(_tensor(torch, w))
        if bias is not None:
            module.bias.copy_(_tensor(torch, bias))
        return module(_tensor(torch, x)).numpy()

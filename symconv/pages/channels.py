"""The page ``channels``: multiple input and output channels, and the 1x1 convolution.

References
----------
.. [1] Seed notes 002 (6.4) and 003 (sections 5 and 6).
"""

from __future__ import annotations

import numpy as np
import sympy

from .. import counting
from ..numeric import conv
from ..symbolic.derivation import Derivation, Step, Table
from ..symbolic.expressions import conv_expressions, conv_sum
from ._common import _eq, _identity_checks, _matrix, _statement

NAME = "channels"
TITLE = "Channels and the 1x1 convolution"

__all__ = ["NAME", "TITLE", "make", "check"]


def make() -> Derivation:
    """Multiple input and output channels, and the 1x1 convolution.

    Returns
    -------
    Derivation
        ``check()`` runs the catalogue's checks of the channel sum and of the
        1x1 convolution as a dense layer, and compares the parameter count
        with the size of a real weight tensor.

    Examples
    --------
    >>> make()[1].parameters
    C_in*C_out*k_h*k_w + C_out
    """
    c_in, c_out, k_h, k_w, H, W = sympy.symbols("C_in C_out k_h k_w H W", integer=True, positive=True)
    layer = counting.conv((c_in, H, W), c_out, (k_h, k_w), padding="same")
    pointwise = counting.conv((c_in, H, W), c_out, 1)
    P, M = sympy.symbols("P M")
    two_channels = conv_expressions((2, 3, 3), (1, 2, 1, 2))[0, 0, 0]
    one_by_one = conv_expressions((3, 1, 1), (2, 3, 1, 1))
    y = sympy.IndexedBase("y")
    shape = sympy.Tuple(c_out, c_in, k_h, k_w)
    table = []
    for name, k in (("3x3", 3), ("1x1", 1)):
        count = counting.conv((256, 56, 56), 64, k, padding="same")
        table.append([f"{name}, 256 -> 64", count.params, count.macs])
    steps = [
        Step(
            "Several input channels",
            [_statement("multi-channel-sum"), conv_sum(2, channels=True),
             _eq(y[0, 0, 0], two_channels)],
            "Each input channel has its own 2-D kernel; one output channel sums the cross-correlations over all "
            "{C} input channels. The last line writes out one output of a 2-channel 3x3 input with 1x2 kernels: "
            "four products, two per channel.",
            symbols={"C": sympy.Symbol("C")},
        ),
        Step(
            "Several output channels",
            [_eq(sympy.Symbol(r"\operatorname{shape}(W)"), shape), _eq(P, layer.params), _eq(M, layer.macs)],
            "Stacking {c_out} such kernels gives {c_out} output channels, each responding to a different feature "
            "(seed note 002, 6.4): the kernel tensor has the shape below, PyTorch's (C_out, C_in, k_h, k_w). With "
            "one bias per output channel the layer has {P} parameters and costs {M} multiply-accumulates on a map "
            "of size {HW} with same padding. Spatial resolution is often traded for more channels.",
            layer.params,
            symbols={"c_out": c_out, "P": layer.params, "M": layer.macs,
                     "HW": sympy.Tuple(H, W)},
        ),
        Step(
            "The 1x1 convolution",
            [_statement("pointwise-is-dense"), _eq(y, _matrix(one_by_one.reshape(2))),
             _eq(P, pointwise.params)],
            "With a 1x1 kernel each output pixel is a linear combination of the {c_in} values at the same pixel: a "
            "fully connected layer over the channels, applied at every position with shared weights. It changes "
            "the number of channels cheaply and cuts the cost of the layers after it (seed note 003, section 6).",
            pointwise.params,
            symbols={"c_in": c_in},
            table=Table(["layer on a 56x56 map", "params", "MACs"], table, prose_columns=()),
        ),
    ]

    def check():
        rng = np.random.default_rng(0)
        x, w = rng.normal(size=(2, 5, 4, 4)), rng.normal(size=(3, 5, 1, 1))
        dense = np.einsum("oc,nchw->nohw", w[:, :, 0, 0], x)
        numbers = {c_in: 5, c_out: 3, k_h: 3, k_w: 2}
        weight = np.zeros((3, 5, 3, 2))
        results = {
            "1x1 convolution equals a dense layer per pixel (einsum)": bool(np.allclose(conv(x, w), dense)),
            "params = weight tensor size + one bias per output channel": layer.params.subs(numbers) == weight.size + 3,
            "one output of 2 channels with 1x2 kernels has 4 products": len(two_channels.args) == 4,
        }
        results.update(_identity_checks("multi-channel-sum", "pointwise-is-dense"))
        return results

    return Derivation(
        "Channels and the 1x1 convolution",
        steps,
        introduction=(
            "Images have channels -- red, green and blue, or the feature maps of the layer below -- and a "
            "convolution layer mixes them. Seed notes 002 (6.4) and 003 (sections 5 and 6)."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

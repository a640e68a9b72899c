"""The page ``parameter-counting``: sparse interactions, parameter sharing and the counts they buy.

References
----------
.. [1] Seed note 000, after I. Goodfellow, Y. Bengio, A. Courville, *Deep
   Learning*, section 9.2.
.. [2] Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, "Gradient-based learning
   applied to document recognition", Proc. IEEE 86(11), 1998.
"""

from __future__ import annotations

import numpy as np
import sympy

from .. import counting
from ..matrix import conv_matrix
from ..symbolic.derivation import Derivation, Step, Table
from ..symbolic.fully_connected import EXAMPLE_HIDDEN_UNITS, EXAMPLE_INPUT_VALUES
from ._common import _diagram, _eq, _shape_text

NAME = "parameter-counting"
TITLE = "Counting parameters"

__all__ = ["NAME", "TITLE", "make", "check"]


#: LeCun et al. (1998), section II.B: trainable parameters and connections of each layer.
LENET5_PUBLISHED = {
    "C1": (156, 122_304), "S2": (12, 5_880), "C3": (1_516, 151_600), "S4": (32, 2_000), "C5": (48_120, 48_120),
    "F6": (10_164, None),
}  # fmt: skip


def make() -> Derivation:
    """Sparse interactions and parameter sharing, and the counts they buy: MLP vs convolution, LeNet-5.

    Returns
    -------
    Derivation
        ``check()`` compares LeNet-5 with the paper's numbers, the notes'
        3.6 billion, and the multiply-accumulates with the nonzeros of the
        convolution matrix.

    Examples
    --------
    >>> make()[3].table.rows[1][:3]
    ('C1', '6 x 28 x 28', 156)
    """
    n_in, n_out, c_in, c_out, k, H, W = sympy.symbols("n_in n_out C_in C_out k H W", integer=True, positive=True)
    dense = counting.dense(n_in, n_out)
    conv = counting.conv((c_in, H, W), c_out, k, padding="same")
    P_dense, P_conv, M_conv = sympy.symbols("P_{dense} P_{conv} M_{conv}")
    mlp, cnn = counting.mlp_vs_conv()
    example = sympy.Mul(EXAMPLE_INPUT_VALUES, EXAMPLE_HIDDEN_UNITS, evaluate=False)
    example_value = sympy.Mul(sympy.Float("3.6"), sympy.Pow(10, 9, evaluate=False), evaluate=False)
    lenet = counting.lenet5_trace()
    lenet_rows = [[row.layer.name, _shape_text(row.layer.output_shape), row.layer.params, row.layer.macs,
                   row.connections, row.note] for row in lenet]
    photo_rows = [[name, _shape_text(c.output_shape), c.params, c.macs]
                  for name, c in zip(("dense layer to 100 hidden units", "convolution, 100 channels, 5x5, same padding"),
                                     (mlp, cnn))]
    steps = [
        Step(
            "Sparse interactions",
            [],
            "A convolution's kernel is much smaller than its input. With width 3 one input affects only three "
            "outputs, and one output depends on only three inputs (grey); in a fully connected layer every input "
            "affects every output. Few weights describe how many variables interact (seed note 000).",
            illustrations=[
                _diagram("seed/sparse-from-below", "Seen from below: what x3 affects, sparse and fully connected."),
                _diagram("seed/sparse-from-above", "Seen from above: what s3 depends on."),
                _diagram("diagrams/stride-2", "The same with stride 2: fewer outputs, each still reading three inputs."),
            ],
        ),
        Step(
            "Parameter sharing",
            [],
            "The same parameter is used by many functions of the model: the centre tap of the kernel serves every "
            "output (bold), while the fully connected layer uses each weight once. The layer stores a kernel, not a "
            "weight per connection.",
            illustrations=[_diagram("seed/parameter-sharing", "The seed notes' figure: one shared weight in bold.")],
        ),
        Step(
            "Dense against convolution",
            [_eq(P_dense, dense.params), _eq(P_conv, conv.params), _eq(M_conv, conv.macs)],
            "A dense layer pays for every pair of input and output; a convolution pays for a kernel per pair of "
            "channels, whatever the image size, though its multiply-accumulates still grow with the image. The "
            "notes' photograph: {values} RGB values into {units} hidden units need {example} weights without "
            "biases; a convolution with {units} output channels and 5x5 kernels needs {conv}.",
            symbols={"values": sympy.Mul(36, sympy.Pow(10, 6, evaluate=False), evaluate=False),
                     "units": sympy.Integer(EXAMPLE_HIDDEN_UNITS),
                     "example": _eq(example, example_value, evaluate=False),
                     "conv": sympy.Integer(cnn.params)},
            table=Table(["layer", "output shape", "params", "MACs"], photo_rows, prose_columns=(0,)),
        ),
        Step(
            "LeNet-5, layer by layer",
            [],
            "LeCun et al. (1998): a 32x32 input, C1 6@5x5, S2 2x2 subsampling, C3 16@5x5 with the paper's partial "
            "connection table, S4, C5 120@5x5, F6 84 and 10 outputs. Connections are the multiply-accumulates plus "
            "one bias per output value, the number the paper reports.",
            table=Table(["layer", "output shape", "params", "MACs", "connections", "note"], lenet_rows,
                        align="llrrrp", prose_columns=(5,)),
        ),
    ]

    def check():
        results = {}
        by_name = {row.layer.name: row for row in lenet}
        for name, (params, connections) in LENET5_PUBLISHED.items():
            results[f"LeNet-5 {name}: {params} parameters as published"] = by_name[name].layer.params == params
            if connections is not None:
                results[f"LeNet-5 {name}: {connections} connections as published"] = by_name[name].connections == connections
        results["the notes' photograph: 36e6 x 100 = 3.6e9 weights"] = mlp.params == 3_600_000_000 == int(example.doit())
        results["5x5 convolution, 3 -> 100 channels: 7,500 weights"] = cnn.params == 7_500
        w = np.ones((4, 3, 3, 3))
        # without padding every multiply-accumulate is one nonzero of C (the count includes taps on padding)
        small = counting.conv((3, 6, 5), 4, 3, stride=(2, 1), bias=False)
        results["MACs = nonzeros of the convolution matrix"] = (
            conv_matrix((3, 6, 5), w, stride=(2, 1)).nnz == small.macs
        )
        numbers = {n_in: 7, n_out: 5}
        results["dense params = weight matrix + biases"] = dense.params.subs(numbers) == 7 * 5 + 5
        return results

    return Derivation(
        "Counting parameters",
        steps,
        introduction=(
            "Sparse interactions and parameter sharing are why a convolution needs so few parameters (seed note "
            "000, after Goodfellow et al., section 9.2). The counts come from `symconv.counting`, which reads every "
            "output size from the geometry."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

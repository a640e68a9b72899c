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
from . import _geometry
from ._common import _diagram, _eq, _shape_text

NAME = "parameter-counting"
TITLE = "Counting parameters"

__all__ = ["NAME", "TITLE", "PARAMETERS", "REQUIRED", "EXAMPLES", "make", "check"]

#: The parameters of a layer this page is derived for (:func:`symconv.pages.derive`), and those it needs.
PARAMETERS = ("input", "kernel", "stride", "padding", "dilation", "groups", "channels", "transposed", "output_padding")
REQUIRED = ("input", "kernel")
#: Layers the page is worked for in the tests and the help.
EXAMPLES = (
    dict(input=(28, 28), kernel=5, channels=(1, 6)),
    dict(input=7, kernel=3, stride=2, padding=1, channels=(4, 2), groups=2, transposed=True, output_padding=1),
)


#: LeCun et al. (1998), section II.B: trainable parameters and connections of each layer.
LENET5_PUBLISHED = {
    "C1": (156, 122_304), "S2": (12, 5_880), "C3": (1_516, 151_600), "S4": (32, 2_000), "C5": (48_120, 48_120),
    "F6": (10_164, None),
}  # fmt: skip


def make(*, input=None, kernel=None, stride=None, padding=None, dilation=None, groups=None, channels=None,
         transposed=None, output_padding=None) -> Derivation:
    """Sparse interactions and parameter sharing, and the counts they buy; given a layer, its own counts.

    Parameters
    ----------
    input, kernel, stride, padding, dilation, groups, channels, transposed, output_padding : optional
        A layer (see :func:`symconv.pages.derive`); none gives the built-in page.

    Examples
    --------
    >>> d = make(input=(28, 28), kernel=5, channels=(1, 6))
    >>> d[0].parameters
    156
    """
    given = _geometry.given(input=input, kernel=kernel, stride=stride, padding=padding, dilation=dilation,
                            groups=groups, channels=channels, transposed=transposed, output_padding=output_padding)
    if given:
        return _for_geometry(_geometry.read(NAME, PARAMETERS, REQUIRED, given))
    return _example()


def _example() -> Derivation:
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


# ----------------------------------------------------------------------------
# the page for the user's layer: make(input=..., kernel=..., ...)
# ----------------------------------------------------------------------------


def _for_geometry(user) -> Derivation:
    import math

    from .._i18n import translate
    from ..graphs import parameter_sharing_diagram

    g, ndim = user.geometry, user.ndim
    c_in, c_out = user.channels
    groups = g.groups
    options = dict(stride=g.stride, padding=g.padding, dilation=g.dilation, groups=groups)
    if g.transposed:
        count = counting.conv_transpose((c_in, *user.input), c_out, g.kernel_size,
                                        output_padding=g.output_padding, **options)
    else:
        count = counting.conv((c_in, *user.input), c_out, g.kernel_size, **options)
    n_in, n_out = c_in * math.prod(user.input), c_out * math.prod(user.output)
    dense = counting.dense(n_in, n_out)
    inside, outside = _geometry.links(user)
    per_pair = c_in * c_out // groups
    N_in, N_out, C_in, C_out, K, G, I, O = sympy.symbols("n_in n_out C_in C_out K g I O", integer=True, positive=True)
    values = {N_in: n_in, N_out: n_out, C_in: c_in, C_out: c_out, K: math.prod(g.kernel_size), G: groups,
              I: math.prod(user.input), O: math.prod(user.output)}
    P_dense, P_conv, M_conv = sympy.symbols("P_{dense} P_{conv} M_{conv}")
    p_dense = N_in * N_out + N_out
    p_conv = C_out * C_in / G * K + C_out
    m_conv = C_in * I * C_out / G * K if g.transposed else C_out * O * C_in / G * K
    pictures, notes = [], []
    first_units = user.input[0]
    symbols = {"n": sympy.Integer(first_units), "limit": sympy.Integer(_geometry.MAX_DIAGRAM_UNITS),
               "units": sympy.Integer(max(first_units, user.output[0]))}
    if max(first_units, user.output[0]) <= _geometry.MAX_DIAGRAM_UNITS:
        layer = user.layer(0)

        def diagram(lang):
            titles = (translate("parameter sharing", lang), translate("full connectivity", lang))
            return parameter_sharing_diagram(first_units, [layer], titles=titles)

        pictures.append(_geometry.DiagramFigure(
            "Your layer along its first axis, one channel each way: every edge of one kernel tap (bold) shares "
            "one weight; the fully connected layer spends a weight on each edge.", diagram,
            units=max(first_units, user.output[0]) + 1, symbols=symbols))
    else:
        notes.append(_geometry.NO_FIGURE)
    steps = [
        Step(
            "Dense against convolution",
            [_eq(P_dense, p_dense), _eq(P_dense, _geometry.worked(p_dense, values)), _eq(P_conv, p_conv),
             _eq(P_conv, _geometry.worked(p_conv, values))],
            "A fully connected layer from your {n_in} input values to your {n_out} output values pays a weight for "
            "every pair, and a bias per output; your convolution pays one kernel per pair of connected channels "
            "({K} taps each), and a bias per output channel, whatever the size of the input: {ratio} times fewer "
            "parameters.",
            count.params,
            symbols={"n_in": sympy.Integer(n_in), "n_out": sympy.Integer(n_out), "K": K,
                     "ratio": sympy.Rational(dense.params, count.params), **symbols},
            notes=notes,
            illustrations=pictures,
        ),
        Step(
            "Multiply-accumulates",
            [_eq(M_conv, m_conv), _eq(M_conv, _geometry.worked(m_conv, values))],
            "Every input value scatters through every tap to the output channels of its group: {M} "
            "multiply-accumulates, or {flops} floating-point operations (two per multiply-accumulate). {inside} of "
            "them are the nonzeros of the convolution matrix; the other {outside} land in the padding and are "
            "cropped. {K} is the number of taps, {I} and {O} the numbers of input and output cells of a channel."
            if g.transposed else
            "Every output value sums one product per tap and input channel of its group: {M} multiply-accumulates, "
            "or {flops} floating-point operations (two per multiply-accumulate). {inside} of them are the nonzeros "
            "of the convolution matrix; the other {outside} read the padding. {K} is the number of taps, {I} and {O} "
            "the numbers of input and output cells of a channel.",
            symbols={"M": sympy.Integer(count.macs), "flops": sympy.Integer(2 * count.macs), "K": K, "I": I, "O": O,
                     "inside": sympy.Integer(inside * per_pair), "outside": sympy.Integer(outside * per_pair)},
            table=Table(["layer", "output shape", "params", "MACs", "FLOPs"],
                        [["your layer", _shape_text(count.output_shape), count.params, count.macs, 2 * count.macs],
                         ["fully connected, same sizes", str(n_out), dense.params, dense.macs, 2 * dense.macs]],
                        prose_columns=(0,)),
        ),
    ]

    def checks():
        results = _geometry.Checks()
        reads = ("input", "kernel", "stride", "padding", "dilation", "groups", "channels", "transposed",
                 "output_padding")
        results.add("params = weight tensor size + one bias per output channel",
                    count.params == np.zeros(user.weight_shape).size + c_out == int(p_conv.subs(values)),
                    "kernel", "groups", "channels", "transposed")
        results.add("dense params = weight matrix + biases", dense.params == n_in * n_out + n_out
                    == int(p_dense.subs(values)), "input", "channels")
        results.add("MACs = the products the numeric convolution computes",
                    count.macs == _geometry.macs_by_convolution(user) == int(m_conv.subs(values)), *reads)
        matrix = conv_matrix((c_in, *user.input), np.ones(user.weight_shape), stride=g.stride, padding=g.padding,
                             dilation=g.dilation, groups=groups, transposed=g.transposed,
                             output_padding=g.output_padding)
        results.add("MACs = nonzeros of the convolution matrix + taps on padding, counted one by one",
                    matrix.nnz == inside * per_pair and count.macs == (inside + outside) * per_pair, *reads)
        return results

    return _geometry.user_derivation(
        "Counting the parameters of your layer",
        steps,
        user,
        checks,
        "Sparse interactions and parameter sharing are why a convolution needs so few parameters (seed note 000, "
        "after Goodfellow et al., section 9.2). The counts of your layer come from `symconv.counting` and are "
        "checked against the weight tensor, the numeric convolution and the convolution matrix.",
    )

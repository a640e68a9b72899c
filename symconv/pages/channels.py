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
from . import _geometry
from ._common import _eq, _identity_checks, _matrix, _shape_text, _statement

NAME = "channels"
TITLE = "Channels and the 1x1 convolution"

__all__ = ["NAME", "TITLE", "PARAMETERS", "REQUIRED", "EXAMPLES", "make", "check"]

#: The parameters of a layer this page is derived for (:func:`symconv.pages.derive`), and those it needs.
PARAMETERS = ("input", "kernel", "stride", "padding", "dilation", "channels")
REQUIRED = ("input", "kernel", "channels")
#: Layers the page is worked for in the tests and the help.
EXAMPLES = (
    dict(input=(5, 5), kernel=3, padding=1, channels=(3, 8)),
    dict(input=6, kernel=1, channels=(4, 2)),
    dict(input=(4, 4), kernel=3, channels=(8, 2)),
)


def make(*, input=None, kernel=None, stride=None, padding=None, dilation=None, channels=None) -> Derivation:
    """Several channels and the 1x1 convolution; given a layer, its channels written out and counted.

    Parameters
    ----------
    input, kernel, stride, padding, dilation, channels : optional
        A layer (see :func:`symconv.pages.derive`); none gives the built-in page.

    Examples
    --------
    >>> d = make(input=(5, 5), kernel=3, padding=1, channels=(3, 8))
    >>> d[1].parameters
    224
    """
    given = _geometry.given(input=input, kernel=kernel, stride=stride, padding=padding, dilation=dilation,
                            channels=channels)
    if given:
        return _for_geometry(_geometry.read(NAME, PARAMETERS, REQUIRED, given))
    return _example()


def _example() -> Derivation:
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
    # the image's height and width are n_h, n_w: W is the weight
    c_in, c_out, k_h, k_w, H, W = sympy.symbols("C_in C_out k_h k_w n_h n_w", integer=True, positive=True)
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
            "(seed note 002, 6.4): the kernel tensor has the shape below, PyTorch's $(C_{out}, C_{in}, k_h, k_w)$. With "
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


# ----------------------------------------------------------------------------
# the page for the user's layer: make(input=..., kernel=..., channels=...)
# ----------------------------------------------------------------------------

#: Most products of one output written out term by term.
_MAX_TERMS = 64


def _first_output(user, out_channel=0):
    """The first output cell of ``out_channel``, written out: ``sum_c sum_t W_{o,c,t} X_{c, t d - p_b}``."""
    import itertools

    g = user.geometry
    terms = []
    for c in range(user.channels[0] // g.groups):
        for tap in itertools.product(*(range(k) for k in g.kernel_size)):
            at = [t * d - pb for t, d, (pb, _) in zip(tap, g.dilation, user.pads)]
            if all(0 <= a < n for a, n in zip(at, user.input)):
                w = sympy.Symbol("W_{%s}" % ",".join(map(str, (out_channel, c, *tap))))
                x = sympy.Symbol("X_{%s}" % ",".join(map(str, (c, *at))))
                terms.append((w, x, (out_channel, c, *tap), (c, *at)))
    return terms


def _for_geometry(user) -> Derivation:
    g, ndim = user.geometry, user.ndim
    c_in, c_out = user.channels
    k = g.kernel_size
    counted = counting.conv((c_in, *user.input), c_out, k, stride=g.stride, padding=g.padding, dilation=g.dilation)
    pointwise = counting.conv((c_in, *user.input), c_out, 1)
    terms = _first_output(user)
    y = sympy.IndexedBase("Y")
    first = y[(0,) * (ndim + 1)]
    written = sympy.Add(*(w * x for w, x, _, _ in terms)) if len(terms) <= _MAX_TERMS else None
    C_in, C_out, P, M = sympy.symbols("C_in C_out P M", integer=True, positive=True)
    k_prod = sympy.Mul(*(sympy.Symbol(f"k_{{{a + 1}}}") if ndim > 1 else sympy.Symbol("k") for a in range(ndim)))
    o_prod = sympy.Mul(*(sympy.Symbol(f"o_{{{a + 1}}}") if ndim > 1 else sympy.Symbol("o") for a in range(ndim)))
    values = {C_in: c_in, C_out: c_out}
    for a in range(ndim):
        values[sympy.Symbol(f"k_{{{a + 1}}}") if ndim > 1 else sympy.Symbol("k")] = k[a]
        values[sympy.Symbol(f"o_{{{a + 1}}}") if ndim > 1 else sympy.Symbol("o")] = user.output[a]
    params = C_out * C_in * k_prod + C_out
    macs = C_out * o_prod * C_in * k_prod
    shape = sympy.Tuple(*user.weight_shape)
    steps = [
        Step(
            "Several input channels",
            [_statement("multi-channel-sum"), *([_eq(first, written)] if written is not None else [])],
            "Each of your {c_in} input channels has its own kernel; an output channel sums the cross-correlations "
            "over all of them. The last line writes out the first output of output channel 0: {n} products, one "
            "per input channel and tap that lands inside the input.",
            symbols={"c_in": sympy.Integer(c_in), "n": sympy.Integer(len(terms))},
            notes=[] if written is not None else ["That output has too many products to write out here."],
        ),
        Step(
            "Several output channels",
            [_eq(sympy.Symbol(r"\operatorname{shape}(W)"), shape), _eq(P, params), _eq(P, _geometry.worked(params, values)),
             _eq(M, macs), _eq(M, _geometry.worked(macs, values))],
            "Your {c_out} output channels each have a kernel of {c_in} slices, so the kernel tensor has the shape "
            "below, in PyTorch's order: output channels, input channels, then the kernel's extents. With one bias "
            "per output channel the layer has {P} parameters, and on your input of size {size} it costs {M} "
            "multiply-accumulates.",
            counted.params,
            symbols={"c_out": sympy.Integer(c_out), "c_in": sympy.Integer(c_in), "P": sympy.Integer(counted.params),
                     "M": sympy.Integer(counted.macs), "size": sympy.Tuple(*user.input)},
        ),
        Step(
            "The 1x1 convolution",
            [_statement("pointwise-is-dense")],
            "A 1x1 convolution with the same channels makes each output pixel a linear combination of the {c_in} "
            "values at the same pixel: a fully connected layer over the channels, applied at every position with "
            "shared weights. The table compares it with your layer.",
            symbols={"c_in": sympy.Integer(c_in)},
            table=Table(["layer", "output shape", "params", "MACs"],
                        [["your layer", _shape_text(counted.output_shape), counted.params, counted.macs],
                         ["1x1 convolution, same channels", _shape_text(pointwise.output_shape), pointwise.params,
                          pointwise.macs]], prose_columns=(0,)),
        ),
    ]

    def checks():
        results = _geometry.Checks()
        reads = ("input", "kernel", "stride", "padding", "dilation", "channels")
        rng = np.random.default_rng(0)
        x = rng.normal(size=(1, c_in, *user.input))
        w = rng.normal(size=user.weight_shape)
        numeric = conv(x, w, stride=g.stride, padding=g.padding, dilation=g.dilation)
        value = sum(w[wi] * x[(0, *xi)] for _, _, wi, xi in terms)
        results.add("the written-out first output equals the numeric convolution",
                    np.isclose(value, numeric[(0, 0, *(0,) * ndim)]), *reads)
        results.add(f"the output has shape {counted.output_shape}", numeric.shape[1:] == counted.output_shape, *reads)
        results.add("params = weight tensor size + one bias per output channel",
                    counted.params == np.zeros(user.weight_shape).size + c_out == int(params.subs(values)),
                    "kernel", "channels")
        results.add("MACs = the products the numeric convolution sums, padding included",
                    counted.macs == _geometry.macs_by_convolution(user) == int(macs.subs(values)), *reads)
        w1 = rng.normal(size=(c_out, c_in, *(1,) * ndim))
        dense = np.einsum("oc,nc...->no...", w1.reshape(c_out, c_in), x)
        results.add("the 1x1 convolution equals a dense layer per pixel (einsum)", np.allclose(conv(x, w1), dense),
                    "input", "channels")
        results.identities(_identity_checks("multi-channel-sum", "pointwise-is-dense"))
        return results

    return _geometry.user_derivation(
        "The channels of your layer",
        steps,
        user,
        checks,
        "How your layer mixes its channels: the sum over input channels written out, the kernel tensor, and the "
        "counts, checked against the numeric convolution.",
    )

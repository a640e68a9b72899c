"""The page ``layouts``: how many axes input, weight and output have in 1-D, 2-D and 3-D.

References
----------
.. [1] Seed note 003, section 13.
"""

from __future__ import annotations

import numpy as np
import sympy

from ..geometry import Geometry
from ..numeric import conv
from ..symbolic.derivation import Derivation, Step

NAME = "layouts"
TITLE = "Axes of 1-D, 2-D and 3-D convolution"

__all__ = ["NAME", "TITLE", "make", "check"]


def make() -> Derivation:
    """Seed 003 section 13's question: how many axes do input and weight have in 1-D, 2-D and 3-D?

    Returns
    -------
    Derivation
        One step per case with the shapes of input, weight and output (output
        sizes from :class:`symconv.Geometry` with symbolic sizes, one line
        each); ``check()`` evaluates the stated output sizes on concrete sizes
        and compares them, and the shape :func:`symconv.numeric.conv` returns
        on concrete arrays, with the sizes worked by hand.

    Examples
    --------
    >>> d = make()
    >>> [step.title for step in d]
    ['1-D convolution (text, audio, time series)', '2-D convolution (images)', '3-D convolution (video, volumes)']
    >>> all(d.check().values())
    True
    """
    n, c_in, c_out, g = sympy.symbols("N C_in C_out g", positive=True, integer=True)
    s, p, d = sympy.symbols("s p d", positive=True, integer=True)
    axes = {1: ("L",), 2: ("H", "W"), 3: ("D", "H", "W")}
    uses = {1: "text, audio, time series", 2: "images", 3: "video, volumes"}
    shape = sympy.Function("shape")
    # bold names: W is also the width
    X, W, Y = (sympy.Symbol(rf"\mathbf{{{name}}}") for name in "XWY")
    steps = []
    shown = {}  # ndim -> (sizes, kernel, output sizes): what the page states, for the check
    for ndim, names in axes.items():
        sizes = sympy.symbols(names, positive=True, integer=True)
        kernel = sympy.symbols(tuple(f"k_{name.lower()}" for name in names), positive=True, integer=True)
        out = Geometry(kernel, s, p, d, ndim=ndim).output_size(sizes)
        shown[ndim] = sizes, kernel, out
        # one line per output size: three of them in one tuple run past the margin
        o = sympy.symbols(tuple(f"o_{name.lower()}" for name in names), positive=True, integer=True)
        steps.append(
            Step(
                f"{ndim}-D convolution ({uses[ndim]})",
                [
                    sympy.Eq(shape(X), sympy.Tuple(n, c_in, *sizes), evaluate=False),
                    sympy.Eq(shape(W), sympy.Tuple(c_out, c_in / g, *kernel), evaluate=False),
                    sympy.Eq(shape(Y), sympy.Tuple(n, c_out, *o), evaluate=False),
                    *(sympy.Eq(symbol, size, evaluate=False) for symbol, size in zip(o, out)),
                ],
                "Input and output have {rank} axes (batch, channels and {ndim} spatial); so has the weight "
                "(output channels, input channels per group and {ndim} kernel extents).",
                None,
                {"rank": sympy.Integer(ndim + 2), "ndim": sympy.Integer(ndim)},
            )
        )

    def check():
        results = {}
        rng = np.random.default_rng(0)
        for ndim, spatial, kernel in ((1, (9,), (3,)), (2, (7, 6), (3, 2)), (3, (5, 6, 7), (2, 3, 2))):
            x = rng.normal(size=(2, 4, *spatial))
            w = rng.normal(size=(6, 2, *kernel))
            y = conv(x, w, stride=2, padding=1, dilation=1, groups=2)
            want = (2, 6, *((i + 2 - k) // 2 + 1 for i, k in zip(spatial, kernel)))
            names, taps, out = shown[ndim]
            values = {s: 2, p: 1, d: 1, **dict(zip(names, spatial)), **dict(zip(taps, kernel))}
            stated = tuple(int(size.subs(values)) for size in out)
            results[f"{ndim}-D output shape"] = y.shape == want and stated == want[2:]
        return results

    return Derivation(
        "Input, weight and output axes of 1-D, 2-D and 3-D convolution",
        steps,
        introduction=(
            "Seed note 003, section 13 asks how many axes the input and the weight of a 3-D convolution have, and "
            "of a 1-D one. In the PyTorch/ONNX layout every case has two leading axes (batch and channels for the "
            "input and output, output and input channels for the weight) followed by the spatial axes."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

"""The page ``padding-stride-dilation``: what each does to the window and to the output size.

References
----------
.. [1] Seed notes 002 (6.3) and 003 (sections 5 and 10).
.. [2] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285.
"""

from __future__ import annotations

import numpy as np
import sympy

from .. import shapes
from ..geometry import Geometry
from ..numeric import conv
from ..symbolic.derivation import Derivation, Illustration, Step, Table
from ..symbolic.variants import dilated_kernel
from ._common import _d, _diagram, _eq, _gif, _i, _identity_checks, _k, _matrix, _o, _p, _s, _statement, _sym

NAME = "padding-stride-dilation"
TITLE = "Padding, stride and dilation"

__all__ = ["NAME", "TITLE", "make", "check"]


_SIZE_EXAMPLES = (
    # (i, k, s, p, d): the guide's direct configurations
    (4, 3, 1, 0, 1), (5, 4, 1, 2, 1), (5, 3, 1, 1, 1), (5, 3, 1, 2, 1),
    (5, 3, 2, 0, 1), (5, 3, 2, 1, 1), (6, 3, 2, 1, 1), (7, 3, 1, 0, 2),
)  # fmt: skip


def make() -> Derivation:
    """Padding, stride and dilation: what each does to the window and to the output size.

    Returns
    -------
    Derivation
        ``check()`` compares the sizes with the shapes
        :func:`symconv.numeric.conv` returns and runs the catalogue's checks of
        strides, dilation and the dilated receptive field.

    Examples
    --------
    >>> make()[3].table.rows[0]
    (4, 3, 1, 0, 1, 2)
    """
    n = sympy.Symbol("n", integer=True, nonnegative=True)
    padded = Geometry(_k, 1, _p).output_size((_i,))[0]
    same = Geometry(2 * n + 1, 1, n).output_size((_i,))[0]
    strided = Geometry(_k, _s, _p).output_size((_i,))[0]
    k_hat = sympy.Symbol(r"\hat{k}")
    effective = Geometry(_k, dilation=_d).effective_kernel_size[0]
    w = _sym("w", 3)
    spread = dilated_kernel(w.reshape(1, 1, 3), 2)[0, 0]
    rows = [(i, k, s, p, d, shapes.conv_output_size(i, k, stride=s, padding=p, dilation=d))
            for i, k, s, p, d in _SIZE_EXAMPLES]
    L = sympy.Symbol("L", integer=True, positive=True)
    steps = [
        Step(
            "Zero padding",
            [_eq(_o, padded), sympy.Implies(sympy.And(_eq(_k, 2 * n + 1), _eq(_p, n)), _eq(_o, same))],
            "Padding adds {p} zeros on each side of the input, so that the kernel can also be centred on the "
            "border cells and the border is not lost; PyTorch's padding=1 adds one row above and one below. An "
            "odd kernel {k_odd} with {p_n} keeps the size, which is why odd kernels are the usual choice: both "
            "sides get the same padding.",
            symbols={"p": _p, "k_odd": _eq(_k, 2 * n + 1), "p_n": _eq(_p, n)},
            illustrations=[_gif("same_padding_no_strides"), _gif("full_padding_no_strides")],
        ),
        Step(
            "Stride",
            [_eq(_o, strided), _statement("stride-is-subsampling")],
            "The stride {s} moves the window {s} cells at a time, for inputs whose full resolution is redundant. "
            "A strided convolution is the stride-1 convolution read every {s} outputs; the floor drops a last "
            "window that would run past the end.",
            symbols={"s": _s},
            illustrations=[
                _gif("padding_strides"),
                _gif("padding_strides_odd"),
                Illustration("The convolution matrix with stride 2: each block row starts two blocks further right.",
                             image="figures/conv-matrix-stride-2.svg", latex_image="figures/conv-matrix-stride-2.png",
                             width=0.6),
            ],
        ),
        Step(
            "Dilation",
            [_eq(k_hat, effective), _statement("dilation-is-zero-inserted-kernel"),
             _eq(sympy.Symbol("w^{(2)}"), _matrix(spread))],
            "Dilation {d} spreads the taps {d} cells apart, with {holes} holes between them, to see further with "
            "the same weights: a dilated (atrous) convolution is an ordinary one with a zero-inserted kernel of "
            "effective size {k_hat}; with {d_one} it is the standard convolution.",
            symbols={"d": _d, "holes": _d - 1, "k_hat": k_hat, "d_one": _eq(_d, 1)},
            illustrations=[_gif("dilation")],
        ),
        Step(
            "All three at once",
            [shapes.general_output_size()],
            "One formula of the geometry covers padding, stride and dilation together. The table gives it for the "
            "guide's configurations; each size is also the shape symconv's convolution returns.",
            table=Table(["$i$", "$k$", "$s$", "$p$", "$d$", "$o$"], rows),
        ),
        Step(
            "Dilation grows the receptive field fast",
            [_statement("dilated-receptive-field")],
            "Stacking 3-tap convolutions with dilations 1, 2, 4, ... doubles the receptive field at every layer: "
            "{L} layers see {rf} inputs with only {w} weights.",
            symbols={"L": L, "rf": 2 ** (L + 1) - 1, "w": 3 * L},
            illustrations=[_diagram("diagrams/dilated-stack", "Dilations 1, 2, 4: the top unit sees all 15 inputs.")],
        ),
    ]

    def check():
        results = {}
        for i, k, s, p, d, o in rows:
            shape = conv(np.zeros((1, 1, i)), np.zeros((1, 1, k)), stride=s, padding=p, dilation=d).shape[-1]
            results[f"i={i} k={k} s={s} p={p} d={d}: numeric output has {o} cells"] = shape == o
        for k in (1, 3, 5, 7):
            x = np.arange(9.0).reshape(1, 1, 9)
            results[f"odd kernel {k} with padding {k // 2} keeps the size"] = (
                conv(x, np.ones((1, 1, k)), padding=k // 2).shape == x.shape
            )
        results["w^(2) is w with one zero between taps"] = list(spread) == [w[0], 0, w[1], 0, w[2]]
        results.update(_identity_checks(
            "stride-is-subsampling", "dilation-is-zero-inserted-kernel", "dilated-receptive-field"
        ))
        return results

    return Derivation(
        "Padding, stride and dilation",
        steps,
        introduction=(
            "Padding, stride and dilation change where the kernel's window sits; every output size below comes "
            "from the one geometry symconv uses everywhere (`symconv.Geometry`). Seed notes 002 (6.3) and 003 "
            "(sections 5 and 10)."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

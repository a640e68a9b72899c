"""The page ``deformable``: offsets, bilinear sampling and a written-out example.

References
----------
.. [1] Seed note 003, section 12.
.. [2] J. Dai et al., "Deformable Convolutional Networks", arXiv:1703.06211.
"""

from __future__ import annotations

import numpy as np
import sympy

from ..numeric import deform_conv2d
from ..symbolic.derivation import Derivation, Step
from ..symbolic.variants import bilinear_form, deform_conv2d_expressions
from ._common import _d, _eq, _identity_checks, _p, _s, _statement, _sym

NAME = "deformable"
TITLE = "Deformable convolution"

__all__ = ["NAME", "TITLE", "make", "check"]


def make() -> Derivation:
    """Deformable convolution: offsets, bilinear sampling and a written-out example.

    Returns
    -------
    Derivation
        ``check()`` compares the written-out example with
        :func:`symconv.numeric.deform_conv2d` at random numbers, checks the
        offset channel count of the notes' shapes, and runs the catalogue's
        checks.

    Examples
    --------
    >>> make()[0].relations[0].rhs
    2*k_h*k_w
    """
    k_h, k_w = sympy.symbols("k_h k_w", integer=True, positive=True)
    u, v = sympy.symbols("u v")
    r0, c0 = sympy.symbols("r_0 c_0", integer=True)
    corners = np.array([[sympy.Symbol(f"X_{{r_0{dr},c_0{dc}}}") for dc in ("", "+1")] for dr in ("", "+1")], dtype=object)
    X = sympy.Function("X")
    i, j, a, b = sympy.symbols("i j a b", integer=True)
    W, dr, dc = sympy.IndexedBase("W"), sympy.IndexedBase(r"\Delta r"), sympy.IndexedBase(r"\Delta c")
    general = _eq(
        sympy.IndexedBase("y")[i, j],
        sympy.Sum(sympy.Sum(W[a, b] * X(_s * i - _p + _d * a + dr[a, b, i, j], _s * j - _p + _d * b + dc[a, b, i, j]),
                            (b, 0, k_w - 1)), (a, 0, k_h - 1)),
    )
    mask = sympy.IndexedBase("m")
    modulated = _eq(
        sympy.IndexedBase("y")[i, j],
        sympy.Sum(sympy.Sum(W[a, b] * mask[a, b, i, j] * X(_s * i - _p + _d * a + dr[a, b, i, j],
                                                             _s * j - _p + _d * b + dc[a, b, i, j]),
                            (b, 0, k_w - 1)), (a, 0, k_h - 1)),
    )
    x = _sym("x", 3, 3).reshape(1, 3, 3)
    w = _sym("w", 2, 2).reshape(1, 1, 2, 2)
    offset = np.zeros((8, 2, 2))
    offset[1::2] = 0.5  # every tap half a cell to the right
    example = deform_conv2d_expressions(x, offset, w)
    C_off = sympy.Symbol(r"C_{\mathrm{offset}}")
    steps = [
        Step(
            "Offsets",
            [_eq(C_off, 2 * k_h * k_w), general],
            "An ordinary kernel samples a fixed grid, which limits how well the network models geometric "
            "transformations. A deformable convolution adds to every tap an offset {dr_dc}, predicted from the input "
            "by another convolution, so the grid can follow the object: {C} offset channels per output position, "
            "a row and a column offset per tap. For the notes' 3x3 kernels on a $(32, 64, 28, 28)$ input the "
            "offsets have shape $(32, 18, 28, 28)$.",
            symbols={"dr_dc": sympy.Tuple(dr[a, b, i, j], dc[a, b, i, j]), "C": 2 * k_h * k_w},
        ),
        Step(
            "Bilinear sampling",
            [_eq(X(r0 + u, c0 + v), bilinear_form(u, v, corners))],
            "The shifted positions fall between pixels, so the input is read by bilinear interpolation between the "
            "four neighbours, {uv} being the fractional parts; neighbours outside the image count as zero. The "
            "weights sum to 1. The value is linear in the input, so gradients reach the input; it is piecewise "
            "linear in the position -- the weights are linear in {uv} between two grid lines -- so gradients reach "
            "the offsets too (except where a position crosses a grid line).",
            symbols={"uv": sympy.Tuple(u, v)},
        ),
        Step(
            "Modulation (v2)",
            [modulated],
            "Deformable ConvNets v2 also multiply each sample by a modulation scalar {m}, predicted like the "
            "offsets ({C} more channels, through a sigmoid, so between 0 and 1): a tap can also be turned down. "
            "`symconv.numeric.deform_conv2d` takes these as its mask; a mask of ones is v1.",
            symbols={"m": mask[a, b, i, j], "C": k_h * k_w},
        ),
        Step(
            "An example",
            [_eq(sympy.Symbol("y_{0,0}"), example[0, 0, 0]), _eq(sympy.Symbol("y_{0,1}"), example[0, 0, 1])],
            "A 2x2 kernel on a 3x3 input with every tap shifted half a cell to the right: each weight now reads the "
            "mean of two neighbours, and on the right border half of it falls outside and reads zero.",
        ),
        Step(
            "Zero offsets give back convolution",
            [_statement("deformable-zero-offsets"), _statement("deformable-integer-offsets")],
            "With zero offsets (and a mask of ones) nothing moves and the layer is an ordinary convolution; a "
            "constant integer offset reads the input shifted.",
        ),
    ]

    def check():
        rng = np.random.default_rng(0)
        xs, ws = rng.normal(size=(3, 3)), rng.normal(size=(2, 2))
        values = {**{x[0, r, c]: xs[r, c] for r in range(3) for c in range(3)},
                  **{w[0, 0, r, c]: ws[r, c] for r in range(2) for c in range(2)}}
        written = np.array([[float(e.subs(values)) for e in row] for row in example[0]])
        numeric = deform_conv2d(xs[None, None], offset[None], ws[None, None])[0, 0]
        try:
            notes = deform_conv2d(np.zeros((1, 2, 5, 5)), np.zeros((1, 18, 3, 3)), np.zeros((1, 2, 3, 3))).shape
        except Exception:  # a refusal is a failed check, reported
            notes = None
        halved = deform_conv2d(xs[None, None], offset[None], ws[None, None], mask=np.full((1, 4, 2, 2), 0.5))[0, 0]
        results = {
            "written-out example equals numeric deform_conv2d": bool(np.allclose(written, numeric)),
            "a 3x3 kernel takes 18 offset channels": notes == (1, 1, 3, 3),
            "a mask of one half (v2) halves every sample": bool(np.allclose(halved, numeric / 2)),
        }
        results.update(_identity_checks("deformable-zero-offsets", "deformable-integer-offsets",
                                        "bilinear-reproduces-bilinear"))
        return results

    return Derivation(
        "Deformable convolution",
        steps,
        introduction=(
            "A deformable convolution learns where each tap of its kernel looks (seed note 003, section 12; Dai "
            "et al. 2017)."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

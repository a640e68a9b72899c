"""The page ``equivariance``: exact with circular padding, away from the border with zero padding.

References
----------
.. [1] Seed notes 000 and 003 (section 4).
"""

from __future__ import annotations

import numpy as np
import sympy

from ..symbolic.derivation import Derivation, Step, Table
from ..symbolic.variants import circular_correlate, correlate, equivariance_region, shift
from ._common import _diagram, _eq, _identity_checks, _matrix, _statement, _sym

NAME = "equivariance"
TITLE = "Equivariance to translation"

__all__ = ["NAME", "TITLE", "make", "check"]


def make() -> Derivation:
    """Equivariance to translation: exact with circular padding, away from the border with zero padding.

    Returns
    -------
    Derivation
        ``check()`` compares :func:`~symconv.symbolic.variants.equivariance_region`
        with a brute-force symbolic comparison for every shift and padding of
        a small example, and runs the catalogue's checks.

    Examples
    --------
    >>> make()[3].table.rows[0][-1]
    'no'
    """
    f, g = sympy.Function("f"), sympy.Function("g")
    xs = sympy.Symbol("x")
    x5, k2 = _sym("x", 5), _sym("k", 2)
    left = circular_correlate(shift(x5, 1, circular=True), k2)
    right = shift(circular_correlate(x5, k2), 1, circular=True)
    x8, k3 = _sym("x", 8), _sym("k", 3)
    shifted = correlate(shift(x8, 2), k3)
    moved = shift(correlate(x8, k3), 2)
    region = equivariance_region(8, 3, 2)
    rows = []
    for index, (a, b) in enumerate(zip(shifted, moved)):
        same = sympy.expand(a - b) == 0
        rows.append([index, a, b, "yes" if same else "no"])
    steps = [
        Step(
            "Definition",
            [_eq(f(g(xs)), g(f(xs)))],
            "A function is equivariant to a transformation when transforming the input transforms the output in "
            "the same way: {f} is equivariant to {g} when the two commute. For a convolution, take {g} to be any "
            "translation of the input (seed note 000).",
            symbols={"f": f(xs), "g": g(xs)},
        ),
        Step(
            "Parameter sharing is the reason",
            [],
            "Every position uses the same kernel: one weight serves every output (the bold edges), where in a "
            "fully connected layer it serves a single pair. So moving the input moves the output, and a feature is "
            "detected wherever it appears.",
            illustrations=[_diagram("seed/parameter-sharing", "The seed notes' figure: the edges of one shared weight.")],
        ),
        Step(
            "Circular padding: exact",
            [_statement("translation-equivariance-circular"),
             _eq(sympy.Symbol(r"\operatorname{corr}(\operatorname{shift}_{1}(x), k)"), _matrix(left)),
             _eq(sympy.Symbol(r"\operatorname{shift}_{1}(\operatorname{corr}(x, k))"), _matrix(right))],
            "On a circle nothing falls off the edge: shifting by one then correlating gives exactly the correlation "
            "shifted by one.",
            notes=["With a stride $s$ only the shifts by a multiple of $s$ commute with the convolution, and they move "
                   "the output by $t/s$ (the statement above): at stride 2 a shift by one gives no shifted copy of "
                   "the output."],
        ),
        Step(
            "Zero padding: away from the border",
            [_statement("translation-equivariance-interior")],
            "With zero padding the shift pushes values off one end and zeros in at the other. Shifting 8 inputs by "
            "2 before a valid 3-tap correlation changes outputs 0 and 1; outputs {first} to {last} equal the "
            "shifted outputs, the region `symconv.symbolic.variants.equivariance_region` computes.",
            symbols={"first": sympy.Integer(region.start), "last": sympy.Integer(region.stop - 1)},
            notes=["A shift to the left is the mirror image: zeros come in on the right, and output $i$ equals output "
                   "$i - t$ only where its window stays clear of the left padding, $i \\ge p$; with $n = 8$, $k = 3$, "
                   "$p = 1$ and $t = -2$, output 0 reads a padding cell where output 2 reads $x_1$."],
            table=Table(["output", "`corr(shift(x))`", "`shift(corr(x))`", "equal"], rows, prose_columns=(3,)),
        ),
    ]

    def check():
        results = {
            "circular: corr(shift(x)) = shift(corr(x))": all(sympy.expand(a - b) == 0 for a, b in zip(left, right)),
            "the table's equal rows are the computed region": [r[0] for r in rows if r[3] == "yes"] == list(region),
        }
        xs8 = _sym("x", 8)
        for p in (0, 1, 2):
            for t in range(-3, 4):
                padded_x = np.concatenate([np.zeros(p, dtype=object), xs8, np.zeros(p, dtype=object)])
                padded_s = np.concatenate([np.zeros(p, dtype=object), shift(xs8, t), np.zeros(p, dtype=object)])
                y, y_shifted = correlate(padded_x, k3), correlate(padded_s, k3)
                agree = [n for n in range(len(y)) if 0 <= n - t < len(y) and sympy.expand(y_shifted[n] - y[n - t]) == 0]
                results[f"region p={p} t={t}"] = agree == list(equivariance_region(8, 3, t, padding=p))
        results.update(_identity_checks("translation-equivariance-circular", "translation-equivariance-interior"))
        return results

    return Derivation(
        "Equivariance to translation",
        steps,
        introduction=(
            "Convolution commutes with translation: shift the input and the output shifts the same way. Seed notes "
            "000 and 003 (section 4) call this equivariant representation; here it is proved where it holds and "
            "shown where the border breaks it."
        ),
        checker=check,
    )


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

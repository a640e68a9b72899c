"""What several pages share: relations left as written, the catalogue's checks, pictures, the Hessian.

Nothing here is page content; each page's prose lives in its own module.
"""

from __future__ import annotations

import numpy as np
import sympy

from ..graphs.figures import diagram_mermaid
from ..matrix import conv_matrix
from ..numeric.learning import edge_example
from ..symbolic.catalogue import identity
from ..symbolic.derivation import Illustration
from ..symbolic.expressions import symbol_array
from ..symbolic.variants import as_array

#: Input size, kernel size, stride, padding, dilation and output size along one axis, as the guide names them.
_i, _k, _s, _p, _d, _o = sympy.symbols("i k s p d o", integer=True, positive=True)


# ----------------------------------------------------------------------------
# formulas
# ----------------------------------------------------------------------------


def _eq(lhs, rhs, evaluate=False):
    """``Eq`` left as written: ``Eq(Symbol, Matrix)`` would otherwise evaluate to False."""
    return sympy.Eq(lhs, rhs, evaluate=evaluate)


def _matrix(values) -> sympy.Matrix:
    """A SymPy matrix of an array (a row for 1-D), entries sympified."""
    array = as_array(values)
    if array.ndim == 1:
        array = array[None]
    return sympy.Matrix([[sympy.sympify(v) for v in row] for row in array.tolist()])


def _sym(name, *shape):
    """An object array of symbols ``name_{i,j}`` (``name_{i}`` in 1-D)."""
    return as_array(symbol_array(name, shape))


def _shape_text(shape) -> str:
    return " x ".join(map(str, shape))


# ----------------------------------------------------------------------------
# the identity catalogue
# ----------------------------------------------------------------------------


def _identity_checks(*names, rng=0) -> dict:
    """Both checks of each named identity of the catalogue."""
    results = {}
    for name in names:
        ident = identity(name)
        results[f"identity {name}: symbolic"] = ident.check_symbolic()
        results[f"identity {name}: numeric"] = ident.check_numeric(rng)
    return results


def _statement(name):
    return identity(name).statement


# ----------------------------------------------------------------------------
# pictures
# ----------------------------------------------------------------------------


def _gif(name: str) -> Illustration:
    """The guide's animation ``name``: the GIF online, a strip of its key frames in print."""
    return Illustration(
        "The convolution-arithmetic guide's configuration {name}, animated by symconv.",
        image=f"figures/arithmetic/{name}.gif",
        latex_image=f"figures/arithmetic/{name}.pdf",
        width=1.0,
        symbols={"name": name},
        print_caption="The convolution-arithmetic guide's configuration {name}: key frames of symconv's animation.",
    )


def _diagram(name: str, caption: str, width: float = 0.8) -> Illustration:
    """A diagram of ``symconv.graphs.figures``: Mermaid online, its PDF in print."""
    return Illustration(
        caption,
        mermaid=lambda lang: diagram_mermaid(name, lang),
        latex_image=f"figures/{name}.pdf",
        width=width,
    )


# ----------------------------------------------------------------------------
# the notes' learning example: the Hessian of its loss (pages learning-example and two-by-two)
# ----------------------------------------------------------------------------


def _design_matrix(X, kernel_size):
    """Rows: the flattened windows of X (one per output); ``conv(X, K) = A @ K.ravel()``."""
    # the conv matrix of X read the other way round: column t of A is X shifted by tap t
    rows = []
    for tap in np.ndindex(*kernel_size):
        e = np.zeros((1, 1, *kernel_size))
        e[(0, 0, *tap)] = 1
        rows.append(conv_matrix((1, *X.shape), e, format="csr") @ X.ravel())
    return np.array(rows).T


def _hessian_symbol():
    """``H = 2 A^T A`` as a SymPy relation, for the prose."""
    A = sympy.MatrixSymbol("A", sympy.Symbol("m"), sympy.Symbol("n"))
    return _eq(sympy.Symbol("H"), 2 * A.T * A)


def _hessian_facts(kernel_size, lr):
    """Exact Hessian eigenvalues of the sum-of-squares loss and the step factors ``1 - lr*lambda``."""
    X, _, _ = edge_example()
    A = sympy.Matrix(_design_matrix(X, kernel_size).astype(int))
    hessian = 2 * A.T * A
    eigenvalues = sorted(hessian.eigenvals(multiple=True), reverse=True)
    rate = sympy.nsimplify(lr)
    factors = [1 - rate * lam for lam in eigenvalues]
    return A, hessian, eigenvalues, factors

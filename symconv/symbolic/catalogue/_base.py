"""What every family of the catalogue shares: :class:`Identity` and the helpers of the checks.

The helpers compare arrays of numbers or SymPy expressions (:func:`_same`),
make symbol arrays (:func:`_sym`) and draw random valid layers
(:func:`_random_layer`) for the numeric checks.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import sympy

from ...geometry import Geometry
from ..expressions import symbol_array
from ..variants import as_array

__all__ = ["Identity"]


class Identity:
    """One identity of the catalogue.

    Parameters
    ----------
    name : str
        Short kebab-case name, unique in the catalogue.
    statement : sympy.Basic
        The identity as a SymPy relation; ``.latex`` renders it.
    description : str
        One sentence in words.
    symbolic : callable
        ``() -> bool``: the SymPy proof.
    numeric : callable
        ``(rng) -> bool``: the check on random numbers and geometries.
    source : str
        Where the notes or the literature state it.

    Examples
    --------
    >>> from symconv.symbolic.catalogue import identity
    >>> ident = identity("cross-correlation-is-flipped-convolution")
    >>> ident.check_symbolic(), ident.check_numeric(np.random.default_rng(0))
    (True, True)
    >>> ident.latex
    '\\\\operatorname{corr}{\\\\left(X,W \\\\right)} = \\\\operatorname{conv}{\\\\left(X,\\\\operatorname{flip}{\\\\left(W \\\\right)} \\\\right)}'
    """

    __slots__ = ("name", "statement", "description", "source", "_symbolic", "_numeric")

    def __init__(self, name, statement, description, symbolic: Callable, numeric: Callable, source=""):
        self.name = name
        self.statement = statement
        self.description = description
        self.source = source
        self._symbolic = symbolic
        self._numeric = numeric

    @property
    def latex(self) -> str:
        """The statement in LaTeX, from :func:`sympy.latex`."""
        return sympy.latex(self.statement)

    def check_symbolic(self) -> bool:
        """Prove the identity with SymPy (on symbolic data of small concrete sizes)."""
        return bool(self._symbolic())

    def check_numeric(self, rng=None) -> bool:
        """Check the identity on random data and random geometries.

        Parameters
        ----------
        rng : numpy.random.Generator, int or None
            Passed to :func:`numpy.random.default_rng`.
        """
        return bool(self._numeric(np.random.default_rng(rng)))

    def __repr__(self):
        return f"Identity({self.name!r})"

    def _repr_latex_(self) -> str:
        """Jupyter shows the statement, as SymPy objects show themselves."""
        return f"$\\displaystyle {self.latex}$"


def _f(name):
    return sympy.Function(name)


_X, _W, _Y, _G, _b = sympy.symbols("X W Y G b")


_conv, _corr, _convt, _flip = _f("conv"), _f("corr"), _f("conv^T"), _f("flip")


def _sym(name, shape):
    return as_array(symbol_array(name, shape))


def _same(a, b) -> bool:
    """Entrywise equality after expansion (SymPy) or to rounding (numbers)."""
    a, b = as_array(a), as_array(b)
    if a.shape != b.shape:
        return False
    if a.dtype == object or b.dtype == object:
        return all(sympy.expand(p - q) == 0 for p, q in zip(a.ravel().tolist(), b.ravel().tolist()))
    scale = max(1.0, float(np.max(np.abs(a), initial=0)), float(np.max(np.abs(b), initial=0)))
    return bool(np.allclose(a, b, rtol=1e-9, atol=1e-9 * scale))


def _e(a):
    """Symbolic conv_expressions output as an object array."""
    return as_array(a)


def _trials(check, rng, n=6):
    return all(check(rng) for _ in range(n))


def _randint(rng, low, high):
    return int(rng.integers(low, high + 1))


def _randints(rng, low, high, ndim):
    """``ndim`` random ints from ``low`` to ``high``: a random size, stride or padding per axis."""
    return tuple(_randint(rng, low, high) for _ in range(ndim))


def _random_layer(rng, *, ndim=2, groups=True, stride=True, padding=True, dilation=True):
    """A random valid convolution: (x, w, geometry keyword arguments)."""
    g = _randint(rng, 1, 3) if groups else 1
    c_in, c_out = g * _randint(rng, 1, 2), g * _randint(rng, 1, 2)
    kernel = _randints(rng, 1, 3, ndim)
    kwargs = dict(
        stride=_randints(rng, 1, 3, ndim) if stride else 1,
        padding=_randints(rng, 0, 2, ndim) if padding else 0,
        dilation=_randints(rng, 1, 2, ndim) if dilation else 1,
        groups=g,
    )
    geometry = Geometry(kernel, kwargs["stride"], kwargs["padding"], kwargs["dilation"], ndim=ndim)
    spatial = tuple(e + _randint(rng, 0, 4) for e in geometry.effective_kernel_size)
    x = rng.normal(size=(_randint(rng, 1, 2), c_in, *spatial))
    w = rng.normal(size=(c_out, c_in // g, *kernel))
    return x, w, kwargs

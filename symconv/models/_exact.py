"""Exact arithmetic for network sizes: ints, ``Fraction`` and SymPy expressions alike.

Receptive fields through transposed convolutions and upsampling have
fractional effective strides; they stay exact as :class:`fractions.Fraction`
(SymPy takes a ``Fraction`` as a ``Rational`` when it meets one, so symbolic
sizes mix in freely).  SymPy is used only when a value already is SymPy.
"""

from __future__ import annotations

from fractions import Fraction

from .._validate import is_sympy, sympy_module


def norm(value):
    """An integral ``Fraction`` or SymPy ``Integer`` as an ``int``; a SymPy ``Rational`` as a ``Fraction``."""
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    if is_sympy(value):
        if value.is_Integer:
            return int(value)
        if value.is_Rational:
            return Fraction(int(value.p), int(value.q))
    return value


def ratio(a, b):
    """``a / b`` exactly."""
    if is_sympy(a) or is_sympy(b):
        return norm(sympy_module().sympify(a) / b)
    return norm(Fraction(a) / Fraction(b))


def same(a, b):
    """True if ``a == b`` provably, False if provably not, None when SymPy cannot tell."""
    if not (is_sympy(a) or is_sympy(b)):
        return a == b
    difference = sympy_module().simplify(a - b)
    if difference == 0:
        return True
    if difference.is_zero is False or difference.is_Number:
        return False
    return None


def smallest(values):
    """The minimum, as ``min`` for numbers and SymPy ``Min`` otherwise."""
    values = list(values)
    if any(is_sympy(v) for v in values):
        return norm(sympy_module().Min(*values))
    return min(values)


def largest(values):
    """The maximum, as ``max`` for numbers and SymPy ``Max`` otherwise."""
    values = list(values)
    if any(is_sympy(v) for v in values):
        return norm(sympy_module().Max(*values))
    return max(values)


def product(values):
    out = 1
    for v in values:
        out = out * v
    return norm(out)


def text(value) -> str:
    """How a value is written in tables and JSON: ``7``, ``1/2``, ``ceiling(h/2)``."""
    return str(norm(value))


def json_value(value):
    """An ``int`` stays a number; a fraction or an expression becomes its exact text (``"1/2"``)."""
    value = norm(value)
    if isinstance(value, int):
        return value
    return str(value)

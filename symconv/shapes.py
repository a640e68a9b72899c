"""Output-size arithmetic for convolution, transposed convolution and pooling.

Every size function here is a thin front to :class:`symconv.Geometry`, which
holds the one set of formulas; they accept Python ints or SymPy expressions.

:func:`relationships` gives the 15 relationships of Dumoulin & Visin's guide
as SymPy equations with their conditions, each checked against that same
geometry, symbolically and on integers.  SymPy is imported only when they are
asked for, so the size functions stay free of it.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285.
"""

from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction
from dataclasses import dataclass
from typing import Any, NamedTuple

from ._errors import SymconvError
from .geometry import Geometry
from ._validate import as_bool, is_sequence, plain, short

__all__ = [
    "conv_output_size",
    "conv_transpose_output_size",
    "pool_output_size",
    "relationships",
    "relationship_symbols",
    "general_output_size",
    "guide_form",
    "Relationship",
    "GuideConfiguration",
    "GUIDE_CONFIGURATIONS",
]


def _sizes(*values):
    """NumPy arrays as lists (a 1-D array is one size per axis) and 0-d arrays as scalars, like tuples and ints."""
    return [plain(v) for v in values]


def _ndim(*values) -> int:
    lengths = {len(v) for v in values if is_sequence(v)}
    return lengths.pop() if len(lengths) == 1 else (max(lengths) if lengths else 1)


def _answer(geometry: Geometry, i, scalar: bool):
    out = geometry.output_size(i)
    return out[0] if scalar else out


def conv_output_size(i, k, stride=1, padding=0, dilation=1, *, padding_mode="zeros"):
    """Output size of a convolution (cross-correlation) along each axis.

    ``o = floor((i + p_before + p_after - d(k-1) - 1) / s) + 1``, whatever
    the padding holds: ``padding_mode`` changes no size, only which pads an
    input can fill.

    Parameters
    ----------
    i : int, SymPy expression, or tuple of them
        Input size; a tuple gives one size per spatial axis.
    k : int or tuple
        Kernel size.
    stride, dilation : int or tuple, default 1
    padding : int, tuple, tuple of (before, after) pairs, or "valid"/"same"/"full"/"causal"
        ``"causal"`` (1-D) puts all ``d(k-1)`` before the input: ``o = ceil(i / s)``.
    padding_mode : {"zeros", "reflect", "replicate", "circular"}, default "zeros"
        PyTorch's ``padding_mode``.  ``reflect`` mirrors the input about its
        border cell, so each pad must be smaller than the input; ``circular``
        wraps it once, so each pad must be at most the input (PyTorch's
        limits; symbolic sizes are not checked).

    Returns
    -------
    int or SymPy expression when every argument is a scalar, else a tuple.

    Raises
    ------
    SymconvError
        A non-positive size, stride or dilation, negative padding, an unknown
        padding string or mode, a pad the mode cannot fill from the input,
        or a kernel larger than the padded input.
    TypeError
        A float or bool where an int belongs.

    Examples
    --------
    >>> conv_output_size(5, 3, stride=2, padding=1)
    3
    >>> conv_output_size((7, 5), 3, padding="same", stride=2)
    (4, 3)
    >>> import sympy
    >>> i, k = sympy.symbols("i k", positive=True, integer=True)
    >>> conv_output_size(i, k)
    i - k + 1
    >>> conv_output_size(8, 3, dilation=2, padding="causal")
    8
    >>> conv_output_size((4, 5), 3, padding=2, padding_mode="circular")
    (6, 7)
    >>> conv_output_size(3, 3, padding=3, padding_mode="reflect")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: padding: reflect padding needs each pad smaller than the input (PyTorch's rule: a mirror image cannot be longer than what it mirrors), got pads (3, 3) on axis 0 of an input of 3

    See Also
    --------
    conv_transpose_output_size, pool_output_size, symconv.Geometry
    """
    i, k, stride, dilation = _sizes(i, k, stride, dilation)
    ndim = _ndim(i, k, stride, dilation)
    geometry = Geometry(k, stride, padding, dilation, padding_mode=padding_mode, ndim=ndim)
    scalar = not any(is_sequence(v) for v in (i, k, stride, dilation))
    return _answer(geometry, i, scalar)


def conv_transpose_output_size(i, k, stride=1, padding=0, dilation=1, output_padding=0, *, padding_mode="zeros"):
    """Output size of a transposed convolution along each axis.

    ``o = (i - 1) s - p_before - p_after + d(k-1) + output_padding + 1``
    (with symmetric padding ``p``: ``(i-1)s - 2p + d(k-1) + a + 1``).
    ``padding_mode`` is ``"zeros"`` only, as for PyTorch's ConvTranspose:
    its padding removes output cells, there is nothing to fill.

    Examples
    --------
    >>> conv_transpose_output_size(3, 3, stride=2, padding=1)
    5
    >>> conv_transpose_output_size(3, 3, stride=2, padding=1, output_padding=1)
    6
    >>> conv_transpose_output_size(5, 3, stride=1, padding="same")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: padding: "same" is not defined for transposed convolution (its output size is set by stride and output_padding); give explicit pads, got 'same'

    See Also
    --------
    conv_output_size
    """
    i, k, stride, dilation, output_padding = _sizes(i, k, stride, dilation, output_padding)
    ndim = _ndim(i, k, stride, dilation, output_padding)
    geometry = Geometry(k, stride, padding, dilation, output_padding=output_padding, transposed=True,
                        padding_mode=padding_mode, ndim=ndim)
    scalar = not any(is_sequence(v) for v in (i, k, stride, dilation, output_padding))
    return _answer(geometry, i, scalar)


def pool_output_size(i, k, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Output size of max or average pooling along each axis.

    ``stride`` defaults to the kernel size.  With ``ceil_mode`` the size is
    rounded up, but a last window that would start inside the right padding
    is dropped (PyTorch's and ONNX's rule).

    Examples
    --------
    >>> pool_output_size(6, 2)
    3
    >>> pool_output_size(5, 2, ceil_mode=True)
    3
    >>> pool_output_size(5, 2, stride=2, padding=1, ceil_mode=True)
    3
    """
    if stride is None:
        stride = k
    i, k, stride, dilation = _sizes(i, k, stride, dilation)
    ndim = _ndim(i, k, stride, dilation)
    geometry = Geometry(k, stride, padding, dilation, ceil_mode=ceil_mode, ndim=ndim)
    scalar = not any(is_sequence(v) for v in (i, k, stride, dilation))
    return _answer(geometry, i, scalar)


def _guide_axis(sp, i, k, s, pads, d, a, transposed: bool):
    """One axis of :func:`guide_form`: the guide's formula, built unevaluated with the numbers in place."""
    add = functools.partial(sp.Add, evaluate=False)
    mul = functools.partial(sp.Mul, evaluate=False)
    i, k, s, d, a = (sp.sympify(v) for v in (i, k, s, d, a))
    before, after = (sp.sympify(v) for v in pads)
    # a negative product is Mul(-2, p, evaluate=False): negating 2*p would evaluate it
    if before == after == 0:
        padding, minus_padding = [], []
    elif before == after:
        padding, minus_padding = [mul(2, before)], [mul(-2, before)]          # 2p
    else:
        padding, minus_padding = [before, after], [-before, -after]          # p_before + p_after
    if d == 1:
        reach, minus_reach = [k], [-k]
    else:  # the dilated kernel's extent d(k - 1) + 1
        reach, minus_reach = [mul(d, add(k, -1)), sp.Integer(1)], [mul(-1, d, add(k, -1)), sp.Integer(-1)]
    if transposed:
        # o' = s(i' - 1) + a + k - 2p, the guide's relationship 14
        step = add(i, -1) if s == 1 else mul(s, add(i, -1))
        return add(step, *([a] if a != 0 else []), *reach, *minus_padding)
    # o = floor((i + 2p - k)/s) + 1, the guide's relationship 6 (relationship 15 with dilation)
    if s == 1:
        return add(i, *padding, *minus_reach, 1)
    numerator = add(i, *padding, *minus_reach)
    return add(sp.floor(mul(numerator, sp.Pow(s, -1, evaluate=False)), evaluate=False), 1)


def guide_form(i, k, stride=1, padding=0, dilation=1, *, transposed=False, output_padding=0):
    r"""The output size written as the convolution-arithmetic guide writes it, unevaluated.

    :func:`conv_output_size` simplifies: ``conv_output_size(i, 3, stride=2,
    padding=1)`` is ``floor(i/2 - 1/2) + 1``.  This is the same size in the
    guide's form, ``floor((i + 2p - k)/s) + 1`` with the numbers put in
    (``floor((i + 2*1 - 3)/2) + 1``), built with ``evaluate=False`` so that
    nothing is simplified: a reader sees where each number goes.  A stride
    of 1 drops the floor (``i + 2p - k + 1``), no padding drops ``2p``, a
    dilation ``d`` puts ``d(k - 1) + 1`` for ``k`` (the dilated kernel's
    extent), and unequal pads ``p_before + p_after`` for ``2p``.  With
    ``transposed=True`` it is ``s(i - 1) + a + k - 2p`` (the guide's
    relationship 14, ``a`` the output padding).

    ``.doit()`` evaluates it, to exactly what :func:`conv_output_size` (or
    :func:`conv_transpose_output_size`) gives.  SymPy's own printers reorder
    terms; :func:`symconv.symbolic.latex` and ``sympy.sstr(form,
    order="none")`` print it as written.

    Parameters
    ----------
    i, k, stride, padding, dilation
        As for :func:`conv_output_size` (ints or SymPy expressions; a tuple
        gives one form per axis); ``padding`` as a number, ``(before,
        after)`` pairs or ``"valid"``/``"full"``.
    transposed : bool, default False
    output_padding : int or tuple, default 0
        Transposed only, as for :func:`conv_transpose_output_size`.

    Returns
    -------
    SymPy expression, or a tuple of them when any argument is a tuple.

    Raises
    ------
    SymconvError
        As :func:`conv_output_size`; and ``padding="same"``, whose size
        ``ceil(i/s)`` the guide does not write in this form.
    TypeError
        A float or bool where an int belongs.

    Examples
    --------
    >>> import sympy
    >>> i = sympy.Symbol("i", integer=True, positive=True)
    >>> form = guide_form(i, 3, stride=2, padding=1)
    >>> print(sympy.sstr(form, order="none"))
    floor((i + 2*1 - 3)/2) + 1
    >>> form.doit(), conv_output_size(i, 3, stride=2, padding=1)
    (floor(i/2 - 1/2) + 1, floor(i/2 - 1/2) + 1)
    >>> k, s, p = sympy.symbols("k s p", integer=True, positive=True)
    >>> from symconv.symbolic import latex
    >>> print(latex(guide_form(i, k, stride=s, padding=p)))
    \left\lfloor{\frac{i + 2 p - k}{s}}\right\rfloor + 1
    >>> print(sympy.sstr(guide_form(3, 3, stride=2, padding=1, transposed=True, output_padding=1), order="none"))
    2*(3 - 1) + 1 + 3 - 2*1
    >>> guide_form(5, 3, padding="same")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: padding: the guide writes no formula for "same" (its size is ceil(i/s)); give explicit pads, got 'same'

    See Also
    --------
    conv_output_size, conv_transpose_output_size, relationships
    """
    sp = _sympy()
    transposed = as_bool(transposed, "transposed")
    if isinstance(padding, str) and padding.strip().lower() == "same":
        raise SymconvError(
            f'padding: the guide writes no formula for "same" (its size is ceil(i/s)); give explicit pads, got {padding!r}',
            parameter="padding",
        )
    i, k, stride, dilation, output_padding = _sizes(i, k, stride, dilation, output_padding)
    ndim = _ndim(i, k, stride, dilation, output_padding)
    geometry = Geometry(k, stride, padding, dilation, output_padding=output_padding, transposed=transposed, ndim=ndim)
    sizes = tuple(i) if is_sequence(i) else (i,) * ndim
    geometry.output_size(sizes)  # the geometry's own errors for a bad size
    forms = tuple(
        _guide_axis(sp, *axis, transposed)
        for axis in zip(sizes, geometry.kernel_size, geometry.stride, geometry.padding, geometry.dilation,
                        geometry.output_padding)
    )
    scalar = not any(is_sequence(v) for v in (i, k, stride, dilation, output_padding))
    return forms[0] if scalar else forms


# ----------------------------------------------------------------------------
# the 15 relationships of Dumoulin & Visin's guide
# ----------------------------------------------------------------------------

_KINDS = ("convolution", "pooling", "transposed")


def _sympy():
    import sympy  # only the relationships need SymPy; the size functions above never do

    return sympy


@functools.lru_cache(maxsize=None)
def _symbol_table() -> tuple:
    sp = _sympy()
    positive = dict(integer=True, positive=True)
    nonnegative = dict(integer=True, nonnegative=True)
    table = {name: sp.Symbol(name, **positive) for name in ("i", "k", "s", "d", "o", "i'", "o'", "k'", "s'")}
    table.update({name: sp.Symbol(name, **nonnegative) for name in ("p", "a", "n", "m")})
    table["p'"] = sp.Symbol("p'", integer=True)  # k - p - 1 is negative when p >= k
    table["i_stretched"] = sp.Symbol(r"\tilde{i}'", **positive)
    return tuple(table.items())


def relationship_symbols() -> dict:
    """The SymPy symbols the relationships are written in, by name.

    ``i, k, s, p, d, o`` are input size, kernel size, stride, zero padding
    (each side), dilation and output size; ``i', o', k', s', p'`` the same for
    the associated transposed convolution, ``a`` the extra zeros at its
    bottom/right edge, ``i_stretched`` its input with ``s - 1`` zeros between
    units, and ``n, m`` the integers that parametrise "k odd" (``k = 2n + 1``)
    and "a multiple of s" (``m s``).  All are integers; sizes are positive.

    Examples
    --------
    >>> S = relationship_symbols()
    >>> S["k"].is_positive, S["p"].is_nonnegative
    (True, True)
    """
    return dict(_symbol_table())


def general_output_size(*, transposed: bool = False, dilated: bool = True):
    """The output size symconv's geometry gives, as a SymPy ``Eq`` in symbols.

    ``o = floor((i + 2p - d(k-1) - 1)/s) + 1`` for convolution and
    ``o' = (i'-1)s - 2p + d(k-1) + a + 1`` for transposed convolution, both
    computed by :class:`symconv.Geometry` from the symbols of
    :func:`relationship_symbols` (with ``d = 1`` when ``dilated=False``).

    Examples
    --------
    >>> general_output_size(dilated=False)
    Eq(o, floor((i - k + 2*p)/s) + 1)
    >>> general_output_size(transposed=True, dilated=False)
    Eq(o', a + k - 2*p + s*(i' - 1))
    """
    transposed, dilated = as_bool(transposed, "transposed"), as_bool(dilated, "dilated")
    sp = _sympy()
    S = relationship_symbols()
    d = S["d"] if dilated else 1
    if transposed:
        geometry = Geometry(S["k"], S["s"], S["p"], d, output_padding=S["a"], transposed=True)
        return sp.Eq(S["o'"], geometry.output_size((S["i'"],))[0])
    return sp.Eq(S["o"], Geometry(S["k"], S["s"], S["p"], d).output_size((S["i"],))[0])


def _equal(left, right) -> bool:
    """True when SymPy can show ``left == right`` for all integer symbols."""
    sp = _sympy()
    difference = sp.sympify(left) - right
    # floor and Mod are tied by x = s*floor(x/s) + Mod(x, s); rewriting Mod in floors lets them cancel
    for step in (lambda e: e, sp.expand, lambda e: sp.expand(e.rewrite(sp.floor)), sp.simplify):
        difference = step(difference)
        if difference == 0:
            return True
    return False


def _holds(condition) -> bool:
    sp = _sympy()
    if condition is sp.true or condition is True:
        return True
    if isinstance(condition, sp.Eq):
        return _equal(condition.lhs, condition.rhs)
    return False


@functools.lru_cache(maxsize=None)
def _compiled(expr):
    sp = _sympy()
    symbols = tuple(sorted(expr.free_symbols, key=str))
    return symbols, sp.lambdify(symbols, expr, modules=[{"floor": math.floor, "ceiling": math.ceil}, "math"])


def _value(expr, values: dict):
    """``expr`` at integer ``values`` ({symbol: int}), compiled once and evaluated exactly.

    The arguments are :class:`fractions.Fraction`, so ``(i - k)/s`` stays a
    fraction and ``floor`` of it is exact.
    """
    symbols, function = _compiled(_sympy().sympify(expr))
    result = function(*(Fraction(values[symbol]) for symbol in symbols))
    if isinstance(result, bool):
        return result
    if result != int(result):
        raise SymconvError(f"relationship: expected an integer value of {expr} at {values}, got {result}", parameter="relationship")
    return int(result)


@dataclass(frozen=True)
class Relationship:
    """One numbered relationship of the convolution-arithmetic guide.

    Parameters
    ----------
    number : int
        Its number in the guide (1 to 15).
    title : str
        The guide's section title, e.g. ``"Zero padding, non-unit strides"``.
    kind : {"convolution", "pooling", "transposed"}
    equation : sympy.Eq
        The output size: ``o`` (or ``o'`` for a transposed convolution) on
        the left, the guide's formula on the right.
    conditions : tuple of SymPy relations
        When it holds, e.g. ``Eq(s, 1)``, ``Eq(Mod(k, 2), 1)``.
    wording : str
        The guide's statement, in words with ``$...$`` math.
    associated : tuple of sympy.Eq
        Transposed relationships only: the associated transposed convolution
        as the guide describes it -- ``i'`` is the direct convolution's
        output, ``k'``, ``s'``, ``p'`` its kernel, stride and padding, and
        ``\\tilde{i}'`` the input with ``s - 1`` zeros between units.
    parametrisation : tuple of (symbol, expression) pairs
        Values that satisfy the conditions, used by :meth:`check_symbolic`,
        e.g. ``k = 2n + 1, p = n`` for "k odd, p = floor(k/2)".
    dilated : bool
        Whether the formula involves the dilation ``d`` (otherwise ``d = 1``).
    figure : str or None
        The name of the guide's animation of this case.

    Examples
    --------
    >>> r6 = relationships()[5]
    >>> r6.equation
    Eq(o, floor((i - k + 2*p)/s) + 1)
    >>> r6.check_symbolic(), r6.check_numeric()
    (True, True)

    See Also
    --------
    relationships, general_output_size
    """

    number: int
    title: str
    kind: str
    equation: Any
    conditions: tuple = ()
    wording: str = ""
    associated: tuple = ()
    parametrisation: tuple = ()
    dilated: bool = False
    figure: str | None = None

    def __post_init__(self):
        if not isinstance(self.kind, str) or self.kind not in _KINDS:
            raise SymconvError(f"kind: expected one of {', '.join(_KINDS)}, got {short(self.kind)}", parameter="kind")
        if self.kind == "transposed" and not self.associated:
            raise SymconvError(
                f"associated: relationship {self.number} is transposed and needs its associated convolution", parameter="associated"
            )

    # -- rendering -------------------------------------------------------------

    @property
    def latex(self) -> str:
        """``sympy.latex`` of the equation.

        Examples
        --------
        >>> relationships()[0].latex
        'o = i - k + 1'
        """
        return _sympy().latex(self.equation)

    @property
    def conditions_latex(self) -> tuple:
        """``sympy.latex`` of each condition."""
        return tuple(_sympy().latex(c) for c in self.conditions)

    @property
    def associated_latex(self) -> tuple:
        """``sympy.latex`` of each equation describing the associated transposed convolution."""
        return tuple(_sympy().latex(e) for e in self.associated)

    # -- the general formula and the proof ------------------------------------

    def _associated(self, name: str):
        S = relationship_symbols()
        for eq in self.associated:
            if eq.lhs == S[name]:
                return eq.rhs
        raise SymconvError(f"associated: relationship {self.number} does not give {name}", parameter="associated")

    def general(self):
        """The geometry's output size for this kind of layer, in symbols.

        ``floor((i + 2p - d(k-1) - 1)/s) + 1`` for convolution and pooling
        (``d = 1`` unless dilated); for a transposed relationship
        ``(i'-1)s - 2p + k + a``, with ``a`` only where the guide uses it.
        """
        S = relationship_symbols()
        d = S["d"] if self.dilated else 1
        if self.kind == "transposed":
            a = S["a"] if S["a"] in self.equation.free_symbols else 0
            geometry = Geometry(S["k"], S["s"], S["p"], d, output_padding=a, transposed=True)
            return geometry.output_size((S["i'"],))[0]
        return Geometry(S["k"], S["s"], S["p"], d).output_size((S["i"],))[0]

    def obligations(self) -> list:
        """What :meth:`check_symbolic` proves: ``(claim, left, right)`` triples.

        - the parametrisation satisfies every condition;
        - under it, the relationship's formula equals :meth:`general`;
        - (transposed) fed the direct convolution's output ``i'``, the
          formula gives back ``i``;
        - (transposed) the associated direct convolution -- kernel ``k``,
          unit stride, padding ``p'`` (plus ``a`` at the end) over the
          stretched input ``\\tilde{i}'`` -- has the same output size.
        """
        sp = _sympy()
        S = relationship_symbols()
        subs = dict(self.parametrisation)

        def at(expr):
            return sp.sympify(expr).subs(subs, simultaneous=True)

        rhs = self.equation.rhs
        claims = [(f"condition {c} holds", at(c), sp.true) for c in self.conditions]
        claims.append(("formula equals the geometry's general output size", at(rhs), at(self.general())))
        if self.kind == "transposed":
            direct = Geometry(S["k"], S["s"], S["p"]).output_size((S["i"],))[0]
            claims.append(("the transposed output size gives back i", at(rhs.subs(S["i'"], direct)), at(S["i"])))
            a = S["a"] if S["a"] in self.equation.free_symbols else 0
            p_assoc = self._associated("p'")
            stretched = self._associated("i_stretched")
            equivalent = Geometry(S["k"], 1, ((p_assoc, p_assoc + a),)).output_size((stretched,))[0]
            claims.append(("the associated direct convolution has the same output size", at(rhs), at(equivalent)))
        return claims

    def check_symbolic(self) -> bool:
        """Prove with SymPy that the formula is the geometry's, under the conditions.

        Returns True when every claim of :meth:`obligations` simplifies to
        an identity.

        Examples
        --------
        >>> relationships()[13].check_symbolic()   # o' = s(i'-1) + a + k - 2p
        True
        """
        sp = _sympy()
        for _, left, right in self.obligations():
            if right is sp.true:
                if not _holds(left):
                    return False
            elif not _equal(left, right):
                return False
        return True

    # -- numbers --------------------------------------------------------------

    def _satisfies(self, values: dict) -> bool:
        return all(_value(c, values) for c in self.conditions)

    def _complete(self, base: dict) -> dict | None:
        """Add ``a`` to integer values of i, k, s, p, d; None if there is no output."""
        S = relationship_symbols()
        values = dict(base)
        values.setdefault(S["d"], 1)
        i, k, s, p, d = (values[S[n]] for n in ("i", "k", "s", "p", "d"))
        keff = d * (k - 1) + 1
        if i + 2 * p < keff:
            return None  # the kernel does not fit: no output to compare
        values[S["a"]] = (i + 2 * p - keff) % s
        return values

    def numeric_cases(self, max_size: int = 8):
        """Every integer configuration up to ``max_size`` that meets the conditions.

        ``i`` and ``k`` run over ``1..max_size``, ``s`` over ``1..4``, ``p``
        over ``0..3`` and ``d`` over ``1..3`` (``d = 1`` unless dilated).
        Yields dicts ``{symbol: int}``.
        """
        S = relationship_symbols()
        max_size = _positive(max_size, "max_size")
        dilations = range(1, 4) if self.dilated else (1,)
        for i, k, s, p, d in itertools.product(
            range(1, max_size + 1), range(1, max_size + 1), range(1, 5), range(0, 4), dilations
        ):
            values = self._complete({S["i"]: i, S["k"]: k, S["s"]: s, S["p"]: p, S["d"]: d})
            if values is not None and self._satisfies(values):
                yield values

    def _random_cases(self, rng, samples: int):
        """Random configurations built from the parametrisation (so they meet the conditions)."""
        S = relationship_symbols()
        bounds = {"i": (1, 64), "k": (1, 16), "s": (1, 8), "p": (0, 8), "d": (1, 4), "n": (0, 8), "m": (0, 16)}
        for _ in range(samples):
            base = {S[name]: int(rng.integers(lo, hi + 1)) for name, (lo, hi) in bounds.items()}
            if not self.dilated:
                base[S["d"]] = 1
            for symbol, expr in self.parametrisation:
                if symbol != S["a"]:
                    base[symbol] = _value(expr, base)
            values = self._complete({S[n]: base[S[n]] for n in ("i", "k", "s", "p", "d")})
            if values is not None and values[S["k"]] >= 1 and values[S["i"]] >= 1 and self._satisfies(values):
                yield values

    def _mismatch(self, values: dict) -> str | None:
        """Compare the formula with windows counted by sliding one at one configuration.

        The count is independent of every formula: a window of ``k`` taps
        ``d`` apart starts at ``-p`` and moves by ``s`` while its last tap is
        inside the padded input (:func:`_windows`).  For a transposed
        relationship the direct convolution's outputs ``i'`` are counted so,
        then the guide's associated convolution is built cell by cell -- ``i'``
        units with ``s - 1`` zeros between them, ``p'`` cells of padding (a
        crop where negative) on each side and ``a`` more at the end -- and its
        stride-1 windows are counted; the formula and symconv's size functions
        must both give that count, and it must be ``i`` again.
        """
        S = relationship_symbols()
        i, k, s, p, d, a = (values[S[n]] for n in ("i", "k", "s", "p", "d", "a"))
        if self.kind != "transposed":
            counted = _windows(i, k, s, 0 if self.kind == "pooling" else p, d)
            if self.kind == "pooling":
                symconv = pool_output_size(i, k, stride=s)
            else:
                symconv = conv_output_size(i, k, stride=s, padding=p, dilation=d)
            got = _value(self.equation.rhs, values)
            if got != counted:
                return f"formula gives {got}, sliding the window counts {counted}"
            return None if symconv == counted else f"symconv gives {symconv}, sliding the window counts {counted}"
        i_t = _windows(i, k, s, p, 1)
        at = {**values, S["i'"]: i_t}
        got = _value(self.equation.rhs, at)
        p_assoc = _value(self._associated("p'"), at)
        # the stretched input (s - 1 zeros between the i' units), padded (or cropped) by p' and a more at the end
        canvas = (i_t - 1) * s + 1 + 2 * p_assoc + a
        counted = _windows(canvas, k, 1, 0, 1)
        symconv = conv_transpose_output_size(i_t, k, stride=s, padding=p, output_padding=a)
        if not got == counted == i:
            return f"i' = {i_t}: formula gives {got}, the associated convolution's windows count {counted}, " \
                   f"the direct input was {i}"
        return None if symconv == counted else f"i' = {i_t}: symconv gives {symconv}, the windows count {counted}"

    def _run_numeric(self, max_size: int, rng, samples: int) -> tuple:
        """``(configurations compared, first counterexample or None)``."""
        cases = self.numeric_cases(max_size)
        if rng is not None:
            cases = itertools.chain(cases, self._random_cases(_rng(rng), samples))
        count = 0
        for values in cases:
            count += 1
            problem = self._mismatch(values)
            if problem is not None:
                return count, {"values": {str(symbol): v for symbol, v in values.items()}, "problem": problem}
        return count, None

    def counterexample(self, max_size: int = 8, *, rng=None, samples: int = 200) -> dict | None:
        """The first configuration where the formula and the windows counted by sliding disagree, or None.

        Returns ``{"values": {name: int}, "problem": str}``.

        Examples
        --------
        >>> import dataclasses, sympy
        >>> r1 = relationships()[0]
        >>> wrong = dataclasses.replace(r1, equation=sympy.Eq(r1.equation.lhs, r1.equation.rhs - 1))
        >>> wrong.counterexample()["problem"]
        'formula gives 0, sliding the window counts 1'
        """
        return self._run_numeric(max_size, rng, samples)[1]

    def check_numeric(self, rng=None, *, max_size: int = 8, samples: int = 200) -> bool:
        """Check the formula against windows counted by sliding, on integers.

        Every configuration of :meth:`numeric_cases` (and, given ``rng``, a
        ``numpy.random.Generator`` or seed, ``samples`` larger random ones
        that meet the conditions) must give the number of windows that fit,
        counted one by one (see :meth:`_mismatch`): for a transposed
        relationship the windows of the guide's associated convolution over
        the stretched input, which must be the direct convolution's input
        ``i`` again.  symconv's size functions (:func:`conv_output_size`,
        :func:`pool_output_size`, :func:`conv_transpose_output_size`) must
        give the same count.

        Returns False also when no configuration meets the conditions.

        Examples
        --------
        >>> relationships()[2].check_numeric(rng=0)
        True
        """
        count, problem = self._run_numeric(max_size, rng, samples)
        return count > 0 and problem is None

    def verify(self, *, max_size: int = 8) -> dict:
        """Both checks at once: ``{"symbolic": bool, "numeric": bool, "cases": int}``.

        ``cases`` is the number of integer configurations compared.

        Examples
        --------
        >>> relationships()[0].verify()
        {'symbolic': True, 'numeric': True, 'cases': 36}
        """
        count, problem = self._run_numeric(max_size, None, 0)
        return {"symbolic": self.check_symbolic(), "numeric": count > 0 and problem is None, "cases": count}


def _windows(n: int, k: int, s: int, p: int, d: int) -> int:
    """Windows of ``k`` taps ``d`` apart that fit in ``n`` cells padded by ``p`` each side, counted by sliding one by ``s``."""
    count, start = 0, -p
    while start + d * (k - 1) <= n - 1 + p:
        count += 1
        start += s
    return count


def _positive(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected a positive int, got {type(value).__name__} {value!r}")
    if value < 1:
        raise SymconvError(f"{name}: expected a positive int, got {value}", parameter=name)
    return value


def _rng(rng):
    import numpy as np

    return rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)


@functools.lru_cache(maxsize=None)
def relationships() -> tuple:
    """The 15 relationships of Dumoulin & Visin's convolution-arithmetic guide.

    Each is a :class:`Relationship`: a SymPy ``Eq`` for the output size,
    the conditions under which it holds, the guide's wording, and two checks
    against symconv's one geometry -- :meth:`~Relationship.check_symbolic`
    (SymPy proves the formula equals the geometry's under the conditions)
    and :meth:`~Relationship.check_numeric` (on a grid of integers).
    Relationships 1-6 are convolution, 7 pooling, 8-14 transposed
    convolution and 15 dilated convolution, numbered as in the guide.

    Returns
    -------
    tuple of Relationship

    Examples
    --------
    >>> rels = relationships()
    >>> len(rels), rels[14].title
    (15, 'Dilated convolutions')
    >>> rels[14].equation
    Eq(o, floor((i - k + 2*p - (d - 1)*(k - 1))/s) + 1)
    >>> all(r.check_symbolic() for r in rels)
    True

    See Also
    --------
    general_output_size, conv_output_size, conv_transpose_output_size

    References
    ----------
    .. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
       learning", arXiv:1603.07285, chapters 2-5.
    """
    sp = _sympy()
    S = relationship_symbols()
    i, k, s, p, d, o = (S[n] for n in ("i", "k", "s", "p", "d", "o"))
    i_t, o_t, k_t, s_t, p_t, i_str = (S[n] for n in ("i'", "o'", "k'", "s'", "p'", "i_stretched"))
    a, n, m = S["a"], S["n"], S["m"]
    Eq, floor, Mod = sp.Eq, sp.floor, sp.Mod
    odd = (Eq(Mod(k, 2), 1), Eq(p, floor(k / 2)))
    unstretched = Eq(i_str, i_t)
    stretched = Eq(i_str, i_t + (i_t - 1) * (s - 1))

    def transposed_input():
        return Eq(i_t, floor((i + 2 * p - k) / s) + 1)

    def conv(number, title, rhs, conditions, wording, parametrisation=(), figure=None, **kw):
        return Relationship(number, title, kw.pop("kind", "convolution"), Eq(o, rhs), tuple(conditions),
                            wording, (), tuple(parametrisation), figure=figure, **kw)

    def transposed(number, title, rhs, conditions, associated, wording, parametrisation=(), figure=None):
        return Relationship(number, title, "transposed", Eq(o_t, rhs), tuple(conditions), wording,
                            (transposed_input(), *associated), tuple(parametrisation), figure=figure)

    return (
        conv(1, "No zero padding, unit strides", (i - k) + 1, [Eq(s, 1), Eq(p, 0)],
             "For any $i$ and $k$, with unit strides ($s = 1$) and no zero padding ($p = 0$).",
             [(s, 1), (p, 0)], "no_padding_no_strides"),
        conv(2, "Zero padding, unit strides", (i - k) + 2 * p + 1, [Eq(s, 1)],
             "For any $i$, $k$ and $p$, with unit strides ($s = 1$).",
             [(s, 1)], "arbitrary_padding_no_strides"),
        conv(3, "Half (same) padding", i, [Eq(s, 1), *odd],
             r"For any $i$ and an odd $k$ ($k = 2n + 1$, $n \in \mathbb{N}$), with $s = 1$ and "
             r"$p = \lfloor k/2 \rfloor = n$: the output is as large as the input.",
             [(s, 1), (k, 2 * n + 1), (p, n)], "same_padding_no_strides"),
        conv(4, "Full padding", i + (k - 1), [Eq(s, 1), Eq(p, k - 1)],
             "For any $i$ and $k$, with $p = k - 1$ and $s = 1$: every partial or complete overlap "
             "of kernel and input counts, so the output grows.",
             [(s, 1), (p, k - 1)], "full_padding_no_strides"),
        conv(5, "No zero padding, non-unit strides", floor((i - k) / s) + 1, [Eq(p, 0)],
             "For any $i$, $k$ and $s$, with no zero padding ($p = 0$); the floor accounts for a last "
             "step that may not reach the end of the input.",
             [(p, 0)], "no_padding_strides"),
        conv(6, "Zero padding, non-unit strides", floor((i + 2 * p - k) / s) + 1, [],
             "For any $i$, $k$, $p$ and $s$ (the most general case without dilation).",
             [], "padding_strides"),
        conv(7, "Pooling", floor((i - k) / s) + 1, [Eq(p, 0)],
             "For any $i$, $k$ and $s$: pooling slides a window like a convolution without zero "
             "padding, whatever the pooling function.",
             [(p, 0)], kind="pooling"),
        transposed(8, "No zero padding, unit strides, transposed", i_t + (k - 1), [Eq(s, 1), Eq(p, 0)],
                   [unstretched, Eq(k_t, k), Eq(s_t, s), Eq(p_t, k - 1)],
                   "A convolution with $s = 1$, $p = 0$ and kernel $k$ has an associated transposed "
                   "convolution with $k' = k$, $s' = s$ and $p' = k - 1$ (full padding).",
                   [(s, 1), (p, 0)], "no_padding_no_strides_transposed"),
        transposed(9, "Zero padding, unit strides, transposed", i_t + (k - 1) - 2 * p, [Eq(s, 1)],
                   [unstretched, Eq(k_t, k), Eq(s_t, s), Eq(p_t, k - p - 1)],
                   "A convolution with $s = 1$, kernel $k$ and padding $p$ has an associated transposed "
                   "convolution with $k' = k$, $s' = s$ and $p' = k - p - 1$.",
                   [(s, 1)], "arbitrary_padding_no_strides_transposed"),
        transposed(10, "Half (same) padding, transposed", i_t, [Eq(s, 1), *odd],
                   [unstretched, Eq(k_t, k), Eq(s_t, s), Eq(p_t, p)],
                   r"A convolution with $k = 2n + 1$ ($n \in \mathbb{N}$), $s = 1$ and "
                   r"$p = \lfloor k/2 \rfloor = n$ has an associated transposed convolution with $k' = k$, "
                   "$s' = s$ and $p' = p$: half padding again.",
                   [(s, 1), (k, 2 * n + 1), (p, n)], "same_padding_no_strides_transposed"),
        transposed(11, "Full padding, transposed", i_t - (k - 1), [Eq(s, 1), Eq(p, k - 1)],
                   [unstretched, Eq(k_t, k), Eq(s_t, s), Eq(p_t, 0)],
                   "A convolution with $s = 1$, kernel $k$ and $p = k - 1$ has an associated transposed "
                   "convolution with $k' = k$, $s' = s$ and $p' = 0$: no padding.",
                   [(s, 1), (p, k - 1)], "full_padding_no_strides_transposed"),
        transposed(12, "No zero padding, non-unit strides, transposed", s * (i_t - 1) + k,
                   [Eq(p, 0), Eq(Mod(i - k, s), 0)],
                   [stretched, Eq(k_t, k), Eq(s_t, 1), Eq(p_t, k - 1)],
                   r"A convolution with $p = 0$, kernel $k$ and stride $s$, whose input size makes $i - k$ a "
                   r"multiple of $s$, has an associated transposed convolution over the stretched input "
                   r"$\tilde{i}'$ ($s - 1$ zeros inserted between input units) with $k' = k$, $s' = 1$ and "
                   "$p' = k - 1$.",
                   [(p, 0), (i, k + m * s)], "no_padding_strides_transposed"),
        transposed(13, "Zero padding, non-unit strides, transposed", s * (i_t - 1) + k - 2 * p,
                   [Eq(Mod(i + 2 * p - k, s), 0)],
                   [stretched, Eq(k_t, k), Eq(s_t, 1), Eq(p_t, k - p - 1)],
                   r"A convolution with kernel $k$, stride $s$ and padding $p$, whose input size makes "
                   r"$i + 2p - k$ a multiple of $s$, has an associated transposed convolution over the "
                   r"stretched input $\tilde{i}'$ with $k' = k$, $s' = 1$ and $p' = k - p - 1$.",
                   [(i, k - 2 * p + m * s)], "padding_strides_transposed"),
        transposed(14, "Zero padding, non-unit strides, transposed, any input size",
                   s * (i_t - 1) + a + k - 2 * p, [Eq(a, Mod(i + 2 * p - k, s))],
                   [stretched, Eq(k_t, k), Eq(s_t, 1), Eq(p_t, k - p - 1)],
                   r"A convolution with kernel $k$, stride $s$ and padding $p$ has an associated transposed "
                   r"convolution over the stretched input $\tilde{i}'$ with $k' = k$, $s' = 1$, "
                   r"$p' = k - p - 1$ and $a = (i + 2p - k) \bmod s$ extra zeros at the bottom and right "
                   "edges, which tells apart the $s$ input sizes that share one output size.",
                   [(a, Mod(i + 2 * p - k, s))], "padding_strides_odd_transposed"),
        conv(15, "Dilated convolutions", floor((i + 2 * p - k - (k - 1) * (d - 1)) / s) + 1, [],
             r"For any $i$, $k$, $p$ and $s$ and a dilation rate $d$: the kernel acts as one of "
             r"effective size $\hat{k} = k + (k - 1)(d - 1)$.",
             [], "dilation", dilated=True),
    )


class GuideConfiguration(NamedTuple):
    """One animated example of the guide: sizes and its published output size."""

    name: str
    i: int
    k: int
    s: int
    p: int
    d: int
    o: int
    relationship: int
    transposed_relationship: int | None

    @property
    def output_padding(self) -> int:
        """``a = (i + 2p - k_hat) mod s``: what the transposed convolution needs to give back ``i``."""
        return (self.i + 2 * self.p - (self.d * (self.k - 1) + 1)) % self.s


#: The guide's animations (i, k, s, p, d) and the output size o it shows.
GUIDE_CONFIGURATIONS = (
    GuideConfiguration("no_padding_no_strides", 4, 3, 1, 0, 1, 2, 1, 8),
    GuideConfiguration("arbitrary_padding_no_strides", 5, 4, 1, 2, 1, 6, 2, 9),
    GuideConfiguration("same_padding_no_strides", 5, 3, 1, 1, 1, 5, 3, 10),
    GuideConfiguration("full_padding_no_strides", 5, 3, 1, 2, 1, 7, 4, 11),
    GuideConfiguration("no_padding_strides", 5, 3, 2, 0, 1, 2, 5, 12),
    GuideConfiguration("padding_strides", 5, 3, 2, 1, 1, 3, 6, 13),
    GuideConfiguration("padding_strides_odd", 6, 3, 2, 1, 1, 3, 6, 14),
    GuideConfiguration("dilation", 7, 3, 1, 0, 2, 3, 15, None),
)

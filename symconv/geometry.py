"""One convolution geometry that every part of symconv reads.

A :class:`Geometry` holds kernel size, stride, padding, dilation, groups,
output padding, whether the operation is transposed, and (for pooling)
``ceil_mode``.  It normalises every form a user may write (an ``int`` for all
axes, a tuple per axis, ``(before, after)`` pairs per axis, ``"valid"``,
``"same"``, ``"full"``), refuses bad values with a message that names the
parameter, and answers output sizes -- for Python ``int`` **and** SymPy
expressions.  Shape arithmetic, the NumPy backend, the symbolic forms, the
convolution matrix, the graphs and the receptive-field calculator all take
their sizes from here, so they cannot drift apart.

SymPy is never imported by this module: a value can only be a SymPy object if
the caller already imported SymPy, so ``sys.modules`` tells us where to look.
That keeps ``import symconv`` and the NumPy backend free of SymPy.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285.
.. [2] ONNX operator ``Conv``, attribute ``auto_pad`` (``SAME_UPPER``).
"""

from __future__ import annotations

import numbers
import sys
from typing import Any

from ._errors import SymconvError
from ._validate import any_symbolic, as_bool, as_size, is_sequence, is_symbolic, is_sympy, plain, short, sympy_module  # noqa: F401

__all__ = ["Geometry", "PADDING_STRINGS", "PADDING_MODES", "PAD_REACH", "MAX_NDIM", "as_padding_modes", "check_pads_fit"]

PADDING_STRINGS = ("valid", "same", "full", "causal")

#: What the padding cells hold, as PyTorch's ``padding_mode``: zeros, the input mirrored about its
#: border cell (``reflect``), the border cell repeated (``replicate``) or the input wrapped around
#: (``circular``).  The index rule is :func:`symconv._layout.pad_source`.
PADDING_MODES = ("zeros", "reflect", "replicate", "circular")

#: The most spatial axes a geometry has: NumPy arrays have at most 64 axes (32 before NumPy 2).
MAX_NDIM = 64


# ----------------------------------------------------------------------------
# scalar helpers (int or SymPy)
# ----------------------------------------------------------------------------


def floordiv(a, b):
    """``floor(a / b)`` for ints or SymPy expressions."""
    if any_symbolic(a, b):
        sp = sympy_module()
        return sp.floor(_unnest(a, b, sp.floor))
    return a // b


def ceildiv(a, b):
    """``ceil(a / b)`` for ints or SymPy expressions.

    ``ceil(ceil(y) / b) = ceil(y / b)`` for a positive integer ``b`` (and
    ``floor`` alike), so a stack of strided layers gives ``ceiling(i/8)``,
    not three nested ceilings: the expressions stay as long as one layer's.

    Examples
    --------
    >>> import sympy
    >>> i = sympy.Symbol("i", integer=True, positive=True)
    >>> ceildiv(ceildiv(ceildiv(i, 2), 2), 2)
    ceiling(i/8)
    """
    if any_symbolic(a, b):
        sp = sympy_module()
        return sp.ceiling(_unnest(a, b, sp.ceiling))
    return -((-a) // b)


def _unnest(a, b, rounding):
    """``a / b`` with ``a = rounding(y)`` read as ``y / b`` when ``b`` is a positive int (the nesting identity)."""
    sp = sympy_module()
    if isinstance(a, rounding) and isinstance(b, int) and b > 0:
        return a.args[0] / b
    return sp.sympify(a) / b


def _max0(value):
    if is_sympy(value):
        return sympy_module().Max(0, value)
    return max(0, value)


def _per_axis(value, ndim: int, name: str, *, minimum: int):
    """An int (or SymPy expr) for every axis, or a tuple with one per axis."""
    value = plain(value)
    if is_sequence(value):
        if len(value) != ndim:
            raise SymconvError(
                f"{name}: expected an int or a tuple of {ndim} ints (one per spatial axis), "
                f"got {tuple(value)!r} of length {len(value)}", parameter=name
            )
        return tuple(as_size(v, name, minimum=minimum) for v in value)
    return (as_size(value, name, minimum=minimum),) * ndim


_PADDING_EXPECTED = 'an int, a tuple of {n} ints, a tuple of {n} (before, after) pairs or "same"/"valid"/"full"/"causal"'


def _normalize_padding(padding, ndim: int, effective_kernel, *, transposed: bool):
    """Return ``"same"`` or a tuple of ``(before, after)`` pairs, one per axis."""
    expected = _PADDING_EXPECTED.format(n=ndim)
    padding = plain(padding)
    if isinstance(padding, str):
        mode = padding.lower()
        if mode not in PADDING_STRINGS:
            raise SymconvError(f"padding: expected {expected}, got {padding!r}", parameter="padding")
        if mode == "same":
            if transposed:
                raise SymconvError(
                    'padding: "same" is not defined for transposed convolution '
                    f"(its output size is set by stride and output_padding); give explicit pads, got {padding!r}", parameter="padding"
                )
            return "same"
        if mode == "valid":
            return ((0, 0),) * ndim
        if mode == "causal":
            if ndim != 1 or transposed:
                what = "transposed convolution" if transposed else f"{ndim} spatial axes"
                raise SymconvError(
                    f'padding: "causal" (all d(k-1) padding before, as Keras\'s Conv1D) is a 1-D form for a '
                    f"convolution; got it with {what}; give explicit (before, after) pairs", parameter="padding"
                )
            return ((effective_kernel[0] - 1, 0),)
        return tuple((k - 1, k - 1) for k in effective_kernel)  # "full"

    def one(v):
        try:
            return as_size(v, "padding", minimum=0)
        except SymconvError:
            raise SymconvError(f"padding: expected {expected}, got {padding!r}", parameter="padding") from None

    if is_sequence(padding):
        items = list(padding)
        if all(is_sequence(item) for item in items) and len(items) == ndim:
            pairs = []
            for item in items:
                if len(item) != 2:
                    raise SymconvError(f"padding: expected {expected}, got {padding!r} (a pair must hold 2 ints)", parameter="padding")
                pairs.append((one(item[0]), one(item[1])))
            return tuple(pairs)
        if not any(is_sequence(item) for item in items):
            if len(items) == ndim:
                return tuple((one(v), one(v)) for v in items)
            if ndim == 1 and len(items) == 2:  # 1-D convenience: (before, after)
                return ((one(items[0]), one(items[1])),)
        raise SymconvError(f"padding: expected {expected}, got {padding!r}", parameter="padding")
    p = one(padding)
    return ((p, p),) * ndim


def _padding_mode(mode, *, transposed: bool, ceil_mode: bool) -> str:
    """A name of :data:`PADDING_MODES`, refused where PyTorch refuses it."""
    if not isinstance(mode, str):
        raise TypeError(f"padding_mode: expected one of {', '.join(map(repr, PADDING_MODES))}, got {type(mode).__name__} {short(mode)}")
    if mode not in PADDING_MODES:
        raise SymconvError(
            f"padding_mode: expected one of {', '.join(map(repr, PADDING_MODES))} (PyTorch's names), got {short(mode)}",
            parameter="padding_mode",
        )
    if mode != "zeros" and transposed:
        raise SymconvError(
            f"padding_mode: transposed convolution pads only with zeros (as PyTorch's ConvTranspose: its padding "
            f"removes output cells, there is nothing to reflect or wrap), got {mode!r}", parameter="padding_mode"
        )
    if mode != "zeros" and ceil_mode:
        raise SymconvError(
            f"padding_mode: pooling pads with zeros (-inf for max pooling), as in PyTorch; got {mode!r}",
            parameter="padding_mode",
        )
    return mode


#: The input cells a pad needs beyond its own length, per mode that copies (PyTorch's limits): ``pad + reach <= i``.
#: ``reflect`` mirrors about the border cell, so it shows at most ``i - 1`` cells; ``circular`` wraps around once.
PAD_REACH = {"reflect": 1, "circular": 0}

_PAD_LIMITS = {
    "reflect": "each pad smaller than the input (PyTorch's rule: a mirror image cannot be longer than what it mirrors)",
    "circular": "each pad at most the input (PyTorch's rule: the input wraps around once)",
}


def as_padding_modes(value, name: str) -> tuple:
    """A non-empty list of padding-mode names, each of :data:`PADDING_MODES`, as a tuple.

    Examples
    --------
    >>> as_padding_modes(["reflect", "zeros"], "modes")
    ('reflect', 'zeros')
    >>> as_padding_modes(["mirror"], "modes")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: modes: expected some of 'zeros', 'reflect', 'replicate', 'circular', got 'mirror'
    """
    if isinstance(value, str) or not is_sequence(value) or not value:
        raise SymconvError(f"{name}: expected a non-empty tuple of mode names, got {short(value)}", parameter=name)
    for mode in value:
        if not isinstance(mode, str):
            raise TypeError(f"{name}: expected mode names (str), got {short(mode)}")
        if mode not in PADDING_MODES:
            raise SymconvError(f"{name}: expected some of {', '.join(map(repr, PADDING_MODES))}, got {short(mode)}",
                               parameter=name)
    return tuple(value)


def check_pads_fit(pads, sizes, mode) -> None:
    """Refuse pads that ``mode`` cannot fill from an input of ``sizes`` (PyTorch's limits, :data:`PAD_REACH`).

    ``reflect`` needs each pad smaller than the input (a mirror about the
    border cell has ``i - 1`` cells to show), ``circular`` at most the input
    (one wrap).  Symbolic sizes are not checked.
    """
    if mode not in PAD_REACH:
        return
    for axis, ((pb, pa), i) in enumerate(zip(pads, sizes)):
        if any_symbolic(pb, pa, i):
            continue
        if max(pb, pa) + PAD_REACH[mode] > i:
            raise SymconvError(
                f"padding: {mode} padding needs {_PAD_LIMITS[mode]}, got pads ({short(pb)}, {short(pa)}) on axis "
                f"{axis} of an input of {short(i)}", parameter="padding"
            )


# ----------------------------------------------------------------------------
# the geometry
# ----------------------------------------------------------------------------


class Geometry:
    """The geometry of one convolution, transposed convolution or pooling.

    Parameters
    ----------
    kernel_size : int or tuple of int
        Kernel extent per spatial axis.  An ``int`` is used for every axis.
        SymPy integer expressions are accepted everywhere an int is.
    stride : int or tuple of int, default 1
    padding : int, tuple, tuple of (before, after) pairs, or str, default 0
        ``"valid"`` (no padding), ``"same"`` (ONNX ``SAME_UPPER``: output
        ``ceil(i / s)``, an odd extra pad goes at the end; not for transposed
        convolution), ``"full"`` (``d(k-1)`` on each side) or, for 1-D,
        ``"causal"`` (all ``d(k-1)`` before the input, so output ``t`` reads
        only inputs up to ``t``, as Keras's ``Conv1D(padding="causal")``).
        For 1-D a flat pair ``(before, after)`` is also accepted.
    dilation : int or tuple of int, default 1
        Spacing between kernel taps; the effective kernel is ``d(k-1)+1``.
    groups : int, default 1
    output_padding : int or tuple of int, default 0
        Transposed convolution only: extra rows/columns at the end of the
        output; must be smaller than the stride or the dilation.
    transposed : bool, default False
    ceil_mode : bool, default False
        Pooling only: round the output size up, dropping a last window that
        would start inside the right padding (PyTorch's rule).
    padding_mode : str, default "zeros"
        What the padding cells hold (PyTorch's ``padding_mode``, one of
        :data:`PADDING_MODES`): ``"zeros"``; ``"reflect"``, the input
        mirrored about its border cell (each pad smaller than the input);
        ``"replicate"``, the border cell repeated; ``"circular"``, the input
        wrapped around (each pad at most the input).  Convolution only, as
        in PyTorch: transposed convolution and pooling pad with zeros.
    ndim : int, optional
        Number of spatial axes, at most :data:`MAX_NDIM` (64); inferred from
        the first tuple argument, else 1.

    Examples
    --------
    >>> from symconv import Geometry
    >>> g = Geometry(3, stride=2, padding=1, ndim=2)
    >>> g.output_size((5, 5))
    (3, 3)
    >>> Geometry(3, padding="same", stride=2).pads((6,))
    ((0, 1),)
    >>> import sympy
    >>> i, p = sympy.symbols("i p", integer=True, nonnegative=True)
    >>> Geometry(3, padding=p).output_size((i,))
    (i + 2*p - 2,)
    >>> Geometry(3, stride=2, transposed=True).output_size((3,))
    (7,)
    >>> Geometry(3, padding=2, padding_mode="reflect").output_size((2,))
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: padding: reflect padding needs each pad smaller than the input (PyTorch's rule: a mirror image cannot be longer than what it mirrors), got pads (2, 2) on axis 0 of an input of 2

    See Also
    --------
    symconv.conv_output_size, symconv.conv_transpose_output_size,
    symconv.pool_output_size
    """

    __slots__ = (
        "ndim",
        "kernel_size",
        "stride",
        "padding",
        "dilation",
        "groups",
        "output_padding",
        "transposed",
        "ceil_mode",
        "padding_mode",
        "_full",
        "_causal",
    )

    def __init__(
        self,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups=1,
        output_padding=0,
        *,
        transposed: bool = False,
        ceil_mode: bool = False,
        padding_mode: str = "zeros",
        ndim: int | None = None,
    ):
        kernel_size, stride, padding, dilation, groups, output_padding = map(
            plain, (kernel_size, stride, padding, dilation, groups, output_padding)
        )
        if ndim is None:
            named = (("kernel_size", kernel_size), ("stride", stride), ("dilation", dilation))
            for name, value in (*named, ("output_padding", output_padding)):
                if is_sequence(value):
                    if not value:
                        raise SymconvError(f"{name}: expected an int or a non-empty tuple of ints, got {value!r}", parameter=name)
                    ndim = len(value)
                    break
            else:
                if is_sequence(padding) and padding and all(is_sequence(p) for p in padding):
                    ndim = len(padding)
                else:
                    ndim = 1
        _set = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731
        ndim = as_size(ndim, "ndim", minimum=1)
        if not isinstance(ndim, int):
            raise TypeError(f"ndim: expected a positive int, got {ndim!r}")
        if ndim > MAX_NDIM:
            raise SymconvError(
                f"ndim: expected at most {MAX_NDIM} spatial axes (NumPy's limit on an array's axes), got {short(ndim)}",
                parameter="ndim",
            )
        transposed, ceil_mode = as_bool(transposed, "transposed"), as_bool(ceil_mode, "ceil_mode")
        _set("ndim", ndim)
        _set("kernel_size", _per_axis(kernel_size, ndim, "kernel_size", minimum=1))
        _set("stride", _per_axis(stride, ndim, "stride", minimum=1))
        _set("dilation", _per_axis(dilation, ndim, "dilation", minimum=1))
        _set("groups", as_size(groups, "groups", minimum=1))
        _set("transposed", transposed)
        _set("ceil_mode", ceil_mode)
        _set("padding", _normalize_padding(padding, ndim, self.effective_kernel_size, transposed=transposed))
        # "full" follows the kernel: with_() must recompute it when kernel or dilation change
        _set("_full", isinstance(padding, str) and padding.lower() == "full")
        _set("_causal", isinstance(padding, str) and padding.lower() == "causal")
        _set("padding_mode", _padding_mode(padding_mode, transposed=transposed, ceil_mode=ceil_mode))
        _set("output_padding", _per_axis(output_padding, ndim, "output_padding", minimum=0))
        if transposed:
            if ceil_mode:
                raise SymconvError("ceil_mode: only pooling rounds up; transposed convolution takes output_padding, got ceil_mode=True", parameter='ceil_mode')
            for axis, (op, s, d) in enumerate(zip(self.output_padding, self.stride, self.dilation)):
                if any_symbolic(op, s, d):
                    continue
                if op >= s and op >= d:
                    raise SymconvError(
                        f"output_padding: expected an int smaller than stride ({s}) or dilation ({d}) "
                        f"on axis {axis}, got {op}", parameter="output_padding"
                    )
        elif any(op != 0 for op in self.output_padding):
            raise SymconvError(
                f"output_padding: only transposed convolution takes output padding, got {self.output_padding!r}", parameter="output_padding"
            )

    # -- derived quantities ---------------------------------------------------

    @property
    def effective_kernel_size(self) -> tuple:
        """``d(k-1)+1`` per axis: the span of the dilated kernel."""
        return tuple(d * (k - 1) + 1 for k, d in zip(self.kernel_size, self.dilation))

    def _input(self, input_size):
        input_size = plain(input_size)
        if not is_sequence(input_size):
            input_size = (input_size,) * self.ndim if self.ndim == 1 else input_size
        if not is_sequence(input_size) or len(input_size) != self.ndim:
            raise SymconvError(
                f"input size: expected a tuple of {self.ndim} ints (one per spatial axis), got {input_size!r}",
                parameter="input size",
            )
        return tuple(as_size(i, "input size", minimum=1) for i in input_size)

    def pads(self, input_size) -> tuple:
        """The ``(before, after)`` pads per axis for an input of ``input_size``.

        Only ``"same"`` padding depends on the input size: the total pad is
        ``max((ceil(i/s) - 1) s + d(k-1) + 1 - i, 0)`` and, as in ONNX
        ``SAME_UPPER``, the odd extra pad goes at the end.

        Examples
        --------
        >>> Geometry((3, 4), padding="same").pads((5, 5))
        ((1, 1), (1, 2))
        """
        sizes = self._input(input_size)
        if self.padding != "same":
            return self.padding
        pairs = []
        for i, s, keff in zip(sizes, self.stride, self.effective_kernel_size):
            total = _max0((ceildiv(i, s) - 1) * s + keff - i)
            before = floordiv(total, 2)
            pairs.append((before, total - before))
        return tuple(pairs)

    def output_size(self, input_size, *, check: bool = True) -> tuple:
        """Output extent per spatial axis for an input of ``input_size``.

        For convolution and pooling ``o = floor((i + p_b + p_a - d(k-1) - 1)/s) + 1``
        (``ceil`` in ``ceil_mode``); for transposed convolution
        ``o = (i-1)s - p_b - p_a + d(k-1) + output_padding + 1``.  Raises
        :class:`SymconvError` when concrete sizes leave no output (unless
        ``check=False``).
        """
        sizes = self._input(input_size)
        pads = self.pads(sizes)
        if check:
            check_pads_fit(pads, sizes, self.padding_mode)
        out = []
        for axis, (i, (pb, pa), k, s, d, op) in enumerate(
            zip(sizes, pads, self.kernel_size, self.stride, self.dilation, self.output_padding)
        ):
            keff = d * (k - 1) + 1
            if self.transposed:
                o = (i - 1) * s - pb - pa + keff + op
            elif self.padding == "same" and not self.ceil_mode:
                # SAME's pads are chosen so that o = ceil(i/s); saying so keeps symbolic sizes readable
                o = ceildiv(i, s)
            else:
                span = i + pb + pa - keff
                if self.ceil_mode:
                    o = ceildiv(span, s) + 1
                    if any_symbolic(o, s, i, pb):
                        sp = sympy_module()
                        o = sp.Piecewise((o - 1, sp.Ge((o - 1) * s, i + pb)), (o, True))
                    elif (o - 1) * s >= i + pb:
                        # PyTorch: the last window must start inside the input or the left padding
                        o -= 1
                else:
                    o = floordiv(span, s) + 1
            if check and not is_sympy(o) and o < 1:
                if self.transposed:
                    raise SymconvError(
                        f"padding: pads {pb}+{pa} remove the whole transposed output on axis {axis} "
                        f"(input {i}, stride {s}, effective kernel {keff}); there is no output", parameter="padding"
                    )
                raise SymconvError(
                    f"kernel_size: effective kernel {keff} (kernel {k}, dilation {d}) is larger than the padded "
                    f"input {i + pb + pa} (input {i}, padding ({pb}, {pa})) on axis {axis}; there is no output", parameter="kernel_size"
                )
            if is_sympy(o) and o.is_Integer:
                o = int(o)
            out.append(o)
        return tuple(out)

    def check_channels(self, in_channels, out_channels=None) -> None:
        """Check that ``groups`` divides the channel counts.

        Examples
        --------
        >>> Geometry(3, groups=2).check_channels(4, 6)
        >>> Geometry(3, groups=4).check_channels(6)
        Traceback (most recent call last):
        ...
        symconv._errors.SymconvError: groups: expected a divisor of the input channels (6), got 4
        """
        in_channels = as_size(in_channels, "input channels", minimum=1)
        names = [("input channels", in_channels)]
        if out_channels is not None:
            names.append(("output channels", as_size(out_channels, "output channels", minimum=1)))
        for name, c in names:
            if any_symbolic(c, self.groups):
                continue
            if c % self.groups:
                raise SymconvError(f"groups: expected a divisor of the {name} ({c}), got {self.groups}", parameter="groups")

    def require_concrete(self, user: str = "the numeric backend") -> "Geometry":
        """Return ``self`` if every field is a concrete int; else raise :class:`TypeError`.

        Code that indexes arrays (the NumPy backend, the convolution matrix,
        the written-out symbolic expressions) calls this first, so a symbolic
        stride or padding is refused at the door instead of failing deep inside.

        Examples
        --------
        >>> Geometry(3, stride=2).require_concrete().stride
        (2,)
        >>> import sympy
        >>> Geometry(3, stride=sympy.Symbol("s", integer=True, positive=True)).require_concrete()
        Traceback (most recent call last):
        ...
        TypeError: stride: expected concrete ints for the numeric backend, got s
        """
        padding = () if self.padding == "same" else self.padding
        for name, values in (
            ("kernel_size", self.kernel_size),
            ("stride", self.stride),
            ("padding", tuple(p for pair in padding for p in pair)),
            ("dilation", self.dilation),
            ("groups", (self.groups,)),
            ("output_padding", self.output_padding),
        ):
            for value in values:
                if is_sympy(value):  # as_size turned every SymPy Integer into an int
                    raise TypeError(f"{name}: expected concrete ints for {user}, got {value}")
        return self

    def with_(self, **changes) -> "Geometry":
        """A copy with some fields replaced (``padding`` re-normalised).

        A geometry made with ``padding="full"`` keeps full padding, recomputed
        for the new kernel size and dilation.

        Examples
        --------
        >>> Geometry(3, stride=2).with_(transposed=True).transposed
        True
        >>> Geometry(3, padding="full").with_(dilation=2).padding
        ((4, 4),)
        """
        fields = dict(
            kernel_size=self.kernel_size,
            stride=self.stride,
            padding=self.padding,
            dilation=self.dilation,
            groups=self.groups,
            output_padding=self.output_padding,
            transposed=self.transposed,
            ceil_mode=self.ceil_mode,
            padding_mode=self.padding_mode,
            ndim=self.ndim,
        )
        unknown = set(changes) - set(fields)
        if unknown:
            raise TypeError(f"with_: unknown field(s) {sorted(unknown)}; expected some of {sorted(fields)}")
        if self._full:
            fields["padding"] = "full"
        if self._causal:
            fields["padding"] = "causal"
        fields.update(changes)
        return Geometry(**fields)

    @classmethod
    def coerce(cls, layer: Any, *, ndim: int | None = None) -> "Geometry":
        """Turn a layer description into a geometry.

        Accepts a :class:`Geometry` (returned as is), a mapping of keyword
        arguments, or a tuple ``(kernel, stride, padding[, dilation])``.

        Examples
        --------
        >>> Geometry.coerce((3, 2, 1)).output_size((7,))
        (4,)
        """
        if isinstance(layer, Geometry):
            if ndim is not None and layer.ndim != ndim:
                raise SymconvError(f"layer: expected a geometry with {ndim} spatial axes, got {layer!r}", parameter="layer")
            return layer
        if isinstance(layer, dict):
            return cls(**layer, ndim=ndim) if "ndim" not in layer else cls(**layer)
        if is_sequence(layer) and 3 <= len(layer) <= 4:
            return cls(*layer[:3], *(layer[3:4]), ndim=ndim)
        raise SymconvError(
            "layer: expected a Geometry, a dict of its keyword arguments or a tuple "
            f"(kernel, stride, padding[, dilation]), got {layer!r}", parameter="layer"
        )

    # -- value-object protocol ------------------------------------------------

    def _key(self):
        return (
            self.ndim,
            self.kernel_size,
            self.stride,
            self.padding,
            self.dilation,
            self.groups,
            self.output_padding,
            self.transposed,
            self.ceil_mode,
            self.padding_mode,
            self._full,  # "full" and the equal explicit pads differ once with_() changes the kernel
            self._causal,
        )

    def __eq__(self, other):
        return isinstance(other, Geometry) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __setattr__(self, name, value):
        raise AttributeError(f"Geometry is immutable; use .with_({name}=...)")

    def __repr__(self):
        parts = [f"kernel_size={self.kernel_size!r}", f"stride={self.stride!r}", f"padding={self.padding!r}"]
        parts.append(f"dilation={self.dilation!r}")
        if self.groups != 1:
            parts.append(f"groups={self.groups!r}")
        if self.transposed:
            parts.append(f"output_padding={self.output_padding!r}")
            parts.append("transposed=True")
        if self.ceil_mode:
            parts.append("ceil_mode=True")
        if self.padding_mode != "zeros":
            parts.append(f"padding_mode={self.padding_mode!r}")
        return f"Geometry({', '.join(parts)})"

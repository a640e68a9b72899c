"""Closed-form receptive fields of a stack of convolution and pooling layers.

For layers ``l = 1..L`` with (effective) kernel ``k_l``, stride ``s_l`` and
left padding ``p_l``, Araujo, Norris & Sim (Distill, 2019) give, for a unit of
layer ``L``:

* receptive-field size ``r_0 = sum_l (k_l - 1) prod_{i<l} s_i + 1``;
* effective stride ``S = prod_l s_l``;
* effective padding ``P = sum_l p_l prod_{i<l} s_i``;

and the unit at index ``x`` sees the input positions ``u .. v`` with
``u = -P + x S`` and ``v = u + r_0 - 1`` (centre ``u + (r_0 - 1)/2``).  A
dilated kernel enters through its span ``d(k-1)+1``.  The sums are built
layer by layer, so a deep stack costs one new term per layer, for ints and
SymPy expressions alike.

References
----------
.. [1] A. Araujo, W. Norris, J. Sim, "Computing receptive fields of
   convolutional neural networks", Distill, 2019. doi:10.23915/distill.00021
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._errors import SymconvError
from ._output.numbers import int_text
from ._validate import as_shape, is_sequence, is_sympy, plain
from .networks import _forward_only, layer_stack

__all__ = ["ReceptiveField", "receptive_field", "receptive_field_table", "MAX_SYMBOLIC_SAME_LAYERS"]

#: The most strided ``"same"`` layers whose padding is kept symbolic when no
#: ``input_size`` is given.  Each adds a term that depends on the input size at
#: its depth (``ceiling(i/2**l)``), so the effective padding grows with the
#: depth; past this many the request is refused with the advice to give an
#: input size (numbers then, at any depth).
MAX_SYMBOLIC_SAME_LAYERS = 128


def _half(value):
    """``value / 2`` exactly: an int when even, a float (.5) or SymPy Rational otherwise."""
    if is_sympy(value):
        import sympy

        return sympy.Rational(1, 2) * value
    return value // 2 if value % 2 == 0 else value / 2


def _per_axis(value):
    """A list or a 1-D numeric NumPy array as a tuple, NumPy numbers as Python numbers; anything else as it is."""
    if getattr(getattr(value, "dtype", None), "kind", "O") in "biuf" and getattr(value, "ndim", None) in (0, 1):
        value = plain(value)
    if isinstance(value, list):
        value = tuple(value)
    if isinstance(value, tuple):
        value = tuple(plain(v) if getattr(getattr(v, "dtype", None), "kind", "O") in "biuf" else v for v in value)
    return value


@dataclass(frozen=True)
class ReceptiveField:
    """The receptive field of one layer's units, in input coordinates.

    For 1-D stacks ``size``, ``stride`` and ``padding`` are scalars (ints or
    SymPy expressions); for 2-D and 3-D stacks they are tuples, one per axis.

    Attributes
    ----------
    size : int, SymPy expression or tuple
        ``r_0``: how many input positions one unit spans.
    stride : int, SymPy expression or tuple
        ``S``: how far apart neighbouring units' regions start.
    padding : int, SymPy expression or tuple
        ``P``: how far the first unit's region reaches left of the input.
    name : str or None
        The layer's name, if the stack named it.
    kind : {"conv", "pool"}
    output_size : int, SymPy expression, tuple or None
        The layer's output size when ``input_size`` was given.

    Examples
    --------
    >>> rf = receptive_field([(3, 1, 1), (3, 1, 1)])[-1]
    >>> rf.size, rf.stride, rf.padding
    (5, 1, 2)
    >>> rf.region(2), rf.centre(2)
    ((0, 4), 2)
    """

    size: Any
    stride: Any
    padding: Any
    name: str | None = None
    kind: str = "conv"
    output_size: Any = None

    def __post_init__(self):
        # one spelling per value: a list or a 1-D NumPy array of per-axis values is the tuple (ndim and the
        # region read tuples), NumPy integers are ints
        for field in ("size", "stride", "padding", "output_size"):
            object.__setattr__(self, field, _per_axis(getattr(self, field)))

    @property
    def ndim(self) -> int:
        return len(self.size) if isinstance(self.size, tuple) else 1

    def _axes(self, index):
        if self.ndim == 1:
            return [(index, self.size, self.stride, self.padding)], lambda values: values[0]
        if not is_sequence(index) or len(index) != self.ndim:
            raise SymconvError(f"index: expected a tuple of {self.ndim} ints (one per axis), got {index!r}", parameter="index")
        return list(zip(index, self.size, self.stride, self.padding)), tuple

    def start(self, index):
        """First input position seen by the unit at ``index`` (``u = -P + index * S``)."""
        axes, pack = self._axes(index)
        return pack([-p + x * s for x, _, s, p in axes])

    def end(self, index):
        """Last input position seen by the unit at ``index`` (``u + r_0 - 1``, inclusive)."""
        axes, pack = self._axes(index)
        return pack([-p + x * s + r - 1 for x, r, s, p in axes])

    def centre(self, index):
        """Centre of the region, ``u + (r_0 - 1)/2``: an int, a half-integer float or a SymPy expression."""
        axes, pack = self._axes(index)
        return pack([-p + x * s + _half(r - 1) for x, r, s, p in axes])

    def region(self, index):
        """``(start, end)`` of the region, both inclusive."""
        return self.start(index), self.end(index)


def receptive_field(layers, input_size=None) -> list[ReceptiveField]:
    """Receptive-field size, effective stride and effective padding after each layer.

    Parameters
    ----------
    layers : sequence or mapping
        Convolution and pooling layers as :func:`symconv.networks.layer_stack`
        reads them: geometries, ``(kernel, stride, padding[, dilation])``
        tuples, dicts, :class:`symconv.networks.Layer` or ``{name: layer}``.
        Sizes may be SymPy integer symbols.  Pooling layers count as
        convolutions with the same kernel, stride, padding and dilation.
    input_size : int or tuple, optional
        Needed only to resolve ``"same"`` padding with stride > 1 to numbers
        (otherwise it stays a SymPy expression in the input size ``i``); when
        given, each entry also carries the layer's ``output_size``.

    Returns
    -------
    list of ReceptiveField
        One entry per layer; entry ``l`` describes the units of layer ``l``
        seen from the input.  Asymmetric padding enters ``P`` through its
        left (``before``) part, which is what positions the regions.

    Raises
    ------
    SymconvError
        An empty stack, a malformed layer (message names ``layers[i]``), a
        transposed convolution (the formula covers convolution and pooling),
        an input too small for a kernel, or, without ``input_size``, more
        than :data:`MAX_SYMBOLIC_SAME_LAYERS` strided ``"same"`` layers
        (each adds a term in the input size; give ``input_size`` for numbers).
    TypeError
        A layer or size of the wrong kind.

    Examples
    --------
    >>> [(rf.size, rf.stride, rf.padding) for rf in receptive_field([(3, 1, 0), (2, 2, 0), (3, 1, 0)])]
    [(3, 1, 0), (4, 2, 0), (8, 2, 0)]

    Dilation enters through the span ``d(k-1)+1``:

    >>> receptive_field([(3, 1, 0, 2), (3, 1, 0, 4)])[-1].size
    13

    The general formula comes out for symbolic layers:

    >>> import sympy
    >>> k1, k2, s1, s2, p1, p2 = sympy.symbols("k1 k2 s1 s2 p1 p2", integer=True, positive=True)
    >>> rf = receptive_field([(k1, s1, p1), (k2, s2, p2)])[-1]
    >>> rf.size
    k1 + s1*(k2 - 1)
    >>> rf.stride, rf.padding
    (s1*s2, p1 + p2*s1)

    See Also
    --------
    symconv.graphs.receptive_field_nodes : the same region read off the connectivity graph.
    symconv.networks.vgg16 : an example stack.

    References
    ----------
    .. [1] A. Araujo, W. Norris, J. Sim, "Computing receptive fields of
       convolutional neural networks", Distill, 2019.
    """
    stack = layer_stack(layers)
    _forward_only(stack, "the receptive-field formula")
    ndim = stack[0].geometry.ndim
    size = _initial_size(input_size, ndim, stack)
    known_size = input_size is not None
    if not known_size:
        strided_same = sum(
            1 for layer in stack if layer.geometry.padding == "same" and any(s != 1 for s in layer.geometry.stride)
        )
        if strided_same > MAX_SYMBOLIC_SAME_LAYERS:
            raise SymconvError(
                f"input_size: the stack has {strided_same} strided 'same' layers and no input size, so its effective "
                f"padding would be a symbolic sum of {strided_same} terms in the input size i (at most "
                f"{MAX_SYMBOLIC_SAME_LAYERS} are kept symbolic); give input_size to get numbers",
                parameter="input_size",
            )
    # per axis: effective stride below the current layer, receptive-field size, effective padding
    below = [1] * ndim
    r = [1] * ndim
    P = [0] * ndim
    out = []
    for index, layer in enumerate(stack):
        geometry = layer.geometry
        if size is not None:
            try:
                pads = geometry.pads(size)
                size = geometry.output_size(size, check=known_size)
            except SymconvError as err:
                raise SymconvError(f"layers[{index}]: {err}", parameter=err.parameter, layer=index) from err
        else:
            pads = geometry.padding
        for axis in range(ndim):
            r[axis] = r[axis] + (geometry.effective_kernel_size[axis] - 1) * below[axis]
            P[axis] = P[axis] + pads[axis][0] * below[axis]
            below[axis] = below[axis] * geometry.stride[axis]
        pack = (lambda values: values[0]) if ndim == 1 else tuple
        out.append(
            ReceptiveField(
                size=pack(r),
                stride=pack(below),
                padding=pack(P),
                name=layer.name,
                kind=layer.kind,
                output_size=pack(size) if known_size else None,
            )
        )
    return out


def _initial_size(input_size, ndim: int, stack):
    """The size to track through the stack, or None when no layer needs one."""
    if input_size is not None:
        return as_shape(input_size, "input_size", ndim=ndim)
    if any(layer.geometry.padding == "same" for layer in stack):
        import sympy

        # SAME's pads depend on the input size; with stride 1 they simplify to numbers, else they stay symbolic
        i = sympy.Symbol("i", integer=True, positive=True)
        return (i,) * ndim
    return None


def _cell(value) -> str:
    if isinstance(value, tuple):
        return _cell(value[0]) if len(set(value)) == 1 else " x ".join(map(_cell, value))
    # a deep stack's sizes can pass the 4300 digits Python prints: those are written ~d.dde+N
    return int_text(value) if isinstance(value, int) else str(value)


def receptive_field_table(layers, input_size=None) -> str:
    """A Markdown table of :func:`receptive_field`: one row per layer.

    Square 2-D values are shown once (``212``), others per axis (``3 x 5``).

    Parameters
    ----------
    layers, input_size
        As for :func:`receptive_field`; with ``input_size`` the table adds
        each layer's output size.

    Returns
    -------
    symconv._output.jupyter.Markdown
        A ``str`` that Jupyter renders as a table.

    Raises
    ------
    SymconvError, TypeError
        As :func:`receptive_field`.

    Examples
    --------
    >>> from symconv.networks import lenet5
    >>> print(receptive_field_table(lenet5(), input_size=32))
    | layer | kind | output size | receptive field | effective stride | effective padding |
    |---|---|---|---|---|---|
    | C1 | conv | 28 | 5 | 1 | 0 |
    | S2 | pool | 14 | 6 | 2 | 0 |
    | C3 | conv | 10 | 14 | 2 | 0 |
    | S4 | pool | 5 | 16 | 4 | 0 |
    | C5 | conv | 1 | 32 | 4 | 0 |
    """
    fields = receptive_field(layers, input_size=input_size)
    sized = input_size is not None
    header = ["layer", "kind"] + (["output size"] if sized else []) + [
        "receptive field", "effective stride", "effective padding"
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for number, rf in enumerate(fields, start=1):
        cells = [rf.name or str(number), rf.kind] + ([_cell(rf.output_size)] if sized else [])
        cells += [_cell(rf.size), _cell(rf.stride), _cell(rf.padding)]
        lines.append("| " + " | ".join(cells) + " |")
    from ._output.jupyter import Markdown

    return Markdown("\n".join(lines))

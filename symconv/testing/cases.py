"""Valid test cases of convolution, pooling and deformable convolution, drawn from any source of choices.

One drawer per operation builds a case from a few choices -- an integer in a
range, one item of a list, a seed -- and every choice is made so that the case
is valid by construction: the input is large enough for the kernel, the pads
leave a transposed output, ``groups`` divides the channels, every pooling
window covers an input cell.  The drawers never reject a case except for the
pooling rule (a window wholly in the padding), which is checked and redrawn.

The same drawers serve two sources:

* hypothesis (:mod:`symconv.testing.strategies`): each choice is a
  ``draw(...)``, so hypothesis shrinks a failing case towards the first item
  of every list and the low end of every range -- 1-D before 2-D, one channel,
  no groups, stride 1, padding 0, the smallest input that fits;
* a NumPy generator (:func:`random_conv_case` and friends): the random
  conformance sweep of :func:`symconv.testing.check_implementation` and
  users without hypothesis.

So the sweep and the strategies reach the same corners: groups > 1 and
depthwise layers with channel multipliers, dilation > 1, stride larger than
the kernel, even kernels with ``"same"``, ``ceil_mode`` windows that start in
the padding, 1-D and 3-D, batch and channel sizes of 1.

Values are drawn from a seed: normal floats (small integers for integer
dtypes), offsets in ``[-2, 2]`` with exact integers and half-integers among
them, masks in ``[0, 1]``.

Examples
--------
>>> import numpy as np
>>> from symconv.testing.cases import random_conv_case
>>> case = random_conv_case(np.random.default_rng(0), ndim=2)
>>> case.x.ndim, case.w.ndim
(4, 4)
>>> import symconv as sc
>>> sc.numeric.conv(*case.args, **case.kwargs).shape == case.output_shape
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._errors import SymconvError
from .._validate import as_bool, as_size, is_sequence
from ..geometry import PAD_REACH, PADDING_MODES, Geometry, as_padding_modes

__all__ = [
    "ConvCase",
    "PoolCase",
    "DeformCase",
    "PADDING_FORMS",
    "TORCH_PADDING_FORMS",
    "random_conv_case",
    "random_pool_case",
    "random_deform_conv2d_case",
    "random_geometry",
]

#: Every form symconv's ``padding=`` takes, simplest first (hypothesis shrinks towards the first).  ``"causal"``
#: (all ``d(k-1)`` before the input) is 1-D; a case of more axes drawn with it gets the same as pairs.
PADDING_FORMS = ("int", "tuple", "pairs", "same", "valid", "full", "causal")

#: The forms ``torch.nn.functional`` takes (``"same"`` only at stride 1, which ``like="torch"`` respects).
TORCH_PADDING_FORMS = ("int", "tuple", "same", "valid")

_LIKE = (None, "torch")


# ----------------------------------------------------------------------------
# the cases
# ----------------------------------------------------------------------------


def _shape_text(array) -> str:
    return "None" if array is None else f"{tuple(array.shape)} {array.dtype}"


@dataclass(frozen=True, eq=False)
class ConvCase:
    """One valid convolution or transposed convolution.

    Attributes
    ----------
    x, w : numpy.ndarray
        Input ``(N, C_in, *spatial)`` and weight (``(C_out, C_in // groups,
        *kernel)``, or ``(C_in, C_out // groups, *kernel)`` when transposed).
    bias : numpy.ndarray or None
    kwargs : dict
        The keyword arguments of :func:`symconv.numeric.conv` (or
        ``conv_transpose``) that differ from their defaults, so an
        implementation without ``dilation`` can be tested on cases drawn with
        ``max_dilation=1``.
    transposed : bool
    seed : int
        The seed the values were drawn from (also of :meth:`grad_output`).

    Examples
    --------
    >>> import numpy as np
    >>> import symconv as sc
    >>> case = random_conv_case(np.random.default_rng(1), transposed=True)
    >>> sc.numeric.conv_transpose(*case.args, **case.kwargs).shape == case.output_shape
    True
    """

    x: np.ndarray
    w: np.ndarray
    bias: np.ndarray | None
    kwargs: dict
    transposed: bool = False
    seed: int = 0

    @property
    def args(self) -> tuple:
        """``(x, w, bias)``: the positional arguments of ``conv`` / ``conv_transpose``."""
        return (self.x, self.w, self.bias)

    @property
    def geometry(self) -> Geometry:
        """The case's :class:`symconv.Geometry`."""
        return Geometry(self.w.shape[2:], transposed=self.transposed, ndim=self.w.ndim - 2, **self.kwargs)

    @property
    def output_shape(self) -> tuple:
        """``(N, C_out, *out)``."""
        c_out = self.w.shape[1] * self.kwargs.get("groups", 1) if self.transposed else self.w.shape[0]
        return (self.x.shape[0], c_out, *self.geometry.output_size(self.x.shape[2:]))

    def grad_output(self) -> np.ndarray:
        """A random upstream gradient ``dL/dY`` of :attr:`output_shape` (from :attr:`seed`), for the gradient checks."""
        rng = np.random.default_rng([self.seed, 1])
        return _values(rng, self.output_shape, self.x.dtype)

    def __repr__(self):
        kind = "conv_transpose" if self.transposed else "conv"
        bias = "" if self.bias is None else f", bias {_shape_text(self.bias)}"
        return f"ConvCase({kind}: x {_shape_text(self.x)}, w {tuple(self.w.shape)}{bias}, kwargs={self.kwargs}, seed={self.seed})"


@dataclass(frozen=True, eq=False)
class PoolCase:
    """One valid max or average pooling: ``x``, ``kernel_size`` and the keyword arguments.

    ``kind`` is ``"max"`` or ``"avg"``; :attr:`args` are ``(x, kernel_size)``.

    Examples
    --------
    >>> import numpy as np
    >>> import symconv as sc
    >>> case = random_pool_case(np.random.default_rng(0), kind="avg")
    >>> sc.numeric.avg_pool(*case.args, **case.kwargs).shape == case.output_shape
    True
    """

    x: np.ndarray
    kernel_size: Any
    kwargs: dict
    kind: str = "max"
    seed: int = 0

    @property
    def args(self) -> tuple:
        return (self.x, self.kernel_size)

    @property
    def geometry(self) -> Geometry:
        kw = self.kwargs
        return Geometry(
            self.kernel_size,
            kw.get("stride") or self.kernel_size,
            kw.get("padding", 0),
            kw.get("dilation", 1),
            ceil_mode=kw.get("ceil_mode", False),
            ndim=self.x.ndim - 2,
        )

    @property
    def output_shape(self) -> tuple:
        return (*self.x.shape[:2], *self.geometry.output_size(self.x.shape[2:]))

    def __repr__(self):
        return f"PoolCase({self.kind}_pool: x {_shape_text(self.x)}, kernel_size={self.kernel_size!r}, kwargs={self.kwargs}, seed={self.seed})"


@dataclass(frozen=True, eq=False)
class DeformCase:
    """One valid 2-D deformable convolution: :attr:`args` ``(x, offset, w, bias)`` and :attr:`kwargs` (``mask`` among them when drawn).

    Examples
    --------
    >>> import numpy as np
    >>> import symconv as sc
    >>> case = random_deform_conv2d_case(np.random.default_rng(0))
    >>> sc.numeric.deform_conv2d(*case.args, **case.kwargs).shape == case.output_shape
    True
    """

    x: np.ndarray
    offset: np.ndarray
    w: np.ndarray
    bias: np.ndarray | None
    kwargs: dict = field(default_factory=dict)
    seed: int = 0

    @property
    def args(self) -> tuple:
        return (self.x, self.offset, self.w, self.bias)

    @property
    def mask(self):
        return self.kwargs.get("mask")

    @property
    def geometry(self) -> Geometry:
        kw = {k: v for k, v in self.kwargs.items() if k in ("stride", "padding", "dilation", "groups")}
        return Geometry(self.w.shape[2:], ndim=2, **kw)

    @property
    def output_shape(self) -> tuple:
        return (self.x.shape[0], self.w.shape[0], *self.offset.shape[2:])

    def __repr__(self):
        kw = {k: v for k, v in self.kwargs.items() if k != "mask"}
        mask = "" if self.mask is None else ", mask"
        return (
            f"DeformCase(x {_shape_text(self.x)}, offset {tuple(self.offset.shape)}, w {tuple(self.w.shape)}"
            f"{'' if self.bias is None else ', bias'}{mask}, kwargs={kw}, seed={self.seed})"
        )


# ----------------------------------------------------------------------------
# sources of choices
# ----------------------------------------------------------------------------


class RandomSource:
    """Choices from a NumPy generator, uniform over each range or list."""

    def __init__(self, rng):
        self.rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)

    def integer(self, low: int, high: int) -> int:
        return int(self.rng.integers(low, high + 1))

    def choice(self, options):
        options = tuple(options)
        return options[int(self.rng.integers(len(options)))]

    def boolean(self) -> bool:
        return bool(self.rng.integers(2))

    def seed(self) -> int:
        return int(self.rng.integers(2**32))

    def reject(self) -> None:
        raise _Redraw


class _Redraw(Exception):
    """A drawn pooling case has a window wholly in the padding: draw again."""


# ----------------------------------------------------------------------------
# options
# ----------------------------------------------------------------------------


def _ndims(ndim, *, allowed=None) -> tuple:
    """``None`` -> (1, 2, 3); an int or a tuple of ints -> a tuple of ints."""
    if ndim is None:
        return (1, 2, 3) if allowed is None else allowed
    values = tuple(ndim) if is_sequence(ndim) else (ndim,)
    if not values:
        raise SymconvError("ndim: expected a positive int or a non-empty tuple of them, got ()", parameter="ndim")
    values = tuple(as_size(v, "ndim") for v in values)
    if allowed is not None and not set(values) <= set(allowed):
        raise SymconvError(f"ndim: expected one of {allowed}, got {ndim!r}", parameter="ndim")
    for v in values:
        if v > 4:
            raise SymconvError(f"ndim: expected at most 4 spatial axes for a test case, got {v}", parameter="ndim")
    return values


def _dtypes(dtype) -> tuple:
    values = tuple(dtype) if isinstance(dtype, (tuple, list)) else (dtype,)
    if not values:
        raise SymconvError("dtype: expected a NumPy dtype or a non-empty tuple of them, got ()", parameter="dtype")
    out = []
    for value in values:
        try:
            dt = np.dtype(value)
        except TypeError as error:
            raise TypeError(f"dtype: expected a NumPy dtype, got {value!r}") from error
        if dt.kind not in "iuf":
            raise SymconvError(f"dtype: expected an integer or float dtype, got {dt}", parameter="dtype")
        out.append(dt)
    return tuple(out)


def _forms(padding_forms, allowed) -> tuple:
    if isinstance(padding_forms, str) or not is_sequence(padding_forms) or not padding_forms:
        raise SymconvError(
            f"padding_forms: expected a non-empty tuple of {', '.join(map(repr, allowed))}, got {padding_forms!r}",
            parameter="padding_forms",
        )
    for form in padding_forms:
        if form not in allowed:
            raise SymconvError(
                f"padding_forms: expected some of {', '.join(map(repr, allowed))}, got {form!r}", parameter="padding_forms"
            )
    return tuple(padding_forms)


def _like(like):
    if like not in _LIKE:
        raise SymconvError(f"like: expected None or 'torch', got {like!r}", parameter="like")
    return like


def _bias_option(bias):
    if bias is None:
        return None
    return as_bool(bias, "bias")


def _padding_modes(padding_modes, transposed: bool, *, pool: bool = False) -> tuple:
    """The modes to draw: None is every mode of a convolution, zeros alone for a transposed one or pooling (PyTorch has no other)."""
    if padding_modes is None:
        return ("zeros",) if transposed or pool else PADDING_MODES
    for mode in as_padding_modes(padding_modes, "padding_modes"):
        if transposed and mode != "zeros":
            raise SymconvError(f"padding_modes: transposed convolution pads only with zeros (as PyTorch's ConvTranspose), "
                               f"got {mode!r}", parameter="padding_modes")
        if pool and mode != "zeros":
            raise SymconvError(f"padding_modes: pooling pads with zeros (-inf for max pooling), as in PyTorch, got {mode!r}",
                               parameter="padding_modes")
    return tuple(padding_modes)


# ----------------------------------------------------------------------------
# values
# ----------------------------------------------------------------------------


def _values(rng, shape, dtype) -> np.ndarray:
    if dtype.kind in "iu":
        low = 0 if dtype.kind == "u" else -3
        return rng.integers(low, 4, size=shape).astype(dtype)
    return rng.standard_normal(size=shape).astype(dtype)


def _draw_axes(source, ndim, nmax, low, high):
    """``nmax`` choices in ``[low, high]``, of which the last ``ndim`` are used.

    Every case makes the same choices, each over a fixed range, whatever was
    chosen before (constraints are applied by clamping afterwards):
    hypothesis orders cases by their choices, so a case with fewer axes or
    another padding form must not make fewer or other choices -- then
    shrinking can go from 3-D to 1-D, or from pairs to an int, in one step.
    The *last* axes are used because shrinking simplifies the first choices
    first, which leaves what matters in the last ones.
    """
    values = tuple(source.integer(low, high) for _ in range(nmax))
    return values[nmax - ndim:]


def _per_axis(source, ndim, nmax, low, high):
    """One value for every axis (an int) or one per axis (a tuple), the int form first."""
    form = "int" if nmax == 1 else source.choice(("int", "tuple"))
    values = _draw_axes(source, ndim, nmax, low, high)
    return values[-1] if form == "int" or ndim == 1 else values


def _differs(value, default) -> bool:
    """Whether a drawn argument differs from its default; ``(1, 1)`` is the default stride like ``1`` is."""
    if isinstance(value, tuple) and not isinstance(default, tuple):
        return any(v != default for v in value)
    return value != default


def _axes(value, ndim):
    return value if isinstance(value, tuple) else (value,) * ndim


def _channels(source, max_channels, max_groups):
    """``(c_in, c_out, groups)``: plain, grouped, or depthwise with a channel multiplier (the same choices for each)."""
    kind = "plain" if max_groups == 1 else source.choice(("plain", "groups", "depthwise"))
    a, b = source.integer(1, max_channels), source.integer(1, max_channels)
    groups = 1 if max_groups == 1 else source.integer(2, max_groups)
    if kind == "plain":
        return a, b, 1
    if kind == "groups":
        per = max(1, max_channels // groups)
        return groups * min(a, per), groups * min(b, per), groups
    c_in = min(a, max_groups)
    return c_in, c_in * min(b, 2), c_in  # depthwise: every input channel its own group, times a multiplier


def _raw_pads(source, ndim, nmax, high):
    """``(before, after)`` choices in ``[0, high]`` for ``nmax`` axes, the last ``ndim`` used (clamp them after)."""
    values = [(source.integer(0, high), source.integer(0, high)) for _ in range(nmax)]
    return tuple(values[nmax - ndim:])


def _padding(form, drawn, keff):
    """The padding argument of ``form`` made from the drawn pairs; ``(padding, pads)``, pads None for "same"."""
    ndim = len(drawn)
    if form == "int":
        p = drawn[-1][0]
        return p, ((p, p),) * ndim
    if form == "tuple":
        values = tuple(b for b, _ in drawn)
        return values, tuple((p, p) for p in values)
    if form == "pairs":
        return drawn, drawn
    if form == "valid":
        return "valid", ((0, 0),) * ndim
    if form == "full":
        return "full", tuple((k - 1, k - 1) for k in keff)
    if form == "causal":
        pads = tuple((k - 1, 0) for k in keff)
        return ("causal" if ndim == 1 else pads), pads
    return "same", None


# ----------------------------------------------------------------------------
# convolution
# ----------------------------------------------------------------------------


def _conv_options(ndim, transposed, dtype, like, padding_forms, bias, max_batch, max_channels, max_groups,
                  max_size, max_kernel, max_stride, max_dilation, max_padding, padding_modes):
    like = _like(like)
    transposed = as_bool(transposed, "transposed")
    if padding_forms is None:
        padding_forms = TORCH_PADDING_FORMS if like == "torch" else PADDING_FORMS
    allowed = tuple(f for f in PADDING_FORMS if not (transposed and f in ("same", "causal")))
    if transposed and padding_forms in (PADDING_FORMS, TORCH_PADDING_FORMS):
        # no "same" or "causal" for transposed convolution
        padding_forms = tuple(f for f in padding_forms if f not in ("same", "causal"))
    if like == "torch" and transposed:
        padding_forms = tuple(f for f in padding_forms if f in ("int", "tuple")) or ("int",)
    options = dict(
        ndims=_ndims(ndim),
        transposed=transposed,
        dtypes=_dtypes(dtype),
        like=like,
        forms=_forms(padding_forms, allowed),
        bias=_bias_option(bias),
        max_batch=as_size(max_batch, "max_batch"),
        max_channels=as_size(max_channels, "max_channels"),
        max_groups=as_size(max_groups, "max_groups"),
        max_size=as_size(max_size, "max_size"),
        max_kernel=as_size(max_kernel, "max_kernel"),
        max_stride=as_size(max_stride, "max_stride"),
        max_dilation=as_size(max_dilation, "max_dilation"),
        max_padding=as_size(max_padding, "max_padding", minimum=0),
        padding_modes=_padding_modes(padding_modes, transposed),
    )
    return options


def draw_conv_case(source, options) -> ConvCase:
    """A valid convolution drawn from ``source`` (see the module notes)."""
    o = options
    transposed = o["transposed"]
    ndim, nmax = source.choice(o["ndims"]), max(o["ndims"])
    c_in, c_out, groups = _channels(source, o["max_channels"], o["max_groups"])
    batch = source.integer(1, o["max_batch"])
    kernel = _draw_axes(source, ndim, nmax, 1, o["max_kernel"])
    stride = _per_axis(source, ndim, nmax, 1, o["max_stride"])
    dilation = _per_axis(source, ndim, nmax, 1, o["max_dilation"])
    strides, dilations = _axes(stride, ndim), _axes(dilation, ndim)
    keff = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilations))
    form = source.choice(o["forms"])
    if o["like"] == "torch" and form == "same" and any(s != 1 for s in strides):
        form = "int" if "int" in o["forms"] else "valid"  # torch's "same" refuses stride > 1
    extras = _draw_axes(source, ndim, nmax, 0, o["max_size"] - 1)
    raw = _raw_pads(source, ndim, nmax, o["max_padding"])
    if transposed:
        top = max(o["max_stride"], o["max_dilation"]) - 1
        flags = [(source.boolean(), source.integer(0, top)) for _ in range(nmax)][nmax - ndim:]
        ops = tuple(min(v, max(s, d) - 1) if flag else 0 for (flag, v), s, d in zip(flags, strides, dilations))
        if form == "full":  # d(k-1) on each side leaves (i-1)s - d(k-1) + 1 + op cells: at least one
            least = [1 + max(0, -(-(ke - 1 - op) // s)) for s, ke, op in zip(strides, keff, ops)]
        else:
            least = [1] * ndim
        spatial = tuple(lo + e for lo, e in zip(least, extras))
        full = [(i - 1) * s + ke + op for i, s, ke, op in zip(spatial, strides, keff, ops)]
        if form in ("int", "tuple"):  # symmetric: at most (full - 1) // 2 on each side leaves an output
            half = min((f - 1) // 2 for f in full)
            drawn = tuple((min(b, half if form == "int" else (f - 1) // 2),) * 2 for (b, _), f in zip(raw, full))
        else:
            drawn = tuple((min(b, f - 1), min(a, f - 1 - min(b, f - 1))) for (b, a), f in zip(raw, full))
        padding, _ = _padding(form, drawn, keff)
        output_padding = ops[0] if len(set(ops)) == 1 else ops
    else:
        padding, pads = _padding(form, raw, keff)
        if pads is None:  # "same" leaves ceil(i / s) outputs for any input
            pads, keff = ((0, 0),) * ndim, (1,) * ndim
        spatial = tuple(max(1, ke - pb - pa) + e for ke, (pb, pa), e in zip(keff, pads, extras))
    with_bias = source.boolean() if o["bias"] is None else o["bias"]
    dtype = source.choice(o["dtypes"])
    padding_mode = source.choice(o["padding_modes"])
    if padding_mode in ("reflect", "circular"):
        spatial = _fit_pads(spatial, padding, kernel, strides, dilations, padding_mode)
    seed = source.seed()
    rng = np.random.default_rng(seed)
    x = _values(rng, (batch, c_in, *spatial), dtype)
    w_shape = (c_in, c_out // groups, *kernel) if transposed else (c_out, c_in // groups, *kernel)
    w = _values(rng, w_shape, dtype)
    bias = _values(rng, (c_out,), dtype) if with_bias else None
    kwargs: dict = {}
    for name, value, default in (("stride", stride, 1), ("padding", padding, 0), ("dilation", dilation, 1), ("groups", groups, 1)):
        if _differs(value, default):
            kwargs[name] = value
    if transposed and _differs(output_padding, 0):
        kwargs["output_padding"] = output_padding
    if padding_mode != "zeros":
        kwargs["padding_mode"] = padding_mode
    return ConvCase(x, w, bias, kwargs, transposed, seed)


def _fit_pads(spatial, padding, kernel, strides, dilations, mode):
    """``spatial`` grown, axis by axis, until ``mode`` can fill the pads: reflect each pad < input, circular <= input.

    The pads of ``"same"`` depend on the input (at most ``ceil(d(k-1)/2)``
    on a side), so the axis grows one cell at a time until they fit.
    """
    reach = PAD_REACH.get(mode, 0)  # what the mode needs beyond the pad (reflect: the border cell it mirrors about)
    sizes = list(spatial)
    geometry = Geometry(kernel, strides, padding, dilations, ndim=len(kernel))
    for axis in range(len(sizes)):
        while True:
            pb, pa = geometry.pads(tuple(sizes))[axis]
            if max(pb, pa) + reach <= sizes[axis]:
                break
            sizes[axis] = max(sizes[axis] + 1, max(pb, pa) + reach) if padding == "same" else max(pb, pa) + reach
    return tuple(sizes)


def random_conv_case(
    rng=None,
    *,
    ndim=None,
    transposed=False,
    dtype=np.float64,
    like=None,
    padding_forms=None,
    bias=None,
    max_batch=2,
    max_channels=4,
    max_groups=3,
    max_size=6,
    max_kernel=4,
    max_stride=3,
    max_dilation=3,
    max_padding=2,
    padding_modes=None,
) -> ConvCase:
    """A random valid convolution (or transposed convolution) case from a NumPy generator.

    The options are those of :func:`symconv.testing.conv_cases`, which draws
    the same cases through hypothesis.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> cases = [random_conv_case(rng, ndim=1, max_dilation=1) for _ in range(50)]
    >>> all(case.x.ndim == 3 and "dilation" not in case.kwargs for case in cases)
    True
    """
    options = _conv_options(ndim, transposed, dtype, like, padding_forms, bias, max_batch, max_channels, max_groups,
                            max_size, max_kernel, max_stride, max_dilation, max_padding, padding_modes)
    return draw_conv_case(RandomSource(rng), options)


# ----------------------------------------------------------------------------
# pooling
# ----------------------------------------------------------------------------


def _pool_options(ndim, kind, dtype, like, padding_forms, max_batch, max_channels, max_size, max_kernel, max_stride,
                  max_dilation):
    like = _like(like)
    if kind not in ("max", "avg"):
        raise SymconvError(f"kind: expected 'max' or 'avg', got {kind!r}", parameter="kind")
    # "full" pads k-1 on each side: windows wholly in padding; "causal" is a convolution's
    allowed = tuple(f for f in PADDING_FORMS if f not in ("full", "causal"))
    if padding_forms is None:
        padding_forms = ("int", "tuple") if like == "torch" else allowed
    max_dilation = as_size(max_dilation, "max_dilation")
    return dict(
        ndims=_ndims(ndim),
        kind=kind,
        dtypes=_dtypes(dtype),
        like=like,
        forms=_forms(padding_forms, allowed),
        max_batch=as_size(max_batch, "max_batch"),
        max_channels=as_size(max_channels, "max_channels"),
        max_size=as_size(max_size, "max_size"),
        max_kernel=as_size(max_kernel, "max_kernel"),
        max_stride=as_size(max_stride, "max_stride"),
        # PyTorch's avg_pool has no dilation
        max_dilation=1 if (like == "torch" and kind == "avg") else max_dilation,
    )


def _windows_cover_input(sizes, pads, kernel, strides, dilations, out_size) -> bool:
    """symconv's pooling rule: every window reads at least one input cell (checked cell by cell; cases are small)."""
    for i, (pb, _), k, s, d, o in zip(sizes, pads, kernel, strides, dilations, out_size):
        for j in range(o):
            start = j * s - pb
            if not any(0 <= start + a * d < i for a in range(k)):
                return False
    return True


def draw_pool_case(source, options) -> PoolCase:
    """A valid pooling case drawn from ``source``: pads at most half the kernel (PyTorch's rule), every window on the input."""
    o = options
    ndim, nmax = source.choice(o["ndims"]), max(o["ndims"])
    batch = source.integer(1, o["max_batch"])
    channels = source.integer(1, o["max_channels"])
    kernel_size = _per_axis(source, ndim, nmax, 1, o["max_kernel"])
    kernel = _axes(kernel_size, ndim)
    stride_given = source.boolean()  # False (the default: the kernel size) first
    stride = _per_axis(source, ndim, nmax, 1, o["max_stride"])
    stride = stride if stride_given else None
    dilation = _per_axis(source, ndim, nmax, 1, o["max_dilation"])
    strides = kernel if stride is None else _axes(stride, ndim)
    dilations = _axes(dilation, ndim)
    keff = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilations))
    form = source.choice(o["forms"])
    raw = _raw_pads(source, ndim, nmax, o["max_kernel"] // 2)
    drawn = tuple((min(b, k // 2), min(a, k // 2)) for (b, a), k in zip(raw, kernel))
    if form == "int":
        drawn = ((min(b for b, _ in drawn),) * 2,) * ndim
    padding, pads = _padding(form, drawn, keff)
    ceil_mode = source.boolean()
    extras = _draw_axes(source, ndim, nmax, 0, o["max_size"] - 1)
    # PyTorch's 3-D average pooling wants the input at least as large as the kernel, padding aside
    floor = kernel if o["like"] == "torch" else (1,) * ndim
    if pads is None:
        spatial = tuple(max(1, f) + e for f, e in zip(floor, extras))
    else:
        spatial = tuple(max(1, ke - pb - pa, f) + e for ke, (pb, pa), f, e in zip(keff, pads, floor, extras))
    geometry = Geometry(kernel, strides, padding, dilations, ceil_mode=ceil_mode, ndim=ndim)
    pads = geometry.pads(spatial)
    if o["like"] == "torch" and any(pb > k // 2 or pa > k // 2 for (pb, pa), k in zip(pads, kernel)):
        source.reject()  # "same" with a dilated kernel pads more than half the kernel, which PyTorch refuses
    if not _windows_cover_input(spatial, pads, kernel, strides, dilations, geometry.output_size(spatial)):
        source.reject()
    count_include_pad = not source.boolean()  # True (the default) first
    kwargs: dict = {}
    if stride is not None:
        kwargs["stride"] = stride
    for name, value, default in (("padding", padding, 0), ("dilation", dilation, 1), ("ceil_mode", ceil_mode, False)):
        if _differs(value, default):
            kwargs[name] = value
    if o["kind"] == "avg" and not count_include_pad:
        kwargs["count_include_pad"] = False
    dtype = source.choice(o["dtypes"])
    seed = source.seed()
    x = _values(np.random.default_rng(seed), (batch, channels, *spatial), dtype)
    return PoolCase(x, kernel_size, kwargs, o["kind"], seed)


def _retry(draw, source, options, attempts=200):
    for _ in range(attempts):
        try:
            return draw(source, options)
        except _Redraw:
            continue
    raise SymconvError(  # pragma: no cover - the rule rejects a few percent of cases at most
        f"options: no valid case found in {attempts} draws; widen max_size", parameter="options"
    )


def random_pool_case(
    rng=None,
    *,
    ndim=None,
    kind="max",
    dtype=np.float64,
    like=None,
    padding_forms=None,
    max_batch=2,
    max_channels=3,
    max_size=6,
    max_kernel=4,
    max_stride=3,
    max_dilation=3,
) -> PoolCase:
    """A random valid max (``kind="max"``) or average (``"avg"``) pooling case; options as :func:`symconv.testing.pool_cases`.

    Examples
    --------
    >>> import numpy as np
    >>> case = random_pool_case(np.random.default_rng(3), kind="avg", like="torch")
    >>> "dilation" in case.kwargs
    False
    """
    options = _pool_options(ndim, kind, dtype, like, padding_forms, max_batch, max_channels, max_size, max_kernel,
                            max_stride, max_dilation)
    return _retry(draw_pool_case, RandomSource(rng), options)


# ----------------------------------------------------------------------------
# deformable convolution
# ----------------------------------------------------------------------------


def _deform_options(dtype, like, padding_forms, mask, bias, max_batch, max_channels, max_groups, max_size, max_kernel,
                    max_stride, max_dilation, max_padding, max_offset):
    like = _like(like)
    allowed = ("int", "tuple", "pairs", "same", "valid")
    if padding_forms is None:
        padding_forms = ("int", "tuple") if like == "torch" else allowed
    max_offset = as_size(max_offset, "max_offset", minimum=0)
    return dict(
        dtypes=_dtypes(dtype),
        like=like,
        forms=_forms(padding_forms, allowed),
        mask=_bias_option(mask) if mask is not None else None,
        bias=_bias_option(bias),
        max_batch=as_size(max_batch, "max_batch"),
        max_channels=as_size(max_channels, "max_channels"),
        max_groups=as_size(max_groups, "max_groups"),
        max_size=as_size(max_size, "max_size"),
        max_kernel=as_size(max_kernel, "max_kernel"),
        max_stride=as_size(max_stride, "max_stride"),
        max_dilation=as_size(max_dilation, "max_dilation"),
        max_padding=as_size(max_padding, "max_padding", minimum=0),
        max_offset=max_offset,
    )


def _offsets(rng, shape, max_offset, dtype):
    """Uniform in ``[-max_offset, max_offset]``, a quarter of them exact integers or half-integers (cell corners)."""
    values = rng.uniform(-max_offset, max_offset, size=shape)
    snap = rng.random(size=shape) < 0.25
    values[snap] = np.round(values[snap] * 2) / 2
    return values.astype(dtype if dtype.kind == "f" else np.float64)


def draw_deform_case(source, options) -> DeformCase:
    """A valid deformable convolution drawn from ``source``."""
    o = options
    c_in, c_out, groups = _channels(source, o["max_channels"], o["max_groups"])
    offset_groups = source.choice([g for g in range(1, c_in + 1) if c_in % g == 0])
    batch = source.integer(1, o["max_batch"])
    kernel = _draw_axes(source, 2, 2, 1, o["max_kernel"])
    stride = _per_axis(source, 2, 2, 1, o["max_stride"])
    dilation = _per_axis(source, 2, 2, 1, o["max_dilation"])
    keff = tuple(d * (k - 1) + 1 for k, d in zip(kernel, _axes(dilation, 2)))
    form = source.choice(o["forms"])
    padding, pads = _padding(form, _raw_pads(source, 2, 2, o["max_padding"]), keff)
    if pads is None:
        pads, keff = ((0, 0),) * 2, (1, 1)
    extras = _draw_axes(source, 2, 2, 0, o["max_size"] - 1)
    spatial = tuple(max(1, ke - pb - pa) + e for ke, (pb, pa), e in zip(keff, pads, extras))
    with_mask = source.boolean() if o["mask"] is None else o["mask"]
    with_bias = source.boolean() if o["bias"] is None else o["bias"]
    dtype = source.choice(o["dtypes"])
    seed = source.seed()
    rng = np.random.default_rng(seed)
    geometry = Geometry(kernel, stride, padding, dilation, groups, ndim=2)
    out = geometry.output_size(spatial)
    taps = kernel[0] * kernel[1]
    x = _values(rng, (batch, c_in, *spatial), dtype)
    w = _values(rng, (c_out, c_in // groups, *kernel), dtype)
    offset = _offsets(rng, (batch, 2 * offset_groups * taps, *out), o["max_offset"], dtype)
    bias = _values(rng, (c_out,), dtype) if with_bias else None
    kwargs: dict = {}
    for name, value, default in (("stride", stride, 1), ("padding", padding, 0), ("dilation", dilation, 1),
                                 ("groups", groups, 1), ("offset_groups", offset_groups, 1)):
        if _differs(value, default):
            kwargs[name] = value
    if with_mask:
        kwargs["mask"] = rng.uniform(0, 1, size=(batch, offset_groups * taps, *out)).astype(offset.dtype)
    return DeformCase(x, offset, w, bias, kwargs, seed)


def random_deform_conv2d_case(
    rng=None,
    *,
    dtype=np.float64,
    like=None,
    padding_forms=None,
    mask=None,
    bias=None,
    max_batch=2,
    max_channels=4,
    max_groups=2,
    max_size=5,
    max_kernel=3,
    max_stride=2,
    max_dilation=2,
    max_padding=1,
    max_offset=2,
) -> DeformCase:
    """A random valid 2-D deformable convolution case; options as :func:`symconv.testing.deform_conv2d_cases`."""
    options = _deform_options(dtype, like, padding_forms, mask, bias, max_batch, max_channels, max_groups, max_size,
                              max_kernel, max_stride, max_dilation, max_padding, max_offset)
    return draw_deform_case(RandomSource(rng), options)


# ----------------------------------------------------------------------------
# geometries
# ----------------------------------------------------------------------------


def _geometry_options(ndim, transposed, pool, max_kernel, max_stride, max_dilation, max_padding, max_groups,
                      padding_modes=None):
    if transposed is not None:
        transposed = as_bool(transposed, "transposed")
    pool = as_bool(pool, "pool")
    if pool and transposed:
        raise SymconvError("pool: pooling is never transposed; give transposed=False or None, got pool=True", parameter="pool")
    return dict(
        padding_modes=_padding_modes(padding_modes, transposed is True, pool=pool),
        ndims=_ndims(ndim),
        transposed=transposed,
        pool=pool,
        max_kernel=as_size(max_kernel, "max_kernel"),
        max_stride=as_size(max_stride, "max_stride"),
        max_dilation=as_size(max_dilation, "max_dilation"),
        max_padding=as_size(max_padding, "max_padding", minimum=0),
        max_groups=as_size(max_groups, "max_groups"),
    )


def draw_geometry(source, options) -> Geometry:
    """A :class:`symconv.Geometry` drawn from ``source``: convolution, transposed convolution or pooling."""
    o = options
    ndim, nmax = source.choice(o["ndims"]), max(o["ndims"])
    kinds = ("pool",) if o["pool"] else {None: ("conv", "transposed"), False: ("conv",), True: ("transposed",)}[o["transposed"]]
    kind = source.choice(kinds)
    kernel = _per_axis(source, ndim, nmax, 1, o["max_kernel"])
    stride = _per_axis(source, ndim, nmax, 1, o["max_stride"])
    dilation = _per_axis(source, ndim, nmax, 1, o["max_dilation"])
    forms = ("int", "tuple", "pairs", "valid", "full", "same")
    keff = tuple(d * (k - 1) + 1 for k, d in zip(_axes(kernel, ndim), _axes(dilation, ndim)))
    form = source.choice(forms)
    if kind == "transposed" and form == "same":  # not defined for transposed convolution
        form = "int"
    padding, _ = _padding(form, _raw_pads(source, ndim, nmax, o["max_padding"]), keff)
    groups = 1 if o["max_groups"] == 1 else source.integer(1, o["max_groups"])
    top = max(o["max_stride"], o["max_dilation"]) - 1
    raw_ops = _draw_axes(source, ndim, nmax, 0, top)
    ops = tuple(min(v, max(s, d) - 1) for v, s, d in zip(raw_ops, _axes(stride, ndim), _axes(dilation, ndim)))
    ceil_mode = source.boolean()
    padding_mode = source.choice(o["padding_modes"])  # drawn for every kind (the same choices), used by convolutions
    if kind == "pool":
        return Geometry(kernel, stride, padding, dilation, ceil_mode=ceil_mode, ndim=ndim)
    if kind == "transposed":
        return Geometry(kernel, stride, padding, dilation, groups, ops, transposed=True, ndim=ndim)
    return Geometry(kernel, stride, padding, dilation, groups, padding_mode=padding_mode, ndim=ndim)


def random_geometry(rng=None, *, ndim=None, transposed=None, pool=False, max_kernel=4, max_stride=3, max_dilation=3,
                    max_padding=2, max_groups=3, padding_modes=None) -> Geometry:
    """A random :class:`symconv.Geometry`; options as :func:`symconv.testing.geometries`.

    Examples
    --------
    >>> import numpy as np
    >>> random_geometry(np.random.default_rng(0), pool=True).ceil_mode in (True, False)
    True
    """
    options = _geometry_options(ndim, transposed, pool, max_kernel, max_stride, max_dilation, max_padding, max_groups,
                                padding_modes)
    return draw_geometry(RandomSource(rng), options)

"""Padding across frameworks: one convolution written the PyTorch, ONNX and TensorFlow/Keras way.

The same word means different pads in different frameworks, and some pads
cannot be written in some of them.  :func:`translate_padding` reads a
padding the way one framework writes it and returns the explicit
``(before, after)`` pads per axis, the output size, and how each framework
writes the same thing -- or why it cannot.

The rules, per spatial axis, with ``k_eff = d(k-1) + 1``:

* **PyTorch** (``torch.nn.functional.conv*d``, ``nn.Conv*d``): an int or one
  int per axis pads both sides alike; ``"valid"`` is 0; ``"same"`` pads
  ``d(k-1)`` in total, the odd extra cell at the end, and is refused with
  stride > 1.  Asymmetric pads need ``F.pad`` first.  ``conv_transpose*d``
  takes only ints: ``padding`` crops both sides of the full output and
  ``output_padding`` adds cells at the end.
* **ONNX** (``Conv``, ``ConvTranspose``): ``auto_pad="NOTSET"`` with ``pads``
  ``[x1_begin, x2_begin, ..., x1_end, x2_end]``; ``"VALID"``; ``"SAME_UPPER"``
  and ``"SAME_LOWER"`` give ``ceil(i/s)`` outputs with total pad
  ``max((ceil(i/s)-1)s + k_eff - i, 0)``, the odd cell at the end (UPPER) or
  the start (LOWER).  ``ConvTranspose`` with ``output_shape`` ``O`` (or with
  SAME_* and no ``output_shape``, ``O = i*s``) generates its pads:
  ``total = s(i-1) + output_padding + k_eff - O``, split ``(total//2,
  total - total//2)`` for SAME_UPPER and ``(total - total//2, total//2)``
  otherwise.
* **TensorFlow / Keras**: ``"same"`` is SAME_UPPER, ``"valid"`` is 0;
  ``tf.nn.conv2d`` also takes explicit pairs.  ``conv2d_transpose`` is the
  gradient of a ``"same"``/``"valid"`` convolution whose input has the
  output size ``O`` (``output_shape``, or Keras's ``i*s`` for "same",
  ``i*s + max(k_eff - s, 0)`` for "valid", or with Keras's
  ``output_padding`` ``(i-1)s + k_eff - 2p + output_padding`` where ``p`` is
  ``k_eff // 2`` for "same" and 0 for "valid"); its pads are those of that
  convolution and what is left over is output padding.

symconv's own ``padding="same"`` is SAME_UPPER, as in ONNX and TensorFlow.

What the padding holds (``padding_mode``, PyTorch's names) is an argument of
PyTorch's ``nn.Conv*d`` only (not of ``F.conv*d``, nor of any transposed
convolution).  ONNX's ``Conv`` and TensorFlow's convolutions pad with zeros:
another mode is a padding step first -- an ONNX ``Pad`` node (``reflect``,
``edge``, ``wrap`` from opset 19) or ``tf.pad`` (``REFLECT``; it has no
replicate or circular mode).

References
----------
.. [1] ONNX operators ``Conv`` and ``ConvTranspose`` (attributes ``auto_pad``,
   ``pads``, ``output_padding``, ``output_shape``).
.. [2] PyTorch ``torch.nn.Conv2d`` (``padding='same'``) and
   ``torch.nn.ConvTranspose2d`` (``output_padding``).
.. [3] TensorFlow ``tf.nn.conv2d``, ``tf.nn.conv2d_transpose``; Keras
   ``Conv2DTranspose`` (``output_padding``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._errors import SymconvError
from ._validate import as_bool, as_shape, as_size, is_sequence, plain, short
from .geometry import Geometry

__all__ = ["translate_padding", "PaddingTranslation", "FrameworkPadding", "FRAMEWORKS"]

#: The frameworks by their canonical names; aliases: "pytorch", "tf", "keras".
FRAMEWORKS = ("torch", "onnx", "tensorflow")

_ALIASES = {"torch": "torch", "pytorch": "torch", "onnx": "onnx", "tensorflow": "tensorflow", "tf": "tensorflow",
            "keras": "tensorflow"}
_AUTO_PAD = ("NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID")


@dataclass(frozen=True)
class FrameworkPadding:
    """How one framework writes a padding, or why it cannot.

    Attributes
    ----------
    framework : str
        ``"torch"``, ``"onnx"`` or ``"tensorflow"``.
    arguments : dict or None
        The keyword arguments (ONNX: attributes) that give these pads, or
        None when the layer's own arguments cannot.
    pre_pad : tuple or None
        PyTorch: the ``F.pad`` argument to apply to the input first (last
        axis first, as ``F.pad`` wants); TensorFlow: the ``ZeroPadding``
        pairs a Keras layer needs first (the ``tf.pad`` pairs for a padding
        mode); ONNX: the ``pads`` of a ``Pad`` node before the ``Conv``
        (every axis, batch and channels included), for a padding mode.
    note : str
        How, or why not, in words.
    """

    framework: str
    arguments: dict | None
    pre_pad: tuple | None = None
    note: str = ""

    @property
    def expressible(self) -> bool:
        """Whether the framework can compute it (with ``pre_pad`` if given)."""
        return self.arguments is not None


@dataclass(frozen=True)
class PaddingTranslation:
    """A padding read from one framework: explicit pads, the output size, and each framework's way to write it.

    Attributes
    ----------
    source : str
        The framework it was read from.
    pads : tuple of (before, after) pairs
        Per spatial axis; for a transposed convolution the cells cropped from
        each end of the full output (symconv's and PyTorch's ``padding``).
    output_padding : tuple of int
        Extra cells at the end of each axis (transposed convolution; zeros otherwise).
    output_size : tuple of int
    geometry : Geometry
        The layer in symconv's words, with explicit pads.
    ways : dict
        ``framework -> FrameworkPadding`` for torch, onnx and tensorflow.

    Examples
    --------
    >>> t = translate_padding("onnx", "SAME_LOWER", input_size=6, kernel_size=4, stride=2)
    >>> t.pads, t.output_size
    (((1, 1),), (3,))
    >>> t.ways["torch"].arguments
    {'padding': 1}
    """

    source: str
    pads: tuple
    output_padding: tuple
    output_size: tuple
    geometry: Geometry
    ways: dict = field(default_factory=dict)

    @property
    def symconv(self) -> dict:
        """Keyword arguments of :func:`symconv.numeric.conv` (``conv_transpose``) for these pads."""
        out = {"padding": self.pads}
        if self.geometry.transposed:
            out["output_padding"] = self.output_padding
        if self.geometry.padding_mode != "zeros":
            out["padding_mode"] = self.geometry.padding_mode
        return out

    def __str__(self) -> str:
        lines = [
            f"pads (before, after) per axis: {self.pads}",
            *( [f"output_padding: {self.output_padding}"] if self.geometry.transposed else []),
            *( [f"padding_mode: {self.geometry.padding_mode}"] if self.geometry.padding_mode != "zeros" else []),
            f"output size: {self.output_size}",
        ]
        for name in FRAMEWORKS:
            way = self.ways[name]
            if way.arguments is None:
                lines.append(f"{name}: cannot -- {way.note}")
            else:
                args = ", ".join(f"{k}={v!r}" for k, v in way.arguments.items())
                pre = f" after pre-padding {way.pre_pad}" if way.pre_pad else ""
                lines.append(f"{name}: {args}{pre}" + (f" ({way.note})" if way.note else ""))
        return "\n".join(lines)


# ----------------------------------------------------------------------------
# reading each framework
# ----------------------------------------------------------------------------


def _framework(value, name="framework") -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected one of {', '.join(FRAMEWORKS)} (a str), got {type(value).__name__} {short(value)}")
    key = value.strip().lower()
    if key not in _ALIASES:
        raise SymconvError(f"{name}: expected one of {', '.join(FRAMEWORKS)} (or pytorch, tf, keras), got {short(value)}",
                           parameter=name)
    return _ALIASES[key]


def _same_upper(i, s, keff, *, lower=False):
    total = max((-(-i // s) - 1) * s + keff - i, 0)
    small = total // 2
    return (total - small, small) if lower else (small, total - small)


def _axes(value, ndim, name, *, minimum=1):
    value = plain(value)
    if is_sequence(value):
        if len(value) != ndim:
            raise SymconvError(f"{name}: expected an int or {ndim} ints (one per spatial axis), got {short(value)}", parameter=name)
        return tuple(as_size(v, name, minimum=minimum) for v in value)
    return (as_size(value, name, minimum=minimum),) * ndim


def _ndim(*values) -> int:
    lengths = {len(plain(v)) for v in values if v is not None and is_sequence(plain(v))}
    if len(lengths) > 1:
        raise SymconvError(f"input_size: the per-axis arguments have different lengths {sorted(lengths)}", parameter="input_size")
    return lengths.pop() if lengths else 1


def _torch_conv(padding, sizes, strides, keffs):
    padding = plain(padding)
    if isinstance(padding, str):
        word = padding.lower()
        if word == "valid":
            return tuple((0, 0) for _ in sizes)
        if word == "same":
            if any(s != 1 for s in strides):
                raise SymconvError(
                    f"padding: PyTorch refuses padding='same' with stride > 1 (stride {strides}); give the pads "
                    "(or read it as ONNX SAME_UPPER / TensorFlow 'same'), got 'same'", parameter="padding")
            # PyTorch: total d(k-1), left total // 2, the odd extra cell on the right
            return tuple(((k - 1) // 2, k - 1 - (k - 1) // 2) for k in keffs)
        raise SymconvError(f"padding: expected an int, a tuple of ints, 'same' or 'valid' (PyTorch), got {short(padding)}",
                           parameter="padding")
    if is_sequence(padding) and any(is_sequence(p) for p in padding):
        raise SymconvError(f"padding: PyTorch takes one int per axis (asymmetric pads need F.pad), got {short(padding)}",
                           parameter="padding")
    return tuple((p, p) for p in _axes(padding, len(sizes), "padding", minimum=0))


def _onnx_pads(padding, ndim):
    """An ONNX ``pads`` list [x1_begin, ..., x1_end, ...] as (before, after) pairs."""
    values = plain(padding)
    if not is_sequence(values) or len(values) != 2 * ndim or any(is_sequence(v) for v in values):
        raise SymconvError(
            f"padding: expected an ONNX auto_pad ({', '.join(_AUTO_PAD)}) or pads [x1_begin, ..., x1_end, ...] of "
            f"{2 * ndim} ints, got {short(padding)}", parameter="padding")
    values = tuple(as_size(v, "padding", minimum=0) for v in values)
    return tuple(zip(values[:ndim], values[ndim:]))


def _auto_pad(padding):
    if isinstance(padding, str):
        word = padding.strip().upper()
        if word not in _AUTO_PAD:
            raise SymconvError(f"padding: expected an ONNX auto_pad ({', '.join(_AUTO_PAD)}) or a pads list, got {short(padding)}",
                               parameter="padding")
        return word
    return None


def _onnx_conv(padding, sizes, strides, keffs):
    word = _auto_pad(padding)
    if word is None:
        return _onnx_pads(padding, len(sizes))
    if word in ("NOTSET", "VALID"):
        return tuple((0, 0) for _ in sizes)
    return tuple(_same_upper(i, s, k, lower=word == "SAME_LOWER") for i, s, k in zip(sizes, strides, keffs))


def _tf_conv(padding, sizes, strides, keffs):
    padding = plain(padding)
    if isinstance(padding, str):
        word = padding.strip().lower()
        if word == "valid":
            return tuple((0, 0) for _ in sizes)
        if word == "same":
            return tuple(_same_upper(i, s, k) for i, s, k in zip(sizes, strides, keffs))
    elif is_sequence(padding) and len(padding) == len(sizes) and all(is_sequence(p) and len(p) == 2 for p in padding):
        return tuple((as_size(b, "padding", minimum=0), as_size(a, "padding", minimum=0)) for b, a in padding)
    raise SymconvError(f"padding: expected 'same', 'valid' or one (before, after) pair per axis (TensorFlow), got {short(padding)}",
                       parameter="padding")


def _transposed_from_output(sizes, strides, keffs, ops, outputs, split):
    """Pads of a transposed convolution whose output size is given: total = s(i-1) + op + k_eff - O, split by ``split``.

    A negative total asks for more cells than the full output: at the end
    they are output padding (when fewer than the stride or the dilation), at
    the start they cannot be written in symconv or PyTorch.
    """
    pads, out_ops = [], []
    for i, s, k, op, o in zip(sizes, strides, keffs, ops, outputs):
        total = s * (i - 1) + op + k - o
        before, after = split(total)
        if before < 0:
            raise SymconvError(
                f"output_shape: {o} needs {-before} extra cell(s) before the full output of {s * (i - 1) + k} "
                f"(ONNX pads a negative {before}), which symconv and PyTorch cannot write", parameter="output_shape")
        extra = op
        if after < 0:
            extra, after = op - after, 0
        pads.append((before, after))
        out_ops.append(extra)
    return tuple(pads), tuple(out_ops)


def _onnx_transposed(padding, sizes, strides, keffs, ops, output_shape):
    word = _auto_pad(padding)
    if word in ("SAME_UPPER", "SAME_LOWER") or (output_shape is not None and word in (None, "NOTSET")):
        if output_shape is None:
            output_shape = tuple(i * s for i, s in zip(sizes, strides))
        if word == "SAME_UPPER":
            def split(t):
                return t // 2, t - t // 2
        else:  # SAME_LOWER, and NOTSET with output_shape: the ONNX rule's "else" branch
            def split(t):
                return t - t // 2, t // 2
        return _transposed_from_output(sizes, strides, keffs, ops, output_shape, split)
    if word == "VALID" or word == "NOTSET":
        return tuple((0, 0) for _ in sizes), ops
    return _onnx_pads(padding, len(sizes)), ops


def _tf_transposed(padding, sizes, strides, keffs, keras_output_padding, output_shape):
    padding = plain(padding)
    word = padding.strip().lower() if isinstance(padding, str) else None
    if word not in ("same", "valid"):
        raise SymconvError(f"padding: expected 'same' or 'valid' (TensorFlow's conv2d_transpose), got {short(padding)}",
                           parameter="padding")
    if output_shape is None:
        if keras_output_padding is None:  # Keras's default output length
            output_shape = tuple(i * s if word == "same" else i * s + max(k - s, 0) for i, s, k in zip(sizes, strides, keffs))
        else:
            output_shape = tuple((i - 1) * s + k - 2 * (k // 2 if word == "same" else 0) + a
                                 for i, s, k, a in zip(sizes, strides, keffs, keras_output_padding))
    pads, ops = [], []
    for axis, (i, s, k, o) in enumerate(zip(sizes, strides, keffs, output_shape)):
        # the convolution this is the gradient of reads an input of size o and must give i outputs
        forward = -(-o // s) if word == "same" else (o - k) // s + 1 if o >= k else 0
        if forward != i:
            raise SymconvError(
                f"output_shape: a {word!r} convolution of an input of {o} gives {forward} outputs at stride {s}, not the "
                f"transposed input {i} (axis {axis}), so TensorFlow refuses it", parameter="output_shape")
        before, after = _same_upper(o, s, k) if word == "same" else (0, 0)
        pads.append((before, after))
        ops.append(o - ((i - 1) * s + k - before - after))
    return tuple(pads), tuple(ops)


# ----------------------------------------------------------------------------
# writing each framework
# ----------------------------------------------------------------------------


def _flat(values):
    return values[0] if len(set(values)) == 1 else tuple(values)


#: each padding mode as ONNX's Pad and F.pad name it (tf.pad has only REFLECT of the three)
_ONNX_PAD_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def _with_mode(way: FrameworkPadding, g: Geometry, pads) -> FrameworkPadding:
    """A zero-padded convolution's way, made to pad in ``g.padding_mode`` (reflect, replicate or circular)."""
    mode = g.padding_mode
    if way.framework == "torch":
        if way.pre_pad is None:
            note = "nn.Conv*d; F.conv*d has no padding_mode" + (f"; {way.note}" if way.note else "")
            return FrameworkPadding("torch", {**way.arguments, "padding_mode": mode}, None, note)
        return FrameworkPadding("torch", way.arguments, way.pre_pad,
                                f"asymmetric pads: x = F.pad(x, pre_pad, mode={mode!r}) first")
    if way.framework == "onnx":
        onnx_pads = (0, 0, *(b for b, _ in pads), 0, 0, *(a for _, a in pads))
        onnx_mode = _ONNX_PAD_MODES[mode]
        opset = "; mode 'wrap' needs opset 19" if mode == "circular" else ""
        return FrameworkPadding("onnx", {"auto_pad": "VALID"}, onnx_pads,
                                f"Conv pads with zeros: Pad(mode={onnx_mode!r}, pads=pre_pad) first{opset}")
    if mode == "reflect":
        return FrameworkPadding("tensorflow", {"padding": "valid"}, pads,
                                "x = tf.pad(x, [[0, 0], *pre_pad, [0, 0]], mode='REFLECT') first, channels last")
    return FrameworkPadding("tensorflow", None, None,
                            f"tf.pad pads with CONSTANT, REFLECT or SYMMETRIC, and {mode} is none of them; gather the "
                            "padded input by index first (tf.gather), then padding='valid'")


def _torch_way(g: Geometry, pads, ops, sizes) -> FrameworkPadding:
    if g.transposed:
        # torch crops p from both ends and adds output_padding at the end: before = p, after = p - op_torch
        befores = [b for b, _ in pads]
        torch_ops = [op + b - a for (b, a), op in zip(pads, ops)]
        limits = [max(s, d) for s, d in zip(g.stride, g.dilation)]
        if all(0 <= t < lim for t, lim in zip(torch_ops, limits)):
            args = {"padding": _flat(befores)}
            if any(torch_ops):
                args["output_padding"] = _flat(torch_ops)
            note = "" if all(b == a for b, a in pads) else "asymmetric pads as padding=before plus output_padding"
            return FrameworkPadding("torch", args, None, note)
        return FrameworkPadding(
            "torch", None, None,
            "ConvTranspose crops the same number of cells from both ends and adds at most max(stride, dilation) - 1 "
            f"at the end; compute with padding=0 and keep cells [before, full - after + output_padding) = pads {pads}, "
            f"output_padding {ops}")
    if all(b == a for b, a in pads):
        if all(s == 1 for s in g.stride) and pads == tuple(((k - 1) // 2, k - 1 - (k - 1) // 2) for k in g.effective_kernel_size) \
                and any(b for b, _ in pads):
            note = "the same as padding='same'"
        else:
            note = ""
        return FrameworkPadding("torch", {"padding": _flat([b for b, _ in pads])}, None, note)
    if all(s == 1 for s in g.stride) and pads == tuple(((k - 1) // 2, k - 1 - (k - 1) // 2) for k in g.effective_kernel_size):
        return FrameworkPadding("torch", {"padding": "same"}, None, "PyTorch's 'same' puts the odd extra cell at the end")
    pre = tuple(v for b, a in reversed(pads) for v in (b, a))  # F.pad lists the last axis first
    return FrameworkPadding("torch", {"padding": 0}, pre, "asymmetric pads: x = F.pad(x, pre_pad) first")


def _onnx_way(g: Geometry, pads, ops, sizes) -> FrameworkPadding:
    flat = [b for b, _ in pads] + [a for _, a in pads]
    if g.transposed:
        args = {"pads": flat}
        if any(ops):
            args["output_padding"] = list(ops)
        return FrameworkPadding("onnx", args, None, "ConvTranspose; or auto_pad with output_shape")
    strides, keffs = g.stride, g.effective_kernel_size
    if pads == tuple(_same_upper(i, s, k) for i, s, k in zip(sizes, strides, keffs)) and any(flat):
        return FrameworkPadding("onnx", {"auto_pad": "SAME_UPPER"}, None, f"= pads {flat} at this input size")
    if pads == tuple(_same_upper(i, s, k, lower=True) for i, s, k in zip(sizes, strides, keffs)) and any(flat):
        return FrameworkPadding("onnx", {"auto_pad": "SAME_LOWER"}, None, f"= pads {flat} at this input size")
    if not any(flat):
        return FrameworkPadding("onnx", {"auto_pad": "VALID"}, None, "")
    return FrameworkPadding("onnx", {"pads": flat}, None, "auto_pad NOTSET")


def _tf_way(g: Geometry, pads, ops, sizes, out) -> FrameworkPadding:
    strides, keffs = g.stride, g.effective_kernel_size
    if g.transposed:
        for word in ("SAME", "VALID"):
            try:
                tf_pads, tf_ops = _tf_transposed(word, sizes, strides, keffs, None, out)
            except SymconvError:
                continue
            if tf_pads == pads and tuple(tf_ops) == tuple(ops):
                keras = tuple(o - ((i - 1) * s + k - 2 * (k // 2 if word == "SAME" else 0))
                              for i, s, k, o in zip(sizes, strides, keffs, out))
                note = f"tf.nn.conv*d_transpose with output_shape; Keras Conv*DTranspose(padding={word.lower()!r}"
                note += f", output_padding={_flat(keras)})" if all(0 <= a < s for a, s in zip(keras, strides)) else ") cannot"
                return FrameworkPadding("tensorflow", {"padding": word, "output_shape": tuple(out)}, None, note)
        return FrameworkPadding(
            "tensorflow", None, None,
            "conv2d_transpose pads like the 'same'/'valid' convolution of an input of the output size; "
            f"these pads {pads} are not that")
    if pads == tuple(_same_upper(i, s, k) for i, s, k in zip(sizes, strides, keffs)) and any(b or a for b, a in pads):
        return FrameworkPadding("tensorflow", {"padding": "same"}, None, "")
    if not any(b or a for b, a in pads):
        return FrameworkPadding("tensorflow", {"padding": "valid"}, None, "")
    return FrameworkPadding("tensorflow", {"padding": [list(p) for p in pads]}, pads,
                            "tf.nn.conv*d takes the pairs (plus [0, 0] for batch and channels); a Keras layer needs "
                            "ZeroPadding with pre_pad first and padding='valid'")


# ----------------------------------------------------------------------------
# the function
# ----------------------------------------------------------------------------


def translate_padding(framework, padding, *, input_size, kernel_size, stride=1, dilation=1, transposed=False,
                      output_padding=None, output_shape=None, padding_mode="zeros") -> PaddingTranslation:
    """Read a padding as ``framework`` writes it; return explicit pads, the output size and every framework's way.

    Parameters
    ----------
    framework : {"torch", "onnx", "tensorflow"}
        Also ``"pytorch"``, ``"tf"``, ``"keras"``.
    padding
        PyTorch: an int, one int per axis, ``"same"`` or ``"valid"``
        (transposed: ints only).  ONNX: an ``auto_pad`` word (``"NOTSET"``,
        ``"SAME_UPPER"``, ``"SAME_LOWER"``, ``"VALID"``) or a ``pads`` list
        ``[x1_begin, x2_begin, ..., x1_end, x2_end]``.  TensorFlow/Keras:
        ``"same"`` or ``"valid"`` (any case), or one ``(before, after)`` pair
        per axis (``tf.nn.conv2d``'s explicit padding).
    input_size, kernel_size : int or tuple of int
        One per spatial axis (an int for all).
    stride, dilation : int or tuple of int, default 1
    transposed : bool, default False
        A transposed convolution (``ConvTranspose``, ``conv_transpose*d``,
        ``Conv*DTranspose``).
    output_padding : int or tuple, optional
        Transposed only: PyTorch's and ONNX's ``output_padding`` (default
        0), Keras's ``output_padding`` (default None: Keras's own output size).
    output_shape : int or tuple, optional
        Transposed only: ONNX's ``output_shape`` attribute or TensorFlow's
        ``output_shape`` (spatial sizes); the pads are generated from it.
    padding_mode : {"zeros", "reflect", "replicate", "circular"}, default "zeros"
        What the padding holds (PyTorch's names; a convolution only).  The
        pads must fit the input (reflect: each smaller than the input,
        circular: at most the input); each framework's way then pads in that
        mode: ``nn.Conv*d(padding_mode=...)`` or ``F.pad(mode=...)``, an
        ONNX ``Pad`` node before the ``Conv``, ``tf.pad`` (reflect only).

    Returns
    -------
    PaddingTranslation
        ``.pads``, ``.output_padding``, ``.output_size``, ``.geometry`` and
        ``.ways[framework]`` (a :class:`FrameworkPadding`: arguments, a
        pre-padding, or why it cannot).

    Raises
    ------
    SymconvError
        A padding the framework does not take (PyTorch ``"same"`` with
        stride > 1, ONNX pads of the wrong length, ...), an ``output_shape``
        the framework refuses or that needs cells before the output,
        ``output_padding``/``output_shape`` for a plain convolution, or a
        kernel larger than the padded input.  ``.parameter`` names the argument.
    TypeError
        A framework name or size of the wrong kind.

    Examples
    --------
    TensorFlow's "same" is ONNX SAME_UPPER; PyTorch writes it with ``F.pad``
    (its own "same" refuses stride 2):

    >>> t = translate_padding("tensorflow", "same", input_size=(7, 6), kernel_size=3, stride=2)
    >>> t.pads, t.output_size
    (((1, 1), (0, 1)), (4, 3))
    >>> print(t)
    pads (before, after) per axis: ((1, 1), (0, 1))
    output size: (4, 3)
    torch: padding=0 after pre-padding (0, 1, 1, 1) (asymmetric pads: x = F.pad(x, pre_pad) first)
    onnx: auto_pad='SAME_UPPER' (= pads [1, 0, 1, 1] at this input size)
    tensorflow: padding='same'

    An ONNX ConvTranspose with ``output_shape``: the full output of 7 cells
    loses its last one, which PyTorch's ConvTranspose cannot do (it crops
    both ends alike):

    >>> t = translate_padding("onnx", "SAME_UPPER", input_size=3, kernel_size=3, stride=2, transposed=True, output_shape=6)
    >>> t.pads, t.output_padding, t.ways["torch"].expressible
    (((0, 1),), (0,), False)
    >>> t.ways["tensorflow"].arguments
    {'padding': 'SAME', 'output_shape': (6,)}
    >>> translate_padding("onnx", "SAME_LOWER", input_size=3, kernel_size=3, stride=2, transposed=True).ways["torch"].arguments
    {'padding': 1, 'output_padding': 1}

    Reflect padding, which ONNX and TensorFlow write as a padding step first:

    >>> print(translate_padding("torch", 1, input_size=(5, 5), kernel_size=3, stride=2, padding_mode="reflect"))
    pads (before, after) per axis: ((1, 1), (1, 1))
    padding_mode: reflect
    output size: (3, 3)
    torch: padding=1, padding_mode='reflect' (nn.Conv*d; F.conv*d has no padding_mode)
    onnx: auto_pad='VALID' after pre-padding (0, 0, 1, 1, 0, 0, 1, 1) (Conv pads with zeros: Pad(mode='reflect', pads=pre_pad) first)
    tensorflow: padding='valid' after pre-padding ((1, 1), (1, 1)) (x = tf.pad(x, [[0, 0], *pre_pad, [0, 0]], mode='REFLECT') first, channels last)

    See Also
    --------
    symconv.Geometry.pads, symconv.conv_output_size, symconv.conv_transpose_output_size
    """
    source = _framework(framework)
    transposed = as_bool(transposed, "transposed")
    ndim = _ndim(input_size, kernel_size, stride, dilation, output_padding, output_shape,
                 padding if source == "torch" and is_sequence(plain(padding)) else None)
    sizes = tuple(as_shape(input_size, "input_size", ndim=ndim))
    kernels = _axes(kernel_size, ndim, "kernel_size")
    strides = _axes(stride, ndim, "stride")
    dilations = _axes(dilation, ndim, "dilation")
    keffs = tuple(d * (k - 1) + 1 for k, d in zip(kernels, dilations))
    if not transposed:
        for name, value in (("output_padding", output_padding), ("output_shape", output_shape)):
            if value is not None:
                raise SymconvError(f"{name}: only a transposed convolution takes {name}, got {short(value)}", parameter=name)
        read = {"torch": _torch_conv, "onnx": _onnx_conv, "tensorflow": _tf_conv}[source]
        pads = read(padding, sizes, strides, keffs)
        ops = (0,) * ndim
    else:
        if output_shape is not None:
            output_shape = tuple(as_shape(output_shape, "output_shape", ndim=ndim))
        if source == "tensorflow":
            keras = None if output_padding is None else _axes(output_padding, ndim, "output_padding", minimum=0)
            pads, ops = _tf_transposed(padding, sizes, strides, keffs, keras, output_shape)
        else:
            ops = (0,) * ndim if output_padding is None else _axes(output_padding, ndim, "output_padding", minimum=0)
            if source == "torch":
                if output_shape is not None:
                    raise SymconvError("output_shape: PyTorch's conv_transpose takes output_padding, not output_shape, "
                                       f"got {short(output_shape)}", parameter="output_shape")
                if isinstance(plain(padding), str):
                    raise SymconvError(f"padding: PyTorch's conv_transpose takes ints only, got {short(padding)}",
                                       parameter="padding")
                pads = _torch_conv(padding, sizes, strides, keffs)
            else:
                pads, ops = _onnx_transposed(padding, sizes, strides, keffs, ops, output_shape)
    try:
        geometry = Geometry(kernels, strides, pads, dilations, output_padding=ops, transposed=transposed,
                            padding_mode=padding_mode, ndim=ndim)
    except SymconvError as error:
        if error.parameter == "output_padding" and output_shape is not None:  # the extra cells came from output_shape
            raise SymconvError(f"output_shape: {short(output_shape)} leaves {ops} cells of output padding: {error.detail}",
                               parameter="output_shape") from None
        raise
    out = geometry.output_size(sizes)
    if transposed and output_shape is not None and tuple(out) != tuple(output_shape):  # pragma: no cover - by construction
        raise SymconvError(f"output_shape: the pads give {out}, not {output_shape}", parameter="output_shape")
    ways = {
        "torch": _torch_way(geometry, pads, ops, sizes),
        "onnx": _onnx_way(geometry, pads, ops, sizes),
        "tensorflow": _tf_way(geometry, pads, ops, sizes, out),
    }
    if geometry.padding_mode != "zeros" and any(b or a for b, a in pads):  # without pads, the mode changes nothing
        ways = {name: _with_mode(way, geometry, pads) for name, way in ways.items()}
    return PaddingTranslation(source, pads, tuple(ops), tuple(out), geometry, ways)

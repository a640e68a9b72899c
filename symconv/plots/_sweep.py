"""What each frame of a convolution animation shows, without drawing it.

A :class:`Sweep` is one geometry over one input, read frame by frame: which
cells the input plane holds (input, padding, the zeros a transposed
convolution inserts), which cells the window of output cell ``step`` covers,
which output cells are done, and in numeric mode the numbers -- the value of
every input cell, the kernel value at every tap, the window's products and
their sum (or the max or mean of a pooling window) written out.  The
renderers of :mod:`symconv.plots.animate` (matplotlib and TikZ) and the
explorer of :mod:`symconv.plots.explorer` read the same sweep, so a frame, its
TikZ twin and the explorer's text cannot disagree.

Coordinates are the input plane's own ``(column, row)``: input cell ``j`` of a
direct convolution sits at ``j``, padding at negative positions or past the
end; a transposed convolution is drawn as the guide draws it, as the direct
convolution with stride 1 over the input with ``s - 1`` zeros inserted between
neighbouring cells (input cell ``j`` at ``j * s``) and ``d(k-1) - p`` cells of
padding on each side, plus ``output_padding`` at the end.  Its window then
carries the kernel rotated by 180 degrees: tap ``u`` of the window reads
position ``o - (d(k-1) - p) + u d``, which is ``j s`` exactly when input ``j``
reaches output ``o`` through tap ``k - 1 - u`` (``j s - p + t d = o``).

Every size comes from :class:`symconv.Geometry`; NumPy is the only import.

References
----------
.. [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285, chapters 2-4 and their figures.
"""

from __future__ import annotations

import copy
import math
import numbers
from typing import NamedTuple

from .._errors import SymconvError
from .._i18n import translate
from .._layout import growing_parameters, pad_source
from .._output.numbers import int_text
from .._validate import is_sequence, plain
from ..geometry import Geometry

__all__ = ["OPERATIONS", "MAX_CELLS", "Sweep", "number_text", "key_steps", "lift_1d"]

#: What a numeric frame computes in its window: a convolution's products and sum, or a pooling.
OPERATIONS = ("conv", "max", "mean")

#: The minus sign of the frames' numbers (U+2212, as typeset maths writes it).
MINUS = "\u2212"
#: The product sign of the written-out sums (U+00B7, a middle dot: ``0·0 + 1·1``).
TIMES = "\u00b7"

#: Most cells of input plane (input, padding, inserted zeros) a frame draws.
MAX_CELLS = 40_000

# a frame draws each number in one cell: more digits would not be read
_MAX_VALUE_DIGITS = 15


class _Axis(NamedTuple):
    """One spatial axis of the picture, in the input plane's own coordinates.

    Input cell ``j`` sits at ``j * spacing`` (spacing is the stride for a
    transposed convolution, whose zeros fill the gaps); the drawn plane spans
    ``[lo, hi)``; the window of output cell ``o`` starts at
    ``o * window_stride + window_start`` and its taps are ``dilation`` apart.
    """

    n_in: int
    n_out: int
    kernel: int
    dilation: int
    spacing: int
    window_stride: int
    window_start: int
    lo: int
    hi: int

    def kind(self, x: int) -> str:
        last = (self.n_in - 1) * self.spacing
        if x < 0 or x > last:
            return "padding"
        return "input" if x % self.spacing == 0 else "zero"

    def taps(self, o: int) -> list:
        start = o * self.window_stride + self.window_start
        return [start + t * self.dilation for t in range(self.kernel)]


def _axes(geometry: Geometry, input_size: tuple) -> tuple:
    output_size = geometry.output_size(input_size)
    pads = geometry.pads(input_size)
    axes = []
    for axis, (i, o, (pb, pa), k, s, d, keff, op) in enumerate(
        zip(
            input_size,
            output_size,
            pads,
            geometry.kernel_size,
            geometry.stride,
            geometry.dilation,
            geometry.effective_kernel_size,
            geometry.output_padding,
        )
    ):
        if not geometry.transposed:
            axes.append(_Axis(i, o, k, d, 1, s, -pb, -pb, i + pa))
            continue
        # the equivalent direct convolution pads the zero-inserted input by keff-1-p
        before, after = keff - 1 - pb, keff - 1 - pa + op
        if before < 0 or after < 0:
            raise SymconvError(
                f"padding: a transposed convolution is drawn as a direct one over the zero-inserted input, "
                f"padded by d(k-1)-p = {keff - 1}-p on each side; expected padding of at most {keff - 1} "
                f"(before) and {keff - 1 + op} (after, with output_padding {op}) on axis {axis}, got ({pb}, {pa})",
                parameter="padding",
            )
        axes.append(_Axis(i, o, k, d, s, 1, -before, -before, (i - 1) * s + 1 + after))
    return tuple(axes)


def lift_1d(geometry: Geometry, input_size: tuple):
    """A 1-D geometry drawn as a 2-D one with a single row."""
    ((pb, pa),) = geometry.pads(input_size)
    lifted = Geometry(
        (1, geometry.kernel_size[0]),
        (1, geometry.stride[0]),
        ((0, 0), (pb, pa)),
        (1, geometry.dilation[0]),
        output_padding=(0, geometry.output_padding[0]),
        transposed=geometry.transposed,
        padding_mode=geometry.padding_mode,
    )
    return lifted, (1, input_size[0])


def key_steps(output_size) -> tuple:
    """The key frames of an animation: the first step, the next one along the row (the stride), the first of
    the next row (the stride down), and the last.

    Examples
    --------
    >>> key_steps((3, 3)), key_steps((2, 2)), key_steps((1, 5)), key_steps((5,)), key_steps((1, 1))
    ((0, 1, 3, 8), (0, 1, 2, 3), (0, 1, 4), (0, 1, 4), (0,))
    """
    rows, cols = output_size if len(output_size) == 2 else (1, output_size[0])
    last = rows * cols - 1
    return tuple(sorted({0, min(1, last), cols if rows > 1 else last, last}))


def number_text(value) -> str:
    """A number as a frame writes it: integers in full, other values to 3 significant digits, a true minus.

    Examples
    --------
    >>> number_text(19), number_text(19.0), number_text(-2), number_text(5 / 3), number_text(0.5)
    ('19', '19', '−2', '1.67', '0.5')
    """
    if isinstance(value, numbers.Integral):
        text = str(int(value))
    else:
        value = float(value)
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.3g}"
    return text.replace("-", MINUS)


def _factor(value) -> str:
    """A second factor of a product: negative numbers in parentheses, ``2·(−1)``."""
    text = number_text(value)
    return f"({text})" if text.startswith(MINUS) else text


def _one(values) -> str:
    return str(values[0]) if len(set(values)) == 1 else "(" + ", ".join(map(str, values)) + ")"


def _padding_text(pads) -> str:
    if all(pb == pa for pb, pa in pads):
        return _one([pb for pb, _ in pads])
    return "(" + ", ".join(f"{pb}|{pa}" for pb, pa in pads) + ")"


def _numbers(array, shape: tuple, name: str, default: bool):
    """``array`` as a NumPy array of ``shape`` (ints or floats, finite); the default ``arange`` when None."""
    import numpy as np

    if array is None:
        return np.arange(math.prod(shape)).reshape(shape) if default else None
    array = plain(array)
    if isinstance(array, (str, bytes)) or not (is_sequence(array) or isinstance(array, np.ndarray)):
        raise TypeError(f"{name}: expected an array of numbers of shape {shape}, got {type(array).__name__}")
    try:
        values = np.asarray(array)
    except ValueError as error:  # ragged nesting
        raise SymconvError(f"{name}: expected an array of numbers of shape {shape}, got a ragged list",
                           parameter=name) from error
    if values.dtype.kind not in "iuf":
        raise TypeError(f"{name}: expected an array of ints or floats of shape {shape}, got dtype {values.dtype}")
    if values.shape != tuple(shape):
        raise SymconvError(f"{name}: expected an array of shape {shape}, got shape {values.shape}", parameter=name)
    if values.dtype.kind == "f" and not np.isfinite(values).all():
        raise SymconvError(f"{name}: expected finite numbers, got {values[~np.isfinite(values)][0]}", parameter=name)
    if values.dtype.kind in "iu" and values.size and np.abs(values.astype(object)).max() >= 10**_MAX_VALUE_DIGITS:
        raise SymconvError(
            f"{name}: expected numbers of at most {_MAX_VALUE_DIGITS} digits (one per cell of a frame), "
            f"got {number_text(np.abs(values.astype(object)).max())}",
            parameter=name,
        )
    return values


class Sweep:
    """One geometry over one input, frame by frame: what every frame shows.

    Parameters
    ----------
    geometry : Geometry
        A validated 1-D or 2-D geometry with concrete sizes.
    input_size : tuple of int
        One int per axis.
    numeric : bool
        Write numbers: input values in the cells, the window's kernel values
        and its products and sum (or max, or mean), the output values.
    values, weights : array or None
        The input (``input_size``) and kernel (``kernel_size``) values; by
        default ``0, 1, 2, ...`` in row-major order (the d2l example: 0..8
        and 0..3 give 19 25 37 43).  Pooling takes no weights.
    operation : {"conv", "max", "mean"}
        What the window computes in numeric mode.  ``"max"`` ignores padding
        (PyTorch pads with -inf), ``"mean"`` counts it (``count_include_pad``).
    static : bool
        Only the current output cell is drawn filled (a frame for a slide).
    lang : {"en", "zh"}
        The language of titles and labels.
    """

    def __init__(self, geometry: Geometry, input_size: tuple, *, numeric: bool = False, values=None, weights=None,
                 operation: str = "conv", static: bool = False, lang: str = "en"):
        self.original = geometry
        self.original_input_size = input_size
        self.output_size_nd = geometry.output_size(input_size)
        self.lang = lang
        if geometry.ndim == 1:
            geometry, input_size = lift_1d(geometry, input_size)
        self.geometry, self.input_size = geometry, input_size
        self.rows, self.cols = self.axes = _axes(geometry, input_size)
        cells = (self.rows.hi - self.rows.lo) * (self.cols.hi - self.cols.lo)
        if cells > MAX_CELLS:  # refused before a cell is listed: a frame of more would not be read anyway
            names = growing_parameters(self.original)
            raise SymconvError(
                f"{names}: a frame would draw {int_text(cells, grouped=True)} cells of input plane (the input "
                f"with its padding{' and inserted zeros' if geometry.transposed else ''}), more than "
                f"{MAX_CELLS:,}; draw a smaller configuration", parameter=names)
        self.output_size = (self.rows.n_out, self.cols.n_out)
        self.n_steps = self.rows.n_out * self.cols.n_out
        self.transposed = geometry.transposed
        self.numeric = numeric
        self.static = static
        self.operation = operation
        if operation != "conv" and geometry.transposed:
            raise SymconvError(f"operation: pooling is drawn for a direct geometry, got operation={operation!r} "
                               "with transposed=True", parameter="operation")
        if operation != "conv" and geometry.padding_mode != "zeros":
            raise SymconvError(f"padding_mode: pooling pads with zeros (-inf for max pooling), as in PyTorch; got "
                               f"{geometry.padding_mode!r} with operation={operation!r}", parameter="padding_mode")
        if operation != "conv" and weights is not None:
            raise SymconvError(f"weights: pooling ({operation!r}) takes no kernel values, got weights",
                               parameter="weights")
        nd_input, nd_kernel = tuple(self.original_input_size), tuple(self.original.kernel_size)
        self.values = _numbers(values, nd_input, "values", numeric)
        self.weights = _numbers(weights, nd_kernel, "weights", numeric and operation == "conv")
        if numeric:
            self.values = self.values.reshape(input_size)
            if self.weights is not None:
                self.weights = self.weights.reshape(geometry.kernel_size)
        self.cells = self._cells()
        if numeric and operation != "conv":
            for step in range(self.n_steps):
                if not any(self.kind(x, y) == "input" for x, y in self.window(step)):
                    r, c = divmod(step, self.cols.n_out)
                    raise SymconvError(
                        f"padding: every pooling window must cover an input cell; the window of output cell "
                        f"({r}, {c}) lies in the padding, got padding {self.original.padding}", parameter="padding")

    # --- cells and windows -----------------------------------------------------------------

    def kind(self, x: int, y: int) -> str:
        kinds = (self.rows.kind(y), self.cols.kind(x))
        return "padding" if "padding" in kinds else ("input" if kinds == ("input", "input") else "zero")

    def _cells(self) -> dict:
        cells = {"input": [], "padding": [], "zero": []}
        for y in range(self.rows.lo, self.rows.hi):
            for x in range(self.cols.lo, self.cols.hi):
                cells[self.kind(x, y)].append((x, y))
        return {kind: tuple(positions) for kind, positions in cells.items()}

    def position(self, step: int) -> tuple:
        """``(row, column)`` of output cell ``step``."""
        return divmod(step, self.cols.n_out)

    def window(self, step: int) -> tuple:
        """The cells the taps of output cell ``step`` read, ``(x, y)`` in row-major tap order."""
        r, c = self.position(step)
        return tuple((x, y) for y in self.rows.taps(r) for x in self.cols.taps(c))

    def span(self, step: int) -> tuple:
        """``(x0, y0, x1, y1)``: the rectangle around the window (its first and last tap)."""
        r, c = self.position(step)
        ys, xs = self.rows.taps(r), self.cols.taps(c)
        return xs[0], ys[0], xs[-1] + 1, ys[-1] + 1

    def output_cells(self, step: int) -> dict:
        """``(column, row)`` of the output cells that are done, current and pending at ``step``."""
        order = [(x, y) for y in range(self.rows.n_out) for x in range(self.cols.n_out)]
        done = () if self.static else tuple(order[:step])
        pending = tuple(order[step + 1 :]) + (tuple(order[:step]) if self.static else ())
        return {"done": done, "current": tuple(order[step : step + 1]), "pending": pending}

    def input_index(self, x: int, y: int) -> tuple:
        """The index into the input of an input cell at ``(x, y)`` (the zeros' spacing undone)."""
        return y // self.rows.spacing, x // self.cols.spacing

    # --- numbers -------------------------------------------------------------------------------

    def copies(self, x: int, y: int):
        """The input cell ``(x, y)`` a padding cell copies in reflect, replicate or circular mode, else None.

        From :func:`symconv._layout.pad_source` (such modes are never transposed: the spacing is 1).
        """
        mode = self.geometry.padding_mode
        if mode == "zeros" or self.kind(x, y) != "padding":
            return None
        return pad_source(x, self.cols.n_in, mode), pad_source(y, self.rows.n_in, mode)

    def value(self, x: int, y: int):
        """The number a cell holds: the input's value (the copied one's in a copying padding), or 0 for zeros."""
        copied = self.copies(x, y)
        if copied is not None:
            x, y = copied
        elif self.kind(x, y) != "input":
            return 0
        return self.values[self.input_index(x, y)].item()

    def tap_weights(self) -> tuple:
        """The kernel value each tap of the window multiplies, in the window's row-major order.

        A transposed convolution's window carries the kernel rotated by 180 degrees (see the module).
        """
        if self.weights is None:
            return ()
        kernel = self.weights[::-1, ::-1] if self.transposed else self.weights
        return tuple(v.item() for v in kernel.ravel())

    def result(self, step: int):
        """The output value of cell ``step`` and its computation written out, e.g. ``0·0 + 1·1 + 3·2 + 4·3 = 19``.

        The text has one line per kernel row (a single line for a 1-D kernel).
        """
        taps = self.window(step)
        per_line = self.cols.kernel
        if self.operation == "conv":
            terms = [(self.value(x, y), w) for (x, y), w in zip(taps, self.tap_weights())]
            total = sum(v * w for v, w in terms)
            texts = [f"{number_text(v)}{TIMES}{_factor(w)}" for v, w in terms]
            lines = [" + ".join(texts[i : i + per_line]) for i in range(0, len(texts), per_line)]
            return total, " +\n".join(lines) + f" = {number_text(total)}"
        if self.operation == "max":
            read = [[self.value(x, y) for x, y in taps[i : i + per_line] if self.kind(x, y) == "input"]
                    for i in range(0, len(taps), per_line)]
            total = max(v for line in read for v in line)
            lines = [", ".join(map(number_text, line)) for line in read if line]
            return total, "max(" + ",\n".join(lines) + f") = {number_text(total)}"
        terms = [self.value(x, y) for x, y in taps]
        total = sum(terms) / len(terms)
        lines = [" + ".join(map(number_text, terms[i : i + per_line])) for i in range(0, len(terms), per_line)]
        return total, "(" + " +\n".join(lines) + f")/{len(terms)} = {number_text(total)}"

    def output_values(self, step: int) -> dict:
        """``(column, row)`` -> value of the output cells written at ``step`` (the done ones and the current)."""
        cells = self.output_cells(step)
        shown = cells["done"] + cells["current"]
        return {(c, r): self.result(r * self.cols.n_out + c)[0] for c, r in shown}

    # --- words ---------------------------------------------------------------------------------

    def in_language(self, lang: str) -> "Sweep":
        """The same sweep with its words in ``lang`` (the frames' layout measures both languages)."""
        if lang == self.lang:
            return self
        other = copy.copy(self)
        other.lang = lang
        return other

    def title_lines(self) -> tuple:
        """The frame title, one or two lines: the kind of convolution, then the guide's notation.

        A direct convolution: ``conv  i=5 k=3 s=2 p=1  →  o=3`` (``d``, ``a`` when not 1 and 0).  A
        transposed one in the guide's primed notation, with the convolution it transposes below:
        ``transposed conv  i'=3 k'=3 s'=1 p'=1  →  o'=5`` / ``of conv  i=5 k=3 s=2 p=1  →  o=3``.
        Pooling: ``max pooling  i=5 k=3 s=1 p=0  →  o=3``.
        """
        geometry, input_size = self.original, self.original_input_size
        output_size = self.output_size_nd
        pads = geometry.pads(input_size)
        dilated = any(d != 1 for d in geometry.dilation)
        if not geometry.transposed:
            parts = [f"i={_one(input_size)}", f"k={_one(geometry.kernel_size)}", f"s={_one(geometry.stride)}",
                     f"p={_padding_text(pads)}"]
            if dilated:
                parts.append(f"d={_one(geometry.dilation)}")
            if geometry.padding_mode != "zeros":  # PyTorch's name of the mode: the same in every language
                parts.append(geometry.padding_mode)
            kind = {"conv": "conv", "max": "max pooling", "mean": "average pooling"}[self.operation]
            kind = translate(kind, self.lang)
            return (f"{kind}  " + " ".join(parts) + f"  \u2192  o={_one(output_size)}",)
        # the guide's associated convolution: k' = k, s' = 1, p' = d(k-1) - p (a more at the end)
        primed_pads = [(keff - 1 - pb, keff - 1 - pa) for (pb, pa), keff in zip(pads, geometry.effective_kernel_size)]
        parts = [f"i'={_one(input_size)}", f"k'={_one(geometry.kernel_size)}", "s'=1",
                 f"p'={_padding_text(primed_pads)}"]
        if dilated:
            parts.append(f"d'={_one(geometry.dilation)}")
        if any(geometry.output_padding):
            parts.append(f"a={_one(geometry.output_padding)}")
        first = f"{translate('transposed conv', self.lang)}  " + " ".join(parts) + f"  \u2192  o'={_one(output_size)}"
        direct = [f"i={_one(output_size)}", f"k={_one(geometry.kernel_size)}", f"s={_one(geometry.stride)}",
                  f"p={_padding_text(pads)}"]
        if dilated:
            direct.append(f"d={_one(geometry.dilation)}")
        notation = " ".join(direct) + f"  \u2192  o={_one(input_size)}"
        return first, translate("of conv  {notation}", self.lang).format(notation=notation)

    def labels(self) -> tuple:
        """The names of the two planes, ``("input", "output")`` (in the sweep's language)."""
        return translate("input", self.lang), translate("output", self.lang)

    def step_caption(self, step: int) -> str:
        """``step 4/9``: a strip's caption under each frame (1-based, as a reader counts)."""
        return translate("step {step}/{count}", self.lang).format(step=step + 1, count=self.n_steps)

    # --- the matrix view -----------------------------------------------------------------------

    def matrix_titles(self, step: int) -> tuple:
        """What the matrix view says: which matrix, and which of its rows (or columns) is this step's."""
        if self.transposed:
            return ("C", translate("column {index} of C = row {index} of Cᵀ", self.lang).format(index=step))
        return ("C", translate("row {index} of C", self.lang).format(index=step))

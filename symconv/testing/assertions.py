"""Assertions that compare someone's convolution with symconv's reference, and say what went wrong.

Each ``assert_*_matches(fn, ...)`` runs the reference of
:mod:`symconv.numeric` on the arguments (a bad argument is refused there,
with the usual one-line :class:`symconv.SymconvError` naming it), calls
``fn`` on copies of them with the same keyword arguments, and compares:
shape, dtype (``check_dtype``) and every value, at a tolerance chosen from
the dtype.  On a mismatch it raises :class:`AssertionError` saying the
geometry, the shapes, how many values differ, where the first differences
are and by how much, where along each spatial axis they lie -- and which
known mistake the pattern looks like.

The diagnosis is not guessed from the numbers: each known mistake (kernel
flipped, padding on the wrong side, ``output_padding`` at the start, groups
interleaved, stride and dilation swapped, bias dropped, ``ceil_mode``
keeping a window that starts in the padding, ``count_include_pad``
ignored, ``padding_mode`` ignored -- zeros where ``reflect`` was asked -- or
another mode in its place, reflect written as NumPy's ``symmetric``, ...) is
*applied* -- the reference is run again with the mistake
made -- and named when that reproduces the result.  Then come the patterns
that need no rerun: an output size off by one with the common cells
agreeing, a constant factor (a mean instead of a sum, a sign), a result
right only to float32 (or float16) precision, swapped spatial axes,
channels-last output.

Tolerance
---------
Integer results must be exact.  For floats the reference is computed in
float64 and each value ``y = sum_j a_j b_j`` of ``K`` terms may differ by
``(K + 2) * eps * sum_j |a_j b_j|`` (the classical bound of a dot product
of ``K`` terms in the dtype's precision, with a factor 2 to spare), where
``eps`` is the machine epsilon of the result's dtype.  So float32 results of
any summation order pass, and a float64 result computed in float32 fails.
Max pooling is exact.  ``rtol``/``atol`` replace this with
``|got - expected| <= atol + rtol * |expected|`` (e.g. for an FFT-based
implementation, whose rounding is relative to the whole signal).

Examples
--------
>>> import numpy as np
>>> from symconv.testing import assert_conv_matches
>>> def flipped(x, w, **kwargs):            # a true convolution, where CNNs correlate
...     import symconv as sc
...     return sc.numeric.conv(x, w[..., ::-1], **kwargs)
>>> x, w = np.arange(10.0).reshape(1, 1, 10), np.array([[[1.0, 2.0, 4.0]]])
>>> assert_conv_matches(flipped, x, w, padding=1)
Traceback (most recent call last):
...
AssertionError: conv: 10 of 10 values differ from symconv.numeric.conv
  call: fn(x, w, padding=1)
  geometry: kernel (3,), stride (1,), padding (1,), dilation (1,)
  shapes: x (1, 1, 10) float64, w (1, 1, 3) float64 -> (1, 1, 10) float64
  largest difference 24 at [0, 0, 9]: got 50, expected 26
  first differences (index: got / expected):
    [0, 0, 0]: 1 / 4
    [0, 0, 1]: 4 / 10
    [0, 0, 2]: 11 / 17
    [0, 0, 3]: 18 / 24
    [0, 0, 4]: 25 / 31
  where: axis 2: all 10 positions
  looks like: the kernel flipped -- your function computes a true convolution, but 'conv' in deep learning is cross-correlation (symconv.numeric.convolve is the flipped one)
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from .. import numeric
from .._errors import SymconvError
from .._validate import as_bool, as_real, short
from ..geometry import Geometry
from .cases import _values

__all__ = [
    "assert_conv_matches",
    "assert_conv_transpose_matches",
    "assert_max_pool_matches",
    "assert_avg_pool_matches",
    "assert_deform_conv2d_matches",
    "assert_conv_grad_input_matches",
    "assert_conv_grad_weight_matches",
    "assert_conv_grad_bias_matches",
    "assert_correlate_matches",
    "assert_convolve_matches",
]

_SHOWN = 5  # first differences listed


# ----------------------------------------------------------------------------
# arrays and text
# ----------------------------------------------------------------------------


def _as_result(value, name: str) -> np.ndarray:
    """What ``fn`` returned as a NumPy array (a torch tensor is detached and moved to the CPU)."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):
        value = value.detach().cpu().numpy()
    try:
        array = np.asarray(value)
    except Exception as error:  # noqa: BLE001 - anything that is no array is a failed check
        raise AssertionError(f"{name}: the function returned {type(value).__name__}, not an array: {error}") from error
    if array.dtype.kind not in "biufc":
        raise AssertionError(f"{name}: the function returned a {array.dtype} array {short(value)}, not numbers")
    return array


def _num(value) -> str:
    if isinstance(value, (complex, np.complexfloating)):
        return f"{complex(value):.6g}"
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}" if isinstance(value, (float, np.floating)) else str(value)


def _index(index) -> str:
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


def _shape(array) -> str:
    return f"{tuple(array.shape)} {array.dtype}"


def _value_text(value) -> str:
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape}"
    return repr(value)


def _call_text(positional: list[str], kwargs: dict) -> str:
    parts = list(positional) + [f"{k}={_value_text(v)}" for k, v in kwargs.items()]
    return "fn(" + ", ".join(parts) + ")"


def _geometry_text(geometry: Geometry, spatial) -> str:
    pads = geometry.pads(spatial)
    padding = geometry.padding
    if padding == "same":
        padding_text = f"'same' = pads {pads}"
    elif all(b == a for b, a in pads):
        padding_text = str(tuple(b for b, _ in pads))
    else:
        padding_text = str(pads)
    parts = [f"kernel {geometry.kernel_size}", f"stride {geometry.stride}", f"padding {padding_text}",
             f"dilation {geometry.dilation}"]
    if geometry.groups != 1:
        parts.append(f"groups {geometry.groups}")
    if geometry.transposed:
        parts.append(f"output_padding {geometry.output_padding}")
    if geometry.ceil_mode:
        parts.append("ceil_mode")
    if geometry.padding_mode != "zeros":
        parts.append(f"padding_mode {geometry.padding_mode!r}")
    return ", ".join(parts)


# ----------------------------------------------------------------------------
# the comparison
# ----------------------------------------------------------------------------


@dataclass
class _Problem:
    """What one operation needs to compare and diagnose."""

    name: str  # "conv"
    reference: str  # "symconv.numeric.conv"
    call: str  # "fn(x, w, padding=1)"
    geometry: str  # the geometry line, or ""
    inputs: str  # "x (1, 1, 10) float64, w (1, 1, 3) float64"
    expected: np.ndarray  # the reference in the result's dtype
    exact: np.ndarray  # the reference in float64 (complex128) for floats, else the same as expected
    magnitude_of: object  # callable() -> the same sums of |terms| in float64, or None for exact results
    terms: int  # terms per value (K)
    mistakes_of: object  # callable() -> [(description, candidate() -> array or None)], built on a failure only
    spatial_from: int = 2  # first spatial axis of the result
    sizes: object = None  # callable(axis, got, expected) -> text explaining the output size, or None
    factors: tuple = ()  # (value, why) constant factors worth naming
    probe: object = None  # callable() -> (problem, got) for a larger case of the same geometry, or None

    @functools.cached_property
    def magnitude(self):
        """``sum |a_j b_j|`` per value, computed when a value is not clearly right (None: exact comparison)."""
        return None if self.magnitude_of is None else self.magnitude_of()

    @functools.cached_property
    def mistakes(self):
        return self.mistakes_of()


def _eps(dtype) -> float:
    return float(np.finfo(dtype).eps) if np.dtype(dtype).kind in "fc" else 0.0


def _bound(problem: _Problem, dtype, *, quick=False) -> np.ndarray | float:
    """Allowed |got - exact| per value for a result of ``dtype``.

    ``quick`` puts ``|exact|`` (never more than the sum of the terms'
    magnitudes) in place of that sum: a stricter bound that needs no more
    work, enough for almost every right result.
    """
    if problem.magnitude_of is None or np.dtype(dtype).kind not in "fc":
        return 0.0
    eps = _eps(dtype)
    size = np.abs(problem.exact)
    return (problem.terms + 2) * eps * (size if quick else problem.magnitude) + eps * size


def _close(got, exact, bound, rtol, atol) -> np.ndarray:
    """Elementwise agreement; NaN agrees with NaN and infinities with themselves."""
    got_c = got.astype(np.result_type(got.dtype, np.float64), copy=False)
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(got_c - exact)
        if rtol is not None or atol is not None:
            allowed = (atol or 0.0) + (rtol or 0.0) * np.abs(exact)
        else:
            allowed = bound
        ok = diff <= allowed
    both_nan = np.isnan(got_c) & np.isnan(exact) if got_c.dtype.kind in "fc" else np.zeros(got.shape, bool)
    same_inf = np.isinf(exact) & (got_c == exact)
    return ok | both_nan | same_inf


def _matches(candidate, got, bound_scalar) -> bool:
    """Whether a mistake's result reproduces ``got`` (one global bound: the shapes may differ from the reference's)."""
    if candidate is None or candidate.shape != got.shape:
        return False
    with np.errstate(invalid="ignore", over="ignore"):
        a = got.astype(np.result_type(got.dtype, np.float64), copy=False)
        b = candidate.astype(np.result_type(candidate.dtype, np.float64), copy=False)
        if np.any(np.isnan(a) != np.isnan(b)):
            return False
        agree = (a == b) | (np.abs(a - b) <= bound_scalar) | np.isnan(a)  # equal infinities, or within the bound
        return bool(np.all(agree))


def _positions(mask: np.ndarray, first_axis: int) -> str:
    """Where along each spatial axis the differences lie: '2: 0, 3 of 4; 3: all 5 positions'."""
    parts = []
    for axis in range(first_axis, mask.ndim):
        others = tuple(a for a in range(mask.ndim) if a != axis)
        hit = np.flatnonzero(mask.any(axis=others))
        n = mask.shape[axis]
        if len(hit) == n:
            parts.append(f"axis {axis}: all {n} positions")
        else:
            shown = ", ".join(map(str, hit[:8])) + (", ..." if len(hit) > 8 else "")
            parts.append(f"axis {axis}: positions {shown} of 0..{n - 1}")
    return "; ".join(parts)


def _report_values(got, exact, wrong, lines, spatial_from):
    got_c = got.astype(np.result_type(got.dtype, np.float64), copy=False)
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(got_c - exact)
    diff = np.where(wrong, np.nan_to_num(diff, nan=np.inf), 0)
    worst = np.unravel_index(int(np.argmax(diff)), diff.shape)
    lines.append(f"  largest difference {_num(diff[worst])} at {_index(worst)}: got {_num(got[worst])}, expected {_num(exact[worst])}")
    lines.append("  first differences (index: got / expected):")
    for index in np.argwhere(wrong)[:_SHOWN]:
        index = tuple(index)
        lines.append(f"    {_index(index)}: {_num(got[index])} / {_num(exact[index])}")
    if got.ndim > spatial_from:
        lines.append(f"  where: {_positions(wrong, spatial_from)}")


def _factor(got, exact) -> float | None:
    """``c`` with ``got == c * exact`` (least squares), or None."""
    if got.shape != exact.shape or got.dtype.kind == "c" or exact.dtype.kind == "c":
        return None
    a, b = got.astype(np.float64).ravel(), exact.astype(np.float64).ravel()
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return None
    norm = float(b @ b)
    return None if norm == 0 else float(a @ b) / norm


def _generic_patterns(problem: _Problem, got, wrong) -> list[str]:
    """Patterns found without rerunning: size off by one, a constant factor, precision, axes swapped, channels last."""
    exact = problem.exact
    found = []
    if got.shape != exact.shape:
        if got.ndim == exact.ndim:
            moved = np.moveaxis(exact, 1, -1) if exact.ndim > 2 else None
            if moved is not None and moved.shape == got.shape and _matches(moved, got, _scalar_bound(problem, got)):
                return ["the result is channels-last (N, *spatial, C); the layout is channels-first (N, C, *spatial)"]
            off = [a for a in range(got.ndim) if got.shape[a] != exact.shape[a]]
            if all(a >= problem.spatial_from for a in off) and all(abs(got.shape[a] - exact.shape[a]) == 1 for a in off):
                common = tuple(slice(0, min(g, e)) for g, e in zip(got.shape, exact.shape))
                agree = bool(np.all(_close(got[common], exact[common], _slice_bound(problem, got, common), None, None)))
                for a in off:
                    text = f"the output size is off by one on axis {a}: got {got.shape[a]}, expected {exact.shape[a]}"
                    if problem.sizes is not None:
                        text += f" ({problem.sizes(a - problem.spatial_from)})"
                    found.append(text)
                if agree:
                    found.append("the cells both results have agree: only the size is wrong")
        return found
    scale = _factor(got, exact)
    if scale is not None and abs(scale - 1) > 1e-6 and _matches(scale * exact, got, _scalar_bound(problem, got) * max(1.0, abs(scale))):
        why = [text for value, text in problem.factors if math.isclose(scale, value, rel_tol=1e-6)]
        if math.isclose(scale, -1.0, rel_tol=1e-6):
            why.append("the sign is flipped")
        found.append(f"the result is {_num(round(scale, 6))} times symconv's" + (f" ({'; '.join(why)})" if why else ""))
    spatial = got.ndim - problem.spatial_from
    if spatial >= 2 and not found:
        swapped = np.swapaxes(exact, -1, -2)
        if swapped.shape == got.shape and _matches(swapped, got, _scalar_bound(problem, got)):
            found.append("the last two spatial axes are swapped (rows and columns)")
    if problem.magnitude is not None and exact.dtype.kind in "fc" and not found:
        finite = np.isfinite(exact) & np.isfinite(got.astype(np.result_type(got.dtype, np.float64)))
        for lower in (np.float32, np.float16):
            if _eps(lower) <= _eps(problem.expected.dtype):
                continue
            bound = (problem.terms + 2) * _eps(lower) * problem.magnitude + _eps(lower) * np.abs(exact)
            if np.all(_close(got, exact, bound, None, None) | ~finite) and np.all(finite | ~wrong):
                found.append(
                    f"the values are right only to {np.dtype(lower).name} precision: computed or accumulated in "
                    f"{np.dtype(lower).name}, where the result is {problem.expected.dtype}"
                )
                break
    return found


def _scalar_bound(problem: _Problem, got) -> float:
    if problem.magnitude is None or got.dtype.kind not in "fc":
        return 0.0 if problem.magnitude is None else float((problem.terms + 2) * _eps(np.float64) * np.max(problem.magnitude, initial=0))
    eps = max(_eps(got.dtype), _eps(problem.expected.dtype))
    return float((problem.terms + 2) * eps * (np.max(problem.magnitude, initial=0) + np.max(np.abs(problem.exact), initial=0)))


def _slice_bound(problem: _Problem, got, common):
    bound = _bound(problem, got.dtype if got.dtype.kind in "fc" else problem.expected.dtype)
    return bound[common] if isinstance(bound, np.ndarray) else bound


def _key(description: str) -> str:
    """A mistake's name without its details, to find it again in the probe's list."""
    return description.split(" -- ")[0].split(":")[0]


def _reproduced(problem: _Problem, got) -> list[str]:
    """The descriptions of the known mistakes whose rerun gives ``got`` (and not the right answer)."""
    bound = _scalar_bound(problem, got)
    found = []
    for description, make in problem.mistakes:
        try:
            with np.errstate(all="ignore"):
                candidate = make()
        except (SymconvError, TypeError, ValueError, IndexError):
            continue  # the mistake cannot be made with this geometry
        if candidate is None:
            continue
        candidate = np.asarray(candidate)
        if candidate.shape == problem.exact.shape and _matches(candidate, problem.exact.astype(candidate.dtype), bound):
            continue  # the mistake changes nothing here
        if _matches(candidate, got, bound):
            found.append(description)
    return found


def _diagnose(problem: _Problem, got, wrong) -> list[str]:
    """The known mistakes that reproduce ``got``, then the generic patterns.

    A small case may fit several mistakes at once (with one input cell a
    flipped kernel and a pad on the wrong side give the same number); then
    the function is run once more on a larger input of the same geometry
    and only the mistakes that reproduce that too are kept.
    """
    found = _reproduced(problem, got)
    if len(found) > 1 and problem.probe is not None:
        try:
            probe = problem.probe()
        except (SymconvError, TypeError, ValueError, AssertionError):
            probe = None
        if probe is not None:
            keys = {_key(text) for text in _reproduced(*probe)}
            kept = [text for text in found if _key(text) in keys]
            found = kept or found
    return found or _generic_patterns(problem, got, wrong)


def _compare(problem: _Problem, got, *, rtol, atol, check_dtype) -> None:
    exact = problem.exact
    lines = []
    headline = None
    wrong = None
    if got.shape != exact.shape:
        headline = f"{problem.name}: the result has shape {tuple(got.shape)}, symconv.numeric gives {tuple(exact.shape)}"
    else:
        dtype = got.dtype if got.dtype.kind in "fc" else problem.expected.dtype
        wrong = ~_close(got, exact, _bound(problem, dtype, quick=True), rtol, atol)
        if wrong.any() and rtol is None and atol is None:
            wrong = ~_close(got, exact, _bound(problem, dtype), rtol, atol)
        if wrong.any():
            headline = f"{problem.name}: {int(wrong.sum())} of {wrong.size} values differ from {problem.reference}"
    dtype_wrong = check_dtype and got.dtype != problem.expected.dtype
    if headline is None and not dtype_wrong:
        return
    if headline is None:
        headline = f"{problem.name}: the values match {problem.reference} but the dtype does not"
    lines.append(headline)
    lines.append(f"  call: {problem.call}")
    if problem.geometry:
        lines.append(f"  geometry: {problem.geometry}")
    lines.append(f"  shapes: {problem.inputs} -> {_shape(problem.expected)}"
                 + ("" if got.shape == exact.shape and got.dtype == problem.expected.dtype else f", got {_shape(got)}"))
    if dtype_wrong:
        lines.append(f"  dtype: got {got.dtype}, expected {problem.expected.dtype} (symconv keeps the inputs' dtype, as PyTorch does; "
                     "check_dtype=False skips this)")
    if wrong is not None and wrong.any():
        _report_values(got, exact, wrong, lines, problem.spatial_from)
    if got.shape != exact.shape or (wrong is not None and wrong.any()):
        found = _diagnose(problem, got, wrong)
        for text in found:
            lines.append(f"  looks like: {text}")
    raise AssertionError("\n".join(lines))


# ----------------------------------------------------------------------------
# shared steps
# ----------------------------------------------------------------------------


def _callable(fn) -> None:
    if not callable(fn):
        raise TypeError(f"fn: expected the function to test (a callable), got {type(fn).__name__} {short(fn)}")


def _options(rtol, atol, check_dtype):
    if rtol is not None:
        rtol = as_real(rtol, "rtol", allow_zero=True)
    if atol is not None:
        atol = as_real(atol, "atol", allow_zero=True)
    return rtol, atol, as_bool(check_dtype, "check_dtype")


def _call(fn, name, args, kwargs, call):
    """Call ``fn`` on copies; its exception becomes the failure, with the call it failed on."""
    copies = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
    kw = {k: (np.array(v, copy=True) if isinstance(v, np.ndarray) else v) for k, v in kwargs.items()}
    try:
        result = fn(*copies, **kw)
    except Exception as error:
        hint = ""
        if isinstance(error, TypeError) and "padding_mode" in kwargs and "padding_mode" in str(error):
            hint = ("\n  note: the case has padding_mode, which the function does not take; the case drawers draw every "
                    "padding mode of a convolution unless told padding_modes=('zeros',)")
        raise AssertionError(f"{name}: the function raised {type(error).__name__}: {error}\n  call: {call}{hint}") from error
    for original, copy in zip(args, copies):
        if isinstance(original, np.ndarray) and isinstance(copy, np.ndarray) and copy.shape == original.shape:
            if not np.array_equal(copy, original, equal_nan=original.dtype.kind in "fc"):
                raise AssertionError(f"{name}: the function changed its input arrays in place\n  call: {call}")
    return _as_result(result, name)


def _wide(array):
    """float64 (complex128) copy of a float array, for the exact reference; integers unchanged."""
    array = np.asarray(array)
    if array.dtype.kind == "f":
        return array.astype(np.float64)
    if array.dtype.kind == "c":
        return array.astype(np.complex128)
    return array


def _exact(expected, wide):
    """The reference in float64 (complex128): ``expected`` itself when it is already, else ``wide()``."""
    return expected if expected.dtype in (np.float64, np.complex128) else wide()


def _abs(array):
    return None if array is None else np.abs(_wide(array)).astype(np.float64)


def _flip(w):
    return np.flip(w, axis=tuple(range(2, w.ndim)))


def _is_float(*arrays):
    return any(np.asarray(a).dtype.kind in "fc" for a in arrays if a is not None)


def _arr(value):
    return None if value is None else np.asarray(value)


def _interleave(count, groups):
    """Channel order of groups interleaved: group g holds channels g, g + groups, ... (instead of a block)."""
    return [c for g in range(groups) for c in range(g, count, groups)]


def _with(kwargs, **changes):
    out = dict(kwargs)
    for k, v in changes.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    return out


def _pads_swapped(pads):
    return tuple((a, b) for b, a in pads)


# ----------------------------------------------------------------------------
# convolution
# ----------------------------------------------------------------------------


_GEOMETRY_KWARGS = ("stride", "padding", "dilation", "groups", "output_padding", "padding_mode")


def _conv_geometry(x, w, kwargs, *, transposed):
    kw = {k: v for k, v in kwargs.items() if k in _GEOMETRY_KWARGS}
    return Geometry(w.shape[2:], transposed=transposed, ndim=w.ndim - 2, **kw)


def _size_text(geometry: Geometry, spatial):
    def explain(axis):
        i, k, s, d = spatial[axis], geometry.kernel_size[axis], geometry.stride[axis], geometry.dilation[axis]
        pb, pa = geometry.pads(spatial)[axis]
        if geometry.transposed:
            op = geometry.output_padding[axis]
            return f"(i-1)s - p_before - p_after + d(k-1) + output_padding + 1 = ({i}-1)*{s} - {pb} - {pa} + {d}*({k}-1) + {op} + 1"
        if geometry.ceil_mode:
            return (f"ceil((i + p_before + p_after - d(k-1) - 1)/s) + 1 = ceil(({i} + {pb} + {pa} - {d}*({k}-1) - 1)/{s}) + 1, "
                    "less one if the last window would start in the right padding")
        if geometry.padding == "same":
            return f"'same' gives ceil(i/s) = ceil({i}/{s})"
        return f"floor((i + p_before + p_after - d(k-1) - 1)/s) + 1 = floor(({i} + {pb} + {pa} - {d}*({k}-1) - 1)/{s}) + 1"

    return explain


def _rerun(transposed, x, w, bias=None, **kwargs):
    """The reference with a mistake's arguments; a geometry left with no output gives the empty array a loop would."""
    try:
        return (numeric.conv_transpose if transposed else numeric.conv)(x, w, bias, **kwargs)
    except SymconvError as error:
        if error.parameter not in ("kernel_size", "padding"):
            raise
        geometry = _conv_geometry(x, w, kwargs, transposed=transposed)
        sizes = geometry.output_size(x.shape[2:], check=False)
        if all(o >= 1 for o in sizes):
            raise
        c_out = w.shape[1] * geometry.groups if transposed else w.shape[0]
        return np.zeros((x.shape[0], c_out, *(max(o, 0) for o in sizes)))


def _conv_mistakes(x, w, bias, kwargs, geometry, spatial, *, transposed):
    """The known mistakes of convolution (``transposed=False``) or transposed convolution, each as a rerun."""

    def ref(*args, **kw):
        return _rerun(transposed, *args, **kw)

    x, w = _wide(x), _wide(w)
    bias = None if bias is None else _wide(bias)
    nd = w.ndim - 2
    pads = geometry.pads(spatial)
    groups = geometry.groups
    mistakes = []

    def add(text, make):
        mistakes.append((text, make))

    if transposed:
        add("the kernel not flipped -- a transposed convolution written as zero insertion + padding + convolution must "
            "flip the kernel (or scatter x * w)", lambda: ref(x, _flip(w), bias, **kwargs))
    else:
        add("the kernel flipped -- your function computes a true convolution, but 'conv' in deep learning is "
            "cross-correlation (symconv.numeric.convolve is the flipped one)", lambda: ref(x, _flip(w), bias, **kwargs))
    if nd > 1:
        for axis in range(2, w.ndim):
            add(f"the kernel flipped along axis {axis} only (w[..., ::-1] flips the last axis, not every spatial one)",
                lambda axis=axis: ref(x, np.flip(w, axis=axis), bias, **kwargs))
    if any(b != a for b, a in pads):
        if geometry.padding == "same":
            add("the padding on the wrong side -- 'same' with the odd extra pad at the start (ONNX SAME_LOWER); "
                f"symconv, ONNX SAME_UPPER, TensorFlow and PyTorch put it at the end: pads {pads}",
                lambda: ref(x, w, bias, **_with(kwargs, padding=_pads_swapped(pads))))
        elif kwargs.get("padding") == "causal":
            add("the padding on the wrong side -- 'causal' puts all d(k-1) padding before the input, so output t "
                f"reads only inputs up to t: pads {pads}", lambda: ref(x, w, bias, **_with(kwargs, padding=_pads_swapped(pads))))
        else:
            add(f"the padding on the wrong side -- the (before, after) pairs {pads} read as (after, before)",
                lambda: ref(x, w, bias, **_with(kwargs, padding=_pads_swapped(pads))))
    if nd > 1 and len(set(pads)) > 1:
        add(f"the padding applied to the axes in reverse order (F.pad lists the last axis first): pads {pads}",
            lambda: ref(x, w, bias, **_with(kwargs, padding=tuple(reversed(pads)))))
    if geometry.padding == "same":
        keff = geometry.effective_kernel_size
        half = tuple((k // 2, k // 2) for k in keff)
        add(f"'same' as d(k-1)//2 on both sides -- that keeps the size only for odd kernels at stride 1: pads {half}",
            lambda: ref(x, w, bias, **_with(kwargs, padding=half)))
        if any(s > 1 for s in geometry.stride):
            unit = tuple(((k - 1) // 2, k - 1 - (k - 1) // 2) for k in keff)
            add(f"'same' pads computed as at stride 1 (total d(k-1)); at stride s the total is "
                f"max((ceil(i/s)-1)s + d(k-1) + 1 - i, 0): pads {unit} instead of {pads}",
                lambda: ref(x, w, bias, **_with(kwargs, padding=unit)))
    if any(b or a for b, a in pads):
        add("the padding ignored", lambda: ref(x, w, bias, **_with(kwargs, padding=None)))
        mistakes.extend(_mode_mistakes(geometry.padding_mode, lambda mode: ref(x, w, bias, **_with(kwargs, padding_mode=mode)),
                                       lambda: _symmetric(x, w, bias, kwargs, pads)))
    if groups > 1:
        c_in = x.shape[1]
        order = _interleave(c_in, groups)
        if order != list(range(c_in)):
            # conv's weight follows the output channels; a transposed layer's follows the input channels, with them
            w_order = w[order] if transposed else w
            add(f"the groups mixed up -- input channels taken interleaved (group g reads channels g, g + {groups}, ...) "
                "instead of consecutive blocks", lambda: ref(x[:, order], w_order, bias, **kwargs))
        y = ref(x, w, None, **kwargs)
        c_out = y.shape[1]
        per = c_out // groups
        back = [(o % groups) * per + o // groups for o in range(c_out)]
        if back != list(range(c_out)):
            def out_interleaved():
                moved = y[:, back]
                return moved if bias is None else moved + bias.reshape(-1, *(1,) * nd)
            add(f"the groups mixed up -- output channels interleaved (channel o from group o % {groups}) instead of "
                "consecutive blocks (for a depthwise layer: the channel multiplier's order)", out_interleaved)
    if w.shape[0] == w.shape[1] and groups == 1:
        add("the weight's first two axes swapped -- the layout is (C_out, C_in // groups, *kernel) for conv and "
            "(C_in, C_out // groups, *kernel) for conv_transpose", lambda: ref(x, w.swapaxes(0, 1), bias, **kwargs))
    if geometry.stride != geometry.dilation:
        add(f"stride and dilation swapped (stride {geometry.dilation}, dilation {geometry.stride})",
            lambda: ref(x, w, bias, **_with(kwargs, stride=geometry.dilation, dilation=geometry.stride)))
    if any(d > 1 for d in geometry.dilation):
        add("the dilation ignored", lambda: ref(x, w, bias, **_with(kwargs, dilation=None)))
    if any(s > 1 for s in geometry.stride) and not transposed:
        add("the stride ignored", lambda: ref(x, w, bias, **_with(kwargs, stride=None)))
    if bias is not None:
        add("the bias dropped", lambda: ref(x, w, None, **kwargs))
        add("the bias added twice", lambda: ref(x, w, 2 * bias, **kwargs))
    if transposed:
        ops = geometry.output_padding
        full = tuple((i - 1) * s + k for i, s, k in zip(spatial, geometry.stride, geometry.effective_kernel_size))
        if any(ops):
            add(f"output_padding at the start -- the extra cells {ops} belong at the end of each axis",
                lambda: _transpose_window(x, w, bias, kwargs, geometry,
                                          [(pb - op, f - pa) for (pb, pa), op, f in zip(pads, ops, full)]))
            add("output_padding ignored", lambda: ref(x, w, bias, **_with(kwargs, output_padding=None)))
        if any(b or a for b, a in pads):
            add(f"the padding added around the output instead of cropped from it -- a transposed convolution's padding "
                f"removes {pads} cells",
                lambda: _transpose_window(x, w, bias, kwargs, geometry,
                                          [(-pb, f + pa + op) for (pb, pa), op, f in zip(pads, ops, full)]))
        if groups == 1 or w.shape[0] % groups == 0:
            add("computed as a convolution with the same geometry -- a transposed convolution is the convolution's "
                "adjoint (gradient), not the convolution", lambda: _as_conv(x, w, bias, kwargs, groups))
    return mistakes


#: What each padding mode puts in the padding, for the messages.
_MODE_WORDS = {
    "zeros": "zeros",
    "reflect": "the input mirrored about its border cell",
    "replicate": "the border cell repeated",
    "circular": "the input wrapped around",
}


def _mode_mistakes(mode, rerun, symmetric=None):
    """The padding filled in another mode than ``mode``: ``rerun(other)`` computes with that mode (None: zeros)."""
    if mode == "zeros":
        return []
    asked = f"padding_mode={mode!r} asks for {_MODE_WORDS[mode]}"
    mistakes = [(f"padding_mode ignored -- the padding filled with zeros, where {asked}", lambda: rerun(None))]
    for other in ("reflect", "replicate", "circular"):
        if other != mode:
            mistakes.append((f"the padding filled as {other!r} ({_MODE_WORDS[other]}), where {asked}",
                             lambda other=other: rerun(other)))
    if mode == "reflect" and symmetric is not None:
        mistakes.append(("reflect padding that repeats the border cell (NumPy's np.pad mode 'symmetric') -- PyTorch's "
                         "reflect mirrors about the border cell without repeating it (np.pad's mode 'reflect')", symmetric))
    return mistakes


def _symmetric(x, w, bias, kwargs, pads):
    """The convolution of ``x`` padded as NumPy's ``'symmetric'`` (the border cell repeated in the mirror image)."""
    padded = np.pad(x, [(0, 0), (0, 0), *pads], mode="symmetric")
    return numeric.conv(padded, w, bias, **_with(kwargs, padding=None, padding_mode=None))


def _transpose_window(x, w, bias, kwargs, geometry, windows):
    """The transposed convolution's full output (no padding) seen through ``[start, stop)`` per axis, zeros outside."""
    kw = _with(kwargs, padding=None, output_padding=None)
    full = numeric.conv_transpose(x, w, None, **kw)
    shape = full.shape[:2] + tuple(stop - start for start, stop in windows)
    if any(n < 1 for n in shape[2:]):
        return None
    out = np.zeros(shape, full.dtype)
    src, dst = [slice(None)] * 2, [slice(None)] * 2
    for (start, stop), n in zip(windows, full.shape[2:]):
        lo, hi = max(start, 0), min(stop, n)
        if hi <= lo:
            return out if bias is None else out + bias.reshape(-1, *(1,) * (out.ndim - 2))
        src.append(slice(lo, hi))
        dst.append(slice(lo - start, hi - start))
    out[tuple(dst)] = full[tuple(src)]
    return out if bias is None else out + bias.reshape(-1, *(1,) * (out.ndim - 2))


def _as_conv(x, w, bias, kwargs, groups):
    """A transposed layer's weight (C_in, C_out/g, *k) read as a convolution's, and run as conv."""
    c_in, per_out = w.shape[:2]
    k = w.shape[2:]
    conv_w = w.reshape(groups, c_in // groups, per_out, *k).swapaxes(1, 2).reshape(groups * per_out, c_in // groups, *k)
    return numeric.conv(x, conv_w, bias, **_with(kwargs, output_padding=None))


def _larger(array, rng, grow=3):
    """Random values of ``array``'s dtype, its spatial axes ``grow`` cells longer (for the probe)."""
    if array is None:
        return None
    shape = array.shape[:2] + tuple(n + grow for n in array.shape[2:])
    return _values(rng, shape, array.dtype)


def _same_shape(array, rng):
    return None if array is None else _values(rng, array.shape, array.dtype)


def _conv_problem(name, fn, x, w, bias, kwargs, *, transposed, probe=True):
    ref = numeric.conv_transpose if transposed else numeric.conv
    expected = ref(x, w, bias, **kwargs)  # refuses bad arguments, naming them
    x, w, bias = np.asarray(x), np.asarray(w), _arr(bias)
    geometry = _conv_geometry(x, w, kwargs, transposed=transposed)
    spatial = x.shape[2:]
    if _is_float(x, w, bias):
        exact = _exact(expected, lambda: ref(_wide(x), _wide(w), None if bias is None else _wide(bias), **kwargs))
        magnitude = lambda: ref(_abs(x), _abs(w), _abs(bias), **kwargs)  # noqa: E731
    else:
        exact, magnitude = expected, None
    groups = geometry.groups
    terms = (w.shape[0] // groups if transposed else w.shape[1]) * math.prod(w.shape[2:]) + 1
    positional = ["x", "w"] + ([] if bias is None else ["bias"])
    inputs = f"x {_shape(x)}, w {_shape(w)}" + ("" if bias is None else f", bias {_shape(bias)}")
    return _Problem(
        name=name,
        reference=f"symconv.numeric.{name}",
        call=_call_text(positional, kwargs),
        geometry=_geometry_text(geometry, spatial),
        inputs=inputs,
        expected=expected,
        exact=exact,
        magnitude_of=magnitude,
        terms=terms,
        mistakes_of=lambda: _conv_mistakes(x, w, bias, kwargs, geometry, spatial, transposed=transposed),
        sizes=_size_text(geometry, spatial),
        factors=((1 / x.shape[0], f"divided by the batch size {x.shape[0]}"),) if x.shape[0] > 1 else (),
        probe=(lambda: _conv_probe(name, fn, x, w, bias, kwargs, transposed)) if probe else None,
    )


def _conv_probe(name, fn, x, w, bias, kwargs, transposed):
    rng = np.random.default_rng(2024)
    x2, w2, bias2 = _larger(x, rng), _same_shape(w, rng), _same_shape(bias, rng)
    problem = _conv_problem(name, fn, x2, w2, bias2, kwargs, transposed=transposed, probe=False)
    args = [x2, w2] + ([] if bias2 is None else [bias2])
    return problem, _call(fn, name, args, kwargs, problem.call)


def assert_conv_matches(fn, x, w, bias=None, *, rtol=None, atol=None, check_dtype=True, **kwargs):
    """Assert that ``fn(x, w, bias, **kwargs)`` equals :func:`symconv.numeric.conv` with the same arguments.

    Parameters
    ----------
    fn : callable
        The convolution to test, called as ``fn(x, w, bias, **kwargs)`` (as
        ``fn(x, w, **kwargs)`` when ``bias`` is None) on copies of NumPy
        arrays; it may return a NumPy array, anything ``numpy.asarray``
        reads, or a torch tensor.
    x, w, bias
        As for :func:`symconv.numeric.conv`: ``(N, C_in, *spatial)``,
        ``(C_out, C_in // groups, *kernel)``, ``(C_out,)`` or None.
    rtol, atol : float, optional
        Replace the tolerance chosen from the dtype (see the module notes).
    check_dtype : bool, default True
        Whether the result's dtype must be the reference's
        (``np.result_type(x, w)``: float32 stays float32).
    **kwargs
        ``stride``, ``padding``, ``dilation``, ``groups``, ``padding_mode``,
        passed to both.

    Raises
    ------
    AssertionError
        The result differs in shape, dtype or values, ``fn`` raised, or it
        changed its inputs; the message gives the geometry, shapes, the
        first differences and which known mistake reproduces the result.
    SymconvError, TypeError
        The arguments themselves are refused by the reference (the message
        names the parameter), or ``fn`` is not callable.

    Examples
    --------
    >>> import numpy as np, symconv as sc
    >>> x, w = np.ones((1, 2, 5, 5)), np.ones((4, 1, 3, 3))
    >>> assert_conv_matches(sc.numeric.conv, x, w, stride=2, padding="same", groups=2)

    A function that takes ``padding_mode`` but pads with zeros anyway:

    >>> def zero_padded(x, w, bias=None, *, padding=0, padding_mode="zeros"):
    ...     return sc.numeric.conv(x, w, bias, padding=padding)
    >>> x = np.arange(1.0, 6.0).reshape(1, 1, 5)
    >>> assert_conv_matches(zero_padded, x, np.ones((1, 1, 3)), padding=1, padding_mode="reflect")
    Traceback (most recent call last):
    ...
    AssertionError: conv: 2 of 5 values differ from symconv.numeric.conv
      call: fn(x, w, padding=1, padding_mode='reflect')
      geometry: kernel (3,), stride (1,), padding (1,), dilation (1,), padding_mode 'reflect'
    ...
      looks like: padding_mode ignored -- the padding filled with zeros, where padding_mode='reflect' asks for the input mirrored about its border cell

    See Also
    --------
    symconv.testing.conv_cases : cases to call it on.
    """
    _callable(fn)
    rtol, atol, check_dtype = _options(rtol, atol, check_dtype)
    problem = _conv_problem("conv", fn, x, w, bias, kwargs, transposed=False)
    args = [np.asarray(x), np.asarray(w)] + ([] if bias is None else [np.asarray(bias)])
    got = _call(fn, "conv", args, kwargs, problem.call)
    _compare(problem, got, rtol=rtol, atol=atol, check_dtype=check_dtype)


def assert_conv_transpose_matches(fn, x, w, bias=None, *, rtol=None, atol=None, check_dtype=True, **kwargs):
    """Assert that ``fn(x, w, bias, **kwargs)`` equals :func:`symconv.numeric.conv_transpose`.

    As :func:`assert_conv_matches`, with the weight ``(C_in, C_out // groups,
    *kernel)`` and ``output_padding`` among the keyword arguments.  Its
    known mistakes include the kernel not flipped, ``output_padding`` at
    the start or ignored, the padding added instead of cropped and a
    convolution computed instead.

    Examples
    --------
    >>> import numpy as np, symconv as sc
    >>> def at_start(x, w, *, stride, padding, output_padding):   # output_padding taken from the start
    ...     full = sc.numeric.conv_transpose(x, w, stride=stride)
    ...     return full[..., padding - output_padding : full.shape[-1] - padding]
    >>> x, w = np.arange(1.0, 4.0).reshape(1, 1, 3), np.array([[[1.0, 10.0, 100.0]]])
    >>> assert_conv_transpose_matches(at_start, x, w, stride=2, padding=1, output_padding=1)
    Traceback (most recent call last):
    ...
    AssertionError: conv_transpose: 6 of 6 values differ from symconv.numeric.conv_transpose
    ...
      looks like: output_padding at the start -- the extra cells (1,) belong at the end of each axis
    """
    _callable(fn)
    rtol, atol, check_dtype = _options(rtol, atol, check_dtype)
    problem = _conv_problem("conv_transpose", fn, x, w, bias, kwargs, transposed=True)
    args = [np.asarray(x), np.asarray(w)] + ([] if bias is None else [np.asarray(bias)])
    got = _call(fn, "conv_transpose", args, kwargs, problem.call)
    _compare(problem, got, rtol=rtol, atol=atol, check_dtype=check_dtype)


# ----------------------------------------------------------------------------
# pooling
# ----------------------------------------------------------------------------


def _pool_geometry(x, kernel_size, kwargs):
    nd = np.asarray(x).ndim - 2
    stride = kwargs.get("stride")
    return Geometry(kernel_size, kernel_size if stride is None else stride, kwargs.get("padding", 0),
                    kwargs.get("dilation", 1), ceil_mode=kwargs.get("ceil_mode", False), ndim=nd)


def _windows(x, pads, kernel, stride, dilation, out_size):
    """Every window's taps: ``(values, inside)`` of shape (N, C, *out, taps), ``inside`` False in padding or beyond."""
    x = _wide(x)
    nd = len(kernel)
    index_axes, inside_axes = [], []
    for axis in range(nd):
        pos = (np.arange(out_size[axis]) * stride[axis] - pads[axis][0])[:, None] + np.arange(kernel[axis]) * dilation[axis]
        inside = (pos >= 0) & (pos < x.shape[2 + axis])
        index_axes.append(np.clip(pos, 0, x.shape[2 + axis] - 1))
        inside_axes.append(inside)
    # broadcast to (*out, *taps) per axis
    grids = []
    flags = np.ones((1,) * (2 * nd), bool)
    for axis in range(nd):
        shape = [1] * (2 * nd)
        shape[axis], shape[nd + axis] = out_size[axis], kernel[axis]
        grids.append(index_axes[axis].reshape(shape))
        flags = flags & inside_axes[axis].reshape(shape)
    values = x[(slice(None), slice(None), *grids)]  # (N, C, *out, *taps)
    taps = math.prod(kernel)
    values = values.reshape(*values.shape[: 2 + nd], taps)
    flags = np.broadcast_to(flags, (*out_size, *kernel)).reshape(*out_size, taps)
    return values, flags


def _pool_variant(x, geometry, spatial, *, reduce, pads=None, out_size=None, fill=None, divisor=None, keep_last=False):
    """A pooling computed the slow, explicit way with one choice changed (for the mistakes)."""
    pads = geometry.pads(spatial) if pads is None else pads
    if out_size is None:
        out_size = geometry.output_size(spatial)
        if keep_last:  # ceil_mode without dropping the window that starts in the right padding
            out_size = tuple(
                -(-(i + pb + pa - k) // s) + 1
                for i, (pb, pa), k, s in zip(spatial, pads, geometry.effective_kernel_size, geometry.stride)
            )
    values, inside = _windows(x, pads, geometry.kernel_size, geometry.stride, geometry.dilation, out_size)
    if reduce == "max":
        filled = np.where(inside, values, -np.inf if fill is None else fill)
        return filled.max(axis=-1)
    total = np.where(inside, values, 0.0).sum(axis=-1)
    return total / divisor(inside, pads, out_size)


def _pool_mistakes(kind, x, kernel_size, kwargs, geometry, spatial):
    x = _wide(x)
    ref = numeric.max_pool if kind == "max" else numeric.avg_pool
    pads = geometry.pads(spatial)
    mistakes = []

    def add(text, make):
        mistakes.append((text, make))

    if any(b != a for b, a in pads):
        add(f"the padding on the wrong side -- pads {pads} read as (after, before)",
            lambda: ref(x, kernel_size, **_with(kwargs, padding=_pads_swapped(pads))))
    if geometry.ceil_mode:
        add("ceil_mode ignored (the output size rounded down)", lambda: ref(x, kernel_size, **_with(kwargs, ceil_mode=None)))
        add("ceil_mode keeps a last window that starts in the right padding -- PyTorch and ONNX drop it: a window "
            "must start inside the input or the left padding",
            lambda: _pool_keep_last(kind, x, geometry, spatial, kwargs))
    else:
        add("ceil_mode applied where it is off (the output size rounded up)",
            lambda: ref(x, kernel_size, **_with(kwargs, ceil_mode=True)))
    if "stride" not in kwargs or kwargs.get("stride") is None:
        add("the stride defaulting to 1 -- pooling's stride defaults to the kernel size",
            lambda: ref(x, kernel_size, **_with(kwargs, stride=1)))
    if any(d > 1 for d in geometry.dilation):
        add("the dilation ignored", lambda: ref(x, kernel_size, **_with(kwargs, dilation=None)))
    if geometry.stride != geometry.dilation and any(d > 1 for d in geometry.dilation):
        add("stride and dilation swapped", lambda: ref(x, kernel_size, **_with(kwargs, stride=geometry.dilation, dilation=geometry.stride)))
    if kind == "max":
        if any(b or a for b, a in pads) or geometry.ceil_mode:
            add("the padding counted as zeros -- max pooling pads with -inf, so padding never wins",
                lambda: _pool_variant(x, geometry, spatial, reduce="max", fill=0.0))
    else:
        include = kwargs.get("count_include_pad", True)
        add(f"count_include_pad ignored -- the divisor {'counted' if not include else 'left out'} the padding cells",
            lambda: ref(x, kernel_size, **_with(kwargs, count_include_pad=not include)))
        taps = math.prod(geometry.kernel_size)
        if geometry.ceil_mode or not include:
            add(f"the divisor always the kernel size ({taps}) -- it counts only the taps on the input (count_include_pad=False) "
                "or on the input and its padding, never those past the right padding in ceil_mode",
                lambda: _pool_variant(x, geometry, spatial, reduce="avg", divisor=lambda inside, p, o: taps))
        if any(d > 1 for d in geometry.dilation):
            span = math.prod(geometry.effective_kernel_size)
            add(f"the divisor the dilated window's span ({span}) instead of its taps ({taps})",
                lambda: ref(x, kernel_size, **kwargs) * taps / span)
    return mistakes


def _pool_keep_last(kind, x, geometry, spatial, kwargs):
    include = kwargs.get("count_include_pad", True)
    pads = geometry.pads(spatial)

    def divisor(inside, p, out_size):
        if not include:
            return inside.sum(axis=-1)
        # the taps on the input or its padding, not beyond
        counts = []
        for axis, ((pb, pa), i, k, s, d, o) in enumerate(zip(p, spatial, geometry.kernel_size, geometry.stride,
                                                             geometry.dilation, out_size)):
            pos = (np.arange(o) * s - pb)[:, None] + np.arange(k) * d
            counts.append(((pos >= -pb) & (pos < i + pa)).sum(axis=1))
        total = counts[0]
        for c in counts[1:]:
            total = np.multiply.outer(total, c)
        return total

    return _pool_variant(x, geometry, spatial, reduce=kind, pads=pads, keep_last=True, divisor=divisor)


def _pool_problem(kind, x, kernel_size, kwargs, fn=None):
    ref = numeric.max_pool if kind == "max" else numeric.avg_pool
    expected = ref(x, kernel_size, **kwargs)
    x = np.asarray(x)
    geometry = _pool_geometry(x, kernel_size, kwargs)
    spatial = x.shape[2:]
    exact = _exact(expected, lambda: ref(_wide(x), kernel_size, **kwargs)) if x.dtype.kind == "f" else expected
    magnitude = None if kind == "max" else (lambda: ref(_abs(x), kernel_size, **kwargs))  # max pooling is exact
    name = f"{kind}_pool"
    return _Problem(
        name=name,
        reference=f"symconv.numeric.{name}",
        call=_call_text(["x", repr(kernel_size)], kwargs),
        geometry=_geometry_text(geometry, spatial),
        inputs=f"x {_shape(x)}",
        expected=expected,
        exact=exact,
        magnitude_of=magnitude,
        terms=math.prod(geometry.kernel_size) + 1,
        mistakes_of=lambda: _pool_mistakes(kind, x, kernel_size, kwargs, geometry, spatial),
        sizes=_size_text(geometry, spatial),
        probe=None if fn is None else (lambda: _pool_probe(kind, fn, x, kernel_size, kwargs)),
    )


def _pool_probe(kind, fn, x, kernel_size, kwargs):
    x2 = _larger(x, np.random.default_rng(2024))
    problem = _pool_problem(kind, x2, kernel_size, kwargs)
    return problem, _call(fn, f"{kind}_pool", [x2, kernel_size], kwargs, problem.call)


def assert_max_pool_matches(fn, x, kernel_size, *, rtol=None, atol=None, check_dtype=True, **kwargs):
    """Assert that ``fn(x, kernel_size, **kwargs)`` equals :func:`symconv.numeric.max_pool` (exactly, unless ``rtol``/``atol``).

    ``kwargs`` are ``stride`` (absent: the kernel size), ``padding``,
    ``dilation``, ``ceil_mode``.  Known mistakes: padding counted as zeros
    instead of -inf, ``ceil_mode`` ignored or keeping a window that starts
    in the right padding, the stride defaulting to 1, pads swapped.

    Examples
    --------
    >>> import numpy as np, symconv as sc
    >>> assert_max_pool_matches(sc.numeric.max_pool, np.arange(25.0).reshape(1, 1, 5, 5), 2, ceil_mode=True)
    """
    _callable(fn)
    rtol, atol, check_dtype = _options(rtol, atol, check_dtype)
    problem = _pool_problem("max", x, kernel_size, kwargs, fn)
    got = _call(fn, "max_pool", [np.asarray(x), kernel_size], kwargs, problem.call)
    _compare(problem, got, rtol=rtol, atol=atol, check_dtype=check_dtype)


def assert_avg_pool_matches(fn, x, kernel_size, *, rtol=None, atol=None, check_dtype=True, **kwargs):
    """Assert that ``fn(x, kernel_size, **kwargs)`` equals :func:`symconv.numeric.avg_pool`.

    ``kwargs`` are ``stride``, ``padding``, ``dilation``, ``ceil_mode``,
    ``count_include_pad``.  Known mistakes: ``count_include_pad`` ignored,
    the divisor always the kernel size, ``ceil_mode`` off by one, the stride
    defaulting to 1, pads swapped.

    Examples
    --------
    >>> import numpy as np, symconv as sc
    >>> x = np.arange(1.0, 6.0).reshape(1, 1, 5)
    >>> wrong = lambda x, k, **kw: sc.numeric.avg_pool(x, k, **{**kw, "count_include_pad": True})
    >>> assert_avg_pool_matches(wrong, x, 2, padding=1, count_include_pad=False)
    Traceback (most recent call last):
    ...
    AssertionError: avg_pool: 1 of 3 values differ from symconv.numeric.avg_pool
    ...
      first differences (index: got / expected):
        [0, 0, 0]: 0.5 / 1
      where: axis 2: positions 0 of 0..2
      looks like: count_include_pad ignored -- the divisor counted the padding cells
    ...
    """
    _callable(fn)
    rtol, atol, check_dtype = _options(rtol, atol, check_dtype)
    problem = _pool_problem("avg", x, kernel_size, kwargs, fn)
    got = _call(fn, "avg_pool", [np.asarray(x), kernel_size], kwargs, problem.call)
    _compare(problem, got, rtol=rtol, atol=atol, check_dtype=check_dtype)


# ----------------------------------------------------------------------------
# deformable convolution
# ----------------------------------------------------------------------------


def _deform_mistakes(x, offset, w, bias, kwargs):
    x, offset, w = _wide(x), _wide(offset), _wide(w)
    bias = None if bias is None else _wide(bias)
    mask = kwargs.get("mask")
    ref = numeric.deform_conv2d
    n, channels, h, wd = offset.shape
    groups = kwargs.get("offset_groups", 1)
    taps = w.shape[2] * w.shape[3]
    mistakes = []

    def add(text, make):
        mistakes.append((text, make))

    pairs = offset.reshape(n, groups, taps, 2, h, wd)
    add("the offsets read as (dx, dy) -- each tap's pair is (row shift, column shift)",
        lambda: ref(x, pairs[:, :, :, ::-1].reshape(offset.shape), w, bias, **kwargs))
    # the user reads channel t as tap t's row shift and channel taps + t as its column shift (per group)
    planar = offset.reshape(n, groups, 2, taps, h, wd).swapaxes(2, 3).reshape(offset.shape)
    add("the offsets read as all row shifts, then all column shifts -- they are interleaved: "
        "channel 2t is tap t's row shift, 2t + 1 its column shift",
        lambda: ref(x, planar, w, bias, **kwargs))
    add("the offsets ignored (an ordinary convolution)", lambda: ref(x, np.zeros_like(offset), w, bias, **kwargs))
    if mask is not None:
        add("the mask ignored (deformable convolution v1 computed)", lambda: ref(x, offset, w, bias, **_with(kwargs, mask=None)))
    add("the kernel flipped", lambda: ref(x, offset, _flip(w), bias, **kwargs))
    if bias is not None:
        add("the bias dropped", lambda: ref(x, offset, w, None, **kwargs))
    return mistakes


def assert_deform_conv2d_matches(fn, x, offset, w, bias=None, *, rtol=None, atol=None, check_dtype=True, **kwargs):
    """Assert that ``fn(x, offset, w, bias, **kwargs)`` equals :func:`symconv.numeric.deform_conv2d`.

    ``kwargs`` are ``mask``, ``stride``, ``padding``, ``dilation``,
    ``groups``, ``offset_groups`` (torchvision's layout; ``fn`` is called
    without ``bias`` when it is None).  Known mistakes: offsets read as
    ``(dx, dy)`` or not interleaved, the mask or the offsets ignored.

    Examples
    --------
    >>> import numpy as np, symconv as sc
    >>> rng = np.random.default_rng(0)
    >>> x, w = rng.normal(size=(1, 1, 4, 4)), rng.normal(size=(1, 1, 2, 2))
    >>> offset = rng.uniform(-1, 1, size=(1, 8, 3, 3))
    >>> assert_deform_conv2d_matches(sc.numeric.deform_conv2d, x, offset, w)
    """
    _callable(fn)
    rtol, atol, check_dtype = _options(rtol, atol, check_dtype)
    expected = numeric.deform_conv2d(x, offset, w, bias, **kwargs)
    x, offset, w, bias = np.asarray(x), np.asarray(offset), np.asarray(w), _arr(bias)
    mask = kwargs.get("mask")
    geometry = Geometry(w.shape[2:], **{k: v for k, v in kwargs.items() if k in ("stride", "padding", "dilation", "groups")}, ndim=2)
    exact = _exact(expected, lambda: numeric.deform_conv2d(
        _wide(x), _wide(offset), _wide(w), None if bias is None else _wide(bias),
        **_with(kwargs, mask=None if mask is None else _wide(mask))))

    def magnitude():
        return numeric.deform_conv2d(_abs(x), _wide(offset), _abs(w), _abs(bias),
                                     **_with(kwargs, mask=None if mask is None else _abs(mask)))

    positional = ["x", "offset", "w"] + ([] if bias is None else ["bias"])
    inputs = f"x {_shape(x)}, offset {_shape(offset)}, w {_shape(w)}" + ("" if bias is None else f", bias {_shape(bias)}")
    if mask is not None:
        inputs += f", mask {_shape(np.asarray(mask))}"
    problem = _Problem(
        name="deform_conv2d",
        reference="symconv.numeric.deform_conv2d",
        call=_call_text(positional, kwargs),
        geometry=_geometry_text(geometry, x.shape[2:]) + (f", offset_groups {kwargs['offset_groups']}" if "offset_groups" in kwargs else ""),
        inputs=inputs,
        expected=expected,
        exact=exact,
        magnitude_of=magnitude,
        terms=4 * w.shape[1] * w.shape[2] * w.shape[3] + 1,
        mistakes_of=lambda: _deform_mistakes(x, offset, w, bias, kwargs),
        sizes=_size_text(geometry, x.shape[2:]),
    )
    args = [x, offset, w] + ([] if bias is None else [bias])
    got = _call(fn, "deform_conv2d", args, kwargs, problem.call)
    _compare(problem, got, rtol=rtol, atol=atol, check_dtype=check_dtype)


# ----------------------------------------------------------------------------
# gradients
# ----------------------------------------------------------------------------


def assert_conv_grad_input_matches(fn, input_shape, w, grad_output, *, rtol=None, atol=None, check_dtype=True, **kwargs):
    """Assert that ``fn(input_shape, w, grad_output, **kwargs)`` equals :func:`symconv.numeric.conv_grad_input` (``dL/dX``).

    Known mistakes: the kernel not flipped, stride and dilation swapped, the
    rows a strided convolution never reads left out (a size off by one), a
    constant factor.

    Examples
    --------
    >>> import numpy as np, symconv as sc
    >>> w, g = np.array([[[1.0, 2.0]]]), np.array([[[1.0, 10.0]]])
    >>> assert_conv_grad_input_matches(sc.numeric.conv_grad_input, (1, 1, 3), w, g)
    """
    _callable(fn)
    rtol, atol, check_dtype = _options(rtol, atol, check_dtype)
    ref = numeric.conv_grad_input
    expected = ref(input_shape, w, grad_output, **kwargs)
    w, grad_output = np.asarray(w), np.asarray(grad_output)
    shape = tuple(int(v) for v in np.asarray(input_shape).ravel()) if not isinstance(input_shape, tuple) else input_shape
    geometry = _conv_geometry(np.empty((0,)), w, kwargs, transposed=False)
    wide_w, wide_g = _wide(w), _wide(grad_output)
    mistakes = [
        ("the kernel not flipped -- dL/dX is the transposed convolution of dL/dY with W, which flips the kernel "
         "relative to a correlation", lambda: ref(input_shape, _flip(wide_w), wide_g, **kwargs)),
    ]
    if geometry.stride != geometry.dilation:
        mistakes.append(("stride and dilation swapped",
                         lambda: ref(input_shape, wide_w, wide_g, **_with(kwargs, stride=geometry.dilation, dilation=geometry.stride))))
    if any(b or a for b, a in geometry.pads(shape[2:])):
        mistakes.extend(_mode_mistakes(geometry.padding_mode,
                                       lambda mode: ref(input_shape, wide_w, wide_g, **_with(kwargs, padding_mode=mode))))
    problem = _Problem(
        name="conv_grad_input",
        reference="symconv.numeric.conv_grad_input",
        call=_call_text([repr(shape), "w", "grad_output"], kwargs),
        geometry=_geometry_text(geometry, shape[2:]),
        inputs=f"input_shape {shape}, w {_shape(w)}, grad_output {_shape(grad_output)}",
        expected=expected,
        exact=ref(input_shape, wide_w, wide_g, **kwargs) if _is_float(w, grad_output) else expected,
        magnitude_of=(lambda: ref(input_shape, _abs(w), _abs(grad_output), **kwargs)) if _is_float(w, grad_output) else None,
        terms=(w.shape[0] // geometry.groups) * math.prod(w.shape[2:]) + 1,
        mistakes_of=lambda: mistakes,
    )
    got = _call(fn, "conv_grad_input", [input_shape, w, grad_output], kwargs, problem.call)
    _compare(problem, got, rtol=rtol, atol=atol, check_dtype=check_dtype)


def assert_conv_grad_weight_matches(fn, x, weight_shape, grad_output, *, rtol=None, atol=None, check_dtype=True, **kwargs):
    """Assert that ``fn(x, weight_shape, grad_output, **kwargs)`` equals :func:`symconv.numeric.conv_grad_weight` (``dL/dW``).

    Known mistakes: the result flipped (a convolution where the gradient is
    a correlation), averaged over the batch, stride and dilation not swapped.

    Examples
    --------
    >>> import numpy as np, symconv as sc
    >>> x, g = np.ones((2, 1, 4)), np.ones((2, 1, 3))
    >>> mean = lambda x, shape, g, **kw: sc.numeric.conv_grad_weight(x, shape, g, **kw) / len(x)
    >>> assert_conv_grad_weight_matches(mean, x, (1, 1, 2), g)
    Traceback (most recent call last):
    ...
    AssertionError: conv_grad_weight: 2 of 2 values differ from symconv.numeric.conv_grad_weight
    ...
      looks like: the result is 0.5 times symconv's (averaged over the batch of 2: dL/dW sums over it)
    """
    _callable(fn)
    rtol, atol, check_dtype = _options(rtol, atol, check_dtype)
    ref = numeric.conv_grad_weight
    expected = ref(x, weight_shape, grad_output, **kwargs)
    x, grad_output = np.asarray(x), np.asarray(grad_output)
    shape = tuple(int(v) for v in np.asarray(weight_shape).ravel())
    geometry = Geometry(shape[2:], ndim=len(shape) - 2, **{k: v for k, v in kwargs.items() if k in _GEOMETRY_KWARGS})
    wide_x, wide_g = _wide(x), _wide(grad_output)
    mistakes = [
        ("the result flipped -- dL/dW is the cross-correlation of X with dL/dY, not their convolution",
         lambda: _flip(ref(wide_x, weight_shape, wide_g, **kwargs))),
    ]
    if geometry.stride != geometry.dilation:
        mistakes.append(("stride and dilation swapped",
                         lambda: ref(wide_x, weight_shape, wide_g, **_with(kwargs, stride=geometry.dilation, dilation=geometry.stride))))
    if any(b or a for b, a in geometry.pads(x.shape[2:])):
        mistakes.extend(_mode_mistakes(geometry.padding_mode,
                                       lambda mode: ref(wide_x, weight_shape, wide_g, **_with(kwargs, padding_mode=mode))))
    n = x.shape[0]
    problem = _Problem(
        name="conv_grad_weight",
        reference="symconv.numeric.conv_grad_weight",
        call=_call_text(["x", repr(shape), "grad_output"], kwargs),
        geometry=_geometry_text(geometry, x.shape[2:]),
        inputs=f"x {_shape(x)}, weight_shape {shape}, grad_output {_shape(grad_output)}",
        expected=expected,
        exact=ref(wide_x, weight_shape, wide_g, **kwargs) if _is_float(x, grad_output) else expected,
        magnitude_of=(lambda: ref(_abs(x), weight_shape, _abs(grad_output), **kwargs)) if _is_float(x, grad_output) else None,
        terms=n * math.prod(grad_output.shape[2:]) + 1,
        mistakes_of=lambda: mistakes,
        factors=((1 / n, f"averaged over the batch of {n}: dL/dW sums over it"),) if n > 1 else (),
    )
    got = _call(fn, "conv_grad_weight", [x, weight_shape, grad_output], kwargs, problem.call)
    _compare(problem, got, rtol=rtol, atol=atol, check_dtype=check_dtype)


def assert_conv_grad_bias_matches(fn, grad_output, *, rtol=None, atol=None, check_dtype=True):
    """Assert that ``fn(grad_output)`` equals :func:`symconv.numeric.conv_grad_bias`: ``dL/db``, the sum over batch and positions.

    Examples
    --------
    >>> import numpy as np, symconv as sc
    >>> assert_conv_grad_bias_matches(sc.numeric.conv_grad_bias, np.ones((2, 3, 4, 4)))
    """
    _callable(fn)
    rtol, atol, check_dtype = _options(rtol, atol, check_dtype)
    ref = numeric.conv_grad_bias
    expected = ref(grad_output)
    grad_output = np.asarray(grad_output)
    n, count = grad_output.shape[0], math.prod(grad_output.shape[2:])
    problem = _Problem(
        name="conv_grad_bias",
        reference="symconv.numeric.conv_grad_bias",
        call="fn(grad_output)",
        geometry="",
        inputs=f"grad_output {_shape(grad_output)}",
        expected=expected,
        exact=ref(_wide(grad_output)) if _is_float(grad_output) else expected,
        magnitude_of=(lambda: ref(_abs(grad_output))) if _is_float(grad_output) else None,
        terms=n * count + 1,
        mistakes_of=list,
        spatial_from=1,
        factors=tuple(f for f in ((1 / n, f"averaged over the batch of {n}"), (1 / count, f"averaged over the {count} positions"),
                                  (1 / (n * count), "averaged over batch and positions")) if f[0] != 1),
    )
    got = _call(fn, "conv_grad_bias", [grad_output], {}, problem.call)
    _compare(problem, got, rtol=rtol, atol=atol, check_dtype=check_dtype)


# ----------------------------------------------------------------------------
# plain correlation and convolution
# ----------------------------------------------------------------------------


def _plain(name, fn, a, k, kwargs, rtol, atol, check_dtype):
    _callable(fn)
    rtol, atol, check_dtype = _options(rtol, atol, check_dtype)
    ref = getattr(numeric, name)
    other = numeric.convolve if name == "correlate" else numeric.correlate
    expected = ref(a, k, **kwargs)
    a, k = np.asarray(a), np.asarray(k)
    mode = str(kwargs.get("mode", "valid")).lower()
    flipped = ("the kernel flipped -- correlate slides k without flipping it" if name == "correlate"
               else "the kernel not flipped -- convolve flips k (correlate does not)")
    mistakes = [(flipped, lambda: other(_wide(a), _wide(k), **kwargs))]
    for m in ("valid", "same", "full"):
        if m != mode:
            mistakes.append((f"mode {m!r} computed instead of {mode!r}", lambda m=m: ref(_wide(a), _wide(k), mode=m)))
    problem = _Problem(
        name=name,
        reference=f"symconv.numeric.{name}",
        call=_call_text(["a", "k"], kwargs),
        geometry="",
        inputs=f"a {_shape(a)}, k {_shape(k)}",
        expected=expected,
        exact=ref(_wide(a), _wide(k), **kwargs) if _is_float(a, k) else expected,
        magnitude_of=(lambda: ref(_abs(a), _abs(k), **kwargs)) if _is_float(a, k) else None,
        terms=int(min(a.size, k.size)) + 1,
        mistakes_of=lambda: mistakes,
        spatial_from=0,
    )
    got = _call(fn, name, [a, k], kwargs, problem.call)
    _compare(problem, got, rtol=rtol, atol=atol, check_dtype=check_dtype)


def assert_correlate_matches(fn, a, k, *, rtol=None, atol=None, check_dtype=True, **kwargs):
    """Assert that ``fn(a, k, **kwargs)`` equals :func:`symconv.numeric.correlate` (SciPy's ``correlate``; ``mode`` in kwargs).

    Examples
    --------
    >>> import numpy as np, scipy.signal
    >>> assert_correlate_matches(scipy.signal.correlate, np.arange(5.0), np.array([1.0, 2.0]), mode="full")
    """
    _plain("correlate", fn, a, k, kwargs, rtol, atol, check_dtype)


def assert_convolve_matches(fn, a, k, *, rtol=None, atol=None, check_dtype=True, **kwargs):
    """Assert that ``fn(a, k, **kwargs)`` equals :func:`symconv.numeric.convolve` (the flipped kernel; ``mode`` in kwargs).

    Examples
    --------
    >>> import numpy as np
    >>> assert_convolve_matches(np.convolve, np.arange(5.0), np.array([1.0, 2.0]), mode="full")
    """
    _plain("convolve", fn, a, k, kwargs, rtol, atol, check_dtype)

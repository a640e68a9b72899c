"""The shared validators: every public function checks its arguments through these.

One rule per kind of argument, so that every function accepts the same forms
and refuses the rest with the same message:

- a size (:func:`as_size`): a Python or NumPy integer, or an integer SymPy
  expression; ``bool``, floats and strings are a :class:`TypeError`;
- a shape (:func:`as_shape`): an int, a tuple, a list or a 1-D NumPy array of
  sizes, NumPy integers included, all read alike;
- a flag (:func:`as_bool`), a finite real number (:func:`as_real`), a name
  (:func:`as_name`): text is never evaluated, only compared;
- a budget (:func:`refuse_count`): a request whose work or memory would pass a
  limit is refused before any work, with the route to take instead.

SymPy is not imported to inspect a value: a value can only be a SymPy object
if the caller already imported SymPy, so ``sys.modules`` tells where to look.
Only the functions that make SymPy values (:func:`sympy_value`,
:func:`sympy_array`) import it, and they never parse text.
"""

from __future__ import annotations

import math
import numbers
import os
import re
import sys

from ._errors import SymconvError

__all__ = [
    "sympy_module",
    "is_sympy",
    "is_symbolic",
    "any_symbolic",
    "is_sequence",
    "plain",
    "as_size",
    "as_bool",
    "as_shape",
    "as_concrete_shape",
    "as_operand",
    "is_sympy_array",
    "object_array",
    "as_real",
    "as_name",
    "refuse_count",
    "refuse_large",
    "MAX_ARRAY_BYTES",
    "short",
    "sympy_value",
    "sympy_array",
]


def sympy_module():
    """The sympy module if it has been imported by anyone, else None."""
    return sys.modules.get("sympy")


def is_sympy(value) -> bool:
    sp = sympy_module()
    return sp is not None and isinstance(value, sp.Basic)


def is_symbolic(value) -> bool:
    """True if ``value`` is a SymPy expression that is not a plain integer."""
    return is_sympy(value) and not value.is_Integer


def expected_size(minimum: int) -> str:
    """How a size is described in messages."""
    return "a positive int" if minimum == 1 else "a non-negative int"


def as_size(value, name: str, *, minimum: int = 1):
    """Validate one size-like value; return a Python ``int`` or a SymPy expr.

    ``bool``, ``float`` and other kinds raise :class:`TypeError`; a value
    below ``minimum`` raises :class:`SymconvError`.  A SymPy expression is
    accepted when it is not known to be non-integer or below ``minimum``.
    """
    if isinstance(value, bool):
        raise TypeError(f"{name}: expected {expected_size(minimum)}, got the bool {value!r}")
    if isinstance(value, numbers.Integral):
        value = int(value)
    elif is_sympy(value):
        if value.is_Integer:
            value = int(value)
        else:
            # a SymPy number that is not an Integer (Float(2.0), Rational(5, 2)) is refused like a Python float
            if not isinstance(value, sympy_module().Expr) or value.is_integer is False or value.is_Number:
                raise TypeError(f"{name}: expected {expected_size(minimum)} or an integer SymPy expression, got {value!r}")
            if (value - minimum).is_negative:
                raise SymconvError(f"{name}: expected {expected_size(minimum)}, got {value!r}, which is below {minimum}", parameter=name)
            return value
    else:
        raise TypeError(f"{name}: expected {expected_size(minimum)}, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise SymconvError(f"{name}: expected {expected_size(minimum)}, got {value}", parameter=name)
    return value


def as_bool(value, name: str) -> bool:
    """Validate a flag: a ``bool`` or a NumPy bool (``np.True_``) gives a ``bool``; anything else is a TypeError.

    Examples
    --------
    >>> import numpy as np
    >>> as_bool(np.True_, "ceil_mode")
    True
    >>> as_bool(1, "ceil_mode")
    Traceback (most recent call last):
    ...
    TypeError: ceil_mode: expected a bool, got int 1
    """
    if isinstance(value, bool):
        return value
    # NumPy's bool scalar is no subclass of bool; read it without importing NumPy here
    if type(value).__module__ == "numpy" and getattr(value, "shape", None) == () and value.dtype.kind == "b":
        return bool(value)
    raise TypeError(f"{name}: expected a bool, got {type(value).__name__} {value!r}")


def any_symbolic(*values) -> bool:
    return any(is_sympy(v) for v in values)


def is_sequence(value) -> bool:
    return isinstance(value, (tuple, list))


def plain(value):
    """NumPy arrays and scalars as Python lists and scalars, so one code path reads every form."""
    if hasattr(value, "shape") and hasattr(value, "dtype") and hasattr(value, "tolist"):
        return value.tolist()
    return value




def short(value, limit: int = 60) -> str:
    """``repr(value)`` cut to about ``limit`` characters, for echoing a user's argument in a message.

    Examples
    --------
    >>> short("x" * 100, limit=10)
    "'xxxxxx... (102 characters)"
    >>> short((1, 2))
    '(1, 2)'
    """
    try:
        text = repr(value)
    except ValueError:  # an int too long for repr (Python's 4300-digit limit)
        return f"an integer of about {int(math.log10(abs(value))) + 1} digits"
    if len(text) <= limit:
        return text
    return f"{text[:limit - 3]}... ({len(text)} characters)"


def as_shape(value, name: str, *, ndim: int | None = None, minimum: int = 1, scalar: bool = True) -> tuple:
    """The one input-shape rule: an int, a tuple, a list or a 1-D NumPy array of sizes, as a tuple.

    Every public function that takes a shape reads it here, so ``4``,
    ``(4, 4)``, ``[4, 4]``, ``np.array([4, 4])`` and ``(np.int64(4), 4)``
    mean the same everywhere.

    Parameters
    ----------
    value : int, tuple, list, 1-D numpy.ndarray or SymPy integer expressions
    name : str
        The argument's name, for messages.
    ndim : int, optional
        The number of entries wanted; a single int is then repeated ``ndim`` times.
    minimum : int
        The smallest size allowed (1 for spatial sizes, 0 for a batch).
    scalar : bool
        Whether a single int is accepted (as ``(value,) * ndim``, or ``(value,)``).

    Returns
    -------
    tuple of int (or SymPy expressions)

    Raises
    ------
    TypeError
        Not an int or a sequence of ints (a float, a string, a 2-D array, ...).
    SymconvError
        An empty shape, the wrong number of entries, or a size below ``minimum``.

    Examples
    --------
    >>> import numpy as np
    >>> as_shape(np.array([4, 4]), "input_size") == as_shape([4, 4], "input_size") == (4, 4)
    True
    >>> as_shape(5, "input_size", ndim=2)
    (5, 5)
    >>> as_shape((4, 0), "input_size")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: input_size: expected a positive int, got 0
    """
    value = plain(value)
    if is_sequence(value):
        if not value:
            raise SymconvError(
                f"{name}: expected {'an int or ' if scalar else ''}a non-empty tuple of sizes, got {short(value)}",
                parameter=name,
            )
        if ndim is not None and len(value) != ndim:
            raise SymconvError(
                f"{name}: expected {'an int or ' if scalar else ''}a tuple of {ndim} ints (one per axis), "
                f"got {short(tuple(value))} of length {len(value)}",
                parameter=name,
            )
        return tuple(as_size(v, name, minimum=minimum) for v in value)
    if not scalar:
        raise TypeError(
            f"{name}: expected a non-empty tuple of sizes (a list or 1-D array reads alike), "
            f"got {type(value).__name__} {short(value)}"
        )
    size = as_size(value, name, minimum=minimum)
    return (size,) * (1 if ndim is None else ndim)


def as_real(value, name: str, *, positive: bool = True, allow_zero: bool = False) -> float:
    """A finite real number (``int``, ``float`` or a NumPy scalar; not ``bool``), as a float.

    Examples
    --------
    >>> as_real(0.03, "lr")
    0.03
    >>> as_real(float("nan"), "lr")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: lr: expected a finite positive number, got nan
    """
    kind = "positive " if positive and not allow_zero else ("non-negative " if positive else "")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a finite {kind}number, got {type(value).__name__} {short(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise SymconvError(f"{name}: expected a finite {kind}number, got {short(value)}", parameter=name) from None
    if not math.isfinite(number) or (positive and (number < 0 or (number == 0 and not allow_zero))):
        raise SymconvError(f"{name}: expected a finite {kind}number, got {short(value)}", parameter=name)
    return number


_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def as_name(value, name: str, *, pattern=_NAME, expected: str = "a name of letters, digits and '_' starting with a letter") -> str:
    """A ``str`` matching ``pattern`` (a symbol or label name); text is only compared, never evaluated.

    Examples
    --------
    >>> as_name("W", "name")
    'W'
    >>> as_name("__import__('os')", "name")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: name: expected a name of letters, digits and '_' starting with a letter, got "__import__('os')"
    """
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected {expected}, got {type(value).__name__} {short(value)}")
    if not pattern.match(value):
        raise SymconvError(f"{name}: expected {expected}, got {short(value)}", parameter=name)
    return value


def refuse_count(count, limit: int, name: str, what: str, advice: str) -> None:
    """Refuse a request whose ``count`` (terms, cells, nodes, bytes, ...) passes ``limit``, before any work.

    Examples
    --------
    >>> refuse_count(10, 100, "input_size", "symbols", "use a smaller input")
    >>> refuse_count(10**6, 100, "input_size", "symbols", "use a smaller input")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: input_size: the request needs 1000000 symbols, more than the 100 allowed; use a smaller input
    """
    if count > limit:
        shown = f"{count}" if count < 10**15 else f"about 10^{int(math.log10(count))}"
        raise SymconvError(f"{name}: the request needs {shown} {what}, more than the {limit} allowed; {advice}", parameter=name)


def _physical_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows): 64 GiB
        return 1 << 36


#: The most bytes one operation allocates for its output and working arrays: the
#: machine's physical memory.  More cannot be filled without swapping or the
#: out-of-memory killer (which ended a stride-10**9 transposed convolution here
#: before this limit), so such a geometry is refused with a SymconvError before
#: anything is allocated.  Below the limit NumPy may still raise its own
#: MemoryError when other arrays hold the memory.
MAX_ARRAY_BYTES = _physical_memory()


def refuse_large(arrays, dtype, parameters: str = "stride, padding, dilation") -> None:
    """Refuse, before allocating them, arrays that together exceed :data:`MAX_ARRAY_BYTES`.

    ``arrays`` is a list of ``(what, shape)`` pairs of ``dtype``, or
    ``(what, shape, dtype)`` triples; ``parameters`` names the arguments that
    set their sizes.
    """
    import numpy as np

    sizes = []
    for what, shape, *own in arrays:
        sizes.append((what, tuple(shape), math.prod(shape) * np.dtype(own[0] if own else dtype).itemsize))
    total = sum(size for *_, size in sizes)
    if total > MAX_ARRAY_BYTES:
        shown = ", ".join(f"{what} of shape {shape} ({size:,} bytes)" for what, shape, size in sizes)
        raise SymconvError(
            f"{parameters}: expected a layer whose arrays fit in memory (at most {MAX_ARRAY_BYTES:,} bytes, the "
            f"physical memory), got {shown}: {total:,} bytes of {np.dtype(dtype)}", parameter=parameters
        )


def as_concrete_shape(value, name: str) -> tuple:
    """A concrete shape from a tuple, list or 1-D NumPy array of positive ints."""
    shape = as_shape(value, name, scalar=False)
    if not all(isinstance(v, int) for v in shape):
        raise TypeError(f"{name}: expected concrete ints (symbolic sizes belong to symconv.shapes), got {value!r}")
    return shape


def is_sympy_array(value) -> bool:
    """A SymPy N-dim array or matrix (only if SymPy was imported by someone)."""
    sp = sympy_module()
    return sp is not None and isinstance(value, (sp.NDimArray, sp.MatrixBase))


def as_operand(value, name: str):
    """An operand's values as ``(array, symbolic)``.

    Numeric input gives a NumPy array of a numeric dtype; SymPy input (a SymPy
    array or matrix, or an object array holding SymPy expressions) gives an
    object array whose every entry is a SymPy ``Expr``.  Anything else is a
    :class:`TypeError`.
    """
    import numpy as np

    if is_sympy_array(value):
        shape = tuple(value.shape)
        entries = [value[index] for index in np.ndindex(*shape)]
        return object_array(entries, shape, name), True
    if isinstance(value, (list, tuple)):
        try:
            value = np.asarray(value)
        except ValueError as err:  # ragged nesting
            raise TypeError(f"{name}: expected a NumPy or SymPy array, got a ragged nested sequence") from err
    if not isinstance(value, np.ndarray):
        raise TypeError(
            f"{name}: expected a NumPy array (numeric dtype) or a SymPy array, got {type(value).__name__}"
        )
    if value.dtype.kind in "iufc":
        return value, False
    if value.dtype.kind == "O":
        return object_array(list(value.ravel()), value.shape, name), True
    raise TypeError(f"{name}: expected numbers or SymPy expressions, got an array of dtype {value.dtype}")


def object_array(entries, shape, name):
    """An object array of SymPy expressions; numbers are sympified, anything else (a string) is a TypeError."""
    import numpy as np

    sp = sympy_module()
    converted = []
    for entry in entries:
        if sp is not None and isinstance(entry, sp.Expr):
            converted.append(entry)
        else:
            converted.append(sympy_value(entry, name, what="numbers or SymPy expressions as entries"))
    out = np.empty(len(converted), dtype=object)
    out[:] = converted
    return out.reshape(shape)


def _extended_complex(value) -> bool:
    """NumPy's extended-precision complex (``complex256``/``clongdouble``): SymPy recurses forever on it."""
    dtype = getattr(value, "dtype", None)
    return dtype is not None and dtype.kind == "c" and dtype.itemsize > 16


def sympy_value(value, name: str, *, what: str = "a number or a SymPy expression"):
    """A SymPy expression, or a plain number made into one; text and every other kind is a :class:`TypeError`.

    ``sympy.sympify`` would parse a string (``"__import__('os')..."``) as
    Python code; here only SymPy expressions and numbers (Python, NumPy,
    ``Fraction``, ``Decimal``; not ``bool``) are let through, and numbers are
    converted with ``strict=True``, so nothing is ever parsed.

    Examples
    --------
    >>> sympy_value(3, "parameters")
    3
    >>> sympy_value("__import__('os').system('true')", "parameters")
    Traceback (most recent call last):
    ...
    TypeError: parameters: expected a number or a SymPy expression, got str "__import__('os').system('true')" (text is never evaluated)
    """
    import sympy

    if isinstance(value, sympy.Expr):
        return value
    kind = type(value).__name__
    if isinstance(value, numbers.Number) and not isinstance(value, bool) and not _extended_complex(value):
        return sympy.sympify(value, strict=True)
    if _extended_complex(value):
        raise TypeError(f"{name}: expected {what}, got {kind} {short(value)}, which SymPy cannot read; convert it to complex128 first")
    note = " (text is never evaluated)" if isinstance(value, (str, bytes)) else ""
    raise TypeError(f"{name}: expected {what}, got {kind} {short(value)}{note}")


def sympy_array(array, name: str):
    """An object array of SymPy expressions with ``array``'s shape, from a numeric or object NumPy array.

    Numeric entries are converted as :func:`sympy_value` converts them; an
    object array's entries must be SymPy expressions or numbers (a string is
    a :class:`TypeError`, never parsed); ``complex256`` is refused, since
    SymPy cannot read it.

    Examples
    --------
    >>> import numpy as np
    >>> sympy_array(np.array([1, 2]), "x")
    array([1, 2], dtype=object)
    >>> sympy_array(np.array(["1"], dtype=object), "x")
    Traceback (most recent call last):
    ...
    TypeError: x: expected numbers or SymPy expressions as entries, got str '1' (text is never evaluated)
    """
    if _extended_complex(array):
        raise TypeError(
            f"{name}: expected numbers or SymPy expressions, got an array of dtype {array.dtype}, which SymPy "
            "cannot read; convert it to complex128 first"
        )
    if array.dtype.kind not in "iufcO":
        raise TypeError(f"{name}: expected numbers or SymPy expressions, got an array of dtype {array.dtype}")
    return object_array(array.ravel().tolist() if array.dtype != object else list(array.ravel()), array.shape, name)

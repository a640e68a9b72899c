"""Check someone's implementation against the whole of symconv: the identity catalogue and a random conformance sweep.

:func:`check_implementation` takes the functions to check (any of ``conv``,
``conv_transpose``, ``max_pool``, ``avg_pool``, ``correlate``, ``convolve``,
``deform_conv2d``, with the signatures of :mod:`symconv.numeric`) and runs

* a **conformance sweep**: for each function, random valid cases drawn by
  :mod:`symconv.testing.cases` (every padding form, groups, depthwise,
  dilation, stride larger than the kernel, ``ceil_mode``, 1-D to 3-D, and
  every ``padding_mode`` of a convolution, passed to the function and the
  reference alike) and
  compared by the assertions of :mod:`symconv.testing.assertions`; the first
  failure is reported with its diagnosis;
* the **identity catalogue** (:mod:`symconv.symbolic.catalogue`): every
  identity whose numeric check uses one of the functions, run with them in
  place of symconv's (``identity.check_numeric(rng, ops=...)``) -- the
  identities compare the implementation with itself and with independent
  routes (loops of the definition, einsum, FFT, finite differences).

It returns an :class:`ImplementationReport`: one row per check and an overall
pass, printable as text or Markdown.  ``symconv verify --impl
package.module:function`` does the same from the command line
(:func:`load_implementation` reads the ``--impl`` values).
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from dataclasses import dataclass

import numpy as np

from .._errors import SymconvError
from .._validate import as_size, short
from . import assertions
from .cases import random_conv_case, random_deform_conv2d_case, random_pool_case

__all__ = ["check_implementation", "ImplementationReport", "CheckRow", "load_implementation", "OPERATIONS"]

#: The operations an implementation may provide, in catalogue order.
OPERATIONS = ("conv", "conv_transpose", "max_pool", "avg_pool", "correlate", "convolve", "deform_conv2d")

#: The most sweep cases per operation (a million small cases take about half an hour).
MAX_CASES = 10**6


@dataclass(frozen=True)
class CheckRow:
    """One check of :func:`check_implementation`.

    Attributes
    ----------
    kind : {"conformance", "identity"}
    name : str
        The operation (conformance) or the identity's name.
    passed : bool
    cases : int
        Cases compared (conformance; 0 for an identity).
    seconds : float
    detail : str
        Why it failed (the assertion's message, or the exception), "" when it passed.
    """

    kind: str
    name: str
    passed: bool
    cases: int
    seconds: float
    detail: str = ""


@dataclass(frozen=True)
class ImplementationReport:
    """What :func:`check_implementation` found: ``rows`` and ``passed`` (every row passed).

    ``str(report)`` is a plain-text table with a summary and the failures'
    details; :meth:`to_markdown` (and Jupyter) a Markdown table.
    """

    rows: tuple
    operations: tuple

    @property
    def passed(self) -> bool:
        return bool(self.rows) and all(row.passed for row in self.rows)

    @property
    def failures(self) -> tuple:
        return tuple(row for row in self.rows if not row.passed)

    def _summary(self) -> str:
        n = len(self.rows)
        return (f"{', '.join(self.operations)}: {n} checks, {n - len(self.failures)} passed, {len(self.failures)} failed"
                f" -- {'PASS' if self.passed else 'FAIL'}")

    def __str__(self) -> str:
        header = ("check", "name", "result", "cases", "time (s)")
        body = [(r.kind, r.name, "ok" if r.passed else "FAIL", str(r.cases) if r.cases else "", f"{r.seconds:.2f}")
                for r in self.rows]
        widths = [max(len(h), *(len(line[i]) for line in body)) if body else len(h) for i, h in enumerate(header)]
        lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(), "  ".join("-" * w for w in widths)]
        for line in body:
            lines.append("  ".join([*(v.ljust(w) for v, w in zip(line[:3], widths)), line[3].rjust(widths[3]),
                                    line[4].rjust(widths[4])]).rstrip())
        lines.append(self._summary())
        for row in self.failures:
            lines.append(f"\n{row.kind} {row.name}:")
            lines.extend("  " + text for text in row.detail.splitlines())
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A Markdown table, one row per check, the summary and each failure's first line under it."""
        lines = ["| check | name | result | cases | time (s) |", "|---|---|---|---:|---:|"]
        for r in self.rows:
            lines.append(f"| {r.kind} | `{r.name}` | {'ok' if r.passed else '**FAIL**'} | {r.cases or ''} | {r.seconds:.2f} |")
        lines.append("")
        lines.append(f"**{self._summary()}**")
        for row in self.failures:
            first = row.detail.splitlines()[0] if row.detail else ""
            lines.append(f"\n- `{row.name}`: {first}".replace("|", "\\|"))
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def _cut(text: str, limit: int = 300) -> str:
    """A message on one line, at most about ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ----------------------------------------------------------------------------
# the sweep
# ----------------------------------------------------------------------------


def _sweep_cases(name, rng, count, like, options):
    """``count`` random cases for operation ``name``: ``(args, kwargs)`` pairs."""
    if name in ("conv", "conv_transpose"):
        for _ in range(count):
            case = random_conv_case(rng, transposed=name == "conv_transpose", like=like, **options)
            yield case.args if case.bias is not None else case.args[:2], case.kwargs
    elif name in ("max_pool", "avg_pool"):
        for _ in range(count):
            case = random_pool_case(rng, kind=name[:3], like=like, **options)
            yield case.args, case.kwargs
    elif name == "deform_conv2d":
        for _ in range(count):
            case = random_deform_conv2d_case(rng, like=like, **options)
            yield case.args if case.bias is not None else case.args[:3], case.kwargs
    else:  # correlate, convolve: plain arrays of 1 to 3 axes, every mode
        for _ in range(count):
            ndim = int(rng.integers(1, 4))
            a = rng.standard_normal(tuple(int(v) for v in rng.integers(1, 7, size=ndim)))
            k = rng.standard_normal(tuple(int(v) for v in rng.integers(1, 4, size=ndim)))
            if rng.integers(2):
                a, k = k, a
            mode = ("valid", "same", "full")[int(rng.integers(3))]
            if mode == "valid" and not (all(p >= q for p, q in zip(a.shape, k.shape)) or
                                        all(q >= p for p, q in zip(a.shape, k.shape))):
                mode = "full"
            yield (a, k), ({} if mode == "valid" else {"mode": mode})


_ASSERT = {
    "conv": assertions.assert_conv_matches,
    "conv_transpose": assertions.assert_conv_transpose_matches,
    "max_pool": assertions.assert_max_pool_matches,
    "avg_pool": assertions.assert_avg_pool_matches,
    "correlate": assertions.assert_correlate_matches,
    "convolve": assertions.assert_convolve_matches,
    "deform_conv2d": assertions.assert_deform_conv2d_matches,
}


def _sweep(name, fn, rng, count, like, options) -> CheckRow:
    start = time.perf_counter()
    done = 0
    for args, kwargs in _sweep_cases(name, rng, count, like, options):
        try:
            _ASSERT[name](fn, *args, **kwargs)
        except AssertionError as failure:
            return CheckRow("conformance", name, False, done + 1, time.perf_counter() - start, str(failure))
        done += 1
    return CheckRow("conformance", name, True, done, time.perf_counter() - start)


# ----------------------------------------------------------------------------
# the identities
# ----------------------------------------------------------------------------


def _identity_rows(given: dict, rng, names) -> list[CheckRow]:
    # SymPy is imported only when the catalogue is asked for
    from ..symbolic.catalogue import identities, identity
    from ..symbolic.catalogue.operations import Operations

    ops = Operations(**given)
    chosen = identities() if names is None else [identity(n) for n in names]
    rows = []
    for ident in chosen:
        if not set(getattr(ident, "uses", ())) & set(given):
            continue  # it checks none of the functions given
        start = time.perf_counter()
        try:
            passed, detail = bool(ident.check_numeric(rng, ops=ops)), ""
            if not passed:
                detail = f"{ident.description}: false for the functions given"
        except Exception as error:  # a crash in someone's function is a failed check, reported
            passed, detail = False, f"{type(error).__name__}: {_cut(str(error))}"
        rows.append(CheckRow("identity", ident.name, passed, 0, time.perf_counter() - start, detail))
    return rows


# ----------------------------------------------------------------------------
# the entry point
# ----------------------------------------------------------------------------


def check_implementation(conv=None, conv_transpose=None, max_pool=None, avg_pool=None, correlate=None, convolve=None,
                         deform_conv2d=None, *, rng=0, cases=40, identities=True, names=None, like=None,
                         options=None) -> ImplementationReport:
    """Check the functions given against symconv: the identity catalogue and a random conformance sweep.

    Parameters
    ----------
    conv, conv_transpose, max_pool, avg_pool, correlate, convolve, deform_conv2d : callable, optional
        The implementation, each with the signature and semantics of its
        namesake in :mod:`symconv.numeric` (PyTorch's layouts and keyword
        arguments); only the operations given are checked.
    rng : numpy.random.Generator or int, default 0
        Seed of the sweep and of the identities' numeric checks.
    cases : int, default 40
        Random cases per operation in the sweep (0: no sweep).
    identities : bool, default True
        Whether to run the identity catalogue on the functions.
    names : iterable of str, optional
        Only these identities.
    like : None or "torch"
        Draw only what PyTorch takes (see :func:`symconv.testing.conv_cases`).
    options : dict, optional
        More options of the case drawers per operation, e.g.
        ``{"conv": {"max_dilation": 1, "padding_forms": ("int",)}}`` for an
        implementation without dilation or string padding, ``{"conv":
        {"padding_modes": ("zeros",)}}`` for one without ``padding_mode``.

    Returns
    -------
    ImplementationReport
        ``.rows`` (one per sweep and identity), ``.passed``; ``print(report)``.

    Raises
    ------
    SymconvError
        No function given, ``cases`` negative or past :data:`MAX_CASES`, an option the drawers refuse,
        an unknown identity name.
    TypeError
        A function that is not callable.

    Examples
    --------
    >>> import symconv as sc
    >>> report = check_implementation(conv=sc.numeric.conv, cases=5, names=["stride-is-subsampling"])
    >>> report.passed, [row.name for row in report.rows]
    (True, ['conv', 'stride-is-subsampling'])
    >>> flipped = lambda x, w, *a, **k: sc.numeric.conv(x, w[..., ::-1], *a, **k)
    >>> report = check_implementation(conv=flipped, cases=5, identities=False, options={"conv": {"ndim": 1}})
    >>> report.passed, report.rows[0].detail.splitlines()[-1]
    (False, "  looks like: the kernel flipped -- your function computes a true convolution, but 'conv' in deep learning is cross-correlation (symconv.numeric.convolve is the flipped one)")
    """
    given = {name: fn for name, fn in zip(OPERATIONS, (conv, conv_transpose, max_pool, avg_pool, correlate, convolve,
                                                       deform_conv2d)) if fn is not None}
    if not given:
        raise SymconvError(f"conv: expected at least one function to check ({', '.join(OPERATIONS)}), got none",
                           parameter="conv")
    for name, fn in given.items():
        if not callable(fn):
            raise TypeError(f"{name}: expected a callable, got {type(fn).__name__} {short(fn)}")
    count = as_size(cases, "cases", minimum=0)
    if count > MAX_CASES:
        raise SymconvError(f"cases: expected at most {MAX_CASES:,} cases per operation, got {short(count)}", parameter="cases")
    options = {} if options is None else dict(options)
    for key in options:
        if key not in given:
            raise SymconvError(f"options: expected options for the operations given ({', '.join(given)}), got {short(key)}",
                               parameter="options")
    rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    rows = []
    if count:
        for name, fn in given.items():
            rows.append(_sweep(name, fn, rng, count, like, options.get(name, {})))
    if identities:
        rows.extend(_identity_rows(given, rng, None if names is None else list(names)))
    return ImplementationReport(tuple(rows), tuple(given))


def load_implementation(spec: str) -> dict:
    """Read one ``--impl`` value into ``{operation: function}``.

    ``[operation=]package.module:function`` names one function (the
    operation defaults to ``conv``); ``package.module`` (no colon) takes
    every function of the module named like an operation (``conv``,
    ``conv_transpose``, ``max_pool``, ``avg_pool``, ``correlate``,
    ``convolve``, ``deform_conv2d``).  The current directory is searched
    first, as ``python -m`` does.

    Raises
    ------
    SymconvError
        A malformed value, an unknown operation, a module that does not
        import, a missing or non-callable attribute, a module with none of
        the names (``parameter="impl"``).

    Examples
    --------
    >>> load_implementation("max_pool=symconv.numeric:max_pool")["max_pool"].__name__
    'max_pool'
    >>> sorted(load_implementation("symconv.numeric"))[:3]
    ['avg_pool', 'conv', 'conv_transpose']
    """
    if not isinstance(spec, str) or not spec.strip():
        raise SymconvError(f"impl: expected [operation=]package.module[:function], got {short(spec)}", parameter="impl")
    operation, equals, target = spec.strip().rpartition("=")
    if not equals:
        operation, target = "", spec.strip()
    if operation and operation not in OPERATIONS:
        raise SymconvError(f"impl: expected an operation among {', '.join(OPERATIONS)} before '=', got {short(operation)}",
                           parameter="impl")
    module_name, colon, attribute = target.partition(":")
    if not module_name or (colon and not attribute):
        raise SymconvError(f"impl: expected [operation=]package.module[:function], got {short(spec)}", parameter="impl")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # ImportError, or whatever the module raises while it loads
        raise SymconvError(f"impl: cannot import {short(module_name)} ({type(error).__name__}: {_cut(str(error), 120)})",
                           parameter="impl") from None
    if not colon:
        if operation:
            raise SymconvError(f"impl: {operation}= needs module:function, got {short(spec)}", parameter="impl")
        found = {name: getattr(module, name) for name in OPERATIONS if callable(getattr(module, name, None))}
        if not found:
            raise SymconvError(f"impl: {short(module_name)} defines none of {', '.join(OPERATIONS)}", parameter="impl")
        return found
    value = module
    for part in attribute.split("."):
        if not hasattr(value, part):
            raise SymconvError(f"impl: {short(module_name)} has no attribute {short(attribute)}", parameter="impl")
        value = getattr(value, part)
    if not callable(value):
        raise SymconvError(f"impl: {short(target)} is a {type(value).__name__}, not a function", parameter="impl")
    return {operation or "conv": value}

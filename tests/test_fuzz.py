"""Fuzz the public API with hostile values: every call ends with a result or a clear error, quickly, leaving nothing.

Every public function and class of ``symconv``, ``symconv.numeric``,
``symconv.graphs``, ``symconv.symbolic`` (its variants included),
``symconv.shapes``, ``symconv.counting``, ``symconv.receptive``,
``symconv.networks`` and ``symconv.matrix`` is called with a valid baseline
(``BASELINES``), one parameter at a time replaced by a hostile value
(``HOSTILE``: huge, negative and zero ints, NaN and infinities, code and
newlines in strings, ragged and 2-D and object arrays, bools, complex
numbers, None, ...).  The only claims:

- the call returns, or raises :class:`symconv.SymconvError` or
  ``TypeError`` (nothing else: no ``OverflowError``, ``RecursionError``,
  NumPy ``ValueError``, ``MemoryError`` ...);
- within :data:`SECONDS` of CPU time (a timer in the call that counts
  the child's processor time, so a busy machine does not fail it; a kill
  from outside if C code holds on), under a memory cap of :data:`MEMORY` above what the test
  process uses, so a missing size guard fails instead of swapping;
- with the library's budgets made small (:data:`SMALL_BUDGETS`: bytes,
  symbolic terms, graph edges, direct multiply-adds), so that everything a
  guard lets through is small and fast, and everything else must be refused
  by a guard that counts honestly -- a guard that undercounts shows up as a
  ``MemoryError`` or a timeout;
- no file is left behind (each call runs in an empty directory) and no
  string is evaluated (one hostile string writes a file when run as Python).

Each call runs in a forked child, so nothing it does reaches the next one.
The normal run tries :data:`DEFAULT_EXAMPLES` calls spread over every
function; ``SYMCONV_FUZZ_EXAMPLES=N`` tries ``N`` (all of them past the
number of combinations); the counts tried and passed are printed.
"""

from __future__ import annotations

import importlib
import inspect
import math
import os
import random
import resource
import signal
import sys
import time
from fractions import Fraction

import numpy as np
import pytest
import sympy

import symconv
from symconv import SymconvError
from symconv._validate import short

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the fuzz harness forks a child per call")

SECONDS = 2.0
MEMORY = 3 << 30
DEFAULT_EXAMPLES = 250

#: The library's limits, lowered in each child: a module constant of this name in any symconv module, and a
#: keyword default ``max_edges``.
SMALL_BUDGETS = {
    "MAX_ARRAY_BYTES": 64 << 20,
    "MAX_DENSE_BYTES": 64 << 20,
    "MAX_SYMBOLIC_TERMS": 20_000,
    "MAX_DEFINITION_TERMS": 10**6,
    "MAX_DIRECT_WORK": 10**7,
    "MAX_EDGES": 20_000,
}


def _small_budgets() -> None:
    for name, module in list(sys.modules.items()):
        if not name.startswith("symconv") or module is None:
            continue
        for constant, value in SMALL_BUDGETS.items():
            if isinstance(getattr(module, constant, None), int):
                setattr(module, constant, value)
        for item in vars(module).values():
            defaults = getattr(item, "__kwdefaults__", None)
            if defaults and "max_edges" in defaults:
                defaults["max_edges"] = SMALL_BUDGETS["MAX_EDGES"]

MODULES = [
    "symconv",
    "symconv.numeric",
    "symconv.graphs",
    "symconv.symbolic",
    "symconv.symbolic.variants",
    "symconv.shapes",
    "symconv.counting",
    "symconv.receptive",
    "symconv.networks",
    "symconv.matrix",
]

# names exported for their values or as exceptions, not to be called with arguments
NOT_CALLED = {"SymconvError"}


def _evil(directory: str) -> str:
    """Python that writes a file when evaluated: ``sympify`` or ``eval`` of it would leave ``pwned`` behind."""
    return f"__import__('pathlib').Path({os.path.join(directory, 'pwned')!r}).write_text('x')"


def _looped():
    array = np.empty(2, dtype=object)
    array[0], array[1] = array, 1
    return array


def _hostile(directory: str) -> list:
    evil = _evil(directory)
    values = [
        10**100, 2**63, 2**31, 10**9, 10**6, 10**5, 3000, 64, 2, -(10**9), -1, 0, True, 1.5, 1e308, 5e-324, -0.0,
        float("nan"), float("inf"), -float("inf"), 1 + 2j, None, (10**6, 10**6), (1, 10**9), (3, 3), [2, 2],
        "valid", "full", "SAME", "zh",
        "", "x", "same", evil, "a\nclick x1 href \"javascript:alert(1)\"", "x" * 100_000, b"bytes",
        [[1, 2], [3]], [[1, 2], [3, 4]], [], (), {}, [evil], (3, evil), {"kernel_size": evil},
        np.ones((2, 2)), np.zeros(0), np.array([np.nan, np.inf]), np.array([evil], dtype=object), _looped(),
        np.array([[1, 2]], dtype=np.uint8), np.int64(7), np.float32(2.5), np.bool_(True), Fraction(1, 3),
        sympy.Symbol("n"), sympy.oo, sympy.nan, np.ones((1, 1, 3), dtype=np.clongdouble), object(), print,
    ]
    return values


def _graph():
    return symconv.graphs.connectivity_graph(5, [(3, 1, 1)])


def _baselines(directory: str) -> dict:
    """Valid arguments for each public callable, by its qualified name (defaults fill the rest)."""
    from symconv.symbolic import Step

    x1, w1 = np.arange(5.0).reshape(1, 1, 5), np.ones((1, 1, 3))
    x2 = np.arange(25.0).reshape(1, 1, 5, 5)
    sym = np.array(sympy.symbols("a0:4"), dtype=object).reshape(1, 4)
    return {
        "symconv._errors.SymconvError": dict(message="m"),
        "symconv.geometry.Geometry": dict(kernel_size=3),
        "symconv.shapes.conv_output_size": dict(i=5, k=3),
        "symconv.shapes.conv_transpose_output_size": dict(i=5, k=3),
        "symconv.shapes.pool_output_size": dict(i=5, k=2),
        "symconv.shapes.guide_form": dict(i=5, k=3),
        "symconv.frameworks.translate_padding": dict(framework="torch", padding=1, input_size=5, kernel_size=3),
        "symconv.shapes.GuideConfiguration": dict(
            name="c", i=5, k=3, s=1, p=0, d=1, o=3, relationship=1, transposed_relationship=None
        ),
        "symconv.shapes.Relationship": dict(
            number=1, title="t", kind="convolution", equation=sympy.Eq(sympy.Symbol("o"), sympy.Symbol("i"))
        ),
        "symconv.matrix.conv_matrix": dict(input_shape=(1, 5), w=w1),
        "symconv.matrix.conv_matrix_blocks": dict(input_shape=(4, 4), w=np.ones((1, 1, 2, 2))),
        "symconv.matrix.BlockToeplitz": dict(blocks=[], layout=np.zeros((0, 0))),
        "symconv.numeric.conv.conv": dict(x=x1, w=w1),
        "symconv.numeric.conv.conv_transpose": dict(x=x1, w=w1),
        "symconv.numeric.correlate.correlate": dict(a=np.arange(5.0), k=np.ones(3)),
        "symconv.numeric.correlate.convolve": dict(a=np.arange(5.0), k=np.ones(3)),
        "symconv.numeric.pool.max_pool": dict(x=x1, kernel_size=2),
        "symconv.numeric.pool.avg_pool": dict(x=x1, kernel_size=2),
        "symconv.numeric.deform.deform_conv2d": dict(x=x2, offset=np.zeros((1, 8, 4, 4)), w=np.ones((1, 1, 2, 2))),
        "symconv.numeric.gradients.conv_grad_input": dict(input_shape=(1, 1, 5), w=w1, grad_output=np.ones((1, 1, 3))),
        "symconv.numeric.gradients.conv_grad_weight": dict(x=x1, weight_shape=(1, 1, 3), grad_output=np.ones((1, 1, 3))),
        "symconv.numeric.gradients.conv_grad_bias": dict(grad_output=np.ones((1, 1, 3))),
        "symconv.receptive.receptive_field": dict(layers=[(3, 1, 1), (2, 2, 0)]),
        "symconv.receptive.receptive_field_table": dict(layers=[(3, 1, 1), (2, 2, 0)]),
        "symconv.receptive.ReceptiveField": dict(size=3, stride=1, padding=1),
        "symconv.networks.Layer": dict(geometry=symconv.Geometry(3)),
        "symconv.networks.conv": dict(kernel_size=3),
        "symconv.networks.pool": dict(kernel_size=2),
        "symconv.networks.layer_stack": dict(layers=[(3, 1, 1)]),
        "symconv.counting.conv": dict(input_shape=(1, 8, 8), out_channels=2, kernel_size=3),
        "symconv.counting.conv_transpose": dict(input_shape=(1, 8, 8), out_channels=2, kernel_size=3),
        "symconv.counting.depthwise_separable": dict(input_shape=(2, 8, 8), out_channels=4, kernel_size=3),
        "symconv.counting.spatially_separable": dict(input_shape=(2, 8, 8), out_channels=4, kernel_size=3),
        "symconv.counting.pool": dict(input_shape=(1, 8, 8), kernel_size=2),
        "symconv.counting.dense": dict(in_features=4, out_features=3),
        "symconv.counting.count_table": dict(rows=[symconv.counting.dense(4, 3)]),
        "symconv.counting.CountingReport": dict(title="t", sections=[]),
        "symconv.counting.LayerCount": dict(name="l", output_shape=(1,), params=1, macs=1),
        "symconv.graphs.generators.connectivity_graph": dict(n_inputs=5, layers=[(3, 1, 1)]),
        "symconv.graphs.generators.dense_graph": dict(n_inputs=3, n_outputs=2),
        "symconv.graphs.generators.layer_prefixes": dict(depth=2),
        "symconv.graphs.queries.resolve_node": dict(G=_graph(), node="x3"),
        "symconv.graphs.queries.layer_nodes": dict(G=_graph(), layer=1),
        "symconv.graphs.queries.receptive_field_nodes": dict(G=_graph(), node="s3"),
        "symconv.graphs.queries.affected_nodes": dict(G=_graph(), node="x3"),
        "symconv.graphs.queries.cone_nodes": dict(G=_graph(), node="x3", upward=True),
        "symconv.graphs.queries.edges_by_parameter": dict(G=_graph()),
        "symconv.graphs.queries.shared_edges": dict(G=_graph(), parameter="w1[1]"),
        "symconv.graphs.queries.parameter_count": dict(G=_graph()),
        "symconv.graphs.queries.ParameterCount": dict(parameters=1, edges=1),
        "symconv.graphs.panels.Panel": dict(graph=_graph(), title="t"),
        "symconv.graphs.panels.Diagram": dict(panels=(symconv.graphs.Panel(_graph()),)),
        "symconv.graphs.mermaid.to_mermaid": dict(diagram=_graph()),
        "symconv.graphs.dot.to_dot": dict(diagram=_graph()),
        "symconv.graphs.tikz.to_tikz": dict(diagram=_graph()),
        "symconv.graphs.draw_mpl.draw": dict(diagram=_graph()),
        "symconv.graphs.draw_mpl.Drawing": dict(ax=None),
        "symconv.graphs.renderers.render": dict(diagram=_graph(), fmt="mmd"),
        "symconv.graphs.figures.seed_diagram": dict(name="parameter_sharing"),
        "symconv.graphs.figures.seed_figure": dict(name="parameter_sharing"),
        "symconv.graphs.figures.seed_figure_bytes": dict(name="parameter_sharing"),
        "symconv.graphs.figures.diagram": dict(name="seed/parameter-sharing"),
        "symconv.graphs.figures.diagram_mermaid": dict(name="seed/parameter-sharing"),
        "symconv.graphs.figures.diagram_figure": dict(name="seed/parameter-sharing"),
        "symconv.symbolic.derivation.Derivation": dict(title="t", steps=[Step("s", [], "e")]),
        "symconv.symbolic.derivation.Step": dict(title="s", relations=[], explanation="e", parameters=3),
        "symconv.symbolic.derivation.latex": dict(expr=sympy.Symbol("x") ** 2),
        "symconv.symbolic.expressions.conv_expressions": dict(input_shape=(1, 4), kernel_shape=(1, 1, 2)),
        "symconv.symbolic.expressions.symbol_array": dict(name="w", shape=(2, 2)),
        "symconv.symbolic.variants.as_array": dict(value=sym),
        "symconv.symbolic.variants.zero_insert": dict(a=sym, step=2),
        "symconv.symbolic.variants.dilated_kernel": dict(w=sym.reshape(1, 1, 4), dilation=2),
        "symconv.symbolic.variants.convolve": dict(f=sym, g=np.ones((1, 2))),
        "symconv.symbolic.variants.correlate": dict(x=sym, k=np.ones((1, 2))),
        "symconv.symbolic.variants.circular_correlate": dict(x=sym, k=np.ones((1, 2))),
        "symconv.symbolic.variants.shift": dict(x=sym, offset=1),
        "symconv.symbolic.variants.equivariance_region": dict(input_size=8, kernel_size=3, offset=2),
        "symconv.symbolic.variants.separable_rank": dict(kernel=np.array([[1, 2], [2, 4]])),
        "symconv.symbolic.variants.separable_factors": dict(kernel=np.array([[1, 2], [2, 4]])),
        "symconv.symbolic.variants.TransposedSteps": dict(stuffed=1, padded=1, kernel=1, output=1),
        "symconv.symbolic.variants.transposed_construction": dict(x=sym[:, :2], w=np.ones((1, 1, 2))),
        "symconv.symbolic.variants.transposed_scatter": dict(x=sym[:, :2], w=np.ones((1, 1, 2))),
        "symconv.symbolic.variants.bilinear_form": dict(u=0.5, v=0.25, corners=[[1, 2], [3, 4]]),
        "symconv.symbolic.variants.bilinear_sample": dict(image=sym.reshape(2, 2), row=0.5, col=0.25),
        "symconv.symbolic.variants.deform_conv2d_expressions": dict(
            x=sym.reshape(1, 2, 2), offset=np.zeros((2, 2, 2)), w=np.ones((1, 1, 1, 1))
        ),
        "symconv.symbolic.variants.pool_expressions": dict(x=(1, 2, 4), kernel_size=2),
        "symconv.symbolic.variants.global_pool_expressions": dict(x=(2, 1, 2)),
    }


def _callables() -> dict:
    """Qualified name -> callable, for every public callable of :data:`MODULES` (each once)."""
    found = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for export in module.__all__:
            value = getattr(module, export)
            if not callable(value) or export in NOT_CALLED and value is SymconvError:
                continue
            key = f"{getattr(value, '__module__', name)}.{getattr(value, '__qualname__', export)}"
            found.setdefault(key, value)
    found["symconv.graphs.queries.cone_nodes"] = importlib.import_module("symconv.graphs.queries").cone_nodes
    return found


def _parameters(function) -> list:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return []
    return [p.name for p in signature.parameters.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


class _Timeout(BaseException):
    """Raised by the timer inside the child (a BaseException, so no library except-clause swallows it)."""


def _child(function, kwargs, directory, budget, pipe) -> None:
    outcome = "ok"
    try:
        os.chdir(directory)
        resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
        _small_budgets()

        def alarm(*_):
            raise _Timeout

        signal.signal(signal.SIGPROF, alarm)
        signal.setitimer(signal.ITIMER_PROF, SECONDS)
        try:
            function(**kwargs)
        except (SymconvError, TypeError):
            outcome = "clear"
        except _Timeout:
            outcome = f"slow: still running after {SECONDS} s"
        except BaseException as error:  # noqa: BLE001 -- anything else is what the fuzz is looking for
            outcome = f"unclear: {type(error).__name__}: {short(str(error), 200)}"
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
    except BaseException as error:  # noqa: BLE001
        outcome = f"harness: {type(error).__name__}: {short(str(error), 200)}"
    os.write(pipe, outcome.encode()[:4000])
    os._exit(0)


def _call(function, kwargs, directory, budget) -> str:
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover -- the child
        os.close(read)
        _child(function, kwargs, directory, budget, write)
    os.close(write)
    deadline = time.monotonic() + 10 * SECONDS + 5  # wall clock, for a child stuck outside Python
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read)
            return f"hung: killed after {10 * SECONDS + 5} s of wall-clock time"
        time.sleep(0.002)
    chunks = []
    while True:
        chunk = os.read(read, 4096)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read)
    text = b"".join(chunks).decode()
    if not text:
        return f"died: exit status {status} (signal {os.WTERMSIG(status) if os.WIFSIGNALED(status) else None})"
    return text


def _cases(directory: str) -> list:
    """Every (name, function, parameter, hostile index, kwargs) combination, round-robin over functions."""
    functions = _callables()
    baselines = _baselines(directory)
    hostile = _hostile(directory)
    per_function = []
    for name in sorted(functions):
        function = functions[name]
        base = baselines.get(name, {})
        cases = []
        for parameter in _parameters(function):
            for index, value in enumerate(hostile):
                cases.append((name, function, parameter, index, {**base, parameter: value}))
        if not cases:  # no parameters: call it as it is
            cases.append((name, function, None, None, dict(base)))
        random.Random(name).shuffle(cases)
        per_function.append(cases)
    ordered = []
    for layer in range(max(map(len, per_function))):
        ordered += [cases[layer] for cases in per_function if layer < len(cases)]
    return ordered


def _budget() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024 + MEMORY
    return resource.RLIM_INFINITY


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="the memory cap reads /proc")
def test_every_public_function_ends_quickly_with_a_result_or_a_clear_error(tmp_path, capsys):
    import matplotlib

    matplotlib.use("Agg")
    directory = str(tmp_path)
    examples = int(os.environ.get("SYMCONV_FUZZ_EXAMPLES", DEFAULT_EXAMPLES))
    # everything imported and warmed up in the parent, so a child's time is the call's own
    _callables()
    cases = _cases(directory)[:examples]
    budget = _budget()
    failures, tried = [], 0
    for name, function, parameter, index, kwargs in cases:
        outcome = _call(function, kwargs, directory, budget)
        tried += 1
        left = sorted(os.listdir(directory))
        if left:
            outcome = f"left files behind: {left}" if outcome in ("ok", "clear") else outcome + f"; left {left}"
            for entry in left:
                path = os.path.join(directory, entry)
                if os.path.isfile(path):
                    os.remove(path)
        if outcome not in ("ok", "clear"):
            value = "(none)" if index is None else short(_hostile(directory)[index], 50)
            failures.append(f"{name}({parameter}={value}): {outcome}")
    with capsys.disabled():
        print(f"\nfuzz: {tried} calls tried over {len(_callables())} public callables, {tried - len(failures)} passed")
    assert not failures, f"{len(failures)} of {tried} calls failed:\n" + "\n".join(failures[:60])


def test_the_harness_sees_a_hang_a_crash_and_an_unclear_error(tmp_path):
    budget = _budget()

    def slow():
        while True:  # processor time, which the timer counts
            pass

    def unclear():
        raise OverflowError("too big")

    def greedy():
        return bytearray(MEMORY + (1 << 30))

    assert _call(slow, {}, str(tmp_path), budget).startswith("slow")
    assert _call(unclear, {}, str(tmp_path), budget).startswith("unclear: OverflowError")
    assert _call(greedy, {}, str(tmp_path), budget).startswith("unclear: MemoryError")
    assert _call(lambda: 1, {}, str(tmp_path), budget) == "ok"
    assert _call(lambda: symconv.Geometry(0), {}, str(tmp_path), budget) == "clear"


def test_every_public_callable_has_a_baseline_that_works(tmp_path):
    # the fuzz replaces one argument at a time; from a broken baseline it would test little
    baselines = _baselines(str(tmp_path))
    broken = []
    for name, function in sorted(_callables().items()):
        needed = [
            p.name for p in inspect.signature(function).parameters.values()
            if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ] if _parameters(function) else []
        if needed and name not in baselines:
            broken.append(f"{name}: no baseline for {needed}")
            continue
        try:
            function(**baselines.get(name, {}))
        except Exception as error:  # noqa: BLE001
            broken.append(f"{name}: {type(error).__name__}: {error}")
    assert not broken, "\n".join(broken)
    assert math.isfinite(SECONDS)

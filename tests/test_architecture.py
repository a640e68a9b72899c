"""Import-layer contract of the ``symconv`` package, checked from the source.

The rules are described in ``docs/ARCHITECTURE.md``.  In short:

1. No import cycles between symconv modules.  Every import counts, including
   imports inside functions, methods and ``if`` blocks; only imports under
   ``if TYPE_CHECKING:`` are ignored.  Importing ``symconv.a.b`` also runs
   ``symconv/a/__init__.py``, so it counts as importing the package
   ``symconv.a`` too, except when that package is an ancestor of the importing
   module (a module's own packages are already initialised when it runs).
   Nothing in the package imports a backward-compatibility shim
   (``COMPAT_SHIMS``), and the shims' own imports are left out of the graph.
2. Private names and private modules stay home.  A name with a leading
   underscore (dunders such as ``__version__`` excepted) is imported only by
   modules in the same package directory as the module defining it.  A module
   ``A._m`` (and anything under it, e.g. ``A._m.x``) is imported only by
   modules inside package ``A``, at any depth.
3. Layers point down.  Every module belongs to a layer of ``LAYERS`` (longest
   dotted prefix wins) and imports only from its own layer or lower ones.
   Importing the package root ``symconv`` is allowed from anywhere; the root
   ``__init__`` (which re-exports lazily) and the shims are exempt as
   importers.

The checker is plain ``ast`` and works on any package directory, so the
``test_checker_catches_*`` tests run it on small synthetic packages written to
``tmp_path`` to show that it reports exactly what it should.
"""

from __future__ import annotations

import ast
import itertools
import textwrap
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

PACKAGE_NAME = "symconv"
PACKAGE_DIR = Path(__file__).resolve().parents[1] / PACKAGE_NAME

# Bottom to top.  A module may import from its own layer and the layers below.
LAYERS: list[list[str]] = [
    # foundation
    ["symconv._errors", "symconv._validate", "symconv.geometry", "symconv._layout"],
    # plumbing, importable by everything above the foundation
    ["symconv._i18n", "symconv._output"],
    # arithmetic
    ["symconv.shapes", "symconv.counting", "symconv.receptive", "symconv.networks", "symconv.frameworks"],
    # routes
    ["symconv.numeric", "symconv.matrix", "symconv.symbolic", "symconv.graphs"],
    # importers
    ["symconv.models"],
    # pictures
    ["symconv.plots"],
    # documents
    ["symconv.pages"],
    # testing
    ["symconv.testing"],
    # top
    ["symconv.build", "symconv.cli", "symconv.__main__"],
]

# Thin backward-compatibility re-export modules (dotted names) that nothing
# inside the package imports.  They are exempt as importers.
COMPAT_SHIMS: tuple[str, ...] = (
    "symconv.jupyter",
    "symconv.graphs.build",
    "symconv.animate",
    "symconv.figures",
    "symconv.gradients",
    "symconv.symbolic.pages_content",
)

MAX_CYCLES_SHOWN = 10


# --------------------------------------------------------------------------
# The checker
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    """One import of a package module found in the source."""

    importer: str  # dotted name of the importing module
    target: str  # dotted name of the imported module
    name: str | None  # for ``from target import name`` when name is not a submodule
    line: int

    def __str__(self) -> str:
        what = self.target if self.name is None else f"{self.target}.{self.name}"
        return f"{self.importer} -> {what}  (line {self.line})"


@dataclass
class Package:
    name: str
    modules: dict[str, Path]  # dotted module name -> file
    packages: set[str]  # the modules that are packages (an ``__init__.py``)
    imports: list[Import]


def _within(module: str, prefix: str) -> bool:
    """True if ``module`` is ``prefix`` or lies under it (on dotted boundaries)."""
    return module == prefix or module.startswith(prefix + ".")


def _parents(module: str) -> list[str]:
    """The proper dotted prefixes of ``module``: ``a.b.c`` -> ``[a, a.b]``."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def find_modules(package_dir: Path, package_name: str) -> tuple[dict[str, Path], set[str]]:
    """Every ``.py`` file under ``package_dir`` by dotted module name."""
    modules: dict[str, Path] = {}
    packages: set[str] = set()
    for path in sorted(package_dir.rglob("*.py")):
        parts = [package_name, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
            packages.add(".".join(parts))
        modules[".".join(parts)] = path
    return modules, packages


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _type_checking_only(tree: ast.AST) -> set[int]:
    """ids of the nodes that only run under a type checker."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.If):
            continue
        if _is_type_checking(node.test):
            branch = node.body
        elif (
            isinstance(node.test, ast.UnaryOp)
            and isinstance(node.test.op, ast.Not)
            and _is_type_checking(node.test.operand)
        ):
            branch = node.orelse
        else:
            continue
        for statement in branch:
            skipped.update(id(inner) for inner in ast.walk(statement))
    return skipped


def _resolve_relative(importer: str, is_package: bool, level: int, module: str | None) -> str:
    """The absolute module named by ``from <level dots><module> import ...``."""
    current = importer if is_package else importer.rpartition(".")[0]
    parts = current.split(".") if current else []
    if level - 1 >= len(parts):
        raise ValueError(f"{importer}: relative import with {level} dots goes above the top-level package")
    base = ".".join(parts[: len(parts) - (level - 1)])
    return f"{base}.{module}" if module else base


def module_imports(
    importer: str, path: Path, is_package: bool, modules: dict[str, Path], package_name: str
) -> list[Import]:
    """Every import of a ``package_name`` module in one file (TYPE_CHECKING blocks excepted)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = _type_checking_only(tree)
    found: list[Import] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _within(alias.name, package_name):
                    found.append(Import(importer, alias.name, None, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                source = _resolve_relative(importer, is_package, node.level, node.module)
            else:
                source = node.module or ""
            if not _within(source, package_name):
                continue
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if alias.name != "*" and submodule in modules:
                    found.append(Import(importer, submodule, None, node.lineno))
                else:
                    found.append(Import(importer, source, alias.name, node.lineno))
    return found


def scan_package(package_dir: Path, package_name: str) -> Package:
    modules, packages = find_modules(package_dir, package_name)
    imports = [
        found
        for name, path in modules.items()
        for found in module_imports(name, path, name in packages, modules, package_name)
    ]
    return Package(package_name, modules, packages, imports)


def _is_shim(module: str, shims: tuple[str, ...]) -> bool:
    return any(_within(module, shim) for shim in shims)


def import_graph(package: Package, shims: tuple[str, ...] = ()) -> nx.DiGraph:
    """module -> imported module, with the implied imports of parent packages."""
    graph = nx.DiGraph()
    graph.add_nodes_from(m for m in package.modules if not _is_shim(m, shims))
    for found in package.imports:
        if _is_shim(found.importer, shims):
            continue
        ancestors = {found.importer, *_parents(found.importer)}
        # The named module is always a dependency (even an ancestor: taking a
        # name from one's own package's __init__ needs that __init__ to have
        # run far enough).  Its parent packages are initialised on the way,
        # except those that enclose the importer, which are already running.
        targets = [found.target] + [p for p in _parents(found.target) if p not in ancestors]
        for target in targets:
            if target != found.importer:
                graph.add_edge(found.importer, target)
    return graph


def _canonical(cycle: list[str]) -> tuple[str, ...]:
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])


def find_cycles(graph: nx.DiGraph, limit: int = MAX_CYCLES_SHOWN) -> list[tuple[str, ...]]:
    """Up to ``limit`` simple cycles, shortest first (cycles are enumerated by growing length)."""
    if nx.is_directed_acyclic_graph(graph):
        return []
    found: set[tuple[str, ...]] = set()
    for bound in range(2, graph.number_of_nodes() + 1):
        found.update(_canonical(c) for c in itertools.islice(nx.simple_cycles(graph, length_bound=bound), 10_000))
        if len(found) >= limit:
            break
    return sorted(found, key=lambda c: (len(c), c))[:limit]


def shim_imports(package: Package, shims: tuple[str, ...]) -> list[Import]:
    """Imports of a compatibility shim from inside the package."""
    return [found for found in package.imports if _is_shim(found.target, shims)]


def _home(module: str, package: Package) -> str:
    """The package whose directory holds the module's file."""
    return module if module in package.packages else module.rpartition(".")[0]


def private_violations(package: Package) -> list[str]:
    """``importer -> module.name`` for each private name or module used outside its home."""
    offenders: set[str] = set()
    for found in package.imports:
        private_name = found.name is not None and _is_private(found.name)
        if private_name and _home(found.target, package) != _home(found.importer, package):
            offenders.add(f"{found.importer} -> {found.target}.{found.name}")
        parts = found.target.split(".")
        for i, part in enumerate(parts):
            if _is_private(part):
                owner = ".".join(parts[:i])  # only modules inside it may import it
                if not _within(found.importer, owner):
                    offenders.add(f"{found.importer} -> {found.target}")
                break  # the outermost private component is the strictest
    return sorted(offenders)


def layer_of(module: str, layers: list[list[str]]) -> int | None:
    """Index of the layer whose prefix matches ``module`` longest, or None."""
    best: tuple[int, int] | None = None  # (prefix length, layer index)
    for index, prefixes in enumerate(layers):
        for prefix in prefixes:
            if _within(module, prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return None if best is None else best[1]


def layer_violations(
    package: Package, layers: list[list[str]], shims: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """(modules in no layer, ``importer -> target`` imports that point upwards)."""

    def exempt(module: str) -> bool:
        return module == package.name or _is_shim(module, shims)

    unlayered = {m for m in package.modules if not exempt(m) and layer_of(m, layers) is None}
    upward: set[str] = set()
    for found in package.imports:
        if exempt(found.importer) or exempt(found.target):
            continue
        source, target = layer_of(found.importer, layers), layer_of(found.target, layers)
        if target is None:
            unlayered.add(found.target)  # e.g. an import of a module that no longer exists
        elif source is not None and target > source:
            upward.add(f"{found.importer} (layer {source}) -> {found.target} (layer {target})")
    return sorted(unlayered), sorted(upward)


# --------------------------------------------------------------------------
# The contract of symconv
# --------------------------------------------------------------------------


def _symconv() -> Package:
    return scan_package(PACKAGE_DIR, PACKAGE_NAME)


def test_no_import_cycles():
    package = _symconv()
    cycles = find_cycles(import_graph(package, COMPAT_SHIMS))
    listing = "\n".join("  " + " -> ".join([*cycle, cycle[0]]) for cycle in cycles)
    assert not cycles, f"import cycles (at most {MAX_CYCLES_SHOWN}, shortest first):\n{listing}"


def test_no_module_imports_a_shim():
    offenders = shim_imports(_symconv(), COMPAT_SHIMS)
    listing = "\n".join(f"  {found}" for found in offenders)
    assert not offenders, f"modules importing a compatibility shim:\n{listing}"


def test_no_private_names_across_packages():
    offenders = private_violations(_symconv())
    listing = "\n".join(f"  {line}" for line in offenders)
    assert not offenders, f"private names or modules imported from outside their package:\n{listing}"


def test_layers_point_down():
    unlayered, upward = layer_violations(_symconv(), LAYERS, COMPAT_SHIMS)
    problems = []
    if unlayered:
        problems.append("every module belongs to a layer; in no layer:\n" + "\n".join(f"  {m}" for m in unlayered))
    if upward:
        problems.append("imports pointing up the layers:\n" + "\n".join(f"  {line}" for line in upward))
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------
# Negative controls: the checker on synthetic packages
# --------------------------------------------------------------------------


def _write_package(root: Path, files: dict[str, str], name: str = "pkg") -> Path:
    """Write ``files`` (relative path -> source) under ``root/name``; return the package dir."""
    package_dir = root / name
    for relative, source in files.items():
        path = package_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    return package_dir


def _scan(tmp_path: Path, files: dict[str, str]) -> Package:
    return scan_package(_write_package(tmp_path, {"__init__.py": "", **files}), "pkg")


def test_checker_catches_cycle_through_import_in_function(tmp_path):
    package = _scan(
        tmp_path,
        {
            "a.py": "from . import b\n",
            "b.py": """
                def f():
                    from . import a
                    return a
            """,
            "c.py": "import pkg.a\n",
        },
    )
    assert find_cycles(import_graph(package)) == [("pkg.a", "pkg.b")]


def test_checker_catches_cycle_through_own_package_init(tmp_path):
    # sub/__init__ runs impl, which takes a name from the half-initialised sub/__init__.
    package = _scan(
        tmp_path,
        {
            "sub/__init__.py": "LIMIT = 3\nfrom .impl import f\n",
            "sub/impl.py": "from . import LIMIT\n\ndef f():\n    return LIMIT\n",
        },
    )
    assert find_cycles(import_graph(package)) == [("pkg.sub", "pkg.sub.impl")]


def test_checker_ignores_parent_package_edges_to_own_ancestors(tmp_path):
    # sub/__init__ re-exports from impl; impl imports a sibling; other imports impl.
    package = _scan(
        tmp_path,
        {
            "sub/__init__.py": "from .impl import f\n",
            "sub/impl.py": "from .util import g\n\ndef f():\n    return g()\n",
            "sub/util.py": "def g():\n    return 1\n",
            "other.py": "from pkg.sub.impl import f\nimport pkg.sub.util\n",
        },
    )
    graph = import_graph(package)
    assert find_cycles(graph) == []
    assert set(graph.edges) == {
        ("pkg.sub", "pkg.sub.impl"),
        ("pkg.sub.impl", "pkg.sub.util"),
        ("pkg.other", "pkg.sub.impl"),
        ("pkg.other", "pkg.sub.util"),
        ("pkg.other", "pkg.sub"),  # implied: importing pkg.sub.impl runs pkg/sub/__init__.py
    }


def test_checker_drops_self_edges(tmp_path):
    package = _scan(tmp_path, {"a.py": "import pkg.a\n"})
    graph = import_graph(package)
    assert list(nx.selfloop_edges(graph)) == []
    assert find_cycles(graph) == []


def test_checker_ignores_type_checking_imports(tmp_path):
    package = _scan(
        tmp_path,
        {
            "a.py": "from . import b\n",
            "b.py": """
                import typing
                from typing import TYPE_CHECKING

                if TYPE_CHECKING:
                    from . import a
                if typing.TYPE_CHECKING:
                    from pkg.a import Thing
                if not TYPE_CHECKING:
                    pass
                else:
                    import pkg.a
            """,
            "c.py": """
                from typing import TYPE_CHECKING

                if TYPE_CHECKING:
                    pass
                else:
                    from . import a  # runs: counts
            """,
        },
    )
    assert {(i.importer, i.target) for i in package.imports} == {("pkg.a", "pkg.b"), ("pkg.c", "pkg.a")}
    assert find_cycles(import_graph(package)) == []


def test_checker_resolves_relative_imports(tmp_path):
    package = _scan(
        tmp_path,
        {
            "x.py": "NAME = 1\n",
            "sub/__init__.py": "from . import deep\nfrom .deep import y\nfrom .. import NAME_IN_ROOT\n",
            "sub/sibling.py": "",
            "sub/deep.py": """
                from .. import x
                from .. import ROOT_NAME
                from ..x import NAME
                from . import sibling, helper
                from .sibling import *
                import pkg.sub.sibling
                from pkg.sub import deep
                import os
                from os import path
                y = 1
            """,
        },
    )
    assert {(i.importer, i.target, i.name) for i in package.imports} == {
        ("pkg.sub", "pkg.sub.deep", None),
        ("pkg.sub", "pkg.sub.deep", "y"),
        ("pkg.sub", "pkg", "NAME_IN_ROOT"),
        ("pkg.sub.deep", "pkg.x", None),
        ("pkg.sub.deep", "pkg", "ROOT_NAME"),
        ("pkg.sub.deep", "pkg.x", "NAME"),
        ("pkg.sub.deep", "pkg.sub.sibling", None),
        ("pkg.sub.deep", "pkg.sub", "helper"),
        ("pkg.sub.deep", "pkg.sub.sibling", "*"),
        ("pkg.sub.deep", "pkg.sub.deep", None),
    }


def test_checker_catches_private_names_across_packages(tmp_path):
    package = _scan(
        tmp_path,
        {
            "sub/__init__.py": "from .a import _h\n_x = 1\n",  # same directory: fine
            "sub/a.py": "_h = 1\n__version__ = '1'\n",
            "sub/b.py": "from .a import _h\nfrom . import _x\n",  # same directory: fine
            "sub/deeper/__init__.py": "",
            "sub/deeper/d.py": "from ..a import _h\n",  # subpackage: refused
            "c.py": "from pkg.sub.a import _h, __version__\n",  # other package: _h refused
            "e.py": "from pkg.sub import _x\n",  # _x lives in pkg/sub/: refused
        },
    )
    assert private_violations(package) == [
        "pkg.c -> pkg.sub.a._h",
        "pkg.e -> pkg.sub._x",
        "pkg.sub.deeper.d -> pkg.sub.a._h",
    ]


def test_checker_catches_private_modules_outside_their_package(tmp_path):
    package = _scan(
        tmp_path,
        {
            "_top.py": "",
            "sub/__init__.py": "from . import _m\n",  # inside pkg.sub: fine
            "sub/_m.py": "",
            "sub/_priv/__init__.py": "",
            "sub/_priv/x.py": "from .. import _m\n",  # inside pkg.sub: fine
            "sub/deeper/__init__.py": "",
            "sub/deeper/d.py": "from .. import _m\nfrom pkg.sub._priv.x import thing\n",  # any depth: fine
            "sub/b.py": "from pkg import _top\n",  # inside pkg: fine
            "c.py": """
                from pkg.sub import _m
                import pkg.sub._m
                from pkg.sub._priv.x import thing
                from . import _top
            """,
        },
    )
    assert private_violations(package) == [
        "pkg.c -> pkg.sub._m",
        "pkg.c -> pkg.sub._priv.x",
    ]


def test_checker_catches_upward_imports_and_unlayered_modules(tmp_path):
    package = _scan(
        tmp_path,
        {
            "low.py": "from . import high\nfrom pkg import __version__\n",  # up: refused; root: fine
            "low2.py": "from .low import f\n",  # same layer: fine
            "high/__init__.py": "from .base import b\nfrom .. import low\n",  # own layer and below: fine
            "high/base.py": "from . import top\n",  # longest prefix puts base below high: refused
            "high/top.py": "from . import base\n",
            "stray.py": "from . import low\n",  # in no layer
            "old.py": "from . import high\n",  # a shim: exempt
        },
    )
    layers = [["pkg.low", "pkg.low2", "pkg.high.base"], ["pkg.high"]]
    unlayered, upward = layer_violations(package, layers, shims=("pkg.old",))
    assert unlayered == ["pkg.stray"]
    assert upward == [
        "pkg.high.base (layer 0) -> pkg.high.top (layer 1)",
        "pkg.low (layer 0) -> pkg.high (layer 1)",
    ]


def test_checker_catches_imports_of_shims_and_leaves_shims_out_of_the_graph(tmp_path):
    package = _scan(
        tmp_path,
        {
            "new.py": "def f():\n    from . import old\n",  # imports a shim: refused
            "old.py": "from .new import f\n",  # the shim re-exports new
        },
    )
    shims = ("pkg.old",)
    assert [(i.importer, i.target) for i in shim_imports(package, shims)] == [("pkg.new", "pkg.old")]
    assert find_cycles(import_graph(package, shims)) == []
    assert find_cycles(import_graph(package)) == [("pkg.new", "pkg.old")]

"""One table of every generated file, and the build that writes them.

:data:`TABLE` lists every file symconv generates -- derivations (LaTeX and
Markdown) and figures -- as :class:`Entry` objects: a name (what
``symconv build --only NAME`` selects), the output paths, and a function that
renders their contents.  :func:`build` writes them, or with ``check=True``
compares them with what is on disk.

- Output paths are relative to the output directory, which defaults to the
  current working directory: derivations go to ``./derivations/``, figures to
  ``./figures/`` (``symconv build --out DIR`` writes under ``DIR`` instead).
- The same inputs give byte-identical files: renderers use no clocks, no
  unseeded randomness, and figures go through :mod:`symconv._savefig`.
- Files are written atomically (a temporary file in the same directory, then
  :func:`os.replace`), and only when their bytes changed.

Adding a generated file means adding one entry to :data:`TABLE`;
:func:`derivation_entry` and :func:`figure_entry` build the usual kinds.

Examples
--------
>>> [(e.name, e.outputs) for e in TABLE][:1]
[('shape-arithmetic', ('derivations/shape-arithmetic.md', 'derivations/shape-arithmetic.tex'))]
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Mapping

from ._errors import SymconvError

__all__ = ["Entry", "TABLE", "ItemResult", "BuildReport", "build", "entries", "derivation_entry", "figure_entry"]

_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")


@dataclass(frozen=True)
class Entry:
    """One item of the build table: a name, its output files and their renderer.

    Parameters
    ----------
    name : str
        What ``--only`` selects: lower-case letters, digits, ``.``, ``_``, ``-``.
    outputs : tuple of str
        Paths relative to the output directory, in POSIX form, e.g.
        ``"derivations/shape-arithmetic.md"``.  One entry may write several
        files (a derivation in Markdown and LaTeX, a figure in SVG and PNG).
    render : callable
        Called with no arguments; returns a mapping from each path of
        ``outputs`` to its content: ``str`` (written as UTF-8) or ``bytes``.
    description : str
        One line for ``symconv build --help`` and the progress output.

    Examples
    --------
    >>> e = Entry("hello", ("derivations/hello.md",), lambda: {"derivations/hello.md": "# Hello\\n"})
    >>> e.contents()
    {'derivations/hello.md': b'# Hello\\n'}
    """

    name: str
    outputs: tuple
    render: Callable[[], Mapping]
    description: str = ""

    def __post_init__(self):
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise SymconvError(
                f"name: expected lower-case letters, digits, '.', '_' or '-', got {self.name!r}"
            )
        outputs = tuple(self.outputs) if isinstance(self.outputs, (tuple, list)) else None
        if not outputs:
            raise SymconvError(f"outputs: expected a non-empty tuple of relative paths, got {self.outputs!r}")
        for path in outputs:
            pure = PurePosixPath(path) if isinstance(path, str) else None
            if pure is None or pure.is_absolute() or ".." in pure.parts or str(pure) != path or "\\" in path:
                raise SymconvError(f"outputs: expected relative POSIX paths without '..', got {path!r}")
        if len(set(outputs)) != len(outputs):
            raise SymconvError(f"outputs: expected distinct paths, got {outputs!r}")
        if not callable(self.render):
            raise TypeError(f"render: expected a callable, got {type(self.render).__name__}")
        object.__setattr__(self, "outputs", outputs)

    def contents(self) -> dict:
        """Render and return ``{path: bytes}`` for every output, in table order."""
        rendered = self.render()
        if not isinstance(rendered, Mapping) or set(rendered) != set(self.outputs):
            got = sorted(rendered) if isinstance(rendered, Mapping) else type(rendered).__name__
            raise SymconvError(f"render: entry {self.name!r} must return {list(self.outputs)}, got {got}")
        out = {}
        for path in self.outputs:
            data = rendered[path]
            if isinstance(data, str):
                data = data.encode("utf-8")
            elif not isinstance(data, (bytes, bytearray)):
                kind = type(data).__name__
                raise TypeError(f"render: entry {self.name!r} gave {kind} for {path}; expected str or bytes")
            out[path] = bytes(data)
        return out


def derivation_entry(name: str, make: Callable, *, stem: str | None = None, description: str = "") -> Entry:
    """An entry for a derivation object: ``derivations/STEM.md`` and ``.tex``.

    ``make()`` returns an object with ``to_markdown()`` and
    ``to_latex(standalone=True)`` (a :class:`symconv.symbolic.Derivation`).
    """
    stem = stem or name
    md, tex = f"derivations/{stem}.md", f"derivations/{stem}.tex"

    def render():
        derivation = make()
        return {md: derivation.to_markdown(), tex: derivation.to_latex(standalone=True)}

    return Entry(name, (md, tex), render, description)


def figure_entry(
    name: str,
    draw: Callable,
    *,
    formats: Iterable[str] = ("svg", "png"),
    stem: str | None = None,
    description: str = "",
) -> Entry:
    """An entry for one matplotlib figure saved as ``figures/STEM.FMT`` per format.

    ``draw()`` returns a :class:`matplotlib.figure.Figure`; it is saved
    byte-stably by :func:`symconv._savefig.figure_bytes` and closed.
    """
    stem = stem or name
    formats = tuple(formats)
    outputs = tuple(f"figures/{stem}.{fmt}" for fmt in formats)

    def render():
        import matplotlib.pyplot as plt

        from ._savefig import figure_bytes

        fig = draw()
        try:
            return {path: figure_bytes(fig, fmt) for path, fmt in zip(outputs, formats)}
        finally:
            plt.close(fig)

    return Entry(name, outputs, render, description)


# ----------------------------------------------------------------------------
# renderers
# ----------------------------------------------------------------------------

_GENERATED = "Generated by `symconv build` from {source}; edit the code, not this file."

_SHAPES_TITLE = "Shape arithmetic: the 15 relationships of the convolution-arithmetic guide"

_SHAPES_INTRO = (
    "Dumoulin and Visin's *A guide to convolution arithmetic for deep learning* (arXiv:1603.07285) "
    "derives the output size of convolution, pooling and transposed convolution case by case. "
    "Here are its 15 relationships as symconv holds them: SymPy equations with their conditions, "
    "each checked against symconv's one geometry. Along one axis, $i$ is the input size, $k$ the "
    "kernel size, $s$ the stride, $p$ the zero padding on each side, $d$ the dilation and $o$ the "
    "output size; primed letters belong to a transposed convolution, whose input $i'$ is the output "
    "of the direct convolution it is associated with."
)


def _shape_arithmetic_parts():
    """Everything both renderings of the shape arithmetic need, computed once."""
    import sympy

    from . import shapes

    checks = []
    for rel in shapes.relationships():
        verdict = rel.verify()
        if not (verdict["symbolic"] and verdict["numeric"]):
            raise SymconvError(f"relationship {rel.number}: its checks fail ({verdict}); refusing to write it")
        checks.append(verdict["cases"])
    rows = []
    for c in shapes.GUIDE_CONFIGURATIONS:
        o = shapes.conv_output_size(c.i, c.k, stride=c.s, padding=c.p, dilation=c.d)
        if o != c.o:
            raise SymconvError(f"{c.name}: symconv gives o = {o}, the guide shows {c.o}")
        back = shapes.conv_transpose_output_size(
            o, c.k, stride=c.s, padding=c.p, dilation=c.d, output_padding=c.output_padding
        )
        rows.append((c, o, back))
    general = (
        sympy.latex(shapes.general_output_size()),
        sympy.latex(shapes.general_output_size(transposed=True)),
    )
    return shapes.relationships(), checks, rows, general


def _grid_words(math: Callable[[str], str]) -> str:
    bounds = [math(rf"{names} \le {n}") for names, n in (("i, k", 8), ("s", 4), ("p", 3), ("d", 3))]
    return (
        f"every integer configuration with {', '.join(bounds[:3])} (and {bounds[3]} for dilation) "
        "that meets its conditions"
    )


def _shape_arithmetic_markdown(parts) -> str:
    rels, checks, rows, (general, general_t) = parts
    dollar = lambda text: f"${text}$"  # noqa: E731
    out = [f"<!-- {_GENERATED.format(source='symconv.shapes.relationships()')} -->", "", f"# {_SHAPES_TITLE}", ""]
    out += [_SHAPES_INTRO, "", "## The general formula", ""]
    out += ["symconv's geometry (`symconv.Geometry`) computes every output size from one formula:", ""]
    out += ["$$", general, "$$", ""]
    out += ["and for a transposed convolution, with $a$ (`output_padding`) extra cells at the end:", ""]
    out += ["$$", general_t, "$$", ""]
    out += [
        "Each relationship below is proved equal to it under the relationship's conditions (SymPy), and "
        "compared with `conv_output_size`, `pool_output_size` or `conv_transpose_output_size` on "
        f"{_grid_words(dollar)}. A transposed relationship must moreover give back the direct "
        "convolution's input size $i$.",
        "",
    ]
    for rel, cases in zip(rels, checks):
        out += [f"## Relationship {rel.number}: {rel.title}", "", rel.wording, ""]
        conditions = ", ".join(dollar(c) for c in rel.conditions_latex) or "none"
        out += [f"Conditions: {conditions}.", ""]
        if rel.associated:
            out += [f"Associated transposed convolution: {', '.join(dollar(e) for e in rel.associated_latex)}.", ""]
        out += ["$$", rel.latex, "$$", ""]
        figure = f" The guide animates it as `{rel.figure}`." if rel.figure else ""
        out += [f"Checked: proved symbolically; {cases} integer configurations agree.{figure}", ""]
    out += ["## The guide's animations", ""]
    out += [
        "Output sizes symconv computes for the configurations the guide animates (they equal the "
        "guide's), and the transposed convolution that takes $i' = o$ back to $i$ with "
        "$a = (i + 2p - \\hat{k}) \\bmod s$.",
        "",
    ]
    out += ["| animation | $i$ | $k$ | $s$ | $p$ | $d$ | $o$ | relationship | $a$ | $o'$ | transposed relationship |"]
    out += ["|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for c, o, back in rows:
        transposed = c.transposed_relationship or "–"
        out += [f"| `{c.name}` | {c.i} | {c.k} | {c.s} | {c.p} | {c.d} | {o} | {c.relationship} | "
                f"{c.output_padding} | {back} | {transposed} |"]
    return "\n".join(out) + "\n"


def _breakable(code: str) -> str:
    return code.replace(r"\_", r"\_\allowbreak{}")


def _tex_text(text: str) -> str:
    """Escape LaTeX specials in prose, leaving ``$...$`` math alone and turning `code` into \\texttt."""
    pieces = text.split("$")
    for index in range(0, len(pieces), 2):
        piece = pieces[index]
        for char, escaped in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("#", r"\#"),
                              ("_", r"\_"), ("{", r"\{"), ("}", r"\}"), ("~", r"\~{}"), ("^", r"\^{}")):
            piece = piece.replace(char, escaped)
        piece = re.sub(r"\*([^*]+)\*", r"\\emph{\1}", piece)
        # long identifiers may break after an underscore instead of running into the margin
        pieces[index] = re.sub(r"`([^`]+)`", lambda m: r"\texttt{%s}" % _breakable(m.group(1)), piece)
    return "$".join(pieces)


def _shape_arithmetic_latex(parts) -> str:
    rels, checks, rows, (general, general_t) = parts
    dollar = lambda text: f"${text}$"  # noqa: E731
    out = [
        f"% {_GENERATED.format(source='symconv.shapes.relationships()')}",
        r"\documentclass[11pt]{article}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage{amsmath,amssymb}",
        r"\usepackage[margin=2cm]{geometry}",
        rf"\title{{{_tex_text(_SHAPES_TITLE)}}}",
        r"\date{}",
        r"\begin{document}",
        r"\maketitle",
        "",
        _tex_text(_SHAPES_INTRO),
        "",
        r"\section*{The general formula}",
        _tex_text("symconv's geometry (`symconv.Geometry`) computes every output size from one formula:"),
        r"\begin{equation*}",
        general,
        r"\end{equation*}",
        _tex_text("and for a transposed convolution, with $a$ (`output_padding`) extra cells at the end:"),
        r"\begin{equation*}",
        general_t,
        r"\end{equation*}",
        _tex_text(
            "Each relationship below is proved equal to it under the relationship's conditions (SymPy), and "
            "compared with `conv_output_size`, `pool_output_size` or `conv_transpose_output_size` on "
            f"{_grid_words(dollar)}. A transposed relationship must moreover give back the direct "
            "convolution's input size $i$."
        ),
        "",
    ]
    for rel, cases in zip(rels, checks):
        out += [rf"\section*{{Relationship {rel.number}: {_tex_text(rel.title)}}}", _tex_text(rel.wording), ""]
        conditions = ", ".join(dollar(c) for c in rel.conditions_latex) or "none"
        out += [rf"\noindent Conditions: {conditions}.", ""]
        if rel.associated:
            associated = ", ".join(dollar(e) for e in rel.associated_latex)
            out += [rf"\noindent Associated transposed convolution: {associated}.", ""]
        out += [r"\begin{equation*}", rel.latex, r"\end{equation*}"]
        figure = f" The guide animates it as `{rel.figure}`." if rel.figure else ""
        out += [_tex_text(f"Checked: proved symbolically; {cases} integer configurations agree.{figure}"), ""]
    out += [
        r"\section*{The guide's animations}",
        _tex_text(
            "Output sizes symconv computes for the configurations the guide animates (they equal the "
            "guide's), and the transposed convolution that takes $i' = o$ back to $i$ with "
            "$a = (i + 2p - \\hat{k}) \\bmod s$."
        ),
        "",
        r"\begin{center}",
        r"\begin{tabular}{lrrrrrrrrrr}",
        r"animation & $i$ & $k$ & $s$ & $p$ & $d$ & $o$ & relationship & $a$ & $o'$ & transposed \\",
        r"\hline",
    ]
    for c, o, back in rows:
        transposed = c.transposed_relationship or "--"
        out += [rf"{_tex_text(f'`{c.name}`')} & {c.i} & {c.k} & {c.s} & {c.p} & {c.d} & {o} & "
                rf"{c.relationship} & {c.output_padding} & {back} & {transposed} \\"]
    out += [r"\end{tabular}", r"\end{center}", "", r"\end{document}"]
    return "\n".join(out) + "\n"


def _shape_arithmetic() -> dict:
    parts = _shape_arithmetic_parts()
    return {
        "derivations/shape-arithmetic.md": _shape_arithmetic_markdown(parts),
        "derivations/shape-arithmetic.tex": _shape_arithmetic_latex(parts),
    }


#: Every generated file, in build order.  Later work appends entries here.
TABLE: tuple = (
    Entry(
        "shape-arithmetic",
        ("derivations/shape-arithmetic.md", "derivations/shape-arithmetic.tex"),
        _shape_arithmetic,
        "the 15 relationships of the convolution-arithmetic guide, from symconv.relationships()",
    ),
)


# ----------------------------------------------------------------------------
# the build
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemResult:
    """What happened to one output file.

    ``status`` is ``"written"`` or ``"unchanged"`` when building, and
    ``"current"``, ``"stale"`` or ``"missing"`` when checking.
    """

    entry: str
    path: str
    status: str
    size: int


@dataclass(frozen=True)
class BuildReport:
    """The outcome of :func:`build`: one :class:`ItemResult` per file."""

    results: tuple
    check: bool
    seconds: float

    @property
    def ok(self) -> bool:
        """False when checking found a stale or missing file."""
        return not any(r.status in ("stale", "missing") for r in self.results)

    @property
    def outdated(self) -> tuple:
        """Paths that are stale or missing (checking only)."""
        return tuple(r.path for r in self.results if r.status in ("stale", "missing"))

    @property
    def summary(self) -> str:
        counts = {}
        for r in self.results:
            counts[r.status] = counts.get(r.status, 0) + 1
        statuses = ("current", "stale", "missing") if self.check else ("written", "unchanged")
        entries = len({r.entry for r in self.results})
        what = "checked" if self.check else "built"
        detail = ", ".join(f"{counts.get(s, 0)} {s}" for s in statuses)
        return (
            f"{what} {len(self.results)} file{'s' * (len(self.results) != 1)} from {entries} "
            f"entr{'ies' if entries != 1 else 'y'} in {self.seconds:.1f} s: {detail}"
        )


def entries(only=None) -> tuple:
    """The entries of :data:`TABLE` that ``only`` selects (all when None).

    ``only`` is a name or an iterable of names; shell-style patterns such as
    ``"fig-*"`` are allowed.

    Raises
    ------
    SymconvError
        A name or pattern that matches no entry.

    Examples
    --------
    >>> [e.name for e in entries("shape-*")]
    ['shape-arithmetic']
    """
    if only is None:
        return TABLE
    names = [only] if isinstance(only, str) else list(only)
    known = [e.name for e in TABLE]
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"only: expected entry names, got {type(name).__name__} {name!r}")
        if not fnmatch.filter(known, name):
            raise SymconvError(f"only: expected one of {', '.join(known)} (or a pattern), got {name!r}")
    return tuple(e for e in TABLE if any(fnmatch.fnmatchcase(e.name, n) for n in names))


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes files private; generated files are ordinary ones
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} kB"


def build(out_dir=".", only=None, check: bool = False, *, progress: Callable[[str], None] | None = None) -> BuildReport:
    """Write (or check) every file of the build table.

    Parameters
    ----------
    out_dir : str or path-like, default "."
        Where ``derivations/`` and ``figures/`` go: the current working
        directory unless given.
    only : str or iterable of str, optional
        Entry names (or shell-style patterns) to build; all when None.
    check : bool, default False
        Render in memory and compare with the files in ``out_dir`` instead of
        writing: each file is ``current``, ``stale`` or ``missing``.
    progress : callable, optional
        Called with one line per file and a summary line at the end
        (``symconv build`` passes :func:`print`).

    Returns
    -------
    BuildReport
        ``report.ok`` is False when checking found stale or missing files.

    Raises
    ------
    SymconvError
        An unknown entry name, or a renderer that breaks the table's promise.
    TypeError
        ``check`` not a bool, ``out_dir`` not a path.
    OSError
        The output directory cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as out:
    ...     written = build(out, only="shape-arithmetic")
    ...     print(build(out, only="shape-arithmetic", check=True).outdated)
    ()
    >>> [r.status for r in written.results]
    ['written', 'written']

    See Also
    --------
    TABLE, Entry, symconv.cli
    """
    if not isinstance(check, bool):
        raise TypeError(f"check: expected a bool, got {type(check).__name__} {check!r}")
    if not isinstance(out_dir, (str, os.PathLike)):
        raise TypeError(f"out_dir: expected a path, got {type(out_dir).__name__} {out_dir!r}")
    selected = entries(only)
    root = Path(out_dir)
    say = progress or (lambda line: None)
    started = time.perf_counter()
    results = []
    for number, entry in enumerate(selected, 1):
        for path, data in entry.contents().items():
            target = root / path
            on_disk = _read(target)
            if check:
                status = "missing" if on_disk is None else ("current" if on_disk == data else "stale")
            elif on_disk == data:
                status = "unchanged"
            else:
                _write_atomic(target, data)
                status = "written"
            results.append(ItemResult(entry.name, path, status, len(data)))
            say(f"[{number}/{len(selected)}] {entry.name}: {path} {status} ({_size(len(data))})")
    report = BuildReport(tuple(results), check, time.perf_counter() - started)
    say(report.summary)
    return report

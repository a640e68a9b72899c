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
  unseeded randomness, and figures go through :mod:`symconv._output.savefig`.
- Files are written atomically by the one writer,
  :func:`symconv._output.writer.write_atomic` (a temporary file in the same
  directory, then :func:`os.replace`; mode ``0644`` under umask ``022``),
  and only when their bytes changed.
- Derivation pages come in English and Chinese: entry ``NAME`` writes
  ``derivations/NAME.md`` and ``.tex``, entry ``NAME.zh`` the ``.zh.md`` and
  ``.zh.tex``; ``lang=`` (``symconv build --lang zh``) keeps one language's
  pages and every language-neutral entry (the figures).  Each page is
  checked before it is rendered (:func:`symconv.pages.checked_page`).

The table is derived from the registries (:func:`derive_table`), never
copied from them: a new derivation page (:data:`symconv.pages.PAGES`), a new
diagram (:data:`symconv.graphs.figures.DIAGRAMS`), a new renderer marked as
built (:mod:`symconv.graphs.renderers`) or a new animation configuration
(:data:`symconv.plots.animate.ARITHMETIC_CONFIGS`) needs no change here.  A
one-off figure is one entry in ``_figure_entries``; :func:`derivation_entry`
and :func:`figure_entry` build the usual kinds.

Examples
--------
>>> [(e.name, e.outputs) for e in TABLE][:1]
[('fc-to-conv', ('derivations/fc-to-conv.md', 'derivations/fc-to-conv.tex'))]
>>> [e.name for e in entries("pooling*")]
['pooling', 'pooling.zh']
"""

from __future__ import annotations

import fnmatch
import functools
import glob
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Mapping

from ._errors import SymconvError
from ._i18n import check_lang
from ._output.writer import TEMP_SUFFIX, write_atomic
from ._validate import short

__all__ = [
    "Entry",
    "TABLE",
    "derive_table",
    "ItemResult",
    "BuildReport",
    "build",
    "entries",
    "derivation_entry",
    "figure_entry",
    "leftover_temporaries",
    "render_outputs",
    "PRINT_DPI",
]

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
    lang : {"en", "zh"} or None
        The language of the files; None for files that have none (figures).

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
    lang: str | None = None

    def __post_init__(self):
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise SymconvError(
                f"name: expected lower-case letters, digits, '.', '_' or '-', got {self.name!r}", parameter="name"
            )
        outputs = tuple(self.outputs) if isinstance(self.outputs, (tuple, list)) else None
        if not outputs:
            raise SymconvError(f"outputs: expected a non-empty tuple of relative paths, got {self.outputs!r}", parameter="outputs")
        for path in outputs:
            pure = PurePosixPath(path) if isinstance(path, str) else None
            if pure is None or pure.is_absolute() or ".." in pure.parts or str(pure) != path or "\\" in path:
                raise SymconvError(f"outputs: expected relative POSIX paths without '..', got {path!r}", parameter="outputs")
        if len(set(outputs)) != len(outputs):
            raise SymconvError(f"outputs: expected distinct paths, got {outputs!r}", parameter="outputs")
        if not callable(self.render):
            raise TypeError(f"render: expected a callable, got {type(self.render).__name__}")
        if self.lang is not None:
            check_lang(self.lang)
        object.__setattr__(self, "outputs", outputs)

    def contents(self) -> dict:
        """Render and return ``{path: bytes}`` for every output, in table order."""
        rendered = self.render()
        if not isinstance(rendered, Mapping) or set(rendered) != set(self.outputs):
            got = sorted(rendered) if isinstance(rendered, Mapping) else type(rendered).__name__
            raise SymconvError(f"render: entry {self.name!r} must return {list(self.outputs)}, got {got}", parameter="render")
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


#: Resolution of what a printed (PDF) figure holds as pixels (the conv-matrix pictures' cells): 400 ppi at
#: the figure's own size, so at least 300 ppi on a page that shows it up to a third larger.
PRINT_DPI = 400


def figure_entry(
    name: str,
    draw: Callable,
    *,
    formats: Iterable[str] = ("svg", "png"),
    stem: str | None = None,
    description: str = "",
    lang: str | None = None,
) -> Entry:
    """An entry for one matplotlib figure saved as ``figures/STEM.FMT`` per format.

    ``draw()`` returns a :class:`matplotlib.figure.Figure`; it is saved
    byte-stably by :func:`symconv._output.savefig.figure_bytes` and closed.
    A PDF (the printed figure of the LaTeX pages) keeps its lines and text
    as vectors and holds any pixels at :data:`PRINT_DPI`.  ``lang`` marks a
    figure drawn in one language (``"zh"``: ``symconv build --lang en``
    leaves it out).
    """
    stem = stem or name
    formats = tuple(formats)
    outputs = tuple(f"figures/{stem}.{fmt}" for fmt in formats)

    def render():
        import matplotlib.pyplot as plt

        from ._output.savefig import figure_bytes

        fig = draw()
        try:
            return {
                path: figure_bytes(fig, fmt, **({"dpi": PRINT_DPI} if fmt == "pdf" else {}))
                for path, fmt in zip(outputs, formats)
            }
        finally:
            plt.close(fig)

    return Entry(name, outputs, render, description, lang)


# ----------------------------------------------------------------------------
# the table
# ----------------------------------------------------------------------------


def _page_entries() -> list:
    """Every derivation page in every language, then the main documents (symconv.pages)."""
    from . import pages
    from ._i18n import LANGUAGES

    out = []
    for lang in LANGUAGES:
        for p in pages.PAGES:
            name = p.name if lang == "en" else f"{p.name}.{lang}"
            out.append(Entry(
                name,
                pages.page_paths(p.name, lang),
                functools.partial(pages.page_files, p.name, lang),
                f"{p.title} ({lang}): checked, then rendered from symconv.pages",
                lang,
            ))
    for lang, path in pages.MAIN_PATHS.items():
        out.append(Entry(
            "main" if lang == "en" else f"main.{lang}",
            (path,),
            lambda lang=lang, path=path: {path: pages.main_document(lang)},
            f"the document that inputs every page ({lang})",
            lang,
        ))
    return out


def _diagram_files(name: str, formats: tuple, lang: str = "en") -> dict:
    """The diagram in each format (the printed PDF of a Chinese page: ``figures/NAME.zh.pdf``)."""
    from .graphs.figures import diagram
    from .graphs.renderers import render

    drawn = diagram(name, lang)
    stem = name if lang == "en" else f"{name}.{lang}"
    return {f"figures/{stem}.{fmt}": render(drawn, fmt) for fmt in formats}


def _conv_matrix(lang="en", **geometry):
    from .plots.matrix import conv_matrix_figure

    return conv_matrix_figure(**geometry, lang=lang).figure


def _conv_matrix_blocks(lang="en"):
    from .plots.matrix import conv_matrix_blocks_figure

    return conv_matrix_blocks_figure(lang=lang)


def _padding_modes(lang="en"):
    from .plots.padding import padding_modes_figure

    return padding_modes_figure(lang=lang).figure


def _receptive_field_growth(lang="en"):
    from .networks import vgg16
    from .plots.receptive import receptive_field_figure

    return receptive_field_figure(vgg16(), 224, lang=lang).figure


def _strip(name: str, lang: str = "en"):
    """The printed form of animation ``name``: its key frames side by side (symconv.plots.animate)."""
    from .plots.animate import arithmetic_strip

    return arithmetic_strip(name, lang=lang).figure


def _animation_files(name: str, lang: str = "en") -> dict:
    """The GIF (titled in ``lang``) and the printed strip of its key frames: ``NAME.gif``/``.pdf``, ``NAME.zh.*``."""
    import matplotlib.pyplot as plt

    from ._output.savefig import figure_bytes
    from .plots.animate import arithmetic_animation

    stem = name if lang == "en" else f"{name}.{lang}"
    fig = _strip(name, lang)
    try:
        strip = figure_bytes(fig, "pdf", dpi=PRINT_DPI)
    finally:
        plt.close(fig)
    return {f"figures/arithmetic/{stem}.gif": arithmetic_animation(name, lang=lang),
            f"figures/arithmetic/{stem}.pdf": strip}


def _diagram_entries() -> list:
    """One entry per diagram of symconv.graphs.figures.DIAGRAMS, in every format the renderer registry builds."""
    from .graphs.figures import DIAGRAMS
    from .graphs.renderers import formats, renderer

    built = tuple(formats(built=True)) + ("pdf",)  # the PDF is the printed figure of the LaTeX pages
    kinds = ", ".join(renderer(fmt).name for fmt in built)
    out = []
    for name in DIAGRAMS:
        entry = name.replace("/", "-").replace("diagrams-", "diagram-")
        out.append(Entry(
            entry,
            tuple(f"figures/{name}.{fmt}" for fmt in built),
            functools.partial(_diagram_files, name, built),
            f"connectivity diagram ({kinds}) from symconv.graphs.figures.DIAGRAMS",
        ))
        out.append(Entry(
            f"{entry}.zh",
            (f"figures/{name}.zh.pdf",),
            functools.partial(_diagram_files, name, ("pdf",), "zh"),
            "the same diagram titled in Chinese, printed in the Chinese pages (PDF)",
            "zh",
        ))
    return out


def _animation_entries() -> list:
    """One GIF per configuration of symconv.plots.animate.ARITHMETIC_CONFIGS, and the strip of its key frames
    that the LaTeX pages print (PDF, in English and in Chinese)."""
    from .plots.animate import ARITHMETIC_CONFIGS

    out = []
    for name in ARITHMETIC_CONFIGS:
        out.append(Entry(f"arithmetic-{name}", (f"figures/arithmetic/{name}.gif", f"figures/arithmetic/{name}.pdf"),
                         functools.partial(_animation_files, name),
                         "animated GIF of a convolution-arithmetic configuration, and its key frames (PDF)"))
        out.append(Entry(f"arithmetic-{name}.zh", (f"figures/arithmetic/{name}.zh.gif",
                                                    f"figures/arithmetic/{name}.zh.pdf"),
                         functools.partial(_animation_files, name, "zh"),
                         "the same titled in Chinese, linked and printed by the Chinese pages (GIF, PDF)", "zh"))
    return out


def _pictures() -> list:
    """``(name, draw, description)`` of each one-off picture; ``draw`` takes the language."""
    return [
        ("conv-matrix", functools.partial(_conv_matrix, input_size=(4, 4), kernel_size=3, padding=1),
         "sparsity pattern of a 3x3 convolution on 4x4 (symconv.plots), blocks labelled"),
        ("conv-matrix-stride-2", functools.partial(_conv_matrix, input_size=(5, 5), kernel_size=3, stride=2, padding=1),
         "the same with stride 2 on 5x5: blocks shift by two columns"),
        ("conv-matrix-blocks", _conv_matrix_blocks,
         "the doubly-block Toeplitz blocks of the 4x4 matrix (symconv.plots)"),
        ("padding-modes-grid", _padding_modes,
         "a 3x3 input padded by 2 in zeros, reflect, replicate and circular mode (symconv.plots)"),
        ("receptive-field-growth", _receptive_field_growth,
         "receptive-field growth through VGG-16 on 224x224 (symconv.plots)"),
    ]


def _figure_entries() -> list:
    """Every figure: SVG and PNG for the Markdown pages, a PDF per language for the LaTeX ones."""
    pictures = []
    for name, draw, description in _pictures():
        pictures.append(figure_entry(name, draw, formats=("svg", "png", "pdf"), description=description))
        pictures.append(figure_entry(f"{name}.zh", functools.partial(draw, lang="zh"), formats=("svg", "pdf"),
                                     description="the same in Chinese, linked and printed by the Chinese pages (SVG, PDF)",
                                     lang="zh"))
    return [*_diagram_entries(), *pictures, *_animation_entries()]


def derive_table() -> tuple:
    """Every generated file, derived from the registries, in build order.

    Derivation pages in every language and the main documents come from
    :data:`symconv.pages.PAGES`, connectivity diagrams from
    :data:`symconv.graphs.figures.DIAGRAMS` in each format that
    :mod:`symconv.graphs.renderers` marks as built, the conv-matrix and
    receptive-field pictures from :mod:`symconv.plots`, and one GIF per
    configuration of :data:`symconv.plots.animate.ARITHMETIC_CONFIGS`.
    Every picture a LaTeX page prints also comes as a PDF (vector; a strip
    of key frames for an animation), in English and, drawn with
    ``lang="zh"``, in Chinese (``NAME.zh.pdf``, entries ``NAME.zh``); the
    pictures the Markdown pages link come in Chinese too (``NAME.zh.svg``,
    ``NAME.zh.gif``), so a Chinese reader never meets an English label.
    Nothing is rendered until an entry's ``render`` is called.

    Examples
    --------
    >>> [e.name for e in derive_table() if e.name.startswith("diagram-") and e.lang is None]
    ['diagram-stride-2', 'diagram-dilated-stack', 'diagram-depth-3']
    >>> [e.outputs for e in derive_table() if e.name == "conv-matrix.zh"]  # linked and printed by the Chinese pages
    [('figures/conv-matrix.zh.svg', 'figures/conv-matrix.zh.pdf')]
    """
    return tuple(_page_entries() + _figure_entries())


#: Every generated file, in build order: each derivation page in English and Chinese, the main documents,
#: then the figures and animations.
TABLE: tuple = derive_table()


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


def _base(entry: Entry) -> str:
    """The entry's name without its language suffix (``pooling.zh`` -> ``pooling``)."""
    suffix = f".{entry.lang}"
    return entry.name[: -len(suffix)] if entry.lang and entry.name.endswith(suffix) else entry.name


def entries(only=None, lang=None) -> tuple:
    """The entries of :data:`TABLE` that ``only`` and ``lang`` select (all when None).

    ``only`` is a name or an iterable of names; shell-style patterns such as
    ``"arithmetic-*"`` are allowed, and a page's name selects it in every
    language (``"pooling"`` selects ``pooling`` and ``pooling.zh``).
    ``lang`` keeps the entries of that language and those without one.

    Raises
    ------
    SymconvError
        A name or pattern that matches no entry, or an unknown language.

    Examples
    --------
    >>> [e.name for e in entries("shape-*")]
    ['shape-arithmetic', 'shape-arithmetic.zh']
    >>> [e.name for e in entries(["pooling", "conv-matrix"], lang="zh")]
    ['pooling.zh', 'conv-matrix', 'conv-matrix.zh']
    >>> [e.name for e in entries(["pooling", "conv-matrix"], lang="en")]
    ['pooling', 'conv-matrix']
    """
    table = TABLE
    if lang is not None:
        check_lang(lang)
        table = tuple(e for e in table if e.lang in (None, lang))
    if only is None:
        return table
    if not isinstance(only, str) and (isinstance(only, (bytes, dict)) or not hasattr(only, "__iter__")):
        raise TypeError(f"only: expected an entry name or an iterable of names, got {type(only).__name__} {short(only)}")
    names = [only] if isinstance(only, str) else list(only)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"only: expected entry names, got {type(name).__name__} {name!r}")

    def selected(entry, pattern):
        return fnmatch.fnmatchcase(entry.name, pattern) or fnmatch.fnmatchcase(_base(entry), pattern)

    for name in names:
        if not any(selected(e, name) for e in table):
            known = ", ".join(dict.fromkeys(_base(e) for e in table))
            raise SymconvError(f"only: expected one of {known} (or a pattern), got {short(name)}", parameter="only")
    return tuple(e for e in table if any(selected(e, n) for n in names))


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} kB"


def build(
    out_dir=".",
    only=None,
    check: bool = False,
    *,
    lang: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildReport:
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
    lang : {"en", "zh"}, optional
        Only the derivation pages of this language (and every figure); both
        languages when None.
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
        An unknown entry name or language, a page whose check fails, or a
        renderer that breaks the table's promise.
    TypeError
        ``check`` not a bool, ``out_dir`` not a path.
    OSError
        The output directory cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as out:
    ...     written = build(out, only="pooling", lang="zh")
    ...     print(build(out, only="pooling", lang="zh", check=True).outdated)
    ()
    >>> [(r.path, r.status) for r in written.results]
    [('derivations/pooling.zh.md', 'written'), ('derivations/pooling.zh.tex', 'written')]

    See Also
    --------
    TABLE, Entry, symconv.cli
    """
    if not isinstance(check, bool):
        raise TypeError(f"check: expected a bool, got {type(check).__name__} {check!r}")
    if not isinstance(out_dir, (str, os.PathLike)):
        raise TypeError(f"out_dir: expected a path, got {type(out_dir).__name__} {out_dir!r}")
    selected = entries(only, lang)
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
                write_atomic(target, data)
                status = "written"
            results.append(ItemResult(entry.name, path, status, len(data)))
            say(f"[{number}/{len(selected)}] {entry.name}: {path} {status} ({_size(len(data))})")
    report = BuildReport(tuple(results), check, time.perf_counter() - started)
    say(report.summary)
    return report


def render_outputs(paths) -> dict:
    """``{path: bytes}`` of the given outputs of :data:`TABLE`, rendering only the entries that write them.

    What ``symconv derive NAME --format latex --figures DIR`` writes: the
    printed figures a page includes (:meth:`symconv.symbolic.Derivation.figure_paths`),
    the same bytes as ``symconv build`` writes.

    Raises
    ------
    SymconvError
        A path that no entry of the table writes.

    Examples
    --------
    >>> files = render_outputs(["figures/conv-matrix.pdf"])
    >>> list(files), files["figures/conv-matrix.pdf"][:5]
    (['figures/conv-matrix.pdf'], b'%PDF-')
    """
    paths = [paths] if isinstance(paths, str) else list(paths)
    owners = {path: entry for entry in TABLE for path in entry.outputs}
    for path in paths:
        if path not in owners:
            raise SymconvError(f"paths: {short(path)} is not a file symconv builds (see symconv build --list)", parameter="paths")
    out, rendered = {}, {}
    for path in paths:
        entry = owners[path]
        if entry.name not in rendered:
            rendered[entry.name] = entry.contents()
        out[path] = rendered[entry.name][path]
    return out


def leftover_temporaries(out_dir=".", only=None, lang=None) -> tuple:
    """The temporary files an interrupted write left beside the outputs of the selected entries.

    The writer (:func:`symconv._output.writer.write_atomic`) writes ``NAME``
    through a hidden ``.NAME.<random>.tmp`` beside it and removes it on any
    failure, SIGINT and SIGTERM included (``symconv`` removes them before it
    exits); only a process killed outright (``kill -9``, a power cut) leaves
    one.  ``symconv build --check`` reports them.

    Parameters
    ----------
    out_dir, only, lang
        As for :func:`build`.

    Returns
    -------
    tuple of str
        Their paths relative to ``out_dir``, sorted.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> (out / "derivations").mkdir()
    >>> _ = (out / "derivations" / ".pooling.md.k3j2h1g0.tmp").write_bytes(b"half a page")
    >>> leftover_temporaries(out, only="pooling")
    ('derivations/.pooling.md.k3j2h1g0.tmp',)
    """
    root = Path(out_dir)
    found = set()
    for entry in entries(only, lang):
        for path in entry.outputs:
            target = root / path
            pattern = f".{glob.escape(target.name)}.*{TEMP_SUFFIX}"
            found.update(leftover.relative_to(root).as_posix() for leftover in target.parent.glob(pattern))
    return tuple(sorted(found))

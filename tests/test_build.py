"""The build table: reproducible, atomic, checkable, and the committed files are current."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from symconv import SymconvError, build as build_module, pages
from symconv._output import writer
from symconv.build import TABLE, Entry, build, derivation_entry, derive_table, entries, figure_entry
from symconv.geometry import PADDING_MODES
from symconv.graphs.figures import DIAGRAMS
from symconv.graphs.renderers import RENDERERS, Renderer, formats
from symconv.plots.animate import ARITHMETIC_CONFIGS

from _tools import ROOT

# its module-scope fixtures are costly: under pytest-xdist (the README's test command) one worker runs them
pytestmark = pytest.mark.xdist_group("test_build")

SHAPES = (
    "derivations/shape-arithmetic.md",
    "derivations/shape-arithmetic.tex",
    "derivations/shape-arithmetic.zh.md",
    "derivations/shape-arithmetic.zh.tex",
)


def files_under(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def small_table(monkeypatch):
    """A cheap stand-in table for the mechanics: one text entry with two files, one bytes entry."""
    table = (
        Entry("notes", ("derivations/a.md", "derivations/a.tex"), lambda: {"derivations/a.md": "# A\n", "derivations/a.tex": "A\n"}),
        Entry("picture", ("figures/b.png",), lambda: {"figures/b.png": b"\x89PNG" + bytes(range(256)) * 8}),
    )
    monkeypatch.setattr(build_module, "TABLE", table)
    return table


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    old = os.umask(0o022)  # the usual umask, under which the writer gives 0644
    try:
        report = build(out, only="shape-arithmetic")
    finally:
        os.umask(old)
    return out, report


# ----------------------------------------------------------------------------
# the committed files
# ----------------------------------------------------------------------------


def test_committed_files_are_current():
    report = build(ROOT, check=True)
    assert report.ok, f"stale or missing (run `symconv build` at the repository root): {report.outdated}"
    assert {r.status for r in report.results} == {"current"}
    assert len(report.results) == sum(len(e.outputs) for e in TABLE)
    # and nothing else: no file left behind by an entry that is gone (what git ignores -- LaTeX's .aux, .log and
    # .pdf from compiling main.tex in place -- is not part of the repository)
    on_disk = {p.relative_to(ROOT).as_posix() for folder in ("derivations", "figures") for p in (ROOT / folder).rglob("*")
               if p.is_file()}
    assert on_disk - _git_ignored(on_disk) == {r.path for r in report.results}
    assert not _git_ignored({r.path for r in report.results}), "a generated file that git would not commit"


def _git_ignored(paths) -> set:
    """The paths git ignores (``.gitignore``); none where git or the repository is absent (an unpacked sdist)."""
    try:
        proc = subprocess.run(["git", "check-ignore", "--stdin"], input="\n".join(sorted(paths)), cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
    except OSError:
        return set()
    return set(proc.stdout.split()) if proc.returncode in (0, 1) else set()


def test_latex_by_products_in_derivations_are_ignored():
    names = ["derivations/main.aux", "derivations/main.log", "derivations/main.pdf", "derivations/main.zh.toc",
             "derivations/main.synctex.gz"]
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    assert _git_ignored(names) == set(names)
    assert not _git_ignored({"derivations/main.tex", "derivations/pooling.md", "figures/seed/receptive-field.png"})


# ----------------------------------------------------------------------------
# reproducible and atomic
# ----------------------------------------------------------------------------


def test_rebuilding_gives_the_same_bytes(built, tmp_path):
    out, first = built
    assert [(r.path, r.status) for r in first.results] == [(path, "written") for path in SHAPES]
    again = build(tmp_path, only="shape-arithmetic")
    assert files_under(tmp_path) == files_under(out)
    # a second build over the first finds nothing to write
    third = build(tmp_path, only="shape-arithmetic")
    assert [r.status for r in third.results] == ["unchanged"] * 4
    assert [r.size for r in again.results] == [len((out / p).read_bytes()) for p in SHAPES]


def test_another_process_with_another_hash_seed_gives_the_same_bytes(built, tmp_path):
    out, _ = built
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = f"from symconv.build import build; build({str(tmp_path)!r}, only='shape-arithmetic')"
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
    assert files_under(tmp_path) == files_under(out)


def test_written_files_are_ordinary_and_no_temporary_file_is_left(built):
    out, _ = built
    assert sorted(files_under(out)) == list(SHAPES)
    for path in SHAPES:
        assert stat.S_IMODE((out / path).stat().st_mode) == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary(small_table, tmp_path, monkeypatch):
    target = tmp_path / "derivations" / "a.md"
    target.parent.mkdir()
    target.write_bytes(b"old")

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(writer.os, "replace", refuse)  # the build writes through symconv._output.writer
    with pytest.raises(OSError, match="disk full"):
        build(tmp_path)
    assert files_under(tmp_path) == {"derivations/a.md": b"old"}


def test_a_failing_renderer_writes_nothing(tmp_path, monkeypatch):
    def broken():
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(build_module, "TABLE", (Entry("broken", ("derivations/x.md",), broken),))
    with pytest.raises(RuntimeError, match="renderer failed"):
        build(tmp_path)
    assert files_under(tmp_path) == {}


def test_bytes_and_text_land_as_given(small_table, tmp_path):
    build(tmp_path)
    assert files_under(tmp_path) == {path: data for e in small_table for path, data in e.contents().items()}


# ----------------------------------------------------------------------------
# check mode, --only, progress
# ----------------------------------------------------------------------------


def test_check_reports_stale_and_missing_and_writes_nothing(small_table, tmp_path):
    (tmp_path / "derivations").mkdir()
    (tmp_path / "derivations" / "a.md").write_text("# A, edited\n")
    (tmp_path / "derivations" / "a.tex").write_text("A\n")
    report = build(tmp_path, check=True)
    assert [(r.path, r.status) for r in report.results] == [
        ("derivations/a.md", "stale"),
        ("derivations/a.tex", "current"),
        ("figures/b.png", "missing"),
    ]
    assert not report.ok
    assert report.outdated == ("derivations/a.md", "figures/b.png")
    assert not (tmp_path / "figures").exists()
    assert (tmp_path / "derivations" / "a.md").read_text() == "# A, edited\n"
    assert re.fullmatch(r"checked 3 files from 2 entries in \d+\.\d s: 1 current, 1 stale, 1 missing", report.summary)
    build(tmp_path)
    assert build(tmp_path, check=True).ok


def test_progress_line_per_file_and_a_summary(small_table, tmp_path):
    lines = []
    build(tmp_path, progress=lines.append)
    assert lines[:3] == [
        "[1/2] notes: derivations/a.md written (4 B)",
        "[1/2] notes: derivations/a.tex written (2 B)",
        "[2/2] picture: figures/b.png written (2.0 kB)",
    ]
    assert re.fullmatch(r"built 3 files from 2 entries in \d+\.\d s: 3 written, 0 unchanged", lines[3])
    lines.clear()
    build(tmp_path, only="picture", progress=lines.append)
    assert lines[0] == "[1/1] picture: figures/b.png unchanged (2.0 kB)"
    assert re.fullmatch(r"built 1 file from 1 entry in \d+\.\d s: 0 written, 1 unchanged", lines[1])


def test_only_selects_entries_by_name_or_pattern(small_table, tmp_path):
    assert [e.name for e in entries("picture")] == ["picture"]
    assert [e.name for e in entries(["pic*", "notes"])] == ["notes", "picture"]
    assert entries() == small_table
    report = build(tmp_path, only=["pic*"])
    assert [r.path for r in report.results] == ["figures/b.png"]
    assert sorted(files_under(tmp_path)) == ["figures/b.png"]
    with pytest.raises(SymconvError, match=r"only: expected one of notes, picture \(or a pattern\), got 'nope'"):
        entries("nope")
    with pytest.raises(TypeError, match=r"only: expected entry names, got int 3"):
        entries([3])


def test_build_refuses_bad_arguments(tmp_path):
    with pytest.raises(TypeError, match=r"check: expected a bool, got str 'yes'"):
        build(tmp_path, check="yes")
    with pytest.raises(TypeError, match=r"out_dir: expected a path, got int 3"):
        build(3)
    with pytest.raises(SymconvError, match=r"only: expected one of .* got 'figures'"):
        build(tmp_path, only="figures")


def test_default_output_directory_is_the_working_directory(small_table, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    build()
    assert sorted(files_under(tmp_path)) == ["derivations/a.md", "derivations/a.tex", "figures/b.png"]


# ----------------------------------------------------------------------------
# entries
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(name="Bad Name"), SymconvError, r"name: expected lower-case letters, .* got 'Bad Name'"),
        (dict(outputs=()), SymconvError, r"outputs: expected a non-empty tuple of relative paths, got \(\)"),
        (dict(outputs=("/etc/x",)), SymconvError, r"outputs: expected relative POSIX paths without '\.\.', got '/etc/x'"),
        (dict(outputs=("../x",)), SymconvError, r"outputs: .* got '\.\./x'"),
        (dict(outputs=("a//b",)), SymconvError, r"outputs: .* got 'a//b'"),
        (dict(outputs=("a", "a")), SymconvError, r"outputs: expected distinct paths"),
        (dict(render="text"), TypeError, r"render: expected a callable, got str"),
    ],
)
def test_bad_entries(kwargs, error, match):
    fields = {**dict(name="ok", outputs=("a",), render=lambda: {"a": ""}), **kwargs}
    with pytest.raises(error, match=match):
        Entry(**fields)


def test_renderer_must_return_exactly_its_outputs():
    with pytest.raises(SymconvError, match=r"render: entry 'e' must return \['a', 'b'\], got \['a'\]"):
        Entry("e", ("a", "b"), lambda: {"a": ""}).contents()
    with pytest.raises(SymconvError, match=r"render: entry 'e' must return \['a'\], got list"):
        Entry("e", ("a",), lambda: ["a"]).contents()
    with pytest.raises(TypeError, match=r"render: entry 'e' gave int for a; expected str or bytes"):
        Entry("e", ("a",), lambda: {"a": 3}).contents()
    assert Entry("e", ["a", "b"], lambda: {"b": b"\x00", "a": "é"}).contents() == {"a": "é".encode(), "b": b"\x00"}


def test_derivation_entry_writes_markdown_and_standalone_latex():
    class FakeDerivation:
        def to_markdown(self):
            return "# Fake\n"

        def to_latex(self, *, standalone=False):
            return "\\documentclass{article}\n" if standalone else "body\n"

    entry = derivation_entry("fake", FakeDerivation, description="a fake")
    assert entry.outputs == ("derivations/fake.md", "derivations/fake.tex")
    assert entry.contents() == {"derivations/fake.md": b"# Fake\n", "derivations/fake.tex": b"\\documentclass{article}\n"}


def test_figure_entry_is_byte_stable_and_closes_its_figure():
    import matplotlib.pyplot as plt

    def draw():
        fig, ax = plt.subplots(figsize=(2, 1))
        ax.plot([0, 1], [1, 0])
        return fig

    entry = figure_entry("line", draw, formats=("svg", "png"))
    assert entry.outputs == ("figures/line.svg", "figures/line.png")
    before = plt.get_fignums()
    first, second = entry.contents(), entry.contents()
    assert plt.get_fignums() == before
    assert first == second
    assert first["figures/line.svg"].lstrip().startswith(b"<?xml")
    assert first["figures/line.png"].startswith(b"\x89PNG")


# ----------------------------------------------------------------------------
# the table: pages in two languages, figures, animations
# ----------------------------------------------------------------------------


def test_the_built_pages_are_the_registrys_checked_pages(built):
    out, _ = built
    for lang in ("en", "zh"):
        for path, text in pages.page_files("shape-arithmetic", lang).items():
            assert (out / path).read_text("utf-8") == text


def test_the_table_holds_every_page_in_both_languages_and_the_main_documents():
    names = [e.name for e in TABLE]
    assert len(names) == len(set(names))
    outputs = [path for e in TABLE for path in e.outputs]
    assert len(outputs) == len(set(outputs))
    for name in pages.page_names():
        for lang in ("en", "zh"):
            entry = next(e for e in TABLE if set(pages.page_paths(name, lang)) == set(e.outputs))
            assert entry.lang == lang and entry.name == (name if lang == "en" else f"{name}.zh")
    assert {"derivations/main.tex", "derivations/main.zh.tex"} <= set(outputs)
    assert all(path.startswith(("derivations/", "figures/")) for path in outputs)


def test_the_table_covers_every_registry_entry():
    """Pages, diagrams in every built format, animations: each registry entry has its files, nothing else."""
    outputs = {path for e in TABLE for path in e.outputs}
    for name in DIAGRAMS:
        assert {f"figures/{name}.{fmt}" for fmt in formats(built=True)} <= outputs, name
        assert {f"figures/{name}.{ext}" for ext in ("svg", "png", "mmd")} <= outputs, name  # what figures/ holds
        assert {f"figures/{name}.pdf", f"figures/{name}.zh.pdf"} <= outputs, name  # printed, in each language
    # each animation online (GIF) and in print (its key frames, PDF), in each language
    animated = (".gif", ".pdf", ".zh.gif", ".zh.pdf")
    assert {p for p in outputs if p.startswith("figures/arithmetic/")} == {
        f"figures/arithmetic/{name}{suffix}" for name in ARITHMETIC_CONFIGS for suffix in animated
    }
    assert len(ARITHMETIC_CONFIGS) == 16
    for path in ("figures/conv-matrix.svg", "figures/conv-matrix-blocks.png", "figures/receptive-field-growth.svg",
                 "figures/padding-modes-grid.svg", "figures/padding-modes-grid.zh.pdf"):
        assert path in outputs
    pages_written = {path for name in pages.page_names() for lang in ("en", "zh") for path in pages.page_paths(name, lang)}
    assert pages_written <= outputs
    # nothing but those, the main documents and the five one-off figures
    diagrams = {f"figures/{name}{fmt}" for name in DIAGRAMS for fmt in (*(f".{f}" for f in formats(built=True)), ".pdf", ".zh.pdf")}
    one_off = {path for e in TABLE if e.name.startswith(("conv-matrix", "receptive-field-growth", "padding-modes-grid"))
               for path in e.outputs}
    main = {path for e in TABLE if e.name.split(".")[0] == "main" for path in e.outputs}
    animations = {f"figures/arithmetic/{name}{suffix}" for name in ARITHMETIC_CONFIGS for suffix in animated}
    assert outputs == pages_written | diagrams | one_off | main | animations
    assert len(one_off) == 5 * 5  # SVG and PNG (English), SVG (Chinese) for the Markdown pages, a PDF per language


def test_every_picture_a_markdown_page_links_is_built_in_its_language():
    """A Chinese page links only pictures drawn in Chinese (NAME.zh.svg, NAME.zh.gif), an English page only English
    ones, and every linked file is an output of the table."""
    import re

    outputs = {path for e in TABLE for path in e.outputs}
    linked = {"en": set(), "zh": set()}
    for name in pages.page_names():
        for lang in ("en", "zh"):
            for path, data in pages.page_files(name, lang).items():
                if path.endswith(".md"):
                    linked[lang] |= set(re.findall(r"\]\(\.\./(figures/[^)]+)\)", data if isinstance(data, str) else data.decode()))
    assert linked["en"] and linked["zh"]
    assert linked["en"] | linked["zh"] <= outputs
    assert all(".zh." in path for path in linked["zh"]) and not any(".zh." in path for path in linked["en"])
    assert {path.replace(".zh.", ".") for path in linked["zh"]} == linked["en"]


def test_every_printed_figure_a_page_includes_is_built():
    """The figures the LaTeX pages include, in English and in Chinese, are outputs of the table, and nothing else is a PDF."""
    outputs = {path for e in TABLE for path in e.outputs}
    printed = {path for p in pages.PAGES for lang in ("en", "zh") for path in p.make().figure_paths(lang)}
    assert printed <= outputs and len(printed) >= 2 * 20
    assert all(path.endswith(".zh.pdf") == (e.lang == "zh") for e in TABLE for path in e.outputs if path.endswith(".pdf"))
    # the animations of the notes' pages are among them, each as its strip of key frames
    assert {f"figures/arithmetic/{name}.pdf" for name in ("dilation", "padding_strides_odd_transposed")} <= printed


def test_the_table_is_derived_from_the_registries_not_copied(monkeypatch):
    """A new entry in any registry appears in the table derived afterwards, with no change to the build."""
    from symconv.graphs import receptive_field_diagram

    def edge_list(diagram):
        return "".join(f"{u} {v}\n" for panel in diagram.panels for u, v in sorted(panel.graph.edges))

    monkeypatch.setitem(RENDERERS, "edges", Renderer("edges", "edge list", edge_list, built=True))
    monkeypatch.setitem(RENDERERS, "never", Renderer("never", "not built", edge_list))
    monkeypatch.setitem(DIAGRAMS, "diagrams/tiny", lambda lang: receptive_field_diagram(3, [(2, 1, 0)], title="tiny"))
    monkeypatch.setitem(ARITHMETIC_CONFIGS, "tiny", dict(input_size=3, kernel_size=2))
    monkeypatch.setattr(pages, "PAGES", (*pages.PAGES, pages.Page("tiny-page", "Tiny", lambda: None)))
    table = derive_table()
    outputs = {path for e in table for path in e.outputs}
    for name in DIAGRAMS:
        assert f"figures/{name}.edges" in outputs and f"figures/{name}.never" not in outputs
    (tiny,) = [e for e in table if e.name == "diagram-tiny"]
    assert tiny.outputs == tuple(f"figures/diagrams/tiny.{fmt}" for fmt in (*formats(built=True), "pdf"))
    assert tiny.contents()["figures/diagrams/tiny.edges"] == b"(0, 0) (1, 0)\n(0, 1) (1, 0)\n(0, 1) (1, 1)\n(0, 2) (1, 1)\n"
    assert "Edge list" not in tiny.description and "edge list" in tiny.description
    (gif,) = [e for e in table if e.name == "arithmetic-tiny"]
    assert gif.outputs == ("figures/arithmetic/tiny.gif", "figures/arithmetic/tiny.pdf")
    (strip,) = [e for e in table if e.name == "arithmetic-tiny.zh"]
    assert strip.outputs == ("figures/arithmetic/tiny.zh.gif", "figures/arithmetic/tiny.zh.pdf") and strip.lang == "zh"
    assert [e.name for e in table if e.name.startswith("tiny-page")] == ["tiny-page", "tiny-page.zh"]
    assert set(pages.page_paths("tiny-page", "zh")) <= outputs
    assert not any("tiny" in path for path in {p for e in TABLE for p in e.outputs})  # TABLE was derived at import


def test_lang_keeps_one_language_and_the_figures(tmp_path):
    zh = entries(lang="zh")
    assert {e.lang for e in zh} == {"zh", None}
    assert [e.name for e in entries("pooling")] == ["pooling", "pooling.zh"]
    assert [e.name for e in entries("pooling", lang="en")] == ["pooling"]
    assert [e.name for e in entries(["pooling.zh", "seed-*"], lang="zh")] == [
        "pooling.zh", *(f"seed-{name}{suffix}" for name in ("sparse-from-below", "sparse-from-above", "receptive-field",
                                                           "parameter-sharing") for suffix in ("", ".zh")),
    ]
    assert [e.name for e in entries("seed-*", lang="en")] == [
        f"seed-{name}" for name in ("sparse-from-below", "sparse-from-above", "receptive-field", "parameter-sharing")
    ]
    report = build(tmp_path, only=["channels", "conv-matrix-blocks"], lang="zh")
    assert sorted(files_under(tmp_path)) == [
        "derivations/channels.zh.md", "derivations/channels.zh.tex",
        "figures/conv-matrix-blocks.pdf", "figures/conv-matrix-blocks.png", "figures/conv-matrix-blocks.svg",
        "figures/conv-matrix-blocks.zh.pdf", "figures/conv-matrix-blocks.zh.svg",
    ]
    assert report.ok
    with pytest.raises(SymconvError, match="lang: expected 'en' or 'zh', got 'fr'"):
        entries(lang="fr")
    with pytest.raises(SymconvError, match="lang: expected 'en' or 'zh', got 'fr'"):
        Entry("x", ("a",), lambda: {"a": ""}, lang="fr")


def test_figures_and_animations_are_byte_stable():
    for name in ("diagram-depth-3", "arithmetic-dilation", "conv-matrix-blocks"):
        for entry in entries(name):  # the English files and the Chinese PDF
            first, second = entry.contents(), entry.contents()
            assert first == second, entry.name
    (strip,) = entries("arithmetic-dilation.zh")
    assert strip.contents()["figures/arithmetic/dilation.zh.pdf"].startswith(b"%PDF-")
    entry, _ = entries("seed-receptive-field")
    files = entry.contents()
    assert files["figures/seed/receptive-field.svg"].lstrip().startswith(b"<?xml")
    assert files["figures/seed/receptive-field.png"].startswith(b"\x89PNG")
    from symconv.graphs import seed_diagrams

    assert files["figures/seed/receptive-field.mmd"].decode() == seed_diagrams(language="en")["receptive_field"]
    assert entries("arithmetic-dilation")[0].contents()["figures/arithmetic/dilation.gif"].startswith(b"GIF89a")


def test_render_outputs_renders_only_the_entries_asked_for(monkeypatch):
    """What `symconv derive --figures` writes: the table's bytes for the paths asked, each entry rendered once."""
    calls = []
    table = (Entry("a", ("figures/a.pdf", "figures/a.svg"), lambda: calls.append("a") or {"figures/a.pdf": b"%PDF-a",
                                                                                       "figures/a.svg": b"<svg/>"}),
             Entry("b", ("figures/b.pdf",), lambda: calls.append("b") or {"figures/b.pdf": b"%PDF-b"}))
    monkeypatch.setattr(build_module, "TABLE", table)
    assert build_module.render_outputs(["figures/a.pdf", "figures/a.svg"]) == {"figures/a.pdf": b"%PDF-a",
                                                                                "figures/a.svg": b"<svg/>"}
    assert calls == ["a"]
    with pytest.raises(SymconvError, match=r"paths: 'figures/c.pdf' is not a file symconv builds") as caught:
        build_module.render_outputs("figures/c.pdf")
    assert caught.value.parameter == "paths" and calls == ["a"]


def test_a_page_whose_check_fails_is_not_written(tmp_path, monkeypatch):
    import sympy

    from symconv.symbolic import Derivation, Step

    failing = Derivation("F", [Step("s", [sympy.Eq(sympy.Symbol("x"), 1)], "t")], checker=lambda: {"claim": False})
    monkeypatch.setattr(pages, "PAGES", (pages.Page("failing", "F", lambda: failing),))
    pages.checked_page.cache_clear()
    entry = Entry("failing", pages.page_paths("failing"), lambda: pages.page_files("failing"))
    monkeypatch.setattr(build_module, "TABLE", (entry,))
    try:
        with pytest.raises(SymconvError, match=r"page 'failing' fails its checks \['claim'\]; refusing to write it"):
            build(tmp_path)
    finally:
        pages.checked_page.cache_clear()
    assert files_under(tmp_path) == {}


def test_the_command_line_builds_one_language(tmp_path, capsys):
    from symconv.cli import main

    assert main(["build", "--lang", "zh", "--only", "pooling", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(" written")[0] for line in out[:2]] == [
        "[1/1] pooling.zh: derivations/pooling.zh.md", "[1/1] pooling.zh: derivations/pooling.zh.tex"
    ]
    assert sorted(files_under(tmp_path)) == ["derivations/pooling.zh.md", "derivations/pooling.zh.tex"]
    assert main(["build", "--lang", "zh", "--only", "pooling", "--out", str(tmp_path), "--check"]) == 0
    assert main(["build", "--lang", "en", "--only", "pooling", "--out", str(tmp_path), "--check"]) == 1
    assert main(["build", "--lang", "fr"]) == 2
    assert "--lang: invalid choice: 'fr'" in capsys.readouterr().err


def test_the_committed_chinese_pictures_say_it_in_chinese():
    """The pictures the Chinese Markdown pages link: each SVG's texts (matplotlib's comments beside the glyphs) hold
    Chinese with every character drawn from a font that has it, and none of the English one's words; each GIF has
    the English one's frames and size, with other pixels (its labels)."""
    from PIL import Image

    from _chinese import assert_glyphs_drawn, need_chinese_font, svg_texts

    need_chinese_font()
    svgs = sorted((ROOT / "figures").glob("*.zh.svg"))
    assert len(svgs) == 5
    for path in svgs:
        chinese = path.read_text()
        english = (ROOT / "figures" / path.name.replace(".zh.", ".")).read_text()
        texts = [t for t in svg_texts(chinese) if re.search(r"[\u4e00-\u9fff]", t)]
        assert texts, path.name
        assert_glyphs_drawn(chinese, "".join(texts))
        # PyTorch's names of the padding modes are code, the same in every language
        words = {w for t in svg_texts(english) for w in re.findall(r"\b[A-Za-z]{4,}\b", t)} - set(PADDING_MODES)
        assert words and not words & {w for t in svg_texts(chinese) for w in re.findall(r"\b[A-Za-z]{4,}\b", t)}, path.name
    gifs = sorted((ROOT / "figures" / "arithmetic").glob("*.zh.gif"))
    assert len(gifs) == len(ARITHMETIC_CONFIGS)
    for path in gifs:
        with Image.open(path) as zh, Image.open(str(path).replace(".zh.gif", ".gif")) as en:
            assert (zh.size, zh.n_frames) == (en.size, en.n_frames)
            assert zh.convert("RGB").tobytes() != en.convert("RGB").tobytes(), path.name

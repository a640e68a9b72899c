"""symconv._output.fonts: which font the Chinese of a figure falls back to, checked with stubbed fonts on any machine.

matplotlib's font list, TeX Live's FandolHei and each font's character map are replaced by made-up ones, so
the expected choice follows by hand from the order the module documents: FandolHei, then the families of
CJK_FAMILIES in that order, then any other font by name; the first with a glyph for every Chinese character.
"""

from __future__ import annotations

import subprocess
from types import SimpleNamespace

import pytest
from matplotlib import font_manager

from symconv import SymconvError
from symconv._output import fonts as _fonts

FANDOL = ("FandolHei", "/texmf/FandolHei-Regular.otf")
NOTO = ("Noto Sans CJK SC", "/fonts/NotoSansCJK-Regular.ttc")
WENQUANYI = ("WenQuanYi Zen Hei", "/fonts/wqy-zenhei.ttc")
UMING = ("AR PL UMing CN", "/fonts/uming.ttc")
DEJAVU = ("DejaVu Sans", "/fonts/DejaVuSans.ttf")
OTHER = ("Made Up Hei", "/fonts/madeup.ttf")  # no family of CJK_FAMILIES


@pytest.fixture
def fonts(monkeypatch):
    """Install made-up fonts: ``fonts(fandol, *known, covers={file: characters})``."""

    def install(fandol, *known, covers=None):
        monkeypatch.setattr(_fonts, "_fandol_family", lambda: fandol)
        entries = [SimpleNamespace(name=name, fname=path) for name, path in known]
        monkeypatch.setattr(font_manager.fontManager, "ttflist", entries)
        monkeypatch.setattr(_fonts, "_charmap", lambda path: frozenset(map(ord, (covers or {}).get(path, ""))))

    return install


def test_fandol_first_then_the_cjk_families_in_their_order_then_the_others_by_name(fonts):
    # matplotlib lists its fonts in no useful order, one font twice
    fonts(FANDOL, DEJAVU, UMING, WENQUANYI, NOTO, OTHER, NOTO)
    assert list(_fonts._candidates()) == [FANDOL, NOTO, WENQUANYI, UMING, DEJAVU, OTHER]


def test_without_fandol_the_cjk_families_come_first(fonts):
    fonts(None, OTHER, WENQUANYI, DEJAVU)
    assert list(_fonts._candidates()) == [WENQUANYI, DEJAVU, OTHER]


def test_fandol_is_chosen_when_it_has_every_glyph(fonts):
    fonts(FANDOL, NOTO, covers={FANDOL[1]: "稀疏连接", NOTO[1]: "稀疏连接"})
    assert _fonts.chinese_family("稀疏连接") == "FandolHei"


def test_a_font_lacking_one_glyph_is_passed_over(fonts):
    # FandolHei lacks 接, Noto lacks the full-width comma (a character to draw too), WenQuanYi has all
    covers = {FANDOL[1]: "稀疏连，", NOTO[1]: "稀疏连接", WENQUANYI[1]: "稀疏连接，", UMING[1]: "稀疏连接，"}
    fonts(FANDOL, UMING, NOTO, WENQUANYI, covers=covers)
    assert _fonts.chinese_family("稀疏连接，x3") == "WenQuanYi Zen Hei"
    assert _fonts.chinese_family("稀疏连接 x3") == "Noto Sans CJK SC"  # without the comma Noto has them all
    assert _fonts.chinese_family("稀疏连") == "FandolHei"


def test_latin_letters_and_digits_are_left_to_the_figures_font(fonts):
    fonts(None, NOTO, covers={NOTO[1]: "卷积核"})  # not a Latin letter, digit or space
    assert _fonts.chinese_family("kernel 3 (卷积核 3)") == "Noto Sans CJK SC"


def test_any_other_font_that_has_the_glyphs_is_the_last_resort(fonts):
    fonts(FANDOL, OTHER, NOTO, covers={OTHER[1]: "步幅", NOTO[1]: "步"})
    assert _fonts.chinese_family("步幅 2") == "Made Up Hei"


def test_refused_naming_the_characters_to_draw_and_what_to_install(fonts):
    fonts(FANDOL, NOTO, DEJAVU, covers={FANDOL[1]: "稀疏", NOTO[1]: "连接"})
    # each character once, in code-point order: 接 U+63A5, 疏 U+758F, 稀 U+7A00, 连 U+8FDE, ， U+FF0C
    message = (
        r"^lang: drawing Chinese needs a font with glyphs for '接疏稀连，' and matplotlib finds none; install TeX "
        r"Live's Fandol fonts \(texlive-lang-chinese\) or a CJK font such as fonts-noto-cjk$"
    )
    with pytest.raises(SymconvError, match=message):
        _fonts.chinese_family("稀疏连接，稀疏 x3")
    fonts(None)  # no font at all
    with pytest.raises(SymconvError, match="glyphs for '卷积'"):
        _fonts.family_for("zh", ["卷积", "kernel 3"])


def test_english_looks_for_no_font(monkeypatch):
    def no_fonts():
        raise AssertionError("English looked for a Chinese font")

    monkeypatch.setattr(_fonts, "_candidates", no_fonts)
    assert _fonts.family_for("en", ["kernel 3", "卷积"]) is None


def test_a_file_freetype_cannot_read_has_no_glyphs(tmp_path):
    path = tmp_path / "broken.ttf"
    path.write_bytes(b"not a font")
    assert _fonts._charmap(str(path)) == frozenset()


@pytest.fixture
def texlive(monkeypatch, tmp_path):
    """TeX Live's places made up under tmp_path: ``texlive(kpsewhich=None or the path it prints)``."""
    folders = [tmp_path / "texmf-dist", tmp_path / "texmf"]
    monkeypatch.setattr(_fonts, "_TEXMF_FANDOL", tuple(map(str, folders)))

    def install(kpsewhich=None, *, in_folder=None):
        which = "/usr/bin/kpsewhich" if kpsewhich is not None else None

        def run(argv, **options):
            assert argv == [which, "FandolHei-Regular.otf"]
            return subprocess.CompletedProcess(argv, 0, stdout=f"{kpsewhich}\n", stderr="")

        # the module's own view of shutil and subprocess, so that nothing else sees the stubs
        monkeypatch.setattr(
            _fonts, "shutil", SimpleNamespace(which=lambda name: which if name == "kpsewhich" else None)
        )
        monkeypatch.setattr(_fonts, "subprocess", SimpleNamespace(run=run, SubprocessError=subprocess.SubprocessError))
        if in_folder is not None:
            folders[in_folder].mkdir()
            (folders[in_folder] / "FandolHei-Regular.otf").write_bytes(b"")
        return [str(folder / "FandolHei-Regular.otf") for folder in folders]

    return install


def test_fandol_is_where_kpsewhich_says(texlive, tmp_path):
    found = tmp_path / "elsewhere" / "FandolHei-Regular.otf"
    found.parent.mkdir()
    found.write_bytes(b"")
    texlive(str(found), in_folder=0)
    assert _fonts._fandol_file.__wrapped__() == str(found)  # before TeX Live's usual folders


def test_fandol_is_looked_for_in_the_usual_folders_without_kpsewhich(texlive):
    paths = texlive(None, in_folder=1)
    assert _fonts._fandol_file.__wrapped__() == paths[1]


def test_a_path_kpsewhich_prints_that_is_no_file_is_passed_over(texlive, tmp_path):
    paths = texlive(str(tmp_path / "gone.otf"), in_folder=0)
    assert _fonts._fandol_file.__wrapped__() == paths[0]


def test_no_fandol_anywhere(texlive):
    texlive(None)
    assert _fonts._fandol_file.__wrapped__() is None


def test_a_text_holding_chinese_gets_the_family_once_and_after_its_own():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    title, label = ax.set_title("步幅 2"), ax.set_xlabel("stride 2")
    _fonts.use_chinese_family(ax, "Made Up Hei")
    _fonts.use_chinese_family(ax, "Made Up Hei")
    assert title.get_fontfamily() == ["sans-serif", "Made Up Hei"]
    assert label.get_fontfamily() == ["sans-serif"]

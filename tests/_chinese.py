"""Checking figures drawn in Chinese: the catalogue read as patterns, the glyphs an SVG holds, a Chinese font.

The expected Chinese of a figure is found from its English twin, never from
the code that translates: :func:`by_catalogue` matches the English text
against the keys of ``symconv._i18n.ZH`` (a ``{name}`` matches any value)
and fills the Chinese entry with what it captured.  That a Chinese figure
shows its characters is read from the SVG: matplotlib converts text to glyph
paths named ``<PostScript name>-<glyph index in hex>``, so every character
must have a path whose glyph index is the font's own for that character
(index 0 is the box drawn for a missing glyph).
"""

from __future__ import annotations

import contextlib
import re
import warnings

import pytest
from _tools import need

from symconv import SymconvError, _i18n

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


def need_chinese_font() -> None:
    """Skip (or fail under SYMCONV_REQUIRE_TOOLS) where matplotlib finds no font with Chinese glyphs."""
    from symconv._output import fonts as _fonts

    try:
        _fonts.chinese_family("稀疏连接")
    except SymconvError:
        need(False, "a font with Chinese glyphs (TeX Live's FandolHei from texlive-lang-chinese, or a CJK font)")


@contextlib.contextmanager
def without_font():
    """Draw Chinese on any machine, to check what a figure says rather than how it looks.

    What a Chinese figure says comes from the catalogue, not from a font, so that part of a test runs everywhere:
    inside the block every text holding Chinese falls back to DejaVu Sans, which every matplotlib has (its Chinese
    glyphs are boxes; the warnings saying so are silenced here only).  That the glyphs are drawn is a separate test
    behind :func:`need_chinese_font`.
    """
    from symconv._output import fonts as _fonts

    with pytest.MonkeyPatch.context() as patch, warnings.catch_warnings():
        patch.setattr(_fonts, "chinese_family", lambda text: "DejaVu Sans")
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
        yield


def _pattern(key: str) -> str:
    """``key`` as a regular expression: each ``{name}`` a group (the same value where it repeats)."""
    pattern, seen = "", set()
    for part in re.split(r"(\{\w+\})", key):
        name = part[1:-1]
        if not re.fullmatch(r"\{\w+\}", part):
            pattern += re.escape(part)
        elif name in seen:
            pattern += f"(?P={name})"
        else:
            pattern += f"(?P<{name}>.+?)"
            seen.add(name)
    return pattern


def by_catalogue(english: str) -> str:
    """The Chinese entry of the one catalogue key that ``english`` is, or matches with its placeholders filled."""
    if english in _i18n.ZH:
        return _i18n.ZH[english]
    found = []
    for key, chinese in _i18n.ZH.items():
        if "{" in key and "{$" not in key and (match := re.fullmatch(_pattern(key), english)):
            found.append(chinese.format(**match.groupdict()))
    assert len(found) == 1, (english, found)
    return found[0]


@contextlib.contextmanager
def no_missing_glyphs():
    """Fail if matplotlib warns of a glyph missing from its fonts (drawn as a box) inside the block."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing


def assert_glyphs_drawn(svg: str, text: str) -> None:
    """Every Chinese character of ``text`` is drawn in ``svg`` with its own glyph of a font that has it."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    glyphs = set(re.findall(r'<path id="([^"]+-[0-9a-f]+)"', svg))
    prefixes = {glyph.rsplit("-", 1)[0] for glyph in glyphs if not glyph.startswith("DejaVu")}
    assert len(prefixes) == 1, prefixes  # DejaVu Sans (and its mathtext faces) for Latin, one font for Chinese
    (prefix,) = prefixes
    files = {entry.fname for entry in font_manager.fontManager.ttflist}
    fonts = [font for font in map(FT2Font, sorted(files)) if font.postscript_name == prefix]
    assert fonts, prefix
    for character in set(CJK.findall(text)):
        index = fonts[0].get_char_index(ord(character))
        assert index != 0, character
        assert f"{prefix}-{index:x}" in glyphs, character


def svg_texts(svg: str) -> list:
    """The texts matplotlib wrote into an SVG as comments beside their glyph paths (one per line of text)."""
    return re.findall(r"<!-- (.*?) -->", svg)

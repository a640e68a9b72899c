"""A font with Chinese glyphs for the matplotlib figures drawn with ``lang="zh"``.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs: text in it
would be drawn as empty boxes, with only a warning ("Glyph ... missing from
font(s)").  A Chinese figure therefore gives each of its texts that holds
Chinese a second font, which matplotlib falls back to glyph by glyph, so Latin
letters and digits keep the look of the English figures.  The second font is
the first of these with a glyph for every Chinese character drawn:

1. TeX Live's FandolHei (Debian: ``texlive-lang-chinese``), the family the
   Chinese derivation pages are typeset with, found by ``kpsewhich`` or in
   TeX Live's usual directories and added to matplotlib's font manager;
2. a family of :data:`CJK_FAMILIES` that matplotlib already knows;
3. any other font matplotlib knows, by name.

Without one, drawing in Chinese is refused (:func:`chinese_family`) rather
than written with boxes.  English figures never come here, so their bytes do
not depend on the fonts installed.  matplotlib is imported inside the
functions.

Examples
--------
Texts holding Chinese get the second family after their own (here a family
every matplotlib has stands in for the one :func:`chinese_family` finds, e.g.
FandolHei where TeX Live is installed); the others keep theirs:

>>> from matplotlib.figure import Figure
>>> ax = Figure().add_subplot()
>>> title = ax.set_title("卷积核 3，步幅 2")
>>> label = ax.set_xlabel("x")
>>> use_chinese_family(ax, "DejaVu Serif")
>>> title.get_fontfamily(), label.get_fontfamily()
(['sans-serif', 'DejaVu Serif'], ['sans-serif'])
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from .._errors import SymconvError
from .._i18n import chinese_characters, has_chinese

__all__ = ["CJK_FAMILIES", "chinese_family", "family_for", "use_chinese_family"]

#: Font families tried after TeX Live's FandolHei, in this order (sans-serif first, like matplotlib's default).
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
    "AR PL SungtiL GB",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)

_FANDOL_FILE = "FandolHei-Regular.otf"
_TEXMF_FANDOL = (
    "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol",
    "/usr/share/texmf/fonts/opentype/public/fandol",
    "/usr/local/share/texmf/fonts/opentype/public/fandol",
)

#: What to install when no font is found (said in the error).
INSTALL_HINT = "install TeX Live's Fandol fonts (texlive-lang-chinese) or a CJK font such as fonts-noto-cjk"


@functools.cache
def _fandol_file() -> str | None:
    """TeX Live's FandolHei: where ``kpsewhich`` (the path xelatex uses) or a usual directory has it."""
    kpsewhich = shutil.which("kpsewhich")
    if kpsewhich is not None:
        try:
            run = subprocess.run([kpsewhich, _FANDOL_FILE], capture_output=True, text=True, timeout=30, check=False)
            found = run.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found and Path(found).is_file():
            return found
    for folder in _TEXMF_FANDOL:
        path = Path(folder) / _FANDOL_FILE
        if path.is_file():
            return str(path)
    return None


@functools.cache
def _charmap(path: str) -> frozenset:
    from matplotlib.ft2font import FT2Font

    try:
        return frozenset(FT2Font(path).get_charmap())
    except (OSError, RuntimeError, ValueError):  # a file FreeType cannot read covers nothing
        return frozenset()


@functools.cache
def _fandol_family() -> tuple | None:
    """(family, file) of FandolHei, added to matplotlib's font manager once."""
    from matplotlib import font_manager

    path = _fandol_file()
    if path is None:
        return None
    if not any(entry.fname == path for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name(), path


def _candidates():
    """(family, file) pairs in the order they are tried."""
    from matplotlib import font_manager

    fandol = _fandol_family()
    if fandol is not None:
        yield fandol
    known = sorted({(entry.name, entry.fname) for entry in font_manager.fontManager.ttflist})
    preferred = {family: rank for rank, family in enumerate(CJK_FAMILIES)}
    yield from sorted((pair for pair in known if pair[0] in preferred), key=lambda pair: preferred[pair[0]])
    yield from (pair for pair in known if pair[0] not in preferred)


def chinese_family(text: str) -> str:
    """The family of the first font (see the module) with a glyph for every Chinese character of ``text``.

    Parameters
    ----------
    text : str
        Everything that will be drawn; characters outside the CJK blocks are
        left to the figure's own font.

    Returns
    -------
    str
        A family name matplotlib's font manager resolves to that font.

    Raises
    ------
    SymconvError
        No font matplotlib can use has all the glyphs (the message names the
        characters and what to install).

    Examples
    --------
    Where a Chinese font is installed (FandolHei with TeX Live; a bare
    machine has none, and the doctest runs these lines only where one is):

    >>> from matplotlib import font_manager
    >>> family = chinese_family("稀疏连接")  # doctest: +NEEDS_CHINESE_FONT
    >>> found = font_manager.findfont(family, fallback_to_default=False)  # doctest: +NEEDS_CHINESE_FONT
    >>> found.endswith((".otf", ".ttf", ".ttc"))  # doctest: +NEEDS_CHINESE_FONT
    True
    """
    needed = {ord(character) for character in chinese_characters(text)}
    for family, path in _candidates():
        if needed <= _charmap(path):
            return family
    shown = "".join(map(chr, sorted(needed)))
    raise SymconvError(
        f"lang: drawing Chinese needs a font with glyphs for {shown!r} and matplotlib finds none; {INSTALL_HINT}", parameter="lang"
    )


def family_for(lang: str, texts) -> str | None:
    """The family the Chinese of ``texts`` falls back to (None for English), found before anything is drawn.

    Raises
    ------
    SymconvError
        As :func:`chinese_family`, for ``lang="zh"`` only.
    """
    return None if lang == "en" else chinese_family("".join(texts))


def use_chinese_family(artist, family: str) -> None:
    """Let every text under ``artist`` (a figure or axes) that holds Chinese fall back to ``family``.

    Texts without Chinese are left as they are; the family is added after a
    text's own, so its Latin letters and digits keep their font.
    """
    from matplotlib.text import Text

    for text in artist.findobj(Text):
        if has_chinese(text.get_text()) and family not in text.get_fontfamily():
            text.set_fontfamily([*text.get_fontfamily(), family])

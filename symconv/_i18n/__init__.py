"""Translation of symconv's prose: every sentence of prose symconv writes, English -> Chinese.

The derivations are rendered from SymPy objects, so only their prose needs
translating.  :func:`translate` looks each English sentence up in :data:`ZH`,
keyed by the English source string exactly as the code writes it:

- ``{name}`` placeholders (filled later with the LaTeX of a SymPy object)
  are kept as they are, so a formula is never typed twice;
- inline math ``$...$`` is masked as ``{$1}``, ``{$2}``, ... in the key and
  put back after the lookup, for the same reason.

A sentence without an entry raises :class:`symconv.SymconvError` naming it,
so a test that renders every page in Chinese fails until the entry exists.
The Chinese follows the terminology of the seed notes: 交叉相关（互相关）,
卷积核, 平移不变性, 局部性, 感受野, 填充, 步幅, 空洞卷积, 转置卷积, 分组卷积,
深度可分离卷积, 可变形卷积, 参数共享, 稀疏交互, 等变表示.

Examples
--------
>>> translate("Free weights: {count}.", "zh")
'自由权重：{count}。'
>>> translate("For any $i$ and $k$, with unit strides ($s = 1$) and no zero padding ($p = 0$).", "zh")
'对任意 $i$ 和 $k$，步幅为 1（$s = 1$）且没有零填充（$p = 0$）。'
>>> translate("Free weights: {count}.", "en")
'Free weights: {count}.'
"""

from __future__ import annotations

import re

from .._errors import SymconvError
from .catalogue import ZH

__all__ = ["LANGUAGES", "check_lang", "translate", "mask_math", "has_chinese", "ZH"]

#: The languages pages are written in.
LANGUAGES = ("en", "zh")

_MATH = re.compile(r"\$[^$]+\$")
# CJK radicals and punctuation, Han ideographs, compatibility ideographs and forms, full-width punctuation
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
_TOKEN = re.compile(r"\{\$?\w+\}")
_USED: set = set()


def check_lang(lang) -> str:
    """``lang`` if it is one of :data:`LANGUAGES`; a clear error otherwise.

    Examples
    --------
    >>> check_lang("zh")
    'zh'
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: lang: expected 'en' or 'zh', got 'fr'
    """
    if not isinstance(lang, str):
        raise TypeError(f"lang: expected 'en' or 'zh', got {type(lang).__name__} {lang!r}")
    if lang not in LANGUAGES:
        raise SymconvError(f"lang: expected 'en' or 'zh', got {lang!r}", parameter="lang")
    return lang


def has_chinese(text: str) -> bool:
    """Whether ``text`` holds Chinese: characters that pdflatex and matplotlib's default font cannot draw.

    Examples
    --------
    >>> has_chinese("kernel 3, stride 2"), has_chinese("卷积核 3，步幅 2")
    (False, True)
    """
    return bool(_CJK.search(text))


def chinese_characters(text: str) -> list:
    """The characters of ``text`` that :func:`has_chinese` looks for, in order."""
    return _CJK.findall(text)


def mask_math(text: str) -> tuple[str, list[str]]:
    """``text`` with each inline ``$...$`` replaced by ``{$1}``, ``{$2}``, ...; and the math, in order.

    Examples
    --------
    >>> mask_math("a $x$ b $y^2$")
    ('a {$1} b {$2}', ['$x$', '$y^2$'])
    """
    found = []

    def keep(match):
        found.append(match.group(0))
        return "{$%d}" % len(found)

    return _MATH.sub(keep, text), found


def _tokens(text: str) -> list:
    return sorted(_TOKEN.findall(text))


def translate(text: str, lang: str = "en") -> str:
    """The prose ``text`` in ``lang``: itself in English, its catalogue entry in Chinese.

    Parameters
    ----------
    text : str
        English prose exactly as the code writes it, ``{placeholders}`` and
        ``$math$`` included.
    lang : {"en", "zh"}

    Returns
    -------
    str
        With the same placeholders and the same math as ``text``.

    Raises
    ------
    SymconvError
        An unknown language, a sentence missing from :data:`ZH` (the message
        quotes the key to add), or an entry whose placeholders differ from
        the English.

    Examples
    --------
    >>> translate("Checked: proved symbolically; in {cases} integer configurations the formula gives the number "
    ...           "of windows counted by sliding one.", "zh")
    '已验证：符号证明成立；在 {cases} 个整数配置上，公式给出的都是逐个滑动窗口数出的窗口个数。'
    >>> translate("No such sentence.", "zh")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: lang: no Chinese translation of 'No such sentence.'; add it to ZH in symconv/_i18n/catalogue.py
    """
    check_lang(lang)
    if not isinstance(text, str):
        raise TypeError(f"text: expected a str, got {type(text).__name__} {text!r}")
    if lang == "en" or not text:
        return text
    key, math = mask_math(text)
    if not re.search(r"[A-Za-z]", re.sub(r"`[^`]*`", "", _TOKEN.sub("", key))):
        return text  # nothing but math, code, numbers and punctuation: the same in every language
    try:
        chinese = ZH[key]
    except KeyError:
        raise SymconvError(
            f"lang: no Chinese translation of {key!r}; add it to ZH in symconv/_i18n/catalogue.py", parameter="lang"
        ) from None
    if _tokens(chinese) != _tokens(key):
        raise SymconvError(
            f"lang: the Chinese of {key!r} has placeholders {_tokens(chinese)}, expected {_tokens(key)}", parameter="lang"
        )
    _USED.add(key)
    return re.sub(r"\{\$(\d+)\}", lambda m: math[int(m.group(1)) - 1], chinese)

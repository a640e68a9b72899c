"""The Chinese catalogue and the translation of prose: placeholders, math, missing sentences, languages."""

from __future__ import annotations

import re

import pytest
import sympy

from symconv import SymconvError, _i18n
from symconv.symbolic import Derivation, Step

CJK = re.compile(r"[\u4e00-\u9fff]")
PROPER_NAMES = {"LeNet-5", "AlexNet", "VGG-16"}  # the same in Chinese


def test_every_catalogue_entry_keeps_its_placeholders_and_math():
    for key, chinese in _i18n.ZH.items():
        assert sorted(re.findall(r"\{\$?\w+\}", key)) == sorted(re.findall(r"\{\$?\w+\}", chinese)), key
        assert CJK.search(chinese) or (key == chinese and key in PROPER_NAMES), key
        assert "$" not in key.replace("{$", ""), key  # math is masked, never typed into a key


def test_a_missing_translation_names_the_sentence():
    with pytest.raises(SymconvError, match=r"lang: no Chinese translation of 'A new sentence about \{x\}\.'; add it"):
        _i18n.translate("A new sentence about {x}.", "zh")
    x = sympy.Symbol("x")
    step = Step("Untranslated title", [sympy.Eq(x, 1)], "t")
    with pytest.raises(SymconvError, match="no Chinese translation of 'Untranslated title'"):
        Derivation("Pooling", [step]).to_markdown(lang="zh")


def test_math_is_masked_and_put_back():
    english = "For any $i$ and $k$, with unit strides ($s = 1$) and no zero padding ($p = 0$)."
    assert _i18n.mask_math(english) == (
        "For any {$1} and {$2}, with unit strides ({$3}) and no zero padding ({$4}).", ["$i$", "$k$", "$s = 1$", "$p = 0$"]
    )
    chinese = _i18n.translate(english, "zh")
    assert [m for m in re.findall(r"\$[^$]+\$", chinese)] == ["$i$", "$k$", "$s = 1$", "$p = 0$"]
    assert _i18n.translate("$i$", "zh") == "$i$"  # math alone needs no entry
    assert _i18n.translate("`corr(shift(x))`", "zh") == "`corr(shift(x))`"


def test_a_translation_with_other_placeholders_is_refused(monkeypatch):
    monkeypatch.setitem(_i18n.ZH, "About {x}.", "关于 {y}。")
    with pytest.raises(SymconvError, match=r"has placeholders \['\{y\}'\], expected \['\{x\}'\]"):
        _i18n.translate("About {x}.", "zh")


def test_bad_languages():
    with pytest.raises(SymconvError, match="lang: expected 'en' or 'zh', got 'fr'"):
        _i18n.translate("Pooling", "fr")
    with pytest.raises(TypeError, match="lang: expected 'en' or 'zh', got int 2"):
        _i18n.check_lang(2)
    with pytest.raises(TypeError, match="text: expected a str, got int"):
        _i18n.translate(3, "zh")

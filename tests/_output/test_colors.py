"""The shared colours: taps told apart with normal and deficient colour vision; highlighted labels readable.

Distances are CIE 1976 ΔE*ab in CIELAB (D65) computed here from the sRGB
formulas; colour-vision deficiencies are simulated with the matrices of
Machado, Oliveira and Fernandes (2009) at full severity (protanopia,
deuteranopia, tritanopia), applied to linear RGB.  Contrast is the WCAG 2
ratio.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from symconv._output.colors import HIGHLIGHT_EDGE, HIGHLIGHT_FILL, HIGHLIGHT_TEXT, PLAIN_EDGE, TAP_COLORS, text_on

# linear-RGB simulation matrices, severity 1.0 (Machado et al. 2009, table of precomputed matrices)
VISION = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]),
}
# sRGB (linear) -> XYZ, D65
XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
TAB10 = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")


def _linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = XYZ @ np.clip(linear_rgb, 0, 1)
    t = xyz / (XYZ @ np.ones(3))
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _closest(colours) -> float:
    """The smallest ΔE*ab between two of the colours, under every simulated vision."""
    return min(
        np.linalg.norm(_lab(m @ _linear(a)) - _lab(m @ _linear(b)))
        for m in VISION.values()
        for a, b in itertools.combinations(colours, 2)
    )


def test_the_lab_formula_by_hand():
    assert np.allclose(_lab(_linear("#ffffff")), [100, 0, 0], atol=0.01)
    assert np.allclose(_lab(_linear("#000000")), [0, 0, 0], atol=1e-9)
    assert _lab(_linear("#808080"))[0] == pytest.approx(53.59, abs=0.01)  # the textbook L* of mid-grey


def test_nine_taps_are_told_apart_with_every_kind_of_colour_vision():
    assert len(TAP_COLORS) >= 9  # a 3x3 kernel
    assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", c) for c in TAP_COLORS)
    assert _closest(TAP_COLORS[:9] + (HIGHLIGHT_EDGE,)) >= 15
    assert _closest(TAP_COLORS[:3]) >= 30  # the three taps of a width-3 kernel, the common case
    # what was there before: tab10 confuses two of its first nine for a protanope
    assert _closest(TAB10[:9]) < 5


def test_taps_show_on_white():
    """Thin edges on a white page: no tap lighter than L* 85."""
    assert max(_lab(_linear(c))[0] for c in TAP_COLORS) < 85
    assert _lab(_linear(PLAIN_EDGE))[0] < 85


def _contrast(a: str, b: str) -> float:
    def luminance(hex_colour):
        c = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_highlighted_labels_pass_wcag_aa():
    assert _contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert _contrast(HIGHLIGHT_FILL, HIGHLIGHT_TEXT) >= 4.5
    assert _contrast("#808080", "#333333") < 4.5  # the seed's grey under mermaid's default label colour


def test_labels_on_tap_colours_pass_wcag_aa():
    for colour in TAP_COLORS:
        text = text_on(colour)
        assert text in ("#000000", "#FFFFFF")
        assert _contrast(colour, text) >= 4.5, colour
        assert _contrast(colour, text) >= _contrast(colour, "#FFFFFF" if text == "#000000" else "#000000")

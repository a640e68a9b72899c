"""The page fc-to-conv: one symbol per layer, equivariance named, and where (2 Delta + 1)^2 holds."""

from __future__ import annotations

import sympy

from symconv.symbolic import fc_to_conv


def test_the_photograph_layer_has_its_own_symbol(render):
    counts = fc_to_conv()[4].relations
    names = [str(r.lhs) for r in counts if isinstance(r.lhs, sympy.Symbol)]
    assert names.count("P_FC") == 1 and r"P_{\mathrm{photo}}" in names
    assert "counts another layer than" in render("fc-to-conv")


def test_translation_invariance_gives_equivariance_and_the_count_needs_delta_below_n(render):
    text = render("fc-to-conv")
    assert "what it gives is equivariance" in text
    assert r"\Delta \leq n_{h} - 1" in text
    # on an axis of 2 positions only 3 offsets exist: a kernel with Delta = 3 (7 taps) reads with 3 of them
    n, delta = 2, 3
    meeting = {a for i in range(n) for a in range(-delta, delta + 1) if 0 <= i + a < n}
    assert len(meeting) == 2 * n - 1 < 2 * delta + 1

"""The page groups-separable: the cost derivation of separable convolutions and the page built around it."""

from __future__ import annotations

from _tools import compile_latex

from symconv.pages.groups_separable import separable_cost_derivation


def test_separable_cost_derivation():
    d = separable_cost_derivation()
    assert all(d.check().values()) and "False" not in d.to_markdown()
    assert compile_latex(d.to_latex(standalone=True)).startswith(b"%PDF")


def test_the_spatially_separable_cost_is_per_channel_and_the_layer_has_four_ways(render):
    import symconv as sc

    text = render("groups-separable")
    assert "One layer, four ways" in text and "five ways" not in text
    assert "rank is at most 1" in text and "Per channel" in text
    # the table's spatially separable passes mix channels: half the full layer's MACs, not 1/3 + 1/3
    full = sc.counting.conv((64, 56, 56), 128, 3, padding=1, bias=False)
    _, _, passes = sc.counting.spatially_separable((64, 56, 56), 128, 3, padding=1, mid_channels=64, bias=False)
    assert passes.macs * 2 == full.macs

"""The page padding-stride-dilation: stride is subsampling with the same padding, and dilated stacks' spans."""

from __future__ import annotations

import numpy as np

import symconv as sc


def test_stride_is_subsampling_only_with_the_same_padding(render):
    assert 'That needs the same padding in both: `padding="same"`' in render("padding-stride-dilation")
    x, w = np.random.default_rng(0).normal(size=(1, 1, 4)), np.array([[[1.0, 2.0, 3.0]]])
    assert np.allclose(sc.numeric.conv(x, w, stride=2, padding=1), sc.numeric.conv(x, w, padding=1)[..., ::2])
    assert not np.allclose(sc.numeric.conv(x, w, stride=2, padding="same"),
                           sc.numeric.conv(x, w, padding="same")[..., ::2])


def test_dilations_1_2_4_double_the_span_and_add_one(render):
    text = render("padding-stride-dilation")
    assert "double the span of the receptive field and add one" in text and "r_{L+1} = 2 r_{L} + 1" in text
    spans = [sc.receptive_field([(3, 1, 0, 2**n) for n in range(depth)])[-1].size for depth in range(1, 5)]
    assert [int(r) for r in spans] == [3, 7, 15, 31] and all(b == 2 * a + 1 for a, b in zip(spans, spans[1:]))

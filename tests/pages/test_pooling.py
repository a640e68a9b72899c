"""The page pooling: when average pooling is a convolution, and which last window ceil_mode keeps."""

from __future__ import annotations

import numpy as np

import symconv as sc


def test_ceil_mode_keeps_a_last_window_that_starts_in_the_input_or_the_left_padding(render):
    assert "starts inside the input or the left padding" in render("pooling")
    # n = 5, k = 2, s = 2, p = 1: windows start at -1, 1, 3; the next would start at 5, in the right padding
    assert sc.pool_output_size(5, 2, stride=2, padding=1, ceil_mode=True) == 3
    # n = 4, k = 3, s = 2, p = 1: the rounded-up window starts at 3, inside the input, and is kept
    assert sc.pool_output_size(4, 3, stride=2, padding=1) == 2
    assert sc.pool_output_size(4, 3, stride=2, padding=1, ceil_mode=True) == 3
    assert sc.numeric.max_pool(np.zeros((1, 1, 4)), 3, stride=2, padding=1, ceil_mode=True).shape[-1] == 3


def test_average_pooling_is_a_convolution_under_its_conditions(render):
    text = render("pooling")
    assert "`count_include_pad=True`" in text and "neither is a convolution" in text
    x = np.random.default_rng(1).normal(size=(1, 1, 4))
    box = np.full((1, 1, 3), 1 / 3)
    assert np.allclose(sc.numeric.avg_pool(x, 3, stride=1, padding=1), sc.numeric.conv(x, box, padding=1))
    assert not np.allclose(sc.numeric.avg_pool(x, 3, stride=1, padding=1, count_include_pad=False),
                           sc.numeric.conv(x, box, padding=1))

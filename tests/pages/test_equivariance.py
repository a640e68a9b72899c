"""The page equivariance: where a shift commutes with a convolution, and the counterexamples where it does not."""

from __future__ import annotations

import numpy as np

import symconv as sc


def test_the_zero_padding_statement_covers_negative_shifts(render):
    text = render("equivariance")
    assert "i \\ge p" in text and "$t = -2$" in text
    # the old statement t <= i <= n - k + p allowed i = 0 for t = -2; the conv disagrees there
    x, w = np.arange(1.0, 9.0)[None, None] ** 2, np.array([[[1.0, 2.0, 5.0]]])
    shifted = np.zeros_like(x)
    shifted[..., :6] = x[..., 2:]
    y, moved = sc.numeric.conv(x, w, padding=1)[0, 0], sc.numeric.conv(shifted, w, padding=1)[0, 0]
    assert moved[0] != y[2] and np.allclose(moved[1:6], y[3:8])
    assert "向左平移是镜像情形" in render("equivariance", "zh")


def test_circular_equivariance_at_a_stride_needs_a_multiple_of_it(render):
    assert "only the shifts by a multiple of $s$" in render("equivariance")
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(1, 1, 6)), rng.normal(size=(1, 1, 3))

    def circular(a):  # stride 2 on the input wrapped around
        return sc.numeric.conv(np.concatenate([a, a[..., :2]], axis=-1), w, stride=2)[0, 0]

    y = circular(x)
    assert np.allclose(circular(np.roll(x, 2, axis=-1)), np.roll(y, 1))  # t = 2 = 2 * 1
    assert not any(np.allclose(circular(np.roll(x, 1, axis=-1)), np.roll(y, n)) for n in range(3))  # t = 1

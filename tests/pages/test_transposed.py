"""The page transposed: C is Toeplitz at stride 1 only, and the construction's kernel is dilated too."""

from __future__ import annotations

import numpy as np

import symconv as sc
from symconv.symbolic.variants import transposed_construction


def test_the_convolution_matrix_is_toeplitz_only_at_stride_1(render):
    assert "That is at stride 1." in render("transposed")
    w = np.array([[[1.0, 2.0, 3.0]]])
    one, two = sc.conv_matrix((1, 7), w, format="dense"), sc.conv_matrix((1, 7), w, stride=2, format="dense")

    def toeplitz(m):  # constant along every diagonal
        return all(len(set(np.diagonal(m, offset))) == 1 for offset in range(-m.shape[0] + 1, m.shape[1]))

    assert toeplitz(one) and not toeplitz(two)


def test_the_construction_dilates_the_flipped_kernel_and_crops_a_negative_pad(render):
    assert "the flipped kernel is dilated by $d$ too" in render("transposed")
    rng = np.random.default_rng(2)
    x, w = rng.normal(size=(1, 5)), rng.normal(size=(1, 1, 2))
    for kw in (dict(stride=2, dilation=3), dict(stride=2, padding=3, dilation=2)):  # d(k-1) - p = -1: a crop
        built = transposed_construction(x, w, **kw).output
        assert np.allclose(np.asarray(built, dtype=float), sc.numeric.conv_transpose(x[None], w, **kw)[0])

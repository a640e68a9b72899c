"""The page cross-correlation: the notes' four sums and the flipped kernel."""

from __future__ import annotations

import numpy as np


def test_cross_correlation_page_has_the_notes_sums(render):
    text = render("cross-correlation")
    # seed 001, 9.2.1: 0x0+1x1+3x2+4x3=19 and the three others
    for line in ("0 \\cdot 0 + 1 \\cdot 1 + 3 \\cdot 2 + 4 \\cdot 3 &= 19", "1 \\cdot 0 + 2 \\cdot 1 + 4 \\cdot 2 + 5 \\cdot 3 &= 25",
                 "3 \\cdot 0 + 4 \\cdot 1 + 6 \\cdot 2 + 7 \\cdot 3 &= 37", "4 \\cdot 0 + 5 \\cdot 1 + 7 \\cdot 2 + 8 \\cdot 3 &= 43"):
        assert line in text
    # true convolution of the same example, by a plain loop with the flipped kernel
    X, K = np.arange(9).reshape(3, 3), np.array([[0, 1], [2, 3]])
    flipped = [[int((X[i:i + 2, j:j + 2] * K[::-1, ::-1]).sum()) for j in range(2)] for i in range(2)]
    assert flipped == [[5, 11], [23, 29]]
    assert r"\left[\begin{matrix}5 & 11\\23 & 29\end{matrix}\right]" in text


def test_true_convolution_reads_the_kernel_inside_it(render):
    text = render("cross-correlation")
    assert "{W}_{h - a + 1,w - b + 1}" in text and "{W}_{- a,- b}" not in text
    assert "count the taps from 1" in text

"""The page deformable: why offsets get gradients, and the modulated (v2) form."""

from __future__ import annotations

import numpy as np

import symconv as sc


def test_the_offsets_get_gradients_because_sampling_is_piecewise_linear_in_the_position(render):
    text = render("deformable")
    assert "piecewise linear in the position" in text and "linear in the input, so gradients reach both" not in text
    # the sampled value is linear in the fractional position between two grid lines (central differences agree)
    x = np.arange(16.0).reshape(1, 1, 4, 4) ** 1.5
    w = np.ones((1, 1, 1, 1))

    def sample(offset):  # every position moved down by offset rows
        shift = np.zeros((1, 2, 4, 4))
        shift[:, 0] = offset
        return sc.numeric.deform_conv2d(x, shift, w)[0, 0, 1, 1]

    left, right = (sample(0.3) - sample(0.2)) / 0.1, (sample(0.6) - sample(0.5)) / 0.1
    beyond = (sample(1.3) - sample(1.2)) / 0.1  # the next cell: another slope
    assert np.isclose(left, right) and not np.isclose(left, beyond)


def test_the_modulated_form_is_written_and_checked(render):
    text = render("deformable")
    assert "## 3. Modulation (v2)" in text and "{m}_{a,b,i,j}" in text
    assert render("deformable", "zh").count("调制") >= 2

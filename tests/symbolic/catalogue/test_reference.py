"""The plain loops the numeric checks compare with: against SciPy and against hand-worked values."""

import numpy as np
import scipy.signal

from symconv.symbolic.catalogue import _reference


def test_windows_counted_by_sliding():
    # the guide's examples: i=5, k=3, s=2, p=1 -> 3; i=6 -> 3; pooling i=5, k=2 with ceil_mode -> 3
    assert _reference.window_count(5, 3, 2, 1, 1) == 3 and _reference.window_count(6, 3, 2, 1, 1) == 3
    assert _reference.window_count(5, 2, 2, 0, 0) == 2 and _reference.window_count(5, 2, 2, 0, 0, ceil_mode=True) == 3
    # a last window starting in the right padding is not kept
    assert _reference.window_count(5, 2, 2, 1, 1, ceil_mode=True) == 3
    assert _reference.window_count(7, 3, 1, 0, 0, d=2) == 3  # the guide's dilation example


def test_correlate_and_convolve_against_scipy():
    rng = np.random.default_rng(0)
    a, k = rng.normal(size=(5, 4)), rng.normal(size=(2, 3))
    for mode in ("valid", "full"):
        assert np.allclose(_reference.correlate(a, k, mode), scipy.signal.correlate(a, k, mode))
        assert np.allclose(_reference.convolve(a, k, mode), scipy.signal.convolve(a, k, mode))


def test_conv_by_hand():
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    w = np.array([[[[0.0, 1.0], [2.0, 3.0]]]])
    assert _reference.conv(x, w).tolist() == [[[[19.0, 25.0], [37.0, 43.0]]]]  # the d2l corr2d example
    padded = _reference.conv(np.ones((1, 1, 3)), np.ones((1, 1, 3)), padding=1)
    assert padded.tolist() == [[[2.0, 3.0, 2.0]]]


def test_transposed_scatter_and_taps():
    y = _reference.conv_transpose(np.ones((1, 1, 3)), np.ones((1, 1, 3)), stride=2)
    assert y[0, 0].tolist() == [1, 1, 2, 1, 2, 1, 1]
    assert _reference.taps_per_output(3, 3, 2).tolist() == [1, 1, 2, 1, 2, 1, 1]


def test_pooling_by_hand():
    x = np.array([[[1.0, 5.0, 2.0, 4.0, 3.0]]])
    assert _reference.pool(x, 2).tolist() == [[[5.0, 4.0]]]
    assert _reference.pool(x, 2, ceil_mode=True).tolist() == [[[5.0, 4.0, 3.0]]]
    assert _reference.pool(x, 3, stride=1, padding=1, mode="avg").tolist() == [[[2.0, 8 / 3, 11 / 3, 3.0, 7 / 3]]]
    uncounted = _reference.pool(x, 3, stride=1, padding=1, mode="avg", count_include_pad=False)
    assert uncounted[0, 0, 0] == 3.0


def test_macs_counted_one_by_one():
    assert _reference.mac_count((3, 5, 5), (4, 3, 3, 3)) == 4 * 9 * 3 * 9
    assert _reference.mac_count((4, 5), (6, 2, 3), groups=2, padding=1) == 6 * 5 * 2 * 3

"""Two cases of issue 10 that no other test held (the audit of issues 15 and 10).

- ``numeric.correlate`` of two 10**7-long arrays in full mode: floats take the FFT route (the direct sum would be
  10**14 multiply-adds), never the direct one, and within the memory bound or refused before any transform;
  integers are refused at once with the route to take.  (The FFT's values are checked against the definition in
  ``tests/numeric/test_limits.py`` on 2*10**6-long arrays; here the route, not the values, is the question, so
  the transform itself is replaced by a stub that records what it was given.)
- ``ReceptiveField`` reads a list, a 1-D NumPy array and NumPy integers like the tuple (a list used to make a
  2-D field look 1-D: ``ndim`` 1 and a wrong region).
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest
import scipy.signal
import sympy
from _shapes import spellings

from symconv import Geometry, SymconvError, _validate
from symconv.numeric import convolve, correlate
from symconv.receptive import ReceptiveField, receptive_field

correlate_module = importlib.import_module("symconv.numeric.correlate")

N = 10**7


@pytest.fixture
def no_direct_sum(monkeypatch):
    def direct(*args, **kwargs):
        raise AssertionError("the direct sum was started")

    monkeypatch.setattr(correlate_module, "correlate_gemm", direct)


@pytest.fixture
def transforms(monkeypatch):
    """Replace SciPy's FFT convolution with a stub that records the shapes it got and returns zeros."""
    seen = []

    def stub(a, b, mode="full"):
        seen.append((a.shape, b.shape, a.dtype, mode))
        return np.zeros(a.shape[0] + b.shape[0] - 1, dtype=a.dtype)

    monkeypatch.setattr(scipy.signal, "fftconvolve", stub)
    return seen


@pytest.mark.parametrize("function", [correlate, convolve])
def test_two_ten_million_long_float_arrays_in_full_mode_take_the_fft(no_direct_sum, transforms, function):
    a, k = np.ones(N), np.ones(N)
    z = function(a, k, mode="full")
    # one transform of the whole arrays (correlate flips k first) and the full result, 2N - 1 outputs
    assert transforms == [((N,), (N,), np.dtype(float), "full")]
    assert z.shape == (2 * N - 1,) and z.dtype == np.float64


def test_the_fft_route_is_refused_before_any_transform_when_it_does_not_fit(no_direct_sum, transforms, monkeypatch):
    monkeypatch.setattr(_validate, "MAX_ARRAY_BYTES", 10**8)  # the transforms of 2N - 1 complex cells need more
    with pytest.raises(SymconvError) as info:
        correlate(np.ones(N), np.ones(N), mode="full")
    assert info.value.parameter == "a, k"
    assert str(info.value).startswith("a, k: expected a layer whose arrays fit in memory")
    assert transforms == []


def test_two_ten_million_long_integer_arrays_are_refused_with_the_route(no_direct_sum, transforms):
    with pytest.raises(SymconvError) as info:
        correlate(np.ones(N, np.int64), np.ones(N, np.int64), mode="full")
    assert info.value.parameter == "a"
    # by hand: 2N - 1 outputs in full mode, each summed over the kernel's N taps
    assert f"{(2 * N - 1) * N:,} multiply-adds" in str(info.value)
    assert "a.astype(float)" in str(info.value)
    assert transforms == []


# ----------------------------------------------------------------------------
# ReceptiveField: one spelling of per-axis values
# ----------------------------------------------------------------------------


def test_receptive_field_reads_every_spelling_of_its_per_axis_values():
    reference = ReceptiveField((5, 3), (2, 1), (2, 1), output_size=(4, 6))
    for name in ("list", "array", "numpy ints"):
        field = ReceptiveField(
            spellings((5, 3))[name], spellings((2, 1))[name], spellings((2, 1))[name],
            output_size=spellings((4, 6))[name],
        )
        assert field == reference and repr(field) == repr(reference), name
        assert field.ndim == 2
        # by hand: the unit (1, 2) starts at -P + x S = (-2 + 2, -1 + 2) and spans r_0 - 1 more
        assert field.region((1, 2)) == ((0, 1), (4, 3))


def test_receptive_field_keeps_scalars_and_symbols_as_they_are():
    i = sympy.Symbol("i", integer=True, positive=True)
    assert ReceptiveField(np.int64(3), 1, 1) == ReceptiveField(3, 1, 1)
    assert type(ReceptiveField(np.int64(3), 1, 1).size) is int
    symbolic = ReceptiveField(3, 2, sympy.ceiling(i / 2))
    assert symbolic.padding == sympy.ceiling(i / 2)
    # what receptive_field makes is unchanged: 1 + 2 + 2 = 5, stride 1, padding 2 (two 3-taps, padding 1)
    layer = Geometry(3, padding=1, ndim=2)
    expected = ReceptiveField((5, 5), (1, 1), (2, 2), output_size=(8, 8))
    assert receptive_field([layer, layer], [8, 8])[-1] == expected

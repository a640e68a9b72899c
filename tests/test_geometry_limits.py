"""Geometry at its edges: an absurd number of axes is a clear SymconvError, not an OverflowError."""

from __future__ import annotations

import pytest

from symconv import Geometry, SymconvError
from symconv.geometry import MAX_NDIM


@pytest.mark.parametrize("ndim", [10**100, 2**63, MAX_NDIM + 1])
def test_too_many_axes_is_refused_naming_ndim(ndim):
    with pytest.raises(SymconvError, match="ndim: expected at most 64 spatial axes") as info:
        Geometry(3, ndim=ndim)
    assert info.value.parameter == "ndim"
    assert len(str(info.value)) < 200  # a 101-digit ndim is not echoed whole


def test_the_limit_is_numpys_and_is_reached():
    assert Geometry(3, ndim=MAX_NDIM).output_size((5,) * MAX_NDIM) == (3,) * MAX_NDIM
    with pytest.raises(SymconvError, match="ndim"):
        Geometry((3,) * (MAX_NDIM + 1))  # inferred from a tuple: the same limit


@pytest.mark.parametrize("ndim, error", [(0, SymconvError), (-1, SymconvError), (2.0, TypeError), ("2", TypeError), (True, TypeError)])
def test_other_bad_ndims_keep_their_errors(ndim, error):
    with pytest.raises(error, match="ndim"):
        Geometry(3, ndim=ndim)

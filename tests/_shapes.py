"""The one input-shape rule, as the tests spell it: the same shape four ways, and the shapes every function refuses."""

from __future__ import annotations

import numpy as np


def spellings(shape):
    """The same shape as a tuple, a list, a 1-D array and a tuple of NumPy integers."""
    return {
        "tuple": tuple(shape),
        "list": list(shape),
        "array": np.array(shape),
        "numpy ints": tuple(np.int64(v) for v in shape),
    }


def assert_spellings_agree(name, shape, call):
    """``call`` gives the tuple's result for every spelling of ``shape``."""
    expected = call(tuple(shape))
    for spelling, value in spellings(shape).items():
        assert call(value) == expected, f"{name}: the {spelling} spelling differs from the tuple"


def bad_shapes(shape):
    """What no shape-taking function accepts in place of ``shape``: a 2-D array, a float, a string, a zero."""
    return {
        "a 2-D array": np.ones((2, len(shape)), int),
        "a float entry": (*shape[:-1], 2.5),
        "a string": "4, 4",
        "a zero": (*shape[:-1], 0),
    }

"""learn_edge_kernel refuses what would silently give NaN or a diverged kernel, or run for hours."""

from __future__ import annotations

import numpy as np
import pytest

from symconv import SymconvError
from symconv.numeric.learning import MAX_STEPS, learn_edge_kernel


@pytest.mark.parametrize("lr", [float("nan"), float("inf"), -1, 0, -1e-3])
def test_lr_must_be_finite_and_positive(lr):
    with pytest.raises(SymconvError) as info:
        learn_edge_kernel(lr=lr)
    assert info.value.parameter == "lr"


@pytest.mark.parametrize("lr", ["0.03", None, True, [0.03], 1j])
def test_lr_of_the_wrong_kind(lr):
    with pytest.raises(TypeError, match="lr"):
        learn_edge_kernel(lr=lr)


def test_steps_seed_and_target_are_checked():
    with pytest.raises(SymconvError, match="steps") as info:
        learn_edge_kernel(steps=MAX_STEPS + 1)
    assert info.value.parameter == "steps"
    with pytest.raises(TypeError, match="steps"):
        learn_edge_kernel(steps=2.5)
    with pytest.raises(SymconvError, match="seed"):
        learn_edge_kernel(seed=-1)
    with pytest.raises(TypeError, match="target"):
        learn_edge_kernel(target=np.array([["x"] * 7] * 6))
    bad = np.zeros((6, 7))
    bad[0, 0] = np.nan
    with pytest.raises(SymconvError, match="target: expected finite"):
        learn_edge_kernel(target=bad)


def test_a_valid_run_still_learns_the_edge_kernel():
    run = learn_edge_kernel(steps=10, lr=3e-2, seed=0)
    assert run.losses[-1] < run.losses[0]
    np.testing.assert_allclose(run.kernel, [[1, -1]], atol=0.05)  # the notes' answer [1, -1]
    assert learn_edge_kernel(seed=None, steps=0).losses[0] >= 0

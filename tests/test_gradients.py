"""The old module path symconv.gradients: a shim re-exporting the names that moved, SymPy loaded only on use."""

import subprocess
import sys

import pytest

import symconv
from symconv.numeric import gradients, learning
from symconv.pages import gradients as gradients_page
from symconv.pages import learning_example, two_by_two
from symconv.symbolic import gradients as symbolic_gradients


def test_every_old_name_is_the_moved_object():
    import symconv.gradients as old

    moved = {
        "conv_grad_input": gradients.conv_grad_input,
        "conv_grad_weight": gradients.conv_grad_weight,
        "conv_grad_bias": gradients.conv_grad_bias,
        "LearningRun": learning.LearningRun,
        "edge_example": learning.edge_example,
        "learn_edge_kernel": learning.learn_edge_kernel,
        "check_gradients_symbolic": symbolic_gradients.check_gradients_symbolic,
        "gradient_derivation": gradients_page.make,
        "learning_derivation": learning_example.make,
        "two_by_two_answer": two_by_two.make,
    }
    assert sorted(old.__all__) == sorted(moved)
    for name, value in moved.items():
        assert getattr(old, name) is value, name
    assert symconv.gradients is old and set(old.__all__) <= set(dir(old))
    assert "gradients" not in symconv.__all__  # reachable, not advertised
    with pytest.raises(AttributeError, match="module 'symconv.gradients' has no attribute 'nope'"):
        old.nope


def test_importing_it_does_not_import_sympy():
    code = "import sys, symconv.gradients as g; g.conv_grad_bias; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "False\n"

"""The page gradients: dL/dX, dL/dW and dL/db derived with SymPy, each equal to its rule."""

import pytest
from _tools import compile_latex

from symconv import SymconvError
from symconv.pages.gradients import make as gradient_derivation


def test_gradient_derivation_renders():
    d = gradient_derivation()
    assert [s.title for s in d] == [
        "Forward pass",
        "Loss and upstream gradient",
        "Gradient with respect to the input",
        "Gradient with respect to the weights",
        "Gradient with respect to the bias",
    ]
    assert all(d.check().values())
    latex = d.to_latex()
    assert "False" not in latex and "G_{0,0} W_{0,0}" in latex


def test_document_compiles():
    source = gradient_derivation().to_latex(standalone=True)
    assert compile_latex(source).startswith(b"%PDF")


def test_bad_sizes():
    with pytest.raises(SymconvError, match=r"^input_size: expected a tuple of 2 ints \(one per axis\), got \(3,\)"):
        gradient_derivation((3,))
    with pytest.raises(SymconvError, match=r"^kernel_size: expected a positive int, got 0$"):
        gradient_derivation((3, 3), (2, 0))
    with pytest.raises(TypeError, match=r"^input_size: expected a non-empty tuple of sizes"):
        gradient_derivation(3)

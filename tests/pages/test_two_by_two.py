"""The page two-by-two: why a 2x2 kernel "does not converge" (shapes, step size, identifiability)."""

import numpy as np
import pytest
from _tools import compile_latex

from symconv import SymconvError
from symconv.numeric.learning import learn_edge_kernel
from symconv.pages.two_by_two import make as two_by_two_answer


def _notes_data():
    X = np.ones((6, 8))
    X[:, 2:6] = 0
    Y = X[:, :-1] - X[:, 1:]  # corr(X, [1, -1]) by hand
    return X, Y


def test_two_by_two_answer():
    X, Y6 = _notes_data()
    # the design matrix written by loops: one row per 2x2 window
    A = np.array([X[i : i + 2, j : j + 2].ravel() for i in range(5) for j in range(7)])
    assert np.linalg.matrix_rank(A) == 2
    np.testing.assert_allclose(np.linalg.eigvalsh(2 * A.T @ A), [0, 0, 20, 100], atol=1e-9)
    for null in ([1, 0, -1, 0], [0, 1, 0, -1]):
        np.testing.assert_array_equal(A @ null, 0)
    with pytest.raises(SymconvError, match=r"target: expected shape \(5, 7\).*got \(6, 7\)"):
        learn_edge_kernel((2, 2), target=Y6)
    K2 = np.array([[1.0, -1.0], [-4.0, 2.0]])
    Y5 = (A @ K2.ravel()).reshape(5, 7)
    diverging = learn_edge_kernel((2, 2), target=Y5)
    assert diverging.losses[-1] > 1e4 * diverging.losses[0]
    d = two_by_two_answer()
    assert all(d.check().values())
    text = d.to_markdown()
    assert "False" not in text
    assert r"\operatorname{rank} A &= 2" in text
    assert r"\lambda &= \left( 100, \  20, \  0, \  0\right)" in text


def test_two_by_two_page_answers_the_notes_question(render):
    text = render("two-by-two")
    assert r"\operatorname{rank} A &= 2" in text
    assert r"\left( 100, \  20, \  0, \  0\right)" in text  # the Hessian's eigenvalues, 2 A^T A




def test_document_compiles():
    source = two_by_two_answer().to_latex(standalone=True)
    assert compile_latex(source).startswith(b"%PDF")

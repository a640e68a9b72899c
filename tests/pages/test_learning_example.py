"""The page learning-example: the learned kernel within the contraction bound, rendered."""

from _tools import compile_latex

from symconv.pages.learning_example import make as learning_derivation


def test_learning_derivation_checks_and_renders():
    d = learning_derivation()
    assert d.check() == {"within the contraction bound": True, "loss decreased": True}
    text = d.to_markdown()
    assert "False" not in text and r"\frac{4}{5}" in text


def test_document_compiles():
    source = learning_derivation().to_latex(standalone=True)
    assert compile_latex(source).startswith(b"%PDF")

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


def test_the_error_is_at_most_a_fraction_of_what_it_was(render):
    import re

    text = render("learning-example")
    assert "shrinks by at least" not in text
    bound = float(re.search(r"error is at most \$([0-9.]+)\$ of what it was", text).group(1))
    assert 0 < bound < 1  # a fraction of the starting error, here about 0.107

"""Proofs as data: steps SymPy checks, the canonical proof, and what it refuses."""

import sympy

from symconv.symbolic.catalogue._base import conv_size
from symconv.symbolic.catalogue._forms import Definition, Signal
from symconv.symbolic.catalogue._proof import GENERAL, INSTANCES, Proof, ProofStep, canonical_proof

i, j, a = sympy.symbols("i j a", integer=True)
n, k, s, d = sympy.symbols("n k s d", integer=True, positive=True)
p, q = sympy.symbols("p q", integer=True, nonnegative=True)
O = sympy.Symbol("O", integer=True)
X, W, Y, Z = (sympy.IndexedBase(name) for name in ("X", "W", "Y", "Z"))
SIGNALS = [Signal(X, ((0, n - 1),)), Signal(W, ((0, k - 1),))]


def _layer(base, index, stride, pad, count):
    return Definition(base, (index,), sympy.Sum(W[a] * X[index * stride + a * d - pad], (a, 0, k - 1)),
                      (sympy.Le(0, index), sympy.Le(index, count - 1)))


def _stride_proof(*conditions):
    definitions = [_layer(Y, i, s, p, O), _layer(Z, j, 1, q, n + 2 * q - d * (k - 1))]
    hypotheses = [sympy.Le(0, i), sympy.Le(i, O - 1), *conditions]
    return canonical_proof(sympy.Eq(Y[i], Z[s * i]), SIGNALS, definitions, hypotheses,
                           sizes=[conv_size(O, n, k, s, p, d)])


def test_a_canonical_proof_and_its_steps():
    proof = _stride_proof(sympy.Eq(p, q))
    assert proof.kind == GENERAL and proof.holds() and proof.failure == ""
    assert [step.title for step in proof.steps] == ["Definitions", "Sizes", "Left side", "Right side",
                                                    "Change of summation index"]
    derivation = proof.derivation("stride")
    assert derivation.check() == {step.title: True for step in proof.steps}
    assert "\\left[" in derivation.to_latex()  # the validity predicate, an Iverson bracket


def test_without_its_condition_the_proof_fails_and_says_where():
    proof = _stride_proof()
    assert not proof.holds()
    assert proof.failure.startswith("Change of summation index")


def test_a_step_that_crashes_is_not_proved():
    def crash():
        raise ZeroDivisionError("no")

    step = ProofStep("Broken", [sympy.Eq(i, i + 1, evaluate=False)], "Never.", crash)
    proof = Proof(INSTANCES, "none", [step])
    assert not proof.holds() and proof.failure == "Broken: ZeroDivisionError: no"


def test_an_index_that_is_not_an_integer_is_refused():
    t = sympy.Symbol("t", integer=True)
    definitions = [_layer(Y, i, s, p, O)]
    proof = canonical_proof(sympy.Eq(Y[i], Y[i + t / s]), SIGNALS, definitions, [sympy.Le(0, i)])
    assert not proof.holds() and "not known to be an integer" in proof.failure


def test_functions_set_by_a_condition_are_substituted():
    sigma, x = sympy.Function("sigma"), sympy.Symbol("x")
    definitions = [Definition(Y, (i,), sigma(X[i]))]
    claim = sympy.Eq(Y[i], X[i])
    assert canonical_proof(claim, SIGNALS, definitions, [sympy.Eq(sigma(x), x)]).holds()
    assert not canonical_proof(claim, SIGNALS, definitions, []).holds()

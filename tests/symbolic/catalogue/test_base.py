"""The shared pieces: output counts checked against the geometry, their floor facts, conditions, identities."""

import sympy

from symconv.symbolic.catalogue._base import Condition, Identity, Size, conv_size, euclid_split, floor_size
from symconv.symbolic.catalogue._proof import GENERAL, Proof, ProofStep

n, k, s, d, m, C = sympy.symbols("n k s d m C", integer=True, positive=True)
p = sympy.Symbol("p", integer=True, nonnegative=True)
O = sympy.Symbol("O", integer=True)


def test_a_count_is_checked_against_symconvs_geometry():
    count = conv_size(O, n, k, s, p, d)
    assert count.check() and len(count.facts) == 2 and all(check() for _, check in count.facts)
    assert count.definition.rhs == sympy.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1
    assert conv_size(O, n, k, 1, p, d).formula == n + 2 * p - d * (k - 1)  # no floor at stride 1
    wrong = Size(O, sympy.floor((n + 2 * p - d * k) / s) + 1, count.geometry)
    assert not wrong.check()


def test_floor_facts_hold_at_integers():
    _, facts = floor_size(O, n - k, s)
    relations = [relation for relation, _ in facts]
    for nn, kk, ss in [(5, 3, 2), (9, 2, 4), (3, 3, 1), (10, 1, 3)]:
        value = (nn - kk) // ss + 1
        assert all(bool(r.subs({O: value, n: nn, k: kk, s: ss})) for r in relations)


def test_division_with_remainder_splits_a_sum():
    c, j, flat = sympy.symbols("c j c'", integer=True)
    relation, check = euclid_split(flat, c, j, C, m, sympy.Function("f"))
    assert check()
    values = {C: 3, m: 4}
    f = sympy.Function("f")
    left, right = (side.subs(values).doit() for side in (relation.lhs, relation.rhs))
    assert sympy.expand(left - right) == 0 and left.has(f)


def test_an_identity_built_from_its_own_claim_and_conditions():
    x = sympy.Symbol("x")
    claim = sympy.Eq(x**2, x * x, evaluate=False)
    seen = []

    def prover(identity, conditions):
        seen.append((identity.claim, conditions))
        return Proof(GENERAL, "expansion", [ProofStep("Expand", [identity.claim], "SymPy.",
                                                      lambda: sympy.expand(identity.claim.lhs - identity.claim.rhs) == 0)])

    condition = Condition(sympy.Ge(x, 0), "x is not negative", lambda ops: False, "x=-1")
    ident = Identity("square", claim, "A square.", proof=prover, numeric=lambda rng, ops: True, conditions=[condition])
    assert ident.check_symbolic() and ident.check_numeric(0) and ident.proof_kind == GENERAL
    assert ident.statement == sympy.Implies(sympy.Ge(x, 0), claim)
    assert ident.prove(without=condition).holds()
    assert seen == [(claim, (condition,)), (claim, ())]
    assert ident.prove() is ident.prove()  # built once
    assert ident.negative_controls()[0][1] is False and ident.conditions_text == "x is not negative"
    assert ident._repr_latex_().startswith("$\\displaystyle") and repr(ident) == "Identity('square')"

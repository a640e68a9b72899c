"""The identity catalogue: statements with their conditions, proved for all sizes, checked numerically by
independent routes, and negative controls for every condition."""

import json

import numpy as np
import pytest
import sympy

import symconv as sc
from symconv import SymconvError
from symconv.symbolic import catalogue
from symconv.symbolic.catalogue import (
    GENERAL,
    Condition,
    Identity,
    Operations,
    Proof,
    ProofStep,
    VerificationRow,
    format_table,
    identities,
    identity,
    rows_as_json,
    run_verification,
)
from symconv.symbolic.derivation import latex

CATALOGUE = identities()
CONDITIONS = [(ident, condition) for ident in CATALOGUE for condition in ident.conditions]

# What the notes and the guide ask the catalogue to cover: one identity name (at least) per item.
REQUIRED = [
    "multi-channel-sum", "pointwise-is-dense", "group-is-concatenation", "group-divides-parameters",
    "depthwise-separable-composition", "depthwise-separable-cost", "spatially-separable-two-passes",
    "separability-is-rank-one", "spatially-separable-cost", "dilation-is-zero-inserted-kernel",
    "dilated-receptive-field", "transposed-is-stuffed-flipped-conv", "transposed-is-matrix-transpose",
    "transposed-checkerboard", "deformable-zero-offsets", "deformable-integer-offsets",
    "bilinear-reproduces-bilinear", "average-pool-is-conv", "max-pool-is-max-of-window", "global-pool-is-mean",
    "conv3d-is-sum-of-conv2d", "conv1d-is-height-one-conv2d", "stride-is-subsampling", "convolution-commutes",
    "convolution-associates", "cross-correlation-is-flipped-convolution", "translation-equivariance-circular",
    "translation-equivariance-interior", "circulant-diagonalised-by-dft", "circular-conv-commutes-with-circular-shift",
    "circular-conv-dft-eigenvectors", "replicate-keeps-constants", "gradient-input-is-transposed-conv",
    "gradient-weight-is-correlation", "gradient-bias-is-sum",
]  # fmt: skip


def test_catalogue_shape():
    names = [ident.name for ident in CATALOGUE]
    assert names == REQUIRED and len(set(names)) == len(names)
    assert sc.identities()[0].name == names[0]  # the public name
    # the goal: at least 26 of them proved for every size; here all are
    assert sum(ident.proof_kind == GENERAL for ident in CATALOGUE) >= 26
    assert all(ident.proof_kind == GENERAL for ident in CATALOGUE)


@pytest.mark.parametrize("ident", CATALOGUE, ids=lambda i: i.name)
def test_proof(ident):
    proof = ident.prove()
    assert isinstance(proof, Proof) and proof.steps
    assert proof.holds() is True, proof.failure
    assert ident.check_symbolic() is True
    # every step is checked: none is a bare statement without a check
    assert all(isinstance(step, ProofStep) and step.holds() for step in proof.steps)


@pytest.mark.parametrize("ident", CATALOGUE, ids=lambda i: i.name)
@pytest.mark.parametrize("seed", [0, 1])
def test_numeric(ident, seed):
    assert ident.check_numeric(np.random.default_rng(seed)) is True


@pytest.mark.parametrize("ident", CATALOGUE, ids=lambda i: i.name)
def test_the_statement_printed_is_the_statement_proved(ident):
    statement = ident.statement
    assert isinstance(statement, sympy.Basic) and statement not in (sympy.true, sympy.false)
    premises = [*ident.domain, *(c.relation for c in ident.conditions)]
    if premises:
        # the conditions are part of the statement: Implies(And(domain, conditions), claim)
        assert isinstance(statement, sympy.Implies) and statement.args[1] == ident.claim
        conjuncts = {part for premise in premises for part in sympy.And.make_args(premise)}
        assert conjuncts <= set(sympy.And.make_args(statement.args[0]))
    else:
        assert statement == ident.claim
    assert ident.latex == latex(statement) and ident.latex
    assert ident.description.endswith(".") and ident.source
    # a canonical proof states the claim's own two sides (a gradient: the derivative the claim's left side names)
    steps = ident.prove().steps
    if steps[0].title == "Differentiate":
        assert steps[0].shown()[1].lhs == ident.claim.lhs
        return
    for step in steps:
        if step.title.startswith("Left side") and isinstance(ident.claim, sympy.Eq):
            assert step.shown()[0].lhs == ident.claim.lhs
        if step.title.startswith("Right side") and isinstance(ident.claim, sympy.Eq):
            assert step.shown()[0].lhs == ident.claim.rhs


def test_every_condition_has_a_negative_control():
    assert CONDITIONS, "the catalogue states conditions"
    for ident, condition in CONDITIONS:
        assert isinstance(condition, Condition) and condition.text and condition.example, ident.name
        assert condition.violation is not None, f"{ident.name}: {condition.text}"


@pytest.mark.parametrize("ident, condition", CONDITIONS, ids=lambda v: v.name if isinstance(v, Identity) else v.example)
def test_negative_control_numeric(ident, condition):
    # at the counterexample, where this condition fails, the identity's two sides differ
    assert condition.violation(Operations()) is False
    assert dict((c.text, held) for c, held in ident.negative_controls())[condition.text] is False


@pytest.mark.parametrize("ident, condition", [(i, c) for i, c in CONDITIONS if c.in_proof],
                         ids=lambda v: v.name if isinstance(v, Identity) else v.example)
def test_negative_control_symbolic(ident, condition):
    # the proof without this condition does not go through (the engine proves nothing false)
    assert ident.prove(without=condition).holds() is False
    assert ident.prove().holds() is True


# ----------------------------------------------------------------------------
# the statements the issue found false, each with its counterexample
# ----------------------------------------------------------------------------


def _conv1d(x, w, **kw):
    return sc.numeric.conv(np.asarray(x, float)[None, None], np.asarray(w, float)[None, None], **kw)[0, 0]


def test_interior_equivariance_fails_for_negative_shifts_below_the_padding():
    # n=8, k=3, p=1, t=-2, i=0: Y'_0 reads the left padding where Y_2 reads x_1
    x, w = np.arange(1.0, 9.0) ** 2, np.array([1.0, 2.0, 5.0])
    shifted = np.zeros(8)
    shifted[:6] = x[2:]
    y, moved = _conv1d(x, w, padding=1), _conv1d(shifted, w, padding=1)
    assert moved[0] != y[2]  # the old statement t <= i <= n - k + p allowed i = 0
    ident = identity("translation-equivariance-interior")
    left = next(c for c in ident.conditions if "t \\le 0" in c.text)
    assert left.example == "n=8, k=3, p=1, t=-2, i=0" and left.violation(Operations()) is False
    # inside the stated region (i >= p, i - t <= O - 1) it holds
    assert all(moved[i] == pytest.approx(y[i - (-2)]) for i in range(1, 6))


def test_dilated_stack_with_gaps_spans_9_and_reads_5():
    from symconv.symbolic.catalogue import dilation

    assert dilation._stack_field(Operations(), [3, 3], [2, 2], [1, 1]) == (9, 5)
    assert dilation._stack_field(Operations(), [3, 3, 3], [1, 2, 4], [1, 1, 1]) == (15, 15)  # 2^(L+1) - 1, no gaps


def test_average_pool_is_conv_fails_without_its_conditions():
    x = np.random.default_rng(7).normal(size=(1, 1, 4))
    uncounted = sc.numeric.avg_pool(x, 3, stride=1, padding=1, count_include_pad=False)
    assert not np.allclose(uncounted, _conv1d(x[0, 0], np.full(3, 1 / 3), padding=1))
    x5 = np.random.default_rng(8).normal(size=(1, 1, 5))
    assert sc.numeric.avg_pool(x5, 2, stride=2, ceil_mode=True).shape[-1] == 3 != _conv1d(x5[0, 0], [0.5, 0.5], stride=2).size


def test_stride_is_not_subsampling_with_same_padding():
    x = np.random.default_rng(0).normal(size=4)
    strided = _conv1d(x, [1.0, 2.0, 3.0], stride=2, padding="same")
    every = _conv1d(x, [1.0, 2.0, 3.0], padding="same")[::2]
    assert strided.shape == every.shape and not np.allclose(strided, every)


def test_circular_equivariance_needs_a_shift_that_is_a_multiple_of_the_stride():
    ident = identity("translation-equivariance-circular")
    shift = next(c for c in ident.conditions if "multiple" in c.text)
    assert shift.violation(Operations()) is False and ident.check_numeric(0) is True


def test_separable_means_rank_at_most_one_and_the_zero_kernel_is_separable():
    from symconv.symbolic.variants import separable_factors, separable_rank

    zero = np.zeros((3, 3), dtype=int)
    assert separable_rank(zero) == 0
    u, v = separable_factors(zero)
    assert (u * v.T) == sympy.zeros(3, 3)
    assert "rank is at most 1" in identity("separability-is-rank-one").description


def test_spatially_separable_cost_is_per_channel():
    ident = identity("spatially-separable-cost")
    assert "Per channel" in ident.description
    # with channel mixing in the first pass (3 -> 8 -> 8) the ratio is far from 1/k_h + 1/k_w
    _, _, mixing = sc.counting.spatially_separable((3, 64, 64), 8, 3, bias=False)
    full = sc.counting.conv((3, 64, 64), 8, 3, bias=False)
    assert mixing.macs / full.macs > 1 / 3 + 1 / 3 + 0.2


def test_transposed_checkerboard_counts():
    # k=3, s=2: outputs alternate 2, 1 taps (a checkerboard); k=4, s=2: 2 everywhere
    three = sc.numeric.conv_transpose(np.ones((1, 1, 8)), np.ones((1, 1, 3)), stride=2)[0, 0]
    four = sc.numeric.conv_transpose(np.ones((1, 1, 8)), np.ones((1, 1, 4)), stride=2)[0, 0]
    assert three[4:10].tolist() == [2, 1, 2, 1, 2, 1] and set(four[4:12].tolist()) == {2}


# ----------------------------------------------------------------------------
# independent numeric routes, and other implementations
# ----------------------------------------------------------------------------


def test_the_flip_is_not_checked_against_itself():
    # correlate and convolve wrong in the same, consistent way (convolve(x, k) = correlate(x, flip k) still holds):
    # a check comparing the two with each other would pass; against loops of the definitions it fails
    def correlate(a, k, mode="valid"):
        return sc.numeric.correlate(a, k, mode) * 2.0

    def convolve(a, k, mode="valid"):
        return correlate(a, np.flip(k), mode)

    ops = Operations(correlate=correlate, convolve=convolve)
    assert np.allclose(ops.convolve(np.arange(5.0), np.arange(3.0)), ops.correlate(np.arange(5.0), np.arange(3.0)[::-1]))
    assert identity("cross-correlation-is-flipped-convolution").check_numeric(0, ops=ops) is False


def test_a_wrong_conv_fails_the_identities_that_use_it():
    def conv(x, w, bias=None, *, stride=1, padding=0, dilation=1, groups=1):
        flipped = np.ascontiguousarray(np.flip(w, axis=tuple(range(2, np.ndim(w)))))
        return sc.numeric.conv(x, flipped, bias, stride=stride, padding=padding, dilation=dilation, groups=groups)

    ops = Operations(conv=conv)
    failed = {ident.name for ident in CATALOGUE if "conv" in ident.uses and not ident.check_numeric(0, ops=ops)}
    assert {"multi-channel-sum", "stride-is-subsampling", "group-is-concatenation", "gradient-input-is-transposed-conv",
            "deformable-zero-offsets"} <= failed
    # and symconv's own passes them all
    assert all(ident.check_numeric(0, ops=Operations()) for ident in CATALOGUE if ident.name in failed)


def test_operations_default_to_symconvs_own_and_refuse_non_callables():
    ops = Operations()
    assert ops.conv is sc.numeric.conv and ops.deform_conv2d is sc.numeric.deform_conv2d
    assert sc.symbolic.Operations is Operations
    assert catalogue.OPERATION_NAMES == ("conv", "conv_transpose", "max_pool", "avg_pool", "correlate", "convolve",
                                         "deform_conv2d")
    assert all(set(ident.uses) <= set(catalogue.OPERATION_NAMES) for ident in CATALOGUE)
    with pytest.raises(TypeError, match="conv: expected a callable, got int 3"):
        Operations(conv=3)
    with pytest.raises(TypeError, match="ops: expected symconv.symbolic.Operations or None, got dict"):
        identity("convolution-commutes").check_numeric(0, ops={"convolve": np.convolve})


def test_the_proof_kind_says_general_or_instances():
    step = ProofStep("Tried", [sympy.Eq(sympy.Symbol("a"), 1)], "Checked on a range.", lambda: True)
    instances = Proof(catalogue.INSTANCES, "every n up to 8", [step])
    assert instances.kind == "instances" and instances.holds()
    with pytest.raises(ValueError, match="kind: expected 'general' or 'instances', got 'maybe'"):
        Proof("maybe", "", [])


# ----------------------------------------------------------------------------
# lookup, verification, table, JSON
# ----------------------------------------------------------------------------


def test_identity_lookup():
    assert identity("convolution-commutes").name == "convolution-commutes"
    with pytest.raises(SymconvError, match=r"name: expected one of multi-channel-sum, .* got 'nope'") as error:
        identity("nope")
    assert error.value.parameter == "name"


def _broken_identity(name="always-false", symbolic=False, numeric=None):
    def crash(rng, ops):
        raise RuntimeError("boom")

    step = ProofStep("Claim", [sympy.Eq(sympy.Symbol("a"), sympy.Symbol("b"))], "Never.", lambda: symbolic)
    return Identity(name, sympy.Eq(sympy.Symbol("a"), sympy.Symbol("b")), "Never.",
                    proof=lambda ident, conditions: Proof(GENERAL, "by hand", [step]), numeric=numeric or crash,
                    source="nowhere")


def test_run_verification_reports_failures_and_crashes(monkeypatch):
    bad = _broken_identity()
    assert bad.check_symbolic() is False
    monkeypatch.setattr(catalogue, "_CACHE", [bad, identity("stride-is-subsampling")])
    rows = run_verification(0, names=["always-false", "stride-is-subsampling"])
    assert rows[0] == VerificationRow("always-false", False, False, rows[0].seconds, "proof: Claim; RuntimeError: boom",
                                      GENERAL, "", "by hand")
    assert rows[1].symbolic_ok and rows[1].numeric_ok and rows[1].seconds > 0 and rows[1].proof == GENERAL
    table = format_table(rows)
    lines = table.splitlines()
    assert lines[0].split() == ["identity", "proof", "symbolic", "numeric", "time", "(s)"]
    assert lines[2].split()[:4] == ["always-false", "general", "FAIL", "FAIL"]
    assert lines[3].split()[:4] == ["stride-is-subsampling", "general", "ok", "ok"]
    assert "2 identities (2 proved in general): 1 passed, 1 failed" in table
    assert "always-false: proof: Claim; RuntimeError: boom" in table


def test_rows_as_json():
    rows = run_verification(0, names=["stride-is-subsampling", "convolution-commutes"])
    data = json.loads(json.dumps(rows_as_json(rows)))
    assert [d["name"] for d in data] == ["stride-is-subsampling", "convolution-commutes"]
    for d in data:
        assert set(d) >= {"name", "proof", "conditions", "symbolic", "numeric", "seconds", "method"}
        assert d["proof"] == "general" and d["symbolic"] is True and d["numeric"] is True and d["seconds"] > 0
    assert data[0]["conditions"].startswith("the padding is the same number of cells") and data[1]["conditions"] == ""


def test_full_verification_passes():
    rows = run_verification(7)
    assert len(rows) == len(CATALOGUE)
    failed = [r for r in rows if not (r.symbolic_ok and r.numeric_ok)]
    assert not failed, format_table(failed)


def test_the_families_hold_the_catalogue_in_order():
    firsts = [
        "multi-channel-sum", "spatially-separable-two-passes", "dilation-is-zero-inserted-kernel",
        "transposed-is-stuffed-flipped-conv", "deformable-zero-offsets", "average-pool-is-conv",
        "conv3d-is-sum-of-conv2d", "convolution-commutes", "circular-conv-commutes-with-circular-shift",
        "gradient-input-is-transposed-conv",
    ]  # fmt: skip
    assert [family.entries()[0].name for family in catalogue.FAMILIES] == firsts
    assert [ident.name for family in catalogue.FAMILIES for ident in family.entries()] == [i.name for i in CATALOGUE]


def test_the_function_names_are_not_shadowed_by_modules():
    import importlib

    import symconv.symbolic as symbolic

    importlib.import_module("symconv.symbolic.catalogue")
    importlib.import_module("symconv.symbolic.fully_connected")
    assert symbolic.identities is identities and callable(symbolic.fc_to_conv)
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("symconv.symbolic.identities")
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("symconv.symbolic.fc_to_conv")


def test_a_proof_derivation_reports_its_steps():
    ident = identity("stride-is-subsampling")
    derivation = ident.derivation()
    assert [step.title for step in derivation] == ["Definitions", "Sizes", "Left side", "Right side",
                                                   "Change of summation index"]
    assert all(derivation.check().values())
    assert "a' &= a" in derivation.to_markdown()

"""The identity catalogue: every identity proved symbolically and checked numerically."""

import numpy as np
import pytest
import sympy

import symconv as sc
from symconv import SymconvError
from symconv.symbolic import catalogue
from symconv.symbolic.catalogue import (
    Identity,
    VerificationRow,
    format_table,
    identities,
    identity,
    run_verification,
)

CATALOGUE = identities()

# What the issue asks the catalogue to cover: one identity name (at least) per item.
REQUIRED = [
    "multi-channel-sum",
    "pointwise-is-dense",
    "group-is-concatenation",
    "group-divides-parameters",
    "depthwise-separable-composition",
    "depthwise-separable-cost",
    "spatially-separable-two-passes",
    "separability-is-rank-one",
    "dilation-is-zero-inserted-kernel",
    "transposed-is-stuffed-flipped-conv",
    "transposed-is-matrix-transpose",
    "deformable-zero-offsets",
    "deformable-integer-offsets",
    "average-pool-is-conv",
    "max-pool-is-max-of-window",
    "global-pool-is-mean",
    "conv3d-is-sum-of-conv2d",
    "convolution-commutes",
    "convolution-associates",
    "cross-correlation-is-flipped-convolution",
    "translation-equivariance-circular",
    "translation-equivariance-interior",
    "gradient-input-is-transposed-conv",
    "gradient-weight-is-correlation",
    "gradient-bias-is-sum",
]


def test_catalogue_shape():
    names = [ident.name for ident in CATALOGUE]
    assert len(names) >= 20 and len(set(names)) == len(names)
    assert set(REQUIRED) <= set(names)
    assert sc.identities()[0].name == names[0]  # the public name


@pytest.mark.parametrize("ident", CATALOGUE, ids=lambda i: i.name)
def test_symbolic(ident):
    assert ident.check_symbolic() is True


@pytest.mark.parametrize("ident", CATALOGUE, ids=lambda i: i.name)
@pytest.mark.parametrize("seed", [0, 1])
def test_numeric(ident, seed):
    assert ident.check_numeric(np.random.default_rng(seed)) is True


@pytest.mark.parametrize("ident", CATALOGUE, ids=lambda i: i.name)
def test_statement_renders(ident):
    assert isinstance(ident.statement, sympy.Basic)
    assert ident.statement not in (sympy.true, sympy.false)  # an evaluated Eq would have collapsed
    assert ident.latex == sympy.latex(ident.statement) and ident.latex
    assert ident.description.endswith(".") and ident.source


def test_identity_lookup():
    assert identity("convolution-commutes").name == "convolution-commutes"
    with pytest.raises(SymconvError, match=r"name: expected one of multi-channel-sum, .* got 'nope'"):
        identity("nope")


def test_run_verification_reports_failures_and_crashes():
    def crash(rng):
        raise RuntimeError("boom")

    bad = Identity("always-false", sympy.Eq(sympy.Symbol("a"), sympy.Symbol("b")), "Never.", lambda: False, crash)
    assert bad.check_symbolic() is False
    catalogue._CACHE.append(bad)
    try:
        rows = run_verification(0, names=["always-false", "stride-is-subsampling"])
    finally:
        catalogue._CACHE.remove(bad)
    assert rows[0] == VerificationRow("always-false", False, False, rows[0].seconds, "RuntimeError: boom")
    assert rows[1].symbolic_ok and rows[1].numeric_ok and rows[1].seconds > 0
    table = format_table(rows)
    lines = table.splitlines()
    assert lines[0].split() == ["identity", "symbolic", "numeric", "time", "(s)"]
    assert lines[2].split()[:3] == ["always-false", "FAIL", "FAIL"]
    assert lines[3].split()[:3] == ["stride-is-subsampling", "ok", "ok"]
    assert "2 identities: 1 passed, 1 failed" in table
    assert "always-false: RuntimeError: boom" in table


def test_full_verification_passes():
    rows = run_verification(7)
    assert len(rows) == len(CATALOGUE)
    failed = [r for r in rows if not (r.symbolic_ok and r.numeric_ok)]
    assert not failed, format_table(failed)


def test_checks_can_fail(monkeypatch):
    # negative controls: break one ingredient and the identities built on it must fail both ways
    monkeypatch.setattr(catalogue.dilation, "dilated_kernel", lambda w, dilation: np.asarray(w))
    dilation = identity("dilation-is-zero-inserted-kernel")
    assert dilation.check_symbolic() is False and dilation.check_numeric(0) is False
    # a position-dependent weighting is linear but not translation equivariant
    monkeypatch.setattr(catalogue.algebra, "circular_correlate", lambda x, k: np.asarray(x) * (1 + np.arange(np.size(x)).reshape(np.shape(x))))
    circular = identity("translation-equivariance-circular")
    assert circular.check_symbolic() is False


def test_the_families_hold_the_catalogue_in_order():
    # the first identity of each family, as the catalogue lists them (and `symconv verify` prints them)
    firsts = [
        "multi-channel-sum", "spatially-separable-two-passes", "dilation-is-zero-inserted-kernel",
        "transposed-is-stuffed-flipped-conv", "deformable-zero-offsets", "average-pool-is-conv",
        "conv3d-is-sum-of-conv2d", "convolution-commutes", "gradient-input-is-transposed-conv",
    ]  # fmt: skip
    assert [family.entries()[0].name for family in catalogue.FAMILIES] == firsts
    assert [ident.name for family in catalogue.FAMILIES for ident in family.entries()] == [i.name for i in CATALOGUE]
    assert CATALOGUE[8].name == "spatially-separable-cost" and CATALOGUE[-1].name == "gradient-bias-is-sum"


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

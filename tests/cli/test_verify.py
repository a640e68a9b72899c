"""``symconv verify``: the identity catalogue from the command line."""

from __future__ import annotations

import json
import shlex

import pytest

from ._helpers import assert_usage_error, run


def test_verify_some_identities(capsys):
    status, out, err = run(capsys, "verify", "--only", "convolution-commutes", "--only", "stride-is-subsampling")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["identity", "proof", "symbolic", "numeric", "time", "(s)"]
    assert [line.split()[:4] for line in lines[2:4]] == [
        ["convolution-commutes", "general", "ok", "ok"], ["stride-is-subsampling", "general", "ok", "ok"]
    ]
    assert lines[-1] == "2 identities (2 proved in general): 2 passed, 0 failed"


def test_verify_one_identity_says_identity(capsys):
    status, out, _ = run(capsys, "verify", "--only", "convolution-commutes")
    assert status == 0 and out.splitlines()[-1] == "1 identity (1 proved in general): 1 passed, 0 failed"


def test_verify_json(capsys):
    status, out, err = run(capsys, "verify", "--json", "--only", "stride-is-subsampling", "--only", "pointwise-is-dense")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert isinstance(data, list) and [d["name"] for d in data] == ["stride-is-subsampling", "pointwise-is-dense"]
    for d in data:
        assert {"name", "proof", "conditions", "symbolic", "numeric", "seconds"} <= set(d)
        assert d["proof"] in ("general", "instances") and d["symbolic"] is True and d["numeric"] is True
        assert isinstance(d["seconds"], float) and d["seconds"] > 0
    assert data[1]["conditions"] == "the kernel is $1 \\times 1$; no padding"


@pytest.fixture
def failing_catalogue(monkeypatch):
    import importlib

    import sympy

    module = importlib.import_module("symconv.symbolic.catalogue")
    x = sympy.Symbol("x")
    real = module.identity("convolution-commutes")

    def proof(ok):
        step = module.ProofStep("Claim", [sympy.Eq(x, x + 1, evaluate=False)], "On purpose.", lambda: ok)
        return lambda identity, conditions: module.Proof(module.INSTANCES, "by hand", [step])

    def crash(rng, ops):
        raise ZeroDivisionError("boom")

    catalogue = [
        real,
        module.Identity("one-is-two", sympy.Eq(x, x + 1), "false on purpose", proof=proof(False),
                        numeric=lambda rng, ops: True),
        module.Identity("numeric-crash", sympy.Eq(x, x), "its check crashes", proof=proof(True), numeric=crash),
    ]
    monkeypatch.setattr(module, "identities", lambda: list(catalogue))
    return catalogue


def test_verify_exits_1_when_an_identity_fails(capsys, failing_catalogue):
    status, out, err = run(capsys, "verify")
    assert (status, err) == (1, "")
    rows = {line.split()[0]: line.split()[1:4] for line in out.splitlines()[2:5]}
    assert rows == {"convolution-commutes": ["general", "ok", "ok"], "one-is-two": ["instances", "FAIL", "ok"],
                    "numeric-crash": ["instances", "ok", "FAIL"]}
    assert "3 identities (1 proved in general): 1 passed, 2 failed" in out.splitlines()
    assert "  numeric-crash: ZeroDivisionError: boom" in out.splitlines()
    assert "  one-is-two: proof: Claim" in out.splitlines()
    assert run(capsys, "verify", "--only", "convolution-commutes")[0] == 0
    assert run(capsys, "verify", "--only", "one-is-two")[0] == 1
    status, out, _ = run(capsys, "verify", "--json", "--only", "one-is-two")
    assert status == 1 and json.loads(out)[0]["symbolic"] is False and json.loads(out)[0]["proof"] == "instances"


@pytest.mark.parametrize(
    "argv, message",
    [
        ("verify --only nope", r"--only: expected one of multi-channel-sum, .*, got 'nope'"),
        ("verify --seed -1", r"--seed: expected a non-negative integer, got '-1'"),
        ("verify --seed 1.5", r"--seed: expected a non-negative integer, got '1\.5'"),
        ("verify --fast", r"unrecognized arguments: --fast"),
        ("verify --json --impl symconv.numeric:conv", r"--json: the report of --impl is a table; leave out --json"),
    ],
)
def test_verify_errors(capsys, argv, message):
    assert_usage_error(capsys, shlex.split(argv), message)


def test_verify_errors_reach_the_option_by_parameter(capsys, monkeypatch):
    from symconv import SymconvError
    from symconv.symbolic import catalogue

    def refuse(rng=None, *, names=None):
        raise SymconvError("name: reworded entirely", parameter="name")

    monkeypatch.setattr(catalogue, "run_verification", refuse)
    assert_usage_error(capsys, ["verify", "--only", "anything"], r"--only: reworded entirely")

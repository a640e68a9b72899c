"""The padding-mode identities: proved for symbolic sizes, failing without each condition, and checked against torch."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symconv as sc
from symconv.symbolic.catalogue import GENERAL, Operations, identity
from symconv.symbolic.catalogue import padding as family
from tests._tools import need_module

NAMES = ["circular-conv-commutes-with-circular-shift", "circular-conv-dft-eigenvectors", "replicate-keeps-constants"]


def test_the_family_lists_its_identities_proved_in_general():
    assert [ident.name for ident in family.entries()] == NAMES
    for name in NAMES:
        ident = identity(name)
        assert ident.proof_kind == GENERAL and ident.check_symbolic() is True, ident.prove().failure
        assert ident.check_numeric(3) is True


def _condition(name, word):
    return next(c for c in identity(name).conditions if word in c.text)


@pytest.mark.parametrize("name, word, failing_step", [
    ("circular-conv-commutes-with-circular-shift", "circular", "Circular padding copies a cell"),
    ("circular-conv-commutes-with-circular-shift", "stride 1", "The output has n cells"),
    ("circular-conv-commutes-with-circular-shift", "pads add up", "The output has n cells"),
    ("circular-conv-dft-eigenvectors", "circular", "Circular padding copies a cell"),
    ("circular-conv-dft-eigenvectors", "integer", "A whole number of turns"),
    ("replicate-keeps-constants", "replicate", "Replicate padding copies a cell"),
])  # fmt: skip
def test_each_condition_is_needed_by_the_proof_and_by_the_numbers(name, word, failing_step):
    ident, condition = identity(name), _condition(name, word)
    proof = ident.prove(without=condition)
    assert proof.holds() is False and proof.failure.startswith(failing_step)
    assert condition.violation(Operations()) is False


def test_sympy_takes_exp_2_pi_i_q_m_to_one_only_for_integers():
    # the key step of the eigenvector proof, on its own
    q, m = sympy.symbols("q m", integer=True)
    assert sympy.simplify(sympy.exp(2 * sympy.pi * sympy.I * q * m)) == 1
    real = sympy.Symbol("m", real=True)
    assert sympy.simplify(sympy.exp(2 * sympy.pi * sympy.I * q * real)) != 1
    assert complex(sympy.exp(2 * sympy.pi * sympy.I * sympy.Rational(1, 2))) == pytest.approx(-1)


def test_zero_padding_breaks_equivariance_at_the_border_by_hand():
    # x = 1 2 3 4 5 6, w = (1, 1, 1), pads (1, 1); rolled by one: 6 1 2 3 4 5
    x, w = np.arange(1.0, 7.0)[None, None], np.ones((1, 1, 3))
    zeros = sc.numeric.conv(np.roll(x, 1, axis=-1), w, padding=1)[0, 0]
    assert zeros.tolist() == [7, 9, 6, 9, 12, 9]  # 0+6+1, 6+1+2, 1+2+3, ...
    assert np.roll(sc.numeric.conv(x, w, padding=1)[0, 0], 1).tolist() == [11, 3, 6, 9, 12, 15]
    circular = sc.numeric.conv(np.roll(x, 1, axis=-1), w, padding=1, padding_mode="circular")[0, 0]
    assert circular.tolist() == [12, 9, 6, 9, 12, 15]  # 5+6+1, 6+1+2, ...: the rolled circular output
    assert np.roll(sc.numeric.conv(x, w, padding=1, padding_mode="circular")[0, 0], 1).tolist() == circular.tolist()


def test_a_conv_without_padding_mode_fails_the_family_instead_of_crashing():
    def zeros_only(x, w, bias=None, *, stride=1, padding=0, dilation=1, groups=1):
        return sc.numeric.conv(x, w, bias, stride=stride, padding=padding, dilation=dilation, groups=groups)

    ops = Operations(conv=zeros_only)
    assert [identity(name).check_numeric(0, ops=ops) for name in NAMES] == [False, False, False]


def test_a_conv_that_pads_circular_with_zeros_fails_the_shift_and_dft_identities():
    def ignores_mode(x, w, bias=None, *, padding_mode="zeros", **kwargs):
        return sc.numeric.conv(x, w, bias, **kwargs)

    ops = Operations(conv=ignores_mode)
    assert identity("circular-conv-commutes-with-circular-shift").check_numeric(0, ops=ops) is False
    assert identity("circular-conv-dft-eigenvectors").check_numeric(0, ops=ops) is False
    assert identity("replicate-keeps-constants").check_numeric(0, ops=ops) is False


# ----------------------------------------------------------------------------
# torch nn.Conv1d(padding_mode=...) as the independent route
# ----------------------------------------------------------------------------


def _torch_conv1d(x, w, pad, mode, dilation=1, stride=1):
    torch = need_module("torch")
    layer = torch.nn.Conv1d(1, w.shape[0], w.shape[-1], stride=stride, padding=pad, dilation=dilation, bias=False,
                            padding_mode=mode).double()
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(w))
        return layer(torch.from_numpy(x)).numpy()


def test_circular_shift_commutes_with_torchs_circular_conv1d():
    """Over n = 3..9, k = 1, 3, 5 (pad (k-1)/2 each side), d = 1, 2 where the pads fit, every shift -n..n."""
    rng = np.random.default_rng(5)
    checked = 0
    for n in range(3, 10):
        for k in (1, 3, 5):
            for d in (1, 2):
                pad = d * (k - 1) // 2
                if pad > n:
                    continue
                x, w = rng.normal(size=(1, 1, n)), rng.normal(size=(1, 1, k))
                y = _torch_conv1d(x, w, pad, "circular", d)[0, 0]
                assert np.allclose(sc.numeric.conv(x, w, padding=pad, dilation=d, padding_mode="circular")[0, 0], y)
                for t in range(-n, n + 1):
                    moved = _torch_conv1d(np.roll(x, t, axis=-1), w, pad, "circular", d)[0, 0]
                    assert np.allclose(moved, np.roll(y, t))
                    checked += 1
    assert checked > 500
    # at stride 2 a shift by one is no shift of the output (torch agrees)
    x, w = rng.normal(size=(1, 1, 6)), rng.normal(size=(1, 1, 3))
    y = _torch_conv1d(x, w, 1, "circular", stride=2)[0, 0]
    moved = _torch_conv1d(np.roll(x, 1, axis=-1), w, 1, "circular", stride=2)[0, 0]
    assert not any(np.allclose(moved, np.roll(y, shift)) for shift in range(len(y)))


def test_dft_eigenvalues_of_torchs_circular_conv1d():
    """For n = 2..9 and k = 1, 3, 5: torch's circular conv of e^(2 pi i j m / n) is lambda_m times it, every m."""
    rng = np.random.default_rng(6)
    for n in range(2, 10):
        for k in (1, 3, 5):
            pad = (k - 1) // 2
            if pad > n:
                continue
            w = rng.normal(size=(1, 1, k))
            for m in range(n):
                v = np.exp(2j * np.pi * np.arange(n) * m / n)
                image = (_torch_conv1d(v.real[None, None].copy(), w, pad, "circular")
                         + 1j * _torch_conv1d(v.imag[None, None].copy(), w, pad, "circular"))[0, 0]
                lam = sum(w[0, 0, a] * np.exp(2j * np.pi * (a - pad) * m / n) for a in range(k))
                assert np.allclose(image, lam * v)


def test_replicate_keeps_constants_in_torch():
    """n = 1..6, k = 1..4, pads 0..4 on each side (wider than the input too), strides 1..2."""
    torch = need_module("torch")
    rng = np.random.default_rng(7)
    for n in range(1, 7):
        for k in range(1, 5):
            for pad in range(0, 5):
                for stride in (1, 2):
                    if n + 2 * pad < k:
                        continue
                    w = rng.normal(size=(2, 1, k))
                    x = np.full((1, 1, n), 1.5)
                    padded = torch.nn.functional.pad(torch.from_numpy(x), (pad, pad), mode="replicate")
                    y = torch.nn.functional.conv1d(padded, torch.from_numpy(w), stride=stride).numpy()
                    assert np.allclose(y, 1.5 * w.sum(axis=(1, 2))[None, :, None])
                    assert np.allclose(sc.numeric.conv(x, w, padding=pad, stride=stride, padding_mode="replicate"), y)


def test_the_proofs_read_the_claim_and_refuse_a_wrong_one():
    # each prover takes its sides from the identity's claim: a wrong claim, with every condition kept, is not proved
    from symconv.symbolic.catalogue import Identity

    shift, eigen, constant = (identity(name) for name in NAMES)
    count = sympy.Symbol("O", integer=True)
    i, t = sympy.Symbol("i", integer=True), sympy.Symbol("t", integer=True)
    wrong = {
        shift: sympy.Eq(shift.claim.lhs, shift.claim.rhs.base[sympy.Mod(i + t, count)], evaluate=False),  # the sign
        eigen: sympy.Eq(eigen.claim.lhs, 2 * eigen.claim.rhs, evaluate=False),
        constant: sympy.Eq(constant.claim.lhs, 2 * constant.claim.rhs, evaluate=False),
    }
    for ident, claim in wrong.items():
        false = Identity("wrong", claim, "Wrong.", proof=ident._prover, numeric=lambda rng, ops: False,
                         conditions=ident.conditions)
        assert false.check_symbolic() is False, ident.name


def test_a_conv_that_fails_for_another_reason_is_not_taken_for_one_without_padding_mode():
    def broken(x, w, bias=None, **kwargs):
        raise TypeError("groups: expected an int, got str 'one'")

    with pytest.raises(TypeError, match="groups: expected an int"):
        identity("replicate-keeps-constants").check_numeric(0, ops=Operations(conv=broken))

"""The page padding-modes: its numbers by hand and against torch, its checks failing on a wrong convolution."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symconv as sc
from symconv import pages
from symconv.pages import padding_modes
from tests._tools import compile_latex, need_module


def _step(title):
    return next(step for step in padding_modes.make() if step.title == title)


def test_the_page_is_registered_checked_and_in_both_languages(render):
    assert "padding-modes" in pages.page_names()
    assert pages.page_paths("padding-modes", "zh") == ("derivations/padding-modes.zh.md", "derivations/padding-modes.zh.tex")
    results = pages.checked_page("padding-modes").check()
    assert results and all(results.values())
    assert render("padding-modes").startswith("# Padding modes\n")
    assert render("padding-modes", "zh").startswith("# 填充模式\n") and "循环矩阵" in render("padding-modes", "zh")


def test_the_worked_example_by_hand_and_in_torch(render):
    # x = 1..5, w = (1, 2, 3), one cell each side; the border cells are worked by hand:
    # zeros 0*1 + 1*2 + 2*3 = 8 and 4 + 10 + 0 = 14; reflect copies x_1 = 2 and x_3 = 4: 2 + 2 + 6 = 10, 4 + 10 + 12 = 26;
    # replicate copies x_0 and x_4: 1 + 2 + 6 = 9, 4 + 10 + 15 = 29; circular wraps x_4 and x_0: 5 + 2 + 6 = 13, 4 + 10 + 3 = 17
    by_hand = {"zeros": [8, 14, 20, 26, 14], "reflect": [10, 14, 20, 26, 26], "replicate": [9, 14, 20, 26, 29],
               "circular": [13, 14, 20, 26, 17]}
    text = render("padding-modes")
    for mode, outputs in by_hand.items():
        assert f"| {mode} |" in text and ", ".join(map(str, outputs)) in text
    torch = need_module("torch")
    x = torch.arange(1.0, 6.0, dtype=torch.float64)[None, None]
    for mode, outputs in by_hand.items():
        layer = torch.nn.Conv1d(1, 1, 3, padding=1, padding_mode=mode, bias=False).double()
        with torch.no_grad():
            layer.weight.copy_(torch.tensor([[[1.0, 2.0, 3.0]]]))
            assert layer(x)[0, 0].tolist() == outputs


def test_the_index_table_is_torchs_padding():
    torch = need_module("torch")
    table = _step("What each mode puts in the padding").table
    cells = torch.arange(1.0, 5.0)[None, None]  # cell j holds j + 1, so a zero of the padding is 0
    for column, mode in enumerate(("zeros", "reflect", "replicate", "circular"), start=1):
        padded = torch.nn.functional.pad(cells, (3, 3), mode="constant" if mode == "zeros" else mode)[0, 0]
        shown = [row[column] for row in table.rows]
        want = [sympy.Symbol(f"x_{{{int(v) - 1}}}") if v else 0 for v in padded.tolist()]
        assert [str(c) for c in shown] == [str(w) for w in want], mode
    assert [row[0] for row in table.rows] == list(range(-3, 7))


def test_the_limits_are_torchs(render):
    torch = need_module("torch")
    assert "`reflect` needs each pad smaller than the input" in render("padding-modes")
    x = torch.zeros(1, 1, 4)
    torch.nn.functional.pad(x, (3, 3), mode="reflect")
    with pytest.raises(RuntimeError):
        torch.nn.functional.pad(x, (4, 4), mode="reflect")
    with pytest.raises(sc.SymconvError, match="reflect padding needs each pad smaller than the input"):
        sc.numeric.conv(x.numpy().astype(float), np.ones((1, 1, 1)), padding=4, padding_mode="reflect")
    torch.nn.functional.pad(x, (4, 4), mode="circular")
    with pytest.raises(RuntimeError):
        torch.nn.functional.pad(x, (5, 5), mode="circular")
    with pytest.raises(sc.SymconvError, match="circular padding needs each pad at most the input"):
        sc.numeric.conv(x.numpy().astype(float), np.ones((1, 1, 1)), padding=5, padding_mode="circular")


def test_causal_padding_is_torchs_left_pad(render):
    torch = need_module("torch")
    assert "puts all $d \\left(k - 1\\right)$ cells of padding before the input" in render("padding-modes")
    rng = np.random.default_rng(3)
    for k in range(1, 5):
        for d in (1, 2, 3):
            x, w = rng.normal(size=(1, 1, 10)), rng.normal(size=(2, 1, k))
            want = torch.nn.functional.conv1d(torch.nn.functional.pad(torch.from_numpy(x), (d * (k - 1), 0)),
                                              torch.from_numpy(w), dilation=d).numpy()
            assert np.allclose(sc.numeric.conv(x, w, padding="causal", dilation=d), want)


def test_the_matrices_are_torchs_columns():
    # column j of C is the layer applied to the unit vector e_j (torch computes it); the page's symbols get numbers
    torch = need_module("torch")
    step = _step("The convolution matrix in each mode")
    weights = {sympy.Symbol(f"w_{{{a}}}"): value for a, value in enumerate((0.5, -2.0, 3.25))}
    for relation, mode in zip(step.relations, ("zeros", "reflect", "replicate", "circular")):
        shown = np.array(relation.rhs.subs(weights), dtype=float)
        layer = torch.nn.Conv1d(1, 1, 3, padding=1, padding_mode=mode, bias=False).double()
        with torch.no_grad():
            layer.weight.copy_(torch.tensor([[[0.5, -2.0, 3.25]]], dtype=torch.float64))
            columns = [layer(torch.eye(5, dtype=torch.float64)[j][None, None])[0, 0].numpy() for j in range(5)]
        assert np.allclose(shown, np.array(columns).T), mode
    # reflect folds w_0 onto column 1 and w_2 onto column 3; circular puts w_0 in the corner
    reflect, circular = step.relations[1].rhs, step.relations[3].rhs
    w0, w2 = sympy.symbols("w_{0} w_{2}")
    assert reflect[0, 1] == w0 + w2 and reflect[4, 3] == w0 + w2 and circular[0, 4] == w0 and circular[4, 0] == w2


def test_the_equivariance_counterexample_by_hand(render):
    # x = 1..6 rolled by one is 6 1 2 3 4 5; w = (1, 1, 1), one cell each side
    table = _step("Equivariance: exact on a circle, broken at the border").table
    columns = list(zip(*table.rows))
    assert [int(v) for v in columns[1]] == [7, 9, 6, 9, 12, 9]  # zeros: 0+6+1, 6+1+2, 1+2+3, 2+3+4, 3+4+5, 4+5+0
    assert [int(v) for v in columns[2]] == [11, 3, 6, 9, 12, 15]  # (3, 6, 9, 12, 15, 11) rolled by one
    assert [int(v) for v in columns[3]] == [int(v) for v in columns[4]] == [12, 9, 6, 9, 12, 15]  # 5+6+1, ...
    assert "outputs $\\left\\{0, 1, 5\\right\\}$ differ" in render("padding-modes")


def test_the_eigenvalues_of_the_circulant_are_numpys():
    # lambda_m = w_0 omega^-m + w_1 + w_2 omega^m (one cell before the input): NumPy's eigenvalues of the matrix
    w = np.array([0.5, -2.0, 3.25])
    C = sc.conv_matrix((1, 5), w.reshape(1, 1, 3), padding=1, padding_mode="circular", format="dense")
    omega = np.exp(2j * np.pi / 5)
    lam = np.array([w[0] * omega ** -m + w[1] + w[2] * omega**m for m in range(5)])
    assert np.allclose(np.sort_complex(np.linalg.eigvals(C)), np.sort_complex(lam))
    assert "\\lambda_{m} &= \\omega^{m} w_{2} + w_{1} + \\omega^{- m} w_{0}" in padding_modes.make().to_markdown()


def test_the_checks_fail_on_a_convolution_that_ignores_padding_mode(monkeypatch):
    real = padding_modes.conv

    def ignores_mode(x, w, bias=None, *, padding_mode="zeros", **kwargs):
        return real(x, w, bias, **kwargs)

    monkeypatch.setattr(padding_modes, "conv", ignores_mode)
    results = padding_modes.make().check()
    failed = {name for name, ok in results.items() if not ok}
    assert "worked example, reflect: symconv equals np.pad('reflect') then correlate" in failed
    assert "circular: conv(shift x) = shift(conv x) at every output" in failed
    assert "replicate keeps the constant input 2 at 2 * (1 + 2 + 3) = 12" in failed


@pytest.mark.parametrize("lang, engine", [("en", "pdflatex"), ("zh", "xelatex")])
def test_the_latex_compiles(render, lang, engine):
    figure = "figures/padding-modes-grid.pdf" if lang == "en" else "figures/padding-modes-grid.zh.pdf"
    pdf = compile_latex(render("padding-modes", lang, "latex"), engine, files=[figure])
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000

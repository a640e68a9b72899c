"""The page ``padding-modes``: what zeros, reflect, replicate and circular padding put in the border, and what follows.

Every number on the page comes from symconv (``symconv.numeric.conv(padding_mode=)``,
``symconv.conv_matrix(padding_mode=)``, the index rule
:func:`symconv._layout.pad_source`) and is checked before the page is
written against a route that does not use symconv's padding: NumPy's
``np.pad`` (modes ``constant``, ``reflect``, ``edge``, ``wrap``) followed by a
valid correlation, NumPy's FFT, and the formulas shown.

References
----------
.. [1] PyTorch, ``torch.nn.Conv1d`` (``padding_mode``) and ``torch.nn.functional.pad``.
.. [2] R. M. Gray, "Toeplitz and Circulant Matrices: A Review".
.. [3] Seed note 003, section 4 (equivariant representations).
"""

from __future__ import annotations

import numpy as np
import sympy

from .._errors import SymconvError
from .._layout import pad_source, source_indices
from ..geometry import PADDING_MODES, Geometry
from ..matrix import conv_matrix
from ..numeric import conv
from ..symbolic.derivation import Derivation, Illustration, Step, Table
from ._common import _d, _eq, _identity_checks, _k, _matrix, _statement, _sym

NAME = "padding-modes"
TITLE = "Padding modes"

__all__ = ["NAME", "TITLE", "make", "check"]

#: NumPy's name of each of PyTorch's modes (np.pad), the independent route of the checks.
NUMPY_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}

_IDENTITIES = ("circular-conv-commutes-with-circular-shift", "circular-conv-dft-eigenvectors", "replicate-keeps-constants")

_n = sympy.Symbol("n", integer=True, positive=True)
_q = sympy.Symbol("q", integer=True)


def _sources():
    """The cell of the input each padded position ``q`` copies, per mode, as SymPy writes it."""
    return {
        "reflect": sympy.Piecewise((-_q, _q < 0), (2 * (_n - 1) - _q, _q > _n - 1), (_q, True)),
        "replicate": sympy.Piecewise((0, _q < 0), (_n - 1, _q > _n - 1), (_q, True)),
        "circular": sympy.Mod(_q, _n),
    }


def _by_numpy(x, w, before, after, mode):
    """The independent route: np.pad in NumPy's name of the mode, then a valid correlation (1-D)."""
    padded = np.pad(np.asarray(x, float), (before, after), mode=NUMPY_MODES[mode])
    return np.correlate(padded, np.asarray(w, float), mode="valid")


def _conv1d(x, w, **kwargs):
    return conv(np.asarray(x, float)[None, None], np.asarray(w, float)[None, None], **kwargs)[0, 0]


def make() -> Derivation:
    """Padding modes: the index rule of each, causal padding, a worked example, the matrices, the DFT, equivariance.

    Returns
    -------
    Derivation
        ``check()`` compares every number with ``np.pad`` then a correlation,
        the index table with the formulas shown, the matrices with the
        convolution, the eigenvalues with NumPy's FFT, and runs the
        catalogue's checks of the three padding-mode identities.

    Examples
    --------
    >>> d = make()
    >>> [row[0] for row in d[2].table.rows]
    ['zeros', 'reflect', 'replicate', 'circular']
    >>> d[2].table.rows[3][-1]
    '13, 14, 20, 26, 17'
    """
    sources = _sources()
    x4 = _sym("x", 4)
    table_q = list(range(-3, 7))
    index_rows = []
    for q in table_q:
        row = [q]
        for mode in PADDING_MODES:
            source = pad_source(q, 4, mode)
            row.append(sympy.Integer(0) if source is None else x4[source])
        index_rows.append(row)

    k_causal = sympy.Symbol("k", integer=True, positive=True)
    t, a = sympy.symbols("t a", integer=True)
    X, W, Y = (sympy.IndexedBase(name) for name in "XWY")
    causal_sum = sympy.Sum(W[a] * X[t + a * _d - _d * (k_causal - 1)], (a, 0, k_causal - 1))

    x5, w3 = [1, 2, 3, 4, 5], [1, 2, 3]
    worked = {mode: _conv1d(x5, w3, padding=1, padding_mode=mode) for mode in PADDING_MODES}
    worked_rows = [[mode, ", ".join(str(x5[i]) if i >= 0 else "0" for i in source_indices(5, 1, 1, mode)),
                    ", ".join(f"{v:g}" for v in worked[mode])] for mode in PADDING_MODES]

    w_sym = _sym("w", 3)
    matrices = {mode: conv_matrix((1, 5), w_sym.reshape(1, 1, 3), padding=1, padding_mode=mode, format="dense")
                for mode in PADDING_MODES}
    omega, m = sympy.Symbol(r"\omega"), sympy.Symbol("m", integer=True)
    lam = sympy.Symbol(r"\lambda_{m}")
    eigenvalue = sum((w_sym[j] * sympy.Pow(omega, (j - 1) * m, evaluate=False) for j in range(3)), sympy.Integer(0))
    F, C = sympy.Symbol("F", commutative=False), sympy.Symbol("C", commutative=False)
    diagonal = sympy.diag(*(sympy.Symbol(f"\\lambda_{{{j}}}") for j in range(5)))

    x6, ones = [1, 2, 3, 4, 5, 6], [1, 1, 1]
    shifted = np.roll(x6, 1)
    equivariance = {mode: (_conv1d(shifted, ones, padding=1, padding_mode=mode),
                           np.roll(_conv1d(x6, ones, padding=1, padding_mode=mode), 1))
                    for mode in ("zeros", "circular")}
    equivariance_rows = [[i, *(sympy.Integer(int(v[i])) for mode in ("zeros", "circular") for v in equivariance[mode])]
                         for i in range(6)]
    broken = [i for i in range(6) if equivariance["zeros"][0][i] != equivariance["zeros"][1][i]]

    constant = {mode: _conv1d([2, 2, 2, 2], w3, padding=1, padding_mode=mode) for mode in ("zeros", "replicate")}

    steps = [
        Step(
            "What each mode puts in the padding",
            [_eq(sympy.Function(r"s_{\mathrm{" + mode + "}}")(_q), source) for mode, source in sources.items()],
            "Padding makes room for the window at the border; PyTorch's `padding_mode` says what fills that room. "
            "Number the padded axis from the first input cell, so that the padding before the input has positions "
            "{q} below 0 and the padding after it positions above {last}. `zeros` puts 0 there; the other three "
            "copy the input cell {source} given below: `reflect` mirrors about the border cell (without repeating "
            "it), `replicate` repeats the border cell, `circular` wraps around, as if the input were on a circle. The "
            "table shows each mode on {n_4} inputs with 3 cells of padding on each side.",
            symbols={"q": _q, "last": _n - 1, "source": sympy.Function("s")(_q), "n_4": sympy.Integer(4)},
            notes=["PyTorch refuses pads a mode cannot fill, and symconv refuses the same: `reflect` needs each pad "
                   "smaller than the input (a mirror about the border cell has $n - 1$ cells to show), `circular` at "
                   "most the input (one wrap). `symconv._layout.pad_source` is the one rule every part of symconv "
                   "reads."],
            table=Table(["$q$", "`zeros`", "`reflect`", "`replicate`", "`circular`"], index_rows, align="rcccc"),
            illustrations=[
                Illustration("A 3 x 3 input padded by 2 in each mode: the input outlined, each padding cell showing "
                             "the value it holds.",
                             image="figures/padding-modes-grid.svg", latex_image="figures/padding-modes-grid.pdf"),
            ],
        ),
        Step(
            "Causal padding (1-D)",
            [_eq(sympy.Symbol(r"(p_{b}, p_{a})"), sympy.Tuple(_d * (k_causal - 1), 0)),
             _eq(Y[t], causal_sum),
             sympy.Le(t + a * _d - _d * (k_causal - 1), t, evaluate=False)],
            "For sequences, `padding=\"causal\"` puts all {span} cells of padding before the input and none after, "
            "so output {t} reads the inputs {first} to {t}: never a later one, as a model that predicts the next "
            "value must. The output is as long as the input.",
            symbols={"span": _d * (k_causal - 1), "t": t, "first": t - _d * (k_causal - 1)},
            notes=["Tap $a$ reads input $t + a d - d(k-1) \\le t$ because $a \\le k - 1$; the last tap reads input "
                   "$t$ itself. symconv takes `padding=\"causal\"` on one axis only."],
        ),
        Step(
            "A worked example",
            [_eq(sympy.Symbol("x"), _matrix(x5)), _eq(sympy.Symbol("w"), _matrix(w3))],
            "The input {x} with the kernel {w}, one cell of padding on each side, in the four modes: the padded "
            "input and the output `symconv.numeric.conv(x, w, padding=1, padding_mode=...)` gives. The three "
            "interior outputs are the same in every mode; only the two that read the padding differ.",
            symbols={"x": sympy.Symbol("x"), "w": sympy.Symbol("w")},
            notes=["Each row is checked against NumPy: `np.pad` with the mode NumPy calls `constant`, `reflect`, "
                   "`edge` or `wrap`, then a valid correlation."],
            table=Table(["mode", "padded input", "output"], worked_rows, align="lll", prose_columns=()),
        ),
        Step(
            "Replicate padding keeps a constant",
            [_statement("replicate-keeps-constants")],
            "A constant input stays constant under replicate padding, border included: on {input} the kernel {w} "
            "gives {replicate} with `replicate` but {zeros} with `zeros`, where the border outputs read zeros.",
            symbols={"input": _matrix([2, 2, 2, 2]), "w": _matrix(w3),
                     "replicate": _matrix([int(v) for v in constant["replicate"]]),
                     "zeros": _matrix([int(v) for v in constant["zeros"]])},
        ),
        Step(
            "The convolution matrix in each mode",
            [_eq(sympy.Symbol(r"C_{\mathrm{" + mode + "}}"), matrices[mode]) for mode in PADDING_MODES],
            "With zero padding the matrix of the example is a band (Toeplitz): a tap that reads the padding "
            "multiplies zero and is dropped. A copying mode adds that tap onto the column of the cell it copies "
            "(`symconv.conv_matrix(..., padding_mode=...)`): `reflect` folds {w0} onto column 1 of the first row, "
            "`replicate` onto column 0, and `circular` moves it to the far end, column {last}.",
            symbols={"w0": w_sym[0], "last": sympy.Integer(4)},
            notes=["With circular padding, stride 1 and pads adding up to $d(k-1)$ every row is the row above moved "
                   "one column to the right, wrapping around: the matrix is circulant."],
        ),
        Step(
            "The DFT diagonalises circular convolution",
            [_statement("circular-conv-dft-eigenvectors"),
             _eq(lam, eigenvalue),
             _eq(F * C * sympy.Pow(F, -1, evaluate=False), diagonal)],
            "A circulant matrix has the DFT's vectors {v} as eigenvectors, {omega}: reading {v_name} circularly from "
            "position {i} only multiplies it by {power}, the key step being {turn} for integers. For the example "
            "({p} cell before the input) the eigenvalue is {lam}, so the DFT matrix {F} makes {C} diagonal and "
            "circular convolution is a pointwise product in frequency: the DFT of the output is {lam} times the "
            "DFT of the input.",
            symbols={"v": sympy.Eq(sympy.Symbol("v_{j}"), sympy.Pow(omega, sympy.Symbol("j") * m, evaluate=False),
                                   evaluate=False),
                     "omega": _eq(omega, sympy.exp(2 * sympy.pi * sympy.I / _n)),
                     "v_name": sympy.Symbol("v"), "i": sympy.Symbol("i"), "power": sympy.Pow(omega, sympy.Symbol("i") * m, evaluate=False),
                     "turn": _eq(sympy.Pow(omega, _n * sympy.Symbol("q") * m, evaluate=False), 1),
                     "p": sympy.Integer(1), "lam": lam, "F": F, "C": C},
            notes=["With zero padding the band matrix is not circulant and the DFT's vectors are not its "
                   "eigenvectors: the catalogue's counterexample takes zero padding and finds $C v \\ne \\lambda v$."],
        ),
        Step(
            "Equivariance: exact on a circle, broken at the border",
            [_statement("circular-conv-commutes-with-circular-shift")],
            "Shift the input {x} circularly by one and correlate with {w} (one cell of padding each side). With "
            "circular padding the output is the old output shifted by one, at every position; with zero padding "
            "outputs {broken} differ: near the border one side reads a zero of the padding where the other reads the "
            "cell the shift wrapped around.",
            symbols={"x": _matrix(x6), "w": _matrix(ones), "broken": sympy.FiniteSet(*broken)},
            notes=["At stride 2 a shift by one cell is no shift of the output in either mode: the identity's "
                   "condition $s = 1$ (the catalogue's counterexample: $n = 6$, $k = 3$, $s = 2$, $t = 1$)."],
            table=Table(["output", "zeros: conv(shift x)", "zeros: shift(conv x)", "circular: conv(shift x)",
                         "circular: shift(conv x)"], equivariance_rows, align="rrrrr"),
        ),
    ]

    def check():
        results = {}
        # the index rule against the formulas shown, over sizes 1..8 and every position a legal pad reaches
        for mode, source in sources.items():
            ok = True
            for n in range(1, 9):
                reach = {"reflect": n - 1, "replicate": n + 3, "circular": n}[mode]
                for q in range(-reach, n + reach):
                    ok &= int(source.subs({_n: n, _q: q})) == pad_source(q, n, mode)
            results[f"{mode}: pad_source is the formula shown for n = 1..8"] = ok
        results["zeros: pad_source gives no cell outside the input"] = all(
            pad_source(q, n, "zeros") is None for n in range(1, 9) for q in (-2, -1, n, n + 1))
        for mode, column in zip(PADDING_MODES, zip(*(row[1:] for row in index_rows))):
            # np.pad of the cell numbers 1..4 (0 for a zero), so the cell a position holds is one less
            cells = np.pad(np.arange(1, 5), 3, mode=NUMPY_MODES[mode]) - 1
            results[f"index table, {mode}: np.pad({NUMPY_MODES[mode]!r}) puts the same cells"] = list(column) == [
                x4[c] if c >= 0 else 0 for c in cells]
        # PyTorch's limits, as symconv refuses them
        for n in (2, 3, 5):
            results[f"reflect takes a pad of {n - 1} on {n} inputs and refuses {n}"] = (
                _fits(n, n - 1, "reflect") and not _fits(n, n, "reflect"))
            results[f"circular takes a pad of {n} on {n} inputs and refuses {n + 1}"] = (
                _fits(n, n, "circular") and not _fits(n, n + 1, "circular"))
        # causal padding: the pads, the length, and no output reads a later input
        rng = np.random.default_rng(0)
        causal_ok = True
        for k in range(1, 5):
            for d in (1, 2):
                causal_ok &= Geometry(k, padding="causal", dilation=d).padding == ((d * (k - 1), 0),)
                x, w = rng.normal(size=9), rng.normal(size=k)
                w[-1] = 1.0
                y = _conv1d(x, w, padding="causal", dilation=d)
                causal_ok &= y.shape == (9,) and np.allclose(
                    y, np.correlate(np.concatenate([np.zeros(d * (k - 1)), x]), _dilate(w, d), mode="valid"))
                for t0 in range(9):
                    bumped = x.copy()
                    bumped[t0] += 1.0
                    z = _conv1d(bumped, w, padding="causal", dilation=d)
                    causal_ok &= np.allclose(z[:t0], y[:t0]) and not np.isclose(z[t0], y[t0])
        results["causal: pads (d(k-1), 0), n outputs, output t unchanged by inputs after t (k = 1..4, d = 1, 2)"] = causal_ok
        # the worked example against np.pad then a correlation
        for mode in PADDING_MODES:
            results[f"worked example, {mode}: symconv equals np.pad({NUMPY_MODES[mode]!r}) then correlate"] = np.allclose(
                worked[mode], _by_numpy(x5, w3, 1, 1, mode))
            padded = np.pad(np.array(x5), 1, mode=NUMPY_MODES[mode])
            results[f"worked example, {mode}: the padded input shown is np.pad's"] = (
                worked_rows[list(PADDING_MODES).index(mode)][1] == ", ".join(map(str, padded)))
        results["worked example: interior outputs agree in every mode"] = all(
            np.allclose(worked[mode][1:4], worked["zeros"][1:4]) for mode in PADDING_MODES)
        results["replicate keeps the constant input 2 at 2 * (1 + 2 + 3) = 12"] = (
            constant["replicate"].tolist() == [12, 12, 12, 12]
            and np.allclose(constant["zeros"], _by_numpy([2, 2, 2, 2], w3, 1, 1, "zeros")))
        # the matrices: numbers in place of the symbols, times a random x, against np.pad then correlate
        for mode in PADDING_MODES:
            weights = rng.normal(size=3)
            numbers = np.array(matrices[mode].subs(dict(zip(w_sym, weights))), dtype=float)
            x = rng.normal(size=5)
            results[f"matrix, {mode}: C x equals np.pad then correlate"] = np.allclose(
                numbers @ x, _by_numpy(x, weights, 1, 1, mode))
        circ = matrices["circular"]
        results["matrix, circular: every row is the row above moved one column (circulant)"] = all(
            [circ[i - 1, (j - 1) % 5] for j in range(5)] == list(circ.row(i)) for i in range(1, 5))
        results["matrix, zeros: not circulant"] = matrices["zeros"][0, 4] == 0 and matrices["zeros"][4, 0] == 0
        # the DFT: exact on n = 4 (omega = i) with symbolic weights, numeric on n = 5 against NumPy's FFT
        results.update(_dft_checks(w_sym, rng))
        # equivariance
        results["circular: conv(shift x) = shift(conv x) at every output"] = np.array_equal(*equivariance["circular"])
        results["zeros: conv(shift x) and shift(conv x) differ exactly at outputs 0, 1 and 5"] = broken == [0, 1, 5]
        results["the equivariance table's numbers are np.pad's"] = all(
            np.allclose(equivariance[mode][0], _by_numpy(shifted, ones, 1, 1, mode))
            and np.allclose(equivariance[mode][1], np.roll(_by_numpy(x6, ones, 1, 1, mode), 1))
            for mode in ("zeros", "circular"))
        y2 = _conv1d(x6, ones, padding=1, stride=2, padding_mode="circular")
        moved2 = _conv1d(shifted, ones, padding=1, stride=2, padding_mode="circular")
        results["stride 2: a shift by one is no shift of the output"] = not any(
            np.allclose(moved2, np.roll(y2, r)) for r in range(len(y2)))
        results.update(_identity_checks(*_IDENTITIES))
        return results

    return Derivation(
        TITLE,
        steps,
        introduction=(
            "What PyTorch's four padding modes (`zeros`, `reflect`, `replicate`, `circular`) put in the padding, "
            "causal padding for sequences, and what the choice changes: the convolution matrix, its "
            "diagonalisation by the DFT when the padding is circular, and equivariance to translation, exact on a "
            "circle and broken at the border with zeros. The identities are proved for symbolic sizes in the "
            "catalogue; every number is checked against NumPy's `np.pad`."
        ),
        checker=check,
    )


def _fits(n, pad, mode) -> bool:
    try:
        Geometry(1, padding=pad, padding_mode=mode).output_size((n,))
    except SymconvError:
        return False
    return True


def _dilate(w, d):
    out = np.zeros(d * (len(w) - 1) + 1)
    out[::d] = w
    return out


def _dft_checks(w_sym, rng) -> dict:
    results = {}
    # exact: n = 4, omega = i, C v_m = lambda_m v_m with the weights left symbols
    C4 = conv_matrix((1, 4), w_sym.reshape(1, 1, 3), padding=1, padding_mode="circular", format="dense")
    exact = True
    for m in range(4):
        v = sympy.Matrix([sympy.I ** (j * m) for j in range(4)])
        lam = sum(w_sym[a] * sympy.I ** ((a - 1) * m) for a in range(3))
        exact &= sympy.expand(C4 * v - lam * v) == sympy.zeros(4, 1)
    results["n = 4: C v_m = lambda_m v_m exactly, weights symbolic"] = exact
    # numeric: F C F^-1 = diag(lambda) with NumPy's DFT matrix, and the FFT of the output
    n, weights = 5, rng.normal(size=3)
    C = conv_matrix((1, n), weights.reshape(1, 1, 3), padding=1, padding_mode="circular", format="dense")
    F = np.fft.fft(np.eye(n))
    lam = np.array([sum(weights[a] * np.exp(2j * np.pi * (a - 1) * m / n) for a in range(3)) for m in range(n)])
    results["n = 5: F C F^-1 = diag(lambda) (NumPy's DFT)"] = np.allclose(F @ C @ np.linalg.inv(F), np.diag(lam))
    x = rng.normal(size=n)
    y = _conv1d(x, weights, padding=1, padding_mode="circular")
    results["n = 5: fft(conv(x)) = lambda * fft(x)"] = np.allclose(np.fft.fft(y), lam * np.fft.fft(x))
    zero = conv_matrix((1, n), weights.reshape(1, 1, 3), padding=1, format="dense")
    results["n = 5: zero padding is not diagonalised"] = not np.allclose(
        F @ zero @ np.linalg.inv(F), np.diag(np.diag(F @ zero @ np.linalg.inv(F))))
    return results


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

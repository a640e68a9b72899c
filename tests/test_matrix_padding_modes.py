"""conv_matrix(padding_mode=...): against torch.nn.ConvNd, the circulant theorem and hand-worked folds.

Routes: PyTorch's ``nn.Conv1d/2d/3d(padding_mode=...)`` in float64 over seeded
random geometries (groups, stride, dilation, unequal pads per axis, "same");
the DFT diagonalising a circulant (its eigenvalues the DFT of its first
column, a column worked out here from the kernel by hand, not from the
matrix); column sums and entries worked out from the reflect table in
``symconv/_layout.py``'s docstring.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse
import sympy

import symconv as sc
from _tools import need_module
from symconv import SymconvError
from symconv.matrix import conv_matrix_blocks

MODES = ("zeros", "reflect", "replicate", "circular")


# ----------------------------------------------------------------------------
# against PyTorch over random geometries
# ----------------------------------------------------------------------------


def _random_case(rng):
    """A geometry PyTorch accepts for its mode: reflect pads < input, circular pads <= input."""
    while True:
        ndim = int(rng.integers(1, 4))
        groups = int(rng.integers(1, 4))
        c_in, c_out = groups * int(rng.integers(1, 3)), groups * int(rng.integers(1, 3))
        mode = MODES[int(rng.integers(len(MODES)))]
        top = 7 if ndim < 3 else 4
        sizes = [int(rng.integers(1, top)) for _ in range(ndim)]
        kernel = [int(rng.integers(1, 4)) for _ in range(ndim)]
        dilation = [int(rng.integers(1, 3)) for _ in range(ndim)]
        stride = [int(rng.integers(1, 4)) for _ in range(ndim)]
        if rng.random() < 0.2:
            stride, padding = [1] * ndim, "same"
            total = [d * (k - 1) for k, d in zip(kernel, dilation)]
            pads = [(t // 2, t - t // 2) for t in total]  # PyTorch puts the odd pad at the end
        else:
            most = {"reflect": lambda n: n - 1, "circular": lambda n: n}.get(mode, lambda n: 3)
            padding = [int(rng.integers(0, most(n) + 1)) for n in sizes]
            pads = [(p, p) for p in padding]
        limit = {"reflect": lambda n: n - 1, "circular": lambda n: n}.get(mode, lambda n: 10**9)
        if any(max(p) > limit(n) for p, n in zip(pads, sizes)):
            continue
        if all(n + b + a >= d * (k - 1) + 1 for n, (b, a), k, d in zip(sizes, pads, kernel, dilation)):
            return dict(ndim=ndim, groups=groups, c_in=c_in, c_out=c_out, mode=mode, sizes=sizes, kernel=kernel,
                        dilation=dilation, stride=stride, padding=padding)


def _torch_output(torch, case, x, w):
    layer = getattr(torch.nn, f"Conv{case['ndim']}d")(
        case["c_in"], case["c_out"], case["kernel"], stride=case["stride"],
        padding=case["padding"] if case["padding"] == "same" else tuple(case["padding"]),
        dilation=case["dilation"], groups=case["groups"], bias=False, padding_mode=case["mode"],
    ).double()
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(w))
        return layer(torch.from_numpy(x)[None]).numpy()[0]


def _matrix(case, w, **kwargs):
    padding = case["padding"] if case["padding"] == "same" else tuple(case["padding"])
    return sc.conv_matrix((case["c_in"], *case["sizes"]), w, stride=tuple(case["stride"]), padding=padding,
                          dilation=tuple(case["dilation"]), groups=case["groups"], padding_mode=case["mode"], **kwargs)


@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
def test_csr_and_dense_matrices_equal_torch_on_random_geometries():
    torch = need_module("torch")
    rng = np.random.default_rng(20261205)
    seen = set()
    for number in range(300):
        case = _random_case(rng)
        seen.add((case["ndim"], case["mode"]))
        x = rng.standard_normal((case["c_in"], *case["sizes"]))
        w = rng.standard_normal((case["c_out"], case["c_in"] // case["groups"], *case["kernel"]))
        expected = _torch_output(torch, case, x, w).ravel()
        C = _matrix(case, w)
        assert isinstance(C, scipy.sparse.csr_array)
        assert C.has_canonical_format, case  # duplicates (two taps on one column) summed, columns sorted
        np.testing.assert_allclose(C @ x.ravel(), expected, rtol=1e-10, atol=1e-12, err_msg=f"case {number}: {case}")
        np.testing.assert_allclose(_matrix(case, w, format="dense") @ x.ravel(), expected, rtol=1e-10, atol=1e-12,
                                   err_msg=f"case {number}: {case}")
    assert seen == {(n, m) for n in (1, 2, 3) for m in MODES}  # every mode in every dimension was met


def test_matrices_equal_the_numeric_backend_on_random_geometries():
    # the backend pads by gathering the input (numeric/_windows.pad_input), not through the matrix's columns
    from symconv.numeric import conv

    rng = np.random.default_rng(99)
    for number in range(150):
        case = _random_case(rng)
        x = rng.standard_normal((1, case["c_in"], *case["sizes"]))
        w = rng.standard_normal((case["c_out"], case["c_in"] // case["groups"], *case["kernel"]))
        padding = case["padding"] if case["padding"] == "same" else tuple(case["padding"])
        expected = conv(x, w, stride=tuple(case["stride"]), padding=padding, dilation=tuple(case["dilation"]),
                        groups=case["groups"], padding_mode=case["mode"])
        np.testing.assert_allclose(_matrix(case, w) @ x.ravel(), expected.ravel(), rtol=1e-10, atol=1e-12,
                                   err_msg=f"case {number}: {case}")


@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
def test_symbolic_matrices_equal_torch_after_substitution():
    torch = need_module("torch")
    rng = np.random.default_rng(7)
    for number in range(25):
        case = _random_case(rng)
        if case["ndim"] == 3:
            continue
        shape = (case["c_out"], case["c_in"] // case["groups"], *case["kernel"])
        symbols = np.array(sympy.symbols(f"v0:{np.prod(shape)}"), dtype=object).reshape(shape)
        values = rng.integers(-5, 6, shape).astype(float)
        x = rng.integers(-5, 6, (case["c_in"], *case["sizes"])).astype(float)
        expected = _torch_output(torch, case, x, values).ravel()
        substitution = dict(zip(symbols.ravel().tolist(), values.ravel().tolist()))
        for format in ("csr", "dense"):
            C = _matrix(case, symbols, format=format)
            numeric = np.array(C.subs(substitution).tolist(), dtype=float)
            np.testing.assert_allclose(numeric @ x.ravel(), expected, atol=1e-9, err_msg=f"case {number}: {case}")
        # a numeric kernel asked for as SymPy sums its folded entries too
        numeric = np.array(_matrix(case, values, format="sympy").tolist(), dtype=float)
        np.testing.assert_allclose(numeric @ x.ravel(), expected, atol=1e-9)


def test_csr_stores_one_entry_per_position_read():
    # replicate, pad 2, three positive taps on 4 inputs: output 0 reads cells -2, -1, 0, all input 0
    C = sc.conv_matrix((4,), np.array([[[1.0, 2.0, 3.0]]]), padding=2, padding_mode="replicate")
    assert C.nnz == np.count_nonzero(C.toarray())
    assert C[[0], [0]] == 6.0 and C.indptr[1] == 1


# ----------------------------------------------------------------------------
# circular: the circulant and the DFT
# ----------------------------------------------------------------------------


def _first_column(kernel, n, before, dilation=1):
    """c with C[i, j] = c[(i - j) mod n]: row i reads input (i + t d - before) mod n through tap t,
    so tap t sits at i - j = before - t d (mod n)."""
    c = np.zeros(n, dtype=np.result_type(np.asarray(kernel), float))
    for t, value in enumerate(kernel):
        c[(before - t * dilation) % n] += value
    return c


@pytest.mark.parametrize("n, kernel, before, after, dilation", [
    (4, [1, 2, 3], 1, 1, 1),
    (6, [5, -1, 2, 7], 1, 2, 1),
    (5, [1, 4], 0, 1, 1),
    (7, [2, 3, 5], 2, 2, 2),
    (3, [1, 2, 3, 4, 5], 2, 2, 1),   # the kernel is longer than the input: taps wrap onto one column and add
])
def test_circular_stride_one_is_a_circulant(n, kernel, before, after, dilation):
    C = sc.conv_matrix((n,), np.array([[kernel]]), padding=((before, after),), dilation=dilation,
                       padding_mode="circular", format="dense")
    assert C.shape == (n, n)
    for i in range(1, n):  # every row the row above moved one column right, cyclically
        np.testing.assert_array_equal(C[i], np.roll(C[i - 1], 1))
    np.testing.assert_array_equal(C[0], np.roll(C[n - 1], 1))
    np.testing.assert_array_equal(C[:, 0], _first_column(kernel, n, before, dilation))


@pytest.mark.parametrize("n, kernel, before, after, dilation", [
    (4, [1, 2, 3], 1, 1, 1),
    (8, [0.5, -2.0, 1.5, 3.0], 2, 1, 1),
    (7, [2, 3, 5], 2, 2, 2),
    (5, [1, 2, 3, 4, 5, 6, 7], 3, 3, 1),
])
def test_circular_matrix_is_diagonalised_by_the_dft(n, kernel, before, after, dilation):
    C = sc.conv_matrix((n,), np.array([[kernel]], dtype=float), padding=((before, after),), dilation=dilation,
                       padding_mode="circular", format="dense")
    F = np.fft.fft(np.eye(n))  # the DFT matrix, F @ v == fft(v)
    D = F @ C @ np.linalg.inv(F)
    np.testing.assert_allclose(D, np.diag(np.diag(D)), atol=1e-9)
    np.testing.assert_allclose(np.diag(D), np.fft.fft(_first_column(kernel, n, before, dilation)), atol=1e-9)


@pytest.mark.parametrize("mode, stride", [("zeros", 1), ("reflect", 1), ("replicate", 1)])
def test_dft_diagonalises_only_circular_padding(mode, stride):
    # the condition dropped: with the padding not wrapped the matrix is no circulant, and the DFT leaves it full
    n, kernel = 6, np.array([[[1.0, 2.0, 4.0]]])
    C = sc.conv_matrix((n,), kernel, padding=1, padding_mode=mode, format="dense", stride=stride)
    F = np.fft.fft(np.eye(n))
    D = F @ C @ np.linalg.inv(F)
    assert np.abs(D - np.diag(np.diag(D))).max() > 0.1


def test_circular_stride_two_is_no_circulant():
    C = sc.conv_matrix((6,), np.array([[[1.0, 2.0, 4.0]]]), padding=1, stride=2, padding_mode="circular",
                       format="dense")
    assert C.shape == (3, 6)  # rows shift by two columns: not square, nothing to diagonalise
    np.testing.assert_array_equal(C[1], np.roll(C[0], 2))


def test_circular_2d_is_block_circulant_with_circulant_blocks_and_the_2d_dft_diagonalises_it():
    rng = np.random.default_rng(3)
    n1, n2, w = 4, 5, rng.integers(-4, 5, (1, 1, 3, 2)).astype(float)
    pads = ((1, 1), (0, 1))
    C = sc.conv_matrix((n1, n2), w, padding=pads, padding_mode="circular", format="dense")
    blocks = C.reshape(n1, n2, n1, n2).transpose(0, 2, 1, 3)  # blocks[r, c]: output row r, input row c
    for r in range(n1):
        for c in range(n1):
            np.testing.assert_array_equal(blocks[r, c], blocks[(r + 1) % n1, (c + 1) % n1])  # block circulant
            for i in range(n2):
                np.testing.assert_array_equal(blocks[r, c][i], np.roll(blocks[r, c][i - 1], 1))  # circulant block
    # 2-D DFT: eigenvalues the 2-D DFT of the first column, worked out from the kernel
    first = np.zeros((n1, n2))
    for a in range(3):
        for b in range(2):
            first[(pads[0][0] - a) % n1, (pads[1][0] - b) % n2] += w[0, 0, a, b]
    F = np.kron(np.fft.fft(np.eye(n1)), np.fft.fft(np.eye(n2)))
    D = F @ C @ np.linalg.inv(F)
    np.testing.assert_allclose(D, np.diag(np.diag(D)), atol=1e-9)
    np.testing.assert_allclose(np.diag(D), np.fft.fft2(first).ravel(), atol=1e-9)

    # the block form says the same: a circulant layout of circulant blocks, which bmat puts back together
    blocks, layout = conv_matrix_blocks((n1, n2), w, padding=pads, padding_mode="circular", format="dense")
    for r in range(n1):
        np.testing.assert_array_equal(layout[r], np.roll(layout[0], r))
    assert sorted(layout[0].tolist()) == [-1, 0, 1, 2]
    for block in blocks:
        for i in range(1, n2):
            np.testing.assert_array_equal(block[i], np.roll(block[i - 1], 1))
    rebuilt = scipy.sparse.bmat([[None if a < 0 else blocks[a] for a in row] for row in layout]).toarray()
    np.testing.assert_array_equal(rebuilt, C)


# ----------------------------------------------------------------------------
# reflect and replicate: the padding folded back, by hand
# ----------------------------------------------------------------------------


def test_reflect_column_sums_show_the_fold():
    # _layout's table, reflect on 4 cells: padded cells -2..5 hold inputs 2 1 | 0 1 2 3 | 2 1.
    # Three ones, pad 2, stride 1 give 6 outputs; padded cell p (0..7) is read by min(p+1, 3, 8-p) of them:
    # 1 2 3 3 3 3 2 1.  Input 0 <- p2 (3); 1 <- p1, p3, p7 (2+3+1); 2 <- p0, p4, p6 (1+3+2); 3 <- p5 (3).
    C = sc.conv_matrix((4,), np.ones((1, 1, 3)), padding=2, padding_mode="reflect", format="dense")
    np.testing.assert_array_equal(C.sum(axis=0), [3, 6, 6, 3])
    np.testing.assert_array_equal(C.sum(axis=1), [3] * 6)  # every output still sums three taps
    zeros = sc.conv_matrix((4,), np.ones((1, 1, 3)), padding=2, format="dense")
    np.testing.assert_array_equal(zeros.sum(axis=0), [3, 3, 3, 3])  # zero padding: the padding's reads are lost


def test_reflect_and_replicate_symbolic_by_hand():
    a, b, c = sympy.symbols("a b c")
    w = sympy.Array([[[a, b, c]]])
    # pad 1 on 4 cells: reflect puts input 1 at -1 and input 2 at 4
    assert sc.conv_matrix((4,), w, padding=1, padding_mode="reflect") == sympy.Matrix([
        [b, a + c, 0, 0],
        [a, b, c, 0],
        [0, a, b, c],
        [0, 0, a + c, b],
    ])
    # replicate puts input 0 at -1 and input 3 at 4
    assert sc.conv_matrix((4,), w, padding=1, padding_mode="replicate", format="dense") == sympy.Matrix([
        [a + b, c, 0, 0],
        [a, b, c, 0],
        [0, a, b, c],
        [0, 0, a, b + c],
    ])
    # circular puts input 3 at -1 and input 0 at 4
    assert sc.conv_matrix((4,), w, padding=1, padding_mode="circular") == sympy.Matrix([
        [b, c, 0, a],
        [a, b, c, 0],
        [0, a, b, c],
        [c, 0, a, b],
    ])


def test_zeros_mode_is_the_default_matrix():
    rng = np.random.default_rng(11)
    w = rng.standard_normal((2, 1, 3, 2))
    plain = sc.conv_matrix((2, 5, 4), w, padding=1, groups=2)
    named = sc.conv_matrix((2, 5, 4), w, padding=1, groups=2, padding_mode="zeros")
    assert (plain != named).nnz == 0


# ----------------------------------------------------------------------------
# refusals
# ----------------------------------------------------------------------------


def test_reflect_pad_must_be_smaller_than_the_input():
    w = np.ones((1, 1, 3))
    sc.conv_matrix((4,), w, padding=3, padding_mode="reflect")  # pad 3 < 4: fine
    with pytest.raises(SymconvError, match=r"reflect padding needs each pad smaller than the input") as info:
        sc.conv_matrix((4,), w, padding=4, padding_mode="reflect")
    assert info.value.parameter == "padding"
    with pytest.raises(SymconvError, match=r"on axis 1 of an input of 2") as info:
        sc.conv_matrix((5, 2), np.ones((1, 1, 1, 1)), padding=(1, 2), padding_mode="reflect")


def test_circular_pad_at_most_the_input():
    w = np.ones((1, 1, 3))
    sc.conv_matrix((4,), w, padding=4, padding_mode="circular")
    with pytest.raises(SymconvError, match=r"circular padding needs each pad at most the input") as info:
        sc.conv_matrix((4,), w, padding=5, padding_mode="circular")
    assert info.value.parameter == "padding"


def test_unknown_mode_and_wrong_kind_refused():
    w = np.ones((1, 1, 3))
    with pytest.raises(SymconvError, match=r"padding_mode: expected one of 'zeros', 'reflect'.*got 'mirror'$") as info:
        sc.conv_matrix((4,), w, padding=1, padding_mode="mirror")
    assert info.value.parameter == "padding_mode"
    with pytest.raises(TypeError, match=r"^padding_mode: expected one of"):
        sc.conv_matrix((4,), w, padding=1, padding_mode=None)


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
def test_transposed_refuses_modes_other_than_zeros(mode):
    w = np.ones((1, 1, 3))
    for kernel in (w, sympy.Array([[[sympy.Symbol("a")] * 3]])):
        with pytest.raises(SymconvError, match=r"^padding_mode: transposed convolution pads only with zeros") as info:
            sc.conv_matrix((1, 4), kernel, padding=1, transposed=True, padding_mode=mode)
        assert info.value.parameter == "padding_mode"
    sc.conv_matrix((1, 4), w, padding=1, transposed=True, padding_mode="zeros")


@pytest.mark.parametrize("mode", ["reflect", "replicate"])
def test_blocks_refuse_folding_modes(mode):
    with pytest.raises(SymconvError, match=rf"^padding_mode: conv_matrix_blocks takes .*{mode} padding folds") as info:
        conv_matrix_blocks((3, 3), np.ones((1, 1, 2, 2)), padding=1, padding_mode=mode)
    assert info.value.parameter == "padding_mode"


def test_blocks_refuse_a_circular_kernel_that_wraps_twice():
    # 5 kernel rows over 2 input rows, pads 2: output row 0 reads rows -2..2, i.e. 0 1 0 1 0
    with pytest.raises(SymconvError, match=r"^padding: conv_matrix_blocks needs each input row under at most one") as info:
        conv_matrix_blocks((2, 3), np.ones((1, 1, 5, 1)), padding=((2, 2), (0, 0)), padding_mode="circular")
    assert info.value.parameter == "padding"
    # conv_matrix itself builds it, the wrapped taps added
    C = sc.conv_matrix((2, 3), np.ones((1, 1, 5, 1)), padding=((2, 2), (0, 0)), padding_mode="circular",
                       format="dense")
    np.testing.assert_array_equal(C[0].reshape(2, 3), [[3, 0, 0], [2, 0, 0]])

"""The convolution matrix against the NumPy backend, SciPy, the guide and SymPy."""

from __future__ import annotations

import time

import numpy as np
import pytest
import scipy.linalg
import scipy.sparse
import sympy
from _conv_cases import conv_cases
from hypothesis import given
from hypothesis import strategies as st

import symconv as sc
from symconv import SymconvError
from symconv.matrix import MAX_SYMBOLIC_TERMS, conv_matrix_blocks
from symconv.numeric import conv, conv_transpose

# Dumoulin & Visin, "A guide to convolution arithmetic", section 4.1: the 3x3
# kernel over a 4x4 input (no padding, unit stride) unrolled into a 4x16 matrix,
# transcribed from the paper.
GUIDE_4x16 = [
    "w00 w01 w02 0   w10 w11 w12 0   w20 w21 w22 0   0   0   0   0",
    "0   w00 w01 w02 0   w10 w11 w12 0   w20 w21 w22 0   0   0   0",
    "0   0   0   0   w00 w01 w02 0   w10 w11 w12 0   w20 w21 w22 0",
    "0   0   0   0   0   w00 w01 w02 0   w10 w11 w12 0   w20 w21 w22",
]


def _guide_kernel():
    names = [[sympy.Symbol(f"w_{{{a},{b}}}") for b in range(3)] for a in range(3)]
    return sympy.Array(names).reshape(1, 1, 3, 3), names


def _entry(text, names):
    return sympy.S.Zero if text == "0" else names[int(text[1])][int(text[2])]


def test_guide_4x16_matrix_entry_by_entry():
    w, names = _guide_kernel()
    C = sc.conv_matrix((1, 4, 4), w)
    assert isinstance(C, sympy.SparseMatrix)
    assert C.shape == (4, 16)
    for row, line in enumerate(GUIDE_4x16):
        for col, text in enumerate(line.split()):
            assert C[row, col] == _entry(text, names), (row, col)


def test_guide_4x16_matrix_numeric_and_against_numeric_conv():
    w = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    C = sc.conv_matrix((1, 4, 4), w, format="dense")
    expected = np.array([[0.0 if t == "0" else w[0, 0, int(t[1]), int(t[2])] for t in line.split()] for line in GUIDE_4x16])
    np.testing.assert_array_equal(C, expected)
    x = np.random.default_rng(0).standard_normal((1, 1, 4, 4))
    np.testing.assert_allclose(C @ x[0].ravel(), conv(x, w)[0].ravel(), rtol=1e-12)
    # the guide: the transposed convolution is the product with C^T
    y = np.random.default_rng(1).standard_normal((1, 1, 2, 2))
    np.testing.assert_allclose(C.T @ y[0].ravel(), conv_transpose(y, w)[0].ravel(), rtol=1e-12)


@given(conv_cases(), st.integers(0, 2**32 - 1))
def test_matrix_times_input_equals_numeric_conv(case, seed):
    input_shape, kernel_shape, geometry = case
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, *input_shape))
    w = rng.standard_normal(kernel_shape)
    C = sc.conv_matrix(input_shape, w, **geometry)
    assert isinstance(C, scipy.sparse.csr_array)
    y = conv(x, w, **geometry)
    assert C.shape == (y[0].size, x[0].size)
    np.testing.assert_allclose(C @ x[0].ravel(), y[0].ravel(), rtol=1e-10, atol=1e-10)
    # canonical CSR: sorted, no duplicates; one stored entry per tap that lands on the input
    assert C.has_canonical_format
    ones = sc.conv_matrix(input_shape, np.ones(kernel_shape), **geometry)
    touched = conv(np.ones((1, *input_shape)), np.ones(kernel_shape), **geometry)[0]
    assert ones.nnz == touched.sum()


@given(conv_cases(transposed=True), st.integers(0, 2**32 - 1))
def test_transposed_matrix_equals_numeric_conv_transpose(case, seed):
    input_shape, kernel_shape, geometry = case
    rng = np.random.default_rng(seed)
    y = rng.standard_normal((1, *input_shape))
    w = rng.standard_normal(kernel_shape)
    T = sc.conv_matrix(input_shape, w, transposed=True, **geometry)
    out = conv_transpose(y, w, **geometry)
    assert T.shape == (out[0].size, y[0].size)
    np.testing.assert_allclose(T @ y[0].ravel(), out[0].ravel(), rtol=1e-10, atol=1e-10)
    # T is the transpose of the forward convolution from the transposed output's shape
    forward = {k: v for k, v in geometry.items() if k != "output_padding"}
    strides = np.broadcast_to(geometry["stride"], len(input_shape) - 1)
    if all(op < s for op, s in zip(geometry["output_padding"], strides)):
        C = sc.conv_matrix(out.shape[1:], w, **forward)
        np.testing.assert_array_equal(C.T.toarray(), T.toarray())


def test_output_padding_rows_no_input_reaches():
    rng = np.random.default_rng(2)
    w = rng.standard_normal((1, 1, 3))
    y = rng.standard_normal((1, 1, 4))
    plain = sc.conv_matrix((1, 4), w, transposed=True, stride=2, format="dense")
    padded = sc.conv_matrix((1, 4), w, transposed=True, stride=2, output_padding=1, format="dense")
    # (4-1)*2 + 3 = 9 outputs, plus one: the extra row is all zeros, the rest is unchanged
    assert plain.shape == (9, 4) and padded.shape == (10, 4)
    np.testing.assert_array_equal(padded[:9], plain)
    np.testing.assert_array_equal(padded[9], np.zeros(4))
    out = conv_transpose(y, w, stride=2, output_padding=1)
    np.testing.assert_allclose(padded @ y[0, 0], out[0, 0], rtol=1e-12)
    assert out[0, 0, 9] == 0
    # with padding, the added row is one the padding would have cropped: reached again
    cropped = sc.conv_matrix((1, 4), w, transposed=True, stride=2, padding=1, output_padding=1, format="dense")
    assert cropped.shape == (8, 4)
    np.testing.assert_array_equal(cropped, plain[1:9])
    np.testing.assert_allclose(cropped @ y[0, 0], conv_transpose(y, w, stride=2, padding=1, output_padding=1)[0, 0])


def test_output_padding_2d_adds_zero_rows_and_columns():
    rng = np.random.default_rng(3)
    w = rng.standard_normal((2, 3, 2, 2))
    y = rng.standard_normal((1, 2, 3, 3))
    T = sc.conv_matrix((2, 3, 3), w, transposed=True, stride=3, output_padding=(1, 2), format="dense")
    out = conv_transpose(y, w, stride=3, output_padding=(1, 2))
    assert out.shape == (1, 3, 9, 10)
    np.testing.assert_allclose(T @ y[0].ravel(), out[0].ravel(), rtol=1e-12)
    reached = (np.abs(T).sum(axis=1) > 0).reshape(3, 9, 10)
    assert not reached[:, 8, :].any() and not reached[:, :, 8:].any()
    # inside, the reached positions are those of the transposed convolution without output padding
    without = conv_transpose(np.ones_like(y), np.ones_like(w), stride=3)[0]
    np.testing.assert_array_equal(reached[:, :8, :8], without > 0)


@given(conv_cases(ndims=(1, 2)), st.integers(0, 2**32 - 1))
def test_gradient_wrt_input_is_the_transpose(case, seed):
    input_shape, kernel_shape, geometry = case
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, *input_shape))
    w = rng.standard_normal(kernel_shape)
    g = rng.standard_normal(conv(x, w, **geometry).shape)
    C = sc.conv_matrix(input_shape, w, **geometry)
    # the loss is linear in x, so central differences are exact up to rounding
    eps = 1e-3
    numeric_grad = np.empty(x.size)
    for index in range(x.size):
        step = np.zeros(x.size)
        step[index] = eps
        step = step.reshape(x.shape)
        numeric_grad[index] = (np.sum(g * conv(x + step, w, **geometry)) - np.sum(g * conv(x - step, w, **geometry))) / (
            2 * eps
        )
    np.testing.assert_allclose(C.T @ g[0].ravel(), numeric_grad, rtol=1e-7, atol=1e-8)


@given(conv_cases(), st.integers(0, 2**32 - 1))
def test_adjoint_identity_with_numeric_conv_transpose(case, seed):
    input_shape, kernel_shape, geometry = case
    if isinstance(geometry["padding"], str):
        pads = sc.Geometry(kernel_shape[2:], ndim=len(kernel_shape) - 2, **geometry).pads(input_shape[1:])
        geometry = {**geometry, "padding": pads}
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, *input_shape))
    w = rng.standard_normal(kernel_shape)
    y = conv(x, w, **geometry)
    g = rng.standard_normal(y.shape)
    geom = sc.Geometry(kernel_shape[2:], ndim=len(kernel_shape) - 2, **geometry)
    # the output padding that makes the transposed output as large as x again
    output_padding = tuple(
        (i + b + a - (d * (k - 1) + 1)) % s
        for i, (b, a), k, d, s in zip(input_shape[1:], geom.padding, geom.kernel_size, geom.dilation, geom.stride)
    )
    back = conv_transpose(g, w, output_padding=output_padding, **geometry)
    assert back.shape == x.shape
    C = sc.conv_matrix(input_shape, w, **geometry)
    np.testing.assert_allclose(np.vdot(C @ x[0].ravel(), g[0].ravel()), np.vdot(x, back), rtol=1e-9)
    np.testing.assert_allclose(C.T @ g[0].ravel(), back[0].ravel(), rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("m, n", [(3, 7), (4, 9), (1, 5), (5, 5), (2, 2)])
def test_1d_agrees_with_scipy_convolution_matrix(m, n):
    a = np.random.default_rng(m * 10 + n).standard_normal(m)
    # scipy's matrix is a true convolution: our cross-correlation with the flipped kernel
    w = a[::-1].reshape(1, 1, m)
    valid = sc.conv_matrix((1, n), w, format="dense") if n >= m else None
    if valid is not None:
        np.testing.assert_allclose(valid, scipy.linalg.convolution_matrix(a, n, "valid"))
    np.testing.assert_allclose(sc.conv_matrix((1, n), w, padding="full", format="dense"), scipy.linalg.convolution_matrix(a, n, "full"))
    # scipy's "same" keeps the centre of "full": it starts (m-1)//2 into it
    before = m - 1 - (m - 1) // 2
    same = sc.conv_matrix((1, n), w, padding=((before, m - 1 - before),), format="dense")
    np.testing.assert_allclose(same, scipy.linalg.convolution_matrix(a, n, "same"))
    if m % 2:  # an odd kernel has no extra pad to place, so ONNX SAME agrees
        np.testing.assert_allclose(sc.conv_matrix((1, n), w, padding="same", format="dense"), same)


def test_1d_matrix_is_toeplitz():
    w = np.array([[[2.0, -1.0, 5.0, 7.0]]])
    C = sc.conv_matrix((1, 9), w, padding=(2, 1), format="dense")
    first_column = np.r_[C[:, 0]]
    first_row = C[0]
    np.testing.assert_array_equal(C, scipy.linalg.toeplitz(first_column, first_row))


def test_doubly_block_toeplitz_structure():
    rng = np.random.default_rng(4)
    w = rng.standard_normal((1, 1, 3, 2))
    blocks, layout = conv_matrix_blocks((1, 5, 4), w, padding=1)
    C = sc.conv_matrix((1, 5, 4), w, padding=1)
    # 5 output rows by 5 input rows of blocks; block (r, c) holds kernel row c - r + 1
    expected_layout = np.array([[c - r + 1 if 0 <= c - r + 1 < 3 else -1 for c in range(5)] for r in range(5)])
    np.testing.assert_array_equal(layout, expected_layout)
    assembled = scipy.sparse.bmat([[blocks[t] if t >= 0 else None for t in row] for row in layout])
    np.testing.assert_allclose(assembled.toarray(), C.toarray())
    for a, block in enumerate(blocks):
        dense = block.toarray()
        np.testing.assert_array_equal(dense, scipy.linalg.toeplitz(dense[:, 0], dense[0]))  # each block Toeplitz
        np.testing.assert_allclose(dense, sc.conv_matrix((1, 4), w[:, :, a], padding=1, format="dense"))
    # the block layout itself is Toeplitz: constant along every diagonal
    np.testing.assert_array_equal(layout, scipy.linalg.toeplitz(layout[:, 0], layout[0]))


def test_block_layout_with_stride_and_dilation():
    w = sympy.Array(sympy.symbols("p q r s")).reshape(1, 1, 2, 2)
    blocks, layout = conv_matrix_blocks((6, 3), w, stride=(2, 1), dilation=(3, 1))
    # output row r reads input rows 2r and 2r + 3 (kernel rows 0 and 1)
    np.testing.assert_array_equal(layout, [[0, -1, -1, 1, -1, -1], [-1, -1, 0, -1, -1, 1]])
    assert blocks[0] == sympy.Matrix([[sympy.Symbol("p"), sympy.Symbol("q"), 0], [0, sympy.Symbol("p"), sympy.Symbol("q")]])
    assembled = sympy.BlockMatrix(
        [[blocks[t] if t >= 0 else sympy.zeros(2, 3) for t in row] for row in layout]
    ).as_explicit()
    assert assembled == sc.conv_matrix((6, 3), w, stride=(2, 1), dilation=(3, 1))


def test_3d_block_structure_reassembles():
    w = np.random.default_rng(5).standard_normal((1, 1, 2, 2, 2))
    blocks, layout = conv_matrix_blocks((1, 3, 3, 3), w, stride=(1, 2, 1), padding="same")
    assembled = scipy.sparse.bmat([[blocks[t] if t >= 0 else None for t in row] for row in layout])
    C = sc.conv_matrix((1, 3, 3, 3), w, stride=(1, 2, 1), padding="same")
    np.testing.assert_allclose(assembled.toarray(), C.toarray())


def test_symbolic_matrix_equals_jacobian_of_expressions():
    from symconv.symbolic import conv_expressions, symbol_array

    x = symbol_array("x", (2, 4, 3))
    w = symbol_array("w", (2, 1, 2, 2))
    geometry = dict(stride=(2, 1), padding=((1, 0), (0, 1)), groups=2)
    outputs = conv_expressions(x, w, **geometry)
    flat = lambda array: [array[index] for index in np.ndindex(*array.shape)]  # noqa: E731
    jacobian = sympy.Matrix(flat(outputs)).jacobian(flat(x))
    C = sc.conv_matrix((2, 4, 3), w, **geometry)
    assert isinstance(C, sympy.SparseMatrix)
    assert C == jacobian
    assert sc.conv_matrix((2, 4, 3), w, format="dense", **geometry) == jacobian


def test_formats():
    w = np.array([[[1, 2]]], dtype=np.int64)
    S = sc.conv_matrix((1, 3), w, format="sympy")
    assert isinstance(S, sympy.SparseMatrix) and S == sympy.Matrix([[1, 2, 0], [0, 1, 2]])
    dense = sc.conv_matrix((1, 3), w, format="dense")
    assert isinstance(dense, np.ndarray) and dense.dtype == np.int64
    f32 = sc.conv_matrix((1, 3), w.astype(np.float32))
    assert f32.dtype == np.float32
    symbolic_dense = sc.conv_matrix((1, 3), sympy.Array([[[sympy.Symbol("a"), 2]]]), format="dense")
    assert isinstance(symbolic_dense, sympy.MutableDenseMatrix)
    # a kernel given as an object array of SymPy expressions is symbolic too
    objects = np.array([[[sympy.Symbol("a"), 1.5]]], dtype=object)
    assert sc.conv_matrix((3,), objects)[0, 1] == sympy.Float(1.5)


def test_spatial_only_input_shape_takes_channels_from_the_kernel():
    w = np.ones((3, 2, 2))
    a = sc.conv_matrix((5,), w)
    b = sc.conv_matrix((2, 5), w)
    assert (a != b).nnz == 0 and a.shape == (3 * 4, 2 * 5)


def test_shapes_as_numpy_arrays_formats_and_flags_in_any_spelling():
    w = np.array([[[1, 2, 3]]])
    toeplitz = [[1, 2, 3, 0, 0], [0, 1, 2, 3, 0], [0, 0, 1, 2, 3]]
    np.testing.assert_array_equal(sc.conv_matrix(np.array([1, 5]), w, format="dense"), toeplitz)
    np.testing.assert_array_equal(sc.conv_matrix(np.array([5]), w, format="DENSE"), toeplitz)
    np.testing.assert_array_equal(sc.conv_matrix((1, 5), w, format="CSR").toarray(), toeplitz)
    assert sc.conv_matrix((1, 5), w, format="SymPy") == sympy.Matrix(toeplitz)
    # transposed=np.True_ is a bool: the transposed convolution of 3 inputs has the transpose as matrix
    np.testing.assert_array_equal(sc.conv_matrix((1, 3), w, transposed=np.True_, format="dense"), np.transpose(toeplitz))
    blocks, layout = conv_matrix_blocks(np.array([3, 3]), np.ones((1, 1, 2, 2)), format="Dense")
    np.testing.assert_array_equal(layout, [[0, 1, -1], [-1, 0, 1]])
    with pytest.raises(TypeError, match=r"input_shape: expected a positive int, got list \[1, 5\]"):
        sc.conv_matrix(np.array([[1, 5]]), w)
    with pytest.raises(SymconvError, match=r"format: expected one of \"csr\", \"dense\", \"sympy\", got 'COO'"):
        sc.conv_matrix((1, 5), w, format="COO")


def test_huge_steps_that_cannot_matter_and_huge_pads():
    w = np.array([[[1.0, 2.0]]])
    # one output per axis: the stride never moves a window
    for stride in (4, 2**63, 2**70):
        np.testing.assert_array_equal(sc.conv_matrix((1, 5), w, stride=stride, format="dense"), [[1, 2, 0, 0, 0]])
    # taps 2**62 apart, pads and stride 2**62: floor((5 + 2**63 - 2**62 - 1) / 2**62) + 1 = 2 windows, starting at
    # -2**62 (taps at -2**62 and 0: the second tap reads cell 0) and at 0 (taps at 0 and 2**62: the first reads it)
    C = sc.conv_matrix((1, 5), w, stride=2**62, padding=2**62, dilation=2**62, format="dense")
    np.testing.assert_array_equal(C, [[2, 0, 0, 0, 0], [1, 0, 0, 0, 0]])
    # the 2-D block layout with the same rows far apart: block 1 at (0, 0), block 0 at (1, 0)
    _, layout = conv_matrix_blocks((5, 1), np.ones((1, 1, 2, 1)), stride=(2**62, 1), padding=((2**62, 2**62), (0, 0)),
                                   dilation=(2**62, 1))
    np.testing.assert_array_equal(layout, [[1, -1, -1, -1, -1], [0, -1, -1, -1, -1]])


def test_a_csr_matrix_too_large_for_memory_is_refused():
    with pytest.raises(SymconvError, match=r"input_shape, stride, padding, dilation: expected a layer whose arrays fit "
                       r"in memory .* got data of shape \(6000000000009,\)"):
        sc.conv_matrix((1, 5), np.ones((1, 1, 3)), padding=10**12)  # 2e12 + 3 rows of 3 taps


def test_symbolic_geometry_is_refused_by_name():
    s = sympy.Symbol("s", integer=True, positive=True)
    with pytest.raises(TypeError, match=r"^stride: expected concrete ints for conv_matrix, got s$"):
        sc.conv_matrix((1, 5), np.ones((1, 1, 2)), stride=s)
    with pytest.raises(TypeError, match=r"^padding: expected concrete ints for conv_matrix, got s$"):
        conv_matrix_blocks((4, 4), np.ones((1, 1, 2, 2)), padding=s)


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


def test_huge_symbolic_request_refused_before_any_work():
    w = sympy.Array(sympy.symbols("w:9")).reshape(1, 1, 3, 3)
    start = time.process_time()
    with pytest.raises(SymconvError, match=r"1,000,000 x 1,000,000 .*input_shape \(1, 1000, 1000\).*9,000,000 nonzero.*numeric kernel.*scipy\.sparse") as info:
        sc.conv_matrix((1, 1000, 1000), w, padding=1)
    assert time.process_time() - start < 1.0
    assert f"{MAX_SYMBOLIC_TERMS:,}" in str(info.value)
    with pytest.raises(SymconvError, match="dense entries"):
        sc.conv_matrix((1, 40, 40), w, format="dense")  # 1444 x 1600 dense symbolic entries
    with pytest.raises(SymconvError, match=r'dense limit.*format="csr"'):
        sc.conv_matrix((1, 1000, 1000), np.ones((1, 1, 3, 3)), format="dense")


@pytest.mark.parametrize(
    "w, match",
    [
        ("abc", "w: expected a NumPy array"),
        ({"a": 1}, "w: expected a NumPy array"),
        (np.array([[["a", "b"]]]), "w: expected numbers or SymPy expressions, got an array of dtype <U1"),
        (np.array([[[object(), 1]]], dtype=object), "w: expected numbers or SymPy expressions as entries"),
        ([[[1, 2], [3]]], "ragged"),
        (np.array([[[True, False]]]), "w: expected numbers or SymPy expressions, got an array of dtype bool"),
    ],
)
def test_kernel_of_the_wrong_kind(w, match):
    with pytest.raises(TypeError, match=match):
        sc.conv_matrix((1, 5), w)


@pytest.mark.parametrize(
    "input_shape, w_shape, kwargs, error, match",
    [
        ((3, 5), (2, 2, 3), {}, SymconvError, r"expected 2 input channels .* got 3"),
        ((1, 1, 5, 5), (1, 1, 3, 3), {}, SymconvError, "leave out the batch axis"),
        ((5, 5, 5, 5, 5), (1, 1, 3, 3), {}, SymconvError, r"\(C_in, \*spatial\) with 2 spatial axes"),
        ((1, 5), (1, 3), {}, SymconvError, "at least one spatial axis"),
        ((1, 2), (1, 1, 3), {}, SymconvError, "kernel_size: effective kernel 3 .* larger than the padded input 2"),
        ((1, 5), (1, 1, 3), {"stride": 0}, SymconvError, "stride: expected a positive int, got 0"),
        ((1, 5), (1, 1, 3), {"padding": -1}, SymconvError, "padding: expected"),
        ((1, 5), (1, 1, 3), {"padding": "middle"}, SymconvError, "padding: expected .* got 'middle'"),
        ((1, 5), (1, 1, 3), {"dilation": 1.5}, TypeError, "dilation: expected a positive int"),
        ((4, 5), (3, 2, 3), {"groups": 2}, SymconvError, "groups: expected a divisor of the output channels"),
        ((1, 5), (1, 1, 3), {"output_padding": 1}, SymconvError, "output_padding: only transposed"),
        ((1, 5), (1, 1, 3), {"transposed": True, "padding": "same"}, SymconvError, 'padding: "same" is not defined'),
        ((1, 5), (1, 1, 3), {"transposed": True, "stride": 2, "output_padding": 2}, SymconvError, "output_padding: expected an int smaller"),
        ((2, 5), (1, 1, 3), {"transposed": True}, SymconvError, "expected 1 input channels"),
        ((1, 5), (1, 1, 3), {"format": "coo"}, SymconvError, 'format: expected one of "csr", "dense", "sympy", got \'coo\''),
        ((1, 5), (1, 1, 3), {"transposed": 1}, TypeError, "transposed: expected a bool"),
        ([1, 5.0], (1, 1, 3), {}, TypeError, "input_shape: expected a positive int"),
        ("15", (1, 1, 3), {}, TypeError, "input_shape: expected a non-empty tuple"),
    ],
)
def test_bad_shapes_and_geometry(input_shape, w_shape, kwargs, error, match):
    with pytest.raises(error, match=match):
        sc.conv_matrix(input_shape, np.ones(w_shape), **kwargs)


def test_block_helper_refuses_what_it_cannot_split():
    with pytest.raises(SymconvError, match="at least two spatial axes"):
        conv_matrix_blocks((1, 5), np.ones((1, 1, 3)))
    with pytest.raises(SymconvError, match="one input and one output channel"):
        conv_matrix_blocks((2, 5, 5), np.ones((1, 2, 3, 3)))

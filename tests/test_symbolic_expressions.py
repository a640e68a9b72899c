"""Symbolic expressions of convolution against the NumPy backend, by lambdify."""

from __future__ import annotations

import time

import numpy as np
import pytest
import sympy
from _conv_cases import conv_cases
from hypothesis import given
from hypothesis import strategies as st

import symconv as sc
from symconv import SymconvError
from symconv.numeric import conv, conv_transpose, convolve, correlate
from symconv.symbolic import conv_expressions, conv_sum, latex, symbol_array


def _flat(array):
    return [array[index] for index in np.ndindex(*array.shape)]


def _evaluate(outputs, symbols_and_values):
    """Lambdify ``outputs`` over the given symbol arrays and evaluate at the values."""
    arguments = [_flat(symbols) for symbols, _ in symbols_and_values]
    function = sympy.lambdify(arguments, _flat(outputs), modules="numpy")
    values = function(*(np.asarray(v).ravel().tolist() for _, v in symbols_and_values))
    return np.array(values, dtype=float).reshape(outputs.shape)


def _check_sampled(outputs, symbols_and_values, expected, rng, limit=300):
    """Compare lambdified outputs with ``expected``: all of them, or ``limit`` drawn at random.

    Generating and compiling a lambdified function costs about a millisecond
    per output, so large transposed outputs are checked on a random sample.
    """
    assert outputs.shape == expected.shape
    flat = _flat(outputs)
    chosen = np.arange(len(flat)) if len(flat) <= limit else rng.choice(len(flat), limit, replace=False)
    arguments = [_flat(symbols) for symbols, _ in symbols_and_values]
    function = sympy.lambdify(arguments, [flat[c] for c in chosen], modules="numpy")
    values = np.array(function(*(np.asarray(v).ravel().tolist() for _, v in symbols_and_values)), dtype=float)
    np.testing.assert_allclose(values, expected.ravel()[chosen], rtol=1e-10, atol=1e-12)


@given(conv_cases(max_input=5), st.booleans(), st.integers(0, 2**32 - 1))
def test_lambdified_expressions_equal_numeric_conv(case, flip, seed):
    input_shape, kernel_shape, geometry = case
    X, W = symbol_array("x", input_shape), symbol_array("w", kernel_shape)
    outputs = conv_expressions(X, W, flip=flip, **geometry)
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal(input_shape), rng.standard_normal(kernel_shape)
    # true convolution is cross-correlation with the kernel flipped on every spatial axis
    w_used = np.flip(w, axis=tuple(range(2, w.ndim))) if flip else w
    expected = conv(x[None], w_used, **geometry)[0]
    _check_sampled(outputs, [(X, x), (W, w)], expected, rng)


@given(conv_cases(max_input=4, transposed=True), st.integers(0, 2**32 - 1))
def test_lambdified_transposed_expressions_equal_numeric_conv_transpose(case, seed):
    input_shape, kernel_shape, geometry = case
    X, W = symbol_array("x", input_shape), symbol_array("w", kernel_shape)
    outputs = conv_expressions(X, W, transposed=True, **geometry)
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal(input_shape), rng.standard_normal(kernel_shape)
    expected = conv_transpose(x[None], w, **geometry)[0]
    _check_sampled(outputs, [(X, x), (W, w)], expected, rng)


@given(conv_cases(ndims=(1, 2), max_input=4), st.booleans())
def test_expressions_equal_matrix_rows(case, transposed):
    """Each output is the matching row of the symbolic convolution matrix times the inputs."""
    input_shape, kernel_shape, geometry = case
    if transposed:  # the same shapes read as a transposed layer: C_in and C_out // groups swap roles
        geometry = {**geometry, "padding": 1 if isinstance(geometry["padding"], str) else geometry["padding"]}
        kernel_shape = (input_shape[0], kernel_shape[0] // geometry["groups"], *kernel_shape[2:])
    X, W = symbol_array("x", input_shape), symbol_array("w", kernel_shape)
    try:
        outputs = conv_expressions(X, W, transposed=transposed, **geometry)
    except SymconvError as error:  # padding can swallow a transposed output whole
        assert transposed and "no output" in str(error)
        return
    C = sc.conv_matrix(input_shape, W, transposed=transposed, **geometry)
    products = C * sympy.Matrix(_flat(X))
    assert [sympy.expand(p) for p in products] == _flat(outputs)


def test_notes_hand_worked_example():
    # seed 001, 9.2.1: 0x0+1x1+3x2+4x3=19, 1x0+2x1+4x2+5x3=25, 37, 43
    x = np.arange(9).reshape(1, 3, 3)
    k = np.array([[[[0, 1], [2, 3]]]])
    assert conv_expressions(x, k).tolist() == [[[19, 25], [37, 43]]]
    # the same with a symbolic kernel: each output names its four taps
    out = conv_expressions(x, (1, 1, 2, 2))
    names = {str(s) for s in out[0, 1, 1].free_symbols}
    assert names == {"W_{0,0}", "W_{0,1}", "W_{1,0}", "W_{1,1}"}
    values = {sympy.Symbol(f"W_{{{a},{b}}}"): k[0, 0, a, b] for a in range(2) for b in range(2)}
    assert out.subs(values).tolist() == [[[19, 25], [37, 43]]]


def test_true_convolution_against_numeric_convolve():
    rng = np.random.default_rng(6)
    x, w = rng.standard_normal((6, 5)), rng.standard_normal((3, 2))
    X, W = symbol_array("x", (1, 6, 5)), symbol_array("w", (1, 1, 3, 2))
    flipped = conv_expressions(X, W, flip=True)
    np.testing.assert_allclose(_evaluate(flipped, [(X, x[None]), (W, w[None, None])])[0], convolve(x, w), rtol=1e-12)
    plain = conv_expressions(X, W)
    np.testing.assert_allclose(_evaluate(plain, [(X, x[None]), (W, w[None, None])])[0], correlate(x, w), rtol=1e-12)
    # seed 001 9.2.2 in 1-D: y[i] = sum_a w[-a] x[i + a]; read w[-a] as Python reads it
    y = conv_expressions((1, 4), (1, 1, 3), flip=True)
    Xs, Ws = sympy.symbols("X_{0:4}"), sympy.symbols("W_{0:3}")
    for i in range(2):
        assert y[0, i] == sum(Ws[-a] * Xs[i + a - 1] for a in range(1, 4))


def test_symbol_names_and_bias():
    single = conv_expressions((1, 3), (1, 1, 2), bias=True)
    assert str(single[0, 0]) == "W_{0}*X_{0} + W_{1}*X_{1} + b"
    multi = conv_expressions((2, 3), (2, 1, 2), groups=2, bias=True)
    assert multi[1, 0] == sympy.Symbol("W_{1,0,0}") * sympy.Symbol("X_{1,0}") + sympy.Symbol(
        "W_{1,0,1}"
    ) * sympy.Symbol("X_{1,1}") + sympy.Symbol("b_{1}")
    named = conv_expressions((1, 2), (1, 1, 1), input_name="u", kernel_name="k", bias=np.array([0.5]))
    assert named[0, 1] == sympy.Symbol("k_{0}") * sympy.Symbol("u_{1}") + sympy.Float(0.5)


def test_padding_leaves_terms_out():
    # zero padding contributes no term: the corner output of a padded 3x3 has four
    out = conv_expressions((1, 3, 3), (1, 1, 3, 3), padding=1)
    assert len(out[0, 0, 0].args) == 4 and len(out[0, 1, 1].args) == 9


# ---------------------------------------------------------------------------
# the general indexed form
# ---------------------------------------------------------------------------


def _expand(form, sizes, index_values, arrays):
    """Evaluate a ``conv_sum`` form: concrete bounds, one output index, arrays for X and W."""
    expression = form.rhs.subs(sizes).subs(index_values).doit()
    return float(
        expression.replace(
            lambda e: isinstance(e, sympy.Indexed),
            lambda e: sympy.Float(arrays[e.base.label.name][tuple(int(t) for t in e.indices)]),
        )
    )


@pytest.mark.parametrize("ndim", [1, 2, 3])
def test_indexed_form_from_the_notes_equals_numeric_correlate(ndim):
    rng = np.random.default_rng(ndim)
    x_shape, k_shape = (5, 4, 3)[:ndim], (2, 3, 2)[:ndim]
    x, k = rng.standard_normal(x_shape), rng.standard_normal(k_shape)
    form = conv_sum(ndim)
    bounds = dict(zip(sympy.symbols("h w d", integer=True, positive=True), k_shape))
    outputs = sympy.symbols("i j m", integer=True)
    # the notes count kernel and input indices from 1: store x and k with one unused leading slot
    x1 = np.pad(x, [(1, 0)] * ndim, constant_values=np.nan)
    k1 = np.pad(k, [(1, 0)] * ndim, constant_values=np.nan)
    expected = correlate(x, k)
    for index in np.ndindex(*expected.shape):
        value = _expand(form, bounds, dict(zip(outputs, index)), {"X": x1, "W": k1})
        assert value == pytest.approx(expected[index], rel=1e-12)


def test_indexed_form_of_true_convolution_equals_numeric_convolve():
    rng = np.random.default_rng(9)
    x, k = rng.standard_normal((5, 6)), rng.standard_normal((3, 2))
    form = conv_sum(2, flip=True)
    bounds = dict(zip(sympy.symbols("h w", integer=True, positive=True), k.shape))
    i, j = sympy.symbols("i j", integer=True)
    # the sums are 1-based: a NaN row and column in front make a wrong index show as NaN
    x1 = np.pad(x, [(1, 0)] * 2, constant_values=np.nan)
    k1 = np.pad(k, [(1, 0)] * 2, constant_values=np.nan)
    expected = convolve(x, k)
    for index in np.ndindex(*expected.shape):
        # W_{h+1-a, w+1-b}: the kernel read from its end, every index inside 1..h, 1..w
        value = _expand(form, bounds, {i: index[0], j: index[1]}, {"X": x1, "W": k1})
        assert value == pytest.approx(expected[index], rel=1e-12)


@given(
    st.integers(1, 3),
    st.integers(1, 2),
    st.integers(0, 2),
    st.integers(1, 3),
    st.integers(0, 2**32 - 1),
)
def test_general_indexed_form_with_stride_dilation_padding(stride, dilation, padding, kernel, seed):
    rng = np.random.default_rng(seed)
    n = 7
    x, k = rng.standard_normal((1, 1, n)), rng.standard_normal((1, 1, kernel))
    form = conv_sum(1, stride=stride, dilation=dilation, padding=padding, start=0)
    expected = conv(x, k, stride=stride, dilation=dilation, padding=padding)[0, 0]
    xp = np.pad(x[0, 0], (padding, padding))
    for i in range(expected.size):
        # X_{s i + d a - p} on the padded array is index s i + d a there
        expression = form.rhs.subs({sympy.Symbol("h", integer=True, positive=True): kernel, sympy.Symbol("i", integer=True): i}).doit()
        value = expression.replace(
            lambda e: isinstance(e, sympy.Indexed),
            lambda e: sympy.Float({"X": lambda t: xp[t + padding], "W": lambda t: k[0, 0, t]}[e.base.label.name](int(e.indices[0]))),
        )
        assert float(value) == pytest.approx(expected[i], rel=1e-12)


def test_indexed_form_with_channels_equals_numeric_conv():
    rng = np.random.default_rng(10)
    x, w = rng.standard_normal((1, 3, 4, 5)), rng.standard_normal((2, 3, 2, 2))
    form = conv_sum(2, channels=True, start=0)
    symbols = {s.name: s for s in form.free_symbols | form.rhs.free_symbols if isinstance(s, sympy.Symbol)}
    sizes = {symbols["h"]: 2, symbols["w"]: 2, symbols["C"]: 3}
    expected = conv(x, w)[0]
    o, i, j = sympy.symbols("o i j", integer=True)
    for index in np.ndindex(*expected.shape):
        value = _expand(form, sizes, dict(zip((o, i, j), index)), {"X": x[0], "W": w})
        assert value == pytest.approx(expected[index], rel=1e-12)


def test_indexed_form_structure_and_latex_from_sympy():
    y, W, X = sympy.IndexedBase("y"), sympy.IndexedBase("W"), sympy.IndexedBase("X")
    i, j, a, b = sympy.symbols("i j a b", integer=True)
    h, w = sympy.symbols("h w", integer=True, positive=True)
    expected = sympy.Eq(y[i, j], sympy.Sum(W[a, b] * X[i + a, j + b], (b, 1, w), (a, 1, h)))
    assert conv_sum(2) == expected
    assert sympy.latex(conv_sum(2)) == sympy.latex(expected)
    # the notes' nested form: the outer sum over a first
    assert latex(conv_sum(2)) == r"{y}_{i,j} = \sum_{a=1}^{h} \sum_{b=1}^{w} {W}_{a,b} {X}_{a + i,b + j}"
    one = conv_sum(1)
    assert latex(one) == sympy.latex(one)  # a single sum prints the same either way


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


def test_huge_symbolic_request_refused_before_any_work():
    start = time.process_time()
    with pytest.raises(SymconvError, match=r"input_shape \(1, 1000, 1000\).*9,000,000 symbolic terms.*symconv\.numeric"):
        conv_expressions((1, 1000, 1000), (1, 1, 3, 3), padding=1)
    assert time.process_time() - start < 1.0
    with pytest.raises(SymconvError, match="symbolic terms"):
        conv_expressions((1, 2000, 2000), (1, 1, 1, 1))


@pytest.mark.parametrize(
    "input_shape, kernel_shape, kwargs, error, match",
    [
        ((3, 5), (2, 2, 3), {}, SymconvError, r"expected 2 input channels .* got 3"),
        ((1, 5), (1, 3), {}, SymconvError, "at least one spatial axis"),
        ((1, 5), (1, 1, 3), {"stride": 0}, SymconvError, "stride: expected a positive int, got 0"),
        ((1, 5), (1, 1, 3), {"padding": "middle"}, SymconvError, "padding: expected"),
        ((1, 2), (1, 1, 3), {}, SymconvError, "kernel_size: effective kernel 3"),
        ((4, 5), (3, 2, 3), {"groups": 2}, SymconvError, "groups: expected a divisor of the output channels"),
        ((1, 5), (1, 1, 3), {"transposed": True, "padding": "same"}, SymconvError, 'padding: "same" is not defined'),
        ((1, 5), (1, 1, 3), {"output_padding": 1}, SymconvError, "output_padding: only transposed"),
        ((1, 5), (1, 1, 3), {"bias": np.ones(2)}, SymconvError, r"bias: expected 1 values .* got shape \(2,\)"),
        ((1, 5), (1, 1, 3), {"flip": "yes"}, TypeError, "flip: expected a bool"),
        ((1, 5), "abc", {}, TypeError, "kernel_shape: expected a NumPy array"),
        ((1, 5), np.array([[["a", "b"]]]), {}, TypeError, "kernel_shape: expected numbers or SymPy expressions"),
        ((1, 5.5), (1, 1, 3), {}, TypeError, "input_shape: expected a positive int"),
        ((1, sympy.Symbol("n", integer=True, positive=True)), (1, 1, 3), {}, TypeError, "concrete ints"),
        ((1, 5), (1, 1, 3), {"input_name": 3}, TypeError, r"^input_name: expected a non-empty str, got 3$"),
        ((1, 5), (1, 1, 3), {"kernel_name": ""}, TypeError, r"^kernel_name: expected a non-empty str, got ''$"),
        ((1, 5), (1, 1, 3), {"bias": True, "bias_name": None}, TypeError, r"^bias_name: expected a non-empty str, got None$"),
        ((1, 5), (1, 1, 3), {"flip": np.array([True])}, TypeError, r"^flip: expected a bool, got ndarray"),
        ((1, 5), (1, 1, 2), {"stride": sympy.Symbol("s", integer=True, positive=True)}, TypeError,
         r"^stride: expected concrete ints for conv_expressions, got s$"),
    ],
)
def test_bad_input(input_shape, kernel_shape, kwargs, error, match):
    with pytest.raises(error, match=match):
        conv_expressions(input_shape, kernel_shape, **kwargs)


def test_numpy_bools_are_flags():
    # flip=np.True_ is a bool: the true convolution W_0 X_1 + W_1 X_0
    assert conv_expressions((1, 4), (1, 1, 2), flip=np.True_)[0, 0] == (
        sympy.Symbol("W_{0}") * sympy.Symbol("X_{1}") + sympy.Symbol("W_{1}") * sympy.Symbol("X_{0}")
    )
    # transposed=np.True_: 4 inputs, kernel 2 -> 5 outputs, the first only X_0 W_0
    out = conv_expressions((1, 4), (1, 1, 2), transposed=np.True_)
    assert out.shape == (1, 5) and out[0, 0] == sympy.Symbol("W_{0}") * sympy.Symbol("X_{0}")


def test_given_input_array_must_carry_channels():
    with pytest.raises(SymconvError, match=r"input_shape: expected an array of shape \(C_in, \*spatial\)"):
        conv_expressions(np.ones((4,)), (2, 1, 3))
    with pytest.raises(SymconvError, match="ndim: expected 1, 2 or 3"):
        conv_sum(4)
    with pytest.raises(SymconvError, match="stride: expected a positive int, got 0"):
        conv_sum(1, stride=0)
    with pytest.raises(TypeError, match="name: expected a non-empty str"):
        symbol_array("", (2,))

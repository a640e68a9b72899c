"""The one convolution geometry: normalisation, output sizes, errors.

Output sizes are compared with routes that do not use the geometry's
formulas: counting window positions one by one, the ONNX SAME_UPPER pad rule
as its specification writes it, the adjoint view of transposed convolution
(its output size is an input size of the direct convolution), and, when it
is installed, PyTorch.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import sympy

from symconv import Geometry, SymconvError
from symconv.geometry import as_size, ceildiv, floordiv, is_symbolic
from _tools import need_module

# ----------------------------------------------------------------------------
# independent references, deliberately plain
# ----------------------------------------------------------------------------


def window_starts(i, k, s, pads, d=1, ceil_mode=False):
    """Start positions (in padded coordinates) of the windows a pooling/conv visits.

    A window covers ``k`` taps ``d`` apart.  It counts when it lies inside
    the padded input; in ceil mode a window may also hang over the end by
    less than one stride, but only if it starts inside the input or the
    left padding (PyTorch's rule).
    """
    before, after = pads
    padded = before + i + after
    span = d * (k - 1) + 1
    starts = []
    for start in range(0, padded + s):
        if start % s:
            continue
        fits = start + span <= padded
        hangs_over = ceil_mode and start + span <= padded + s - 1 and start < before + i
        if fits or hangs_over:
            starts.append(start)
    return starts


def onnx_same_upper_pads(i, k, s, d):
    """ONNX Conv, auto_pad=SAME_UPPER, written as the operator specification states it."""
    output = math.ceil(i / s)
    pad_needed = max((output - 1) * s + ((k - 1) * d + 1) - i, 0)
    head = pad_needed // 2
    return head, pad_needed - head


def transposed_scatter_length(i, k, s, pads, d=1, output_padding=0):
    """Length of a transposed convolution's output, found by scattering taps.

    Input cell ``j`` adds its kernel taps at ``j*s + t*d``; the pads then
    crop that many cells from each end, and output_padding adds cells at the
    end.
    """
    touched = {j * s + t * d for j in range(i) for t in range(k)}
    return max(touched) + 1 - pads[0] - pads[1] + output_padding


GRID = list(itertools.product(range(1, 9), range(1, 5), range(1, 4), range(1, 3)))  # i, k, s, d


# ----------------------------------------------------------------------------
# normalisation of every form a user may write
# ----------------------------------------------------------------------------


def test_int_is_used_for_every_axis():
    g = Geometry(3, stride=2, padding=1, dilation=2, ndim=3)
    assert g.kernel_size == (3, 3, 3)
    assert g.stride == (2, 2, 2)
    assert g.dilation == (2, 2, 2)
    assert g.padding == ((1, 1),) * 3
    assert g.output_padding == (0, 0, 0)
    assert g.groups == 1


@pytest.mark.parametrize(
    "kwargs, ndim",
    [
        (dict(kernel_size=(3, 5)), 2),
        (dict(kernel_size=3, stride=(1, 2, 1)), 3),
        (dict(kernel_size=3, dilation=[1, 2]), 2),
        (dict(kernel_size=3, output_padding=(0, 1), stride=2, transposed=True), 2),
        (dict(kernel_size=3, padding=((0, 1), (1, 1))), 2),
        (dict(kernel_size=3, padding=((0, 1),)), 1),
        (dict(kernel_size=3), 1),
    ],
)
def test_ndim_is_inferred_from_the_first_tuple(kwargs, ndim):
    assert Geometry(**kwargs).ndim == ndim


def test_per_axis_tuples_and_lists():
    g = Geometry([3, 5], stride=(1, 2), padding=[1, 2], dilation=(2, 1))
    assert g.kernel_size == (3, 5)
    assert g.stride == (1, 2)
    assert g.padding == ((1, 1), (2, 2))
    assert g.dilation == (2, 1)
    assert g.effective_kernel_size == (5, 5)


def test_before_after_pairs_per_axis():
    g = Geometry((3, 3), padding=((0, 1), (2, 0)))
    assert g.padding == ((0, 1), (2, 0))
    assert g.output_size((5, 5)) == (4, 5)  # 5+0+1-3+1, 5+2+0-3+1


def test_flat_pair_is_before_after_in_one_dimension():
    assert Geometry(3, padding=(1, 2)).padding == ((1, 2),)
    assert Geometry(3, padding=[(1, 2)]).padding == ((1, 2),)
    assert Geometry(3, padding=(1,)).padding == ((1, 1),)
    # in 2-D a flat pair means one pad per axis
    assert Geometry(3, padding=(1, 2), ndim=2).padding == ((1, 1), (2, 2))


def test_numpy_arrays_and_scalars_are_read_like_tuples_and_ints():
    g = Geometry(np.array([3, 3]), stride=np.int64(2), padding=np.array([[0, 1], [1, 1]]))
    assert g.ndim == 2
    assert g.kernel_size == (3, 3) and type(g.kernel_size[0]) is int
    assert g.stride == (2, 2)
    assert g.padding == ((0, 1), (1, 1))
    assert g.output_size(np.array([5, 6])) == (2, 3)  # (5+0+1-3)//2+1, (6+1+1-3)//2+1
    assert Geometry(np.int32(3), groups=np.int64(2)).groups == 2


@pytest.mark.parametrize("text", ["valid", "VALID", "Valid"])
def test_valid_is_no_padding(text):
    assert Geometry((3, 3), padding=text).padding == ((0, 0), (0, 0))


@pytest.mark.parametrize("k, d", [(1, 1), (3, 1), (3, 2), (4, 3)])
def test_full_pads_the_effective_kernel_minus_one(k, d):
    g = Geometry(k, padding="full", dilation=d)
    keff = d * (k - 1) + 1
    assert g.padding == ((keff - 1, keff - 1),)
    for i in range(1, 8):
        # every partial overlap counts: i + keff - 1 positions
        assert g.output_size(i) == (len(window_starts(i, k, 1, (keff - 1, keff - 1), d)),)
        assert g.output_size(i) == (i + keff - 1,)


def test_full_follows_the_kernel_through_with_():
    g = Geometry(3, padding="full")
    assert g.with_(dilation=2).padding == ((4, 4),)
    assert g.with_(kernel_size=5).padding == ((4, 4),)
    assert g.with_(padding=1).padding == ((1, 1),)
    # explicit pads stay what they were
    assert Geometry(3, padding=2).with_(dilation=2).padding == ((2, 2),)


def test_full_and_the_equal_explicit_pads_are_different_geometries():
    # they pad alike today, but not after with_(dilation=2): (4, 4) against (2, 2)
    full, explicit = Geometry(3, padding="full"), Geometry(3, padding=2)
    assert full.padding == explicit.padding
    assert full != explicit
    assert full.with_(dilation=2).padding != explicit.with_(dilation=2).padding
    assert Geometry(3, padding="FULL") == full and hash(Geometry(3, padding="FULL")) == hash(full)
    assert len({full, explicit}) == 2


def test_same_is_kept_until_the_input_size_is_known():
    g = Geometry(3, padding="SAME", stride=2)
    assert g.padding == "same"
    assert g.pads((6,)) == ((0, 1),)
    assert g.pads((5,)) == ((1, 1),)


# ----------------------------------------------------------------------------
# "same" = ONNX SAME_UPPER
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("i, k, s, d", GRID)
def test_same_pads_follow_onnx_same_upper(i, k, s, d):
    g = Geometry(k, stride=s, padding="same", dilation=d)
    pads = onnx_same_upper_pads(i, k, s, d)
    assert g.pads(i) == (pads,)
    # the extra pad of an odd total goes at the end
    assert pads[1] - pads[0] in (0, 1)
    # with those pads the windows number ceil(i / s)
    assert len(window_starts(i, k, s, pads, d)) == -(-i // s)
    assert g.output_size(i) == (-(-i // s),)


def test_same_in_two_dimensions_pads_each_axis_on_its_own():
    g = Geometry((3, 4), stride=(1, 2), padding="same")
    assert g.pads((5, 7)) == (onnx_same_upper_pads(5, 3, 1, 1), onnx_same_upper_pads(7, 4, 2, 1))
    assert g.output_size((5, 7)) == (5, 4)


@pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning")
def test_same_padding_matches_torch():
    torch = need_module("torch")
    functional = torch.nn.functional
    generator = torch.Generator().manual_seed(0)
    for i, k, d in itertools.product(range(1, 8), range(1, 6), range(1, 3)):  # torch's "same" needs stride 1
        x = torch.randn(1, 1, i, generator=generator, dtype=torch.float64)
        w = torch.randn(1, 1, k, generator=generator, dtype=torch.float64)
        (before, after), = Geometry(k, padding="same", dilation=d).pads(i)
        expected = functional.conv1d(x, w, padding="same", dilation=d)
        got = functional.conv1d(functional.pad(x, (before, after)), w, dilation=d)
        assert got.shape == expected.shape
        assert torch.allclose(got, expected), (i, k, d)


# ----------------------------------------------------------------------------
# output sizes: convolution, pooling with ceil_mode, transposed
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("i, k, s, d", GRID)
def test_conv_output_size_counts_the_windows(i, k, s, d):
    for pads in itertools.product(range(3), range(3)):
        starts = window_starts(i, k, s, pads, d)
        g = Geometry(k, stride=s, padding=(pads,), dilation=d)
        if starts:
            assert g.output_size(i) == (len(starts),), pads
        else:
            with pytest.raises(SymconvError, match="kernel_size: effective kernel"):
                g.output_size(i)


@pytest.mark.parametrize("i, k, s, d", GRID)
def test_ceil_mode_drops_a_last_window_that_starts_in_the_right_padding(i, k, s, d):
    keff = d * (k - 1) + 1
    for p in range(keff // 2 + 1):  # PyTorch allows at most half the kernel as padding
        starts = window_starts(i, k, s, (p, p), d, ceil_mode=True)
        g = Geometry(k, stride=s, padding=p, dilation=d, ceil_mode=True)
        if starts:
            assert g.output_size(i) == (len(starts),), p
        else:
            with pytest.raises(SymconvError, match="kernel_size"):
                g.output_size(i)


def test_ceil_mode_by_hand():
    # i=5, k=2, s=2, p=1: padded cells 0..6 (input 1..5); windows at 0, 2, 4 fit; rounding up
    # would add one at 6, which starts in the right padding: dropped, so ceil_mode changes nothing
    assert Geometry(2, stride=2, padding=1).output_size(5) == (3,)
    assert Geometry(2, stride=2, padding=1, ceil_mode=True).output_size(5) == (3,)
    # i=5, k=2, s=2, p=0: floor gives 2, ceil keeps the window over cell 4 and the edge
    assert Geometry(2, stride=2).output_size(5) == (2,)
    assert Geometry(2, stride=2, ceil_mode=True).output_size(5) == (3,)
    # i=6, k=3, s=2, p=1: padded cells 0..7 (input 1..6); the extra window at 6 starts on input cell 6: kept
    assert Geometry(3, stride=2, padding=1).output_size(6) == (3,)
    assert Geometry(3, stride=2, padding=1, ceil_mode=True).output_size(6) == (4,)


def test_pool_sizes_match_torch():
    torch = need_module("torch")
    functional = torch.nn.functional
    for i, k, s, d in GRID:
        for p, ceil_mode in itertools.product(range(k // 2 + 1), (False, True)):
            g = Geometry(k, stride=s, padding=p, dilation=d, ceil_mode=ceil_mode)
            try:
                expected = functional.max_pool1d(torch.zeros(1, 1, i), k, s, p, d, ceil_mode=ceil_mode).shape[-1]
            except RuntimeError:
                with pytest.raises(SymconvError):
                    g.output_size(i)
                continue
            assert g.output_size(i) == (expected,), (i, k, s, p, d, ceil_mode)


@pytest.mark.parametrize("i, k, s, d", GRID)
def test_transposed_size_scatters_and_crops(i, k, s, d):
    for pads in itertools.product(range(3), range(3)):
        for op in range(max(s, d)):
            length = transposed_scatter_length(i, k, s, pads, d, op)
            g = Geometry(k, stride=s, padding=(pads,), dilation=d, output_padding=op, transposed=True)
            if length >= 1:
                assert g.output_size(i) == (length,), (pads, op)
            else:
                with pytest.raises(SymconvError, match="padding: pads"):
                    g.output_size(i)


@pytest.mark.parametrize("i_prime, k, s, d", GRID)
def test_transposed_output_is_an_input_size_of_the_direct_convolution(i_prime, k, s, d):
    """The adjoint view: a transposed convolution maps back to the direct one's input size.

    Among the ``s`` input sizes whose direct output is ``i'``, output_padding
    ``a`` picks the one that leaves ``a`` cells beyond the last window.
    """
    for p, a in itertools.product(range(3), range(s)):
        keff = d * (k - 1) + 1
        inputs = [x for x in range(1, 60) if x + 2 * p >= keff and (x + 2 * p - keff) // s + 1 == i_prime]
        wanted = [x for x in inputs if (x + 2 * p - keff) % s == a]
        g = Geometry(k, stride=s, padding=p, dilation=d, output_padding=a, transposed=True)
        if wanted:
            assert g.output_size(i_prime) == (wanted[0],)


def test_transposed_sizes_match_torch():
    torch = need_module("torch")
    functional = torch.nn.functional
    for i, k, s, d in GRID:
        for p, op in itertools.product(range(3), range(max(s, d))):
            g = Geometry(k, stride=s, padding=p, dilation=d, output_padding=op, transposed=True)
            try:
                expected = functional.conv_transpose1d(
                    torch.zeros(1, 1, i), torch.zeros(1, 1, k), stride=s, padding=p, output_padding=op, dilation=d
                ).shape[-1]
            except RuntimeError:
                with pytest.raises(SymconvError):
                    g.output_size(i)
                continue
            assert g.output_size(i) == (expected,), (i, k, s, p, d, op)


def test_output_sizes_per_axis_in_three_dimensions():
    g = Geometry((3, 1, 2), stride=(2, 1, 1), padding=((1, 1), (0, 0), (0, 1)), dilation=(1, 1, 2))
    assert g.output_size((7, 4, 5)) == (4, 4, 4)


# ----------------------------------------------------------------------------
# symbolic sizes
# ----------------------------------------------------------------------------

i_, k_, s_, d_ = sympy.symbols("i k s d", integer=True, positive=True)
p_, q_ = sympy.symbols("p q", integer=True, nonnegative=True)


def test_symbolic_output_size_is_the_guide_formula():
    (o,) = Geometry(k_, stride=s_, padding=p_, dilation=d_).output_size(i_)
    guide = sympy.floor((i_ + 2 * p_ - k_ - (k_ - 1) * (d_ - 1)) / s_) + 1  # Dumoulin & Visin, relationship 15
    assert sympy.expand(o - guide) == 0


def test_symbolic_output_size_agrees_with_numbers():
    g = Geometry(k_, stride=s_, padding=((p_, q_),), dilation=d_)
    (o,) = g.output_size(i_)
    for i, k, s, d in GRID:
        for p, q in itertools.product(range(2), range(2)):
            if i + p + q < d * (k - 1) + 1:
                continue
            numeric = Geometry(k, stride=s, padding=((p, q),), dilation=d).output_size(i)[0]
            assert o.subs({i_: i, k_: k, s_: s, d_: d, p_: p, q_: q}) == numeric


def test_symbolic_ceil_mode_agrees_with_numbers():
    (o,) = Geometry(k_, stride=s_, padding=p_, ceil_mode=True).output_size(i_)
    assert isinstance(o, sympy.Piecewise)
    for i, k, s, _ in GRID:
        for p in range(k // 2 + 1):
            if not window_starts(i, k, s, (p, p), ceil_mode=True):
                continue
            assert o.subs({i_: i, k_: k, s_: s, p_: p}) == Geometry(k, s, p, ceil_mode=True).output_size(i)[0]


def test_symbolic_same_and_transposed():
    g = Geometry(3, stride=s_, padding="same")
    assert g.output_size(i_) == (sympy.ceiling(i_ / s_),)
    (before, after), = g.pads(i_)
    for i, s in itertools.product(range(1, 9), range(1, 4)):
        assert (before.subs({i_: i, s_: s}), after.subs({i_: i, s_: s})) == onnx_same_upper_pads(i, 3, s, 1)
    a = sympy.Symbol("a", integer=True, nonnegative=True)
    (o,) = Geometry(k_, stride=s_, padding=p_, output_padding=a, transposed=True).output_size(i_)
    assert sympy.expand(o - ((i_ - 1) * s_ - 2 * p_ + k_ + a)) == 0


def test_symbolic_integer_values_come_back_as_int():
    assert Geometry(sympy.Integer(3)).output_size(sympy.Integer(5)) == (3,)
    assert type(Geometry(sympy.Integer(3)).output_size(sympy.Integer(5))[0]) is int


# ----------------------------------------------------------------------------
# bad input: every error names the parameter and shows what arrived
# ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(kernel_size=0), SymconvError, r"kernel_size: expected a positive int, got 0"),
        (dict(kernel_size=-2), SymconvError, r"kernel_size: expected a positive int, got -2"),
        (dict(kernel_size=(3, 0)), SymconvError, r"kernel_size: expected a positive int, got 0"),
        (dict(kernel_size=3, stride=0), SymconvError, r"stride: expected a positive int, got 0"),
        (dict(kernel_size=3, stride=-1), SymconvError, r"stride: expected a positive int, got -1"),
        (dict(kernel_size=3, dilation=0), SymconvError, r"dilation: expected a positive int, got 0"),
        (dict(kernel_size=3, padding=-1), SymconvError, r"padding: expected an int.* got -1"),
        (dict(kernel_size=3, padding=((1, -2),)), SymconvError, r"padding: expected .* got \(\(1, -2\),\)"),
        (dict(kernel_size=3.0), TypeError, r"kernel_size: expected a positive int, got float 3.0"),
        (dict(kernel_size=True), TypeError, r"kernel_size: expected a positive int, got the bool True"),
        (dict(kernel_size=(3, 3.5)), TypeError, r"kernel_size: .* got float 3.5"),
        (dict(kernel_size="3"), TypeError, r"kernel_size: .* got str '3'"),
        (dict(kernel_size=None), TypeError, r"kernel_size: .* got NoneType None"),
        (dict(kernel_size=3, stride=2.0), TypeError, r"stride: .* got float 2.0"),
        (dict(kernel_size=3, stride=False), TypeError, r"stride: .* got the bool False"),
        (dict(kernel_size=3, dilation=np.float64(2)), TypeError, r"dilation: .* got float 2.0"),
        (dict(kernel_size=3, padding=1.5), TypeError, r"padding: .* got float 1.5"),
        (dict(kernel_size=3, padding=True), TypeError, r"padding: .* got the bool True"),
        (dict(kernel_size=3, padding=None), TypeError, r"padding: .* got NoneType None"),
        (dict(kernel_size=3, groups=2.0), TypeError, r"groups: .* got float 2.0"),
        (dict(kernel_size=3, groups=0), SymconvError, r"groups: expected a positive int, got 0"),
        (dict(kernel_size=(3, 3), stride=(1, 1, 1)), SymconvError, r"stride: expected an int or a tuple of 2 ints.* got \(1, 1, 1\) of length 3"),
        (dict(kernel_size=(3, 3), dilation=(1,)), SymconvError, r"dilation: .* tuple of 2 ints.* of length 1"),
        (dict(kernel_size=3, ndim=2, padding=(1, 2, 3)), SymconvError, r"padding: expected .* got \(1, 2, 3\)"),
        (dict(kernel_size=3, padding=((1, 2, 3),)), SymconvError, r"padding: .* got \(\(1, 2, 3\),\) \(a pair must hold 2 ints\)"),
        (dict(kernel_size=(3, 3), padding=((1, 2), 3)), SymconvError, r"padding: .* got \(\(1, 2\), 3\)"),
        (dict(kernel_size=()), SymconvError, r"kernel_size: expected an int or a non-empty tuple of ints, got \(\)"),
        (dict(kernel_size=3, padding="half"), SymconvError, r"padding: expected .*\"same\"/\"valid\"/\"full\"/\"causal\", got 'half'"),
        (dict(kernel_size=3, padding=""), SymconvError, r"padding: expected .* got ''"),
        (dict(kernel_size=3, padding="same", transposed=True), SymconvError, r'padding: "same" is not defined for transposed.* got \'same\''),
        (dict(kernel_size=3, stride=2, output_padding=2, transposed=True), SymconvError, r"output_padding: expected an int smaller than stride \(2\) or dilation \(1\) on axis 0, got 2"),
        (dict(kernel_size=3, stride=(1, 2), dilation=(2, 1), output_padding=(1, 2), transposed=True), SymconvError, r"output_padding: .* stride \(2\) or dilation \(1\) on axis 1, got 2"),
        (dict(kernel_size=3, output_padding=1), SymconvError, r"output_padding: only transposed convolution takes output padding, got \(1,\)"),
        (dict(kernel_size=3, stride=2, output_padding=-1, transposed=True), SymconvError, r"output_padding: expected a non-negative int, got -1"),
        (dict(kernel_size=3, transposed=1), TypeError, r"transposed: expected a bool, got int 1"),
        (dict(kernel_size=3, ceil_mode="yes"), TypeError, r"ceil_mode: expected a bool, got str 'yes'"),
        (dict(kernel_size=3, ceil_mode=np.int64(1)), TypeError, r"ceil_mode: expected a bool, got int64 np.int64\(1\)"),
        (dict(kernel_size=3, transposed=np.array([True])), TypeError, r"transposed: expected a bool, got ndarray"),
        (dict(kernel_size=3, padding="SAME", transposed=True), SymconvError, r"padding: \"same\" is not defined for transposed.* got 'SAME'"),
        (dict(kernel_size=3, stride=sympy.Float(2.0)), TypeError, r"stride: expected a positive int or an integer SymPy expression, got 2.0"),
        (dict(kernel_size=sympy.Float(3)), TypeError, r"kernel_size: expected a positive int or an integer SymPy expression, got 3.0"),
        (dict(kernel_size=3, ceil_mode=True, transposed=True), SymconvError, r"ceil_mode: only pooling rounds up.* got ceil_mode=True"),
        (dict(kernel_size=3, ndim=0), SymconvError, r"ndim: expected a positive int, got 0"),
        (dict(kernel_size=3, ndim=2.0), TypeError, r"ndim: .* got float 2.0"),
    ],
)
def test_bad_geometry(kwargs, error, match):
    with pytest.raises(error, match=match):
        Geometry(**kwargs)


def test_numpy_bools_are_flags():
    g = Geometry(3, stride=2, transposed=np.True_)
    assert g.transposed is True and g.output_size(3) == (7,)  # (3 - 1) * 2 + 3
    p = Geometry(2, stride=2, ceil_mode=np.True_)
    assert p.ceil_mode is True and p.output_size(5) == (3,)  # ceil((5 - 2) / 2) + 1
    assert Geometry(3, ceil_mode=np.False_) == Geometry(3)
    assert Geometry(3, transposed=np.array(True)).transposed is True  # a 0-d array is a scalar, as for sizes


def test_require_concrete_refuses_symbolic_fields_by_name():
    s = sympy.Symbol("s", integer=True, positive=True)
    g = Geometry(3, stride=2, padding=1)
    assert g.require_concrete() is g
    assert Geometry(3, padding="same").require_concrete().padding == "same"
    assert Geometry(sympy.Integer(3), stride=sympy.Integer(2)).require_concrete().stride == (2,)
    for kwargs, name, shown in [
        (dict(kernel_size=s), "kernel_size", "s"),
        (dict(kernel_size=3, stride=(1, s)), "stride", "s"),
        (dict(kernel_size=3, padding=((0, s + 1),)), "padding", "s \\+ 1"),
        (dict(kernel_size=3, dilation=s), "dilation", "s"),
        (dict(kernel_size=3, groups=s), "groups", "s"),
        (dict(kernel_size=3, stride=2, output_padding=s, transposed=True), "output_padding", "s"),
    ]:
        with pytest.raises(TypeError, match=f"^{name}: expected concrete ints for the numeric backend, got {shown}$"):
            Geometry(**kwargs).require_concrete()
    with pytest.raises(TypeError, match="^stride: expected concrete ints for a convolution matrix, got s$"):
        Geometry(3, stride=s).require_concrete("a convolution matrix")


def test_error_kinds_are_value_and_type_errors():
    assert issubclass(SymconvError, ValueError)
    with pytest.raises(ValueError):
        Geometry(0)


@pytest.mark.parametrize(
    "geometry, size, match",
    [
        (Geometry(5), 3, r"kernel_size: effective kernel 5 \(kernel 5, dilation 1\) is larger than the padded input 3 \(input 3, padding \(0, 0\)\) on axis 0"),
        (Geometry(3, dilation=3), 5, r"kernel_size: effective kernel 7 \(kernel 3, dilation 3\) is larger than the padded input 5"),
        (Geometry((3, 4), padding=((0, 0), (0, 1))), (5, 2), r"kernel_size: effective kernel 4 .* padded input 3 \(input 2, padding \(0, 1\)\) on axis 1"),
        (Geometry(3, padding=3, transposed=True), 1, r"padding: pads 3\+3 remove the whole transposed output on axis 0"),
    ],
)
def test_no_output_is_refused(geometry, size, match):
    with pytest.raises(SymconvError, match=match):
        geometry.output_size(size)
    # check=False lets callers see the non-positive size
    assert geometry.output_size(size, check=False)[-1] < 1


def test_kernel_that_just_fits_is_fine():
    assert Geometry(5).output_size(5) == (1,)
    assert Geometry(5, padding=1).output_size(3) == (1,)


@pytest.mark.parametrize(
    "size, error, match",
    [
        (0, SymconvError, r"input size: expected a positive int, got 0"),
        (-3, SymconvError, r"input size: expected a positive int, got -3"),
        (5.0, TypeError, r"input size: expected a positive int, got float 5.0"),
        (True, TypeError, r"input size: .* got the bool True"),
        ("5", TypeError, r"input size: .* got str '5'"),
        ((5, 5), SymconvError, r"input size: expected a tuple of 1 ints \(one per spatial axis\), got \(5, 5\)"),
    ],
)
def test_bad_input_size(size, error, match):
    with pytest.raises(error, match=match):
        Geometry(3).output_size(size)
    with pytest.raises(error, match=match):
        Geometry(3).pads(size)


def test_bad_input_size_in_two_dimensions():
    with pytest.raises(SymconvError, match=r"input size: expected a tuple of 2 ints .* got 5"):
        Geometry(3, ndim=2).output_size(5)
    with pytest.raises(SymconvError, match=r"input size: expected a tuple of 2 ints .* got \[5, 5, 5\]"):
        Geometry(3, ndim=2).output_size(np.array([5, 5, 5]))


def test_groups_must_divide_the_channels():
    Geometry(3, groups=2).check_channels(4, 6)
    Geometry(3, groups=3).check_channels(3)
    with pytest.raises(SymconvError, match=r"groups: expected a divisor of the input channels \(6\), got 4"):
        Geometry(3, groups=4).check_channels(6, 8)
    with pytest.raises(SymconvError, match=r"groups: expected a divisor of the output channels \(3\), got 2"):
        Geometry(3, groups=2).check_channels(4, 3)
    with pytest.raises(TypeError, match=r"input channels: expected a positive int, got float 4.0"):
        Geometry(3).check_channels(4.0)
    with pytest.raises(SymconvError, match=r"output channels: expected a positive int, got 0"):
        Geometry(3).check_channels(4, 0)
    # symbolic channel counts cannot be checked, and are not refused
    c = sympy.Symbol("c", integer=True, positive=True)
    Geometry(3, groups=2).check_channels(c, 2 * c)


def test_symbolic_values_are_checked_where_sympy_knows():
    x = sympy.Symbol("x", integer=True, negative=True)
    with pytest.raises(SymconvError, match=r"kernel_size: expected a positive int, got x, which is below 1"):
        Geometry(x)
    with pytest.raises(TypeError, match=r"stride: expected a positive int or an integer SymPy expression, got 1/2"):
        Geometry(3, stride=sympy.Rational(1, 2))
    with pytest.raises(TypeError, match=r"padding: .* got 0.5"):
        Geometry(3, padding=sympy.Float(0.5))
    y = sympy.Symbol("y")  # nothing known: accepted as a size
    assert Geometry(y).kernel_size == (y,)


# ----------------------------------------------------------------------------
# value object, with_, coerce, helpers
# ----------------------------------------------------------------------------


def test_equality_hash_and_immutability():
    a = Geometry(3, stride=2, padding=1, ndim=2)
    b = Geometry((3, 3), stride=(2, 2), padding=((1, 1), (1, 1)))
    assert a == b and hash(a) == hash(b)
    assert a != a.with_(stride=1)
    assert a != "Geometry"
    with pytest.raises(AttributeError, match=r"Geometry is immutable; use .with_\(stride=...\)"):
        a.stride = 1
    assert repr(a) == "Geometry(kernel_size=(3, 3), stride=(2, 2), padding=((1, 1), (1, 1)), dilation=(1, 1))"
    t = Geometry(3, stride=2, output_padding=1, transposed=True, groups=2)
    assert "output_padding=(1,)" in repr(t) and "transposed=True" in repr(t) and "groups=2" in repr(t)
    assert "ceil_mode=True" in repr(Geometry(2, ceil_mode=True))


def test_with_replaces_fields_and_validates_again():
    g = Geometry(3, stride=2, padding=1)
    assert g.with_(transposed=True, output_padding=1).output_size(3) == (6,)
    with pytest.raises(TypeError, match=r"with_: unknown field\(s\) \['strides'\]"):
        g.with_(strides=2)
    with pytest.raises(SymconvError, match=r"stride: expected a positive int, got 0"):
        g.with_(stride=0)
    with pytest.raises(SymconvError, match='padding: "same" is not defined for transposed'):
        Geometry(3, padding="same").with_(transposed=True)


def test_coerce():
    g = Geometry(3, stride=2)
    assert Geometry.coerce(g) is g
    assert Geometry.coerce((3, 2, 1)) == Geometry(3, 2, 1)
    assert Geometry.coerce((3, 1, 0, 2)).dilation == (2,)
    assert Geometry.coerce({"kernel_size": 3, "stride": 2}, ndim=2) == Geometry(3, 2, ndim=2)
    assert Geometry.coerce({"kernel_size": 3, "ndim": 3}, ndim=2).ndim == 3
    with pytest.raises(SymconvError, match=r"layer: expected a Geometry, a dict .* got 'conv'"):
        Geometry.coerce("conv")
    with pytest.raises(SymconvError, match=r"layer: expected a Geometry, a dict .* got \(3, 1\)"):
        Geometry.coerce((3, 1))
    with pytest.raises(SymconvError, match=r"layer: expected a geometry with 2 spatial axes"):
        Geometry.coerce(Geometry(3), ndim=2)


def test_as_size():
    assert as_size(3, "k") == 3
    assert type(as_size(np.int64(3), "k")) is int
    assert as_size(0, "p", minimum=0) == 0
    assert as_size(sympy.Integer(4), "k") == 4 and type(as_size(sympy.Integer(4), "k")) is int
    with pytest.raises(SymconvError, match=r"p: expected a non-negative int, got -1"):
        as_size(-1, "p", minimum=0)
    with pytest.raises(TypeError, match=r"k: expected a positive int, got complex"):
        as_size(1j, "k")
    # non-integer SymPy numbers are refused like Python floats, even when their value is whole
    for value in (sympy.Float(2.0), sympy.Rational(5, 2), sympy.Float(0.5)):
        with pytest.raises(TypeError, match=rf"k: expected a positive int or an integer SymPy expression, got {value}"):
            as_size(value, "k")
    assert as_size(sympy.Rational(4, 2), "k") == 2  # SymPy itself makes this the Integer 2


def test_floordiv_and_ceildiv():
    for a, b in itertools.product(range(-7, 8), range(1, 4)):
        assert floordiv(a, b) == math.floor(a / b)
        assert ceildiv(a, b) == math.ceil(a / b)
    n = sympy.Symbol("n", integer=True)
    assert floordiv(n, 2) == sympy.floor(n / 2)
    assert ceildiv(n, 2) == sympy.ceiling(n / 2)
    assert ceildiv(n, 2).subs(n, 5) == 3


def test_is_symbolic():
    assert is_symbolic(sympy.Symbol("i"))
    assert is_symbolic(sympy.Symbol("i") + 1)
    assert not is_symbolic(sympy.Integer(3))
    assert not is_symbolic(3)
    assert not is_symbolic("i")

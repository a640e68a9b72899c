"""Shape arithmetic: the size functions and the guide's 15 relationships.

Expected numbers are the ones Dumoulin & Visin publish with their animations
(arXiv:1603.07285); expected formulas are typed here from the guide.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
import sympy

import symconv as sc
from symconv import SymconvError
from symconv.shapes import (
    GUIDE_CONFIGURATIONS,
    Relationship,
    general_output_size,
    relationship_symbols,
    relationships,
)

S = relationship_symbols()
i, k, s, p, d, o, a = (S[name] for name in ("i", "k", "s", "p", "d", "o", "a"))
i_t, o_t = S["i'"], S["o'"]

# (name, i, k, s, p, d) -> o, as the guide's animations show them
GUIDE = [
    ("no_padding_no_strides", 4, 3, 1, 0, 1, 2),
    ("arbitrary_padding_no_strides", 5, 4, 1, 2, 1, 6),
    ("same_padding_no_strides", 5, 3, 1, 1, 1, 5),
    ("full_padding_no_strides", 5, 3, 1, 2, 1, 7),
    ("no_padding_strides", 5, 3, 2, 0, 1, 2),
    ("padding_strides", 5, 3, 2, 1, 1, 3),
    ("padding_strides_odd", 6, 3, 2, 1, 1, 3),
    ("dilation", 7, 3, 1, 0, 2, 3),
]


# ----------------------------------------------------------------------------
# the guide's animations
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("name, i_, k_, s_, p_, d_, o_", GUIDE)
def test_guide_configurations(name, i_, k_, s_, p_, d_, o_):
    assert sc.conv_output_size(i_, k_, stride=s_, padding=p_, dilation=d_) == o_
    # two-dimensional, as the guide draws them
    assert sc.conv_output_size((i_, i_), k_, stride=s_, padding=p_, dilation=d_) == (o_, o_)


@pytest.mark.parametrize("name, i_, k_, s_, p_, d_, o_", GUIDE)
def test_guide_configurations_transposed_give_back_the_input(name, i_, k_, s_, p_, d_, o_):
    a_ = (i_ + 2 * p_ - (d_ * (k_ - 1) + 1)) % s_  # the guide's a = (i + 2p - k) mod s, with the dilated kernel
    assert sc.conv_transpose_output_size(o_, k_, stride=s_, padding=p_, dilation=d_, output_padding=a_) == i_
    if a_:
        # without a, the transposed convolution lands on the smallest input with the same output
        assert sc.conv_transpose_output_size(o_, k_, stride=s_, padding=p_, dilation=d_) == i_ - a_


def test_padding_strides_odd_is_the_case_that_needs_a():
    odd = next(c for c in GUIDE_CONFIGURATIONS if c.name == "padding_strides_odd")
    assert odd.output_padding == 1
    assert [c.output_padding for c in GUIDE_CONFIGURATIONS if c is not odd] == [0] * 7


def test_guide_configurations_table_holds_the_published_numbers():
    assert [(c.name, c.i, c.k, c.s, c.p, c.d, c.o) for c in GUIDE_CONFIGURATIONS] == GUIDE


@pytest.mark.parametrize("config", GUIDE_CONFIGURATIONS, ids=lambda c: c.name)
def test_each_configuration_meets_its_relationships(config):
    rels = {r.number: r for r in relationships()}
    values = {i: config.i, k: config.k, s: config.s, p: config.p, d: config.d, a: config.output_padding}
    direct = rels[config.relationship]
    assert all(bool(c.subs(values)) for c in direct.conditions)
    assert direct.equation.rhs.subs(values) == config.o
    if config.transposed_relationship is not None:
        transposed = rels[config.transposed_relationship]
        assert all(bool(c.subs(values)) for c in transposed.conditions)
        assert transposed.equation.rhs.subs({**values, i_t: config.o}) == config.i


# ----------------------------------------------------------------------------
# the 15 relationships
# ----------------------------------------------------------------------------

# number -> (title, right-hand side as the guide writes it)
EXPECTED = {
    1: ("No zero padding, unit strides", (i - k) + 1),
    2: ("Zero padding, unit strides", (i - k) + 2 * p + 1),
    3: ("Half (same) padding", i),
    4: ("Full padding", i + (k - 1)),
    5: ("No zero padding, non-unit strides", sympy.floor((i - k) / s) + 1),
    6: ("Zero padding, non-unit strides", sympy.floor((i + 2 * p - k) / s) + 1),
    7: ("Pooling", sympy.floor((i - k) / s) + 1),
    8: ("No zero padding, unit strides, transposed", i_t + (k - 1)),
    9: ("Zero padding, unit strides, transposed", i_t + (k - 1) - 2 * p),
    10: ("Half (same) padding, transposed", i_t),
    11: ("Full padding, transposed", i_t - (k - 1)),
    12: ("No zero padding, non-unit strides, transposed", s * (i_t - 1) + k),
    13: ("Zero padding, non-unit strides, transposed", s * (i_t - 1) + k - 2 * p),
    14: ("Zero padding, non-unit strides, transposed, any input size", s * (i_t - 1) + a + k - 2 * p),
    15: ("Dilated convolutions", sympy.floor((i + 2 * p - k - (k - 1) * (d - 1)) / s) + 1),
}


def test_there_are_fifteen_numbered_in_order():
    rels = relationships()
    assert isinstance(rels, tuple)
    assert [r.number for r in rels] == list(range(1, 16))
    assert [r.kind for r in rels] == ["convolution"] * 6 + ["pooling"] + ["transposed"] * 7 + ["convolution"]
    assert relationships() is rels  # built once


@pytest.mark.parametrize("number", range(1, 16))
def test_each_relationship_is_the_guides_formula(number):
    rel = relationships()[number - 1]
    title, rhs = EXPECTED[number]
    assert rel.title == title
    assert rel.equation.lhs == (o_t if rel.kind == "transposed" else o)
    assert sympy.expand(rel.equation.rhs - rhs) == 0
    assert rel.latex == sympy.latex(rel.equation)
    assert rel.conditions_latex == tuple(sympy.latex(c) for c in rel.conditions)
    assert rel.wording.count("$") % 2 == 0 and rel.wording.endswith(".")


@pytest.mark.parametrize("number", range(1, 16))
def test_each_relationship_passes_both_checks(number):
    rel = relationships()[number - 1]
    assert rel.check_symbolic()
    assert rel.check_numeric()
    assert rel.check_numeric(rng=number)
    assert rel.counterexample() is None


def test_conditions_are_the_guides():
    rels = relationships()
    assert set(rels[0].conditions) == {sympy.Eq(s, 1), sympy.Eq(p, 0)}
    assert set(rels[1].conditions) == {sympy.Eq(s, 1)}
    assert set(rels[2].conditions) == {sympy.Eq(s, 1), sympy.Eq(sympy.Mod(k, 2), 1), sympy.Eq(p, sympy.floor(k / 2))}
    assert set(rels[3].conditions) == {sympy.Eq(s, 1), sympy.Eq(p, k - 1)}
    assert set(rels[4].conditions) == {sympy.Eq(p, 0)}
    assert rels[5].conditions == () and rels[14].conditions == ()
    assert set(rels[11].conditions) == {sympy.Eq(p, 0), sympy.Eq(sympy.Mod(i - k, s), 0)}
    assert set(rels[12].conditions) == {sympy.Eq(sympy.Mod(i + 2 * p - k, s), 0)}
    assert set(rels[13].conditions) == {sympy.Eq(a, sympy.Mod(i + 2 * p - k, s))}
    assert rels[14].dilated and not any(r.dilated for r in rels[:14])


def test_transposed_relationships_name_their_associated_convolution():
    rels = relationships()
    k_t, s_t, p_t = S["k'"], S["s'"], S["p'"]

    def associated(number):
        return {eq.lhs: eq.rhs for eq in rels[number - 1].associated}

    expected_padding = {8: k - 1, 9: k - p - 1, 10: p, 11: 0, 12: k - 1, 13: k - p - 1, 14: k - p - 1}
    for number, padding in expected_padding.items():
        assoc = associated(number)
        assert assoc[k_t] == k
        assert assoc[s_t] == (s if number <= 11 else 1)
        assert assoc[p_t] == padding
        assert assoc[i_t] == sympy.floor((i + 2 * p - k) / s) + 1  # i' is the direct convolution's output
    assert associated(14)[S["i_stretched"]] == i_t + (i_t - 1) * (s - 1)
    assert rels[7].associated_latex[1:] == ("\\tilde{i}' = i'", "k' = k", "s' = s", "p' = k - 1")


def test_numeric_cases_meet_the_conditions_and_are_not_few():
    rels = relationships()
    half = list(rels[2].numeric_cases(max_size=7))
    assert {(v[k], v[p], v[s]) for v in half} == {(1, 0, 1), (3, 1, 1), (5, 2, 1), (7, 3, 1)}
    assert len(half) == 7 * 4  # every input size 1..7 with each odd kernel
    assert all(v[i] + 2 * v[p] >= v[k] for v in half)
    stride_multiple = list(rels[12].numeric_cases())
    assert len(stride_multiple) > 50
    assert all((v[i] + 2 * v[p] - v[k]) % v[s] == 0 for v in stride_multiple)
    assert {v[s] for v in stride_multiple} == {1, 2, 3, 4}
    assert {v[d] for v in rels[14].numeric_cases()} == {1, 2, 3}


# ----------------------------------------------------------------------------
# the checks can fail
# ----------------------------------------------------------------------------


def wrong(number, **changes):
    return dataclasses.replace(relationships()[number - 1], **changes)


@pytest.mark.parametrize(
    "relationship",
    [
        pytest.param(wrong(1, equation=sympy.Eq(o, i - k)), id="R1 without +1"),
        pytest.param(wrong(6, equation=sympy.Eq(o, sympy.ceiling((i + 2 * p - k) / s) + 1)), id="R6 with ceiling"),
        pytest.param(wrong(6, equation=sympy.Eq(o, sympy.floor((i + p - k) / s) + 1)), id="R6 one-sided padding"),
        pytest.param(wrong(14, equation=sympy.Eq(o_t, s * (i_t - 1) + k - 2 * p)), id="R14 without a"),
        pytest.param(wrong(15, equation=sympy.Eq(o, sympy.floor((i + 2 * p - d * k) / s) + 1)), id="R15 k_hat = dk"),
        pytest.param(wrong(13, conditions=(), parametrisation=()), id="R13 without its condition"),
        pytest.param(wrong(9, equation=sympy.Eq(o_t, i_t + k - 1 - p)), id="R9 p instead of 2p"),
    ],
)
def test_a_wrong_formula_or_condition_fails_both_checks(relationship):
    assert not relationship.check_symbolic()
    assert not relationship.check_numeric()
    assert relationship.counterexample()["problem"]


def test_a_wrong_parametrisation_fails_the_symbolic_check():
    n = S["n"]
    bad = wrong(3, parametrisation=((s, 1), (k, 2 * n + 2), (p, n)))  # k even does not meet "k odd"
    assert not bad.check_symbolic()
    claim = next(c for c in bad.obligations() if "Mod" in c[0])
    assert claim[1] is not sympy.true


def test_dropping_a_condition_fails_the_numeric_check():
    bad = wrong(3, conditions=(sympy.Eq(s, 1), sympy.Eq(p, sympy.floor(k / 2))))  # k even allowed now
    example = bad.counterexample()
    assert example["values"]["k"] % 2 == 0
    assert not bad.check_numeric()


def test_a_relationship_whose_conditions_never_hold_fails():
    impossible = wrong(1, conditions=(sympy.Eq(s, 1), sympy.Eq(s, 2)))
    assert list(impossible.numeric_cases()) == []
    assert not impossible.check_numeric()


def test_relationship_validation():
    with pytest.raises(SymconvError, match=r"kind: expected one of convolution, pooling, transposed, got 'deconv'"):
        Relationship(99, "x", "deconv", sympy.Eq(o, i))
    with pytest.raises(SymconvError, match=r"associated: relationship 99 is transposed"):
        Relationship(99, "x", "transposed", sympy.Eq(o_t, i_t))
    with pytest.raises(SymconvError, match=r"max_size: expected a positive int, got 0"):
        relationships()[0].check_numeric(max_size=0)
    with pytest.raises(TypeError, match=r"max_size: expected a positive int, got float 2.5"):
        list(relationships()[0].numeric_cases(2.5))


def test_general_output_size_comes_from_the_geometry():
    assert general_output_size().lhs == o
    assert sympy.expand(general_output_size().rhs - (sympy.floor((i + 2 * p - d * (k - 1) - 1) / s) + 1)) == 0
    assert general_output_size(transposed=True, dilated=False) == sympy.Eq(o_t, (i_t - 1) * s - 2 * p + k + a)


def test_relationship_symbols_are_integers():
    assert all(symbol.is_integer for symbol in S.values())
    assert all(S[name].is_positive for name in ("i", "k", "s", "d", "o", "i'", "o'"))
    assert S["p"].is_nonnegative and S["a"].is_nonnegative
    S["i"] = None  # a copy: the module's table is not changed
    assert relationship_symbols()["i"] is i


def test_importing_shapes_does_not_import_sympy():
    code = "import sys, symconv.shapes as s; s.conv_output_size(5, 3); print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ----------------------------------------------------------------------------
# the size functions
# ----------------------------------------------------------------------------


def test_size_functions_scalar_and_tuple():
    assert sc.conv_output_size(5, 3, stride=2, padding=1) == 3
    assert sc.conv_output_size((7, 5), 3, padding="same", stride=2) == (4, 3)
    assert sc.conv_output_size((5, 6), (3, 1), padding=((0, 1), (0, 0))) == (4, 6)
    assert sc.conv_transpose_output_size(3, 3, stride=2, padding=1) == 5
    assert sc.conv_transpose_output_size((3, 2), 3, stride=(2, 1), output_padding=(1, 0)) == (8, 4)
    assert sc.pool_output_size(6, 2) == 3  # stride defaults to the kernel
    assert sc.pool_output_size(5, 2) == 2
    assert sc.pool_output_size(5, 2, ceil_mode=True) == 3
    assert sc.pool_output_size((5, 4), (2, 2), stride=1) == (4, 3)


def test_size_functions_read_numpy_arrays_like_tuples_and_ints():
    import numpy as np

    # a 1-D array is one size per axis: (7 + 2 - 3) // 2 + 1 = 4 and (5 + 2 - 3) // 2 + 1 = 3
    assert sc.conv_output_size(np.array([7, 5]), 3, stride=2, padding=1) == (4, 3)
    assert sc.conv_output_size(np.array([7, 5]), np.array([3, 1])) == (5, 5)
    assert sc.conv_output_size((7, 7), 3, stride=np.array([2, 1])) == (3, 5)
    # (i - 1) s + k + output_padding: (3 - 1) 2 + 3 + 1 = 8 and (2 - 1) 1 + 3 = 4
    assert sc.conv_transpose_output_size(np.array([3, 2]), 3, stride=np.array([2, 1]), output_padding=np.array([1, 0])) == (8, 4)
    assert sc.pool_output_size(np.array([6, 5]), np.array([2, 2])) == (3, 2)
    # a 0-d array is a scalar, and the answer is a scalar too
    assert sc.conv_output_size(np.array(7), np.array(3)) == 5
    assert sc.pool_output_size(np.int64(5), 2, ceil_mode=np.True_) == 3
    with pytest.raises(TypeError, match=r"input size: expected a positive int, got float 7.0"):
        sc.conv_output_size(np.array([7.0, 5.0]), 3)
    with pytest.raises(SymconvError, match=r"input size: expected a tuple of 3 ints \(one per spatial axis\), got \[7, 5\]"):
        sc.conv_output_size(np.array([7, 5]), np.array([3, 3, 3]))


def test_size_functions_symbolic():
    assert sc.conv_output_size(i, k) == i - k + 1
    assert sc.conv_output_size(i, 3, stride=2, padding="same") == sympy.ceiling(i / 2)
    assert sympy.expand(sc.conv_transpose_output_size(i, k, stride=s, padding=p) - ((i - 1) * s - 2 * p + k)) == 0


def test_size_functions_refuse_bad_input():
    with pytest.raises(SymconvError, match=r"stride: expected a positive int, got 0"):
        sc.conv_output_size(5, 3, stride=0)
    with pytest.raises(SymconvError, match=r"kernel_size: effective kernel 7"):
        sc.conv_output_size(5, 3, dilation=3)
    with pytest.raises(SymconvError, match=r'padding: "same" is not defined for transposed'):
        sc.conv_transpose_output_size(5, 3, padding="same")
    with pytest.raises(TypeError, match=r"kernel_size: expected a positive int, got float 3.0"):
        sc.pool_output_size(5, 3.0)
    with pytest.raises(SymconvError, match=r"output_padding: expected an int smaller than stride \(1\)"):
        sc.conv_transpose_output_size(5, 3, output_padding=1)


def test_relationships_is_public():
    assert sc.relationships is relationships
    assert len(sc.relationships()) == 15


def test_the_numeric_check_counts_windows_not_a_second_formula(monkeypatch):
    from symconv import shapes

    # a formula that agrees with symconv's geometry but not with the windows that fit is caught by the count
    monkeypatch.setattr(shapes, "conv_output_size", lambda i, k, stride=1, padding=0, dilation=1: 0)
    problem = relationships()[5].counterexample()["problem"]
    assert problem.startswith("symconv gives 0, sliding the window counts")
    monkeypatch.undo()
    assert shapes._windows(5, 3, 2, 1, 1) == 3 and shapes._windows(7, 3, 1, 0, 2) == 3  # the guide's figures
    assert shapes._windows(6, 3, 2, 1, 1) == 3 and shapes._windows(2, 3, 1, 0, 1) == 0
    # the transposed relationships build the associated convolution's input cell by cell
    monkeypatch.setattr(shapes, "conv_transpose_output_size", lambda *args, **kwargs: -1)
    assert "symconv gives -1, the windows count" in relationships()[13].counterexample()["problem"]


# ----------------------------------------------------------------------------
# the guide's form, kept as written
# ----------------------------------------------------------------------------


def _windows_counted(i, k, s, pb, pa, d):
    """Output size by sliding the window: starts at -pb, moves by s while its last tap stays in the padded input."""
    count, start = 0, -pb
    while start + d * (k - 1) <= i - 1 + pa:
        count, start = count + 1, start + s
    return count


@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("dilation", [1, 2])
@pytest.mark.parametrize("padding", [0, 1, 2, ((1, 2),)])
def test_guide_form_evaluates_to_the_windows_counted(stride, padding, dilation):
    from symconv.shapes import guide_form

    pb, pa = (padding, padding) if isinstance(padding, int) else padding[0]
    for size in range(1, 12):
        for kernel in range(1, 5):
            expected = _windows_counted(size, kernel, stride, pb, pa, dilation)
            if expected <= 0:
                continue
            form = guide_form(size, kernel, stride=stride, padding=padding, dilation=dilation)
            assert form.doit() == expected == sc.conv_output_size(size, kernel, stride=stride, padding=padding,
                                                                  dilation=dilation)


def test_guide_form_is_written_as_the_guide_writes_it():
    from symconv.shapes import guide_form
    from symconv.symbolic import latex

    form = guide_form(i, 3, stride=2, padding=1)
    assert sympy.sstr(form, order="none") == "floor((i + 2*1 - 3)/2) + 1"
    assert latex(form) == r"\left\lfloor{\frac{i + 2 \cdot 1 - 3}{2}}\right\rfloor + 1"
    assert str(sc.conv_output_size(i, 3, stride=2, padding=1)) == "floor(i/2 - 1/2) + 1"  # what SymPy simplifies to
    # the same size: equal for every input size, and symbolically once evaluated
    assert all(form.doit().subs(i, n) == sc.conv_output_size(n, 3, stride=2, padding=1) for n in range(1, 20))
    assert form.doit() == sc.conv_output_size(i, 3, stride=2, padding=1)
    # the guide's relationships 6 (general), 1-2 (stride 1), 15 (dilation) and 14 (transposed)
    assert latex(guide_form(i, k, stride=s, padding=p)) == r"\left\lfloor{\frac{i + 2 p - k}{s}}\right\rfloor + 1"
    assert latex(guide_form(i, k)) == "i - k + 1"
    assert latex(guide_form(i, k, padding=p)) == "i + 2 p - k + 1"
    assert latex(guide_form(i, k, stride=s, padding=p, dilation=d)) == (
        r"\left\lfloor{\frac{i + 2 p - d \left(k - 1\right) - 1}{s}}\right\rfloor + 1"
    )
    transposed = guide_form(i_t, k, stride=s, padding=p, transposed=True, output_padding=a)
    assert latex(transposed) == r"s \left(i' - 1\right) + a + k - 2 p"
    assert sympy.simplify(transposed - sc.conv_transpose_output_size(i_t, k, stride=s, padding=p, output_padding=a)) == 0
    assert sympy.sstr(guide_form(3, 3, stride=2, padding=1, transposed=True, output_padding=1), order="none") == (
        "2*(3 - 1) + 1 + 3 - 2*1"
    )
    assert guide_form(3, 3, stride=2, padding=1, transposed=True, output_padding=1).doit() == 6
    # per axis, as conv_output_size
    forms = guide_form((5, 6), 3, stride=2, padding=1)
    assert isinstance(forms, tuple) and [f.doit() for f in forms] == list(sc.conv_output_size((5, 6), 3, stride=2, padding=1))
    assert sympy.sstr(guide_form(i, 3, padding=((1, 2),)), order="none") == "i + 1 + 2 - 3 + 1"  # unequal pads


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(padding="same"), SymconvError, r'padding: the guide writes no formula for "same"'),
        (dict(stride=0), SymconvError, r"stride: expected"),
        (dict(transposed=1), TypeError, r"transposed: expected a bool, got int 1"),
        (dict(stride=1.5), TypeError, r"stride"),
    ],
)
def test_guide_form_refusals(kwargs, error, match):
    from symconv.shapes import guide_form

    with pytest.raises(error, match=match) as caught:
        guide_form(5, 3, **kwargs)
    if error is SymconvError:
        assert caught.value.parameter == next(iter(kwargs))


def test_guide_form_refuses_a_kernel_larger_than_the_input():
    from symconv.shapes import guide_form

    with pytest.raises(SymconvError) as caught:
        guide_form(2, 5)
    assert caught.value.parameter is not None

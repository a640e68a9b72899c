"""The fully connected -> convolution derivation: checked by substitution, its steps and counts."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy

from symconv import SymconvError
from symconv.symbolic import conv_expressions, fc_to_conv, latex


def _name(base, index):
    return sympy.Symbol(f"{base}_{{{','.join(map(str, index))}}}")


def _dense_layer(sizes):
    """h[p] = u[p] + sum_q W[p, q] X[q] over a dense symbolic W, by a plain loop."""
    positions = list(itertools.product(*map(range, sizes)))
    return positions, {p: _name("u", p) + sum(_name("W", p + q) * _name("X", q) for q in positions) for p in positions}


@pytest.mark.parametrize("sizes, delta", [((5, 5), 1), ((7,), 2), ((3, 4, 3), 1), ((4, 6), 2), ((5, 5), 0)])
def test_constraints_substituted_into_dense_W_give_conv_expressions(sizes, delta):
    positions, layer = _dense_layer(sizes)
    # reindexing, translation invariance and locality, applied one after another
    reindex = {_name("W", p + q): _name("V", p + tuple(b - a for a, b in zip(p, q))) for p in positions for q in positions}
    invariance = {_name("V", p + tuple(b - a for a, b in zip(p, q))): _name("V", tuple(b - a for a, b in zip(p, q))) for p in positions for q in positions}
    invariance.update({_name("u", p): sympy.Symbol("u") for p in positions})
    locality = {
        _name("V", d): 0
        for d in itertools.product(*(range(-(n - 1), n) for n in sizes))
        if max(map(abs, d)) > delta
    }
    constrained = {p: e.xreplace(reindex).xreplace(invariance).xreplace(locality) for p, e in layer.items()}
    # the convolution the derivation arrives at: kernel V[a] for a in -delta..delta, zero padding delta
    kernel = np.empty((2 * delta + 1,) * len(sizes), dtype=object)
    for index in np.ndindex(*kernel.shape):
        kernel[index] = _name("V", tuple(t - delta for t in index))
    image = np.empty((1, *sizes), dtype=object)
    for p in positions:
        image[(0, *p)] = _name("X", p)
    conv = conv_expressions(image, kernel[None, None], padding=delta, bias=np.array([sympy.Symbol("u")], dtype=object))
    for p in positions:
        assert constrained[p] == conv[(0, *p)], p
    # an odd kernel: padding delta on every side is exactly "same"
    same = conv_expressions(image, kernel[None, None], padding="same", bias=np.array([sympy.Symbol("u")], dtype=object))
    assert same == conv


@pytest.mark.parametrize("ndim, sizes", [(1, (6,)), (2, (5, 5)), (3, (3, 3, 4))])
def test_executable_check_passes(ndim, sizes):
    results = fc_to_conv(ndim).check(sizes=sizes, delta=1)
    assert len(results) == 12
    assert all(results.values()), [name for name, ok in results.items() if not ok]


def test_reindexing_is_a_bijection():
    # the step's own relations: k = i + a and a = k - i are inverse to each other
    step = fc_to_conv(2)[1]
    forward, backward = step.relations[1], step.relations[2]
    i, j, k, l, a, b = sympy.symbols("i j k l a b", integer=True)
    solved = sympy.solve([sympy.Eq(x, y) for x, y in zip(forward.lhs, forward.rhs)], [a, b], dict=True)
    assert solved == [dict(zip(backward.lhs, backward.rhs))]
    # and on concrete sizes every W entry has exactly one V entry
    n = 4
    pairs = {(p, q): (p, tuple(y - x for x, y in zip(p, q))) for p in itertools.product(range(n), repeat=2) for q in itertools.product(range(n), repeat=2)}
    assert len(set(pairs.values())) == len(pairs) == n**4


def test_parameter_counts():
    d = fc_to_conv(2)
    n_h, n_w = sympy.symbols("n_h n_w", integer=True, positive=True)
    delta = sympy.Symbol("Delta", integer=True, nonnegative=True)
    counts = [step.parameters.subs({n_h: 5, n_w: 5, delta: 1}) for step in d]
    assert counts == [625, 625, 81, 9, 9]
    assert [step.parameters.subs({delta: 2}) for step in fc_to_conv(1)][3:] == [5, 5]
    assert fc_to_conv(3)[3].parameters.subs(delta, 1) == 27
    # the notes' example: 36 million values into 100 hidden units, 3.6 billion weights
    relations = d[4].relations
    assert relations[3].rhs.doit() == 36_000_000 * 100 == 3_600_000_000
    assert float(relations[4].rhs.doit()) == 3.6e9
    conv_count = relations[5].rhs.subs(delta, 1)
    assert conv_count == 3 * 100 * 3 * 3 == relations[6].rhs
    c_in, c_out = sympy.symbols("c_in c_out", integer=True, positive=True)
    assert relations[0].rhs.subs({c_in: 1, c_out: 1, n_h: 5, n_w: 5}) == 625


def test_final_step_is_the_notes_formula():
    h, u, V, X = (sympy.IndexedBase(n) for n in "huVX")
    i, j, a, b = sympy.symbols("i j a b", integer=True)
    delta = sympy.Symbol("Delta", integer=True, nonnegative=True)
    expected = sympy.Eq(h[i, j], sympy.Symbol("u") + sympy.Sum(V[a, b] * X[i + a, j + b], (b, -delta, delta), (a, -delta, delta)))
    assert fc_to_conv(2)[3].relations[-1] == expected
    assert latex(expected.rhs) == r"u + \sum_{a=- \Delta}^{\Delta} \sum_{b=- \Delta}^{\Delta} {V}_{a,b} {X}_{a + i,b + j}"


def test_every_step_has_relations_explanation_and_count():
    for ndim in (1, 2, 3):
        d = fc_to_conv(ndim)
        assert len(d) == 5
        for step in d:
            assert step.relations and all(isinstance(r, sympy.Basic) for r in step.relations)
            assert len(step.explanation_as("text")) > 100
            assert step.parameters is not None


@pytest.mark.parametrize("ndim", [0, 4, "2", 2.0, True])
def test_bad_ndim(ndim):
    with pytest.raises(SymconvError, match=r"ndim: expected 1, 2 or 3, got"):
        fc_to_conv(ndim)


def test_bad_check_sizes():
    d = fc_to_conv(2)
    with pytest.raises(SymconvError, match=r"sizes: expected 2 positive ints, got \(5,\)"):
        d.check(sizes=(5,))
    with pytest.raises(SymconvError, match="delta: expected a non-negative int, got -1"):
        d.check(delta=-1)
    with pytest.raises(SymconvError, match="at most 400 pixels"):
        d.check(sizes=(30, 30))

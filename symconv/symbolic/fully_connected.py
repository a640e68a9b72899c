"""From a fully connected layer to a convolution, as the notes derive it.

A fully connected layer between images keeps the spatial axes: its weights
``W`` form a tensor indexed by output and input position.  Re-indexing the
input position as an offset from the output position (``V``), asking that the
weights not depend on where the output sits (translation invariance) and that
they vanish beyond a distance ``Delta`` (locality) leaves a cross-correlation
with a ``(2 Delta + 1)``-wide kernel: a convolution layer.

:func:`fc_to_conv` returns that derivation as a :class:`Derivation` whose
:meth:`~Derivation.check` replays it on concrete sizes: it substitutes each
constraint into a dense symbolic ``W`` and compares the result with the step's
own formula, and the last one with :func:`conv_expressions`.

References
----------
.. [1] Seed notes 001 (9.1: 9.1.1 re-examining the fully connected layer,
   9.1.2 translation invariance, 9.1.3 locality), 002 (6.1) and 004 (from MLP
   to convolution: 36 million RGB values into 100 hidden units).
.. [2] A. Zhang, Z. C. Lipton, M. Li, A. J. Smola, *Dive into Deep Learning*,
   section 7.1 "From Fully Connected Layers to Convolutions".
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np
import sympy

from .._errors import SymconvError
from .derivation import Derivation, Step
from .expressions import conv_expressions

__all__ = ["fc_to_conv"]

_OUT = ("i", "j", "m")
_IN = ("k", "l", "q")
_TAP = ("a", "b", "c")
_SIZES = {1: ("n",), 2: ("n_h", "n_w"), 3: ("n_h", "n_w", "n_d")}

#: The notes' example (seed 004): a good camera's RGB image has 36 million
#: values; a single hidden layer of 100 units on it needs 3.6 billion weights.
EXAMPLE_INPUT_VALUES = 36_000_000
EXAMPLE_HIDDEN_UNITS = 100
EXAMPLE_INPUT_CHANNELS = 3


class _Symbols:
    """The notes' symbols for one dimensionality."""

    def __init__(self, ndim):
        self.ndim = ndim
        self.out = sympy.symbols(_OUT[:ndim], integer=True)
        self.inp = sympy.symbols(_IN[:ndim], integer=True)
        self.tap = sympy.symbols(_TAP[:ndim], integer=True)
        self.sizes = sympy.symbols(_SIZES[ndim], integer=True, positive=True)
        self.delta = sympy.Symbol("Delta", integer=True, nonnegative=True)
        self.c_in, self.c_out = sympy.symbols("c_in c_out", integer=True, positive=True)
        self.h, self.u, self.W, self.V, self.X = (sympy.IndexedBase(n) for n in ("h", "u", "W", "V", "X"))
        self.u0 = sympy.Symbol("u")
        self.P_fc, self.P_conv = sympy.symbols("P_FC P_conv", integer=True, positive=True)
        self.P_photo = sympy.Symbol(r"P_{\mathrm{photo}}", integer=True, positive=True)
        self.shifted = tuple(i + a for i, a in zip(self.out, self.tap))

    @property
    def layer(self):
        return self.h[self.out]

    def nested_sum(self, body, limits):
        for limit in reversed(limits):
            body = sympy.Sum(body, limit)
        return body

    def pixels(self):
        return sympy.Mul(*self.sizes)


def _tuple(values):
    return values[0] if len(values) == 1 else sympy.Tuple(*values)


def _step_fully_connected(s: _Symbols) -> Step:
    body = s.W[(*s.out, *s.inp)] * s.X[s.inp]
    relation = sympy.Eq(s.layer, s.u[s.out] + s.nested_sum(body, [(k, 0, n - 1) for k, n in zip(s.inp, s.sizes)]))
    count = s.pixels() ** 2
    return Step(
        "A fully connected layer between images",
        [relation],
        "Keep the input {X} and the hidden representation {h} with the image's spatial axes instead of flattening "
        "them into vectors. A fully connected layer has one weight for every pair of an output position {out} and "
        "an input position {inp}, so its weights {W} form a tensor with twice as many axes as the image, and {u} "
        "holds one bias per output position. An image of {pixels} pixels needs {count} weights; with {c_in} input "
        "and {c_out} output channels, {c_in_c_out} times as many.",
        count,
        {
            "X": s.X,
            "h": s.h,
            "W": s.W,
            "u": s.u,
            "out": _tuple(s.out),
            "inp": _tuple(s.inp),
            "pixels": s.pixels(),
            "count": count,
            "c_in": s.c_in,
            "c_out": s.c_out,
            "c_in_c_out": s.c_in * s.c_out,
        },
    )


def _step_reindex(s: _Symbols) -> Step:
    offsets = tuple(k - i for k, i in zip(s.inp, s.out))
    limits = [(a, -i, n - 1 - i) for a, i, n in zip(s.tap, s.out, s.sizes)]
    relations = [
        sympy.Eq(s.V[(*s.out, *s.tap)], s.W[(*s.out, *s.shifted)]),
        sympy.Eq(_tuple(s.inp), _tuple(s.shifted)),
        sympy.Eq(_tuple(s.tap), _tuple(offsets)),
        sympy.Eq(s.layer, s.u[s.out] + s.nested_sum(s.V[(*s.out, *s.tap)] * s.X[s.shifted], limits)),
    ]
    count = s.pixels() ** 2
    return Step(
        "Re-indexing by offsets",
        relations,
        "Write each input position {inp} as the output position {out} plus an offset {tap}. For a fixed output "
        "position this is a bijection between input positions and offsets (the second and third relations are "
        "inverse to each other), so {V} is only a renaming of the entries of {W}: every weight of one is exactly "
        "one weight of the other. The layer is unchanged, nothing is lost, and the sum now runs over offsets.",
        count,
        {"inp": _tuple(s.inp), "out": _tuple(s.out), "tap": _tuple(s.tap), "V": s.V, "W": s.W},
    )


def _step_translation(s: _Symbols) -> Step:
    limits = [(a, -i, n - 1 - i) for a, i, n in zip(s.tap, s.out, s.sizes)]
    relations = [
        sympy.Eq(s.V[(*s.out, *s.tap)], s.V[s.tap]),
        sympy.Eq(s.u[s.out], s.u0),
        sympy.Eq(s.layer, s.u0 + s.nested_sum(s.V[s.tap] * s.X[s.shifted], limits)),
    ]
    count = sympy.Mul(*(2 * n - 1 for n in s.sizes))
    return Step(
        "Principle 1: translation invariance",
        relations,
        "Shifting the input {X} should shift the hidden representation {h} and change nothing else, so the weight "
        "that looks at offset {tap} must not depend on the output position {out}: {V} keeps only the offset "
        "indices and the bias {u} becomes one number. One weight per offset is left, and offsets on an axis of "
        "{n} positions take {offsets} values. The layer is now a cross-correlation over the whole image.",
        count,
        notes=["The notes call this principle translation invariance; what it gives is equivariance: shifting "
               "{X} shifts {h} the same way (the page equivariance proves where), rather than leaving it unchanged."],
        symbols={
            "X": s.X,
            "h": s.h,
            "tap": _tuple(s.tap),
            "out": _tuple(s.out),
            "V": s.V,
            "u": s.u0,
            "n": s.sizes[0],
            "offsets": 2 * s.sizes[0] - 1,
        },
    )


def _step_locality(s: _Symbols) -> Step:
    outside = sympy.Or(*(sympy.Or(k < 0, k > n - 1) for k, n in zip(s.inp, s.sizes)))
    relations = [
        sympy.Implies(sympy.Or(*(sympy.Abs(a) > s.delta for a in s.tap)), sympy.Eq(s.V[s.tap], 0)),
        sympy.Implies(outside, sympy.Eq(s.X[s.inp], 0)),
        sympy.Eq(
            s.layer,
            s.u0 + s.nested_sum(s.V[s.tap] * s.X[s.shifted], [(a, -s.delta, s.delta) for a in s.tap]),
        ),
    ]
    width = 2 * s.delta + 1
    count = width**s.ndim
    return Step(
        "Principle 2: locality",
        relations,
        "To compute {h_out} the layer should not look far from {X_out}: set {V} to zero for every offset larger "
        "than {delta} on some axis. Positions outside the image hold no input, which the second relation states "
        "as zeros: zero padding by {delta} on every side, so the output keeps the image's size. What remains is a "
        "cross-correlation of {X} with a kernel of width {width} on each axis: a convolution layer with {count} "
        "weights, however large the image.",
        count,
        notes=["That count holds for {delta_fits}: an axis of {n} positions has only {offsets} offsets, so taps "
               "beyond {last} never meet an input and a wider kernel only adds weights that do nothing."],
        symbols={
            "h_out": s.layer,
            "X_out": s.X[s.out],
            "V": s.V[s.tap],
            "delta": s.delta,
            "X": s.X,
            "width": width,
            "count": count,
            "delta_fits": sympy.Le(s.delta, s.sizes[0] - 1),
            "n": s.sizes[0],
            "offsets": 2 * s.sizes[0] - 1,
            "last": s.sizes[0] - 1,
        },
    )


def _step_counts(s: _Symbols) -> Step:
    fc = s.c_in * s.c_out * s.pixels() ** 2
    conv = s.c_in * s.c_out * (2 * s.delta + 1) ** s.ndim
    example_fc = sympy.Mul(EXAMPLE_INPUT_VALUES, EXAMPLE_HIDDEN_UNITS, evaluate=False)
    # 3.6 x 10^9 written as the notes write it; the check compares it with the product
    example_fc_value = sympy.Mul(sympy.Float("3.6"), sympy.Pow(10, 9, evaluate=False), evaluate=False)
    kernel_one = sympy.Pow(3, s.ndim, evaluate=False)
    example_conv = sympy.Mul(EXAMPLE_INPUT_CHANNELS, EXAMPLE_HIDDEN_UNITS, kernel_one, evaluate=False)
    relations = [
        sympy.Eq(s.P_fc, fc),
        sympy.Eq(s.P_conv, conv),
        sympy.Eq(s.P_fc / s.P_conv, sympy.simplify(fc / conv)),
        # the notes' example is another layer (a photograph into 100 hidden units), so it gets its own name
        sympy.Eq(s.P_photo, example_fc),
        sympy.Eq(example_fc, example_fc_value, evaluate=False),
        sympy.Eq(s.P_conv, sympy.Mul(EXAMPLE_INPUT_CHANNELS, EXAMPLE_HIDDEN_UNITS, (2 * s.delta + 1) ** s.ndim)),
        sympy.Eq(example_conv, EXAMPLE_INPUT_CHANNELS * EXAMPLE_HIDDEN_UNITS * 3**s.ndim, evaluate=False),
    ]
    return Step(
        "Parameter counts side by side",
        relations,
        "The fully connected layer from {c_in} to {c_out} channels of the same size needs {fc} weights, the "
        "convolution {conv}: a kernel of {kernel} weights per pair of input and output channel, independent of "
        "the image size. The notes' example: a camera image with {values} RGB values into a single hidden layer of "
        "{units} units needs {example_fc_value} weights, while a convolution from its {three} channels to {units} "
        "channels needs {conv_example}, for {delta_one} only {example_conv_value}.",
        (2 * s.delta + 1) ** s.ndim,
        {
            "c_in": s.c_in,
            "c_out": s.c_out,
            "fc": fc,
            "conv": conv,
            "kernel": (2 * s.delta + 1) ** s.ndim,
            "values": sympy.Mul(36, sympy.Pow(10, 6, evaluate=False), evaluate=False),
            "units": sympy.Integer(EXAMPLE_HIDDEN_UNITS),
            "example_fc_value": example_fc_value,
            "three": sympy.Integer(EXAMPLE_INPUT_CHANNELS),
            "conv_example": sympy.Mul(EXAMPLE_INPUT_CHANNELS, EXAMPLE_HIDDEN_UNITS, (2 * s.delta + 1) ** s.ndim),
            "delta_one": sympy.Eq(s.delta, 1, evaluate=False),
            "example_conv_value": sympy.Integer(EXAMPLE_INPUT_CHANNELS * EXAMPLE_HIDDEN_UNITS * 3**s.ndim),
            "P_photo": s.P_photo,
            "P_fc": s.P_fc,
        },
        notes=["{P_photo} counts another layer than {P_fc}: the photograph flattened into a hidden layer of "
               "{units} units, not {units} channels of the image's size."],
    )


def fc_to_conv(ndim: int = 2) -> Derivation:
    """The derivation of a convolution layer from a fully connected one.

    Five steps, each with its SymPy relations, a paragraph of explanation and
    the number of free weights (seed notes 001 9.1, 002 6.1, 004):

    1. a fully connected layer between images, ``h[i,j] = u[i,j] + sum_{k,l}
       W[i,j,k,l] X[k,l]``, ``(n_h n_w)^2`` weights;
    2. re-indexing ``k = i + a``, ``V[i,j,a,b] = W[i,j,i+a,j+b]`` -- a bijection;
    3. translation invariance, ``V[i,j,a,b] = V[a,b]``, ``u[i,j] = u``;
    4. locality, ``V[a,b] = 0`` for ``|a| > Delta`` or ``|b| > Delta``:
       ``h[i,j] = u + sum_{a=-Delta}^{Delta} sum_{b=-Delta}^{Delta} V[a,b] X[i+a,j+b]``;
    5. the parameter counts side by side, symbolic and for the notes' example.

    Parameters
    ----------
    ndim : {1, 2, 3}, default 2
        Spatial axes of the image (index names ``i, j, m`` for outputs, ``k, l,
        q`` for inputs, ``a, b, c`` for offsets; sizes ``n`` or ``n_h, n_w, n_d``).

    Returns
    -------
    Derivation
        Renders with ``.to_latex()``, ``.to_markdown()`` and in Jupyter;
        ``.check(sizes=(5, 5), delta=1)`` replays it on concrete sizes.

    Raises
    ------
    SymconvError
        ``ndim`` other than 1, 2 or 3.

    Examples
    --------
    >>> d = fc_to_conv()
    >>> [step.parameters for step in d]
    [n_h**2*n_w**2, n_h**2*n_w**2, (2*n_h - 1)*(2*n_w - 1), (2*Delta + 1)**2, (2*Delta + 1)**2]
    >>> d[3].relations[-1]
    Eq(h[i, j], u + Sum(V[a, b]*X[a + i, b + j], (b, -Delta, Delta), (a, -Delta, Delta)))
    >>> all(fc_to_conv(1).check(sizes=(4,), delta=1).values())
    True

    See Also
    --------
    conv_expressions : the concrete outputs the last step arrives at.
    """
    if isinstance(ndim, bool) or not isinstance(ndim, int) or ndim not in (1, 2, 3):
        raise SymconvError(f"ndim: expected 1, 2 or 3, got {ndim!r}", parameter="ndim")
    s = _Symbols(ndim)
    steps = [_step_fully_connected(s), _step_reindex(s), _step_translation(s), _step_locality(s), _step_counts(s)]
    return Derivation(
        f"From a fully connected layer to a convolution ({ndim}-D)",
        steps,
        introduction=(
            "Two principles turn a fully connected layer into a convolution layer: translation invariance and "
            "locality. Each step below states its relations, why they hold, and how many free weights remain."
        ),
        checker=functools.partial(_check, s, steps),
    )


# ----------------------------------------------------------------------------
# the executable check
# ----------------------------------------------------------------------------


def _symbol(name, index):
    return sympy.Symbol(f"{name}_{{{','.join(map(str, index))}}}")


def _weight_count(expressions):
    names = {sym for e in expressions for sym in e.free_symbols if sym.name[:2] in ("W_", "V_")}
    return len(names)


def _check(s: _Symbols, steps, sizes=None, delta=1) -> dict:
    """Replay the derivation for concrete ``sizes`` and offset bound ``delta``."""
    ndim = s.ndim
    sizes = (5,) * ndim if sizes is None else tuple(sizes)
    if len(sizes) != ndim or not all(isinstance(n, int) and n >= 1 for n in sizes):
        raise SymconvError(f"sizes: expected {ndim} positive ints, got {sizes!r}", parameter="sizes")
    if isinstance(delta, bool) or not isinstance(delta, int) or delta < 0:
        raise SymconvError(f"delta: expected a non-negative int, got {delta!r}", parameter="delta")
    if math.prod(sizes) > 400:
        raise SymconvError(f"sizes: the dense check builds {math.prod(sizes) ** 2} weights; expected at most 400 pixels, got {sizes}", parameter="sizes")
    positions = list(np.ndindex(*sizes))
    X = {p: _symbol("X", p) for p in positions}
    u = {p: _symbol("u", p) for p in positions}

    def difference(p, q):
        return tuple(b - a for a, b in zip(p, q))

    # step 1 by a plain double loop over dense W
    layers = [[u[p] + sympy.Add(*(_symbol("W", p + q) * X[q] for q in positions)) for p in positions]]
    # step 2: W[i,j,k,l] -> V[i,j,k-i,l-j]
    reindex = {_symbol("W", p + q): _symbol("V", p + difference(p, q)) for p in positions for q in positions}
    layers.append([e.xreplace(reindex) for e in layers[0]])
    # step 3: V[i,j,a,b] -> V[a,b], u[i,j] -> u
    offsets = {difference(p, q) for p in positions for q in positions}
    invariance = {_symbol("V", p + difference(p, q)): _symbol("V", difference(p, q)) for p in positions for q in positions}
    invariance.update({u[p]: s.u0 for p in positions})
    layers.append([e.xreplace(invariance) for e in layers[1]])
    # step 4: V[a,b] -> 0 beyond delta
    locality = {_symbol("V", d): sympy.S.Zero for d in offsets if max(map(abs, d)) > delta}
    layers.append([e.xreplace(locality) for e in layers[2]])

    numbers = dict(zip(s.sizes, sizes))
    numbers[s.delta] = delta
    results = {"re-indexing W -> V is a bijection": len(set(reindex.values())) == len(reindex) == len(positions) ** 2}
    for number, (step, layer) in enumerate(zip(steps, layers), 1):
        formula = _layer_relation(step, s)
        evaluated = [_evaluate(formula.rhs, s, numbers, p, X, u) for p in positions]
        results[f"step {number} formula equals the substituted layer"] = evaluated == layer
        results[f"step {number} weight count"] = _weight_count(layer) == step.parameters.subs(numbers)
    kernel = np.empty((2 * delta + 1,) * ndim, dtype=object)
    for index in np.ndindex(*kernel.shape):
        kernel[index] = _symbol("V", tuple(t - delta for t in index))
    image = np.empty(sizes, dtype=object)
    for p in positions:
        image[p] = X[p]
    conv = conv_expressions(image[None], kernel[None, None], padding=delta, bias=np.array([s.u0], dtype=object))
    results["locality result equals conv_expressions with padding delta"] = [conv[(0, *p)] for p in positions] == layers[3]
    counts = steps[4].relations
    unit = {s.c_in: 1, s.c_out: 1, **numbers}
    results["step 5 counts match steps 1 and 4"] = (
        counts[0].rhs.subs(unit) == _weight_count(layers[0]) and counts[1].rhs.subs(unit) == _weight_count(layers[3])
    )
    example = counts[4]
    results["step 5 example: 36e6 x 100 = 3.6e9"] = sympy.Eq(example.lhs.doit(), example.rhs.doit()) is sympy.true
    return results


def _layer_relation(step, s):
    for relation in step.relations:
        if isinstance(relation, sympy.Equality) and relation.lhs == s.layer:
            return relation
    raise SymconvError(f"step {step.title!r} states no layer relation h[...] = ...")  # pragma: no cover


def _expand_sum(finite_sum):
    """A sum with integer bounds written out term by term (``Sum.doit`` is far slower)."""
    names = [limit[0] for limit in finite_sum.limits]
    ranges = [range(int(low), int(high) + 1) for _, low, high in finite_sum.limits]
    function = finite_sum.function
    return sympy.Add(*(function.xreplace(dict(zip(names, values))) for values in itertools.product(*ranges)))


def _evaluate(rhs, s, numbers, position, X, u):
    """The formula ``rhs`` at one concrete output position, in the check's symbols."""
    concrete = rhs.xreplace({**numbers, **dict(zip(s.out, position))})
    concrete = concrete.replace(lambda e: isinstance(e, sympy.Sum), _expand_sum)

    def lookup(indexed):
        name, index = indexed.base.label.name, tuple(int(t) for t in indexed.indices)
        if name == "X":
            return X.get(index, sympy.S.Zero)
        if name == "u":
            return u[index]
        return _symbol(name, index)

    return concrete.replace(lambda e: isinstance(e, sympy.Indexed), lookup)

"""The derivations of ``derivations/`` that no other module writes, built from the library.

Each function returns a :class:`~symconv.symbolic.Derivation` whose formulas
are SymPy objects made by symconv itself -- the sums of
:func:`~symconv.symbolic.conv_sum`, the expressions of
:func:`~symconv.symbolic.conv_expressions` and of
:mod:`symconv.symbolic.variants`, the statements of the identity catalogue,
sizes from :class:`symconv.Geometry`, counts from :mod:`symconv.counting`,
receptive fields from :func:`symconv.receptive_field` -- and whose
:meth:`~symconv.symbolic.Derivation.check` re-derives the page's claims by
an independent route (the identity catalogue's symbolic and numeric checks,
the NumPy backend, the connectivity graph, published numbers).  The build
refuses to write a page whose check fails.

References
----------
.. [1] The seed notes: 000 (sparse interactions, parameter sharing,
   equivariance), 001 (9.1-9.2), 002 (6.1-6.5), 003 (sections 2-13), 004.
.. [2] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep
   learning", arXiv:1603.07285.
.. [3] A. Araujo, W. Norris, J. Sim, "Computing receptive fields of
   convolutional neural networks", Distill, 2019.
.. [4] Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, "Gradient-based learning
   applied to document recognition", Proc. IEEE 86(11), 1998.
.. [5] J. Dai et al., "Deformable Convolutional Networks", arXiv:1703.06211.
"""

from __future__ import annotations

import numpy as np
import sympy

from .. import counting
from ..geometry import Geometry
from .derivation import Derivation, Illustration, Step, Table
from .expressions import conv_expressions, conv_sum, symbol_array
from .identities import identity
from .variants import as_array

__all__ = [
    "shape_arithmetic",
    "cross_correlation",
    "padding_stride_dilation",
    "channels",
    "pooling",
    "groups_separable",
    "transposed",
    "deformable",
    "receptive_fields",
    "equivariance",
    "parameter_counting",
]

_i, _k, _s, _p, _d, _o = sympy.symbols("i k s p d o", integer=True, positive=True)


# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------


def _eq(lhs, rhs, evaluate=False):
    """``Eq`` left as written: ``Eq(Symbol, Matrix)`` would otherwise evaluate to False."""
    return sympy.Eq(lhs, rhs, evaluate=evaluate)


def _identity_checks(*names, rng=0) -> dict:
    """Both checks of each named identity of the catalogue."""
    results = {}
    for name in names:
        ident = identity(name)
        results[f"identity {name}: symbolic"] = ident.check_symbolic()
        results[f"identity {name}: numeric"] = ident.check_numeric(rng)
    return results


def _statement(name):
    return identity(name).statement


def _matrix(values) -> sympy.Matrix:
    """A SymPy matrix of an array (a row for 1-D), entries sympified."""
    array = as_array(values)
    if array.ndim == 1:
        array = array[None]
    return sympy.Matrix([[sympy.sympify(v) for v in row] for row in array.tolist()])


def _sym(name, *shape):
    """An object array of symbols ``name_{i,j}`` (``name_{i}`` in 1-D)."""
    return as_array(symbol_array(name, shape))


def _gif(name: str) -> Illustration:
    return Illustration(
        "The convolution-arithmetic guide's configuration {name}, animated by symconv.",
        image=f"figures/arithmetic/{name}.gif",
        symbols={"name": name},
    )


def _diagram(name: str, caption: str, width: float = 0.8) -> Illustration:
    from ..graphs import figures

    return Illustration(
        caption,
        mermaid=lambda lang: figures.diagram_mermaid(name, lang),
        latex_image=f"figures/{name}.png",
        width=width,
    )


def _products(window, kernel):
    """``w0*x0 + w1*x1 + ...`` left unevaluated, as written out by hand in the notes."""
    terms = [sympy.Mul(sympy.Integer(x), sympy.Integer(w), evaluate=False) for x, w in zip(window, kernel)]
    return sympy.Add(*terms, evaluate=False)


def _ints(value):
    return int(value[0]) if isinstance(value, tuple) else int(value)


# ----------------------------------------------------------------------------
# shape arithmetic: the 15 relationships
# ----------------------------------------------------------------------------


def shape_arithmetic() -> Derivation:
    """The 15 relationships of the convolution-arithmetic guide, one step each.

    Each step states the relationship as ``conditions => o = ...`` (the
    associated transposed convolution below it), the guide's wording, and
    how many integer configurations :meth:`symconv.shapes.Relationship.verify`
    compared; a last step tabulates the guide's animated configurations.

    Returns
    -------
    Derivation
        ``check()`` proves every relationship with SymPy, compares it on the
        integer grid, and recomputes the guide's published output sizes.

    Examples
    --------
    >>> d = shape_arithmetic()
    >>> len(d), d[0].title
    (16, 'No zero padding, unit strides')
    """
    from .. import shapes

    rels = shapes.relationships()
    verdicts = [rel.verify() for rel in rels]
    steps = []
    for rel, verdict in zip(rels, verdicts):
        statement = rel.equation if not rel.conditions else sympy.Implies(sympy.And(*rel.conditions), rel.equation)
        illustrations = [_gif(rel.figure)] if rel.figure else []
        steps.append(
            Step(
                rel.title,
                [statement, *rel.associated],
                rel.wording,
                symbols={"cases": sympy.Integer(verdict["cases"])},
                notes=["Checked: proved symbolically; {cases} integer configurations agree."],
                illustrations=illustrations,
            )
        )
    rows = []
    for c in shapes.GUIDE_CONFIGURATIONS:
        o = shapes.conv_output_size(c.i, c.k, stride=c.s, padding=c.p, dilation=c.d)
        back = shapes.conv_transpose_output_size(
            o, c.k, stride=c.s, padding=c.p, dilation=c.d, output_padding=c.output_padding
        )
        rows.append([c.name, c.i, c.k, c.s, c.p, c.d, o, c.relationship, c.output_padding, back,
                     c.transposed_relationship or "-"])
    i_t, a = sympy.Symbol("i'", integer=True, positive=True), sympy.Symbol("a", integer=True, nonnegative=True)
    keff = sympy.Symbol(r"\hat{k}")
    steps.append(
        Step(
            "The guide's animations",
            [],
            "Output sizes symconv computes for the configurations the guide animates (they equal the guide's), "
            "and the transposed convolution that takes {back} back to {i} with {a}.",
            symbols={"back": _eq(i_t, _o), "i": _i, "a": _eq(a, sympy.Mod(_i + 2 * _p - keff, _s))},
            table=Table(
                ["animation", "$i$", "$k$", "$s$", "$p$", "$d$", "$o$", "relationship", "$a$", "$o'$",
                 "transposed relationship"],
                rows,
                align="lrrrrrrrrrr",
            ),
        )
    )

    def check():
        results = {}
        for rel, verdict in zip(rels, verdicts):
            results[f"relationship {rel.number}: proved symbolically"] = verdict["symbolic"]
            results[f"relationship {rel.number}: {verdict['cases']} integer configurations agree"] = verdict["numeric"]
        for c, row in zip(shapes.GUIDE_CONFIGURATIONS, rows):
            results[f"{c.name}: o = {c.o} as the guide shows"] = row[6] == c.o
            results[f"{c.name}: the transposed convolution gives back i = {c.i}"] = row[9] == c.i
        return results

    return Derivation(
        "Shape arithmetic: the 15 relationships of the convolution-arithmetic guide",
        steps,
        introduction=(
            "Dumoulin and Visin's *A guide to convolution arithmetic for deep learning* (arXiv:1603.07285) "
            "derives the output size of convolution, pooling and transposed convolution case by case. Here are "
            "its 15 relationships as SymPy equations with their conditions, each checked against symconv's one "
            "geometry. Along one axis, $i$ is the input size, $k$ the kernel size, $s$ the stride, $p$ the zero "
            "padding on each side, $d$ the dilation and $o$ the output size; primed letters belong to a "
            "transposed convolution, whose input $i'$ is the output of the direct convolution it is associated "
            "with. The geometry (`symconv.Geometry`) computes every output size from one formula, {general}, "
            "and for a transposed convolution with $a$ (`output_padding`) extra cells at the end, {general_t}. "
            "Each relationship is proved equal to it under its conditions with SymPy and compared with "
            "`conv_output_size`, `pool_output_size` or `conv_transpose_output_size` on every integer "
            "configuration with $i, k \\le 8$, $s \\le 4$, $p \\le 3$ (and $d \\le 3$ for dilation) that meets "
            "its conditions; a transposed relationship must moreover give back the direct convolution's input "
            "size $i$."
        ),
        symbols={
            "general": shapes.general_output_size(),
            "general_t": shapes.general_output_size(transposed=True),
        },
        checker=check,
    )


# ----------------------------------------------------------------------------
# cross-correlation and convolution
# ----------------------------------------------------------------------------

#: Seed note 001, 9.2.1: a 3x3 input, a 2x2 kernel and the four sums written out.
NOTES_INPUT = np.arange(9).reshape(3, 3)
NOTES_KERNEL = np.array([[0, 1], [2, 3]])
NOTES_OUTPUT = np.array([[19, 25], [37, 43]])


def cross_correlation() -> Derivation:
    """Cross-correlation (what CNNs compute) against true convolution, in 1, 2 and 3 dimensions.

    Returns
    -------
    Derivation
        ``check()`` recomputes the notes' example with
        :func:`symconv.numeric.correlate` and the symbolic route and runs the
        catalogue's checks of flipping, commutativity and associativity.

    Examples
    --------
    >>> [step.title for step in cross_correlation()][:2]
    ['Two-dimensional cross-correlation', "The notes' example"]
    """
    from .variants import convolve, correlate

    n_h, n_w, k_h, k_w = sympy.symbols("n_h n_w k_h k_w", integer=True, positive=True)
    o_h, o_w = Geometry((k_h, k_w)).output_size((n_h, n_w))
    X, W, Y, b = sympy.symbols("X W Y b")
    corr = sympy.Function("corr")
    outputs = correlate(NOTES_INPUT, NOTES_KERNEL)
    sums = []
    for i, j in np.ndindex(*outputs.shape):
        window = NOTES_INPUT[i : i + 2, j : j + 2].ravel()
        sums.append(_eq(_products(window, NOTES_KERNEL.ravel()), int(outputs[i, j]), evaluate=False))
    flipped = convolve(NOTES_INPUT, NOTES_KERNEL, mode="valid")
    f, g = _sym("f", 2), _sym("g", 3)
    fg, gf = convolve(f, g), convolve(g, f)
    conv_f = sympy.Function("conv")
    steps = [
        Step(
            "Two-dimensional cross-correlation",
            [conv_sum(2), _eq(Y, corr(X, W) + b), _eq(sympy.Symbol(r"\operatorname{shape}(Y)"), sympy.Tuple(o_h, o_w))],
            "The output at {ij} is the sum of the kernel {W} times the window of the input {X} that starts there: "
            "multiply corresponding entries and add. An input of size {n} and a kernel of size {k} give an output of "
            "size {o} (from the geometry); the bias {b} is added to every output, and the kernel and the bias are what the "
            "layer learns. The kernel size is a hyperparameter.",
            symbols={"ij": sympy.Tuple(*sympy.symbols("i j")), "W": W, "X": X, "b": b,
                     "n": sympy.Tuple(n_h, n_w), "k": sympy.Tuple(k_h, k_w), "o": sympy.Tuple(o_h, o_w)},
        ),
        Step(
            "The notes' example",
            [_eq(X, _matrix(NOTES_INPUT)), _eq(W, _matrix(NOTES_KERNEL)), *sums,
             _eq(corr(X, W), _matrix(outputs))],
            "Each output multiplies the four entries of its window by the kernel's and adds them: the four sums "
            "of seed note 001, computed here by symconv's cross-correlation.",
        ),
        Step(
            "True convolution flips the kernel",
            [conv_sum(2, flip=True), _statement("cross-correlation-is-flipped-convolution"),
             _eq(conv_f(X, W), _matrix(flipped))],
            "True convolution reads the kernel backwards, {Wflip}: it is the cross-correlation with the kernel "
            "flipped along every axis, so on the same example it gives other numbers. A layer learns its kernel "
            "either way -- a kernel learned by one is the flipped kernel of the other -- so deep-learning "
            "libraries compute cross-correlation and call it convolution.",
            symbols={"Wflip": sympy.IndexedBase("W")[-sympy.Symbol("a"), -sympy.Symbol("b")]},
        ),
        Step(
            "Only true convolution commutes",
            [_eq(conv_f(sympy.Symbol("f"), sympy.Symbol("g")), _matrix(fg)),
             _eq(conv_f(sympy.Symbol("g"), sympy.Symbol("f")), _matrix(gf)),
             _statement("convolution-commutes"), _statement("convolution-associates")],
            "Flipping is what makes true convolution commutative and associative, as in mathematics (seed note "
            "003, section 2): in full mode the roles of input and kernel can be swapped. Cross-correlation has "
            "neither property, which does not matter for a layer that learns its kernel.",
        ),
        Step(
            "One and three dimensions",
            [conv_sum(1), conv_sum(3)],
            "The same sum runs over one axis for text, speech and time series, and over three for video, medical "
            "volumes and weather maps (seed note 001, 9.2.3).",
        ),
    ]

    def check():
        from ..numeric import correlate as numeric_correlate

        results = {
            "the notes' example gives 19, 25, 37, 43": bool(np.array_equal(outputs, NOTES_OUTPUT)),
            "symconv.numeric.correlate agrees": bool(
                np.array_equal(numeric_correlate(NOTES_INPUT, NOTES_KERNEL), NOTES_OUTPUT)
            ),
            "true convolution is correlation with the flipped kernel": bool(
                np.array_equal(flipped, correlate(NOTES_INPUT, NOTES_KERNEL[::-1, ::-1]))
            ),
            "conv(f, g) = conv(g, f) symbolically": all(sympy.expand(a - b) == 0 for a, b in zip(fg, gf)),
        }
        results.update(_identity_checks(
            "cross-correlation-is-flipped-convolution", "convolution-commutes", "convolution-associates"
        ))
        return results

    return Derivation(
        "Cross-correlation and convolution",
        steps,
        introduction=(
            "What deep-learning libraries call convolution is cross-correlation: the kernel slides over the input "
            "without being flipped. True convolution flips it. Seed notes 001 (9.2) and 003 (section 2) tell the "
            "two apart; here each form comes from SymPy and each claim is checked."
        ),
        checker=check,
    )


# ----------------------------------------------------------------------------
# padding, stride and dilation
# ----------------------------------------------------------------------------

_SIZE_EXAMPLES = (
    # (i, k, s, p, d): the guide's direct configurations
    (4, 3, 1, 0, 1), (5, 4, 1, 2, 1), (5, 3, 1, 1, 1), (5, 3, 1, 2, 1),
    (5, 3, 2, 0, 1), (5, 3, 2, 1, 1), (6, 3, 2, 1, 1), (7, 3, 1, 0, 2),
)  # fmt: skip


def padding_stride_dilation() -> Derivation:
    """Padding, stride and dilation: what each does to the window and to the output size.

    Returns
    -------
    Derivation
        ``check()`` compares the sizes with the shapes
        :func:`symconv.numeric.conv` returns and runs the catalogue's checks of
        strides, dilation and the dilated receptive field.

    Examples
    --------
    >>> padding_stride_dilation()[3].table.rows[0]
    (4, 3, 1, 0, 1, 2)
    """
    from .. import shapes
    from .variants import dilated_kernel

    n = sympy.Symbol("n", integer=True, nonnegative=True)
    padded = Geometry(_k, 1, _p).output_size((_i,))[0]
    same = Geometry(2 * n + 1, 1, n).output_size((_i,))[0]
    strided = Geometry(_k, _s, _p).output_size((_i,))[0]
    k_hat = sympy.Symbol(r"\hat{k}")
    effective = Geometry(_k, dilation=_d).effective_kernel_size[0]
    w = _sym("w", 3)
    spread = dilated_kernel(w.reshape(1, 1, 3), 2)[0, 0]
    rows = [(i, k, s, p, d, shapes.conv_output_size(i, k, stride=s, padding=p, dilation=d))
            for i, k, s, p, d in _SIZE_EXAMPLES]
    L = sympy.Symbol("L", integer=True, positive=True)
    steps = [
        Step(
            "Zero padding",
            [_eq(_o, padded), sympy.Implies(sympy.And(_eq(_k, 2 * n + 1), _eq(_p, n)), _eq(_o, same))],
            "Padding adds {p} zeros on each side of the input, so that the kernel can also be centred on the "
            "border cells and the border is not lost; PyTorch's padding=1 adds one row above and one below. An "
            "odd kernel {k_odd} with {p_n} keeps the size, which is why odd kernels are the usual choice: both "
            "sides get the same padding.",
            symbols={"p": _p, "k_odd": _eq(_k, 2 * n + 1), "p_n": _eq(_p, n)},
            illustrations=[_gif("same_padding_no_strides"), _gif("full_padding_no_strides")],
        ),
        Step(
            "Stride",
            [_eq(_o, strided), _statement("stride-is-subsampling")],
            "The stride {s} moves the window {s} cells at a time, for inputs whose full resolution is redundant. "
            "A strided convolution is the stride-1 convolution read every {s} outputs; the floor drops a last "
            "window that would run past the end.",
            symbols={"s": _s},
            illustrations=[
                _gif("padding_strides"),
                _gif("padding_strides_odd"),
                Illustration("The convolution matrix with stride 2: each block row starts two blocks further right.",
                             image="figures/conv-matrix-stride-2.svg", latex_image="figures/conv-matrix-stride-2.png",
                             width=0.6),
            ],
        ),
        Step(
            "Dilation",
            [_eq(k_hat, effective), _statement("dilation-is-zero-inserted-kernel"),
             _eq(sympy.Symbol("w^{(2)}"), _matrix(spread))],
            "Dilation {d} spreads the taps {d} cells apart, with {holes} holes between them, to see further with "
            "the same weights: a dilated (atrous) convolution is an ordinary one with a zero-inserted kernel of "
            "effective size {k_hat}; with {d_one} it is the standard convolution.",
            symbols={"d": _d, "holes": _d - 1, "k_hat": k_hat, "d_one": _eq(_d, 1)},
            illustrations=[_gif("dilation")],
        ),
        Step(
            "All three at once",
            [shapes.general_output_size()],
            "One formula of the geometry covers padding, stride and dilation together. The table gives it for the "
            "guide's configurations; each size is also the shape symconv's convolution returns.",
            table=Table(["$i$", "$k$", "$s$", "$p$", "$d$", "$o$"], rows),
        ),
        Step(
            "Dilation grows the receptive field fast",
            [_statement("dilated-receptive-field")],
            "Stacking 3-tap convolutions with dilations 1, 2, 4, ... doubles the receptive field at every layer: "
            "{L} layers see {rf} inputs with only {w} weights.",
            symbols={"L": L, "rf": 2 ** (L + 1) - 1, "w": 3 * L},
            illustrations=[_diagram("diagrams/dilated-stack", "Dilations 1, 2, 4: the top unit sees all 15 inputs.")],
        ),
    ]

    def check():
        from ..numeric import conv

        results = {}
        for i, k, s, p, d, o in rows:
            shape = conv(np.zeros((1, 1, i)), np.zeros((1, 1, k)), stride=s, padding=p, dilation=d).shape[-1]
            results[f"i={i} k={k} s={s} p={p} d={d}: numeric output has {o} cells"] = shape == o
        for k in (1, 3, 5, 7):
            x = np.arange(9.0).reshape(1, 1, 9)
            results[f"odd kernel {k} with padding {k // 2} keeps the size"] = (
                conv(x, np.ones((1, 1, k)), padding=k // 2).shape == x.shape
            )
        results["w^(2) is w with one zero between taps"] = list(spread) == [w[0], 0, w[1], 0, w[2]]
        results.update(_identity_checks(
            "stride-is-subsampling", "dilation-is-zero-inserted-kernel", "dilated-receptive-field"
        ))
        return results

    return Derivation(
        "Padding, stride and dilation",
        steps,
        introduction=(
            "Padding, stride and dilation change where the kernel's window sits; every output size below comes "
            "from the one geometry symconv uses everywhere (`symconv.Geometry`). Seed notes 002 (6.3) and 003 "
            "(sections 5 and 10)."
        ),
        checker=check,
    )


# ----------------------------------------------------------------------------
# channels and 1x1 convolution
# ----------------------------------------------------------------------------


def channels() -> Derivation:
    """Multiple input and output channels, and the 1x1 convolution.

    Returns
    -------
    Derivation
        ``check()`` runs the catalogue's checks of the channel sum and of the
        1x1 convolution as a dense layer, and compares the parameter count
        with the size of a real weight tensor.

    Examples
    --------
    >>> channels()[1].parameters
    C_in*C_out*k_h*k_w + C_out
    """
    c_in, c_out, k_h, k_w, H, W = sympy.symbols("C_in C_out k_h k_w H W", integer=True, positive=True)
    layer = counting.conv((c_in, H, W), c_out, (k_h, k_w), padding="same")
    pointwise = counting.conv((c_in, H, W), c_out, 1)
    P, M = sympy.symbols("P M")
    two_channels = conv_expressions((2, 3, 3), (1, 2, 1, 2))[0, 0, 0]
    one_by_one = conv_expressions((3, 1, 1), (2, 3, 1, 1))
    y = sympy.IndexedBase("y")
    shape = sympy.Tuple(c_out, c_in, k_h, k_w)
    table = []
    for name, k in (("3x3", 3), ("1x1", 1)):
        count = counting.conv((256, 56, 56), 64, k, padding="same")
        table.append([f"{name}, 256 -> 64", count.params, count.macs])
    steps = [
        Step(
            "Several input channels",
            [_statement("multi-channel-sum"), conv_sum(2, channels=True),
             _eq(y[0, 0, 0], two_channels)],
            "Each input channel has its own 2-D kernel; one output channel sums the cross-correlations over all "
            "{C} input channels. The last line writes out one output of a 2-channel 3x3 input with 1x2 kernels: "
            "four products, two per channel.",
            symbols={"C": sympy.Symbol("C")},
        ),
        Step(
            "Several output channels",
            [_eq(sympy.Symbol(r"\operatorname{shape}(W)"), shape), _eq(P, layer.params), _eq(M, layer.macs)],
            "Stacking {c_out} such kernels gives {c_out} output channels, each responding to a different feature "
            "(seed note 002, 6.4): the kernel tensor has the shape below, PyTorch's (C_out, C_in, k_h, k_w). With "
            "one bias per output channel the layer has {P} parameters and costs {M} multiply-accumulates on a map "
            "of size {HW} with same padding. Spatial resolution is often traded for more channels.",
            layer.params,
            symbols={"c_out": c_out, "P": layer.params, "M": layer.macs,
                     "HW": sympy.Tuple(H, W)},
        ),
        Step(
            "The 1x1 convolution",
            [_statement("pointwise-is-dense"), _eq(y, _matrix(one_by_one.reshape(2))),
             _eq(P, pointwise.params)],
            "With a 1x1 kernel each output pixel is a linear combination of the {c_in} values at the same pixel: a "
            "fully connected layer over the channels, applied at every position with shared weights. It changes "
            "the number of channels cheaply and cuts the cost of the layers after it (seed note 003, section 6).",
            pointwise.params,
            symbols={"c_in": c_in},
            table=Table(["layer on a 56x56 map", "params", "MACs"], table, prose_columns=()),
        ),
    ]

    def check():
        from ..numeric import conv

        rng = np.random.default_rng(0)
        x, w = rng.normal(size=(2, 5, 4, 4)), rng.normal(size=(3, 5, 1, 1))
        dense = np.einsum("oc,nchw->nohw", w[:, :, 0, 0], x)
        numbers = {c_in: 5, c_out: 3, k_h: 3, k_w: 2}
        weight = np.zeros((3, 5, 3, 2))
        results = {
            "1x1 convolution equals a dense layer per pixel (einsum)": bool(np.allclose(conv(x, w), dense)),
            "params = weight tensor size + one bias per output channel": layer.params.subs(numbers) == weight.size + 3,
            "one output of 2 channels with 1x2 kernels has 4 products": len(two_channels.args) == 4,
        }
        results.update(_identity_checks("multi-channel-sum", "pointwise-is-dense"))
        return results

    return Derivation(
        "Channels and the 1x1 convolution",
        steps,
        introduction=(
            "Images have channels -- red, green and blue, or the feature maps of the layer below -- and a "
            "convolution layer mixes them. Seed notes 002 (6.4) and 003 (sections 5 and 6)."
        ),
        checker=check,
    )


# ----------------------------------------------------------------------------
# pooling
# ----------------------------------------------------------------------------


def pooling() -> Derivation:
    """Max, average and global pooling, written out, and their output sizes.

    Returns
    -------
    Derivation
        ``check()`` compares the written-out expressions, at random numbers,
        with :func:`symconv.numeric.max_pool` and
        :func:`~symconv.numeric.avg_pool`, and runs the catalogue's checks.

    Examples
    --------
    >>> pooling()[0].relations[0].rhs.shape
    (2, 2)
    """
    from .. import shapes
    from .variants import global_pool_expressions, pool_expressions

    Y = sympy.Symbol("Y")
    maxed = pool_expressions((1, 4, 4), 2)
    averaged = pool_expressions((1, 2, 4), 2, mode="avg")
    pooled_global = global_pool_expressions((1, 2, 2))
    floor_size = shapes.pool_output_size(_i, _k, stride=_s)
    ceil_size = shapes.pool_output_size(_i, _k, stride=_s, ceil_mode=True)
    o_floor, o_ceil = sympy.symbols(r"o_{floor} o_{ceil}")
    steps = [
        Step(
            "Max pooling",
            [_eq(Y, _matrix(np.array(maxed.tolist()[0], dtype=object))), _statement("max-pool-is-max-of-window")],
            "Each output is the largest value of its window; a 2x2 window with stride 2 reads every input "
            "once and halves each side of a 4x4 map. Pooling has nothing to learn. It makes the layer less "
            "sensitive to where exactly a feature appears, and downsamples the representation (seed note 002, "
            "6.5).",
        ),
        Step(
            "Average pooling is a convolution",
            [_eq(Y, _matrix(np.array(averaged.tolist()[0], dtype=object))), _statement("average-pool-is-conv")],
            "Average pooling is the per-channel convolution with the constant kernel that weights every cell of "
            "the window equally, with the pooling's stride.",
        ),
        Step(
            "Output size",
            [_eq(o_floor, floor_size), _eq(o_ceil, ceil_size)],
            "The window slides like a convolution without padding, so the size is relationship 7 of the guide. "
            "PyTorch's ceil_mode rounds up instead, keeping a last partial window as long as it starts inside the "
            "input.",
        ),
        Step(
            "Global pooling",
            [_eq(Y, _matrix(np.array(pooled_global.tolist(), dtype=object))), _statement("global-pool-is-mean")],
            "Global average pooling reduces each channel to its mean: one window covering the whole map.",
        ),
    ]

    def check():
        from ..numeric import avg_pool, max_pool

        rng = np.random.default_rng(0)
        x = rng.normal(size=(1, 1, 4, 4))
        values = {sympy.Symbol(f"X_{{0,{i},{j}}}"): x[0, 0, i, j] for i in range(4) for j in range(4)}
        written = np.array([[float(e.subs(values)) for e in row] for row in maxed.tolist()[0]])
        averages = np.array([[float(e.subs(values)) for e in row] for row in averaged.tolist()[0]])
        results = {
            "written-out max pooling equals numeric max_pool": bool(np.allclose(written, max_pool(x, 2)[0, 0])),
            "written-out average pooling equals numeric avg_pool": bool(
                np.allclose(averages, avg_pool(x[:, :, :2], 2)[0, 0])
            ),
            "ceil_mode keeps a last partial window (i=5, k=2)": (
                shapes.pool_output_size(5, 2, ceil_mode=True), shapes.pool_output_size(5, 2)
            ) == (3, 2) and max_pool(np.zeros((1, 1, 5)), 2, ceil_mode=True).shape[-1] == 3,
        }
        results.update(_identity_checks("max-pool-is-max-of-window", "average-pool-is-conv", "global-pool-is-mean"))
        return results

    return Derivation(
        "Pooling",
        steps,
        introduction=(
            "Pooling summarises each window by its maximum or its mean. Every expression below is written out by "
            "symconv from the pooling geometry."
        ),
        checker=check,
    )


# ----------------------------------------------------------------------------
# groups and separable convolutions
# ----------------------------------------------------------------------------


def groups_separable() -> Derivation:
    """Group, depthwise-separable and spatially separable convolution: shapes, costs and factorisations.

    Returns
    -------
    Derivation
        The steps of :func:`~symconv.symbolic.variants.separable_cost_derivation`
        between a step on groups and steps on factorisation; ``check()`` runs
        its check, the catalogue's checks and the rank tests.

    Examples
    --------
    >>> groups_separable()[0].parameters
    C_in*C_out*k**2/g + C_out
    """
    from .variants import separable_cost_derivation, separable_factors, separable_rank

    c_in, c_out, k, H, W, g = sympy.symbols("C_in C_out k H W g", integer=True, positive=True)
    grouped = counting.conv((c_in, H, W), c_out, k, padding="same", groups=g)
    P, M = sympy.symbols("P_g M_g")
    cost = separable_cost_derivation()
    gaussian = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    laplacian = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]])
    u, v = separable_factors(gaussian)
    K = sympy.Symbol("K")
    rank = sympy.Function("rank")
    variants = [
        counting.conv((64, 56, 56), 128, 3, padding=1, bias=False, name="conv 3x3, 64 -> 128"),
        counting.conv((64, 56, 56), 128, 3, padding=1, groups=4, bias=False, name="group conv, groups = 4"),
        *counting.depthwise_separable((64, 56, 56), 128, 3, padding=1, bias=False, name="depthwise-separable"),
        *counting.spatially_separable((64, 56, 56), 128, 3, padding=1, mid_channels=64, bias=False,
                                      name="spatially separable (3x1, 1x3)"),
    ]
    names = ["full 3x3 convolution", "group convolution, 4 groups", "depthwise 3x3 (64 groups)", "pointwise 1x1",
             "depthwise-separable, both stages", "column pass 3x1 (64 channels)", "row pass 1x3 (128 channels)",
             "spatially separable, both passes"]
    rows = [[name, _shape_text(c.output_shape), c.params, c.macs] for name, c in zip(names, variants, strict=True)]
    steps = [
        Step(
            "Group convolution",
            [_statement("group-is-concatenation"), _eq(P, grouped.params), _eq(M, grouped.macs)],
            "The input channels are split into {g} groups and each group of kernels sees only its own slice -- "
            "AlexNet's way of fitting the network on two GPUs (seed note 003, section 7). The input is split "
            "along its channel axis, the kernels along their output-channel axis, so each kernel has {per_group} "
            "input channels; the output has the shape of the ungrouped layer, and parameters and "
            "multiply-accumulates are divided by {g}.",
            grouped.params,
            symbols={"g": g, "per_group": c_in / g},
        ),
        *cost.steps,
        Step(
            "Depthwise then pointwise is one factored convolution",
            [_statement("depthwise-separable-composition")],
            "The two stages together equal one ordinary convolution whose kernel is factored: every output channel "
            "mixes the same depthwise-filtered channels. Fewer parameters, a restricted family of kernels.",
        ),
        Step(
            "Spatially separable means rank one",
            [_statement("separability-is-rank-one"), _eq(K, _matrix(gaussian)),
             _eq(sympy.Symbol("u v^{T}"), sympy.MatMul(u, v.T, evaluate=False)),
             _eq(rank(_matrix(laplacian)), separable_rank(laplacian))],
            "A kernel splits into a column pass and a row pass exactly when its rank is 1: the 3x3 Gaussian-like "
            "kernel is the outer product of (1, 2, 1) with itself, while the Laplacian has rank 2 and does not "
            "split.",
        ),
        Step(
            "One layer, five ways",
            [],
            "A 64 -> 128 layer on a 56x56 map with 3x3 kernels, counted by `symconv.counting` (no biases), "
            "written five ways: full, grouped, depthwise-separable (two stages), spatially separable (two passes). "
            "The depthwise-separable layer costs {ratio} of the full one: the ratio above with {c_out}.",
            symbols={"ratio": sympy.Add(sympy.Rational(1, 128), sympy.Rational(1, 9), evaluate=False),
                     "c_out": _eq(c_out, 128)},
            table=Table(["layer", "output shape", "params", "MACs"], rows, prose_columns=(0,)),
        ),
    ]

    def check():
        results = {f"separable costs: {name}": ok for name, ok in cost.check().items()}
        results["Gaussian kernel has rank 1 and factors as u v^T"] = bool(
            separable_rank(gaussian) == 1 and sympy.Matrix(gaussian) == u * v.T
        )
        results["Laplacian has rank 2"] = separable_rank(laplacian) == 2
        results["the table's depthwise-separable MACs are 1/128 + 1/9 of the full layer's"] = (
            sympy.Rational(variants[4].macs, variants[0].macs) == sympy.Rational(1, 128) + sympy.Rational(1, 9)
        )
        numbers = {c_in: 8, c_out: 6, k: 3, g: 2, H: 5, W: 5}
        full = counting.conv((8, 5, 5), 6, 3, padding="same", bias=False)
        results["groups divide the weights by g"] = (grouped.params - c_out).subs(numbers) * 2 == full.params
        results.update(_identity_checks(
            "group-is-concatenation", "group-divides-parameters", "depthwise-separable-composition",
            "separability-is-rank-one", "depthwise-separable-cost",
        ))
        return results

    return Derivation(
        "Group and separable convolutions",
        steps,
        introduction=(
            "Group, depthwise-separable and spatially separable convolutions give up some freedom of the kernel "
            "for far fewer parameters and multiply-accumulates (seed note 003, sections 7-9)."
        ),
        checker=check,
    )


# ----------------------------------------------------------------------------
# transposed convolution
# ----------------------------------------------------------------------------


def transposed() -> Derivation:
    """Transposed convolution as the transpose of the convolution matrix, as a scatter, and as a convolution.

    Returns
    -------
    Derivation
        ``check()`` proves ``C^T y`` equal to the scatter and to the guide's
        construction symbolically, compares :func:`symconv.numeric.conv_transpose`
        with the transpose of :func:`symconv.conv_matrix` on a random 2-D case,
        and runs the catalogue's checks.

    Examples
    --------
    >>> transposed()[0].relations[0].rhs.shape
    (2, 4)
    """
    from .. import shapes
    from ..matrix import conv_matrix
    from .variants import transposed_construction, transposed_scatter

    w = _sym("w", 3)
    x = sympy.Matrix(symbol_array("x", (4,)).tolist())
    C = conv_matrix((1, 4), w.reshape(1, 1, 3), format="dense")
    y = sympy.Matrix(symbol_array("y", (2,)).tolist())
    CT_y = C.T * y
    scattered = transposed_scatter(np.array(list(y), dtype=object).reshape(1, 2), w.reshape(1, 1, 3))[0]
    z = _sym("z", 2)
    built = transposed_construction(z.reshape(1, 2), w.reshape(1, 1, 3), stride=2)
    Cs = sympy.Symbol("C")
    conv_t = sympy.Function(r"conv^{T}")
    steps = [
        Step(
            "The convolution matrix",
            [_eq(Cs, C), _eq(sympy.Symbol("C x"), C * x)],
            "Unrolled, a convolution is a matrix product {y_Cx}. Row {r} of {C} holds the kernel where output {r} "
            "reads the input: the matrix is sparse and constant along its diagonals (Toeplitz). In 2-D it is a "
            "grid of such blocks, themselves placed in a Toeplitz pattern: doubly-block Toeplitz (figures below).",
            symbols={"y_Cx": _eq(sympy.Symbol("y"), sympy.Symbol("C x")), "r": sympy.Symbol("r"), "C": Cs},
            illustrations=[
                Illustration("The 16 x 16 matrix of a 3x3 kernel on a 4x4 input (padding 1): entries coloured by tap, "
                             "blocks labelled by the kernel row they repeat.",
                             image="figures/conv-matrix.svg", latex_image="figures/conv-matrix.png", width=0.6),
                Illustration("The same matrix as blocks: one Toeplitz block per kernel row, placed Toeplitz-wise.",
                             image="figures/conv-matrix-blocks.svg", latex_image="figures/conv-matrix-blocks.png"),
            ],
        ),
        Step(
            "Transposing the matrix",
            [_eq(sympy.Symbol("C^{T}"), C.T), _eq(sympy.Symbol("C^{T} y"), CT_y),
             _statement("transposed-is-matrix-transpose")],
            "{CT} maps a vector of the output's size back to one of the input's size: that product is the "
            "transposed convolution. It restores the shape, not the values -- it is no inverse, and the name "
            "deconvolution is a misnomer (seed note 003, section 11). It is also the gradient of the convolution "
            "with respect to its input.",
            symbols={"CT": sympy.Symbol("C^{T}")},
        ),
        Step(
            "A scatter",
            [_eq(conv_t(sympy.Symbol("y"), sympy.Symbol("w")), _matrix(scattered))],
            "Read column by column, {CTy} scatters every input value, times the whole kernel, into the output: "
            "input {i} adds {wy} at position {pos}. symconv's scatter gives the same expressions as the matrix.",
            symbols={"CTy": sympy.Symbol("C^{T} y"), "i": sympy.Symbol("i"),
                     "wy": sympy.IndexedBase("w")[sympy.Symbol("a")] * sympy.IndexedBase("y")[sympy.Symbol("i")],
                     "pos": sympy.Symbol("i") * _s + sympy.Symbol("a") * _d - _p},
        ),
        Step(
            "As an ordinary convolution",
            [_statement("transposed-is-stuffed-flipped-conv"), _eq(sympy.Symbol("z"), _matrix(z)),
             _eq(sympy.Symbol(r"\operatorname{stuff}(z)"), _matrix(built.stuffed[0])),
             _eq(sympy.Symbol(r"\operatorname{pad}(\operatorname{stuff}(z))"), _matrix(built.padded[0])),
             _eq(sympy.Symbol(r"\operatorname{flip}(w)"), _matrix(built.kernel[0, 0])),
             _eq(conv_t(sympy.Symbol("z"), sympy.Symbol("w")), _matrix(built.output[0]))],
            "The guide builds the same result from a direct convolution: insert {gaps} zeros between the inputs, "
            "pad each side by {pad}, and cross-correlate with the flipped kernel at stride 1. Here for stride 2 "
            "on two inputs.",
            symbols={"gaps": _s - 1, "pad": _d * (_k - 1) - _p},
        ),
        Step(
            "Output size",
            [shapes.general_output_size(transposed=True), shapes.relationships()[13].equation],
            "The output size inverts the convolution's: {a} extra cells at the end (PyTorch's output_padding) "
            "choose among the {s} input sizes that a strided convolution maps to the same output size. The second "
            "line is the guide's relationship 14, without dilation.",
            symbols={"a": sympy.Symbol("a"), "s": _s},
            illustrations=[_gif("padding_strides_transposed"), _gif("padding_strides_odd_transposed")],
        ),
    ]

    def check():
        from ..numeric import conv_transpose

        rng = np.random.default_rng(0)
        yy, ww = rng.normal(size=(1, 2, 3, 4)), rng.normal(size=(2, 3, 3, 3))
        numeric = conv_transpose(yy, ww, stride=2, padding=1)
        # the forward convolution's kernel (C_out, C_in, k) is the transposed one's (C_in, C_out, k)
        matrix = conv_matrix((3, *numeric.shape[2:]), ww, stride=2, padding=1, format="dense")
        plain = conv_transpose(np.array([[[1.0, 2.0]]]), np.array([[[1.0, 10.0, 100.0]]]), stride=2)
        results = {
            "C^T y equals the scatter": all(sympy.expand(a - b) == 0 for a, b in zip(CT_y, scattered.ravel())),
            "numeric conv_transpose equals C^T y in 2-D": bool(
                np.allclose(matrix.T @ yy[0].ravel(), numeric[0].ravel())
            ),
            "the construction at stride 2 gives (1, 10, 102, 20, 200) for z = (1, 2), w = (1, 10, 100)": bool(
                np.allclose(plain[0, 0], [1, 10, 102, 20, 200])
                and [e.subs({z[0]: 1, z[1]: 2, w[0]: 1, w[1]: 10, w[2]: 100}) for e in built.output[0]]
                == [1, 10, 102, 20, 200]
            ),
        }
        results.update(_identity_checks("transposed-is-matrix-transpose", "transposed-is-stuffed-flipped-conv",
                                        "gradient-input-is-transposed-conv"))
        return results

    return Derivation(
        "Transposed convolution and the transpose of the convolution matrix",
        steps,
        introduction=(
            "A transposed convolution maps the output shape of a convolution back to its input shape, for "
            "upsampling. It multiplies by the transpose of the convolution matrix (seed note 003, section 11; "
            "the convolution-arithmetic guide, chapter 4)."
        ),
        checker=check,
    )


# ----------------------------------------------------------------------------
# deformable convolution
# ----------------------------------------------------------------------------


def deformable() -> Derivation:
    """Deformable convolution: offsets, bilinear sampling and a written-out example.

    Returns
    -------
    Derivation
        ``check()`` compares the written-out example with
        :func:`symconv.numeric.deform_conv2d` at random numbers, checks the
        offset channel count of the notes' shapes, and runs the catalogue's
        checks.

    Examples
    --------
    >>> deformable()[0].relations[0].rhs
    2*k_h*k_w
    """
    from .variants import bilinear_form, deform_conv2d_expressions

    k_h, k_w = sympy.symbols("k_h k_w", integer=True, positive=True)
    u, v = sympy.symbols("u v")
    r0, c0 = sympy.symbols("r_0 c_0", integer=True)
    corners = np.array([[sympy.Symbol(f"X_{{r_0{dr},c_0{dc}}}") for dc in ("", "+1")] for dr in ("", "+1")], dtype=object)
    X = sympy.Function("X")
    i, j, a, b = sympy.symbols("i j a b", integer=True)
    W, dr, dc = sympy.IndexedBase("W"), sympy.IndexedBase(r"\Delta r"), sympy.IndexedBase(r"\Delta c")
    general = _eq(
        sympy.IndexedBase("y")[i, j],
        sympy.Sum(sympy.Sum(W[a, b] * X(_s * i - _p + _d * a + dr[a, b, i, j], _s * j - _p + _d * b + dc[a, b, i, j]),
                            (b, 0, k_w - 1)), (a, 0, k_h - 1)),
    )
    x = _sym("x", 3, 3).reshape(1, 3, 3)
    w = _sym("w", 2, 2).reshape(1, 1, 2, 2)
    offset = np.zeros((8, 2, 2))
    offset[1::2] = 0.5  # every tap half a cell to the right
    example = deform_conv2d_expressions(x, offset, w)
    C_off = sympy.Symbol(r"C_{\mathrm{offset}}")
    steps = [
        Step(
            "Offsets",
            [_eq(C_off, 2 * k_h * k_w), general],
            "An ordinary kernel samples a fixed grid, which limits how well the network models geometric "
            "transformations. A deformable convolution adds to every tap an offset {dr_dc}, predicted from the input "
            "by another convolution, so the grid can follow the object: {C} offset channels per output position, "
            "a row and a column offset per tap. For the notes' 3x3 kernels on a (32, 64, 28, 28) input the offsets "
            "have shape (32, 18, 28, 28).",
            symbols={"dr_dc": sympy.Tuple(dr[a, b, i, j], dc[a, b, i, j]), "C": 2 * k_h * k_w},
        ),
        Step(
            "Bilinear sampling",
            [_eq(X(r0 + u, c0 + v), bilinear_form(u, v, corners))],
            "The shifted positions fall between pixels, so the input is read by bilinear interpolation between the "
            "four neighbours, {uv} being the fractional parts; neighbours outside the image count as zero. The "
            "weights sum to 1, and the value is linear in the input, so gradients reach both the input and the "
            "offsets.",
            symbols={"uv": sympy.Tuple(u, v)},
        ),
        Step(
            "An example",
            [_eq(sympy.Symbol("y_{0,0}"), example[0, 0, 0]), _eq(sympy.Symbol("y_{0,1}"), example[0, 0, 1])],
            "A 2x2 kernel on a 3x3 input with every tap shifted half a cell to the right: each weight now reads the "
            "mean of two neighbours, and on the right border half of it falls outside and reads zero.",
        ),
        Step(
            "Zero offsets give back convolution",
            [_statement("deformable-zero-offsets"), _statement("deformable-integer-offsets")],
            "With zero offsets (and a mask of ones) nothing moves and the layer is an ordinary convolution; a "
            "constant integer offset reads the input shifted.",
        ),
    ]

    def check():
        from ..numeric import deform_conv2d

        rng = np.random.default_rng(0)
        xs, ws = rng.normal(size=(3, 3)), rng.normal(size=(2, 2))
        values = {**{x[0, r, c]: xs[r, c] for r in range(3) for c in range(3)},
                  **{w[0, 0, r, c]: ws[r, c] for r in range(2) for c in range(2)}}
        written = np.array([[float(e.subs(values)) for e in row] for row in example[0]])
        numeric = deform_conv2d(xs[None, None], offset[None], ws[None, None])[0, 0]
        try:
            notes = deform_conv2d(np.zeros((1, 2, 5, 5)), np.zeros((1, 18, 3, 3)), np.zeros((1, 2, 3, 3))).shape
        except Exception:  # a refusal is a failed check, reported
            notes = None
        results = {
            "written-out example equals numeric deform_conv2d": bool(np.allclose(written, numeric)),
            "a 3x3 kernel takes 18 offset channels": notes == (1, 1, 3, 3),
        }
        results.update(_identity_checks("deformable-zero-offsets", "deformable-integer-offsets",
                                        "bilinear-reproduces-bilinear"))
        return results

    return Derivation(
        "Deformable convolution",
        steps,
        introduction=(
            "A deformable convolution learns where each tap of its kernel looks (seed note 003, section 12; Dai "
            "et al. 2017)."
        ),
        checker=check,
    )


# ----------------------------------------------------------------------------
# receptive fields
# ----------------------------------------------------------------------------

#: Araujo et al. (Distill, 2019), Table 1 / symconv's closed form for the last pooling layer: r, S, P.
PUBLISHED_RECEPTIVE_FIELDS = {"VGG-16 pool5": (212, 32, 90), "AlexNet (TF-Slim) pool5": (195, 32, 64)}


def _rf_table(stack, input_size):
    from ..receptive import receptive_field

    rows = []
    for n, rf in enumerate(receptive_field(stack, input_size=input_size), start=1):
        rows.append([rf.name or str(n), rf.kind, _ints(rf.output_size), _ints(rf.size), _ints(rf.stride),
                     _ints(rf.padding)])
    return Table(["layer", "kind", "output size", "receptive field", "effective stride", "effective padding"],
                 rows, prose_columns=(1,))


def receptive_fields() -> Derivation:
    """Receptive fields in closed form, through LeNet-5, AlexNet and VGG-16.

    Returns
    -------
    Derivation
        ``check()`` compares the closed form with the receptive field read off
        the connectivity graph for several stacks, and the last layers with
        the published numbers.

    Examples
    --------
    >>> receptive_fields()[1].relations[0].rhs
    k_1 + s_1*(k_2 - 1)
    """
    from .. import networks
    from ..receptive import receptive_field

    k1, k2, k3, s1, s2, s3, p1, p2, p3 = sympy.symbols("k_1 k_2 k_3 s_1 s_2 s_3 p_1 p_2 p_3", integer=True, positive=True)
    two = receptive_field([(k1, s1, p1), (k2, s2, p2)])[-1]
    three = receptive_field([(k1, s1, p1), (k2, s2, p2), (k3, s3, p3)])[-1]
    r, S, P, u, x = sympy.symbols("r S P u x")
    r2, S2, P2, r3 = sympy.symbols("r_2 S_2 P_2 r_3")
    steps = [
        Step(
            "Indirect interaction",
            [],
            "The receptive field of a unit is every input element that can affect it, through all the layers "
            "below (seed note 002, 6.2). With kernels of width 3 a unit two layers up depends on three units of "
            "the layer below, which together depend on five inputs: deep units interact indirectly with most of "
            "the input (seed note 000).",
            illustrations=[_diagram("seed/receptive-field", "The seed notes' figure: g3 and everything it depends on.", 0.5),
                           _diagram("diagrams/depth-3", "Three layers: the field grows to 7 inputs.", 0.6)],
        ),
        Step(
            "Closed form",
            [_eq(r2, two.size), _eq(S2, two.stride), _eq(P2, two.padding), _eq(r3, three.size),
             _eq(u, -P + x * S)],
            "symconv builds the closed form of Araujo et al. layer by layer: each layer adds its kernel span minus "
            "one, times the product of the strides below it; the effective stride {S} is the product of the "
            "strides and the effective padding {P} accumulates the paddings the same way. Unit {x} of the top "
            "layer sees the inputs {u} to {v}.",
            symbols={"S": S, "P": P, "x": x, "u": u, "v": u + r - 1},
        ),
        Step(
            "LeNet-5",
            [],
            "On its 32x32 input LeNet-5's C5 sees the whole image.",
            table=_rf_table(networks.lenet5(), 32),
        ),
        Step(
            "AlexNet",
            [],
            "torchvision's AlexNet on a 224x224 image; a unit of pool5 sees 195 pixels.",
            table=_rf_table(networks.alexnet(), 224),
        ),
        Step(
            "VGG-16",
            [],
            "Thirteen 3x3 convolutions and five poolings: the field grows by 2 times the effective stride at every "
            "convolution and reaches 212 pixels at pool5, with an effective stride of 32.",
            table=_rf_table(networks.vgg16(), 224),
            illustrations=[Illustration("Receptive-field growth through VGG-16: the input region of the middle unit of each layer.",
                                        image="figures/receptive-field-growth.svg",
                                        latex_image="figures/receptive-field-growth.png", width=1.0)],
        ),
        Step(
            "Dilated stacks",
            [_statement("dilated-receptive-field")],
            "Doubling the dilation at every layer doubles the field at every layer, with three weights per layer.",
            illustrations=[_diagram("diagrams/dilated-stack", "Dilations 1, 2, 4: the top unit sees all 15 inputs.")],
        ),
    ]

    def check():
        from ..graphs import connectivity_graph, layer_nodes, receptive_field_nodes

        results = {}
        for layers in ([(3, 1, 0)] * 3, [(3, 2, 0), (3, 1, 0)], [(2, 2, 0), (3, 1, 0), (2, 2, 0)],
                       [(3, 1, 0, 1), (3, 1, 0, 2), (3, 1, 0, 4)]):
            closed = receptive_field(layers)[-1].size
            G = connectivity_graph(31, layers)
            top = layer_nodes(G, -1)[0]
            results[f"graph ancestors = closed form for {layers}"] = len(receptive_field_nodes(G, top)) == closed
        for name, stack in (("VGG-16 pool5", networks.vgg16()), ("AlexNet (TF-Slim) pool5", networks.alexnet("tf-slim"))):
            last = receptive_field(stack)[-1]
            got = (_ints(last.size), _ints(last.stride), _ints(last.padding))
            results[f"{name}: r, S, P = {PUBLISHED_RECEPTIVE_FIELDS[name]} (Araujo et al.)"] = got == PUBLISHED_RECEPTIVE_FIELDS[name]
        results["LeNet-5 C5 sees the whole 32x32 input"] = _ints(receptive_field(networks.lenet5())[-1].size) == 32
        results.update(_identity_checks("dilated-receptive-field"))
        return results

    return Derivation(
        "Receptive fields",
        steps,
        introduction=(
            "How much of the input one unit sees, layer after layer, computed in closed form (Araujo, Norris and "
            "Sim, Distill 2019) by `symconv.receptive_field` and checked against the connectivity graph."
        ),
        checker=check,
    )


# ----------------------------------------------------------------------------
# equivariance
# ----------------------------------------------------------------------------


def equivariance() -> Derivation:
    """Equivariance to translation: exact with circular padding, away from the border with zero padding.

    Returns
    -------
    Derivation
        ``check()`` compares :func:`~symconv.symbolic.variants.equivariance_region`
        with a brute-force symbolic comparison for every shift and padding of
        a small example, and runs the catalogue's checks.

    Examples
    --------
    >>> equivariance()[3].table.rows[0][-1]
    'no'
    """
    from .variants import circular_correlate, correlate, equivariance_region, shift

    f, g = sympy.Function("f"), sympy.Function("g")
    xs = sympy.Symbol("x")
    x5, k2 = _sym("x", 5), _sym("k", 2)
    left = circular_correlate(shift(x5, 1, circular=True), k2)
    right = shift(circular_correlate(x5, k2), 1, circular=True)
    x8, k3 = _sym("x", 8), _sym("k", 3)
    shifted = correlate(shift(x8, 2), k3)
    moved = shift(correlate(x8, k3), 2)
    region = equivariance_region(8, 3, 2)
    rows = []
    for index, (a, b) in enumerate(zip(shifted, moved)):
        same = sympy.expand(a - b) == 0
        rows.append([index, a, b, "yes" if same else "no"])
    steps = [
        Step(
            "Definition",
            [_eq(f(g(xs)), g(f(xs)))],
            "A function is equivariant to a transformation when transforming the input transforms the output in "
            "the same way: {f} is equivariant to {g} when the two commute. For a convolution, take {g} to be any "
            "translation of the input (seed note 000).",
            symbols={"f": f(xs), "g": g(xs)},
        ),
        Step(
            "Parameter sharing is the reason",
            [],
            "Every position uses the same kernel: one weight serves every output (the bold edges), where in a "
            "fully connected layer it serves a single pair. So moving the input moves the output, and a feature is "
            "detected wherever it appears.",
            illustrations=[_diagram("seed/parameter-sharing", "The seed notes' figure: the edges of one shared weight.")],
        ),
        Step(
            "Circular padding: exact",
            [_statement("translation-equivariance-circular"),
             _eq(sympy.Symbol(r"\operatorname{corr}(\operatorname{shift}_{1}(x), k)"), _matrix(left)),
             _eq(sympy.Symbol(r"\operatorname{shift}_{1}(\operatorname{corr}(x, k))"), _matrix(right))],
            "On a circle nothing falls off the edge: shifting by one then correlating gives exactly the correlation "
            "shifted by one.",
        ),
        Step(
            "Zero padding: away from the border",
            [_statement("translation-equivariance-interior")],
            "With zero padding the shift pushes values off one end and zeros in at the other. Shifting 8 inputs by "
            "2 before a valid 3-tap correlation changes outputs 0 and 1; outputs {first} to {last} equal the "
            "shifted outputs, the region `symconv.symbolic.variants.equivariance_region` computes.",
            symbols={"first": sympy.Integer(region.start), "last": sympy.Integer(region.stop - 1)},
            table=Table(["output", "`corr(shift(x))`", "`shift(corr(x))`", "equal"], rows, prose_columns=(3,)),
        ),
    ]

    def check():
        results = {
            "circular: corr(shift(x)) = shift(corr(x))": all(sympy.expand(a - b) == 0 for a, b in zip(left, right)),
            "the table's equal rows are the computed region": [r[0] for r in rows if r[3] == "yes"] == list(region),
        }
        xs8 = _sym("x", 8)
        for p in (0, 1, 2):
            for t in range(-3, 4):
                padded_x = np.concatenate([np.zeros(p, dtype=object), xs8, np.zeros(p, dtype=object)])
                padded_s = np.concatenate([np.zeros(p, dtype=object), shift(xs8, t), np.zeros(p, dtype=object)])
                y, y_shifted = correlate(padded_x, k3), correlate(padded_s, k3)
                agree = [n for n in range(len(y)) if 0 <= n - t < len(y) and sympy.expand(y_shifted[n] - y[n - t]) == 0]
                results[f"region p={p} t={t}"] = agree == list(equivariance_region(8, 3, t, padding=p))
        results.update(_identity_checks("translation-equivariance-circular", "translation-equivariance-interior"))
        return results

    return Derivation(
        "Equivariance to translation",
        steps,
        introduction=(
            "Convolution commutes with translation: shift the input and the output shifts the same way. Seed notes "
            "000 and 003 (section 4) call this equivariant representation; here it is proved where it holds and "
            "shown where the border breaks it."
        ),
        checker=check,
    )


# ----------------------------------------------------------------------------
# parameter counting
# ----------------------------------------------------------------------------

#: LeCun et al. (1998), section II.B: trainable parameters and connections of each layer.
LENET5_PUBLISHED = {
    "C1": (156, 122_304), "S2": (12, 5_880), "C3": (1_516, 151_600), "S4": (32, 2_000), "C5": (48_120, 48_120),
    "F6": (10_164, None),
}  # fmt: skip


def _shape_text(shape) -> str:
    return " x ".join(map(str, shape))


def parameter_counting() -> Derivation:
    """Sparse interactions and parameter sharing, and the counts they buy: MLP vs convolution, LeNet-5.

    Returns
    -------
    Derivation
        ``check()`` compares LeNet-5 with the paper's numbers, the notes'
        3.6 billion, and the multiply-accumulates with the nonzeros of the
        convolution matrix.

    Examples
    --------
    >>> parameter_counting()[3].table.rows[1][:3]
    ('C1', '6 x 28 x 28', 156)
    """
    from .fc_to_conv import EXAMPLE_HIDDEN_UNITS, EXAMPLE_INPUT_VALUES

    n_in, n_out, c_in, c_out, k, H, W = sympy.symbols("n_in n_out C_in C_out k H W", integer=True, positive=True)
    dense = counting.dense(n_in, n_out)
    conv = counting.conv((c_in, H, W), c_out, k, padding="same")
    P_dense, P_conv, M_conv = sympy.symbols("P_{dense} P_{conv} M_{conv}")
    mlp, cnn = counting.mlp_vs_conv()
    example = sympy.Mul(EXAMPLE_INPUT_VALUES, EXAMPLE_HIDDEN_UNITS, evaluate=False)
    example_value = sympy.Mul(sympy.Float("3.6"), sympy.Pow(10, 9, evaluate=False), evaluate=False)
    lenet = counting.lenet5_trace()
    lenet_rows = [[row.layer.name, _shape_text(row.layer.output_shape), row.layer.params, row.layer.macs,
                   row.connections, row.note] for row in lenet]
    photo_rows = [[name, _shape_text(c.output_shape), c.params, c.macs]
                  for name, c in zip(("dense layer to 100 hidden units", "convolution, 100 channels, 5x5, same padding"),
                                     (mlp, cnn))]
    steps = [
        Step(
            "Sparse interactions",
            [],
            "A convolution's kernel is much smaller than its input. With width 3 one input affects only three "
            "outputs, and one output depends on only three inputs (grey); in a fully connected layer every input "
            "affects every output. Few weights describe how many variables interact (seed note 000).",
            illustrations=[
                _diagram("seed/sparse-from-below", "Seen from below: what x3 affects, sparse and fully connected."),
                _diagram("seed/sparse-from-above", "Seen from above: what s3 depends on."),
                _diagram("diagrams/stride-2", "The same with stride 2: fewer outputs, each still reading three inputs."),
            ],
        ),
        Step(
            "Parameter sharing",
            [],
            "The same parameter is used by many functions of the model: the centre tap of the kernel serves every "
            "output (bold), while the fully connected layer uses each weight once. The layer stores a kernel, not a "
            "weight per connection.",
            illustrations=[_diagram("seed/parameter-sharing", "The seed notes' figure: one shared weight in bold.")],
        ),
        Step(
            "Dense against convolution",
            [_eq(P_dense, dense.params), _eq(P_conv, conv.params), _eq(M_conv, conv.macs)],
            "A dense layer pays for every pair of input and output; a convolution pays for a kernel per pair of "
            "channels, whatever the image size, though its multiply-accumulates still grow with the image. The "
            "notes' photograph: {values} RGB values into {units} hidden units need {example} weights without "
            "biases; a convolution with {units} output channels and 5x5 kernels needs {conv}.",
            symbols={"values": sympy.Mul(36, sympy.Pow(10, 6, evaluate=False), evaluate=False),
                     "units": sympy.Integer(EXAMPLE_HIDDEN_UNITS),
                     "example": _eq(example, example_value, evaluate=False),
                     "conv": sympy.Integer(cnn.params)},
            table=Table(["layer", "output shape", "params", "MACs"], photo_rows, prose_columns=(0,)),
        ),
        Step(
            "LeNet-5, layer by layer",
            [],
            "LeCun et al. (1998): a 32x32 input, C1 6@5x5, S2 2x2 subsampling, C3 16@5x5 with the paper's partial "
            "connection table, S4, C5 120@5x5, F6 84 and 10 outputs. Connections are the multiply-accumulates plus "
            "one bias per output value, the number the paper reports.",
            table=Table(["layer", "output shape", "params", "MACs", "connections", "note"], lenet_rows,
                        align="llrrrp", prose_columns=(5,)),
        ),
    ]

    def check():
        from ..matrix import conv_matrix

        results = {}
        by_name = {row.layer.name: row for row in lenet}
        for name, (params, connections) in LENET5_PUBLISHED.items():
            results[f"LeNet-5 {name}: {params} parameters as published"] = by_name[name].layer.params == params
            if connections is not None:
                results[f"LeNet-5 {name}: {connections} connections as published"] = by_name[name].connections == connections
        results["the notes' photograph: 36e6 x 100 = 3.6e9 weights"] = mlp.params == 3_600_000_000 == int(example.doit())
        results["5x5 convolution, 3 -> 100 channels: 7,500 weights"] = cnn.params == 7_500
        w = np.ones((4, 3, 3, 3))
        # without padding every multiply-accumulate is one nonzero of C (the count includes taps on padding)
        small = counting.conv((3, 6, 5), 4, 3, stride=(2, 1), bias=False)
        results["MACs = nonzeros of the convolution matrix"] = (
            conv_matrix((3, 6, 5), w, stride=(2, 1)).nnz == small.macs
        )
        numbers = {n_in: 7, n_out: 5}
        results["dense params = weight matrix + biases"] = dense.params.subs(numbers) == 7 * 5 + 5
        return results

    return Derivation(
        "Counting parameters",
        steps,
        introduction=(
            "Sparse interactions and parameter sharing are why a convolution needs so few parameters (seed note "
            "000, after Goodfellow et al., section 9.2). The counts come from `symconv.counting`, which reads every "
            "output size from the geometry."
        ),
        checker=check,
    )

"""The page ``receptive-fields``: receptive fields in closed form, through LeNet-5, AlexNet and VGG-16.

References
----------
.. [1] Seed notes 000 and 002 (6.2).
.. [2] A. Araujo, W. Norris, J. Sim, "Computing receptive fields of
   convolutional neural networks", Distill, 2019.
"""

from __future__ import annotations

import sympy

from .. import networks
from ..graphs import connectivity_graph, layer_nodes, receptive_field_nodes
from ..receptive import receptive_field
from ..symbolic.derivation import Derivation, Illustration, Step, Table
from . import _geometry
from ._common import _diagram, _eq, _identity_checks, _statement

NAME = "receptive-fields"
TITLE = "Receptive fields"

__all__ = ["NAME", "TITLE", "PARAMETERS", "REQUIRED", "EXAMPLES", "make", "check"]

#: The parameters of a layer this page is derived for (:func:`symconv.pages.derive`), and those it needs.
PARAMETERS = ("layers", "input")
REQUIRED = ("layers",)
#: Layers the page is worked for in the tests and the help.
EXAMPLES = (
    dict(layers={"conv1": (3, 1, 1), "pool1": networks.pool(2), "conv2": (3, 1, 1, 2)}, input=16),
    dict(layers=[(5, 2, 2), (3, 2, "same"), networks.pool(3, 2, name="pool", ndim=2)], input=(19, 12)),
    dict(layers=networks.vgg16(), input=224),
)


#: Araujo et al. (Distill, 2019), Table 1 / symconv's closed form for the last pooling layer: r, S, P.
PUBLISHED_RECEPTIVE_FIELDS = {"VGG-16 pool5": (212, 32, 90), "AlexNet (TF-Slim) pool5": (195, 32, 64)}


def _ints(value):
    return int(value[0]) if isinstance(value, tuple) else int(value)


def _rf_table(stack, input_size):
    rows = []
    for n, rf in enumerate(receptive_field(stack, input_size=input_size), start=1):
        rows.append([rf.name or str(n), rf.kind, _ints(rf.output_size), _ints(rf.size), _ints(rf.stride),
                     _ints(rf.padding)])
    return Table(["layer", "kind", "output size", "receptive field", "effective stride", "effective padding"],
                 rows, prose_columns=(1,))


def make(*, layers=None, input=None) -> Derivation:
    """Receptive fields through LeNet-5, AlexNet and VGG-16; given a stack, its fields layer by layer.

    Parameters
    ----------
    layers : optional
        A stack as :func:`symconv.receptive_field` reads it (named layers
        and pooling layers show as such); none gives the built-in page.
    input : optional
        The input size: the output size of each layer, and the diagram.

    Examples
    --------
    >>> d = make(layers=[(3, 1, 1), (3, 1, 1)], input=7)
    >>> [row[-3:] for row in d[0].table.rows]
    [(3, 1, 1), (5, 1, 2)]
    """
    given = _geometry.given(layers=layers, input=input)
    if given:
        return _for_geometry(_geometry.read(NAME, PARAMETERS, REQUIRED, given))
    return _example()


def _example() -> Derivation:
    """Receptive fields in closed form, through LeNet-5, AlexNet and VGG-16.

    Returns
    -------
    Derivation
        ``check()`` compares the closed form with the receptive field read off
        the connectivity graph for several stacks, and the last layers with
        the published numbers.

    Examples
    --------
    >>> make()[1].relations[0].rhs
    k_1 + s_1*(k_2 - 1)
    """
    k1, k2, k3, s1, s2, s3, p1, p2, p3 = sympy.symbols("k_1 k_2 k_3 s_1 s_2 s_3 p_1 p_2 p_3", integer=True, positive=True)
    two = receptive_field([(k1, s1, p1), (k2, s2, p2)])[-1]
    three = receptive_field([(k1, s1, p1), (k2, s2, p2), (k3, s3, p3)])[-1]
    r, S, P, u, x = sympy.symbols("r S P u x")
    r2, S2, P2, r3 = sympy.symbols("r_2 S_2 P_2 r_3")
    steps = [
        Step(
            "Indirect interaction",
            [],
            "The receptive field of a unit is the region of the input it depends on, through all the layers below "
            "(seed note 002, 6.2); its size is the region's *span*, from the first input the unit reads to the "
            "last (Araujo et al.). With kernels of width 3 a unit two layers up depends on three units of the layer "
            "below, which together depend on five inputs: deep units interact indirectly with most of the input "
            "(seed note 000).",
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
            "Span and inputs that count",
            [],
            "The closed form gives the span. Where a dilation leaves gaps between the taps, or a stride is larger "
            "than the kernel, fewer inputs than the span affect the unit: two 3-tap layers with dilation 2 span 9 "
            "inputs but read only 5 of them. Both numbers, the span from the closed form and from the connectivity "
            "graph, and the inputs the graph reaches:",
            table=Table(["layers (kernel, stride, padding, dilation)", "span, closed form", "span, graph",
                         "inputs that count"],
                        [[_layers_text(layers), *(_span_and_count(layers))] for layers in _SPAN_STACKS]),
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
                                        latex_image="figures/receptive-field-growth.pdf", width=1.0)],
        ),
        Step(
            "Dilated stacks",
            [_statement("dilated-receptive-field")],
            "With dilations 1, 2, 4, ... and 3-tap layers the span goes 3, 7, 15: each layer doubles it and adds "
            "one, {step}, with three weights per layer, and every input in the span counts.",
            symbols={"step": sympy.Eq(sympy.Symbol("r_{L+1}"), 2 * sympy.Symbol("r_L") + 1, evaluate=False)},
            illustrations=[_diagram("diagrams/dilated-stack", "Dilations 1, 2, 4: the top unit sees all 15 inputs.")],
        ),
    ]

    def check():
        results = {}
        for layers in ([(3, 1, 0)] * 3, [(3, 2, 0), (3, 1, 0)], [(2, 2, 0), (3, 1, 0), (2, 2, 0)], *_SPAN_STACKS):
            closed, graph_span, count = _span_and_count(layers)
            results[f"graph span = closed form for {layers}"] = graph_span == closed
            gap_free = all(d <= span for d, span in zip(_dilations(layers), _spans(layers)))
            results[f"inputs that count {'=' if gap_free else '<'} span for {layers}"] = (
                count == closed if gap_free else count < closed)
        results["two 3-tap layers with dilation 2: span 9, 5 inputs"] = _span_and_count([(3, 1, 0, 2)] * 2) == (9, 9, 5)
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


#: Stacks (k, s, p[, d]) whose span and count the page tabulates: without gaps, with dilation gaps, stride > kernel.
_SPAN_STACKS = ([(3, 1, 0, 1), (3, 1, 0, 2), (3, 1, 0, 4)], [(3, 1, 0, 2), (3, 1, 0, 2)], [(2, 3, 0), (2, 1, 0)])


def _layers_text(layers) -> str:
    return ", ".join("(" + ", ".join(str(v) for v in layer) + ")" for layer in layers)


def _span_and_count(layers) -> tuple:
    """``(span from the closed form, span in the connectivity graph, inputs the graph reaches)`` for one output."""
    closed = int(receptive_field(layers)[-1].size)
    G = connectivity_graph(31, layers)
    positions = {G.nodes[v]["position"] for v in receptive_field_nodes(G, layer_nodes(G, -1)[0])}
    return closed, max(positions) - min(positions) + 1, len(positions)


def _dilations(layers):
    """Each layer's dilation times the product of the strides below it: the step between its taps, in inputs."""
    out, jump = [], 1
    for layer in layers:
        k, s = layer[0], layer[1]
        d = layer[3] if len(layer) > 3 else 1
        out.append(d * jump if k > 1 else 0)
        jump *= s
    return out


def _spans(layers):
    """The span below each layer (1 below the first)."""
    return [1] + [int(receptive_field(layers[:depth])[-1].size) for depth in range(1, len(layers))]


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()


# ----------------------------------------------------------------------------
# the page for the user's stack: make(layers=..., input=...)
# ----------------------------------------------------------------------------

#: Most layers whose closed form is written out term by term.
_MAX_WORKED = 12


def _axis_text(values):
    """One number per axis: the number itself when every axis agrees, else ``a x b``."""
    values = values if isinstance(values, tuple) else (values,)
    return int(values[0]) if len(set(values)) == 1 else " x ".join(str(int(v)) for v in values)


def _first_axis_stack(user, n):
    """The stack along its first axis for an input of ``n``: ``(kernel, stride, (before, after), dilation)`` each."""
    from ..geometry import Geometry

    out, size = [], n
    for layer in user.layers:
        g = layer.geometry
        one = Geometry(g.kernel_size[0], g.stride[0], g.padding if isinstance(g.padding, str) else (g.padding[0],),
                       g.dilation[0])
        pads = one.pads((size,))[0]
        out.append((g.kernel_size[0], g.stride[0], pads, g.dilation[0]))
        size = one.output_size((size,))[0]
    return out


def _smallest_input(user):
    """The smallest input along the first axis that leaves every layer an output (for a stack given no input)."""
    from .._errors import SymconvError

    for n in range(1, 10**6):
        try:
            _first_axis_stack(user, n)
            return n
        except SymconvError:
            continue
    raise SymconvError("layers: no input of fewer than 10^6 cells leaves every layer an output", parameter="layers")


def _for_geometry(user) -> Derivation:
    from .._errors import SymconvError
    from .._i18n import translate
    from ..graphs import receptive_field_diagram
    from ..matrix import conv_matrix
    from ..symbolic.derivation import latex

    stack = user.layers
    given_input = user.input
    fields = receptive_field(stack, input_size=given_input)
    if any(not isinstance(v, int) for rf in fields for v in (
            *(rf.size if isinstance(rf.size, tuple) else (rf.size,)),
            *(rf.padding if isinstance(rf.padding, tuple) else (rf.padding,)))):
        raise SymconvError(
            "input: the padding of a strided 'same' layer depends on the input size; give input", parameter="input"
        )
    n = given_input[0] if given_input is not None else _smallest_input(user)
    first = _first_axis_stack(user, n)
    depth = len(stack)
    header = ["layer", "kind", *(["output size"] if given_input is not None else []), "receptive field",
              "effective stride", "effective padding"]
    rows = []
    for index, (layer, rf) in enumerate(zip(stack, fields), start=1):
        sizes = [_axis_text(rf.output_size)] if given_input is not None else []
        rows.append([layer.name or str(index), rf.kind, *sizes, _axis_text(rf.size), _axis_text(rf.stride),
                     _axis_text(rf.padding)])
    L = sympy.Symbol("L", integer=True, positive=True)
    l, j = sympy.symbols("l j", integer=True, positive=True)
    k_hat, s, p = sympy.IndexedBase(r"\hat{k}"), sympy.IndexedBase("s"), sympy.IndexedBase("p")
    r_L, S_L, P_L = sympy.symbols("r_L S_L P_L")
    product = sympy.Product(s[j], (j, 1, l - 1))
    relations = [
        _eq(r_L, 1 + sympy.Sum((k_hat[l] - 1) * product, (l, 1, L))),
        _eq(S_L, sympy.Product(s[l], (l, 1, L))),
        _eq(P_L, sympy.Sum(p[l] * product, (l, 1, L))),
    ]
    # the same sums with the stack's numbers (first axis), term by term, in the order of the layers
    strides_below, r_terms, p_terms, r_value, s_value, p_value = 1, [sympy.Integer(1)], [], 1, 1, 0
    for k_, s_, (pb_, _), d_ in first:
        span = d_ * (k_ - 1) + 1
        r_terms.append(sympy.Mul(sympy.Integer(span - 1), sympy.Integer(strides_below), evaluate=False))
        p_terms.append(sympy.Mul(sympy.Integer(pb_), sympy.Integer(strides_below), evaluate=False))
        r_value += (span - 1) * strides_below
        p_value += pb_ * strides_below
        strides_below *= s_
        s_value *= s_
    if depth <= _MAX_WORKED:
        relations += [
            _eq(r_L, sympy.Symbol(f"{latex(sympy.Add(*r_terms, evaluate=False))} = {r_value}")),
            _eq(S_L, sympy.Symbol(" \\cdot ".join(str(f[1]) for f in first) + f" = {s_value}")),
            _eq(P_L, sympy.Symbol(f"{latex(sympy.Add(*p_terms, evaluate=False)) if p_terms else '0'} = {p_value}")),
        ]
    x, u = sympy.symbols("x u")
    top = fields[-1]
    relations.append(_eq(u, s_value * x - p_value))
    units = max(n + sum(f[2][0] + f[2][1] for f in first[:1]), n)
    pictures, notes = [], []
    picture_symbols = {"n": sympy.Integer(n), "units": sympy.Integer(units),
                       "limit": sympy.Integer(_geometry.MAX_DIAGRAM_UNITS), "depth": sympy.Integer(depth)}
    if units <= _geometry.MAX_DIAGRAM_UNITS and depth <= 8:
        def diagram(lang):
            return receptive_field_diagram(n, first, title=translate("your stack along its first axis", lang))

        pictures.append(_geometry.DiagramFigure(
            "Your stack along its first axis on {n} inputs: the middle unit of the last layer and every unit it "
            "depends on are filled.", diagram, units=units, symbols=picture_symbols))
    else:
        notes.append("No diagram is drawn: the first axis has {units} units and the stack {depth} layers, more than "
                     "a page can show ({limit} units, 8 layers).")
    steps = [
        Step(
            "Your stack, layer by layer",
            [],
            "The receptive field {r} of a unit after each layer (how many input cells it spans), the effective "
            "stride {S} (how far apart neighbouring units' fields start) and the effective padding {P} (how far "
            "the first field reaches before the input), from `symconv.receptive_field`; a pooling layer counts as "
            "a convolution with the same window.",
            symbols={"r": sympy.Symbol("r"), "S": sympy.Symbol("S"), "P": sympy.Symbol("P"), **picture_symbols},
            table=Table(header, rows, prose_columns=(1,)),
            notes=notes,
            illustrations=pictures,
        ),
        Step(
            "Closed form",
            relations,
            "Each layer {l} adds its effective kernel {k_hat} minus one, times the product of the strides below "
            "it; the effective stride is the product of the strides, and the effective padding adds each layer's "
            "padding before the input the same way (Araujo et al., Distill 2019). Along the first axis, unit {x} "
            "of the last layer sees the inputs {u} to {v}.",
            symbols={"l": l, "k_hat": k_hat[l], "x": x, "u": u, "v": u + r_value - 1},
        ),
    ]

    def checks():
        import numpy as np

        results = _geometry.Checks()
        results.add("the closed form, summed layer by layer, gives the last layer's field, stride and padding",
                    (r_value, s_value, p_value) == tuple(_ints(v) for v in (top.size, top.stride, top.padding)),
                    "layers", "input")
        # two routes to the exact set of inputs the middle unit of each layer depends on
        matrix = None
        size = n
        for depth_index, (k_, s_, pads, d_) in enumerate(first, start=1):
            C = conv_matrix((1, size), np.ones((1, 1, k_)), stride=s_, padding=(pads,), dilation=d_)
            C.data[:] = 1
            matrix = C if matrix is None else (C @ matrix)
            size = C.shape[0]
            middle = size // 2
            seen = set(matrix[[middle]].nonzero()[1].tolist())
            rf = fields[depth_index - 1]
            start = -_ints(rf.padding) + middle * _ints(rf.stride)
            end = start + _ints(rf.size) - 1
            # the field's two ends are read by its extreme taps, unless they fall outside the input
            ends = (min(seen) == start or start < 0) and (max(seen) == end or end >= n)
            results.add(f"layer {depth_index}: the product of the matrices reaches inputs {min(seen)} to "
                        f"{max(seen)}, the closed form's field {start} to {end} within the input",
                        ends and start <= min(seen) and max(seen) <= end, "layers", "input")
            try:
                G = connectivity_graph(n, first[:depth_index])
            except SymconvError:  # a graph too large to build: the matrices above stand alone
                continue
            node = layer_nodes(G, -1)[middle]
            graph = {G.nodes[v]["position"] for v in receptive_field_nodes(G, node)}
            results.add(f"layer {depth_index}: the connectivity graph reaches the same inputs as the matrices",
                        graph == seen, "layers", "input")
        results.identities(_identity_checks("dilated-receptive-field"))
        return results

    return _geometry.user_derivation(
        "The receptive fields of your stack",
        steps,
        user,
        checks,
        "How much of the input one unit of your stack sees, layer after layer, computed in closed form (Araujo, "
        "Norris and Sim, Distill 2019) by `symconv.receptive_field` and checked against the connectivity graph and "
        "the product of the convolution matrices.",
    )

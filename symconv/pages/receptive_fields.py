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
from ._common import _diagram, _eq, _identity_checks, _statement

NAME = "receptive-fields"
TITLE = "Receptive fields"

__all__ = ["NAME", "TITLE", "make", "check"]


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


def make() -> Derivation:
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


def check(derivation) -> dict:
    """The executable checks of the page: those its derivation carries."""
    return derivation.check()

"""``symconv rf``: the receptive-field table of a layer stack, and the stacks ``draw receptive-field`` shares.

Examples
--------
>>> from symconv.cli import main
>>> main(["rf", "--layers", "3:1:1,3:1:1"])
| layer | kind | receptive field | effective stride | effective padding |
|---|---|---|---|---|
| 1 | conv | 3 | 1 | 1 |
| 2 | conv | 5 | 1 | 2 |
0
"""

from __future__ import annotations

from .._errors import SymconvError
from .._output.numbers import shorten_numbers
from .._validate import short
from . import _args
from ._errors import GEOMETRY_OPTIONS, UsageError, option_error

HELP = "receptive-field table of a layer stack"

DESCRIPTION = "Print the receptive field, effective stride and padding after each layer as a Markdown table."

EPILOG = """\
Receptive-field size r, effective stride S and effective padding P after
each layer (Araujo et al., Distill 2019), with each layer's output size when
--input-size is given.  Layers are kernel:stride:padding[:dilation], e.g.
3:1:1,2:2:0; the networks are the feature extractors of LeNet-5, AlexNet
(torchvision) and VGG-16.  A transposed layer (t3:2:1 in draw's --layers) is
refused: the receptive-field formula is for forward stacks.  Without
--input-size the padding of a strided 'same' layer depends on the input
size, so it is written as a formula in i (one term per such layer; a stack
of more of them than symconv keeps symbolic needs --input-size).  A number
of more than 60 digits is written ~d.dde+N.

examples:
  symconv rf --layers 3:1:1,3:1:1                     # the notes' two layers: r = 5
  symconv rf --layers 3:1:0,2:2:0,3:1:0 --input-size 16
  symconv rf --layers 3:1:0:2,3:1:0:4                 # dilation 2 then 4: r = 13
  symconv rf --network vgg16 --input-size 224         # r = 212 after pool5
"""

#: library parameter -> option (a layer's own parameters are reported under --layers or --network, whole)
OPTIONS = {**GEOMETRY_OPTIONS, "input_size": "--input-size", "layers": "--layers"}

#: The networks ``--network`` names.
NETWORK_NAMES = ("lenet5", "alexnet", "vgg16")


def add_arguments(parser) -> None:
    parser.add_argument(
        "--layers", type=_args.layers, metavar="LAYERS",
        help="kernel:stride:padding[:dilation],... (no transposed t layers)",
    )
    parser.add_argument("--network", choices=NETWORK_NAMES, help="lenet5, alexnet or vgg16")
    parser.add_argument(
        "--input-size", "--input", dest="input_size", type=_args.sizes, metavar="I", help="input size, e.g. 224"
    )


def network(name: str):
    """The layer stack of the network ``name`` (one of :data:`NETWORK_NAMES`)."""
    from .. import networks

    return {"lenet5": networks.lenet5, "alexnet": networks.alexnet, "vgg16": networks.vgg16}[name]()


def stack(args, who: str):
    """The layer stack of ``--layers`` or ``--network``, and the option it came from (``who`` names the command)."""
    if args.layers is not None and args.network is not None:
        raise UsageError(f"--network: give either --layers or --network, got both (--network {args.network})")
    if args.network is not None:
        return network(args.network), "--network"
    if args.layers is None:
        raise UsageError(f"--layers: {who} needs --layers k:s:p[:d],... or --network NAME, got neither")
    for index, layer in enumerate(args.layers):
        if isinstance(layer, dict):
            raise UsageError(
                f"--layers: {who} takes convolution and pooling layers only: the receptive-field formula is for "
                f"forward stacks, got the transposed layer {short(args.layers.typed[index])} (layers[{index}])"
            )
    return args.layers, "--layers"


def run(args) -> int:
    from ..receptive import receptive_field_table

    layers, option = stack(args, "rf")
    try:
        table = receptive_field_table(layers, input_size=args.input_size)
    except SymconvError as error:
        raise option_error(error, OPTIONS, stack_option=option) from error
    print(shorten_numbers(table))
    return 0

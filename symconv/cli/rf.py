"""``symconv rf``: receptive fields of your network (MODEL) or of a layer stack, and the stacks ``draw receptive-field`` shares.

MODEL (a ``.onnx`` file or ``module:attribute``) is read by
:func:`symconv.models.load_network` and its receptive fields computed through
its branches by :func:`symconv.models.receptive_fields`.  A stack of
``--layers`` or ``--network`` is read by :func:`symconv.receptive.receptive_field`;
a stack with transposed layers, and any stack with ``--json``, goes through
the network route instead (:func:`stack_network`), which gives the same
numbers for forward stacks and exact fractions after transposed layers.

Examples
--------
>>> from symconv.cli import main
>>> main(["rf", "--layers", "3:1:1,3:1:1"])
| layer | kind | receptive field | effective stride | effective padding |
|---|---|---|---|---|
| 1 | conv | 3 | 1 | 1 |
| 2 | conv | 5 | 1 | 2 |
0
>>> main(["rf", "--layers", "conv1=3:1:1,up=t4:2:1", "--input-size", "4"])
| layer | kind | output size | receptive field | effective stride | effective padding |
|---|---|---|---|---|---|
| conv1 | conv | 4 | 3 | 1 | 1 |
| up | conv_transpose | 8 | 9/2 | 1/2 | 2 |
0
"""

from __future__ import annotations

from .._errors import SymconvError
from .._output.numbers import int_text, shorten_numbers
from .._validate import short
from . import _args, _model
from ._errors import GEOMETRY_OPTIONS, UsageError, option_error

HELP = "receptive fields of your network (.onnx, PyTorch) or a layer stack"

DESCRIPTION = (
    "Print the receptive field, effective stride and effective padding of every layer of MODEL, or after each "
    "layer of a stack, as a Markdown table (--json: a JSON list of rows)."
)

EPILOG = """\
Receptive-field size r, effective stride S and effective padding P of each
layer (Araujo et al., Distill 2019): the unit at index x sees the input
positions -P + x*S to -P + x*S + r - 1.  Give one of MODEL, --layers or
--network.

MODEL is a network of your own: a .onnx file (read with the package onnx),
or module:attribute naming a PyTorch module or a function of no arguments
that returns one (traced with torch.fx; give --input-shape).  There is a
row per layer in topological order, the graph's output last.  Through
residual sums and concatenations a unit's region is the span of the regions
of its paths; a layer whose paths disagree on the region's centre is not
aligned (the notes under the table say where).  Branches whose effective
strides differ cannot be aligned and are refused.  --input-shape N,C,H,W
fixes the input's size (1,3,h,w leaves h and w open, as a symbol); without
it the model's own sizes are used.  --pass-through OP,... reads more ops as
element-wise (shape and receptive field kept).

--layers is a stack of 1-D layers, one after another:
  [name=][t|p]kernel:stride:padding[:dilation[:output_padding]]
name= names the layer's row, p marks a pooling layer (no parameters; the
receptive field of a convolution with the same window), t a transposed
convolution (t3:2:1; a fifth field is its output padding: t3:2:1:1:1);
padding may be same/valid/full.  Worked example: conv1=3:1:1,pool1=p2:2:0,conv2=3:1:1 is
a 3-tap convolution padded by 1 (r = 1 + 2 = 3, S = 1, P = 1), a pooling
window of 2 with stride 2 (r = 3 + (2-1)*1 = 4, S = 2, P = 1 + 0 = 1) and
another 3-tap convolution (r = 4 + (3-1)*2 = 8, S = 2, P = 1 + 1*2 = 3).
After a transposed layer the effective stride is a fraction: t4:2:1 on
stride 1 gives S = 1/2, r = 1 + 3/2 = 5/2 and P = (4-1-1)/2 = 1 (a unit
reads the whole input units inside its span).  --network names a classic
feature extractor: LeNet-5, AlexNet (torchvision) or VGG-16.

--input-size gives the stack's input size and adds each layer's output
size.  Without it the padding of a strided 'same' layer depends on the input
size, so it is written as a formula in i (one term per such layer; a stack
of more of them than symconv keeps symbolic needs --input-size).  A number of
more than 60 digits is written ~d.dde+N in the table.

--json prints a JSON list of rows in topological order, the input first and
the output last, each with name, op, kind, output_shape, rf_size,
effective_stride, effective_padding (lists, one value per spatial axis) and
aligned; an integer is a number, a fraction or a formula its exact text
("1/2").

examples:
  symconv rf --layers 3:1:1,3:1:1                     # the notes' two layers: r = 5
  symconv rf --layers 3:1:0,2:2:0,3:1:0 --input-size 16
  symconv rf --layers 3:1:0:2,3:1:0:4                 # dilation 2 then 4: r = 13
  symconv rf --layers conv1=3:1:1,pool1=p2:2:0,conv2=3:1:1 --input-size 8
  symconv rf --layers down=3:2:1,up=t4:2:1 --input-size 8   # a decoder: back to S = 1, r = 6
  symconv rf --network vgg16 --input-size 224         # r = 212 after pool5
  symconv rf --network vgg16 --input-size 224 --json

examples with a model of your own (model.onnx, or my_nets.py on the Python path with make() returning a module):
    symconv rf model.onnx
    symconv rf model.onnx --input-shape 1,3,224,224 --json
    symconv rf model.onnx --pass-through LayerNormalization
    symconv rf my_nets:make --input-shape 1,3,64,64
"""

#: library parameter -> option (a layer's own parameters are reported under --layers or --network, whole)
OPTIONS = {**GEOMETRY_OPTIONS, "input_size": "--input-size", "layers": "--layers"}

#: The networks ``--network`` names.
NETWORK_NAMES = ("lenet5", "alexnet", "vgg16")

#: Most layers a stack may have on the network route without ``--input-size``: every size is then a formula in
#: the input size i, which SymPy checks layer by layer (a thousand layers take seconds).
MAX_SYMBOLIC_LAYERS = 128

#: Of those, most strided or transposed layers: each nests one more rounding into the formulas.
MAX_SYMBOLIC_STRIDED_LAYERS = 16

# the name of the input row of a stack read as a network
_INPUT_ROW = "input"


def add_arguments(parser) -> None:
    parser.add_argument("model", nargs="?", metavar="MODEL", help=_model.MODEL_HELP)
    parser.add_argument(
        "--layers", type=_args.named_layers, metavar="LAYERS",
        help="a stack: [name=][t|p]kernel:stride:padding[:dilation[:output_padding]],... (see below)",
    )
    parser.add_argument("--network", choices=NETWORK_NAMES, help="lenet5, alexnet or vgg16")
    parser.add_argument(
        "--input-size", "--input", dest="input_size", type=_args.sizes, metavar="I",
        help="with --layers or --network: input size, e.g. 224",
    )
    _model.add_model_options(parser)
    parser.add_argument("--json", action="store_true", help="a JSON list of per-layer rows instead of a table")


def network(name: str):
    """The layer stack of the network ``name`` (one of :data:`NETWORK_NAMES`)."""
    from .. import networks

    return {"lenet5": networks.lenet5, "alexnet": networks.alexnet, "vgg16": networks.vgg16}[name]()


def stack(args, who: str):
    """The forward layer stack of ``--layers`` or ``--network``, and the option it came from (``who`` names the
    command; ``draw receptive-field`` draws forward stacks only)."""
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


def stack_network(layers, input_size=None):
    """A layer stack as a network graph of :mod:`symconv.models`: an input of one channel, then each layer.

    Parameters
    ----------
    layers : list of symconv.networks.Layer
        Convolutions, pooling layers and transposed convolutions; a layer
        without a name is named by its number (``"1"``, ``"2"``, ...).
    input_size : int or tuple, optional
        The spatial size of the input; without it a SymPy symbol ``i`` per axis.

    Returns
    -------
    networkx.DiGraph
        For :func:`symconv.models.receptive_fields`: the input row
        ``"input"``, then one node per layer.

    Raises
    ------
    SymconvError
        A layer that does not fit its input (``layers[i]: ...``, ``.layer = i``);
        a bad ``input_size``; without ``input_size``, more than
        :data:`MAX_SYMBOLIC_LAYERS` layers or more than
        :data:`MAX_SYMBOLIC_STRIDED_LAYERS` strided or transposed layers
        (``parameter="input_size"``).

    Examples
    --------
    >>> from symconv.networks import conv, pool
    >>> from symconv.models import receptive_fields
    >>> G = stack_network([conv(3, padding=1, name="c"), pool(2)], 8)
    >>> [(f.name, f.output_shape, f.size) for f in receptive_fields(G)]
    [('input', (1, 1, 8), (1,)), ('c', (1, 1, 8), (3,)), ('2', (1, 1, 4), (4,))]
    """
    from .._validate import as_shape
    from ..models import NetworkBuilder

    ndim = layers[0].geometry.ndim
    if input_size is None:
        strided = sum(1 for layer in layers if layer.geometry.transposed or any(s != 1 for s in layer.geometry.stride))
        if strided > MAX_SYMBOLIC_STRIDED_LAYERS:
            raise SymconvError(
                f"input_size: the stack has {strided} strided or transposed layers and no input size, so every "
                f"size would nest {strided} roundings in the input size i (at most {MAX_SYMBOLIC_STRIDED_LAYERS} "
                "are kept symbolic); give the input size to get numbers",
                parameter="input_size",
            )
        if len(layers) > MAX_SYMBOLIC_LAYERS:
            raise SymconvError(
                f"input_size: the stack has {len(layers)} layers and no input size, so every size would be a "
                f"formula in the input size i (at most {MAX_SYMBOLIC_LAYERS} layers are kept symbolic); give the "
                "input size to get numbers",
                parameter="input_size",
            )
        import sympy

        size = (sympy.Symbol("i", integer=True, positive=True),) * ndim
    else:
        size = as_shape(input_size, "input_size", ndim=ndim)
    builder = NetworkBuilder()
    previous = builder.input(_INPUT_ROW, (1, 1, *size))
    for index, layer in enumerate(layers):
        name = layer.name or str(index + 1)
        geometry = layer.geometry
        if name in builder.graph:
            raise SymconvError(
                f"layers[{index}]: name: {name!r} names the input row; give the layer another name",
                parameter="name", layer=index,
            )
        try:  # the builder's own checks, said as receptive_field says them: layers[i]: ...
            geometry.pads(size)
            size = geometry.output_size(size)
        except SymconvError as err:
            raise SymconvError(f"layers[{index}]: {err}", parameter=err.parameter, layer=index) from err
        if layer.kind == "pool":
            previous = builder.pool(name, previous, geometry)
        else:
            previous = builder.conv(name, previous, geometry, out_channels=1, bias=False)
    return builder.build()


def _text(value) -> str:
    from fractions import Fraction

    if isinstance(value, int):
        return int_text(value)  # past 4300 digits Python would refuse to write it
    if isinstance(value, Fraction):
        return f"{int_text(value.numerator)}/{int_text(value.denominator)}"
    return str(value)


def _cell(values) -> str:
    texts = [_text(v) for v in values]
    return texts[0] if len(set(texts)) == 1 else " x ".join(texts)


def _stack_table(fields, sized: bool) -> str:
    """The table of ``rf --layers``, from the network route's fields (the input row left out)."""
    header = ["layer", "kind"] + (["output size"] if sized else []) + [
        "receptive field", "effective stride", "effective padding"
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for field in fields[1:]:
        cells = [field.name, field.kind] + ([_cell(field.output_shape[2:])] if sized else [])
        cells += [_cell(field.size), _cell(field.stride), _cell(field.padding)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _source(args) -> str:
    """Which of MODEL, --layers and --network the user gave (exactly one), and the options that go with it."""
    given = [name for name, value in (("MODEL", args.model), ("--layers", args.layers), ("--network", args.network))
             if value is not None]
    if len(given) > 1:
        raise UsageError(f"{given[1]}: give one of MODEL, --layers or --network, got {given[0]} and {given[1]}")
    if not given:
        raise UsageError(
            "MODEL: rf needs MODEL (a .onnx file or module:attribute), --layers k:s:p[:d],... or --network NAME, "
            "got none"
        )
    if given[0] == "MODEL" and args.input_size is not None:
        raise UsageError(
            "--input-size: a MODEL's input is given as --input-shape N,C,H,W, got --input-size with MODEL"
        )
    if given[0] != "MODEL":
        for option, value in (("--input-shape", args.input_shape), ("--pass-through", args.pass_through)):
            if value is not None:
                raise UsageError(f"{option}: only a MODEL takes {option}, got it with {given[0]}")
    return given[0]


#: What a row of receptive fields holds, checked for numbers too long to write.
_FIELDS = ("output_shape", "size", "stride", "padding")


def _model_run(args) -> int:
    from ..models import receptive_field_rows, receptive_field_table, receptive_fields

    graph = _model.load(args)
    try:
        _model.refuse_too_long("MODEL", receptive_fields(graph), _FIELDS)
        if args.json:
            _model.print_rows(receptive_field_rows(graph))
        else:
            print(shorten_numbers(receptive_field_table(graph)))
    except SymconvError as error:
        raise _model.model_error(error) from error
    return 0


def run(args) -> int:
    source = _source(args)
    if source == "MODEL":
        return _model_run(args)
    option = source
    try:
        layers = network(args.network) if option == "--network" else args.layers.layer_stack()
        transposed = any(layer.geometry.transposed for layer in layers)
        if not (transposed or args.json):
            from ..receptive import receptive_field_table

            print(shorten_numbers(receptive_field_table(layers, input_size=args.input_size)))
            return 0
        from ..models import receptive_field_rows, receptive_fields

        graph = stack_network(layers, args.input_size)
        fields = receptive_fields(graph)
        if args.json:
            _model.refuse_too_long(option, fields, _FIELDS)
            _model.print_rows(receptive_field_rows(graph))
        else:
            print(shorten_numbers(_stack_table(fields, args.input_size is not None)))
    except SymconvError as error:
        raise option_error(error, OPTIONS, stack_option=option) from error
    return 0

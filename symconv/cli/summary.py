"""``symconv summary``: per layer of your network, its output shape, parameters, MACs, FLOPs and receptive field.

MODEL is read by :func:`symconv.models.load_network` and summarised by
:func:`symconv.models.summary` (counting as :mod:`symconv.counting` does).

Examples
--------
>>> from symconv.cli import main
>>> main(["summary", "no/such/model.onnx"])
2
"""

from __future__ import annotations

from .._errors import SymconvError
from .._output.numbers import shorten_numbers
from . import _model

HELP = "shapes, parameters, MACs, receptive fields of your network"

DESCRIPTION = (
    "Print, for every layer of MODEL, its output shape, parameters, MACs and receptive field as a Markdown table "
    "with the totals (--json: a JSON list of rows)."
)

EPILOG = """\
MODEL is a network of your own: a .onnx file (read with the package onnx),
or module:attribute naming a PyTorch module or a function of no arguments
that returns one (traced with torch.fx; give --input-shape).  One row per
layer in topological order, the graph's output last:

  output shape   (N, C, *spatial), batch N as given (an open batch counts 1)
  params         trainable values: weights, biases, a normalisation's scale
                 and shift (running statistics are not trained)
  MACs           multiply-accumulates of one example: a convolution
                 prod(out) * C_out * C_in/groups * prod(k), a transposed one
                 prod(in) * C_in * C_out/groups * prod(k), a dense layer
                 in * out, pooling one per window read; element-wise layers,
                 merges, upsampling and padding 0
  FLOPs          2 x MACs (one multiply and one add each), said under the table
  receptive field, effective stride, effective padding
                 per spatial axis, through branches (see symconv rf --help);
                 "aligned" is no where paths into a layer disagree on the
                 region's centre

--input-shape N,C,H,W fixes the input's size (1,3,h,w leaves h and w open:
shapes and counts are then formulas); --pass-through OP,... reads more ops
as element-wise.  --json prints a JSON list of rows with name, op, kind,
description, output_shape, params, macs, flops, rf_size, effective_stride,
effective_padding and aligned; an integer is a number, a fraction or a
formula its exact text.

The examples are with a model of your own: model.onnx, or my_nets.py on
the Python path with a function make() returning a module.

examples:
  symconv summary model.onnx
  symconv summary model.onnx --input-shape 1,3,224,224 --json
  symconv summary model.onnx --input-shape 1,3,h,w
  symconv summary my_nets:make --input-shape 1,3,64,64
"""


def add_arguments(parser) -> None:
    parser.add_argument("model", metavar="MODEL", help=_model.MODEL_HELP)
    _model.add_model_options(parser)
    parser.add_argument("--json", action="store_true", help="a JSON list of per-layer rows instead of a table")


def run(args) -> int:
    from ..models import summary

    graph = _model.load(args)
    try:
        result = summary(graph)
    except SymconvError as error:
        raise _model.model_error(error) from error
    _model.refuse_too_long("MODEL", result.layers, ("output_shape", "params", "macs", "flops", "rf_size",
                                                    "effective_stride", "effective_padding"))
    if args.json:
        _model.print_rows(result.to_rows())
    else:
        print(shorten_numbers(result.to_markdown()))
    return 0

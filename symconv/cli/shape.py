"""``symconv shape``: the output size of a convolution, transposed convolution or pooling.

Examples
--------
>>> from symconv.cli import main
>>> main(["shape", "--input", "5", "--kernel", "3", "--stride", "2", "--padding", "1"])
3
0
>>> main(["shape", "--input", "5,7", "--kernel", "3"])
3 5
0
>>> main(["shape", "--input", "4", "--kernel", "3", "--padding", "2", "--padding-mode", "circular"])
6
0
"""

from __future__ import annotations

from .._errors import SymconvError
from .._output.numbers import int_text
from . import _args
from ._errors import GEOMETRY_OPTIONS, UsageError, option_error

HELP = "output size of a convolution, transposed convolution or pooling"

DESCRIPTION = "Print the output size of a convolution (or --transposed / --pool) along each axis."

EPILOG = """\
sizes are decimal integers; give one per spatial axis separated by commas
(5,7) or one for all axes (3).  The answer is one size per axis, separated
by spaces; a size of more than 60 digits is written ~d.dde+N.

padding: an integer for every side, one per axis (1,2), before:after pairs
(0:1,1:1), or valid / same (ONNX SAME_UPPER: output ceil(i/s), the odd extra
pad at the end) / full (k_eff - 1 each side) / causal (1-D: all k_eff - 1
before the input, output ceil(i/s)).  In 1-D, 1,2 means before 1, after 2,
as in the Python API.

--padding-mode zeros|reflect|replicate|circular (PyTorch's padding_mode)
says what the padding holds.  It changes no size, but reflect mirrors the
input about its border cell, so each pad must be smaller than the input, and
circular wraps it once, so each pad must be at most the input; a pad that
does not fit is refused, as PyTorch refuses it.  Pooling and transposed
convolution pad with zeros only.  With --from, each framework's way pads in
that mode (nn.Conv*d's padding_mode or F.pad, an ONNX Pad node, tf.pad).

examples:
  symconv shape --input 5 --kernel 3 --stride 2 --padding 1     # prints 3
  symconv shape --input 5,7 --kernel 3                          # prints 3 5
  symconv shape --input 7 --kernel 3 --dilation 2               # prints 3
  symconv shape --input 6 --kernel 3 --stride 2 --padding same  # prints 3
  symconv shape --input 3 --kernel 3 --stride 2 --padding 1 --transposed --output-padding 1   # prints 6
  symconv shape --input 5 --kernel 2 --pool --ceil-mode         # prints 3
  symconv shape --input 8 --kernel 3 --dilation 2 --padding causal   # prints 8
  symconv shape --input 4 --kernel 3 --padding 2 --padding-mode circular   # prints 6
  symconv shape --input 3 --kernel 3 --padding 3 --padding-mode reflect    # refused: a pad of 3 >= the input 3

padding across frameworks (symconv.translate_padding): --from torch, onnx
or tensorflow reads the padding as that framework writes it -- torch:
--padding N, N,M, same, valid; onnx: --auto-pad NOTSET|SAME_UPPER|SAME_LOWER|VALID
or --pads B1,B2,E1,E2 (ONNX order), and --output-shape for ConvTranspose;
tensorflow: --padding same|valid or before:after pairs, --output-shape or
Keras's --output-padding when transposed -- and prints the explicit pads,
the output size and how each framework writes the same, or why it cannot:
  symconv shape --input 7,6 --kernel 3 --stride 2 --padding same --from tensorflow
  symconv shape --input 7 --kernel 4 --stride 2 --auto-pad SAME_LOWER --from onnx
  symconv shape --input 3 --kernel 3 --stride 2 --transposed --output-shape 6 --auto-pad SAME_UPPER --from onnx
  symconv shape --input 7 --kernel 3 --stride 2 --padding same --from tensorflow --padding-mode reflect
"""

#: library parameter -> option
OPTIONS = {**GEOMETRY_OPTIONS, "padding_mode": "--padding-mode"}

#: translate_padding's parameters -> option (``padding`` is --pads or --auto-pad when those were given)
FRAMEWORK_OPTIONS = {"framework": "--from", "output_shape": "--output-shape"}



def _options(args) -> dict:
    return {**OPTIONS, "ndim": _args.axes_option(args)}


def add_arguments(parser) -> None:
    parser.add_argument("--input", required=True, type=_args.sizes, metavar="I", help="input size, e.g. 5 or 5,7")
    parser.add_argument("--kernel", required=True, type=_args.sizes, metavar="K", help="kernel size, e.g. 3 or 3,5")
    parser.add_argument(
        "--stride", type=_args.sizes, metavar="S", help="stride (default 1; the kernel size with --pool)"
    )
    parser.add_argument("--padding", type=_args.padding, default=0, metavar="P", help="padding (default 0): see below")
    parser.add_argument("--dilation", type=_args.sizes, default=1, metavar="D", help="dilation (default 1)")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--transposed", action="store_true", help="transposed convolution (the inverse direction)")
    kind.add_argument("--pool", action="store_true", help="pooling: the stride defaults to the kernel size")
    parser.add_argument(
        "--output-padding", type=_args.sizes, metavar="A", help="extra cells at the end (--transposed only)"
    )
    parser.add_argument("--ceil-mode", action="store_true", help="round the size up (--pool only)")
    parser.add_argument(
        "--padding-mode", default="zeros", metavar="MODE",
        help="what the padding holds: zeros (default), reflect, replicate or circular (PyTorch's padding_mode)",
    )
    parser.add_argument(
        "--from", dest="framework", metavar="FRAMEWORK",
        help="read the padding as torch, onnx or tensorflow writes it; print the pads and each framework's way",
    )
    parser.add_argument("--auto-pad", metavar="WORD", help="with --from onnx: NOTSET, SAME_UPPER, SAME_LOWER or VALID")
    parser.add_argument("--pads", type=_args.sizes, metavar="B1,..,E1,..", help="with --from onnx: ONNX pads, begins then ends")
    parser.add_argument("--output-shape", type=_args.sizes, metavar="O", help="with --from onnx/tensorflow --transposed")


def _translate(args) -> int:
    from ..frameworks import translate_padding

    if args.pool:
        raise UsageError("--pool: --from translates convolution padding, not pooling, got --pool with --from")
    given = [name for name, value in (("--auto-pad", args.auto_pad), ("--pads", args.pads)) if value is not None]
    if given and args.framework.strip().lower() != "onnx":
        raise UsageError(f"{given[0]}: only --from onnx takes {given[0]}, got --from {_args.brief(args.framework)}")
    if len(given) == 2:
        raise UsageError("--pads: give --auto-pad or --pads, not both")
    padding = args.auto_pad if args.auto_pad is not None else args.pads if args.pads is not None else args.padding
    padding_option = given[0] if given else "--padding"
    try:
        translation = translate_padding(
            args.framework, padding, input_size=args.input, kernel_size=args.kernel,
            stride=1 if args.stride is None else args.stride, dilation=args.dilation, transposed=args.transposed,
            output_padding=args.output_padding, output_shape=args.output_shape, padding_mode=args.padding_mode,
        )
    except SymconvError as error:
        raise option_error(error, {**_options(args), **FRAMEWORK_OPTIONS, "padding": padding_option}) from error
    print(translation)
    return 0


def run(args) -> int:
    from .. import shapes

    if args.padding_mode != "zeros" and args.pool:
        raise UsageError(f"--padding-mode: pooling pads with zeros (-inf for max pooling), as in PyTorch; got "
                         f"--padding-mode {_args.brief(args.padding_mode)} with --pool")
    if args.framework is not None:
        return _translate(args)
    for option, value, source in (("--auto-pad", args.auto_pad, "onnx"), ("--pads", args.pads, "onnx"),
                                  ("--output-shape", args.output_shape, "onnx or tensorflow")):
        if value is not None:
            raise UsageError(f"{option}: only --from {source} reads {option}; got {option} without --from")

    if args.ceil_mode and not args.pool:
        raise UsageError("--ceil-mode: only pooling rounds up; add --pool, got --ceil-mode without it")
    _args.only_transposed_takes_output_padding(args)
    geometry = dict(padding=args.padding, dilation=args.dilation)
    stride = 1 if args.stride is None else args.stride
    try:
        if args.transposed:
            output_padding = 0 if args.output_padding is None else args.output_padding
            out = shapes.conv_transpose_output_size(
                args.input, args.kernel, stride=stride, output_padding=output_padding,
                padding_mode=args.padding_mode, **geometry
            )
        elif args.pool:  # None: the stride defaults to the kernel size
            out = shapes.pool_output_size(
                args.input, args.kernel, stride=args.stride, ceil_mode=args.ceil_mode, **geometry
            )
        else:
            out = shapes.conv_output_size(args.input, args.kernel, stride=stride, padding_mode=args.padding_mode, **geometry)
    except SymconvError as error:
        raise option_error(error, _options(args)) from error
    print(" ".join(map(int_text, out)) if isinstance(out, tuple) else int_text(out))
    return 0

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
pad at the end) / full (k_eff - 1 each side).  In 1-D, 1,2 means before 1,
after 2, as in the Python API.

examples:
  symconv shape --input 5 --kernel 3 --stride 2 --padding 1     # prints 3
  symconv shape --input 5,7 --kernel 3                          # prints 3 5
  symconv shape --input 7 --kernel 3 --dilation 2               # prints 3
  symconv shape --input 6 --kernel 3 --stride 2 --padding same  # prints 3
  symconv shape --input 3 --kernel 3 --stride 2 --padding 1 --transposed --output-padding 1   # prints 6
  symconv shape --input 5 --kernel 2 --pool --ceil-mode         # prints 3
"""

#: library parameter -> option
OPTIONS = GEOMETRY_OPTIONS



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


def run(args) -> int:
    from .. import shapes

    if args.ceil_mode and not args.pool:
        raise UsageError("--ceil-mode: only pooling rounds up; add --pool, got --ceil-mode without it")
    _args.only_transposed_takes_output_padding(args)
    geometry = dict(padding=args.padding, dilation=args.dilation)
    stride = 1 if args.stride is None else args.stride
    try:
        if args.transposed:
            output_padding = 0 if args.output_padding is None else args.output_padding
            out = shapes.conv_transpose_output_size(
                args.input, args.kernel, stride=stride, output_padding=output_padding, **geometry
            )
        elif args.pool:  # None: the stride defaults to the kernel size
            out = shapes.pool_output_size(
                args.input, args.kernel, stride=args.stride, ceil_mode=args.ceil_mode, **geometry
            )
        else:
            out = shapes.conv_output_size(args.input, args.kernel, stride=stride, **geometry)
    except SymconvError as error:
        raise option_error(error, _options(args)) from error
    print(" ".join(map(int_text, out)) if isinstance(out, tuple) else int_text(out))
    return 0

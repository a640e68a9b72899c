"""``symconv matrix``: print the convolution matrix C of a geometry, symbolic or numeric.

Examples
--------
>>> from symconv.cli import main
>>> main(["matrix", "--input", "4", "--kernel", "2", "--stride", "2", "--symbolic", "w"])
w[0]  w[1]     0     0
   0     0  w[0]  w[1]
0
>>> main(["matrix", "--input", "3", "--kernel", "2", "--weights", "1,-1"])
1  -1   0
0   1  -1
0
>>> main(["matrix", "--input", "4", "--kernel", "3", "--padding", "1", "--padding-mode", "circular", "--weights", "1,2,3"])
2  3  0  1
1  2  3  0
0  1  2  3
3  0  1  2
0
"""

from __future__ import annotations

import math
import re

from .._errors import SymconvError
from .._layout import growing_parameters
from .._output.numbers import int_text
from .._validate import short
from ..geometry import PADDING_MODES
from . import _args
from ._errors import GEOMETRY_OPTIONS, UsageError, option_error

HELP = "print the convolution matrix C of a geometry"

DESCRIPTION = "Print the convolution matrix C (conv(x).ravel() == C @ x.ravel()), symbolic or numeric."

EPILOG = """\
Rows of C are output positions, columns input positions (channel-major, then
row-major), so that conv(x, w).ravel() == C @ x.ravel().  The kernel is
symbolic (w[a,b] in the grid, w_{a,b} with --latex; --symbolic NAME for
another name) unless --weights gives its numbers in the PyTorch layout
(C_out, C_in/groups, *kernel) -- for --transposed (C_in, C_out/groups,
*kernel) -- flattened row-major.

examples:
  symconv matrix --input 5 --kernel 3 --weights 1,2,3             # a Toeplitz matrix
  symconv matrix --input 4 --kernel 2 --stride 2 --symbolic w     # stride skips columns
  symconv matrix --input 3,3 --kernel 2 --symbolic W --latex      # doubly-block Toeplitz, as LaTeX
  symconv matrix --input 2 --kernel 3 --stride 2 --transposed --weights 1,2,3   # C transposed
  symconv matrix --input 3 --kernel 1 --channels 2,2 --groups 2 --weights 2,3   # grouped channels
  symconv matrix --input 4 --kernel 3 --padding 1 --padding-mode circular --symbolic w   # a circulant
  symconv matrix --input 4 --kernel 3 --padding 1 --padding-mode reflect --symbolic w    # padding folded back
"""

#: library parameter -> option
OPTIONS = {**GEOMETRY_OPTIONS, "w": "--weights", "padding_mode": "--padding-mode"}

#: Largest matrix ``symconv matrix`` prints (rows x columns).
MAX_PRINTED_ENTRIES = 20_000



def _options(args) -> dict:
    return {**OPTIONS, "ndim": _args.axes_option(args)}


def add_arguments(parser) -> None:
    parser.add_argument(
        "--input", required=True, type=_args.sizes, metavar="I", help="spatial input size, e.g. 5 or 4,4"
    )
    parser.add_argument("--kernel", required=True, type=_args.sizes, metavar="K", help="kernel size, e.g. 3 or 2,3")
    parser.add_argument("--stride", type=_args.sizes, default=1, metavar="S", help="stride (default 1)")
    parser.add_argument(
        "--padding", type=_args.padding, default=0, metavar="P", help="padding (default 0): see shape --help"
    )
    parser.add_argument(
        "--padding-mode", choices=PADDING_MODES, default="zeros",
        help="what the padding holds, as PyTorch's padding_mode (default zeros); reflect, replicate and circular "
        "add a padding tap's weight to the input cell it copies",
    )
    parser.add_argument("--dilation", type=_args.sizes, default=1, metavar="D", help="dilation (default 1)")
    parser.add_argument(
        "--channels", type=_args.channels, default=(1, 1), metavar="IN,OUT", help="channels (default 1,1)"
    )
    parser.add_argument("--groups", type=_args.count, default=1, metavar="G", help="groups (default 1)")
    parser.add_argument("--transposed", action="store_true", help="the matrix of the transposed convolution")
    parser.add_argument(
        "--output-padding", type=_args.sizes, metavar="A", help="extra cells at the end (--transposed only)"
    )
    parser.add_argument("--weights", type=_args.numbers, metavar="W1,W2,...", help="numeric kernel values, flattened")
    parser.add_argument("--symbolic", type=_args.symbol, metavar="NAME", help="symbolic kernel named NAME (default w)")
    parser.add_argument("--latex", action="store_true", help="print LaTeX (sympy.latex) instead of a grid")


def _plan(args, spatial: tuple):
    """The kernel's full shape (PyTorch layout) and the matrix's rows and columns."""
    from .._layout import weight_shape
    from ..geometry import Geometry

    c_in, c_out = args.channels
    geometry = Geometry(
        args.kernel, args.stride, args.padding, args.dilation, args.groups,
        args.output_padding or 0, transposed=args.transposed, padding_mode=args.padding_mode, ndim=len(spatial),
    )
    geometry.check_channels(c_in, c_out)
    out = geometry.output_size(spatial)
    return geometry, weight_shape(geometry, c_in, c_out), c_out * math.prod(out), c_in * math.prod(spatial)


def _grid(matrix) -> str:
    """Rows of right-aligned entries, two spaces apart; a weight's LaTeX index ``w_{0,1}`` written ``w[0,1]``."""
    import numpy as np

    def entry(value):
        if isinstance(value, (float, np.floating)):
            return f"{value:g}"
        return re.sub(r"_\{([^{}]*)\}", r"[\1]", str(value))

    rows = [[entry(matrix[r, c]) for c in range(matrix.shape[1])] for r in range(matrix.shape[0])]
    widths = [max(len(row[c]) for row in rows) for c in range(matrix.shape[1])]
    return "\n".join("  ".join(text.rjust(width) for text, width in zip(row, widths)) for row in rows)


def run(args) -> int:
    import numpy as np

    from ..matrix import conv_matrix

    _args.only_transposed_takes_output_padding(args)
    if args.weights is not None and args.symbolic is not None:
        raise UsageError(
            f"--symbolic: give either --weights or --symbolic, got both (--symbolic {_args.brief(args.symbolic)})"
        )
    spatial = args.input if isinstance(args.input, tuple) else (args.input,)
    try:
        geometry, shape, n_rows, n_cols = _plan(args, spatial)
    except SymconvError as error:
        raise option_error(error, _options(args)) from error
    if n_rows * n_cols > MAX_PRINTED_ENTRIES:
        names = growing_parameters(geometry, channels=args.channels)
        raise option_error(SymconvError(
            f"{names}: the matrix would be {int_text(n_rows, grouped=True)} x {int_text(n_cols, grouped=True)}, "
            f"more than the {MAX_PRINTED_ENTRIES:,} entries this command prints; make {'them' if ',' in names else 'it'}"
            f" smaller (or `symconv draw matrix` for its pattern), got --input {short(args.input)}", parameter=names
        ), _options(args))
    if args.weights is not None:
        if len(args.weights) != math.prod(shape):
            layout = "C_in, C_out/groups" if args.transposed else "C_out, C_in/groups"
            raise UsageError(
                f"--weights: expected {math.prod(shape)} numbers for a kernel of shape {shape} ({layout}, *kernel), "
                f"got {len(args.weights)}"
            )
        weights = np.array(args.weights).reshape(shape)
    else:
        from ..symbolic import symbol_array

        name = args.symbolic or "w"
        # one channel each way: index the symbols by tap only, as the notes write w_{a,b}
        weights = symbol_array(name, shape[2:] if shape[:2] == (1, 1) else shape).reshape(*shape)
    symbolic = args.latex or args.weights is None
    try:
        matrix = conv_matrix(
            (args.channels[0], *spatial), weights, stride=args.stride, padding=args.padding,
            dilation=args.dilation, groups=args.groups, transposed=args.transposed,
            output_padding=args.output_padding or 0, padding_mode=args.padding_mode, format="sympy" if symbolic else "dense",
        )
    except SymconvError as error:
        raise option_error(error, _options(args)) from error
    if args.latex:
        import sympy

        print(sympy.latex(matrix))
    else:
        print(_grid(matrix))
    return 0

"""The ``symconv`` command line.

``symconv build`` writes every derivation and figure of the build table
(:mod:`symconv.build`); ``symconv shape`` answers output sizes.  Arguments are
parsed strictly -- sizes are decimal integers, tuples are comma-separated
integers, nothing is passed to ``eval`` or ``sympify`` -- and every mistake
ends in one line ``symconv: error: <argument>: <message>`` with exit status 2.

Examples
--------
>>> main(["shape", "--input", "5", "--kernel", "3", "--stride", "2", "--padding", "1"])
3
0
>>> main(["shape", "--input", "5,7", "--kernel", "3"])
3 5
0
"""

from __future__ import annotations

import argparse
import re
import sys

from ._errors import SymconvError

__all__ = ["main"]

PROG = "symconv"

_INT = r"[+-]?[0-9]+"
_INTS = re.compile(rf"\s*{_INT}\s*(,\s*{_INT}\s*)*\Z")
_PAD_ITEM = re.compile(rf"\s*({_INT})\s*(?::\s*({_INT})\s*)?\Z")

# library parameter names -> the option a user typed
_OPTION_OF = {
    "input size": "--input",
    "kernel_size": "--kernel",
    "stride": "--stride",
    "padding": "--padding",
    "dilation": "--dilation",
    "output_padding": "--output-padding",
    "ceil_mode": "--ceil-mode",
    "only": "--only",
    "out_dir": "--out",
}


class _UsageError(Exception):
    """A command-line mistake; the message already names the argument."""


class _Exit(Exception):
    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse that reports instead of exiting, so that :func:`main` returns a status."""

    def error(self, message):
        # argparse says "argument --input: ..."; the house style is "--input: ..."
        raise _UsageError(re.sub(r"^argument ([^:]+): ", r"\1: ", message))

    def exit(self, status=0, message=None):
        if message:
            self._print_message(message, sys.stderr)
        raise _Exit(status)


# ----------------------------------------------------------------------------
# strict argument types
# ----------------------------------------------------------------------------


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # more digits than Python converts
        raise argparse.ArgumentTypeError(f"expected an integer of at most 4300 digits, got {text[:20]!r}...") from None


def _sizes(text: str):
    """``"5"`` -> 5, ``"5,7"`` -> (5, 7); decimal integers only."""
    if not _INTS.match(text):
        raise argparse.ArgumentTypeError(f"expected an integer or comma-separated integers like 5,7, got {text!r}")
    values = tuple(_int(part) for part in text.split(","))
    return values[0] if len(values) == 1 else values


def _padding(text: str):
    """An int, a comma list (one pad per axis), ``before:after`` items, or same/valid/full."""
    if text.strip().lower() in ("same", "valid", "full"):
        return text.strip().lower()
    items = []
    for part in text.split(","):
        match = _PAD_ITEM.match(part)
        if not match:
            raise argparse.ArgumentTypeError(
                "expected an integer, comma-separated integers like 1,2, before:after pairs like 0:1,1:1, "
                f"or same/valid/full, got {text!r}"
            )
        before, after = match.groups()
        items.append(_int(before) if after is None else (_int(before), _int(after)))
    if len(items) == 1:
        return items[0] if isinstance(items[0], int) else (items[0],)
    if any(isinstance(item, tuple) for item in items):
        return tuple(item if isinstance(item, tuple) else (item, item) for item in items)
    return tuple(items)


def _library_error(error: Exception) -> _UsageError:
    """Turn ``"stride: expected ..."`` from the library into ``"--stride: expected ..."``."""
    message = str(error)
    name, sep, rest = message.partition(": ")
    if sep and name in _OPTION_OF:
        return _UsageError(f"{_OPTION_OF[name]}: {rest}")
    return _UsageError(message)


# ----------------------------------------------------------------------------
# commands
# ----------------------------------------------------------------------------


def _run_shape(args) -> int:
    from . import shapes

    if args.ceil_mode and not args.pool:
        raise _UsageError("--ceil-mode: only pooling rounds up; add --pool, got --ceil-mode without it")
    if args.output_padding is not None and not args.transposed:
        raise _UsageError(f"--output-padding: only --transposed takes output padding, got {args.output_padding!r}")
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
    except (SymconvError, TypeError) as error:
        raise _library_error(error) from error
    print(" ".join(map(str, out)) if isinstance(out, tuple) else out)
    return 0


def _run_build(args) -> int:
    from . import build as build_module

    if args.list:
        for entry in build_module.entries(args.only, args.lang):
            description = f" -- {entry.description}" if entry.description else ""
            print(f"{entry.name}: {', '.join(entry.outputs)}{description}")
        return 0
    try:
        report = build_module.build(args.out, only=args.only, check=args.check, lang=args.lang, progress=print)
    except (SymconvError, TypeError) as error:
        raise _library_error(error) from error
    except OSError as error:
        raise _UsageError(f"--out: cannot write under {args.out!r}: {error}") from error
    if not report.ok:
        print(
            f"{PROG}: {len(report.outdated)} file(s) stale or missing; run `{PROG} build` to regenerate them",
            file=sys.stderr,
        )
        return 1
    return 0


# ----------------------------------------------------------------------------
# the parser
# ----------------------------------------------------------------------------

_SHAPE_EPILOG = """\
sizes are decimal integers; give one per spatial axis separated by commas
(5,7) or one for all axes (3).  The answer is one size per axis, separated
by spaces.

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

_BUILD_EPILOG = """\
The table of generated files lives in symconv/build.py.  Files are written
under the output directory -- the current working directory unless --out is
given -- as derivations/... and figures/...; writes are atomic and a file is
only rewritten when its bytes change.  With --check nothing is written: each
file is reported current, stale or missing, and the exit status is 1 if any
is stale or missing.

examples:
  symconv build                          # write derivations/ and figures/ here
  symconv build --only shape-arithmetic  # one entry (shell patterns allowed)
  symconv build --out /tmp/site          # write under /tmp/site instead
  symconv build --check                  # are the committed files current?
  symconv build --list                   # what the table holds
  symconv build --lang zh                # the Chinese pages (*.zh.md, *.zh.tex) and the figures
"""

_MAIN_EPILOG = """\
examples:
  symconv build                                               # write derivations/ and figures/
  symconv shape --input 5 --kernel 3 --stride 2 --padding 1   # prints 3
  symconv shape --help                                        # more, with worked examples
"""


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=PROG,
        description="symconv: convolution derived from first principles with SymPy, checked numerically, drawn.",
        epilog=_MAIN_EPILOG,
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    build = commands.add_parser(
        "build",
        help="write the derivations and figures from the build table",
        description="Write (or check) every generated derivation and figure.",
        epilog=_BUILD_EPILOG,
        formatter_class=formatter,
    )
    build.add_argument(
        "--only", action="append", metavar="NAME", help="build only this entry (repeatable; shell patterns allowed)"
    )
    build.add_argument("--out", default=".", metavar="DIR", help="output directory (default: the current directory)")
    build.add_argument(
        "--check", action="store_true", help="compare with the files on disk instead of writing; exit 1 if any is stale"
    )
    build.add_argument("--list", action="store_true", help="list the entries of the build table and exit")
    build.add_argument(
        "--lang", choices=("en", "zh"), help="only the derivation pages in this language (default: both; figures always)"
    )
    build.set_defaults(run=_run_build)

    shape = commands.add_parser(
        "shape",
        help="output size of a convolution, transposed convolution or pooling",
        description="Print the output size of a convolution (or --transposed / --pool) along each axis.",
        epilog=_SHAPE_EPILOG,
        formatter_class=formatter,
    )
    shape.add_argument("--input", required=True, type=_sizes, metavar="I", help="input size, e.g. 5 or 5,7")
    shape.add_argument("--kernel", required=True, type=_sizes, metavar="K", help="kernel size, e.g. 3 or 3,5")
    shape.add_argument("--stride", type=_sizes, metavar="S", help="stride (default 1; the kernel size with --pool)")
    shape.add_argument("--padding", type=_padding, default=0, metavar="P", help="padding (default 0): see below")
    shape.add_argument("--dilation", type=_sizes, default=1, metavar="D", help="dilation (default 1)")
    kind = shape.add_mutually_exclusive_group()
    kind.add_argument("--transposed", action="store_true", help="transposed convolution (the inverse direction)")
    kind.add_argument("--pool", action="store_true", help="pooling: the stride defaults to the kernel size")
    shape.add_argument("--output-padding", type=_sizes, metavar="A", help="extra cells at the end (--transposed only)")
    shape.add_argument("--ceil-mode", action="store_true", help="round the size up (--pool only)")
    shape.set_defaults(run=_run_shape)
    return parser


def main(argv=None) -> int:
    """Run the ``symconv`` command with ``argv`` (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 when ``build --check`` finds stale files, 2 for a
        command-line mistake (reported on one line on stderr).

    Examples
    --------
    >>> main(["shape", "--input", "3", "--kernel", "3", "--stride", "2", "--transposed"])
    7
    0
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            raise _UsageError(f"a command is required: build or shape (see {PROG} --help)")
        return args.run(args)
    except _Exit as done:
        return done.status
    except _UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2

"""The ``symconv`` command line: one module per command, registered in :data:`COMMANDS`.

``symconv build`` writes every derivation and figure of the build table
(:mod:`symconv.build`); ``derive`` prints one derivation page; ``draw``
writes one figure or animation; ``matrix`` prints the convolution matrix of
a geometry; ``shape`` answers output sizes; ``rf`` prints the receptive
fields of a network of your own (ONNX, PyTorch) or of a layer stack;
``summary`` the shapes, counts and receptive fields of a network of your own;
``verify`` checks the catalogue of identities.  Arguments are parsed
strictly (:mod:`symconv.cli._args`): sizes are decimal integers, tuples are
comma-separated integers, symbol names must match ``[A-Za-z][A-Za-z0-9_]*``,
nothing is passed to ``eval`` or ``sympify``.  Every mistake ends in one line
``symconv: error: <option>: <message>`` with exit status 2; a library error
reaches its option through :attr:`symconv.SymconvError.parameter`
(:mod:`symconv.cli._errors`).

Each command module has ``HELP`` (its line in ``symconv --help``),
``DESCRIPTION``, ``EPILOG`` (its help text, with worked examples),
``add_arguments(parser)`` and ``run(args) -> int``.  A new command is one
module and one line in :data:`COMMANDS`.

Examples
--------
>>> main(["shape", "--input", "5", "--kernel", "3", "--stride", "2", "--padding", "1"])
3
0
>>> main(["shape", "--input", "5,7", "--kernel", "3"])
3 5
0
>>> main(["matrix", "--input", "4", "--kernel", "2", "--stride", "2", "--symbolic", "w"])
w[0]  w[1]     0     0
   0     0  w[0]  w[1]
0
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import traceback

from .._output.numbers import shorten_numbers
from . import build, derive, draw, matrix, rf, shape, summary, verify
from ._args import Parser
from ._errors import Exit, Interrupted, UsageError

__all__ = ["main", "COMMANDS"]

PROG = "symconv"

#: Command name -> its module, in the order ``symconv --help`` lists them.
COMMANDS = {
    "build": build,
    "derive": derive,
    "draw": draw,
    "matrix": matrix,
    "shape": shape,
    "rf": rf,
    "summary": summary,
    "verify": verify,
}

MAIN_EPILOG = """\
examples:
  symconv build                                               # write derivations/ and figures/
  symconv derive fc-to-conv                                   # one derivation, as Markdown
  symconv draw sparse-from-below -o sparse.svg                # one figure
  symconv matrix --input 5 --kernel 3 --weights 1,2,3         # a convolution matrix
  symconv shape --input 5 --kernel 3 --stride 2 --padding 1   # prints 3
  symconv rf --network vgg16 --input-size 224                 # a receptive-field table
  symconv rf model.onnx --json                                # receptive fields of your network, as JSON
  symconv summary model.onnx --input-shape 1,3,224,224        # its shapes, parameters, MACs, receptive fields
  symconv verify                                              # check every identity
  symconv COMMAND --help                                      # more, with worked examples

A mistake is reported on one line naming the option (exit status 2).  An
error that is symconv's own is reported on one line too (exit status 1);
--debug shows its traceback.  SIGINT and SIGTERM stop a command quietly
(exit status 130 and 143) and remove the files it was writing.
"""

#: Digits Python may turn into text while a command runs: the library writes sizes into its messages whole, and
#: the command line shortens them (``~d.dde+N``) when it prints; arguments stay at 4300 digits (``_args``).
MAX_PRINTED_DIGITS = 100_000

# longest error line printed: a message echoes arguments at most ~60 characters each, but may list every name
_MAX_LINE = 4000


def _parser() -> argparse.ArgumentParser:
    from .. import __version__

    formatter = argparse.RawDescriptionHelpFormatter
    parser = Parser(
        prog=PROG,
        description="symconv: convolution derived from first principles with SymPy, checked numerically, drawn.",
        epilog=MAIN_EPILOG,
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error (one line without it)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name, module in COMMANDS.items():
        sub = commands.add_parser(
            name, help=module.HELP, description=module.DESCRIPTION, epilog=module.EPILOG, formatter_class=formatter
        )
        module.add_arguments(sub)
        sub.set_defaults(run=module.run, parser=sub)
    return parser


def _line(text: str) -> str:
    """One line of at most ``_MAX_LINE`` characters, long numbers shortened."""
    text = " ".join(shorten_numbers(text).splitlines())
    return text if len(text) <= _MAX_LINE else f"{text[:_MAX_LINE - 3]}..."


def _internal_error(error: BaseException, debug: bool) -> int:
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    try:
        said = str(error)
    except Exception:  # noqa: BLE001 -- whatever the error holds, it is reported
        said = ""
    said = _line(said)
    said = said if len(said) <= 60 else f"{said[:57]}..."
    what = type(error).__name__ + (f": {said}" if said else "")
    hint = "" if debug else ", or run with --debug for the traceback"
    print(f"{PROG}: internal error ({what}); please report it{hint}", file=sys.stderr)
    return 1


@contextlib.contextmanager
def _signals_stop_quietly():
    """While a command runs, SIGINT and SIGTERM raise :class:`Interrupted` (restored afterwards).

    The exception unwinds the command (the writer removes the temporary file
    it was writing); :func:`main` then removes any left and returns ``128 +
    signal``.  Outside the main thread signals cannot be caught, and nothing
    changes.
    """

    def stop(signum, frame):
        # a second signal while unwinding must not interrupt the clean-up
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, signal.SIG_IGN)
        raise Interrupted(128 + signum, signal.Signals(signum).name)

    previous = {}
    try:
        for number in (signal.SIGINT, signal.SIGTERM):
            previous[number] = signal.signal(number, stop)
    except ValueError:  # not the main thread
        pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def _digits(limit: int):
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(limit)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(old)


def main(argv=None) -> int:
    """Run the ``symconv`` command with ``argv`` (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success; 1 when ``build --check`` finds stale files or
        ``verify`` a failing identity, or for an internal error (one line on
        stderr, the traceback with ``--debug``); 2 for a command-line mistake
        (one line on stderr naming the option); 130 or 143 when SIGINT or
        SIGTERM stopped the command (the files it was writing removed).

    Examples
    --------
    >>> main(["shape", "--input", "3", "--kernel", "3", "--stride", "2", "--transposed"])
    7
    0
    >>> main(["matrix", "--input", "3", "--kernel", "2", "--weights", "1,-1"])
    1  -1   0
    0   1  -1
    0
    """
    from .._output.writer import remove_in_flight

    argv = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in argv[: next((i for i, a in enumerate(argv) if a in COMMANDS), len(argv))]
    try:
        with _signals_stop_quietly(), _digits(MAX_PRINTED_DIGITS):
            try:
                args = _parser().parse_args(argv)
                if args.command is None:
                    raise UsageError(f"a command is required: {', '.join(COMMANDS)} (see {PROG} --help)")
                return args.run(args)
            except Exit as done:
                return done.status
            except UsageError as error:
                print(f"{PROG}: error: {_line(str(error))}", file=sys.stderr)
                return 2
            except BrokenPipeError:
                # the reader left (symconv derive ... | head): say nothing more to it
                with contextlib.suppress(OSError):
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                return 1
            except Exception as error:  # noqa: BLE001 -- the last guard: one line, not a traceback
                return _internal_error(error, debug)
    except Interrupted as stop:
        remove_in_flight()
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        with contextlib.suppress(OSError, ValueError):
            print(f"{PROG}: stopped by {stop.name}", file=sys.stderr)
        return stop.status

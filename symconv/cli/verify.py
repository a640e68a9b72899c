"""``symconv verify``: prove and check every identity of the catalogue (:mod:`symconv.symbolic.catalogue`)."""

from __future__ import annotations

from .._errors import SymconvError
from . import _args
from ._errors import UsageError, option_error

HELP = "prove and check every identity of the catalogue"

DESCRIPTION = "Prove every identity with SymPy and check it numerically; exit 1 if any fails."

EPILOG = """\
Every identity of the catalogue (symconv.symbolic.catalogue) is a statement
with its conditions.  Its proof runs step by step, each step checked by SymPy:
"general" means for every value of the symbols (sizes, kernel, stride,
padding, dilation, channels, groups), "instances" that only a stated range is
checked.  Then it is checked on random numbers against an independent route.
The table gives the proof kind, both results and the time; --json prints one
object per identity (name, proof, method, conditions, symbolic, numeric,
seconds, error).  The exit status is 1 if any fails.

examples:
  symconv verify                                    # all of them
  symconv verify --only convolution-commutes        # one (repeatable)
  symconv verify --seed 7 --only stride-is-subsampling --only dilation-is-zero-inserted-kernel
  symconv verify --json --only stride-is-subsampling

checking your own implementation (symconv.testing.check_implementation):
--impl [OPERATION=]package.module:function names a function with the
signature of symconv.numeric.OPERATION (conv when OPERATION= is left out:
conv, conv_transpose, max_pool, avg_pool, correlate, convolve,
deform_conv2d); --impl package.module takes every function of the module
so named.  A random conformance sweep (--cases per function) and every
identity that uses the functions run against them; exit 1 if any fails.
The sweep draws every padding mode of conv (zeros, reflect, replicate,
circular: padding_mode= is passed to the function); --padding-modes zeros
checks a conv that pads only with zeros.
  symconv verify --impl symconv.numeric:conv --cases 10 --only stride-is-subsampling
  symconv verify --impl max_pool=symconv.numeric:max_pool --cases 10
  symconv verify --impl symconv.numeric:conv --cases 10 --padding-modes zeros,circular --only stride-is-subsampling
"""

#: library parameter -> option
OPTIONS = {"name": "--only", "rng": "--seed", "impl": "--impl", "cases": "--cases", "json": "--json",
           "padding_modes": "--padding-modes"}


def add_arguments(parser) -> None:
    parser.add_argument("--only", action="append", metavar="NAME", help="check only this identity (repeatable)")
    parser.add_argument(
        "--seed", type=_args.seed, default=0, metavar="N", help="seed of the numeric checks (default 0)"
    )
    parser.add_argument(
        "--impl", action="append", metavar="[OP=]MODULE[:FUNCTION]",
        help="check this implementation instead of symconv's own (repeatable; see below)",
    )
    parser.add_argument(
        "--cases", type=_args.seed, default=40, metavar="N", help="with --impl: random cases per function (default 40)"
    )
    parser.add_argument(
        "--padding-modes", metavar="MODES",
        help="with --impl: the padding modes the conv sweep draws, comma-separated (default all four)",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list, one object per identity")


def _check_implementation(args) -> int:
    from ..testing.conformance import check_implementation, load_implementation

    try:
        functions = {}
        for spec in args.impl:
            functions.update(load_implementation(spec))
        options = {}
        if args.padding_modes is not None:
            if "conv" not in functions:
                raise UsageError(f"--padding-modes: only conv takes a padding mode; --impl gave {', '.join(functions)}")
            options["conv"] = {"padding_modes": tuple(mode.strip() for mode in args.padding_modes.split(","))}
        report = check_implementation(**functions, rng=args.seed, cases=args.cases, names=args.only, options=options)
    except SymconvError as error:
        raise option_error(error, OPTIONS) from error
    print(report)
    return 0 if report.passed else 1


def run(args) -> int:
    if args.padding_modes is not None and not args.impl:
        raise UsageError("--padding-modes: only --impl sweeps cases; got --padding-modes without --impl")
    if args.impl:
        if args.json:
            raise option_error(SymconvError("json: the report of --impl is a table; leave out --json", parameter="json"),
                               OPTIONS)
        return _check_implementation(args)
    from ..symbolic.catalogue import format_table, rows_as_json, run_verification

    try:
        rows = run_verification(args.seed, names=args.only)
    except SymconvError as error:
        raise option_error(error, OPTIONS) from error
    if args.json:
        import json

        print(json.dumps(rows_as_json(rows), indent=2, ensure_ascii=False))
    else:
        print(format_table(rows))
    return 0 if all(row.symbolic_ok and row.numeric_ok for row in rows) else 1

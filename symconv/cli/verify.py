"""``symconv verify``: prove and check every identity of the catalogue (:mod:`symconv.symbolic.catalogue`)."""

from __future__ import annotations

from .._errors import SymconvError
from . import _args
from ._errors import option_error

HELP = "prove and check every identity of the catalogue"

DESCRIPTION = "Prove every identity with SymPy and check it numerically; exit 1 if any fails."

EPILOG = """\
Every identity of the catalogue (symconv.symbolic.catalogue) is proved with
SymPy and checked on random numbers; the table says which passed and how long
each took.  The exit status is 1 if any fails.

examples:
  symconv verify                                    # all of them
  symconv verify --only convolution-commutes        # one (repeatable)
  symconv verify --seed 7 --only stride-is-subsampling --only dilation-is-zero-inserted-kernel
"""

#: library parameter -> option
OPTIONS = {"name": "--only", "rng": "--seed"}


def add_arguments(parser) -> None:
    parser.add_argument("--only", action="append", metavar="NAME", help="check only this identity (repeatable)")
    parser.add_argument(
        "--seed", type=_args.seed, default=0, metavar="N", help="seed of the numeric checks (default 0)"
    )


def run(args) -> int:
    from ..symbolic.catalogue import format_table, run_verification

    try:
        rows = run_verification(args.seed, names=args.only)
    except SymconvError as error:
        raise option_error(error, OPTIONS) from error
    print(format_table(rows))
    return 0 if all(row.symbolic_ok and row.numeric_ok for row in rows) else 1

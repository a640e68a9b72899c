"""``symconv build``: write (or check) every derivation and figure of the build table (:mod:`symconv.build`)."""

from __future__ import annotations

import sys

from .._errors import SymconvError
from .._validate import short
from ._errors import UsageError, cannot_write, option_error

HELP = "write the derivations and figures from the build table"

DESCRIPTION = "Write (or check) every generated derivation and figure."

EPILOG = """\
The table of generated files lives in symconv/build.py.  Files are written
under the output directory -- the current working directory unless --out is
given -- as derivations/... and figures/...; writes are atomic (a temporary
.NAME.<random>.tmp beside the file, then a rename; an interrupted build removes
its temporaries), files are ordinary ones (0644 under umask 022), and a file
is only rewritten when its bytes change.  With --check nothing is written:
each file is reported current, stale or missing, a temporary left by a
killed build is reported too, and the exit status is 1 if any file is stale
or missing or any temporary is left.

examples:
  symconv build                          # write derivations/ and figures/ here
  symconv build --only shape-arithmetic  # one entry (shell patterns allowed)
  symconv build --out /tmp/site          # write under /tmp/site instead
  symconv build --check                  # are the committed files current?
  symconv build --list                   # what the table holds
  symconv build --lang zh                # the Chinese pages (*.zh.md, *.zh.tex) and the figures
"""

#: library parameter -> option
OPTIONS = {"only": "--only", "out_dir": "--out", "lang": "--lang"}


def add_arguments(parser) -> None:
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="build only this entry (repeatable; shell patterns allowed)"
    )
    parser.add_argument(
        "--out", default=".", metavar="DIR", help="output directory (default: the current directory)"
    )
    parser.add_argument(
        "--check", action="store_true", help="compare with the files on disk instead of writing; exit 1 if any is stale"
    )
    parser.add_argument("--list", action="store_true", help="list the entries of the build table and exit")
    parser.add_argument(
        "--lang", choices=("en", "zh"),
        help="only the derivation pages in this language (default: both; figures always)",
    )


def _list(args) -> int:
    from .. import build as table

    try:
        selected = table.entries(args.only, args.lang)
    except SymconvError as error:
        raise option_error(error, OPTIONS) from error
    for entry in selected:
        description = f" -- {entry.description}" if entry.description else ""
        print(f"{entry.name}: {', '.join(entry.outputs)}{description}")
    return 0


def run(args) -> int:
    from .. import build as table

    if args.list:
        return _list(args)
    if not args.out.strip():
        raise UsageError(f"--out: expected a folder, got {short(args.out)} (for the current folder give --out .)")
    try:
        report = table.build(args.out, only=args.only, check=args.check, lang=args.lang, progress=print)
        leftovers = table.leftover_temporaries(args.out, only=args.only, lang=args.lang) if args.check else ()
    except SymconvError as error:
        raise option_error(error, OPTIONS) from error
    except OSError as error:
        raise cannot_write("--out", args.out, error, under=True) from error
    for path in leftovers:
        print(f"{path}: a temporary file left by an interrupted write; remove it")
    status = 0
    if not report.ok:
        print(
            f"symconv: {len(report.outdated)} file(s) stale or missing; run `symconv build` to regenerate them",
            file=sys.stderr,
        )
        status = 1
    if leftovers:
        print(
            f"symconv: {len(leftovers)} temporary file(s) left by an interrupted write under "
            f"{short(args.out, limit=250)}; remove them",
            file=sys.stderr,
        )
        status = 1
    return status

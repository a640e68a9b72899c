"""``symconv derive``: print one derivation page (:mod:`symconv.pages`) as Markdown or LaTeX."""

from __future__ import annotations

import sys

from .._errors import SymconvError
from .._validate import short
from ._errors import UsageError, option_error

HELP = "print one derivation page (Markdown or LaTeX)"

DESCRIPTION = "Print a derivation page as Markdown or as a standalone LaTeX document."

EPILOG = """\
Prints one derivation page, the same text `symconv build` writes to
derivations/NAME.md (Markdown, GitHub math) or derivations/NAME.tex (a
standalone LaTeX document).

examples:
  symconv derive --list                          # the page names
  symconv derive fc-to-conv                      # Markdown, in English
  symconv derive fc-to-conv --format latex       # a LaTeX document
  symconv derive fc-to-conv --lang zh            # in Chinese, as the notes
"""

#: library parameter -> option
OPTIONS = {"name": "NAME", "lang": "--lang", "format": "--format"}


def add_arguments(parser) -> None:
    parser.add_argument("name", nargs="?", metavar="NAME", help="the page (see --list)")
    parser.add_argument("--format", choices=("markdown", "latex"), default="markdown", help="default: markdown")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="English or Chinese (default: en)")
    parser.add_argument("--list", action="store_true", help="list the page names and exit")


def run(args) -> int:
    from ..pages import page_names, render_page

    names = page_names()
    if args.list:
        if args.name is not None:
            raise UsageError(f"--list: lists every page and takes no NAME, got NAME {short(args.name)}")
        print("\n".join(names))
        return 0
    if args.name not in names:
        got = "nothing" if args.name is None else short(args.name)
        raise UsageError(f"NAME: expected one of {', '.join(names)}, got {got} (see symconv derive --list)")
    try:
        text = render_page(args.name, args.format, lang=args.lang)
    except SymconvError as error:  # e.g. a page whose own check fails
        raise option_error(error, OPTIONS) from error
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0

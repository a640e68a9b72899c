"""``symconv derive``: print one derivation page (:mod:`symconv.pages`) as Markdown or LaTeX, for any geometry.

Examples
--------
>>> from symconv.cli import main
>>> main(["derive", "shape-arithmetic", "--input", "5", "--kernel", "3", "--stride", "2"])  # doctest: +ELLIPSIS
# Shape arithmetic of your layer
...
0
"""

from __future__ import annotations

import errno
import os
import sys

from .._errors import SymconvError
from .._validate import short
from . import _args
from ._errors import GEOMETRY_OPTIONS, UsageError, cannot_write, option_error

HELP = "print one derivation page (Markdown or LaTeX), for your own layer too"

DESCRIPTION = (
    "Print a derivation page as Markdown or as a standalone LaTeX document; a page about one layer (or one "
    "stack) is derived for the geometry given by the options, and checked on those numbers first."
)

EPILOG = """\
Without geometry options a page is the built-in one, the same text
`symconv build` writes to derivations/NAME.md (Markdown, GitHub math) or
derivations/NAME.tex (a standalone LaTeX document).  With them, a page about
one layer is derived for yours: its numbers worked in the convolution-
arithmetic guide's notation (i k s p d o), your kernel as SymPy symbols,
diagrams of your layer (Mermaid in Markdown, TikZ in LaTeX).  Every page is
checked on your numbers before it is printed; a page whose check fails is
refused with the reason.  `symconv derive --list` shows which options each
page takes; an option a page does not use is refused.

geometry: --input I (the transposed convolution's input i' for a transposed
layer), --kernel K, --stride S, --padding P (an integer, one per axis, before:
after pairs, or valid/same/full), --dilation D, --groups G, --channels IN,OUT,
--transposed, --output-padding A: one value for every axis or one per axis
(5,7).  --layers names a stack for receptive-fields: [name=][t|p]kernel:
stride:padding[:dilation[:output_padding]], p marks a pooling layer, e.g.
conv1=3:1:1,pool1=p2:2:0,conv2=3:1:1.

examples:
  symconv derive --list                          # the pages and the options each takes
  symconv derive fc-to-conv                      # a built-in page, Markdown, in English
  symconv derive fc-to-conv --format latex       # a LaTeX document
  symconv derive fc-to-conv --lang zh            # in Chinese, as the notes
  symconv derive transposed --input 5 --kernel 4 --stride 2 --padding 1 --transposed --output-padding 1
  symconv derive shape-arithmetic --input 6 --kernel 4 --stride 2 --padding same
  symconv derive padding-stride-dilation --input 7 --kernel 3 --dilation 2 --padding 2
  symconv derive conv-matrix --input 3,3 --kernel 2 --format latex
  symconv derive groups-separable --input 8,8 --kernel 3 --padding 1 --channels 4,8 --groups 2
  symconv derive pooling --input 5 --kernel 2 --lang zh
  symconv derive receptive-fields --layers conv1=3:1:1,pool1=p2:2:0,conv2=3:1:1 --input 16
  symconv derive parameter-counting --input 28,28 --kernel 5 --channels 1,6

A LaTeX page includes its figures (PDFs under figures/) from the repository
root seen from derivations/, or from the folder it is compiled in; compiled
anywhere else it stops with an error naming the missing figure.  --figures DIR
writes the page's figures under DIR (as `symconv build --out DIR` would) and
points the document at DIR, so it compiles wherever it is:

    symconv derive transposed --format latex --figures out > out/transposed.tex

The pictures of a page derived for your layer are drawn in the document
itself (TikZ), so it needs no figure files.
"""

#: page parameter -> the option that sets it
GEOMETRY = {
    "input": "--input",
    "kernel": "--kernel",
    "stride": "--stride",
    "padding": "--padding",
    "dilation": "--dilation",
    "groups": "--groups",
    "channels": "--channels",
    "transposed": "--transposed",
    "output_padding": "--output-padding",
    "layers": "--layers",
}

#: library parameter -> option
OPTIONS = {**GEOMETRY_OPTIONS, **GEOMETRY, "name": "NAME", "lang": "--lang", "format": "--format", "roots": "--figures"}


def add_arguments(parser) -> None:
    parser.add_argument("name", nargs="?", metavar="NAME", help="the page (see --list)")
    parser.add_argument("--format", choices=("markdown", "latex"), default="markdown", help="default: markdown")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="English or Chinese (default: en)")
    parser.add_argument("--list", action="store_true", help="list the pages and the options each takes, and exit")
    parser.add_argument("--figures", metavar="DIR", help="LaTeX only: write the page's printed figures under DIR "
                        "(an existing folder) and include them from there")
    layer = parser.add_argument_group("your layer (pages about one geometry; see --list)")
    layer.add_argument("--input", type=_args.sizes, metavar="I", help="input size, e.g. 5 or 5,7")
    layer.add_argument("--kernel", type=_args.sizes, metavar="K", help="kernel size, e.g. 3 or 3,5")
    layer.add_argument("--stride", type=_args.sizes, metavar="S", help="stride (default 1; the kernel for pooling)")
    layer.add_argument("--padding", type=_args.padding, metavar="P", help="padding (default 0): see above")
    layer.add_argument("--dilation", type=_args.sizes, metavar="D", help="dilation (default 1)")
    layer.add_argument("--groups", type=_args.count, metavar="G", help="groups (default 1)")
    layer.add_argument("--channels", type=_args.channels, metavar="IN,OUT", help="channels (default 1,1)")
    layer.add_argument("--transposed", action="store_true", help="a transposed convolution")
    layer.add_argument("--output-padding", type=_args.sizes, metavar="A", help="extra cells at the end (transposed)")
    layer.add_argument("--layers", type=_args.named_layers, metavar="LAYERS",
                       help=f"a stack, {_args.NAMED_LAYERS_SYNTAX},... (receptive-fields)")


def _given(args) -> dict:
    """The geometry options given: page parameter -> value (``--transposed`` only when set)."""
    given = {}
    for parameter in GEOMETRY:
        value = getattr(args, parameter)
        if parameter == "transposed":
            value = True if value else None
        if value is not None:
            given[parameter] = value
    return given


def _options_of(page) -> str:
    return " ".join(GEOMETRY[p] for p in page.parameters) if page.parameters else "-"


def _listing() -> str:
    """One line per page: its name, the options it takes, and whether only derive writes it."""
    from ..pages import DERIVE_ONLY, PAGES

    rows = [(p.name, _options_of(p) + ("  (derive only)" if p in DERIVE_ONLY else "")) for p in (*PAGES, *DERIVE_ONLY)]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name.ljust(width)}  {options}".rstrip() for name, options in rows)


def _refuse_unused(page, given: dict) -> None:
    """An option the page does not use: one line naming it and the options the page takes."""
    for parameter in given:
        if parameter not in page.parameters:
            takes = (f"takes {_options_of(page)}" if page.parameters
                     else "is about no one layer and takes no geometry options")
            raise UsageError(
                f"{GEOMETRY[parameter]}: page {page.name} {takes}, not {GEOMETRY[parameter]} "
                "(see symconv derive --list)"
            )


def run(args) -> int:
    from ..pages import DERIVE_ONLY, PAGES, derivable_names, derive

    given = _given(args)
    if args.list:
        if args.name is not None:
            raise UsageError(f"--list: lists every page and takes no NAME, got NAME {short(args.name)}")
        if given:
            option = GEOMETRY[next(iter(given))]
            raise UsageError(f"--list: lists every page and takes no geometry option, got {option}")
        print(_listing())
        return 0
    names = derivable_names()
    if args.name not in names:
        got = "nothing" if args.name is None else short(args.name)
        raise UsageError(f"NAME: expected one of {', '.join(names)}, got {got} (see symconv derive --list)")
    page = next(p for p in (*PAGES, *DERIVE_ONLY) if p.name == args.name)
    _refuse_unused(page, given)
    if args.figures is not None and args.format != "latex":
        raise UsageError(f"--figures: writes the figures of a LaTeX page; add --format latex, got --format {args.format}")
    options = {**OPTIONS, "ndim": _args.axes_option(args)}
    stack_option = "--layers" if "layers" in given else None
    try:
        if "layers" in given:
            given["layers"] = given["layers"].layer_stack()
        derivation = derive(args.name, **given)
        if args.format == "markdown":
            text = derivation.to_markdown(lang=args.lang)
        elif args.figures is None:
            text = derivation.to_latex(standalone=True, lang=args.lang)
        else:
            text = _latex_with_figures(derivation, args.lang, args.figures)
    except SymconvError as error:  # a bad value, a request too large, or a page whose own check fails
        raise option_error(error, options, stack_option=stack_option) from error
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _latex_with_figures(derivation, lang: str, folder: str) -> str:
    """The LaTeX page including its figures from ``folder`` (absolute), after writing them there."""
    if not os.path.isdir(folder):
        raise cannot_write("--figures", folder, OSError(errno.ENOENT, "no such folder"))
    from pathlib import Path

    from .._output.writer import write_atomic
    from ..build import render_outputs

    root = Path(folder).resolve().as_posix().rstrip("/") + "/"
    text = derivation.to_latex(standalone=True, lang=lang, figure_roots=(root,))  # refuses a root LaTeX cannot read
    for path, data in render_outputs(derivation.figure_paths(lang)).items():
        try:
            write_atomic(Path(root) / path, data)
        except OSError as error:
            raise cannot_write("--figures", Path(root) / path, error) from error
    return text

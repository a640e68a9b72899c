"""The ``symconv`` command line.

``symconv build`` writes every derivation and figure of the build table
(:mod:`symconv.build`); ``derive`` prints one derivation page; ``draw``
writes one figure or animation; ``matrix`` prints the convolution matrix of
a geometry; ``shape`` answers output sizes; ``rf`` prints a receptive-field
table; ``verify`` checks the catalogue of identities.  Arguments are parsed
strictly -- sizes are decimal integers, tuples are comma-separated integers,
symbol names must match ``[A-Za-z][A-Za-z0-9_]*``, nothing is passed to
``eval`` or ``sympify`` -- and every mistake ends in one line
``symconv: error: <argument>: <message>`` with exit status 2.

Examples
--------
>>> main(["shape", "--input", "5", "--kernel", "3", "--stride", "2", "--padding", "1"])
3
0
>>> main(["shape", "--input", "5,7", "--kernel", "3"])
3 5
0
>>> main(["matrix", "--input", "4", "--kernel", "2", "--stride", "2", "--symbolic", "w"])
w_{0}  w_{1}      0      0
    0      0  w_{0}  w_{1}
0
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import tempfile
from pathlib import Path

from ._errors import SymconvError

__all__ = ["main"]

PROG = "symconv"

_INT = r"[+-]?[0-9]+"
_INTS = re.compile(rf"\s*{_INT}\s*(,\s*{_INT}\s*)*\Z")
_PAD_ITEM = re.compile(rf"\s*({_INT})\s*(?::\s*({_INT})\s*)?\Z")
_NUMBER = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*\Z")
_SYMBOL = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_LABEL = re.compile(r"[A-Za-z][A-Za-z0-9_]*(,[0-9]+)*\Z")
# [t]kernel:stride:padding[:dilation[:output_padding]]; t marks a transposed convolution
_LAYER = re.compile(
    rf"\s*(t?)({_INT})\s*:\s*({_INT})\s*:\s*({_INT}|same|valid|full)\s*"
    rf"(?::\s*({_INT})\s*(?::\s*({_INT})\s*)?)?\Z",
    re.IGNORECASE,
)
# how --layers is written, for help and messages
_LAYERS_SYNTAX = "[t]kernel:stride:padding[:dilation[:output_padding]]"

#: Largest matrix ``symconv matrix`` prints (rows x columns).
MAX_PRINTED_ENTRIES = 20_000

# library parameter names -> the option a user typed
_OPTION_OF = {
    "input size": "--input",
    "input_size": "--input",
    "input_shape": "--input",
    "n_inputs": "--input",
    "kernel_size": "--kernel",
    "stride": "--stride",
    "padding": "--padding",
    "dilation": "--dilation",
    "output_padding": "--output-padding",
    "groups": "--groups",
    "input channels": "--channels",
    "output channels": "--channels",
    "channels": "--channels",
    "node": "--node",
    "tap": "--tap",
    "full": "--full",
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
    """argparse that reports instead of exiting, so that :func:`main` returns a status.

    Abbreviated options are refused: ``--str 2`` is not ``--stride 2``.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message):
        # argparse says "argument --input/--inputs: ..."; the house style is "--input: ..." (the first spelling)
        raise _UsageError(re.sub(r"^argument ([^:/]+)(/[^:]+)?: ", r"\1: ", message))

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


def _count(text: str, minimum: int = 1) -> int:
    """One integer of at least ``minimum``."""
    value = _int(text) if re.fullmatch(rf"\s*{_INT}\s*", text) else None
    if value is None or value < minimum:
        kind = "a positive integer" if minimum == 1 else "a non-negative integer"
        raise argparse.ArgumentTypeError(f"expected {kind}, got {text!r}")
    return value


def _seed(text: str) -> int:
    return _count(text, minimum=0)


def _channels(text: str) -> tuple:
    """``"IN,OUT"``: two integers."""
    value = _sizes(text) if _INTS.match(text) else None
    if not isinstance(value, tuple) or len(value) != 2:
        raise argparse.ArgumentTypeError(f"expected IN,OUT: two integers like 1,8, got {text!r}")
    return value


def _pad_value(before: str, after: str | None = None):
    return _int(before) if after is None else (_int(before), _int(after))


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
        items.append(_pad_value(*match.groups()))
    if len(items) == 1:
        return items[0] if isinstance(items[0], int) else (items[0],)
    if any(isinstance(item, tuple) for item in items):
        return tuple(item if isinstance(item, tuple) else (item, item) for item in items)
    return tuple(items)


class _Layers(list):
    """The layers of ``--layers`` as the library takes them, and each as it was typed (for messages)."""

    def __init__(self, layers, typed):
        super().__init__(layers)
        self.typed = typed


def _transposed_layer(kernel, stride, padding, dilation, output_padding) -> dict:
    """A transposed convolution layer as :func:`symconv.networks.layer_stack` reads it."""
    return {
        "kernel_size": kernel,
        "stride": stride,
        "padding": padding,
        "dilation": dilation,
        "output_padding": output_padding,
        "transposed": True,
    }


def _layers(text: str) -> _Layers:
    """``"3:2:1,t3:2:1:1:1"`` -> ``[(3, 2, 1), {"kernel_size": 3, ..., "transposed": True}]``.

    A fourth field is the dilation.  A ``t`` before the kernel makes the
    layer a transposed convolution (the dict :func:`symconv.graphs.connectivity_graph`
    takes), and only such a layer has a fifth field, its output padding.
    """
    layers, typed = [], []
    for part in text.split(","):
        match = _LAYER.match(part)
        if not match:
            raise argparse.ArgumentTypeError(
                f"expected {_LAYERS_SYNTAX} for each layer, separated by commas, like 3:1:1,2:2:0 or 3:2:1,t3:2:1:1:1 "
                f"(t: a transposed convolution; padding may be same/valid/full), got {text!r}"
            )
        transposed, kernel, stride, padding, dilation, output_padding = match.groups()
        if output_padding is not None and not transposed:
            raise argparse.ArgumentTypeError(
                f"a fifth field (output padding) belongs to a transposed layer, written with a t before the kernel "
                f"like t{part.strip()}, got {text!r}"
            )
        padding = padding.lower() if padding.lower() in ("same", "valid", "full") else _int(padding)
        if transposed:
            layer = _transposed_layer(
                _int(kernel),
                _int(stride),
                padding,
                1 if dilation is None else _int(dilation),
                0 if output_padding is None else _int(output_padding),
            )
        else:
            layer = (_int(kernel), _int(stride), padding)
            layer = layer if dilation is None else (*layer, _int(dilation))
        layers.append(layer)
        typed.append(part.strip())
    return _Layers(layers, typed)


def _numbers(text: str) -> tuple:
    """Comma-separated decimal numbers: ints stay ints, anything with a point or exponent is a float."""
    parts = text.split(",")
    if not all(_NUMBER.match(part) for part in parts):
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers like 1,0,-1 or 0.5,0.25, got {text!r}")
    values = tuple(_int(part) if re.fullmatch(rf"\s*{_INT}\s*", part) else float(part) for part in parts)
    if not all(math.isfinite(value) for value in values):
        raise argparse.ArgumentTypeError(f"expected finite numbers, got {text!r}")
    return values


def _symbol(text: str) -> str:
    """A symbol name: a letter, then letters, digits or '_' (checked, never sympified)."""
    if not _SYMBOL.match(text):
        raise argparse.ArgumentTypeError(
            f"expected a symbol name of a letter followed by letters, digits or '_' (like W or w_1), got {text!r}"
        )
    return text


def _label(text: str) -> str:
    """A unit label of a connectivity graph: ``x3``, ``s2``, ``g3``, ``x2,3`` (2-D)."""
    if not _LABEL.match(text):
        raise argparse.ArgumentTypeError(f"expected a unit label like x3, s2, g3 or x2,3, got {text!r}")
    return text


def _library_error(error: Exception, *, stack_option: str | None = None, rename=None) -> _UsageError:
    """Turn ``"stride: expected ..."`` from the library into ``"--stride: expected ..."``.

    ``stack_option`` is the option a layer stack came from (``--layers``): a
    ``layers[i]: ...`` message is reported under it whole.  Without it the
    stack was built from ``--kernel``/``--stride``/..., so the ``layers[i]:``
    prefix goes and the parameter inside names the option.  ``rename``
    overrides the parameter -> option table for one command.
    """
    message = str(error)
    layered = re.match(r"layers(\[\d+\])?: ", message)
    if layered:
        if stack_option is not None:
            return _UsageError(f"{stack_option}: {message}")
        message = message[layered.end():]
    table = {**_OPTION_OF, **(rename or {})}
    name, sep, rest = message.partition(": ")
    if sep and name in table:
        return _UsageError(f"{table[name]}: {rest}")
    return _UsageError(message)


def _too_large(error: Exception, given: dict, sizers, advice: str) -> _UsageError | None:
    """A ``max_edges``/``max_frames`` refusal, reported under the options the user gave that set the size.

    The size comes from the input and every layer option together (a transposed layer's output grows with its
    stride, a convolution's shrinks), so no one option is to blame; ``sizers`` are the options that count, in
    the order they are listed, and ``advice`` says which way to change them.  None for any other error.
    """
    limit = re.match(r"max_(edges|frames): ", str(error))
    if limit is None:
        return None
    # the library's own advice names its keyword arguments, which the command line does not have
    detail = re.sub(rf";[^;]*\bmax_{limit.group(1)}\b[^;]*$", "", str(error).removeprefix(limit.group(0)))
    detail = re.sub(rf"\bmax_{limit.group(1)}\b(?!=)", "the limit", detail)
    blamed = ", ".join(given[dest] for dest in sizers if dest in given) or "--input"
    return _UsageError(f"{blamed}: {detail}; {advice}")


def _only_transposed_takes_output_padding(args) -> None:
    if args.output_padding is not None and not args.transposed:
        raise _UsageError(f"--output-padding: only --transposed takes output padding, got {args.output_padding!r}")


def _write(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (a temporary file beside it, then a rename)."""
    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise _UsageError(f"-o: cannot write {path!r}: {error.strerror or error}") from error


def _print_text(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# ----------------------------------------------------------------------------
# commands
# ----------------------------------------------------------------------------


def _run_shape(args) -> int:
    from . import shapes

    if args.ceil_mode and not args.pool:
        raise _UsageError("--ceil-mode: only pooling rounds up; add --pool, got --ceil-mode without it")
    _only_transposed_takes_output_padding(args)
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


def _run_derive(args) -> int:
    from .pages import page_names, render_page

    names = page_names()
    if args.list:
        if args.name is not None:
            raise _UsageError(f"--list: lists every page and takes no NAME, got NAME {args.name!r}")
        print("\n".join(names))
        return 0
    if args.name not in names:
        got = "nothing" if args.name is None else repr(args.name)
        raise _UsageError(f"NAME: expected one of {', '.join(names)}, got {got} (see {PROG} derive --list)")
    try:
        text = render_page(args.name, args.format, lang=args.lang)
    except SymconvError as error:  # e.g. a page whose own check fails
        raise _library_error(error, rename={"name": "NAME", "lang": "--lang", "format": "--format"}) from error
    _print_text(text)
    return 0


# --- rf and the layer stacks of draw receptive-field ------------------------


def _networks() -> dict:
    from . import networks

    return {"lenet5": networks.lenet5, "alexnet": networks.alexnet, "vgg16": networks.vgg16}


_NETWORK_NAMES = ("lenet5", "alexnet", "vgg16")


def _stack(args, who: str):
    """The layer stack of ``--layers`` or ``--network``, and the option it came from."""
    if args.layers is not None and args.network is not None:
        raise _UsageError(f"--network: give either --layers or --network, got both (--network {args.network})")
    if args.network is not None:
        return _networks()[args.network](), "--network"
    if args.layers is None:
        raise _UsageError(f"--layers: {who} needs --layers k:s:p[:d],... or --network NAME, got neither")
    for index, layer in enumerate(args.layers):
        if isinstance(layer, dict):
            raise _UsageError(
                f"--layers: {who} takes convolution and pooling layers only: the receptive-field formula is for "
                f"forward stacks, got the transposed layer {args.layers.typed[index]!r} (layers[{index}])"
            )
    return args.layers, "--layers"


def _run_rf(args) -> int:
    from .receptive import receptive_field_table

    layers, option = _stack(args, "rf")
    try:
        table = receptive_field_table(layers, input_size=args.input_size)
    except (SymconvError, TypeError) as error:
        raise _library_error(error, stack_option=option, rename={"input_size": "--input-size"}) from error
    print(table)
    return 0


# --- verify -------------------------------------------------------------------


def _run_verify(args) -> int:
    from .symbolic.identities import format_table, run_verification

    try:
        rows = run_verification(args.seed, names=args.only)
    except SymconvError as error:
        raise _library_error(error, rename={"name": "--only"}) from error
    print(format_table(rows))
    return 0 if all(row.symbolic_ok and row.numeric_ok for row in rows) else 1


# --- matrix -------------------------------------------------------------------


def _matrix_plan(args, spatial: tuple):
    """For ``matrix``: the kernel's full shape (PyTorch layout) and the matrix's rows and columns."""
    from .geometry import Geometry
    from ._layout import weight_shape

    c_in, c_out = args.channels
    geometry = Geometry(
        args.kernel, args.stride, args.padding, args.dilation, args.groups,
        args.output_padding or 0, transposed=args.transposed, ndim=len(spatial),
    )
    geometry.check_channels(c_in, c_out)
    out = geometry.output_size(spatial)
    return weight_shape(geometry, c_in, c_out), c_out * math.prod(out), c_in * math.prod(spatial)


def _grid(matrix) -> str:
    """Rows of right-aligned entries, two spaces apart."""
    import numpy as np

    def entry(value):
        if isinstance(value, (float, np.floating)):
            return f"{value:g}"
        return str(value)

    rows = [[entry(matrix[r, c]) for c in range(matrix.shape[1])] for r in range(matrix.shape[0])]
    widths = [max(len(row[c]) for row in rows) for c in range(matrix.shape[1])]
    return "\n".join("  ".join(text.rjust(width) for text, width in zip(row, widths)) for row in rows)


def _run_matrix(args) -> int:
    import numpy as np

    from .matrix import conv_matrix

    _only_transposed_takes_output_padding(args)
    if args.weights is not None and args.symbolic is not None:
        raise _UsageError(f"--symbolic: give either --weights or --symbolic, got both (--symbolic {args.symbolic})")
    spatial = args.input if isinstance(args.input, tuple) else (args.input,)
    try:
        shape, n_rows, n_cols = _matrix_plan(args, spatial)
    except (SymconvError, TypeError) as error:
        raise _library_error(error) from error
    if n_rows * n_cols > MAX_PRINTED_ENTRIES:
        raise _UsageError(
            f"--input: the matrix would be {n_rows:,} x {n_cols:,}, more than the {MAX_PRINTED_ENTRIES:,} entries "
            f"this command prints; use a smaller input (or `{PROG} draw matrix` for its pattern), got {args.input!r}"
        )
    if args.weights is not None:
        if len(args.weights) != math.prod(shape):
            layout = "C_in, C_out/groups" if args.transposed else "C_out, C_in/groups"
            raise _UsageError(
                f"--weights: expected {math.prod(shape)} numbers for a kernel of shape {shape} ({layout}, *kernel), "
                f"got {len(args.weights)}"
            )
        weights = np.array(args.weights).reshape(shape)
    else:
        from .symbolic import symbol_array

        name = args.symbolic or "w"
        # one channel each way: index the symbols by tap only, as the notes write w_{a,b}
        weights = symbol_array(name, shape[2:] if shape[:2] == (1, 1) else shape).reshape(*shape)
    symbolic = args.latex or args.weights is None
    try:
        matrix = conv_matrix(
            (args.channels[0], *spatial), weights, stride=args.stride, padding=args.padding,
            dilation=args.dilation, groups=args.groups, transposed=args.transposed,
            output_padding=args.output_padding or 0, format="sympy" if symbolic else "dense",
        )
    except (SymconvError, TypeError) as error:
        raise _library_error(error) from error
    if args.latex:
        import sympy

        print(sympy.latex(matrix))
    else:
        print(_grid(matrix))
    return 0


# --- draw -----------------------------------------------------------------------

_GRAPH_FORMATS = ("svg", "png", "pdf", "mmd", "dot", "tex")
_FIGURE_FORMATS = ("svg", "png", "pdf")
_ALL_FORMATS = ("svg", "png", "pdf", "mmd", "dot", "tex", "gif")

_GEOMETRY_OPTIONS = ("input", "kernel", "stride", "padding", "dilation")
_GRAPH_OPTIONS = (*_GEOMETRY_OPTIONS, "transposed", "output_padding", "layers", "depth", "direction", "show_padding")

# KIND -> (formats, options it takes); every kind takes --lang
_KINDS = {
    "sparse-from-below": (_GRAPH_FORMATS, (*_GRAPH_OPTIONS, "node", "full", "lang")),
    "sparse-from-above": (_GRAPH_FORMATS, (*_GRAPH_OPTIONS, "node", "full", "lang")),
    "indirect-interaction": (_GRAPH_FORMATS, (*_GRAPH_OPTIONS, "node", "lang")),
    "parameter-sharing": (_GRAPH_FORMATS, (*_GRAPH_OPTIONS, "tap", "full", "lang")),
    "animation": (("gif",), (*_GEOMETRY_OPTIONS, "transposed", "output_padding", "config", "lang")),
    "matrix": (_FIGURE_FORMATS, (*_GEOMETRY_OPTIONS, "channels", "groups", "transposed", "output_padding", "lang")),
    "receptive-field": (_FIGURE_FORMATS, ("input", "layers", "network", "lang")),
}


def _suffixes(formats) -> str:
    names = [f".{f}" for f in formats]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _option_names(parser) -> dict:
    """dest -> the option's first spelling, for every option of ``parser`` but --help and -o."""
    return {a.dest: a.option_strings[0] for a in parser._actions if a.option_strings and a.dest not in ("help", "output")}


def _given(args, parser) -> dict:
    """dest -> the option, for every option the user gave (every draw option defaults to None)."""
    return {dest: option for dest, option in _option_names(parser).items() if getattr(args, dest) is not None}


def _graph_diagram(args, given: dict):
    from . import graphs

    depth_default = 2 if args.kind == "indirect-interaction" else 1
    if args.layers is not None:
        options = ("kernel", "stride", "padding", "dilation", "transposed", "output_padding", "depth")
        mixed = [given[d] for d in options if d in given]
        if mixed and mixed[0] in ("--transposed", "--output-padding"):
            raise _UsageError(
                f"--layers: a transposed layer of --layers is marked with a t before its kernel (t3:2:1), its output "
                f"padding is a fifth field (t3:2:1:1:1); {mixed[0]} does not apply to --layers, got --layers with "
                f"{mixed[0]}"
            )
        if mixed:
            raise _UsageError(
                f"--layers: give the layers either with --layers or with --kernel/--stride/--padding/--dilation/"
                f"--transposed/--output-padding/--depth, got --layers with {mixed[0]}"
            )
        layers, option = args.layers, "--layers"
    else:
        _only_transposed_takes_output_padding(args)
        # the seed notes' layer: kernel 3, stride 1, padding 1
        kernel, stride, padding, dilation = (
            default if value is None else value
            for value, default in ((args.kernel, 3), (args.stride, 1), (args.padding, 1), (args.dilation, 1))
        )
        if args.transposed:
            layer = _transposed_layer(kernel, stride, padding, dilation, args.output_padding or 0)
        else:
            layer = (kernel, stride, padding, dilation)
        layers, option = [layer] * (depth_default if args.depth is None else args.depth), None
    n_inputs = 5 if args.input is None else args.input
    two_d = isinstance(n_inputs, tuple) and len(n_inputs) > 1
    if args.full and two_d:
        raise _UsageError(
            f"--full: the fully connected panel is drawn for 1-D inputs only, got --input {','.join(map(str, n_inputs))}"
        )
    options = dict(include_padding=bool(args.show_padding))
    if args.direction is not None:
        options["direction"] = args.direction
    full = not two_d if args.full is None else args.full
    try:
        if args.kind == "sparse-from-below":
            return graphs.outputs_affected_diagram(n_inputs, layers, args.node, full=full, **options)
        if args.kind == "sparse-from-above":
            return graphs.inputs_affecting_diagram(n_inputs, layers, args.node, full=full, **options)
        if args.kind == "indirect-interaction":
            return graphs.receptive_field_diagram(n_inputs, layers, args.node, **options)
        return graphs.parameter_sharing_diagram(n_inputs, layers, tap=args.tap, full=full, **options)
    except (SymconvError, TypeError) as error:
        raise _graph_too_large(error, args, given) or _library_error(error, stack_option=option) from error


def _graph_too_large(error: Exception, args, given: dict) -> _UsageError | None:
    """Too many edges or nodes: which way each option of the stack moves the count (each layer has one edge per
    output unit and kernel tap, the fully connected panel one per pair of units of consecutive layers; the zeros
    --show-padding draws are nodes)."""
    if args.layers is not None:
        advice = "use a smaller --input, or fewer layers or ones with fewer outputs or taps (a t layer's output grows "
        advice += "with its stride)"
    elif args.transposed and isinstance(args.padding, str):  # "full" pads d(k-1): a larger kernel shrinks the output
        advice = "use a smaller --input, --stride, --output-padding or --depth"
    elif args.transposed:  # the output (i-1)s - p + d(k-1) + 1 + a grows with all of them
        advice = "use a smaller --input, --kernel, --stride, --dilation, --output-padding or --depth"
    else:  # the output (i + p - d(k-1) - 1) // s + 1; a larger kernel can add taps faster than it removes outputs
        advice = "use a smaller --input, --padding or --depth, or a larger --stride"
    sizers = ["input", "layers", "kernel", "stride", "padding", "dilation", "output_padding", "depth"]
    if "dense" in str(error):  # the fully connected panel
        sizers.append("full")
        advice += ", or --no-full to leave out the fully connected panel"
    elif args.show_padding and re.search(r"\bnodes\b", str(error)):  # the zeros drawn are nodes too
        sizers.append("show_padding")
        advice += ", or leave out --show-padding"
    return _too_large(error, given, sizers, advice)


def _in_language(diagram, lang: str):
    """``diagram`` with its panel titles (the builders' English defaults) translated by the catalogue."""
    if lang == "en":
        return diagram
    from dataclasses import replace

    from ._i18n import translate
    from .graphs import Diagram

    return Diagram(tuple(replace(p, title=translate(p.title, lang)) for p in diagram.panels), diagram.direction)


def _font_error(error: SymconvError, instead: str) -> _UsageError:
    """No font with Chinese glyphs (:mod:`symconv._output.fonts`), reported under --lang with what works instead."""
    return _UsageError(f"--lang: {str(error).removeprefix('lang: ')}; or {instead}")


def _graph_bytes(diagram, fmt: str, lang: str) -> bytes:
    from . import graphs
    from ._output.fonts import family_for, use_chinese_family

    if fmt == "mmd":
        return graphs.to_mermaid(diagram).encode("utf-8")
    if fmt == "dot":
        return graphs.to_dot(diagram).encode("utf-8")
    if fmt == "tex":
        return graphs.to_tikz(diagram, standalone=True).encode("utf-8")
    from ._output.savefig import figure_bytes

    try:
        family = family_for(lang, [panel.title for panel in diagram.panels])
    except SymconvError as error:
        raise _font_error(error, "write .mmd, .dot or .tex, which need no font") from error
    drawing = graphs.draw(diagram)
    if family is not None:
        use_chinese_family(drawing.ax, family)
    return figure_bytes(drawing.figure, fmt)


def _drawn_geometry(args) -> dict:
    """Stride, padding, dilation and the transposed options of ``draw animation`` and ``draw matrix``,
    defaults filled in (every draw option defaults to None); refuses --output-padding without --transposed."""
    _only_transposed_takes_output_padding(args)
    return dict(
        stride=1 if args.stride is None else args.stride,
        padding=0 if args.padding is None else args.padding,
        dilation=1 if args.dilation is None else args.dilation,
        transposed=bool(args.transposed),
        output_padding=args.output_padding or 0,
    )


def _animation_bytes(args, given: dict, lang: str) -> bytes:
    from functools import partial

    from .animate import arithmetic_animation, conv_animation

    if args.config is not None:
        clash = [given[d] for d in (*_GEOMETRY_OPTIONS, "transposed", "output_padding") if d in given]
        if clash:
            raise _UsageError(
                f"--config: a named configuration sets the whole geometry, got --config {args.config} with {clash[0]}"
            )
        animation = partial(arithmetic_animation, args.config)
    else:
        animation = partial(
            conv_animation,
            4 if args.input is None else args.input,  # the guide's first animation: 4x4 input, 3x3 kernel
            3 if args.kernel is None else args.kernel,
            **_drawn_geometry(args),
        )
    try:
        return animation(lang=lang)
    except (SymconvError, TypeError) as error:
        sizers = (*_GEOMETRY_OPTIONS, "output_padding")
        raise _too_large(error, given, sizers, "draw a smaller configuration") or _figure_error(error) from error


def _figure_error(error: Exception, **options) -> _UsageError:
    """A library error of ``draw animation``/``matrix``/``receptive-field``, under the option it concerns."""
    if str(error).startswith("lang: "):
        return _font_error(error, "draw it with --lang en")
    return _library_error(error, **options)


def _matrix_figure(args, lang: str):
    from .plots import conv_matrix_figure

    geometry = _drawn_geometry(args)
    try:
        return conv_matrix_figure(
            (4, 4) if args.input is None else args.input,  # the guide's section 4.1 example
            3 if args.kernel is None else args.kernel,
            channels=(1, 1) if args.channels is None else args.channels,
            groups=1 if args.groups is None else args.groups,
            lang=lang,
            **geometry,
        ).figure
    except (SymconvError, TypeError) as error:
        raise _figure_error(error) from error


def _receptive_figure(args, lang: str):
    from .plots import receptive_field_figure

    layers, option = _stack(args, "draw receptive-field")
    try:
        return receptive_field_figure(layers, args.input, lang=lang).figure
    except (SymconvError, TypeError) as error:
        raise _figure_error(error, stack_option=option) from error


def _run_draw(args) -> int:
    formats, takes = _KINDS[args.kind]
    given = _given(args, args.parser)
    for dest, option in given.items():
        if dest not in takes:
            allowed = ", ".join(sorted(o for d, o in _option_names(args.parser).items() if d in takes))
            raise _UsageError(f"{option}: {args.kind} does not take this option (it takes {allowed})")
    fmt = Path(args.output).suffix.lower().lstrip(".")
    if fmt not in _ALL_FORMATS:
        raise _UsageError(f"-o: expected a file name ending in {_suffixes(_ALL_FORMATS)}, got {args.output!r}")
    if fmt not in formats:
        raise _UsageError(f"-o: {args.kind} is drawn as {_suffixes(formats)}, not .{fmt}, got {args.output!r}")

    lang = args.lang or "en"
    if args.kind == "animation":
        data = _animation_bytes(args, given, lang)
    elif args.kind in ("matrix", "receptive-field"):
        from ._output.savefig import figure_bytes

        figure = _matrix_figure(args, lang) if args.kind == "matrix" else _receptive_figure(args, lang)
        data = figure_bytes(figure, fmt)
    else:
        data = _graph_bytes(_in_language(_graph_diagram(args, given), lang), fmt, lang)
    _write(args.output, data)
    print(f"wrote {args.output} ({len(data):,} bytes)")
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

_DERIVE_EPILOG = """\
Prints one derivation page, the same text `symconv build` writes to
derivations/NAME.md (Markdown, GitHub math) or derivations/NAME.tex (a
standalone LaTeX document).

examples:
  symconv derive --list                          # the page names
  symconv derive fc-to-conv                      # Markdown, in English
  symconv derive fc-to-conv --format latex       # a LaTeX document
  symconv derive fc-to-conv --lang zh            # in Chinese, as the notes
"""

_DRAW_EPILOG = """\
KIND is one of
  sparse-from-below     what one input unit affects, sparse vs full (the notes' first figure)
  sparse-from-above     what affects one output unit, sparse vs full (the second)
  indirect-interaction  one unit's receptive field through a stack (the third)
  parameter-sharing     every use of one kernel tap vs the one edge it serves without sharing (the fourth)
  animation             a convolution sweeping its input, one frame per output cell (GIF)
  matrix                the sparsity pattern of the convolution matrix, blocks outlined
  receptive-field       receptive-field growth through a stack of layers

The format comes from the suffix of -o: .svg .png .pdf (matplotlib), .mmd
(Mermaid), .dot (Graphviz) and .tex (TikZ) for the four graphs; .gif for
animation; .svg .png .pdf for matrix and receptive-field.  Files are the same
bytes on every run.

The graphs default to the notes' figures: 5 inputs, kernel 3, stride 1,
padding 1, one layer (two for indirect-interaction), the middle unit.  Give
--input 4,4 for a 2-D grid (no fully connected panel), --depth N to stack N
equal layers, or --layers k:s:p[:d],... for a stack of different ones.  With
--transposed the --kernel/--stride/... layers are transposed convolutions
(--output-padding adds cells at the end, --show-padding draws the zeros
inserted between and around the inputs).  In --layers a t before the kernel
makes one layer transposed, and its fifth field is the output padding:
  [t]kernel:stride:padding[:dilation[:output_padding]]
  t3:2:1              transposed, kernel 3, stride 2, padding 1
  3:2:1,t3:2:1:1:1    8 inputs down to 4, then up to 8 (dilation 1, output padding 1)
receptive-field refuses transposed layers: its formula is for forward stacks.

The animation defaults to the guide's 4x4 input and 3x3 kernel; --config
NAME draws one of the guide's named configurations:
  no_padding_no_strides, arbitrary_padding_no_strides, same_padding_no_strides,
  full_padding_no_strides, no_padding_strides, padding_strides,
  padding_strides_odd, dilation, and each of these + _transposed.

--lang zh titles the figures in Chinese, in the notes' words (the graphs'
panel titles, the matrix and receptive-field titles, axes and legends; the
animation's frame title names the convolution, 卷积 or 转置卷积, and keeps
the guide's notation i k s p d a -> o).  .mmd and .dot are UTF-8 text; .tex
is then a document for xelatex (xeCJK with TeX Live's Fandol fonts, as the
Chinese derivation pages); .svg .png .pdf .gif need a font with Chinese
glyphs -- TeX Live's FandolHei (texlive-lang-chinese) or a CJK font
matplotlib finds, such as Noto Sans CJK -- and are refused without one
rather than drawn with empty boxes.

examples:
  symconv draw sparse-from-below -o sparse.svg
  symconv draw indirect-interaction --input 7 --depth 3 -o stack.mmd
  symconv draw parameter-sharing --input 7 --padding 0 -o sharing.dot
  symconv draw sparse-from-above --input 4,4 --padding 0 --node s2,2 -o grid.png
  symconv draw sparse-from-below --layers 3:2:1,3:1:1 --input 9 --show-padding -o strided.tex
  symconv draw sparse-from-below --input 2 --kernel 3 --stride 2 --padding 0 --transposed -o upsampling.svg
  symconv draw indirect-interaction --input 8 --layers 3:2:1,t3:2:1:1:1 -o encoder-decoder.mmd
  symconv draw animation --config padding_strides -o padding_strides.gif
  symconv draw animation --input 3 --kernel 3 --stride 2 --padding 1 --transposed -o upsampling.gif
  symconv draw matrix --input 4,4 --kernel 3 -o matrix.svg
  symconv draw receptive-field --network vgg16 --input 224 -o vgg16.pdf
  symconv draw parameter-sharing --lang zh -o sharing.zh.mmd   # titled as in the notes: 参数共享, 全连接
"""

_MATRIX_EPILOG = """\
Rows of C are output positions, columns input positions (channel-major, then
row-major), so that conv(x, w).ravel() == C @ x.ravel().  The kernel is
symbolic (w_{a,b}, or --symbolic NAME) unless --weights gives its numbers in
the PyTorch layout (C_out, C_in/groups, *kernel) -- for --transposed
(C_in, C_out/groups, *kernel) -- flattened row-major.

examples:
  symconv matrix --input 5 --kernel 3 --weights 1,2,3             # a Toeplitz matrix
  symconv matrix --input 4 --kernel 2 --stride 2 --symbolic w     # stride skips columns
  symconv matrix --input 3,3 --kernel 2 --symbolic W --latex      # doubly-block Toeplitz, as LaTeX
  symconv matrix --input 2 --kernel 3 --stride 2 --transposed --weights 1,2,3   # C transposed
  symconv matrix --input 3 --kernel 1 --channels 2,2 --groups 2 --weights 2,3   # grouped channels
"""

_RF_EPILOG = """\
Receptive-field size r, effective stride S and effective padding P after
each layer (Araujo et al., Distill 2019), with each layer's output size when
--input-size is given.  Layers are kernel:stride:padding[:dilation], e.g.
3:1:1,2:2:0; the networks are the feature extractors of LeNet-5, AlexNet
(torchvision) and VGG-16.  A transposed layer (t3:2:1 in draw's --layers) is
refused: the receptive-field formula is for forward stacks.

examples:
  symconv rf --layers 3:1:1,3:1:1                     # the notes' two layers: r = 5
  symconv rf --layers 3:1:0,2:2:0,3:1:0 --input-size 16
  symconv rf --layers 3:1:0:2,3:1:0:4                 # dilation 2 then 4: r = 13
  symconv rf --network vgg16 --input-size 224         # r = 212 after pool5
"""

_VERIFY_EPILOG = """\
Every identity of the catalogue (symconv.symbolic.identities) is proved with
SymPy and checked on random numbers; the table says which passed and how long
each took.  The exit status is 1 if any fails.

examples:
  symconv verify                                    # all of them
  symconv verify --only convolution-commutes        # one (repeatable)
  symconv verify --seed 7 --only stride-is-subsampling --only dilation-is-zero-inserted-kernel
"""

_MAIN_EPILOG = """\
examples:
  symconv build                                               # write derivations/ and figures/
  symconv derive fc-to-conv                                   # one derivation, as Markdown
  symconv draw sparse-from-below -o sparse.svg                # one figure
  symconv matrix --input 5 --kernel 3 --weights 1,2,3         # a convolution matrix
  symconv shape --input 5 --kernel 3 --stride 2 --padding 1   # prints 3
  symconv rf --network vgg16 --input-size 224                 # a receptive-field table
  symconv verify                                              # check every identity
  symconv COMMAND --help                                      # more, with worked examples
"""

_COMMANDS = ("build", "derive", "draw", "matrix", "shape", "rf", "verify")


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

    def command(name, summary, description, epilog):
        return commands.add_parser(
            name, help=summary, description=description, epilog=epilog, formatter_class=formatter
        )

    build = command(
        "build",
        "write the derivations and figures from the build table",
        "Write (or check) every generated derivation and figure.",
        _BUILD_EPILOG,
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

    derive = command(
        "derive",
        "print one derivation page (Markdown or LaTeX)",
        "Print a derivation page as Markdown or as a standalone LaTeX document.",
        _DERIVE_EPILOG,
    )
    derive.add_argument("name", nargs="?", metavar="NAME", help="the page (see --list)")
    derive.add_argument("--format", choices=("markdown", "latex"), default="markdown", help="default: markdown")
    derive.add_argument("--lang", choices=("en", "zh"), default="en", help="English or Chinese (default: en)")
    derive.add_argument("--list", action="store_true", help="list the page names and exit")
    derive.set_defaults(run=_run_derive)

    draw = command(
        "draw",
        "write one figure or animation (format from the file suffix)",
        "Draw a connectivity graph, an animation, the conv matrix or receptive-field growth to a file.",
        _DRAW_EPILOG,
    )
    draw.add_argument("kind", choices=tuple(_KINDS), metavar="KIND", help="what to draw (see below)")
    draw.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write; its suffix is the format")
    draw.add_argument(
        "--input", "--inputs", "--input-size", dest="input", type=_sizes, metavar="I",
        help="input size: 5, or 4,4 for a 2-D grid",
    )
    draw.add_argument("--kernel", type=_sizes, metavar="K", help="kernel size")
    draw.add_argument("--stride", type=_sizes, metavar="S", help="stride (default 1)")
    draw.add_argument("--padding", type=_padding, metavar="P", help="padding: see shape --help")
    draw.add_argument("--dilation", type=_sizes, metavar="D", help="dilation (default 1)")
    draw.add_argument(
        "--layers", type=_layers, metavar="LAYERS", help="a stack: [t]k:s:p[:d[:a]],... (t: transposed; see below)"
    )
    draw.add_argument("--depth", type=_count, metavar="N", help="graphs: N equal layers")
    draw.add_argument("--node", type=_label, metavar="LABEL", help="graphs: the unit to start from, e.g. x3, s3, g3")
    draw.add_argument("--tap", type=_sizes, metavar="T", help="parameter-sharing: the kernel tap (0-based)")
    draw.add_argument(
        "--full", action=argparse.BooleanOptionalAction, default=None,
        help="graphs: add the fully connected panel (default: on for 1-D inputs)",
    )
    draw.add_argument("--show-padding", action="store_true", default=None, help="graphs: draw the zero padding")
    draw.add_argument("--direction", choices=("LR", "RL", "TD", "TB", "BT"), help="graphs: where the input sits")
    draw.add_argument(
        "--transposed",
        action="store_true",
        default=None,
        help="graphs (with --kernel/--stride/...), animation, matrix: transposed convolution",
    )
    draw.add_argument("--output-padding", type=_sizes, metavar="A", help="with --transposed: extra cells at the end")
    draw.add_argument("--config", choices=_arithmetic_configs(), metavar="NAME", help="animation: a named configuration")
    draw.add_argument("--channels", type=_channels, metavar="IN,OUT", help="matrix: channels (default 1,1)")
    draw.add_argument("--groups", type=_count, metavar="G", help="matrix: groups (default 1)")
    draw.add_argument("--network", choices=_NETWORK_NAMES, help="receptive-field: lenet5, alexnet or vgg16")
    draw.add_argument(
        "--lang",
        choices=("en", "zh"),
        help="titles and labels in English or Chinese (default: en); see below for the fonts",
    )
    draw.set_defaults(run=_run_draw, parser=draw)

    matrix = command(
        "matrix",
        "print the convolution matrix C of a geometry",
        "Print the convolution matrix C (conv(x).ravel() == C @ x.ravel()), symbolic or numeric.",
        _MATRIX_EPILOG,
    )
    matrix.add_argument("--input", required=True, type=_sizes, metavar="I", help="spatial input size, e.g. 5 or 4,4")
    matrix.add_argument("--kernel", required=True, type=_sizes, metavar="K", help="kernel size, e.g. 3 or 2,3")
    matrix.add_argument("--stride", type=_sizes, default=1, metavar="S", help="stride (default 1)")
    matrix.add_argument("--padding", type=_padding, default=0, metavar="P", help="padding (default 0): see shape --help")
    matrix.add_argument("--dilation", type=_sizes, default=1, metavar="D", help="dilation (default 1)")
    matrix.add_argument("--channels", type=_channels, default=(1, 1), metavar="IN,OUT", help="channels (default 1,1)")
    matrix.add_argument("--groups", type=_count, default=1, metavar="G", help="groups (default 1)")
    matrix.add_argument("--transposed", action="store_true", help="the matrix of the transposed convolution")
    matrix.add_argument("--output-padding", type=_sizes, metavar="A", help="extra cells at the end (--transposed only)")
    matrix.add_argument("--weights", type=_numbers, metavar="W1,W2,...", help="numeric kernel values, flattened")
    matrix.add_argument("--symbolic", type=_symbol, metavar="NAME", help="symbolic kernel named NAME (default w)")
    matrix.add_argument("--latex", action="store_true", help="print LaTeX (sympy.latex) instead of a grid")
    matrix.set_defaults(run=_run_matrix)

    shape = command(
        "shape",
        "output size of a convolution, transposed convolution or pooling",
        "Print the output size of a convolution (or --transposed / --pool) along each axis.",
        _SHAPE_EPILOG,
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

    rf = command(
        "rf",
        "receptive-field table of a layer stack",
        "Print the receptive field, effective stride and padding after each layer as a Markdown table.",
        _RF_EPILOG,
    )
    rf.add_argument(
        "--layers", type=_layers, metavar="LAYERS", help="kernel:stride:padding[:dilation],... (no transposed t layers)"
    )
    rf.add_argument("--network", choices=_NETWORK_NAMES, help="lenet5, alexnet or vgg16")
    rf.add_argument("--input-size", "--input", dest="input_size", type=_sizes, metavar="I", help="input size, e.g. 224")
    rf.set_defaults(run=_run_rf)

    verify = command(
        "verify",
        "prove and check every identity of the catalogue",
        "Prove every identity with SymPy and check it numerically; exit 1 if any fails.",
        _VERIFY_EPILOG,
    )
    verify.add_argument("--only", action="append", metavar="NAME", help="check only this identity (repeatable)")
    verify.add_argument("--seed", type=_seed, default=0, metavar="N", help="seed of the numeric checks (default 0)")
    verify.set_defaults(run=_run_verify)
    return parser


def _arithmetic_configs() -> tuple:
    from .animate import ARITHMETIC_CONFIGS

    return tuple(ARITHMETIC_CONFIGS)


def main(argv=None) -> int:
    """Run the ``symconv`` command with ``argv`` (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 when ``build --check`` finds stale files or ``verify``
        a failing identity, 2 for a command-line mistake (reported on one
        line on stderr).

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
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            raise _UsageError(f"a command is required: {', '.join(_COMMANDS)} (see {PROG} --help)")
        return args.run(args)
    except _Exit as done:
        return done.status
    except _UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2

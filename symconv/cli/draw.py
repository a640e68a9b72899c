"""``symconv draw``: one figure or animation, written to the file ``-o`` names (its suffix is the format).

The connectivity graphs are written in the formats of the renderer registry
(:mod:`symconv.graphs.renderers`); the conv matrix and receptive-field
figures as SVG, PNG or PDF (:mod:`symconv._output.savefig`); animations as
GIF, one frame or a strip of key frames as PNG, SVG, PDF or TikZ
(:func:`symconv.plots.animate.frame_file`); the architecture of a network of your own (``draw network MODEL``) in
the formats of :func:`symconv.models.render_network`.  The file is written
by :func:`symconv._output.writer.write_atomic`.
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

from .._errors import SymconvError
from .._output.numbers import int_text
from ..geometry import PADDING_MODES
from .._validate import short
from . import _args, _model
from ._errors import GEOMETRY_OPTIONS, LIMITS, UsageError, cannot_write, missing_folder, option_error, too_large
from .rf import NETWORK_NAMES, stack

HELP = "write one figure or animation (format from the file suffix)"

DESCRIPTION = (
    "Draw a connectivity graph, an animation, the conv matrix, receptive-field growth or the architecture of your "
    "network to a file."
)

EPILOG = """\
KIND is one of
  sparse-from-below     what one input unit affects, sparse vs full (the notes' first figure)
  sparse-from-above     what affects one output unit, sparse vs full (the second)
  indirect-interaction  one unit's receptive field through a stack (the third)
  parameter-sharing     every use of one kernel tap vs the one edge it serves without sharing (the fourth)
  animation             a convolution sweeping its input, one frame per output cell (GIF;
                        --step N or --strip for one frame or key frames as .png .svg .pdf .tex)
  matrix                the sparsity pattern of the convolution matrix, blocks outlined
  network MODEL         the architecture of a network of your own, layer by layer
  receptive-field       receptive-field growth through a stack of layers

The format comes from the suffix of -o: .svg .png .pdf (matplotlib), .mmd
(Mermaid), .dot (Graphviz) and .tex (TikZ) for the four graphs; .gif for
animation (.png .svg .pdf .tex with --step or --strip); .svg .png .pdf for matrix and receptive-field; .svg .png .pdf
.mmd .dot .tex for network.  Files are the same
bytes on every run, written atomically into an existing folder as ordinary
files (0644 under umask 022); when -o names a symbolic link, the file it
points to is written and the link stays.

The graphs default to the notes' figures: 5 inputs, kernel 3, stride 1,
padding 1, one layer (two for indirect-interaction), the middle unit.  Give
--input 4,4 for a 2-D grid (no fully connected panel), --depth N to stack N
equal layers, or --layers k:s:p[:d],... for a stack of different ones.  With
--transposed the --kernel/--stride/... layers are transposed convolutions
(--output-padding adds cells at the end, --show-padding draws the zeros
inserted between and around the inputs).  In --layers a t before the kernel
makes one layer transposed, and its fifth field is the output padding:
  [t]kernel:stride:padding[:dilation[:output_padding]]
--padding-mode reflect|replicate|circular fills the padding as PyTorch's
padding_mode does (with --kernel/--stride/... layers, not --layers or
--transposed): a graph draws a read of a padding cell as a dashed edge from
the unit the cell copies, an animation writes the copied values in the
padding.
  t3:2:1              transposed, kernel 3, stride 2, padding 1
  3:2:1,t3:2:1:1:1    8 inputs down to 4, then up to 8 (dilation 1, output padding 1)
receptive-field refuses transposed layers: its formula is for forward stacks.

The animation defaults to the guide's 4x4 input and 3x3 kernel; --config
NAME draws one of the guide's named configurations:
  no_padding_no_strides, arbitrary_padding_no_strides, same_padding_no_strides,
  full_padding_no_strides, no_padding_strides, padding_strides,
  padding_strides_odd, dilation, and each of these + _transposed.
A transposed animation is titled in the guide's notation, i' k' s' p' of
the convolution drawn over the stretched input, above the i k s p of the
convolution it transposes.

--numeric writes the numbers: each input cell's value, the kernel value of
each tap (small, in its corner), the window's products and their sum
(0·0 + 1·1 + 3·2 + 4·3 = 19) and the output cells computed so far; the
inputs and the kernel default to 0, 1, 2, ... row by row (the d2l example),
--values and --weights give your own, --pool max|mean writes a pooling
window instead (max ignores the padding, mean counts it).  --show-matrix
draws the matrix C beside the grid with the current output's row
highlighted (for a transposed convolution, the column of C that is that
row of C^T).  --step N writes the frame of output cell N (0-based, row by
row), --strip the key frames side by side (the first, the next, the first
of the next row, the last; or --strip 0,4,8), to .png (--dpi, default 150),
.svg, .pdf or .tex (a standalone TikZ picture); --static leaves out the
cells already computed, for a slide.

network draws MODEL -- a .onnx file, or module:attribute naming a PyTorch
module or a function of no arguments that returns one (give --input-shape)
-- one box per layer with its operation, kernel k, stride s, padding p,
dilation d, groups g and output shape; arrows into a residual sum are
dashed, into a concatenation dotted.  --input-shape N,C,H,W fixes the
input's size, --pass-through OP,... reads more ops as element-wise,
--direction TB or LR lays it out top to bottom or left to right.

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
  symconv draw sparse-from-below --input 6 --padding-mode circular -o wrap.svg
  symconv draw animation --input 5 --padding 2 --padding-mode reflect -o reflect.gif
  symconv draw animation --input 3 --kernel 2 --numeric -o d2l.gif      # 19 25 37 43
  symconv draw animation --input 3 --kernel 2 --values 1,5,2,0,3,3,4,1,0 --pool max -o max.gif
  symconv draw animation --config dilation --step 4 --static --dpi 300 -o slide.png
  symconv draw animation --config padding_strides_transposed --strip -o strip.pdf
  symconv draw animation --input 3 --kernel 2 --numeric --show-matrix --strip 0,3 -o d2l.tex
  symconv draw matrix --input 4,4 --kernel 3 -o matrix.svg
  symconv draw receptive-field --network vgg16 --input 224 -o vgg16.pdf
  symconv draw parameter-sharing --lang zh -o sharing.zh.mmd   # titled as in the notes: 参数共享, 全连接

examples with a model of your own (model.onnx, or my_nets.py on the Python path with make() returning a module):
    symconv draw network model.onnx -o model.svg
    symconv draw network model.onnx --direction LR -o model.mmd
    symconv draw network my_nets:make --input-shape 1,3,64,64 -o net.dot
"""

#: library parameter -> option (the graphs' own keywords included)
OPTIONS = {**GEOMETRY_OPTIONS, "padding_mode": "--padding-mode", "node": "--node", "tap": "--tap", "full": "--full",
           "direction": "--direction"}

#: Largest receptive-field position drawn: beyond it a float no longer holds every integer, and no picture is read.
MAX_DRAWN_POSITION = 2**53

#: Most layers a receptive-field figure draws (one row each).
MAX_DRAWN_LAYERS = 200

_GEOMETRY = ("input", "kernel", "stride", "padding", "dilation")
_GRAPH = (*_GEOMETRY, "padding_mode", "transposed", "output_padding", "layers", "depth", "direction", "show_padding")
_GRAPH_KINDS = ("sparse-from-below", "sparse-from-above", "indirect-interaction", "parameter-sharing")

# KIND -> the options it takes (every kind but network takes --lang); the formats come from _formats
_TAKES = {
    "sparse-from-below": (*_GRAPH, "node", "full", "lang"),
    "sparse-from-above": (*_GRAPH, "node", "full", "lang"),
    "indirect-interaction": (*_GRAPH, "node", "lang"),
    "parameter-sharing": (*_GRAPH, "tap", "full", "lang"),
    "animation": (*_GEOMETRY, "padding_mode", "transposed", "output_padding", "config", "step", "strip", "dpi",
                  "static", "numeric",
                  "values", "weights", "pool", "show_matrix", "lang"),
    "matrix": (*_GEOMETRY, "channels", "groups", "transposed", "output_padding", "lang"),
    "network": ("input_shape", "pass_through", "direction"),
    "receptive-field": ("input", "layers", "network", "lang"),
}

KINDS = tuple(_TAKES)


@functools.cache
def _formats(kind: str) -> tuple:
    """The suffixes (without the dot) ``kind`` is written as."""
    if kind in _GRAPH_KINDS:
        from ..graphs.renderers import formats

        return formats()
    if kind == "animation":
        from ..plots.animate import FRAME_FORMATS

        return ("gif", *FRAME_FORMATS)
    if kind == "network":
        from ..models.draw import NETWORK_FORMATS

        return NETWORK_FORMATS
    from .._output.savefig import FIGURE_FORMATS

    return FIGURE_FORMATS


def _every_format() -> tuple:
    return tuple(dict.fromkeys(fmt for kind in KINDS for fmt in _formats(kind)))


def _arithmetic_configs() -> tuple:
    from ..plots.animate import ARITHMETIC_CONFIGS

    return tuple(ARITHMETIC_CONFIGS)


def add_arguments(parser) -> None:
    parser.add_argument("kind", choices=KINDS, metavar="KIND", help="what to draw (see below)")
    parser.add_argument("model", nargs="?", metavar="MODEL", help=f"network: {_model.MODEL_HELP}")
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE",
        help="the file to write; its suffix is the format (a symbolic link is written through to its target)",
    )
    parser.add_argument(
        "--input", "--inputs", "--input-size", dest="input", type=_args.sizes, metavar="I",
        help="input size: 5, or 4,4 for a 2-D grid",
    )
    parser.add_argument("--kernel", type=_args.sizes, metavar="K", help="kernel size")
    parser.add_argument("--stride", type=_args.sizes, metavar="S", help="stride (default 1)")
    parser.add_argument("--padding", type=_args.padding, metavar="P", help="padding: see shape --help")
    parser.add_argument("--dilation", type=_args.sizes, metavar="D", help="dilation (default 1)")
    parser.add_argument(
        "--padding-mode", choices=PADDING_MODES, metavar="MODE",
        help="graphs, animation: what the padding holds: zeros (default), reflect, replicate or circular (PyTorch's "
             "padding_mode); a read of a copying padding cell is drawn from the unit it copies",
    )
    parser.add_argument(
        "--layers", type=_args.layers, metavar="LAYERS", help="a stack: [t]k:s:p[:d[:a]],... (t: transposed; see below)"
    )
    parser.add_argument("--depth", type=_args.count, metavar="N", help="graphs: N equal layers")
    parser.add_argument(
        "--node", type=_args.label, metavar="LABEL", help="graphs: the unit to start from, e.g. x3, s3, g3"
    )
    parser.add_argument("--tap", type=_args.sizes, metavar="T", help="parameter-sharing: the kernel tap (0-based)")
    parser.add_argument(
        "--full", action=argparse.BooleanOptionalAction, default=None,
        help="graphs: add the fully connected panel (default: on for 1-D inputs)",
    )
    parser.add_argument("--show-padding", action="store_true", default=None, help="graphs: draw the zero padding")
    parser.add_argument(
        "--direction", choices=("LR", "RL", "TD", "TB", "BT"), help="graphs, network (TB, LR): where the input sits"
    )
    parser.add_argument(
        "--transposed",
        action="store_true",
        default=None,
        help="graphs (with --kernel/--stride/...), animation, matrix: transposed convolution",
    )
    parser.add_argument(
        "--output-padding", type=_args.sizes, metavar="A", help="with --transposed: extra cells at the end"
    )
    parser.add_argument(
        "--config", choices=_arithmetic_configs(), metavar="NAME", help="animation: a named configuration"
    )
    parser.add_argument(
        "--step", type=_frame_step, metavar="N",
        help="animation: the frame of output cell N (0-based) as .png .svg .pdf .tex",
    )
    parser.add_argument(
        "--strip", nargs="?", const="key", type=_frame_steps, metavar="N,...",
        help="animation: key frames side by side as .png .svg .pdf .tex (default: first, next, next row, last)",
    )
    parser.add_argument(
        "--dpi", type=_args.count, metavar="DPI", help="animation --step/--strip to .png: resolution (default 150)"
    )
    parser.add_argument(
        "--static", action="store_true", default=None, help="animation: leave out the cells already computed"
    )
    parser.add_argument("--numeric", action="store_true", default=None, help="animation: write the numbers (see below)")
    parser.add_argument("--values", type=_args.numbers, metavar="X,...", help="animation: the input, row by row")
    parser.add_argument("--weights", type=_args.numbers, metavar="W,...", help="animation: the kernel, row by row")
    parser.add_argument("--pool", choices=("max", "mean"), help="animation: a pooling window instead of a convolution")
    parser.add_argument(
        "--show-matrix", action="store_true", default=None,
        help="animation: the matrix C beside the grid, this row highlighted",
    )
    parser.add_argument("--channels", type=_args.channels, metavar="IN,OUT", help="matrix: channels (default 1,1)")
    parser.add_argument("--groups", type=_args.count, metavar="G", help="matrix: groups (default 1)")
    parser.add_argument("--network", choices=NETWORK_NAMES, help="receptive-field: lenet5, alexnet or vgg16")
    parser.add_argument(
        "--lang",
        choices=("en", "zh"),
        help="titles and labels in English or Chinese (default: en); see below for the fonts",
    )
    _model.add_model_options(parser)


def _suffixes(formats) -> str:
    names = [f".{f}" for f in formats]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _option_names(parser) -> dict:
    """dest -> the option's first spelling, for every option of ``parser`` but --help and -o."""
    return {
        action.dest: action.option_strings[0]
        for action in parser._actions
        if action.option_strings and action.dest not in ("help", "output")
    }


def _given(args, parser) -> dict:
    """dest -> the option, for every option the user gave (every draw option defaults to None)."""
    return {dest: option for dest, option in _option_names(parser).items() if getattr(args, dest) is not None}


def _options(args) -> dict:
    """:data:`OPTIONS`, and the number of axes (``ndim``, or an animation's ``geometry`` of too many axes) under the
    option that gave the most."""
    axes = _args.axes_option(args)
    return {**OPTIONS, "ndim": axes, "geometry": axes}


def _font_error(error: SymconvError, instead: str) -> UsageError:
    """No font with Chinese glyphs (``parameter="lang"``), reported under --lang with what works instead."""
    return UsageError(f"--lang: {error.detail}; or {instead}")


# --- the four graphs ------------------------------------------------------------


def _graph_layers(args, given: dict):
    """The layer stack of a graph, and the option it came from (None: --kernel/--stride/... and --depth)."""
    from ..graphs import MAX_EDGES

    if args.layers is not None:
        options = ("kernel", "stride", "padding", "dilation", "padding_mode", "transposed", "output_padding", "depth")
        mixed = [given[d] for d in options if d in given]
        if mixed and mixed[0] in ("--transposed", "--output-padding"):
            raise UsageError(
                f"--layers: a transposed layer of --layers is marked with a t before its kernel (t3:2:1), its output "
                f"padding is a fifth field (t3:2:1:1:1); {mixed[0]} does not apply to --layers, got --layers with "
                f"{mixed[0]}"
            )
        if mixed:
            raise UsageError(
                f"--layers: give the layers either with --layers or with --kernel/--stride/--padding/--dilation/"
                f"--padding-mode/--transposed/--output-padding/--depth, got --layers with {mixed[0]}"
            )
        return args.layers, "--layers"
    _args.only_transposed_takes_output_padding(args)
    depth = (2 if args.kind == "indirect-interaction" else 1) if args.depth is None else args.depth
    if depth > MAX_EDGES:  # every layer has an edge at least: refused before a list of them is made
        raise UsageError(
            f"--depth: the graph would have more than {MAX_EDGES} edges (every layer has one at least), "
            f"got --depth {int_text(depth)}; use a smaller --depth"
        )
    # the seed notes' layer: kernel 3, stride 1, padding 1
    kernel, stride, padding, dilation = (
        default if value is None else value
        for value, default in ((args.kernel, 3), (args.stride, 1), (args.padding, 1), (args.dilation, 1))
    )
    if args.transposed:
        if args.padding_mode not in (None, "zeros"):
            raise UsageError(f"--padding-mode: transposed convolution pads only with zeros (as PyTorch's "
                             f"ConvTranspose), got --padding-mode {args.padding_mode} with --transposed")
        layer = _args.transposed_layer(kernel, stride, padding, dilation, args.output_padding or 0)
    elif args.padding_mode not in (None, "zeros"):
        layer = dict(kernel_size=kernel, stride=stride, padding=padding, dilation=dilation,
                     padding_mode=args.padding_mode)
    else:
        layer = (kernel, stride, padding, dilation)
    return [layer] * depth, None


def _zeros_are_too_many(n_inputs, layers, last: int) -> bool:
    """Whether the sparse graph fits up to ``layers[last]`` but for the zeros ``--show-padding`` draws.

    The graphs count, layer by layer, the edges (one per output unit and kernel tap) and then the nodes (the units
    and, with the padding drawn, the zeros); when the edges and the units alone fit where the count stopped, the
    zeros are what passed the limit.  A run of one repeated layer whose size no longer changes (``--depth``) adds
    the same counts each layer, so it is counted at once.
    """
    import math

    from ..graphs import MAX_EDGES
    from ..networks import layer_stack

    layers = list(layers[: last + 1])
    repeated_from = len(layers) - 1  # layers[repeated_from:] are one and the same layer
    while repeated_from > 0 and layers[repeated_from - 1] is layers[-1]:
        repeated_from -= 1
    size = n_inputs if isinstance(n_inputs, tuple) else (n_inputs,)
    edges, nodes = 0, math.prod(size)
    for index, layer in enumerate(layer_stack(layers, ndim=len(size))):
        out = layer.geometry.output_size(size)
        times = len(layers) - index if index >= repeated_from and out == size else 1
        edges += times * math.prod(out) * math.prod(layer.geometry.kernel_size)
        nodes += times * math.prod(out)
        if edges > MAX_EDGES or nodes > MAX_EDGES:
            return False
        if times > 1:
            break
        size = out
    return True


def _graph_too_large(error: SymconvError, args, given: dict, n_inputs, layers) -> UsageError:
    """Too many edges or nodes (``max_edges``), under the options that set the size, with advice that holds.

    Each layer has one edge per output unit and kernel tap, the fully connected panel one per pair of units of
    consecutive layers, and the zeros --show-padding draws are nodes.  The sparse graph is planned layer by layer
    (``error.layer`` says where it overflowed); the fully connected panel, built after it, has no layer.
    """
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
    if error.layer is None:  # the fully connected panel
        sizers.append("full")
        advice += ", or --no-full to leave out the fully connected panel"
    elif args.show_padding and _zeros_are_too_many(n_inputs, layers, error.layer):
        sizers.append("show_padding")
        advice += ", or leave out --show-padding"
    return too_large(error, [given[dest] for dest in sizers if dest in given], advice)


def _graph_bytes(args, given: dict, fmt: str, lang: str) -> bytes:
    from .. import graphs
    from ..graphs.renderers import formats, render

    layers, option = _graph_layers(args, given)
    n_inputs = 5 if args.input is None else args.input
    two_d = isinstance(n_inputs, tuple) and len(n_inputs) > 1
    if args.full and two_d:
        raise UsageError(
            f"--full: the fully connected panel is drawn for 1-D inputs only, got --input "
            f"{_args.brief(','.join(map(int_text, n_inputs)))}"
        )
    options = dict(include_padding=bool(args.show_padding))
    if args.direction is not None:
        options["direction"] = args.direction
    full = not two_d if args.full is None else args.full
    try:
        if args.kind == "sparse-from-below":
            diagram = graphs.outputs_affected_diagram(n_inputs, layers, args.node, full=full, **options)
        elif args.kind == "sparse-from-above":
            diagram = graphs.inputs_affecting_diagram(n_inputs, layers, args.node, full=full, **options)
        elif args.kind == "indirect-interaction":
            diagram = graphs.receptive_field_diagram(n_inputs, layers, args.node, **options)
        else:
            diagram = graphs.parameter_sharing_diagram(n_inputs, layers, tap=args.tap, full=full, **options)
    except SymconvError as error:
        if error.parameter in LIMITS:
            raise _graph_too_large(error, args, given, n_inputs, layers) from error
        raise option_error(error, _options(args), stack_option=option) from error
    try:
        return render(_in_language(diagram, lang), fmt)
    except SymconvError as error:
        if error.parameter == "lang":
            raise _font_error(error, f"write {_suffixes(formats(needs_font=False))}, which need no font") from error
        raise option_error(error, _options(args)) from error


def _in_language(diagram, lang: str):
    """``diagram`` with its panel titles (the builders' English defaults) translated by the catalogue."""
    if lang == "en":
        return diagram
    from dataclasses import replace

    from .._i18n import translate
    from ..graphs import Diagram

    return Diagram(tuple(replace(p, title=translate(p.title, lang)) for p in diagram.panels), diagram.direction)


# --- animation, matrix, receptive field -------------------------------------------


def _figure_error(error: SymconvError, args, *, stack_option: str | None = None) -> UsageError:
    """A library error of ``draw animation``/``matrix``/``receptive-field``, under the option it concerns."""
    if error.parameter == "lang":
        return _font_error(error, "draw it with --lang en")
    return option_error(error, _options(args), stack_option=stack_option)


def _drawn_geometry(args) -> dict:
    """Stride, padding, dilation and the transposed options of ``draw animation`` and ``draw matrix``,
    defaults filled in (every draw option defaults to None); refuses --output-padding without --transposed."""
    _args.only_transposed_takes_output_padding(args)
    return dict(
        stride=1 if args.stride is None else args.stride,
        padding=0 if args.padding is None else args.padding,
        dilation=1 if args.dilation is None else args.dilation,
        transposed=bool(args.transposed),
        output_padding=args.output_padding or 0,
        **({} if args.padding_mode is None else {"padding_mode": args.padding_mode}),
    )


def _frame_step(text: str) -> int:
    """``--step N``: an output cell, 0-based."""
    return _args.count(text, 0)


def _frame_steps(text: str):
    """``--strip 0,4,8``: output cells, 0-based; a bare ``--strip`` is ``"key"``, the key frames."""
    if text == "key":  # argparse passes the const of a bare --strip through here too
        return text
    return tuple(_args.count(part, 0) for part in text.split(","))


#: library parameter -> option, for what only ``draw animation`` takes
_ANIMATION_OPTIONS = {
    "step": "--step",
    "steps": "--strip",
    "dpi": "--dpi",
    "values": "--values",
    "weights": "--weights",
    "operation": "--pool",
    "matrix": "--show-matrix",
    "numeric": "--numeric",
}


def _frame_options(args, given: dict, fmt: str) -> None:
    """Refuse frame options that do not fit ``fmt``: a .gif holds every frame; one frame or a strip is written to
    .png .svg .pdf .tex; --dpi is a PNG's."""
    frame = [given[d] for d in ("step", "strip") if d in given]
    if fmt == "gif":
        if frame:
            raise UsageError(f"{frame[0]}: a .gif holds every frame; write one frame or a strip to .png, .svg, .pdf "
                             f"or .tex, got {frame[0]} with {short(args.output, limit=250)}")
        if "dpi" in given:
            raise UsageError(f"--dpi: a .gif is drawn at 14 pixels a cell; --dpi sets the resolution of a .png "
                             f"(--step or --strip), got {short(args.output, limit=250)}")
        return
    if not frame:
        raise UsageError(f"-o: an animation is written as .gif; for one frame or a strip of key frames as .{fmt} "
                         f"give --step N or --strip, got {short(args.output, limit=250)}")
    if len(frame) == 2:
        raise UsageError("--strip: give one frame (--step N) or a strip (--strip), got --step with --strip")
    if "dpi" in given and fmt != "png":
        raise UsageError(f"--dpi: only a .png has a resolution (.{fmt} is vector), got {short(args.output, limit=250)}")


def _numbers_of(values, shape, option: str, what: str):
    """``--values``/``--weights``: as many numbers as ``shape`` has cells, as an array of that shape."""
    import math

    import numpy as np

    if values is None:
        return None
    shape = shape if isinstance(shape, tuple) else (shape,)
    if len(values) != math.prod(shape):
        cells = "x".join(map(str, shape))
        raise UsageError(f"{option}: expected {math.prod(shape)} numbers (the {cells} {what}, row by row), "
                         f"got {len(values)}")
    return np.array(values).reshape(shape)


def _animation_bytes(args, given: dict, lang: str, fmt: str) -> bytes:
    from ..plots.animate import ARITHMETIC_CONFIGS, animation_geometry, conv_animation, frame_file

    _frame_options(args, given, fmt)
    if args.config is not None:
        clash = [given[d] for d in (*_GEOMETRY, "padding_mode", "transposed", "output_padding") if d in given]
        if clash:
            raise UsageError(
                f"--config: a named configuration sets the whole geometry, got --config {args.config} with {clash[0]}"
            )
        config = dict(ARITHMETIC_CONFIGS[args.config])
        sizes = dict(input_size=config.pop("input_size"), kernel_size=config.pop("kernel_size"))
        geometry = config
    else:
        # the guide's first animation: 4x4 input, 3x3 kernel
        sizes = dict(input_size=4 if args.input is None else args.input,
                     kernel_size=3 if args.kernel is None else args.kernel)
        geometry = _drawn_geometry(args)
    if args.pool is not None and args.weights is not None:
        raise UsageError(f"--weights: --pool {args.pool} takes no kernel values, got --weights with --pool")
    options = dict(
        lang=lang, numeric=True if args.numeric else None, operation=args.pool or "conv",
        static=bool(args.static), matrix=bool(args.show_matrix),
    )
    try:
        drawn, input_size = animation_geometry(sizes["input_size"], sizes["kernel_size"], **geometry)
        shape = input_size if isinstance(input_size, tuple) else (input_size,) * drawn.ndim
        options["values"] = _numbers_of(args.values, shape, "--values", "input")
        options["weights"] = _numbers_of(args.weights, drawn.kernel_size, "--weights", "kernel")
        if fmt == "gif":
            return conv_animation(sizes["input_size"], sizes["kernel_size"], **geometry, **options)
        frames = dict(step=args.step) if args.step is not None else dict(steps=args.strip)
        return frame_file(drawn, input_size, fmt, dpi=150 if args.dpi is None else args.dpi, **frames, **options)
    except SymconvError as error:
        if error.parameter in LIMITS:
            sizers = (*_GEOMETRY, "output_padding")
            blamed = [given[dest] for dest in sizers if dest in given]
            raise too_large(error, blamed, "draw a smaller configuration") from error
        if error.parameter in _ANIMATION_OPTIONS:
            raise UsageError(f"{_ANIMATION_OPTIONS[error.parameter]}: {error.detail}") from error
        raise _figure_error(error, args) from error


def _matrix_figure(args, lang: str):
    from ..plots.matrix import conv_matrix_figure

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
    except SymconvError as error:
        raise _figure_error(error, args) from error


def _check_drawable(args, layers, option: str) -> None:
    """Refuse a stack the receptive-field figure cannot draw: too many rows, or positions past a float's integers."""
    from ..receptive import receptive_field

    if len(layers) > MAX_DRAWN_LAYERS:
        raise UsageError(
            f"{option}: the figure draws one row per layer, at most {MAX_DRAWN_LAYERS}, got {len(layers)} layers "
            "(`symconv rf` prints the table of any stack)"
        )
    sizes = () if args.input is None else (args.input if isinstance(args.input, tuple) else (args.input,))
    if any(abs(size) > MAX_DRAWN_POSITION for size in sizes):
        raise UsageError(
            f"--input: the figure places input positions up to 2^53 (a float's exact integers), got "
            f"{_args.brief(','.join(map(int_text, sizes)))}"
        )
    try:
        fields = receptive_field(layers, input_size=args.input)
    except SymconvError as error:
        raise _figure_error(error, args, stack_option=option) from error
    for field in fields:
        for value in (field.size, field.stride, field.padding):
            values = value if isinstance(value, tuple) else (value,)
            if any(isinstance(v, int) and abs(v) > MAX_DRAWN_POSITION for v in values):
                raise UsageError(
                    f"{option}: the figure places input positions up to 2^53 (a float's exact integers), got a "
                    f"receptive field of {int_text(max(abs(v) for v in values if isinstance(v, int)))} "
                    "(`symconv rf` prints the table of any stack)"
                )


def _receptive_figure(args, lang: str):
    from ..plots.receptive import receptive_field_figure

    layers, option = stack(args, "draw receptive-field")
    _check_drawable(args, layers, option)
    try:
        return receptive_field_figure(layers, args.input, lang=lang).figure
    except SymconvError as error:
        raise _figure_error(error, args, stack_option=option) from error


def _network_bytes(args, fmt: str) -> bytes:
    """The architecture of MODEL in ``fmt`` (:func:`symconv.models.render_network`)."""
    from ..models import render_network

    if args.model is None:
        raise UsageError("MODEL: draw network needs MODEL: a .onnx file or module:attribute, got none")
    graph = _model.load(args)
    options = {} if args.direction is None else {"direction": args.direction}
    try:
        return render_network(graph, fmt, **options)
    except SymconvError as error:
        if error.parameter in _model.OPTIONS:
            raise _model.model_error(error) from error
        raise option_error(error, _options(args)) from error


def _write(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through the one writer, into an existing folder."""
    from .._output.writer import write_atomic

    refused = missing_folder("-o", path)
    if refused is not None:
        raise refused
    try:
        write_atomic(path, data)
    except OSError as error:
        raise cannot_write("-o", path, error) from error


def run(args) -> int:
    takes = _TAKES[args.kind]
    if args.model is not None and args.kind != "network":
        raise UsageError(f"MODEL: {args.kind} does not take a model (draw network MODEL does), "
                         f"got {short(args.model, limit=250)}")
    given = _given(args, args.parser)
    for dest, option in given.items():
        if dest not in takes:
            allowed = ", ".join(sorted(o for d, o in _option_names(args.parser).items() if d in takes))
            raise UsageError(f"{option}: {args.kind} does not take this option (it takes {allowed})")
    fmt = Path(args.output).suffix.lower().lstrip(".")
    if fmt not in _every_format():
        raise UsageError(
            f"-o: expected a file name ending in {_suffixes(_every_format())}, got {short(args.output, limit=250)}"
        )
    if fmt not in _formats(args.kind):
        raise UsageError(
            f"-o: {args.kind} is drawn as {_suffixes(_formats(args.kind))}, not .{fmt}, "
            f"got {short(args.output, limit=250)}"
        )
    refused = missing_folder("-o", args.output)  # before the drawing, which can take a while
    if refused is not None:
        raise refused

    lang = args.lang or "en"
    if args.kind == "animation":
        data = _animation_bytes(args, given, lang, fmt)
    elif args.kind == "network":
        data = _network_bytes(args, fmt)
    elif args.kind in ("matrix", "receptive-field"):
        from .._output.savefig import figure_bytes

        figure = _matrix_figure(args, lang) if args.kind == "matrix" else _receptive_figure(args, lang)
        data = figure_bytes(figure, fmt)
    else:
        data = _graph_bytes(args, given, fmt, lang)
    _write(args.output, data)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return 0

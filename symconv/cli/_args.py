"""The strict argument types of the command line, and its argument parser.

Sizes are decimal integers, tuples comma-separated integers, symbol names
match ``[A-Za-z][A-Za-z0-9_]*``; nothing is passed to ``eval`` or
``sympify``.  A value that does not parse is refused by argparse under its
option (``--input: expected ...``), echoed at most about 60 characters.

Examples
--------
>>> sizes("5,7"), padding("0:1,1"), padding("SAME")
((5, 7), ((0, 1), (1, 1)), 'same')
>>> layers("3:2:1,t3:2:1:1:1")
[(3, 2, 1), {'kernel_size': 3, 'stride': 2, 'padding': 1, 'dilation': 1, 'output_padding': 1, 'transposed': True}]
>>> stack = named_layers("conv1=3:1:1,pool1=p2:2:0,t4:2:1")
>>> stack.names, stack.kinds
(['conv1', 'pool1', None], ['conv', 'pool', 'conv'])
"""

from __future__ import annotations

import argparse
import math
import re
import sys

from .._validate import short
from ._errors import Exit, UsageError

__all__ = [
    "Parser",
    "MAX_DIGITS",
    "LAYERS_SYNTAX",
    "Layers",
    "integer",
    "sizes",
    "count",
    "seed",
    "channels",
    "padding",
    "layers",
    "NAMED_LAYERS_SYNTAX",
    "named_layers",
    "transposed_layer",
    "numbers",
    "symbol",
    "label",
    "only_transposed_takes_output_padding",
    "brief",
    "axes_option",
]

#: Most digits an integer argument may have (Python's own limit for turning text into an int).
MAX_DIGITS = 4300

_INT = r"[+-]?[0-9]+"
_INTS = re.compile(rf"\s*{_INT}\s*(,\s*{_INT}\s*)*\Z")
_ONE_INT = re.compile(rf"\s*{_INT}\s*\Z")
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
_PADDING_WORDS = ("same", "valid", "full")
_MAX_NAME = 60  # longest symbol name or unit label
# dest -> option, for the options that take a value per spatial axis
_AXES_OPTIONS = {
    "input": "--input",
    "kernel": "--kernel",
    "stride": "--stride",
    "padding": "--padding",
    "dilation": "--dilation",
    "output_padding": "--output-padding",
}

#: How ``--layers`` is written, for help and messages.
LAYERS_SYNTAX = "[t]kernel:stride:padding[:dilation[:output_padding]]"

#: How ``rf --layers`` is written: a layer may be named (``pool1=``) and marked as pooling (``p``).
NAMED_LAYERS_SYNTAX = "[name=][t|p]kernel:stride:padding[:dilation[:output_padding]]"

# name= before a layer of rf --layers, and the p that marks a pooling layer
_LAYER_NAME = re.compile(r"\s*([A-Za-z][A-Za-z0-9_]*)\s*=(.*)\Z", re.DOTALL)
_POOL_MARK = re.compile(r"\s*[pP]([0-9+-].*)\Z", re.DOTALL)


class Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so that :func:`symconv.cli.main` returns a status.

    Abbreviated options are refused: ``--str 2`` is not ``--stride 2``.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message):
        # argparse says "argument --input/--inputs: ..."; the house style is "--input: ..." (the first spelling)
        raise UsageError(re.sub(r"^argument ([^:/]+)(/[^:]+)?: ", r"\1: ", message))

    def exit(self, status=0, message=None):
        if message:
            self._print_message(message, sys.stderr)
        raise Exit(status)


def brief(text: str) -> str:
    """``text`` as it is when short, else :func:`symconv._validate.short` of it (for echoing a word unquoted)."""
    return text if len(text) <= 60 else short(text)


def integer(text: str) -> int:
    """One decimal integer of at most :data:`MAX_DIGITS` digits (the caller has checked the characters)."""
    if len(text.strip().lstrip("+-")) > MAX_DIGITS:
        raise argparse.ArgumentTypeError(f"expected an integer of at most {MAX_DIGITS} digits, got {short(text)}")
    return int(text)


def sizes(text: str):
    """``"5"`` -> 5, ``"5,7"`` -> (5, 7); decimal integers only."""
    if not _INTS.match(text):
        raise argparse.ArgumentTypeError(
            f"expected an integer or comma-separated integers like 5,7, got {short(text)}"
        )
    values = tuple(integer(part) for part in text.split(","))
    return values[0] if len(values) == 1 else values


def count(text: str, minimum: int = 1) -> int:
    """One integer of at least ``minimum``."""
    value = integer(text) if _ONE_INT.match(text) else None
    if value is None or value < minimum:
        kind = "a positive integer" if minimum == 1 else "a non-negative integer"
        raise argparse.ArgumentTypeError(f"expected {kind}, got {short(text)}")
    return value


def seed(text: str) -> int:
    """A seed: an integer of at least 0."""
    return count(text, minimum=0)


def channels(text: str) -> tuple:
    """``"IN,OUT"``: two integers."""
    value = sizes(text) if _INTS.match(text) else None
    if not isinstance(value, tuple) or len(value) != 2:
        raise argparse.ArgumentTypeError(f"expected IN,OUT: two integers like 1,8, got {short(text)}")
    return value


def padding(text: str):
    """An int, a comma list (one pad per axis), ``before:after`` items, or same/valid/full/causal."""
    if text.strip().lower() in (*_PADDING_WORDS, "causal"):
        return text.strip().lower()
    items = []
    for part in text.split(","):
        match = _PAD_ITEM.match(part)
        if not match:
            raise argparse.ArgumentTypeError(
                "expected an integer, comma-separated integers like 1,2, before:after pairs like 0:1,1:1, "
                f"or same/valid/full/causal, got {short(text)}"
            )
        before, after = match.groups()
        items.append(integer(before) if after is None else (integer(before), integer(after)))
    if len(items) == 1:
        return items[0] if isinstance(items[0], int) else (items[0],)
    if any(isinstance(item, tuple) for item in items):
        return tuple(item if isinstance(item, tuple) else (item, item) for item in items)
    return tuple(items)


class Layers(list):
    """The layers of ``--layers`` as the library takes them, and each as it was typed (for messages).

    ``names`` (a name or None per layer) and ``kinds`` (``"conv"`` or
    ``"pool"``) are what :func:`named_layers` reads; :meth:`layer_stack`
    makes :class:`symconv.networks.Layer` objects of them.
    """

    def __init__(self, layers, typed, names=None, kinds=None):
        super().__init__(layers)
        self.typed = typed
        self.names = [None] * len(self) if names is None else names
        self.kinds = ["conv"] * len(self) if kinds is None else kinds

    def layer_stack(self) -> list:
        """The layers as :class:`symconv.networks.Layer` objects, named and marked as typed.

        A layer the library refuses (a zero kernel, a transposed pooling, ...)
        raises its :class:`~symconv.SymconvError` as ``layers[i]: ...`` with
        ``.layer = i``, as :func:`symconv.networks.layer_stack` does.
        """
        from .._errors import SymconvError
        from ..networks import Layer, layer_stack

        if all(name is None for name in self.names) and all(kind == "conv" for kind in self.kinds):
            return layer_stack(list(self))
        out = []
        for index, (layer, name, kind) in enumerate(zip(self, self.names, self.kinds)):
            try:
                out.append(Layer(layer_stack([layer])[0].geometry, name, kind))
            except SymconvError as err:
                said = str(err).removeprefix(f"layers[{err.layer}]: ") if err.layer is not None else str(err)
                raise SymconvError(f"layers[{index}]: {said}", parameter=err.parameter, layer=index) from err
        return out


def transposed_layer(kernel, stride, padding, dilation, output_padding) -> dict:
    """A transposed convolution layer as :func:`symconv.networks.layer_stack` reads it."""
    return {
        "kernel_size": kernel,
        "stride": stride,
        "padding": padding,
        "dilation": dilation,
        "output_padding": output_padding,
        "transposed": True,
    }


def _one_layer(part: str, text: str, malformed: str):
    """One ``[t]kernel:stride:padding[:dilation[:output_padding]]``; ``malformed`` is the refusal of a bad one."""
    match = _LAYER.match(part)
    if not match:
        raise argparse.ArgumentTypeError(malformed)
    transposed, kernel, stride, pad, dilation, output_padding = match.groups()
    if output_padding is not None and not transposed:
        written = f"t{part.strip()}"
        raise argparse.ArgumentTypeError(
            f"a fifth field (output padding) belongs to a transposed layer, written with a t before the kernel "
            f"like {written if len(written) <= 60 else short(written)}, got {short(text)}"
        )
    pad = pad.lower() if pad.lower() in _PADDING_WORDS else integer(pad)
    if transposed:
        return transposed_layer(
            integer(kernel),
            integer(stride),
            pad,
            1 if dilation is None else integer(dilation),
            0 if output_padding is None else integer(output_padding),
        )
    layer = (integer(kernel), integer(stride), pad)
    return layer if dilation is None else (*layer, integer(dilation))


def layers(text: str) -> Layers:
    """``"3:2:1,t3:2:1:1:1"`` -> ``[(3, 2, 1), {"kernel_size": 3, ..., "transposed": True}]``.

    A fourth field is the dilation.  A ``t`` before the kernel makes the
    layer a transposed convolution (the dict :func:`symconv.graphs.connectivity_graph`
    takes), and only such a layer has a fifth field, its output padding.
    """
    malformed = (
        f"expected {LAYERS_SYNTAX} for each layer, separated by commas, like 3:1:1,2:2:0 or 3:2:1,t3:2:1:1:1 "
        f"(t: a transposed convolution; padding may be same/valid/full), got {short(text)}"
    )
    parts = text.split(",")
    return Layers([_one_layer(part, text, malformed) for part in parts], [part.strip() for part in parts])


def named_layers(text: str) -> Layers:
    """:func:`layers`, where a layer may also be named and marked as pooling (``rf --layers``).

    ``name=`` before a layer names it (a letter, then letters, digits or
    ``_``; at most 60 characters; each name once), and a ``p`` before the
    kernel makes it a pooling layer (no parameters; the receptive field of
    a convolution with the same geometry), which cannot also be transposed:
    ``conv1=3:1:1,pool1=p2:2:0,up=t4:2:1``.
    """
    malformed = (
        f"expected {NAMED_LAYERS_SYNTAX} for each layer, separated by commas, like 3:1:1,2:2:0 or "
        f"conv1=3:1:1,pool1=p2:2:0,t4:2:1 (name=: the layer's name; t: a transposed convolution; p: pooling; "
        f"padding may be same/valid/full), got {short(text)}"
    )
    stack, typed, names, kinds = [], [], [], []
    for part in text.split(","):
        name, rest = None, part
        named = _LAYER_NAME.match(part)
        if named:
            name, rest = named.groups()
            if len(name) > _MAX_NAME:
                raise argparse.ArgumentTypeError(
                    f"expected a layer name of at most {_MAX_NAME} characters, got {short(name)}"
                )
            if name in names:
                raise argparse.ArgumentTypeError(f"expected each layer name once, got {name!r} twice")
        pool = _POOL_MARK.match(rest)
        if pool:
            rest = pool.group(1)
        layer = _one_layer(rest, text, malformed)
        if pool and isinstance(layer, dict):
            raise argparse.ArgumentTypeError(
                f"a pooling layer (p) cannot be transposed (t), got {short(part.strip())}"
            )
        stack.append(layer)
        typed.append(part.strip())
        names.append(name)
        kinds.append("pool" if pool else "conv")
    return Layers(stack, typed, names, kinds)


def numbers(text: str) -> tuple:
    """Comma-separated decimal numbers: ints stay ints, anything with a point or exponent is a float."""
    parts = text.split(",")
    if not all(_NUMBER.match(part) for part in parts):
        raise argparse.ArgumentTypeError(
            f"expected comma-separated numbers like 1,0,-1 or 0.5,0.25, got {short(text)}"
        )
    values = tuple(integer(part) if _ONE_INT.match(part) else float(part) for part in parts)
    if not all(math.isfinite(value) for value in values if isinstance(value, float)):
        raise argparse.ArgumentTypeError(f"expected finite numbers, got {short(text)}")
    if not all(-(2**63) <= value < 2**63 for value in values if isinstance(value, int)):
        # NumPy holds larger ones only as Python objects, which no numeric route computes with
        raise argparse.ArgumentTypeError(f"expected integers of at most 18 digits (NumPy's int64), got {short(text)}")
    return values


def symbol(text: str) -> str:
    """A symbol name: a letter, then letters, digits or '_' (checked, never sympified), at most 60 characters."""
    if not _SYMBOL.match(text):
        raise argparse.ArgumentTypeError(
            f"expected a symbol name of a letter followed by letters, digits or '_' (like W or w_1), got {short(text)}"
        )
    if len(text) > _MAX_NAME:
        raise argparse.ArgumentTypeError(f"expected a symbol name of at most {_MAX_NAME} characters, got {short(text)}")
    return text


def label(text: str) -> str:
    """A unit label of a connectivity graph: ``x3``, ``s2``, ``g3``, ``x2,3`` (2-D), at most 60 characters."""
    if not _LABEL.match(text):
        raise argparse.ArgumentTypeError(f"expected a unit label like x3, s2, g3 or x2,3, got {short(text)}")
    if len(text) > _MAX_NAME:
        raise argparse.ArgumentTypeError(f"expected a unit label of at most {_MAX_NAME} characters, got {short(text)}")
    return text


def only_transposed_takes_output_padding(args) -> None:
    """``--output-padding`` without ``--transposed`` is refused (shape, matrix and draw share the rule)."""
    if args.output_padding is not None and not args.transposed:
        raise UsageError(
            f"--output-padding: only --transposed takes output padding, got {short(args.output_padding)}"
        )


def axes_option(args) -> str:
    """The option that gave the most axes, for a refusal of the number of axes (the library's ``ndim``)."""

    def axes(dest):
        value = getattr(args, dest, None)
        return len(value) if isinstance(value, tuple) else 1

    return max(_AXES_OPTIONS.items(), key=lambda item: axes(item[0]))[1]

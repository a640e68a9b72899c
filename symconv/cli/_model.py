"""What ``rf``, ``summary`` and ``draw network`` share: MODEL, ``--input-shape``, ``--pass-through``.

MODEL is a ``.onnx`` file or ``module:attribute`` naming a PyTorch module or
a function of no arguments that returns one; it is read by
:func:`symconv.models.load_network`.  A library error reaches its option
through :attr:`symconv.SymconvError.parameter` (:data:`OPTIONS`); where the
library's advice names one of its keyword arguments (``pass_through=['Foo']``,
``input_shape=(1, 3, 224, 224)``) the option is named instead.

Examples
--------
>>> input_shape("1,3,224,224"), input_shape("image=1,3,h,w")
((None, (1, 3, 224, 224)), ('image', (1, 3, h, w)))
>>> op_names("Foo,my_op")
('Foo', 'my_op')
>>> in_option_words("give the size, e.g. input_shape=(1, 3, 224, 224), or a SymPy symbol")
'give the size, e.g. --input-shape 1,3,224,224, or a name like h'
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys

from .._errors import SymconvError
from .._validate import short
from . import _args
from ._errors import UsageError

__all__ = [
    "OPTIONS",
    "MODEL_HELP",
    "input_shape",
    "op_names",
    "add_model_options",
    "given_shape",
    "load",
    "model_error",
    "in_option_words",
    "too_long",
    "refuse_too_long",
    "print_rows",
]

#: library parameter -> option, for everything reading a model can refuse
OPTIONS = {
    "model": "MODEL",
    "module": "MODEL",
    "network": "MODEL",
    "input_shape": "--input-shape",
    "pass_through": "--pass-through",
}

#: The help of the MODEL argument.
MODEL_HELP = "a .onnx file, or module:attribute naming a PyTorch module or a function returning one"

_OP_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\Z")
_INPUT_NAME = re.compile(r"\s*([^=,\s][^=,]*?)\s*=(.*)\Z", re.DOTALL)
_MAX_NAME = 60

# the library's advice names its keyword arguments; the command line has options for them
_KEYWORDS = (
    (re.compile(r"pass_through=\[(['\"])(.*?)\1\]"), r"--pass-through \2"),
    (re.compile(r"input_shape=\(([^)]*)\)"), lambda m: "--input-shape " + m.group(1).replace(", ", ",")),
    (re.compile(r"\{name: shape\}"), "--input-shape NAME=N,C,... once per input"),
    (re.compile(r"a SymPy symbol"), "a name like h"),
)


def input_shape(text: str) -> tuple:
    """``[NAME=]N,C,*spatial``: decimal sizes or names (a letter, then letters, digits or ``_``).

    A name is a size left open (a SymPy symbol, integer and positive); it is
    compared, never evaluated.  ``NAME=`` says which input of the model the
    shape is for.  Returns ``(NAME or None, shape)``.
    """
    name, dims = None, text
    named = _INPUT_NAME.match(text)
    if named:
        name, dims = named.groups()
        if len(name) > _MAX_NAME:
            raise argparse.ArgumentTypeError(f"expected an input name of at most {_MAX_NAME} characters, got {short(name)}")
    shape = []
    for part in dims.split(","):
        part = part.strip()
        if re.fullmatch(r"[+-]?[0-9]+", part):
            shape.append(_args.integer(part))
            continue
        try:
            symbol = _args.symbol(part)
        except argparse.ArgumentTypeError:
            raise argparse.ArgumentTypeError(
                f"expected [NAME=]N,C,H,W: comma-separated sizes or size names like 1,3,224,224 or 1,3,h,w, "
                f"got {short(text)}"
            ) from None
        import sympy

        shape.append(sympy.Symbol(symbol, integer=True, positive=True))
    return name, tuple(shape)


def op_names(text: str) -> tuple:
    """``OP[,OP]``: op type, module class or function names (letters, digits, ``_`` and ``.``)."""
    names = tuple(part.strip() for part in text.split(","))
    for name in names:
        if not _OP_NAME.match(name) or len(name) > _MAX_NAME:
            raise argparse.ArgumentTypeError(
                f"expected op names separated by commas, like LayerNormalization or GELU,my_op (a letter or _, then "
                f"letters, digits, _ or ., at most {_MAX_NAME} characters each), got {short(text)}"
            )
    return names


def add_model_options(parser) -> None:
    """``--input-shape`` and ``--pass-through`` (MODEL itself is each command's positional argument)."""
    parser.add_argument(
        "--input-shape", action="append", type=input_shape, metavar="SHAPE",
        help="with MODEL: the input's shape N,C,H,W, e.g. 1,3,224,224 or 1,3,h,w (h, w left open); "
             "NAME=N,C,H,W for one of several inputs (repeat the option)",
    )
    parser.add_argument(
        "--pass-through", action="append", type=op_names, metavar="OP[,OP]",
        help="with MODEL: more ops to read as element-wise (shape and receptive field kept)",
    )


def given_shape(args):
    """``--input-shape`` as :func:`symconv.models.load_network` takes it: None, a tuple or ``{name: tuple}``."""
    given = args.input_shape or []
    if not given:
        return None
    if len(given) == 1 and given[0][0] is None:
        return given[0][1]
    unnamed = [shape for name, shape in given if name is None]
    if unnamed:
        written = ",".join(str(v) for v in unnamed[0])
        raise UsageError(
            f"--input-shape: with more than one --input-shape each names its input (NAME=N,C,...), "
            f"got {_args.brief(written)} without a name"
        )
    names = [name for name, _ in given]
    twice = next((name for name in names if names.count(name) > 1), None)
    if twice is not None:
        raise UsageError(f"--input-shape: expected each input once, got {short(twice)} twice")
    return dict(given)


def _said(err: BaseException) -> str:
    text = " ".join(str(err).split())
    text = text if len(text) <= 120 else f"{text[:117]}..."
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _resolve(model: str):
    """``module:attribute`` run here as far as the user's code goes, so that what it raises is reported under MODEL.

    The module is imported and a factory called (once); its module is
    returned for :func:`symconv.models.load_network` to read.  Whatever the
    user's code raises (a syntax error, a failing statement) would otherwise
    look like symconv's own error.  Anything else -- a file, a missing module
    or attribute, a factory that returns something else -- is left to
    :func:`~symconv.models.load_network`, which says what is wrong.
    """
    if os.path.exists(model):
        return model
    module_name, colon, attribute = model.partition(":")
    if not colon or not module_name or not attribute:
        return model
    try:
        value = importlib.import_module(module_name)
    except ImportError:
        return model
    except Exception as err:  # noqa: BLE001 -- a user's module may raise anything while it is imported
        raise UsageError(f"MODEL: importing {_args.brief(module_name)} raised {_said(err)}") from None
    for part in attribute.split("."):
        if not hasattr(value, part):
            return model
        value = getattr(value, part)
    torch = sys.modules.get("torch")  # an nn.Module exists only once torch is imported
    if not callable(value) or (torch is not None and isinstance(value, torch.nn.Module)):
        return model
    try:
        made = value()
    except Exception as err:  # noqa: BLE001 -- the factory is the user's code
        raise UsageError(f"MODEL: {_args.brief(model)}() raised {_said(err)}") from None
    torch = sys.modules.get("torch")
    return made if torch is not None and isinstance(made, torch.nn.Module) else model


def load(args):
    """The network graph of ``args.model`` with ``--input-shape`` and ``--pass-through``."""
    from ..models import load_network

    shape = given_shape(args)
    extra = tuple(name for names in (args.pass_through or ()) for name in names)
    model = args.model
    if isinstance(shape, dict) and not os.path.exists(model):
        raise UsageError(
            f"--input-shape: a PyTorch module has one input: give its shape without a name, "
            f"got {short(next(iter(shape)))}="
        )
    try:
        return load_network(_resolve(model), input_shape=shape, pass_through=extra)
    except SymconvError as error:
        raise model_error(error) from error
    except ModuleNotFoundError as error:
        if error.name in ("onnx", "torch"):
            what = "an ONNX file" if error.name == "onnx" else "a PyTorch module"
            raise UsageError(
                f'MODEL: reading {what} needs the package {error.name}: pip install "symconv[{error.name}]"'
            ) from error
        raise


def in_option_words(text: str) -> str:
    """The library's advice with the command line's options where it names keyword arguments."""
    for pattern, replacement in _KEYWORDS:
        text = pattern.sub(replacement, text)
    return text


def model_error(error: SymconvError) -> UsageError:
    """A refusal of the model, its input shape or its branches, under MODEL, --input-shape or --pass-through."""
    option = OPTIONS.get(error.parameter)
    if option is None:  # a parameter no option sets: the library's words as they are
        return UsageError(in_option_words(str(error)))
    return UsageError(f"{option}: {in_option_words(error.detail)}")


# attribute -> how a message names it
_WORDS = {"size": "receptive field", "rf_size": "receptive field", "stride": "effective stride",
          "padding": "effective padding", "macs": "MACs", "flops": "FLOPs"}


def _digits(value) -> int:
    """About how many digits the longest integer written for ``value`` has (an int, a fraction's numerator or
    denominator, a SymPy expression's numbers), from its bits."""
    from fractions import Fraction

    from .._validate import is_sympy

    if isinstance(value, bool):
        return 1
    if isinstance(value, int):
        return int(abs(value).bit_length() * 0.30103) + 1
    if isinstance(value, Fraction):
        return max(_digits(value.numerator), _digits(value.denominator))  # each is written on its own
    if is_sympy(value):
        import sympy

        return max((max(_digits(int(n.p)), _digits(int(n.q))) for n in value.atoms(sympy.Rational)), default=1)
    return 1


def too_long(layers, keys) -> UsageError | None:
    """Where a number is too long to write (more digits than Python turns into text here), or None.

    ``layers`` are objects with a ``name`` and the attributes ``keys`` (a value or a tuple of values each); the
    command line allows :data:`symconv.cli.MAX_PRINTED_DIGITS` digits, and a table abbreviates them, but JSON
    writes every digit.  The error's message comes without its option: :func:`refuse_too_long` adds it.
    """
    limit = sys.get_int_max_str_digits() or None
    if limit is None:
        return None
    for layer in layers:
        for key in keys:
            value = getattr(layer, key)
            for item in value if isinstance(value, tuple) else (value,):
                if _digits(item) > limit - 10:
                    what = _WORDS.get(key, key.replace("_", " "))
                    return UsageError(
                        f"the {what} of layer {short(layer.name)} has more than {limit:,} digits, more than symconv "
                        "writes; use smaller sizes, strides or fewer layers"
                    )
    return None


def refuse_too_long(option: str, layers, keys) -> None:
    """:func:`too_long` raised under ``option``."""
    error = too_long(layers, keys)
    if error is not None:
        raise UsageError(f"{option}: {error}")


def print_rows(rows) -> None:
    """A JSON list, one row (a JSON object) per line."""
    import json

    print("[\n" + ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in rows) + "\n]")

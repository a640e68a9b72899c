"""How the command line reports: one line naming the option, exit status 2.

A library error reaches the option it concerns through
:attr:`symconv.SymconvError.parameter` (the argument at fault) and a
per-command table ``parameter -> option``; its text is not parsed.  The
message keeps :attr:`~symconv.SymconvError.detail`, the library's words
after the parameter's name.
"""

from __future__ import annotations

import errno
import os

from .._errors import SymconvError
from .._validate import short

__all__ = [
    "UsageError",
    "Exit",
    "Interrupted",
    "GEOMETRY_OPTIONS",
    "LIMITS",
    "option_error",
    "too_large",
    "cannot_write",
    "missing_folder",
]

#: The parameters of the geometry and shape functions, by the option that sets them.
GEOMETRY_OPTIONS = {
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
    "channels": "--channels",
    "ceil_mode": "--ceil-mode",
}

#: Keyword arguments of the library that bound the work of a request (graphs, animations); the command line
#: has no option for them, so a refusal is reported under the options that set the size.
LIMITS = ("max_edges", "max_frames")

# how long a path may be when echoed (a path is as long as the file system lets it be; anything else ~60)
_PATH_ECHO = 250


class UsageError(Exception):
    """A command-line mistake; the message starts with the option it concerns (``--stride: ...``)."""


class Exit(Exception):
    """``--help`` and ``--version``: leave with ``status`` after argparse has printed."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: leave quietly with ``status`` (128 + the signal's number).

    A :class:`BaseException`, like :class:`KeyboardInterrupt`, so that no ``except Exception`` stops it on its way.
    """

    def __init__(self, status: int, name: str):
        super().__init__(status, name)
        self.status = status
        self.name = name


def option_error(error: SymconvError, options: dict, *, stack_option: str | None = None) -> UsageError:
    """``error`` reported under the option that set its parameter.

    Parameters
    ----------
    error : SymconvError
    options : dict
        The command's table ``library parameter -> option``.
    stack_option : str, optional
        The option a layer stack came from (``--layers``, ``--network``): an
        error inside one of its layers (``error.layer`` set) is reported
        under it whole, ``layers[i]: ...`` included, since the layer's own
        parameter is a field of that option.  Without it the stack was built
        from ``--kernel``/``--stride``/..., and the layer's parameter names
        the option.

    Examples
    --------
    >>> print(option_error(SymconvError("stride: expected a positive int, got 0", parameter="stride"),
    ...                    GEOMETRY_OPTIONS))
    --stride: expected a positive int, got 0
    >>> error = SymconvError("layers[1]: kernel_size: expected a positive int, got 0", parameter="kernel_size", layer=1)
    >>> print(option_error(error, GEOMETRY_OPTIONS, stack_option="--layers"))
    --layers: layers[1]: kernel_size: expected a positive int, got 0
    >>> print(option_error(error, GEOMETRY_OPTIONS))
    --kernel: expected a positive int, got 0

    A size that several arguments set is reported under all their options:

    >>> error = SymconvError("input_size, stride: too large", parameter="input_size, stride")
    >>> print(option_error(error, GEOMETRY_OPTIONS))
    --input, --stride: too large
    """
    if error.layer is not None and stack_option is not None:
        return UsageError(f"{stack_option}: {error}")
    names = [] if error.parameter is None else error.parameter.split(", ")  # a size several arguments set
    chosen = [options.get(name) for name in names]
    if not names or None in chosen:  # a parameter no option sets: the library's words as they are
        return UsageError(str(error))
    return UsageError(f"{', '.join(dict.fromkeys(chosen))}: {error.detail}")


def too_large(error: SymconvError, blamed, advice: str) -> UsageError:
    """A refusal for size (``error.parameter`` in :data:`LIMITS`) under the options ``blamed``, with ``advice``.

    The size comes from the input and every layer option together, so no one
    option is to blame: ``blamed`` are the options the user gave that set it
    (``--input`` when none was given), and ``advice`` says which way to
    change them.  The library's finding is kept; its advice, after the last
    ``"; "`` of the message, names keyword arguments the command line does
    not have (``raise max_edges``), and the keyword standing alone in the
    finding is "the limit".

    Examples
    --------
    >>> error = SymconvError("max_edges: the graph would have more than 10 edges (reached 12 at layers[0]); "
    ...                      "use a smaller input or raise max_edges", parameter="max_edges")
    >>> print(too_large(error, ["--input"], "use a smaller --input"))
    --input: the graph would have more than 10 edges (reached 12 at layers[0]); use a smaller --input
    """
    finding = error.detail.rpartition("; ")[0] or error.detail
    finding = finding.replace(f"{error.parameter} ", "the limit ")
    return UsageError(f"{', '.join(blamed) or '--input'}: {finding}; {advice}")


def cannot_write(option: str, path, error: OSError, *, under: bool = False) -> UsageError:
    """``-o: cannot write '<path>': <reason>`` for a failed write."""
    where = "cannot write under" if under else "cannot write"
    return UsageError(f"{option}: {where} {short(str(path), limit=_PATH_ECHO)}: {error.strerror or error}")


def missing_folder(option: str, path) -> UsageError | None:
    """The error of writing ``path`` into a folder that does not exist (the writer would create it), or None.

    ``-o`` writes into an existing folder only: a typo in a folder name is
    refused rather than made into a new folder.  A symbolic link is followed
    to the file it points to, as the writer does.
    """
    target = os.path.realpath(path) if os.path.islink(path) else os.fspath(path)
    folder = os.path.dirname(target) or "."
    if os.path.isdir(folder):
        return None
    code = errno.ENOTDIR if os.path.exists(folder) else errno.ENOENT
    return cannot_write(option, path, OSError(code, os.strerror(code)))

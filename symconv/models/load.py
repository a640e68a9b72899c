"""One entry point for what a command line gets: a ``.onnx`` file or a PyTorch module factory."""

from __future__ import annotations

import importlib
import os

from .._errors import SymconvError
from .._validate import short
from .onnx import from_onnx
from .torch import from_torch

__all__ = ["load_network"]


def load_network(model, *, input_shape=None, pass_through=()):
    """Read a model into a network graph, whatever form it comes in.

    Parameters
    ----------
    model : str, os.PathLike, bytes, onnx.ModelProto or torch.nn.Module
        A path to an ONNX file (any path that exists is read as ONNX), its
        bytes or a loaded ``ModelProto`` (:func:`~symconv.models.from_onnx`);
        ``"package.module:attribute"`` naming a ``torch.nn.Module`` or a
        function of no arguments that returns one, or a module itself
        (:func:`~symconv.models.from_torch`).
    input_shape : tuple or dict, optional
        ``(N, C, *spatial)``; required for a PyTorch module.
    pass_through : iterable of str, optional
        More op names read as pass-through.

    Returns
    -------
    networkx.DiGraph

    Raises
    ------
    SymconvError
        ``model`` names neither a file nor an importable ``module:attribute``
        (``parameter="model"``); a PyTorch module without ``input_shape``
        (``parameter="input_shape"``); whatever the reader refuses.
    ModuleNotFoundError
        The reader's optional package is missing.

    Examples
    --------
    >>> load_network("no/such/file.onnx")
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: model: expected a .onnx file or module:attribute naming a PyTorch module factory, got 'no/such/file.onnx' (no such file)
    """
    if isinstance(model, (bytes, bytearray)) or type(model).__name__ == "ModelProto":
        return from_onnx(model, input_shape=input_shape, pass_through=pass_through)
    if isinstance(model, (str, os.PathLike)):
        text = os.fspath(model)
        if os.path.exists(text):
            return from_onnx(text, input_shape=input_shape, pass_through=pass_through)
        module_name, colon, attribute = text.partition(":")
        if not colon or not module_name or not attribute or text.lower().endswith(".onnx"):
            raise SymconvError(
                f"model: expected a .onnx file or module:attribute naming a PyTorch module factory, got {text!r} "
                "(no such file)",
                parameter="model",
            )
        model = _import_attribute(module_name, attribute)
    if _is_torch_module(model):
        if input_shape is None:
            raise SymconvError(
                "input_shape: a PyTorch module needs the shape of its input, (N, C, *spatial)",
                parameter="input_shape",
            )
        return from_torch(model, input_shape, pass_through=pass_through)
    raise TypeError(
        f"model: expected a path to a .onnx file, module:attribute, an onnx.ModelProto or a torch.nn.Module, "
        f"got {type(model).__name__}"
    )


def _is_torch_module(value) -> bool:
    return any(cls.__module__.startswith("torch.nn") and cls.__name__ == "Module" for cls in type(value).__mro__)


def _import_attribute(module_name: str, attribute: str):
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise SymconvError(f"model: cannot import {module_name!r} ({err})", parameter="model") from None
    value = module
    for part in attribute.split("."):
        if not hasattr(value, part):
            raise SymconvError(f"model: {module_name!r} has no attribute {attribute!r}", parameter="model")
        value = getattr(value, part)
    if not _is_torch_module(value):
        if not callable(value):
            raise SymconvError(
                f"model: {module_name}:{attribute} is a {type(value).__name__}, not a PyTorch module or a factory",
                parameter="model",
            )
        try:
            value = value()
        except TypeError as err:
            raise SymconvError(
                f"model: {module_name}:{attribute} must be callable without arguments ({short(str(err), 120)})",
                parameter="model",
            ) from None
        if not _is_torch_module(value):
            raise SymconvError(
                f"model: {module_name}:{attribute}() returned a {type(value).__name__}, not a torch.nn.Module",
                parameter="model",
            )
    return value

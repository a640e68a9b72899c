"""The one exception family of symconv."""

from __future__ import annotations

__all__ = ["SymconvError"]


class SymconvError(ValueError):
    """A value that symconv cannot use: a bad size, stride, padding, shape, ...

    It is a :class:`ValueError`, so ``except ValueError`` catches it too.
    Wrong *kinds* of input (a float where an int belongs, a string array)
    raise :class:`TypeError` instead.

    Parameters
    ----------
    message : str
        What was expected and what arrived, starting with the argument's name
        (``"stride: expected a positive int, got 0"``).
    parameter : str, optional
        The name of the argument at fault (``"stride"``), for callers that
        report it under their own name (the command line maps it to an
        option).  For an error inside one layer of a stack this is the
        layer's own argument and :attr:`layer` is the layer's index.
    layer : int, optional
        The index of the layer at fault in a layer stack.

    Attributes
    ----------
    parameter : str or None
    layer : int or None
    detail : str
        The message without its leading ``"<layers[i]: ><parameter>: "``, to be
        put after another name.

    Examples
    --------
    >>> import symconv as sc
    >>> try:
    ...     sc.conv_output_size(5, 3, stride=0)
    ... except sc.SymconvError as err:
    ...     print(err, "|", err.parameter)
    stride: expected a positive int, got 0 | stride
    """

    def __init__(self, message: str, *, parameter: str | None = None, layer: int | None = None):
        super().__init__(message)
        self.parameter = parameter
        self.layer = layer

    @property
    def detail(self) -> str:
        text = str(self)
        if self.layer is not None:
            text = text.removeprefix(f"layers[{self.layer}]: ")
        if self.parameter is not None:
            text = text.removeprefix(f"{self.parameter}: ")
        return text

    def __reduce__(self):
        return (_rebuild, (str(self), self.parameter, self.layer))


def _rebuild(message, parameter, layer):
    return SymconvError(message, parameter=parameter, layer=layer)

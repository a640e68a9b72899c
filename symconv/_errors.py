"""The one exception family of symconv."""

__all__ = ["SymconvError"]


class SymconvError(ValueError):
    """A value that symconv cannot use: a bad size, stride, padding, shape, ...

    It is a :class:`ValueError`, so ``except ValueError`` catches it too.
    Wrong *kinds* of input (a float where an int belongs, a string array)
    raise :class:`TypeError` instead.

    Examples
    --------
    >>> import symconv as sc
    >>> try:
    ...     sc.conv_output_size(5, 3, stride=0)
    ... except sc.SymconvError as err:
    ...     print(err)
    stride: expected a positive int, got 0
    """

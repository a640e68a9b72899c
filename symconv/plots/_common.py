"""What the pictures of :mod:`symconv.plots` share: a figure of fixed margins and the first axis of a size."""

from __future__ import annotations

__all__ = ["fixed_axes", "first_axis"]


def fixed_axes(width: float, height: float, *, left: float, right: float, bottom: float, top: float):
    """Axes of ``width`` x ``height`` inches with fixed margins (inches) around them.

    Fixed positions rather than a layout engine: a constrained layout is
    recomputed at every save and may move things, so saving twice would not
    give the same bytes.  The figure is a plain ``Figure``, not registered
    with pyplot (nothing to close).
    """
    from matplotlib.figure import Figure

    total_width, total_height = left + width + right, bottom + height + top
    figure = Figure(figsize=(total_width, total_height))
    return figure.add_axes((left / total_width, bottom / total_height, width / total_width, height / total_height))


def first_axis(value):
    """The first entry of a per-axis tuple; a single value as it is."""
    return value[0] if isinstance(value, tuple) else value

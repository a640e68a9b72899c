"""Moved to :mod:`symconv.plots.animate`; this path re-exports it for one release."""

from .plots.animate import (  # noqa: F401
    ARITHMETIC_CONFIGS,
    EMPTY_COLOR,
    INPUT_COLOR,
    LINE_COLOR,
    OUTPUT_COLOR,
    SHADE_COLOR,
    animation_frames,
    arithmetic_animation,
    conv_animation,
    draw_step,
)

__all__ = ["ARITHMETIC_CONFIGS", "conv_animation", "arithmetic_animation", "draw_step", "animation_frames"]

"""Moved to :mod:`symconv._output.jupyter`; this path re-exports it for one release."""

from ._output.jupyter import Markdown, svg_text  # noqa: F401

__all__ = ["Markdown", "svg_text"]

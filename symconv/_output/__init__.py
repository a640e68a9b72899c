"""Output plumbing shared by every room that writes or shows something.

- :mod:`~symconv._output.writer` -- the one atomic file writer (mode 0644 under umask 022);
- :mod:`~symconv._output.savefig` -- byte-stable SVG/PNG/PDF/GIF from matplotlib;
- :mod:`~symconv._output.fonts` -- the Chinese font fallback of figures;
- :mod:`~symconv._output.jupyter` -- what objects show in a notebook;
- :mod:`~symconv._output.latex` -- LaTeX escaping and the engine line;
- :mod:`~symconv._output.colors` -- the colours every picture shares.

Nothing here imports matplotlib at import time.
"""

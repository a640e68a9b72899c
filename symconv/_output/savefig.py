"""Byte-stable figure and animation bytes for the build.

Every figure symconv writes goes through :func:`figure_bytes` (SVG, PNG, PDF)
or :func:`gif_bytes` (animated GIF), so that regenerating a file gives the
same bytes and the committed ``figures/`` diff cleanly.  What matplotlib
would otherwise vary between runs:

- SVG: the ids of clip paths and glyphs are hashed with a random salt unless
  ``svg.hashsalt`` is set, and ``<dc:date>`` carries the time of saving;
- PDF: ``/CreationDate`` (and ``/ModDate`` if given) carry the time;
- PNG: the ``Software`` text chunk names the matplotlib version.

GIFs are encoded with Pillow (a matplotlib dependency): one palette shared by
all frames, no dithering, no timestamps exist in the format.

matplotlib and Pillow are imported inside the functions, so importing this
module costs nothing.

References
----------
.. [1] matplotlib, ``Figure.savefig`` (``metadata`` for each backend) and the
   ``svg.hashsalt`` rcParam.
"""

from __future__ import annotations

import io
import math
import numbers

from .._errors import SymconvError
from .._validate import short

__all__ = ["figure_bytes", "figure_format", "gif_bytes", "frame_duration_ms", "MAX_GIF_DURATION_MS", "FIGURE_FORMATS"]

FIGURE_FORMATS = ("svg", "png", "pdf")

#: Fixed salt so that SVG ids are the same on every run (any constant works).
SVG_HASHSALT = "symconv"

_METADATA = {
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
    "png": {"Software": None},
}


def _check_figure(fig, name="fig"):
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"{name}: expected a matplotlib.figure.Figure, got {type(fig).__name__}")


#: The longest a GIF shows one frame: 65535 hundredths of a second (a 16-bit field).
MAX_GIF_DURATION_MS = 655_350


def _check_positive(value, name, kinds=numbers.Real):
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise TypeError(f"{name}: expected a positive number, got {type(value).__name__} {short(value)}")
    if not value > 0:
        raise SymconvError(f"{name}: expected a positive number, got {short(value)}", parameter=name)
    return value


def _check_int(value, name, expected: str, low: int, high: int | None = None):
    """An int from ``low`` to ``high`` (no upper bound when None); ``expected`` says so in the message."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected {expected}, got {type(value).__name__} {value!r}")
    if value < low or (high is not None and value > high):
        raise SymconvError(f"{name}: expected {expected}, got {value}", parameter=name)
    return value


def figure_format(fmt) -> str:
    """``fmt`` as one of :data:`FIGURE_FORMATS` (any case, a leading dot allowed), checked before a figure is drawn.

    Examples
    --------
    >>> figure_format(".SVG")
    'svg'
    """
    if not isinstance(fmt, str):
        raise TypeError(f"fmt: expected one of {FIGURE_FORMATS}, got {type(fmt).__name__} {short(fmt)}")
    key = fmt.lower().lstrip(".")
    if key not in FIGURE_FORMATS:
        raise SymconvError(f"fmt: expected one of {FIGURE_FORMATS}, got {short(fmt)}", parameter="fmt")
    return key


def figure_bytes(fig, fmt: str, *, dpi: int = 100) -> bytes:
    """Save ``fig`` as SVG, PNG or PDF and return bytes that are the same on every run.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure; a plain ``Figure`` (no pyplot) is enough, nothing needs closing.
    fmt : {"svg", "png", "pdf"}
        The file format.
    dpi : int, default 100
        Resolution; fixed so that PNG sizes do not follow the user's rcParams.

    Returns
    -------
    bytes
        The file contents, without dates, the ``Software`` PNG chunk or salted ids.

    Raises
    ------
    TypeError
        If ``fig`` is not a matplotlib ``Figure`` or ``fmt`` is not a string.
    SymconvError
        If ``fmt`` is not one of the formats above or ``dpi`` is not positive.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(1, 1))
    >>> _ = fig.add_subplot().plot([0, 1], [1, 0])
    >>> figure_bytes(fig, "svg") == figure_bytes(fig, "svg")
    True
    >>> figure_bytes(fig, "png")[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'

    See Also
    --------
    gif_bytes
    """
    import matplotlib

    _check_figure(fig)
    key = figure_format(fmt)
    _check_positive(dpi, "dpi")
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT}):
        fig.savefig(buffer, format=key, dpi=dpi, metadata=_METADATA[key])
    return buffer.getvalue()


def _rgb_frames_from_figure(fig, update, n_frames, dpi):
    """Draw ``fig`` with the Agg renderer after ``update(i)`` for each frame."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    _check_figure(fig)
    if not callable(update):
        raise TypeError(f"update: expected a function update(frame_index), got {type(update).__name__}")
    _check_int(n_frames, "n_frames", "a positive int", 1)
    # GUI canvases (TkAgg, QtAgg, ...) subclass FigureCanvasAgg; a bare Figure gets one
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    old_dpi = fig.dpi
    fig.dpi = dpi
    try:
        frames = []
        for index in range(int(n_frames)):
            update(index)
            canvas.draw()
            frames.append(np.asarray(canvas.buffer_rgba())[..., :3].copy())
    finally:
        fig.dpi = old_dpi
    return frames


def _as_rgb(frame, index):
    import numpy as np

    if hasattr(frame, "convert") and hasattr(frame, "size"):  # a PIL image
        frame = np.asarray(frame.convert("RGB"))
    array = np.asarray(frame)
    if array.ndim != 3 or array.shape[2] not in (3, 4) or array.dtype != np.uint8:
        raise SymconvError(
            f"frames[{index}]: expected an (height, width, 3 or 4) uint8 array or a PIL image, "
            f"got an array of shape {array.shape} and dtype {array.dtype}",
            parameter="frames",
        )
    return array[..., :3]


def _shared_palette(frames, colors):
    """One palette for every frame: the ``colors`` most frequent colours of all frames.

    One palette keeps colours steady from frame to frame (a colour that
    flickers would make every frame differ everywhere) and the GIF small.
    The most frequent colours are the flat fills of a figure, so they stay
    exact, while rarer antialiasing shades go to their nearest neighbour
    (median cut would average the fills away).  Frames of an animation mostly
    repeat the one before, so colours are counted over the first frame and
    the pixels each later frame changes.
    """
    import numpy as np
    from PIL import Image

    pixels = [frames[0].reshape(-1, 3)]
    for previous, frame in zip(frames, frames[1:]):
        pixels.append(frame[np.any(frame != previous, axis=2)])
    rgb = np.concatenate(pixels).astype(np.uint32)
    codes, counts = np.unique((rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2], return_counts=True)
    keep = codes[np.lexsort((codes, -counts))[:colors]]  # ties broken by colour, so the choice is stable
    palette = np.stack([keep >> 16, (keep >> 8) & 255, keep & 255], axis=1).astype(np.uint8)
    image = Image.new("P", (1, 1))
    image.putpalette(palette.ravel().tolist())
    return image


def frame_duration_ms(*, fps=None, duration_ms=None) -> float:
    """How long a GIF frame shows, in milliseconds, from ``fps`` or ``duration_ms`` (default 2 frames a second).

    Checked before any frame is drawn: a GIF keeps a frame's time in 16 bits
    of hundredths of a second, so at most :data:`MAX_GIF_DURATION_MS`
    (``fps=1e-9`` asked for 31 years a frame).

    Examples
    --------
    >>> frame_duration_ms(fps=4), frame_duration_ms()
    (250.0, 500.0)
    >>> frame_duration_ms(fps=1e-9)
    Traceback (most recent call last):
    ...
    symconv._errors.SymconvError: fps: expected a finite number of frames per second of at least 0.001526 (a GIF shows a frame for at most 655.35 s), got 1e-09
    """
    if fps is not None and duration_ms is not None:
        raise SymconvError(
            f"fps, duration_ms: expected one of them, got fps={short(fps)} and duration_ms={short(duration_ms)}", parameter="fps"
        )
    if duration_ms is None:
        fps = _check_positive(2 if fps is None else fps, "fps")
        if not math.isfinite(fps) or 1000 / fps > MAX_GIF_DURATION_MS:
            raise SymconvError(
                f"fps: expected a finite number of frames per second of at least {1000 / MAX_GIF_DURATION_MS:.4g} "
                f"(a GIF shows a frame for at most {MAX_GIF_DURATION_MS / 1000:g} s), got {short(fps)}",
                parameter="fps",
            )
        duration_ms = 1000 / fps
    _check_positive(duration_ms, "duration_ms")
    if not math.isfinite(duration_ms) or duration_ms > MAX_GIF_DURATION_MS:
        raise SymconvError(
            f"duration_ms: expected at most {MAX_GIF_DURATION_MS} ms (a GIF keeps a frame's time in 16 bits of "
            f"hundredths of a second), got {short(duration_ms)}",
            parameter="duration_ms",
        )
    return float(duration_ms)


def gif_bytes(
    frames,
    *,
    update=None,
    n_frames: int | None = None,
    fps: float | None = None,
    duration_ms: int | None = None,
    dpi: int = 72,
    colors: int = 32,
    loop: int = 0,
) -> bytes:
    """Encode frames as an animated GIF whose bytes are the same on every run.

    Parameters
    ----------
    frames : sequence of arrays or PIL images, or matplotlib.figure.Figure
        Either the frames themselves (``(height, width, 3|4)`` uint8 arrays or
        PIL images, all of one size), or a figure that ``update`` changes
        before each frame is drawn with the Agg renderer.
    update : callable, optional
        With a figure: ``update(i)`` prepares frame ``i`` (``0 <= i < n_frames``).
    n_frames : int, optional
        With a figure: how many frames to draw.
    fps : float, optional
        Frames per second; or give ``duration_ms``.  Default 2 frames a second.
    duration_ms : int, optional
        Milliseconds each frame shows (GIF keeps hundredths of a second).
    dpi : int, default 72
        With a figure: the resolution it is drawn at.
    colors : int, default 32
        Size of the one palette all frames share (2 to 256); few colours keep
        the file small.
    loop : int, default 0
        How many times to play; 0 loops forever.

    Returns
    -------
    bytes
        The GIF file.  As Pillow does, a frame identical to the one before it
        is merged into it (their durations add).

    Raises
    ------
    TypeError
        For a figure without an ``update`` function, a wrong kind of argument.
    SymconvError
        For no frames, frames of different sizes, both or a non-positive
        ``fps``/``duration_ms``, or ``colors`` outside 2..256.

    Examples
    --------
    >>> import io
    >>> import numpy as np
    >>> from PIL import Image
    >>> frames = [np.full((4, 6, 3), value, dtype=np.uint8) for value in (0, 128, 255)]
    >>> data = gif_bytes(frames, fps=4)
    >>> data[:6], Image.open(io.BytesIO(data)).n_frames
    (b'GIF89a', 3)

    See Also
    --------
    figure_bytes
    """
    from PIL import Image

    duration_ms = frame_duration_ms(fps=fps, duration_ms=duration_ms)
    _check_int(colors, "colors", "an int from 2 to 256", 2, 256)
    _check_int(loop, "loop", "a non-negative int (0 loops forever)", 0)

    from matplotlib.figure import Figure

    if isinstance(frames, Figure):
        if update is None or n_frames is None:
            raise TypeError("update, n_frames: a figure needs update(i) and n_frames to make frames from it")
        _check_positive(dpi, "dpi")
        rgb = _rgb_frames_from_figure(frames, update, n_frames, dpi)
    else:
        if update is not None or n_frames is not None:
            raise TypeError(
                f"update, n_frames: only used with a matplotlib Figure, got frames of type {type(frames).__name__}"
            )
        if isinstance(frames, (str, bytes)) or not hasattr(frames, "__iter__"):
            raise TypeError(
                f"frames: expected a sequence of images or a matplotlib Figure, got {type(frames).__name__}"
            )
        rgb = [_as_rgb(frame, index) for index, frame in enumerate(frames)]
    if not rgb:
        raise SymconvError("frames: expected at least one frame, got none", parameter='frames')
    for index, frame in enumerate(rgb):
        if frame.shape != rgb[0].shape:
            raise SymconvError(
                f"frames[{index}]: expected every frame of size {rgb[0].shape[1]}x{rgb[0].shape[0]} like the first, "
                f"got {frame.shape[1]}x{frame.shape[0]}",
                parameter="frames",
            )

    palette = _shared_palette(rgb, int(colors))
    images = [Image.fromarray(frame).quantize(palette=palette, dither=Image.Dither.NONE) for frame in rgb]
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=int(round(duration_ms)),
        loop=int(loop),
        optimize=True,
        disposal=1,
    )
    return buffer.getvalue()
